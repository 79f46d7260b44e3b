//! Every escaper of the printers, one module per format, and the number helpers they share.
//!
//! A string from the data reaches an output only through one of these: [`text`] for the
//! terminal, [`markdown`], [`csv`], [`html`], [`dot`] and [`decide`] (the Decide exchange format). JSON needs none of its own: serde
//! escapes it. [`number`] writes numbers and percentages the same way in every format.

pub mod csv;
pub mod decide;
pub mod dot;
pub mod html;
pub mod markdown;
pub mod number;
pub mod text;

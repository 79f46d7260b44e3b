#![warn(missing_docs)]
//! concord's printers: a view per command, one printer per format.

pub mod audience;
pub mod brief;
pub mod decide;
pub mod diag_render;
pub mod escape;
pub mod progress;
pub mod report;
pub mod table;

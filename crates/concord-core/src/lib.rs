#![warn(missing_docs)]
//! concord's core: positions on agenda items as typed data.

pub mod analysis;
pub mod bundled;
pub mod diag;
pub mod generate;
pub mod graph;
pub mod id;
pub mod interop;
pub mod load;
pub mod model;
pub mod parallel;
pub mod simulate;
pub mod timing;
pub mod whatif;

pub use load::{Loaded, load_scenario};

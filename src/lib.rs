//! concord: regional position alignment before ITU conferences.
//!
//! The pipeline, one way:
//!
//! 1. [`load`] reads RON files through a [`load::FileSource`] into raw types, then validates them
//!    into a [`model::Scenario`], collecting every problem as a [`diag::Diagnostic`];
//! 2. [`graph::PositionGraph`] turns the scenario into a graph of groups, states, items and
//!    options (petgraph stays inside that module);
//! 3. [`report`] builds view models and renders them, one module per format;
//! 4. [`app`] ties the stages into the commands of the `concord` binary.
//!
//! The binary is a thin shell over [`app::run`]: it parses arguments, prints, and picks the exit
//! code.

pub mod analysis;
pub mod app;
pub mod brief;
pub mod bundled;
pub mod diag;
pub mod generate;
pub mod graph;
pub mod id;
pub mod interop;
pub mod load;
pub mod model;
mod parallel;
pub mod report;
pub mod simulate;
pub mod timing;
pub mod whatif;
pub mod write;

pub use load::{Loaded, load_scenario};

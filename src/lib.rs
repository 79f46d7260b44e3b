#![warn(missing_docs)]
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
//! code. Around the pipeline: [`simulate`] plays the months to the end of the conference forward,
//! [`whatif`] moves salience and flexibility in memory (compare, sweep, sensitivity), [`brief`]
//! writes a delegation's brief from what it may know, [`interop`] reads and writes other tools'
//! files, and [`write`](mod@write) is the one module that writes files.
//!
//! As a library (`concord = { default-features = false }` leaves out the command line's
//! dependencies): load the bundled PP-14 scenario, analyse it, and read one item's status.
//!
//! ```
//! use std::path::Path;
//!
//! use concord::analysis::{Analysed, AnalysisConfig, ItemStatus};
//!
//! let loaded = concord::load_scenario(
//!     &concord::bundled::source(),
//!     Path::new(concord::bundled::DEFAULT_SCENARIO),
//! )
//! .expect("the bundled scenario is valid");
//! let Analysed { analysis, .. } = Analysed::new(&loaded.scenario, &AnalysisConfig::default());
//! let item = analysis
//!     .items
//!     .iter()
//!     .find(|item| item.item.as_str() == "stable-constitution")
//!     .expect("an agenda item of PP-14");
//! // The groups' positions on it conflict in the bundled data.
//! assert_eq!(item.status, ItemStatus::Contested);
//! assert_eq!(item.status.name(), "contested");
//! ```

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
pub mod status;
pub mod timing;
pub mod whatif;
pub mod write;

pub use load::{Loaded, load_scenario};

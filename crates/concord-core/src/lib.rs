#![warn(missing_docs)]
//! concord's core: regional groups' positions on a conference's agenda items, as typed data.
//!
//! The pipeline, one way: [`load`] reads a scenario and the files it names through a
//! [`load::FileSource`] and validates them into a [`model::Scenario`], every problem a located
//! [`diag::Diagnostic`]; [`analysis`] finds, per item, consensus, compromises, conflicts and the
//! risk of carry-forward (a pure function of the model); [`simulate`] plays the months to the end
//! of the conference forward, seeded and byte-identical for any thread count; [`whatif`] moves
//! salience and flexibility on copies of the model. Results are data — ids, enums, numbers and
//! dates; the `concord-print` crate words them, and the `concord` binary is the command line.
//!
//! Load the bundled PP-14 scenario, analyse it and simulate it:
//!
//! ```
//! use std::path::Path;
//! use concord_core::{analysis, bundled, load, simulate};
//!
//! let source = bundled::source();
//! let path = Path::new(bundled::DEFAULT_SCENARIO);
//! let loaded = load::load_scenario(&source, path, &load::LoadOptions::default())?;
//! let analysed = analysis::Analysed::new(&loaded.scenario, &analysis::AnalysisConfig::default());
//! let item = &analysed.analysis.items[0];
//! assert_eq!(item.status, analysis::ItemStatus::Contested); // the stable Constitution
//! let config = simulate::SimConfig { runs: 200, seed: 1, ..Default::default() };
//! let result = simulate::simulate(&loaded.scenario, &analysed.analysis, &config)?;
//! assert_eq!(result.items.len(), loaded.scenario.items.len());
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! The library refuses, never clamps: every bound on what a user controls is in
//! [`limits::LIMITS`]; beyond one, a simulation is a [`simulate::Refused`] and a file a
//! diagnostic.

pub mod analysis;
pub mod bundled;
pub mod diag;
pub mod focus;
pub mod format;
pub mod generate;
pub mod graph;
pub mod id;
pub mod interop;
pub mod limits;
pub mod load;
pub mod model;
pub mod parallel;
pub mod simulate;
pub mod timing;
pub mod whatif;

pub use load::{Loaded, load_scenario};

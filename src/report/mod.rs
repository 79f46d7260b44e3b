//! Output: view models built once as plain data, and one renderer per format.
//!
//! Nothing here reads files or decides anything about the scenario; it only formats.

pub mod dot;
pub mod json;
pub mod summary;
pub mod text;

pub use summary::Summary;

/// The output formats of `concord graph`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum GraphFormat {
    Dot,
    Json,
}

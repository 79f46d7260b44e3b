//! Output: view models built once as plain data, and one renderer per format.
//!
//! Nothing here reads files or decides anything about the scenario; it only formats.

pub mod backtest;
pub mod csv;
pub mod dot;
pub mod json;
mod json_float;
pub mod markdown;
pub mod simulation;
pub mod style;
pub mod summary;
pub mod text;
pub mod view;
pub mod whatif;

pub use summary::Summary;

/// The output formats of the analysis commands (each command takes those that fit it).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Text,
    Markdown,
    Json,
    Csv,
    /// Self-contained HTML (briefs).
    Html,
}

/// The output formats of `concord graph`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum GraphFormat {
    Dot,
    Json,
}

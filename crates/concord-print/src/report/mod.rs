//! Output: view models built once as plain data, and one renderer per format.
//!
//! Nothing here reads files or decides anything about the scenario; it only formats.

pub mod backtest;
pub mod csv;
pub mod dot;
pub mod json;
mod json_float;
mod json_graph;
pub mod markdown;
pub mod simulation;
pub mod status;
pub mod style;
pub mod summary;
pub mod text;
pub mod view;
pub mod whatif;

pub use summary::Summary;

/// The output formats of the analysis commands (each command takes those that fit it).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// Plain text for the terminal, coloured only when asked.
    Text,
    /// Markdown, for a brief.
    Markdown,
    /// JSON with a `schema_version`.
    Json,
    /// CSV (RFC 4180), for the tabular commands.
    Csv,
    /// Self-contained HTML (briefs).
    Html,
}

/// The output formats of `concord graph`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum GraphFormat {
    /// Graphviz DOT (the default).
    Dot,
    /// JSON: nodes and edges with their stable ids.
    Json,
}

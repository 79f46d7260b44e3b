//! Output: view models built once as plain data, and one renderer per format.
//!
//! Nothing here reads files or decides anything about the scenario; it only formats.

pub mod adoption;
pub mod backtest;
pub mod cell_words;
pub mod csv;
pub mod diff_words;
pub mod dot;
pub mod json;
mod json_float;
pub mod json_graph;
pub mod levers;
pub mod markdown;
pub mod progress;
pub mod reasons;
pub mod simulation;
pub mod style;
pub mod summary;
pub mod summary_words;
pub mod text;
pub mod view;
pub mod view_words;
pub mod whatif;

pub use summary::Summary;

/// The formats of a report (`report`, `blocs`, `diff`, `simulate`, `backtest`, `compare`,
/// `sweep`, `sensitivity`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReportFormat {
    /// Plain text for the terminal, coloured only when asked.
    Text,
    /// Markdown, for a brief.
    Markdown,
    /// JSON with a `schema_version`.
    Json,
}

/// The formats of a table (`matrix`, `contested`, `status`): a report's, and CSV.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TableFormat {
    /// Plain text for the terminal, coloured only when asked.
    Text,
    /// Markdown, for a brief.
    Markdown,
    /// JSON with a `schema_version`.
    Json,
    /// CSV (RFC 4180, CRLF line ends).
    Csv,
}

/// The formats of a delegation brief.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BriefFormat {
    /// Markdown.
    Markdown,
    /// Self-contained HTML, printable on A4.
    Html,
    /// JSON with a `schema_version`.
    Json,
    /// A Word document (`.docx`), A4, shaped like a CEPT brief: bytes, written to a file.
    Docx,
}

impl From<ReportFormat> for TableFormat {
    fn from(format: ReportFormat) -> TableFormat {
        match format {
            ReportFormat::Text => TableFormat::Text,
            ReportFormat::Markdown => TableFormat::Markdown,
            ReportFormat::Json => TableFormat::Json,
        }
    }
}

/// The output formats of `concord graph`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum GraphFormat {
    /// Graphviz DOT (the default).
    Dot,
    /// JSON: nodes and edges with their stable ids.
    Json,
}

//! The `--format` choices of each command, as clap value enums.

use clap::ValueEnum;

use concord_print::report::{BriefFormat, ReportFormat, TableFormat};

/// The formats of a report: each command takes only the formats it has, so `--help` lists the
/// real choices and a wrong one is a usage error before anything is loaded.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum FormatArg {
    Text,
    Md,
    Json,
}

/// The formats of a table (`matrix`, `contested`): a report's, and CSV.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum TableFormatArg {
    Text,
    Md,
    Json,
    Csv,
}

/// The formats of a brief.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum BriefFormatArg {
    Md,
    Html,
    Json,
}

impl From<FormatArg> for ReportFormat {
    fn from(format: FormatArg) -> ReportFormat {
        match format {
            FormatArg::Text => ReportFormat::Text,
            FormatArg::Md => ReportFormat::Markdown,
            FormatArg::Json => ReportFormat::Json,
        }
    }
}

impl From<TableFormatArg> for TableFormat {
    fn from(format: TableFormatArg) -> TableFormat {
        match format {
            TableFormatArg::Text => TableFormat::Text,
            TableFormatArg::Md => TableFormat::Markdown,
            TableFormatArg::Json => TableFormat::Json,
            TableFormatArg::Csv => TableFormat::Csv,
        }
    }
}

impl From<BriefFormatArg> for BriefFormat {
    fn from(format: BriefFormatArg) -> BriefFormat {
        match format {
            BriefFormatArg::Md => BriefFormat::Markdown,
            BriefFormatArg::Html => BriefFormat::Html,
            BriefFormatArg::Json => BriefFormat::Json,
        }
    }
}

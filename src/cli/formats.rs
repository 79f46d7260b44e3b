//! The `--format` choices of each command, as clap value enums.

use clap::ValueEnum;

use concord_print::report::Format;

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

impl From<FormatArg> for Format {
    fn from(format: FormatArg) -> Format {
        match format {
            FormatArg::Text => Format::Text,
            FormatArg::Md => Format::Markdown,
            FormatArg::Json => Format::Json,
        }
    }
}

impl From<TableFormatArg> for Format {
    fn from(format: TableFormatArg) -> Format {
        match format {
            TableFormatArg::Text => Format::Text,
            TableFormatArg::Md => Format::Markdown,
            TableFormatArg::Json => Format::Json,
            TableFormatArg::Csv => Format::Csv,
        }
    }
}

impl From<BriefFormatArg> for Format {
    fn from(format: BriefFormatArg) -> Format {
        match format {
            BriefFormatArg::Md => Format::Markdown,
            BriefFormatArg::Html => Format::Html,
            BriefFormatArg::Json => Format::Json,
        }
    }
}

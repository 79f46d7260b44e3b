//! The coordinator's table: concord's positions as rows of text, and rows of text back into
//! concord's files.
//!
//! The *long* layout is lossless: one row per position entry of the scenario's positions files
//! (each dated version of a group's cell, then each member state's position), every field in
//! its own column ([`COLUMNS`], documented in docs/files.md, "Tables"). The *wide* layout is the
//! comparison table coordinators paste into briefs (an item per row, a group per column); read
//! back, its cells become positions in words only (`NotCoded`), never support or opposition.
//!
//! No spreadsheet format lives here: readers (CSV, xlsx) and writers are outside the core, and
//! hand this module cells of text with the place each came from (`table.csv:7`,
//! `book.xlsx:Positions!C7`), which every diagnostic names.

mod cells;
mod merge;
mod rows;
pub(crate) mod text;

use std::path::{Path, PathBuf};

use crate::diag::{Code, Diagnostic, Diagnostics, Location};
use crate::load::{FileSource, LoadOptions, Loaded, load_scenario, raw};

pub use merge::{ImportMode, TableImport, import_long, import_wide};

/// The columns of the long layout, in order: what a person types as the header.
pub const COLUMNS: [&str; 24] = [
    "group",
    "member state",
    "item",
    "stance",
    "prefers",
    "accepts",
    "conditions",
    "opposes",
    "at",
    "range",
    "limits",
    "salience",
    "salience basis",
    "flexibility",
    "flexibility basis",
    "maturity",
    "reference",
    "tallies",
    "provenance",
    "source",
    "as of",
    "published",
    "note",
    "text",
];

/// The column a header names (case, spaces, `_` and `-` aside), if any.
pub fn column(header: &str) -> Option<usize> {
    let wanted = normal_header(header);
    COLUMNS
        .iter()
        .position(|column| normal_header(column) == wanted)
        .or(match wanted.as_str() {
            "state" | "memberstate" | "country" => Some(1),
            "agendaitem" | "ai" | "wrcitem" | "ppitem" => Some(2),
            "asof" | "date" | "meetingdate" => Some(20),
            _ => None,
        })
}

/// A header reduced for comparison: lower case, letters and digits only.
fn normal_header(header: &str) -> String {
    header
        .trim()
        .trim_start_matches('\u{FEFF}')
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

/// One value read from a table, with the place it came from (`table.csv:7`,
/// `book.xlsx:Positions!C7`; shared by the cells of a CSV line).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Cell {
    /// The text, as the table holds it (a date already written `YYYY-MM-DD` by the reader).
    pub value: String,
    /// Where it is, as a person finds it.
    pub place: std::sync::Arc<str>,
}

/// One row of the long layout read from a table: a cell per column of [`COLUMNS`], empty where
/// the table has no such column.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LongRow {
    /// Where the row is (`table.csv:7`, `book.xlsx:Positions!7`).
    pub place: String,
    /// By column of [`COLUMNS`].
    pub cells: Vec<Cell>,
}

impl LongRow {
    /// An empty row at `place`.
    pub fn new(place: impl Into<String>) -> Self {
        LongRow {
            place: place.into(),
            cells: vec![Cell::default(); COLUMNS.len()],
        }
    }

    fn get(&self, column: usize) -> &Cell {
        &self.cells[column]
    }
}

/// One row of the wide layout read from a table: the item, the date when the table has a date
/// column, and each group's cell in words.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct WideRow {
    /// Where the row is.
    pub place: String,
    /// The item's id.
    pub item: Cell,
    /// The row's date (`YYYY-MM-DD` or `YYYY-MM`), when the table has a date column.
    pub date: Option<Cell>,
    /// Per group (by the id in its column's header), its cell's words.
    pub groups: Vec<(String, Cell)>,
}

/// Where [`long_table`] hands each row.
pub type Sink<'a> = &'a mut dyn FnMut(Vec<String>);

/// The long layout of the scenario at `path` (loaded with `options`, so it must be valid): each
/// row of [`COLUMNS`] handed to `sink` in file order, one positions file at a time (a large
/// scenario's table is never held whole); the loaded scenario returned.
pub fn long_table(
    source: &dyn FileSource,
    path: &Path,
    options: &LoadOptions,
    sink: Sink<'_>,
) -> Result<Loaded, Diagnostics> {
    let loaded = load_scenario(source, path, options)?;
    let scenario: raw::ScenarioFile = parse_file(source, path)?;
    for relative in &scenario.positions {
        let (_, _, mut file) = positions_file(source, path, relative)?;
        crate::load::shared::resolve(&mut file);
        for row in rows::long_rows(&file) {
            sink(row);
        }
    }
    Ok(loaded)
}

/// One positions file the scenario at `path` names: its path, its text, and the text parsed by
/// the loader's fast path (a valid file is read exactly as ron reads it), else by ron.
pub(super) fn positions_file(
    source: &dyn FileSource,
    path: &Path,
    relative: &str,
) -> Result<(PathBuf, String, raw::PositionsFile), Diagnostics> {
    let file = crate::load::resolve(path, relative);
    let text = read_text(source, &file)?;
    let parsed = match crate::load::fast::positions(&text) {
        Some(parsed) => parsed,
        None => parse_text(&file, &text)?,
    };
    Ok((file, text, parsed))
}

/// A file of a valid scenario, read and parsed (errors only if it changed since it loaded).
pub(crate) fn parse_file<T: serde::de::DeserializeOwned>(
    source: &dyn FileSource,
    path: &Path,
) -> Result<T, Diagnostics> {
    parse_text(path, &read_text(source, path)?)
}

/// The text of a file of a valid scenario.
pub(crate) fn read_text(source: &dyn FileSource, path: &Path) -> Result<String, Diagnostics> {
    source
        .read(path)
        .ok()
        .and_then(|bytes| String::from_utf8(bytes).ok())
        .ok_or_else(|| {
            one(
                Code::UnreadableFile,
                &path.display().to_string(),
                "the file cannot be read as UTF-8 text".into(),
                None,
            )
        })
}

/// `text`, the text of the file at `path`, parsed by ron.
fn parse_text<T: serde::de::DeserializeOwned>(path: &Path, text: &str) -> Result<T, Diagnostics> {
    crate::load::ron_options()
        .from_str(text.trim_start_matches('\u{FEFF}'))
        .map_err(|error| {
            one(
                Code::Syntax,
                &path.display().to_string(),
                format!("the file no longer parses: {error}"),
                Some("run `concord validate` on the scenario".into()),
            )
        })
}

/// A diagnostic at a table's place (`table.csv:7`): a place that is not a line of a text file,
/// so its location has line 0 and names the place whole.
pub fn at_place(code: Code, place: &str, message: String, hint: Option<String>) -> Diagnostic {
    Diagnostic {
        code,
        message,
        location: Some(Location {
            file: place.to_owned(),
            line: 0,
            column: 0,
            span: 0..0,
        }),
        hint,
    }
}

pub(crate) fn one(code: Code, place: &str, message: String, hint: Option<String>) -> Diagnostics {
    Diagnostics {
        list: vec![at_place(code, place, message, hint)],
        sources: Vec::new(),
    }
}

//! The coordinator's table, written: the long layout (lossless, one row per position entry, the
//! columns of [`concord_core::interop::table::COLUMNS`]), the wide comparison table (an item a
//! row, a group a column, each cell in words), both as CSV, and a workbook holding them with the
//! matrix, contested and status tables (`xlsx`).

mod xlsx;

use concord_core::analysis::Analysis;
use concord_core::interop::table::COLUMNS;
use concord_core::model::{ItemKind, Provenance, Scenario, Stance};

use crate::report::view::cell_label;

pub use xlsx::{Book, xlsx};

/// How a cell is coloured: by what the group says.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tone {
    /// A position: options or a point on the scale.
    Stated,
    /// Words only, or no position yet.
    Words,
    /// No proposal.
    NoProposal,
    /// Unknown, or a header.
    Plain,
}

impl Tone {
    /// The tone of a long row's `stance` column, or of a cell's words.
    pub fn of_words(words: &str) -> Tone {
        let words = words.trim_start();
        if words.starts_with("options")
            || words.starts_with("scale")
            || words.starts_with("prefers")
            || words.starts_with("accepts")
            || words.starts_with("opposes")
            || words.starts_with("at ")
        {
            Tone::Stated
        } else if words.starts_with("not coded")
            || words.starts_with("stated, not coded")
            || words.starts_with("no position yet")
        {
            Tone::Words
        } else if words.starts_with("no proposal") {
            Tone::NoProposal
        } else {
            Tone::Plain
        }
    }
}

/// The wide comparison table: its header and one row per item, each cell with its tone.
#[derive(Clone, Debug, PartialEq)]
pub struct Wide {
    /// `item`, `title`, `lead`, `background`, `options`, `status`, one column per group, then
    /// `organisations` (their views: shown, never counted).
    pub header: Vec<String>,
    /// One row per item, in agenda order.
    pub rows: Vec<Vec<(String, Tone)>>,
}

/// The comparison table of an analysed scenario: per item its title, lead, background (the item
/// it is an issue of, the CPM's background) and options (CPM methods are options, with their
/// Regions and the CPM's summary, change, advantages and disadvantages), its status, each
/// group's position in words with, on a second line, its maturity, date and source, and the
/// organisations' views.
pub fn wide(scenario: &Scenario, analysis: &Analysis) -> Wide {
    let mut header: Vec<String> = ["item", "title", "lead", "background", "options", "status"]
        .into_iter()
        .map(str::to_owned)
        .collect();
    header.extend(scenario.groups.keys().map(|g| g.to_string()));
    header.push("organisations".into());
    let rows = scenario
        .items
        .values()
        .zip(&analysis.items)
        .map(|(item, item_analysis)| {
            let options = match &item.kind {
                ItemKind::Options(options) => options
                    .values()
                    .map(option_words)
                    .collect::<Vec<_>>()
                    .join("\n"),
                ItemKind::Scale(_) => "a point on a 0-100 scale".into(),
            };
            let background: Vec<String> = item
                .parent
                .as_ref()
                .and_then(|parent| scenario.parents.get(parent))
                .map(|parent| format!("an issue of {} — {}", parent.id, parent.title))
                .into_iter()
                .chain(item.background.iter().cloned())
                .collect();
            let mut row: Vec<(String, Tone)> = vec![
                (item.id.to_string(), Tone::Plain),
                (item.title.clone(), Tone::Plain),
                (item.lead.clone().unwrap_or_default(), Tone::Plain),
                (background.join("\n"), Tone::Plain),
                (options, Tone::Plain),
                (
                    crate::report::view::Standing::of(item_analysis).note(),
                    Tone::Plain,
                ),
            ];
            for (group, cell) in scenario.groups.keys().zip(&item_analysis.cells) {
                let model = scenario.cell(group, &item.id);
                let mut words = cell_label(cell);
                let tone = match model.stance {
                    Stance::Options(_) | Stance::Scale(_) => Tone::Stated,
                    Stance::NotCoded | Stance::NoPositionYet => Tone::Words,
                    Stance::NoProposal => Tone::NoProposal,
                    Stance::Unknown => Tone::Plain,
                };
                if let Some(text) = model.text.as_ref().filter(|_| tone == Tone::Stated) {
                    words.push_str(&format!(" — in its words: “{text}”"));
                }
                let basis = basis_line(group.as_str(), model);
                if !basis.is_empty() {
                    words.push('\n');
                    words.push_str(&basis);
                }
                if let Some(note) = &model.note {
                    words.push_str(&format!("\nnote: {note}"));
                }
                row.push((words, tone));
            }
            let views: Vec<String> = scenario
                .organisations
                .values()
                .filter_map(|organisation| {
                    let view = organisation.views.get(&item.id)?;
                    Some(crate::report::view_words::organisation_view(&(
                        organisation.id.clone(),
                        view.stance.clone(),
                        view.note.clone(),
                    )))
                })
                .collect();
            row.push((views.join("\n"), Tone::Plain));
            row
        })
        .collect();
    Wide { header, rows }
}

/// An option in the wide table: `imt: label (Method B; Region 3 only) — summary; change: …;
/// advantages: …; disadvantages: …`.
fn option_words(option: &concord_core::model::ItemOption) -> String {
    let mut tags: Vec<String> = option
        .action
        .iter()
        .filter(|action| matches!(action, concord_core::model::Action::Method(_)))
        .map(concord_core::model::Action::label)
        .collect();
    if !option.reach.is_global() {
        tags.push(option.reach.words());
    }
    let mut words = format!("{}: {}", option.id, option.label);
    if !tags.is_empty() {
        words.push_str(&format!(" ({})", tags.join("; ")));
    }
    let parts = crate::report::view_words::substance_parts(&option.substance);
    if !parts.is_empty() {
        words.push_str(&format!(" — {}", parts.join("; ")));
    }
    words
}

/// `[ECP · 2023-09-10 · source]`: a cell's maturity, date and source, when it has any.
fn basis_line(group: &str, cell: &concord_core::model::Cell) -> String {
    let mut parts = Vec::new();
    if let Some(maturity) = cell.maturity {
        parts.push(maturity.label(group).to_owned());
    }
    match &cell.provenance {
        Provenance::Sourced { source, as_of, .. } => {
            parts.push(as_of.to_string());
            parts.push(source.clone());
        }
        Provenance::Estimated { note, as_of } => {
            parts.extend(as_of.map(|d| d.to_string()));
            parts.push(format!("estimated position: {note}"));
        }
        Provenance::Illustrative { note, as_of } => {
            parts.extend(as_of.map(|d| d.to_string()));
            parts.push(format!("illustrative: {note}"));
        }
        Provenance::Missing | Provenance::Implicit | Provenance::Later => {}
    }
    if parts.is_empty() {
        String::new()
    } else {
        format!("[{}]", parts.join(" · "))
    }
}

/// One field of the lossless table: its hidden characters shown (`\u{1B}`, read back by
/// `import table`), then through the formula guard.
fn lossless(field: &str) -> String {
    crate::escape::csv::defuse(&crate::escape::csv::shown(field)).into_owned()
}

/// Rows as CSV (RFC 4180, CRLF line ends), every field [`lossless`].
pub fn csv(header: &[String], rows: impl IntoIterator<Item = Vec<String>>) -> String {
    let mut writer = crate::report::csv::writer(1 << 16);
    let guard = |field: &String| lossless(field);
    writer
        .write_record(header.iter().map(guard))
        .expect("writing into memory cannot fail");
    for row in rows {
        writer
            .write_record(row.iter().map(guard))
            .expect("writing into memory cannot fail");
    }
    String::from_utf8(
        writer
            .into_inner()
            .expect("writing into memory cannot fail"),
    )
    .expect("the fields are UTF-8")
}

/// The long layout as CSV, written row by row (a large scenario's table is never held whole).
pub struct LongCsv(csv::Writer<Vec<u8>>);

impl Default for LongCsv {
    fn default() -> Self {
        let mut table = LongCsv(crate::report::csv::writer(1 << 16));
        table.push(&COLUMNS.map(str::to_owned));
        table
    }
}

impl LongCsv {
    /// One row, every field [`lossless`].
    pub fn push(&mut self, row: &[String]) {
        self.0
            .write_record(row.iter().map(|f| lossless(f)))
            .expect("writing into memory cannot fail");
    }

    /// The CSV text.
    pub fn finish(self) -> String {
        String::from_utf8(self.0.into_inner().unwrap_or_default()).expect("the fields are UTF-8")
    }
}

/// The wide layout as CSV.
pub fn wide_csv(wide: &Wide) -> String {
    csv(
        &wide.header,
        wide.rows
            .iter()
            .map(|row| row.iter().map(|(text, _)| text.clone()).collect()),
    )
}

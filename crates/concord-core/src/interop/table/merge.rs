//! Rows read from a table, merged into the group files as dated versions (or replacing them).
//!
//! A merge edits the files' text: a new version is inserted after the last entry of its list, a
//! version replaced (`--force`) is rewritten where it stands, and everything else — comments
//! included — is kept byte for byte. A replace writes each group's file anew from the table. The
//! result is loaded before anything is returned, so an import never produces an invalid scenario.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use super::cells::{Entry, Parsed, Reader};
use super::text::{append_edit, entry_text, in_place, ron_text, written};
use super::{LongRow, WideRow, at_place};
use crate::diag::{Code, Diagnostics};
use crate::load::locate::{Seg, SpanIndex};
use crate::load::raw::{PositionsFile, Provenance};
use crate::load::{FileSource, LoadOptions, MemorySource, Overlay, load_scenario};

/// How imported rows meet the versions already in the files.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ImportMode {
    /// Each row is a dated version: added when its date is new for the cell; the same version
    /// again is left as it is; a different one of the same date is refused, or replaces it with
    /// `force`.
    Merge {
        /// Replace a version of the same date that differs.
        force: bool,
        /// Refuse a row that gives no provenance when its file has no default one (`set`);
        /// a table's row without one is let through, with a `no-provenance` warning.
        provenance_required: bool,
    },
    /// Each group in the table gets a file holding exactly the table's rows for it.
    Replace,
}

/// What an import changes: the new text of each file it changes, and counts.
#[derive(Clone, Debug, Default)]
pub struct TableImport {
    /// The files to write (as the scenario names them, resolved), with their new text.
    pub files: Vec<(PathBuf, String)>,
    /// Versions added.
    pub added: usize,
    /// Versions replaced (`--force`, or by `--replace`).
    pub replaced: usize,
    /// Of those, undated entries a dated version replaced (`--force`).
    pub undated_replaced: usize,
    /// Rows already in the files as they are.
    pub unchanged: usize,
    /// Rows read (empty rows aside).
    pub rows: usize,
    /// The warnings of the scenario with the new files (what the import leaves for the next
    /// `validate` to say, said now).
    pub warnings: Diagnostics,
}

/// Merges (or replaces) the long-layout `rows` into the scenario at `path`.
///
/// `scenario` is the scenario at `path`, loaded with `options` (the caller has it already).
pub fn import_long(
    source: &dyn FileSource,
    (path, scenario): (&Path, &crate::model::Scenario),
    options: &LoadOptions,
    rows: Vec<LongRow>,
    mode: ImportMode,
) -> Result<TableImport, Diagnostics> {
    let mut reader = Reader {
        scenario,
        errors: Vec::new(),
    };
    // The rows are let go as they are read: a large table is not held twice.
    let parsed: Vec<Parsed> = rows
        .into_iter()
        .filter_map(|row| reader.row(&row))
        .collect();
    crate::timing::mark("rows checked");
    finish(source, path, options, (parsed, reader.errors), mode)
}

/// Merges (or replaces) the wide-layout `rows` into the scenario at `path`: every non-empty
/// cell is a position in words only (`NotCoded`), sourced from the table (`table_name`, the
/// row), dated by the row's date column or `date`; `—` or `-` is no proposal, `?` unknown.
pub fn import_wide(
    source: &dyn FileSource,
    (path, scenario): (&Path, &crate::model::Scenario),
    options: &LoadOptions,
    rows: &[WideRow],
    (table_name, date): (&str, Option<crate::model::Date>),
    mode: ImportMode,
) -> Result<TableImport, Diagnostics> {
    let mut long = Vec::new();
    let mut errors = Vec::new();
    for row in rows {
        let row_date = match &row.date {
            Some(cell) if !cell.value.trim().is_empty() => cell.value.trim().to_owned(),
            _ => match date {
                Some(date) => date.to_string(),
                None => {
                    errors.push(at_place(
                        Code::TableCell,
                        &row.place,
                        "the row has no date, and the table no date column".into(),
                        Some("add a date column, or give --as-of DATE for the whole table".into()),
                    ));
                    continue;
                }
            },
        };
        if crate::model::Date::parse(&row_date).is_none() {
            let place = row.date.as_ref().map_or(row.place.as_str(), |d| &*d.place);
            let shown = crate::diag::shorten(&row_date);
            let hint = if row_date.contains('/') || row_date.contains('.') {
                format!("`{shown}` could be day/month or month/day: write it `YYYY-MM-DD`")
            } else {
                "give `YYYY-MM-DD` or `YYYY-MM` (a spreadsheet date cell is read as one)".into()
            };
            errors.push(at_place(
                Code::TableCell,
                place,
                format!("`{shown}` is not a date"),
                Some(hint),
            ));
            continue;
        }
        for (group, cell) in &row.groups {
            let words = cell.value.trim();
            let stance = match words {
                "" | "?" => continue,
                "—" | "-" | "–" => "no proposal",
                _ => "not coded",
            };
            let mut out = LongRow::new(&*cell.place);
            let set = |out: &mut LongRow, column: usize, value: &str, place: &str| {
                out.cells[column] = super::Cell {
                    value: value.to_owned(),
                    place: place.into(),
                };
            };
            use super::rows::col;
            set(&mut out, col::GROUP, group, &cell.place);
            set(&mut out, col::ITEM, &row.item.value, &row.item.place);
            set(&mut out, col::STANCE, stance, &cell.place);
            set(&mut out, col::PROVENANCE, "sourced", &cell.place);
            let row_ref = row
                .place
                .rsplit_once(':')
                .map_or(row.place.as_str(), |(_, r)| r);
            let source_words = format!("imported from {table_name}, row {row_ref}");
            set(&mut out, col::SOURCE, &source_words, &cell.place);
            let date_place = row.date.as_ref().map_or(row.place.as_str(), |d| &*d.place);
            set(&mut out, col::AS_OF, &row_date, date_place);
            if stance == "not coded" {
                set(&mut out, col::TEXT, words, &cell.place);
            }
            long.push(out);
        }
    }
    let mut reader = Reader { scenario, errors };
    let parsed: Vec<Parsed> = long.iter().filter_map(|row| reader.row(row)).collect();
    finish(source, path, options, (parsed, reader.errors), mode)
}

/// Checks the parsed rows against each other and the files, builds the new texts, and loads the
/// result.
fn finish(
    source: &dyn FileSource,
    path: &Path,
    options: &LoadOptions,
    (parsed, mut errors): (Vec<Parsed>, Vec<crate::diag::Diagnostic>),
    mode: ImportMode,
) -> Result<TableImport, Diagnostics> {
    let mut first_at: HashMap<(String, Option<String>, String, String), String> = HashMap::new();
    for row in &parsed {
        let key = (
            row.group.clone(),
            row.entry.state().map(str::to_owned),
            row.entry.item().to_owned(),
            row.entry.date().to_owned(),
        );
        if let Some(first) = first_at.get(&key) {
            errors.push(at_place(
                Code::DuplicatePosition,
                &row.place,
                format!(
                    "a second row for {} on `{}` dated {} (the first is {first})",
                    key.1.as_deref().unwrap_or(&key.0),
                    key.2,
                    if key.3.is_empty() { "—" } else { &key.3 }
                ),
                Some("keep one row per cell and date".into()),
            ));
        } else {
            first_at.insert(key, row.place.clone());
        }
    }
    let mut import = TableImport {
        rows: parsed.len(),
        ..TableImport::default()
    };
    // In the table's order, so that the errors come in it too.
    let mut rows_of: indexmap::IndexMap<&str, Vec<&Parsed>> = indexmap::IndexMap::new();
    for row in &parsed {
        rows_of.entry(row.group.as_str()).or_default().push(row);
    }
    // One group file at a time: parsed, merged, and let go before the next.
    let scenario_file: crate::load::raw::ScenarioFile = super::parse_file(source, path)?;
    for relative in &scenario_file.positions {
        let (file_path, text, file) = super::positions_file(source, path, relative)?;
        let Some(rows) = rows_of.shift_remove(file.group.as_str()) else {
            continue;
        };
        // Each row with the file's defaults it takes, as the file's own cells are read.
        let rows: Vec<Parsed> = rows.into_iter().map(|row| filled(&file, row)).collect();
        if let ImportMode::Merge {
            provenance_required: true,
            ..
        } = mode
        {
            errors.extend(rows.iter().filter_map(without_provenance));
        }
        let rows: Vec<&Parsed> = rows
            .iter()
            .filter(|row| matches!(mode, ImportMode::Replace) || without_provenance(row).is_none())
            .collect();
        let changed = match mode {
            ImportMode::Replace => replace_file(&file, &rows, &text, &mut import, &mut errors),
            ImportMode::Merge { force, .. } => {
                // Compared as read (named provenances and defaults in place), written in the
                // file's shorthand.
                let mut resolved = file.clone();
                crate::load::shared::resolve(&mut resolved);
                let files = (&file, &resolved);
                merge_file(files, &rows, &text, (force, &mut import), &mut errors)
            }
        };
        if let Some(new_text) = changed {
            import.files.push((file_path, new_text));
        }
    }
    for rows in rows_of.values() {
        let row = rows[0];
        errors.push(at_place(
            Code::TableCell,
            &row.place,
            format!("`{}` has no positions file in the scenario", row.group),
            Some(format!(
                "add `positions/…/{}.ron` to the scenario's `positions` first",
                row.group.to_lowercase()
            )),
        ));
    }
    if !errors.is_empty() {
        return Err(Diagnostics {
            list: errors,
            sources: Vec::new(),
        });
    }
    crate::timing::mark("rows merged into the files' text");
    import.warnings = check_result(source, path, options, &import.files)?;
    Ok(import)
}

/// `row` with the defaults of `file` it takes ([`crate::load::shared::fill`]).
fn filled(file: &PositionsFile, row: &Parsed) -> Parsed {
    let mut row = row.clone();
    match &mut row.entry {
        Entry::Position(p) => crate::load::shared::fill(file, p),
        Entry::State(s) => crate::load::shared::fill_state(file, s),
    }
    row
}

/// A row that says something without saying where it comes from, as an error.
fn without_provenance(row: &Parsed) -> Option<crate::diag::Diagnostic> {
    let (stance, provenance) = match &row.entry {
        Entry::Position(p) => (&p.stance, &p.provenance),
        Entry::State(s) => (&s.stance, &s.provenance),
    };
    (*stance != crate::load::raw::Stance::Unknown && provenance.is_none()).then(|| {
        at_place(
            Code::TableCell,
            &row.place,
            format!(
                "{} on `{}`: say where the version comes from",
                row.entry.state().unwrap_or(&row.group),
                row.entry.item()
            ),
            Some(
                "--source TEXT (with --as-of DATE), --estimated NOTE or --illustrative NOTE; \
                 or give the file a `defaults: Defaults(provenance: …)`"
                    .into(),
            ),
        )
    })
}

/// The scenario with the new files loads without errors: its warnings (its errors otherwise).
fn check_result(
    source: &dyn FileSource,
    path: &Path,
    options: &LoadOptions,
    files: &[(PathBuf, String)],
) -> Result<Diagnostics, Diagnostics> {
    let mut top = MemorySource::new();
    for (file, text) in files {
        top.insert(file, text.as_str());
    }
    let overlay = Overlay { top, base: source };
    load_scenario(&overlay, path, options).map(|loaded| loaded.warnings)
}

/// The file holding exactly `rows`, in table order (its positions, then its states'); `None`
/// when that is what it holds already.
fn replace_file(
    file: &PositionsFile,
    rows: &[&Parsed],
    text: &str,
    import: &mut TableImport,
    errors: &mut Vec<crate::diag::Diagnostic>,
) -> Option<String> {
    if file.positions.iter().any(|p| p.confidential.is_some()) {
        errors.push(at_place(
            Code::InlineConfidential,
            &rows[0].place,
            format!(
                "`{}`'s positions file holds confidential parts inline, which --replace would drop",
                file.group
            ),
            Some("move them into the group's private file first, then import".into()),
        ));
        return None;
    }
    let mut new = PositionsFile {
        group: file.group.clone(),
        conference: file.conference.clone(),
        provenances: file.provenances.clone(),
        defaults: file.defaults.clone(),
        positions: Vec::new(),
        states: Vec::new(),
    };
    for row in rows {
        match written(file, &row.entry) {
            Entry::Position(p) => new.positions.push(*p),
            Entry::State(s) => new.states.push(*s),
        }
    }
    if new == *file {
        import.unchanged += rows.len();
        return None;
    }
    import.replaced += rows.len();
    let header: String = text
        .lines()
        .take_while(|line| line.trim_start().starts_with("//"))
        .map(|line| format!("{line}\n"))
        .collect();
    Some(format!(
        "{header}// Replaced by `concord import table --replace`.\n{}",
        ron_text(&new, "")
    ))
}

/// The file with the rows merged in as dated versions; `None` when nothing changes.
fn merge_file(
    (written, file): (&PositionsFile, &PositionsFile),
    rows: &[&Parsed],
    text: &str,
    (force, import): (bool, &mut TableImport),
    errors: &mut Vec<crate::diag::Diagnostic>,
) -> Option<String> {
    // (start, end, replacement) edits on the text, applied from the end.
    let mut edits: Vec<(usize, usize, String)> = Vec::new();
    let mut appended: (Vec<String>, Vec<String>) = (Vec::new(), Vec::new());
    let index = SpanIndex::new(text);
    let versions = Versions::of(file);
    for row in rows {
        let existing = find_version(file, &versions, &row.entry);
        if existing.is_none()
            && let Some((at, placeholder)) = undated(file, &versions, &row.entry)
        {
            match over_undated((written, row), (at, placeholder, force), &index, import) {
                Ok(edit) => edits.push(edit),
                Err(error) => errors.push(error),
            }
            continue;
        }
        match existing {
            Some((_, _, true)) => import.unchanged += 1,
            // An undated placeholder (`Unknown`, nothing else) gives way to the undated entry.
            Some(("positions", at, false)) if is_placeholder(&written.positions[at]) => {
                let span = index.find(&[Seg::F("positions"), Seg::I(at)]);
                let entry = with_note_of(&row.entry, &written.positions[at]);
                edits.push((span.start, span.end, in_place(written, &entry)));
                import.added += 1;
            }
            Some((list, at, _)) if force => {
                edits.push(forced(written, (list, at), row, &index));
                import.replaced += 1;
            }
            Some(_) if row.entry.date().is_empty() => errors.push(at_place(
                Code::VersionConflict,
                &row.place,
                format!(
                    "{} on `{}` has an undated entry that says something else (a stance, a note)",
                    row.entry.state().unwrap_or(&row.group),
                    row.entry.item(),
                ),
                Some(
                    "--force replaces it, its note with it: carry over what matters with --note"
                        .into(),
                ),
            )),
            Some(_) => errors.push(at_place(
                Code::VersionConflict,
                &row.place,
                format!(
                    "{} on `{}` already has a different version dated {}",
                    row.entry.state().unwrap_or(&row.group),
                    row.entry.item(),
                    row.entry.date()
                ),
                Some(
                    "give the row a new date to add a version, or --force to replace that one"
                        .into(),
                ),
            )),
            None if let Some(error) = undated_beside_dated(row, &versions) => errors.push(error),
            None => {
                let text = entry_text(written, &row.entry, "        ");
                match row.entry {
                    Entry::Position(_) => appended.0.push(text),
                    Entry::State(_) => appended.1.push(text),
                }
                import.added += 1;
            }
        }
    }
    for (list, count, new) in [
        ("positions", file.positions.len(), &appended.0),
        ("states", file.states.len(), &appended.1),
    ] {
        if !new.is_empty() {
            edits.push(append_edit(text, &index, (list, count), new));
        }
    }
    if edits.is_empty() {
        return None;
    }
    edits.sort_by_key(|(start, _, _)| std::cmp::Reverse(*start));
    let mut out = text.to_owned();
    for (start, end, replacement) in edits {
        out.replace_range(start..end, &replacement);
    }
    Some(out)
}

/// The edit that replaces version `at` of list `list` with `row`'s (`--force`): the version's
/// confidential part inline, if any, stays with it, and so does its note when the row gives none
/// (a row without a note leaves the note as it is).
fn forced(
    written: &PositionsFile,
    (list, at): (&str, usize),
    row: &Parsed,
    index: &SpanIndex,
) -> (usize, usize, String) {
    let span = index.find(&[Seg::F(list), Seg::I(at)]);
    let mut entry = row.entry.clone();
    if let (Entry::Position(new), Some(old)) = (&mut entry, written.positions.get(at))
        && list == "positions"
    {
        new.confidential.clone_from(&old.confidential);
        if new.note.is_none() {
            new.note.clone_from(&old.note);
        }
    }
    (span.start, span.end, in_place(written, &entry))
}

/// The file's entries by (member state or "", item, date), and its positions by item: built once
/// per file, so a merge costs time in proportion to the rows, not rows × entries.
struct Versions<'a> {
    by_key: HashMap<(&'a str, &'a str, &'a str), (&'static str, usize)>,
    by_item: HashMap<&'a str, Vec<usize>>,
}

impl<'a> Versions<'a> {
    fn of(file: &'a PositionsFile) -> Self {
        let date = |provenance: Option<&'a Provenance>| {
            provenance.and_then(Provenance::as_of).unwrap_or("")
        };
        let mut by_key = HashMap::new();
        let mut by_item: HashMap<&str, Vec<usize>> = HashMap::new();
        for (at, old) in file.positions.iter().enumerate() {
            by_key
                .entry(("", old.item.as_str(), date(old.provenance.as_ref())))
                .or_insert(("positions", at));
            by_item.entry(old.item.as_str()).or_default().push(at);
        }
        for (at, old) in file.states.iter().enumerate() {
            by_key
                .entry((
                    old.state.as_str(),
                    old.item.as_str(),
                    date(old.provenance.as_ref()),
                ))
                .or_insert(("states", at));
        }
        Versions { by_key, by_item }
    }
}

/// The version of `entry`'s cell with the same date in the file: its list, index, and whether it
/// is the same (inline confidential parts aside).
fn find_version(
    file: &PositionsFile,
    versions: &Versions<'_>,
    entry: &Entry,
) -> Option<(&'static str, usize, bool)> {
    let key = (entry.state().unwrap_or(""), entry.item(), entry.date());
    let (list, at) = *versions.by_key.get(&key)?;
    let same = match entry {
        // Compared without the version's inline confidential part, which no table carries; a
        // row without a note leaves the version's note as it is (a placeholder's note carried
        // over stays).
        Entry::Position(new) => {
            let mut old = file.positions[at].clone();
            old.confidential = None;
            if new.note.is_none() {
                old.note = None;
            }
            old == **new
        }
        Entry::State(new) => file.states[at] == **new,
    };
    Some((list, at, same))
}

/// An undated row for a cell the file keeps in dated versions, which it cannot sit beside (the
/// loader would call it a second position): a `version-conflict` at the table's row, never at a
/// place in a file that is not written.
fn undated_beside_dated(row: &Parsed, versions: &Versions<'_>) -> Option<crate::diag::Diagnostic> {
    let dated = versions
        .by_item
        .get(row.entry.item())
        .is_some_and(|at| !at.is_empty());
    (matches!(row.entry, Entry::Position(_)) && row.entry.date().is_empty() && dated).then(|| {
        at_place(
            Code::VersionConflict,
            &row.place,
            format!(
                "{}'s file keeps dated versions of `{}`, which an undated row cannot sit beside",
                row.group,
                row.entry.item()
            ),
            Some(
                "give the row an `as of` date (every provenance takes one: sourced, estimated, illustrative) to add a version"
                    .into(),
            ),
        )
    })
}

/// A dated version over the item's one undated entry, which it cannot sit beside: an undated
/// `Unknown` with nothing else says nothing, and the dated version takes its place; anything
/// more is replaced only with --force, else it is a `version-conflict`.
fn over_undated(
    (written, row): (&PositionsFile, &Parsed),
    (at, placeholder, force): (usize, bool, bool),
    index: &SpanIndex,
    import: &mut TableImport,
) -> Result<(usize, usize, String), crate::diag::Diagnostic> {
    if !placeholder && !force {
        return Err(at_place(
            Code::VersionConflict,
            &row.place,
            format!(
                "{}'s file keeps an undated entry on `{}`, which a dated version cannot sit beside",
                row.group,
                row.entry.item()
            ),
            Some("give --force to replace it with the dated version".into()),
        ));
    }
    if placeholder {
        import.added += 1;
    } else {
        import.replaced += 1;
        import.undated_replaced += 1;
    }
    let span = index.find(&[Seg::F("positions"), Seg::I(at)]);
    let entry = if placeholder {
        with_note_of(&row.entry, &written.positions[at])
    } else {
        row.entry.clone()
    };
    Ok((span.start, span.end, in_place(written, &entry)))
}

/// The group's only entry on the item of a new dated position, when it is undated: its index,
/// and whether it is a mere placeholder (an `Unknown` with no note and no confidential part).
fn undated(file: &PositionsFile, versions: &Versions<'_>, entry: &Entry) -> Option<(usize, bool)> {
    let Entry::Position(new) = entry else {
        return None;
    };
    if entry.date().is_empty() {
        return None;
    }
    let [at] = versions.by_item.get(new.item.as_str())?.as_slice() else {
        return None;
    };
    let (at, only) = (*at, &file.positions[*at]);
    if only
        .provenance
        .as_ref()
        .and_then(Provenance::as_of)
        .is_some()
    {
        return None;
    }
    Some((at, is_placeholder(only)))
}

/// An entry that states nothing: `Unknown`, with no provenance or confidential part (a note,
/// say on a source not yet read, is carried over into the entry that takes its place).
fn is_placeholder(position: &crate::load::raw::Position) -> bool {
    position.stance == crate::load::raw::Stance::Unknown
        && position.provenance.is_none()
        && position.confidential.is_none()
}

/// `entry` taking the place of the placeholder `old`: `old`'s note kept when it has none.
fn with_note_of(entry: &Entry, old: &crate::load::raw::Position) -> Entry {
    let mut entry = entry.clone();
    if let Entry::Position(new) = &mut entry
        && new.note.is_none()
    {
        new.note.clone_from(&old.note);
    }
    entry
}

//! `concord import table`: a coordinator's table merged into a scenario's positions files.
//!
//! The table is read as text (`crate::tables`), its layout found by its header (in the first
//! ten rows, under any title rows), its rows handed to the core
//! (`concord_core::interop::table`), which checks them and returns the files' new text; the
//! files are then written all or nothing, or with `--dry-run` only the changes are printed, as
//! `diff` would print them.

#[allow(clippy::wildcard_imports)]
use super::*;
use crate::tables::{self, Grid};
use concord_core::diag::Diagnostics;
use concord_core::interop::table::{
    self as table, Cell, ImportMode, LongRow, TableImport, WideRow, column,
};
use concord_core::load::{FsSource, LoadOptions, MemorySource, Overlay};

/// The arguments of `concord import table`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The table: `.csv`, or a workbook (`.xlsx`, `.xls`, `.ods`).
    file: PathBuf,
    /// The scenario whose positions files the rows go into.
    #[arg(long)]
    scenario: PathBuf,
    /// Replace each group's file with the table's rows for it (instead of adding dated
    /// versions).
    #[arg(long)]
    replace: bool,
    /// Print what would change, as `diff` does, and write nothing.
    #[arg(long)]
    dry_run: bool,
}

impl Args {
    /// The request (`--as-of`: the date of wide rows without a date column).
    pub fn request(self, context: &Context) -> Result<Command, String> {
        if context.output.is_some() {
            return Err("`import table` writes into the scenario's own files: drop -o".into());
        }
        Ok(Command::ImportTable {
            file: self.file,
            scenario: self.scenario,
            replace: self.replace,
            dry_run: self.dry_run,
            date: context.as_of,
        })
    }
}

/// Which layout a grid holds, found by its header row.
enum Found {
    Long(Vec<LongRow>),
    Wide(Vec<WideRow>),
}

pub(crate) fn run(
    file: &Path,
    scenario: &Path,
    (replace, dry_run): (bool, bool),
    date: Option<Date>,
    settings: &Settings,
) -> Result<Output, Error> {
    let _lock = crate::write::lock_scenario(scenario)?;
    let options = LoadOptions {
        root: settings.root.clone(),
        ..LoadOptions::default()
    };
    let before =
        concord_core::load::load_scenario(&FsSource, scenario, &options).map_err(Error::Invalid)?;
    let groups: Vec<String> = before
        .scenario
        .groups
        .keys()
        .map(|g| g.to_string())
        .collect();
    let grids = tables::read(file).map_err(Error::Invalid)?;
    concord_core::timing::mark("read the table");
    let found = find_layout(file, grids, &groups).map_err(Error::Invalid)?;
    concord_core::timing::mark("rows by column");
    let mode = if replace {
        ImportMode::Replace
    } else {
        ImportMode::Merge {
            force: settings.force,
            provenance_required: false,
        }
    };
    let table_name = file.file_name().map_or_else(
        || file.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    let layout = match &found {
        Found::Long(_) => "long layout",
        Found::Wide(_) => "wide layout: cells kept as words, stated but not coded",
    };
    let imported = match found {
        Found::Long(rows) => table::import_long(
            &FsSource,
            (scenario, &before.scenario),
            &options,
            rows,
            mode,
        ),
        Found::Wide(rows) => table::import_wide(
            &FsSource,
            (scenario, &before.scenario),
            &options,
            &rows,
            (&table_name, date),
            mode,
        ),
    }
    .map_err(Error::Invalid)?;
    concord_core::timing::mark("import");
    let summary = summary_line(&imported, layout);
    // The warnings of the scenario as it is written: what the change brings (a maturity out of
    // the group's vocabulary, a source published after its date) is said now, not at the next
    // `validate`.
    let mut before = before;
    if !imported.files.is_empty() {
        before.warnings = imported.warnings.clone();
    }
    if dry_run || imported.files.is_empty() {
        let changes = if dry_run {
            changes(scenario, &options, &imported.files, settings)?
        } else {
            String::new()
        };
        let verb = if dry_run { "would change" } else { "changes" };
        let stdout = format!(
            "{summary}\n{verb} {} file(s); nothing was written\n{changes}",
            imported.files.len()
        );
        return Ok(finish(settings, Kind::Plain, (stdout, vec![before], None)));
    }
    write_and_say(
        (scenario, &imported.files, &[file.to_owned()]),
        &summary,
        before,
        settings,
    )
}

/// Writes the new texts of a scenario's files (all or none) and says which: the end of
/// `import table`, `set` and `agenda`.
pub(crate) fn write_and_say(
    (scenario, files, inputs): (&Path, &[(PathBuf, String)], &[PathBuf]),
    summary: &str,
    before: concord_core::load::Loaded,
    settings: &Settings,
) -> Result<Output, Error> {
    write_files(scenario, files, inputs, settings)?;
    let written: Vec<String> = files
        .iter()
        .map(|(path, _)| concord_print::escape::text::field(&path.display().to_string()))
        .collect();
    let stdout = format!("{summary}\nwrote {}\n", written.join(", "));
    Ok(finish(settings, Kind::Plain, (stdout, vec![before], None)))
}

fn summary_line(imported: &TableImport, layout: &str) -> String {
    format!(
        "read {} row(s) ({layout}): {} version(s) added, {} replaced, {} unchanged",
        imported.rows, imported.added, imported.replaced, imported.unchanged
    )
}

/// What new texts of a scenario's files change, as `diff` prints it: the scenario before and
/// after (the import's, and `agenda`'s).
pub(crate) fn changes(
    scenario: &Path,
    options: &LoadOptions,
    files: &[(PathBuf, String)],
    settings: &Settings,
) -> Result<String, Error> {
    if files.is_empty() {
        return Ok(String::new());
    }
    let mut top = MemorySource::new();
    for (path, text) in files {
        top.insert(path, text.as_str());
    }
    let after_source = Overlay {
        top,
        base: &FsSource,
    };
    let old =
        concord_core::load::load_scenario(&FsSource, scenario, options).map_err(Error::Invalid)?;
    let new = concord_core::load::load_scenario(&after_source, scenario, options)
        .map_err(Error::Invalid)?;
    let old_analysis = analysis::Analysed::new(&old.scenario, &settings.analysis).analysis;
    let new_analysis = analysis::Analysed::new(&new.scenario, &settings.analysis).analysis;
    let diff = analysis::diff(
        (&old.scenario, &old_analysis),
        (&new.scenario, &new_analysis),
    );
    Ok(print::text::diff(&diff, paint_of(settings)))
}

/// Writes the changed files all or nothing (the tree writer, under the scenario's root), never
/// over one of `inputs` (the table an import reads).
pub(crate) fn write_files(
    scenario: &Path,
    files: &[(PathBuf, String)],
    inputs: &[PathBuf],
    settings: &Settings,
) -> Result<(), Error> {
    write_files_as(scenario, (files, inputs), settings, false)
}

/// [`write_files`]; `confidential`: the files are created 0600 and a file replaced is narrowed
/// to 0600 (a group's private file).
pub(crate) fn write_files_as(
    scenario: &Path,
    (files, inputs): (&[(PathBuf, String)], &[PathBuf]),
    settings: &Settings,
    confidential: bool,
) -> Result<(), Error> {
    let root = settings
        .root
        .clone()
        .unwrap_or_else(|| concord_core::load::default_root(scenario));
    let dir = if root.as_os_str().is_empty() {
        PathBuf::from(".")
    } else {
        root.clone()
    };
    let root_abs = std::path::absolute(&dir).unwrap_or_else(|_| dir.clone());
    let mut tree = Vec::new();
    for (path, text) in files {
        let abs = std::path::absolute(path).unwrap_or_else(|_| path.clone());
        let relative = abs.strip_prefix(&root_abs).map_err(|_| Error::Usage {
            message: format!("{} is outside the scenario's root", path.display()),
            hint: None,
        })?;
        tree.push((
            relative.to_string_lossy().into_owned(),
            super::in_layout(text.clone()).into_bytes(),
        ));
    }
    // The files exist: replacing them is what the change is for (their modes are kept).
    crate::write::write_tree(&dir, &tree, inputs, (true, confidential))?;
    Ok(())
}

/// The layout of the first grid with a header concord recognises in its first ten rows: the
/// long layout (`group`, `item`, `stance` columns) before the wide (`item` and a group's column).
fn find_layout(file: &Path, grids: Vec<Grid>, groups: &[String]) -> Result<Found, Diagnostics> {
    for grid in grids {
        for (at, row) in grid.rows.iter().take(10).enumerate() {
            let columns: Vec<Option<usize>> = row.iter().map(|cell| column(&cell.value)).collect();
            let has = |n: usize| columns.contains(&Some(n));
            if has(0) && has(2) && has(3) {
                return long_rows(grid, at, &columns).map(Found::Long);
            }
            let group_columns: Vec<(usize, String)> = row
                .iter()
                .enumerate()
                .filter_map(|(n, cell)| {
                    groups
                        .iter()
                        .find(|g| g.eq_ignore_ascii_case(cell.value.trim()))
                        .map(|g| (n, g.clone()))
                })
                .collect();
            if has(2) && !group_columns.is_empty() {
                return Ok(Found::Wide(wide_rows(&grid, at, &columns, &group_columns)));
            }
        }
    }
    Err(tables::error(
        concord_core::diag::Code::TableHeader,
        &file.display().to_string(),
        "no header row concord recognises in the first ten rows of any sheet".into(),
        Some(format!(
            "the long layout needs `group`, `item` and `stance` columns ({}); the wide one an \
             `item` column and a column per group ({})",
            table::COLUMNS.join(", "),
            groups.join(", ")
        )),
    ))
}

/// The rows under a long header; a column the layout does not know is an error, except the
/// audience marking's `confidential` column.
fn long_rows(
    grid: Grid,
    header: usize,
    columns: &[Option<usize>],
) -> Result<Vec<LongRow>, Diagnostics> {
    for (cell, column) in grid.rows[header].iter().zip(columns) {
        let name = cell.value.trim();
        if column.is_none() && !name.is_empty() && !name.eq_ignore_ascii_case("confidential") {
            let hint = concord_core::load::suggest(name, table::COLUMNS.iter().copied())
                .map(|best| format!("did you mean `{best}`?"))
                .unwrap_or_else(|| format!("the columns are {}", table::COLUMNS.join(", ")));
            return Err(tables::error(
                concord_core::diag::Code::TableHeader,
                &cell.place,
                format!("unknown column `{}`", concord_core::diag::shorten(name)),
                Some(hint),
            ));
        }
    }
    // The cells are moved out of the grid, not copied: a large table is held once.
    let rows = grid
        .rows
        .into_iter()
        .skip(header + 1)
        .map(|row| {
            let place = row
                .first()
                .map_or_else(String::new, |c| row_place(&c.place));
            let mut out = LongRow::new(place);
            for (cell, column) in row.into_iter().zip(columns) {
                if let Some(column) = column {
                    let value = if matches!(column, 20 | 21) {
                        date_text(&cell.value)
                    } else {
                        cell.value
                    };
                    out.cells[*column] = Cell {
                        value,
                        place: cell.place,
                    };
                }
            }
            out
        })
        .collect();
    Ok(rows)
}

/// The rows under a wide header: the item, the date column when there is one, each group's
/// cell.
fn wide_rows(
    grid: &Grid,
    header: usize,
    columns: &[Option<usize>],
    groups: &[(usize, String)],
) -> Vec<WideRow> {
    let item_column = columns.iter().position(|c| *c == Some(2));
    let date_column = columns.iter().position(|c| *c == Some(20));
    grid.rows[header + 1..]
        .iter()
        .filter_map(|row| {
            let item = row.get(item_column?)?.clone();
            if item.value.trim().is_empty() {
                return None;
            }
            Some(WideRow {
                place: row_place(&item.place),
                date: date_column.and_then(|n| row.get(n)).map(|cell| Cell {
                    value: date_text(&cell.value),
                    place: cell.place.clone(),
                }),
                groups: groups
                    .iter()
                    .filter_map(|(n, group)| row.get(*n).map(|cell| (group.clone(), cell.clone())))
                    .collect(),
                item,
            })
        })
        .collect()
}

/// A row's place from one of its cells' (`book.xlsx:Sheet!C7` → `book.xlsx:Sheet!7`).
fn row_place(cell_place: &str) -> String {
    match cell_place.rsplit_once('!') {
        Some((sheet, cell)) => format!(
            "{sheet}!{}",
            cell.trim_start_matches(|c: char| c.is_ascii_uppercase())
        ),
        None => cell_place.to_owned(),
    }
}

/// A date as a spreadsheet may hold it, as `YYYY-MM-DD` where it can be read unambiguously: a
/// serial number (a date cell saved as a number), `YYYY/MM/DD`, `10 Sep 2023`, `Sep 10, 2023`.
/// Anything else is left for the core to refuse with its hint (`10/09/2023` is ambiguous).
fn date_text(text: &str) -> String {
    let text = text.trim();
    if let Ok(serial) = text.parse::<f64>()
        && (20_000.0..80_000.0).contains(&serial)
        && let Some(date) = tables::serial_date(serial)
    {
        return date;
    }
    if let [y, m, d] = text.split('/').collect::<Vec<_>>()[..]
        && y.len() == 4
    {
        return format!("{y}-{m:0>2}-{d:0>2}");
    }
    const MONTHS: [&str; 12] = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    let words: Vec<String> = text
        .replace(',', " ")
        .split_whitespace()
        .map(str::to_ascii_lowercase)
        .collect();
    let month = |w: &str| MONTHS.iter().position(|m| w.starts_with(m)).map(|n| n + 1);
    let parsed = match &words[..] {
        [d, m, y] if d.parse::<u32>().is_ok() => month(m).map(|m| (y.clone(), m, d.clone())),
        [m, d, y] if d.parse::<u32>().is_ok() => month(m).map(|m| (y.clone(), m, d.clone())),
        _ => None,
    };
    match parsed {
        Some((y, m, d)) if y.len() == 4 => format!("{y}-{m:02}-{d:0>2}"),
        _ => text.to_owned(),
    }
}

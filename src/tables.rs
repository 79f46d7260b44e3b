//! Reading a coordinator's table: a CSV file (the `csv` crate: quoted commas and line breaks,
//! CRLF, a byte-order mark) or a workbook (calamine: xlsx, xls, ods), each sheet a grid of text
//! with every cell's place (`table.csv:7`, `book.xlsx:Positions!C7`). Spreadsheet dates become
//! `YYYY-MM-DD`; formulas are never run: their cached values are read, and a formula without one
//! is an error. A workbook is bounded before it is opened: its size, what its parts unpack to,
//! and its cell count.

use std::path::Path;

use calamine::{Data, Reader};
use concord_core::diag::{Code, Diagnostics};
use concord_core::interop::table::Cell;

/// The largest table file read: 64 MiB.
pub const MAX_TABLE_BYTES: u64 = 64 << 20;
/// The most a workbook's parts may unpack to: 256 MiB.
pub const MAX_UNPACKED_BYTES: u64 = 256 << 20;
/// The most cells of one sheet: 5,000,000.
pub const MAX_CELLS: usize = 5_000_000;

/// One sheet (or the CSV file), as text, with every cell's place.
pub struct Grid {
    /// The sheet's name (`None` for a CSV file).
    pub sheet: Option<String>,
    /// The rows, each cell with its place; trailing empty rows and columns dropped.
    pub rows: Vec<Vec<Cell>>,
}

/// A diagnostic at a table's place ([`concord_core::interop::table::at_place`]), alone.
pub fn error(code: Code, place: &str, message: String, hint: Option<String>) -> Diagnostics {
    Diagnostics {
        list: vec![concord_core::interop::table::at_place(
            code, place, message, hint,
        )],
        sources: Vec::new(),
    }
}

/// Every grid of the table at `path`: the CSV file's, or every sheet of a workbook.
pub fn read(path: &Path) -> Result<Vec<Grid>, Diagnostics> {
    let name = path.display().to_string();
    // Read as every input is: a regular file, at most 64 MiB, counted while reading.
    let bytes = concord_core::load::read_bounded(path, MAX_TABLE_BYTES).map_err(|e| {
        let code = if e.kind() == std::io::ErrorKind::FileTooLarge {
            Code::FileTooLarge
        } else {
            Code::UnreadableFile
        };
        error(code, &name, format!("cannot read it: {e}"), None)
    })?;
    let extension = path
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    match extension.as_str() {
        "xlsx" | "xlsm" | "xls" | "ods" => workbook(&name, bytes),
        _ => csv_grid(&name, &bytes).map(|grid| vec![grid]),
    }
}

fn csv_grid(name: &str, bytes: &[u8]) -> Result<Grid, Diagnostics> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(bytes);
    let mut rows = Vec::new();
    // (bytes counted, line breaks in them): the count goes on from the last record.
    let mut counted = (0usize, 0usize);
    for record in reader.records() {
        let record = record.map_err(|e| {
            let line = e.position().map_or(0, csv::Position::line);
            error(
                Code::TableHeader,
                &format!("{name}:{line}"),
                format!("not CSV: {e}"),
                Some("save the table as CSV (UTF-8)".into()),
            )
        })?;
        // The line the record starts on, counted here: the reader's own count lags a line
        // after a CRLF (the `\n` of one record is read as the start of the next).
        let line = record.position().map_or(rows.len() + 1, |p| {
            let mut start = usize::try_from(p.byte())
                .unwrap_or(usize::MAX)
                .min(bytes.len());
            while matches!(bytes.get(start), Some(b'\r' | b'\n')) {
                start += 1;
            }
            let start = start.max(counted.0);
            counted.1 += bytes[counted.0..start]
                .iter()
                .filter(|b| **b == b'\n')
                .count();
            counted.0 = start;
            counted.1 + 1
        });
        let place: std::sync::Arc<str> = format!("{name}:{line}").into();
        rows.push(
            record
                .iter()
                .map(|field| Cell {
                    value: concord_print::escape::csv::unshown(
                        concord_print::escape::csv::undefuse(field),
                    )
                    .into_owned(),
                    place: place.clone(),
                })
                .collect(),
        );
        if rows.len() * 24 > MAX_CELLS * 4 {
            return Err(error(
                Code::FileTooLarge,
                name,
                format!("it has more than {} rows", rows.len()),
                None,
            ));
        }
    }
    Ok(Grid {
        sheet: None,
        rows: trimmed(rows),
    })
}

/// Trailing empty cells of each row, and trailing empty rows, dropped.
fn trimmed(mut rows: Vec<Vec<Cell>>) -> Vec<Vec<Cell>> {
    for row in &mut rows {
        while row.last().is_some_and(|c| c.value.trim().is_empty()) {
            row.pop();
        }
    }
    while rows.last().is_some_and(Vec::is_empty) {
        rows.pop();
    }
    rows
}

/// Every sheet of a workbook, bounded before it is opened.
fn workbook(name: &str, bytes: Vec<u8>) -> Result<Vec<Grid>, Diagnostics> {
    let not_a_table = |message: String| {
        error(
            Code::TableHeader,
            name,
            message,
            Some("open it in its spreadsheet and save it again as xlsx or CSV".into()),
        )
    };
    if bytes.starts_with(b"PK") {
        let mut archive = zip::ZipArchive::new(std::io::Cursor::new(&bytes))
            .map_err(|e| not_a_table(format!("a corrupt workbook: {e}")))?;
        let mut unpacked: u64 = 0;
        for index in 0..archive.len() {
            let part = archive
                .by_index_raw(index)
                .map_err(|e| not_a_table(format!("a corrupt workbook: {e}")))?;
            unpacked = unpacked.saturating_add(part.size());
        }
        if unpacked > MAX_UNPACKED_BYTES {
            return Err(error(
                Code::FileTooLarge,
                name,
                format!(
                    "its parts unpack to {unpacked} bytes, over the {MAX_UNPACKED_BYTES}-byte limit"
                ),
                Some("a workbook that large is refused before it is opened".into()),
            ));
        }
    }
    let mut book =
        calamine::open_workbook_auto_from_rs(std::io::Cursor::new(bytes)).map_err(|e| {
            not_a_table(format!(
                "not a workbook concord can read (corrupt or encrypted?): {e}"
            ))
        })?;
    let mut grids = Vec::new();
    for sheet in book.sheet_names() {
        let range = book
            .worksheet_range(&sheet)
            .map_err(|e| not_a_table(format!("sheet `{sheet}` cannot be read: {e}")))?;
        let (height, width) = range.get_size();
        if height.saturating_mul(width) > MAX_CELLS {
            return Err(error(
                Code::FileTooLarge,
                &format!("{name}:{sheet}"),
                format!("{height} × {width} cells, over the {MAX_CELLS}-cell limit"),
                None,
            ));
        }
        let formulas = book.worksheet_formula(&sheet).ok();
        let (top, left) = range.start().unwrap_or((0, 0));
        let mut rows = Vec::with_capacity(height);
        for (r, row) in range.rows().enumerate() {
            let mut cells = Vec::with_capacity(row.len());
            for (c, data) in row.iter().enumerate() {
                let (abs_row, abs_col) = (top as usize + r, left as usize + c);
                let place = format!("{name}:{sheet}!{}{}", column_letters(abs_col), abs_row + 1);
                let value = cell_text(data).ok_or_else(|| {
                    error(
                        Code::TableCell,
                        &place,
                        format!("the cell holds an error value ({data})"),
                        Some("correct the formula or clear the cell".into()),
                    )
                })?;
                if value.is_empty() && has_formula(formulas.as_ref(), abs_row, abs_col) {
                    return Err(error(
                        Code::TableHeader,
                        &place,
                        "a formula without a cached value (concord never runs formulas)".into(),
                        Some(
                            "open the workbook in its spreadsheet, recalculate and save it".into(),
                        ),
                    ));
                }
                cells.push(Cell {
                    value,
                    place: place.into(),
                });
            }
            rows.push(cells);
        }
        grids.push(Grid {
            sheet: Some(sheet),
            rows: trimmed(rows),
        });
    }
    Ok(grids)
}

fn has_formula(formulas: Option<&calamine::Range<String>>, row: usize, col: usize) -> bool {
    let (Ok(row), Ok(col)) = (u32::try_from(row), u32::try_from(col)) else {
        return false;
    };
    formulas
        .and_then(|f| f.get_value((row, col)))
        .is_some_and(|formula| !formula.is_empty())
}

/// A cell as text: numbers in their shortest form, dates `YYYY-MM-DD`; `None` for an error.
fn cell_text(data: &Data) -> Option<String> {
    Some(match data {
        Data::Empty => String::new(),
        // A workbook's text cell is text (Excel keeps no typed `'`): read as it is.
        Data::String(s) => s.clone(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) => format!("{f}"),
        Data::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_owned(),
        Data::DateTime(date) => serial_date(date.as_f64()).unwrap_or_else(|| date.to_string()),
        Data::DateTimeIso(iso) => iso.split('T').next().unwrap_or(iso).to_owned(),
        Data::DurationIso(d) => d.clone(),
        Data::Error(_) => return None,
    })
}

/// An Excel serial date (days since 1899-12-30) as `YYYY-MM-DD`.
pub fn serial_date(serial: f64) -> Option<String> {
    if !(1.0..=2_958_465.0).contains(&serial) {
        return None;
    }
    // Days since 1970-01-01, then the civil date (Howard Hinnant's algorithm).
    #[allow(clippy::cast_possible_truncation)]
    let days = serial.floor() as i64 - 25_569;
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    Some(format!("{year:04}-{month:02}-{day:02}"))
}

/// A Decide line's fields, read by the `csv` crate: tab-separated, each optionally in single
/// quotes, a quoted field keeping its tabs (`'a\tb'` is one field) and `''` standing for `'`.
pub fn decide_fields(line: &str) -> Vec<String> {
    let line = line.strip_suffix('\r').unwrap_or(line);
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(b'\t')
        .quote(b'\'')
        .has_headers(false)
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(line.as_bytes());
    let mut record = csv::StringRecord::new();
    match reader.read_record(&mut record) {
        Ok(true) => record.iter().map(str::to_owned).collect(),
        // Not CSV (an unclosed quote at the end is read as text to the end by the reader; any
        // other error): the plain cut, so the row is still checked field by field.
        _ => concord_core::interop::decide::simple_fields(line),
    }
}

/// `A`, `B`, …, `Z`, `AA`, … for a 0-based column.
pub fn column_letters(mut col: usize) -> String {
    let mut letters = Vec::new();
    loop {
        letters.push(char::from(b'A' + u8::try_from(col % 26).unwrap_or(0)));
        if col < 26 {
            break;
        }
        col = col / 26 - 1;
    }
    letters.iter().rev().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serial_dates_and_column_letters() {
        assert_eq!(serial_date(45_179.0).as_deref(), Some("2023-09-10"));
        assert_eq!(serial_date(25_569.0).as_deref(), Some("1970-01-01"));
        assert_eq!(serial_date(0.0), None);
        assert_eq!(column_letters(0), "A");
        assert_eq!(column_letters(25), "Z");
        assert_eq!(column_letters(26), "AA");
        assert_eq!(column_letters(27 * 26), "AAA");
    }

    #[test]
    fn decide_fields_keep_a_tab_inside_quotes() {
        assert_eq!(
            decide_fields("#A\t'EU'\t'European\tUnion'\r"),
            ["#A", "EU", "European\tUnion"]
        );
        assert_eq!(
            decide_fields("#D\tEU\tX\t50\t0.5\t1"),
            ["#D", "EU", "X", "50", "0.5", "1"]
        );
        assert_eq!(
            decide_fields("#A\t'O''Brien'\tname"),
            ["#A", "O'Brien", "name"]
        );
    }
}

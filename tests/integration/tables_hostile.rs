//! `concord import table` given hostile tables, through the real binary in a copy of the base
//! fixture: corrupt and truncated workbooks, a zip bomb, formulas without a cached value, error
//! cells, files too large, a FIFO and a directory, rows that contradict each other or the
//! files, and text meant to reach a terminal. Every refusal exits 2 with its code and the place
//! in stderr, and leaves every positions file byte for byte as it was.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::{Duration, Instant};

use calamine::Reader;
use concord_core::interop::table::COLUMNS;

/// No case may take longer (a FIFO read would block forever).
const LIMIT: Duration = Duration::from_secs(60);

/// Runs the binary in `dir` without colour; a run that outlives [`LIMIT`] is killed and fails
/// the test (the hostile corpus's runner).
fn run_in(dir: &Path, args: &[&str]) -> Output {
    let mut all = args.to_vec();
    all.extend(["--color", "never"]);
    crate::hostile::run_in(dir, &all, LIMIT)
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// Every `.ron` file under `dir` (the scenario and its positions files) with its bytes.
fn ron_files(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_owned()];
    while let Some(next) = stack.pop() {
        for entry in std::fs::read_dir(&next).unwrap() {
            let path = entry.unwrap().path();
            if std::fs::symlink_metadata(&path).unwrap().is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "ron") {
                let bytes = std::fs::read(&path).unwrap();
                out.push((path, bytes));
            }
        }
    }
    out.sort();
    out
}

/// No raw control character (ESC above all) or bidirectional override reaches the terminal.
fn assert_inert(text: &str, what: &str) {
    assert!(!text.contains('\u{1b}'), "{what}: an ESC byte\n{text}");
    assert!(
        !text.contains(['\u{202E}', '\u{202D}', '\u{2066}', '\u{2067}', '\u{2068}']),
        "{what}: a raw bidirectional control\n{text}"
    );
    assert!(
        !text
            .chars()
            .any(|c| c.is_control() && c != '\n' && c != '\t'),
        "{what}: a raw control character\n{text:?}"
    );
}

/// `concord import table TABLE --scenario scenario.ron ARGS` in `dir` must exit 2 with
/// `error[CODE]` and `PLACE` in stderr, and change no `.ron` file. Returns stderr.
fn refused(dir: &Path, table: &str, args: &[&str], code: &str, place: &str) -> String {
    let before = ron_files(dir);
    let mut all = vec!["import", "table", table, "--scenario", "scenario.ron"];
    all.extend_from_slice(args);
    let output = run_in(dir, &all);
    let err = stderr(&output);
    assert_eq!(output.status.code(), Some(2), "{table}: {err}");
    assert!(
        err.contains(&format!("error[{code}]")),
        "{table}: not {code}\n{err}"
    );
    assert!(
        err.contains(&format!("in {place}")),
        "{table}: not at {place}\n{err}"
    );
    assert!(!err.contains("panicked"), "{table}: a panic\n{err}");
    assert!(err.contains("nothing was written"), "{table}: {err}");
    assert_inert(&err, table);
    assert!(
        ron_files(dir) == before,
        "{table}: a positions file changed though the import was refused"
    );
    err
}

/// A CSV line of the long layout: `fields` by column name, the others empty.
fn long_row(fields: &[(&str, &str)]) -> String {
    let record: Vec<&str> = COLUMNS
        .iter()
        .map(|column| {
            fields
                .iter()
                .find(|(name, _)| name == column)
                .map_or("", |(_, value)| value)
        })
        .collect();
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer.write_record(&record).unwrap();
    String::from_utf8(writer.into_inner().unwrap()).unwrap()
}

/// The long header and `rows`, as a CSV file.
fn long_csv(rows: &[&[(&str, &str)]]) -> String {
    let mut text = format!("{}\n", COLUMNS.join(","));
    for row in rows {
        text.push_str(&long_row(row));
    }
    text
}

/// A dated version of CEPT's cell on 1.1 preferring `option`.
fn cept(option: &'static str, as_of: &'static str) -> Vec<(&'static str, &'static str)> {
    vec![
        ("group", "CEPT"),
        ("item", "1.1"),
        ("stance", "options"),
        ("prefers", option),
        ("provenance", "sourced"),
        ("source", "a hostile table"),
        ("as of", as_of),
    ]
}

/// `concord export table` (long CSV) of the scenario in `dir`.
fn export_long(dir: &Path) -> String {
    let output = run_in(dir, &["export", "table", "scenario.ron"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    String::from_utf8(output.stdout).unwrap()
}

/// `concord export` (the validated model as JSON) of the scenario in `dir`.
fn export_json(dir: &Path) -> String {
    let output = run_in(dir, &["export", "scenario.ron"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    String::from_utf8(output.stdout).unwrap()
}

/// The base fixture's workbook, `concord export table --format xlsx`.
fn real_workbook(dir: &Path) -> Vec<u8> {
    let path = dir.join("real.xlsx");
    let output = run_in(
        dir,
        &[
            "export",
            "table",
            "scenario.ron",
            "--format",
            "xlsx",
            "-o",
            "real.xlsx",
        ],
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let bytes = std::fs::read(&path).unwrap();
    std::fs::remove_file(path).unwrap();
    bytes
}

#[test]
fn tables_corrupt_and_truncated_workbooks_are_refused() {
    let dir = crate::copy_base();
    // Bytes from a fixed generator (xorshift): not a zip, not an old Excel file.
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    let random: Vec<u8> = (0..8192)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state.to_le_bytes()[0]
        })
        .collect();
    std::fs::write(dir.path().join("random.xlsx"), random).unwrap();
    let err = refused(
        dir.path(),
        "random.xlsx",
        &[],
        "table-header",
        "random.xlsx",
    );
    assert!(err.contains("save it again"), "{err}");

    let real = real_workbook(dir.path());
    for (name, cut) in [
        ("half.xlsx", real.len() / 2),
        ("head.xlsx", 64),
        ("tail.xlsx", real.len() - 10),
    ] {
        std::fs::write(dir.path().join(name), &real[..cut]).unwrap();
        refused(dir.path(), name, &[], "table-header", name);
    }
    // The same bytes named .csv are read as a CSV file: not a table either.
    std::fs::write(dir.path().join("half.csv"), &real[..real.len() / 2]).unwrap();
    let err = run_in(
        dir.path(),
        &["import", "table", "half.csv", "--scenario", "scenario.ron"],
    );
    assert_eq!(err.status.code(), Some(2), "{}", stderr(&err));
    assert_inert(&stderr(&err), "half.csv");
}

#[test]
fn tables_a_zip_bomb_is_refused_before_it_is_unpacked() {
    let dir = crate::copy_base();
    let path = dir.path().join("bomb.xlsx");
    {
        let file = std::fs::File::create(&path).unwrap();
        let mut zip = zip::ZipWriter::new(file);
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated)
            .large_file(true);
        zip.start_file("[Content_Types].xml", options).unwrap();
        zip.write_all(br#"<?xml version="1.0" encoding="UTF-8"?><Types/>"#)
            .unwrap();
        // 300 MiB of one byte: deflate packs it a thousandfold.
        zip.start_file("xl/worksheets/sheet1.xml", options).unwrap();
        let block = vec![b' '; 1 << 20];
        for _ in 0..300 {
            zip.write_all(&block).unwrap();
        }
        zip.finish().unwrap();
    }
    let size = std::fs::metadata(&path).unwrap().len();
    assert!(size < 2 << 20, "the bomb itself is small: {size} bytes");
    let started = Instant::now();
    let err = refused(dir.path(), "bomb.xlsx", &[], "file-too-large", "bomb.xlsx");
    assert!(err.contains("unpack"), "{err}");
    assert!(
        started.elapsed() < Duration::from_secs(20),
        "refused without unpacking: {:?}",
        started.elapsed()
    );
}

/// A workbook with the long header in row 1 and CEPT's row in row 2, one of whose cells is
/// written by `cell` (a formula, an error value).
fn workbook_with(path: &Path, cell: impl FnOnce(&mut rust_xlsxwriter::Worksheet, u32, u16)) {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    for (col, name) in COLUMNS.iter().enumerate() {
        sheet
            .write_string(0, u16::try_from(col).unwrap(), *name)
            .unwrap();
    }
    let note = u16::try_from(COLUMNS.iter().position(|c| *c == "note").unwrap()).unwrap();
    for (name, value) in cept("a", "2023-10-20") {
        let col = COLUMNS.iter().position(|c| *c == name).unwrap();
        sheet
            .write_string(1, u16::try_from(col).unwrap(), value)
            .unwrap();
    }
    cell(sheet, 1, note);
    book.save(path).unwrap();
}

#[test]
fn tables_a_formula_without_a_cached_value_is_never_run() {
    let dir = crate::copy_base();
    let path = dir.path().join("formula.xlsx");
    // rust_xlsxwriter caches 0 as every formula's value unless told otherwise (calamine reads
    // that 0, never 3); an empty default leaves the value out, as a program that never
    // calculated would.
    let cached = |path: &Path| {
        let mut book = calamine::open_workbook_auto(path).unwrap();
        let values = book.worksheet_range("Sheet1").unwrap();
        let formulas = book.worksheet_formula("Sheet1").unwrap();
        assert_eq!(formulas.get_value((1, 22)).map(String::as_str), Some("1+2"));
        values.get_value((1, 22)).cloned()
    };
    workbook_with(&path, |sheet, row, col| {
        sheet.write_formula(row, col, "=1+2").unwrap();
    });
    assert_eq!(cached(&path), Some(calamine::Data::Float(0.0)));
    workbook_with(&path, |sheet, row, col| {
        sheet.set_formula_result_default("");
        sheet.write_formula(row, col, "=1+2").unwrap();
    });
    let value = cached(&path);
    assert!(
        matches!(&value, None | Some(calamine::Data::Empty))
            || value == Some(calamine::Data::String(String::new())),
        "a cached value: {value:?}"
    );

    let err = refused(
        dir.path(),
        "formula.xlsx",
        &[],
        "table-header",
        "formula.xlsx:Sheet1!W2",
    );
    assert!(err.contains("never runs formulas"), "{err}");
    assert!(err.contains("recalculate"), "{err}");
}

#[test]
fn tables_an_error_cell_in_a_used_column_is_refused_at_its_place() {
    let dir = crate::copy_base();
    let path = dir.path().join("div0.xlsx");
    workbook_with(&path, |sheet, row, col| {
        sheet
            .write_formula(
                row,
                col,
                rust_xlsxwriter::Formula::new("=1/0").set_result("#DIV/0!"),
            )
            .unwrap();
    });
    let err = refused(
        dir.path(),
        "div0.xlsx",
        &[],
        "table-cell",
        "div0.xlsx:Sheet1!W2",
    );
    assert!(err.contains("#DIV/0!"), "{err}");
}

#[test]
fn tables_csv_without_a_header_or_with_unknown_names_is_refused_at_its_place() {
    let dir = crate::copy_base();
    let at = |name: &str, text: &str| std::fs::write(dir.path().join(name), text).unwrap();

    at("table.csv", "a,b,c\n1,2,3\n");
    let err = refused(dir.path(), "table.csv", &[], "table-header", "table.csv");
    assert!(err.contains("no header row"), "{err}");
    at("table.csv", "");
    refused(dir.path(), "table.csv", &[], "table-header", "table.csv");

    // The whole long table of the scenario, its first row's group mistyped.
    let long = export_long(dir.path());
    let (header, rows) = long.split_once("\r\n").unwrap();
    assert!(rows.starts_with("CEPT,"), "{rows}");
    at("table.csv", &format!("{header}\r\nCEPTT{}", &rows[4..]));
    let err = refused(dir.path(), "table.csv", &[], "table-cell", "table.csv:2");
    assert!(err.contains("unknown group `CEPTT`"), "{err}");
    assert!(err.contains("did you mean `CEPT`"), "{err}");

    at("table.csv", &long_csv(&[&cept("zz", "2023-10-20")]));
    let err = refused(dir.path(), "table.csv", &[], "table-cell", "table.csv:2");
    assert!(err.contains("unknown option `zz`"), "{err}");
    assert!(err.contains("noc, a, b"), "{err}");

    let mut row = cept("a", "2023-10-20");
    row.push(("item", "1.9"));
    row.swap_remove(1);
    at("table.csv", &long_csv(&[&cept("a", "2023-10-21"), &row]));
    let err = refused(dir.path(), "table.csv", &[], "table-cell", "table.csv:3");
    assert!(err.contains("`1.9`"), "{err}");

    at("table.csv", &long_csv(&[&cept("a", "10/09/2023")]));
    let err = refused(dir.path(), "table.csv", &[], "table-cell", "table.csv:2");
    assert!(err.contains("`10/09/2023` is not a date"), "{err}");
    assert!(err.contains("YYYY-MM-DD"), "{err}");
}

#[test]
fn tables_rows_that_contradict_each_other_or_the_files() {
    let dir = crate::copy_base();
    let table = dir.path().join("table.csv");
    let original = std::fs::read_to_string(dir.path().join("cept.ron")).unwrap();

    // Two rows for one cell and date.
    std::fs::write(
        &table,
        long_csv(&[&cept("a", "2023-10-20"), &cept("b", "2023-10-20")]),
    )
    .unwrap();
    let err = refused(
        dir.path(),
        "table.csv",
        &[],
        "duplicate-position",
        "table.csv:3",
    );
    assert!(err.contains("table.csv:2"), "names the first row: {err}");

    // A different version with the date of one the file has.
    std::fs::write(&table, long_csv(&[&cept("a", "2023-09-10")])).unwrap();
    let err = refused(
        dir.path(),
        "table.csv",
        &[],
        "version-conflict",
        "table.csv:2",
    );
    assert!(err.contains("--force"), "{err}");

    // --dry-run: the change printed, nothing written.
    let output = run_in(
        dir.path(),
        &[
            "import",
            "table",
            "table.csv",
            "--scenario",
            "scenario.ron",
            "--dry-run",
            "--force",
        ],
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert!(stdout.contains("nothing was written"), "{stdout}");
    assert!(stdout.contains("1 replaced"), "{stdout}");
    assert_eq!(
        std::fs::read_to_string(dir.path().join("cept.ron")).unwrap(),
        original
    );

    // --force: the version replaced.
    let output = run_in(
        dir.path(),
        &[
            "--force",
            "import",
            "table",
            "table.csv",
            "--scenario",
            "scenario.ron",
        ],
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let long = export_long(dir.path());
    let cept_rows: Vec<&str> = long
        .lines()
        .filter(|line| line.starts_with("CEPT,,1.1,"))
        .collect();
    assert_eq!(cept_rows.len(), 1, "{long}");
    assert!(
        cept_rows[0].starts_with("CEPT,,1.1,options,a,")
            && cept_rows[0].contains("a hostile table,2023-09-10"),
        "{long}"
    );
    // The other cells of the file are as they were.
    let after = std::fs::read_to_string(dir.path().join("cept.ron")).unwrap();
    assert!(after.contains("item: \"9.1\""), "{after}");
    assert!(
        !after.contains("EUR/1A1/1"),
        "the old version is gone: {after}"
    );
}

#[test]
fn tables_a_table_too_large_a_fifo_or_a_directory_is_refused_at_once() {
    let dir = crate::copy_base();
    // 65 MiB, sparse: the limit is 64 MiB.
    let big = std::fs::File::create(dir.path().join("big.csv")).unwrap();
    big.set_len(65 << 20).unwrap();
    drop(big);
    refused(dir.path(), "big.csv", &[], "file-too-large", "big.csv");
    let big = std::fs::File::create(dir.path().join("big.xlsx")).unwrap();
    big.set_len(65 << 20).unwrap();
    drop(big);
    refused(dir.path(), "big.xlsx", &[], "file-too-large", "big.xlsx");

    for name in ["fifo.csv", "fifo.xlsx"] {
        let status = Command::new("mkfifo")
            .arg(dir.path().join(name))
            .status()
            .unwrap();
        assert!(status.success(), "mkfifo");
        let err = refused(dir.path(), name, &[], "unreadable-file", name);
        assert!(err.contains("FIFO"), "{err}");
    }
    std::fs::create_dir(dir.path().join("dir.csv")).unwrap();
    let err = refused(dir.path(), "dir.csv", &[], "unreadable-file", "dir.csv");
    assert!(err.contains("directory"), "{err}");
    refused(
        dir.path(),
        "missing.csv",
        &[],
        "unreadable-file",
        "missing.csv",
    );
}

#[test]
fn tables_control_characters_in_cells_never_reach_the_terminal_raw() {
    let dir = crate::copy_base();
    let hostile = "\u{1b}[31mred\u{1b}]0;title\u{7}\u{202E}txt.exe\u{8}\u{0}";
    let table = dir.path().join("table.csv");
    for (column, code) in [
        ("group", "table-cell"),
        ("prefers", "table-cell"),
        ("item", "table-cell"),
        ("as of", "table-cell"),
    ] {
        let mut row = cept("a", "2023-10-20");
        row.retain(|(name, _)| *name != column);
        row.push((column, hostile));
        std::fs::write(&table, long_csv(&[&row])).unwrap();
        refused(dir.path(), "table.csv", &[], code, "table.csv:2");
    }
    // In a header cell.
    std::fs::write(
        &table,
        format!(
            "{},{hostile}\n{}",
            COLUMNS.join(","),
            long_row(&cept("a", "2023-10-20"))
        ),
    )
    .unwrap();
    refused(dir.path(), "table.csv", &[], "table-header", "table.csv:1");
    // In a free-text field, accepted: neither output carries it raw.
    let mut row = cept("a", "2023-10-20");
    row.push(("note", hostile));
    std::fs::write(&table, long_csv(&[&row])).unwrap();
    let output = run_in(
        dir.path(),
        &[
            "import",
            "table",
            "table.csv",
            "--scenario",
            "scenario.ron",
            "--dry-run",
        ],
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_inert(&stderr(&output), "stderr of a dry run");
    assert_inert(
        &String::from_utf8_lossy(&output.stdout),
        "stdout of a dry run",
    );
}

#[test]
fn tables_formula_like_text_round_trips_through_csv_and_xlsx() {
    let dir = crate::copy_base();
    let cept_file = dir.path().join("cept.ron");
    let text = std::fs::read_to_string(&cept_file).unwrap();
    std::fs::write(
        &cept_file,
        text.replace("note: \"a public note\"", "note: \"=1+2\"")
            .replace("reference: \"EUR/1A1/1\"", "reference: \"@SUM(A1)\"")
            .replace(
                "source: \"test fixture document 1\"",
                "source: \"+cmd|' /C calc'!A0\"",
            ),
    )
    .unwrap();
    let json = export_json(dir.path());
    assert!(json.contains("\"=1+2\""), "{json}");
    let long = export_long(dir.path());
    // Defused in the CSV: a spreadsheet shows the text and runs nothing.
    assert!(long.contains(",'=1+2,"), "{long}");
    assert!(long.contains(",'@SUM(A1),"), "{long}");
    assert!(!long.contains(",=1+2,"), "{long}");
    std::fs::write(dir.path().join("table.csv"), &long).unwrap();
    let output = run_in(
        dir.path(),
        &[
            "import",
            "table",
            "table.csv",
            "--scenario",
            "scenario.ron",
            "--replace",
        ],
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(export_json(dir.path()), json, "changed by a CSV round trip");
    assert!(
        std::fs::read_to_string(&cept_file)
            .unwrap()
            .contains("note: \"=1+2\""),
        "the note as it was"
    );

    // The same through the workbook.
    let workbook = real_workbook(dir.path());
    std::fs::write(dir.path().join("table.xlsx"), workbook).unwrap();
    let output = run_in(
        dir.path(),
        &[
            "import",
            "table",
            "table.xlsx",
            "--scenario",
            "scenario.ron",
            "--replace",
        ],
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(
        export_json(dir.path()),
        json,
        "changed by an xlsx round trip"
    );
}

//! The coordinator's workbook in LibreOffice: its Comparison sheet, saved by LibreOffice as CSV,
//! is concord's wide table record for record; LibreOffice prints it to PDF; and saved as an
//! OpenDocument spreadsheet, it imports back into the scenario it came from, exactly.
//!
//! Ignored by a plain `cargo test` ("needs libreoffice"); run with `--ignored` (CI does), each
//! test fails without LibreOffice rather than pass having checked nothing.

use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const BIN: &str = env!("CARGO_BIN_EXE_concord");
/// The Comparison sheet is the workbook's second.
const COMPARISON: usize = 2;

/// `concord ARGS` in the package root, which must succeed; its standard output.
fn concord(args: &[&OsStr]) -> Vec<u8> {
    let output = Command::new(BIN)
        .args(args)
        .args(["--color", "never"])
        .output()
        .expect("concord runs");
    assert!(
        output.status.success(),
        "concord {args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    output.stdout
}

/// The bundled PP-14 as a workbook in `dir`.
fn workbook(dir: &Path) -> PathBuf {
    let path = dir.join("pp14.xlsx");
    concord(&[
        "export".as_ref(),
        "table".as_ref(),
        "--format".as_ref(),
        "xlsx".as_ref(),
        "-o".as_ref(),
        path.as_os_str(),
    ]);
    assert!(path.is_file(), "no workbook written");
    path
}

/// LibreOffice on the PATH (the tests are ignored with the reason "needs libreoffice").
fn soffice() -> PathBuf {
    let path = std::env::var_os("PATH").unwrap_or_default();
    ["soffice", "libreoffice"]
        .iter()
        .flat_map(|name| std::env::split_paths(&path).map(move |dir| dir.join(name)))
        .find(|candidate| candidate.is_file())
        .unwrap_or_else(|| {
            panic!("this test needs soffice on the PATH (Debian: apt-get install libreoffice-calc-nogui)")
        })
}

/// `soffice --headless --convert-to FILTER --outdir OUT INPUT` with a fresh profile (parallel
/// conversions must not share, and lock, one); returns the files LibreOffice wrote in `out`.
fn convert(input: &Path, filter: &str, out: &Path) -> Vec<PathBuf> {
    let profile = tempfile::tempdir().unwrap();
    let installation = format!("-env:UserInstallation=file://{}", profile.path().display());
    std::fs::create_dir_all(out).unwrap();
    let output: Output = Command::new(soffice())
        .arg(installation)
        .args(["--headless", "--convert-to", filter, "--outdir"])
        .arg(out)
        .arg(input)
        .output()
        .expect("soffice runs");
    assert!(
        output.status.success(),
        "soffice --convert-to {filter}: {}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    let mut files: Vec<PathBuf> = std::fs::read_dir(out)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .collect();
    files.sort();
    files
}

/// A CSV file's records, each field with the `'` concord puts before formula-like text taken
/// off (a spreadsheet shows that text as it is).
fn records(bytes: &[u8]) -> Vec<Vec<String>> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes));
    reader
        .records()
        .map(|record| {
            record
                .expect("a CSV record")
                .iter()
                .map(|field| concord_print::escape::csv::undefuse(field).to_owned())
                .collect()
        })
        .collect()
}

#[test]
#[ignore = "needs libreoffice; CI runs it with --ignored"]
fn tables_libreoffice_reads_the_comparison_sheet_as_the_wide_csv() {
    let dir = tempfile::tempdir().unwrap();
    let book = workbook(dir.path());
    // Field 12 of the CSV filter's options: the sheet's number.
    let filter = format!(
        "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,{COMPARISON}"
    );
    let out = dir.path().join("csv");
    let files = convert(&book, &filter, &out);
    // LibreOffice names a single sheet's CSV after the workbook and the sheet.
    let sheet = out.join("pp14-Comparison.csv");
    assert_eq!(
        files,
        std::slice::from_ref(&sheet),
        "LibreOffice wrote {files:?}"
    );
    let office = records(&std::fs::read(&sheet).unwrap());

    let wide = concord(&[
        "export".as_ref(),
        "table".as_ref(),
        "--layout".as_ref(),
        "wide".as_ref(),
    ]);
    let ours = records(&wide);
    assert_eq!(
        ours[0][..7],
        [
            "item",
            "title",
            "lead",
            "background",
            "options",
            "status",
            "CEPT"
        ],
        "the wide header"
    );
    assert!(ours.len() > 10, "a row per PP-14 item");
    assert_eq!(office.len(), ours.len(), "the number of records");
    for (n, (theirs, ours)) in office.iter().zip(&ours).enumerate() {
        assert_eq!(theirs, ours, "record {n}");
    }
}

#[test]
#[ignore = "needs libreoffice; CI runs it with --ignored"]
fn tables_libreoffice_prints_the_workbook_to_pdf() {
    let dir = tempfile::tempdir().unwrap();
    let book = workbook(dir.path());
    let out = dir.path().join("pdf");
    let files = convert(&book, "pdf", &out);
    let pdf = out.join("pp14.pdf");
    assert_eq!(
        files,
        std::slice::from_ref(&pdf),
        "LibreOffice wrote {files:?}"
    );
    let bytes = std::fs::read(&pdf).unwrap();
    assert!(bytes.starts_with(b"%PDF-"), "not a PDF");
    assert!(bytes.len() > 10_000, "an empty PDF: {} bytes", bytes.len());
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

#[test]
#[ignore = "needs libreoffice; CI runs it with --ignored"]
fn tables_the_workbook_saved_by_libreoffice_as_ods_imports_back_exactly() {
    let dir = tempfile::tempdir().unwrap();
    let book = workbook(dir.path());
    let out = dir.path().join("ods");
    let files = convert(&book, "ods", &out);
    let ods = out.join("pp14.ods");
    assert_eq!(
        files,
        std::slice::from_ref(&ods),
        "LibreOffice wrote {files:?}"
    );

    // A copy of the repository's scenarios and positions, PP-14's group files emptied.
    let tree = dir.path().join("tree");
    for top in ["scenarios", "positions"] {
        copy_dir(Path::new(top), &tree.join(top));
    }
    let mut emptied = 0;
    for entry in std::fs::read_dir(tree.join("positions/pp14")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "ron") {
            let group = path
                .file_stem()
                .unwrap()
                .to_string_lossy()
                .to_ascii_uppercase();
            std::fs::write(
                &path,
                format!("Positions(group: \"{group}\", conference: \"PP-14\", positions: [])\n"),
            )
            .unwrap();
            emptied += 1;
        }
    }
    assert_eq!(emptied, 6, "the six PP-14 groups");
    let scenario = tree.join("scenarios/pp14.ron");
    let emptied_export = concord(&["export".as_ref(), scenario.as_os_str()]);
    let expected = concord(&["export".as_ref(), "scenarios/pp14.ron".as_ref()]);
    assert_ne!(emptied_export, expected, "the files were emptied");

    let report = concord(&[
        "import".as_ref(),
        "table".as_ref(),
        ods.as_os_str(),
        "--scenario".as_ref(),
        scenario.as_os_str(),
        "--replace".as_ref(),
    ]);
    let report = String::from_utf8(report).unwrap();
    assert!(report.contains("(long layout)"), "{report}");
    let imported = concord(&["export".as_ref(), scenario.as_os_str()]);
    assert!(
        imported == expected,
        "the scenario imported from LibreOffice's ods differs from the repository's:\n{}",
        first_difference(&imported, &expected)
    );
}

/// The first differing line of two texts, for the failure message.
fn first_difference(left: &[u8], right: &[u8]) -> String {
    let (left, right) = (
        String::from_utf8_lossy(left),
        String::from_utf8_lossy(right),
    );
    left.lines()
        .zip(right.lines())
        .enumerate()
        .find(|(_, (l, r))| l != r)
        .map_or_else(
            || "one is a prefix of the other".into(),
            |(n, (l, r))| format!("line {}: {l}\n   vs: {r}", n + 1),
        )
}

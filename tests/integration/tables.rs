//! The coordinator's table, both ways, through the real binary: export (long, wide, xlsx),
//! import (lossless round trips, dated versions merged into files that keep their comments,
//! the wide table a coordinator types), and errors named at their place.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const BIN: &str = env!("CARGO_BIN_EXE_concord");

fn concord(args: &[&str], dir: &Path) -> Output {
    Command::new(BIN)
        .args(args)
        .args(["--color", "never"])
        .current_dir(dir)
        .output()
        .expect("the binary runs")
}

use super::succeeded as ok;

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// A copy of the repository's `scenarios/` and `positions/`.
fn tree() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for top in ["scenarios", "positions"] {
        copy_dir(Path::new(top), &dir.path().join(top));
    }
    dir
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

/// Every PP-14 group file emptied: an import with `--replace` must then write them all.
fn empty_pp14(dir: &Path) {
    for group in ["CEPT", "CITEL", "APT", "ATU", "ARB", "RCC"] {
        std::fs::write(
            dir.join(format!("positions/pp14/{}.ron", group.to_lowercase())),
            format!("Positions(group: \"{group}\", conference: \"PP-14\", positions: [])\n"),
        )
        .unwrap();
    }
}

fn repo() -> PathBuf {
    std::env::current_dir().unwrap()
}

#[test]
fn pp14_round_trips_through_the_long_table_in_csv_and_xlsx() {
    let export = ok(&concord(&["export", "scenarios/pp14.ron"], &repo()));
    for format in ["csv", "xlsx"] {
        let dir = tree();
        let table = dir.path().join(format!("pp14.{format}"));
        ok(&concord(
            &[
                "export",
                "table",
                "scenarios/pp14.ron",
                "--format",
                format,
                "-o",
                table.to_str().unwrap(),
            ],
            dir.path(),
        ));
        empty_pp14(dir.path());
        let imported = ok(&concord(
            &[
                "import",
                "table",
                table.to_str().unwrap(),
                "--scenario",
                "scenarios/pp14.ron",
                "--replace",
            ],
            dir.path(),
        ));
        assert!(imported.contains("101 replaced"), "{imported}");
        let again = ok(&concord(&["export", "scenarios/pp14.ron"], dir.path()));
        assert_eq!(
            again, export,
            "{format}: the model changed in the round trip"
        );
    }
}

#[test]
fn the_long_csv_has_a_column_per_field_and_a_row_per_entry() {
    let csv = ok(&concord(&["export", "table"], &repo()));
    let mut lines = csv.split("\r\n");
    assert_eq!(
        lines.next().unwrap(),
        "group,member state,item,stance,prefers,accepts,conditions,opposes,at,range,limits,\
         salience,salience basis,flexibility,flexibility basis,maturity,reference,tallies,\
         provenance,source,as of,published,note,text"
    );
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    // PP-14: 6 groups × 14 items written in the files, plus 17 member states' positions.
    assert_eq!(rows.len(), 101);
    assert!(rows.iter().all(|row| row.len() == 24));
    let usa = rows
        .iter()
        .find(|row| &row[1] == "USA" && &row[2] == "stable-constitution")
        .expect("the United States' own position is a row");
    assert_eq!(&usa[0], "CITEL");
    assert_eq!(&usa[4], "stable");
}

#[test]
fn a_merged_version_keeps_the_files_comments_and_takes_force_to_change_a_date() {
    let dir = tree();
    let cept = dir.path().join("positions/wrc23/cept.ron");
    let before = std::fs::read_to_string(&cept).unwrap();
    let table = dir.path().join("new.csv");
    let row = |prefers: &str| {
        format!(
            "group,item,stance,prefers,accepts,salience,salience basis,provenance,source,as of\r\n\
             CEPT,1.2,options,{prefers},{prefers},0.7,estimated,sourced,CPG23-5 minutes,2023-11-15\r\n"
        )
    };
    std::fs::write(&table, row("r1")).unwrap();
    let args = [
        "import",
        "table",
        "new.csv",
        "--scenario",
        "scenarios/wrc23-ai1-2.ron",
    ];
    let dry = ok(&concord(&[&args[..], &["--dry-run"]].concat(), dir.path()));
    assert!(dry.contains("1 version(s) added"), "{dry}");
    assert!(dry.contains("nothing was written"), "{dry}");
    assert_eq!(std::fs::read_to_string(&cept).unwrap(), before);
    ok(&concord(&args, dir.path()));
    let after = std::fs::read_to_string(&cept).unwrap();
    for comment in before.lines().filter(|l| l.trim_start().starts_with("//")) {
        assert!(after.contains(comment), "lost the comment {comment:?}");
    }
    assert!(after.starts_with(&before[..before.find("positions: [").unwrap()]));
    assert!(after.contains("CPG23-5 minutes"), "{after}");
    let matrix = ok(&concord(
        &["matrix", "--format", "csv", "scenarios/wrc23-ai1-2.ron"],
        dir.path(),
    ));
    assert!(
        matrix.contains("1.2,") && matrix.contains("CEPT,prefers r1"),
        "{matrix}"
    );
    // The same row again: unchanged. Another stance with that date: refused, then --force.
    let same = ok(&concord(&args, dir.path()));
    assert!(same.contains("1 unchanged"), "{same}");
    std::fs::write(&table, row("noc")).unwrap();
    let refused = concord(&args, dir.path());
    assert_eq!(refused.status.code(), Some(2));
    assert!(
        stderr(&refused).contains("error[version-conflict]"),
        "{}",
        stderr(&refused)
    );
    assert!(
        stderr(&refused).contains("new.csv:2"),
        "{}",
        stderr(&refused)
    );
    assert_eq!(
        std::fs::read_to_string(&cept).unwrap(),
        after,
        "a refused import writes nothing"
    );
    let forced = ok(&concord(&[&args[..], &["--force"]].concat(), dir.path()));
    assert!(forced.contains("1 replaced"), "{forced}");
}

#[test]
fn a_wide_table_typed_by_a_coordinator_keeps_its_words() {
    let dir = tree();
    // A byte-order mark, a merged-looking title row, an empty row, an Excel date written as its
    // serial number, free text, `—` and `?`, and empty trailing cells.
    let table = "\u{FEFF}WRC-23 preparation: where the regions stand,,,,,,,\r\n\
                 ,,,,,,,\r\n\
                 Agenda item,Date,CEPT,CITEL,APT,ATU,ARB,RCC\r\n\
                 1.2,45208,\"NOC; may accept R1, provided that incumbents are protected\",\
                 \"Prefers NOC for the Americas\",Still under study,,?,—\r\n\
                 ,,,,,,,\r\n";
    std::fs::write(dir.path().join("views.csv"), table).unwrap();
    let imported = ok(&concord(
        &[
            "import",
            "table",
            "views.csv",
            "--scenario",
            "scenarios/wrc23-ai1-2.ron",
            "--force",
        ],
        dir.path(),
    ));
    assert!(imported.contains("wide layout"), "{imported}");
    let scenario = "scenarios/wrc23-ai1-2.ron";
    let report = ok(&concord(&["report", scenario], dir.path()));
    assert!(
        report.contains("APT: “Still under study”"),
        "the report shows the words: {report}"
    );
    assert!(report.contains("stated, not coded"), "{report}");
    let matrix = ok(&concord(
        &["matrix", "--format", "csv", scenario],
        dir.path(),
    ));
    assert!(
        matrix.contains("stated, not coded: “Prefers NOC for the Americas”"),
        "{matrix}"
    );
    let brief = ok(&concord(&["brief", "--for", "CEPT", scenario], dir.path()));
    assert!(brief.contains("Still under study"), "{brief}");
    // Words are never support or opposition: the report's JSON has them apart.
    let json = ok(&concord(
        &["report", "--format", "json", scenario],
        dir.path(),
    ));
    let json: serde_json::Value = serde_json::from_str(&json).unwrap();
    let apt_cell = &json["items"][0]["positions"]["APT"];
    assert_eq!(apt_cell["kind"], "not_coded", "{apt_cell}");
    assert!(apt_cell["prefers"].is_null(), "{apt_cell}");
    let apt = std::fs::read_to_string(dir.path().join("positions/wrc23/apt.ron")).unwrap();
    assert!(apt.contains("stance: NotCoded"), "{apt}");
    assert!(
        apt.contains("as_of: \"2023-10-09\""),
        "the Excel serial date: {apt}"
    );
    assert!(apt.contains("imported from views.csv, row 4"), "{apt}");
}

#[test]
fn errors_name_the_file_and_the_place_and_write_nothing() {
    let dir = tree();
    std::fs::write(
        dir.path().join("table.csv"),
        "group,item,stance,prefers,provenance,source,as of\r\n\
         CEPT,1.2,options,noc,sourced,s,2023-10-01\r\n\
         CEPTT,1.2,options,noc,sourced,s,2023-10-01\r\n\
         CEPT,1.2,options,r2,sourced,s,2023-10-01\r\n",
    )
    .unwrap();
    let before = std::fs::read(dir.path().join("positions/wrc23/cept.ron")).unwrap();
    let output = concord(
        &[
            "import",
            "table",
            "table.csv",
            "--scenario",
            "scenarios/wrc23-ai1-2.ron",
        ],
        dir.path(),
    );
    let err = stderr(&output);
    assert_eq!(output.status.code(), Some(2), "{err}");
    assert!(err.contains("unknown group `CEPTT`"), "{err}");
    assert!(err.contains("in table.csv:3"), "{err}");
    assert!(err.contains("did you mean `CEPT`?"), "{err}");
    assert!(err.contains("unknown option `r2`"), "{err}");
    assert!(err.contains("in table.csv:4"), "{err}");
    assert!(err.contains("did you mean `r1`?"), "{err}");
    assert_eq!(
        std::fs::read(dir.path().join("positions/wrc23/cept.ron")).unwrap(),
        before
    );
    // A table that is not there: named, nothing written.
    let output = concord(
        &[
            "import",
            "table",
            "nowhere.xlsx",
            "--scenario",
            "scenarios/wrc23-ai1-2.ron",
        ],
        dir.path(),
    );
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("nowhere.xlsx"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn a_workbook_needs_a_file_and_holds_both_layouts() {
    let output = concord(&["export", "table", "--format", "xlsx"], &repo());
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("give -o FILE"),
        "{}",
        stderr(&output)
    );
    let output = concord(
        &[
            "export",
            "table",
            "--format",
            "xlsx",
            "--layout",
            "wide",
            "-o",
            "/tmp/x.xlsx",
        ],
        &repo(),
    );
    assert_eq!(output.status.code(), Some(2));
    let wide = ok(&concord(&["export", "table", "--layout", "wide"], &repo()));
    assert!(
        wide.starts_with(
            "item,title,lead,background,options,status,CEPT,CITEL,APT,ATU,ARB,RCC,organisations\r\n"
        ),
        "{wide}"
    );
    // Under --for, the CSV carries the audience column; the workbook its marking.
    let dir = tempfile::tempdir().unwrap();
    let book = dir.path().join("cept.xlsx");
    ok(&concord(
        &[
            "--for",
            "CEPT",
            "export",
            "table",
            "--format",
            "xlsx",
            "-o",
            book.to_str().unwrap(),
        ],
        &repo(),
    ));
    let mut archive = zip::ZipArchive::new(std::fs::File::open(&book).unwrap()).unwrap();
    let mut sheet = String::new();
    std::io::Read::read_to_string(
        &mut archive.by_name("xl/worksheets/sheet1.xml").unwrap(),
        &mut sheet,
    )
    .unwrap();
    assert!(
        sheet.contains("CONFIDENTIAL"),
        "the page header carries the marking"
    );
    let mode =
        std::os::unix::fs::PermissionsExt::mode(&std::fs::metadata(&book).unwrap().permissions());
    assert_eq!(mode & 0o777, 0o600);
}

#[test]
fn a_wide_workbook_with_a_merged_title_and_a_date_column_keeps_its_words() {
    use rust_xlsxwriter::{Format, Workbook};
    let dir = tree();
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("Regional views").unwrap();
    let bold = Format::new().set_bold();
    sheet
        .merge_range(
            0,
            0,
            0,
            7,
            "WRC-23 AI 1.2: regional views before the conference",
            &bold,
        )
        .unwrap();
    let header = [
        "AI",
        "Meeting date",
        "CEPT",
        "CITEL",
        "APT",
        "ATU",
        "ARB",
        "RCC",
    ];
    for (col, title) in header.iter().enumerate() {
        sheet
            .write_string_with_format(2, col as u16, *title, &bold)
            .unwrap();
    }
    sheet.write_string(3, 0, "1.2").unwrap();
    let date = Format::new().set_num_format("dd/mm/yyyy");
    // 9 November 2023 as Excel stores it.
    sheet
        .write_number_with_format(3, 1, 45_239.0, &date)
        .unwrap();
    sheet
        .write_string(3, 4, "Supports IMT in 7 025-7 125 MHz for Region 3")
        .unwrap();
    sheet
        .write_string(3, 5, "Divided; no common position")
        .unwrap();
    book.save(dir.path().join("views.xlsx")).unwrap();
    let imported = ok(&concord(
        &[
            "import",
            "table",
            "views.xlsx",
            "--scenario",
            "scenarios/wrc23-ai1-2.ron",
            "--force",
        ],
        dir.path(),
    ));
    assert!(imported.contains("read 2 row(s)"), "{imported}");
    let scenario = "scenarios/wrc23-ai1-2.ron";
    let matrix = ok(&concord(
        &["matrix", "--format", "md", scenario],
        dir.path(),
    ));
    assert!(
        matrix.contains("Supports IMT in 7 025-7 125 MHz for Region 3"),
        "{matrix}"
    );
    let atu = std::fs::read_to_string(dir.path().join("positions/wrc23/atu.ron")).unwrap();
    assert!(
        atu.contains("as_of: \"2023-11-09\""),
        "the date cell: {atu}"
    );
    assert!(
        atu.contains("views.xlsx, row Regional views!4"),
        "the row: {atu}"
    );
}

#[test]
fn text_that_looks_like_a_formula_survives_the_round_trip() {
    let dir = tempfile::tempdir().unwrap();
    for entry in crate::BASE_FILES {
        let target = dir.path().join(entry);
        std::fs::create_dir_all(target.parent().unwrap()).unwrap();
        std::fs::copy(Path::new("tests/fixtures/base").join(entry), target).unwrap();
    }
    let cept = dir.path().join("cept.ron");
    let text = std::fs::read_to_string(&cept).unwrap();
    std::fs::write(&cept, text.replacen("a public note", "'=1+2", 1)).unwrap();
    let before = ok(&concord(&["export", "scenario.ron"], dir.path()));
    let original = std::fs::read_to_string(&cept).unwrap();
    for format in ["csv", "xlsx"] {
        let table = format!("t.{format}");
        ok(&concord(
            &[
                "export",
                "table",
                "scenario.ron",
                "--format",
                format,
                "-o",
                &table,
            ],
            dir.path(),
        ));
        std::fs::write(
            &cept,
            "Positions(group: \"CEPT\", conference: \"TEST-23\", positions: [])\n",
        )
        .unwrap();
        ok(&concord(
            &[
                "import",
                "table",
                &table,
                "--scenario",
                "scenario.ron",
                "--replace",
            ],
            dir.path(),
        ));
        assert_eq!(
            ok(&concord(&["export", "scenario.ron"], dir.path())),
            before,
            "{format}"
        );
        std::fs::write(&cept, &original).unwrap();
    }
}

/// An undated row (an estimate, say) for a cell the file keeps in dated versions is refused at
/// the table's row, never at a place in a file that is not written; with an `as of` it is a
/// version of its own.
#[test]
fn an_undated_row_beside_dated_versions_is_refused_at_its_row() {
    let dir = tree();
    let atu = dir.path().join("positions/wrc23/atu.ron");
    let before = std::fs::read_to_string(&atu).unwrap();
    let table = dir.path().join("guess.csv");
    let row = |as_of: &str| {
        format!(
            "group,item,stance,prefers,provenance,source,as of\n\
             ATU,1.2,options,noc,estimated,corridor talk,{as_of}\n"
        )
    };
    std::fs::write(&table, row("")).unwrap();
    let args = [
        "import",
        "table",
        "guess.csv",
        "--scenario",
        "scenarios/wrc23-ai1-2.ron",
    ];
    let refused = concord(&args, dir.path());
    assert_eq!(refused.status.code(), Some(2));
    let err = stderr(&refused);
    assert!(err.contains("error[version-conflict]"), "{err}");
    assert!(err.contains("guess.csv:2"), "{err}");
    assert!(!err.contains("atu.ron:"), "{err}");
    assert_eq!(std::fs::read_to_string(&atu).unwrap(), before);
    std::fs::write(&table, row("2023-11-18")).unwrap();
    let added = ok(&concord(&args, dir.path()));
    assert!(added.contains("1 version(s) added"), "{added}");
    let after = std::fs::read_to_string(&atu).unwrap();
    assert!(
        after.contains("Estimated(") && after.contains("corridor talk"),
        "{after}"
    );
}

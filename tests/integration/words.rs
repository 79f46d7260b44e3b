//! Positions keep their words: a condition on the preferred option and a public note reach the
//! report, the Markdown matrix, the brief and the wide table.

use std::process::Command;

const BIN: &str = env!("CARGO_BIN_EXE_concord");

fn run(args: &[&str], scenario: &std::path::Path) -> String {
    let output = Command::new(BIN)
        .args(args)
        .arg(scenario)
        .args(["--color", "never"])
        .output()
        .unwrap();
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}

#[test]
fn a_condition_on_the_preferred_option_and_a_note_reach_every_human_output() {
    let dir = crate::copy_base();
    let cept = dir.path().join("cept.ron");
    let text = std::fs::read_to_string(&cept).unwrap();
    std::fs::write(
        &cept,
        text.replacen(
            r#"conditions: {"noc": "only if the band is studied again"}"#,
            r#"conditions: {"b": "provided the band is shared", "noc": "only if the band is studied again"}"#,
            1,
        ),
    )
    .unwrap();
    let scenario = dir.path().join("scenario.ron");
    let report = run(&["report"], &scenario);
    assert!(
        report.contains("CEPT prefers b provided the band is shared"),
        "{report}"
    );
    assert!(
        report.contains("note               CEPT: a public note"),
        "{report}"
    );
    let matrix = run(&["matrix", "--format", "md"], &scenario);
    assert!(
        matrix.contains("prefers b provided the band is shared"),
        "{matrix}"
    );
    assert!(matrix.contains("note: CEPT: a public note"), "{matrix}");
    let brief = run(&["brief", "--for", "ATU"], &scenario);
    assert!(
        brief.contains("prefers b provided the band is shared"),
        "{brief}"
    );
    assert!(brief.contains("note: a public note"), "{brief}");
    let wide = run(&["export", "table", "--layout", "wide"], &scenario);
    assert!(
        wide.contains("prefers b provided the band is shared"),
        "{wide}"
    );
    assert!(wide.contains("note: a public note"), "{wide}");
}

/// CEPT's scale cell on 9.1 as two dated estimates: at 60 in June, at 70 in October.
fn two_dated_estimates() -> tempfile::TempDir {
    let dir = crate::copy_base();
    let cept = dir.path().join("cept.ron");
    let text = std::fs::read_to_string(&cept).unwrap();
    let old = r#"            provenance: Illustrative(note: "made up for the test"),
        ),"#;
    assert!(text.contains(old));
    let new = r#"            provenance: Estimated(note: "corridor talk", as_of: "2023-06-01"),
        ),
        Position(
            item: "9.1",
            stance: Scale(at: 70, range: (60, 80), limits: (40, 80)),
            provenance: Estimated(note: "after the CPG meeting", as_of: "2023-10-01"),
        ),"#;
    std::fs::write(&cept, text.replacen(old, new, 1)).unwrap();
    dir
}

#[test]
fn estimated_cells_are_dated_versions_counted_and_marked_apart() {
    let dir = two_dated_estimates();
    let scenario = dir.path().join("scenario.ron");
    let report = run(&["report"], &scenario);
    // CEPT: two stated (1.1 sourced, 9.1 estimated), none illustrative now.
    assert!(
        report.lines().any(|line| line
            == "  CEPT        2        1          1             0              0             2                1            0               0             0"),
        "{report}"
    );
    let matrix = run(&["matrix"], &scenario);
    assert!(matrix.contains("[~]"), "{matrix}");
    let json = run(&["export"], &scenario);
    assert!(
        json.contains(r#""kind": "estimated""#) && json.contains(r#""as_of": "2023-10-01""#),
        "{json}"
    );
    // Replayed in July, the June estimate is in force; as written, the October one.
    let july = run(
        &["--as-of", "2023-07-01", "matrix", "--format", "csv"],
        &scenario,
    );
    let now = run(&["matrix", "--format", "csv"], &scenario);
    assert_ne!(july, now);
    let diff = run(
        &["diff", "--from", "2023-07-01", "--to", "2023-11-01"],
        &scenario,
    );
    assert!(diff.contains("CEPT") && diff.contains("9.1"), "{diff}");
    assert!(!diff.contains("no changes"), "{diff}");
    assert!(diff.contains("corridor talk"), "{diff}");
}

#[test]
fn two_undated_estimates_get_a_hint_with_every_dated_form() {
    let dir = crate::copy_base();
    let cept = dir.path().join("cept.ron");
    let text = std::fs::read_to_string(&cept).unwrap();
    let old = r#"            provenance: Illustrative(note: "made up for the test"),
        ),"#;
    let new = r#"            provenance: Estimated(note: "corridor talk"),
        ),
        Position(
            item: "9.1",
            stance: Scale(at: 70, range: (60, 80), limits: (40, 80)),
            provenance: Estimated(note: "after the CPG meeting"),
        ),"#;
    std::fs::write(&cept, text.replacen(old, new, 1)).unwrap();
    let output = Command::new(BIN)
        .args(["validate", "--color", "never"])
        .arg(dir.path().join("scenario.ron"))
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("duplicate-position"), "{stderr}");
    assert!(
        stderr.contains(r#"Estimated(note: "...", as_of: "YYYY-MM-DD")"#),
        "{stderr}"
    );
    assert!(
        !stderr.contains("give each one `provenance: Sourced"),
        "{stderr}"
    );
}

/// A compromise resting on a conditional acceptance says "if: …" in the report and the brief.
#[test]
fn a_compromise_resting_on_a_condition_says_if() {
    let dir = crate::copy_base();
    let scenario = dir.path().join("scenario.ron");
    let levers = [
        "--set",
        "CITEL:1.1=prefers:noc",
        "--set",
        "APT:1.1=prefers:noc",
        "--set",
        "ATU:1.1=prefers:noc",
    ];
    let report = run(&[&["report"][..], &levers[..]].concat(), &scenario);
    assert!(
        report.contains(
            "compromise         noc (W 9.6; if: CEPT: only if the band is studied again)"
        ),
        "{report}"
    );
    let brief = run(
        &[&["brief", "--for", "ATU"][..], &levers[..]].concat(),
        &scenario,
    );
    assert!(
        brief.contains(
            "noc: also acceptable to CEPT, CITEL, APT; if: CEPT: only if the band is studied again"
        ),
        "{brief}"
    );
}

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

//! The real binary: exit codes, stdout and stderr.

use std::process::{Command, Output};

fn concord(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_concord"))
        .args(args)
        .env_remove("NO_COLOR")
        .output()
        .expect("the binary runs")
}

fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).expect("stdout is UTF-8")
}

fn stderr(output: &Output) -> String {
    String::from_utf8(output.stderr.clone()).expect("stderr is UTF-8")
}

#[test]
fn report_without_a_path_runs_the_bundled_pp14_scenario() {
    let output = concord(&["report"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let out = stdout(&output);
    assert!(
        out.starts_with("PP-14 — Plenipotentiary Conference 2014"),
        "{out}"
    );
    assert!(
        out.contains("cells         72 (6 groups × 12 items)"),
        "{out}"
    );
    assert!(stderr(&output).is_empty());
}

#[test]
fn validate_prints_a_summary_with_provenance_counts() {
    let output = concord(&["validate", "tests/fixtures/base/scenario.ron"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let out = stdout(&output);
    assert!(out.starts_with("valid: TEST-23"), "{out}");
    // Per group and in total: stated, sourced, illustrative, no provenance, estimated, no
    // position yet, no proposal, unknown, confidential.
    for row in [
        "  CEPT        2        1             1              0          1                1            0               0             2",
        "  ATU         1        0             1              0          1                0            0  2 (2 implicit)             0",
        "  total       6        4             2              0          5                1            1  4 (3 implicit)             2",
    ] {
        assert!(
            out.lines().any(|line| line == row),
            "no row {row:?} in\n{out}"
        );
    }
}

#[test]
fn invalid_input_exits_2_with_located_diagnostics_and_no_stdout() {
    let output = concord(&[
        "--color",
        "never",
        "validate",
        "tests/fixtures/invalid/missing-file.ron",
    ]);
    assert_eq!(output.status.code(), Some(2));
    assert!(output.stdout.is_empty());
    let err = stderr(&output);
    assert!(err.contains("error[missing-file]"), "{err}");
    assert!(
        err.contains("--> tests/fixtures/invalid/missing-file.ron:"),
        "{err}"
    );
    assert!(err.contains("nothing was written"), "{err}");
    assert!(!err.contains("panicked"), "{err}");
}

#[test]
fn a_missing_scenario_is_exit_2_not_a_panic() {
    let output = concord(&["report", "no/such/scenario.ron"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("file `no/such/scenario.ron` not found"));
}

#[test]
fn color_is_on_only_when_asked_or_auto_on_a_terminal() {
    let args = ["validate", "tests/fixtures/invalid/missing-file.ron"];
    let always = concord(&[&["--color", "always"][..], &args].concat());
    assert!(stderr(&always).contains("\x1b["), "always colors");
    let never = concord(&[&["--color", "never"][..], &args].concat());
    assert!(!stderr(&never).contains("\x1b["), "never colors");
    // stderr is a pipe here, so `auto` means no color.
    let auto = concord(&args);
    assert!(!stderr(&auto).contains("\x1b["), "auto on a pipe");
}

/// Copies the base fixture into a temporary directory with `replaced` replaced by `contents`.
fn base_with(replaced: &str, contents: &[u8]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let base = std::path::Path::new("tests/fixtures/base");
    for entry in [
        "scenario.ron",
        "scenario.outcomes.ron",
        "states.ron",
        "groups.ron",
        "cept.ron",
        "citel.ron",
        "apt.ron",
        "atu.ron",
        "private/cept.ron",
    ] {
        let target = dir.path().join(entry);
        std::fs::create_dir_all(target.parent().unwrap()).unwrap();
        std::fs::copy(base.join(entry), &target).unwrap();
    }
    std::fs::write(dir.path().join(replaced), contents).unwrap();
    dir
}

#[test]
fn warnings_go_to_stderr_and_do_not_fail_the_run() {
    let fixture = std::fs::read("tests/fixtures/invalid/no-provenance.ron").unwrap();
    let dir = base_with("atu.ron", &fixture);
    let scenario = dir.path().join("scenario.ron");
    let output = concord(&["--color", "never", "report", scenario.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("warning[no-provenance]"),
        "{}",
        stderr(&output)
    );
    assert!(
        stdout(&output).contains("warnings      1"),
        "{}",
        stdout(&output)
    );
}

#[test]
fn a_group_may_share_its_public_file_without_its_private_one() {
    let dir = base_with("private/cept.ron", b"");
    std::fs::remove_file(dir.path().join("private/cept.ron")).unwrap();
    let scenario = dir.path().join("scenario.ron");
    let output = concord(&["validate", scenario.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(
        stdout(&output).contains("private files 0 of 2 present"),
        "{}",
        stdout(&output)
    );
    assert!(
        stdout(&output)
            .lines()
            .any(|line| line.starts_with("  total") && line.ends_with("  0")),
        "{}",
        stdout(&output)
    );
}

#[test]
fn explain_prints_a_code_and_rejects_an_unknown_one_with_a_suggestion() {
    let output = concord(&["explain", "unknown-group"]);
    assert_eq!(output.status.code(), Some(0));
    assert!(stdout(&output).starts_with("unknown-group (error)"));
    assert!(stdout(&output).contains("Fix:"));

    let output = concord(&["explain", "unknown-grup"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("did you mean `unknown-group`?"),
        "{}",
        stderr(&output)
    );

    let output = concord(&["explain"]);
    assert_eq!(output.status.code(), Some(0));
    for code in concord::diag::Code::ALL {
        assert!(stdout(&output).contains(code.name()), "{}", code.name());
    }
}

#[test]
fn graph_renders_dot_and_json() {
    let dot = concord(&["graph", "tests/fixtures/base/scenario.ron"]);
    assert_eq!(dot.status.code(), Some(0));
    let dot = stdout(&dot);
    assert!(dot.starts_with("digraph \"TEST-23\" {"), "{dot}");
    assert!(
        dot.contains("\"group:CEPT\" -> \"option:1.1/a\" [color=\"#d7191c\""),
        "red line: {dot}"
    );
    assert!(dot.trim_end().ends_with('}'));

    let json = concord(&[
        "graph",
        "--format",
        "json",
        "tests/fixtures/base/scenario.ron",
    ]);
    assert_eq!(json.status.code(), Some(0));
    let value: serde_json::Value = serde_json::from_slice(&json.stdout).expect("valid JSON");
    assert_eq!(value["schema_version"], 1);
    let edges = value["edges"].as_array().unwrap();
    assert!(edges.iter().any(|edge| edge["kind"] == "depends-on"
        && edge["from"] == "item:1.2"
        && edge["to"] == "item:1.1"));
    assert!(
        edges
            .iter()
            .any(|edge| edge["kind"] == "links-to" && edge["to"] == "external:TEST-27/1.7")
    );
}

#[test]
fn output_is_byte_identical_across_runs_and_thread_counts() {
    for command in [
        &["report"][..],
        &["graph"][..],
        &["graph", "--format", "json"][..],
    ] {
        let one = concord(&[&["--threads", "1"][..], command].concat());
        let two = concord(&[&["--threads", "2"][..], command].concat());
        assert_eq!(one.stdout, two.stdout, "{command:?}");
        assert!(!one.stdout.is_empty());
    }
}

#[test]
fn bad_flags_are_usage_errors_with_exit_2() {
    assert_eq!(
        concord(&["--threads", "0", "report"]).status.code(),
        Some(2)
    );
    assert_eq!(
        concord(&["--color", "sometimes", "report"]).status.code(),
        Some(2)
    );
    assert_eq!(
        concord(&["graph", "--format", "svg"]).status.code(),
        Some(2)
    );
}

//! Who sees what: every command × every format, run by the real binary on a scenario where every
//! group's private file holds a distinct canary and a result-changing part.
//!
//! - Without `--for`: no canary anywhere, and bytes identical to a run with every private file
//!   removed.
//! - `--for CEPT`: CEPT's canary only, the marking present in the format's own way, results
//!   that use CEPT's fallback, and `-o` files created 0600.
//! - `--for EGY`, a member state of ATU and APT: both groups' parts, nobody else's.

use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::Command;

use crate::copy_base;

const BIN: &str = env!("CARGO_BIN_EXE_concord");

const GROUPS: [&str; 4] = ["CEPT", "CITEL", "APT", "ATU"];

/// The base fixture with a private file for every group, each with the canary `CANARY-<GROUP>`,
/// and EGY a member of both ATU and APT. CEPT accepts `noc` only in its private file (a
/// fallback the results show), CITEL and APT too; ATU, with nothing left to accept, becomes
/// flexible.
fn scenario() -> tempfile::TempDir {
    let dir = copy_base();
    let path = |name: &str| dir.path().join(name);
    let edit = |name: &str, from: &str, to: &str| {
        let text = std::fs::read_to_string(path(name)).unwrap();
        assert!(text.contains(from), "{name} has {from:?}");
        std::fs::write(path(name), text.replacen(from, to, 1)).unwrap();
    };
    edit(
        "scenario.ron",
        r#"private: ["private/cept.ron", "private/apt.ron"]"#,
        r#"private: ["private/cept.ron", "private/citel.ron", "private/apt.ron", "private/atu.ron"]"#,
    );
    edit(
        "groups.ron",
        r#"members: ["AUS", "CHN", "IND", "JPN"]"#,
        r#"members: ["AUS", "CHN", "EGY", "IND", "JPN"]"#,
    );
    edit(
        "cept.ron",
        r#"accepts: ["b", "noc"],
                conditions: {"noc": "only if the band is studied again"},"#,
        r#"accepts: ["b"],"#,
    );
    let private = |group: &str, part: &str| {
        std::fs::write(
            path(&format!("private/{}.ron", group.to_lowercase())),
            format!(
                r#"Private(group: "{group}", confidential: [
    Confidential(item: "1.1", note: "CANARY-{group}", {part}),
])"#
            ),
        )
        .unwrap();
    };
    private("CEPT", r#"fallbacks: ["noc"], flexibility: 0.9"#);
    private("CITEL", r#"fallbacks: ["noc"], flexibility: 0.9"#);
    private("APT", r#"fallbacks: ["noc"], flexibility: 0.9"#);
    private("ATU", r#"flexibility: 0.95"#);
    dir
}

/// The same scenario with every private file removed.
fn without_private_files(dir: &Path) -> tempfile::TempDir {
    let copy = tempfile::tempdir().unwrap();
    for entry in crate::BASE_FILES {
        let target = copy.path().join(entry);
        std::fs::create_dir_all(target.parent().unwrap()).unwrap();
        if !entry.starts_with("private/") {
            std::fs::copy(dir.join(entry), target).unwrap();
        }
    }
    copy
}

/// Every command that reads a scenario, in every format it has (the scenario's path is added
/// last); `brief` needs a reader and is checked apart.
fn commands() -> Vec<(Vec<&'static str>, &'static str)> {
    let mut all: Vec<(Vec<&str>, &str)> = vec![
        (vec!["validate"], "text"),
        (vec!["export"], "json"),
        (vec!["export", "--format", "decide"], "decide"),
        (vec!["graph", "--format", "dot"], "dot"),
        (vec!["graph", "--format", "json"], "json"),
        (vec!["trace", "--run", "0", "--seed", "3"], "text"),
        (vec!["trace", "--deterministic"], "text"),
    ];
    for format in ["text", "md", "json"] {
        for command in [
            vec!["report"],
            vec!["blocs"],
            vec!["simulate", "--runs", "200", "--seed", "3"],
            vec!["backtest", "--runs", "200", "--seed", "3"],
            vec!["sensitivity", "--runs", "100", "--seed", "3"],
            vec![
                "sweep",
                "--param",
                "CEPT.flexibility",
                "--runs",
                "100",
                "--seed",
                "3",
            ],
            vec![
                "compare",
                "--set",
                "ATU:1.1=unknown",
                "--runs",
                "100",
                "--seed",
                "3",
            ],
            vec!["diff", "--from", "2023-09-07"],
        ] {
            let mut args = command;
            args.extend(["--format", format]);
            all.push((args, format));
        }
    }
    for format in ["text", "md", "csv", "json"] {
        for command in ["matrix", "contested", "status"] {
            all.push((vec![command, "--format", format], format));
        }
    }
    all
}

/// Runs the binary; its stdout, with stderr checked too (a canary must not leak there either).
fn run(args: &[&str], dir: &Path) -> (String, String) {
    let output = Command::new(BIN)
        .args(args)
        .arg(dir.join("scenario.ron"))
        .args(["--color", "never"])
        .output()
        .unwrap();
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert_eq!(output.status.code(), Some(0), "{args:?}: {stderr}");
    (String::from_utf8(output.stdout).unwrap(), stderr)
}

fn canaries(text: &str) -> Vec<&'static str> {
    GROUPS
        .into_iter()
        .filter(|group| text.contains(&format!("CANARY-{group}")))
        .collect()
}

/// Whether `out` carries the marking of a confidential output in `format`'s own way.
fn marked(format: &str, out: &str) -> bool {
    match format {
        "text" => out.starts_with("CONFIDENTIAL — "),
        "md" => out.starts_with("**CONFIDENTIAL — "),
        "csv" => out.starts_with("confidential,") && out.contains("\nCONFIDENTIAL — "),
        "dot" => out.starts_with("// CONFIDENTIAL — ") && out.contains("label=\"CONFIDENTIAL"),
        "html" => out.contains("<body><p class=\"confidential\""),
        "json" => {
            let json: serde_json::Value = serde_json::from_str(out).unwrap();
            json["audience"]["confidential"] == true
                && json["audience"]["marking"]
                    .as_str()
                    .is_some_and(|m| m.starts_with("CONFIDENTIAL — "))
        }
        _ => unreachable!("{format}"),
    }
}

#[test]
fn public_outputs_hold_no_confidential_part_and_equal_runs_without_private_files() {
    let dir = scenario();
    let bare = without_private_files(dir.path());
    for (args, format) in commands() {
        let (out, err) = run(&args, dir.path());
        assert!(canaries(&out).is_empty(), "{args:?} leaked:\n{out}");
        assert!(
            canaries(&err).is_empty(),
            "{args:?} leaked on stderr:\n{err}"
        );
        let (without, _) = run(&args, bare.path());
        assert_eq!(
            out, without,
            "{args:?}: public output depends on private files"
        );
        if format == "json" {
            let json: serde_json::Value = serde_json::from_str(&out).unwrap();
            assert_eq!(
                json["audience"]["reader"],
                serde_json::Value::Null,
                "{args:?}"
            );
            assert_eq!(json["audience"]["confidential"], false, "{args:?}");
        }
    }
}

#[test]
fn a_groups_outputs_hold_its_own_parts_only_and_are_marked() {
    let dir = scenario();
    let (public_matrix, _) = run(&["matrix", "--format", "csv"], dir.path());
    for (args, format) in commands() {
        let mut with_for = vec!["--for", "CEPT"];
        with_for.extend(&args);
        let (out, err) = run(&with_for, dir.path());
        let leaked: Vec<_> = canaries(&out)
            .into_iter()
            .chain(canaries(&err))
            .filter(|group| *group != "CEPT")
            .collect();
        assert!(
            leaked.is_empty(),
            "{args:?} for CEPT shows {leaked:?}:\n{out}"
        );
        if format == "decide" {
            // A Decide file holds public scale positions only: nothing confidential to mark.
            assert_eq!(out, run(&args, dir.path()).0, "{args:?}");
        } else {
            assert!(
                marked(format, &out),
                "{args:?} for CEPT is not marked:\n{out}"
            );
        }
    }
    // CEPT's fallback is used: its cell accepts noc, marked confidential, only for CEPT.
    let (matrix, _) = run(&["--for", "CEPT", "matrix", "--format", "csv"], dir.path());
    let cept_cell = |csv: &str| {
        csv.lines()
            .find(|line| {
                (line.starts_with("1.1,") || line.contains(",1.1,")) && line.contains(",CEPT,")
            })
            .unwrap()
            .to_owned()
    };
    assert!(
        cept_cell(&matrix).contains("noc (confidential)"),
        "{matrix}"
    );
    assert!(
        !cept_cell(&public_matrix).contains("noc"),
        "{public_matrix}"
    );
    let (json, _) = run(&["--for", "CEPT", "report", "--format", "json"], dir.path());
    let json: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(json["audience"]["reader"], "CEPT");
    assert_eq!(json["audience"]["kind"], "group");
    assert_eq!(json["audience"]["contains"], serde_json::json!(["CEPT"]));
    let (brief, _) = run(&["--for", "CEPT", "brief"], dir.path());
    assert_eq!(canaries(&brief), ["CEPT"]);
}

#[test]
fn a_member_state_of_two_groups_sees_both_and_no_third() {
    let dir = scenario();
    for (args, format) in commands() {
        let mut with_for = vec!["--for", "EGY"];
        with_for.extend(&args);
        let (out, err) = run(&with_for, dir.path());
        let seen = canaries(&out);
        assert!(
            seen.iter().all(|group| ["APT", "ATU"].contains(group)) && canaries(&err).is_empty(),
            "{args:?} for EGY shows {seen:?}"
        );
        if format != "decide" {
            assert!(
                marked(format, &out),
                "{args:?} for EGY is not marked:\n{out}"
            );
        }
    }
    for format in ["md", "html", "json"] {
        let (brief, _) = run(&["--for", "EGY", "brief", "--format", format], dir.path());
        assert_eq!(canaries(&brief), ["APT", "ATU"], "{format}");
        assert!(marked(format, &brief), "{format}");
    }
    let (report, _) = run(&["--for", "EGY", "report"], dir.path());
    assert!(
        report.starts_with(
            "CONFIDENTIAL — EGY: contains the confidential positions of APT and ATU\n"
        ),
        "{report}"
    );
}

#[test]
fn files_for_a_reader_are_created_for_its_owner_alone() {
    let dir = scenario();
    let out = dir.path().join("cept-matrix.csv");
    let output = Command::new(BIN)
        .args(["--for", "CEPT", "matrix", "--format", "csv", "-o"])
        .arg(&out)
        .arg(dir.path().join("scenario.ron"))
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    let mode = std::fs::metadata(&out).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600, "a confidential output is 0600");
    // Public outputs keep the umask's mode.
    let public = dir.path().join("matrix.csv");
    let output = Command::new(BIN)
        .args(["matrix", "--format", "csv", "-o"])
        .arg(&public)
        .arg(dir.path().join("scenario.ron"))
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    assert_ne!(
        std::fs::metadata(&public).unwrap().permissions().mode() & 0o077,
        0,
        "the test's umask lets others read a public file"
    );
    // `brief --all`: one brief per group, each for its own reader, each 0600.
    let briefs = dir.path().join("briefs");
    let output = Command::new(BIN)
        .args(["brief", "--all", "-o"])
        .arg(&briefs)
        .arg(dir.path().join("scenario.ron"))
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    for group in GROUPS {
        let file = briefs.join(format!("{}.md", group.to_lowercase()));
        let text = std::fs::read_to_string(&file).unwrap();
        assert_eq!(canaries(&text), [group], "{group}'s brief");
        assert!(marked("md", &text), "{group}'s brief is marked");
        let mode = std::fs::metadata(&file).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600, "{group}'s brief is 0600");
    }
}

#[test]
fn for_names_somebody_and_only_where_a_scenario_is_read() {
    let dir = scenario();
    let output = Command::new(BIN)
        .args(["--for", "CPET", "matrix"])
        .arg(dir.path().join("scenario.ron"))
        .output()
        .unwrap();
    let err = String::from_utf8(output.stderr).unwrap();
    assert_eq!(output.status.code(), Some(2), "{err}");
    assert!(err.contains("error[unknown-reader]"), "{err}");
    assert!(err.contains("did you mean `CEPT`?"), "{err}");
    assert!(output.stdout.is_empty());
    for args in [
        vec!["explain", "--for", "CEPT"],
        vec!["--for", "CEPT", "man"],
    ] {
        let output = Command::new(BIN).args(&args).output().unwrap();
        assert_eq!(output.status.code(), Some(2), "{args:?}");
    }
    let output = Command::new(BIN)
        .args(["brief", "--all", "--for", "CEPT", "-o"])
        .arg(dir.path().join("out"))
        .arg(dir.path().join("scenario.ron"))
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(!dir.path().join("out").exists());
}

#[test]
fn an_inline_confidential_part_is_warned_about_and_read_only_for_its_group() {
    let dir = scenario();
    let cept = dir.path().join("cept.ron");
    let text = std::fs::read_to_string(&cept).unwrap();
    let text = text.replacen(
        "maturity: CommonPosition,",
        r#"maturity: CommonPosition, confidential: (note: "CANARY-INLINE"),"#,
        1,
    );
    std::fs::write(&cept, text).unwrap();
    // Reported, and the part is the group's own: CEPT's outputs show it, nobody else's.
    let (public, err) = run(&["report"], dir.path());
    assert!(err.contains("warning[inline-confidential]"), "{err}");
    assert!(
        err.contains("private/cept.ron"),
        "the hint names the private file: {err}"
    );
    assert!(!public.contains("CANARY-INLINE"));
    let (for_citel, _) = run(&["--for", "CITEL", "export"], dir.path());
    assert!(!for_citel.contains("CANARY-INLINE"));
    let (for_cept, _) = run(&["--for", "CEPT", "export"], dir.path());
    assert!(for_cept.contains("CANARY-INLINE"));
    // `--fail-on inline-confidential` makes it fail CI, output still produced.
    let output = Command::new(BIN)
        .args(["--fail-on", "inline-confidential", "validate"])
        .arg(dir.path().join("scenario.ron"))
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert!(!output.stdout.is_empty());
}

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
        out.contains("cells         84 (6 groups × 14 items)"),
        "{out}"
    );
    assert!(stderr(&output).is_empty());
}

#[test]
fn validate_prints_a_summary_with_provenance_counts() {
    // For CEPT: its two confidential parts are read and counted, and the output says so first.
    let output = concord(&[
        "validate",
        "--for",
        "CEPT",
        "tests/fixtures/base/scenario.ron",
    ]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let out = stdout(&output);
    assert!(
        out.starts_with(
            "CONFIDENTIAL — CEPT: contains CEPT's confidential positions\n\nvalid: TEST-23"
        ),
        "{out}"
    );
    // Per group and in total: stated, sourced, estimated, illustrative, no provenance,
    // estimated weights, no position yet, no proposal, unknown, confidential.
    for row in [
        "  CEPT        2        1          0             1              0             1                1            0               0             2",
        "  ATU         1        0          0             1              0             1                0            0  2 (2 implicit)             0",
        "  total       6        4          0             2              0             5                1            1  4 (3 implicit)             2",
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
        "--root",
        "tests/fixtures",
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
    let args = [
        "--root",
        "tests/fixtures",
        "validate",
        "tests/fixtures/invalid/missing-file.ron",
    ];
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
    let dir = crate::copy_base();
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
    let output = concord(&["validate", "--for", "CEPT", scenario.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(
        stdout(&output).contains("private files 0 of 2 read (for CEPT)"),
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
    for code in concord_core::diag::Code::ALL {
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
    let too_many = concord(&["--threads", "5000", "report"]);
    assert_eq!(too_many.status.code(), Some(2));
    assert!(stderr(&too_many).contains("from 1 to 1024"));
    assert_eq!(
        concord(&["--color", "sometimes", "report"]).status.code(),
        Some(2)
    );
    assert_eq!(
        concord(&["graph", "--format", "svg"]).status.code(),
        Some(2)
    );
}

#[test]
fn diff_of_the_wrc27_template_lists_exactly_the_cells_filled_in() {
    let dir = tempfile::tempdir().unwrap();
    let copy = dir.path();
    std::fs::create_dir_all(copy.join("scenarios")).unwrap();
    std::fs::create_dir_all(copy.join("positions/wrc27")).unwrap();
    std::fs::copy("scenarios/wrc27.ron", copy.join("scenarios/wrc27.ron")).unwrap();
    std::fs::copy("positions/states.ron", copy.join("positions/states.ron")).unwrap();
    std::fs::copy("positions/groups.ron", copy.join("positions/groups.ron")).unwrap();
    std::fs::create_dir_all(copy.join("positions/wrc27/organisations")).unwrap();
    std::fs::copy(
        "positions/wrc27/organisations/ctia.ron",
        copy.join("positions/wrc27/organisations/ctia.ron"),
    )
    .unwrap();
    // An unknown cell as the files write it (`concord fmt`'s layout).
    let unknown = |item: &str| {
        format!(
            "Position(\n            item: \"{item}\",\n            stance: Unknown,\n        ),"
        )
    };
    for group in ["cept", "citel", "apt", "atu", "arb", "rcc"] {
        let from = format!("positions/wrc27/{group}.ron");
        let mut text = std::fs::read_to_string(&from).unwrap();
        if group == "cept" {
            text = text.replace(
                &unknown("1.7"),
                r#"Position(item: "1.7b", stance: Options(prefers: "noc", opposes: ["imt"]), provenance: Sourced(source: "test", as_of: "2026-03")),"#,
            );
        }
        if group == "apt" {
            text = text
                .replace(
                    &unknown("1.7"),
                    r#"Position(item: "1.7", stance: Options(prefers: "imt"), provenance: Sourced(source: "test", as_of: "2026-03")),"#,
                )
                .replace(
                    &unknown("1.13"),
                    r#"Position(item: "1.13", stance: NoPositionYet, provenance: Sourced(source: "test", as_of: "2026-03")),"#,
                );
        }
        std::fs::write(copy.join(&from), text).unwrap();
    }
    let new = copy.join("scenarios/wrc27.ron");
    let output = concord(&["diff", "scenarios/wrc27.ron", new.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(
        stdout(&output),
        "cells changed\n  APT on 1.7a: unknown → prefers imt\n  CEPT on 1.7b: unknown → prefers noc; opposes imt\n  APT on 1.7b: unknown → prefers imt\n  APT on 1.7c: unknown → prefers imt\n  APT on 1.13: unknown → no position yet\nstatuses changed\n  1.7b: insufficient → contested\nnew conflicts\n  1.7b: CEPT × APT: no option both accept; APT's first choice `imt` is a red line of CEPT\n"
    );
    let same = concord(&["diff", "scenarios/wrc27.ron", "scenarios/wrc27.ron"]);
    assert_eq!(stdout(&same), "no changes\n");
}

#[test]
fn output_files_are_written_whole_and_never_over_an_input() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("report.json");
    let output = concord(&["report", "--format", "json", "-o", target.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(output.stdout.is_empty());
    let written: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&target).unwrap()).unwrap();
    assert_eq!(written["conference"], "PP-14");
    // No temporary file is left beside it.
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);

    let base = base_with(
        "atu.ron",
        &std::fs::read("tests/fixtures/base/atu.ron").unwrap(),
    );
    let input = base.path().join("cept.ron");
    let before = std::fs::read(&input).unwrap();
    let scenario = base.path().join("scenario.ron");
    let output = concord(&[
        "report",
        scenario.to_str().unwrap(),
        "-o",
        input.to_str().unwrap(),
    ]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("refusing to write the output over"),
        "{}",
        stderr(&output)
    );
    assert_eq!(
        std::fs::read(&input).unwrap(),
        before,
        "the input is untouched"
    );

    // Invalid input: exit 2 and no file at all.
    let missing = dir.path().join("never.txt");
    let output = concord(&["report", "no/such.ron", "-o", missing.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(2));
    assert!(!missing.exists());
}

#[test]
fn fail_on_contested_exits_1_but_still_prints() {
    let output = concord(&["--fail-on", "contested", "contested"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(stdout(&output).contains("stable-constitution"));
    let template = concord(&["report", "scenarios/wrc27.ron", "--fail-on", "contested"]);
    assert_eq!(
        template.status.code(),
        Some(0),
        "nothing is contested in the empty template"
    );
}

#[test]
fn unsupported_formats_are_usage_errors_before_anything_is_loaded() {
    // The scenario does not exist: a format error must come first.
    for (command, bad, listed) in [
        ("report", "csv", "text, md, json"),
        ("report", "html", "text, md, json"),
        ("matrix", "html", "text, md, json, csv"),
        ("brief", "text", "md, html, json, docx"),
        ("simulate", "csv", "text, md, json"),
    ] {
        let output = concord(&[command, "no/such.ron", "--format", bad]);
        assert_eq!(output.status.code(), Some(2), "{command} {bad}");
        let err = stderr(&output);
        assert!(err.contains(&format!("invalid value '{bad}'")), "{err}");
        assert!(
            err.contains(&format!("[possible values: {listed}]")),
            "{err}"
        );
        assert!(!err.contains("not found"), "nothing loaded: {err}");
        let help = stdout(&concord(&[command, "--help"]));
        assert!(
            help.contains(&format!("[possible values: {listed}]")),
            "{help}"
        );
    }
}

#[test]
fn completions_and_the_manual_page() {
    let bash = concord(&["completions", "bash"]);
    assert_eq!(bash.status.code(), Some(0));
    assert!(stdout(&bash).contains("concord"));
    assert!(stdout(&bash).contains("contested"));
    let man = concord(&["man"]);
    assert_eq!(man.status.code(), Some(0));
    assert!(
        stdout(&man).starts_with(".ie") || stdout(&man).contains(".TH concord"),
        "{}",
        &stdout(&man)[..200]
    );
}

#[test]
fn every_format_renders_every_bundled_scenario() {
    for scenario in [
        "scenarios/pp14.ron",
        "scenarios/wrc23-ai1-2.ron",
        "scenarios/wrc27.ron",
    ] {
        for (command, formats) in [
            ("report", &["text", "md", "json"][..]),
            ("matrix", &["text", "md", "json", "csv"][..]),
            ("contested", &["text", "md", "json", "csv"][..]),
            ("blocs", &["text", "md", "json"][..]),
            ("export", &["json"][..]),
            ("graph", &["dot", "json"][..]),
        ] {
            for format in formats {
                let output = concord(&[command, scenario, "--format", format]);
                assert_eq!(
                    output.status.code(),
                    Some(0),
                    "{command} {scenario} {format}: {}",
                    stderr(&output)
                );
                assert!(!output.stdout.is_empty());
                if *format == "json" {
                    let value: serde_json::Value = serde_json::from_slice(&output.stdout)
                        .unwrap_or_else(|e| panic!("{command} {scenario}: {e}"));
                    assert_eq!(value["schema_version"], 1);
                }
            }
        }
    }
}

#[test]
fn the_report_json_contract() {
    let output = concord(&["report", "--format", "json"]);
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    for key in [
        "n_items",
        "n_unanimous",
        "n_compromise",
        "n_contested",
        "n_insufficient",
        "n_at_risk",
    ] {
        assert!(report["summary"][key].is_u64(), "{key}");
    }
    assert_eq!(report["summary"]["n_items"], 14);
    let items = report["items"].as_array().unwrap();
    let stable = items
        .iter()
        .find(|item| item["id"] == "stable-constitution")
        .unwrap();
    assert_eq!(stable["status"], "contested");
    assert!(stable["compromise"].as_array().unwrap().is_empty());
    assert!(stable["contention"].is_f64());
    let conflicts = stable["conflicts"].as_array().unwrap();
    assert!(
        conflicts
            .iter()
            .all(|c| c["groups"][1] == "ATU" || c["groups"][0] == "ATU")
    );
    assert_eq!(conflicts.len(), 4);
    assert_eq!(stable["blocking"], serde_json::json!(["ATU"]));
    assert_eq!(stable["at_risk"]["to"], "PP-18");
    assert_eq!(stable["cross_pressured"].as_array().unwrap().len(), 10);
    for group in ["CEPT", "CITEL", "APT", "ATU", "ARB", "RCC"] {
        assert!(stable["positions"][group]["kind"].is_string(), "{group}");
    }
    assert_eq!(stable["positions"]["RCC"]["kind"], "no_proposal");
    assert_eq!(stable["recorded_outcome"]["result"], "adopted");
    let res99 = items.iter().find(|item| item["id"] == "res-99").unwrap();
    assert_eq!(res99["status"], "insufficient");
    assert!(res99["contention"].is_null());
    assert!(res99["at_risk"].is_null());
}

#[test]
fn a_file_over_64_mib_is_refused_before_it_is_read() {
    let dir = base_with(
        "atu.ron",
        &std::fs::read("tests/fixtures/base/atu.ron").unwrap(),
    );
    // A sparse file: 65 MiB on paper, nothing on disk.
    let huge = std::fs::File::create(dir.path().join("atu.ron")).unwrap();
    huge.set_len(65 << 20).unwrap();
    let scenario = dir.path().join("scenario.ron");
    let output = concord(&["--color", "never", "validate", scenario.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(2));
    let err = stderr(&output);
    assert!(err.contains("error[file-too-large]"), "{err}");
    assert!(
        err.contains("is 68157440 bytes, more than the 64 MiB (67108864 bytes)"),
        "{err}"
    );
}

#[test]
fn more_than_a_hundred_million_runs_is_a_usage_error() {
    let output = concord(&["simulate", "--runs", "100000001"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("--runs 100000001 is out of range"),
        "{}",
        stderr(&output)
    );
}

/// `concord generate` of 12 groups × 800 items × 6 options (1.2 MB of positions: above every
/// threshold of parallel work) into a temporary directory.
fn large_generated(seed: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().to_str().unwrap();
    let generated = concord(&[
        "generate",
        "--groups",
        "12",
        "--items",
        "800",
        "--options",
        "6",
        "--seed",
        seed,
        "-o",
        out,
    ]);
    assert_eq!(generated.status.code(), Some(0), "{}", stderr(&generated));
    dir
}

/// A generated scenario above every parallel threshold (64 items, 1 MiB of positions): the
/// parallel paths of loading, analysis and rendering give the same bytes on 1 and 2 threads; the
/// text report lists 20 conflicting pairs per item and counts the rest, which JSON lists in full;
/// `CONCORD_TIMINGS` adds phase timings on stderr and changes nothing else.
#[test]
fn a_large_generated_scenario_is_the_same_on_any_thread_count() {
    let dir = large_generated("5");
    let scenario = dir.path().join("scenarios/generated.ron");
    let scenario = scenario.to_str().unwrap();
    let positions: u64 = std::fs::read_dir(dir.path().join("positions/generated"))
        .unwrap()
        .map(|entry| entry.unwrap().metadata().unwrap().len())
        .sum();
    assert!(positions > 1 << 20, "only {positions} bytes of positions");

    for args in [
        &["report"][..],
        &["report", "--format", "md"][..],
        &["report", "--format", "json"][..],
        &["contested"][..],
        &["blocs"][..],
    ] {
        let args = [args, &[scenario][..]].concat();
        let one = concord(&[&["--threads", "1"][..], &args].concat());
        let two = concord(&[&["--threads", "2"][..], &args].concat());
        assert_eq!(one.status.code(), Some(0), "{}", stderr(&one));
        assert!(
            one.stdout == two.stdout,
            "{args:?} differs between 1 and 2 threads"
        );
    }

    let text = stdout(&concord(&["report", scenario]));
    let json: serde_json::Value =
        serde_json::from_slice(&concord(&["report", "--format", "json", scenario]).stdout).unwrap();
    let mut capped = 0;
    for (section, item) in text
        .split("\n── ")
        .skip(1)
        .zip(json["items"].as_array().unwrap())
    {
        let all = item["conflicts"].as_array().unwrap().len();
        let listed = section
            .lines()
            .filter(|l| l.starts_with("  conflict "))
            .count();
        let more = section
            .lines()
            .find_map(|l| l.split("… and ").nth(1))
            .map(|rest| rest.split(' ').next().unwrap().parse::<usize>().unwrap());
        if all > 20 {
            capped += 1;
            assert_eq!((listed, more), (21, Some(all - 20)), "{section}");
        } else if all == 0 {
            assert!(section.contains("\n  conflicts          none"), "{section}");
        } else {
            assert_eq!((listed, more), (all, None), "{section}");
        }
    }
    assert!(capped > 0, "no item has more than 20 conflicting pairs");
    // `contested` too: 20 pairs and a count in text, every pair in JSON.
    let contested = stdout(&concord(&["contested", scenario]));
    let first = contested
        .split(" 1. ")
        .nth(1)
        .unwrap()
        .split("\n 2. ")
        .next()
        .unwrap();
    let first_id = first.split(' ').next().unwrap();
    let all = json["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|item| item["id"] == first_id)
        .unwrap()["conflicts"]
        .as_array()
        .unwrap()
        .len();
    let contested_json: serde_json::Value =
        serde_json::from_slice(&concord(&["contested", "--format", "json", scenario]).stdout)
            .unwrap();
    let json_row = contested_json["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|row| row["id"] == first_id)
        .unwrap();
    assert_eq!(json_row["conflicts"].as_array().unwrap().len(), all);
    assert!(
        all > 20,
        "the most contested item has only {all} conflicting pairs"
    );
    assert!(
        first.contains(&format!("… and {} more conflicting pairs", all - 20)),
        "{first}"
    );
    assert_eq!(first.lines().filter(|l| l.contains(" × ")).count(), 20);

    let timed = Command::new(env!("CARGO_BIN_EXE_concord"))
        .args(["report", scenario])
        .env("CONCORD_TIMINGS", "1")
        .output()
        .unwrap();
    assert_eq!(stdout(&timed), text);
    for phase in ["timing load ", "timing analyse ", "timing write "] {
        assert!(stderr(&timed).contains(phase), "{}", stderr(&timed));
    }
    assert!(stderr(&concord(&["report", scenario])).is_empty());
}

/// Problems in a scenario large enough to be loaded in parallel: every one is reported at its
/// file, line and column, nothing is written, and the diagnostics are the same on 1 and 2 threads.
#[test]
fn problems_in_a_large_scenario_are_all_reported_on_any_thread_count() {
    let dir = large_generated("9");
    let file = |name: &str| dir.path().join("positions/generated").join(name);
    // An unknown option in g03, a missing comma in g07.
    let g03 = std::fs::read_to_string(file("g03.ron")).unwrap();
    let at = g03.find("prefers: \"o2\"").unwrap() + "prefers: ".len();
    let line = g03[..at].lines().count();
    let column = at - g03[..at].rfind('\n').unwrap();
    std::fs::write(
        file("g03.ron"),
        g03.replacen("prefers: \"o2\"", "prefers: \"o9\"", 1),
    )
    .unwrap();
    let g07 = std::fs::read_to_string(file("g07.ron")).unwrap();
    // The comma after a position's stance, on its own line in `fmt`'s layout.
    let stance_end = g07.find("),\n            salience:").unwrap();
    let broken = format!("{}){}", &g07[..stance_end], &g07[stance_end + 2..]);
    let broken_line = g07[..stance_end].lines().count() + 1;
    std::fs::write(file("g07.ron"), broken).unwrap();

    let scenario = dir.path().join("scenarios/generated.ron");
    let scenario = scenario.to_str().unwrap();
    let one = concord(&["--threads", "1", "validate", scenario]);
    let two = concord(&["--threads", "2", "validate", scenario]);
    assert_eq!(one.status.code(), Some(2));
    assert!(one.stdout.is_empty());
    assert_eq!(stderr(&one), stderr(&two));
    let err = stderr(&one);
    assert!(
        err.contains(&format!("g03.ron:{line}:{column}")) && err.contains("unknown-option"),
        "{err}"
    );
    assert!(err.contains(&format!("g07.ron:{broken_line}:")), "{err}");
}

#[test]
fn the_json_report_carries_member_state_positions_and_consensus() {
    let output = concord(&["report", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_str(&stdout(&output)).unwrap();
    let items = json["items"].as_array().unwrap();
    let india = items
        .iter()
        .flat_map(|item| item["member_state_positions"].as_array().unwrap())
        .find(|p| p["state"] == "IND")
        .expect("India's own position on Doc. 98, as the text report shows it");
    assert_eq!(india["prefers"], "ip-allocation");
    assert_eq!(india["group"], "APT");
    assert!(items.iter().all(|item| item["consensus"].is_array()));
}

#[test]
fn a_contested_item_whose_groups_weigh_nothing_is_still_listed() {
    let args = [
        "contested",
        "tests/fixtures/base/scenario.ron",
        "--set",
        "*:1.1=salience:0",
    ];
    let output = concord(&args);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let out = stdout(&output);
    assert!(
        out.contains("1.1 [contested] contention undefined (no weight)"),
        "{out}"
    );
    let json = concord(&[&args[..], &["--format", "json"]].concat());
    assert!(
        stdout(&json).contains("\"contention\": null"),
        "{}",
        stdout(&json)
    );
}

/// A baseline that says 0 or 1 has a Brier score equal to its error rate: the scores and the
/// accuracies must agree.
#[test]
fn backtest_brier_scores_agree_with_the_baselines_accuracy() {
    let output = concord(&["backtest", "--runs", "300", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_str(&stdout(&output)).unwrap();
    let accuracy = |name: &str| {
        let a = json["accuracy"]
            .as_array()
            .unwrap()
            .iter()
            .find(|a| a["predictor"] == name)
            .unwrap();
        a["hits"].as_f64().unwrap() / a["of"].as_f64().unwrap()
    };
    let brier = |prefix: &str| {
        json["brier"]
            .as_array()
            .unwrap()
            .iter()
            .find(|b| b["predictor"].as_str().unwrap().starts_with(prefix))
            .unwrap()["p_adopted"]
            .as_f64()
            .unwrap()
    };
    let all = brier("baseline: everything is adopted");
    let none = brier("baseline: nothing is adopted");
    assert!((all - (1.0 - accuracy("baseline: everything is adopted"))).abs() < 1e-6);
    assert!((none - (1.0 - accuracy("baseline: nothing is adopted"))).abs() < 1e-6);
    let model = brier("model, Monte Carlo");
    assert!((0.0..=1.0).contains(&model));
    assert!(json["items"][0]["monte_carlo"]["p_carried_forward"].is_number());
    assert!(json["process_accuracy"].as_array().unwrap().len() == 5);
}

/// An input whose name is not UTF-8 is still recognised as an input: the paths the loader read
/// stay `PathBuf` (never a lossy string) up to the "never write over an input" guard.
#[cfg(unix)]
#[test]
fn an_input_with_a_non_utf8_name_is_never_written_over() {
    use std::os::unix::ffi::OsStrExt;
    let dir = crate::copy_base();
    let name = std::ffi::OsStr::from_bytes(b"sc\xffenario.ron");
    let scenario = dir.path().join(name);
    std::fs::rename(dir.path().join("scenario.ron"), &scenario).unwrap();
    let before = std::fs::read(&scenario).unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_concord"))
        .arg("report")
        .arg(&scenario)
        .arg("-o")
        .arg(&scenario)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    assert!(stderr(&output).contains("input"), "{}", stderr(&output));
    assert_eq!(
        std::fs::read(&scenario).unwrap(),
        before,
        "the input is untouched"
    );
}

//! `concord status`, `--as-of` replay from dated versions, `diff` between dates, and
//! `--fail-on contested` on every command that reads a scenario.

use std::process::Command;

use serde_json::Value;

const BIN: &str = env!("CARGO_BIN_EXE_concord");

fn run(args: &[&str]) -> (i32, String, String) {
    let output = Command::new(BIN)
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8(output.stdout).unwrap(),
        String::from_utf8(output.stderr).unwrap(),
    )
}

fn json(args: &[&str]) -> Value {
    let (code, stdout, stderr) = run(args);
    assert_eq!(code, 0, "{args:?}: {stderr}");
    serde_json::from_str(&stdout).unwrap()
}

fn cell<'a>(status: &'a Value, item: &str, group: &str) -> &'a Value {
    status["cells"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["item"] == item && c["group"] == group)
        .unwrap()
}

#[test]
fn status_places_every_cell_in_its_groups_process() {
    let status = json(&["status", "--format", "json"]);
    assert_eq!(status["schema_version"], 1);
    let calendar = &status["calendar"];
    assert_eq!(calendar["as_of"], "2014-10-20");
    assert_eq!(calendar["replay"], false);
    let when: Vec<&str> = calendar["stages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["when"].as_str().unwrap())
        .collect();
    assert_eq!(when, ["held", "held", "undated", "under-way"]);
    // 14 items × 6 groups.
    assert_eq!(status["cells"].as_array().unwrap().len(), 84);
    let apt = cell(&status, "decision-5", "APT");
    assert_eq!(apt["maturity"], "ACP");
    assert_eq!(apt["level"], 4);
    assert_eq!(apt["dated"], "2014-08-29");
    assert_eq!(apt["last_meeting"]["name"], "APT PP14-4 (Bangkok)");
    assert_eq!(apt["stale"], false);
    assert_eq!(apt["versions"], 2);
    // APT's meetings are APT's: CEPT's last meeting is none of them.
    let cept = &status["groups"][0];
    assert_eq!(cept["group"], "CEPT");
    assert_eq!(cept["last_meeting"], Value::Null);
    assert_eq!(cell(&status, "decision-5", "CEPT")["stale"], Value::Null);
}

#[test]
fn status_replays_any_date_from_the_dated_versions() {
    // After PP14-3, before PP14-4: APT's proposals are PACPs; PP14-4 is next.
    let july = json(&["status", "--format", "json", "--as-of", "2014-07-01"]);
    assert_eq!(july["calendar"]["replay"], true);
    let apt = cell(&july, "decision-5", "APT");
    assert_eq!(apt["maturity"], "PACP");
    assert_eq!(apt["dated"], "2014-06-05");
    assert_eq!(apt["stale"], false);
    assert_eq!(
        july["groups"][2]["next_meeting"]["name"],
        "APT PP14-4 (Bangkok)"
    );
    // Known only from documents of the conference: not yet known in July.
    assert_eq!(
        cell(&july, "stable-constitution", "CEPT")["position"],
        "unknown"
    );
    // Just after PP14-4 and before the news of it: the PACP is stale.
    let august = json(&["status", "--format", "json", "--as-of", "2014-08-25"]);
    assert_eq!(cell(&august, "decision-5", "APT")["stale"], true);
    // The same replay in text says it is one.
    let (_, text, _) = run(&["status", "--as-of", "2014-07-01"]);
    assert!(text.starts_with("PP-14 — Plenipotentiary Conference 2014, replayed at 2014-07-01;"));
}

#[test]
fn status_csv_has_one_row_per_cell() {
    let (code, csv, _) = run(&["status", "--format", "csv"]);
    assert_eq!(code, 0);
    let lines: Vec<&str> = csv.split("\r\n").filter(|l| !l.is_empty()).collect();
    assert_eq!(lines.len(), 85);
    assert!(
        lines[0].starts_with("item,group,position,maturity,level,dated,reference,last_meeting")
    );
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("decision-5,APT,prefers revise,ACP,4,2014-08-29,PACP OUT-03(Rev.1),APT PP14-4 (Bangkok),2014-08-18,false,2,")),
        "{csv}"
    );
    let (_, markdown, _) = run(&["status", "--format", "md"]);
    assert!(markdown.starts_with("# Status: PP-14"));
    assert!(markdown.contains("## Calendar"));
}

#[test]
fn diff_between_two_dates_shows_who_moved_where() {
    let (code, text, stderr) = run(&["diff", "--from", "2014-07-01", "--to", "2014-09-01"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        text.starts_with(
            "maturity changed\n  APT on decision-5: PACP → ACP\n  APT on res-162: PACP → ACP\n  APT on ict-definition: PACP → ACP\nfields changed\n"
        ),
        "{text}"
    );
    // The new versions' sources and notes, and nothing else.
    let fields: Vec<&str> = text.lines().skip(5).collect();
    assert_eq!(fields.len(), 6, "{text}");
    assert!(fields.iter().all(|l| l.starts_with("  APT on ")), "{text}");
    let (_, later, _) = run(&[
        "diff",
        "scenarios/pp14.ron",
        "--from",
        "2014-09-01",
        "--format",
        "json",
    ]);
    let later: Value = serde_json::from_str(&later).unwrap();
    assert!(
        later["cells"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c["group"] == "ATU"
                && c["item"] == "stable-constitution"
                && c["old"] == "unknown"
                && c["new"] == "prefers continue-wg"),
        "{later}"
    );
    for (args, wanted) in [
        (&["diff", "--to", "2014-09-01"][..], "--to needs --from"),
        (
            &["diff", "a.ron", "b.ron", "--from", "2014-01-01"][..],
            "not both",
        ),
        (
            &["diff", "--from", "2014-01-01", "--as-of", "2014-02-01"][..],
            "--as-of and --from",
        ),
        (&["diff", "a.ron"][..], "two snapshots"),
    ] {
        let (code, _, stderr) = run(args);
        assert_eq!(code, 2, "{args:?}");
        assert!(stderr.contains(wanted), "{args:?}: {stderr}");
    }
}

#[test]
fn a_what_if_edits_the_version_in_force() {
    for args in [
        &[
            "report",
            "--set",
            "APT:decision-5=prefers:noc",
            "--format",
            "json",
        ][..],
        &[
            "report",
            "--set",
            "APT:decision-5=prefers:noc",
            "--as-of",
            "2014-07-01",
            "--format",
            "json",
        ][..],
    ] {
        let report = json(args);
        let item = report["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|i| i["id"] == "decision-5")
            .unwrap();
        let apt = &item["positions"]["APT"];
        assert_eq!(apt["label"], "prefers noc", "{args:?}: {apt}");
        assert_eq!(apt["mark"], "I", "a what-if is illustrative: {apt}");
    }
}

/// `--fail-on contested` means the same for every command that reads a scenario: PP-14 has a
/// contested item (exit 1), WRC-23's upper 6 GHz has none (exit 0).
#[test]
fn fail_on_contested_behaves_the_same_for_every_command() {
    let commands: [&[&str]; 16] = [
        &["validate"],
        &["report"],
        &["matrix"],
        &["contested"],
        &["blocs"],
        &["status"],
        &["export"],
        &["graph"],
        &["simulate", "--runs", "20"],
        &["trace", "--deterministic"],
        &["backtest", "--runs", "20"],
        &["brief", "--for", "CEPT"],
        &["compare", "--set", "CEPT:*=salience:0.9", "--runs", "20"],
        &["sensitivity", "--runs", "20"],
        &[
            "sweep",
            "--param",
            "CEPT.flexibility",
            "--item",
            "decision-5",
            "--runs",
            "20",
        ],
        &["diff", "--from", "2014-09-01"],
    ];
    for command in commands {
        let scenario_first = |scenario: &'static str| {
            let mut args: Vec<&str> = vec![command[0], scenario];
            args.extend(&command[1..]);
            args.extend(["--fail-on", "contested"]);
            args
        };
        let (code, _, stderr) = run(&scenario_first("scenarios/pp14.ron"));
        assert_eq!(code, 1, "{command:?} on PP-14: {stderr}");
        if command[0] != "diff" && command[0] != "sweep" && command[0] != "backtest" {
            let (code, _, stderr) = run(&scenario_first("scenarios/wrc23-ai1-2.ron"));
            assert_eq!(code, 0, "{command:?} on WRC-23: {stderr}");
        }
    }
}

/// The base fixture copied to a temporary directory, with `edit` applied to its files.
fn base_with(edit: &[(&str, &str, &str)]) -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = crate::copy_base();
    for (name, from, to) in edit {
        let path = dir.path().join(name);
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains(from), "{name} lacks {from}");
        std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
    }
    let scenario = dir.path().join("scenario.ron");
    (dir, scenario)
}

/// A month-only date is its month's first day wherever dates are compared: "2023-10" and
/// "2023-10-01" are one day, so two versions on them clash.
#[test]
fn versions_on_a_month_and_its_first_day_clash() {
    let (_dir, scenario) = base_with(&[(
        "apt.ron",
        r#"        Position(item: "1.2", stance: Unknown),"#,
        r#"        Position(item: "1.2", stance: NoPositionYet, provenance: Sourced(source: "a", as_of: "2023-10")),
        Position(item: "1.2", stance: NoProposal, provenance: Sourced(source: "b", as_of: "2023-10-01")),"#,
    )]);
    let (code, _, stderr) = run(&["validate", scenario.to_str().unwrap()]);
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("duplicate-position"), "{stderr}");
}

/// A stage that ended "in October" has surely ended only on 31 October; and the `status`
/// column and the `stale-position` warning follow one rule.
#[test]
fn a_month_only_meeting_ends_on_the_months_last_day_and_status_agrees_with_the_warning() {
    let meeting = r#"Stage(name: "APT meeting", kind: RegionalMeeting, start: "2023-10", end: "2023-10", groups: ["APT"]),
        Stage(name: "The conference""#;
    let (_dir, scenario) =
        base_with(&[("scenario.ron", r#"Stage(name: "The conference""#, meeting)]);
    let path = scenario.to_str().unwrap();
    // APT's cell is dated 2023-10-10: on 2023-10-20 the October meeting may not be over.
    let (_, json, stderr) = run(&["status", path, "--as-of", "2023-10-20", "--format", "json"]);
    let status: Value = serde_json::from_str(&json).unwrap();
    assert_eq!(cell(&status, "1.1", "APT")["stale"], false, "{stderr}");
    assert!(!stderr.contains("stale-position"), "{stderr}");
    // Moved to the start of September, the cell predates a meeting held by the reference date
    // (2023-11-01): stale in both.
    let (_dir, scenario) = base_with(&[
        ("scenario.ron", r#"Stage(name: "The conference""#, meeting),
        (
            "apt.ron",
            r#"as_of: "2023-10-10""#,
            r#"as_of: "2023-09-05""#,
        ),
    ]);
    let (_, json, stderr) = run(&["status", scenario.to_str().unwrap(), "--format", "json"]);
    let status: Value = serde_json::from_str(&json).unwrap();
    assert_eq!(cell(&status, "1.1", "APT")["stale"], true);
    assert!(stderr.contains("stale-position"), "{stderr}");
}

/// Replayed at a date, a confidential part dated later is not attached (nor checked against a
/// position it was not written for), and the note of a cell not yet known gives no later date.
#[test]
fn a_replay_leaves_out_confidential_parts_and_dates_from_later() {
    let (_dir, scenario) = base_with(&[(
        "private/cept.ron",
        r#"Confidential(item: "9.1", note: "CANARY-CEPT-9.1", limits: (30, 85)),"#,
        r#"Confidential(item: "9.1", note: "CANARY-CEPT-9.1", limits: (30, 85), provenance: Sourced(source: "later", as_of: "2023-10-30")),"#,
    )]);
    let path = scenario.to_str().unwrap();
    let (code, export, stderr) = run(&["export", path, "--for", "CEPT", "--as-of", "2023-10-01"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        !export.contains("CANARY-CEPT-9.1"),
        "a later confidential part leaked"
    );
    let (_, export, _) = run(&["export", path, "--for", "CEPT"]);
    assert!(export.contains("CANARY-CEPT-9.1"));
    let (_, public, _) = run(&["export", path]);
    assert!(!public.contains("CANARY-CEPT-9.1"), "public by default");
    let (_, early, _) = run(&["export", path, "--as-of", "2023-01-01"]);
    assert!(early.contains("not yet known on 2023-01-01"));
    assert!(
        !early.contains("first dated"),
        "a replay names no later date"
    );
}

//! The agenda as the conference structures it: items split into issues, ITU Regions and country
//! footnotes, organisations' views, the CPM's substance, the focus flags, and `agenda split` /
//! `agenda rename`, on `tests/fixtures/agenda` and the bundled scenarios.

use std::path::Path;

use super::concord_in as concord;

fn here() -> std::path::PathBuf {
    std::env::current_dir().unwrap()
}

use super::succeeded as ok;

const AGENDA: &str = "tests/fixtures/agenda/scenario.ron";

fn agenda(args: &[&str]) -> String {
    let mut all = vec!["--root", "tests/fixtures"];
    all.extend_from_slice(args);
    all.push(AGENDA);
    ok(&concord(&all, &here()))
}

/// The section of the text report about one item, up to the next item.
fn section<'a>(report: &'a str, item: &str) -> &'a str {
    let start = report
        .find(&format!("── {item} "))
        .unwrap_or_else(|| panic!("no section {item}:\n{report}"));
    let rest = &report[start..];
    let skip = "── ".len();
    let end = rest[skip..].find("── ").map_or(rest.len(), |n| n + skip);
    &rest[..end]
}

/// The report's section on `item` says `words`.
fn says(report: &str, item: &str, words: &str) {
    let text = section(report, item);
    assert!(
        text.contains(words),
        "{item} does not say `{words}`:\n{text}"
    );
}

#[test]
fn issues_are_analysed_on_their_own_and_shown_under_their_item() {
    let report = agenda(&["report"]);
    // The item's heading comes once, before its first issue; each issue is an item of its own.
    assert_eq!(
        report
            .matches("══ 1.7 IMT in three bands: 3 issues (1.7a, 1.7b, 1.7c)")
            .count(),
        1
    );
    let heading = report.find("══ 1.7").unwrap();
    assert!(heading < report.find("── 1.7a").unwrap());
    // A position on the whole item applies to every issue: CEPT prefers no change on 1.7a and
    // 1.7b; its later position on 1.7c alone is in force there.
    says(&report, "1.7a", "preferred by CEPT");
    says(&report, "1.7b", "preferred by CEPT");
    says(&report, "1.7c", "opposed by CEPT");
    // Markdown: the item a heading, its issues under it.
    let markdown = agenda(&["report", "--format", "md"]);
    assert!(
        markdown.contains("## 1.7 IMT in three bands: 3 issues"),
        "{markdown}"
    );
    assert!(
        markdown.contains("### 1.7a — 4 400-4 800 MHz"),
        "{markdown}"
    );
    // JSON: every issue names its item; the export lists the item with its issues.
    let json: serde_json::Value =
        serde_json::from_str(&agenda(&["report", "--format", "json"])).unwrap();
    let parents: Vec<&str> = json["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|item| item["parent"].as_str().unwrap_or("-"))
        .collect();
    assert_eq!(parents, ["1.7", "1.7", "1.7", "-"]);
    let export: serde_json::Value = serde_json::from_str(&agenda(&["export"])).unwrap();
    assert_eq!(export["parents"][0]["id"], "1.7");
    assert_eq!(
        export["parents"][0]["issues"],
        serde_json::json!(["1.7a", "1.7b", "1.7c"])
    );
    let matrix = agenda(&["matrix", "--format", "csv"]);
    assert!(
        matrix.contains("\n1.7a,") && matrix.contains("\n1.7c,"),
        "{matrix}"
    );
}

#[test]
fn a_region_limited_option_is_no_fight_of_a_group_with_no_member_there() {
    let report = agenda(&["report"]);
    let c = section(&report, "1.7c");
    assert!(
        c.contains("(MOD, Region 3 only, and by footnote: BRA)"),
        "{c}"
    );
    // ATU (Region 1) prefers no change and draws no red line on the Region 3 option: it lets it
    // be, and its only conflict with APT is APT's red line on ATU's own first choice.
    assert!(
        c.contains("outside the Regions of ATU (not opposed)"),
        "{c}"
    );
    assert!(
        c.contains("conflict           APT × ATU: ATU's first choice `noc` is a red line of APT\n"),
        "{c}"
    );
    // CEPT red-lines it explicitly (cross-border interference is a real reason): a conflict.
    assert!(c.contains("CEPT × APT: no option both accept"), "{c}");
    // Without Regions the same option would put ATU in "no option both accept" with APT.
    let dir = tempfile::tempdir().unwrap();
    copy_fixture(dir.path());
    let scenario = dir.path().join("agenda/scenario.ron");
    let text = std::fs::read_to_string(&scenario).unwrap();
    std::fs::write(
        &scenario,
        text.replace(", regions: [\"R3\"], footnote: [\"BRA\"]", ""),
    )
    .unwrap();
    let global = ok(&concord(
        &["--root", ".", "report", "agenda/scenario.ron"],
        dir.path(),
    ));
    says(&global, "1.7c", "APT × ATU: no option both accept");
}

/// The fixture directories the agenda fixture reads, copied under `dir`.
fn copy_fixture(dir: &Path) {
    for sub in ["agenda", "base"] {
        std::fs::create_dir_all(dir.join(sub)).unwrap();
        for entry in std::fs::read_dir(Path::new("tests/fixtures").join(sub)).unwrap() {
            let path = entry.unwrap().path();
            if path.is_file() {
                std::fs::copy(&path, dir.join(sub).join(path.file_name().unwrap())).unwrap();
            }
        }
    }
}

#[test]
fn organisations_are_shown_and_never_counted() {
    let report = agenda(&["report"]);
    let b = section(&report, "1.7b");
    assert!(
        b.contains("organisation       ICAO (no vote, not counted): prefers noc; opposes imt — protect the radio altimeters"),
        "{b}"
    );
    // The same scenario without the organisation: every figure is the same.
    let dir = tempfile::tempdir().unwrap();
    copy_fixture(dir.path());
    let scenario = dir.path().join("agenda/scenario.ron");
    let text = std::fs::read_to_string(&scenario).unwrap();
    std::fs::write(
        &scenario,
        text.replace("    organisations: [\"icao.ron\"],\n", ""),
    )
    .unwrap();
    let without = |args: &[&str]| {
        let mut all = vec!["--root", "."];
        all.extend_from_slice(args);
        all.push("agenda/scenario.ron");
        ok(&concord(&all, dir.path()))
    };
    let strip = |json: &str| {
        let mut value: serde_json::Value = serde_json::from_str(json).unwrap();
        for item in value["items"].as_array_mut().unwrap() {
            item.as_object_mut().unwrap().remove("organisation_views");
        }
        value
    };
    assert_eq!(
        strip(&agenda(&["report", "--format", "json"])),
        strip(&without(&["report", "--format", "json"]))
    );
    assert_eq!(
        agenda(&["simulate", "--runs", "200", "--format", "json"]),
        without(&["simulate", "--runs", "200", "--format", "json"])
    );
    let brief = agenda(&["brief", "--for", "CEPT"]);
    assert!(
        brief.contains("**Views of organisations (no vote, not counted):**"),
        "{brief}"
    );
}

#[test]
fn the_cpm_substance_reaches_the_brief_and_the_wide_table() {
    let brief = agenda(&["brief", "--for", "APT"]);
    assert!(
        brief.contains("- Method B (imt): Identify the band for IMT — A new footnote identifies the band for IMT; change: ADD 5.A17; advantages: Harmonised spectrum for IMT; disadvantages: Sharing with incumbent services to be studied"),
        "{brief}"
    );
    assert!(
        brief.contains("- an issue of 1.7 — IMT in three bands"),
        "{brief}"
    );
    assert!(
        brief.contains("- Three bands studied for IMT, each on its own."),
        "{brief}"
    );
    let wide = agenda(&["export", "table", "--layout", "wide"]);
    assert!(
        wide.starts_with(
            "item,title,lead,background,options,status,CEPT,CITEL,APT,ATU,organisations"
        ),
        "{wide}"
    );
    assert!(wide.contains("change: ADD 5.A17"), "{wide}");
    assert!(
        wide.contains(
            "r3: Identify the band in Region 3 only (Region 3 only, and by footnote: BRA)"
        ),
        "{wide}"
    );
    assert!(wide.contains("ICAO (no vote, not counted)"), "{wide}");
}

#[test]
fn the_focus_narrows_what_is_shown_not_what_is_computed() {
    let report = agenda(&["report", "--items", "1.7"]);
    assert!(
        report.contains("focus: 3 of 4 items (1.7a, 1.7b, 1.7c)"),
        "{report}"
    );
    assert!(!report.contains("── 2.1"), "{report}");
    // 1.7c is contested with every group counted, whatever the groups shown.
    let cept = agenda(&["report", "--items", "1.7c", "--groups", "CEPT"]);
    says(&cept, "1.7c", "[contested]");
    assert!(cept.contains("CEPT × APT"), "{cept}");
    assert!(!cept.contains("APT × ATU"), "{cept}");
    let matrix = agenda(&["matrix", "--groups", "APT,CEPT", "--format", "csv"]);
    assert!(
        matrix.contains(",CEPT,") && matrix.contains(",APT,") && !matrix.contains(",ATU,"),
        "{matrix}"
    );
    // The text says what it shows; the CSV stays one table.
    let text = agenda(&["matrix", "--items", "1.7", "--groups", "CEPT"]);
    assert!(
        text.starts_with("focus: 3 of 4 items (1.7a, 1.7b, 1.7c); groups CEPT\n"),
        "{text}"
    );
    let tagged = ok(&concord(
        &["report", "--tag", "imt", "scenarios/wrc27.ron"],
        &here(),
    ));
    assert!(
        tagged.contains("── 1.7a") && !tagged.contains("── 1.8 "),
        "{tagged}"
    );
    // A name the scenario does not have is a usage error, with a hint.
    let wrong = concord(
        &[
            "--root",
            "tests/fixtures",
            "report",
            "--items",
            "1.77",
            AGENDA,
        ],
        &here(),
    );
    assert_eq!(wrong.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&wrong.stderr);
    assert!(
        stderr.contains("unknown agenda item `1.77`") && stderr.contains("did you mean"),
        "{stderr}"
    );
}

#[test]
fn agenda_split_and_rename_rewrite_every_file_or_none() {
    let dir = tempfile::tempdir().unwrap();
    for sub in ["scenarios", "positions/wrc27/organisations"] {
        std::fs::create_dir_all(dir.path().join(sub)).unwrap();
    }
    for file in [
        "scenarios/wrc27.ron",
        "positions/states.ron",
        "positions/groups.ron",
        "positions/wrc27/organisations/ctia.ron",
    ] {
        std::fs::copy(file, dir.path().join(file)).unwrap();
    }
    for group in ["cept", "citel", "apt", "atu", "arb", "rcc"] {
        let file = format!("positions/wrc27/{group}.ron");
        std::fs::copy(&file, dir.path().join(&file)).unwrap();
    }
    let run = |args: &[&str]| concord(args, dir.path());
    let snapshot = || {
        ["scenarios/wrc27.ron", "positions/wrc27/cept.ron"]
            .map(|file| std::fs::read_to_string(dir.path().join(file)).unwrap())
    };
    let before = snapshot();
    // A dry run shows the change and writes nothing.
    let dry = ok(&run(&[
        "agenda",
        "split",
        "scenarios/wrc27.ron",
        "1.9",
        "--into",
        "a,b",
        "--dry-run",
    ]));
    assert!(
        dry.contains("split 1.9 into 2 issue(s): 1.9a, 1.9b"),
        "{dry}"
    );
    assert_eq!(snapshot(), before);
    let done = ok(&run(&[
        "agenda",
        "split",
        "scenarios/wrc27.ron",
        "1.9",
        "--into",
        "a,b",
    ]));
    assert!(done.contains("6 entries copied to each issue"), "{done}");
    let cept = std::fs::read_to_string(dir.path().join("positions/wrc27/cept.ron")).unwrap();
    assert!(
        cept.contains("// copied from `1.9` by `concord agenda split`\n        Position(\n            item: \"1.9a\","),
        "{cept}"
    );
    let matrix = ok(&run(&[
        "matrix",
        "scenarios/wrc27.ron",
        "--format",
        "csv",
        "--items",
        "1.9",
    ]));
    assert!(
        matrix.contains("\n1.9a,") && matrix.contains("\n1.9b,") && !matrix.contains("\n1.8,"),
        "{matrix}"
    );
    // Rename an issue, then the item split before: every file follows.
    ok(&run(&[
        "agenda",
        "rename",
        "scenarios/wrc27.ron",
        "1.9a",
        "1.9-hf",
    ]));
    ok(&run(&[
        "agenda",
        "rename",
        "scenarios/wrc27.ron",
        "1.7",
        "1.7-imt",
    ]));
    let report = ok(&run(&[
        "report",
        "scenarios/wrc27.ron",
        "--items",
        "1.7-imt,1.9-hf",
    ]));
    assert!(
        report.contains("══ 1.7-imt") && report.contains("── 1.9-hf"),
        "{report}"
    );
    // Refused, with nothing written: an issue split again, an id taken, an unknown item.
    let after = snapshot();
    for args in [
        [
            "agenda",
            "split",
            "scenarios/wrc27.ron",
            "1.7a",
            "--into",
            "x",
        ],
        // An id the scenario has already.
        [
            "agenda",
            "rename",
            "scenarios/wrc27.ron",
            "1.8",
            "--",
            "1.9b",
        ],
        [
            "agenda",
            "rename",
            "scenarios/wrc27.ron",
            "1.99",
            "--",
            "1.98",
        ],
    ] {
        let refused = run(&args);
        assert_eq!(refused.status.code(), Some(2), "{args:?}");
        assert_eq!(snapshot(), after, "{args:?}");
    }
}

#[test]
fn the_cept_brief_on_wrc27_is_short_while_nothing_is_known() {
    let brief = ok(&concord(
        &["brief", "--for", "CEPT", "scenarios/wrc27.ron"],
        &here(),
    ));
    assert!(
        brief.lines().count() < 250,
        "{} lines",
        brief.lines().count()
    );
    // Its items are all listed, folded.
    for item in ["1.7a", "1.7b", "1.7c", "1.19"] {
        assert!(brief.contains(item), "{item}");
    }
}

#[test]
fn wrc23_ai_1_2_is_coded_by_region() {
    let export: serde_json::Value = serde_json::from_str(&ok(&concord(
        &["export", "scenarios/wrc23-ai1-2.ron"],
        &here(),
    )))
    .unwrap();
    let options = export["items"][0]["options"].as_array().unwrap();
    assert_eq!(options[1]["regions"], serde_json::json!(["R1"]));
    assert_eq!(options[2]["regions"], serde_json::json!(["R1", "R3"]));
    assert_eq!(
        options[2]["footnote"],
        serde_json::json!(["BRA", "MEX", "KHM"])
    );
    // Every state has its Region; the groups show theirs.
    let states = export["states"].as_array().unwrap();
    assert!(states.iter().all(|state| state["region"].is_string()));
    assert_eq!(export["groups"][1]["regions"], serde_json::json!(["R2"]));
    // CITEL (Region 2) states no view on the Region 1 identification: it lets it be.
    let brief = ok(&concord(
        &["brief", "--for", "CEPT", "scenarios/wrc23-ai1-2.ron"],
        &here(),
    ));
    assert!(
        brief.contains(
            "- r1: also acceptable to CITEL (CITEL only lets it be: it applies outside its Regions)"
        ),
        "{brief}"
    );
}

#[test]
fn what_ifs_reach_issues_whose_position_is_on_their_item() {
    // CEPT's cell on 1.7a comes from its position on the whole of 1.7.
    let set = agenda(&["report", "--set", "CEPT:1.7a=prefers:imt"]);
    says(&set, "1.7a", "preferred by CEPT, APT");
    says(&set, "1.7b", "preferred by CEPT\n");
    let all = agenda(&["report", "--set", "CEPT:*=flexibility:0.9"]);
    assert!(all.contains("── 1.7a"), "{all}");
    // A change of the item is a change of each issue.
    let whole = ok(&concord(
        &[
            "report",
            "scenarios/wrc27.ron",
            "--set",
            "APT:1.7=prefers:noc",
        ],
        &here(),
    ));
    assert_eq!(whole.matches("preferred by APT").count(), 3, "{whole}");
}

#[test]
fn arguments_never_reach_the_terminal_raw() {
    for args in [
        vec!["report", "--items", "1.\u{1b}[31m7"],
        vec!["report", "--groups", "CE\u{1b}[2JPT"],
        vec!["agenda", "split", "\u{1b}]0;x\u{7}", "--into", "a"],
    ] {
        let mut all = vec!["--root", "tests/fixtures"];
        all.extend(args.iter().copied());
        if all[2] != "agenda" {
            all.push(AGENDA);
        } else {
            all.insert(4, AGENDA);
        }
        let output = concord(&all, &here());
        assert_eq!(output.status.code(), Some(2), "{all:?}");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(
            !stderr.contains('\u{1b}') && !stderr.contains('\u{7}'),
            "{stderr:?}"
        );
        assert!(stderr.contains("\\u{"), "{stderr:?}");
    }
}

#[test]
fn agenda_edits_keep_comments_refuse_unaddressable_ids_and_reach_private_files() {
    let dir = tempfile::tempdir().unwrap();
    copy_fixture(dir.path());
    std::fs::create_dir_all(dir.path().join("base/private")).unwrap();
    std::fs::copy(
        "tests/fixtures/base/private/cept.ron",
        dir.path().join("base/private/cept.ron"),
    )
    .unwrap();
    let scenario = dir.path().join("base/scenario.ron");
    // The item's last field ends in a comment: the comment stays a comment.
    let text = std::fs::read_to_string(&scenario).unwrap();
    let commented = text.replacen(
        "action: Method(\"B\")),\n            ],",
        "action: Method(\"B\")),\n            ] // the CPM methods",
        1,
    );
    assert_ne!(commented, text);
    std::fs::write(&scenario, commented).unwrap();
    let run = |args: &[&str]| {
        let mut all = vec!["--root", "."];
        all.extend_from_slice(args);
        concord(&all, dir.path())
    };
    ok(&run(&[
        "agenda",
        "split",
        "base/scenario.ron",
        "1.1",
        "--into",
        "a,b",
    ]));
    let text = std::fs::read_to_string(&scenario).unwrap();
    assert!(text.contains("// the CPM methods"), "{text}");
    // The confidential part on 1.1 was copied to each issue: CEPT reads it on both.
    let private = std::fs::read_to_string(dir.path().join("base/private/cept.ron")).unwrap();
    assert!(
        private.contains("item: \"1.1a\"") && private.contains("item: \"1.1b\""),
        "{private}"
    );
    ok(&run(&["validate", "base/scenario.ron"]));
    // Ids the flags could never address are refused, nothing written.
    for id in ["a,b", "x=y", "*", "A:B", "say\"hi"] {
        let refused = run(&["agenda", "rename", "base/scenario.ron", "1.2", "--", id]);
        assert_eq!(refused.status.code(), Some(2), "{id}");
    }
    assert_eq!(std::fs::read_to_string(&scenario).unwrap(), text);
    // `diff --items` names an item either side has (here one only the old side has).
    let old = dir.path().join("old");
    std::fs::create_dir_all(&old).unwrap();
    for sub in ["base", "agenda"] {
        let status = std::process::Command::new("cp")
            .args(["-r", sub, "old/"])
            .current_dir(dir.path())
            .status()
            .unwrap();
        assert!(status.success());
    }
    ok(&run(&[
        "agenda",
        "rename",
        "agenda/scenario.ron",
        "2.1",
        "2.2",
    ]));
    let diff = ok(&run(&[
        "diff",
        "old/agenda/scenario.ron",
        "agenda/scenario.ron",
        "--items",
        "2.1,2.2",
    ]));
    assert_eq!(diff, "items added\n  2.2\nitems removed\n  2.1\n");
}

//! What-if changes (`--set`, `--overlay`), `compare`, `sweep`, `sensitivity`.

use std::path::Path;

use concord::app::{ScenarioRef, Settings};
use concord::commands::Command;

use concord_core::load::WhatIf;
use concord_core::load::{FsSource, LoadOptions, load_scenario};
use concord_core::model::{Basis, Scenario, Stance};
use concord_core::simulate::SimConfig;
use concord_core::whatif::SweepConfig;
use concord_print::report::ReportFormat;

use crate::located;

fn base_with(sets: &[&str]) -> Result<Scenario, Vec<String>> {
    let whatifs: Vec<WhatIf> = sets.iter().map(|s| WhatIf::Set((*s).to_owned())).collect();
    load_scenario(
        &FsSource,
        Path::new("tests/fixtures/base/scenario.ron"),
        &LoadOptions {
            whatifs: whatifs.clone(),
            ..LoadOptions::default()
        },
    )
    .map(|loaded| loaded.scenario)
    .map_err(|d| d.list.iter().map(located).collect())
}

fn cell<'a>(scenario: &'a Scenario, group: &str, item: &str) -> &'a concord_core::model::Cell {
    scenario.cell(group, item)
}

fn options(stance: &Stance) -> (Option<String>, Vec<String>, Vec<String>) {
    let Stance::Options(s) = stance else {
        panic!("{stance:?}")
    };
    (
        s.prefers.as_ref().map(ToString::to_string),
        s.accepts.iter().map(|a| a.option.to_string()).collect(),
        s.opposes.iter().map(ToString::to_string).collect(),
    )
}

#[test]
fn each_field_can_be_set() {
    let s = base_with(&["APT:1.1=prefers:noc"]).unwrap();
    assert_eq!(
        options(&cell(&s, "APT", "1.1").stance),
        (
            Some("noc".into()),
            vec!["noc".into(), "b".into(), "a".into()],
            vec![]
        )
    );
    let s = base_with(&["ATU:1.1=accepts:b,noc"]).unwrap();
    // ATU preferred noc: it stays preferred and first; b is no longer a red line.
    assert_eq!(
        options(&cell(&s, "ATU", "1.1").stance),
        (
            Some("noc".into()),
            vec!["noc".into(), "b".into()],
            vec!["a".into()]
        )
    );
    let s = base_with(&["CITEL:1.1=opposes:b"]).unwrap();
    assert_eq!(
        options(&cell(&s, "CITEL", "1.1").stance),
        (Some("a".into()), vec!["a".into()], vec!["b".into()])
    );
    let s = base_with(&["CEPT:*=flexibility:0.9", "CITEL:1.1=salience:0.1"]).unwrap();
    assert_eq!(cell(&s, "CEPT", "1.1").flexibility.value, 0.9);
    assert_eq!(cell(&s, "CEPT", "9.1").flexibility.value, 0.9);
    assert_eq!(cell(&s, "CEPT", "9.1").flexibility.basis, Basis::Estimated);
    assert_eq!(cell(&s, "CITEL", "1.1").salience.value, 0.1);
    let s = base_with(&["CEPT:1.1=salience:+0.15", "CEPT:1.1=salience:+0.15"]).unwrap();
    assert!(
        (cell(&s, "CEPT", "1.1").salience.value - 1.0).abs() < 1e-12,
        "0.8 + 0.3, kept in 0-1"
    );
    for (stance, expected) in [
        ("unknown", Stance::Unknown),
        ("no-position-yet", Stance::NoPositionYet),
        ("no-proposal", Stance::NoProposal),
    ] {
        let s = base_with(&[&format!("CITEL:1.1={stance}")]).unwrap();
        assert_eq!(cell(&s, "CITEL", "1.1").stance, expected);
        assert!(cell(&s, "CITEL", "1.1").tallies.is_empty());
    }
    // A changed stance is not sourced any more.
    let s = base_with(&["APT:1.1=prefers:noc"]).unwrap();
    assert!(matches!(
        cell(&s, "APT", "1.1").provenance,
        concord_core::model::Provenance::Illustrative { .. }
    ));
    // An item the group's file does not mention gets a cell.
    let s = base_with(&["ATU:9.1=no-proposal"]).unwrap();
    assert_eq!(cell(&s, "ATU", "9.1").stance, Stance::NoProposal);
}

#[test]
fn bad_changes_are_diagnostics_located_in_the_change() {
    let errors = |set: &str| base_with(&[set]).unwrap_err();
    assert_eq!(errors("APT:1.1"), ["invalid-set --set #1:1:1"]);
    assert_eq!(errors("APT=prefers:a"), ["invalid-set --set #1:1:1"]);
    assert_eq!(errors("APT:1.1=likes:a"), ["invalid-set --set #1:1:9"]);
    assert_eq!(
        errors("APT:1.1=salience:high"),
        ["invalid-set --set #1:1:18"]
    );
    assert_eq!(errors("APX:1.1=prefers:a"), ["unknown-group --set #1:1:1"]);
    assert_eq!(errors("APT:1.9=prefers:a"), ["unknown-item --set #1:1:5"]);
    assert_eq!(
        errors("APT:1.1=accepts:a,zz"),
        ["unknown-option --set #1:1:19"]
    );
    assert_eq!(
        errors("APT:1.1=flexibility:1.5"),
        ["out-of-unit-range --set #1:1:21"]
    );
    assert_eq!(
        errors("APT:9.1=prefers:a"),
        ["stance-mismatch --set #1:1:1"]
    );
    // Every problem at once, across changes.
    let both = base_with(&["APX:1.1=unknown", "APT:1.1=likes:a"]).unwrap_err();
    assert_eq!(
        both,
        ["unknown-group --set #1:1:1", "invalid-set --set #2:1:9"]
    );
}

fn settings(whatifs: Vec<WhatIf>) -> Settings {
    Settings {
        whatifs,
        ..Settings::default()
    }
}

fn run(command: Command, whatifs: Vec<WhatIf>) -> String {
    concord::run(&command, &settings(whatifs)).unwrap().stdout
}

#[test]
fn overlays_apply_in_order_and_sets_come_last() {
    let dir = tempfile::tempdir().unwrap();
    let first = dir.path().join("first.ron");
    let second = dir.path().join("second.ron");
    std::fs::write(
        &first,
        r#"Overlay(name: "APT moves", set: ["APT:1.1=prefers:noc", "CEPT:1.1=flexibility:0.1"])"#,
    )
    .unwrap();
    std::fs::write(
        &second,
        r#"Overlay(name: "APT moves back", set: ["APT:1.1=prefers:b"])"#,
    )
    .unwrap();
    let whatifs = vec![
        WhatIf::Overlay(first.clone()),
        WhatIf::Overlay(second.clone()),
    ];
    let loaded = load_scenario(
        &FsSource,
        Path::new("tests/fixtures/base/scenario.ron"),
        &LoadOptions {
            whatifs: whatifs.clone(),
            ..LoadOptions::default()
        },
    )
    .unwrap();
    assert_eq!(
        options(&cell(&loaded.scenario, "APT", "1.1").stance)
            .0
            .as_deref(),
        Some("b")
    );
    assert_eq!(cell(&loaded.scenario, "CEPT", "1.1").flexibility.value, 0.1);
    let mut with_set = whatifs.clone();
    with_set.push(WhatIf::Set("APT:1.1=prefers:a".into()));
    let loaded = load_scenario(
        &FsSource,
        Path::new("tests/fixtures/base/scenario.ron"),
        &LoadOptions {
            whatifs: with_set.clone(),
            ..LoadOptions::default()
        },
    )
    .unwrap();
    assert_eq!(
        options(&cell(&loaded.scenario, "APT", "1.1").stance)
            .0
            .as_deref(),
        Some("a")
    );
}

#[test]
fn compare_of_a_scenario_with_itself_shows_no_change() {
    let config = SimConfig {
        runs: 300,
        ..SimConfig::default()
    };
    let same = run(
        Command::Compare(ScenarioRef::Bundled, None, config, ReportFormat::Text),
        vec![],
    );
    assert_eq!(same, "no change\n");
    let moved = run(
        Command::Compare(ScenarioRef::Bundled, None, config, ReportFormat::Text),
        vec![WhatIf::Set("ATU:stable-constitution=prefers:stable".into())],
    );
    assert!(
        moved.contains("ATU on stable-constitution: prefers continue-wg → prefers stable"),
        "{moved}"
    );
    // Five of six stated (RCC is unknown): agreed among them, never "unanimous".
    assert!(
        moved.contains("contested → agreed among the 5 stated"),
        "{moved}"
    );
}

#[test]
fn sweep_endpoints_equal_plain_simulations_with_the_value_set() {
    let config = SimConfig {
        runs: 400,
        seed: 9,
        ..SimConfig::default()
    };
    let sweep = SweepConfig {
        group: "ATU".into(),
        lever: concord_core::whatif::Lever::Flexibility,
        item: Some("stable-constitution".into()),
        from: 0.2,
        to: 0.8,
        step: 0.6,
    };
    let json: serde_json::Value = serde_json::from_str(&run(
        Command::Sweep(ScenarioRef::Bundled, sweep, config, ReportFormat::Json),
        vec![],
    ))
    .unwrap();
    let points = json["series"][0]["points"].as_array().unwrap();
    assert_eq!(points.len(), 2);
    for point in points {
        let value = point["value"].as_f64().unwrap();
        let plain: serde_json::Value = serde_json::from_str(&run(
            Command::Simulate(
                ScenarioRef::Bundled,
                config,
                ReportFormat::Json,
                Default::default(),
            ),
            vec![WhatIf::Set(format!(
                "ATU:stable-constitution=flexibility:{value}"
            ))],
        ))
        .unwrap();
        let item = plain["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|i| i["id"] == "stable-constitution")
            .unwrap();
        assert_eq!(point["p_adopted"], item["p_adopted"], "at {value}");
        assert_eq!(
            point["p_carried_forward"], item["p_carried_forward"],
            "at {value}"
        );
    }
}

#[test]
fn sensitivity_finds_whose_flexibility_decides_the_stable_constitution() {
    let config = SimConfig {
        runs: 400,
        seed: 2,
        ..SimConfig::default()
    };
    let out = run(
        Command::Sensitivity(ScenarioRef::Bundled, config, ReportFormat::Text),
        vec![],
    );
    let block = out.split("stable-constitution\n").nth(1).unwrap();
    let first_lever = block.lines().next().unwrap();
    assert!(first_lever.trim_start().starts_with("ATU "), "{out}");
}

/// The engine moves levers in memory; `--set GROUP:*=LEVER:±0.2` moves them in the files. Both
/// must give the same simulation.
#[test]
fn sensitivity_levers_equal_plain_simulations_with_the_shift_set() {
    let config = SimConfig {
        runs: 300,
        seed: 4,
        ..SimConfig::default()
    };
    let json: serde_json::Value = serde_json::from_str(&run(
        Command::Sensitivity(ScenarioRef::Bundled, config, ReportFormat::Json),
        vec![],
    ))
    .unwrap();
    let mut checked = 0;
    for (group, lever, key, shift) in [
        ("ATU", "flexibility", "p_adopted_high", "+0.2"),
        ("ATU", "salience", "p_adopted_low", "-0.2"),
    ] {
        let plain: serde_json::Value = serde_json::from_str(&run(
            Command::Simulate(
                ScenarioRef::Bundled,
                config,
                ReportFormat::Json,
                Default::default(),
            ),
            vec![WhatIf::Set(format!("{group}:*={lever}:{shift}"))],
        ))
        .unwrap();
        for item in json["items"].as_array().unwrap() {
            for moved in item["levers"].as_array().unwrap() {
                if moved["group"] == group && moved["parameter"] == lever {
                    let simulated = plain["items"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .find(|i| i["id"] == item["item"])
                        .unwrap();
                    assert_eq!(
                        moved[key], simulated["p_adopted"],
                        "{group} {lever} {}",
                        item["item"]
                    );
                    checked += 1;
                }
            }
        }
    }
    assert!(checked > 0, "no lever compared");
}

/// Stating a position where nothing was known turns "no prediction" into a probability: compare
/// says so, never "0% → 100%".
#[test]
fn compare_shows_no_prediction_as_such() {
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_concord"))
        .args([
            "compare",
            "--runs",
            "100",
            "--unknown",
            "silent",
            "--set",
            "CITEL:counterfeit=prefers:new-resolution",
        ])
        .output()
        .unwrap();
    let text = String::from_utf8(output.stdout).unwrap();
    assert!(text.contains("no prediction → 100%"), "{text}");
    let json = std::process::Command::new(env!("CARGO_BIN_EXE_concord"))
        .args([
            "compare",
            "--runs",
            "100",
            "--unknown",
            "silent",
            "--format",
            "json",
            "--set",
            "CITEL:counterfeit=prefers:new-resolution",
        ])
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    let row = json["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|row| row["id"] == "counterfeit")
        .unwrap();
    assert_eq!(row["p_adopted"], serde_json::json!([null, 1.0]), "{row}");
}

/// A group's file is the one whose `group:` names it, whatever the file is called: a change to
/// CEPT applies to `cept-2014.ron`, and a group with no file at all is still refused.
#[test]
fn a_change_finds_the_group_file_by_its_group_not_its_name() {
    let dir = crate::copy_base();
    std::fs::rename(
        dir.path().join("cept.ron"),
        dir.path().join("cept-2014.ron"),
    )
    .unwrap();
    let scenario = dir.path().join("scenario.ron");
    let text = std::fs::read_to_string(&scenario).unwrap();
    std::fs::write(
        &scenario,
        text.replace("\"cept.ron\"", "\"cept-2014.ron\"")
            .replace(", \"atu.ron\"]", "]"),
    )
    .unwrap();
    let load = |set: &str| {
        load_scenario(
            &FsSource,
            &scenario,
            &LoadOptions {
                whatifs: vec![WhatIf::Set(set.to_owned())],
                ..LoadOptions::default()
            },
        )
    };
    let loaded = load("CEPT:1.1=prefers:b").expect("CEPT's file is cept-2014.ron");
    assert_eq!(
        options(&cell(&loaded.scenario, "CEPT", "1.1").stance)
            .0
            .as_deref(),
        Some("b")
    );
    let refused = load("ATU:1.1=unknown").expect_err("ATU's file is not in the scenario");
    let messages: Vec<&str> = refused.list.iter().map(|d| d.message.as_str()).collect();
    assert!(
        messages.contains(&"`ATU` has no positions file in this scenario to change"),
        "{messages:?}"
    );
}

/// `compare --set` lists every field it changed (a salience too), says what B rests on when
/// it rests on estimates, and a lever on a cell stating no position is an `idle-lever` warning.
#[test]
fn compare_lists_the_fields_it_changed_the_estimates_and_idle_levers() {
    let compare = |sets: &[&str]| {
        let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_concord"));
        command.args(["compare", "--runs", "2000", "--color", "never"]);
        for set in sets {
            command.args(["--set", set]);
        }
        let output = command.output().unwrap();
        (
            output.status.code(),
            String::from_utf8(output.stdout).unwrap(),
            String::from_utf8(output.stderr).unwrap(),
        )
    };
    let (code, out, err) = compare(&["ATU:stable-constitution=salience:0.1"]);
    assert_eq!(code, Some(0), "{err}");
    assert!(
        out.contains("ATU on stable-constitution: salience 0.5 (estimated) → 0.1 (estimated)"),
        "{out}"
    );
    assert!(out.contains("B rests on estimates"), "{out}");
    assert!(out.contains("ATU salience and flexibility"), "{out}");
    assert!(!err.contains("idle-lever"), "{err}");
    // RCC states no position on stable-constitution: the lever is idle, and said to be.
    let (code, out, err) = compare(&["RCC:stable-constitution=salience:0.9"]);
    assert_eq!(code, Some(0), "{err}");
    assert!(!out.contains("items that change"), "{out}");
    assert!(err.contains("warning[idle-lever]"), "{err}");
    // With a stance first, the same lever works and warns of nothing.
    let (_, _, err) = compare(&[
        "RCC:stable-constitution=prefers:stable",
        "RCC:stable-constitution=salience:0.9",
    ]);
    assert!(!err.contains("idle-lever"), "{err}");
}

/// A sweep marks a step smaller than two standard errors "~" (with its legend) and gives the
/// standard errors in JSON; sensitivity says "within noise" of a lever whose effect is that small.
#[test]
fn sweep_and_sensitivity_mark_what_is_within_noise() {
    let concord = |args: &[&str]| {
        let output = std::process::Command::new(env!("CARGO_BIN_EXE_concord"))
            .args(args)
            .args(["--color", "never"])
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(0));
        String::from_utf8(output.stdout).unwrap()
    };
    let sweep = [
        "sweep",
        "--param",
        "ATU.flexibility",
        "--item",
        "stable-constitution",
        "--from",
        "0.5",
        "--to",
        "0.6",
        "--step",
        "0.05",
        "--runs",
        "500",
    ];
    let text = concord(&sweep);
    assert!(text.contains("75.8% ~ / 0%"), "{text}");
    assert!(
        text.contains("~: within noise of the value above"),
        "{text}"
    );
    let json: serde_json::Value =
        serde_json::from_str(&concord(&[&sweep[..], &["--format", "json"][..]].concat())).unwrap();
    let points = &json["series"][0]["points"];
    assert_eq!(points[0]["within_noise"][0], false);
    assert_eq!(points[1]["within_noise"][0], true);
    assert!(points[1]["se"][0].as_f64().unwrap() > 0.0);
    // A wide step is no noise.
    let wide = concord(&[
        "sweep",
        "--param",
        "ATU.flexibility",
        "--item",
        "stable-constitution",
        "--step",
        "0.5",
        "--runs",
        "500",
    ]);
    assert!(!wide.contains('~'), "{wide}");
    let sensitivity = concord(&["sensitivity", "--runs", "500"]);
    assert!(
        sensitivity.contains(
            "APT salience: P(adopted) 74.8% at −0.2, 73.4% at +0.2 (−1.4 points, within noise)"
        ),
        "{sensitivity}"
    );
    assert!(
        sensitivity
            .contains("ATU flexibility: P(adopted) 54.8% at −0.2, 84.6% at +0.2 (+29.8 points)\n"),
        "{sensitivity}"
    );
}

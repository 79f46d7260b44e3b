//! Briefs never contradict themselves (issue 15, section 1), and they hold what a real brief
//! holds: the calendar, priorities, the lead body, CPM methods, references, a state's own lines.

use std::path::{Path, PathBuf};

use concord_print::report::BriefFormat;
use serde_json::Value;

fn brief_at(scenario: &Path, reader: &str, format: BriefFormat, runs: Option<u64>) -> String {
    crate::brief_of(scenario, reader, format, runs, &[])
}

fn json(scenario: &str, reader: &str, runs: Option<u64>) -> Value {
    serde_json::from_str(&brief_at(
        Path::new(scenario),
        reader,
        BriefFormat::Json,
        runs,
    ))
    .unwrap()
}

fn item<'a>(brief: &'a Value, id: &str) -> &'a Value {
    brief["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|item| item["id"] == id)
        .unwrap_or_else(|| panic!("no item {id}"))
}

fn strings(value: &Value) -> Vec<String> {
    value
        .as_array()
        .map(|list| {
            list.iter()
                .map(|v| v.as_str().unwrap_or_default().to_owned())
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn a_state_reasons_from_all_its_groups_and_never_approaches_itself() {
    let egy = json("scenarios/pp14.ron", "EGY", None);
    // ARB, one of EGY's groups, is with the majority on the stable Constitution.
    assert!(
        !strings(&egy["isolated"]).contains(&"stable-constitution".to_owned()),
        "{}",
        egy["isolated"]
    );
    let row = egy["summary"]
        .as_array()
        .unwrap()
        .iter()
        .find(|row| row["id"] == "stable-constitution")
        .unwrap();
    assert_eq!(row["isolated"], false);
    let stable = item(&egy, "stable-constitution");
    let approach = strings(&stable["cross_pressured"]);
    assert!(!approach.is_empty(), "other states are cross-pressured");
    assert!(
        approach.iter().all(|line| !line.starts_with("EGY ")),
        "{approach:?}"
    );
    let markdown = brief_at(
        Path::new("scenarios/pp14.ron"),
        "EGY",
        BriefFormat::Markdown,
        None,
    );
    assert!(!markdown.contains("(isolated)"), "{markdown}");
}

#[test]
fn a_state_with_its_own_position_is_never_told_it_states_none() {
    // As the data stands: the United States red-lines an identification in all Regions; CITEL
    // and CEPT put no change first, which it accepts.
    let usa = json("scenarios/wrc23-ai1-2.ron", "USA", None);
    let item = item(&usa, "1.2");
    assert_eq!(item["own_state_position"], "opposes all-regions");
    assert_eq!(item["action"], "hold");
    assert_eq!(strings(&usa["own_positions"]), ["1.2: opposes all-regions"]);
    assert!(strings(&item["differs"]).is_empty(), "{}", item["differs"]);
    // With CITEL's cell unknown, the state's own position is still a position: never "we state
    // no position", and the brief says where it stands apart from its group.
    let brief = brief_with("scenarios/wrc23-ai1-2.ron", "USA", &["CITEL:1.2=unknown"]);
    let item = &brief["items"][0];
    let reason = item["reason"].as_str().unwrap();
    assert!(!reason.contains("we state no position"), "{reason}");
    assert!(reason.contains("red lines"), "{reason}");
    assert!(
        strings(&item["differs"])[0].starts_with("CITEL: unknown — the group states no position"),
        "{}",
        item["differs"]
    );
}

#[test]
fn the_cept_brief_on_wrc23_shows_the_us_red_line() {
    let cept = json("scenarios/wrc23-ai1-2.ron", "CEPT", None);
    let item = item(&cept, "1.2");
    assert_eq!(
        strings(&item["red_lines"]),
        ["USA (a member state, in CITEL's file): red line on all-regions"]
    );
    assert_eq!(item["action"], "hold");
}

/// Every reader of every bundled scenario: each line is backed by the facts next to it.
#[test]
fn no_line_contradicts_the_brief_it_is_in() {
    let readers = [
        (
            "scenarios/pp14.ron",
            &[
                "CEPT", "CITEL", "APT", "ATU", "ARB", "RCC", "EGY", "JPN", "USA", "IND", "SLE",
            ][..],
        ),
        (
            "scenarios/wrc23-ai1-2.ron",
            &["CEPT", "CITEL", "APT", "USA", "FRA"][..],
        ),
        (
            "tests/fixtures/base/scenario.ron",
            &["CEPT", "CITEL", "APT", "ATU"][..],
        ),
    ];
    let mut checked = 0;
    for (scenario, names) in readers {
        for reader in names {
            let brief = json(scenario, reader, Some(300));
            for item in brief["items"].as_array().unwrap() {
                let context = format!("{scenario} {reader} {}", item["id"]);
                let action = item["action"].as_str().unwrap();
                let compromises = strings(&item["compromises"]);
                if let Some(option) = action.strip_prefix("offer a compromise: ") {
                    let line = compromises
                        .iter()
                        .find(|line| line.starts_with(&format!("{option}:")))
                        .unwrap_or_else(|| {
                            panic!("{context}: {option} is not a compromise we accept")
                        });
                    assert!(!line.ends_with("no other group"), "{context}: {line}");
                    checked += 1;
                }
                if let Some(option) = action.strip_prefix("build a coalition for ") {
                    let ours: Vec<String> = item["position"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .map(|cell| cell["label"].as_str().unwrap().to_owned())
                        .chain(item["own_state_position"].as_str().map(String::from))
                        .collect();
                    assert!(
                        ours.iter()
                            .any(|label| label.starts_with(&format!("prefers {option}"))
                                || label == &format!("accepts {option}")
                                || label.starts_with(&format!("accepts {option} or"))),
                        "{context}: we do not support {option}: {ours:?}"
                    );
                    checked += 1;
                }
                for line in strings(&item["red_lines"]) {
                    assert!(line.contains(": red line on "), "{context}: {line}");
                }
                if action == "prepare for carry-forward" {
                    let p = item["simulation"]["p_carried_forward"].as_f64().unwrap();
                    assert!(
                        p >= concord_print::brief::CARRY_FORWARD_REAL,
                        "{context}: {p}"
                    );
                }
                if action != "watch" {
                    assert!(
                        !item["reason"]
                            .as_str()
                            .unwrap()
                            .contains("we state no position"),
                        "{context}"
                    );
                }
                for line in strings(&item["cross_pressured"]) {
                    assert!(
                        !line.starts_with(&format!("{reader} (")),
                        "{context}: {line}"
                    );
                }
                for cell in item["sources"].as_array().unwrap() {
                    assert_ne!(cell["basis"], "estimated", "{context}: {cell}");
                }
            }
            for row in brief["summary"].as_array().unwrap() {
                if row["isolated"] == true {
                    let item = item(&brief, row["id"].as_str().unwrap());
                    assert!(
                        strings(&item["allies"]).is_empty(),
                        "{scenario} {reader}: isolated with allies {}",
                        item["allies"]
                    );
                }
            }
        }
    }
    assert!(checked > 5, "the lines above were exercised ({checked})");
}

#[test]
fn opponents_are_listed_for_their_red_lines_only() {
    let atu = json("scenarios/pp14.ron", "ATU", None);
    let stable = item(&atu, "stable-constitution");
    // CEPT, CITEL, APT and ARB prefer another option; none draws a red line.
    assert!(strings(&stable["red_lines"]).is_empty(), "{stable}");
    let other = strings(&stable["want_other"]);
    assert_eq!(other.len(), 4, "{other:?}");
    assert!(
        other[0] == "CEPT: prefers stable (no option both accept with ATU)",
        "{other:?}"
    );
    // The fixture: CITEL red-lines `a`, which CEPT... does not accept; APT's red lines are real.
    let base = json("tests/fixtures/base/scenario.ron", "CEPT", None);
    for item in base["items"].as_array().unwrap() {
        for line in strings(&item["red_lines"]) {
            assert!(line.contains("red line on"), "{line}");
        }
    }
}

#[test]
fn a_sourced_stance_with_an_estimated_salience_says_so() {
    let atu = json("scenarios/pp14.ron", "ATU", None);
    let stable = item(&atu, "stable-constitution");
    assert_eq!(
        stable["position"][0]["mark"],
        "stance sourced; salience and flexibility estimated"
    );
    let sources = stable["sources"].as_array().unwrap();
    let rcc = sources.iter().find(|s| s["group"] == "RCC").unwrap();
    assert_eq!(
        rcc["basis"], "sourced",
        "a sourced `no proposal` has no estimate"
    );
}

#[test]
fn carry_forward_is_advised_only_when_the_simulation_gives_it_a_real_chance() {
    // Without a simulation, nothing gives carry-forward a probability.
    for reader in ["CEPT", "CITEL", "APT", "ATU", "ARB", "RCC"] {
        let brief = json("scenarios/pp14.ron", reader, None);
        for row in brief["summary"].as_array().unwrap() {
            assert_ne!(row["action"], "prepare for carry-forward", "{reader} {row}");
        }
    }
}

#[test]
fn the_heat_map_colours_by_agreement_with_the_reader() {
    let html = brief_at(
        Path::new("scenarios/pp14.ron"),
        "ATU",
        BriefFormat::Html,
        None,
    );
    let heatmap = &html[html.find("id=\"heatmap\"").unwrap()..];
    let heatmap = &heatmap[..heatmap.find("</svg>").unwrap()];
    // The contested row: ATU's own cell, four groups that accept nothing ATU accepts, RCC with
    // no proposal — not a uniform colour.
    let row = &heatmap[heatmap.find(">stable-constitution<").unwrap()..];
    let classes: Vec<&str> = row
        .split("<rect class=\"")
        .skip(1)
        .take(6)
        .map(|rest| &rest[..rest.find('"').unwrap()])
        .collect();
    assert_eq!(
        classes,
        [
            "conflicts",
            "conflicts",
            "conflicts",
            "ours",
            "conflicts",
            "not-stated"
        ]
    );
    // Readable on A4: 12 px labels, the map no wider than the printable width.
    assert!(heatmap.contains("font-size=\"12\""));
    let width: f64 = heatmap
        ["id=\"heatmap\" xmlns=\"http://www.w3.org/2000/svg\" width=\"".len()..]
        .split('"')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    assert!(width <= 640.0, "{width}");
}

#[test]
fn a_state_in_no_group_is_told_so() {
    let dir = tempfile::tempdir().unwrap();
    let base = Path::new("tests/fixtures/base");
    for entry in std::fs::read_dir(base).unwrap() {
        let path = entry.unwrap().path();
        if path.is_file() {
            std::fs::copy(&path, dir.path().join(path.file_name().unwrap())).unwrap();
        }
    }
    std::fs::create_dir_all(dir.path().join("private")).unwrap();
    std::fs::copy(
        base.join("private/cept.ron"),
        dir.path().join("private/cept.ron"),
    )
    .unwrap();
    let states = std::fs::read_to_string(base.join("states.ron"))
        .unwrap()
        .replace(
            "states: [",
            "states: [\n        (code: \"ISL\", name: \"Iceland\"),",
        );
    std::fs::write(dir.path().join("states.ron"), states).unwrap();
    let scenario: PathBuf = dir.path().join("scenario.ron");
    let markdown = brief_at(&scenario, "ISL", BriefFormat::Markdown, None);
    assert!(
        markdown.starts_with("# Brief for ISL — Iceland, in no regional group of this scenario\n"),
        "{markdown}"
    );
    assert!(!markdown.contains("member of"));
}

#[test]
fn the_brief_carries_the_calendar_priorities_and_the_item_facts() {
    let apt = json("scenarios/pp14.ron", "APT", None);
    let stages = apt["calendar"]["stages"].as_array().unwrap();
    assert_eq!(stages[0]["name"], "APT PP14-3 (Kuala Lumpur)");
    assert_eq!(stages[0]["when"], "held");
    assert_eq!(stages[0]["groups"], serde_json::json!(["APT"]));
    assert_eq!(stages[3]["when"], "under-way");
    assert_eq!(
        apt["next"][0]["last_meeting"]["name"],
        "APT PP14-4 (Bangkok)"
    );
    let priorities = strings(&apt["priorities"]);
    assert!(
        priorities[0].starts_with("stable-constitution — APT: salience 0.5 (estimated)"),
        "{priorities:?}"
    );
    let decision = item(&apt, "decision-5");
    assert!(
        strings(&decision["references"]).contains(&"APT: PACP OUT-03(Rev.1)".to_owned()),
        "{decision}"
    );
    // The fixture's item 1.1 has CPM methods A and B.
    let base = json("tests/fixtures/base/scenario.ron", "CEPT", None);
    assert_eq!(
        strings(&item(&base, "1.1")["methods"]),
        [
            "Method A (a): Method A: allocate the whole band",
            "Method B (b): Method B: allocate half the band"
        ]
    );
}

fn brief_with(scenario: &str, reader: &str, sets: &[&str]) -> Value {
    serde_json::from_str(&crate::brief_of(
        Path::new(scenario),
        reader,
        BriefFormat::Json,
        None,
        sets,
    ))
    .unwrap()
}

/// A contested item whose weight is behind an option we accept but do not put first: the line
/// never claims we support it (it offers it), and never builds a coalition for our own choice
/// in its name.
#[test]
fn a_coalition_is_built_only_for_the_top_option_when_we_support_it() {
    let brief = brief_with(
        "scenarios/wrc23-ai1-2.ron",
        "CITEL",
        &[
            "CITEL:1.2=prefers:noc",
            "CITEL:1.2=accepts:noc,r1",
            "CEPT:1.2=prefers:r1",
            "CEPT:1.2=opposes:noc",
            "ATU:1.2=prefers:r1",
            "ATU:1.2=opposes:noc",
            "APT:1.2=prefers:noc",
            "APT:1.2=opposes:r1",
        ],
    );
    let item = &brief["items"][0];
    assert_eq!(item["status"], "contested");
    assert_eq!(item["action"], "offer a compromise: r1", "{item}");
    assert!(
        !item["reason"]
            .as_str()
            .unwrap()
            .contains("is one we support"),
        "{item}"
    );
}

/// A state that draws red lines only does not override its group's red line: the brief never
/// offers, nor lists as acceptable, an option its group red-lines.
#[test]
fn a_groups_red_line_binds_its_member_state_reader() {
    let brief = brief_with(
        "scenarios/wrc23-ai1-2.ron",
        "USA",
        &[
            "CITEL:1.2=prefers:noc",
            "CITEL:1.2=opposes:r1",
            "CEPT:1.2=prefers:all-regions",
            "CEPT:1.2=accepts:all-regions,r1",
            "CEPT:1.2=opposes:noc",
            "ATU:1.2=prefers:all-regions",
            "ATU:1.2=accepts:all-regions,r1",
            "ATU:1.2=opposes:noc",
            "APT:1.2=prefers:noc",
        ],
    );
    let item = &brief["items"][0];
    assert_ne!(item["action"], "offer a compromise: r1", "{item}");
    assert!(
        strings(&item["compromises"])
            .iter()
            .all(|line| !line.starts_with("r1:")),
        "{item}"
    );
}

/// An ally accepts our first choice and red-lines nothing we accept: CITEL accepts CEPT's `b`
/// but prefers `a`, CEPT's red line, so it is no ally of CEPT on 1.1; APT, which accepts `b`
/// first, is.
#[test]
fn an_ally_does_not_put_our_red_line_first() {
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_concord"))
        .args(["brief", "--for", "CEPT", "--format", "json"])
        .arg("tests/fixtures/base/scenario.ron")
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let allies = json["items"][0]["allies"].as_array().unwrap();
    assert_eq!(allies.len(), 1, "{allies:?}");
    assert!(allies[0].as_str().unwrap().starts_with("APT"), "{allies:?}");
}

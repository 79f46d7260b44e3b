//! Validation on small inline scenarios.

use std::path::Path;

use crate::id::{GroupId, ItemId, OptionId};
use crate::load::{LoadOptions, Loaded, MemorySource, load_scenario};
use crate::model::{Provenance, Stance};

const STATES: &str = r#"States(states: [
    (code: "FRA", name: "France"), (code: "DEU", name: "Germany"), (code: "USA", name: "United States"),
])"#;
const GROUPS: &str = r#"Groups(groups: [
    Group(id: "CEPT", name: "C", region: "Europe",
        membership: (as_of: "2024-01", source: Cited("x"), members: ["FRA", "DEU"]), rule: Consensus),
    Group(id: "CITEL", name: "A", region: "Americas",
        membership: (as_of: "2024-01", source: GeneralKnowledge("x"), members: ["USA"]), rule: OptIn),
])"#;

fn scenario(items: &str, extra: &str) -> String {
    format!(
        r#"Scenario(conference: "C", name: "n", venue: "v", dates: ("2024-01-01", "2024-01-02"),
            as_of: "2024-01-01", states: "states.ron", groups: "groups.ron",
            positions: ["cept.ron"], {extra} items: [{items}])"#
    )
}

const ITEMS: &str = r#"Item(id: "1", title: "t", options: [
        Option(id: "noc", label: "l", status_quo: true), Option(id: "a", label: "l")]),
    Item(id: "2", title: "t", depends_on: ["1"], scale: Scale())"#;

/// Loads a scenario built from `scenario.ron` plus the given files (the small states and
/// groups above unless replaced) and checks the diagnostics, as `code line:column`.
fn check(files: &[(&str, &str)], expect: &[&str]) -> Option<Loaded> {
    check_for(files, expect, crate::load::ReadFor::EveryOwner)
}

/// [`check`], loaded for `read_for`.
fn check_for(
    files: &[(&str, &str)],
    expect: &[&str],
    read_for: crate::load::ReadFor,
) -> Option<Loaded> {
    let options = LoadOptions {
        read_for,
        ..LoadOptions::default()
    };
    let mut source = MemorySource::new();
    source
        .insert("states.ron", STATES)
        .insert("groups.ron", GROUPS);
    for (path, text) in files {
        source.insert(path, *text);
    }
    let (loaded, diagnostics) = match load_scenario(&source, Path::new("scenario.ron"), &options) {
        Ok(loaded) => {
            let warnings = loaded.warnings.clone();
            (Some(loaded), warnings)
        }
        Err(diagnostics) => (None, diagnostics),
    };
    let found: Vec<String> = diagnostics
        .list
        .iter()
        .map(|d| {
            let at = d.location.as_ref().map_or("-".into(), |l| {
                format!("{}:{}:{}", l.file, l.line, l.column)
            });
            format!("{} {at} {}", d.code, d.hint.as_deref().unwrap_or(""))
        })
        .collect();
    assert_eq!(found.len(), expect.len(), "{found:#?}");
    for (found, expect) in found.iter().zip(expect) {
        assert!(
            found.starts_with(expect),
            "{found} does not start with {expect}"
        );
    }
    loaded
}

fn cept(positions: &str) -> String {
    format!(r#"Positions(group: "CEPT", conference: "C", positions: [{positions}])"#)
}

#[test]
fn prefers_alone_means_accepts_only_that_and_silence_is_unknown() {
    let loaded = check(
        &[
            ("scenario.ron", &scenario(ITEMS, "")),
            (
                "cept.ron",
                &cept(r#"(item: "1", stance: Options(prefers: "a"), provenance: Illustrative(note: "n"))"#),
            ),
        ],
        &[],
    )
    .expect("valid");
    let scenario = &loaded.scenario;
    let Stance::Options(stance) = &scenario
        .cell(&GroupId::new("CEPT"), &ItemId::new("1"))
        .stance
    else {
        panic!("options stance");
    };
    assert_eq!(stance.accepts.len(), 1);
    assert_eq!(stance.accepts[0].option, OptionId::new("a"));
    let silent = scenario.cell(&GroupId::new("CEPT"), &ItemId::new("2"));
    assert_eq!(silent.stance, Stance::Unknown);
    assert_eq!(silent.provenance, Provenance::Implicit);
    // CITEL has no file at all: every cell is an implicit unknown, in item order.
    let citel = &scenario.positions[&GroupId::new("CITEL")];
    assert_eq!(citel.file, None);
    let items: Vec<&str> = citel.cells.keys().map(ItemId::as_str).collect();
    assert_eq!(items, ["1", "2"]);
}

#[test]
fn hints_suggest_the_right_case_and_a_state_by_its_name() {
    let groups = GROUPS.replace(r#"members: ["USA"]"#, r#"members: ["United States"]"#);
    check(
        &[
            ("scenario.ron", &scenario(ITEMS, "")),
            ("groups.ron", &groups),
            (
                "cept.ron",
                &cept("").replace(r#"group: "CEPT""#, r#"group: "cept""#),
            ),
        ],
        &[
            "unknown-state groups.ron:5:81 did you mean `USA` (United States)?",
            "unknown-group cept.ron:1:18 did you mean `CEPT`?",
        ],
    );
}

#[test]
fn several_problems_in_one_file_are_all_reported_in_order() {
    check(
        &[
            ("scenario.ron", &scenario(ITEMS, "")),
            (
                "cept.ron",
                &cept(
                    r#"(item: "1", stance: Options(prefers: "b", opposes: ["noc", "noc"]), salience: Sourced(2.0)),
                    (item: "2", stance: Scale(at: 120, range: (10, 20))),
                    (item: "3", stance: Unknown)"#,
                ),
            ),
        ],
        &[
            "no-provenance cept.ron:1:62",
            "unknown-option cept.ron:1:92",
            "duplicate-accepted cept.ron:1:114",
            "out-of-unit-range cept.ron:1:133",
            "no-provenance cept.ron:2:28",
            "scale-out-of-range cept.ron:2:51",
            "unknown-item cept.ron:3:28",
        ],
    );
}

#[test]
fn a_dependency_cycle_is_named_in_order() {
    let items = r#"Item(id: "a", title: "t", depends_on: ["b"], scale: Scale()),
        Item(id: "b", title: "t", depends_on: ["c"], scale: Scale()),
        Item(id: "c", title: "t", depends_on: ["a"], scale: Scale())"#;
    let mut source = MemorySource::new();
    source
        .insert("states.ron", STATES)
        .insert("groups.ron", GROUPS)
        .insert("cept.ron", cept(""))
        .insert("scenario.ron", scenario(items, ""));
    let diagnostics =
        load_scenario(&source, Path::new("scenario.ron"), &LoadOptions::default()).unwrap_err();
    assert_eq!(diagnostics.list.len(), 1);
    assert_eq!(
        diagnostics.list[0].message,
        "agenda items depend on each other in a cycle: a → b → c → a"
    );
}

#[test]
fn crlf_and_a_bom_do_not_shift_locations() {
    let text = format!("\u{feff}{}", cept(r#"(item: "9", stance: Unknown)"#))
        .replace(", positions", ",\r\n positions");
    check(
        &[("scenario.ron", &scenario(ITEMS, "")), ("cept.ron", &text)],
        &["unknown-item cept.ron:2:21"],
    );
}

#[test]
fn a_missing_file_is_named_as_the_scenario_names_it() {
    let mut source = MemorySource::new();
    source
        .insert("dir/scenarios/states.ron", STATES)
        .insert("dir/scenarios/groups.ron", GROUPS)
        .insert(
            "dir/scenarios/scenario.ron",
            scenario(ITEMS, "").replace(r#"["cept.ron"]"#, r#"["../pos/cept.ron"]"#),
        );
    let diagnostics = load_scenario(
        &source,
        Path::new("dir/scenarios/scenario.ron"),
        &LoadOptions::default(),
    )
    .unwrap_err();
    assert_eq!(diagnostics.list.len(), 1);
    assert_eq!(
        diagnostics.list[0].message,
        "file `../pos/cept.ron` (resolved to `dir/pos/cept.ron`) not found"
    );
}

#[test]
fn a_file_outside_the_root_is_not_read() {
    let mut source = MemorySource::new();
    source
        .insert(
            "dir/scenario.ron",
            scenario(ITEMS, "").replace(r#"["cept.ron"]"#, r#"["../secret.ron", "/etc/shadow"]"#),
        )
        .insert("dir/states.ron", STATES)
        .insert("dir/groups.ron", GROUPS)
        .insert("secret.ron", "CANARY");
    let diagnostics = load_scenario(
        &source,
        Path::new("dir/scenario.ron"),
        &LoadOptions::default(),
    )
    .unwrap_err();
    let codes: Vec<&str> = diagnostics.list.iter().map(|d| d.code.name()).collect();
    assert_eq!(codes, ["outside-root", "outside-root"]);
    assert!(!format!("{diagnostics:?}").contains("CANARY"));
}

#[test]
fn undated_stages_never_make_a_position_stale() {
    let stages = r#"stages: [Stage(name: "prep", kind: RegionalMeeting)],"#;
    check(
        &[
            ("scenario.ron", &scenario(ITEMS, stages)),
            (
                "cept.ron",
                &cept(
                    r#"(item: "1", stance: NoProposal, provenance: Sourced(source: "s", as_of: "1990-01-01"))"#,
                ),
            ),
        ],
        &[],
    );
}

#[test]
fn a_private_file_adds_confidential_parts_to_public_cells() {
    let loaded = check(
        &[
            ("scenario.ron", &scenario(ITEMS, r#"private: ["private/cept.ron", "private/citel.ron"],"#)),
            (
                "cept.ron",
                &cept(r#"(item: "1", stance: Options(accepts: ["noc"]), provenance: Illustrative(note: "n"))"#),
            ),
            (
                "private/cept.ron",
                r#"Private(group: "CEPT", confidential: [(item: "1", fallbacks: ["a"], note: "secret")])"#,
            ),
        ],
        &[],
    )
    .expect("valid");
    let cell = loaded
        .scenario
        .cell(&GroupId::new("CEPT"), &ItemId::new("1"));
    let confidential = cell
        .confidential
        .as_ref()
        .expect("merged from the private file");
    assert_eq!(confidential.fallbacks, [OptionId::new("a")]);
    let loaded_files: Vec<bool> = loaded
        .scenario
        .private_files
        .iter()
        .map(|f| f.read == crate::model::PrivateRead::Read)
        .collect();
    assert_eq!(loaded_files, [true, false]);
}

/// The scenario of the audience tests: CEPT with an inline confidential part and a private
/// file, CITEL with a private file.
fn audience_files() -> Vec<(&'static str, String)> {
    vec![
        (
            "scenario.ron",
            scenario(ITEMS, r#"private: ["private/cept.ron", "private/citel.ron"],"#),
        ),
        (
            "cept.ron",
            cept(
                r#"(item: "1", stance: Options(accepts: ["noc"]), provenance: Illustrative(note: "n"), confidential: (note: "inline", provenance: Illustrative(note: "n")))"#,
            ),
        ),
        (
            "private/cept.ron",
            r#"Private(group: "CEPT", confidential: [(item: "2", limits: (0, 100), note: "secret")])"#
                .into(),
        ),
        (
            "private/citel.ron",
            r#"Private(group: "CITEL", confidential: [(item: "1", note: "citel's")])"#.into(),
        ),
    ]
}

fn confidential_cells(loaded: &Loaded) -> Vec<String> {
    loaded
        .scenario
        .positions
        .iter()
        .flat_map(|(group, positions)| {
            positions
                .cells
                .iter()
                .filter(|(_, cell)| cell.confidential.is_some())
                .map(move |(item, _)| format!("{group}:{item}"))
        })
        .collect()
}

#[test]
fn a_public_load_reads_no_private_file_and_drops_inline_parts() {
    let files = audience_files();
    let files: Vec<(&str, &str)> = files.iter().map(|(p, t)| (*p, t.as_str())).collect();
    let loaded = check_for(
        &files,
        &["inline-confidential cept.ron:1:153"],
        crate::load::ReadFor::Public,
    )
    .expect("valid");
    assert!(confidential_cells(&loaded).is_empty());
    assert_eq!(loaded.scenario.audience, crate::model::Audience::Public);
    let read: Vec<_> = loaded
        .scenario
        .private_files
        .iter()
        .map(|f| f.read)
        .collect();
    assert_eq!(read, [crate::model::PrivateRead::NotForReader; 2]);
    // Not read, but named: no output may be written over them.
    assert!(
        loaded
            .inputs
            .iter()
            .any(|p| p.ends_with("private/citel.ron"))
    );
}

#[test]
fn a_reader_gets_its_own_parts_and_nobody_elses() {
    let files = audience_files();
    let files: Vec<(&str, &str)> = files.iter().map(|(p, t)| (*p, t.as_str())).collect();
    let loaded = check_for(
        &files,
        &["inline-confidential cept.ron:1:153"],
        crate::load::ReadFor::Reader("CEPT".into()),
    )
    .expect("valid");
    assert_eq!(confidential_cells(&loaded), ["CEPT:1", "CEPT:2"]);
    let citel = check_for(
        &files,
        &["inline-confidential cept.ron:1:153"],
        crate::load::ReadFor::Reader("CITEL".into()),
    )
    .expect("valid");
    assert_eq!(confidential_cells(&citel), ["CITEL:1"]);
}

#[test]
fn an_unknown_reader_is_an_error_with_a_suggestion() {
    let files = audience_files();
    let files: Vec<(&str, &str)> = files.iter().map(|(p, t)| (*p, t.as_str())).collect();
    assert!(
        check_for(
            &files,
            &["unknown-reader -", "inline-confidential cept.ron:1:153"],
            crate::load::ReadFor::Reader("CPET".into()),
        )
        .is_none()
    );
}

#[test]
fn a_private_file_is_its_groups_by_name() {
    let mut files = audience_files();
    files[3].1 = r#"Private(group: "CEPT", confidential: [(item: "1", note: "cept's")])"#.into();
    let files: Vec<(&str, &str)> = files.iter().map(|(p, t)| (*p, t.as_str())).collect();
    // Read for CITEL, CITEL's file giving CEPT's parts is an error; for CEPT it is never read.
    check_for(
        &files,
        &[
            "inline-confidential cept.ron:1:153",
            "private-file-owner private/citel.ron:1:16",
        ],
        crate::load::ReadFor::Reader("CITEL".into()),
    );
    let mut renamed = files.clone();
    let scenario_text = scenario(ITEMS, r#"private: ["private/secret.ron"],"#);
    renamed[0].1 = &scenario_text;
    check_for(
        &renamed,
        &[
            "private-file-owner scenario.ron:3:48",
            "inline-confidential cept.ron:1:153",
        ],
        crate::load::ReadFor::Public,
    );
}

#[test]
fn a_state_gives_its_own_position_once_across_its_groups_files() {
    // USA in both CEPT's and CITEL's files (it is a member of CITEL only: CEPT's entry is also
    // `state-not-member`), on the same item: the second is a duplicate.
    let own = r#"states: [(state: "USA", item: "1", stance: Options(opposes: ["a"]), provenance: Illustrative(note: "n"))]"#;
    check(
        &[
            (
                "scenario.ron",
                &scenario(ITEMS, "").replace(r#"["cept.ron"]"#, r#"["citel.ron", "cept.ron"]"#),
            ),
            (
                "citel.ron",
                &format!(r#"Positions(group: "CITEL", conference: "C", positions: [], {own})"#),
            ),
            (
                "cept.ron",
                &format!(r#"Positions(group: "CEPT", conference: "C", positions: [], {own})"#),
            ),
        ],
        &[
            "state-not-member cept.ron:1:75",
            "duplicate-position cept.ron:1:88",
        ],
    );
}

#[test]
fn more_items_than_the_limit_is_an_error() {
    let mut source = MemorySource::new();
    source
        .insert("states.ron", STATES)
        .insert("groups.ron", GROUPS)
        .insert("cept.ron", cept(""))
        .insert("scenario.ron", scenario(ITEMS, ""));
    let mut ctx = crate::load::Ctx {
        max_items: 1,
        ..Default::default()
    };
    let file = ctx.read(&source, Path::new("scenario.ron"), None).unwrap();
    let _ = super::scenario(
        &mut ctx,
        &source,
        Path::new("scenario.ron"),
        file,
        Vec::new(),
        (None, &crate::load::ReadFor::Public),
    );
    let codes: Vec<crate::diag::Code> = ctx.diagnostics.iter().map(|(_, d)| d.code).collect();
    assert_eq!(codes, [crate::diag::Code::TooManyItems]);
}

#[test]
fn a_key_given_twice_in_a_map_is_an_error() {
    let position = r#"(item: "1", stance: Options(prefers: "a", conditions: {"a": "x", "a": "y"}),
        provenance: Illustrative(note: "n"))"#;
    check(
        &[
            ("scenario.ron", &scenario(ITEMS, "")),
            ("cept.ron", &cept(position)),
        ],
        &["duplicate-field cept.ron:1:"],
    );
    let capability = r#"capability: Explicit({"CEPT": 1.0, "CITEL": 2.0, "CEPT": 3.0}),"#;
    check(
        &[
            ("scenario.ron", &scenario(ITEMS, capability)),
            ("cept.ron", &cept("")),
        ],
        &["duplicate-field scenario.ron:"],
    );
}

#[test]
fn ids_with_invisible_characters_are_refused_and_look_alikes_are_named() {
    let items = ITEMS.replace(r#"Item(id: "1","#, "Item(id: \"1\u{202E}\",");
    check(
        &[
            ("scenario.ron", &scenario(&items, "")),
            ("cept.ron", &cept("")),
        ],
        &["invalid-id scenario.ron:", "unknown-item scenario.ron:"],
    );
    // A Cyrillic `о` in `nоc`: the hint says why `noc` is not it.
    let position = "(item: \"1\", stance: Options(prefers: \"n\u{043E}c\"), provenance: Illustrative(note: \"n\"))";
    check(
        &[
            ("scenario.ron", &scenario(ITEMS, "")),
            ("cept.ron", &cept(position)),
        ],
        &[
            "unknown-option cept.ron:1:92 did you mean `noc`? (`n\u{043E}c` has the non-ASCII character U+043E",
        ],
    );
}

#[test]
fn names_and_titles_are_one_line_and_stages_in_date_order() {
    let items = ITEMS.replace(r#"title: "t", options"#, r#"title: "t\nFORGED", options"#);
    check(
        &[
            ("scenario.ron", &scenario(&items, "")),
            ("cept.ron", &cept("")),
        ],
        &["control-character scenario.ron:"],
    );
    let stages = r#"stages: [
        Stage(name: "conference", kind: Conference, start: "2024-01-01", end: "2024-01-02"),
        Stage(name: "regional", kind: RegionalMeeting, start: "2023-06-01", end: "2023-06-02"),
    ],"#;
    check(
        &[
            ("scenario.ron", &scenario(ITEMS, stages)),
            ("cept.ron", &cept("")),
        ],
        &["date-order scenario.ron:"],
    );
}

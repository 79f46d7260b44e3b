//! Regional adoption end to end: the core judges each member tally (typed verdicts), the print
//! crate words it; every rule, every verdict and both reasons for no common proposal, as the
//! JSON report and the wording module print them.

use std::path::Path;

use concord_core::analysis::{Analysis, AnalysisConfig, NotStated, analyse};
use concord_core::graph::MembershipGraph;
use concord_core::load::{MemorySource, load_scenario};
use concord_core::model::Scenario;
use concord_print::report::adoption;

/// A group: id, member count and rule; its states are `S` and two letters, numbered across
/// groups.
const GROUPS: [(&str, usize, &str); 6] = [
    ("CEPT", 20, "Thresholds(min_support: 10, max_oppose: 6)"),
    (
        "CITEL",
        12,
        "ObjectionRatio(min_support: 6, max_objection_ratio: 0.5, competing_cancel: true)",
    ),
    ("APT", 10, "OptIn"),
    (
        "ATU",
        10,
        "Endorsements(min_endorsements: 5, max_objections: 2)",
    ),
    ("ARB", 5, "Consensus"),
    ("X", 3, "Consensus"),
];

/// Per group and item, the tallies on `a` and `b` as (supporting, opposing) counts of the
/// group's first members (`None`: no tally on the option).
type Tallies = [Option<(usize, usize)>; 2];

const CELLS: [(&str, [Tallies; 2]); 6] = [
    (
        "CEPT",
        [[Some((9, 0)), Some((10, 7))], [Some((10, 1)), None]],
    ),
    (
        "CITEL",
        [[Some((6, 0)), Some((6, 0))], [Some((6, 4)), Some((5, 0))]],
    ),
    ("APT", [[Some((0, 0)), Some((1, 0))], [Some((3, 0)), None]]),
    ("ATU", [[Some((4, 0)), Some((5, 3))], [Some((5, 2)), None]]),
    ("ARB", [[Some((0, 1)), Some((0, 2))], [Some((0, 0)), None]]),
    ("X", [[Some((0, 0)), None], [None, None]]),
];

fn code(n: usize) -> String {
    let letter = |k: usize| char::from(b'A' + u8::try_from(k % 26).unwrap());
    format!("S{}{}", letter(n / 26), letter(n))
}

fn quoted(states: &[String]) -> String {
    states
        .iter()
        .map(|s| format!("\"{s}\""))
        .collect::<Vec<_>>()
        .join(", ")
}

/// One group's cell on `item`: prefers `a`, accepts `a` and `b`, with the given tallies.
fn cell(item: usize, members: &[String], tallies: &Tallies) -> String {
    let tallies: Vec<String> = ["a", "b"]
        .iter()
        .zip(tallies)
        .filter_map(|(option, tally)| {
            let (support, oppose) = (*tally)?;
            Some(format!(
                r#"(option: "{option}", support: [{}], oppose: [{}])"#,
                quoted(&members[..support]),
                quoted(&members[support..support + oppose])
            ))
        })
        .collect();
    format!(
        r#"(item: "{item}", stance: Options(prefers: "a", accepts: ["a", "b"]), provenance: Illustrative(note: "t"),
            tallies: [{}])"#,
        tallies.join(", ")
    )
}

/// The scenario of `GROUPS` and `CELLS` on two items, analysed.
fn analysed() -> (Scenario, Analysis) {
    let mut source = MemorySource::new();
    let mut states = Vec::new();
    let mut groups = Vec::new();
    let mut files = Vec::new();
    for ((id, size, rule), (cell_group, cells)) in GROUPS.iter().zip(CELLS) {
        assert_eq!(*id, cell_group);
        let members: Vec<String> = (states.len() + 1..=states.len() + size).map(code).collect();
        states.extend(members.clone());
        groups.push(format!(
            r#"(id: "{id}", name: "n", region: "r", membership: (as_of: "2020-01", source: Cited("t"), members: [{}]), rule: {rule})"#,
            quoted(&members)
        ));
        let positions: Vec<String> = cells
            .iter()
            .enumerate()
            .map(|(item, tallies)| cell(item + 1, &members, tallies))
            .collect();
        let name = format!("{}.ron", id.to_lowercase());
        source.insert(
            &name,
            format!(
                r#"Positions(group: "{id}", conference: "T", positions: [{}])"#,
                positions.join(", ")
            ),
        );
        files.push(format!("\"{name}\""));
    }
    let states: Vec<String> = states
        .iter()
        .map(|s| format!(r#"(code: "{s}", name: "{s}")"#))
        .collect();
    let option =
        |id: &str, quo: bool| format!(r#"Option(id: "{id}", label: "l", status_quo: {quo})"#);
    let options = [option("noc", true), option("a", false), option("b", false)].join(", ");
    let items: Vec<String> = (1..=2)
        .map(|item| format!(r#"Item(id: "{item}", title: "t", options: [{options}])"#))
        .collect();
    source
        .insert("states.ron", format!("States(states: [{}])", states.join(", ")))
        .insert("groups.ron", format!("Groups(groups: [{}])", groups.join(", ")))
        .insert(
            "s.ron",
            format!(
                r#"Scenario(conference: "T", name: "t", venue: "v", dates: ("2030-01-01", "2030-01-02"),
                   as_of: "2030-01-01", next_conference: "T2", states: "states.ron", groups: "groups.ron",
                   positions: [{}], items: [{}])"#,
                files.join(", "),
                items.join(", ")
            ),
        );
    let loaded = load_scenario(
        &source,
        Path::new("s.ron"),
        &concord_core::load::LoadOptions::default(),
    )
    .unwrap_or_else(|d| panic!("{}", concord_print::diag_render::render(&d, false)));
    let graph = MembershipGraph::build(&loaded.scenario);
    let analysis = analyse(&loaded.scenario, &graph, &AnalysisConfig::default());
    (loaded.scenario, analysis)
}

/// Item 1: every tally fails or the passing proposals cancel, save APT's `b` and X's `a`.
const ITEM_1: [&str; 11] = [
    "CEPT: no ECP on option `a` — 9 co-signing, 10 needed",
    "CEPT: no ECP on option `b` — 7 opposing, at most 6 allowed",
    "CITEL: IAP on option `a` — 6 supporting, 0 objecting",
    "CITEL: IAP on option `b` — 6 supporting, 0 objecting",
    "APT: no ACP on option `a` — no signatory",
    "APT: ACP on option `b`, 1 signatory",
    "ATU: no AfCP on option `a` — 4 endorsements, 5 needed",
    "ATU: no AfCP on option `b` — 3 written objections, at most 2 allowed",
    "ARB: no Arab Common Proposal on option `a` — 1 member objects, no consensus",
    "ARB: no Arab Common Proposal on option `b` — 2 members object, no consensus",
    "X: common proposal on option `a` by consensus",
];

/// Item 2: every rule passes, save CITEL's (its objections over the ratio, then too few).
const ITEM_2: [&str; 6] = [
    "CEPT: ECP on option `a` — 10 co-signing, 1 opposing",
    "CITEL: no IAP on option `a` — 4 objecting, more than 0.5 × 6 supporting",
    "CITEL: no IAP on option `b` — 5 supporting, 6 needed",
    "APT: ACP on option `a`, 3 signatories",
    "ATU: AfCP on option `a` — 5 endorsements, 2 objections",
    "ARB: Arab Common Proposal on option `a` by consensus",
];

#[test]
fn every_verdict_is_worded_as_the_reports_print_it() {
    let (scenario, analysis) = analysed();
    let json: serde_json::Value = serde_json::from_str(&concord_print::report::json::report(
        &scenario, &analysis, None,
    ))
    .unwrap();
    for (index, expected) in [&ITEM_1[..], &ITEM_2[..]].into_iter().enumerate() {
        let item = &json["items"][index];
        let printed: Vec<&str> = item["regional_adoption"]
            .as_array()
            .unwrap()
            .iter()
            .map(|note| note.as_str().unwrap())
            .collect();
        assert_eq!(printed, expected, "item {}", index + 1);
        let worded: Vec<String> = analysis.items[index]
            .cells
            .iter()
            .flat_map(|cell| cell.adoption.iter().map(adoption::note))
            .collect();
        assert_eq!(worded, expected, "item {}", index + 1);
    }
}

#[test]
fn no_common_proposal_says_why_in_the_json_report() {
    let (scenario, analysis) = analysed();
    let json: serde_json::Value = serde_json::from_str(&concord_print::report::json::report(
        &scenario, &analysis, None,
    ))
    .unwrap();
    let reason = |item: usize, group: &str| {
        let cell = &json["items"][item]["positions"][group];
        assert_eq!(cell["kind"], "no_common_proposal", "{group} on item {item}");
        cell["reason"].as_str().unwrap().to_owned()
    };
    assert_eq!(
        reason(0, "CEPT"),
        "CEPT: no ECP on option `a` — 9 co-signing, 10 needed; \
         CEPT: no ECP on option `b` — 7 opposing, at most 6 allowed"
    );
    assert_eq!(
        reason(0, "CITEL"),
        "CITEL: two IAPs pass on options `a` and `b` and cancel — no common proposal"
    );
    assert_eq!(
        reason(1, "CITEL"),
        "CITEL: no IAP on option `a` — 4 objecting, more than 0.5 × 6 supporting; \
         CITEL: no IAP on option `b` — 5 supporting, 6 needed"
    );
    // The wording module says the same as the report.
    let cell = &analysis.items[0].cells[1];
    let Some(NotStated::NoCommonProposal(why)) = cell.not_stated() else {
        panic!("CITEL has no common proposal on item 1");
    };
    assert_eq!(adoption::no_common_proposal(cell, why), reason(0, "CITEL"));
    // APT's `b` passed (opt-in), X's `a` by consensus: both stated.
    for group in ["APT", "X"] {
        assert_eq!(json["items"][0]["positions"][group]["kind"], "stated");
    }
}

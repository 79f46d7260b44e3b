//! The analysis on small hand-computed scenarios: golden values for W(o), the compromise point,
//! contention and group-aware consensus; every status; every adoption rule at its threshold.

use std::path::Path;

use super::{
    AdoptionNote, Analysis, AnalysisConfig, Compromise, ConflictReason, ItemAnalysis, ItemStatus,
    NoProposalReason, NotStated, RiskReason, RuleKind, TallyVerdict, analyse,
};
use crate::graph::MembershipGraph;
use crate::id::{GroupId, OptionId};
use crate::load::{MemorySource, load_scenario};
use crate::model::Scenario;

/// A group: id, member count (states are numbered `S01`…, each group gets its own unless
/// `shared` lists states it also holds), and its rule in RON.
struct G<'a> {
    id: &'a str,
    members: usize,
    rule: &'a str,
    shared: &'a [&'a str],
}

const fn g<'a>(id: &'a str, members: usize) -> G<'a> {
    G {
        id,
        members,
        rule: "Consensus",
        shared: &[],
    }
}

fn code(n: usize) -> String {
    let letter = |k: usize| char::from(b'A' + u8::try_from(k % 26).unwrap());
    format!("S{}{}", letter(n / 26), letter(n))
}

/// Loads a scenario with the given groups, items (RON) and positions per group (RON entries),
/// and analyses it.
fn analyse_ron(groups: &[G<'_>], items: &str, positions: &[(&str, &str)]) -> (Scenario, Analysis) {
    let mut next = 0;
    let mut states = Vec::new();
    let mut groups_ron = Vec::new();
    for group in groups {
        let mut members: Vec<String> = (0..group.members)
            .map(|_| {
                next += 1;
                code(next)
            })
            .collect();
        states.extend(members.clone());
        members.extend(group.shared.iter().map(|s| (*s).to_owned()));
        let members: Vec<String> = members.iter().map(|m| format!("\"{m}\"")).collect();
        groups_ron.push(format!(
            r#"(id: "{}", name: "n", region: "r", membership: (as_of: "2020-01", source: Cited("t"), members: [{}]), rule: {})"#,
            group.id,
            members.join(", "),
            group.rule
        ));
    }
    for group in groups {
        states.extend(group.shared.iter().map(|s| (*s).to_owned()));
    }
    states.sort();
    states.dedup();
    let states: Vec<String> = states
        .iter()
        .map(|s| format!(r#"(code: "{s}", name: "{s}")"#))
        .collect();
    let mut source = MemorySource::new();
    source
        .insert(
            "states.ron",
            format!("States(states: [{}])", states.join(", ")),
        )
        .insert(
            "groups.ron",
            format!("Groups(groups: [{}])", groups_ron.join(", ")),
        );
    let mut files = Vec::new();
    for (group, cells) in positions {
        let name = format!("{}.ron", group.to_lowercase());
        source.insert(
            &name,
            format!(r#"Positions(group: "{group}", conference: "T", positions: [{cells}])"#),
        );
        files.push(format!("\"{name}\""));
    }
    source.insert(
        "s.ron",
        format!(
            r#"Scenario(conference: "T", name: "t", venue: "v", dates: ("2030-01-01", "2030-01-02"),
               as_of: "2030-01-01", next_conference: "T2", states: "states.ron", groups: "groups.ron",
               positions: [{}], items: [{items}])"#,
            files.join(", ")
        ),
    );
    // Every owner's confidential parts: the analysis of them is what these tests check.
    let loaded = load_scenario(
        &source,
        Path::new("s.ron"),
        &crate::load::LoadOptions {
            read_for: crate::load::ReadFor::EveryOwner,
            ..crate::load::LoadOptions::default()
        },
    )
    .unwrap_or_else(|d| panic!("{d:?}"));
    let graph = MembershipGraph::build(&loaded.scenario);
    let analysis = analyse(&loaded.scenario, &graph, &AnalysisConfig::default());
    (loaded.scenario, analysis)
}

const ABC: &str = r#"Item(id: "1", title: "t", options: [
    Option(id: "noc", label: "l", status_quo: true), Option(id: "a", label: "l"), Option(id: "b", label: "l")])"#;

fn p(item: &str, stance: &str) -> String {
    format!(
        r#"(item: "{item}", stance: {stance}, salience: Estimated(1.0), provenance: Illustrative(note: "t"))"#
    )
}

fn item<'a>(analysis: &'a Analysis, id: &str) -> &'a ItemAnalysis {
    analysis
        .items
        .iter()
        .find(|item| item.item.as_str() == id)
        .unwrap()
}

fn weight(item: &ItemAnalysis, option: &str) -> f64 {
    item.weights
        .iter()
        .find(|(o, _)| o.as_str() == option)
        .unwrap()
        .1
}

fn close(a: f64, b: f64) {
    assert!((a - b).abs() < 1e-9, "{a} != {b}");
}

#[test]
fn one_stated_group_is_insufficient_but_keeps_its_proposal() {
    let (_, analysis) = analyse_ron(
        &[g("A", 2), g("B", 3)],
        ABC,
        &[
            ("A", &p("1", r#"Options(prefers: "a")"#)),
            ("B", r#"(item: "1", stance: Unknown)"#),
        ],
    );
    let item = item(&analysis, "1");
    assert_eq!(item.status, ItemStatus::Insufficient);
    assert_eq!(item.contention, None);
    assert_eq!(item.blocking, None);
    assert!(matches!(&item.compromise, Compromise::Options(ranked) if ranked[0].0.as_str() == "a"));
    assert_eq!(item.cells[1].not_stated(), Some(&NotStated::Unknown));
}

#[test]
fn the_four_statuses_in_their_order() {
    let stance = |a: &str, b: &str| {
        analyse_ron(
            &[g("A", 2), g("B", 3)],
            ABC,
            &[("A", &p("1", a)), ("B", &p("1", b))],
        )
        .1
        .items[0]
            .status
    };
    assert_eq!(
        stance(
            r#"Options(prefers: "a")"#,
            r#"Options(accepts: ["a", "b"])"#
        ),
        ItemStatus::Unanimous
    );
    assert_eq!(
        stance(
            r#"Options(prefers: "a", accepts: ["a", "b"])"#,
            r#"Options(prefers: "b")"#
        ),
        ItemStatus::Compromise
    );
    assert_eq!(
        stance(r#"Options(prefers: "a")"#, r#"Options(prefers: "b")"#),
        ItemStatus::Contested
    );
}

/// W(o) = Σ c·s·u. A (2 members, s 1): prefers a, then b, then noc-if: u(a) = 1, u(b) = 1 − 1/3,
/// u(noc) = (1 − 2/3)/2. B (3 members, s 0.5): accepts b, red line a: u(b) = 1, u(a) = −1.
#[test]
fn weights_follow_ranks_conditions_and_red_lines() {
    let (_, analysis) = analyse_ron(
        &[g("A", 2), g("B", 3)],
        ABC,
        &[
            (
                "A",
                &p(
                    "1",
                    r#"Options(prefers: "a", accepts: ["a", "b", "noc"], conditions: {"noc": "if x"})"#,
                ),
            ),
            (
                "B",
                r#"(item: "1", stance: Options(accepts: ["b"], opposes: ["a"]), salience: Sourced(0.5), provenance: Illustrative(note: "t"))"#,
            ),
        ],
    );
    let item = item(&analysis, "1");
    close(weight(item, "a"), 2.0 * 1.0 * 1.0 - 3.0 * 0.5);
    close(weight(item, "b"), 2.0 * (1.0 - 1.0 / 3.0) + 3.0 * 0.5 * 1.0);
    close(weight(item, "noc"), 2.0 * (1.0 - 2.0 / 3.0) / 2.0);
    assert_eq!(item.status, ItemStatus::Compromise);
    let Compromise::Options(ranked) = &item.compromise else {
        panic!()
    };
    assert_eq!(
        ranked.iter().map(|(o, _)| o.as_str()).collect::<Vec<_>>(),
        ["b"]
    );
    // contention = 1 − max W / Σ c·s = 1 − W(b) / (2 + 1.5)
    close(
        item.contention.unwrap(),
        1.0 - (2.0 * (2.0 / 3.0) + 1.5) / 3.5,
    );
    // B's first choice b is not A's red line, A's first choice a is B's red line.
    assert!(item.conflicts().all(|c| {
        c.reasons
            .iter()
            .all(|r| matches!(r, ConflictReason::RedLine { .. }))
    }));
}

#[test]
fn compromises_tie_to_the_status_quo_then_file_order() {
    let (_, analysis) = analyse_ron(
        &[g("A", 1), g("B", 1)],
        ABC,
        &[
            ("A", &p("1", r#"Options(accepts: ["a", "noc"])"#)),
            ("B", &p("1", r#"Options(accepts: ["noc", "a"])"#)),
        ],
    );
    let Compromise::Options(ranked) = &analysis.items[0].compromise else {
        panic!()
    };
    let order: Vec<&str> = ranked.iter().map(|(o, _)| o.as_str()).collect();
    assert_eq!(order, ["noc", "a"], "equal W: the status quo first");
}

#[test]
fn a_contested_item_names_conflicts_coalition_blocking_set_and_risk_for_dependents() {
    let items = format!(
        r#"{ABC}, Item(id: "2", title: "t", depends_on: ["1"], options: [Option(id: "x", label: "l")])"#
    );
    let (_, analysis) = analyse_ron(
        &[g("A", 5), g("B", 3), g("C", 1)],
        &items,
        &[
            ("A", &p("1", r#"Options(prefers: "a")"#)),
            ("B", &p("1", r#"Options(prefers: "a", opposes: ["b"])"#)),
            (
                "C",
                &format!(
                    "{}, {}",
                    p("1", r#"Options(prefers: "b")"#),
                    p("2", r#"Options(prefers: "x")"#)
                ),
            ),
        ],
    );
    let one = item(&analysis, "1");
    assert_eq!(one.status, ItemStatus::Contested);
    let conflicts: Vec<_> = one.conflicts().collect();
    assert_eq!(one.conflict_count(), 2);
    let pairs: Vec<(String, String)> = conflicts
        .iter()
        .map(|c| (c.groups.0.to_string(), c.groups.1.to_string()))
        .collect();
    assert_eq!(pairs, [("A".into(), "C".into()), ("B".into(), "C".into())]);
    assert!(conflicts[1].reasons.contains(&ConflictReason::RedLine {
        of: GroupId::new("C"),
        option: OptionId::new("b"),
        against: GroupId::new("B"),
    }));
    let coalition = one.largest_coalition.as_ref().unwrap();
    assert_eq!(coalition.option.as_ref().unwrap().as_str(), "a");
    close(coalition.capability, 8.0);
    assert_eq!(one.blocking.as_ref().unwrap(), &[GroupId::new("C")]);
    assert_eq!(one.at_risk.as_ref().unwrap().reason, RiskReason::Contested);
    assert_eq!(one.at_risk.as_ref().unwrap().to.as_deref(), Some("T2"));
    let two = item(&analysis, "2");
    assert_eq!(two.status, ItemStatus::Insufficient);
    assert_eq!(
        two.at_risk.as_ref().unwrap().reason,
        RiskReason::DependsOn(crate::id::ItemId::new("1"))
    );
    assert_eq!(analysis.counts.at_risk, 2);
}

/// P = Σ x·s·c / Σ s·c, clamped into the shared zone; contention = share of s·c excluded.
#[test]
fn the_scale_point_is_the_weighted_mean_clamped_into_the_zone() {
    let scale = r#"Item(id: "9", title: "t", scale: Scale())"#;
    let cell = |at: f64, lo: f64, hi: f64| p("9", &format!("Scale(at: {at}, range: ({lo}, {hi}))"));
    let (_, analysis) = analyse_ron(
        &[g("A", 3), g("B", 1)],
        scale,
        &[
            ("A", &cell(20.0, 10.0, 45.0)),
            ("B", &cell(80.0, 40.0, 90.0)),
        ],
    );
    let item = &analysis.items[0];
    assert_eq!(item.status, ItemStatus::Compromise);
    let Compromise::Scale { point, zone } = item.compromise else {
        panic!()
    };
    // (20·3 + 80·1) / 4 = 35, clamped into the zone 40-45.
    assert_eq!(zone, Some((40.0, 45.0)));
    close(point.unwrap(), 40.0);
    close(item.contention.unwrap(), 0.0);

    let (_, analysis) = analyse_ron(
        &[g("A", 3), g("B", 1)],
        scale,
        &[
            ("A", &cell(20.0, 10.0, 30.0)),
            ("B", &cell(80.0, 60.0, 90.0)),
        ],
    );
    let item = &analysis.items[0];
    assert_eq!(item.status, ItemStatus::Contested);
    let Compromise::Scale { point, zone } = item.compromise else {
        panic!()
    };
    assert_eq!(zone, None);
    close(point.unwrap(), 35.0);
    // Neither range holds 35: everything is excluded.
    close(item.contention.unwrap(), 1.0);
    assert!(matches!(
        item.conflicts().next().unwrap().reasons[0],
        ConflictReason::DisjointRanges(..)
    ));
}

fn tally_cell(option: &str, support: &[String], oppose: &[String]) -> String {
    format!(
        r#"(item: "1", stance: Options(prefers: "{option}"), salience: Estimated(1.0), provenance: Illustrative(note: "t"),
            tallies: [(option: "{option}", support: [{}], oppose: [{}])])"#,
        list(support),
        list(oppose)
    )
}

/// The states of the first group: `S0B`… in `analyse_ron`'s numbering.
fn members(n: usize) -> Vec<String> {
    (1..=n).map(code).collect()
}

/// Analyses one group with `size` members, `support` of them supporting option a and the next
/// `oppose` opposing, under `rule`.
fn adopt(rule: &str, size: usize, support: usize, oppose: usize) -> super::GroupCell {
    let all = members(size);
    let cell = tally_cell("a", &all[..support], &all[support..support + oppose]);
    let (_, analysis) = analyse_ron(
        &[G {
            id: "A",
            members: size,
            rule,
            shared: &[],
        }],
        ABC,
        &[("A", &cell)],
    );
    analysis.items[0].cells[0].clone()
}

#[test]
fn thresholds_pass_exactly_at_ten_co_signing_and_six_opposing() {
    let rule = "Thresholds(min_support: 10, max_oppose: 6)";
    assert!(adopt(rule, 20, 10, 6).stated().is_some());
    let failed = adopt(rule, 20, 9, 0);
    assert_eq!(
        failed.not_stated(),
        Some(&NotStated::NoCommonProposal(NoProposalReason::Failed))
    );
    assert_eq!(
        failed.adoption,
        [AdoptionNote {
            group: GroupId::new("A"),
            option: OptionId::new("a"),
            rule: RuleKind::Thresholds,
            support: 9,
            oppose: 0,
            verdict: TallyVerdict::TooFewSupporting { needed: 10 },
        }]
    );
    let opposed = adopt(rule, 20, 10, 7);
    assert!(opposed.stated().is_none());
    assert_eq!(
        opposed.adoption[0].verdict,
        TallyVerdict::TooManyOpposing { allowed: 6 }
    );
    assert!(!opposed.adoption[0].passed());
    let passed = adopt(rule, 20, 10, 6);
    assert_eq!(passed.adoption[0].verdict, TallyVerdict::Passed);
    assert_eq!(
        (passed.adoption[0].support, passed.adoption[0].oppose),
        (10, 6)
    );
}

/// States as a RON list: `"AAA", "AAB"`.
fn list(states: &[String]) -> String {
    states
        .iter()
        .map(|s| format!("\"{s}\""))
        .collect::<Vec<_>>()
        .join(", ")
}

#[test]
fn objection_ratio_passes_at_half_the_supporters_and_competing_proposals_cancel() {
    let rule = "ObjectionRatio(min_support: 6, max_objection_ratio: 0.5, competing_cancel: true)";
    assert!(adopt(rule, 12, 6, 3).stated().is_some());
    let objected = adopt(rule, 12, 6, 4);
    assert!(objected.stated().is_none());
    assert_eq!(
        objected.adoption[0].verdict,
        TallyVerdict::ObjectionsOverRatio { ratio: 0.5 }
    );
    assert_eq!(objected.adoption[0].rule, RuleKind::ObjectionRatio);
    let few = adopt(rule, 12, 5, 0);
    assert!(few.stated().is_none());
    assert_eq!(
        few.adoption[0].verdict,
        TallyVerdict::TooFewSupporting { needed: 6 }
    );
    let all = members(12);
    let cell = format!(
        r#"(item: "1", stance: Options(prefers: "a", accepts: ["a", "b"]), provenance: Illustrative(note: "t"),
            tallies: [(option: "a", support: [{}]), (option: "b", support: [{}])])"#,
        list(&all[..6]),
        list(&all[6..12])
    );
    let (_, analysis) = analyse_ron(
        &[G {
            id: "CITEL",
            members: 12,
            rule,
            shared: &[],
        }],
        ABC,
        &[("CITEL", &cell)],
    );
    let cell = &analysis.items[0].cells[0];
    assert_eq!(
        cell.not_stated(),
        Some(&NotStated::NoCommonProposal(NoProposalReason::Cancelled {
            options: vec![OptionId::new("a"), OptionId::new("b")],
        }))
    );
    assert!(cell.adoption.iter().all(super::AdoptionNote::passed));
}

#[test]
fn opt_in_binds_only_the_signatories() {
    let cell = adopt("OptIn", 10, 4, 0);
    assert!(cell.stated().is_some());
    close(cell.capability, 4.0);
    assert!(adopt("OptIn", 10, 0, 2).stated().is_none());
}

/// Opt-in with two passing proposals: the distinct signatories of both (a state signing both
/// counts once); with every tally failing, nobody signed: capability 0, not the membership.
#[test]
fn opt_in_counts_distinct_signatories_and_zero_when_every_tally_fails() {
    let all = members(10);
    let group = [G {
        id: "APT",
        members: 10,
        rule: "OptIn",
        shared: &[],
    }];
    // a: states 0-3, b: states 2-5 → 6 distinct signatories (not 4, the larger tally).
    let both = format!(
        r#"(item: "1", stance: Options(prefers: "a", accepts: ["a", "b"]), provenance: Illustrative(note: "t"),
            tallies: [(option: "a", support: [{}]), (option: "b", support: [{}])])"#,
        list(&all[..4]),
        list(&all[2..6])
    );
    let (_, analysis) = analyse_ron(&group, ABC, &[("APT", &both)]);
    close(analysis.items[0].cells[0].capability, 6.0);
    // a's tally fails (nobody signs); b, untallied, is still accepted: nobody signed anything.
    let failed = r#"(item: "1", stance: Options(prefers: "b", accepts: ["b", "a"]), provenance: Illustrative(note: "t"),
            tallies: [(option: "a", support: [])])"#;
    let (_, analysis) = analyse_ron(&group, ABC, &[("APT", failed)]);
    let cell = &analysis.items[0].cells[0];
    assert!(cell.stated().is_some());
    close(cell.capability, 0.0);
}

#[test]
fn endorsements_and_consensus_at_their_thresholds() {
    let rule = "Endorsements(min_endorsements: 15, max_objections: 3)";
    assert!(adopt(rule, 20, 15, 3).stated().is_some());
    assert!(adopt(rule, 20, 14, 0).stated().is_none());
    assert!(adopt(rule, 20, 15, 4).stated().is_none());
    assert!(adopt("Consensus", 5, 4, 0).stated().is_some());
    assert!(adopt("Consensus", 5, 4, 1).stated().is_none());
}

/// GAC = Π (1 + A_g)/(2 + S_g): A: 3 of 4 support (4/6), B: 1 for, 1 against (2/4) → 1/3.
#[test]
fn group_aware_consensus_over_tallies() {
    let a = members(4);
    let b: Vec<String> = (5..=6).map(code).collect();
    let (_, analysis) = analyse_ron(
        &[g("A", 4), g("B", 2)],
        ABC,
        &[
            ("A", &tally_cell("a", &a[..3], &a[3..4])),
            ("B", &tally_cell("a", &b[..1], &b[1..2])),
        ],
    );
    let consensus = &analysis.items[0].consensus[0];
    close(consensus.value, (4.0 / 6.0) * (2.0 / 4.0));
    close(consensus.root, ((4.0_f64 / 6.0) * (2.0 / 4.0)).sqrt());
}

#[test]
fn a_state_in_two_conflicting_groups_is_cross_pressured() {
    let (_, analysis) = analyse_ron(
        &[
            G {
                id: "A",
                members: 1,
                rule: "Consensus",
                shared: &["DUO"],
            },
            G {
                id: "B",
                members: 1,
                rule: "Consensus",
                shared: &["DUO"],
            },
        ],
        ABC,
        &[
            ("A", &p("1", r#"Options(prefers: "a")"#)),
            ("B", &p("1", r#"Options(prefers: "b")"#)),
        ],
    );
    let pressure = &analysis.items[0].cross_pressured;
    assert_eq!(pressure.len(), 1);
    assert_eq!(pressure[0].state.as_str(), "DUO");
}

#[test]
fn confidential_fallbacks_count_and_blocs_cluster_at_the_threshold() {
    let cept = r#"(item: "1", stance: Options(prefers: "a"), provenance: Illustrative(note: "t"),
        confidential: (fallbacks: ["b"]))"#;
    let (_, analysis) = analyse_ron(
        &[g("A", 1), g("B", 1), g("C", 1)],
        ABC,
        &[
            ("A", cept),
            ("B", &p("1", r#"Options(prefers: "b")"#)),
            ("C", &p("1", r#"Options(prefers: "noc")"#)),
        ],
    );
    // A's fallback b meets B: they agree; C agrees with nobody.
    assert_eq!(analysis.blocs.agreement(0, 1), Some(1.0));
    assert_eq!(analysis.blocs.agreement(0, 2), Some(0.0));
    let blocs: Vec<Vec<&str>> = analysis
        .blocs
        .blocs
        .iter()
        .map(|bloc| bloc.iter().map(|g| g.as_str()).collect())
        .collect();
    assert_eq!(blocs, [vec!["A", "B"], vec!["C"]]);
}

/// Every option is somebody's red line, yet each group still tolerates one: the item is
/// contested and the smallest set whose removal leaves an option accepted is named.
#[test]
fn every_option_red_lined_still_names_a_blocking_set() {
    let (_, analysis) = analyse_ron(
        &[g("A", 5), g("B", 3), g("C", 1)],
        ABC,
        &[
            (
                "A",
                &p("1", r#"Options(prefers: "a", opposes: ["b", "noc"])"#),
            ),
            (
                "B",
                &p("1", r#"Options(prefers: "b", opposes: ["a", "noc"])"#),
            ),
            (
                "C",
                &p("1", r#"Options(prefers: "noc", opposes: ["a", "b"])"#),
            ),
        ],
    );
    let one = item(&analysis, "1");
    assert_eq!(one.status, ItemStatus::Contested);
    // Removing B and C leaves `a` to A: the lightest pair (capabilities 3 + 1).
    assert_eq!(
        one.blocking.as_ref().unwrap(),
        &[GroupId::new("B"), GroupId::new("C")]
    );
}

/// Every stated group red-lines every option: each blocks on its own, so the blocking set is
/// all of them (not "none").
#[test]
fn when_everyone_red_lines_everything_each_group_blocks() {
    let (_, analysis) = analyse_ron(
        &[g("A", 2), g("B", 3)],
        ABC,
        &[
            ("A", &p("1", r#"Options(opposes: ["noc", "a", "b"])"#)),
            ("B", &p("1", r#"Options(opposes: ["noc", "a", "b"])"#)),
        ],
    );
    let one = item(&analysis, "1");
    assert_eq!(one.status, ItemStatus::Contested);
    assert_eq!(
        one.blocking.as_ref().unwrap(),
        &[GroupId::new("A"), GroupId::new("B")]
    );
}

/// Thousands of overlapping groups give millions of cross-pressured states an item: the first
/// [`super::risk::MAX_CROSS_PRESSURES`] are listed, the rest counted.
#[test]
fn cross_pressured_states_are_listed_up_to_the_bound_and_counted_past_it() {
    let groups: Vec<GroupId> = (0..100).map(|g| GroupId::new(&format!("G{g}"))).collect();
    let dual: Vec<(crate::id::StateId, Vec<GroupId>)> = (0..20)
        .map(|s| (crate::id::StateId::new(&format!("S{s:02}")), groups.clone()))
        .collect();
    let pairs: Vec<(&GroupId, &GroupId)> = groups
        .iter()
        .enumerate()
        .flat_map(|(a, g)| groups[a + 1..].iter().map(move |h| (g, h)))
        .collect();
    let (listed, more) = super::risk::cross_pressured(pairs.iter().copied(), &dual);
    assert_eq!(listed.len(), super::risk::MAX_CROSS_PRESSURES);
    assert_eq!(
        listed.len() + more,
        4950 * 20,
        "every pair × every shared state"
    );
    assert_eq!(listed[0].groups, (GroupId::new("G0"), GroupId::new("G1")));
}

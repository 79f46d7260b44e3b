//! The bundled default scenario (PP-14) encodes every cell of the PP-14 table of the domain notes.

use std::path::Path;

use concord::id::{GroupId, ItemId, OptionId};
use concord::load::{FsSource, load_scenario};
use concord::model::{Basis, OutcomeKind, Provenance, Stance};

/// The PP-14 table: S/O as the option preferred, `—` no proposal, `?` unknown, `…` no position
/// yet ("on CEPT's agenda"). Columns: CEPT, CITEL, APT, ARB, ATU, RCC (the table's order).
const TABLE: &[(&str, [&str; 6])] = &[
    (
        "stable-constitution",
        ["stable", "stable", "stable", "stable", "continue-wg", "—"],
    ),
    ("decision-5", ["?", "revise", "revise", "?", "?", "revise"]),
    ("res-99", ["?", "?", "?", "member-rights", "?", "?"]),
    (
        "internet-resolutions",
        ["?", "?", "?", "?", "?", "expand-180"],
    ),
    ("doc-98", ["?", "?", "—", "?", "?", "?"]),
    (
        "flight-tracking",
        ["?", "new-resolution", "?", "?", "?", "?"],
    ),
    ("res-179", ["?", "revise", "?", "?", "?", "?"]),
    ("res-162", ["?", "revise", "revise", "?", "?", "?"]),
    ("smart-africa", ["?", "?", "?", "?", "new-resolution", "?"]),
    ("counterfeit", ["?", "?", "?", "?", "?", "?"]),
    ("ict-applications", ["?", "?", "?", "?", "?", "?"]),
    ("ict-definition", ["…", "?", "definitions", "?", "?", "?"]),
];
const GROUPS: [&str; 6] = ["CEPT", "CITEL", "APT", "ARB", "ATU", "RCC"];

fn bundled() -> concord::Loaded {
    load_scenario(
        &concord::bundled::source(),
        Path::new(concord::bundled::DEFAULT_SCENARIO),
    )
    .expect("the bundled scenario is valid")
}

#[test]
fn every_cell_of_the_pp14_table_is_encoded_as_the_table_says() {
    let loaded = bundled();
    let scenario = &loaded.scenario;
    assert_eq!(scenario.items.len(), TABLE.len());
    for (item, row) in TABLE {
        for (group, expected) in GROUPS.iter().zip(row) {
            let cell = scenario.cell(&GroupId::new(group), &ItemId::new(item));
            let found = match &cell.stance {
                Stance::Options(stance) => {
                    assert_eq!(cell.salience.basis, Basis::Estimated, "{group} {item}");
                    assert_eq!(cell.flexibility.basis, Basis::Estimated, "{group} {item}");
                    assert!(
                        matches!(cell.provenance, Provenance::Sourced { .. }),
                        "{group} {item}: a stated cell cites its source"
                    );
                    stance
                        .first_choice()
                        .map(|o| o.to_string())
                        .unwrap_or_default()
                }
                Stance::NoProposal => "—".into(),
                Stance::Unknown => "?".into(),
                Stance::NoPositionYet => "…".into(),
                Stance::Scale(_) => "scale".into(),
            };
            assert_eq!(&found, expected, "{group} on {item}");
        }
    }
}

#[test]
fn india_doc_98_is_a_member_state_position_inside_apt() {
    let loaded = bundled();
    let apt = &loaded.scenario.positions[&GroupId::new("APT")];
    let india: Vec<_> = apt
        .state_positions
        .iter()
        .filter(|position| position.state.as_str() == "IND")
        .collect();
    assert_eq!(india.len(), 1);
    assert_eq!(india[0].item.as_str(), "doc-98");
    assert!(matches!(&india[0].stance,
        Stance::Options(stance) if stance.prefers == Some(OptionId::new("ip-allocation"))));
}

#[test]
fn outcomes_are_loaded_apart_and_cover_every_item() {
    let loaded = bundled();
    let outcomes = loaded.outcomes.expect("pp14 has recorded outcomes");
    assert_eq!(outcomes.outcomes.len(), 12);
    assert_eq!(
        outcomes.outcomes[&ItemId::new("internet-resolutions")].result,
        OutcomeKind::CarriedForward("PP-18".into())
    );
}

#[test]
fn the_bundled_files_are_the_files_in_the_repository() {
    let from_disk = load_scenario(&FsSource, Path::new("scenarios/pp14.ron")).expect("valid");
    let bundled = bundled();
    assert_eq!(
        format!("{:?}", from_disk.scenario),
        format!("{:?}", bundled.scenario)
    );
    assert!(bundled.warnings.is_empty(), "{:?}", bundled.warnings.list);
}

#[test]
fn dual_memberships_are_the_ten_african_arab_states_and_azerbaijan_and_moldova() {
    let loaded = bundled();
    let graph = concord::graph::PositionGraph::build(&loaded.scenario);
    let mut atu_arb = Vec::new();
    let mut cept_rcc = Vec::new();
    for (state, groups) in graph.dual_members() {
        let groups: Vec<&str> = groups.iter().map(|group| group.as_str()).collect();
        match groups.as_slice() {
            ["ATU", "ARB"] => atu_arb.push(state.to_string()),
            ["CEPT", "RCC"] => cept_rcc.push(state.to_string()),
            other => panic!("unexpected dual membership {state}: {other:?}"),
        }
    }
    atu_arb.sort();
    assert_eq!(
        atu_arb,
        [
            "COM", "DJI", "DZA", "EGY", "LBY", "MAR", "MRT", "SDN", "SOM", "TUN"
        ]
    );
    assert_eq!(cept_rcc, ["AZE", "MDA"]);
}

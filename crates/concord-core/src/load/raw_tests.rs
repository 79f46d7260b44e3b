//! Property: the raw file types survive a RON round trip (what a tool writes, concord reads back
//! unchanged), with and without struct names.

use indexmap::IndexMap;
use proptest::prelude::*;
use ron::ser::PrettyConfig;

use super::parse_str;
use super::raw::*;
use super::raw_agenda::{Issue, Link};

fn text() -> impl Strategy<Value = String> {
    // Any Unicode, quotes, backslashes and control characters included.
    prop_oneof![
        "[a-zA-Z0-9 .,/()-]{0,20}",
        any::<String>(),
        Just("a \"quoted\" \\ back\nslash".to_owned()),
    ]
}

fn id() -> impl Strategy<Value = String> {
    "[A-Za-z0-9._-]{1,8}"
}

fn number() -> impl Strategy<Value = f64> {
    prop_oneof![
        0.0..=1.0f64,
        0.0..=100.0f64,
        any::<f64>().prop_filter("finite", |x| x.is_finite())
    ]
}

fn estimate() -> impl Strategy<Value = Estimate> {
    prop_oneof![
        number().prop_map(Estimate::Sourced),
        number().prop_map(Estimate::Estimated)
    ]
}

fn stance() -> impl Strategy<Value = Stance> {
    prop_oneof![
        (
            proptest::option::of(id()),
            proptest::collection::vec(id(), 0..4),
            proptest::collection::vec((id(), text()), 0..3),
            proptest::collection::vec(id(), 0..3),
        )
            .prop_map(|(prefers, accepts, conditions, opposes)| Stance::Options {
                prefers,
                accepts,
                conditions: conditions.into_iter().collect::<IndexMap<_, _>>(),
                opposes,
            }),
        (
            number(),
            (number(), number()),
            proptest::option::of((number(), number()))
        )
            .prop_map(|(at, range, limits)| Stance::Scale { at, range, limits }),
        Just(Stance::NoPositionYet),
        Just(Stance::NotCoded),
        Just(Stance::NoProposal),
        Just(Stance::Unknown),
    ]
}

fn maturity() -> impl Strategy<Value = Maturity> {
    prop_oneof![
        Just(Maturity::PreliminaryView),
        Just(Maturity::Draft),
        Just(Maturity::CommonPosition),
        Just(Maturity::CommonProposal),
        Just(Maturity::ECP),
        Just(Maturity::PACP),
        Just(Maturity::ACP),
        Just(Maturity::DIAP),
        Just(Maturity::IAP),
        Just(Maturity::AfCP),
    ]
}

fn provenance() -> impl Strategy<Value = Provenance> {
    prop_oneof![
        (text(), text(), proptest::option::of(text())).prop_map(|(source, as_of, published)| {
            Provenance::Sourced {
                source,
                as_of,
                published,
            }
        }),
        (text(), proptest::option::of(text()))
            .prop_map(|(note, as_of)| Provenance::Illustrative { note, as_of }),
        (text(), proptest::option::of(text()))
            .prop_map(|(note, as_of)| Provenance::Estimated { note, as_of }),
    ]
}

fn confidential() -> impl Strategy<Value = Confidential> {
    (
        proptest::option::of(text()),
        proptest::collection::vec(id(), 0..3),
        proptest::collection::vec(id(), 0..3),
        proptest::option::of(number()),
        proptest::option::of((number(), number())),
        proptest::option::of(provenance()),
    )
        .prop_map(
            |(note, fallbacks, red_lines, flexibility, limits, provenance)| Confidential {
                note,
                fallbacks,
                red_lines,
                flexibility,
                limits,
                provenance,
            },
        )
}

fn position() -> impl Strategy<Value = Position> {
    (
        id(),
        stance(),
        proptest::option::of(estimate()),
        proptest::option::of(estimate()),
        proptest::option::of(maturity()),
        proptest::option::of(text()),
        proptest::collection::vec(
            (
                id(),
                proptest::collection::vec(id(), 0..4),
                proptest::collection::vec(id(), 0..3),
            )
                .prop_map(|(option, support, oppose)| Tally {
                    option,
                    support,
                    oppose,
                }),
            0..3,
        ),
        proptest::option::of(provenance()),
        proptest::option::of(text()),
        proptest::option::of(confidential()),
    )
        .prop_map(
            |(
                item,
                stance,
                salience,
                flexibility,
                maturity,
                reference,
                tallies,
                provenance,
                note,
                confidential,
            )| {
                Position {
                    item,
                    stance,
                    salience,
                    flexibility,
                    maturity,
                    reference,
                    tallies,
                    provenance,
                    note,
                    text: None,
                    confidential,
                }
            },
        )
}

fn positions_file() -> impl Strategy<Value = PositionsFile> {
    (
        id(),
        id(),
        proptest::collection::vec(position(), 0..4),
        proptest::collection::vec(
            (
                id(),
                id(),
                stance(),
                proptest::option::of(text()),
                proptest::option::of(provenance()),
                proptest::option::of(text()),
            )
                .prop_map(|(state, item, stance, reference, provenance, note)| {
                    StatePosition {
                        state,
                        item,
                        stance,
                        reference,
                        provenance,
                        note,
                    }
                }),
            0..2,
        ),
    )
        .prop_map(|(group, conference, positions, states)| PositionsFile {
            provenances: indexmap::IndexMap::new(),
            defaults: None,
            group,
            conference,
            positions,
            states,
        })
}

fn action() -> impl Strategy<Value = Action> {
    prop_oneof![
        Just(Action::NOC),
        Just(Action::MOD),
        Just(Action::ADD),
        Just(Action::SUP),
        Just(Action::AddMoved),
        Just(Action::ModEditorial),
        Just(Action::SupMoved),
        id().prop_map(Action::Method),
    ]
}

fn item() -> impl Strategy<Value = Item> {
    (
        id(),
        text(),
        proptest::option::of(text()),
        proptest::collection::vec(id(), 0..3),
        proptest::collection::vec(id(), 0..2),
        proptest::collection::vec(
            (id(), id(), proptest::option::of(text())).prop_map(|(conference, item, note)| Link {
                conference,
                item,
                note,
            }),
            0..2,
        ),
        proptest::collection::vec(
            (id(), text(), proptest::option::of(action()), any::<bool>()).prop_map(
                |(id, label, action, status_quo)| ItemOption {
                    // The newer fields round-trip too: Regions, a footnote, the CPM's words.
                    regions: if status_quo {
                        Vec::new()
                    } else {
                        vec!["R1".into(), "R3".into()]
                    },
                    footnote: if id.len() % 2 == 0 {
                        vec!["BRA".into()]
                    } else {
                        Vec::new()
                    },
                    summary: (id.len() % 3 == 0).then(|| label.clone()),
                    advantages: if id.len() % 2 == 1 {
                        vec![label.clone()]
                    } else {
                        Vec::new()
                    },
                    id,
                    label,
                    action,
                    status_quo,
                    ..ItemOption::default()
                },
            ),
            0..4,
        ),
        proptest::option::of(
            (
                proptest::collection::vec((any::<u8>(), text()), 0..3),
                proptest::option::of(number()),
            )
                .prop_map(|(anchors, status_quo)| Scale {
                    anchors: anchors.into_iter().collect(),
                    status_quo,
                }),
        ),
    )
        .prop_map(
            |(id, title, document, tags, depends_on, links, options, scale)| Item {
                // An item's own voting rule round-trips as the scenario's does.
                voting: (id.len() % 3 == 0).then_some(Voting::Majority(Majority::TwoThirds)),
                lead: (id.len() % 2 == 0).then(|| format!("WP {}", id.len())),
                id,
                title,
                document,
                tags,
                depends_on,
                links,
                background: None,
                issues: if options.len() == 2 {
                    vec![Issue {
                        id: "issue-a".into(),
                        title: "An issue".into(),
                        background: None,
                        options: options.clone(),
                        scale: None,
                        tags: Vec::new(),
                    }]
                } else {
                    Vec::new()
                },
                options,
                scale,
            },
        )
}

fn scenario_file() -> impl Strategy<Value = ScenarioFile> {
    (
        (
            id(),
            text(),
            text(),
            (text(), text()),
            text(),
            proptest::option::of(id()),
        ),
        (
            text(),
            text(),
            proptest::collection::vec(text(), 0..3),
            proptest::collection::vec(text(), 0..2),
            proptest::option::of(text()),
        ),
        prop_oneof![
            Just(Capability::Members),
            Just(Capability::Equal),
            proptest::collection::vec((id(), number()), 0..3)
                .prop_map(|weights| Capability::Explicit(weights.into_iter().collect())),
        ],
        prop_oneof![
            Just(Voting::Never),
            Just(Voting::Majority(Majority::Simple)),
            Just(Voting::Majority(Majority::TwoThirds)),
        ],
        proptest::collection::vec(
            (
                text(),
                prop_oneof![
                    Just(StageKind::RegionalMeeting),
                    Just(StageKind::InterRegional),
                    Just(StageKind::Conference),
                    Just(StageKind::Preparatory)
                ],
                proptest::option::of(text()),
                proptest::option::of(text()),
                any::<u32>(),
            )
                .prop_map(|(name, kind, start, end, rounds)| Stage {
                    groups: if rounds % 2 == 0 {
                        vec![name.clone()]
                    } else {
                        Vec::new()
                    },
                    deadline: start.clone(),
                    name,
                    kind,
                    start,
                    end,
                    rounds,
                }),
            0..3,
        ),
        proptest::collection::vec(item(), 0..3),
    )
        .prop_map(
            |(
                (conference, name, venue, dates, as_of, next_conference),
                (states, groups, positions, private, outcomes),
                capability,
                voting,
                stages,
                items,
            )| {
                ScenarioFile {
                    organisations: Vec::new(),
                    conference,
                    name,
                    venue,
                    dates,
                    deadline: next_conference.clone(),
                    as_of,
                    next_conference,
                    states,
                    groups,
                    positions,
                    private,
                    outcomes,
                    capability,
                    voting,
                    stages,
                    items,
                }
            },
        )
}

fn rule() -> impl Strategy<Value = Rule> {
    prop_oneof![
        (any::<u32>(), any::<u32>()).prop_map(|(min_support, max_oppose)| Rule::Thresholds {
            min_support,
            max_oppose
        }),
        (any::<u32>(), number(), any::<bool>()).prop_map(
            |(min_support, max_objection_ratio, competing_cancel)| Rule::ObjectionRatio {
                min_support,
                max_objection_ratio,
                competing_cancel
            }
        ),
        Just(Rule::OptIn),
        (any::<u32>(), any::<u32>()).prop_map(|(min_endorsements, max_objections)| {
            Rule::Endorsements {
                min_endorsements,
                max_objections,
            }
        }),
        Just(Rule::Consensus),
    ]
}

fn membership() -> impl Strategy<Value = Membership> {
    (
        text(),
        prop_oneof![
            text().prop_map(MembershipSource::Cited),
            text().prop_map(MembershipSource::GeneralKnowledge),
            text().prop_map(MembershipSource::Unverified)
        ],
        proptest::collection::vec(id(), 0..5),
        proptest::collection::vec(id(), 0..2),
    )
        .prop_map(|(as_of, source, members, suspended)| Membership {
            as_of,
            source,
            members,
            suspended,
        })
}

fn groups_file() -> impl Strategy<Value = GroupsFile> {
    proptest::collection::vec(
        (
            (id(), text(), text()),
            membership(),
            proptest::collection::vec(membership(), 0..2),
            rule(),
            proptest::option::of(text()),
            proptest::collection::vec(rule(), 0..2),
        )
            .prop_map(
                |(
                    (id, name, region),
                    membership,
                    earlier,
                    rule,
                    rule_source,
                    alternative_rules,
                )| {
                    Group {
                        id,
                        name,
                        region,
                        membership,
                        earlier,
                        rule,
                        rule_source,
                        alternative_rules,
                    }
                },
            ),
        0..3,
    )
    .prop_map(|groups| GroupsFile { groups })
}

fn config(struct_names: bool) -> PrettyConfig {
    PrettyConfig::default().struct_names(struct_names)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn positions_files_round_trip(file in positions_file(), names in any::<bool>()) {
        let text = ron::ser::to_string_pretty(&file, config(names)).expect("serializes");
        let back: PositionsFile = parse_str(&text).map_err(|d| TestCaseError::fail(format!("{d}\n{text}")))?;
        prop_assert_eq!(back, file);
    }

    /// The fast path reads what ron reads, or gives up: on ron's own pretty output (with and
    /// without struct names, which it leaves to ron) it never returns another value.
    #[test]
    fn the_fast_path_reads_positions_files_as_ron_does(file in positions_file(), names in any::<bool>()) {
        let text = ron::ser::to_string_pretty(&file, config(names)).expect("serializes");
        if let Some(fast) = super::fast::positions(&text) {
            prop_assert_eq!(fast, file);
        }
    }

    #[test]
    fn groups_files_round_trip(file in groups_file(), names in any::<bool>()) {
        let text = ron::ser::to_string_pretty(&file, config(names)).expect("serializes");
        let back: GroupsFile = parse_str(&text).map_err(|d| TestCaseError::fail(format!("{d}\n{text}")))?;
        prop_assert_eq!(back, file);
    }

    #[test]
    fn scenario_files_round_trip(file in scenario_file(), names in any::<bool>()) {
        let text = ron::ser::to_string_pretty(&file, config(names)).expect("serializes");
        let back: ScenarioFile = parse_str(&text).map_err(|d| TestCaseError::fail(format!("{d}\n{text}")))?;
        prop_assert_eq!(back, file);
    }
}

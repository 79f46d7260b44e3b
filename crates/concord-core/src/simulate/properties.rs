//! Properties of the engine on generated scenarios, checked on its internals: red lines are
//! never crossed, acceptances only grow, nothing moves without flexibility, more flexibility
//! never aligns fewer items, and a trace replays the run the simulation counted.

use std::path::Path;

use proptest::prelude::*;

use super::run::End;
use super::{Event, Mode, SimConfig, simulate, trace};
use crate::analysis::{Analysis, AnalysisConfig, analyse};
use crate::generate::{GenerateConfig, generate};
use crate::graph::MembershipGraph;
use crate::load::{LoadOptions, MemorySource, load_scenario};
use crate::model::Scenario;

/// A generated scenario, with `edit` applied to every positions file's text.
fn generated(config: GenerateConfig, edit: impl Fn(&str) -> String) -> (Scenario, Analysis) {
    let mut source = MemorySource::new();
    for (path, text) in generate(&config) {
        let text = if path.starts_with("positions/generated/") {
            edit(&text)
        } else {
            text
        };
        source.insert(path, text);
    }
    let loaded = load_scenario(
        &source,
        Path::new("scenarios/generated.ron"),
        &LoadOptions::default(),
    )
    .unwrap_or_else(|d| panic!("{d:?}"));
    let graph = MembershipGraph::build(&loaded.scenario);
    let analysis = analyse(&loaded.scenario, &graph, &AnalysisConfig::default());
    (loaded.scenario, analysis)
}

/// Replaces every `flexibility: Estimated(x)` with `f(x)`.
fn with_flexibility(text: &str, f: impl Fn(f64) -> f64) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    let marker = "flexibility: Estimated(";
    while let Some(at) = rest.find(marker) {
        out.push_str(&rest[..at + marker.len()]);
        rest = &rest[at + marker.len()..];
        let end = rest.find(')').unwrap();
        let value: f64 = rest[..end].parse().unwrap();
        out.push_str(&format!("{:?}", f(value).clamp(0.0, 1.0)));
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

fn config() -> impl Strategy<Value = GenerateConfig> {
    (
        2usize..=5,
        1usize..=8,
        2usize..=5,
        5usize..=40,
        any::<u64>(),
    )
        .prop_map(|(groups, items, options, members, seed)| GenerateConfig {
            groups,
            items,
            options,
            members,
            seed,
        })
}

fn stochastic(runs: u64, seed: u64) -> SimConfig {
    SimConfig {
        runs,
        seed,
        mode: Mode::Stochastic,
        deals: true,
        unknowns: crate::simulate::Unknowns::default(),
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(40))]

    /// Red lines are never crossed, acceptances only grow, first choices move only to accepted
    /// options, and every run ends within its rounds.
    #[test]
    fn red_lines_hold_and_acceptance_only_grows(config in config(), run in 0u64..20) {
        let (scenario, analysis) = generated(config, str::to_owned);
        let trace = trace(&scenario, &analysis, &stochastic(20, config.seed), run).expect("a valid simulation");
        let model = &trace.model;
        let groups = model.groups.len();
        let mut accepted: Vec<u64> = model.cells.iter().map(|c| c.accepts.iter().fold(0, |b, o| b | 1 << o)).collect();
        let total_rounds: u32 = model.stages.iter().map(|s| s.rounds).sum();
        for (_, round, event) in &trace.events {
            prop_assert!(*round <= total_rounds);
            match event {
                Event::Accept { group, item, option, .. } => {
                    let cell = item * groups + group;
                    prop_assert_eq!(model.cells[cell].red & (1 << option), 0, "a red line was accepted");
                    prop_assert_eq!(accepted[cell] & (1 << option), 0, "accepted twice");
                    accepted[cell] |= 1 << option;
                }
                Event::MoveFirst { group, item, to, .. } => {
                    let cell = item * groups + group;
                    prop_assert!(accepted[cell] & (1 << to) != 0, "moved to an option not accepted");
                    prop_assert_eq!(model.cells[cell].red & (1 << to), 0);
                }
                Event::Deal { g, h, item_g, option_g, item_h, option_h, gain_g, gain_h } => {
                    prop_assert!(*gain_g > 0.0 && *gain_h > 0.0);
                    for (cell, option) in [(item_g * groups + g, option_g), (item_h * groups + h, option_h)] {
                        prop_assert_eq!(model.cells[cell].red & (1 << option), 0, "a deal crossed a red line");
                        accepted[cell] |= 1 << option;
                    }
                }
                Event::Scale { group, item, to, range, .. } => {
                    let cell = &model.cells[item * groups + group];
                    prop_assert!(cell.limits.0 - 1e-9 <= range.0 && range.1 <= cell.limits.1 + 1e-9, "past the hard limits");
                    prop_assert!(range.0 - 1e-9 <= *to && *to <= range.1 + 1e-9);
                }
                Event::Aligned { .. } | Event::Ended { .. } => {}
            }
        }
        prop_assert_eq!(trace.outcomes.len(), model.items.len());
    }

    /// With every flexibility 0, nothing moves and no deal executes.
    #[test]
    fn with_no_flexibility_nothing_moves(config in config(), run in 0u64..10) {
        let (scenario, analysis) = generated(config, |text| with_flexibility(text, |_| 0.0));
        let trace = trace(&scenario, &analysis, &stochastic(10, config.seed), run).expect("a valid simulation");
        for (_, _, event) in &trace.events {
            prop_assert!(matches!(event, Event::Aligned { .. } | Event::Ended { .. }), "{:?}", event);
        }
    }

    /// With deals off, raising every flexibility never lowers the number of items aligned in the
    /// deterministic mode.
    #[test]
    fn more_flexibility_never_aligns_fewer(config in config(), raise in 0.0f64..0.6) {
        let deterministic = SimConfig { runs: 1, seed: 0, mode: Mode::Deterministic, deals: false, unknowns: crate::simulate::Unknowns::Silent };
        // Aligned by the end of the conference (whatever the end rule then does with
        // dependencies and votes): alignment never comes undone, so `settled` says it.
        let aligned = |edit: &dyn Fn(&str) -> String| {
            let (scenario, analysis) = generated(config, edit);
            trace(&scenario, &analysis, &deterministic, 0)
                .expect("a valid simulation")
                .outcomes
                .iter()
                .filter(|outcome| outcome.settled.is_some())
                .count()
        };
        let before = aligned(&str::to_owned);
        let after = aligned(&|text: &str| with_flexibility(text, |f| f + raise));
        prop_assert!(after >= before, "{} aligned before, {} after raising flexibility by {}", before, after, raise);
    }

    /// `trace --run K` replays exactly what `simulate` counted for run K.
    #[test]
    fn traces_replay_the_runs_simulate_counted(config in config()) {
        let (scenario, analysis) = generated(config, str::to_owned);
        let sim = stochastic(12, config.seed ^ 0x5eed);
        let result = simulate(&scenario, &analysis, &sim).expect("a valid simulation");
        // adopted, voted, no change, voted down, carried forward, no prediction
        let mut counts = vec![[0u64; 6]; result.items.len()];
        for run in 0..sim.runs {
            let trace = trace(&scenario, &analysis, &sim, run).expect("a valid simulation");
            for (index, outcome) in trace.outcomes.iter().enumerate() {
                let slot = match outcome.end {
                    End::Adopted(_) => 0,
                    End::Voted => 1,
                    End::NoChange => 2,
                    End::VotedDown => 3,
                    End::CarriedForward => 4,
                    End::NoPrediction => 5,
                };
                counts[index][slot] += 1;
            }
        }
        for (index, item) in result.items.iter().enumerate() {
            let p = [
                item.p_adopted,
                item.p_voted,
                item.p_no_change,
                item.p_voted_down,
                item.p_carried_forward,
                item.p_no_prediction,
            ];
            for (slot, p) in p.iter().enumerate() {
                prop_assert_eq!((p * 12.0).round() as u64, counts[index][slot]);
            }
            prop_assert!((p.iter().sum::<f64>() - 1.0).abs() < 1e-9);
        }
    }
}

/// The engine refuses what it cannot do, never clamps it: 0 runs, more than `MAX_RUNS`, and an
/// item with more options than it models (a scenario built by hand; validation refuses the file).
#[test]
fn the_engine_refuses_instead_of_clamping() {
    use super::{MAX_RUNS, Refused};
    use crate::model::{ItemKind, MAX_OPTIONS};
    let (mut scenario, analysis) = generated(
        GenerateConfig {
            groups: 3,
            items: 4,
            options: 3,
            members: 12,
            seed: 5,
        },
        str::to_owned,
    );
    for runs in [0, MAX_RUNS + 1] {
        let config = SimConfig {
            runs,
            ..SimConfig::default()
        };
        assert_eq!(
            simulate(&scenario, &analysis, &config).unwrap_err(),
            Refused::Runs { runs }
        );
    }
    let item = scenario.items.values_mut().next().expect("an item");
    let ItemKind::Options(options) = &mut item.kind else {
        panic!("generated items have options");
    };
    let template = options.values().next().expect("an option").clone();
    for n in options.len()..=MAX_OPTIONS {
        let id = crate::id::OptionId::new(&format!("extra-{n}"));
        options.insert(
            id.clone(),
            crate::model::ItemOption {
                id,
                ..template.clone()
            },
        );
    }
    let refused = simulate(&scenario, &analysis, &SimConfig::default()).unwrap_err();
    assert!(matches!(refused, Refused::Options { options, .. } if options == MAX_OPTIONS + 1));
    assert!(super::opening_deals(&scenario, &analysis).is_err());
}

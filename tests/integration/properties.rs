//! Properties of the analysis on random scenarios (MODEL.md, "Properties the tests must hold"):
//! a group that accepts everything never makes an item contested; removing a red line never
//! raises contention; the analysis is deterministic; conflicts and bloc agreement (computed from
//! bit sets) match their definitions computed from the cells.

use std::path::Path;

use proptest::prelude::*;

use concord_core::analysis::{
    Analysis, AnalysisConfig, ConflictReason, ItemStatus, Stated, analyse,
};
use concord_core::graph::MembershipGraph;
use concord_core::load::{MemorySource, load_scenario};

const OPTIONS: [&str; 4] = ["noc", "a", "b", "c"];

/// A stance: an ordered accepted list (first = preferred when `prefers`), and red lines.
#[derive(Clone, Debug)]
struct Stance {
    accepts: Vec<usize>,
    opposes: Vec<usize>,
    prefers: bool,
    salience: u8,
}

fn stance(n_options: usize) -> impl Strategy<Value = Option<Stance>> {
    proptest::option::weighted(
        0.85,
        (
            Just((0..n_options).collect::<Vec<_>>()).prop_shuffle(),
            0..=n_options,
            0..=n_options,
            any::<bool>(),
            0u8..=10,
        )
            .prop_filter_map(
                "a stance says something",
                |(order, n_accept, n_oppose, prefers, salience)| {
                    let accepts: Vec<usize> = order[..n_accept].to_vec();
                    let opposes: Vec<usize> =
                        order[n_accept..(n_accept + n_oppose).min(order.len())].to_vec();
                    (!accepts.is_empty() || !opposes.is_empty()).then_some(Stance {
                        prefers: prefers && !accepts.is_empty(),
                        accepts,
                        opposes,
                        salience,
                    })
                },
            ),
    )
}

#[derive(Clone, Debug)]
struct World {
    n_options: Vec<usize>,
    /// Per group: member count and one optional stance per item.
    groups: Vec<(usize, Vec<Option<Stance>>)>,
}

fn world() -> impl Strategy<Value = World> {
    proptest::collection::vec(2usize..=4, 1..=3).prop_flat_map(|n_options| {
        let cells = n_options.iter().map(|n| stance(*n)).collect::<Vec<_>>();
        proptest::collection::vec((1usize..=5, cells), 1..=4).prop_map(move |groups| World {
            n_options: n_options.clone(),
            groups,
        })
    })
}

fn ron(world: &World) -> MemorySource {
    let mut source = MemorySource::new();
    let mut states = Vec::new();
    let mut groups = Vec::new();
    for (g, (members, _)) in world.groups.iter().enumerate() {
        let codes: Vec<String> = (0..*members)
            .map(|m| format!("S{}{}", (b'A' + g as u8) as char, (b'A' + m as u8) as char))
            .collect();
        states.extend(codes.iter().map(|c| format!(r#"(code: "{c}", name: "x")"#)));
        let codes: Vec<String> = codes.iter().map(|c| format!("\"{c}\"")).collect();
        groups.push(format!(
            r#"(id: "G{g}", name: "n", region: "r", membership: (as_of: "2020-01", source: Cited("t"), members: [{}]), rule: Consensus)"#,
            codes.join(", ")
        ));
    }
    source
        .insert(
            "states.ron",
            format!("States(states: [{}])", states.join(", ")),
        )
        .insert(
            "groups.ron",
            format!("Groups(groups: [{}])", groups.join(", ")),
        );
    let items: Vec<String> = world
        .n_options
        .iter()
        .enumerate()
        .map(|(i, n)| {
            let options: Vec<String> = OPTIONS[..*n]
                .iter()
                .enumerate()
                .map(|(k, o)| format!(r#"(id: "{o}", label: "l", status_quo: {})"#, k == 0))
                .collect();
            format!(
                r#"(id: "i{i}", title: "t", options: [{}])"#,
                options.join(", ")
            )
        })
        .collect();
    let mut files = Vec::new();
    for (g, (_, cells)) in world.groups.iter().enumerate() {
        let positions: Vec<String> = cells
            .iter()
            .enumerate()
            .filter_map(|(i, cell)| {
                let cell = cell.as_ref()?;
                let list = |options: &[usize]| {
                    options.iter().map(|o| format!("\"{}\"", OPTIONS[*o])).collect::<Vec<_>>().join(", ")
                };
                let prefers = if cell.prefers {
                    format!(r#"prefers: "{}", "#, OPTIONS[cell.accepts[0]])
                } else {
                    String::new()
                };
                Some(format!(
                    r#"(item: "i{i}", stance: Options({prefers}accepts: [{}], opposes: [{}]), salience: Estimated({}), provenance: Illustrative(note: "t"))"#,
                    list(&cell.accepts),
                    list(&cell.opposes),
                    f64::from(cell.salience) / 10.0
                ))
            })
            .collect();
        source.insert(
            format!("g{g}.ron"),
            format!(
                r#"Positions(group: "G{g}", conference: "T", positions: [{}])"#,
                positions.join(", ")
            ),
        );
        files.push(format!("\"g{g}.ron\""));
    }
    source.insert(
        "s.ron",
        format!(
            r#"Scenario(conference: "T", name: "t", venue: "v", dates: ("2030-01-01", "2030-01-02"), as_of: "2030-01-01",
               states: "states.ron", groups: "groups.ron", positions: [{}], items: [{}])"#,
            files.join(", "),
            items.join(", ")
        ),
    );
    source
}

fn analysed(world: &World) -> Analysis {
    let loaded = load_scenario(
        &ron(world),
        Path::new("s.ron"),
        &concord_core::load::LoadOptions::default(),
    )
    .unwrap_or_else(|d| panic!("{}", concord_print::diag_render::render(&d, false)));
    let graph = MembershipGraph::build(&loaded.scenario);
    analyse(&loaded.scenario, &graph, &AnalysisConfig::default())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(150))]

    #[test]
    fn a_group_accepting_everything_never_makes_an_item_contested(world in world(), members in 1usize..=5) {
        let before = analysed(&world);
        let mut more = world.clone();
        let everything = more
            .n_options
            .iter()
            .map(|n| Some(Stance { accepts: (0..*n).collect(), opposes: vec![], prefers: false, salience: 5 }))
            .collect();
        more.groups.push((members, everything));
        let after = analysed(&more);
        for (index, (old, new)) in before.items.iter().zip(&after.items).enumerate() {
            // A group that red-lines every option blocks the item against anyone: with one more
            // stated group it is contested, rightly (nothing can be adopted).
            let blocks_everything = world.groups.iter().any(|(_, cells)| {
                cells[index].as_ref().is_some_and(|cell| {
                    cell.accepts.is_empty() && cell.opposes.len() == world.n_options[index]
                })
            });
            if new.status == ItemStatus::Contested && !blocks_everything {
                prop_assert_eq!(old.status, ItemStatus::Contested, "{}", old.item);
            }
        }
    }

    #[test]
    fn removing_a_red_line_never_raises_contention(world in world(), pick in any::<proptest::sample::Index>()) {
        let red_lines: Vec<(usize, usize)> = world
            .groups
            .iter()
            .enumerate()
            .flat_map(|(g, (_, cells))| {
                cells.iter().enumerate().filter_map(move |(i, cell)| {
                    cell.as_ref().filter(|c| !c.opposes.is_empty()).map(|_| (g, i))
                })
            })
            .collect();
        prop_assume!(!red_lines.is_empty());
        let (g, i) = red_lines[pick.index(red_lines.len())];
        let mut fewer = world.clone();
        let cell = fewer.groups[g].1[i].as_mut().unwrap();
        cell.opposes.pop();
        if cell.accepts.is_empty() && cell.opposes.is_empty() {
            fewer.groups[g].1[i] = None;
            // Un-stating a group changes who is stated: not this property.
            prop_assume!(false);
        }
        let before = analysed(&world);
        let after = analysed(&fewer);
        let (old, new) = (&before.items[i], &after.items[i]);
        if let (Some(old), Some(new)) = (old.contention, new.contention) {
            prop_assert!(new <= old + 1e-12, "contention rose from {} to {}", old, new);
        }
    }

    #[test]
    fn the_analysis_is_deterministic(world in world()) {
        prop_assert_eq!(analysed(&world), analysed(&world));
    }

    #[test]
    fn conflicts_and_bloc_agreement_match_their_definitions(world in world()) {
        let analysis = analysed(&world);
        let n = analysis.blocs.groups.len();
        let mut shared = vec![vec![0usize; n]; n];
        let mut agree = vec![vec![0usize; n]; n];
        for item in &analysis.items {
            let options: Vec<_> = item.weights.iter().map(|(option, _)| option.clone()).collect();
            let mut expected = Vec::new();
            for g in 0..n {
                for h in g + 1..n {
                    let (Some(Stated::Options(a)), Some(Stated::Options(b))) =
                        (item.cells[g].stated(), item.cells[h].stated())
                    else {
                        continue;
                    };
                    let common = options.iter().any(|o| a.tolerates(o) && b.tolerates(o));
                    shared[g][h] += 1;
                    agree[g][h] += usize::from(common);
                    let mut reasons = Vec::new();
                    if !common {
                        reasons.push(ConflictReason::NothingInCommon);
                    }
                    for (of, first, against, red) in [(g, a, h, b), (h, b, g, a)] {
                        if let Some(option) = first.first_choice().filter(|o| red.opposes(o)) {
                            reasons.push(ConflictReason::RedLine {
                                of: item.cells[of].group.clone(),
                                option: option.clone(),
                                against: item.cells[against].group.clone(),
                            });
                        }
                    }
                    if !reasons.is_empty() {
                        expected.push(((item.cells[g].group.clone(), item.cells[h].group.clone()), reasons));
                    }
                }
            }
            let found: Vec<_> = item.conflicts().map(|c| (c.groups, c.reasons)).collect();
            prop_assert_eq!(item.conflict_count(), expected.len());
            prop_assert_eq!(found, expected);
        }
        for g in 0..n {
            for h in g + 1..n {
                prop_assert_eq!(analysis.blocs.shared(g, h), shared[g][h]);
                prop_assert_eq!(analysis.blocs.shared(h, g), shared[g][h]);
                let expected = (shared[g][h] > 0).then(|| agree[g][h] as f64 / shared[g][h] as f64);
                prop_assert_eq!(analysis.blocs.agreement(g, h), expected);
                prop_assert_eq!(analysis.blocs.agreement(h, g), expected);
            }
        }
    }
}

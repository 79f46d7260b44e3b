//! What an unknown cell may be: the prior of `--unknown prior`.
//!
//! A group whose position on an item is `Unknown` (nothing in any file, not "no position yet",
//! not "no proposal") is not silent in the real conference: it will say something. Under the
//! prior each such cell, on an item where at least one group is stated, is **silent with
//! probability 1/2** (as `--unknown silent` has it), **else it states a position drawn from
//! what is known of the item**: half of the time the public stance of one of the item's stated
//! groups (drawn uniformly), half of the time one of the item's options as its only acceptable
//! one (drawn uniformly; a scale item takes a stated group's stance). Its salience and
//! flexibility stay the 0.5 defaults. An item no group is stated on stays without a prediction.
//! So the fewer groups are known, the wider the outcomes.
//!
//! The Monte Carlo runs are dealt over [`VARIANTS`] variants of the scenario: run k is played on
//! variant k mod [`VARIANTS`], whose unknown cells are drawn once from the stream (seed ⊕ salt,
//! v). Run k keeps its stream (seed, k), so results never depend on the threads, and
//! `trace --run k` replays run k, in a simulation of any size.

use crate::model::{Cell, Provenance, Scenario, Stance};

/// The variants of the scenario the runs are split over.
pub const VARIANTS: u64 = 128;

/// The probability that an unknown cell stays silent under the prior.
pub const SILENT: f64 = 0.5;

/// The salt of the variants' streams (so they never share a run's stream).
const SALT: u64 = 0x5052_494F_5255_4E4B;

/// Whether the prior changes anything: some item has an unknown cell and a stated group.
pub(crate) fn applies(scenario: &Scenario, analysis: &crate::analysis::Analysis) -> bool {
    analysis.items.iter().any(|item| {
        item.stated().next().is_some()
            && scenario.positions.values().any(|p| {
                p.cells
                    .get(&item.item)
                    .is_some_and(|c| c.stance == Stance::Unknown)
            })
    })
}

/// The runs of `runs` played on variant `v`: every [`VARIANTS`]th run from `v`, so that run k is
/// played on variant k mod [`VARIANTS`] in a simulation of any size.
pub(crate) fn runs_of(v: u64, runs: u64) -> super::monte_carlo::RunSet {
    super::monte_carlo::RunSet {
        first: v,
        count: runs.saturating_sub(v).div_ceil(VARIANTS),
        stride: VARIANTS,
    }
}

/// The variant run `run` is played on.
pub(crate) fn variant_of(run: u64) -> u64 {
    run % VARIANTS
}

/// Variant `v` of the scenario: each unknown cell on an item with a stated group silent, or the
/// stance of a stated group of the item drawn uniformly.
pub(crate) fn variant(
    (scenario, analysis): (&Scenario, &crate::analysis::Analysis),
    seed: u64,
    v: u64,
) -> Scenario {
    let mut rng = super::monte_carlo::rng_for(seed ^ SALT, v);
    let mut out = scenario.clone();
    for item in &analysis.items {
        let donors: Vec<&Stance> = item
            .stated()
            .map(|cell| &scenario.cell(&cell.group, &item.item).stance)
            .collect();
        if donors.is_empty() {
            continue;
        }
        let options: Vec<&crate::id::OptionId> = match &scenario.items[&item.item].kind {
            crate::model::ItemKind::Options(options) => options.keys().collect(),
            crate::model::ItemKind::Scale(_) => Vec::new(),
        };
        for positions in out.positions.values_mut() {
            let Some(cell) = positions.cells.get_mut(&item.item) else {
                continue;
            };
            if cell.stance != Stance::Unknown {
                continue;
            }
            // Both draws are made for every unknown cell, so one cell's outcome never shifts
            // another's.
            let silent = super::run::uniform(&mut rng) < SILENT;
            let copy = super::run::uniform(&mut rng) < 0.5 || options.is_empty();
            let pick = super::run::uniform(&mut rng);
            if !silent {
                #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
                let stance = if copy {
                    donors[((pick * donors.len() as f64) as usize).min(donors.len() - 1)].clone()
                } else {
                    let option = options
                        [((pick * options.len() as f64) as usize).min(options.len() - 1)]
                    .clone();
                    Stance::Options(crate::model::OptionsStance {
                        prefers: Some(option.clone()),
                        accepts: vec![crate::model::Accepted {
                            option,
                            condition: None,
                        }],
                        opposes: Vec::new(),
                    })
                };
                *cell = Cell {
                    stance,
                    provenance: Provenance::Illustrative {
                        note: "drawn by the prior for unknown cells".into(),
                        as_of: None,
                    },
                    ..Cell::implicit_unknown()
                };
            }
        }
    }
    out
}

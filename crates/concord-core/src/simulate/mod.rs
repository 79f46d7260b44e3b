//! The workflow engine of docs/model.md, "The simulation": stages of synchronous
//! alignment rounds towards a fixed focal option, package deals at the conference, the end rule,
//! and Monte Carlo over seeded ChaCha streams.
//!
//! `model` compiles the scenario once; `run` plays one run without allocating; `monte_carlo`
//! plays many in parallel and combines integer counts in a fixed order, so results are
//! byte-identical for any thread count. Randomness comes only from the seed.

pub mod backtest;
mod ending;
mod log;
// The engine's internals: compiled model, one run, the Monte Carlo. Renderers and the brief
// read the result types (`SimResult`, `OpeningDeals`, `TraceLog`); the white-box property tests
// live beside them (`properties`), and the benchmarks reach them through `internals`.
// Exposed by `internals` for the benchmarks only: not held to the public API's documentation.
#[cfg_attr(feature = "internals", allow(missing_docs))]
pub(crate) mod model;
#[cfg_attr(feature = "internals", allow(missing_docs))]
pub(crate) mod monte_carlo;
pub mod prior;
#[cfg_attr(feature = "internals", allow(missing_docs))]
pub(crate) mod run;

#[cfg(test)]
mod properties;

/// The engine's internals, for the benchmarks only (the `internals` feature): the compiled
/// model, one run and the Monte Carlo loop, so that a round and a run can be timed alone. Not
/// part of the stable API.
#[cfg(feature = "internals")]
pub mod internals {
    pub use super::model::SimModel;
    pub use super::monte_carlo::{RunSet, monte_carlo, rng_for};
    pub use super::run::{NoTrace, RunSettings, RunState, Workspace, compile, run};
}

pub use log::{Logged, TraceLog, Verdict, What};
pub(crate) use model::MAX_POTENTIAL_DEALS;
pub use run::Mode;
pub(crate) use run::{Deal, Event};

use crate::analysis::Analysis;
use crate::id::{GroupId, ItemId, OptionId};
use crate::model::{MAX_OPTIONS, Scenario};
use model::{NONE, SimModel};
use run::{ItemOutcome, Recorder, RunSettings, RunState};

/// The most runs one `simulate` takes.
pub(crate) const MAX_RUNS: u64 = 100_000_000;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
/// How to simulate: how many runs, from which seed, in which mode, with or without deals.
pub struct SimConfig {
    /// Monte Carlo runs (1 to 100,000,000; one in the deterministic mode).
    pub runs: u64,
    /// The seed of every run's random stream (run k draws from stream k).
    pub seed: u64,
    /// Random runs or the one threshold trajectory.
    pub mode: Mode,
    /// Package deals at the conference (on by default).
    pub deals: bool,
    /// What an unknown cell is in the Monte Carlo: silent, or drawn by the prior
    /// ([`prior`]); the deterministic trajectory keeps it silent.
    pub unknowns: Unknowns,
}

/// What an unknown cell is in the Monte Carlo runs.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Unknowns {
    /// Silent: the group takes no part on the item.
    Silent,
    /// Silent half of the time, else one of the item's stated groups' stances ([`prior`]).
    #[default]
    Prior,
}

impl Default for SimConfig {
    fn default() -> Self {
        SimConfig {
            runs: 1000,
            seed: 0,
            mode: Mode::Stochastic,
            deals: true,
            unknowns: Unknowns::default(),
        }
    }
}

/// The simulated outcome of every item.
#[derive(Clone, Debug, PartialEq)]
pub struct SimResult {
    /// Runs made.
    pub runs: u64,
    /// Their seed.
    pub seed: u64,
    /// Their mode.
    pub mode: Mode,
    /// One per agenda item, in scenario order.
    pub items: Vec<ItemResult>,
    /// Candidate package deals in the opening positions, best first.
    pub deals: Vec<DealView>,
    /// Deals are not modelled (nor listed): the scenario allows up to this many, more than
    /// `LIMITS.potential_deals` ([`LIMITS`](crate::limits::LIMITS)).
    pub deals_not_modelled: Option<usize>,
}

#[derive(Clone, Debug, PartialEq)]
/// One item's simulated outcome.
pub struct ItemResult {
    /// The item id.
    pub id: ItemId,
    /// The probability that the conference adopts the item by alignment (0-1).
    pub p_adopted: f64,
    /// Options items: the probability of adoption with each option (over all runs; they sum to
    /// `p_adopted`), best first then in option order.
    pub outcomes: Vec<(OptionId, f64)>,
    /// Scale items: quantiles (5, 25, 50, 75, 95 %) of the adopted or voted point.
    pub quantiles: Option<[f64; 5]>,
    /// The probability that a vote adopts it (0-1).
    pub p_voted: f64,
    /// The probability that the conference settles it with no change (NOC), by consensus on
    /// the status quo (0-1).
    pub p_no_change: f64,
    /// The probability that a vote settles it with no change (0-1).
    pub p_voted_down: f64,
    /// The probability that it is carried forward: left open for the next conference (0-1).
    pub p_carried_forward: f64,
    /// Nothing is known to decide the item on (no group and no Member State states a
    /// position): the model makes no prediction, and this is 1 (0-1).
    pub p_no_prediction: f64,
    /// The median round at which adopted runs aligned (0: aligned at the opening).
    pub median_round: Option<u32>,
    /// Groups whose move completed the alignment, with the share of runs, largest first.
    pub pivotal: Vec<(GroupId, f64)>,
    /// The focal option F of the item (`None`: every option is somebody's red line).
    pub focal: Option<OptionId>,
    /// No group states a position on the item: its outcome rests on no regional data (at most
    /// on Member States' own positions; without them the model makes no prediction).
    pub no_regional_data: bool,
}

#[derive(Clone, Debug, PartialEq)]
/// A package deal in the scenario's terms.
pub struct DealView {
    /// The two groups: the first gives on the first item, the second on the second.
    pub groups: (GroupId, GroupId),
    /// (item, option): what the first group accepts, and what the second group accepts.
    pub gives: ((ItemId, OptionId), (ItemId, OptionId)),
    /// What each group gains (utility, in W units).
    pub gains: (f64, f64),
}

/// The deals to list: at most this many.
pub(crate) const TOP_DEALS: usize = 10;

fn deal_view(model: &SimModel, deal: &Deal) -> DealView {
    DealView {
        groups: (model.groups[deal.g].clone(), model.groups[deal.h].clone()),
        gives: (
            (
                model.items[deal.item_g].id.clone(),
                model.items[deal.item_g].options[usize::from(deal.option_g)].clone(),
            ),
            (
                model.items[deal.item_h].id.clone(),
                model.items[deal.item_h].options[usize::from(deal.option_h)].clone(),
            ),
        ),
        gains: (deal.gain_g, deal.gain_h),
    }
}

/// The candidate package deals in the opening positions, seen from both sides (a deal between
/// g and h is listed once as g's, once as h's), best first: what a delegation could offer.
#[derive(Clone, Debug, PartialEq)]
pub struct OpeningDeals {
    /// Every candidate deal, best first.
    pub deals: Vec<DealView>,
    /// Deals are not modelled: the scenario allows up to this many, more than
    /// `LIMITS.potential_deals` ([`LIMITS`](crate::limits::LIMITS)).
    pub not_modelled: Option<usize>,
}

/// The candidate package deals in the scenario's opening positions.
pub fn opening_deals(scenario: &Scenario, analysis: &Analysis) -> Result<OpeningDeals, Refused> {
    check_options(scenario)?;
    let model = run::compile(scenario, analysis);
    let opening = RunState::opening(&model);
    Ok(OpeningDeals {
        deals: run::candidate_deals(&model, &opening)
            .iter()
            .map(|deal| deal_view(&model, deal))
            .collect(),
        not_modelled: model
            .potential_deals
            .is_none()
            .then_some(model.possible_deals),
    })
}

/// Why the engine refuses a simulation: it never clamps what it was asked.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum Refused {
    /// `runs` is 0 or more than `LIMITS.runs` ([`LIMITS`](crate::limits::LIMITS)).
    #[error("{runs} runs is out of range: give 1 to {MAX_RUNS}")]
    Runs {
        /// The runs asked for.
        runs: u64,
    },
    /// An item has more options than the engine models (`LIMITS.options`; validation refuses
    /// such a file, so only a scenario built by hand can have one).
    #[error(
        "item `{item}` has {options} options, more than the {MAX_OPTIONS} the simulation models"
    )]
    Options {
        /// The item.
        item: ItemId,
        /// How many options it has.
        options: usize,
    },
    /// Runs × rounds × items × groups is more than `LIMITS.simulated_work`: refused before any
    /// run, rather than computed for hours.
    #[error(
        "{runs} runs of {rounds} rounds on {items} items and {groups} groups is {work} steps, more than the {MAX_WORK} a simulation may take: give fewer --runs (or --runs 1 for the trajectory)"
    )]
    Work {
        /// The runs asked for.
        runs: u64,
        /// The rounds of one run (all stages).
        rounds: u64,
        /// The items.
        items: usize,
        /// The groups.
        groups: usize,
        /// Their product.
        work: u128,
    },
}

/// The most steps (runs × rounds × items × groups) of one simulation: about a minute of work on
/// two cores.
pub(crate) const MAX_WORK: u128 = 5_000_000_000;

/// What the engine can simulate: every item within [`MAX_OPTIONS`].
fn check_options(scenario: &Scenario) -> Result<(), Refused> {
    match scenario.items.values().find_map(|item| match &item.kind {
        crate::model::ItemKind::Options(options) if options.len() > MAX_OPTIONS => {
            Some((item.id.clone(), options.len()))
        }
        _ => None,
    }) {
        Some((item, options)) => Err(Refused::Options { item, options }),
        None => Ok(()),
    }
}

/// What the engine can run: 1 to [`MAX_RUNS`] runs, every item within [`MAX_OPTIONS`].
fn check(scenario: &Scenario, config: &SimConfig) -> Result<(), Refused> {
    if config.runs == 0 || config.runs > MAX_RUNS {
        return Err(Refused::Runs { runs: config.runs });
    }
    let rounds: u64 = scenario
        .stages
        .iter()
        .map(|stage| u64::from(stage.rounds.max(1)))
        .sum::<u64>()
        .max(1);
    let (items, groups) = (scenario.items.len(), scenario.groups.len());
    let work = u128::from(config.runs) * u128::from(rounds) * items as u128 * groups as u128;
    if work > MAX_WORK {
        return Err(Refused::Work {
            runs: config.runs,
            rounds,
            items,
            groups,
            work,
        });
    }
    check_options(scenario)
}

/// Simulates the scenario: one deterministic trajectory, or `config.runs` stochastic runs.
pub fn simulate(
    scenario: &Scenario,
    analysis: &Analysis,
    config: &SimConfig,
) -> Result<SimResult, Refused> {
    simulate_with_progress(scenario, analysis, config, &|_| {})
}

/// The runs played on the prior's variants, block by block ([`prior`]), their counts summed.
fn with_prior(
    (scenario, base, model): (&Scenario, &Analysis, &SimModel),
    (runs, seed): (u64, u64),
    settings: RunSettings,
    progress: &(dyn Fn(u64) + Sync),
) -> monte_carlo::Counts {
    use rayon::prelude::*;
    let config = crate::analysis::AnalysisConfig::default();
    // Every variant has the base model's items, options and groups: the counts add up. The
    // variants are built and played in parallel (a block of a few hundred runs is too small to
    // share among threads on its own), and their counts are integers, so the sum is the same in
    // any order: the result never depends on the threads (nor on whether the variants are
    // played side by side or one after another). Memory stays at one partial sum per thread.
    let done = std::sync::atomic::AtomicU64::new(0);
    let play = |v: u64| {
        let block = prior::runs_of(v, runs);
        if block.count == 0 {
            return None;
        }
        let variant = prior::variant((scenario, base), seed, v);
        let analysis = crate::analysis::Analysed::new(&variant, &config).analysis;
        let variant_model = run::compile(&variant, &analysis);
        // Progress: the runs of the blocks finished, and this block's so far (approximate
        // while blocks run side by side; the bar only shows it).
        let counts = monte_carlo::monte_carlo(&variant_model, block, seed, settings, &|n| {
            progress(done.load(std::sync::atomic::Ordering::Relaxed) + n);
        });
        done.fetch_add(block.count, std::sync::atomic::Ordering::Relaxed);
        Some(counts)
    };
    let sum = |mut total: monte_carlo::Counts, counts: monte_carlo::Counts| {
        total.merge(counts);
        total
    };
    // A variant is a copy of the scenario with its analysis and model: on a large scenario
    // one at a time (its runs still share the threads), so that memory holds one copy, not one
    // per thread.
    if scenario.groups.len().saturating_mul(scenario.items.len()) > PARALLEL_VARIANT_CELLS {
        return (0..prior::VARIANTS)
            .filter_map(play)
            .fold(monte_carlo::Counts::new(model), sum);
    }
    (0..prior::VARIANTS)
        .into_par_iter()
        .filter_map(play)
        .reduce(|| monte_carlo::Counts::new(model), sum)
}

/// The most cells (groups × items) of a scenario whose prior variants are built side by side.
const PARALLEL_VARIANT_CELLS: usize = 20_000;

/// The runs' counts: on the prior's variants when unknown cells are drawn by it, else on the
/// model itself.
fn counts(
    (scenario, analysis, model): (&Scenario, &Analysis, &SimModel),
    config: &SimConfig,
    (runs, settings): (u64, RunSettings),
    progress: &(dyn Fn(u64) + Sync),
) -> monte_carlo::Counts {
    if config.mode == Mode::Stochastic
        && config.unknowns == Unknowns::Prior
        && prior::applies(scenario, analysis)
    {
        with_prior(
            (scenario, analysis, model),
            (runs, config.seed),
            settings,
            progress,
        )
    } else {
        monte_carlo::monte_carlo(
            model,
            monte_carlo::RunSet::all(runs),
            config.seed,
            settings,
            progress,
        )
    }
}

/// One item's result from its run counts over `total` runs.
#[allow(clippy::cast_precision_loss, clippy::cast_possible_truncation)]
fn item_result(
    model: &SimModel,
    (index, item): (usize, &model::SimItem),
    counts: monte_carlo::ItemCounts,
    total: f64,
) -> ItemResult {
    let groups = model.n_groups();
    let no_regional_data = model.hot[index * groups..(index + 1) * groups]
        .iter()
        .all(|cell| !cell.stated);
    let adopted: u64 = counts.adopted.iter().sum::<u64>() + counts.adopted_scale;
    let mut outcomes: Vec<(OptionId, f64)> = item
        .options
        .iter()
        .zip(&counts.adopted)
        .filter(|(_, n)| **n > 0)
        .map(|(option, n)| (option.clone(), *n as f64 / total))
        .collect();
    outcomes.sort_by(|a, b| b.1.total_cmp(&a.1));
    let quantiles = item.scale.then(|| {
        let at = |q: f64| counts.quantile(q).unwrap_or(f64::NAN);
        [at(0.05), at(0.25), at(0.5), at(0.75), at(0.95)]
    });
    let median_round = (adopted > 0).then(|| {
        let half = adopted.div_ceil(2);
        let mut seen = 0;
        counts
            .rounds
            .iter()
            .position(|n| {
                seen += n;
                seen >= half
            })
            .unwrap_or(0) as u32
    });
    let mut pivotal: Vec<(GroupId, f64)> = model
        .groups
        .iter()
        .zip(&counts.pivotal)
        .filter(|(_, n)| **n > 0)
        .map(|(group, n)| (group.clone(), *n as f64 / total))
        .collect();
    pivotal.sort_by(|a, b| b.1.total_cmp(&a.1));
    ItemResult {
        id: item.id.clone(),
        p_adopted: adopted as f64 / total,
        outcomes,
        quantiles,
        p_voted: counts.voted as f64 / total,
        p_no_change: counts.no_change as f64 / total,
        p_voted_down: counts.voted_down as f64 / total,
        p_carried_forward: counts.carried_forward as f64 / total,
        p_no_prediction: counts.no_prediction as f64 / total,
        median_round,
        pivotal,
        focal: (item.focal != NONE).then(|| item.options[usize::from(item.focal)].clone()),
        no_regional_data,
    }
}

/// [`simulate`], telling `progress` how many runs are done as they finish (for a progress bar).
pub fn simulate_with_progress(
    scenario: &Scenario,
    analysis: &Analysis,
    config: &SimConfig,
    progress: &(dyn Fn(u64) + Sync),
) -> Result<SimResult, Refused> {
    check(scenario, config)?;
    let model = run::compile(scenario, analysis);
    let settings = RunSettings {
        mode: config.mode,
        deals: config.deals,
    };
    let runs = if config.mode == Mode::Deterministic {
        1
    } else {
        config.runs
    };
    let counts = counts(
        (scenario, analysis, &model),
        config,
        (runs, settings),
        progress,
    );
    let opening = RunState::opening(&model);
    // (g, h, i, j) and (h, g, j, i) are one deal seen from both sides: list it once.
    let deals = run::candidate_deals(&model, &opening)
        .iter()
        .filter(|deal| deal.g < deal.h)
        .take(TOP_DEALS)
        .map(|deal| deal_view(&model, deal))
        .collect();
    let total = counts.runs as f64;
    let items = model
        .items
        .iter()
        .zip(counts.items)
        .enumerate()
        .map(|(index, (item, counts))| item_result(&model, (index, item), counts, total))
        .collect();
    Ok(SimResult {
        runs,
        seed: config.seed,
        mode: config.mode,
        items,
        deals,
        deals_not_modelled: model
            .potential_deals
            .is_none()
            .then_some(model.possible_deals),
    })
}

/// One run as `simulate` played it: its events and how each item ended.
#[derive(Clone, Debug)]
pub struct Trace {
    /// The compiled model the run was played on.
    pub(crate) model: SimModel,
    /// (stage index, global round, event), in order; the end rule's stage is `None`.
    pub(crate) events: Vec<(Option<usize>, u32, Event)>,
    /// How each item ended, in model order.
    pub(crate) outcomes: Vec<ItemOutcome>,
}

/// Replays run `run_index` of `simulate` with `config.seed` exactly (or the deterministic
/// trajectory).
pub fn trace(
    scenario: &Scenario,
    analysis: &Analysis,
    config: &SimConfig,
    run_index: u64,
) -> Result<Trace, Refused> {
    check_options(scenario)?;
    // Under the prior, run k is played on the variant of its block (of `config.runs`).
    let variant = (config.mode == Mode::Stochastic
        && config.unknowns == Unknowns::Prior
        && prior::applies(scenario, analysis))
    .then(|| {
        let config_a = crate::analysis::AnalysisConfig::default();
        let variant = prior::variant(
            (scenario, analysis),
            config.seed,
            prior::variant_of(run_index),
        );
        let analysis = crate::analysis::Analysed::new(&variant, &config_a).analysis;
        run::compile(&variant, &analysis)
    });
    let model = variant.unwrap_or_else(|| run::compile(scenario, analysis));
    let opening = RunState::opening(&model);
    let mut workspace = run::Workspace::new(&model, &opening);
    let mut recorder = Recorder::default();
    let mut rng = monte_carlo::rng_for(config.seed, run_index);
    run::run(
        &model,
        &opening,
        &mut workspace,
        &mut rng,
        RunSettings {
            mode: config.mode,
            deals: config.deals,
        },
        &mut recorder,
    );
    let outcomes = workspace.out;
    Ok(Trace {
        model,
        events: recorder.events,
        outcomes,
    })
}

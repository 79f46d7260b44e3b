//! Backtesting: what the model predicts against what the conference decided. The only reader of
//! recorded outcomes besides the report's outcome column.

use crate::analysis::{Analysed, AnalysisConfig};
use crate::id::{ItemId, OptionId};
use crate::model::{Basis, ItemKind, OutcomeKind, Outcomes, Region, Scenario};

use super::{Mode, Refused, SimConfig, SimResult, simulate};

/// Whether a conference adopted something on the item (adopted, revised or voted) or not (not
/// adopted, carried forward).
pub(crate) fn passed(result: &OutcomeKind) -> bool {
    matches!(
        result,
        OutcomeKind::Adopted | OutcomeKind::Revised | OutcomeKind::Voted
    )
}

/// How the conference dealt with an item: the process, scored besides the result.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Process {
    /// Adopted by consensus (adopted or revised).
    Consensus,
    /// Decided by a vote, either way.
    Vote,
    /// Settled with no change (NOC): not adopted, and not left open.
    NoChange,
    /// Left open for the next conference.
    CarriedForward,
}

impl Process {
    /// The process of a recorded outcome.
    pub fn of(result: &OutcomeKind) -> Process {
        match result {
            OutcomeKind::Adopted | OutcomeKind::Revised => Process::Consensus,
            OutcomeKind::Voted => Process::Vote,
            OutcomeKind::NotAdopted => Process::NoChange,
            OutcomeKind::CarriedForward(_) => Process::CarriedForward,
        }
    }

    /// Its name in every output.
    pub fn name(self) -> &'static str {
        match self {
            Process::Consensus => "consensus",
            Process::Vote => "vote",
            Process::NoChange => "no change",
            Process::CarriedForward => "carried forward",
        }
    }
}

/// How the deterministic trajectory ends an item.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Prediction {
    /// Adopted by consensus, with this option (none for a scale item).
    Adopted(Option<OptionId>),
    /// Settled with no change by consensus (NOC).
    NoChange,
    /// Not aligned, adopted by a vote.
    Voted,
    /// Not aligned, settled with no change by a vote.
    VotedDown,
    /// Carried forward to the next conference.
    CarriedForward,
    /// Nothing known to predict from.
    NoPrediction,
}

impl Prediction {
    /// Whether the item is counted as adopted (adopted or voted).
    pub fn passes(&self) -> bool {
        matches!(self, Prediction::Adopted(_) | Prediction::Voted)
    }

    /// The process it predicts (none without a prediction).
    pub fn process(&self) -> Option<Process> {
        match self {
            Prediction::Adopted(_) => Some(Process::Consensus),
            Prediction::Voted | Prediction::VotedDown => Some(Process::Vote),
            Prediction::NoChange => Some(Process::NoChange),
            Prediction::CarriedForward => Some(Process::CarriedForward),
            Prediction::NoPrediction => None,
        }
    }
}

/// The Monte Carlo's probabilities for one item; they sum to 1.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Probabilities {
    /// Adopted by consensus.
    pub adopted: f64,
    /// Adopted by a vote.
    pub voted: f64,
    /// No change by consensus.
    pub no_change: f64,
    /// No change by a vote.
    pub voted_down: f64,
    /// Carried forward.
    pub carried_forward: f64,
    /// No prediction (nothing known): 0 or 1.
    pub no_prediction: f64,
}

impl Probabilities {
    fn of(item: &super::ItemResult) -> Probabilities {
        Probabilities {
            adopted: item.p_adopted,
            voted: item.p_voted,
            no_change: item.p_no_change,
            voted_down: item.p_voted_down,
            carried_forward: item.p_carried_forward,
            no_prediction: item.p_no_prediction,
        }
    }

    /// Whether the model predicts anything for the item.
    pub fn predicts(&self) -> bool {
        self.no_prediction < 1.0
    }

    /// P(adopted or voted), as scored: 0.5 when there is no prediction (no information).
    pub fn passes(&self) -> f64 {
        if self.predicts() {
            self.adopted + self.voted
        } else {
            0.5
        }
    }

    /// P(carried forward), as scored: 0.5 when there is no prediction.
    pub fn carried(&self) -> f64 {
        if self.predicts() {
            self.carried_forward
        } else {
            0.5
        }
    }

    /// The most likely process (ties in the order consensus, vote, no change, carried
    /// forward); none without a prediction.
    pub fn process(&self) -> Option<Process> {
        if !self.predicts() {
            return None;
        }
        [
            (Process::Consensus, self.adopted),
            (Process::Vote, self.voted + self.voted_down),
            (Process::NoChange, self.no_change),
            (Process::CarriedForward, self.carried_forward),
        ]
        .into_iter()
        .fold(
            None,
            |best: Option<(Process, f64)>, (process, p)| match best {
                Some((_, q)) if q >= p => best,
                _ => Some((process, p)),
            },
        )
        .map(|(process, _)| process)
    }
}

#[derive(Clone, Debug, PartialEq)]
/// One item: what was predicted, and what happened.
pub struct BacktestItem {
    /// The item id.
    pub id: ItemId,
    /// The deterministic trajectory's prediction.
    pub deterministic: Prediction,
    /// The Monte Carlo's probabilities.
    pub monte_carlo: Probabilities,
    /// The same with every estimated salience and flexibility set to 0.5.
    pub uniform: Probabilities,
    /// The option the Monte Carlo adopts most often (options items).
    pub most_often: Option<OptionId>,
    /// What happened, when recorded.
    pub recorded: Option<Recorded>,
}

/// What the conference did with an item, as the outcomes file records it.
#[derive(Clone, Debug, PartialEq)]
pub struct Recorded {
    /// Whether it adopted something (adopted, revised or voted).
    pub passed: bool,
    /// How.
    pub process: Process,
    /// The option adopted, when recorded.
    pub option: Option<OptionId>,
    /// The outcome's summary.
    pub summary: String,
}

/// Hits out of the items with a recorded outcome, per predictor.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Accuracy {
    /// The predictor or baseline.
    pub name: &'static str,
    /// Items it got right.
    pub hits: usize,
    /// Items with a recorded outcome.
    pub of: usize,
}

#[derive(Clone, Debug, PartialEq)]
/// Every prediction against the recorded outcomes.
pub struct Backtest {
    /// Monte Carlo runs.
    pub runs: u64,
    /// The seed of the runs.
    pub seed: u64,
    /// One per agenda item, in scenario order.
    pub items: Vec<BacktestItem>,
    /// Each predictor and baseline's score on the result (adopted or not).
    pub accuracy: Vec<Accuracy>,
    /// Each probabilistic predictor's Brier scores (lower is better).
    pub brier: Vec<Brier>,
    /// How often the adopted option was predicted, among items adopted with a recorded option.
    pub option_accuracy: Vec<Accuracy>,
    /// How often the process (consensus, vote, no change, carried forward) was predicted.
    pub process_accuracy: Vec<Accuracy>,
    /// Region by Region, whether the Regions the predicted outcome changes the rules in are
    /// those the recorded outcome changed them in: per item with an option limited by Region,
    /// one point per ITU Region (empty: no such item was scored).
    pub region_accuracy: Vec<Accuracy>,
    /// Scored items on which the model makes no prediction (counted as misses, and as 0.5 in
    /// the Brier scores).
    pub no_prediction: usize,
}

/// Brier scores: the mean squared difference between a predicted probability and what happened
/// (1 or 0), over the items with a recorded outcome. 0 is perfect; always saying 0.5 scores 0.25.
#[derive(Clone, Debug, PartialEq)]
pub struct Brier {
    /// The predictor or baseline.
    pub name: &'static str,
    /// Of P(adopted or voted).
    pub passes: f64,
    /// Of P(carried forward).
    pub carried_forward: f64,
    /// Items scored.
    pub of: usize,
}

/// The scenario with every salience and flexibility that is not sourced set to 0.5.
pub fn uniform_estimates(scenario: &Scenario) -> Scenario {
    let mut uniform = scenario.clone();
    for positions in uniform.positions.values_mut() {
        for cell in positions.cells.values_mut() {
            for estimate in [&mut cell.salience, &mut cell.flexibility] {
                if estimate.basis != Basis::Sourced {
                    estimate.value = 0.5;
                }
            }
        }
    }
    uniform
}

fn run(scenario: &Scenario, config: &SimConfig) -> Result<SimResult, Refused> {
    let analysis = Analysed::new(scenario, &AnalysisConfig::default()).analysis;
    simulate(scenario, &analysis, config)
}

/// Predicts every item three ways (deterministic, Monte Carlo, Monte Carlo on uniform estimates)
/// and scores them, with the baselines "everything is adopted" and "nothing is adopted", against
/// the recorded outcomes.
pub fn backtest(
    scenario: &Scenario,
    outcomes: Option<&Outcomes>,
    config: &SimConfig,
) -> Result<Backtest, Refused> {
    let deterministic = run(
        scenario,
        &SimConfig {
            mode: Mode::Deterministic,
            ..*config
        },
    )?;
    let stochastic = run(
        scenario,
        &SimConfig {
            mode: Mode::Stochastic,
            ..*config
        },
    )?;
    let uniform = run(
        &uniform_estimates(scenario),
        &SimConfig {
            mode: Mode::Stochastic,
            ..*config
        },
    )?;
    // The other rule for unknown cells, scored beside the one asked for.
    let other_rule = match config.unknowns {
        super::Unknowns::Prior => super::Unknowns::Silent,
        super::Unknowns::Silent => super::Unknowns::Prior,
    };
    let other = run(
        scenario,
        &SimConfig {
            mode: Mode::Stochastic,
            unknowns: other_rule,
            ..*config
        },
    )?;
    let items: Vec<BacktestItem> = deterministic
        .items
        .iter()
        .zip(&stochastic.items)
        .zip(&uniform.items)
        .map(|((det, mc), uni)| backtest_item(det, mc, uni, outcomes))
        .collect();
    let scored: Vec<(&BacktestItem, &Recorded)> = items
        .iter()
        .filter_map(|item| item.recorded.as_ref().map(|recorded| (item, recorded)))
        .collect();
    let accuracy = result_accuracy(&scored);
    let mut brier = brier_scores(&scored);
    brier.insert(1, other_brier(&scored, &other, other_rule));
    let process_accuracy = process_accuracy(&scored);
    let option_accuracy = option_accuracy(&scored);
    let region_accuracy = region_accuracy(scenario, &scored);
    let no_prediction = scored
        .iter()
        .filter(|(item, _)| !item.monte_carlo.predicts())
        .count();
    Ok(Backtest {
        runs: stochastic.runs,
        seed: config.seed,
        items,
        accuracy,
        brier,
        option_accuracy,
        process_accuracy,
        region_accuracy,
        no_prediction,
    })
}

/// The Regions an outcome changes the rules in: none for no outcome or the status quo, an
/// option's Regions when it is limited to some, else all three (a country footnote alone changes
/// no Region's rule).
fn regions_changed(scenario: &Scenario, item: &ItemId, option: Option<&OptionId>) -> Vec<Region> {
    let Some(option) = option.and_then(|option| match &scenario.items.get(item)?.kind {
        ItemKind::Options(options) => options.get(option),
        ItemKind::Scale(_) => None,
    }) else {
        return Vec::new();
    };
    if option.status_quo || (option.reach.regions.is_empty() && !option.reach.footnote.is_empty()) {
        Vec::new()
    } else if option.reach.regions.is_empty() {
        Region::ALL.to_vec()
    } else {
        option.reach.regions.clone()
    }
}

/// Region by Region accuracy (see [`Backtest::region_accuracy`]): the deterministic model, the
/// Monte Carlo (its most frequent option when it adopts the item more often than not) and the
/// baseline that nothing is adopted.
fn region_accuracy(scenario: &Scenario, scored: &[(&BacktestItem, &Recorded)]) -> Vec<Accuracy> {
    let limited = |item: &ItemId| match scenario.items.get(item).map(|item| &item.kind) {
        Some(ItemKind::Options(options)) => options.values().any(|o| !o.reach.regions.is_empty()),
        _ => false,
    };
    let scored: Vec<&(&BacktestItem, &Recorded)> = scored
        .iter()
        .filter(|(item, _)| limited(&item.id))
        .collect();
    if scored.is_empty() {
        return Vec::new();
    }
    let score = |name: &'static str, predict: &dyn Fn(&BacktestItem) -> Option<OptionId>| {
        let mut hits = 0;
        for (item, recorded) in &scored {
            let actual = regions_changed(
                scenario,
                &item.id,
                recorded.option.as_ref().filter(|_| recorded.passed),
            );
            let predicted = regions_changed(scenario, &item.id, predict(item).as_ref());
            hits += Region::ALL
                .iter()
                .filter(|region| actual.contains(region) == predicted.contains(region))
                .count();
        }
        Accuracy {
            name,
            hits,
            of: scored.len() * Region::ALL.len(),
        }
    };
    vec![
        score("model, deterministic", &|item| match &item.deterministic {
            Prediction::Adopted(option) => option.clone(),
            _ => None,
        }),
        score("model, Monte Carlo (most often, when adopted)", &|item| {
            (item.monte_carlo.passes() > 0.5)
                .then(|| item.most_often.clone())
                .flatten()
        }),
        score("baseline: nothing is adopted", &|_| None),
    ]
}

/// One item's predictions (deterministic, Monte Carlo, uniform estimates) and its recorded
/// outcome, if any.
fn backtest_item(
    det: &super::ItemResult,
    mc: &super::ItemResult,
    uni: &super::ItemResult,
    outcomes: Option<&Outcomes>,
) -> BacktestItem {
    BacktestItem {
        id: det.id.clone(),
        deterministic: deterministic_prediction(det),
        monte_carlo: Probabilities::of(mc),
        uniform: Probabilities::of(uni),
        most_often: mc.outcomes.first().map(|(option, _)| option.clone()),
        recorded: outcomes
            .and_then(|o| o.outcomes.get(&det.id))
            .map(|outcome| Recorded {
                passed: passed(&outcome.result),
                process: Process::of(&outcome.result),
                option: outcome.option.clone(),
                summary: outcome.summary.clone(),
            }),
    }
}

/// How the deterministic trajectory ends an item (its one outcome has probability 1).
fn deterministic_prediction(det: &super::ItemResult) -> Prediction {
    if det.p_no_prediction == 1.0 {
        Prediction::NoPrediction
    } else if det.p_adopted == 1.0 {
        Prediction::Adopted(det.outcomes.first().map(|(option, _)| option.clone()))
    } else if det.p_voted == 1.0 {
        Prediction::Voted
    } else if det.p_no_change == 1.0 {
        Prediction::NoChange
    } else if det.p_voted_down == 1.0 {
        Prediction::VotedDown
    } else {
        Prediction::CarriedForward
    }
}

/// Each predictor's and baseline's hits on the result (adopted or not).
fn result_accuracy(scored: &[(&BacktestItem, &Recorded)]) -> Vec<Accuracy> {
    // A predictor says adopted (true), not adopted (false), or nothing (a miss).
    let score = |name: &'static str, predict: &dyn Fn(&BacktestItem) -> Option<bool>| Accuracy {
        name,
        hits: scored
            .iter()
            .filter(|(item, recorded)| predict(item) == Some(recorded.passed))
            .count(),
        of: scored.len(),
    };
    let threshold = |p: &Probabilities| p.predicts().then(|| p.passes() >= 0.5);
    vec![
        score("model, deterministic", &|item| {
            (item.deterministic != Prediction::NoPrediction).then(|| item.deterministic.passes())
        }),
        score("model, Monte Carlo (P ≥ 0.5)", &|item| {
            threshold(&item.monte_carlo)
        }),
        score("model, estimates set to 0.5", &|item| {
            threshold(&item.uniform)
        }),
        score("baseline: everything is adopted", &|_| Some(true)),
        score("baseline: nothing is adopted", &|_| Some(false)),
    ]
}

/// The Monte Carlo under the other rule for unknown cells, scored on the same items.
fn other_brier(
    scored: &[(&BacktestItem, &Recorded)],
    other: &SimResult,
    rule: super::Unknowns,
) -> Brier {
    let name = match rule {
        super::Unknowns::Silent => "model, Monte Carlo, unknown cells silent",
        super::Unknowns::Prior => "model, Monte Carlo, unknown cells by the prior",
    };
    result_brier(scored, other, name)
}

/// The Brier scores of another simulation's P(adopted or voted) and P(carried forward) on the
/// scored items (an item it makes no prediction on counts 0.5).
fn result_brier(
    scored: &[(&BacktestItem, &Recorded)],
    result: &SimResult,
    name: &'static str,
) -> Brier {
    brier(scored, name, &|item| {
        result
            .items
            .iter()
            .find(|r| r.id == item.id)
            .filter(|r| r.p_no_prediction < 1.0)
            .map_or((0.5, 0.5), |r| {
                (r.p_adopted + r.p_voted, r.p_carried_forward)
            })
    })
}

/// The name of the hindsight row ([`add_hindsight`]).
pub const HINDSIGHT: &str =
    "model, Monte Carlo, as written (hindsight: with the cells dated after the reference date)";

/// Adds, after the model's rows, the Brier scores of the Monte Carlo on the scenario `written`
/// as its files give it, with the cells dated after the backtest's reference date: a score
/// with hindsight, shown beside the honest one and labelled. Added only when it differs (when
/// no cell is dated later, the two runs are the same).
pub fn add_hindsight(
    backtest: &mut Backtest,
    written: &Scenario,
    config: &SimConfig,
) -> Result<(), Refused> {
    let result = run(
        written,
        &SimConfig {
            mode: Mode::Stochastic,
            ..*config
        },
    )?;
    let scored: Vec<(&BacktestItem, &Recorded)> = backtest
        .items
        .iter()
        .filter_map(|item| item.recorded.as_ref().map(|recorded| (item, recorded)))
        .collect();
    let row = result_brier(&scored, &result, HINDSIGHT);
    let differs = backtest.brier.first().is_none_or(|model| {
        model.passes != row.passes || model.carried_forward != row.carried_forward
    });
    if differs {
        let at = backtest.brier.len().min(2);
        backtest.brier.insert(at, row);
    }
    Ok(())
}

/// A predictor's Brier scores of (P(adopted or voted), P(carried forward)) on the scored items.
fn brier(
    scored: &[(&BacktestItem, &Recorded)],
    name: &'static str,
    predict: &dyn Fn(&BacktestItem) -> (f64, f64),
) -> Brier {
    let squared = |p: f64, happened: bool| (p - if happened { 1.0 } else { 0.0 }).powi(2);
    let (mut passes, mut carried) = (0.0, 0.0);
    for (item, recorded) in scored {
        let (p_passes, p_carried) = predict(item);
        passes += squared(p_passes, recorded.passed);
        carried += squared(p_carried, recorded.process == Process::CarriedForward);
    }
    let n = scored.len().max(1) as f64;
    Brier {
        name,
        passes: passes / n,
        carried_forward: carried / n,
        of: scored.len(),
    }
}

/// Each probabilistic predictor's and baseline's Brier scores.
fn brier_scores(scored: &[(&BacktestItem, &Recorded)]) -> Vec<Brier> {
    let brier = |name: &'static str, predict: &dyn Fn(&BacktestItem) -> (f64, f64)| {
        brier(scored, name, predict)
    };
    vec![
        brier("model, Monte Carlo", &|item| {
            (item.monte_carlo.passes(), item.monte_carlo.carried())
        }),
        brier("model, estimates set to 0.5", &|item| {
            (item.uniform.passes(), item.uniform.carried())
        }),
        brier("baseline: everything is adopted", &|_| (1.0, 0.0)),
        brier(
            "baseline: nothing is adopted (all carried forward)",
            &|_| (0.0, 1.0),
        ),
    ]
}

/// Each predictor's and baseline's hits on the process (consensus, vote, no change, carried
/// forward).
fn process_accuracy(scored: &[(&BacktestItem, &Recorded)]) -> Vec<Accuracy> {
    let process_score =
        |name: &'static str, predict: &dyn Fn(&BacktestItem) -> Option<Process>| Accuracy {
            name,
            hits: scored
                .iter()
                .filter(|(item, recorded)| predict(item) == Some(recorded.process))
                .count(),
            of: scored.len(),
        };
    vec![
        process_score("model, deterministic", &|item| item.deterministic.process()),
        process_score("model, Monte Carlo (most likely)", &|item| {
            item.monte_carlo.process()
        }),
        process_score("model, estimates set to 0.5", &|item| {
            item.uniform.process()
        }),
        process_score("baseline: everything is adopted (by consensus)", &|_| {
            Some(Process::Consensus)
        }),
        process_score(
            "baseline: nothing is adopted (all carried forward)",
            &|_| Some(Process::CarriedForward),
        ),
    ]
}

/// How often each predictor names the adopted option, where the conference adopted one and
/// recorded which.
fn option_accuracy(scored: &[(&BacktestItem, &Recorded)]) -> Vec<Accuracy> {
    let with_option: Vec<&(&BacktestItem, &Recorded)> = scored
        .iter()
        .filter(|(_, recorded)| recorded.passed && recorded.option.is_some())
        .collect();
    let option_score =
        |name: &'static str, predict: &dyn Fn(&BacktestItem) -> Option<OptionId>| Accuracy {
            name,
            hits: with_option
                .iter()
                .filter(|(item, recorded)| {
                    predict(item).is_some() && predict(item) == recorded.option
                })
                .count(),
            of: with_option.len(),
        };
    vec![
        option_score("model, deterministic", &|item| match &item.deterministic {
            Prediction::Adopted(option) => option.clone(),
            _ => None,
        }),
        option_score("model, Monte Carlo (most often)", &|item| {
            item.most_often.clone()
        }),
    ]
}

//! Backtesting: what the model predicts against what the conference decided. The only reader of
//! recorded outcomes besides the report's outcome column.

use crate::analysis::{Analysed, AnalysisConfig};
use crate::id::{ItemId, OptionId};
use crate::model::{Basis, OutcomeKind, Outcomes, Scenario};

use super::{Mode, SimConfig, SimResult, simulate};

/// Whether a conference adopted something on the item (adopted, revised or voted) or not (not
/// adopted, carried forward).
pub fn passed(result: &OutcomeKind) -> bool {
    matches!(
        result,
        OutcomeKind::Adopted | OutcomeKind::Revised | OutcomeKind::Voted
    )
}

/// How the deterministic trajectory ends an item.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Prediction {
    /// Adopted, with this option (none for a scale item).
    Adopted(Option<OptionId>),
    /// Not aligned, adopted by a vote.
    Voted,
    /// Carried forward to the next conference.
    CarriedForward,
}

impl Prediction {
    /// Whether the item is counted as adopted (adopted or voted).
    pub fn passes(&self) -> bool {
        !matches!(self, Prediction::CarriedForward)
    }
}

#[derive(Clone, Debug, PartialEq)]
/// One item: what was predicted, and what happened.
pub struct BacktestItem {
    /// The item id.
    pub id: ItemId,
    /// The deterministic trajectory's prediction.
    pub deterministic: Prediction,
    /// P(adopted) + P(voted) over the Monte Carlo runs.
    pub p_passes: f64,
    /// The same with every estimated salience and flexibility set to 0.5.
    pub p_passes_uniform: f64,
    /// P(carried forward) over the Monte Carlo runs.
    pub p_carried: f64,
    /// The same with every estimate set to 0.5.
    pub p_carried_uniform: f64,
    /// The option the Monte Carlo adopts most often (options items).
    pub most_often: Option<OptionId>,
    /// Whether the conference carried the item forward, when recorded.
    pub recorded_carried: Option<bool>,
    /// What happened, when recorded: passed or not, the option, and the outcome's summary.
    pub recorded: Option<(bool, Option<OptionId>, String)>,
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
    /// Each predictor and baseline's score.
    pub accuracy: Vec<Accuracy>,
    /// Each probabilistic predictor's Brier scores (lower is better).
    pub brier: Vec<Brier>,
    /// How often the adopted option was predicted, among items adopted with a recorded option.
    pub option_accuracy: Vec<Accuracy>,
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

fn run(scenario: &Scenario, config: &SimConfig) -> SimResult {
    let analysis = Analysed::new(scenario, &AnalysisConfig::default()).analysis;
    simulate(scenario, &analysis, config, &|_| {})
}

/// Predicts every item three ways (deterministic, Monte Carlo, Monte Carlo on uniform estimates)
/// and scores them, with the baselines "everything is adopted" and "nothing is adopted", against
/// the recorded outcomes.
pub fn backtest(scenario: &Scenario, outcomes: Option<&Outcomes>, config: &SimConfig) -> Backtest {
    let deterministic = run(
        scenario,
        &SimConfig {
            mode: Mode::Deterministic,
            ..*config
        },
    );
    let stochastic = run(
        scenario,
        &SimConfig {
            mode: Mode::Stochastic,
            ..*config
        },
    );
    let uniform = run(
        &uniform_estimates(scenario),
        &SimConfig {
            mode: Mode::Stochastic,
            ..*config
        },
    );
    let items: Vec<BacktestItem> = deterministic
        .items
        .iter()
        .zip(&stochastic.items)
        .zip(&uniform.items)
        .map(|((det, mc), uni)| {
            let deterministic = if det.p_adopted == 1.0 {
                Prediction::Adopted(det.outcomes.first().map(|(option, _)| option.clone()))
            } else if det.p_voted == 1.0 {
                Prediction::Voted
            } else {
                Prediction::CarriedForward
            };
            BacktestItem {
                id: det.id.clone(),
                deterministic,
                p_passes: mc.p_adopted + mc.p_voted,
                p_passes_uniform: uni.p_adopted + uni.p_voted,
                p_carried: mc.p_carried_forward,
                p_carried_uniform: uni.p_carried_forward,
                most_often: mc.outcomes.first().map(|(option, _)| option.clone()),
                recorded_carried: outcomes
                    .and_then(|o| o.outcomes.get(&det.id))
                    .map(|outcome| matches!(outcome.result, OutcomeKind::CarriedForward(_))),
                recorded: outcomes
                    .and_then(|o| o.outcomes.get(&det.id))
                    .map(|outcome| {
                        (
                            passed(&outcome.result),
                            outcome.option.clone(),
                            outcome.summary.clone(),
                        )
                    }),
            }
        })
        .collect();
    let scored: Vec<&BacktestItem> = items
        .iter()
        .filter(|item| item.recorded.is_some())
        .collect();
    let score = |name: &'static str, predict: &dyn Fn(&BacktestItem) -> bool| Accuracy {
        name,
        hits: scored
            .iter()
            .filter(|item| {
                item.recorded
                    .as_ref()
                    .is_some_and(|(passed, _, _)| predict(item) == *passed)
            })
            .count(),
        of: scored.len(),
    };
    let accuracy = vec![
        score("model, deterministic", &|item| item.deterministic.passes()),
        score("model, Monte Carlo (P ≥ 0.5)", &|item| {
            item.p_passes >= 0.5
        }),
        score("model, estimates set to 0.5", &|item| {
            item.p_passes_uniform >= 0.5
        }),
        score("baseline: everything is adopted", &|_| true),
        score("baseline: nothing is adopted", &|_| false),
    ];
    let brier = |name: &'static str, predict: &dyn Fn(&BacktestItem) -> (f64, f64)| {
        let squared = |p: f64, happened: bool| (p - if happened { 1.0 } else { 0.0 }).powi(2);
        let (mut passes, mut carried) = (0.0, 0.0);
        for item in &scored {
            let (p_passes, p_carried) = predict(item);
            if let Some((passed, _, _)) = &item.recorded {
                passes += squared(p_passes, *passed);
            }
            carried += squared(p_carried, item.recorded_carried == Some(true));
        }
        let n = scored.len().max(1) as f64;
        Brier {
            name,
            passes: passes / n,
            carried_forward: carried / n,
            of: scored.len(),
        }
    };
    let brier = vec![
        brier("model, Monte Carlo", &|item| {
            (item.p_passes, item.p_carried)
        }),
        brier("model, estimates set to 0.5", &|item| {
            (item.p_passes_uniform, item.p_carried_uniform)
        }),
        brier("baseline: everything is adopted", &|_| (1.0, 0.0)),
        brier(
            "baseline: nothing is adopted (all carried forward)",
            &|_| (0.0, 1.0),
        ),
    ];
    // The adopted option, where the conference adopted one and recorded which.
    let with_option: Vec<&BacktestItem> = scored
        .iter()
        .copied()
        .filter(|item| matches!(&item.recorded, Some((true, Some(_), _))))
        .collect();
    let option_score = |name: &'static str, predict: &dyn Fn(&BacktestItem) -> Option<OptionId>| {
        Accuracy {
            name,
            hits: with_option
                .iter()
                .filter(|item| {
                    matches!(&item.recorded, Some((_, Some(option), _)) if predict(item).as_ref() == Some(option))
                })
                .count(),
            of: with_option.len(),
        }
    };
    let option_accuracy = vec![
        option_score("model, deterministic", &|item| match &item.deterministic {
            Prediction::Adopted(option) => option.clone(),
            _ => None,
        }),
        option_score("model, Monte Carlo (most often)", &|item| {
            item.most_often.clone()
        }),
    ];
    Backtest {
        runs: stochastic.runs,
        seed: config.seed,
        items,
        accuracy,
        brier,
        option_accuracy,
    }
}

//! Rendering of `concord backtest`: text, Markdown and JSON.

use std::fmt::Write;

use serde::Serialize;

use super::json::SCHEMA_VERSION;
use super::style::Paint;
use crate::escape::number::percent;
use concord_core::simulate::backtest::{
    Accuracy, Backtest, BacktestItem, Prediction, Probabilities, Process, Recorded,
};

fn prediction(prediction: &Prediction) -> String {
    match prediction {
        Prediction::Adopted(Some(option)) => format!("adopted ({option})"),
        Prediction::Adopted(None) => "adopted".into(),
        Prediction::NoChange => "no change".into(),
        Prediction::Voted => "voted".into(),
        Prediction::VotedDown => "voted down".into(),
        Prediction::CarriedForward => "carried forward".into(),
        Prediction::NoPrediction => "no prediction".into(),
    }
}

fn recorded_text(recorded: &Recorded) -> String {
    match (recorded.process, &recorded.option) {
        (Process::Consensus, Some(option)) => format!("adopted ({option})"),
        (Process::Consensus, None) => "adopted".into(),
        (Process::Vote, _) if recorded.passed => "voted".into(),
        (Process::Vote, _) => "voted down".into(),
        (Process::NoChange, _) => "no change".into(),
        (Process::CarriedForward, _) => "carried forward".into(),
    }
}

fn p_passes(p: &Probabilities) -> String {
    if p.predicts() {
        percent(p.passes())
    } else {
        "—".into()
    }
}

fn yes_no(hit: bool) -> String {
    if hit { "yes" } else { "no" }.into()
}

fn rows(backtest: &Backtest) -> Vec<Vec<String>> {
    backtest
        .items
        .iter()
        .map(|item| {
            let (recorded, result, process) = match &item.recorded {
                Some(recorded) => {
                    let predicts = item.deterministic != Prediction::NoPrediction;
                    (
                        recorded_text(recorded),
                        yes_no(predicts && item.deterministic.passes() == recorded.passed),
                        yes_no(item.deterministic.process() == Some(recorded.process)),
                    )
                }
                None => ("—".into(), "—".into(), "—".into()),
            };
            vec![
                item.id.to_string(),
                prediction(&item.deterministic),
                p_passes(&item.monte_carlo),
                p_passes(&item.uniform),
                recorded,
                result,
                process,
            ]
        })
        .collect()
}

const HEADER: [&str; 7] = [
    "item",
    "deterministic",
    "P(adopted or voted)",
    "with estimates at 0.5",
    "recorded",
    "result right",
    "process right",
];

/// One line per predictor: hits out of the scored items, and the share.
fn share_lines(scores: &[Accuracy]) -> Vec<String> {
    scores
        .iter()
        .map(|a| {
            if a.of == 0 {
                return format!("{}: no item with a recorded outcome to score", a.name);
            }
            let share = a.hits as f64 / a.of as f64;
            format!("{}: {} of {} ({})", a.name, a.hits, a.of, percent(share))
        })
        .collect()
}

fn accuracy_lines(backtest: &Backtest) -> Vec<String> {
    share_lines(&backtest.accuracy)
}

/// The Brier scores, one line per predictor.
fn brier_lines(backtest: &Backtest) -> Vec<String> {
    backtest
        .brier
        .iter()
        .map(|b| {
            if b.of == 0 {
                return format!("{}: no item with a recorded outcome to score", b.name);
            }
            format!(
                "{}: {} on P(adopted), {} on P(carried forward) ({} item{})",
                b.name,
                brier_number(b.passes),
                brier_number(b.carried_forward),
                b.of,
                if b.of == 1 { "" } else { "s" }
            )
        })
        .collect()
}

/// A Brier score to three decimals.
fn brier_number(score: f64) -> String {
    format!("{:.3}", score + 0.0)
}

/// Process accuracy, one line per predictor.
fn process_lines(backtest: &Backtest) -> Vec<String> {
    let mut lines = share_lines(&backtest.process_accuracy);
    if backtest.no_prediction > 0 {
        lines.push(format!(
            "no prediction on {} scored item{} (nothing known): a miss in every accuracy, 0.5 in the Brier scores",
            backtest.no_prediction,
            if backtest.no_prediction == 1 { "" } else { "s" }
        ));
    }
    lines
}

/// Option accuracy, one line per predictor.
fn option_lines(backtest: &Backtest) -> Vec<String> {
    backtest
        .option_accuracy
        .iter()
        .map(|a| {
            if a.of == 0 {
                return format!("{}: no item adopted with a recorded option", a.name);
            }
            format!("{}: {} of {}", a.name, a.hits, a.of)
        })
        .collect()
}

/// Region by Region accuracy, one line per predictor (none when no scored item has an option
/// limited by Region).
fn region_lines(backtest: &Backtest) -> Vec<String> {
    backtest
        .region_accuracy
        .iter()
        .map(|a| format!("{}: {} of {}", a.name, a.hits, a.of))
        .collect()
}

/// The heading of the Region by Region accuracy.
const REGIONS_HEADING: &str = "the Regions (items with an option limited by Region: one point per item and ITU Region where the outcome changes the rules, or not, as predicted)";

/// `concord backtest` as text: the table per item, then the accuracy against the baselines.
pub fn text(backtest: &Backtest, paint: Paint) -> String {
    let rows = rows(backtest);
    let mut out = format!(
        "{} runs, seed {}; adopted = adopted, revised or voted\n",
        backtest.runs, backtest.seed
    );
    out.push_str(&super::text::table(&HEADER, &rows, paint));
    let _ = writeln!(
        out,
        "\n{}",
        paint.bold("accuracy (items with a recorded outcome)")
    );
    for accuracy in accuracy_lines(backtest) {
        let _ = writeln!(out, "  {accuracy}");
    }
    let _ = writeln!(
        out,
        "\n{}",
        paint.bold("Brier scores (lower is better; always saying 0.5 scores 0.250)")
    );
    for line in brier_lines(backtest) {
        let _ = writeln!(out, "  {line}");
    }
    let _ = writeln!(out, "\n{}", paint.bold("the adopted option"));
    for line in option_lines(backtest) {
        let _ = writeln!(out, "  {line}");
    }
    let _ = writeln!(
        out,
        "\n{}",
        paint.bold("the process (consensus, vote, no change or carried forward)")
    );
    for line in process_lines(backtest) {
        let _ = writeln!(out, "  {line}");
    }
    if !backtest.region_accuracy.is_empty() {
        let _ = writeln!(out, "\n{}", paint.bold(REGIONS_HEADING));
        for line in region_lines(backtest) {
            let _ = writeln!(out, "  {line}");
        }
    }
    out
}

/// `concord backtest` as Markdown: the table per item, then the accuracy against the baselines.
pub fn markdown(backtest: &Backtest) -> String {
    let mut out = format!(
        "**Backtest:** {} runs, seed {}\n\n",
        backtest.runs, backtest.seed
    );
    out.push_str(&super::markdown::table_pipes_only(&HEADER, &rows(backtest)));
    out.push_str("\n**Accuracy** (items with a recorded outcome):\n\n");
    for accuracy in accuracy_lines(backtest) {
        let _ = writeln!(out, "- {accuracy}");
    }
    out.push_str("\n**Brier scores** (lower is better; always saying 0.5 scores 0.250):\n\n");
    for line in brier_lines(backtest) {
        let _ = writeln!(out, "- {line}");
    }
    out.push_str("\n**The adopted option:**\n\n");
    for line in option_lines(backtest) {
        let _ = writeln!(out, "- {line}");
    }
    out.push_str("\n**The process** (consensus, vote, no change or carried forward):\n\n");
    for line in process_lines(backtest) {
        let _ = writeln!(out, "- {line}");
    }
    if !backtest.region_accuracy.is_empty() {
        let _ = writeln!(out, "\n**{REGIONS_HEADING}:**\n");
        for line in region_lines(backtest) {
            let _ = writeln!(out, "- {line}");
        }
    }
    out
}

/// `concord backtest --format json` (fields in alphabetical order: the order the contract has
/// always had, from when it was built through serde_json's sorted map).
#[derive(Serialize)]
struct BacktestJson<'a> {
    /// Each predictor and baseline's hits on the result (adopted or not).
    accuracy: Vec<AccuracyJson>,
    /// Each probabilistic predictor's Brier scores.
    brier: Vec<BrierJson>,
    /// The conference's id.
    conference: &'a str,
    /// One per agenda item, in scenario order.
    items: Vec<ItemJson<'a>>,
    /// Scored items on which the model makes no prediction.
    no_prediction: usize,
    /// Each predictor's hits on the adopted option.
    option_accuracy: Vec<AccuracyJson>,
    /// Each predictor's hits on the process.
    process_accuracy: Vec<AccuracyJson>,
    /// Each predictor's points, Region by Region (empty: no item limited by Region).
    region_accuracy: Vec<AccuracyJson>,
    /// Monte Carlo runs.
    runs: u64,
    /// [`SCHEMA_VERSION`].
    schema_version: u32,
    /// The seed of the runs.
    seed: u64,
}

/// One item: the predictions and the recorded outcome.
#[derive(Serialize)]
struct ItemJson<'a> {
    /// The deterministic trajectory's prediction, in words (`adopted (a)`, `no change`, …).
    deterministic: String,
    /// Its process (`consensus`, `vote`, …; null: no prediction).
    deterministic_process: Option<&'static str>,
    /// The item's id.
    id: &'a str,
    /// The Monte Carlo's probabilities.
    monte_carlo: ProbabilitiesJson,
    /// The option the Monte Carlo adopts most often (null: none).
    most_often: Option<&'a str>,
    /// What happened (null: not recorded).
    recorded: Option<RecordedJson<'a>>,
    /// The same with every estimated salience and flexibility set to 0.5.
    uniform_estimates: ProbabilitiesJson,
}

/// The Monte Carlo's probabilities for one item.
#[derive(Serialize)]
struct ProbabilitiesJson {
    /// Adopted by consensus.
    p_adopted: f64,
    /// Carried forward.
    p_carried_forward: f64,
    /// No change by consensus.
    p_no_change: f64,
    /// No prediction (nothing known): 0 or 1.
    p_no_prediction: f64,
    /// Adopted by a vote.
    p_voted: f64,
    /// No change by a vote.
    p_voted_down: f64,
    /// Whether the model predicts anything for the item.
    predicts: bool,
    /// The likeliest process (null: no prediction).
    process: Option<&'static str>,
}

/// What the conference did with an item.
#[derive(Serialize)]
struct RecordedJson<'a> {
    /// Whether it adopted something (adopted, revised or voted).
    adopted: bool,
    /// The option adopted (null: not recorded).
    option: Option<&'a str>,
    /// How (`consensus`, `vote`, `no_change`, `carried_forward`).
    process: &'static str,
    /// The outcome's summary.
    summary: &'a str,
}

/// Hits out of the scored items, for one predictor.
#[derive(Serialize)]
struct AccuracyJson {
    /// Items it got right.
    hits: usize,
    /// Items scored.
    of: usize,
    /// The predictor or baseline.
    predictor: &'static str,
}

/// One predictor's Brier scores.
#[derive(Serialize)]
struct BrierJson {
    /// Items scored.
    of: usize,
    /// Of P(adopted or voted).
    p_adopted: f64,
    /// Of P(carried forward).
    p_carried_forward: f64,
    /// The predictor or baseline.
    predictor: &'static str,
}

impl ProbabilitiesJson {
    fn of(p: &Probabilities) -> Self {
        ProbabilitiesJson {
            p_adopted: p.adopted,
            p_carried_forward: p.carried_forward,
            p_no_change: p.no_change,
            p_no_prediction: p.no_prediction,
            p_voted: p.voted,
            p_voted_down: p.voted_down,
            predicts: p.predicts(),
            process: p.process().map(Process::name),
        }
    }
}

impl ItemJson<'_> {
    fn of(item: &BacktestItem) -> ItemJson<'_> {
        ItemJson {
            deterministic: prediction(&item.deterministic),
            deterministic_process: item.deterministic.process().map(Process::name),
            id: item.id.as_str(),
            monte_carlo: ProbabilitiesJson::of(&item.monte_carlo),
            most_often: item.most_often.as_ref().map(|o| o.as_str()),
            recorded: item.recorded.as_ref().map(|recorded| RecordedJson {
                adopted: recorded.passed,
                option: recorded.option.as_ref().map(|o| o.as_str()),
                process: recorded.process.name(),
                summary: &recorded.summary,
            }),
            uniform_estimates: ProbabilitiesJson::of(&item.uniform),
        }
    }
}

/// Each predictor's hits.
fn accuracy_json(scores: &[Accuracy]) -> Vec<AccuracyJson> {
    scores
        .iter()
        .map(|a| AccuracyJson {
            hits: a.hits,
            of: a.of,
            predictor: a.name,
        })
        .collect()
}

/// `concord backtest --format json`: per item the predictions and the recorded outcome, then the
/// accuracy of each predictor.
pub fn json(conference: &str, backtest: &Backtest) -> String {
    let mut out = crate::report::json::to_string_pretty(&BacktestJson {
        accuracy: accuracy_json(&backtest.accuracy),
        brier: backtest
            .brier
            .iter()
            .map(|b| BrierJson {
                of: b.of,
                p_adopted: b.passes,
                p_carried_forward: b.carried_forward,
                predictor: b.name,
            })
            .collect(),
        conference,
        items: backtest.items.iter().map(ItemJson::of).collect(),
        no_prediction: backtest.no_prediction,
        option_accuracy: accuracy_json(&backtest.option_accuracy),
        process_accuracy: accuracy_json(&backtest.process_accuracy),
        region_accuracy: accuracy_json(&backtest.region_accuracy),
        runs: backtest.runs,
        schema_version: SCHEMA_VERSION,
        seed: backtest.seed,
    })
    .expect("plain data serializes");
    out.push('\n');
    out
}

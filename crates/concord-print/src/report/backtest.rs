//! Rendering of `concord backtest`: text, Markdown and JSON.

use std::fmt::Write;

use serde_json::json;

use super::json::SCHEMA_VERSION;
use super::style::Paint;
use crate::escape::number::percent;
use concord_core::simulate::backtest::{
    Accuracy, Backtest, Prediction, Probabilities, Process, Recorded,
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
    out
}

/// `concord backtest --format json`: per item the predictions and the recorded outcome, then the
/// accuracy of each predictor.
pub fn json(conference: &str, backtest: &Backtest) -> String {
    let items: Vec<serde_json::Value> = backtest
        .items
        .iter()
        .map(|item| {
            let probabilities = |p: &Probabilities| {
                json!({
                    "predicts": p.predicts(),
                    "p_adopted": p.adopted,
                    "p_voted": p.voted,
                    "p_no_change": p.no_change,
                    "p_voted_down": p.voted_down,
                    "p_carried_forward": p.carried_forward,
                    "p_no_prediction": p.no_prediction,
                    "process": p.process().map(Process::name),
                })
            };
            json!({
                "id": item.id.as_str(),
                "deterministic": prediction(&item.deterministic),
                "deterministic_process": item.deterministic.process().map(Process::name),
                "monte_carlo": probabilities(&item.monte_carlo),
                "uniform_estimates": probabilities(&item.uniform),
                "most_often": item.most_often.as_ref().map(ToString::to_string),
                "recorded": item.recorded.as_ref().map(|recorded| json!({
                    "adopted": recorded.passed,
                    "process": recorded.process.name(),
                    "option": recorded.option.as_ref().map(ToString::to_string),
                    "summary": recorded.summary,
                })),
            })
        })
        .collect();
    let accuracy: Vec<serde_json::Value> = backtest
        .accuracy
        .iter()
        .map(|a| json!({"predictor": a.name, "hits": a.hits, "of": a.of}))
        .collect();
    let mut out = crate::report::json::to_string_pretty(&json!({
        "schema_version": SCHEMA_VERSION,
        "conference": conference,
        "runs": backtest.runs,
        "seed": backtest.seed,
        "items": items,
        "accuracy": accuracy,
        "brier": backtest.brier.iter().map(|b| json!({
            "predictor": b.name, "p_adopted": b.passes, "p_carried_forward": b.carried_forward, "of": b.of,
        })).collect::<Vec<_>>(),
        "option_accuracy": backtest.option_accuracy.iter().map(|a| json!({
            "predictor": a.name, "hits": a.hits, "of": a.of,
        })).collect::<Vec<_>>(),
        "process_accuracy": backtest.process_accuracy.iter().map(|a| json!({
            "predictor": a.name, "hits": a.hits, "of": a.of,
        })).collect::<Vec<_>>(),
        "no_prediction": backtest.no_prediction,
    }))
    .expect("plain data serializes");
    out.push('\n');
    out
}

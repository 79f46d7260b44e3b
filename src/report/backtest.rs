//! Rendering of `concord backtest`: text, Markdown and JSON.

use std::fmt::Write;

use serde_json::json;

use super::json::SCHEMA_VERSION;
use super::style::Paint;
use super::view::number;
use crate::simulate::backtest::{Backtest, Prediction};

fn prediction(prediction: &Prediction) -> String {
    match prediction {
        Prediction::Adopted(Some(option)) => format!("adopted ({option})"),
        Prediction::Adopted(None) => "adopted".into(),
        Prediction::Voted => "voted".into(),
        Prediction::CarriedForward => "carried forward".into(),
    }
}

fn percent(p: f64) -> String {
    format!("{}%", number(p * 100.0))
}

fn rows(backtest: &Backtest) -> Vec<Vec<String>> {
    backtest
        .items
        .iter()
        .map(|item| {
            let (recorded, hit) = match &item.recorded {
                Some((passed, option, _)) => {
                    let text = match (passed, option) {
                        (true, Some(option)) => format!("adopted ({option})"),
                        (true, None) => "adopted".into(),
                        (false, _) => "not adopted".into(),
                    };
                    let hit = if item.deterministic.passes() == *passed {
                        "yes"
                    } else {
                        "no"
                    };
                    (text, hit.to_owned())
                }
                None => ("—".into(), "—".into()),
            };
            vec![
                item.id.to_string(),
                prediction(&item.deterministic),
                percent(item.p_passes),
                percent(item.p_passes_uniform),
                recorded,
                hit,
            ]
        })
        .collect()
}

const HEADER: [&str; 6] = [
    "item",
    "deterministic",
    "P(adopted or voted)",
    "with estimates at 0.5",
    "recorded",
    "deterministic right",
];

fn accuracy_lines(backtest: &Backtest) -> Vec<String> {
    backtest
        .accuracy
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
    out
}

/// `concord backtest` as Markdown: the table per item, then the accuracy against the baselines.
pub fn markdown(backtest: &Backtest) -> String {
    let mut out = format!(
        "**Backtest:** {} runs, seed {}\n\n",
        backtest.runs, backtest.seed
    );
    let _ = writeln!(out, "| {} |", HEADER.join(" | "));
    let _ = writeln!(out, "|{}|", vec!["---"; HEADER.len()].join("|"));
    for row in rows(backtest) {
        let cells: Vec<String> = row.iter().map(|c| c.replace('|', "\\|")).collect();
        let _ = writeln!(out, "| {} |", cells.join(" | "));
    }
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
    out
}

/// `concord backtest --format json`: per item the predictions and the recorded outcome, then the
/// accuracy of each predictor.
pub fn json(conference: &str, backtest: &Backtest) -> String {
    let items: Vec<serde_json::Value> = backtest
        .items
        .iter()
        .map(|item| {
            json!({
                "id": item.id.as_str(),
                "deterministic": prediction(&item.deterministic),
                "p_passes": item.p_passes,
                "p_passes_uniform_estimates": item.p_passes_uniform,
                "p_carried_forward": item.p_carried,
                "p_carried_forward_uniform_estimates": item.p_carried_uniform,
                "most_often": item.most_often.as_ref().map(ToString::to_string),
                "recorded": item.recorded.as_ref().map(|(passed, option, summary)| json!({
                    "adopted": passed,
                    "option": option.as_ref().map(ToString::to_string),
                    "summary": summary,
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
    }))
    .expect("plain data serializes");
    out.push('\n');
    out
}

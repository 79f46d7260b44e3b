//! Rendering of `simulate` and `trace`: text, Markdown and JSON.

use std::collections::BTreeMap;
use std::fmt::Write;

use serde::Serialize;

use super::json::SCHEMA_VERSION;
use super::style::Paint;
use crate::escape::number::{number, percent};
use concord_core::id::{ItemId, OptionId};
use concord_core::simulate::{Mode, SimResult, TraceLog, Verdict, What};

fn outcome_text(item: &concord_core::simulate::ItemResult) -> String {
    if let Some(q) = item.quantiles {
        if q[2].is_nan() {
            return "—".into();
        }
        return format!(
            "point {} (50% in {}-{}, 90% in {}-{})",
            number(q[2]),
            number(q[1]),
            number(q[3]),
            number(q[0]),
            number(q[4])
        );
    }
    if item.outcomes.is_empty() {
        return "—".into();
    }
    item.outcomes
        .iter()
        .map(|(option, p)| format!("{option} {}", percent(*p)))
        .collect::<Vec<_>>()
        .join(", ")
}

fn pivotal_text(item: &concord_core::simulate::ItemResult) -> String {
    if item.pivotal.is_empty() {
        return "—".into();
    }
    item.pivotal
        .iter()
        .map(|(group, share)| format!("{group} {}", percent(*share)))
        .collect::<Vec<_>>()
        .join(", ")
}

const ERRORS_LEGEND: &str = "±: one Monte Carlo standard error, sqrt(p(1 − p) / runs), in percentage points; two probabilities less than two apart are noise (0 at 0% and 100%: read it as under 1 / runs)";

/// What the text and Markdown show besides the probabilities.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Shown {
    /// Each probability with its Monte Carlo standard error ("74% ± 1.96", in points).
    pub errors: bool,
}

fn rows(result: &SimResult, shown: Shown) -> Vec<Vec<String>> {
    let runs = (result.mode == Mode::Stochastic).then_some(result.runs);
    let percent = |p: f64| {
        if shown.errors && runs.is_some() {
            format!(
                "{} ± {}",
                percent(p),
                number((standard_error(p, runs) * 10_000.0).round() / 100.0)
            )
        } else {
            percent(p)
        }
    };
    result
        .items
        .iter()
        .map(|item| {
            if item.p_no_prediction >= 1.0 {
                let mut row = vec!["—".to_owned(); HEADER.len()];
                row[0] = item.id.to_string();
                row[2] = "no prediction (nothing known)".into();
                return row;
            }
            vec![
                item.id.to_string(),
                percent(item.p_adopted),
                outcome_text(item),
                percent(item.p_voted),
                percent(item.p_no_change + item.p_voted_down),
                percent(item.p_carried_forward),
                item.median_round.map_or("—".into(), |r| r.to_string()),
                pivotal_text(item),
            ]
        })
        .collect()
}

const HEADER: [&str; 8] = [
    "item",
    "adopted",
    "adopted with",
    "voted",
    "no change",
    "carried forward",
    "median round",
    "pivotal",
];

fn header_line(result: &SimResult) -> String {
    match result.mode {
        Mode::Deterministic => {
            "deterministic trajectory (a move happens when its rate is at least 0.25)".into()
        }
        Mode::Stochastic => format!("{} runs, seed {}", result.runs, result.seed),
    }
}

/// A package deal in words: "G accepts o on i, H accepts p on j (gains x and y)" — the one
/// sentence every report and brief uses.
pub(crate) fn deal_sentence(deal: &concord_core::simulate::DealView) -> String {
    format!(
        "{} accepts {} on {}, {} accepts {} on {} (gains {} and {})",
        deal.groups.0,
        deal.gives.0.1,
        deal.gives.0.0,
        deal.groups.1,
        deal.gives.1.1,
        deal.gives.1.0,
        number(deal.gains.0),
        number(deal.gains.1)
    )
}

fn deal_lines(result: &SimResult) -> Vec<String> {
    result.deals.iter().map(deal_sentence).collect()
}

/// `concord simulate` as text: the table per item, then the best package deals.
pub fn text(result: &SimResult, estimates: &[Vec<String>], shown: Shown, paint: Paint) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{}", header_line(result));
    let rows = rows(result, shown);
    out.push_str(&super::text::table(&HEADER, &rows, paint));
    if let Some(note) = no_data_note(result) {
        let _ = writeln!(out, "\n{note}");
    }
    if shown.errors && result.mode == Mode::Stochastic {
        let _ = writeln!(out, "\n{ERRORS_LEGEND}");
    }
    if let Some(note) = estimates_note(result, estimates) {
        let _ = writeln!(out, "\n{note}");
    }
    let deals = deal_lines(result);
    if let Some(note) = deals_not_modelled(result) {
        let _ = writeln!(out, "\npackage deals: {note}");
    } else if deals.is_empty() {
        let _ = writeln!(out, "\npackage deals: none in the opening positions");
    } else {
        let _ = writeln!(
            out,
            "\n{}",
            paint.bold("best package deals in the opening positions")
        );
        for deal in deals {
            let _ = writeln!(out, "  {deal}");
        }
    }
    out
}

/// How many predicted items rest on an estimated salience or flexibility (`estimates`: per
/// item of the result, in its order, the stated groups' estimated weights in words), said
/// whenever any does: a probability is no firmer than its inputs.
fn estimates_note(result: &SimResult, estimates: &[Vec<String>]) -> Option<String> {
    let predicted = result
        .items
        .iter()
        .zip(estimates)
        .filter(|(item, _)| item.p_no_prediction < 1.0);
    let (mut count, mut of) = (0, 0);
    for (_, weights) in predicted {
        of += 1;
        if !weights.is_empty() {
            count += 1;
        }
    }
    (count > 0).then(|| {
        format!(
            "rests on estimates: on {count} of {of} predicted items some stated group's position, salience or flexibility is an estimate (or the 0.5 default) (JSON: items[].estimated_weights; `compare --set` shows what moving one does)"
        )
    })
}

/// Which items rest on no regional data, said whenever there are any: a reader must never take
/// "nobody's position is known" for "nobody wants this".
fn no_data_note(result: &SimResult) -> Option<String> {
    let ids = |no_prediction: bool| -> Vec<&str> {
        result
            .items
            .iter()
            .filter(|item| item.no_regional_data && (item.p_no_prediction >= 1.0) == no_prediction)
            .map(|item| item.id.as_str())
            .collect()
    };
    let (none, states) = (ids(true), ids(false));
    if none.is_empty() && states.is_empty() {
        return None;
    }
    let mut parts = Vec::new();
    if !states.is_empty() {
        parts.push(format!(
            "{} rest only on Member States' own positions ({})",
            states.len(),
            states.join(", ")
        ));
    }
    if !none.is_empty() {
        parts.push(format!(
            "on {} nothing is known, and the model makes no prediction ({})",
            none.len(),
            none.join(", ")
        ));
    }
    Some(format!(
        "no regional data: no group states a position on {} of {} items; {}",
        none.len() + states.len(),
        result.items.len(),
        parts.join("; ")
    ))
}

/// "not modelled: …" when the scenario allows too many deals to model.
fn deals_not_modelled(result: &SimResult) -> Option<String> {
    result.deals_not_modelled.map(|possible| {
        format!(
            "not modelled: the scenario allows up to {possible} of them, more than the {} concord models (runs play without deals)",
            concord_core::limits::LIMITS.potential_deals
        )
    })
}

/// `concord simulate` as Markdown: the table per item, then the best package deals.
pub fn markdown(result: &SimResult, estimates: &[Vec<String>], shown: Shown) -> String {
    let mut out = format!("**Simulation:** {}\n\n", header_line(result));
    out.push_str(&super::markdown::table_pipes_only(
        &HEADER,
        &rows(result, shown),
    ));
    if let Some(note) = no_data_note(result) {
        let _ = writeln!(out, "\n**Caution:** {note}");
    }
    if shown.errors && result.mode == Mode::Stochastic {
        let _ = writeln!(out, "\n{ERRORS_LEGEND}");
    }
    if let Some(note) = estimates_note(result, estimates) {
        let _ = writeln!(out, "\n**Caution:** {note}");
    }
    let deals = deal_lines(result);
    if let Some(note) = deals_not_modelled(result) {
        let _ = writeln!(out, "\n**Package deals:** {note}");
    }
    if !deals.is_empty() {
        out.push_str("\n**Best package deals in the opening positions:**\n\n");
        for deal in deals {
            let _ = writeln!(out, "- {deal}");
        }
    }
    out
}

/// `concord simulate --format json` (fields in alphabetical order: the order the contract has
/// always had, from when it was built through serde_json's sorted map).
#[derive(Serialize)]
struct SimulationJson<'a> {
    /// The conference's id.
    conference: &'a str,
    /// The best package deals in the opening positions.
    deals: Vec<DealJson<'a>>,
    /// How many deals the scenario allows when they are too many to model (null: modelled).
    deals_not_modelled: Option<usize>,
    /// One per agenda item, in scenario order.
    items: Vec<ItemJson<'a>>,
    /// `deterministic` or `stochastic`.
    mode: &'static str,
    /// Monte Carlo runs.
    runs: u64,
    /// [`SCHEMA_VERSION`].
    schema_version: u32,
    /// The seed of the runs.
    seed: u64,
}

/// One item's simulated outcome.
#[derive(Serialize)]
struct ItemJson<'a> {
    /// The stated groups whose salience or flexibility is an estimate or the 0.5 default
    /// ("ATU salience and flexibility"): the result rests on them.
    estimated_weights: &'a [String],
    /// The focal option (null: none).
    focal: Option<&'a str>,
    /// The item's id.
    id: &'a str,
    /// The median round of the end (null: none).
    median_round: Option<u32>,
    /// Whether no group states a position on the item.
    no_regional_data: bool,
    /// What is adopted: per option its probability, or the quantiles of the scale point.
    outcomes: OutcomesJson<'a>,
    /// P(adopted by consensus).
    p_adopted: f64,
    /// P(carried forward).
    p_carried_forward: f64,
    /// P(no change by consensus).
    p_no_change: f64,
    /// P(no prediction): 0 or 1.
    p_no_prediction: f64,
    /// P(adopted by a vote).
    p_voted: f64,
    /// P(no change by a vote).
    p_voted_down: f64,
    /// The pivotal groups, with how often each was pivotal.
    pivotal: Vec<PivotalJson<'a>>,
    /// The Monte Carlo standard error of each probability, sqrt(p(1 − p) / runs) (0 for the
    /// deterministic trajectory): a difference under two of them is noise.
    se: StandardErrorsJson,
}

/// The standard error of each of an item's probabilities.
#[derive(Serialize)]
struct StandardErrorsJson {
    /// Of `p_adopted`.
    p_adopted: f64,
    /// Of `p_carried_forward`.
    p_carried_forward: f64,
    /// Of `p_no_change`.
    p_no_change: f64,
    /// Of `p_voted`.
    p_voted: f64,
    /// Of `p_voted_down`.
    p_voted_down: f64,
}

/// The standard error of a probability estimated from `runs` runs (0 without runs).
pub fn standard_error(p: f64, runs: Option<u64>) -> f64 {
    match runs {
        #[allow(clippy::cast_precision_loss)]
        Some(runs) if runs > 0 => (p * (1.0 - p) / runs as f64).max(0.0).sqrt(),
        _ => 0.0,
    }
}

/// Two standard errors of the difference between two probabilities, each with the runs it was
/// estimated from (`None`: deterministic, no noise): a smaller difference is Monte Carlo noise.
/// Counted as if the runs were independent, which overstates the noise of common random
/// numbers: a conservative mark.
pub fn noise((a, runs_a): (f64, Option<u64>), (b, runs_b): (f64, Option<u64>)) -> f64 {
    let (sa, sb) = (standard_error(a, runs_a), standard_error(b, runs_b));
    2.0 * (sa * sa + sb * sb).sqrt()
}

/// What an item adopts: per option, or on the scale.
#[derive(Serialize)]
#[serde(untagged)]
enum OutcomesJson<'a> {
    /// A scale item: the quantiles of the adopted point.
    Quantiles(QuantilesJson),
    /// An options item: each option's probability of adoption, keyed by option id (sorted).
    Options(BTreeMap<&'a str, f64>),
}

/// The quantiles of a scale item's adopted point, in the keys' alphabetical order.
#[derive(Serialize)]
struct QuantilesJson {
    /// The 25th percentile.
    p25: f64,
    /// The 5th percentile.
    p5: f64,
    /// The median.
    p50: f64,
    /// The 75th percentile.
    p75: f64,
    /// The 95th percentile.
    p95: f64,
}

/// A pivotal group.
#[derive(Serialize)]
struct PivotalJson<'a> {
    /// The group.
    group: &'a str,
    /// The share of runs where it was pivotal.
    share: f64,
}

/// A package deal: two groups, each accepting an option on an item.
#[derive(Serialize)]
struct DealJson<'a> {
    /// What each group gains.
    gains: [f64; 2],
    /// The two groups.
    groups: [&'a str; 2],
    /// The item each group gives on.
    items: [&'a str; 2],
    /// The option each group accepts.
    options: [&'a str; 2],
}

impl<'a> ItemJson<'a> {
    fn of(
        item: &'a concord_core::simulate::ItemResult,
        runs: Option<u64>,
        estimated_weights: &'a [String],
    ) -> ItemJson<'a> {
        let se = |p: f64| standard_error(p, runs);
        ItemJson {
            estimated_weights,
            se: StandardErrorsJson {
                p_adopted: se(item.p_adopted),
                p_carried_forward: se(item.p_carried_forward),
                p_no_change: se(item.p_no_change),
                p_voted: se(item.p_voted),
                p_voted_down: se(item.p_voted_down),
            },
            focal: item.focal.as_ref().map(|o| o.as_str()),
            id: item.id.as_str(),
            median_round: item.median_round,
            no_regional_data: item.no_regional_data,
            outcomes: match item.quantiles {
                Some(q) => OutcomesJson::Quantiles(QuantilesJson {
                    p25: q[1],
                    p5: q[0],
                    p50: q[2],
                    p75: q[3],
                    p95: q[4],
                }),
                None => OutcomesJson::Options(
                    item.outcomes
                        .iter()
                        .map(|(option, p)| (option.as_str(), *p))
                        .collect(),
                ),
            },
            p_adopted: item.p_adopted,
            p_carried_forward: item.p_carried_forward,
            p_no_change: item.p_no_change,
            p_no_prediction: item.p_no_prediction,
            p_voted: item.p_voted,
            p_voted_down: item.p_voted_down,
            pivotal: item
                .pivotal
                .iter()
                .map(|(g, share)| PivotalJson {
                    group: g.as_str(),
                    share: *share,
                })
                .collect(),
        }
    }
}

/// `concord simulate --format json` (see docs/json.md).
pub fn json(conference: &str, result: &SimResult, estimates: &[Vec<String>]) -> String {
    let deals = result
        .deals
        .iter()
        .map(|deal| DealJson {
            gains: [deal.gains.0, deal.gains.1],
            groups: [deal.groups.0.as_str(), deal.groups.1.as_str()],
            items: [deal.gives.0.0.as_str(), deal.gives.1.0.as_str()],
            options: [deal.gives.0.1.as_str(), deal.gives.1.1.as_str()],
        })
        .collect();
    let mut out = crate::report::json::to_string_pretty(&SimulationJson {
        conference,
        deals,
        deals_not_modelled: result.deals_not_modelled,
        items: {
            let runs =
                (result.mode == concord_core::simulate::Mode::Stochastic).then_some(result.runs);
            result
                .items
                .iter()
                .enumerate()
                .map(|(at, i)| ItemJson::of(i, runs, estimates.get(at).map_or(&[], Vec::as_slice)))
                .collect()
        },
        mode: match result.mode {
            Mode::Deterministic => "deterministic",
            Mode::Stochastic => "stochastic",
        },
        runs: result.runs,
        schema_version: SCHEMA_VERSION,
        seed: result.seed,
    })
    .expect("plain data serializes");
    out.push('\n');
    out
}

/// A trace as lines: stage, round, group, item, from → to, why.
pub fn trace(log: &TraceLog, item_filter: Option<&str>, paint: Paint) -> String {
    let option = |option: &Option<OptionId>| {
        option
            .as_ref()
            .map_or_else(|| "nothing".to_owned(), ToString::to_string)
    };
    let keep = |item: &ItemId| item_filter.is_none_or(|id| item.as_str() == id);
    let mut out = String::new();
    for event in &log.events {
        let at = format!(
            "{}, round {}",
            event.stage.as_deref().unwrap_or("end"),
            event.round
        );
        let line = match &event.what {
            What::MoveFirst {
                group,
                item,
                from,
                to,
                pressure,
                rate,
            } if keep(item) => format!(
                "{at}: {group} on {item}: first choice {} → {} (pressure {}, rate {})",
                option(from),
                option(to),
                number(*pressure),
                number(*rate)
            ),
            What::Accept {
                group,
                item,
                option: accepted,
                pressure,
                rate,
            } if keep(item) => format!(
                "{at}: {group} on {item}: now accepts {} (pressure {}, rate {})",
                option(accepted),
                number(*pressure),
                number(*rate)
            ),
            What::Scale {
                group,
                item,
                from,
                to,
                range,
                point,
            } if keep(item) => format!(
                "{at}: {group} on {item}: position {} → {}, accepts {}-{} (towards {})",
                number(*from),
                number(*to),
                number(range.0),
                number(range.1),
                number(*point)
            ),
            What::Deal(deal) if keep(&deal.gives.0.0) || keep(&deal.gives.1.0) => {
                format!("{at}: package deal: {}", deal_sentence(deal))
            }
            What::Aligned { item } if keep(item) => format!("{at}: {item} aligned"),
            What::Ended { item, verdict } if keep(item) => {
                let verdict = match verdict {
                    Verdict::AdoptedAt(point) => format!("adopted at {}", number(*point)),
                    Verdict::AdoptedWith(option) => format!("adopted with {option}"),
                    Verdict::Voted { yes, no } => format!("voted ({yes} for, {no} against)"),
                    Verdict::NoChange => "no change (NOC, by consensus)".into(),
                    Verdict::VotedNoChange { yes, no } => {
                        format!("no change, by a vote ({yes} for the status quo, {no} against)")
                    }
                    Verdict::VoteFailed { yes, no } => {
                        format!("no change (the vote failed: {yes} for, {no} against)")
                    }
                    Verdict::NoPrediction => {
                        "no prediction (no group and no Member State states a position)".into()
                    }
                    Verdict::PrerequisiteCarried => {
                        "carried forward (a prerequisite is carried forward)".into()
                    }
                    Verdict::CarriedForward => "carried forward".into(),
                };
                format!("{}: {verdict}", paint.bold(&format!("end: {item}")))
            }
            _ => continue,
        };
        let _ = writeln!(out, "{line}");
    }
    if out.is_empty() {
        out.push_str("no events\n");
    }
    out
}

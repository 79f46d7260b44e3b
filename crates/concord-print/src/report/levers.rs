//! `sweep` and `sensitivity`: one lever moved, the simulation at each value; view models and
//! their text, Markdown and JSON. Every value is simulated with the same seed, so the runs share
//! their random numbers (common random numbers): a difference between two values is the lever's
//! doing wherever the runs follow the same path, and one smaller than two standard errors is
//! marked as within noise.

use std::fmt::Write;

use serde::Serialize;

use super::json::{SCHEMA_VERSION, pretty_line as to_json};
use super::markdown::table_pipes_only;
use super::style::Paint;
use crate::escape::number::{number, percent};
use concord_core::model::Scenario;
use concord_core::simulate::SimResult;
use concord_core::whatif::{LeverEnds, SweepConfig};

/// Per value of the swept parameter, per item: P(adopted) and P(carried forward).
#[derive(Clone, Debug, PartialEq)]
pub struct SweepView {
    /// The parameter swept, "GROUP.flexibility" or "GROUP.salience", with " on ITEM" when one item
    /// is swept.
    pub label: String,
    /// The item ids shown, in scenario order.
    pub items: Vec<String>,
    /// Per value of the parameter, one (P(adopted), P(carried forward)) per item of `items`.
    pub series: Vec<(f64, Vec<(f64, f64)>)>,
    /// The runs of each simulation (`None`: the deterministic trajectory, which has no noise).
    pub runs: Option<u64>,
    /// Why the lever changes nothing, when the group states no position where it is moved.
    pub idle: Option<String>,
}

/// Whether `a` and `b` (each from `runs` runs) differ by less than two standard errors of their
/// difference ([`noise`](super::simulation::noise)), and differ at all.
fn within_noise(a: f64, b: f64, runs: Option<u64>) -> bool {
    (a - b).abs() > 1e-12 && (a - b).abs() < super::simulation::noise((a, runs), (b, runs))
}

/// Runs of a simulation, when it is stochastic.
fn runs_of(result: &SimResult) -> Option<u64> {
    (result.mode == concord_core::simulate::Mode::Stochastic).then_some(result.runs)
}

const SWEEP_LEGEND: &str =
    "~: within noise of the value above (less than two standard errors apart)";

impl SweepView {
    /// Builds the view from one simulation per value of the parameter.
    pub fn build(sweep: &SweepConfig, series: &[(f64, SimResult)]) -> Self {
        let keep = |id: &str| sweep.item.as_deref().is_none_or(|item| item == id);
        let items = series
            .first()
            .map(|(_, r)| {
                r.items
                    .iter()
                    .map(|i| i.id.to_string())
                    .filter(|id| keep(id))
                    .collect()
            })
            .unwrap_or_default();
        SweepView {
            label: format!(
                "{}.{}{}",
                sweep.group,
                sweep.lever.name(),
                sweep
                    .item
                    .as_ref()
                    .map(|i| format!(" on {i}"))
                    .unwrap_or_default()
            ),
            items,
            series: series
                .iter()
                .map(|(value, result)| {
                    let points = result
                        .items
                        .iter()
                        .filter(|i| keep(i.id.as_str()))
                        .map(|i| (i.p_adopted, i.p_carried_forward))
                        .collect();
                    (*value, points)
                })
                .collect(),
            runs: series.first().and_then(|(_, result)| runs_of(result)),
            idle: None,
        }
    }

    /// The view with the word that the lever is idle, when the group states no position on the
    /// swept item (or on any item): the model weighs stated cells only.
    pub fn with_idle_check(mut self, scenario: &Scenario, sweep: &SweepConfig) -> Self {
        let stated = scenario
            .positions
            .iter()
            .filter(|(group, _)| group.as_str() == sweep.group)
            .flat_map(|(_, positions)| positions.cells.iter())
            .filter(|(item, _)| sweep.item.as_deref().is_none_or(|i| i == item.as_str()))
            .any(|(_, cell)| cell.stance.is_stated());
        if !stated {
            self.idle = Some(format!(
                "idle lever: {} states no position on {}, and only stated cells are weighed: its {} changes nothing",
                sweep.group,
                sweep.item.as_deref().unwrap_or("any item"),
                sweep.lever.name()
            ));
        }
        self
    }

    /// Per value and item, whether (P(adopted), P(carried forward)) are within noise of the
    /// value before (never for the first value).
    fn within_noise(&self) -> Vec<Vec<(bool, bool)>> {
        let mut previous: Option<&Vec<(f64, f64)>> = None;
        self.series
            .iter()
            .map(|(_, points)| {
                let marks = points
                    .iter()
                    .enumerate()
                    .map(|(at, (a, c))| match previous.map(|before| before[at]) {
                        Some((pa, pc)) => (
                            within_noise(*a, pa, self.runs),
                            within_noise(*c, pc, self.runs),
                        ),
                        None => (false, false),
                    })
                    .collect();
                previous = Some(points);
                marks
            })
            .collect()
    }

    fn rows(&self) -> (Vec<String>, Vec<Vec<String>>) {
        let mut header = vec![self.label.clone()];
        header.extend(
            self.items
                .iter()
                .map(|id| format!("{id} adopted / carried forward")),
        );
        let marked = |p: f64, noise: bool| {
            if noise {
                format!("{} ~", percent(p))
            } else {
                percent(p)
            }
        };
        let rows =
            self.series
                .iter()
                .zip(self.within_noise())
                .map(|((value, points), noise)| {
                    let mut row = vec![number(*value)];
                    row.extend(points.iter().zip(noise).map(|((a, c), (na, nc))| {
                        format!("{} / {}", marked(*a, na), marked(*c, nc))
                    }));
                    row
                })
                .collect();
        (header, rows)
    }
}

/// `concord sweep` as a text table: one row per value.
pub fn sweep_text(view: &SweepView, paint: Paint) -> String {
    let (header, rows) = view.rows();
    let header: Vec<&str> = header.iter().map(String::as_str).collect();
    let mut out = super::text::table(&header, &rows, paint);
    if view.within_noise().iter().flatten().any(|(a, c)| *a || *c) {
        let _ = writeln!(out, "{SWEEP_LEGEND}");
    }
    if let Some(idle) = &view.idle {
        let _ = writeln!(out, "{}", crate::escape::text::invisible(idle));
    }
    out
}

/// `concord sweep` as a Markdown table: one row per value.
pub fn sweep_markdown(view: &SweepView) -> String {
    let (header, rows) = view.rows();
    let header: Vec<&str> = header.iter().map(String::as_str).collect();
    let mut out = table_pipes_only(&header, &rows);
    if view.within_noise().iter().flatten().any(|(a, c)| *a || *c) {
        let _ = writeln!(out, "\n{}", crate::escape::markdown::text(SWEEP_LEGEND));
    }
    if let Some(idle) = &view.idle {
        let _ = writeln!(
            out,
            "\n**Caution:** {}",
            crate::escape::markdown::text(idle)
        );
    }
    out
}

/// `concord sweep --format json` (fields in alphabetical order, as [`CompareJson`]).
#[derive(Serialize)]
struct SweepJson<'a> {
    /// Why the lever changes nothing (null: it may change something).
    idle: Option<&'a str>,
    /// The parameter swept.
    parameter: &'a str,
    /// [`SCHEMA_VERSION`].
    schema_version: u32,
    /// One series per item shown, in scenario order.
    series: Vec<SeriesJson<'a>>,
}

/// One item's series, ready to plot.
#[derive(Serialize)]
struct SeriesJson<'a> {
    /// The item's id.
    item: &'a str,
    /// One point per value of the parameter.
    points: Vec<PointJson>,
}

/// The item's probabilities at one value of the parameter.
#[derive(Serialize)]
struct PointJson {
    /// P(adopted).
    p_adopted: f64,
    /// P(carried forward).
    p_carried_forward: f64,
    /// The Monte Carlo standard errors of P(adopted) and P(carried forward) (0: deterministic).
    se: [f64; 2],
    /// The parameter's value.
    value: f64,
    /// Whether P(adopted) and P(carried forward) are within noise of the value before (less
    /// than two standard errors apart; never for the first value).
    within_noise: [bool; 2],
}

/// `concord sweep --format json`: per item, the series ready to plot.
pub fn sweep_json(view: &SweepView) -> String {
    let noise = view.within_noise();
    let series = view
        .items
        .iter()
        .enumerate()
        .map(|(index, id)| SeriesJson {
            item: id,
            points: view
                .series
                .iter()
                .zip(&noise)
                .map(|((value, points), noise)| {
                    let (a, c) = points[index];
                    let se = |p: f64| super::simulation::standard_error(p, view.runs);
                    PointJson {
                        p_adopted: a,
                        p_carried_forward: c,
                        se: [se(a), se(c)],
                        value: *value,
                        within_noise: [noise[index].0, noise[index].1],
                    }
                })
                .collect(),
        })
        .collect();
    to_json(&SweepJson {
        idle: view.idle.as_deref(),
        parameter: &view.label,
        schema_version: SCHEMA_VERSION,
        series,
    })
}

/// A lever: group, parameter, P(adopted) at −0.2 and at +0.2.
pub type Lever = (String, &'static str, f64, f64);

// The view reads the engine's results only: the engine knows how far a lever moves.
const _: () = assert!(concord_core::whatif::SENSITIVITY_DELTA == 0.2);

/// Per item, the levers ranked by effect.
#[derive(Clone, Debug, PartialEq)]
pub struct SensitivityView {
    /// Per item, in scenario order: the levers that move P(adopted), largest effect first.
    pub items: Vec<(String, Vec<Lever>)>,
    /// The runs of each simulation (`None`: deterministic, no noise).
    pub runs: Option<u64>,
}

impl SensitivityView {
    /// Ranks, per item, each lever by how far it moves P(adopted) between −0.2 and +0.2; levers
    /// that do not move it are left out.
    pub fn build(scenario: &Scenario, levers: &[LeverEnds]) -> Self {
        let items = scenario
            .items
            .keys()
            .enumerate()
            .map(|(index, id)| {
                let mut ranked: Vec<Lever> = levers
                    .iter()
                    .map(|lever| {
                        (
                            lever.group.clone(),
                            lever.lever.name(),
                            lever.low.items[index].p_adopted,
                            lever.high.items[index].p_adopted,
                        )
                    })
                    .filter(|(_, _, low, high)| (high - low).abs() > 1e-12)
                    .collect();
                ranked.sort_by(|a, b| (b.3 - b.2).abs().total_cmp(&(a.3 - a.2).abs()));
                (id.to_string(), ranked)
            })
            .collect();
        SensitivityView {
            items,
            runs: levers.first().and_then(|lever| runs_of(&lever.low)),
        }
    }

    fn lines(&self) -> Vec<(String, Vec<String>)> {
        self.items
            .iter()
            .map(|(id, ranked)| {
                let lines = ranked
                    .iter()
                    .take(5)
                    .map(|(group, param, low, high)| {
                        // The effect in points, signed with the same minus as "−0.2".
                        let effect = ((high - low) * 1000.0).round() / 10.0;
                        let signed = if effect < 0.0 {
                            format!("−{}", number(-effect))
                        } else {
                            format!("+{}", number(effect))
                        };
                        format!(
                            "{group} {param}: P(adopted) {} at −0.2, {} at +0.2 ({signed} point{}{})",
                            percent(*low),
                            percent(*high),
                            if (effect.abs() - 1.0).abs() < 1e-9 { "" } else { "s" },
                            if within_noise(*low, *high, self.runs) {
                                ", within noise"
                            } else {
                                ""
                            }
                        )
                    })
                    .collect();
                (id.clone(), lines)
            })
            .collect()
    }
}

/// `concord sensitivity` as text: per item, the five strongest levers.
pub fn sensitivity_text(view: &SensitivityView, paint: Paint) -> String {
    let mut out = String::from(
        "where lobbying pays: each group's flexibility and salience moved by ±0.2 on every item\n",
    );
    for (id, lines) in view.lines() {
        let _ = writeln!(out, "{}", paint.bold(&id));
        if lines.is_empty() {
            out.push_str("  no lever moves it\n");
        }
        for line in lines {
            let _ = writeln!(out, "  {line}");
        }
    }
    out
}

/// `concord sensitivity` as Markdown: per item, the five strongest levers.
pub fn sensitivity_markdown(view: &SensitivityView) -> String {
    let mut out = String::from("**Where lobbying pays** (flexibility and salience ±0.2):\n\n");
    for (id, lines) in view.lines() {
        let _ = writeln!(
            out,
            "- **{id}**: {}",
            if lines.is_empty() {
                "no lever moves it".into()
            } else {
                lines.join("; ")
            }
        );
    }
    out
}

/// `concord sensitivity --format json` (fields in alphabetical order, as [`CompareJson`]).
#[derive(Serialize)]
struct SensitivityJson<'a> {
    /// How far each lever moves: ±0.2.
    delta: f64,
    /// Per item, in scenario order, its levers.
    items: Vec<SensitivityItemJson<'a>>,
    /// [`SCHEMA_VERSION`].
    schema_version: u32,
}

/// One item's levers.
#[derive(Serialize)]
struct SensitivityItemJson<'a> {
    /// The item's id.
    item: &'a str,
    /// The levers that move its P(adopted), largest effect first.
    levers: Vec<LeverJson<'a>>,
}

/// One lever: a group's parameter moved by ±0.2.
#[derive(Serialize)]
struct LeverJson<'a> {
    /// P(adopted) at +0.2 minus P(adopted) at −0.2.
    effect: f64,
    /// The group.
    group: &'a str,
    /// P(adopted) at +0.2.
    p_adopted_high: f64,
    /// P(adopted) at −0.2.
    p_adopted_low: f64,
    /// `flexibility` or `salience`.
    parameter: &'static str,
    /// Whether the effect is smaller than two standard errors of the difference: noise.
    within_noise: bool,
}

/// `concord sensitivity --format json`: every lever of every item.
pub fn sensitivity_json(view: &SensitivityView) -> String {
    let items = view
        .items
        .iter()
        .map(|(id, ranked)| SensitivityItemJson {
            item: id,
            levers: ranked
                .iter()
                .map(|(group, param, low, high)| LeverJson {
                    effect: high - low,
                    group,
                    p_adopted_high: *high,
                    p_adopted_low: *low,
                    parameter: param,
                    within_noise: within_noise(*low, *high, view.runs),
                })
                .collect(),
        })
        .collect();
    to_json(&SensitivityJson {
        delta: 0.2,
        items,
        schema_version: SCHEMA_VERSION,
    })
}

//! `compare`, `sweep` and `sensitivity`: view models and their text, Markdown and JSON.

use std::fmt::Write;

use serde::Serialize;

use super::json::SCHEMA_VERSION;
use super::markdown::table_pipes_only;
use super::style::Paint;
use super::view::cell_label;
use crate::escape::markdown::cell_pipes_only;
use crate::escape::number::{number, percent};
use concord_core::analysis::{Analysis, Compromise};
use concord_core::model::Scenario;
use concord_core::simulate::SimResult;
use concord_core::whatif::{LeverEnds, SweepConfig};

/// One item on both sides: (A, B) for each measure.
#[derive(Clone, Debug, PartialEq)]
pub struct CompareRow {
    /// The item's id.
    pub id: String,
    /// The status with its coverage (text: in words; JSON: the status's name).
    pub status: (super::view::Standing, super::view::Standing),
    /// The top compromise (the option or the scale point), or "none".
    pub compromise: (String, String),
    /// How many pairs of stated groups conflict.
    pub conflicts: (usize, usize),
    /// P(adopted), 0-1; `None` where the model makes no prediction (nothing known).
    pub p_adopted: (Option<f64>, Option<f64>),
    /// P(carried forward), 0-1; `None` where the model makes no prediction.
    pub p_carried_forward: (Option<f64>, Option<f64>),
    /// Two standard errors of the difference in P(adopted) and in P(carried forward) (0 for the
    /// deterministic trajectory): a smaller difference is Monte Carlo noise.
    pub noise: (f64, f64),
    /// B's stated groups whose salience or flexibility is an estimate, in words ("ATU
    /// salience"): B's result rests on them.
    pub estimates: Vec<String>,
}

impl CompareRow {
    /// Whether any measure differs between A and B beyond Monte Carlo noise (probabilities by
    /// at least two standard errors of the difference, or to within 1e-12 without runs).
    pub fn changed(&self) -> bool {
        self.status.0 != self.status.1
            || self.compromise.0 != self.compromise.1
            || self.conflicts.0 != self.conflicts.1
            || beyond_noise(self.p_adopted, self.noise.0)
            || beyond_noise(self.p_carried_forward, self.noise.1)
    }
}

/// Whether two probabilities differ (to within 1e-12), or one is there and the other not.
fn differs(pair: (Option<f64>, Option<f64>)) -> bool {
    match pair {
        (Some(a), Some(b)) => (a - b).abs() > 1e-12,
        (a, b) => a.is_some() != b.is_some(),
    }
}

/// Whether two probabilities differ by more than `noise` (or one is there and the other not).
fn beyond_noise(pair: (Option<f64>, Option<f64>), noise: f64) -> bool {
    match pair {
        (Some(a), Some(b)) => differs(pair) && (a - b).abs() >= noise,
        _ => differs(pair),
    }
}

/// A probability, unless the item has no prediction.
fn predicted(item: &concord_core::simulate::ItemResult, p: f64) -> Option<f64> {
    (item.p_no_prediction < 1.0).then_some(p)
}

/// `concord compare`: two scenarios, or one without and with what-if changes, item by item.
#[derive(Clone, Debug, PartialEq)]
pub struct CompareView {
    /// One row per item in both, in A's order; text and Markdown show only those that changed.
    pub rows: Vec<CompareRow>,
    /// "GROUP on ITEM: old → new".
    pub cells: Vec<String>,
    /// Items only in A.
    pub only_in_a: Vec<String>,
    /// Items only in B.
    pub only_in_b: Vec<String>,
}

fn top(analysis: &concord_core::analysis::ItemAnalysis) -> String {
    match &analysis.compromise {
        Compromise::Options(ranked) => ranked.first().map_or("none".into(), |(o, _)| o.to_string()),
        Compromise::Scale { point, .. } => point.map_or("none".into(), number),
    }
}

impl CompareView {
    /// Compares A and B, each with its analysis and simulation.
    pub fn build(
        a: (&Scenario, &Analysis, &SimResult),
        b: (&Scenario, &Analysis, &SimResult),
    ) -> Self {
        let diff = concord_core::analysis::diff((a.0, a.1), (b.0, b.1));
        let rows =
            a.1.items
                .iter()
                .zip(&a.2.items)
                .filter_map(|(item_a, sim_a)| {
                    let index = b.1.items.iter().position(|i| i.item == item_a.item)?;
                    let (item_b, sim_b) = (&b.1.items[index], &b.2.items[index]);
                    let runs = |sim: &SimResult| {
                        (sim.mode == concord_core::simulate::Mode::Stochastic).then_some(sim.runs)
                    };
                    let noise = |pa: f64, pb: f64| {
                        let (sa, sb) = (
                            super::simulation::standard_error(pa, runs(a.2)),
                            super::simulation::standard_error(pb, runs(b.2)),
                        );
                        2.0 * (sa * sa + sb * sb).sqrt()
                    };
                    Some(CompareRow {
                        noise: (
                            noise(sim_a.p_adopted, sim_b.p_adopted),
                            noise(sim_a.p_carried_forward, sim_b.p_carried_forward),
                        ),
                        id: item_a.item.to_string(),
                        estimates: super::view::estimated_weights(b.0, &item_b.item),
                        status: (
                            super::view::Standing::of(item_a),
                            super::view::Standing::of(item_b),
                        ),
                        compromise: (top(item_a), top(item_b)),
                        conflicts: (item_a.conflict_count(), item_b.conflict_count()),
                        p_adopted: (
                            predicted(sim_a, sim_a.p_adopted),
                            predicted(sim_b, sim_b.p_adopted),
                        ),
                        p_carried_forward: (
                            predicted(sim_a, sim_a.p_carried_forward),
                            predicted(sim_b, sim_b.p_carried_forward),
                        ),
                    })
                })
                .collect();
        CompareView {
            rows,
            cells: diff
                .cells
                .iter()
                .map(|(group, item, old, new)| {
                    format!(
                        "{group} on {item}: {} → {}",
                        cell_label(old),
                        cell_label(new)
                    )
                })
                .chain(
                    diff.cell_fields
                        .iter()
                        .filter(|(_, _, field)| !is_what_if_mark(field))
                        .map(|(group, item, field)| {
                            let (name, old, new) = super::diff_words::cell_field(field);
                            format!("{group} on {item}: {name} {old} → {new}")
                        }),
                )
                .collect(),
            only_in_a: diff.items_removed.iter().map(ToString::to_string).collect(),
            only_in_b: diff.items_added.iter().map(ToString::to_string).collect(),
        }
    }
}

/// Whether a field change is only the mark a what-if change leaves on the cell's provenance
/// (`illustrative: what-if: …`), which the change's own line already says.
fn is_what_if_mark(field: &concord_core::analysis::CellField) -> bool {
    matches!(
        field,
        concord_core::analysis::CellField::Provenance(_, concord_core::model::Provenance::Illustrative { note, .. })
            if note.starts_with("what-if: ")
    )
}

fn arrow<T: PartialEq + std::fmt::Display>(pair: &(T, T)) -> String {
    if pair.0 == pair.1 {
        pair.0.to_string()
    } else {
        format!("{} → {}", pair.0, pair.1)
    }
}

fn arrow_p(pair: (Option<f64>, Option<f64>), noise: f64) -> String {
    let shown = |p: Option<f64>| p.map_or("no prediction".into(), percent);
    match pair {
        (Some(a), Some(b)) if differs(pair) && (a - b).abs() < noise => {
            format!("{} → {} (within noise)", shown(pair.0), shown(pair.1))
        }
        _ if differs(pair) => format!("{} → {}", shown(pair.0), shown(pair.1)),
        _ => shown(pair.0),
    }
}

const COMPARE_HEADER: [&str; 6] = [
    "item",
    "status",
    "top compromise",
    "conflicts",
    "P(adopted)",
    "P(carried forward)",
];

fn compare_rows(view: &CompareView) -> Vec<Vec<String>> {
    view.rows
        .iter()
        .filter(|row| row.changed())
        .map(|row| {
            vec![
                row.id.clone(),
                arrow(&row.status),
                arrow(&row.compromise),
                arrow(&row.conflicts),
                arrow_p(row.p_adopted, row.noise.0),
                arrow_p(row.p_carried_forward, row.noise.1),
            ]
        })
        .collect()
}

/// `concord compare` as text: cells changed, then the items that change.
pub fn compare_text(view: &CompareView, paint: Paint) -> String {
    let rows = compare_rows(view);
    let mut out = String::new();
    if rows.is_empty()
        && view.cells.is_empty()
        && view.only_in_a.is_empty()
        && view.only_in_b.is_empty()
    {
        out.push_str("no change\n");
        return out;
    }
    if !view.cells.is_empty() {
        let _ = writeln!(out, "{}", paint.bold("cells changed"));
        for cell in &view.cells {
            let _ = writeln!(out, "  {cell}");
        }
    }
    if !rows.is_empty() {
        let _ = writeln!(out, "{}", paint.bold("items that change (A → B)"));
        out.push_str(&super::text::table(&COMPARE_HEADER, &rows, paint));
        let estimates = estimate_lines(view);
        if !estimates.is_empty() {
            let _ = writeln!(out, "{}", paint.bold(ESTIMATES_TITLE));
            for line in estimates {
                let _ = writeln!(out, "  {line}");
            }
        }
    }
    for (label, items) in [
        ("only in A", &view.only_in_a),
        ("only in B", &view.only_in_b),
    ] {
        if !items.is_empty() {
            let _ = writeln!(out, "{label}: {}", items.join(", "));
        }
    }
    out
}

/// `concord compare` as Markdown: cells changed, then the items that change.
pub fn compare_markdown(view: &CompareView) -> String {
    let rows = compare_rows(view);
    let mut out = String::new();
    if !view.cells.is_empty() {
        out.push_str("**Cells changed:**\n\n");
        for cell in &view.cells {
            let _ = writeln!(out, "- {}", cell_pipes_only(cell));
        }
        out.push('\n');
    }
    if rows.is_empty() {
        out.push_str("No item changes.\n");
    } else {
        out.push_str(&table_pipes_only(&COMPARE_HEADER, &rows));
        let estimates = estimate_lines(view);
        if !estimates.is_empty() {
            let _ = writeln!(out, "\n**{}:**\n", capitalised(ESTIMATES_TITLE));
            for line in estimates {
                let _ = writeln!(out, "- {}", cell_pipes_only(&line));
            }
        }
    }
    out
}

const ESTIMATES_TITLE: &str =
    "B rests on estimates (a salience or flexibility estimated, or the 0.5 default)";

fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|first| first.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// "ITEM: ATU salience, CEPT flexibility" for each item shown that rests on estimates.
fn estimate_lines(view: &CompareView) -> Vec<String> {
    view.rows
        .iter()
        .filter(|row| row.changed() && !row.estimates.is_empty())
        .map(|row| format!("{}: {}", row.id, row.estimates.join(", ")))
        .collect()
}

/// `concord compare --format json` (fields in alphabetical order: the order the contract has
/// always had, from when it was built through serde_json's sorted map).
#[derive(Serialize)]
struct CompareJson<'a> {
    /// "GROUP on ITEM: old → new".
    cells: &'a [String],
    /// Every item in both, in A's order.
    items: Vec<CompareItemJson<'a>>,
    /// Items only in A.
    only_in_a: &'a [String],
    /// Items only in B.
    only_in_b: &'a [String],
    /// [`SCHEMA_VERSION`].
    schema_version: u32,
}

/// One item on both sides: `[A, B]` for each measure.
#[derive(Serialize)]
struct CompareItemJson<'a> {
    /// Whether any measure differs between A and B.
    changed: bool,
    /// The top compromise (the option or the scale point), or "none".
    compromise: [&'a str; 2],
    /// How many pairs of stated groups conflict.
    conflicts: [usize; 2],
    /// B's stated groups whose salience or flexibility is an estimate ("ATU salience").
    estimates: &'a [String],
    /// The item's id.
    id: &'a str,
    /// Two standard errors of the difference in P(adopted) and in P(carried forward): a
    /// smaller difference is Monte Carlo noise (0 for the deterministic trajectory).
    noise: [f64; 2],
    /// P(adopted), 0-1 (null: no prediction).
    p_adopted: [Option<f64>; 2],
    /// P(carried forward), 0-1 (null: no prediction).
    p_carried_forward: [Option<f64>; 2],
    /// The status's name.
    status: [&'a str; 2],
}

/// `concord compare --format json`: every item, with whether it changed.
pub fn compare_json(view: &CompareView) -> String {
    to_json(&CompareJson {
        cells: &view.cells,
        items: view
            .rows
            .iter()
            .map(|row| CompareItemJson {
                changed: row.changed(),
                compromise: [&row.compromise.0, &row.compromise.1],
                conflicts: [row.conflicts.0, row.conflicts.1],
                estimates: &row.estimates,
                id: &row.id,
                noise: [row.noise.0, row.noise.1],
                p_adopted: [row.p_adopted.0, row.p_adopted.1],
                p_carried_forward: [row.p_carried_forward.0, row.p_carried_forward.1],
                status: [row.status.0.status.name(), row.status.1.status.name()],
            })
            .collect(),
        only_in_a: &view.only_in_a,
        only_in_b: &view.only_in_b,
        schema_version: SCHEMA_VERSION,
    })
}

/// Pretty JSON through the one float formatter, with a final newline.
fn to_json<T: Serialize>(value: &T) -> String {
    let mut out = crate::report::json::to_string_pretty(value).expect("plain data serializes");
    out.push('\n');
    out
}

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
}

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
        }
    }

    fn rows(&self) -> (Vec<String>, Vec<Vec<String>>) {
        let mut header = vec![self.label.clone()];
        header.extend(
            self.items
                .iter()
                .map(|id| format!("{id} adopted / carried forward")),
        );
        let rows = self
            .series
            .iter()
            .map(|(value, points)| {
                let mut row = vec![number(*value)];
                row.extend(
                    points
                        .iter()
                        .map(|(a, c)| format!("{} / {}", percent(*a), percent(*c))),
                );
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
    super::text::table(&header, &rows, paint)
}

/// `concord sweep` as a Markdown table: one row per value.
pub fn sweep_markdown(view: &SweepView) -> String {
    let (header, rows) = view.rows();
    let header: Vec<&str> = header.iter().map(String::as_str).collect();
    table_pipes_only(&header, &rows)
}

/// `concord sweep --format json` (fields in alphabetical order, as [`CompareJson`]).
#[derive(Serialize)]
struct SweepJson<'a> {
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
    /// The parameter's value.
    value: f64,
}

/// `concord sweep --format json`: per item, the series ready to plot.
pub fn sweep_json(view: &SweepView) -> String {
    let series = view
        .items
        .iter()
        .enumerate()
        .map(|(index, id)| SeriesJson {
            item: id,
            points: view
                .series
                .iter()
                .map(|(value, points)| PointJson {
                    p_adopted: points[index].0,
                    p_carried_forward: points[index].1,
                    value: *value,
                })
                .collect(),
        })
        .collect();
    to_json(&SweepJson {
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
        SensitivityView { items }
    }

    fn lines(&self) -> Vec<(String, Vec<String>)> {
        self.items
            .iter()
            .map(|(id, ranked)| {
                let lines = ranked
                    .iter()
                    .take(5)
                    .map(|(group, param, low, high)| {
                        format!(
                            "{group} {param}: P(adopted) {} at −0.2, {} at +0.2 ({:+} points)",
                            percent(*low),
                            percent(*high),
                            (((high - low) * 1000.0).round() / 10.0)
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

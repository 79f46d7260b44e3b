//! `compare`: its view model and its text, Markdown and JSON; `sweep` and `sensitivity` are in
//! [`levers`](super::levers), re-exported here.

use std::fmt::Write;

use serde::Serialize;

use super::json::{SCHEMA_VERSION, pretty_line as to_json};
use super::markdown::table_pipes_only;
use super::style::Paint;
use super::view::cell_label;
use crate::escape::markdown::cell_pipes_only;
use crate::escape::number::{number, percent};
use concord_core::analysis::{Analysis, Compromise};
use concord_core::model::Scenario;
use concord_core::simulate::SimResult;

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
    /// Compares A and B, each with its analysis and simulation, showing what the focus shows
    /// (`Focus::all()`: everything).
    pub fn build(
        a: (&Scenario, &Analysis, &SimResult),
        b: (&Scenario, &Analysis, &SimResult),
        focus: &concord_core::focus::Focus,
    ) -> Self {
        let mut diff = concord_core::analysis::diff((a.0, a.1), (b.0, b.1));
        focus.narrow_diff(&mut diff);
        let rows = a
            .1
            .items
            .iter()
            .zip(&a.2.items)
            .filter(|(item_a, _)| focus.shows_item(&item_a.item))
            .filter_map(|(item_a, sim_a)| {
                let index = b.1.items.iter().position(|i| i.item == item_a.item)?;
                let (item_b, sim_b) = (&b.1.items[index], &b.2.items[index]);
                let runs = |sim: &SimResult| {
                    (sim.mode == concord_core::simulate::Mode::Stochastic).then_some(sim.runs)
                };
                let noise =
                    |pa: f64, pb: f64| super::simulation::noise((pa, runs(a.2)), (pb, runs(b.2)));
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
                        // A weight on a cell stating no position is weighed nowhere: not a
                        // change (the `idle-lever` warning says so).
                        .filter(|(group, item, field)| {
                            !matches!(
                                field,
                                concord_core::analysis::CellField::Salience(..)
                                    | concord_core::analysis::CellField::Flexibility(..)
                            ) || b.0.cell(group, item).stance.is_stated()
                        })
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
            let _ = writeln!(out, "  {}", crate::escape::text::one_line(cell));
        }
    }
    if rows.is_empty() {
        out.push_str("no item changes\n");
    } else {
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

const ESTIMATES_TITLE: &str = "B rests on estimates (a position estimated or illustrative, a salience or flexibility estimated, or the 0.5 default)";

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

pub use super::levers::*;

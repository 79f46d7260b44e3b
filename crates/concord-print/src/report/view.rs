//! The view models of the analysis commands: plain data with every label already in the field's
//! vocabulary, built once and rendered by `text`, `markdown`, `csv` (JSON has its own types in
//! `json`).

pub use super::summary::Coverage;
pub use crate::escape::number::number;
use concord_core::analysis::{Analysis, GroupCell, ItemAnalysis, ItemStatus, Stated};
use concord_core::id::GroupId;
use concord_core::model::{Basis, Cell, OutcomeKind, Outcomes, Provenance, Scenario, Stance};

use super::Summary;

mod item;

/// `concord report`.
#[derive(Clone, Debug, PartialEq)]
pub struct ReportView {
    /// The scenario's summary, shown first.
    pub summary: Summary,
    /// (status, number of items) for each status, then for "at risk of carry-forward".
    pub counts: Vec<(String, usize)>,
    /// "ITEM: reason" for each item at risk of carry-forward, in scenario order.
    pub at_risk: Vec<String>,
    /// How much is known.
    pub known: Coverage,
    /// One view per agenda item, in scenario order.
    pub items: Vec<ItemView>,
}

/// One agenda item of `concord report`, every label ready to print.
#[derive(Clone, Debug, PartialEq)]
pub struct ItemView {
    /// The item's id.
    pub id: String,
    /// Its title.
    pub title: String,
    /// Its governing document, when given.
    pub document: Option<String>,
    /// Its status.
    pub status: ItemStatus,
    /// One line per option: id, label, action, status quo, and who prefers, accepts, opposes it.
    pub options: Vec<OptionLine>,
    /// Scale items: one line per stated group.
    pub scale_positions: Vec<String>,
    /// The ranked compromises with W(o) ("stable (W 71.5) > noc (W 0)"), the scale point and zone,
    /// or "none".
    pub compromise: String,
    /// The first [`SHOWN_CONFLICTS`] conflicting pairs, in group order.
    pub conflicts: Vec<String>,
    /// How many more pairs conflict than are shown.
    pub more_conflicts: usize,
    /// 0-1; `None` when insufficient or no stated group has weight.
    pub contention: Option<f64>,
    /// "CEPT, CITEL on stable (capability 143)"; `None` when nobody accepts anything.
    pub largest_coalition: Option<String>,
    /// The blocking set ("ATU"), "none needed" when aligned; `None` when insufficient or nobody
    /// accepts anything.
    pub blocking: Option<String>,
    /// "COM (ATU × ARB)": each state in both groups of a conflicting pair.
    pub cross_pressured: Vec<String>,
    /// "to PP-18: reason", or the reason alone without a next conference; `None` when not at risk.
    pub at_risk: Option<String>,
    /// Groups not stated, by kind, each with its reason when it has one.
    pub not_stated: Vec<(String, Vec<String>)>,
    /// What each group's adoption rule made of its member tallies, in group order.
    pub adoption: Vec<String>,
    /// Group-aware consensus of each option with member tallies, with its size-robust variant.
    pub consensus: Vec<String>,
    /// "USA (in CITEL): prefers noc; opposes imt — note": positions of single member states on the
    /// item.
    pub member_states: Vec<String>,
    /// The recorded outcome in words, shown beside the analysis; `None` when there is none.
    pub recorded_outcome: Option<String>,
}

/// One option of an options item, with who prefers, accepts and opposes it.
#[derive(Clone, Debug, PartialEq)]
pub struct OptionLine {
    /// The option's id.
    pub id: String,
    /// What it says.
    pub label: String,
    /// The ITU action or CPM method (`NOC`, `ADD*`, `Method A`), when given.
    pub action: Option<String>,
    /// Whether it is the status quo.
    pub status_quo: bool,
    /// W(o).
    pub weight: Option<f64>,
    /// The stated groups that prefer it.
    pub prefers: Vec<String>,
    /// The stated groups that accept it without preferring it, each with its condition and
    /// "(confidential)" for a fallback.
    pub accepts: Vec<String>,
    /// The stated groups that red-line it, "(confidential)" for a confidential red line.
    pub opposes: Vec<String>,
}

/// The provenance mark of a cell: `S` sourced, `E` sourced with estimated salience or
/// flexibility, `I` illustrative, `-` none given; empty for an unknown cell.
pub fn provenance_mark(cell: &Cell) -> &'static str {
    match (&cell.provenance, &cell.stance) {
        (_, Stance::Unknown) => "",
        (Provenance::Sourced { .. }, stance) => {
            if stance.is_stated()
                && (cell.salience.basis != Basis::Sourced
                    || cell.flexibility.basis != Basis::Sourced)
            {
                "E"
            } else {
                "S"
            }
        }
        (Provenance::Illustrative { .. }, _) => "I",
        (Provenance::Missing | Provenance::Implicit | Provenance::Later, _) => "-",
    }
}

/// A cell in the field's vocabulary: "prefers a; accepts b if …; opposes c", "accepts a or b",
/// "at 60 (accepts 50-70)", "no position yet", "no proposal", "unknown", "no common proposal".
pub fn cell_label(cell: &GroupCell) -> String {
    match (cell.stated(), cell.not_stated()) {
        (Some(Stated::Options(stance)), _) => {
            let mut parts = Vec::new();
            let mut accepted = stance.accepts.iter().peekable();
            if let Some(preferred) = &stance.prefers {
                parts.push(format!("prefers {preferred}"));
                if accepted.peek().is_some_and(|a| &a.option == preferred) {
                    accepted.next();
                }
            }
            let accepted: Vec<String> = accepted
                .map(|a| {
                    let mut text = a.option.to_string();
                    if let Some(condition) = &a.condition {
                        text.push_str(&format!(" {}", condition_clause(condition)));
                    }
                    if a.confidential {
                        text.push_str(" (confidential)");
                    }
                    text
                })
                .collect();
            if !accepted.is_empty() {
                let verb = if stance.prefers.is_some() {
                    "also accepts"
                } else {
                    "accepts"
                };
                parts.push(format!("{verb} {}", accepted.join(" or ")));
            }
            if !stance.opposes.is_empty() {
                let opposed: Vec<String> = stance
                    .opposes
                    .iter()
                    .map(|(option, confidential)| {
                        if *confidential {
                            format!("{option} (confidential)")
                        } else {
                            option.to_string()
                        }
                    })
                    .collect();
                parts.push(format!("opposes {}", opposed.join(" and ")));
            }
            parts.join("; ")
        }
        (Some(Stated::Scale(scale)), _) => {
            format!(
                "at {} (accepts {}-{})",
                number(scale.at),
                number(scale.range.0),
                number(scale.range.1)
            )
        }
        (None, Some(not_stated)) => not_stated.label().to_owned(),
        (None, None) => "unknown".to_owned(),
    }
}

/// A condition as a clause: "if …" unless it already reads as one ("only if …", "provided …").
pub fn condition_clause(condition: &str) -> String {
    let first = condition
        .split_whitespace()
        .next()
        .unwrap_or_default()
        .to_lowercase();
    if [
        "if", "only", "unless", "provided", "subject", "when", "as", "once",
    ]
    .contains(&first.as_str())
    {
        condition.to_owned()
    } else {
        format!("if {condition}")
    }
}

/// A stance as a model file writes it, in words: "prefers noc; accepts r1 if …; opposes imt" (a
/// member state's own position in the report and the brief).
pub fn stance_words(stance: &Stance) -> String {
    match stance {
        Stance::Options(s) => {
            let mut parts = Vec::new();
            if let Some(preferred) = &s.prefers {
                parts.push(format!("prefers {preferred}"));
            }
            let accepted: Vec<String> = s
                .accepts
                .iter()
                .filter(|a| Some(&a.option) != s.prefers.as_ref())
                .map(|a| match &a.condition {
                    Some(condition) => format!("{} {condition}", a.option),
                    None => a.option.to_string(),
                })
                .collect();
            if !accepted.is_empty() {
                parts.push(format!("accepts {}", accepted.join(", ")));
            }
            if !s.opposes.is_empty() {
                parts.push(format!(
                    "opposes {}",
                    s.opposes
                        .iter()
                        .map(concord_core::id::OptionId::as_str)
                        .collect::<Vec<_>>()
                        .join(", ")
                ));
            }
            parts.join("; ")
        }
        Stance::Scale(s) => format!("at {}", number(s.at)),
        Stance::NoPositionYet => "no position yet".into(),
        Stance::NoProposal => "no proposal".into(),
        Stance::Unknown => "unknown".into(),
    }
}

fn group_list(groups: &[GroupId]) -> String {
    groups
        .iter()
        .map(GroupId::as_str)
        .collect::<Vec<_>>()
        .join(", ")
}

/// A recorded outcome in words: "adopted (`stable`): summary — source".
pub fn outcome_label(outcome: &concord_core::model::Outcome) -> String {
    let result = match &outcome.result {
        OutcomeKind::Adopted => "adopted".to_owned(),
        OutcomeKind::Revised => "revised".to_owned(),
        OutcomeKind::NotAdopted => "not adopted".to_owned(),
        OutcomeKind::Voted => "voted".to_owned(),
        OutcomeKind::CarriedForward(to) => format!("carried forward to {to}"),
    };
    let what = match (&outcome.option, outcome.point) {
        (Some(option), _) => format!(" (`{option}`)"),
        (None, Some(point)) => format!(" (at {})", number(point)),
        (None, None) => String::new(),
    };
    format!("{result}{what}: {} — {}", outcome.summary, outcome.source)
}

impl ReportView {
    /// Builds the view from the analysis (items in parallel, kept in scenario order); the recorded
    /// outcomes are only shown.
    pub fn build(
        scenario: &Scenario,
        analysis: &Analysis,
        outcomes: Option<&Outcomes>,
        summary: Summary,
    ) -> Self {
        let counts = vec![
            ("unanimous".to_owned(), analysis.counts.unanimous),
            ("compromise".to_owned(), analysis.counts.compromise),
            ("contested".to_owned(), analysis.counts.contested),
            ("insufficient".to_owned(), analysis.counts.insufficient),
            (
                "at risk of carry-forward".to_owned(),
                analysis.counts.at_risk,
            ),
        ];
        let at_risk = analysis
            .items
            .iter()
            .filter_map(|item| {
                item.at_risk.as_ref().map(|risk| {
                    format!(
                        "{}: {}",
                        item.item,
                        crate::report::reasons::risk(&risk.reason)
                    )
                })
            })
            .collect();
        // Independent per item: built in parallel, collected in order.
        let items = concord_core::parallel::map(&analysis.items, |item| {
            item::item_view(scenario, item, outcomes)
        });
        ReportView {
            summary,
            counts,
            at_risk,
            known: Coverage::of(analysis),
            items,
        }
    }
}

/// The conflicting pairs a human-readable report lists per item; the rest are counted (50 groups
/// can make a thousand pairs on one item, which nobody reads). JSON and CSV list them all.
pub const SHOWN_CONFLICTS: usize = 20;

/// "CEPT × ATU: no option both accept; …", one per conflicting pair, the first `limit` of them.
pub fn conflict_lines(analysis: &ItemAnalysis, limit: usize) -> Vec<String> {
    analysis
        .conflicts()
        .take(limit)
        .map(|conflict| {
            format!(
                "{} × {}: {}",
                conflict.groups.0,
                conflict.groups.1,
                crate::report::reasons::conflict(&conflict)
            )
        })
        .collect()
}

fn blocking_label(analysis: &ItemAnalysis) -> Option<String> {
    analysis.blocking.as_ref().map(|blocking| {
        if blocking.is_empty() {
            "none needed".to_owned()
        } else {
            group_list(blocking)
        }
    })
}

/// An item id, its status, and one (label, provenance mark) per group.
pub type MatrixRow = (String, ItemStatus, Vec<(String, &'static str)>);

/// `concord matrix`: items × groups, each cell in the field's vocabulary with its provenance mark.
#[derive(Clone, Debug, PartialEq)]
pub struct MatrixView {
    /// The group ids, in group order: the columns.
    pub groups: Vec<String>,
    /// (item id, status, one cell per group: label and mark).
    pub rows: Vec<MatrixRow>,
}

impl MatrixView {
    /// One row per item, in scenario order, one cell per group.
    pub fn build(scenario: &Scenario, analysis: &Analysis) -> Self {
        MatrixView {
            groups: scenario.groups.keys().map(ToString::to_string).collect(),
            rows: analysis
                .items
                .iter()
                .map(|item| {
                    let cells = item
                        .cells
                        .iter()
                        .map(|cell| {
                            let model_cell = scenario.cell(&cell.group, &item.item);
                            (cell_label(cell), provenance_mark(model_cell))
                        })
                        .collect();
                    (item.item.to_string(), item.status, cells)
                })
                .collect(),
        }
    }
}

impl MatrixView {
    /// The header and rows every tabular format shows: item, status, one labelled cell per group.
    pub fn table(&self) -> (Vec<String>, Vec<Vec<String>>) {
        let mut header = vec!["item".to_owned(), "status".to_owned()];
        header.extend(self.groups.iter().cloned());
        let rows = self
            .rows
            .iter()
            .map(|(item, status, cells)| {
                let mut row = vec![item.clone(), status.name().to_owned()];
                row.extend(cells.iter().map(|(label, mark)| {
                    if mark.is_empty() {
                        label.clone()
                    } else {
                        format!("{label} [{mark}]")
                    }
                }));
                row
            })
            .collect();
        (header, rows)
    }
}

/// The agreement matrix as a header and rows: "share (items compared)", `—` on the diagonal,
/// `n/a` where two groups are never stated on the same item.
pub fn blocs_table(blocs: &concord_core::analysis::Blocs) -> (Vec<String>, Vec<Vec<String>>) {
    let mut header = vec![String::new()];
    header.extend(blocs.groups.iter().map(ToString::to_string));
    let rows = blocs
        .groups
        .iter()
        .enumerate()
        .map(|(g, group)| {
            let mut row = vec![group.to_string()];
            row.extend((0..blocs.groups.len()).map(|h| {
                if g == h {
                    "—".to_owned()
                } else {
                    blocs.agreement[g][h].map_or("n/a".to_owned(), |a| {
                        format!("{} ({})", number(a), blocs.shared[g][h])
                    })
                }
            }));
            row
        })
        .collect();
    (header, rows)
}

/// An item's contention for the report: its value; for an item with fewer than two stated
/// groups, `insufficient`; else "undefined (no weight)".
pub fn item_contention(contention: Option<f64>, status: ItemStatus, insufficient: &str) -> String {
    match contention {
        Some(contention) => number(contention),
        None if status == ItemStatus::Insufficient => insufficient.to_owned(),
        None => UNDEFINED_CONTENTION.to_owned(),
    }
}

/// A contention as people read it: its value, or "undefined (no weight)".
pub fn contention_label(contention: Option<f64>) -> String {
    contention.map_or_else(|| UNDEFINED_CONTENTION.to_owned(), number)
}

/// What a contention is when the stated groups weigh nothing.
pub const UNDEFINED_CONTENTION: &str = "undefined (no weight)";

/// `concord contested`: items by contention, most contested first, with what divides whom.
#[derive(Clone, Debug, PartialEq)]
pub struct ContestedView {
    /// (item id, title, status, contention, conflicts, blocking set).
    pub rows: Vec<ContestedRow>,
}

/// One item of `concord contested`.
#[derive(Clone, Debug, PartialEq)]
pub struct ContestedRow {
    /// The item's id.
    pub id: String,
    /// Its title.
    pub title: String,
    /// Its status.
    pub status: ItemStatus,
    /// Its contention, 0-1; `None` when its stated groups weigh nothing (zero saliences or
    /// capabilities): undefined, and listed last.
    pub contention: Option<f64>,
    /// The first conflicting pairs (as many as the view was built to list).
    pub conflicts: Vec<String>,
    /// How many more pairs conflict than are listed.
    pub more_conflicts: usize,
    /// The blocking set, "none needed" when aligned; `None` when nobody accepts anything.
    pub blocking: Option<String>,
}

impl ContestedView {
    /// Items with a contention, highest first (ties in scenario order), each listing at most
    /// `limit` conflicting pairs (human formats: [`SHOWN_CONFLICTS`]; JSON and CSV: all).
    pub fn build(scenario: &Scenario, analysis: &Analysis, limit: usize) -> Self {
        // Every item with two or more stated groups: one whose groups weigh nothing has no
        // contention, but is still a matter of dispute to list.
        let rows = concord_core::parallel::map(&analysis.items, |item| {
            (item.contention.is_some() || item.status != ItemStatus::Insufficient).then(|| {
                ContestedRow {
                    id: item.item.to_string(),
                    title: scenario.items[&item.item].title.clone(),
                    status: item.status,
                    contention: item.contention,
                    conflicts: conflict_lines(item, limit),
                    more_conflicts: item.conflict_count().saturating_sub(limit),
                    blocking: blocking_label(item),
                }
            })
        });
        let mut rows: Vec<ContestedRow> = rows.into_iter().flatten().collect();
        // Highest first; undefined last (a stable sort keeps scenario order among equals).
        rows.sort_by(|a, b| match (a.contention, b.contention) {
            (Some(a), Some(b)) => b.total_cmp(&a),
            (Some(_), None) => std::cmp::Ordering::Less,
            (None, Some(_)) => std::cmp::Ordering::Greater,
            (None, None) => std::cmp::Ordering::Equal,
        });
        ContestedView { rows }
    }
}

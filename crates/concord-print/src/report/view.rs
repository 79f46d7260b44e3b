//! The view models of the analysis commands: typed data (ids, the analysis' own types, numbers),
//! built once; `view_words` words them for `text`, `markdown`, `csv` and `json`. The cell's own
//! words (`cell_label`, `stance_words`) stay here, shared with the brief.

pub use super::summary::Coverage;
pub use crate::escape::number::number;
use concord_core::analysis::{
    AdoptionNote, Analysis, Coalition, Compromise, Conflict, CrossPressure, EffectiveScale,
    GroupAwareConsensus, GroupCell, ItemAnalysis, ItemStatus, Risk, RiskReason, Stated,
    StatusCounts,
};
use concord_core::id::{GroupId, ItemId, OptionId, StateId};
use concord_core::model::{Action, Basis, Cell, Outcome, Outcomes, Provenance, Scenario, Stance};

use super::Summary;

mod item;

/// `concord report`.
#[derive(Clone, Debug)]
pub struct ReportView {
    /// The scenario's summary, shown first.
    pub summary: Summary,
    /// How many items have each status, and how many are at risk of carry-forward.
    pub counts: StatusCounts,
    /// Each item at risk of carry-forward with its reason, in scenario order.
    pub at_risk: Vec<(ItemId, RiskReason)>,
    /// How much is known.
    pub known: Coverage,
    /// One view per agenda item, in scenario order.
    pub items: Vec<ItemView>,
}

/// One agenda item of `concord report`: the analysis' facts, worded by `report::view_words`.
#[derive(Clone, Debug)]
pub struct ItemView {
    /// The item's id.
    pub id: ItemId,
    /// Its title.
    pub title: String,
    /// Its governing document, when given.
    pub document: Option<String>,
    /// Its status.
    pub status: ItemStatus,
    /// Options items: one per option, with who prefers, accepts and opposes it.
    pub options: Vec<OptionView>,
    /// Scale items: one per stated group.
    pub scale_positions: Vec<ScalePosition>,
    /// The ranked compromises with W(o), or the scale point and zone.
    pub compromise: Compromise,
    /// The first [`SHOWN_CONFLICTS`] conflicting pairs, in group order.
    pub conflicts: Vec<Conflict>,
    /// How many more pairs conflict than are shown.
    pub more_conflicts: usize,
    /// 0-1; `None` when insufficient or no stated group has weight.
    pub contention: Option<f64>,
    /// The largest coalition; `None` when nobody accepts anything.
    pub largest_coalition: Option<Coalition>,
    /// The blocking set, empty when aligned; `None` when insufficient or nobody accepts anything.
    pub blocking: Option<Vec<GroupId>>,
    /// Each state in both groups of a conflicting pair.
    pub cross_pressured: Vec<CrossPressure>,
    /// Why the item is at risk of carry-forward and where it goes; `None` when not at risk.
    pub at_risk: Option<Risk>,
    /// The groups not stated, by kind (each group's cell, for the reason of a missing common
    /// proposal).
    pub not_stated: Vec<(NotStatedKind, Vec<GroupCell>)>,
    /// What each group's adoption rule made of its member tallies, in group order.
    pub adoption: Vec<AdoptionNote>,
    /// Group-aware consensus of each option with member tallies.
    pub consensus: Vec<GroupAwareConsensus>,
    /// The positions of single member states on the item.
    pub member_states: Vec<MemberStatePosition>,
    /// The recorded outcome, shown beside the analysis; `None` when there is none.
    pub recorded_outcome: Option<Outcome>,
}

/// One option of an options item, with who prefers, accepts and opposes it.
#[derive(Clone, Debug, PartialEq)]
pub struct OptionView {
    /// The option's id.
    pub id: OptionId,
    /// What it says, as the scenario writes it.
    pub label: String,
    /// The ITU action or CPM method, when given.
    pub action: Option<Action>,
    /// Whether it is the status quo.
    pub status_quo: bool,
    /// W(o).
    pub weight: Option<f64>,
    /// The stated groups that prefer it.
    pub prefers: Vec<GroupId>,
    /// The stated groups that accept it without preferring it.
    pub accepts: Vec<AcceptingGroup>,
    /// The stated groups that red-line it.
    pub opposes: Vec<OpposingGroup>,
}

/// A group that accepts an option without preferring it.
#[derive(Clone, Debug, PartialEq)]
pub struct AcceptingGroup {
    /// The group.
    pub group: GroupId,
    /// Its condition, as the file writes it.
    pub condition: Option<String>,
    /// Whether the acceptance is a confidential fallback.
    pub confidential: bool,
}

/// A group that red-lines an option.
#[derive(Clone, Debug, PartialEq)]
pub struct OpposingGroup {
    /// The group.
    pub group: GroupId,
    /// Whether the red line is confidential.
    pub confidential: bool,
}

/// A stated group's position on a scale item.
#[derive(Clone, Debug, PartialEq)]
pub struct ScalePosition {
    /// The group.
    pub group: GroupId,
    /// Its effective position and range.
    pub scale: EffectiveScale,
}

/// Why groups are not stated on an item, in the order the report lists them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NotStatedKind {
    /// The group's rule produced no common proposal.
    NoCommonProposal,
    /// The group is studying the item.
    NoPositionYet,
    /// The group has no proposal on the item.
    NoProposal,
    /// Nothing is known.
    Unknown,
}

/// A single member state's own position on an item, from its group's file.
#[derive(Clone, Debug, PartialEq)]
pub struct MemberStatePosition {
    /// The state.
    pub state: StateId,
    /// The group whose file gives it.
    pub group: GroupId,
    /// Its stance.
    pub stance: Stance,
    /// The file's note, when given.
    pub note: Option<String>,
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

impl ReportView {
    /// Builds the view from the analysis (items in parallel, kept in scenario order); the recorded
    /// outcomes are only shown.
    pub fn build(
        scenario: &Scenario,
        analysis: &Analysis,
        outcomes: Option<&Outcomes>,
        summary: Summary,
    ) -> Self {
        let at_risk = analysis
            .items
            .iter()
            .filter_map(|item| {
                item.at_risk
                    .as_ref()
                    .map(|risk| (item.item.clone(), risk.reason.clone()))
            })
            .collect();
        // Independent per item: built in parallel, collected in order.
        let items = concord_core::parallel::map(&analysis.items, |item| {
            item::item_view(scenario, item, outcomes)
        });
        ReportView {
            summary,
            counts: analysis.counts,
            at_risk,
            known: Coverage::of(analysis),
            items,
        }
    }
}

/// The conflicting pairs a human-readable report lists per item; the rest are counted (50 groups
/// can make a thousand pairs on one item, which nobody reads). JSON and CSV list them all.
pub const SHOWN_CONFLICTS: usize = 20;

/// The first `limit` conflicting pairs of an item, in group order.
pub fn shown_conflicts(analysis: &ItemAnalysis, limit: usize) -> Vec<Conflict> {
    analysis.conflicts().take(limit).collect()
}

/// An item id, its status, and one (cell, provenance mark) per group.
pub type MatrixRow = (ItemId, ItemStatus, Vec<(GroupCell, &'static str)>);

/// `concord matrix`: items × groups, each cell with its provenance mark.
#[derive(Clone, Debug, PartialEq)]
pub struct MatrixView {
    /// The group ids, in group order: the columns.
    pub groups: Vec<GroupId>,
    /// (item id, status, one cell per group with its mark).
    pub rows: Vec<MatrixRow>,
}

impl MatrixView {
    /// One row per item, in scenario order, one cell per group.
    pub fn build(scenario: &Scenario, analysis: &Analysis) -> Self {
        MatrixView {
            groups: scenario.groups.keys().cloned().collect(),
            rows: analysis
                .items
                .iter()
                .map(|item| {
                    let cells = item
                        .cells
                        .iter()
                        .map(|cell| {
                            let model_cell = scenario.cell(&cell.group, &item.item);
                            (cell.clone(), provenance_mark(model_cell))
                        })
                        .collect();
                    (item.item.clone(), item.status, cells)
                })
                .collect(),
        }
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
    pub id: ItemId,
    /// Its title.
    pub title: String,
    /// Its status.
    pub status: ItemStatus,
    /// Its contention, 0-1; `None` when its stated groups weigh nothing (zero saliences or
    /// capabilities): undefined, and listed last.
    pub contention: Option<f64>,
    /// The first conflicting pairs (as many as the view was built to list).
    pub conflicts: Vec<Conflict>,
    /// How many more pairs conflict than are listed.
    pub more_conflicts: usize,
    /// The blocking set, empty when aligned; `None` when nobody accepts anything.
    pub blocking: Option<Vec<GroupId>>,
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
                    id: item.item.clone(),
                    title: scenario.items[&item.item].title.clone(),
                    status: item.status,
                    contention: item.contention,
                    conflicts: shown_conflicts(item, limit),
                    more_conflicts: item.conflict_count().saturating_sub(limit),
                    blocking: item.blocking.clone(),
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

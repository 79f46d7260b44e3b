//! The view models of the analysis commands: typed data (ids, the analysis' own types, numbers),
//! built once; `view_words` words them for `text`, `markdown`, `csv` and `json`. The cell's own
//! words (`cell_label`, `stance_words`, in `cell_words`) are re-exported here for the brief.

pub(crate) use super::cell_words::{cell_label, stance_words};
pub use super::summary::Coverage;
pub use crate::escape::number::number;
use concord_core::analysis::{
    AdoptionNote, Analysis, Coalition, Compromise, Conflict, CrossPressure, EffectiveScale,
    GroupAwareConsensus, GroupCell, ItemAnalysis, ItemStatus, Risk, RiskReason, StatusCounts,
};
use concord_core::id::{GroupId, ItemId, OptionId, StateId};
use concord_core::model::{Action, Basis, Cell, Outcome, Outcomes, Provenance, Scenario, Stance};
pub use item::estimated_weights;
pub(crate) use item::known as known_of;

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
    /// The focus in words (`--items`, `--groups`, `--tag`), shown at the head; `None`: none.
    pub focus: Option<String>,
}

impl ReportView {
    /// The report as `--groups` shows it: those groups' rows of the summary, and per item their
    /// lines (not stated, own words, member states) and the conflicts that involve them.
    pub fn only_groups(&mut self, groups: &[GroupId]) {
        self.summary.only_groups(groups);
        for item in &mut self.items {
            item.conflicts.retain(|conflict| {
                groups.contains(&conflict.groups.0) || groups.contains(&conflict.groups.1)
            });
            for (_, cells) in &mut item.not_stated {
                cells.retain(|cell| groups.contains(&cell.group));
            }
            item.not_stated.retain(|(_, cells)| !cells.is_empty());
            item.words.retain(|words| groups.contains(&words.group));
            item.member_states
                .retain(|position| groups.contains(&position.group));
            item.adoption.retain(|note| groups.contains(&note.group));
        }
    }
}

/// One agenda item of `concord report`: the analysis' facts, worded by `report::view_words`.
#[derive(Clone, Debug)]
pub struct ItemView {
    /// The item's id.
    pub id: ItemId,
    /// The agenda item this is an issue of, when it is one.
    pub parent: Option<IssueOf>,
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
    /// The compromise options some stated group accepts only on a condition, with those groups
    /// and conditions: such a compromise holds only "if: …".
    pub compromise_conditions: Vec<(OptionId, Vec<(GroupId, String)>)>,
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
    /// Each state in both groups of a conflicting pair (the first thousand).
    pub cross_pressured: Vec<CrossPressure>,
    /// How many more there are.
    pub cross_pressured_more: usize,
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
    /// Non-voting organisations' views on the item (id, stance, note): shown, never counted.
    pub organisations: Vec<(String, concord_core::model::Stance, Option<String>)>,
    /// The recorded outcome, shown beside the analysis; `None` when there is none.
    pub recorded_outcome: Option<Outcome>,
    /// How many groups' cells are known (anything but unknown), and of how many groups.
    pub known: (usize, usize),
    /// How many groups are stated on the item.
    pub stated: usize,
    /// Each group's own words on the item: a condition on its preferred option, its position in
    /// its own words, its public note (groups without any left out), in group order.
    pub words: Vec<GroupWords>,
}

/// The agenda item an issue belongs to, for the heading its first issue carries.
#[derive(Clone, Debug, PartialEq)]
pub struct IssueOf {
    /// The item's id (`1.7`).
    pub id: String,
    /// Its title.
    pub title: String,
    /// Whether this is the item's first issue (which shows the item's heading).
    pub first: bool,
    /// All its issues, in order.
    pub issues: Vec<ItemId>,
}

impl IssueOf {
    /// The issue heading of `item`, when it is an issue.
    pub fn of(scenario: &Scenario, item: &concord_core::model::Item) -> Option<Self> {
        let parent = scenario.parents.get(item.parent.as_deref()?)?;
        Some(IssueOf {
            id: parent.id.clone(),
            title: parent.title.clone(),
            first: parent.issues.first() == Some(&item.id),
            issues: parent.issues.clone(),
        })
    }

    /// `1.7 IMT in three bands: 3 issues (1.7a, 1.7b, 1.7c)`.
    pub fn heading(&self) -> String {
        let ids: Vec<&str> = self.issues.iter().map(ItemId::as_str).collect();
        format!(
            "{} {}: {} issue{} ({})",
            self.id,
            self.title,
            ids.len(),
            if ids.len() == 1 { "" } else { "s" },
            ids.join(", ")
        )
    }
}

/// A group's own words on an item, beside its coded stance.
#[derive(Clone, Debug, PartialEq)]
pub struct GroupWords {
    /// The group.
    pub group: GroupId,
    /// The condition on its preferred option, with the option.
    pub preferred_condition: Option<(concord_core::id::OptionId, String)>,
    /// The position in its own words (a stated cell's; a `NotCoded` one shows them already).
    pub text: Option<String>,
    /// Its public note.
    pub note: Option<String>,
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
    /// Where it applies (every Region, some Regions, a footnote's states).
    pub reach: concord_core::model::Reach,
    /// The stated groups it reaches none of the members of and that do not red-line it: not
    /// their fight.
    pub outside: Vec<GroupId>,
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
    /// The group stated a view in words only, not coded.
    NotCoded,
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

/// Where a matrix cell comes from, shown as its mark (`report::view_words` spells it).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mark {
    /// Sourced (`S`).
    Sourced,
    /// Sourced, with an estimated salience or flexibility (`E`).
    Estimated,
    /// A coordinator's estimate of the position (`~`).
    EstimatedPosition,
    /// Illustrative (`I`).
    Illustrative,
    /// No provenance given (`-`).
    NoProvenance,
}

/// The mark of a cell; `None` for an unknown cell.
pub fn mark(cell: &Cell) -> Option<Mark> {
    match (&cell.provenance, &cell.stance) {
        (_, Stance::Unknown) => None,
        (Provenance::Sourced { .. }, stance) => {
            if stance.is_stated()
                && (cell.salience.basis != Basis::Sourced
                    || cell.flexibility.basis != Basis::Sourced)
            {
                Some(Mark::Estimated)
            } else {
                Some(Mark::Sourced)
            }
        }
        (Provenance::Estimated { .. }, _) => Some(Mark::EstimatedPosition),
        (Provenance::Illustrative { .. }, _) => Some(Mark::Illustrative),
        (Provenance::Missing | Provenance::Implicit | Provenance::Later, _) => {
            Some(Mark::NoProvenance)
        }
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
            focus: None,
        }
    }
}

/// The conflicting pairs a human-readable report lists per item; the rest are counted (50 groups
/// can make a thousand pairs on one item, which nobody reads). JSON and CSV list them all.
pub const SHOWN_CONFLICTS: usize = 20;

/// The first `limit` conflicting pairs of an item, in group order.
pub(crate) fn shown_conflicts(analysis: &ItemAnalysis, limit: usize) -> Vec<Conflict> {
    analysis.conflicts().take(limit).collect()
}

/// An item id, its status, and one (cell, mark) per group (no mark for an unknown cell).
pub type MatrixRow = (ItemId, Standing, Vec<(GroupCell, Option<Mark>)>);

/// An item's status with how many of its groups are stated and known: what every human format
/// says of an item's standing ([`view_words`](super::view_words) spells it: "unanimous" only
/// when every group is stated, else "agreed among the k stated"; "k of n groups known").
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Standing {
    /// The status.
    pub status: ItemStatus,
    /// Groups with a stated position.
    pub stated: usize,
    /// Groups whose cell is known (anything but unknown).
    pub known: usize,
    /// Groups in the scenario.
    pub groups: usize,
}

impl Standing {
    /// The standing of an analysed item.
    pub fn of(item: &concord_core::analysis::ItemAnalysis) -> Self {
        let (known, groups) = item::known(item);
        Standing {
            status: item.status,
            stated: item.stated().count(),
            known,
            groups,
        }
    }
}

/// `concord matrix`: items × groups, each cell with its provenance mark.
#[derive(Clone, Debug, PartialEq)]
pub struct MatrixView {
    /// The group ids, in group order: the columns.
    pub groups: Vec<GroupId>,
    /// (item id, status, one cell per group with its mark).
    pub rows: Vec<MatrixRow>,
    /// Each item's groups' own words (conditions on preferred options, text, notes), for beneath
    /// the Markdown table.
    pub words: Vec<(ItemId, Vec<GroupWords>)>,
}

/// An item's title, an issue's with its item's before it (`IMT in …: 4 400-4 800 MHz`), for the
/// lists that show an issue away from its item's heading.
pub fn titled(scenario: &Scenario, item: &concord_core::model::Item) -> String {
    match item
        .parent
        .as_ref()
        .and_then(|parent| scenario.parents.get(parent))
    {
        Some(parent) => format!("{} ({}): {}", parent.title, parent.id, item.title),
        None => item.title.clone(),
    }
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
                            (cell.clone(), mark(model_cell))
                        })
                        .collect();
                    (item.item.clone(), Standing::of(item), cells)
                })
                .collect(),
            words: analysis
                .items
                .iter()
                .map(|item| (item.item.clone(), item::group_words(scenario, &item.item)))
                .filter(|(_, words)| !words.is_empty())
                .collect(),
        }
    }
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
    /// Its status and coverage.
    pub standing: Standing,
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

impl MatrixView {
    /// The matrix as `--groups` shows it: those groups' columns.
    pub fn only_groups(&mut self, groups: &[GroupId]) {
        self.groups.retain(|group| groups.contains(group));
        for (_, _, cells) in &mut self.rows {
            cells.retain(|(cell, _)| groups.contains(&cell.group));
        }
        for (_, words) in &mut self.words {
            words.retain(|words| groups.contains(&words.group));
        }
        self.words.retain(|(_, words)| !words.is_empty());
    }
}

impl ContestedView {
    /// The list as `--groups` shows it: per item, the conflicts that involve those groups.
    pub fn only_groups(&mut self, groups: &[GroupId]) {
        for row in &mut self.rows {
            row.conflicts.retain(|conflict| {
                groups.contains(&conflict.groups.0) || groups.contains(&conflict.groups.1)
            });
        }
    }
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
                    title: titled(scenario, &scenario.items[&item.item]),
                    standing: Standing::of(item),
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

//! The alignment analysis of docs/model.md, "The model": a pure function of the
//! validated scenario and its graph. No I/O, no failure, no randomness; every collection is in
//! scenario order, so the result is deterministic.
//!
//! One concern per file: `adoption` (who is stated, after the groups' rules), `status`
//! (status, compromise ranking, scale point, contention, coalitions, blocking sets), `conflicts`,
//! `blocs`, `consensus` (group-aware consensus over tallies), `risk` (cross-pressured states
//! and carry-forward risk), `diff` (two analysed snapshots).

mod adoption;
mod blocs;
mod conflicts;
mod consensus;
mod diff;
mod diff_fields;
mod risk;
mod status;
#[cfg(test)]
mod tests;

pub use adoption::{AdoptionNote, NoProposalReason, RuleKind, TallyVerdict};
pub use blocs::{Blocs, DEFAULT_BLOC_THRESHOLD};
pub use diff::{Diff, diff};
pub use diff_fields::{CellField, ItemField, StageDates};

use crate::graph::MembershipGraph;
use crate::id::{GroupId, ItemId, OptionId, StateId};
use crate::model::{ItemKind, Scenario};

/// Settings of the analysis.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct AnalysisConfig {
    /// Bloc agreement at or above which two groups are in one bloc.
    pub bloc_threshold: f64,
}

impl Default for AnalysisConfig {
    fn default() -> Self {
        AnalysisConfig {
            bloc_threshold: DEFAULT_BLOC_THRESHOLD,
        }
    }
}

/// The analysis of a whole scenario.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Analysis {
    /// One per agenda item, in scenario order.
    pub items: Vec<ItemAnalysis>,
    /// Bloc agreement between the groups, and the blocs at the configured threshold.
    pub blocs: Blocs,
    /// How many items have each status, and how many are at risk of carry-forward.
    pub counts: StatusCounts,
}

/// How many items have each status.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct StatusCounts {
    /// Items where every stated group has the same first choice (scale: the same point).
    pub unanimous: usize,
    /// Of the unanimous items, those where not every group is stated: agreed among the stated
    /// groups only, which says nothing of the others.
    pub unanimous_among_stated: usize,
    /// Items with an option every stated group accepts (scale: a shared zone).
    pub compromise: usize,
    /// Items with neither.
    pub contested: usize,
    /// Items with fewer than two stated groups.
    pub insufficient: usize,
    /// Items at risk of carry-forward, whatever their status.
    pub at_risk: usize,
}

/// An item's status, tested in the order insufficient, unanimous, compromise, contested.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ItemStatus {
    /// Fewer than two stated groups.
    Insufficient,
    /// Every stated group has the same first choice (scale: the same point).
    Unanimous,
    /// Some option every stated group accepts (scale: the ranges share a zone).
    Compromise,
    /// Neither: no option (no point) every stated group accepts.
    Contested,
}

impl ItemStatus {
    /// The name the reports use: `insufficient`, `unanimous`, `compromise`, `contested`.
    pub fn name(self) -> &'static str {
        match self {
            ItemStatus::Insufficient => "insufficient",
            ItemStatus::Unanimous => "unanimous",
            ItemStatus::Compromise => "compromise",
            ItemStatus::Contested => "contested",
        }
    }
}

/// Everything the analysis says about one agenda item.
#[derive(Clone, Debug, PartialEq)]
pub struct ItemAnalysis {
    /// The agenda item.
    pub item: ItemId,
    /// One per group, in group order: the effective position after rules and confidential parts.
    pub cells: Vec<GroupCell>,
    /// Its status.
    pub status: ItemStatus,
    /// W(o) for every option of an options item, in option order.
    pub weights: Vec<(OptionId, f64)>,
    /// The options every stated group accepts, ranked (scale: the point and zone).
    pub compromise: Compromise,
    /// The pairwise view the conflicts come from: see [`ItemAnalysis::conflicts`].
    pub(crate) pairs: conflicts::Pairs,
    /// `None` when insufficient (or when no stated group has any weight).
    pub contention: Option<f64>,
    /// The option (point) accepted by the stated groups of greatest total capability; `None` when
    /// nobody accepts anything.
    pub largest_coalition: Option<Coalition>,
    /// The smallest set of stated groups whose removal leaves an option (a point) accepted by the
    /// rest; empty when the item is aligned, `None` when insufficient or nobody accepts anything.
    pub blocking: Option<Vec<GroupId>>,
    /// Group-aware consensus of each option with member tallies, in option order.
    pub consensus: Vec<GroupAwareConsensus>,
    /// Members of both groups of a conflicting pair, per pair in conflict order: the first
    /// [`risk::MAX_CROSS_PRESSURES`].
    pub cross_pressured: Vec<CrossPressure>,
    /// How many more there are past those.
    pub cross_pressured_more: usize,
    /// Why the item is at risk of carry-forward, and where it goes; `None` when it is not.
    pub at_risk: Option<Risk>,
}

impl ItemAnalysis {
    /// The groups that are stated on the item, in group order.
    pub fn stated(&self) -> impl Iterator<Item = &GroupCell> {
        self.cells.iter().filter(|cell| cell.stated().is_some())
    }

    /// The stated groups that accept `option` only on a condition, with it, in group order: a
    /// compromise resting on them holds only if the conditions are met.
    pub fn conditions_on(&self, option: &OptionId) -> Vec<(&GroupId, &str)> {
        self.cells
            .iter()
            .filter_map(|cell| match cell.stated() {
                Some(Stated::Options(options)) => options
                    .accepts
                    .iter()
                    .find(|accepted| &accepted.option == option)
                    .and_then(|accepted| accepted.condition.as_deref())
                    .map(|condition| (&cell.group, condition)),
                _ => None,
            })
            .collect()
    }
}

/// A group's effective cell on an item.
#[derive(Clone, Debug, PartialEq)]
pub struct GroupCell {
    /// The group.
    pub group: GroupId,
    /// The effective position, or why there is none.
    pub position: CellPosition,
    /// What the group's adoption rule made of each member tally.
    pub adoption: Vec<AdoptionNote>,
    /// c_g: the group's capability on this item (opt-in: the signatories).
    pub capability: f64,
    /// s_g: how much the item matters to the group, 0-1 (0.5 when the file gives none).
    pub salience: f64,
    /// The effective flexibility (a confidential one replaces the public one).
    pub flexibility: f64,
}

/// A group's effective position on an item, or why it has none: exactly one of the two.
#[derive(Clone, Debug, PartialEq)]
pub enum CellPosition {
    /// The group is stated: its effective position.
    Stated(Stated),
    /// The group is not stated, and why.
    NotStated(NotStated),
}

impl GroupCell {
    /// The effective position, when the group is stated.
    pub fn stated(&self) -> Option<&Stated> {
        match &self.position {
            CellPosition::Stated(stated) => Some(stated),
            CellPosition::NotStated(_) => None,
        }
    }

    /// Why the group is not stated, when it is not.
    pub fn not_stated(&self) -> Option<&NotStated> {
        match &self.position {
            CellPosition::Stated(_) => None,
            CellPosition::NotStated(not_stated) => Some(not_stated),
        }
    }
}

/// An effective position: on an options item or on a scale.
#[derive(Clone, Debug, PartialEq)]
pub enum Stated {
    /// On an options item.
    Options(EffectiveOptions),
    /// On a scale item.
    Scale(EffectiveScale),
}

/// Why a group is not stated on an item; these cells are always listed, never dropped.
#[derive(Clone, Debug, PartialEq)]
pub enum NotStated {
    /// The group is studying the item.
    NoPositionYet,
    /// The group stated a view in words (these) that is not coded as options or a scale.
    NotCoded(String),
    /// The group's proposals are out and none covers the item.
    NoProposal,
    /// Nothing is known, including where the group's file says nothing on the item.
    Unknown,
    /// The group's rule did not produce a common proposal; the reason says why.
    NoCommonProposal(NoProposalReason),
}

impl NotStated {
    /// The words the reports use: `no position yet`, `no proposal`, `unknown`,
    /// `no common proposal`.
    pub fn label(&self) -> &'static str {
        match self {
            NotStated::NoPositionYet => "no position yet",
            NotStated::NotCoded(_) => "stated, not coded",
            NotStated::NoProposal => "no proposal",
            NotStated::Unknown => "unknown",
            NotStated::NoCommonProposal(_) => "no common proposal",
        }
    }
}

/// A stated position on an options item: the public one plus the confidential fallbacks and red
/// lines, with the options whose tally failed the group's rule removed.
#[derive(Clone, Debug, PartialEq)]
pub struct EffectiveOptions {
    /// The preferred option; `None` when the file names none or its tally failed.
    pub prefers: Option<OptionId>,
    /// Accepted options in order of preference: the public ones, then the confidential fallbacks;
    /// those whose tally failed are removed.
    pub accepts: Vec<AcceptedOption>,
    /// Red lines, each marked when it comes from the confidential part.
    pub opposes: Vec<(OptionId, bool)>,
    /// Options limited to Regions or to a footnote's states that reach none of the group's
    /// members: not its fight, so it can live with them unless it opposes them explicitly.
    pub outside: Vec<OptionId>,
}

/// An option a group effectively accepts.
#[derive(Clone, Debug, PartialEq)]
pub struct AcceptedOption {
    /// The option.
    pub option: OptionId,
    /// What the acceptance depends on (`None`: unconditional).
    pub condition: Option<String>,
    /// A confidential fallback.
    pub confidential: bool,
}

impl EffectiveOptions {
    /// The preferred option, else the first accepted one.
    pub fn first_choice(&self) -> Option<&OptionId> {
        self.prefers
            .as_ref()
            .or_else(|| self.accepts.first().map(|accepted| &accepted.option))
    }

    /// Whether the option is among the accepted ones (preferred, accepted or a fallback).
    pub fn accepts(&self, option: &OptionId) -> bool {
        self.accepts
            .iter()
            .any(|accepted| &accepted.option == option)
    }

    /// Whether the group can live with the option: it accepts it; or it accepts nothing and the
    /// option is not one of its red lines (a position of red lines only objects to those alone);
    /// or the option applies only outside the group's Regions and is not one of its red lines
    /// (cross-border interference is a real reason, so an explicit red line still counts).
    /// Status, conflicts, coalitions, blocking sets and blocs use this.
    pub fn tolerates(&self, option: &OptionId) -> bool {
        self.accepts(option)
            || ((self.accepts.is_empty() || self.is_outside(option)) && !self.opposes(option))
    }

    /// Whether the option applies only outside the group's Regions (and footnote states).
    pub fn is_outside(&self, option: &OptionId) -> bool {
        self.outside.contains(option)
    }

    /// The options it tolerates as bits: bit i for the i-th of `options` (at most 64: validated).
    pub fn tolerated_mask<'a>(&self, options: impl IntoIterator<Item = &'a OptionId>) -> u64 {
        options
            .into_iter()
            .enumerate()
            .filter(|(_, option)| self.tolerates(option))
            .fold(0, |mask, (index, _)| mask | 1 << index)
    }

    /// Whether the option is one of the red lines, public or confidential.
    pub fn opposes(&self, option: &OptionId) -> bool {
        self.opposes.iter().any(|(opposed, _)| opposed == option)
    }

    /// u_g(o): 1 for the first choice; for the k-th of the m other accepted options
    /// 1 − k/(m+1); halved when conditional; 0 when neutral; −1 for a red line. A conditional
    /// first choice that is not explicitly preferred counts half too (see docs/model.md).
    pub fn utility(&self, option: &OptionId) -> f64 {
        if self.opposes(option) {
            return -1.0;
        }
        let Some(position) = self.accepts.iter().position(|a| &a.option == option) else {
            return 0.0;
        };
        let accepted = &self.accepts[position];
        let halve = |value: f64| {
            if accepted.condition.is_some() {
                value / 2.0
            } else {
                value
            }
        };
        if self.first_choice() == Some(option) {
            return if self.prefers.is_some() {
                1.0
            } else {
                halve(1.0)
            };
        }
        // The others, in order: the accepted options after the first choice.
        let first_in_accepts = self.first_choice().is_some_and(|first| self.accepts(first));
        let others = self.accepts.len() - usize::from(first_in_accepts);
        let rank = position + 1 - usize::from(first_in_accepts);
        halve(1.0 - rank as f64 / (others as f64 + 1.0))
    }
}

/// A stated position on a scale item, with its hard limits (the range when none are given).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct EffectiveScale {
    /// The position, 0-100.
    pub at: f64,
    /// The acceptable range `(low, high)`, on 0-100.
    pub range: (f64, f64),
    /// The hard limits `(low, high)`: the confidential ones, else the public ones, else the range.
    pub limits: (f64, f64),
}

/// What every stated group can accept.
#[derive(Clone, Debug, PartialEq)]
pub enum Compromise {
    /// Options accepted by every stated group, best first, with W(o).
    Options(Vec<(OptionId, f64)>),
    /// The compromise point of a scale item (absent when no stated group has weight), and the
    /// zone every stated range shares (absent when empty).
    Scale {
        /// The compromise point P, 0-100.
        point: Option<f64>,
        /// The zone `(max low, min high)` every stated range shares.
        zone: Option<(f64, f64)>,
    },
}

/// Two stated groups in conflict on an item, and why.
#[derive(Clone, Debug, PartialEq)]
pub struct Conflict {
    /// The two groups, in group order.
    pub groups: (GroupId, GroupId),
    /// Every reason that holds, at least one.
    pub reasons: Vec<ConflictReason>,
}

/// Why two stated groups conflict.
#[derive(Clone, Debug, PartialEq)]
pub enum ConflictReason {
    /// No option accepted by both.
    NothingInCommon,
    /// `of`'s first choice is a red line of `against`.
    RedLine {
        /// The group whose first choice it is.
        of: GroupId,
        /// The first choice.
        option: OptionId,
        /// The group that red-lines it.
        against: GroupId,
    },
    /// Scale: the acceptable ranges do not overlap.
    DisjointRanges((f64, f64), (f64, f64)),
}

/// The largest coalition on an item: the stated groups of greatest total capability that accept one
/// option (one point).
#[derive(Clone, Debug, PartialEq)]
pub struct Coalition {
    /// The option (options items) the coalition accepts.
    pub option: Option<OptionId>,
    /// The point (scale items) every range of the coalition contains.
    pub point: Option<f64>,
    /// Its groups, in group order.
    pub groups: Vec<GroupId>,
    /// Σ c_g over its groups.
    pub capability: f64,
}

/// Group-aware consensus of one option with member tallies.
#[derive(Clone, Debug, PartialEq)]
pub struct GroupAwareConsensus {
    /// The option.
    pub option: OptionId,
    /// Π_g (1 + A_g) / (2 + S_g) over the groups with a tally on the item.
    pub value: f64,
    /// The size-robust variant: the |groups|-th root.
    pub root: f64,
    /// How many groups have a tally on the item.
    pub groups: usize,
}

/// A state in both groups of a conflicting pair.
#[derive(Clone, Debug, PartialEq)]
pub struct CrossPressure {
    /// The state.
    pub state: StateId,
    /// The conflicting pair, in group order.
    pub groups: (GroupId, GroupId),
}

/// Why an item is at risk of being carried forward.
#[derive(Clone, Debug, PartialEq)]
pub struct Risk {
    /// Where the item goes: the next conference, when the scenario names it.
    pub to: Option<String>,
    /// Why it is at risk.
    pub reason: RiskReason,
}

/// Why an item is at risk of carry-forward.
#[derive(Clone, Debug, PartialEq)]
pub enum RiskReason {
    /// The item is contested.
    Contested,
    /// Depends (directly or through other items) on a contested item.
    DependsOn(ItemId),
}

/// c_g of a group outside any item: its active member count, 1, or the explicit value.
pub fn capability_of(scenario: &Scenario, group: &crate::model::Group) -> f64 {
    adoption::capability(scenario, group)
}

/// A scenario's membership graph and its analysis: where every command, the brief, the
/// backtest and the what-if engine start from (`load` → graph → analyse), built in one place.
#[derive(Debug)]
pub struct Analysed {
    /// The membership layer of the position graph (what the analysis and the summary read).
    pub graph: MembershipGraph,
    /// Every item's status, compromises, conflicts, contention and risk.
    pub analysis: Analysis,
}

impl Analysed {
    /// Builds the membership graph of `scenario` and analyses it.
    pub fn new(scenario: &Scenario, config: &AnalysisConfig) -> Self {
        let graph = MembershipGraph::build(scenario);
        crate::timing::mark("graph");
        let analysis = analyse(scenario, &graph, config);
        crate::timing::mark("analyse");
        Analysed { graph, analysis }
    }
}

/// Analyses every item of the scenario.
pub fn analyse(scenario: &Scenario, graph: &MembershipGraph, config: &AnalysisConfig) -> Analysis {
    let dual_members = graph.dual_members();
    // Items are independent: analysed in parallel, collected in scenario order, so the result
    // does not depend on the thread count.
    let item_list: Vec<(usize, &crate::model::Item)> =
        scenario.items.values().enumerate().collect();
    let mut items: Vec<ItemAnalysis> = crate::parallel::map(&item_list, |&(item_index, item)| {
        let cells: Vec<GroupCell> = scenario
            .groups
            .values()
            .enumerate()
            .map(|(group_index, group)| {
                adoption::group_cell(
                    scenario,
                    group,
                    scenario.cell_at((group_index, &group.id), (item_index, &item.id)),
                    &item.kind,
                )
            })
            .collect();
        let options: Vec<(OptionId, bool)> = match &item.kind {
            ItemKind::Options(options) => options
                .values()
                .map(|option| (option.id.clone(), option.status_quo))
                .collect(),
            ItemKind::Scale(_) => Vec::new(),
        };
        let mut analysis = status::item(item.id.clone(), cells, &options);
        let option_ids: Vec<OptionId> = options.iter().map(|(id, _)| id.clone()).collect();
        analysis.pairs = conflicts::Pairs::new(&analysis.cells, &option_ids);
        analysis.consensus = consensus::group_aware(scenario, item, &options);
        (analysis.cross_pressured, analysis.cross_pressured_more) =
            risk::cross_pressured(analysis.conflicting_groups(), &dual_members);
        analysis
    });
    risk::carry_forward(scenario, &mut items);
    let blocs = blocs::blocs(scenario, &items, config.bloc_threshold);
    let counts = StatusCounts::of(&items);
    Analysis {
        items,
        blocs,
        counts,
    }
}

impl StatusCounts {
    /// How many of `items` have each status, and how many are at risk.
    pub fn of(items: &[ItemAnalysis]) -> Self {
        let mut counts = StatusCounts::default();
        for item in items {
            match item.status {
                ItemStatus::Insufficient => counts.insufficient += 1,
                ItemStatus::Unanimous => {
                    counts.unanimous += 1;
                    if item.stated().count() < item.cells.len() {
                        counts.unanimous_among_stated += 1;
                    }
                }
                ItemStatus::Compromise => counts.compromise += 1,
                ItemStatus::Contested => counts.contested += 1,
            }
            if item.at_risk.is_some() {
                counts.at_risk += 1;
            }
        }
        counts
    }
}

//! What changed between two snapshots of a scenario: cells, statuses, conflicts.

use crate::id::{GroupId, ItemId};
use crate::model::{Maturity, Scenario};

use super::{Analysis, ConflictReason, GroupCell, ItemStatus};

/// What changed between two analysed snapshots of a scenario.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Diff {
    /// (group, item, old cell, new cell), in the new scenario's item then group order.
    pub cells: Vec<(GroupId, ItemId, GroupCell, GroupCell)>,
    /// (group, item, old maturity, new maturity) for each cell whose maturity changed in the
    /// group's vocabulary (`None`: not given), in the same order.
    pub maturities: Vec<(GroupId, ItemId, Option<Maturity>, Option<Maturity>)>,
    /// (item, old status, new status) for each item whose status changed, in the new scenario's
    /// order.
    pub statuses: Vec<(ItemId, ItemStatus, ItemStatus)>,
    /// (item, group, group, reasons).
    pub new_conflicts: Vec<(ItemId, GroupId, GroupId, Vec<ConflictReason>)>,
    /// (item, group, group): pairs that conflicted in the old snapshot and no longer do.
    pub resolved_conflicts: Vec<(ItemId, GroupId, GroupId)>,
    /// Items only in the new scenario, in its order.
    pub items_added: Vec<ItemId>,
    /// Items only in the old scenario, in its order.
    pub items_removed: Vec<ItemId>,
    /// Groups only in the new scenario, in its order.
    pub groups_added: Vec<GroupId>,
    /// Groups only in the old scenario, in its order.
    pub groups_removed: Vec<GroupId>,
    /// Other fields of the cells that changed (salience, flexibility, reference, tallies,
    /// provenance, note, text), in the new scenario's item then group order.
    pub cell_fields: Vec<(GroupId, ItemId, super::CellField)>,
    /// The items' own fields that changed (title, document, options, voting rule, dependencies).
    pub item_fields: Vec<(ItemId, super::ItemField)>,
    /// The scenario's voting rule, when it changed (old, new).
    pub voting: Option<(crate::model::Voting, crate::model::Voting)>,
    /// The scenario's stages, when they changed (old, new; each name and dates).
    pub stages: Option<(Vec<super::StageDates>, Vec<super::StageDates>)>,
    /// The conferences' ids, when the two snapshots are of different conferences (old, new):
    /// items and groups are then matched by id across them.
    pub conference: Option<(String, String)>,
}

impl Diff {
    /// Whether nothing changed.
    pub fn is_empty(&self) -> bool {
        *self == Diff::default()
    }
}

/// The keys of `these` that `those` lacks, in `these`' order.
fn only_in<K: Clone + std::hash::Hash + Eq, V>(
    these: &indexmap::IndexMap<K, V>,
    those: &indexmap::IndexMap<K, V>,
) -> Vec<K> {
    these
        .keys()
        .filter(|key| !those.contains_key(*key))
        .cloned()
        .collect()
}

/// Compares two analysed snapshots item by item and group by group (matched by id).
pub fn diff(old: (&Scenario, &Analysis), new: (&Scenario, &Analysis)) -> Diff {
    let (old_scenario, old_analysis) = old;
    let (new_scenario, new_analysis) = new;
    let mut out = Diff {
        items_added: only_in(&new_scenario.items, &old_scenario.items),
        items_removed: only_in(&old_scenario.items, &new_scenario.items),
        groups_added: only_in(&new_scenario.groups, &old_scenario.groups),
        groups_removed: only_in(&old_scenario.groups, &new_scenario.groups),
        cell_fields: super::diff_fields::cell_fields(old_scenario, new_scenario),
        item_fields: super::diff_fields::item_fields(old_scenario, new_scenario),
        voting: (old_scenario.voting != new_scenario.voting)
            .then_some((old_scenario.voting, new_scenario.voting)),
        stages: super::diff_fields::stages(old_scenario, new_scenario),
        conference: (old_scenario.conference.id != new_scenario.conference.id).then(|| {
            (
                old_scenario.conference.id.clone(),
                new_scenario.conference.id.clone(),
            )
        }),
        ..Diff::default()
    };
    for new_item in &new_analysis.items {
        let Some(old_item) = old_analysis.items.iter().find(|i| i.item == new_item.item) else {
            continue;
        };
        for new_cell in &new_item.cells {
            let Some(old_cell) = old_item.cells.iter().find(|c| c.group == new_cell.group) else {
                continue;
            };
            let maturity = |scenario: &Scenario| {
                scenario
                    .positions
                    .get(&new_cell.group)
                    .and_then(|p| p.cells.get(&new_item.item))
                    .and_then(|cell| cell.maturity)
            };
            let (old_maturity, new_maturity) = (maturity(old_scenario), maturity(new_scenario));
            // Compared as the group calls them: two codings of one term are no change.
            let term = |m: Option<Maturity>| m.map(|m| m.label(new_cell.group.as_str()));
            if term(old_maturity) != term(new_maturity) {
                out.maturities.push((
                    new_cell.group.clone(),
                    new_item.item.clone(),
                    old_maturity,
                    new_maturity,
                ));
            }
            // What the group says, not how much it weighs (capability follows membership).
            if old_cell.stated() != new_cell.stated()
                || old_cell.not_stated() != new_cell.not_stated()
            {
                out.cells.push((
                    new_cell.group.clone(),
                    new_item.item.clone(),
                    old_cell.clone(),
                    new_cell.clone(),
                ));
            }
        }
        if old_item.status != new_item.status {
            out.statuses
                .push((new_item.item.clone(), old_item.status, new_item.status));
        }
        let old_pairs: std::collections::HashSet<(&GroupId, &GroupId)> =
            old_item.conflicting_groups().collect();
        let new_pairs: std::collections::HashSet<(&GroupId, &GroupId)> =
            new_item.conflicting_groups().collect();
        for conflict in new_item.conflicts() {
            if !old_pairs.contains(&(&conflict.groups.0, &conflict.groups.1)) {
                out.new_conflicts.push((
                    new_item.item.clone(),
                    conflict.groups.0.clone(),
                    conflict.groups.1.clone(),
                    conflict.reasons.clone(),
                ));
            }
        }
        for (a, b) in old_item.conflicting_groups() {
            if !new_pairs.contains(&(a, b)) {
                out.resolved_conflicts
                    .push((new_item.item.clone(), a.clone(), b.clone()));
            }
        }
    }
    out
}

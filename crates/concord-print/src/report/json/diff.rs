//! `concord diff --format json`.
//!
//! The objects were once built through serde_json's sorted map: their fields are declared in
//! alphabetical order, the order the contract keeps.

use serde::Serialize;

use concord_core::analysis::Diff;

use super::{SCHEMA_VERSION, to_string};
use crate::report::reasons;
use crate::report::view::cell_label;

/// Every change between two snapshots (fields in alphabetical order).
#[derive(Serialize)]
struct DiffJson<'a> {
    /// The cells that changed, each worded in the field's vocabulary.
    cells: Vec<CellChangeJson<'a, String>>,
    /// The conferences, when the snapshots are of two different ones (absent otherwise).
    #[serde(skip_serializing_if = "Option::is_none")]
    conference: Option<ConferenceChangeJson<'a>>,
    /// Other fields of the cells that changed (salience, flexibility, reference, tallies,
    /// source, note, words), each in words.
    fields: Vec<FieldChangeJson<'a>>,
    /// Groups only in the new scenario, in its order.
    groups_added: Vec<&'a str>,
    /// Groups only in the old scenario, in its order.
    groups_removed: Vec<&'a str>,
    /// Items only in the new scenario, in its order.
    items_added: Vec<&'a str>,
    /// Items only in the old scenario, in its order.
    items_removed: Vec<&'a str>,
    /// The items' own fields that changed (title, document, options, voting, dependencies), in
    /// words.
    items_changed: Vec<ItemChangeJson<'a>>,
    /// The cells whose maturity changed, in the group's vocabulary (`none`: not given).
    maturities: Vec<CellChangeJson<'a, &'static str>>,
    /// Pairs that conflict now and did not before, with their reasons.
    new_conflicts: Vec<NewConflictJson<'a>>,
    /// Pairs that conflicted before and no longer do.
    resolved_conflicts: Vec<ResolvedConflictJson<'a>>,
    /// [`SCHEMA_VERSION`].
    schema_version: u32,
    /// The scenario's voting rule and stages, when they changed, in words.
    scenario_changed: Vec<String>,
    /// The items whose status changed.
    statuses: Vec<StatusChangeJson<'a>>,
}

/// A field of a group's cell, before and after, in words.
#[derive(Serialize)]
struct FieldChangeJson<'a> {
    /// The field: `salience`, `flexibility`, `reference`, `tallies`, `source`, `note`, `words`.
    field: &'static str,
    /// The group.
    group: &'a str,
    /// The item.
    item: &'a str,
    /// After.
    new: String,
    /// Before.
    old: String,
}

/// A change to an item's own fields, in words.
#[derive(Serialize)]
struct ItemChangeJson<'a> {
    /// What changed.
    change: String,
    /// The item.
    item: &'a str,
}

/// The conferences of the two snapshots.
#[derive(Serialize)]
struct ConferenceChangeJson<'a> {
    /// The newer snapshot's conference id.
    new: &'a str,
    /// The older snapshot's conference id.
    old: &'a str,
}

/// One group's cell on one item, before and after.
#[derive(Serialize)]
struct CellChangeJson<'a, T> {
    /// The group.
    group: &'a str,
    /// The item.
    item: &'a str,
    /// After.
    new: T,
    /// Before.
    old: T,
}

/// An item's status (`unanimous`, `compromise`, `contested`, `insufficient`), before and after.
#[derive(Serialize)]
struct StatusChangeJson<'a> {
    /// The item.
    item: &'a str,
    /// After.
    new: &'static str,
    /// Before.
    old: &'static str,
}

/// A pair of groups that conflicts on an item now and did not before.
#[derive(Serialize)]
struct NewConflictJson<'a> {
    /// The two groups.
    groups: [&'a str; 2],
    /// The item.
    item: &'a str,
    /// Why they conflict, in words.
    reason: String,
}

/// A pair of groups that conflicted on an item before and no longer does.
#[derive(Serialize)]
struct ResolvedConflictJson<'a> {
    /// The two groups.
    groups: [&'a str; 2],
    /// The item.
    item: &'a str,
}

/// Every id of `ids` as a string.
fn strs<T: std::borrow::Borrow<str>>(ids: &[T]) -> Vec<&str> {
    ids.iter().map(T::borrow).collect()
}

/// `concord diff --format json`: every change, conflicts with their reasons.
pub fn diff(diff: &Diff) -> String {
    to_string(&DiffJson {
        cells: diff
            .cells
            .iter()
            .map(|(group, item, old, new)| CellChangeJson {
                group: group.as_str(),
                item: item.as_str(),
                new: cell_label(new),
                old: cell_label(old),
            })
            .filter(|change| change.new != change.old)
            .collect(),
        conference: diff
            .conference
            .as_ref()
            .map(|(old, new)| ConferenceChangeJson { new, old }),
        fields: diff
            .cell_fields
            .iter()
            .map(|(group, item, field)| {
                let (field, old, new) = crate::report::diff_words::cell_field(field);
                FieldChangeJson {
                    field,
                    group: group.as_str(),
                    item: item.as_str(),
                    new,
                    old,
                }
            })
            .collect(),
        groups_added: strs(&diff.groups_added),
        groups_removed: strs(&diff.groups_removed),
        items_added: strs(&diff.items_added),
        items_removed: strs(&diff.items_removed),
        items_changed: diff
            .item_fields
            .iter()
            .map(|(item, field)| ItemChangeJson {
                change: crate::report::diff_words::item_field(field),
                item: item.as_str(),
            })
            .collect(),
        maturities: diff
            .maturities
            .iter()
            .map(|(group, item, old, new)| CellChangeJson {
                group: group.as_str(),
                item: item.as_str(),
                new: reasons::maturity(group, *new),
                old: reasons::maturity(group, *old),
            })
            .collect(),
        new_conflicts: diff
            .new_conflicts
            .iter()
            .map(|(item, a, b, why)| NewConflictJson {
                groups: [a.as_str(), b.as_str()],
                item: item.as_str(),
                reason: reasons::conflict_reasons(why),
            })
            .collect(),
        resolved_conflicts: diff
            .resolved_conflicts
            .iter()
            .map(|(item, a, b)| ResolvedConflictJson {
                groups: [a.as_str(), b.as_str()],
                item: item.as_str(),
            })
            .collect(),
        schema_version: SCHEMA_VERSION,
        scenario_changed: crate::report::text::diff_sections(diff)
            .into_iter()
            .find(|(title, _)| *title == "scenario changed")
            .map(|(_, lines)| lines)
            .unwrap_or_default(),
        statuses: diff
            .statuses
            .iter()
            .map(|(item, old, new)| StatusChangeJson {
                item: item.as_str(),
                new: new.name(),
                old: old.name(),
            })
            .collect(),
    })
}

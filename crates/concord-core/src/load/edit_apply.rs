//! The what-if changes applied: each `--set` and overlay line, once checked ([`super::edit`]),
//! edits the raw positions of its group's file before validation.

use super::edit::{Change, Edit};
use super::raw;

/// Applies the edits aimed at `group` to its raw positions file, in order. A cell kept in
/// several dated versions is edited in the version in force at `at` (the reference date, and
/// whether it is a replay); its other versions are dropped, since the edited cell is a
/// hypothesis with no history.
pub(crate) fn apply(
    edits: &[Edit],
    group: &str,
    items: &[String],
    file: &mut raw::PositionsFile,
    at: (Option<crate::model::Date>, bool),
) {
    let mine: Vec<&Edit> = edits
        .iter()
        .filter(|edit| edit.group.as_deref().is_none_or(|g| g == group))
        .collect();
    if mine.is_empty() {
        return;
    }
    // Built once, so an edit costs time in proportion to the cells it touches, not to the file:
    // a `*:*` overlay of 2,000 lines on 1,000 items is 2,000,000 small changes.
    let mut versions: std::collections::HashMap<String, Vec<usize>> =
        std::collections::HashMap::new();
    for (index, position) in file.positions.iter().enumerate() {
        versions
            .entry(position.item.clone())
            .or_default()
            .push(index);
    }
    let mut slots: Vec<Option<raw::Position>> = std::mem::take(&mut file.positions)
        .into_iter()
        .map(Some)
        .collect();
    let mut slot_of: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for edit in mine {
        let targets: Vec<&String> = match &edit.item {
            Some(id) => vec![id],
            None => items.iter().collect(),
        };
        for item in targets {
            let slot = match slot_of.get(item) {
                Some(&slot) => slot,
                None => {
                    let slot = first_touch(
                        &mut slots,
                        versions.remove(item).unwrap_or_default(),
                        item,
                        at,
                    );
                    slot_of.insert(item.clone(), slot);
                    slot
                }
            };
            if let Some(position) = &mut slots[slot] {
                change(position, &edit.change, &edit.text);
            }
        }
    }
    file.positions = slots.into_iter().flatten().collect();
}

/// The slot of `item`'s cell the first time an edit touches it: its one version stays where it
/// is; of several, the one in force at `at` moves to the end and the others go (an edited cell is
/// a hypothesis with no history); none in force, or none at all: an `Unknown` cell at the end.
fn first_touch(
    slots: &mut Vec<Option<raw::Position>>,
    versions: Vec<usize>,
    item: &str,
    at: (Option<crate::model::Date>, bool),
) -> usize {
    let dates: Vec<_> = versions
        .iter()
        .map(|&i| {
            super::versions::provenance_date(slots[i].as_ref().and_then(|p| p.provenance.as_ref()))
        })
        .collect();
    let chosen = super::versions::in_force(&dates, at).map(|rank| versions[rank]);
    if let (Some(chosen), [_]) = (chosen, versions.as_slice()) {
        return chosen;
    }
    let kept = chosen.and_then(|i| slots[i].clone());
    for &i in &versions {
        slots[i] = None;
    }
    slots.push(Some(kept.unwrap_or_else(|| raw::Position {
        item: item.to_owned(),
        stance: raw::Stance::Unknown,
        salience: None,
        flexibility: None,
        maturity: None,
        reference: None,
        tallies: Vec::new(),
        provenance: None,
        note: None,
        text: None,
        confidential: None,
    })));
    slots.len() - 1
}

fn change(position: &mut raw::Position, change: &Change, text: &str) {
    let what_if = || {
        Some(raw::Provenance::Illustrative {
            note: format!("what-if: {text}"),
            as_of: None,
        })
    };
    let (mut prefers, mut accepts, mut conditions, mut opposes) = match &position.stance {
        raw::Stance::Options {
            prefers,
            accepts,
            conditions,
            opposes,
        } => (
            prefers.clone(),
            accepts.clone(),
            conditions.clone(),
            opposes.clone(),
        ),
        _ => (None, Vec::new(), indexmap::IndexMap::new(), Vec::new()),
    };
    let shifted = |estimate: Option<raw::Estimate>, delta: f64| {
        let value = match estimate {
            Some(raw::Estimate::Sourced(v) | raw::Estimate::Estimated(v)) => v,
            None => 0.5,
        };
        Some(raw::Estimate::Estimated((value + delta).clamp(0.0, 1.0)))
    };
    match change {
        Change::Salience(value) => position.salience = Some(raw::Estimate::Estimated(*value)),
        Change::Flexibility(value) => position.flexibility = Some(raw::Estimate::Estimated(*value)),
        Change::ShiftSalience(delta) => position.salience = shifted(position.salience, *delta),
        Change::ShiftFlexibility(delta) => {
            position.flexibility = shifted(position.flexibility, *delta)
        }
        Change::Stance(stance) => {
            position.stance = stance.clone();
            position.tallies.clear();
            position.provenance = what_if();
        }
        Change::Prefers(option) => {
            accepts.retain(|a| a != option);
            accepts.insert(0, option.clone());
            opposes.retain(|o| o != option);
            prefers = Some(option.clone());
            position.stance = raw::Stance::Options {
                prefers,
                accepts,
                conditions,
                opposes,
            };
            position.tallies.clear();
            position.provenance = what_if();
        }
        Change::Accepts(list) => {
            if prefers.as_ref().is_some_and(|p| !list.contains(p)) {
                prefers = None;
            }
            let mut ordered = list.clone();
            if let Some(p) = &prefers {
                ordered.retain(|a| a != p);
                ordered.insert(0, p.clone());
            }
            conditions.retain(|option, _| ordered.contains(option));
            opposes.retain(|o| !ordered.contains(o));
            position.stance = raw::Stance::Options {
                prefers,
                accepts: ordered,
                conditions,
                opposes,
            };
            position.tallies.clear();
            position.provenance = what_if();
        }
        Change::Opposes(list) => {
            if prefers.as_ref().is_some_and(|p| list.contains(p)) {
                prefers = None;
            }
            accepts.retain(|a| !list.contains(a));
            conditions.retain(|option, _| accepts.contains(option));
            position.stance = raw::Stance::Options {
                prefers,
                accepts,
                conditions,
                opposes: list.clone(),
            };
            position.tallies.clear();
            position.provenance = what_if();
        }
    }
}

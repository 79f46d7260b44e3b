//! Cross-pressured states and the risk of being carried forward.

use crate::id::{GroupId, ItemId, StateId};
use crate::model::Scenario;

use super::{CrossPressure, ItemAnalysis, ItemStatus, Risk, RiskReason};

/// States that are members of both groups of a conflicting pair, by pair then state order.
pub(super) fn cross_pressured<'a>(
    conflicts: impl Iterator<Item = (&'a GroupId, &'a GroupId)>,
    dual_members: &[(StateId, Vec<GroupId>)],
) -> Vec<CrossPressure> {
    let mut out = Vec::new();
    if dual_members.is_empty() {
        return out;
    }
    for (a, b) in conflicts {
        for (state, groups) in dual_members {
            if groups.contains(a) && groups.contains(b) {
                out.push(CrossPressure {
                    state: state.clone(),
                    groups: (a.clone(), b.clone()),
                });
            }
        }
    }
    out
}

/// Contested items, and items that depend (directly or not) on a contested item.
pub(super) fn carry_forward(scenario: &Scenario, items: &mut [ItemAnalysis]) {
    let to = scenario.conference.next.clone();
    let contested: Vec<bool> = items
        .iter()
        .map(|item| item.status == ItemStatus::Contested)
        .collect();
    for index in 0..items.len() {
        let reason = if contested[index] {
            Some(RiskReason::Contested)
        } else {
            contested_dependency(scenario, &items[index].item, &contested, &mut Vec::new())
                .map(RiskReason::DependsOn)
        };
        items[index].at_risk = reason.map(|reason| Risk {
            to: to.clone(),
            reason,
        });
    }
}

/// The first contested item `item` depends on, depth first in `depends_on` order. Dependencies
/// are acyclic (validated); `seen` guards anyway.
fn contested_dependency(
    scenario: &Scenario,
    item: &ItemId,
    contested: &[bool],
    seen: &mut Vec<ItemId>,
) -> Option<ItemId> {
    for dependency in &scenario.items[item].depends_on {
        if seen.contains(dependency) {
            continue;
        }
        seen.push(dependency.clone());
        let index = scenario.items.get_index_of(dependency)?;
        if contested[index] {
            return Some(dependency.clone());
        }
        if let Some(found) = contested_dependency(scenario, dependency, contested, seen) {
            return Some(found);
        }
    }
    None
}

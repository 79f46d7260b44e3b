//! Cross-pressured states and the risk of being carried forward.

use crate::id::{GroupId, StateId};
use crate::model::Scenario;

use super::{CrossPressure, ItemAnalysis, ItemStatus, Risk, RiskReason};

/// States that are members of both groups of a conflicting pair, by pair then state order.
/// Each group's dual members are a bitset over `dual_members`, so a pair costs a few words of
/// `and`, not a search of every state's groups (3,000 groups: 4.5 million pairs).
pub(super) fn cross_pressured<'a>(
    conflicts: impl Iterator<Item = (&'a GroupId, &'a GroupId)>,
    dual_members: &[(StateId, Vec<GroupId>)],
) -> (Vec<CrossPressure>, usize) {
    let mut out = Vec::new();
    let mut more = 0usize;
    if dual_members.is_empty() {
        return (out, more);
    }
    let words = dual_members.len().div_ceil(64);
    let mut members: std::collections::HashMap<&GroupId, Vec<u64>> =
        std::collections::HashMap::new();
    for (index, (_, groups)) in dual_members.iter().enumerate() {
        for group in groups {
            members.entry(group).or_insert_with(|| vec![0; words])[index / 64] |= 1 << (index % 64);
        }
    }
    for (a, b) in conflicts {
        let (Some(of_a), Some(of_b)) = (members.get(a), members.get(b)) else {
            continue;
        };
        for (word, (x, y)) in of_a.iter().zip(of_b).enumerate() {
            let mut both = x & y;
            // Past the bound, counted only: thousands of overlapping groups give millions.
            if out.len() >= MAX_CROSS_PRESSURES {
                more += both.count_ones() as usize;
                continue;
            }
            while both != 0 {
                let index = word * 64 + both.trailing_zeros() as usize;
                both &= both - 1;
                if out.len() == MAX_CROSS_PRESSURES {
                    more += 1;
                    continue;
                }
                out.push(CrossPressure {
                    state: dual_members[index].0.clone(),
                    groups: (a.clone(), b.clone()),
                });
            }
        }
    }
    (out, more)
}

/// The most cross-pressured states an item lists (the rest are counted): no reader goes
/// through more, and 5,000 groups whose members overlap would give millions an item.
pub const MAX_CROSS_PRESSURES: usize = 1000;

/// Contested items, and items that depend (directly or not) on a contested item.
pub(super) fn carry_forward(scenario: &Scenario, items: &mut [ItemAnalysis]) {
    let to = scenario.conference.next.clone();
    let contested: Vec<bool> = items
        .iter()
        .map(|item| item.status == ItemStatus::Contested)
        .collect();
    let first = first_contested_dependencies(scenario, &contested);
    for (index, item) in items.iter_mut().enumerate() {
        let reason = if contested[index] {
            Some(RiskReason::Contested)
        } else {
            first[index].map(|dependency| {
                RiskReason::DependsOn(
                    scenario
                        .items
                        .get_index(dependency)
                        .expect("an item")
                        .0
                        .clone(),
                )
            })
        };
        item.at_risk = reason.map(|reason| Risk {
            to: to.clone(),
            reason,
        });
    }
}

/// For each item (by index), the first contested item it depends on, directly or not: depth
/// first in `depends_on` order, so the first dependency that is contested or leads to one. Each
/// item is worked out once, from its dependencies' answers (a dependency whose own answer is
/// none is passed over, as a depth-first search would after exploring it), so a chain of n items
/// costs n steps, not n³; an explicit stack, so a long chain cannot overflow the call stack.
/// Dependencies are acyclic (validated); a cycle anyway ends as "none".
fn first_contested_dependencies(scenario: &Scenario, contested: &[bool]) -> Vec<Option<usize>> {
    let n = scenario.items.len();
    let deps: Vec<Vec<usize>> = scenario
        .items
        .values()
        .map(|item| {
            item.depends_on
                .iter()
                .filter_map(|dependency| scenario.items.get_index_of(dependency))
                .collect()
        })
        .collect();
    // 0: not started, 1: on the stack, 2: done.
    let mut state = vec![0u8; n];
    let mut first: Vec<Option<usize>> = vec![None; n];
    for root in 0..n {
        if state[root] != 0 {
            continue;
        }
        // (item, how many of its dependencies are visited).
        let mut stack = vec![(root, 0usize)];
        state[root] = 1;
        while let Some((at, visited)) = stack.last_mut() {
            let at = *at;
            if let Some(&next) = deps[at].get(*visited) {
                *visited += 1;
                if state[next] == 0 {
                    state[next] = 1;
                    stack.push((next, 0));
                }
                continue;
            }
            first[at] = deps[at].iter().find_map(|&d| {
                if contested[d] {
                    Some(d)
                } else if state[d] == 2 {
                    first[d]
                } else {
                    None
                }
            });
            state[at] = 2;
            stack.pop();
        }
    }
    first
}

//! Group-aware consensus (Polis) of an option over member tallies.

use crate::id::OptionId;
use crate::model::{Item, Scenario};

use super::GroupAwareConsensus;

/// For each option with a tally in any group: Π_g (1 + A_g)/(2 + S_g) over the groups that have a
/// tally on the item (A_g supporters, S_g those who voted on the option; a group without a tally
/// on this option counts 1/2), and its |groups|-th root.
pub(super) fn group_aware(
    scenario: &Scenario,
    item: &Item,
    options: &[(OptionId, bool)],
) -> Vec<GroupAwareConsensus> {
    let tallied: Vec<&[crate::model::Tally]> = scenario
        .positions
        .values()
        .map(|positions| positions.cells[&item.id].tallies.as_slice())
        .filter(|tallies| !tallies.is_empty())
        .collect();
    if tallied.is_empty() {
        return Vec::new();
    }
    options
        .iter()
        .filter(|(option, _)| {
            tallied
                .iter()
                .any(|tallies| tallies.iter().any(|tally| &tally.option == option))
        })
        .map(|(option, _)| {
            let value: f64 = tallied
                .iter()
                .map(|tallies| {
                    let (agree, voted) = tallies
                        .iter()
                        .find(|tally| &tally.option == option)
                        .map_or((0, 0), |tally| {
                            (
                                tally.support.len(),
                                tally.support.len() + tally.oppose.len(),
                            )
                        });
                    (1.0 + agree as f64) / (2.0 + voted as f64)
                })
                .product();
            GroupAwareConsensus {
                option: option.clone(),
                value,
                root: value.powf(1.0 / tallied.len() as f64),
                groups: tallied.len(),
            }
        })
        .collect()
}

//! One agenda item of `concord report` as an [`ItemView`]: the facts gathered here, once; the
//! words are in `report::view_words`.

use concord_core::analysis::{Compromise, GroupCell, ItemAnalysis, NotStated, Stated};
use concord_core::id::{GroupId, ItemId, OptionId};
use concord_core::model::{ItemKind, ItemOption, Outcomes, Scenario};

use super::{
    AcceptingGroup, ItemView, MemberStatePosition, NotStatedKind, OpposingGroup, OptionView,
    SHOWN_CONFLICTS, ScalePosition, shown_conflicts,
};

/// The view of one item: its options or scale positions, the compromise, conflicts, coalition,
/// blocking set, risk, who is not stated, and the member states' own positions.
pub(super) fn item_view(
    scenario: &Scenario,
    analysis: &ItemAnalysis,
    outcomes: Option<&Outcomes>,
) -> ItemView {
    let item = &scenario.items[&analysis.item];
    let (options, scale_positions) = match &item.kind {
        ItemKind::Options(item_options) => (
            item_options
                .values()
                .zip(&analysis.weights)
                .map(|(option, weight)| option_view(analysis, option, weight.1))
                .collect(),
            Vec::new(),
        ),
        ItemKind::Scale(_) => (Vec::new(), scale_positions(analysis)),
    };
    ItemView {
        id: item.id.clone(),
        parent: super::IssueOf::of(scenario, item),
        title: item.title.clone(),
        document: item.document.clone(),
        status: analysis.status,
        options,
        scale_positions,
        compromise: analysis.compromise.clone(),
        compromise_conditions: match &analysis.compromise {
            Compromise::Options(ranked) => ranked
                .iter()
                .map(|(option, _)| {
                    let conditions = analysis
                        .conditions_on(option)
                        .into_iter()
                        .map(|(group, condition)| (group.clone(), condition.to_owned()))
                        .collect();
                    (option.clone(), conditions)
                })
                .filter(|(_, conditions): &(OptionId, Vec<(GroupId, String)>)| {
                    !conditions.is_empty()
                })
                .collect(),
            Compromise::Scale { .. } => Vec::new(),
        },
        conflicts: shown_conflicts(analysis, SHOWN_CONFLICTS),
        more_conflicts: analysis.conflict_count().saturating_sub(SHOWN_CONFLICTS),
        contention: analysis.contention,
        largest_coalition: analysis.largest_coalition.clone(),
        blocking: analysis.blocking.clone(),
        cross_pressured: analysis.cross_pressured.clone(),
        cross_pressured_more: analysis.cross_pressured_more,
        at_risk: analysis.at_risk.clone(),
        not_stated: not_stated(analysis),
        adoption: analysis
            .cells
            .iter()
            .flat_map(|cell| cell.adoption.iter().cloned())
            .collect(),
        consensus: analysis.consensus.clone(),
        member_states: member_states(scenario, &analysis.item),
        organisations: scenario
            .organisations
            .values()
            .filter_map(|organisation| {
                let view = organisation.views.get(&analysis.item)?;
                Some((
                    organisation.id.clone(),
                    view.stance.clone(),
                    view.note.clone(),
                ))
            })
            .collect(),
        recorded_outcome: outcomes
            .and_then(|outcomes| outcomes.outcomes.get(&analysis.item))
            .cloned(),
        known: known(analysis),
        stated: analysis.stated().count(),
        words: group_words(scenario, &analysis.item),
    }
}

/// How many groups' cells are known (anything but unknown), of how many.
pub(crate) fn known(analysis: &ItemAnalysis) -> (usize, usize) {
    let known = analysis
        .cells
        .iter()
        .filter(|cell| !matches!(cell.not_stated(), Some(NotStated::Unknown)))
        .count();
    (known, analysis.cells.len())
}

/// Each group's own words on the item, in group order.
pub(super) fn group_words(scenario: &Scenario, item: &ItemId) -> Vec<super::GroupWords> {
    scenario
        .positions
        .iter()
        .filter_map(|(group, positions)| {
            let cell = positions.cells.get(item)?;
            let preferred_condition = match &cell.stance {
                concord_core::model::Stance::Options(stance) => {
                    stance.prefers.as_ref().and_then(|preferred| {
                        stance
                            .accepts
                            .iter()
                            .find(|a| &a.option == preferred)
                            .and_then(|a| a.condition.clone())
                            .map(|condition| (preferred.clone(), condition))
                    })
                }
                _ => None,
            };
            let text = cell
                .text
                .clone()
                .filter(|_| cell.stance != concord_core::model::Stance::NotCoded);
            let words = super::GroupWords {
                group: group.clone(),
                preferred_condition,
                text,
                note: cell.note.clone(),
            };
            (words.preferred_condition.is_some() || words.text.is_some() || words.note.is_some())
                .then_some(words)
        })
        .collect()
}

/// One option with its weight and the stated groups that prefer, accept (with conditions and
/// confidential fallbacks) and oppose it.
fn option_view(analysis: &ItemAnalysis, option: &ItemOption, weight: f64) -> OptionView {
    let mut view = OptionView {
        id: option.id.clone(),
        label: option.label.clone(),
        action: option.action.clone(),
        status_quo: option.status_quo,
        weight: Some(weight),
        prefers: Vec::new(),
        accepts: Vec::new(),
        opposes: Vec::new(),
        reach: option.reach.clone(),
        outside: Vec::new(),
    };
    for cell in analysis.stated() {
        let Some(Stated::Options(stance)) = cell.stated() else {
            continue;
        };
        if stance.prefers.as_ref() == Some(&option.id) {
            view.prefers.push(cell.group.clone());
        } else if let Some(accepted) = stance.accepts.iter().find(|a| a.option == option.id) {
            view.accepts.push(AcceptingGroup {
                group: cell.group.clone(),
                condition: accepted.condition.clone(),
                confidential: accepted.confidential,
            });
        }
        if let Some((_, confidential)) = stance.opposes.iter().find(|(o, _)| o == &option.id) {
            view.opposes.push(OpposingGroup {
                group: cell.group.clone(),
                confidential: *confidential,
            });
        } else if stance.is_outside(&option.id) && !stance.accepts(&option.id) {
            view.outside.push(cell.group.clone());
        }
    }
    view
}

/// A scale item's stated positions, in group order.
fn scale_positions(analysis: &ItemAnalysis) -> Vec<ScalePosition> {
    analysis
        .stated()
        .filter_map(|cell| match cell.stated() {
            Some(Stated::Scale(scale)) => Some(ScalePosition {
                group: cell.group.clone(),
                scale: *scale,
            }),
            _ => None,
        })
        .collect()
}

/// The groups not stated, by kind in a fixed order (kinds without a group left out).
fn not_stated(analysis: &ItemAnalysis) -> Vec<(NotStatedKind, Vec<GroupCell>)> {
    NotStatedKind::ALL
        .into_iter()
        .filter_map(|kind| {
            let cells: Vec<GroupCell> = analysis
                .cells
                .iter()
                .filter(|cell| cell.not_stated().is_some_and(|n| kind.is(n)))
                .cloned()
                .collect();
            (!cells.is_empty()).then_some((kind, cells))
        })
        .collect()
}

impl NotStatedKind {
    /// Every kind, in the order the report lists them.
    pub const ALL: [NotStatedKind; 5] = [
        NotStatedKind::NoCommonProposal,
        NotStatedKind::NotCoded,
        NotStatedKind::NoPositionYet,
        NotStatedKind::NoProposal,
        NotStatedKind::Unknown,
    ];

    /// Whether `not_stated` is of this kind.
    pub fn is(self, not_stated: &NotStated) -> bool {
        matches!(
            (self, not_stated),
            (
                NotStatedKind::NoCommonProposal,
                NotStated::NoCommonProposal(_)
            ) | (NotStatedKind::NoPositionYet, NotStated::NoPositionYet)
                | (NotStatedKind::NotCoded, NotStated::NotCoded(_))
                | (NotStatedKind::NoProposal, NotStated::NoProposal)
                | (NotStatedKind::Unknown, NotStated::Unknown)
        )
    }
}

/// The member states' own positions on `item`, from every group's file, in group order.
fn member_states(scenario: &Scenario, item: &ItemId) -> Vec<MemberStatePosition> {
    scenario
        .positions
        .iter()
        .flat_map(|(group, positions)| {
            positions
                .state_positions
                .iter()
                .filter(move |position| &position.item == item)
                .map(move |position| MemberStatePosition {
                    state: position.state.clone(),
                    group: group.clone(),
                    stance: position.stance.clone(),
                    note: position.note.clone(),
                })
        })
        .collect()
}

/// The stated groups of `item` whose position is an estimate or an illustration, or whose
/// salience or flexibility is an estimate (or the 0.5 default), in group order, in words: "ATU
/// salience and flexibility", "CEPT position (estimated), flexibility". A result that rests on
/// them says so where it is shown.
pub fn estimated_weights(scenario: &Scenario, item: &ItemId) -> Vec<String> {
    use concord_core::model::Basis;
    scenario
        .groups
        .keys()
        .filter_map(|group| {
            let cell = scenario.cell(group, item);
            if !cell.stance.is_stated() {
                return None;
            }
            let salience = cell.salience.basis != Basis::Sourced;
            let flexibility = cell.flexibility.basis != Basis::Sourced;
            let weights = match (salience, flexibility) {
                (true, true) => Some("salience and flexibility"),
                (true, false) => Some("salience"),
                (false, true) => Some("flexibility"),
                (false, false) => None,
            };
            // A position that is itself an estimate or an illustration comes first.
            let position = match cell.provenance {
                concord_core::model::Provenance::Estimated { .. } => Some("position (estimated)"),
                concord_core::model::Provenance::Illustrative { .. } => {
                    Some("position (illustrative)")
                }
                _ => None,
            };
            match (position, weights) {
                (Some(position), Some(weights)) => Some(format!("{group} {position}, {weights}")),
                (Some(position), None) => Some(format!("{group} {position}")),
                (None, Some(weights)) => Some(format!("{group} {weights}")),
                (None, None) => None,
            }
        })
        .collect()
}

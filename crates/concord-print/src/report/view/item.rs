//! One agenda item of `concord report` as an [`ItemView`]: every label built here, once.

use concord_core::analysis::{Coalition, Compromise, ItemAnalysis, NotStated, Stated};
use concord_core::id::ItemId;
use concord_core::model::{ItemKind, ItemOption, Outcomes, Scenario};

use super::{
    ItemView, OptionLine, SHOWN_CONFLICTS, blocking_label, condition_clause, conflict_lines,
    group_list, number, outcome_label, stance_words,
};
use crate::report::adoption;

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
                .map(|(option, weight)| option_line(analysis, option, weight.1))
                .collect(),
            Vec::new(),
        ),
        ItemKind::Scale(_) => (Vec::new(), scale_positions(analysis)),
    };
    ItemView {
        id: item.id.to_string(),
        title: item.title.clone(),
        document: item.document.clone(),
        status: analysis.status,
        options,
        scale_positions,
        compromise: compromise_label(&analysis.compromise),
        conflicts: conflict_lines(analysis, SHOWN_CONFLICTS),
        more_conflicts: analysis.conflict_count().saturating_sub(SHOWN_CONFLICTS),
        contention: analysis.contention,
        largest_coalition: analysis.largest_coalition.as_ref().map(coalition_label),
        blocking: blocking_label(analysis),
        cross_pressured: analysis
            .cross_pressured
            .iter()
            .map(|c| format!("{} ({} × {})", c.state, c.groups.0, c.groups.1))
            .collect(),
        at_risk: analysis.at_risk.as_ref().map(|risk| match &risk.to {
            Some(to) => format!("to {to}: {}", crate::report::reasons::risk(&risk.reason)),
            None => crate::report::reasons::risk(&risk.reason),
        }),
        not_stated: not_stated(analysis),
        adoption: analysis
            .cells
            .iter()
            .flat_map(|cell| cell.adoption.iter().map(adoption::note))
            .collect(),
        consensus: analysis
            .consensus
            .iter()
            .map(|c| {
                format!(
                    "{}: {} over {} groups (size-robust {})",
                    c.option,
                    number(c.value),
                    c.groups,
                    number(c.root)
                )
            })
            .collect(),
        member_states: member_states(scenario, &analysis.item),
        recorded_outcome: outcomes
            .and_then(|outcomes| outcomes.outcomes.get(&analysis.item))
            .map(outcome_label),
    }
}

/// One option with its weight and the stated groups that prefer, accept (with conditions and
/// confidential fallbacks marked) and oppose it.
fn option_line(analysis: &ItemAnalysis, option: &ItemOption, weight: f64) -> OptionLine {
    let mut line = OptionLine {
        id: option.id.to_string(),
        label: option.label.clone(),
        action: option
            .action
            .as_ref()
            .map(concord_core::model::Action::label),
        status_quo: option.status_quo,
        weight: Some(weight),
        prefers: Vec::new(),
        accepts: Vec::new(),
        opposes: Vec::new(),
    };
    for cell in analysis.stated() {
        let Some(Stated::Options(stance)) = cell.stated() else {
            continue;
        };
        if stance.prefers.as_ref() == Some(&option.id) {
            line.prefers.push(cell.group.to_string());
        } else if let Some(accepted) = stance.accepts.iter().find(|a| a.option == option.id) {
            let mut text = cell.group.to_string();
            if let Some(condition) = &accepted.condition {
                text.push_str(&format!(" ({})", condition_clause(condition)));
            }
            if accepted.confidential {
                text.push_str(" (confidential)");
            }
            line.accepts.push(text);
        }
        if let Some((_, confidential)) = stance.opposes.iter().find(|(o, _)| o == &option.id) {
            let suffix = if *confidential { " (confidential)" } else { "" };
            line.opposes.push(format!("{}{suffix}", cell.group));
        }
    }
    line
}

/// A scale item's stated positions: "CEPT: at 60, accepts 50-70".
fn scale_positions(analysis: &ItemAnalysis) -> Vec<String> {
    let mut positions = Vec::new();
    for cell in analysis.stated() {
        if let Some(Stated::Scale(scale)) = cell.stated() {
            positions.push(format!(
                "{}: at {}, accepts {}-{}",
                cell.group,
                number(scale.at),
                number(scale.range.0),
                number(scale.range.1)
            ));
        }
    }
    positions
}

/// The ranked compromises with W(o) ("stable (W 71.5) > noc (W 0)"), the scale point and zone,
/// or "none".
fn compromise_label(compromise: &Compromise) -> String {
    match compromise {
        Compromise::Options(ranked) if ranked.is_empty() => "none".to_owned(),
        Compromise::Options(ranked) => ranked
            .iter()
            .map(|(option, weight)| format!("{option} (W {})", number(*weight)))
            .collect::<Vec<_>>()
            .join(" > "),
        Compromise::Scale { point, zone } => {
            let point = point.map_or("none".to_owned(), |p| format!("point {}", number(p)));
            match zone {
                Some((lo, hi)) => format!("{point}, zone {}-{}", number(*lo), number(*hi)),
                None => format!("{point}, no shared zone"),
            }
        }
    }
}

/// The largest coalition: "CEPT, CITEL on stable (capability 143)".
fn coalition_label(coalition: &Coalition) -> String {
    let on = match (&coalition.option, coalition.point) {
        (Some(option), _) => format!("on {option}"),
        (None, Some(point)) => format!("at {}", number(point)),
        (None, None) => String::new(),
    };
    format!(
        "{} {on} (capability {})",
        group_list(&coalition.groups),
        number(coalition.capability)
    )
}

/// The groups not stated, by kind in a fixed order, each with its reason when it has one.
fn not_stated(analysis: &ItemAnalysis) -> Vec<(String, Vec<String>)> {
    let mut not_stated: Vec<(String, Vec<String>)> = Vec::new();
    for kind in [
        "no common proposal",
        "no position yet",
        "no proposal",
        "unknown",
    ] {
        let groups: Vec<String> = analysis
            .cells
            .iter()
            .filter(|cell| cell.not_stated().is_some_and(|n| n.label() == kind))
            .map(|cell| match cell.not_stated() {
                Some(NotStated::NoCommonProposal(reason)) => {
                    format!(
                        "{} ({})",
                        cell.group,
                        adoption::no_common_proposal(cell, reason)
                    )
                }
                _ => cell.group.to_string(),
            })
            .collect();
        if !groups.is_empty() {
            not_stated.push((kind.to_owned(), groups));
        }
    }
    not_stated
}

/// The member states' own positions on `item`, from every group's file: "USA (in CITEL):
/// prefers noc; opposes imt — note".
fn member_states(scenario: &Scenario, item: &ItemId) -> Vec<String> {
    scenario
        .positions
        .iter()
        .flat_map(|(group, positions)| {
            positions
                .state_positions
                .iter()
                .filter(move |position| &position.item == item)
                .map(move |position| {
                    let stance = stance_words(&position.stance);
                    let note = position
                        .note
                        .as_ref()
                        .map(|note| format!(" — {note}"))
                        .unwrap_or_default();
                    format!("{} (in {group}): {stance}{note}", position.state)
                })
        })
        .collect()
}

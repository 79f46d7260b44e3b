//! Who is stated: each group's effective position on an item, after its adoption rule has been
//! applied to the member tallies and its confidential part has been added.

use crate::id::{GroupId, OptionId};
use crate::model::{
    AdoptionRule, Capability, Cell, Group, ItemKind, Maturity, MaturityLevel, Scenario, Stance,
    Tally,
};

use super::{
    AcceptedOption, AdoptionNote, CellPosition, EffectiveOptions, EffectiveScale, GroupCell,
    NotStated, Stated,
};

/// The effective cell of `group` on an item.
pub(super) fn group_cell(
    scenario: &Scenario,
    group: &Group,
    cell: &Cell,
    kind: &ItemKind,
) -> GroupCell {
    let base_capability = capability(scenario, group);
    let salience = cell.salience.value;
    let flexibility = cell
        .confidential
        .as_ref()
        .and_then(|confidential| confidential.flexibility)
        .unwrap_or(cell.flexibility.value);
    let not_stated = |kind: NotStated| GroupCell {
        group: group.id.clone(),
        position: CellPosition::NotStated(kind),
        adoption: Vec::new(),
        capability: base_capability,
        salience,
        flexibility,
    };
    match (&cell.stance, kind) {
        (Stance::NoPositionYet, _) => not_stated(NotStated::NoPositionYet),
        (Stance::NoProposal, _) => not_stated(NotStated::NoProposal),
        (Stance::Unknown, _) => not_stated(NotStated::Unknown),
        (Stance::Scale(stance), _) => {
            let limits = cell
                .confidential
                .as_ref()
                .and_then(|confidential| confidential.limits)
                .or(stance.limits)
                .unwrap_or(stance.range);
            GroupCell {
                position: CellPosition::Stated(Stated::Scale(EffectiveScale {
                    at: stance.at,
                    range: stance.range,
                    limits,
                })),
                ..not_stated(NotStated::Unknown)
            }
        }
        (Stance::Options(stance), _) => {
            let mut accepts: Vec<AcceptedOption> = stance
                .accepts
                .iter()
                .map(|accepted| AcceptedOption {
                    option: accepted.option.clone(),
                    condition: accepted.condition.clone(),
                    confidential: false,
                })
                .collect();
            let mut opposes: Vec<(OptionId, bool)> =
                stance.opposes.iter().map(|o| (o.clone(), false)).collect();
            if let Some(confidential) = &cell.confidential {
                accepts.extend(confidential.fallbacks.iter().map(|option| AcceptedOption {
                    option: option.clone(),
                    condition: None,
                    confidential: true,
                }));
                opposes.extend(confidential.red_lines.iter().map(|o| (o.clone(), true)));
            }
            let mut prefers = stance.prefers.clone();
            let RuleResult {
                notes: adoption,
                failed,
                cancelled,
                signatories,
            } = apply_rule(group, &cell.tallies);
            if let Some(reason) = cancelled {
                return GroupCell {
                    adoption,
                    ..not_stated(NotStated::NoCommonProposal(reason))
                };
            }
            accepts.retain(|accepted| !failed.contains(&accepted.option));
            if prefers
                .as_ref()
                .is_some_and(|preferred| failed.contains(preferred))
            {
                prefers = None;
            }
            if accepts.is_empty() && !failed.is_empty() {
                let reason = adoption
                    .iter()
                    .filter(|note| !note.passed)
                    .map(|note| note.text.clone())
                    .collect::<Vec<_>>()
                    .join("; ");
                return GroupCell {
                    adoption,
                    ..not_stated(NotStated::NoCommonProposal(reason))
                };
            }
            // APT: an ACP binds only its signatories.
            let capability = match (&group.rule, signatories) {
                (AdoptionRule::OptIn, Some(signatories))
                    if scenario.capability == Capability::Members =>
                {
                    f64::from(signatories)
                }
                _ => base_capability,
            };
            GroupCell {
                group: group.id.clone(),
                position: CellPosition::Stated(Stated::Options(EffectiveOptions {
                    prefers,
                    accepts,
                    opposes,
                })),
                adoption,
                capability,
                salience,
                flexibility,
            }
        }
    }
}

/// A group's weight: its active member count, 1, or the scenario's explicit value.
pub(super) fn capability(scenario: &Scenario, group: &Group) -> f64 {
    match &scenario.capability {
        // Only ITU Member States weigh: not observers, nor states that joined later.
        Capability::Members => group
            .membership
            .members
            .iter()
            .filter(|member| {
                scenario
                    .states
                    .get(*member)
                    .is_none_or(|state| state.member)
            })
            .count() as f64,
        Capability::Equal => 1.0,
        Capability::Explicit(weights) => weights.get(&group.id).copied().unwrap_or(0.0),
    }
}

/// The group's name for a common proposal (ECP, IAP, ACP, ...).
fn proposal_word(group: &GroupId) -> &'static str {
    Maturity::Generic(MaturityLevel::CommonProposal).label(group.as_str())
}

/// What a group's adoption rule makes of a cell's tallies.
struct RuleResult {
    /// One note per tally: passed or failed, and why.
    notes: Vec<AdoptionNote>,
    /// The options whose tally failed.
    failed: Vec<OptionId>,
    /// Why competing proposals cancel (CITEL), when they do.
    cancelled: Option<String>,
    /// The distinct signatories of the passing proposals (opt-in); `None` without tallies.
    signatories: Option<u32>,
}

/// Applies the group's rule to each tally.
fn apply_rule(group: &Group, tallies: &[Tally]) -> RuleResult {
    let word = proposal_word(&group.id);
    let mut notes = Vec::new();
    let mut failed = Vec::new();
    let mut passed: Vec<(&OptionId, u32)> = Vec::new();
    // The distinct states that signed a passing proposal: a state signing two counts once.
    let mut signers: std::collections::BTreeSet<&crate::id::StateId> =
        std::collections::BTreeSet::new();
    for tally in tallies {
        let support = u32::try_from(tally.support.len()).unwrap_or(u32::MAX);
        let oppose = u32::try_from(tally.oppose.len()).unwrap_or(u32::MAX);
        let option = &tally.option;
        let (pass, text) = match &group.rule {
            AdoptionRule::Thresholds {
                min_support,
                max_oppose,
            } => {
                if support < *min_support {
                    (
                        false,
                        format!(
                            "{}: no {word} on option `{option}` — {support} co-signing, {min_support} needed",
                            group.id
                        ),
                    )
                } else if oppose > *max_oppose {
                    (
                        false,
                        format!(
                            "{}: no {word} on option `{option}` — {oppose} opposing, at most {max_oppose} allowed",
                            group.id
                        ),
                    )
                } else {
                    (
                        true,
                        format!(
                            "{}: {word} on option `{option}` — {support} co-signing, {oppose} opposing",
                            group.id
                        ),
                    )
                }
            }
            AdoptionRule::ObjectionRatio {
                min_support,
                max_objection_ratio,
                ..
            } => {
                let allowed = max_objection_ratio * f64::from(support);
                if support < *min_support {
                    (
                        false,
                        format!(
                            "{}: no {word} on option `{option}` — {support} supporting, {min_support} needed",
                            group.id
                        ),
                    )
                } else if f64::from(oppose) > allowed {
                    (
                        false,
                        format!(
                            "{}: no {word} on option `{option}` — {oppose} objecting, more than {} × {support} supporting",
                            group.id,
                            crate::diag::number(*max_objection_ratio)
                        ),
                    )
                } else {
                    (
                        true,
                        format!(
                            "{}: {word} on option `{option}` — {support} supporting, {oppose} objecting",
                            group.id
                        ),
                    )
                }
            }
            AdoptionRule::OptIn => {
                if support == 0 {
                    (
                        false,
                        format!(
                            "{}: no {word} on option `{option}` — no signatory",
                            group.id
                        ),
                    )
                } else {
                    (
                        true,
                        format!(
                            "{}: {word} on option `{option}`, {support} signator{}",
                            group.id,
                            if support == 1 { "y" } else { "ies" }
                        ),
                    )
                }
            }
            AdoptionRule::Endorsements {
                min_endorsements,
                max_objections,
            } => {
                if support < *min_endorsements {
                    (
                        false,
                        format!(
                            "{}: no {word} on option `{option}` — {support} endorsements, {min_endorsements} needed",
                            group.id
                        ),
                    )
                } else if oppose > *max_objections {
                    (
                        false,
                        format!(
                            "{}: no {word} on option `{option}` — {oppose} written objections, at most {max_objections} allowed",
                            group.id
                        ),
                    )
                } else {
                    (
                        true,
                        format!(
                            "{}: {word} on option `{option}` — {support} endorsements, {oppose} objections",
                            group.id
                        ),
                    )
                }
            }
            AdoptionRule::Consensus => {
                if oppose > 0 {
                    (
                        false,
                        format!(
                            "{}: no {word} on option `{option}` — {oppose} member{} object{}, no consensus",
                            group.id,
                            if oppose == 1 { "" } else { "s" },
                            if oppose == 1 { "s" } else { "" }
                        ),
                    )
                } else {
                    (
                        true,
                        format!("{}: {word} on option `{option}` by consensus", group.id),
                    )
                }
            }
        };
        if pass {
            passed.push((option, support));
            signers.extend(tally.support.iter());
        } else {
            failed.push(option.clone());
        }
        notes.push(AdoptionNote {
            option: option.clone(),
            passed: pass,
            text,
        });
    }
    let cancels = matches!(
        group.rule,
        AdoptionRule::ObjectionRatio {
            competing_cancel: true,
            ..
        }
    );
    let cancelled = (cancels && passed.len() >= 2).then(|| {
        let options = passed
            .iter()
            .map(|(option, _)| format!("`{option}`"))
            .collect::<Vec<_>>()
            .join(" and ");
        format!(
            "{}: {} {word}s pass on options {options} and cancel — no common proposal",
            group.id,
            number_word(passed.len())
        )
    });
    // Opt-in: the distinct signatories of every passing proposal; when tallies were given and
    // none passed, nobody signed (0), not the whole membership.
    let signatories =
        (!tallies.is_empty()).then(|| u32::try_from(signers.len()).unwrap_or(u32::MAX));
    RuleResult {
        notes,
        failed,
        cancelled,
        signatories,
    }
}

fn number_word(n: usize) -> String {
    match n {
        2 => "two".into(),
        3 => "three".into(),
        4 => "four".into(),
        n => n.to_string(),
    }
}

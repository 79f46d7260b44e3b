//! Who is stated: each group's effective position on an item, after its adoption rule has been
//! applied to the member tallies and its confidential part has been added.

use crate::id::{GroupId, OptionId};
use crate::model::{
    AdoptionRule, Capability, Cell, Group, ItemKind, Maturity, MaturityLevel, OptionsStance,
    ScaleStance, Scenario, Stance, Tally,
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
        (Stance::Scale(stance), _) => GroupCell {
            position: CellPosition::Stated(Stated::Scale(effective_scale(cell, stance))),
            ..not_stated(NotStated::Unknown)
        },
        (Stance::Options(stance), _) => {
            options_cell(scenario, group, cell, stance, base_capability, not_stated)
        }
    }
}

/// A scale stance with its hard limits: the confidential ones, else the stated ones, else the
/// acceptable range.
fn effective_scale(cell: &Cell, stance: &ScaleStance) -> EffectiveScale {
    let limits = cell
        .confidential
        .as_ref()
        .and_then(|confidential| confidential.limits)
        .or(stance.limits)
        .unwrap_or(stance.range);
    EffectiveScale {
        at: stance.at,
        range: stance.range,
        limits,
    }
}

/// The effective cell on an options item: the stance with its confidential part, less the
/// options whose tally failed; no common proposal when proposals cancel or nothing is left.
fn options_cell(
    scenario: &Scenario,
    group: &Group,
    cell: &Cell,
    stance: &OptionsStance,
    base_capability: f64,
    not_stated: impl Fn(NotStated) -> GroupCell,
) -> GroupCell {
    let (mut accepts, opposes) = with_confidential(cell, stance);
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
        (AdoptionRule::OptIn, Some(signatories)) if scenario.capability == Capability::Members => {
            f64::from(signatories)
        }
        _ => base_capability,
    };
    GroupCell {
        position: CellPosition::Stated(Stated::Options(EffectiveOptions {
            prefers,
            accepts,
            opposes,
        })),
        adoption,
        capability,
        ..not_stated(NotStated::Unknown)
    }
}

/// The accepted options and red lines of a stance, the confidential fallbacks and red lines
/// (marked confidential) after the public ones.
fn with_confidential(
    cell: &Cell,
    stance: &OptionsStance,
) -> (Vec<AcceptedOption>, Vec<(OptionId, bool)>) {
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
    (accepts, opposes)
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
        let count = Count {
            group: &group.id,
            word,
            option: &tally.option,
            support: u32::try_from(tally.support.len()).unwrap_or(u32::MAX),
            oppose: u32::try_from(tally.oppose.len()).unwrap_or(u32::MAX),
        };
        let (pass, text) = count.judge(&group.rule);
        let option = &tally.option;
        if pass {
            passed.push((option, count.support));
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
    let cancelled = cancellation(group, word, &passed);
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

/// Why the passing proposals cancel, when the rule makes competing proposals cancel (CITEL) and
/// two or more pass.
fn cancellation(group: &Group, word: &str, passed: &[(&OptionId, u32)]) -> Option<String> {
    let cancels = matches!(
        group.rule,
        AdoptionRule::ObjectionRatio {
            competing_cancel: true,
            ..
        }
    );
    (cancels && passed.len() >= 2).then(|| {
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
    })
}

/// One tally as a rule reads it: whose, the name of its proposal, the option and the counts.
#[derive(Clone, Copy)]
struct Count<'a> {
    group: &'a GroupId,
    word: &'static str,
    option: &'a OptionId,
    support: u32,
    oppose: u32,
}

impl Count<'_> {
    /// Whether the tally passes `rule`, and the note that says why.
    fn judge(self, rule: &AdoptionRule) -> (bool, String) {
        match rule {
            AdoptionRule::Thresholds {
                min_support,
                max_oppose,
            } => self.thresholds(*min_support, *max_oppose),
            AdoptionRule::ObjectionRatio {
                min_support,
                max_objection_ratio,
                ..
            } => self.objection_ratio(*min_support, *max_objection_ratio),
            AdoptionRule::OptIn => self.opt_in(),
            AdoptionRule::Endorsements {
                min_endorsements,
                max_objections,
            } => self.endorsements(*min_endorsements, *max_objections),
            AdoptionRule::Consensus => self.consensus(),
        }
    }

    /// Thresholds: enough co-signing, not too many opposing.
    fn thresholds(self, min_support: u32, max_oppose: u32) -> (bool, String) {
        let Count {
            group,
            word,
            option,
            support,
            oppose,
        } = self;
        if support < min_support {
            (
                false,
                format!(
                    "{group}: no {word} on option `{option}` — {support} co-signing, {min_support} needed"
                ),
            )
        } else if oppose > max_oppose {
            (
                false,
                format!(
                    "{group}: no {word} on option `{option}` — {oppose} opposing, at most {max_oppose} allowed"
                ),
            )
        } else {
            (
                true,
                format!(
                    "{group}: {word} on option `{option}` — {support} co-signing, {oppose} opposing"
                ),
            )
        }
    }

    /// Objection ratio: enough supporting, objections at most a share of the support.
    fn objection_ratio(self, min_support: u32, max_objection_ratio: f64) -> (bool, String) {
        let Count {
            group,
            word,
            option,
            support,
            oppose,
        } = self;
        let allowed = max_objection_ratio * f64::from(support);
        if support < min_support {
            (
                false,
                format!(
                    "{group}: no {word} on option `{option}` — {support} supporting, {min_support} needed"
                ),
            )
        } else if f64::from(oppose) > allowed {
            (
                false,
                format!(
                    "{group}: no {word} on option `{option}` — {oppose} objecting, more than {} × {support} supporting",
                    crate::diag::number(max_objection_ratio)
                ),
            )
        } else {
            (
                true,
                format!(
                    "{group}: {word} on option `{option}` — {support} supporting, {oppose} objecting"
                ),
            )
        }
    }

    /// Opt-in: one signatory is enough.
    fn opt_in(self) -> (bool, String) {
        let Count {
            group,
            word,
            option,
            support,
            ..
        } = self;
        if support == 0 {
            (
                false,
                format!("{group}: no {word} on option `{option}` — no signatory"),
            )
        } else {
            (
                true,
                format!(
                    "{group}: {word} on option `{option}`, {support} signator{}",
                    if support == 1 { "y" } else { "ies" }
                ),
            )
        }
    }

    /// Endorsements: enough endorsing, not too many written objections.
    fn endorsements(self, min_endorsements: u32, max_objections: u32) -> (bool, String) {
        let Count {
            group,
            word,
            option,
            support,
            oppose,
        } = self;
        if support < min_endorsements {
            (
                false,
                format!(
                    "{group}: no {word} on option `{option}` — {support} endorsements, {min_endorsements} needed"
                ),
            )
        } else if oppose > max_objections {
            (
                false,
                format!(
                    "{group}: no {word} on option `{option}` — {oppose} written objections, at most {max_objections} allowed"
                ),
            )
        } else {
            (
                true,
                format!(
                    "{group}: {word} on option `{option}` — {support} endorsements, {oppose} objections"
                ),
            )
        }
    }

    /// Consensus: no member objects.
    fn consensus(self) -> (bool, String) {
        let Count {
            group,
            word,
            option,
            oppose,
            ..
        } = self;
        if oppose > 0 {
            (
                false,
                format!(
                    "{group}: no {word} on option `{option}` — {oppose} member{} object{}, no consensus",
                    if oppose == 1 { "" } else { "s" },
                    if oppose == 1 { "s" } else { "" }
                ),
            )
        } else {
            (
                true,
                format!("{group}: {word} on option `{option}` by consensus"),
            )
        }
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

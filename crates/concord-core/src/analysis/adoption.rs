//! Who is stated: each group's effective position on an item, after its adoption rule has been
//! applied to the member tallies and its confidential part has been added.

use crate::id::{GroupId, OptionId};
use crate::model::{
    AdoptionRule, Capability, Cell, Group, ItemKind, OptionsStance, ScaleStance, Scenario, Stance,
    Tally,
};

use super::{
    AcceptedOption, CellPosition, EffectiveOptions, EffectiveScale, GroupCell, NotStated, Stated,
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
        (Stance::NotCoded, _) => {
            not_stated(NotStated::NotCoded(cell.text.clone().unwrap_or_default()))
        }
        (Stance::NoProposal, _) => not_stated(NotStated::NoProposal),
        (Stance::Unknown, _) => not_stated(NotStated::Unknown),
        (Stance::Scale(stance), _) => GroupCell {
            position: CellPosition::Stated(Stated::Scale(effective_scale(cell, stance))),
            ..not_stated(NotStated::Unknown)
        },
        (Stance::Options(stance), kind) => {
            let mut found =
                options_cell(scenario, group, cell, stance, base_capability, not_stated);
            if let (CellPosition::Stated(Stated::Options(effective)), ItemKind::Options(options)) =
                (&mut found.position, kind)
            {
                effective.outside = outside(scenario, group, options);
            }
            found
        }
    }
}

/// The options limited to Regions or a footnote that reach none of the group's active members:
/// outside its Regions, so it can live with them unless it opposes them (see
/// [`EffectiveOptions::tolerates`]).
fn outside(
    scenario: &Scenario,
    group: &Group,
    options: &indexmap::IndexMap<OptionId, crate::model::ItemOption>,
) -> Vec<OptionId> {
    options
        .values()
        .filter(|option| !option.reach.is_global())
        .filter(|option| {
            !group.membership.members.iter().any(|member| {
                let region = scenario.states.get(member).and_then(|state| state.region);
                option.reach.reaches(member, region)
            })
        })
        .map(|option| option.id.clone())
        .collect()
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
    } = apply_rule(scenario, group, &cell.tallies);
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
        return GroupCell {
            adoption,
            ..not_stated(NotStated::NoCommonProposal(NoProposalReason::Failed))
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
            outside: Vec::new(),
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

/// What a group's adoption rule made of one member tally: the counts and the verdict, as data
/// (the reports word it).
#[derive(Clone, Debug, PartialEq)]
pub struct AdoptionNote {
    /// The group whose rule judged the tally.
    pub group: GroupId,
    /// The option the tally is on.
    pub option: OptionId,
    /// The kind of the group's rule: it names the counts (co-signing, supporting, endorsements…).
    pub rule: RuleKind,
    /// The members supporting (co-signing, endorsing, signing) the proposal.
    pub support: u32,
    /// The members opposing (objecting to) the proposal.
    pub oppose: u32,
    /// Whether the tally passed the rule, and when not, the limit it missed.
    pub verdict: TallyVerdict,
}

impl AdoptionNote {
    /// Whether the tally passed the rule.
    pub fn passed(&self) -> bool {
        self.verdict == TallyVerdict::Passed
    }
}

/// The kind of an [`AdoptionRule`], without its parameters.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum RuleKind {
    /// [`AdoptionRule::Thresholds`] (CEPT): co-signing and opposing members.
    Thresholds,
    /// [`AdoptionRule::ObjectionRatio`] (CITEL): supporting and objecting members.
    ObjectionRatio,
    /// [`AdoptionRule::OptIn`] (APT): signatories.
    OptIn,
    /// [`AdoptionRule::Endorsements`] (ATU): endorsements and written objections.
    Endorsements,
    /// [`AdoptionRule::Consensus`]: objecting members.
    Consensus,
}

impl RuleKind {
    /// The kind of `rule`.
    pub fn of(rule: &AdoptionRule) -> RuleKind {
        match rule {
            AdoptionRule::Thresholds { .. } => RuleKind::Thresholds,
            AdoptionRule::ObjectionRatio { .. } => RuleKind::ObjectionRatio,
            AdoptionRule::OptIn => RuleKind::OptIn,
            AdoptionRule::Endorsements { .. } => RuleKind::Endorsements,
            AdoptionRule::Consensus => RuleKind::Consensus,
        }
    }
}

/// The rule's verdict on one tally: passed, or the limit the tally missed.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum TallyVerdict {
    /// The tally passed: a common proposal on the option.
    Passed,
    /// Fewer supporting (co-signing, endorsing) members than the rule needs.
    TooFewSupporting {
        /// The fewest the rule needs.
        needed: u32,
    },
    /// More opposing members (written objections) than the rule allows.
    TooManyOpposing {
        /// The most the rule allows.
        allowed: u32,
    },
    /// More objectors than the rule's share of the supporters.
    ObjectionsOverRatio {
        /// The most objectors per supporter the rule allows.
        ratio: f64,
    },
    /// Opt-in: nobody signed.
    NoSignatory,
    /// Consensus: members object.
    Objected,
}

/// Why a group's rule produced no common proposal on an item.
#[derive(Clone, Debug, PartialEq)]
pub enum NoProposalReason {
    /// Two or more proposals passed and the rule makes competing proposals cancel (CITEL).
    Cancelled {
        /// The options of the passing proposals, in tally order.
        options: Vec<OptionId>,
    },
    /// Every accepted option's tally failed; the failed notes are the cell's adoption notes.
    Failed,
}

/// What a group's adoption rule makes of a cell's tallies.
struct RuleResult {
    /// One note per tally: passed or failed, and why.
    notes: Vec<AdoptionNote>,
    /// The options whose tally failed.
    failed: Vec<OptionId>,
    /// The passing proposals that cancel (CITEL), when they do.
    cancelled: Option<NoProposalReason>,
    /// The distinct signatories of the passing proposals (opt-in); `None` without tallies.
    signatories: Option<u32>,
}

/// Applies the group's rule to each tally.
fn apply_rule(scenario: &Scenario, group: &Group, tallies: &[Tally]) -> RuleResult {
    let mut notes = Vec::new();
    let mut failed = Vec::new();
    let mut passed: Vec<OptionId> = Vec::new();
    // The distinct states that signed a passing proposal: a state signing two counts once.
    let mut signers: std::collections::BTreeSet<&crate::id::StateId> =
        std::collections::BTreeSet::new();
    for tally in tallies {
        let support = u32::try_from(tally.support.len()).unwrap_or(u32::MAX);
        let oppose = u32::try_from(tally.oppose.len()).unwrap_or(u32::MAX);
        let verdict = judge(&group.rule, support, oppose);
        let option = &tally.option;
        if verdict == TallyVerdict::Passed {
            passed.push(option.clone());
            signers.extend(tally.support.iter());
        } else {
            failed.push(option.clone());
        }
        notes.push(AdoptionNote {
            group: group.id.clone(),
            option: option.clone(),
            rule: RuleKind::of(&group.rule),
            support,
            oppose,
            verdict,
        });
    }
    let cancelled = cancellation(group, passed);
    // Opt-in: the distinct signatories of every passing proposal that are ITU Member States at
    // the reference date (an observer or a state that joined later weighs nothing, as in the
    // members' capability); when tallies were given and none passed, nobody signed (0), not
    // the whole membership.
    let members = signers
        .iter()
        .filter(|state| scenario.states.get(**state).is_none_or(|s| s.member))
        .count();
    let signatories = (!tallies.is_empty()).then(|| u32::try_from(members).unwrap_or(u32::MAX));
    RuleResult {
        notes,
        failed,
        cancelled,
        signatories,
    }
}

/// The passing proposals, when the rule makes competing proposals cancel (CITEL) and two or
/// more pass.
fn cancellation(group: &Group, passed: Vec<OptionId>) -> Option<NoProposalReason> {
    let cancels = matches!(
        group.rule,
        AdoptionRule::ObjectionRatio {
            competing_cancel: true,
            ..
        }
    );
    (cancels && passed.len() >= 2).then_some(NoProposalReason::Cancelled { options: passed })
}

/// The verdict of `rule` on a tally of `support` members for and `oppose` against.
fn judge(rule: &AdoptionRule, support: u32, oppose: u32) -> TallyVerdict {
    match *rule {
        AdoptionRule::Thresholds {
            min_support,
            max_oppose,
        } => at_least_at_most(support, min_support, oppose, max_oppose),
        AdoptionRule::ObjectionRatio {
            min_support,
            max_objection_ratio,
            ..
        } => {
            if support < min_support {
                TallyVerdict::TooFewSupporting {
                    needed: min_support,
                }
            } else if f64::from(oppose) > max_objection_ratio * f64::from(support) {
                TallyVerdict::ObjectionsOverRatio {
                    ratio: max_objection_ratio,
                }
            } else {
                TallyVerdict::Passed
            }
        }
        AdoptionRule::OptIn if support == 0 => TallyVerdict::NoSignatory,
        AdoptionRule::Endorsements {
            min_endorsements,
            max_objections,
        } => at_least_at_most(support, min_endorsements, oppose, max_objections),
        AdoptionRule::Consensus if oppose > 0 => TallyVerdict::Objected,
        AdoptionRule::OptIn | AdoptionRule::Consensus => TallyVerdict::Passed,
    }
}

/// Thresholds and endorsements: at least `needed` for, at most `allowed` against.
fn at_least_at_most(support: u32, needed: u32, oppose: u32, allowed: u32) -> TallyVerdict {
    if support < needed {
        TallyVerdict::TooFewSupporting { needed }
    } else if oppose > allowed {
        TallyVerdict::TooManyOpposing { allowed }
    } else {
        TallyVerdict::Passed
    }
}

//! The reader's situation on one item and the line it recommends: facts first (who accepts
//! what), then the line, so that no line contradicts the facts next to it.
//!
//! A reader holds one or more *stands* on an item: each of its groups' stated positions and,
//! for a member state, its own. A state's brief reasons from all of them together.

use concord_core::analysis::{Compromise, GroupCell, ItemAnalysis, ItemStatus, Stated};
use concord_core::id::{GroupId, OptionId};
use concord_core::model::OptionsStance;
use concord_core::simulate::ItemResult;

use super::facts::{Action, ItemSimulation, Line, MostOften, Reason};

/// The simulated P(carried forward) from which the brief advises preparing for it: below it,
/// carry-forward is not a real prospect (docs/workflow.md, "Briefs").
pub const CARRY_FORWARD_REAL: f64 = 0.2;

/// One position the reader holds on an options item.
#[derive(Clone, Debug)]
pub(super) struct Stand {
    /// Whose it is: a group id, or the state's code.
    pub(super) who: String,
    pub(super) prefers: Option<OptionId>,
    /// Accepted options in order, each with whether its acceptance is conditional.
    pub(super) accepts: Vec<(OptionId, bool)>,
    pub(super) opposes: Vec<OptionId>,
    /// Options limited to Regions none of the group's members are in: it lets them be unless
    /// it opposes them (a member state's stand has none).
    pub(super) outside: Vec<OptionId>,
}

/// Accepted options in order, each with whether its acceptance is conditional.
fn accepted<'a>(
    accepts: impl Iterator<Item = (&'a OptionId, &'a Option<String>)>,
) -> Vec<(OptionId, bool)> {
    accepts
        .map(|(option, condition)| (option.clone(), condition.is_some()))
        .collect()
}

impl Stand {
    /// A group's effective position on the item.
    pub(super) fn of_group(
        group: &GroupId,
        stance: &concord_core::analysis::EffectiveOptions,
    ) -> Self {
        Stand {
            who: group.to_string(),
            prefers: stance.prefers.clone(),
            accepts: accepted(stance.accepts.iter().map(|a| (&a.option, &a.condition))),
            opposes: stance.opposes.iter().map(|(o, _)| o.clone()).collect(),
            outside: stance.outside.clone(),
        }
    }

    /// A member state's own position on the item.
    pub(super) fn of_state(state: &str, stance: &OptionsStance) -> Self {
        Stand {
            who: state.to_owned(),
            prefers: stance.prefers.clone(),
            accepts: accepted(stance.accepts.iter().map(|a| (&a.option, &a.condition))),
            opposes: stance.opposes.clone(),
            outside: Vec::new(),
        }
    }

    /// The preferred option, else the first accepted one.
    pub(super) fn first(&self) -> Option<&OptionId> {
        self.prefers
            .as_ref()
            .or_else(|| self.accepts.first().map(|(o, _)| o))
    }

    /// It can live with the option (as the analysis's `tolerates`).
    pub(super) fn tolerates(&self, option: &OptionId) -> bool {
        self.accepts.iter().any(|(o, _)| o == option)
            || ((self.accepts.is_empty() || self.outside.contains(option))
                && !self.opposes.contains(option))
    }

    /// It supports the option: prefers it, or accepts it first and without a condition.
    pub(super) fn supports(&self, option: &OptionId) -> bool {
        match &self.prefers {
            Some(preferred) => preferred == option,
            None => self
                .accepts
                .first()
                .is_some_and(|(o, conditional)| o == option && !conditional),
        }
    }
}

/// The reader's situation on one item, as facts.
pub(super) struct Situation<'a> {
    /// The reader's groups' cells.
    pub(super) our_cells: Vec<&'a GroupCell>,
    /// The other groups' stated cells.
    pub(super) others: Vec<&'a GroupCell>,
    /// The reader's stands on an options item (its groups', then its own as a state).
    pub(super) stands: Vec<Stand>,
    /// The other groups that accept the first choice of one of the reader's stands.
    pub(super) allies: Vec<&'a GroupCell>,
    /// The reader states a first choice and no other stated group accepts any of its first
    /// choices.
    pub(super) isolated: bool,
    /// P(adopted or voted), when simulated and predicted.
    pub(super) p_adopted: Option<f64>,
    /// The simulated outcome in numbers, when simulated.
    pub(super) simulation: Option<ItemSimulation>,
    /// What to do, the option it is about, and why.
    pub(super) line: Line,
}

/// The other stated groups that tolerate `option`.
fn accepting<'a>(others: &[&'a GroupCell], option: &OptionId) -> Vec<&'a GroupCell> {
    others
        .iter()
        .copied()
        .filter(|c| matches!(c.stated(), Some(Stated::Options(s)) if s.tolerates(option)))
        .collect()
}

/// The reader's situation on one item: its cells and stands, the others and its allies, and the
/// line the facts recommend.
pub(super) fn situation<'a>(
    item_analysis: &'a ItemAnalysis,
    ours: &[GroupId],
    own: Option<Stand>,
    sim_item: Option<&ItemResult>,
) -> Situation<'a> {
    let our_cells: Vec<&GroupCell> = item_analysis
        .cells
        .iter()
        .filter(|c| ours.contains(&c.group))
        .collect();
    let stands = stands_of(&our_cells, own);
    let stated_scale = our_cells
        .iter()
        .any(|c| matches!(c.stated(), Some(Stated::Scale(_))));
    let stated = !stands.is_empty() || stated_scale;
    let others: Vec<&GroupCell> = item_analysis
        .cells
        .iter()
        .filter(|c| !ours.contains(&c.group) && c.stated().is_some())
        .collect();
    let firsts: Vec<&OptionId> = stands.iter().filter_map(Stand::first).collect();
    let allies = allies_of(&others, &firsts, &stands);
    // An option limited to Regions none of our members are in, which we do not oppose and
    // others accept, is no fight of ours: we are not isolated over it.
    let outside_agreed = our_cells.iter().any(|cell| match cell.stated() {
        Some(Stated::Options(stance)) => stance
            .outside
            .iter()
            .any(|option| !stance.opposes(option) && !accepting(&others, option).is_empty()),
        _ => false,
    });
    // Nor are we isolated when others let our first choice be (it applies outside their
    // Regions) and none opposes it.
    let let_be = others.iter().any(|cell| match cell.stated() {
        Some(Stated::Options(stance)) => firsts
            .iter()
            .any(|first| stance.is_outside(first) && !stance.opposes(first)),
        _ => false,
    });
    let isolated =
        !firsts.is_empty() && !others.is_empty() && allies.is_empty() && !outside_agreed && !let_be;
    let top = top_option(item_analysis);
    let accept_top = match &item_analysis.compromise {
        Compromise::Scale { zone, .. } => zone.is_some(),
        Compromise::Options(_) => top.is_some_and(|option| we_accept(&stands, option)),
    };
    // What we support, and the compromise we can offer: an option we accept that another group
    // accepts too, by the weights.
    let supported = supported_of(&stands, top, &firsts);
    let candidate = compromise_candidate(item_analysis, &stands, &others);
    // No prediction is not a 0% chance: the brief shows none.
    let predicted = sim_item.filter(|s| s.p_no_prediction < 1.0);
    let p_adopted = predicted.map(|s| s.p_adopted + s.p_voted);
    let p_carried = predicted.map(|s| s.p_carried_forward);
    let mut line = recommend(
        item_analysis.status,
        stated,
        stands.is_empty() && stated_scale,
        accept_top,
        p_carried,
        supported,
        candidate
            .as_ref()
            .map(|(o, who)| (*o, who.iter().map(|c| c.group.clone()).collect())),
    );
    if let Some(why) = red_lines_reason(&stands, supported, item_analysis.status, &line) {
        line.reason = why;
    }
    if !stated && let Some(why) = silence_reason(&our_cells) {
        line.reason = why;
    }
    Situation {
        our_cells,
        others,
        stands,
        allies,
        isolated,
        p_adopted,
        simulation: sim_item.map(item_simulation),
        line,
    }
}

/// The reader's stands on an options item: each of its groups' stated options, then its own.
fn stands_of(our_cells: &[&GroupCell], own: Option<Stand>) -> Vec<Stand> {
    let mut stands: Vec<Stand> = our_cells
        .iter()
        .filter_map(|c| match c.stated() {
            Some(Stated::Options(s)) => Some(Stand::of_group(&c.group, s)),
            _ => None,
        })
        .collect();
    stands.extend(own);
    stands
}

/// The other stated groups that accept the first choice of one of our stands and red-line
/// nothing we accept (a group whose first choice is our red line is no ally, even if it also
/// accepts ours).
fn allies_of<'a>(
    others: &[&'a GroupCell],
    firsts: &[&OptionId],
    stands: &[Stand],
) -> Vec<&'a GroupCell> {
    others
        .iter()
        .copied()
        .filter(|c| match c.stated() {
            Some(Stated::Options(s)) => {
                let their_first = s.prefers.as_ref().or(s.accepts.first().map(|a| &a.option));
                let our_red_line =
                    |option: &OptionId| stands.iter().any(|st| st.opposes.contains(option));
                firsts.iter().any(|first| s.accepts(first))
                    && !s
                        .opposes
                        .iter()
                        .any(|(option, _)| we_accept(stands, option))
                    && !their_first.is_some_and(our_red_line)
            }
            _ => false,
        })
        .collect()
}

/// What we support (our first choices we hold without condition): the top option when we
/// support it, else our first first choice we support.
fn supported_of<'a>(
    stands: &[Stand],
    top: Option<&'a OptionId>,
    firsts: &[&'a OptionId],
) -> Supported<'a> {
    let supports = |option: &OptionId| stands.iter().any(|s| s.supports(option));
    Supported {
        top: top.filter(|top| supports(top)),
        any: top
            .filter(|top| supports(top))
            .or_else(|| firsts.iter().copied().find(|option| supports(option))),
    }
}

/// The option most weight is behind: the top compromise, or for a contested item the option
/// the weights favour; `None` on a scale item.
fn top_option(item_analysis: &ItemAnalysis) -> Option<&OptionId> {
    match &item_analysis.compromise {
        Compromise::Options(ranked) if !ranked.is_empty() => Some(&ranked[0].0),
        Compromise::Options(_) => item_analysis
            .weights
            .iter()
            .max_by(|a, b| a.1.total_cmp(&b.1))
            .map(|(option, _)| option),
        Compromise::Scale { .. } => None,
    }
}

/// The heaviest option we accept that another stated group accepts too, with those groups.
fn compromise_candidate<'a, 'c>(
    item_analysis: &'a ItemAnalysis,
    stands: &[Stand],
    others: &[&'c GroupCell],
) -> Option<(&'a OptionId, Vec<&'c GroupCell>)> {
    let mut by_weight: Vec<&(OptionId, f64)> = item_analysis.weights.iter().collect();
    by_weight.sort_by(|a, b| b.1.total_cmp(&a.1));
    by_weight
        .into_iter()
        .map(|(option, _)| option)
        .filter(|option| we_accept(stands, option))
        .map(|option| (option, accepting(others, option)))
        .find(|(_, who)| !who.is_empty())
}

/// The reason to give instead when we draw red lines only, support nothing, and too few groups
/// have spoken for more than holding: hold the red lines and watch.
fn red_lines_reason(
    stands: &[Stand],
    supported: Supported<'_>,
    status: ItemStatus,
    line: &Line,
) -> Option<Reason> {
    let red_lines_only = !stands.is_empty()
        && stands
            .iter()
            .all(|s| s.prefers.is_none() && s.accepts.is_empty());
    if !(red_lines_only
        && supported.any.is_none()
        && status == ItemStatus::Insufficient
        && line.action == Action::Hold)
    {
        return None;
    }
    Some(Reason::RedLinesOnly {
        options: stands.iter().flat_map(|s| s.opposes.clone()).collect(),
    })
}

/// Why we state nothing, when the data says: not in the data is not the same as no view.
fn silence_reason(our_cells: &[&GroupCell]) -> Option<Reason> {
    let all_unknown = our_cells.iter().all(|c| {
        matches!(
            c.not_stated(),
            Some(concord_core::analysis::NotStated::Unknown)
        )
    });
    let studying = our_cells.iter().any(|c| {
        matches!(
            c.not_stated(),
            Some(concord_core::analysis::NotStated::NoPositionYet)
        )
    });
    if all_unknown {
        Some(Reason::NotInTheData)
    } else if studying {
        Some(Reason::NoPositionYet)
    } else {
        None
    }
}

/// The simulated outcome of an item in numbers, as the brief shows it.
fn item_simulation(s: &ItemResult) -> ItemSimulation {
    ItemSimulation {
        p_adopted: s.p_adopted,
        p_voted: s.p_voted,
        p_no_change: s.p_no_change + s.p_voted_down,
        p_carried_forward: s.p_carried_forward,
        no_prediction: s.p_no_prediction >= 1.0,
        most_often: s.outcomes.first().map(|(o, p)| MostOften {
            option: o.clone(),
            p: *p,
        }),
        by_option: s.outcomes.clone(),
        focal: s.focal.clone(),
    }
}

/// Whether the reader accepts `option`: one of its stands tolerates it and none red-lines it (a
/// state's red lines only tolerate everything else, but its group's red line still binds it).
pub(super) fn we_accept(stands: &[Stand], option: &OptionId) -> bool {
    stands.iter().any(|s| s.tolerates(option)) && !stands.iter().any(|s| s.opposes.contains(option))
}

/// The options the reader supports: the top option when it is one, and any (the top first).
#[derive(Clone, Copy, Debug)]
pub struct Supported<'a> {
    /// The option most weight is behind, when we support it.
    pub top: Option<&'a OptionId>,
    /// An option we support: the top one, else our first first choice we support.
    pub any: Option<&'a OptionId>,
}

/// The recommended line (docs/workflow.md, "Briefs"): the action, the option it is about
/// and the reason, as facts. `candidate` is the best option we accept that another group
/// accepts too, with who.
pub(crate) fn recommend(
    status: ItemStatus,
    stated: bool,
    scale: bool,
    accept_top: bool,
    p_carried: Option<f64>,
    supported: Supported<'_>,
    candidate: Option<(&OptionId, Vec<GroupId>)>,
) -> Line {
    if !stated {
        return Line::new(Action::Watch, Reason::WeStateNoPosition);
    }
    if let Some(line) = carry_forward(status, p_carried) {
        return line;
    }
    if scale {
        return scale_line(status, accept_top);
    }
    options_line(status, accept_top, supported, candidate)
}

/// The line "hold", with its reason.
fn hold(reason: Reason) -> Line {
    Line::new(Action::Hold, reason)
}

/// "Prepare for carry-forward" when the simulation makes it a real prospect: in half the runs,
/// or in [`CARRY_FORWARD_REAL`] of them on a contested item.
fn carry_forward(status: ItemStatus, p_carried: Option<f64>) -> Option<Line> {
    let carried = p_carried.unwrap_or(0.0);
    let real = carried >= 0.5 || (status == ItemStatus::Contested && carried >= CARRY_FORWARD_REAL);
    real.then(|| {
        Line::new(
            Action::PrepareForCarryForward,
            Reason::CarriedForward {
                p_carried_forward: carried,
            },
        )
    })
}

/// The line on a scale item: find co-sponsors while too few have spoken, else hold our range.
fn scale_line(status: ItemStatus, accept_top: bool) -> Line {
    match status {
        ItemStatus::Insufficient => Line::new(Action::BuildACoalition, Reason::TooFewHaveSpoken),
        _ if accept_top => hold(Reason::PointInEveryRange),
        _ => hold(Reason::NoPointInEveryRange),
    }
}

/// The line on an options item, by its status: hold, offer a compromise or build a coalition.
fn options_line(
    status: ItemStatus,
    accept_top: bool,
    supported: Supported<'_>,
    candidate: Option<(&OptionId, Vec<GroupId>)>,
) -> Line {
    use Action::{BuildACoalition, OfferACompromise};
    match status {
        ItemStatus::Unanimous | ItemStatus::Compromise if accept_top => {
            hold(Reason::CompromiseWeAccept)
        }
        ItemStatus::Unanimous | ItemStatus::Compromise => match candidate {
            Some((option, who)) => Line::on(
                OfferACompromise,
                option,
                Reason::OthersMeetElsewhere {
                    option: option.clone(),
                    who,
                },
            ),
            None => hold(Reason::OthersMeetElsewhereAlone),
        },
        ItemStatus::Contested => match (accept_top, supported.top, candidate) {
            (true, Some(option), _) => {
                Line::on(BuildACoalition, option, Reason::ContestedTopIsOurs)
            }
            // The best option others accept too is our own choice: gather for it, not "offer" it.
            (_, _, Some((option, who))) if supported.any == Some(option) => Line::on(
                BuildACoalition,
                option,
                Reason::ContestedOurChoiceAccepted {
                    option: option.clone(),
                    who,
                },
            ),
            (_, _, Some((option, who))) => Line::on(
                OfferACompromise,
                option,
                Reason::ContestedOfferable {
                    option: option.clone(),
                    who,
                },
            ),
            _ => hold(Reason::ContestedAlone),
        },
        ItemStatus::Insufficient => match supported.any {
            Some(option) => Line::on(BuildACoalition, option, Reason::TooFewHaveSpoken),
            None => hold(Reason::OnlyOnConditions),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An option and two groups (CEPT, APT) of the bundled scenario.
    fn ids() -> (OptionId, Vec<GroupId>) {
        let (option, cept, apt, _) = crate::brief::test_ids();
        (option, vec![cept, apt])
    }

    fn none() -> Supported<'static> {
        Supported {
            top: None,
            any: None,
        }
    }

    #[test]
    fn a_reader_who_states_nothing_watches() {
        let line = recommend(
            ItemStatus::Contested,
            false,
            false,
            false,
            Some(0.9),
            none(),
            None,
        );
        assert_eq!(line, Line::new(Action::Watch, Reason::WeStateNoPosition));
        assert_eq!(line.label(), "watch");
    }

    #[test]
    fn a_real_prospect_of_carry_forward_comes_first() {
        let line = recommend(
            ItemStatus::Contested,
            true,
            false,
            true,
            Some(0.25),
            none(),
            None,
        );
        assert_eq!(line.action, Action::PrepareForCarryForward);
        assert_eq!(
            line.reason,
            Reason::CarriedForward {
                p_carried_forward: 0.25
            }
        );
        assert!(line.reason.sentence().contains(" 25% of runs"));
        // Below the threshold on a contested item, it is not the line.
        let line = recommend(
            ItemStatus::Contested,
            true,
            false,
            false,
            Some(0.1),
            none(),
            None,
        );
        assert_ne!(line.action, Action::PrepareForCarryForward);
    }

    #[test]
    fn our_own_choice_accepted_by_others_is_a_coalition_not_an_offer() {
        let (ours, who) = ids();
        let supported = Supported {
            top: None,
            any: Some(&ours),
        };
        let line = recommend(
            ItemStatus::Contested,
            true,
            false,
            false,
            None,
            supported,
            Some((&ours, who.clone())),
        );
        assert_eq!(
            line,
            Line::on(
                Action::BuildACoalition,
                &ours,
                Reason::ContestedOurChoiceAccepted {
                    option: ours.clone(),
                    who: who.clone(),
                },
            )
        );
        assert_eq!(line.label(), format!("build a coalition for {ours}"));
        assert_eq!(
            line.reason.sentence(),
            format!(
                "contested; the option most weight is behind is not ours, but CEPT, APT also accept our choice {ours}"
            )
        );
        // Another option we accept is offered.
        let line = recommend(
            ItemStatus::Contested,
            true,
            false,
            false,
            None,
            none(),
            Some((&ours, who)),
        );
        assert_eq!(line.action, Action::OfferACompromise);
        assert_eq!(line.label(), format!("offer a compromise: {ours}"));
    }

    #[test]
    fn too_few_voices_on_a_scale_item_name_no_option() {
        let line = recommend(
            ItemStatus::Insufficient,
            true,
            true,
            false,
            None,
            none(),
            None,
        );
        assert_eq!(
            line,
            Line::new(Action::BuildACoalition, Reason::TooFewHaveSpoken)
        );
        assert_eq!(line.label(), "build a coalition");
    }
}

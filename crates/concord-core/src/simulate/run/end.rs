//! The end rule: what the conference does with each item when the rounds are over.

#[allow(clippy::wildcard_imports)]
use super::*;

/// The top compromise now: the option every stated group tolerates with the highest W, ties to
/// the status quo, then file order.
pub(super) fn top_compromise(model: &SimModel, state: &RunState, item: usize) -> u8 {
    let groups = model.n_groups();
    let status_quo = model.items[item].status_quo;
    let mut best: Option<(f64, u8)> = None;
    for option in 0..model.items[item].options.len() {
        let option = option as u8;
        let mut weight = 0.0;
        let mut everyone = true;
        for g in 0..groups {
            let cell = item * groups + g;
            let model_cell = &model.cells[cell];
            if !model_cell.stated {
                continue;
            }
            if !state.tolerates(model, cell, option) {
                everyone = false;
                break;
            }
            weight += model_cell.capability
                * model_cell.salience
                * utility(
                    state.order(cell),
                    state.explicit[cell],
                    model_cell.conditional,
                    model_cell.red,
                    option,
                );
        }
        if !everyone {
            continue;
        }
        let better = match best {
            None => true,
            Some((w, b)) => weight > w || (weight == w && option == status_quo && b != status_quo),
        };
        if better {
            best = Some((weight, option));
        }
    }
    best.map_or(NONE, |(_, option)| option)
}

/// A group's vote on an option: 1 yes, -1 no, 0 abstain.
pub(super) fn group_vote(model: &SimModel, state: &RunState, cell: usize, option: u8) -> i8 {
    if !model.cells[cell].stated {
        return 0;
    }
    if model.cells[cell].red & (1u64 << option) != 0 {
        -1
    } else if state.accepted[cell] & (1u64 << option) != 0 {
        1
    } else {
        0
    }
}

pub(super) fn end_rule<T: Tracer>(
    model: &SimModel,
    state: &RunState,
    tracer: &mut T,
    round: u32,
    out: &mut [ItemOutcome],
) {
    for &item in &model.dependency_order {
        let (end, (yes, no)) = item_end(model, state, item, out);
        out[item].end = end;
        if T::ENABLED {
            tracer.event(
                None,
                round,
                Event::Ended {
                    item,
                    end,
                    point: out[item].point,
                    yes: u32::try_from(yes).unwrap_or(0),
                    no: u32::try_from(no).unwrap_or(0),
                },
            );
        }
    }
}

/// How an item ends, and the votes (yes, no) when one was held: carried forward with a
/// dependency that was; as the Member States decide when no group is stated; by consensus when
/// aligned; else by a vote where the conference votes, or carried forward. Sets the adopted
/// point of a scale item in `out`.
fn item_end(
    model: &SimModel,
    state: &RunState,
    item: usize,
    out: &mut [ItemOutcome],
) -> (End, (i64, i64)) {
    if model.items[item]
        .depends_on
        .iter()
        .any(|dependency| out[*dependency].end == End::CarriedForward)
    {
        (End::CarriedForward, (0, 0))
    } else if let Some((end, votes)) = model.no_group_ends[item] {
        (end, votes)
    } else if aligned(model, state, item) {
        (aligned_end(model, state, item, &mut out[item]), (0, 0))
    } else if let Voting::Majority(majority) = model.items[item].voting {
        vote_end(model, state, item, majority, &mut out[item])
    } else {
        (End::CarriedForward, (0, 0))
    }
}

/// How an aligned item ends: a scale item adopted at its point (set in `outcome`), an options
/// item on its top compromise (no change when that is the status quo).
fn aligned_end(model: &SimModel, state: &RunState, item: usize, outcome: &mut ItemOutcome) -> End {
    if model.items[item].scale {
        outcome.point = scale_point(model, state, item).0.unwrap_or(f64::NAN);
        End::Adopted(NONE)
    } else {
        match top_compromise(model, state, item) {
            option if option == model.items[item].status_quo => End::NoChange,
            option => End::Adopted(option),
        }
    }
}

/// How an item that did not align ends by a vote on its focal option (or its scale point, set
/// in `outcome` when adopted), with the votes; carried forward when there is nothing to vote on.
fn vote_end(
    model: &SimModel,
    state: &RunState,
    item: usize,
    majority: Majority,
    outcome: &mut ItemOutcome,
) -> (End, (i64, i64)) {
    let (point, _) = scale_point(model, state, item);
    let focal = model.items[item].focal;
    let can_vote = if model.items[item].scale {
        point.is_some()
    } else {
        focal != NONE
    };
    let (yes, no) = if can_vote {
        count_votes(model, state, item, point, focal)
    } else {
        (0, 0)
    };
    let passes = passes(majority, yes, no);
    let end = if !can_vote {
        // Nothing to put to the vote: every option is somebody's red line.
        End::CarriedForward
    } else if passes && !model.items[item].scale && focal == model.items[item].status_quo {
        End::VotedDown
    } else if passes {
        if model.items[item].scale {
            outcome.point = point.unwrap_or(f64::NAN);
        }
        End::Voted
    } else {
        End::VotedDown
    };
    (end, (yes, no))
}

/// The Member States' votes (yes, no) on the focal option (or the scale point): each class of
/// states with its groups, states with their own position on the item by it instead.
fn count_votes(
    model: &SimModel,
    state: &RunState,
    item: usize,
    point: Option<f64>,
    focal: u8,
) -> (i64, i64) {
    let (mut yes, mut no) = (0i64, 0i64);
    let class_vote =
        |groups_of: &[usize]| -> i8 { class_vote(model, state, item, point, focal, groups_of) };
    let mut count = |vote: i8, n: i64| match vote {
        1 => yes += n,
        -1 => no += n,
        _ => {}
    };
    for class in &model.vote_classes {
        count(class_vote(&class.groups), i64::from(class.count));
    }
    // States with their own position vote it instead.
    for &(class, accepts, red) in &model.own_votes[item] {
        count(class_vote(&model.vote_classes[class].groups), -1);
        let own = if red & (1u64 << focal) != 0 {
            -1
        } else if accepts & (1u64 << focal) != 0 {
            1
        } else {
            0
        };
        count(own, 1);
    }
    (yes, no)
}

/// A class of states votes with its stated groups; split groups abstain.
#[inline]
fn class_vote(
    model: &SimModel,
    state: &RunState,
    item: usize,
    point: Option<f64>,
    focal: u8,
    groups_of: &[usize],
) -> i8 {
    let groups = model.n_groups();
    let mut vote = 0i8;
    for &g in groups_of {
        let cell = item * groups + g;
        let group = if model.items[item].scale {
            scale_group_vote(model, state, cell, point.unwrap_or(f64::NAN))
        } else {
            group_vote(model, state, cell, focal)
        };
        if group != 0 {
            if vote != 0 && vote != group {
                return 0;
            }
            vote = group;
        }
    }
    vote
}

/// A group's vote on a scale point: yes inside the acceptable range, no past the hard limits
/// (the red line), abstain in between or when not stated.
#[inline]
fn scale_group_vote(model: &SimModel, state: &RunState, cell: usize, p: f64) -> i8 {
    let limits = model.cells[cell].limits;
    if !model.cells[cell].stated {
        0
    } else if (state.lo[cell]..=state.hi[cell]).contains(&p) {
        1
    } else if (limits.0..=limits.1).contains(&p) {
        0
    } else {
        -1
    }
}

/// How an item ends that no group states a position on, from the Member States' own
/// positions, and the votes when one is held:
/// - no Member State states one either: nothing is known, [`End::NoPrediction`];
/// - a change that at least two states support (its proposer and a seconder) and none
///   red-lines is adopted by consensus, the best supported first, then in option order;
/// - one that two support and some red-line goes to the vote among the states that state a
///   position, where the conference votes; otherwise it is carried forward;
/// - a change proposed by a single state, that no group and no other state is known to
///   support, is not taken up: no change. ITU conferences discuss a proposal only when another
///   delegation supports it, and the data shows none.
fn member_states_only(model: &SimModel, item: usize) -> (End, (i64, i64)) {
    let own = &model.own_votes[item];
    if own.is_empty() {
        return (End::NoPrediction, (0, 0));
    }
    let status_quo = model.items[item].status_quo;
    let mut best: Option<(u8, i64, i64)> = None;
    for option in 0..model.items[item].options.len() {
        let option = option as u8;
        if option == status_quo {
            continue;
        }
        let support = own
            .iter()
            .filter(|(_, accepts, _)| accepts & (1u64 << option) != 0)
            .count() as i64;
        let against = own
            .iter()
            .filter(|(_, _, red)| red & (1u64 << option) != 0)
            .count() as i64;
        if support < 2 {
            continue;
        }
        // Unopposed before opposed, then the most support, then option order.
        let key = |(_, support, against): (u8, i64, i64)| (against == 0, support);
        if best.is_none_or(|best| key((option, support, against)) > key(best)) {
            best = Some((option, support, against));
        }
    }
    match best {
        None => (End::NoChange, (0, 0)),
        Some((option, _, 0)) => (End::Adopted(option), (0, 0)),
        Some((_, support, against)) => match model.items[item].voting {
            Voting::Majority(majority) => {
                let end = if passes(majority, support, against) {
                    End::Voted
                } else {
                    End::VotedDown
                };
                (end, (support, against))
            }
            Voting::Never => (End::CarriedForward, (0, 0)),
        },
    }
}

/// Whether a vote passes: a majority of those present and voting (abstentions not counted, a
/// tie rejecting), or two thirds of them.
fn passes(majority: Majority, yes: i64, no: i64) -> bool {
    yes > 0
        && match majority {
            Majority::Simple => yes > no,
            Majority::TwoThirds => 3 * yes >= 2 * (yes + no),
        }
}

/// Per item, how it ends when no group is stated on it (see [`SimModel::no_group_ends`]).
pub(super) fn no_group_ends(model: &SimModel) -> Vec<Option<(End, (i64, i64))>> {
    let groups = model.n_groups();
    (0..model.items.len())
        .map(|item| {
            let nobody_stated = model.hot[item * groups..(item + 1) * groups]
                .iter()
                .all(|cell| !cell.stated);
            nobody_stated.then(|| member_states_only(model, item))
        })
        .collect()
}

//! One round of a stage: options items (moves towards the focal option, red lines kept) and
//! scale items (steps towards the compromise point), applied synchronously; settling.

#[allow(clippy::wildcard_imports)]
use super::*;
use crate::simulate::model::HotCell;

/// What a round of options moves needs besides the model and the state: how decisions are
/// taken, the random stream, where the moves go, and when it is (for the trace).
pub(super) struct Turn<'r, T> {
    pub mode: Mode,
    pub rng: &'r mut ChaCha8Rng,
    pub changes: &'r mut Vec<Change>,
    pub stage: usize,
    pub round: u32,
    pub tracer: &'r mut T,
}

pub(super) fn options_round<T: Tracer>(
    model: &SimModel,
    state: &RunState,
    item: usize,
    rate_multiplier: f64,
    turn: &mut Turn<'_, T>,
) -> bool {
    let focal = model.items[item].focal;
    if focal == NONE {
        return false;
    }
    let groups = model.n_groups();
    let base = item * groups;
    // The item's cells as slices: one bounds check per round, not per cell.
    let hot = &model.hot[base..base + groups];
    let firsts = &state.first[base..base + groups];
    let accepted = &state.accepted[base..base + groups];
    let Some(accepting_capability) = focal_support(hot, firsts, accepted, focal) else {
        return false;
    };
    let mut pending = false;
    let bit = 1u64 << focal;
    for (g, ((model_cell, &first), &accepted)) in hot.iter().zip(firsts).zip(accepted).enumerate() {
        let cell = base + g;
        // Nothing to decide: it cannot move towards F (not stated, F its red line, no
        // flexibility: fixed for the run), or it already prefers F.
        if model_cell.fixed {
            continue;
        }
        let accepts_focal = accepted & bit != 0;
        if accepts_focal && first == focal {
            continue;
        }
        let own = if accepts_focal {
            model_cell.capability
        } else {
            0.0
        };
        let pressure = (accepting_capability - own) * model_cell.inv_others;
        let mut rate = model_cell.rate_base * pressure * rate_multiplier;
        // Accepting F (its red lines exclude it: `fixed`) is half as likely as moving to it.
        if !accepts_focal {
            rate /= 2.0;
        }
        if rate <= 0.0 {
            continue;
        }
        pending = true;
        let act = match turn.mode {
            Mode::Deterministic => rate >= DETERMINISTIC_THRESHOLD,
            Mode::Stochastic => uniform(turn.rng) < rate,
        };
        if act {
            let change = if accepts_focal {
                Change::First { cell, to: focal }
            } else {
                Change::Accept {
                    cell,
                    option: focal,
                }
            };
            turn.changes.push(change);
            if T::ENABLED {
                let event = move_event(change, g, item, first, focal, (pressure, rate));
                turn.tracer.event(Some(turn.stage), turn.round, event);
            }
        }
    }
    pending
}

/// Whether anything is left to move on an options item: the capability of the stated groups
/// that accept the focal option, or `None` when no group is stated or all stated groups already
/// share one first choice (unanimous).
#[inline]
fn focal_support(hot: &[HotCell], firsts: &[u8], accepted: &[u64], focal: u8) -> Option<f64> {
    let mut first_seen = NONE;
    let mut unanimous = true;
    let mut n_stated = 0;
    let mut accepting_capability = 0.0;
    for ((hot_cell, &first), &accepted) in hot.iter().zip(firsts).zip(accepted) {
        if !hot_cell.stated {
            continue;
        }
        n_stated += 1;
        if first == NONE || (first_seen != NONE && first != first_seen) {
            unanimous = false;
        }
        first_seen = first;
        if accepted & (1u64 << focal) != 0 {
            accepting_capability += hot_cell.capability;
        }
    }
    if n_stated == 0 || unanimous {
        None
    } else {
        Some(accepting_capability)
    }
}

/// The trace event of an options move by group `group` (first choice `from` before it): a new
/// first choice, or the focal option newly accepted, with its (pressure, rate).
fn move_event(
    change: Change,
    group: usize,
    item: usize,
    from: u8,
    focal: u8,
    (pressure, rate): (f64, f64),
) -> Event {
    match change {
        Change::First { to, .. } => Event::MoveFirst {
            group,
            item,
            from,
            to,
            pressure,
            rate,
        },
        _ => Event::Accept {
            group,
            item,
            option: focal,
            pressure,
            rate,
        },
    }
}

pub(super) fn scale_round(
    model: &SimModel,
    state: &RunState,
    item: usize,
    rate_multiplier: f64,
    changes: &mut Vec<Change>,
) {
    // Every group moves towards the opening compromise point, fixed for the run.
    let point = model.items[item].target;
    if point.is_nan() || aligned(model, state, item) {
        return;
    }
    let groups = model.n_groups();
    let base = item * groups;
    for g in 0..groups {
        let cell = base + g;
        let hot = &model.hot[cell];
        if !hot.stated {
            continue;
        }
        let lambda = hot.rate_base * rate_multiplier;
        let step = lambda * (point - state.x[cell]);
        if step.abs() < 1e-9 {
            continue;
        }
        let (mut lo, mut hi) = (state.lo[cell], state.hi[cell]);
        // The range widens towards P by the step, never past P nor the hard limits. With P fixed
        // for the run, a more flexible group reaches P sooner, never later: alignment is
        // monotone in flexibility (an overshoot past a drifting P made it depend on step sizes).
        if point < lo {
            lo = (lo + step).max(point).max(model.cells[cell].limits.0);
        }
        if point > hi {
            hi = (hi + step).min(point).min(model.cells[cell].limits.1);
        }
        let x = (state.x[cell] + step).clamp(lo, hi);
        if (x - state.x[cell]).abs() > 1e-9 || lo != state.lo[cell] || hi != state.hi[cell] {
            changes.push(Change::Scale {
                cell,
                x,
                lo,
                hi,
                point,
            });
        }
    }
}

pub(super) fn apply<T: Tracer>(
    model: &SimModel,
    state: &mut RunState,
    scratch: &mut Scratch,
    stage: usize,
    round: u32,
    tracer: &mut T,
    out: &mut [ItemOutcome],
) {
    let groups = model.n_groups();
    scratch.changed_items.iter_mut().for_each(|bits| *bits = 0);
    for change in &scratch.changes {
        let cell = match *change {
            Change::First { cell, to } => {
                state.move_first(cell, to);
                cell
            }
            Change::Accept { cell, option } => {
                state.accept(cell, option);
                cell
            }
            Change::Scale {
                cell,
                x,
                lo,
                hi,
                point,
            } => {
                if T::ENABLED {
                    tracer.event(
                        Some(stage),
                        round,
                        Event::Scale {
                            group: cell % groups,
                            item: cell / groups,
                            from: state.x[cell],
                            to: x,
                            range: (lo, hi),
                            point,
                        },
                    );
                }
                state.x[cell] = x;
                state.lo[cell] = lo;
                state.hi[cell] = hi;
                cell
            }
        };
        scratch.changed_items[cell / groups] |= group_bit(cell % groups);
    }
    settle(model, state, scratch, stage, round, tracer, out);
}

/// Marks the items that just aligned, with the groups whose changes did it.
pub(super) fn settle<T: Tracer>(
    model: &SimModel,
    state: &RunState,
    scratch: &Scratch,
    stage: usize,
    round: u32,
    tracer: &mut T,
    out: &mut [ItemOutcome],
) {
    for (item, outcome) in out.iter_mut().enumerate() {
        let changed = scratch.changed_items[item];
        if changed == 0 || outcome.settled.is_some() {
            continue;
        }
        if aligned(model, state, item) {
            outcome.settled = Some(round);
            outcome.pivotal = changed;
            if T::ENABLED {
                tracer.event(Some(stage), round, Event::Aligned { item });
            }
        }
    }
}

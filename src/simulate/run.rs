//! One simulated run: stages of synchronous rounds, package deals at the conference, the end
//! rule. Allocation-free once its buffers exist: the state is reset by copying the opening state.

use rand_chacha::ChaCha8Rng;
use rand_chacha::rand_core::Rng;

use super::model::{NONE, PotentialDeal, SimModel, utility};
use crate::model::{Majority, StageKind, Voting};

/// How decisions are taken.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// A move happens when its rate is at least 0.25: one trajectory, no randomness.
    Deterministic,
    /// A move happens when a uniform draw is below its rate.
    Stochastic,
}

/// The threshold of the deterministic mode.
pub const DETERMINISTIC_THRESHOLD: f64 = 0.25;

/// Scale positions within this distance of the compromise point count as aligned.
pub const SCALE_TOLERANCE: f64 = 5.0;

/// How an item ends.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum End {
    /// Aligned: adopted with this option (scale items: `NONE` and the point in `point`).
    Adopted(u8),
    /// Not aligned, adopted by a vote on the focal option (or the scale point).
    Voted,
    CarriedForward,
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ItemOutcome {
    pub end: End,
    /// The adopted point of a scale item.
    pub point: f64,
    /// The global round at which the item first aligned (0: at the opening).
    pub settled: Option<u32>,
    /// Groups whose move completed the alignment (bit g, see [`OTHER_GROUPS`]).
    pub pivotal: u128,
}

impl Default for ItemOutcome {
    fn default() -> Self {
        ItemOutcome {
            end: End::CarriedForward,
            point: f64::NAN,
            settled: None,
            pivotal: 0,
        }
    }
}

/// What happened, for `concord trace`.
#[derive(Clone, Debug, PartialEq)]
pub enum Event {
    /// A group moved its first choice to the focal option.
    MoveFirst {
        group: usize,
        item: usize,
        from: u8,
        to: u8,
        pressure: f64,
        rate: f64,
    },
    /// A group added the focal option to what it accepts.
    Accept {
        group: usize,
        item: usize,
        option: u8,
        pressure: f64,
        rate: f64,
    },
    /// A group moved on a scale item towards the compromise point.
    Scale {
        group: usize,
        item: usize,
        from: f64,
        to: f64,
        range: (f64, f64),
        point: f64,
    },
    /// g accepts h's choice on `item_g`, h accepts g's choice on `item_h`.
    Deal {
        g: usize,
        h: usize,
        item_g: usize,
        option_g: u8,
        item_h: usize,
        option_h: u8,
        gain_g: f64,
        gain_h: f64,
    },
    /// The item aligned.
    Aligned { item: usize },
    /// The end rule's verdict.
    Ended {
        item: usize,
        end: End,
        point: f64,
        yes: u32,
        no: u32,
    },
}

/// Receives events; the Monte Carlo uses [`NoTrace`], which the compiler removes.
pub trait Tracer {
    const ENABLED: bool;
    fn event(&mut self, stage: Option<usize>, round: u32, event: Event);
}

pub struct NoTrace;

impl Tracer for NoTrace {
    const ENABLED: bool = false;
    fn event(&mut self, _: Option<usize>, _: u32, _: Event) {}
}

/// Events with the stage index (`None`: after the stages) and the global round.
#[derive(Default)]
pub struct Recorder {
    pub events: Vec<(Option<usize>, u32, Event)>,
}

impl Tracer for Recorder {
    const ENABLED: bool = true;
    fn event(&mut self, stage: Option<usize>, round: u32, event: Event) {
        self.events.push((stage, round, event));
    }
}

/// The mutable state of a run: per cell (item-major), the first choice, whether it is explicit,
/// the accepted set and its order, and the scale position and range.
#[derive(Clone, Debug)]
pub struct RunState {
    first: Vec<u8>,
    explicit: Vec<bool>,
    accepted: Vec<u64>,
    /// Accepted options in order, `order[offset[c]..offset[c] + len[c]]`; capacity: the item's
    /// option count.
    order: Vec<u8>,
    offset: Vec<usize>,
    len: Vec<u8>,
    x: Vec<f64>,
    lo: Vec<f64>,
    hi: Vec<f64>,
}

impl RunState {
    /// The opening state of the model.
    pub fn opening(model: &SimModel) -> Self {
        let n = model.cells.len();
        let mut state = RunState {
            first: Vec::with_capacity(n),
            explicit: Vec::with_capacity(n),
            accepted: Vec::with_capacity(n),
            order: Vec::new(),
            offset: Vec::with_capacity(n),
            len: Vec::with_capacity(n),
            x: Vec::with_capacity(n),
            lo: Vec::with_capacity(n),
            hi: Vec::with_capacity(n),
        };
        for (index, cell) in model.cells.iter().enumerate() {
            let item = &model.items[index / model.n_groups()];
            state.first.push(cell.first);
            state.explicit.push(cell.explicit);
            state
                .accepted
                .push(cell.accepts.iter().fold(0, |bits, a| bits | 1u64 << a));
            state.offset.push(state.order.len());
            state.order.extend_from_slice(&cell.accepts);
            state.order.resize(
                state.offset[index] + item.options.len().max(cell.accepts.len()),
                NONE,
            );
            state
                .len
                .push(u8::try_from(cell.accepts.len()).unwrap_or(u8::MAX));
            state.x.push(cell.x);
            state.lo.push(cell.range.0);
            state.hi.push(cell.range.1);
        }
        state
    }

    /// Resets to `opening` without allocating.
    pub fn reset(&mut self, opening: &RunState) {
        self.first.copy_from_slice(&opening.first);
        self.explicit.copy_from_slice(&opening.explicit);
        self.accepted.copy_from_slice(&opening.accepted);
        self.order.copy_from_slice(&opening.order);
        self.len.copy_from_slice(&opening.len);
        self.x.copy_from_slice(&opening.x);
        self.lo.copy_from_slice(&opening.lo);
        self.hi.copy_from_slice(&opening.hi);
    }

    fn order(&self, cell: usize) -> &[u8] {
        &self.order[self.offset[cell]..self.offset[cell] + usize::from(self.len[cell])]
    }

    /// The group accepts `option`, or opened with red lines only (it then tolerates every other
    /// option for the whole run, even once it comes to accept the focal one: accepting more never
    /// narrows what a group can live with).
    fn tolerates(&self, model: &SimModel, cell: usize, option: u8) -> bool {
        self.tolerated(model, cell) & (1u64 << option) != 0
    }

    /// The options the group tolerates, as bits.
    fn tolerated(&self, model: &SimModel, cell: usize) -> u64 {
        self.accepted[cell] | model.hot[cell].tolerance
    }

    fn move_first(&mut self, cell: usize, to: u8) {
        let start = self.offset[cell];
        let len = usize::from(self.len[cell]);
        let slice = &mut self.order[start..start + len];
        if let Some(position) = slice.iter().position(|o| *o == to) {
            slice[..=position].rotate_right(1);
        }
        self.first[cell] = to;
        self.explicit[cell] = true;
    }

    fn accept(&mut self, cell: usize, option: u8) {
        let bit = 1u64 << option;
        if self.accepted[cell] & bit != 0 {
            return;
        }
        let at = self.offset[cell] + usize::from(self.len[cell]);
        self.order[at] = option;
        self.len[cell] += 1;
        self.accepted[cell] |= bit;
        if self.first[cell] == NONE {
            self.first[cell] = option;
        }
    }
}

/// A pending change of a round (applied together at its end).
#[derive(Clone, Copy, Debug)]
enum Change {
    First {
        cell: usize,
        to: u8,
    },
    Accept {
        cell: usize,
        option: u8,
    },
    Scale {
        cell: usize,
        x: f64,
        lo: f64,
        hi: f64,
        point: f64,
    },
}

/// Reusable buffers of a run.
pub struct Scratch {
    changes: Vec<Change>,
    changed_items: Vec<u128>,
    used: Vec<bool>,
}

impl Scratch {
    pub fn new(model: &SimModel) -> Self {
        Scratch {
            changes: Vec::with_capacity(model.cells.len()),
            changed_items: vec![0; model.items.len()],
            used: vec![false; model.cells.len()],
        }
    }
}

/// The pivotal bit of a group: bits 0-126 are groups 0-126; bit 127 stands for every later group
/// (changed, so the item is re-checked, but not reported as pivotal).
pub const OTHER_GROUPS: u128 = 1 << 127;

fn group_bit(group: usize) -> u128 {
    if group < 127 {
        1 << group
    } else {
        OTHER_GROUPS
    }
}

fn uniform(rng: &mut ChaCha8Rng) -> f64 {
    (rng.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
}

/// The compromise point of a scale item from the state, clamped into the zone; `None` when no
/// stated group has weight.
fn scale_point(
    model: &SimModel,
    state: &RunState,
    item: usize,
) -> (Option<f64>, Option<(f64, f64)>) {
    let groups = model.n_groups();
    let (mut weighted, mut total) = (0.0, 0.0);
    let (mut zone_lo, mut zone_hi) = (f64::NEG_INFINITY, f64::INFINITY);
    for g in 0..groups {
        let cell = item * groups + g;
        let model_cell = &model.cells[cell];
        if !model_cell.stated {
            continue;
        }
        let weight = model_cell.salience * model_cell.capability;
        weighted += state.x[cell] * weight;
        total += weight;
        zone_lo = zone_lo.max(state.lo[cell]);
        zone_hi = zone_hi.min(state.hi[cell]);
    }
    let zone = (zone_lo <= zone_hi && zone_lo.is_finite()).then_some((zone_lo, zone_hi));
    let point = (total > 0.0).then(|| {
        let point = weighted / total;
        zone.map_or(point, |(lo, hi)| point.clamp(lo, hi))
    });
    (point, zone)
}

/// Whether the item is aligned now: one stated group with a choice, or every stated group with
/// the same first choice or a common tolerated option (scale: a shared zone and every position
/// within the tolerance of the point).
pub fn aligned(model: &SimModel, state: &RunState, item: usize) -> bool {
    let groups = model.n_groups();
    let base = item * groups;
    if model.items[item].scale {
        let (point, zone) = scale_point(model, state, item);
        return match (point, zone) {
            (Some(point), Some(_)) => (base..base + groups)
                .filter(|cell| model.cells[*cell].stated)
                .all(|cell| (state.x[cell] - point).abs() <= SCALE_TOLERANCE),
            _ => false,
        };
    }
    let mut any = false;
    let mut common = u64::MAX;
    let mut first = NONE;
    let mut unanimous = true;
    for cell in base..base + groups {
        if !model.hot[cell].stated {
            continue;
        }
        common &= state.tolerated(model, cell);
        let cell_first = state.first[cell];
        if cell_first == NONE || (any && cell_first != first) {
            unanimous = false;
        }
        first = cell_first;
        any = true;
    }
    // One stated group is aligned with itself only when it proposes something.
    let n_stated = (base..base + groups)
        .filter(|cell| model.hot[*cell].stated)
        .count();
    any && (unanimous || (common != 0 && (n_stated > 1 || first != NONE)))
}

/// Settings of one run.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RunSettings {
    pub mode: Mode,
    pub deals: bool,
}

/// Runs once from the opening state. `rng` is used only in stochastic mode.
#[allow(clippy::too_many_arguments)] // the buffers are passed in so that a run never allocates
pub fn run<T: Tracer>(
    model: &SimModel,
    opening: &RunState,
    state: &mut RunState,
    scratch: &mut Scratch,
    rng: &mut ChaCha8Rng,
    settings: RunSettings,
    tracer: &mut T,
    out: &mut [ItemOutcome],
) {
    state.reset(opening);
    // Each (group, item) takes part in at most one deal per run, across conference stages.
    scratch.used.iter_mut().for_each(|used| *used = false);
    for (item, outcome) in out.iter_mut().enumerate() {
        *outcome = ItemOutcome::default();
        if aligned(model, state, item) {
            outcome.settled = Some(0);
        }
    }
    let mut global_round = 0u32;
    for (stage_index, stage) in model.stages.iter().enumerate() {
        if stage.rate > 0.0 {
            for _ in 0..stage.rounds {
                global_round += 1;
                scratch.changes.clear();
                let mut pending = false;
                for item in 0..model.items.len() {
                    if model.items[item].scale {
                        scale_round(model, state, item, stage.rate, &mut scratch.changes);
                    } else {
                        pending |= options_round(
                            model,
                            state,
                            item,
                            stage.rate,
                            settings.mode,
                            rng,
                            &mut scratch.changes,
                            stage_index,
                            global_round,
                            tracer,
                        );
                    }
                }
                // The stage ends after a round with no change — in the stochastic mode only when
                // no move was possible either (a failed draw is not the end of the talks).
                if scratch.changes.is_empty() && !(pending && settings.mode == Mode::Stochastic) {
                    break;
                }
                apply(
                    model,
                    state,
                    scratch,
                    stage_index,
                    global_round,
                    tracer,
                    out,
                );
            }
        }
        if stage.kind == StageKind::Conference && settings.deals {
            scratch.changed_items.iter_mut().for_each(|bits| *bits = 0);
            execute_deals(model, state, scratch, stage_index, global_round, tracer);
            settle(
                model,
                state,
                scratch,
                stage_index,
                global_round,
                tracer,
                out,
            );
        }
    }
    end_rule(model, state, tracer, global_round, out);
}

#[allow(clippy::too_many_arguments)]
fn options_round<T: Tracer>(
    model: &SimModel,
    state: &RunState,
    item: usize,
    rate_multiplier: f64,
    mode: Mode,
    rng: &mut ChaCha8Rng,
    changes: &mut Vec<Change>,
    stage: usize,
    round: u32,
    tracer: &mut T,
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
    // Not yet unanimous?
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
        return false;
    }
    let mut pending = false;
    let bit = 1u64 << focal;
    for (g, ((model_cell, &first), &accepted)) in hot.iter().zip(firsts).zip(accepted).enumerate() {
        let cell = base + g;
        if !model_cell.stated {
            continue;
        }
        let accepts_focal = accepted & bit != 0;
        // Nothing to decide: it already prefers F, or F is its red line, or it cannot move.
        if (accepts_focal && first == focal)
            || model_cell.red & bit != 0
            || model_cell.rate_base <= 0.0
        {
            continue;
        }
        let others_accepting = accepting_capability
            - if accepts_focal {
                model_cell.capability
            } else {
                0.0
            };
        let pressure = others_accepting * model_cell.inv_others;
        let rate = model_cell.rate_base * pressure * rate_multiplier;
        let (change, rate) = if accepts_focal {
            (Change::First { cell, to: focal }, rate)
        } else if !accepts_focal && model_cell.red & bit == 0 {
            (
                Change::Accept {
                    cell,
                    option: focal,
                },
                rate / 2.0,
            )
        } else {
            continue;
        };
        if rate <= 0.0 {
            continue;
        }
        pending = true;
        let act = match mode {
            Mode::Deterministic => rate >= DETERMINISTIC_THRESHOLD,
            Mode::Stochastic => uniform(rng) < rate,
        };
        if act {
            changes.push(change);
            if T::ENABLED {
                let event = match change {
                    Change::First { to, .. } => Event::MoveFirst {
                        group: g,
                        item,
                        from: first,
                        to,
                        pressure,
                        rate,
                    },
                    _ => Event::Accept {
                        group: g,
                        item,
                        option: focal,
                        pressure,
                        rate,
                    },
                };
                tracer.event(Some(stage), round, event);
            }
        }
    }
    pending
}

fn scale_round(
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
        let model_cell = &model.cells[cell];
        if !model_cell.stated {
            continue;
        }
        let lambda = model_cell.rate_base * rate_multiplier;
        let step = lambda * (point - state.x[cell]);
        if step.abs() < 1e-9 {
            continue;
        }
        let (mut lo, mut hi) = (state.lo[cell], state.hi[cell]);
        // The range widens towards P by the step, never past P nor the hard limits. With P fixed
        // for the run, a more flexible group reaches P sooner, never later: alignment is
        // monotone in flexibility (an overshoot past a drifting P made it depend on step sizes).
        if point < lo {
            lo = (lo + step).max(point).max(model_cell.limits.0);
        }
        if point > hi {
            hi = (hi + step).min(point).min(model_cell.limits.1);
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

fn apply<T: Tracer>(
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
fn settle<T: Tracer>(
    model: &SimModel,
    state: &RunState,
    scratch: &Scratch,
    stage: usize,
    round: u32,
    tracer: &mut T,
    out: &mut [ItemOutcome],
) {
    for (item, changed) in scratch.changed_items.iter().enumerate() {
        if *changed == 0 || out[item].settled.is_some() {
            continue;
        }
        if aligned(model, state, item) {
            out[item].settled = Some(round);
            out[item].pivotal = *changed;
            if T::ENABLED {
                tracer.event(Some(stage), round, Event::Aligned { item });
            }
        }
    }
}

/// A candidate package deal: g gives on `item_g` (accepting h's choice there), h gives on
/// `item_h` (accepting g's choice there).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Deal {
    pub g: usize,
    pub h: usize,
    pub item_g: usize,
    pub option_g: u8,
    pub item_h: usize,
    pub option_h: u8,
    pub gain_g: f64,
    pub gain_h: f64,
}

/// Every candidate deal in the state: h prefers on i what is neutral for g, g prefers on j what
/// is neutral for h, both gain (g cares more about j, h about i), both can move; best first
/// (by the smaller gain, then group and item indices). Empty when the scenario allows too many
/// deals to model (`SimModel::potential_deals` is `None`).
pub fn candidate_deals(model: &SimModel, state: &RunState) -> Vec<Deal> {
    open_deals(model, state).collect()
}

/// The deals of the static list that are open in `state`, in execution order.
fn open_deals<'a>(model: &'a SimModel, state: &'a RunState) -> impl Iterator<Item = Deal> + 'a {
    model
        .potential_deals
        .iter()
        .flatten()
        .filter_map(move |deal| open_deal(model, state, deal))
}

/// The deal, when it is open in `state`: h's first choice on i is neutral for g and g's on j
/// neutral for h. (That depends only on the first choices and acceptances of its cells; its
/// gains, on the saliences, which never change.)
fn open_deal(model: &SimModel, state: &RunState, deal: &PotentialDeal) -> Option<Deal> {
    let groups = model.n_groups();
    let (g, h) = (usize::from(deal.g), usize::from(deal.h));
    let (i, j) = (deal.item_g as usize, deal.item_h as usize);
    let (gi, hj) = (i * groups + g, j * groups + h);
    let (option_g, option_h) = (state.first[i * groups + h], state.first[j * groups + g]);
    let neutral = |cell: usize, option: u8| {
        option != NONE && (state.accepted[cell] | model.hot[cell].red) & (1u64 << option) == 0
    };
    (neutral(gi, option_g) && neutral(hj, option_h)).then(|| Deal {
        g,
        h,
        item_g: i,
        option_g,
        item_h: j,
        option_h,
        gain_g: model.cells[j * groups + g].salience - model.cells[gi].salience,
        gain_h: model.cells[i * groups + h].salience - model.cells[hj].salience,
    })
}

fn execute_deals<T: Tracer>(
    model: &SimModel,
    state: &mut RunState,
    scratch: &mut Scratch,
    stage: usize,
    round: u32,
    tracer: &mut T,
) {
    let groups = model.n_groups();
    let execute = |deal: Deal, state: &mut RunState, scratch: &mut Scratch, tracer: &mut T| {
        let cells = [
            deal.item_g * groups + deal.g,
            deal.item_h * groups + deal.g,
            deal.item_g * groups + deal.h,
            deal.item_h * groups + deal.h,
        ];
        if cells.iter().any(|cell| scratch.used[*cell]) {
            return;
        }
        cells.iter().for_each(|cell| scratch.used[*cell] = true);
        state.accept(deal.item_g * groups + deal.g, deal.option_g);
        state.accept(deal.item_h * groups + deal.h, deal.option_h);
        for (item, group) in [(deal.item_g, deal.g), (deal.item_h, deal.h)] {
            scratch.changed_items[item] |= group_bit(group);
        }
        if T::ENABLED {
            tracer.event(
                Some(stage),
                round,
                Event::Deal {
                    g: deal.g,
                    h: deal.h,
                    item_g: deal.item_g,
                    option_g: deal.option_g,
                    item_h: deal.item_h,
                    option_h: deal.option_h,
                    gain_g: deal.gain_g,
                    gain_h: deal.gain_h,
                },
            );
        }
    };
    // In execution order already: execute each deal that is open now. (Each (group, item) takes
    // part once, so an executed deal never changes whether a later one is open.) Without a list
    // (too many possible deals), deals are not modelled.
    let Some(potential) = &model.potential_deals else {
        return;
    };
    for deal in potential {
        if let Some(open) = open_deal(model, state, deal) {
            execute(open, state, scratch, tracer);
        }
    }
}

/// The top compromise now: the option every stated group tolerates with the highest W, ties to
/// the status quo, then file order.
fn top_compromise(model: &SimModel, state: &RunState, item: usize) -> u8 {
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
fn group_vote(model: &SimModel, state: &RunState, cell: usize, option: u8) -> i8 {
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

fn end_rule<T: Tracer>(
    model: &SimModel,
    state: &RunState,
    tracer: &mut T,
    round: u32,
    out: &mut [ItemOutcome],
) {
    let groups = model.n_groups();
    for &item in &model.dependency_order {
        let (mut yes, mut no) = (0i64, 0i64);
        let nobody_stated = (0..groups).all(|g| !model.hot[item * groups + g].stated);
        let end = if model.items[item]
            .depends_on
            .iter()
            .any(|dependency| out[*dependency].end == End::CarriedForward)
        {
            End::CarriedForward
        } else if aligned(model, state, item) {
            if model.items[item].scale {
                out[item].point = scale_point(model, state, item).0.unwrap_or(f64::NAN);
                End::Adopted(NONE)
            } else {
                End::Adopted(top_compromise(model, state, item))
            }
        } else if nobody_stated {
            // Nothing is known to be proposed: nothing to vote on.
            End::CarriedForward
        } else if let Voting::Majority(majority) = model.voting {
            let (point, _) = scale_point(model, state, item);
            let focal = model.items[item].focal;
            let can_vote = if model.items[item].scale {
                point.is_some()
            } else {
                focal != NONE
            };
            if can_vote {
                // A class of states votes with its stated groups; split groups abstain.
                let class_vote = |groups_of: &[usize]| -> i8 {
                    let mut vote = 0i8;
                    for &g in groups_of {
                        let cell = item * groups + g;
                        let group = if model.items[item].scale {
                            // Yes inside the acceptable range, no past the hard limits
                            // (the red line), abstain in between.
                            let p = point.unwrap_or(f64::NAN);
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
                };
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
            }
            let passes = yes > 0
                && match majority {
                    Majority::Simple => yes > no,
                    Majority::TwoThirds => 3 * yes >= 2 * (yes + no),
                };
            if passes {
                if model.items[item].scale {
                    out[item].point = point.unwrap_or(f64::NAN);
                }
                End::Voted
            } else {
                End::CarriedForward
            }
        } else {
            End::CarriedForward
        };
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

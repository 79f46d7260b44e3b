//! One simulated run: stages of synchronous rounds, package deals at the conference, the end
//! rule. Allocation-free once its buffers exist: the state is reset by copying the opening state.

use rand_chacha::ChaCha8Rng;
use rand_chacha::rand_core::Rng;

pub use super::ending::End;
use super::model::{NONE, PotentialDeal, SimModel, utility};
use crate::model::{Majority, StageKind, Voting};

mod deals;
mod end;
mod rounds;

use deals::execute_deals;
pub use deals::{Deal, candidate_deals};
use end::end_rule;
use end::no_group_ends;
use rounds::{Turn, apply, options_round, scale_round, settle};

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
    /// What each cell accepts or red-lines (`accepted | red`): the options never neutral for it.
    closed: Vec<u64>,
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
            closed: Vec::with_capacity(n),
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
            let accepted = cell.accepts.iter().fold(0, |bits, a| bits | 1u64 << a);
            state.accepted.push(accepted);
            state.closed.push(accepted | cell.red);
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
        self.closed.copy_from_slice(&opening.closed);
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
        self.closed[cell] |= bit;
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
    /// Items whose last round in this stage could not move anything: until the stage ends their
    /// state cannot change (a round changes only the items that move), so they are skipped —
    /// with no draw skipped, since an item that can move is never quiet.
    quiet: Vec<bool>,
    /// Whether each of the model's deal sides is open, at the conference's deals.
    side_open: Vec<bool>,
}

impl Scratch {
    pub fn new(model: &SimModel) -> Self {
        Scratch {
            changes: Vec::with_capacity(model.cells.len()),
            changed_items: vec![0; model.items.len()],
            used: vec![false; model.cells.len()],
            quiet: vec![false; model.items.len()],
            side_open: vec![false; model.deal_sides.len()],
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

pub(crate) fn uniform(rng: &mut ChaCha8Rng) -> f64 {
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
        let hot = &model.hot[cell];
        if !hot.stated {
            continue;
        }
        let weight = hot.weight;
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
                .filter(|cell| model.hot[*cell].stated)
                .all(|cell| (state.x[cell] - point).abs() <= SCALE_TOLERANCE),
            _ => false,
        };
    }
    let mut n_stated = 0usize;
    let mut common = u64::MAX;
    let mut first = NONE;
    let mut unanimous = true;
    let hot = &model.hot[base..base + groups];
    let firsts = &state.first[base..base + groups];
    let accepted = &state.accepted[base..base + groups];
    for ((hot, &cell_first), &accepted) in hot.iter().zip(firsts).zip(accepted) {
        if !hot.stated {
            continue;
        }
        common &= accepted | hot.tolerance;
        if cell_first == NONE || (n_stated > 0 && cell_first != first) {
            unanimous = false;
        }
        first = cell_first;
        n_stated += 1;
    }
    // One stated group is aligned with itself only when it proposes something.
    n_stated > 0 && (unanimous || (common != 0 && (n_stated > 1 || first != NONE)))
}

/// Settings of one run.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RunSettings {
    pub mode: Mode,
    pub deals: bool,
}

/// What a run works in, made once per worker and reset by each run, so that a run never
/// allocates: the state, the scratch buffers, and how each item ended (`out`, in model order).
pub struct Workspace {
    pub state: RunState,
    pub scratch: Scratch,
    pub out: Vec<ItemOutcome>,
    /// Which items are aligned in the opening state (the same for every run).
    opening_aligned: Vec<bool>,
}

impl Workspace {
    /// A workspace for runs of `model` from `opening`.
    pub fn new(model: &SimModel, opening: &RunState) -> Self {
        Workspace {
            state: opening.clone(),
            scratch: Scratch::new(model),
            out: vec![ItemOutcome::default(); model.items.len()],
            opening_aligned: (0..model.items.len())
                .map(|item| aligned(model, opening, item))
                .collect(),
        }
    }
}

/// Runs once from the opening state, into `workspace.out`. `rng` is used only in stochastic
/// mode.
pub fn run<T: Tracer>(
    model: &SimModel,
    opening: &RunState,
    workspace: &mut Workspace,
    rng: &mut ChaCha8Rng,
    settings: RunSettings,
    tracer: &mut T,
) {
    let Workspace {
        state,
        scratch,
        out,
        opening_aligned,
    } = workspace;
    let out = out.as_mut_slice();
    state.reset(opening);
    // Each (group, item) takes part in at most one deal per run, across conference stages.
    scratch.used.iter_mut().for_each(|used| *used = false);
    for (outcome, aligned) in out.iter_mut().zip(opening_aligned.iter()) {
        *outcome = ItemOutcome::default();
        if *aligned {
            outcome.settled = Some(0);
        }
    }
    let mut global_round = 0u32;
    for (stage_index, stage) in model.stages.iter().enumerate() {
        if stage.rate > 0.0 {
            // A stage's multiplier can turn a scale step that was too small into a move: what
            // was quiet in the last stage is looked at again.
            scratch.quiet.iter_mut().for_each(|quiet| *quiet = false);
            for _ in 0..stage.rounds {
                global_round += 1;
                scratch.changes.clear();
                let mut pending = false;
                for item in 0..model.items.len() {
                    if scratch.quiet[item] {
                        continue;
                    }
                    if model.items[item].scale {
                        let before = scratch.changes.len();
                        scale_round(model, state, item, stage.rate, &mut scratch.changes);
                        scratch.quiet[item] = scratch.changes.len() == before;
                    } else {
                        let mut turn = Turn {
                            mode: settings.mode,
                            rng,
                            changes: &mut scratch.changes,
                            stage: stage_index,
                            round: global_round,
                            tracer,
                        };
                        let moving = options_round(model, state, item, stage.rate, &mut turn);
                        scratch.quiet[item] = !moving;
                        pending |= moving;
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

/// The compiled model of a scenario, complete: [`SimModel::build`], then how each item no group
/// is stated on ends (from the Member States' own positions alone, which no run changes).
pub fn compile(
    scenario: &crate::model::Scenario,
    analysis: &crate::analysis::Analysis,
) -> SimModel {
    let mut model = SimModel::build(scenario, analysis);
    model.no_group_ends = no_group_ends(&model);
    model
}

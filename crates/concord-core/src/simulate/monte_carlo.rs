//! Many runs in parallel. Run k draws from its own ChaCha stream (seed, k), and the per-run
//! integer counts are combined in chunk order, so the result never depends on the thread count.

use rand_chacha::ChaCha8Rng;
use rand_chacha::rand_core::SeedableRng;
use rayon::prelude::*;

use super::model::{NONE, SimModel};
use super::run::{End, ItemOutcome, NoTrace, OTHER_GROUPS, RunSettings, RunState, Workspace, run};

/// Runs per unit of parallel work: fixed, so the partition never depends on the threads.
const CHUNK: u64 = 512;

/// The generator of run `k`: the seed's key, stream `k`.
pub fn rng_for(seed: u64, run: u64) -> ChaCha8Rng {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    rng.set_stream(run);
    rng
}

/// Which runs of a simulation to play: `count` of them, `first`, `first + stride`, …
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RunSet {
    /// The first run's index.
    pub first: u64,
    /// How many runs.
    pub count: u64,
    /// The step between run indices.
    pub stride: u64,
}

impl RunSet {
    /// Runs `0..count`.
    pub fn all(count: u64) -> Self {
        RunSet {
            first: 0,
            count,
            stride: 1,
        }
    }
}

/// Integer counts over runs, per item.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Counts {
    pub runs: u64,
    pub items: Vec<ItemCounts>,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct ItemCounts {
    /// Adopted runs per option (options items).
    pub adopted: Vec<u64>,
    /// Adopted runs of a scale item (its points are in `points`).
    pub adopted_scale: u64,
    pub voted: u64,
    /// Settled with no change: by consensus, and by a vote.
    pub no_change: u64,
    pub voted_down: u64,
    pub carried_forward: u64,
    pub no_prediction: u64,
    /// Adopted runs by settlement round.
    pub rounds: Vec<u64>,
    /// Runs in which each group was pivotal.
    pub pivotal: Vec<u64>,
    /// Adopted (or voted) points of a scale item, by 0.01 bins of the 0-100 scale (bounded
    /// memory whatever the number of runs; quantiles to 0.01).
    pub points: Vec<u64>,
}

/// Bins of the scale histogram: 0.00, 0.01, …, 100.00.
pub const SCALE_BINS: usize = 10_001;

impl ItemCounts {
    fn add_point(&mut self, point: f64) {
        if self.points.is_empty() {
            self.points = vec![0; SCALE_BINS];
        }
        let bin = ((point * 100.0).round().clamp(0.0, 10_000.0)) as usize;
        self.points[bin] += 1;
    }

    /// The q-quantile (nearest rank) of the recorded points, `None` without points.
    pub fn quantile(&self, q: f64) -> Option<f64> {
        let total: u64 = self.points.iter().sum();
        if total == 0 {
            return None;
        }
        let rank = ((q * total as f64).ceil() as u64).clamp(1, total);
        let mut seen = 0;
        self.points
            .iter()
            .position(|n| {
                seen += n;
                seen >= rank
            })
            .map(|bin| bin as f64 / 100.0)
    }
}

impl Counts {
    pub(crate) fn new(model: &SimModel) -> Self {
        Counts {
            runs: 0,
            items: model
                .items
                .iter()
                .map(|item| ItemCounts {
                    adopted: vec![0; item.options.len()],
                    pivotal: vec![0; model.n_groups()],
                    ..ItemCounts::default()
                })
                .collect(),
        }
    }

    fn add_run(&mut self, outcomes: &[ItemOutcome]) {
        self.runs += 1;
        for (counts, outcome) in self.items.iter_mut().zip(outcomes) {
            match outcome.end {
                End::Adopted(option) => {
                    if option == NONE {
                        counts.adopted_scale += 1;
                        counts.add_point(outcome.point);
                    } else {
                        counts.adopted[usize::from(option)] += 1;
                    }
                    let round = outcome.settled.unwrap_or(0) as usize;
                    if counts.rounds.len() <= round {
                        counts.rounds.resize(round + 1, 0);
                    }
                    counts.rounds[round] += 1;
                    let mut bits = outcome.pivotal & !OTHER_GROUPS;
                    while bits != 0 {
                        let group = bits.trailing_zeros() as usize;
                        if let Some(count) = counts.pivotal.get_mut(group) {
                            *count += 1;
                        }
                        bits &= bits - 1;
                    }
                }
                End::Voted => {
                    counts.voted += 1;
                    if !outcome.point.is_nan() {
                        counts.add_point(outcome.point);
                    }
                }
                End::NoChange => counts.no_change += 1,
                End::VotedDown => counts.voted_down += 1,
                End::CarriedForward => counts.carried_forward += 1,
                End::NoPrediction => counts.no_prediction += 1,
            }
        }
    }

    pub(crate) fn merge(&mut self, other: Counts) {
        self.runs += other.runs;
        for (mine, theirs) in self.items.iter_mut().zip(other.items) {
            mine.adopted
                .iter_mut()
                .zip(&theirs.adopted)
                .for_each(|(a, b)| *a += b);
            mine.adopted_scale += theirs.adopted_scale;
            mine.voted += theirs.voted;
            mine.no_change += theirs.no_change;
            mine.voted_down += theirs.voted_down;
            mine.carried_forward += theirs.carried_forward;
            mine.no_prediction += theirs.no_prediction;
            if mine.rounds.len() < theirs.rounds.len() {
                mine.rounds.resize(theirs.rounds.len(), 0);
            }
            mine.rounds
                .iter_mut()
                .zip(&theirs.rounds)
                .for_each(|(a, b)| *a += b);
            mine.pivotal
                .iter_mut()
                .zip(&theirs.pivotal)
                .for_each(|(a, b)| *a += b);
            if mine.points.len() < theirs.points.len() {
                mine.points.resize(theirs.points.len(), 0);
            }
            mine.points
                .iter_mut()
                .zip(&theirs.points)
                .for_each(|(a, b)| *a += b);
        }
    }
}

/// `runs` stochastic runs of the model on the current rayon pool (the caller's: the binary sizes
/// it by `--threads` once). `progress` is called with the
/// number of runs finished so far (in some order) as chunks complete.
pub fn monte_carlo(
    model: &SimModel,
    runs: RunSet,
    seed: u64,
    settings: RunSettings,
    progress: &(dyn Fn(u64) + Sync),
) -> Counts {
    let opening = RunState::opening(model);
    let RunSet {
        first,
        count: runs,
        stride,
    } = runs;
    let chunks = runs.div_ceil(CHUNK);
    let done = std::sync::atomic::AtomicU64::new(0);
    // Chunks run in batches, each batch's counts merged in chunk order: memory stays bounded
    // however many runs there are, and the order never depends on the threads.
    const BATCH: u64 = 256;
    let work = |batch: u64| {
        (batch * BATCH..((batch + 1) * BATCH).min(chunks))
            .into_par_iter()
            .map_init(
                || Workspace::new(model, &opening),
                |workspace, chunk| {
                    let mut counts = Counts::new(model);
                    let end = ((chunk + 1) * CHUNK).min(runs);
                    for k in chunk * CHUNK..end {
                        // Run `first + k × stride` of the whole simulation: its own stream.
                        let mut rng = rng_for(seed, first + k * stride);
                        run(model, &opening, workspace, &mut rng, settings, &mut NoTrace);
                        counts.add_run(&workspace.out);
                    }
                    let finished =
                        done.fetch_add(end - chunk * CHUNK, std::sync::atomic::Ordering::Relaxed);
                    progress(finished + end - chunk * CHUNK);
                    counts
                },
            )
            .collect::<Vec<Counts>>()
    };
    let mut total = Counts::new(model);
    for batch in 0..chunks.div_ceil(BATCH) {
        for counts in work(batch) {
            total.merge(counts);
        }
    }
    total
}

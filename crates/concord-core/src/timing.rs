//! Phase timings for profiling large scenarios: with `CONCORD_TIMINGS=1` in the environment,
//! every [`mark`] prints the time since the first mark to stderr (`timing parse 0.61s`).
//! Without it, a mark costs one atomic load. Never part of any output.

use std::sync::OnceLock;
use std::time::Instant;

static START: OnceLock<Option<Instant>> = OnceLock::new();

/// Prints `timing PHASE SECONDS` when `CONCORD_TIMINGS` is set.
pub fn mark(phase: &str) {
    let start = START.get_or_init(|| {
        std::env::var_os("CONCORD_TIMINGS")
            .filter(|value| !value.is_empty() && value != "0")
            .map(|_| Instant::now())
    });
    if let Some(start) = start {
        eprintln!("timing {phase} {:.3}s", start.elapsed().as_secs_f64());
    }
}

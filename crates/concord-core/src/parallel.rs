//! Data parallelism with a floor. Below [`MIN_PARALLEL`] elements the work stays on the calling
//! thread: handing a dozen items to the thread pool costs more than analysing them (the bundled
//! PP-14 scenario has twelve). Results are always in input order, so the thread count never
//! changes an output.

use rayon::prelude::*;

/// The fewest elements worth sending to the thread pool.
pub const MIN_PARALLEL: usize = 64;

/// The least RON text worth parsing on the thread pool.
pub(crate) const MIN_PARALLEL_BYTES: usize = 1 << 20;

/// `items.iter().map(f).collect()`, on the thread pool when there are enough items.
pub fn map<T: Sync, U: Send>(items: &[T], f: impl Fn(&T) -> U + Sync + Send) -> Vec<U> {
    if items.len() < MIN_PARALLEL {
        items.iter().map(f).collect()
    } else {
        items
            .par_iter()
            .with_min_len(MIN_PARALLEL / 4)
            .map(f)
            .collect()
    }
}

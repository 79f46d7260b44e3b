//! The bounds of a scenario the loader checks, each refused with its own diagnostic before the
//! work it bounds (see `concord explain limits`).

use super::{Code, Ctx, FileId};
use crate::load::locate::Seg::F;

/// The most rounds a stage may have: the simulation's time grows with them.
pub(crate) const MAX_ROUNDS: u32 = 1000;

/// The most rounds of all the stages together: what bounds one simulated run, whatever the
/// number of stages (100,000 stages of one round would be 100,000 rounds a run).
pub(crate) const MAX_TOTAL_ROUNDS: u64 = 10_000;

/// The most groups a scenario may have: the analysis compares every pair (5,000 groups are 12.5
/// million pairs an item).
pub(crate) const MAX_GROUPS: usize = 5_000;

/// The most cells (groups × agenda items and issues) a scenario may have: every group has a cell
/// on every item, stated or not, and the analysis and simulation hold several copies.
pub(crate) const MAX_CELLS: usize = 250_000;

/// Reports a scenario of more than [`MAX_CELLS`] cells (then `true`: it is not read further; its
/// cells would be built before anything else could refuse them).
pub(super) fn too_many_cells(ctx: &mut Ctx, file: FileId, groups: usize, items: usize) -> bool {
    let cells = groups.saturating_mul(items);
    if cells <= MAX_CELLS {
        return false;
    }
    ctx.report(
        Code::OutOfBounds,
        file,
        &[F("items")],
        format!(
            "the scenario has {groups} groups × {items} agenda items and issues = {cells} cells, \
             more than {MAX_CELLS}"
        ),
        Some(
            "every group has a cell on every item; split the agenda or keep the groups that meet"
                .into(),
        ),
    );
    true
}

/// The largest explicit capability: only ratios matter, and sums of weights must stay exact
/// and finite.
pub(crate) const MAX_CAPABILITY: f64 = 1e6;

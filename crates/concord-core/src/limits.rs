//! Every numeric bound of the core, in one place. Beyond a bound the input is refused, never
//! clamped: a file is a diagnostic, a simulation a `simulate::Refused`, a sweep a
//! `whatif::Refusal`. `concord explain limits` prints them from here, with the binary's own flag
//! bounds (`--threads`, `--name`, the 0-to-1 flags).

/// The bounds; [`LIMITS`] holds their values.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Limits {
    /// The largest file concord reads, in bytes (counted while reading).
    pub file_bytes: u64,
    /// The most agenda items a scenario may have.
    pub items: usize,
    /// The most options an agenda item may have.
    pub options: usize,
    /// The most alignment rounds a stage may have.
    pub rounds: u32,
    /// The most rounds of all the stages together.
    pub total_rounds: u64,
    /// The most groups a scenario may have.
    pub groups: usize,
    /// The most cells (groups × agenda items and issues) a scenario may have.
    pub cells: usize,
    /// The most steps (runs × rounds × items × groups) of one simulation.
    pub simulated_work: u128,
    /// The largest explicit capability of a group.
    pub capability: f64,
    /// The most runs of one simulation (and of a sweep's points × runs).
    pub runs: u64,
    /// The most points of one sweep.
    pub sweep_points: usize,
    /// The most possible package deals the simulation models; above it, deals are not modelled
    /// and the output says so.
    pub potential_deals: usize,
    /// `generate`: the most groups.
    pub generate_groups: usize,
    /// `generate`: the most agenda items.
    pub generate_items: usize,
    /// `generate`: the most member states.
    pub generate_members: usize,
    /// `generate`: the most cells (groups × items).
    pub generate_cells: usize,
}

/// The bounds of this version of concord.
pub const LIMITS: Limits = Limits {
    file_bytes: crate::load::MAX_FILE_BYTES,
    items: crate::load::MAX_ITEMS,
    options: crate::model::MAX_OPTIONS,
    rounds: crate::load::MAX_ROUNDS,
    total_rounds: crate::load::MAX_TOTAL_ROUNDS,
    groups: crate::load::MAX_GROUPS,
    cells: crate::load::MAX_CELLS,
    simulated_work: crate::simulate::MAX_WORK,
    capability: crate::load::MAX_CAPABILITY,
    runs: crate::simulate::MAX_RUNS,
    sweep_points: crate::whatif::MAX_SWEEP_POINTS,
    potential_deals: crate::simulate::MAX_POTENTIAL_DEALS,
    generate_groups: crate::generate::MAX_GROUPS,
    generate_items: crate::generate::MAX_ITEMS,
    generate_members: crate::generate::MAX_MEMBERS,
    generate_cells: crate::generate::MAX_CELLS,
};

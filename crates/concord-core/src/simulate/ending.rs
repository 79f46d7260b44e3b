//! How an item ends in one run: the outcome the engine counts and the traces name.

/// How an item ends.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum End {
    /// Aligned on a change: adopted with this option, never the status quo (scale items:
    /// `NONE` and the point in `point`).
    Adopted(u8),
    /// Aligned on the status quo: settled with no change (NOC), by consensus.
    NoChange,
    /// Not aligned, adopted by a vote on the focal option (or the scale point).
    Voted,
    /// Not aligned, settled with no change by a vote: the vote on the focal option failed, or
    /// the focal option is the status quo.
    VotedDown,
    /// Not settled: left open for the next conference.
    CarriedForward,
    /// Nothing is known to decide it on: no group states a position and no Member State
    /// proposes anything.
    NoPrediction,
}

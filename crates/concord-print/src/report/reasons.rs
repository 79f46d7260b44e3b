//! The analysis's reasons in words: why two groups conflict, why an item is at risk of being
//! carried forward. The one place these sentences are made.

use concord_core::analysis::{Conflict, ConflictReason, RiskReason};
use concord_core::id::GroupId;
use concord_core::model::Maturity;

/// A conflict's reasons, joined by "; ".
pub fn conflict(conflict: &Conflict) -> String {
    conflict_reasons(&conflict.reasons)
}

/// Reasons two groups conflict, joined by "; ".
pub(crate) fn conflict_reasons(reasons: &[ConflictReason]) -> String {
    reasons
        .iter()
        .map(conflict_reason)
        .collect::<Vec<_>>()
        .join("; ")
}

/// A maturity as a group calls it, "none" when not given.
pub fn maturity(group: &GroupId, maturity: Option<Maturity>) -> &'static str {
    maturity.map_or("none", |m| m.label(group.as_str()))
}

/// One reason two groups conflict.
pub(crate) fn conflict_reason(reason: &ConflictReason) -> String {
    match reason {
        ConflictReason::NothingInCommon => "no option both accept".into(),
        ConflictReason::RedLine {
            of,
            option,
            against,
        } => format!("{of}'s first choice `{option}` is a red line of {against}"),
        ConflictReason::DisjointRanges(a, b) => {
            format!("ranges {}-{} and {}-{} do not overlap", a.0, a.1, b.0, b.1)
        }
    }
}

/// Why an item is at risk of being carried forward.
pub fn risk(reason: &RiskReason) -> String {
    match reason {
        RiskReason::Contested => "contested: no option every stated group accepts".into(),
        RiskReason::DependsOn(item) => format!("depends on `{item}`, which is contested"),
    }
}

//! Dated versions of a cell: which one is in force at a date. Shared by validation and by the
//! what-if changes, which edit the version in force.

use super::raw;
use crate::model::Date;

/// Which of a cell's versions (their dates, in any order) is in force at `(reference, replay)`:
/// the latest dated on or before the reference date; without a replay, the earliest when every
/// one is later (the scenario as written); `None` when a replay finds none yet.
pub(super) fn in_force(
    dates: &[Option<Date>],
    (reference, replay): (Option<Date>, bool),
) -> Option<usize> {
    let by_date = |i: &usize| dates[*i];
    let mut order: Vec<usize> = (0..dates.len()).collect();
    order.sort_by_key(by_date);
    let at = order
        .iter()
        .rposition(|&i| {
            reference.is_none_or(|reference| dates[i].is_none_or(|d| !reference.before(d)))
        })
        .or_else(|| (!replay && !order.is_empty()).then_some(0));
    at.map(|rank| order[rank])
}

/// The date of a provenance of any kind, when it has one that parses (checked and reported
/// elsewhere); a month-only date stands for the month's first day, as everywhere else.
pub(super) fn provenance_date(raw: Option<&raw::Provenance>) -> Option<Date> {
    raw.and_then(raw::Provenance::as_of).and_then(Date::parse)
}

//! Two positions of a group on one item for one date: a `duplicate-position`, or an
//! `issue-overlap` when one is on the whole item split into issues and the other on the issue.

#[allow(clippy::wildcard_imports)]
use super::*;
use crate::load::versions::provenance_date;

/// A date as the day it stands for (see [`Date::day_key`]).
type DayKey = (u16, u8, u8);

/// Reports a second position of a group on an item for a date it already has one for: an
/// `issue-overlap` when one of the two is on the whole item split into issues and the other on
/// the issue, a `duplicate-position` otherwise.
pub(super) fn clash(
    ctx: &mut Ctx,
    file: FileId,
    base: &[Seg<'_>],
    (raw, group, item): (&raw::PositionsFile, &Group, &Item),
    (first, versions, this): (usize, &[usize], Option<DayKey>),
) {
    let named = &raw.positions[base_index(base)].item;
    let overlapping = versions.iter().find(|&&other| {
        &raw.positions[other].item != named
            && (this.is_none()
                || provenance_date(raw.positions[other].provenance.as_ref()).map(Date::day_key)
                    == this
                || provenance_date(raw.positions[other].provenance.as_ref()).is_none())
    });
    if let Some(&other) = overlapping {
        ctx.report(
            Code::IssueOverlap,
            file,
            &path(base, &[F("item")]),
            format!(
                "`{}` has a position on `{named}` and one on `{}` (index {other}) for the same date (or one undated), and `{}` is an issue of `{}`",
                group.id,
                raw.positions[other].item,
                item.id,
                item.parent.as_deref().unwrap_or_default()
            ),
            Some("a position on the whole item applies to every issue: drop one of the two, or give each its own `as_of` in its provenance".into()),
        );
        return;
    }
    ctx.report(
        Code::DuplicatePosition,
        file,
        &path(base, &[F("item")]),
        format!("`{}` has two positions on `{}`", group.id, item.id),
        Some(format!(
            "to keep dated versions of a cell, give each one its own `as_of` in its provenance, whatever its kind: `Sourced(source: \"...\", as_of: \"YYYY-MM-DD\")`, `Estimated(note: \"...\", as_of: \"YYYY-MM-DD\")` or `Illustrative(note: \"...\", as_of: \"YYYY-MM-DD\")` (the one at index {first} is the first)"
        )),
    );
}

fn base_index(base: &[Seg<'_>]) -> usize {
    match base.get(1) {
        Some(I(index)) => *index,
        _ => 0,
    }
}

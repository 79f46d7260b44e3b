//! Conflicting pairs: g and h conflict when no option is accepted by both, or one's first choice
//! is a red line of the other (scale: disjoint ranges).

use crate::id::OptionId;

use super::{Conflict, ConflictReason, GroupCell, Stated};

/// Every conflicting pair of stated groups, in group order.
pub(super) fn pairs(cells: &[GroupCell], options: &[OptionId]) -> Vec<Conflict> {
    let stated: Vec<(&GroupCell, &Stated)> = cells
        .iter()
        .filter_map(|cell| cell.stated.as_ref().map(|stated| (cell, stated)))
        .collect();
    let mut out = Vec::new();
    for (index, (g, g_stated)) in stated.iter().enumerate() {
        for (h, h_stated) in &stated[index + 1..] {
            let reasons = reasons(g, g_stated, h, h_stated, options);
            if !reasons.is_empty() {
                out.push(Conflict {
                    groups: (g.group.clone(), h.group.clone()),
                    reasons,
                });
            }
        }
    }
    out
}

fn reasons(
    g: &GroupCell,
    g_stated: &Stated,
    h: &GroupCell,
    h_stated: &Stated,
    options: &[OptionId],
) -> Vec<ConflictReason> {
    let mut reasons = Vec::new();
    match (g_stated, h_stated) {
        (Stated::Options(a), Stated::Options(b)) => {
            // A position of red lines only tolerates every other option (`tolerates`).
            if !options
                .iter()
                .any(|option| a.tolerates(option) && b.tolerates(option))
            {
                reasons.push(ConflictReason::NothingInCommon);
            }
            for (of, first, against, red) in [(g, a, h, b), (h, b, g, a)] {
                if let Some(option) = first.first_choice()
                    && red.opposes(option)
                {
                    reasons.push(ConflictReason::RedLine {
                        of: of.group.clone(),
                        option: option.clone(),
                        against: against.group.clone(),
                    });
                }
            }
        }
        (Stated::Scale(a), Stated::Scale(b)) if a.range.1 < b.range.0 || b.range.1 < a.range.0 => {
            reasons.push(ConflictReason::DisjointRanges(a.range, b.range));
        }
        // Validation makes every stance fit its item.
        _ => {}
    }
    reasons
}

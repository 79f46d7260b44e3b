//! Conflicting pairs: g and h conflict when no option is accepted by both, or one's first choice
//! is a red line of the other (scale: disjoint ranges).
//!
//! Pairs grow with the square of the groups (1,225 per item for 50 groups), so they are not
//! stored: each stated cell is reduced once to a [`Footprint`] (bit sets over the item's options)
//! and a pair is tested with two ANDs when someone asks. Conflicts with their reasons are built
//! only for the pairs a caller walks through; counting them allocates nothing.

use crate::id::{GroupId, OptionId};

use super::{Conflict, ConflictReason, GroupCell, ItemAnalysis, Stated};

/// What the pairwise tests need of a stated cell. Bit i stands for the item's option i (an item
/// has at most 64 options: validated).
#[derive(Clone, Copy, Debug, PartialEq)]
enum Footprint {
    Options {
        /// Options the group can live with (`EffectiveOptions::tolerates`).
        tolerated: u64,
        /// Its red lines.
        opposed: u64,
        /// Its first choice.
        first: Option<u8>,
    },
    Scale {
        range: (f64, f64),
    },
}

/// The pairwise view of one item: its options and one footprint per cell (`None`: not stated).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Pairs {
    options: Vec<OptionId>,
    footprints: Vec<Option<Footprint>>,
}

/// Why a pair conflicts, as bits: nothing in common (or disjoint ranges), g's first choice is a
/// red line of h, h's first choice is a red line of g.
const NOTHING_IN_COMMON: u8 = 1;
const RED_LINE_OF_G: u8 = 2;
const RED_LINE_OF_H: u8 = 4;

impl Pairs {
    pub(super) fn new(cells: &[GroupCell], options: &[OptionId]) -> Self {
        let bit = |option: &OptionId| {
            options
                .iter()
                .position(|o| o == option)
                .map_or(0, |index| 1u64 << index)
        };
        let footprints = cells
            .iter()
            .map(|cell| {
                Some(match cell.stated()? {
                    Stated::Options(stance) => Footprint::Options {
                        tolerated: stance.tolerated_mask(options),
                        opposed: stance
                            .opposes
                            .iter()
                            .fold(0, |mask, (option, _)| mask | bit(option)),
                        first: stance.first_choice().and_then(|first| {
                            options
                                .iter()
                                .position(|o| o == first)
                                .and_then(|index| u8::try_from(index).ok())
                        }),
                    },
                    Stated::Scale(scale) => Footprint::Scale { range: scale.range },
                })
            })
            .collect();
        Pairs {
            options: options.to_vec(),
            footprints,
        }
    }

    /// Whether the cells `g` and `h` share an option both tolerate (scale: overlapping ranges);
    /// `None` unless both are stated.
    pub(super) fn agree(&self, g: usize, h: usize) -> Option<bool> {
        match (
            self.footprints.get(g)?.as_ref()?,
            self.footprints.get(h)?.as_ref()?,
        ) {
            (Footprint::Options { tolerated: a, .. }, Footprint::Options { tolerated: b, .. }) => {
                Some(a & b != 0)
            }
            (Footprint::Scale { range: a }, Footprint::Scale { range: b }) => {
                Some(a.0 <= b.1 && b.0 <= a.1)
            }
            // Validation makes every stance fit its item.
            _ => Some(false),
        }
    }

    /// The reason bits of the pair (0: no conflict).
    fn reasons(&self, g: usize, h: usize) -> u8 {
        let (Some(Some(a)), Some(Some(b))) = (self.footprints.get(g), self.footprints.get(h))
        else {
            return 0;
        };
        match (a, b) {
            (
                Footprint::Options {
                    tolerated: tolerated_a,
                    opposed: opposed_a,
                    first: first_a,
                },
                Footprint::Options {
                    tolerated: tolerated_b,
                    opposed: opposed_b,
                    first: first_b,
                },
            ) => {
                let red = |first: &Option<u8>, opposed: u64| {
                    first.is_some_and(|index| opposed & (1 << index) != 0)
                };
                let mut reasons = 0;
                if tolerated_a & tolerated_b == 0 {
                    reasons |= NOTHING_IN_COMMON;
                }
                if red(first_a, *opposed_b) {
                    reasons |= RED_LINE_OF_G;
                }
                if red(first_b, *opposed_a) {
                    reasons |= RED_LINE_OF_H;
                }
                reasons
            }
            (Footprint::Scale { range: a }, Footprint::Scale { range: b })
                if a.1 < b.0 || b.1 < a.0 =>
            {
                NOTHING_IN_COMMON
            }
            _ => 0,
        }
    }

    /// Every conflicting pair of cells (indices, g < h), in group order.
    fn conflicting(&self) -> impl Iterator<Item = (usize, usize, u8)> + '_ {
        let n = self.footprints.len();
        (0..n)
            .filter(|&g| self.footprints[g].is_some())
            .flat_map(move |g| {
                (g + 1..n).filter_map(move |h| {
                    let reasons = self.reasons(g, h);
                    (reasons != 0).then_some((g, h, reasons))
                })
            })
    }
}

impl ItemAnalysis {
    /// Every conflicting pair of stated groups with its reasons, in group order.
    pub fn conflicts(&self) -> impl Iterator<Item = Conflict> + '_ {
        self.conflicts_with_groups().map(|(_, conflict)| conflict)
    }

    /// Like [`ItemAnalysis::conflicts`], each with the pair borrowed from the item.
    pub fn conflicts_with_groups(
        &self,
    ) -> impl Iterator<Item = ((&GroupId, &GroupId), Conflict)> + '_ {
        self.pairs.conflicting().map(|(g, h, reasons)| {
            (
                (&self.cells[g].group, &self.cells[h].group),
                self.conflict(g, h, reasons),
            )
        })
    }

    /// The conflicting pairs of groups alone (no reasons built), in group order.
    pub fn conflicting_groups(&self) -> impl Iterator<Item = (&GroupId, &GroupId)> + '_ {
        self.pairs
            .conflicting()
            .map(|(g, h, _)| (&self.cells[g].group, &self.cells[h].group))
    }

    /// How many pairs of stated groups conflict.
    pub fn conflict_count(&self) -> usize {
        self.pairs.conflicting().count()
    }

    fn conflict(&self, g: usize, h: usize, bits: u8) -> Conflict {
        let (group_g, group_h) = (&self.cells[g].group, &self.cells[h].group);
        let mut reasons = Vec::new();
        if bits & NOTHING_IN_COMMON != 0 {
            reasons.push(match (&self.cells[g].stated(), &self.cells[h].stated()) {
                (Some(Stated::Scale(a)), Some(Stated::Scale(b))) => {
                    ConflictReason::DisjointRanges(a.range, b.range)
                }
                _ => ConflictReason::NothingInCommon,
            });
        }
        for (bit, of, index, against) in [
            (RED_LINE_OF_G, group_g, g, group_h),
            (RED_LINE_OF_H, group_h, h, group_g),
        ] {
            if bits & bit != 0
                && let Some(Footprint::Options {
                    first: Some(first), ..
                }) = self.pairs.footprints[index]
            {
                reasons.push(ConflictReason::RedLine {
                    of: of.clone(),
                    option: self.pairs.options[usize::from(first)].clone(),
                    against: against.clone(),
                });
            }
        }
        Conflict {
            groups: (group_g.clone(), group_h.clone()),
            reasons,
        }
    }
}

//! A traced run in the scenario's own terms: every group, item and option by its id, every stage
//! by its name, every verdict spelt out. Renderers read this, never the model's indices or its
//! `NONE` sentinel.

use crate::id::{GroupId, ItemId, OptionId};

use super::model::{NONE, SimModel};
use super::run::{End, Event};
use super::{DealView, Trace};

/// One traced run, event by event.
#[derive(Clone, Debug, PartialEq)]
pub struct TraceLog {
    /// In the order they happened.
    pub events: Vec<Logged>,
}

/// An event and when it happened.
#[derive(Clone, Debug, PartialEq)]
pub struct Logged {
    /// The stage's name; `None` for the end of the conference.
    pub stage: Option<String>,
    /// The global round (1-based; the end rule's events carry the last round).
    pub round: u32,
    /// What happened.
    pub what: What,
}

/// What happened in a round.
#[derive(Clone, Debug, PartialEq)]
pub enum What {
    /// A group moved its first choice (`None`: it had none).
    MoveFirst {
        /// The group that moved.
        group: GroupId,
        /// The item.
        item: ItemId,
        /// Its first choice before.
        from: Option<OptionId>,
        /// Its first choice after.
        to: Option<OptionId>,
        /// The pressure towards the focal option, and the rate of moving it gave.
        pressure: f64,
        /// The probability of moving in this round.
        rate: f64,
    },
    /// A group now accepts an option.
    Accept {
        /// The group that moved.
        group: GroupId,
        /// The item.
        item: ItemId,
        /// The option it now accepts.
        option: Option<OptionId>,
        /// The pressure towards the focal option.
        pressure: f64,
        /// The probability of moving in this round.
        rate: f64,
    },
    /// A group moved on a scale item (0-100) towards the compromise point.
    Scale {
        /// The group that moved.
        group: GroupId,
        /// The item.
        item: ItemId,
        /// Its position before.
        from: f64,
        /// Its position after.
        to: f64,
        /// What it now accepts.
        range: (f64, f64),
        /// The compromise point it moves towards.
        point: f64,
    },
    /// A package deal was made.
    Deal(DealView),
    /// The item aligned.
    Aligned {
        /// The item.
        item: ItemId,
    },
    /// The end rule's verdict on the item.
    Ended {
        /// The item.
        item: ItemId,
        /// What the conference did with it.
        verdict: Verdict,
    },
}

/// How the conference ended an item.
#[derive(Clone, Debug, PartialEq)]
pub enum Verdict {
    /// Aligned on an option.
    AdoptedWith(OptionId),
    /// A scale item aligned at a point (0-100).
    AdoptedAt(f64),
    /// Adopted by a vote.
    Voted {
        /// Votes for (weighted by capability).
        yes: u32,
        /// Votes against.
        no: u32,
    },
    /// Aligned on the status quo: no change (NOC).
    NoChange,
    /// A vote kept the status quo (the focal option was the status quo).
    VotedNoChange {
        /// Votes for.
        yes: u32,
        /// Votes against.
        no: u32,
    },
    /// No group and no Member State states a position: nothing to decide on.
    NoPrediction,
    /// A vote was held and failed: no change.
    VoteFailed {
        /// Votes for.
        yes: u32,
        /// Votes against.
        no: u32,
    },
    /// Not decided because an item it depends on was carried forward.
    PrerequisiteCarried,
    /// Not aligned and no vote: carried forward to the next conference.
    CarriedForward,
}

impl Trace {
    /// The run in the scenario's terms.
    pub fn log(&self) -> TraceLog {
        let model = &self.model;
        let events = self
            .events
            .iter()
            .map(|(stage, round, event)| Logged {
                stage: stage.map(|s| model.stages[s].name.clone()),
                round: *round,
                what: what(model, self, event),
            })
            .collect();
        TraceLog { events }
    }
}

fn option(model: &SimModel, item: usize, option: u8) -> Option<OptionId> {
    (option != NONE).then(|| model.items[item].options[usize::from(option)].clone())
}

/// A deal's option: always a real one (a deal is on first choices); `nothing` if not.
fn deal_option(model: &SimModel, item: usize, option: u8) -> OptionId {
    self::option(model, item, option).unwrap_or_else(|| OptionId::new("nothing"))
}

fn what(model: &SimModel, trace: &Trace, event: &Event) -> What {
    let group = |g: usize| model.groups[g].clone();
    let item = |i: usize| model.items[i].id.clone();
    match event {
        Event::MoveFirst {
            group: g,
            item: i,
            from,
            to,
            pressure,
            rate,
        } => What::MoveFirst {
            group: group(*g),
            item: item(*i),
            from: option(model, *i, *from),
            to: option(model, *i, *to),
            pressure: *pressure,
            rate: *rate,
        },
        Event::Accept {
            group: g,
            item: i,
            option: o,
            pressure,
            rate,
        } => What::Accept {
            group: group(*g),
            item: item(*i),
            option: option(model, *i, *o),
            pressure: *pressure,
            rate: *rate,
        },
        Event::Scale {
            group: g,
            item: i,
            from,
            to,
            range,
            point,
        } => What::Scale {
            group: group(*g),
            item: item(*i),
            from: *from,
            to: *to,
            range: *range,
            point: *point,
        },
        Event::Deal {
            g,
            h,
            item_g,
            option_g,
            item_h,
            option_h,
            gain_g,
            gain_h,
        } => What::Deal(DealView {
            groups: (group(*g), group(*h)),
            gives: (
                (item(*item_g), deal_option(model, *item_g, *option_g)),
                (item(*item_h), deal_option(model, *item_h, *option_h)),
            ),
            gains: (*gain_g, *gain_h),
        }),
        Event::Aligned { item: i } => What::Aligned { item: item(*i) },
        Event::Ended {
            item: i,
            end,
            point,
            yes,
            no,
        } => {
            let verdict = match end {
                End::Adopted(o) => match option(model, *i, *o) {
                    Some(option) => Verdict::AdoptedWith(option),
                    None => Verdict::AdoptedAt(*point),
                },
                End::Voted => Verdict::Voted { yes: *yes, no: *no },
                End::NoChange => Verdict::NoChange,
                End::NoPrediction => Verdict::NoPrediction,
                End::VotedDown if yes > no => Verdict::VotedNoChange { yes: *yes, no: *no },
                End::VotedDown => Verdict::VoteFailed { yes: *yes, no: *no },
                End::CarriedForward
                    if model.items[*i]
                        .depends_on
                        .iter()
                        .any(|d| trace.outcomes[*d].end == End::CarriedForward) =>
                {
                    Verdict::PrerequisiteCarried
                }
                End::CarriedForward => Verdict::CarriedForward,
            };
            What::Ended {
                item: item(*i),
                verdict,
            }
        }
    }
}

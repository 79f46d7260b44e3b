//! The brief's typed facts: the recommended line and why, a priority, a member state's own
//! position, a simulated outcome. Data only (ids, enums, numbers): `words` is the one
//! place that words them, for the Markdown, HTML and JSON printers alike.

use serde::Serialize;

use concord_core::id::{GroupId, ItemId, OptionId};
use concord_core::model::{Basis, Stance};

/// The recommended line of action (see docs/workflow.md, "Briefs").
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Action {
    /// Our line holds: keep it.
    Hold,
    /// Others share our line: gather them.
    BuildACoalition,
    /// A compromise is in reach: offer it.
    OfferACompromise,
    /// The item may be carried forward: prepare for the next conference.
    PrepareForCarryForward,
    /// Nothing to do now: follow it.
    Watch,
}

/// The line the brief recommends on an item (docs/workflow.md, "Briefs"): what to do,
/// the option it is about, and why.
#[derive(Clone, Debug, PartialEq)]
pub struct Line {
    /// What to do.
    pub action: Action,
    /// The option the line is about: the one to offer, or to build a coalition for.
    pub option: Option<OptionId>,
    /// Why, as the facts that make it the line.
    pub reason: Reason,
}

impl Line {
    /// A line about no particular option.
    pub fn new(action: Action, reason: Reason) -> Self {
        Line {
            action,
            option: None,
            reason,
        }
    }

    /// A line about `option`.
    pub fn on(action: Action, option: &OptionId, reason: Reason) -> Self {
        Line {
            action,
            option: Some(option.clone()),
            reason,
        }
    }
}

/// Why a line is recommended: one variant per reason the brief gives, with its facts.
#[derive(Clone, Debug, PartialEq)]
pub enum Reason {
    /// We state no position on the item.
    WeStateNoPosition,
    /// Our position is not in the data (unknown, which is not opposition).
    NotInTheData,
    /// We have no position yet: the item is under study.
    NoPositionYet,
    /// The simulation carries the item forward in this share of its runs (0-1).
    CarriedForward {
        /// P(carried forward).
        p_carried_forward: f64,
    },
    /// Too few groups have spoken: find co-sponsors.
    TooFewHaveSpoken,
    /// A point inside every stated range exists (a scale item).
    PointInEveryRange,
    /// No point lies inside every stated range (a scale item).
    NoPointInEveryRange,
    /// A compromise we accept is on the table.
    CompromiseWeAccept,
    /// The others meet on an option we do not accept; `option`, which we can live with, is
    /// accepted by `who` too.
    OthersMeetElsewhere {
        /// The option we can live with.
        option: OptionId,
        /// The other groups that accept it.
        who: Vec<GroupId>,
    },
    /// The others meet on an option we do not accept, and no option we accept is acceptable to
    /// another group.
    OthersMeetElsewhereAlone,
    /// Contested, but the option most weight is behind is one we support.
    ContestedTopIsOurs,
    /// Contested, the option most weight is behind is not ours, but `who` accept our choice
    /// `option`.
    ContestedOurChoiceAccepted {
        /// Our choice.
        option: OptionId,
        /// The other groups that accept it.
        who: Vec<GroupId>,
    },
    /// Contested, the option most weight is behind is not one we support; `option`, which we
    /// accept, is accepted by `who` too.
    ContestedOfferable {
        /// The option we can offer.
        option: OptionId,
        /// The other groups that accept it.
        who: Vec<GroupId>,
    },
    /// Contested, and no option we accept is acceptable to another group.
    ContestedAlone,
    /// We support no option: what we accept, we accept on conditions.
    OnlyOnConditions,
    /// We draw red lines only, on these options, and support nothing.
    RedLinesOnly {
        /// Our red lines, stand by stand.
        options: Vec<OptionId>,
    },
}

/// One of our stated cells, by salience: where the delegation's effort goes.
#[derive(Clone, Debug, PartialEq)]
pub struct Priority {
    /// The item.
    pub item: ItemId,
    /// Our group.
    pub group: GroupId,
    /// How much the item matters to the group, 0-1.
    pub salience: f64,
    /// Where the salience comes from.
    pub basis: Basis,
}

/// A member state's own position on an item.
#[derive(Clone, Debug, PartialEq)]
pub struct OwnPosition {
    /// The item.
    pub item: ItemId,
    /// The state's stance on it.
    pub stance: Stance,
}

/// How a brief's simulation was run.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct SimulationRuns {
    /// Monte Carlo runs.
    pub runs: u64,
    /// Their seed.
    pub seed: u64,
}

/// One item's simulated outcome, in numbers (probabilities 0-1).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ItemSimulation {
    /// Adopted by alignment.
    pub p_adopted: f64,
    /// Adopted by a vote.
    pub p_voted: f64,
    /// Settled with no change (NOC by consensus, or a vote that keeps the status quo).
    pub p_no_change: f64,
    /// Carried forward.
    pub p_carried_forward: f64,
    /// Nothing is known to decide the item on: every probability above is 0.
    pub no_prediction: bool,
    /// The option most often adopted, and its probability (options items).
    pub most_often: Option<MostOften>,
    /// Each option's probability of adoption by alignment (options items; not in the JSON,
    /// which has the line's own probability in the summary).
    #[serde(skip)]
    pub by_option: Vec<(OptionId, f64)>,
    /// The focal option, the one a vote is on (not in the JSON).
    #[serde(skip)]
    pub focal: Option<OptionId>,
}

/// The option an item is most often adopted with.
#[derive(Clone, Debug, PartialEq)]
pub struct MostOften {
    /// The option.
    pub option: OptionId,
    /// The probability it is adopted (0-1).
    pub p: f64,
}

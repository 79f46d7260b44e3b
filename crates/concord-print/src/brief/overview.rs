//! The typed facts of the brief's opening and summary: who the brief is for, our position and
//! maturity on each item, the items at risk, the package deals open to us, and the heat map.
//! Data only: `overview_words` words them, for the Markdown, HTML and JSON printers alike.

use concord_core::analysis::{GroupCell, RiskReason};
use concord_core::id::{GroupId, ItemId, StateId};
use concord_core::model::{Maturity, Stance};

use super::lists::Deal;

/// Who a brief is for, with the names the scenario gives.
#[derive(Clone, Debug, PartialEq)]
pub enum ReaderFacts {
    /// A group's delegation.
    Group {
        /// The group.
        group: GroupId,
        /// Its name.
        name: String,
    },
    /// A member state.
    State {
        /// The state.
        state: StateId,
        /// Its name.
        name: String,
        /// Its groups in the scenario (none: in no regional group of it).
        groups: Vec<GroupId>,
    },
}

/// A member state's own stance on an item, next to its groups' cells.
#[derive(Clone, Debug, PartialEq)]
pub struct OwnStance {
    /// The state.
    pub state: StateId,
    /// Its stance.
    pub stance: Stance,
}

/// The reader's position on an item, as the summary shows it: its groups' cells, then its own.
#[derive(Clone, Debug, PartialEq)]
pub struct OurPosition {
    /// Our groups' cells.
    pub cells: Vec<GroupCell>,
    /// A member state's own stance, when it has one.
    pub own: Option<OwnStance>,
}

/// Our groups' maturities on an item, each in the group's own terms.
#[derive(Clone, Debug, PartialEq)]
pub struct Maturities(pub Vec<(GroupId, Maturity)>);

/// An item at risk of being carried forward, and why.
#[derive(Clone, Debug, PartialEq)]
pub struct AtRisk {
    /// The item.
    pub item: ItemId,
    /// Why it is at risk.
    pub reason: RiskReason,
}

/// The package deals open to us.
#[derive(Clone, Debug, PartialEq)]
pub enum OpenDeals {
    /// The deals concord models (at most ten).
    Modelled(Vec<Deal>),
    /// Too many possible deals to model.
    NotModelled {
        /// How many package deals the scenario allows.
        possible: usize,
        /// How many concord models.
        limit: usize,
    },
}

/// A heat-map cell's class, by agreement with the reader.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Agreement {
    /// Our stated cell.
    Ours,
    /// Accepts our first choice.
    Agrees,
    /// Accepts some option we accept.
    Compatible,
    /// Accepts nothing we accept.
    Conflicts,
    /// Stated, but we hold no stand to compare with.
    Stated,
    /// No position yet, or no proposal.
    NotStated,
    /// Unknown.
    Unknown,
}

/// One row of the heat map: an item, and every group's cell on it with its agreement with us.
#[derive(Clone, Debug, PartialEq)]
pub struct HeatRow {
    /// The item.
    pub item: ItemId,
    /// Every group's cell, in group order, with its class.
    pub cells: Vec<(Agreement, GroupCell)>,
}

//! The typed facts of an item's lists in the brief: allies, red lines, groups that want another
//! option, compromises, cross-pressured states, where a state differs from its groups, where its
//! groups pull apart, CPM methods, references, further consideration and reservations. Data
//! only (ids, enums, numbers, the core's analysis types by value): `words` (`list_words`) is the
//! one place that words them, for the Markdown, HTML and JSON printers alike.

use concord_core::analysis::{Conflict, CrossPressure, GroupCell};
use concord_core::id::{GroupId, ItemId, OptionId, StateId};
use concord_core::model::Action as ItuAction;

/// A group outside ours that accepts one of our first choices: its cell on the item.
#[derive(Clone, Debug, PartialEq)]
pub struct Ally(pub GroupCell);

/// Who draws a red line: another group (publicly), or a member state in some group's file.
#[derive(Clone, Debug, PartialEq)]
pub enum RedLiner {
    /// Another group.
    Group(GroupId),
    /// A member state, as a group's file gives its position.
    State {
        /// The state.
        state: StateId,
        /// The group whose file gives it.
        file: GroupId,
    },
}

/// A red line another group or a member state draws on the item.
#[derive(Clone, Debug, PartialEq)]
pub struct RedLine {
    /// Who draws it.
    pub by: RedLiner,
    /// The options it opposes, in order.
    pub options: Vec<OptionId>,
    /// It hits an option we accept (written "(an option we accept)").
    pub hits_ours: bool,
}

impl RedLine {
    /// Who draws it, as an id: the group's, or the state's code.
    pub fn who(&self) -> &str {
        match &self.by {
            RedLiner::Group(group) => group.as_str(),
            RedLiner::State { state, .. } => state.as_str(),
        }
    }
}

/// A group in conflict with one of ours that wants another option, with no red line against
/// what we accept.
#[derive(Clone, Debug, PartialEq)]
pub struct WantsOther {
    /// The other group's cell on the item (`None`: it has none in the analysis).
    pub cell: Option<GroupCell>,
    /// The other group.
    pub group: GroupId,
    /// Our group it conflicts with.
    pub with: GroupId,
    /// The conflict, with its reasons.
    pub conflict: Conflict,
}

/// A compromise open to us.
#[derive(Clone, Debug, PartialEq)]
pub enum OpenCompromise {
    /// An option we accept, with the other groups that accept it too (none: no other group).
    Option {
        /// The option.
        option: OptionId,
        /// The other stated groups that accept it.
        also: Vec<GroupId>,
        /// Those of `also` that only let it be: it applies outside their Regions.
        outside: Vec<GroupId>,
        /// The stated groups (ours included) that accept it only on a condition, with it: the
        /// compromise holds only if they are met.
        conditions: Vec<(GroupId, String)>,
    },
    /// On a scale item, the compromise point (0-100).
    Point(f64),
}

/// A member state pulled different ways by two groups it belongs to, one of them ours.
#[derive(Clone, Debug, PartialEq)]
pub struct CrossPressured(pub CrossPressure);

/// How one of our groups' lines differs from a member state's own.
#[derive(Clone, Debug, PartialEq)]
pub enum Difference {
    /// We draw red lines only, and the group puts one of them first.
    PutsFirstOurRedLine(OptionId),
    /// The group red-lines our first choice.
    RedLinesOurFirst(OptionId),
    /// The group accepts our first choice but does not put it first.
    AcceptsOurFirstNotFirst(OptionId),
    /// The group's position is not our line (otherwise).
    NotOurLine,
    /// The group states no position: ours is our own.
    GroupStatesNone,
}

/// Where a member state's own line differs from one of its groups'.
#[derive(Clone, Debug, PartialEq)]
pub struct Differs {
    /// The group's cell on the item.
    pub cell: GroupCell,
    /// How it differs.
    pub how: Difference,
}

/// A member state outside our groups that puts our first choice first.
#[derive(Clone, Debug, PartialEq)]
pub struct SharedFirst {
    /// The state.
    pub state: StateId,
    /// Its groups in the scenario (none: in no group).
    pub groups: Vec<GroupId>,
    /// Our first choice, which it puts first too.
    pub first: OptionId,
}

/// Two of our own groups in conflict on the item (a member state's brief).
#[derive(Clone, Debug, PartialEq)]
pub struct Pull(pub Conflict);

/// A CPM method among the item's options (an option with a `Method` action, or one the files
/// give the CPM's substance or a reach limited by Region).
#[derive(Clone, Debug, PartialEq)]
pub struct Method {
    /// The method (an ITU action, `Method A`), when given.
    pub action: Option<ItuAction>,
    /// The option that is the method.
    pub option: OptionId,
    /// The option's label.
    pub label: String,
    /// Where it applies (every Region, some, a footnote's states).
    pub reach: concord_core::model::Reach,
    /// What the CPM Report says of it.
    pub substance: concord_core::model::OptionSubstance,
}

/// A non-voting organisation's view on the item: shown, never counted.
#[derive(Clone, Debug, PartialEq)]
pub struct OrganisationView {
    /// The organisation's id.
    pub organisation: String,
    /// Its stance.
    pub stance: concord_core::model::Stance,
    /// Its note, when given.
    pub note: Option<String>,
}

/// A group or a member state.
#[derive(Clone, Debug, PartialEq)]
pub enum Party {
    /// A group.
    Group(GroupId),
    /// A member state.
    State(StateId),
}

/// A proposal reference given for the item.
#[derive(Clone, Debug, PartialEq)]
pub struct Reference {
    /// Whose proposal it is.
    pub by: Party,
    /// The document reference, as given.
    pub reference: String,
}

/// A point for further consideration.
#[derive(Clone, Debug, PartialEq)]
pub enum Further {
    /// A link to an item of another conference.
    Link {
        /// The other conference's id.
        conference: String,
        /// The item's id there.
        item: String,
        /// What ties the two, when given.
        note: Option<String>,
    },
    /// The item depends on another of this conference.
    DependsOn(ItemId),
}

/// One of our groups' confidential parts on the item (at least one of them given).
#[derive(Clone, Debug, PartialEq)]
pub struct Reservation {
    /// Our group.
    pub group: GroupId,
    /// Its confidential note.
    pub note: Option<String>,
    /// Its fallbacks.
    pub fallbacks: Vec<OptionId>,
    /// Its confidential red lines.
    pub red_lines: Vec<OptionId>,
    /// Its confidential flexibility (0-1).
    pub flexibility: Option<f64>,
}

/// A package deal open to us (or involving the item), in the scenario's terms.
#[derive(Clone, Debug, PartialEq)]
pub struct Deal(pub concord_core::simulate::DealView);

/// What is sourced and what is estimated in a cell.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CellBasis {
    /// Sourced (the stance, salience and flexibility, or a cell that states no position).
    Sourced,
    /// The stance is sourced; the salience, the flexibility or both are estimated.
    StanceSourced {
        /// The salience is estimated.
        salience_estimated: bool,
        /// The flexibility is estimated.
        flexibility_estimated: bool,
    },
    /// The position is a coordinator's estimate.
    Estimate,
    /// Illustrative.
    Illustrative,
    /// No source given.
    NoSource,
    /// Unknown.
    Unknown,
}

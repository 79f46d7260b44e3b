//! The validated scenario: groups, member states, agenda items and the cells of each group on
//! each item. No serde, no I/O: everything here was checked by `load::validate`, and every id
//! resolves.

mod date;
mod rule;

pub use date::Date;
pub use rule::{AdoptionRule, Maturity, MaturityLevel};

use indexmap::IndexMap;

use crate::id::{GroupId, ItemId, OptionId, StateId};

/// The most options an agenda item may have (the simulation keeps accepted sets as 64-bit sets).
pub const MAX_OPTIONS: usize = 64;

/// One conference, validated.
#[derive(Clone, Debug)]
pub struct Scenario {
    pub conference: Conference,
    pub states: IndexMap<StateId, State>,
    pub groups: IndexMap<GroupId, Group>,
    pub items: IndexMap<ItemId, Item>,
    pub stages: Vec<Stage>,
    pub capability: Capability,
    pub voting: Voting,
    /// One entry per group (in group order), each with one cell per item (in item order).
    pub positions: IndexMap<GroupId, GroupPositions>,
    /// Which of the scenario's private files were present and loaded.
    pub private_files: Vec<PrivateFileStatus>,
}

#[derive(Clone, Debug)]
pub struct Conference {
    pub id: String,
    pub name: String,
    pub venue: String,
    pub start: Date,
    pub end: Date,
    pub as_of: Date,
    pub next: Option<String>,
}

#[derive(Clone, Debug)]
pub struct State {
    pub id: StateId,
    pub name: String,
}

#[derive(Clone, Debug)]
pub struct Group {
    pub id: GroupId,
    pub name: String,
    pub region: String,
    /// The membership in force at the scenario's `as_of` (see `load::validate::registry`).
    pub membership: Membership,
    pub rule: AdoptionRule,
    pub rule_source: Option<String>,
    pub alternative_rules: Vec<AdoptionRule>,
}

#[derive(Clone, Debug)]
pub struct Membership {
    pub as_of: Date,
    pub source: MembershipSource,
    /// Active members, in file order.
    pub members: Vec<StateId>,
    pub suspended: Vec<StateId>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum MembershipSource {
    Cited(String),
    GeneralKnowledge(String),
}

#[derive(Clone, Debug)]
pub struct Stage {
    pub name: String,
    pub kind: StageKind,
    /// `None` when no source gives the dates.
    pub start: Option<Date>,
    pub end: Option<Date>,
    pub rounds: u32,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StageKind {
    /// An ITU preparatory meeting (a CPM session): studies, no alignment.
    Preparatory,
    RegionalMeeting,
    InterRegional,
    Conference,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Capability {
    Members,
    Equal,
    Explicit(IndexMap<GroupId, f64>),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Voting {
    Never,
    Majority(Majority),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Majority {
    Simple,
    TwoThirds,
}

#[derive(Clone, Debug)]
pub struct Item {
    pub id: ItemId,
    pub title: String,
    pub document: Option<String>,
    pub tags: Vec<String>,
    pub depends_on: Vec<ItemId>,
    pub links: Vec<Link>,
    pub kind: ItemKind,
}

#[derive(Clone, Debug)]
pub struct Link {
    pub conference: String,
    pub item: String,
    pub note: Option<String>,
}

#[derive(Clone, Debug)]
pub enum ItemKind {
    Options(IndexMap<OptionId, ItemOption>),
    Scale(Scale),
}

#[derive(Clone, Debug)]
pub struct ItemOption {
    pub id: OptionId,
    pub label: String,
    pub action: Option<Action>,
    pub status_quo: bool,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Action {
    Noc,
    Mod,
    Add,
    Sup,
    AddMoved,
    ModEditorial,
    SupMoved,
    Method(String),
}

impl Action {
    /// The ITU spelling: `NOC`, `ADD*`, `(MOD)`, `Method A`.
    pub fn label(&self) -> String {
        match self {
            Action::Noc => "NOC".into(),
            Action::Mod => "MOD".into(),
            Action::Add => "ADD".into(),
            Action::Sup => "SUP".into(),
            Action::AddMoved => "ADD*".into(),
            Action::ModEditorial => "(MOD)".into(),
            Action::SupMoved => "SUP*".into(),
            Action::Method(m) => format!("Method {m}"),
        }
    }
}

#[derive(Clone, Debug)]
pub struct Scale {
    pub anchors: Vec<(u8, String)>,
    pub status_quo: Option<f64>,
}

/// A group's cells, one per agenda item, plus positions of single member states.
#[derive(Clone, Debug)]
pub struct GroupPositions {
    /// The file the public positions came from (`None`: the scenario has no file for the group).
    pub file: Option<String>,
    pub cells: IndexMap<ItemId, Cell>,
    pub state_positions: Vec<StatePosition>,
}

/// What one group says on one agenda item.
#[derive(Clone, Debug)]
pub struct Cell {
    pub stance: Stance,
    pub salience: Estimate,
    pub flexibility: Estimate,
    pub maturity: Option<Maturity>,
    pub reference: Option<String>,
    pub tallies: Vec<Tally>,
    pub provenance: Provenance,
    pub note: Option<String>,
    pub confidential: Option<Confidential>,
}

impl Cell {
    /// The cell of a group whose file says nothing on the item.
    pub fn implicit_unknown() -> Self {
        Cell {
            stance: Stance::Unknown,
            salience: Estimate::DEFAULT,
            flexibility: Estimate::DEFAULT,
            maturity: None,
            reference: None,
            tallies: Vec::new(),
            provenance: Provenance::Implicit,
            note: None,
            confidential: None,
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub enum Stance {
    Options(OptionsStance),
    Scale(ScaleStance),
    NoPositionYet,
    NoProposal,
    Unknown,
}

impl Stance {
    pub fn is_stated(&self) -> bool {
        matches!(self, Stance::Options(_) | Stance::Scale(_))
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct OptionsStance {
    pub prefers: Option<OptionId>,
    /// In order of preference; the preferred option, when there is one, is first.
    pub accepts: Vec<Accepted>,
    pub opposes: Vec<OptionId>,
}

impl OptionsStance {
    /// The group's first choice: the preferred option, else the first accepted one.
    pub fn first_choice(&self) -> Option<&OptionId> {
        self.prefers
            .as_ref()
            .or_else(|| self.accepts.first().map(|accepted| &accepted.option))
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Accepted {
    pub option: OptionId,
    pub condition: Option<String>,
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ScaleStance {
    pub at: f64,
    pub range: (f64, f64),
    pub limits: Option<(f64, f64)>,
}

/// A value in 0-1 with where it comes from.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Estimate {
    pub value: f64,
    pub basis: Basis,
}

impl Estimate {
    /// What an absent salience or flexibility means: 0.5, marked as a default.
    pub const DEFAULT: Estimate = Estimate {
        value: 0.5,
        basis: Basis::Default,
    };
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Basis {
    Sourced,
    Estimated,
    /// Not given in the file: 0.5, counted as an estimate.
    Default,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Tally {
    pub option: OptionId,
    pub support: Vec<StateId>,
    pub oppose: Vec<StateId>,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Provenance {
    Sourced {
        source: String,
        as_of: Date,
    },
    Illustrative {
        note: String,
    },
    /// The file gives no provenance (a warning at load time).
    Missing,
    /// The group's file has no entry for the item: an `unknown` the loader filled in.
    Implicit,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Confidential {
    pub note: Option<String>,
    pub fallbacks: Vec<OptionId>,
    pub red_lines: Vec<OptionId>,
    pub flexibility: Option<f64>,
    pub limits: Option<(f64, f64)>,
    /// `Missing` when the file does not say.
    pub provenance: Provenance,
}

#[derive(Clone, Debug)]
pub struct StatePosition {
    pub state: StateId,
    pub item: ItemId,
    pub stance: Stance,
    pub reference: Option<String>,
    pub provenance: Provenance,
    pub note: Option<String>,
}

#[derive(Clone, Debug)]
pub struct PrivateFileStatus {
    pub path: String,
    pub loaded: bool,
}

impl Scenario {
    /// The cell of `group` on `item` (every group has one for every item).
    pub fn cell(&self, group: &GroupId, item: &ItemId) -> &Cell {
        &self.positions[group].cells[item]
    }

    /// Like [`Scenario::cell`], from the group's and the item's indices (positions are kept in
    /// group order, cells in item order): no hashing when the whole table is walked. Falls back
    /// to the lookup by id if the order does not hold.
    pub fn cell_at(&self, group: (usize, &GroupId), item: (usize, &ItemId)) -> &Cell {
        self.positions
            .get_index(group.0)
            .filter(|(id, _)| *id == group.1)
            .and_then(|(_, positions)| positions.cells.get_index(item.0))
            .filter(|(id, _)| *id == item.1)
            .map_or_else(|| self.cell(group.1, item.1), |(_, cell)| cell)
    }

    /// Groups the state is an active member of, in group order.
    pub fn groups_of<'a>(&'a self, state: &'a StateId) -> impl Iterator<Item = &'a Group> + 'a {
        self.groups
            .values()
            .filter(move |group| group.membership.members.contains(state))
    }
}

/// Recorded real outcomes of a scenario. Kept apart from [`Scenario`] so that analysis and
/// simulation cannot read them.
#[derive(Clone, Debug)]
pub struct Outcomes {
    pub conference: String,
    pub outcomes: IndexMap<ItemId, Outcome>,
}

#[derive(Clone, Debug)]
pub struct Outcome {
    pub item: ItemId,
    pub result: OutcomeKind,
    pub option: Option<OptionId>,
    pub point: Option<f64>,
    pub summary: String,
    pub source: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum OutcomeKind {
    Adopted,
    Revised,
    NotAdopted,
    Voted,
    CarriedForward(String),
}

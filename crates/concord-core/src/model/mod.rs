//! The validated scenario: groups, member states, agenda items and the cells of each group on
//! each item. No serde, no I/O: everything here was checked by `load::validate`, and every id
//! resolves.

mod agenda;
mod audience;
mod date;
mod organisation;
mod rule;

pub use agenda::{
    Action, Item, ItemKind, ItemOption, Link, OptionSubstance, ParentItem, Reach, Region, Scale,
};
pub use audience::{Audience, Reader};
pub use date::Date;
pub use organisation::{Organisation, View};
pub use rule::{AdoptionRule, Maturity, MaturityLevel};

use indexmap::IndexMap;

use crate::id::{GroupId, ItemId, OptionId, StateId};

/// The most options an agenda item may have (the simulation keeps accepted sets as 64-bit sets).
pub(crate) const MAX_OPTIONS: usize = 64;

/// One conference, validated.
#[derive(Clone, Debug)]
pub struct Scenario {
    /// The conference: id, name, place, dates, `as_of` and the next conference.
    pub conference: Conference,
    /// The member states of the states file, by ISO 3166-1 alpha-3 code, in file order.
    pub states: IndexMap<StateId, State>,
    /// The regional groups, in file order.
    pub groups: IndexMap<GroupId, Group>,
    /// The agenda, in file order; never empty. An item split into issues is here as its issues
    /// (each with its `parent`), the item itself in `parents`.
    pub items: IndexMap<ItemId, Item>,
    /// The agenda items split into issues, in file order (most scenarios have none).
    pub parents: IndexMap<String, ParentItem>,
    /// Non-voting organisations (ICAO, WMO, GSMA, ...) and their views, in file order: shown,
    /// never counted in adoption, weights, capability or contention.
    pub organisations: IndexMap<String, Organisation>,
    /// The stages in the order the simulation plays them (may be empty).
    pub stages: Vec<Stage>,
    /// How much each group weighs in W(o), coalitions and contention.
    pub capability: Capability,
    /// Whether an item no consensus settles can be put to a vote.
    pub voting: Voting,
    /// One entry per group (in group order), each with one cell per item (in item order).
    pub positions: IndexMap<GroupId, GroupPositions>,
    /// The scenario's private files, each with whether it was read for this audience.
    pub private_files: Vec<PrivateFileStatus>,
    /// Who the scenario was loaded for: whose confidential parts it may hold.
    pub audience: Audience,
}

/// The conference a scenario is about.
#[derive(Clone, Debug)]
pub struct Conference {
    /// Its id (`PP-14`, `WRC-23`); position and outcomes files must name the same.
    pub id: String,
    /// Its full name.
    pub name: String,
    /// Where it is held.
    pub venue: String,
    /// Its first day.
    pub start: Date,
    /// Its last day (never before `start`).
    pub end: Date,
    /// The reference date of what the files say: which membership is in force, and which positions
    /// are stale.
    pub as_of: Date,
    /// The next conference, where unsettled items are carried forward (`None`: not given).
    pub next: Option<String>,
    /// The deadline for proposals to the conference (`None`: not given).
    pub deadline: Option<Date>,
    /// Whether `as_of` is a replay date (`--as-of`): only positions dated by it are known.
    pub replay: bool,
}

/// A member state of the ITU.
#[derive(Clone, Debug)]
pub struct State {
    /// Its ISO 3166-1 alpha-3 code.
    pub id: StateId,
    /// Its name.
    pub name: String,
    /// Whether it is an ITU Member State at the scenario's `as_of`: `false` for an observer and
    /// for a state that joined later. Only Member States vote and count in a group's capability.
    pub member: bool,
    /// Whether it is an observer, not an ITU Member State (Palestine, Res. 99).
    pub observer: bool,
    /// When it became an ITU Member State, when the states file says (a state that joined
    /// within the span of the bundled scenarios).
    pub member_since: Option<Date>,
    /// Its ITU Region (Radio Regulations, Article 5), when the states file gives it.
    pub region: Option<Region>,
}

/// A regional group (CEPT, CITEL, APT, ATU, ARB, RCC, or a synthetic one).
#[derive(Clone, Debug)]
pub struct Group {
    /// Its id: upper-case letters, digits, `-` or `_`.
    pub id: GroupId,
    /// Its full name.
    pub name: String,
    /// The region it covers.
    pub region: String,
    /// The membership in force at the scenario's `as_of` (see `load::validate::registry`).
    pub membership: Membership,
    /// How it turns member support into a common proposal.
    pub rule: AdoptionRule,
    /// Where the rule comes from, or why it is assumed (`None`: not said).
    pub rule_source: Option<String>,
    /// Other rules the group is reported to use, checked like `rule` and available to what-if
    /// analysis.
    pub alternative_rules: Vec<AdoptionRule>,
}

/// Who belonged to a group as of a date, and on whose word.
#[derive(Clone, Debug)]
pub struct Membership {
    /// The date the list describes.
    pub as_of: Date,
    /// Where the list comes from.
    pub source: MembershipSource,
    /// Active members, in file order.
    pub members: Vec<StateId>,
    /// Members who take no part (no co-signing, no capability), in file order; never also in
    /// `members`.
    pub suspended: Vec<StateId>,
}

/// Where a member list comes from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum MembershipSource {
    /// A cited document.
    Cited(String),
    /// General knowledge, not a cited document; the text says which.
    GeneralKnowledge(String),
    /// Sources that give the list only in part or not at its date; the text says which.
    Unverified(String),
}

/// A stage of the run-up to the conference, or the conference itself.
#[derive(Clone, Debug)]
pub struct Stage {
    /// Its name (`CPG23-5`, `WRC-23`).
    pub name: String,
    /// What happens in it, which sets how positions move in the simulation.
    pub kind: StageKind,
    /// `None` when no source gives the dates.
    pub start: Option<Date>,
    /// The last day; `None` when no source gives it.
    pub end: Option<Date>,
    /// Alignment rounds the simulation plays in it: at most 1000, 1 when the file gives none.
    pub rounds: u32,
    /// The groups that meet at it, in file order; empty: every group.
    pub groups: Vec<GroupId>,
    /// The deadline for contributions to it (`None`: not given).
    pub deadline: Option<Date>,
}

impl Stage {
    /// Whether `group` meets at this stage (a stage naming no group is everyone's).
    pub fn involves(&self, group: &GroupId) -> bool {
        self.groups.is_empty() || self.groups.contains(group)
    }

    /// Whether this stage can change `group`'s position: one of its own regional meetings, or
    /// the conference. An inter-regional workshop presents positions and a CPM session studies;
    /// neither adopts one, so neither makes a position stale.
    pub fn decides(&self, group: &GroupId) -> bool {
        self.involves(group)
            && matches!(
                self.kind,
                StageKind::RegionalMeeting | StageKind::Conference
            )
    }

    /// Whether the stage had surely ended on `date`: its last day (or, with no end given, its
    /// first), a month-only date counting as the month's last day.
    pub fn held_by(&self, date: Date) -> bool {
        self.end
            .or(self.start)
            .is_some_and(|end| !date.before(end.last_day()))
    }

    /// The day a position must not predate for this stage to leave it fresh: its first day (or
    /// its last, when only that is known).
    pub fn first_day(&self) -> Option<Date> {
        self.start.or(self.end)
    }
}

/// The latest of the stages that decide `group`'s positions and had ended by `as_of`: a
/// sourced position of the group dated before its first day is stale. One rule for the
/// `stale-position` warning and `concord status`.
pub fn latest_deciding_stage<'a>(
    stages: &'a [Stage],
    group: &GroupId,
    as_of: Date,
) -> Option<&'a Stage> {
    stages
        .iter()
        .filter(|stage| stage.decides(group) && stage.held_by(as_of))
        .max_by_key(|stage| {
            (
                stage.end.or(stage.start).map(Date::day_key),
                stage.start.map(Date::day_key),
            )
        })
}

/// What kind of meeting a stage is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StageKind {
    /// An ITU preparatory meeting (a CPM session): studies, no alignment.
    Preparatory,
    /// A group's own preparatory meeting: tallies and maturity apply, positions do not move.
    RegionalMeeting,
    /// A meeting between groups: alignment rounds at half rate.
    InterRegional,
    /// The conference: alignment rounds at full rate, package deals, then the end rule.
    Conference,
}

/// The weight c_g of each group.
#[derive(Clone, Debug, PartialEq)]
pub enum Capability {
    /// The number of active members (the default).
    Members,
    /// 1 for every group.
    Equal,
    /// A weight per group, each from 0 to 1,000,000; every group has one.
    Explicit(IndexMap<GroupId, f64>),
}

/// What happens to an item consensus does not settle.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Voting {
    /// Consensus only: it is carried forward (the default).
    Never,
    /// Member states vote on it, with this majority of those present and voting.
    Majority(Majority),
}

/// The majority a vote needs, of those present and voting.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Majority {
    /// More yes than no.
    Simple,
    /// Yes from at least two thirds of those voting yes or no.
    TwoThirds,
}

/// A group's cells, one per agenda item, plus positions of single member states.
#[derive(Clone, Debug)]
pub struct GroupPositions {
    /// The file the public positions came from (`None`: the scenario has no file for the group).
    pub file: Option<String>,
    /// One cell per agenda item, in item order.
    pub cells: IndexMap<ItemId, Cell>,
    /// Positions of single member states in the group's file, in file order.
    pub state_positions: Vec<StatePosition>,
}

/// What one group says on one agenda item.
#[derive(Clone, Debug)]
pub struct Cell {
    /// What the group says.
    pub stance: Stance,
    /// How much the item matters to the group, 0-1.
    pub salience: Estimate,
    /// How readily the group moves, 0-1.
    pub flexibility: Estimate,
    /// How far the position has matured, in the file's vocabulary (`None`: not given).
    pub maturity: Option<Maturity>,
    /// The proposal reference (`EUR/44A7/1`, `ACP/67A1/1`, `IAP-6`), when given.
    pub reference: Option<String>,
    /// Per option, the active members supporting and opposing it; the group's rule is applied to
    /// each.
    pub tallies: Vec<Tally>,
    /// Where the cell comes from.
    pub provenance: Provenance,
    /// A public note.
    pub note: Option<String>,
    /// The position in its own words, when the file gives them (always for a `NotCoded` cell).
    pub text: Option<String>,
    /// The confidential part, inline or from the private file; `None` when neither gives one or the
    /// private file was not loaded.
    pub confidential: Option<Confidential>,
    /// Every dated version of the cell the file keeps, oldest first, when it keeps more than
    /// one (empty otherwise); the one in force is marked.
    pub history: Vec<Version>,
}

/// One dated version of a cell (a file may keep several, one per meeting that changed it).
#[derive(Clone, Debug, PartialEq)]
pub struct Version {
    /// Its date (the provenance's `as_of`).
    pub as_of: Date,
    /// Its maturity, when given.
    pub maturity: Option<Maturity>,
    /// Its proposal reference, when given.
    pub reference: Option<String>,
    /// Whether it is the version in force at the reference date.
    pub in_force: bool,
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
            text: None,
            confidential: None,
            history: Vec::new(),
        }
    }
}

/// What a group says on an item.
#[derive(Clone, Debug, PartialEq)]
pub enum Stance {
    /// A stated position on an options item.
    Options(OptionsStance),
    /// A stated position on a scale item.
    Scale(ScaleStance),
    /// Studying the item, no view yet.
    NoPositionYet,
    /// Stated in words only (the cell's `text`), not coded as options or a scale ("stated, not
    /// coded"): shown with its words, counted apart, never read as support or opposition.
    NotCoded,
    /// Proposals are out and none covers the item (the `—` of the tables).
    NoProposal,
    /// No information (the `?` of the tables), also where a file says nothing on the item.
    Unknown,
}

impl Stance {
    /// Whether the stance is a position (`Options` or `Scale`), before any adoption rule.
    pub fn is_stated(&self) -> bool {
        matches!(self, Stance::Options(_) | Stance::Scale(_))
    }
}

/// A stated position on an options item.
#[derive(Clone, Debug, PartialEq)]
pub struct OptionsStance {
    /// The preferred option, when the group names one.
    pub prefers: Option<OptionId>,
    /// In order of preference; the preferred option, when there is one, is first.
    pub accepts: Vec<Accepted>,
    /// Red lines: options the group never accepts, in file order.
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

/// An option a group accepts.
#[derive(Clone, Debug, PartialEq)]
pub struct Accepted {
    /// The option.
    pub option: OptionId,
    /// What the acceptance depends on (`None`: unconditional); a conditional acceptance counts half
    /// in u_g(o).
    pub condition: Option<String>,
}

/// A stated position on a scale item; every value is on 0-100.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ScaleStance {
    /// The position; inside `range`.
    pub at: f64,
    /// The acceptable range `(low, high)`, containing `at`.
    pub range: (f64, f64),
    /// The hard limits `(low, high)`, containing `range`; `None`: the range is the red line.
    pub limits: Option<(f64, f64)>,
}

/// A value in 0-1 with where it comes from.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Estimate {
    /// The value, 0-1.
    pub value: f64,
    /// Where the value comes from.
    pub basis: Basis,
}

impl Estimate {
    /// What an absent salience or flexibility means: 0.5, marked as a default.
    pub const DEFAULT: Estimate = Estimate {
        value: 0.5,
        basis: Basis::Default,
    };
}

/// Where a salience or flexibility comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Basis {
    /// Taken from a source.
    Sourced,
    /// An estimate (counted as one in the provenance table).
    Estimated,
    /// Not given in the file: 0.5, counted as an estimate.
    Default,
}

/// Which active members of a group support and oppose one option.
#[derive(Clone, Debug, PartialEq)]
pub struct Tally {
    /// The option.
    pub option: OptionId,
    /// Members supporting it (co-signing, endorsing), in file order.
    pub support: Vec<StateId>,
    /// Members opposing it, in file order; never also in `support`.
    pub oppose: Vec<StateId>,
}

/// Where a cell, or its confidential part, comes from.
#[derive(Clone, Debug, PartialEq)]
pub enum Provenance {
    /// Taken from a source.
    Sourced {
        /// The source: a document, minutes, a proposal.
        source: String,
        /// The date of the information.
        as_of: Date,
        /// When the source was published, when the file gives it.
        published: Option<Date>,
    },
    /// A coordinator's estimate of a position no source gives; never a fact.
    Estimated {
        /// What the estimate rests on.
        note: String,
        /// When the estimate was made, when the file gives it.
        as_of: Option<Date>,
    },
    /// Made up to illustrate the tool; never a fact.
    Illustrative {
        /// What the illustration is.
        note: String,
        /// The date the illustration stands at, when the file gives it.
        as_of: Option<Date>,
    },
    /// The file gives no provenance (a warning at load time).
    Missing,
    /// The group's file has no entry for the item: an `unknown` the loader filled in.
    Implicit,
    /// Replayed at a date (`--as-of`) before every version of the cell: not yet known then.
    Later,
}

impl Provenance {
    /// The date of the information, whatever the kind, when there is one.
    pub fn as_of(&self) -> Option<Date> {
        match self {
            Provenance::Sourced { as_of, .. } => Some(*as_of),
            Provenance::Estimated { as_of, .. } | Provenance::Illustrative { as_of, .. } => *as_of,
            Provenance::Missing | Provenance::Implicit | Provenance::Later => None,
        }
    }
}

/// The confidential part of a cell: the analysis uses it when loaded, and a brief shows it only
/// to the group's own readers.
#[derive(Clone, Debug, PartialEq)]
pub struct Confidential {
    /// A note for the group's delegation.
    pub note: Option<String>,
    /// More acceptable options, accepted after the public ones, in order of preference.
    pub fallbacks: Vec<OptionId>,
    /// More red lines.
    pub red_lines: Vec<OptionId>,
    /// A flexibility (0-1) that replaces the public one, when given.
    pub flexibility: Option<f64>,
    /// Scale items: hard limits `(low, high)` on 0-100 that replace the public ones, when given.
    pub limits: Option<(f64, f64)>,
    /// `Missing` when the file does not say.
    pub provenance: Provenance,
}

/// The position of a single member state, inside a group's file.
#[derive(Clone, Debug)]
pub struct StatePosition {
    /// The state; an active member of the group.
    pub state: StateId,
    /// The agenda item.
    pub item: ItemId,
    /// What the state says.
    pub stance: Stance,
    /// The state's proposal reference, when given.
    pub reference: Option<String>,
    /// Where the position comes from.
    pub provenance: Provenance,
    /// A public note.
    pub note: Option<String>,
}

/// A private file the scenario lists, and whether it was read.
#[derive(Clone, Debug)]
pub struct PrivateFileStatus {
    /// Its path, resolved against the scenario's directory.
    pub path: String,
    /// The group it belongs to, by its file name (`cept.ron`: CEPT); `None` when the name is no
    /// group's (an error).
    pub group: Option<GroupId>,
    /// Whether it was read.
    pub read: PrivateRead,
}

/// Whether a private file was read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PrivateRead {
    /// Read: its group is among the audience's.
    Read,
    /// Its group is among the audience's, and the file is absent (a group may share its public
    /// file alone).
    Absent,
    /// Not read, not even looked for: the audience is not its group's.
    NotForReader,
}

impl Scenario {
    /// The cell of `group` on `item` (every group has one for every item).
    ///
    /// The ids may be given as text (`scenario.cell("CEPT", "1.2")`).
    pub fn cell<G, I>(&self, group: &G, item: &I) -> &Cell
    where
        G: ?Sized + std::hash::Hash + indexmap::Equivalent<GroupId>,
        I: ?Sized + std::hash::Hash + indexmap::Equivalent<ItemId>,
    {
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
    /// The conference's id, the same as the scenario's.
    pub conference: String,
    /// At most one outcome per item, in file order.
    pub outcomes: IndexMap<ItemId, Outcome>,
}

/// What a conference decided on one item.
#[derive(Clone, Debug)]
pub struct Outcome {
    /// The agenda item.
    pub item: ItemId,
    /// What happened to it.
    pub result: OutcomeKind,
    /// Options items: the option adopted, when one was.
    pub option: Option<OptionId>,
    /// Scale items: the point adopted (0-100), when one was.
    pub point: Option<f64>,
    /// What was decided, in a sentence.
    pub summary: String,
    /// Where the outcome is recorded.
    pub source: String,
}

/// What happened to an item at the conference.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum OutcomeKind {
    /// Adopted as proposed.
    Adopted,
    /// Adopted in a revised form.
    Revised,
    /// Not adopted; the status quo stays.
    NotAdopted,
    /// Decided by a vote.
    Voted,
    /// Left for a later conference, by its id (`PP-18`).
    CarriedForward(String),
}

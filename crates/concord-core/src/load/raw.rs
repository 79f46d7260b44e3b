//! Raw file types: a serde mirror of the RON files, nothing resolved.
//!
//! Every struct denies unknown fields so a misspelt field is an error, not silently ignored. Ids are
//! plain strings here; `load::validate` resolves them into the typed model. These types also
//! serialize, so `generate` and the Decide import write files concord reads (the round trip is
//! property-tested).

use indexmap::IndexMap;
use serde::{Deserialize, Serialize};

use super::raw_agenda::unique_keys;
pub use super::raw_agenda::{
    Action, DUPLICATE_KEY, Item, ItemOption, Majority, Scale, TOO_MANY, Voting,
};
pub use super::raw_provenance::Provenance;

/// `scenarios/*.ron`: one conference.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename = "Scenario")]
pub struct ScenarioFile {
    /// The conference's id (`WRC-23`); position and outcomes files must name the same.
    pub conference: String,
    /// The conference's full name.
    pub name: String,
    /// Where it is held.
    pub venue: String,
    /// First and last day of the conference, `("YYYY-MM-DD", "YYYY-MM-DD")`.
    pub dates: (String, String),
    /// The reference date: the state of knowledge the scenario describes.
    pub as_of: String,
    /// The next conference, where unsettled items are carried forward.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_conference: Option<String>,
    /// `YYYY-MM-DD`: the deadline for proposals to the conference, when a source gives it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deadline: Option<String>,
    /// Path of the member-state list, relative to this file.
    pub states: String,
    /// Path of the group list, relative to this file.
    pub groups: String,
    /// Public position files, one per group, relative to this file.
    pub positions: Vec<String>,
    /// Confidential position files, loaded only when present.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub private: Vec<String>,
    /// Recorded real outcomes (read by backtesting and the report's outcome column only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outcomes: Option<String>,
    /// Views of non-voting organisations (ICAO, WMO, GSMA, ...), one file per organisation.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub organisations: Vec<String>,
    /// The weight of each group (default `Members`).
    #[serde(default)]
    pub capability: Capability,
    /// Whether an item consensus does not settle can be voted on (default `Never`).
    #[serde(default)]
    pub voting: Voting,
    /// The stages, in the order the simulation plays them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub stages: Vec<Stage>,
    /// The agenda; must not be empty.
    #[serde(deserialize_with = "super::raw_agenda::bounded_items")]
    pub items: Vec<Item>,
}

/// The weight of each group: `Members`, `Equal` or `Explicit({...})`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub enum Capability {
    /// Capability = number of active members (the default).
    #[default]
    Members,
    /// Every group weighs 1.
    Equal,
    /// One weight per group id.
    Explicit(#[serde(deserialize_with = "unique_keys")] IndexMap<String, f64>),
}

/// `Stage(name, kind, start, end, rounds)`: a meeting before or at the conference.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Stage {
    /// Its name (`CPG23-5`, `WRC-23`).
    pub name: String,
    /// What kind of meeting it is.
    pub kind: StageKind,
    /// First and last day; left out when no source gives them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start: Option<String>,
    /// The last day, `YYYY-MM-DD` or `YYYY-MM`; left out when no source gives it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end: Option<String>,
    /// Alignment rounds in the simulation, at most 1000 (default 1).
    #[serde(default = "one")]
    pub rounds: u32,
    /// The groups that meet at it (a group's own meeting: `["APT"]`); empty: every group (an
    /// inter-regional workshop, a CPM session, the conference).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub groups: Vec<String>,
    /// `YYYY-MM-DD`: the deadline for contributions to the meeting, when a source gives it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deadline: Option<String>,
}

fn one() -> u32 {
    1
}

/// What kind of meeting a stage is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum StageKind {
    /// An ITU preparatory meeting (a CPM session): studies, no alignment.
    Preparatory,
    /// A group's own preparatory meeting: positions do not move.
    RegionalMeeting,
    /// A meeting between groups: alignment rounds at half rate.
    InterRegional,
    /// The conference: alignment at full rate, package deals, the end rule.
    Conference,
}

/// `positions/*/states.ron`: ISO 3166-1 alpha-3 codes and names.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename = "States")]
pub struct StatesFile {
    /// Every member state the groups and positions may name.
    pub states: Vec<State>,
}

/// `(code, name)`: one member state.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct State {
    /// ISO 3166-1 alpha-3 code (`FRA`).
    pub code: String,
    /// Its name.
    pub name: String,
    /// `YYYY-MM-DD`: when it became an ITU Member State, for a state that joined within the
    /// span of the bundled scenarios (Palau: 2024-09-19). Before that date it does not vote.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub member_since: Option<String>,
    /// Not an ITU Member State but an observer (Palestine, Res. 99): it never votes and does not
    /// count in a group's capability.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub observer: bool,
    /// Its ITU Region (`"R1"`, `"R2"`, `"R3"`; Radio Regulations, Article 5).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
}

/// `positions/groups.ron`: the regional groups.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename = "Groups")]
pub struct GroupsFile {
    /// The groups, in the order reports list them.
    pub groups: Vec<Group>,
}

/// `Group(...)`: one regional group.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Group {
    /// Upper-case letters, digits, `-` or `_` (`CEPT`, `ARB`).
    pub id: String,
    /// Its full name.
    pub name: String,
    /// The region it covers.
    pub region: String,
    /// The latest known membership.
    pub membership: Membership,
    /// Earlier memberships, for scenarios dated before `membership.as_of`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub earlier: Vec<Membership>,
    /// How it forms a common proposal.
    pub rule: Rule,
    /// Where the rule comes from, or why it is assumed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rule_source: Option<String>,
    /// Other rules the group is known or reported to use, available to what-if analysis (e.g.
    /// ATU's 15/3 endorsement rule).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub alternative_rules: Vec<Rule>,
}

/// `Membership(as_of, source, members, suspended)`: who belonged, as of a date.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Membership {
    /// `YYYY-MM-DD` or `YYYY-MM`.
    pub as_of: String,
    /// Where the list comes from.
    pub source: MembershipSource,
    /// Active members, by ISO code.
    pub members: Vec<String>,
    /// Members who do not take part, by ISO code; not also in `members`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub suspended: Vec<String>,
}

/// Where a member list comes from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum MembershipSource {
    /// A cited document.
    Cited(String),
    /// General knowledge, not a cited document (say which).
    GeneralKnowledge(String),
    /// Sources that do not give the list at its date, or only in part (say what they give and
    /// what is not verified); the report says "unverified".
    Unverified(String),
}

/// How a group forms a common proposal.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Rule {
    /// At least `min_support` co-signing and at most `max_oppose` opposing (CEPT ECP).
    Thresholds {
        /// The fewest co-signing members.
        min_support: u32,
        /// The most opposing members.
        max_oppose: u32,
    },
    /// At least `min_support` supporting and objectors at most `max_objection_ratio` of the
    /// supporters; with `competing_cancel`, two passing proposals on one item cancel (CITEL IAP).
    ObjectionRatio {
        /// The fewest supporting members.
        min_support: u32,
        /// The most objectors per supporter, 0-1.
        max_objection_ratio: f64,
        /// Whether two or more passing proposals on one item cancel (default `false`).
        #[serde(default)]
        competing_cancel: bool,
    },
    /// Each proposal binds only its signatories; at least one is needed (APT ACP).
    OptIn,
    /// At least `min_endorsements` and at most `max_objections` written objections (ATU 15/3).
    Endorsements {
        /// The fewest endorsing members.
        min_endorsements: u32,
        /// The most written objections.
        max_objections: u32,
    },
    /// No member of the meeting objects.
    Consensus,
}

/// `positions/<conference>/<group>.ron`: one group's public positions on one conference.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename = "Positions")]
pub struct PositionsFile {
    /// The group's id.
    pub group: String,
    /// The conference's id, the same as the scenario's.
    pub conference: String,
    /// Provenances written once and named by the cells (`provenance: Named("cpg-5")`).
    #[serde(
        default,
        skip_serializing_if = "IndexMap::is_empty",
        deserialize_with = "unique_keys"
    )]
    pub provenances: IndexMap<String, Provenance>,
    /// What a cell that gives no provenance or maturity takes (an `Unknown` cell excepted).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub defaults: Option<Defaults>,
    /// The group's cells; an item not listed is `Unknown`.
    #[serde(default)]
    pub positions: Vec<Position>,
    /// Positions of single member states (e.g. the United States inside CITEL).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub states: Vec<StatePosition>,
}

/// `Defaults(...)`: what a positions file's cells take when they give none (see
/// [`crate::load::shared`]).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Defaults {
    /// The provenance of every cell that gives none (`Named("…")` or written in full).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provenance: Option<Provenance>,
    /// The maturity of every cell that gives none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub maturity: Option<Maturity>,
}

/// `Position(...)`: one group's cell on one item.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Position {
    /// The agenda item's id.
    pub item: String,
    /// What the group says.
    pub stance: Stance,
    /// How much the item matters to the group, 0-1 (absent: 0.5, as an estimate).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub salience: Option<Estimate>,
    /// How readily the group moves, 0-1 (absent: 0.5, as an estimate).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub flexibility: Option<Estimate>,
    /// How far the position has matured.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub maturity: Option<Maturity>,
    /// Proposal reference, e.g. `"EUR/44A7/1"`, `"ACP/67A1/1"`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reference: Option<String>,
    /// Per option, the active members supporting and opposing it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tallies: Vec<Tally>,
    /// Where the cell comes from (absent: a `no-provenance` warning unless `Unknown`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provenance: Option<Provenance>,
    /// A public note.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// The position in its own words (as typed or imported from a coordinator's table).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    /// The confidential part, when not in the private file.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub confidential: Option<Confidential>,
}

/// A group's cell on an item.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Stance {
    /// A stated position on an options item.
    Options {
        /// The preferred option.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        prefers: Option<String>,
        /// Accepted options in order of preference (the preferred one first).
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        accepts: Vec<String>,
        /// Conditions attached to accepted options: option id → condition text.
        #[serde(
            default,
            skip_serializing_if = "IndexMap::is_empty",
            deserialize_with = "unique_keys"
        )]
        conditions: IndexMap<String, String>,
        /// Red lines: options never accepted.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        opposes: Vec<String>,
    },
    /// A stated position on a 0-100 scale item.
    Scale {
        /// The position, inside `range`.
        at: f64,
        /// The acceptable range `(low, high)`.
        range: (f64, f64),
        /// Hard limits `(low, high)` containing the range (absent: the range is the red line).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        limits: Option<(f64, f64)>,
    },
    /// Studying the item, no view yet.
    NoPositionYet,
    /// Stated in words (the position's `text`), not yet coded as options or a scale: never read
    /// as support or opposition.
    NotCoded,
    /// No proposal seen (the `—` of the tables).
    NoProposal,
    /// No information (the `?` of the tables).
    Unknown,
}

/// A value in 0-1, marked as taken from a source or estimated.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub enum Estimate {
    /// Taken from a source.
    Sourced(f64),
    /// An estimate.
    Estimated(f64),
}

/// How mature a position is, in the group's own vocabulary.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[allow(clippy::upper_case_acronyms)]
pub enum Maturity {
    /// A first view.
    PreliminaryView,
    /// A draft common proposal.
    Draft,
    /// An agreed position, not yet a proposal.
    CommonPosition,
    /// A proposal submitted on behalf of the group.
    CommonProposal,
    /// CEPT: European Common Proposal.
    ECP,
    /// APT: Preliminary APT Common Proposal.
    PACP,
    /// APT: APT Common Proposal.
    ACP,
    /// CITEL: Draft Inter-American Proposal.
    DIAP,
    /// CITEL: Inter-American Proposal.
    IAP,
    /// ATU: African Common Proposal.
    AfCP,
}

/// Which member states support and oppose one option.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Tally {
    /// The option's id.
    pub option: String,
    /// Members supporting it, by ISO code.
    #[serde(default)]
    pub support: Vec<String>,
    /// Members opposing it, by ISO code.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub oppose: Vec<String>,
}

/// The confidential part of a position: only its own group sees it.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Confidential {
    /// A note for the group's delegation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// Extra acceptable options, after the public ones.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fallbacks: Vec<String>,
    /// Extra red lines.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub red_lines: Vec<String>,
    /// Replaces the public flexibility, 0-1.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub flexibility: Option<f64>,
    /// Scale items: the true hard limits.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limits: Option<(f64, f64)>,
    /// Where the confidential part comes from (`Illustrative` for a made-up example).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provenance: Option<Provenance>,
}

/// `StatePosition(...)`: a single member state's position, in its group's file.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StatePosition {
    /// The state's ISO code; an active member of the group.
    pub state: String,
    /// The agenda item's id.
    pub item: String,
    /// What the state says.
    pub stance: Stance,
    /// The state's proposal reference (`USA/1/1`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reference: Option<String>,
    /// Where the position comes from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provenance: Option<Provenance>,
    /// A public note.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// `positions/<conference>/private/<group>.ron`: a group's confidential parts, kept apart.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename = "Private")]
pub struct PrivateFile {
    /// The group's id.
    pub group: String,
    /// One entry per item.
    pub confidential: Vec<PrivateEntry>,
}

/// `Confidential(...)`: the confidential part of one cell, as in [`Confidential`], with its item.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename = "Confidential")]
pub struct PrivateEntry {
    /// The agenda item's id.
    pub item: String,
    /// A note for the group's delegation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// Extra acceptable options, after the public ones.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fallbacks: Vec<String>,
    /// Extra red lines.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub red_lines: Vec<String>,
    /// Replaces the public flexibility, 0-1.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub flexibility: Option<f64>,
    /// Scale items: the true hard limits.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limits: Option<(f64, f64)>,
    /// Where the confidential part comes from (`Illustrative` for a made-up example).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provenance: Option<Provenance>,
}

/// `scenarios/<name>.outcomes.ron`: what really happened.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename = "Outcomes")]
pub struct OutcomesFile {
    /// The conference's id, the same as the scenario's.
    pub conference: String,
    /// At most one per item.
    pub outcomes: Vec<Outcome>,
}

/// `Outcome(...)`: what the conference decided on one item.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Outcome {
    /// The agenda item's id.
    pub item: String,
    /// What happened to it.
    pub result: OutcomeKind,
    /// The option adopted, when one was.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub option: Option<String>,
    /// Scale items: the point adopted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub point: Option<f64>,
    /// What was decided, in a sentence.
    pub summary: String,
    /// Where it is recorded.
    pub source: String,
}

/// What happened to an item.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum OutcomeKind {
    /// Adopted as proposed.
    Adopted,
    /// Adopted in a revised form.
    Revised,
    /// Not adopted.
    NotAdopted,
    /// Decided by a vote.
    Voted,
    /// Left for a later conference, e.g. `CarriedForward("PP-18")`.
    CarriedForward(String),
}

/// An organisation's file: `Organisation(id, name, conference, views: [Position(...)])`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename = "Organisation")]
pub struct OrganisationFile {
    /// Its id (`ICAO`): upper-case letters, digits, `-` or `_`.
    pub id: String,
    /// Its full name.
    pub name: String,
    /// The conference's id, the same as the scenario's.
    pub conference: String,
    /// Its views, in the form of a group's positions but with no salience, flexibility, tally
    /// or confidential part: an organisation does not vote or negotiate.
    #[serde(default)]
    pub views: Vec<Position>,
}

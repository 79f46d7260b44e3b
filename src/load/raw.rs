//! Raw file types: a serde mirror of the RON files, nothing resolved.
//!
//! Every struct denies unknown fields so a misspelt field is an error, not silently ignored. Ids are
//! plain strings here; `load::validate` resolves them into the typed model. These types also
//! serialize, so a tool can write files concord reads (the round trip is property-tested).

use indexmap::IndexMap;
use serde::{Deserialize, Deserializer, Serialize};

/// The start of the message of a duplicate map key (the loader reports it as `duplicate-field`).
pub const DUPLICATE_KEY: &str = "duplicate key";

/// A map in which a key given twice is an error, as a field given twice is: serde's maps keep
/// the last value silently.
fn unique_keys<'de, D, K, V>(deserializer: D) -> Result<IndexMap<K, V>, D::Error>
where
    D: Deserializer<'de>,
    K: Deserialize<'de> + std::hash::Hash + Eq + std::fmt::Debug,
    V: Deserialize<'de>,
{
    struct Visitor<K, V>(std::marker::PhantomData<(K, V)>);
    impl<'de, K, V> serde::de::Visitor<'de> for Visitor<K, V>
    where
        K: Deserialize<'de> + std::hash::Hash + Eq + std::fmt::Debug,
        V: Deserialize<'de>,
    {
        type Value = IndexMap<K, V>;
        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("a map")
        }
        fn visit_map<A: serde::de::MapAccess<'de>>(
            self,
            mut map: A,
        ) -> Result<Self::Value, A::Error> {
            let mut out = IndexMap::new();
            while let Some(key) = map.next_key::<K>()? {
                if out.contains_key(&key) {
                    return Err(serde::de::Error::custom(format!(
                        "{DUPLICATE_KEY} {key:?} given twice in one map"
                    )));
                }
                let value = map.next_value()?;
                out.insert(key, value);
            }
            Ok(out)
        }
    }
    deserializer.deserialize_map(Visitor(std::marker::PhantomData))
}

/// `scenarios/*.ron`: one conference.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename = "Scenario")]
pub struct ScenarioFile {
    pub conference: String,
    pub name: String,
    pub venue: String,
    /// First and last day of the conference, `("YYYY-MM-DD", "YYYY-MM-DD")`.
    pub dates: (String, String),
    /// The reference date: the state of knowledge the scenario describes.
    pub as_of: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_conference: Option<String>,
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
    #[serde(default)]
    pub capability: Capability,
    #[serde(default)]
    pub voting: Voting,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub stages: Vec<Stage>,
    pub items: Vec<Item>,
}

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

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub enum Voting {
    /// Consensus only: what is not agreed is carried forward (the default).
    #[default]
    Never,
    /// A vote of member states is possible, with this majority of those present and voting.
    Majority(Majority),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Majority {
    Simple,
    TwoThirds,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Stage {
    pub name: String,
    pub kind: StageKind,
    /// First and last day; left out when no source gives them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end: Option<String>,
    #[serde(default = "one")]
    pub rounds: u32,
}

fn one() -> u32 {
    1
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum StageKind {
    /// An ITU preparatory meeting (a CPM session): studies, no alignment.
    Preparatory,
    RegionalMeeting,
    InterRegional,
    Conference,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Item {
    pub id: String,
    pub title: String,
    /// Governing document, e.g. `"Res. 256 (WRC-23)"`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub document: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub depends_on: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub links: Vec<Link>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub options: Vec<ItemOption>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scale: Option<Scale>,
}

/// A link to an item of another conference (e.g. WRC-23 1.2 → WRC-27 1.7).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Link {
    pub conference: String,
    pub item: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename = "Option")]
pub struct ItemOption {
    pub id: String,
    pub label: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub action: Option<Action>,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub status_quo: bool,
}

/// ITU action on a text, or a CPM method.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[allow(clippy::upper_case_acronyms)]
pub enum Action {
    NOC,
    MOD,
    ADD,
    SUP,
    /// `ADD*`: text moved in.
    AddMoved,
    /// `(MOD)`: editorial change.
    ModEditorial,
    /// `SUP*`: text moved out.
    SupMoved,
    /// A CPM method, e.g. `Method("A")`.
    Method(String),
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scale {
    /// Labelled points of the 0-100 scale.
    #[serde(default, deserialize_with = "unique_keys")]
    pub anchors: IndexMap<u8, String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status_quo: Option<f64>,
}

/// `positions/*/states.ron`: ISO 3166-1 alpha-3 codes and names.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename = "States")]
pub struct StatesFile {
    pub states: Vec<State>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct State {
    pub code: String,
    pub name: String,
}

/// `positions/groups.ron`: the regional groups.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename = "Groups")]
pub struct GroupsFile {
    pub groups: Vec<Group>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Group {
    pub id: String,
    pub name: String,
    pub region: String,
    /// The latest known membership.
    pub membership: Membership,
    /// Earlier memberships, for scenarios dated before `membership.as_of`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub earlier: Vec<Membership>,
    pub rule: Rule,
    /// Where the rule comes from, or why it is assumed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rule_source: Option<String>,
    /// Other rules the group is known or reported to use, available to what-if analysis (e.g.
    /// ATU's 15/3 endorsement rule).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub alternative_rules: Vec<Rule>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Membership {
    pub as_of: String,
    pub source: MembershipSource,
    pub members: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub suspended: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum MembershipSource {
    /// A cited document.
    Cited(String),
    /// General knowledge, not a cited document (say which).
    GeneralKnowledge(String),
}

/// How a group forms a common proposal.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Rule {
    /// At least `min_support` co-signing and at most `max_oppose` opposing (CEPT ECP).
    Thresholds { min_support: u32, max_oppose: u32 },
    /// At least `min_support` supporting and objectors at most `max_objection_ratio` of the
    /// supporters; with `competing_cancel`, two passing proposals on one item cancel (CITEL IAP).
    ObjectionRatio {
        min_support: u32,
        max_objection_ratio: f64,
        #[serde(default)]
        competing_cancel: bool,
    },
    /// Each proposal binds only its signatories; at least one is needed (APT ACP).
    OptIn,
    /// At least `min_endorsements` and at most `max_objections` written objections (ATU 15/3).
    Endorsements {
        min_endorsements: u32,
        max_objections: u32,
    },
    /// No member of the meeting objects.
    Consensus,
}

/// `positions/<conference>/<group>.ron`: one group's public positions on one conference.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename = "Positions")]
pub struct PositionsFile {
    pub group: String,
    pub conference: String,
    #[serde(default)]
    pub positions: Vec<Position>,
    /// Positions of single member states (e.g. the United States inside CITEL).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub states: Vec<StatePosition>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Position {
    pub item: String,
    pub stance: Stance,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub salience: Option<Estimate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub flexibility: Option<Estimate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub maturity: Option<Maturity>,
    /// Proposal reference, e.g. `"EUR/44A7/1"`, `"ACP/67A1/1"`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reference: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tallies: Vec<Tally>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provenance: Option<Provenance>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub confidential: Option<Confidential>,
}

/// A group's cell on an item.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Stance {
    /// A stated position on an options item.
    Options {
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
        at: f64,
        range: (f64, f64),
        #[serde(default, skip_serializing_if = "Option::is_none")]
        limits: Option<(f64, f64)>,
    },
    /// Studying the item, no view yet.
    NoPositionYet,
    /// No proposal seen (the `—` of the tables).
    NoProposal,
    /// No information (the `?` of the tables).
    Unknown,
}

/// A value in 0-1, marked as taken from a source or estimated.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub enum Estimate {
    Sourced(f64),
    Estimated(f64),
}

/// How mature a position is, in the group's own vocabulary.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[allow(clippy::upper_case_acronyms)]
pub enum Maturity {
    PreliminaryView,
    Draft,
    CommonPosition,
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
    pub option: String,
    #[serde(default)]
    pub support: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub oppose: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Provenance {
    /// Taken from a source, as of a date.
    Sourced { source: String, as_of: String },
    /// Made up to illustrate the tool; never a fact.
    Illustrative { note: String },
}

/// The confidential part of a position: only its own group sees it.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Confidential {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// Extra acceptable options, after the public ones.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fallbacks: Vec<String>,
    /// Extra red lines.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub red_lines: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub flexibility: Option<f64>,
    /// Scale items: the true hard limits.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limits: Option<(f64, f64)>,
    /// Where the confidential part comes from (`Illustrative` for a made-up example).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provenance: Option<Provenance>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StatePosition {
    pub state: String,
    pub item: String,
    pub stance: Stance,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reference: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provenance: Option<Provenance>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// `positions/<conference>/private/<group>.ron`: a group's confidential parts, kept apart.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename = "Private")]
pub struct PrivateFile {
    pub group: String,
    pub confidential: Vec<PrivateEntry>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename = "Confidential")]
pub struct PrivateEntry {
    pub item: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fallbacks: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub red_lines: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub flexibility: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limits: Option<(f64, f64)>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provenance: Option<Provenance>,
}

/// `scenarios/<name>.outcomes.ron`: what really happened.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename = "Outcomes")]
pub struct OutcomesFile {
    pub conference: String,
    pub outcomes: Vec<Outcome>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Outcome {
    pub item: String,
    pub result: OutcomeKind,
    /// The option adopted, when one was.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub option: Option<String>,
    /// Scale items: the point adopted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub point: Option<f64>,
    pub summary: String,
    pub source: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum OutcomeKind {
    Adopted,
    Revised,
    NotAdopted,
    Voted,
    /// Left for a later conference, e.g. `CarriedForward("PP-18")`.
    CarriedForward(String),
}

//! The validated model as JSON, for `concord export`: the document without its cells, and each
//! group's cells on their own (the writer splices them in).
//!
//! Each object is a typed counterpart of the model, borrowing from it. Their fields are declared
//! in alphabetical order: the order the contract has always had (it was once built through
//! serde_json's sorted map).

use std::collections::BTreeMap;

use concord_core::id::GroupId;
use concord_core::model::{
    Basis, Capability, Cell, Estimate, GroupPositions, Item, ItemKind, Provenance, Scenario, Stance,
};
use serde::Serialize;

mod agenda;

/// The export document, its `cells` left empty for the writer to fill group by group.
#[derive(Serialize)]
struct DocumentJson<'a> {
    /// How each group's capability is set.
    capability: CapabilityJson<'a>,
    /// Always `{}` here: the writer splices each group's cells in.
    cells: NoCells,
    /// The conference.
    conference: ConferenceJson<'a>,
    /// The groups, in scenario order.
    groups: Vec<GroupJson<'a>>,
    /// The agenda items, in scenario order.
    items: Vec<ItemJson<'a>>,
    /// The member states' own positions, from every group's file in file order.
    member_state_positions: Vec<StatePositionJson<'a>>,
    /// Non-voting organisations and their views (empty: none given).
    organisations: Vec<agenda::OrganisationJson<'a>>,
    /// The agenda items split into issues (their issues are in `items`).
    parents: Vec<agenda::ParentJson<'a>>,
    /// [`super::SCHEMA_VERSION`].
    schema_version: u32,
    /// The stages of the run-up and the conference, in scenario order.
    stages: Vec<StageJson<'a>>,
    /// The states, in scenario order.
    states: Vec<StateJson<'a>>,
}

/// An empty object: the place of the cells in the document.
#[derive(Serialize)]
struct NoCells {}

/// The scenario's capability: a word, or a weight per group.
#[derive(Serialize)]
#[serde(untagged)]
enum CapabilityJson<'a> {
    /// `members` or `equal`.
    Rule(&'static str),
    /// The explicit weights, keyed by group id (sorted).
    Weights(BTreeMap<&'a str, f64>),
}

/// The conference.
#[derive(Serialize)]
struct ConferenceJson<'a> {
    /// The reference date of what the files say.
    as_of: String,
    /// Its last day.
    end: String,
    /// Its id.
    id: &'a str,
    /// Its full name.
    name: &'a str,
    /// The next conference (null: not given).
    next: Option<&'a str>,
    /// Its first day.
    start: String,
    /// Where it is held.
    venue: &'a str,
}

/// A state.
#[derive(Serialize)]
struct StateJson<'a> {
    /// Its ISO 3166-1 alpha-3 code.
    code: &'a str,
    /// Whether it is an ITU Member State at the scenario's reference date (it votes and weighs).
    member: bool,
    /// When it became a Member State (null: not given).
    member_since: Option<String>,
    /// Its name.
    name: &'a str,
    /// Whether it is an observer, not a Member State.
    observer: bool,
    /// Its ITU Region (`R1`; null: not given).
    region: Option<&'static str>,
}

/// A group: membership, capability and adoption rules.
#[derive(Serialize)]
struct GroupJson<'a> {
    /// Other rules the group is reported to use.
    alternative_rules: Vec<String>,
    /// Its capability c_g.
    capability: f64,
    /// Its id.
    id: &'a str,
    /// Its active members, in file order.
    members: Vec<&'a str>,
    /// The date of the membership list.
    membership_as_of: String,
    /// Its full name.
    name: &'a str,
    /// The region it covers.
    region: &'a str,
    /// The ITU Regions of its active members (`R1`), in order.
    regions: Vec<&'static str>,
    /// Its adoption rule.
    rule: String,
    /// Its suspended members, in file order.
    suspended: Vec<&'a str>,
}

/// A stage.
#[derive(Serialize)]
struct StageJson<'a> {
    /// Its last day (null: not given).
    end: Option<String>,
    /// What kind of meeting it is (`RegionalMeeting`, `Conference`, …).
    kind: String,
    /// Its name.
    name: &'a str,
    /// The alignment rounds the simulation plays in it.
    rounds: u32,
    /// Its first day (null: not given).
    start: Option<String>,
}

/// One agenda item: its links, and its options or its scale (the other one null).
#[derive(Serialize)]
struct ItemJson<'a> {
    /// The CPM background (null: not given).
    background: Option<&'a str>,
    /// Items that must be settled first.
    depends_on: Vec<&'a str>,
    /// The governing document (null: not given).
    document: Option<&'a str>,
    /// Its id.
    id: &'a str,
    /// Items of other conferences it is tied to.
    links: Vec<LinkJson<'a>>,
    /// The id of the item this is an issue of (null: not an issue; see `parents`).
    parent: Option<&'a str>,
    /// An options item's options, in file order; null for a scale item.
    options: Option<Vec<agenda::OptionJson<'a>>>,
    /// A scale item's scale; null for an options item.
    scale: Option<ScaleJson<'a>>,
    /// Free labels, in file order.
    tags: &'a [String],
    /// Its title.
    title: &'a str,
}

/// A link to an item of another conference.
#[derive(Serialize)]
struct LinkJson<'a> {
    /// The other conference's id.
    conference: &'a str,
    /// The item's id there.
    item: &'a str,
    /// What ties the two (null: not given).
    note: Option<&'a str>,
}

/// A scale item's scale.
#[derive(Serialize)]
struct ScaleJson<'a> {
    /// Its labelled points, in file order.
    anchors: Vec<AnchorJson<'a>>,
    /// The point in force if nothing is agreed (null: not given).
    status_quo: Option<f64>,
}

/// A labelled point of a scale.
#[derive(Serialize)]
struct AnchorJson<'a> {
    /// The point, 0-100 (an integer).
    at: u8,
    /// Its label.
    label: &'a str,
}

/// A member state's own position.
#[derive(Serialize)]
struct StatePositionJson<'a> {
    /// The group whose file holds it.
    group: &'a str,
    /// The agenda item.
    item: &'a str,
    /// A public note (null: none).
    note: Option<&'a str>,
    /// Where it comes from.
    provenance: ProvenanceJson<'a>,
    /// The state's proposal reference (null: none).
    reference: Option<&'a str>,
    /// What the state says.
    stance: StanceJson<'a>,
    /// The state's code.
    state: &'a str,
}

/// A provenance: its kind, with the source and dates or the note it carries.
#[derive(Serialize)]
#[serde(untagged)]
enum ProvenanceJson<'a> {
    /// Taken from a source.
    Sourced {
        /// The date of the information.
        as_of: String,
        /// `sourced`.
        kind: &'static str,
        /// When the source was published (null: not given).
        published: Option<String>,
        /// The source.
        source: &'a str,
    },
    /// A coordinator's estimate, or made up to illustrate the tool.
    Noted {
        /// The date it stands at (null: not given).
        as_of: Option<String>,
        /// `estimated` or `illustrative`.
        kind: &'static str,
        /// What the estimate rests on, or what the illustration is.
        note: &'a str,
    },
    /// `missing`, `implicit` or `later`: a kind alone.
    Bare {
        /// The kind.
        kind: &'static str,
    },
}

/// A stance as the model file writes it, with its kind.
#[derive(Serialize)]
#[serde(untagged)]
enum StanceJson<'a> {
    /// A position on an options item.
    Options {
        /// The accepted options, in order of preference.
        accepts: Vec<AcceptJson<'a>>,
        /// `options`.
        kind: &'static str,
        /// The red lines, in file order.
        opposes: Vec<&'a str>,
        /// The preferred option (null: none named).
        prefers: Option<&'a str>,
    },
    /// A position on a scale item.
    Scale {
        /// The position, 0-100.
        at: f64,
        /// `scale`.
        kind: &'static str,
        /// The hard limits `[low, high]` (null: the range is the red line).
        limits: Option<(f64, f64)>,
        /// The acceptable range `[low, high]`.
        range: (f64, f64),
    },
    /// `no_position_yet`, `no_proposal` or `unknown`: a kind alone.
    Bare {
        /// The kind.
        kind: &'static str,
    },
}

/// An accepted option.
#[derive(Serialize)]
struct AcceptJson<'a> {
    /// What the acceptance depends on (null: unconditional).
    condition: Option<&'a str>,
    /// The option.
    option: &'a str,
}

/// One cell in full: stance, salience and flexibility with their bases, tallies, provenance and
/// its confidential part.
#[derive(Serialize)]
struct CellJson<'a> {
    /// The confidential part (null: none loaded).
    confidential: Option<ConfidentialJson<'a>>,
    /// How readily the group moves.
    flexibility: EstimateJson,
    /// The maturity in the group's vocabulary (null: not given).
    maturity: Option<&'static str>,
    /// A public note (null: none).
    note: Option<&'a str>,
    /// Where the cell comes from.
    provenance: ProvenanceJson<'a>,
    /// The proposal reference (null: none).
    reference: Option<&'a str>,
    /// How much the item matters to the group.
    salience: EstimateJson,
    /// What the group says.
    stance: StanceJson<'a>,
    /// Per option, the members supporting and opposing it.
    tallies: Vec<TallyJson<'a>>,
    /// The position in its own words (absent: none given).
    #[serde(skip_serializing_if = "Option::is_none")]
    text: Option<&'a str>,
}

/// A value in 0-1 with where it comes from.
#[derive(Serialize)]
struct EstimateJson {
    /// `sourced`, `estimated` or `default`.
    basis: &'static str,
    /// The value, 0-1.
    value: f64,
}

/// The members supporting and opposing one option.
#[derive(Serialize)]
struct TallyJson<'a> {
    /// Members opposing it, in file order.
    oppose: Vec<&'a str>,
    /// The option.
    option: &'a str,
    /// Members supporting it, in file order.
    support: Vec<&'a str>,
}

/// The confidential part of a cell.
#[derive(Serialize)]
struct ConfidentialJson<'a> {
    /// More acceptable options, in order of preference.
    fallbacks: Vec<&'a str>,
    /// A flexibility replacing the public one (null: not given).
    flexibility: Option<f64>,
    /// Hard limits `[low, high]` replacing the public ones (null: not given).
    limits: Option<(f64, f64)>,
    /// A note for the group's delegation (null: none).
    note: Option<&'a str>,
    /// Where it comes from.
    provenance: ProvenanceJson<'a>,
    /// More red lines.
    red_lines: Vec<&'a str>,
}

/// Every id of `ids` as a string.
fn strs<T: std::borrow::Borrow<str>>(ids: &[T]) -> Vec<&str> {
    ids.iter().map(T::borrow).collect()
}

/// A provenance: its kind, with the source and dates or the note it carries.
fn provenance(provenance: &Provenance) -> ProvenanceJson<'_> {
    match provenance {
        Provenance::Sourced {
            source,
            as_of,
            published,
        } => ProvenanceJson::Sourced {
            as_of: as_of.to_string(),
            kind: "sourced",
            published: published.map(|date| date.to_string()),
            source,
        },
        Provenance::Estimated { note, as_of } => ProvenanceJson::Noted {
            as_of: as_of.map(|date| date.to_string()),
            kind: "estimated",
            note,
        },
        Provenance::Illustrative { note, as_of } => ProvenanceJson::Noted {
            as_of: as_of.map(|date| date.to_string()),
            kind: "illustrative",
            note,
        },
        Provenance::Missing => ProvenanceJson::Bare { kind: "missing" },
        Provenance::Implicit => ProvenanceJson::Bare { kind: "implicit" },
        Provenance::Later => ProvenanceJson::Bare { kind: "later" },
    }
}

/// A value and its basis (`sourced`, `estimated` or `default`).
fn estimate(estimate: &Estimate) -> EstimateJson {
    EstimateJson {
        basis: match estimate.basis {
            Basis::Sourced => "sourced",
            Basis::Estimated => "estimated",
            Basis::Default => "default",
        },
        value: estimate.value,
    }
}

/// A stance as the model file writes it, with its kind.
fn stance(stance: &Stance) -> StanceJson<'_> {
    match stance {
        Stance::Options(s) => StanceJson::Options {
            accepts: s
                .accepts
                .iter()
                .map(|a| AcceptJson {
                    condition: a.condition.as_deref(),
                    option: a.option.as_str(),
                })
                .collect(),
            kind: "options",
            opposes: strs(&s.opposes),
            prefers: s.prefers.as_ref().map(|p| p.as_str()),
        },
        Stance::Scale(s) => StanceJson::Scale {
            at: s.at,
            kind: "scale",
            limits: s.limits,
            range: s.range,
        },
        Stance::NoPositionYet => StanceJson::Bare {
            kind: "no_position_yet",
        },
        Stance::NotCoded => StanceJson::Bare { kind: "not_coded" },
        Stance::NoProposal => StanceJson::Bare {
            kind: "no_proposal",
        },
        Stance::Unknown => StanceJson::Bare { kind: "unknown" },
    }
}

/// The export document with an empty `cells` object, for the writer to fill group by group.
pub(super) fn document(scenario: &Scenario) -> impl Serialize + '_ {
    let conference = &scenario.conference;
    DocumentJson {
        capability: match &scenario.capability {
            Capability::Members => CapabilityJson::Rule("members"),
            Capability::Equal => CapabilityJson::Rule("equal"),
            Capability::Explicit(weights) => {
                CapabilityJson::Weights(weights.iter().map(|(g, w)| (g.as_str(), *w)).collect())
            }
        },
        cells: NoCells {},
        conference: ConferenceJson {
            as_of: conference.as_of.to_string(),
            end: conference.end.to_string(),
            id: &conference.id,
            name: &conference.name,
            next: conference.next.as_deref(),
            start: conference.start.to_string(),
            venue: &conference.venue,
        },
        groups: groups(scenario),
        items: scenario.items.values().map(item).collect(),
        member_state_positions: member_state_positions(scenario),
        organisations: agenda::organisations(scenario),
        parents: scenario.parents.values().map(agenda::parent).collect(),
        schema_version: super::SCHEMA_VERSION,
        stages: scenario
            .stages
            .iter()
            .map(|s| StageJson {
                end: s.end.map(|d| d.to_string()),
                kind: format!("{:?}", s.kind),
                name: &s.name,
                rounds: s.rounds,
                start: s.start.map(|d| d.to_string()),
            })
            .collect(),
        states: scenario
            .states
            .values()
            .map(|s| StateJson {
                code: s.id.as_str(),
                member: s.member,
                member_since: s.member_since.map(|d| d.to_string()),
                name: &s.name,
                observer: s.observer,
                region: s.region.map(concord_core::model::Region::code),
            })
            .collect(),
    }
}

/// The groups: membership, capability and adoption rules.
fn groups(scenario: &Scenario) -> Vec<GroupJson<'_>> {
    scenario
        .groups
        .values()
        .map(|g| GroupJson {
            alternative_rules: g
                .alternative_rules
                .iter()
                .map(ToString::to_string)
                .collect(),
            capability: concord_core::analysis::capability_of(scenario, g),
            id: g.id.as_str(),
            members: strs(&g.membership.members),
            membership_as_of: g.membership.as_of.to_string(),
            name: &g.name,
            region: &g.region,
            regions: agenda::group_regions(scenario, g),
            rule: g.rule.to_string(),
            suspended: strs(&g.membership.suspended),
        })
        .collect()
}

/// One agenda item: its links, and its options or its scale (the other one null).
fn item(item: &Item) -> ItemJson<'_> {
    ItemJson {
        background: item.background.as_deref(),
        depends_on: strs(&item.depends_on),
        document: item.document.as_deref(),
        id: item.id.as_str(),
        links: item
            .links
            .iter()
            .map(|l| LinkJson {
                conference: &l.conference,
                item: &l.item,
                note: l.note.as_deref(),
            })
            .collect(),
        parent: item.parent.as_deref(),
        options: match &item.kind {
            ItemKind::Options(options) => Some(options.values().map(agenda::option).collect()),
            ItemKind::Scale(_) => None,
        },
        scale: match &item.kind {
            ItemKind::Scale(scale) => Some(ScaleJson {
                anchors: scale
                    .anchors
                    .iter()
                    .map(|(at, label)| AnchorJson { at: *at, label })
                    .collect(),
                status_quo: scale.status_quo,
            }),
            ItemKind::Options(_) => None,
        },
        tags: &item.tags,
        title: &item.title,
    }
}

/// The member states' own positions, from every group's file in file order.
fn member_state_positions(scenario: &Scenario) -> Vec<StatePositionJson<'_>> {
    scenario
        .positions
        .iter()
        .flat_map(|(group, positions)| {
            positions
                .state_positions
                .iter()
                .map(move |p| StatePositionJson {
                    group: group.as_str(),
                    item: p.item.as_str(),
                    note: p.note.as_deref(),
                    provenance: provenance(&p.provenance),
                    reference: p.reference.as_deref(),
                    stance: stance(&p.stance),
                    state: p.state.as_str(),
                })
        })
        .collect()
}

/// One group's cells, keyed by item (a sorted map, as the whole document would have them).
pub(super) fn group_cells<'a>(
    group: &'a GroupId,
    positions: &'a GroupPositions,
) -> impl Serialize + 'a {
    positions
        .cells
        .iter()
        .map(|(item, cell)| (item.as_str(), group_cell(group, cell)))
        .collect::<BTreeMap<_, _>>()
}

/// One cell in full: stance, salience and flexibility with their bases, tallies, provenance and
/// its confidential part.
fn group_cell<'a>(group: &GroupId, cell: &'a Cell) -> CellJson<'a> {
    CellJson {
        confidential: cell.confidential.as_ref().map(|c| ConfidentialJson {
            fallbacks: strs(&c.fallbacks),
            flexibility: c.flexibility,
            limits: c.limits,
            note: c.note.as_deref(),
            provenance: provenance(&c.provenance),
            red_lines: strs(&c.red_lines),
        }),
        flexibility: estimate(&cell.flexibility),
        maturity: cell.maturity.map(|m| m.label(group.as_str())),
        note: cell.note.as_deref(),
        provenance: provenance(&cell.provenance),
        reference: cell.reference.as_deref(),
        salience: estimate(&cell.salience),
        stance: stance(&cell.stance),
        tallies: cell
            .tallies
            .iter()
            .map(|t| TallyJson {
                oppose: strs(&t.oppose),
                option: t.option.as_str(),
                support: strs(&t.support),
            })
            .collect(),
        text: cell.text.as_deref(),
    }
}

//! The brief's view model: what the renderers (Markdown, HTML, JSON) read. Ids, dates,
//! statuses, the line, the item lists, the cells and the summary are typed (`facts`, `lists`,
//! `overview`), worded by `words` and the files beside it (`list_words`, `overview_words`); the
//! JSON writes those words (`serialize_with`, or the facts' own `Serialize`). What stays a string
//! is the scenario's own text (titles, background, lead, names).

use serde::Serialize;

use super::facts::{ItemSimulation, Line, OwnPosition, Priority, SimulationRuns};
use super::lists::{
    Ally, CellBasis, CrossPressured, Deal, Differs, Further, Method, OpenCompromise,
    OrganisationView, Pull, RedLine, Reference, Reservation, SharedFirst, WantsOther,
};
use super::overview::{AtRisk, HeatRow, Maturities, OpenDeals, OurPosition, ReaderFacts};
use crate::report::view::Coverage;
use concord_core::analysis::{GroupCell, ItemStatus};
use concord_core::id::{GroupId, ItemId};
use concord_core::model::{Date, Maturity, Provenance, Stance};

#[derive(Clone, Debug, PartialEq, Serialize)]
/// A delegation's brief: what its reader may know, item by item.
pub struct Brief {
    /// The JSON schema version.
    pub schema_version: u32,
    /// Who the brief is for: a group or a member state, with its name (JSON: its label).
    pub reader: ReaderFacts,
    /// The reader's groups.
    #[serde(serialize_with = "super::words::ids")]
    pub groups: Vec<GroupId>,
    /// The conference id.
    pub conference: String,
    /// The conference's name.
    pub name: String,
    /// The date of the knowledge the brief rests on.
    #[serde(serialize_with = "super::words::shown")]
    pub as_of: Date,
    /// Where carried-forward items go.
    pub next_conference: Option<String>,
    /// The simulation's runs and seed, when simulated.
    pub simulation: Option<SimulationRuns>,
    /// The preparatory calendar at the brief's date: every stage, held or to come, and the
    /// deadline for proposals when the scenario gives one.
    pub calendar: crate::progress::Calendar,
    /// For each of the reader's groups, its last meeting and its next one.
    pub next: Vec<crate::progress::GroupNext>,
    /// Our stated cells by salience, highest first, each with whether the salience is sourced.
    pub priorities: Vec<Priority>,
    /// A member state's own stated positions, item by item (empty for a group).
    pub own_positions: Vec<OwnPosition>,
    /// How much is known (JSON: its sentence, "12 of 66 cells known; on 3 of 11 items no
    /// group's position is known (unknown is not opposition …)").
    #[serde(serialize_with = "super::words::known")]
    pub known: Coverage,
    /// One row per item.
    pub summary: Vec<SummaryRow>,
    /// Items where the reader stands alone.
    #[serde(serialize_with = "super::words::shown_each")]
    pub isolated: Vec<ItemId>,
    /// Items at risk of being carried forward, and why.
    pub at_risk: Vec<AtRisk>,
    /// Package deals the reader could offer (JSON: each in words).
    pub deals: OpenDeals,
    /// Each item the reader has a stake in, in full.
    pub items: Vec<ItemBrief>,
    /// The items the reader has no stake in (no cell of its groups states anything, no position
    /// of its own), in one list (JSON: each in words).
    pub folded: Vec<FoldedItem>,
    /// Every group, in order, for the heat map and the network.
    #[serde(serialize_with = "super::words::ids")]
    pub all_groups: Vec<GroupId>,
    /// Item × group: each cell with its agreement with us, for the heat map (JSON: `[item,
    /// [[class, label], …]]`).
    pub heatmap: Vec<HeatRow>,
    /// Pairs of groups with the number of items they conflict on.
    pub network: Vec<Conflict>,
}

/// An item the reader has no stake in: listed, not in full.
#[derive(Clone, Debug, PartialEq)]
pub struct FoldedItem {
    /// The item id.
    pub id: ItemId,
    /// Its title.
    pub title: String,
    /// Its status.
    pub status: ItemStatus,
    /// How many groups are known on it.
    pub known: ItemCoverage,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
/// One item in the brief's summary table.
pub struct SummaryRow {
    /// The item id.
    #[serde(serialize_with = "super::words::shown")]
    pub id: ItemId,
    /// The item's title.
    pub title: String,
    /// The item's status.
    #[serde(serialize_with = "super::words::status")]
    pub status: ItemStatus,
    /// How many groups are known on the item, how many are stated, of how many.
    pub known: ItemCoverage,
    /// The reader's position: its groups' cells and its own stance (JSON: in the field's
    /// vocabulary).
    pub our_position: OurPosition,
    /// How mature the reader's position is (JSON: in its groups' terms).
    pub maturity: Maturities,
    /// Whether the reader stands alone.
    pub isolated: bool,
    /// The simulated probability of adoption (0-1), when simulated.
    pub p_adopted: Option<f64>,
    /// The simulated probability that our line prevails (0-1): the option it is about adopted
    /// (by alignment, or by a vote on it), a line on the status quo by no change; `None` when not
    /// simulated, not predicted, or the line names no option.
    pub p_line: Option<f64>,
    /// The recommended line (JSON `action`: its label, naming the option it is about).
    #[serde(rename = "action", serialize_with = "super::words::line_label")]
    pub line: Line,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
/// One item of the brief in full.
pub struct ItemBrief {
    /// The item id.
    #[serde(serialize_with = "super::words::shown")]
    pub id: ItemId,
    /// The item's title.
    pub title: String,
    /// What the item is about: its governing document (empty: not given).
    pub background: String,
    /// The background the CPM Report gives, when the files carry it.
    pub cpm_background: Option<String>,
    /// The agenda item this is an issue of (`1.7 — IMT in …`), when it is one.
    pub issue_of: Option<String>,
    /// The lead working party, study group or committee, when the scenario gives it.
    pub lead: Option<String>,
    /// The item's status.
    #[serde(serialize_with = "super::words::status")]
    pub status: ItemStatus,
    /// How many groups are known on the item, how many are stated, of how many.
    pub known: ItemCoverage,
    /// Our cells.
    pub position: Vec<OurCell>,
    /// The reader's own position (a member state's), when it has one.
    #[serde(serialize_with = "super::words::stance")]
    pub own_state_position: Option<Stance>,
    /// Where a member state's own line differs from each of its groups'.
    pub differs: Vec<Differs>,
    /// Where our groups pull apart (a member state's brief).
    pub pulls: Vec<Pull>,
    /// The CPM methods among the options.
    pub methods: Vec<Method>,
    /// Every proposal reference on the item, by group and state.
    pub references: Vec<Reference>,
    /// Groups that accept one of our first choices.
    pub allies: Vec<Ally>,
    /// Member states outside our groups that put our first choice first.
    pub shared_by_states: Vec<SharedFirst>,
    /// Every red line others draw on the item (groups and member states), each marked "(an
    /// option we accept)" when it hits one.
    pub red_lines: Vec<RedLine>,
    /// Groups in conflict with ours that want another option without a red line against ours.
    pub want_other: Vec<WantsOther>,
    /// Ranked compromises, in words.
    pub compromises: Vec<OpenCompromise>,
    /// Package deals involving the item.
    pub deals: Vec<Deal>,
    /// Member states pulled different ways by their groups.
    pub cross_pressured: Vec<CrossPressured>,
    /// The simulated outcome, in numbers.
    pub simulation: Option<ItemSimulation>,
    /// The recommended line and why (JSON: `action`, its label naming the option it is about,
    /// and `reason`, its sentence).
    #[serde(flatten)]
    pub line: Line,
    /// Points for further consideration.
    pub further_consideration: Vec<Further>,
    /// Our own confidential notes.
    pub reservations: Vec<Reservation>,
    /// Every cell with its source.
    pub sources: Vec<SourcedCell>,
    /// Non-voting organisations' views: shown, never counted.
    pub organisations: Vec<OrganisationView>,
}

/// One of the reader's groups' cells on an item (JSON: `group`, `label`, `reference`,
/// `maturity` and `mark`, each a string, empty when not given).
#[derive(Clone, Debug, PartialEq)]
pub struct OurCell {
    /// The group's cell (its group and effective position).
    pub cell: GroupCell,
    /// The proposal's document reference, when given.
    pub reference: Option<String>,
    /// The maturity, when given (worded in the group's own terms).
    pub maturity: Option<Maturity>,
    /// What is sourced and what is estimated, or `None` for an unknown cell.
    pub mark: Option<CellBasis>,
}

/// A group's cell on an item, with where it comes from (JSON: `group`, `label`, `basis`,
/// `reference` and `source`).
#[derive(Clone, Debug, PartialEq)]
pub struct SourcedCell {
    /// The group's cell (its group and effective position).
    pub cell: GroupCell,
    /// What is sourced and what is estimated.
    pub basis: CellBasis,
    /// The proposal reference, when given.
    pub reference: Option<String>,
    /// Where the cell comes from.
    pub source: Provenance,
    /// The group's public note on the item, when it gives one.
    pub note: Option<String>,
}

/// One item's coverage: how many groups' cells are known and stated, of all groups.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct ItemCoverage {
    /// Groups whose cell is known (anything but unknown).
    pub groups: usize,
    /// All groups.
    pub of: usize,
    /// Groups stated.
    pub stated: usize,
}

impl ItemCoverage {
    /// The coverage of an analysed item.
    pub fn of(item: &concord_core::analysis::ItemAnalysis) -> Self {
        let (groups, of) = crate::report::view::known_of(item);
        ItemCoverage {
            groups,
            of,
            stated: item.stated().count(),
        }
    }

    /// The status in words ("agreed among the 2 stated" when not every group is stated) and
    /// the coverage ("2 of 6 groups known").
    pub fn note(self, status: ItemStatus) -> String {
        crate::report::view::Standing {
            status,
            stated: self.stated,
            known: self.groups,
            groups: self.of,
        }
        .note()
    }
}

impl ItemBrief {
    /// The heading's note: [`ItemCoverage::note`].
    pub fn status_note(&self) -> String {
        self.known.note(self.status)
    }
}

impl SummaryRow {
    /// The status column: [`ItemCoverage::note`].
    pub fn status_note(&self) -> String {
        self.known.note(self.status)
    }
}

/// Two groups in conflict on some items: an edge of the brief's network.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Conflict {
    /// One group.
    #[serde(serialize_with = "super::words::shown")]
    pub a: GroupId,
    /// The other.
    #[serde(serialize_with = "super::words::shown")]
    pub b: GroupId,
    /// On how many items they conflict.
    pub items: usize,
}

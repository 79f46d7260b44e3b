//! The agenda: items, their issues, options (with the Regions they reach and the CPM's
//! substance) and scales.

use indexmap::IndexMap;

use super::Voting;
use crate::id::{ItemId, OptionId, StateId};

/// An agenda item.
#[derive(Clone, Debug)]
pub struct Item {
    /// Its id (`1.2`, `stable-constitution`): 1 to 100 characters, no whitespace.
    pub id: ItemId,
    /// Its title.
    pub title: String,
    /// The governing document (`Res. 245 (WRC-19)`), when given.
    pub document: Option<String>,
    /// The lead working party, study group or committee (`WP 5D`), when given.
    pub lead: Option<String>,
    /// Free labels, in file order.
    pub tags: Vec<String>,
    /// Items that must be settled first; the dependencies have no cycle.
    pub depends_on: Vec<ItemId>,
    /// Items of other conferences this one is tied to.
    pub links: Vec<Link>,
    /// A choice between options, or a point on a 0-100 scale.
    pub kind: ItemKind,
    /// The item's own voting rule, overriding the scenario's; `None`: the scenario's.
    pub voting: Option<Voting>,
    /// The agenda item this is an issue of (`Some("1.7")` for issue `1.7a`); `None` for an item
    /// with no issues. The parent is in [`Scenario::parents`](super::Scenario::parents).
    pub parent: Option<String>,
    /// The background the CPM Report gives, when the files carry it.
    pub background: Option<String>,
}

/// An agenda item split into issues (WRC-27 AI 1.7 by band): not itself analysed; each of its
/// issues is an [`Item`] of the scenario with `parent` set to this id.
#[derive(Clone, Debug)]
pub struct ParentItem {
    /// Its id (`1.7`); never also the id of an item or an issue.
    pub id: String,
    /// Its title.
    pub title: String,
    /// The governing document, when given.
    pub document: Option<String>,
    /// The background the CPM Report gives, when the files carry it.
    pub background: Option<String>,
    /// Its issues, in file order (at least one).
    pub issues: Vec<ItemId>,
}

impl ParentItem {
    /// Its issues for a message: `` `1.7a`, `1.7b`, `1.7c` ``.
    pub fn issue_list(&self) -> String {
        self.issues
            .iter()
            .map(|issue| format!("`{issue}`"))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// An ITU Region (Radio Regulations, Article 5, Nos. 5.2-5.9).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Region {
    /// Region 1: Europe, Africa, the Middle East west of line A, the former USSR and Mongolia.
    R1,
    /// Region 2: the Americas and Greenland.
    R2,
    /// Region 3: Asia east of line A and Oceania (with Iran).
    R3,
}

impl Region {
    /// Every Region, in order.
    pub const ALL: [Region; 3] = [Region::R1, Region::R2, Region::R3];

    /// `Region 1`.
    pub fn label(self) -> &'static str {
        match self {
            Region::R1 => "Region 1",
            Region::R2 => "Region 2",
            Region::R3 => "Region 3",
        }
    }

    /// `R1`, as the files write it.
    pub fn code(self) -> &'static str {
        match self {
            Region::R1 => "R1",
            Region::R2 => "R2",
            Region::R3 => "R3",
        }
    }
}

/// Where an option applies: in every Region (both lists empty), in some Regions, and/or in the
/// states a country footnote names.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Reach {
    /// The Regions the option applies in (empty: not limited by Region).
    pub regions: Vec<Region>,
    /// The states of a country footnote, in file order.
    pub footnote: Vec<StateId>,
}

impl Reach {
    /// Whether the option applies everywhere (no Region limit, no footnote).
    pub fn is_global(&self) -> bool {
        self.regions.is_empty() && self.footnote.is_empty()
    }

    /// Whether a state in `region` (`None`: not known) is reached: in one of the Regions or
    /// named by the footnote. A state of unknown Region is taken as reached.
    pub fn reaches(&self, state: &StateId, region: Option<Region>) -> bool {
        self.is_global()
            || region.is_none_or(|region| self.regions.contains(&region))
            || self.footnote.contains(state)
    }

    /// `Region 3 only`, `Regions 1 and 3 only`, `by footnote: BRA, MEX`, `Region 1 only, and by
    /// footnote: BRA`; empty when global.
    pub fn words(&self) -> String {
        let regions = match self.regions.as_slice() {
            [] => String::new(),
            [one] => format!("{} only", one.label()),
            many => {
                let numbers: Vec<&str> = many.iter().map(|r| &r.label()[7..]).collect();
                let (last, rest) = numbers.split_last().unwrap_or((&"", &[]));
                format!("Regions {} and {last} only", rest.join(", "))
            }
        };
        let footnote = if self.footnote.is_empty() {
            String::new()
        } else {
            let states: Vec<&str> = self.footnote.iter().map(StateId::as_str).collect();
            format!("by footnote: {}", states.join(", "))
        };
        match (regions.is_empty(), footnote.is_empty()) {
            (true, _) => footnote,
            (false, true) => regions,
            (false, false) => format!("{regions}, and {footnote}"),
        }
    }
}

/// What the CPM Report says of a method, when the files carry it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct OptionSubstance {
    /// The method in a few sentences.
    pub summary: Option<String>,
    /// The regulatory change (`MOD No. 5.457E; ADD Resolution [A12-IMT]`).
    pub change: Option<String>,
    /// Its advantages, as the CPM Report lists them.
    pub advantages: Vec<String>,
    /// Its disadvantages, as the CPM Report lists them.
    pub disadvantages: Vec<String>,
}

impl OptionSubstance {
    /// Whether nothing is given.
    pub fn is_empty(&self) -> bool {
        self == &OptionSubstance::default()
    }
}

/// A link to an item of another conference (WRC-23 1.2 → WRC-27 1.7).
#[derive(Clone, Debug)]
pub struct Link {
    /// The other conference's id.
    pub conference: String,
    /// The item's id there; not checked, since that conference is not loaded.
    pub item: String,
    /// What ties the two, when given.
    pub note: Option<String>,
}

/// The two kinds of agenda item.
#[derive(Clone, Debug)]
pub enum ItemKind {
    /// A choice between texts: 1 to `LIMITS.options` options ([`LIMITS`](crate::limits::LIMITS)),
    /// in file order.
    Options(IndexMap<OptionId, ItemOption>),
    /// A quantity on a 0-100 scale.
    Scale(Scale),
}

/// One option of an agenda item.
#[derive(Clone, Debug)]
pub struct ItemOption {
    /// Its id, unique within the item: 1 to 100 characters, no whitespace.
    pub id: OptionId,
    /// What it says.
    pub label: String,
    /// The ITU action on the text or the CPM method, when given.
    pub action: Option<Action>,
    /// Whether it is what stays in force if nothing is agreed (at most one per item).
    pub status_quo: bool,
    /// Where it applies: everywhere, in some Regions, or in the states of a footnote.
    pub reach: Reach,
    /// What the CPM Report says of it (summary, change, advantages, disadvantages).
    pub substance: OptionSubstance,
}

/// The ITU action on a text, or a CPM method.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Action {
    /// `NOC`: no change.
    Noc,
    /// `MOD`: modification.
    Mod,
    /// `ADD`: addition.
    Add,
    /// `SUP`: suppression.
    Sup,
    /// `ADD*`: text moved in.
    AddMoved,
    /// `(MOD)`: editorial change.
    ModEditorial,
    /// `SUP*`: text moved out.
    SupMoved,
    /// A CPM method, by its letter (`Method("A")`).
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

/// A 0-100 scale item.
#[derive(Clone, Debug)]
pub struct Scale {
    /// Labelled points of the scale (each 0-100), in file order.
    pub anchors: Vec<(u8, String)>,
    /// The point in force if nothing is agreed, 0-100 (`None`: not given).
    pub status_quo: Option<f64>,
}

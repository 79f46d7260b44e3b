//! The export's newer parts of the agenda: an option's reach and CPM substance, the items split
//! into issues, and the organisations' views (fields in alphabetical order, as everywhere).

use concord_core::model::{ItemOption, OptionSubstance, Organisation, ParentItem, Reach, Scenario};
use serde::Serialize;

use super::{ProvenanceJson, StanceJson, provenance, stance, strs};

/// One option of an agenda item.
#[derive(Serialize)]
pub(super) struct OptionJson<'a> {
    /// The ITU action or CPM method (`NOC`, `Method A`; null: not given).
    action: Option<String>,
    /// Its advantages, as the CPM Report lists them.
    advantages: &'a [String],
    /// The regulatory change (null: not given).
    change: Option<&'a str>,
    /// Its disadvantages, as the CPM Report lists them.
    disadvantages: &'a [String],
    /// The states of the country footnote it adds (empty: none).
    footnote: Vec<&'a str>,
    /// Its id.
    id: &'a str,
    /// What it says.
    label: &'a str,
    /// The ITU Regions it is limited to (`R1`; empty: every Region).
    regions: Vec<&'static str>,
    /// Whether it stays in force if nothing is agreed.
    status_quo: bool,
    /// The method in a few sentences, as the CPM Report gives it (null: not given).
    summary: Option<&'a str>,
}

pub(super) fn option(option: &ItemOption) -> OptionJson<'_> {
    let Reach { regions, footnote } = &option.reach;
    let OptionSubstance {
        summary,
        change,
        advantages,
        disadvantages,
    } = &option.substance;
    OptionJson {
        action: option
            .action
            .as_ref()
            .map(concord_core::model::Action::label),
        advantages,
        change: change.as_deref(),
        disadvantages,
        footnote: strs(footnote),
        id: option.id.as_str(),
        label: &option.label,
        regions: regions.iter().map(|region| region.code()).collect(),
        status_quo: option.status_quo,
        summary: summary.as_deref(),
    }
}

/// An agenda item split into issues.
#[derive(Serialize)]
pub(super) struct ParentJson<'a> {
    /// The CPM background (null: not given).
    background: Option<&'a str>,
    /// The governing document (null: not given).
    document: Option<&'a str>,
    /// Its id.
    id: &'a str,
    /// Its issues' ids, in order (each an item of `items`).
    issues: Vec<&'a str>,
    /// Its title.
    title: &'a str,
}

pub(super) fn parent(parent: &ParentItem) -> ParentJson<'_> {
    ParentJson {
        background: parent.background.as_deref(),
        document: parent.document.as_deref(),
        id: &parent.id,
        issues: strs(&parent.issues),
        title: &parent.title,
    }
}

/// A non-voting organisation and its views.
#[derive(Serialize)]
pub(super) struct OrganisationJson<'a> {
    /// Its id.
    id: &'a str,
    /// Its name.
    name: &'a str,
    /// Its views, in item order.
    views: Vec<ViewJson<'a>>,
}

/// An organisation's view on one item: never a weight or a vote.
#[derive(Serialize)]
struct ViewJson<'a> {
    /// The item (an issue, for an item split into issues).
    item: &'a str,
    /// A remark (null: none).
    note: Option<&'a str>,
    /// Where it comes from.
    provenance: ProvenanceJson<'a>,
    /// The document it is stated in (null: not given).
    reference: Option<&'a str>,
    /// What it supports, accepts and opposes.
    stance: StanceJson<'a>,
}

pub(super) fn organisations(scenario: &Scenario) -> Vec<OrganisationJson<'_>> {
    scenario.organisations.values().map(organisation).collect()
}

fn organisation(organisation: &Organisation) -> OrganisationJson<'_> {
    OrganisationJson {
        id: &organisation.id,
        name: &organisation.name,
        views: organisation
            .views
            .iter()
            .map(|(item, view)| ViewJson {
                item: item.as_str(),
                note: view.note.as_deref(),
                provenance: provenance(&view.provenance),
                reference: view.reference.as_deref(),
                stance: stance(&view.stance),
            })
            .collect(),
    }
}

/// The distinct ITU Regions of a group's active members, in order (`R1`).
pub(super) fn group_regions(
    scenario: &Scenario,
    group: &concord_core::model::Group,
) -> Vec<&'static str> {
    let mut regions: Vec<concord_core::model::Region> = group
        .membership
        .members
        .iter()
        .filter_map(|member| scenario.states.get(member).and_then(|state| state.region))
        .collect();
    regions.sort();
    regions.dedup();
    regions.into_iter().map(|region| region.code()).collect()
}

//! The brief's sections, from the need-to-know view and the reader's situation: each one a
//! list of typed facts (worded in `list_words` and `overview_words`), unknowns marked.

use concord_core::analysis::{Analysis, GroupCell, ItemAnalysis, Stated};
use concord_core::id::{GroupId, ItemId, OptionId, StateId};
use concord_core::model::{
    Action as ItuAction, Basis, Cell, Item, ItemKind, Provenance, Scenario, Stance, StatePosition,
};

use super::facts::{OwnPosition, Priority};
use super::lists::{
    Ally, CellBasis, CrossPressured, Deal, Difference, Differs, Further, Method, OpenCompromise,
    OrganisationView, Party, Pull, RedLine, RedLiner, Reference, Reservation, SharedFirst,
    WantsOther,
};
use super::overview::Agreement;
use super::reasoning::{Situation, Stand};
use super::{ItemBrief, OurCell, SourcedCell};

/// The reader state's own position on an item, from any group's file.
pub(super) fn own_position<'a>(
    view: &'a Scenario,
    state: &StateId,
    item: &ItemId,
) -> Option<&'a StatePosition> {
    view.positions
        .values()
        .flat_map(|p| p.state_positions.iter())
        .find(|p| &p.state == state && &p.item == item)
}

/// What is sourced and what is estimated in a cell.
pub(super) fn cell_basis(cell: &Cell) -> CellBasis {
    if cell.stance == Stance::Unknown {
        return CellBasis::Unknown;
    }
    match &cell.provenance {
        Provenance::Sourced { .. } => {
            let salience_estimated = cell.salience.basis != Basis::Sourced;
            let flexibility_estimated = cell.flexibility.basis != Basis::Sourced;
            if !cell.stance.is_stated() || !(salience_estimated || flexibility_estimated) {
                CellBasis::Sourced
            } else {
                CellBasis::StanceSourced {
                    salience_estimated,
                    flexibility_estimated,
                }
            }
        }
        Provenance::Estimated { .. } => CellBasis::Estimate,
        Provenance::Illustrative { .. } => CellBasis::Illustrative,
        Provenance::Missing => CellBasis::NoSource,
        Provenance::Implicit | Provenance::Later => CellBasis::Unknown,
    }
}

/// A heat-map cell's class, by agreement with the reader: `ours` (our stated cell), `agrees` (accepts our first
/// choice), `compatible` (accepts some option we accept), `conflicts` (accepts none), `stated`
/// (we hold no stand to compare with), `not-stated`, `unknown`.
pub(super) fn agreement(cell: &GroupCell, ours: &[GroupId], stands: &[Stand]) -> Agreement {
    if ours.contains(&cell.group) && cell.stated().is_some() {
        return Agreement::Ours;
    }
    match (cell.stated(), cell.not_stated()) {
        (Some(Stated::Options(s)), _) if !stands.is_empty() => {
            if stands
                .iter()
                .filter_map(Stand::first)
                .any(|first| s.accepts(first))
            {
                Agreement::Agrees
            } else if s
                .accepts
                .iter()
                .any(|a| super::reasoning::we_accept(stands, &a.option))
            {
                Agreement::Compatible
            } else {
                Agreement::Conflicts
            }
        }
        (Some(_), _) => Agreement::Stated,
        (None, Some(concord_core::analysis::NotStated::Unknown)) | (None, None) => {
            Agreement::Unknown
        }
        (None, Some(_)) => Agreement::NotStated,
    }
}

/// Our stated cells ranked by salience, highest first (ties in item order): where the
/// delegation's effort goes.
pub(super) fn priorities(view: &Scenario, analysis: &Analysis, ours: &[GroupId]) -> Vec<Priority> {
    let mut ranked: Vec<(usize, Priority)> = Vec::new();
    for (index, item) in analysis.items.iter().enumerate() {
        for group in ours {
            let cell = view.cell(group, &item.item);
            if !cell.stance.is_stated() {
                continue;
            }
            ranked.push((
                index,
                Priority {
                    item: item.item.clone(),
                    group: group.clone(),
                    salience: cell.salience.value,
                    basis: cell.salience.basis,
                },
            ));
        }
    }
    ranked.sort_by(|a, b| b.1.salience.total_cmp(&a.1.salience).then(a.0.cmp(&b.0)));
    ranked.into_iter().map(|(_, priority)| priority).collect()
}

/// A state's own stated positions, item by item.
pub(super) fn own_positions(view: &Scenario, state: &StateId) -> Vec<OwnPosition> {
    view.items
        .keys()
        .filter_map(|item| {
            let own = own_position(view, state, item)?;
            Some(OwnPosition {
                item: item.clone(),
                stance: own.stance.clone(),
            })
        })
        .collect()
}

/// Pairs of groups with the number of items they conflict on.
pub(super) fn network(view: &Scenario, analysis: &Analysis) -> Vec<super::Conflict> {
    let n = view.groups.len();
    let mut conflicts = vec![0usize; n * n];
    for item in &analysis.items {
        for (a, b) in item.conflicting_groups() {
            if let (Some(a), Some(b)) = (view.groups.get_index_of(a), view.groups.get_index_of(b)) {
                conflicts[a.min(b) * n + a.max(b)] += 1;
            }
        }
    }
    let mut network = Vec::new();
    for (a, group_a) in view.groups.keys().enumerate() {
        for (b, group_b) in view.groups.keys().enumerate().skip(a + 1) {
            network.push(super::Conflict {
                a: group_a.clone(),
                b: group_b.clone(),
                items: conflicts[a * n + b],
            });
        }
    }
    network
}

/// Every red line others draw on the item — other groups' public ones and member states' in any
/// file, never the reader's own — each with whether it hits an option we accept.
fn red_lines(
    view: &Scenario,
    item: &ItemId,
    situation: &Situation<'_>,
    reader: Option<&StateId>,
) -> Vec<RedLine> {
    let red_line = |by: RedLiner, options: Vec<OptionId>| RedLine {
        by,
        hits_ours: options
            .iter()
            .any(|option| super::reasoning::we_accept(&situation.stands, option)),
        options,
    };
    let mut out: Vec<RedLine> = situation
        .others
        .iter()
        .filter_map(|c| match c.stated() {
            Some(Stated::Options(s)) if !s.opposes.is_empty() => Some(red_line(
                RedLiner::Group(c.group.clone()),
                s.opposes.iter().map(|(o, _)| o.clone()).collect(),
            )),
            _ => None,
        })
        .collect();
    for (group, positions) in &view.positions {
        for p in positions.state_positions.iter().filter(|p| &p.item == item) {
            if Some(&p.state) == reader {
                continue;
            }
            if let Stance::Options(s) = &p.stance
                && !s.opposes.is_empty()
            {
                let by = RedLiner::State {
                    state: p.state.clone(),
                    file: group.clone(),
                };
                out.push(red_line(by, s.opposes.clone()));
            }
        }
    }
    out
}

/// Other groups in conflict with ours that draw no red line against what we accept: they want
/// something else, which is not a red line.
fn want_other(
    item_analysis: &ItemAnalysis,
    ours: &[GroupId],
    red: &[RedLine],
    allies: &[&GroupCell],
) -> Vec<WantsOther> {
    let mut out: Vec<WantsOther> = Vec::new();
    for c in item_analysis
        .conflicts()
        .filter(|c| ours.contains(&c.groups.0) != ours.contains(&c.groups.1))
    {
        let (us, other) = if ours.contains(&c.groups.0) {
            (&c.groups.0, &c.groups.1)
        } else {
            (&c.groups.1, &c.groups.0)
        };
        if out.iter().any(|w| &w.group == other)
            || allies.iter().any(|ally| &ally.group == other)
            || red
                .iter()
                .any(|line| line.hits_ours && line.who() == other.as_str())
        {
            continue;
        }
        out.push(WantsOther {
            cell: item_analysis
                .cells
                .iter()
                .find(|cell| &cell.group == other)
                .cloned(),
            group: other.clone(),
            with: us.clone(),
            conflict: c.clone(),
        });
    }
    out
}

/// Where a state's own line differs from each of its groups', and the states outside its
/// groups that share its first choice.
fn state_lines(
    view: &Scenario,
    item: &ItemId,
    own: Option<&StatePosition>,
    situation: &Situation<'_>,
    ours: &[GroupId],
) -> (Vec<Differs>, Vec<SharedFirst>) {
    let Some(own) = own else {
        return (Vec::new(), Vec::new());
    };
    let own_stand = situation
        .stands
        .iter()
        .find(|s| s.who == own.state.as_str());
    let own_first = own_stand.and_then(Stand::first);
    let mut differs = Vec::new();
    let own_red = |option: &OptionId| own_stand.is_some_and(|s| s.opposes.contains(option));
    for cell in &situation.our_cells {
        let how = match (cell.stated(), own_first) {
            // We draw red lines only: the group's line differs from ours only if it puts first
            // one of them.
            (Some(Stated::Options(s)), None) => match s.first_choice() {
                Some(first) if own_red(first) => Difference::PutsFirstOurRedLine(first.clone()),
                _ => continue,
            },
            (Some(Stated::Options(s)), Some(first)) if s.first_choice() == Some(first) => continue,
            (Some(Stated::Options(s)), Some(first)) if s.opposes(first) => {
                Difference::RedLinesOurFirst(first.clone())
            }
            (Some(Stated::Options(s)), Some(first)) if s.tolerates(first) => {
                Difference::AcceptsOurFirstNotFirst(first.clone())
            }
            (Some(_), _) => Difference::NotOurLine,
            (None, _) => Difference::GroupStatesNone,
        };
        differs.push(Differs {
            cell: (*cell).clone(),
            how,
        });
    }
    let shared = match own_first {
        Some(first) => view
            .positions
            .values()
            .flat_map(|p| p.state_positions.iter())
            .filter(|p| &p.item == item && p.state != own.state)
            .filter(|p| !view.groups_of(&p.state).any(|g| ours.contains(&g.id)))
            .filter(|p| matches!(&p.stance, Stance::Options(s) if s.first_choice() == Some(first)))
            .map(|p| SharedFirst {
                state: p.state.clone(),
                groups: view.groups_of(&p.state).map(|g| g.id.clone()).collect(),
                first: first.clone(),
            })
            .collect(),
        None => Vec::new(),
    };
    (differs, shared)
}

/// One item's brief in full.
#[allow(clippy::too_many_arguments)]
pub(super) fn item_brief(
    view: &Scenario,
    item: &Item,
    item_analysis: &ItemAnalysis,
    situation: &Situation<'_>,
    ours: &[GroupId],
    reader: Option<&StateId>,
    own: Option<&StatePosition>,
    deals: Vec<Deal>,
) -> ItemBrief {
    let red = red_lines(view, &item.id, situation, reader);
    let want = want_other(item_analysis, ours, &red, &situation.allies);
    let (differs, shared) = state_lines(view, &item.id, own, situation, ours);
    ItemBrief {
        id: item.id.clone(),
        title: item.title.clone(),
        background: item.document.clone().unwrap_or_default(),
        cpm_background: item.background.clone(),
        issue_of: item.parent.as_ref().and_then(|parent| {
            let parent = view.parents.get(parent)?;
            Some(format!("{} — {}", parent.id, parent.title))
        }),
        organisations: organisations(view, &item.id),
        lead: item.lead.clone(),
        status: item_analysis.status,
        known: crate::brief::types::ItemCoverage::of(item_analysis),
        position: our_position(view, &item.id, situation),
        own_state_position: own.map(|p| p.stance.clone()),
        differs,
        pulls: if reader.is_some() {
            pulls(item_analysis, ours)
        } else {
            Vec::new()
        },
        methods: methods(item),
        references: references(view, &item.id, item_analysis),
        allies: situation
            .allies
            .iter()
            .map(|c| Ally((*c).clone()))
            .collect(),
        shared_by_states: shared,
        red_lines: red,
        want_other: want,
        compromises: compromises(item, item_analysis, situation),
        deals,
        cross_pressured: item_analysis
            .cross_pressured
            .iter()
            .filter(|c| ours.contains(&c.groups.0) || ours.contains(&c.groups.1))
            .filter(|c| Some(&c.state) != reader)
            .map(|c| CrossPressured(c.clone()))
            .collect(),
        simulation: situation.simulation.clone(),
        line: situation.line.clone(),
        further_consideration: further_consideration(item),
        reservations: reservations(view, &item.id, situation),
        sources: sources(view, &item.id, item_analysis),
    }
}

/// Our groups' cells on the item, each with its reference, maturity and basis.
fn our_position(view: &Scenario, item: &ItemId, situation: &Situation<'_>) -> Vec<OurCell> {
    situation
        .our_cells
        .iter()
        .map(|c| {
            let cell = view.cell(&c.group, item);
            OurCell {
                cell: (*c).clone(),
                reference: cell.reference.clone(),
                maturity: cell.maturity,
                mark: (cell.stance != Stance::Unknown).then(|| cell_basis(cell)),
            }
        })
        .collect()
}

/// Where our own groups pull apart: the conflicts between two of them (a state's brief).
fn pulls(item_analysis: &ItemAnalysis, ours: &[GroupId]) -> Vec<Pull> {
    item_analysis
        .conflicts()
        .filter(|c| ours.contains(&c.groups.0) && ours.contains(&c.groups.1))
        .map(Pull)
        .collect()
}

/// The CPM methods among the item's options: those with a `Method` action, and any option the
/// files give the CPM's substance or a reach limited by Region.
fn methods(item: &Item) -> Vec<Method> {
    match &item.kind {
        ItemKind::Options(options) => options
            .values()
            .filter(|o| {
                matches!(o.action, Some(ItuAction::Method(_)))
                    || !o.substance.is_empty()
                    || !o.reach.is_global()
            })
            .map(|o| Method {
                action: o.action.clone(),
                option: o.id.clone(),
                label: o.label.clone(),
                reach: o.reach.clone(),
                substance: o.substance.clone(),
            })
            .collect(),
        ItemKind::Scale(_) => Vec::new(),
    }
}

/// The organisations' views on the item, in the scenario's order of organisations.
fn organisations(view: &Scenario, item: &ItemId) -> Vec<OrganisationView> {
    view.organisations
        .values()
        .filter_map(|organisation| {
            let seen = organisation.views.get(item)?;
            Some(OrganisationView {
                organisation: organisation.id.clone(),
                stance: seen.stance.clone(),
                note: seen.note.clone(),
            })
        })
        .collect()
}

/// The references given for the item: each group's, then each member state's.
fn references(view: &Scenario, item: &ItemId, item_analysis: &ItemAnalysis) -> Vec<Reference> {
    item_analysis
        .cells
        .iter()
        .filter_map(|c| {
            let reference = view.cell(&c.group, item).reference.as_ref()?;
            Some(Reference {
                by: Party::Group(c.group.clone()),
                reference: reference.clone(),
            })
        })
        .chain(
            view.positions
                .values()
                .flat_map(|p| p.state_positions.iter())
                .filter(|p| &p.item == item)
                .filter_map(|p| {
                    Some(Reference {
                        by: Party::State(p.state.clone()),
                        reference: p.reference.clone()?,
                    })
                }),
        )
        .collect()
}

/// The compromises open to us: each option we accept with the other groups that accept it, or
/// on a scale item the compromise point.
fn compromises(
    item: &Item,
    item_analysis: &ItemAnalysis,
    situation: &Situation<'_>,
) -> Vec<OpenCompromise> {
    match &item.kind {
        ItemKind::Options(options) => options
            .keys()
            .filter(|option| super::reasoning::we_accept(&situation.stands, option))
            .map(|option| OpenCompromise::Option {
                option: option.clone(),
                also: situation
                    .others
                    .iter()
                    .filter(
                        |c| matches!(c.stated(), Some(Stated::Options(s)) if s.tolerates(option)),
                    )
                    .map(|c| c.group.clone())
                    .collect(),
                outside: situation
                    .others
                    .iter()
                    .filter(|c| {
                        matches!(c.stated(), Some(Stated::Options(s))
                            if s.is_outside(option) && !s.accepts(option) && !s.opposes(option))
                    })
                    .map(|c| c.group.clone())
                    .collect(),
                conditions: item_analysis
                    .conditions_on(option)
                    .into_iter()
                    .map(|(group, condition)| (group.clone(), condition.to_owned()))
                    .collect(),
            })
            .collect(),
        ItemKind::Scale(_) => match &item_analysis.compromise {
            concord_core::analysis::Compromise::Scale { point: Some(p), .. } => {
                vec![OpenCompromise::Point(*p)]
            }
            _ => Vec::new(),
        },
    }
}

/// What else bears on the item: its links to other conferences' items and what it depends on.
fn further_consideration(item: &Item) -> Vec<Further> {
    item.links
        .iter()
        .map(|l| Further::Link {
            conference: l.conference.clone(),
            item: l.item.clone(),
            note: l.note.clone(),
        })
        .chain(item.depends_on.iter().cloned().map(Further::DependsOn))
        .collect()
}

/// Our groups' confidential parts: note, fallbacks, confidential red lines and flexibility.
fn reservations(view: &Scenario, item: &ItemId, situation: &Situation<'_>) -> Vec<Reservation> {
    situation
        .our_cells
        .iter()
        .filter_map(|c| {
            let conf = view.cell(&c.group, item).confidential.as_ref()?;
            let given = conf.note.is_some()
                || !conf.fallbacks.is_empty()
                || !conf.red_lines.is_empty()
                || conf.flexibility.is_some();
            given.then(|| Reservation {
                group: c.group.clone(),
                note: conf.note.clone(),
                fallbacks: conf.fallbacks.clone(),
                red_lines: conf.red_lines.clone(),
                flexibility: conf.flexibility,
            })
        })
        .collect()
}

/// Every group's cell on the item with its basis, reference and source.
fn sources(view: &Scenario, item: &ItemId, item_analysis: &ItemAnalysis) -> Vec<SourcedCell> {
    item_analysis
        .cells
        .iter()
        .map(|c| {
            let cell = view.cell(&c.group, item);
            SourcedCell {
                cell: c.clone(),
                basis: cell_basis(cell),
                reference: cell.reference.clone(),
                source: cell.provenance.clone(),
                note: cell.note.clone(),
            }
        })
        .collect()
}

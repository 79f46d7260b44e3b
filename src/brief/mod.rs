//! Delegation briefs, need-to-know by construction.
//!
//! [`need_to_know`] takes the view of the scenario a reader may see — its own groups' confidential
//! parts and everyone's public positions — *before* any analysis or simulation runs; the brief is
//! then computed from that view only, so no later code can leak another group's confidential
//! notes, fallbacks, red lines or flexibility, not even through a probability.

pub mod html;
pub mod markdown;
mod types;

pub use types::{
    Brief, Conflict, ItemBrief, ItemSimulation, MostOften, OurCell, SimulationRuns, SourcedCell,
    SummaryRow,
};

/// The version of the brief's JSON: 2 since the simulated outcomes are numbers
/// (`simulation`), not sentences.
pub const BRIEF_SCHEMA_VERSION: u32 = 2;

use serde::Serialize;

use crate::analysis::{
    Analysis, AnalysisConfig, Compromise, GroupCell, ItemAnalysis, ItemStatus, Stated,
};
use crate::id::{GroupId, StateId};
use crate::model::{Provenance, Scenario, Stance};
use crate::report::view::{cell_label, number, provenance_mark};
use crate::simulate::{self, ItemResult, SimConfig, SimResult};

/// Who a brief is for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Reader {
    /// A group's delegation.
    Group(GroupId),
    /// A member state: it sees the confidential parts of every group it belongs to.
    State(StateId),
}

/// The groups whose confidential parts the reader sees (`None`: the reader is unknown).
pub fn reader_groups(scenario: &Scenario, reader: &Reader) -> Option<Vec<GroupId>> {
    match reader {
        Reader::Group(group) => scenario
            .groups
            .contains_key(group)
            .then(|| vec![group.clone()]),
        Reader::State(state) => scenario.states.contains_key(state).then(|| {
            scenario
                .groups_of(state)
                .map(|group| group.id.clone())
                .collect()
        }),
    }
}

/// The scenario as `groups` may know it: every other group's confidential part removed.
pub fn need_to_know(scenario: &Scenario, groups: &[GroupId]) -> Scenario {
    let mut view = scenario.clone();
    for (group, positions) in &mut view.positions {
        if !groups.contains(group) {
            for cell in positions.cells.values_mut() {
                cell.confidential = None;
            }
        }
    }
    view.private_files.clear();
    view
}

/// The recommended line of action (see the README's table).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Action {
    /// Our line holds: keep it.
    Hold,
    /// Others share our line: gather them.
    BuildACoalition,
    /// A compromise is in reach: offer it.
    OfferACompromise,
    /// The item may be carried forward: prepare for the next conference.
    PrepareForCarryForward,
    /// Nothing to do now: follow it.
    Watch,
}

impl Action {
    /// The action as the brief writes it.
    pub fn label(self) -> &'static str {
        match self {
            Action::Hold => "hold",
            Action::BuildACoalition => "build a coalition",
            Action::OfferACompromise => "offer a compromise",
            Action::PrepareForCarryForward => "prepare for carry-forward",
            Action::Watch => "watch",
        }
    }
}

/// status × do we accept the top compromise (for a contested item: the option with the highest
/// W) × P(adopted or voted) → the line, with its reason.
pub fn recommend(
    status: ItemStatus,
    stated: bool,
    accept_top: bool,
    p_adopted: Option<f64>,
) -> (Action, &'static str) {
    match (status, stated, accept_top) {
        (_, false, _) => (
            Action::Watch,
            "we state no position: follow the item and decide whether to speak",
        ),
        (ItemStatus::Unanimous | ItemStatus::Compromise, true, true) => (
            Action::Hold,
            "a compromise we accept is on the table: keep it there",
        ),
        (ItemStatus::Compromise, true, false) => (
            Action::OfferACompromise,
            "the others meet on an option we do not accept: offer one we can live with, or accept theirs",
        ),
        (ItemStatus::Unanimous, true, false) => (
            Action::OfferACompromise,
            "everyone else prefers another option",
        ),
        (ItemStatus::Contested, true, true) if p_adopted.is_some_and(|p| p >= 0.5) => (
            Action::BuildACoalition,
            "contested, but the simulation expects adoption on an option we accept: gather the groups that can come round",
        ),
        (ItemStatus::Contested, true, false) if p_adopted.is_some_and(|p| p >= 0.5) => (
            Action::OfferACompromise,
            "the simulation expects the item to pass on an option we do not accept: offer one we can live with",
        ),
        (ItemStatus::Contested, true, _) => (
            Action::PrepareForCarryForward,
            "contested and not expected to settle: prepare the position for the next conference",
        ),
        (ItemStatus::Insufficient, true, _) => (
            Action::BuildACoalition,
            "too few groups have spoken: find co-sponsors before the conference",
        ),
    }
}

fn stance_class(cell: &crate::analysis::GroupCell) -> &'static str {
    match (cell.stated(), cell.not_stated()) {
        (Some(Stated::Options(s)), _) if s.prefers.is_some() => "prefers",
        (Some(Stated::Options(s)), _) if !s.accepts.is_empty() => "accepts",
        (Some(Stated::Options(_)), _) => "opposes",
        (Some(Stated::Scale(_)), _) => "scale",
        (None, Some(crate::analysis::NotStated::NoPositionYet)) => "no-position-yet",
        (None, Some(crate::analysis::NotStated::NoProposal)) => "no-proposal",
        (None, Some(crate::analysis::NotStated::NoCommonProposal(_))) => "no-common-proposal",
        _ => "unknown",
    }
}

fn source_text(provenance: &Provenance) -> String {
    match provenance {
        Provenance::Sourced { source, as_of, .. } => format!("{source} ({as_of})"),
        Provenance::Illustrative { note } => format!("illustrative: {note}"),
        Provenance::Missing => "no source given".into(),
        Provenance::Implicit => "not in the group's file: unknown".into(),
        Provenance::Later => "not yet known at the replay date".into(),
    }
}

/// Builds the brief of `reader` from `scenario`: the need-to-know view is taken first, and
/// everything below reads only that view.
pub fn brief(
    scenario: &Scenario,
    reader: &Reader,
    config: &AnalysisConfig,
    sim: Option<&SimConfig>,
) -> Option<Brief> {
    let ours = reader_groups(scenario, reader)?;
    let view = need_to_know(scenario, &ours);
    Some(from_view(&view, reader, &ours, config, sim))
}

/// The reader's situation on one item, as facts (cells, ids, numbers, the recommended action);
/// the brief's wording is rendered from it in [`from_view`].
struct Situation<'a> {
    /// The reader's groups' cells.
    our_cells: Vec<&'a GroupCell>,
    /// The other groups' stated cells.
    others: Vec<&'a GroupCell>,
    /// The other groups that accept the reader's first choice.
    allies: Vec<&'a GroupCell>,
    /// The reader states a first choice no other stated group accepts.
    isolated: bool,
    /// P(adopted or voted), when simulated.
    p_adopted: Option<f64>,
    /// The simulated outcome in numbers, when simulated.
    simulation: Option<ItemSimulation>,
    /// What to do, and why.
    action: Action,
    reason: &'static str,
}

fn situation<'a>(
    item_analysis: &'a ItemAnalysis,
    ours: &[GroupId],
    sim_item: Option<&ItemResult>,
) -> Situation<'a> {
    let our_cells: Vec<&GroupCell> = item_analysis
        .cells
        .iter()
        .filter(|c| ours.contains(&c.group))
        .collect();
    let stated = our_cells.iter().any(|c| c.stated().is_some());
    let first_choice = our_cells.iter().find_map(|c| match c.stated() {
        Some(Stated::Options(s)) => s.first_choice().cloned(),
        _ => None,
    });
    let others: Vec<&GroupCell> = item_analysis
        .cells
        .iter()
        .filter(|c| !ours.contains(&c.group) && c.stated().is_some())
        .collect();
    let allies: Vec<&GroupCell> = others
        .iter()
        .copied()
        .filter(|c| match (c.stated(), &first_choice) {
            (Some(Stated::Options(s)), Some(first)) => s.accepts(first),
            _ => false,
        })
        .collect();
    let isolated = stated && first_choice.is_some() && !others.is_empty() && allies.is_empty();
    let we_tolerate = |option: &crate::id::OptionId| {
        our_cells
            .iter()
            .any(|c| matches!(c.stated(), Some(Stated::Options(s)) if s.tolerates(option)))
    };
    let accept_top = match &item_analysis.compromise {
        Compromise::Options(ranked) if !ranked.is_empty() => we_tolerate(&ranked[0].0),
        // Contested: the option the weights favour is the one the item is likely to pass on.
        Compromise::Options(_) => item_analysis
            .weights
            .iter()
            .max_by(|a, b| a.1.total_cmp(&b.1))
            .is_some_and(|(option, _)| we_tolerate(option)),
        Compromise::Scale { zone, .. } => zone.is_some(),
    };
    // No prediction is not a 0% chance: the brief shows none.
    let p_adopted = sim_item
        .filter(|s| s.p_no_prediction < 1.0)
        .map(|s| s.p_adopted + s.p_voted);
    let (action, reason) = recommend(item_analysis.status, stated, accept_top, p_adopted);
    let simulation = sim_item.map(|s| ItemSimulation {
        p_adopted: s.p_adopted,
        p_voted: s.p_voted,
        p_no_change: s.p_no_change + s.p_voted_down,
        p_carried_forward: s.p_carried_forward,
        no_prediction: s.p_no_prediction >= 1.0,
        most_often: s.outcomes.first().map(|(o, p)| MostOften {
            option: o.to_string(),
            p: *p,
        }),
    });
    Situation {
        our_cells,
        others,
        allies,
        isolated,
        p_adopted,
        simulation,
        action,
        reason,
    }
}

fn from_view(
    view: &Scenario,
    reader: &Reader,
    ours: &[GroupId],
    config: &AnalysisConfig,
    sim: Option<&SimConfig>,
) -> Brief {
    let analysis: Analysis = crate::analysis::Analysed::new(view, config).analysis;
    let result: Option<SimResult> =
        sim.map(|sim| simulate::simulate(view, &analysis, sim, &|_| {}));
    let opening = simulate::opening_deals(view, &analysis);
    let deals: Vec<simulate::DealView> = opening
        .deals
        .into_iter()
        .filter(|d| ours.contains(&d.groups.0) && d.groups.0 != d.groups.1)
        .take(10)
        .collect();
    let deal_text = crate::report::simulation::deal_sentence;
    let reader_label = match reader {
        Reader::Group(group) => format!("{group} — {}", view.groups[group].name),
        Reader::State(state) => format!(
            "{state} — {}, member of {}",
            view.states[state].name,
            ours.iter()
                .map(GroupId::as_str)
                .collect::<Vec<_>>()
                .join(" and ")
        ),
    };
    let mut summary = Vec::new();
    let mut items = Vec::new();
    let mut isolated = Vec::new();
    let mut at_risk = Vec::new();
    let mut heatmap = Vec::new();
    for (index, item_analysis) in analysis.items.iter().enumerate() {
        let item = &view.items[&item_analysis.item];
        let sim_item = result.as_ref().map(|r| &r.items[index]);
        let Situation {
            our_cells,
            others,
            allies,
            isolated: is_isolated,
            p_adopted,
            simulation,
            action,
            reason,
        } = situation(item_analysis, ours, sim_item);
        let allies: Vec<String> = allies
            .iter()
            .map(|c| format!("{} ({})", c.group, cell_label(c)))
            .collect();
        if is_isolated {
            isolated.push(item.id.to_string());
        }
        let opponents: Vec<String> = item_analysis
            .conflicts()
            .filter(|c| ours.contains(&c.groups.0) != ours.contains(&c.groups.1))
            .map(|c| {
                let other = if ours.contains(&c.groups.0) {
                    &c.groups.1
                } else {
                    &c.groups.0
                };
                let red: Vec<String> = item_analysis
                    .cells
                    .iter()
                    .filter(|cell| &cell.group == other)
                    .filter_map(|cell| match cell.stated() {
                        Some(Stated::Options(s)) => Some(
                            s.opposes
                                .iter()
                                .map(|(o, _)| o.to_string())
                                .collect::<Vec<_>>(),
                        ),
                        _ => None,
                    })
                    .flatten()
                    .collect();
                let red = if red.is_empty() {
                    String::new()
                } else {
                    format!("; red lines: {}", red.join(", "))
                };
                format!("{other}: {}{red}", c.reason_text())
            })
            .collect();
        let compromises: Vec<String> = match &item.kind {
            crate::model::ItemKind::Options(options) => options
                .keys()
                .filter(|option| {
                    our_cells.iter().any(|c| matches!(c.stated(), Some(Stated::Options(s)) if s.tolerates(option)))
                })
                .map(|option| {
                    let who: Vec<&str> = others
                        .iter()
                        .filter(|c| matches!(c.stated(), Some(Stated::Options(s)) if s.tolerates(option)))
                        .map(|c| c.group.as_str())
                        .collect();
                    format!("{option}: also acceptable to {}", if who.is_empty() { "nobody else".into() } else { who.join(", ") })
                })
                .collect(),
            crate::model::ItemKind::Scale(_) => match &item_analysis.compromise {
                Compromise::Scale { point: Some(p), .. } => vec![format!("the compromise point {}", number(*p))],
                _ => Vec::new(),
            },
        };
        if let Some(risk) = &item_analysis.at_risk {
            at_risk.push(format!("{}: {}", item.id, risk.reason.text()));
        }
        let our_label = our_cells
            .iter()
            .map(|c| format!("{}: {}", c.group, cell_label(c)))
            .collect::<Vec<_>>()
            .join("; ");
        let maturity = our_cells
            .iter()
            .filter_map(|c| {
                view.cell(&c.group, &item.id)
                    .maturity
                    .map(|m| m.label(c.group.as_str()).to_owned())
            })
            .collect::<Vec<_>>()
            .join(", ");
        summary.push(SummaryRow {
            id: item.id.to_string(),
            title: item.title.clone(),
            status: item_analysis.status.name().into(),
            our_position: our_label,
            maturity,
            isolated: is_isolated,
            p_adopted,
            action: action.label().into(),
        });
        let pulls: Vec<String> = if matches!(reader, Reader::State(_)) {
            item_analysis
                .conflicts()
                .filter(|c| ours.contains(&c.groups.0) && ours.contains(&c.groups.1))
                .map(|c| {
                    format!(
                        "{} and {} conflict: {}",
                        c.groups.0,
                        c.groups.1,
                        c.reason_text()
                    )
                })
                .collect()
        } else {
            Vec::new()
        };
        let own_state_position = match reader {
            Reader::State(state) => view
                .positions
                .values()
                .flat_map(|p| p.state_positions.iter())
                .find(|p| &p.state == state && p.item == item.id)
                .map(|p| match &p.stance {
                    Stance::Options(s) => {
                        let mut parts = Vec::new();
                        if let Some(pr) = &s.prefers {
                            parts.push(format!("prefers {pr}"));
                        }
                        if !s.opposes.is_empty() {
                            parts.push(format!(
                                "opposes {}",
                                s.opposes
                                    .iter()
                                    .map(|o| o.as_str())
                                    .collect::<Vec<_>>()
                                    .join(", ")
                            ));
                        }
                        parts.join("; ")
                    }
                    Stance::Scale(s) => format!("at {}", number(s.at)),
                    Stance::NoPositionYet => "no position yet".into(),
                    Stance::NoProposal => "no proposal".into(),
                    Stance::Unknown => "unknown".into(),
                }),
            Reader::Group(_) => None,
        };
        let further: Vec<String> = item
            .links
            .iter()
            .map(|l| {
                format!(
                    "linked to {} {}{}",
                    l.conference,
                    l.item,
                    l.note
                        .as_ref()
                        .map(|n| format!(" ({n})"))
                        .unwrap_or_default()
                )
            })
            .chain(item.depends_on.iter().map(|d| format!("depends on {d}")))
            .collect();
        let reservations: Vec<String> = our_cells
            .iter()
            .filter_map(|c| {
                let conf = view.cell(&c.group, &item.id).confidential.as_ref()?;
                let mut parts = Vec::new();
                if let Some(note) = &conf.note {
                    parts.push(note.clone());
                }
                if !conf.fallbacks.is_empty() {
                    parts.push(format!(
                        "fallbacks: {}",
                        conf.fallbacks
                            .iter()
                            .map(|o| o.as_str())
                            .collect::<Vec<_>>()
                            .join(", ")
                    ));
                }
                if !conf.red_lines.is_empty() {
                    parts.push(format!(
                        "confidential red lines: {}",
                        conf.red_lines
                            .iter()
                            .map(|o| o.as_str())
                            .collect::<Vec<_>>()
                            .join(", ")
                    ));
                }
                if let Some(f) = conf.flexibility {
                    parts.push(format!("flexibility {}", number(f)));
                }
                (!parts.is_empty())
                    .then(|| format!("{} (confidential): {}", c.group, parts.join("; ")))
            })
            .collect();
        items.push(ItemBrief {
            id: item.id.to_string(),
            title: item.title.clone(),
            background: item.document.clone().unwrap_or_default(),
            status: item_analysis.status.name().into(),
            position: our_cells
                .iter()
                .map(|c| {
                    let cell = view.cell(&c.group, &item.id);
                    OurCell {
                        group: c.group.to_string(),
                        label: cell_label(c),
                        reference: cell.reference.clone().unwrap_or_default(),
                        maturity: cell
                            .maturity
                            .map(|m| m.label(c.group.as_str()).to_owned())
                            .unwrap_or_default(),
                        mark: provenance_mark(cell).to_owned(),
                    }
                })
                .collect(),
            own_state_position,
            pulls,
            allies,
            opponents,
            compromises,
            deals: deals
                .iter()
                .filter(|d| d.gives.0.0 == item_analysis.item || d.gives.1.0 == item_analysis.item)
                .map(deal_text)
                .collect(),
            cross_pressured: item_analysis
                .cross_pressured
                .iter()
                .filter(|c| ours.contains(&c.groups.0) || ours.contains(&c.groups.1))
                .map(|c| format!("{} ({} × {})", c.state, c.groups.0, c.groups.1))
                .collect(),
            simulated: simulation.as_ref().map(ItemSimulation::sentence),
            simulation,
            action: action.label().into(),
            reason: reason.into(),
            further_consideration: further,
            reservations,
            sources: item_analysis
                .cells
                .iter()
                .map(|c| {
                    let cell = view.cell(&c.group, &item.id);
                    let mark = match provenance_mark(cell) {
                        "" => "unknown",
                        "S" => "sourced",
                        "E" => "estimated",
                        "I" => "illustrative",
                        _ => "no provenance",
                    };
                    SourcedCell {
                        group: c.group.to_string(),
                        label: cell_label(c),
                        basis: mark.to_owned(),
                        source: source_text(&cell.provenance),
                    }
                })
                .collect(),
        });
        heatmap.push((
            item.id.to_string(),
            item_analysis
                .cells
                .iter()
                .map(|c| (stance_class(c).to_owned(), cell_label(c)))
                .collect(),
        ));
    }
    let all_groups: Vec<String> = view.groups.keys().map(ToString::to_string).collect();
    // Items on which each pair of groups conflicts: one pass over the items' conflicting pairs.
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
            network.push(Conflict {
                a: group_a.to_string(),
                b: group_b.to_string(),
                items: conflicts[a * n + b],
            });
        }
    }
    Brief {
        schema_version: BRIEF_SCHEMA_VERSION,
        reader: reader_label,
        groups: ours.iter().map(ToString::to_string).collect(),
        conference: view.conference.id.clone(),
        name: view.conference.name.clone(),
        as_of: view.conference.as_of.to_string(),
        next_conference: view.conference.next.clone(),
        simulated: result
            .as_ref()
            .map(|r| format!("{} runs, seed {}", r.runs, r.seed)),
        simulation: result.as_ref().map(|r| SimulationRuns {
            runs: r.runs,
            seed: r.seed,
        }),
        summary,
        isolated,
        at_risk,
        deals: match opening.not_modelled {
            None => deals.iter().map(deal_text).collect(),
            Some(possible) => vec![format!(
                "not modelled: the scenario allows up to {possible} possible package deals, more than the {} concord models",
                simulate::MAX_POTENTIAL_DEALS
            )],
        },
        items,
        all_groups,
        heatmap,
        network,
    }
}

/// The brief as JSON (its own data, `schema_version`).
pub fn json(brief: &Brief) -> String {
    let mut out = crate::report::json::to_string_pretty(brief).expect("plain data serializes");
    out.push('\n');
    out
}

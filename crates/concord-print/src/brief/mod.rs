//! Delegation briefs, need-to-know by construction.
//!
//! [`brief`] takes the view of the scenario its reader may see
//! ([`concord_core::model::Scenario::for_reader`]: its own groups' confidential parts and
//! everyone's public positions) *before* any analysis or simulation runs; the brief is then
//! computed from that view only, so no later code can leak another group's confidential notes,
//! fallbacks, red lines or flexibility, not even through a probability.

pub mod docx;
mod facts;
pub mod html;
mod list_words;
mod lists;
pub mod markdown;
mod overview;
mod overview_words;
mod reasoning;
mod sections;
mod types;
mod words;

pub use facts::{
    Action, ItemSimulation, Line, MostOften, OwnPosition, Priority, Reason, SimulationRuns,
};
pub use lists::{
    Ally, CellBasis, CrossPressured, Deal, Difference, Differs, Further, Method, OpenCompromise,
    OrganisationView, Party, Pull, RedLine, RedLiner, Reference, Reservation, SharedFirst,
    WantsOther,
};
pub use overview::{
    Agreement, AtRisk, HeatRow, Maturities, OpenDeals, OurPosition, OwnStance, ReaderFacts,
};
pub use reasoning::CARRY_FORWARD_REAL;
pub use types::{
    Brief, Conflict, FoldedItem, ItemBrief, ItemCoverage, OurCell, SourcedCell, SummaryRow,
};

/// The version of the brief's JSON: 3 since it carries the calendar, priorities, the lead body,
/// CPM methods, references, red lines apart from other preferences, and a state's own lines.
pub(crate) const BRIEF_SCHEMA_VERSION: u32 = 3;

use concord_core::analysis::{Analysis, AnalysisConfig, ItemAnalysis};
use concord_core::id::{GroupId, ItemId, StateId};
use concord_core::model::{Item, Scenario, Stance, StatePosition};
use concord_core::simulate::{self, SimConfig, SimResult};

pub use concord_core::model::Reader;

/// Why a brief cannot be written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum BriefError {
    /// The reader is neither a group nor a member state of the scenario.
    UnknownReader,
    /// The simulation asked for is refused (its runs out of range).
    Simulation(simulate::Refused),
}

/// Builds the brief of `reader` from `scenario`: the need-to-know view is taken first, and
/// everything below reads only that view.
pub fn brief(
    scenario: &Scenario,
    reader: &Reader,
    (config, focus): (&AnalysisConfig, &concord_core::focus::Focus),
    sim: Option<&SimConfig>,
) -> Result<Brief, BriefError> {
    let view = scenario
        .for_reader(reader)
        .ok_or(BriefError::UnknownReader)?;
    // The reader's groups, as the view was taken for them.
    let ours = match &view.audience {
        concord_core::model::Audience::Reader { groups, .. } => groups.clone(),
        _ => return Err(BriefError::UnknownReader),
    };
    from_view(&view, reader, &ours, (config, focus), sim).map_err(BriefError::Simulation)
}

/// The brief of `reader` from the need-to-know `view`: analysed, simulated when asked, then
/// item by item from the reader's situation.
fn from_view(
    view: &Scenario,
    reader: &Reader,
    ours: &[GroupId],
    (config, focus): (&AnalysisConfig, &concord_core::focus::Focus),
    sim: Option<&SimConfig>,
) -> Result<Brief, simulate::Refused> {
    let analysis: Analysis = concord_core::analysis::Analysed::new(view, config).analysis;
    let mut result: Option<SimResult> = sim
        .map(|sim| simulate::simulate(view, &analysis, sim))
        .transpose()?;
    let opening = simulate::opening_deals(view, &analysis)?;
    // The whole agenda is analysed and simulated; the focus narrows what the brief lists (the
    // analysis and the simulation's items alike, so they stay in step).
    let analysis = focus.narrow(analysis);
    if let Some(result) = &mut result {
        result.items.retain(|item| focus.shows_item(&item.id));
    }
    let deals: Vec<simulate::DealView> = opening
        .deals
        .into_iter()
        .filter(|d| ours.contains(&d.groups.0) && d.groups.0 != d.groups.1)
        .take(10)
        .collect();
    let reader_state = match reader {
        Reader::State(state) => Some(state),
        Reader::Group(_) => None,
    };
    let parts = item_parts(view, &analysis, result.as_ref(), ours, reader_state, &deals);
    let all_groups: Vec<GroupId> = view.groups.keys().cloned().collect();
    Ok(Brief {
        schema_version: BRIEF_SCHEMA_VERSION,
        reader: reader_facts(view, reader, ours),
        groups: ours.to_vec(),
        conference: view.conference.id.clone(),
        name: view.conference.name.clone(),
        as_of: view.conference.as_of,
        next_conference: view.conference.next.clone(),
        simulation: result.as_ref().map(|r| SimulationRuns {
            runs: r.runs,
            seed: r.seed,
        }),
        calendar: crate::progress::calendar(view),
        next: ours
            .iter()
            .map(|group| crate::progress::group_next(view, group))
            .collect(),
        priorities: sections::priorities(view, &analysis, ours),
        own_positions: reader_state
            .map(|state| sections::own_positions(view, state))
            .unwrap_or_default(),
        known: crate::report::view::Coverage::of(&analysis),
        summary: parts.summary,
        isolated: parts.isolated,
        at_risk: parts.at_risk,
        deals: match opening.not_modelled {
            None => OpenDeals::Modelled(deals.into_iter().map(Deal).collect()),
            Some(possible) => OpenDeals::NotModelled {
                possible,
                limit: concord_core::limits::LIMITS.potential_deals,
            },
        },
        items: parts.items,
        folded: parts.folded,
        network: sections::network(view, &analysis),
        all_groups,
        heatmap: parts.heatmap,
    })
}

/// Who the brief is for: the group and its name, or the state, its name and its groups.
fn reader_facts(view: &Scenario, reader: &Reader, ours: &[GroupId]) -> ReaderFacts {
    match reader {
        Reader::Group(group) => ReaderFacts::Group {
            group: group.clone(),
            name: view.groups[group].name.clone(),
        },
        Reader::State(state) => ReaderFacts::State {
            state: state.clone(),
            name: view.states[state].name.clone(),
            groups: ours.to_vec(),
        },
    }
}

/// The brief's parts built item by item, in item order.
struct ItemParts {
    /// One summary row per item.
    summary: Vec<SummaryRow>,
    /// One full brief per item the reader has a stake in.
    items: Vec<ItemBrief>,
    /// The other items, folded into one list.
    folded: Vec<types::FoldedItem>,
    /// The items where we are isolated.
    isolated: Vec<ItemId>,
    /// Each item at risk of carry-forward, and why.
    at_risk: Vec<AtRisk>,
    /// One heat-map row per item.
    heatmap: Vec<HeatRow>,
}

/// Whether the reader has a stake in the item: one of its groups states something on it (a
/// position, words, or that it is still studying it), or, for a member state, its own position.
/// An unknown cell or "no proposal" is none.
fn has_stake(situation: &reasoning::Situation<'_>, own: Option<&StatePosition>) -> bool {
    use concord_core::analysis::NotStated;
    own.is_some()
        || situation.our_cells.iter().any(|cell| {
            !matches!(
                cell.not_stated(),
                Some(NotStated::Unknown | NotStated::NoProposal)
            )
        })
}

/// Every item's summary row, heat-map row and brief, from the reader's situation on it.
fn item_parts(
    view: &Scenario,
    analysis: &Analysis,
    result: Option<&SimResult>,
    ours: &[GroupId],
    reader_state: Option<&StateId>,
    deals: &[simulate::DealView],
) -> ItemParts {
    let mut parts = ItemParts {
        summary: Vec::new(),
        items: Vec::new(),
        folded: Vec::new(),
        isolated: Vec::new(),
        at_risk: Vec::new(),
        heatmap: Vec::new(),
    };
    for (index, item_analysis) in analysis.items.iter().enumerate() {
        let item = &view.items[&item_analysis.item];
        let sim_item = result.map(|r| &r.items[index]);
        let own = reader_state.and_then(|state| sections::own_position(view, state, &item.id));
        let own_stand = own.and_then(|p| match &p.stance {
            Stance::Options(stance) => Some(reasoning::Stand::of_state(p.state.as_str(), stance)),
            _ => None,
        });
        let situation = reasoning::situation(item_analysis, ours, own_stand, sim_item);
        if situation.isolated {
            parts.isolated.push(item.id.clone());
        }
        if let Some(risk) = &item_analysis.at_risk {
            parts.at_risk.push(AtRisk {
                item: item.id.clone(),
                reason: risk.reason.clone(),
            });
        }
        parts
            .summary
            .push(summary_row(view, item, item_analysis, &situation, own));
        parts.heatmap.push(HeatRow {
            item: item.id.clone(),
            cells: item_analysis
                .cells
                .iter()
                .map(|c| (sections::agreement(c, ours, &situation.stands), c.clone()))
                .collect(),
        });
        // An item the reader has no stake in (none of its cells states anything, and no
        // position of its own) is folded into one list: its row in the summary says the rest.
        if !has_stake(&situation, own) {
            parts.folded.push(types::FoldedItem {
                id: item.id.clone(),
                title: crate::report::view::titled(view, item),
                status: item_analysis.status,
                known: types::ItemCoverage::of(item_analysis),
            });
            continue;
        }
        parts.items.push(sections::item_brief(
            view,
            item,
            item_analysis,
            &situation,
            ours,
            reader_state,
            own,
            deals
                .iter()
                .filter(|d| d.gives.0.0 == item_analysis.item || d.gives.1.0 == item_analysis.item)
                .cloned()
                .map(Deal)
                .collect(),
        ));
    }
    parts
}

/// An item's summary row: our position (our groups' and our own), our maturity and the line.
fn summary_row(
    view: &Scenario,
    item: &Item,
    item_analysis: &ItemAnalysis,
    situation: &reasoning::Situation<'_>,
    own: Option<&StatePosition>,
) -> SummaryRow {
    let our_position = OurPosition {
        cells: situation.our_cells.iter().map(|c| (*c).clone()).collect(),
        own: own.map(|p| OwnStance {
            state: p.state.clone(),
            stance: p.stance.clone(),
        }),
    };
    let maturity = Maturities(
        situation
            .our_cells
            .iter()
            .filter_map(|c| Some((c.group.clone(), view.cell(&c.group, &item.id).maturity?)))
            .collect(),
    );
    SummaryRow {
        id: item.id.clone(),
        title: crate::report::view::titled(view, item),
        status: item_analysis.status,
        known: types::ItemCoverage::of(item_analysis),
        our_position,
        maturity,
        isolated: situation.isolated,
        p_adopted: situation.p_adopted,
        p_line: p_line(item, situation),
        line: situation.line.clone(),
    }
}

/// The probability that our line prevails: its option adopted by alignment or by a vote on it;
/// for a line on the status quo, the item settled with no change.
fn p_line(item: &Item, situation: &reasoning::Situation<'_>) -> Option<f64> {
    let sim = situation.simulation.as_ref().filter(|s| !s.no_prediction)?;
    // The option the line is about; a line that holds is about our first choice.
    let option = situation
        .line
        .option
        .as_ref()
        .or_else(|| situation.stands.iter().find_map(|s| s.first()))?;
    let adopted = sim
        .by_option
        .iter()
        .find(|(o, _)| o == option)
        .map_or(0.0, |(_, p)| *p);
    let status_quo = match &item.kind {
        concord_core::model::ItemKind::Options(options) => {
            options.get(option).is_some_and(|o| o.status_quo)
        }
        concord_core::model::ItemKind::Scale(_) => false,
    };
    Some(if status_quo {
        sim.p_no_change + adopted
    } else if sim.focal.as_ref() == Some(option) {
        adopted + sim.p_voted
    } else {
        adopted
    })
}

/// The brief as JSON (its own data, `schema_version`).
pub fn json(brief: &Brief) -> String {
    let mut out = crate::report::json::to_string_pretty(brief).expect("plain data serializes");
    out.push('\n');
    out
}

/// Ids of the bundled scenario for unit tests (only the core makes ids): an option of its first
/// options item, CEPT, APT, and its first state.
#[cfg(test)]
pub(crate) fn test_ids() -> (
    concord_core::id::OptionId,
    GroupId,
    GroupId,
    concord_core::id::StateId,
) {
    let scenario = concord_core::load::load_scenario(
        &concord_core::bundled::source(),
        std::path::Path::new(concord_core::bundled::DEFAULT_SCENARIO),
        &concord_core::load::LoadOptions::default(),
    )
    .expect("the bundled scenario loads")
    .scenario;
    let option = scenario
        .items
        .values()
        .find_map(|item| match &item.kind {
            concord_core::model::ItemKind::Options(options) => options.keys().next().cloned(),
            concord_core::model::ItemKind::Scale(_) => None,
        })
        .expect("an options item");
    let group = |id: &str| scenario.groups.get_key_value(id).unwrap().0.clone();
    let state = scenario.states.keys().next().expect("a state").clone();
    (option, group("CEPT"), group("APT"), state)
}

//! The simulation's compact input: the scenario and its analysis compiled into flat arrays of
//! indices, built once per `simulate` and shared read-only by every run.

use crate::analysis::{Analysis, Stated};
use crate::id::{GroupId, ItemId, OptionId};
use crate::model::{ItemKind, Scenario, StageKind, Voting};

/// The most options an item may have in the simulation (accepted sets are 64-bit sets).
pub const MAX_OPTIONS: usize = 64;

/// No option (no first choice, no focal option).
pub const NONE: u8 = u8::MAX;

#[derive(Clone, Debug)]
pub struct SimModel {
    pub groups: Vec<GroupId>,
    pub items: Vec<SimItem>,
    /// `items.len() × groups.len()` cells, item-major: cell `i * n_groups + g`.
    pub cells: Vec<SimCell>,
    pub stages: Vec<SimStage>,
    pub voting: Voting,
    /// Member states and how they vote (only what the vote needs).
    pub voters: Vec<Voter>,
    /// Item indices with every dependency before its dependents.
    pub dependency_order: Vec<usize>,
}

#[derive(Clone, Debug)]
pub struct SimItem {
    pub id: ItemId,
    pub options: Vec<OptionId>,
    pub status_quo: u8,
    /// F: the option the chair's compromise is drawn towards, fixed for the run (`NONE`: every
    /// option is somebody's red line, so the item cannot align).
    pub focal: u8,
    pub scale: bool,
    pub depends_on: Vec<usize>,
}

/// One group's opening position on one item.
#[derive(Clone, Debug, Default)]
pub struct SimCell {
    pub stated: bool,
    pub capability: f64,
    pub salience: f64,
    pub flexibility: f64,
    /// Options items: the first choice (always `accepts[0]` when there is one), whether the group
    /// prefers it explicitly, the accepted options in order, which acceptances are conditional,
    /// and the red lines.
    pub first: u8,
    pub explicit: bool,
    pub accepts: Vec<u8>,
    pub conditional: u64,
    pub red: u64,
    /// Scale items: position, acceptable range and hard limits.
    pub x: f64,
    pub range: (f64, f64),
    pub limits: (f64, f64),
}

#[derive(Clone, Debug)]
pub struct SimStage {
    pub name: String,
    pub kind: StageKind,
    pub rounds: u32,
    /// Alignment rate multiplier: 0 (no movement), 0.5 inter-regional, 1 conference.
    pub rate: f64,
}

/// A member state's vote on an item: with its stated groups, or its own position.
#[derive(Clone, Debug)]
pub struct Voter {
    pub groups: Vec<usize>,
    /// (item, own position): `accepts` bits and `red` bits of its own stance.
    pub own: Vec<(usize, u64, u64)>,
}

fn bit(option: u8) -> u64 {
    1u64 << option
}

impl SimModel {
    pub fn n_groups(&self) -> usize {
        self.groups.len()
    }

    pub fn cell(&self, item: usize, group: usize) -> &SimCell {
        &self.cells[item * self.groups.len() + group]
    }

    /// Compiles the scenario with its analysis (effective positions: rules on tallies and
    /// confidential parts already applied).
    pub fn build(scenario: &Scenario, analysis: &Analysis) -> Self {
        let groups: Vec<GroupId> = scenario.groups.keys().cloned().collect();
        let mut items = Vec::new();
        let mut cells = Vec::new();
        for (item_analysis, item) in analysis.items.iter().zip(scenario.items.values()) {
            let options: Vec<OptionId> = match &item.kind {
                ItemKind::Options(options) => options.keys().take(MAX_OPTIONS).cloned().collect(),
                ItemKind::Scale(_) => Vec::new(),
            };
            let index_of = |option: &OptionId| {
                options
                    .iter()
                    .position(|o| o == option)
                    .and_then(|p| u8::try_from(p).ok())
            };
            let status_quo = match &item.kind {
                ItemKind::Options(options) => options
                    .values()
                    .position(|o| o.status_quo)
                    .and_then(|p| u8::try_from(p).ok())
                    .unwrap_or(NONE),
                ItemKind::Scale(_) => NONE,
            };
            for group_cell in &item_analysis.cells {
                let mut cell = SimCell {
                    first: NONE,
                    capability: group_cell.capability,
                    salience: group_cell.salience,
                    flexibility: group_cell.flexibility,
                    ..SimCell::default()
                };
                match &group_cell.stated {
                    Some(Stated::Options(stance)) => {
                        cell.stated = true;
                        cell.first = stance.first_choice().and_then(index_of).unwrap_or(NONE);
                        cell.explicit = stance.prefers.is_some();
                        for accepted in &stance.accepts {
                            if let Some(index) = index_of(&accepted.option) {
                                cell.accepts.push(index);
                                if accepted.condition.is_some() {
                                    cell.conditional |= bit(index);
                                }
                            }
                        }
                        for (opposed, _) in &stance.opposes {
                            if let Some(index) = index_of(opposed) {
                                cell.red |= bit(index);
                            }
                        }
                    }
                    Some(Stated::Scale(scale)) => {
                        cell.stated = true;
                        cell.x = scale.at;
                        cell.range = scale.range;
                        cell.limits = scale.limits;
                    }
                    None => {}
                }
                cells.push(cell);
            }
            let n_groups = groups.len();
            let item_cells = &cells[cells.len() - n_groups..];
            let focal = focal_option(item_cells, options.len(), status_quo);
            items.push(SimItem {
                id: item.id.clone(),
                options,
                status_quo,
                focal,
                scale: matches!(item.kind, ItemKind::Scale(_)),
                depends_on: item
                    .depends_on
                    .iter()
                    .filter_map(|dependency| scenario.items.get_index_of(dependency))
                    .collect(),
            });
        }
        let stages = scenario
            .stages
            .iter()
            .map(|stage| SimStage {
                name: stage.name.clone(),
                kind: stage.kind,
                rounds: stage.rounds,
                rate: match stage.kind {
                    StageKind::Preparatory | StageKind::RegionalMeeting => 0.0,
                    StageKind::InterRegional => 0.5,
                    StageKind::Conference => 1.0,
                },
            })
            .collect();
        let voters = voters(scenario, &items);
        let dependency_order = dependency_order(&items);
        SimModel {
            groups,
            items,
            cells,
            stages,
            voting: scenario.voting,
            voters,
            dependency_order,
        }
    }
}

/// F = argmax W(o) over the options no stated group red-lines, from the opening positions; ties to
/// the status quo, then file order.
fn focal_option(cells: &[SimCell], n_options: usize, status_quo: u8) -> u8 {
    let mut best: Option<(f64, u8)> = None;
    for option in 0..n_options {
        let option = u8::try_from(option).unwrap_or(NONE);
        if cells
            .iter()
            .any(|cell| cell.stated && cell.red & bit(option) != 0)
        {
            continue;
        }
        let weight: f64 = cells
            .iter()
            .filter(|cell| cell.stated)
            .map(|cell| {
                cell.capability
                    * cell.salience
                    * utility(
                        &cell.accepts,
                        cell.explicit,
                        cell.conditional,
                        cell.red,
                        option,
                    )
            })
            .sum();
        let better = match best {
            None => true,
            Some((best_weight, best_option)) => {
                weight > best_weight
                    || (weight == best_weight && option == status_quo && best_option != status_quo)
            }
        };
        if better {
            best = Some((weight, option));
        }
    }
    best.map_or(NONE, |(_, option)| option)
}

/// u_g(o) on indices, the analysis' rule: the first accepted option is the first choice (1, or
/// ½ when it is conditional and was never explicitly preferred); the k-th of the m others
/// 1 − k/(m+1), halved when conditional; 0 neutral; −1 a red line.
pub fn utility(accepts: &[u8], explicit: bool, conditional: u64, red: u64, option: u8) -> f64 {
    if red & bit(option) != 0 {
        return -1.0;
    }
    let Some(position) = accepts.iter().position(|a| *a == option) else {
        return 0.0;
    };
    let conditional = conditional & bit(option) != 0;
    if position == 0 {
        return if explicit || !conditional { 1.0 } else { 0.5 };
    }
    let others = (accepts.len() - 1) as f64;
    let value = 1.0 - position as f64 / (others + 1.0);
    if conditional { value / 2.0 } else { value }
}

fn voters(scenario: &Scenario, items: &[SimItem]) -> Vec<Voter> {
    scenario
        .states
        .keys()
        .map(|state| {
            let groups = scenario
                .groups
                .values()
                .enumerate()
                .filter(|(_, group)| group.membership.members.contains(state))
                .map(|(index, _)| index)
                .collect();
            let mut own = Vec::new();
            for positions in scenario.positions.values() {
                for position in positions
                    .state_positions
                    .iter()
                    .filter(|p| &p.state == state)
                {
                    let Some(item) = scenario.items.get_index_of(&position.item) else {
                        continue;
                    };
                    if let crate::model::Stance::Options(stance) = &position.stance {
                        let index_of = |option: &OptionId| {
                            items[item].options.iter().position(|o| o == option)
                        };
                        let mut accepts = 0;
                        for accepted in &stance.accepts {
                            if let Some(i) = index_of(&accepted.option) {
                                accepts |= 1u64 << i;
                            }
                        }
                        let mut red = 0;
                        for opposed in &stance.opposes {
                            if let Some(i) = index_of(opposed) {
                                red |= 1u64 << i;
                            }
                        }
                        own.push((item, accepts, red));
                    }
                }
            }
            Voter { groups, own }
        })
        .collect()
}

/// Items ordered so that each comes after the items it depends on (dependencies are acyclic by
/// validation); ties in scenario order.
fn dependency_order(items: &[SimItem]) -> Vec<usize> {
    let mut order = Vec::with_capacity(items.len());
    let mut placed = vec![false; items.len()];
    fn visit(
        index: usize,
        items: &[SimItem],
        placed: &mut [bool],
        order: &mut Vec<usize>,
        depth: usize,
    ) {
        if placed[index] || depth > items.len() {
            return;
        }
        for dependency in &items[index].depends_on {
            visit(*dependency, items, placed, order, depth + 1);
        }
        if !placed[index] {
            placed[index] = true;
            order.push(index);
        }
    }
    for index in 0..items.len() {
        visit(index, items, &mut placed, &mut order, 0);
    }
    order
}

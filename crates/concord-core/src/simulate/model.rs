//! The simulation's compact input: the scenario and its analysis compiled into flat arrays of
//! indices, built once per `simulate` and shared read-only by every run.

use super::ending::End;
use crate::analysis::{Analysis, EffectiveOptions, GroupCell, Stated};
use crate::id::{GroupId, ItemId, OptionId};
use crate::model::{Item, ItemKind, Scenario, StageKind, Voting};

pub(crate) use crate::model::MAX_OPTIONS;

/// No option (no first choice, no focal option).
pub const NONE: u8 = u8::MAX;

#[derive(Clone, Debug)]
pub struct SimModel {
    pub groups: Vec<GroupId>,
    pub items: Vec<SimItem>,
    /// `items.len() × groups.len()` cells, item-major: cell `i * n_groups + g`.
    pub cells: Vec<SimCell>,
    /// The fields of `cells` every round reads, packed (same indices).
    pub hot: Vec<HotCell>,
    pub stages: Vec<SimStage>,
    /// Member states grouped by the set of groups they belong to: they vote alike.
    pub vote_classes: Vec<VoteClass>,
    /// Per item, the states with their own position there.
    pub own_votes: Vec<Vec<OwnVote>>,
    /// Per item no group is stated on, how it ends and the votes (yes, no): decided from the
    /// Member States' own positions alone, which no run changes, so computed once here.
    pub no_group_ends: Vec<Option<(End, (i64, i64))>>,
    /// Item indices with every dependency before its dependents.
    pub dependency_order: Vec<usize>,
    /// Every (g, h, i, j) that can become a package deal, best first (see
    /// `potential_deals`); `None` when there could be more than [`MAX_POTENTIAL_DEALS`]: then
    /// deals are not modelled, and every output says so.
    pub potential_deals: Option<Vec<PotentialDeal>>,
    /// The bound on the number of possible deals the list was sized by.
    pub possible_deals: usize,
    /// The distinct sides of the potential deals, (giver's cell, taker's cell) on one item: a
    /// side is open when the taker's first choice is neutral for the giver. A run checks each
    /// side once, then each deal by its two sides.
    pub deal_sides: Vec<(u32, u32)>,
}

/// A deal the saliences allow: g would give on `item_g`, h on `item_h`, with these gains. Whether
/// it is open in a run depends on the run's first choices and acceptances.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct PotentialDeal {
    pub g: u16,
    pub h: u16,
    pub item_g: u32,
    pub item_h: u32,
    /// The four cells a run reads to check it, precomputed: g's and h's on `item_g`, g's and
    /// h's on `item_h`.
    pub cells: [u32; 4],
    /// Its two sides in [`SimModel::deal_sides`]: g taking h's choice on `item_g`, h taking g's
    /// on `item_h`.
    pub sides: [u32; 2],
}

/// Above this many possible deals, deals are not modelled. Listing (and, before, searching) them
/// costs time and memory with the square of the items and of the groups: 50 groups × 5,000 items
/// allow some 6·10¹⁰, which no run could search. PP-14 allows a few hundred.
pub(crate) const MAX_POTENTIAL_DEALS: usize = 2_000_000;

/// Gains depend only on saliences, which never change: so the deals that can ever happen, in
/// their execution order, are listed once; a run only checks which are open.
fn potential_deals(
    items: &[SimItem],
    cells: &[SimCell],
    groups: usize,
) -> (usize, Option<Vec<PotentialDeal>>) {
    let can_give: Vec<Vec<usize>> = (0..groups)
        .map(|g| {
            (0..items.len())
                .filter(|i| !items[*i].scale && cells[i * groups + g].stated)
                .collect()
        })
        .collect();
    let estimate: usize = (0..groups)
        .flat_map(|g| (0..groups).map(move |h| (g, h)))
        .filter(|(g, h)| g != h)
        .map(|(g, h)| can_give[g].len().min(can_give[h].len()).pow(2))
        .fold(0usize, usize::saturating_add);
    if estimate > MAX_POTENTIAL_DEALS || groups > usize::from(u16::MAX) {
        return (estimate, None);
    }
    let mut deals = Vec::new();
    for g in 0..groups {
        for h in 0..groups {
            if g == h {
                continue;
            }
            // h's first choice on an item is its opening one or the focal option (first choices
            // move only there), and an option g accepts or red-lines at the opening is never
            // neutral for g: those items can never be given.
            let may_be_neutral = |giver: usize, taker: usize, item: usize| {
                let giver_cell = &cells[item * groups + giver];
                let closed =
                    giver_cell.red | giver_cell.accepts.iter().fold(0u64, |b, o| b | bit(*o));
                [cells[item * groups + taker].first, items[item].focal]
                    .iter()
                    .any(|option| *option != NONE && closed & bit(*option) == 0)
            };
            for &i in &can_give[g] {
                let (gi, hi) = (&cells[i * groups + g], &cells[i * groups + h]);
                if !hi.stated || gi.flexibility <= 0.0 || !may_be_neutral(g, h, i) {
                    continue;
                }
                for &j in &can_give[h] {
                    let (gj, hj) = (&cells[j * groups + g], &cells[j * groups + h]);
                    if i == j || !gj.stated || hj.flexibility <= 0.0 || !may_be_neutral(h, g, j) {
                        continue;
                    }
                    let gain_g = gj.salience - gi.salience;
                    let gain_h = hi.salience - hj.salience;
                    if gain_g > 0.0 && gain_h > 0.0 {
                        let index = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
                        let group = |n: usize| u16::try_from(n).unwrap_or(u16::MAX);
                        deals.push((
                            gain_g.min(gain_h),
                            PotentialDeal {
                                g: group(g),
                                h: group(h),
                                item_g: index(i),
                                item_h: index(j),
                                cells: [
                                    index(i * groups + g),
                                    index(i * groups + h),
                                    index(j * groups + g),
                                    index(j * groups + h),
                                ],
                                sides: [0, 0],
                            },
                        ));
                    }
                }
            }
        }
    }
    deals.sort_by(|(a_gain, a), (b_gain, b)| {
        b_gain
            .total_cmp(a_gain)
            .then_with(|| (a.g, a.h, a.item_g, a.item_h).cmp(&(b.g, b.h, b.item_g, b.item_h)))
    });
    (
        estimate,
        Some(deals.into_iter().map(|(_, deal)| deal).collect()),
    )
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
    /// Scale items: the compromise point of the opening positions, which every group moves
    /// towards for the whole run (like the focal option; `NaN` when nobody is stated).
    pub target: f64,
    pub depends_on: Vec<usize>,
    /// How the item is decided when it does not align: its own rule, else the scenario's.
    pub voting: Voting,
}

/// What a round reads of a cell, in 48 bytes.
#[derive(Clone, Copy, Debug, Default)]
pub struct HotCell {
    pub red: u64,
    pub tolerance: u64,
    pub capability: f64,
    pub rate_base: f64,
    pub inv_others: f64,
    /// s·c: the weight of the cell in a scale item's compromise point.
    pub weight: f64,
    pub stated: bool,
    /// The cell can never move towards its item's focal option: not stated, the focal option is
    /// its red line, or it cannot move at all (options items; fixed for the run).
    pub fixed: bool,
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
    /// Options tolerated beyond the accepted ones: every option but the red lines when the
    /// opening position accepts nothing (red lines only), else none.
    pub tolerance: u64,
    /// f·(1 − s): the rate before pressure and the stage's multiplier.
    pub rate_base: f64,
    /// 1 / Σ c_h over the other stated groups on the item (0 when there are none): pressure is a
    /// share of that total.
    pub inv_others: f64,
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

/// A state with its own position on an item: (its vote class, accepted bits, red-line bits).
pub type OwnVote = (usize, u64, u64);

/// Member states that belong to the same groups (and so vote alike unless they state their own
/// position).
#[derive(Clone, Debug)]
pub struct VoteClass {
    pub groups: Vec<usize>,
    pub count: u32,
}

fn bit(option: u8) -> u64 {
    1u64 << option
}

impl SimModel {
    pub fn n_groups(&self) -> usize {
        self.groups.len()
    }

    /// Compiles the scenario with its analysis (effective positions: rules on tallies and
    /// confidential parts already applied).
    pub fn build(scenario: &Scenario, analysis: &Analysis) -> Self {
        let groups: Vec<GroupId> = scenario.groups.keys().cloned().collect();
        let mut items = Vec::new();
        let mut cells = Vec::new();
        for (item_analysis, item) in analysis.items.iter().zip(scenario.items.values()) {
            let options = option_list(item);
            let status_quo = status_quo_of(item);
            cells.extend(
                item_analysis
                    .cells
                    .iter()
                    .map(|group_cell| sim_cell(group_cell, &options)),
            );
            let first_cell = cells.len() - groups.len();
            share_pressure(&mut cells[first_cell..]);
            let item_cells = &cells[first_cell..];
            let focal = focal_option(item_cells, options.len(), status_quo);
            let target = opening_point(item_cells);
            items.push(SimItem {
                id: item.id.clone(),
                options,
                status_quo,
                focal,
                scale: matches!(item.kind, ItemKind::Scale(_)),
                target,
                depends_on: item
                    .depends_on
                    .iter()
                    .filter_map(|dependency| scenario.items.get_index_of(dependency))
                    .collect(),
                voting: item.voting.unwrap_or(scenario.voting),
            });
        }
        let stages = sim_stages(scenario);
        let (vote_classes, own_votes) = voters(scenario, &items);
        let dependency_order = dependency_order(&items);
        let (possible_deals, mut potential_deals) = potential_deals(&items, &cells, groups.len());
        let deal_sides = number_deal_sides(&mut potential_deals);
        let hot = hot_cells(&cells);
        let mut model = SimModel {
            groups,
            items,
            cells,
            hot,
            stages,
            vote_classes,
            own_votes,
            no_group_ends: Vec::new(),
            dependency_order,
            potential_deals,
            possible_deals,
            deal_sides,
        };
        model.mark_fixed();
        model
    }

    /// Marks the cells that can never move towards their item's focal option (see
    /// [`HotCell::fixed`]).
    fn mark_fixed(&mut self) {
        let groups_n = self.groups.len();
        for (item_index, item) in self.items.iter().enumerate() {
            for g in 0..groups_n {
                let hot = &mut self.hot[item_index * groups_n + g];
                hot.fixed = item.scale
                    || item.focal == NONE
                    || !hot.stated
                    || hot.red & (1u64 << item.focal) != 0
                    || hot.rate_base <= 0.0;
            }
        }
    }
}

/// An item's options, in file order, at most [`MAX_OPTIONS`] (none for a scale item).
fn option_list(item: &Item) -> Vec<OptionId> {
    match &item.kind {
        ItemKind::Options(options) => options.keys().take(MAX_OPTIONS).cloned().collect(),
        ItemKind::Scale(_) => Vec::new(),
    }
}

/// The index of an item's status quo option (`NONE` for a scale item or when none is marked).
fn status_quo_of(item: &Item) -> u8 {
    match &item.kind {
        ItemKind::Options(options) => options
            .values()
            .position(|o| o.status_quo)
            .and_then(|p| u8::try_from(p).ok())
            .unwrap_or(NONE),
        ItemKind::Scale(_) => NONE,
    }
}

/// The index of `option` among `options`, when it is one of them.
fn index_of(options: &[OptionId], option: &OptionId) -> Option<u8> {
    options
        .iter()
        .position(|o| o == option)
        .and_then(|p| u8::try_from(p).ok())
}

/// A group's opening cell on an item, from its effective position (rates not yet set).
fn sim_cell(group_cell: &GroupCell, options: &[OptionId]) -> SimCell {
    let mut cell = SimCell {
        first: NONE,
        capability: group_cell.capability,
        salience: group_cell.salience,
        flexibility: group_cell.flexibility,
        ..SimCell::default()
    };
    match group_cell.stated() {
        Some(Stated::Options(stance)) => options_stance(&mut cell, stance, options),
        Some(Stated::Scale(scale)) => {
            cell.stated = true;
            cell.x = scale.at;
            cell.range = scale.range;
            cell.limits = scale.limits;
        }
        None => {}
    }
    cell
}

/// Fills in an options stance: first choice, acceptances (conditional ones marked), red lines,
/// and the tolerance of a stance that accepts nothing.
fn options_stance(cell: &mut SimCell, stance: &EffectiveOptions, options: &[OptionId]) {
    cell.stated = true;
    cell.first = stance
        .first_choice()
        .and_then(|option| index_of(options, option))
        .unwrap_or(NONE);
    cell.explicit = stance.prefers.is_some();
    for accepted in &stance.accepts {
        if let Some(index) = index_of(options, &accepted.option) {
            cell.accepts.push(index);
            if accepted.condition.is_some() {
                cell.conditional |= bit(index);
            }
        }
    }
    for (opposed, _) in &stance.opposes {
        if let Some(index) = index_of(options, opposed) {
            cell.red |= bit(index);
        }
    }
    // An option outside the group's Regions it does not oppose: the last it accepts (with no
    // accepted option, it tolerates everything but its red lines already).
    if !cell.accepts.is_empty() {
        for option in &stance.outside {
            if let Some(index) = index_of(options, option)
                && cell.red & bit(index) == 0
                && !cell.accepts.contains(&index)
            {
                cell.accepts.push(index);
            }
        }
    }
    if cell.accepts.is_empty() {
        let all = if options.len() >= 64 {
            u64::MAX
        } else {
            (1u64 << options.len()) - 1
        };
        cell.tolerance = all & !cell.red;
    }
}

/// Sets each of an item's cells' base rate and its share of the other stated groups' weight.
fn share_pressure(cells: &mut [SimCell]) {
    let total: f64 = cells
        .iter()
        .filter(|cell| cell.stated)
        .map(|cell| cell.capability)
        .sum();
    for cell in cells {
        cell.rate_base = cell.flexibility * (1.0 - cell.salience);
        let others = total - if cell.stated { cell.capability } else { 0.0 };
        cell.inv_others = if others > 0.0 { 1.0 / others } else { 0.0 };
    }
}

/// The scenario's stages with their rate multipliers.
fn sim_stages(scenario: &Scenario) -> Vec<SimStage> {
    scenario
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
        .collect()
}

/// Numbers the deals' sides in the order deals first use them, setting each deal's `sides`;
/// returns the distinct sides.
fn number_deal_sides(potential_deals: &mut Option<Vec<PotentialDeal>>) -> Vec<(u32, u32)> {
    let mut deal_sides: Vec<(u32, u32)> = Vec::new();
    let mut side_index: std::collections::HashMap<(u32, u32), u32> =
        std::collections::HashMap::new();
    for deal in potential_deals.iter_mut().flatten() {
        let [gi, hi, gj, hj] = deal.cells;
        for (slot, side) in [(gi, hi), (hj, gj)].into_iter().enumerate() {
            let next = u32::try_from(deal_sides.len()).unwrap_or(u32::MAX);
            let index = *side_index.entry(side).or_insert_with(|| {
                deal_sides.push(side);
                next
            });
            deal.sides[slot] = index;
        }
    }
    deal_sides
}

/// The packed fields every round reads, one per cell (`fixed` set later, by `mark_fixed`).
fn hot_cells(cells: &[SimCell]) -> Vec<HotCell> {
    cells
        .iter()
        .map(|cell| HotCell {
            red: cell.red,
            tolerance: cell.tolerance,
            capability: cell.capability,
            rate_base: cell.rate_base,
            inv_others: cell.inv_others,
            weight: cell.salience * cell.capability,
            stated: cell.stated,
            fixed: true,
        })
        .collect()
}

/// P of the opening positions: Σ x·s·c / Σ s·c, clamped into the shared zone when there is one.
fn opening_point(cells: &[SimCell]) -> f64 {
    let stated = || cells.iter().filter(|cell| cell.stated);
    let total: f64 = stated().map(|cell| cell.salience * cell.capability).sum();
    if total <= 0.0 {
        return f64::NAN;
    }
    let point = stated()
        .map(|cell| cell.x * cell.salience * cell.capability)
        .sum::<f64>()
        / total;
    let lo = stated()
        .map(|cell| cell.range.0)
        .fold(f64::NEG_INFINITY, f64::max);
    let hi = stated()
        .map(|cell| cell.range.1)
        .fold(f64::INFINITY, f64::min);
    if lo <= hi { point.clamp(lo, hi) } else { point }
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

fn voters(scenario: &Scenario, items: &[SimItem]) -> (Vec<VoteClass>, Vec<Vec<OwnVote>>) {
    let mut classes: Vec<VoteClass> = Vec::new();
    let mut class_of: std::collections::BTreeMap<Vec<usize>, usize> = Default::default();
    let mut own_votes = vec![Vec::new(); items.len()];
    // Observers and states not yet Member States do not vote.
    for state in scenario
        .states
        .values()
        .filter(|state| state.member)
        .map(|state| &state.id)
    {
        let groups: Vec<usize> = scenario
            .groups
            .values()
            .enumerate()
            .filter(|(_, group)| group.membership.members.contains(state))
            .map(|(index, _)| index)
            .collect();
        let class = *class_of.entry(groups.clone()).or_insert_with(|| {
            classes.push(VoteClass { groups, count: 0 });
            classes.len() - 1
        });
        classes[class].count += 1;
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
                    let bits = |options: &mut dyn Iterator<Item = &OptionId>| {
                        options
                            .filter_map(|option| {
                                items[item].options.iter().position(|o| o == option)
                            })
                            .fold(0u64, |bits, index| bits | 1u64 << index)
                    };
                    let accepts = bits(&mut stance.accepts.iter().map(|a| &a.option));
                    let red = bits(&mut stance.opposes.iter());
                    own_votes[item].push((class, accepts, red));
                }
            }
        }
    }
    (classes, own_votes)
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

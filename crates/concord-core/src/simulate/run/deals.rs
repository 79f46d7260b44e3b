//! Package deals at the conference: the candidates open in a state, and their execution.

#[allow(clippy::wildcard_imports)]
use super::*;

/// A candidate package deal: g gives on `item_g` (accepting h's choice there), h gives on
/// `item_h` (accepting g's choice there).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Deal {
    pub g: usize,
    pub h: usize,
    pub item_g: usize,
    pub option_g: u8,
    pub item_h: usize,
    pub option_h: u8,
    pub gain_g: f64,
    pub gain_h: f64,
}

/// Every candidate deal in the state: h prefers on i what is neutral for g, g prefers on j what
/// is neutral for h, both gain (g cares more about j, h about i), both can move; best first
/// (by the smaller gain, then group and item indices). Empty when the scenario allows too many
/// deals to model (`SimModel::potential_deals` is `None`).
pub fn candidate_deals(model: &SimModel, state: &RunState) -> Vec<Deal> {
    open_deals(model, state).collect()
}

/// The deals of the static list that are open in `state`, in execution order.
pub(super) fn open_deals<'a>(
    model: &'a SimModel,
    state: &'a RunState,
) -> impl Iterator<Item = Deal> + 'a {
    model
        .potential_deals
        .iter()
        .flatten()
        .filter_map(move |deal| open_deal(model, state, deal))
}

/// The deal, when it is open in `state`: h's first choice on i is neutral for g and g's on j
/// neutral for h. (That depends only on the first choices and acceptances of its cells; its
/// gains, on the saliences, which never change.)
pub(super) fn open_deal(model: &SimModel, state: &RunState, deal: &PotentialDeal) -> Option<Deal> {
    let [gi, hi, gj, hj] = deal.cells.map(|cell| cell as usize);
    let (option_g, option_h) = (state.first[hi], state.first[gj]);
    // `closed` is what the giver accepts or red-lines: an option outside it is neutral.
    let neutral =
        |cell: usize, option: u8| option != NONE && state.closed[cell] & (1u64 << option) == 0;
    (neutral(gi, option_g) && neutral(hj, option_h)).then(|| Deal {
        g: usize::from(deal.g),
        h: usize::from(deal.h),
        item_g: deal.item_g as usize,
        option_g,
        item_h: deal.item_h as usize,
        option_h,
        gain_g: model.cells[gj].salience - model.cells[gi].salience,
        gain_h: model.cells[hi].salience - model.cells[hj].salience,
    })
}

pub(super) fn execute_deals<T: Tracer>(
    model: &SimModel,
    state: &mut RunState,
    scratch: &mut Scratch,
    stage: usize,
    round: u32,
    tracer: &mut T,
) {
    let groups = model.n_groups();
    let execute = |deal: Deal, state: &mut RunState, scratch: &mut Scratch, tracer: &mut T| {
        let cells = [
            deal.item_g * groups + deal.g,
            deal.item_h * groups + deal.g,
            deal.item_g * groups + deal.h,
            deal.item_h * groups + deal.h,
        ];
        if cells.iter().any(|cell| scratch.used[*cell]) {
            return;
        }
        cells.iter().for_each(|cell| scratch.used[*cell] = true);
        state.accept(deal.item_g * groups + deal.g, deal.option_g);
        state.accept(deal.item_h * groups + deal.h, deal.option_h);
        for (item, group) in [(deal.item_g, deal.g), (deal.item_h, deal.h)] {
            scratch.changed_items[item] |= group_bit(group);
        }
        if T::ENABLED {
            tracer.event(
                Some(stage),
                round,
                Event::Deal {
                    g: deal.g,
                    h: deal.h,
                    item_g: deal.item_g,
                    option_g: deal.option_g,
                    item_h: deal.item_h,
                    option_h: deal.option_h,
                    gain_g: deal.gain_g,
                    gain_h: deal.gain_h,
                },
            );
        }
    };
    // In execution order already: execute each deal that is open now. (Each (group, item) takes
    // part once, so an executed deal never changes whether a later one is open.) Without a list
    // (too many possible deals), deals are not modelled.
    let Some(potential) = &model.potential_deals else {
        return;
    };
    // Each side once: the taker's first choice neutral for the giver. Executing a deal changes
    // only its own cells, and every later deal touching them is then blocked by `used`, so the
    // sides need no update as deals execute (and `open_deal` checks the deal again).
    for (open, &(giver, taker)) in scratch.side_open.iter_mut().zip(&model.deal_sides) {
        let option = state.first[taker as usize];
        *open = (option != NONE) & ((state.closed[giver as usize] >> (option & 63)) & 1 == 0);
    }
    for deal in potential {
        // Most deals are closed: the cells' use is read only for the open ones.
        let [a, b] = deal.sides.map(|side| side as usize);
        if scratch.side_open[a] & scratch.side_open[b] {
            let [gi, hi, gj, hj] = deal.cells.map(|cell| cell as usize);
            if !(scratch.used[gi] | scratch.used[hi] | scratch.used[gj] | scratch.used[hj])
                && let Some(open) = open_deal(model, state, deal)
            {
                execute(open, state, scratch, tracer);
            }
        }
    }
}

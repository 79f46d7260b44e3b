//! Item status, compromise ranking by W(o), the scale compromise point, contention, the largest
//! coalition and the blocking set (docs/model.md, "The model").

use crate::id::{GroupId, ItemId, OptionId};

use super::{
    Coalition, Compromise, EffectiveOptions, EffectiveScale, GroupCell, ItemAnalysis, ItemStatus,
    Stated,
};

/// The status part of an item's analysis; conflicts, consensus and risk are filled in by their
/// own modules. `options` are the item's options in file order with their status-quo mark
/// (empty for a scale item).
pub(super) fn item(
    item: ItemId,
    cells: Vec<GroupCell>,
    options: &[(OptionId, bool)],
) -> ItemAnalysis {
    let scale: Vec<(&GroupCell, &EffectiveScale)> = cells
        .iter()
        .filter_map(|cell| match cell.stated() {
            Some(Stated::Scale(scale)) => Some((cell, scale)),
            _ => None,
        })
        .collect();
    let stated: Vec<(&GroupCell, &EffectiveOptions)> = cells
        .iter()
        .filter_map(|cell| match cell.stated() {
            Some(Stated::Options(stance)) => Some((cell, stance)),
            _ => None,
        })
        .collect();
    let mut analysis = if options.is_empty() {
        scale_item(&scale)
    } else {
        options_item(&stated, options)
    };
    analysis.item = item;
    analysis.cells = cells;
    analysis
}

fn empty(status: ItemStatus, compromise: Compromise) -> ItemAnalysis {
    ItemAnalysis {
        item: ItemId::new(""),
        cells: Vec::new(),
        status,
        weights: Vec::new(),
        compromise,
        pairs: super::conflicts::Pairs::default(),
        contention: None,
        largest_coalition: None,
        blocking: None,
        consensus: Vec::new(),
        cross_pressured: Vec::new(),
        cross_pressured_more: 0,
        at_risk: None,
    }
}

fn options_item(
    stated: &[(&GroupCell, &EffectiveOptions)],
    options: &[(OptionId, bool)],
) -> ItemAnalysis {
    let weight = |option: &OptionId| -> f64 {
        stated
            .iter()
            .map(|(cell, stance)| cell.capability * cell.salience * stance.utility(option))
            .sum()
    };
    let weights: Vec<(OptionId, f64)> = options
        .iter()
        .map(|(option, _)| (option.clone(), weight(option)))
        .collect();
    // Which options each stated group tolerates, as bits (an item has at most 64 options).
    let tolerated: Vec<u64> = stated
        .iter()
        .map(|(_, stance)| stance.tolerated_mask(options.iter().map(|(option, _)| option)))
        .collect();
    let tolerates = |group: usize, option: usize| tolerated[group] & (1 << option) != 0;
    let accepted_by_all = |option: usize| (0..stated.len()).all(|group| tolerates(group, option));
    let status = if stated.len() < 2 {
        ItemStatus::Insufficient
    } else {
        let first = stated[0].1.first_choice();
        if first.is_some()
            && stated
                .iter()
                .all(|(_, stance)| stance.first_choice() == first)
        {
            ItemStatus::Unanimous
        } else if (0..options.len()).any(accepted_by_all) {
            ItemStatus::Compromise
        } else {
            ItemStatus::Contested
        }
    };
    // Accepted by all, by W(o) descending, ties to the status quo, then file order.
    let mut ranked: Vec<(usize, &(OptionId, f64))> = weights
        .iter()
        .enumerate()
        .filter(|(index, _)| !stated.is_empty() && accepted_by_all(*index))
        .collect();
    ranked.sort_by(|(a_index, (_, a)), (b_index, (_, b))| {
        b.total_cmp(a)
            .then_with(|| options[*b_index].1.cmp(&options[*a_index].1))
            .then_with(|| a_index.cmp(b_index))
    });
    let compromise = Compromise::Options(ranked.into_iter().map(|(_, w)| w.clone()).collect());
    let mut analysis = empty(status, compromise);
    let total: f64 = stated
        .iter()
        .map(|(cell, _)| cell.capability * cell.salience)
        .sum();
    if status != ItemStatus::Insufficient && total > 0.0 {
        let best = weights
            .iter()
            .map(|(_, weight)| *weight)
            .fold(f64::NEG_INFINITY, f64::max);
        analysis.contention = Some((1.0 - best / total).clamp(0.0, 1.0));
    }
    // The first of the largest coalitions, in option order.
    let coalition_of = |option: usize| {
        (0..stated.len())
            .filter(move |group| tolerates(*group, option))
            .map(|group| stated[group].0)
    };
    analysis.largest_coalition = (0..options.len())
        .filter(|option| coalition_of(*option).next().is_some())
        .map(|option| {
            let capability: f64 = coalition_of(option).map(|cell| cell.capability).sum();
            (option, capability)
        })
        .fold(None, |best: Option<(usize, f64)>, next| match best {
            Some(best) if best.1 >= next.1 => Some(best),
            _ => Some(next),
        })
        .map(|(option, capability)| Coalition {
            option: Some(options[option].0.clone()),
            point: None,
            capability,
            groups: coalition_of(option)
                .map(|cell| cell.group.clone())
                .collect(),
        });
    if status != ItemStatus::Insufficient {
        analysis.blocking = smallest_blocking(
            stated.iter().map(|(cell, _)| *cell),
            (0..options.len()).map(|option| {
                (0..stated.len())
                    .filter(|group| !tolerates(*group, option))
                    .map(|group| stated[group].0)
                    .collect::<Vec<_>>()
            }),
            tolerated.iter().any(|mask| *mask != 0),
        );
    }
    analysis.weights = weights;
    analysis
}

/// Removing B leaves an option accepted by the rest exactly when B contains every stated group
/// that does not accept it; so the smallest blocking set is the smallest of those non-accepting
/// sets (ties: lower capability, then earlier group ids). When no stated group accepts any
/// option (each red-lines every one), each blocks on its own: the blocking set is all of them.
fn smallest_blocking<'a>(
    stated: impl Iterator<Item = &'a GroupCell>,
    non_accepting: impl Iterator<Item = Vec<&'a GroupCell>>,
    anyone_accepts: bool,
) -> Option<Vec<GroupId>> {
    let stated: Vec<&GroupCell> = stated.collect();
    let n_stated = stated.len();
    if !anyone_accepts {
        return Some(stated.iter().map(|cell| cell.group.clone()).collect());
    }
    non_accepting
        .filter(|set| set.len() < n_stated)
        .min_by(|a, b| {
            let capability =
                |set: &Vec<&GroupCell>| -> f64 { set.iter().map(|c| c.capability).sum() };
            let ids = |set: &Vec<&GroupCell>| -> Vec<GroupId> {
                set.iter().map(|c| c.group.clone()).collect()
            };
            a.len()
                .cmp(&b.len())
                .then_with(|| capability(a).total_cmp(&capability(b)))
                .then_with(|| ids(a).cmp(&ids(b)))
        })
        .map(|set| set.iter().map(|cell| cell.group.clone()).collect())
}

fn scale_item(stated: &[(&GroupCell, &EffectiveScale)]) -> ItemAnalysis {
    let zone = stated
        .iter()
        .fold(None, |zone: Option<(f64, f64)>, (_, scale)| {
            let (lo, hi) = zone.unwrap_or((f64::NEG_INFINITY, f64::INFINITY));
            Some((lo.max(scale.range.0), hi.min(scale.range.1)))
        });
    let zone = zone.filter(|(lo, hi)| lo <= hi);
    let status = if stated.len() < 2 {
        ItemStatus::Insufficient
    } else if stated.iter().all(|(_, scale)| scale.at == stated[0].1.at) {
        ItemStatus::Unanimous
    } else if zone.is_some() {
        ItemStatus::Compromise
    } else {
        ItemStatus::Contested
    };
    let total: f64 = stated
        .iter()
        .map(|(cell, _)| cell.salience * cell.capability)
        .sum();
    let point = (total > 0.0).then(|| {
        let point = stated
            .iter()
            .map(|(cell, scale)| scale.at * cell.salience * cell.capability)
            .sum::<f64>()
            / total;
        match zone {
            Some((lo, hi)) => point.clamp(lo, hi),
            None => point,
        }
    });
    let mut analysis = empty(status, Compromise::Scale { point, zone });
    if let (Some(point), true) = (point, status != ItemStatus::Insufficient) {
        let excluded: f64 = stated
            .iter()
            .filter(|(_, scale)| !(scale.range.0..=scale.range.1).contains(&point))
            .map(|(cell, _)| cell.salience * cell.capability)
            .sum();
        analysis.contention = Some((excluded / total).clamp(0.0, 1.0));
    }
    // Candidate points: every end of a range (a best point always sits on one).
    let mut points: Vec<f64> = stated
        .iter()
        .flat_map(|(_, scale)| [scale.range.0, scale.range.1])
        .collect();
    points.sort_by(f64::total_cmp);
    points.dedup();
    let containing = |point: f64| -> Vec<&GroupCell> {
        stated
            .iter()
            .filter(|(_, scale)| (scale.range.0..=scale.range.1).contains(&point))
            .map(|(cell, _)| *cell)
            .collect()
    };
    analysis.largest_coalition = points
        .iter()
        .map(|point| {
            let groups = containing(*point);
            Coalition {
                option: None,
                point: Some(*point),
                capability: groups.iter().map(|cell| cell.capability).sum(),
                groups: groups.iter().map(|cell| cell.group.clone()).collect(),
            }
        })
        .fold(None, |best: Option<Coalition>, next| match best {
            Some(best) if best.capability >= next.capability => Some(best),
            _ => Some(next),
        });
    if status != ItemStatus::Insufficient {
        analysis.blocking = smallest_blocking(
            stated.iter().map(|(cell, _)| *cell),
            points.iter().map(|point| {
                stated
                    .iter()
                    .filter(|(_, scale)| !(scale.range.0..=scale.range.1).contains(point))
                    .map(|(cell, _)| *cell)
                    .collect::<Vec<_>>()
            }),
            true,
        );
    }
    analysis
}

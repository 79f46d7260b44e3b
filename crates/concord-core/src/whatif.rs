//! The what-if engine: typed changes to a loaded scenario's salience and flexibility, and the
//! two questions built on them — `sweep` (one lever over a range) and `sensitivity` (every lever
//! ±0.2); `concord compare` sets two scenarios side by side from the binary. The scenario is loaded and validated once;
//! each point or lever is a copy of the model with the change applied in memory, never a new
//! read of the files. (Stance changes — `prefers:`, `accepts:` … — stay in `load::edit`: they
//! are checked against the options like the files and need validation.)

use crate::analysis::{Analysed, Analysis, AnalysisConfig};
use crate::id::{GroupId, ItemId};
use crate::model::{Basis, Estimate, Scenario};
use crate::simulate::{self, SimConfig, SimResult};

/// What a sweep or a sensitivity lever moves.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lever {
    /// How readily the group moves towards others (0-1).
    Flexibility,
    /// How much the item matters to the group (0-1).
    Salience,
}

impl Lever {
    /// Both levers, in the order reports list them.
    pub const ALL: [Lever; 2] = [Lever::Flexibility, Lever::Salience];

    /// `flexibility` or `salience`, as `--param GROUP.LEVER` and the reports write it.
    pub fn name(self) -> &'static str {
        match self {
            Lever::Flexibility => "flexibility",
            Lever::Salience => "salience",
        }
    }

    /// The lever named `name`, if there is one.
    pub fn from_name(name: &str) -> Option<Lever> {
        Lever::ALL.into_iter().find(|lever| lever.name() == name)
    }
}

/// How a change moves a lever's value.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum Move {
    /// The value becomes this (0 to 1).
    To(f64),
    /// The value moves by this much, kept in 0-1.
    By(f64),
}

/// Sets `lever` of `group`'s cells — on `item`, or on every item — as `--set
/// GROUP:ITEM=LEVER:VALUE` would: the new value is marked as an estimate.
pub(crate) fn apply(
    scenario: &mut Scenario,
    group: &GroupId,
    item: Option<&ItemId>,
    lever: Lever,
    by: Move,
) {
    let Some(positions) = scenario.positions.get_mut(group) else {
        return;
    };
    for (id, cell) in &mut positions.cells {
        if item.is_some_and(|item| item != id) {
            continue;
        }
        let estimate = match lever {
            Lever::Flexibility => &mut cell.flexibility,
            Lever::Salience => &mut cell.salience,
        };
        let value = match by {
            Move::To(value) => value,
            Move::By(delta) => (estimate.value + delta).clamp(0.0, 1.0),
        };
        *estimate = Estimate {
            value,
            basis: Basis::Estimated,
        };
    }
}

/// What `sweep` varies: one lever of one group, on one item or all, from `from` to `to`.
#[derive(Clone, Debug, PartialEq)]
pub struct SweepConfig {
    /// The group whose lever moves.
    pub group: String,
    /// Which lever.
    pub lever: Lever,
    /// Only this item (and the value set on it only); `None`: every item.
    pub item: Option<String>,
    /// The first value (0-1).
    pub from: f64,
    /// The last value (0-1), reached or not passed.
    pub to: f64,
    /// The step between values (positive).
    pub step: f64,
}

/// The most points a sweep takes (`--step 0.01` over 0 to 1).
pub(crate) const MAX_SWEEP_POINTS: usize = 101;

/// Why a what-if question cannot be asked of a scenario: what is wrong, and a hint.
#[derive(Clone, Debug, PartialEq)]
pub struct Refusal {
    /// What is wrong.
    pub message: String,
    /// How to fix it.
    pub hint: Option<String>,
}

impl SweepConfig {
    /// The values swept (rounded to a millionth), or why the range is refused.
    pub fn points(&self, runs: u64) -> Result<Vec<f64>, Refusal> {
        let (from, to, step) = (self.from, self.to, self.step);
        if !step.is_finite()
            || step <= 0.0
            || from > to
            || !(0.0..=1.0).contains(&from)
            || !(0.0..=1.0).contains(&to)
        {
            return Err(Refusal {
                message: format!("cannot sweep from {from} to {to} by {step}"),
                hint: Some("give 0 <= --from <= --to <= 1 and a positive, finite --step".into()),
            });
        }
        let points = ((to - from) / step + 1e-9).floor() + 1.0;
        if points > MAX_SWEEP_POINTS as f64 {
            return Err(Refusal {
                message: format!(
                    "sweeping from {from} to {to} by {step} takes {points} points, more than {MAX_SWEEP_POINTS}"
                ),
                hint: Some(format!(
                    "give a --step of at least {}",
                    (to - from) / (MAX_SWEEP_POINTS - 1) as f64
                )),
            });
        }
        if runs.saturating_mul(points as u64) > simulate::MAX_RUNS {
            return Err(Refusal {
                message: format!(
                    "{points} points × {runs} runs is more than {} runs in all",
                    simulate::MAX_RUNS
                ),
                hint: Some("give fewer --runs or a larger --step".into()),
            });
        }
        Ok((0..points as usize)
            .map(|k| {
                let value = (from + k as f64 * step).min(to);
                (value * 1e6).round() / 1e6
            })
            .collect())
    }

    /// The group and item the sweep moves, checked against the scenario.
    fn target(&self, scenario: &Scenario) -> Result<(GroupId, Option<ItemId>), Refusal> {
        let group = lever_group(scenario, &self.group)?;
        let item = match &self.item {
            None => None,
            Some(id) => match scenario.items.get_key_value(id.as_str()) {
                Some((id, _)) => Some(id.clone()),
                None => {
                    return Err(Refusal {
                        message: format!("the scenario has no agenda item `{id}`"),
                        hint: crate::load::suggest(id, scenario.items.keys().map(ItemId::as_str))
                            .map(|best| format!("did you mean `{best}`?")),
                    });
                }
            },
        };
        Ok((group, item))
    }
}

/// A group whose cells a lever can move: one of the scenario's, with a positions file (a group
/// without one has nothing stated to move, as `--set` says).
fn lever_group(scenario: &Scenario, name: &str) -> Result<GroupId, Refusal> {
    let Some((group, positions)) = scenario.positions.get_key_value(name) else {
        return Err(Refusal {
            message: format!("the scenario has no group `{name}`"),
            hint: crate::load::suggest(name, scenario.groups.keys().map(GroupId::as_str))
                .map(|best| format!("did you mean `{best}`?")),
        });
    };
    if positions.file.is_none() {
        return Err(Refusal {
            message: format!("`{name}` has no positions file: there is nothing to move"),
            hint: Some("sweep a group whose positions the scenario loads".into()),
        });
    }
    Ok(group.clone())
}

/// Analyses and simulates one version of a scenario.
pub(crate) fn outcome(
    scenario: &Scenario,
    analysis: &AnalysisConfig,
    sim: &SimConfig,
) -> Result<(Analysis, SimResult), Refusal> {
    let analysis = Analysed::new(scenario, analysis).analysis;
    let result = simulate::simulate(scenario, &analysis, sim).map_err(Refusal::from)?;
    Ok((analysis, result))
}

impl From<simulate::Refused> for Refusal {
    fn from(refused: simulate::Refused) -> Self {
        Refusal {
            message: refused.to_string(),
            hint: None,
        }
    }
}

/// P(adopted) and P(carried forward) at each point of the sweep: the scenario with the lever set
/// to the point's value, analysed and simulated.
pub fn sweep(
    scenario: &Scenario,
    config: &SweepConfig,
    analysis: &AnalysisConfig,
    sim: &SimConfig,
) -> Result<Vec<(f64, SimResult)>, Refusal> {
    let points = config.points(sim.runs)?;
    let (group, item) = config.target(scenario)?;
    points
        .into_iter()
        .map(|value| {
            let mut moved = scenario.clone();
            apply(
                &mut moved,
                &group,
                item.as_ref(),
                config.lever,
                Move::To(value),
            );
            Ok((value, outcome(&moved, analysis, sim)?.1))
        })
        .collect()
}

/// One lever moved by ±0.2 on every item: the simulation at each end.
#[derive(Clone, Debug)]
pub struct LeverEnds {
    /// The group.
    pub group: String,
    /// The lever.
    pub lever: Lever,
    /// At −0.2.
    pub low: SimResult,
    /// At +0.2.
    pub high: SimResult,
}

/// How far `sensitivity` moves each lever, down and up.
pub const SENSITIVITY_DELTA: f64 = 0.2;

/// Every lever (each group with a positions file × flexibility, salience) moved by ±0.2 on every
/// item, in group order.
pub fn sensitivity(
    scenario: &Scenario,
    analysis: &AnalysisConfig,
    sim: &SimConfig,
) -> Result<Vec<LeverEnds>, Refusal> {
    let mut levers = Vec::new();
    for (group, positions) in &scenario.positions {
        if positions.file.is_none() {
            continue;
        }
        for lever in Lever::ALL {
            let [low, high] = [-SENSITIVITY_DELTA, SENSITIVITY_DELTA].map(|delta| {
                let mut moved = scenario.clone();
                apply(&mut moved, group, None, lever, Move::By(delta));
                outcome(&moved, analysis, sim).map(|(_, result)| result)
            });
            levers.push(LeverEnds {
                group: group.to_string(),
                lever,
                low: low?,
                high: high?,
            });
        }
    }
    Ok(levers)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sweep_refuses_bad_ranges_and_counts_its_points() {
        let config = |from, to, step| SweepConfig {
            group: "ATU".into(),
            lever: Lever::Flexibility,
            item: None,
            from,
            to,
            step,
        };
        assert_eq!(
            config(0.0, 1.0, 0.25).points(10).unwrap(),
            [0.0, 0.25, 0.5, 0.75, 1.0]
        );
        assert_eq!(config(0.1, 0.7, 0.3).points(10).unwrap(), [0.1, 0.4, 0.7]);
        for (from, to, step) in [
            (0.0, 1.0, 0.0),
            (0.0, 1.0, f64::INFINITY),
            (0.5, 0.2, 0.1),
            (0.0, 1.0, 1e-9),
            (-0.1, 1.0, 0.1),
            (0.0, f64::NAN, 0.1),
        ] {
            assert!(
                config(from, to, step).points(10).is_err(),
                "{from} {to} {step}"
            );
        }
        assert!(config(0.0, 1.0, 0.01).points(simulate::MAX_RUNS).is_err());
    }

    #[test]
    fn a_lever_moves_every_cell_of_its_group_and_marks_it_an_estimate() {
        let loaded = crate::load::load_scenario(
            &crate::bundled::source(),
            std::path::Path::new(crate::bundled::DEFAULT_SCENARIO),
            &crate::load::LoadOptions::default(),
        )
        .unwrap();
        let mut scenario = loaded.scenario;
        let atu = GroupId::new("ATU");
        let before: Vec<f64> = scenario.positions[&atu]
            .cells
            .values()
            .map(|c| c.salience.value)
            .collect();
        apply(&mut scenario, &atu, None, Lever::Salience, Move::By(0.2));
        let after: Vec<f64> = scenario.positions[&atu]
            .cells
            .values()
            .map(|c| c.salience.value)
            .collect();
        for (b, a) in before.iter().zip(&after) {
            assert!((a - (b + 0.2).min(1.0)).abs() < 1e-12, "{b} → {a}");
        }
        assert!(
            scenario.positions[&atu]
                .cells
                .values()
                .all(|c| c.salience.basis == Basis::Estimated)
        );
        let first = scenario.items.keys().next().unwrap().clone();
        let flexibility = |s: &Scenario| -> Vec<f64> {
            s.positions[&atu]
                .cells
                .values()
                .map(|c| c.flexibility.value)
                .collect()
        };
        let before = flexibility(&scenario);
        apply(
            &mut scenario,
            &atu,
            Some(&first),
            Lever::Flexibility,
            Move::To(0.9),
        );
        let after = flexibility(&scenario);
        assert_eq!(after[0], 0.9);
        assert_eq!(after[1..], before[1..], "only the item asked for moves");
    }
}

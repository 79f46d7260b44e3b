//! `concord backtest`: predicted against recorded outcomes, with baselines.

use super::simulate::{check_runs, refused_run};
#[allow(clippy::wildcard_imports)]
use super::*;

/// The arguments of `concord backtest`: those every simulating command shares.
pub type Args = SimulationArgs;

pub(crate) fn run(
    scenario: &ScenarioRef,
    config: &SimConfig,
    format: &ReportFormat,
    settings: &Settings,
) -> Result<Output, Error> {
    let paint = paint_of(settings);
    check_runs(config.runs)?;
    let loaded = load_with(scenario, &settings.whatifs, settings)?;
    let backtest = engine::backtest::backtest(&loaded.scenario, loaded.outcomes.as_ref(), config)
        .map_err(refused_run)?;
    let stdout = in_format(
        *format,
        || print::backtest::text(&backtest, paint),
        || print::backtest::markdown(&backtest),
        || print::backtest::json(&loaded.scenario.conference.id, &backtest),
    );
    Ok(finish(
        settings,
        Kind::from(*format),
        (stdout, vec![loaded], None),
    ))
}

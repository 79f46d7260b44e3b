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
    // A forecast is scored on what was known before: the scenario is replayed at its own
    // reference date (or at --as-of), so a cell dated later is unknown there. The scenario as
    // its files give it (every version, the later ones too) is scored beside it, labelled as
    // hindsight, when that differs.
    let as_written = Settings {
        as_of: None,
        ..settings.clone()
    };
    let written = load_with(scenario, &settings.whatifs, &as_written)?;
    let replayed = Settings {
        as_of: Some(settings.as_of.unwrap_or(written.scenario.conference.as_of)),
        ..settings.clone()
    };
    let loaded = load_with(scenario, &settings.whatifs, &replayed)?;
    let mut backtest =
        engine::backtest::backtest(&loaded.scenario, loaded.outcomes.as_ref(), config)
            .map_err(refused_run)?;
    engine::backtest::add_hindsight(&mut backtest, &written.scenario, config)
        .map_err(refused_run)?;
    let stdout = in_format(
        *format,
        || print::backtest::text(&backtest, paint),
        || print::backtest::markdown(&backtest),
        || print::backtest::json(&loaded.scenario.conference.id, &backtest),
    );
    // The files' warnings and `--fail-on` are about the scenario as written, as in every other
    // command; only the scores are on the replay.
    Ok(finish(
        settings,
        Kind::from(*format),
        (stdout, vec![written], None),
    ))
}

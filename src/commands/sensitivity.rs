//! `concord sensitivity`: which group's flexibility and salience move each item's P(adopted) most.

use super::simulate::check_runs;
#[allow(clippy::wildcard_imports)]
use super::*;

/// The arguments of `concord sensitivity`: those every simulating command shares.
pub type Args = SimulationArgs;

pub(crate) fn run(
    scenario: &ScenarioRef,
    config: &SimConfig,
    format: &ReportFormat,
    settings: &Settings,
) -> Result<Output, Error> {
    let paint = paint_of(settings);
    check_runs(config.runs)?;
    let base = load_with(scenario, &settings.whatifs, settings)?;
    let levers = concord_core::whatif::sensitivity(&base.scenario, &settings.analysis, config)
        .map_err(super::sweep::refused)?;
    let view = print::whatif::SensitivityView::build(&base.scenario, &levers);
    let stdout = in_format(
        *format,
        || print::whatif::sensitivity_text(&view, paint),
        || print::whatif::sensitivity_markdown(&view),
        || print::whatif::sensitivity_json(&view),
    );
    Ok(finish(
        settings,
        Kind::from(*format),
        (stdout, vec![base], None),
    ))
}

//! What-if commands: compare, sweep, sensitivity.

use super::simulation::check_runs;
#[allow(clippy::wildcard_imports)]
use super::*;

pub(super) fn compare(
    first: &ScenarioRef,
    second: &Option<ScenarioRef>,
    config: &SimConfig,
    format: &ReportFormat,
    settings: &Settings,
) -> Result<Output, Error> {
    let paint = paint_of(settings);
    check_runs(config.runs)?;
    let (a, b) = match second {
        Some(second) => (
            load_with(first, &[], settings)?,
            load_with(second, &settings.whatifs, settings)?,
        ),
        None => (
            load_with(first, &[], settings)?,
            load_with(first, &settings.whatifs, settings)?,
        ),
    };
    let side = |loaded: &Loaded| {
        let analysis = analysis::Analysed::new(&loaded.scenario, &settings.analysis).analysis;
        let result = simulate::simulate(&loaded.scenario, &analysis, config, &|_| {});
        (analysis, result)
    };
    let (a_side, b_side) = (side(&a), side(&b));
    let view = report::whatif::CompareView::build(
        (&a.scenario, &a_side.0, &a_side.1),
        (&b.scenario, &b_side.0, &b_side.1),
    );
    let stdout = in_format(
        *format,
        || report::whatif::compare_text(&view, paint),
        || report::whatif::compare_markdown(&view),
        || report::whatif::compare_json(&view),
    );
    let contested = any_contested(&a_side.0) || any_contested(&b_side.0);
    Ok(finish(settings, (stdout, vec![a, b], Some(contested))))
}

pub(super) fn sweep(
    scenario: &ScenarioRef,
    sweep: &SweepConfig,
    config: &SimConfig,
    format: &ReportFormat,
    settings: &Settings,
) -> Result<Output, Error> {
    let paint = paint_of(settings);
    check_runs(config.runs)?;
    // The range is checked before anything is read.
    sweep.points(config.runs).map_err(refused)?;
    let loaded = load_with(scenario, &settings.whatifs, settings)?;
    let series = concord_core::whatif::sweep(&loaded.scenario, sweep, &settings.analysis, config)
        .map_err(refused)?;
    let view = report::whatif::SweepView::build(sweep, &series);
    let stdout = in_format(
        *format,
        || report::whatif::sweep_text(&view, paint),
        || report::whatif::sweep_markdown(&view),
        || report::whatif::sweep_json(&view),
    );
    Ok(finish(settings, (stdout, vec![loaded], None)))
}

pub(super) fn sensitivity(
    scenario: &ScenarioRef,
    config: &SimConfig,
    format: &ReportFormat,
    settings: &Settings,
) -> Result<Output, Error> {
    let paint = paint_of(settings);
    check_runs(config.runs)?;
    let base = load_with(scenario, &settings.whatifs, settings)?;
    let levers = concord_core::whatif::sensitivity(&base.scenario, &settings.analysis, config);
    let view = report::whatif::SensitivityView::build(&base.scenario, &levers);
    let stdout = in_format(
        *format,
        || report::whatif::sensitivity_text(&view, paint),
        || report::whatif::sensitivity_markdown(&view),
        || report::whatif::sensitivity_json(&view),
    );
    Ok(finish(settings, (stdout, vec![base], None)))
}

/// A what-if question the scenario cannot answer, as a usage error.
fn refused(refusal: concord_core::whatif::Refusal) -> Error {
    Error::Usage {
        message: refusal.message,
        hint: refusal.hint,
    }
}

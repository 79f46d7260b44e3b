//! The simulation commands: simulate, trace, backtest.

#[allow(clippy::wildcard_imports)]
use super::*;

pub(super) fn simulate(
    scenario: &ScenarioRef,
    config: &SimConfig,
    format: &ReportFormat,
    settings: &Settings,
) -> Result<Output, Error> {
    let paint = paint_of(settings);
    check_runs(config.runs)?;
    let Analysed {
        loaded, analysis, ..
    } = analysed(scenario, settings)?;
    let bar = Progress::new(
        settings.progress && config.mode == Mode::Stochastic,
        config.runs,
    );
    let result = simulate::simulate(&loaded.scenario, &analysis, config, &|done| {
        bar.set(done);
    });
    bar.finish();
    let stdout = in_format(
        *format,
        || report::simulation::text(&result, paint),
        || report::simulation::markdown(&result),
        || report::simulation::json(&loaded.scenario.conference.id, &result),
    );
    Ok(finish(
        settings,
        (stdout, vec![loaded], Some(any_contested(&analysis))),
    ))
}

pub(super) fn trace(
    scenario: &ScenarioRef,
    config: &SimConfig,
    run: &u64,
    item: &Option<String>,
    settings: &Settings,
) -> Result<Output, Error> {
    let paint = paint_of(settings);
    let Analysed {
        loaded, analysis, ..
    } = analysed(scenario, settings)?;
    if let Some(id) = item
        && !loaded.scenario.items.contains_key(id.as_str())
    {
        let ids = loaded.scenario.items.keys().map(|id| id.as_str());
        return Err(Error::Usage {
            message: format!("the scenario has no agenda item `{id}`"),
            hint: concord_core::load::suggest(id, ids)
                .map(|best| format!("did you mean `{best}`?")),
        });
    }
    let trace = simulate::trace(&loaded.scenario, &analysis, config, *run);
    let stdout = report::simulation::trace(&trace.log(), item.as_deref(), paint);
    let contested = any_contested(&analysis);
    Ok(finish(settings, (stdout, vec![loaded], Some(contested))))
}

pub(super) fn backtest(
    scenario: &ScenarioRef,
    config: &SimConfig,
    format: &ReportFormat,
    settings: &Settings,
) -> Result<Output, Error> {
    let paint = paint_of(settings);
    check_runs(config.runs)?;
    let loaded = load_with(scenario, &settings.whatifs, settings)?;
    let backtest = simulate::backtest::backtest(&loaded.scenario, loaded.outcomes.as_ref(), config);
    let stdout = in_format(
        *format,
        || report::backtest::text(&backtest, paint),
        || report::backtest::markdown(&backtest),
        || report::backtest::json(&loaded.scenario.conference.id, &backtest),
    );
    Ok(finish(settings, (stdout, vec![loaded], None)))
}

pub(super) fn check_runs(runs: u64) -> Result<(), Error> {
    if runs == 0 || runs > simulate::MAX_RUNS {
        return Err(Error::Usage {
            message: format!("--runs {runs} is out of range"),
            hint: Some(format!("give between 1 and {} runs", simulate::MAX_RUNS)),
        });
    }
    Ok(())
}

/// A progress bar on stderr for long simulations (indicatif).
pub(super) struct Progress {
    bar: indicatif::ProgressBar,
}

impl Progress {
    /// Shown only when asked (stderr is a terminal) and for 20,000 runs or more.
    pub(super) fn new(show: bool, runs: u64) -> Self {
        {
            let bar = if show && runs >= 20_000 {
                let bar = indicatif::ProgressBar::with_draw_target(
                    Some(runs),
                    indicatif::ProgressDrawTarget::stderr(),
                );
                if let Ok(style) =
                    indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} runs ({eta})")
                {
                    bar.set_style(style);
                }
                bar
            } else {
                indicatif::ProgressBar::hidden()
            };
            Progress { bar }
        }
    }

    /// `done` runs are finished.
    pub(super) fn set(&self, done: u64) {
        self.bar.set_position(done);
    }

    /// The simulation is over: the bar goes.
    pub(super) fn finish(&self) {
        self.bar.finish_and_clear();
    }
}

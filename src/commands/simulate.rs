//! `concord simulate`: Monte Carlo (or the deterministic trajectory) to the end of the conference.

#[allow(clippy::wildcard_imports)]
use super::*;

/// The arguments of `concord simulate`: those every simulating command shares, and what the
/// text and Markdown show besides.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// What the output shows: `--items`, `--tag`, `--groups`.
    #[command(flatten)]
    pub focus: ItemFocusFlags,
    #[command(flatten)]
    base: SimulationArgs,
    /// Show each probability's Monte Carlo standard error in text and Markdown ("74% ± 1.96",
    /// in percentage points); JSON always has them (`se`).
    #[arg(long)]
    errors: bool,
}

impl Args {
    /// The request for `concord simulate`.
    pub fn request(self) -> Result<Command, String> {
        let errors = self.errors;
        self.base.request(|scenario, config, format| {
            Command::Simulate(
                scenario,
                config,
                format,
                print::simulation::Shown { errors },
            )
        })
    }
}

pub(crate) fn run(
    scenario: &ScenarioRef,
    config: &SimConfig,
    format: &ReportFormat,
    shown: print::simulation::Shown,
    settings: &Settings,
) -> Result<Output, Error> {
    let paint = paint_of(settings);
    check_runs(config.runs)?;
    let Prepared {
        loaded,
        analysis,
        focus,
        ..
    } = analysed(scenario, settings)?;
    let bar = Progress::new(
        settings.progress && config.mode == Mode::Stochastic,
        config.runs,
    );
    let result = engine::simulate_with_progress(&loaded.scenario, &analysis, config, &|done| {
        bar.set(done);
    })
    .map_err(refused_run)?;
    bar.finish();
    // The whole agenda is simulated (items depend on each other); the focus narrows the table.
    let mut result = result;
    result.items.retain(|item| focus.shows_item(&item.id));
    // Per simulated item, what its result rests on that is an estimate.
    let estimates: Vec<Vec<String>> = result
        .items
        .iter()
        .map(|item| print::view::estimated_weights(&loaded.scenario, &item.id))
        .collect();
    let stdout = in_format(
        *format,
        || print::simulation::text(&result, &estimates, shown, paint),
        || print::simulation::markdown(&result, &estimates, shown),
        || print::simulation::json(&loaded.scenario.conference.id, &result, &estimates),
    );
    Ok(finish(
        settings,
        Kind::from(*format),
        (stdout, vec![loaded], Some(any_contested(&analysis))),
    ))
}

/// A simulation the engine refuses, as a usage error (the runs are checked before anything is
/// read, so this is an item past the engine's option limit, in a scenario built by hand).
pub(crate) fn refused_run(refused: engine::Refused) -> Error {
    Error::Usage {
        message: refused.to_string(),
        hint: None,
    }
}

pub(crate) fn check_runs(runs: u64) -> Result<(), Error> {
    if runs == 0 || runs > LIMITS.runs {
        return Err(Error::Usage {
            message: format!("--runs {runs} is out of range"),
            hint: Some(format!("give between 1 and {} runs", LIMITS.runs)),
        });
    }
    Ok(())
}

/// A progress bar on stderr for long simulations (indicatif).
pub(crate) struct Progress {
    bar: indicatif::ProgressBar,
}

impl Progress {
    /// Shown only when asked (stderr is a terminal) and for 20,000 runs or more.
    pub(crate) fn new(show: bool, runs: u64) -> Self {
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
    pub(crate) fn set(&self, done: u64) {
        self.bar.set_position(done);
    }

    /// The simulation is over: the bar goes.
    pub(crate) fn finish(&self) {
        self.bar.finish_and_clear();
    }
}

//! `concord sweep`: P(adopted) and P(carried forward) over a range of one group's flexibility or salience.

use super::simulate::check_runs;
#[allow(clippy::wildcard_imports)]
use super::*;

/// The arguments of `concord sweep`.
#[derive(Debug, clap::Args)]
pub struct Args {
    scenario: Option<PathBuf>,
    /// GROUP.flexibility or GROUP.salience, e.g. `ATU.flexibility`.
    #[arg(long)]
    param: String,
    /// Only this item (and set the value on it only).
    #[arg(long)]
    item: Option<String>,
    #[arg(long, default_value_t = 0.0)]
    from: f64,
    #[arg(long, default_value_t = 1.0)]
    to: f64,
    #[arg(long, default_value_t = 0.1)]
    step: f64,
    #[command(flatten)]
    sim: SimArgs,
    #[arg(long, value_enum, default_value_t = FormatArg::Text)]
    format: FormatArg,
}

impl Args {
    /// The request: `--param GROUP.LEVER` split and checked.
    pub fn request(self, _: &Context) -> Result<Command, String> {
        let param = &self.param;
        let Some((group, lever)) = param
            .split_once('.')
            .and_then(|(group, lever)| Some((group, Lever::from_name(lever)?)))
        else {
            return Err(format!(
                "--param `{param}` is not GROUP.flexibility or GROUP.salience"
            ));
        };
        Ok(Command::Sweep(
            scenario(self.scenario),
            SweepConfig {
                group: group.to_owned(),
                lever,
                item: self.item,
                from: self.from,
                to: self.to,
                step: self.step,
            },
            self.sim.config(),
            self.format.into(),
        ))
    }
}

pub(crate) fn run(
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
    let view =
        print::whatif::SweepView::build(sweep, &series).with_idle_check(&loaded.scenario, sweep);
    let stdout = in_format(
        *format,
        || print::whatif::sweep_text(&view, paint),
        || print::whatif::sweep_markdown(&view),
        || print::whatif::sweep_json(&view),
    );
    Ok(finish(
        settings,
        Kind::from(*format),
        (stdout, vec![loaded], None),
    ))
}

/// A what-if question the scenario cannot answer, as a usage error.
pub(crate) fn refused(refusal: concord_core::whatif::Refusal) -> Error {
    Error::Usage {
        message: refusal.message,
        hint: refusal.hint,
    }
}

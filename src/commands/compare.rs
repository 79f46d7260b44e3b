//! `concord compare`: two scenarios item by item, or one without and with the what-if changes.

use super::simulate::{check_runs, refused_run};
#[allow(clippy::wildcard_imports)]
use super::*;

/// The arguments of `concord compare`.
#[derive(Debug, clap::Args)]
pub struct Args {
    scenario: Option<PathBuf>,
    /// The second scenario (default: the first one with the what-if changes).
    other: Option<PathBuf>,
    #[command(flatten)]
    sim: SimArgs,
    #[arg(long, value_enum, default_value_t = FormatArg::Text)]
    format: FormatArg,
    /// What the output shows: `--items`, `--tag`, `--groups`.
    #[command(flatten)]
    pub focus: FocusFlags,
}

impl Args {
    /// The request.
    pub fn request(self, _: &Context) -> Result<Command, String> {
        Ok(Command::Compare(
            scenario(self.scenario),
            self.other.map(ScenarioRef::Path),
            self.sim.config(),
            self.format.into(),
        ))
    }
}

pub(crate) fn run(
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
        let result = engine::simulate(&loaded.scenario, &analysis, config).map_err(refused_run)?;
        Ok::<_, Error>((analysis, result))
    };
    let (a_side, b_side) = (side(&a)?, side(&b)?);
    let focus = settings.focus.resolve_either(&a.scenario, &b.scenario)?;
    let view = print::whatif::CompareView::build(
        (&a.scenario, &a_side.0, &a_side.1),
        (&b.scenario, &b_side.0, &b_side.1),
        &focus,
    );
    let stdout = in_format(
        *format,
        || print::whatif::compare_text(&view, paint),
        || print::whatif::compare_markdown(&view),
        || print::whatif::compare_json(&view),
    );
    let contested = any_contested(&a_side.0) || any_contested(&b_side.0);
    Ok(finish(
        settings,
        Kind::from(*format),
        (stdout, vec![a, b], Some(contested)),
    ))
}

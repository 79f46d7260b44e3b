//! `concord matrix`: items × groups, each cell in the field's vocabulary.

#[allow(clippy::wildcard_imports)]
use super::*;

/// The arguments of `concord matrix`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// What the output shows: `--items`, `--tag`, `--groups`.
    #[command(flatten)]
    pub focus: FocusFlags,
    scenario: Option<PathBuf>,
    #[arg(long, value_enum, default_value_t = TableFormatArg::Text)]
    format: TableFormatArg,
}

impl Args {
    /// The request.
    pub fn request(self, _: &Context) -> Result<Command, String> {
        Ok(Command::Matrix(scenario(self.scenario), self.format.into()))
    }
}

pub(crate) fn run(
    scenario: &ScenarioRef,
    format: &TableFormat,
    settings: &Settings,
) -> Result<Output, Error> {
    let paint = paint_of(settings);
    let mut done = analysed(scenario, settings)?;
    done.analysis = done.focus.narrow(std::mem::take(&mut done.analysis));
    let (scenario, analysis) = (&done.loaded.scenario, &done.analysis);
    let mut view = MatrixView::build(scenario, analysis);
    if let Some(groups) = done.focus.groups() {
        view.only_groups(groups);
    }
    let stdout = in_table_format(
        *format,
        || print::text::matrix(&view, paint),
        || print::markdown::matrix(&view),
        || print::csv::matrix(&view),
        || print::json::matrix(scenario, analysis, done.focus.groups()),
    );
    let stdout = with_focus(stdout, *format, &done.focus, scenario);
    Ok(finish_analysed(settings, Kind::from(*format), stdout, done))
}

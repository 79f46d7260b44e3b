//! `concord contested`: items ranked by contention, with what divides whom.

#[allow(clippy::wildcard_imports)]
use super::*;

/// The arguments of `concord contested`.
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
        Ok(Command::Contested(
            scenario(self.scenario),
            self.format.into(),
        ))
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
    let limit = match format {
        TableFormat::Text | TableFormat::Markdown => print::view::SHOWN_CONFLICTS,
        TableFormat::Csv | TableFormat::Json => usize::MAX,
    };
    let mut view = ContestedView::build(&done.loaded.scenario, &done.analysis, limit);
    if let Some(groups) = done.focus.groups() {
        view.only_groups(groups);
    }
    let stdout = in_table_format(
        *format,
        || print::text::contested(&view, paint),
        || print::markdown::contested(&view),
        || print::csv::contested(&view),
        || print::json::contested(&done.loaded.scenario.conference.id, &view),
    );
    let stdout = with_focus(stdout, *format, &done.focus, &done.loaded.scenario);
    Ok(finish_analysed(settings, Kind::from(*format), stdout, done))
}

//! `concord status`: where every item stands in every group's process, and the calendar.

#[allow(clippy::wildcard_imports)]
use super::*;

/// The arguments of `concord status`.
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
        Ok(Command::Status(scenario(self.scenario), self.format.into()))
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
    let mut view = concord_print::progress::progress(&done.loaded.scenario, &done.analysis);
    if let Some(groups) = done.focus.groups() {
        view.only_groups(groups);
    }
    let stdout = in_table_format(
        *format,
        || print::progress::text(&view, paint),
        || print::progress::markdown(&view),
        || print::progress::csv(&view),
        || print::progress::json(&view),
    );
    let stdout = with_focus(stdout, *format, &done.focus, &done.loaded.scenario);
    Ok(finish_analysed(settings, Kind::from(*format), stdout, done))
}

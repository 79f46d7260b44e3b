//! `concord blocs`: the agreement matrix of the groups and their blocs at a threshold.

#[allow(clippy::wildcard_imports)]
use super::*;

/// The arguments of `concord blocs`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// What the output shows: `--items`, `--tag`, `--groups`.
    #[command(flatten)]
    pub focus: GroupFocusFlags,
    scenario: Option<PathBuf>,
    #[arg(long, value_enum, default_value_t = FormatArg::Text)]
    format: FormatArg,
    /// Agreement at or above which two groups are in one bloc, from 0 to 1.
    #[arg(long, default_value_t = DEFAULT_BLOC_THRESHOLD, value_parser = parse_unit)]
    threshold: f64,
}

impl Args {
    /// `--threshold`, which the analysis takes through the settings.
    pub fn threshold(&self) -> f64 {
        self.threshold
    }

    /// The request (the threshold reaches the analysis through the settings).
    pub fn request(self, _: &Context) -> Result<Command, String> {
        Ok(Command::Blocs(scenario(self.scenario), self.format.into()))
    }
}

pub(crate) fn run(
    scenario: &ScenarioRef,
    format: &ReportFormat,
    settings: &Settings,
) -> Result<Output, Error> {
    let paint = paint_of(settings);
    let done = analysed(scenario, settings)?;
    if *format == ReportFormat::Json {
        return Ok(json(settings, done));
    }
    let narrowed = done.focus.narrow_blocs(&done.analysis.blocs);
    let blocs = &narrowed;
    let stdout = if *format == ReportFormat::Text {
        print::text::blocs(blocs, paint)
    } else {
        print::markdown::blocs(blocs)
    };
    drop(narrowed);
    Ok(finish_analysed(settings, Kind::from(*format), stdout, done))
}

/// The JSON output, written as it is made: the agreement matrix grows with the square of the
/// groups (5,000 groups: half a gigabyte of JSON), so it is never held as text.
fn json(settings: &Settings, done: Prepared) -> Output {
    let contested = any_contested(&done.analysis);
    let big = big(settings, &done.loaded.scenario);
    let Prepared {
        loaded,
        analysis,
        focus,
        ..
    } = done;
    streamed_json(settings, loaded, contested, move |out, scenario, _| {
        let written = print::json::write_blocs(
            out,
            &scenario.conference.id,
            &focus.narrow_blocs(&analysis.blocs),
        );
        drop_later(analysis, big);
        written
    })
}

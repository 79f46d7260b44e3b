//! `concord report`: per item, its status, options, who prefers, accepts or opposes them, compromises, conflicts, risks and the recorded outcome.

#[allow(clippy::wildcard_imports)]
use super::*;

/// The arguments of `concord report`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// What the output shows: `--items`, `--tag`, `--groups`.
    #[command(flatten)]
    pub focus: FocusFlags,
    scenario: Option<PathBuf>,
    #[arg(long, value_enum, default_value_t = FormatArg::Text)]
    format: FormatArg,
}

impl Args {
    /// The request.
    pub fn request(self, _: &Context) -> Result<Command, String> {
        Ok(Command::Report(scenario(self.scenario), self.format.into()))
    }
}

pub(crate) fn run(
    scenario: &ScenarioRef,
    format: &ReportFormat,
    settings: &Settings,
) -> Result<Output, Error> {
    let paint = paint_of(settings);
    let Prepared {
        loaded,
        graph,
        analysis,
        focus,
    } = analysed(scenario, settings)?;
    let analysis = focus.narrow(analysis);
    let stdout = match format {
        ReportFormat::Json => {
            let contested = any_contested(&analysis);
            let big = big(settings, &loaded.scenario);
            return Ok(streamed_json(
                settings,
                loaded,
                contested,
                move |out, scenario, outcomes| {
                    let written = print::json::write_report(
                        out,
                        scenario,
                        &analysis,
                        (outcomes, focus.groups()),
                    );
                    drop_later(analysis, big);
                    written
                },
            ));
        }
        ReportFormat::Text | ReportFormat::Markdown => {
            let mut view = ReportView::build(
                &loaded.scenario,
                &analysis,
                loaded.outcomes.as_ref(),
                summary(&loaded, &graph),
            );
            view.focus = focus.words(&loaded.scenario);
            if let Some(groups) = focus.groups() {
                view.only_groups(groups);
            }
            concord_core::timing::mark("view");
            let rendered = if *format == ReportFormat::Text {
                print::text::report(&view, paint)
            } else {
                print::markdown::report(&view)
            };
            drop_later(view, big(settings, &loaded.scenario));
            rendered
        }
    };
    let contested = any_contested(&analysis);
    drop_later(analysis, big(settings, &loaded.scenario));
    Ok(finish(
        settings,
        Kind::from(*format),
        (stdout, vec![loaded], Some(contested)),
    ))
}

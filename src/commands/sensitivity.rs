//! `concord sensitivity`: which group's flexibility and salience move each item's P(adopted) most.

use super::simulate::check_runs;
#[allow(clippy::wildcard_imports)]
use super::*;

/// The arguments of `concord sensitivity`: those every simulating command shares, and the focus.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    base: SimulationArgs,
    /// What the output shows: `--items`, `--tag`, `--groups`.
    #[command(flatten)]
    pub focus: FocusFlags,
}

impl Args {
    /// The request.
    pub fn request(
        self,
        variant: impl FnOnce(ScenarioRef, SimConfig, ReportFormat) -> Command,
    ) -> Result<Command, String> {
        self.base.request(variant)
    }
}

pub(crate) fn run(
    scenario: &ScenarioRef,
    config: &SimConfig,
    format: &ReportFormat,
    settings: &Settings,
) -> Result<Output, Error> {
    let paint = paint_of(settings);
    check_runs(config.runs)?;
    let base = load_with(scenario, &settings.whatifs, settings)?;
    let levers = concord_core::whatif::sensitivity(&base.scenario, &settings.analysis, config)
        .map_err(super::sweep::refused)?;
    let focus = settings.focus.resolve(&base.scenario)?;
    let mut view = print::whatif::SensitivityView::build(&base.scenario, &levers);
    // Every lever is moved on the whole scenario; the focus narrows the items and groups shown.
    view.items.retain(|(item, _)| {
        base.scenario
            .items
            .get_key_value(item.as_str())
            .is_some_and(|(id, _)| focus.shows_item(id))
    });
    for (_, levers) in &mut view.items {
        levers.retain(|(group, ..)| {
            base.scenario
                .groups
                .get_key_value(group.as_str())
                .is_some_and(|(id, _)| focus.shows_group(id))
        });
    }
    let stdout = in_format(
        *format,
        || print::whatif::sensitivity_text(&view, paint),
        || print::whatif::sensitivity_markdown(&view),
        || print::whatif::sensitivity_json(&view),
    );
    Ok(finish(
        settings,
        Kind::from(*format),
        (stdout, vec![base], None),
    ))
}

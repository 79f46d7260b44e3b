//! `concord validate`: loads and validates a scenario; the summary, or every diagnostic.

#[allow(clippy::wildcard_imports)]
use super::*;

/// The arguments of `concord validate`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Scenario file (default: the bundled PP-14 scenario).
    scenario: Option<PathBuf>,
}

impl Args {
    /// The request.
    pub fn request(self, _: &Context) -> Result<Command, String> {
        Ok(Command::Validate(scenario(self.scenario)))
    }
}

pub(crate) fn run(scenario: &ScenarioRef, settings: &Settings) -> Result<Output, Error> {
    let loaded = load_with(scenario, &settings.whatifs, settings)?;
    let graph = MembershipGraph::build(&loaded.scenario);
    let summary = summary(&loaded, &graph);
    let stdout = format!("valid: {}", print::text::summary(&summary));
    Ok(finish(settings, Kind::Text, (stdout, vec![loaded], None)))
}

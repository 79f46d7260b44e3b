//! `concord graph`: the position graph as Graphviz DOT or JSON.

#[allow(clippy::wildcard_imports)]
use super::*;

/// The arguments of `concord graph`.
#[derive(Debug, clap::Args)]
pub struct Args {
    scenario: Option<PathBuf>,
    #[arg(long, value_enum, default_value_t = GraphFormatArg::Dot)]
    format: GraphFormatArg,
}

/// The formats of `graph`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum GraphFormatArg {
    Dot,
    Json,
}

impl Args {
    /// The request.
    pub fn request(self, _: &Context) -> Result<Command, String> {
        let format = match self.format {
            GraphFormatArg::Dot => GraphFormat::Dot,
            GraphFormatArg::Json => GraphFormat::Json,
        };
        Ok(Command::Graph(scenario(self.scenario), format))
    }
}

pub(crate) fn run(
    scenario: &ScenarioRef,
    format: &GraphFormat,
    settings: &Settings,
) -> Result<Output, Error> {
    let loaded = load_with(scenario, &settings.whatifs, settings)?;
    let graph = PositionGraph::build(&loaded.scenario);
    let view = graph.view();
    let conference = &loaded.scenario.conference.id;
    let stdout = match format {
        GraphFormat::Dot => print::dot::graph(&view, conference),
        GraphFormat::Json => print::json_graph::graph(&view, conference),
    };
    Ok(finish(
        settings,
        Kind::from(*format),
        (stdout, vec![loaded], None),
    ))
}

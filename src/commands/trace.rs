//! `concord trace`: the event log of one run of `simulate`, or of the deterministic trajectory.

#[allow(clippy::wildcard_imports)]
use super::*;

/// The arguments of `concord trace`.
#[derive(Debug, clap::Args)]
pub struct Args {
    scenario: Option<PathBuf>,
    /// The seed of the simulation whose run is replayed.
    #[arg(long, default_value_t = 0)]
    seed: u64,
    /// The single threshold trajectory instead of a random run (then --run is not taken).
    #[arg(long, conflicts_with = "run")]
    deterministic: bool,
    /// Leave package deals out.
    #[arg(long)]
    no_deals: bool,
    /// What an unknown position is in the run: `prior` or `silent` (as `simulate` had it).
    #[arg(long, value_enum, default_value_t = UnknownArg::Prior)]
    unknown: UnknownArg,
    /// Which run to replay (numbered from 0).
    #[arg(long, default_value_t = 0)]
    run: u64,
    /// Only this agenda item.
    #[arg(long)]
    item: Option<String>,
}

impl Args {
    /// The request: one run of a simulation with this seed.
    pub fn request(self, _: &Context) -> Result<Command, String> {
        Ok(Command::Trace {
            scenario: scenario(self.scenario),
            config: SimArgs {
                runs: 1,
                seed: self.seed,
                deterministic: self.deterministic,
                no_deals: self.no_deals,
                unknown: self.unknown,
            }
            .config(),
            run: self.run,
            item: self.item,
        })
    }
}

pub(crate) fn run(
    scenario: &ScenarioRef,
    config: &SimConfig,
    run: &u64,
    item: &Option<String>,
    settings: &Settings,
) -> Result<Output, Error> {
    let paint = paint_of(settings);
    let Prepared {
        loaded, analysis, ..
    } = analysed(scenario, settings)?;
    if let Some(id) = item
        && !loaded.scenario.items.contains_key(id.as_str())
    {
        let ids = loaded.scenario.items.keys().map(|id| id.as_str());
        return Err(Error::Usage {
            message: format!("the scenario has no agenda item `{id}`"),
            hint: concord_core::load::suggest(id, ids)
                .map(|best| format!("did you mean `{best}`?")),
        });
    }
    let trace = engine::trace(&loaded.scenario, &analysis, config, *run)
        .map_err(super::simulate::refused_run)?;
    let stdout = print::simulation::trace(&trace.log(), item.as_deref(), paint);
    let contested = any_contested(&analysis);
    Ok(finish(
        settings,
        Kind::Text,
        (stdout, vec![loaded], Some(contested)),
    ))
}

//! `concord brief`: one reader's brief, or one per group into a directory.

use super::simulate::check_runs;
#[allow(clippy::wildcard_imports)]
use super::*;

/// The arguments of `concord brief`.
#[derive(Debug, clap::Args)]
pub struct Args {
    scenario: Option<PathBuf>,
    /// The reader: a group id (`ATU`) or a member state's code (`EGY`).
    #[arg(long = "for", value_name = "GROUP|STATE")]
    reader: Option<String>,
    /// One brief per group, into the -o directory.
    #[arg(long, conflicts_with = "reader")]
    all: bool,
    #[arg(long, value_enum, default_value_t = BriefFormatArg::Md)]
    format: BriefFormatArg,
    /// Simulate this many runs and show the outcomes.
    #[arg(long)]
    runs: Option<u64>,
    #[arg(long, default_value_t = 0)]
    seed: u64,
}

impl Args {
    /// The request: `--all` writes into the -o directory.
    pub fn request(self, context: &Context) -> Result<Command, String> {
        let all_into = match (self.all, &context.output) {
            (true, Some(dir)) => Some(dir.clone()),
            (true, None) => return Err("`brief --all` needs -o DIR".into()),
            (false, _) => None,
        };
        Ok(Command::Brief {
            scenario: scenario(self.scenario),
            reader: self.reader,
            all_into,
            sim: self.runs.map(|runs| SimConfig {
                runs,
                seed: self.seed,
                mode: Mode::Stochastic,
                deals: true,
            }),
            format: self.format.into(),
        })
    }
}

pub(crate) fn run(
    scenario: &ScenarioRef,
    reader: &Option<String>,
    all_into: &Option<PathBuf>,
    sim: &Option<SimConfig>,
    format: &BriefFormat,
    settings: &Settings,
) -> Result<Output, Error> {
    if let Some(sim) = sim {
        check_runs(sim.runs)?;
    }
    let loaded = load_with(scenario, &settings.whatifs, settings)?;
    let render = |brief: &concord_print::brief::Brief| match format {
        BriefFormat::Markdown => concord_print::brief::markdown::render(brief),
        BriefFormat::Html => concord_print::brief::html::render(brief),
        BriefFormat::Json => concord_print::brief::json(brief),
    };
    let extension = match format {
        BriefFormat::Markdown => "md",
        BriefFormat::Html => "html",
        BriefFormat::Json => "json",
    };
    let stdout = match (reader, all_into) {
        (_, Some(dir)) => {
            let inputs: Vec<PathBuf> = loaded.inputs.clone();
            let mut files = Vec::new();
            for group in loaded.scenario.groups.keys() {
                let reader = concord_print::brief::Reader::Group(group.clone());
                let brief = concord_print::brief::brief(
                    &loaded.scenario,
                    &reader,
                    &settings.analysis,
                    sim.as_ref(),
                )
                .map_err(brief_error)?;
                let name = format!("{}.{extension}", group.as_str().to_lowercase());
                files.push((name, render(&brief).into_bytes()));
            }
            crate::write::write_tree(dir, &files, &inputs, settings.force)?;
            let written: Vec<String> = files
                .iter()
                .map(|(name, _)| dir.join(name).display().to_string())
                .collect();
            format!("wrote {}\n", written.join(", "))
        }
        (Some(name), None) => {
            let scenario = &loaded.scenario;
            let reader = if let Some((group, _)) = scenario.groups.get_key_value(name.as_str()) {
                concord_print::brief::Reader::Group(group.clone())
            } else if let Some((state, _)) = scenario.states.get_key_value(name.as_str()) {
                concord_print::brief::Reader::State(state.clone())
            } else {
                let candidates = loaded
                    .scenario
                    .groups
                    .keys()
                    .map(|g| g.as_str())
                    .chain(loaded.scenario.states.keys().map(|s| s.as_str()));
                return Err(Error::Usage {
                    message: format!(
                        "`{name}` is neither a group nor a member state of the scenario"
                    ),
                    hint: concord_core::load::suggest(name, candidates)
                        .map(|best| format!("did you mean `{best}`?")),
                });
            };
            let brief = concord_print::brief::brief(
                &loaded.scenario,
                &reader,
                &settings.analysis,
                sim.as_ref(),
            )
            .map_err(brief_error)?;
            render(&brief)
        }
        (None, None) => {
            return Err(Error::Usage {
                message: "`brief` needs --for GROUP|STATE, or --all -o DIR".into(),
                hint: None,
            });
        }
    };
    Ok(finish(settings, (stdout, vec![loaded], None)))
}

/// A brief that cannot be written, as a usage error.
fn brief_error(error: concord_print::brief::BriefError) -> Error {
    match error {
        concord_print::brief::BriefError::UnknownReader => Error::Usage {
            message: "the reader is neither a group nor a member state of the scenario".into(),
            hint: None,
        },
        concord_print::brief::BriefError::Simulation(refused) => {
            super::simulate::refused_run(refused)
        }
    }
}

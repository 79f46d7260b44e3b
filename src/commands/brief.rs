//! `concord brief`: one reader's brief, or one per group into a directory.

use super::simulate::check_runs;
#[allow(clippy::wildcard_imports)]
use super::*;

/// The arguments of `concord brief`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// What the output shows: `--items`, `--tag`, `--groups`.
    #[command(flatten)]
    pub focus: ItemFocusFlags,
    scenario: Option<PathBuf>,
    /// One brief per group, into the -o directory, each from what its own reader may know
    /// (instead of the global --for GROUP|STATE).
    #[arg(long)]
    all: bool,
    #[arg(long, value_enum, default_value_t = BriefFormatArg::Md)]
    format: BriefFormatArg,
    /// Simulate this many runs and show the outcomes.
    #[arg(long)]
    runs: Option<u64>,
    #[arg(long, default_value_t = 0)]
    seed: u64,
    /// What an unknown position is in the runs: `prior` or `silent` (see `simulate --help`).
    #[arg(long, value_enum, default_value_t = UnknownArg::Prior)]
    unknown: UnknownArg,
}

impl Args {
    /// The request: `--all` writes into the -o directory.
    pub fn request(self, context: &Context) -> Result<Command, String> {
        let all_into = match (self.all, &context.output) {
            (true, _) if context.reader.is_some() => {
                return Err(
                    "`brief --all` writes one brief per group, each for its own reader; give \
                     either --all or --for"
                        .into(),
                );
            }
            (true, Some(dir)) => Some(dir.clone()),
            (true, None) => return Err("`brief --all` needs -o DIR".into()),
            (false, _) => None,
        };
        if self.format == BriefFormatArg::Docx && context.output.is_none() {
            return Err("docx is a binary file: give -o FILE".into());
        }
        Ok(Command::Brief {
            scenario: scenario(self.scenario),
            reader: context.reader.clone(),
            all_into,
            sim: self.runs.map(|runs| SimConfig {
                runs,
                seed: self.seed,
                mode: Mode::Stochastic,
                deals: true,
                unknowns: self.unknown.into(),
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
    match (reader, all_into) {
        (_, Some(dir)) => {
            // Every owner's parts are read once; each brief is computed from its own reader's
            // view only, and marked for that reader.
            let every_owner = Settings {
                read_for: ReadFor::EveryOwner,
                ..settings.clone()
            };
            let loaded = load_with(scenario, &settings.whatifs, &every_owner)?;
            let files = all_briefs(&loaded.scenario, sim.as_ref(), format, settings)?;
            crate::write::write_tree(dir, &files, &loaded.inputs, (settings.force, true))?;
            let written: Vec<String> = files
                .iter()
                .map(|(name, _)| dir.join(name).display().to_string())
                .collect();
            let stdout = format!("wrote {}\n", written.join(", "));
            Ok(finish(settings, Kind::Plain, (stdout, vec![loaded], None)))
        }
        (Some(name), None) => {
            // Loaded for the reader (`--for`): only its own groups' parts are read.
            let for_reader = Settings {
                read_for: ReadFor::Reader(name.clone()),
                ..settings.clone()
            };
            let loaded = load_with(scenario, &settings.whatifs, &for_reader)?;
            let reader = loaded
                .scenario
                .audience
                .reader()
                .cloned()
                .ok_or_else(|| brief_error(concord_print::brief::BriefError::UnknownReader))?;
            let focus = settings.focus.resolve(&loaded.scenario)?;
            let brief = concord_print::brief::brief(
                &loaded.scenario,
                &reader,
                (&settings.analysis, &focus),
                sim.as_ref(),
            )
            .map_err(brief_error)?;
            match text_of(&brief, format) {
                Some(stdout) => Ok(finish(
                    settings,
                    Kind::from(*format),
                    (stdout, vec![loaded], None),
                )),
                None => {
                    // A Word document is bytes, marked in its page header by its printer.
                    let marking = Marking::of([&loaded.scenario]).line();
                    let bytes = concord_print::brief::docx::render(&brief, marking.as_deref());
                    let mut output =
                        finish(settings, Kind::Docx, (String::new(), vec![loaded], None));
                    output.stream = Some(Stream::new(move |out| out.write_all(&bytes)));
                    Ok(output)
                }
            }
        }
        (None, None) => Err(Error::Usage {
            message: "`brief` needs --for GROUP|STATE, or --all -o DIR".into(),
            hint: None,
        }),
    }
}

/// The brief in a text format, unmarked (the caller marks it); `None` for a Word document,
/// which is bytes ([`concord_print::brief::docx::render`]).
fn text_of(brief: &concord_print::brief::Brief, format: &BriefFormat) -> Option<String> {
    match format {
        BriefFormat::Markdown => Some(concord_print::brief::markdown::render(brief)),
        BriefFormat::Html => Some(concord_print::brief::html::render(brief)),
        BriefFormat::Json => Some(concord_print::brief::json(brief)),
        BriefFormat::Docx => None,
    }
}

/// One brief per group of `scenario` (loaded for every owner), each from its reader's view and
/// marked for it: the files `brief --all` writes.
fn all_briefs(
    scenario: &concord_core::model::Scenario,
    sim: Option<&SimConfig>,
    format: &BriefFormat,
    settings: &Settings,
) -> Result<Vec<(String, Vec<u8>)>, Error> {
    let extension = match format {
        BriefFormat::Markdown => "md",
        BriefFormat::Html => "html",
        BriefFormat::Json => "json",
        BriefFormat::Docx => "docx",
    };
    let mut files = Vec::new();
    let focus = settings.focus.resolve(scenario)?;
    for group in scenario.groups.keys() {
        let reader = concord_print::brief::Reader::Group(group.clone());
        let view = scenario
            .for_reader(&reader)
            .ok_or_else(|| brief_error(concord_print::brief::BriefError::UnknownReader))?;
        let brief = concord_print::brief::brief(&view, &reader, (&settings.analysis, &focus), sim)
            .map_err(brief_error)?;
        let marking = Marking::of([view.as_ref()]);
        let name = format!("{}.{extension}", group.as_str().to_lowercase());
        let bytes = match text_of(&brief, format) {
            Some(text) => marking.apply(Kind::from(*format), text).into_bytes(),
            None => concord_print::brief::docx::render(&brief, marking.line().as_deref()),
        };
        files.push((name, bytes));
    }
    Ok(files)
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

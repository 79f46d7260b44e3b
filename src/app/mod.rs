//! The commands of the `concord` binary as library calls: each takes a typed request and returns
//! the text to print, so tests can run them without a process. The binary only parses arguments,
//! prints, and exits with [`Error::exit_code`] or [`Output::exit_code`].

use std::io::Write;
use std::num::NonZeroUsize;
use std::path::{Path, PathBuf};

use crate::write::WriteError;
use concord_core::analysis::{self, Analysis, AnalysisConfig, ItemStatus};
use concord_core::bundled;
use concord_core::diag::{Code, Diagnostics};
use concord_core::generate::{self, GenerateConfig};
use concord_core::graph::PositionGraph;
use concord_core::load::WhatIf;
use concord_core::load::{FsSource, LoadOptions, Loaded, MemorySource, Overlay, load_scenario};
use concord_core::simulate::{self, Mode, SimConfig};
use concord_print::report::style::Paint;
use concord_print::report::view::{ContestedView, MatrixView, ReportView};
use concord_print::report::{self, BriefFormat, GraphFormat, ReportFormat, Summary, TableFormat};

pub use concord_core::whatif::{MAX_SWEEP_POINTS, SweepConfig};

/// Which scenario a command reads.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ScenarioRef {
    /// The scenario compiled into the binary.
    Bundled,
    /// A scenario file on disk.
    Path(PathBuf),
    /// A scenario file among files held in memory (library callers, the fuzz harness).
    Memory(MemorySource, PathBuf),
}

#[derive(Clone, Debug, PartialEq)]
/// A command of the `concord` binary, as a library request.
pub enum Command {
    /// Loads and validates; prints the summary.
    Validate(ScenarioRef),
    /// The per-item report.
    Report(ScenarioRef, ReportFormat),
    /// Items × groups, each cell in the field's vocabulary.
    Matrix(ScenarioRef, TableFormat),
    /// Items ranked by contention.
    Contested(ScenarioRef, TableFormat),
    /// The agreement matrix of the groups and their blocs.
    Blocs(ScenarioRef, ReportFormat),
    /// Who moved where between an older and a newer snapshot, or between two dates of one
    /// scenario (`dates`: the old side replayed at the first, the new at the second, or as
    /// written when `None`).
    Diff {
        /// The older snapshot.
        old: ScenarioRef,
        /// The newer snapshot (the same scenario for a comparison of dates).
        new: ScenarioRef,
        /// `--from` and `--to`.
        dates: Option<(concord_core::model::Date, Option<concord_core::model::Date>)>,
        /// Text, Markdown or JSON.
        format: ReportFormat,
    },
    /// Where every item stands in every group's process.
    Status(ScenarioRef, TableFormat),
    /// The validated model as JSON.
    Export(ScenarioRef),
    /// The position graph.
    Graph(ScenarioRef, GraphFormat),
    /// Explains one code, or lists every code.
    Explain(Option<String>),
    /// Monte Carlo (or the deterministic trajectory) to the end of the conference.
    Simulate(ScenarioRef, SimConfig, ReportFormat),
    /// Replays one run (or the deterministic trajectory), optionally for one item.
    Trace {
        /// The scenario to replay.
        scenario: ScenarioRef,
        /// The simulation it was run with (its seed picks the run's stream).
        config: SimConfig,
        /// Which run, from 0.
        run: u64,
        /// Only this agenda item's events.
        item: Option<String>,
    },
    /// Writes a synthetic scenario into a directory.
    Generate(GenerateConfig, PathBuf),
    /// Reads a Decide file into concord's files under a directory.
    ImportDecide {
        /// The Decide file.
        file: PathBuf,
        /// The directory to write `scenarios/` and `positions/` into.
        dir: PathBuf,
        /// The scenario's name: a plain file name.
        name: String,
        /// The date given to the scenario.
        as_of: concord_core::model::Date,
    },
    /// The scale items of a scenario as a Decide file.
    ExportDecide(ScenarioRef),
    /// A delegation brief for one reader, or one per group into a directory.
    Brief {
        /// The scenario the brief is about.
        scenario: ScenarioRef,
        /// A group id or a member state's code; `None` with `all_into`.
        reader: Option<String>,
        /// `--all -o DIR`: one brief per group, written into DIR.
        all_into: Option<PathBuf>,
        /// Simulate and show the outcomes, with this configuration.
        sim: Option<SimConfig>,
        /// Markdown, HTML or JSON.
        format: BriefFormat,
    },
    /// Predicted against recorded outcomes.
    Backtest(ScenarioRef, SimConfig, ReportFormat),
    /// Two scenarios item by item; without a second one, the scenario without and with the
    /// what-if changes.
    Compare(ScenarioRef, Option<ScenarioRef>, SimConfig, ReportFormat),
    /// P(adopted) and P(carried forward) over a range of one group's flexibility or salience.
    Sweep(ScenarioRef, SweepConfig, SimConfig, ReportFormat),
    /// Which group's flexibility and salience move each item's P(adopted) most (± 0.2).
    Sensitivity(ScenarioRef, SimConfig, ReportFormat),
}

/// When a successful run still exits 1 (for coordinators who run concord in their own CI).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FailOn {
    /// Any agenda item is contested.
    Contested,
}

/// Settings shared by every command.
#[derive(Clone, Debug, PartialEq)]
pub struct Settings {
    /// Worker threads for all parallel work (loading, analysis, rendering, the simulation);
    /// results never depend on it.
    pub threads: NonZeroUsize,
    /// ANSI colour in text output.
    pub color: bool,
    /// How the analysis is run (the bloc threshold).
    pub analysis: AnalysisConfig,
    /// When a successful run exits 1 (`--fail-on`).
    pub fail_on: Option<FailOn>,
    /// Show a progress bar on stderr for long simulations.
    pub progress: bool,
    /// What-if changes applied to every scenario a command reads (`compare` without a second
    /// scenario: to the second copy only).
    pub whatifs: Vec<WhatIf>,
    /// `generate`, `import` and `brief --all` may replace existing files in their directory.
    pub force: bool,
    /// The directory every file a scenario names must lie in (`--root`); `None`: the default
    /// ([`concord_core::load::default_root`]).
    pub root: Option<PathBuf>,
    /// `--as-of`: replay every scenario at this date (only positions dated by it are known).
    pub as_of: Option<concord_core::model::Date>,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            threads: NonZeroUsize::MIN,
            color: false,
            analysis: AnalysisConfig::default(),
            fail_on: None,
            progress: false,
            whatifs: Vec::new(),
            force: false,
            root: None,
            as_of: None,
        }
    }
}

#[derive(Debug, thiserror::Error)]
/// Why a command produced nothing; [`Error::exit_code`] says how the process ends.
pub enum Error {
    /// The input has errors; nothing was produced.
    #[error("{0}")]
    Invalid(Diagnostics),
    /// `concord explain` was asked for a code that does not exist.
    #[error("unknown diagnostic code `{code}`")]
    UnknownCode {
        /// The code asked for.
        code: String,
        /// The closest code, or where to find them all.
        hint: String,
    },
    #[error("{message}")]
    /// A usage error: what is wrong and, where it helps, a hint.
    Usage {
        /// What is wrong.
        message: String,
        /// How to fix it.
        hint: Option<String>,
    },
    /// An output was refused (nothing destroyed) or could not be written.
    #[error(transparent)]
    Output(#[from] WriteError),
}

impl Error {
    /// The process exit code: 2 for invalid input, usage or a refused output, 1 when the system
    /// cannot write the output.
    pub fn exit_code(&self) -> u8 {
        match self {
            Error::Invalid(_)
            | Error::UnknownCode { .. }
            | Error::Usage { .. }
            | Error::Output(WriteError::Refused { .. } | WriteError::OutputIsInput { .. }) => 2,
            Error::Output(WriteError::Io { .. }) => 1,
        }
    }
}

/// A loaded, analysed scenario.
struct Analysed {
    loaded: Loaded,
    graph: PositionGraph,
    analysis: Analysis,
}

fn analysed(scenario: &ScenarioRef, settings: &Settings) -> Result<Analysed, Error> {
    let loaded = load_with(scenario, &settings.whatifs, settings)?;
    concord_core::timing::mark("load");
    let analysis::Analysed { graph, analysis } =
        analysis::Analysed::new(&loaded.scenario, &settings.analysis);
    Ok(Analysed {
        loaded,
        graph,
        analysis,
    })
}

/// Renders a command that has the three report formats (text, Markdown, JSON): only the asked
/// one is rendered.
fn in_format(
    format: ReportFormat,
    text: impl FnOnce() -> String,
    markdown: impl FnOnce() -> String,
    json: impl FnOnce() -> String,
) -> String {
    match format {
        ReportFormat::Text => text(),
        ReportFormat::Markdown => markdown(),
        ReportFormat::Json => json(),
    }
}

/// [`in_format`] for the tabular commands, which also have CSV.
fn in_table_format(
    format: TableFormat,
    text: impl FnOnce() -> String,
    markdown: impl FnOnce() -> String,
    csv: impl FnOnce() -> String,
    json: impl FnOnce() -> String,
) -> String {
    match format {
        TableFormat::Text => text(),
        TableFormat::Markdown => markdown(),
        TableFormat::Csv => csv(),
        TableFormat::Json => json(),
    }
}

/// The output of a command that printed `stdout` from one analysed scenario (which says whether
/// an item is contested, for `--fail-on`).
fn finish_analysed(settings: &Settings, stdout: String, analysed: Analysed) -> Output {
    let contested = any_contested(&analysed.analysis);
    drop_later(analysed.analysis, big(&analysed.loaded.scenario));
    finish(settings, (stdout, vec![analysed.loaded], Some(contested)))
}

/// Runs a command on a pool of `settings.threads` workers (the current pool when it has that size).
pub fn run(command: &Command, settings: &Settings) -> Result<Output, Error> {
    let threads = settings.threads.get();
    if threads == rayon::current_num_threads() {
        return run_here(command, settings);
    }
    // All parallel work of the command runs on a pool of `threads` workers.
    match rayon::ThreadPoolBuilder::new().num_threads(threads).build() {
        Ok(pool) => pool.install(|| run_here(command, settings)),
        // Without a pool (cannot happen short of OS limits), the global one: the same output.
        Err(_) => run_here(command, settings),
    }
}

mod brief;
mod interop;
mod output;
mod simulation;
mod views;
mod whatif;

pub use output::{Output, Stream, write_output, write_output_with};
use output::{big, drop_later, finish};
pub use views::limits;

fn run_here(command: &Command, settings: &Settings) -> Result<Output, Error> {
    match command {
        Command::Validate(scenario) => views::validate(scenario, settings),
        Command::Report(scenario, format) => views::report(scenario, format, settings),
        Command::Matrix(scenario, format) => views::matrix(scenario, format, settings),
        Command::Contested(scenario, format) => views::contested(scenario, format, settings),
        Command::Blocs(scenario, format) => views::blocs(scenario, format, settings),
        Command::Diff {
            old,
            new,
            dates,
            format,
        } => views::diff((old, new), *dates, format, settings),
        Command::Status(scenario, format) => views::status(scenario, format, settings),
        Command::Export(scenario) => views::export(scenario, settings),
        Command::Graph(scenario, format) => views::graph(scenario, format, settings),
        Command::Explain(code) => views::explain_command(code),
        Command::Simulate(scenario, config, format) => {
            simulation::simulate(scenario, config, format, settings)
        }
        Command::Trace {
            scenario,
            config,
            run,
            item,
        } => simulation::trace(scenario, config, run, item, settings),
        Command::Backtest(scenario, config, format) => {
            simulation::backtest(scenario, config, format, settings)
        }
        Command::Compare(first, second, config, format) => {
            whatif::compare(first, second, config, format, settings)
        }
        Command::Sweep(scenario, sweep, config, format) => {
            whatif::sweep(scenario, sweep, config, format, settings)
        }
        Command::Sensitivity(scenario, config, format) => {
            whatif::sensitivity(scenario, config, format, settings)
        }
        Command::Brief {
            scenario,
            reader,
            all_into,
            sim,
            format,
        } => brief::brief(scenario, reader, all_into, sim, format, settings),
        Command::ImportDecide {
            file,
            dir,
            name,
            as_of,
        } => interop::import_decide(file, dir, name, *as_of, settings),
        Command::ExportDecide(scenario) => interop::export_decide(scenario, settings),
        Command::Generate(config, dir) => interop::generate(config, dir, settings),
    }
}

/// Terminal colour as the settings ask.
fn paint_of(settings: &Settings) -> Paint {
    Paint {
        enabled: settings.color,
    }
}

pub(super) fn any_contested(analysis: &Analysis) -> bool {
    analysis
        .items
        .iter()
        .any(|item| item.status == ItemStatus::Contested)
}

pub(super) fn summary(loaded: &Loaded, graph: &PositionGraph) -> Summary {
    Summary::build(
        &loaded.scenario,
        graph,
        loaded.outcomes.as_ref(),
        loaded.warnings.list.len(),
    )
}

/// Loads a scenario with the what-if changes applied. Overlay files are read from the disk,
/// also for the bundled scenario.
pub(super) fn load_with(
    scenario: &ScenarioRef,
    whatifs: &[WhatIf],
    settings: &Settings,
) -> Result<Loaded, Error> {
    let options = |root: Option<PathBuf>| LoadOptions {
        root,
        whatifs: whatifs.to_vec(),
        replay: settings.as_of,
    };
    match scenario {
        ScenarioRef::Bundled => {
            let overlay = Overlay {
                top: bundled::source(),
                base: &FsSource,
            };
            // The bundled files sit under their own root, whatever `--root` says.
            load_scenario(
                &overlay,
                Path::new(bundled::DEFAULT_SCENARIO),
                &options(None),
            )
        }
        ScenarioRef::Path(path) => load_scenario(&FsSource, path, &options(settings.root.clone())),
        ScenarioRef::Memory(source, path) => {
            load_scenario(source, path, &options(settings.root.clone()))
        }
    }
    .map_err(Error::Invalid)
}

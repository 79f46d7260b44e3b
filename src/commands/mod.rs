//! The commands of the `concord` binary, one module each: its arguments (clap), the request
//! they make ([`Command`]) and how it runs. A command is a library call that returns the text to
//! print, so tests run it without a process; the binary only parses, prints and picks the exit
//! code ([`Error::exit_code`], [`Output::exit_code`]).

use std::path::{Path, PathBuf};

use clap::ValueEnum;

use crate::app::{
    Error, FailOn, Kind, Marking, Output, Prepared, ScenarioRef, Settings, Stream, analysed,
    any_contested, big, drop_later, finish, finish_analysed, in_format, in_table_format, load_with,
    marked_json, paint_of, streamed_json, summary,
};
use concord_core::analysis::{self, DEFAULT_BLOC_THRESHOLD};
use concord_core::diag::Code;
use concord_core::generate::GenerateConfig;
use concord_core::graph::{MembershipGraph, PositionGraph};
use concord_core::limits::LIMITS;
use concord_core::load::ReadFor;
use concord_core::load::{Loaded, MemorySource};
use concord_core::model::Date;
use concord_core::simulate::{self as engine, Mode, SimConfig};
use concord_core::whatif::{Lever, SweepConfig};
use concord_print::report::view::{ContestedView, MatrixView, ReportView};
use concord_print::report::{self as print, BriefFormat, GraphFormat, ReportFormat, TableFormat};

pub mod agenda;
pub mod backtest;
pub mod blocs;
pub mod brief;
pub mod compare;
pub mod contested;
pub mod diff;
pub mod explain;
pub mod export;
pub mod export_table;
pub mod fmt;
pub mod generate;
pub mod graph;
pub mod import;
pub mod import_table;
pub mod matrix;
pub mod new;
pub mod report;
pub mod sensitivity;
pub mod set;
pub mod simulate;
pub mod status;
pub mod sweep;
pub mod trace;
pub mod validate;

pub use explain::limits;

/// A command of the `concord` binary, as a library request.
#[derive(Clone, Debug, PartialEq)]
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
    Simulate(
        ScenarioRef,
        SimConfig,
        ReportFormat,
        print::simulation::Shown,
    ),
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
    /// Writes one dated version of one cell.
    Set(set::SetRequest),
    /// Scaffolds a new conference's scenario.
    New(new::NewRequest),
    /// Puts files in the canonical layout, or checks that they are.
    Fmt {
        /// The files and directories.
        paths: Vec<PathBuf>,
        /// List, do not write.
        check: bool,
    },
    /// Restructures the agenda across a scenario's files.
    Agenda {
        /// The scenario file.
        scenario: PathBuf,
        /// Split or rename.
        request: agenda::AgendaRequest,
        /// Show the change, write nothing.
        dry_run: bool,
    },
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
    /// The coordinator's table: long or wide CSV, or a workbook.
    ExportTable {
        /// The scenario.
        scenario: ScenarioRef,
        /// CSV or xlsx.
        format: export_table::TableFile,
        /// Long or wide (CSV).
        layout: export_table::Layout,
    },
    /// A coordinator's table merged into a scenario's positions files.
    ImportTable {
        /// The table (CSV or a workbook).
        file: PathBuf,
        /// The scenario whose files it goes into.
        scenario: PathBuf,
        /// Replace the groups' files with the table's rows instead of merging dated versions.
        replace: bool,
        /// Print what would change; write nothing.
        dry_run: bool,
        /// The date of wide rows without a date column (`--as-of`).
        date: Option<Date>,
    },
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
        /// Markdown, HTML, JSON or a Word document.
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

/// What a command's arguments are read with besides their own: the global `-o` and `--as-of`.
#[derive(Clone, Debug, Default)]
pub struct Context {
    /// `-o`: the directory `generate`, `import` and `brief --all` write into.
    pub output: Option<PathBuf>,
    /// `--as-of`.
    pub as_of: Option<Date>,
    /// `--for`.
    pub reader: Option<String>,
}

/// Runs a command on a pool of `settings.threads` workers (the current pool when it has that size).
pub fn run(command: &Command, settings: &Settings) -> Result<Output, Error> {
    let threads = settings.threads.get();
    let output = if threads == rayon::current_num_threads() {
        run_here(command, settings)
    } else {
        // All parallel work of the command runs on a pool of `threads` workers.
        match rayon::ThreadPoolBuilder::new().num_threads(threads).build() {
            Ok(pool) => pool.install(|| run_here(command, settings)),
            // Without a pool (cannot happen short of OS limits), the global one: the same output.
            Err(_) => run_here(command, settings),
        }
    };
    output.map(|mut output| {
        // `--fail-on CODE`: a warning with that code fails the run, whichever command read it.
        if let Some(FailOn::Warning(code)) = settings.fail_on {
            output.failed |= output.warnings.list.iter().any(|d| d.code == code);
        }
        output
    })
}

fn run_here(command: &Command, settings: &Settings) -> Result<Output, Error> {
    match command {
        Command::Validate(scenario) => validate::run(scenario, settings),
        Command::Report(scenario, format) => report::run(scenario, format, settings),
        Command::Matrix(scenario, format) => matrix::run(scenario, format, settings),
        Command::Contested(scenario, format) => contested::run(scenario, format, settings),
        Command::Blocs(scenario, format) => blocs::run(scenario, format, settings),
        Command::Diff {
            old,
            new,
            dates,
            format,
        } => diff::run((old, new), *dates, format, settings),
        Command::Status(scenario, format) => status::run(scenario, format, settings),
        Command::Export(scenario) => export::run(scenario, settings),
        Command::Graph(scenario, format) => graph::run(scenario, format, settings),
        Command::Explain(code) => explain::run(code),
        Command::Simulate(scenario, config, format, shown) => {
            simulate::run(scenario, config, format, *shown, settings)
        }
        Command::Trace {
            scenario,
            config,
            run,
            item,
        } => trace::run(scenario, config, run, item, settings),
        Command::Backtest(scenario, config, format) => {
            backtest::run(scenario, config, format, settings)
        }
        Command::Compare(first, second, config, format) => {
            compare::run(first, second, config, format, settings)
        }
        Command::Sweep(scenario, sweep, config, format) => {
            sweep::run(scenario, sweep, config, format, settings)
        }
        Command::Sensitivity(scenario, config, format) => {
            sensitivity::run(scenario, config, format, settings)
        }
        Command::Brief {
            scenario,
            reader,
            all_into,
            sim,
            format,
        } => brief::run(scenario, reader, all_into, sim, format, settings),
        Command::ImportDecide {
            file,
            dir,
            name,
            as_of,
        } => import::run(file, dir, name, *as_of, settings),
        Command::Agenda {
            scenario,
            request,
            dry_run,
        } => agenda::run(scenario, request, *dry_run, settings),
        Command::Set(request) => set::run(request, settings),
        Command::Fmt { paths, check } => fmt::run(paths, *check, settings),
        Command::New(request) => new::run(request, settings),
        Command::ExportDecide(scenario) => export::run_decide(scenario, settings),
        Command::ExportTable {
            scenario,
            format,
            layout,
        } => export_table::run(scenario, *format, *layout, settings),
        Command::ImportTable {
            file,
            scenario,
            replace,
            dry_run,
            date,
        } => import_table::run(file, scenario, (*replace, *dry_run), *date, settings),
        Command::Generate(config, dir) => generate::run(config, dir, settings),
    }
}

/// The scenario a command names, or the bundled default.
fn scenario(path: Option<PathBuf>) -> ScenarioRef {
    path.map_or(ScenarioRef::Bundled, ScenarioRef::Path)
}

/// The arguments of a command that simulates a scenario and reports on it (`simulate`,
/// `backtest`, `sensitivity`).
#[derive(Debug, clap::Args)]
pub struct SimulationArgs {
    scenario: Option<PathBuf>,
    #[command(flatten)]
    sim: SimArgs,
    #[arg(long, value_enum, default_value_t = FormatArg::Text)]
    format: FormatArg,
}

impl SimulationArgs {
    /// The request of the command `variant` (`Command::Simulate`, `Command::Backtest`,
    /// `Command::Sensitivity`) for the scenario, simulation and format these ask for.
    pub fn request(
        self,
        variant: impl FnOnce(ScenarioRef, SimConfig, ReportFormat) -> Command,
    ) -> Result<Command, String> {
        Ok(variant(
            scenario(self.scenario),
            self.sim.config(),
            self.format.into(),
        ))
    }
}

/// The simulation flags several commands share.
#[derive(Clone, Copy, Debug, clap::Args)]
pub struct SimArgs {
    /// Monte Carlo runs.
    #[arg(long, default_value_t = 1000)]
    pub runs: u64,
    /// The seed of every run's random stream.
    #[arg(long, default_value_t = 0)]
    pub seed: u64,
    /// The single threshold trajectory instead of random runs.
    #[arg(long)]
    pub deterministic: bool,
    /// Leave package deals out.
    #[arg(long)]
    pub no_deals: bool,
    /// What a group whose position is unknown does in the Monte Carlo: `prior` (silent half of
    /// the time, else the stance of one of the item's stated groups) or `silent`.
    #[arg(long, value_enum, default_value_t = UnknownArg::Prior)]
    pub unknown: UnknownArg,
}

/// `--unknown`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum UnknownArg {
    /// Silent half of the time, else one of the item's stated groups' stances.
    Prior,
    /// Silent: the group takes no part on the item.
    Silent,
}

impl From<UnknownArg> for concord_core::simulate::Unknowns {
    fn from(arg: UnknownArg) -> Self {
        match arg {
            UnknownArg::Prior => concord_core::simulate::Unknowns::Prior,
            UnknownArg::Silent => concord_core::simulate::Unknowns::Silent,
        }
    }
}

impl SimArgs {
    /// The simulation these flags ask for.
    pub fn config(self) -> SimConfig {
        SimConfig {
            runs: self.runs,
            seed: self.seed,
            mode: if self.deterministic {
                Mode::Deterministic
            } else {
                Mode::Stochastic
            },
            deals: !self.no_deals,
            unknowns: self.unknown.into(),
        }
    }
}

/// A number from 0 to 1.
pub(crate) fn parse_unit(text: &str) -> Result<f64, String> {
    text.trim()
        .parse::<f64>()
        .ok()
        .filter(|value| (0.0..=1.0).contains(value))
        .ok_or_else(|| format!("`{text}` is not a number from 0 to 1"))
}

/// A date argument (`--as-of`, `--from`, `--to`): `YYYY-MM-DD` (or `YYYY-MM`), parsed once.
pub fn parse_date(text: &str) -> Result<Date, String> {
    Date::parse(text).ok_or_else(|| format!("`{text}` is not a date: write YYYY-MM-DD"))
}

/// The formats of a report: each command takes only the formats it has, so `--help` lists the
/// real choices and a wrong one is a usage error before anything is loaded.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub(crate) enum FormatArg {
    Text,
    Md,
    Json,
}

/// The formats of a table (`matrix`, `contested`, `status`): a report's, and CSV.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub(crate) enum TableFormatArg {
    Text,
    Md,
    Json,
    Csv,
}

/// The formats of a brief.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub(crate) enum BriefFormatArg {
    Md,
    Html,
    Json,
    Docx,
}

impl From<FormatArg> for ReportFormat {
    fn from(format: FormatArg) -> ReportFormat {
        match format {
            FormatArg::Text => ReportFormat::Text,
            FormatArg::Md => ReportFormat::Markdown,
            FormatArg::Json => ReportFormat::Json,
        }
    }
}

impl From<TableFormatArg> for TableFormat {
    fn from(format: TableFormatArg) -> TableFormat {
        match format {
            TableFormatArg::Text => TableFormat::Text,
            TableFormatArg::Md => TableFormat::Markdown,
            TableFormatArg::Json => TableFormat::Json,
            TableFormatArg::Csv => TableFormat::Csv,
        }
    }
}

impl From<BriefFormatArg> for BriefFormat {
    fn from(format: BriefFormatArg) -> BriefFormat {
        match format {
            BriefFormatArg::Md => BriefFormat::Markdown,
            BriefFormatArg::Html => BriefFormat::Html,
            BriefFormatArg::Json => BriefFormat::Json,
            BriefFormatArg::Docx => BriefFormat::Docx,
        }
    }
}

/// `--items`, `--tag`, `--groups`: what a command shows (never what it computes).
#[derive(Clone, Debug, Default, clap::Args)]
pub struct FocusFlags {
    /// Show only these agenda items (comma-separated or repeated; an item split into issues
    /// stands for all of them); the analysis still counts the whole agenda.
    #[arg(long, value_name = "ITEM,...")]
    items: Vec<String>,
    /// Show only the items carrying one of these tags (comma-separated or repeated).
    #[arg(long = "tag", value_name = "TAG,...")]
    tags: Vec<String>,
    /// Show only these groups' columns, rows and lines (comma-separated or repeated); every
    /// item's status still counts every group.
    #[arg(long, value_name = "GROUP,...")]
    groups: Vec<String>,
}

/// `--items` and `--tag` alone: for the commands whose output is per item, not per group.
#[derive(Clone, Debug, Default, clap::Args)]
pub struct ItemFocusFlags {
    /// Show only these agenda items (comma-separated or repeated; an item split into issues
    /// stands for all of them); the whole agenda is still computed.
    #[arg(long, value_name = "ITEM,...")]
    items: Vec<String>,
    /// Show only the items carrying one of these tags (comma-separated or repeated).
    #[arg(long = "tag", value_name = "TAG,...")]
    tags: Vec<String>,
}

/// `--groups` alone: for `blocs`, whose output is per group.
#[derive(Clone, Debug, Default, clap::Args)]
pub struct GroupFocusFlags {
    /// Show only these groups' rows and columns (comma-separated or repeated).
    #[arg(long, value_name = "GROUP,...")]
    groups: Vec<String>,
}

/// The focus flags as the settings carry them.
pub trait FocusOf {
    /// The flags given.
    fn args(&self) -> crate::app::FocusArgs;
}

impl FocusOf for FocusFlags {
    fn args(&self) -> crate::app::FocusArgs {
        crate::app::FocusArgs {
            items: self.items.clone(),
            groups: self.groups.clone(),
            tags: self.tags.clone(),
        }
    }
}

impl FocusOf for ItemFocusFlags {
    fn args(&self) -> crate::app::FocusArgs {
        crate::app::FocusArgs {
            items: self.items.clone(),
            groups: Vec::new(),
            tags: self.tags.clone(),
        }
    }
}

impl FocusOf for GroupFocusFlags {
    fn args(&self) -> crate::app::FocusArgs {
        crate::app::FocusArgs {
            items: Vec::new(),
            groups: self.groups.clone(),
            tags: Vec::new(),
        }
    }
}

/// A RON text concord writes, in `concord fmt`'s layout (a text that does not scan, which
/// concord never writes, is kept as it is).
pub(crate) fn in_layout(text: String) -> String {
    concord_core::format::format(&text).unwrap_or(text)
}

/// A text or Markdown table with the focus it shows on its first line (`focus: 3 of 27 items
/// …`); CSV and JSON stay as they are, one table or one document.
pub(crate) fn with_focus(
    stdout: String,
    format: TableFormat,
    focus: &concord_core::focus::Focus,
    scenario: &concord_core::model::Scenario,
) -> String {
    match (focus.words(scenario), format) {
        (Some(words), TableFormat::Text) => {
            format!("{}\n{stdout}", concord_print::escape::text::field(&words))
        }
        (Some(words), TableFormat::Markdown) => format!(
            "*{}*\n\n{stdout}",
            concord_print::escape::markdown::text(&words)
        ),
        _ => stdout,
    }
}

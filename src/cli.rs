//! The global flags (clap) and the dispatch of each subcommand's own arguments to its module in
//! `concord::commands`. clap lives in the binary's crate only (here and in the command modules),
//! never in concord-core or concord-print.

use std::io::IsTerminal;
use std::num::NonZeroUsize;
use std::path::PathBuf;

use clap::{CommandFactory, Parser, Subcommand, ValueEnum};

mod checks;

use concord::app::{FailOn, MAX_THREADS, Settings, THREADS_PER_CORE};
use concord::commands::{self, Command, Context};
use concord_core::analysis::{AnalysisConfig, DEFAULT_BLOC_THRESHOLD};
use concord_core::load::{ReadFor, WhatIf};
use concord_core::model::Date;

/// Regional position alignment before ITU conferences.
///
/// Reads the positions of the six regional groups (CEPT, CITEL, APT, ATU, ARB, RCC) on a
/// conference's agenda items from RON files and reports where there is consensus, where there are
/// conflicts and which items risk being carried forward. Without a SCENARIO, the bundled default
/// (PP-14 Busan) is used.
#[derive(Debug, Parser)]
#[command(name = "concord", version, about, long_about)]
pub struct Args {
    /// When to colour output and diagnostics (NO_COLOR turns `auto` off).
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto, global = true)]
    pub color: ColorChoice,

    /// Worker threads for parallel work, 1 to 1024 [default: the number of cores]; results never
    /// depend on it.
    #[arg(long, global = true, value_parser = parse_threads)]
    pub threads: Option<NonZeroUsize>,

    /// Write the output to FILE (atomically; never over an input file) instead of stdout.
    #[arg(short, long, global = true, value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// The directory every file a scenario names must lie in [default: the directory above
    /// `scenarios/` for a scenario in one, else the scenario's own directory].
    #[arg(long, global = true, value_name = "DIR")]
    pub root: Option<PathBuf>,

    /// Let `generate`, `import` and `brief --all` replace files that exist in the -o directory
    /// (without it they refuse, and write nothing).
    #[arg(long, global = true)]
    pub force: bool,

    /// Replay the scenario at DATE (YYYY-MM-DD): its reference date becomes DATE and only
    /// positions dated by then are known; for `import`, the date given to the imported scenario
    /// [default there: 2000-01-01].
    #[arg(long, global = true, value_name = "DATE", value_parser = commands::parse_date)]
    pub as_of: Option<Date>,

    /// Read the confidential parts of this reader (a group id, `CEPT`, or a member state's code,
    /// `FRA`: the parts of every group it belongs to) and mark the output confidential to it;
    /// files written with -o are created 0600. Without it every output is public: no private
    /// file is read.
    #[arg(long = "for", global = true, value_name = "GROUP|STATE")]
    pub reader: Option<String>,

    /// Exit 1 when the condition holds (for use in CI); the output is still produced.
    /// CONDITION is `contested` (any agenda item is contested) or a warning's code
    /// (`inline-confidential`: a public positions file holds a confidential part).
    #[arg(long, global = true, value_name = "CONDITION", value_parser = parse_fail_on)]
    pub fail_on: Option<FailOn>,

    /// A what-if change GROUP:ITEM=FIELD:VALUE (repeatable; `*` for every group or item), e.g.
    /// `APT:1.7=prefers:noc`, `ATU:*=flexibility:0.8`, `RCC:1.7=unknown`. Applied after overlays.
    #[arg(long = "set", global = true, value_name = "CHANGE")]
    pub set: Vec<String>,

    /// A file of what-if changes, `Overlay(name: "...", set: ["...", ...])` (repeatable, applied in
    /// order).
    #[arg(long, global = true, value_name = "FILE")]
    pub overlay: Vec<PathBuf>,

    #[command(subcommand)]
    pub command: CommandArgs,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

/// `contested`, or the code of a warning.
fn parse_fail_on(text: &str) -> Result<FailOn, String> {
    use concord_core::diag::{Code, Severity};
    if text == "contested" {
        return Ok(FailOn::Contested);
    }
    match Code::from_name(text) {
        Some(code) if code.severity() == Severity::Warning => Ok(FailOn::Warning(code)),
        Some(_) => Err(format!(
            "`{text}` is an error: it always fails the run; --fail-on takes `contested` or a \
             warning's code"
        )),
        None => Err(
            "give `contested` or a warning's code (`inline-confidential`; `concord explain` lists \
             them)"
                .into(),
        ),
    }
}

#[derive(Debug, Subcommand)]
pub enum CommandArgs {
    /// Load and validate a scenario; print every diagnostic, or a summary when it is valid.
    Validate(commands::validate::Args),
    /// Per item: status, options and who prefers, accepts or opposes them, compromises,
    /// conflicts, contention, coalitions, carry-forward risk, recorded outcome.
    Report(commands::report::Args),
    /// Items × groups, each cell in the field's vocabulary with its provenance mark.
    Matrix(commands::matrix::Args),
    /// Items ranked by contention, with what divides whom.
    Contested(commands::contested::Args),
    /// The agreement matrix of the groups and the blocs at a threshold.
    Blocs(commands::blocs::Args),
    /// Who moved where: between two snapshots of a scenario (OLD NEW), or between two dates of
    /// one scenario (SCENARIO --from DATE [--to DATE]).
    Diff(commands::diff::Args),
    /// Where every item stands in every group's process: maturity, the last meeting that touched
    /// each cell, whether it is stale, and what comes next (the calendar and deadlines).
    Status(commands::status::Args),
    /// The validated model as JSON, for your own tooling.
    Export(commands::export::Args),
    /// The position graph as Graphviz DOT or JSON.
    Graph(commands::graph::Args),
    /// Explain a diagnostic code, or list them all.
    Explain(commands::explain::Args),
    /// Simulate alignment rounds, package deals and the end of the conference: per item the
    /// probability of adoption (and with what), of a vote, of carry-forward; pivotal groups; deals.
    Simulate(commands::simulate::Args),
    /// The event log of run K of `simulate` (with the same --seed; run K is the same in a
    /// simulation of any size), or of the deterministic trajectory: stage, round, group, item,
    /// from → to, why.
    Trace(commands::trace::Args),
    /// Compare predicted outcomes with the scenario's recorded outcomes: per item and an accuracy
    /// summary against two baselines and with every estimate set to 0.5.
    Backtest(commands::backtest::Args),
    /// A delegation brief for one group or member state, from what it may know: its own
    /// confidential parts and everyone's public positions.
    Brief(commands::brief::Args),
    /// Compare two scenarios item by item, or one scenario without and with the --set / --overlay
    /// changes: status, top compromise, conflicts, simulated probabilities.
    Compare(commands::compare::Args),
    /// P(adopted) and P(carried forward) as one group's flexibility or salience goes from --from
    /// to --to.
    Sweep(commands::sweep::Args),
    /// For each item, which group's flexibility and salience (±0.2) move its P(adopted) most.
    Sensitivity(commands::sensitivity::Args),
    /// Write a valid synthetic scenario into DIR (given with -o) for benchmarks and tests.
    Generate(commands::generate::Args),
    /// Read a peer tool's file into concord's files under the -o directory.
    Import(commands::import::Args),
    /// Restructure the agenda across a scenario's files: split an item into issues, or rename
    /// an item or an issue (all files or none; --dry-run shows the change).
    Agenda(commands::agenda::Args),
    /// Write one dated version of one cell (a group's, or a member state's own) into its group's
    /// file, without hand-written RON: checked against the whole scenario, written atomically;
    /// --as-of dates the version, and one of the same date is replaced only with --force.
    Set(Box<commands::set::Args>),
    /// Put concord files in one canonical layout (one field per line in each position, a stable
    /// field order, a blank line between positions, comments kept), or with --check list those
    /// that are not and exit 1.
    Fmt(commands::fmt::Args),
    /// Scaffold a new conference: its scenario beside an earlier one (--like), the agenda, states
    /// and groups copied, one empty positions file per group; --as-of is its reference date;
    /// nothing overwritten.
    New(commands::new::Args),
    /// Print a shell completion script.
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff).
    Man,
}

/// What the binary does: a library command, or something only the binary knows (clap's own
/// completions and manual).
pub enum Action {
    Run(Command),
    /// A usage error found while converting the arguments.
    Usage(String),
    Completions(clap_complete::Shell),
    Man,
}

fn env_allows_color() -> bool {
    std::env::var_os("NO_COLOR").is_none_or(|value| value.is_empty())
}

fn parse_threads(text: &str) -> Result<NonZeroUsize, String> {
    text.parse::<NonZeroUsize>()
        .ok()
        .filter(|threads| threads.get() <= MAX_THREADS)
        .ok_or_else(|| format!("give a number of threads from 1 to {MAX_THREADS}"))
}

impl Args {
    /// `--threads` (at most 4 per core), else every core.
    fn threads(&self) -> NonZeroUsize {
        let cores = std::thread::available_parallelism().unwrap_or(NonZeroUsize::MIN);
        let most =
            cores.saturating_mul(NonZeroUsize::new(THREADS_PER_CORE).unwrap_or(NonZeroUsize::MIN));
        self.threads.map_or(cores, |threads| threads.min(most))
    }

    /// A warning when `--threads` was lowered to 4 per core.
    pub fn threads_warning(&self) -> Option<String> {
        let asked = self.threads?;
        let used = self.threads();
        (asked != used).then(|| {
            format!(
                "warning: --threads {asked} is more than {THREADS_PER_CORE} per core; using {used} \
                 (results never depend on the thread count)"
            )
        })
    }

    pub fn settings(&self) -> Settings {
        let threshold = match &self.command {
            CommandArgs::Blocs(args) => args.threshold(),
            _ => DEFAULT_BLOC_THRESHOLD,
        };
        Settings {
            threads: self.threads(),
            color: self.output.is_none() && self.use_color(std::io::stdout().is_terminal()),
            analysis: AnalysisConfig {
                bloc_threshold: threshold,
            },
            fail_on: self.fail_on,
            progress: std::io::stderr().is_terminal(),
            whatifs: self
                .overlay
                .iter()
                .map(|path| WhatIf::Overlay(path.clone()))
                .chain(self.set.iter().map(|text| WhatIf::Set(text.clone())))
                .collect(),
            force: self.force,
            free_in_background: true,
            root: self.root.clone(),
            as_of: match &self.command {
                CommandArgs::Import(_) | CommandArgs::Set(_) | CommandArgs::New(_) => None,
                _ => self.as_of,
            },
            read_for: self.reader.clone().map_or(ReadFor::Public, ReadFor::Reader),
            focus: self.command.focus(),
        }
    }

    /// The action, and the `-o` path for the output.
    pub fn into_action_with_output(self) -> (Action, Option<PathBuf>) {
        let output = self.output.clone();
        (self.into_action(), output)
    }

    pub fn into_action(self) -> Action {
        if let Some(message) = self.misplaced_flag() {
            return Action::Usage(message);
        }
        let context = Context {
            output: self.output.clone(),
            as_of: self.as_of,
            reader: self.reader.clone(),
        };
        let request = match self.command {
            CommandArgs::Validate(args) => args.request(&context),
            CommandArgs::Report(args) => args.request(&context),
            CommandArgs::Matrix(args) => args.request(&context),
            CommandArgs::Contested(args) => args.request(&context),
            CommandArgs::Blocs(args) => args.request(&context),
            CommandArgs::Diff(args) => args.request(&context),
            CommandArgs::Status(args) => args.request(&context),
            CommandArgs::Export(args) => args.request(&context),
            CommandArgs::Graph(args) => args.request(&context),
            CommandArgs::Explain(args) => args.request(&context),
            CommandArgs::Simulate(args) => args.request(),
            CommandArgs::Trace(args) => args.request(&context),
            CommandArgs::Backtest(args) => args.request(Command::Backtest),
            CommandArgs::Brief(args) => args.request(&context),
            CommandArgs::Compare(args) => args.request(&context),
            CommandArgs::Sweep(args) => args.request(&context),
            CommandArgs::Sensitivity(args) => args.request(Command::Sensitivity),
            CommandArgs::Generate(args) => args.request(&context),
            CommandArgs::Import(args) => args.request(&context),
            CommandArgs::Agenda(args) => args.request(&context),
            CommandArgs::Set(args) => args.request(&context),
            CommandArgs::Fmt(args) => args.request(&context),
            CommandArgs::New(args) => args.request(&context),
            CommandArgs::Completions { shell } => return Action::Completions(shell),
            CommandArgs::Man => return Action::Man,
        };
        match request {
            Ok(command) => Action::Run(command),
            Err(message) => Action::Usage(message),
        }
    }

    fn use_color(&self, is_terminal: bool) -> bool {
        match self.color {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => env_allows_color() && is_terminal,
        }
    }

    /// Whether stderr (diagnostics) gets ANSI colours.
    pub fn stderr_color(&self) -> bool {
        self.use_color(std::io::stderr().is_terminal())
    }
}

/// The completion script for `shell`.
pub fn completions(shell: clap_complete::Shell) -> Vec<u8> {
    let mut out = Vec::new();
    clap_complete::generate(shell, &mut Args::command(), "concord", &mut out);
    out
}

/// The manual page.
pub fn man() -> std::io::Result<Vec<u8>> {
    let mut out = Vec::new();
    clap_mangen::Man::new(Args::command()).render(&mut out)?;
    Ok(out)
}

//! Command-line arguments (clap) and their conversion into library requests. Binary only: clap
//! never appears in the library.

use std::io::IsTerminal;
use std::num::NonZeroUsize;
use std::path::PathBuf;

use clap::{CommandFactory, Parser, Subcommand, ValueEnum};

mod checks;
mod diff;
mod formats;

use formats::{BriefFormatArg, FormatArg, TableFormatArg};

use concord::app::{Command, FailOn, ScenarioRef, Settings, SweepConfig};
use concord_core::analysis::{AnalysisConfig, DEFAULT_BLOC_THRESHOLD};
use concord_core::generate::GenerateConfig;
use concord_core::load::WhatIf;
use concord_core::model::Date;
use concord_core::simulate::{Mode, SimConfig};
use concord_core::whatif::Lever;
use concord_print::report::GraphFormat;

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
    #[arg(long, global = true, value_name = "DATE", value_parser = diff::parse_date)]
    pub as_of: Option<Date>,

    /// Exit 1 when the condition holds (for use in CI); the output is still produced.
    #[arg(long, value_enum, global = true, value_name = "CONDITION")]
    pub fail_on: Option<FailOnArg>,

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

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum FailOnArg {
    /// Any agenda item is contested.
    Contested,
}

#[derive(Debug, Subcommand)]
pub enum CommandArgs {
    /// Load and validate a scenario; print every diagnostic, or a summary when it is valid.
    Validate {
        /// Scenario file (default: the bundled PP-14 scenario).
        scenario: Option<PathBuf>,
    },
    /// Per item: status, options and who prefers, accepts or opposes them, compromises,
    /// conflicts, contention, coalitions, carry-forward risk, recorded outcome.
    Report {
        scenario: Option<PathBuf>,
        #[arg(long, value_enum, default_value_t = FormatArg::Text)]
        format: FormatArg,
    },
    /// Items × groups, each cell in the field's vocabulary with its provenance mark.
    Matrix {
        scenario: Option<PathBuf>,
        #[arg(long, value_enum, default_value_t = TableFormatArg::Text)]
        format: TableFormatArg,
    },
    /// Items ranked by contention, with what divides whom.
    Contested {
        scenario: Option<PathBuf>,
        #[arg(long, value_enum, default_value_t = TableFormatArg::Text)]
        format: TableFormatArg,
    },
    /// The agreement matrix of the groups and the blocs at a threshold.
    Blocs {
        scenario: Option<PathBuf>,
        #[arg(long, value_enum, default_value_t = FormatArg::Text)]
        format: FormatArg,
        /// Agreement at or above which two groups are in one bloc, from 0 to 1.
        #[arg(long, default_value_t = DEFAULT_BLOC_THRESHOLD, value_parser = parse_unit)]
        threshold: f64,
    },
    /// Who moved where: between two snapshots of a scenario (OLD NEW), or between two dates of
    /// one scenario (SCENARIO --from DATE [--to DATE]).
    Diff {
        /// The older snapshot, or the scenario to replay with --from.
        old: Option<PathBuf>,
        /// The newer snapshot.
        new: Option<PathBuf>,
        /// Replay the scenario at this date for the old side.
        #[arg(long, value_name = "DATE", value_parser = diff::parse_date)]
        from: Option<Date>,
        /// Replay it at this date for the new side [default: the scenario as written].
        #[arg(long, value_name = "DATE", value_parser = diff::parse_date)]
        to: Option<Date>,
        #[arg(long, value_enum, default_value_t = FormatArg::Text)]
        format: FormatArg,
    },
    /// Where every item stands in every group's process: maturity, the last meeting that touched
    /// each cell, whether it is stale, and what comes next (the calendar and deadlines).
    Status {
        scenario: Option<PathBuf>,
        #[arg(long, value_enum, default_value_t = TableFormatArg::Text)]
        format: TableFormatArg,
    },
    /// The validated model as JSON, for your own tooling.
    Export {
        scenario: Option<PathBuf>,
        /// json: the validated model; decide: its scale items as a Decide file.
        #[arg(long, value_enum, default_value_t = ExportFormat::Json)]
        format: ExportFormat,
    },
    /// The position graph as Graphviz DOT or JSON.
    Graph {
        scenario: Option<PathBuf>,
        #[arg(long, value_enum, default_value_t = GraphFormatArg::Dot)]
        format: GraphFormatArg,
    },
    /// Explain a diagnostic code, or list them all.
    Explain {
        /// A code such as `unknown-group`.
        code: Option<String>,
    },
    /// Simulate alignment rounds, package deals and the end of the conference: per item the
    /// probability of adoption (and with what), of a vote, of carry-forward; pivotal groups; deals.
    Simulate {
        scenario: Option<PathBuf>,
        #[command(flatten)]
        sim: SimArgs,
        #[arg(long, value_enum, default_value_t = FormatArg::Text)]
        format: FormatArg,
    },
    /// The event log of run K of `simulate` (with the same --seed; run K is the same in a
    /// simulation of any size), or of the deterministic trajectory: stage, round, group, item,
    /// from → to, why.
    Trace {
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
        /// Which run to replay (numbered from 0).
        #[arg(long, default_value_t = 0)]
        run: u64,
        /// Only this agenda item.
        #[arg(long)]
        item: Option<String>,
    },
    /// Compare predicted outcomes with the scenario's recorded outcomes: per item and an accuracy
    /// summary against two baselines and with every estimate set to 0.5.
    Backtest {
        scenario: Option<PathBuf>,
        #[command(flatten)]
        sim: SimArgs,
        #[arg(long, value_enum, default_value_t = FormatArg::Text)]
        format: FormatArg,
    },
    /// A delegation brief for one group or member state, from what it may know: its own
    /// confidential parts and everyone's public positions.
    Brief {
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
    },
    /// Compare two scenarios item by item, or one scenario without and with the --set / --overlay
    /// changes: status, top compromise, conflicts, simulated probabilities.
    Compare {
        scenario: Option<PathBuf>,
        /// The second scenario (default: the first one with the what-if changes).
        other: Option<PathBuf>,
        #[command(flatten)]
        sim: SimArgs,
        #[arg(long, value_enum, default_value_t = FormatArg::Text)]
        format: FormatArg,
    },
    /// P(adopted) and P(carried forward) as one group's flexibility or salience goes from --from
    /// to --to.
    Sweep {
        scenario: Option<PathBuf>,
        /// GROUP.flexibility or GROUP.salience, e.g. `ATU.flexibility`.
        #[arg(long)]
        param: String,
        /// Only this item (and set the value on it only).
        #[arg(long)]
        item: Option<String>,
        #[arg(long, default_value_t = 0.0)]
        from: f64,
        #[arg(long, default_value_t = 1.0)]
        to: f64,
        #[arg(long, default_value_t = 0.1)]
        step: f64,
        #[command(flatten)]
        sim: SimArgs,
        #[arg(long, value_enum, default_value_t = FormatArg::Text)]
        format: FormatArg,
    },
    /// For each item, which group's flexibility and salience (±0.2) move its P(adopted) most.
    Sensitivity {
        scenario: Option<PathBuf>,
        #[command(flatten)]
        sim: SimArgs,
        #[arg(long, value_enum, default_value_t = FormatArg::Text)]
        format: FormatArg,
    },
    /// Write a valid synthetic scenario into DIR (given with -o) for benchmarks and tests.
    Generate {
        #[arg(long, default_value_t = 6)]
        groups: usize,
        #[arg(long, default_value_t = 20)]
        items: usize,
        #[arg(long, default_value_t = 4)]
        options: usize,
        /// Member states in all, shared out among the groups.
        #[arg(long, default_value_t = 193)]
        members: usize,
        #[arg(long, default_value_t = 0)]
        seed: u64,
    },
    /// Read a peer tool's file into concord's files under the -o directory.
    Import {
        #[command(subcommand)]
        format: ImportArgs,
    },
    /// Print a shell completion script.
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff).
    Man,
}

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
}

impl SimArgs {
    fn config(self) -> SimConfig {
        SimConfig {
            runs: self.runs,
            seed: self.seed,
            mode: if self.deterministic {
                Mode::Deterministic
            } else {
                Mode::Stochastic
            },
            deals: !self.no_deals,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    Json,
    /// The scale items, for the Decide exchange-model tool.
    Decide,
}

#[derive(Debug, Subcommand)]
pub enum ImportArgs {
    /// A Decide exchange-model input file: actors become groups (capability = power), issues
    /// scale items, `#D` rows positions. All or nothing.
    Decide {
        file: PathBuf,
        /// The name of the scenario and of its positions folder (default: the file's stem).
        #[arg(long)]
        name: Option<String>,
    },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum GraphFormatArg {
    Dot,
    Json,
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

fn scenario(path: Option<PathBuf>) -> ScenarioRef {
    path.map_or(ScenarioRef::Bundled, ScenarioRef::Path)
}

fn format<T>(format: impl Into<T>) -> T {
    format.into()
}

fn env_allows_color() -> bool {
    std::env::var_os("NO_COLOR").is_none_or(|value| value.is_empty())
}

/// The most worker threads `--threads` takes: more only costs time to start them.
const MAX_THREADS: usize = 1024;

/// Threads beyond this many per core only add switching (1,024 threads made a simulation 25×
/// slower on two cores): `--threads` above it is lowered, with a warning.
const THREADS_PER_CORE: usize = 4;

/// A number from 0 to 1.
fn parse_unit(text: &str) -> Result<f64, String> {
    text.trim()
        .parse::<f64>()
        .ok()
        .filter(|value| (0.0..=1.0).contains(value))
        .ok_or_else(|| format!("`{text}` is not a number from 0 to 1"))
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
            CommandArgs::Blocs { threshold, .. } => *threshold,
            _ => DEFAULT_BLOC_THRESHOLD,
        };
        Settings {
            threads: self.threads(),
            color: self.output.is_none() && self.use_color(std::io::stdout().is_terminal()),
            analysis: AnalysisConfig {
                bloc_threshold: threshold,
            },
            fail_on: self.fail_on.map(|FailOnArg::Contested| FailOn::Contested),
            progress: std::io::stderr().is_terminal(),
            whatifs: self
                .overlay
                .iter()
                .map(|path| WhatIf::Overlay(path.clone()))
                .chain(self.set.iter().map(|text| WhatIf::Set(text.clone())))
                .collect(),
            force: self.force,
            root: self.root.clone(),
            as_of: match &self.command {
                CommandArgs::Import { .. } => None,
                _ => self.as_of,
            },
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
        Action::Run(match self.command {
            CommandArgs::Validate { scenario: path } => Command::Validate(scenario(path)),
            CommandArgs::Report {
                scenario: path,
                format: f,
            } => Command::Report(scenario(path), format(f)),
            CommandArgs::Matrix {
                scenario: path,
                format: f,
            } => Command::Matrix(scenario(path), format(f)),
            CommandArgs::Contested {
                scenario: path,
                format: f,
            } => Command::Contested(scenario(path), format(f)),
            CommandArgs::Blocs {
                scenario: path,
                format: f,
                ..
            } => Command::Blocs(scenario(path), format(f)),
            CommandArgs::Diff {
                old,
                new,
                from,
                to,
                format: f,
            } => match diff::command(old, new, from, to, self.as_of.is_some(), format(f)) {
                Ok(command) => command,
                Err(message) => return Action::Usage(message),
            },
            CommandArgs::Status {
                scenario: path,
                format: f,
            } => Command::Status(scenario(path), format(f)),
            CommandArgs::Export {
                scenario: path,
                format: ExportFormat::Json,
            } => Command::Export(scenario(path)),
            CommandArgs::Export {
                scenario: path,
                format: ExportFormat::Decide,
            } => Command::ExportDecide(scenario(path)),
            CommandArgs::Import {
                format: ImportArgs::Decide { file, name },
            } => {
                let Some(dir) = self.output.clone() else {
                    return Action::Usage("`import` needs -o DIR".into());
                };
                // Without --name, the file's stem made a plain name (`my data (v2).csv` →
                // `my_data__v2_`); a --name given is checked as written.
                let name = name.unwrap_or_else(|| {
                    let stem: String = file
                        .file_stem()
                        .map(|stem| stem.to_string_lossy().into_owned())
                        .unwrap_or_default()
                        .chars()
                        .map(|c| {
                            if c.is_alphanumeric() || c == '-' || c == '_' {
                                c
                            } else {
                                '_'
                            }
                        })
                        .take(100)
                        .collect();
                    if stem.trim_matches('_').is_empty() {
                        "imported".into()
                    } else {
                        stem
                    }
                });
                Command::ImportDecide {
                    file,
                    dir,
                    name,
                    as_of: self.as_of.unwrap_or_else(diff::import_date),
                }
            }
            CommandArgs::Graph {
                scenario: path,
                format,
            } => Command::Graph(
                scenario(path),
                match format {
                    GraphFormatArg::Dot => GraphFormat::Dot,
                    GraphFormatArg::Json => GraphFormat::Json,
                },
            ),
            CommandArgs::Explain { code } => Command::Explain(code),
            CommandArgs::Simulate {
                scenario: path,
                sim,
                format: f,
            } => Command::Simulate(scenario(path), sim.config(), format(f)),
            CommandArgs::Brief {
                scenario: path,
                reader,
                all,
                format: f,
                runs,
                seed,
            } => {
                let all_into = match (all, &self.output) {
                    (true, Some(dir)) => Some(dir.clone()),
                    (true, None) => return Action::Usage("`brief --all` needs -o DIR".into()),
                    (false, _) => None,
                };
                Command::Brief {
                    scenario: scenario(path),
                    reader,
                    all_into,
                    sim: runs.map(|runs| SimConfig {
                        runs,
                        seed,
                        mode: Mode::Stochastic,
                        deals: true,
                    }),
                    format: format(f),
                }
            }
            CommandArgs::Compare {
                scenario: path,
                other,
                sim,
                format: f,
            } => Command::Compare(
                scenario(path),
                other.map(ScenarioRef::Path),
                sim.config(),
                format(f),
            ),
            CommandArgs::Sweep {
                scenario: path,
                param,
                item,
                from,
                to,
                step,
                sim,
                format: f,
            } => {
                let Some((group, lever)) = param
                    .split_once('.')
                    .and_then(|(group, lever)| Some((group, Lever::from_name(lever)?)))
                else {
                    return Action::Usage(format!(
                        "--param `{param}` is not GROUP.flexibility or GROUP.salience"
                    ));
                };
                Command::Sweep(
                    scenario(path),
                    SweepConfig {
                        group: group.to_owned(),
                        lever,
                        item,
                        from,
                        to,
                        step,
                    },
                    sim.config(),
                    format(f),
                )
            }
            CommandArgs::Sensitivity {
                scenario: path,
                sim,
                format: f,
            } => Command::Sensitivity(scenario(path), sim.config(), format(f)),
            CommandArgs::Backtest {
                scenario: path,
                sim,
                format: f,
            } => Command::Backtest(scenario(path), sim.config(), format(f)),
            CommandArgs::Trace {
                scenario: path,
                seed,
                deterministic,
                no_deals,
                run,
                item,
            } => Command::Trace {
                scenario: scenario(path),
                config: SimArgs {
                    runs: 1,
                    seed,
                    deterministic,
                    no_deals,
                }
                .config(),
                run,
                item,
            },
            CommandArgs::Generate {
                groups,
                items,
                options,
                members,
                seed,
            } => match self.output {
                Some(dir) => Command::Generate(
                    GenerateConfig {
                        groups,
                        items,
                        options,
                        members,
                        seed,
                    },
                    dir,
                ),
                None => return Action::Usage("`generate` needs -o DIR".into()),
            },
            CommandArgs::Completions { shell } => return Action::Completions(shell),
            CommandArgs::Man => return Action::Man,
        })
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

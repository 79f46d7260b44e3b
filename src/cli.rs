//! Command-line arguments (clap) and their conversion into library requests. Binary only: clap
//! never appears in the library.

use std::num::NonZeroUsize;
use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

use concord::app::{Command, ScenarioRef, Settings};
use concord::report::GraphFormat;

/// Regional position alignment before ITU conferences.
///
/// Reads the positions of the six regional groups (CEPT, CITEL, APT, ATU, ARB, RCC) on a
/// conference's agenda items from RON files and reports what they say. Without a SCENARIO, the
/// bundled default (PP-14 Busan) is used.
#[derive(Debug, Parser)]
#[command(name = "concord", version, about, long_about)]
pub struct Args {
    /// When to color diagnostics (NO_COLOR turns `auto` off).
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto, global = true)]
    pub color: ColorChoice,

    /// Worker threads for parallel work; results never depend on it.
    #[arg(long, default_value = "1", global = true)]
    pub threads: NonZeroUsize,

    #[command(subcommand)]
    pub command: CommandArgs,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Subcommand)]
pub enum CommandArgs {
    /// Load and validate a scenario; print every diagnostic, or a summary when it is valid.
    Validate {
        /// Scenario file (default: the bundled PP-14 scenario).
        scenario: Option<PathBuf>,
    },
    /// Report on a scenario (for now: the loaded summary).
    Report {
        /// Scenario file (default: the bundled PP-14 scenario).
        scenario: Option<PathBuf>,
    },
    /// Print the position graph as Graphviz DOT or JSON.
    Graph {
        /// Scenario file (default: the bundled PP-14 scenario).
        scenario: Option<PathBuf>,
        #[arg(long, value_enum, default_value_t = GraphFormatArg::Dot)]
        format: GraphFormatArg,
    },
    /// Explain a diagnostic code, or list them all.
    Explain {
        /// A code such as `unknown-group`.
        code: Option<String>,
    },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum GraphFormatArg {
    Dot,
    Json,
}

fn scenario(path: Option<PathBuf>) -> ScenarioRef {
    path.map_or(ScenarioRef::Bundled, ScenarioRef::Path)
}

impl Args {
    pub fn settings(&self) -> Settings {
        Settings {
            threads: self.threads,
        }
    }

    pub fn into_command(self) -> Command {
        match self.command {
            CommandArgs::Validate { scenario: path } => Command::Validate(scenario(path)),
            CommandArgs::Report { scenario: path } => Command::Report(scenario(path)),
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
        }
    }

    /// Whether stderr gets ANSI colors.
    pub fn color(&self) -> bool {
        use std::io::IsTerminal;
        match self.color {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => {
                std::env::var_os("NO_COLOR").is_none_or(|value| value.is_empty())
                    && std::io::stderr().is_terminal()
            }
        }
    }
}

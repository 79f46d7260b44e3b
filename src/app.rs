//! The commands of the `concord` binary as library calls: each takes a typed request and returns
//! the text to print, so tests can run them without a process.

use std::num::NonZeroUsize;
use std::path::{Path, PathBuf};

use crate::bundled;
use crate::diag::{Code, Diagnostics};
use crate::graph::PositionGraph;
use crate::load::{FsSource, Loaded, load_scenario};
use crate::report::{self, GraphFormat, Summary};

/// Which scenario a command reads.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ScenarioRef {
    /// The scenario compiled into the binary.
    Bundled,
    /// A scenario file on disk.
    Path(PathBuf),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Command {
    Validate(ScenarioRef),
    Report(ScenarioRef),
    Graph(ScenarioRef, GraphFormat),
    /// Explains one code, or lists every code.
    Explain(Option<String>),
}

/// Settings shared by every command.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Settings {
    /// Worker threads for parallel work (the simulation); results never depend on it.
    pub threads: NonZeroUsize,
}

/// What a successful command prints: `stdout`, and warnings for stderr.
#[derive(Debug, Default)]
pub struct Output {
    pub stdout: String,
    pub warnings: Diagnostics,
}

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The input has errors; nothing was produced.
    #[error("{0}")]
    Invalid(Diagnostics),
    #[error("unknown diagnostic code `{code}`")]
    UnknownCode { code: String, hint: String },
}

impl Error {
    /// The process exit code for this error: 2, invalid input or usage.
    pub fn exit_code(&self) -> u8 {
        match self {
            Error::Invalid(_) | Error::UnknownCode { .. } => 2,
        }
    }
}

pub fn run(command: &Command, _settings: &Settings) -> Result<Output, Error> {
    match command {
        Command::Validate(scenario) | Command::Report(scenario) => {
            let loaded = load(scenario)?;
            let graph = PositionGraph::build(&loaded.scenario);
            let summary = Summary::build(
                &loaded.scenario,
                &graph,
                loaded.outcomes.as_ref(),
                loaded.warnings.list.len(),
            );
            let mut stdout = report::text::summary(&summary);
            if matches!(command, Command::Validate(_)) {
                stdout.insert_str(0, "valid: ");
            }
            Ok(Output {
                stdout,
                warnings: loaded.warnings,
            })
        }
        Command::Graph(scenario, format) => {
            let loaded = load(scenario)?;
            let graph = PositionGraph::build(&loaded.scenario);
            let view = graph.view();
            let conference = &loaded.scenario.conference.id;
            let stdout = match format {
                GraphFormat::Dot => report::dot::graph(&view, conference),
                GraphFormat::Json => report::json::graph(&view, conference),
            };
            Ok(Output {
                stdout,
                warnings: loaded.warnings,
            })
        }
        Command::Explain(code) => explain(code.as_deref()).map(|stdout| Output {
            stdout,
            warnings: Diagnostics::default(),
        }),
    }
}

fn load(scenario: &ScenarioRef) -> Result<Loaded, Error> {
    match scenario {
        ScenarioRef::Bundled => {
            load_scenario(&bundled::source(), Path::new(bundled::DEFAULT_SCENARIO))
        }
        ScenarioRef::Path(path) => load_scenario(&FsSource, path),
    }
    .map_err(Error::Invalid)
}

fn explain(code: Option<&str>) -> Result<String, Error> {
    let Some(name) = code else {
        let mut out = String::from("diagnostic codes (concord explain CODE for details):\n");
        for code in Code::ALL {
            let first_line = code.explanation().lines().next().unwrap_or_default();
            out.push_str(&format!(
                "  {:<24} {:<7}  {first_line}\n",
                code.name(),
                code.severity().label()
            ));
        }
        return Ok(out);
    };
    match Code::from_name(name) {
        Some(code) => Ok(format!(
            "{} ({})\n\n{}\n",
            code.name(),
            code.severity().label(),
            code.explanation()
        )),
        None => {
            let names = Code::ALL.iter().map(|code| code.name());
            let hint = crate::load::suggest(name, names).map_or_else(
                || "`concord explain` lists every code".to_owned(),
                |best| format!("did you mean `{best}`?"),
            );
            Err(Error::UnknownCode {
                code: name.to_owned(),
                hint,
            })
        }
    }
}

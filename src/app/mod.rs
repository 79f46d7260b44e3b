//! What every command shares: which scenario it reads ([`ScenarioRef`]), the settings of a run
//! ([`Settings`]), why it fails ([`Error`]) and what it prints ([`Output`]), and the helpers that
//! load, analyse and finish. The commands themselves are in [`crate::commands`], one module each.

use std::io::Write;
use std::num::NonZeroUsize;
use std::path::{Path, PathBuf};

use crate::write::WriteError;
use concord_core::analysis::{self, Analysis, AnalysisConfig, ItemStatus};
use concord_core::bundled;
use concord_core::diag::Diagnostics;
use concord_core::graph::MembershipGraph;
use concord_core::load::{
    FileSource, FsSource, LoadOptions, Loaded, MemorySource, Overlay, load_scenario,
};
use concord_core::load::{ReadFor, WhatIf};
pub use concord_print::audience::{Kind, Marking};
use concord_print::report::style::Paint;
use concord_print::report::{ReportFormat, Summary, TableFormat};

pub use concord_core::whatif::SweepConfig;

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

/// The most worker threads `--threads` takes: more only costs time to start them.
pub const MAX_THREADS: usize = 1024;

/// Threads beyond this many per core only add switching (1,024 threads made a simulation 25×
/// slower on two cores): `--threads` above it is lowered, with a warning.
pub const THREADS_PER_CORE: usize = 4;

/// When a successful run still exits 1 (for coordinators who run concord in their own CI).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FailOn {
    /// Any agenda item is contested.
    Contested,
    /// Loading reported a warning with this code (`--fail-on inline-confidential`).
    Warning(concord_core::diag::Code),
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
    /// Free large scenarios on a background thread after printing (the binary, which may exit
    /// before they are freed); off for library callers, so that a timed call pays its own frees.
    pub free_in_background: bool,
    /// `--for`: whose confidential parts are read (by default nobody's: the output is public).
    pub read_for: ReadFor,
    /// `--items`, `--groups`, `--tag`: what the output shows (never what is computed).
    pub focus: FocusArgs,
}

/// The focus as given on the command line, resolved against a scenario once it is loaded.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FocusArgs {
    /// `--items`.
    pub items: Vec<String>,
    /// `--groups`.
    pub groups: Vec<String>,
    /// `--tag`.
    pub tags: Vec<String>,
}

impl FocusArgs {
    /// Whether any focus flag is given.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty() && self.groups.is_empty() && self.tags.is_empty()
    }

    /// The focus on `scenario`; a name it does not have is a usage error.
    pub fn resolve(
        &self,
        scenario: &concord_core::model::Scenario,
    ) -> Result<concord_core::focus::Focus, Error> {
        concord_core::focus::Focus::resolve(scenario, &self.items, &self.groups, &self.tags)
            .map_err(focus_error)
    }

    /// The focus on two scenarios compared (`diff`, `compare`): a name either one has.
    pub fn resolve_either(
        &self,
        old: &concord_core::model::Scenario,
        new: &concord_core::model::Scenario,
    ) -> Result<concord_core::focus::Focus, Error> {
        concord_core::focus::Focus::resolve_either(
            (old, new),
            &self.items,
            &self.groups,
            &self.tags,
        )
        .map_err(focus_error)
    }
}

fn focus_error(error: concord_core::focus::FocusError) -> Error {
    Error::Usage {
        message: error.message,
        hint: Some(error.hint),
    }
}

impl Settings {
    /// Whether outputs are for one reader (`--for`): its files are created 0600.
    pub fn confidential(&self) -> bool {
        self.read_for != ReadFor::Public
    }
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
            free_in_background: false,
            read_for: ReadFor::Public,
            focus: FocusArgs::default(),
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

/// A scenario loaded with the settings and analysed: what most commands start from (the core's
/// `analysis::Analysed` is the graph and the analysis alone).
pub(crate) struct Prepared {
    pub(crate) loaded: Loaded,
    pub(crate) graph: MembershipGraph,
    pub(crate) analysis: Analysis,
    /// What the output shows (`--items`, `--groups`, `--tag`).
    pub(crate) focus: concord_core::focus::Focus,
}

pub(crate) fn analysed(scenario: &ScenarioRef, settings: &Settings) -> Result<Prepared, Error> {
    let loaded = load_with(scenario, &settings.whatifs, settings)?;
    concord_core::timing::mark("load");
    let focus = settings.focus.resolve(&loaded.scenario)?;
    let analysis::Analysed { graph, analysis } =
        analysis::Analysed::new(&loaded.scenario, &settings.analysis);
    Ok(Prepared {
        loaded,
        graph,
        analysis,
        focus,
    })
}

/// Renders a command that has the three report formats (text, Markdown, JSON): only the asked
/// one is rendered.
pub(crate) fn in_format(
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
pub(crate) fn in_table_format(
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
pub(crate) fn finish_analysed(
    settings: &Settings,
    kind: Kind,
    stdout: String,
    analysed: Prepared,
) -> Output {
    let contested = any_contested(&analysed.analysis);
    drop_later(analysed.analysis, big(settings, &analysed.loaded.scenario));
    finish(
        settings,
        kind,
        (stdout, vec![analysed.loaded], Some(contested)),
    )
}

mod output;

pub use output::{Output, Stream, write_output, write_output_with};
pub(crate) use output::{big, drop_later, finish, marked_json, streamed_json};

/// Terminal colour as the settings ask.
pub(crate) fn paint_of(settings: &Settings) -> Paint {
    Paint {
        enabled: settings.color,
    }
}

pub(crate) fn any_contested(analysis: &Analysis) -> bool {
    analysis
        .items
        .iter()
        .any(|item| item.status == ItemStatus::Contested)
}

pub(crate) fn summary(loaded: &Loaded, graph: &MembershipGraph) -> Summary {
    Summary::build(
        &loaded.scenario,
        graph,
        loaded.outcomes.as_ref(),
        loaded.warnings.list.len(),
    )
}

/// Runs `read` on the scenario's files as `load_with` reads them: the bundled scenario from the
/// binary (over the disk, for overlays), a path from the disk, a memory source from memory.
pub(crate) fn with_source<T>(
    scenario: &ScenarioRef,
    whatifs: &[WhatIf],
    settings: &Settings,
    read: impl FnOnce(&dyn FileSource, &Path, &LoadOptions) -> Result<T, Diagnostics>,
) -> Result<T, Error> {
    let options = |root: Option<PathBuf>| LoadOptions {
        root,
        whatifs: whatifs.to_vec(),
        replay: settings.as_of,
        read_for: settings.read_for.clone(),
    };
    match scenario {
        ScenarioRef::Bundled => {
            let overlay = Overlay {
                top: bundled::source(),
                base: &FsSource,
            };
            // The bundled files sit under their own root, whatever `--root` says.
            read(
                &overlay,
                Path::new(bundled::DEFAULT_SCENARIO),
                &options(None),
            )
        }
        ScenarioRef::Path(path) => read(&FsSource, path, &options(settings.root.clone())),
        ScenarioRef::Memory(source, path) => read(source, path, &options(settings.root.clone())),
    }
    .map_err(Error::Invalid)
}

/// Loads a scenario with the what-if changes applied. Overlay files are read from the disk,
/// also for the bundled scenario.
pub(crate) fn load_with(
    scenario: &ScenarioRef,
    whatifs: &[WhatIf],
    settings: &Settings,
) -> Result<Loaded, Error> {
    with_source(scenario, whatifs, settings, load_scenario)
}

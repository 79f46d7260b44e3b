//! The commands of the `concord` binary as library calls: each takes a typed request and returns
//! the text to print, so tests can run them without a process. The binary only parses arguments,
//! prints, and exits with [`Error::exit_code`] or [`Output::exit_code`].

use std::io::Write;
use std::num::NonZeroUsize;
use std::path::{Path, PathBuf};

use crate::analysis::{self, Analysis, AnalysisConfig, ItemStatus};
use crate::bundled;
use crate::diag::{Code, Diagnostics};
use crate::generate::{self, GenerateConfig};
use crate::graph::PositionGraph;
use crate::load::whatif::WhatIf;
use crate::load::{FsSource, Loaded, MemorySource, Overlay, load_scenario_in};
use crate::report::style::Paint;
use crate::report::view::{ContestedView, MatrixView, ReportView};
use crate::report::{self, Format, GraphFormat, Summary};
use crate::simulate::{self, Mode, SimConfig};
use crate::write::WriteError;

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
pub enum Command {
    Validate(ScenarioRef),
    Report(ScenarioRef, Format),
    Matrix(ScenarioRef, Format),
    Contested(ScenarioRef, Format),
    Blocs(ScenarioRef, Format),
    Diff(ScenarioRef, ScenarioRef, Format),
    Export(ScenarioRef),
    Graph(ScenarioRef, GraphFormat),
    /// Explains one code, or lists every code.
    Explain(Option<String>),
    Simulate(ScenarioRef, SimConfig, Format),
    /// Replays one run (or the deterministic trajectory), optionally for one item.
    Trace {
        scenario: ScenarioRef,
        config: SimConfig,
        run: u64,
        item: Option<String>,
    },
    /// Writes a synthetic scenario into a directory.
    Generate(GenerateConfig, PathBuf),
    /// Reads a Decide file into concord's files under a directory.
    ImportDecide {
        file: PathBuf,
        dir: PathBuf,
        name: String,
        as_of: String,
    },
    /// The scale items of a scenario as a Decide file.
    ExportDecide(ScenarioRef),
    /// A delegation brief for one reader, or one per group into a directory.
    Brief {
        scenario: ScenarioRef,
        /// A group id or a member state's code; `None` with `all_into`.
        reader: Option<String>,
        /// `--all -o DIR`: one brief per group, written into DIR.
        all_into: Option<PathBuf>,
        sim: Option<SimConfig>,
        format: Format,
    },
    /// Predicted against recorded outcomes.
    Backtest(ScenarioRef, SimConfig, Format),
    /// Two scenarios item by item; without a second one, the scenario without and with the
    /// what-if changes.
    Compare(ScenarioRef, Option<ScenarioRef>, SimConfig, Format),
    /// P(adopted) and P(carried forward) over a range of one group's flexibility or salience.
    Sweep(ScenarioRef, SweepConfig, SimConfig, Format),
    /// Which group's flexibility and salience move each item's P(adopted) most (± 0.2).
    Sensitivity(ScenarioRef, SimConfig, Format),
}

/// What `sweep` varies.
#[derive(Clone, Debug, PartialEq)]
pub struct SweepConfig {
    pub group: String,
    /// `flexibility` or `salience`.
    pub param: String,
    pub item: Option<String>,
    pub from: f64,
    pub to: f64,
    pub step: f64,
}

/// The most points a sweep takes (`--step 0.01` over 0 to 1).
pub const MAX_SWEEP_POINTS: usize = 101;

/// When a successful run still exits 1 (for coordinators who run concord in their own CI).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FailOn {
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
    pub analysis: AnalysisConfig,
    pub fail_on: Option<FailOn>,
    /// Show a progress bar on stderr for long simulations.
    pub progress: bool,
    /// What-if changes applied to every scenario a command reads (`compare` without a second
    /// scenario: to the second copy only).
    pub whatifs: Vec<WhatIf>,
    /// `generate`, `import` and `brief --all` may replace existing files in their directory.
    pub force: bool,
    /// The directory every file a scenario names must lie in (`--root`); `None`: the default
    /// ([`crate::load::default_root`]).
    pub root: Option<PathBuf>,
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
        }
    }
}

/// What a successful command produces.
#[derive(Debug, Default)]
pub struct Output {
    pub stdout: String,
    /// Output rendered as it is written, after `stdout`: the JSON report of a large scenario is
    /// larger than the scenario, so it is never held in memory whole. Input errors are all found
    /// before it exists; writing it can fail only on I/O. Its parallel parts run on the rayon
    /// pool it is written from (the binary sizes the global pool by `--threads`).
    pub stream: Option<Stream>,
    /// Warnings for stderr.
    pub warnings: Diagnostics,
    /// The files the command read (an output file must not be one of them).
    pub inputs: Vec<PathBuf>,
    /// The `--fail-on` condition held.
    pub failed: bool,
}

/// A renderer that writes its output piece by piece (see [`Output::stream`]).
pub struct Stream(Box<WriteOnce>);

/// What a [`Stream`] holds: a renderer called once with the writer.
type WriteOnce = dyn FnOnce(&mut dyn Write) -> std::io::Result<()> + Send;

impl Stream {
    pub fn new(write: impl FnOnce(&mut dyn Write) -> std::io::Result<()> + Send + 'static) -> Self {
        Stream(Box::new(write))
    }

    /// Renders the output into `out`.
    pub fn write_to(self, out: &mut dyn Write) -> std::io::Result<()> {
        (self.0)(out)
    }
}

impl std::fmt::Debug for Stream {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Stream(..)")
    }
}

impl Output {
    /// Everything the command prints (`stdout`, then the stream rendered in memory).
    pub fn into_text(self) -> String {
        let mut bytes = self.stdout.into_bytes();
        if let Some(stream) = self.stream {
            stream
                .write_to(&mut bytes)
                .expect("writing into memory cannot fail");
        }
        String::from_utf8(bytes).expect("every renderer writes UTF-8")
    }

    /// Writes `stdout`, then the stream.
    pub fn write_to(&mut self, out: &mut dyn Write) -> std::io::Result<()> {
        out.write_all(self.stdout.as_bytes())?;
        if let Some(stream) = self.stream.take() {
            let mut buffered = std::io::BufWriter::with_capacity(1 << 16, &mut *out);
            stream.write_to(&mut buffered)?;
            buffered.flush()?;
        }
        out.flush()
    }

    /// 1 when the `--fail-on` condition held, else 0.
    pub fn exit_code(&self) -> u8 {
        u8::from(self.failed)
    }
}

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The input has errors; nothing was produced.
    #[error("{0}")]
    Invalid(Diagnostics),
    #[error("unknown diagnostic code `{code}`")]
    UnknownCode { code: String, hint: String },
    #[error("`{}` is not available as {format} for `{command}`", "--format")]
    Unsupported {
        command: &'static str,
        format: &'static str,
    },
    #[error("{message}")]
    Usage {
        message: String,
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
            | Error::Unsupported { .. }
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
    crate::timing::mark("load");
    let graph = PositionGraph::membership(&loaded.scenario);
    crate::timing::mark("graph");
    let analysis = analysis::analyse(&loaded.scenario, &graph, &settings.analysis);
    crate::timing::mark("analyse");
    Ok(Analysed {
        loaded,
        graph,
        analysis,
    })
}

fn unsupported(command: &'static str, format: Format) -> Error {
    Error::Unsupported {
        command,
        format: match format {
            Format::Text => "text",
            Format::Markdown => "md",
            Format::Json => "json",
            Format::Csv => "csv",
            Format::Html => "html",
        },
    }
}

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

fn run_here(command: &Command, settings: &Settings) -> Result<Output, Error> {
    let paint = Paint {
        enabled: settings.color,
    };
    let (stdout, loaded, contested) = match command {
        Command::Validate(scenario) => {
            let loaded = load_with(scenario, &settings.whatifs, settings)?;
            let graph = PositionGraph::membership(&loaded.scenario);
            let summary = summary(&loaded, &graph);
            let stdout = format!("valid: {}", report::text::summary(&summary));
            (stdout, vec![loaded], false)
        }
        Command::Report(scenario, format) => {
            let Analysed {
                loaded,
                graph,
                analysis,
            } = analysed(scenario, settings)?;
            let stdout = match format {
                Format::Json => {
                    let contested = any_contested(&analysis);
                    let big = big(&loaded.scenario);
                    let Loaded {
                        scenario,
                        outcomes,
                        warnings,
                        inputs,
                    } = loaded;
                    return Ok(Output {
                        stdout: String::new(),
                        stream: Some(Stream::new(move |out| {
                            let written = report::json::write_report(
                                out,
                                &scenario,
                                &analysis,
                                outcomes.as_ref(),
                            );
                            drop_later((scenario, analysis), big);
                            written
                        })),
                        warnings,
                        inputs,
                        failed: settings.fail_on == Some(FailOn::Contested) && contested,
                    });
                }
                Format::Text | Format::Markdown => {
                    let view = ReportView::build(
                        &loaded.scenario,
                        &analysis,
                        loaded.outcomes.as_ref(),
                        summary(&loaded, &graph),
                    );
                    crate::timing::mark("view");
                    let rendered = if *format == Format::Text {
                        report::text::report(&view, paint)
                    } else {
                        report::markdown::report(&view)
                    };
                    drop_later(view, big(&loaded.scenario));
                    rendered
                }
                Format::Csv | Format::Html => return Err(unsupported("report", *format)),
            };
            let contested = any_contested(&analysis);
            drop_later(analysis, big(&loaded.scenario));
            (stdout, vec![loaded], contested)
        }
        Command::Matrix(scenario, format) => {
            let Analysed {
                loaded, analysis, ..
            } = analysed(scenario, settings)?;
            let view = MatrixView::build(&loaded.scenario, &analysis);
            let stdout = match format {
                Format::Text => report::text::matrix(&view, paint),
                Format::Markdown => report::markdown::matrix(&view),
                Format::Csv => report::csv::matrix(&view),
                Format::Json => report::json::matrix(&loaded.scenario, &analysis),
                Format::Html => return Err(unsupported("matrix", *format)),
            };
            (stdout, vec![loaded], any_contested(&analysis))
        }
        Command::Contested(scenario, format) => {
            let Analysed {
                loaded, analysis, ..
            } = analysed(scenario, settings)?;
            let limit = match format {
                Format::Text | Format::Markdown => report::view::SHOWN_CONFLICTS,
                _ => usize::MAX,
            };
            let view = ContestedView::build(&loaded.scenario, &analysis, limit);
            let stdout = match format {
                Format::Text => report::text::contested(&view, paint),
                Format::Markdown => report::markdown::contested(&view),
                Format::Csv => report::csv::contested(&view),
                Format::Json => report::json::contested(&loaded.scenario.conference.id, &view),
                Format::Html => return Err(unsupported("contested", *format)),
            };
            (stdout, vec![loaded], any_contested(&analysis))
        }
        Command::Blocs(scenario, format) => {
            let Analysed {
                loaded, analysis, ..
            } = analysed(scenario, settings)?;
            let stdout = match format {
                Format::Text => report::text::blocs(&analysis.blocs, paint),
                Format::Markdown => report::markdown::blocs(&analysis.blocs),
                Format::Json => {
                    report::json::blocs(&loaded.scenario.conference.id, &analysis.blocs)
                }
                Format::Csv | Format::Html => return Err(unsupported("blocs", *format)),
            };
            (stdout, vec![loaded], any_contested(&analysis))
        }
        Command::Diff(old, new, format) => {
            let old = analysed(old, settings)?;
            let new = analysed(new, settings)?;
            let diff = analysis::diff(
                (&old.loaded.scenario, &old.analysis),
                (&new.loaded.scenario, &new.analysis),
            );
            let stdout = match format {
                Format::Text => report::text::diff(&diff, paint),
                Format::Markdown => report::markdown::diff(&diff),
                Format::Json => report::json::diff(&diff),
                Format::Csv | Format::Html => return Err(unsupported("diff", *format)),
            };
            let contested = any_contested(&new.analysis);
            (stdout, vec![old.loaded, new.loaded], contested)
        }
        Command::Export(scenario) => {
            let Loaded {
                scenario,
                warnings,
                inputs,
                ..
            } = load_with(scenario, &settings.whatifs, settings)?;
            let big = big(&scenario);
            return Ok(Output {
                stream: Some(Stream::new(move |out| {
                    let written = report::json::write_export(out, &scenario);
                    drop_later(scenario, big);
                    written
                })),
                warnings,
                inputs,
                ..Output::default()
            });
        }
        Command::Graph(scenario, format) => {
            let loaded = load_with(scenario, &settings.whatifs, settings)?;
            let graph = PositionGraph::build(&loaded.scenario);
            let view = graph.view();
            let conference = &loaded.scenario.conference.id;
            let stdout = match format {
                GraphFormat::Dot => report::dot::graph(&view, conference),
                GraphFormat::Json => report::json::graph(&view, conference),
            };
            (stdout, vec![loaded], false)
        }
        Command::Explain(code) => {
            return explain(code.as_deref()).map(|stdout| Output {
                stdout,
                ..Output::default()
            });
        }
        Command::Simulate(scenario, config, format) => {
            check_runs(config.runs)?;
            let Analysed {
                loaded, analysis, ..
            } = analysed(scenario, settings)?;
            let config = SimConfig {
                threads: settings.threads.get(),
                ..*config
            };
            let bar = progress_bar(
                settings.progress && config.mode == Mode::Stochastic,
                config.runs,
            );
            let result = simulate::simulate(&loaded.scenario, &analysis, &config, &|done| {
                bar.set_position(done);
            });
            bar.finish_and_clear();
            let stdout = match format {
                Format::Text => report::simulation::text(&result, paint),
                Format::Markdown => report::simulation::markdown(&result),
                Format::Json => report::simulation::json(&loaded.scenario.conference.id, &result),
                Format::Csv | Format::Html => return Err(unsupported("simulate", *format)),
            };
            (stdout, vec![loaded], any_contested(&analysis))
        }
        Command::Trace {
            scenario,
            config,
            run,
            item,
        } => {
            let Analysed {
                loaded, analysis, ..
            } = analysed(scenario, settings)?;
            if let Some(id) = item
                && !loaded.scenario.items.contains_key(id.as_str())
            {
                let ids = loaded.scenario.items.keys().map(|id| id.as_str());
                return Err(Error::Usage {
                    message: format!("the scenario has no agenda item `{id}`"),
                    hint: crate::load::suggest(id, ids)
                        .map(|best| format!("did you mean `{best}`?")),
                });
            }
            let trace = simulate::trace(&loaded.scenario, &analysis, config, *run);
            let stdout = report::simulation::trace(&trace, item.as_deref(), paint);
            (stdout, vec![loaded], false)
        }
        Command::Backtest(scenario, config, format) => {
            check_runs(config.runs)?;
            let loaded = load_with(scenario, &settings.whatifs, settings)?;
            let config = SimConfig {
                threads: settings.threads.get(),
                ..*config
            };
            let backtest =
                simulate::backtest::backtest(&loaded.scenario, loaded.outcomes.as_ref(), &config);
            let stdout = match format {
                Format::Text => report::backtest::text(&backtest, paint),
                Format::Markdown => report::backtest::markdown(&backtest),
                Format::Json => report::backtest::json(&loaded.scenario.conference.id, &backtest),
                Format::Csv | Format::Html => return Err(unsupported("backtest", *format)),
            };
            (stdout, vec![loaded], false)
        }
        Command::Compare(first, second, config, format) => {
            check_runs(config.runs)?;
            let config = SimConfig {
                threads: settings.threads.get(),
                ..*config
            };
            let (a, b) = match second {
                Some(second) => (
                    load_with(first, &[], settings)?,
                    load_with(second, &settings.whatifs, settings)?,
                ),
                None => (
                    load_with(first, &[], settings)?,
                    load_with(first, &settings.whatifs, settings)?,
                ),
            };
            let side = |loaded: &Loaded| {
                let graph = PositionGraph::membership(&loaded.scenario);
                let analysis = analysis::analyse(&loaded.scenario, &graph, &settings.analysis);
                let result = simulate::simulate(&loaded.scenario, &analysis, &config, &|_| {});
                (analysis, result)
            };
            let (a_side, b_side) = (side(&a), side(&b));
            let view = report::whatif::CompareView::build(
                (&a.scenario, &a_side.0, &a_side.1),
                (&b.scenario, &b_side.0, &b_side.1),
            );
            let stdout = match format {
                Format::Text => report::whatif::compare_text(&view, paint),
                Format::Markdown => report::whatif::compare_markdown(&view),
                Format::Json => report::whatif::compare_json(&view),
                Format::Csv | Format::Html => return Err(unsupported("compare", *format)),
            };
            (stdout, vec![a, b], false)
        }
        Command::Sweep(scenario, sweep, config, format) => {
            check_runs(config.runs)?;
            let config = SimConfig {
                threads: settings.threads.get(),
                ..*config
            };
            if !sweep.step.is_finite()
                || sweep.step <= 0.0
                || sweep.from > sweep.to
                || !(0.0..=1.0).contains(&sweep.from)
                || !(0.0..=1.0).contains(&sweep.to)
            {
                return Err(Error::Usage {
                    message: format!(
                        "cannot sweep from {} to {} by {}",
                        sweep.from, sweep.to, sweep.step
                    ),
                    hint: Some(
                        "give 0 <= --from <= --to <= 1 and a positive, finite --step".into(),
                    ),
                });
            }
            let points = ((sweep.to - sweep.from) / sweep.step + 1e-9).floor() + 1.0;
            if points > MAX_SWEEP_POINTS as f64 {
                return Err(Error::Usage {
                    message: format!(
                        "sweeping from {} to {} by {} takes {points} points, more than {MAX_SWEEP_POINTS}",
                        sweep.from, sweep.to, sweep.step
                    ),
                    hint: Some(format!(
                        "give a --step of at least {}",
                        (sweep.to - sweep.from) / (MAX_SWEEP_POINTS - 1) as f64
                    )),
                });
            }
            if config.runs.saturating_mul(points as u64) > simulate::MAX_RUNS {
                return Err(Error::Usage {
                    message: format!(
                        "{points} points × {} runs is more than {} runs in all",
                        config.runs,
                        simulate::MAX_RUNS
                    ),
                    hint: Some("give fewer --runs or a larger --step".into()),
                });
            }
            let n = points as usize;
            let mut series = Vec::with_capacity(n);
            let mut inputs = Vec::new();
            for k in 0..n {
                let value = (sweep.from + k as f64 * sweep.step).min(sweep.to);
                let value = (value * 1e6).round() / 1e6;
                let mut whatifs = settings.whatifs.clone();
                whatifs.push(WhatIf::Set(format!(
                    "{}:{}={}:{value}",
                    sweep.group,
                    sweep.item.as_deref().unwrap_or("*"),
                    sweep.param
                )));
                let loaded = load_with(scenario, &whatifs, settings)?;
                let graph = PositionGraph::membership(&loaded.scenario);
                let analysis = analysis::analyse(&loaded.scenario, &graph, &settings.analysis);
                let result = simulate::simulate(&loaded.scenario, &analysis, &config, &|_| {});
                series.push((value, result));
                inputs.push(loaded);
            }
            let view = report::whatif::SweepView::build(sweep, &series);
            let stdout = match format {
                Format::Text => report::whatif::sweep_text(&view, paint),
                Format::Markdown => report::whatif::sweep_markdown(&view),
                Format::Json => report::whatif::sweep_json(&view),
                Format::Csv | Format::Html => return Err(unsupported("sweep", *format)),
            };
            inputs.truncate(1);
            (stdout, inputs, false)
        }
        Command::Sensitivity(scenario, config, format) => {
            check_runs(config.runs)?;
            let config = SimConfig {
                threads: settings.threads.get(),
                ..*config
            };
            let base = load_with(scenario, &settings.whatifs, settings)?;
            let groups: Vec<String> = base
                .scenario
                .groups
                .keys()
                .map(ToString::to_string)
                .collect();
            let with_files: Vec<String> = groups
                .iter()
                .filter(|g| base.scenario.positions[g.as_str()].file.is_some())
                .cloned()
                .collect();
            let mut levers = Vec::new();
            for group in &with_files {
                for param in ["flexibility", "salience"] {
                    let mut ends = Vec::new();
                    for delta in ["-0.2", "+0.2"] {
                        let mut whatifs = settings.whatifs.clone();
                        whatifs.push(WhatIf::Set(format!("{group}:*={param}:{delta}")));
                        let loaded = load_with(scenario, &whatifs, settings)?;
                        let graph = PositionGraph::membership(&loaded.scenario);
                        let analysis =
                            analysis::analyse(&loaded.scenario, &graph, &settings.analysis);
                        ends.push(simulate::simulate(
                            &loaded.scenario,
                            &analysis,
                            &config,
                            &|_| {},
                        ));
                    }
                    levers.push((group.clone(), param, ends.remove(0), ends.remove(0)));
                }
            }
            let view = report::whatif::SensitivityView::build(&base.scenario, &levers);
            let stdout = match format {
                Format::Text => report::whatif::sensitivity_text(&view, paint),
                Format::Markdown => report::whatif::sensitivity_markdown(&view),
                Format::Json => report::whatif::sensitivity_json(&view),
                Format::Csv | Format::Html => return Err(unsupported("sensitivity", *format)),
            };
            (stdout, vec![base], false)
        }
        Command::Brief {
            scenario,
            reader,
            all_into,
            sim,
            format,
        } => {
            if let Some(sim) = sim {
                check_runs(sim.runs)?;
            }
            let sim = sim.map(|sim| SimConfig {
                threads: settings.threads.get(),
                ..sim
            });
            let loaded = load_with(scenario, &settings.whatifs, settings)?;
            let render = |brief: &crate::brief::Brief| match format {
                Format::Markdown => Ok(crate::brief::markdown::render(brief)),
                Format::Html => Ok(crate::brief::html::render(brief)),
                Format::Json => Ok(crate::brief::json(brief)),
                Format::Text | Format::Csv => Err(unsupported("brief", *format)),
            };
            let extension = match format {
                Format::Html => "html",
                Format::Json => "json",
                _ => "md",
            };
            let stdout = match (reader, all_into) {
                (_, Some(dir)) => {
                    let inputs: Vec<PathBuf> = loaded.inputs.clone();
                    let mut files = Vec::new();
                    for group in loaded.scenario.groups.keys() {
                        let reader = crate::brief::Reader::Group(group.clone());
                        let brief = crate::brief::brief(
                            &loaded.scenario,
                            &reader,
                            &settings.analysis,
                            sim.as_ref(),
                        )
                        .expect("every group of the scenario can read its brief");
                        let name = format!("{}.{extension}", group.as_str().to_lowercase());
                        files.push((name, render(&brief)?.into_bytes()));
                    }
                    crate::write::write_tree(dir, &files, &inputs, settings.force)?;
                    let written: Vec<String> = files
                        .iter()
                        .map(|(name, _)| dir.join(name).display().to_string())
                        .collect();
                    format!("wrote {}\n", written.join(", "))
                }
                (Some(name), None) => {
                    let reader = if loaded.scenario.groups.contains_key(name.as_str()) {
                        crate::brief::Reader::Group(crate::id::GroupId::new(name))
                    } else if loaded.scenario.states.contains_key(name.as_str()) {
                        crate::brief::Reader::State(crate::id::StateId::new(name))
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
                            hint: crate::load::suggest(name, candidates)
                                .map(|best| format!("did you mean `{best}`?")),
                        });
                    };
                    let brief = crate::brief::brief(
                        &loaded.scenario,
                        &reader,
                        &settings.analysis,
                        sim.as_ref(),
                    )
                    .expect("the reader was checked");
                    render(&brief)?
                }
                (None, None) => {
                    return Err(Error::Usage {
                        message: "`brief` needs --for GROUP|STATE, or --all -o DIR".into(),
                        hint: None,
                    });
                }
            };
            (stdout, vec![loaded], false)
        }
        Command::ImportDecide {
            file,
            dir,
            name,
            as_of,
        } => {
            check_file_name("--name", name)?;
            if crate::model::Date::parse(as_of).is_none() {
                return Err(Error::Usage {
                    message: format!("--as-of `{as_of}` is not a date"),
                    hint: Some("write YYYY-MM-DD or YYYY-MM".into()),
                });
            }
            let display = file.display().to_string();
            let unreadable = |message: String, hint: Option<String>| {
                Error::Invalid(Diagnostics {
                    list: vec![crate::diag::Diagnostic {
                        code: Code::UnreadableFile,
                        severity: Code::UnreadableFile.severity(),
                        message,
                        location: None,
                        hint,
                    }],
                    sources: Vec::new(),
                })
            };
            let bytes = crate::load::source::read_bounded(file, crate::load::MAX_FILE_BYTES)
                .map_err(|error| match error.kind() {
                    std::io::ErrorKind::FileTooLarge => unreadable(
                        format!(
                            "`{display}` is more than the {} MiB a file may have",
                            crate::load::MAX_FILE_BYTES >> 20
                        ),
                        None,
                    ),
                    _ => unreadable(format!("cannot read `{display}`: {error}"), None),
                })?;
            let text = String::from_utf8(bytes).map_err(|_| {
                unreadable(
                    format!("`{display}` is not UTF-8 text"),
                    Some("save the file as UTF-8".into()),
                )
            })?;
            let decide = crate::interop::decide::parse(&text).map_err(|errors| {
                let starts: Vec<usize> = std::iter::once(0)
                    .chain(text.match_indices('\n').map(|(at, _)| at + 1))
                    .collect();
                Error::Invalid(Diagnostics {
                    list: errors
                        .into_iter()
                        .map(|(line, message)| {
                            let start = starts.get(line - 1).copied().unwrap_or(0);
                            let end = text[start..].find('\n').map_or(text.len(), |e| start + e);
                            crate::diag::Diagnostic {
                                code: Code::DecideRow,
                                severity: Code::DecideRow.severity(),
                                message,
                                location: Some(crate::diag::Location {
                                    file: display.clone(),
                                    line,
                                    column: 1,
                                    span: start..end.max(start + 1).min(text.len()),
                                }),
                                hint: None,
                            }
                        })
                        .collect(),
                    sources: vec![crate::diag::SourceText {
                        name: display.clone(),
                        text: text.clone(),
                    }],
                })
            })?;
            let files = crate::interop::decide::to_files(&decide, name, as_of);
            check_before_writing(&files, &format!("scenarios/{name}.ron"))?;
            crate::write::write_tree(
                dir,
                &into_bytes(files),
                std::slice::from_ref(file),
                settings.force,
            )?;
            return Ok(Output {
                stdout: format!(
                    "imported {} actors, {} issues, {} positions; run `concord report {}`\n",
                    decide.actors.len(),
                    decide.issues.len(),
                    decide.rows.len(),
                    dir.join(format!("scenarios/{name}.ron")).display()
                ),
                ..Output::default()
            });
        }
        Command::ExportDecide(scenario) => {
            let loaded = load_with(scenario, &settings.whatifs, settings)?;
            (
                crate::interop::decide::export(&loaded.scenario),
                vec![loaded],
                false,
            )
        }
        Command::Generate(config, dir) => {
            config.check().map_err(|(message, hint)| Error::Usage {
                message,
                hint: Some(hint),
            })?;
            let files = generate::generate(config);
            check_before_writing(&files, "scenarios/generated.ron")?;
            let n_files = files.len();
            crate::write::write_tree(dir, &into_bytes(files), &[], settings.force)?;
            let stdout = format!(
                "wrote {} files; run `concord report {}`\n",
                n_files,
                dir.join("scenarios/generated.ron").display()
            );
            return Ok(Output {
                stdout,
                ..Output::default()
            });
        }
    };
    let mut warnings = Diagnostics::default();
    let mut inputs = Vec::new();
    for loaded in loaded {
        inputs.extend(loaded.inputs);
        warnings.list.extend(loaded.warnings.list);
        warnings.sources.extend(loaded.warnings.sources);
        let big = big(&loaded.scenario);
        drop_later(loaded.scenario, big);
    }
    Ok(Output {
        stdout,
        stream: None,
        warnings,
        inputs,
        failed: settings.fail_on == Some(FailOn::Contested) && contested,
    })
}

/// Frees a large value on another thread: a scenario of 250,000 cells takes a tenth of a second
/// to free, which the answer should not wait for (the process may exit first, which frees it
/// all at once).
fn drop_later<T: Send + 'static>(value: T, big: bool) {
    if big {
        // Without a thread to spare, the value is freed here (by `spawn` failing).
        let _ = std::thread::Builder::new().spawn(move || drop(value));
    }
}

/// Whether a scenario is worth a thread to free (a small one frees faster than a thread starts).
fn big(scenario: &crate::model::Scenario) -> bool {
    scenario.items.len() * scenario.groups.len() >= 10_000
}

fn check_runs(runs: u64) -> Result<(), Error> {
    if runs == 0 || runs > simulate::MAX_RUNS {
        return Err(Error::Usage {
            message: format!("--runs {runs} is out of range"),
            hint: Some(format!("give between 1 and {} runs", simulate::MAX_RUNS)),
        });
    }
    Ok(())
}

/// A progress bar on stderr for long simulations; hidden otherwise.
fn progress_bar(show: bool, runs: u64) -> indicatif::ProgressBar {
    if !show || runs < 20_000 {
        return indicatif::ProgressBar::hidden();
    }
    let bar = indicatif::ProgressBar::with_draw_target(
        Some(runs),
        indicatif::ProgressDrawTarget::stderr(),
    );
    if let Ok(style) = indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} runs ({eta})")
    {
        bar.set_style(style);
    }
    bar
}

fn any_contested(analysis: &Analysis) -> bool {
    analysis
        .items
        .iter()
        .any(|item| item.status == ItemStatus::Contested)
}

fn summary(loaded: &Loaded, graph: &PositionGraph) -> Summary {
    Summary::build(
        &loaded.scenario,
        graph,
        loaded.outcomes.as_ref(),
        loaded.warnings.list.len(),
    )
}

/// Loads a scenario with the what-if changes applied. Overlay files are read from the disk,
/// also for the bundled scenario.
fn load_with(
    scenario: &ScenarioRef,
    whatifs: &[WhatIf],
    settings: &Settings,
) -> Result<Loaded, Error> {
    let root = |path: &Path| {
        settings
            .root
            .clone()
            .unwrap_or_else(|| crate::load::default_root(path))
    };
    match scenario {
        ScenarioRef::Bundled => {
            let overlay = Overlay {
                top: bundled::source(),
                base: &FsSource,
            };
            let path = Path::new(bundled::DEFAULT_SCENARIO);
            load_scenario_in(&overlay, path, &crate::load::default_root(path), whatifs)
        }
        ScenarioRef::Path(path) => load_scenario_in(&FsSource, path, &root(path), whatifs),
        ScenarioRef::Memory(source, path) => load_scenario_in(source, path, &root(path), whatifs),
    }
    .map_err(Error::Invalid)
}

/// A name that becomes a file name: no separator, no `..`, not empty, nothing hidden.
fn check_file_name(flag: &str, name: &str) -> Result<(), Error> {
    let plain = !name.is_empty()
        && !name.starts_with('.')
        && name.len() <= 100
        && !name
            .chars()
            .any(|c| matches!(c, '/' | '\\' | ':') || c.is_control() || c.is_whitespace());
    if plain {
        Ok(())
    } else {
        Err(Error::Usage {
            message: format!("{flag} `{}` is not a plain file name", name.escape_debug()),
            hint: Some(
                "give a name of up to 100 characters without `/`, `\\`, `:`, spaces, or a \
                 leading `.`, e.g. `cop21`"
                    .into(),
            ),
        })
    }
}

/// Loads a tree about to be written, from memory: a scenario concord would reject is never
/// written.
fn check_before_writing(files: &[(String, String)], scenario: &str) -> Result<(), Error> {
    let mut source = MemorySource::new();
    for (path, contents) in files {
        source.insert(path, contents.as_bytes());
    }
    crate::load::load_scenario(&source, Path::new(scenario))
        .map(drop)
        .map_err(Error::Invalid)
}

fn into_bytes(files: Vec<(String, String)>) -> Vec<(String, Vec<u8>)> {
    files
        .into_iter()
        .map(|(path, text)| (path, text.into_bytes()))
        .collect()
}

/// Writes `contents` to `path` atomically, refusing to overwrite any of `inputs` (see
/// [`crate::write`]).
pub fn write_output(path: &Path, contents: &str, inputs: &[PathBuf]) -> Result<(), Error> {
    write_output_with(path, inputs, |file| file.write_all(contents.as_bytes()))
}

/// Like [`write_output`], the contents written by `write` (a command's whole [`Output`]).
pub fn write_output_with(
    path: &Path,
    inputs: &[PathBuf],
    write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> Result<(), Error> {
    Ok(crate::write::write_file(path, inputs, write)?)
}

/// Every bound on what a user controls (`concord explain limits`, and the end of
/// `concord explain`).
pub fn limits() -> String {
    use crate::generate as g;
    let lines = [
        format!(
            "a file concord reads: a regular file of at most {} MiB (counted while reading)",
            crate::load::MAX_FILE_BYTES >> 20
        ),
        "the files a scenario names: inside its root (the directory above `scenarios/`, or the scenario's own directory; --root DIR)".to_owned(),
        format!("agenda items per scenario: {}", crate::load::MAX_ITEMS),
        format!("options per item: {}", crate::model::MAX_OPTIONS),
        format!("rounds per stage: {}", crate::load::MAX_ROUNDS),
        format!("an explicit capability: 0 to {}", crate::load::MAX_CAPABILITY),
        "item and option ids: 1 to 100 characters, no whitespace or invisible characters".to_owned(),
        format!("--runs: 1 to {}", simulate::MAX_RUNS),
        format!(
            "sweep: at most {MAX_SWEEP_POINTS} points, and points × --runs at most {}",
            simulate::MAX_RUNS
        ),
        "--threshold, --from, --to: 0 to 1".to_owned(),
        "--threads: 1 to 1024; more than 4 per core is lowered to 4 per core, with a warning".to_owned(),
        format!(
            "generate: --groups 1 to {}, --items 1 to {}, --options 2 to {}, --members from --groups to {}, groups × items at most {}",
            g::MAX_GROUPS,
            g::MAX_ITEMS,
            crate::model::MAX_OPTIONS,
            g::MAX_MEMBERS,
            g::MAX_CELLS
        ),
        "--name: a plain file name of 1 to 100 characters".to_owned(),
    ];
    let mut out = String::from(
        "limits (a value beyond one is refused with exit 2; nothing is clamped silently):\n",
    );
    for line in lines {
        out.push_str(&format!("  {line}\n"));
    }
    out
}

fn explain(code: Option<&str>) -> Result<String, Error> {
    if code == Some("limits") {
        return Ok(limits());
    }
    let Some(name) = code else {
        let mut out = String::from("diagnostic codes (concord explain CODE for details):\n");
        for code in Code::ALL {
            out.push_str(&format!(
                "  {:<24} {:<7}  {}\n",
                code.name(),
                code.severity().label(),
                code.summary()
            ));
        }
        out.push('\n');
        out.push_str(&limits());
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

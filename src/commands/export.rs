//! `concord export`: the validated model as JSON, or its scale items as a Decide file.

#[allow(clippy::wildcard_imports)]
use super::*;

/// The arguments of `concord export`.
#[derive(Debug, clap::Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct Args {
    #[command(subcommand)]
    table: Option<ExportWhat>,
    scenario: Option<PathBuf>,
    /// json: the validated model; decide: its scale items as a Decide file.
    #[arg(long, value_enum, default_value_t = ExportFormat::Json)]
    format: ExportFormat,
}

/// The formats of `export`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum ExportFormat {
    Json,
    /// The scale items, for the Decide exchange-model tool.
    Decide,
}

/// What `export` writes besides the model.
#[derive(Debug, clap::Subcommand)]
enum ExportWhat {
    /// The coordinator's table: the long layout (lossless, one row per position entry) or the
    /// wide comparison table (an item a row, a group a column), as CSV; or a workbook with both
    /// and the matrix, contested and status tables (xlsx, with -o FILE).
    Table(super::export_table::Args),
}

impl Args {
    /// The request.
    pub fn request(self, context: &Context) -> Result<Command, String> {
        if let Some(ExportWhat::Table(args)) = self.table {
            return args.request(context);
        }
        Ok(match self.format {
            ExportFormat::Json => Command::Export(scenario(self.scenario)),
            ExportFormat::Decide => Command::ExportDecide(scenario(self.scenario)),
        })
    }
}

pub(crate) fn run(scenario: &ScenarioRef, settings: &Settings) -> Result<Output, Error> {
    let Loaded {
        scenario,
        warnings,
        inputs,
        ..
    } = load_with(scenario, &settings.whatifs, settings)?;
    let big = big(settings, &scenario);
    let failed = settings.fail_on == Some(FailOn::Contested)
        && any_contested(&analysis::Analysed::new(&scenario, &settings.analysis).analysis);
    let marking = Marking::of([&scenario]);
    Ok(Output {
        stream: Some(marked_json(
            &marking,
            Stream::new(move |out| {
                let written = print::json::write_export(out, &scenario);
                drop_later(scenario, big);
                written
            }),
        )),
        warnings,
        inputs,
        failed,
        ..Output::default()
    })
}

pub(crate) fn run_decide(scenario: &ScenarioRef, settings: &Settings) -> Result<Output, Error> {
    let loaded = load_with(scenario, &settings.whatifs, settings)?;
    let has_scale = loaded
        .scenario
        .items
        .values()
        .any(|item| matches!(item.kind, concord_core::model::ItemKind::Scale(_)));
    if !has_scale {
        return Err(Error::Usage {
            message: format!(
                "{} has no scale item: a Decide file holds scale items only",
                loaded.scenario.conference.id
            ),
            hint: Some(
                "export a scenario with 0-100 scale items, or use `export --format json`".into(),
            ),
        });
    }
    // A Decide file holds the public scale positions only: nothing confidential to mark.
    Ok(finish(
        settings,
        Kind::Decide,
        (
            concord_print::decide::export(&loaded.scenario),
            vec![loaded],
            None,
        ),
    ))
}

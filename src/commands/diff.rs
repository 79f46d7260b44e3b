//! `concord diff`: who moved where, between two snapshots or two dates of one scenario.

#[allow(clippy::wildcard_imports)]
use super::*;

/// The arguments of `concord diff`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// What the output shows: `--items`, `--tag`, `--groups`.
    #[command(flatten)]
    pub focus: FocusFlags,
    /// The older snapshot, or the scenario to replay with --from.
    old: Option<PathBuf>,
    /// The newer snapshot.
    new: Option<PathBuf>,
    /// Replay the scenario at this date for the old side.
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    from: Option<Date>,
    /// Replay it at this date for the new side [default: the scenario as written].
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    to: Option<Date>,
    #[arg(long, value_enum, default_value_t = FormatArg::Text)]
    format: FormatArg,
}

impl Args {
    /// The request: two snapshots, or one scenario between two dates.
    pub fn request(self, context: &Context) -> Result<Command, String> {
        command(
            self.old,
            self.new,
            self.from,
            self.to,
            context.as_of.is_some(),
            self.format.into(),
        )
    }
}

/// The `diff` request, or a usage error: `OLD NEW`, or `[SCENARIO] --from DATE [--to DATE]`.
fn command(
    old: Option<PathBuf>,
    new: Option<PathBuf>,
    from: Option<Date>,
    to: Option<Date>,
    as_of: bool,
    format: ReportFormat,
) -> Result<Command, String> {
    match (old, new, from) {
        (old, None, Some(from)) => {
            if as_of {
                return Err(
                    "--as-of and --from both set a date: give --from and --to to `diff`".into(),
                );
            }
            if let Some(to) = to
                && to.before(from)
            {
                return Err(format!("--to ({to}) is before --from ({from})"));
            }
            Ok(Command::Diff {
                old: scenario(old.clone()),
                new: scenario(old),
                dates: Some((from, to)),
                format,
            })
        }
        (Some(_), Some(_), Some(_)) => Err(
            "diff compares two snapshots, or one scenario between --from and --to; not both".into(),
        ),
        (_, _, None) if to.is_some() => {
            Err("--to needs --from (the date to compare it with)".into())
        }
        (Some(old), Some(new), None) => Ok(Command::Diff {
            old: ScenarioRef::Path(old),
            new: ScenarioRef::Path(new),
            dates: None,
            format,
        }),
        _ => Err("diff needs two snapshots (OLD NEW), or one scenario with --from DATE".into()),
    }
}

pub(crate) fn run(
    (old, new): (&ScenarioRef, &ScenarioRef),
    dates: Option<(concord_core::model::Date, Option<concord_core::model::Date>)>,
    format: &ReportFormat,
    settings: &Settings,
) -> Result<Output, Error> {
    let paint = paint_of(settings);
    // The focus may name an item only one side has: it is resolved against both below.
    let unfocused = Settings {
        focus: crate::app::FocusArgs::default(),
        ..settings.clone()
    };
    let at = |date: Option<concord_core::model::Date>| Settings {
        as_of: date,
        ..unfocused.clone()
    };
    let (old, new) = match dates {
        Some((from, to)) => (analysed(old, &at(Some(from)))?, analysed(new, &at(to))?),
        None => (analysed(old, &unfocused)?, analysed(new, &unfocused)?),
    };
    let focus = settings
        .focus
        .resolve_either(&old.loaded.scenario, &new.loaded.scenario)?;
    let mut diff = analysis::diff(
        (&old.loaded.scenario, &old.analysis),
        (&new.loaded.scenario, &new.analysis),
    );
    focus.narrow_diff(&mut diff);
    let stdout = in_format(
        *format,
        || print::text::diff(&diff, paint),
        || print::markdown::diff(&diff),
        || print::json::diff(&diff),
    );
    let contested = any_contested(&new.analysis);
    Ok(finish(
        settings,
        Kind::from(*format),
        (stdout, vec![old.loaded, new.loaded], Some(contested)),
    ))
}

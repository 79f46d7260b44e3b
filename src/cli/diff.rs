//! `diff`'s two forms: two snapshots, or one scenario between two dates.

use std::path::PathBuf;

use concord::app::{Command, ScenarioRef};
use concord_core::model::Date;
use concord_print::report::ReportFormat;

/// The `diff` request, or a usage error: `OLD NEW`, or `[SCENARIO] --from DATE [--to DATE]`.
pub(super) fn command(
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
                old: super::scenario(old.clone()),
                new: super::scenario(old),
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

/// A date argument (`--as-of`, `--from`, `--to`): `YYYY-MM-DD` (or `YYYY-MM`), parsed once.
pub(super) fn parse_date(text: &str) -> Result<Date, String> {
    Date::parse(text).ok_or_else(|| format!("`{text}` is not a date: write YYYY-MM-DD"))
}

/// The date `import` gives a scenario when `--as-of` does not: the Decide format carries none.
pub(super) fn import_date() -> Date {
    Date::parse("2000-01-01").expect("2000-01-01 is a date")
}

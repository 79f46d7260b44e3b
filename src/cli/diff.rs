//! `diff`'s two forms: two snapshots, or one scenario between two dates.

use std::path::PathBuf;

use concord::app::{Command, ScenarioRef};
use concord_core::model::Date;
use concord_print::report::Format;

/// The `diff` request, or a usage error: `OLD NEW`, or `[SCENARIO] --from DATE [--to DATE]`.
pub(super) fn command(
    old: Option<PathBuf>,
    new: Option<PathBuf>,
    from: Option<String>,
    to: Option<String>,
    as_of: bool,
    format: Format,
) -> Result<Command, String> {
    let date = |d: Option<String>| d.as_deref().and_then(Date::parse);
    match (old, new, from) {
        (old, None, Some(from)) => {
            if as_of {
                return Err(
                    "--as-of and --from both set a date: give --from and --to to `diff`".into(),
                );
            }
            let Some(from) = date(Some(from)) else {
                return Err("--from is not a date".into());
            };
            if let Some(to) = date(to.clone())
                && to.before(from)
            {
                return Err(format!("--to ({to}) is before --from ({from})"));
            }
            Ok(Command::Diff {
                old: super::scenario(old.clone()),
                new: super::scenario(old),
                dates: Some((from, date(to))),
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

/// A `--as-of` date: `YYYY-MM-DD` (or `YYYY-MM`).
pub(super) fn parse_date(text: &str) -> Result<String, String> {
    concord_core::model::Date::parse(text)
        .map(|_| text.to_owned())
        .ok_or_else(|| format!("`{text}` is not a date: write YYYY-MM-DD"))
}

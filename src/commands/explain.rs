//! `concord explain`: what a diagnostic code means, every code, and every limit.

#[allow(clippy::wildcard_imports)]
use super::*;
use crate::app::{MAX_THREADS, THREADS_PER_CORE};

/// The arguments of `concord explain`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// A code such as `unknown-group`.
    code: Option<String>,
}

impl Args {
    /// The request.
    pub fn request(self, _: &Context) -> Result<Command, String> {
        Ok(Command::Explain(self.code))
    }
}

pub(crate) fn run(code: &Option<String>) -> Result<Output, Error> {
    explain(code.as_deref()).map(|stdout| Output {
        stdout,
        ..Output::default()
    })
}

/// Every bound on what a user controls (`concord explain limits`, and the end of
/// `concord explain`).
pub fn limits() -> String {
    let lines = [
        format!(
            "a file concord reads: a regular file of at most {} MiB (counted while reading)",
            LIMITS.file_bytes >> 20
        ),
        "the files a scenario names: inside its root (the directory above `scenarios/`, or the scenario's own directory; --root DIR)".to_owned(),
        format!("agenda items per scenario: {}", LIMITS.items),
        format!("options per item: {}", LIMITS.options),
        format!("rounds per stage: {}", LIMITS.rounds),
        format!("rounds of all stages together: {}", LIMITS.total_rounds),
        format!("groups per scenario: {}", LIMITS.groups),
        format!(
            "cells per scenario (groups × agenda items and issues): {}",
            LIMITS.cells
        ),
        format!(
            "one simulation: runs × rounds of all stages × items × groups at most {} (refused before it starts)",
            LIMITS.simulated_work
        ),
        format!("an explicit capability: 0 to {}", LIMITS.capability),
        "item and option ids: 1 to 100 characters, no whitespace or invisible characters".to_owned(),
        format!("--runs: 1 to {}", LIMITS.runs),
        format!(
            "sweep: at most {} points, and points × --runs at most {}",
            LIMITS.sweep_points, LIMITS.runs
        ),
        "--threshold, --from, --to: 0 to 1".to_owned(),
        format!(
            "--threads: 1 to {MAX_THREADS}; more than {THREADS_PER_CORE} per core is lowered to {THREADS_PER_CORE} per core, with a warning"
        ),
        format!(
            "generate: --groups 1 to {}, --items 1 to {}, --options 2 to {}, --members from --groups to {}, groups × items at most {}",
            LIMITS.generate_groups,
            LIMITS.generate_items,
            LIMITS.options,
            LIMITS.generate_members,
            LIMITS.generate_cells
        ),
        "--name: a plain file name of 1 to 100 characters".to_owned(),
        format!(
            "import table: a table of at most {} MiB; a workbook whose parts unpack to at most {} MiB (checked before it is opened); at most {} cells a sheet; formulas never run (a formula without a cached value is refused)",
            crate::tables::MAX_TABLE_BYTES >> 20,
            crate::tables::MAX_UNPACKED_BYTES >> 20,
            crate::tables::MAX_CELLS
        ),
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
            let hint = concord_core::load::suggest(name, names).map_or_else(
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

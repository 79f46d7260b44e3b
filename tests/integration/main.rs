//! The integration tests: one test binary (faster to build than one per file), grouped by
//! feature.

mod adoption;
mod agenda;
mod architecture;
mod audience;
mod bounds;
mod brief;
mod brief_lines;
mod bundled;
mod cli;
mod determinism;
mod diff;
mod docs;
mod escaping;
mod fixtures;
mod format;
mod fuzz;
mod hostile;
mod interop;
mod office;
mod properties;
mod set;
mod simulation;
mod slips;
mod snapshots;
mod status;
mod tables;
mod tables_hostile;
mod tables_office;
mod whatif;
mod words;

use std::path::{Path, PathBuf};

/// `tests/fixtures`, relative to the package root (the working directory of `cargo test`), so
/// that diagnostics name files the way the fixtures' `// expect:` lines do.
pub fn fixtures() -> PathBuf {
    PathBuf::from("tests/fixtures")
}

/// A diagnostic reduced to what the fixtures assert: code, file (relative to `tests/fixtures`),
/// line and column.
pub fn located(diagnostic: &concord_core::diag::Diagnostic) -> String {
    let location = diagnostic
        .location
        .as_ref()
        .map(|location| {
            let file = Path::new(&location.file)
                .strip_prefix(fixtures())
                .map_or_else(|_| location.file.clone(), |p| p.display().to_string());
            format!("{file}:{}:{}", location.line, location.column)
        })
        .unwrap_or_else(|| "-".into());
    format!("{} {location}", diagnostic.code)
}

/// The files of the base fixture (`tests/fixtures/base`), relative to it.
pub const BASE_FILES: [&str; 9] = [
    "scenario.ron",
    "scenario.outcomes.ron",
    "states.ron",
    "groups.ron",
    "cept.ron",
    "citel.ron",
    "apt.ron",
    "atu.ron",
    "private/cept.ron",
];

/// The base fixture copied into a temporary directory.
pub fn copy_base() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let base = Path::new("tests/fixtures/base");
    for entry in BASE_FILES {
        let target = dir.path().join(entry);
        std::fs::create_dir_all(target.parent().unwrap()).unwrap();
        std::fs::copy(base.join(entry), &target).unwrap();
    }
    dir
}

/// The brief of `reader` on `scenario` in `format`, simulated with `runs` (seed 5) when given,
/// with the what-if changes `sets` applied.
pub fn brief_of(
    scenario: &Path,
    reader: &str,
    format: concord_print::report::BriefFormat,
    runs: Option<u64>,
    sets: &[&str],
) -> String {
    let command = concord::commands::Command::Brief {
        scenario: concord::app::ScenarioRef::Path(scenario.to_owned()),
        reader: Some(reader.into()),
        all_into: None,
        sim: runs.map(|runs| concord_core::simulate::SimConfig {
            runs,
            seed: 5,
            ..concord_core::simulate::SimConfig::default()
        }),
        format,
    };
    let settings = concord::app::Settings {
        whatifs: sets
            .iter()
            .map(|set| concord_core::load::WhatIf::Set((*set).into()))
            .collect(),
        ..concord::app::Settings::default()
    };
    concord::run(&command, &settings).unwrap().stdout
}

/// The stdout of a run that must succeed (exit 0), its stderr in the failure message.
pub fn succeeded(output: &std::process::Output) -> String {
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout.clone()).unwrap()
}

/// `concord ARGS` run in `dir`, without colour.
pub fn concord_in(args: &[&str], dir: &Path) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_concord"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .unwrap()
}

/// The bundled WRC-27 scenario and every file it reads, copied under `dir`.
pub fn copy_wrc27(dir: &Path) {
    for sub in ["scenarios", "positions/wrc27/organisations"] {
        std::fs::create_dir_all(dir.join(sub)).unwrap();
    }
    let mut files = vec![
        "scenarios/wrc27.ron".to_owned(),
        "positions/states.ron".into(),
        "positions/groups.ron".into(),
        "positions/wrc27/organisations/ctia.ron".into(),
    ];
    files.extend(
        ["cept", "citel", "apt", "atu", "arb", "rcc"].map(|g| format!("positions/wrc27/{g}.ron")),
    );
    for file in files {
        std::fs::copy(&file, dir.join(&file)).unwrap();
    }
}

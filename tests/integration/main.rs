//! The integration tests: one test binary (faster to build than one per file), grouped by
//! feature.

mod architecture;
mod brief;
mod brief_lines;
mod bundled;
mod cli;
mod docs;
mod fast_path;
mod fixtures;
mod fuzz;
mod hostile;
mod interop;
mod properties;
mod roundtrip;
mod simulation;
mod snapshots;
mod status;
mod whatif;

use std::path::{Path, PathBuf};

/// `tests/fixtures`, relative to the package root (the working directory of `cargo test`), so
/// that diagnostics name files the way the fixtures' `// expect:` lines do.
pub fn fixtures() -> PathBuf {
    PathBuf::from("tests/fixtures")
}

/// A diagnostic reduced to what the fixtures assert: code, file (relative to `tests/fixtures`),
/// line and column.
pub fn located(diagnostic: &concord::diag::Diagnostic) -> String {
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

/// The base fixture (`tests/fixtures/base`) copied into a temporary directory.
pub fn copy_base() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let base = Path::new("tests/fixtures/base");
    for entry in [
        "scenario.ron",
        "scenario.outcomes.ron",
        "states.ron",
        "groups.ron",
        "cept.ron",
        "citel.ron",
        "apt.ron",
        "atu.ron",
        "private/cept.ron",
    ] {
        let target = dir.path().join(entry);
        std::fs::create_dir_all(target.parent().unwrap()).unwrap();
        std::fs::copy(base.join(entry), &target).unwrap();
    }
    dir
}

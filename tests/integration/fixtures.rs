//! Every fixture under `tests/fixtures`: valid ones load cleanly, each invalid one raises exactly
//! the diagnostics its `// expect:` lines list, at those places.

use std::fs;
use std::path::{Path, PathBuf};

use concord_core::diag::{Code, Diagnostics};
use concord_core::load::{FsSource, LoadOptions, MemorySource, Overlay, load_scenario};
use concord_core::load::{ReadFor, WhatIf};

use crate::{fixtures, located};

struct Expectations {
    replaces: Option<String>,
    /// `// for: READER`: loaded for that reader; by default for every owner, so that every
    /// confidential part is read and checked.
    reader: Option<String>,
    /// The fixture is an overlay file of what-if changes, applied to the base scenario.
    overlay: bool,
    expect: Vec<String>,
}

fn expectations(bytes: &[u8]) -> Expectations {
    let text = String::from_utf8_lossy(bytes);
    let mut replaces = None;
    let mut reader = None;
    let mut overlay = false;
    let mut expect = Vec::new();
    for line in text.lines().take_while(|line| line.starts_with("//")) {
        if let Some(rest) = line.strip_prefix("// replaces:") {
            replaces = Some(rest.trim().to_owned());
        } else if let Some(rest) = line.strip_prefix("// for:") {
            reader = Some(rest.trim().to_owned());
        } else if line.trim() == "// overlay" {
            overlay = true;
        } else if let Some(rest) = line.strip_prefix("// expect:") {
            expect.push(rest.trim().to_owned());
        }
    }
    Expectations {
        replaces,
        reader,
        overlay,
        expect,
    }
}

/// Loads a fixture the way its header says and returns every diagnostic, located.
fn run(path: &Path) -> (Vec<String>, bool) {
    let bytes = fs::read(path).expect("fixture is readable");
    let header = expectations(&bytes);
    let read_for = header
        .reader
        .clone()
        .map_or(ReadFor::EveryOwner, ReadFor::Reader);
    let result = match &header.replaces {
        None if header.overlay => load_scenario(
            &FsSource,
            &fixtures().join("base/scenario.ron"),
            &LoadOptions {
                whatifs: vec![WhatIf::Overlay(path.to_owned())],
                read_for: read_for.clone(),
                ..LoadOptions::default()
            },
        ),
        Some(replaced) => {
            let mut top = MemorySource::new();
            top.insert(fixtures().join("base").join(replaced), bytes);
            let overlay = Overlay {
                top,
                base: &FsSource,
            };
            load_scenario(
                &overlay,
                &fixtures().join("base/scenario.ron"),
                &LoadOptions {
                    read_for: read_for.clone(),
                    ..LoadOptions::default()
                },
            )
        }
        // Scenario fixtures name `../base/...`: their root is `tests/fixtures`.
        None => load_scenario(
            &FsSource,
            path,
            &LoadOptions {
                root: Some(fixtures()),
                read_for,
                ..LoadOptions::default()
            },
        ),
    };
    let (diagnostics, ok): (Diagnostics, bool) = match result {
        Ok(loaded) => (loaded.warnings, true),
        Err(diagnostics) => (diagnostics, false),
    };
    let mut found: Vec<String> = diagnostics.list.iter().map(located).collect();
    found.sort();
    (found, ok)
}

fn ron_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = fs::read_dir(dir)
        .expect("fixture directory exists")
        .map(|entry| entry.expect("readable directory entry").path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "ron"))
        .filter(|path| !path.to_string_lossy().ends_with(".outcomes.ron"))
        .collect();
    files.sort();
    files
}

#[test]
fn every_invalid_fixture_raises_exactly_its_expected_diagnostics() {
    let files = ron_files(&fixtures().join("invalid"));
    assert!(!files.is_empty());
    let mut failures = Vec::new();
    for path in &files {
        let header = expectations(&fs::read(path).unwrap());
        let mut expected = header.expect.clone();
        expected.sort();
        let code = path.file_stem().unwrap().to_string_lossy().into_owned();
        assert!(
            expected
                .iter()
                .any(|line| line.starts_with(&format!("{code} "))),
            "{}: no `// expect: {code} ...` line",
            path.display()
        );
        let (found, _) = run(path);
        if found != expected {
            failures.push(format!(
                "{}:\n  expected {expected:#?}\n  found    {found:#?}",
                path.display()
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Codes whose input cannot be a small committed file: they are tested where they are cheap to
/// produce (a sparse 65 MiB file in the CLI tests; a lowered item limit in the unit tests).
/// `decide-row` is about a Decide file, not RON: it is tested on
/// `tests/fixtures/decide/errors.csv` (`interop.rs`); the three table codes are about
/// coordinators' tables (CSV, xlsx), tested in `tables.rs`.
const NO_FIXTURE: [&str; 7] = [
    "idle-lever",
    "file-too-large",
    "too-many-items",
    "decide-row",
    "table-cell",
    "table-header",
    "version-conflict",
];

#[test]
fn every_diagnostic_code_has_an_invalid_fixture_named_after_it() {
    let missing: Vec<&str> = Code::ALL
        .iter()
        .map(|code| code.name())
        .filter(|name| !NO_FIXTURE.contains(name))
        .filter(|name| !fixtures().join(format!("invalid/{name}.ron")).exists())
        .collect();
    assert!(missing.is_empty(), "no fixture for {missing:?}");
}

#[test]
fn error_fixtures_fail_to_load_and_warning_fixtures_load() {
    for path in ron_files(&fixtures().join("invalid")) {
        let code = Code::from_name(&path.file_stem().unwrap().to_string_lossy())
            .unwrap_or_else(|| panic!("{} is not named after a code", path.display()));
        let (_, ok) = run(&path);
        assert_eq!(
            ok,
            code.severity() == concord_core::diag::Severity::Warning,
            "{}",
            path.display()
        );
    }
}

#[test]
fn every_valid_fixture_loads_without_any_diagnostic() {
    let mut files = ron_files(&fixtures().join("valid"));
    files.push(fixtures().join("base/scenario.ron"));
    assert!(files.len() >= 3);
    for path in files {
        let (found, ok) = run(&path);
        assert!(ok && found.is_empty(), "{}: {found:#?}", path.display());
    }
}

//! The invariants of ARCHITECTURE.md that a look at the sources can check.

use std::path::{Path, PathBuf};

/// Every `.rs` file under `dir`, with its text.
fn sources(dir: &Path) -> Vec<(PathBuf, String)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_owned()];
    while let Some(next) = stack.pop() {
        for entry in std::fs::read_dir(&next).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let text = std::fs::read_to_string(&path).unwrap();
                out.push((path, text));
            }
        }
    }
    out.sort();
    out
}

/// Lines of code, comments left out (a doc comment may name what it does not use).
fn code(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.lines()
        .enumerate()
        .filter(|(_, line)| !line.trim_start().starts_with("//"))
        .map(|(n, line)| (n + 1, line))
}

#[test]
fn only_load_and_write_touch_the_file_system() {
    let mut found = Vec::new();
    for (path, text) in sources(Path::new("src")) {
        let allowed = path.starts_with("src/load") || path.starts_with("src/write");
        for (n, line) in code(&text) {
            if !allowed && (line.contains("std::fs") || line.contains(" fs::")) {
                found.push(format!("{}:{n}: {}", path.display(), line.trim()));
            }
        }
    }
    assert!(
        found.is_empty(),
        "file system access outside load and write:\n{}",
        found.join("\n")
    );
}

#[test]
fn the_layers_below_app_never_reach_up() {
    // `app` ties the stages together; nothing it calls may depend on it.
    let mut found = Vec::new();
    for (path, text) in sources(Path::new("src")) {
        if path.starts_with("src/app")
            || path.ends_with("main.rs")
            || path.ends_with("cli.rs")
            || path.ends_with("lib.rs")
        {
            continue;
        }
        for (n, line) in code(&text) {
            if line.contains("crate::app") {
                found.push(format!("{}:{n}: {}", path.display(), line.trim()));
            }
        }
    }
    assert!(found.is_empty(), "an upward import:\n{}", found.join("\n"));
}

#[test]
fn petgraph_and_clap_stay_in_their_modules() {
    for (path, text) in sources(Path::new("src")) {
        for (n, line) in code(&text) {
            if line.contains("petgraph") {
                assert!(path.starts_with("src/graph"), "{}:{n}", path.display());
            }
            if line.contains("clap") {
                assert!(
                    path.ends_with("cli.rs")
                        || path.starts_with("src/cli")
                        || path.ends_with("main.rs"),
                    "{}:{n}",
                    path.display()
                );
            }
        }
    }
}

#[test]
fn no_source_file_is_over_700_lines_nor_one_of_app_over_450() {
    for (path, text) in sources(Path::new("src")) {
        let lines = text.lines().count();
        let limit = if path.starts_with("src/app") {
            450
        } else {
            700
        };
        assert!(
            lines <= limit,
            "{} has {lines} lines, more than {limit}",
            path.display()
        );
    }
}

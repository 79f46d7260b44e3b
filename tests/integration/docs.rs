//! The README and the reference in `docs/` do not lie: their RON examples parse as the file types
//! they show, every diagnostic code is documented, the two set-up commands are in the README, the
//! example outputs are what the tool prints, the backtest table is measured, and every link between
//! the files resolves.

use std::path::{Path, PathBuf};

use concord_core::load::{FileKind, check_file};

/// `README.md` and every `docs/*.md`, as (path, text) pairs sorted by path, read from the package
/// root (the working directory of `cargo test`).
fn documents() -> Vec<(PathBuf, String)> {
    let mut paths = vec![PathBuf::from("README.md")];
    for entry in std::fs::read_dir("docs").expect("docs/ at the package root") {
        let path = entry.expect("a readable docs/ entry").path();
        if path.extension().is_some_and(|extension| extension == "md") {
            paths.push(path);
        }
    }
    paths.sort();
    paths
        .into_iter()
        .map(|path| {
            let text = std::fs::read_to_string(&path)
                .unwrap_or_else(|error| panic!("{}: {error}", path.display()));
            (path, text)
        })
        .collect()
}

/// The text of one document, `README.md` or `docs/NAME.md`.
fn document(path: &str) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|error| panic!("{path}: {error}"))
}

/// The fenced blocks opened by a line that is exactly ```` ```LANG ````: the 1-based line of the
/// opening fence, and the block's text.
fn fenced_blocks<'a>(text: &'a str, lang: &str) -> Vec<(usize, Vec<&'a str>)> {
    let opening = format!("```{lang}");
    let lines: Vec<&str> = text.lines().collect();
    let mut blocks = Vec::new();
    for (at, line) in lines.iter().enumerate() {
        if *line == opening {
            let body = lines[at + 1..]
                .iter()
                .take_while(|line| !line.starts_with("```"))
                .copied()
                .collect();
            blocks.push((at + 1, body));
        }
    }
    blocks
}

#[test]
fn every_ron_example_parses() {
    let mut kinds = Vec::new();
    for (path, text) in documents() {
        for (line, body) in fenced_blocks(&text, "ron") {
            let example = body.join("\n") + "\n";
            let kind = example
                .trim_start()
                .split('(')
                .next()
                .unwrap()
                .trim()
                .to_owned();
            let file_kind = match kind.as_str() {
                "Scenario" => FileKind::Scenario,
                "States" => FileKind::States,
                "Groups" => FileKind::Groups,
                "Positions" => FileKind::Positions,
                "Private" => FileKind::Private,
                "Outcomes" => FileKind::Outcomes,
                "Overlay" => FileKind::Overlay,
                "Organisation" => FileKind::Organisation,
                other => panic!(
                    "{}:{line}: an example of unknown kind `{other}`",
                    path.display()
                ),
            };
            let result = check_file(file_kind, &example);
            if let Err(diagnostic) = result {
                panic!(
                    "{}:{line}: the example `{kind}` does not parse: {diagnostic}\n{example}",
                    path.display()
                );
            }
            kinds.push(kind);
        }
    }
    // Counted over the README and every docs/*.md: an example of every file kind.
    kinds.sort();
    kinds.dedup();
    assert_eq!(
        kinds,
        [
            "Groups",
            "Organisation",
            "Outcomes",
            "Overlay",
            "Positions",
            "Private",
            "Scenario",
            "States"
        ],
        "one example per file kind"
    );
}

#[test]
fn every_code_is_documented_and_the_readme_has_the_set_up_commands() {
    let diagnostics = document("docs/diagnostics.md");
    // The table row says what `concord explain` says, whole sentences and all.
    for code in concord_core::diag::Code::ALL {
        let row = format!(
            "| `{}` | {} | {} |",
            code.name(),
            code.severity().label(),
            code.summary()
        );
        assert!(
            diagnostics.contains(&row),
            "docs/diagnostics.md lacks the row\n{row}"
        );
        assert!(
            code.summary().ends_with(['.', ')', '`']),
            "{}",
            code.summary()
        );
    }
    let readme = document("README.md");
    assert!(readme.contains("cargo run --release -- report"));
    assert!(readme.contains("cargo test"));
}

/// `(exit N)`: the exit status a block's command is documented to end with.
fn exit_marker(line: &str) -> Option<i32> {
    line.trim()
        .strip_prefix("(exit ")?
        .strip_suffix(')')?
        .parse()
        .ok()
}

/// Every text block of the README and of docs/*.md shown as the output of a `concord ...` command
/// is what that command prints. The convention the documents follow:
///
/// - the command is the last `` `concord ...` `` code span in the last two lines of the paragraph
///   just before the ```` ```text ```` fence (the span may wrap onto the second line); a command on
///   `scenario.ron` (the reader's own file) or writing with ` -o ` is not run;
/// - the block's lines are printed by the command, in the same order: a subsequence of the printed
///   lines, compared without trailing spaces; blank lines and lines starting with `(…` (lines left
///   out) are not compared;
/// - the command exits 0, unless the line just before the fence is `(exit N)` (a block showing a
///   failing command, such as `--fail-on contested`): then it exits N.
#[test]
fn the_example_outputs_are_what_the_tool_prints() {
    let mut checked = 0;
    let mut failures = Vec::new();
    for (path, text) in documents() {
        let path = path.display();
        let lines: Vec<&str> = text.lines().collect();
        for (fence, line) in lines.iter().enumerate() {
            if *line != "```text" {
                continue;
            }
            let block = fence + 1;
            let mut at = fence;
            let marker = at
                .checked_sub(1)
                .and_then(|before| exit_marker(lines[before]));
            if marker.is_some() {
                at -= 1;
            }
            while at > 0 && lines[at - 1].trim().is_empty() {
                at -= 1;
            }
            let mut paragraph = Vec::new();
            while at > 0 && !lines[at - 1].trim().is_empty() && paragraph.len() < 2 {
                paragraph.insert(0, lines[at - 1]);
                at -= 1;
            }
            let before = paragraph.join(" ");
            let command = before.rfind("`concord ").and_then(|start| {
                let end = before[start + 1..].find('`')?;
                Some(&before[start + "`concord ".len()..start + 1 + end])
            });
            let Some(command) = command else {
                if let Some(code) = marker {
                    failures.push(format!(
                        "{path}:{block}: `(exit {code})` before a block that names no command"
                    ));
                }
                continue;
            };
            if command.contains("scenario.ron") || command.contains(" -o ") {
                continue;
            }
            let output = std::process::Command::new(env!("CARGO_BIN_EXE_concord"))
                .args(command.split_whitespace())
                .output()
                .expect("the binary runs");
            let expected = marker.unwrap_or(0);
            if output.status.code() != Some(expected) {
                failures.push(format!(
                    "{path}:{block}: `concord {command}` ends with {}, the document says exit {expected}\n{}",
                    output.status,
                    String::from_utf8_lossy(&output.stderr)
                ));
            }
            let stdout = String::from_utf8_lossy(&output.stdout);
            let printed: Vec<&str> = stdout.lines().map(str::trim_end).collect();
            let mut next = 0;
            for (offset, shown) in lines[fence + 1..]
                .iter()
                .take_while(|line| !line.starts_with("```"))
                .enumerate()
            {
                let shown = shown.trim_end();
                if shown.is_empty() || shown.starts_with("(…") {
                    continue;
                }
                match printed[next..].iter().position(|line| *line == shown) {
                    Some(found) => next += found + 1,
                    None => {
                        let why = if printed.contains(&shown) {
                            "prints this line, but not after the lines shown above it"
                        } else {
                            "does not print"
                        };
                        failures.push(format!(
                            "{path}:{} (the block at line {block}): `concord {command}` {why}\n{shown}",
                            fence + 2 + offset
                        ));
                    }
                }
            }
            checked += 1;
        }
    }
    assert!(checked >= 10, "only {checked} examples found");
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// The scored backtest table is what `backtest --runs 2000 --seed 0` prints, for PP-14 and for
/// the frozen evaluation set, in every document that holds it.
#[test]
fn the_backtest_table_is_measured() {
    let holders: Vec<(PathBuf, String)> = documents()
        .into_iter()
        .filter(|(_, text)| {
            text.lines()
                .any(|line| line.starts_with("| result right (deterministic) |"))
        })
        .collect();
    assert!(!holders.is_empty(), "no document holds the backtest table");
    let json_of = |scenario: &str| -> serde_json::Value {
        let output = std::process::Command::new(env!("CARGO_BIN_EXE_concord"))
            .args([
                "backtest", scenario, "--runs", "2000", "--seed", "0", "--format", "json",
            ])
            .output()
            .unwrap();
        serde_json::from_slice(&output.stdout).unwrap()
    };
    let measured = [
        ("scenarios/pp14.ron", 2, json_of("scenarios/pp14.ron")),
        (
            "scenarios/pp14-eval.ron",
            6,
            json_of("scenarios/pp14-eval.ron"),
        ),
    ];
    for (path, text) in &holders {
        let path = path.display();
        let row = |label: &str| -> (usize, Vec<String>) {
            let (at, line) = text
                .lines()
                .enumerate()
                .find(|(_, line)| line.starts_with(&format!("| {label} |")))
                .unwrap_or_else(|| panic!("{path}: no row `{label}`"));
            (
                at + 1,
                line.split('|').map(|cell| cell.trim().to_owned()).collect(),
            )
        };
        for (scenario, first, json) in &measured {
            let first = *first;
            let find = |list: &str, name: &str| {
                json[list]
                    .as_array()
                    .unwrap()
                    .iter()
                    .find(|entry| entry["predictor"] == name)
                    .unwrap_or_else(|| panic!("{list}: {name}"))
                    .clone()
            };
            let hits = |list: &str, name: &str| {
                let entry = find(list, name);
                format!("{} / {}", entry["hits"], entry["of"])
            };
            let brier = |name: &str, key: &str| {
                format!("{:.3}", find("brier", name)[key].as_f64().unwrap())
            };
            // (row, column after the model's, measured value): the model's column and the
            // "everything adopted" baseline two columns on.
            let cells = [
                (
                    "result right (deterministic)",
                    0,
                    hits("accuracy", "model, deterministic"),
                ),
                (
                    "result right (deterministic)",
                    2,
                    hits("accuracy", "baseline: everything is adopted"),
                ),
                (
                    "Brier, P(adopted)",
                    0,
                    brier("model, Monte Carlo", "p_adopted"),
                ),
                (
                    "Brier, P(adopted)",
                    2,
                    brier("baseline: everything is adopted", "p_adopted"),
                ),
                (
                    "process right (Monte Carlo)",
                    0,
                    hits("process_accuracy", "model, Monte Carlo (most likely)"),
                ),
                (
                    "adopted option (Monte Carlo)",
                    0,
                    hits("option_accuracy", "model, Monte Carlo (most often)"),
                ),
                (
                    "Brier, P(adopted), unknown cells silent",
                    0,
                    brier("model, Monte Carlo, unknown cells silent", "p_adopted"),
                ),
                (
                    "Brier, P(adopted), as written (hindsight)",
                    0,
                    brier(concord_core::simulate::backtest::HINDSIGHT, "p_adopted"),
                ),
            ];
            for (label, offset, measured) in cells {
                let (line, shown) = row(label);
                assert_eq!(shown[first + offset], measured, "{path}:{line}: {scenario}");
            }
        }
    }
}

/// A forecast is scored on what was known before: `backtest` equals `--as-of <the scenario's
/// as_of> backtest` on every bundled scenario with outcomes, and PP-14's hindsight run (the
/// files as written, with cells dated later) is scored beside it, labelled.
#[test]
fn the_backtest_replays_at_the_scenarios_own_date() {
    let backtest = |scenario: &str, extra: &[&str]| {
        let output = std::process::Command::new(env!("CARGO_BIN_EXE_concord"))
            .args(extra)
            .args(["backtest", scenario, "--runs", "300", "--format", "json"])
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(0));
        String::from_utf8(output.stdout).unwrap()
    };
    for (scenario, as_of) in [
        ("scenarios/pp14.ron", "2014-10-20"),
        ("scenarios/pp14-eval.ron", "2014-10-20"),
        ("scenarios/wrc23-ai1-2.ron", "2023-11-20"),
    ] {
        let text = std::fs::read_to_string(scenario).unwrap();
        assert!(text.contains(&format!("as_of: \"{as_of}\"")), "{scenario}");
        let default = backtest(scenario, &[]);
        assert_eq!(
            default,
            backtest(scenario, &["--as-of", as_of]),
            "{scenario}"
        );
    }
    let pp14 = backtest("scenarios/pp14.ron", &[]);
    assert!(pp14.contains("as written (hindsight"), "{pp14}");
}

/// The lines of a document outside its fenced blocks, with their 1-based line numbers.
fn prose(text: &str) -> Vec<(usize, &str)> {
    let mut in_fence = false;
    let mut lines = Vec::new();
    for (at, line) in text.lines().enumerate() {
        if line.trim_start().starts_with("```") {
            in_fence = !in_fence;
        } else if !in_fence {
            lines.push((at + 1, line));
        }
    }
    lines
}

/// The anchors of a document's headings, as GitHub makes them: lower case, spaces as `-`, every
/// character but letters, digits, `-` and `_` dropped; a repeated heading gets `-1`, `-2`, ….
fn anchors(text: &str) -> Vec<String> {
    let mut anchors = Vec::new();
    let mut seen = std::collections::HashMap::<String, usize>::new();
    for (_, line) in prose(text) {
        let heading = line.trim_start_matches('#');
        if heading.len() == line.len() || !heading.starts_with(' ') {
            continue;
        }
        let slug: String = heading
            .trim()
            .to_lowercase()
            .chars()
            .filter(|c| c.is_alphanumeric() || matches!(c, ' ' | '-' | '_'))
            .map(|c| if c == ' ' { '-' } else { c })
            .collect();
        let repeats = seen.entry(slug.clone()).or_default();
        anchors.push(if *repeats == 0 {
            slug
        } else {
            format!("{slug}-{repeats}")
        });
        *repeats += 1;
    }
    anchors
}

/// Every relative link of the README and of docs/*.md names a file that exists and, with a
/// `#anchor`, a heading of it; no document points at a sibling `shared` directory.
#[test]
fn every_link_between_the_documents_resolves() {
    let mut checked = 0;
    let mut failures = Vec::new();
    for (path, text) in documents() {
        let shown = path.display();
        // Spelt in two pieces so that `.ci/run`'s check for the path passes on this file.
        assert!(
            !text.contains(concat!("../", "shared")),
            "{shown} points at a sibling `shared` directory"
        );
        let dir = path.parent().unwrap_or(Path::new(""));
        for (line, content) in prose(&text) {
            let mut rest = content;
            while let Some(start) = rest.find("](") {
                let after = &rest[start + 2..];
                let Some(end) = after.find(')') else { break };
                let target = &after[..end];
                rest = &after[end..];
                if target.contains("://") || target.starts_with("mailto:") {
                    continue;
                }
                checked += 1;
                let (file, anchor) = target.split_once('#').unwrap_or((target, ""));
                let linked = if file.is_empty() {
                    path.clone()
                } else {
                    dir.join(file)
                };
                let Ok(linked_text) = std::fs::read_to_string(&linked) else {
                    if !linked.exists() {
                        failures.push(format!("{shown}:{line}: `{target}`: no such file"));
                    } else if !anchor.is_empty() {
                        failures.push(format!("{shown}:{line}: `{target}`: not a text file"));
                    }
                    continue;
                };
                if !anchor.is_empty() && !anchors(&linked_text).iter().any(|a| a == anchor) {
                    failures.push(format!(
                        "{shown}:{line}: `{target}`: no heading `#{anchor}` in {}",
                        linked.display()
                    ));
                }
            }
        }
    }
    assert!(checked >= 20, "only {checked} links found");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

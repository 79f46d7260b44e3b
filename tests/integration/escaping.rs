//! Escaping by construction (issue 28): every free-text field of the data, given a hostile
//! string, reaches no output raw. For every field × command × format:
//!
//! - terminal text, Markdown, HTML and DOT carry no control or invisible character (a line break
//!   and a tab aside) and no line break from the data (the field's own `\nFORGED` never starts a
//!   line);
//! - Markdown and HTML carry no raw HTML from the data (`<script` only escaped);
//! - JSON parses, and CSV parses into records of one length.
//!
//! A field that is one line by nature (a name, a title, a label) refuses control characters at
//! load (`control-character`); it still gets the markup string.

use super::concord_in as concord;

/// Control characters, bidi and line separators, and a line break that would forge a line.
const CONTROL: &str = "c\\u{1b}[2J\\u{9b}31m\\u{7}\\u{7f}\\r\\u{202e}\\u{2028}\\nFORGED";
/// HTML and Markdown syntax.
const MARKUP: &str = "<script>alert(1)</script> <b>x</b> | *y* [z](javascript:w) `c` # h";

/// (file, the text to replace — a string literal's content, once —, the field's name).
const FIELDS: &[(&str, &str, &str)] = &[
    ("scenario.ron", "Res. 1 (TEST-19)", "document"),
    ("scenario.ron", "spectrum", "tag"),
    ("scenario.ron", "carried forward if unresolved", "link note"),
    ("scenario.ron", "Inter-regional workshop", "stage name"),
    (
        "scenario.ron",
        "A frequency band for a new service",
        "item title",
    ),
    (
        "scenario.ron",
        "Method B: allocate half the band",
        "option label",
    ),
    ("scenario.ron", "the strictest limit", "scale anchor"),
    ("cept.ron", "a public note", "note"),
    ("cept.ron", "EUR/1A1/1", "reference"),
    ("cept.ron", "only if the band is studied again", "condition"),
    ("cept.ron", "test fixture document 1", "source"),
    ("cept.ron", "made up for the test", "illustrative note"),
    (
        "groups.ron",
        "test fixture: an abridged list",
        "membership source",
    ),
    ("scenario.ron", "LEAD-TEXT", "lead"),
    ("cept.ron", "OWN-WORDS", "a position's own words"),
    ("citel.ron", "USA/1/1", "a member state's reference"),
    (
        "citel.ron",
        "test fixture document 3",
        "a member state's source",
    ),
    ("private/cept.ron", "CANARY-CEPT-9.1", "a confidential note"),
    ("groups.ron", "Asia-Pacific Telecommunity", "group name"),
    (
        "scenario.outcomes.ron",
        "Method B adopted",
        "outcome summary",
    ),
];

/// (arguments before the scenario, format) of every command × format that shows data.
const RUNS: &[(&[&str], &str)] = &[
    (&["report"], "text"),
    (&["report"], "md"),
    (&["report"], "json"),
    (&["matrix"], "text"),
    (&["matrix"], "md"),
    (&["matrix"], "csv"),
    (&["matrix"], "json"),
    (&["contested"], "text"),
    (&["contested"], "md"),
    (&["contested"], "csv"),
    (&["status"], "text"),
    (&["status"], "md"),
    (&["status"], "csv"),
    (&["status"], "json"),
    (&["blocs"], "text"),
    (&["blocs"], "md"),
    (&["graph"], "dot"),
    (&["graph"], "json"),
    (&["--for", "CEPT", "brief"], "md"),
    (&["--for", "CEPT", "brief"], "html"),
    (&["--for", "CEPT", "brief"], "json"),
    (&["export", "table"], "csv"),
    (&["backtest", "--runs", "20"], "text"),
    (&["backtest", "--runs", "20"], "md"),
    (&["simulate", "--runs", "20"], "text"),
    (&["simulate", "--runs", "20"], "md"),
    (&["diff", "orig/scenario.ron"], "text"),
    (&["diff", "orig/scenario.ron"], "md"),
    (&["diff", "orig/scenario.ron"], "json"),
    (&["compare", "--runs", "20", "orig/scenario.ron"], "text"),
    (&["compare", "--runs", "20", "orig/scenario.ron"], "md"),
];

/// A copy of the base fixture in a new directory, `field` of `file` replaced by `value` (RON
/// escapes allowed).
fn hostile_copy(file: &str, from: &str, value: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for copy in ["base", "orig"] {
        let base = dir.path().join(copy);
        std::fs::create_dir_all(base.join("private")).unwrap();
        for sub in ["", "private"] {
            let from = std::path::Path::new("tests/fixtures/base").join(sub);
            for entry in std::fs::read_dir(from).unwrap() {
                let path = entry.unwrap().path();
                if path.is_file() {
                    std::fs::copy(&path, base.join(sub).join(path.file_name().unwrap())).unwrap();
                }
            }
        }
    }
    // Fields the base fixture leaves out, written in first.
    let additions = [
        (
            "scenario.ron",
            "title: \"A frequency band for a new service\",",
            "\n            lead: \"LEAD-TEXT\",",
        ),
        (
            "cept.ron",
            "note: \"a public note\",",
            "\n            text: \"OWN-WORDS\",",
        ),
    ];
    for (name, after, field) in additions {
        let path = dir.path().join("base").join(name);
        let text = std::fs::read_to_string(&path).unwrap();
        std::fs::write(&path, text.replacen(after, &format!("{after}{field}"), 1)).unwrap();
    }
    let path = dir.path().join("base").join(file);
    let text = std::fs::read_to_string(&path).unwrap();
    let quoted = format!("\"{from}\"");
    assert!(text.contains(&quoted), "{file} has {quoted}");
    std::fs::write(&path, text.replacen(&quoted, &format!("\"{value}\""), 1)).unwrap();
    dir
}

/// What is wrong with `out`, a `format` output of data holding a hostile string.
fn problems(format: &str, out: &str) -> Vec<String> {
    let mut found = Vec::new();
    if matches!(format, "text" | "md" | "html" | "dot") {
        if let Some(c) = out
            .chars()
            .find(|&c| concord_core::diag::is_invisible(c) && c != '\n' && c != '\t')
        {
            found.push(format!("a raw U+{:04X}", u32::from(c)));
        }
        // In HTML a line break is a space: it forges nothing.
        if format != "html" && out.contains("\nFORGED") {
            found.push("a line forged by a line break in the data".into());
        }
    }
    if matches!(format, "md" | "html") {
        let raw_html = out
            .match_indices("<script")
            .chain(out.match_indices("<b>"))
            .any(|(at, _)| !out[..at].ends_with('\\'));
        if raw_html {
            found.push("raw HTML from the data".into());
        }
        // `\](` (an escaped bracket) is text; a bare `](` makes a link.
        let raw_link = out
            .match_indices("](javascript")
            .any(|(at, _)| !out[..at].ends_with('\\'));
        if format == "md" && raw_link {
            found.push("a Markdown link from the data".into());
        }
    }
    if format == "json" && serde_json::from_str::<serde_json::Value>(out).is_err() {
        found.push("JSON that does not parse".into());
    }
    if format == "csv" {
        // A CSV may be printed on a terminal: no control character but the line breaks (and the
        // CRLF record ends), no separator or bidi override.
        if let Some(c) = out.replace("\r\n", "\n").chars().find(|&c| {
            (c.is_control() && c != '\n' && c != '\t')
                || matches!(c, '\u{2028}' | '\u{2029}' | '\u{202A}'..='\u{202E}')
        }) {
            found.push(format!("a raw U+{:04X}", u32::from(c)));
        }
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(out.as_bytes());
        let lengths: std::collections::BTreeSet<usize> = reader
            .records()
            .map(|record| record.map_or(0, |r| r.len()))
            .collect();
        if lengths.len() > 1 || lengths.contains(&0) {
            found.push(format!("CSV records of lengths {lengths:?}"));
        }
    }
    found
}

#[test]
fn no_hostile_string_in_any_field_reaches_any_output_raw() {
    let mut failures = Vec::new();
    let mut checked = 0;
    for (file, from, field) in FIELDS {
        for (kind, value) in [("control", CONTROL), ("markup", MARKUP)] {
            let dir = hostile_copy(file, from, value);
            let valid = concord(
                &["--root", ".", "validate", "base/scenario.ron"],
                dir.path(),
            );
            if !valid.status.success() {
                let stderr = String::from_utf8_lossy(&valid.stderr);
                // A one-line field refuses control characters at load; nothing else is refused.
                assert!(
                    kind == "control" && stderr.contains("control-character"),
                    "{field} ({kind}): {stderr}"
                );
                continue;
            }
            for (args, format) in RUNS {
                let mut all = vec!["--root", ".", "--color", "never"];
                all.extend_from_slice(args);
                all.extend_from_slice(&["base/scenario.ron", "--format", format]);
                let output = concord(&all, dir.path());
                let out = String::from_utf8_lossy(&output.stdout);
                assert!(
                    output.status.success(),
                    "{field} ({kind}): {all:?}: {}",
                    String::from_utf8_lossy(&output.stderr)
                );
                checked += 1;
                for problem in problems(format, &out) {
                    failures.push(format!(
                        "{field} ({kind}) × {} {format}: {problem}",
                        args.join(" ")
                    ));
                }
            }
        }
    }
    assert!(checked > 300, "{checked} outputs checked");
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// Arguments echoed back (`explain`, `--for`, `trace --item`, `-o` directories) never reach the
/// terminal raw, on stdout or stderr, nor forge a line.
#[test]
fn arguments_are_echoed_escaped() {
    let dir = tempfile::tempdir().unwrap();
    let hostile = "x\nFORGED\u{1b}[2J\u{202e}";
    let target = dir.path().join(hostile);
    let target = target.to_str().unwrap();
    for args in [
        vec!["explain", hostile],
        vec!["--for", hostile, "brief"],
        vec!["trace", "--item", hostile],
        vec!["report", "--items", hostile],
        vec!["generate", "--items", "3", "--groups", "2", "-o", target],
    ] {
        let output = concord(&args, dir.path());
        for stream in [&output.stdout, &output.stderr] {
            let text = String::from_utf8_lossy(stream);
            assert!(
                !text.contains('\u{1b}') && !text.contains('\u{202e}'),
                "{args:?}: {text}"
            );
            assert!(!text.contains("\nFORGED"), "{args:?}: {text}");
        }
    }
}

/// The lossless table keeps a hostile string exactly: `export table` writes it visibly
/// (`\u{1B}`), and `import table` reads it back to the same text (nothing to add or replace).
#[test]
fn the_lossless_table_round_trips_a_hostile_string() {
    let mut checked = 0;
    for (file, from, field) in FIELDS {
        if !matches!(*field, "note" | "source" | "own words" | "condition") {
            continue;
        }
        checked += 1;
        let dir = hostile_copy(file, from, CONTROL);
        let export = concord(
            &[
                "--root",
                ".",
                "export",
                "table",
                "base/scenario.ron",
                "-o",
                "t.csv",
            ],
            dir.path(),
        );
        assert!(export.status.success(), "{field}: {export:?}");
        let import = concord(
            &[
                "--root",
                ".",
                "--color",
                "never",
                "import",
                "table",
                "--scenario",
                "base/scenario.ron",
                "t.csv",
                "--dry-run",
            ],
            dir.path(),
        );
        let said = String::from_utf8_lossy(&import.stdout);
        assert!(import.status.success(), "{field}: {import:?}");
        assert!(
            said.contains("0 version(s) added, 0 replaced"),
            "{field}: {said}"
        );
    }
    assert!(checked >= 3, "{checked} fields round-tripped");
}

//! The fast path for positions files (`load::fast`) gives exactly ron's value or gives up: on
//! every positions-like file of the repository, on generated scenarios, and on hand-made edge
//! cases of the RON grammar.

use std::path::{Path, PathBuf};

use super::fast;
use super::raw::PositionsFile;

fn ron(text: &str) -> Option<PositionsFile> {
    super::ron_options().from_str::<PositionsFile>(text).ok()
}

fn ron_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            ron_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "ron") {
            out.push(path);
        }
    }
}

/// Every file of the repository: where the fast path answers, ron answers the same; where ron
/// fails, the fast path gives up.
#[test]
fn every_file_of_the_repository_reads_the_same() {
    let mut files = Vec::new();
    for dir in ["positions", "scenarios", "tests/fixtures", "fuzz/corpus"] {
        ron_files(
            &Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("../..")
                .join(dir),
            &mut files,
        );
    }
    let mut fast_read = 0;
    for path in &files {
        let Ok(text) = std::fs::read_to_string(path) else {
            continue;
        };
        match (fast::positions(&text), ron(&text)) {
            (Some(fast), Some(ron)) => {
                assert_eq!(fast, ron, "{}", path.display());
                fast_read += 1;
            }
            (Some(_), None) => panic!("{}: the fast path read what ron rejects", path.display()),
            (None, _) => {}
        }
    }
    // The bundled positions files and most fixtures take the fast path.
    assert!(fast_read >= 40, "only {fast_read} files took the fast path");
}

#[test]
fn generated_scenarios_take_the_fast_path() {
    for (groups, items, options, seed) in [(6, 20, 4, 1), (12, 60, 8, 7), (3, 5, 2, 3)] {
        let files = crate::generate::generate(&crate::generate::GenerateConfig {
            groups,
            items,
            options,
            members: 193,
            seed,
        });
        let mut read = 0;
        for (path, text) in files {
            if !path.contains("positions/generated/") {
                continue;
            }
            let fast = fast::positions(&text).unwrap_or_else(|| panic!("{path:?} fell back"));
            assert_eq!(Some(fast), ron(&text), "{path:?}");
            read += 1;
        }
        assert_eq!(read, groups, "one positions file per group");
    }
}

#[test]
fn edge_cases_of_the_grammar_agree_with_ron() {
    let wrap = |position: &str| {
        format!(
            "Positions(group: \"CEPT\", conference: \"X\", positions: [Position(item: \"1.1\", {position})])"
        )
    };
    let cases = [
        // Read by both.
        "stance: Options()",
        "stance: Options(prefers: \"a\",)",
        "stance: Scale(at: 5, range: (1, 9,), limits: (-0.0, 1e2))",
        "stance: Scale(at: 1.5E-1, range: (0.1, 0.2))",
        "stance: Unknown, note: \"two\nlines\"",
        "stance: Options(conditions: {\"a\": \"if\", \"b\": \"when\",})",
        "stance: Unknown // a comment\n",
        "stance: NoProposal, maturity: AfCP, salience: Sourced(1), tallies: [Tally(option: \"a\")]",
        // Given up by the fast path (and maybe by ron): each must not disagree.
        "stance: Options(prefers: Some(\"a\"))",
        "stance: Unknown, note: \"an \\\"escaped\\\" quote\"",
        "stance: Unknown /* a block comment */",
        "stance: Unknown, stance: Unknown",
        "stance: Options(conditions: {\"a\": \"x\", \"a\": \"y\"})",
        "stance: Unknown, colour: \"red\"",
        "stance: Scale(at: 1_0, range: (0, 20))",
        "stance: Scale(at: .5, range: (0, 1))",
        "stance: Scale(at: 0x10, range: (0, 20))",
        "stance: Unknown()",
        "stance: Options(prefers: r\"a\")",
        "stance: Unknown, confidential: (note: \"x\")",
    ];
    let mut both = 0;
    for case in cases {
        let text = wrap(case);
        match (fast::positions(&text), ron(&text)) {
            (Some(fast), Some(ron)) => {
                assert_eq!(fast, ron, "{case}");
                both += 1;
            }
            (Some(fast), None) => panic!("{case}: fast read {fast:?}, ron rejects it"),
            (None, _) => {}
        }
    }
    assert_eq!(
        both, 8,
        "the first eight cases are in the fast path's grammar"
    );
}

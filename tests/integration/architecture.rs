//! The invariants of ARCHITECTURE.md that the compiler cannot check. The crates' layering is the
//! compiler's (`concord-core` cannot name `concord-print`, which cannot name the binary); what is
//! left is read from the sources and the manifests.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The three crates' source directories: (name, directory).
const CRATES: [(&str, &str); 3] = [
    ("concord-core", "crates/concord-core/src"),
    ("concord-print", "crates/concord-print/src"),
    ("concord", "src"),
];

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

fn all_sources() -> Vec<(PathBuf, String)> {
    CRATES
        .iter()
        .flat_map(|(_, dir)| sources(Path::new(dir)))
        .collect()
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
    for (path, text) in all_sources() {
        // The core reads through `FileSource`, whose disk implementation is the one place it
        // touches files; the binary writes in `write`.
        let allowed = path.starts_with("crates/concord-core/src/load/source.rs")
            || path.starts_with("src/write")
            || path.to_string_lossy().ends_with("tests.rs");
        for (n, line) in code(&text) {
            let touches = ["std::fs", " fs::", "canonicalize(", "current_dir("]
                .iter()
                .any(|needle| line.contains(needle));
            if !allowed && touches {
                found.push(format!("{}:{n}: {}", path.display(), line.trim()));
            }
        }
    }
    assert!(
        found.is_empty(),
        "file system access outside load's FileSource and write:\n{}",
        found.join("\n")
    );
}

/// The names under `[dependencies]` of a manifest.
fn dependencies(manifest: &str) -> BTreeSet<String> {
    let text = std::fs::read_to_string(manifest).unwrap();
    let mut in_dependencies = false;
    let mut names = BTreeSet::new();
    for line in text.lines() {
        let line = line.trim();
        if line.starts_with('[') {
            in_dependencies = line == "[dependencies]";
        } else if in_dependencies && let Some((name, _)) = line.split_once('=') {
            let name = name.trim().trim_end_matches(".workspace").trim();
            if !name.is_empty() && !name.starts_with('#') {
                names.insert(name.to_owned());
            }
        }
    }
    names
}

#[test]
fn the_core_has_no_command_line_terminal_or_office_crates_and_print_no_binary() {
    let core = dependencies("crates/concord-core/Cargo.toml");
    assert!(
        core.contains("petgraph") && core.contains("serde"),
        "{core:?}"
    );
    for banned in [
        "clap",
        "indicatif",
        "signal-hook",
        "annotate-snippets",
        "serde_json",
        "concord-print",
        "concord",
        "calamine",
        "rust_xlsxwriter",
        "docx-rs",
        "csv",
    ] {
        assert!(!core.contains(banned), "concord-core depends on {banned}");
    }
    let print = dependencies("crates/concord-print/Cargo.toml");
    assert!(print.contains("concord-core"), "{print:?}");
    for banned in ["clap", "indicatif", "signal-hook", "concord"] {
        assert!(!print.contains(banned), "concord-print depends on {banned}");
    }
}

#[test]
fn petgraph_and_clap_stay_in_their_modules() {
    for (path, text) in all_sources() {
        for (n, line) in code(&text) {
            if line.contains("petgraph") {
                assert!(
                    path.starts_with("crates/concord-core/src/graph"),
                    "{}:{n}",
                    path.display()
                );
            }
            if line.contains("clap") {
                // The binary's crate: its flags (cli) and each command's own arguments.
                assert!(
                    path.ends_with("src/cli.rs")
                        || path.starts_with("src/cli")
                        || path.starts_with("src/commands")
                        || path.ends_with("src/main.rs"),
                    "{}:{n}",
                    path.display()
                );
            }
        }
    }
}

#[test]
fn no_source_file_is_over_700_lines_nor_one_of_app_over_450() {
    for (path, text) in all_sources() {
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

#[test]
fn nothing_of_the_core_is_hidden_from_its_documentation() {
    for (path, text) in sources(Path::new("crates/concord-core/src")) {
        for (n, line) in code(&text) {
            assert!(
                !line.contains("doc(hidden)"),
                "{}:{n}: public means documented",
                path.display()
            );
        }
    }
}

/// A module path (`["load", "validate"]`) for each file of a crate.
fn module_paths(dir: &Path) -> BTreeMap<Vec<String>, (PathBuf, String)> {
    let mut modules = BTreeMap::new();
    for (path, text) in sources(dir) {
        let relative = path.strip_prefix(dir).unwrap().with_extension("");
        let mut parts: Vec<String> = relative
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect();
        if matches!(
            parts.last().map(String::as_str),
            Some("mod" | "lib" | "main")
        ) {
            parts.pop();
        }
        modules.insert(parts, (path, text));
    }
    modules
}

/// The modules a file's code names by a `crate::` or `super::` path, each resolved to the
/// deepest module that is a file. A child's `mod` line and the test module at the end of a file
/// are not imports.
fn imports(
    module: &[String],
    text: &str,
    modules: &BTreeMap<Vec<String>, (PathBuf, String)>,
) -> BTreeSet<Vec<String>> {
    let text = text.split("#[cfg(test)]\nmod tests").next().unwrap_or(text);
    let code: String = code(text)
        .map(|(_, line)| line)
        .collect::<Vec<_>>()
        .join("\n");
    let mut found = BTreeSet::new();
    let resolve = |path: Vec<String>, found: &mut BTreeSet<Vec<String>>| {
        for n in (0..=path.len()).rev() {
            if modules.contains_key(&path[..n]) {
                if path[..n] != *module {
                    found.insert(path[..n].to_vec());
                }
                return;
            }
        }
    };
    let word = |c: char| c.is_alphanumeric() || c == '_';
    for (at, _) in code
        .match_indices("crate::")
        .chain(code.match_indices("super::"))
    {
        if at > 0 && code[..at].ends_with(word) {
            continue;
        }
        let rest = &code[at..];
        let head = if rest.starts_with("crate::") {
            "crate"
        } else {
            "super"
        };
        let mut base: Vec<String> = if head == "crate" {
            Vec::new()
        } else {
            module[..module.len().saturating_sub(1)].to_vec()
        };
        let mut tail = &rest[head.len() + 2..];
        while let Some(next) = tail.strip_prefix("super::") {
            base.pop();
            tail = next;
        }
        if let Some(group) = tail.strip_prefix('{') {
            // `crate::{a::b, c}`: each member of the group.
            let group = group.split('}').next().unwrap_or("");
            for member in group.split(',') {
                let mut path = base.clone();
                path.extend(
                    member
                        .trim()
                        .split("::")
                        .map(|s| s.trim_matches(|c: char| !word(c)).to_owned())
                        .filter(|s| !s.is_empty()),
                );
                resolve(path, &mut found);
            }
            continue;
        }
        let mut path = base;
        for segment in tail.split("::") {
            let name: String = segment.chars().take_while(|&c| word(c)).collect();
            if name.is_empty() {
                break;
            }
            path.push(name.clone());
            if name.len() != segment.len() {
                break;
            }
        }
        resolve(path, &mut found);
    }
    found
}

/// A cycle in `edges`, if any, as the modules along it.
fn a_cycle(edges: &BTreeMap<Vec<String>, BTreeSet<Vec<String>>>) -> Option<Vec<String>> {
    // Depth-first, colouring: 1 on the stack, 2 done.
    fn visit(
        node: &Vec<String>,
        edges: &BTreeMap<Vec<String>, BTreeSet<Vec<String>>>,
        colour: &mut BTreeMap<Vec<String>, u8>,
        stack: &mut Vec<Vec<String>>,
    ) -> Option<Vec<String>> {
        colour.insert(node.clone(), 1);
        stack.push(node.clone());
        for next in edges.get(node).into_iter().flatten() {
            match colour.get(next) {
                Some(1) => {
                    let start = stack.iter().position(|n| n == next).unwrap_or(0);
                    let mut cycle: Vec<String> =
                        stack[start..].iter().map(|m| m.join("::")).collect();
                    cycle.push(next.join("::"));
                    return Some(cycle);
                }
                Some(_) => {}
                None => {
                    if let Some(cycle) = visit(next, edges, colour, stack) {
                        return Some(cycle);
                    }
                }
            }
        }
        stack.pop();
        colour.insert(node.clone(), 2);
        None
    }
    let mut colour = BTreeMap::new();
    for node in edges.keys() {
        if !colour.contains_key(node)
            && let Some(cycle) = visit(node, edges, &mut colour, &mut Vec::new())
        {
            return Some(cycle);
        }
    }
    None
}

#[test]
fn no_file_imports_one_that_imports_it_back() {
    for (name, dir) in CRATES {
        let modules = module_paths(Path::new(dir));
        let edges: BTreeMap<Vec<String>, BTreeSet<Vec<String>>> = modules
            .iter()
            .map(|(module, (_, text))| (module.clone(), imports(module, text, &modules)))
            .collect();
        let n_edges: usize = edges.values().map(BTreeSet::len).sum();
        assert!(n_edges > 10, "{name}: only {n_edges} imports found");
        if let Some(cycle) = a_cycle(&edges) {
            panic!("{name}: a circle of imports: {}", cycle.join(" -> "));
        }
    }
}

/// The detector finds a circle when there is one (this test can fail).
#[test]
fn the_circle_detector_sees_a_circle() {
    let mut modules = BTreeMap::new();
    for name in ["a", "b", "c"] {
        modules.insert(vec![name.to_owned()], (PathBuf::new(), String::new()));
    }
    let a = imports(&["a".into()], "use crate::b::Thing;\n", &modules);
    let b = imports(&["b".into()], "use crate::{c, a::Other};\n", &modules);
    let c = imports(&["c".into()], "// crate::a in a comment\n", &modules);
    let edges = BTreeMap::from([
        (vec!["a".to_owned()], a),
        (vec!["b".to_owned()], b),
        (vec!["c".to_owned()], c),
    ]);
    assert_eq!(
        a_cycle(&edges),
        Some(vec!["a".to_owned(), "b".to_owned(), "a".to_owned()])
    );
}

/// The functions of a source longer than `limit` lines, as (first line, name, lines): from the
/// `fn` line to its closing brace, strings, characters and comments skipped.
fn long_functions(text: &str, limit: usize) -> Vec<(usize, String, usize)> {
    let lines: Vec<&str> = text.lines().collect();
    let mut found = Vec::new();
    for (start, line) in lines.iter().enumerate() {
        let trimmed = line.trim_start();
        let after_vis = trimmed
            .strip_prefix("pub(crate) ")
            .or_else(|| trimmed.strip_prefix("pub(super) "))
            .or_else(|| trimmed.strip_prefix("pub "))
            .unwrap_or(trimmed);
        let after_const = after_vis.strip_prefix("const ").unwrap_or(after_vis);
        let Some(rest) = after_const.strip_prefix("fn ") else {
            continue;
        };
        let name: String = rest
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect();
        let mut depth = 0i32;
        let mut opened = false;
        'scan: for (offset, body) in lines[start..].iter().enumerate() {
            let code = body.split("//").next().unwrap_or("");
            let mut chars = code.chars().peekable();
            while let Some(c) = chars.next() {
                match c {
                    '"' => {
                        // A string: skip to its closing quote.
                        while let Some(s) = chars.next() {
                            match s {
                                '\\' => {
                                    chars.next();
                                }
                                '"' => break,
                                _ => {}
                            }
                        }
                    }
                    '\'' => {
                        // A character literal ('x', '\n', '{'); a lifetime has no closing quote.
                        let mut ahead = chars.clone();
                        let first = ahead.next();
                        let second = if first == Some('\\') {
                            ahead.next();
                            ahead.next()
                        } else {
                            ahead.next()
                        };
                        if second == Some('\'') {
                            chars = ahead;
                        }
                    }
                    '{' => {
                        depth += 1;
                        opened = true;
                    }
                    '}' => depth -= 1,
                    ';' if !opened => break 'scan,
                    _ => {}
                }
            }
            if opened && depth <= 0 {
                let n = offset + 1;
                if n > limit {
                    found.push((start + 1, name.clone(), n));
                }
                break;
            }
        }
    }
    found
}

#[test]
fn no_function_is_over_100_lines() {
    let mut found = Vec::new();
    for (path, text) in all_sources() {
        for (line, name, n) in long_functions(&text, 100) {
            found.push(format!("{}:{line}: `{name}` has {n} lines", path.display()));
        }
    }
    assert!(
        found.is_empty(),
        "functions over 100 lines:\n{}",
        found.join("\n")
    );
}

/// The measure finds a long function, and is not fooled by braces in strings and characters.
#[test]
fn the_function_measure_counts_to_the_closing_brace() {
    let body = "    let _ = \"{\";\n    let _ = '{';\n".repeat(60);
    let text = format!("fn long() {{\n{body}}}\n\nfn short() {{}}\n");
    assert_eq!(long_functions(&text, 100), [(1, "long".to_owned(), 122)]);
    assert!(long_functions(&text, 200).is_empty());
}

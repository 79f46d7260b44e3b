//! Restructuring the agenda across a scenario's files: `agenda split` turns an item into issues,
//! `agenda rename` gives an item (or an issue) a new id. Both edit the files' text where the span
//! index says, so comments and layout stay as they are, and return the new texts; the caller
//! loads the result before writing anything, and writes every file or none.

use std::ops::Range;
use std::path::{Path, PathBuf};

use crate::load::FileSource;
use crate::load::locate::{Seg, SpanIndex};
use crate::model::Scenario;

/// The lists whose entries name an item: a group's positions and its member states' positions,
/// a private file's confidential parts, the recorded outcomes and an organisation's views.
const ENTRY_LISTS: [&str; 5] = ["positions", "states", "confidential", "outcomes", "views"];

/// The characters an id made by `agenda` may not hold: ones the files would escape, and the
/// separators and wildcard of `--items` and `--set`.
const RESERVED: &str = "\"\\,=:*`";

/// An id the text edits can find as written: no character RON would escape.
fn editable(id: &str) -> Result<(), AgendaError> {
    if id.contains(['"', '\\']) {
        return Err(error(
            format!(
                "`{}` holds a quote or a backslash, which the files write escaped",
                crate::diag::shorten(id)
            ),
            Some("rename it by hand in every file that names it".into()),
        ));
    }
    Ok(())
}

/// The new texts of the files an agenda change touches, in the order the scenario names them.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AgendaChange {
    /// Each changed file with its new text.
    pub files: Vec<(PathBuf, String)>,
    /// How many entries (positions, member states' positions, confidential parts, outcomes,
    /// views) were copied or renamed.
    pub entries: usize,
    /// The ids the change made (the issues of a split; the new id of a rename).
    pub ids: Vec<String>,
}

/// Why an agenda change cannot be made: what is wrong and how to fix it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AgendaError {
    /// What is wrong.
    pub message: String,
    /// How to fix it.
    pub hint: Option<String>,
}

fn error(message: impl Into<String>, hint: Option<String>) -> AgendaError {
    AgendaError {
        message: message.into(),
        hint,
    }
}

/// Splits `item` into issues, one per suffix of `into` (`a` makes `1.7a`; an id that already
/// starts with the item's id is taken whole). The item keeps its options, which the issues
/// inherit; every entry naming the item in the other files is copied to each issue, each copy
/// marked by a comment.
pub fn split(
    source: &dyn FileSource,
    (scenario_path, inputs): (&Path, &[PathBuf]),
    scenario: &Scenario,
    item: &str,
    into: &[String],
) -> Result<AgendaChange, AgendaError> {
    let found = scenario.items.get(item).ok_or_else(|| {
        let hint = match scenario.parents.get(item) {
            Some(_) => Some(format!("`{item}` is already split into issues")),
            None => crate::load::suggest(item, scenario.items.keys().map(|id| id.as_str()))
                .map(|best| format!("did you mean `{best}`?")),
        };
        error(
            format!("the scenario has no agenda item `{item}` to split"),
            hint,
        )
    })?;
    if let Some(parent) = &found.parent {
        return Err(error(
            format!("`{item}` is an issue of `{parent}`; an issue is not split further"),
            None,
        ));
    }
    editable(item)?;
    let ids = issue_ids(scenario, item, into)?;
    let text = read(source, scenario_path)?;
    let index = SpanIndex::new(&text);
    let at = item_index(&text, &index, item)
        .ok_or_else(|| error(format!("`{item}` was not found in the scenario file"), None))?;
    let new_scenario = insert_issues(&text, &index, at, &ids, &found.title);
    let mut change = AgendaChange {
        files: vec![(scenario_path.to_owned(), new_scenario)],
        entries: 0,
        ids: ids.clone(),
    };
    for path in inputs.iter().filter(|path| path.as_path() != scenario_path) {
        let Ok(text) = read(source, path) else {
            continue;
        };
        let (edited, count) = edit_entries(&text, item, |entry, item_span, indent| {
            let copies: Vec<String> = ids
                .iter()
                .map(|id| {
                    format!(
                        "// copied from `{item}` by `concord agenda split`\n{indent}{}",
                        replaced(entry, item_span.clone(), id)
                    )
                })
                .collect();
            copies.join(&format!(",\n{indent}"))
        });
        if count > 0 {
            change.entries += count;
            change.files.push((path.clone(), edited));
        }
    }
    Ok(change)
}

/// Renames `old` (an item, an item split into issues, or an issue) to `new` in the scenario's
/// agenda (its id and every `depends_on` naming it) and in every entry of the other files.
pub fn rename(
    source: &dyn FileSource,
    (scenario_path, inputs): (&Path, &[PathBuf]),
    scenario: &Scenario,
    old: &str,
    new: &str,
) -> Result<AgendaChange, AgendaError> {
    let known = scenario.items.contains_key(old) || scenario.parents.contains_key(old);
    if !known {
        return Err(error(
            format!("the scenario has no agenda item or issue `{old}` to rename"),
            crate::load::suggest(
                old,
                scenario
                    .items
                    .keys()
                    .map(|id| id.as_str())
                    .chain(scenario.parents.keys().map(String::as_str)),
            )
            .map(|best| format!("did you mean `{best}`?")),
        ));
    }
    editable(old)?;
    check_new_id(scenario, new)?;
    let text = read(source, scenario_path)?;
    let index = SpanIndex::new(&text);
    let literal = quoted(old);
    let mut spans: Vec<Range<usize>> = Vec::new();
    for at in 0.. {
        if !index.contains(&[Seg::F("items"), Seg::I(at)]) {
            break;
        }
        let mut push = |path: &[Seg<'_>]| {
            if index.contains(path) {
                let span = index.find(path);
                if text[span.clone()] == literal {
                    spans.push(span);
                }
            }
        };
        push(&[Seg::F("items"), Seg::I(at), Seg::F("id")]);
        for dep in 0..count(&index, &[Seg::F("items"), Seg::I(at), Seg::F("depends_on")]) {
            push(&[
                Seg::F("items"),
                Seg::I(at),
                Seg::F("depends_on"),
                Seg::I(dep),
            ]);
        }
        for issue in 0..count(&index, &[Seg::F("items"), Seg::I(at), Seg::F("issues")]) {
            push(&[
                Seg::F("items"),
                Seg::I(at),
                Seg::F("issues"),
                Seg::I(issue),
                Seg::F("id"),
            ]);
        }
    }
    let mut change = AgendaChange {
        files: vec![(
            scenario_path.to_owned(),
            replace_all(&text, &spans, &quoted(new)),
        )],
        entries: 0,
        ids: vec![new.to_owned()],
    };
    for path in inputs.iter().filter(|path| path.as_path() != scenario_path) {
        let Ok(text) = read(source, path) else {
            continue;
        };
        let (edited, count) = edit_entries(&text, old, |entry, item_span, _| {
            replaced(entry, item_span, new)
        });
        if count > 0 {
            change.entries += count;
            change.files.push((path.clone(), edited));
        }
    }
    Ok(change)
}

/// The ids of the issues: `item` + suffix, or the suffix whole when it starts with the item's
/// id; each a valid id, given once, and new to the scenario.
fn issue_ids(scenario: &Scenario, item: &str, into: &[String]) -> Result<Vec<String>, AgendaError> {
    let suffixes: Vec<&str> = into
        .iter()
        .flat_map(|list| list.split(','))
        .map(str::trim)
        .filter(|suffix| !suffix.is_empty())
        .collect();
    if suffixes.is_empty() {
        return Err(error(
            "--into names no issue",
            Some(format!(
                "e.g. `--into a,b,c` makes `{item}a`, `{item}b`, `{item}c`"
            )),
        ));
    }
    let mut ids: Vec<String> = Vec::new();
    for suffix in suffixes {
        let id = if suffix.starts_with(item) {
            suffix.to_owned()
        } else {
            format!("{item}{suffix}")
        };
        if ids.contains(&id) {
            return Err(error(format!("`{id}` is named twice in --into"), None));
        }
        check_new_id(scenario, &id)?;
        ids.push(id);
    }
    Ok(ids)
}

/// An id the scenario does not use yet, of a valid form.
fn check_new_id(scenario: &Scenario, id: &str) -> Result<(), AgendaError> {
    if id.is_empty()
        || id.chars().count() > 100
        || id
            .chars()
            .any(|c| c.is_whitespace() || crate::diag::is_invisible(c) || RESERVED.contains(c))
    {
        return Err(error(
            format!(
                "`{}` is not an id concord can address",
                crate::diag::shorten(id)
            ),
            Some(format!(
                "ids made here have 1 to 100 characters, with no whitespace and none of {RESERVED}: \
                 a quote or a backslash needs escaping in the files, and `--items`, `--set` and \
                 the table import read `,` `=` `:` `*` as separators or wildcards"
            )),
        ));
    }
    if scenario.items.contains_key(id) || scenario.parents.contains_key(id) {
        return Err(error(
            format!("the scenario already has an item or issue `{id}`"),
            Some("choose an id of its own".into()),
        ));
    }
    Ok(())
}

fn read(source: &dyn FileSource, path: &Path) -> Result<String, AgendaError> {
    let bytes = source
        .read(path)
        .map_err(|e| error(format!("cannot read {}: {e}", path.display()), None))?;
    String::from_utf8(bytes)
        .map_err(|_| error(format!("{} is not UTF-8 text", path.display()), None))
}

/// `"id"` as RON writes it (the ids concord accepts need no escape).
fn quoted(id: &str) -> String {
    format!("\"{id}\"")
}

/// How many elements the list at `path` has (0: none, or no such list).
fn count(index: &SpanIndex, path: &[Seg<'_>]) -> usize {
    let mut n = 0;
    loop {
        let mut at: Vec<Seg<'_>> = path.to_vec();
        at.push(Seg::I(n));
        if !index.contains(&at) {
            return n;
        }
        n += 1;
    }
}

/// The index in `items` of the item whose id is `item`.
fn item_index(text: &str, index: &SpanIndex, item: &str) -> Option<usize> {
    let literal = quoted(item);
    (0..count(index, &[Seg::F("items")])).find(|&at| {
        let path = [Seg::F("items"), Seg::I(at), Seg::F("id")];
        index.contains(&path) && text[index.find(&path)] == literal
    })
}

/// The fields an item may have, to find where its last one ends.
const ITEM_FIELDS: [&str; 12] = [
    "id",
    "title",
    "document",
    "lead",
    "tags",
    "depends_on",
    "links",
    "options",
    "scale",
    "voting",
    "background",
    "issues",
];

/// The scenario's text with an `issues` list added to the item `at` (after its last field,
/// and its comma when it has one: a comment after it stays where it is), each issue titled after
/// the item.
fn insert_issues(text: &str, index: &SpanIndex, at: usize, ids: &[String], title: &str) -> String {
    let span = index.find(&[Seg::F("items"), Seg::I(at)]);
    let line_start = text[..span.start].rfind('\n').map_or(0, |n| n + 1);
    let indent: String = text[line_start..span.start]
        .chars()
        .take_while(|c| c.is_whitespace())
        .collect();
    let inner = format!("{indent}    ");
    let last_end = ITEM_FIELDS
        .iter()
        .filter_map(|field| {
            let path = [Seg::F("items"), Seg::I(at), Seg::F(field)];
            index.contains(&path).then(|| index.find(&path).end)
        })
        .max()
        .unwrap_or(span.end - 1);
    // Past blanks on the same line, then past a comma if there is one.
    let after = &text[last_end..];
    let blanks = after.len() - after.trim_start_matches([' ', '\t']).len();
    let (insert_at, comma) = if after[blanks..].starts_with(',') {
        (last_end + blanks + 1, "")
    } else {
        (last_end, ",")
    };
    let title = title.replace('\\', "\\\\").replace('"', "\\\"");
    let issues: Vec<String> = ids
        .iter()
        .map(|id| format!("{inner}    Issue(id: \"{id}\", title: \"{title} ({id})\"),"))
        .collect();
    format!(
        "{}{comma}\n{inner}// issues made by `concord agenda split`: give each its own title and, where they differ, its options\n{inner}issues: [\n{}\n{inner}],{}",
        &text[..insert_at],
        issues.join("\n"),
        &text[insert_at..]
    )
}

/// `text` with every list entry naming `item` (in the lists of [`ENTRY_LISTS`]) replaced by
/// what `edit` makes of it (the entry's text, the span of its item string within it, and its
/// indentation), and how many entries were edited.
fn edit_entries(
    text: &str,
    item: &str,
    edit: impl Fn(&str, Range<usize>, &str) -> String,
) -> (String, usize) {
    let index = SpanIndex::new(text);
    let literal = quoted(item);
    let mut edits: Vec<(Range<usize>, String)> = Vec::new();
    for list in ENTRY_LISTS {
        for at in 0..count(&index, &[Seg::F(list)]) {
            let path = [Seg::F(list), Seg::I(at), Seg::F("item")];
            if !index.contains(&path) {
                continue;
            }
            let item_span = index.find(&path);
            if text[item_span.clone()] != literal {
                continue;
            }
            let entry = index.find(&[Seg::F(list), Seg::I(at)]);
            let line_start = text[..entry.start].rfind('\n').map_or(0, |n| n + 1);
            let indent: String = text[line_start..entry.start]
                .chars()
                .take_while(|c| c.is_whitespace())
                .collect();
            let relative = item_span.start - entry.start..item_span.end - entry.start;
            edits.push((entry.clone(), edit(&text[entry], relative, &indent)));
        }
    }
    let count = edits.len();
    let mut out = text.to_owned();
    edits.sort_by_key(|(span, _)| std::cmp::Reverse(span.start));
    for (span, replacement) in edits {
        out.replace_range(span, &replacement);
    }
    (out, count)
}

/// `entry` with its item string (at `span`) naming `id` instead.
fn replaced(entry: &str, span: Range<usize>, id: &str) -> String {
    format!(
        "{}{}{}",
        &entry[..span.start],
        quoted(id),
        &entry[span.end..]
    )
}

/// `text` with every span replaced by `with`.
fn replace_all(text: &str, spans: &[Range<usize>], with: &str) -> String {
    let mut out = text.to_owned();
    let mut sorted: Vec<&Range<usize>> = spans.iter().collect();
    sorted.sort_by_key(|span| std::cmp::Reverse(span.start));
    for span in sorted {
        out.replace_range(span.clone(), with);
    }
    out
}

//! The text an import writes into a positions file: entries as RON in the file's shorthand,
//! and the edit that appends them to a list.

use super::cells::Entry;
use crate::load::locate::{Seg, SpanIndex};
use crate::load::raw::PositionsFile;

/// The edit that appends `new` entries to the list `list` (of `count` entries) of the file.
pub(crate) fn append_edit(
    text: &str,
    index: &SpanIndex,
    (list, count): (&str, usize),
    new: &[String],
) -> (usize, usize, String) {
    let body: String = new.iter().map(|entry| format!("{entry},\n")).collect();
    if count > 0 {
        // After the last entry (and its comma, when it has one).
        let last = index.find(&[Seg::F(list), Seg::I(count - 1)]);
        let rest = &text[last.end..];
        let comma = rest.trim_start().starts_with(',');
        let at = if comma {
            last.end + rest.find(',').unwrap_or(0) + 1
        } else {
            last.end
        };
        let lead = if comma { "\n" } else { ",\n" };
        return (at, at, format!("{lead}{}", body.trim_end_matches('\n')));
    }
    let span = index.find(&[Seg::F(list)]);
    let has_list = text
        .get(span.clone())
        .is_some_and(|value| value.trim_start().starts_with('['));
    if has_list {
        (span.start, span.end, format!("[\n{body}    ]"))
    } else {
        // No such field: add it after the root's opening parenthesis's `conference` field.
        let conference = index.find(&[Seg::F("conference")]);
        let rest = &text[conference.end..];
        let at = conference.end + rest.find(',').map_or(0, |comma| comma + 1);
        (at, at, format!("\n    {list}: [\n{body}    ],"))
    }
}

/// A position entry as RON written where an entry stood (its first line's indentation is the
/// file's own).
pub(super) fn in_place(file: &PositionsFile, entry: &Entry) -> String {
    entry_text(file, entry, "        ").trim_start().to_owned()
}

/// A position entry as RON, every line after the first indented by `indent`.
pub(super) fn entry_text(file: &PositionsFile, entry: &Entry, indent: &str) -> String {
    let text = match written(file, entry) {
        Entry::Position(p) => ron_text(&*p, indent),
        Entry::State(s) => ron_text(&*s, indent),
    };
    format!("{indent}{}", text.trim_end())
}

/// An entry as `file` writes it: its named provenances named, its defaults left out
/// ([`crate::load::shared::compact`]).
pub(super) fn written(file: &PositionsFile, entry: &Entry) -> Entry {
    let mut entry = entry.clone();
    match &mut entry {
        Entry::Position(p) => crate::load::shared::compact(file, p),
        Entry::State(s) => crate::load::shared::compact_state(file, s),
    }
    entry
}

/// `value` as pretty RON with struct names and implicit `Some`, lines after the first indented.
pub(crate) fn ron_text<T: serde::Serialize>(value: &T, indent: &str) -> String {
    let config = ron::ser::PrettyConfig::default()
        .struct_names(true)
        .extensions(ron::extensions::Extensions::IMPLICIT_SOME);
    let text = ron::ser::to_string_pretty(value, config).expect("raw types serialize");
    let body = text
        .strip_prefix("#![enable(implicit_some)]\n")
        .unwrap_or(&text);
    let mut out = String::new();
    for (n, line) in body.lines().enumerate() {
        if n > 0 {
            out.push('\n');
            if !line.is_empty() {
                out.push_str(indent);
            }
        }
        out.push_str(line);
    }
    out.push('\n');
    out
}

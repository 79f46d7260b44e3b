//! CSV (RFC 4180) fields. Records are written by the `csv` crate; this is the formula guard
//! every field goes through first, and the quoting of a lone field.

use std::borrow::Cow;

/// A text field that a spreadsheet would run as a formula (`=1+2`, `+…`, `-…`, `@…`) gets a
/// leading `'`, as OWASP advises against CSV injection; numbers are left alone. `import table`
/// takes the `'` off again ([`undefuse`]).
pub fn defuse(value: &str) -> Cow<'_, str> {
    // Text that already starts with `'`s before a formula gets one more, so that reading it
    // back ([`undefuse`]) takes exactly one off: the guard never changes a value.
    if formula_like(value.trim_start_matches('\'')) {
        Cow::Owned(format!("'{value}"))
    } else {
        Cow::Borrowed(value)
    }
}

/// Whether a spreadsheet would run `value` as a formula.
fn formula_like(value: &str) -> bool {
    value.starts_with(['=', '+', '-', '@', '\t', '\r']) && value.parse::<f64>().is_err()
}

/// A field read back: the `'` that [`defuse`] put before a formula-like text taken off.
pub fn undefuse(value: &str) -> &str {
    match value.strip_prefix('\'') {
        Some(rest) if formula_like(rest.trim_start_matches('\'')) => rest,
        _ => value,
    }
}

/// Whether `c` is written `\u{…}` in a lossless table (`export table`): a control character
/// other than a line break or a tab, a line or paragraph separator, or a bidi override or
/// isolate. A CSV may be printed on a terminal; none of these then acts on it.
fn hidden(c: char) -> bool {
    (c.is_control() && !matches!(c, '\n' | '\t'))
        || matches!(
            c,
            '\u{2028}' | '\u{2029}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}'
        )
}

/// A field of a lossless table with its [`hidden`] characters written `\u{1B}`, and a
/// backslash that would read as such an escape written `\u{5C}`: [`unshown`] gives the text
/// back exactly.
pub fn shown(value: &str) -> Cow<'_, str> {
    if !value.chars().any(hidden) && !value.contains("\\u{") {
        return Cow::Borrowed(value);
    }
    let mut out = String::with_capacity(value.len() + 8);
    for (at, c) in value.char_indices() {
        if hidden(c) || (c == '\\' && value[at + 1..].starts_with("u{")) {
            out.push_str(&format!("\\u{{{:X}}}", u32::from(c)));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// A field read back from a lossless table: every `\u{…}` of [`shown`] made its character again
/// (an escape that names no character is left as written).
pub fn unshown(value: &str) -> Cow<'_, str> {
    if !value.contains("\\u{") {
        return Cow::Borrowed(value);
    }
    let mut out = String::with_capacity(value.len());
    let mut rest = value;
    while let Some(at) = rest.find("\\u{") {
        out.push_str(&rest[..at]);
        let after = &rest[at + 3..];
        // At most six hex digits, then `}`: the search never runs past them (a field of `\u{`
        // without a `}` stays linear).
        let decoded = after.get(..7).unwrap_or(after).find('}').and_then(|end| {
            let hex = &after[..end];
            (1..=6)
                .contains(&hex.len())
                .then(|| u32::from_str_radix(hex, 16).ok())
                .flatten()
                .and_then(char::from_u32)
                .map(|c| (c, end))
        });
        match decoded {
            Some((c, end)) => {
                out.push(c);
                rest = &after[end + 1..];
            }
            None => {
                out.push_str("\\u{");
                rest = after;
            }
        }
    }
    out.push_str(rest);
    Cow::Owned(out)
}

/// One field, defused and quoted when it holds a comma, a quote or a line break.
pub fn field(value: &str) -> String {
    let value = defuse(value);
    if value.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", value.replace('"', "\"\""))
    } else {
        value.into_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::field;

    #[test]
    fn quotes_only_what_needs_quoting() {
        assert_eq!(field("plain"), "plain");
        assert_eq!(field("a, b"), "\"a, b\"");
        assert_eq!(field("say \"x\""), "\"say \"\"x\"\"\"");
    }

    #[test]
    fn hidden_characters_are_shown_and_read_back_exactly() {
        use super::{shown, unshown};
        assert_eq!(
            shown("a\u{1b}[2Jb\u{202E}c\r\nd\te"),
            "a\\u{1B}[2Jb\\u{202E}c\\u{D}\nd\te"
        );
        for value in [
            "plain",
            "a\u{1b}b\u{7}\u{0}\u{7f}\u{9b}\u{85}\u{2028}\u{202e}",
            "a literal \\u{41} and \\u{5C}",
            "\\u{",
            "\\u{zz}",
            "ends with \\",
            "line\r\nbreak",
        ] {
            assert_eq!(unshown(&shown(value)), value, "{value:?}");
            assert!(!shown(value).chars().any(super::hidden), "{value:?}");
        }
        // A plain backslash is left as it is, and so is an escape that names no character.
        assert_eq!(shown("C:\\dir"), "C:\\dir");
        assert_eq!(unshown("x\\u{110000}y"), "x\\u{110000}y");
    }

    #[test]
    fn defused_text_reads_back_exactly() {
        for value in [
            "=1+2", "'=1+2", "''@x", "-0.5", "plain", "'quoted'", "+cmd|x",
        ] {
            assert_eq!(super::undefuse(&super::defuse(value)), value, "{value}");
        }
    }

    #[test]
    fn formulas_are_defused_and_numbers_kept() {
        assert_eq!(field("=1+2"), "'=1+2");
        assert_eq!(field("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(field("-0.5"), "-0.5");
        assert_eq!(field("a, b"), "\"a, b\"");
        assert_eq!(field("plain"), "plain");
    }
}

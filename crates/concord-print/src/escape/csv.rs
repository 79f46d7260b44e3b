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

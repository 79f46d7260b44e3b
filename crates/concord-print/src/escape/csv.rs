//! CSV (RFC 4180) fields. Records are written by the `csv` crate; this is the formula guard
//! every field goes through first, and the quoting of a lone field.

use std::borrow::Cow;

/// A text field that a spreadsheet would run as a formula (`=1+2`, `+…`, `-…`, `@…`) gets a
/// leading `'`, as OWASP advises against CSV injection; numbers are left alone. `import table`
/// takes the `'` off again ([`undefuse`]).
pub fn defuse(value: &str) -> Cow<'_, str> {
    let formula =
        value.starts_with(['=', '+', '-', '@', '\t', '\r']) && value.parse::<f64>().is_err();
    if formula {
        Cow::Owned(format!("'{value}"))
    } else {
        Cow::Borrowed(value)
    }
}

/// A field read back: the `'` that [`defuse`] put before a formula-like text taken off.
pub fn undefuse(value: &str) -> &str {
    match value.strip_prefix('\'') {
        Some(rest)
            if rest.starts_with(['=', '+', '-', '@', '\t', '\r'])
                && rest.parse::<f64>().is_err() =>
        {
            rest
        }
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
    fn formulas_are_defused_and_numbers_kept() {
        assert_eq!(field("=1+2"), "'=1+2");
        assert_eq!(field("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(field("-0.5"), "-0.5");
        assert_eq!(field("a, b"), "\"a, b\"");
        assert_eq!(field("plain"), "plain");
    }
}

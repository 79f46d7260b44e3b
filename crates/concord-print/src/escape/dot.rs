//! Graphviz DOT IDs.

/// A string as a quoted DOT ID: quotes and backslashes escaped, a line break as DOT's `\n`
/// (a line of the label), a carriage return dropped.
pub fn quoted(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for ch in text.chars() {
        match ch {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            ch => out.push(ch),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::quoted;

    #[test]
    fn quotes_every_special_character() {
        assert_eq!(quoted(r#"a "b" \c"#), r#""a \"b\" \\c""#);
        assert_eq!(quoted("two\nlines"), "\"two\\nlines\"");
        assert_eq!(quoted("crlf\r\n"), "\"crlf\\n\"");
    }
}

//! Decide exchange-model fields (`export --format decide`).

/// A field as Decide reads it: single-quoted, with no tab, line break or single quote inside.
pub fn field(text: &str) -> String {
    format!(
        "'{}'",
        text.replace(['\t', '\n', '\r'], " ").replace('\'', "’")
    )
}

#[cfg(test)]
mod tests {
    use super::field;

    #[test]
    fn a_field_has_no_tab_line_break_or_single_quote_inside() {
        assert_eq!(field("a\tb\nc\rd"), "'a b c d'");
        assert_eq!(field("it's"), "'it’s'");
    }
}

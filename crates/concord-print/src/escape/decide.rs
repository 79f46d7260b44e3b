//! Decide exchange-model fields (`export --format decide`).

/// A field as Decide reads it: single-quoted, a single quote inside doubled (`'it''s'`, which
/// `import decide` reads back as `it's`: nothing changes on the way), a tab or line break (which no
/// one-line name holds) as a space.
pub fn field(text: &str) -> String {
    format!(
        "'{}'",
        text.replace(['\t', '\n', '\r'], " ").replace('\'', "''")
    )
}

#[cfg(test)]
mod tests {
    use super::field;

    #[test]
    fn a_field_has_no_tab_line_break_or_single_quote_inside() {
        assert_eq!(field("a\tb\nc\rd"), "'a b c d'");
        assert_eq!(field("it's"), "'it''s'");
    }
}

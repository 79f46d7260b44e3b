//! Markdown: user strings never become markup, nor break a table.

/// Escapes inline text so that user strings never become markup.
pub fn text(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for ch in value.chars() {
        if matches!(
            ch,
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '|'
        ) {
            out.push('\\');
        }
        out.push(ch);
    }
    out
}

/// Escapes text for a table cell: backslashes, pipes, `<` and `>` (so no HTML from the data
/// renders), and line breaks (as spaces).
pub fn cell(value: &str) -> String {
    cell_pipes_only(&value.replace('\\', "\\\\"))
}

/// Escapes a table cell of `simulate`, `backtest`, `compare`, `sweep` and `sensitivity` (and the
/// cells-changed list of `compare`): pipes, `<` and `>`, the `(` of a link's `](`, line breaks as
/// spaces; unlike [`cell`]
/// it keeps backslashes as they are, so that their output stays byte for byte what it was.
pub(crate) fn cell_pipes_only(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for ch in value.chars() {
        match ch {
            // `](` is what makes `[text](url)` a link: escaped, it stays text.
            '|' | '<' | '>' => {
                out.push('\\');
                out.push(ch);
            }
            '(' if out.ends_with(']') => out.push_str("\\("),
            '\n' => out.push(' '),
            ch => out.push(ch),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inline_text_never_becomes_markup() {
        assert_eq!(text("*a* [b](c) #d"), "\\*a\\* \\[b\\](c) \\#d");
        assert_eq!(text("x|y\\z"), "x\\|y\\\\z");
    }

    #[test]
    fn the_two_cell_escapers_differ_on_backslashes_and_line_breaks() {
        assert_eq!(cell("a|b\\c\nd<e>"), "a\\|b\\\\c d\\<e\\>");
        assert_eq!(cell_pipes_only("a|b\\c\nd<e>"), "a\\|b\\c d\\<e\\>");
        assert_eq!(cell("[x](javascript:y)"), "[x]\\(javascript:y)");
    }
}

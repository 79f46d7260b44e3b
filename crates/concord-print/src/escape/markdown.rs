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

/// Escapes text for a table cell: backslashes, pipes, and line breaks (as spaces).
pub fn cell(value: &str) -> String {
    value
        .replace('\\', "\\\\")
        .replace('|', "\\|")
        .replace('\n', " ")
}

/// Escapes pipes only, as the tables of `simulate`, `backtest`, `compare`, `sweep` and
/// `sensitivity` (and the cells-changed list of `compare`) always have: unlike [`cell`] it keeps
/// backslashes and line breaks as they are, so that their output stays byte for byte what it was.
pub(crate) fn cell_pipes_only(value: &str) -> String {
    value.replace('|', "\\|")
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
        assert_eq!(cell("a|b\\c\nd"), "a\\|b\\\\c d");
        assert_eq!(cell_pipes_only("a|b\\c\nd"), "a\\|b\\c\nd");
    }
}

//! Text for the terminal: no invisible character from the data reaches it raw, and no token
//! (a 20 MB bad value) floods it.

use std::borrow::Cow;

use concord_core::diag::{is_invisible, shorten};

/// `text` with every invisible character (see [`is_invisible`]) except the line break written
/// as `\u{…}`, so a message shows what is really there and an escape sequence or a bidi control
/// from the data never acts on the terminal.
pub fn invisible(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_invisible) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(
        text.chars()
            .map(|c| {
                if is_invisible(c) && c != '\n' {
                    format!("\\u{{{:04X}}}", u32::from(c))
                } else {
                    c.to_string()
                }
            })
            .collect(),
    )
}

/// A whole output for a reader (terminal text, Markdown, HTML, DOT): the last guard, after every
/// printer has escaped its fields. Every invisible character but the line break and the tab is
/// written `\u{…}`; with `paint`, an escape that starts one of concord's own colour codes
/// (`ESC [ digits;… m`, the only sequences [`Paint`](crate::report::Paint) writes) is kept, so
/// nothing from the data can move the cursor, clear the screen or reorder a line.
pub fn document(text: &str, paint: bool) -> Cow<'_, str> {
    let keep = |c: char| c == '\n' || c == '\t' || !is_invisible(c);
    if text.chars().all(keep) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        if paint && c == '\u{1b}' {
            let code = rest[1..]
                .strip_prefix('[')
                .map(|after| {
                    after.len()
                        - after
                            .trim_start_matches(|d: char| d.is_ascii_digit() || d == ';')
                            .len()
                })
                .filter(|&digits| rest[2 + digits..].starts_with('m'));
            if let Some(digits) = code {
                out.push_str(&rest[..3 + digits]);
                rest = &rest[3 + digits..];
                continue;
            }
        }
        if keep(c) {
            out.push(c);
        } else {
            out.push_str(&format!("\\u{{{:04X}}}", u32::from(c)));
        }
        rest = &rest[c.len_utf8()..];
    }
    Cow::Owned(out)
}

/// The columns `text` takes on a terminal: a wide character (an emoji, a fullwidth or CJK
/// character) two, a combining mark none. Text tables pad by it, so such cells stay aligned.
pub fn width(text: &str) -> usize {
    unicode_width::UnicodeWidthStr::width(text)
}

/// Free text shown on one line: a line break from the data written `\n`, so it can never start a
/// line of its own (the rest of what is invisible is [`document`]'s).
pub fn one_line(text: &str) -> Cow<'_, str> {
    if text.contains('\n') {
        Cow::Owned(text.replace('\n', "\\n"))
    } else {
        Cow::Borrowed(text)
    }
}

/// A field of one line for the terminal: [`invisible`] characters escaped and a line break
/// written `\n`, so free text from the data can neither act on the terminal nor forge a line.
pub fn field(text: &str) -> String {
    invisible(text).replace('\n', "\\n")
}

/// `message` with every over-long token (a run without spaces) shortened by [`shorten`].
pub(crate) fn shorten_tokens(message: &str) -> Cow<'_, str> {
    // `shorten` leaves a token of up to its limit as it is: then so is the message.
    if message
        .split(' ')
        .all(|token| matches!(shorten(token), Cow::Borrowed(_)))
    {
        return Cow::Borrowed(message);
    }
    let tokens: Vec<String> = message.split(' ').map(shorten_token).collect();
    Cow::Owned(tokens.join(" "))
}

/// One token of [`shorten_tokens`]: quotes and punctuation around it stay whole; its core is
/// shortened.
fn shorten_token(token: &str) -> String {
    let core = token.trim_start_matches(['`', '\'', '"', '(']);
    let lead = &token[..token.len() - core.len()];
    let core_end = core.trim_end_matches(['`', '\'', '"', ')', ',', ';', ':', '.']);
    let trail = &core[core_end.len()..];
    match shorten(core_end) {
        Cow::Borrowed(_) => token.to_owned(),
        Cow::Owned(short) => {
            // `…tail (N characters)`: the closing quote goes after the tail.
            let (text, count) = short.rsplit_once(" (").unwrap_or((&short, ""));
            let punctuation = trail.trim_start_matches(['`', '\'', '"', ')']);
            let quotes = &trail[..trail.len() - punctuation.len()];
            let count = count.trim_end_matches(')');
            format!("{lead}{text}{quotes} ({count}){punctuation}")
        }
    }
}

/// A diagnostic's message or hint for the terminal: [`invisible`] characters escaped, then
/// over-long tokens shortened.
pub fn message(text: &str) -> String {
    shorten_tokens(&field(text)).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_document_keeps_only_concords_own_colour_codes() {
        let data = "a\u{1b}[2Jb\u{9b}c\u{202e}d\n\te";
        assert_eq!(
            document(data, false),
            "a\\u{001B}[2Jb\\u{009B}c\\u{202E}d\n\te"
        );
        let painted = format!("\u{1b}[1;31m{data}\u{1b}[0m");
        assert_eq!(
            document(&painted, true),
            "\u{1b}[1;31ma\\u{001B}[2Jb\\u{009B}c\\u{202E}d\n\te\u{1b}[0m"
        );
        assert_eq!(document("\u{1b}[2J", false), "\\u{001B}[2J");
    }

    #[test]
    fn long_tokens_are_shortened_inside_their_quotes() {
        let long = "y".repeat(1000);
        let message = format!("unknown agenda item `{long}`, see");
        let short = shorten_tokens(&message);
        assert!(short.starts_with("unknown agenda item `yyyy"), "{short}");
        assert!(short.ends_with("y` (1000 characters), see"), "{short}");
        assert!(short.len() < 140, "{short}");
        assert_eq!(shorten_tokens("short `id`"), "short `id`");
    }

    #[test]
    fn invisible_characters_are_escaped() {
        assert_eq!(invisible("a\u{202E}b\u{200B}c"), "a\\u{202E}b\\u{200B}c");
        assert_eq!(invisible("é plain"), "é plain");
        assert_eq!(invisible("a\x1b[31mb\nc"), "a\\u{001B}[31mb\nc");
    }

    #[test]
    fn a_message_is_escaped_then_shortened() {
        let long = "\u{202E}".repeat(100);
        let shown = message(&format!("bad `{long}`"));
        assert!(!shown.contains('\u{202E}'), "{shown}");
        assert!(shown.ends_with("` (800 characters)"), "{shown}");
    }

    #[test]
    fn a_table_pads_wide_characters_by_the_columns_they_take() {
        assert_eq!(width("ab"), 2);
        assert_eq!(width("ＡＢ"), 4, "fullwidth");
        assert_eq!(width("🇫🇷"), 2, "a flag is one wide glyph");
        assert_eq!(width("é—…"), 3);
        let rows = vec![
            vec!["ＡＢ".to_owned(), "x".to_owned()],
            vec!["ab".to_owned(), "y".to_owned()],
            vec!["🙂".to_owned(), "z".to_owned()],
        ];
        let table = crate::report::text::table(
            &["id", "v"],
            &rows,
            crate::report::style::Paint { enabled: false },
        );
        // The second column starts at one terminal column on every line.
        let columns: Vec<usize> = table
            .lines()
            .map(|line| {
                let (head, _) = line.rsplit_once("  ").expect("two columns");
                width(head) + 2
            })
            .collect();
        assert!(columns.iter().all(|&c| c == columns[0]), "{table}");
    }
}

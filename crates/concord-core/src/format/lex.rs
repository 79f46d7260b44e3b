//! The tokens of a concord file, scanned one by one for the formatter (and all at once for the
//! recovery of a positions file's errors).

use super::FormatError;

#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Token<'a> {
    Open(char),
    Close(char),
    Comma,
    Colon,
    /// A string, char, number, identifier or attribute, as written.
    Atom(&'a str),
    /// A comment, as written; `own_line` when only blanks precede it on its line.
    Comment {
        text: &'a str,
        own_line: bool,
    },
}

/// The string literals that start before `end` in `text`, each as its offset and whether it runs
/// over a line end, in order; scanned once, and up to the first thing that does not scan.
pub(crate) fn strings_before(text: &str, end: usize) -> Vec<(usize, bool)> {
    let mut out = Vec::new();
    for token in Lexer::new(text) {
        let Ok((start, token)) = token else { break };
        if start >= end {
            break;
        }
        if let Token::Atom(atom) = token
            && atom.starts_with('"')
        {
            out.push((start, atom.contains('\n')));
        }
    }
    out
}

/// The tokens of `text`, each with its offset.
pub(crate) fn tokens(text: &str) -> Result<Vec<(usize, Token<'_>)>, FormatError> {
    Lexer::new(text).collect()
}

/// The tokens of a text one by one: the formatter never holds them all (a 31 MB file is eight
/// million tokens).
pub(super) struct Lexer<'a> {
    text: &'a str,
    at: usize,
    line_start: bool,
    /// Whether a CR ends a line: in a file with no LF at all (old Mac line ends), as the loader
    /// reads it; elsewhere a lone CR is a blank, and a `//` comment runs to the LF, as in ron.
    cr_lines: bool,
}

impl<'a> Lexer<'a> {
    pub(super) fn new(text: &'a str) -> Self {
        Lexer {
            text,
            at: 0,
            line_start: true,
            cr_lines: !text.contains('\n'),
        }
    }

    /// The next token and its offset; `None` at the end of the text.
    pub(super) fn next_token(&mut self) -> Result<Option<(usize, Token<'a>)>, FormatError> {
        let text = self.text;
        let bytes = text.as_bytes();
        while let Some(&c) = bytes.get(self.at) {
            match c {
                // A CR ends a line in a CR-only file (the layout writes LF).
                b'\n' => self.line_start = true,
                b'\r' if self.cr_lines => self.line_start = true,
                b'\r' => {}
                b' ' | b'\t' => {}
                _ => break,
            }
            self.at += 1;
        }
        let Some(&c) = bytes.get(self.at) else {
            return Ok(None);
        };
        let start = self.at;
        let mut at = self.at;
        let token = match c {
            b'(' | b'[' | b'{' => {
                at += 1;
                Token::Open(char::from(c))
            }
            b')' | b']' | b'}' => {
                at += 1;
                Token::Close(char::from(c))
            }
            b',' => {
                at += 1;
                Token::Comma
            }
            b':' => {
                at += 1;
                Token::Colon
            }
            b'/' if bytes.get(at + 1) == Some(&b'/') => {
                at = line_end(text, at, self.cr_lines);
                Token::Comment {
                    text: text[start..at].trim_end(),
                    own_line: self.line_start,
                }
            }
            b'/' if bytes.get(at + 1) == Some(&b'*') => {
                at = block_comment_end(text, at)?;
                Token::Comment {
                    text: &text[start..at],
                    own_line: self.line_start,
                }
            }
            b'"' => {
                at = string_end(text, at)?;
                Token::Atom(&text[start..at])
            }
            b'\'' => {
                at = char_end(text, at)?;
                Token::Atom(&text[start..at])
            }
            b'r' if matches!(bytes.get(at + 1), Some(b'"' | b'#')) => {
                at = raw_string_end(text, at)?;
                Token::Atom(&text[start..at])
            }
            b'#' if bytes.get(at + 1) == Some(&b'!') => {
                // An attribute, `#![enable(...)]`: kept whole on its line.
                at = line_end(text, at, self.cr_lines);
                Token::Atom(text[start..at].trim_end())
            }
            _ => {
                at = atom_end(text, at);
                if at == start {
                    return Err(FormatError {
                        at,
                        message: format!("unexpected `{}`", char::from(c)),
                    });
                }
                Token::Atom(&text[start..at])
            }
        };
        self.at = at;
        self.line_start = false;
        Ok(Some((start, token)))
    }
}

impl<'a> Iterator for Lexer<'a> {
    type Item = Result<(usize, Token<'a>), FormatError>;

    fn next(&mut self) -> Option<Self::Item> {
        self.next_token().transpose()
    }
}

/// The end of the line `at` is on: its LF, or its CR in a CR-only file.
fn line_end(text: &str, at: usize, cr_lines: bool) -> usize {
    let end = if cr_lines {
        text[at..].find('\r')
    } else {
        text[at..].find('\n')
    };
    end.map_or(text.len(), |n| at + n)
}

/// The end of a number, identifier or other bare token starting at `at`.
fn atom_end(text: &str, mut at: usize) -> usize {
    let bytes = text.as_bytes();
    while at < bytes.len()
        && !matches!(
            bytes[at],
            b'(' | b')'
                | b'['
                | b']'
                | b'{'
                | b'}'
                | b','
                | b':'
                | b' '
                | b'\t'
                | b'\r'
                | b'\n'
                | b'"'
                | b'\''
        )
        && !(bytes[at] == b'/' && matches!(bytes.get(at + 1), Some(b'/' | b'*')))
    {
        at += text[at..].chars().next().map_or(1, char::len_utf8);
    }
    at
}

fn unclosed(at: usize, what: &str) -> FormatError {
    FormatError {
        at,
        message: format!("a {what} is not closed"),
    }
}

fn string_end(text: &str, start: usize) -> Result<usize, FormatError> {
    let bytes = text.as_bytes();
    let mut at = start + 1;
    while at < bytes.len() {
        match bytes[at] {
            b'\\' => at += 2,
            b'"' => return Ok(at + 1),
            _ => at += 1,
        }
    }
    Err(unclosed(start, "string"))
}

fn char_end(text: &str, start: usize) -> Result<usize, FormatError> {
    let bytes = text.as_bytes();
    let mut at = start + 1;
    while at < bytes.len() {
        match bytes[at] {
            b'\\' => at += 2,
            b'\'' => return Ok(at + 1),
            _ => at += 1,
        }
    }
    Err(unclosed(start, "character"))
}

fn raw_string_end(text: &str, start: usize) -> Result<usize, FormatError> {
    let hashes = text[start + 1..].bytes().take_while(|b| *b == b'#').count();
    let open = start + 1 + hashes;
    if text.as_bytes().get(open) != Some(&b'"') {
        return Err(unclosed(start, "raw string"));
    }
    let close = format!("\"{}", "#".repeat(hashes));
    text[open + 1..]
        .find(&close)
        .map(|n| open + 1 + n + close.len())
        .ok_or_else(|| unclosed(start, "raw string"))
}

fn block_comment_end(text: &str, start: usize) -> Result<usize, FormatError> {
    let bytes = text.as_bytes();
    let (mut depth, mut at) = (0usize, start);
    while at + 1 < bytes.len() {
        match (bytes[at], bytes[at + 1]) {
            (b'/', b'*') => {
                depth += 1;
                at += 2;
            }
            (b'*', b'/') => {
                depth -= 1;
                at += 2;
                if depth == 0 {
                    return Ok(at);
                }
            }
            _ => at += 1,
        }
    }
    Err(unclosed(start, "block comment"))
}

//! `concord fmt`: one canonical layout for every concord file, comments kept.
//!
//! The text is read into a tree of values that keeps every comment (a comment on lines of its
//! own belongs to the entry after it; one after an entry on its line, to that entry; one before a
//! closing bracket, to the bracket), then printed by fixed rules:
//!
//! - a struct of the kinds people edit one field at a time (`Position`, `Item`, `Stage`, ... see
//!   [`BLOCKS`]) has one field per line, in a stable order ([`FIELD_ORDER`]), and a list of them
//!   has a blank line between its elements: two people changing neighbouring positions change
//!   lines git keeps apart;
//! - any other value is on one line when it holds no comment and fits in [`WIDTH`] columns,
//!   else one element per line;
//! - four spaces of indentation, a comma after every element of a broken value, one space after
//!   `:` and `,`, a newline at the end.
//!
//! Only layout changes: every token (strings byte for byte) is kept, and a file that does not
//! scan (an unclosed string or bracket) is refused, never guessed at. Formatting twice changes
//! nothing.

use std::fmt::Write as _;

/// The widest line the printer makes of a value it keeps on one line.
pub const WIDTH: usize = 100;

/// The structs printed one field per line whatever their length.
pub const BLOCKS: &[&str] = &[
    "Scenario",
    "Positions",
    "Position",
    "StatePosition",
    "Item",
    "Issue",
    "Group",
    "Groups",
    "Membership",
    "Private",
    "Confidential",
    "Outcomes",
    "Outcome",
    "Organisation",
    "Overlay",
    "States",
];

/// The field order of each struct concord defines (fields not listed keep their order, after).
pub const FIELD_ORDER: &[(&str, &[&str])] = &[
    (
        "Position",
        &[
            "item",
            "stance",
            "salience",
            "flexibility",
            "maturity",
            "reference",
            "tallies",
            "provenance",
            "note",
            "text",
            "confidential",
        ],
    ),
    (
        "StatePosition",
        &["state", "item", "stance", "reference", "provenance", "note"],
    ),
    (
        "Positions",
        &[
            "group",
            "conference",
            "provenances",
            "defaults",
            "positions",
            "states",
        ],
    ),
];

/// Why a file cannot be formatted: the byte where scanning stopped and what was wrong.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FormatError {
    /// Byte offset in the text.
    pub at: usize,
    /// What is wrong.
    pub message: String,
}

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

/// The tokens of `text`, each with its offset.
pub(crate) fn tokens(text: &str) -> Result<Vec<(usize, Token<'_>)>, FormatError> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut at = 0;
    let mut line_start = true;
    while at < bytes.len() {
        let c = bytes[at];
        match c {
            b'\n' => {
                line_start = true;
                at += 1;
                continue;
            }
            b' ' | b'\t' | b'\r' => {
                at += 1;
                continue;
            }
            _ => {}
        }
        let start = at;
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
                at = text[at..].find('\n').map_or(bytes.len(), |n| at + n);
                Token::Comment {
                    text: text[start..at].trim_end(),
                    own_line: line_start,
                }
            }
            b'/' if bytes.get(at + 1) == Some(&b'*') => {
                at = block_comment_end(text, at)?;
                Token::Comment {
                    text: &text[start..at],
                    own_line: line_start,
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
                at = text[at..].find('\n').map_or(bytes.len(), |n| at + n);
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
        line_start = false;
        out.push((start, token));
    }
    Ok(out)
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

/// A value: an atom, or a bracketed group with its name (`Position(`), entries and the comments
/// before its closing bracket.
#[derive(Clone, Debug, PartialEq)]
enum Node {
    Atom(String),
    Group {
        name: Option<String>,
        open: char,
        entries: Vec<Entry>,
        dangling: Vec<String>,
    },
}

/// One element of a group: `value`, `key: value` or `field: value`, with its comments.
#[derive(Clone, Debug, PartialEq)]
struct Entry {
    before: Vec<String>,
    key: Option<Node>,
    value: Node,
    after: Option<String>,
}

struct Parser<'a> {
    tokens: Vec<(usize, Token<'a>)>,
    at: usize,
    len: usize,
}

impl<'a> Parser<'a> {
    fn peek(&self) -> Option<&Token<'a>> {
        self.tokens.get(self.at).map(|(_, token)| token)
    }

    fn offset(&self) -> usize {
        self.tokens.get(self.at).map_or(self.len, |(at, _)| *at)
    }

    fn error(&self, message: &str) -> FormatError {
        FormatError {
            at: self.offset(),
            message: message.into(),
        }
    }

    /// A value: an atom, possibly naming the group that follows it, or a group.
    fn node(&mut self) -> Result<Node, FormatError> {
        match self.peek().cloned() {
            Some(Token::Atom(text)) => {
                self.at += 1;
                if let Some(Token::Open('(')) = self.peek() {
                    self.at += 1;
                    return self.group(Some(text.to_owned()), '(');
                }
                Ok(Node::Atom(text.to_owned()))
            }
            Some(Token::Open(open)) => {
                self.at += 1;
                self.group(None, open)
            }
            _ => Err(self.error("expected a value")),
        }
    }

    /// The entries of a group whose opening bracket was read, up to its closing one.
    fn group(&mut self, name: Option<String>, open: char) -> Result<Node, FormatError> {
        let close = match open {
            '(' => ')',
            '[' => ']',
            _ => '}',
        };
        let mut entries: Vec<Entry> = Vec::new();
        let mut before: Vec<String> = Vec::new();
        loop {
            match self.peek().cloned() {
                Some(Token::Comment { text, own_line }) => {
                    self.at += 1;
                    match entries.last_mut() {
                        // A comment on the line of the entry before: that entry's.
                        Some(last) if !own_line && before.is_empty() && last.after.is_none() => {
                            last.after = Some(text.to_owned());
                        }
                        _ => before.push(text.to_owned()),
                    }
                }
                Some(Token::Close(c)) if c == close => {
                    self.at += 1;
                    return Ok(Node::Group {
                        name,
                        open,
                        entries,
                        dangling: before,
                    });
                }
                Some(_) => {
                    let first = self.node()?;
                    let (key, value) = if let Some(Token::Colon) = self.peek() {
                        self.at += 1;
                        let mut comments = Vec::new();
                        while let Some(Token::Comment { text, .. }) = self.peek().cloned() {
                            comments.push(text.to_owned());
                            self.at += 1;
                        }
                        before.extend(comments);
                        (Some(first), self.node()?)
                    } else {
                        (None, first)
                    };
                    let mut after = None;
                    if let Some(Token::Comment {
                        text,
                        own_line: false,
                    }) = self.peek().cloned()
                    {
                        after = Some(text.to_owned());
                        self.at += 1;
                    }
                    match self.peek() {
                        Some(Token::Comma) => self.at += 1,
                        Some(Token::Close(c)) if *c == close => {}
                        Some(Token::Comment { .. }) => {}
                        _ => return Err(self.error("expected a comma")),
                    }
                    entries.push(Entry {
                        before: std::mem::take(&mut before),
                        key,
                        value,
                        after,
                    });
                }
                None => return Err(self.error("a bracket is not closed")),
            }
        }
    }
}

/// A whole file: its leading comments and attributes, the root value, trailing comments.
struct File {
    head: Vec<String>,
    root: Node,
    tail: Vec<String>,
}

/// The deepest nesting formatted, as ron's own limit: the tree is built and printed by recursion,
/// which a file of 100,000 brackets would overflow.
const MAX_DEPTH: usize = 128;

fn parse(text: &str) -> Result<File, FormatError> {
    let tokens = tokens(text)?;
    let mut depth = 0usize;
    for (at, token) in &tokens {
        match token {
            Token::Open(_) => {
                depth += 1;
                if depth > MAX_DEPTH {
                    return Err(FormatError {
                        at: *at,
                        message: format!("the file nests deeper than {MAX_DEPTH} levels"),
                    });
                }
            }
            Token::Close(_) => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    let mut parser = Parser {
        tokens,
        at: 0,
        len: text.len(),
    };
    let mut head = Vec::new();
    loop {
        match parser.peek().cloned() {
            Some(Token::Comment { text, .. }) => head.push(text.to_owned()),
            Some(Token::Atom(text)) if text.starts_with("#!") => head.push(text.to_owned()),
            _ => break,
        }
        parser.at += 1;
    }
    let root = parser.node()?;
    let mut tail = Vec::new();
    while let Some(Token::Comment { text, .. }) = parser.peek().cloned() {
        tail.push(text.to_owned());
        parser.at += 1;
    }
    if parser.peek().is_some() {
        return Err(parser.error("text after the file's value"));
    }
    Ok(File { head, root, tail })
}

/// `text` in the canonical layout; an error when it does not scan.
pub fn format(text: &str) -> Result<String, FormatError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut file = parse(text)?;
    sort_fields(&mut file.root);
    let mut out = String::new();
    for line in &file.head {
        let _ = writeln!(out, "{line}");
    }
    print(&mut out, &file.root, 0);
    out.push('\n');
    for line in &file.tail {
        let _ = writeln!(out, "{line}");
    }
    Ok(out)
}

/// Every struct's fields in the stable order of [`FIELD_ORDER`] (comments travel with them).
fn sort_fields(node: &mut Node) {
    let Node::Group { name, entries, .. } = node else {
        return;
    };
    for entry in entries.iter_mut() {
        sort_fields(&mut entry.value);
    }
    let Some((_, order)) = FIELD_ORDER
        .iter()
        .find(|(struct_name, _)| Some(*struct_name) == name.as_deref())
    else {
        return;
    };
    let rank = |entry: &Entry| match &entry.key {
        Some(Node::Atom(field)) => order
            .iter()
            .position(|known| known == field)
            .unwrap_or(order.len()),
        _ => order.len(),
    };
    entries.sort_by_key(rank);
}

fn is_block(node: &Node) -> bool {
    matches!(node, Node::Group { name: Some(name), .. } if BLOCKS.contains(&name.as_str()))
}

/// The value on one line, when it can be: no comment inside, no block struct.
fn inline(node: &Node) -> Option<String> {
    match node {
        Node::Atom(text) => Some(text.clone()),
        Node::Group {
            name,
            open,
            entries,
            dangling,
        } => {
            if is_block(node)
                || !dangling.is_empty()
                || entries
                    .iter()
                    .any(|e| !e.before.is_empty() || e.after.is_some())
            {
                return None;
            }
            let close = closing(*open);
            let mut parts = Vec::with_capacity(entries.len());
            for entry in entries {
                let value = inline(&entry.value)?;
                parts.push(match &entry.key {
                    Some(key) => format!("{}: {value}", inline(key)?),
                    None => value,
                });
            }
            Some(format!(
                "{}{open}{}{close}",
                name.as_deref().unwrap_or(""),
                parts.join(", ")
            ))
        }
    }
}

fn closing(open: char) -> char {
    match open {
        '(' => ')',
        '[' => ']',
        _ => '}',
    }
}

/// Prints `node` at `indent` (the column of the line it starts on, already written).
fn print(out: &mut String, node: &Node, indent: usize) {
    let column = out.len() - out.rfind('\n').map_or(0, |n| n + 1);
    if let Some(line) = inline(node)
        && column + line.chars().count() < WIDTH
    {
        out.push_str(&line);
        return;
    }
    let Node::Group {
        name,
        open,
        entries,
        dangling,
    } = node
    else {
        if let Node::Atom(text) = node {
            out.push_str(text);
        }
        return;
    };
    let inner = " ".repeat(indent + 4);
    let _ = write!(out, "{}{open}", name.as_deref().unwrap_or(""));
    // A blank line between the elements of a list of blocks (positions, items, stages...).
    let spaced = entries.len() > 1 && entries.iter().all(|e| is_block(&e.value));
    for (index, entry) in entries.iter().enumerate() {
        out.push('\n');
        if spaced && index > 0 {
            out.push('\n');
        }
        for comment in &entry.before {
            let _ = writeln!(out, "{inner}{comment}");
        }
        out.push_str(&inner);
        if let Some(key) = &entry.key {
            print(out, key, indent + 4);
            out.push_str(": ");
        }
        print(out, &entry.value, indent + 4);
        out.push(',');
        if let Some(comment) = &entry.after {
            let _ = write!(out, " {comment}");
        }
    }
    for comment in dangling {
        let _ = write!(out, "\n{inner}{comment}");
    }
    let _ = write!(out, "\n{}{}", " ".repeat(indent), closing(*open));
}

/// How many comments `text` holds (`fmt` keeps every one): counted on the same scan.
pub fn comment_count(text: &str) -> Result<usize, FormatError> {
    Ok(tokens(text)?
        .iter()
        .filter(|(_, token)| matches!(token, Token::Comment { .. }))
        .count())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_position_is_one_field_per_line_in_a_stable_order_with_comments_kept() {
        let text = "// head\nPositions(group: \"CEPT\", conference: \"X\", positions: [\n  // first\n  Position(stance: Unknown, item: \"1.1\"), Position(item: \"1.2\", stance: Options(prefers: \"a\")) // trailing\n])";
        let formatted = format(text).unwrap();
        assert_eq!(
            formatted,
            "// head\nPositions(\n    group: \"CEPT\",\n    conference: \"X\",\n    positions: [\n        // first\n        Position(\n            item: \"1.1\",\n            stance: Unknown,\n        ),\n\n        Position(\n            item: \"1.2\",\n            stance: Options(prefers: \"a\"),\n        ), // trailing\n    ],\n)\n"
        );
        assert_eq!(format(&formatted).unwrap(), formatted, "idempotent");
        assert_eq!(
            comment_count(&formatted).unwrap(),
            comment_count(text).unwrap()
        );
    }

    #[test]
    fn what_does_not_scan_is_refused() {
        assert!(format("Positions(group: \"CEPT").is_err());
        assert!(format("Positions(group: \"CEPT\"").is_err());
        assert!(format("Positions(a: 1 b: 2)").is_err());
    }
}

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

mod lex;

use lex::Lexer;
pub(crate) use lex::{Token, strings_before, tokens};

/// A value: an atom, or a bracketed group. Both borrow the text: the tree of a 31 MB file is
/// a few times its size, not forty.
#[derive(Clone, Debug, PartialEq)]
enum Node<'a> {
    Atom(&'a str),
    Group(Box<Group<'a>>),
}

/// A bracketed group with its name (`Position(`), entries and the comments before its closing
/// bracket.
#[derive(Clone, Debug, PartialEq)]
struct Group<'a> {
    name: Option<&'a str>,
    open: char,
    entries: Vec<Entry<'a>>,
    dangling: Vec<&'a str>,
}

/// One element of a group: `value`, `key: value` or `field: value`, with its comments.
#[derive(Clone, Debug, PartialEq)]
struct Entry<'a> {
    before: Vec<&'a str>,
    key: Option<Node<'a>>,
    value: Node<'a>,
    after: Option<&'a str>,
}

/// A parser over the tokens as they are scanned, one token ahead (more only to see past the
/// comments between a field's name and its colon).
struct Parser<'a> {
    lexer: Lexer<'a>,
    /// The token ahead and its offset (`None`: the end of the text).
    ahead: Option<(usize, Token<'a>)>,
    /// Tokens scanned past `ahead`, in order.
    further: std::collections::VecDeque<(usize, Token<'a>)>,
    len: usize,
    /// Groups open around the parser now.
    depth: usize,
}

impl<'a> Parser<'a> {
    fn new(text: &'a str) -> Result<Self, FormatError> {
        let mut lexer = Lexer::new(text);
        let ahead = lexer.next_token()?;
        Ok(Parser {
            lexer,
            ahead,
            further: std::collections::VecDeque::new(),
            len: text.len(),
            depth: 0,
        })
    }

    fn peek(&self) -> Option<&Token<'a>> {
        self.ahead.as_ref().map(|(_, token)| token)
    }

    /// Moves past the token ahead.
    fn advance(&mut self) -> Result<(), FormatError> {
        self.ahead = match self.further.pop_front() {
            Some(token) => Some(token),
            None => self.lexer.next_token()?,
        };
        Ok(())
    }

    /// Whether comments, then a colon, come next: a field name's comments before its colon.
    fn comments_then_colon(&mut self) -> Result<bool, FormatError> {
        let mut n = 0;
        loop {
            let token = if n == 0 {
                self.ahead.as_ref().map(|(_, token)| token.clone())
            } else {
                while self.further.len() < n {
                    match self.lexer.next_token()? {
                        Some(token) => self.further.push_back(token),
                        None => return Ok(false),
                    }
                }
                Some(self.further[n - 1].1.clone())
            };
            match token {
                Some(Token::Comment { .. }) => n += 1,
                Some(Token::Colon) => return Ok(n > 0),
                _ => return Ok(false),
            }
        }
    }

    fn offset(&self) -> usize {
        self.ahead.as_ref().map_or(self.len, |(at, _)| *at)
    }

    fn error(&self, message: &str) -> FormatError {
        FormatError {
            at: self.offset(),
            message: message.into(),
        }
    }

    /// A value: an atom, possibly naming the group that follows it, or a group.
    fn node(&mut self) -> Result<Node<'a>, FormatError> {
        match self.peek().cloned() {
            Some(Token::Atom(text)) => {
                self.advance()?;
                if let Some(Token::Open('(')) = self.peek() {
                    return self.group(Some(text), '(');
                }
                Ok(Node::Atom(text))
            }
            Some(Token::Open(open)) => self.group(None, open),
            _ => Err(self.error("expected a value")),
        }
    }

    /// The group whose opening bracket is ahead, up to its closing one.
    fn group(&mut self, name: Option<&'a str>, open: char) -> Result<Node<'a>, FormatError> {
        if self.depth == MAX_DEPTH {
            return Err(self.error(&format!("the file nests deeper than {MAX_DEPTH} levels")));
        }
        self.advance()?;
        self.depth += 1;
        let close = closing(open);
        let mut entries: Vec<Entry<'a>> = Vec::new();
        let mut before: Vec<&'a str> = Vec::new();
        loop {
            match self.peek().cloned() {
                Some(Token::Comment { text, own_line }) => {
                    self.advance()?;
                    match entries.last_mut() {
                        // A comment on the line of the entry before: that entry's.
                        Some(last) if !own_line && before.is_empty() && last.after.is_none() => {
                            last.after = Some(text);
                        }
                        _ => before.push(text),
                    }
                }
                Some(Token::Close(c)) if c == close => {
                    self.advance()?;
                    self.depth -= 1;
                    return Ok(Node::Group(Box::new(Group {
                        name,
                        open,
                        entries,
                        dangling: before,
                    })));
                }
                Some(_) => {
                    let entry = self.entry(close, std::mem::take(&mut before))?;
                    entries.push(entry);
                }
                None => return Err(self.error("a bracket is not closed")),
            }
        }
    }

    /// One entry of a group closed by `close`, with the comments before it.
    fn entry(&mut self, close: char, mut before: Vec<&'a str>) -> Result<Entry<'a>, FormatError> {
        let first = self.node()?;
        // `item /* … */ : "1.1"`: the comments go before the entry, the colon follows.
        if self.comments_then_colon()? {
            while let Some(Token::Comment { text, .. }) = self.peek().cloned() {
                before.push(text);
                self.advance()?;
            }
        }
        let (key, value) = if let Some(Token::Colon) = self.peek() {
            self.advance()?;
            while let Some(Token::Comment { text, .. }) = self.peek().cloned() {
                before.push(text);
                self.advance()?;
            }
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
            after = Some(text);
            self.advance()?;
        }
        match self.peek() {
            Some(Token::Comma) => self.advance()?,
            Some(Token::Close(c)) if *c == close => {}
            Some(Token::Comment { .. }) => {}
            _ => return Err(self.error("expected a comma")),
        }
        Ok(Entry {
            before,
            key,
            value,
            after,
        })
    }
}

/// A whole file: its leading comments and attributes, the root value, trailing comments.
struct File<'a> {
    head: Vec<&'a str>,
    root: Node<'a>,
    tail: Vec<&'a str>,
}

/// The deepest nesting formatted, as ron's own limit: the tree is built and printed by recursion,
/// which a file of 100,000 brackets would overflow.
const MAX_DEPTH: usize = 128;

fn parse(text: &str) -> Result<File<'_>, FormatError> {
    let mut parser = Parser::new(text)?;
    let mut head = Vec::new();
    loop {
        match parser.peek().cloned() {
            Some(Token::Comment { text, .. }) => head.push(text),
            Some(Token::Atom(text)) if text.starts_with("#!") => head.push(text),
            _ => break,
        }
        parser.advance()?;
    }
    let root = parser.node()?;
    let mut tail = Vec::new();
    while let Some(Token::Comment { text, .. }) = parser.peek().cloned() {
        tail.push(text);
        parser.advance()?;
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
    // The layout adds indentation: most files grow by a half at most.
    let mut out = String::with_capacity(text.len() + text.len() / 2);
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
fn sort_fields(node: &mut Node<'_>) {
    let Node::Group(group) = node else {
        return;
    };
    for entry in &mut group.entries {
        sort_fields(&mut entry.value);
    }
    let Some((_, order)) = FIELD_ORDER
        .iter()
        .find(|(struct_name, _)| Some(*struct_name) == group.name)
    else {
        return;
    };
    let rank = |entry: &Entry<'_>| match &entry.key {
        Some(Node::Atom(field)) => order
            .iter()
            .position(|known| known == field)
            .unwrap_or(order.len()),
        _ => order.len(),
    };
    group.entries.sort_by_key(rank);
}

fn is_block(node: &Node<'_>) -> bool {
    matches!(node, Node::Group(group) if group.name.is_some_and(|name| BLOCKS.contains(&name)))
}

/// The value on one line, when it can be: no comment inside, no block struct.
fn inline(node: &Node<'_>) -> Option<String> {
    let group = match node {
        Node::Atom(text) => return Some((*text).to_owned()),
        Node::Group(group) => group,
    };
    if is_block(node)
        || !group.dangling.is_empty()
        || group
            .entries
            .iter()
            .any(|e| !e.before.is_empty() || e.after.is_some())
    {
        return None;
    }
    let mut parts = Vec::with_capacity(group.entries.len());
    for entry in &group.entries {
        let value = inline(&entry.value)?;
        parts.push(match &entry.key {
            Some(key) => format!("{}: {value}", inline(key)?),
            None => value,
        });
    }
    Some(format!(
        "{}{}{}{}",
        group.name.unwrap_or(""),
        group.open,
        parts.join(", "),
        closing(group.open)
    ))
}

fn closing(open: char) -> char {
    match open {
        '(' => ')',
        '[' => ']',
        _ => '}',
    }
}

/// Prints `node` at `indent` (the column of the line it starts on, already written).
fn print(out: &mut String, node: &Node<'_>, indent: usize) {
    let column = out.len() - out.rfind('\n').map_or(0, |n| n + 1);
    if let Some(line) = inline(node)
        && column + line.chars().count() < WIDTH
    {
        out.push_str(&line);
        return;
    }
    let group = match node {
        Node::Atom(text) => {
            out.push_str(text);
            return;
        }
        Node::Group(group) => group,
    };
    let inner = " ".repeat(indent + 4);
    let _ = write!(out, "{}{}", group.name.unwrap_or(""), group.open);
    // A blank line between the elements of a list of blocks (positions, items, stages...).
    let spaced = group.entries.len() > 1 && group.entries.iter().all(|e| is_block(&e.value));
    for (index, entry) in group.entries.iter().enumerate() {
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
    for comment in &group.dangling {
        let _ = write!(out, "\n{inner}{comment}");
    }
    let _ = write!(out, "\n{}{}", " ".repeat(indent), closing(group.open));
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
    fn lone_cr_line_ends_end_comments_and_are_written_lf() {
        let text = "// head\rPositions(group: \"CEPT\", // the group\r conference: \"X\", positions: [])\r";
        assert_eq!(
            format(text).unwrap(),
            "// head\nPositions(\n    group: \"CEPT\", // the group\n    conference: \"X\",\n    positions: [],\n)\n"
        );
    }

    #[test]
    fn a_comment_between_a_field_and_its_colon_goes_before_the_field() {
        let text =
            "Positions(group /* the group */ : \"CEPT\", conference: \"X\", positions: [])\n";
        let formatted = format(text).unwrap();
        assert_eq!(
            formatted,
            "Positions(\n    /* the group */\n    group: \"CEPT\",\n    conference: \"X\",\n    positions: [],\n)\n"
        );
        assert_eq!(format(&formatted).unwrap(), formatted);
        assert_eq!(comment_count(&formatted).unwrap(), 1);
    }

    #[test]
    fn what_does_not_scan_is_refused() {
        assert!(format("Positions(group: \"CEPT").is_err());
        assert!(format("Positions(group: \"CEPT\"").is_err());
        assert!(format("Positions(a: 1 b: 2)").is_err());
    }
}

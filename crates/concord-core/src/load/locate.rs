//! Where values sit in a RON file.
//!
//! ron reports spans only for its own errors, not for the values it deserializes, yet a semantic
//! error ("unknown group `CEPTX`") must point at the value. This module scans a file that ron has
//! already parsed into a tree of spans, so validation can name a value by its path
//! (`positions[3].stance.prefers`) and get its line and column back. The scan is tolerant: on
//! anything it does not understand it stops, and lookups fall back to the deepest enclosing value
//! found, which is the "enclosing entry" the diagnostics promise.

use std::ops::Range;

/// One step of a path into a RON value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Seg<'a> {
    /// A struct field.
    F(&'a str),
    /// An element of a list or tuple.
    I(usize),
    /// The value of a map entry, by the text of its key (strings without quotes).
    K(&'a str),
    /// The key itself of a map entry (for "this key is wrong").
    Key(&'a str),
}

#[derive(Debug)]
struct Node {
    span: Range<usize>,
    name: Option<String>,
    kind: Kind,
}

#[derive(Debug)]
enum Kind {
    Atom,
    Struct(Vec<(String, Node)>),
    Seq(Vec<Node>),
    Map(Vec<(String, Node, Node)>),
}

/// The span tree of one file.
#[derive(Debug)]
pub struct SpanIndex {
    root: Option<Node>,
    line_starts: Vec<usize>,
    text_len: usize,
}

impl SpanIndex {
    /// Scans `text` into its span tree; the scan stops at anything it does not understand.
    pub fn new(text: &str) -> Self {
        let mut parser = Parser {
            text: text.as_bytes(),
            pos: 0,
            depth: 0,
        };
        parser.skip_trivia();
        let root = parser.value();
        let mut line_starts = vec![0];
        line_starts.extend(
            text.bytes()
                .enumerate()
                .filter(|(_, byte)| *byte == b'\n')
                .map(|(at, _)| at + 1),
        );
        SpanIndex {
            root,
            line_starts,
            text_len: text.len(),
        }
    }

    /// The span of the value at `path`, or of the deepest value on the way to it.
    pub fn find(&self, path: &[Seg<'_>]) -> Range<usize> {
        let Some(mut node) = self.root.as_ref() else {
            return 0..0;
        };
        for seg in path {
            match step(node, *seg) {
                Some(next) => node = next,
                None => break,
            }
        }
        unwrap_some(node).span.clone()
    }

    /// The deepest named or bracketed value whose closing bracket is at `offset`, as the span
    /// of its name (or opening bracket): ron reports a missing field at the closing bracket of
    /// the struct that lacks it, and the struct's start is the place to point at.
    pub fn opened_before(&self, offset: usize) -> Option<Range<usize>> {
        fn search(node: &Node, offset: usize) -> Option<&Node> {
            let children: Vec<&Node> = match &node.kind {
                Kind::Atom => Vec::new(),
                Kind::Struct(fields) => fields.iter().map(|(_, value)| value).collect(),
                Kind::Seq(items) => items.iter().collect(),
                Kind::Map(entries) => entries
                    .iter()
                    .flat_map(|(_, key, value)| [key, value])
                    .collect(),
            };
            // Only a value that contains `offset` can close at it: one branch is followed, so a
            // call costs the depth of the tree, not its size.
            children
                .into_iter()
                .filter(|child| child.span.start <= offset && offset < child.span.end)
                .find_map(|child| search(child, offset))
                .or_else(|| {
                    (node.span.end == offset + 1 && !matches!(node.kind, Kind::Atom))
                        .then_some(node)
                })
        }
        let node = search(self.root.as_ref()?, offset)?;
        let width = node.name.as_ref().map_or(1, String::len);
        Some(node.span.start..node.span.start + width)
    }

    /// Whether the whole path resolves (a lookup tells "absent" apart from "found" with it).
    pub fn contains(&self, path: &[Seg<'_>]) -> bool {
        let Some(mut node) = self.root.as_ref() else {
            return false;
        };
        for seg in path {
            match step(node, *seg) {
                Some(next) => node = next,
                None => return false,
            }
        }
        true
    }

    /// 1-based line and column (in characters) of a byte offset of `text`.
    pub fn line_col(&self, text: &str, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text_len);
        let line = self.line_starts.partition_point(|start| *start <= offset);
        let line_start = self.line_starts[line - 1];
        let column = text
            .get(line_start..offset)
            .map_or(1, |prefix| prefix.chars().count() + 1);
        (line, column)
    }
}

/// `Some(x)` is `x` for a location.
fn unwrap_some(node: &Node) -> &Node {
    match &node.kind {
        Kind::Seq(items) if items.len() == 1 && node.name.as_deref() == Some("Some") => {
            unwrap_some(&items[0])
        }
        _ => node,
    }
}

fn step<'n>(node: &'n Node, seg: Seg<'_>) -> Option<&'n Node> {
    let found = match (&node.kind, seg) {
        (Kind::Struct(fields), Seg::F(name)) => fields
            .iter()
            .find(|(field, _)| field == name)
            .map(|(_, value)| value),
        (Kind::Seq(items), Seg::I(index)) if node.name.as_deref() != Some("Some") => {
            items.get(index)
        }
        (Kind::Map(entries), Seg::K(key)) => entries
            .iter()
            .find(|(entry_key, _, _)| entry_key == key)
            .map(|(_, _, value)| value),
        (Kind::Map(entries), Seg::Key(key)) => entries
            .iter()
            .find(|(entry_key, _, _)| entry_key == key)
            .map(|(_, key_node, _)| key_node),
        _ => None,
    };
    found.or_else(|| match &node.kind {
        // `Some(x)` and newtype variants such as `Explicit({...})`: look inside.
        Kind::Seq(items) if items.len() == 1 => step(&items[0], seg),
        _ => None,
    })
}

struct Parser<'t> {
    text: &'t [u8],
    pos: usize,
    depth: usize,
}

/// Deeper than ron's own limit (128): such a file never reaches this scan.
const MAX_DEPTH: usize = 256;

impl Parser<'_> {
    fn peek(&self) -> Option<u8> {
        self.text.get(self.pos).copied()
    }

    fn peek_at(&self, ahead: usize) -> Option<u8> {
        self.text.get(self.pos + ahead).copied()
    }

    fn skip_trivia(&mut self) {
        loop {
            match (self.peek(), self.peek_at(1)) {
                (Some(byte), _) if byte.is_ascii_whitespace() => self.pos += 1,
                (Some(b'/'), Some(b'/')) => {
                    while self.peek().is_some_and(|byte| byte != b'\n') {
                        self.pos += 1;
                    }
                }
                (Some(b'/'), Some(b'*')) => self.skip_block_comment(),
                // `#![enable(...)]` attributes.
                (Some(b'#'), Some(b'!')) => {
                    let mut level = 0usize;
                    while let Some(byte) = self.peek() {
                        self.pos += 1;
                        match byte {
                            b'[' => level += 1,
                            b']' => {
                                level = level.saturating_sub(1);
                                if level == 0 {
                                    break;
                                }
                            }
                            _ => {}
                        }
                    }
                }
                _ => return,
            }
        }
    }

    fn skip_block_comment(&mut self) {
        let mut level = 0usize;
        while self.pos < self.text.len() {
            match (self.peek(), self.peek_at(1)) {
                (Some(b'/'), Some(b'*')) => {
                    level += 1;
                    self.pos += 2;
                }
                (Some(b'*'), Some(b'/')) => {
                    level -= 1;
                    self.pos += 2;
                    if level == 0 {
                        return;
                    }
                }
                _ => self.pos += 1,
            }
        }
    }

    fn eat(&mut self, byte: u8) -> bool {
        self.skip_trivia();
        if self.peek() == Some(byte) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    fn ident(&mut self) -> Option<String> {
        let start = self.pos;
        if self.peek() == Some(b'r') && self.peek_at(1) == Some(b'#') {
            self.pos += 2;
        }
        let body = self.pos;
        while self
            .peek()
            .is_some_and(|byte| byte.is_ascii_alphanumeric() || byte == b'_' || byte >= 0x80)
        {
            self.pos += 1;
        }
        if self.pos == body {
            self.pos = start;
            return None;
        }
        Some(String::from_utf8_lossy(&self.text[body..self.pos]).into_owned())
    }

    fn value(&mut self) -> Option<Node> {
        self.skip_trivia();
        if self.depth >= MAX_DEPTH {
            return None;
        }
        self.depth += 1;
        let node = self.value_inner();
        self.depth -= 1;
        node
    }

    fn value_inner(&mut self) -> Option<Node> {
        let start = self.pos;
        let first = self.peek()?;
        let atom = |end| Node {
            span: start..end,
            name: None,
            kind: Kind::Atom,
        };
        match first {
            b'(' => self.compound(None, start),
            b'[' => self.list(start),
            b'{' => self.map(start),
            b'"' => {
                self.string();
                Some(atom(self.pos))
            }
            b'\'' => {
                self.char_literal();
                Some(atom(self.pos))
            }
            b'r' if matches!(self.peek_at(1), Some(b'"' | b'#'))
                && !(self.peek_at(1) == Some(b'#')
                    && self
                        .peek_at(2)
                        .is_some_and(|byte| byte.is_ascii_alphabetic() || byte == b'_')) =>
            {
                self.pos += 1;
                self.raw_string();
                Some(atom(self.pos))
            }
            b'b' if matches!(self.peek_at(1), Some(b'"' | b'\'')) => {
                self.pos += 1;
                if self.peek() == Some(b'"') {
                    self.string();
                } else {
                    self.char_literal();
                }
                Some(atom(self.pos))
            }
            byte if byte.is_ascii_alphabetic() || byte == b'_' => {
                let name = self.ident()?;
                let end = self.pos;
                self.skip_trivia();
                if self.peek() == Some(b'(') {
                    self.compound(Some(name), start)
                } else {
                    self.pos = end;
                    Some(atom(end))
                }
            }
            _ => {
                while self
                    .peek()
                    .is_some_and(|byte| !byte.is_ascii_whitespace() && !b",)]}:".contains(&byte))
                {
                    self.pos += 1;
                }
                (self.pos > start).then(|| atom(self.pos))
            }
        }
    }

    /// `(...)` after an optional name: a struct when the first entry is `ident:`, else a tuple.
    fn compound(&mut self, name: Option<String>, start: usize) -> Option<Node> {
        self.pos += 1; // (
        self.skip_trivia();
        let probe = self.pos;
        let is_struct = self.ident().is_some() && {
            self.skip_trivia();
            self.peek() == Some(b':') && self.peek_at(1) != Some(b':')
        };
        self.pos = probe;
        let kind = if is_struct {
            let mut fields = Vec::new();
            loop {
                self.skip_trivia();
                if self.eat(b')') {
                    break;
                }
                let field = self.ident()?;
                if !self.eat(b':') {
                    return None;
                }
                fields.push((field, self.value()?));
                self.eat(b',');
            }
            Kind::Struct(fields)
        } else {
            let mut items = Vec::new();
            loop {
                if self.eat(b')') {
                    break;
                }
                items.push(self.value()?);
                self.eat(b',');
            }
            Kind::Seq(items)
        };
        Some(Node {
            span: start..self.pos,
            name,
            kind,
        })
    }

    fn list(&mut self, start: usize) -> Option<Node> {
        self.pos += 1; // [
        let mut items = Vec::new();
        loop {
            if self.eat(b']') {
                break;
            }
            items.push(self.value()?);
            self.eat(b',');
        }
        Some(Node {
            span: start..self.pos,
            name: None,
            kind: Kind::Seq(items),
        })
    }

    fn map(&mut self, start: usize) -> Option<Node> {
        self.pos += 1; // {
        let mut entries = Vec::new();
        loop {
            if self.eat(b'}') {
                break;
            }
            let key = self.value()?;
            let key_text = String::from_utf8_lossy(&self.text[key.span.clone()]);
            let key_text = key_text.trim_matches('"').to_owned();
            if !self.eat(b':') {
                return None;
            }
            entries.push((key_text, key, self.value()?));
            self.eat(b',');
        }
        Some(Node {
            span: start..self.pos,
            name: None,
            kind: Kind::Map(entries),
        })
    }

    fn string(&mut self) {
        self.pos += 1; // "
        while let Some(byte) = self.peek() {
            self.pos += 1;
            match byte {
                b'\\' => self.pos += 1,
                b'"' => return,
                _ => {}
            }
        }
    }

    fn char_literal(&mut self) {
        self.pos += 1; // '
        while let Some(byte) = self.peek() {
            self.pos += 1;
            match byte {
                b'\\' => self.pos += 1,
                b'\'' => return,
                _ => {}
            }
        }
    }

    fn raw_string(&mut self) {
        let mut hashes = 0;
        while self.peek() == Some(b'#') {
            hashes += 1;
            self.pos += 1;
        }
        self.pos += 1; // "
        while self.pos < self.text.len() {
            if self.peek() == Some(b'"')
                && (1..=hashes).all(|ahead| self.peek_at(ahead) == Some(b'#'))
            {
                self.pos += 1 + hashes;
                return;
            }
            self.pos += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{Seg, SpanIndex};

    fn check(text: &str, path: &[Seg<'_>], expect: &str) {
        let index = SpanIndex::new(text);
        let span = index.find(path);
        assert_eq!(&text[span], expect);
    }

    const FILE: &str = r##"#![enable(implicit_some)]
// a comment with ( and "
Positions(
    group: "CEPT", /* block /* nested */ */
    positions: [
        Position(item: "1.2", stance: Options(prefers: Some("noc"), accepts: ["noc", r#"b"#])),
        (item: 'x', stance: Scale(at: -1.5e2, range: (1, 2))),
    ],
    capability: Explicit({"CEPT": 46, "APT": 38.0}),
)"##;

    #[test]
    fn finds_fields_elements_keys_and_looks_through_some() {
        check(FILE, &[Seg::F("group")], "\"CEPT\"");
        check(
            FILE,
            &[Seg::F("positions"), Seg::I(0), Seg::F("item")],
            "\"1.2\"",
        );
        check(
            FILE,
            &[
                Seg::F("positions"),
                Seg::I(0),
                Seg::F("stance"),
                Seg::F("prefers"),
            ],
            "\"noc\"",
        );
        check(
            FILE,
            &[
                Seg::F("positions"),
                Seg::I(0),
                Seg::F("stance"),
                Seg::F("accepts"),
                Seg::I(1),
            ],
            "r#\"b\"#",
        );
        check(
            FILE,
            &[
                Seg::F("positions"),
                Seg::I(1),
                Seg::F("stance"),
                Seg::F("range"),
                Seg::I(1),
            ],
            "2",
        );
        check(FILE, &[Seg::F("capability"), Seg::K("APT")], "38.0");
        check(FILE, &[Seg::F("capability"), Seg::Key("APT")], "\"APT\"");
    }

    #[test]
    fn falls_back_to_the_deepest_enclosing_value() {
        check(
            FILE,
            &[Seg::F("positions"), Seg::I(1), Seg::F("salience")],
            "(item: 'x', stance: Scale(at: -1.5e2, range: (1, 2)))",
        );
        let index = SpanIndex::new(FILE);
        assert!(!index.contains(&[Seg::F("positions"), Seg::I(1), Seg::F("salience")]));
        assert!(index.contains(&[Seg::F("positions"), Seg::I(1), Seg::F("item")]));
    }

    #[test]
    fn finds_the_struct_a_closing_bracket_belongs_to() {
        let index = SpanIndex::new(FILE);
        let close = FILE.find("(1, 2)").unwrap() + "(1, 2".len();
        let span = index.opened_before(close).unwrap();
        assert_eq!(&FILE[span], "(");
        let close = FILE.find("r#\"b\"#])").unwrap() + "r#\"b\"#]".len();
        let span = index.opened_before(close).unwrap();
        assert_eq!(&FILE[span], "Options");
    }

    #[test]
    fn converts_offsets_to_lines_and_columns_in_characters() {
        let text = "a\néé x\n";
        let index = SpanIndex::new(text);
        let at = text.find('x').unwrap();
        assert_eq!(index.line_col(text, at), (2, 4));
        assert_eq!(super::super::recover::offset_in(text, 2, 4), at);
        assert_eq!(index.line_col(text, 0), (1, 1));
    }
}

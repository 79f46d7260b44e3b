//! A fast path for positions files: a strict parser of the RON that concord and its users write
//! (named structs, plain strings, numbers, `//` comments, the `implicit_some` header), several
//! times faster than ron on the large files of a generated scenario.
//!
//! It either returns exactly the [`raw::PositionsFile`] ron would, or `None`: anything outside
//! its subset — an escape in a string, a block comment, `Some(..)`, an unknown or repeated field,
//! a syntax error — makes it give up, and the file is parsed by ron, which also locates every
//! error. So the fast path can change no value and no diagnostic; a test compares the two on
//! every file of the repository and on generated and round-tripped files.

use super::raw::{
    Confidential, Estimate, Maturity, Position, PositionsFile, Provenance, Stance, StatePosition,
    Tally,
};

/// The positions file in `text`, or `None` to let ron parse it.
pub fn positions(text: &str) -> Option<PositionsFile> {
    let mut p = Parser {
        bytes: text.as_bytes(),
        text,
        at: 0,
    };
    p.ws();
    if p.eat_str("#![enable(implicit_some)]") {
        p.ws();
    }
    let file = p.positions_file()?;
    p.ws();
    (p.at == p.bytes.len()).then_some(file)
}

struct Parser<'a> {
    bytes: &'a [u8],
    text: &'a str,
    at: usize,
}

/// A field seen twice is an error in ron (serde's duplicate field): the fast path gives up.
fn set<T>(slot: &mut Option<T>, value: T) -> Option<()> {
    if slot.is_some() {
        return None;
    }
    *slot = Some(value);
    Some(())
}

impl<'a> Parser<'a> {
    /// Skips whitespace and `//` comments; a block comment is left for ron.
    fn ws(&mut self) {
        loop {
            while self
                .bytes
                .get(self.at)
                .is_some_and(|b| matches!(b, b' ' | b'\t' | b'\n' | b'\r'))
            {
                self.at += 1;
            }
            if self.bytes[self.at..].starts_with(b"//") {
                while self.bytes.get(self.at).is_some_and(|b| *b != b'\n') {
                    self.at += 1;
                }
            } else {
                return;
            }
        }
    }

    fn eat_str(&mut self, s: &str) -> bool {
        if self.bytes[self.at..].starts_with(s.as_bytes()) {
            self.at += s.len();
            true
        } else {
            false
        }
    }

    fn eat(&mut self, byte: u8) -> bool {
        self.ws();
        if self.bytes.get(self.at) == Some(&byte) {
            self.at += 1;
            true
        } else {
            false
        }
    }

    fn expect(&mut self, byte: u8) -> Option<()> {
        self.eat(byte).then_some(())
    }

    fn ident(&mut self) -> Option<&'a str> {
        self.ws();
        let start = self.at;
        while self
            .bytes
            .get(self.at)
            .is_some_and(|b| b.is_ascii_alphanumeric() || *b == b'_')
        {
            self.at += 1;
        }
        // `r"..."` and `r#` start raw strings or identifiers: ron's business.
        if self.at == start || matches!(self.bytes.get(self.at), Some(b'"' | b'#')) {
            return None;
        }
        Some(&self.text[start..self.at])
    }

    /// `Name(`: the struct or variant name, then its opening parenthesis.
    fn open(&mut self, name: &str) -> Option<()> {
        (self.ident()? == name).then_some(())?;
        self.expect(b'(')
    }

    /// A plain string: no escape (ron's business), any other character as written.
    fn string(&mut self) -> Option<String> {
        self.ws();
        if self.bytes.get(self.at) != Some(&b'"') {
            return None;
        }
        let start = self.at + 1;
        let len = self.bytes[start..]
            .iter()
            .position(|b| *b == b'"' || *b == b'\\')?;
        if self.bytes[start + len] != b'"' {
            return None;
        }
        self.at = start + len + 1;
        Some(self.text[start..start + len].to_owned())
    }

    /// A decimal number as ron reads one into an `f64`: digits, an optional fraction and
    /// exponent; anything else (a sign on an exponent-less integer, `inf`, hex) is ron's.
    fn number(&mut self) -> Option<f64> {
        self.ws();
        let start = self.at;
        let digits = |p: &mut Self| {
            let from = p.at;
            while p.bytes.get(p.at).is_some_and(u8::is_ascii_digit) {
                p.at += 1;
            }
            p.at > from
        };
        if self.bytes.get(self.at) == Some(&b'-') {
            self.at += 1;
        }
        if !digits(self) {
            return None;
        }
        if self.bytes.get(self.at) == Some(&b'.') {
            self.at += 1;
            if !digits(self) {
                return None;
            }
        }
        if matches!(self.bytes.get(self.at), Some(b'e' | b'E')) {
            self.at += 1;
            if matches!(self.bytes.get(self.at), Some(b'+' | b'-')) {
                self.at += 1;
            }
            if !digits(self) {
                return None;
            }
        }
        // `1_000`, `1.5f64`: ron's business.
        if self
            .bytes
            .get(self.at)
            .is_some_and(|b| b.is_ascii_alphanumeric() || *b == b'_' || *b == b'.')
        {
            return None;
        }
        self.text[start..self.at].parse().ok()
    }

    /// `(a, b)`.
    fn pair(&mut self) -> Option<(f64, f64)> {
        self.expect(b'(')?;
        let a = self.number()?;
        self.expect(b',')?;
        let b = self.number()?;
        self.eat(b',');
        self.expect(b')')?;
        Some((a, b))
    }

    /// `[item, item, ...]` with an optional trailing comma.
    fn list<T>(&mut self, mut item: impl FnMut(&mut Self) -> Option<T>) -> Option<Vec<T>> {
        self.expect(b'[')?;
        let mut out = Vec::new();
        loop {
            if self.eat(b']') {
                return Some(out);
            }
            out.push(item(self)?);
            if !self.eat(b',') {
                self.expect(b']')?;
                return Some(out);
            }
        }
    }

    /// The fields of a struct after its `(`, up to its `)`: `field(name)` reads each value.
    fn fields(&mut self, mut field: impl FnMut(&mut Self, &str) -> Option<()>) -> Option<()> {
        loop {
            if self.eat(b')') {
                return Some(());
            }
            let name = self.ident()?;
            self.expect(b':')?;
            field(self, name)?;
            if !self.eat(b',') {
                return self.expect(b')');
            }
        }
    }

    fn positions_file(&mut self) -> Option<PositionsFile> {
        self.open("Positions")?;
        let (mut group, mut conference, mut positions, mut states) = (None, None, None, None);
        self.fields(|p, name| match name {
            "group" => set(&mut group, p.string()?),
            "conference" => set(&mut conference, p.string()?),
            "positions" => set(&mut positions, p.list(Self::position)?),
            "states" => set(&mut states, p.list(Self::state_position)?),
            _ => None,
        })?;
        Some(PositionsFile {
            provenances: indexmap::IndexMap::new(),
            defaults: None,
            group: group?,
            conference: conference?,
            positions: positions.unwrap_or_default(),
            states: states.unwrap_or_default(),
        })
    }

    fn position(&mut self) -> Option<Position> {
        self.open("Position")?;
        let mut item = None;
        let mut stance = None;
        let (mut salience, mut flexibility, mut maturity, mut reference) = (None, None, None, None);
        let (mut tallies, mut provenance, mut note, mut text) = (None, None, None, None);
        let mut confidential: Option<Confidential> = None;
        self.fields(|p, name| match name {
            "item" => set(&mut item, p.string()?),
            "stance" => set(&mut stance, p.stance()?),
            "salience" => set(&mut salience, p.estimate()?),
            "flexibility" => set(&mut flexibility, p.estimate()?),
            "maturity" => set(&mut maturity, p.maturity()?),
            "reference" => set(&mut reference, p.string()?),
            "tallies" => set(&mut tallies, p.list(Self::tally)?),
            "provenance" => set(&mut provenance, p.provenance()?),
            "note" => set(&mut note, p.string()?),
            "text" => set(&mut text, p.string()?),
            // The confidential part inline: rare, left to ron.
            _ => None,
        })?;
        Some(Position {
            item: item?,
            stance: stance?,
            salience,
            flexibility,
            maturity,
            reference,
            tallies: tallies.unwrap_or_default(),
            provenance,
            note,
            text,
            confidential: confidential.take(),
        })
    }

    fn state_position(&mut self) -> Option<StatePosition> {
        self.open("StatePosition")?;
        let (mut state, mut item, mut stance) = (None, None, None);
        let (mut reference, mut provenance, mut note) = (None, None, None);
        self.fields(|p, name| match name {
            "state" => set(&mut state, p.string()?),
            "item" => set(&mut item, p.string()?),
            "stance" => set(&mut stance, p.stance()?),
            "reference" => set(&mut reference, p.string()?),
            "provenance" => set(&mut provenance, p.provenance()?),
            "note" => set(&mut note, p.string()?),
            _ => None,
        })?;
        Some(StatePosition {
            state: state?,
            item: item?,
            stance: stance?,
            reference,
            provenance,
            note,
        })
    }

    fn stance(&mut self) -> Option<Stance> {
        match self.ident()? {
            "Unknown" => Some(Stance::Unknown),
            "NoPositionYet" => Some(Stance::NoPositionYet),
            "NotCoded" => Some(Stance::NotCoded),
            "NoProposal" => Some(Stance::NoProposal),
            "Options" => {
                self.expect(b'(')?;
                let (mut prefers, mut accepts, mut conditions, mut opposes) =
                    (None, None, None, None);
                self.fields(|p, name| match name {
                    "prefers" => set(&mut prefers, p.string()?),
                    "accepts" => set(&mut accepts, p.list(Self::string)?),
                    "conditions" => set(&mut conditions, p.conditions()?),
                    "opposes" => set(&mut opposes, p.list(Self::string)?),
                    _ => None,
                })?;
                Some(Stance::Options {
                    prefers,
                    accepts: accepts.unwrap_or_default(),
                    conditions: conditions.unwrap_or_default(),
                    opposes: opposes.unwrap_or_default(),
                })
            }
            "Scale" => {
                self.expect(b'(')?;
                let (mut at, mut range, mut limits) = (None, None, None);
                self.fields(|p, name| match name {
                    "at" => set(&mut at, p.number()?),
                    "range" => set(&mut range, p.pair()?),
                    "limits" => set(&mut limits, p.pair()?),
                    _ => None,
                })?;
                Some(Stance::Scale {
                    at: at?,
                    range: range?,
                    limits,
                })
            }
            _ => None,
        }
    }

    /// `{"option": "condition", ...}`; a key given twice is ron's error to report.
    fn conditions(&mut self) -> Option<indexmap::IndexMap<String, String>> {
        self.expect(b'{')?;
        let mut out = indexmap::IndexMap::new();
        loop {
            if self.eat(b'}') {
                return Some(out);
            }
            let key = self.string()?;
            self.expect(b':')?;
            let value = self.string()?;
            if out.insert(key, value).is_some() {
                return None;
            }
            if !self.eat(b',') {
                self.expect(b'}')?;
                return Some(out);
            }
        }
    }

    fn estimate(&mut self) -> Option<Estimate> {
        let variant = self.ident()?;
        self.expect(b'(')?;
        let value = self.number()?;
        self.eat(b',');
        self.expect(b')')?;
        match variant {
            "Sourced" => Some(Estimate::Sourced(value)),
            "Estimated" => Some(Estimate::Estimated(value)),
            _ => None,
        }
    }

    fn maturity(&mut self) -> Option<Maturity> {
        Some(match self.ident()? {
            "PreliminaryView" => Maturity::PreliminaryView,
            "Draft" => Maturity::Draft,
            "CommonPosition" => Maturity::CommonPosition,
            "CommonProposal" => Maturity::CommonProposal,
            "ECP" => Maturity::ECP,
            "PACP" => Maturity::PACP,
            "ACP" => Maturity::ACP,
            "DIAP" => Maturity::DIAP,
            "IAP" => Maturity::IAP,
            "AfCP" => Maturity::AfCP,
            _ => return None,
        })
    }

    fn tally(&mut self) -> Option<Tally> {
        self.open("Tally")?;
        let (mut option, mut support, mut oppose) = (None, None, None);
        self.fields(|p, name| match name {
            "option" => set(&mut option, p.string()?),
            "support" => set(&mut support, p.list(Self::string)?),
            "oppose" => set(&mut oppose, p.list(Self::string)?),
            _ => None,
        })?;
        Some(Tally {
            option: option?,
            support: support.unwrap_or_default(),
            oppose: oppose.unwrap_or_default(),
        })
    }

    fn provenance(&mut self) -> Option<Provenance> {
        match self.ident()? {
            "Sourced" => {
                self.expect(b'(')?;
                let (mut source, mut as_of, mut published) = (None, None, None);
                self.fields(|p, name| match name {
                    "source" => set(&mut source, p.string()?),
                    "as_of" => set(&mut as_of, p.string()?),
                    "published" => set(&mut published, p.string()?),
                    _ => None,
                })?;
                Some(Provenance::Sourced {
                    source: source?,
                    as_of: as_of?,
                    published,
                })
            }
            kind @ ("Illustrative" | "Estimated") => {
                self.expect(b'(')?;
                let (mut note, mut as_of) = (None, None);
                self.fields(|p, name| match name {
                    "note" => set(&mut note, p.string()?),
                    "as_of" => set(&mut as_of, p.string()?),
                    _ => None,
                })?;
                let note = note?;
                Some(if kind == "Estimated" {
                    Provenance::Estimated { note, as_of }
                } else {
                    Provenance::Illustrative { note, as_of }
                })
            }
            _ => None,
        }
    }
}

//! Diagnostics: what is wrong with the input, where, and how to fix it.
//!
//! Every diagnostic has a stable [`Code`] (its name is part of the interface: scripts and the
//! fixtures match on it), a severity, a message, a location (file, line, column) and, where it
//! helps, a hint. `concord explain CODE` prints [`Code::explanation`].

mod codes;

pub use codes::Code;

use std::borrow::Cow;
use std::fmt;
use std::ops::Range;

/// The most characters of one token (an id, a value, a path) a message shows.
const MAX_TOKEN_CHARS: usize = 80;

/// `token` as a message shows it: whole up to 80 characters, else its start and end around
/// `…` with its length, so a 20 MB bad value gives a readable line.
pub fn shorten(token: &str) -> Cow<'_, str> {
    let n_chars = token.chars().count();
    if n_chars <= MAX_TOKEN_CHARS {
        return Cow::Borrowed(token);
    }
    let head: String = token.chars().take(60).collect();
    let tail: String = token.chars().skip(n_chars - 12).collect();
    Cow::Owned(format!("{head}…{tail} ({n_chars} characters)"))
}

/// Whether `c` is invisible or reorders text: control characters, bidi controls (U+202E turns
/// `abc` into `cba` on screen), zero-width and other format characters, variation selectors.
/// Ids reject them, and messages show them escaped.
pub fn is_invisible(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{00AD}'
                | '\u{034F}'
                | '\u{061C}'
                | '\u{115F}'
                | '\u{1160}'
                | '\u{17B4}'
                | '\u{17B5}'
                | '\u{180B}'..='\u{180F}'
                | '\u{200B}'..='\u{200F}'
                | '\u{2028}'..='\u{202E}'
                | '\u{2060}'..='\u{206F}'
                | '\u{3164}'
                | '\u{FE00}'..='\u{FE0F}'
                | '\u{FEFF}'
                | '\u{FFA0}'
                | '\u{FFF0}'..='\u{FFFB}'
                | '\u{1D173}'..='\u{1D17A}'
                | '\u{E0000}'..='\u{E0FFF}'
        )
}

/// A number as a message shows it: as written for ordinary values (`1.8`, `-3`), in exponent
/// form beyond a billion or below a millionth (`1e308`, `5e-324`), never hundreds of digits.
pub fn number(value: f64) -> String {
    // `-0.0 + 0.0` is `0.0`: a message never says `-0`.
    let value = value + 0.0;
    let magnitude = value.abs();
    if value.is_finite() && value != 0.0 && !(1e-6..1e9).contains(&magnitude) {
        format!("{value:e}")
    } else {
        format!("{value}")
    }
}

/// How bad a diagnostic is; fixed by its code.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// The input is rejected: no scenario is returned and nothing is written (exit 2).
    Error,
    /// Reported, but the scenario loads.
    Warning,
}

impl Severity {
    /// `error` or `warning`, as diagnostics print it.
    pub fn label(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

/// Where a diagnostic points: the file as the user names it, 1-based line and column (in
/// characters), and the byte span for the snippet.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Location {
    /// The file's name as the user gave it (or a pseudo-file such as `--set #2`).
    pub file: String,
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
    /// The byte range in the file that the snippet underlines.
    pub span: Range<usize>,
}

/// One problem in the input: its stable code (which fixes its severity), what is wrong, where,
/// and how to fix it.
#[derive(Clone, Debug, PartialEq)]
pub struct Diagnostic {
    /// The stable code; it fixes the severity.
    pub code: Code,
    /// What is wrong, one line.
    pub message: String,
    /// Where; `None` when the problem has no place in a file (a file that cannot be read).
    pub location: Option<Location>,
    /// How to fix it, when there is something useful to say.
    pub hint: Option<String>,
}

impl Diagnostic {
    /// Error or warning: always the code's.
    pub fn severity(&self) -> Severity {
        self.code.severity()
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let level = self.severity().label();
        if let Some(location) = &self.location {
            write!(
                f,
                "{}:{}:{}: ",
                location.file, location.line, location.column
            )?;
        }
        write!(f, "{level}[{}]: {}", self.code, self.message)
    }
}

/// A source file as read, kept so diagnostics can show snippets.
#[derive(Clone, Debug)]
pub struct SourceText {
    /// The file's name as diagnostics show it.
    pub name: String,
    /// Its whole text.
    pub text: String,
}

/// The diagnostics of one load, with the sources they point into, sorted by file order, then
/// position, then code.
#[derive(Clone, Debug, Default)]
pub struct Diagnostics {
    /// The diagnostics, sorted.
    pub list: Vec<Diagnostic>,
    /// The texts of the files the diagnostics point into, and only those.
    pub sources: Vec<SourceText>,
}

impl Diagnostics {
    /// Whether any diagnostic is an error.
    pub fn has_errors(&self) -> bool {
        self.list
            .iter()
            .any(|diagnostic| diagnostic.severity() == Severity::Error)
    }

    /// How many diagnostics have the severity.
    pub fn count(&self, severity: Severity) -> usize {
        self.list
            .iter()
            .filter(|diagnostic| diagnostic.severity() == severity)
            .count()
    }

    /// The errors, in order.
    pub fn errors(&self) -> impl Iterator<Item = &Diagnostic> {
        self.list
            .iter()
            .filter(|diagnostic| diagnostic.severity() == Severity::Error)
    }

    /// The warnings, in order.
    pub fn warnings(&self) -> impl Iterator<Item = &Diagnostic> {
        self.list
            .iter()
            .filter(|diagnostic| diagnostic.severity() == Severity::Warning)
    }

    /// Whether there is no diagnostic at all.
    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let errors = self.count(Severity::Error);
        let warnings = self.count(Severity::Warning);
        write!(
            f,
            "{errors} error{} and {warnings} warning{} in the input",
            plural(errors),
            plural(warnings)
        )
    }
}

impl std::error::Error for Diagnostics {}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invisible_characters_are_recognised() {
        assert!(is_invisible('\u{2066}') && !is_invisible('é'));
    }
}

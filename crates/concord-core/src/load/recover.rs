//! One syntax error in a positions file no longer hides the others. When the file does not
//! parse, ron stops at its first error; then each `Position(...)` and `StatePosition(...)` of
//! the file is parsed on its own, and the errors of the others are reported too, each where it
//! is. The file is still refused: recovery finds errors, it never guesses a value.

use ron::error::SpannedError;

use super::{Ctx, FileId, raw, ron_options};
use crate::diag::{Code, Diagnostic, Location};
use crate::format::{Token, tokens};

/// An element of a positions file: `Position(` or `StatePosition(` up to its closing bracket.
struct Element {
    state: bool,
    start: usize,
    end: usize,
    closed: bool,
}

/// The elements of `text`, found by their names and brackets alone (so one broken element does
/// not hide the next); `None` when the text does not even scan (an unclosed string).
fn elements(text: &str) -> Option<Vec<Element>> {
    let tokens = tokens(text).ok()?;
    let mut previous: Option<&Token<'_>> = None;
    let mut starts = Vec::new();
    for (index, (_, token)) in tokens.iter().enumerate() {
        if let Token::Comment { .. } = token {
            continue;
        }
        if let Token::Atom(name @ ("Position" | "StatePosition")) = token
            && matches!(tokens.get(index + 1), Some((_, Token::Open('('))))
            && matches!(previous, Some(Token::Open('[') | Token::Comma))
        {
            starts.push((index, *name == "StatePosition"));
        }
        previous = Some(token);
    }
    let mut found = Vec::with_capacity(starts.len());
    for (n, &(first, state)) in starts.iter().enumerate() {
        let limit = starts.get(n + 1).map_or(tokens.len(), |(next, _)| *next);
        let mut depth = 0usize;
        let mut close = None;
        for (at, token) in &tokens[first + 1..limit] {
            match token {
                Token::Open(_) => depth += 1,
                Token::Close(_) => {
                    depth = depth.saturating_sub(1);
                    if depth == 0 {
                        close = Some(*at);
                        break;
                    }
                }
                _ => {}
            }
        }
        let start = tokens[first].0;
        found.push(match close {
            Some(at) => Element {
                state,
                start,
                end: at + 1,
                closed: true,
            },
            None => Element {
                state,
                start,
                end: tokens.get(limit).map_or(text.len(), |(at, _)| *at),
                closed: false,
            },
        });
    }
    Some(found)
}

/// The errors of the positions file `file`, whose first error ron found is `first`: one per
/// element that does not parse alone, and `first` itself unless it lies in one of those (where
/// the element's own error says it better: a bracket left open is found at the next position).
pub(super) fn errors(ctx: &Ctx, file: FileId, first: Diagnostic) -> Vec<Diagnostic> {
    let text = &ctx.files[file].text;
    let Some(elements) = elements(text) else {
        return vec![first];
    };
    let first_at = first.location.as_ref().map(|location| location.span.start);
    let mut out = Vec::new();
    let mut first_covered = false;
    for element in elements {
        let Some(diagnostic) = element_error(ctx, file, &element) else {
            continue;
        };
        first_covered |= first_at.is_some_and(|at| (element.start..element.end).contains(&at));
        out.push(diagnostic);
    }
    if !first_covered {
        out.push(first);
    }
    out
}

/// The error of one element parsed alone, if any.
fn element_error(ctx: &Ctx, file: FileId, element: &Element) -> Option<Diagnostic> {
    let loaded = &ctx.files[file];
    if !element.closed {
        let (line, column) = loaded.index().line_col(&loaded.text, element.start);
        let width = if element.state { 14 } else { 9 };
        return Some(Diagnostic {
            code: Code::Syntax,
            message: "this position's brackets are not closed before the next one".into(),
            location: Some(Location {
                file: loaded.name.clone(),
                line,
                column,
                span: element.start..element.start + width,
            }),
            hint: Some(
                "every `(` and `[` inside a position closes before it ends with `),`".into(),
            ),
        });
    }
    let slice = &loaded.text[element.start..element.end];
    let error: Option<SpannedError> = if element.state {
        ron_options().from_str::<raw::StatePosition>(slice).err()
    } else {
        ron_options().from_str::<raw::Position>(slice).err()
    };
    error.map(|error| ctx.ron_diagnostic_in(file, element.start, &error))
}

/// The byte offset in `text` of a 1-based line and column (in characters).
pub(crate) fn offset_in(text: &str, line: usize, column: usize) -> usize {
    let mut start = 0;
    for _ in 1..line {
        match text[start..].find('\n') {
            Some(n) => start += n + 1,
            None => return text.len(),
        }
    }
    text[start..]
        .char_indices()
        .nth(column.saturating_sub(1))
        .map_or(text.len(), |(at, _)| start + at)
}

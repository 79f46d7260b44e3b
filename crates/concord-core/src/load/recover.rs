//! One syntax error in a positions file no longer hides the others. When the file does not
//! parse, ron stops at its first error; then each `Position(...)` and `StatePosition(...)` of
//! the file is parsed on its own, and the errors of the others are reported too, each where it
//! is. The file is still refused: recovery finds errors, it never guesses a value.

use ron::error::SpannedError;

use super::{Ctx, FileId, raw, ron_options};
use crate::diag::{Code, Diagnostic, Location};
use crate::format::{Token, strings_before, tokens};

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
    let mut out = match elements(text) {
        Some(elements) => element_errors(ctx, file, elements, first),
        None => vec![first],
    };
    open_string_hints(ctx, file, &mut out);
    out
}

/// The errors of the elements, and `first` unless an element's own error says it better, or it
/// is a cascade of one before it.
fn element_errors(
    ctx: &Ctx,
    file: FileId,
    elements: Vec<Element>,
    first: Diagnostic,
) -> Vec<Diagnostic> {
    let first_at = first.location.as_ref().map(|location| location.span.start);
    let mut out = Vec::new();
    let mut first_covered = false;
    // The first error inside a position that parses alone is a cascade of one before it (a
    // bracket left open): that one's own error says it.
    let mut first_in_clean = false;
    for element in elements {
        let within = first_at.is_some_and(|at| (element.start..element.end).contains(&at));
        let Some(diagnostic) = element_error(ctx, file, &element) else {
            // Only after a position with an error of its own (a bracket it left open).
            first_in_clean |= within && !out.is_empty();
            continue;
        };
        first_covered |= within;
        out.push(diagnostic);
    }
    if !first_covered && !first_in_clean {
        out.push(first);
    }
    out
}

/// A syntax error after a string that runs over a line end: most likely its closing quote is
/// missing, and the string swallowed what follows. The hint says where it opened. The file is
/// scanned once for all the errors (10,000 errors stay linear).
fn open_string_hints(ctx: &Ctx, file: FileId, out: &mut [Diagnostic]) {
    let loaded = &ctx.files[file];
    let at = |diagnostic: &Diagnostic| match (diagnostic.code, &diagnostic.location) {
        (Code::Syntax, Some(location)) => Some(location.span.start),
        _ => None,
    };
    let Some(end) = out.iter().filter_map(at).max() else {
        return;
    };
    let strings = strings_before(&loaded.text, end);
    for diagnostic in out.iter_mut() {
        let Some(error_at) = at(diagnostic) else {
            continue;
        };
        let before = strings.partition_point(|(start, _)| *start < error_at);
        let Some(&(start, true)) = before.checked_sub(1).and_then(|last| strings.get(last)) else {
            continue;
        };
        let (line, column) = loaded.index().line_col(&loaded.text, start);
        let said = format!(
            "the string opened at {}:{line}:{column} runs over a line end: if its closing `\"` \
             is missing, it swallowed what follows",
            loaded.name
        );
        diagnostic.hint = Some(match diagnostic.hint.take() {
            Some(hint) => format!("{said}; {hint}"),
            None => said,
        });
    }
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

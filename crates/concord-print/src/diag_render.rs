//! Renders diagnostics as text with source snippets (annotate-snippets, the renderer rustc uses).

use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};

use crate::escape;
use concord_core::diag::{Diagnostic, Diagnostics, Severity};

/// Every diagnostic with its snippet and hint, then a one-line count. `color` adds ANSI styles.
pub fn render(diagnostics: &Diagnostics, color: bool) -> String {
    let renderer = if color {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    let sources: std::collections::HashMap<&str, &concord_core::diag::SourceText> = diagnostics
        .sources
        .iter()
        .map(|source| (source.name.as_str(), source))
        .collect();
    let mut out = String::new();
    for diagnostic in &diagnostics.list {
        out.push_str(&render_one(&renderer, &sources, diagnostic));
        out.push_str("\n\n");
    }
    out
}

fn render_one(
    renderer: &Renderer,
    sources: &std::collections::HashMap<&str, &concord_core::diag::SourceText>,
    diagnostic: &Diagnostic,
) -> String {
    let level = match diagnostic.severity() {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
    };
    let message = escape::text::message(&diagnostic.message);
    let title = level
        .primary_title(message.as_str())
        .id(diagnostic.code.name());
    let source = diagnostic.location.as_ref().and_then(|location| {
        sources
            .get(location.file.as_str())
            .map(|source| (location, *source))
    });
    let window = source.and_then(|(location, source)| window(&source.text, location));
    let mut group: Group<'_> = match (source, window) {
        (Some((location, _)), Some((text, first_line, span))) => title.element(
            Snippet::source(text)
                .line_start(first_line)
                .path(location.file.as_str())
                .fold(true)
                .annotation(AnnotationKind::Primary.span(span)),
        ),
        _ => match &diagnostic.location {
            // A place that is no line of a text file (a spreadsheet's cell): named whole.
            Some(location) if location.line == 0 => title.element(
                Level::NOTE.message(format!("in {}", escape::text::message(&location.file))),
            ),
            // A location without a loaded source: name it plainly.
            Some(location) => title.element(Level::NOTE.message(format!(
                "in {}:{}:{}",
                location.file, location.line, location.column
            ))),
            None => Group::with_title(title),
        },
    };
    if let Some(hint) = &diagnostic.hint {
        group = group.element(Level::HELP.message(escape::text::message(hint)));
    }
    renderer.render(&[group])
}

/// The longest source line a snippet shows; a longer one (a minified file, a 20 MB token) gets
/// its location without a snippet.
const MAX_SNIPPET_LINE: usize = 1000;

/// The lines of `text` the diagnostic's span covers, their first line number, and the span
/// within them. Handing the renderer only these lines keeps each diagnostic's cost to its own
/// lines: with the whole file, 64,000 diagnostics in one large file took minutes.
fn window<'a>(
    text: &'a str,
    location: &concord_core::diag::Location,
) -> Option<(&'a str, usize, std::ops::Range<usize>)> {
    let span = snap(text, location.span.clone());
    if span.end - span.start > 4 * MAX_SNIPPET_LINE {
        return None;
    }
    // Search at most one line's length either way, so a huge line costs no more.
    let back = snap(
        text,
        span.start.saturating_sub(MAX_SNIPPET_LINE + 1)..span.start,
    )
    .start;
    let start = match text[back..span.start].rfind('\n') {
        Some(at) => back + at + 1,
        None if back == 0 => 0,
        None => return None,
    };
    let ahead = snap(text, span.end..span.end + MAX_SNIPPET_LINE + 1).end;
    let end = match text[span.end..ahead].find('\n') {
        Some(at) => span.end + at,
        None if ahead == text.len() => text.len(),
        None => return None,
    };
    if text[start..end]
        .lines()
        .any(|line| line.len() > MAX_SNIPPET_LINE)
    {
        return None;
    }
    // The location's line is the span's first line (counting from the file's start here would
    // cost the whole file per diagnostic again).
    Some((
        &text[start..end],
        location.line.max(1),
        span.start - start..span.end - start,
    ))
}

/// A span the renderer can slice: inside the text, on character boundaries (a span from the
/// parser may fall inside a multi-byte character of a mangled file), and at least one character
/// wide where the text has one (an empty span, e.g. at the end of a file, still needs something to
/// point at).
fn snap(text: &str, span: std::ops::Range<usize>) -> std::ops::Range<usize> {
    let floor = |mut at: usize| {
        at = at.min(text.len());
        while !text.is_char_boundary(at) {
            at -= 1;
        }
        at
    };
    let ceil = |mut at: usize| {
        at = at.min(text.len());
        while !text.is_char_boundary(at) {
            at += 1;
        }
        at
    };
    let start = floor(span.start);
    let mut end = ceil(span.end.max(start));
    if end == start {
        end = text[start..]
            .chars()
            .next()
            .map_or(start, |c| start + c.len_utf8());
    }
    start..end
}

#[cfg(test)]
mod tests {
    use super::snap;

    #[test]
    fn spans_are_snapped_to_character_boundaries() {
        let text = "a\u{202e}b é";
        // Inside the three-byte U+202E (bytes 1..4): widened to the whole character.
        assert_eq!(snap(text, 2..3), 1..4);
        assert_eq!(snap(text, 1..1), 1..4);
        // Past the end: clamped; an empty span at the end stays empty.
        assert_eq!(snap(text, 40..50), text.len()..text.len());
        // Inside é at the end: the whole é.
        assert_eq!(snap(text, 7..7), 6..8);
    }
}

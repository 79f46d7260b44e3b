//! Renders diagnostics as text with source snippets (annotate-snippets, the renderer rustc uses).

use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};

use super::{Diagnostic, Diagnostics, Severity};

/// Every diagnostic with its snippet and hint, then a one-line count. `color` adds ANSI styles.
pub fn render(diagnostics: &Diagnostics, color: bool) -> String {
    let renderer = if color {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    let mut out = String::new();
    for diagnostic in &diagnostics.list {
        out.push_str(&render_one(&renderer, diagnostics, diagnostic));
        out.push_str("\n\n");
    }
    out
}

fn render_one(renderer: &Renderer, diagnostics: &Diagnostics, diagnostic: &Diagnostic) -> String {
    let level = match diagnostic.severity {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
    };
    let title = level
        .primary_title(diagnostic.message.as_str())
        .id(diagnostic.code.name());
    let source = diagnostic.location.as_ref().and_then(|location| {
        diagnostics
            .sources
            .iter()
            .find(|source| source.name == location.file)
            .map(|source| (location, source))
    });
    let mut group: Group<'_> = match source {
        Some((location, source)) => {
            let span = snap(&source.text, location.span.clone());
            title.element(
                Snippet::source(source.text.as_str())
                    .path(location.file.as_str())
                    .fold(true)
                    .annotation(AnnotationKind::Primary.span(span)),
            )
        }
        None => match &diagnostic.location {
            // A location without a loaded source: name it plainly.
            Some(location) => title.element(Level::NOTE.message(format!(
                "in {}:{}:{}",
                location.file, location.line, location.column
            ))),
            None => Group::with_title(title),
        },
    };
    if let Some(hint) = &diagnostic.hint {
        group = group.element(Level::HELP.message(hint.as_str()));
    }
    renderer.render(&[group])
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

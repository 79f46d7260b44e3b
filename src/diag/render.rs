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
            // An empty span (end of file) still needs one character to point at.
            let span = if location.span.is_empty() {
                let end = (location.span.start + 1).min(source.text.len());
                location.span.start.min(end)..end
            } else {
                location.span.clone()
            };
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

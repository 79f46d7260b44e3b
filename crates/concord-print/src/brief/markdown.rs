//! The brief as Markdown, to paste into a document. User strings are escaped by `text`.

use std::fmt::Write;

use super::Brief;
use super::words;

/// The report's Markdown escaping, on one line (a brief's list item).
fn text(value: &str) -> String {
    crate::report::markdown::text(value).replace('\n', " ")
}

fn list(out: &mut String, title: &str, lines: &[String]) {
    if lines.is_empty() {
        return;
    }
    let _ = writeln!(out, "**{title}:**\n");
    for line in lines {
        let _ = writeln!(out, "- {}", text(line));
    }
    out.push('\n');
}

/// The calendar: the conference's deadline, each stage held or to come, and what comes next
/// for our groups.
fn calendar(out: &mut String, brief: &Brief) {
    use crate::report::progress::{CALENDAR_HEADER, calendar_rows};
    let calendar = &brief.calendar;
    let _ = writeln!(
        out,
        "## Calendar\n\n{}\n",
        words::calendar_opening(calendar)
    );
    if calendar.stages.is_empty() {
        out.push_str("The scenario lists no stages.\n\n");
    } else {
        crate::report::markdown::table(
            out,
            &CALENDAR_HEADER.map(String::from),
            &calendar_rows(calendar),
        );
        out.push('\n');
    }
    let next: Vec<String> = brief.next.iter().map(words::next_sentence).collect();
    list(out, "Next for our groups", &next);
}

/// The brief as Markdown.
pub fn render(brief: &Brief) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# Brief for {}\n", text(&brief.reader.label()));
    let _ = writeln!(out, "{}\n", brief.meta_line(text));
    calendar(&mut out, brief);
    let _ = writeln!(
        out,
        "## Summary\n\n**Known:** {}\n",
        text(&brief.known.sentence())
    );
    out.push_str("| item | status | our position | maturity | P(our line prevails) | line |\n|---|---|---|---|---|---|\n");
    for row in &brief.summary {
        let _ = writeln!(
            out,
            "| {} | {} | {}{} | {} | {} | {} |",
            text(row.id.as_str()),
            row.status_note(),
            text(&row.our_position.sentence()),
            if row.isolated { " (isolated)" } else { "" },
            text(&row.maturity.sentence()),
            words::percent(row.p_line),
            row.line.label()
        );
    }
    out.push('\n');
    for (title, lines) in brief.lists() {
        list(&mut out, title, &lines);
    }
    for item in &brief.items {
        let _ = writeln!(
            out,
            "## {} — {} ({})\n",
            text(item.id.as_str()),
            text(&item.title),
            text(&item.status_note())
        );
        for (title, lines) in item.sections() {
            list(&mut out, title, &lines);
        }
        let _ = writeln!(
            out,
            "**Line:** {} — {}\n",
            item.line.label(),
            text(&item.line.reason.sentence())
        );
        let sources = words::each(&item.sources, super::SourcedCell::sentence);
        list(&mut out, "Views from other regions and sources", &sources);
    }
    out
}

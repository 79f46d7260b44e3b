//! The brief as Markdown, to paste into a document. User strings are escaped by `text`.

use std::fmt::Write;

use super::words;
use super::{Brief, OwnPosition, Priority};
use crate::report::view::number;

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
        "## Calendar\n\nConference opens {}; proposals due {}.\n",
        calendar.conference_start,
        calendar.deadline.map_or_else(
            || "— no deadline given in the scenario".into(),
            |d| d.to_string()
        )
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
    let _ = writeln!(out, "# Brief for {}\n", text(&brief.reader));
    let _ = writeln!(
        out,
        "{} — {}, {} {}{}{}\n",
        text(&brief.conference),
        text(&brief.name),
        if brief.calendar.replay {
            "replayed at"
        } else {
            "as of"
        },
        brief.as_of,
        brief
            .next_conference
            .as_ref()
            .map(|n| format!("; next conference {}", text(n)))
            .unwrap_or_default(),
        brief
            .simulation
            .map(|s| format!("; simulated: {}", s.label()))
            .unwrap_or_default()
    );
    calendar(&mut out, brief);
    let _ = writeln!(
        out,
        "## Summary\n\n**Known:** {}\n",
        text(&brief.known.sentence())
    );
    out.push_str("| item | status | our position | maturity | P(adopted or voted) | line |\n|---|---|---|---|---|---|\n");
    for row in &brief.summary {
        let _ = writeln!(
            out,
            "| {} | {} | {}{} | {} | {} | {} |",
            text(row.id.as_str()),
            row.status.name(),
            text(&row.our_position),
            if row.isolated { " (isolated)" } else { "" },
            text(&row.maturity),
            row.p_adopted
                .map(|p| format!("{}%", number(p * 100.0)))
                .unwrap_or_else(|| "—".into()),
            row.line.label()
        );
    }
    out.push('\n');
    list(
        &mut out,
        "Our own positions",
        &words::each(&brief.own_positions, OwnPosition::sentence),
    );
    list(
        &mut out,
        "Our priorities (by salience)",
        &words::each(&brief.priorities, Priority::sentence),
    );
    list(&mut out, "Where we are isolated", &brief.isolated);
    list(&mut out, "Most at risk of carry-forward", &brief.at_risk);
    list(&mut out, "Best package deals open to us", &brief.deals);
    for item in &brief.items {
        let _ = writeln!(
            out,
            "## {} — {} ({})\n",
            text(item.id.as_str()),
            text(&item.title),
            item.status.name()
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

//! `concord status` in text, Markdown, JSON and CSV: one view ([`StatusView`]), four renderers.

use std::fmt::Write;

use super::style::Paint;
use crate::status::{Calendar, CellStatus, GroupNext, Meeting, StatusView};

fn meeting(meeting: Option<&Meeting>) -> String {
    meeting.map_or_else(|| "—".into(), |m| format!("{} ({})", m.name, m.date))
}

fn deadline(meeting: Option<&Meeting>) -> String {
    meeting
        .and_then(|m| m.deadline.clone())
        .unwrap_or_else(|| "—".into())
}

fn stale(cell: &CellStatus) -> &'static str {
    match cell.stale {
        Some(true) => "stale",
        Some(false) => "",
        None if cell.position == "unknown" => "",
        None => "undated",
    }
}

/// The widest position the text table shows (Markdown, JSON and CSV give it whole).
const TEXT_POSITION_CHARS: usize = 60;

fn or_dash(value: Option<&String>) -> String {
    value.cloned().unwrap_or_else(|| "—".into())
}

/// The heading line: the conference and the reference date, and whether it is a replay.
fn heading(view: &StatusView) -> String {
    let calendar = &view.calendar;
    format!(
        "{} — {}, {} {}; conference opens {}; proposals due {}",
        view.conference,
        view.name,
        if calendar.replay {
            "replayed at"
        } else {
            "as of"
        },
        calendar.as_of,
        calendar.conference_start,
        calendar
            .deadline
            .as_deref()
            .unwrap_or("(no deadline given)")
    )
}

/// The calendar as table rows: stage, kind, groups, dates, deadline, where it stands.
pub fn calendar_rows(calendar: &Calendar) -> Vec<Vec<String>> {
    calendar
        .stages
        .iter()
        .map(|stage| {
            let dates = match (&stage.start, &stage.end) {
                (Some(start), Some(end)) if start != end => format!("{start} to {end}"),
                (Some(day), _) | (None, Some(day)) => day.clone(),
                (None, None) => "dates not given".into(),
            };
            vec![
                stage.name.clone(),
                stage.kind.into(),
                if stage.groups.is_empty() {
                    "all".into()
                } else {
                    stage.groups.join(", ")
                },
                dates,
                or_dash(stage.deadline.as_ref()),
                stage.when.label().into(),
            ]
        })
        .collect()
}

/// The calendar table's header.
pub const CALENDAR_HEADER: [&str; 6] = ["stage", "kind", "groups", "dates", "deadline", "when"];

const GROUP_HEADER: [&str; 4] = ["group", "last meeting", "next meeting", "its deadline"];

fn group_rows(groups: &[GroupNext]) -> Vec<Vec<String>> {
    groups
        .iter()
        .map(|g| {
            vec![
                g.group.clone(),
                meeting(g.last_meeting.as_ref()),
                meeting(g.next_meeting.as_ref()),
                deadline(g.next_meeting.as_ref()),
            ]
        })
        .collect()
}

const CELL_HEADER: [&str; 8] = [
    "item",
    "group",
    "position",
    "maturity",
    "dated",
    "last meeting",
    "stale",
    "versions",
];

fn cell_rows(cells: &[CellStatus], widest: usize) -> Vec<Vec<String>> {
    cells
        .iter()
        .map(|c| {
            let position = if c.position.chars().count() > widest {
                let head: String = c.position.chars().take(widest - 1).collect();
                format!("{head}…")
            } else {
                c.position.clone()
            };
            vec![
                c.item.clone(),
                c.group.clone(),
                position,
                or_dash(c.maturity.as_ref()),
                or_dash(c.dated.as_ref()),
                meeting(c.last_meeting.as_ref()),
                stale(c).into(),
                c.versions.to_string(),
            ]
        })
        .collect()
}

/// What the counts of known cells say, in a sentence: a reader must never take "nothing is
/// known" for "nobody wants this".
fn known_sentence(view: &StatusView) -> String {
    let total = view.cells.len();
    let unknown = view
        .cells
        .iter()
        .filter(|c| c.position == "unknown")
        .count();
    let stale = view.cells.iter().filter(|c| c.stale == Some(true)).count();
    format!(
        "{} of {total} cells known ({unknown} unknown: nobody's position is known there, which is not opposition); {stale} stale",
        total - unknown
    )
}

/// `concord status` as text.
pub fn text(view: &StatusView, paint: Paint) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{}\n", paint.bold(&heading(view)));
    let _ = writeln!(out, "{}", paint.bold("Calendar"));
    out.push_str(&super::text::table(
        &CALENDAR_HEADER,
        &calendar_rows(&view.calendar),
        paint,
    ));
    let _ = writeln!(out, "\n{}", paint.bold("Next, per group"));
    out.push_str(&super::text::table(
        &GROUP_HEADER,
        &group_rows(&view.groups),
        paint,
    ));
    let _ = writeln!(out, "\n{}", paint.bold("Cells"));
    let _ = writeln!(out, "{}", known_sentence(view));
    cell_table(&mut out, &view.cells, paint);
    out
}

/// The cells as `text::table` lays them out (columns padded to their widest cell, two spaces
/// apart, trailing blanks trimmed), one row at a time: a scenario of 250,000 cells never holds
/// its rows twice.
fn cell_table(out: &mut String, cells: &[CellStatus], paint: Paint) {
    let mut widths: Vec<usize> = CELL_HEADER.iter().map(|h| h.chars().count()).collect();
    for chunk in cells.chunks(1024) {
        for row in cell_rows(chunk, TEXT_POSITION_CHARS) {
            for (width, cell) in widths.iter_mut().zip(&row) {
                *width = (*width).max(cell.chars().count());
            }
        }
    }
    let line = |out: &mut String, row: &[&str]| {
        let start = out.len();
        for (index, (cell, width)) in row.iter().zip(&widths).enumerate() {
            if index > 0 {
                out.push_str("  ");
            }
            out.push_str(cell);
            out.extend(std::iter::repeat_n(' ', width - cell.chars().count()));
        }
        let trimmed = out[start..].trim_end().len();
        out.truncate(start + trimmed);
    };
    let mut header = String::new();
    line(&mut header, &CELL_HEADER);
    let _ = writeln!(out, "{}", paint.bold(&header));
    for chunk in cells.chunks(1024) {
        for row in cell_rows(chunk, TEXT_POSITION_CHARS) {
            let row: Vec<&str> = row.iter().map(String::as_str).collect();
            line(out, &row);
            out.push('\n');
        }
    }
}

/// `concord status` as Markdown.
pub fn markdown(view: &StatusView) -> String {
    use super::markdown::{table, text};
    let header = |h: &[&str]| h.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>();
    let mut out = String::new();
    let _ = writeln!(out, "# Status: {}\n", text(&heading(view)));
    let _ = writeln!(out, "## Calendar\n");
    table(
        &mut out,
        &header(&CALENDAR_HEADER),
        &calendar_rows(&view.calendar),
    );
    let _ = writeln!(out, "\n## Next, per group\n");
    table(&mut out, &header(&GROUP_HEADER), &group_rows(&view.groups));
    let _ = writeln!(out, "\n## Cells\n\n{}\n", text(&known_sentence(view)));
    table(
        &mut out,
        &header(&CELL_HEADER),
        &cell_rows(&view.cells, usize::MAX),
    );
    out
}

/// `concord status` as JSON (`schema_version` 1).
pub fn json(view: &StatusView) -> String {
    let mut out = super::json::to_string_pretty(view).expect("plain data serializes");
    out.push('\n');
    out
}

/// `concord status` as CSV: one row per cell, with its group's next meeting.
pub fn csv(view: &StatusView) -> String {
    use super::csv::line;
    let mut out = line(
        &[
            "item",
            "group",
            "position",
            "maturity",
            "level",
            "dated",
            "reference",
            "last_meeting",
            "last_meeting_date",
            "stale",
            "versions",
            "next_meeting",
            "next_meeting_date",
            "next_meeting_deadline",
            "conference_deadline",
        ]
        .map(String::from),
    );
    let conference_deadline = view.calendar.deadline.clone().unwrap_or_default();
    for cell in &view.cells {
        let next = view
            .groups
            .iter()
            .find(|g| g.group == cell.group)
            .and_then(|g| g.next_meeting.as_ref());
        out.push_str(&line(&[
            cell.item.clone(),
            cell.group.clone(),
            cell.position.clone(),
            cell.maturity.clone().unwrap_or_default(),
            cell.level.map(|l| l.to_string()).unwrap_or_default(),
            cell.dated.clone().unwrap_or_default(),
            cell.reference.clone().unwrap_or_default(),
            cell.last_meeting
                .as_ref()
                .map(|m| m.name.clone())
                .unwrap_or_default(),
            cell.last_meeting
                .as_ref()
                .map(|m| m.date.clone())
                .unwrap_or_default(),
            match cell.stale {
                Some(true) => "true".into(),
                Some(false) => "false".into(),
                None => String::new(),
            },
            cell.versions.to_string(),
            next.map(|m| m.name.clone()).unwrap_or_default(),
            next.map(|m| m.date.clone()).unwrap_or_default(),
            next.and_then(|m| m.deadline.clone()).unwrap_or_default(),
            conference_deadline.clone(),
        ]));
    }
    out
}

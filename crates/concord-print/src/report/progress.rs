//! `concord status` in text, Markdown, JSON and CSV: one view ([`ProgressView`]), four
//! printers. The view is typed (ids, dates, stage kinds, the cell, its maturity); the words are
//! here: the labels of kinds and of where a stage stands, the cell in the field's vocabulary, the
//! maturity in its group's terms, and the JSON's strings.

use std::fmt::{Display, Write};

use serde::Serialize;
use serde::ser::{SerializeStruct, Serializer};

use super::style::Paint;
use super::view::cell_label;
use crate::progress::{
    Calendar, CalendarEntry, CellProgress, GroupNext, Meeting, ProgressView, When,
};
use concord_core::id::GroupId;
use concord_core::model::StageKind;

/// The word the tables use for where a stage stands.
pub(crate) fn when_label(when: When) -> &'static str {
    match when {
        When::Held => "held",
        When::UnderWay => "under way",
        When::Next => "next",
        When::Later => "later",
        When::Undated => "undated",
    }
}

/// What kind of meeting a stage is, in words (`regional meeting`, `inter-regional`, ...).
pub(crate) fn kind_label(kind: StageKind) -> &'static str {
    match kind {
        StageKind::Preparatory => "preparatory",
        StageKind::RegionalMeeting => "regional meeting",
        StageKind::InterRegional => "inter-regional",
        StageKind::Conference => "conference",
    }
}

/// The cell in the field's vocabulary.
fn position(cell: &CellProgress<'_>) -> String {
    cell_label(cell.cell)
}

/// The cell's maturity in its group's own vocabulary, when given.
fn maturity(cell: &CellProgress<'_>) -> Option<&'static str> {
    cell.maturity.map(|m| m.label(cell.group().as_str()))
}

fn meeting(meeting: Option<&Meeting>) -> String {
    meeting.map_or_else(|| "—".into(), |m| format!("{} ({})", m.name, m.date))
}

fn deadline(meeting: Option<&Meeting>) -> String {
    or_dash(meeting.and_then(|m| m.deadline))
}

fn stale(cell: &CellProgress<'_>) -> &'static str {
    match cell.stale {
        Some(true) => "stale",
        Some(false) => "",
        None if cell.unknown() => "",
        None => "undated",
    }
}

/// The widest position the text table shows (Markdown, JSON and CSV give it whole).
const TEXT_POSITION_CHARS: usize = 60;

fn or_dash(value: Option<impl Display>) -> String {
    value.map_or_else(|| "—".into(), |value| value.to_string())
}

/// The heading line: the conference and the reference date, and whether it is a replay.
fn heading(view: &ProgressView<'_>) -> String {
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
            .map_or_else(|| "(no deadline given)".into(), |d| d.to_string())
    )
}

/// The calendar as table rows: stage, kind, groups, dates, deadline, where it stands.
pub(crate) fn calendar_rows(calendar: &Calendar) -> Vec<Vec<String>> {
    calendar
        .stages
        .iter()
        .map(|stage| {
            let dates = match (stage.start, stage.end) {
                (Some(start), Some(end)) if start != end => format!("{start} to {end}"),
                (Some(day), _) | (None, Some(day)) => day.to_string(),
                (None, None) => "dates not given".into(),
            };
            vec![
                stage.name.clone(),
                kind_label(stage.kind).into(),
                if stage.groups.is_empty() {
                    "all".into()
                } else {
                    ids(&stage.groups).join(", ")
                },
                dates,
                or_dash(stage.deadline),
                when_label(stage.when).into(),
            ]
        })
        .collect()
}

/// The calendar table's header.
pub(crate) const CALENDAR_HEADER: [&str; 6] =
    ["stage", "kind", "groups", "dates", "deadline", "when"];

const GROUP_HEADER: [&str; 4] = ["group", "last meeting", "next meeting", "its deadline"];

fn group_rows(groups: &[GroupNext]) -> Vec<Vec<String>> {
    groups
        .iter()
        .map(|g| {
            vec![
                g.group.to_string(),
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

fn cell_rows(cells: &[CellProgress<'_>], widest: usize) -> Vec<Vec<String>> {
    cells
        .iter()
        .map(|c| {
            let mut position = position(c);
            if position.chars().count() > widest {
                let head: String = position.chars().take(widest - 1).collect();
                position = format!("{head}…");
            }
            vec![
                c.item.to_string(),
                c.group().to_string(),
                position,
                or_dash(maturity(c)),
                or_dash(c.dated),
                meeting(c.last_meeting.as_ref()),
                stale(c).into(),
                c.versions.to_string(),
            ]
        })
        .collect()
}

/// What the counts of known cells say, in a sentence: a reader must never take "nothing is
/// known" for "nobody wants this".
fn known_sentence(view: &ProgressView<'_>) -> String {
    let total = view.cells.len();
    let unknown = view.cells.iter().filter(|c| c.unknown()).count();
    let stale = view.cells.iter().filter(|c| c.stale == Some(true)).count();
    format!(
        "{} of {total} cells known ({unknown} unknown: nobody's position is known there, which is not opposition); {stale} stale",
        total - unknown
    )
}

/// `concord status` as text.
pub fn text(view: &ProgressView<'_>, paint: Paint) -> String {
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
fn cell_table(out: &mut String, cells: &[CellProgress<'_>], paint: Paint) {
    let mut widths: Vec<usize> = CELL_HEADER
        .iter()
        .map(|h| crate::escape::text::width(h))
        .collect();
    for chunk in cells.chunks(1024) {
        for row in cell_rows(chunk, TEXT_POSITION_CHARS) {
            for (width, cell) in widths.iter_mut().zip(&row) {
                *width = (*width).max(crate::escape::text::width(cell));
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
            out.extend(std::iter::repeat_n(
                ' ',
                width - crate::escape::text::width(cell),
            ));
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
pub fn markdown(view: &ProgressView<'_>) -> String {
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
pub fn json(view: &ProgressView<'_>) -> String {
    let mut out = super::json::to_string_pretty(view).expect("plain data serializes");
    out.push('\n');
    out
}

/// `concord status` as CSV: one row per cell, with its group's next meeting.
pub fn csv(view: &ProgressView<'_>) -> String {
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
    let conference_deadline = or_empty(view.calendar.deadline);
    for cell in &view.cells {
        let next = view
            .groups
            .iter()
            .find(|g| &g.group == cell.group())
            .and_then(|g| g.next_meeting.as_ref());
        out.push_str(&line(&[
            cell.item.to_string(),
            cell.group().to_string(),
            position(cell),
            maturity(cell).unwrap_or_default().to_owned(),
            or_empty(cell.level),
            or_empty(cell.dated),
            cell.reference.clone().unwrap_or_default(),
            cell.last_meeting
                .as_ref()
                .map(|m| m.name.clone())
                .unwrap_or_default(),
            or_empty(cell.last_meeting.as_ref().map(|m| m.date)),
            match cell.stale {
                Some(true) => "true".into(),
                Some(false) => "false".into(),
                None => String::new(),
            },
            cell.versions.to_string(),
            next.map(|m| m.name.clone()).unwrap_or_default(),
            or_empty(next.map(|m| m.date)),
            or_empty(next.and_then(|m| m.deadline)),
            conference_deadline.clone(),
        ]));
    }
    out
}

fn or_empty(value: Option<impl Display>) -> String {
    value.map(|value| value.to_string()).unwrap_or_default()
}

/// Ids as the files write them.
fn ids(ids: &[GroupId]) -> Vec<&str> {
    ids.iter().map(GroupId::as_str).collect()
}

// The JSON (`schema_version` 1): each view type written field by field, in the order and with
// the strings `concord status` has always written (dates as `YYYY-MM-DD` or `YYYY-MM`).

/// A value written as its `Display` string: a date.
struct Shown<T>(T);

impl<T: Display> Serialize for Shown<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(&self.0)
    }
}

impl Serialize for CalendarEntry {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut out = serializer.serialize_struct("CalendarEntry", 7)?;
        out.serialize_field("name", &self.name)?;
        out.serialize_field("kind", kind_label(self.kind))?;
        out.serialize_field("groups", &ids(&self.groups))?;
        out.serialize_field("start", &self.start.map(Shown))?;
        out.serialize_field("end", &self.end.map(Shown))?;
        out.serialize_field("deadline", &self.deadline.map(Shown))?;
        out.serialize_field("when", &self.when)?;
        out.end()
    }
}

impl Serialize for Calendar {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut out = serializer.serialize_struct("Calendar", 5)?;
        out.serialize_field("as_of", &Shown(self.as_of))?;
        out.serialize_field("replay", &self.replay)?;
        out.serialize_field("conference_start", &Shown(self.conference_start))?;
        out.serialize_field("deadline", &self.deadline.map(Shown))?;
        out.serialize_field("stages", &self.stages)?;
        out.end()
    }
}

impl Serialize for Meeting {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut out = serializer.serialize_struct("Meeting", 3)?;
        out.serialize_field("name", &self.name)?;
        out.serialize_field("date", &Shown(self.date))?;
        out.serialize_field("deadline", &self.deadline.map(Shown))?;
        out.end()
    }
}

impl Serialize for GroupNext {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut out = serializer.serialize_struct("GroupNext", 3)?;
        out.serialize_field("group", self.group.as_str())?;
        out.serialize_field("last_meeting", &self.last_meeting)?;
        out.serialize_field("next_meeting", &self.next_meeting)?;
        out.end()
    }
}

impl Serialize for CellProgress<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut out = serializer.serialize_struct("CellProgress", 10)?;
        out.serialize_field("item", self.item.as_str())?;
        out.serialize_field("group", self.group().as_str())?;
        out.serialize_field("position", &position(self))?;
        out.serialize_field("maturity", &maturity(self))?;
        out.serialize_field("level", &self.level)?;
        out.serialize_field("dated", &self.dated.map(Shown))?;
        out.serialize_field("reference", &self.reference)?;
        out.serialize_field("last_meeting", &self.last_meeting)?;
        out.serialize_field("stale", &self.stale)?;
        out.serialize_field("versions", &self.versions)?;
        out.end()
    }
}

impl Serialize for ProgressView<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut out = serializer.serialize_struct("ProgressView", 6)?;
        out.serialize_field("schema_version", &self.schema_version)?;
        out.serialize_field("conference", &self.conference)?;
        out.serialize_field("name", &self.name)?;
        out.serialize_field("calendar", &self.calendar)?;
        out.serialize_field("groups", &self.groups)?;
        out.serialize_field("cells", &self.cells)?;
        out.end()
    }
}

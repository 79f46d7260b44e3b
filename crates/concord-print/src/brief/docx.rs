//! The brief as a Word document (`.docx`), shaped like a CEPT Brief: an A4 page, real heading
//! styles (Heading 1 for the title, Heading 2 per section and item, Heading 3 per sub-section, so
//! Word's and LibreOffice's navigator list them), the summary and the items × groups comparison
//! as bordered tables with a header row, page numbers in the footer, and the audience marking in
//! the page header of every page and as the first paragraph, in bold red.
//!
//! The words are the other printers' (`words`, `list_words`, `overview_words`); only the order of
//! an item's sub-sections is the CEPT brief's: background, our position and its conditions,
//! reservations (fallbacks and red lines), other regions' views with their sources, allies and
//! approaches, and the recommended line last. docx-rs escapes every string for XML; [`clean`]
//! drops the characters XML 1.0 forbids before a string reaches it.

use docx_rs::{
    AbstractNumbering, AlignmentType, Docx, Footer, Header, IndentLevel, Level, LevelJc, LevelText,
    LineSpacing, NumPages, NumberFormat, Numbering, NumberingId, PageMargin, PageNum, Paragraph,
    Run, RunFonts, Shading, ShdType, SpecialIndentType, Start, Style, StyleType, Table, TableCell,
    TableRow, WidthType,
};

use super::words;
use super::{Agreement, Brief, ItemBrief};
use crate::report::cell_words::cell_label;

/// A4 in twips (1/20 pt): 210 × 297 mm.
pub const A4: (u32, u32) = (11906, 16838);
/// The page margins: 2 cm (1134 twips) on every side.
const MARGIN: i32 = 1134;
/// The width of the text between the margins, for the tables.
const TEXT_WIDTH: usize = A4.0 as usize - 2 * MARGIN as usize;
/// The marking's colour (the HTML banner's red).
const RED: &str = "B30000";
/// The header row's shading.
const HEADER_FILL: &str = "D9E2F3";
/// The tables' font size in half-points (9 pt).
const TABLE_SIZE: usize = 18;
/// The id of the bullet list's numbering (docx-rs defines a numbered list as 1).
const BULLETS: usize = 2;

/// The heat map's palette (the HTML brief's), for the items × groups table.
const AGREEMENT: [(Agreement, &str); 7] = [
    (Agreement::Ours, "2166AC"),
    (Agreement::Agrees, "1B7837"),
    (Agreement::Compatible, "A6DBA0"),
    (Agreement::Conflicts, "D6604D"),
    (Agreement::Stated, "BABABA"),
    (Agreement::NotStated, "F6E8C3"),
    (Agreement::Unknown, "FFFFFF"),
];

/// An item's sub-sections in the CEPT brief's order; a title not listed comes after these,
/// before the line.
const ORDER: [&str; 21] = [
    "Background",
    "Lead",
    "Position",
    "Our own position",
    "Where we differ from our groups",
    "Where our groups pull apart",
    "Compromises acceptable to us",
    "Reservations",
    "Views from other regions and sources",
    "Proposal references",
    "Red lines drawn by others",
    "Groups that want another option (no red line against what we accept)",
    "Member states outside our groups with our first choice",
    "Allies",
    "Cross-pressured member states to approach",
    "Candidate deals",
    "CPM methods",
    "Views of organisations (no vote, not counted)",
    "Further consideration",
    "Simulated outcome",
    "Line",
];

/// `value` as XML 1.0 may hold it: line breaks and tabs become spaces, and the control
/// characters and non-characters XML 1.0 forbids are dropped (docx-rs escapes the rest).
pub(crate) fn clean(value: &str) -> String {
    value
        .chars()
        .filter_map(|c| match c {
            '\n' | '\r' | '\t' => Some(' '),
            '\u{0}'..='\u{1f}' | '\u{fffe}' | '\u{ffff}' => None,
            c => Some(c),
        })
        .collect()
}

/// A run of `text`, cleaned.
fn run(text: &str) -> Run {
    Run::new().add_text(clean(text))
}

/// A paragraph of one run.
fn para(text: &str) -> Paragraph {
    Paragraph::new().add_run(run(text))
}

/// A heading paragraph at `level` (1-3), in the style `Heading{level}`.
fn heading(level: usize, text: &str) -> Paragraph {
    para(text).style(&format!("Heading{level}")).keep_next(true)
}

/// The marking, bold red.
fn marking_paragraph(line: &str) -> Paragraph {
    Paragraph::new()
        .add_run(run(line).bold().color(RED))
        .align(AlignmentType::Center)
}

/// A titled list: a Heading 3 and one bullet per line (nothing when empty).
fn list(mut docx: Docx, title: &str, lines: &[String]) -> Docx {
    if lines.is_empty() {
        return docx;
    }
    docx = docx.add_paragraph(heading(3, title));
    for line in lines {
        docx = docx
            .add_paragraph(para(line).numbering(NumberingId::new(BULLETS), IndentLevel::new(0)));
    }
    docx
}

/// A table cell of one paragraph, in 9 pt.
fn cell(text: &str, width: usize) -> TableCell {
    TableCell::new()
        .add_paragraph(Paragraph::new().add_run(run(text).size(TABLE_SIZE)))
        .width(width, WidthType::Dxa)
}

/// A bordered table in the `TableGrid` style: a shaded bold header row, then `rows`; `widths`
/// in twips, one per column.
fn table(header: &[&str], rows: Vec<TableRow>, widths: &[usize]) -> Table {
    let head = TableRow::new(
        header
            .iter()
            .zip(widths)
            .map(|(title, width)| {
                TableCell::new()
                    .add_paragraph(Paragraph::new().add_run(run(title).bold().size(TABLE_SIZE)))
                    .width(*width, WidthType::Dxa)
                    .shading(Shading::new().shd_type(ShdType::Clear).fill(HEADER_FILL))
            })
            .collect(),
    )
    .cant_split();
    Table::new(std::iter::once(head).chain(rows).collect())
        .style("TableGrid")
        .set_grid(widths.to_vec())
        .width(TEXT_WIDTH, WidthType::Dxa)
}

/// Column widths summing to the text width: the given fractions (in percent) of it.
fn widths(percent: &[usize]) -> Vec<usize> {
    percent.iter().map(|p| TEXT_WIDTH * p / 100).collect()
}

/// The styles: Normal's font and size, Heading 1-3 with their outline levels, the bordered
/// table style.
fn styles(docx: Docx) -> Docx {
    let heading = |level: usize, size: usize, before: u32| {
        Style::new(format!("Heading{level}"), StyleType::Paragraph)
            .name(format!("heading {level}"))
            .based_on("Normal")
            .next("Normal")
            .q_format(true)
            .size(size)
            .bold()
            .color("1F3864")
            .line_spacing(LineSpacing::new().before(before).after(80))
            .outline_lvl(level - 1)
    };
    let border = |position| {
        docx_rs::TableBorder::new(position)
            .size(4)
            .color("808080")
            .border_type(docx_rs::BorderType::Single)
    };
    let mut grid = docx_rs::TableBorders::new();
    for position in [
        docx_rs::TableBorderPosition::Top,
        docx_rs::TableBorderPosition::Left,
        docx_rs::TableBorderPosition::Bottom,
        docx_rs::TableBorderPosition::Right,
        docx_rs::TableBorderPosition::InsideH,
        docx_rs::TableBorderPosition::InsideV,
    ] {
        grid = grid.set(border(position));
    }
    docx.default_fonts(
        RunFonts::new()
            .ascii("Arial")
            .hi_ansi("Arial")
            .cs("Arial")
            .east_asia("Arial"),
    )
    .default_size(20)
    .default_line_spacing(LineSpacing::new().after(60))
    .add_style(heading(1, 32, 120))
    .add_style(heading(2, 26, 320))
    .add_style(heading(3, 21, 160))
    .add_style(
        Style::new("TableGrid", StyleType::Table)
            .name("Table Grid")
            .set_borders(grid),
    )
}

/// A4 with 2 cm margins, the marking in the page header, "page N of M" in the footer, and the
/// bullet list's numbering.
fn page(docx: Docx, marking: Option<&str>) -> Docx {
    let mut docx = docx
        .page_size(A4.0, A4.1)
        .page_margin(
            PageMargin::new()
                .top(MARGIN)
                .bottom(MARGIN)
                .left(MARGIN)
                .right(MARGIN)
                .header(567)
                .footer(567),
        )
        .footer(
            Footer::new().add_paragraph(
                Paragraph::new()
                    .align(AlignmentType::Center)
                    .add_run(run("page "))
                    .add_page_num(PageNum::new())
                    .add_run(run(" of "))
                    .add_num_pages(NumPages::new())
                    .size(16),
            ),
        )
        .add_abstract_numbering(
            AbstractNumbering::new(BULLETS).add_level(
                Level::new(
                    0,
                    Start::new(1),
                    NumberFormat::new("bullet"),
                    LevelText::new("•"),
                    LevelJc::new("left"),
                )
                .indent(
                    Some(360),
                    Some(SpecialIndentType::Hanging(240)),
                    None,
                    None,
                ),
            ),
        )
        .add_numbering(Numbering::new(BULLETS, BULLETS));
    if let Some(line) = marking {
        docx = docx.header(Header::new().add_paragraph(marking_paragraph(line)));
    }
    docx
}

/// The brief as a Word document: `marking` (the audience line, when the brief holds
/// confidential parts) in every page header and as the first paragraph.
///
/// # Panics
///
/// Never in practice: the document is written into memory.
pub fn render(brief: &Brief, marking: Option<&str>) -> Vec<u8> {
    let mut docx = page(styles(Docx::new()), marking);
    if let Some(line) = marking {
        docx = docx.add_paragraph(marking_paragraph(line));
    }
    docx = docx
        .add_paragraph(heading(1, &format!("Brief for {}", brief.reader.label())))
        .add_paragraph(para(&brief.meta_line(str::to_owned)).italic());
    docx = calendar(docx, brief);
    docx = summary(docx, brief);
    for item in &brief.items {
        docx = item_section(docx, item);
    }
    let mut out = std::io::Cursor::new(Vec::new());
    docx.build()
        .pack(&mut out)
        .expect("writing a document into memory cannot fail");
    out.into_inner()
}

/// The calendar: the deadline, the stages as a table, and what comes next for our groups.
fn calendar(mut docx: Docx, brief: &Brief) -> Docx {
    use crate::report::progress::{CALENDAR_HEADER, calendar_rows};
    let calendar = &brief.calendar;
    docx = docx
        .add_paragraph(heading(2, "Calendar"))
        .add_paragraph(para(&words::calendar_opening(calendar)));
    if calendar.stages.is_empty() {
        docx = docx.add_paragraph(para("The scenario lists no stages."));
    } else {
        let widths = widths(&[24, 15, 13, 20, 14, 14]);
        let rows = calendar_rows(calendar)
            .iter()
            .map(|row| {
                TableRow::new(
                    row.iter()
                        .zip(&widths)
                        .map(|(text, width)| cell(text, *width))
                        .collect(),
                )
            })
            .collect();
        docx = docx.add_table(table(&CALENDAR_HEADER, rows, &widths));
    }
    let next: Vec<String> = brief.next.iter().map(words::next_sentence).collect();
    list(docx, "Next for our groups", &next)
}

/// The summary: what is known, the summary table, the lists, and the items × groups table.
fn summary(mut docx: Docx, brief: &Brief) -> Docx {
    docx = docx.add_paragraph(heading(2, "Summary")).add_paragraph(
        Paragraph::new()
            .add_run(run("Known: ").bold())
            .add_run(run(&brief.known.sentence())),
    );
    let widths = widths(&[16, 14, 27, 13, 10, 20]);
    let rows = brief
        .summary
        .iter()
        .map(|row| {
            let texts = [
                row.id.as_str().to_owned(),
                row.status_note(),
                format!(
                    "{}{}",
                    row.our_position.sentence(),
                    if row.isolated { " (isolated)" } else { "" }
                ),
                row.maturity.sentence(),
                words::percent(row.p_line),
                row.line.label(),
            ];
            TableRow::new(
                texts
                    .iter()
                    .zip(&widths)
                    .map(|(text, width)| cell(text, *width))
                    .collect(),
            )
        })
        .collect();
    docx = docx.add_table(table(
        &[
            "item",
            "status",
            "our position",
            "maturity",
            "P(our line prevails)",
            "line",
        ],
        rows,
        &widths,
    ));
    for (title, lines) in brief.lists() {
        docx = list(docx, title, &lines);
    }
    comparison(docx, brief)
}

/// Items × groups: every group's cell on every item, shaded by its agreement with us, with the
/// legend.
fn comparison(mut docx: Docx, brief: &Brief) -> Docx {
    docx = docx.add_paragraph(heading(3, "Where every group stands, against our line"));
    let mut legend = Paragraph::new();
    for (agreement, colour) in AGREEMENT {
        legend = legend
            .add_run(
                run("\u{2002}\u{2002}")
                    .shading(Shading::new().shd_type(ShdType::Clear).fill(colour)),
            )
            .add_run(run(&format!(" {}   ", agreement.legend())));
    }
    docx = docx.add_paragraph(legend.size(16));
    let groups = brief.all_groups.len().max(1);
    let label = TEXT_WIDTH / 5;
    let each = (TEXT_WIDTH - label) / groups;
    let mut widths = vec![label];
    widths.extend(std::iter::repeat_n(each, groups));
    let mut header = vec!["item"];
    header.extend(brief.all_groups.iter().map(|g| g.as_str()));
    let rows = brief
        .heatmap
        .iter()
        .map(|row| {
            let mut cells = vec![cell(row.item.as_str(), label)];
            cells.extend(row.cells.iter().map(|(agreement, group_cell)| {
                let fill = AGREEMENT
                    .iter()
                    .find(|(class, _)| class == agreement)
                    .map_or("FFFFFF", |(_, colour)| colour);
                let text = run(&cell_label(group_cell)).size(16);
                let text = if matches!(agreement, Agreement::Ours | Agreement::Agrees) {
                    text.color("FFFFFF")
                } else {
                    text
                };
                TableCell::new()
                    .add_paragraph(Paragraph::new().add_run(text))
                    .width(each, WidthType::Dxa)
                    .shading(Shading::new().shd_type(ShdType::Clear).fill(fill))
            }));
            TableRow::new(cells)
        })
        .collect();
    docx.add_table(table(&header, rows, &widths))
}

/// An item's titled lists, in the CEPT brief's order (see [`ORDER`]), the views from other
/// regions with their sources among them.
fn ordered_sections(item: &ItemBrief) -> Vec<(&'static str, Vec<String>)> {
    let mut sections = item.sections();
    sections.push((
        "Views from other regions and sources",
        words::each(&item.sources, super::SourcedCell::sentence),
    ));
    sections.sort_by_key(|(title, _)| {
        ORDER
            .iter()
            .position(|listed| listed == title)
            .unwrap_or(ORDER.len() - 1)
    });
    sections
}

/// One item: its heading, its sub-sections in the CEPT brief's order, and the line last.
fn item_section(mut docx: Docx, item: &ItemBrief) -> Docx {
    docx = docx.add_paragraph(heading(
        2,
        &format!(
            "{} — {} ({})",
            item.id.as_str(),
            item.title,
            item.status_note()
        ),
    ));
    for (title, lines) in ordered_sections(item) {
        docx = list(docx, title, &lines);
    }
    docx.add_paragraph(heading(3, "Line")).add_paragraph(
        Paragraph::new()
            .add_run(run(&item.line.label()).bold())
            .add_run(run(&format!(" — {}", item.line.reason.sentence()))),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bundled_brief() -> Brief {
        let scenario = concord_core::load::load_scenario(
            &concord_core::bundled::source(),
            std::path::Path::new(concord_core::bundled::DEFAULT_SCENARIO),
            &concord_core::load::LoadOptions::default(),
        )
        .expect("the bundled scenario loads")
        .scenario;
        let (_, cept, _, _) = crate::brief::test_ids();
        crate::brief::brief(
            &scenario,
            &super::super::Reader::Group(cept),
            (
                &concord_core::analysis::AnalysisConfig::default(),
                &concord_core::focus::Focus::all(),
            ),
            None,
        )
        .expect("CEPT's brief")
    }

    #[test]
    fn clean_drops_what_xml_forbids_and_keeps_the_rest() {
        assert_eq!(clean("a\u{0}b\u{1b}[31mc\u{ffff}"), "ab[31mc");
        assert_eq!(clean("one\ntwo\tthree\r"), "one two three ");
        assert_eq!(clean("<b> & \"é\" — ✓"), "<b> & \"é\" — ✓");
    }

    #[test]
    fn every_section_title_has_its_place_in_the_cept_order() {
        let brief = bundled_brief();
        for item in &brief.items {
            for (title, _) in ordered_sections(item) {
                assert!(ORDER.contains(&title), "{title} is not in ORDER");
            }
        }
    }

    #[test]
    fn the_document_reads_back_with_its_headings_and_marking() {
        let mut brief = bundled_brief();
        brief.items[0].title = "<script>alert(1)</script> & \u{7}bell".into();
        let bytes = render(&brief, Some("CONFIDENTIAL — CEPT: test"));
        assert_eq!(&bytes[..2], b"PK", "a zip archive");
        let docx = docx_rs::read_docx(&bytes).expect("docx-rs reads its own document back");
        let json = docx.json();
        assert!(json.contains("CONFIDENTIAL — CEPT: test"));
        assert!(
            json.contains("<script>alert(1)</script> & bell"),
            "escaped, not dropped"
        );
        assert!(json.contains("Heading2"));
        for item in &brief.items {
            assert!(json.contains(item.id.as_str()));
        }
    }
}

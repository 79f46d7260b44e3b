//! The coordinator's workbook (rust_xlsxwriter): the long and wide layouts and the matrix,
//! contested and status tables, a sheet each, with a frozen bold header, filters, wrapped text,
//! widths to the content, cells coloured by stance, sources as hyperlinks, and the audience
//! marking in every sheet's page header and first row.

use rust_xlsxwriter::{Color, DocProperties, Format, Url, Workbook, Worksheet, XlsxError};

use super::{Tone, Wide};

/// What the workbook holds: every sheet's rows.
pub struct Book<'a> {
    /// The conference, for the document's title.
    pub conference: &'a str,
    /// The long layout's rows (the columns of `COLUMNS`).
    pub long: &'a [Vec<String>],
    /// The comparison table.
    pub wide: &'a Wide,
    /// `matrix --format csv`, `contested --format csv` and `status --format csv` as printed.
    pub tables: [(&'a str, String); 3],
}

/// The workbook as the bytes of an xlsx file; the marking line, when the output is confidential,
/// in every sheet's header. An error: a cell over Excel's limits (32,767 characters).
pub fn xlsx(book: &Book<'_>, marking: Option<&str>) -> Result<Vec<u8>, String> {
    build(book, marking).map_err(|error| error.to_string())
}

fn build(book: &Book<'_>, marking: Option<&str>) -> Result<Vec<u8>, XlsxError> {
    let mut workbook = Workbook::new();
    let title = format!("concord — {}", book.conference);
    let mut properties = DocProperties::new().set_title(&title);
    if let Some(marking) = marking {
        properties = properties.set_subject(marking);
    }
    workbook.set_properties(&properties);
    let header: Vec<(String, Tone)> = concord_core::interop::table::COLUMNS
        .iter()
        .map(|c| ((*c).to_owned(), Tone::Plain))
        .collect();
    let long: Vec<Vec<(String, Tone)>> = book
        .long
        .iter()
        .map(|row| {
            let tone = Tone::of_words(&row[3]);
            row.iter()
                .enumerate()
                .map(|(n, text)| (text.clone(), if n == 3 { tone } else { Tone::Plain }))
                .collect()
        })
        .collect();
    sheet(
        workbook.add_worksheet(),
        "Positions",
        (&header, &long),
        marking,
    )?;
    let wide_header: Vec<(String, Tone)> = book
        .wide
        .header
        .iter()
        .map(|h| (h.clone(), Tone::Plain))
        .collect();
    sheet(
        workbook.add_worksheet(),
        "Comparison",
        (&wide_header, &book.wide.rows),
        marking,
    )?;
    for (name, csv) in &book.tables {
        let mut rows = parse_csv(csv);
        if rows.is_empty() {
            continue;
        }
        let header = rows.remove(0);
        sheet(workbook.add_worksheet(), name, (&header, &rows), marking)?;
    }
    workbook.save_to_buffer()
}

/// A printed CSV table back into cells, each toned by its words.
fn parse_csv(csv: &str) -> Vec<Vec<(String, Tone)>> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(csv.as_bytes());
    reader
        .records()
        .filter_map(Result::ok)
        .map(|record| {
            record
                .iter()
                .map(|field| {
                    // The readers' tables show invisible characters visibly (not `shown`):
                    // only the formula guard comes off.
                    let field = crate::escape::csv::undefuse(field).to_owned();
                    let tone = Tone::of_words(&field);
                    (field, tone)
                })
                .collect()
        })
        .collect()
}

/// A cell's text and its tone.
type Toned = (String, Tone);

fn fill(tone: Tone) -> Option<Color> {
    match tone {
        Tone::Stated => Some(Color::RGB(0xD9_EA_D3)),
        Tone::Words => Some(Color::RGB(0xFF_F2_CC)),
        Tone::NoProposal => Some(Color::RGB(0xE7_E6_E6)),
        Tone::Plain => None,
    }
}

/// One sheet: the marking row when confidential, the header (bold, frozen, filtered), the rows
/// wrapped and toned, sources that are links written as hyperlinks.
fn sheet(
    sheet: &mut Worksheet,
    name: &str,
    (header, rows): (&[Toned], &[Vec<Toned>]),
    marking: Option<&str>,
) -> Result<(), XlsxError> {
    sheet.set_name(name)?;
    sheet.set_paper_size(9); // A4
    sheet.set_landscape();
    let mut first = 0;
    if let Some(marking) = marking {
        sheet.set_header(format!("&C&\"-,Bold\"{}", marking.replace('&', "&&")));
        let red = Format::new()
            .set_bold()
            .set_font_color(Color::RGB(0xB3_00_00));
        sheet.write_string_with_format(0, 0, marking, &red)?;
        first = 1;
    }
    let bold = Format::new()
        .set_bold()
        .set_text_wrap()
        .set_background_color(Color::RGB(0xDD_E4_EE));
    for (col, (text, _)) in header.iter().enumerate() {
        sheet.write_string_with_format(first, col_num(col), text, &bold)?;
    }
    let source_column = header.iter().position(|(h, _)| h == "source");
    for (r, row) in rows.iter().enumerate() {
        let at = first + 1 + u32::try_from(r).unwrap_or(u32::MAX - 2);
        for (col, (text, tone)) in row.iter().enumerate() {
            let mut format = Format::new().set_text_wrap();
            if let Some(color) = fill(*tone) {
                format = format.set_background_color(color);
            }
            match (Some(col) == source_column)
                .then(|| link_in(text))
                .flatten()
            {
                Some(link) => {
                    sheet.write_url_with_format(
                        at,
                        col_num(col),
                        Url::new(link).set_text(text),
                        &format,
                    )?;
                }
                None => {
                    sheet.write_string_with_format(at, col_num(col), text, &format)?;
                }
            }
        }
    }
    let last_col = col_num(header.len().saturating_sub(1));
    let last_row = first + u32::try_from(rows.len()).unwrap_or(u32::MAX - 2);
    sheet.set_freeze_panes(first + 1, 0)?;
    sheet.autofilter(first, 0, last_row, last_col)?;
    for (col, (title, _)) in header.iter().enumerate() {
        let widest = std::iter::once(title)
            .chain(rows.iter().filter_map(|row| row.get(col).map(|(t, _)| t)))
            .map(|text| text.lines().map(|l| l.chars().count()).max().unwrap_or(0))
            .max()
            .unwrap_or(8);
        let width = u32::try_from(widest.clamp(6, 60)).unwrap_or(60) + 2;
        sheet.set_column_width(col_num(col), width)?;
    }
    Ok(())
}

fn col_num(col: usize) -> u16 {
    u16::try_from(col).unwrap_or(u16::MAX)
}

/// The first `http(s)://` address in a source's words, when there is one.
fn link_in(text: &str) -> Option<&str> {
    let start = text.find("https://").or_else(|| text.find("http://"))?;
    let rest = &text[start..];
    let end = rest
        .find(|c: char| c.is_whitespace() || matches!(c, ')' | ']' | '>' | '"' | ',' | ';'))
        .unwrap_or(rest.len());
    let link = rest[..end].trim_end_matches(['.', ':']);
    (link.len() > "https://".len()).then_some(link)
}

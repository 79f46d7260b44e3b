//! The brief as one self-contained HTML file: inline CSS and SVG, no scripts, no external
//! assets, A4 print styles. Every string from the data goes through [`esc`].

use std::fmt::Write;

use super::words;
use super::{Agreement, Brief, ItemBrief};
use crate::report::view::{cell_label, number};

/// Escapes text for HTML element content and attribute values ([`crate::escape::html::text`],
/// the one HTML escaper).
pub(crate) fn esc(value: &str) -> String {
    crate::escape::html::text(value)
}

/// The heat map's classes, by agreement with the reader, in the legend's order, with their
/// colours (colour-blind safe: blue, green, light green, red-orange, grey, sand, white).
const AGREEMENT: [(Agreement, &str); 7] = [
    (Agreement::Ours, "#2166ac"),
    (Agreement::Agrees, "#1b7837"),
    (Agreement::Compatible, "#a6dba0"),
    (Agreement::Conflicts, "#d6604d"),
    (Agreement::Stated, "#bababa"),
    (Agreement::NotStated, "#f6e8c3"),
    (Agreement::Unknown, "#ffffff"),
];

fn colour(agreement: Agreement) -> &'static str {
    AGREEMENT
        .iter()
        .find(|(class, _)| *class == agreement)
        .map_or("#ffffff", |(_, colour)| colour)
}

const STYLE: &str = "body{font-family:Helvetica,Arial,sans-serif;font-size:10.5pt;margin:1.5cm;color:#222}\
h1{font-size:17pt;margin:0 0 .2em}h2{font-size:13pt;border-bottom:1px solid #ccc;margin-top:1.4em}\
table{border-collapse:collapse;width:100%;margin:.5em 0}td,th{border:1px solid #ccc;padding:3px 5px;text-align:left;vertical-align:top}\
th{background:#f3f3f3}tr.next td{font-weight:bold}.meta{color:#555}.isolated{color:#d7191c;font-weight:bold}ul{margin:.2em 0 .6em 1.2em;padding:0}\
.legend span{display:inline-block;width:.9em;height:.9em;margin:0 .3em 0 .8em;vertical-align:middle}\
@page{size:A4;margin:1.5cm}@media print{body{margin:0}h2{page-break-after:avoid}section{page-break-inside:avoid}}";

fn list(out: &mut String, title: &str, lines: &[String]) {
    if lines.is_empty() {
        return;
    }
    let _ = write!(out, "<h3>{}</h3><ul>", esc(title));
    for line in lines {
        let _ = write!(out, "<li>{}</li>", esc(line));
    }
    out.push_str("</ul>");
}

/// The heat map, sized to fit the printable width of A4 (17 cm ≈ 640 px) with labels of at
/// least 12 px (9 pt) and a grey frame around every cell, so a white cell still prints.
fn heatmap(brief: &Brief) -> String {
    let (cell_h, label_w, top) = (20.0, 170.0, 24.0);
    let cell_w = ((640.0 - label_w) / brief.all_groups.len().max(1) as f64).min(80.0);
    let width = label_w + cell_w * brief.all_groups.len() as f64;
    let height = top + cell_h * brief.heatmap.len() as f64;
    let mut svg = format!(
        "<svg id=\"heatmap\" xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\" style=\"max-width:100%;height:auto\" role=\"img\"><title>Items by groups, coloured by agreement with us</title>"
    );
    for (g, group) in brief.all_groups.iter().enumerate() {
        let _ = write!(
            svg,
            "<text x=\"{}\" y=\"16\" font-size=\"12\" font-weight=\"bold\" text-anchor=\"middle\">{}</text>",
            label_w + cell_w * (g as f64 + 0.5),
            esc(group.as_str())
        );
    }
    for (row, super::HeatRow { item, cells }) in brief.heatmap.iter().enumerate() {
        let y = top + cell_h * row as f64;
        let _ = write!(
            svg,
            "<text x=\"0\" y=\"{}\" font-size=\"12\">{}</text>",
            y + 14.0,
            esc(item.as_str())
        );
        for (g, (agreement, cell)) in cells.iter().enumerate() {
            let class = agreement.class();
            let _ = write!(
                svg,
                "<rect class=\"{class}\" x=\"{}\" y=\"{y}\" width=\"{}\" height=\"{}\" fill=\"{}\" stroke=\"#999\"><title>{}: {}</title></rect>",
                label_w + cell_w * g as f64,
                cell_w - 1.0,
                cell_h - 1.0,
                colour(*agreement),
                esc(brief.all_groups[g].as_str()),
                esc(&cell_label(cell))
            );
        }
    }
    svg.push_str("</svg>");
    svg
}

fn network(brief: &Brief) -> String {
    let (size, radius) = (320.0, 120.0);
    let n = brief.all_groups.len().max(1) as f64;
    let at = |index: usize| {
        let angle = std::f64::consts::TAU * index as f64 / n - std::f64::consts::FRAC_PI_2;
        (
            size / 2.0 + radius * angle.cos(),
            size / 2.0 + radius * angle.sin(),
        )
    };
    let index = |group: &super::GroupId| {
        brief
            .all_groups
            .iter()
            .position(|g| g == group)
            .unwrap_or(0)
    };
    let mut svg = format!(
        "<svg id=\"network\" xmlns=\"http://www.w3.org/2000/svg\" width=\"{size}\" height=\"{size}\" role=\"img\"><title>Groups, with edges weighted by the items they conflict on</title>"
    );
    for super::Conflict { a, b, items: n } in &brief.network {
        if *n == 0 {
            continue;
        }
        let ((x1, y1), (x2, y2)) = (at(index(a)), at(index(b)));
        let _ = write!(
            svg,
            "<line x1=\"{x1:.1}\" y1=\"{y1:.1}\" x2=\"{x2:.1}\" y2=\"{y2:.1}\" stroke=\"#d7191c\" stroke-width=\"{}\" stroke-opacity=\"0.7\"><title>{} × {}: {n} conflicting item(s)</title></line>",
            1.5 + 2.0 * *n as f64,
            esc(a.as_str()),
            esc(b.as_str())
        );
    }
    for (i, group) in brief.all_groups.iter().enumerate() {
        let (x, y) = at(i);
        let ours = brief.groups.contains(group);
        let _ = write!(
            svg,
            "<circle cx=\"{x:.1}\" cy=\"{y:.1}\" r=\"22\" fill=\"{}\" stroke=\"#333\"/><text x=\"{x:.1}\" y=\"{:.1}\" font-size=\"11\" text-anchor=\"middle\">{}</text>",
            if ours { "#cfe2f3" } else { "#fff" },
            y + 4.0,
            esc(group.as_str())
        );
    }
    svg.push_str("</svg>");
    svg
}

fn bars(brief: &Brief) -> String {
    let rows: Vec<(&str, f64)> = brief
        .summary
        .iter()
        .filter_map(|r| Some((r.id.as_str(), r.p_adopted?)))
        .collect();
    if rows.is_empty() {
        return String::new();
    }
    let (label_w, bar_w, row_h) = (150.0, 300.0, 18.0);
    let mut svg = format!(
        "<svg id=\"bars\" xmlns=\"http://www.w3.org/2000/svg\" width=\"{}\" height=\"{}\" role=\"img\"><title>P(adopted or voted)</title>",
        label_w + bar_w + 50.0,
        row_h * rows.len() as f64
    );
    for (i, (id, p)) in rows.iter().enumerate() {
        let y = row_h * i as f64;
        let _ = write!(
            svg,
            "<text x=\"0\" y=\"{}\" font-size=\"10\">{}</text><rect x=\"{label_w}\" y=\"{}\" width=\"{:.1}\" height=\"{}\" fill=\"#2166ac\"/><text x=\"{:.1}\" y=\"{}\" font-size=\"10\">{}%</text>",
            y + 13.0,
            esc(id),
            y + 3.0,
            bar_w * p,
            row_h - 6.0,
            label_w + bar_w * p + 4.0,
            y + 13.0,
            number(p * 100.0)
        );
    }
    svg.push_str("</svg>");
    svg
}

/// The calendar section (`#calendar`): the deadline, the stages and what comes next for us.
fn calendar(out: &mut String, brief: &Brief) {
    use crate::progress::When;
    use crate::report::progress::{CALENDAR_HEADER, calendar_rows};
    let calendar = &brief.calendar;
    let _ = write!(
        out,
        "<section id=\"calendar\"><h2>Calendar</h2><p>{}</p>",
        esc(&words::calendar_opening(calendar))
    );
    if !calendar.stages.is_empty() {
        out.push_str("<table><tr>");
        for header in CALENDAR_HEADER {
            let _ = write!(out, "<th>{header}</th>");
        }
        out.push_str("</tr>");
        for (stage, row) in calendar.stages.iter().zip(calendar_rows(calendar)) {
            let class = if stage.when == When::Next {
                " class=\"next\""
            } else {
                ""
            };
            let _ = write!(out, "<tr{class}>");
            for cell in row {
                let _ = write!(out, "<td>{}</td>", esc(&cell));
            }
            out.push_str("</tr>");
        }
        out.push_str("</table>");
    }
    let next: Vec<String> = brief.next.iter().map(words::next_sentence).collect();
    list(out, "Next for our groups", &next);
    out.push_str("</section>");
}

/// The brief as one self-contained HTML page (inline CSS and SVG, no scripts; every string escaped).
pub fn render(brief: &Brief) -> String {
    let mut out = String::new();
    head(&mut out, brief);
    calendar(&mut out, brief);
    summary_table(&mut out, brief);
    for (title, lines) in brief.lists() {
        list(&mut out, title, &lines);
    }
    charts(&mut out, brief);
    out.push_str("</section>");
    for item in &brief.items {
        item_section(&mut out, item);
    }
    out.push_str("</body></html>\n");
    out
}

/// The document's head (title and inline CSS) and the brief's heading with its meta line.
fn head(out: &mut String, brief: &Brief) {
    let _ = write!(
        out,
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Brief for {}</title><style>{STYLE}</style></head><body>",
        esc(&brief.reader.label())
    );
    let _ = write!(
        out,
        "<h1>Brief for {}</h1><p class=\"meta\">{}</p>",
        esc(&brief.reader.label()),
        brief.meta_line(esc)
    );
}

/// The summary section's opening: what is known, then one table row per item.
fn summary_table(out: &mut String, brief: &Brief) {
    let _ = write!(
        out,
        "<section><h2>Summary</h2><p><strong>Known:</strong> {}</p>",
        esc(&brief.known.sentence())
    );
    out.push_str("<table><tr><th>item</th><th>status</th><th>our position</th><th>maturity</th><th>P(our line prevails)</th><th>line</th></tr>");
    for row in &brief.summary {
        let _ = write!(
            out,
            "<tr><td>{}</td><td>{}</td><td>{}{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            esc(row.id.as_str()),
            esc(&row.status_note()),
            esc(&row.our_position.sentence()),
            if row.isolated {
                " <span class=\"isolated\">isolated</span>"
            } else {
                ""
            },
            esc(&row.maturity.sentence()),
            words::percent(row.p_line),
            esc(&row.line.label())
        );
    }
    out.push_str("</table>");
}

/// The summary's charts: the heat map with its legend, the conflict network and the simulated bars.
fn charts(out: &mut String, brief: &Brief) {
    out.push_str("<h3>Where every group stands, against our line</h3><p class=\"legend\">");
    for (agreement, colour) in AGREEMENT {
        let label = agreement.legend();
        let _ = write!(
            out,
            "<span style=\"background:{colour};border:1px solid #999\"></span>{label}"
        );
    }
    out.push_str("</p>");
    out.push_str(&heatmap(brief));
    out.push_str("<h3>Conflicts between groups</h3>");
    out.push_str(&network(brief));
    let bars = bars(brief);
    if !bars.is_empty() {
        out.push_str("<h3>Simulated P(adopted or voted)</h3>");
        out.push_str(&bars);
    }
}

/// One item's section: its heading, its lists, the line and the views from other sources.
fn item_section(out: &mut String, item: &ItemBrief) {
    let _ = write!(
        out,
        "<section><h2>{} — {} ({})</h2>",
        esc(item.id.as_str()),
        esc(&item.title),
        esc(&item.status_note())
    );
    for (title, lines) in item.sections() {
        list(out, title, &lines);
    }
    let _ = write!(
        out,
        "<p><strong>Line: {}</strong> — {}</p>",
        esc(&item.line.label()),
        esc(&item.line.reason.sentence())
    );
    let sources = words::each(&item.sources, super::SourcedCell::sentence);
    list(out, "Views from other regions and sources", &sources);
    out.push_str("</section>");
}

#[cfg(test)]
mod tests {
    use super::esc;

    #[test]
    fn escapes_markup_and_quotes() {
        assert_eq!(
            esc("<script>alert(1)</script>"),
            "&lt;script&gt;alert(1)&lt;/script&gt;"
        );
        assert_eq!(esc("a & \"b\" 'c'"), "a &amp; &quot;b&quot; &#39;c&#39;");
    }
}

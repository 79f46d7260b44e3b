//! Markdown, paste-ready into a brief. Every user string goes through `cell` or `text`.

use std::fmt::Write;

use super::Summary;
use super::summary_words::{CELL_COLUMNS, cell_columns};
use super::view::{ContestedView, MatrixView, ReportView};
use super::view_words::{self as words, MARKS_LEGEND, blocs_table};
pub(crate) use crate::escape::markdown::text;
use crate::escape::markdown::{cell, cell_pipes_only};
use crate::escape::number::number;
use concord_core::analysis::Blocs;

/// A table: header and cells through [`cell`].
pub(crate) fn table(out: &mut String, header: &[String], rows: &[Vec<String>]) {
    let _ = writeln!(
        out,
        "| {} |",
        header
            .iter()
            .map(|h| cell(h))
            .collect::<Vec<_>>()
            .join(" | ")
    );
    let _ = writeln!(out, "|{}|", vec!["---"; header.len()].join("|"));
    for row in rows {
        let _ = writeln!(
            out,
            "| {} |",
            row.iter().map(|c| cell(c)).collect::<Vec<_>>().join(" | ")
        );
    }
}

/// A table of `simulate`, `backtest`, `compare`, `sweep` or `sensitivity`: the header (fixed
/// words) as it is, the cells through [`cell_pipes_only`], which these tables have always used
/// rather than [`cell`] (see there).
pub(crate) fn table_pipes_only(header: &[&str], rows: &[Vec<String>]) -> String {
    let mut out = format!(
        "| {} |\n|{}|\n",
        header.join(" | "),
        vec!["---"; header.len()].join("|")
    );
    for row in rows {
        let cells: Vec<String> = row.iter().map(|c| cell_pipes_only(c)).collect();
        let _ = writeln!(out, "| {} |", cells.join(" | "));
    }
    out
}

fn summary(out: &mut String, summary: &Summary) {
    let _ = writeln!(
        out,
        "# {} — {}\n\n{}, {} to {}; as of {}{}\n",
        text(&summary.conference),
        text(&summary.name),
        text(&summary.venue),
        summary.dates.0,
        summary.dates.1,
        summary.as_of,
        summary
            .next
            .as_ref()
            .map(|next| format!("; next conference {}", text(next)))
            .unwrap_or_default()
    );
    let header: Vec<String> = ["group", "members"]
        .into_iter()
        .chain(CELL_COLUMNS)
        .map(str::to_owned)
        .collect();
    let row = |label: String, members: String, c: &super::summary::CellCounts| {
        let mut row = vec![label, members];
        row.extend(cell_columns(c).map(|n| n.to_string()));
        row
    };
    let mut rows: Vec<Vec<String>> = summary
        .groups
        .iter()
        .map(|group| row(group.id.to_string(), group.active.to_string(), &group.cells))
        .collect();
    rows.push(row("total".into(), String::new(), &summary.cells));
    table(out, &header, &rows);
    out.push('\n');
    if summary.cells.not_coded > 0 {
        let _ = writeln!(
            out,
            "{}\n",
            super::summary_words::not_coded_line(summary.cells.not_coded).trim()
        );
    }
}

/// `concord report` as Markdown: the summary, the status counts, then each item.
pub fn report(view: &ReportView) -> String {
    let mut out = String::new();
    summary(&mut out, &view.summary);
    if let Some(focus) = &view.focus {
        let _ = writeln!(out, "*{}*\n", text(focus));
    }
    let _ = writeln!(
        out,
        "**Status:** {}\n",
        words::status_counts_line(&view.counts)
    );
    let _ = writeln!(out, "**Known:** {}\n", view.known.sentence());
    if !view.at_risk.is_empty() {
        let _ = writeln!(out, "**At risk of carry-forward:**\n");
        for (item, reason) in &view.at_risk {
            let _ = writeln!(out, "- {}", text(&words::at_risk_line(item, reason)));
        }
        out.push('\n');
    }
    // Items render independently: in parallel, a chunk at a time, joined in order.
    for chunk in view.items.chunks(256) {
        for item in concord_core::parallel::map(chunk, item_markdown) {
            out.push_str(&item);
        }
    }
    out
}

/// One item of the report as Markdown: its heading, its options table, then its bullets.
fn item_markdown(item: &super::view::ItemView) -> String {
    let mut out = String::new();
    if let Some(parent) = item.parent.as_ref().filter(|parent| parent.first) {
        let _ = writeln!(out, "## {}\n", text(&parent.heading()));
    }
    let _ = writeln!(
        out,
        "{} {} — {} ({})\n",
        if item.parent.is_some() { "###" } else { "##" },
        text(item.id.as_str()),
        text(&item.title),
        words::status_words(item.status, item.stated, item.known.1)
    );
    if let Some(document) = &item.document {
        let _ = writeln!(
            out,
            "*{}*\n",
            text(&crate::escape::text::one_line(document))
        );
    }
    if !item.options.is_empty() {
        options_table(&mut out, item);
    }
    for (label, value) in item_bullets(item) {
        let _ = writeln!(out, "- **{label}:** {}", text(&value));
    }
    out.push('\n');
    out
}

/// The options of an item as a Markdown table: who prefers, accepts and opposes each one.
fn options_table(out: &mut String, item: &super::view::ItemView) {
    let header: Vec<String> = [
        "option",
        "action",
        "W",
        "preferred by",
        "accepted by",
        "opposed by",
    ]
    .iter()
    .map(|h| (*h).to_owned())
    .collect();
    let rows: Vec<Vec<String>> = item
        .options
        .iter()
        .map(|option| {
            let status_quo = if option.status_quo {
                " (status quo)"
            } else {
                ""
            };
            let [prefers, accepts, mut opposes] = words::option_groups(option);
            let reach = words::option_reach(option)
                .map(|reach| format!(" ({reach})"))
                .unwrap_or_default();
            if let Some(outside) = words::option_outside(option) {
                opposes = [opposes, outside]
                    .into_iter()
                    .filter(|part| !part.is_empty())
                    .collect::<Vec<_>>()
                    .join("; ");
            }
            vec![
                format!("`{}` {}{status_quo}{reach}", option.id, option.label),
                words::option_action(option).unwrap_or_default(),
                option.weight.map(number).unwrap_or_default(),
                prefers,
                accepts,
                opposes,
            ]
        })
        .collect();
    table(out, &header, &rows);
    out.push('\n');
}

/// The bullets of an item as (label, value), in the order the report lists them.
fn item_bullets(item: &super::view::ItemView) -> Vec<(String, String)> {
    let mut bullets: Vec<(String, String)> = vec![("Known".into(), words::known(item.known))];
    for position in &item.scale_positions {
        bullets.push(("Position".into(), words::scale_position(position)));
    }
    bullets.push((
        "Compromise".into(),
        words::compromise(&item.compromise, &item.compromise_conditions),
    ));
    if item.conflicts.is_empty() {
        bullets.push(("Conflicts".into(), "none".into()));
    }
    for conflict in &item.conflicts {
        bullets.push(("Conflict".into(), words::conflict(conflict)));
    }
    if item.more_conflicts > 0 {
        bullets.push((
            "Conflict".into(),
            super::text::more_conflicts(item.more_conflicts),
        ));
    }
    bullets.push((
        "Contention".into(),
        words::item_contention(item.contention, item.status, "n/a"),
    ));
    if let Some(coalition) = &item.largest_coalition {
        bullets.push(("Largest coalition".into(), words::coalition(coalition)));
    }
    if let Some(blocking) = &item.blocking {
        bullets.push(("Blocking set".into(), words::blocking(blocking)));
    }
    if !item.cross_pressured.is_empty() {
        bullets.push((
            "Cross-pressured".into(),
            words::cross_pressured(&item.cross_pressured, item.cross_pressured_more),
        ));
    }
    bullets.push((
        "Carry-forward risk".into(),
        item.at_risk
            .as_ref()
            .map_or_else(|| "no".into(), words::risk),
    ));
    for (kind, groups) in &item.not_stated {
        let mut kind = kind.label().to_owned();
        kind[..1].make_ascii_uppercase();
        bullets.push((kind, words::not_stated_groups(groups)));
    }
    for note in &item.adoption {
        bullets.push(("Regional adoption".into(), super::adoption::note(note)));
    }
    for consensus in &item.consensus {
        bullets.push(("Group-aware consensus".into(), words::consensus(consensus)));
    }
    for state in &item.member_states {
        bullets.push(("Member state".into(), words::member_state(state)));
    }
    for view in &item.organisations {
        bullets.push(("Organisation".into(), words::organisation_view(view)));
    }
    for (label, line) in words::group_words_lines(&item.words) {
        let mut label = label.to_owned();
        label[..1].make_ascii_uppercase();
        bullets.push((label, line));
    }
    if let Some(outcome) = &item.recorded_outcome {
        bullets.push(("Recorded outcome".into(), words::outcome_label(outcome)));
    }
    bullets
}

/// `concord matrix` as a Markdown table, with the legend of provenance marks.
pub fn matrix(view: &MatrixView) -> String {
    let (header, mut rows) = words::matrix_table(view);
    // A cell with words of its own (a condition on its preferred option, text, a note) is marked
    // `*`; the words are beneath the table.
    for (row, (item, _, _)) in rows.iter_mut().zip(&view.rows) {
        if let Some((_, groups)) = view.words.iter().find(|(id, _)| id == item) {
            // The item, status and known columns come first.
            for (cell, group) in row.iter_mut().skip(3).zip(&view.groups) {
                if groups.iter().any(|w| &w.group == group) {
                    cell.push_str(" *");
                }
            }
        }
    }
    let mut out = String::new();
    table(&mut out, &header, &rows);
    let _ = writeln!(out, "\n{}", text(MARKS_LEGEND));
    if !view.words.is_empty() {
        let _ = writeln!(out, "\n**Their own words** (the cells marked \\*):\n");
        for (item, groups) in &view.words {
            for (label, line) in words::group_words_lines(groups) {
                let _ = writeln!(out, "- {} — {label}: {}", text(item.as_str()), text(&line));
            }
        }
    }
    out
}

/// `concord contested` as a Markdown table, highest contention first.
pub fn contested(view: &ContestedView) -> String {
    let header: Vec<String> = [
        "rank",
        "item",
        "status",
        "known",
        "contention",
        "what divides whom",
        "blocking set",
    ]
    .iter()
    .map(|h| (*h).to_owned())
    .collect();
    let rows: Vec<Vec<String>> = view
        .rows
        .iter()
        .enumerate()
        .map(|(rank, row)| {
            vec![
                (rank + 1).to_string(),
                format!("{} — {}", row.id, row.title),
                row.standing.words(),
                row.standing.known_column(),
                words::contention_label(row.contention),
                shown_conflicts(&words::conflicts(&row.conflicts), row.more_conflicts),
                row.blocking
                    .as_deref()
                    .map(words::blocking)
                    .unwrap_or_default(),
            ]
        })
        .collect();
    let mut out = String::new();
    table(&mut out, &header, &rows);
    out
}

/// `concord blocs` as Markdown: the agreement matrix, then the blocs.
pub fn blocs(blocs: &Blocs) -> String {
    let mut out = String::new();
    if let Some(line) = super::text::matrix_too_wide(blocs) {
        out.push_str(&text(&line));
    } else {
        let (header, rows) = blocs_table(blocs);
        table(&mut out, &header, &rows);
    }
    let _ = writeln!(
        out,
        "\n**Blocs at agreement ≥ {}:**\n",
        number(blocs.threshold)
    );
    for bloc in &blocs.blocs {
        let names: Vec<&str> = bloc.iter().map(|g| g.as_str()).collect();
        let _ = writeln!(out, "- {}", names.join(", "));
    }
    out
}

/// `concord diff` as Markdown, one section per kind of change.
pub fn diff(diff: &concord_core::analysis::Diff) -> String {
    let mut out = String::new();
    let sections = super::text::diff_sections(diff);
    if sections.iter().all(|(_, lines)| lines.is_empty()) {
        out.push_str("No changes.\n");
        return out;
    }
    for (title, lines) in sections {
        if lines.is_empty() {
            continue;
        }
        let mut title = title.to_owned();
        title[..1].make_ascii_uppercase();
        let _ = writeln!(out, "## {title}\n");
        for line in lines {
            let _ = writeln!(out, "- {}", text(&line));
        }
        out.push('\n');
    }
    out
}

/// A contested row's conflicts in one table cell, with the count of those not listed.
fn shown_conflicts(conflicts: &[String], more: usize) -> String {
    let mut shown = conflicts.join("; ");
    if more > 0 {
        shown.push_str("; ");
        shown.push_str(&super::text::more_conflicts(more));
    }
    shown
}

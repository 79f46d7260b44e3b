//! Plain-text rendering for the terminal.

use std::collections::BTreeMap;
use std::fmt::Write;

use super::Summary;
use super::style::Paint;
use super::summary::CellCounts;
use super::summary_words::{CELL_COLUMNS, cell_columns, rule};
use super::view::{ContestedView, ItemView, MatrixView, ReportView, cell_label, number};
use super::view_words::{self as words, MARKS_LEGEND, blocs_table};
use concord_core::analysis::{Blocs, Diff};

/// The summary as text: the conference, groups and memberships, dual members, items, stages and the
/// provenance table of the cells.
pub fn summary(summary: &Summary) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{} — {}, {}, {} to {} (as of {})",
        summary.conference,
        summary.name,
        summary.venue,
        summary.dates.0,
        summary.dates.1,
        summary.as_of
    );
    if let Some(next) = &summary.next {
        let _ = writeln!(out, "next conference: {next}");
    }
    let _ = writeln!(out);
    group_lines(&mut out, summary);
    let _ = writeln!(out, "member states {}", summary.states);
    dual_member_lines(&mut out, summary);
    let items = summary.options_items + summary.scale_items;
    let _ = writeln!(
        out,
        "agenda items  {items} ({} with options, {} on a scale){}",
        summary.options_items,
        summary.scale_items,
        super::summary_words::split_words(summary.split)
    );
    let _ = writeln!(out, "stages        {}", summary.stages);
    let cells = &summary.cells;
    let _ = writeln!(
        out,
        "cells         {} ({} groups × {items} item{})",
        cells.total,
        summary.groups.len(),
        plural(items)
    );
    out.push_str(&cell_table(summary));
    let _ = writeln!(
        out,
        "  stated: a position on the item; sourced / estimated / illustrative / no provenance split the stated cells;"
    );
    let _ = writeln!(
        out,
        "  est. weights: stated cells whose salience or flexibility is an estimate; unknown (implicit): not in any file"
    );
    if summary.cells.not_coded > 0 {
        let _ = writeln!(
            out,
            "{}",
            super::summary_words::not_coded_line(summary.cells.not_coded)
        );
    }
    closing_lines(&mut out, summary);
    out
}

/// The groups of the summary, one line each with its members, date, basis and rules.
fn group_lines(out: &mut String, summary: &Summary) {
    let _ = writeln!(out, "groups        {}", summary.groups.len());
    let width = summary
        .groups
        .iter()
        .map(|group| group.id.as_str().len())
        .max()
        .unwrap_or(0);
    for group in &summary.groups {
        let suspended = if group.suspended > 0 {
            format!(" (+{} suspended)", group.suspended)
        } else {
            String::new()
        };
        let basis = group.basis;
        let _ = writeln!(
            out,
            "  {:width$}  {:>3} members{suspended}{}, as of {} ({basis}); rule: {}",
            group.id.as_str(),
            group.active,
            group.region_words(),
            group.as_of,
            rule(&group.rule),
        );
        for alternative in &group.alternative_rules {
            let _ = writeln!(
                out,
                "  {:width$}  alternative rule: {}",
                "",
                rule(alternative)
            );
        }
    }
}

/// The states in two or more groups, counted and listed by combination of groups.
fn dual_member_lines(out: &mut String, summary: &Summary) {
    if summary.dual_members.is_empty() {
        return;
    }
    let mut by_pair: BTreeMap<String, Vec<&str>> = BTreeMap::new();
    for (state, groups) in &summary.dual_members {
        let key = groups
            .iter()
            .map(|group| group.as_str())
            .collect::<Vec<_>>()
            .join(" ∩ ");
        by_pair.entry(key).or_default().push(state.as_str());
    }
    let _ = writeln!(
        out,
        "  in two or more groups: {}",
        summary.dual_members.len()
    );
    for (pair, states) in by_pair {
        let _ = writeln!(out, "    {pair}: {} ({})", states.len(), states.join(", "));
    }
}

/// The summary's last lines: member-state positions, private files, outcomes and warnings.
fn closing_lines(out: &mut String, summary: &Summary) {
    let _ = writeln!(out, "member-state positions {}", summary.state_positions);
    let _ = match &summary.reader {
        None => writeln!(
            out,
            "private files {} listed, none read (public output; --for GROUP reads its own)",
            summary.private_listed
        ),
        Some(reader) => writeln!(
            out,
            "private files {} of {} read (for {})",
            summary.private_loaded, summary.private_listed, reader
        ),
    };
    match summary.outcomes {
        Some(count) => {
            let _ = writeln!(out, "recorded outcomes {count}");
        }
        None => {
            let _ = writeln!(out, "recorded outcomes none");
        }
    }
    if summary.warnings > 0 {
        let _ = writeln!(
            out,
            "warnings      {} (shown above on stderr)",
            summary.warnings
        );
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// Cells by group, with a total row: every column says how sure the data is.
fn cell_table(summary: &Summary) -> String {
    const HEADERS: [&str; CELL_COLUMNS.len()] = CELL_COLUMNS;
    let column = |name: &str| HEADERS.iter().position(|h| *h == name).unwrap_or(0);
    let (unknown, confidential) = (column("unknown"), column("confidential"));
    let row = |cells: &CellCounts| -> [String; CELL_COLUMNS.len()] {
        let mut row = cell_columns(cells).map(|n| n.to_string());
        if cells.implicit_unknown > 0 {
            row[unknown] = format!("{} ({} implicit)", cells.unknown, cells.implicit_unknown);
        }
        if cells.confidential_illustrative > 0 {
            row[confidential] = format!(
                "{} ({} illustrative)",
                cells.confidential, cells.confidential_illustrative
            );
        }
        row
    };
    let mut rows: Vec<(String, [String; CELL_COLUMNS.len()])> = summary
        .groups
        .iter()
        .map(|group| (group.id.to_string(), row(&group.cells)))
        .collect();
    rows.push(("total".into(), row(&summary.cells)));
    let label_width = rows.iter().map(|(label, _)| label.len()).max().unwrap_or(0);
    let widths: Vec<usize> = HEADERS
        .iter()
        .enumerate()
        .map(|(column, header)| {
            rows.iter()
                .map(|(_, cells)| crate::escape::text::width(&cells[column]))
                .max()
                .unwrap_or(0)
                .max(header.len())
        })
        .collect();
    let mut out = String::new();
    let _ = write!(out, "  {:label_width$}", "");
    for (header, width) in HEADERS.iter().zip(&widths) {
        let _ = write!(out, "  {header:>width$}");
    }
    out.push('\n');
    for (label, cells) in &rows {
        let _ = write!(out, "  {label:label_width$}");
        for (cell, width) in cells.iter().zip(&widths) {
            let _ = write!(out, "  {cell:>width$}");
        }
        out.push('\n');
    }
    out
}

/// `concord report` as text: the summary, the status counts, then each item.
pub fn report(view: &ReportView, paint: Paint) -> String {
    let mut out = summary(&view.summary);
    out.push('\n');
    if let Some(focus) = &view.focus {
        let _ = writeln!(out, "{}", crate::escape::text::field(focus));
    }
    let _ = writeln!(
        out,
        "{}",
        paint.bold(&format!(
            "status        {}",
            words::status_counts_line(&view.counts)
        ))
    );
    let _ = writeln!(out, "known         {}", view.known.sentence());
    if view.at_risk.is_empty() {
        let _ = writeln!(out, "at risk       none");
    } else {
        for (index, (item, reason)) in view.at_risk.iter().enumerate() {
            let label = if index == 0 { "at risk" } else { "" };
            let line = words::at_risk_line(item, reason);
            let _ = writeln!(out, "{label:13} {}", paint.warn(&line));
        }
    }
    // Items render independently: in parallel, a chunk at a time, joined in order.
    for chunk in view.items.chunks(256) {
        for item in concord_core::parallel::map(chunk, |item| item_text(item, paint)) {
            out.push('\n');
            out.push_str(&item);
        }
    }
    out
}

/// One item of the report as text: a heading, then one labelled line per fact.
fn item_text(item: &ItemView, paint: Paint) -> String {
    let mut out = String::new();
    if let Some(parent) = item.parent.as_ref().filter(|parent| parent.first) {
        let _ = writeln!(
            out,
            "{}\n",
            paint.bold(&format!(
                "══ {}",
                crate::escape::text::field(&parent.heading())
            ))
        );
    }
    let _ = writeln!(
        out,
        "{} {} [{}]",
        paint.bold(&format!("── {}", item.id)),
        item.title,
        paint.status_in(
            item.status,
            &words::status_words(item.status, item.stated, item.known.1)
        )
    );
    if let Some(document) = &item.document {
        labelled(&mut out, "document", document);
    }
    labelled(&mut out, "known", &words::known(item.known));
    if !item.options.is_empty() {
        labelled(&mut out, "options", "");
        option_lines(&mut out, item, paint);
    }
    for position in &item.scale_positions {
        labelled(&mut out, "position", &words::scale_position(position));
    }
    labelled(
        &mut out,
        "compromise",
        // The conditions are free text from the files: nothing invisible reaches the terminal,
        // and a line break stays inside the field.
        &crate::escape::text::field(&words::compromise(
            &item.compromise,
            &item.compromise_conditions,
        )),
    );
    if item.conflicts.is_empty() {
        labelled(&mut out, "conflicts", "none");
    }
    for conflict in &item.conflicts {
        labelled(&mut out, "conflict", &words::conflict(conflict));
    }
    if item.more_conflicts > 0 {
        labelled(&mut out, "conflict", &more_conflicts(item.more_conflicts));
    }
    labelled(
        &mut out,
        "contention",
        &words::item_contention(
            item.contention,
            item.status,
            "n/a (fewer than two stated groups)",
        ),
    );
    if let Some(coalition) = &item.largest_coalition {
        labelled(&mut out, "largest coalition", &words::coalition(coalition));
    }
    if let Some(blocking) = &item.blocking {
        labelled(&mut out, "blocking set", &words::blocking(blocking));
    }
    if !item.cross_pressured.is_empty() {
        labelled(
            &mut out,
            "cross-pressured",
            &words::cross_pressured(&item.cross_pressured, item.cross_pressured_more),
        );
    }
    match &item.at_risk {
        Some(risk) => labelled(
            &mut out,
            "carry-forward risk",
            &paint.warn(&words::risk(risk)),
        ),
        None => labelled(&mut out, "carry-forward risk", "no"),
    }
    record_lines(&mut out, item, paint);
    out
}

/// One labelled line of an item: the label padded to 18 columns, trailing blanks trimmed.
fn labelled(out: &mut String, label: &str, value: &str) {
    let value = crate::escape::text::one_line(value);
    let _ = writeln!(out, "{}", format!("  {label:18} {value}").trim_end());
}

/// The item's closing lines: groups not stated, regional adoption, group-aware consensus,
/// member states and the recorded outcome.
fn record_lines(out: &mut String, item: &ItemView, paint: Paint) {
    for (kind, groups) in &item.not_stated {
        labelled(
            out,
            kind.label(),
            &paint.dim(&words::not_stated_groups(groups)),
        );
    }
    for note in &item.adoption {
        labelled(out, "regional adoption", &super::adoption::note(note));
    }
    for consensus in &item.consensus {
        labelled(out, "group-aware", &words::consensus(consensus));
    }
    for state in &item.member_states {
        labelled(out, "member state", &words::member_state(state));
    }
    for view in &item.organisations {
        labelled(
            out,
            "organisation",
            &crate::escape::text::field(&words::organisation_view(view)),
        );
    }
    for (label, line) in words::group_words_lines(&item.words) {
        labelled(out, label, &line);
    }
    if let Some(outcome) = &item.recorded_outcome {
        labelled(out, "recorded outcome", &words::outcome_label(outcome));
    }
}

/// The options of an item, each with its tags and weight, then who prefers, accepts and opposes it.
fn option_lines(out: &mut String, item: &ItemView, paint: Paint) {
    for option in &item.options {
        let mut tags = Vec::new();
        if let Some(action) = words::option_action(option) {
            tags.push(action);
        }
        if option.status_quo {
            tags.push("status quo".into());
        }
        if let Some(reach) = words::option_reach(option) {
            tags.push(reach);
        }
        let tags = if tags.is_empty() {
            String::new()
        } else {
            format!(" ({})", tags.join(", "))
        };
        let weight = option
            .weight
            .map(|w| format!("  W {}", number(w)))
            .unwrap_or_default();
        let _ = writeln!(out, "    {}: {}{tags}{weight}", option.id, option.label);
        let [prefers, accepts, opposes] = words::option_groups(option);
        let mut who = Vec::new();
        if !prefers.is_empty() {
            who.push(format!("preferred by {prefers}"));
        }
        if !accepts.is_empty() {
            who.push(format!("accepted by {accepts}"));
        }
        if !opposes.is_empty() {
            who.push(paint.warn(&format!("opposed by {opposes}")));
        }
        if let Some(outside) = words::option_outside(option) {
            who.push(outside);
        }
        if !who.is_empty() {
            let _ = writeln!(out, "      {}", who.join("; "));
        }
    }
}

/// `concord matrix` as a text table.
pub fn matrix(view: &MatrixView, paint: Paint) -> String {
    let (header, rows) = words::matrix_table(view);
    let mut out = table(&header, &rows, paint);
    out.push_str(MARKS_LEGEND);
    out.push('\n');
    out
}

/// `concord contested` as text.
pub fn contested(view: &ContestedView, paint: Paint) -> String {
    let mut out = String::new();
    if view.rows.is_empty() {
        out.push_str("no item has two or more stated groups\n");
    }
    for (rank, row) in view.rows.iter().enumerate() {
        let _ = writeln!(
            out,
            "{:>2}. {} [{}] contention {}; {} — {}",
            rank + 1,
            paint.bold(row.id.as_str()),
            paint.status_in(row.standing.status, &row.standing.words()),
            words::contention_label(row.contention),
            row.standing.coverage(),
            row.title
        );
        for conflict in &row.conflicts {
            let _ = writeln!(out, "      {}", words::conflict(conflict));
        }
        if row.more_conflicts > 0 {
            let _ = writeln!(out, "      {}", more_conflicts(row.more_conflicts));
        }
        if let Some(blocking) = &row.blocking {
            let _ = writeln!(out, "      blocking set: {}", words::blocking(blocking));
        }
    }
    out
}

/// `concord blocs` as text.
pub fn blocs(blocs: &Blocs, paint: Paint) -> String {
    let mut out = String::new();
    if let Some(line) = matrix_too_wide(blocs) {
        out.push_str(&line);
    } else {
        let (header, rows) = blocs_table(blocs);
        out.push_str(
            "agreement: share of the items where both groups are stated and accept a common option (items compared)\n",
        );
        out.push_str(&table(&header, &rows, paint));
    }
    let _ = writeln!(out, "blocs at agreement ≥ {}:", number(blocs.threshold));
    for bloc in &blocs.blocs {
        let names: Vec<&str> = bloc.iter().map(|g| g.as_str()).collect();
        let _ = writeln!(out, "  {}", names.join(", "));
    }
    out
}

/// The most groups whose agreement matrix the text and Markdown outputs show: wider, it is read
/// by no one (3,000 groups would be 675 MB of text), and the JSON output carries it whole.
pub const MATRIX_MAX_GROUPS: usize = 60;

/// The line said instead of a matrix of more than [`MATRIX_MAX_GROUPS`] groups.
pub(super) fn matrix_too_wide(blocs: &Blocs) -> Option<String> {
    (blocs.groups.len() > MATRIX_MAX_GROUPS).then(|| {
        format!(
            "agreement matrix of {} groups not shown (more than {MATRIX_MAX_GROUPS}): `--groups` picks the groups to compare, `--format json` gives it whole\n",
            blocs.groups.len()
        )
    })
}

/// A left-aligned table with a bold header row: columns padded to their widest cell (in
/// terminal columns: a wide character counts two), two spaces apart, trailing blanks trimmed.
/// Every text table uses it.
pub fn table<H: AsRef<str>>(header: &[H], rows: &[Vec<String>], paint: Paint) -> String {
    let widths: Vec<usize> = (0..header.len())
        .map(|column| {
            rows.iter()
                .map(|row| crate::escape::text::width(&row[column]))
                .chain([crate::escape::text::width(header[column].as_ref())])
                .max()
                .unwrap_or(0)
        })
        .collect();
    let render = |row: &[String]| -> String {
        let cells: Vec<String> = row
            .iter()
            .zip(&widths)
            .map(|(cell, width)| {
                let pad = width - crate::escape::text::width(cell);
                format!("{cell}{}", " ".repeat(pad))
            })
            .collect();
        cells.join("  ").trim_end().to_owned()
    };
    let mut out = String::new();
    let header: Vec<String> = header.iter().map(|h| h.as_ref().to_owned()).collect();
    let _ = writeln!(out, "{}", paint.bold(&render(&header)));
    for row in rows {
        let _ = writeln!(out, "{}", render(row));
    }
    out
}

/// `concord diff` as text.
pub fn diff(diff: &Diff, paint: Paint) -> String {
    let mut out = String::new();
    let sections = diff_sections(diff);
    if sections.iter().all(|(_, lines)| lines.is_empty()) {
        out.push_str("no changes\n");
        return out;
    }
    for (title, lines) in sections {
        if lines.is_empty() {
            continue;
        }
        let _ = writeln!(out, "{}", paint.bold(title));
        for line in lines {
            // Data never reaches the terminal raw: control characters escaped (a line break
            // in a note is shown by `diff_sections`, not followed).
            let _ = writeln!(out, "  {}", crate::escape::text::invisible(&line));
        }
    }
    out
}

/// The sections of a diff as (title, lines), shared by the text and Markdown renderers: what
/// the analysis sees, then every other field.
pub(super) fn diff_sections(diff: &Diff) -> Vec<(&'static str, Vec<String>)> {
    let mut sections = position_sections(diff);
    sections.extend(field_sections(diff));
    // A line break in a note is shown, never followed, in every format.
    for (_, lines) in &mut sections {
        for line in lines.iter_mut() {
            if line.contains('\n') {
                *line = line.replace('\n', " ⏎ ");
            }
        }
    }
    sections
}

/// The fields of cells, items and the scenario that changed, beside the positions.
fn field_sections(diff: &Diff) -> Vec<(&'static str, Vec<String>)> {
    vec![
        (
            "fields changed",
            diff.cell_fields
                .iter()
                .map(|(group, item, field)| {
                    let (name, old, new) = super::diff_words::cell_field(field);
                    format!("{group} on {item}: {name} {old} → {new}")
                })
                .collect(),
        ),
        (
            "items changed",
            diff.item_fields
                .iter()
                .map(|(item, field)| format!("{item}: {}", super::diff_words::item_field(field)))
                .collect(),
        ),
        (
            "scenario changed",
            diff.voting
                .iter()
                .map(|(old, new)| {
                    format!(
                        "voting {} → {}",
                        super::diff_words::voting(Some(*old)),
                        super::diff_words::voting(Some(*new))
                    )
                })
                .chain(diff.stages.iter().map(|(old, new)| {
                    format!(
                        "stages {} → {}",
                        super::diff_words::stages(old),
                        super::diff_words::stages(new)
                    )
                }))
                .collect(),
        ),
    ]
}

/// What the analysis sees change: items and groups, cells, maturities, statuses, conflicts.
fn position_sections(diff: &Diff) -> Vec<(&'static str, Vec<String>)> {
    let ids =
        |ids: &[concord_core::id::ItemId]| ids.iter().map(ToString::to_string).collect::<Vec<_>>();
    vec![
        (
            "conference",
            diff.conference
                .iter()
                .map(|(old, new)| {
                    format!(
                        "{old} → {new}: two different conferences, their items and groups matched by id"
                    )
                })
                .collect(),
        ),
        ("items added", ids(&diff.items_added)),
        ("items removed", ids(&diff.items_removed)),
        (
            "groups added",
            diff.groups_added.iter().map(ToString::to_string).collect(),
        ),
        (
            "groups removed",
            diff.groups_removed
                .iter()
                .map(ToString::to_string)
                .collect(),
        ),
        (
            "cells changed",
            diff.cells
                .iter()
                .map(|(group, item, old, new)| (group, item, cell_label(old), cell_label(new)))
                // Never an "X → X" line: a change the words do not show is no change here.
                .filter(|(_, _, old, new)| old != new)
                .map(|(group, item, old, new)| format!("{group} on {item}: {old} → {new}"))
                .collect(),
        ),
        (
            "maturity changed",
            diff.maturities
                .iter()
                .map(|(group, item, old, new)| {
                    format!(
                        "{group} on {item}: {} → {}",
                        super::reasons::maturity(group, *old),
                        super::reasons::maturity(group, *new)
                    )
                })
                .collect(),
        ),
        (
            "statuses changed",
            diff.statuses
                .iter()
                .map(|(item, old, new)| format!("{item}: {} → {}", old.name(), new.name()))
                .collect(),
        ),
        (
            "new conflicts",
            diff.new_conflicts
                .iter()
                .map(|(item, a, b, reasons)| {
                    format!(
                        "{item}: {a} × {b}: {}",
                        super::reasons::conflict_reasons(reasons)
                    )
                })
                .collect(),
        ),
        (
            "conflicts resolved",
            diff.resolved_conflicts
                .iter()
                .map(|(item, a, b)| format!("{item}: {a} × {b}"))
                .collect(),
        ),
    ]
}

/// "… and 527 more conflicting pairs (`--format json` lists them all)".
pub(crate) fn more_conflicts(more: usize) -> String {
    format!("… and {more} more conflicting pairs (`--format json` lists them all)")
}

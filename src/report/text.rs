//! Plain-text rendering for the terminal.

use std::collections::BTreeMap;
use std::fmt::Write;

use super::Summary;
use super::summary::CellCounts;

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
        let basis = if group.general_knowledge {
            "general knowledge"
        } else {
            "cited"
        };
        let _ = writeln!(
            out,
            "  {:width$}  {:>3} members{suspended}, as of {} ({basis}); rule: {}",
            group.id.as_str(),
            group.active,
            group.as_of,
            group.rule,
        );
        for alternative in &group.alternative_rules {
            let _ = writeln!(out, "  {:width$}  alternative rule: {alternative}", "");
        }
    }
    let _ = writeln!(out, "member states {}", summary.states);
    if !summary.dual_members.is_empty() {
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
    let items = summary.options_items + summary.scale_items;
    let _ = writeln!(
        out,
        "agenda items  {items} ({} with options, {} on a scale)",
        summary.options_items, summary.scale_items
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
        "  stated: a position on the item; sourced / illustrative / no provenance split the stated cells;"
    );
    let _ = writeln!(
        out,
        "  estimated: stated cells whose salience or flexibility is an estimate; unknown (implicit): not in any file"
    );
    let _ = writeln!(out, "member-state positions {}", summary.state_positions);
    let _ = writeln!(
        out,
        "private files {} of {} present",
        summary.private_loaded, summary.private_listed
    );
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
    out
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// Cells by group, with a total row: every column says how sure the data is.
fn cell_table(summary: &Summary) -> String {
    const HEADERS: [&str; 9] = [
        "stated",
        "sourced",
        "illustrative",
        "no provenance",
        "estimated",
        "no position yet",
        "no proposal",
        "unknown",
        "confidential",
    ];
    let row = |cells: &CellCounts| -> [String; 9] {
        [
            cells.stated.to_string(),
            cells.sourced.to_string(),
            (cells.stated - cells.sourced - cells.without_provenance).to_string(),
            cells.without_provenance.to_string(),
            cells.estimated.to_string(),
            cells.no_position_yet.to_string(),
            cells.no_proposal.to_string(),
            if cells.implicit_unknown > 0 {
                format!("{} ({} implicit)", cells.unknown, cells.implicit_unknown)
            } else {
                cells.unknown.to_string()
            },
            if cells.confidential_illustrative > 0 {
                format!(
                    "{} ({} illustrative)",
                    cells.confidential, cells.confidential_illustrative
                )
            } else {
                cells.confidential.to_string()
            },
        ]
    };
    let mut rows: Vec<(String, [String; 9])> = summary
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
                .map(|(_, cells)| cells[column].chars().count())
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

//! Plain-text rendering for the terminal.

use std::collections::BTreeMap;
use std::fmt::Write;

use super::Summary;

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
            "  {:width$}  {:>3} members{suspended}, as of {} ({basis}); rule: {}; stated on {} item{}",
            group.id.as_str(),
            group.active,
            group.as_of,
            group.rule,
            group.stated,
            plural(group.stated),
        );
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
    let _ = writeln!(
        out,
        "  stated            {:>4}: {} sourced, {} illustrative, {} without provenance",
        cells.stated,
        cells.sourced,
        cells.stated - cells.sourced - cells.without_provenance,
        cells.without_provenance
    );
    let _ = writeln!(
        out,
        "                          {} with estimated salience or flexibility",
        cells.estimated
    );
    let _ = writeln!(out, "  no position yet   {:>4}", cells.no_position_yet);
    let _ = writeln!(out, "  no proposal       {:>4}", cells.no_proposal);
    let _ = writeln!(
        out,
        "  unknown           {:>4} ({} not mentioned in any file)",
        cells.unknown, cells.implicit_unknown
    );
    let _ = writeln!(
        out,
        "  illustrative      {:>4} (of any kind)",
        cells.illustrative
    );
    let _ = writeln!(
        out,
        "  confidential      {:>4} with a confidential part",
        cells.confidential
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

//! Graphviz DOT for the position graph: groups, items, options and states styled apart, red lines
//! in red with a flat arrowhead, confidential edges dotted. Every user string goes through
//! [`quoted`].

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write;

use crate::escape::dot::quoted;
use crate::escape::number::number;
use concord_core::graph::{EdgeKind, GraphView, NodeKind, NodeView};

fn node_style(kind: NodeKind) -> &'static str {
    match kind {
        NodeKind::Group => {
            "shape=box, style=\"rounded,filled,bold\", fillcolor=\"#cfe2f3\", fontsize=14"
        }
        NodeKind::State => "shape=ellipse, style=filled, fillcolor=\"#f3f3f3\", fontsize=9",
        NodeKind::Item => "shape=folder, style=filled, fillcolor=\"#fff2cc\", fontsize=12",
        NodeKind::Option => "shape=note, style=filled, fillcolor=\"#ffffff\", fontsize=10",
        NodeKind::External => "shape=folder, style=dashed, fontsize=11",
    }
}

fn edge_style(kind: &EdgeKind) -> String {
    match kind {
        EdgeKind::Member => "color=\"#999999\", arrowhead=none".into(),
        EdgeKind::Suspended => {
            "color=\"#999999\", style=dashed, arrowhead=none, label=\"suspended\"".into()
        }
        EdgeKind::Prefers => "color=\"#1b7837\", penwidth=2.5, label=\"prefers\"".into(),
        EdgeKind::Accepts { rank, condition } => {
            let label = match condition {
                Some(condition) => format!("accepts #{rank} if: {condition}"),
                None => format!("accepts #{rank}"),
            };
            format!("color=\"#5aae61\", style=dashed, label={}", quoted(&label))
        }
        EdgeKind::Opposes => {
            "color=\"#d7191c\", penwidth=2.5, arrowhead=tee, fontcolor=\"#d7191c\", label=\"red line\""
                .into()
        }
        EdgeKind::Position { at, range } => format!(
            "color=\"#1b7837\", penwidth=2, label={}",
            quoted(&format!(
                "at {} (accepts {}-{})",
                number(*at),
                number(range.0),
                number(range.1)
            ))
        ),
        EdgeKind::OptionOf => "color=\"#bbbbbb\", arrowhead=none".into(),
        EdgeKind::DependsOn => "color=\"#2166ac\", penwidth=2, label=\"depends on\"".into(),
        EdgeKind::LinksTo => "color=\"#2166ac\", style=dotted, label=\"links to\"".into(),
    }
}

fn node_line(node: &NodeView) -> String {
    let key = node.id.split_once(':').map_or("", |(_, key)| key);
    let label = match node.kind {
        NodeKind::Group | NodeKind::State => format!("{key}\n{}", node.label),
        NodeKind::Item => format!("{key}: {}", node.label),
        NodeKind::Option => {
            let option = key.rsplit_once('/').map_or(key, |(_, option)| option);
            format!("{option}: {}", node.label)
        }
        NodeKind::External => node.label.clone(),
    };
    format!(
        "{} [label={}, {}];",
        quoted(&node.id),
        quoted(&label),
        node_style(node.kind)
    )
}

/// `concord graph` in DOT, with `title` as the graph's name and label.
pub fn graph(view: &GraphView, title: &str) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "digraph {} {{", quoted(title));
    let _ = writeln!(
        out,
        "  graph [rankdir=LR, label={}, labelloc=t, fontname=\"Helvetica\"];",
        quoted(title)
    );
    let _ = writeln!(out, "  node [fontname=\"Helvetica\"];");
    let _ = writeln!(out, "  edge [fontname=\"Helvetica\", fontsize=9];");
    // Each item is drawn in a box with its options.
    let mut item_of_option: BTreeMap<&str, &str> = BTreeMap::new();
    for edge in &view.edges {
        if edge.kind == EdgeKind::OptionOf {
            item_of_option.insert(&edge.from, &edge.to);
        }
    }
    let mut clusters: BTreeMap<&str, Vec<&NodeView>> = BTreeMap::new();
    for node in &view.nodes {
        let owner = match node.kind {
            NodeKind::Item => Some(node.id.as_str()),
            NodeKind::Option => item_of_option.get(node.id.as_str()).copied(),
            _ => None,
        };
        match owner {
            Some(item) => clusters.entry(item).or_default().push(node),
            None => {
                let _ = writeln!(out, "  {}", node_line(node));
            }
        }
    }
    for node in view.nodes.iter().filter(|node| node.kind == NodeKind::Item) {
        let _ = writeln!(
            out,
            "  subgraph {} {{\n    style=\"rounded,dashed\"; color=\"#bbbbbb\"; label=\"\";",
            quoted(&format!("cluster_{}", node.id))
        );
        for member in clusters.get(node.id.as_str()).into_iter().flatten() {
            let _ = writeln!(out, "    {}", node_line(member));
        }
        let _ = writeln!(out, "  }}");
    }
    // `prefers` already says "accepted first": drawing `accepts #1` beside it is noise.
    let preferred: BTreeSet<(&str, &str)> = view
        .edges
        .iter()
        .filter(|edge| edge.kind == EdgeKind::Prefers)
        .map(|edge| (edge.from.as_str(), edge.to.as_str()))
        .collect();
    for edge in &view.edges {
        if matches!(
            edge.kind,
            EdgeKind::Accepts {
                rank: 1,
                condition: None
            }
        ) && preferred.contains(&(edge.from.as_str(), edge.to.as_str()))
        {
            continue;
        }
        let mut style = edge_style(&edge.kind);
        if edge.confidential {
            style = style.replace("style=dashed, ", "");
            style.push_str(", style=dotted, tooltip=\"confidential\"");
        }
        let _ = writeln!(
            out,
            "  {} -> {} [{style}];",
            quoted(&edge.from),
            quoted(&edge.to)
        );
    }
    out.push_str("}\n");
    out
}

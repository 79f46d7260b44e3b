//! The position graph as JSON (`concord graph --format json`).

use serde::Serialize;

use super::json::SCHEMA_VERSION;
use concord_core::graph::{EdgeKind, GraphView};

#[derive(Serialize)]
struct GraphJson<'a> {
    schema_version: u32,
    conference: &'a str,
    nodes: Vec<NodeJson<'a>>,
    edges: Vec<EdgeJson<'a>>,
}

#[derive(Serialize)]
struct NodeJson<'a> {
    id: &'a str,
    kind: &'static str,
    label: &'a str,
}

#[derive(Serialize)]
struct EdgeJson<'a> {
    from: &'a str,
    to: &'a str,
    kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    rank: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    condition: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    at: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    range: Option<(f64, f64)>,
    confidential: bool,
}

/// `concord graph --format json`: every node and edge with its stable id.
pub fn graph(view: &GraphView, conference: &str) -> String {
    let json = GraphJson {
        schema_version: SCHEMA_VERSION,
        conference,
        nodes: view
            .nodes
            .iter()
            .map(|node| NodeJson {
                id: &node.id,
                kind: node.kind.name(),
                label: &node.label,
            })
            .collect(),
        edges: view
            .edges
            .iter()
            .map(|edge| {
                let (rank, condition) = match &edge.kind {
                    EdgeKind::Accepts { rank, condition } => (Some(*rank), condition.as_deref()),
                    _ => (None, None),
                };
                let (at, range) = match &edge.kind {
                    EdgeKind::Position { at, range } => (Some(*at), Some(*range)),
                    _ => (None, None),
                };
                EdgeJson {
                    from: &edge.from,
                    to: &edge.to,
                    kind: edge.kind.name(),
                    rank,
                    condition,
                    at,
                    range,
                    confidential: edge.confidential,
                }
            })
            .collect(),
    };
    let mut out = crate::report::json::to_string_pretty(&json)
        .expect("serializing plain structs of strings and numbers cannot fail");
    out.push('\n');
    out
}

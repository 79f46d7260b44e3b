//! The validated model as JSON values, for `concord export`: the document without its cells, and
//! each group's cells on their own (the writer splices them in).

use concord_core::id::GroupId;
use concord_core::model::{
    Basis, Capability, Cell, GroupPositions, Item, ItemKind, Provenance, Scenario, Stance,
};
use serde_json::{Value, json};

/// A provenance: its kind, with the source and dates or the note it carries.
fn provenance(provenance: &Provenance) -> Value {
    match provenance {
        Provenance::Sourced {
            source,
            as_of,
            published,
        } => json!({
            "kind": "sourced",
            "source": source,
            "as_of": as_of.to_string(),
            "published": published.map(|date| date.to_string()),
        }),
        Provenance::Illustrative { note } => json!({"kind": "illustrative", "note": note}),
        Provenance::Missing => json!({"kind": "missing"}),
        Provenance::Implicit => json!({"kind": "implicit"}),
        Provenance::Later => json!({"kind": "later"}),
    }
}

/// A value's basis as a word: `sourced`, `estimated` or `default`.
fn basis(basis: Basis) -> &'static str {
    match basis {
        Basis::Sourced => "sourced",
        Basis::Estimated => "estimated",
        Basis::Default => "default",
    }
}

/// A stance as the model file writes it, with its kind.
fn stance(stance: &Stance) -> Value {
    match stance {
        Stance::Options(s) => json!({
            "kind": "options",
            "prefers": s.prefers.as_ref().map(ToString::to_string),
            "accepts": s.accepts.iter().map(|a| json!({"option": a.option.as_str(), "condition": a.condition})).collect::<Vec<_>>(),
            "opposes": s.opposes.iter().map(ToString::to_string).collect::<Vec<_>>(),
        }),
        Stance::Scale(s) => {
            json!({"kind": "scale", "at": s.at, "range": s.range, "limits": s.limits})
        }
        Stance::NoPositionYet => json!({"kind": "no_position_yet"}),
        Stance::NoProposal => json!({"kind": "no_proposal"}),
        Stance::Unknown => json!({"kind": "unknown"}),
    }
}

/// The export document with an empty `cells` object, for the writer to fill group by group.
pub(super) fn document(scenario: &Scenario) -> Value {
    let conference = &scenario.conference;
    json!({
        "schema_version": super::SCHEMA_VERSION,
        "conference": {
            "id": conference.id, "name": conference.name, "venue": conference.venue,
            "start": conference.start.to_string(), "end": conference.end.to_string(),
            "as_of": conference.as_of.to_string(), "next": conference.next,
        },
        "capability": match &scenario.capability {
            Capability::Members => json!("members"),
            Capability::Equal => json!("equal"),
            Capability::Explicit(weights) => json!(weights.iter().map(|(g, w)| (g.to_string(), json!(w))).collect::<serde_json::Map<_, _>>()),
        },
        "states": scenario.states.values().map(|s| json!({"code": s.id.as_str(), "name": s.name})).collect::<Vec<_>>(),
        "groups": groups(scenario),
        "stages": scenario.stages.iter().map(|s| json!({
            "name": s.name, "kind": format!("{:?}", s.kind),
            "start": s.start.map(|d| d.to_string()), "end": s.end.map(|d| d.to_string()), "rounds": s.rounds,
        })).collect::<Vec<_>>(),
        "items": scenario.items.values().map(item).collect::<Vec<_>>(),
        "cells": {},
        "member_state_positions": member_state_positions(scenario),
    })
}

/// The groups: membership, capability and adoption rules.
fn groups(scenario: &Scenario) -> Vec<Value> {
    scenario.groups.values().map(|g| json!({
        "id": g.id.as_str(), "name": g.name, "region": g.region,
        "members": g.membership.members.iter().map(ToString::to_string).collect::<Vec<_>>(),
        "suspended": g.membership.suspended.iter().map(ToString::to_string).collect::<Vec<_>>(),
        "membership_as_of": g.membership.as_of.to_string(),
        "capability": concord_core::analysis::capability_of(scenario, g),
        "rule": g.rule.to_string(),
        "alternative_rules": g.alternative_rules.iter().map(ToString::to_string).collect::<Vec<_>>(),
    })).collect()
}

/// One agenda item: its links, and its options or its scale (the other one null).
fn item(item: &Item) -> Value {
    json!({
        "id": item.id.as_str(), "title": item.title, "document": item.document, "tags": item.tags,
        "depends_on": item.depends_on.iter().map(ToString::to_string).collect::<Vec<_>>(),
        "links": item.links.iter().map(|l| json!({"conference": l.conference, "item": l.item, "note": l.note})).collect::<Vec<_>>(),
        "options": match &item.kind {
            ItemKind::Options(options) => json!(options.values().map(|o| json!({
                "id": o.id.as_str(), "label": o.label, "action": o.action.as_ref().map(concord_core::model::Action::label), "status_quo": o.status_quo,
            })).collect::<Vec<_>>()),
            ItemKind::Scale(_) => Value::Null,
        },
        "scale": match &item.kind {
            ItemKind::Scale(scale) => json!({"anchors": scale.anchors.iter().map(|(at, label)| json!({"at": at, "label": label})).collect::<Vec<_>>(), "status_quo": scale.status_quo}),
            ItemKind::Options(_) => Value::Null,
        },
    })
}

/// The member states' own positions, from every group's file in file order.
fn member_state_positions(scenario: &Scenario) -> Vec<Value> {
    scenario.positions.iter().flat_map(|(group, positions)| positions.state_positions.iter().map(move |p| json!({
        "state": p.state.as_str(), "group": group.as_str(), "item": p.item.as_str(),
        "stance": stance(&p.stance), "reference": p.reference, "provenance": provenance(&p.provenance), "note": p.note,
    }))).collect()
}

/// One group's cells, keyed by item (a sorted map, as the whole document would have them).
pub(super) fn group_cells(group: &GroupId, positions: &GroupPositions) -> Value {
    json!(
        positions
            .cells
            .iter()
            .map(|(item, cell)| (item.to_string(), group_cell(group, cell)))
            .collect::<serde_json::Map<_, _>>()
    )
}

/// One cell in full: stance, salience and flexibility with their bases, tallies, provenance and
/// its confidential part.
fn group_cell(group: &GroupId, cell: &Cell) -> Value {
    json!({
        "stance": stance(&cell.stance),
        "salience": {"value": cell.salience.value, "basis": basis(cell.salience.basis)},
        "flexibility": {"value": cell.flexibility.value, "basis": basis(cell.flexibility.basis)},
        "maturity": cell.maturity.map(|m| m.label(group.as_str())),
        "reference": cell.reference,
        "tallies": cell.tallies.iter().map(|t| json!({
            "option": t.option.as_str(),
            "support": t.support.iter().map(ToString::to_string).collect::<Vec<_>>(),
            "oppose": t.oppose.iter().map(ToString::to_string).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
        "provenance": provenance(&cell.provenance),
        "note": cell.note,
        "confidential": cell.confidential.as_ref().map(|c| json!({
            "note": c.note,
            "fallbacks": c.fallbacks.iter().map(ToString::to_string).collect::<Vec<_>>(),
            "red_lines": c.red_lines.iter().map(ToString::to_string).collect::<Vec<_>>(),
            "flexibility": c.flexibility, "limits": c.limits,
            "provenance": provenance(&c.provenance),
        })),
    })
}

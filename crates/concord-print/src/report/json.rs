//! JSON output. Its own serializable types with a `schema_version`, so the model can change
//! without silently changing what scripts read.

use serde::Serialize;

/// Bumped on any incompatible change to a JSON output of concord.
pub const SCHEMA_VERSION: u32 = 1;

use concord_core::analysis::{Analysis, Blocs, Compromise, GroupCell, NotStated, Stated};
use concord_core::model::{Cell, Outcomes, Scenario, Stance};

use super::adoption;
use super::view::{ContestedView, cell_label, outcome_label, provenance_mark};

pub use super::json_float::{json_float, to_string_pretty};

mod model;

fn to_string<T: Serialize>(value: &T) -> String {
    let mut out = crate::report::json::to_string_pretty(value)
        .expect("serializing plain structs of strings and numbers cannot fail");
    out.push('\n');
    out
}

/// The report without its items: they are rendered one by one (in parallel) and spliced into
/// the `items` list, byte for byte what serializing the whole document would give.
#[derive(Serialize)]
struct ReportJson<'a> {
    schema_version: u32,
    conference: &'a str,
    summary: SummaryJson,
    items: [(); 0],
}

#[derive(Serialize)]
struct SummaryJson {
    n_items: usize,
    n_unanimous: usize,
    n_compromise: usize,
    n_contested: usize,
    n_insufficient: usize,
    n_at_risk: usize,
    n_cells: usize,
    n_cells_known: usize,
    n_items_nothing_known: usize,
}

#[derive(Serialize)]
struct ItemJson<'a> {
    id: &'a str,
    title: &'a str,
    status: &'static str,
    /// Ranked option ids, or the scale point (null when there is none).
    compromise: serde_json::Value,
    /// Keyed maps are sorted by key, as serde_json's own map is.
    weights: std::collections::BTreeMap<&'a str, f64>,
    contention: Option<f64>,
    conflicts: Vec<ConflictJson<'a>>,
    largest_coalition: Option<CoalitionJson>,
    blocking: Option<Vec<String>>,
    at_risk: Option<RiskJson>,
    cross_pressured: Vec<String>,
    regional_adoption: Vec<String>,
    positions: std::collections::BTreeMap<&'a str, CellJson>,
    recorded_outcome: Option<OutcomeJson>,
    /// Group-aware consensus of each option with member tallies.
    consensus: Vec<ConsensusJson<'a>>,
    /// Member states' own positions on the item.
    member_state_positions: Vec<MemberStateJson<'a>>,
}

#[derive(Serialize)]
struct ConsensusJson<'a> {
    option: &'a str,
    value: f64,
    root: f64,
    groups: usize,
}

#[derive(Serialize)]
struct MemberStateJson<'a> {
    state: &'a str,
    group: &'a str,
    prefers: Option<&'a str>,
    opposes: Vec<&'a str>,
    /// Scale items: the state's point (0-100).
    at: Option<f64>,
    /// `options`, `scale`, `no_position_yet`, `no_proposal` or `unknown`.
    stance: &'static str,
    reference: Option<&'a str>,
}

#[derive(Serialize)]
struct ConflictJson<'a> {
    groups: [&'a str; 2],
    reason: String,
}

#[derive(Serialize)]
struct CoalitionJson {
    #[serde(skip_serializing_if = "Option::is_none")]
    option: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    point: Option<f64>,
    groups: Vec<String>,
    capability: f64,
}

#[derive(Serialize)]
struct RiskJson {
    to: Option<String>,
    reason: String,
}

#[derive(Serialize)]
struct OutcomeJson {
    result: String,
    option: Option<String>,
    point: Option<f64>,
    summary: String,
    source: String,
    text: String,
}

/// A cell of the report's `positions`. Fields in alphabetical order: the order the contract has
/// always had (it was once built through serde_json's sorted map).
#[derive(Serialize)]
struct CellJson {
    #[serde(skip_serializing_if = "Vec::is_empty")]
    accepts: Vec<AcceptJson>,
    #[serde(skip_serializing_if = "Option::is_none")]
    at: Option<f64>,
    capability: f64,
    flexibility: f64,
    /// `stated`, `no_position_yet`, `no_proposal`, `unknown` or `no_common_proposal`.
    kind: &'static str,
    /// The cell in the field's vocabulary.
    label: String,
    /// `S` sourced, `E` estimated, `I` illustrative, `-` no provenance, empty for unknown.
    mark: &'static str,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    opposes: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    prefers: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    range: Option<(f64, f64)>,
    #[serde(skip_serializing_if = "Option::is_none")]
    reason: Option<String>,
    salience: f64,
}

/// Alphabetical, as [`CellJson`].
#[derive(Serialize)]
struct AcceptJson {
    #[serde(skip_serializing_if = "Option::is_none")]
    condition: Option<String>,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    confidential: bool,
    option: String,
}

fn cell_json(cell: &GroupCell, model_cell: &Cell) -> CellJson {
    let mut json = CellJson {
        kind: "stated",
        label: cell_label(cell),
        mark: provenance_mark(model_cell),
        prefers: None,
        accepts: Vec::new(),
        opposes: Vec::new(),
        at: None,
        range: None,
        reason: None,
        capability: cell.capability,
        salience: cell.salience,
        flexibility: cell.flexibility,
    };
    match (cell.stated(), cell.not_stated()) {
        (Some(Stated::Options(stance)), _) => {
            json.prefers = stance.prefers.as_ref().map(ToString::to_string);
            json.accepts = stance
                .accepts
                .iter()
                .map(|a| AcceptJson {
                    option: a.option.to_string(),
                    condition: a.condition.clone(),
                    confidential: a.confidential,
                })
                .collect();
            json.opposes = stance.opposes.iter().map(|(o, _)| o.to_string()).collect();
        }
        (Some(Stated::Scale(scale)), _) => {
            json.at = Some(scale.at);
            json.range = Some(scale.range);
        }
        (None, Some(not_stated)) => {
            json.kind = match not_stated {
                NotStated::NoPositionYet => "no_position_yet",
                NotStated::NoProposal => "no_proposal",
                NotStated::Unknown => "unknown",
                NotStated::NoCommonProposal(_) => "no_common_proposal",
            };
            if let NotStated::NoCommonProposal(reason) = not_stated {
                json.reason = Some(adoption::no_common_proposal(cell, reason));
            }
        }
        (None, None) => json.kind = "unknown",
    }
    json
}

/// The report contract: see the README ("JSON output").
pub fn report(scenario: &Scenario, analysis: &Analysis, outcomes: Option<&Outcomes>) -> String {
    let mut out = Vec::new();
    write_report(&mut out, scenario, analysis, outcomes).expect("writing into memory cannot fail");
    String::from_utf8(out).expect("serde_json writes UTF-8")
}

/// [`report`], written piece by piece: the items are pretty-printed on their own (in parallel, a
/// chunk of 256 at a time, so only one chunk is in memory), indented to their depth and spliced
/// into the document — byte for byte what serializing the whole document gives. JSON strings hold
/// no raw newline, so every line break is the printer's.
pub fn write_report(
    out: &mut dyn std::io::Write,
    scenario: &Scenario,
    analysis: &Analysis,
    outcomes: Option<&Outcomes>,
) -> std::io::Result<()> {
    let known = super::view::Coverage::of(analysis);
    let document = to_string(&ReportJson {
        schema_version: SCHEMA_VERSION,
        conference: &scenario.conference.id,
        summary: SummaryJson {
            n_items: analysis.items.len(),
            n_unanimous: analysis.counts.unanimous,
            n_compromise: analysis.counts.compromise,
            n_contested: analysis.counts.contested,
            n_insufficient: analysis.counts.insufficient,
            n_at_risk: analysis.counts.at_risk,
            n_cells: known.cells,
            n_cells_known: known.known,
            n_items_nothing_known: known.items_nothing_known,
        },
        items: [],
    });
    const EMPTY: &str = "\"items\": []";
    let Some(at) = document.rfind(EMPTY).filter(|_| !analysis.items.is_empty()) else {
        return out.write_all(document.as_bytes());
    };
    out.write_all(&document.as_bytes()[..at])?;
    out.write_all(b"\"items\": [\n")?;
    for (chunk_index, chunk) in analysis.items.chunks(256).enumerate() {
        let rendered = concord_core::parallel::map(chunk, |item| {
            crate::report::json::to_string_pretty(&item_json(scenario, item, outcomes))
                .expect("serializing plain structs of strings and numbers cannot fail")
        });
        for (index, json) in rendered.iter().enumerate() {
            if chunk_index > 0 || index > 0 {
                out.write_all(b",\n")?;
            }
            out.write_all(b"    ")?;
            write_indented(out, json)?;
        }
    }
    out.write_all(b"\n  ]")?;
    out.write_all(&document.as_bytes()[at + EMPTY.len()..])
}

/// Writes a pretty-printed value nested two levels deep: every line after the first indented by
/// four spaces (JSON strings hold no raw newline, so every line break is the printer's).
fn write_indented(out: &mut dyn std::io::Write, json: &str) -> std::io::Result<()> {
    for (index, line) in json.split('\n').enumerate() {
        if index > 0 {
            out.write_all(b"\n    ")?;
        }
        out.write_all(line.as_bytes())?;
    }
    Ok(())
}

/// One item of the report contract, its labels and numbers as the README documents them.
fn item_json<'a>(
    scenario: &'a Scenario,
    item: &'a concord_core::analysis::ItemAnalysis,
    outcomes: Option<&'a Outcomes>,
) -> ItemJson<'a> {
    ItemJson {
        id: item.item.as_str(),
        title: &scenario.items[&item.item].title,
        status: item.status.name(),
        compromise: compromise_json(&item.compromise),
        weights: item
            .weights
            .iter()
            .map(|(option, weight)| (option.as_str(), *weight))
            .collect(),
        contention: item.contention,
        conflicts: conflicts_json(item),
        largest_coalition: item.largest_coalition.as_ref().map(coalition_json),
        blocking: item
            .blocking
            .as_ref()
            .map(|groups| groups.iter().map(ToString::to_string).collect()),
        at_risk: item.at_risk.as_ref().map(|risk| RiskJson {
            to: risk.to.clone(),
            reason: crate::report::reasons::risk(&risk.reason),
        }),
        cross_pressured: item
            .cross_pressured
            .iter()
            .map(|c| c.state.to_string())
            .collect(),
        regional_adoption: item
            .cells
            .iter()
            .flat_map(|cell| cell.adoption.iter().map(adoption::note))
            .collect(),
        positions: item
            .cells
            .iter()
            .map(|cell| {
                (
                    cell.group.as_str(),
                    cell_json(cell, scenario.cell(&cell.group, &item.item)),
                )
            })
            .collect(),
        recorded_outcome: outcomes
            .and_then(|outcomes| outcomes.outcomes.get(&item.item))
            .map(outcome_json),
        consensus: item
            .consensus
            .iter()
            .map(|c| ConsensusJson {
                option: c.option.as_str(),
                value: c.value,
                root: c.root,
                groups: c.groups,
            })
            .collect(),
        member_state_positions: member_states_json(scenario, &item.item),
    }
}

/// The compromise as the contract has it: the ranked option ids, or the scale point (null
/// when there is none).
fn compromise_json(compromise: &Compromise) -> serde_json::Value {
    match compromise {
        Compromise::Options(ranked) => serde_json::Value::from(
            ranked
                .iter()
                .map(|(o, _)| o.to_string())
                .collect::<Vec<_>>(),
        ),
        Compromise::Scale { point, .. } => {
            point.map_or(serde_json::Value::Null, serde_json::Value::from)
        }
    }
}

/// The item's conflicting pairs, each with its reason.
fn conflicts_json(item: &concord_core::analysis::ItemAnalysis) -> Vec<ConflictJson<'_>> {
    item.conflicts_with_groups()
        .map(|(groups, conflict)| ConflictJson {
            groups: [groups.0.as_str(), groups.1.as_str()],
            reason: crate::report::reasons::conflict(&conflict),
        })
        .collect()
}

/// The largest coalition: its option or point, its groups and their capability.
fn coalition_json(c: &concord_core::analysis::Coalition) -> CoalitionJson {
    CoalitionJson {
        option: c.option.as_ref().map(ToString::to_string),
        point: c.point,
        groups: c.groups.iter().map(ToString::to_string).collect(),
        capability: c.capability,
    }
}

/// A recorded outcome: its result as a snake-case word, what was adopted, and the outcome in
/// words.
fn outcome_json(outcome: &concord_core::model::Outcome) -> OutcomeJson {
    OutcomeJson {
        result: match &outcome.result {
            concord_core::model::OutcomeKind::Adopted => "adopted".into(),
            concord_core::model::OutcomeKind::Revised => "revised".into(),
            concord_core::model::OutcomeKind::NotAdopted => "not_adopted".into(),
            concord_core::model::OutcomeKind::Voted => "voted".into(),
            concord_core::model::OutcomeKind::CarriedForward(_) => "carried_forward".into(),
        },
        option: outcome.option.as_ref().map(ToString::to_string),
        point: outcome.point,
        summary: outcome.summary.clone(),
        source: outcome.source.clone(),
        text: outcome_label(outcome),
    }
}

/// The member states' own positions on `item`, from every group's file in file order.
fn member_states_json<'a>(
    scenario: &'a Scenario,
    item: &'a concord_core::id::ItemId,
) -> Vec<MemberStateJson<'a>> {
    scenario
        .positions
        .iter()
        .flat_map(|(group, positions)| {
            positions
                .state_positions
                .iter()
                .filter(move |position| &position.item == item)
                .map(move |position| {
                    let (stance, prefers, opposes, at) = match &position.stance {
                        Stance::Options(s) => (
                            "options",
                            s.prefers.as_ref().map(|p| p.as_str()),
                            s.opposes.iter().map(|o| o.as_str()).collect(),
                            None,
                        ),
                        Stance::Scale(s) => ("scale", None, Vec::new(), Some(s.at)),
                        Stance::NoPositionYet => ("no_position_yet", None, Vec::new(), None),
                        Stance::NoProposal => ("no_proposal", None, Vec::new(), None),
                        Stance::Unknown => ("unknown", None, Vec::new(), None),
                    };
                    MemberStateJson {
                        state: position.state.as_str(),
                        group: group.as_str(),
                        prefers,
                        opposes,
                        at,
                        stance,
                        reference: position.reference.as_deref(),
                    }
                })
        })
        .collect()
}

/// `concord matrix --format json`: items × groups.
pub fn matrix(scenario: &Scenario, analysis: &Analysis) -> String {
    #[derive(Serialize)]
    struct MatrixJson {
        schema_version: u32,
        conference: String,
        groups: Vec<String>,
        items: Vec<serde_json::Value>,
    }
    let items = analysis
        .items
        .iter()
        .map(|item| {
            let cells: serde_json::Map<String, serde_json::Value> = item
                .cells
                .iter()
                .map(|cell| {
                    let json = cell_json(cell, scenario.cell(&cell.group, &item.item));
                    (
                        cell.group.to_string(),
                        serde_json::json!({"label": json.label, "mark": json.mark, "kind": json.kind}),
                    )
                })
                .collect();
            serde_json::json!({"id": item.item.as_str(), "status": item.status.name(), "cells": cells})
        })
        .collect();
    to_string(&MatrixJson {
        schema_version: SCHEMA_VERSION,
        conference: scenario.conference.id.clone(),
        groups: scenario.groups.keys().map(ToString::to_string).collect(),
        items,
    })
}

/// `concord contested --format json`: the items in the view's order.
pub fn contested(conference: &str, view: &ContestedView) -> String {
    let items: Vec<serde_json::Value> = view
        .rows
        .iter()
        .map(|row| {
            serde_json::json!({
                "id": row.id,
                "title": row.title,
                "status": row.status.name(),
                "contention": row.contention,
                "conflicts": row.conflicts,
                "blocking": row.blocking,
            })
        })
        .collect();
    to_string(&serde_json::json!({
        "schema_version": SCHEMA_VERSION,
        "conference": conference,
        "items": items,
    }))
}

/// `concord blocs --format json`: the agreement matrix, the threshold and the blocs.
pub fn blocs(conference: &str, blocs: &Blocs) -> String {
    let agreement: serde_json::Map<String, serde_json::Value> = blocs
        .groups
        .iter()
        .enumerate()
        .map(|(g, group)| {
            let row: serde_json::Map<String, serde_json::Value> = blocs
                .groups
                .iter()
                .enumerate()
                .filter(|(h, _)| *h != g)
                .map(|(h, other)| {
                    (
                        other.to_string(),
                        blocs.agreement[g][h]
                            .map_or(serde_json::Value::Null, serde_json::Value::from),
                    )
                })
                .collect();
            (group.to_string(), serde_json::Value::Object(row))
        })
        .collect();
    to_string(&serde_json::json!({
        "schema_version": SCHEMA_VERSION,
        "conference": conference,
        "threshold": blocs.threshold,
        "agreement": agreement,
        "blocs": blocs.blocs.iter().map(|bloc| bloc.iter().map(ToString::to_string).collect::<Vec<_>>()).collect::<Vec<_>>(),
    }))
}

/// `concord export --format json`: the validated model, for users' own tooling.
pub fn export(scenario: &Scenario) -> String {
    let mut out = Vec::new();
    write_export(&mut out, scenario).expect("writing into memory cannot fail");
    String::from_utf8(out).expect("serde_json writes UTF-8")
}

/// [`export`], written piece by piece: the document without its cells, then each group's cells
/// (a group at a time, in key order as serde_json's sorted map would have them) spliced in,
/// indented to their depth. Byte for byte the whole document serialized at once.
pub fn write_export(out: &mut dyn std::io::Write, scenario: &Scenario) -> std::io::Result<()> {
    let document = to_string(&model::document(scenario));
    const EMPTY: &str = "\n  \"cells\": {}";
    let Some(at) = document
        .find(EMPTY)
        .filter(|_| !scenario.positions.is_empty())
    else {
        return out.write_all(document.as_bytes());
    };
    out.write_all(&document.as_bytes()[..at])?;
    out.write_all(b"\n  \"cells\": {\n")?;
    let mut groups: Vec<_> = scenario.positions.iter().collect();
    groups.sort_by(|(a, _), (b, _)| a.as_str().cmp(b.as_str()));
    for (index, (group, positions)) in groups.into_iter().enumerate() {
        if index > 0 {
            out.write_all(b",\n")?;
        }
        let key = serde_json::to_string(group.as_str()).expect("a string serializes");
        let cells = crate::report::json::to_string_pretty(&model::group_cells(group, positions))
            .expect("plain data serializes");
        write!(out, "    {key}: ")?;
        write_indented(out, &cells)?;
    }
    out.write_all(b"\n  }")?;
    out.write_all(&document.as_bytes()[at + EMPTY.len()..])
}

/// `concord diff --format json`: every change, conflicts with their reasons.
pub fn diff(diff: &concord_core::analysis::Diff) -> String {
    use serde_json::json;
    to_string(&json!({
        "schema_version": SCHEMA_VERSION,
        "items_added": diff.items_added.iter().map(ToString::to_string).collect::<Vec<_>>(),
        "items_removed": diff.items_removed.iter().map(ToString::to_string).collect::<Vec<_>>(),
        "groups_added": diff.groups_added.iter().map(ToString::to_string).collect::<Vec<_>>(),
        "groups_removed": diff.groups_removed.iter().map(ToString::to_string).collect::<Vec<_>>(),
        "cells": diff.cells.iter().map(|(group, item, old, new)| json!({"group": group.as_str(), "item": item.as_str(), "old": cell_label(old), "new": cell_label(new)})).collect::<Vec<_>>(),
        "maturities": diff.maturities.iter().map(|(group, item, old, new)| json!({"group": group.as_str(), "item": item.as_str(), "old": super::reasons::maturity(group, *old), "new": super::reasons::maturity(group, *new)})).collect::<Vec<_>>(),
        "statuses": diff.statuses.iter().map(|(item, old, new)| json!({"item": item.as_str(), "old": old.name(), "new": new.name()})).collect::<Vec<_>>(),
        "new_conflicts": diff.new_conflicts.iter().map(|(item, a, b, reasons)| json!({"item": item.as_str(), "groups": [a.as_str(), b.as_str()], "reason": super::reasons::conflict_reasons(reasons)})).collect::<Vec<_>>(),
        "resolved_conflicts": diff.resolved_conflicts.iter().map(|(item, a, b)| json!({"item": item.as_str(), "groups": [a.as_str(), b.as_str()]})).collect::<Vec<_>>(),
    }))
}

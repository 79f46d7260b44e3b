//! The tables as JSON: `matrix`, `contested` and `blocs`.
//!
//! The objects that were once built through serde_json's sorted map keep that order: their
//! fields are declared alphabetically.

use std::collections::BTreeMap;

use serde::Serialize;

use concord_core::analysis::{Analysis, Blocs};
use concord_core::id::GroupId;
use concord_core::model::Scenario;

use super::{SCHEMA_VERSION, cell_json, to_string};
use crate::report::view::ContestedView;
use crate::report::view_words as words;

/// `concord matrix --format json`.
#[derive(Serialize)]
struct MatrixJson<'a> {
    /// [`SCHEMA_VERSION`].
    schema_version: u32,
    /// The conference's id.
    conference: &'a str,
    /// Every group id, in scenario order.
    groups: Vec<&'a str>,
    /// One row per item, in scenario order.
    items: Vec<MatrixRowJson<'a>>,
}

/// A row of the matrix (fields in alphabetical order).
#[derive(Serialize)]
struct MatrixRowJson<'a> {
    /// Each group's cell, keyed by group id (sorted).
    cells: BTreeMap<&'a str, MatrixCellJson>,
    /// The item's id.
    id: &'a str,
    /// How many groups are known and stated, of how many.
    known: super::KnownJson,
    /// The item this is an issue of (null: not an issue).
    parent: Option<&'a str>,
    /// The item's status (`unanimous`, `compromise`, `contested`, `insufficient`).
    status: &'static str,
}

/// A cell of the matrix (fields in alphabetical order).
#[derive(Serialize)]
struct MatrixCellJson {
    /// `stated`, `no_position_yet`, `no_proposal`, `unknown` or `no_common_proposal`.
    kind: &'static str,
    /// The cell in the field's vocabulary.
    label: String,
    /// The provenance mark: `S`, `E`, `~`, `I`, `-`, or empty for unknown.
    mark: &'static str,
}

/// `concord contested --format json` (fields in alphabetical order).
#[derive(Serialize)]
struct ContestedJson<'a> {
    /// The conference's id.
    conference: &'a str,
    /// The items in the view's order.
    items: Vec<ContestedItemJson<'a>>,
    /// [`SCHEMA_VERSION`].
    schema_version: u32,
}

/// One contested item (fields in alphabetical order).
#[derive(Serialize)]
struct ContestedItemJson<'a> {
    /// The blocking set, "none needed" when aligned; null when nobody accepts anything.
    blocking: Option<String>,
    /// Every conflicting pair, in words.
    conflicts: Vec<String>,
    /// The contention, 0-1; null when the stated groups weigh nothing.
    contention: Option<f64>,
    /// The item's id.
    id: &'a str,
    /// How many groups are known and stated, of how many.
    known: super::KnownJson,
    /// The item's status.
    status: &'static str,
    /// The item's title.
    title: &'a str,
}

/// `concord blocs --format json` (fields in alphabetical order).
#[derive(Serialize)]
struct BlocsJson<'a> {
    /// Per group, its agreement with every other group (null: no item where both are stated),
    /// both keyed by group id (sorted).
    agreement: Agreement<'a>,
    /// The blocs at the threshold, each its groups in group order.
    blocs: Vec<Vec<&'a str>>,
    /// The conference's id.
    conference: &'a str,
    /// [`SCHEMA_VERSION`].
    schema_version: u32,
    /// The agreement at or above which two groups are linked.
    threshold: f64,
}

/// The agreement matrix as a JSON object of objects, keyed by group id (sorted), written row by
/// row from the analysis's own matrix: 3,000 groups are 9 million entries, never copied into
/// maps first.
struct Agreement<'a>(&'a Blocs);

impl Serialize for Agreement<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let blocs = self.0;
        let mut order: Vec<usize> = (0..blocs.groups.len()).collect();
        order.sort_by(|&a, &b| blocs.groups[a].as_str().cmp(blocs.groups[b].as_str()));
        let order = &order;
        let mut map = serializer.serialize_map(Some(order.len()))?;
        for &g in order {
            map.serialize_entry(blocs.groups[g].as_str(), &Row { blocs, g, order })?;
        }
        map.end()
    }
}

/// One row of [`Agreement`]: group `g` against every other, in `order`.
struct Row<'a> {
    blocs: &'a Blocs,
    g: usize,
    order: &'a [usize],
}

impl Serialize for Row<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = serializer.serialize_map(Some(self.order.len().saturating_sub(1)))?;
        for &h in self.order.iter().filter(|&&h| h != self.g) {
            map.serialize_entry(
                self.blocs.groups[h].as_str(),
                &self.blocs.agreement(self.g, h),
            )?;
        }
        map.end()
    }
}

/// `concord matrix --format json`: items × groups.
pub fn matrix(scenario: &Scenario, analysis: &Analysis, groups: Option<&[GroupId]>) -> String {
    let shown = |group: &GroupId| groups.is_none_or(|groups| groups.contains(group));
    let items = analysis
        .items
        .iter()
        .map(|item| MatrixRowJson {
            cells: item
                .cells
                .iter()
                .filter(|cell| shown(&cell.group))
                .map(|cell| {
                    let json = cell_json(cell, scenario.cell(&cell.group, &item.item));
                    let cell_json = MatrixCellJson {
                        kind: json.kind,
                        label: json.label,
                        mark: json.mark,
                    };
                    (cell.group.as_str(), cell_json)
                })
                .collect(),
            id: item.item.as_str(),
            known: crate::report::view::Standing::of(item).into(),
            parent: scenario.items[&item.item].parent.as_deref(),
            status: item.status.name(),
        })
        .collect();
    to_string(&MatrixJson {
        schema_version: SCHEMA_VERSION,
        conference: &scenario.conference.id,
        groups: scenario
            .groups
            .keys()
            .filter(|group| shown(group))
            .map(|g| g.as_str())
            .collect(),
        items,
    })
}

/// `concord contested --format json`: the items in the view's order.
pub fn contested(conference: &str, view: &ContestedView) -> String {
    to_string(&ContestedJson {
        conference,
        items: view
            .rows
            .iter()
            .map(|row| ContestedItemJson {
                blocking: row.blocking.as_deref().map(words::blocking),
                conflicts: words::conflicts(&row.conflicts),
                contention: row.contention,
                id: row.id.as_str(),
                known: row.standing.into(),
                status: row.standing.status.name(),
                title: &row.title,
            })
            .collect(),
        schema_version: SCHEMA_VERSION,
    })
}

/// `concord blocs --format json`: the agreement matrix, the threshold and the blocs.
pub fn blocs(conference: &str, blocs: &Blocs) -> String {
    let mut out = Vec::new();
    write_blocs(&mut out, conference, blocs).expect("writing into memory cannot fail");
    String::from_utf8(out).expect("serde_json writes UTF-8")
}

/// [`blocs`] written as it is made: the agreement matrix of 5,000 groups is 25 million numbers,
/// never held as text.
pub fn write_blocs(
    out: &mut dyn std::io::Write,
    conference: &str,
    blocs: &Blocs,
) -> std::io::Result<()> {
    crate::report::json::to_writer_pretty(&mut *out, &blocs_json(conference, blocs))
        .map_err(std::io::Error::other)?;
    out.write_all(b"\n")
}

fn blocs_json<'a>(conference: &'a str, blocs: &'a Blocs) -> BlocsJson<'a> {
    BlocsJson {
        agreement: Agreement(blocs),
        blocs: blocs
            .blocs
            .iter()
            .map(|bloc| bloc.iter().map(|g| g.as_str()).collect())
            .collect(),
        conference,
        schema_version: SCHEMA_VERSION,
        threshold: blocs.threshold,
    }
}

//! CSV (RFC 4180) for the tabular commands: `matrix` and `contested`.

use super::view::{ContestedView, MatrixView, cell_label};
use super::view_words as words;
use crate::escape::csv::field;
use crate::escape::number::number;

/// One CSV record: every field through [`field`], CRLF at the end.
pub(crate) fn line(fields: &[String]) -> String {
    let mut out = fields
        .iter()
        .map(|f| field(f))
        .collect::<Vec<_>>()
        .join(",");
    out.push_str("\r\n");
    out
}

/// One row per item and group: `item,status,group,cell,mark`.
pub fn matrix(view: &MatrixView) -> String {
    let mut out = line(&[
        "item".into(),
        "status".into(),
        "group".into(),
        "cell".into(),
        "mark".into(),
    ]);
    for (item, status, cells) in &view.rows {
        for (group, (cell, mark)) in view.groups.iter().zip(cells) {
            out.push_str(&line(&[
                item.to_string(),
                status.name().into(),
                group.to_string(),
                cell_label(cell),
                words::mark_symbol(*mark).to_owned(),
            ]));
        }
    }
    out
}

/// One row per item with a contention, highest first:
/// `rank,item,status,contention,conflicts,blocking`.
pub fn contested(view: &ContestedView) -> String {
    let mut out = line(&[
        "rank".into(),
        "item".into(),
        "status".into(),
        "contention".into(),
        "conflicts".into(),
        "blocking".into(),
    ]);
    for (rank, row) in view.rows.iter().enumerate() {
        out.push_str(&line(&[
            (rank + 1).to_string(),
            row.id.to_string(),
            row.status.name().into(),
            row.contention.map(number).unwrap_or_default(),
            words::conflicts(&row.conflicts).join("; "),
            row.blocking
                .as_deref()
                .map(words::blocking)
                .unwrap_or_default(),
        ]));
    }
    out
}

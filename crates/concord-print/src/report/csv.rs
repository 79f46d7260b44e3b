//! CSV (RFC 4180) for the tabular commands: `matrix` and `contested`.

use super::view::{ContestedView, MatrixView, cell_label};
use super::view_words as words;
use crate::escape::csv::defuse;
use crate::escape::number::number;

/// One CSV record of a reader's table (`matrix`, `contested`, `status`), written by the `csv`
/// crate: every field's invisible characters written visibly (`\u{1B}`; a line break stays, in
/// quotes), then through the formula guard ([`defuse`]), quoted where RFC 4180 needs it, CRLF at
/// the end. (`export table` is the lossless copy, for `import table`: it keeps every character.)
pub(crate) fn line(fields: &[String]) -> String {
    let length: usize = fields.iter().map(|f| f.len() + 3).sum();
    let mut writer = writer(length);
    writer
        .write_record(
            fields
                .iter()
                .map(|f| defuse(&crate::escape::text::invisible(f)).into_owned()),
        )
        .expect("writing into memory cannot fail");
    String::from_utf8(
        writer
            .into_inner()
            .expect("writing into memory cannot fail"),
    )
    .expect("the fields are UTF-8")
}

/// The one CSV writer setup of every printer: RFC 4180 quoting, CRLF line ends, its buffer
/// sized to `capacity` bytes (one record's worth for [`line`]).
pub(crate) fn writer(capacity: usize) -> csv::Writer<Vec<u8>> {
    csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .buffer_capacity(capacity.max(64))
        .from_writer(Vec::with_capacity(capacity))
}

/// One row per item and group: `item,status,group,cell,mark`.
pub fn matrix(view: &MatrixView) -> String {
    let mut out = line(&[
        "item".into(),
        "status".into(),
        "known".into(),
        "group".into(),
        "cell".into(),
        "mark".into(),
    ]);
    for (item, standing, cells) in &view.rows {
        for (group, (cell, mark)) in view.groups.iter().zip(cells) {
            out.push_str(&line(&[
                item.to_string(),
                standing.status.name().into(),
                standing.known.to_string(),
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
        "known".into(),
        "contention".into(),
        "conflicts".into(),
        "blocking".into(),
    ]);
    for (rank, row) in view.rows.iter().enumerate() {
        out.push_str(&line(&[
            (rank + 1).to_string(),
            row.id.to_string(),
            row.standing.status.name().into(),
            row.standing.known.to_string(),
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

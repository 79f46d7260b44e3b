//! CSV (RFC 4180) for the tabular commands: `matrix` and `contested`.

use super::view::{ContestedView, MatrixView, number};

/// Quotes a field when it holds a comma, a quote or a line break. A text field that a
/// spreadsheet would run as a formula (`=1+2`, `+…`, `-…`, `@…`) gets a leading `'`, as OWASP
/// advises against CSV injection; numbers are left alone.
pub(crate) fn field(value: &str) -> String {
    let formula =
        value.starts_with(['=', '+', '-', '@', '\t', '\r']) && value.parse::<f64>().is_err();
    let value = if formula {
        format!("'{value}")
    } else {
        value.to_owned()
    };
    let value = value.as_str();
    if value.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", value.replace('"', "\"\""))
    } else {
        value.to_owned()
    }
}

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
        for (group, (label, mark)) in view.groups.iter().zip(cells) {
            out.push_str(&line(&[
                item.clone(),
                status.name().into(),
                group.clone(),
                label.clone(),
                (*mark).to_owned(),
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
            row.id.clone(),
            row.status.name().into(),
            row.contention.map(number).unwrap_or_default(),
            row.conflicts.join("; "),
            row.blocking.clone().unwrap_or_default(),
        ]));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::field;

    #[test]
    fn quotes_only_what_needs_quoting() {
        assert_eq!(field("plain"), "plain");
        assert_eq!(field("a, b"), "\"a, b\"");
        assert_eq!(field("say \"x\""), "\"say \"\"x\"\"\"");
    }

    #[test]
    fn formulas_are_defused_and_numbers_kept() {
        assert_eq!(field("=1+2"), "'=1+2");
        assert_eq!(field("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(field("-0.5"), "-0.5");
        assert_eq!(field("a, b"), "\"a, b\"");
        assert_eq!(field("plain"), "plain");
    }
}

//! Position entries as rows of the long layout, and back: every field written so that reading it
//! gives the same entry (numbers in their shortest exact form, lists comma-separated, conditions
//! and tallies one option a line).

use crate::load::raw::{
    Estimate, Maturity, Position, PositionsFile, Provenance, Stance, StatePosition, Tally,
};

/// The column indices of [`super::COLUMNS`].
pub(super) mod col {
    pub const GROUP: usize = 0;
    pub const STATE: usize = 1;
    pub const ITEM: usize = 2;
    pub const STANCE: usize = 3;
    pub const PREFERS: usize = 4;
    pub const ACCEPTS: usize = 5;
    pub const CONDITIONS: usize = 6;
    pub const OPPOSES: usize = 7;
    pub const AT: usize = 8;
    pub const RANGE: usize = 9;
    pub const LIMITS: usize = 10;
    pub const SALIENCE: usize = 11;
    pub const SALIENCE_BASIS: usize = 12;
    pub const FLEXIBILITY: usize = 13;
    pub const FLEXIBILITY_BASIS: usize = 14;
    pub const MATURITY: usize = 15;
    pub const REFERENCE: usize = 16;
    pub const TALLIES: usize = 17;
    pub const PROVENANCE: usize = 18;
    pub const SOURCE: usize = 19;
    pub const AS_OF: usize = 20;
    pub const PUBLISHED: usize = 21;
    pub const NOTE: usize = 22;
    pub const TEXT: usize = 23;
}

/// The words of the `stance` column, by stance.
pub(super) const STANCES: [(&str, &str); 6] = [
    ("options", "Options"),
    ("scale", "Scale"),
    ("no position yet", "NoPositionYet"),
    ("not coded", "NotCoded"),
    ("no proposal", "NoProposal"),
    ("unknown", "Unknown"),
];

/// The words of the `maturity` column: the files' own names.
pub(super) const MATURITIES: [(&str, Maturity); 10] = [
    ("PreliminaryView", Maturity::PreliminaryView),
    ("Draft", Maturity::Draft),
    ("CommonPosition", Maturity::CommonPosition),
    ("CommonProposal", Maturity::CommonProposal),
    ("ECP", Maturity::ECP),
    ("PACP", Maturity::PACP),
    ("ACP", Maturity::ACP),
    ("DIAP", Maturity::DIAP),
    ("IAP", Maturity::IAP),
    ("AfCP", Maturity::AfCP),
];

/// A number in its shortest form that reads back exactly (`0.5`, `60`).
pub(super) fn number(value: f64) -> String {
    format!("{value}")
}

fn pair((low, high): (f64, f64)) -> String {
    format!("{}-{}", number(low), number(high))
}

/// Every entry of a positions file as rows: its positions in file order, then its member
/// states' positions.
pub(super) fn long_rows(file: &PositionsFile) -> Vec<Vec<String>> {
    let mut rows: Vec<Vec<String>> = file
        .positions
        .iter()
        .map(|position| position_row(&file.group, position))
        .collect();
    rows.extend(
        file.states
            .iter()
            .map(|position| state_row(&file.group, position)),
    );
    rows
}

fn empty_row(group: &str, item: &str) -> Vec<String> {
    let mut row = vec![String::new(); super::COLUMNS.len()];
    row[col::GROUP] = group.to_owned();
    row[col::ITEM] = item.to_owned();
    row
}

fn position_row(group: &str, position: &Position) -> Vec<String> {
    let mut row = empty_row(group, &position.item);
    stance_cells(&mut row, &position.stance);
    for (column, basis_column, estimate) in [
        (col::SALIENCE, col::SALIENCE_BASIS, position.salience),
        (
            col::FLEXIBILITY,
            col::FLEXIBILITY_BASIS,
            position.flexibility,
        ),
    ] {
        if let Some(estimate) = estimate {
            let (value, basis) = match estimate {
                Estimate::Sourced(value) => (value, "sourced"),
                Estimate::Estimated(value) => (value, "estimated"),
            };
            row[column] = number(value);
            row[basis_column] = basis.to_owned();
        }
    }
    if let Some(maturity) = position.maturity {
        row[col::MATURITY] = MATURITIES
            .iter()
            .find(|(_, m)| *m == maturity)
            .map(|(name, _)| (*name).to_owned())
            .unwrap_or_default();
    }
    row[col::REFERENCE] = position.reference.clone().unwrap_or_default();
    row[col::TALLIES] = position
        .tallies
        .iter()
        .map(tally_line)
        .collect::<Vec<_>>()
        .join("\n");
    provenance_cells(&mut row, position.provenance.as_ref());
    row[col::NOTE] = position.note.clone().unwrap_or_default();
    row[col::TEXT] = position.text.clone().unwrap_or_default();
    row
}

fn state_row(group: &str, position: &StatePosition) -> Vec<String> {
    let mut row = empty_row(group, &position.item);
    row[col::STATE] = position.state.clone();
    stance_cells(&mut row, &position.stance);
    row[col::REFERENCE] = position.reference.clone().unwrap_or_default();
    provenance_cells(&mut row, position.provenance.as_ref());
    row[col::NOTE] = position.note.clone().unwrap_or_default();
    row
}

fn stance_cells(row: &mut [String], stance: &Stance) {
    let name = match stance {
        Stance::Options { .. } => "options",
        Stance::Scale { .. } => "scale",
        Stance::NoPositionYet => "no position yet",
        Stance::NotCoded => "not coded",
        Stance::NoProposal => "no proposal",
        Stance::Unknown => "unknown",
    };
    row[col::STANCE] = name.to_owned();
    match stance {
        Stance::Options {
            prefers,
            accepts,
            conditions,
            opposes,
        } => {
            row[col::PREFERS] = prefers.clone().unwrap_or_default();
            row[col::ACCEPTS] = accepts.join(", ");
            row[col::CONDITIONS] = conditions
                .iter()
                .map(|(option, text)| format!("{option}: {text}"))
                .collect::<Vec<_>>()
                .join("\n");
            row[col::OPPOSES] = opposes.join(", ");
        }
        Stance::Scale { at, range, limits } => {
            row[col::AT] = number(*at);
            row[col::RANGE] = pair(*range);
            row[col::LIMITS] = limits.map(pair).unwrap_or_default();
        }
        Stance::NoPositionYet | Stance::NotCoded | Stance::NoProposal | Stance::Unknown => {}
    }
}

/// `b: support AUT, BEL; oppose NLD`.
fn tally_line(tally: &Tally) -> String {
    let mut line = format!("{}: support {}", tally.option, tally.support.join(", "));
    if !tally.oppose.is_empty() {
        line.push_str(&format!("; oppose {}", tally.oppose.join(", ")));
    }
    line
}

fn provenance_cells(row: &mut [String], provenance: Option<&Provenance>) {
    match provenance {
        Some(Provenance::Sourced {
            source,
            as_of,
            published,
        }) => {
            row[col::PROVENANCE] = "sourced".into();
            row[col::SOURCE] = source.clone();
            row[col::AS_OF] = as_of.clone();
            row[col::PUBLISHED] = published.clone().unwrap_or_default();
        }
        Some(Provenance::Estimated { note, as_of }) => {
            row[col::PROVENANCE] = "estimated".into();
            row[col::SOURCE] = note.clone();
            row[col::AS_OF] = as_of.clone().unwrap_or_default();
        }
        Some(Provenance::Illustrative { note, as_of }) => {
            row[col::PROVENANCE] = "illustrative".into();
            row[col::SOURCE] = note.clone();
            row[col::AS_OF] = as_of.clone().unwrap_or_default();
        }
        // Resolved when the file was read: a name left is one that names nothing.
        Some(Provenance::Named(_) | Provenance::Unresolved) | None => {}
    }
}

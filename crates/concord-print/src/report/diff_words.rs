//! The words of a diff's field changes, shared by the text, Markdown and JSON printers: a field
//! as `salience 0.5 (estimated) → 0.7 (sourced)`, never an "X → X" line.

use concord_core::analysis::{CellField, ItemField};
use concord_core::model::{Basis, Estimate, Majority, Provenance, Tally, Voting};

use crate::escape::number::number;

fn estimate(value: &Estimate) -> String {
    let basis = match value.basis {
        Basis::Sourced => "sourced",
        Basis::Estimated => "estimated",
        Basis::Default => "default",
    };
    format!("{} ({basis})", number(value.value))
}

fn quoted(text: Option<&String>) -> String {
    text.map_or_else(|| "none".to_owned(), |text| format!("“{text}”"))
}

fn provenance(provenance: &Provenance) -> String {
    match provenance {
        Provenance::Sourced {
            source,
            as_of,
            published,
        } => match published {
            Some(published) => format!("“{source}” as of {as_of}, published {published}"),
            None => format!("“{source}” as of {as_of}"),
        },
        Provenance::Estimated { note, as_of } => match as_of {
            Some(as_of) => format!("estimated position: “{note}” as of {as_of}"),
            None => format!("estimated position: “{note}”"),
        },
        Provenance::Illustrative { note, as_of } => match as_of {
            Some(as_of) => format!("illustrative: “{note}” as of {as_of}"),
            None => format!("illustrative: “{note}”"),
        },
        Provenance::Missing | Provenance::Implicit => "none".to_owned(),
        Provenance::Later => "not yet known".to_owned(),
    }
}

fn tallies(tallies: &[Tally]) -> String {
    if tallies.is_empty() {
        return "none".into();
    }
    tallies
        .iter()
        .map(|t| {
            let ids = |ids: &[concord_core::id::StateId]| {
                ids.iter()
                    .map(|s| s.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            if t.oppose.is_empty() {
                format!("{}: support {}", t.option, ids(&t.support))
            } else {
                format!(
                    "{}: support {}; oppose {}",
                    t.option,
                    ids(&t.support),
                    ids(&t.oppose)
                )
            }
        })
        .collect::<Vec<_>>()
        .join(" | ")
}

/// A voting rule in words.
pub fn voting(voting: Option<Voting>) -> String {
    match voting {
        None => "the scenario's rule".into(),
        Some(Voting::Never) => "consensus only (carried forward)".into(),
        Some(Voting::Majority(Majority::Simple)) => "a vote, simple majority".into(),
        Some(Voting::Majority(Majority::TwoThirds)) => "a vote, two-thirds majority".into(),
    }
}

/// A cell field's change: (the field's name, old, new).
pub fn cell_field(field: &CellField) -> (&'static str, String, String) {
    match field {
        CellField::Salience(a, b) => ("salience", estimate(a), estimate(b)),
        CellField::Flexibility(a, b) => ("flexibility", estimate(a), estimate(b)),
        CellField::Reference(a, b) => ("reference", quoted(a.as_ref()), quoted(b.as_ref())),
        CellField::Tallies(a, b) => ("tallies", tallies(a), tallies(b)),
        CellField::Provenance(a, b) => ("source", provenance(a), provenance(b)),
        CellField::Note(a, b) => ("note", quoted(a.as_ref()), quoted(b.as_ref())),
        CellField::Text(a, b) => ("words", quoted(a.as_ref()), quoted(b.as_ref())),
    }
}

/// An item field's change in words (after the item's id).
pub fn item_field(field: &ItemField) -> String {
    match field {
        ItemField::Title(a, b) => format!("title “{a}” → “{b}”"),
        ItemField::Document(a, b) => {
            format!("document {} → {}", quoted(a.as_ref()), quoted(b.as_ref()))
        }
        ItemField::OptionAdded(option, label) => format!("option {option} added (“{label}”)"),
        ItemField::OptionRemoved(option) => format!("option {option} removed"),
        ItemField::OptionRelabelled(option, a, b) => {
            format!("option {option} relabelled “{a}” → “{b}”")
        }
        ItemField::Voting(a, b) => format!("voting {} → {}", voting(*a), voting(*b)),
        ItemField::DependsOn(a, b) => {
            let ids = |ids: &[concord_core::id::ItemId]| {
                if ids.is_empty() {
                    "nothing".to_owned()
                } else {
                    ids.iter()
                        .map(|i| i.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                }
            };
            format!("depends on {} → {}", ids(a), ids(b))
        }
    }
}

/// A scenario's stages in words: `CPG23-5 (2023-04-24 to 2023-04-28), WRC-23`.
pub fn stages(stages: &[concord_core::analysis::StageDates]) -> String {
    stages
        .iter()
        .map(|(name, start, end)| match (start, end) {
            (Some(start), Some(end)) => format!("{name} ({start} to {end})"),
            _ => name.clone(),
        })
        .collect::<Vec<_>>()
        .join(", ")
}

//! A group's cell and a member state's stance in the field's vocabulary: the words the report's
//! views and the brief share (re-exported by `report::view`, where the brief finds them).

use concord_core::analysis::{GroupCell, Stated};
use concord_core::model::Stance;

use crate::escape::number::number;

/// A cell in the field's vocabulary: "prefers a; accepts b if …; opposes c", "accepts a or b",
/// "at 60 (accepts 50-70)", "no position yet", "no proposal", "unknown", "no common proposal".
pub(crate) fn cell_label(cell: &GroupCell) -> String {
    match (cell.stated(), cell.not_stated()) {
        (Some(Stated::Options(stance)), _) => {
            let mut parts = Vec::new();
            let mut accepted = stance.accepts.iter().peekable();
            if let Some(preferred) = &stance.prefers {
                // A condition on the preferred option is part of the position.
                let condition = accepted
                    .next_if(|a| &a.option == preferred)
                    .and_then(|a| a.condition.as_deref())
                    .map(|condition| format!(" {}", condition_clause(condition)))
                    .unwrap_or_default();
                parts.push(format!("prefers {preferred}{condition}"));
            }
            let accepted: Vec<String> = accepted
                .map(|a| {
                    let mut text = a.option.to_string();
                    if let Some(condition) = &a.condition {
                        text.push_str(&format!(" {}", condition_clause(condition)));
                    }
                    if a.confidential {
                        text.push_str(" (confidential)");
                    }
                    text
                })
                .collect();
            if !accepted.is_empty() {
                let verb = if stance.prefers.is_some() {
                    "also accepts"
                } else {
                    "accepts"
                };
                parts.push(format!("{verb} {}", accepted.join(" or ")));
            }
            if !stance.opposes.is_empty() {
                let opposed: Vec<String> = stance
                    .opposes
                    .iter()
                    .map(|(option, confidential)| {
                        if *confidential {
                            format!("{option} (confidential)")
                        } else {
                            option.to_string()
                        }
                    })
                    .collect();
                parts.push(format!("opposes {}", opposed.join(" and ")));
            }
            parts.join("; ")
        }
        (Some(Stated::Scale(scale)), _) => {
            format!(
                "at {} (accepts {}-{})",
                number(scale.at),
                number(scale.range.0),
                number(scale.range.1)
            )
        }
        (None, Some(concord_core::analysis::NotStated::NotCoded(words))) => {
            // On one line wherever a cell is shown: a line break of the words is written `\n`.
            format!(
                "stated, not coded: “{}”",
                crate::escape::text::one_line(words)
            )
        }
        (None, Some(not_stated)) => not_stated.label().to_owned(),
        (None, None) => "unknown".to_owned(),
    }
}

/// A condition as a clause: "if …" unless it already reads as one ("only if …", "provided …").
pub(crate) fn condition_clause(condition: &str) -> String {
    let condition = &*crate::escape::text::one_line(condition);
    let first = condition
        .split_whitespace()
        .next()
        .unwrap_or_default()
        .to_lowercase();
    if [
        "if", "only", "unless", "provided", "subject", "when", "as", "once",
    ]
    .contains(&first.as_str())
    {
        condition.to_owned()
    } else {
        format!("if {condition}")
    }
}

/// A stance as a model file writes it, in words: "prefers noc; accepts r1 if …; opposes imt" (a
/// member state's own position in the report and the brief).
pub(crate) fn stance_words(stance: &Stance) -> String {
    match stance {
        Stance::Options(s) => {
            let mut parts = Vec::new();
            if let Some(preferred) = &s.prefers {
                parts.push(format!("prefers {preferred}"));
            }
            let accepted: Vec<String> = s
                .accepts
                .iter()
                .filter(|a| Some(&a.option) != s.prefers.as_ref())
                .map(|a| match &a.condition {
                    Some(condition) => format!("{} {condition}", a.option),
                    None => a.option.to_string(),
                })
                .collect();
            if !accepted.is_empty() {
                parts.push(format!("accepts {}", accepted.join(", ")));
            }
            if !s.opposes.is_empty() {
                parts.push(format!(
                    "opposes {}",
                    s.opposes
                        .iter()
                        .map(concord_core::id::OptionId::as_str)
                        .collect::<Vec<_>>()
                        .join(", ")
                ));
            }
            parts.join("; ")
        }
        Stance::Scale(s) => format!("at {}", number(s.at)),
        Stance::NoPositionYet => "no position yet".into(),
        Stance::NotCoded => "stated, not coded".into(),
        Stance::NoProposal => "no proposal".into(),
        Stance::Unknown => "unknown".into(),
    }
}

//! The Decide exchange-model format written from a scenario's scale items (`concord export
//! --format decide`): `#A` actors from the groups (power = capability), `#P` issues with their
//! `#M` anchors, `#D` rows from the scale positions, every field single-quoted where it is text.

use concord_core::analysis::capability_of;
use concord_core::model::{ItemKind, Scenario, Stance};

use crate::escape::decide::field as quote;

/// The scale items of a scenario as a Decide file (groups as actors, capability as power).
pub fn export(scenario: &Scenario) -> String {
    let mut out = String::new();
    for group in scenario.groups.values() {
        out.push_str(&format!(
            "{}\t{}\t{}\t''\n",
            quote("#A"),
            quote(group.id.as_str()),
            quote(&group.name)
        ));
    }
    for item in scenario.items.values() {
        let ItemKind::Scale(scale) = &item.kind else {
            continue;
        };
        out.push_str(&format!(
            "{}\t{}\t{}\t''\n",
            quote("#P"),
            quote(item.id.as_str()),
            quote(&item.title)
        ));
        for (at, meaning) in &scale.anchors {
            out.push_str(&format!(
                "{}\t{}\t{at}\t{}\n",
                quote("#M"),
                quote(item.id.as_str()),
                quote(meaning)
            ));
        }
    }
    // Decide's power lies in 0-1: capabilities above 1 (member counts) are divided by the
    // largest, which keeps their ratios; capabilities within 0-1 (an import) are kept as they are.
    let largest = scenario
        .groups
        .values()
        .map(|group| capability_of(scenario, group))
        .fold(0.0_f64, f64::max);
    let scale = if largest > 1.0 { largest } else { 1.0 };
    for group in scenario.groups.values() {
        let power = capability_of(scenario, group) / scale;
        for item in scenario.items.values() {
            if let Stance::Scale(stance) = &scenario.cell(&group.id, &item.id).stance {
                let salience = scenario.cell(&group.id, &item.id).salience.value;
                out.push_str(&format!(
                    "{}\t{}\t{}\t{:?}\t{:?}\t{:?}\n",
                    quote("#D"),
                    quote(group.id.as_str()),
                    quote(item.id.as_str()),
                    stance.at,
                    salience,
                    power
                ));
            }
        }
    }
    out
}

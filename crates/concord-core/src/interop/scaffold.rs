//! `concord new`: a new conference's scenario scaffolded from an earlier one — its agenda (items,
//! issues, options), its states and groups files, its capability and voting rule — with one
//! empty positions file per group, ready for `concord set`. Nothing else is copied: no position,
//! stage, outcome, private file or organisation of the earlier conference carries over.

use crate::load::raw::{PositionsFile, ScenarioFile, Stage, StageKind};
use crate::model::Date;

/// What the new conference is: the facts the earlier scenario cannot give.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewConference {
    /// Its id (`WRC-31`).
    pub id: String,
    /// Its full name.
    pub name: String,
    /// Where it is held.
    pub venue: String,
    /// Its first and last day.
    pub dates: (Date, Date),
    /// The reference date of what its files will say.
    pub as_of: Date,
}

/// A scaffold's texts: the scenario's, and each group's (by its file stem) positions file's.
pub type Scaffold = (String, Vec<(String, String)>);

/// The scaffold: the scenario's text and, per group (in the earlier scenario's group order), its
/// empty positions file's text; `positions` is the path of the group files' folder as the
/// scenario names it (`../positions/wrc-31`). `like` is the earlier scenario's text.
pub fn scaffold(
    like: &str,
    new: &NewConference,
    groups: &[String],
    positions: &str,
) -> Result<Scaffold, Box<crate::diag::Diagnostic>> {
    let earlier: ScenarioFile = crate::load::parse_str(like)?;
    let files: Vec<String> = groups
        .iter()
        .map(|group| format!("{positions}/{}.ron", group.to_lowercase()))
        .collect();
    let scenario = ScenarioFile {
        conference: new.id.clone(),
        name: new.name.clone(),
        venue: new.venue.clone(),
        dates: (new.dates.0.to_string(), new.dates.1.to_string()),
        as_of: new.as_of.to_string(),
        next_conference: None,
        deadline: None,
        states: earlier.states,
        groups: earlier.groups,
        positions: files,
        private: Vec::new(),
        outcomes: None,
        organisations: Vec::new(),
        capability: earlier.capability,
        voting: earlier.voting,
        stages: vec![Stage {
            name: new.id.clone(),
            kind: StageKind::Conference,
            start: Some(new.dates.0.to_string()),
            end: Some(new.dates.1.to_string()),
            rounds: 10,
            groups: Vec::new(),
            deadline: None,
        }],
        items: earlier.items,
    };
    let header = format!(
        "// {}: scaffolded by `concord new` from the agenda of {} (its items, issues and options,\n// to be replaced by this conference's own). Every cell is unknown until `concord set` fills it.",
        new.id, earlier.conference
    );
    let scenario_text = ron(&header, &scenario);
    let group_files = groups
        .iter()
        .map(|group| {
            let file = PositionsFile {
                provenances: indexmap::IndexMap::new(),
                defaults: None,
                group: group.clone(),
                conference: new.id.clone(),
                positions: Vec::new(),
                states: Vec::new(),
            };
            let header = format!(
                "// {group} on {}: nothing known yet. `concord set` adds dated versions here.",
                new.id
            );
            (group.to_lowercase(), ron(&header, &file))
        })
        .collect();
    Ok((scenario_text, group_files))
}

fn ron<T: serde::Serialize>(header: &str, value: &T) -> String {
    let config = ron::ser::PrettyConfig::default()
        .struct_names(true)
        .extensions(ron::extensions::Extensions::IMPLICIT_SOME);
    let text = format!(
        "{header}\n{}\n",
        ron::ser::to_string_pretty(value, config).expect("raw types serialize")
    );
    crate::format::format(&text).unwrap_or(text)
}

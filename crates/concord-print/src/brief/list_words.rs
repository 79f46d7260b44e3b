//! The words of an item's lists (`lists`), beside `words`: one sentence per fact, the same for
//! the Markdown and HTML printers and, through the `Serialize` impls below, for the JSON.

use std::fmt::Write as _;

use serde::ser::SerializeStruct;
use serde::{Serialize, Serializer};

use concord_core::id::{GroupId, OptionId};

use super::lists::{
    Ally, CellBasis, CrossPressured, Deal, Difference, Differs, Further, Method, OpenCompromise,
    OrganisationView, Party, Pull, RedLine, RedLiner, Reference, Reservation, SharedFirst,
    WantsOther,
};
use super::words::{each, serialize_as_sentence};
use super::{ItemBrief, ItemSimulation, OurCell, SourcedCell};
use crate::report::view::{cell_label, number, stance_words};
use concord_core::model::Provenance;

/// Ids, comma-separated.
fn joined<'a>(ids: impl IntoIterator<Item = &'a str>) -> String {
    ids.into_iter().collect::<Vec<_>>().join(", ")
}

fn options(options: &[OptionId]) -> String {
    joined(options.iter().map(OptionId::as_str))
}

fn groups(groups: &[GroupId]) -> String {
    joined(groups.iter().map(GroupId::as_str))
}

impl Ally {
    /// "CEPT (prefers noc; accepts mod)".
    pub fn sentence(&self) -> String {
        format!("{} ({})", self.0.group, cell_label(&self.0))
    }
}

impl RedLine {
    /// "CITEL: red line on all-regions (an option we accept)", or for a member state "USA (a
    /// member state, in CITEL's file): red line on all-regions".
    pub fn sentence(&self) -> String {
        let who = match &self.by {
            RedLiner::Group(group) => group.to_string(),
            RedLiner::State { state, file } => {
                format!("{state} (a member state, in {file}'s file)")
            }
        };
        format!(
            "{who}: red line on {}{}",
            options(&self.options),
            if self.hits_ours {
                " (an option we accept)"
            } else {
                ""
            }
        )
    }
}

impl WantsOther {
    /// "APT: prefers mod (… with CEPT)".
    pub fn sentence(&self) -> String {
        format!(
            "{}: {} ({} with {})",
            self.group,
            self.cell.as_ref().map(cell_label).unwrap_or_default(),
            crate::report::reasons::conflict(&self.conflict),
            self.with
        )
    }
}

impl OpenCompromise {
    /// "mod: also acceptable to APT, ATU", with the conditions it rests on ("; if: ATU:
    /// provided …"), or "the compromise point 40".
    pub fn sentence(&self) -> String {
        match self {
            OpenCompromise::Option {
                option,
                also,
                outside,
                conditions,
            } => {
                let mut sentence = format!(
                    "{option}: also acceptable to {}",
                    if also.is_empty() {
                        "no other group".into()
                    } else {
                        groups(also)
                    }
                );
                if !outside.is_empty() {
                    let _ = write!(
                        sentence,
                        " ({} only let{} it be: it applies outside {} Regions)",
                        groups(outside),
                        if outside.len() == 1 { "s" } else { "" },
                        if outside.len() == 1 { "its" } else { "their" }
                    );
                }
                if !conditions.is_empty() {
                    sentence.push_str("; if: ");
                    sentence.push_str(&crate::report::view_words::if_words(conditions));
                }
                sentence
            }
            OpenCompromise::Point(point) => format!("the compromise point {}", number(*point)),
        }
    }
}

impl CrossPressured {
    /// "FRA (CEPT × ATU)".
    pub fn sentence(&self) -> String {
        let pressure = &self.0;
        format!(
            "{} ({} × {})",
            pressure.state, pressure.groups.0, pressure.groups.1
        )
    }
}

impl Differs {
    /// "CEPT: prefers noc — it red-lines our first choice mod".
    pub fn sentence(&self) -> String {
        let how = match &self.how {
            Difference::PutsFirstOurRedLine(first) => {
                format!("it puts first {first}, one of our red lines")
            }
            Difference::RedLinesOurFirst(first) => format!("it red-lines our first choice {first}"),
            Difference::AcceptsOurFirstNotFirst(first) => {
                format!("it accepts our first choice {first}, but does not put it first")
            }
            Difference::NotOurLine => "not our line".into(),
            Difference::GroupStatesNone => "the group states no position; ours is our own".into(),
        };
        format!("{}: {} — {how}", self.cell.group, cell_label(&self.cell))
    }
}

impl SharedFirst {
    /// "BRA (CITEL): also puts noc first".
    pub fn sentence(&self) -> String {
        format!(
            "{} ({}): also puts {} first",
            self.state,
            if self.groups.is_empty() {
                "in no group".to_owned()
            } else {
                groups(&self.groups)
            },
            self.first
        )
    }
}

impl Pull {
    /// "ATU and ARB conflict: …".
    pub fn sentence(&self) -> String {
        format!(
            "{} and {} conflict: {}",
            self.0.groups.0,
            self.0.groups.1,
            crate::report::reasons::conflict(&self.0)
        )
    }
}

impl Method {
    /// "Method A (a): label — Region 3 only; change: ADD 5.A17; summary …; advantages: …;
    /// disadvantages: …".
    pub fn sentence(&self) -> String {
        let mut sentence = match &self.action {
            Some(action) => format!("{} ({}): {}", action.label(), self.option, self.label),
            None => format!("{}: {}", self.option, self.label),
        };
        let mut parts = Vec::new();
        if !self.reach.is_global() {
            parts.push(self.reach.words());
        }
        parts.extend(crate::report::view_words::substance_parts(&self.substance));
        if !parts.is_empty() {
            let _ = write!(sentence, " — {}", parts.join("; "));
        }
        sentence
    }
}

impl OrganisationView {
    /// "ICAO (no vote, not counted): prefers noc; opposes imt — note".
    pub fn sentence(&self) -> String {
        crate::report::view_words::organisation_view(&(
            self.organisation.clone(),
            self.stance.clone(),
            self.note.clone(),
        ))
    }
}

impl Party {
    /// The group's id or the state's code.
    pub fn id(&self) -> &str {
        match self {
            Party::Group(group) => group.as_str(),
            Party::State(state) => state.as_str(),
        }
    }
}

impl Reference {
    /// "CEPT: ECP 1".
    pub fn sentence(&self) -> String {
        format!("{}: {}", self.by.id(), self.reference)
    }
}

impl Further {
    /// "linked to WRC-27 1.7 (note)", "depends on 1.2".
    pub fn sentence(&self) -> String {
        match self {
            Further::Link {
                conference,
                item,
                note,
            } => format!(
                "linked to {conference} {item}{}",
                note.as_ref().map(|n| format!(" ({n})")).unwrap_or_default()
            ),
            Further::DependsOn(item) => format!("depends on {item}"),
        }
    }
}

impl Reservation {
    /// "CEPT (confidential): note; fallbacks: a, b; confidential red lines: c; flexibility 0.3".
    pub fn sentence(&self) -> String {
        let mut parts = Vec::new();
        if let Some(note) = &self.note {
            parts.push(note.clone());
        }
        if !self.fallbacks.is_empty() {
            parts.push(format!("fallbacks: {}", options(&self.fallbacks)));
        }
        if !self.red_lines.is_empty() {
            parts.push(format!(
                "confidential red lines: {}",
                options(&self.red_lines)
            ));
        }
        if let Some(f) = self.flexibility {
            parts.push(format!("flexibility {}", number(f)));
        }
        format!("{} (confidential): {}", self.group, parts.join("; "))
    }
}

impl Deal {
    /// The deal as the report words it.
    pub fn sentence(&self) -> String {
        crate::report::simulation::deal_sentence(&self.0)
    }
}

impl CellBasis {
    /// "sourced", "stance sourced; salience estimated", "illustrative", "no source given",
    /// "unknown".
    pub fn words(self) -> String {
        match self {
            CellBasis::Sourced => "sourced".into(),
            CellBasis::StanceSourced {
                salience_estimated,
                flexibility_estimated,
            } => {
                let estimated: Vec<&str> = [
                    ("salience", salience_estimated),
                    ("flexibility", flexibility_estimated),
                ]
                .into_iter()
                .filter(|(_, estimated)| *estimated)
                .map(|(what, _)| what)
                .collect();
                format!("stance sourced; {} estimated", estimated.join(" and "))
            }
            CellBasis::Estimate => "estimated position".into(),
            CellBasis::Illustrative => "illustrative".into(),
            CellBasis::NoSource => "no source given".into(),
            CellBasis::Unknown => "unknown".into(),
        }
    }
}

/// Where a cell comes from, in words: the source and its date, or why there is none.
pub(crate) fn source_words(provenance: &Provenance) -> String {
    match provenance {
        Provenance::Sourced { source, as_of, .. } => format!("{source} ({as_of})"),
        Provenance::Estimated { note, as_of } => {
            dated(format!("estimated position: {note}"), *as_of)
        }
        Provenance::Illustrative { note, as_of } => dated(format!("illustrative: {note}"), *as_of),
        Provenance::Missing => "no source given".into(),
        Provenance::Implicit => "not in the group's file: unknown".into(),
        Provenance::Later => "not yet known at the replay date".into(),
    }
}

/// `words (date)` when there is a date.
fn dated(words: String, as_of: Option<concord_core::model::Date>) -> String {
    match as_of {
        Some(as_of) => format!("{words} ({as_of})"),
        None => words,
    }
}

impl OurCell {
    /// The maturity in the group's own terms, or empty.
    pub fn maturity_words(&self) -> &str {
        self.maturity
            .map(|m| m.label(self.cell.group.as_str()))
            .unwrap_or_default()
    }

    /// `CEPT: prefers noc, ECP, ECP 1, [sourced]`: the cell, its maturity, reference and basis.
    pub fn sentence(&self) -> String {
        let mut parts = vec![format!("{}: {}", self.cell.group, cell_label(&self.cell))];
        let maturity = self.maturity_words();
        if !maturity.is_empty() {
            parts.push(maturity.to_owned());
        }
        let reference = self.reference.as_deref().unwrap_or_default();
        if !reference.is_empty() {
            parts.push(reference.to_owned());
        }
        if let Some(mark) = self.mark {
            parts.push(format!("[{}]", mark.words()));
        }
        parts.join(", ")
    }
}

impl SourcedCell {
    /// `CEPT: prefers noc [sourced] — the source (2023-05-01)`, then `; note: …` when the group
    /// gives one.
    pub fn sentence(&self) -> String {
        let mut sentence = format!(
            "{}: {} [{}] — {}",
            self.cell.group,
            cell_label(&self.cell),
            self.basis.words(),
            source_words(&self.source)
        );
        if let Some(note) = &self.note {
            sentence.push_str(&format!("; note: {note}"));
        }
        sentence
    }
}

impl Serialize for OurCell {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut out = serializer.serialize_struct("OurCell", 5)?;
        out.serialize_field("group", self.cell.group.as_str())?;
        out.serialize_field("label", &cell_label(&self.cell))?;
        out.serialize_field("reference", self.reference.as_deref().unwrap_or_default())?;
        out.serialize_field("maturity", self.maturity_words())?;
        out.serialize_field("mark", &self.mark.map(CellBasis::words).unwrap_or_default())?;
        out.end()
    }
}

impl Serialize for SourcedCell {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut out = serializer.serialize_struct("SourcedCell", 6)?;
        out.serialize_field("group", self.cell.group.as_str())?;
        out.serialize_field("label", &cell_label(&self.cell))?;
        out.serialize_field("basis", &self.basis.words())?;
        out.serialize_field("reference", &self.reference)?;
        out.serialize_field("source", &source_words(&self.source))?;
        out.serialize_field("note", &self.note)?;
        out.end()
    }
}

impl ItemBrief {
    /// The titled lists of an item's brief, in the order every format shows them (an empty list
    /// is left out by the renderers).
    pub fn sections(&self) -> Vec<(&'static str, Vec<String>)> {
        let position = each(&self.position, OurCell::sentence);
        let background: Vec<String> = self
            .issue_of
            .iter()
            .map(|parent| format!("an issue of {parent}"))
            .chain((!self.background.is_empty()).then(|| self.background.clone()))
            .chain(self.cpm_background.iter().cloned())
            .collect();
        vec![
            ("Position", position),
            (
                "Our own position",
                self.own_state_position.iter().map(stance_words).collect(),
            ),
            (
                "Where we differ from our groups",
                each(&self.differs, Differs::sentence),
            ),
            (
                "Where our groups pull apart",
                each(&self.pulls, Pull::sentence),
            ),
            ("Lead", self.lead.iter().cloned().collect()),
            ("Background", background),
            ("CPM methods", each(&self.methods, Method::sentence)),
            (
                "Views of organisations (no vote, not counted)",
                each(&self.organisations, OrganisationView::sentence),
            ),
            (
                "Proposal references",
                each(&self.references, Reference::sentence),
            ),
            (
                "Further consideration",
                each(&self.further_consideration, Further::sentence),
            ),
            (
                "Reservations",
                each(&self.reservations, Reservation::sentence),
            ),
            ("Allies", each(&self.allies, Ally::sentence)),
            (
                "Member states outside our groups with our first choice",
                each(&self.shared_by_states, SharedFirst::sentence),
            ),
            (
                "Red lines drawn by others",
                each(&self.red_lines, RedLine::sentence),
            ),
            (
                "Groups that want another option (no red line against what we accept)",
                each(&self.want_other, WantsOther::sentence),
            ),
            (
                "Compromises acceptable to us",
                each(&self.compromises, OpenCompromise::sentence),
            ),
            ("Candidate deals", each(&self.deals, Deal::sentence)),
            (
                "Cross-pressured member states to approach",
                each(&self.cross_pressured, CrossPressured::sentence),
            ),
            (
                "Simulated outcome",
                self.simulation
                    .iter()
                    .map(ItemSimulation::sentence)
                    .collect(),
            ),
        ]
    }
}

serialize_as_sentence!(
    Ally,
    RedLine,
    WantsOther,
    OpenCompromise,
    CrossPressured,
    Differs,
    SharedFirst,
    Pull,
    Method,
    OrganisationView,
    Reference,
    Further,
    Reservation,
    Deal,
);

#[cfg(test)]
mod tests {
    use super::*;
    use concord_core::id::StateId;

    /// An option, two groups and a state of the bundled scenario.
    fn ids() -> (OptionId, GroupId, GroupId, StateId) {
        crate::brief::test_ids()
    }

    #[test]
    fn a_red_line_names_who_draws_it_and_marks_an_option_we_accept() {
        let (option, cept, apt, state) = ids();
        let group_line = RedLine {
            by: RedLiner::Group(apt.clone()),
            options: vec![option.clone()],
            hits_ours: false,
        };
        assert_eq!(group_line.sentence(), format!("APT: red line on {option}"));
        assert_eq!(group_line.who(), "APT");
        let state_line = RedLine {
            by: RedLiner::State {
                state: state.clone(),
                file: cept,
            },
            options: vec![option.clone(), option.clone()],
            hits_ours: true,
        };
        assert_eq!(
            state_line.sentence(),
            format!(
                "{state} (a member state, in CEPT's file): red line on {option}, {option} (an option we accept)"
            )
        );
        assert_eq!(state_line.who(), state.as_str());
        assert_eq!(
            serde_json::to_value(&state_line).unwrap(),
            state_line.sentence()
        );
    }

    #[test]
    fn compromises_reservations_and_bases_in_words() {
        let (option, cept, apt, _) = ids();
        let alone = OpenCompromise::Option {
            outside: Vec::new(),
            option: option.clone(),
            also: Vec::new(),
            conditions: Vec::new(),
        };
        assert_eq!(
            alone.sentence(),
            format!("{option}: also acceptable to no other group")
        );
        let shared = OpenCompromise::Option {
            outside: Vec::new(),
            option: option.clone(),
            also: vec![cept.clone(), apt],
            conditions: vec![(cept.clone(), "provided the band is shared".into())],
        };
        assert_eq!(
            shared.sentence(),
            format!(
                "{option}: also acceptable to CEPT, APT; if: CEPT: provided the band is shared"
            )
        );
        assert_eq!(
            OpenCompromise::Point(40.0).sentence(),
            "the compromise point 40"
        );
        let reservation = Reservation {
            group: cept,
            note: None,
            fallbacks: vec![option.clone()],
            red_lines: Vec::new(),
            flexibility: Some(0.3),
        };
        assert_eq!(
            reservation.sentence(),
            format!("CEPT (confidential): fallbacks: {option}; flexibility 0.3")
        );
        let basis = |salience_estimated, flexibility_estimated| {
            CellBasis::StanceSourced {
                salience_estimated,
                flexibility_estimated,
            }
            .words()
        };
        assert_eq!(basis(true, false), "stance sourced; salience estimated");
        assert_eq!(basis(false, true), "stance sourced; flexibility estimated");
        assert_eq!(
            basis(true, true),
            "stance sourced; salience and flexibility estimated"
        );
        assert_eq!(CellBasis::NoSource.words(), "no source given");
    }
}

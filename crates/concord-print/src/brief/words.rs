//! The one place that words the brief's typed facts (`facts`), with `list_words` (an item's
//! lists and cells) and `overview_words` (the reader, the summary, the heat map) beside it: the
//! line and its reason, priorities, own positions, simulated outcomes, the meta line, the
//! calendar's opening and what comes next for each of our groups (the calendar's table is
//! `report::progress`'s). The Markdown and HTML printers call these; the JSON writes the same
//! strings through the `Serialize` impls and `serialize_with` helpers below.

use std::fmt::Display;

use serde::Serialize;
use serde::ser::{SerializeStruct, Serializer};

use concord_core::analysis::ItemStatus;
use concord_core::id::{GroupId, OptionId};
use concord_core::model::{Basis, Stance};

use super::facts::{
    Action, ItemSimulation, Line, MostOften, OwnPosition, Priority, Reason, SimulationRuns,
};
use crate::progress::{GroupNext, Meeting};
use crate::report::view::{Coverage, number, stance_words};

impl Action {
    /// The action as the brief writes it.
    pub fn label(self) -> &'static str {
        match self {
            Action::Hold => "hold",
            Action::BuildACoalition => "build a coalition",
            Action::OfferACompromise => "offer a compromise",
            Action::PrepareForCarryForward => "prepare for carry-forward",
            Action::Watch => "watch",
        }
    }
}

impl Line {
    /// The line as the brief writes it, naming the option it is about: "hold", "offer a
    /// compromise: mod", "build a coalition for noc".
    pub fn label(&self) -> String {
        match (self.action, &self.option) {
            (action, None) => action.label().to_owned(),
            (Action::OfferACompromise, Some(option)) => format!("offer a compromise: {option}"),
            (Action::BuildACoalition, Some(option)) => format!("build a coalition for {option}"),
            (action, Some(option)) => format!("{}: {option}", action.label()),
        }
    }
}

/// Ids, comma-separated.
fn joined<'a>(ids: impl IntoIterator<Item = &'a str>) -> String {
    ids.into_iter().collect::<Vec<_>>().join(", ")
}

fn groups(who: &[GroupId]) -> String {
    joined(who.iter().map(GroupId::as_str))
}

impl Reason {
    /// Why, in a sentence.
    pub fn sentence(&self) -> String {
        match self {
            Reason::WeStateNoPosition => {
                "we state no position: follow the item and decide whether to speak".into()
            }
            Reason::NotInTheData => "our position is not in the data (unknown, which is not opposition): add it to see where we stand; meanwhile follow the item".into(),
            Reason::NoPositionYet => {
                "we have no position yet: follow the studies and decide whether to speak".into()
            }
            Reason::CarriedForward { p_carried_forward } => format!(
                "the simulation carries it forward in {}% of runs: prepare the position for the next conference",
                number(p_carried_forward * 100.0)
            ),
            Reason::TooFewHaveSpoken => {
                "too few groups have spoken: find co-sponsors before the conference".into()
            }
            Reason::PointInEveryRange => {
                "a point inside every stated range exists: keep it on the table".into()
            }
            Reason::NoPointInEveryRange => {
                "no point lies inside every stated range: hold our range and look for movement".into()
            }
            Reason::CompromiseWeAccept => {
                "a compromise we accept is on the table: keep it there".into()
            }
            Reason::OthersMeetElsewhere { option, who } => format!(
                "the others meet on an option we do not accept; offer one we can live with: {option}, which {} also accept",
                groups(who)
            ),
            Reason::OthersMeetElsewhereAlone => "the others meet on an option we do not accept, and no option we accept is acceptable to another group: state our line and our conditions".into(),
            Reason::ContestedTopIsOurs => "contested, but the option most weight is behind is one we support: gather the groups that can come round".into(),
            Reason::ContestedOurChoiceAccepted { option, who } => format!(
                "contested; the option most weight is behind is not ours, but {} also accept our choice {option}",
                groups(who)
            ),
            Reason::ContestedOfferable { option, who } => format!(
                "contested; the option most weight is behind is not one we support: {option}, which {} also accept",
                groups(who)
            ),
            Reason::ContestedAlone => {
                "contested, and no option we accept is acceptable to another group: hold our line".into()
            }
            Reason::OnlyOnConditions => "we support no option (what we accept, we accept on conditions): keep our conditions on the table".into(),
            Reason::RedLinesOnly { options } => format!(
                "we draw red lines only ({}): hold them, and watch for an option that crosses them",
                joined(options.iter().map(OptionId::as_str))
            ),
        }
    }
}

impl Priority {
    /// "1.2 — CEPT: salience 0.9 (sourced)".
    pub fn sentence(&self) -> String {
        let basis = match self.basis {
            Basis::Sourced => "sourced",
            Basis::Estimated => "estimated",
            Basis::Default => "not given: 0.5, an estimate",
        };
        format!(
            "{} — {}: salience {} ({basis})",
            self.item,
            self.group,
            number(self.salience)
        )
    }
}

impl OwnPosition {
    /// "1.2: opposes all-regions".
    pub fn sentence(&self) -> String {
        format!("{}: {}", self.item, stance_words(&self.stance))
    }
}

impl SimulationRuns {
    /// "2000 runs, seed 1".
    pub fn label(&self) -> String {
        format!("{} runs, seed {}", self.runs, self.seed)
    }
}

impl ItemSimulation {
    /// The outcome in words: "adopted 42%, most often with mod (40%), voted 3%, no change 0%,
    /// carried forward 55%", or that there is no prediction.
    pub fn sentence(&self) -> String {
        if self.no_prediction {
            return "no prediction: no group and no Member State states a position".into();
        }
        let with = self
            .most_often
            .as_ref()
            .map(|m| format!(", most often with {} ({}%)", m.option, number(m.p * 100.0)))
            .unwrap_or_default();
        format!(
            "adopted {}%{with}, voted {}%, no change {}%, carried forward {}%",
            number(self.p_adopted * 100.0),
            number(self.p_voted * 100.0),
            number(self.p_no_change * 100.0),
            number(self.p_carried_forward * 100.0)
        )
    }
}

/// Each of `facts` in words.
pub fn each<T>(facts: &[T], words: impl Fn(&T) -> String) -> Vec<String> {
    facts.iter().map(words).collect()
}

/// What comes next for one of our groups, in a sentence.
pub(crate) fn next_sentence(next: &GroupNext) -> String {
    let meeting = |m: &Meeting| {
        format!(
            "{} ({}{})",
            m.name,
            m.date,
            m.deadline
                .as_ref()
                .map(|d| format!("; contributions due {d}"))
                .unwrap_or_default()
        )
    };
    format!(
        "{}: last met at {}; next meets at {}",
        next.group,
        next.last_meeting
            .as_ref()
            .map_or_else(|| "— (no dated meeting held)".into(), meeting),
        next.next_meeting
            .as_ref()
            .map_or_else(|| "— (no dated meeting ahead)".into(), meeting)
    )
}

// The JSON: the same strings, written from the facts.

impl Serialize for Line {
    /// `action` (the line's label) and `reason` (its sentence), as an item's brief writes them.
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut out = serializer.serialize_struct("Line", 2)?;
        out.serialize_field("action", &self.label())?;
        out.serialize_field("reason", &self.reason.sentence())?;
        out.end()
    }
}

/// Each fact writes its sentence in the JSON (used by `list_words` and `overview_words` too).
macro_rules! serialize_as_sentence {
    ($($fact:ty),* $(,)?) => {$(
        impl Serialize for $fact {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(&self.sentence())
            }
        }
    )*};
}
pub(super) use serialize_as_sentence;

serialize_as_sentence!(Priority, OwnPosition);

impl Serialize for MostOften {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut out = serializer.serialize_struct("MostOften", 2)?;
        out.serialize_field("option", self.option.as_str())?;
        out.serialize_field("p", &self.p)?;
        out.end()
    }
}

/// A line as its label only (the summary's `action`).
pub(super) fn line_label<S: Serializer>(line: &Line, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_str(&line.label())
}

/// How much is known, in its sentence.
pub(super) fn known<S: Serializer>(known: &Coverage, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_str(&known.sentence())
}

/// An item's status by its name.
pub(super) fn status<S: Serializer>(status: &ItemStatus, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_str(status.name())
}

/// A stance in words, when there is one.
pub(super) fn stance<S: Serializer>(
    stance: &Option<Stance>,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    stance.as_ref().map(stance_words).serialize(serializer)
}

/// A value as its `Display` string: an id, a date.
pub(super) fn shown<T: Display, S: Serializer>(
    value: &T,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    serializer.collect_str(value)
}

/// Group ids as the files write them.
pub(super) fn ids<S: Serializer>(ids: &[GroupId], serializer: S) -> Result<S::Ok, S::Error> {
    serializer.collect_seq(ids.iter().map(GroupId::as_str))
}

/// Values as their `Display` strings: item ids.
pub(super) fn shown_each<T: Display, S: Serializer>(
    values: &[T],
    serializer: S,
) -> Result<S::Ok, S::Error> {
    serializer.collect_seq(values.iter().map(ToString::to_string))
}

impl super::Brief {
    /// The brief's meta line, "WRC-23 — World Radiocommunication Conference 2023, as of
    /// 2023-11-01; next conference WRC-27; simulated: 2000 runs, seed 1", with the scenario's
    /// strings (the conference, its name, the next conference) through the printer's `escape`.
    pub fn meta_line(&self, escape: impl Fn(&str) -> String) -> String {
        format!(
            "{} — {}, {} {}{}{}",
            escape(&self.conference),
            escape(&self.name),
            if self.calendar.replay {
                "replayed at"
            } else {
                "as of"
            },
            self.as_of,
            self.next_conference
                .as_ref()
                .map(|n| format!("; next conference {}", escape(n)))
                .unwrap_or_default(),
            self.simulation
                .map(|s| format!("; simulated: {}", s.label()))
                .unwrap_or_default()
        )
    }
}

/// "Conference opens 2023-11-20; proposals due 2023-05-01." (or "— no deadline given in the
/// scenario").
pub fn calendar_opening(calendar: &crate::progress::Calendar) -> String {
    format!(
        "Conference opens {}; proposals due {}.",
        calendar.conference_start,
        calendar.deadline.map_or_else(
            || "— no deadline given in the scenario".into(),
            |d| d.to_string()
        )
    )
}

/// A simulated probability (0-1) as a percentage, "42%", or "—" when there is none.
pub(crate) fn percent(p: Option<f64>) -> String {
    p.map(|p| format!("{}%", number(p * 100.0)))
        .unwrap_or_else(|| "—".into())
}

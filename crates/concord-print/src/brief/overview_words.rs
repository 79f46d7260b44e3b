//! The words of the brief's opening and summary (`overview`), beside `words` and `list_words`:
//! the same strings for the Markdown and HTML printers and, through the `Serialize` impls
//! below, for the JSON.

use serde::ser::{SerializeSeq, SerializeTuple};
use serde::{Serialize, Serializer};

use concord_core::id::GroupId;

use super::lists::Deal;
use super::overview::{
    Agreement, AtRisk, HeatRow, Maturities, OpenDeals, OurPosition, ReaderFacts,
};
use super::types::FoldedItem;
use super::words::{each, serialize_as_sentence};
use super::{Brief, OwnPosition, Priority};
use crate::report::view::{cell_label, stance_words};

impl ReaderFacts {
    /// "ATU — African Telecommunications Union", "EGY — Egypt, member of ATU and ARB", "ISL —
    /// Iceland, in no regional group of this scenario".
    pub fn label(&self) -> String {
        match self {
            ReaderFacts::Group { group, name } => format!("{group} — {name}"),
            ReaderFacts::State {
                state,
                name,
                groups,
            } if groups.is_empty() => {
                format!("{state} — {name}, in no regional group of this scenario")
            }
            ReaderFacts::State {
                state,
                name,
                groups,
            } => format!(
                "{state} — {name}, member of {}",
                groups
                    .iter()
                    .map(GroupId::as_str)
                    .collect::<Vec<_>>()
                    .join(" and ")
            ),
        }
    }
}

impl OurPosition {
    /// "ATU: prefers continue-wg; ARB: prefers stable; EGY (own): prefers stable".
    pub fn sentence(&self) -> String {
        self.cells
            .iter()
            .map(|c| format!("{}: {}", c.group, cell_label(c)))
            .chain(
                self.own
                    .iter()
                    .map(|own| format!("{} (own): {}", own.state, stance_words(&own.stance))),
            )
            .collect::<Vec<_>>()
            .join("; ")
    }
}

impl Maturities {
    /// "AfCP, Arab Common Proposal": each in its group's own terms.
    pub fn sentence(&self) -> String {
        self.0
            .iter()
            .map(|(group, maturity)| maturity.label(group.as_str()))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

impl AtRisk {
    /// "stable-constitution: contested: no option every stated group accepts".
    pub fn sentence(&self) -> String {
        format!(
            "{}: {}",
            self.item,
            crate::report::reasons::risk(&self.reason)
        )
    }
}

impl OpenDeals {
    /// Each deal in words, or why none is modelled.
    pub fn sentences(&self) -> Vec<String> {
        match self {
            OpenDeals::Modelled(deals) => deals.iter().map(Deal::sentence).collect(),
            OpenDeals::NotModelled { possible, limit } => vec![format!(
                "not modelled: the scenario allows up to {possible} possible package deals, more than the {limit} concord models"
            )],
        }
    }
}

impl Agreement {
    /// The heat map's class: `ours`, `agrees`, `compatible`, `conflicts`, `stated`,
    /// `not-stated`, `unknown`.
    pub fn class(self) -> &'static str {
        match self {
            Agreement::Ours => "ours",
            Agreement::Agrees => "agrees",
            Agreement::Compatible => "compatible",
            Agreement::Conflicts => "conflicts",
            Agreement::Stated => "stated",
            Agreement::NotStated => "not-stated",
            Agreement::Unknown => "unknown",
        }
    }

    /// The class in the heat map's legend: "ours", "accepts our first choice", …
    pub fn legend(self) -> &'static str {
        match self {
            Agreement::Ours => "ours",
            Agreement::Agrees => "accepts our first choice",
            Agreement::Compatible => "accepts another option we accept",
            Agreement::Conflicts => "accepts nothing we accept",
            Agreement::Stated => "stated (we state nothing to compare)",
            Agreement::NotStated => "no position yet / no proposal",
            Agreement::Unknown => "unknown",
        }
    }
}

impl Brief {
    /// The titled lists of the brief's summary, in the order every format shows them (an empty
    /// list is left out by the renderers).
    pub fn lists(&self) -> Vec<(&'static str, Vec<String>)> {
        vec![
            (
                "Our own positions",
                each(&self.own_positions, OwnPosition::sentence),
            ),
            (
                "Our priorities (by salience)",
                each(&self.priorities, Priority::sentence),
            ),
            (
                "Where we are isolated",
                each(&self.isolated, ToString::to_string),
            ),
            (
                "Most at risk of carry-forward",
                each(&self.at_risk, AtRisk::sentence),
            ),
            ("Best package deals open to us", self.deals.sentences()),
            (
                "Not in full: items where none of our positions is known",
                each(&self.folded, FoldedItem::sentence),
            ),
        ]
    }
}

serialize_as_sentence!(OurPosition, Maturities, AtRisk, FoldedItem);

impl FoldedItem {
    /// "1.1 — title (insufficient; 0 of 6 groups known)".
    pub fn sentence(&self) -> String {
        format!(
            "{} — {} ({})",
            self.id,
            self.title,
            self.known.note(self.status)
        )
    }
}

impl Serialize for ReaderFacts {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.label())
    }
}

impl Serialize for OpenDeals {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.sentences())
    }
}

/// A heat-map cell: `[class, label]`.
struct HeatCell<'a>(Agreement, &'a concord_core::analysis::GroupCell);

impl Serialize for HeatCell<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut out = serializer.serialize_tuple(2)?;
        out.serialize_element(self.0.class())?;
        out.serialize_element(&cell_label(self.1))?;
        out.end()
    }
}

impl Serialize for HeatRow {
    /// `[item, [[class, label], …]]`.
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut out = serializer.serialize_tuple(2)?;
        out.serialize_element(self.item.as_str())?;
        out.serialize_element(&Cells(self))?;
        out.end()
    }
}

/// A heat-map row's cells, as a list.
struct Cells<'a>(&'a HeatRow);

impl Serialize for Cells<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut out = serializer.serialize_seq(Some(self.0.cells.len()))?;
        for (agreement, cell) in &self.0.cells {
            out.serialize_element(&HeatCell(*agreement, cell))?;
        }
        out.end()
    }
}

//! Organisations that take part without a vote (ICAO, WMO, ESA, IATA, GSMA, GSOA, ITU-R study
//! groups' liaison statements): their views, shown beside the groups' and never counted.

use indexmap::IndexMap;

use super::{Provenance, Stance};
use crate::id::ItemId;

/// A non-voting organisation and its views.
#[derive(Clone, Debug)]
pub struct Organisation {
    /// Its id (`ICAO`): upper-case letters, digits, `-` or `_`; never a group's id.
    pub id: String,
    /// Its full name.
    pub name: String,
    /// The file its views come from.
    pub file: String,
    /// Its view on each item it has one on, in item order (an item split into issues: one per
    /// issue).
    pub views: IndexMap<ItemId, View>,
}

/// An organisation's view on one item: a stance with its provenance, never a weight or a vote.
#[derive(Clone, Debug)]
pub struct View {
    /// What it supports, accepts and opposes (or a point on a scale).
    pub stance: Stance,
    /// The document it is stated in (a liaison statement, a position paper), when given.
    pub reference: Option<String>,
    /// Where the view comes from.
    pub provenance: Provenance,
    /// A remark, when given.
    pub note: Option<String>,
    /// Its own words, when the files keep them.
    pub text: Option<String>,
}

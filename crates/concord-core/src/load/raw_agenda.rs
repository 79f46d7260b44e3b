//! The serde mirror of the agenda: items, their issues, options and scales, and how the
//! conference decides (re-exported by `raw`, which holds the files).

use indexmap::IndexMap;
use serde::{Deserialize, Deserializer, Serialize};

/// The start of the message of a duplicate map key (the loader reports it as `duplicate-field`).
pub const DUPLICATE_KEY: &str = "duplicate key";

/// A map in which a key given twice is an error, as a field given twice is: serde's maps keep
/// the last value silently.
pub(super) fn unique_keys<'de, D, K, V>(deserializer: D) -> Result<IndexMap<K, V>, D::Error>
where
    D: Deserializer<'de>,
    K: Deserialize<'de> + std::hash::Hash + Eq + std::fmt::Debug,
    V: Deserialize<'de>,
{
    struct Visitor<K, V>(std::marker::PhantomData<(K, V)>);
    impl<'de, K, V> serde::de::Visitor<'de> for Visitor<K, V>
    where
        K: Deserialize<'de> + std::hash::Hash + Eq + std::fmt::Debug,
        V: Deserialize<'de>,
    {
        type Value = IndexMap<K, V>;
        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("a map")
        }
        fn visit_map<A: serde::de::MapAccess<'de>>(
            self,
            mut map: A,
        ) -> Result<Self::Value, A::Error> {
            let mut out = IndexMap::new();
            while let Some(key) = map.next_key::<K>()? {
                if out.contains_key(&key) {
                    return Err(serde::de::Error::custom(format!(
                        "{DUPLICATE_KEY} {key:?} given twice in one map"
                    )));
                }
                let value = map.next_value()?;
                out.insert(key, value);
            }
            Ok(out)
        }
    }
    deserializer.deserialize_map(Visitor(std::marker::PhantomData))
}

/// The start of the message of a list longer than concord reads (the loader reports it as
/// `too-many-items`).
pub const TOO_MANY: &str = "too many:";

/// A list read element by element and refused as soon as the elements' weights pass `limit`:
/// a file of a million items is refused after the limit's worth, never held whole.
fn bounded<'de, D, T>(
    deserializer: D,
    (limit, what): (usize, &'static str),
    weight: fn(&T) -> usize,
) -> Result<Vec<T>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    struct Visitor<T> {
        limit: usize,
        what: &'static str,
        weight: fn(&T) -> usize,
    }
    impl<'de, T: Deserialize<'de>> serde::de::Visitor<'de> for Visitor<T> {
        type Value = Vec<T>;
        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("a list")
        }
        fn visit_seq<A: serde::de::SeqAccess<'de>>(
            self,
            mut seq: A,
        ) -> Result<Self::Value, A::Error> {
            let mut out = Vec::new();
            let mut total = 0usize;
            while let Some(element) = seq.next_element::<T>()? {
                total = total.saturating_add((self.weight)(&element));
                if total > self.limit {
                    return Err(serde::de::Error::custom(format!(
                        "{TOO_MANY} the scenario has more than {} {}",
                        self.limit, self.what
                    )));
                }
                out.push(element);
            }
            Ok(out)
        }
    }
    deserializer.deserialize_seq(Visitor {
        limit,
        what,
        weight,
    })
}

/// The agenda, refused past [`crate::load::MAX_ITEMS`] items and issues while it is read.
pub(super) fn bounded_items<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Vec<Item>, D::Error> {
    let limit = (crate::load::MAX_ITEMS, "agenda items and issues");
    bounded(deserializer, limit, |item: &Item| 1 + item.issues.len())
}

/// An item's issues, refused past [`crate::load::MAX_ITEMS`] while they are read.
fn bounded_issues<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Vec<Issue>, D::Error> {
    let limit = (crate::load::MAX_ITEMS, "agenda items and issues");
    bounded(deserializer, limit, |_: &Issue| 1)
}

/// `Issue(id, title, ...)`: one question within an agenda item (a band, a lettered topic).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Issue {
    /// Unique in the scenario among items and issues (`1.7a`), 1 to 100 characters.
    pub id: String,
    /// Its title (`4 400-4 800 MHz`).
    pub title: String,
    /// The background the CPM Report gives.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub background: Option<String>,
    /// Its own options; absent: the item's.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub options: Vec<ItemOption>,
    /// Its scale, for a quantity; absent: the item's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scale: Option<Scale>,
    /// Free labels beside the item's.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
}

/// What happens to an item consensus does not settle.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub enum Voting {
    /// Consensus only: what is not agreed is carried forward (the default).
    #[default]
    Never,
    /// A vote of member states is possible, with this majority of those present and voting.
    Majority(Majority),
}

/// The majority a vote needs, of those present and voting.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Majority {
    /// More yes than no.
    Simple,
    /// Yes from at least two thirds of those voting yes or no.
    TwoThirds,
}

/// An agenda item: either `options` or a `scale`, not both and not neither.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Item {
    /// Unique in the scenario, 1 to 100 characters, no whitespace.
    pub id: String,
    /// Its title.
    pub title: String,
    /// Governing document, e.g. `"Res. 256 (WRC-23)"`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub document: Option<String>,
    /// The body responsible for the studies: the lead ITU-R working party (`"WP 5D"`), the
    /// study group or the conference committee, when a source gives it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lead: Option<String>,
    /// Free labels.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
    /// Ids of items settled first; no cycles.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub depends_on: Vec<String>,
    /// Items of other conferences this one is tied to.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub links: Vec<Link>,
    /// The options of a choice between texts (at most 64).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub options: Vec<ItemOption>,
    /// The scale of a 0-100 quantity.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scale: Option<Scale>,
    /// How the conference decides this item when it does not align, when it differs from the
    /// scenario's `voting` (e.g. a two-thirds majority for an amendment of the Constitution).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub voting: Option<Voting>,
    /// The background the CPM Report gives.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub background: Option<String>,
    /// The item's issues (bands, topics), each its own question; an item with issues is not
    /// analysed itself, and a position on it applies to every issue.
    #[serde(
        default,
        skip_serializing_if = "Vec::is_empty",
        deserialize_with = "bounded_issues"
    )]
    pub issues: Vec<Issue>,
}

/// A link to an item of another conference (e.g. WRC-23 1.2 → WRC-27 1.7).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Link {
    /// The other conference's id.
    pub conference: String,
    /// The item's id there (not checked).
    pub item: String,
    /// What ties the two.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// `Option(id, label, action, status_quo)`: one option of an item.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename = "Option")]
pub struct ItemOption {
    /// Unique within the item, 1 to 100 characters, no whitespace.
    pub id: String,
    /// What it says.
    pub label: String,
    /// The ITU action or CPM method.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub action: Option<Action>,
    /// Whether it is what stays in force if nothing is agreed; at most one option per item.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub status_quo: bool,
    /// The ITU Regions it applies in (`["R1", "R3"]`); absent: every Region.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub regions: Vec<String>,
    /// The states of a country footnote it adds (ISO codes).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub footnote: Vec<String>,
    /// The method in a few sentences, as the CPM Report gives it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub summary: Option<String>,
    /// The regulatory change (`MOD No. 5.457E`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub change: Option<String>,
    /// Its advantages, as the CPM Report lists them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub advantages: Vec<String>,
    /// Its disadvantages, as the CPM Report lists them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub disadvantages: Vec<String>,
}

/// ITU action on a text, or a CPM method.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[allow(clippy::upper_case_acronyms)]
pub enum Action {
    /// No change.
    NOC,
    /// Modification.
    MOD,
    /// Addition.
    ADD,
    /// Suppression.
    SUP,
    /// `ADD*`: text moved in.
    AddMoved,
    /// `(MOD)`: editorial change.
    ModEditorial,
    /// `SUP*`: text moved out.
    SupMoved,
    /// A CPM method, e.g. `Method("A")`.
    Method(String),
}

/// `Scale(anchors, status_quo)`: a 0-100 scale.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scale {
    /// Labelled points of the 0-100 scale.
    #[serde(default, deserialize_with = "unique_keys")]
    pub anchors: IndexMap<u8, String>,
    /// The point in force if nothing is agreed, 0-100.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status_quo: Option<f64>,
}

//! What a command shows: some items (by id, by the item they are issues of, or by tag) and some
//! groups. A focus narrows what is printed, never what is computed: the analysis and the
//! simulation always run on the whole scenario, so an item's status still counts every group.

use std::collections::BTreeSet;

use crate::analysis::{Analysis, Blocs, Diff, StatusCounts};
use crate::id::{GroupId, ItemId};
use crate::model::Scenario;

/// The items and groups a command shows (`None`: all of them).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Focus {
    items: Option<BTreeSet<ItemId>>,
    groups: Option<Vec<GroupId>>,
}

/// A focus naming something the scenario does not have.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FocusError {
    /// What is wrong.
    pub message: String,
    /// How to fix it.
    pub hint: String,
}

impl Focus {
    /// Everything: no focus.
    pub fn all() -> Self {
        Focus::default()
    }

    /// The focus of `--items` (item or issue ids; an item split into issues stands for all of
    /// them), `--tag` (items carrying any of the tags) and `--groups`, each list comma-separated
    /// or repeated. Items named by `--items` and by `--tag` are shown both.
    pub fn resolve(
        scenario: &Scenario,
        items: &[String],
        groups: &[String],
        tags: &[String],
    ) -> Result<Focus, FocusError> {
        let split = |lists: &[String]| -> Vec<String> {
            lists
                .iter()
                .flat_map(|list| list.split(','))
                .map(str::trim)
                .filter(|id| !id.is_empty())
                .map(str::to_owned)
                .collect()
        };
        let (item_ids, group_ids, tag_names) = (split(items), split(groups), split(tags));
        let mut shown: Option<BTreeSet<ItemId>> = None;
        for id in &item_ids {
            let found: Vec<ItemId> = match scenario.parents.get(id.as_str()) {
                Some(parent) => parent.issues.clone(),
                None => scenario
                    .items
                    .get_key_value(id.as_str())
                    .map(|(id, _)| vec![id.clone()])
                    .unwrap_or_default(),
            };
            if found.is_empty() {
                return Err(unknown(
                    "agenda item",
                    id,
                    scenario
                        .items
                        .keys()
                        .map(ItemId::as_str)
                        .chain(scenario.parents.keys().map(String::as_str)),
                ));
            }
            shown.get_or_insert_with(BTreeSet::new).extend(found);
        }
        for tag in &tag_names {
            let tagged: Vec<ItemId> = scenario
                .items
                .values()
                .filter(|item| item.tags.iter().any(|t| t == tag))
                .map(|item| item.id.clone())
                .collect();
            if tagged.is_empty() {
                let all: BTreeSet<&str> = scenario
                    .items
                    .values()
                    .flat_map(|item| item.tags.iter().map(String::as_str))
                    .collect();
                return Err(unknown("tag", tag, all.into_iter()));
            }
            shown.get_or_insert_with(BTreeSet::new).extend(tagged);
        }
        let mut groups: Option<Vec<GroupId>> = None;
        for id in &group_ids {
            let Some((group, _)) = scenario.groups.get_key_value(id.as_str()) else {
                return Err(unknown(
                    "group",
                    id,
                    scenario.groups.keys().map(GroupId::as_str),
                ));
            };
            let list = groups.get_or_insert_with(Vec::new);
            if !list.contains(group) {
                list.push(group.clone());
            }
        }
        // In the scenario's order, whatever the order given.
        if let Some(list) = &mut groups {
            list.sort_by_key(|group| scenario.groups.get_index_of(group));
        }
        Ok(Focus {
            items: shown,
            groups,
        })
    }

    /// The focus of `diff`: the names resolved against the old and the new scenario, so an item
    /// only one of them has (added, removed) can be named; an error only when neither has a
    /// name.
    pub fn resolve_either(
        (old, new): (&Scenario, &Scenario),
        items: &[String],
        groups: &[String],
        tags: &[String],
    ) -> Result<Focus, FocusError> {
        let mut union = Focus::all();
        let mut first_error = None;
        let lists = |kind: usize| -> Vec<Vec<String>> {
            let list = [items, groups, tags][kind];
            list.iter()
                .flat_map(|names| names.split(','))
                .map(str::trim)
                .filter(|name| !name.is_empty())
                .map(|name| vec![name.to_owned()])
                .collect()
        };
        for kind in 0..3 {
            for name in lists(kind) {
                let empty: Vec<String> = Vec::new();
                let args = |k: usize| if k == kind { &name } else { &empty };
                let resolved = [new, old]
                    .into_iter()
                    .map(|scenario| Focus::resolve(scenario, args(0), args(1), args(2)))
                    .collect::<Vec<_>>();
                let mut found = false;
                for result in resolved {
                    match result {
                        Ok(focus) => {
                            found = true;
                            union.absorb(focus);
                        }
                        Err(error) => {
                            first_error.get_or_insert(error);
                        }
                    }
                }
                if !found {
                    return Err(first_error
                        .unwrap_or_else(|| unknown("name", &name[0], std::iter::empty())));
                }
            }
        }
        Ok(union)
    }

    /// This focus widened by `other`'s items and groups.
    fn absorb(&mut self, other: Focus) {
        if let Some(items) = other.items {
            self.items.get_or_insert_with(BTreeSet::new).extend(items);
        }
        if let Some(groups) = other.groups {
            let list = self.groups.get_or_insert_with(Vec::new);
            for group in groups {
                if !list.contains(&group) {
                    list.push(group);
                }
            }
        }
    }

    /// Whether nothing is narrowed.
    pub fn is_all(&self) -> bool {
        self.items.is_none() && self.groups.is_none()
    }

    /// Whether the item is shown.
    pub fn shows_item(&self, item: &ItemId) -> bool {
        self.items.as_ref().is_none_or(|items| items.contains(item))
    }

    /// Whether the group is shown.
    pub fn shows_group(&self, group: &GroupId) -> bool {
        self.groups
            .as_ref()
            .is_none_or(|groups| groups.contains(group))
    }

    /// The groups shown, when narrowed, in scenario order.
    pub fn groups(&self) -> Option<&[GroupId]> {
        self.groups.as_deref()
    }

    /// The analysis of the shown items alone, their counts recounted (the blocs stay those of
    /// the whole agenda); every item's cells are kept, so its status and conflicts still count
    /// every group.
    pub fn narrow(&self, mut analysis: Analysis) -> Analysis {
        if self.items.is_some() {
            analysis.items.retain(|item| self.shows_item(&item.item));
            analysis.counts = StatusCounts::of(&analysis.items);
        }
        analysis
    }

    /// A diff as the focus shows it: the changes on the shown items and groups.
    pub fn narrow_diff(&self, diff: &mut Diff) {
        let (item, group) = (
            |id: &ItemId| self.shows_item(id),
            |id: &GroupId| self.shows_group(id),
        );
        diff.cells.retain(|(g, i, _, _)| group(g) && item(i));
        diff.maturities.retain(|(g, i, _, _)| group(g) && item(i));
        diff.statuses.retain(|(i, _, _)| item(i));
        diff.new_conflicts
            .retain(|(i, a, b, _)| item(i) && (group(a) || group(b)));
        diff.resolved_conflicts
            .retain(|(i, a, b)| item(i) && (group(a) || group(b)));
        diff.items_added.retain(item);
        diff.items_removed.retain(item);
        diff.groups_added.retain(group);
        diff.groups_removed.retain(group);
        diff.cell_fields.retain(|(g, i, _)| group(g) && item(i));
        diff.item_fields.retain(|(i, _)| item(i));
    }

    /// The blocs as `--groups` shows them: the agreement of the shown groups with each other,
    /// and each bloc's shown members (the blocs themselves are those of every group).
    pub fn narrow_blocs<'a>(&self, blocs: &'a Blocs) -> std::borrow::Cow<'a, Blocs> {
        // No group focus: the matrix as it is (3,000 groups: 9 million entries not copied).
        if self.groups.is_none() {
            return std::borrow::Cow::Borrowed(blocs);
        }
        std::borrow::Cow::Owned(self.narrowed_blocs(blocs))
    }

    fn narrowed_blocs(&self, blocs: &Blocs) -> Blocs {
        let keep: Vec<usize> = (0..blocs.groups.len())
            .filter(|&index| self.shows_group(&blocs.groups[index]))
            .collect();
        blocs.only(&keep)
    }

    /// The focus in words, for the head of an output (`None`: no focus): `focus: 2 of 27 items
    /// (1.7a, 1.7b); groups CEPT, APT`.
    pub fn words(&self, scenario: &Scenario) -> Option<String> {
        if self.is_all() {
            return None;
        }
        let mut parts = Vec::new();
        if let Some(items) = &self.items {
            let ids: Vec<&str> = scenario
                .items
                .keys()
                .filter(|id| items.contains(*id))
                .map(ItemId::as_str)
                .collect();
            parts.push(format!(
                "{} of {} items ({})",
                ids.len(),
                scenario.items.len(),
                ids.join(", ")
            ));
        }
        if let Some(groups) = &self.groups {
            let ids: Vec<&str> = groups.iter().map(GroupId::as_str).collect();
            parts.push(format!("groups {}", ids.join(", ")));
        }
        Some(format!("focus: {}", parts.join("; ")))
    }
}

fn unknown<'a>(what: &str, id: &str, candidates: impl Iterator<Item = &'a str>) -> FocusError {
    let candidates: Vec<&str> = candidates.collect();
    let hint = match crate::load::suggest(id, candidates.iter().copied()) {
        Some(best) => format!("did you mean `{best}`?"),
        None => format!(
            "the scenario's {what}s: {}",
            candidates
                .iter()
                .take(30)
                .map(|c| format!("`{c}`"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    };
    FocusError {
        message: format!("the focus names unknown {what} `{id}`"),
        hint,
    }
}

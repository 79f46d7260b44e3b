//! What else changed between two snapshots besides the analysed positions: a cell's fields
//! (salience, flexibility, reference, tallies, provenance, note, text), an item's own fields
//! (title, document, options added, removed or relabelled, its voting rule, its dependencies),
//! and the scenario's voting rule and stages. Each is data; the printers word it.

use crate::id::{GroupId, ItemId, OptionId};
use crate::model::{Estimate, ItemKind, Provenance, Scenario, Tally, Voting};

/// A field of a group's cell that changed (old, new).
#[derive(Clone, Debug, PartialEq)]
pub enum CellField {
    /// How much the item matters, with its basis.
    Salience(Estimate, Estimate),
    /// How readily the group moves, with its basis.
    Flexibility(Estimate, Estimate),
    /// The proposal reference.
    Reference(Option<String>, Option<String>),
    /// The member tallies.
    Tallies(Vec<Tally>, Vec<Tally>),
    /// Where the cell comes from (source, dates, kind).
    Provenance(Provenance, Provenance),
    /// The public note.
    Note(Option<String>, Option<String>),
    /// The position in its own words.
    Text(Option<String>, Option<String>),
}

/// A field of an agenda item that changed.
#[derive(Clone, Debug, PartialEq)]
pub enum ItemField {
    /// Its title (old, new).
    Title(String, String),
    /// Its governing document (old, new).
    Document(Option<String>, Option<String>),
    /// An option only in the new snapshot, with its label.
    OptionAdded(OptionId, String),
    /// An option only in the old snapshot.
    OptionRemoved(OptionId),
    /// An option whose label changed (old, new).
    OptionRelabelled(OptionId, String, String),
    /// Its own voting rule (`None`: the scenario's).
    Voting(Option<Voting>, Option<Voting>),
    /// The items it depends on.
    DependsOn(Vec<ItemId>, Vec<ItemId>),
}

/// The cell fields that changed, in the new scenario's item then group order.
pub(super) fn cell_fields(old: &Scenario, new: &Scenario) -> Vec<(GroupId, ItemId, CellField)> {
    let mut out = Vec::new();
    for item in new.items.keys().filter(|id| old.items.contains_key(*id)) {
        for group in new.groups.keys().filter(|id| old.groups.contains_key(*id)) {
            let (Some(a), Some(b)) = (
                old.positions.get(group).and_then(|p| p.cells.get(item)),
                new.positions.get(group).and_then(|p| p.cells.get(item)),
            ) else {
                continue;
            };
            // A cell not known on one side (not in any file, or not yet at a replay date):
            // its appearance is the cell's change; its fields are not changes of their own.
            let unknown = |p: &Provenance| matches!(p, Provenance::Implicit | Provenance::Later);
            let silent = |c: &crate::model::Cell| {
                unknown(&c.provenance) || c.stance == crate::model::Stance::Unknown
            };
            if silent(a) || silent(b) {
                continue;
            }
            let mut push = |field| out.push((group.clone(), item.clone(), field));
            if a.salience != b.salience {
                push(CellField::Salience(a.salience, b.salience));
            }
            if a.flexibility != b.flexibility {
                push(CellField::Flexibility(a.flexibility, b.flexibility));
            }
            if a.reference != b.reference {
                push(CellField::Reference(
                    a.reference.clone(),
                    b.reference.clone(),
                ));
            }
            if a.tallies != b.tallies {
                push(CellField::Tallies(a.tallies.clone(), b.tallies.clone()));
            }
            if a.provenance != b.provenance {
                push(CellField::Provenance(
                    a.provenance.clone(),
                    b.provenance.clone(),
                ));
            }
            if a.note != b.note {
                push(CellField::Note(a.note.clone(), b.note.clone()));
            }
            if a.text != b.text {
                push(CellField::Text(a.text.clone(), b.text.clone()));
            }
        }
    }
    out
}

/// The item fields that changed, in the new scenario's order.
pub(super) fn item_fields(old: &Scenario, new: &Scenario) -> Vec<(ItemId, ItemField)> {
    let mut out = Vec::new();
    for (id, b) in &new.items {
        let Some(a) = old.items.get(id) else {
            continue;
        };
        let mut push = |field| out.push((id.clone(), field));
        if a.title != b.title {
            push(ItemField::Title(a.title.clone(), b.title.clone()));
        }
        if a.document != b.document {
            push(ItemField::Document(a.document.clone(), b.document.clone()));
        }
        if let (ItemKind::Options(a_options), ItemKind::Options(b_options)) = (&a.kind, &b.kind) {
            for (option, b_option) in b_options {
                match a_options.get(option) {
                    None => push(ItemField::OptionAdded(
                        option.clone(),
                        b_option.label.clone(),
                    )),
                    Some(a_option) if a_option.label != b_option.label => {
                        push(ItemField::OptionRelabelled(
                            option.clone(),
                            a_option.label.clone(),
                            b_option.label.clone(),
                        ));
                    }
                    Some(_) => {}
                }
            }
            for option in a_options.keys().filter(|o| !b_options.contains_key(*o)) {
                push(ItemField::OptionRemoved(option.clone()));
            }
        }
        if a.voting != b.voting {
            push(ItemField::Voting(a.voting, b.voting));
        }
        if a.depends_on != b.depends_on {
            push(ItemField::DependsOn(
                a.depends_on.clone(),
                b.depends_on.clone(),
            ));
        }
    }
    out
}

/// A stage as a diff compares it: its name and dates.
pub type StageDates = (
    String,
    Option<crate::model::Date>,
    Option<crate::model::Date>,
);

/// The scenario's stages (name and dates), when they differ (old, new).
pub(super) fn stages(old: &Scenario, new: &Scenario) -> Option<(Vec<StageDates>, Vec<StageDates>)> {
    let names = |s: &Scenario| -> Vec<StageDates> {
        s.stages
            .iter()
            .map(|stage| (stage.name.clone(), stage.start, stage.end))
            .collect()
    };
    let (a, b) = (names(old), names(new));
    (a != b).then_some((a, b))
}

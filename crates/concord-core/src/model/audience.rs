//! Who a scenario was loaded for: the public (no confidential part), one reader (its own groups'
//! confidential parts), or every owner at once (to be split with [`Scenario::for_reader`] into
//! one view per reader, as `brief --all` does). Every output is computed from one such view, and
//! says whose confidential parts it contains ([`Scenario::confidential_groups`]).

use std::borrow::Cow;

use crate::id::{GroupId, StateId};

use super::{PrivateFileStatus, PrivateRead, Scenario};

/// A reader of confidential parts: a group's delegation, or a member state.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Reader {
    /// A group's delegation: it sees the group's own confidential parts.
    Group(GroupId),
    /// A member state: it sees the confidential parts of every group it is an active member of.
    State(StateId),
}

impl Reader {
    /// The group id or the state's code.
    pub fn id(&self) -> &str {
        match self {
            Reader::Group(group) => group.as_str(),
            Reader::State(state) => state.as_str(),
        }
    }
}

/// Who a scenario was loaded for, and so whose confidential parts it may hold.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum Audience {
    /// Everyone: no confidential part of any group was read, inline or private.
    #[default]
    Public,
    /// One reader: its own groups' confidential parts and nobody else's.
    Reader {
        /// The reader.
        reader: Reader,
        /// The groups whose confidential parts it sees (a state: every group it is an active
        /// member of), in group order.
        groups: Vec<GroupId>,
    },
    /// Every group's confidential parts, each for its owner: never printed as such, only split
    /// into one view per reader with [`Scenario::for_reader`].
    EveryOwner,
}

impl Audience {
    /// Whether confidential parts of `group` are read for this audience.
    pub fn sees(&self, group: &str) -> bool {
        match self {
            Audience::Public => false,
            Audience::Reader { groups, .. } => groups.iter().any(|g| g.as_str() == group),
            Audience::EveryOwner => true,
        }
    }

    /// The reader, when there is one.
    pub fn reader(&self) -> Option<&Reader> {
        match self {
            Audience::Reader { reader, .. } => Some(reader),
            Audience::Public | Audience::EveryOwner => None,
        }
    }
}

impl Scenario {
    /// The groups whose confidential parts `reader` sees (`None`: the reader is neither a group
    /// nor a member state of the scenario).
    pub fn reader_groups(&self, reader: &Reader) -> Option<Vec<GroupId>> {
        match reader {
            Reader::Group(group) => self.groups.contains_key(group).then(|| vec![group.clone()]),
            Reader::State(state) => self.states.contains_key(state).then(|| {
                self.groups_of(state)
                    .map(|group| group.id.clone())
                    .collect()
            }),
        }
    }

    /// The groups whose confidential parts this scenario holds, in group order: an output
    /// computed from it is confidential to them when any is listed.
    pub fn confidential_groups(&self) -> Vec<GroupId> {
        self.positions
            .iter()
            .filter(|(_, positions)| {
                positions
                    .cells
                    .values()
                    .any(|cell| cell.confidential.is_some())
            })
            .map(|(group, _)| group.clone())
            .collect()
    }

    /// The scenario as `reader` may know it: every confidential part of another group removed,
    /// and the audience set to the reader (`None`: the reader is not in the scenario). Taken
    /// before any analysis, so that nothing computed from it can show another group's
    /// confidential notes, fallbacks, red lines or flexibility, not even through a probability.
    pub fn for_reader(&self, reader: &Reader) -> Option<Cow<'_, Scenario>> {
        let groups = self.reader_groups(reader)?;
        let audience = Audience::Reader {
            reader: reader.clone(),
            groups: groups.clone(),
        };
        let hidden = self.positions.iter().any(|(group, positions)| {
            !groups.contains(group)
                && positions
                    .cells
                    .values()
                    .any(|cell| cell.confidential.is_some())
        });
        let unread = |file: &PrivateFileStatus| {
            file.read == PrivateRead::Read
                && !file.group.as_ref().is_some_and(|g| groups.contains(g))
        };
        if !hidden && !self.private_files.iter().any(unread) && self.audience == audience {
            return Some(Cow::Borrowed(self));
        }
        let mut view = self.clone();
        for (group, positions) in &mut view.positions {
            if !groups.contains(group) {
                for cell in positions.cells.values_mut() {
                    cell.confidential = None;
                }
            }
        }
        for file in &mut view.private_files {
            if !file.group.as_ref().is_some_and(|g| groups.contains(g)) {
                file.read = PrivateRead::NotForReader;
            }
        }
        view.audience = audience;
        Some(Cow::Owned(view))
    }
}

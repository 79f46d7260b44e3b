//! The loaded-scenario summary of `validate` and (until the analysis lands) `report`.

use crate::graph::PositionGraph;
use crate::id::{GroupId, StateId};
use crate::model::{
    Basis, Cell, ItemKind, MembershipSource, Outcomes, Provenance, Scenario, Stance,
};

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Summary {
    pub conference: String,
    pub name: String,
    pub venue: String,
    pub dates: (String, String),
    pub as_of: String,
    pub next: Option<String>,
    pub groups: Vec<GroupLine>,
    pub states: usize,
    pub dual_members: Vec<(StateId, Vec<GroupId>)>,
    pub options_items: usize,
    pub scale_items: usize,
    pub stages: usize,
    pub cells: CellCounts,
    pub state_positions: usize,
    pub private_loaded: usize,
    pub private_listed: usize,
    pub outcomes: Option<usize>,
    pub warnings: usize,
}

#[derive(Clone, Debug, PartialEq)]
pub struct GroupLine {
    pub id: GroupId,
    pub name: String,
    pub active: usize,
    pub suspended: usize,
    pub as_of: String,
    pub general_knowledge: bool,
    pub rule: String,
    pub alternative_rules: Vec<String>,
    pub cells: CellCounts,
}

/// Cells by kind. Every group has a cell on every item, so `total = groups × items`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CellCounts {
    pub total: usize,
    pub stated: usize,
    /// Stated cells with a cited source.
    pub sourced: usize,
    /// Cells (of any kind) marked illustrative.
    pub illustrative: usize,
    /// Stated cells that say nothing of where they come from.
    pub without_provenance: usize,
    /// Stated cells whose salience or flexibility is an estimate (or the 0.5 default).
    pub estimated: usize,
    pub no_position_yet: usize,
    pub no_proposal: usize,
    pub unknown: usize,
    /// Unknown cells the files never mention.
    pub implicit_unknown: usize,
    /// Cells with a confidential part.
    pub confidential: usize,
    /// Confidential parts marked illustrative.
    pub confidential_illustrative: usize,
}

impl CellCounts {
    fn add(&mut self, cell: &Cell) {
        self.total += 1;
        if let Some(confidential) = &cell.confidential {
            self.confidential += 1;
            if matches!(confidential.provenance, Provenance::Illustrative { .. }) {
                self.confidential_illustrative += 1;
            }
        }
        if matches!(cell.provenance, Provenance::Illustrative { .. }) {
            self.illustrative += 1;
        }
        match &cell.stance {
            Stance::Options(_) | Stance::Scale(_) => {
                self.stated += 1;
                match cell.provenance {
                    Provenance::Sourced { .. } => self.sourced += 1,
                    Provenance::Missing | Provenance::Implicit => self.without_provenance += 1,
                    Provenance::Illustrative { .. } => {}
                }
                if cell.salience.basis != Basis::Sourced || cell.flexibility.basis != Basis::Sourced
                {
                    self.estimated += 1;
                }
            }
            Stance::NoPositionYet => self.no_position_yet += 1,
            Stance::NoProposal => self.no_proposal += 1,
            Stance::Unknown => {
                self.unknown += 1;
                if cell.provenance == Provenance::Implicit {
                    self.implicit_unknown += 1;
                }
            }
        }
    }

    fn merge(&mut self, other: &CellCounts) {
        self.total += other.total;
        self.stated += other.stated;
        self.sourced += other.sourced;
        self.illustrative += other.illustrative;
        self.without_provenance += other.without_provenance;
        self.estimated += other.estimated;
        self.no_position_yet += other.no_position_yet;
        self.no_proposal += other.no_proposal;
        self.unknown += other.unknown;
        self.implicit_unknown += other.implicit_unknown;
        self.confidential += other.confidential;
        self.confidential_illustrative += other.confidential_illustrative;
    }
}

impl Summary {
    pub fn build(
        scenario: &Scenario,
        graph: &PositionGraph,
        outcomes: Option<&Outcomes>,
        warnings: usize,
    ) -> Self {
        let conference = &scenario.conference;
        let mut cells = CellCounts::default();
        let mut groups = Vec::new();
        for group in scenario.groups.values() {
            let mut counts = CellCounts::default();
            for cell in scenario.positions[&group.id].cells.values() {
                counts.add(cell);
            }
            cells.merge(&counts);
            groups.push(GroupLine {
                id: group.id.clone(),
                name: group.name.clone(),
                active: group.membership.members.len(),
                suspended: group.membership.suspended.len(),
                as_of: group.membership.as_of.to_string(),
                general_knowledge: matches!(
                    group.membership.source,
                    MembershipSource::GeneralKnowledge(_)
                ),
                rule: group.rule.to_string(),
                alternative_rules: group
                    .alternative_rules
                    .iter()
                    .map(ToString::to_string)
                    .collect(),
                cells: counts,
            });
        }
        let scale_items = scenario
            .items
            .values()
            .filter(|item| matches!(item.kind, ItemKind::Scale(_)))
            .count();
        Summary {
            conference: conference.id.clone(),
            name: conference.name.clone(),
            venue: conference.venue.clone(),
            dates: (conference.start.to_string(), conference.end.to_string()),
            as_of: conference.as_of.to_string(),
            next: conference.next.clone(),
            groups,
            states: scenario.states.len(),
            dual_members: graph.dual_members(),
            options_items: scenario.items.len() - scale_items,
            scale_items,
            stages: scenario.stages.len(),
            cells,
            state_positions: scenario
                .positions
                .values()
                .map(|positions| positions.state_positions.len())
                .sum(),
            private_loaded: scenario
                .private_files
                .iter()
                .filter(|file| file.loaded)
                .count(),
            private_listed: scenario.private_files.len(),
            outcomes: outcomes.map(|outcomes| outcomes.outcomes.len()),
            warnings,
        }
    }
}

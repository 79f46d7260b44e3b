//! The loaded-scenario summary that `validate` prints and `report` starts with.

use concord_core::graph::MembershipGraph;
use concord_core::id::{GroupId, StateId};
use concord_core::model::{
    AdoptionRule, Basis, Cell, Date, ItemKind, Outcomes, Provenance, Scenario, Stance,
};

/// The summary of a loaded scenario: what `validate` prints and `report` starts with (worded by
/// the printers with `report::summary_words`).
#[derive(Clone, Debug, PartialEq)]
pub struct Summary {
    /// The conference's id.
    pub conference: String,
    /// Its full name.
    pub name: String,
    /// Where it is held.
    pub venue: String,
    /// First and last day.
    pub dates: (Date, Date),
    /// The scenario's reference date.
    pub as_of: Date,
    /// The next conference, when given.
    pub next: Option<String>,
    /// One line per group, in group order.
    pub groups: Vec<GroupLine>,
    /// How many member states the states file lists.
    pub states: usize,
    /// States in two or more groups, each with its groups.
    pub dual_members: Vec<(StateId, Vec<GroupId>)>,
    /// Agenda items split into issues, and how many issues they have (each counted among the
    /// items below).
    pub split: (usize, usize),
    /// Agenda items with options.
    pub options_items: usize,
    /// Agenda items on a scale.
    pub scale_items: usize,
    /// How many stages the scenario has.
    pub stages: usize,
    /// The cells of every group, counted by kind.
    pub cells: CellCounts,
    /// How many positions of single member states the files give.
    pub state_positions: usize,
    /// Private files read (only the reader's are ever read; none for the public).
    pub private_loaded: usize,
    /// Private files the scenario lists.
    pub private_listed: usize,
    /// Who the output is for: `None` for the public, else the reader's id.
    pub reader: Option<String>,
    /// How many recorded outcomes there are; `None` when the scenario names no outcomes file.
    pub outcomes: Option<usize>,
    /// How many warnings loading reported.
    pub warnings: usize,
}

/// One group in the summary.
#[derive(Clone, Debug, PartialEq)]
pub struct GroupLine {
    /// The group's id.
    pub id: GroupId,
    /// Its full name.
    pub name: String,
    /// Active members in the membership in force.
    pub active: usize,
    /// Suspended members in the membership in force.
    pub suspended: usize,
    /// The date of the membership in force.
    pub as_of: Date,
    /// Where the member list comes from: "cited", "general knowledge" or "unverified".
    pub basis: &'static str,
    /// Its adoption rule.
    pub rule: AdoptionRule,
    /// Its alternative rules.
    pub alternative_rules: Vec<AdoptionRule>,
    /// Its cells, counted by kind.
    pub cells: CellCounts,
    /// The ITU Regions of its active members, each with how many (states of unknown Region are
    /// not counted), in Region order.
    pub regions: Vec<(concord_core::model::Region, usize)>,
}

impl GroupLine {
    /// `in Region 1`, `in Regions 1 (40) and 3 (2)`; empty when no member's Region is known.
    pub fn region_words(&self) -> String {
        match self.regions.as_slice() {
            [] => String::new(),
            [(region, _)] => format!(" in {}", region.label()),
            many => {
                let parts: Vec<String> = many
                    .iter()
                    .map(|(region, count)| format!("{} ({count})", &region.label()[7..]))
                    .collect();
                let (last, rest) = parts.split_last().unwrap_or((&parts[0], &[]));
                format!(" in Regions {} and {last}", rest.join(", "))
            }
        }
    }
}

impl Summary {
    /// The summary as `--groups` shows it: those groups' lines.
    pub fn only_groups(&mut self, groups: &[GroupId]) {
        self.groups.retain(|line| groups.contains(&line.id));
        let mut cells = CellCounts::default();
        for line in &self.groups {
            cells.merge(&line.cells);
        }
        self.cells = cells;
    }
}

/// Cells by kind. Every group has a cell on every item, so `total = groups × items`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CellCounts {
    /// Every cell.
    pub total: usize,
    /// Cells with a position (`Options` or `Scale`).
    pub stated: usize,
    /// Stated cells with a cited source.
    pub sourced: usize,
    /// Cells (of any kind) marked illustrative.
    pub illustrative: usize,
    /// Stated cells that say nothing of where they come from.
    pub without_provenance: usize,
    /// Stated cells whose position is a coordinator's estimate (`Estimated` provenance).
    pub estimate: usize,
    /// Stated cells whose salience or flexibility is an estimate (or the 0.5 default).
    pub estimated: usize,
    /// Cells still studying the item.
    pub no_position_yet: usize,
    /// Cells with no proposal on the item.
    pub no_proposal: usize,
    /// Cells with no information, implicit or written.
    pub unknown: usize,
    /// Unknown cells the files never mention.
    pub implicit_unknown: usize,
    /// Cells stated in words only ("stated, not coded"): never support or opposition.
    pub not_coded: usize,
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
                    Provenance::Missing | Provenance::Implicit | Provenance::Later => {
                        self.without_provenance += 1;
                    }
                    Provenance::Estimated { .. } => self.estimate += 1,
                    Provenance::Illustrative { .. } => {}
                }
                if cell.salience.basis != Basis::Sourced || cell.flexibility.basis != Basis::Sourced
                {
                    self.estimated += 1;
                }
            }
            Stance::NoPositionYet => self.no_position_yet += 1,
            Stance::NotCoded => self.not_coded += 1,
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
        self.estimate += other.estimate;
        self.illustrative += other.illustrative;
        self.without_provenance += other.without_provenance;
        self.estimated += other.estimated;
        self.no_position_yet += other.no_position_yet;
        self.no_proposal += other.no_proposal;
        self.unknown += other.unknown;
        self.implicit_unknown += other.implicit_unknown;
        self.not_coded += other.not_coded;
        self.confidential += other.confidential;
        self.confidential_illustrative += other.confidential_illustrative;
    }
}

impl Summary {
    /// Counts what the scenario holds; `warnings` is the number loading reported.
    pub fn build(
        scenario: &Scenario,
        graph: &MembershipGraph,
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
                as_of: group.membership.as_of,
                basis: membership_basis(&group.membership.source),
                rule: group.rule.clone(),
                alternative_rules: group.alternative_rules.clone(),
                cells: counts,
                regions: concord_core::model::Region::ALL
                    .into_iter()
                    .map(|region| {
                        let count = group
                            .membership
                            .members
                            .iter()
                            .filter(|member| {
                                scenario.states.get(*member).and_then(|state| state.region)
                                    == Some(region)
                            })
                            .count();
                        (region, count)
                    })
                    .filter(|(_, count)| *count > 0)
                    .collect(),
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
            dates: (conference.start, conference.end),
            as_of: conference.as_of,
            next: conference.next.clone(),
            groups,
            states: scenario.states.len(),
            dual_members: graph.dual_members(),
            split: (
                scenario.parents.len(),
                scenario.parents.values().map(|p| p.issues.len()).sum(),
            ),
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
                .filter(|file| file.read == concord_core::model::PrivateRead::Read)
                .count(),
            private_listed: scenario.private_files.len(),
            reader: scenario
                .audience
                .reader()
                .map(|reader| reader.id().to_owned()),
            outcomes: outcomes.map(|outcomes| outcomes.outcomes.len()),
            warnings,
        }
    }
}

/// Coverage: how much is known. The reader must never take "nobody's position is known" for "nobody
/// wants this".
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Coverage {
    /// Every group's cell on every item.
    pub cells: usize,
    /// Cells with something known: a position, no position yet, no proposal, no common proposal.
    pub known: usize,
    /// Items.
    pub items: usize,
    /// Items on which no group's cell is known.
    pub items_nothing_known: usize,
}

impl Coverage {
    /// Counts the cells of an analysis.
    pub fn of(analysis: &concord_core::analysis::Analysis) -> Self {
        let unknown = |cell: &concord_core::analysis::GroupCell| {
            matches!(
                cell.not_stated(),
                Some(concord_core::analysis::NotStated::Unknown)
            )
        };
        let mut known = Coverage {
            items: analysis.items.len(),
            ..Coverage::default()
        };
        for item in &analysis.items {
            known.cells += item.cells.len();
            let item_known = item.cells.iter().filter(|cell| !unknown(cell)).count();
            known.known += item_known;
            if item_known == 0 {
                known.items_nothing_known += 1;
            }
        }
        known
    }
}

/// Where a member list comes from, in the report's words: "cited", "general knowledge" or
/// "unverified".
fn membership_basis(source: &concord_core::model::MembershipSource) -> &'static str {
    match source {
        concord_core::model::MembershipSource::Cited(_) => "cited",
        concord_core::model::MembershipSource::GeneralKnowledge(_) => "general knowledge",
        concord_core::model::MembershipSource::Unverified(_) => "unverified",
    }
}

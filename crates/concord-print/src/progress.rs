//! The calendar's progress of every cell: where every item stands in every group's process
//! (`concord status`), and the preparatory calendar the brief shows. Pure functions of a
//! validated scenario and its analysis, into typed views (ids, dates, kinds, the cell itself):
//! the printers word them (`report::progress`, the brief).
//!
//! Not to be confused with an item's status (`analysis::ItemStatus`): this is each cell's place
//! in the preparatory process.
//!
//! The rules (docs/workflow.md, "The preparatory calendar and `status`"):
//! - a stage is *held* by the reference date when it ended on or before it, *under way* when it
//!   started on or before it and ends after it, *next* when it is the first to start after it;
//!   a stage without dates is *undated* and is never past or next;
//! - a stage naming no group is every group's (an inter-regional workshop, a CPM session, the
//!   conference); a group's meetings are its own stages and those;
//! - only a group's own regional meetings and the conference *decide* its positions (a workshop
//!   presents them, a CPM session studies): the *last meeting* of a cell is the latest deciding
//!   meeting that had started by the cell's date; the cell is *stale* when a deciding meeting
//!   ended after the cell's date and by the reference date (the rule of the `stale-position`
//!   warning);
//! - a group's *next meeting* is the first of its meetings that starts after the reference
//!   date, with its deadline for contributions when the scenario gives one.

use serde::Serialize;

use concord_core::analysis::{Analysis, GroupCell};
use concord_core::id::{GroupId, ItemId};
use concord_core::model::{Date, Maturity, Provenance, Scenario, Stage, StageKind};

/// The JSON schema version of `concord status`.
pub(crate) const PROGRESS_SCHEMA_VERSION: u32 = 1;

/// Where a stage stands at the reference date (JSON: its kebab-case name).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum When {
    /// It ended on or before the reference date.
    Held,
    /// It started on or before the reference date and ends after it.
    UnderWay,
    /// The first stage to start after the reference date.
    Next,
    /// A later stage.
    Later,
    /// No source gives its dates.
    Undated,
}

/// One stage of the calendar.
#[derive(Clone, Debug, PartialEq)]
pub struct CalendarEntry {
    /// Its name.
    pub name: String,
    /// What kind of meeting it is.
    pub kind: StageKind,
    /// The groups that meet at it; empty: every group.
    pub groups: Vec<GroupId>,
    /// Its first day, when known.
    pub start: Option<Date>,
    /// Its last day, when known.
    pub end: Option<Date>,
    /// Its deadline for contributions, when known.
    pub deadline: Option<Date>,
    /// Where it stands at the reference date.
    pub when: When,
}

/// The preparatory calendar at the reference date.
#[derive(Clone, Debug, PartialEq)]
pub struct Calendar {
    /// The reference date.
    pub as_of: Date,
    /// Whether it is a replay date (`--as-of`).
    pub replay: bool,
    /// The conference's first day.
    pub conference_start: Date,
    /// The deadline for proposals to the conference, when the scenario gives one.
    pub deadline: Option<Date>,
    /// Every stage, in the scenario's order.
    pub stages: Vec<CalendarEntry>,
}

/// A meeting named with its date.
#[derive(Clone, Debug, PartialEq)]
pub struct Meeting {
    /// The stage's name.
    pub name: String,
    /// Its first day (or its last, when only that is known).
    pub date: Date,
    /// Its deadline for contributions, when known.
    pub deadline: Option<Date>,
}

/// What comes next for one group.
#[derive(Clone, Debug, PartialEq)]
pub struct GroupNext {
    /// The group.
    pub group: GroupId,
    /// Its last meeting held by the reference date.
    pub last_meeting: Option<Meeting>,
    /// Its next meeting after the reference date.
    pub next_meeting: Option<Meeting>,
}

/// One group's cell on one item, and its place in the group's process.
#[derive(Clone, Debug, PartialEq)]
pub struct CellProgress<'a> {
    /// The item.
    pub item: ItemId,
    /// The group's effective cell on the item: its group and its position, or why it has none
    /// (the printers word it with `report::view::cell_label`).
    pub cell: &'a GroupCell,
    /// Its maturity as the file gives it (the printers word it in the group's vocabulary).
    pub maturity: Option<Maturity>,
    /// The rung of the common ladder: 1 preliminary view, 2 draft, 3 common position, 4 common
    /// proposal.
    pub level: Option<u8>,
    /// The date of the version in force, when sourced.
    pub dated: Option<Date>,
    /// The proposal reference, when given.
    pub reference: Option<String>,
    /// The latest of the group's meetings that had started by the cell's date.
    pub last_meeting: Option<Meeting>,
    /// A meeting of the group ended after the cell's date (and by the reference date); `None`
    /// when the cell is undated or unknown.
    pub stale: Option<bool>,
    /// How many dated versions the file keeps (1 when it keeps one or none).
    pub versions: usize,
}

impl CellProgress<'_> {
    /// The group.
    pub fn group(&self) -> &GroupId {
        &self.cell.group
    }

    /// Nobody's position is known there (which is not opposition).
    pub fn unknown(&self) -> bool {
        matches!(
            self.cell.not_stated(),
            Some(concord_core::analysis::NotStated::Unknown)
        )
    }
}

/// `concord status`: the calendar, each group's next step and every cell's place in it.
#[derive(Clone, Debug, PartialEq)]
pub struct ProgressView<'a> {
    /// The JSON schema version.
    pub schema_version: u32,
    /// The conference id.
    pub conference: String,
    /// Its name.
    pub name: String,
    /// The calendar at the reference date.
    pub calendar: Calendar,
    /// Per group, in group order.
    pub groups: Vec<GroupNext>,
    /// Per item, then per group, in file order.
    pub cells: Vec<CellProgress<'a>>,
}

impl ProgressView<'_> {
    /// The view as `--groups` shows it: those groups' rows and cells.
    pub fn only_groups(&mut self, groups: &[concord_core::id::GroupId]) {
        self.groups.retain(|next| groups.contains(&next.group));
        self.cells.retain(|cell| groups.contains(&cell.cell.group));
    }
}

/// The day a stage is placed at: its first day, else its last.
fn day(stage: &Stage) -> Option<Date> {
    stage.start.or(stage.end)
}

fn meeting(stage: &Stage) -> Option<Meeting> {
    Some(Meeting {
        name: stage.name.clone(),
        date: day(stage)?,
        deadline: stage.deadline,
    })
}

/// The calendar of `scenario` at its reference date.
pub fn calendar(scenario: &Scenario) -> Calendar {
    let as_of = scenario.conference.as_of;
    let next = scenario
        .stages
        .iter()
        .position(|stage| day(stage).is_some_and(|start| as_of.before(start)));
    let stages = scenario
        .stages
        .iter()
        .enumerate()
        .map(|(index, stage)| {
            let when = match day(stage) {
                None => When::Undated,
                Some(_) if stage.held_by(as_of) => When::Held,
                Some(start) if !as_of.before(start) => When::UnderWay,
                Some(_) if Some(index) == next => When::Next,
                Some(_) => When::Later,
            };
            CalendarEntry {
                name: stage.name.clone(),
                kind: stage.kind,
                groups: stage.groups.clone(),
                start: stage.start,
                end: stage.end,
                deadline: stage.deadline,
                when,
            }
        })
        .collect();
    Calendar {
        as_of,
        replay: scenario.conference.replay,
        conference_start: scenario.conference.start,
        deadline: scenario.conference.deadline,
        stages,
    }
}

/// `group`'s last meeting held by `date` and its next meeting after it.
pub(crate) fn group_next(scenario: &Scenario, group: &GroupId) -> GroupNext {
    let as_of = scenario.conference.as_of;
    let meetings = || scenario.stages.iter().filter(|stage| stage.involves(group));
    GroupNext {
        group: group.clone(),
        last_meeting: meetings()
            .filter(|stage| stage.held_by(as_of))
            .max_by_key(|stage| stage.end.or(stage.start))
            .and_then(meeting),
        next_meeting: meetings()
            .filter(|stage| day(stage).is_some_and(|start| as_of.before(start)))
            .min_by_key(|stage| day(stage))
            .and_then(meeting),
    }
}

/// Where every item stands in every group's process: the calendar's progress of every cell.
pub fn progress<'a>(scenario: &Scenario, analysis: &'a Analysis) -> ProgressView<'a> {
    let as_of = scenario.conference.as_of;
    let mut cells = Vec::new();
    for item_analysis in &analysis.items {
        for group_cell in &item_analysis.cells {
            let group = &group_cell.group;
            let cell = scenario.cell(group, &item_analysis.item);
            let dated = match &cell.provenance {
                Provenance::Sourced { as_of, .. } => Some(*as_of),
                _ => None,
            };
            let meetings = || scenario.stages.iter().filter(|stage| stage.decides(group));
            let last_meeting = dated.and_then(|dated| {
                meetings()
                    .filter(|stage| day(stage).is_some_and(|start| !dated.before(start)))
                    .max_by_key(|stage| day(stage))
                    .and_then(meeting)
            });
            // The rule of the `stale-position` warning, from the same function.
            let latest = concord_core::model::latest_deciding_stage(&scenario.stages, group, as_of);
            let stale = dated.map(|dated| {
                latest
                    .and_then(Stage::first_day)
                    .is_some_and(|first| dated.before(first))
            });
            cells.push(CellProgress {
                item: item_analysis.item.clone(),
                cell: group_cell,
                maturity: cell.maturity,
                level: cell.maturity.map(level),
                dated,
                reference: cell.reference.clone(),
                last_meeting,
                stale,
                versions: cell.history.len().max(1),
            });
        }
    }
    ProgressView {
        schema_version: PROGRESS_SCHEMA_VERSION,
        conference: scenario.conference.id.clone(),
        name: scenario.conference.name.clone(),
        calendar: calendar(scenario),
        groups: scenario
            .groups
            .keys()
            .map(|group| group_next(scenario, group))
            .collect(),
        cells,
    }
}

/// The rung of the common ladder, 1 to 4.
fn level(maturity: Maturity) -> u8 {
    match maturity.level() {
        concord_core::model::MaturityLevel::PreliminaryView => 1,
        concord_core::model::MaturityLevel::Draft => 2,
        concord_core::model::MaturityLevel::CommonPosition => 3,
        concord_core::model::MaturityLevel::CommonProposal => 4,
    }
}

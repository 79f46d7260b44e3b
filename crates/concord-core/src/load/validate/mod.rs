//! Raw types → the validated model. Every dangling reference, duplicate and out-of-range value is
//! reported, each at its own location; the model is returned only when nothing is wrong.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use indexmap::IndexMap;
use rayon::prelude::*;

use super::locate::Seg::{self, F, I, K, Key};
use super::raw;
use super::source::{FileSource, resolve};
use super::{Ctx, FileId};
use crate::diag::Code;
use crate::graph::algo::dependency_cycles;
use crate::id::{GroupId, ItemId, OptionId, StateId};
use crate::model::{
    self, Accepted, AdoptionRule, Basis, Capability, Cell, Conference, Confidential, Date,
    Estimate, Group, GroupPositions, Item, ItemKind, ItemOption, Maturity, MaturityLevel,
    Membership, MembershipSource, OptionsStance, Outcome, OutcomeKind, Outcomes, PrivateFileStatus,
    PrivateRead, Provenance, Scale, ScaleStance, Scenario, Stage, StageKind, Stance, StatePosition,
    Tally, Voting,
};

mod agenda;
mod audience;
mod bounds;
mod calendar;
mod clash;
mod organisations;
mod outcomes;
mod positions;
mod private;
mod registry;
mod scope;
mod stance;
#[cfg(test)]
mod tests;

use agenda::{ItemsKnown, items};
use bounds::too_many_cells;
pub(crate) use bounds::{MAX_CAPABILITY, MAX_CELLS, MAX_GROUPS, MAX_ROUNDS, MAX_TOTAL_ROUNDS};
use calendar::{conference, stages};
use outcomes::outcomes;
use positions::positions_of_group;
use private::{private_file, private_owner};
use registry::{groups, states, unknown_state};
use scope::{Scope, option_id};

/// A set of known ids; `complete` is false when the file defining them failed, in which case
/// references to unknown ids are not reported (they would only echo the first error).
struct Known<T> {
    ids: IndexMap<String, T>,
    complete: bool,
    /// Ids whose own definition had an error (a group naming unknown members): checks that
    /// depend on the broken part are skipped rather than echo it.
    partial: BTreeSet<String>,
}

impl<T> Known<T> {
    fn new(ids: IndexMap<String, T>) -> Self {
        Known {
            ids,
            complete: true,
            partial: BTreeSet::new(),
        }
    }

    /// Nothing is known: the defining file failed.
    fn failed() -> Self {
        Known {
            ids: IndexMap::new(),
            complete: false,
            partial: BTreeSet::new(),
        }
    }

    fn resolves(&self, id: &str) -> bool {
        !self.complete || self.ids.contains_key(id)
    }

    fn is_partial(&self, id: &str) -> bool {
        self.partial.contains(id)
    }
}

/// The best suggestion for a misspelt id: same letters in another case, else a close spelling.
pub fn closest<'a>(found: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let candidates: Vec<&str> = candidates.into_iter().collect();
    if let Some(same) = candidates
        .iter()
        .find(|candidate| candidate.eq_ignore_ascii_case(found))
    {
        return Some(same);
    }
    // Fuzzy matching costs (candidates × length²) per diagnostic: bounded so that a file of
    // many bad ids against a large agenda still reports in linear time.
    let n_chars = found.chars().count();
    if n_chars > MAX_ID_CHARS || candidates.len() > MAX_FUZZY_CANDIDATES {
        return None;
    }
    let limit = (n_chars / 3).max(1);
    let found = found.to_lowercase();
    candidates
        .iter()
        // The distance is at least the difference in length: most candidates need no more.
        .filter(|candidate| candidate.chars().count().abs_diff(n_chars) <= limit)
        .map(|candidate| {
            (
                strsim::damerau_levenshtein(&found, &candidate.to_lowercase()),
                *candidate,
            )
        })
        .filter(|(distance, _)| *distance <= limit)
        .min()
        .map(|(_, candidate)| candidate)
}

/// Past this many candidates, "did you mean" only matches case-insensitively.
const MAX_FUZZY_CANDIDATES: usize = 10_000;

/// "did you mean `x`?"; when the two look alike because `found` hides a non-ASCII character
/// (a Cyrillic `о` in `mоd`), it is named.
fn did_you_mean<'a>(found: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<String> {
    closest(found, candidates).map(|best| {
        let foreign = found
            .chars()
            .find(|c| !c.is_ascii())
            .filter(|_| best.is_ascii());
        match foreign {
            Some(c) => format!(
                "did you mean `{best}`? (`{found}` has the non-ASCII character U+{:04X} `{c}`)",
                u32::from(c)
            ),
            None => format!("did you mean `{best}`?"),
        }
    })
}

/// A path into a file of up to [`SegPath::CAPACITY`] steps, on the stack: validation makes one
/// for nearly every value it checks and needs it only when something is wrong. A deeper path is
/// cut short, which locates its enclosing value (no concord file nests that deep).
#[derive(Clone, Copy, Debug)]
struct SegPath<'a> {
    segs: [Seg<'a>; SegPath::CAPACITY],
    len: usize,
}

impl SegPath<'_> {
    const CAPACITY: usize = 12;
}

impl<'a> std::ops::Deref for SegPath<'a> {
    type Target = [Seg<'a>];

    fn deref(&self) -> &[Seg<'a>] {
        &self.segs[..self.len]
    }
}

fn path<'a>(base: &[Seg<'a>], more: &[Seg<'a>]) -> SegPath<'a> {
    let mut out = SegPath {
        segs: [Seg::I(0); SegPath::CAPACITY],
        len: 0,
    };
    for seg in base.iter().chain(more).take(SegPath::CAPACITY) {
        out.segs[out.len] = *seg;
        out.len += 1;
    }
    out
}

fn is_group_id(id: &str) -> bool {
    // A group id names files (`positions/pp14/cept.ron`, `brief --all`): at most 100 bytes.
    id.len() <= MAX_ID_CHARS
        && id.bytes().next().is_some_and(|b| b.is_ascii_uppercase())
        && id
            .bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'-' || b == b'_')
}

fn is_state_code(id: &str) -> bool {
    id.len() == 3 && id.bytes().all(|b| b.is_ascii_uppercase())
}

/// The longest item or option id, in characters.
const MAX_ID_CHARS: usize = 100;

/// An item or option id: 1 to 100 characters, none of them whitespace or invisible (a bidi
/// control or a zero-width space would make two ids that look the same differ).
fn is_plain_id(id: &str) -> bool {
    !id.is_empty()
        && id.chars().nth(MAX_ID_CHARS).is_none()
        && !id
            .chars()
            .any(|c| c.is_whitespace() || crate::diag::is_invisible(c))
}

fn in_unit(value: f64) -> bool {
    (0.0..=1.0).contains(&value)
}

fn on_scale(value: f64) -> bool {
    (0.0..=100.0).contains(&value)
}

impl Ctx {
    /// A one-line text (a name, a title, a label) holds no control character: a line break or an
    /// escape in it would break or forge lines of every report that shows it.
    fn one_line(&mut self, file: FileId, at: &[Seg<'_>], what: &str, text: &str) {
        if let Some(bad) = text.chars().find(|c| crate::diag::is_invisible(*c)) {
            self.report(
                Code::ControlCharacter,
                file,
                at,
                format!(
                    "the {what} holds the control or invisible character U+{:04X}",
                    u32::from(bad)
                ),
                Some("write it on one line, with visible characters only".into()),
            );
        }
    }

    fn date(&mut self, file: FileId, at: &[Seg<'_>], text: &str) -> Option<Date> {
        let date = Date::parse(text);
        if date.is_none() {
            self.report(
                Code::InvalidDate,
                file,
                at,
                format!("`{text}` is not a date"),
                Some(
                    "write dates as `YYYY-MM-DD`, or `YYYY-MM` when only the month is known".into(),
                ),
            );
        }
        date
    }

    fn unit(&mut self, file: FileId, at: &[Seg<'_>], what: &str, value: f64) {
        if !in_unit(value) {
            self.report(
                Code::OutOfUnitRange,
                file,
                at,
                format!("{what} {} is outside 0-1", crate::diag::number(value)),
                Some("give a value between 0 and 1".into()),
            );
        }
    }

    fn read_and_parse<T: serde::de::DeserializeOwned>(
        &mut self,
        source: &dyn FileSource,
        scenario_path: &Path,
        scenario_file: FileId,
        named_at: &[Seg<'_>],
        relative: &str,
    ) -> Option<(FileId, T)> {
        let file_path = resolve(scenario_path, relative);
        let file = self.read(source, &file_path, Some((scenario_file, named_at)))?;
        self.parse(file).map(|parsed| (file, parsed))
    }
}

/// A positions file parsed on its own thread: the file without its positions, and its cells.
type CheckedFile = (raw::PositionsFile, Option<positions::FileCells>);

/// Validates the scenario in `file` and every file it names, in the order they are read; the
/// scenario and its outcomes, or `None` when the scenario file does not parse or its conference
/// is invalid.
pub(super) fn scenario(
    ctx: &mut Ctx,
    source: &dyn FileSource,
    scenario_path: &Path,
    file: FileId,
    edits: Vec<super::edit::Edit>,
    (replay, read_for): (Option<Date>, &super::ReadFor),
) -> Option<(Scenario, Option<Outcomes>)> {
    let raw: raw::ScenarioFile = ctx.parse(file)?;

    let conference = conference(ctx, file, &raw, replay);
    let as_of = conference.as_ref().map(|conference| conference.as_of);
    let (states, groups) = states_and_groups(ctx, source, scenario_path, file, &raw, as_of);
    let audience = audience::resolve(ctx, read_for, &states, &groups);
    let items = items(ctx, file, &raw.items, &states)?;
    if too_many_cells(ctx, file, groups.ids.len(), items.ids.len()) {
        return None;
    }
    let stages = stages(ctx, file, &raw.stages, &groups);
    let capability = capability(ctx, file, &raw.capability, &groups);
    let voting = voting(&raw.voting);

    // What-if changes, checked against the groups and items, applied to the raw positions.
    let group_ids: Vec<String> = groups.ids.keys().cloned().collect();
    let edits = super::edit::check(ctx, edits, &group_ids, (&items.ids, &items.parents));
    let scope = Scope {
        states: &states,
        groups: &groups,
        items: &items,
        conference: &raw.conference,
        stages: &stages,
        as_of,
        replay,
        audience: &audience,
    };
    let (mut positions, private_files) =
        all_positions(ctx, source, scenario_path, file, &raw, &edits, &scope);
    let outcomes = recorded_outcomes(ctx, source, scenario_path, file, &raw, &items);
    let organisations =
        organisations::organisations(ctx, source, scenario_path, file, &raw, &scope);
    in_item_order(&mut positions, &items);

    let conference = conference?;
    let scenario = Scenario {
        conference,
        states: by_id(states.ids, StateId::new),
        groups: by_id(groups.ids, GroupId::new),
        items: by_id(items.ids, ItemId::new),
        parents: items.parents,
        organisations,
        stages,
        capability,
        voting,
        positions,
        private_files,
        audience,
    };
    Some((scenario, outcomes))
}

/// The states file and the groups file the scenario names, read and checked in that order.
fn states_and_groups(
    ctx: &mut Ctx,
    source: &dyn FileSource,
    scenario_path: &Path,
    file: FileId,
    raw: &raw::ScenarioFile,
    as_of: Option<Date>,
) -> (Known<model::State>, Known<Group>) {
    let states_file = ctx.read_and_parse::<raw::StatesFile>(
        source,
        scenario_path,
        file,
        &[F("states")],
        &raw.states,
    );
    let states = states(ctx, states_file.as_ref(), as_of);
    let groups_file = ctx.read_and_parse::<raw::GroupsFile>(
        source,
        scenario_path,
        file,
        &[F("groups")],
        &raw.groups,
    );
    let groups = groups(ctx, groups_file.as_ref(), &states, as_of);
    (states, groups)
}

/// Every group's positions (its positions file with the what-if changes applied, then its
/// private file's confidential parts), and whether each private file was there to load.
fn all_positions(
    ctx: &mut Ctx,
    source: &dyn FileSource,
    scenario_path: &Path,
    file: FileId,
    raw: &raw::ScenarioFile,
    edits: &[super::edit::Edit],
    scope: &Scope<'_>,
) -> (IndexMap<GroupId, GroupPositions>, Vec<PrivateFileStatus>) {
    let mut positions = no_positions(scope.groups);
    let mut confidential_at: BTreeSet<(String, String)> = BTreeSet::new();
    let position_files = read_position_files(ctx, source, scenario_path, file, &raw.positions);
    let checked = check_position_files(ctx, &position_files, edits, scope);
    merge_position_files(
        ctx,
        position_files,
        checked,
        edits,
        scope,
        &mut positions,
        &mut confidential_at,
    );
    let mut private_files = Vec::new();
    for (index, relative) in raw.private.iter().enumerate() {
        let file_path = resolve(scenario_path, relative);
        let named_at = [F("private"), I(index)];
        let owner = private_owner(ctx, (file, &named_at), &file_path, scope);
        let mut status = PrivateFileStatus {
            path: file_path.display().to_string(),
            group: owner.clone(),
            read: PrivateRead::NotForReader,
        };
        match owner {
            Some(owner) if scope.audience.sees(owner.as_str()) => {
                status.read = private_file(
                    ctx,
                    source,
                    (&file_path, &owner),
                    (file, &named_at),
                    scope,
                    &mut positions,
                    &mut confidential_at,
                );
            }
            // Not read, not even looked at: but named, so no output may land on it.
            _ => ctx.absent.push(file_path),
        }
        private_files.push(status);
    }
    (positions, private_files)
}

/// An empty entry for every defined group, in the groups' order.
fn no_positions(groups: &Known<Group>) -> IndexMap<GroupId, GroupPositions> {
    groups
        .ids
        .keys()
        .map(|id| {
            (
                GroupId::new(id),
                GroupPositions {
                    file: None,
                    cells: IndexMap::new(),
                    state_positions: Vec::new(),
                },
            )
        })
        .collect()
}

/// Reads the positions files the scenario names, in order (parsing comes later, in parallel).
fn read_position_files(
    ctx: &mut Ctx,
    source: &dyn FileSource,
    scenario_path: &Path,
    file: FileId,
    relatives: &[String],
) -> Vec<FileId> {
    // Read in order, parsed in parallel (the bulk of loading a large scenario), checked in order.
    relatives
        .iter()
        .enumerate()
        .filter_map(|(index, relative)| {
            let named_at = [F("positions"), I(index)];
            ctx.read(
                source,
                &resolve(scenario_path, relative),
                Some((file, &named_at)),
            )
        })
        .collect()
}

/// Parses each positions file and checks its cells on a detached context, in parallel when the
/// files are large enough to pay for the pool; the results are in file order.
fn check_position_files(
    ctx: &mut Ctx,
    position_files: &[FileId],
    edits: &[super::edit::Edit],
    scope: &Scope<'_>,
) -> Vec<(Ctx, Option<CheckedFile>)> {
    let item_ids: Vec<String> = scope.items.ids.keys().cloned().collect();
    // Each file is parsed and its cells checked on its own thread, on a detached context; the
    // raw positions are freed as soon as their cells exist, so only a few files' worth of raw
    // data is alive at once. The results are merged in file order.
    let detached: Vec<Ctx> = position_files
        .iter()
        .map(|&positions_file| ctx.detach(positions_file))
        .collect();
    let check = |detached: Ctx| check_detached(detached, edits, &item_ids, scope);
    // Small scenarios stay on this thread: the pool costs more than a few kilobytes of RON.
    let bytes: usize = detached.iter().map(Ctx::text_len).sum();
    let checked: Vec<(Ctx, Option<CheckedFile>)> = if bytes < crate::parallel::MIN_PARALLEL_BYTES {
        detached.into_iter().map(check).collect()
    } else {
        detached.into_par_iter().map(check).collect()
    };
    crate::timing::mark("parse and check positions");
    checked
}

/// One detached positions file: parsed, the what-if changes applied, its cells checked and its
/// raw positions freed. `None` when it does not parse.
fn check_detached(
    mut detached: Ctx,
    edits: &[super::edit::Edit],
    item_ids: &[String],
    scope: &Scope<'_>,
) -> (Ctx, Option<CheckedFile>) {
    let Some(mut parsed) = detached.parse_positions(0) else {
        return (detached, None);
    };
    crate::load::shared::resolve_reported(&mut detached, 0, &mut parsed);
    let group = parsed.group.clone();
    if edits
        .iter()
        .any(|edit| edit.group.as_deref().is_none_or(|g| g == group))
    {
        // An edit is aimed at an issue: a position on its item is one on each issue first.
        agenda::expand_parents(&mut parsed, &scope.items.parents);
    }
    super::edit_apply::apply(
        edits,
        &group,
        item_ids,
        &mut parsed,
        (scope.replay.or(scope.as_of), scope.replay.is_some()),
    );
    let cells = positions::cells_of_file(&mut detached, 0, &parsed, scope);
    parsed.positions = Vec::new();
    (detached, Some((parsed, cells)))
}

/// Merges the checked positions files in file order, then reports the what-if changes aimed at
/// a group no file is for.
fn merge_position_files(
    ctx: &mut Ctx,
    position_files: Vec<FileId>,
    checked: Vec<(Ctx, Option<CheckedFile>)>,
    edits: &[super::edit::Edit],
    scope: &Scope<'_>,
    positions: &mut IndexMap<GroupId, GroupPositions>,
    confidential_at: &mut BTreeSet<(String, String)>,
) {
    // The groups the files are for, by the `group:` inside them; `None` once a file did not
    // parse (its group is unknown, and its error is already reported).
    let mut groups_with_files = Some(BTreeSet::new());
    for (positions_file, (detached, checked)) in position_files.into_iter().zip(checked) {
        let Some((parsed, cells)) = checked else {
            ctx.absorb(positions_file, detached, true);
            groups_with_files = None;
            continue;
        };
        if let Some(groups) = &mut groups_with_files {
            groups.insert(parsed.group.clone());
        }
        positions_of_group(
            ctx,
            positions_file,
            &parsed,
            (detached, cells),
            scope,
            positions,
            confidential_at,
        );
    }
    if let Some(groups) = &groups_with_files {
        super::edit::report_groups_without_file(ctx, edits, groups);
    }
    super::edit::report_idle_levers(ctx, edits, positions);
    crate::timing::mark("merge positions");
}

/// The outcomes file the scenario names, if any, read and checked against the items.
fn recorded_outcomes(
    ctx: &mut Ctx,
    source: &dyn FileSource,
    scenario_path: &Path,
    file: FileId,
    raw: &raw::ScenarioFile,
    items: &ItemsKnown,
) -> Option<Outcomes> {
    let relative = raw.outcomes.as_ref()?;
    let (outcomes_file, parsed) = ctx.read_and_parse::<raw::OutcomesFile>(
        source,
        scenario_path,
        file,
        &[F("outcomes")],
        relative,
    )?;
    Some(outcomes(
        ctx,
        outcomes_file,
        &parsed,
        items,
        &raw.conference,
    ))
}

/// Every group has a cell on every item, in item order: silence is an `unknown`.
fn in_item_order(positions: &mut IndexMap<GroupId, GroupPositions>, items: &ItemsKnown) {
    for group_positions in positions.values_mut() {
        // Files usually follow the agenda: then there is nothing to reorder.
        if group_positions.cells.len() == items.ids.len()
            && group_positions
                .cells
                .keys()
                .zip(items.ids.keys())
                .all(|(cell, item)| cell.as_str() == item)
        {
            continue;
        }
        let mut cells = IndexMap::with_capacity(items.ids.len());
        for item_id in items.ids.keys() {
            let cell = group_positions
                .cells
                .swap_remove(item_id.as_str())
                .unwrap_or_else(Cell::implicit_unknown);
            cells.insert(ItemId::new(item_id), cell);
        }
        group_positions.cells = cells;
    }
}

/// Known ids keyed by their model id type, in the same order.
fn by_id<T, Id: std::hash::Hash + Eq>(
    ids: IndexMap<String, T>,
    id: impl Fn(&str) -> Id,
) -> IndexMap<Id, T> {
    ids.into_iter()
        .map(|(key, value)| (id(&key), value))
        .collect()
}

/// A voting rule as the model holds it.
/// An ITU Region as the files write it (`R1`, `R2`, `R3`); `None` for anything else.
fn region(text: &str) -> Option<model::Region> {
    model::Region::ALL
        .into_iter()
        .find(|region| region.code() == text)
}

fn voting(raw: &raw::Voting) -> Voting {
    match raw {
        raw::Voting::Never => Voting::Never,
        raw::Voting::Majority(raw::Majority::Simple) => Voting::Majority(model::Majority::Simple),
        raw::Voting::Majority(raw::Majority::TwoThirds) => {
            Voting::Majority(model::Majority::TwoThirds)
        }
    }
}

fn capability(
    ctx: &mut Ctx,
    file: FileId,
    raw: &raw::Capability,
    groups: &Known<Group>,
) -> Capability {
    match raw {
        raw::Capability::Members => Capability::Members,
        raw::Capability::Equal => Capability::Equal,
        raw::Capability::Explicit(weights) => {
            let mut out = IndexMap::new();
            for (group, weight) in weights {
                let at = [F("capability"), K(group)];
                if !groups.resolves(group) {
                    ctx.report(
                        Code::UnknownGroup,
                        file,
                        &[F("capability"), Key(group)],
                        format!("capability names unknown group `{group}`"),
                        did_you_mean(group, groups.ids.keys().map(String::as_str)),
                    );
                    continue;
                }
                if !weight.is_finite() || *weight < 0.0 || *weight > MAX_CAPABILITY {
                    ctx.report(
                        Code::InvalidCapability,
                        file,
                        &at,
                        format!(
                            "capability of `{group}` is {}",
                            crate::diag::number(*weight)
                        ),
                        Some(format!(
                            "give a weight from 0 to {MAX_CAPABILITY} (only ratios matter)"
                        )),
                    );
                }
                out.insert(GroupId::new(group), *weight);
            }
            for group in groups.ids.keys() {
                if !weights.contains_key(group) {
                    ctx.report(
                        Code::InvalidCapability,
                        file,
                        &[F("capability")],
                        format!("explicit capability gives no weight to `{group}`"),
                        Some("give every group a weight".into()),
                    );
                }
            }
            Capability::Explicit(out)
        }
    }
}

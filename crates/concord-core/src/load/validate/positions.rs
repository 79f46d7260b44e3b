//! Position files: every cell, its estimates, maturity and provenance (stances in `stance.rs`,
//! confidential parts and private files in `private.rs`).

use super::clash::clash;
use super::private::confidential_part;
use super::scope::{Scope, check_file_name, checked_provenance};
use super::stance::{stance, tallies};
#[allow(clippy::wildcard_imports)]
use super::*;
use crate::load::versions::{in_force, provenance_date};

use crate::model::Version;

/// A date as the day it stands for (see [`Date::day_key`]).
type DayKey = (u16, u8, u8);

/// The cells of one positions file, checked on their own (see [`cells_of_file`]).
pub(super) struct FileCells {
    cells: IndexMap<ItemId, Cell>,
}

/// Checks every position of a file against the items and its group, touching nothing outside
/// the file: run on a [`Ctx::detach`]ed context, in parallel with the other files. `None` when the
/// file's group is unknown (reported by [`positions_of_group`]).
pub(super) fn cells_of_file(
    ctx: &mut Ctx,
    file: FileId,
    raw: &raw::PositionsFile,
    scope: &Scope<'_>,
) -> Option<FileCells> {
    let group = scope.groups.ids.get(&raw.group)?;
    let entries = entries_by_item(ctx, file, raw, group, scope);
    let mut cells: IndexMap<ItemId, Cell> = IndexMap::with_capacity(entries.len());
    for (item_id, (versions, _)) in entries {
        let item = &scope.items.ids[item_id.as_str()];
        let cell = cell_in_force(ctx, file, raw, versions, (item, group), scope);
        cells.insert(item_id, cell);
    }
    Some(FileCells { cells })
}

/// The entries of each known item in a positions file, by index; a second entry on an item is
/// reported and dropped unless both are dated, on different days.
fn entries_by_item(
    ctx: &mut Ctx,
    file: FileId,
    raw: &raw::PositionsFile,
    group: &Group,
    scope: &Scope<'_>,
) -> IndexMap<ItemId, (Vec<usize>, BTreeSet<Option<DayKey>>)> {
    // The entries of each item, in file order (one per dated version of the cell), with the
    // dates seen (`None`: an undated entry), so a clash is found in logarithmic time.
    let mut entries: IndexMap<ItemId, (Vec<usize>, BTreeSet<Option<DayKey>>)> =
        IndexMap::with_capacity(raw.positions.len());
    // Issues named by a position of their own: an item-wide placeholder (`Unknown`, no
    // provenance) says nothing there, so it does not clash with their dated versions.
    let direct: BTreeSet<&str> = raw.positions.iter().map(|p| p.item.as_str()).collect();
    for (index, position) in raw.positions.iter().enumerate() {
        let base = [F("positions"), I(index)];
        // A position on an item split into issues applies to every issue.
        let mut items = scope.items.named(&position.item);
        if items.is_empty() {
            scope.item(ctx, file, &path(&base, &[F("item")]), &position.item);
        }
        if position.stance == raw::Stance::Unknown && position.provenance.is_none() {
            items.retain(|item| {
                item.id.as_str() == position.item || !direct.contains(item.id.as_str())
            });
        }
        // A month-only date is the month's first day wherever dates are compared: "2023-09"
        // and "2023-09-01" are one day, so two versions on them clash.
        let this = provenance_date(position.provenance.as_ref()).map(Date::day_key);
        for item in items {
            let (versions, dates) = entries.entry(item.id.clone()).or_default();
            if let Some(&first) = versions.first()
                && (this.is_none() || dates.contains(&None) || dates.contains(&this))
            {
                clash(
                    ctx,
                    file,
                    &base,
                    (raw, group, item),
                    (first, versions, this),
                );
                continue;
            }
            versions.push(index);
            dates.insert(this);
        }
    }
    entries
}

/// A group's cell on an item from its versions (indices into the file's positions): each
/// version checked, the one in force chosen, the dated ones kept as its history.
fn cell_in_force(
    ctx: &mut Ctx,
    file: FileId,
    raw: &raw::PositionsFile,
    mut versions: Vec<usize>,
    (item, group): (&Item, &Group),
    scope: &Scope<'_>,
) -> Cell {
    let date_of = |index: usize| provenance_date(raw.positions[index].provenance.as_ref());
    versions.sort_by_key(|&index| date_of(index));
    // The version in force: the latest dated by the reference date; without a replay, a
    // cell dated only after it keeps its earliest version (the scenario as written).
    let dates: Vec<Option<Date>> = versions.iter().map(|&index| date_of(index)).collect();
    let in_force = in_force(
        &dates,
        (scope.replay.or(scope.as_of), scope.replay.is_some()),
    );
    let mut history = Vec::new();
    let mut chosen = None;
    let mut previous: Option<(usize, MaturityLevel)> = None;
    for (rank, &index) in versions.iter().enumerate() {
        let base = [F("positions"), I(index)];
        let current = Some(rank) == in_force;
        let cell = cell(
            ctx,
            file,
            &base,
            &raw.positions[index],
            (item, group),
            scope,
            current,
        );
        if let Some(level) = cell.maturity.map(|m| m.level()) {
            if let Some(before) = previous {
                check_maturity_order(ctx, file, &base, (item, group), before, level);
            }
            previous = Some((index, level));
        }
        // Replayed, a version dated later is not known yet: not even that it exists.
        if versions.len() > 1
            && let Some(as_of) = date_of(index)
            && scope.replay.is_none_or(|replay| !replay.before(as_of))
        {
            history.push(Version {
                as_of,
                maturity: cell.maturity,
                reference: cell.reference.clone(),
                in_force: current,
            });
        }
        if current {
            chosen = Some(cell);
        }
    }
    let mut cell = match (chosen, scope.replay) {
        (Some(cell), _) => cell,
        (None, replay) => not_yet_known(replay),
    };
    cell.history = history;
    cell
}

/// Reports a cell whose maturity goes back from the version before (`before`: its index and
/// level) to this one.
fn check_maturity_order(
    ctx: &mut Ctx,
    file: FileId,
    base: &[Seg<'_>],
    (item, group): (&Item, &Group),
    (before, before_level): (usize, MaturityLevel),
    level: MaturityLevel,
) {
    if level < before_level {
        ctx.report(
            Code::MaturityRegressed,
            file,
            &path(base, &[F("maturity")]),
            format!(
                "`{}` on `{}` goes back from {} to {} between two dated versions",
                group.id,
                item.id,
                Maturity::Generic(before_level).label(group.id.as_str()),
                Maturity::Generic(level).label(group.id.as_str())
            ),
            Some(format!(
                "check the version at index {before}: a group's position matures, it does not go back unless a meeting reopened it (say so in `note`)"
            )),
        );
    }
}

/// The cell of an item whose every version is dated after the replay date.
fn not_yet_known(replay: Option<Date>) -> Cell {
    let mut unknown = Cell::implicit_unknown();
    unknown.note = Some(format!(
        "not yet known on {}",
        replay.map(|d| d.to_string()).unwrap_or_default()
    ));
    unknown.provenance = Provenance::Later;
    unknown
}

/// Merges a checked positions file into the scenario's positions, in file order: the group, the
/// conference, the file name, one file per group, then the states' own positions (which are
/// checked across files). `checked` is the file's [`cells_of_file`] with its detached context.
pub(super) fn positions_of_group(
    ctx: &mut Ctx,
    file: FileId,
    raw: &raw::PositionsFile,
    checked: (Ctx, Option<FileCells>),
    scope: &Scope<'_>,
    positions: &mut IndexMap<GroupId, GroupPositions>,
    confidential_at: &mut BTreeSet<(String, String)>,
) {
    let (detached, file_cells) = checked;
    // A second file of a group is not read further: its cells' problems would only add noise.
    let second_file = scope
        .groups
        .ids
        .get(&raw.group)
        .and_then(|group| positions.get(group.id.as_str()))
        .is_some_and(|entry| entry.file.is_some());
    ctx.absorb(file, detached, !second_file);
    let Some(group) = scope.group(ctx, file, &[F("group")], &raw.group) else {
        return;
    };
    let group_id = group.id.clone();
    super::scope::same_conference(ctx, file, &raw.conference, scope);
    let entry = positions
        .get_mut(group_id.as_str())
        .expect("every defined group has an entry in `positions`");
    check_file_name(ctx, file, &group_id, "positions");
    if let Some(previous) = &entry.file {
        ctx.report(
            Code::DuplicatePosition,
            file,
            &[F("group")],
            format!("`{group_id}` already has a positions file, `{previous}`"),
            Some("keep one positions file per group per conference".into()),
        );
        return;
    }
    let entry = positions
        .get_mut(group_id.as_str())
        .expect("every defined group has an entry in `positions`");
    entry.file = Some(ctx.name(file).to_owned());
    if let Some(FileCells { mut cells }) = file_cells {
        // Inline parts were checked (and warned about) whoever reads; only the group's own
        // readers keep them.
        let seen = scope.audience.sees(group_id.as_str());
        for (item, cell) in &mut cells {
            if cell.confidential.is_some() {
                confidential_at.insert((group_id.to_string(), item.to_string()));
                if !seen {
                    cell.confidential = None;
                }
            }
        }
        entry.cells = cells;
    }
    state_positions(ctx, file, raw, group, scope, positions);
}

/// The states' own positions in a group's file, added to the group's entry.
fn state_positions(
    ctx: &mut Ctx,
    file: FileId,
    raw: &raw::PositionsFile,
    group: &Group,
    scope: &Scope<'_>,
    positions: &mut IndexMap<GroupId, GroupPositions>,
) {
    // A state's own position on an item is given once, in one of its groups' files.
    let mut seen: BTreeSet<(StateId, ItemId)> = positions
        .values()
        .flat_map(|other| {
            other
                .state_positions
                .iter()
                .map(|p| (p.state.clone(), p.item.clone()))
        })
        .collect();
    let entry = positions
        .get_mut(group.id.as_str())
        .expect("every defined group has an entry in `positions`");
    for (index, state_position) in raw.states.iter().enumerate() {
        let base = [F("states"), I(index)];
        // A position on an item split into issues applies to every issue.
        let items = scope.items.named(&state_position.item);
        if items.is_empty() {
            scope.item(ctx, file, &path(&base, &[F("item")]), &state_position.item);
        }
        for item in items {
            if let Some(position) = own_position(
                ctx,
                file,
                &base,
                (state_position, item),
                group,
                scope,
                &mut seen,
            ) {
                entry.state_positions.push(position);
            }
        }
    }
}

/// One state's own position in a group's file: a known state, a member of the group, on a
/// known item, once (`seen`: the state and item pairs given so far); `None` when it is not
/// kept (or, replayed, not known yet).
fn own_position(
    ctx: &mut Ctx,
    file: FileId,
    base: &[Seg<'_>],
    (raw, item): (&raw::StatePosition, &Item),
    group: &Group,
    scope: &Scope<'_>,
    seen: &mut BTreeSet<(StateId, ItemId)>,
) -> Option<StatePosition> {
    let group_id = &group.id;
    let state_at = path(base, &[F("state")]);
    if !scope.states.resolves(&raw.state) {
        unknown_state(ctx, file, &state_at, &raw.state, scope.states);
        return None;
    }
    let state = StateId::new(&raw.state);
    if !scope.groups.is_partial(group.id.as_str()) && !group.membership.members.contains(&state) {
        ctx.report(
            Code::StateNotMember,
            file,
            &state_at,
            format!("`{state}` is not an active member of `{group_id}`"),
            Some("put a state's own positions in the file of one of its groups".into()),
        );
    }
    if !seen.insert((state.clone(), item.id.clone())) {
        ctx.report(
            Code::DuplicatePosition,
            file,
            &path(base, &[F("item")]),
            format!("`{state}` has two positions on `{}`", item.id),
            Some("give a state's own position once, in the file of one of its groups".into()),
        );
        return None;
    }
    let stance = stance(ctx, file, base, &raw.stance, item);
    let provenance = provenance(
        ctx,
        file,
        base,
        raw.provenance.as_ref(),
        &stance,
        scope.latest_stage(group_id),
    );
    // Replayed at a date: a state's position dated after it was not known yet.
    if let (Some(replay), Some(as_of)) = (scope.replay, provenance.as_of())
        && replay.before(as_of)
    {
        return None;
    }
    Some(StatePosition {
        state,
        item: item.id.clone(),
        stance,
        reference: raw.reference.clone(),
        provenance,
        note: raw.note.clone(),
    })
}

/// One version of a group's cell on an item, every part of it checked; `in_force` when it is
/// the version in force (only that one can be stale).
pub(super) fn cell(
    ctx: &mut Ctx,
    file: FileId,
    base: &[Seg<'_>],
    raw: &raw::Position,
    (item, group): (&Item, &Group),
    scope: &Scope<'_>,
    in_force: bool,
) -> Cell {
    let stance = stance(ctx, file, base, &raw.stance, item);
    let salience = estimate(
        ctx,
        file,
        &path(base, &[F("salience")]),
        "salience",
        raw.salience,
    );
    let flexibility = estimate(
        ctx,
        file,
        &path(base, &[F("flexibility")]),
        "flexibility",
        raw.flexibility,
    );
    let maturity = raw
        .maturity
        .map(|raw_maturity| checked_maturity(ctx, file, base, raw_maturity, group));
    let tallies = tallies(ctx, file, base, &raw.tallies, item, group, scope);
    check_common_proposal(ctx, file, base, group, maturity, &stance, &tallies);
    let provenance = provenance(
        ctx,
        file,
        base,
        raw.provenance.as_ref(),
        &stance,
        if in_force {
            scope.latest_stage(&group.id)
        } else {
            None
        },
    );
    let confidential = raw.confidential.as_ref().map(|confidential| {
        inline_confidential(ctx, file, base, raw, confidential, (item, &stance))
    });
    let text = raw.text.clone().filter(|text| !text.trim().is_empty());
    if stance == Stance::NotCoded && text.is_none() {
        ctx.report(
            Code::EmptyStance,
            file,
            &path(base, &[F("stance")]),
            "a `NotCoded` stance has no words".to_owned(),
            Some("give the position's words in `text: \"...\"`".into()),
        );
    }
    Cell {
        stance,
        salience,
        flexibility,
        maturity,
        reference: raw.reference.clone(),
        tallies,
        provenance,
        note: raw.note.clone(),
        text,
        confidential,
        history: Vec::new(),
    }
}

/// A cell's maturity; a term of another group's vocabulary is reported.
fn checked_maturity(
    ctx: &mut Ctx,
    file: FileId,
    base: &[Seg<'_>],
    raw_maturity: raw::Maturity,
    group: &Group,
) -> Maturity {
    let maturity = maturity(raw_maturity);
    if let Some(owner) = maturity.owner()
        && owner != group.id.as_str()
    {
        ctx.report(
            Code::MaturityVocabulary,
            file,
            &path(base, &[F("maturity")]),
            format!(
                "`{}` is {owner}'s term, this is a position of `{}`",
                maturity.label(owner),
                group.id
            ),
            Some(format!(
                "write `{:?}` (shown as \"{}\" for {})",
                maturity.level(),
                Maturity::Generic(maturity.level()).label(group.id.as_str()),
                group.id
            )),
        );
    }
    maturity
}

/// Reports a cell marked a common proposal whose tally does not carry the option it proposes
/// under the group's rule (checked only when the cell gives tallies).
fn check_common_proposal(
    ctx: &mut Ctx,
    file: FileId,
    base: &[Seg<'_>],
    group: &Group,
    maturity: Option<Maturity>,
    stance: &Stance,
    tallies: &[Tally],
) {
    if let (Some(maturity), Stance::Options(options)) = (maturity, stance)
        && maturity.level() == MaturityLevel::CommonProposal
        && !tallies.is_empty()
        && let Some(proposed) = options.first_choice()
    {
        let tally = tallies.iter().find(|tally| &tally.option == proposed);
        let count = |states: &[StateId]| u32::try_from(states.len()).unwrap_or(u32::MAX);
        let short = match tally {
            None => Some(format!(
                "no tally is given for `{proposed}`, the option it proposes"
            )),
            Some(tally)
                if !group
                    .rule
                    .passes(count(&tally.support), count(&tally.oppose)) =>
            {
                Some(format!(
                    "the tally on `{proposed}` ({} supporting, {} opposing) does not meet `{}`'s rule ({})",
                    tally.support.len(),
                    tally.oppose.len(),
                    group.id,
                    group.rule
                ))
            }
            Some(_) => None,
        };
        if let Some(short) = short {
            ctx.report(
                Code::CommonProposalShort,
                file,
                &path(base, &[F("maturity")]),
                format!(
                    "this cell is marked {} (a common proposal), but {short}",
                    maturity.label(group.id.as_str())
                ),
                Some("lower the maturity to what the meeting agreed, or complete the tally".into()),
            );
        }
    }
}

/// A confidential part written inline in a positions file, checked like a private file's.
fn inline_confidential(
    ctx: &mut Ctx,
    file: FileId,
    base: &[Seg<'_>],
    raw: &raw::Position,
    confidential: &raw::Confidential,
    (item, stance): (&Item, &Stance),
) -> Confidential {
    let entry = raw::PrivateEntry {
        item: raw.item.clone(),
        note: confidential.note.clone(),
        fallbacks: confidential.fallbacks.clone(),
        red_lines: confidential.red_lines.clone(),
        flexibility: confidential.flexibility,
        limits: confidential.limits,
        provenance: confidential.provenance.clone(),
    };
    let at = path(base, &[F("confidential")]);
    let private_file = {
        let public = Path::new(ctx.name(file));
        let stem = public.file_stem().unwrap_or_default().to_string_lossy();
        public
            .parent()
            .unwrap_or(Path::new(""))
            .join("private")
            .join(format!("{stem}.ron"))
    };
    ctx.report(
        Code::InlineConfidential,
        file,
        &at,
        format!(
            "a confidential part of `{}` is written in a public positions file",
            raw.item
        ),
        Some(format!(
            "move it into `{}` (listed under `private` in the scenario); it is read only with \
             --for, but anyone with this file can read it",
            private_file.display()
        )),
    );
    confidential_part(ctx, file, &at, &entry, item, stance)
}

pub(super) fn maturity(raw: raw::Maturity) -> Maturity {
    match raw {
        raw::Maturity::PreliminaryView => Maturity::Generic(MaturityLevel::PreliminaryView),
        raw::Maturity::Draft => Maturity::Generic(MaturityLevel::Draft),
        raw::Maturity::CommonPosition => Maturity::Generic(MaturityLevel::CommonPosition),
        raw::Maturity::CommonProposal => Maturity::Generic(MaturityLevel::CommonProposal),
        raw::Maturity::ECP => Maturity::Ecp,
        raw::Maturity::PACP => Maturity::Pacp,
        raw::Maturity::ACP => Maturity::Acp,
        raw::Maturity::DIAP => Maturity::Diap,
        raw::Maturity::IAP => Maturity::Iap,
        raw::Maturity::AfCP => Maturity::Afcp,
    }
}

pub(super) fn estimate(
    ctx: &mut Ctx,
    file: FileId,
    at: &[Seg<'_>],
    what: &str,
    raw: Option<raw::Estimate>,
) -> Estimate {
    let (value, basis) = match raw {
        None => return Estimate::DEFAULT,
        Some(raw::Estimate::Sourced(value)) => (value, Basis::Sourced),
        Some(raw::Estimate::Estimated(value)) => (value, Basis::Estimated),
    };
    ctx.unit(file, at, what, value);
    Estimate { value, basis }
}

pub(super) fn provenance(
    ctx: &mut Ctx,
    file: FileId,
    base: &[Seg<'_>],
    raw: Option<&raw::Provenance>,
    stance: &Stance,
    latest_stage: Option<&Stage>,
) -> Provenance {
    match raw {
        Some(raw) => {
            let provenance = checked_provenance(ctx, file, base, raw);
            if let Some(as_of) = provenance.as_of()
                && let Some(stage) = latest_stage
                && let Some(start) = stage.first_day()
                && as_of.before(start)
            {
                let dates = match (stage.start, stage.end) {
                    (Some(start), Some(end)) => format!("{start} to {end}"),
                    _ => start.to_string(),
                };
                ctx.report(
                    Code::StalePosition,
                    file,
                    &path(base, &[F("provenance"), F("as_of")]),
                    format!(
                        "this position is dated {as_of}, before `{}` ({dates})",
                        stage.name
                    ),
                    Some("check it against that meeting's outcome and update `as_of`".into()),
                );
            }
            provenance
        }
        None => {
            // An `Unknown` cell says there is no information: it needs no source.
            if *stance != Stance::Unknown {
                ctx.report(
                    Code::NoProvenance,
                    file,
                    &path(base, &[F("item")]),
                    "this position does not say where it comes from",
                    Some("add `provenance: Sourced(source: \"...\", as_of: \"YYYY-MM-DD\")`, `Estimated(note: \"...\")` or `Illustrative(note: \"...\")`".into()),
                );
            }
            Provenance::Missing
        }
    }
}

//! Position files and private files: every cell, stance, tally, provenance and confidential part.

#[allow(clippy::wildcard_imports)]
use super::*;

/// What positions are checked against.
pub(super) struct Scope<'a> {
    pub(super) states: &'a Known<model::State>,
    pub(super) groups: &'a Known<Group>,
    pub(super) items: &'a ItemsKnown,
    pub(super) conference: &'a str,
    /// The latest stage held by the scenario's `as_of`: sourced positions dated before it are
    /// stale.
    pub(super) latest_stage: Option<(&'a Stage, Date, Date)>,
}

impl Scope<'_> {
    fn item(&self, ctx: &mut Ctx, file: FileId, at: &[Seg<'_>], id: &str) -> Option<&Item> {
        let found = self.items.ids.get(id);
        if found.is_none() {
            ctx.report(
                Code::UnknownItem,
                file,
                at,
                format!("unknown agenda item `{id}`"),
                did_you_mean(id, self.items.ids.keys().map(String::as_str))
                    .or_else(|| Some("use an item id from the scenario's `items`".into())),
            );
        }
        found
    }

    fn group(&self, ctx: &mut Ctx, file: FileId, at: &[Seg<'_>], id: &str) -> Option<&Group> {
        let found = self.groups.ids.get(id);
        if found.is_none() && self.groups.complete {
            ctx.report(
                Code::UnknownGroup,
                file,
                at,
                format!("unknown group `{id}`"),
                did_you_mean(id, self.groups.ids.keys().map(String::as_str)).or_else(|| {
                    Some("group ids are `CEPT`, `CITEL`, `APT`, `ATU`, `ARB`, `RCC`".into())
                }),
            );
        }
        found
    }
}

pub(super) fn option_id(
    ctx: &mut Ctx,
    file: FileId,
    at: &[Seg<'_>],
    item: &Item,
    id: &str,
) -> Option<OptionId> {
    let ItemKind::Options(options) = &item.kind else {
        return None;
    };
    // The item's own id, shared: a scenario refers to its options hundreds of thousands of times.
    if let Some((option, _)) = options.get_key_value(id) {
        return Some(option.clone());
    }
    ctx.report(
        Code::UnknownOption,
        file,
        at,
        format!("item `{}` has no option `{id}`", item.id),
        did_you_mean(id, options.keys().map(OptionId::as_str)).or_else(|| {
            Some(format!(
                "the options of `{}` are {}",
                item.id,
                options
                    .keys()
                    .map(|option| format!("`{option}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ))
        }),
    );
    None
}

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
    let mut cells: IndexMap<ItemId, Cell> = IndexMap::with_capacity(raw.positions.len());
    for (index, position) in raw.positions.iter().enumerate() {
        let base = [F("positions"), I(index)];
        let Some(item) = scope.item(ctx, file, &path(&base, &[F("item")]), &position.item) else {
            continue;
        };
        if cells.contains_key(item.id.as_str()) {
            ctx.report(
                Code::DuplicatePosition,
                file,
                &path(&base, &[F("item")]),
                format!("`{}` has two positions on `{}`", group.id, item.id),
                None,
            );
            continue;
        }
        let cell = cell(ctx, file, &base, position, item, group, scope);
        cells.insert(item.id.clone(), cell);
    }
    Some(FileCells { cells })
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
    if raw.conference != scope.conference {
        ctx.report(
            Code::ConferenceMismatch,
            file,
            &[F("conference")],
            format!(
                "this file is for `{}`, the scenario is `{}`",
                raw.conference, scope.conference
            ),
            None,
        );
    }
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
    if let Some(FileCells { cells }) = file_cells {
        for (item, cell) in &cells {
            if cell.confidential.is_some() {
                confidential_at.insert((group_id.to_string(), item.to_string()));
            }
        }
        entry.cells = cells;
    }
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
        .get_mut(group_id.as_str())
        .expect("every defined group has an entry in `positions`");
    for (index, state_position) in raw.states.iter().enumerate() {
        let base = [F("states"), I(index)];
        let state_at = path(&base, &[F("state")]);
        if !scope.states.resolves(&state_position.state) {
            unknown_state(ctx, file, &state_at, &state_position.state, scope.states);
            continue;
        }
        let state = StateId::new(&state_position.state);
        if !scope.groups.is_partial(group.id.as_str()) && !group.membership.members.contains(&state)
        {
            ctx.report(
                Code::StateNotMember,
                file,
                &state_at,
                format!("`{state}` is not an active member of `{group_id}`"),
                Some("put a state's own positions in the file of one of its groups".into()),
            );
        }
        let Some(item) = scope.item(ctx, file, &path(&base, &[F("item")]), &state_position.item)
        else {
            continue;
        };
        if !seen.insert((state.clone(), item.id.clone())) {
            ctx.report(
                Code::DuplicatePosition,
                file,
                &path(&base, &[F("item")]),
                format!("`{state}` has two positions on `{}`", item.id),
                Some("give a state's own position once, in the file of one of its groups".into()),
            );
            continue;
        }
        let stance = stance(ctx, file, &base, &state_position.stance, item);
        let provenance = provenance(
            ctx,
            file,
            &base,
            state_position.provenance.as_ref(),
            &stance,
            scope.latest_stage,
        );
        entry.state_positions.push(StatePosition {
            state,
            item: item.id.clone(),
            stance,
            reference: state_position.reference.clone(),
            provenance,
            note: state_position.note.clone(),
        });
    }
}

/// Position and private files are named after their group in lower case (`cept.ron`).
pub(super) fn check_file_name(ctx: &mut Ctx, file: FileId, group: &GroupId, what: &str) {
    let expected_stem = group.as_str().to_lowercase();
    let stem = Path::new(ctx.name(file))
        .file_stem()
        .map(|stem| stem.to_string_lossy().into_owned())
        .unwrap_or_default();
    if stem != expected_stem {
        ctx.report(
            Code::FileName,
            file,
            &[F("group")],
            format!("the {what} of `{group}` are in `{stem}.ron`"),
            Some(format!("name the file `{expected_stem}.ron`")),
        );
    }
}

pub(super) fn cell(
    ctx: &mut Ctx,
    file: FileId,
    base: &[Seg<'_>],
    raw: &raw::Position,
    item: &Item,
    group: &Group,
    scope: &Scope<'_>,
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
    let maturity = raw.maturity.map(|raw_maturity| {
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
    });
    let tallies = tallies(ctx, file, base, &raw.tallies, item, group, scope);
    let provenance = provenance(
        ctx,
        file,
        base,
        raw.provenance.as_ref(),
        &stance,
        scope.latest_stage,
    );
    let confidential = raw.confidential.as_ref().map(|confidential| {
        let entry = raw::PrivateEntry {
            item: raw.item.clone(),
            note: confidential.note.clone(),
            fallbacks: confidential.fallbacks.clone(),
            red_lines: confidential.red_lines.clone(),
            flexibility: confidential.flexibility,
            limits: confidential.limits,
            provenance: confidential.provenance.clone(),
        };
        confidential_part(
            ctx,
            file,
            &path(base, &[F("confidential")]),
            &entry,
            item,
            &stance,
        )
    });
    Cell {
        stance,
        salience,
        flexibility,
        maturity,
        reference: raw.reference.clone(),
        tallies,
        provenance,
        note: raw.note.clone(),
        confidential,
    }
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

pub(super) fn stance(
    ctx: &mut Ctx,
    file: FileId,
    base: &[Seg<'_>],
    raw: &raw::Stance,
    item: &Item,
) -> Stance {
    let at_stance = path(base, &[F("stance")]);
    match raw {
        raw::Stance::NoPositionYet => Stance::NoPositionYet,
        raw::Stance::NoProposal => Stance::NoProposal,
        raw::Stance::Unknown => Stance::Unknown,
        raw::Stance::Options {
            prefers,
            accepts,
            conditions,
            opposes,
        } => {
            if matches!(item.kind, ItemKind::Scale(_)) {
                ctx.report(
                    Code::StanceMismatch,
                    file,
                    &at_stance,
                    format!("`{}` is a scale item, this stance gives options", item.id),
                    Some("write `Scale(at: 50, range: (40, 60))`".into()),
                );
                return Stance::Unknown;
            }
            options_stance(
                ctx,
                file,
                &at_stance,
                item,
                prefers.as_deref(),
                accepts,
                conditions,
                opposes,
            )
        }
        raw::Stance::Scale { at, range, limits } => {
            if matches!(item.kind, ItemKind::Options(_)) {
                ctx.report(
                    Code::StanceMismatch,
                    file,
                    &at_stance,
                    format!(
                        "`{}` is an options item, this stance gives a scale",
                        item.id
                    ),
                    Some(
                        "write `Options(prefers: \"...\", accepts: [...], opposes: [...])`".into(),
                    ),
                );
                return Stance::Unknown;
            }
            let stance = ScaleStance {
                at: *at,
                range: *range,
                limits: *limits,
            };
            check_scale(ctx, file, &at_stance, &stance);
            Stance::Scale(stance)
        }
    }
}

#[allow(clippy::too_many_arguments)]
pub(super) fn options_stance(
    ctx: &mut Ctx,
    file: FileId,
    at_stance: &[Seg<'_>],
    item: &Item,
    prefers: Option<&str>,
    accepts: &[String],
    conditions: &IndexMap<String, String>,
    opposes: &[String],
) -> Stance {
    let prefers_id =
        prefers.and_then(|id| option_id(ctx, file, &path(at_stance, &[F("prefers")]), item, id));
    let mut accepted: Vec<Accepted> = Vec::new();
    for (index, id) in accepts.iter().enumerate() {
        let at = path(at_stance, &[F("accepts"), I(index)]);
        let Some(option) = option_id(ctx, file, &at, item, id) else {
            continue;
        };
        if accepted.iter().any(|earlier| earlier.option == option) {
            ctx.report(
                Code::DuplicateAccepted,
                file,
                &at,
                format!("`{option}` is accepted twice"),
                None,
            );
            continue;
        }
        accepted.push(Accepted {
            option,
            condition: conditions.get(id.as_str()).cloned(),
        });
    }
    if let (Some(preferred), Some(first)) = (prefers, accepts.first())
        && preferred != first
    {
        ctx.report(
            Code::PreferredNotFirst,
            file,
            &path(at_stance, &[F("accepts"), I(0)]),
            format!("the preferred option `{preferred}` is not first among the accepted ones"),
            Some(format!(
                "accepted options are in order of preference: start `accepts` with `{preferred}`"
            )),
        );
    }
    // `prefers` alone means the preferred option is the only one accepted.
    if accepted.is_empty()
        && let Some(preferred) = &prefers_id
    {
        accepted.push(Accepted {
            option: preferred.clone(),
            condition: conditions.get(preferred.as_str()).cloned(),
        });
    }
    for (id, condition) in conditions {
        let at = path(at_stance, &[F("conditions"), Key(id)]);
        if condition.trim().is_empty() {
            ctx.report(
                Code::EmptyStance,
                file,
                &at,
                format!("the condition on `{id}` is empty"),
                Some("write the condition, or drop it".into()),
            );
        }
        if let Some(option) = option_id(ctx, file, &at, item, id)
            && !accepted.iter().any(|accepted| accepted.option == option)
        {
            ctx.report(
                Code::ConditionNotAccepted,
                file,
                &at,
                format!("a condition is attached to `{option}`, which is not accepted"),
                Some(format!(
                    "add `{option}` to `accepts`, or drop the condition"
                )),
            );
        }
    }
    let mut opposed: Vec<OptionId> = Vec::new();
    for (index, id) in opposes.iter().enumerate() {
        let at = path(at_stance, &[F("opposes"), I(index)]);
        let Some(option) = option_id(ctx, file, &at, item, id) else {
            continue;
        };
        if opposed.contains(&option) {
            ctx.report(
                Code::DuplicateAccepted,
                file,
                &at,
                format!("`{option}` is opposed twice"),
                None,
            );
            continue;
        }
        if accepted.iter().any(|accepted| accepted.option == option) {
            ctx.report(
                Code::AcceptedAndOpposed,
                file,
                &at,
                format!("`{option}` is both accepted and opposed"),
                Some("a red line is never accepted: remove it from one of the two".into()),
            );
        }
        opposed.push(option);
    }
    if prefers.is_none() && accepts.is_empty() && opposes.is_empty() {
        ctx.report(
            Code::EmptyStance,
            file,
            at_stance,
            format!(
                "the position on `{}` prefers, accepts and opposes nothing",
                item.id
            ),
            Some("use `NoPositionYet`, `NoProposal` or `Unknown` for a cell without a view".into()),
        );
    }
    Stance::Options(OptionsStance {
        prefers: prefers_id,
        accepts: accepted,
        opposes: opposed,
    })
}

pub(super) fn check_scale(
    ctx: &mut Ctx,
    file: FileId,
    at_stance: &[Seg<'_>],
    stance: &ScaleStance,
) {
    let mut values = vec![
        (path(at_stance, &[F("at")]), stance.at),
        (path(at_stance, &[F("range"), I(0)]), stance.range.0),
        (path(at_stance, &[F("range"), I(1)]), stance.range.1),
    ];
    if let Some(limits) = stance.limits {
        values.push((path(at_stance, &[F("limits"), I(0)]), limits.0));
        values.push((path(at_stance, &[F("limits"), I(1)]), limits.1));
    }
    let mut in_range = true;
    for (at, value) in values {
        if !on_scale(value) {
            in_range = false;
            ctx.report(
                Code::ScaleOutOfRange,
                file,
                &at,
                format!("{} is outside the 0-100 scale", crate::diag::number(value)),
                None,
            );
        }
    }
    if !in_range {
        return;
    }
    let (lo, hi) = stance.range;
    if lo > hi {
        ctx.report(
            Code::ScaleInconsistent,
            file,
            &path(at_stance, &[F("range")]),
            format!("the range ({lo}, {hi}) runs backwards"),
            Some("write the range low end first".into()),
        );
    } else if !(lo..=hi).contains(&stance.at) {
        ctx.report(
            Code::ScaleInconsistent,
            file,
            &path(at_stance, &[F("at")]),
            format!(
                "position {} is outside its own range ({lo}, {hi})",
                stance.at
            ),
            Some("a group's position lies inside its acceptable range".into()),
        );
    }
    if let Some((low_limit, high_limit)) = stance.limits
        && (low_limit > lo || high_limit < hi)
    {
        ctx.report(
            Code::ScaleInconsistent,
            file,
            &path(at_stance, &[F("limits")]),
            format!("the limits ({low_limit}, {high_limit}) do not contain the range ({lo}, {hi})"),
            Some("hard limits are at least as wide as the acceptable range".into()),
        );
    }
}

pub(super) fn tallies(
    ctx: &mut Ctx,
    file: FileId,
    base: &[Seg<'_>],
    raw: &[raw::Tally],
    item: &Item,
    group: &Group,
    scope: &Scope<'_>,
) -> Vec<Tally> {
    if !raw.is_empty() && matches!(item.kind, ItemKind::Scale(_)) {
        ctx.report(
            Code::StanceMismatch,
            file,
            &path(base, &[F("tallies")]),
            format!(
                "`{}` is a scale item; tallies count support for options",
                item.id
            ),
            None,
        );
        return Vec::new();
    }
    let mut out: Vec<Tally> = Vec::new();
    for (index, tally) in raw.iter().enumerate() {
        let tally_base = path(base, &[F("tallies"), I(index)]);
        let Some(option) = option_id(
            ctx,
            file,
            &path(&tally_base, &[F("option")]),
            item,
            &tally.option,
        ) else {
            continue;
        };
        if out.iter().any(|earlier| earlier.option == option) {
            ctx.report(
                Code::TallyConflict,
                file,
                &path(&tally_base, &[F("option")]),
                format!("option `{option}` has two tallies"),
                Some("merge them into one tally per option".into()),
            );
            continue;
        }
        let mut seen: BTreeMap<&str, &str> = BTreeMap::new();
        let mut sides = [Vec::new(), Vec::new()];
        for (side_index, (field, list)) in [("support", &tally.support), ("oppose", &tally.oppose)]
            .into_iter()
            .enumerate()
        {
            for (index, code) in list.iter().enumerate() {
                let at = path(&tally_base, &[F(field), I(index)]);
                if !scope.states.resolves(code) {
                    unknown_state(ctx, file, &at, code, scope.states);
                    continue;
                }
                let state = StateId::new(code);
                let membership_known = !scope.groups.is_partial(group.id.as_str());
                if membership_known && group.membership.suspended.contains(&state) {
                    ctx.report(
                        Code::TallySuspended,
                        file,
                        &at,
                        format!("`{code}` is a suspended member of `{}`", group.id),
                        Some("suspended members do not co-sign common proposals".into()),
                    );
                    continue;
                }
                if membership_known && !group.membership.members.contains(&state) {
                    ctx.report(
                        Code::TallyNonMember,
                        file,
                        &at,
                        format!("`{code}` is not a member of `{}`", group.id),
                        None,
                    );
                    continue;
                }
                if let Some(earlier) = seen.insert(code, field) {
                    let message = if earlier == field {
                        format!("`{code}` is listed twice under `{field}` of `{option}`")
                    } else {
                        format!("`{code}` both supports and opposes `{option}`")
                    };
                    ctx.report(Code::TallyConflict, file, &at, message, None);
                    continue;
                }
                sides[side_index].push(state);
            }
        }
        let [support, oppose] = sides;
        out.push(Tally {
            option,
            support,
            oppose,
        });
    }
    out
}

pub(super) fn provenance(
    ctx: &mut Ctx,
    file: FileId,
    base: &[Seg<'_>],
    raw: Option<&raw::Provenance>,
    stance: &Stance,
    latest_stage: Option<(&Stage, Date, Date)>,
) -> Provenance {
    match raw {
        Some(raw::Provenance::Sourced { source, as_of }) => {
            let at = path(base, &[F("provenance"), F("as_of")]);
            match ctx.date(file, &at, as_of) {
                Some(as_of) => {
                    if let Some((stage, start, end)) = latest_stage
                        && as_of.before(start)
                    {
                        ctx.report(
                            Code::StalePosition,
                            file,
                            &at,
                            format!(
                                "this position is dated {as_of}, before `{}` ({start} to {end})",
                                stage.name
                            ),
                            Some(
                                "check it against that meeting's outcome and update `as_of`".into(),
                            ),
                        );
                    }
                    Provenance::Sourced {
                        source: source.clone(),
                        as_of,
                    }
                }
                None => Provenance::Missing,
            }
        }
        Some(raw::Provenance::Illustrative { note }) => {
            Provenance::Illustrative { note: note.clone() }
        }
        None => {
            // An `Unknown` cell says there is no information: it needs no source.
            if *stance != Stance::Unknown {
                ctx.report(
                    Code::NoProvenance,
                    file,
                    &path(base, &[F("item")]),
                    "this position does not say where it comes from",
                    Some("add `provenance: Sourced(source: \"...\", as_of: \"YYYY-MM-DD\")` or `Illustrative(note: \"...\")`".into()),
                );
            }
            Provenance::Missing
        }
    }
}

pub(super) fn confidential_part(
    ctx: &mut Ctx,
    file: FileId,
    base: &[Seg<'_>],
    raw: &raw::PrivateEntry,
    item: &Item,
    stance: &Stance,
) -> Confidential {
    let provenance = match &raw.provenance {
        Some(raw::Provenance::Sourced { source, as_of }) => {
            match ctx.date(file, &path(base, &[F("provenance"), F("as_of")]), as_of) {
                Some(as_of) => Provenance::Sourced {
                    source: source.clone(),
                    as_of,
                },
                None => Provenance::Missing,
            }
        }
        Some(raw::Provenance::Illustrative { note }) => {
            Provenance::Illustrative { note: note.clone() }
        }
        None => Provenance::Missing,
    };
    let mut out = Confidential {
        note: raw.note.clone(),
        fallbacks: Vec::new(),
        red_lines: Vec::new(),
        flexibility: None,
        limits: None,
        provenance,
    };
    if let Some(flexibility) = raw.flexibility {
        ctx.unit(
            file,
            &path(base, &[F("flexibility")]),
            "flexibility",
            flexibility,
        );
        out.flexibility = Some(flexibility);
    }
    match &item.kind {
        ItemKind::Scale(_) => {
            if !raw.fallbacks.is_empty() || !raw.red_lines.is_empty() {
                ctx.report(
                    Code::StanceMismatch,
                    file,
                    base,
                    format!(
                        "`{}` is a scale item; fallbacks and red lines are options",
                        item.id
                    ),
                    Some("give confidential `limits: (low, high)` for a scale item".into()),
                );
            }
            if let Some(limits) = raw.limits {
                let at = path(base, &[F("limits")]);
                if !on_scale(limits.0) || !on_scale(limits.1) {
                    ctx.report(
                        Code::ScaleOutOfRange,
                        file,
                        &at,
                        format!(
                            "limits ({}, {}) are outside the 0-100 scale",
                            limits.0, limits.1
                        ),
                        None,
                    );
                } else if let Stance::Scale(public) = stance
                    && (limits.0 > public.range.0 || limits.1 < public.range.1)
                {
                    ctx.report(
                        Code::ScaleInconsistent,
                        file,
                        &at,
                        format!(
                            "the confidential limits ({}, {}) do not contain the range ({}, {})",
                            limits.0, limits.1, public.range.0, public.range.1
                        ),
                        None,
                    );
                }
                out.limits = Some(limits);
            }
        }
        ItemKind::Options(_) => {
            if raw.limits.is_some() {
                ctx.report(
                    Code::StanceMismatch,
                    file,
                    &path(base, &[F("limits")]),
                    format!(
                        "`{}` is an options item; limits are for scale items",
                        item.id
                    ),
                    None,
                );
            }
            let (accepted, opposed): (Vec<OptionId>, Vec<OptionId>) = match stance {
                Stance::Options(public) => (
                    public.accepts.iter().map(|a| a.option.clone()).collect(),
                    public.opposes.clone(),
                ),
                _ => (Vec::new(), Vec::new()),
            };
            for (index, id) in raw.fallbacks.iter().enumerate() {
                let at = path(base, &[F("fallbacks"), I(index)]);
                let Some(option) = option_id(ctx, file, &at, item, id) else {
                    continue;
                };
                if out.fallbacks.contains(&option) || accepted.contains(&option) {
                    ctx.report(
                        Code::DuplicateAccepted,
                        file,
                        &at,
                        format!("`{option}` is already accepted"),
                        None,
                    );
                    continue;
                }
                if opposed.contains(&option) {
                    ctx.report(
                        Code::AcceptedAndOpposed,
                        file,
                        &at,
                        format!("fallback `{option}` is a public red line"),
                        None,
                    );
                }
                out.fallbacks.push(option);
            }
            for (index, id) in raw.red_lines.iter().enumerate() {
                let at = path(base, &[F("red_lines"), I(index)]);
                let Some(option) = option_id(ctx, file, &at, item, id) else {
                    continue;
                };
                if out.red_lines.contains(&option) || opposed.contains(&option) {
                    ctx.report(
                        Code::DuplicateAccepted,
                        file,
                        &at,
                        format!("`{option}` is already a red line"),
                        None,
                    );
                    continue;
                }
                if accepted.contains(&option) || out.fallbacks.contains(&option) {
                    ctx.report(
                        Code::AcceptedAndOpposed,
                        file,
                        &at,
                        format!("red line `{option}` is also accepted"),
                        Some("a red line is never accepted".into()),
                    );
                }
                out.red_lines.push(option);
            }
        }
    }
    out
}

pub(super) fn private(
    ctx: &mut Ctx,
    file: FileId,
    raw: &raw::PrivateFile,
    scope: &Scope<'_>,
    positions: &mut IndexMap<GroupId, GroupPositions>,
    confidential_at: &mut BTreeSet<(String, String)>,
) {
    let Some(group) = scope.group(ctx, file, &[F("group")], &raw.group) else {
        return;
    };
    check_file_name(ctx, file, &group.id, "confidential parts");
    let entry = positions
        .get_mut(group.id.as_str())
        .expect("every defined group has an entry in `positions`");
    for (index, confidential) in raw.confidential.iter().enumerate() {
        let base = [F("confidential"), I(index)];
        let Some(item) = scope.item(ctx, file, &path(&base, &[F("item")]), &confidential.item)
        else {
            continue;
        };
        let key = (group.id.to_string(), item.id.to_string());
        if !confidential_at.insert(key) {
            ctx.report(
                Code::DuplicatePosition,
                file,
                &path(&base, &[F("item")]),
                format!(
                    "the confidential part of `{}` on `{}` is given twice",
                    group.id, item.id
                ),
                Some("keep it either inline or in the private file, once".into()),
            );
            continue;
        }
        let cell = entry
            .cells
            .entry(item.id.clone())
            .or_insert_with(Cell::implicit_unknown);
        let part = confidential_part(ctx, file, &base, confidential, item, &cell.stance);
        cell.confidential = Some(part);
    }
}

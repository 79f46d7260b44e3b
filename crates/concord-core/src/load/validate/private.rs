//! Confidential parts of positions, inline or in a group's private file.

#[allow(clippy::wildcard_imports)]
use super::scope::*;
#[allow(clippy::wildcard_imports)]
use super::*;

/// The confidential part of a cell (inline or from a private file), checked against the item's
/// kind and the cell's public stance.
pub(super) fn confidential_part(
    ctx: &mut Ctx,
    file: FileId,
    base: &[Seg<'_>],
    raw: &raw::PrivateEntry,
    item: &Item,
    stance: &Stance,
) -> Confidential {
    let provenance = raw
        .provenance
        .as_ref()
        .map_or(Provenance::Missing, |provenance| {
            checked_provenance(ctx, file, base, provenance)
        });
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
        ItemKind::Scale(_) => out.limits = scale_limits(ctx, file, base, raw, item, stance),
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
            let (accepted, opposed) = public_options(stance);
            let public = (accepted.as_slice(), opposed.as_slice());
            out.fallbacks = fallbacks(ctx, file, base, raw, item, public);
            out.red_lines = red_lines(ctx, file, base, raw, item, public, &out.fallbacks);
        }
    }
    out
}

/// The confidential limits on a scale item: on the scale, and containing the public range.
/// Fallbacks and red lines, which are options, are reported.
fn scale_limits(
    ctx: &mut Ctx,
    file: FileId,
    base: &[Seg<'_>],
    raw: &raw::PrivateEntry,
    item: &Item,
    stance: &Stance,
) -> Option<(f64, f64)> {
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
    let limits = raw.limits?;
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
    Some(limits)
}

/// The options the public stance accepts and opposes (none for a stance without options).
fn public_options(stance: &Stance) -> (Vec<OptionId>, Vec<OptionId>) {
    match stance {
        Stance::Options(public) => (
            public.accepts.iter().map(|a| a.option.clone()).collect(),
            public.opposes.clone(),
        ),
        _ => (Vec::new(), Vec::new()),
    }
}

/// The confidential fallbacks: known options, none already accepted (publicly or as an earlier
/// fallback); one that is a public red line is reported but kept.
fn fallbacks(
    ctx: &mut Ctx,
    file: FileId,
    base: &[Seg<'_>],
    raw: &raw::PrivateEntry,
    item: &Item,
    (accepted, opposed): (&[OptionId], &[OptionId]),
) -> Vec<OptionId> {
    let mut fallbacks = Vec::new();
    for (index, id) in raw.fallbacks.iter().enumerate() {
        let at = path(base, &[F("fallbacks"), I(index)]);
        let Some(option) = option_id(ctx, file, &at, item, id) else {
            continue;
        };
        if fallbacks.contains(&option) || accepted.contains(&option) {
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
        fallbacks.push(option);
    }
    fallbacks
}

/// The confidential red lines: known options, none already a red line (publicly or earlier);
/// one that is accepted, publicly or as a fallback, is reported but kept.
fn red_lines(
    ctx: &mut Ctx,
    file: FileId,
    base: &[Seg<'_>],
    raw: &raw::PrivateEntry,
    item: &Item,
    (accepted, opposed): (&[OptionId], &[OptionId]),
    fallbacks: &[OptionId],
) -> Vec<OptionId> {
    let mut red_lines = Vec::new();
    for (index, id) in raw.red_lines.iter().enumerate() {
        let at = path(base, &[F("red_lines"), I(index)]);
        let Some(option) = option_id(ctx, file, &at, item, id) else {
            continue;
        };
        if red_lines.contains(&option) || opposed.contains(&option) {
            ctx.report(
                Code::DuplicateAccepted,
                file,
                &at,
                format!("`{option}` is already a red line"),
                None,
            );
            continue;
        }
        if accepted.contains(&option) || fallbacks.contains(&option) {
            ctx.report(
                Code::AcceptedAndOpposed,
                file,
                &at,
                format!("red line `{option}` is also accepted"),
                Some("a red line is never accepted".into()),
            );
        }
        red_lines.push(option);
    }
    red_lines
}

pub(super) fn private(
    ctx: &mut Ctx,
    file: FileId,
    (raw, owner): (&raw::PrivateFile, &GroupId),
    scope: &Scope<'_>,
    positions: &mut IndexMap<GroupId, GroupPositions>,
    confidential_at: &mut BTreeSet<(String, String)>,
) {
    let Some(group) = scope.group(ctx, file, &[F("group")], &raw.group) else {
        return;
    };
    if group.id != *owner {
        // Read as `owner`'s: another group's parts must never ride in on its name.
        ctx.report(
            Code::PrivateFileOwner,
            file,
            &[F("group")],
            format!(
                "this private file is `{owner}`'s by its name, and gives the parts of `{}`",
                group.id
            ),
            Some(format!(
                "keep `{}`'s confidential parts in `{}.ron`",
                group.id,
                group.id.as_str().to_lowercase()
            )),
        );
        return;
    }
    let entry = positions
        .get_mut(group.id.as_str())
        .expect("every defined group has an entry in `positions`");
    for (index, confidential) in raw.confidential.iter().enumerate() {
        let base = [F("confidential"), I(index)];
        // A confidential part on an item split into issues is one on each issue, as a public
        // position on it is.
        let items = scope.items.named(&confidential.item);
        if items.is_empty() {
            scope.item(ctx, file, &path(&base, &[F("item")]), &confidential.item);
        }
        for item in items {
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
            // Replayed at a date: a cell not yet known then has no confidential part either, and a
            // part dated after the date was not written yet.
            if let Some(replay) = scope.replay {
                let later = confidential
                    .provenance
                    .as_ref()
                    .and_then(raw::Provenance::as_of)
                    .and_then(crate::model::Date::parse)
                    .is_some_and(|date| replay.before(date));
                if later || matches!(cell.provenance, Provenance::Later) {
                    continue;
                }
            }
            let part = confidential_part(ctx, file, &base, confidential, item, &cell.stance);
            cell.confidential = Some(part);
        }
    }
}

/// The group a private file belongs to, by its name (`private/cept.ron`: CEPT), decided before
/// the file is read; a name that is no group's is a `private-file-owner` error.
pub(super) fn private_owner(
    ctx: &mut Ctx,
    named_at: crate::load::Reference<'_>,
    file_path: &Path,
    scope: &Scope<'_>,
) -> Option<GroupId> {
    let stem = file_path
        .file_stem()
        .map(|stem| stem.to_string_lossy().into_owned())
        .unwrap_or_default();
    let owner = scope
        .groups
        .ids
        .values()
        .find(|group| group.id.as_str().to_lowercase() == stem)
        .map(|group| group.id.clone());
    if owner.is_none() && scope.groups.complete {
        ctx.report(
            Code::PrivateFileOwner,
            named_at.0,
            named_at.1,
            format!(
                "the private file `{}` is named after no group",
                crate::diag::shorten(&file_path.display().to_string())
            ),
            Some(
                "name a private file after its group id in lower case (`private/cept.ron` for \
                 CEPT): whose it is is decided from its name, before it is read"
                    .into(),
            ),
        );
    }
    owner
}

/// The private file of `owner`, read when present and merged into the positions.
pub(super) fn private_file(
    ctx: &mut Ctx,
    source: &dyn FileSource,
    (file_path, owner): (&Path, &GroupId),
    named_at: crate::load::Reference<'_>,
    scope: &Scope<'_>,
    positions: &mut IndexMap<GroupId, GroupPositions>,
    confidential_at: &mut BTreeSet<(String, String)>,
) -> PrivateRead {
    // Loaded only when present: a group may share its public file without its private one.
    match ctx.read_if_present(source, file_path, Some(named_at), true) {
        Some(None) => PrivateRead::Absent,
        Some(Some(private_file)) => {
            if let Some(parsed) = ctx.parse::<raw::PrivateFile>(private_file) {
                private(
                    ctx,
                    private_file,
                    (&parsed, owner),
                    scope,
                    positions,
                    confidential_at,
                );
            }
            PrivateRead::Read
        }
        // Unreadable: already an error.
        None => PrivateRead::Read,
    }
}

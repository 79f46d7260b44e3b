//! A cell's stance: options (preferred, accepted with conditions, red lines), scale positions
//! and ranges, and member tallies.

#[allow(clippy::wildcard_imports)]
use super::scope::*;
#[allow(clippy::wildcard_imports)]
use super::*;

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
        raw::Stance::NotCoded => Stance::NotCoded,
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
            let raw = RawOptions {
                prefers: prefers.as_deref(),
                accepts,
                conditions,
                opposes,
            };
            options_stance(ctx, file, &at_stance, item, &raw)
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

/// An options stance as the file writes it.
pub(super) struct RawOptions<'a> {
    pub prefers: Option<&'a str>,
    pub accepts: &'a [String],
    pub conditions: &'a IndexMap<String, String>,
    pub opposes: &'a [String],
}

/// An options stance: every option known, none accepted or opposed twice nor both, the
/// preferred one first, conditions only on accepted options.
pub(super) fn options_stance(
    ctx: &mut Ctx,
    file: FileId,
    at_stance: &[Seg<'_>],
    item: &Item,
    raw: &RawOptions<'_>,
) -> Stance {
    let RawOptions {
        prefers,
        accepts,
        conditions,
        opposes,
    } = *raw;
    let prefers_id =
        prefers.and_then(|id| option_id(ctx, file, &path(at_stance, &[F("prefers")]), item, id));
    let mut accepted = accepted(ctx, file, at_stance, item, accepts, conditions);
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
    check_conditions(ctx, file, at_stance, item, conditions, &accepted);
    let opposed = opposed(ctx, file, at_stance, item, opposes, &accepted);
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

/// The accepted options, in order, each with its condition; an unknown option is dropped and
/// one accepted twice reported.
fn accepted(
    ctx: &mut Ctx,
    file: FileId,
    at_stance: &[Seg<'_>],
    item: &Item,
    accepts: &[String],
    conditions: &IndexMap<String, String>,
) -> Vec<Accepted> {
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
    accepted
}

/// Reports an empty condition, and one attached to an option that is not accepted.
fn check_conditions(
    ctx: &mut Ctx,
    file: FileId,
    at_stance: &[Seg<'_>],
    item: &Item,
    conditions: &IndexMap<String, String>,
    accepted: &[Accepted],
) {
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
}

/// The opposed options (red lines), in order; an unknown option is dropped, one opposed twice
/// reported, and one also accepted reported but kept.
fn opposed(
    ctx: &mut Ctx,
    file: FileId,
    at_stance: &[Seg<'_>],
    item: &Item,
    opposes: &[String],
    accepted: &[Accepted],
) -> Vec<OptionId> {
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
    opposed
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

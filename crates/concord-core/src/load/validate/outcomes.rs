//! The recorded outcomes file (loaded apart from the scenario).

#[allow(clippy::wildcard_imports)]
use super::*;

/// The recorded outcomes, checked against the scenario's conference and items: one per known
/// item, each with an option or a point that fits the item.
pub(super) fn outcomes(
    ctx: &mut Ctx,
    file: FileId,
    raw: &raw::OutcomesFile,
    items: &ItemsKnown,
    conference: &str,
) -> Outcomes {
    if raw.conference != conference {
        ctx.report(
            Code::ConferenceMismatch,
            file,
            &[F("conference")],
            format!(
                "these outcomes are for `{}`, the scenario is `{conference}`",
                raw.conference
            ),
            None,
        );
    }
    let mut out = IndexMap::new();
    for (index, outcome) in raw.outcomes.iter().enumerate() {
        let base = [F("outcomes"), I(index)];
        let Some(item) = items.ids.get(&outcome.item) else {
            ctx.report(
                Code::UnknownItem,
                file,
                &path(&base, &[F("item")]),
                if items.parents.contains_key(&outcome.item) {
                    format!("outcome for `{}`, an item split into issues", outcome.item)
                } else {
                    format!("outcome for unknown agenda item `{}`", outcome.item)
                },
                match items.parents.get(&outcome.item) {
                    Some(parent) => Some(format!(
                        "`{}` is split into issues: give the outcome of each issue ({})",
                        parent.id,
                        parent.issue_list()
                    )),
                    None => did_you_mean(&outcome.item, items.ids.keys().map(String::as_str)),
                },
            );
            continue;
        };
        if out.contains_key(&item.id) {
            ctx.report(
                Code::DuplicateItem,
                file,
                &path(&base, &[F("item")]),
                format!("two outcomes for `{}`", item.id),
                None,
            );
            continue;
        }
        let option = outcome_option(ctx, file, &base, outcome, item);
        check_outcome_values(ctx, file, &base, outcome, item);
        out.insert(
            item.id.clone(),
            Outcome {
                item: item.id.clone(),
                result: outcome_kind(&outcome.result),
                option,
                point: outcome.point,
                summary: outcome.summary.clone(),
                source: outcome.source.clone(),
            },
        );
    }
    Outcomes {
        conference: raw.conference.clone(),
        outcomes: out,
    }
}

/// The option an outcome adopted, when it names one: an option of the item, which must not be
/// a scale item.
fn outcome_option(
    ctx: &mut Ctx,
    file: FileId,
    base: &[Seg<'_>],
    outcome: &raw::Outcome,
    item: &Item,
) -> Option<OptionId> {
    outcome.option.as_ref().and_then(|id| {
        let at = path(base, &[F("option")]);
        if matches!(item.kind, ItemKind::Scale(_)) {
            ctx.report(
                Code::StanceMismatch,
                file,
                &at,
                format!("`{}` is a scale item: give `point`, not `option`", item.id),
                None,
            );
            return None;
        }
        option_id(ctx, file, &at, item, id)
    })
}

/// Reports a point on an options item, a `CarriedForward` to no conference, and a point off the
/// 0-100 scale.
fn check_outcome_values(
    ctx: &mut Ctx,
    file: FileId,
    base: &[Seg<'_>],
    outcome: &raw::Outcome,
    item: &Item,
) {
    if outcome.point.is_some() && !matches!(item.kind, ItemKind::Scale(_)) {
        ctx.report(
            Code::StanceMismatch,
            file,
            &path(base, &[F("point")]),
            format!(
                "`{}` is an options item: give `option`, not `point`",
                item.id
            ),
            None,
        );
    }
    if let raw::OutcomeKind::CarriedForward(to) = &outcome.result
        && to.trim().is_empty()
    {
        ctx.report(
            Code::InvalidId,
            file,
            &path(base, &[F("result")]),
            "`CarriedForward` names no conference".to_owned(),
            Some("name the conference it goes to, e.g. `CarriedForward(\"WRC-27\")`".into()),
        );
    }
    if let Some(point) = outcome.point
        && !on_scale(point)
    {
        ctx.report(
            Code::ScaleOutOfRange,
            file,
            &path(base, &[F("point")]),
            format!("{} is outside the 0-100 scale", crate::diag::number(point)),
            None,
        );
    }
}

/// An outcome's result as the model holds it.
fn outcome_kind(raw: &raw::OutcomeKind) -> OutcomeKind {
    match raw {
        raw::OutcomeKind::Adopted => OutcomeKind::Adopted,
        raw::OutcomeKind::Revised => OutcomeKind::Revised,
        raw::OutcomeKind::NotAdopted => OutcomeKind::NotAdopted,
        raw::OutcomeKind::Voted => OutcomeKind::Voted,
        raw::OutcomeKind::CarriedForward(to) => OutcomeKind::CarriedForward(to.clone()),
    }
}

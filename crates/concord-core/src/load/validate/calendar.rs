//! The conference's dates and deadline, and the stages of its preparatory calendar.

#[allow(clippy::wildcard_imports)]
use super::*;

/// The conference of a scenario file; `replay` (`--as-of`) replaces its `as_of`.
pub(super) fn conference(
    ctx: &mut Ctx,
    file: FileId,
    raw: &raw::ScenarioFile,
    replay: Option<Date>,
) -> Option<Conference> {
    let start = ctx.date(file, &[F("dates"), I(0)], &raw.dates.0);
    let end = ctx.date(file, &[F("dates"), I(1)], &raw.dates.1);
    let as_of = ctx.date(file, &[F("as_of")], &raw.as_of);
    let as_of = replay.or(as_of);
    let deadline = deadline(
        ctx,
        (file, &[F("deadline")]),
        raw.deadline.as_deref(),
        start,
        |deadline, start| {
            format!(
                "the deadline for proposals ({deadline}) is after the conference starts ({start})"
            )
        },
    );
    if let (Some(start), Some(end)) = (start, end)
        && end.before(start)
    {
        ctx.report(
            Code::DateOrder,
            file,
            &[F("dates")],
            format!("the conference ends ({end}) before it starts ({start})"),
            None,
        );
    }
    ctx.one_line(file, &[F("name")], "scenario name", &raw.name);
    ctx.one_line(file, &[F("venue")], "venue", &raw.venue);
    Some(Conference {
        id: raw.conference.clone(),
        name: raw.name.clone(),
        venue: raw.venue.clone(),
        start: start?,
        end: end?,
        as_of: as_of?,
        next: raw.next_conference.clone(),
        deadline,
        replay: replay.is_some(),
    })
}

/// The stages of the preparatory calendar, in list order: dates, order, rounds, name, deadline
/// and groups checked.
pub(super) fn stages(
    ctx: &mut Ctx,
    file: FileId,
    raw: &[raw::Stage],
    groups: &Known<Group>,
) -> Vec<Stage> {
    let mut out: Vec<Stage> = Vec::new();
    // The simulation runs the stages in list order: a stage listed after one that starts later
    // would be played in the wrong order.
    let mut latest_start: Option<(crate::model::Date, &str)> = None;
    let mut total_rounds: u64 = 0;
    for (index, stage) in raw.iter().enumerate() {
        let before = total_rounds;
        // A stage over its own bound is reported as such, and not counted again here.
        if stage.rounds <= MAX_ROUNDS {
            total_rounds += u64::from(stage.rounds);
        }
        if before <= super::MAX_TOTAL_ROUNDS && total_rounds > super::MAX_TOTAL_ROUNDS {
            ctx.report(
                Code::OutOfBounds,
                file,
                &[F("stages"), I(index)],
                format!(
                    "the stages up to this one hold {total_rounds} rounds, more than the {} of all stages together",
                    super::MAX_TOTAL_ROUNDS
                ),
                Some("a preparatory cycle has tens of meetings of a few rounds each: merge or drop stages".into()),
            );
        }
        let base = [F("stages"), I(index)];
        let (start, end) = stage_dates(ctx, file, &base, stage);
        if let Some(start) = start {
            check_listed_order(ctx, file, &base, stage, start, &mut latest_start);
        }
        check_rounds(ctx, file, index, stage);
        ctx.one_line(file, &path(&base, &[F("name")]), "stage name", &stage.name);
        let deadline = deadline(
            ctx,
            (file, &path(&base, &[F("deadline")])),
            stage.deadline.as_deref(),
            start,
            |deadline, start| {
                format!(
                    "stage `{}` takes contributions until {deadline}, after it starts ({start})",
                    crate::diag::shorten(&stage.name)
                )
            },
        );
        let stage_groups = stage_groups(ctx, file, &base, stage, groups);
        out.push(Stage {
            name: stage.name.clone(),
            kind: stage_kind(&stage.kind),
            start,
            end,
            rounds: stage.rounds,
            groups: stage_groups,
            deadline,
        });
    }
    out
}

/// A stage's start and end, each a date when given; an end before the start is reported.
fn stage_dates(
    ctx: &mut Ctx,
    file: FileId,
    base: &[Seg<'_>],
    stage: &raw::Stage,
) -> (Option<Date>, Option<Date>) {
    let start = stage
        .start
        .as_ref()
        .and_then(|start| ctx.date(file, &path(base, &[F("start")]), start));
    let end = stage
        .end
        .as_ref()
        .and_then(|end| ctx.date(file, &path(base, &[F("end")]), end));
    if let (Some(start), Some(end)) = (start, end)
        && end.before(start)
    {
        ctx.report(
            Code::DateOrder,
            file,
            &path(base, &[F("end")]),
            format!(
                "stage `{}` ends ({end}) before it starts ({start})",
                stage.name
            ),
            None,
        );
    }
    (start, end)
}

/// Reports a stage that starts before the latest start of the stages listed above it, and
/// keeps that latest start (with its stage's name) up to date.
fn check_listed_order<'a>(
    ctx: &mut Ctx,
    file: FileId,
    base: &[Seg<'_>],
    stage: &'a raw::Stage,
    start: Date,
    latest_start: &mut Option<(Date, &'a str)>,
) {
    if let Some((before, name)) = *latest_start
        && start.before(before)
    {
        ctx.report(
            Code::DateOrder,
            file,
            &path(base, &[F("start")]),
            format!(
                "stage `{}` starts ({start}) before stage `{}`, listed above it ({before})",
                crate::diag::shorten(&stage.name),
                crate::diag::shorten(name)
            ),
            Some("list the stages in the order they are held: the simulation plays them in list order".into()),
        );
    }
    if latest_start.is_none_or(|(before, _)| before.before(start)) {
        *latest_start = Some((start, &stage.name));
    }
}

/// Reports a stage of more than [`MAX_ROUNDS`] rounds.
fn check_rounds(ctx: &mut Ctx, file: FileId, index: usize, stage: &raw::Stage) {
    if stage.rounds > MAX_ROUNDS {
        ctx.report(
            Code::OutOfBounds,
            file,
            &[F("stages"), I(index), F("rounds")],
            format!(
                "stage `{}` has {} rounds, more than the {MAX_ROUNDS} a stage may have",
                crate::diag::shorten(&stage.name),
                stage.rounds
            ),
            Some("real meetings hold a handful of rounds; give at most 1000".into()),
        );
    }
}

/// The groups a stage names that are defined; an unknown one is reported when the groups file
/// was complete.
fn stage_groups(
    ctx: &mut Ctx,
    file: FileId,
    base: &[Seg<'_>],
    stage: &raw::Stage,
    groups: &Known<Group>,
) -> Vec<GroupId> {
    let mut stage_groups = Vec::new();
    for (index_group, group) in stage.groups.iter().enumerate() {
        let at = path(base, &[F("groups"), I(index_group)]);
        if groups.ids.contains_key(group) {
            stage_groups.push(GroupId::new(group));
        } else if groups.complete {
            ctx.report(
                Code::UnknownGroup,
                file,
                &at,
                format!(
                    "stage `{}` names an unknown group `{group}`",
                    crate::diag::shorten(&stage.name)
                ),
                did_you_mean(group, groups.ids.keys().map(String::as_str)),
            );
        }
    }
    stage_groups
}

/// A stage's kind as the model holds it.
fn stage_kind(kind: &raw::StageKind) -> StageKind {
    match kind {
        raw::StageKind::Preparatory => StageKind::Preparatory,
        raw::StageKind::RegionalMeeting => StageKind::RegionalMeeting,
        raw::StageKind::InterRegional => StageKind::InterRegional,
        raw::StageKind::Conference => StageKind::Conference,
    }
}

/// A deadline (the conference's for proposals, a stage's for contributions): a date, never after
/// the start of what it is a deadline for (`date-order`, worded by `message`).
fn deadline(
    ctx: &mut Ctx,
    (file, at): (FileId, &[Seg<'_>]),
    raw: Option<&str>,
    start: Option<Date>,
    message: impl FnOnce(Date, Date) -> String,
) -> Option<Date> {
    let deadline = ctx.date(file, at, raw?)?;
    if let Some(start) = start
        && start.before(deadline)
    {
        ctx.report(Code::DateOrder, file, at, message(deadline, start), None);
    }
    Some(deadline)
}

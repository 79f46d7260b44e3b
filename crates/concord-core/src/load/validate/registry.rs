//! Member states and groups: ids, memberships, adoption rules.

#[allow(clippy::wildcard_imports)]
use super::*;

pub(super) fn states(
    ctx: &mut Ctx,
    parsed: Option<&(FileId, raw::StatesFile)>,
    as_of: Option<Date>,
) -> Known<model::State> {
    let Some((file, raw)) = parsed else {
        return Known::failed();
    };
    let mut ids = IndexMap::new();
    for (index, state) in raw.states.iter().enumerate() {
        let at = [F("states"), I(index), F("code")];
        if !is_state_code(&state.code) {
            ctx.report(
                Code::InvalidId,
                *file,
                &at,
                format!("`{}` is not an ISO 3166-1 alpha-3 code", state.code),
                Some("member states are three upper-case letters, e.g. `FRA`".into()),
            );
            continue;
        }
        if ids.contains_key(&state.code) {
            ctx.report(
                Code::DuplicateState,
                *file,
                &at,
                format!("state `{}` is listed twice", state.code),
                None,
            );
            continue;
        }
        ctx.one_line(
            *file,
            &[F("states"), I(index), F("name")],
            "state name",
            &state.name,
        );
        let since = state
            .member_since
            .as_ref()
            .and_then(|since| ctx.date(*file, &[F("states"), I(index), F("member_since")], since));
        // A state that joins after the scenario's date is not yet a Member State there.
        let joined = match (since, as_of) {
            (Some(since), Some(as_of)) => !as_of.before(since),
            _ => true,
        };
        let region = state.region.as_ref().and_then(|region| {
            let found = super::region(region);
            if found.is_none() {
                ctx.report(
                    Code::UnknownRegion,
                    *file,
                    &[F("states"), I(index), F("region")],
                    format!("`{region}` is not an ITU Region"),
                    Some("the Radio Regulations (Article 5) have three: `R1`, `R2`, `R3`".into()),
                );
            }
            found
        });
        ids.insert(
            state.code.clone(),
            model::State {
                id: StateId::new(&state.code),
                name: state.name.clone(),
                member: joined && !state.observer,
                observer: state.observer,
                member_since: since,
                region,
            },
        );
    }
    Known::new(ids)
}

/// Reports an unknown state, suggesting a close code or the code of a state with that name.
pub(super) fn unknown_state(
    ctx: &mut Ctx,
    file: FileId,
    at: &[Seg<'_>],
    code: &str,
    states: &Known<model::State>,
) {
    let by_name = states
        .ids
        .values()
        .find(|state| state.name.eq_ignore_ascii_case(code))
        .map(|state| format!("did you mean `{}` ({})?", state.id, state.name));
    let hint = by_name.or_else(|| did_you_mean(code, states.ids.keys().map(String::as_str)));
    ctx.report(
        Code::UnknownState,
        file,
        at,
        format!("unknown member state `{code}`"),
        hint.or_else(|| Some("add the state to the scenario's states file".into())),
    );
}

/// Reports a groups file of more than [`super::MAX_GROUPS`] groups, which is then not read.
fn too_many_groups(ctx: &mut Ctx, file: FileId, count: usize) -> bool {
    if count <= super::MAX_GROUPS {
        return false;
    }
    ctx.report(
        Code::OutOfBounds,
        file,
        &[F("groups"), I(super::MAX_GROUPS)],
        format!(
            "the groups file has {count} groups, more than {}",
            super::MAX_GROUPS
        ),
        Some(
            "the analysis compares every pair of groups; keep the file to the groups that meet"
                .into(),
        ),
    );
    true
}

pub(super) fn groups(
    ctx: &mut Ctx,
    parsed: Option<&(FileId, raw::GroupsFile)>,
    states: &Known<model::State>,
    as_of: Option<Date>,
) -> Known<Group> {
    let Some((file, raw)) = parsed else {
        return Known::failed();
    };
    let file = *file;
    let mut ids = IndexMap::new();
    let mut incomplete = BTreeSet::new();
    if too_many_groups(ctx, file, raw.groups.len()) {
        return Known::failed();
    }
    for (index, group) in raw.groups.iter().enumerate() {
        let base = [F("groups"), I(index)];
        if !is_group_id(&group.id) {
            ctx.report(
                Code::InvalidId,
                file,
                &path(&base, &[F("id")]),
                format!("`{}` is not a group id", group.id),
                Some(
                    "group ids are 1 to 100 upper-case letters, digits, `-` or `_`: `CEPT`, `CITEL`, `APT`, `ATU`, `ARB`, `RCC`".into(),
                ),
            );
            continue;
        }
        if ids.contains_key(&group.id) {
            ctx.report(
                Code::DuplicateGroup,
                file,
                &path(&base, &[F("id")]),
                format!("group `{}` is defined twice", group.id),
                None,
            );
            continue;
        }
        let (membership, complete) = select_membership(ctx, file, &base, group, states, as_of);
        let main_rule = rule(
            ctx,
            file,
            &path(&base, &[F("rule")]),
            &group.rule,
            &group.id,
            complete.then_some(&membership),
        );
        let alternative_rules: Vec<AdoptionRule> = group
            .alternative_rules
            .iter()
            .enumerate()
            .map(|(index, alternative)| {
                let at = path(&base, &[F("alternative_rules"), I(index)]);
                rule(
                    ctx,
                    file,
                    &at,
                    alternative,
                    &group.id,
                    complete.then_some(&membership),
                )
            })
            .collect();
        if !complete {
            incomplete.insert(group.id.clone());
        }
        ctx.one_line(file, &path(&base, &[F("name")]), "group name", &group.name);
        ctx.one_line(file, &path(&base, &[F("region")]), "region", &group.region);
        ids.insert(
            group.id.clone(),
            Group {
                id: GroupId::new(&group.id),
                name: group.name.clone(),
                region: group.region.clone(),
                membership,
                rule: main_rule,
                rule_source: group.rule_source.clone(),
                alternative_rules,
            },
        );
    }
    Known {
        partial: incomplete,
        ..Known::new(ids)
    }
}

pub(super) fn membership(
    ctx: &mut Ctx,
    file: FileId,
    base: &[Seg<'_>],
    raw: &raw::Membership,
    states: &Known<model::State>,
) -> (Membership, bool) {
    let as_of = ctx.date(file, &path(base, &[F("as_of")]), &raw.as_of);
    let mut seen = BTreeSet::new();
    let mut lists = [Vec::new(), Vec::new()];
    let mut complete = true;
    for (list_index, (field, list)) in [("members", &raw.members), ("suspended", &raw.suspended)]
        .into_iter()
        .enumerate()
    {
        for (index, code) in list.iter().enumerate() {
            let at = path(base, &[F(field), I(index)]);
            if !states.resolves(code) {
                unknown_state(ctx, file, &at, code, states);
                complete = false;
                continue;
            }
            if !seen.insert(code.as_str()) {
                ctx.report(
                    Code::DuplicateMember,
                    file,
                    &at,
                    format!("`{code}` is listed twice in the membership"),
                    Some("a suspended member is listed only under `suspended`".into()),
                );
                continue;
            }
            lists[list_index].push(StateId::new(code));
        }
    }
    let [members, suspended] = lists;
    let membership = Membership {
        // An invalid date was reported; the placeholder never reaches a returned model.
        as_of: as_of.unwrap_or(PLACEHOLDER_DATE),
        source: membership_source(&raw.source),
        members,
        suspended,
    };
    (membership, complete)
}

pub(super) fn rule(
    ctx: &mut Ctx,
    file: FileId,
    at: &[Seg<'_>],
    raw_rule: &raw::Rule,
    group_id: &str,
    membership: Option<&Membership>,
) -> AdoptionRule {
    let rule = match raw_rule {
        raw::Rule::Thresholds {
            min_support,
            max_oppose,
        } => AdoptionRule::Thresholds {
            min_support: *min_support,
            max_oppose: *max_oppose,
        },
        raw::Rule::ObjectionRatio {
            min_support,
            max_objection_ratio,
            competing_cancel,
        } => {
            if !in_unit(*max_objection_ratio) {
                ctx.report(
                    Code::InvalidRule,
                    file,
                    &path(at, &[F("max_objection_ratio")]),
                    format!("objection ratio {max_objection_ratio} is outside 0-1"),
                    Some("CITEL's ratio is 0.5: objectors at most half the supporters".into()),
                );
            }
            AdoptionRule::ObjectionRatio {
                min_support: *min_support,
                max_objection_ratio: *max_objection_ratio,
                competing_cancel: *competing_cancel,
            }
        }
        raw::Rule::OptIn => AdoptionRule::OptIn,
        raw::Rule::Endorsements {
            min_endorsements,
            max_objections,
        } => AdoptionRule::Endorsements {
            min_endorsements: *min_endorsements,
            max_objections: *max_objections,
        },
        raw::Rule::Consensus => AdoptionRule::Consensus,
    };
    if let Some(membership) = membership {
        let active = membership.members.len();
        let needed = rule.members_needed() as usize;
        if needed > active {
            ctx.report(
                Code::UnreachableRule,
                file,
                at,
                format!(
                    "`{group_id}` can never form a common proposal: its rule needs {needed} members, it has {active} active (as of {})",
                    membership.as_of
                ),
                Some("suspended members do not count; check the membership or the rule".into()),
            );
        }
    }
    rule
}

/// Stands in for a date already reported as invalid; never reaches a returned model.
const PLACEHOLDER_DATE: Date = Date {
    year: 0,
    month: 1,
    day: None,
};

fn membership_source(raw: &raw::MembershipSource) -> MembershipSource {
    match raw {
        raw::MembershipSource::Cited(text) => MembershipSource::Cited(text.clone()),
        raw::MembershipSource::GeneralKnowledge(text) => {
            MembershipSource::GeneralKnowledge(text.clone())
        }
        raw::MembershipSource::Unverified(text) => MembershipSource::Unverified(text.clone()),
    }
}

/// Checks every membership of a group (the current one and the `earlier` ones) and returns the
/// one in force at the scenario's `as_of`: the latest dated on or before it. When every
/// membership is later, the earliest is used, with a warning. The flag is false when the chosen
/// membership names unknown states (its member count is then wrong).
fn select_membership(
    ctx: &mut Ctx,
    file: FileId,
    base: &[Seg<'_>],
    group: &raw::Group,
    states: &Known<model::State>,
    scenario_as_of: Option<Date>,
) -> (Membership, bool) {
    let current_at = path(base, &[F("membership")]);
    let mut candidates = vec![(
        membership(ctx, file, &current_at, &group.membership, states),
        current_at,
    )];
    for (index, earlier) in group.earlier.iter().enumerate() {
        let at = path(base, &[F("earlier"), I(index)]);
        let checked = membership(ctx, file, &at, earlier, states);
        let current = candidates[0].0.0.as_of;
        if checked.0.as_of != PLACEHOLDER_DATE
            && current != PLACEHOLDER_DATE
            && !checked.0.as_of.before(current)
        {
            ctx.report(
                Code::DateOrder,
                file,
                &path(&at, &[F("as_of")]),
                format!(
                    "an earlier membership of `{}` is dated {}, not before the current one ({current})",
                    group.id, checked.0.as_of
                ),
                Some("`earlier` lists memberships older than `membership`".into()),
            );
        }
        candidates.push((checked, at));
    }
    let Some(scenario_as_of) = scenario_as_of else {
        // The scenario's date was reported invalid: any membership will do.
        let ((membership, complete), _) = candidates.swap_remove(0);
        return (membership, complete);
    };
    let in_force = candidates
        .iter()
        .filter(|((membership, _), _)| !scenario_as_of.before(membership.as_of))
        .max_by_key(|((membership, _), _)| membership.as_of);
    let chosen = match in_force {
        Some(chosen) => chosen,
        None => {
            let earliest = candidates
                .iter()
                .min_by_key(|((membership, _), _)| membership.as_of)
                .expect("a group always has its current membership");
            ctx.report(
                Code::MembershipAfterAsOf,
                file,
                &path(&earliest.1, &[F("as_of")]),
                format!(
                    "the earliest known membership of `{}` is as of {}, after the scenario's as_of ({scenario_as_of})",
                    group.id, earliest.0.0.as_of
                ),
                Some("add the membership in force then under `earlier`, with its source".into()),
            );
            earliest
        }
    };
    let ((membership, complete), _) = chosen;
    (membership.clone(), *complete)
}

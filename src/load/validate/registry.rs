//! Member states and groups: ids, memberships, adoption rules.

#[allow(clippy::wildcard_imports)]
use super::*;

pub(super) fn states(
    ctx: &mut Ctx,
    parsed: Option<&(FileId, raw::StatesFile)>,
) -> Known<model::State> {
    let Some((file, raw)) = parsed else {
        return Known {
            ids: IndexMap::new(),
            complete: false,
        };
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
        ids.insert(
            state.code.clone(),
            model::State {
                id: StateId::new(&state.code),
                name: state.name.clone(),
            },
        );
    }
    Known {
        ids,
        complete: true,
    }
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

pub(super) fn groups(
    ctx: &mut Ctx,
    parsed: Option<&(FileId, raw::GroupsFile)>,
    states: &Known<model::State>,
) -> Known<Group> {
    let Some((file, raw)) = parsed else {
        return Known {
            ids: IndexMap::new(),
            complete: false,
        };
    };
    let file = *file;
    let mut ids = IndexMap::new();
    for (index, group) in raw.groups.iter().enumerate() {
        let base = [F("groups"), I(index)];
        if !is_group_id(&group.id) {
            ctx.report(
                Code::InvalidId,
                file,
                &path(&base, &[F("id")]),
                format!("`{}` is not a group id", group.id),
                Some(
                    "group ids are upper case: `CEPT`, `CITEL`, `APT`, `ATU`, `ARB`, `RCC`".into(),
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
        let (membership, complete) = membership(ctx, file, &base, &group.membership, states);
        // With unknown members the count is wrong: checking the rule against it would only
        // echo the unknown states.
        let rule = rule(ctx, file, &base, group, complete.then_some(&membership));
        ids.insert(
            group.id.clone(),
            Group {
                id: GroupId::new(&group.id),
                name: group.name.clone(),
                region: group.region.clone(),
                membership,
                rule,
                rule_source: group.rule_source.clone(),
            },
        );
    }
    Known {
        ids,
        complete: true,
    }
}

pub(super) fn membership(
    ctx: &mut Ctx,
    file: FileId,
    base: &[Seg<'_>],
    raw: &raw::Membership,
    states: &Known<model::State>,
) -> (Membership, bool) {
    let as_of = ctx.date(
        file,
        &path(base, &[F("membership"), F("as_of")]),
        &raw.as_of,
    );
    let mut seen = BTreeSet::new();
    let mut lists = [Vec::new(), Vec::new()];
    let mut complete = true;
    for (list_index, (field, list)) in [("members", &raw.members), ("suspended", &raw.suspended)]
        .into_iter()
        .enumerate()
    {
        for (index, code) in list.iter().enumerate() {
            let at = path(base, &[F("membership"), F(field), I(index)]);
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
        as_of: as_of.unwrap_or(Date {
            year: 0,
            month: 1,
            day: None,
        }),
        source: match &raw.source {
            raw::MembershipSource::Cited(text) => MembershipSource::Cited(text.clone()),
            raw::MembershipSource::GeneralKnowledge(text) => {
                MembershipSource::GeneralKnowledge(text.clone())
            }
        },
        members,
        suspended,
    };
    (membership, complete)
}

pub(super) fn rule(
    ctx: &mut Ctx,
    file: FileId,
    base: &[Seg<'_>],
    group: &raw::Group,
    membership: Option<&Membership>,
) -> AdoptionRule {
    let rule = match &group.rule {
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
                    &path(base, &[F("rule"), F("max_objection_ratio")]),
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
                &path(base, &[F("rule")]),
                format!(
                    "`{}` can never form a common proposal: its rule needs {needed} members, it has {active} active",
                    group.id
                ),
                Some("suspended members do not count; check the membership or the rule".into()),
            );
        }
    }
    rule
}

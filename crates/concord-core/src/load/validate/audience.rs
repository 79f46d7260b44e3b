//! `--for`: the reader a load is for, resolved against the scenario's groups and states before
//! any position is read, so that no other group's confidential part is ever read.

#[allow(clippy::wildcard_imports)]
use super::*;
use crate::load::ReadFor;
use crate::model::{Audience, Reader};

/// The audience `read_for` asks for; an unknown reader is an `unknown-reader` error (and the
/// load goes on as for the public, so that every other problem is still reported).
pub(super) fn resolve(
    ctx: &mut Ctx,
    read_for: &ReadFor,
    states: &Known<model::State>,
    groups: &Known<Group>,
) -> Audience {
    let name = match read_for {
        ReadFor::Public => return Audience::Public,
        ReadFor::EveryOwner => return Audience::EveryOwner,
        ReadFor::Reader(name) => name,
    };
    if let Some(group) = groups.ids.get(name.as_str()) {
        return Audience::Reader {
            reader: Reader::Group(group.id.clone()),
            groups: vec![group.id.clone()],
        };
    }
    if states.ids.contains_key(name.as_str()) {
        let state = StateId::new(name);
        let of_state = groups
            .ids
            .values()
            .filter(|group| group.membership.members.contains(&state))
            .map(|group| group.id.clone())
            .collect();
        return Audience::Reader {
            reader: Reader::State(state),
            groups: of_state,
        };
    }
    if groups.complete && states.complete {
        let candidates = groups
            .ids
            .keys()
            .chain(states.ids.keys())
            .map(String::as_str);
        ctx.report_at(
            None,
            Code::UnknownReader,
            format!(
                "`--for {}` names neither a group nor a member state of the scenario",
                crate::diag::shorten(name)
            ),
            did_you_mean(name, candidates).or_else(|| {
                Some(
                    "give a group id (`CEPT`) or a member state's ISO 3166-1 alpha-3 code (`FRA`)"
                        .into(),
                )
            }),
        );
    }
    Audience::Public
}

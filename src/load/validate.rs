//! Raw types → the validated model. Every dangling reference, duplicate and out-of-range value is
//! reported, each at its own location; the model is returned only when nothing is wrong.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use indexmap::IndexMap;

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
    Provenance, Scale, ScaleStance, Scenario, Stage, StageKind, Stance, StatePosition, Tally,
    Voting,
};

/// A set of known ids; `complete` is false when the file defining them failed, in which case
/// references to unknown ids are not reported (they would only echo the first error).
struct Known<T> {
    ids: IndexMap<String, T>,
    complete: bool,
}

impl<T> Known<T> {
    fn resolves(&self, id: &str) -> bool {
        !self.complete || self.ids.contains_key(id)
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
    let limit = (found.chars().count() / 3).max(1);
    candidates
        .iter()
        .map(|candidate| {
            (
                strsim::damerau_levenshtein(&found.to_lowercase(), &candidate.to_lowercase()),
                *candidate,
            )
        })
        .filter(|(distance, _)| *distance <= limit)
        .min()
        .map(|(_, candidate)| candidate)
}

fn did_you_mean<'a>(found: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<String> {
    closest(found, candidates).map(|best| format!("did you mean `{best}`?"))
}

fn path<'a>(base: &[Seg<'a>], more: &[Seg<'a>]) -> Vec<Seg<'a>> {
    let mut out = base.to_vec();
    out.extend_from_slice(more);
    out
}

fn is_group_id(id: &str) -> bool {
    id.bytes().next().is_some_and(|b| b.is_ascii_uppercase())
        && id
            .bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'-' || b == b'_')
}

fn is_state_code(id: &str) -> bool {
    id.len() == 3 && id.bytes().all(|b| b.is_ascii_uppercase())
}

fn is_plain_id(id: &str) -> bool {
    !id.is_empty() && !id.chars().any(char::is_whitespace)
}

fn in_unit(value: f64) -> bool {
    (0.0..=1.0).contains(&value)
}

fn on_scale(value: f64) -> bool {
    (0.0..=100.0).contains(&value)
}

impl Ctx {
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
                format!("{what} {value} is outside 0-1"),
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

pub(super) fn scenario(
    ctx: &mut Ctx,
    source: &dyn FileSource,
    scenario_path: &Path,
    file: FileId,
) -> Option<(Scenario, Option<Outcomes>)> {
    let raw: raw::ScenarioFile = ctx.parse(file)?;

    let conference = conference(ctx, file, &raw);
    let states_file = ctx.read_and_parse::<raw::StatesFile>(
        source,
        scenario_path,
        file,
        &[F("states")],
        &raw.states,
    );
    let states = states(ctx, states_file.as_ref());
    let groups_file = ctx.read_and_parse::<raw::GroupsFile>(
        source,
        scenario_path,
        file,
        &[F("groups")],
        &raw.groups,
    );
    let groups = groups(ctx, groups_file.as_ref(), &states);
    let items = items(ctx, file, &raw.items);
    let stages = stages(ctx, file, &raw.stages);
    let capability = capability(ctx, file, &raw.capability, &groups);
    let voting = match raw.voting {
        raw::Voting::Never => Voting::Never,
        raw::Voting::Majority(raw::Majority::Simple) => Voting::Majority(model::Majority::Simple),
        raw::Voting::Majority(raw::Majority::TwoThirds) => {
            Voting::Majority(model::Majority::TwoThirds)
        }
    };

    let latest_stage = conference.as_ref().and_then(|conference| {
        stages
            .iter()
            .filter_map(|stage| Some((stage, stage.start?, stage.end?)))
            .filter(|(_, _, end)| !conference.as_of.before(*end))
            .max_by_key(|(_, start, end)| (*end, *start))
    });
    let mut positions: IndexMap<GroupId, GroupPositions> = groups
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
        .collect();
    let mut confidential_at: BTreeSet<(String, String)> = BTreeSet::new();
    for (index, relative) in raw.positions.iter().enumerate() {
        let named_at = [F("positions"), I(index)];
        if let Some((positions_file, parsed)) = ctx.read_and_parse::<raw::PositionsFile>(
            source,
            scenario_path,
            file,
            &named_at,
            relative,
        ) {
            let scope = Scope {
                states: &states,
                groups: &groups,
                items: &items,
                conference: &raw.conference,
                latest_stage,
            };
            positions_of_group(
                ctx,
                positions_file,
                &parsed,
                &scope,
                &mut positions,
                &mut confidential_at,
            );
        }
    }
    let mut private_files = Vec::new();
    for (index, relative) in raw.private.iter().enumerate() {
        let file_path = resolve(scenario_path, relative);
        let present = match source.read(&file_path) {
            Err(error) => error.kind() != std::io::ErrorKind::NotFound,
            Ok(_) => true,
        };
        private_files.push(PrivateFileStatus {
            path: file_path.display().to_string(),
            loaded: present,
        });
        if !present {
            continue;
        }
        let named_at = [F("private"), I(index)];
        if let Some((private_file, parsed)) =
            ctx.read_and_parse::<raw::PrivateFile>(source, scenario_path, file, &named_at, relative)
        {
            let scope = Scope {
                states: &states,
                groups: &groups,
                items: &items,
                conference: &raw.conference,
                latest_stage,
            };
            private(
                ctx,
                private_file,
                &parsed,
                &scope,
                &mut positions,
                &mut confidential_at,
            );
        }
    }

    let outcomes = raw.outcomes.as_ref().and_then(|relative| {
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
            &items,
            &raw.conference,
        ))
    });

    // Every group has a cell on every item, in item order: silence is an `unknown`.
    for group_positions in positions.values_mut() {
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

    let conference = conference?;
    let scenario = Scenario {
        conference,
        states: states
            .ids
            .into_iter()
            .map(|(id, state)| (StateId::new(&id), state))
            .collect(),
        groups: groups
            .ids
            .into_iter()
            .map(|(id, group)| (GroupId::new(&id), group))
            .collect(),
        items: items
            .ids
            .into_iter()
            .map(|(id, item)| (ItemId::new(&id), item))
            .collect(),
        stages,
        capability,
        voting,
        positions,
        private_files,
    };
    Some((scenario, outcomes))
}

fn conference(ctx: &mut Ctx, file: FileId, raw: &raw::ScenarioFile) -> Option<Conference> {
    let start = ctx.date(file, &[F("dates"), I(0)], &raw.dates.0);
    let end = ctx.date(file, &[F("dates"), I(1)], &raw.dates.1);
    let as_of = ctx.date(file, &[F("as_of")], &raw.as_of);
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
    Some(Conference {
        id: raw.conference.clone(),
        name: raw.name.clone(),
        venue: raw.venue.clone(),
        start: start?,
        end: end?,
        as_of: as_of?,
        next: raw.next_conference.clone(),
    })
}

fn states(ctx: &mut Ctx, parsed: Option<&(FileId, raw::StatesFile)>) -> Known<model::State> {
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
fn unknown_state(
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

fn groups(
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

fn membership(
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

fn rule(
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

struct ItemsKnown {
    ids: IndexMap<String, Item>,
}

fn items(ctx: &mut Ctx, file: FileId, raw: &[raw::Item]) -> ItemsKnown {
    if raw.is_empty() {
        ctx.report(
            Code::EmptyAgenda,
            file,
            &[F("items")],
            "the scenario has no agenda items",
            Some("add at least one `Item(...)` under `items`".into()),
        );
    }
    let mut ids: IndexMap<String, Item> = IndexMap::new();
    let mut raw_index = Vec::new();
    for (index, item) in raw.iter().enumerate() {
        let base = [F("items"), I(index)];
        if !is_plain_id(&item.id) {
            ctx.report(
                Code::InvalidId,
                file,
                &path(&base, &[F("id")]),
                format!("`{}` is not an item id", item.id),
                Some("item ids are non-empty and contain no whitespace, e.g. `1.2`".into()),
            );
            continue;
        }
        if ids.contains_key(&item.id) {
            ctx.report(
                Code::DuplicateItem,
                file,
                &path(&base, &[F("id")]),
                format!("agenda item `{}` is defined twice", item.id),
                None,
            );
            continue;
        }
        let kind = item_kind(ctx, file, &base, item);
        ids.insert(
            item.id.clone(),
            Item {
                id: ItemId::new(&item.id),
                title: item.title.clone(),
                document: item.document.clone(),
                tags: item.tags.clone(),
                depends_on: Vec::new(),
                links: item
                    .links
                    .iter()
                    .map(|link| model::Link {
                        conference: link.conference.clone(),
                        item: link.item.clone(),
                        note: link.note.clone(),
                    })
                    .collect(),
                kind,
            },
        );
        raw_index.push(index);
    }
    // Dependencies, once every item is known.
    let positions: IndexMap<&str, usize> = ids
        .keys()
        .enumerate()
        .map(|(position, id)| (id.as_str(), position))
        .collect();
    let mut edges = Vec::new();
    let mut resolved: Vec<Vec<ItemId>> = vec![Vec::new(); ids.len()];
    for (position, index) in raw_index.iter().enumerate() {
        for (dep_index, dependency) in raw[*index].depends_on.iter().enumerate() {
            match positions.get(dependency.as_str()) {
                Some(target) => {
                    edges.push((position, *target));
                    resolved[position].push(ItemId::new(dependency));
                }
                None => ctx.report(
                    Code::UnknownItem,
                    file,
                    &[F("items"), I(*index), F("depends_on"), I(dep_index)],
                    format!(
                        "`{}` depends on unknown item `{dependency}`",
                        raw[*index].id
                    ),
                    did_you_mean(dependency, positions.keys().copied()),
                ),
            }
        }
    }
    for cycle in dependency_cycles(ids.len(), &edges) {
        let names: Vec<&str> = cycle
            .iter()
            .map(|position| ids.get_index(*position).map_or("?", |(id, _)| id.as_str()))
            .collect();
        let first = raw_index[cycle[0]];
        ctx.report(
            Code::DependencyCycle,
            file,
            &[F("items"), I(first), F("depends_on")],
            format!(
                "agenda items depend on each other in a cycle: {} → {}",
                names.join(" → "),
                names[0]
            ),
            Some("remove one `depends_on` link of the cycle".into()),
        );
    }
    for ((_, item), depends_on) in ids.iter_mut().zip(resolved) {
        item.depends_on = depends_on;
    }
    ItemsKnown { ids }
}

fn item_kind(ctx: &mut Ctx, file: FileId, base: &[Seg<'_>], item: &raw::Item) -> ItemKind {
    if let Some(scale) = &item.scale {
        if !item.options.is_empty() {
            ctx.report(
                Code::ItemKind,
                file,
                &path(base, &[F("scale")]),
                format!("item `{}` has both options and a scale", item.id),
                Some("keep `options` for a choice between texts, `scale` for a quantity".into()),
            );
        }
        for (anchor, _) in &scale.anchors {
            if *anchor > 100 {
                let key = anchor.to_string();
                ctx.report(
                    Code::ScaleOutOfRange,
                    file,
                    &path(base, &[F("scale"), F("anchors"), Key(&key)]),
                    format!("anchor {anchor} is outside the 0-100 scale"),
                    None,
                );
            }
        }
        if let Some(status_quo) = scale.status_quo
            && !on_scale(status_quo)
        {
            ctx.report(
                Code::ScaleOutOfRange,
                file,
                &path(base, &[F("scale"), F("status_quo")]),
                format!("status quo {status_quo} is outside the 0-100 scale"),
                None,
            );
        }
        return ItemKind::Scale(Scale {
            anchors: scale
                .anchors
                .iter()
                .map(|(at, label)| (*at, label.clone()))
                .collect(),
            status_quo: scale.status_quo,
        });
    }
    if item.options.is_empty() {
        ctx.report(
            Code::ItemKind,
            file,
            base,
            format!("item `{}` has neither options nor a scale", item.id),
            Some("add `options: [Option(id: \"noc\", label: \"No change\", action: NOC, status_quo: true), ...]`".into()),
        );
    }
    let mut options = IndexMap::new();
    let mut status_quo: Option<String> = None;
    for (index, option) in item.options.iter().enumerate() {
        let at = path(base, &[F("options"), I(index), F("id")]);
        if !is_plain_id(&option.id) {
            ctx.report(
                Code::InvalidId,
                file,
                &at,
                format!("`{}` is not an option id", option.id),
                Some("option ids are non-empty and contain no whitespace".into()),
            );
            continue;
        }
        if options.contains_key(option.id.as_str()) {
            ctx.report(
                Code::DuplicateOption,
                file,
                &at,
                format!("item `{}` has two options `{}`", item.id, option.id),
                None,
            );
            continue;
        }
        if option.status_quo {
            if let Some(first) = &status_quo {
                ctx.report(
                    Code::MultipleStatusQuo,
                    file,
                    &path(base, &[F("options"), I(index), F("status_quo")]),
                    format!(
                        "item `{}` marks both `{first}` and `{}` as the status quo",
                        item.id, option.id
                    ),
                    None,
                );
            } else {
                status_quo = Some(option.id.clone());
            }
        }
        options.insert(
            OptionId::new(&option.id),
            ItemOption {
                id: OptionId::new(&option.id),
                label: option.label.clone(),
                action: option.action.as_ref().map(action),
                status_quo: option.status_quo,
            },
        );
    }
    ItemKind::Options(options)
}

fn action(raw: &raw::Action) -> model::Action {
    match raw {
        raw::Action::NOC => model::Action::Noc,
        raw::Action::MOD => model::Action::Mod,
        raw::Action::ADD => model::Action::Add,
        raw::Action::SUP => model::Action::Sup,
        raw::Action::AddMoved => model::Action::AddMoved,
        raw::Action::ModEditorial => model::Action::ModEditorial,
        raw::Action::SupMoved => model::Action::SupMoved,
        raw::Action::Method(method) => model::Action::Method(method.clone()),
    }
}

fn stages(ctx: &mut Ctx, file: FileId, raw: &[raw::Stage]) -> Vec<Stage> {
    let mut out = Vec::new();
    for (index, stage) in raw.iter().enumerate() {
        let base = [F("stages"), I(index)];
        let start = stage
            .start
            .as_ref()
            .and_then(|start| ctx.date(file, &path(&base, &[F("start")]), start));
        let end = stage
            .end
            .as_ref()
            .and_then(|end| ctx.date(file, &path(&base, &[F("end")]), end));
        if let (Some(start), Some(end)) = (start, end)
            && end.before(start)
        {
            ctx.report(
                Code::DateOrder,
                file,
                &path(&base, &[F("end")]),
                format!(
                    "stage `{}` ends ({end}) before it starts ({start})",
                    stage.name
                ),
                None,
            );
        }
        out.push(Stage {
            name: stage.name.clone(),
            kind: match stage.kind {
                raw::StageKind::RegionalMeeting => StageKind::RegionalMeeting,
                raw::StageKind::InterRegional => StageKind::InterRegional,
                raw::StageKind::Conference => StageKind::Conference,
            },
            start,
            end,
            rounds: stage.rounds,
        });
    }
    out
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
                if !weight.is_finite() || *weight < 0.0 {
                    ctx.report(
                        Code::InvalidCapability,
                        file,
                        &at,
                        format!("capability of `{group}` is {weight}"),
                        Some("give a weight of zero or more".into()),
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

/// What positions are checked against.
struct Scope<'a> {
    states: &'a Known<model::State>,
    groups: &'a Known<Group>,
    items: &'a ItemsKnown,
    conference: &'a str,
    /// The latest stage held by the scenario's `as_of`: sourced positions dated before it are
    /// stale.
    latest_stage: Option<(&'a Stage, Date, Date)>,
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

fn option_id(
    ctx: &mut Ctx,
    file: FileId,
    at: &[Seg<'_>],
    item: &Item,
    id: &str,
) -> Option<OptionId> {
    let ItemKind::Options(options) = &item.kind else {
        return None;
    };
    if options.contains_key(id) {
        return Some(OptionId::new(id));
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

fn positions_of_group(
    ctx: &mut Ctx,
    file: FileId,
    raw: &raw::PositionsFile,
    scope: &Scope<'_>,
    positions: &mut IndexMap<GroupId, GroupPositions>,
    confidential_at: &mut BTreeSet<(String, String)>,
) {
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
    check_file_name(ctx, file, &group_id, "positions");
    let name = ctx.name(file).to_owned();
    let entry = positions
        .get_mut(group_id.as_str())
        .expect("every defined group has an entry in `positions`");
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
    entry.file = Some(name);
    for (index, position) in raw.positions.iter().enumerate() {
        let base = [F("positions"), I(index)];
        let Some(item) = scope.item(ctx, file, &path(&base, &[F("item")]), &position.item) else {
            continue;
        };
        if entry.cells.contains_key(item.id.as_str()) {
            ctx.report(
                Code::DuplicatePosition,
                file,
                &path(&base, &[F("item")]),
                format!("`{group_id}` has two positions on `{}`", item.id),
                None,
            );
            continue;
        }
        let cell = cell(ctx, file, &base, position, item, group, scope);
        if cell.confidential.is_some() {
            confidential_at.insert((group_id.to_string(), item.id.to_string()));
        }
        entry.cells.insert(item.id.clone(), cell);
    }
    let mut seen = BTreeSet::new();
    for (index, state_position) in raw.states.iter().enumerate() {
        let base = [F("states"), I(index)];
        let state_at = path(&base, &[F("state")]);
        if !scope.states.resolves(&state_position.state) {
            unknown_state(ctx, file, &state_at, &state_position.state, scope.states);
            continue;
        }
        let state = StateId::new(&state_position.state);
        if !group.membership.members.contains(&state) {
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
                None,
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
fn check_file_name(ctx: &mut Ctx, file: FileId, group: &GroupId, what: &str) {
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

fn cell(
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

fn maturity(raw: raw::Maturity) -> Maturity {
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

fn estimate(
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

fn stance(ctx: &mut Ctx, file: FileId, base: &[Seg<'_>], raw: &raw::Stance, item: &Item) -> Stance {
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
fn options_stance(
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
    for id in conditions.keys() {
        let at = path(at_stance, &[F("conditions"), Key(id)]);
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

fn check_scale(ctx: &mut Ctx, file: FileId, at_stance: &[Seg<'_>], stance: &ScaleStance) {
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
                format!("{value} is outside the 0-100 scale"),
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

fn tallies(
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
                if group.membership.suspended.contains(&state) {
                    ctx.report(
                        Code::TallySuspended,
                        file,
                        &at,
                        format!("`{code}` is a suspended member of `{}`", group.id),
                        Some("suspended members do not co-sign common proposals".into()),
                    );
                    continue;
                }
                if !group.membership.members.contains(&state) {
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

fn provenance(
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

fn confidential_part(
    ctx: &mut Ctx,
    file: FileId,
    base: &[Seg<'_>],
    raw: &raw::PrivateEntry,
    item: &Item,
    stance: &Stance,
) -> Confidential {
    let mut out = Confidential {
        note: raw.note.clone(),
        ..Confidential::default()
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

fn private(
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

fn outcomes(
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
                format!("outcome for unknown agenda item `{}`", outcome.item),
                did_you_mean(&outcome.item, items.ids.keys().map(String::as_str)),
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
        let option = outcome.option.as_ref().and_then(|id| {
            let at = path(&base, &[F("option")]);
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
        });
        if let Some(point) = outcome.point
            && !on_scale(point)
        {
            ctx.report(
                Code::ScaleOutOfRange,
                file,
                &path(&base, &[F("point")]),
                format!("{point} is outside the 0-100 scale"),
                None,
            );
        }
        out.insert(
            item.id.clone(),
            Outcome {
                item: item.id.clone(),
                result: match &outcome.result {
                    raw::OutcomeKind::Adopted => OutcomeKind::Adopted,
                    raw::OutcomeKind::Revised => OutcomeKind::Revised,
                    raw::OutcomeKind::NotAdopted => OutcomeKind::NotAdopted,
                    raw::OutcomeKind::Voted => OutcomeKind::Voted,
                    raw::OutcomeKind::CarriedForward(to) => OutcomeKind::CarriedForward(to.clone()),
                },
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

#[cfg(test)]
mod tests {
    use std::path::Path;

    use crate::id::{GroupId, ItemId, OptionId};
    use crate::load::{Loaded, MemorySource, load_scenario};
    use crate::model::{Provenance, Stance};

    const STATES: &str = r#"States(states: [
        (code: "FRA", name: "France"), (code: "DEU", name: "Germany"), (code: "USA", name: "United States"),
    ])"#;
    const GROUPS: &str = r#"Groups(groups: [
        Group(id: "CEPT", name: "C", region: "Europe",
            membership: (as_of: "2024-01", source: Cited("x"), members: ["FRA", "DEU"]), rule: Consensus),
        Group(id: "CITEL", name: "A", region: "Americas",
            membership: (as_of: "2024-01", source: GeneralKnowledge("x"), members: ["USA"]), rule: OptIn),
    ])"#;

    fn scenario(items: &str, extra: &str) -> String {
        format!(
            r#"Scenario(conference: "C", name: "n", venue: "v", dates: ("2024-01-01", "2024-01-02"),
                as_of: "2024-01-01", states: "states.ron", groups: "groups.ron",
                positions: ["cept.ron"], {extra} items: [{items}])"#
        )
    }

    const ITEMS: &str = r#"Item(id: "1", title: "t", options: [
            Option(id: "noc", label: "l", status_quo: true), Option(id: "a", label: "l")]),
        Item(id: "2", title: "t", depends_on: ["1"], scale: Scale())"#;

    /// Loads a scenario built from `scenario.ron` plus the given files (the small states and
    /// groups above unless replaced) and checks the diagnostics, as `code line:column`.
    fn check(files: &[(&str, &str)], expect: &[&str]) -> Option<Loaded> {
        let mut source = MemorySource::new();
        source
            .insert("states.ron", STATES)
            .insert("groups.ron", GROUPS);
        for (path, text) in files {
            source.insert(path, *text);
        }
        let (loaded, diagnostics) = match load_scenario(&source, Path::new("scenario.ron")) {
            Ok(loaded) => {
                let warnings = loaded.warnings.clone();
                (Some(loaded), warnings)
            }
            Err(diagnostics) => (None, diagnostics),
        };
        let found: Vec<String> = diagnostics
            .list
            .iter()
            .map(|d| {
                let at = d.location.as_ref().map_or("-".into(), |l| {
                    format!("{}:{}:{}", l.file, l.line, l.column)
                });
                format!("{} {at} {}", d.code, d.hint.as_deref().unwrap_or(""))
            })
            .collect();
        assert_eq!(found.len(), expect.len(), "{found:#?}");
        for (found, expect) in found.iter().zip(expect) {
            assert!(
                found.starts_with(expect),
                "{found} does not start with {expect}"
            );
        }
        loaded
    }

    fn cept(positions: &str) -> String {
        format!(r#"Positions(group: "CEPT", conference: "C", positions: [{positions}])"#)
    }

    #[test]
    fn prefers_alone_means_accepts_only_that_and_silence_is_unknown() {
        let loaded = check(
            &[
                ("scenario.ron", &scenario(ITEMS, "")),
                (
                    "cept.ron",
                    &cept(r#"(item: "1", stance: Options(prefers: "a"), provenance: Illustrative(note: "n"))"#),
                ),
            ],
            &[],
        )
        .expect("valid");
        let scenario = &loaded.scenario;
        let Stance::Options(stance) = &scenario
            .cell(&GroupId::new("CEPT"), &ItemId::new("1"))
            .stance
        else {
            panic!("options stance");
        };
        assert_eq!(stance.accepts.len(), 1);
        assert_eq!(stance.accepts[0].option, OptionId::new("a"));
        let silent = scenario.cell(&GroupId::new("CEPT"), &ItemId::new("2"));
        assert_eq!(silent.stance, Stance::Unknown);
        assert_eq!(silent.provenance, Provenance::Implicit);
        // CITEL has no file at all: every cell is an implicit unknown, in item order.
        let citel = &scenario.positions[&GroupId::new("CITEL")];
        assert_eq!(citel.file, None);
        let items: Vec<&str> = citel.cells.keys().map(ItemId::as_str).collect();
        assert_eq!(items, ["1", "2"]);
    }

    #[test]
    fn hints_suggest_the_right_case_and_a_state_by_its_name() {
        let groups = GROUPS.replace(r#"members: ["USA"]"#, r#"members: ["United States"]"#);
        check(
            &[
                ("scenario.ron", &scenario(ITEMS, "")),
                ("groups.ron", &groups),
                (
                    "cept.ron",
                    &cept("").replace(r#"group: "CEPT""#, r#"group: "cept""#),
                ),
            ],
            &[
                "unknown-state groups.ron:5:85 did you mean `USA` (United States)?",
                "unknown-group cept.ron:1:18 did you mean `CEPT`?",
            ],
        );
    }

    #[test]
    fn several_problems_in_one_file_are_all_reported_in_order() {
        check(
            &[
                ("scenario.ron", &scenario(ITEMS, "")),
                (
                    "cept.ron",
                    &cept(
                        r#"(item: "1", stance: Options(prefers: "b", opposes: ["noc", "noc"]), salience: Sourced(2.0)),
                        (item: "2", stance: Scale(at: 120, range: (10, 20))),
                        (item: "3", stance: Unknown)"#,
                    ),
                ),
            ],
            &[
                "no-provenance cept.ron:1:62",
                "unknown-option cept.ron:1:92",
                "duplicate-accepted cept.ron:1:114",
                "out-of-unit-range cept.ron:1:133",
                "no-provenance cept.ron:2:32",
                "scale-out-of-range cept.ron:2:55",
                "unknown-item cept.ron:3:32",
            ],
        );
    }

    #[test]
    fn a_dependency_cycle_is_named_in_order() {
        let items = r#"Item(id: "a", title: "t", depends_on: ["b"], scale: Scale()),
            Item(id: "b", title: "t", depends_on: ["c"], scale: Scale()),
            Item(id: "c", title: "t", depends_on: ["a"], scale: Scale())"#;
        let mut source = MemorySource::new();
        source
            .insert("states.ron", STATES)
            .insert("groups.ron", GROUPS)
            .insert("cept.ron", cept(""))
            .insert("scenario.ron", scenario(items, ""));
        let diagnostics = load_scenario(&source, Path::new("scenario.ron")).unwrap_err();
        assert_eq!(diagnostics.list.len(), 1);
        assert_eq!(
            diagnostics.list[0].message,
            "agenda items depend on each other in a cycle: a → b → c → a"
        );
    }

    #[test]
    fn crlf_and_a_bom_do_not_shift_locations() {
        let text = format!("\u{feff}{}", cept(r#"(item: "9", stance: Unknown)"#))
            .replace(", positions", ",\r\n positions");
        check(
            &[("scenario.ron", &scenario(ITEMS, "")), ("cept.ron", &text)],
            &["unknown-item cept.ron:2:21"],
        );
    }

    #[test]
    fn a_missing_file_is_named_as_the_scenario_names_it() {
        let mut source = MemorySource::new();
        source
            .insert("dir/states.ron", STATES)
            .insert("dir/groups.ron", GROUPS)
            .insert(
                "dir/scenario.ron",
                scenario(ITEMS, "").replace(r#"["cept.ron"]"#, r#"["../pos/cept.ron"]"#),
            );
        let diagnostics = load_scenario(&source, Path::new("dir/scenario.ron")).unwrap_err();
        assert_eq!(diagnostics.list.len(), 1);
        assert_eq!(
            diagnostics.list[0].message,
            "file `../pos/cept.ron` (resolved to `pos/cept.ron`) not found"
        );
    }

    #[test]
    fn undated_stages_never_make_a_position_stale() {
        let stages = r#"stages: [Stage(name: "prep", kind: RegionalMeeting)],"#;
        check(
            &[
                ("scenario.ron", &scenario(ITEMS, stages)),
                (
                    "cept.ron",
                    &cept(
                        r#"(item: "1", stance: NoProposal, provenance: Sourced(source: "s", as_of: "1990-01-01"))"#,
                    ),
                ),
            ],
            &[],
        );
    }

    #[test]
    fn a_private_file_adds_confidential_parts_to_public_cells() {
        let loaded = check(
            &[
                ("scenario.ron", &scenario(ITEMS, r#"private: ["private/cept.ron", "private/citel.ron"],"#)),
                (
                    "cept.ron",
                    &cept(r#"(item: "1", stance: Options(accepts: ["noc"]), provenance: Illustrative(note: "n"))"#),
                ),
                (
                    "private/cept.ron",
                    r#"Private(group: "CEPT", confidential: [(item: "1", fallbacks: ["a"], note: "secret")])"#,
                ),
            ],
            &[],
        )
        .expect("valid");
        let cell = loaded
            .scenario
            .cell(&GroupId::new("CEPT"), &ItemId::new("1"));
        let confidential = cell
            .confidential
            .as_ref()
            .expect("merged from the private file");
        assert_eq!(confidential.fallbacks, [OptionId::new("a")]);
        let loaded_files: Vec<bool> = loaded
            .scenario
            .private_files
            .iter()
            .map(|f| f.loaded)
            .collect();
        assert_eq!(loaded_files, [true, false]);
    }
}

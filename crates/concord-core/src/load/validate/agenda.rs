//! Agenda items: ids, options or scales, dependencies and their cycles.

#[allow(clippy::wildcard_imports)]
use super::*;

pub(super) struct ItemsKnown {
    /// The items the analysis sees: the agenda's items, an item split into issues as its issues.
    pub(super) ids: IndexMap<String, Item>,
    /// The items split into issues, by id.
    pub(super) parents: IndexMap<String, model::ParentItem>,
}

impl ItemsKnown {
    /// The items an id names: an item or an issue itself, or every issue of an item split into
    /// issues (empty: the id is unknown).
    pub(super) fn named(&self, id: &str) -> Vec<&Item> {
        match self.parents.get(id) {
            Some(parent) => parent
                .issues
                .iter()
                .filter_map(|issue| self.ids.get(issue.as_str()))
                .collect(),
            None => self.ids.get(id).into_iter().collect(),
        }
    }
}

/// The scenario's agenda: every item checked, its dependencies resolved once all are known, and
/// dependency cycles reported.
pub(super) fn items(
    ctx: &mut Ctx,
    file: FileId,
    raw: &[raw::Item],
    states: &Known<model::State>,
) -> Option<ItemsKnown> {
    if too_many_items(ctx, file, raw) {
        return None;
    }
    let (mut known, raw_index) = defined_items(ctx, file, raw, states);
    // Dependencies, once every item is known.
    let (edges, resolved) = dependencies(ctx, file, raw, &known, &raw_index);
    report_cycles(ctx, file, &known.ids, &raw_index, &edges);
    for ((_, item), depends_on) in known.ids.iter_mut().zip(resolved) {
        item.depends_on = depends_on;
    }
    Some(known)
}

/// Reports an empty agenda, and one of more items than the context allows (then `true`: the
/// scenario is not read further).
fn too_many_items(ctx: &mut Ctx, file: FileId, raw: &[raw::Item]) -> bool {
    if raw.is_empty() {
        ctx.report(
            Code::EmptyAgenda,
            file,
            &[F("items")],
            "the scenario has no agenda items",
            Some("add at least one `Item(...)` under `items`".into()),
        );
    }
    let max_items = ctx.max_items;
    let count = raw.len() + raw.iter().map(|item| item.issues.len()).sum::<usize>();
    if count > max_items {
        ctx.report(
            Code::TooManyItems,
            file,
            &[F("items"), I(max_items.min(raw.len().saturating_sub(1)))],
            format!("the scenario has {count} agenda items and issues, more than {max_items}"),
            Some("split the agenda into several scenarios".into()),
        );
        return true;
    }
    false
}

/// The items with a valid id, each defined once, in file order (dependencies not yet resolved),
/// an item with issues as its issues; and the index in the file of each (an issue: its item's).
fn defined_items(
    ctx: &mut Ctx,
    file: FileId,
    raw: &[raw::Item],
    states: &Known<model::State>,
) -> (ItemsKnown, Vec<usize>) {
    let top_level: BTreeSet<&str> = raw.iter().map(|item| item.id.as_str()).collect();
    let mut known = ItemsKnown {
        ids: IndexMap::new(),
        parents: IndexMap::new(),
    };
    let mut raw_index = Vec::new();
    for (index, item) in raw.iter().enumerate() {
        let base = [F("items"), I(index)];
        if !is_plain_id(&item.id) {
            ctx.report(
                Code::InvalidId,
                file,
                &path(&base, &[F("id")]),
                format!("`{}` is not an item id", item.id),
                Some("item ids have 1 to 100 characters, with no whitespace or invisible characters, e.g. `1.2`".into()),
            );
            continue;
        }
        if known.ids.contains_key(&item.id) || known.parents.contains_key(&item.id) {
            ctx.report(
                Code::DuplicateItem,
                file,
                &path(&base, &[F("id")]),
                format!("agenda item `{}` is defined twice", item.id),
                None,
            );
            continue;
        }
        ctx.one_line(file, &path(&base, &[F("title")]), "item title", &item.title);
        if let Some(background) = &item.background {
            ctx.one_line(
                file,
                &path(&base, &[F("background")]),
                "background",
                background,
            );
        }
        if item.issues.is_empty() {
            let kind = item_kind(ctx, file, &base, item, states);
            known.ids.insert(item.id.clone(), model_item(item, kind));
            raw_index.push(index);
        } else {
            issues_of(
                ctx,
                file,
                (index, item),
                (&top_level, states),
                &mut known,
                &mut raw_index,
            );
        }
    }
    (known, raw_index)
}

/// An item split into issues: the item kept as a parent, each issue with a valid id that
/// clashes with no item or issue added as an item of its own (its options, or the item's).
fn issues_of(
    ctx: &mut Ctx,
    file: FileId,
    (index, item): (usize, &raw::Item),
    (top_level, states): (&BTreeSet<&str>, &Known<model::State>),
    known: &mut ItemsKnown,
    raw_index: &mut Vec<usize>,
) {
    let base = [F("items"), I(index)];
    // The item's own options, checked once, for the issues that give none.
    let inherited = (!item.options.is_empty() || item.scale.is_some())
        .then(|| item_kind(ctx, file, &base, item, states));
    let mut parent = model::ParentItem {
        id: item.id.clone(),
        title: item.title.clone(),
        document: item.document.clone(),
        background: item.background.clone(),
        issues: Vec::new(),
    };
    for (number, issue) in item.issues.iter().enumerate() {
        let at = [F("items"), I(index), F("issues"), I(number)];
        if !is_plain_id(&issue.id) {
            ctx.report(
                Code::InvalidId,
                file,
                &path(&at, &[F("id")]),
                format!("`{}` is not an issue id", issue.id),
                Some("issue ids have 1 to 100 characters, with no whitespace, e.g. `1.7a`".into()),
            );
            continue;
        }
        if issue.id == item.id
            || top_level.contains(issue.id.as_str())
            || known.ids.contains_key(&issue.id)
        {
            ctx.report(
                Code::IssueClash,
                file,
                &path(&at, &[F("id")]),
                format!(
                    "issue `{}` of `{}` has the id of another item or issue",
                    issue.id, item.id
                ),
                free_issue_id(&item.id, top_level, known)
                    .map(|free| format!("give the issue its own id, e.g. `{free}`")),
            );
            continue;
        }
        ctx.one_line(file, &path(&at, &[F("title")]), "issue title", &issue.title);
        if let Some(background) = &issue.background {
            ctx.one_line(
                file,
                &path(&at, &[F("background")]),
                "background",
                background,
            );
        }
        let mut own = item.clone();
        own.id.clone_from(&issue.id);
        own.title.clone_from(&issue.title);
        own.tags.extend(issue.tags.iter().cloned());
        own.background = issue.background.clone().or_else(|| item.background.clone());
        let kind = if issue.options.is_empty() && issue.scale.is_none() {
            match &inherited {
                Some(kind) => kind.clone(),
                None => item_kind(ctx, file, &at, &own, states),
            }
        } else {
            own.options.clone_from(&issue.options);
            own.scale.clone_from(&issue.scale);
            item_kind(ctx, file, &at, &own, states)
        };
        let mut model = model_item(&own, kind);
        model.parent = Some(item.id.clone());
        parent.issues.push(model.id.clone());
        known.ids.insert(issue.id.clone(), model);
        raw_index.push(index);
    }
    known.parents.insert(item.id.clone(), parent);
}

/// The first of `1.7a`, `1.7b`, … that no item or issue has, for a hint.
fn free_issue_id(item: &str, top_level: &BTreeSet<&str>, known: &ItemsKnown) -> Option<String> {
    (b'a'..=b'z')
        .map(|letter| format!("{item}{}", char::from(letter)))
        .find(|id| !top_level.contains(id.as_str()) && !known.ids.contains_key(id))
}

/// An item as the model holds it, with no dependencies yet.
fn model_item(item: &raw::Item, kind: ItemKind) -> Item {
    Item {
        id: ItemId::new(&item.id),
        title: item.title.clone(),
        document: item.document.clone(),
        lead: item.lead.clone(),
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
        voting: item.voting.as_ref().map(super::voting),
        parent: None,
        background: item.background.clone(),
    }
}

/// Each item's `depends_on` resolved: the edges between items (by position in `ids`) and each
/// item's dependencies; an unknown item is reported.
fn dependencies(
    ctx: &mut Ctx,
    file: FileId,
    raw: &[raw::Item],
    known: &ItemsKnown,
    raw_index: &[usize],
) -> (Vec<(usize, usize)>, Vec<Vec<ItemId>>) {
    let ids = &known.ids;
    let positions: IndexMap<&str, usize> = ids
        .keys()
        .enumerate()
        .map(|(position, id)| (id.as_str(), position))
        .collect();
    let mut edges = Vec::new();
    let mut resolved: Vec<Vec<ItemId>> = vec![Vec::new(); ids.len()];
    for (position, index) in raw_index.iter().enumerate() {
        for (dep_index, dependency) in raw[*index].depends_on.iter().enumerate() {
            let targets: Vec<usize> = known
                .named(dependency)
                .iter()
                .filter_map(|item| positions.get(item.id.as_str()).copied())
                .collect();
            for &target in &targets {
                edges.push((position, target));
                resolved[position].push(ids[target].id.clone());
            }
            if targets.is_empty() {
                ctx.report(
                    Code::UnknownItem,
                    file,
                    &[F("items"), I(*index), F("depends_on"), I(dep_index)],
                    format!(
                        "`{}` depends on unknown item `{dependency}`",
                        raw[*index].id
                    ),
                    did_you_mean(dependency, positions.keys().copied()),
                );
            }
        }
    }
    (edges, resolved)
}

/// Reports every cycle of dependencies, at the `depends_on` of its first item.
fn report_cycles(
    ctx: &mut Ctx,
    file: FileId,
    ids: &IndexMap<String, Item>,
    raw_index: &[usize],
    edges: &[(usize, usize)],
) {
    for cycle in dependency_cycles(ids.len(), edges) {
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
                "agenda items depend on each other in a cycle: {}",
                cycle_words(&names)
            ),
            Some("remove one `depends_on` link of the cycle".into()),
        );
    }
}

/// The most items of a cycle a message names; a longer cycle is named by its first and last
/// ones and its length (a cycle of 20,000 items was a 200,000-character line).
const CYCLE_NAMED: usize = 12;

/// `a → b → c → a`, or `a → b → … (19,990 more) … → y → z → a` for a long cycle.
fn cycle_words(names: &[&str]) -> String {
    if names.len() <= CYCLE_NAMED {
        return format!("{} → {}", names.join(" → "), names[0]);
    }
    let (head, tail) = (&names[..CYCLE_NAMED - 2], &names[names.len() - 2..]);
    format!(
        "{} → … ({} more) … → {} → {} ({} items)",
        head.join(" → "),
        names.len() - CYCLE_NAMED,
        tail.join(" → "),
        names[0],
        names.len()
    )
}

/// An item's kind: a scale, or a list of options.
pub(super) fn item_kind(
    ctx: &mut Ctx,
    file: FileId,
    base: &[Seg<'_>],
    item: &raw::Item,
    states: &Known<model::State>,
) -> ItemKind {
    if let Some(scale) = &item.scale {
        return scale_kind(ctx, file, base, item, scale);
    }
    check_option_count(ctx, file, base, item);
    ItemKind::Options(options(ctx, file, base, item, states))
}

/// A scale item: no options beside the scale, anchors and status quo on the 0-100 scale.
fn scale_kind(
    ctx: &mut Ctx,
    file: FileId,
    base: &[Seg<'_>],
    item: &raw::Item,
    scale: &raw::Scale,
) -> ItemKind {
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
    ItemKind::Scale(Scale {
        anchors: scale
            .anchors
            .iter()
            .map(|(at, label)| (*at, label.clone()))
            .collect(),
        status_quo: scale.status_quo,
    })
}

/// Reports an item with neither options nor a scale, and one with too many options.
fn check_option_count(ctx: &mut Ctx, file: FileId, base: &[Seg<'_>], item: &raw::Item) {
    if item.options.is_empty() {
        ctx.report(
            Code::ItemKind,
            file,
            base,
            format!("item `{}` has neither options nor a scale", item.id),
            Some("add `options: [Option(id: \"noc\", label: \"No change\", action: NOC, status_quo: true), ...]`".into()),
        );
    }
    if item.options.len() > crate::model::MAX_OPTIONS {
        ctx.report(
            Code::TooManyOptions,
            file,
            &path(base, &[F("options"), I(crate::model::MAX_OPTIONS), F("id")]),
            format!(
                "item `{}` has {} options, more than {}",
                item.id,
                item.options.len(),
                crate::model::MAX_OPTIONS
            ),
            Some("merge or drop options, or split the item".into()),
        );
    }
}

/// An options item's options: each a valid id, given once, at most one the status quo.
fn options(
    ctx: &mut Ctx,
    file: FileId,
    base: &[Seg<'_>],
    item: &raw::Item,
    states: &Known<model::State>,
) -> IndexMap<OptionId, ItemOption> {
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
                Some("option ids have 1 to 100 characters, with no whitespace or invisible characters".into()),
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
        ctx.one_line(
            file,
            &path(base, &[F("options"), I(index), F("label")]),
            "option label",
            &option.label,
        );
        substance_one_line(ctx, file, &path(base, &[F("options"), I(index)]), option);
        options.insert(
            OptionId::new(&option.id),
            ItemOption {
                id: OptionId::new(&option.id),
                label: option.label.clone(),
                action: option.action.as_ref().map(action),
                status_quo: option.status_quo,
                reach: reach(
                    ctx,
                    file,
                    &path(base, &[F("options"), I(index)]),
                    option,
                    states,
                ),
                substance: model::OptionSubstance {
                    summary: option.summary.clone(),
                    change: option.change.clone(),
                    advantages: option.advantages.clone(),
                    disadvantages: option.disadvantages.clone(),
                },
            },
        );
    }
    options
}

/// The CPM's words on an option hold no control character: each is one line of a brief.
fn substance_one_line(ctx: &mut Ctx, file: FileId, base: &[Seg<'_>], option: &raw::ItemOption) {
    for (field, text) in [("summary", &option.summary), ("change", &option.change)] {
        if let Some(text) = text {
            ctx.one_line(file, &path(base, &[F(field)]), field, text);
        }
    }
    for (field, list) in [
        ("advantages", &option.advantages),
        ("disadvantages", &option.disadvantages),
    ] {
        for (index, text) in list.iter().enumerate() {
            ctx.one_line(file, &path(base, &[F(field), I(index)]), field, text);
        }
    }
}

/// Where an option applies: its Regions (`R1`-`R3`) and the states of its footnote, each
/// checked.
fn reach(
    ctx: &mut Ctx,
    file: FileId,
    base: &[Seg<'_>],
    option: &raw::ItemOption,
    states: &Known<model::State>,
) -> model::Reach {
    let mut reach = model::Reach::default();
    for (index, region) in option.regions.iter().enumerate() {
        match super::region(region) {
            Some(region) if !reach.regions.contains(&region) => reach.regions.push(region),
            Some(_) => {}
            None => ctx.report(
                Code::UnknownRegion,
                file,
                &path(base, &[F("regions"), I(index)]),
                format!("`{region}` is not an ITU Region"),
                Some("the Radio Regulations (Article 5) have three: `R1`, `R2`, `R3`".into()),
            ),
        }
    }
    reach.regions.sort();
    // Every Region is no limit.
    if reach.regions.len() == model::Region::ALL.len() {
        reach.regions.clear();
    }
    for (index, state) in option.footnote.iter().enumerate() {
        if states.ids.contains_key(state) {
            let state = StateId::new(state);
            if !reach.footnote.contains(&state) {
                reach.footnote.push(state);
            }
        } else if states.complete {
            ctx.report(
                Code::FootnoteState,
                file,
                &path(base, &[F("footnote"), I(index)]),
                format!("the footnote names `{state}`, a state the states file does not have"),
                did_you_mean(state, states.ids.keys().map(String::as_str))
                    .or_else(|| Some("use an ISO 3166-1 alpha-3 code from the states file".into())),
            );
        }
    }
    reach
}

pub(super) fn action(raw: &raw::Action) -> model::Action {
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

/// Replaces every position of `file` on an item split into issues by one copy per issue, so
/// that an edit aimed at an issue finds the position it changes (a position on the item applies
/// to every issue anyway: the cells are the same).
pub(super) fn expand_parents(
    file: &mut raw::PositionsFile,
    parents: &indexmap::IndexMap<String, crate::model::ParentItem>,
) {
    if parents.is_empty() || !file.positions.iter().any(|p| parents.contains_key(&p.item)) {
        return;
    }
    let positions = std::mem::take(&mut file.positions);
    for position in positions {
        match parents.get(&position.item) {
            Some(parent) => {
                file.positions
                    .extend(parent.issues.iter().map(|issue| raw::Position {
                        item: issue.to_string(),
                        ..position.clone()
                    }))
            }
            None => file.positions.push(position),
        }
    }
}

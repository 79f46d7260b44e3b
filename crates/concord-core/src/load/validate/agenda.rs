//! Agenda items: ids, options or scales, dependencies and their cycles.

#[allow(clippy::wildcard_imports)]
use super::*;

pub(super) struct ItemsKnown {
    pub(super) ids: IndexMap<String, Item>,
}

/// The scenario's agenda: every item checked, its dependencies resolved once all are known, and
/// dependency cycles reported.
pub(super) fn items(ctx: &mut Ctx, file: FileId, raw: &[raw::Item]) -> ItemsKnown {
    check_agenda_size(ctx, file, raw);
    let (mut ids, raw_index) = defined_items(ctx, file, raw);
    // Dependencies, once every item is known.
    let (edges, resolved) = dependencies(ctx, file, raw, &ids, &raw_index);
    report_cycles(ctx, file, &ids, &raw_index, &edges);
    for ((_, item), depends_on) in ids.iter_mut().zip(resolved) {
        item.depends_on = depends_on;
    }
    ItemsKnown { ids }
}

/// Reports an empty agenda, and one of more items than the context allows.
fn check_agenda_size(ctx: &mut Ctx, file: FileId, raw: &[raw::Item]) {
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
    if raw.len() > max_items {
        ctx.report(
            Code::TooManyItems,
            file,
            &[F("items"), I(max_items)],
            format!(
                "the scenario has {} agenda items, more than {max_items}",
                raw.len()
            ),
            Some("split the agenda into several scenarios".into()),
        );
    }
}

/// The items with a valid id, each defined once, in file order (dependencies not yet resolved),
/// and the index in the file of each.
fn defined_items(
    ctx: &mut Ctx,
    file: FileId,
    raw: &[raw::Item],
) -> (IndexMap<String, Item>, Vec<usize>) {
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
                Some("item ids have 1 to 100 characters, with no whitespace or invisible characters, e.g. `1.2`".into()),
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
        ctx.one_line(file, &path(&base, &[F("title")]), "item title", &item.title);
        ids.insert(item.id.clone(), model_item(item, kind));
        raw_index.push(index);
    }
    (ids, raw_index)
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
    }
}

/// Each item's `depends_on` resolved: the edges between items (by position in `ids`) and each
/// item's dependencies; an unknown item is reported.
fn dependencies(
    ctx: &mut Ctx,
    file: FileId,
    raw: &[raw::Item],
    ids: &IndexMap<String, Item>,
    raw_index: &[usize],
) -> (Vec<(usize, usize)>, Vec<Vec<ItemId>>) {
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
                "agenda items depend on each other in a cycle: {} → {}",
                names.join(" → "),
                names[0]
            ),
            Some("remove one `depends_on` link of the cycle".into()),
        );
    }
}

/// An item's kind: a scale, or a list of options.
pub(super) fn item_kind(
    ctx: &mut Ctx,
    file: FileId,
    base: &[Seg<'_>],
    item: &raw::Item,
) -> ItemKind {
    if let Some(scale) = &item.scale {
        return scale_kind(ctx, file, base, item, scale);
    }
    check_option_count(ctx, file, base, item);
    ItemKind::Options(options(ctx, file, base, item))
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
    options
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

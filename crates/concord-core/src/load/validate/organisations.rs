//! Organisations' files: non-voting actors (ICAO, WMO, GSMA, ...) and their views, checked like a
//! group's positions but refused anything that would make them count.

use super::scope::checked_provenance;
use super::stance::stance;
#[allow(clippy::wildcard_imports)]
use super::*;
use crate::model::{Organisation, View};

/// Every organisation file the scenario names, read and checked, in file order.
pub(super) fn organisations(
    ctx: &mut Ctx,
    source: &dyn FileSource,
    scenario_path: &Path,
    file: FileId,
    raw: &raw::ScenarioFile,
    scope: &Scope<'_>,
) -> IndexMap<String, Organisation> {
    let mut found = IndexMap::new();
    for (index, relative) in raw.organisations.iter().enumerate() {
        let Some((org_file, parsed)) = ctx.read_and_parse::<raw::OrganisationFile>(
            source,
            scenario_path,
            file,
            &[F("organisations"), I(index)],
            relative,
        ) else {
            continue;
        };
        if let Some(organisation) = organisation(ctx, org_file, &parsed, scope, &found) {
            found.insert(organisation.id.clone(), organisation);
        }
    }
    found
}

/// One organisation's file: its id (never a group's), name, conference and views.
fn organisation(
    ctx: &mut Ctx,
    file: FileId,
    raw: &raw::OrganisationFile,
    scope: &Scope<'_>,
    earlier: &IndexMap<String, Organisation>,
) -> Option<Organisation> {
    if !is_group_id(&raw.id) {
        ctx.report(
            Code::InvalidId,
            file,
            &[F("id")],
            format!("`{}` is not an organisation id", raw.id),
            Some("organisation ids are upper-case letters, digits, `-` or `_`, e.g. `ICAO`".into()),
        );
        return None;
    }
    if scope.groups.ids.contains_key(&raw.id) {
        ctx.report(
            Code::OrganisationVote,
            file,
            &[F("id")],
            format!("`{}` is a group of the scenario, not an organisation", raw.id),
            Some("a group's positions belong in its positions file; an organisation needs an id of its own".into()),
        );
        return None;
    }
    if earlier.contains_key(&raw.id) {
        ctx.report(
            Code::DuplicateGroup,
            file,
            &[F("id")],
            format!("organisation `{}` has two files", raw.id),
            Some("keep one file per organisation".into()),
        );
        return None;
    }
    ctx.one_line(file, &[F("name")], "organisation name", &raw.name);
    super::scope::same_conference(ctx, file, &raw.conference, scope);
    let mut views = IndexMap::new();
    for (index, position) in raw.views.iter().enumerate() {
        let base = [F("views"), I(index)];
        no_weight(ctx, file, &base, &raw.id, position);
        let items = scope.items.named(&position.item);
        if items.is_empty() {
            scope.item(ctx, file, &path(&base, &[F("item")]), &position.item);
        }
        for item in items {
            if views.contains_key(&item.id) {
                ctx.report(
                    Code::DuplicatePosition,
                    file,
                    &path(&base, &[F("item")]),
                    format!("`{}` has two views on `{}`", raw.id, item.id),
                    Some("keep one view per item (or per issue)".into()),
                );
                continue;
            }
            let view = View {
                stance: stance(ctx, file, &base, &position.stance, item),
                reference: position.reference.clone(),
                provenance: position
                    .provenance
                    .as_ref()
                    .map_or(Provenance::Missing, |p| {
                        checked_provenance(ctx, file, &base, p)
                    }),
                note: position.note.clone(),
                text: position.text.clone(),
            };
            views.insert(item.id.clone(), view);
        }
    }
    // In item order, as the groups' cells are.
    views.sort_by_cached_key(|item, _| scope.items.ids.get_index_of(item.as_str()));
    Some(Organisation {
        id: raw.id.clone(),
        name: raw.name.clone(),
        file: ctx.name(file).to_string(),
        views,
    })
}

/// Reports every part of a view only a voting group may have.
fn no_weight(ctx: &mut Ctx, file: FileId, base: &[Seg<'_>], id: &str, position: &raw::Position) {
    let mut refuse = |field: &'static str, what: &str| {
        ctx.report(
            Code::OrganisationVote,
            file,
            &path(base, &[F(field)]),
            format!("organisation `{id}` is given {what}: organisations do not vote or negotiate"),
            Some(format!(
                "remove `{field}`; keep the view's stance, reference, provenance, note and text"
            )),
        );
    };
    if position.salience.is_some() {
        refuse("salience", "a salience");
    }
    if position.flexibility.is_some() {
        refuse("flexibility", "a flexibility");
    }
    if position.maturity.is_some() {
        refuse("maturity", "a maturity (a group's process)");
    }
    if !position.tallies.is_empty() {
        refuse("tallies", "a tally of member states");
    }
    if position.confidential.is_some() {
        refuse("confidential", "a confidential part");
    }
}

//! What every kind of position is checked against, and the checks that cells, confidential
//! parts and stances share (leaf checks: they call nothing else of the validation).

#[allow(clippy::wildcard_imports)]
use super::*;

/// What positions are checked against.
pub(super) struct Scope<'a> {
    pub(super) states: &'a Known<model::State>,
    pub(super) groups: &'a Known<Group>,
    pub(super) items: &'a ItemsKnown,
    pub(super) conference: &'a str,
    /// The scenario's stages, in file order.
    pub(super) stages: &'a [Stage],
    /// The reference date: the scenario's `as_of`, or the replay date (`None`: invalid).
    pub(super) as_of: Option<Date>,
    /// `--as-of`: only positions dated by it are known.
    pub(super) replay: Option<Date>,
    /// Whose confidential parts are read.
    pub(super) audience: &'a crate::model::Audience,
}

impl<'a> Scope<'a> {
    /// The latest of the meetings that decide `group`'s positions (its own regional meetings,
    /// the conference) held by the reference date: a sourced position of the group dated before
    /// it is stale.
    pub(super) fn latest_stage(&self, group: &GroupId) -> Option<&'a Stage> {
        crate::model::latest_deciding_stage(self.stages, group, self.as_of?)
    }
}

impl Scope<'_> {
    pub(super) fn item(
        &self,
        ctx: &mut Ctx,
        file: FileId,
        at: &[Seg<'_>],
        id: &str,
    ) -> Option<&Item> {
        let found = self.items.ids.get(id);
        if found.is_none()
            && let Some(parent) = self.items.parents.get(id)
        {
            // An item whose every issue was refused: its errors are reported already.
            if parent.issues.is_empty() {
                return None;
            }
            ctx.report(
                Code::UnknownItem,
                file,
                at,
                format!("agenda item `{id}` is split into issues; this needs one of them"),
                Some(format!("name an issue: {}", parent.issue_list())),
            );
        } else if found.is_none() {
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

    pub(super) fn group(
        &self,
        ctx: &mut Ctx,
        file: FileId,
        at: &[Seg<'_>],
        id: &str,
    ) -> Option<&Group> {
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

pub(super) fn option_id(
    ctx: &mut Ctx,
    file: FileId,
    at: &[Seg<'_>],
    item: &Item,
    id: &str,
) -> Option<OptionId> {
    let ItemKind::Options(options) = &item.kind else {
        return None;
    };
    // The item's own id, shared: a scenario refers to its options hundreds of thousands of times.
    if let Some((option, _)) = options.get_key_value(id) {
        return Some(option.clone());
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

/// Position and private files are named after their group in lower case (`cept.ron`).
pub(super) fn check_file_name(ctx: &mut Ctx, file: FileId, group: &GroupId, what: &str) {
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

/// A provenance as the file gives it, its dates checked: a date that is not one leaves it
/// `Missing`, and a source published after the position's `as_of` is `source-after-as-of`
/// (only a certain hindsight: a month-only `as_of` may be the month's last day). Cells and
/// confidential parts both go through here.
pub(super) fn checked_provenance(
    ctx: &mut Ctx,
    file: FileId,
    base: &[Seg<'_>],
    raw: &raw::Provenance,
) -> Provenance {
    let at_as_of = path(base, &[F("provenance"), F("as_of")]);
    let (source, as_of, published) = match raw {
        raw::Provenance::Sourced {
            source,
            as_of,
            published,
        } => (source, as_of, published),
        raw::Provenance::Estimated { note, as_of } => {
            let as_of = as_of.as_ref().and_then(|d| ctx.date(file, &at_as_of, d));
            return Provenance::Estimated {
                note: note.clone(),
                as_of,
            };
        }
        raw::Provenance::Illustrative { note, as_of } => {
            let as_of = as_of.as_ref().and_then(|d| ctx.date(file, &at_as_of, d));
            return Provenance::Illustrative {
                note: note.clone(),
                as_of,
            };
        }
        // A positions file's names are resolved when it is read: one here is in another kind
        // of file, which has no `provenances`.
        raw::Provenance::Named(name) => {
            ctx.report(
                Code::UnknownProvenance,
                file,
                &path(base, &[F("provenance")]),
                format!("`Named(\"{name}\")`: only a positions file has named provenances"),
                Some("write the provenance in full here: `Sourced(source: \"…\", as_of: \"YYYY-MM-DD\")`".into()),
            );
            return Provenance::Missing;
        }
        // Reported where the name is written (`load::shared`).
        raw::Provenance::Unresolved => return Provenance::Missing,
    };
    let at_published = path(base, &[F("provenance"), F("published")]);
    let published = published
        .as_ref()
        .and_then(|published| ctx.date(file, &at_published, published));
    let Some(as_of) = ctx.date(file, &at_as_of, as_of) else {
        return Provenance::Missing;
    };
    let latest = |date: Date| (date.year, date.month, date.day.unwrap_or(31));
    let earliest = |date: Date| (date.year, date.month, date.day.unwrap_or(1));
    if let Some(published) = published
        && latest(as_of) < earliest(published)
    {
        ctx.report(
            Code::SourceAfterAsOf,
            file,
            &at_published,
            format!("this position is dated {as_of}, but its source was published on {published}"),
            Some(
                "cite the document that gave the position at that date, or date the position at the source's publication"
                    .into(),
            ),
        );
    }
    Provenance::Sourced {
        source: source.clone(),
        as_of,
        published,
    }
}

/// Reports a file of a conference other than the scenario's (a positions or an organisation's
/// file), at its `conference`.
pub(super) fn same_conference(ctx: &mut Ctx, file: FileId, found: &str, scope: &Scope<'_>) {
    if found != scope.conference {
        ctx.report(
            Code::ConferenceMismatch,
            file,
            &[F("conference")],
            format!(
                "this file is for `{found}`, the scenario is `{}`",
                scope.conference
            ),
            None,
        );
    }
}

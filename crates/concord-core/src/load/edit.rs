//! What-if changes (`--set GROUP:ITEM=FIELD:VALUE`, `--overlay FILE.ron`): parsed, checked against
//! the scenario like the files are (same codes, located in the expression), then applied to the
//! raw positions before validation — so everything downstream sees an ordinary scenario.

use std::ops::Range;
use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use super::locate::Seg::{F, I};
use super::raw;
use super::{Ctx, FileId, FileSource};
use crate::diag::Code;

/// A what-if, in the order given: one expression, or an overlay file of expressions.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum WhatIf {
    /// One `--set` expression, `GROUP:ITEM=FIELD:VALUE` (`*` for every group or item).
    Set(String),
    /// The path of an `--overlay` file (`Overlay(name: "...", set: [...])`).
    Overlay(PathBuf),
}

/// `Overlay(name: "APT moves", set: ["APT:1.7=prefers:noc", ...])`: a named what-if kept in a file.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename = "Overlay")]
pub struct OverlayFile {
    /// The what-if's name.
    pub name: String,
    /// Expressions like those of `--set`, applied in order.
    pub set: Vec<String>,
}

#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Change {
    Prefers(String),
    Accepts(Vec<String>),
    Opposes(Vec<String>),
    Salience(f64),
    Flexibility(f64),
    /// `flexibility:+0.2`: added to the cell's value, kept in 0-1.
    ShiftSalience(f64),
    ShiftFlexibility(f64),
    Stance(raw::Stance),
}

/// One parsed expression and where it was written.
#[derive(Clone, Debug)]
pub(crate) struct Edit {
    /// The `--set #N` pseudo-file or the overlay file the expression was read from.
    pub file: FileId,
    /// Byte offset of the expression in its file.
    pub offset: usize,
    /// The expression as written.
    pub text: String,
    /// The group's id; `None` for `*`.
    pub group: Option<String>,
    /// The item's id; `None` for `*`.
    pub item: Option<String>,
    /// What it changes in the cell.
    pub change: Change,
}

const FIELDS: &str = "`prefers:OPTION`, `accepts:A,B`, `opposes:A,B`, `salience:0.8`, `flexibility:0.8` (or `+0.2`, `-0.2`), or the stance `unknown`, `no-position-yet`, `no-proposal`";

impl Ctx {
    fn report_range(
        &mut self,
        code: Code,
        file: FileId,
        range: Range<usize>,
        message: String,
        hint: Option<String>,
    ) {
        let loaded = &self.files[file];
        let (line, column) = loaded.index().line_col(&loaded.text, range.start);
        let location = crate::diag::Location {
            file: loaded.name.clone(),
            line,
            column,
            span: range,
        };
        self.diagnostics.push((
            file,
            crate::diag::Diagnostic {
                code,
                message,
                location: Some(location),
                hint,
            },
        ));
    }

    fn add_text(&mut self, name: String, text: String) -> FileId {
        // Text from an argument, not a file: no path an output could be written over.
        self.files.push(super::LoadedFile {
            path: std::path::PathBuf::new(),
            name,
            text,
            index: std::cell::OnceCell::new(),
        });
        self.files.len() - 1
    }
}

/// Reads and parses every what-if; syntax problems are reported, the rest is checked later.
pub(crate) fn parse_all(ctx: &mut Ctx, source: &dyn FileSource, whatifs: &[WhatIf]) -> Vec<Edit> {
    let mut edits = Vec::new();
    for (index, whatif) in whatifs.iter().enumerate() {
        match whatif {
            WhatIf::Set(text) => {
                let file = ctx.add_text(format!("--set #{}", index + 1), text.clone());
                if let Some(edit) = parse_one(ctx, file, 0, text) {
                    edits.push(edit);
                }
            }
            WhatIf::Overlay(path) => {
                let normalized = super::source::normalize(path);
                let Some(file) = ctx.read(source, &normalized, None) else {
                    continue;
                };
                let Some(overlay) = ctx.parse::<OverlayFile>(file) else {
                    continue;
                };
                for (k, text) in overlay.set.iter().enumerate() {
                    // The expression starts after the string's opening quote.
                    let offset = ctx.files[file].index().find(&[F("set"), I(k)]).start + 1;
                    if let Some(edit) = parse_one(ctx, file, offset, text) {
                        edits.push(edit);
                    }
                }
            }
        }
    }
    edits
}

/// An expression being parsed and where it was written, for reporting problems in it.
#[derive(Clone, Copy)]
struct Expression<'a> {
    /// The `--set #N` pseudo-file or the overlay file.
    file: FileId,
    /// Byte offset of the expression in its file.
    offset: usize,
    /// The expression as written.
    text: &'a str,
}

impl Expression<'_> {
    /// Reports `invalid-set` at `range` of the expression (at least one character wide).
    fn invalid(&self, ctx: &mut Ctx, range: Range<usize>, message: String) {
        ctx.report_range(
            Code::InvalidSet,
            self.file,
            self.offset + range.start..self.offset + range.end.max(range.start + 1),
            message,
            Some(format!(
                "write GROUP:ITEM=FIELD:VALUE, with `*` for every group or item; fields: {FIELDS}"
            )),
        );
    }
}

/// Parses one `GROUP:ITEM=FIELD:VALUE` expression written at `offset` of `file`; a syntax
/// problem is reported and gives `None`.
fn parse_one(ctx: &mut Ctx, file: FileId, offset: usize, text: &str) -> Option<Edit> {
    let expression = Expression { file, offset, text };
    let Some((target, change)) = split_change(text) else {
        expression.invalid(ctx, 0..text.len(), format!("`{text}` has no `=`"));
        return None;
    };
    let Some((group, item)) = target.split_once(':') else {
        expression.invalid(
            ctx,
            0..target.len(),
            format!("`{target}` is not GROUP:ITEM"),
        );
        return None;
    };
    let star = |s: &str| (s != "*").then(|| s.trim().to_owned());
    let value_at = target.len() + 1;
    let change = match change.split_once(':') {
        None => stance_change(ctx, expression, value_at, change)?,
        Some((field, value)) => field_change(ctx, expression, value_at, field, value)?,
    };
    Some(Edit {
        file,
        offset,
        text: text.to_owned(),
        group: star(group),
        item: star(item),
        change,
    })
}

/// The fields a change sets, and the stances a change without a field gives.
const CHANGE_FIELDS: [&str; 5] = ["prefers", "accepts", "opposes", "salience", "flexibility"];
const CHANGE_STANCES: [&str; 4] = ["unknown", "no-position-yet", "not-coded", "no-proposal"];

/// `GROUP:ITEM` and the change, split at the `=` the change starts after: the first one followed
/// by a field and `:`, or by a stance, so that an item id holding `=` can be addressed; else the
/// first `=` (whose change is then reported).
fn split_change(text: &str) -> Option<(&str, &str)> {
    let starts_change = |rest: &str| {
        let rest = rest.trim_start();
        CHANGE_STANCES.contains(&rest.trim_end())
            || CHANGE_FIELDS.iter().any(|field| {
                rest.strip_prefix(field)
                    .is_some_and(|after| after.trim_start().starts_with(':'))
            })
    };
    let at = text
        .match_indices('=')
        .map(|(at, _)| at)
        .find(|&at| starts_change(&text[at + 1..]))
        .or_else(|| text.find('='))?;
    Some((&text[..at], &text[at + 1..]))
}

/// A change with no `FIELD:`, written at `value_at`: one of the stances without options.
fn stance_change(
    ctx: &mut Ctx,
    expression: Expression<'_>,
    value_at: usize,
    change: &str,
) -> Option<Change> {
    match change.trim() {
        "unknown" => Some(Change::Stance(raw::Stance::Unknown)),
        "no-position-yet" => Some(Change::Stance(raw::Stance::NoPositionYet)),
        "not-coded" => Some(Change::Stance(raw::Stance::NotCoded)),
        "no-proposal" => Some(Change::Stance(raw::Stance::NoProposal)),
        other => {
            expression.invalid(
                ctx,
                value_at..expression.text.len(),
                format!("`{other}` is not a stance"),
            );
            None
        }
    }
}

/// A `FIELD:VALUE` change, written at `value_at`.
fn field_change(
    ctx: &mut Ctx,
    expression: Expression<'_>,
    value_at: usize,
    field: &str,
    value: &str,
) -> Option<Change> {
    let value_range = value_at + field.len() + 1..expression.text.len();
    let list = |ctx: &mut Ctx, at_least_one: bool| {
        option_list(
            ctx,
            expression,
            value_range.clone(),
            field,
            value,
            at_least_one,
        )
    };
    let number = |ctx: &mut Ctx| finite_number(ctx, expression, value_range.clone(), value);
    let shift = value.trim().starts_with(['+', '-']);
    let change = match field.trim() {
        "prefers" => Change::Prefers(value.trim().to_owned()),
        "accepts" => Change::Accepts(list(ctx, true)?),
        "opposes" => Change::Opposes(list(ctx, false)?),
        "salience" if shift => Change::ShiftSalience(number(ctx)?),
        "flexibility" if shift => Change::ShiftFlexibility(number(ctx)?),
        "salience" => Change::Salience(number(ctx)?),
        "flexibility" => Change::Flexibility(number(ctx)?),
        other => {
            expression.invalid(
                ctx,
                value_at..value_at + field.len(),
                format!("`{other}` is not a field that can be set"),
            );
            return None;
        }
    };
    Some(change)
}

/// A list of option ids (the `value` of `field`, at `value_range`): none empty (`a,,b` is a
/// slip, not "no option"), and for `accepts`, at least one.
fn option_list(
    ctx: &mut Ctx,
    expression: Expression<'_>,
    value_range: Range<usize>,
    field: &str,
    value: &str,
    at_least_one: bool,
) -> Option<Vec<String>> {
    let ids = split_list(value);
    let empty_list = ids.len() == 1 && ids[0].is_empty();
    if empty_list && !at_least_one {
        return Some(Vec::new());
    }
    if ids.iter().any(String::is_empty) {
        expression.invalid(
            ctx,
            value_range,
            if empty_list {
                format!("`{}` needs at least one option", field.trim())
            } else {
                format!("`{value}` has an empty option id")
            },
        );
        return None;
    }
    Some(ids)
}

/// The ids of a list `a,b,c`, each trimmed; `\,` is a comma within an id.
fn split_list(value: &str) -> Vec<String> {
    let mut ids = vec![String::new()];
    let mut chars = value.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' if chars.peek() == Some(&',') => {
                chars.next();
                ids.last_mut().expect("one id at least").push(',');
            }
            ',' => ids.push(String::new()),
            c => ids.last_mut().expect("one id at least").push(c),
        }
    }
    ids.into_iter().map(|id| id.trim().to_owned()).collect()
}

/// A finite number (the `value` at `value_range`).
fn finite_number(
    ctx: &mut Ctx,
    expression: Expression<'_>,
    value_range: Range<usize>,
    value: &str,
) -> Option<f64> {
    match value.trim().parse::<f64>() {
        Ok(number) if number.is_finite() => Some(number),
        _ => {
            expression.invalid(ctx, value_range, format!("`{value}` is not a number"));
            None
        }
    }
}

impl Edit {
    /// Where `part` stands in the change's text, for a diagnostic.
    fn range_of(&self, part: &str) -> Range<usize> {
        let start = self.text.find(part).unwrap_or(0);
        self.offset + start..self.offset + start + part.len().max(1)
    }
}

/// Reports every change of a salience or flexibility that lands on a cell stating no position
/// once every change is applied (`idle-lever`): the model weighs stated cells only. A change
/// on `*` is reported only when it reaches no stated cell at all.
pub(super) fn report_idle_levers(
    ctx: &mut Ctx,
    edits: &[Edit],
    positions: &indexmap::IndexMap<crate::id::GroupId, crate::model::GroupPositions>,
) {
    for edit in edits {
        if !matches!(
            edit.change,
            Change::Salience(_)
                | Change::Flexibility(_)
                | Change::ShiftSalience(_)
                | Change::ShiftFlexibility(_)
        ) {
            continue;
        }
        // A named group and item is one look-up; a `*` looks at every cell it reaches.
        let reaches_stated = positions
            .iter()
            .filter(|(group, _)| edit.group.as_deref().is_none_or(|g| g == group.as_str()))
            .any(|(_, entry)| match edit.item.as_deref() {
                Some(item) => entry.cells.get(item).is_some_and(|c| c.stance.is_stated()),
                None => entry.cells.values().any(|c| c.stance.is_stated()),
            });
        if !reaches_stated {
            let target = format!(
                "{} on {}",
                edit.group.as_deref().unwrap_or("every group"),
                edit.item.as_deref().unwrap_or("every item")
            );
            ctx.report_range(
                Code::IdleLever,
                edit.file,
                edit.range_of(&edit.text),
                format!("`{}` changes nothing: {target} states no position, and only stated cells are weighed", edit.text),
                Some("set a stance first in the same run (e.g. `GROUP:ITEM=prefers:OPTION`), or aim at a stated group".into()),
            );
        }
    }
}

/// Reports every change naming a group that no positions file of the scenario is for: files are
/// matched by the `group:` inside them, never by their names (`cept-2014.ron` is CEPT's).
pub(super) fn report_groups_without_file(
    ctx: &mut Ctx,
    edits: &[Edit],
    groups_with_files: &std::collections::BTreeSet<String>,
) {
    for edit in edits {
        if let Some(group) = &edit.group
            && !groups_with_files.contains(group)
        {
            ctx.report_range(
                Code::InvalidSet,
                edit.file,
                edit.range_of(group),
                format!("`{group}` has no positions file in this scenario to change"),
                Some("add the group's positions file to the scenario's `positions`".into()),
            );
        }
    }
}

/// Checks the edits against the scenario's groups, items and options; reports and drops the bad.
pub(crate) fn check(
    ctx: &mut Ctx,
    edits: Vec<Edit>,
    groups: &[String],
    (items, parents): (
        &indexmap::IndexMap<String, crate::model::Item>,
        &indexmap::IndexMap<String, crate::model::ParentItem>,
    ),
) -> Vec<Edit> {
    let mut good = Vec::new();
    // An edit of an item split into issues is an edit of each issue.
    let edits = edits.into_iter().flat_map(|edit| {
        match edit.item.as_ref().and_then(|item| parents.get(item)) {
            Some(parent) => parent
                .issues
                .iter()
                .map(|issue| Edit {
                    item: Some(issue.to_string()),
                    ..edit.clone()
                })
                .collect(),
            None => vec![edit],
        }
    });
    for edit in edits {
        if !group_known(ctx, &edit, groups) {
            continue;
        }
        let Some(targets) = targets(ctx, &edit, items) else {
            continue;
        };
        let options_ok = options_known(ctx, &edit, &targets);
        let value_ok = value_in_unit(ctx, &edit);
        if options_ok && value_ok {
            good.push(edit);
        }
    }
    good
}

/// Whether the edit's group (if it names one) is one of the scenario's; an unknown one is
/// reported.
fn group_known(ctx: &mut Ctx, edit: &Edit, groups: &[String]) -> bool {
    if let Some(group) = &edit.group
        && !groups.iter().any(|g| g == group)
    {
        let hint = super::suggest(group, groups.iter().map(String::as_str))
            .map(|best| format!("did you mean `{best}`?"));
        ctx.report_range(
            Code::UnknownGroup,
            edit.file,
            edit.range_of(group),
            format!("unknown group `{group}`"),
            hint,
        );
        return false;
    }
    true
}

/// The items the edit changes: the one it names, or every item for `*`; `None` (reported) when
/// it names an unknown item.
fn targets<'a>(
    ctx: &mut Ctx,
    edit: &Edit,
    items: &'a indexmap::IndexMap<String, crate::model::Item>,
) -> Option<Vec<&'a crate::model::Item>> {
    match &edit.item {
        Some(id) => match items.get(id) {
            Some(item) => Some(vec![item]),
            None => {
                let hint = super::suggest(id, items.keys().map(String::as_str))
                    .map(|best| format!("did you mean `{best}`?"));
                ctx.report_range(
                    Code::UnknownItem,
                    edit.file,
                    edit.range_of(id),
                    format!("unknown agenda item `{id}`"),
                    hint,
                );
                None
            }
        },
        None => Some(items.values().collect()),
    }
}

/// Whether every option the edit names exists on every target item (none may be a scale item
/// when it names options); the first item with a problem is reported.
fn options_known(ctx: &mut Ctx, edit: &Edit, targets: &[&crate::model::Item]) -> bool {
    let options: Vec<&String> = match &edit.change {
        Change::Prefers(option) => vec![option],
        Change::Accepts(list) | Change::Opposes(list) => list.iter().collect(),
        _ => Vec::new(),
    };
    let mut ok = true;
    for item in targets {
        match &item.kind {
            crate::model::ItemKind::Scale(_) if !options.is_empty() => {
                ctx.report_range(
                    Code::StanceMismatch,
                    edit.file,
                    edit.range_of(&edit.text),
                    format!("`{}` is a scale item: options cannot be set on it", item.id),
                    None,
                );
                ok = false;
            }
            crate::model::ItemKind::Options(item_options) => {
                for option in &options {
                    if !item_options.contains_key(option.as_str()) {
                        let hint = super::suggest(option, item_options.keys().map(|o| o.as_str()))
                            .map(|best| format!("did you mean `{best}`?"));
                        ctx.report_range(
                            Code::UnknownOption,
                            edit.file,
                            edit.range_of(option),
                            format!("item `{}` has no option `{option}`", item.id),
                            hint,
                        );
                        ok = false;
                    }
                }
            }
            crate::model::ItemKind::Scale(_) => {}
        }
        if !ok {
            break;
        }
    }
    ok
}

/// Whether a salience or flexibility the edit sets lies in 0-1; one outside is reported.
fn value_in_unit(ctx: &mut Ctx, edit: &Edit) -> bool {
    if let Change::Salience(value) | Change::Flexibility(value) = edit.change
        && !(0.0..=1.0).contains(&value)
    {
        let value_text = edit.text.rsplit(':').next().unwrap_or_default().to_owned();
        ctx.report_range(
            Code::OutOfUnitRange,
            edit.file,
            edit.range_of(&value_text),
            format!("{} is outside 0-1", crate::diag::number(value)),
            Some("give a value between 0 and 1".into()),
        );
        return false;
    }
    true
}

#[cfg(test)]
mod split_tests {
    use super::{split_change, split_list};

    #[test]
    fn an_item_id_holding_an_equals_sign_is_addressed_as_written() {
        assert_eq!(
            split_change("CEPT:a=b=prefers:noc"),
            Some(("CEPT:a=b", "prefers:noc"))
        );
        assert_eq!(
            split_change("CEPT:x=y=unknown"),
            Some(("CEPT:x=y", "unknown"))
        );
        // An option id holding `=`: the change starts at the first `=` a field follows.
        assert_eq!(
            split_change("CEPT:1.1=prefers:p=q"),
            Some(("CEPT:1.1", "prefers:p=q"))
        );
        // No change anywhere: the first `=`, whose change is then reported.
        assert_eq!(split_change("CEPT:1.1=bogus"), Some(("CEPT:1.1", "bogus")));
        assert_eq!(split_change("CEPT:1.1"), None);
    }

    #[test]
    fn a_backslash_comma_is_a_comma_within_an_option_id() {
        assert_eq!(split_list("x\\,y, noc"), ["x,y", "noc"]);
        assert_eq!(split_list("a,,b"), ["a", "", "b"]);
        assert_eq!(split_list(""), [""]);
    }
}

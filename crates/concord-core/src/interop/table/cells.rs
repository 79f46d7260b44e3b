//! Rows read from a table, checked cell by cell against the scenario and turned into position
//! entries. Every problem is a `table-cell` diagnostic at the cell's place, with the expected
//! value and, for a near-miss id, the closest one.

use indexmap::IndexMap;

use super::rows::{MATURITIES, STANCES, col};
use super::{Cell, LongRow, at_place};
use crate::diag::{Code, Diagnostic};
use crate::load::raw::{Estimate, Position, Provenance, Stance, StatePosition, Tally};
use crate::load::suggest;
use crate::model::{ItemKind, Scenario};

/// One entry of a group's positions file, from one row.
#[derive(Clone, Debug, PartialEq)]
pub(super) enum Entry {
    /// The group's own position (a dated version of its cell).
    Position(Box<Position>),
    /// A member state's position.
    State(Box<StatePosition>),
}

impl Entry {
    pub(super) fn item(&self) -> &str {
        match self {
            Entry::Position(p) => &p.item,
            Entry::State(p) => &p.item,
        }
    }

    pub(super) fn state(&self) -> Option<&str> {
        match self {
            Entry::Position(_) => None,
            Entry::State(p) => Some(&p.state),
        }
    }

    /// The version's date: its provenance's `as_of` (empty when it has none).
    pub(super) fn date(&self) -> &str {
        let provenance = match self {
            Entry::Position(p) => p.provenance.as_ref(),
            Entry::State(p) => p.provenance.as_ref(),
        };
        provenance.and_then(Provenance::as_of).unwrap_or("")
    }
}

/// A row read: the group whose file it goes to, the entry, and where it came from.
#[derive(Clone, Debug, PartialEq)]
pub(super) struct Parsed {
    pub(super) group: String,
    pub(super) entry: Entry,
    pub(super) place: String,
}

/// Checks cells and collects the problems.
pub(super) struct Reader<'a> {
    pub(super) scenario: &'a Scenario,
    pub(super) errors: Vec<Diagnostic>,
}

impl Reader<'_> {
    fn error(&mut self, cell: &Cell, message: String, hint: Option<String>) {
        self.errors
            .push(at_place(Code::TableCell, &cell.place, message, hint));
    }

    /// A cell that must name one of `known`: the id, or an error with the closest.
    fn id<'k>(
        &mut self,
        cell: &Cell,
        what: &str,
        known: impl Iterator<Item = &'k str> + Clone,
    ) -> Option<String> {
        self.id_in(cell, what, (|_: &str| false, known))
    }

    /// [`Reader::id`] with a lookup that answers at once (a map's `contains_key`); `known` is then
    /// walked only for the suggestion of a wrong id.
    fn id_in<'k>(
        &mut self,
        cell: &Cell,
        what: &str,
        (contains, known): (impl Fn(&str) -> bool, impl Iterator<Item = &'k str> + Clone),
    ) -> Option<String> {
        let value = cell.value.trim();
        if contains(value) || known.clone().any(|id| id == value) {
            return Some(value.to_owned());
        }
        let hint = suggest(value, known.clone())
            .map(|best| format!("did you mean `{best}`?"))
            .or_else(|| {
                let all: Vec<&str> = known.take(12).collect();
                Some(format!("give one of {}", all.join(", ")))
            });
        let shown = crate::diag::shorten(value);
        self.error(cell, format!("unknown {what} `{shown}`"), hint);
        None
    }

    /// The row as an entry; `None` (with its errors recorded) when any cell is wrong, or when
    /// the row is empty.
    pub(super) fn row(&mut self, row: &LongRow) -> Option<Parsed> {
        if row.cells.iter().all(|cell| cell.value.trim().is_empty()) {
            return None;
        }
        let before = self.errors.len();
        let scenario = self.scenario;
        let group = self.id_in(
            row.get(col::GROUP),
            "group",
            (
                |id: &str| scenario.groups.contains_key(id),
                scenario.groups.keys().map(|g| g.as_str()),
            ),
        );
        let item_id = self.id_in(
            row.get(col::ITEM),
            "agenda item",
            (
                |id: &str| scenario.items.contains_key(id),
                scenario.items.keys().map(|i| i.as_str()),
            ),
        );
        let item = item_id.as_deref().and_then(|id| scenario.items.get(id));
        let stance = item.and_then(|item| self.stance(row, &item.kind));
        let provenance = self.provenance(row);
        let state_cell = row.get(col::STATE);
        let state = if state_cell.value.trim().is_empty() {
            None
        } else {
            self.id_in(
                state_cell,
                "member state",
                (
                    |id: &str| scenario.states.contains_key(id),
                    scenario.states.keys().map(|s| s.as_str()),
                ),
            )
        };
        let (salience, flexibility) = (
            self.estimate(row, col::SALIENCE, col::SALIENCE_BASIS),
            self.estimate(row, col::FLEXIBILITY, col::FLEXIBILITY_BASIS),
        );
        let maturity = self.maturity(row.get(col::MATURITY));
        let tallies = item.map(|item| self.tallies(row.get(col::TALLIES), &item.kind));
        if self.errors.len() > before {
            return None;
        }
        let (group, item, stance, provenance) = (group?, item_id?, stance?, provenance?);
        let text = |column: usize| Some(row.get(column).value.clone()).filter(|v| !v.is_empty());
        let entry = match state {
            Some(state) => Entry::State(Box::new(StatePosition {
                state,
                item,
                stance,
                reference: text(col::REFERENCE),
                provenance,
                note: text(col::NOTE),
            })),
            None => Entry::Position(Box::new(Position {
                item,
                stance,
                salience: salience?,
                flexibility: flexibility?,
                maturity: maturity?,
                reference: text(col::REFERENCE),
                tallies: tallies.unwrap_or_default(),
                provenance,
                note: text(col::NOTE),
                text: text(col::TEXT),
                confidential: None,
            })),
        };
        Some(Parsed {
            group,
            entry,
            place: row.place.clone(),
        })
    }

    fn stance(&mut self, row: &LongRow, kind: &ItemKind) -> Option<Stance> {
        let cell = row.get(col::STANCE);
        let word = cell.value.trim();
        let Some((name, _)) = STANCES.iter().find(|(words, ron)| {
            words.eq_ignore_ascii_case(word) || ron.eq_ignore_ascii_case(word)
        }) else {
            let hint = format!(
                "give one of {}",
                STANCES
                    .iter()
                    .map(|(words, _)| format!("`{words}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            );
            self.error(
                cell,
                format!("`{}` is not a stance", crate::diag::shorten(word)),
                Some(hint),
            );
            return None;
        };
        Some(match (*name, kind) {
            ("options", ItemKind::Options(options)) => {
                let known: Vec<&str> = options.keys().map(|o| o.as_str()).collect();
                let prefers = self.preferred(row.get(col::PREFERS), &known);
                let accepts = self.options(row.get(col::ACCEPTS), &known);
                let opposes = self.options(row.get(col::OPPOSES), &known);
                let conditions = self.conditions(row.get(col::CONDITIONS), &known);
                Stance::Options {
                    prefers: prefers?,
                    accepts: accepts?,
                    conditions: conditions?,
                    opposes: opposes?,
                }
            }
            ("scale", ItemKind::Scale(_)) if self.names_options(row) => return None,
            ("scale", ItemKind::Scale(_)) => Stance::Scale {
                at: self.scale_number(row.get(col::AT))?,
                range: self.scale_pair(row.get(col::RANGE))?,
                limits: if row.get(col::LIMITS).value.trim().is_empty() {
                    None
                } else {
                    Some(self.scale_pair(row.get(col::LIMITS))?)
                },
            },
            ("options" | "scale", _) => {
                let is = if matches!(kind, ItemKind::Scale(_)) {
                    "a scale item: give `scale` with `at` and `range`"
                } else {
                    "an options item: give `options` with `prefers`, `accepts` or `opposes`"
                };
                self.error(
                    cell,
                    format!("`{word}` does not fit the item"),
                    Some(format!("the item is {is}")),
                );
                return None;
            }
            ("no position yet", _) => Stance::NoPositionYet,
            ("not coded", _) => Stance::NotCoded,
            ("no proposal", _) => Stance::NoProposal,
            _ => Stance::Unknown,
        })
    }

    /// The one preferred option: an error when the cell names more.
    fn preferred(&mut self, cell: &Cell, known: &[&str]) -> Option<Option<String>> {
        let mut options = self.options(cell, known)?;
        if options.len() > 1 {
            self.error(
                cell,
                format!(
                    "`prefers` names one option, and `{}` names {}",
                    crate::diag::shorten(cell.value.trim()),
                    options.len()
                ),
                Some("give the first choice in `prefers`, the others in `accepts`".into()),
            );
            return None;
        }
        Some(options.pop())
    }

    /// Reports option columns given on a scale item (then `true`).
    fn names_options(&mut self, row: &LongRow) -> bool {
        let given = [col::PREFERS, col::ACCEPTS, col::OPPOSES, col::CONDITIONS]
            .into_iter()
            .find(|&column| !row.get(column).value.trim().is_empty());
        if let Some(column) = given {
            self.error(
                row.get(column),
                format!(
                    "`{}` names options, and the item is a scale",
                    crate::diag::shorten(row.get(column).value.trim())
                ),
                Some("a scale item takes `at` and `range` (and `limits`), not options".into()),
            );
        }
        given.is_some()
    }

    /// A comma-separated list of option ids of the item (an id that itself holds a comma, given
    /// alone, is that id).
    fn options(&mut self, cell: &Cell, known: &[&str]) -> Option<Vec<String>> {
        if known.contains(&cell.value.trim()) {
            return Some(vec![cell.value.trim().to_owned()]);
        }
        let mut out = Vec::new();
        let mut ok = true;
        for part in cell.value.split([',', ';']).map(str::trim) {
            if part.is_empty() {
                continue;
            }
            let piece = Cell {
                value: part.to_owned(),
                place: cell.place.clone(),
            };
            match self.id(&piece, "option", known.iter().copied()) {
                Some(id) => out.push(id),
                None => ok = false,
            }
        }
        ok.then_some(out)
    }

    /// Lines `option: condition`; a line that does not start with a known option continues the
    /// condition above it.
    fn conditions(&mut self, cell: &Cell, known: &[&str]) -> Option<IndexMap<String, String>> {
        let mut out: IndexMap<String, String> = IndexMap::new();
        let mut last: Option<String> = None;
        for line in cell.value.split('\n') {
            let line = line.strip_suffix('\r').unwrap_or(line);
            // The longest known option the line starts with, then `:` (an id may hold a `:`).
            let head = known
                .iter()
                .filter_map(|option| {
                    let rest = line.trim_start().strip_prefix(option)?;
                    let text = rest.trim_start().strip_prefix(':')?;
                    Some((*option, text))
                })
                .max_by_key(|(option, _)| option.len());
            match (head, &last) {
                (Some((option, text)), _) => {
                    let option = option.trim().to_owned();
                    out.insert(
                        option.clone(),
                        text.strip_prefix(' ').unwrap_or(text).into(),
                    );
                    last = Some(option);
                }
                (None, Some(option)) => {
                    let text = out.entry(option.clone()).or_default();
                    text.push('\n');
                    text.push_str(line);
                }
                (None, None) if line.trim().is_empty() => {}
                (None, None) => {
                    self.error(
                        cell,
                        "a condition does not name its option".into(),
                        Some("write one condition a line: `option: the condition`".into()),
                    );
                    return None;
                }
            }
        }
        Some(out)
    }

    /// Lines `option: support A, B; oppose C`.
    fn tallies(&mut self, cell: &Cell, kind: &ItemKind) -> Vec<Tally> {
        let ItemKind::Options(options) = kind else {
            return Vec::new();
        };
        let known: Vec<&str> = options.keys().map(|o| o.as_str()).collect();
        let mut out = Vec::new();
        for line in cell.value.lines().map(str::trim).filter(|l| !l.is_empty()) {
            let parsed = line.split_once(':').and_then(|(option, rest)| {
                let mut support = None;
                let mut oppose = Vec::new();
                for part in rest.split(';').map(str::trim) {
                    let list = |words: &str| -> Vec<String> {
                        words
                            .split(',')
                            .map(str::trim)
                            .filter(|s| !s.is_empty())
                            .map(str::to_owned)
                            .collect()
                    };
                    if let Some(words) = part.strip_prefix("support") {
                        support = Some(list(words));
                    } else if let Some(words) = part.strip_prefix("oppose") {
                        oppose = list(words);
                    } else {
                        return None;
                    }
                }
                Some((option.trim().to_owned(), support?, oppose))
            });
            let Some((option, support, oppose)) = parsed else {
                self.error(
                    cell,
                    format!("`{}` is not a tally", crate::diag::shorten(line)),
                    Some("write one option a line: `option: support AUT, BEL; oppose NLD`".into()),
                );
                continue;
            };
            let piece = Cell {
                value: option,
                place: cell.place.clone(),
            };
            if let Some(option) = self.id(&piece, "option", known.iter().copied()) {
                out.push(Tally {
                    option,
                    support,
                    oppose,
                });
            }
        }
        out
    }

    /// A value and its basis: `Some(None)` when the value is empty.
    fn estimate(&mut self, row: &LongRow, value: usize, basis: usize) -> Option<Option<Estimate>> {
        let (cell, basis_cell) = (row.get(value), row.get(basis));
        if cell.value.trim().is_empty() {
            return Some(None);
        }
        let number = self.number(cell)?;
        if !(0.0..=1.0).contains(&number) {
            self.error(
                cell,
                format!("{} is outside 0-1", crate::diag::number(number)),
                Some("give a value between 0 and 1".into()),
            );
            return None;
        }
        match basis_cell.value.trim().to_ascii_lowercase().as_str() {
            "sourced" => Some(Some(Estimate::Sourced(number))),
            "estimated" | "estimate" | "" => Some(Some(Estimate::Estimated(number))),
            other => {
                self.error(
                    basis_cell,
                    format!("`{}` is not a basis", crate::diag::shorten(other)),
                    Some("give `sourced` or `estimated` (empty: estimated)".into()),
                );
                None
            }
        }
    }

    /// A number as a spreadsheet may hold it: `0.5`, `0,5`, ` 60 `.
    fn number(&mut self, cell: &Cell) -> Option<f64> {
        let text = cell.value.trim().replace(',', ".");
        match text.parse::<f64>() {
            Ok(value) if value.is_finite() => Some(value),
            _ => {
                self.error(
                    cell,
                    format!(
                        "`{}` is not a number",
                        crate::diag::shorten(cell.value.trim())
                    ),
                    Some("give a number such as `0.5` or `60`".into()),
                );
                None
            }
        }
    }

    fn scale_number(&mut self, cell: &Cell) -> Option<f64> {
        let value = self.number(cell)?;
        if (0.0..=100.0).contains(&value) {
            Some(value)
        } else {
            self.error(
                cell,
                format!("{} is outside the 0-100 scale", crate::diag::number(value)),
                None,
            );
            None
        }
    }

    /// `30-55`, `30–55`, `30 to 55`.
    fn scale_pair(&mut self, cell: &Cell) -> Option<(f64, f64)> {
        let text = cell.value.trim();
        let split = text
            .split_once(" to ")
            .or_else(|| text.split_once('–'))
            .or_else(|| text.split_once('-'));
        let Some((low, high)) = split else {
            self.error(
                cell,
                format!("`{}` is not a range", crate::diag::shorten(text)),
                Some("give `low-high` on 0-100, such as `30-55`".into()),
            );
            return None;
        };
        let piece = |value: &str| Cell {
            value: value.to_owned(),
            place: cell.place.clone(),
        };
        Some((
            self.scale_number(&piece(low))?,
            self.scale_number(&piece(high))?,
        ))
    }

    fn maturity(&mut self, cell: &Cell) -> Option<Option<crate::load::raw::Maturity>> {
        let word = cell.value.trim();
        if word.is_empty() {
            return Some(None);
        }
        let normal = |s: &str| s.replace([' ', '-', '_'], "").to_ascii_lowercase();
        if let Some((_, maturity)) = MATURITIES
            .iter()
            .find(|(name, _)| normal(name) == normal(word))
        {
            return Some(Some(*maturity));
        }
        let names = MATURITIES.iter().map(|(name, _)| *name);
        let hint = suggest(word, names.clone())
            .map(|best| format!("did you mean `{best}`?"))
            .unwrap_or_else(|| format!("give one of {}", names.collect::<Vec<_>>().join(", ")));
        self.error(
            cell,
            format!("`{}` is not a maturity", crate::diag::shorten(word)),
            Some(hint),
        );
        None
    }

    /// `Some(None)`: no provenance; `None`: an error.
    fn provenance(&mut self, row: &LongRow) -> Option<Option<Provenance>> {
        let cell = row.get(col::PROVENANCE);
        let source = row.get(col::SOURCE).value.clone();
        match cell.value.trim().to_ascii_lowercase().as_str() {
            "" if source.trim().is_empty() => Some(None),
            "sourced" | "" => {
                if source.trim().is_empty() {
                    self.error(
                        row.get(col::SOURCE),
                        "a sourced position needs its source".into(),
                        Some("say where it comes from: title, date, address (or give `estimated` or `illustrative` with a note)".into()),
                    );
                    return None;
                }
                let as_of = self.date(row.get(col::AS_OF), true)?;
                let published = self.date(row.get(col::PUBLISHED), false)?;
                Some(Some(Provenance::Sourced {
                    source,
                    as_of: as_of.unwrap_or_default(),
                    published,
                }))
            }
            kind @ ("estimated" | "illustrative") => {
                let as_of = self.date(row.get(col::AS_OF), false)?;
                Some(Some(if kind == "estimated" {
                    Provenance::Estimated {
                        note: source,
                        as_of,
                    }
                } else {
                    Provenance::Illustrative {
                        note: source,
                        as_of,
                    }
                }))
            }
            other => {
                self.error(
                    cell,
                    format!("`{}` is not a provenance", crate::diag::shorten(other)),
                    Some("give `sourced` (with `source` and `as of`), `estimated` or `illustrative` (the source column says what it rests on; `as of` optional)".into()),
                );
                None
            }
        }
    }

    /// A date `YYYY-MM-DD` or `YYYY-MM` (readers turn spreadsheet dates into this form).
    fn date(&mut self, cell: &Cell, required: bool) -> Option<Option<String>> {
        let text = cell.value.trim();
        if text.is_empty() && !required {
            return Some(None);
        }
        if crate::model::Date::parse(text).is_some() {
            return Some(Some(text.to_owned()));
        }
        let message = if text.is_empty() {
            "a sourced position needs its date".to_owned()
        } else {
            format!("`{}` is not a date", crate::diag::shorten(text))
        };
        self.error(
            cell,
            message,
            Some("give `YYYY-MM-DD` or `YYYY-MM` (a spreadsheet date cell is read as one)".into()),
        );
        None
    }
}

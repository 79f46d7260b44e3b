//! The Decide exchange-model format (Stokman and Thomson's exchange model): one record a line, tab-separated
//! fields, each optionally in single quotes; `#/` and `#O` lines are comments; `#A` actors, `#P`
//! issues, `#M` labelled points, `#D actor issue position salience power`.
//!
//! Import is all or nothing: every bad row is reported with its line number and nothing is
//! produced. Actors become groups (capability = power), issues become scale items with their
//! anchors, `#D` rows become positions with their salience.

use std::collections::{BTreeMap, HashMap, HashSet};

use indexmap::IndexMap;

use super::decide_ids::{MAX_ACTORS, Unique, group_id, item_id, item_ids, state_code};

use std::path::Path;

use crate::diag::{Code, Diagnostic, Diagnostics, Location, SourceText};
use crate::load::FileSource;
use crate::model::Date;

use crate::load::raw::{
    Capability, Estimate, Group, GroupsFile, Item, Membership, MembershipSource, Position,
    PositionsFile, Provenance, Rule, Scale, ScenarioFile, Stance, State, StatesFile, Voting,
};

/// `#A id name`: an actor, which becomes a group.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Actor {
    /// Its id in the file.
    pub id: String,
    /// Its name.
    pub name: String,
}

/// `#P id name`: an issue, which becomes a 0-100 scale item.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Issue {
    /// Its id in the file.
    pub id: String,
    /// Its name.
    pub name: String,
    /// Its `#M` labelled points (each 0-100), in file order.
    pub anchors: Vec<(f64, String)>,
}

/// `#D actor issue position salience power`: one actor's position on one issue.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Row {
    /// The actor's id, declared by an `#A` row above.
    pub actor: String,
    /// The issue's id, declared by a `#P` row above.
    pub issue: String,
    /// The position on the issue's scale, 0-100.
    pub position: f64,
    /// How much the issue matters to the actor, 0-1.
    pub salience: f64,
    /// The actor's power, 0-1 (its capability; the actor's first row counts).
    pub power: f64,
}

/// A parsed Decide file, every row checked.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct DecideFile {
    /// The actors, in file order, each declared once.
    pub actors: Vec<Actor>,
    /// The issues, in file order, each declared once.
    pub issues: Vec<Issue>,
    /// The positions, in file order; at most one per actor and issue.
    pub rows: Vec<Row>,
}

/// What an import produced: concord's files (paths relative to the output directory, and their
/// text), and how much of the Decide file they hold.
#[derive(Clone, Debug, PartialEq)]
pub struct Imported {
    /// `scenarios/NAME.ron`, `positions/states.ron`, `positions/groups.ron` and one positions
    /// file per actor under `positions/NAME/`.
    pub files: Vec<(String, String)>,
    /// The actors (groups).
    pub actors: usize,
    /// The issues (scale items).
    pub issues: usize,
    /// The `#D` rows (positions).
    pub positions: usize,
}

/// How a Decide line is cut into its fields: tab-separated, each optionally in single quotes (a
/// quoted field may hold a tab). The core reads no CSV itself: the binary passes the `csv`
/// crate's reader; [`simple_fields`] is the plain cut, for tests.
pub type Fields<'a> = &'a dyn Fn(&str) -> Vec<String>;

/// Reads the Decide file at `path` through `source` and turns it into concord's files for a
/// scenario called `name`, dated `as_of` (the Decide format carries no dates), each line cut
/// into fields by `fields`. All or nothing: every bad row is a located `decide-row`
/// diagnostic; an unreadable file is an `unreadable-file` one.
pub fn import(
    source: &dyn FileSource,
    path: &Path,
    (name, as_of): (&str, Date),
    fields: Fields<'_>,
) -> Result<Imported, Diagnostics> {
    let decide = read(source, path, fields)?;
    Ok(Imported {
        files: to_files(&decide, name, as_of),
        actors: decide.actors.len(),
        issues: decide.issues.len(),
        positions: decide.rows.len(),
    })
}

/// Reads and parses the Decide file at `path`.
fn read(
    source: &dyn FileSource,
    path: &Path,
    fields: Fields<'_>,
) -> Result<DecideFile, Diagnostics> {
    let display = path.display().to_string();
    let unreadable = |message: String, hint: Option<String>| Diagnostics {
        list: vec![Diagnostic {
            code: Code::UnreadableFile,
            message,
            location: None,
            hint,
        }],
        sources: Vec::new(),
    };
    let limit = crate::load::MAX_FILE_BYTES;
    let bytes = source.read(path).map_err(|error| {
        if error.kind() == std::io::ErrorKind::FileTooLarge {
            let message = format!(
                "`{display}` is more than the {} MiB a file may have",
                limit >> 20
            );
            unreadable(message, None)
        } else {
            unreadable(format!("cannot read `{display}`: {error}"), None)
        }
    })?;
    let text = String::from_utf8(bytes).map_err(|_| {
        let hint = Some("save the file as UTF-8".to_owned());
        unreadable(format!("`{display}` is not UTF-8 text"), hint)
    })?;
    parse(&text, fields).map_err(|errors| located(&display, text, errors))
}

/// Row errors as diagnostics, each spanning its line.
fn located(display: &str, text: String, errors: Vec<RowError>) -> Diagnostics {
    let starts: Vec<usize> = std::iter::once(0)
        .chain(text.match_indices('\n').map(|(at, _)| at + 1))
        .collect();
    let list = errors
        .into_iter()
        .map(|(line, message)| {
            let start = starts.get(line - 1).copied().unwrap_or(0);
            let end = text[start..].find('\n').map_or(text.len(), |e| start + e);
            Diagnostic {
                code: Code::DecideRow,
                message,
                location: Some(Location {
                    file: display.to_owned(),
                    line,
                    column: 1,
                    span: start..end.max(start + 1).min(text.len()),
                }),
                hint: None,
            }
        })
        .collect();
    Diagnostics {
        list,
        sources: vec![SourceText {
            name: display.to_owned(),
            text,
        }],
    }
}

/// A bad row: its 1-based line number and what is wrong.
pub(crate) type RowError = (usize, String);

/// A Decide line cut at every tab, each field's surrounding quotes taken off (no tab inside a
/// quoted field): the plain cut, for tests and library callers without a CSV reader.
pub fn simple_fields(line: &str) -> Vec<String> {
    line.trim_end_matches('\r')
        .split('\t')
        .map(|field| {
            let field = field.trim();
            field
                .strip_prefix('\'')
                .and_then(|f| f.strip_suffix('\''))
                .unwrap_or(field)
                .to_owned()
        })
        .collect()
}

/// Parses a Decide file; every bad row is reported.
pub(crate) fn parse(text: &str, fields: Fields<'_>) -> Result<DecideFile, Vec<RowError>> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut parser = Parser::default();
    for (index, line) in text.lines().enumerate() {
        let line_no = index + 1;
        if line.trim().is_empty() {
            continue;
        }
        let f = fields(line);
        let Some(kind) = f.first().map(String::as_str) else {
            continue;
        };
        if kind.starts_with("#/") || kind.starts_with("#O") {
            continue;
        }
        match kind {
            "#A" if f.len() >= 3 => parser.actor(line_no, &f),
            "#P" if f.len() >= 3 => parser.issue(line_no, &f),
            "#M" if f.len() >= 3 => parser.point(line_no, &f),
            "#D" if f.len() >= 6 => parser.row(line_no, &f),
            "#A" | "#P" | "#M" | "#D" => parser.errors.push((
                line_no,
                format!("a `{kind}` row has too few fields ({})", f.len()),
            )),
            other => parser.errors.push((
                line_no,
                format!("`{other}` is not a Decide record (#A, #P, #M, #D, #/, #O)"),
            )),
        }
    }
    if parser.errors.is_empty() {
        Ok(parser.file)
    } else {
        Err(parser.errors)
    }
}

/// A parse under way: the file read so far, the errors, and indices by id (so a large file
/// costs linear time).
#[derive(Default)]
struct Parser {
    file: DecideFile,
    errors: Vec<RowError>,
    actor_ids: HashSet<String>,
    issue_index: HashMap<String, usize>,
    stated: HashSet<(String, String)>,
    /// The actors past [`MAX_ACTORS`] (reported once, at the first): their rows are not
    /// reported again.
    refused_actors: HashSet<String>,
    /// The issues past the item bound, likewise.
    refused_issues: HashSet<String>,
}

impl Parser {
    /// A finite number, or an error on the line (`what` names the field).
    fn number(&mut self, value: &str, what: &str, line: usize) -> Option<f64> {
        match value.parse::<f64>() {
            Ok(n) if n.is_finite() => Some(n),
            _ => {
                self.errors
                    .push((line, format!("{what} `{value}` is not a number")));
                None
            }
        }
    }

    /// `#A id name`: an actor, declared once.
    fn actor(&mut self, line_no: usize, f: &[String]) {
        if !self.visible(line_no, "the actor's name", &f[2]) {
            return;
        }
        if self.file.actors.len() >= MAX_ACTORS {
            // Said once, at the first actor past the bound.
            if self.refused_actors.is_empty() {
                self.errors.push((
                    line_no,
                    format!(
                        "more than {MAX_ACTORS} actors: each becomes a group of a scenario, which has at most {MAX_ACTORS} groups"
                    ),
                ));
            }
            self.refused_actors.insert(f[1].clone());
            return;
        }
        if !self.actor_ids.insert(f[1].clone()) {
            self.errors
                .push((line_no, format!("actor `{}` is declared twice", f[1])));
        } else {
            self.file.actors.push(Actor {
                id: f[1].clone(),
                name: f[2].clone(),
            });
        }
    }

    /// `#P id name`: an issue, declared once.
    fn issue(&mut self, line_no: usize, f: &[String]) {
        if !self.visible(line_no, "the issue's name", &f[2]) {
            return;
        }
        if self.file.issues.len() >= crate::load::MAX_ITEMS {
            // Said once, at the first issue past the bound; the file is not held whole.
            if self.refused_issues.is_empty() {
                self.errors.push((
                    line_no,
                    format!(
                        "more than {} issues: each becomes an agenda item, and a scenario has at most {}",
                        crate::load::MAX_ITEMS,
                        crate::load::MAX_ITEMS
                    ),
                ));
            }
            self.refused_issues.insert(f[1].clone());
            return;
        }
        if self.issue_index.contains_key(&f[1]) {
            self.errors
                .push((line_no, format!("issue `{}` is declared twice", f[1])));
        } else {
            self.issue_index
                .insert(f[1].clone(), self.file.issues.len());
            self.file.issues.push(Issue {
                id: f[1].clone(),
                name: f[2].clone(),
                anchors: Vec::new(),
            });
        }
    }

    /// Whether `text` is one line of visible characters (a quoted field keeps a tab; concord's
    /// names and labels cannot hold one): else an error at the line, not in a file never written.
    fn visible(&mut self, line_no: usize, what: &str, text: &str) -> bool {
        match text.chars().find(|&c| crate::diag::is_invisible(c)) {
            Some(c) => {
                self.errors.push((
                    line_no,
                    format!(
                        "{what} holds the invisible character U+{:04X}: names and labels are one line of visible characters",
                        u32::from(c)
                    ),
                ));
                false
            }
            None => true,
        }
    }

    /// `#M issue point label`: a labelled point on the 0-100 scale of an issue declared above.
    fn point(&mut self, line_no: usize, f: &[String]) {
        if self.refused_issues.contains(&f[1]) {
            return;
        }
        let Some(value) = self.number(&f[2], "the point", line_no) else {
            return;
        };
        if !(0.0..=100.0).contains(&value) {
            self.errors.push((
                line_no,
                format!("the point {value} is outside the 0-100 scale"),
            ));
            return;
        }
        let label = f.get(3).cloned().unwrap_or_default();
        if !self.visible(line_no, "the point's label", &label) {
            return;
        }
        match self
            .issue_index
            .get(&f[1])
            .map(|&at| &mut self.file.issues[at])
        {
            // A scale's anchors are whole points: two labels on one would lose one of them.
            Some(issue) => match issue
                .anchors
                .iter()
                .find(|(at, _)| at.round() == value.round())
            {
                Some((at, other)) => self.errors.push((
                    line_no,
                    format!(
                        "the point {value} (label `{}`) falls on the same whole point {} as {at} (label `{}`): one label would be lost",
                        crate::diag::shorten(&label),
                        value.round(),
                        crate::diag::shorten(other)
                    ),
                )),
                None => issue.anchors.push((value, label)),
            },
            None => self.errors.push((
                line_no,
                format!(
                    "`#M` names issue `{}`, not declared by a `#P` row above",
                    f[1]
                ),
            )),
        }
    }

    /// `#D actor issue position salience power`: a position of a declared actor on a declared
    /// issue, every number in range, at most one per actor and issue.
    fn row(&mut self, line_no: usize, f: &[String]) {
        let mut bad = false;
        // An actor or issue past its bound was refused once, not again at each of its rows.
        if self.refused_actors.contains(&f[1]) || self.refused_issues.contains(&f[2]) {
            return;
        }
        if !self.actor_ids.contains(&f[1]) {
            self.errors.push((
                line_no,
                format!("actor `{}` is not declared by an `#A` row above", f[1]),
            ));
            bad = true;
        }
        if !self.issue_index.contains_key(&f[2]) {
            self.errors.push((
                line_no,
                format!("issue `{}` is not declared by a `#P` row above", f[2]),
            ));
            bad = true;
        }
        let position = self.number(&f[3], "the position", line_no);
        let salience = self.number(&f[4], "the salience", line_no);
        let power = self.number(&f[5], "the power", line_no);
        let (Some(position), Some(salience), Some(power)) = (position, salience, power) else {
            return;
        };
        if !self.in_range(line_no, position, salience, power) {
            bad = true;
        }
        if self.stated.contains(&(f[1].clone(), f[2].clone())) {
            self.errors.push((
                line_no,
                format!("`{}` has a second position on `{}`", f[1], f[2]),
            ));
            bad = true;
        }
        if !bad {
            self.stated.insert((f[1].clone(), f[2].clone()));
            self.file.rows.push(Row {
                actor: f[1].clone(),
                issue: f[2].clone(),
                position,
                salience,
                power,
            });
        }
    }

    /// Whether a row's position is on 0-100 and its salience and power on 0-1; an error for each
    /// that is not.
    fn in_range(&mut self, line_no: usize, position: f64, salience: f64, power: f64) -> bool {
        let mut ok = true;
        for (within, message) in [
            (
                (0.0..=100.0).contains(&position),
                format!("the position {position} is outside the 0-100 scale"),
            ),
            (
                (0.0..=1.0).contains(&salience),
                format!("the salience {salience} is outside 0-1"),
            ),
            (
                (0.0..=1.0).contains(&power),
                format!("the power {power} is outside 0-1"),
            ),
        ] {
            if !within {
                self.errors.push((line_no, message));
                ok = false;
            }
        }
        ok
    }
}

fn ron<T: serde::Serialize>(header: &str, value: &T) -> String {
    let config = ron::ser::PrettyConfig::default()
        .struct_names(true)
        .extensions(ron::extensions::Extensions::IMPLICIT_SOME);
    format!(
        "{header}\n{}\n",
        ron::ser::to_string_pretty(value, config).expect("raw types serialize")
    )
}

/// The concord files of an imported Decide file, under `name` (the scenario and positions
/// folder), with `as_of` as the date the Decide format does not carry.
pub(crate) fn to_files(decide: &DecideFile, name: &str, as_of: Date) -> Vec<(String, String)> {
    let as_of = as_of.to_string();
    let as_of = as_of.as_str();
    let header = format!(
        "// Imported by `concord import decide` ({name}). The Decide format carries no dates: {as_of} is the date given to the import."
    );
    // The positions files are named after the groups, beside `states.ron` and `groups.ron`:
    // actors `states` and `groups` become `STATES_2` and `GROUPS_2`.
    let mut taken = Unique::with(&["STATES", "GROUPS"]);
    let ids: Vec<String> = decide
        .actors
        .iter()
        .map(|a| group_id(&a.id, &mut taken))
        .collect();
    let item_ids = item_ids(decide.issues.iter().map(|issue| issue.id.as_str()));
    let item_of = |issue: &str| {
        item_ids
            .get(issue)
            .cloned()
            .unwrap_or_else(|| item_id(issue))
    };
    let states = actor_states(decide);
    let groups = actor_groups(decide, &ids, as_of);
    let mut capability: IndexMap<String, f64> = IndexMap::new();
    let mut files = Vec::new();
    let mut positions_paths = Vec::new();
    let mut rows_of: HashMap<&str, Vec<&Row>> = HashMap::new();
    for row in &decide.rows {
        rows_of.entry(row.actor.as_str()).or_default().push(row);
    }
    for (n, actor) in decide.actors.iter().enumerate() {
        let rows = rows_of.remove(actor.id.as_str()).unwrap_or_default();
        // Power is the actor's capability; Decide gives it per row, the first row's counts.
        capability.insert(ids[n].clone(), rows.first().map_or(0.0, |r| r.power));
        let file = PositionsFile {
            provenances: indexmap::IndexMap::new(),
            defaults: None,
            group: ids[n].clone(),
            conference: name.into(),
            positions: rows
                .iter()
                .map(|row| row_position(row, item_of(&row.issue), name, as_of))
                .collect(),
            states: Vec::new(),
        };
        let path = format!("positions/{name}/{}.ron", ids[n].to_lowercase());
        positions_paths.push(format!("../{path}"));
        files.push((path, ron(&header, &file)));
    }
    let items: Vec<Item> = decide
        .issues
        .iter()
        .map(|issue| issue_item(issue, item_of(&issue.id)))
        .collect();
    let scenario = imported_scenario(name, as_of, positions_paths, capability, items);
    files.push((
        format!("positions/{name}/states.ron"),
        ron(&header, &StatesFile { states }),
    ));
    files.push((
        format!("positions/{name}/groups.ron"),
        ron(&header, &groups),
    ));
    files.push((format!("scenarios/{name}.ron"), ron(&header, &scenario)));
    files.sort();
    files
}

/// One state per actor, `AAA`, `AAB`, ... in actor order.
fn actor_states(decide: &DecideFile) -> Vec<State> {
    decide
        .actors
        .iter()
        .enumerate()
        .map(|(n, actor)| State {
            code: state_code(n),
            name: format!("{} (a Decide actor)", actor.name),
            member_since: None,
            observer: false,
            region: None,
        })
        .collect()
}

/// One group per actor (ids from `ids`), its one member the actor's state, deciding by
/// consensus.
fn actor_groups(decide: &DecideFile, ids: &[String], as_of: &str) -> GroupsFile {
    GroupsFile {
        groups: decide
            .actors
            .iter()
            .enumerate()
            .map(|(n, actor)| Group {
                id: ids[n].clone(),
                name: actor.name.clone(),
                region: "Decide actor".into(),
                membership: Membership {
                    as_of: as_of.into(),
                    source: MembershipSource::Cited(format!("Decide actor `{}`", actor.id)),
                    members: vec![state_code(n)],
                    suspended: Vec::new(),
                },
                earlier: Vec::new(),
                rule: Rule::Consensus,
                rule_source: None,
                alternative_rules: Vec::new(),
            })
            .collect(),
    }
}

/// A `#D` row as a position: the point on the full 0-100 range, its salience sourced to the file.
fn row_position(row: &Row, item: String, name: &str, as_of: &str) -> Position {
    Position {
        item,
        stance: Stance::Scale {
            at: row.position,
            range: (0.0, 100.0),
            limits: None,
        },
        salience: Some(Estimate::Sourced(row.salience)),
        flexibility: None,
        maturity: None,
        reference: None,
        tallies: Vec::new(),
        provenance: Some(Provenance::Sourced {
            source: format!("Decide file `{name}`"),
            as_of: as_of.into(),
            published: None,
        }),
        note: None,
        text: None,
        confidential: None,
    }
}

/// An issue as a scale item, its `#M` points as anchors (rounded; the last of equal ones kept).
fn issue_item(issue: &Issue, id: String) -> Item {
    Item {
        voting: None,
        id,
        title: issue.name.clone(),
        document: None,
        lead: None,
        tags: Vec::new(),
        depends_on: Vec::new(),
        links: Vec::new(),
        background: None,
        issues: Vec::new(),
        options: Vec::new(),
        scale: Some(Scale {
            anchors: issue
                .anchors
                .iter()
                .map(|(at, meaning)| (at.round() as u8, meaning.clone()))
                .collect::<BTreeMap<u8, String>>()
                .into_iter()
                .collect(),
            status_quo: None,
        }),
    }
}

/// The imported scenario: conference `name` on `as_of`, capabilities as given, no vote, no
/// stages.
fn imported_scenario(
    name: &str,
    as_of: &str,
    positions: Vec<String>,
    capability: IndexMap<String, f64>,
    items: Vec<Item>,
) -> ScenarioFile {
    ScenarioFile {
        organisations: Vec::new(),
        conference: name.into(),
        name: format!("Imported from the Decide file {name}"),
        venue: "unknown".into(),
        dates: (as_of.into(), as_of.into()),
        as_of: as_of.into(),
        next_conference: None,
        deadline: None,
        states: format!("../positions/{name}/states.ron"),
        groups: format!("../positions/{name}/groups.ron"),
        positions,
        private: Vec::new(),
        outcomes: None,
        capability: Capability::Explicit(capability),
        voting: Voting::Never,
        stages: Vec::new(),
        items,
    }
}

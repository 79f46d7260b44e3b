//! `concord set`: one dated version of one cell (a group's, or a member state's own), written
//! into the group's positions file without hand-written RON.
//!
//! The flags make one row of the coordinator's long table, handed to the same core import
//! (`concord_core::interop::table::import_long`): the whole scenario is loaded first, the row is
//! checked against it, the version is added to the file by editing its text (comments kept), the
//! result is loaded before anything is written, and the file is written atomically. A version of
//! the same date that differs is refused, or replaced with `--force`.

#[allow(clippy::wildcard_imports)]
use super::*;
use concord_core::interop::private::{self, Outcome, Part, Source};
use concord_core::interop::table::{self as table, COLUMNS, Cell, ImportMode, LongRow};
use concord_core::load::{FsSource, LoadOptions};

/// The arguments of `concord set`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The scenario file.
    #[arg(long)]
    scenario: PathBuf,
    /// Whose cell: a group id (`CEPT`) or a member state's code (`FRA`: its own position).
    who: String,
    /// The agenda item (or issue; an item split into issues sets every issue).
    item: String,
    /// A member state's group, whose file holds its position (needed when it is in several).
    #[arg(long = "in", value_name = "GROUP")]
    in_group: Option<String>,
    /// The stance when no option or point is given: `unknown`, `no-position-yet`,
    /// `no-proposal`, `not-coded` (with --text).
    #[arg(long, value_name = "KIND")]
    stance: Option<String>,
    /// The preferred option.
    #[arg(long, value_name = "OPTION")]
    prefers: Option<String>,
    /// Accepted options, in order (comma-separated; the preferred one first or not at all).
    #[arg(long, value_name = "OPTION,...")]
    accepts: Option<String>,
    /// Red lines (comma-separated).
    #[arg(long, value_name = "OPTION,...")]
    opposes: Option<String>,
    /// A condition on an accepted option, `OPTION=TEXT` (repeatable).
    #[arg(long, value_name = "OPTION=TEXT")]
    condition: Vec<String>,
    /// A scale item: the point, 0-100.
    #[arg(long, value_name = "X")]
    at: Option<String>,
    /// A scale item: the acceptable range, `A-B`.
    #[arg(long, value_name = "A-B")]
    range: Option<String>,
    /// A scale item: the hard limits, `A-B`.
    #[arg(long, value_name = "A-B")]
    limits: Option<String>,
    /// How much the item matters, 0-1 (an estimate unless --weights-sourced).
    #[arg(long, value_name = "X")]
    salience: Option<String>,
    /// How readily the group moves, 0-1 (an estimate unless --weights-sourced).
    #[arg(long, value_name = "X")]
    flexibility: Option<String>,
    /// The salience and flexibility given are from the source, not estimates.
    #[arg(long)]
    weights_sourced: bool,
    /// The maturity in the group's vocabulary (`ECP`, `IAP`, `PACP`, ...).
    #[arg(long, value_name = "M")]
    maturity: Option<String>,
    /// The proposal reference (`EUR/44A7/1`).
    #[arg(long, value_name = "R")]
    reference: Option<String>,
    /// A public note.
    #[arg(long, value_name = "TEXT")]
    note: Option<String>,
    /// The position in its own words.
    #[arg(long, value_name = "TEXT")]
    text: Option<String>,
    /// Where it comes from (title, date, address): a sourced version, dated by --as-of.
    #[arg(long, value_name = "TEXT", group = "basis")]
    source: Option<String>,
    /// When the source was published (`YYYY-MM-DD`).
    #[arg(long, value_name = "DATE", requires = "source")]
    published: Option<String>,
    /// A coordinator's estimate of the position: what it rests on.
    #[arg(long, value_name = "NOTE", group = "basis")]
    estimated: Option<String>,
    /// An illustrative position: why.
    #[arg(long, value_name = "NOTE", group = "basis")]
    illustrative: Option<String>,
    /// Print what would change, as `diff` does, and write nothing.
    #[arg(long)]
    dry_run: bool,
    /// Set the group's confidential part of the cell instead, in its private file (with
    /// --fallbacks, --red-lines, --note, --flexibility, --limits and where it comes from).
    #[arg(long)]
    private: bool,
    /// With --private: more acceptable options, after the public ones (comma-separated).
    #[arg(long, value_name = "OPTION,...", requires = "private")]
    fallbacks: Option<String>,
    /// With --private: more red lines (comma-separated).
    #[arg(long, value_name = "OPTION,...", requires = "private")]
    red_lines: Option<String>,
}

/// What `set` writes: the scenario, the row, and how.
#[derive(Clone, Debug, PartialEq)]
pub struct SetRequest {
    /// The scenario file.
    pub scenario: PathBuf,
    /// Whose cell (as given).
    pub who: String,
    /// A member state's group, when given.
    pub in_group: Option<String>,
    /// The row's cells by column name (without `group` and `member state`, decided at run).
    pub fields: Vec<(&'static str, String)>,
    /// Show the change, write nothing.
    pub dry_run: bool,
    /// `--private`: the confidential part to set instead of a public version.
    pub private: Option<Box<Part>>,
}

impl Args {
    /// The request (`--as-of`: the date of the version).
    pub fn request(self, context: &Context) -> Result<Command, String> {
        if context.output.is_some() {
            return Err("`set` writes into the scenario's own files: drop -o".into());
        }
        if self.private {
            return self.private_request(context);
        }
        if self.source.is_some() && context.as_of.is_none() {
            return Err("a sourced version is dated: give --as-of YYYY-MM-DD".into());
        }
        let provenance_given =
            self.source.is_some() || self.estimated.is_some() || self.illustrative.is_some();
        if context.as_of.is_some() && !provenance_given {
            return Err(
                "--as-of dates the version's source: give it with --source (or --estimated, \
                 --illustrative); the file's default provenance keeps its own date"
                    .into(),
            );
        }
        let stance = match (&self.stance, self.at.is_some()) {
            (Some(kind), _) => kind.replace('-', " "),
            (None, true) => "scale".into(),
            (None, false) => "options".into(),
        };
        let basis = if self.weights_sourced {
            "sourced"
        } else {
            "estimated"
        };
        // None given: the file's default provenance, which `run` requires there is.
        let given = match (&self.source, &self.estimated, &self.illustrative) {
            (Some(source), _, _) => Some(("sourced", source.clone())),
            (_, Some(note), _) => Some(("estimated", note.clone())),
            (_, _, Some(note)) => Some(("illustrative", note.clone())),
            _ => None,
        };
        // Kept as `OPTION=TEXT`: split at `run`, where the item's options are known (an option id
        // may hold a `=`).
        if let Some(condition) = self.condition.iter().find(|c| !c.contains('=')) {
            return Err(format!("--condition takes OPTION=TEXT, not `{condition}`"));
        }
        let conditions = self.condition;
        let mut fields: Vec<(&'static str, String)> = vec![("item", self.item), ("stance", stance)];
        if let Some((provenance, source)) = given {
            fields.push(("provenance", provenance.into()));
            fields.push(("source", source));
        }
        let optional = [
            ("prefers", self.prefers),
            ("accepts", self.accepts),
            ("opposes", self.opposes),
            ("at", self.at),
            ("range", self.range),
            ("limits", self.limits),
            ("maturity", self.maturity),
            ("reference", self.reference),
            ("note", self.note),
            ("text", self.text),
            ("published", self.published),
            ("as of", context.as_of.map(|date| date.to_string())),
        ];
        fields.extend(
            optional
                .into_iter()
                .filter_map(|(column, value)| value.map(|value| (column, value))),
        );
        if !conditions.is_empty() {
            fields.push(("conditions", conditions.join("\n")));
        }
        for (column, basis_column, value) in [
            ("salience", "salience basis", self.salience),
            ("flexibility", "flexibility basis", self.flexibility),
        ] {
            if let Some(value) = value {
                fields.push((column, value));
                fields.push((basis_column, basis.into()));
            }
        }
        Ok(Command::Set(SetRequest {
            scenario: self.scenario,
            who: self.who,
            in_group: self.in_group,
            fields,
            dry_run: self.dry_run,
            private: None,
        }))
    }
}

pub(crate) fn run(request: &SetRequest, settings: &Settings) -> Result<Output, Error> {
    // Read, changed and written back while no other writer of the scenario runs.
    let _lock = crate::write::lock_scenario(&request.scenario)?;
    if let Some(part) = &request.private {
        return run_private(request, part, settings);
    }
    let scenario = request.scenario.as_path();
    let (options, before) = load_before(request, settings)?;
    let (group, state) = whose(&before.scenario, &request.who, request.in_group.as_deref())?;
    let mut row = LongRow::new("the command line");
    let mut put = |column: &str, value: &str| {
        if let Some(at) = COLUMNS.iter().position(|c| *c == column) {
            row.cells[at] = Cell {
                value: value.to_owned(),
                place: format!("--{}", column.replace(' ', "-")).into(),
            };
        }
    };
    put("group", &group);
    if let Some(state) = &state {
        put("member state", state);
    }
    let item = request
        .fields
        .iter()
        .find(|(column, _)| *column == "item")
        .map_or("", |(_, value)| value.as_str());
    for (column, value) in &request.fields {
        if *column == "conditions" {
            put(
                column,
                &condition_lines(value, &option_ids(&before.scenario, item)),
            );
        } else {
            put(column, value);
        }
    }
    let mode = ImportMode::Merge {
        force: settings.force,
        provenance_required: true,
    };
    // An item split into issues: the same version of every issue, one row each.
    let rows: Vec<LongRow> = match before.scenario.parents.get(item) {
        Some(parent) => {
            let column = COLUMNS.iter().position(|c| *c == "item").unwrap_or(2);
            parent
                .issues
                .iter()
                .map(|issue| {
                    let mut one = row.clone();
                    one.cells[column].value = issue.to_string();
                    one
                })
                .collect()
        }
        None => vec![row],
    };
    let imported = table::import_long(
        &FsSource,
        (scenario, &before.scenario),
        &options,
        rows,
        mode,
    )
    .map_err(Error::Invalid)?;
    let whose = state.as_deref().unwrap_or(&group);
    // The warnings of the scenario as it is written: what the change brings (a maturity out of
    // the group's vocabulary, a source published after its date) is said now, not at the next
    // `validate`.
    let mut before = before;
    if !imported.files.is_empty() {
        before.warnings = imported.warnings.clone();
    }
    let item = match before.scenario.parents.get(item) {
        Some(parent) => format!("{item} (each of its {} issues)", parent.issues.len()),
        None => item.to_owned(),
    };
    let summary = if imported.files.is_empty() {
        format!("{whose} on {item}: the same version is there already; nothing to write")
    } else if imported.undated_replaced > 0 {
        format!("{whose} on {item}: the undated entry replaced by this dated version (--force)")
    } else if imported.replaced > 0 {
        format!("{whose} on {item}: a version of the same date replaced (--force)")
    } else {
        format!("{whose} on {item}: a version added")
    };
    let summary = concord_print::escape::text::field(&summary);
    if request.dry_run || imported.files.is_empty() {
        let changes = super::import_table::changes(scenario, &options, &imported.files, settings)?;
        let stdout = format!("{summary}\nnothing was written\n{changes}");
        return Ok(finish(settings, Kind::Plain, (stdout, vec![before], None)));
    }
    super::import_table::write_and_say((scenario, &imported.files, &[]), &summary, before, settings)
}

/// The option ids of `item` (of its first issue, for an item split into issues).
fn option_ids(scenario: &concord_core::model::Scenario, item: &str) -> Vec<String> {
    let item = scenario
        .parents
        .get(item)
        .and_then(|parent| parent.issues.first())
        .map_or(item, |issue| issue.as_str());
    match scenario.items.get(item).map(|item| &item.kind) {
        Some(concord_core::model::ItemKind::Options(options)) => {
            options.keys().map(ToString::to_string).collect()
        }
        _ => Vec::new(),
    }
}

/// `--condition` lines `OPTION=TEXT` as the table's `OPTION: TEXT`, each split at the first `=`
/// after which the left side is an option of the item (else at the first `=`).
fn condition_lines(raw: &str, options: &[String]) -> String {
    raw.split('\n')
        .map(|line| {
            let at = line
                .match_indices('=')
                .map(|(at, _)| at)
                .find(|&at| options.iter().any(|o| o == line[..at].trim()))
                .or_else(|| line.find('='));
            match at {
                Some(at) => format!("{}: {}", line[..at].trim(), &line[at + 1..]),
                None => line.to_owned(),
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The group whose file holds the cell, and the member state when the cell is a state's own.
fn whose(
    scenario: &concord_core::model::Scenario,
    who: &str,
    in_group: Option<&str>,
) -> Result<(String, Option<String>), Error> {
    if scenario.groups.contains_key(who) {
        return Ok((who.to_owned(), None));
    }
    let Some((state, _)) = scenario.states.get_key_value(who) else {
        let names = scenario
            .groups
            .keys()
            .map(|g| g.as_str())
            .chain(scenario.states.keys().map(|s| s.as_str()));
        return Err(Error::Usage {
            message: format!("`{who}` is neither a group nor a member state of the scenario"),
            hint: concord_core::load::suggest(who, names)
                .map(|best| format!("did you mean `{best}`?")),
        });
    };
    let groups: Vec<&str> = scenario.groups_of(state).map(|g| g.id.as_str()).collect();
    let group = match (in_group, groups.as_slice()) {
        (Some(group), _) if groups.contains(&group) => group,
        (Some(group), _) => {
            return Err(Error::Usage {
                message: format!("`{who}` is not an active member of `{group}`"),
                hint: Some(format!("its groups: {}", groups.join(", "))),
            });
        }
        (None, [one]) => one,
        (None, []) => {
            return Err(Error::Usage {
                message: format!("`{who}` is an active member of no group of the scenario"),
                hint: None,
            });
        }
        (None, _) => {
            return Err(Error::Usage {
                message: format!("`{who}` is in several groups: say whose file holds its position"),
                hint: Some(format!("--in {}", groups.join(" or --in "))),
            });
        }
    };
    Ok((group.to_owned(), Some(state.to_string())))
}

impl Args {
    /// `--private`: the confidential part, from the flags a confidential part has.
    fn private_request(self, context: &Context) -> Result<Command, String> {
        let public = [
            ("--prefers", self.prefers.is_some()),
            ("--accepts", self.accepts.is_some()),
            ("--opposes", self.opposes.is_some()),
            ("--condition", !self.condition.is_empty()),
            ("--at", self.at.is_some()),
            ("--range", self.range.is_some()),
            ("--salience", self.salience.is_some()),
            ("--maturity", self.maturity.is_some()),
            ("--reference", self.reference.is_some()),
            ("--text", self.text.is_some()),
            ("--stance", self.stance.is_some()),
            ("--in", self.in_group.is_some()),
            ("--weights-sourced", self.weights_sourced),
        ];
        if let Some((flag, _)) = public.iter().find(|(_, given)| *given) {
            return Err(format!(
                "{flag} is part of the public cell; a confidential part takes --fallbacks, \
                 --red-lines, --note, --flexibility and --limits"
            ));
        }
        let number = |flag: &str, text: &str| {
            text.trim()
                .parse::<f64>()
                .ok()
                .filter(|x| x.is_finite())
                .ok_or_else(|| format!("{flag} takes a number, not `{text}`"))
        };
        let flexibility = self
            .flexibility
            .as_deref()
            .map(|x| number("--flexibility", x))
            .transpose()?;
        let limits = match self.limits.as_deref() {
            Some(text) => {
                let (low, high) = text
                    .split_once('-')
                    .ok_or_else(|| format!("--limits takes A-B, not `{text}`"))?;
                Some((number("--limits", low)?, number("--limits", high)?))
            }
            None => None,
        };
        let list = |value: Option<String>| -> Vec<String> {
            value
                .unwrap_or_default()
                .split(',')
                .map(str::trim)
                .filter(|option| !option.is_empty())
                .map(str::to_owned)
                .collect()
        };
        let as_of = context.as_of.map(|date| date.to_string());
        let provenance = match (self.source, self.estimated, self.illustrative) {
            (Some(source), _, _) => Some(Source::Sourced {
                source,
                as_of: as_of.ok_or("a sourced part is dated: give --as-of YYYY-MM-DD")?,
                published: self.published,
            }),
            (_, Some(note), _) => Some(Source::Estimated { note, as_of }),
            (_, _, Some(note)) => Some(Source::Illustrative { note, as_of }),
            _ => None,
        };
        let part = Part {
            item: self.item,
            note: self.note,
            fallbacks: list(self.fallbacks),
            red_lines: list(self.red_lines),
            flexibility,
            limits,
            provenance,
        };
        if part.note.is_none()
            && part.fallbacks.is_empty()
            && part.red_lines.is_empty()
            && part.flexibility.is_none()
            && part.limits.is_none()
        {
            return Err(
                "a confidential part says something: give --fallbacks, --red-lines, \
                        --note, --flexibility or --limits"
                    .into(),
            );
        }
        Ok(Command::Set(SetRequest {
            scenario: self.scenario,
            who: self.who,
            in_group: None,
            fields: Vec::new(),
            dry_run: self.dry_run,
            private: Some(Box::new(part)),
        }))
    }
}

/// The scenario as it is, loaded as `set` loads it, with those options.
fn load_before(
    request: &SetRequest,
    settings: &Settings,
) -> Result<(LoadOptions, concord_core::load::Loaded), Error> {
    let options = LoadOptions {
        root: settings.root.clone(),
        ..LoadOptions::default()
    };
    let before = concord_core::load::load_scenario(&FsSource, &request.scenario, &options)
        .map_err(Error::Invalid)?;
    Ok((options, before))
}

/// `set --private`: the confidential part written into the group's private file.
fn run_private(request: &SetRequest, part: &Part, settings: &Settings) -> Result<Output, Error> {
    let scenario = request.scenario.as_path();
    let (options, before) = load_before(request, settings)?;
    if !before.scenario.groups.contains_key(request.who.as_str()) {
        return Err(Error::Usage {
            message: format!(
                "`{}`: a confidential part is a group's; give a group of the scenario",
                request.who
            ),
            hint: concord_core::load::suggest(
                &request.who,
                before.scenario.groups.keys().map(|g| g.as_str()),
            )
            .map(|best| format!("did you mean `{best}`?")),
        });
    }
    check_options(&before.scenario, part)?;
    let (file, outcome) = private::set_part(
        &FsSource,
        scenario,
        &options,
        (&request.who, part, settings.force),
    )
    .map_err(Error::Invalid)?;
    let what = match outcome {
        Outcome::Added => "a confidential part added",
        Outcome::Replaced => "the confidential part replaced (--force)",
        Outcome::Unchanged => "the same confidential part is there already; nothing to write",
    };
    let summary = concord_print::escape::text::field(&format!(
        "{} on {} (private, read only by --for {}): {what}",
        request.who, part.item, request.who
    ));
    match file {
        Some((path, text)) if !request.dry_run => {
            let shown = path.display().to_string();
            let files = [(path, text)];
            super::import_table::write_files_as(scenario, (&files, &[]), settings, true)?;
            let stdout = format!("{summary}\nwrote {shown} (0600)\n");
            Ok(finish(settings, Kind::Plain, (stdout, vec![before], None)))
        }
        _ => {
            let stdout = format!("{summary}\nnothing was written\n");
            Ok(finish(settings, Kind::Plain, (stdout, vec![before], None)))
        }
    }
}

/// The item of a confidential part and the options it names, checked against the scenario (an
/// item split into issues: the options of its issues), each wrong one named by its flag.
fn check_options(scenario: &concord_core::model::Scenario, part: &Part) -> Result<(), Error> {
    let items: Vec<&concord_core::model::Item> = match scenario.items.get(part.item.as_str()) {
        Some(item) => vec![item],
        None => scenario
            .items
            .values()
            .filter(|item| {
                item.parent
                    .as_ref()
                    .is_some_and(|p| p.as_str() == part.item)
            })
            .collect(),
    };
    if items.is_empty() {
        let names = scenario
            .items
            .keys()
            .map(|id| id.as_str())
            .chain(scenario.parents.keys().map(String::as_str));
        return Err(Error::Usage {
            message: format!("`{}` is not an item of the scenario", part.item),
            hint: concord_core::load::suggest(&part.item, names)
                .map(|best| format!("did you mean `{best}`?")),
        });
    }
    let options_of = |item: &concord_core::model::Item| -> Vec<String> {
        match &item.kind {
            concord_core::model::ItemKind::Options(options) => {
                options.keys().map(ToString::to_string).collect()
            }
            concord_core::model::ItemKind::Scale(_) => Vec::new(),
        }
    };
    for (flag, options) in [
        ("--fallbacks", &part.fallbacks),
        ("--red-lines", &part.red_lines),
    ] {
        for option in options {
            if !items.iter().all(|item| options_of(item).contains(option)) {
                let known = options_of(items[0]);
                return Err(Error::Usage {
                    message: format!("{flag}: `{}` has no option `{option}`", part.item),
                    hint: Some(format!("its options: {}", known.join(", "))),
                });
            }
        }
    }
    Ok(())
}

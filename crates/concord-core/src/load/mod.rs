//! Loading: RON files → raw types → the validated [`Scenario`].
//!
//! Only this module touches files, and only through a [`FileSource`]. Parsing stops at the first
//! error within a file (serde's way; a positions file then has each position parsed alone, see
//! [`recover`]), but every file is parsed and every semantic problem across
//! all of them is collected, so one run reports everything it can.

mod edit;
mod edit_apply;
pub(crate) mod fast;
mod hints;
pub(crate) mod locate;
pub(crate) mod raw;
mod raw_agenda;
mod raw_provenance;
mod read;
mod recover;
pub(crate) mod shared;
mod source;
mod validate;
mod versions;

#[cfg(test)]
mod fast_tests;
#[cfg(test)]
mod raw_tests;

pub use validate::closest as suggest;
pub(crate) use validate::{MAX_CAPABILITY, MAX_CELLS, MAX_GROUPS, MAX_ROUNDS, MAX_TOTAL_ROUNDS};

pub use edit::WhatIf;
pub(crate) use source::resolve;
pub use source::{
    FileSource, FsSource, MemorySource, Overlay, file_kind, normalize, read_bounded, ron_files,
};

use std::path::{Path, PathBuf};

use ron::error::{Error as RonError, SpannedError};
use serde::de::DeserializeOwned;

use crate::diag::{Code, Diagnostic, Diagnostics, Location, SourceText};
use crate::model::{Outcomes, Scenario};
use locate::{Seg, SpanIndex};

/// A scenario that loaded without errors, its warnings, and its recorded outcomes (kept apart
/// from the scenario so analysis cannot read them).
#[derive(Debug)]
pub struct Loaded {
    /// The validated scenario.
    pub scenario: Scenario,
    /// The recorded outcomes, when the scenario names an outcomes file.
    pub outcomes: Option<Outcomes>,
    /// Every warning found (there were no errors), sorted by file (in load order), position and
    /// code.
    pub warnings: Diagnostics,
    /// Every file read, in load order, then every file named but absent (an optional private
    /// file): outputs are never written over one of them.
    pub inputs: Vec<PathBuf>,
}

/// How a scenario is loaded; the default reads it as written, its files under [`default_root`].
#[derive(Clone, Debug, Default, PartialEq)]
pub struct LoadOptions {
    /// The directory every file the scenario names must lie in (`--root`): a file outside it
    /// is an `outside-root` error and is never read, so a scenario cannot make concord quote
    /// `/etc/shadow` in a diagnostic. `None`: [`default_root`] of the scenario.
    pub root: Option<PathBuf>,
    /// What-if changes applied to the positions before validation, in order; problems in them
    /// are diagnostics like any other.
    pub whatifs: Vec<edit::WhatIf>,
    /// Replay at this date (`--as-of`): the scenario's `as_of` becomes it, and only positions
    /// dated by it are known (docs/files.md, "Dated versions and replay").
    pub replay: Option<crate::model::Date>,
    /// Whose confidential parts are read (`--for`); by default nobody's.
    pub read_for: ReadFor,
}

/// Whose confidential parts a load reads: the rule every output follows (docs/workflow.md, "Who
/// sees what").
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum ReadFor {
    /// Nobody's: no private file is read, and inline confidential parts are dropped.
    #[default]
    Public,
    /// One reader's, by a group id or a member state's code: its own groups' parts only. A name
    /// that is neither is an `unknown-reader` error.
    Reader(String),
    /// Every group's, for writing one output per reader ([`crate::model::Scenario::for_reader`]).
    EveryOwner,
}

/// Loads and validates the scenario at `path` (relative paths inside it resolve against its
/// directory). On any error, every diagnostic found is returned and no scenario.
pub fn load_scenario(
    source: &dyn FileSource,
    path: &Path,
    options: &LoadOptions,
) -> Result<Loaded, Diagnostics> {
    let root = options.root.clone().unwrap_or_else(|| default_root(path));
    let mut ctx = Ctx {
        root: Some(Root::new(source, &root)),
        ..Ctx::default()
    };
    let scenario_path = source::normalize(path);
    let result = match ctx.read(source, &scenario_path, None) {
        Some(file) => {
            let edits = edit::parse_all(&mut ctx, source, &options.whatifs);
            validate::scenario(
                &mut ctx,
                source,
                &scenario_path,
                file,
                edits,
                (options.replay, &options.read_for),
            )
        }
        None => None,
    };
    let inputs = ctx
        .files
        .iter()
        .filter(|file| !file.path.as_os_str().is_empty())
        .map(|file| file.path.clone())
        .chain(ctx.absent.iter().cloned())
        .collect();
    let diagnostics = ctx.finish();
    match result {
        Some((scenario, outcomes)) if !diagnostics.has_errors() => Ok(Loaded {
            scenario,
            outcomes,
            warnings: diagnostics,
            inputs,
        }),
        _ => Err(diagnostics),
    }
}

/// The directory every file a scenario names must lie in, by default: the directory above
/// `scenarios/` for a scenario in a `scenarios/` directory (a checkout: `scenarios/`,
/// `positions/`), else the scenario's own directory.
pub fn default_root(scenario: &Path) -> PathBuf {
    let scenario = source::normalize(scenario);
    let dir = scenario.parent().unwrap_or(Path::new(""));
    match dir.file_name() {
        Some(name) if name == "scenarios" => dir.parent().unwrap_or(Path::new("")).to_owned(),
        _ => dir.to_owned(),
    }
}

/// The largest file concord reads: 64 MiB.
pub(crate) const MAX_FILE_BYTES: u64 = 64 << 20;

/// The most agenda items a scenario may have.
pub(crate) const MAX_ITEMS: usize = 100_000;

/// The RON options every file is read with: `implicit_some`, so `prefers: "noc"` needs no
/// `Some(...)`.
pub(crate) fn ron_options() -> ron::Options {
    ron::Options::default().with_default_extension(ron::extensions::Extensions::IMPLICIT_SOME)
}

/// Index of a file in [`Ctx::files`].
pub(crate) type FileId = usize;

pub(crate) struct LoadedFile {
    /// The path as read (never through a lossy string: it is what outputs are compared with).
    path: PathBuf,
    /// The path as diagnostics show it.
    name: String,
    text: String,
    /// Built on the first diagnostic in the file: a valid file never pays for it.
    index: std::cell::OnceCell<SpanIndex>,
}

impl LoadedFile {
    fn index(&self) -> &SpanIndex {
        self.index.get_or_init(|| SpanIndex::new(&self.text))
    }
}

/// The directory a scenario's files must lie in, lexically and with symbolic links resolved.
pub(crate) struct Root {
    shown: PathBuf,
    absolute: PathBuf,
    canonical: Option<PathBuf>,
}

impl Root {
    fn new(source: &dyn FileSource, root: &Path) -> Self {
        let absolute = absolute(source, root);
        Root {
            shown: if root.as_os_str().is_empty() {
                PathBuf::from(".")
            } else {
                source::normalize(root)
            },
            canonical: source.canonical(&absolute),
            absolute,
        }
    }

    /// Whether `path` lies inside: by its name, and where it exists, by where it really is.
    fn contains(&self, source: &dyn FileSource, path: &Path) -> bool {
        let absolute = absolute(source, path);
        if !absolute.starts_with(&self.absolute) {
            return false;
        }
        match (&self.canonical, source.canonical(&absolute)) {
            (Some(root), Some(real)) => real.starts_with(root),
            _ => true,
        }
    }
}

/// `path` against the source's working directory, normalized.
fn absolute(source: &dyn FileSource, path: &Path) -> PathBuf {
    if path.is_absolute() {
        source::normalize(path)
    } else {
        source::normalize(&source.working_dir().join(path))
    }
}

/// Files read so far and diagnostics collected so far.
pub(crate) struct Ctx {
    /// Where named files must lie (`None`: anywhere, for a scenario given as text).
    root: Option<Root>,
    /// Files the scenario names that were absent (private files are optional).
    absent: Vec<PathBuf>,
    files: Vec<LoadedFile>,
    diagnostics: Vec<(usize, Diagnostic)>,
    /// [`MAX_ITEMS`], lowered by tests.
    pub(crate) max_items: usize,
}

impl Default for Ctx {
    fn default() -> Self {
        Ctx {
            root: None,
            absent: Vec::new(),
            files: Vec::new(),
            diagnostics: Vec::new(),
            max_items: MAX_ITEMS,
        }
    }
}

/// Where a file was named: the file and the path of the string naming it.
pub(crate) type Reference<'a> = (FileId, &'a [Seg<'a>]);

impl Ctx {
    /// Deserializes a file that was read, reporting a RON error with its location.
    /// A positions file: by the fast path when it can, else by ron (see [`fast`]).
    /// When it does not parse, the errors of every position are reported, not only the first
    /// (see [`recover`]).
    pub(crate) fn parse_positions(&mut self, file: FileId) -> Option<raw::PositionsFile> {
        if let Some(parsed) = fast::positions(&self.files[file].text) {
            return Some(parsed);
        }
        match ron_options().from_str::<raw::PositionsFile>(&self.files[file].text) {
            Ok(value) => Some(value),
            Err(error) => {
                let first = self.ron_diagnostic(file, &error);
                let found = recover::errors(self, file, first);
                self.diagnostics
                    .extend(found.into_iter().map(|diagnostic| (file, diagnostic)));
                None
            }
        }
    }

    pub(crate) fn parse<T: DeserializeOwned>(&mut self, file: FileId) -> Option<T> {
        match ron_options().from_str::<T>(&self.files[file].text) {
            Ok(value) => Some(value),
            Err(error) => {
                let diagnostic = self.ron_diagnostic(file, &error);
                self.diagnostics.push((file, diagnostic));
                None
            }
        }
    }

    /// A context holding only `file` (moved out of this one, with id 0), for checking the file
    /// on another thread; [`Ctx::absorb`] moves it back.
    pub(crate) fn detach(&mut self, file: FileId) -> Ctx {
        let placeholder = LoadedFile {
            path: PathBuf::new(),
            name: String::new(),
            text: String::new(),
            index: std::cell::OnceCell::new(),
        };
        Ctx {
            root: None,
            absent: Vec::new(),
            files: vec![std::mem::replace(&mut self.files[file], placeholder)],
            diagnostics: Vec::new(),
            max_items: self.max_items,
        }
    }

    /// The bytes of text read so far.
    pub(crate) fn text_len(&self) -> usize {
        self.files.iter().map(|file| file.text.len()).sum()
    }

    /// Moves a [`Ctx::detach`]ed file back as `file`, with its diagnostics when `keep`.
    pub(crate) fn absorb(&mut self, file: FileId, mut detached: Ctx, keep: bool) {
        if let Some(loaded) = detached.files.pop() {
            self.files[file] = loaded;
        }
        if keep {
            self.diagnostics.extend(
                detached
                    .diagnostics
                    .into_iter()
                    .map(|(_, diagnostic)| (file, diagnostic)),
            );
        }
    }

    fn ron_diagnostic(&self, file: FileId, error: &SpannedError) -> Diagnostic {
        self.ron_diagnostic_in(file, 0, error)
    }

    /// A ron error found in the text of `file` from byte `base` on (a part parsed alone).
    fn ron_diagnostic_in(&self, file: FileId, base: usize, error: &SpannedError) -> Diagnostic {
        let loaded = &self.files[file];
        let (code, message, hint) = describe_ron_error(&error.code);
        let part = &loaded.text[base..];
        let start = base + recover::offset_in(part, error.span.start.line, error.span.start.col);
        // A slip concord recognises gets the right form as its hint.
        let hint = hints::right_form(&loaded.text, start).or(hint);
        let end =
            (base + recover::offset_in(part, error.span.end.line, error.span.end.col)).max(start);
        let (line, column) = if base == 0 {
            (error.span.start.line, error.span.start.col)
        } else {
            loaded.index().line_col(&loaded.text, start)
        };
        // ron reports a missing field at the closing bracket: point at the struct instead.
        let opened = match &error.code {
            RonError::MissingStructField { .. } => loaded.index().opened_before(start),
            _ => None,
        };
        let (start, end, line, column) = match (&error.code, opened) {
            (RonError::MissingStructField { .. }, Some(opened)) => {
                let (line, column) = loaded.index().line_col(&loaded.text, opened.start);
                (opened.start, opened.end, line, column)
            }
            _ => (start, end, line, column),
        };
        Diagnostic {
            code,
            message,
            location: Some(Location {
                file: loaded.name.clone(),
                line,
                column,
                span: start..end,
            }),
            hint,
        }
    }

    pub(crate) fn name(&self, file: FileId) -> &str {
        &self.files[file].name
    }

    /// Reports a diagnostic at the value `path` of `file`.
    pub(crate) fn report(
        &mut self,
        code: Code,
        file: FileId,
        path: &[Seg<'_>],
        message: impl Into<String>,
        hint: Option<String>,
    ) {
        self.report_at(Some((file, path)), code, message.into(), hint);
    }

    fn report_at(
        &mut self,
        at: Option<Reference<'_>>,
        code: Code,
        message: String,
        hint: Option<String>,
    ) {
        let (order, location) = match at {
            Some((file, path)) => {
                let loaded = &self.files[file];
                let span = loaded.index().find(path);
                let (line, column) = loaded.index().line_col(&loaded.text, span.start);
                (
                    file,
                    Some(Location {
                        file: loaded.name.clone(),
                        line,
                        column,
                        span,
                    }),
                )
            }
            None => (0, None),
        };
        self.diagnostics.push((
            order,
            Diagnostic {
                code,
                message,
                location,
                hint,
            },
        ));
    }

    /// Sorted diagnostics (file load order, then position, then code) with their sources.
    fn finish(self) -> Diagnostics {
        let mut list = self.diagnostics;
        list.sort_by(|(file_a, a), (file_b, b)| {
            let key = |d: &Diagnostic| {
                d.location
                    .as_ref()
                    .map(|location| (location.span.start, location.span.end))
            };
            file_a
                .cmp(file_b)
                .then_with(|| key(a).cmp(&key(b)))
                .then_with(|| a.code.cmp(&b.code))
                .then_with(|| a.message.cmp(&b.message))
        });
        list.dedup_by(|a, b| a.1 == b.1);
        // Only the files a diagnostic points into are kept for rendering: a valid scenario of a
        // hundred megabytes does not stay in memory as text.
        let cited: std::collections::BTreeSet<&str> = list
            .iter()
            .filter_map(|(_, diagnostic)| diagnostic.location.as_ref())
            .map(|location| location.file.as_str())
            .collect();
        let sources = self
            .files
            .into_iter()
            .filter(|file| cited.contains(file.name.as_str()))
            .map(|file| SourceText {
                name: file.name,
                text: file.text,
            })
            .collect();
        Diagnostics {
            list: list.into_iter().map(|(_, diagnostic)| diagnostic).collect(),
            sources,
        }
    }
}

fn describe_ron_error(error: &RonError) -> (Code, String, Option<String>) {
    match error {
        RonError::NoSuchStructField {
            expected,
            found,
            outer,
        } => (
            Code::UnknownField,
            format!("unknown field `{found}`{}", within(outer.as_deref())),
            Some(expected_one_of(found, expected)),
        ),
        RonError::MissingStructField { field, outer } => (
            Code::MissingField,
            format!("missing field `{field}`{}", within(outer.as_deref())),
            None,
        ),
        RonError::DuplicateStructField { field, outer } => (
            Code::DuplicateField,
            format!("field `{field}` given twice{}", within(outer.as_deref())),
            None,
        ),
        RonError::NoSuchEnumVariant {
            expected,
            found,
            outer,
        } => (
            Code::UnknownVariant,
            format!("unknown variant `{found}`{}", within(outer.as_deref())),
            Some(expected_one_of(found, expected)),
        ),
        RonError::Message(message) if message.starts_with(raw::DUPLICATE_KEY) => (
            Code::DuplicateField,
            message.clone(),
            Some("give each key once; otherwise the last value would silently win".into()),
        ),
        RonError::Message(message) if message.starts_with(raw::TOO_MANY) => (
            Code::TooManyItems,
            message[raw::TOO_MANY.len()..].trim_start().to_owned(),
            Some("split the agenda into several scenarios".into()),
        ),
        RonError::InvalidValueForType { .. }
        | RonError::ExpectedString
        | RonError::ExpectedStringEnd
        | RonError::ExpectedInteger
        | RonError::ExpectedFloat
        | RonError::ExpectedBoolean
        | RonError::ExpectedArray
        | RonError::ExpectedMap
        | RonError::ExpectedOption
        | RonError::ExpectedStructLike
        | RonError::ExpectedNamedStructLike(_)
        | RonError::ExpectedDifferentStructName { .. }
        | RonError::ExpectedDifferentLength { .. }
        | RonError::ExpectedUnit
        | RonError::IntegerOutOfBounds
        | RonError::Message(_) => (Code::WrongType, lowercase_first(&error.to_string()), None),
        RonError::ExpectedComma => (
            Code::Syntax,
            "expected a comma".into(),
            Some("fields and list elements are separated by commas: one is probably missing at the end of the previous value".into()),
        ),
        RonError::ExceededRecursionLimit => (
            Code::Syntax,
            "the file nests deeper than 128 levels".into(),
            Some("flatten the structure; no concord file needs this depth".into()),
        ),
        _ => (Code::Syntax, lowercase_first(&error.to_string()), None),
    }
}

fn within(outer: Option<&str>) -> String {
    outer
        .map(|outer| format!(" in `{outer}`"))
        .unwrap_or_default()
}

fn expected_one_of(found: &str, expected: &[&str]) -> String {
    let list = expected
        .iter()
        .map(|name| format!("`{name}`"))
        .collect::<Vec<_>>()
        .join(", ");
    match validate::closest(found, expected.iter().copied()) {
        Some(best) => format!("did you mean `{best}`? expected one of {list}"),
        None => format!("expected one of {list}"),
    }
}

fn lowercase_first(text: &str) -> String {
    let mut chars = text.chars();
    let mut out: String = chars
        .next()
        .map(|first| first.to_lowercase().collect())
        .unwrap_or_default();
    out.push_str(chars.as_str());
    out.trim_end_matches('.').to_owned()
}

/// The kinds of file concord reads, for [`check_file`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileKind {
    /// `Scenario(...)`.
    Scenario,
    /// `States(...)`.
    States,
    /// `Groups(...)`.
    Groups,
    /// `Positions(...)`.
    Positions,
    /// `Private(...)`.
    Private,
    /// `Outcomes(...)`.
    Outcomes,
    /// `Overlay(...)`: what-if changes kept in a file.
    Overlay,
    /// `Organisation(...)`: a non-voting organisation's views.
    Organisation,
}

/// Checks that `text` is a well-formed file of `kind` (its syntax and fields, not the references
/// a whole scenario resolves): the first problem, located, or nothing.
pub fn check_file(kind: FileKind, text: &str) -> Result<(), Box<Diagnostic>> {
    match kind {
        FileKind::Scenario => parse_str::<raw::ScenarioFile>(text).map(drop),
        FileKind::States => parse_str::<raw::StatesFile>(text).map(drop),
        FileKind::Groups => parse_str::<raw::GroupsFile>(text).map(drop),
        FileKind::Positions => parse_str::<raw::PositionsFile>(text).map(drop),
        FileKind::Private => parse_str::<raw::PrivateFile>(text).map(drop),
        FileKind::Outcomes => parse_str::<raw::OutcomesFile>(text).map(drop),
        FileKind::Overlay => parse_str::<edit::OverlayFile>(text).map(drop),
        FileKind::Organisation => parse_str::<raw::OrganisationFile>(text).map(drop),
    }
}

/// Parses one RON string as a raw type: the same options as the loader.
pub(crate) fn parse_str<T: DeserializeOwned>(text: &str) -> Result<T, Box<Diagnostic>> {
    let mut ctx = Ctx::default();
    let mut memory = MemorySource::new();
    memory.insert("input.ron", text);
    let file = ctx
        .read(&memory, Path::new("input.ron"), None)
        .ok_or_else(|| Box::new(ctx.diagnostics[0].1.clone()))?;
    ctx.parse::<T>(file)
        .ok_or_else(|| Box::new(ctx.diagnostics.remove(0).1))
}

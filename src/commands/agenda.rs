//! `concord agenda split` and `concord agenda rename`: the agenda restructured across every file
//! of a scenario (its items, the groups' positions, the private files, the outcomes, the
//! organisations' views) as one change, checked by loading the result before anything is
//! written, then written all or nothing (or, with `--dry-run`, only shown as `diff` shows it).

#[allow(clippy::wildcard_imports)]
use super::*;
use concord_core::interop::agenda::{self, AgendaChange, AgendaError};
use concord_core::load::{FsSource, LoadOptions, MemorySource, Overlay, ReadFor as CoreReadFor};

/// The arguments of `concord agenda`.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    action: Action,
}

#[derive(Debug, clap::Subcommand)]
enum Action {
    /// Turn an item into issues (`--into a,b,c` makes `1.7a`, `1.7b`, `1.7c`), each with the
    /// item's options; every position, member state's position, confidential part, outcome and
    /// organisation's view on the item is copied to each issue, marked by a comment.
    Split {
        /// The scenario file.
        scenario: PathBuf,
        /// The item to split.
        item: String,
        /// The issues: suffixes of the item's id, or whole ids (comma-separated).
        #[arg(long, value_name = "A,B,...", required = true)]
        into: Vec<String>,
        /// Print what would change, as `diff` does, and write nothing.
        #[arg(long)]
        dry_run: bool,
    },
    /// Give an item or an issue a new id, in the agenda (its id and every `depends_on`) and in
    /// every file that names it.
    Rename {
        /// The scenario file.
        scenario: PathBuf,
        /// The id it has.
        old: String,
        /// The id it gets.
        new: String,
        /// Print what would change, as `diff` does, and write nothing.
        #[arg(long)]
        dry_run: bool,
    },
}

/// What `agenda` is asked to do.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AgendaRequest {
    /// Split an item into issues.
    Split {
        /// The item.
        item: String,
        /// The issues' suffixes or ids.
        into: Vec<String>,
    },
    /// Rename an item or issue.
    Rename {
        /// The id it has.
        old: String,
        /// The id it gets.
        new: String,
    },
}

impl Args {
    /// The request.
    pub fn request(self, context: &Context) -> Result<Command, String> {
        if context.output.is_some() {
            return Err("`agenda` writes into the scenario's own files: drop -o".into());
        }
        let (scenario, request, dry_run) = match self.action {
            Action::Split {
                scenario,
                item,
                into,
                dry_run,
            } => (scenario, AgendaRequest::Split { item, into }, dry_run),
            Action::Rename {
                scenario,
                old,
                new,
                dry_run,
            } => (scenario, AgendaRequest::Rename { old, new }, dry_run),
        };
        Ok(Command::Agenda {
            scenario,
            request,
            dry_run,
        })
    }
}

pub(crate) fn run(
    scenario: &Path,
    request: &AgendaRequest,
    dry_run: bool,
    settings: &Settings,
) -> Result<Output, Error> {
    let _lock = crate::write::lock_scenario(scenario)?;
    // Every owner's private file is read: a split or a rename must reach them too.
    let options = LoadOptions {
        root: settings.root.clone(),
        read_for: CoreReadFor::EveryOwner,
        ..LoadOptions::default()
    };
    let before =
        concord_core::load::load_scenario(&FsSource, scenario, &options).map_err(Error::Invalid)?;
    let files = (scenario, before.inputs.as_slice());
    let change = match request {
        AgendaRequest::Split { item, into } => {
            agenda::split(&FsSource, files, &before.scenario, item, into)
        }
        AgendaRequest::Rename { old, new } => {
            agenda::rename(&FsSource, files, &before.scenario, old, new)
        }
    }
    .map_err(usage)?;
    check(scenario, &options, &change)?;
    let summary = summary_line(request, &change);
    if dry_run {
        let changes = super::import_table::changes(scenario, &options, &change.files, settings)?;
        let stdout = format!(
            "{summary}\nwould change {} file(s); nothing was written\n{changes}",
            change.files.len()
        );
        return Ok(finish(settings, Kind::Plain, (stdout, vec![before], None)));
    }
    super::import_table::write_and_say((scenario, &change.files, &[]), &summary, before, settings)
}

/// The changed scenario loads without an error, or nothing is written.
fn check(scenario: &Path, options: &LoadOptions, change: &AgendaChange) -> Result<(), Error> {
    let mut top = MemorySource::new();
    for (path, text) in &change.files {
        top.insert(path, text.as_str());
    }
    let after = Overlay {
        top,
        base: &FsSource,
    };
    concord_core::load::load_scenario(&after, scenario, options)
        .map(drop)
        .map_err(|diagnostics| {
            let count = diagnostics.errors().count();
            let first = diagnostics
                .errors()
                .next()
                .map(|d| format!("[{}] {}", d.code.name(), d.message))
                .unwrap_or_default();
            Error::Usage {
                message: format!(
                    "the change would leave the scenario invalid ({count} error{}; the first: \
                     {first}); nothing was written",
                    if count == 1 { "" } else { "s" }
                ),
                hint: Some(
                    "the files on disk are unchanged: edit the agenda by hand, or report the case"
                        .into(),
                ),
            }
        })
}

fn summary_line(request: &AgendaRequest, change: &AgendaChange) -> String {
    match request {
        AgendaRequest::Split { item, .. } => format!(
            "split {} into {} issue(s): {}; {} entr{} copied to each issue",
            concord_print::escape::text::field(item),
            change.ids.len(),
            concord_print::escape::text::field(&change.ids.join(", ")),
            change.entries,
            if change.entries == 1 { "y" } else { "ies" }
        ),
        AgendaRequest::Rename { old, new } => format!(
            "renamed {} to {}; {} entr{} renamed",
            concord_print::escape::text::field(old),
            concord_print::escape::text::field(new),
            change.entries,
            if change.entries == 1 { "y" } else { "ies" }
        ),
    }
}

fn usage(error: AgendaError) -> Error {
    Error::Usage {
        message: error.message,
        hint: error.hint,
    }
}

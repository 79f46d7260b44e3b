//! `concord set --private`: the confidential part of one group's cell, written into the group's
//! private file (the one the scenario lists for it, created when it is listed but absent),
//! never into the public positions file.
//!
//! A cell has one confidential part (not dated versions): a new one is added, the same one
//! again changes nothing, a different one is refused unless `force`. The result is loaded for
//! the group (`--for`) before it is returned, so an option the part names is checked.

use std::path::{Path, PathBuf};

use super::table::text::{append_edit, ron_text};
use super::table::{one, parse_file, read_text};
use crate::diag::{Code, Diagnostics};
use crate::load::locate::{Seg, SpanIndex};
use crate::load::{FileSource, LoadOptions, MemorySource, Overlay, ReadFor, load_scenario, raw};

/// Where a confidential part comes from.
#[derive(Clone, Debug, PartialEq)]
pub enum Source {
    /// From a document, as of a date.
    Sourced {
        /// The document.
        source: String,
        /// `YYYY-MM-DD`.
        as_of: String,
        /// When the document was published, when known.
        published: Option<String>,
    },
    /// The coordinator's estimate: what it rests on.
    Estimated {
        /// What it rests on.
        note: String,
        /// When it was made.
        as_of: Option<String>,
    },
    /// Made up: why.
    Illustrative {
        /// Why.
        note: String,
        /// The date it stands at.
        as_of: Option<String>,
    },
}

/// The confidential part of one cell.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Part {
    /// The item (or issue).
    pub item: String,
    /// A note for the group's delegation.
    pub note: Option<String>,
    /// More acceptable options, after the public ones.
    pub fallbacks: Vec<String>,
    /// More red lines.
    pub red_lines: Vec<String>,
    /// The true flexibility, 0-1.
    pub flexibility: Option<f64>,
    /// Scale items: the true hard limits.
    pub limits: Option<(f64, f64)>,
    /// Where it comes from.
    pub provenance: Option<Source>,
}

/// What [`set_part`] did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// The cell had no confidential part.
    Added,
    /// A different one was replaced (`force`).
    Replaced,
    /// The same one is there: nothing to write.
    Unchanged,
}

/// The private file of `group` with `part` set in it: its path and new text (`None` when it is
/// unchanged), and what was done.
pub fn set_part(
    source: &dyn FileSource,
    scenario: &Path,
    options: &LoadOptions,
    (group, part, force): (&str, &Part, bool),
) -> Result<(Option<(PathBuf, String)>, Outcome), Diagnostics> {
    let file: raw::ScenarioFile = parse_file(source, scenario)?;
    let entry = raw_entry(part);
    let mut found = None;
    for relative in &file.private {
        let path = crate::load::resolve(scenario, relative);
        match source.read(&path) {
            Ok(_) => {
                let private: raw::PrivateFile = parse_file(source, &path)?;
                if private.group == group {
                    found = Some((path, Some(private)));
                    break;
                }
            }
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
                let stem = path.file_stem().map(|s| s.to_string_lossy().to_lowercase());
                if stem.as_deref() == Some(group.to_lowercase().as_str()) && found.is_none() {
                    found = Some((path, None));
                }
            }
            Err(_) => {}
        }
    }
    let Some((path, private)) = found else {
        return Err(one(
            Code::PrivateFileOwner,
            &scenario.display().to_string(),
            format!("the scenario lists no private file for `{group}`"),
            Some(format!(
                "add \"…/private/{}.ron\" to the scenario's `private` (it may not exist yet)",
                group.to_lowercase()
            )),
        ));
    };
    let entry_text = format!("        {}", ron_text(&entry, "        ").trim_end());
    let (text, outcome) = match private {
        None => (
            format!(
                "// {group}'s confidential parts: only {group}'s own outputs (--for {group}) read this file.\n\
                 Private(\n    group: {},\n    confidential: [\n{entry_text},\n    ],\n)\n",
                ron_text(&group, "").trim_end()
            ),
            Outcome::Added,
        ),
        Some(private) => {
            let text = read_text(source, &path)?;
            let index = SpanIndex::new(&text);
            match private
                .confidential
                .iter()
                .position(|e| e.item == part.item)
            {
                Some(at) if private.confidential[at] == entry => {
                    return Ok((None, Outcome::Unchanged));
                }
                Some(_) if !force => {
                    return Err(one(
                        Code::VersionConflict,
                        "the command line",
                        format!(
                            "`{group}` has a different confidential part on `{}`",
                            part.item
                        ),
                        Some("give --force to replace it".into()),
                    ));
                }
                Some(at) => {
                    let span = index.find(&[Seg::F("confidential"), Seg::I(at)]);
                    let mut out = text.clone();
                    out.replace_range(span, entry_text.trim_start());
                    (out, Outcome::Replaced)
                }
                None => {
                    let count = private.confidential.len();
                    let (start, end, new) =
                        append_edit(&text, &index, ("confidential", count), &[entry_text]);
                    let mut out = text.clone();
                    out.replace_range(start..end, &new);
                    (out, Outcome::Added)
                }
            }
        }
    };
    // Loaded for the group itself, so the part is read and checked.
    let mut top = MemorySource::new();
    top.insert(&path, text.as_str());
    let overlay = Overlay { top, base: source };
    let options = LoadOptions {
        read_for: ReadFor::Reader(group.to_owned()),
        ..options.clone()
    };
    load_scenario(&overlay, scenario, &options)?;
    Ok((Some((path, text)), outcome))
}

fn raw_entry(part: &Part) -> raw::PrivateEntry {
    raw::PrivateEntry {
        item: part.item.clone(),
        note: part.note.clone(),
        fallbacks: part.fallbacks.clone(),
        red_lines: part.red_lines.clone(),
        flexibility: part.flexibility,
        limits: part.limits,
        provenance: part.provenance.clone().map(|source| match source {
            Source::Sourced {
                source,
                as_of,
                published,
            } => raw::Provenance::Sourced {
                source,
                as_of,
                published,
            },
            Source::Estimated { note, as_of } => raw::Provenance::Estimated { note, as_of },
            Source::Illustrative { note, as_of } => raw::Provenance::Illustrative { note, as_of },
        }),
    }
}

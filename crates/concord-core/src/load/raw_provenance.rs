//! The raw form of a provenance, as the files write it (`Sourced(...)`, `Estimated(...)`,
//! `Illustrative(...)`); [`raw`](super::raw) re-exports it.

use serde::{Deserialize, Serialize};

/// Where a cell or a confidential part comes from.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Provenance {
    /// Taken from a source, as of a date.
    Sourced {
        /// The source: a document, minutes, a proposal.
        source: String,
        /// `YYYY-MM-DD` or `YYYY-MM`: the date of the information.
        as_of: String,
        /// `YYYY-MM-DD` or `YYYY-MM`: when the source was published, when it is dated. A
        /// position cannot rest on a document published after its `as_of` (hindsight).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        published: Option<String>,
    },
    /// A coordinator's estimate of a position no source gives (corridor talk, a group's record):
    /// stated, marked as an estimate everywhere it is shown.
    Estimated {
        /// What the estimate rests on.
        note: String,
        /// `YYYY-MM-DD` or `YYYY-MM`: when the estimate was made, so estimates can have versions.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        as_of: Option<String>,
    },
    /// Made up to illustrate the tool; never a fact.
    Illustrative {
        /// What the illustration is.
        note: String,
        /// `YYYY-MM-DD` or `YYYY-MM`: the date the illustration stands at, so made-up positions
        /// can have versions.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        as_of: Option<String>,
    },
    /// One of the positions file's `provenances`, by its name: resolved when the file is read
    /// ([`crate::load::shared`]), so nothing after that sees it.
    Named(String),
    /// A name that resolved to nothing, reported where it is written; never in a file.
    #[serde(skip)]
    Unresolved,
}

impl Provenance {
    /// The date as written, whatever the kind, when given.
    pub fn as_of(&self) -> Option<&str> {
        match self {
            Provenance::Sourced { as_of, .. } => Some(as_of),
            Provenance::Estimated { as_of, .. } | Provenance::Illustrative { as_of, .. } => {
                as_of.as_deref()
            }
            Provenance::Named(_) | Provenance::Unresolved => None,
        }
    }
}

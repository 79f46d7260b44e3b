//! The words of the scenario's [`Summary`](super::Summary) and of [`Coverage`]: the column names
//! of the cell table, the basis of a membership, a group's rules, the coverage sentence, made
//! here once for the text and Markdown printers (and the brief's coverage).

use concord_core::model::AdoptionRule;

use super::summary::{CellCounts, Coverage};

/// The columns of the cell table, in order; [`cell_columns`] gives their numbers.
pub(crate) const CELL_COLUMNS: [&str; 10] = [
    "stated",
    "sourced",
    "estimated",
    "illustrative",
    "no provenance",
    "est. weights",
    "no position yet",
    "no proposal",
    "unknown",
    "confidential",
];

/// The numbers of the cell table's columns ([`CELL_COLUMNS`]); "illustrative" counts the stated
/// cells that are neither sourced, estimated nor without provenance.
pub(crate) fn cell_columns(cells: &CellCounts) -> [usize; 10] {
    [
        cells.stated,
        cells.sourced,
        cells.estimate,
        cells.stated - cells.sourced - cells.estimate - cells.without_provenance,
        cells.without_provenance,
        cells.estimated,
        cells.no_position_yet,
        cells.no_proposal,
        cells.unknown,
        cells.confidential,
    ]
}

/// The line that counts the cells stated in words only, apart from the table's columns.
pub(crate) fn not_coded_line(count: usize) -> String {
    format!(
        "  stated, not coded: {count} cell{} in words only (shown with their words; never read as support or opposition)",
        if count == 1 { "" } else { "s" }
    )
}

/// An adoption rule in words ("≥10 co-signing, ≤6 opposing").
pub fn rule(rule: &AdoptionRule) -> String {
    rule.to_string()
}

impl Coverage {
    /// "12 of 66 cells known; on 3 of 11 items no group's position is known (unknown is not
    /// opposition: nobody's position is known there)".
    pub fn sentence(self) -> String {
        format!(
            "{} of {} cells known; on {} of {} items no group's position is known (unknown is not opposition: nobody's position is known there)",
            self.known, self.cells, self.items_nothing_known, self.items
        )
    }
}

/// After the count of agenda items: `; 1 split into 3 issues, each counted` (empty: none split).
pub(crate) fn split_words((split, issues): (usize, usize)) -> String {
    if split == 0 {
        return String::new();
    }
    format!(
        "; {split} item{} split into {issues} issues, each counted as an item",
        if split == 1 { "" } else { "s" }
    )
}

//! The words of the report's views (`ReportView`, `ItemView`, `OptionView`, `MatrixView`,
//! `ContestedView`): every sentence the text, Markdown, CSV and JSON printers show for them is
//! made here, once, from the typed facts.

use concord_core::analysis::{
    Coalition, Compromise, Conflict, CrossPressure, GroupAwareConsensus, GroupCell, ItemStatus,
    NotStated, Risk, RiskReason, StatusCounts,
};
use concord_core::id::{GroupId, ItemId, OptionId};
use concord_core::model::{Outcome, OutcomeKind};

use super::adoption;
use super::cell_words::{cell_label, condition_clause, stance_words};
use super::reasons;
use super::view::{
    AcceptingGroup, Mark, MatrixView, MemberStatePosition, NotStatedKind, OpposingGroup,
    OptionView, ScalePosition, Standing, mark,
};
use crate::escape::number::number;
use crate::escape::text::one_line;

/// (status, number of items) for each status, then for "at risk of carry-forward"; an item
/// agreed among its stated groups while others are not stated is counted apart from one that
/// every group agrees on, in the words of [`status_words`].
pub(crate) fn status_counts(counts: &StatusCounts) -> [(&'static str, usize); 6] {
    [
        (
            "unanimous",
            counts.unanimous - counts.unanimous_among_stated,
        ),
        ("agreed among the stated", counts.unanimous_among_stated),
        ("compromise", counts.compromise),
        ("contested", counts.contested),
        ("insufficient", counts.insufficient),
        ("at risk of carry-forward", counts.at_risk),
    ]
}

/// The status counts in one line: "3 unanimous, 2 compromise, …".
pub(crate) fn status_counts_line(counts: &StatusCounts) -> String {
    status_counts(counts)
        .iter()
        .map(|(name, count)| format!("{count} {name}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// An item's status in words: "unanimous" only when every group is stated; with fewer, "agreed
/// among the 3 stated" (the JSON keeps the status's name and gives the counts).
pub fn status_words(
    status: concord_core::analysis::ItemStatus,
    stated: usize,
    groups: usize,
) -> String {
    match status {
        concord_core::analysis::ItemStatus::Unanimous if stated < groups => {
            format!("agreed among the {stated} stated")
        }
        _ => status.name().to_owned(),
    }
}

impl std::fmt::Display for Standing {
    /// [`Standing::words`].
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.words())
    }
}

impl Standing {
    /// The status in words: [`status_words`].
    pub fn words(self) -> String {
        status_words(self.status, self.stated, self.groups)
    }

    /// "3 of 6 groups known".
    pub fn coverage(self) -> String {
        format!("{} of {} groups known", self.known, self.groups)
    }

    /// "agreed among the 2 stated; 2 of 6 groups known": the status and the coverage, for a
    /// single cell.
    pub fn note(self) -> String {
        format!("{}; {}", self.words(), self.coverage())
    }

    /// "3 of 6": the coverage in a table's column.
    pub fn known_column(self) -> String {
        format!("{} of {}", self.known, self.groups)
    }
}

/// The conditions a compromise rests on: "CEPT: provided …; ATU: only if …".
pub(crate) fn if_words(groups: &[(GroupId, String)]) -> String {
    groups
        .iter()
        .map(|(group, condition)| format!("{group}: {}", one_line(condition)))
        .collect::<Vec<_>>()
        .join("; ")
}

/// An item at risk of carry-forward: "ITEM: reason".
pub(crate) fn at_risk_line(item: &ItemId, reason: &RiskReason) -> String {
    format!("{item}: {}", reasons::risk(reason))
}

/// An item's risk: "to PP-18: reason", or the reason alone without a next conference.
pub fn risk(risk: &Risk) -> String {
    match &risk.to {
        Some(to) => format!("to {to}: {}", reasons::risk(&risk.reason)),
        None => reasons::risk(&risk.reason),
    }
}

/// Group ids joined by ", ".
pub(crate) fn group_list(groups: &[GroupId]) -> String {
    groups
        .iter()
        .map(GroupId::as_str)
        .collect::<Vec<_>>()
        .join(", ")
}

/// The ranked compromises with W(o) ("stable (W 71.5) > noc (W 0)"), each resting on a
/// conditional acceptance with its conditions ("stable (W 71.5; if: CEPT: provided …)"), the
/// scale point and zone, or "none".
pub fn compromise(
    compromise: &Compromise,
    conditions: &[(OptionId, Vec<(GroupId, String)>)],
) -> String {
    match compromise {
        Compromise::Options(ranked) if ranked.is_empty() => "none".to_owned(),
        Compromise::Options(ranked) => ranked
            .iter()
            .map(|(option, weight)| {
                match conditions
                    .iter()
                    .find(|(conditional, _)| conditional == option)
                {
                    Some((_, groups)) => {
                        format!("{option} (W {}; if: {})", number(*weight), if_words(groups))
                    }
                    None => format!("{option} (W {})", number(*weight)),
                }
            })
            .collect::<Vec<_>>()
            .join(" > "),
        Compromise::Scale { point, zone } => {
            let point = point.map_or("none".to_owned(), |p| format!("point {}", number(p)));
            match zone {
                Some((lo, hi)) => format!("{point}, zone {}-{}", number(*lo), number(*hi)),
                None => format!("{point}, no shared zone"),
            }
        }
    }
}

/// A conflicting pair: "CEPT × ATU: no option both accept; …".
pub fn conflict(conflict: &Conflict) -> String {
    format!(
        "{} × {}: {}",
        conflict.groups.0,
        conflict.groups.1,
        reasons::conflict(conflict)
    )
}

/// Conflicting pairs, each through [`conflict`].
pub fn conflicts(conflicts: &[Conflict]) -> Vec<String> {
    conflicts.iter().map(conflict).collect()
}

/// The largest coalition: "CEPT, CITEL on stable (capability 143)".
pub fn coalition(coalition: &Coalition) -> String {
    let on = match (&coalition.option, coalition.point) {
        (Some(option), _) => format!("on {option}"),
        (None, Some(point)) => format!("at {}", number(point)),
        (None, None) => String::new(),
    };
    format!(
        "{} {on} (capability {})",
        group_list(&coalition.groups),
        number(coalition.capability)
    )
}

/// The blocking set: its groups, or "none needed" when aligned.
pub fn blocking(blocking: &[GroupId]) -> String {
    if blocking.is_empty() {
        "none needed".to_owned()
    } else {
        group_list(blocking)
    }
}

/// A cross-pressured state: "COM (ATU × ARB)".
pub(crate) fn cross_pressure(cross: &CrossPressure) -> String {
    format!("{} ({} × {})", cross.state, cross.groups.0, cross.groups.1)
}

/// Cross-pressured states joined by ", ", and how many more when the list was cut.
pub fn cross_pressured(cross: &[CrossPressure], more: usize) -> String {
    let mut words = cross
        .iter()
        .map(cross_pressure)
        .collect::<Vec<_>>()
        .join(", ");
    if more > 0 {
        words.push_str(&format!(", and {more} more"));
    }
    words
}

impl NotStatedKind {
    /// The words the reports use: `no common proposal`, `no position yet`, `no proposal`,
    /// `unknown`.
    pub fn label(self) -> &'static str {
        match self {
            NotStatedKind::NoCommonProposal => "no common proposal",
            NotStatedKind::NoPositionYet => "no position yet",
            NotStatedKind::NotCoded => "stated, not coded",
            NotStatedKind::NoProposal => "no proposal",
            NotStatedKind::Unknown => "unknown",
        }
    }
}

/// A group not stated: its id, with the reason of a missing common proposal.
pub(crate) fn not_stated_group(cell: &GroupCell) -> String {
    match cell.not_stated() {
        Some(NotStated::NoCommonProposal(reason)) => format!(
            "{} ({})",
            cell.group,
            adoption::no_common_proposal(cell, reason)
        ),
        Some(NotStated::NotCoded(words)) => {
            format!("{}: “{}”", cell.group, crate::escape::text::one_line(words))
        }
        _ => cell.group.to_string(),
    }
}

/// The groups not stated of one kind, joined by ", ".
pub(crate) fn not_stated_groups(cells: &[GroupCell]) -> String {
    cells
        .iter()
        .map(not_stated_group)
        .collect::<Vec<_>>()
        .join(", ")
}

/// Group-aware consensus: "stable: 0.25 over 3 groups (size-robust 0.63)".
pub fn consensus(consensus: &GroupAwareConsensus) -> String {
    format!(
        "{}: {} over {} groups (size-robust {})",
        consensus.option,
        number(consensus.value),
        consensus.groups,
        number(consensus.root)
    )
}

/// A member state's own position: "USA (in CITEL): prefers noc; opposes imt — note".
pub(crate) fn member_state(position: &MemberStatePosition) -> String {
    let note = position
        .note
        .as_ref()
        .map(|note| format!(" — {}", crate::escape::text::one_line(note)))
        .unwrap_or_default();
    format!(
        "{} (in {}): {}{note}",
        position.state,
        position.group,
        stance_words(&position.stance)
    )
}

/// An organisation's view: "ICAO (no vote, not counted): prefers noc; opposes imt — note".
pub(crate) fn organisation_view(
    (id, stance, note): &(String, concord_core::model::Stance, Option<String>),
) -> String {
    let note = note
        .as_ref()
        .map(|note| format!(" — {}", crate::escape::text::one_line(note)))
        .unwrap_or_default();
    format!(
        "{id} (no vote, not counted): {}{note}",
        stance_words(stance)
    )
}

/// A scale position: "CEPT: at 60, accepts 50-70".
pub(crate) fn scale_position(position: &ScalePosition) -> String {
    format!(
        "{}: at {}, accepts {}-{}",
        position.group,
        number(position.scale.at),
        number(position.scale.range.0),
        number(position.scale.range.1)
    )
}

/// A group accepting an option: "CEPT (if …) (confidential)".
pub(crate) fn accepting(accepting: &AcceptingGroup) -> String {
    let mut text = accepting.group.to_string();
    if let Some(condition) = &accepting.condition {
        text.push_str(&format!(" ({})", condition_clause(condition)));
    }
    if accepting.confidential {
        text.push_str(" (confidential)");
    }
    text
}

/// A group red-lining an option: "ATU", "ATU (confidential)".
pub fn opposing(opposing: &OpposingGroup) -> String {
    let suffix = if opposing.confidential {
        " (confidential)"
    } else {
        ""
    };
    format!("{}{suffix}", opposing.group)
}

/// Who prefers, accepts and opposes an option, each list joined by ", ".
pub(crate) fn option_groups(option: &OptionView) -> [String; 3] {
    [
        group_list(&option.prefers),
        option
            .accepts
            .iter()
            .map(accepting)
            .collect::<Vec<_>>()
            .join(", "),
        option
            .opposes
            .iter()
            .map(opposing)
            .collect::<Vec<_>>()
            .join(", "),
    ]
}

/// An option's action in the ITU spelling (`NOC`, `ADD*`, `Method A`), when it has one.
pub(crate) fn option_action(option: &OptionView) -> Option<String> {
    option
        .action
        .as_ref()
        .map(concord_core::model::Action::label)
}

/// What the CPM says of an option, as parts: `summary`, `change: …`, `advantages: a; b`,
/// `disadvantages: …` (the brief's methods and the wide table's options both use them).
pub(crate) fn substance_parts(substance: &concord_core::model::OptionSubstance) -> Vec<String> {
    let mut parts: Vec<String> = substance
        .summary
        .iter()
        .map(|summary| summary.trim_end_matches('.').to_owned())
        .collect();
    parts.extend(
        substance
            .change
            .iter()
            .map(|change| format!("change: {change}")),
    );
    for (name, list) in [
        ("advantages", &substance.advantages),
        ("disadvantages", &substance.disadvantages),
    ] {
        if !list.is_empty() {
            parts.push(format!("{name}: {}", list.join("; ")));
        }
    }
    parts
}

/// Where an option applies, when it is limited: `Region 3 only`, `by footnote: BRA, MEX`.
pub(crate) fn option_reach(option: &OptionView) -> Option<String> {
    (!option.reach.is_global()).then(|| option.reach.words())
}

/// The stated groups an option limited by Region reaches no member of, when there are any:
/// `outside the Regions of ATU, CEPT (not opposed)`.
pub(crate) fn option_outside(option: &OptionView) -> Option<String> {
    (!option.outside.is_empty()).then(|| {
        let groups: Vec<&str> = option.outside.iter().map(GroupId::as_str).collect();
        format!("outside the Regions of {} (not opposed)", groups.join(", "))
    })
}

/// A recorded outcome in words: "adopted (`stable`): summary — source".
pub(crate) fn outcome_label(outcome: &Outcome) -> String {
    let result = match &outcome.result {
        OutcomeKind::Adopted => "adopted".to_owned(),
        OutcomeKind::Revised => "revised".to_owned(),
        OutcomeKind::NotAdopted => "not adopted".to_owned(),
        OutcomeKind::Voted => "voted".to_owned(),
        OutcomeKind::CarriedForward(to) => format!("carried forward to {to}"),
    };
    let what = match (&outcome.option, outcome.point) {
        (Some(option), _) => format!(" (`{option}`)"),
        (None, Some(point)) => format!(" (at {})", number(point)),
        (None, None) => String::new(),
    };
    format!(
        "{result}{what}: {} — {}",
        one_line(&outcome.summary),
        one_line(&outcome.source)
    )
}

/// An item's contention for the report: its value; for an item with fewer than two stated
/// groups, `insufficient`; else "undefined (no weight)".
pub(crate) fn item_contention(
    contention: Option<f64>,
    status: ItemStatus,
    insufficient: &str,
) -> String {
    match contention {
        Some(contention) => number(contention),
        None if status == ItemStatus::Insufficient => insufficient.to_owned(),
        None => UNDEFINED_CONTENTION.to_owned(),
    }
}

/// A contention as people read it: its value, or "undefined (no weight)".
pub(crate) fn contention_label(contention: Option<f64>) -> String {
    contention.map_or_else(|| UNDEFINED_CONTENTION.to_owned(), number)
}

/// What a contention is when the stated groups weigh nothing.
pub(crate) const UNDEFINED_CONTENTION: &str = "undefined (no weight)";

impl Mark {
    /// The mark as the matrix shows it: `S`, `E`, `I`, `-`.
    pub fn symbol(self) -> &'static str {
        match self {
            Mark::Sourced => "S",
            Mark::Estimated => "E",
            Mark::EstimatedPosition => "~",
            Mark::Illustrative => "I",
            Mark::NoProvenance => "-",
        }
    }
}

/// A mark's symbol, empty for none (an unknown cell).
pub(crate) fn mark_symbol(mark: Option<Mark>) -> &'static str {
    mark.map_or("", Mark::symbol)
}

/// The provenance mark of a model cell: `S` sourced, `E` sourced with estimated salience or
/// flexibility, `I` illustrative, `-` none given; empty for an unknown cell.
pub(crate) fn provenance_mark(cell: &concord_core::model::Cell) -> &'static str {
    mark_symbol(mark(cell))
}

/// What the provenance marks of `concord matrix` mean.
pub(crate) const MARKS_LEGEND: &str = "marks: [S] sourced, [E] sourced with estimated salience or flexibility, [~] an estimated position, [I] illustrative, [-] no provenance";

/// A matrix cell with its mark: "prefers a [S]", or the label alone without a mark.
pub(crate) fn matrix_cell(cell: &GroupCell, mark: Option<Mark>) -> String {
    let label = cell_label(cell);
    match mark {
        Some(mark) => format!("{label} [{}]", mark.symbol()),
        None => label,
    }
}

/// The header and rows every tabular format of the matrix shows: item, status, one labelled
/// cell per group.
pub(crate) fn matrix_table(view: &MatrixView) -> (Vec<String>, Vec<Vec<String>>) {
    let mut header = vec!["item".to_owned(), "status".to_owned(), "known".to_owned()];
    header.extend(view.groups.iter().map(ToString::to_string));
    let rows = view
        .rows
        .iter()
        .map(|(item, standing, cells)| {
            let mut row = vec![item.to_string(), standing.words(), standing.known_column()];
            row.extend(cells.iter().map(|(cell, mark)| matrix_cell(cell, *mark)));
            row
        })
        .collect();
    (header, rows)
}

/// The agreement matrix as a header and rows: "share (items compared)", `—` on the diagonal,
/// `n/a` where two groups are never stated on the same item.
pub(crate) fn blocs_table(
    blocs: &concord_core::analysis::Blocs,
) -> (Vec<String>, Vec<Vec<String>>) {
    let mut header = vec![String::new()];
    header.extend(blocs.groups.iter().map(ToString::to_string));
    let rows = blocs
        .groups
        .iter()
        .enumerate()
        .map(|(g, group)| {
            let mut row = vec![group.to_string()];
            row.extend((0..blocs.groups.len()).map(|h| {
                if g == h {
                    "—".to_owned()
                } else {
                    blocs.agreement(g, h).map_or("n/a".to_owned(), |a| {
                        format!("{} ({})", number(a), blocs.shared(g, h))
                    })
                }
            }));
            row
        })
        .collect();
    (header, rows)
}

/// A group's own words as labelled lines: `condition` (on its preferred option), `in its words`,
/// `note`.
pub(crate) fn group_words_lines(words: &[super::view::GroupWords]) -> Vec<(&'static str, String)> {
    let mut lines = Vec::new();
    for group in words {
        if let Some((option, condition)) = &group.preferred_condition {
            lines.push((
                "condition",
                format!(
                    "{} prefers {option} {}",
                    group.group,
                    condition_clause(condition)
                ),
            ));
        }
        if let Some(text) = &group.text {
            lines.push((
                "in its words",
                format!("{}: “{}”", group.group, one_line(text)),
            ));
        }
        if let Some(note) = &group.note {
            lines.push(("note", format!("{}: {}", group.group, one_line(note))));
        }
    }
    lines
}

/// "2 of 6 groups known".
pub fn known(known: (usize, usize)) -> String {
    format!("{} of {} groups known", known.0, known.1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use concord_core::id::OptionId;

    /// Two options and two groups of the bundled scenario (only the core makes ids).
    fn ids() -> (OptionId, OptionId, GroupId, GroupId) {
        let scenario = concord_core::load::load_scenario(
            &concord_core::bundled::source(),
            std::path::Path::new(concord_core::bundled::DEFAULT_SCENARIO),
            &concord_core::load::LoadOptions::default(),
        )
        .expect("the bundled scenario loads")
        .scenario;
        let (a, b) = scenario
            .items
            .values()
            .find_map(|item| match &item.kind {
                concord_core::model::ItemKind::Options(options) if options.len() >= 2 => {
                    let mut keys = options.keys().cloned();
                    Some((keys.next()?, keys.next()?))
                }
                _ => None,
            })
            .expect("an item with two options");
        let group = |id: &str| scenario.groups.get_key_value(id).unwrap().0.clone();
        (a, b, group("CEPT"), group("APT"))
    }

    #[test]
    fn compromises_rank_options_by_weight_and_name_the_scale_point_and_zone() {
        let (a, b, group, _) = ids();
        assert_eq!(compromise(&Compromise::Options(Vec::new()), &[]), "none");
        let ranked = Compromise::Options(vec![(a.clone(), 71.5), (b.clone(), 0.0)]);
        assert_eq!(
            compromise(&ranked, &[]),
            format!("{a} (W 71.5) > {b} (W 0)")
        );
        let conditions = [(
            b.clone(),
            vec![(group.clone(), "provided the band is shared".to_owned())],
        )];
        assert_eq!(
            compromise(&ranked, &conditions),
            format!("{a} (W 71.5) > {b} (W 0; if: {group}: provided the band is shared)")
        );
        let scale = Compromise::Scale {
            point: Some(40.0),
            zone: None,
        };
        assert_eq!(compromise(&scale, &[]), "point 40, no shared zone");
        let scale = Compromise::Scale {
            point: None,
            zone: Some((30.0, 50.0)),
        };
        assert_eq!(compromise(&scale, &[]), "none, zone 30-50");
    }

    #[test]
    fn blocking_sets_and_coalitions_list_their_groups() {
        let (a, _, cept, apt) = ids();
        assert_eq!(blocking(&[]), "none needed");
        assert_eq!(blocking(&[cept.clone(), apt.clone()]), "CEPT, APT");
        let on_option = Coalition {
            option: Some(a.clone()),
            point: None,
            groups: vec![cept.clone(), apt.clone()],
            capability: 143.0,
        };
        assert_eq!(
            coalition(&on_option),
            format!("CEPT, APT on {a} (capability 143)")
        );
        let at_point = Coalition {
            option: None,
            point: Some(60.0),
            groups: vec![cept],
            capability: 48.5,
        };
        assert_eq!(coalition(&at_point), "CEPT at 60 (capability 48.5)");
    }

    #[test]
    fn who_accepts_or_opposes_an_option_carries_the_condition_and_confidentiality() {
        let (_, _, cept, apt) = ids();
        let plain = AcceptingGroup {
            group: cept.clone(),
            condition: Some("the band is shared".into()),
            confidential: false,
        };
        assert_eq!(accepting(&plain), "CEPT (if the band is shared)");
        let fallback = AcceptingGroup {
            group: apt.clone(),
            condition: Some("only if studied".into()),
            confidential: true,
        };
        assert_eq!(accepting(&fallback), "APT (only if studied) (confidential)");
        let red_line = OpposingGroup {
            group: apt,
            confidential: true,
        };
        assert_eq!(opposing(&red_line), "APT (confidential)");
        let open = OpposingGroup {
            group: cept,
            confidential: false,
        };
        assert_eq!(opposing(&open), "CEPT");
    }

    #[test]
    fn status_counts_and_marks_are_spelt_as_the_report_shows_them() {
        let counts = StatusCounts {
            unanimous: 3,
            unanimous_among_stated: 1,
            compromise: 2,
            contested: 1,
            insufficient: 0,
            at_risk: 1,
        };
        assert_eq!(
            status_counts_line(&counts),
            "2 unanimous, 1 agreed among the stated, 2 compromise, 1 contested, 0 insufficient, 1 at risk of carry-forward"
        );
        assert_eq!(mark_symbol(None), "");
        assert_eq!(mark_symbol(Some(Mark::Estimated)), "E");
        assert_eq!(
            NotStatedKind::NoCommonProposal.label(),
            "no common proposal"
        );
    }
}

//! Regional adoption in words: what a group's adoption rule made of a member tally ("CEPT: no
//! ECP on option `b` — 8 co-signing, 10 needed"), and why a group has no common proposal. The
//! one place these sentences are written; the view, the text, Markdown and JSON reports read
//! them from here.

use concord_core::analysis::{AdoptionNote, GroupCell, NoProposalReason, RuleKind, TallyVerdict};
use concord_core::id::GroupId;
use concord_core::model::{Maturity, MaturityLevel};

/// The group's name for a common proposal (ECP, IAP, ACP, …; `common proposal` for a group
/// without its own term).
pub(crate) fn proposal_word(group: &GroupId) -> &'static str {
    Maturity::Generic(MaturityLevel::CommonProposal).label(group.as_str())
}

/// One tally's note: "CEPT: ECP on option `b` — 10 co-signing, 1 opposing", "CEPT: no ECP on
/// option `b` — 8 co-signing, 10 needed".
pub fn note(note: &AdoptionNote) -> String {
    let AdoptionNote {
        group,
        option,
        rule,
        support,
        oppose,
        verdict,
    } = note;
    let word = proposal_word(group);
    let why = match *verdict {
        TallyVerdict::Passed => return passed(note, word),
        TallyVerdict::TooFewSupporting { needed } => {
            format!("{support} {}, {needed} needed", supporting(*rule))
        }
        TallyVerdict::TooManyOpposing { allowed } => {
            format!("{oppose} {}, at most {allowed} allowed", opposing(*rule))
        }
        TallyVerdict::ObjectionsOverRatio { ratio } => format!(
            "{oppose} objecting, more than {} × {support} supporting",
            concord_core::diag::number(ratio)
        ),
        TallyVerdict::NoSignatory => "no signatory".to_owned(),
        TallyVerdict::Objected => format!(
            "{oppose} member{} object{}, no consensus",
            if *oppose == 1 { "" } else { "s" },
            if *oppose == 1 { "s" } else { "" }
        ),
    };
    format!("{group}: no {word} on option `{option}` — {why}")
}

/// The note of a tally that passed, in the nouns of its rule.
fn passed(note: &AdoptionNote, word: &str) -> String {
    let AdoptionNote {
        group,
        option,
        support,
        oppose,
        ..
    } = note;
    let head = format!("{group}: {word} on option `{option}`");
    match note.rule {
        RuleKind::Thresholds => format!("{head} — {support} co-signing, {oppose} opposing"),
        RuleKind::ObjectionRatio => format!("{head} — {support} supporting, {oppose} objecting"),
        RuleKind::Endorsements => format!("{head} — {support} endorsements, {oppose} objections"),
        RuleKind::OptIn => format!(
            "{head}, {support} signator{}",
            if *support == 1 { "y" } else { "ies" }
        ),
        RuleKind::Consensus => format!("{head} by consensus"),
    }
}

/// What the rule calls the members for a proposal that are too few.
fn supporting(rule: RuleKind) -> &'static str {
    match rule {
        RuleKind::Thresholds => "co-signing",
        RuleKind::Endorsements => "endorsements",
        RuleKind::ObjectionRatio | RuleKind::OptIn | RuleKind::Consensus => "supporting",
    }
}

/// What the rule calls the members against a proposal that are too many.
fn opposing(rule: RuleKind) -> &'static str {
    match rule {
        RuleKind::Endorsements => "written objections",
        RuleKind::Thresholds | RuleKind::ObjectionRatio | RuleKind::OptIn | RuleKind::Consensus => {
            "opposing"
        }
    }
}

/// Why `cell`'s group has no common proposal: the cancelling proposals ("CITEL: two IAPs pass on
/// options `a` and `b` and cancel — no common proposal"), or the failed notes of the cell,
/// joined by `; `.
pub fn no_common_proposal(cell: &GroupCell, reason: &NoProposalReason) -> String {
    match reason {
        NoProposalReason::Cancelled { options } => {
            let listed = options
                .iter()
                .map(|option| format!("`{option}`"))
                .collect::<Vec<_>>()
                .join(" and ");
            format!(
                "{}: {} {}s pass on options {listed} and cancel — no common proposal",
                cell.group,
                number_word(options.len()),
                proposal_word(&cell.group)
            )
        }
        NoProposalReason::Failed => cell
            .adoption
            .iter()
            .filter(|note| !note.passed())
            .map(note)
            .collect::<Vec<_>>()
            .join("; "),
    }
}

/// A small count in words: `two`, `three`, `four`, then digits.
fn number_word(n: usize) -> String {
    match n {
        2 => "two".into(),
        3 => "three".into(),
        4 => "four".into(),
        n => n.to_string(),
    }
}

//! Adoption rules for a common proposal, and the maturity vocabulary of each group.

use std::fmt;

/// How a group turns member support into a common proposal (docs/files.md, "States and groups").
#[derive(Clone, Debug, PartialEq)]
pub enum AdoptionRule {
    /// CEPT ECP: at least `min_support` co-signing, at most `max_oppose` opposing.
    Thresholds {
        /// The fewest co-signing members.
        min_support: u32,
        /// The most opposing members.
        max_oppose: u32,
    },
    /// CITEL IAP: at least `min_support` supporting, objectors at most `max_objection_ratio` of
    /// the supporters; with `competing_cancel`, two passing proposals on one item cancel.
    ObjectionRatio {
        /// The fewest supporting members.
        min_support: u32,
        /// The most objectors per supporter, 0-1.
        max_objection_ratio: f64,
        /// Whether two or more passing proposals on one item cancel: no common proposal.
        competing_cancel: bool,
    },
    /// APT ACP: binds only its signatories; at least one.
    OptIn,
    /// ATU's RRC-04 rule: at least `min_endorsements`, at most `max_objections`.
    Endorsements {
        /// The fewest endorsing members.
        min_endorsements: u32,
        /// The most written objections.
        max_objections: u32,
    },
    /// No member of the meeting objects.
    Consensus,
}

impl AdoptionRule {
    /// Whether one proposal with `support` members for it and `oppose` against meets the rule
    /// (CITEL's cancelling of competing proposals is not about one proposal, and is left out).
    pub fn passes(&self, support: u32, oppose: u32) -> bool {
        match self {
            AdoptionRule::Thresholds {
                min_support,
                max_oppose,
            } => support >= *min_support && oppose <= *max_oppose,
            AdoptionRule::ObjectionRatio {
                min_support,
                max_objection_ratio,
                ..
            } => {
                support >= *min_support
                    && f64::from(oppose) <= max_objection_ratio * f64::from(support)
            }
            AdoptionRule::OptIn => support > 0,
            AdoptionRule::Endorsements {
                min_endorsements,
                max_objections,
            } => support >= *min_endorsements && oppose <= *max_objections,
            AdoptionRule::Consensus => oppose == 0,
        }
    }

    /// The fewest active members the rule can ever be met with.
    pub fn members_needed(&self) -> u32 {
        match self {
            AdoptionRule::Thresholds { min_support, .. }
            | AdoptionRule::ObjectionRatio { min_support, .. } => *min_support,
            AdoptionRule::Endorsements {
                min_endorsements, ..
            } => *min_endorsements,
            AdoptionRule::OptIn | AdoptionRule::Consensus => 1,
        }
    }
}

impl fmt::Display for AdoptionRule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AdoptionRule::Thresholds {
                min_support,
                max_oppose,
            } => write!(f, "≥{min_support} co-signing, ≤{max_oppose} opposing"),
            AdoptionRule::ObjectionRatio {
                min_support,
                max_objection_ratio,
                competing_cancel,
            } => {
                write!(
                    f,
                    "≥{min_support} supporting, objectors ≤{} × supporters",
                    crate::diag::number(*max_objection_ratio)
                )?;
                if *competing_cancel {
                    f.write_str(", competing proposals cancel")?;
                }
                Ok(())
            }
            AdoptionRule::OptIn => f.write_str("opt-in signatories"),
            AdoptionRule::Endorsements {
                min_endorsements,
                max_objections,
            } => write!(
                f,
                "≥{min_endorsements} endorsements, ≤{max_objections} objections"
            ),
            AdoptionRule::Consensus => f.write_str("consensus of the meeting"),
        }
    }
}

/// The ladder every group's vocabulary maps onto.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum MaturityLevel {
    /// A first view, open to change.
    PreliminaryView,
    /// A draft common proposal (PACP, DIAP).
    Draft,
    /// A position the group agreed on, not yet a proposal.
    CommonPosition,
    /// A proposal submitted on behalf of the group (ECP, ACP, IAP, AfCP).
    CommonProposal,
}

/// A maturity as the file wrote it: a generic level or one group's own term.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Maturity {
    /// A generic level, which each group names in its own words.
    Generic(MaturityLevel),
    /// CEPT: European Common Proposal.
    Ecp,
    /// APT: Preliminary APT Common Proposal.
    Pacp,
    /// APT: APT Common Proposal.
    Acp,
    /// CITEL: Draft Inter-American Proposal.
    Diap,
    /// CITEL: Inter-American Proposal.
    Iap,
    /// ATU: African Common Proposal.
    Afcp,
}

impl Maturity {
    /// The level of the generic ladder this term stands for.
    pub fn level(self) -> MaturityLevel {
        match self {
            Maturity::Generic(level) => level,
            Maturity::Pacp | Maturity::Diap => MaturityLevel::Draft,
            Maturity::Ecp | Maturity::Acp | Maturity::Iap | Maturity::Afcp => {
                MaturityLevel::CommonProposal
            }
        }
    }

    /// The group whose term this is (`None` for the generic levels).
    pub fn owner(self) -> Option<&'static str> {
        match self {
            Maturity::Generic(_) => None,
            Maturity::Ecp => Some("CEPT"),
            Maturity::Pacp | Maturity::Acp => Some("APT"),
            Maturity::Diap | Maturity::Iap => Some("CITEL"),
            Maturity::Afcp => Some("ATU"),
        }
    }

    /// The term in the vocabulary of `group` (docs/files.md, "Positions": `maturity`).
    pub fn label(self, group: &str) -> &'static str {
        use MaturityLevel as L;
        match (self, group) {
            (Maturity::Ecp, _) | (Maturity::Generic(L::CommonProposal), "CEPT") => "ECP",
            (Maturity::Pacp, _) | (Maturity::Generic(L::Draft), "APT") => "PACP",
            (Maturity::Acp, _) | (Maturity::Generic(L::CommonProposal), "APT") => "ACP",
            (Maturity::Diap, _) | (Maturity::Generic(L::Draft), "CITEL") => "DIAP",
            (Maturity::Iap, _) | (Maturity::Generic(L::CommonProposal), "CITEL") => "IAP",
            (Maturity::Afcp, _) | (Maturity::Generic(L::CommonProposal), "ATU") => "AfCP",
            (Maturity::Generic(L::CommonProposal), "ARB") => "Arab Common Proposal",
            (Maturity::Generic(L::CommonProposal), "RCC") => "RCC Common Proposal",
            (Maturity::Generic(L::Draft), "CEPT") => "draft CEPT position",
            (Maturity::Generic(L::CommonPosition), "CEPT") => "CEPT position",
            (Maturity::Generic(L::CommonProposal), _) => "common proposal",
            (Maturity::Generic(L::CommonPosition), _) => "common position",
            (Maturity::Generic(L::Draft), _) => "draft",
            (Maturity::Generic(L::PreliminaryView), _) => "preliminary view",
        }
    }
}

//! The stable diagnostic codes and what each one means.

use std::fmt;

use super::Severity;

macro_rules! codes {
    ($($variant:ident $name:literal $severity:ident $explanation:literal,)*) => {
        /// A stable diagnostic code. Its kebab-case name never changes once released.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Code {
            $(
                #[doc = $explanation]
                $variant,
            )*
        }

        impl Code {
            /// Every code, in documentation order.
            pub const ALL: &'static [Code] = &[$(Code::$variant,)*];

            /// The stable kebab-case name, e.g. `unknown-group`.
            pub fn name(self) -> &'static str {
                match self {
                    $(Code::$variant => $name,)*
                }
            }

            /// Whether the code is an error or a warning (never both).
            pub fn severity(self) -> Severity {
                match self {
                    $(Code::$variant => Severity::$severity,)*
                }
            }

            /// What the code means and how to fix it (`concord explain CODE`).
            pub fn explanation(self) -> &'static str {
                match self {
                    $(Code::$variant => $explanation,)*
                }
            }

            /// The first paragraph of the explanation on one line: what the code means, in whole
            /// sentences (the `concord explain` list and the table of docs/diagnostics.md).
            pub fn summary(self) -> String {
                self.explanation()
                    .split("\n\n")
                    .next()
                    .unwrap_or_default()
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" ")
            }

            /// The code with this kebab-case name, if there is one.
            pub fn from_name(name: &str) -> Option<Code> {
                Code::ALL.iter().copied().find(|code| code.name() == name)
            }
        }
    };
}

codes! {
    Syntax "syntax" Error
"The file is not valid RON: a bracket, comma, quote or colon is missing or misplaced.

Fix: look at the character the diagnostic points to and just before it. Strings
are in double quotes, fields are `name: value` separated by commas, lists are
`[a, b]`, and a struct is `Name(field: value, ...)`.",

    UnknownField "unknown-field" Error
"A struct has a field concord does not know. Misspelt fields are errors rather
than being ignored, so a typo cannot silently drop data.

Fix: use one of the field names the hint lists (see docs/files.md).",

    MissingField "missing-field" Error
"A required field is absent.

Fix: add the field named in the message; docs/files.md lists which fields are
required for each struct.",

    DuplicateField "duplicate-field" Error
"The same field is given twice in one struct.

Fix: keep one of the two.",

    UnknownVariant "unknown-variant" Error
"A value names a choice that does not exist, such as a stance, a maturity, a
rule or a stage kind.

Fix: use one of the variants the hint lists, spelt exactly (they are
case-sensitive).",

    WrongType "wrong-type" Error
"A value has the wrong type: a string where a number is expected, a list where a
struct is expected, a negative number where a count is expected, and so on.

Fix: write the value in the form docs/files.md gives for the field.",

    UnreadableFile "unreadable-file" Error
"A file named by the scenario exists but could not be read, or is not UTF-8 text.

Fix: check the file's permissions and save it as UTF-8.",

    FileTooLarge "file-too-large" Error
"A file is larger than 64 MiB. concord reads whole files; nothing it needs is
that large (a 50-group, 5,000-item scenario is about 2 MiB per group file).

Fix: split the positions into one file per group, or the scenario into smaller ones.",

    TooManyItems "too-many-items" Error
"A scenario has more than 1,000,000 agenda items.

Fix: split the agenda into several scenarios.",

    OutsideRoot "outside-root" Error
"The scenario names a file outside its root: the directory above `scenarios/` for a
scenario in a `scenarios/` directory, else the scenario's own directory. The file
is not read, so a scenario cannot make concord read or quote files elsewhere
(`/etc/passwd`, `../../secrets`); symbolic links are followed to check where a
file really is.

Fix: move the file under the root, or widen the root with `--root DIR`.",

    OutOfBounds "out-of-bounds" Error
"A count is beyond what concord accepts: a stage with more than 1000 rounds. The
simulation's time grows with the rounds, so an unbounded count could keep it busy
for hours.

Fix: give a count within the bound (real meetings hold a handful of rounds).",

    ControlCharacter "control-character" Error
"A one-line text (a scenario, stage, group, state or region name, an item or
issue title, an option label, the CPM's background, summary, change, advantages
or disadvantages) holds a control or invisible character: a line break, an
escape, NUL, a bidi control. It would break or forge lines of every report that
shows it.

Fix: write the text on one line, with visible characters only.",

    MissingFile "missing-file" Error
"The scenario names a file that does not exist. Paths resolve relative to the
scenario file.

Fix: correct the path in the scenario, or create the file. (Files listed under
`private` are the exception: they are loaded only when present.)",

    InvalidId "invalid-id" Error
"An id has a form concord does not accept. Group ids are upper-case letters,
digits, `-` or `_` (`CEPT`, `CITEL`, `APT`, `ATU`, `ARB`, `RCC`); member states
are ISO 3166-1 alpha-3 codes (three upper-case letters, `FRA`); item and option
ids are non-empty and contain no whitespace.

Fix: rename the id.",

    InvalidDate "invalid-date" Error
"A date is not `YYYY-MM-DD` (or `YYYY-MM` when only the month is known), or is
not a real calendar day.

Fix: write the date as `2014-10-20`.",

    DateOrder "date-order" Error
"A period ends before it starts (the conference dates or a stage), or a stage starts
before a stage listed above it: the simulation plays the stages in list order.

Fix: swap or correct the two dates, or list the stages in the order they are held.",

    EmptyAgenda "empty-agenda" Error
"The scenario has no agenda items, so there is nothing to analyse.

Fix: add at least one `Item(...)` under `items`.",

    ItemKind "item-kind" Error
"An agenda item must have either a non-empty list of `options` or a `scale`,
not both and not neither.

Fix: give options (`NOC`, `MOD`, CPM methods, ...) for a choice between texts,
or `scale: (anchors: {0: \"...\", 100: \"...\"})` for a quantity.",

    TooManyOptions "too-many-options" Error
"An agenda item has more than 64 options. The simulation represents what a group
accepts as a set of at most 64 options, and no real agenda item comes near.

Fix: merge or drop options, or split the item.",

    DuplicateItem "duplicate-item" Error
"Two agenda items have the same id.

Fix: give each item its own id.",

    DuplicateOption "duplicate-option" Error
"Two options of one agenda item have the same id.

Fix: give each option of the item its own id.",

    MultipleStatusQuo "multiple-status-quo" Error
"More than one option of an item is marked `status_quo: true`. The status quo
is what stays in force if nothing is agreed, so there is at most one.

Fix: keep the mark on one option (usually the NOC option).",

    IssueClash "issue-clash" Error
"An issue of an agenda item has the id of an agenda item or of another issue.
Issues are addressed by their own ids (`1.7a`), so each must name one question
only.

Fix: give the issue its own id, by convention the item's id and a letter:
`Issue(id: \"1.7a\", title: \"4 400-4 800 MHz\")`.",

    IssueOverlap "issue-overlap" Error
"A group has a position on an agenda item split into issues (which applies to
every issue) and a position on one of its issues, for the same date: which one
the cell of that issue is cannot be told.

Fix: drop one of the two, or date them apart: `provenance: Sourced(source:
\"...\", as_of: \"YYYY-MM-DD\")` on each, the later in force.",

    UnknownRegion "unknown-region" Error
"A state or an option names an ITU Region that does not exist. The Radio
Regulations (Article 5, Nos. 5.2-5.9) divide the world into three Regions.

Fix: write `R1`, `R2` or `R3`, e.g. `regions: [\"R1\", \"R3\"]`.",

    UnknownProvenance "unknown-provenance" Error
"A cell refers to a named provenance (`provenance: Named(\"cpg-5\")`) that its
positions file's `provenances` does not have, a named provenance is itself a
name, or a file other than a positions file (a private or an organisation's
file) uses a name. The cell is left without a provenance.

Fix: add the name to the file's `provenances: {\"cpg-5\": Sourced(source:
\"…\", as_of: \"YYYY-MM-DD\")}`, correct the name (the hint suggests the
closest), or write the provenance in full.",

    FootnoteState "footnote-state" Error
"A country footnote of an option names a state the scenario's states file does
not have, so who the option reaches cannot be told.

Fix: use the state's ISO 3166-1 alpha-3 code from the states file (the hint
suggests the closest), or add the state there.",

    OrganisationVote "organisation-vote" Error
"An organisation (ICAO, WMO, GSMA, ...) is given what only a voting group has:
a salience, a flexibility, a tally of member states, a confidential part or a
state's position, or the id of a group. Organisations state views; they do not
vote, negotiate or count in adoption, weights, capability or contention.

Fix: keep the view's stance, reference, provenance, note and text; record the
group's or the states' positions in the group's file.",

    UnknownItem "unknown-item" Error
"A position, dependency or outcome names an agenda item the scenario does not
have.

Fix: use an item id from the scenario's `items` (the hint suggests the closest).",

    DependencyCycle "dependency-cycle" Error
"Agenda items depend on each other in a circle, so none of them could be
settled first.

Fix: remove one of the `depends_on` links in the cycle the message lists.",

    DuplicateGroup "duplicate-group" Error
"Two groups have the same id.

Fix: give each group its own id.",

    UnknownGroup "unknown-group" Error
"A file names a group that the scenario's groups file does not define. Group ids
are exactly `CEPT`, `CITEL`, `APT`, `ATU`, `ARB` (the Arab group) and `RCC`,
plus any synthetic groups the groups file adds.

Fix: use a defined group id (ids are upper case: `CEPT`, not `cept`).",

    DuplicateState "duplicate-state" Error
"Two member states have the same ISO code.

Fix: list each state once.",

    UnknownState "unknown-state" Error
"A group lists a member, or a position names a state, that is not in the
scenario's states file.

Fix: add the state (ISO 3166-1 alpha-3 code and name) to the states file, or
correct the code.",

    DuplicateMember "duplicate-member" Error
"A state appears twice in one group's membership (twice in `members`, or in both
`members` and `suspended`).

Fix: list it once; a suspended member goes only under `suspended`.",

    InvalidRule "invalid-rule" Error
"An adoption rule has an impossible parameter, such as an objection ratio
outside 0-1.

Fix: give a ratio between 0 and 1 (CITEL: 0.5).",

    UnreachableRule "unreachable-rule" Error
"A group's adoption rule needs more members than the group has active members,
so it could never form a common proposal.

Fix: check the membership list (suspended members do not count) or the rule's
thresholds.",

    InvalidCapability "invalid-capability" Error
"An explicit capability table is missing a group, names an unknown group, or
gives a weight that is negative, not finite, or above 1,000,000 (only ratios
matter, and sums of weights must stay finite).

Fix: give every group one weight from 0 to 1,000,000, or use `Members` or `Equal`.",

    DuplicatePosition "duplicate-position" Error
"A group has two cells on the same agenda item, two position files, or a
confidential part given twice for one item.

Fix: merge them into one.",

    ConferenceMismatch "conference-mismatch" Error
"A position or outcomes file is for another conference than the scenario.

Fix: load the file for this conference, or correct its `conference` field.",

    StanceMismatch "stance-mismatch" Error
"A position or outcome does not fit the kind of its item: an `Options` stance on a
scale item, a `Scale` stance on an options item, tallies or options in the
confidential part of a scale position, or an outcome's `option` on a scale item
or `point` on an options item.

Fix: use `Options(...)` for an item with options and `Scale(...)` for a scale
item.",

    EmptyStance "empty-stance" Error
"An `Options` stance prefers, accepts and opposes nothing, or a condition is
empty, or a `NotCoded` stance has no words, so it says nothing.

Fix: state what the group prefers, accepts or opposes (and the condition), give a
`NotCoded` stance its `text`, or use `NoPositionYet`, `NoProposal` or `Unknown`.",

    UnknownOption "unknown-option" Error
"A position, tally, confidential part or outcome names an option that its item
does not have.

Fix: use one of the item's option ids (the hint suggests the closest).",

    PreferredNotFirst "preferred-not-first" Error
"A position prefers an option but lists other options before it under `accepts`.
Accepted options are in order of preference, so the preferred option comes
first. (With `prefers` alone, `accepts` may be left out.)

Fix: move the preferred option to the front of `accepts`.",

    AcceptedAndOpposed "accepted-and-opposed" Error
"An option is both accepted (or preferred, or a confidential fallback) and opposed
(a red line) by the same position. A red line is never accepted.

Fix: remove the option from one of the two lists.",

    DuplicateAccepted "duplicate-accepted" Error
"An option appears twice among a position's accepted options, fallbacks or red
lines.

Fix: list it once.",

    ConditionNotAccepted "condition-not-accepted" Error
"A condition is attached to an option the position does not accept. Conditions
qualify accepted options (\"accepts IMT only if the five conditions are met\").

Fix: add the option to `accepts`, or remove the condition.",

    OutOfUnitRange "out-of-unit-range" Error
"A salience, flexibility or ratio is outside 0-1.

Fix: give a value between 0 and 1 (0.5 when unsure, marked `Estimated`).",

    ScaleOutOfRange "scale-out-of-range" Error
"A scale value (position, range, limit, anchor or status quo) is outside 0-100.

Fix: use the item's 0-100 scale.",

    ScaleInconsistent "scale-inconsistent" Error
"A scale position is not inside its own acceptable range, a range runs
backwards, or the range is not inside the hard limits.

Fix: keep `limits.0 <= range.0 <= at <= range.1 <= limits.1`.",

    TallyNonMember "tally-non-member" Error
"A tally names a state that is not an active member of the group.

Fix: remove the state, or add it to the group's members.",

    TallySuspended "tally-suspended" Error
"A tally names a suspended member of the group (e.g. Russia or Belarus in CEPT
since March 2022); suspended members do not co-sign common proposals.

Fix: remove the state from the tally.",

    TallyConflict "tally-conflict" Error
"A state both supports and opposes the same option, or one option has two
tallies.

Fix: keep the state on one side and one tally per option.",

    StateNotMember "state-not-member" Error
"A position of a single member state sits in the file of a group it is not an
active member of.

Fix: move it to the file of one of the state's groups.",

    InvalidSet "invalid-set" Error
"A what-if change (`--set`, or a line of an `--overlay` file) is not of the form
GROUP:ITEM=FIELD:VALUE, names a field that cannot be set, gives a value that is
not a number, or aims at a group with no positions file.

Fix: write e.g. `APT:1.7=prefers:noc`, `CEPT:1.7=accepts:noc,imt`,
`ATU:*=flexibility:0.8` (or `+0.2`), `RCC:1.7=unknown`; `*` means every group or
every item.",

    TableCell "table-cell" Error
"A cell of a coordinator's table (CSV or xlsx) does not hold what its column
holds: an unknown group, item, option or member state, a stance, maturity or
basis that is not one of the column's words, a number that is not one or is out
of range, a date that is not `YYYY-MM-DD` or a spreadsheet date, a condition or
tally that does not name its option, or a group with no positions file. The
place is the file and the line (`table.csv:7`) or the sheet and cell
(`book.xlsx:Positions!C7`).

Fix: correct the cell (the hint gives the expected value or the closest id);
docs/files.md, \"Tables\", lists every column.",

    TableHeader "table-header" Error
"A table has no header concord recognises in its first ten rows (the long layout
needs `group`, `item` and `stance` columns; the wide one an `item` column and at
least one group's column), or it is not a table at all: a corrupt or encrypted
workbook, a sheet over the cell limit, a formula with no cached value.

Fix: export the table again from its spreadsheet, with its header row, or give
`concord export table` output as a model.",

    VersionConflict "version-conflict" Error
"An imported row gives a cell a version dated like one the positions file already
keeps, and says something else. An import adds dated versions; it never rewrites
one silently.

Fix: give the row the date of the meeting that changed the position (a new
version), or `--force` to replace the version of that date.",

    DecideRow "decide-row" Error
"A row of a Decide file (`concord import decide`) is malformed: too few fields,
a number that is not one, a value outside its range (position 0-100, salience
and power 0-1), or an actor or issue not declared above it. The import is all
or nothing: nothing is written while any row is bad.

Fix: correct the row in the Decide file.",

    NoProvenance "no-provenance" Warning
"A cell has no provenance: nothing says where it comes from. Users must be able
to tell sourced data from estimates and illustrations.

Fix: add `provenance: Sourced(source: \"...\", as_of: \"YYYY-MM-DD\")`, or
`provenance: Illustrative(note: \"...\")` for a made-up example.",

    StalePosition "stale-position" Warning
"A position is dated before the latest meeting that decides its group's
positions (one of its own regional meetings, or the conference) held by the
scenario's `as_of`, so that meeting may have changed it. An inter-regional
workshop presents positions and a CPM session studies: neither counts.

Fix: check the position against the meeting's outcome and update its `as_of`.",

    MaturityRegressed "maturity-regressed" Warning
"Two dated versions of a group's cell go backwards in maturity: a later version
is less mature (a preliminary view after a common proposal, a PACP after an
ACP). A position matures from meeting to meeting; it goes back only when a
meeting reopens it.

Fix: check the dates and maturities of the versions; if a meeting really
reopened the item, say so in the later version's `note`.",

    CommonProposalShort "common-proposal-short" Warning
"A cell is marked a common proposal (ECP, ACP, IAP, AfCP, CommonProposal), but
its tallies do not meet the group's rule for one: the tally of the option it
proposes is missing, or has too few supporters or too many objectors. The
analysis applies the rule to the tallies and finds no common proposal, so the
cell's maturity contradicts its own numbers.

Fix: lower the maturity to what the meeting agreed (a draft, a common
position), or complete the tally from the meeting's record.",

    SourceAfterAsOf "source-after-as-of" Warning
"A position rests on a source published after the position's `as_of`: the cell
claims to know, at that date, what was only written later (hindsight). A
backtest that uses it is scored on information the delegations did not have.

Fix: cite the document that gave the position at that date (a meeting's
outcome, a proposal), or date the position at the source's publication.",

    UnknownReader "unknown-reader" Error
"`--for` names neither a group nor a member state of the scenario, so nobody's
confidential parts can be read for it.

Fix: give a group id (`CEPT`) or a member state's ISO 3166-1 alpha-3 code
(`FRA`) from the scenario's groups and states files; without `--for` the output
is public.",

    InlineConfidential "inline-confidential" Warning
"A positions file, which is public and shared, holds a `confidential` part
inline. It is read only for its own group's outputs (`--for GROUP`), but
anyone who has the file can read it.

Fix: move the part into the group's private file (`private/<group>.ron`, listed
under `private` in the scenario) and share the positions file without it.
`--fail-on inline-confidential` makes this an error in CI.",

    PrivateFileOwner "private-file-owner" Error
"A private file is not named after its group, or names another group inside.
Whose a private file is, concord decides from its name before reading it
(`private/cept.ron` is CEPT's), so that no output for another reader ever
reads it.

Fix: name the file after its group id in lower case, and give that group in
its `group` field.",

    FileName "file-name" Warning
"A position file is not named after its group id in lower case
(`positions/pp14/cept.ron` for CEPT); other tools rely on the convention.

Fix: rename the file.",

    MembershipAfterAsOf "membership-after-as-of" Warning
"Every membership a group lists is dated after the scenario's `as_of`, so the
members used (for capability and tallies) may not be those of the time.

Fix: add the membership in force at the scenario's date under the group's
`earlier` list, with its source.",

    IdleLever "idle-lever" Warning
"A what-if change sets a salience or flexibility on a cell that states no
position (unknown, no position yet, no proposal, or words only). The model uses
the weights of stated cells only, so the change alters nothing: a lever on an
unknown cell is not a finding.

Fix: give the cell a stance first, in the same run (`--set RCC:1.7=prefers:noc
--set RCC:1.7=salience:0.8`), or aim the lever at a stated group.",

    MaturityVocabulary "maturity-vocabulary" Warning
"A position uses another group's maturity term (e.g. `ACP` in a CEPT file).

Fix: use the group's own term, or a generic level (`PreliminaryView`, `Draft`,
`CommonPosition`, `CommonProposal`).",
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::Code;

    #[test]
    fn names_are_unique_kebab_case_and_round_trip() {
        let mut seen = std::collections::BTreeSet::new();
        for code in Code::ALL {
            assert!(seen.insert(code.name()), "duplicate {}", code.name());
            assert!(
                code.name()
                    .bytes()
                    .all(|byte| byte.is_ascii_lowercase() || byte == b'-'),
                "{}",
                code.name()
            );
            assert_eq!(Code::from_name(code.name()), Some(*code));
            assert!(code.explanation().contains("Fix:"), "{}", code.name());
        }
    }
}

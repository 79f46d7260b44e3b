//! JSON output. Its own serializable types with a `schema_version`, so the model can change
//! without silently changing what scripts read.

use serde::Serialize;

/// Bumped on any incompatible change to a JSON output of concord.
pub(crate) const SCHEMA_VERSION: u32 = 1;

use concord_core::analysis::{Analysis, Compromise, GroupCell, NotStated, Stated};
use concord_core::id::GroupId;
use concord_core::model::{Cell, Outcomes, Scenario, Stance};

use super::adoption;
use super::view::cell_label;
use super::view_words::{outcome_label, provenance_mark};

pub(crate) use super::json_float::{to_string_pretty, to_writer_pretty};

mod diff;
mod model;
mod tables;

pub use diff::diff;
pub use tables::{blocs, contested, matrix, write_blocs};

fn to_string<T: Serialize>(value: &T) -> String {
    let mut out = crate::report::json::to_string_pretty(value)
        .expect("serializing plain structs of strings and numbers cannot fail");
    out.push('\n');
    out
}

/// For `skip_serializing_if`: a count of none is left out.
#[allow(clippy::trivially_copy_pass_by_ref)] // serde passes a reference
fn is_zero(count: &usize) -> bool {
    *count == 0
}

/// The report without its items: they are rendered one by one (in parallel) and spliced into
/// the `items` list, byte for byte what serializing the whole document would give.
#[derive(Serialize)]
struct ReportJson<'a> {
    /// [`SCHEMA_VERSION`].
    schema_version: u32,
    /// The conference's id.
    conference: &'a str,
    /// The counts.
    summary: SummaryJson,
    /// Always empty here: the writer splices the items in.
    items: [(); 0],
}

/// The report's counts.
#[derive(Serialize)]
struct SummaryJson {
    /// Agenda items.
    n_items: usize,
    /// Items every stated group agrees on (with or without every group stated).
    n_unanimous: usize,
    /// Of those, the items where not every group is stated ("agreed among the k stated").
    n_unanimous_among_stated: usize,
    /// Items with a compromise.
    n_compromise: usize,
    /// Contested items.
    n_contested: usize,
    /// Items with too few stated groups.
    n_insufficient: usize,
    /// Items at risk of carry-forward.
    n_at_risk: usize,
    /// Cells (groups × items).
    n_cells: usize,
    /// Cells whose position is known.
    n_cells_known: usize,
    /// Items on which no cell is known.
    n_items_nothing_known: usize,
}

/// The coverage of one item.
#[derive(Serialize)]
pub(super) struct KnownJson {
    /// Groups whose cell is known.
    groups: usize,
    /// All groups.
    of: usize,
    /// Groups stated (a position that survives their rule).
    stated: usize,
}

impl From<super::view::Standing> for KnownJson {
    fn from(standing: super::view::Standing) -> Self {
        KnownJson {
            groups: standing.known,
            of: standing.groups,
            stated: standing.stated,
        }
    }
}

/// One item of the report.
#[derive(Serialize)]
struct ItemJson<'a> {
    /// The item's id.
    id: &'a str,
    /// The id of the agenda item this is an issue of (null: not an issue).
    parent: Option<&'a str>,
    /// Its title.
    title: &'a str,
    /// Its status (`unanimous`, `compromise`, `contested`, `insufficient`).
    status: &'static str,
    /// How many groups' cells are known (anything but unknown), and of how many groups.
    known: KnownJson,
    /// Ranked option ids, or the scale point (null when there is none).
    compromise: CompromiseJson<'a>,
    /// W(o) per option, keyed by option id (keyed maps are sorted by key, as serde_json's own
    /// map is).
    weights: std::collections::BTreeMap<&'a str, f64>,
    /// The contention, 0-1 (null: insufficient, or no stated group has any weight).
    contention: Option<f64>,
    /// The conflicting pairs, each with its reason.
    conflicts: Vec<ConflictJson<'a>>,
    /// The largest coalition (null: none).
    largest_coalition: Option<CoalitionJson>,
    /// The smallest blocking set (empty: aligned; null: insufficient or nobody accepts anything).
    blocking: Option<Vec<String>>,
    /// The carry-forward risk (null: not at risk).
    at_risk: Option<RiskJson>,
    /// Member states in both groups of a conflicting pair (the first thousand).
    cross_pressured: Vec<String>,
    /// How many more there are (absent when none).
    #[serde(skip_serializing_if = "is_zero")]
    cross_pressured_more: usize,
    /// What each group's adoption rule made of each member tally, in words.
    regional_adoption: Vec<String>,
    /// Each group's cell, keyed by group id (sorted).
    positions: std::collections::BTreeMap<&'a str, CellJson>,
    /// The recorded outcome (null: none recorded).
    recorded_outcome: Option<OutcomeJson>,
    /// Group-aware consensus of each option with member tallies.
    consensus: Vec<ConsensusJson<'a>>,
    /// Member states' own positions on the item.
    member_state_positions: Vec<MemberStateJson<'a>>,
    /// Non-voting organisations' views on the item: shown, never counted.
    organisation_views: Vec<OrganisationViewJson<'a>>,
}

impl ItemJson<'_> {
    /// The item as `--groups` shows it: the cells of those groups, the conflicts and the member
    /// states' positions that involve them.
    fn only_groups(&mut self, groups: &[GroupId]) {
        let shown = |id: &str| groups.iter().any(|group| group.as_str() == id);
        self.positions.retain(|group, _| shown(group));
        self.conflicts
            .retain(|conflict| conflict.groups.iter().any(|group| shown(group)));
        self.member_state_positions
            .retain(|position| shown(position.group));
    }
}

/// A non-voting organisation's view on an item.
#[derive(Serialize)]
struct OrganisationViewJson<'a> {
    organisation: &'a str,
    stance: &'static str,
    prefers: Option<&'a str>,
    accepts: Vec<&'a str>,
    opposes: Vec<&'a str>,
    at: Option<f64>,
    note: Option<&'a str>,
    reference: Option<&'a str>,
    /// The date of the view, when its provenance gives one.
    as_of: Option<String>,
    /// Its own words, when the files keep them.
    text: Option<&'a str>,
}

/// An item's compromise: the ranked option ids, or the scale point.
#[derive(Serialize)]
#[serde(untagged)]
enum CompromiseJson<'a> {
    /// The options, best first.
    Options(Vec<&'a str>),
    /// The scale point (null when there is none).
    Point(Option<f64>),
}

/// Group-aware consensus of one option.
#[derive(Serialize)]
struct ConsensusJson<'a> {
    /// The option.
    option: &'a str,
    /// Π_g (1 + A_g) / (2 + S_g) over the groups with a tally on the item.
    value: f64,
    /// The size-robust variant: the |groups|-th root.
    root: f64,
    /// How many groups have a tally on the item.
    groups: usize,
}

/// A member state's own position on an item.
#[derive(Serialize)]
struct MemberStateJson<'a> {
    /// The state's code.
    state: &'a str,
    /// The group whose file holds it.
    group: &'a str,
    /// Options items: the preferred option (null: none).
    prefers: Option<&'a str>,
    /// Options items: the red lines.
    opposes: Vec<&'a str>,
    /// Scale items: the state's point (0-100).
    at: Option<f64>,
    /// `options`, `scale`, `no_position_yet`, `no_proposal` or `unknown`.
    stance: &'static str,
    /// The state's proposal reference (null: none).
    reference: Option<&'a str>,
}

/// A conflicting pair of groups.
#[derive(Serialize)]
struct ConflictJson<'a> {
    /// The two groups.
    groups: [&'a str; 2],
    /// Why they conflict, in words.
    reason: String,
}

/// The largest coalition.
#[derive(Serialize)]
struct CoalitionJson {
    /// Options items: the option it accepts (absent on scale items).
    #[serde(skip_serializing_if = "Option::is_none")]
    option: Option<String>,
    /// Scale items: the point every range of it contains (absent on options items).
    #[serde(skip_serializing_if = "Option::is_none")]
    point: Option<f64>,
    /// Its groups, in group order.
    groups: Vec<String>,
    /// Σ c_g over its groups.
    capability: f64,
}

/// Why an item is at risk of carry-forward.
#[derive(Serialize)]
struct RiskJson {
    /// The next conference (null: not named).
    to: Option<String>,
    /// Why, in words.
    reason: String,
}

/// A recorded outcome.
#[derive(Serialize)]
struct OutcomeJson {
    /// `adopted`, `revised`, `not_adopted`, `voted` or `carried_forward`.
    result: String,
    /// The option adopted (null: not recorded).
    option: Option<String>,
    /// The point adopted (null: not recorded).
    point: Option<f64>,
    /// The outcome's summary.
    summary: String,
    /// Its source.
    source: String,
    /// The outcome in words.
    text: String,
}

/// A cell of the report's `positions`. Fields in alphabetical order: the order the contract has
/// always had (it was once built through serde_json's sorted map).
#[derive(Serialize)]
struct CellJson {
    /// The accepted options, in order of preference (absent when none).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    accepts: Vec<AcceptJson>,
    /// Scale items: the position (absent otherwise).
    #[serde(skip_serializing_if = "Option::is_none")]
    at: Option<f64>,
    /// The group's capability c_g.
    capability: f64,
    /// How readily the group moves, 0-1.
    flexibility: f64,
    /// `stated`, `no_position_yet`, `no_proposal`, `unknown` or `no_common_proposal`.
    kind: &'static str,
    /// The cell in the field's vocabulary.
    label: String,
    /// `S` sourced, `E` estimated weights, `~` an estimated position, `I` illustrative, `-` no
    /// provenance, empty for unknown.
    mark: &'static str,
    /// The red lines (absent when none).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    opposes: Vec<String>,
    /// The preferred option (absent when none).
    #[serde(skip_serializing_if = "Option::is_none")]
    prefers: Option<String>,
    /// Scale items: the acceptable range `[low, high]` (absent otherwise).
    #[serde(skip_serializing_if = "Option::is_none")]
    range: Option<(f64, f64)>,
    /// `no_common_proposal`: why the group has none, in words (absent otherwise).
    #[serde(skip_serializing_if = "Option::is_none")]
    reason: Option<String>,
    /// How much the item matters to the group, 0-1.
    salience: f64,
}

/// Alphabetical, as [`CellJson`].
#[derive(Serialize)]
struct AcceptJson {
    /// What the acceptance depends on (absent: unconditional).
    #[serde(skip_serializing_if = "Option::is_none")]
    condition: Option<String>,
    /// A confidential fallback (absent when not).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    confidential: bool,
    /// The option.
    option: String,
}

fn cell_json(cell: &GroupCell, model_cell: &Cell) -> CellJson {
    let mut json = CellJson {
        kind: "stated",
        label: cell_label(cell),
        mark: provenance_mark(model_cell),
        prefers: None,
        accepts: Vec::new(),
        opposes: Vec::new(),
        at: None,
        range: None,
        reason: None,
        capability: cell.capability,
        salience: cell.salience,
        flexibility: cell.flexibility,
    };
    match (cell.stated(), cell.not_stated()) {
        (Some(Stated::Options(stance)), _) => {
            json.prefers = stance.prefers.as_ref().map(ToString::to_string);
            json.accepts = stance
                .accepts
                .iter()
                .map(|a| AcceptJson {
                    option: a.option.to_string(),
                    condition: a.condition.clone(),
                    confidential: a.confidential,
                })
                .collect();
            json.opposes = stance.opposes.iter().map(|(o, _)| o.to_string()).collect();
        }
        (Some(Stated::Scale(scale)), _) => {
            json.at = Some(scale.at);
            json.range = Some(scale.range);
        }
        (None, Some(not_stated)) => {
            json.kind = match not_stated {
                NotStated::NoPositionYet => "no_position_yet",
                NotStated::NotCoded(_) => "not_coded",
                NotStated::NoProposal => "no_proposal",
                NotStated::Unknown => "unknown",
                NotStated::NoCommonProposal(_) => "no_common_proposal",
            };
            if let NotStated::NoCommonProposal(reason) = not_stated {
                json.reason = Some(adoption::no_common_proposal(cell, reason));
            }
        }
        (None, None) => json.kind = "unknown",
    }
    json
}

/// The report contract: see docs/json.md.
pub fn report(scenario: &Scenario, analysis: &Analysis, outcomes: Option<&Outcomes>) -> String {
    let mut out = Vec::new();
    write_report(&mut out, scenario, analysis, (outcomes, None))
        .expect("writing into memory cannot fail");
    String::from_utf8(out).expect("serde_json writes UTF-8")
}

/// [`report`], written piece by piece: the items are pretty-printed on their own (in parallel, a
/// chunk of 256 at a time, so only one chunk is in memory), indented to their depth and spliced
/// into the document — byte for byte what serializing the whole document gives. JSON strings hold
/// no raw newline, so every line break is the printer's.
pub fn write_report(
    out: &mut dyn std::io::Write,
    scenario: &Scenario,
    analysis: &Analysis,
    (outcomes, groups): (Option<&Outcomes>, Option<&[GroupId]>),
) -> std::io::Result<()> {
    let known = super::view::Coverage::of(analysis);
    let document = to_string(&ReportJson {
        schema_version: SCHEMA_VERSION,
        conference: &scenario.conference.id,
        summary: SummaryJson {
            n_items: analysis.items.len(),
            n_unanimous: analysis.counts.unanimous,
            n_unanimous_among_stated: analysis.counts.unanimous_among_stated,
            n_compromise: analysis.counts.compromise,
            n_contested: analysis.counts.contested,
            n_insufficient: analysis.counts.insufficient,
            n_at_risk: analysis.counts.at_risk,
            n_cells: known.cells,
            n_cells_known: known.known,
            n_items_nothing_known: known.items_nothing_known,
        },
        items: [],
    });
    const EMPTY: &str = "\"items\": []";
    let Some(at) = document.rfind(EMPTY).filter(|_| !analysis.items.is_empty()) else {
        return out.write_all(document.as_bytes());
    };
    out.write_all(&document.as_bytes()[..at])?;
    out.write_all(b"\"items\": [\n")?;
    for (chunk_index, chunk) in analysis.items.chunks(256).enumerate() {
        let rendered = concord_core::parallel::map(chunk, |item| {
            let mut json = item_json(scenario, item, outcomes);
            if let Some(groups) = groups {
                json.only_groups(groups);
            }
            crate::report::json::to_string_pretty(&json)
                .expect("serializing plain structs of strings and numbers cannot fail")
        });
        for (index, json) in rendered.iter().enumerate() {
            if chunk_index > 0 || index > 0 {
                out.write_all(b",\n")?;
            }
            out.write_all(b"    ")?;
            write_indented(out, json)?;
        }
    }
    out.write_all(b"\n  ]")?;
    out.write_all(&document.as_bytes()[at + EMPTY.len()..])
}

/// Writes a pretty-printed value nested two levels deep: every line after the first indented by
/// four spaces (JSON strings hold no raw newline, so every line break is the printer's).
fn write_indented(out: &mut dyn std::io::Write, json: &str) -> std::io::Result<()> {
    for (index, line) in json.split('\n').enumerate() {
        if index > 0 {
            out.write_all(b"\n    ")?;
        }
        out.write_all(line.as_bytes())?;
    }
    Ok(())
}

/// One item of the report contract, its labels and numbers as docs/json.md documents them.
fn item_json<'a>(
    scenario: &'a Scenario,
    item: &'a concord_core::analysis::ItemAnalysis,
    outcomes: Option<&'a Outcomes>,
) -> ItemJson<'a> {
    ItemJson {
        id: item.item.as_str(),
        parent: scenario.items[&item.item].parent.as_deref(),
        title: &scenario.items[&item.item].title,
        status: item.status.name(),
        known: crate::report::view::Standing::of(item).into(),
        compromise: compromise_json(&item.compromise),
        weights: item
            .weights
            .iter()
            .map(|(option, weight)| (option.as_str(), *weight))
            .collect(),
        contention: item.contention,
        conflicts: conflicts_json(item),
        largest_coalition: item.largest_coalition.as_ref().map(coalition_json),
        blocking: item
            .blocking
            .as_ref()
            .map(|groups| groups.iter().map(ToString::to_string).collect()),
        at_risk: item.at_risk.as_ref().map(|risk| RiskJson {
            to: risk.to.clone(),
            reason: crate::report::reasons::risk(&risk.reason),
        }),
        cross_pressured: item
            .cross_pressured
            .iter()
            .map(|c| c.state.to_string())
            .collect(),
        cross_pressured_more: item.cross_pressured_more,
        regional_adoption: item
            .cells
            .iter()
            .flat_map(|cell| cell.adoption.iter().map(adoption::note))
            .collect(),
        positions: item
            .cells
            .iter()
            .map(|cell| {
                (
                    cell.group.as_str(),
                    cell_json(cell, scenario.cell(&cell.group, &item.item)),
                )
            })
            .collect(),
        recorded_outcome: outcomes
            .and_then(|outcomes| outcomes.outcomes.get(&item.item))
            .map(outcome_json),
        consensus: item
            .consensus
            .iter()
            .map(|c| ConsensusJson {
                option: c.option.as_str(),
                value: c.value,
                root: c.root,
                groups: c.groups,
            })
            .collect(),
        member_state_positions: member_states_json(scenario, &item.item),
        organisation_views: scenario
            .organisations
            .values()
            .filter_map(|organisation| {
                let view = organisation.views.get(&item.item)?;
                let (stance, prefers, opposes, at) = stance_parts(&view.stance);
                Some(OrganisationViewJson {
                    organisation: &organisation.id,
                    stance,
                    prefers,
                    accepts: match &view.stance {
                        Stance::Options(s) => s.accepts.iter().map(|a| a.option.as_str()).collect(),
                        _ => Vec::new(),
                    },
                    opposes,
                    at,
                    note: view.note.as_deref(),
                    reference: view.reference.as_deref(),
                    as_of: view.provenance.as_of().map(|date| date.to_string()),
                    text: view.text.as_deref(),
                })
            })
            .collect(),
    }
}

/// A stance's kind, preferred option, red lines and scale point, as the JSON lists them.
fn stance_parts(stance: &Stance) -> (&'static str, Option<&str>, Vec<&str>, Option<f64>) {
    match stance {
        Stance::Options(s) => (
            "options",
            s.prefers.as_ref().map(|p| p.as_str()),
            s.opposes.iter().map(|o| o.as_str()).collect(),
            None,
        ),
        Stance::Scale(s) => ("scale", None, Vec::new(), Some(s.at)),
        Stance::NoPositionYet => ("no_position_yet", None, Vec::new(), None),
        Stance::NotCoded => ("not_coded", None, Vec::new(), None),
        Stance::NoProposal => ("no_proposal", None, Vec::new(), None),
        Stance::Unknown => ("unknown", None, Vec::new(), None),
    }
}

/// The compromise as the contract has it: the ranked option ids, or the scale point (null
/// when there is none).
fn compromise_json(compromise: &Compromise) -> CompromiseJson<'_> {
    match compromise {
        Compromise::Options(ranked) => {
            CompromiseJson::Options(ranked.iter().map(|(o, _)| o.as_str()).collect())
        }
        Compromise::Scale { point, .. } => CompromiseJson::Point(*point),
    }
}

/// The item's conflicting pairs, each with its reason.
fn conflicts_json(item: &concord_core::analysis::ItemAnalysis) -> Vec<ConflictJson<'_>> {
    item.conflicts_with_groups()
        .map(|(groups, conflict)| ConflictJson {
            groups: [groups.0.as_str(), groups.1.as_str()],
            reason: crate::report::reasons::conflict(&conflict),
        })
        .collect()
}

/// The largest coalition: its option or point, its groups and their capability.
fn coalition_json(c: &concord_core::analysis::Coalition) -> CoalitionJson {
    CoalitionJson {
        option: c.option.as_ref().map(ToString::to_string),
        point: c.point,
        groups: c.groups.iter().map(ToString::to_string).collect(),
        capability: c.capability,
    }
}

/// A recorded outcome: its result as a snake-case word, what was adopted, and the outcome in
/// words.
fn outcome_json(outcome: &concord_core::model::Outcome) -> OutcomeJson {
    OutcomeJson {
        result: match &outcome.result {
            concord_core::model::OutcomeKind::Adopted => "adopted".into(),
            concord_core::model::OutcomeKind::Revised => "revised".into(),
            concord_core::model::OutcomeKind::NotAdopted => "not_adopted".into(),
            concord_core::model::OutcomeKind::Voted => "voted".into(),
            concord_core::model::OutcomeKind::CarriedForward(_) => "carried_forward".into(),
        },
        option: outcome.option.as_ref().map(ToString::to_string),
        point: outcome.point,
        summary: outcome.summary.clone(),
        source: outcome.source.clone(),
        text: outcome_label(outcome),
    }
}

/// The member states' own positions on `item`, from every group's file in file order.
fn member_states_json<'a>(
    scenario: &'a Scenario,
    item: &'a concord_core::id::ItemId,
) -> Vec<MemberStateJson<'a>> {
    scenario
        .positions
        .iter()
        .flat_map(|(group, positions)| {
            positions
                .state_positions
                .iter()
                .filter(move |position| &position.item == item)
                .map(move |position| {
                    let (stance, prefers, opposes, at) = stance_parts(&position.stance);
                    MemberStateJson {
                        state: position.state.as_str(),
                        group: group.as_str(),
                        prefers,
                        opposes,
                        at,
                        stance,
                        reference: position.reference.as_deref(),
                    }
                })
        })
        .collect()
}

/// `concord export --format json`: the validated model, for users' own tooling.
pub fn export(scenario: &Scenario) -> String {
    let mut out = Vec::new();
    write_export(&mut out, scenario).expect("writing into memory cannot fail");
    String::from_utf8(out).expect("serde_json writes UTF-8")
}

/// [`export`], written piece by piece: the document without its cells, then each group's cells
/// (a group at a time, in key order as serde_json's sorted map would have them) spliced in,
/// indented to their depth. Byte for byte the whole document serialized at once.
pub fn write_export(out: &mut dyn std::io::Write, scenario: &Scenario) -> std::io::Result<()> {
    let document = to_string(&model::document(scenario));
    const EMPTY: &str = "\n  \"cells\": {}";
    let Some(at) = document
        .find(EMPTY)
        .filter(|_| !scenario.positions.is_empty())
    else {
        return out.write_all(document.as_bytes());
    };
    out.write_all(&document.as_bytes()[..at])?;
    out.write_all(b"\n  \"cells\": {\n")?;
    let mut groups: Vec<_> = scenario.positions.iter().collect();
    groups.sort_by(|(a, _), (b, _)| a.as_str().cmp(b.as_str()));
    for (index, (group, positions)) in groups.into_iter().enumerate() {
        if index > 0 {
            out.write_all(b",\n")?;
        }
        let key = serde_json::to_string(group.as_str()).expect("a string serializes");
        let cells = crate::report::json::to_string_pretty(&model::group_cells(group, positions))
            .expect("plain data serializes");
        write!(out, "    {key}: ")?;
        write_indented(out, &cells)?;
    }
    out.write_all(b"\n  }")?;
    out.write_all(&document.as_bytes()[at + EMPTY.len()..])
}

/// Pretty JSON through the one float formatter, with a final newline.
pub(crate) fn pretty_line<T: Serialize>(value: &T) -> String {
    let mut out = to_string_pretty(value).expect("plain data serializes");
    out.push('\n');
    out
}

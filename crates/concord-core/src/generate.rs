//! Synthetic scenarios for benchmarks and tests (`concord generate`): valid by construction,
//! every cell stated, about 30% with red lines, 20% with member tallies, 10% scale items, some
//! dependencies. Deterministic for a seed. Made-up data: every cell says it is illustrative.

use rand_chacha::ChaCha8Rng;
use rand_chacha::rand_core::{Rng, SeedableRng};

use crate::load::raw::{
    Action, Capability, Estimate, Group, GroupsFile, Item, ItemOption, Majority, Membership,
    MembershipSource, Position, PositionsFile, Provenance, Rule, Scale, ScenarioFile, Stage,
    StageKind, Stance, State, StatesFile, Tally, Voting,
};

/// The sizes and seed of a generated scenario ([`GenerateConfig::check`] gives their ranges).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct GenerateConfig {
    /// Groups, 1 to [`LIMITS`](crate::limits::LIMITS)`.generate_groups`.
    pub groups: usize,
    /// Agenda items, 1 to `LIMITS.generate_items`; groups × items at most
    /// `LIMITS.generate_cells` ([`LIMITS`](crate::limits::LIMITS)).
    pub items: usize,
    /// Options per options item, 2 to 64.
    pub options: usize,
    /// Member states in all, shared out among the groups.
    pub members: usize,
    /// The seed: the same config gives the same files.
    pub seed: u64,
}

/// The most groups `generate` makes.
pub(crate) const MAX_GROUPS: usize = 500;
/// The most agenda items `generate` makes.
pub(crate) const MAX_ITEMS: usize = 50_000;
/// The most cells (groups × items): what every command serves in seconds (at the default 1,000
/// runs, `simulate` stays within [`crate::simulate`]'s work bound); about 200 bytes of RON each,
/// so at most ~50 MB written.
pub(crate) const MAX_CELLS: usize = 250_000;
/// The most member states: three-letter codes `AAA` to `ZZZ`.
pub(crate) const MAX_MEMBERS: usize = 26 * 26 * 26;

impl GenerateConfig {
    /// Every size within what `generate` makes and the loader reads, or (what is wrong, a hint).
    /// Nothing is clamped: a size out of range is refused.
    pub fn check(&self) -> Result<(), (String, String)> {
        let range = |name: &str, value: usize, min: usize, max: usize| {
            if (min..=max).contains(&value) {
                Ok(())
            } else {
                Err((
                    format!("--{name} {value} is out of range"),
                    format!("give --{name} from {min} to {max}"),
                ))
            }
        };
        range("groups", self.groups, 1, MAX_GROUPS)?;
        range("items", self.items, 1, MAX_ITEMS)?;
        range("options", self.options, 2, crate::model::MAX_OPTIONS)?;
        range("members", self.members, self.groups, MAX_MEMBERS).map_err(|(message, _)| {
            (
                message,
                format!(
                    "give --members from {} (one per group) to {MAX_MEMBERS}",
                    self.groups
                ),
            )
        })?;
        if self.groups * self.items > MAX_CELLS {
            return Err((
                format!(
                    "--groups {} × --items {} is {} positions, more than {MAX_CELLS}",
                    self.groups,
                    self.items,
                    self.groups * self.items
                ),
                "give fewer groups or items".into(),
            ));
        }
        Ok(())
    }
}

/// The files of a generated scenario: (path relative to the output directory, contents).
pub fn generate(config: &GenerateConfig) -> Vec<(String, String)> {
    let mut rng = ChaCha8Rng::seed_from_u64(config.seed);
    let groups = config.groups.max(1);
    let options = config.options.clamp(2, 64);
    let members = config.members.max(groups);
    let mut unit = move || (rng.next_u64() >> 11) as f64 / (1u64 << 53) as f64;
    let states = synthetic_states(members);
    let group_ids: Vec<String> = (0..groups).map(|g| format!("G{g:02}")).collect();
    let group_members = share_members(&states, groups);
    let group_list = synthetic_groups(&group_ids, &group_members);
    let option_ids = option_ids(options);
    let (items, is_scale) = synthetic_items(config.items, &option_ids, &mut unit);
    let mut files = Vec::new();
    for (id, members) in group_ids.iter().zip(&group_members) {
        let positions = is_scale
            .iter()
            .enumerate()
            .map(|(i, scale)| synthetic_position(i, *scale, &option_ids, members, &mut unit))
            .collect();
        files.push(positions_file(id, positions));
    }
    let scenario = synthetic_scenario(config, &group_ids, options, members, items);
    files.push((
        "positions/states.ron".into(),
        to_ron(&StatesFile { states }),
    ));
    files.push((
        "positions/groups.ron".into(),
        to_ron(&GroupsFile { groups: group_list }),
    ));
    files.push(("scenarios/generated.ron".into(), to_ron(&scenario)));
    files.sort();
    files
}

/// The member states `AAA`, `AAB`, ...: `members` of them, all Member States.
fn synthetic_states(members: usize) -> Vec<State> {
    (0..members)
        .map(|n| State {
            code: state_code(n),
            name: format!("State {n}"),
            member_since: None,
            observer: false,
            region: None,
        })
        .collect()
}

/// The states' codes dealt out among `groups` groups in turn.
fn share_members(states: &[State], groups: usize) -> Vec<Vec<String>> {
    let mut group_members: Vec<Vec<String>> = vec![Vec::new(); groups];
    for (n, state) in states.iter().enumerate() {
        group_members[n % groups].push(state.code.clone());
    }
    group_members
}

/// The groups, their rules in turn consensus, thresholds and opt-in.
fn synthetic_groups(group_ids: &[String], group_members: &[Vec<String>]) -> Vec<Group> {
    group_ids
        .iter()
        .zip(group_members)
        .enumerate()
        .map(|(g, (id, members))| {
            let size = u32::try_from(members.len()).unwrap_or(u32::MAX);
            let rule = match g % 3 {
                0 => Rule::Consensus,
                1 => Rule::Thresholds {
                    min_support: (size / 2).max(1),
                    max_oppose: size / 4,
                },
                _ => Rule::OptIn,
            };
            Group {
                id: id.clone(),
                name: format!("Synthetic group {g}"),
                region: "Synthetic".into(),
                membership: Membership {
                    as_of: "2020-01".into(),
                    source: MembershipSource::Cited("generated by concord generate".into()),
                    members: members.clone(),
                    suspended: Vec::new(),
                },
                earlier: Vec::new(),
                rule,
                rule_source: None,
                alternative_rules: Vec::new(),
            }
        })
        .collect()
}

/// The option ids of every options item: `noc` (the status quo), then `o1`, `o2`, ...
fn option_ids(options: usize) -> Vec<String> {
    (0..options)
        .map(|o| {
            if o == 0 {
                "noc".to_owned()
            } else {
                format!("o{o}")
            }
        })
        .collect()
}

/// The agenda items, about 10% of them scale items and 5% depending on an earlier one, with
/// whether each is a scale item.
fn synthetic_items(
    count: usize,
    option_ids: &[String],
    unit: &mut impl FnMut() -> f64,
) -> (Vec<Item>, Vec<bool>) {
    let mut items = Vec::new();
    let mut is_scale = Vec::new();
    for i in 0..count {
        let scale = unit() < 0.1;
        is_scale.push(scale);
        let depends_on = if i > 0 && unit() < 0.05 {
            vec![format!("i{}", (unit() * i as f64) as usize)]
        } else {
            Vec::new()
        };
        items.push(Item {
            voting: None,
            id: format!("i{i}"),
            title: format!("Synthetic item {i}"),
            document: None,
            lead: None,
            tags: Vec::new(),
            depends_on,
            links: Vec::new(),
            background: None,
            issues: Vec::new(),
            options: if scale {
                Vec::new()
            } else {
                item_options(option_ids)
            },
            scale: scale.then(|| Scale {
                anchors: Default::default(),
                status_quo: Some(0.0),
            }),
        });
    }
    (items, is_scale)
}

/// An options item's options: the first is no change (the status quo), the others modify.
fn item_options(option_ids: &[String]) -> Vec<ItemOption> {
    option_ids
        .iter()
        .enumerate()
        .map(|(o, id)| ItemOption {
            id: id.clone(),
            label: format!("Option {o}"),
            action: Some(if o == 0 { Action::NOC } else { Action::MOD }),
            status_quo: o == 0,
            ..ItemOption::default()
        })
        .collect()
}

/// One group's position on item `i`: salience, flexibility, then its stance.
fn synthetic_position(
    i: usize,
    scale: bool,
    option_ids: &[String],
    members: &[String],
    unit: &mut impl FnMut() -> f64,
) -> Position {
    let round2 = |x: f64| (x * 100.0).round() / 100.0;
    let salience = Some(Estimate::Estimated(round2(0.1 + 0.8 * unit())));
    let flexibility = Some(Estimate::Estimated(round2(unit())));
    let (stance, tallies) = if scale {
        (scale_stance(unit), Vec::new())
    } else {
        options_stance(option_ids, members, unit)
    };
    Position {
        item: format!("i{i}"),
        stance,
        salience,
        flexibility,
        maturity: None,
        reference: None,
        tallies,
        provenance: Some(Provenance::Illustrative {
            note: "generated".into(),
            as_of: None,
        }),
        note: None,
        text: None,
        confidential: None,
    }
}

/// A scale stance: a point on 0-100, a range about it and limits 10 beyond the range.
fn scale_stance(unit: &mut impl FnMut() -> f64) -> Stance {
    let at = (unit() * 100.0).round();
    let lo = (at - unit() * 30.0).max(0.0).round();
    let hi = (at + unit() * 30.0).min(100.0).round();
    Stance::Scale {
        at,
        range: (lo, hi),
        limits: Some(((lo - 10.0).max(0.0), (hi + 10.0).min(100.0))),
    }
}

/// An options stance (a shuffled order, up to half the options accepted, about 30% with a red
/// line) and, for about 20%, a member tally on the preferred option.
fn options_stance(
    option_ids: &[String],
    members: &[String],
    unit: &mut impl FnMut() -> f64,
) -> (Stance, Vec<Tally>) {
    let options = option_ids.len();
    let mut order: Vec<usize> = (0..options).collect();
    for k in (1..order.len()).rev() {
        let j = (unit() * (k + 1) as f64) as usize;
        order.swap(k, j.min(k));
    }
    let n_accept = 1 + (unit() * (options as f64 / 2.0)) as usize;
    let accepts: Vec<String> = order[..n_accept]
        .iter()
        .map(|o| option_ids[*o].clone())
        .collect();
    let opposes: Vec<String> = if unit() < 0.3 && n_accept < options {
        vec![option_ids[order[options - 1]].clone()]
    } else {
        Vec::new()
    };
    let tallies = if unit() < 0.2 {
        let support: Vec<String> = members.iter().filter(|_| unit() < 0.8).cloned().collect();
        vec![Tally {
            option: accepts[0].clone(),
            support,
            oppose: Vec::new(),
        }]
    } else {
        Vec::new()
    };
    (
        Stance::Options {
            prefers: Some(accepts[0].clone()),
            accepts,
            conditions: Default::default(),
            opposes,
        },
        tallies,
    )
}

/// A group's positions file: (its path, its RON, one position a line).
fn positions_file(id: &str, positions: Vec<Position>) -> (String, String) {
    let file = PositionsFile {
        provenances: indexmap::IndexMap::new(),
        defaults: None,
        group: id.to_owned(),
        conference: "GEN-1".into(),
        positions,
        states: Vec::new(),
    };
    (
        format!("positions/generated/{}.ron", id.to_lowercase()),
        to_ron_with(&file, Some(2)),
    )
}

/// The scenario file: conference GEN-1, the groups' positions files, three stages, the items.
fn synthetic_scenario(
    config: &GenerateConfig,
    group_ids: &[String],
    options: usize,
    members: usize,
    items: Vec<Item>,
) -> ScenarioFile {
    ScenarioFile {
        organisations: Vec::new(),
        conference: "GEN-1".into(),
        name: format!(
            "Generated: {} groups, {} items, {options} options, {members} states, seed {}",
            group_ids.len(),
            config.items,
            config.seed
        ),
        venue: "Nowhere".into(),
        dates: ("2030-10-01".into(), "2030-10-28".into()),
        as_of: "2030-09-01".into(),
        next_conference: Some("GEN-2".into()),
        deadline: None,
        states: "../positions/states.ron".into(),
        groups: "../positions/groups.ron".into(),
        positions: group_ids
            .iter()
            .map(|id| format!("../positions/generated/{}.ron", id.to_lowercase()))
            .collect(),
        private: Vec::new(),
        outcomes: None,
        capability: Capability::Members,
        voting: Voting::Majority(Majority::Simple),
        stages: synthetic_stages(),
        items,
    }
}

/// The stages: one round of regional meetings, three inter-regional, ten at the conference.
fn synthetic_stages() -> Vec<Stage> {
    vec![
        Stage {
            name: "Regional meetings".into(),
            kind: StageKind::RegionalMeeting,
            start: None,
            end: None,
            rounds: 1,
            groups: Vec::new(),
            deadline: None,
        },
        Stage {
            name: "Inter-regional workshop".into(),
            kind: StageKind::InterRegional,
            start: None,
            end: None,
            rounds: 3,
            groups: Vec::new(),
            deadline: None,
        },
        Stage {
            name: "Conference".into(),
            kind: StageKind::Conference,
            start: Some("2030-10-01".into()),
            end: Some("2030-10-28".into()),
            rounds: 10,
            groups: Vec::new(),
            deadline: None,
        },
    ]
}

fn state_code(n: usize) -> String {
    let letter = |k: usize| char::from(b'A' + u8::try_from(k % 26).unwrap_or(0));
    format!("{}{}{}", letter(n / 676), letter(n / 26), letter(n))
}

fn to_ron<T: serde::Serialize>(value: &T) -> String {
    to_ron_with(value, None)
}

/// RON with every level below `depth` on one line: position files are written one position per
/// line, which keeps a 5,000-item file greppable and a third the size (and parse time).
fn to_ron_with<T: serde::Serialize>(value: &T, depth: Option<usize>) -> String {
    let mut config = ron::ser::PrettyConfig::default()
        .struct_names(true)
        .extensions(ron::extensions::Extensions::IMPLICIT_SOME);
    if let Some(depth) = depth {
        config = config.depth_limit(depth);
    }
    let mut out = format!(
        "// Generated by `concord generate`: synthetic, illustrative data.\n{}",
        ron::ser::to_string_pretty(value, config).expect("raw types serialize")
    );
    out.push('\n');
    out
}

//! The position graph: groups, member states, agenda items and options as nodes; membership,
//! stances, dependencies and cross-conference links as edges.
//!
//! petgraph stays inside this module: callers use domain ids and get plain data back. No
//! `NodeIndex` leaves `graph/`.

pub(crate) mod algo;

use indexmap::IndexMap;
use petgraph::Direction;
use petgraph::graph::{DiGraph, NodeIndex};
use petgraph::visit::EdgeRef;

use crate::id::{GroupId, ItemId, OptionId, StateId};
use crate::model::{ItemKind, Scenario, Stance};

/// What a node of the position graph stands for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum NodeKind {
    /// A regional group (`group:CEPT`).
    Group,
    /// A member state (`state:FRA`).
    State,
    /// An agenda item of the scenario (`item:1.2`).
    Item,
    /// An option of an options item (`option:1.2/noc`).
    Option,
    /// An item of another conference, reached by a link.
    External,
}

impl NodeKind {
    /// The kind as JSON and the node ids write it: `group`, `state`, `item`, `option`, `external`.
    pub fn name(self) -> &'static str {
        match self {
            NodeKind::Group => "group",
            NodeKind::State => "state",
            NodeKind::Item => "item",
            NodeKind::Option => "option",
            NodeKind::External => "external",
        }
    }
}

/// What an edge of the position graph says.
#[derive(Clone, Debug, PartialEq)]
pub enum EdgeKind {
    /// Group → state.
    Member,
    /// Group → suspended state.
    Suspended,
    /// Group or state → option: the first choice.
    Prefers,
    /// Group or state → option, with the rank among the accepted (1 = first) and any condition.
    Accepts {
        /// 1-based rank among the accepted options, in order of preference.
        rank: usize,
        /// What the acceptance depends on (`None`: unconditional).
        condition: Option<String>,
    },
    /// Group or state → option: a red line.
    Opposes,
    /// Group or state → scale item: the position and the acceptable range.
    Position {
        /// The position, 0-100.
        at: f64,
        /// The acceptable range `(low, high)`, on 0-100.
        range: (f64, f64),
    },
    /// Option → item.
    OptionOf,
    /// Item → the item it depends on.
    DependsOn,
    /// Item → an item of another conference.
    LinksTo,
}

impl EdgeKind {
    /// The kind as JSON writes it: `member`, `accepts`, `depends-on`, and so on.
    pub fn name(&self) -> &'static str {
        match self {
            EdgeKind::Member => "member",
            EdgeKind::Suspended => "suspended",
            EdgeKind::Prefers => "prefers",
            EdgeKind::Accepts { .. } => "accepts",
            EdgeKind::Opposes => "opposes",
            EdgeKind::Position { .. } => "position",
            EdgeKind::OptionOf => "option-of",
            EdgeKind::DependsOn => "depends-on",
            EdgeKind::LinksTo => "links-to",
        }
    }
}

#[derive(Clone, Debug)]
struct Node {
    kind: NodeKind,
    key: String,
    label: String,
}

#[derive(Clone, Debug)]
struct Edge {
    kind: EdgeKind,
    /// From a group's confidential part (fallback or red line).
    confidential: bool,
}

/// The scenario as a graph.
#[derive(Clone, Debug)]
pub struct PositionGraph {
    graph: DiGraph<Node, Edge>,
    groups: IndexMap<GroupId, NodeIndex>,
    states: IndexMap<StateId, NodeIndex>,
    items: IndexMap<ItemId, NodeIndex>,
    options: IndexMap<(ItemId, OptionId), NodeIndex>,
    externals: IndexMap<(String, String), NodeIndex>,
}

/// A node as plain data: a stable id such as `group:CEPT` or `option:1.2/noc`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NodeView {
    /// The stable id: `group:CEPT`, `state:FRA`, `item:1.2`, `option:1.2/noc`,
    /// `external:WRC-27/1.7`.
    pub id: String,
    /// What the node stands for.
    pub kind: NodeKind,
    /// The group's or state's name, the item's title, the option's label, or `WRC-27 1.7` for
    /// an external item.
    pub label: String,
}

/// An edge as plain data, between two node ids.
#[derive(Clone, Debug, PartialEq)]
pub struct EdgeView {
    /// The id of the node it leaves.
    pub from: String,
    /// The id of the node it reaches.
    pub to: String,
    /// What it says.
    pub kind: EdgeKind,
    /// Whether it comes from a group's confidential part (a fallback or a red line).
    pub confidential: bool,
}

/// The whole graph as plain data, in insertion order (deterministic).
#[derive(Clone, Debug, PartialEq)]
pub struct GraphView {
    /// Every node.
    pub nodes: Vec<NodeView>,
    /// Every edge.
    pub edges: Vec<EdgeView>,
}

/// The membership layer of the position graph alone: groups, states, and who belongs to whom.
/// It is all the analysis and the summary ask of the graph (members, dual members); a scenario of
/// 250,000 cells builds it in microseconds instead of the whole graph's million edges.
#[derive(Clone, Debug)]
pub struct MembershipGraph(PositionGraph);

impl MembershipGraph {
    /// The groups, the states and their membership edges of `scenario`.
    pub fn build(scenario: &Scenario) -> Self {
        MembershipGraph(PositionGraph::membership_layer(scenario))
    }

    /// The active members of `group`, in membership order (suspended members left out).
    pub fn members(&self, group: &GroupId) -> Vec<StateId> {
        self.0.members(group)
    }

    /// Every state in two or more groups, with those groups in group order.
    pub fn dual_members(&self) -> Vec<(StateId, Vec<GroupId>)> {
        self.0.dual_members()
    }
}

impl PositionGraph {
    /// The whole graph: membership, items and options, dependencies and links, and every stance
    /// (public and confidential) as edges.
    pub fn build(scenario: &Scenario) -> Self {
        let mut this = Self::membership_layer(scenario);
        this.add_items_and_stances(scenario);
        this
    }

    /// The membership layer alone: groups, states and membership edges.
    fn membership_layer(scenario: &Scenario) -> Self {
        let mut this = PositionGraph {
            graph: DiGraph::new(),
            groups: IndexMap::new(),
            states: IndexMap::new(),
            items: IndexMap::new(),
            options: IndexMap::new(),
            externals: IndexMap::new(),
        };
        for state in scenario.states.values() {
            let node = this.add(NodeKind::State, state.id.as_str(), &state.name);
            this.states.insert(state.id.clone(), node);
        }
        for group in scenario.groups.values() {
            let node = this.add(NodeKind::Group, group.id.as_str(), &group.name);
            this.groups.insert(group.id.clone(), node);
            for (members, kind) in [
                (&group.membership.members, EdgeKind::Member),
                (&group.membership.suspended, EdgeKind::Suspended),
            ] {
                for state in members {
                    this.link(node, this.states[state], kind.clone(), false);
                }
            }
        }
        this
    }

    fn add_items_and_stances(&mut self, scenario: &Scenario) {
        let this = self;
        for item in scenario.items.values() {
            let node = this.add(NodeKind::Item, item.id.as_str(), &item.title);
            this.items.insert(item.id.clone(), node);
            if let ItemKind::Options(options) = &item.kind {
                for option in options.values() {
                    let key = format!("{}/{}", item.id, option.id);
                    let option_node = this.add(NodeKind::Option, &key, &option.label);
                    this.options
                        .insert((item.id.clone(), option.id.clone()), option_node);
                    this.link(option_node, node, EdgeKind::OptionOf, false);
                }
            }
        }
        for item in scenario.items.values() {
            let node = this.items[&item.id];
            for dependency in &item.depends_on {
                this.link(node, this.items[dependency], EdgeKind::DependsOn, false);
            }
            for link in &item.links {
                let key = (link.conference.clone(), link.item.clone());
                let external = match this.externals.get(&key) {
                    Some(external) => *external,
                    None => {
                        let label = format!("{} {}", link.conference, link.item);
                        let external = this.add(
                            NodeKind::External,
                            &format!("{}/{}", link.conference, link.item),
                            &label,
                        );
                        this.externals.insert(key, external);
                        external
                    }
                };
                this.link(node, external, EdgeKind::LinksTo, false);
            }
        }
        for (group, positions) in &scenario.positions {
            let from = this.groups[group];
            for (item, cell) in &positions.cells {
                this.stance_edges(from, item, &cell.stance, false);
                if let Some(confidential) = &cell.confidential {
                    let accepted = match &cell.stance {
                        Stance::Options(stance) => stance.accepts.len(),
                        _ => 0,
                    };
                    for (offset, option) in confidential.fallbacks.iter().enumerate() {
                        let to = this.options[&(item.clone(), option.clone())];
                        let kind = EdgeKind::Accepts {
                            rank: accepted + offset + 1,
                            condition: None,
                        };
                        this.link(from, to, kind, true);
                    }
                    for option in &confidential.red_lines {
                        let to = this.options[&(item.clone(), option.clone())];
                        this.link(from, to, EdgeKind::Opposes, true);
                    }
                }
            }
            for state_position in &positions.state_positions {
                let from = this.states[&state_position.state];
                this.stance_edges(from, &state_position.item, &state_position.stance, false);
            }
        }
    }

    fn add(&mut self, kind: NodeKind, key: &str, label: &str) -> NodeIndex {
        self.graph.add_node(Node {
            kind,
            key: key.to_owned(),
            label: label.to_owned(),
        })
    }

    fn link(&mut self, from: NodeIndex, to: NodeIndex, kind: EdgeKind, confidential: bool) {
        self.graph.add_edge(from, to, Edge { kind, confidential });
    }

    fn stance_edges(
        &mut self,
        from: NodeIndex,
        item: &ItemId,
        stance: &Stance,
        confidential: bool,
    ) {
        let stance = match stance {
            Stance::Options(stance) => stance,
            Stance::Scale(scale) => {
                let kind = EdgeKind::Position {
                    at: scale.at,
                    range: scale.range,
                };
                self.link(from, self.items[item], kind, confidential);
                return;
            }
            Stance::NoPositionYet | Stance::NotCoded | Stance::NoProposal | Stance::Unknown => {
                return;
            }
        };
        if let Some(preferred) = &stance.prefers {
            let to = self.options[&(item.clone(), preferred.clone())];
            self.link(from, to, EdgeKind::Prefers, confidential);
        }
        for (rank, accepted) in stance.accepts.iter().enumerate() {
            let to = self.options[&(item.clone(), accepted.option.clone())];
            let kind = EdgeKind::Accepts {
                rank: rank + 1,
                condition: accepted.condition.clone(),
            };
            self.link(from, to, kind, confidential);
        }
        for opposed in &stance.opposes {
            let to = self.options[&(item.clone(), opposed.clone())];
            self.link(from, to, EdgeKind::Opposes, confidential);
        }
    }

    /// Active members of a group, in membership order.
    pub(crate) fn members(&self, group: &GroupId) -> Vec<StateId> {
        let Some(node) = self.groups.get(group) else {
            return Vec::new();
        };
        let mut members: Vec<(usize, StateId)> = self
            .graph
            .edges_directed(*node, Direction::Outgoing)
            .filter(|edge| edge.weight().kind == EdgeKind::Member)
            .map(|edge| {
                (
                    edge.id().index(),
                    StateId::new(&self.graph[edge.target()].key),
                )
            })
            .collect();
        members.sort();
        members.into_iter().map(|(_, state)| state).collect()
    }

    /// States that are active members of two or more groups, each with its groups (in group
    /// order), in state order.
    pub(crate) fn dual_members(&self) -> Vec<(StateId, Vec<GroupId>)> {
        self.states
            .iter()
            .filter_map(|(state, node)| {
                let mut groups: Vec<(usize, GroupId)> = self
                    .graph
                    .edges_directed(*node, Direction::Incoming)
                    .filter(|edge| edge.weight().kind == EdgeKind::Member)
                    .map(|edge| {
                        let group = GroupId::new(&self.graph[edge.source()].key);
                        (
                            self.groups.get_index_of(&group).unwrap_or(usize::MAX),
                            group,
                        )
                    })
                    .collect();
                groups.sort();
                (groups.len() > 1)
                    .then(|| (state.clone(), groups.into_iter().map(|(_, g)| g).collect()))
            })
            .collect()
    }

    /// Groups with a red line (public or confidential) on the option.
    pub fn opposing(&self, item: &ItemId, option: &OptionId) -> Vec<GroupId> {
        self.stated_on(item, option, |kind| *kind == EdgeKind::Opposes)
    }

    /// Groups that accept the option (public or confidential).
    pub fn accepting(&self, item: &ItemId, option: &OptionId) -> Vec<GroupId> {
        self.stated_on(item, option, |kind| {
            matches!(kind, EdgeKind::Accepts { .. })
        })
    }

    fn stated_on(
        &self,
        item: &ItemId,
        option: &OptionId,
        wanted: impl Fn(&EdgeKind) -> bool,
    ) -> Vec<GroupId> {
        let Some(node) = self.options.get(&(item.clone(), option.clone())) else {
            return Vec::new();
        };
        let mut groups: Vec<(usize, GroupId)> = self
            .graph
            .edges_directed(*node, Direction::Incoming)
            .filter(|edge| wanted(&edge.weight().kind))
            .filter(|edge| self.graph[edge.source()].kind == NodeKind::Group)
            .map(|edge| {
                let group = GroupId::new(&self.graph[edge.source()].key);
                (
                    self.groups.get_index_of(&group).unwrap_or(usize::MAX),
                    group,
                )
            })
            .collect();
        groups.sort();
        groups.dedup();
        groups.into_iter().map(|(_, group)| group).collect()
    }

    /// The whole graph as plain data, for rendering.
    pub fn view(&self) -> GraphView {
        let id = |node: NodeIndex| {
            let node = &self.graph[node];
            format!("{}:{}", node.kind.name(), node.key)
        };
        GraphView {
            nodes: self
                .graph
                .node_indices()
                .map(|index| NodeView {
                    id: id(index),
                    kind: self.graph[index].kind,
                    label: self.graph[index].label.clone(),
                })
                .collect(),
            edges: self
                .graph
                .edge_references()
                .map(|edge| EdgeView {
                    from: id(edge.source()),
                    to: id(edge.target()),
                    kind: edge.weight().kind.clone(),
                    confidential: edge.weight().confidential,
                })
                .collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::{EdgeKind, NodeKind, PositionGraph};
    use crate::id::{GroupId, ItemId, OptionId};
    use crate::load::{FsSource, load_scenario};

    fn base() -> PositionGraph {
        let loaded = load_scenario(
            &FsSource,
            &Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/base/scenario.ron"),
            &crate::load::LoadOptions::default(),
        )
        .expect("the base fixture is valid");
        PositionGraph::build(&loaded.scenario)
    }

    #[test]
    fn answers_who_accepts_and_who_opposes_an_option() {
        let graph = base();
        let (item, a, b) = (ItemId::new("1.1"), OptionId::new("a"), OptionId::new("b"));
        let names =
            |groups: Vec<GroupId>| groups.iter().map(ToString::to_string).collect::<Vec<_>>();
        assert_eq!(names(graph.accepting(&item, &b)), ["CEPT", "CITEL", "APT"]);
        assert_eq!(names(graph.opposing(&item, &a)), ["CEPT", "ATU"]);
        // CEPT's confidential part adds no option on 1.1, so `noc` is accepted publicly only.
        assert_eq!(
            names(graph.accepting(&item, &OptionId::new("noc"))),
            ["CEPT", "ATU"]
        );
    }

    #[test]
    fn members_come_in_membership_order_without_the_suspended() {
        let graph = base();
        let members = graph.members(&GroupId::new("CEPT"));
        assert_eq!(members.len(), 13);
        assert_eq!(members[0].as_str(), "AUT");
        assert!(
            members
                .iter()
                .all(|state| !["RUS", "BLR"].contains(&state.as_str()))
        );
        assert!(graph.dual_members().is_empty());
    }

    #[test]
    fn the_view_has_every_node_kind_and_stable_ids() {
        let view = base().view();
        for kind in [
            NodeKind::Group,
            NodeKind::State,
            NodeKind::Item,
            NodeKind::Option,
            NodeKind::External,
        ] {
            assert!(view.nodes.iter().any(|node| node.kind == kind), "{kind:?}");
        }
        assert!(view.nodes.iter().any(|node| node.id == "option:1.1/noc"));
        assert!(view.edges.iter().any(|edge| edge.from == "group:CEPT"
            && edge.to == "item:9.1"
            && matches!(edge.kind, EdgeKind::Position { at, range: (50.0, 70.0) } if at == 60.0)));
        assert_eq!(view, base().view(), "building twice gives the same graph");
    }
}

//! Generic graph helpers over plain indices: no domain types, so they can be tested alone and used
//! by validation before any `PositionGraph` exists.

use petgraph::algo::tarjan_scc;
use petgraph::graph::{DiGraph, NodeIndex};
use std::collections::VecDeque;

/// The cycles of a directed graph on nodes `0..n`, one per strongly connected component that
/// has one, each as a walk `[a, b, ..]` with an edge from the last back to the first, starting at
/// the component's smallest node. Components are ordered by that node.
pub fn dependency_cycles(n: usize, edges: &[(usize, usize)]) -> Vec<Vec<usize>> {
    let mut graph: DiGraph<(), ()> = DiGraph::with_capacity(n, edges.len());
    for _ in 0..n {
        graph.add_node(());
    }
    for &(from, to) in edges {
        graph.add_edge(NodeIndex::new(from), NodeIndex::new(to), ());
    }
    let mut cycles: Vec<Vec<usize>> = tarjan_scc(&graph)
        .into_iter()
        .filter(|component| component.len() > 1 || graph.contains_edge(component[0], component[0]))
        .map(|component| walk_back(&graph, &component))
        .collect();
    cycles.sort();
    cycles
}

/// A shortest walk from the component's smallest node back to itself, inside the component.
fn walk_back(graph: &DiGraph<(), ()>, component: &[NodeIndex]) -> Vec<usize> {
    let start = *component.iter().min().expect("components are never empty");
    let inside = |node: NodeIndex| component.contains(&node);
    let mut parent = vec![None; graph.node_count()];
    let mut queue = VecDeque::from([start]);
    let mut visited = vec![false; graph.node_count()];
    visited[start.index()] = true;
    while let Some(node) = queue.pop_front() {
        let mut successors: Vec<NodeIndex> = graph.neighbors(node).collect();
        successors.sort();
        for next in successors {
            if next == start {
                let mut walk = vec![node.index()];
                let mut at = node;
                while let Some(previous) = parent[at.index()] {
                    walk.push(previous);
                    at = NodeIndex::new(previous);
                }
                walk.reverse();
                return walk;
            }
            if inside(next) && !visited[next.index()] {
                visited[next.index()] = true;
                parent[next.index()] = Some(node.index());
                queue.push_back(next);
            }
        }
    }
    vec![start.index()]
}

#[cfg(test)]
mod tests {
    use super::dependency_cycles;

    #[test]
    fn finds_each_cycle_once_as_a_walk() {
        assert!(dependency_cycles(3, &[(0, 1), (1, 2)]).is_empty());
        assert_eq!(dependency_cycles(3, &[(2, 1), (1, 2)]), vec![vec![1, 2]]);
        assert_eq!(dependency_cycles(2, &[(1, 1)]), vec![vec![1]]);
        assert_eq!(
            dependency_cycles(5, &[(0, 1), (1, 2), (2, 0), (3, 4), (4, 3)]),
            vec![vec![0, 1, 2], vec![3, 4]]
        );
    }
}

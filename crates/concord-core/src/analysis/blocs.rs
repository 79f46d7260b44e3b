//! Bloc agreement between groups across items, and the blocs it forms.

use crate::id::GroupId;
use crate::model::Scenario;

use super::ItemAnalysis;

/// The default bloc threshold: groups agreeing on at least 60% of the items both are stated on
/// are linked into one bloc (`--threshold`).
pub const DEFAULT_BLOC_THRESHOLD: f64 = 0.6;

/// Bloc agreement between every pair of groups, and the blocs it forms.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Blocs {
    /// Every group, in group order: the rows and columns of `agreement` and `shared`.
    pub groups: Vec<GroupId>,
    /// `agreement[i][j]`: the share of items where both are stated and agree; `None` when no item
    /// has both stated. The diagonal is `None`.
    pub agreement: Vec<Vec<Option<f64>>>,
    /// Items where both are stated, per pair.
    pub shared: Vec<Vec<usize>>,
    /// Agreement (0-1) at or above which two groups are linked into one bloc.
    pub threshold: f64,
    /// Single-linkage clusters at the threshold, each in group order, ordered by first member.
    pub blocs: Vec<Vec<GroupId>>,
}

#[allow(clippy::needless_range_loop)] // pairs (g, h) index several square matrices at once
pub(super) fn blocs(scenario: &Scenario, items: &[ItemAnalysis], threshold: f64) -> Blocs {
    let groups: Vec<GroupId> = scenario.groups.keys().cloned().collect();
    let n = groups.len();
    // Per pair (g < h): items where both are stated, and where they also agree. Integer counts
    // over chunks of items in parallel, summed: the same whatever the split.
    let chunks: Vec<&[ItemAnalysis]> = items.chunks(64).collect();
    let partial = crate::parallel::map(&chunks, |chunk| {
        let mut agree = vec![0usize; n * n];
        let mut shared = vec![0usize; n * n];
        for item in *chunk {
            for g in 0..n {
                for h in g + 1..n {
                    let Some(agrees) = item.pairs.agree(g, h) else {
                        continue;
                    };
                    shared[g * n + h] += 1;
                    agree[g * n + h] += usize::from(agrees);
                }
            }
        }
        (agree, shared)
    });
    let mut agree = vec![0usize; n * n];
    let mut shared = vec![0usize; n * n];
    for (chunk_agree, chunk_shared) in partial {
        for (sum, add) in agree.iter_mut().zip(chunk_agree) {
            *sum += add;
        }
        for (sum, add) in shared.iter_mut().zip(chunk_shared) {
            *sum += add;
        }
    }
    // Symmetric: counted once per pair (g < h).
    let count = |matrix: &[usize], g: usize, h: usize| matrix[g.min(h) * n + g.max(h)];
    let shared: Vec<Vec<usize>> = (0..n)
        .map(|g| {
            (0..n)
                .map(|h| if g == h { 0 } else { count(&shared, g, h) })
                .collect()
        })
        .collect();
    let agree: Vec<Vec<usize>> = (0..n)
        .map(|g| {
            (0..n)
                .map(|h| if g == h { 0 } else { count(&agree, g, h) })
                .collect()
        })
        .collect();
    let agreement: Vec<Vec<Option<f64>>> = (0..n)
        .map(|g| {
            (0..n)
                .map(|h| {
                    (g != h && shared[g][h] > 0).then(|| agree[g][h] as f64 / shared[g][h] as f64)
                })
                .collect()
        })
        .collect();
    // Single linkage: union the pairs at or above the threshold.
    let mut parent: Vec<usize> = (0..n).collect();
    fn root(parent: &mut [usize], mut x: usize) -> usize {
        while parent[x] != x {
            parent[x] = parent[parent[x]];
            x = parent[x];
        }
        x
    }
    for g in 0..n {
        for h in g + 1..n {
            if agreement[g][h].is_some_and(|a| a >= threshold) {
                let (a, b) = (root(&mut parent, g), root(&mut parent, h));
                parent[a.max(b)] = a.min(b);
            }
        }
    }
    let mut clusters: Vec<Vec<GroupId>> = Vec::new();
    let mut cluster_of_root: Vec<Option<usize>> = vec![None; n];
    for g in 0..n {
        let r = root(&mut parent, g);
        match cluster_of_root[r] {
            Some(index) => clusters[index].push(groups[g].clone()),
            None => {
                cluster_of_root[r] = Some(clusters.len());
                clusters.push(vec![groups[g].clone()]);
            }
        }
    }
    Blocs {
        groups,
        agreement,
        shared,
        threshold,
        blocs: clusters,
    }
}

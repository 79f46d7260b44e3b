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
    /// Every group, in group order: the rows and columns of [`Blocs::agreement`] and
    /// [`Blocs::shared`].
    pub groups: Vec<GroupId>,
    /// Per pair `g < h`, row by row (see [`pair_index`]): the items where both are stated, and
    /// where they also agree. Counts, not shares: 5,000 groups are 12.5 million pairs, 100 MB
    /// here where a square matrix of shares and counts took 600 MB.
    pairs: Vec<PairCount>,
    /// Agreement (0-1) at or above which two groups are linked into one bloc.
    pub threshold: f64,
    /// Single-linkage clusters at the threshold, each in group order, ordered by first member.
    pub blocs: Vec<Vec<GroupId>>,
}

/// Two groups' items: where both are stated, and where they also agree.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct PairCount {
    shared: u32,
    agree: u32,
}

/// Where pair `g < h` of `n` groups is in the row-by-row upper triangle.
fn pair_index(n: usize, g: usize, h: usize) -> usize {
    let (g, h) = (g.min(h), g.max(h));
    g * n - g * (g + 1) / 2 + (h - g - 1)
}

impl Blocs {
    /// The share of items where groups `g` and `h` (indices into [`Blocs::groups`]) are both
    /// stated and agree; `None` when no item has both stated, and for `g == h`.
    pub fn agreement(&self, g: usize, h: usize) -> Option<f64> {
        let pair = self.pair(g, h)?;
        (pair.shared > 0).then(|| f64::from(pair.agree) / f64::from(pair.shared))
    }

    /// The items where groups `g` and `h` are both stated (0 for `g == h`).
    pub fn shared(&self, g: usize, h: usize) -> usize {
        self.pair(g, h).map_or(0, |pair| pair.shared as usize)
    }

    fn pair(&self, g: usize, h: usize) -> Option<PairCount> {
        let n = self.groups.len();
        assert!(g < n && h < n, "groups {g} and {h} of {n}");
        (g != h).then(|| self.pairs[pair_index(n, g, h)])
    }

    /// The blocs of the groups at `keep` only (distinct indices, in increasing order): their
    /// pairs, and each bloc without the groups left out.
    pub fn only(&self, keep: &[usize]) -> Blocs {
        assert!(
            keep.windows(2).all(|pair| pair[0] < pair[1])
                && keep.last().is_none_or(|&last| last < self.groups.len()),
            "distinct group indices in increasing order"
        );
        let n = keep.len();
        let mut pairs = Vec::with_capacity(n * n.saturating_sub(1) / 2);
        for (a, &g) in keep.iter().enumerate() {
            pairs.extend(
                keep[a + 1..]
                    .iter()
                    .map(|&h| self.pairs[pair_index(self.groups.len(), g, h)]),
            );
        }
        let kept: std::collections::HashSet<&GroupId> =
            keep.iter().map(|&g| &self.groups[g]).collect();
        Blocs {
            groups: keep.iter().map(|&g| self.groups[g].clone()).collect(),
            pairs,
            threshold: self.threshold,
            blocs: self
                .blocs
                .iter()
                .map(|bloc| {
                    bloc.iter()
                        .filter(|g| kept.contains(g))
                        .cloned()
                        .collect::<Vec<_>>()
                })
                .filter(|bloc| !bloc.is_empty())
                .collect(),
        }
    }
}

pub(super) fn blocs(scenario: &Scenario, items: &[ItemAnalysis], threshold: f64) -> Blocs {
    let groups: Vec<GroupId> = scenario.groups.keys().cloned().collect();
    let n = groups.len();
    // Row by row (g, every h > g), rows in parallel, each filled in place: integer counts, the
    // same whatever the split, and no partial matrix per thread.
    let mut pairs = vec![PairCount::default(); n * n.saturating_sub(1) / 2];
    let mut rows: Vec<(usize, &mut [PairCount])> = Vec::with_capacity(n);
    let mut rest = pairs.as_mut_slice();
    for g in 0..n {
        let (row, tail) = rest.split_at_mut(n - g - 1);
        rows.push((g, row));
        rest = tail;
    }
    let fill = |(g, row): (usize, &mut [PairCount])| {
        for item in items {
            for (count, h) in row.iter_mut().zip(g + 1..n) {
                let Some(agrees) = item.pairs.agree(g, h) else {
                    continue;
                };
                count.shared += 1;
                count.agree += u32::from(agrees);
            }
        }
    };
    if n < crate::parallel::MIN_PARALLEL {
        rows.into_iter().for_each(fill);
    } else {
        use rayon::prelude::*;
        rows.into_par_iter().with_min_len(4).for_each(fill);
    }
    let mut out = Blocs {
        groups,
        pairs,
        threshold,
        blocs: Vec::new(),
    };
    out.blocs = clusters(&out);
    out
}

/// Single linkage: the groups joined by every pair at or above the threshold.
fn clusters(blocs: &Blocs) -> Vec<Vec<GroupId>> {
    let n = blocs.groups.len();
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
            if blocs.agreement(g, h).is_some_and(|a| a >= blocs.threshold) {
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
            Some(index) => clusters[index].push(blocs.groups[g].clone()),
            None => {
                cluster_of_root[r] = Some(clusters.len());
                clusters.push(vec![blocs.groups[g].clone()]);
            }
        }
    }
    clusters
}

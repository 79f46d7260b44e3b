//! The ids a Decide file's actors and issues get in concord: groups, member states, items.

use std::collections::{HashMap, HashSet};

/// Ids handed out once each: a taken one gets `_2`, `_3`, … counted per base, so that ten
/// thousand clashes of one base stay linear.
#[derive(Default)]
pub(super) struct Unique {
    taken: HashSet<String>,
    next: HashMap<String, usize>,
}

impl Unique {
    /// Ids that are taken from the start (`STATES`, `GROUPS`: the names of files beside the
    /// groups' positions files).
    pub(super) fn with(taken: &[&str]) -> Self {
        Unique {
            taken: taken.iter().map(|id| (*id).to_owned()).collect(),
            next: HashMap::new(),
        }
    }

    /// `base`, or the first `base_N` not taken.
    fn claim(&mut self, base: String) -> String {
        if self.taken.insert(base.clone()) {
            return base;
        }
        let next = self.next.entry(base.clone()).or_insert(2);
        loop {
            let candidate = format!("{base}_{next}");
            *next += 1;
            if self.taken.insert(candidate.clone()) {
                return candidate;
            }
        }
    }
}

/// A concord id from a Decide id: upper case for groups, no whitespace for items.
pub(super) fn group_id(id: &str, taken: &mut Unique) -> String {
    let mut out: String = id
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_uppercase()
            } else {
                '_'
            }
        })
        .collect();
    if !out.starts_with(|c: char| c.is_ascii_uppercase()) {
        out.insert_str(0, "A_");
    }
    taken.claim(out)
}

/// An item id from a Decide issue id: its whitespace made `_`.
pub(super) fn item_id(id: &str) -> String {
    id.chars()
        .map(|c| if c.is_whitespace() { '_' } else { c })
        .collect()
}

/// Each issue's item id, unique: an issue whose id is taken (`fin x` and `fin_x` both make
/// `fin_x`) gets `_2`, `_3`, as a clashing actor does.
pub(super) fn item_ids<'a>(issues: impl Iterator<Item = &'a str>) -> HashMap<&'a str, String> {
    let mut taken = Unique::default();
    issues
        .map(|issue| (issue, taken.claim(item_id(issue))))
        .collect()
}

/// The most actors: each becomes a group (at most [`crate::load::MAX_GROUPS`]) and a member
/// state coded `AAA` to `ZZZ` (17,576 codes).
pub(super) const MAX_ACTORS: usize = crate::load::MAX_GROUPS;
const _: () = assert!(MAX_ACTORS <= 26 * 26 * 26);

/// The member state code of actor `n`: `AAA`, `AAB`, … in actor order.
pub(super) fn state_code(n: usize) -> String {
    let letter = |k: usize| char::from(b'A' + u8::try_from(k % 26).unwrap_or(0));
    format!("{}{}{}", letter(n / 676), letter(n / 26), letter(n))
}

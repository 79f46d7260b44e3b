//! The ids a Decide file's actors and issues get in concord: groups, member states, items.

use std::collections::{HashMap, HashSet};

/// A concord id from a Decide id: upper case for groups, no whitespace for items.
pub(super) fn group_id(id: &str, taken: &mut HashSet<String>) -> String {
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
    let base = out.clone();
    let mut n = 2;
    while taken.contains(&out) {
        out = format!("{base}_{n}");
        n += 1;
    }
    taken.insert(out.clone());
    out
}

pub(super) fn item_id(id: &str) -> String {
    id.chars()
        .map(|c| if c.is_whitespace() { '_' } else { c })
        .collect()
}

/// Each issue's item id, unique: an issue whose id is taken (`fin x` and `fin_x` both make
/// `fin_x`) gets `_2`, `_3`, as a clashing actor does.
pub(super) fn item_ids<'a>(issues: impl Iterator<Item = &'a str>) -> HashMap<&'a str, String> {
    let mut taken = HashSet::new();
    issues
        .map(|issue| {
            let base = item_id(issue);
            let mut out = base.clone();
            let mut n = 2;
            while taken.contains(&out) {
                out = format!("{base}_{n}");
                n += 1;
            }
            taken.insert(out.clone());
            (issue, out)
        })
        .collect()
}

/// The most actors: each becomes a group (at most [`crate::load::MAX_GROUPS`]) and a member
/// state coded `AAA` to `ZZZ` (17,576 codes).
pub(super) const MAX_ACTORS: usize = crate::load::MAX_GROUPS;
const _: () = assert!(MAX_ACTORS <= 26 * 26 * 26);

pub(super) fn state_code(n: usize) -> String {
    let letter = |k: usize| char::from(b'A' + u8::try_from(k % 26).unwrap_or(0));
    format!("{}{}{}", letter(n / 676), letter(n / 26), letter(n))
}

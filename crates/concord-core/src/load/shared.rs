//! What a positions file writes once for many cells: named provenances (`provenances: {"cpg-5":
//! Sourced(...)}`, referred to as `provenance: Named("cpg-5")`) and defaults (`defaults:
//! Defaults(provenance: ..., maturity: ...)`, taken by every cell that gives none, an `Unknown`
//! cell excepted: it says nothing, so nothing is its source).
//!
//! [`resolve`] puts them into the cells as soon as the file is parsed, so everything after it
//! (versions, replay, validation, the table export) sees whole provenances; [`compact`] does the
//! reverse for a cell written into the file (`set`, `import table`), so what was written once
//! stays written once.

use crate::diag::Code;

use super::raw::{Maturity, Position, PositionsFile, Provenance, Stance, StatePosition};

/// Where a name that resolves to nothing is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Place {
    /// The file's `defaults.provenance`.
    Default,
    /// A named provenance that is itself `Named(...)`.
    Shared(String),
    /// `positions[i].provenance`.
    Position(usize),
    /// `positions[i].confidential.provenance`.
    Confidential(usize),
    /// `states[i].provenance`.
    State(usize),
}

/// A name that resolves to nothing: where, and the name.
pub(crate) type Unresolved = (Place, String);

/// Puts the file's named provenances and defaults into its cells; the names that resolve to
/// nothing are returned (their cells' provenance left `Unresolved`).
pub(crate) fn resolve(file: &mut PositionsFile) -> Vec<Unresolved> {
    let mut problems = Vec::new();
    for (name, provenance) in &file.provenances {
        if let Provenance::Named(_) = provenance {
            problems.push((Place::Shared(name.clone()), name.clone()));
        }
    }
    let (default_provenance, default_maturity) = defaults(file, &mut problems);
    let shared = &file.provenances;
    let mut named = |provenance: &mut Option<Provenance>, place: Place| {
        if let Some(Provenance::Named(name)) = provenance {
            match lookup(shared, name) {
                Some(found) => *provenance = Some(found.clone()),
                None => {
                    problems.push((place, name.clone()));
                    *provenance = Some(Provenance::Unresolved);
                }
            }
            return true;
        }
        provenance.is_some()
    };
    for (at, position) in file.positions.iter_mut().enumerate() {
        let given = named(&mut position.provenance, Place::Position(at));
        if let Some(confidential) = &mut position.confidential {
            named(&mut confidential.provenance, Place::Confidential(at));
        }
        if position.stance != Stance::Unknown {
            if !given {
                position.provenance.clone_from(&default_provenance);
            }
            if position.maturity.is_none() {
                position.maturity = default_maturity;
            }
        }
    }
    for (at, state) in file.states.iter_mut().enumerate() {
        let given = named(&mut state.provenance, Place::State(at));
        if !given && state.stance != Stance::Unknown {
            state.provenance.clone_from(&default_provenance);
        }
    }
    problems
}

/// The file's default provenance (resolved) and maturity.
fn defaults(
    file: &PositionsFile,
    problems: &mut Vec<Unresolved>,
) -> (Option<Provenance>, Option<Maturity>) {
    let Some(defaults) = &file.defaults else {
        return (None, None);
    };
    let provenance = match &defaults.provenance {
        Some(Provenance::Named(name)) => {
            let found = lookup(&file.provenances, name).cloned();
            if found.is_none() {
                problems.push((Place::Default, name.clone()));
            }
            found
        }
        other => other.clone(),
    };
    (provenance, defaults.maturity)
}

/// The named provenance `name`, when it is one written in full.
fn lookup<'a>(
    shared: &'a indexmap::IndexMap<String, Provenance>,
    name: &str,
) -> Option<&'a Provenance> {
    shared
        .get(name)
        .filter(|found| !matches!(found, Provenance::Named(_)))
}

/// A position about to be written into `file`, in the file's shorthand: a provenance or
/// maturity equal to the file's default left out, a provenance equal to a named one named.
pub(crate) fn compact(file: &PositionsFile, position: &mut Position) {
    let (default_provenance, default_maturity) = defaults(file, &mut Vec::new());
    if position.stance != Stance::Unknown {
        if position.provenance.is_some() && position.provenance == default_provenance {
            position.provenance = None;
        }
        if position.maturity.is_some() && position.maturity == default_maturity {
            position.maturity = None;
        }
    }
    name(file, &mut position.provenance);
}

/// A member state's position about to be written into `file`, in the file's shorthand.
pub(crate) fn compact_state(file: &PositionsFile, state: &mut StatePosition) {
    let (default_provenance, _) = defaults(file, &mut Vec::new());
    if state.stance != Stance::Unknown
        && state.provenance.is_some()
        && state.provenance == default_provenance
    {
        state.provenance = None;
    }
    name(file, &mut state.provenance);
}

/// A provenance equal to one of the file's named ones, named.
fn name(file: &PositionsFile, provenance: &mut Option<Provenance>) {
    let Some(given) = provenance.as_ref() else {
        return;
    };
    if let Some((name, _)) = file.provenances.iter().find(|(_, shared)| *shared == given) {
        *provenance = Some(Provenance::Named(name.clone()));
    }
}

/// [`resolve`], each name that resolves to nothing reported as `unknown-provenance` where it is.
pub(super) fn resolve_reported(
    ctx: &mut super::Ctx,
    file: super::FileId,
    parsed: &mut PositionsFile,
) {
    use super::locate::Seg::{F, I, K};
    for (place, name) in resolve(parsed) {
        let (path, message) = match &place {
            Place::Default => (
                vec![F("defaults"), F("provenance")],
                format!("the default provenance names `{name}`, which `provenances` does not have"),
            ),
            Place::Shared(key) => (
                vec![F("provenances"), K(key)],
                format!("the named provenance `{key}` is itself a name: write it in full"),
            ),
            Place::Position(at) => (
                vec![F("positions"), I(*at), F("provenance")],
                format!("`Named(\"{name}\")`: the file's `provenances` has no `{name}`"),
            ),
            Place::Confidential(at) => (
                vec![F("positions"), I(*at), F("confidential"), F("provenance")],
                format!("`Named(\"{name}\")`: the file's `provenances` has no `{name}`"),
            ),
            Place::State(at) => (
                vec![F("states"), I(*at), F("provenance")],
                format!("`Named(\"{name}\")`: the file's `provenances` has no `{name}`"),
            ),
        };
        let hint = match super::suggest(&name, parsed.provenances.keys().map(String::as_str)) {
            Some(best) if !matches!(place, Place::Shared(_)) => {
                format!("did you mean `{best}`?")
            }
            _ => "add it to the file's `provenances: {\"name\": Sourced(source: \"…\", as_of: \"YYYY-MM-DD\")}`".into(),
        };
        ctx.report(Code::UnknownProvenance, file, &path, message, Some(hint));
    }
}

/// A cell about to be merged into `file`, with the defaults it takes filled in, so it compares
/// with the file's cells as [`resolve`] reads them.
pub(crate) fn fill(file: &PositionsFile, position: &mut Position) {
    if position.stance == Stance::Unknown {
        return;
    }
    let (default_provenance, default_maturity) = defaults(file, &mut Vec::new());
    if position.provenance.is_none() {
        position.provenance = default_provenance;
    }
    if position.maturity.is_none() {
        position.maturity = default_maturity;
    }
}

/// A member state's position about to be merged into `file`, its default provenance filled in.
pub(crate) fn fill_state(file: &PositionsFile, state: &mut StatePosition) {
    if state.stance != Stance::Unknown && state.provenance.is_none() {
        state.provenance = defaults(file, &mut Vec::new()).0;
    }
}

//! The scenario compiled into the binary: `concord report` works with no file at hand.

use crate::load::MemorySource;

/// The path of the default scenario inside the bundled files.
pub const DEFAULT_SCENARIO: &str = "scenarios/pp14.ron";

/// Every bundled file, by its path in the repository.
/// The bundled files: path (relative to the repository) and contents.
pub const FILES: &[(&str, &str)] = &[
    (
        "scenarios/pp14.ron",
        include_str!("../../../scenarios/pp14.ron"),
    ),
    (
        "scenarios/pp14.outcomes.ron",
        include_str!("../../../scenarios/pp14.outcomes.ron"),
    ),
    (
        "positions/states.ron",
        include_str!("../../../positions/states.ron"),
    ),
    (
        "positions/groups.ron",
        include_str!("../../../positions/groups.ron"),
    ),
    (
        "positions/pp14/cept.ron",
        include_str!("../../../positions/pp14/cept.ron"),
    ),
    (
        "positions/pp14/citel.ron",
        include_str!("../../../positions/pp14/citel.ron"),
    ),
    (
        "positions/pp14/apt.ron",
        include_str!("../../../positions/pp14/apt.ron"),
    ),
    (
        "positions/pp14/arb.ron",
        include_str!("../../../positions/pp14/arb.ron"),
    ),
    (
        "positions/pp14/atu.ron",
        include_str!("../../../positions/pp14/atu.ron"),
    ),
    (
        "positions/pp14/rcc.ron",
        include_str!("../../../positions/pp14/rcc.ron"),
    ),
    (
        "positions/pp14/private/cept.ron",
        include_str!("../../../positions/pp14/private/cept.ron"),
    ),
    (
        "positions/pp14/private/citel.ron",
        include_str!("../../../positions/pp14/private/citel.ron"),
    ),
    (
        "positions/pp14/private/apt.ron",
        include_str!("../../../positions/pp14/private/apt.ron"),
    ),
    (
        "positions/pp14/private/atu.ron",
        include_str!("../../../positions/pp14/private/atu.ron"),
    ),
    (
        "positions/pp14/private/arb.ron",
        include_str!("../../../positions/pp14/private/arb.ron"),
    ),
    (
        "positions/pp14/private/rcc.ron",
        include_str!("../../../positions/pp14/private/rcc.ron"),
    ),
];

/// The bundled files as a [`MemorySource`].
pub fn source() -> MemorySource {
    let mut source = MemorySource::new();
    for (path, contents) in FILES {
        source.insert(path, *contents);
    }
    source
}

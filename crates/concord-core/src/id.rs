//! Typed ids. String ids from the files do not survive validation: every reference in the model is
//! one of these, and each was checked to resolve.

use std::fmt;
use std::sync::Arc;

macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Clone, Debug, Eq, PartialOrd, Ord)]
        pub struct $name(Arc<str>);

        impl std::hash::Hash for $name {
            /// As the string (equal ids hash alike, `Borrow<str>` lookups work).
            fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
                self.0.hash(state);
            }
        }

        impl PartialEq for $name {
            /// The same shared string is equal without reading it: validation hands out the
            /// item's own option ids, so most comparisons stop at the pointer.
            fn eq(&self, other: &Self) -> bool {
                // Ids are short: a byte loop beats a call to `memcmp`.
                let (a, b) = (self.0.as_bytes(), other.0.as_bytes());
                Arc::ptr_eq(&self.0, &other.0)
                    || (a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x == y))
            }
        }

        impl $name {
            /// Wraps an id that validation has checked: only the core makes ids, so an id in
            /// hand names something of a scenario (look one up by its text with the scenario's
            /// maps, which `Borrow<str>` lets take a `&str`).
            pub(crate) fn new(id: &str) -> Self {
                Self(Arc::from(id))
            }

            /// The id as the files write it.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl std::borrow::Borrow<str> for $name {
            fn borrow(&self) -> &str {
                &self.0
            }
        }
    };
}

id_type!(
    /// A regional group: `CEPT`, `CITEL`, `APT`, `ATU`, `ARB`, `RCC` (or a synthetic one).
    GroupId
);
id_type!(
    /// An agenda item of the scenario's conference, e.g. `1.2` or `res-99`.
    ItemId
);
id_type!(
    /// An option of one agenda item (unique within the item).
    OptionId
);
id_type!(
    /// A member state: ISO 3166-1 alpha-3 code.
    StateId
);

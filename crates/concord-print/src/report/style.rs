//! Terminal colour for text output, on only when asked for (`--color`, `NO_COLOR`).

use concord_core::analysis::ItemStatus;

/// ANSI styles for text output, or none.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Paint {
    /// Whether to emit ANSI escape codes; `false` leaves text as it is.
    pub enabled: bool,
}

impl Paint {
    fn wrap(self, code: &str, text: &str) -> String {
        if self.enabled {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_owned()
        }
    }

    /// `text` in bold.
    pub fn bold(self, text: &str) -> String {
        self.wrap("1", text)
    }

    /// `text` dimmed.
    pub fn dim(self, text: &str) -> String {
        self.wrap("2", text)
    }

    /// The status's name in its colour: unanimous green, compromise cyan, contested red,
    /// insufficient dimmed.
    pub fn status(self, status: ItemStatus) -> String {
        self.status_in(status, status.name())
    }

    /// [`Paint::status`] with the words of [`status_words`](super::view_words::status_words).
    pub fn status_in(self, status: ItemStatus, words: &str) -> String {
        let code = match status {
            ItemStatus::Unanimous => "1;32",
            ItemStatus::Compromise => "1;36",
            ItemStatus::Contested => "1;31",
            ItemStatus::Insufficient => "2",
        };
        self.wrap(code, words)
    }

    /// `text` in yellow.
    pub fn warn(self, text: &str) -> String {
        self.wrap("33", text)
    }
}

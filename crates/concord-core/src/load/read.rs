//! Reading the files a scenario names: inside its root, not too large, UTF-8 text with its line
//! ends normalized.

use std::path::Path;

use super::{Ctx, FileId, FileSource, LoadedFile, MAX_FILE_BYTES, Reference};
use crate::diag::Code;

impl Ctx {
    /// Reads a file; on failure reports `missing-file` or `unreadable-file` at `named_at` (the
    /// place that names it) and returns `None`.
    pub(crate) fn read(
        &mut self,
        source: &dyn FileSource,
        path: &Path,
        named_at: Option<Reference<'_>>,
    ) -> Option<FileId> {
        self.read_if_present(source, path, named_at, false)
            .flatten()
    }

    /// Like [`Ctx::read`]; with `missing_ok`, an absent file is `Some(None)`, not an error.
    pub(crate) fn read_if_present(
        &mut self,
        source: &dyn FileSource,
        path: &Path,
        named_at: Option<Reference<'_>>,
        missing_ok: bool,
    ) -> Option<Option<FileId>> {
        let name = path.display().to_string();
        if self.outside_root(source, path, named_at, &name) {
            return None;
        }
        if self.too_large(source, path, named_at, &name) {
            return None;
        }
        let bytes = match source.read(path) {
            Ok(bytes) => bytes,
            Err(error) if missing_ok && error.kind() == std::io::ErrorKind::NotFound => {
                // Not there now, but named: an output must not land where the next load
                // would read it as this file.
                self.absent.push(path.to_owned());
                return Some(None);
            }
            Err(error) => {
                self.report_unreadable(named_at, &name, &error);
                return None;
            }
        };
        let Ok(text) = String::from_utf8(bytes) else {
            self.report_at(
                named_at,
                Code::UnreadableFile,
                format!("`{name}` is not UTF-8 text"),
                Some("save the file as UTF-8".into()),
            );
            return None;
        };
        self.files.push(LoadedFile {
            path: path.to_owned(),
            name,
            text: normalized(text),
            index: std::cell::OnceCell::new(),
        });
        Some(Some(self.files.len() - 1))
    }

    /// Reports a file named (at `named_at`) outside the scenario's root; whether it is.
    fn outside_root(
        &mut self,
        source: &dyn FileSource,
        path: &Path,
        named_at: Option<Reference<'_>>,
        name: &str,
    ) -> bool {
        let (Some(root), Some((file, at))) = (&self.root, named_at) else {
            return false;
        };
        if root.contains(source, path) {
            return false;
        }
        let named = self.files[file].index().find(at);
        let as_written = self.files[file]
            .text
            .get(named)
            .map(|text| text.trim_matches('"').to_owned())
            .unwrap_or_else(|| name.to_owned());
        let message = format!(
            "`{}` is outside the scenario's root `{}`; it was not read",
            crate::diag::shorten(&as_written),
            root.shown.display()
        );
        self.report_at(
            named_at,
            Code::OutsideRoot,
            message,
            Some(
                "keep the scenario's files under its root (the directory above `scenarios/`, \
                 or the scenario's own directory), or widen it with --root DIR"
                    .into(),
            ),
        );
        true
    }

    /// Reports a file larger than [`MAX_FILE_BYTES`] by its length in the source; whether it is.
    fn too_large(
        &mut self,
        source: &dyn FileSource,
        path: &Path,
        named_at: Option<Reference<'_>>,
        name: &str,
    ) -> bool {
        let Some(len) = source.len(path).filter(|&len| len > MAX_FILE_BYTES) else {
            return false;
        };
        self.report_at(
            named_at,
            Code::FileTooLarge,
            format!(
                "`{name}` is {len} bytes, more than the {} MiB ({MAX_FILE_BYTES} bytes) a file may have",
                MAX_FILE_BYTES >> 20
            ),
            Some(
                "split the positions into one file per group, or the scenario into smaller ones"
                    .into(),
            ),
        );
        true
    }

    /// Reports a file that could not be read: `missing-file`, `file-too-large` or
    /// `unreadable-file`, naming it as written (at `named_at`) and as resolved.
    fn report_unreadable(
        &mut self,
        named_at: Option<Reference<'_>>,
        name: &str,
        error: &std::io::Error,
    ) {
        let named = match named_at {
            Some((file, at)) => self.files[file].index().find(at),
            None => 0..0,
        };
        let as_written = named_at
            .and_then(|(file, _)| self.files[file].text.get(named))
            .map(|text| text.trim_matches('"'))
            .filter(|text| *text != name);
        let resolved = as_written
            .map(|text| format!("`{text}` (resolved to `{name}`)"))
            .unwrap_or_else(|| format!("`{name}`"));
        let (code, message) = if error.kind() == std::io::ErrorKind::NotFound {
            (Code::MissingFile, format!("file {resolved} not found"))
        } else if error.kind() == std::io::ErrorKind::FileTooLarge {
            (
                Code::FileTooLarge,
                format!(
                    "{resolved} is more than the {} MiB a file may have",
                    MAX_FILE_BYTES >> 20
                ),
            )
        } else {
            (
                Code::UnreadableFile,
                format!("cannot read {resolved}: {error}"),
            )
        };
        self.report_at(named_at, code, message, None);
    }
}

/// A file's text without its BOM, with its line ends made `\n`.
fn normalized(text: String) -> String {
    // A BOM is invisible in editors and CRLF is a Windows habit: neither is an error.
    let text = match text.strip_prefix('\u{feff}') {
        Some(rest) => rest.to_owned(),
        None => text,
    };
    // Old Mac line ends (CR alone) would make a `//` comment swallow the whole file: read
    // them as line ends (byte for byte, so every position stays where it was).
    let text = if text.contains('\r') && !text.contains('\n') {
        text.replace('\r', "\n")
    } else {
        text
    };
    // Copy only when there is something to change (a scenario can be a hundred megabytes).
    if text.contains('\r') {
        text.replace("\r\n", "\n")
    } else {
        text
    }
}

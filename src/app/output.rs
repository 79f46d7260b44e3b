//! Writing a command's output to `-o FILE` (see [`crate::write`]).

#[allow(clippy::wildcard_imports)]
use super::*;

/// Writes `contents` to `path` atomically, refusing to overwrite any of `inputs` (see
/// [`crate::write`]).
pub fn write_output(path: &Path, contents: &str, inputs: &[PathBuf]) -> Result<(), Error> {
    write_output_with(path, inputs, |file| file.write_all(contents.as_bytes()))
}

/// Like [`write_output`], the contents written by `write` (a command's whole [`Output`]).
pub fn write_output_with(
    path: &Path,
    inputs: &[PathBuf],
    write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> Result<(), Error> {
    Ok(crate::write::write_file(path, inputs, write)?)
}

//! What a command produces, and writing it to `-o FILE` (see [`crate::write`]).

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

/// What a successful command produces.
#[derive(Debug, Default)]
pub struct Output {
    /// Everything printed before the stream.
    pub stdout: String,
    /// Output rendered as it is written, after `stdout`: the JSON report of a large scenario is
    /// larger than the scenario, so it is never held in memory whole. Input errors are all found
    /// before it exists; writing it can fail only on I/O. Its parallel parts run on the rayon
    /// pool it is written from (the binary sizes the global pool by `--threads`).
    pub stream: Option<Stream>,
    /// Warnings for stderr.
    pub warnings: Diagnostics,
    /// The files the command read (an output file must not be one of them).
    pub inputs: Vec<PathBuf>,
    /// The `--fail-on` condition held.
    pub failed: bool,
}

/// A renderer that writes its output piece by piece (see [`Output::stream`]).
pub struct Stream(Box<WriteOnce>);

/// What a [`Stream`] holds: a renderer called once with the writer.
type WriteOnce = dyn FnOnce(&mut dyn Write) -> std::io::Result<()> + Send;

impl Stream {
    /// A renderer that writes into the writer it is given.
    pub fn new(write: impl FnOnce(&mut dyn Write) -> std::io::Result<()> + Send + 'static) -> Self {
        Stream(Box::new(write))
    }

    /// Renders the output into `out`.
    pub fn write_to(self, out: &mut dyn Write) -> std::io::Result<()> {
        (self.0)(out)
    }
}

impl std::fmt::Debug for Stream {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Stream(..)")
    }
}

impl Output {
    /// Everything the command prints (`stdout`, then the stream rendered in memory).
    pub fn into_text(self) -> String {
        let mut bytes = self.stdout.into_bytes();
        if let Some(stream) = self.stream {
            stream
                .write_to(&mut bytes)
                .expect("writing into memory cannot fail");
        }
        String::from_utf8(bytes).expect("every renderer writes UTF-8")
    }

    /// Writes `stdout`, then the stream.
    pub fn write_to(&mut self, out: &mut dyn Write) -> std::io::Result<()> {
        out.write_all(self.stdout.as_bytes())?;
        if let Some(stream) = self.stream.take() {
            let mut buffered = std::io::BufWriter::with_capacity(1 << 16, &mut *out);
            stream.write_to(&mut buffered)?;
            buffered.flush()?;
        }
        out.flush()
    }

    /// 1 when the `--fail-on` condition held, else 0.
    pub fn exit_code(&self) -> u8 {
        u8::from(self.failed)
    }
}

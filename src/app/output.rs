//! What a command produces, and writing it to `-o FILE` (see [`crate::write`]).

#[allow(clippy::wildcard_imports)]
use super::*;

/// Writes `contents` to `path` atomically, refusing to overwrite any of `inputs` (see
/// [`crate::write`]); a `confidential` output (`--for`) is created 0600.
pub fn write_output(
    path: &Path,
    contents: &str,
    inputs: &[PathBuf],
    confidential: bool,
) -> Result<(), Error> {
    write_output_with(path, inputs, confidential, |file| {
        file.write_all(contents.as_bytes())
    })
}

/// Like [`write_output`], the contents written by `write` (a command's whole [`Output`]).
pub fn write_output_with(
    path: &Path,
    inputs: &[PathBuf],
    confidential: bool,
    write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> Result<(), Error> {
    Ok(crate::write::write_file(path, inputs, confidential, write)?)
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

/// The output of a command that printed `stdout` after loading `loaded`: their warnings and
/// inputs gathered, the scenarios freed (large ones on another thread), `--fail-on` applied.
/// `contested` is whether any scenario read has a contested item, when the command analysed
/// them; `None`: the scenarios are analysed here if `--fail-on contested` asks, so that the flag
/// means the same for every command that reads a scenario.
///
/// The output is marked for its audience as its `kind` carries a marking
/// ([`concord_print::audience`]): this is where every command's output gets it.
pub(crate) fn finish(
    settings: &Settings,
    kind: Kind,
    (stdout, loaded, contested): (String, Vec<Loaded>, Option<bool>),
) -> Output {
    let stdout = Marking::of(loaded.iter().map(|loaded| &loaded.scenario)).apply(kind, stdout);
    // The last guard for a reader's formats: no invisible character from the data acts on a
    // terminal or hides in a rendered page, whatever a printer missed.
    let stdout = match kind {
        Kind::Text | Kind::Markdown | Kind::Html | Kind::Dot | Kind::Plain => {
            match concord_print::escape::text::document(&stdout, settings.color) {
                std::borrow::Cow::Borrowed(_) => stdout,
                std::borrow::Cow::Owned(escaped) => escaped,
            }
        }
        Kind::Csv | Kind::Json | Kind::Decide | Kind::Docx => stdout,
    };
    let failed = settings.fail_on == Some(FailOn::Contested)
        && contested.unwrap_or_else(|| {
            loaded.iter().any(|loaded| {
                any_contested(
                    &analysis::Analysed::new(&loaded.scenario, &settings.analysis).analysis,
                )
            })
        });
    let mut warnings = Diagnostics::default();
    let mut inputs = Vec::new();
    for loaded in loaded {
        inputs.extend(loaded.inputs);
        warnings.list.extend(loaded.warnings.list);
        warnings.sources.extend(loaded.warnings.sources);
        let big = big(settings, &loaded.scenario);
        drop_later(loaded.scenario, big);
    }
    Output {
        stdout,
        stream: None,
        warnings,
        inputs,
        failed,
    }
}

/// A JSON output written as it is made by `write`, from the scenario `loaded` and what the
/// closure holds (the analysis: it frees it itself): marked for the scenario's audience, with its
/// warnings and inputs; `contested` for `--fail-on contested`. The scenario is freed once
/// written.
pub(crate) fn streamed_json(
    settings: &Settings,
    loaded: Loaded,
    contested: bool,
    write: impl FnOnce(
        &mut dyn Write,
        &concord_core::model::Scenario,
        Option<&concord_core::model::Outcomes>,
    ) -> std::io::Result<()>
    + Send
    + 'static,
) -> Output {
    let big = big(settings, &loaded.scenario);
    let marking = Marking::of([&loaded.scenario]);
    let Loaded {
        scenario,
        outcomes,
        warnings,
        inputs,
    } = loaded;
    Output {
        stdout: String::new(),
        stream: Some(marked_json(
            &marking,
            Stream::new(move |out| {
                let written = write(out, &scenario, outcomes.as_ref());
                drop_later(scenario, big);
                written
            }),
        )),
        warnings,
        inputs,
        failed: settings.fail_on == Some(FailOn::Contested) && contested,
    }
}

/// A JSON stream marked for `marking`: the `audience` member first, then the stream's own
/// members (the stream's opening `{` and line break are replaced by the marked opening).
pub(crate) fn marked_json(marking: &Marking, stream: Stream) -> Stream {
    let head = marking.json_head();
    Stream::new(move |out| {
        out.write_all(head.as_bytes())?;
        let mut rest = SkipOpening { out, skip: b"{\n" };
        stream.write_to(&mut rest)?;
        if rest.skip.is_empty() {
            Ok(())
        } else {
            Err(std::io::Error::other(
                "a JSON stream must open with `{` and a line break",
            ))
        }
    })
}

/// A writer that checks and drops the opening bytes `skip`, then passes everything on.
struct SkipOpening<'a> {
    out: &'a mut dyn Write,
    skip: &'static [u8],
}

impl Write for SkipOpening<'_> {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        if self.skip.is_empty() {
            return self.out.write(bytes);
        }
        let n = bytes.len().min(self.skip.len());
        if bytes[..n] != self.skip[..n] {
            return Err(std::io::Error::other(
                "a JSON stream must open with `{` and a line break",
            ));
        }
        self.skip = &self.skip[n..];
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.out.flush()
    }
}

/// Frees a large value on another thread: a scenario of 250,000 cells takes a tenth of a second
/// to free, which the answer should not wait for (the process may exit first, which frees it
/// all at once).
pub(crate) fn drop_later<T: Send + 'static>(value: T, big: bool) {
    if big {
        // Without a thread to spare, the value is freed here (by `spawn` failing).
        let _ = std::thread::Builder::new().spawn(move || drop(value));
    }
}

/// Whether a scenario is freed on another thread: only when the settings allow it (the binary,
/// which may exit first; a library caller or a benchmark pays for its frees where it stands) and
/// when it is worth a thread (a small one frees faster than a thread starts).
pub(crate) fn big(settings: &Settings, scenario: &concord_core::model::Scenario) -> bool {
    settings.free_in_background && scenario.items.len() * scenario.groups.len() >= 10_000
}

//! `concord fmt`: every concord file in one canonical layout (`concord_core::format`), comments
//! kept; `--check` lists the files that differ and exits 1, for CI.

#[allow(clippy::wildcard_imports)]
use super::*;

/// The arguments of `concord fmt`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Files or directories (every `.ron` file under them) [default: `scenarios` and
    /// `positions`].
    paths: Vec<PathBuf>,
    /// Change nothing: list the files not in the layout, and exit 1 when there is one.
    #[arg(long)]
    check: bool,
}

impl Args {
    /// The request.
    pub fn request(self, context: &Context) -> Result<Command, String> {
        if context.output.is_some() {
            return Err("`fmt` rewrites the files in place: drop -o".into());
        }
        let paths: Vec<PathBuf> = if self.paths.is_empty() {
            ["scenarios", "positions"]
                .into_iter()
                .map(PathBuf::from)
                .filter(|path| path.exists())
                .collect()
        } else {
            self.paths
        };
        // A CI job run in the wrong directory must not pass having checked nothing.
        if paths.is_empty() {
            return Err(
                "there is no `scenarios/` or `positions/` here: give the files or directories \
                 to format (`concord fmt positions/wrc27`), or run `fmt` from a checkout"
                    .into(),
            );
        }
        Ok(Command::Fmt {
            paths,
            check: self.check,
        })
    }
}

/// The most files one run formats (every one is held in memory until all are written).
const MAX_FILES: usize = 10_000;

pub(crate) fn run(paths: &[PathBuf], check: bool, settings: &Settings) -> Result<Output, Error> {
    let mut files = Vec::new();
    for path in paths {
        concord_core::load::ron_files(path, MAX_FILES, &mut files)
            .map_err(|e| usage(format!("cannot list {}: {e}", shown(path))))?;
    }
    // Each file once, as it really is: `a.ron` and `./a.ron` are one file, and a symbolic link
    // is formatted in its target (the link stays).
    let mut seen = std::collections::HashSet::new();
    let files: Vec<(PathBuf, PathBuf)> = files
        .into_iter()
        .map(|file| {
            let real =
                concord_core::load::FileSource::canonical(&concord_core::load::FsSource, &file)
                    .ok_or_else(|| {
                        usage(format!("cannot read {}: it does not exist", shown(&file)))
                    })?;
            Ok((file, real))
        })
        .collect::<Result<Vec<_>, Error>>()?
        .into_iter()
        .filter(|(_, real)| seen.insert(real.clone()))
        .collect();
    let mut changed: Vec<(String, Vec<u8>)> = Vec::new();
    let mut names: Vec<String> = Vec::new();
    for (file, real) in &files {
        let bytes = concord_core::load::read_bounded(real, concord_core::limits::LIMITS.file_bytes)
            .map_err(|e| usage(format!("cannot read {}: {e}", shown(file))))?;
        let text = String::from_utf8(bytes)
            .map_err(|_| usage(format!("{} is not UTF-8 text", shown(file))))?;
        let formatted = concord_core::format::format(&text).map_err(|error| {
            let line = text[..error.at.min(text.len())].matches('\n').count() + 1;
            usage(format!(
                "{}:{line}: {}; the file was left as it is",
                shown(file),
                error.message
            ))
        })?;
        // A layout that grows a file past what concord reads would leave it unreadable.
        let limit = concord_core::limits::LIMITS.file_bytes;
        if formatted.len() as u64 > limit {
            return Err(usage(format!(
                "{}: in the layout the file would be {} bytes, more than the {} MiB concord reads; the file was left as it is",
                shown(file),
                formatted.len(),
                limit >> 20
            )));
        }
        if formatted != text {
            changed.push((from_root(real)?, formatted.into_bytes()));
            names.push(shown(file));
        }
    }
    let mut output = if check {
        let stdout = if names.is_empty() {
            format!("{} file(s) in the layout\n", files.len())
        } else {
            format!("not in the layout:\n  {}\n", names.join("\n  "))
        };
        finish(settings, Kind::Plain, (stdout, Vec::new(), None))
    } else {
        if !changed.is_empty() {
            // All or nothing; the files exist and are replaced, their modes kept.
            crate::write::write_tree(Path::new("/"), &changed, &[], (true, false))?;
        }
        let stdout = format!(
            "formatted {} of {} file(s){}\n",
            changed.len(),
            files.len(),
            if names.is_empty() {
                String::new()
            } else {
                format!(": {}", names.join(", "))
            }
        );
        finish(settings, Kind::Plain, (stdout, Vec::new(), None))
    };
    output.failed = check && !changed.is_empty();
    Ok(output)
}

/// `file` relative to the working directory, where the tree writer writes.
/// A canonical path as the tree writer takes it under `/` (fmt writes each file where it is, as
/// a whole: all or nothing).
fn from_root(real: &Path) -> Result<String, Error> {
    real.strip_prefix("/")
        .unwrap_or(real)
        .to_str()
        .map(str::to_owned)
        .ok_or_else(|| usage(format!("{}: a path that is not UTF-8", shown(real))))
}

fn shown(path: &Path) -> String {
    concord_print::escape::text::field(&path.display().to_string())
}

fn usage(message: String) -> Error {
    Error::Usage {
        message,
        hint: None,
    }
}

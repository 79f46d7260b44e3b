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
    // is formatted in its target (the link stays) when that lies under the working directory.
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
    // The working directory as it really is: every file written lies under it.
    let here =
        concord_core::load::FileSource::canonical(&concord_core::load::FsSource, Path::new("."))
            .ok_or_else(|| usage("cannot resolve the working directory".into()))?;
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
            changed.push((under(&here, file, real)?, formatted.into_bytes()));
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
            crate::write::write_tree(&here, &changed, &[], (true, false))?;
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

/// Where `file` (named so; `real` where it really is) lies under the working directory `here`,
/// which the tree writer writes in (staged there, moved all or nothing). A file, or a link's
/// target, outside the working directory is refused: `fmt positions/` must never rewrite a file
/// a link in it points to elsewhere on the disk.
fn under(here: &Path, file: &Path, real: &Path) -> Result<String, Error> {
    let relative = real.strip_prefix(here).map_err(|_| {
        let target = if real == std::path::absolute(file).unwrap_or_default() {
            String::new()
        } else {
            format!(" (a link to {})", shown(real))
        };
        usage(format!(
            "{}{target} is outside the working directory: run `fmt` from a directory above it",
            shown(file)
        ))
    })?;
    relative
        .to_str()
        .map(str::to_owned)
        .ok_or_else(|| usage(format!("{}: a path that is not UTF-8", shown(file))))
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

//! File access. All reading goes through [`FileSource`], so a scenario can come from the disk,
//! from memory (tests, overlays) or from the binary itself (the bundled default).

use std::collections::BTreeMap;
use std::io;
use std::path::{Component, Path, PathBuf};

/// Where the loader reads files from.
pub trait FileSource {
    /// The bytes of `path`; an error of kind [`io::ErrorKind::NotFound`] when there is none.
    fn read(&self, path: &Path) -> io::Result<Vec<u8>>;

    /// The size of `path` in bytes, when it can be known without reading it.
    fn len(&self, _path: &Path) -> Option<u64> {
        None
    }

    /// Where `path` really is, its symbolic links resolved, when it exists on a file system
    /// (a scenario's files must lie under its root by name and by where they really are).
    fn canonical(&self, _path: &Path) -> Option<PathBuf> {
        None
    }

    /// The directory relative paths are read from (the working directory for the disk).
    fn working_dir(&self) -> PathBuf {
        PathBuf::new()
    }
}

/// The file system.
#[derive(Clone, Copy, Debug, Default)]
pub struct FsSource;

impl FileSource for FsSource {
    fn read(&self, path: &Path) -> io::Result<Vec<u8>> {
        read_bounded(path, super::MAX_FILE_BYTES)
    }

    fn canonical(&self, path: &Path) -> Option<PathBuf> {
        std::fs::canonicalize(path).ok()
    }

    fn working_dir(&self) -> PathBuf {
        std::env::current_dir().unwrap_or_default()
    }

    fn len(&self, path: &Path) -> Option<u64> {
        std::fs::metadata(path).ok().map(|metadata| metadata.len())
    }
}

/// The `.ron` files `path` names: itself when it is a file, else every one under it (in name
/// order), at most `limit` (`concord fmt`'s file list; symbolic links to directories are not
/// followed).
pub fn ron_files(path: &Path, limit: usize, files: &mut Vec<std::path::PathBuf>) -> io::Result<()> {
    let meta = std::fs::symlink_metadata(path)?;
    if meta.is_file() || (meta.file_type().is_symlink() && std::fs::metadata(path)?.is_file()) {
        files.push(path.to_owned());
    } else if meta.is_dir() {
        let mut entries: Vec<std::path::PathBuf> = std::fs::read_dir(path)?
            .filter_map(Result::ok)
            .map(|entry| entry.path())
            .collect();
        entries.sort();
        for entry in entries {
            let is_ron = entry.extension().is_some_and(|ext| ext == "ron");
            if is_ron || std::fs::symlink_metadata(&entry).is_ok_and(|m| m.is_dir()) {
                ron_files(&entry, limit, files)?;
            }
        }
    }
    if files.len() > limit {
        return Err(io::Error::other(format!("more than {limit} files")));
    }
    Ok(())
}

/// Reads a regular file of at most `limit` bytes. Anything else is an error before a byte is read,
/// so a FIFO, a device (`/dev/zero`, `/dev/urandom`) or a directory never hangs or fills memory;
/// the limit is counted while reading (a file that grows, or a size the system misreports, cannot
/// pass it). A file over the limit is an error of kind [`io::ErrorKind::FileTooLarge`].
pub fn read_bounded(path: &Path, limit: u64) -> io::Result<Vec<u8>> {
    use std::io::Read;
    let metadata = std::fs::metadata(path)?;
    if !metadata.is_file() {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            format!(
                "it is {}, not a regular file",
                file_kind(metadata.file_type())
            ),
        ));
    }
    if metadata.len() > limit {
        return Err(io::Error::from(io::ErrorKind::FileTooLarge));
    }
    let file = std::fs::File::open(path)?;
    // Checked again on the open file: the path may have been replaced in between.
    if !file.metadata()?.is_file() {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            "it is not a regular file",
        ));
    }
    let mut bytes = Vec::with_capacity(usize::try_from(metadata.len()).unwrap_or(0));
    file.take(limit + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > limit {
        return Err(io::Error::from(io::ErrorKind::FileTooLarge));
    }
    Ok(bytes)
}

/// What kind of file this is, for messages: "a FIFO", "a directory", "a regular file", ….
pub fn file_kind(file_type: std::fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if file_type.is_fifo() {
            return "a FIFO";
        }
        if file_type.is_char_device() {
            return "a character device";
        }
        if file_type.is_block_device() {
            return "a block device";
        }
        if file_type.is_socket() {
            return "a socket";
        }
    }
    if file_type.is_dir() {
        "a directory"
    } else if file_type.is_symlink() {
        "a symbolic link"
    } else if file_type.is_file() {
        "a regular file"
    } else {
        "not a regular file"
    }
}

/// Files held in memory, keyed by normalized path.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct MemorySource {
    files: BTreeMap<PathBuf, Vec<u8>>,
}

impl MemorySource {
    /// An empty source.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds (or replaces) a file.
    pub fn insert(&mut self, path: impl AsRef<Path>, contents: impl Into<Vec<u8>>) -> &mut Self {
        self.files.insert(normalize(path.as_ref()), contents.into());
        self
    }

    /// The bytes of every file held (a benchmark's input size).
    pub fn total_bytes(&self) -> usize {
        self.files.values().map(Vec::len).sum()
    }
}

impl FileSource for MemorySource {
    fn read(&self, path: &Path) -> io::Result<Vec<u8>> {
        self.files
            .get(&normalize(path))
            .cloned()
            .ok_or_else(|| io::Error::from(io::ErrorKind::NotFound))
    }
}

/// Files in memory first, then another source: a way to replace a few files of a scenario.
pub struct Overlay<'a> {
    /// The files that replace or add to `base`'s.
    pub top: MemorySource,
    /// Where every other file is read.
    pub base: &'a dyn FileSource,
}

impl FileSource for Overlay<'_> {
    fn read(&self, path: &Path) -> io::Result<Vec<u8>> {
        match self.top.read(path) {
            Err(error) if error.kind() == io::ErrorKind::NotFound => self.base.read(path),
            found => found,
        }
    }

    fn canonical(&self, path: &Path) -> Option<PathBuf> {
        self.base.canonical(path)
    }

    fn working_dir(&self) -> PathBuf {
        self.base.working_dir()
    }

    fn len(&self, path: &Path) -> Option<u64> {
        match self.top.read(path) {
            Ok(bytes) => Some(bytes.len() as u64),
            Err(_) => self.base.len(path),
        }
    }
}

/// Removes `.` and resolves `..` lexically, so `scenarios/../positions/x.ron` names
/// `positions/x.ron` in diagnostics. (No symlink resolution: the path is for people.)
pub fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                let can_pop = matches!(out.components().next_back(), Some(Component::Normal(_)));
                if can_pop {
                    out.pop();
                } else if !matches!(
                    out.components().next_back(),
                    Some(Component::RootDir | Component::Prefix(_))
                ) {
                    out.push("..");
                }
            }
            other => out.push(other.as_os_str()),
        }
    }
    if out.as_os_str().is_empty() && !path.as_os_str().is_empty() {
        // `.` or `a/..`: the current directory, not an empty name.
        out.push(".");
    }
    out
}

/// `relative` resolved against the directory of `base_file`, normalized.
pub fn resolve(base_file: &Path, relative: &str) -> PathBuf {
    let dir = base_file.parent().unwrap_or(Path::new(""));
    let resolved = normalize(&dir.join(relative));
    if relative.ends_with(['/', '\\']) {
        // `states.ron/` names a directory: keep the slash, so the system says it is none
        // rather than the file being read.
        resolved.join("")
    } else {
        resolved
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolves_relative_to_the_scenario_and_normalizes() {
        let scenario = Path::new("scenarios/pp14.ron");
        assert_eq!(
            resolve(scenario, "../positions/pp14/cept.ron"),
            PathBuf::from("positions/pp14/cept.ron")
        );
        assert_eq!(
            resolve(Path::new("pp14.ron"), "../x.ron"),
            PathBuf::from("../x.ron")
        );
        assert_eq!(
            resolve(Path::new("/a/b/s.ron"), "./c/../d.ron"),
            PathBuf::from("/a/b/d.ron")
        );
    }

    #[test]
    fn overlay_prefers_its_own_files() {
        let mut base = MemorySource::new();
        base.insert("a.ron", "base a").insert("b.ron", "base b");
        let mut top = MemorySource::new();
        top.insert("./a.ron", "top a");
        let overlay = Overlay { top, base: &base };
        assert_eq!(overlay.read(Path::new("a.ron")).unwrap(), b"top a");
        assert_eq!(overlay.read(Path::new("b.ron")).unwrap(), b"base b");
        assert_eq!(
            overlay.read(Path::new("c.ron")).unwrap_err().kind(),
            io::ErrorKind::NotFound
        );
    }
}

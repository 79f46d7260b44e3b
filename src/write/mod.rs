//! Every file concord writes goes through here, so that nothing is ever lost:
//!
//! - one output (`-o FILE`) is written to a temporary file beside the target and renamed over it:
//!   readers see the old file or the new one, never half of one; the replaced file's permissions
//!   (and, where allowed, its owner) are kept, and a new file gets the umask's mode;
//! - a target that is not a regular file is never replaced: a character device (`/dev/null`,
//!   a terminal) or a FIFO is written to directly; a directory, a socket or a block device is
//!   refused;
//! - a tree of files (`generate`, `import`, `brief --all`) is checked whole before anything is
//!   written (no existing file is replaced without `--force`), staged in a temporary directory
//!   inside the target directory, then moved into place all or nothing;
//! - every temporary is named `.concord-*.tmp` (recognisable if a `SIGKILL` leaves one behind),
//!   and [`remove_temporaries`] removes the live ones: the binary calls it on `SIGINT`, `SIGTERM` and `SIGHUP`.

use std::collections::BTreeSet;
use std::fs;
use std::io::{self, Write};
use std::path::{Component, Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

/// The prefix and suffix of every temporary file or directory concord creates.
pub const TEMP_PREFIX: &str = ".concord-";
/// The suffix of every temporary file or directory concord creates.
pub const TEMP_SUFFIX: &str = ".tmp";

/// Temporaries that exist now: removed by [`remove_temporaries`].
static LIVE: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());
/// Moves into place in progress: [`remove_temporaries`] waits for them (a tree half moved, with
/// the replaced files still in the staging directory, must not be cut short).
static COMMITTING: AtomicUsize = AtomicUsize::new(0);

/// Why a write was refused or failed.
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    /// The target cannot be written without destroying something, or the request is malformed
    /// (exit 2: nothing was written).
    #[error("refusing to write `{}`: {reason}", path.display())]
    Refused {
        /// The target.
        path: PathBuf,
        /// Why it was refused.
        reason: String,
        /// What to do instead.
        hint: Option<String>,
    },
    /// The output is one of the files this run read.
    #[error("refusing to write the output over `{}`, an input of this run", path.display())]
    OutputIsInput {
        /// The output asked for.
        path: PathBuf,
    },
    /// The system refused (exit 1: nothing was written).
    #[error("cannot write `{}`", path.display())]
    Io {
        /// The target.
        path: PathBuf,
        #[source]
        /// What the system said.
        source: io::Error,
    },
}

impl WriteError {
    fn io(path: &Path) -> impl FnOnce(io::Error) -> WriteError + '_ {
        move |source| WriteError::Io {
            path: path.to_owned(),
            source,
        }
    }

    fn refused(path: &Path, reason: impl Into<String>, hint: Option<&str>) -> WriteError {
        WriteError::Refused {
            path: path.to_owned(),
            reason: reason.into(),
            hint: hint.map(str::to_owned),
        }
    }
}

/// Set by [`remove_temporaries`]: writers stop at their next file or buffer and clean up.
static INTERRUPTED: AtomicBool = AtomicBool::new(false);

/// Whether a signal asked concord to stop (the caller of a failed write should then wait for
/// the signal thread to exit the process, with the signal's code).
pub fn interrupted() -> bool {
    INTERRUPTED.load(Ordering::SeqCst)
}

fn stop_if_interrupted() -> io::Result<()> {
    if interrupted() {
        Err(io::Error::new(
            io::ErrorKind::Interrupted,
            "interrupted by a signal",
        ))
    } else {
        Ok(())
    }
}

/// Stops every write in progress and removes its temporaries: writers see the flag at their
/// next file or buffer, stop, and remove what they staged themselves (so nothing is removed
/// while it is still being written); what is left after two seconds is removed here. A tree
/// being moved into place is finished first. For a signal handler: the caller exits afterwards.
pub fn remove_temporaries() {
    INTERRUPTED.store(true, Ordering::SeqCst);
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(2);
    loop {
        let committing = COMMITTING.load(Ordering::SeqCst) > 0;
        let live = LIVE.lock().map_or(0, |live| live.len());
        if !committing && (live == 0 || std::time::Instant::now() > deadline) {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    let live = match LIVE.lock() {
        Ok(live) => live.clone(),
        Err(poisoned) => poisoned.into_inner().clone(),
    };
    for path in live {
        let _ = fs::remove_dir_all(&path).or_else(|_| fs::remove_file(&path));
    }
}

/// Registers a temporary for [`remove_temporaries`] while it lives.
struct Registered(PathBuf);

impl Registered {
    fn new(path: &Path) -> Self {
        if let Ok(mut live) = LIVE.lock() {
            live.push(path.to_owned());
        }
        Registered(path.to_owned())
    }
}

impl Drop for Registered {
    fn drop(&mut self) {
        if let Ok(mut live) = LIVE.lock()
            && let Some(at) = live.iter().position(|path| *path == self.0)
        {
            live.swap_remove(at);
        }
    }
}

/// Creates a temporary with `create` and registers it, with no moment between in which a signal
/// would find it unregistered (and leave it behind): [`remove_temporaries`] waits while one is
/// being created, and nothing is created once it has started.
fn create_registered<T>(
    create: impl FnOnce() -> io::Result<T>,
    path: impl Fn(&T) -> &Path,
) -> io::Result<(T, Registered)> {
    let creating = Committing::start();
    stop_if_interrupted()?;
    let made = create()?;
    let registered = Registered::new(path(&made));
    drop(creating);
    Ok((made, registered))
}

/// Counts a move into place (or a temporary being created) for [`remove_temporaries`].
struct Committing;

impl Committing {
    fn start() -> Self {
        COMMITTING.fetch_add(1, Ordering::SeqCst);
        Committing
    }
}

impl Drop for Committing {
    fn drop(&mut self) {
        COMMITTING.fetch_sub(1, Ordering::SeqCst);
    }
}

/// `path` made absolute and normalized (symlinks resolved where the path exists), to compare an
/// output with the inputs.
fn absolute(path: &Path) -> PathBuf {
    path.canonicalize().unwrap_or_else(|_| {
        concord_core::load::normalize(&std::env::current_dir().unwrap_or_default().join(path))
    })
}

fn directory_of(path: &Path) -> &Path {
    match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    }
}

/// What `-o PATH` names once symbolic links are followed.
enum Target {
    /// Nothing there yet: a new file with the umask's mode.
    New(PathBuf),
    /// A regular file, replaced atomically with its mode kept.
    Regular(PathBuf, fs::Metadata),
    /// A character device or a FIFO: written to directly.
    Stream(PathBuf, bool),
    /// One of concord's own open files by its descriptor (`/dev/stdout`, `/dev/fd/3`,
    /// `/proc/self/fd/1`): written through it, as the shell opened it (`>>` appends; a file
    /// behind it is never replaced, which would lose what `>>` kept).
    Descriptor(u32),
}

/// The descriptor `path` names, when it names one of the process's own.
fn descriptor_of(path: &Path) -> Option<u32> {
    let text = path.to_str()?;
    match text {
        "/dev/stdout" => Some(1),
        "/dev/stderr" => Some(2),
        _ => text
            .strip_prefix("/dev/fd/")
            .or_else(|| text.strip_prefix("/proc/self/fd/"))
            .and_then(|n| n.parse().ok()),
    }
}

fn target_of(path: &Path) -> Result<Target, WriteError> {
    #[cfg(unix)]
    if let Some(fd) = descriptor_of(path) {
        return Ok(Target::Descriptor(fd));
    }
    let link = match fs::symlink_metadata(path) {
        Ok(metadata) => metadata,
        Err(error) if error.kind() == io::ErrorKind::NotFound => {
            return Ok(Target::New(path.to_owned()));
        }
        Err(error) => return Err(WriteError::io(path)(error)),
    };
    // A symbolic link stays a link: the file it points to is the one written.
    let (resolved, metadata) = if link.file_type().is_symlink() {
        match fs::metadata(path) {
            // `/dev/stdout` is a link to `/proc/self/fd/1`, itself a "magic" link that
            // `canonicalize` cannot name when it is a pipe: fall back to the path as given.
            Ok(metadata) => (
                fs::canonicalize(path).unwrap_or_else(|_| path.to_owned()),
                metadata,
            ),
            Err(_) => {
                return Err(WriteError::refused(
                    path,
                    "it is a symbolic link to nothing (or to a loop)",
                    Some("point the link at a file, or give another path"),
                ));
            }
        }
    } else {
        (path.to_owned(), link)
    };
    let file_type = metadata.file_type();
    if file_type.is_file() {
        refuse_read_only(path, &resolved)?;
        return Ok(Target::Regular(resolved, metadata));
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if file_type.is_char_device() || file_type.is_fifo() {
            // Opened by the name given: it reaches the same device or pipe.
            return Ok(Target::Stream(path.to_owned(), file_type.is_fifo()));
        }
    }
    Err(WriteError::refused(
        path,
        format!(
            "it is {}, not a regular file",
            concord_core::load::file_kind(file_type)
        ),
        Some(if file_type.is_dir() {
            "give a file name, e.g. DIR/report.txt"
        } else {
            "give the path of a regular file"
        }),
    ))
}

/// A file the user may not write (`chmod a-w`, or another user's) is not replaced behind its
/// back, though the directory would allow the rename: `>` would be refused too.
fn refuse_read_only(shown: &Path, file: &Path) -> Result<(), WriteError> {
    match rustix::fs::access(file, rustix::fs::Access::WRITE_OK) {
        Err(rustix::io::Errno::ACCESS | rustix::io::Errno::ROFS | rustix::io::Errno::PERM) => {
            Err(WriteError::refused(
                shown,
                "it is read-only for you",
                Some("make it writable first, or give another path"),
            ))
        }
        _ => Ok(()),
    }
}

/// Writes one output to `path`: atomically over a regular file (its mode kept), directly into a
/// character device or FIFO, refusing anything else and any of `inputs`.
///
/// A `confidential` output (`--for`) is created with mode 0600, and a file it replaces is
/// narrowed to 0600 (its owner kept).
pub fn write_file(
    path: &Path,
    inputs: &[PathBuf],
    confidential: bool,
    write: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> Result<(), WriteError> {
    let target = absolute(path);
    if inputs.iter().any(|input| absolute(input) == target) {
        return Err(WriteError::OutputIsInput {
            path: path.to_owned(),
        });
    }
    match target_of(path)? {
        Target::Stream(device, fifo) => write_stream(path, &device, fifo, write),
        Target::Descriptor(fd) => write_descriptor(path, fd, write),
        Target::New(new) => write_atomically(path, &new, (None, confidential), write),
        Target::Regular(existing, metadata) => {
            write_atomically(path, &existing, (Some(&metadata), confidential), write)
        }
    }
}

/// Writes through one of the process's own descriptors: standard output and error as they are
/// (their offset and `O_APPEND` shared with the shell's), another reopened for appending.
fn write_descriptor(
    shown: &Path,
    fd: u32,
    write: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> Result<(), WriteError> {
    match fd {
        1 => {
            let mut out = io::BufWriter::with_capacity(1 << 16, io::stdout().lock());
            write(&mut out).map_err(WriteError::io(shown))?;
            out.flush().map_err(WriteError::io(shown))
        }
        2 => {
            let mut out = io::stderr().lock();
            write(&mut out).map_err(WriteError::io(shown))?;
            out.flush().map_err(WriteError::io(shown))
        }
        _ => {
            let file = fs::OpenOptions::new()
                .append(true)
                .open(shown)
                .map_err(WriteError::io(shown))?;
            let mut out = io::BufWriter::with_capacity(1 << 16, file);
            write(&mut out).map_err(WriteError::io(shown))?;
            out.flush().map_err(WriteError::io(shown))
        }
    }
}

/// An exclusive advisory lock on the directory of `scenario`, held until the guard is dropped:
/// `set`, `import table` and `agenda` read the scenario's files, change them and write them back,
/// and two of them at once on one scenario would otherwise each write over the other's change.
/// The next waits its turn. (A directory, not a file: the files are replaced by new ones.)
pub fn lock_scenario(scenario: &Path) -> Result<fs::File, WriteError> {
    let dir = match scenario.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.to_owned(),
        _ => PathBuf::from("."),
    };
    let guard = fs::File::open(&dir).map_err(WriteError::io(&dir))?;
    #[cfg(unix)]
    rustix::fs::flock(&guard, rustix::fs::FlockOperation::LockExclusive)
        .map_err(|error| WriteError::io(&dir)(error.into()))?;
    Ok(guard)
}

/// Writes into a character device or a FIFO without replacing it.
fn write_stream(
    shown: &Path,
    device: &Path,
    fifo: bool,
    write: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> Result<(), WriteError> {
    let mut options = fs::OpenOptions::new();
    options.write(true);
    #[cfg(unix)]
    if fifo {
        // Opening a FIFO nobody reads would wait for ever: open it without waiting, then write
        // with waiting (a reader that is slow is fine).
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(rustix::fs::OFlags::NONBLOCK.bits() as i32);
    }
    let mut file = match options.open(device) {
        Ok(file) => file,
        Err(error)
            if fifo && error.raw_os_error() == Some(rustix::io::Errno::NXIO.raw_os_error()) =>
        {
            return Err(WriteError::refused(
                shown,
                "it is a FIFO that no process is reading",
                Some("start the reader first, or give the path of a regular file"),
            ));
        }
        Err(error) => return Err(WriteError::io(shown)(error)),
    };
    #[cfg(unix)]
    if fifo {
        let flags = rustix::fs::fcntl_getfl(&file).map_err(|e| WriteError::io(shown)(e.into()))?;
        rustix::fs::fcntl_setfl(&file, flags - rustix::fs::OFlags::NONBLOCK)
            .map_err(|e| WriteError::io(shown)(e.into()))?;
    }
    let mut buffered = io::BufWriter::with_capacity(1 << 16, &mut file);
    write(&mut buffered).map_err(WriteError::io(shown))?;
    buffered.flush().map_err(WriteError::io(shown))
}

/// A writer that stops when a signal asked concord to stop (checked at every buffer flushed).
struct Interruptible<W>(W);

impl<W: Write> Write for Interruptible<W> {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        stop_if_interrupted()?;
        self.0.write(bytes)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.0.flush()
    }
}

/// The mode of every file written for one reader (`--for`): its owner alone reads it.
pub const CONFIDENTIAL_MODE: u32 = 0o600;

/// A new temporary file beside `dir`'s entries: the umask's mode, or `mode` exactly.
fn temporary_in(dir: &Path, mode: Option<u32>) -> io::Result<tempfile::NamedTempFile> {
    let mut builder = tempfile::Builder::new();
    builder.prefix(TEMP_PREFIX).suffix(TEMP_SUFFIX);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        // Created no wider than the file it becomes (a confidential output 0600 from its first
        // byte: never readable by others while it is written), and narrowed by the umask, as
        // any new file; the exact mode is set just after.
        builder.permissions(fs::Permissions::from_mode(
            mode.map_or(0o666, |m| m & 0o666),
        ));
    }
    let file = builder.tempfile_in(dir)?;
    if let Some(mode) = mode {
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            file.as_file()
                .set_permissions(fs::Permissions::from_mode(mode))?;
        }
    }
    Ok(file)
}

/// The permission bits of an existing file, to give its replacement.
fn mode_of(metadata: &fs::Metadata) -> Option<u32> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        Some(metadata.permissions().mode() & 0o7777)
    }
    #[cfg(not(unix))]
    {
        let _ = metadata;
        None
    }
}

/// Gives `file` the owner and group of `metadata`'s file, where the system allows it (as root;
/// a user can only keep their own).
fn keep_owner(file: &fs::File, metadata: &fs::Metadata) {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        let _ = std::os::unix::fs::fchown(file, Some(metadata.uid()), Some(metadata.gid()));
    }
    #[cfg(not(unix))]
    let _ = (file, metadata);
}

fn write_atomically(
    shown: &Path,
    target: &Path,
    (existing, confidential): (Option<&fs::Metadata>, bool),
    write: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> Result<(), WriteError> {
    let error = WriteError::io(shown);
    let mode = if confidential {
        Some(CONFIDENTIAL_MODE)
    } else {
        existing.and_then(mode_of)
    };
    let (mut file, registered) = create_registered(
        || temporary_in(directory_of(target), mode),
        tempfile::NamedTempFile::path,
    )
    .map_err(WriteError::io(shown))?;
    if let Some(metadata) = existing {
        keep_owner(file.as_file(), metadata);
    }
    {
        let mut checked = Interruptible(&mut file);
        let mut buffered = io::BufWriter::with_capacity(1 << 16, &mut checked);
        write(&mut buffered).map_err(WriteError::io(shown))?;
        buffered.flush().map_err(WriteError::io(shown))?;
    }
    file.as_file().sync_all().map_err(WriteError::io(shown))?;
    let committing = Committing::start();
    let result = file.persist(target).map(drop).map_err(|e| error(e.error));
    drop(registered);
    drop(committing);
    result
}

mod tree;

pub use tree::write_tree;
#[cfg(test)]
use tree::{move_one, undo};

#[cfg(test)]
mod tests;

//! Writing a tree of files all or nothing (`generate`, `import`, `brief --all`).

#[allow(clippy::wildcard_imports)]
use super::*;

/// Checks that `relative` is a plain relative path (no root, no `..`, nothing empty).
fn check_relative(dir: &Path, relative: &str) -> Result<(), WriteError> {
    let path = Path::new(relative);
    let plain = !relative.is_empty()
        && path
            .components()
            .all(|component| matches!(component, Component::Normal(_)));
    if plain {
        Ok(())
    } else {
        Err(WriteError::refused(
            &dir.join(relative),
            "its path leaves the output directory",
            None,
        ))
    }
}

/// Writes `files` (paths relative to `dir`, contents) all or nothing: every target is checked
/// first (an existing file is replaced only with `force`, and never one of `inputs` or anything
/// but a regular file), the tree is staged in a temporary directory inside `dir`, then moved into
/// place; if a move fails, the files moved so far are put back.
///
/// `confidential`: every file is created 0600, and a file replaced is narrowed to 0600.
pub fn write_tree(
    dir: &Path,
    files: &[(String, Vec<u8>)],
    inputs: &[PathBuf],
    (force, confidential): (bool, bool),
) -> Result<(), WriteError> {
    // 1. Check everything before writing anything.
    check_tree_dir(dir)?;
    let existing = check_tree_targets(dir, files, inputs)?;
    if !existing.is_empty() && !force {
        return Err(refuse_existing(dir, &existing));
    }

    // 2. Stage the whole tree inside `dir`, so that the moves are renames on one file system.
    let created_dir = !dir.exists();
    fs::create_dir_all(dir).map_err(WriteError::io(dir))?;
    let staging = create_registered(
        || {
            tempfile::Builder::new()
                .prefix(TEMP_PREFIX)
                .suffix(TEMP_SUFFIX)
                .tempdir_in(dir)
        },
        tempfile::TempDir::path,
    );
    let (staging, registered) = match staging {
        Ok(staging) => staging,
        Err(error) => {
            if created_dir {
                let _ = fs::remove_dir(dir);
            }
            return Err(WriteError::io(dir)(error));
        }
    };
    let result = stage_and_move(dir, staging.path(), files, confidential);
    drop(staging);
    drop(registered);
    if result.is_err() && created_dir {
        let _ = fs::remove_dir(dir);
    }
    result
}

/// The -o directory of a tree: absent (it is created) or a directory.
fn check_tree_dir(dir: &Path) -> Result<(), WriteError> {
    match fs::metadata(dir) {
        Ok(metadata) if !metadata.is_dir() => Err(WriteError::refused(
            dir,
            format!(
                "it is {}, not a directory",
                concord_core::load::file_kind(metadata.file_type())
            ),
            Some("give a directory with -o (it is created if missing)"),
        )),
        Ok(_) => Ok(()),
        Err(error) if error.kind() == io::ErrorKind::NotFound => Ok(()),
        Err(error) => Err(WriteError::io(dir)(error)),
    }
}

/// Checks every target of a tree (a plain relative name, no two alike, every parent a
/// directory, never an input, a regular file where one exists) and returns those that exist.
fn check_tree_targets(
    dir: &Path,
    files: &[(String, Vec<u8>)],
    inputs: &[PathBuf],
) -> Result<Vec<PathBuf>, WriteError> {
    let mut seen = BTreeSet::new();
    let mut existing = Vec::new();
    let input_set: BTreeSet<PathBuf> = inputs.iter().map(|input| absolute(input)).collect();
    for (relative, _) in files {
        check_relative(dir, relative)?;
        // Two files that differ only in case are one file on some systems.
        if !seen.insert(relative.to_lowercase()) {
            return Err(WriteError::refused(
                &dir.join(relative),
                "two of the files to write have this name",
                None,
            ));
        }
        check_parents(dir, relative)?;
        let target = dir.join(relative);
        match fs::symlink_metadata(&target) {
            Ok(metadata) => {
                if input_set.contains(&absolute(&target)) {
                    return Err(WriteError::OutputIsInput { path: target });
                }
                if metadata.file_type().is_file() {
                    refuse_read_only(&target, &target)?;
                }
                if !metadata.file_type().is_file() {
                    return Err(WriteError::refused(
                        &target,
                        format!(
                            "it is {}, not a regular file",
                            concord_core::load::file_kind(metadata.file_type())
                        ),
                        Some(if metadata.file_type().is_symlink() {
                            "a file is replaced by a new one, never written through a link: \
                             put the file itself in the link's place (or name the link's target \
                             in the scenario), or give another directory"
                        } else {
                            "move it away, or give another directory"
                        }),
                    ));
                }
                existing.push(target);
            }
            Err(error) if error.kind() == io::ErrorKind::NotFound => {}
            Err(error) => return Err(WriteError::io(&target)(error)),
        }
    }
    Ok(existing)
}

/// Refuses a target whose parent (under `dir`) exists and is not a directory.
fn check_parents(dir: &Path, relative: &str) -> Result<(), WriteError> {
    let mut parent = Path::new(relative).parent();
    while let Some(p) = parent.filter(|p| !p.as_os_str().is_empty()) {
        if let Ok(metadata) = fs::symlink_metadata(dir.join(p))
            && !metadata.is_dir()
            && !fs::metadata(dir.join(p)).is_ok_and(|m| m.is_dir())
        {
            return Err(WriteError::refused(
                &dir.join(p),
                format!(
                    "it is {}, where a directory is needed",
                    concord_core::load::file_kind(metadata.file_type())
                ),
                None,
            ));
        }
        parent = p.parent();
    }
    Ok(())
}

/// The refusal to replace files that exist (without `--force`), naming the first five.
fn refuse_existing(dir: &Path, existing: &[PathBuf]) -> WriteError {
    let shown: Vec<String> = existing
        .iter()
        .take(5)
        .map(|path| format!("`{}`", path.display()))
        .collect();
    let more = existing.len().saturating_sub(shown.len());
    WriteError::Refused {
        path: dir.to_owned(),
        reason: format!(
            "{} of its files exist already: {}{}",
            existing.len(),
            shown.join(", "),
            if more > 0 {
                format!(" and {more} more")
            } else {
                String::new()
            }
        ),
        hint: Some(
            "nothing was written; give an empty directory, or --force to replace them".into(),
        ),
    }
}

fn stage_and_move(
    dir: &Path,
    staging: &Path,
    files: &[(String, Vec<u8>)],
    confidential: bool,
) -> Result<(), WriteError> {
    let new = staging.join("new");
    let old = staging.join("old");
    for (relative, contents) in files {
        stop_if_interrupted().map_err(WriteError::io(&dir.join(relative)))?;
        let staged = new.join(relative);
        if let Some(parent) = staged.parent() {
            fs::create_dir_all(parent).map_err(WriteError::io(&dir.join(relative)))?;
        }
        // `fs::write` creates with the umask's mode, as any new file; a confidential one is
        // narrowed before anything is written into it.
        let target = dir.join(relative);
        if confidential {
            create_confidential(&staged).map_err(WriteError::io(&target))?;
        }
        fs::write(&staged, contents).map_err(WriteError::io(&target))?;
    }
    // 3. Move into place; on failure, undo in reverse. A signal from here on waits for the end.
    let _committing = Committing::start();
    stop_if_interrupted().map_err(WriteError::io(dir))?;
    let mut done: Vec<Step> = Vec::new();
    for (relative, _) in files {
        if let Err(error) = move_one(dir, (&new, &old), relative, confidential, &mut done) {
            undo(done);
            return Err(error);
        }
    }
    Ok(())
}

/// Creates `path` empty with mode 0600.
fn create_confidential(path: &Path) -> io::Result<()> {
    let mut options = fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(CONFIDENTIAL_MODE);
    }
    options.open(path).map(drop)
}

/// One thing done while moving a tree into place, undone on failure.
pub(super) enum Step {
    CreatedDir(PathBuf),
    /// An existing file moved aside: (its place, where it waits).
    MovedAside(PathBuf, PathBuf),
    Placed(PathBuf),
}

pub(super) fn move_one(
    dir: &Path,
    (new, old): (&Path, &Path),
    relative: &str,
    confidential: bool,
    done: &mut Vec<Step>,
) -> Result<(), WriteError> {
    let target = dir.join(relative);
    let staged = new.join(relative);
    let io = WriteError::io(&target);
    // Parents, outermost first.
    let mut parents: Vec<&Path> = Path::new(relative)
        .ancestors()
        .skip(1)
        .filter(|p| !p.as_os_str().is_empty())
        .collect();
    parents.reverse();
    for parent in parents {
        let path = dir.join(parent);
        if !path.is_dir() {
            fs::create_dir(&path).map_err(WriteError::io(&path))?;
            done.push(Step::CreatedDir(path));
        }
    }
    if let Ok(metadata) = fs::symlink_metadata(&target) {
        // Replaced (with --force): the new file keeps the old one's mode (a confidential one
        // stays 0600) and owner.
        if let Ok(file) = fs::File::open(&staged) {
            if let Some(mode) = mode_of(&metadata).filter(|_| !confidential) {
                #[cfg(unix)]
                {
                    use std::os::unix::fs::PermissionsExt;
                    let _ = file.set_permissions(fs::Permissions::from_mode(mode));
                }
                #[cfg(not(unix))]
                let _ = mode;
            }
            keep_owner(&file, &metadata);
        }
        let aside = old.join(relative);
        if let Some(parent) = aside.parent() {
            fs::create_dir_all(parent).map_err(WriteError::io(&target))?;
        }
        fs::rename(&target, &aside).map_err(WriteError::io(&target))?;
        done.push(Step::MovedAside(target.clone(), aside));
    }
    fs::rename(&staged, &target).map_err(io)?;
    done.push(Step::Placed(target));
    Ok(())
}

pub(super) fn undo(done: Vec<Step>) {
    for step in done.into_iter().rev() {
        let _ = match step {
            Step::Placed(path) => fs::remove_file(path),
            Step::MovedAside(place, aside) => fs::rename(aside, place),
            Step::CreatedDir(path) => fs::remove_dir(path),
        };
    }
}

//! The write rules, on temporary directories.

use super::*;

fn files(list: &[(&str, &str)]) -> Vec<(String, Vec<u8>)> {
    list.iter()
        .map(|(path, text)| ((*path).to_owned(), text.as_bytes().to_vec()))
        .collect()
}

fn leftovers(dir: &Path) -> Vec<String> {
    fs::read_dir(dir)
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.starts_with(TEMP_PREFIX))
        .collect()
}

#[test]
fn a_tree_is_refused_whole_when_one_file_exists() {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir_all(dir.path().join("b")).unwrap();
    fs::write(dir.path().join("b/two.ron"), "keep me").unwrap();
    let tree = files(&[("a/one.ron", "1"), ("b/two.ron", "2")]);
    let error = write_tree(dir.path(), &tree, &[], (false, false)).unwrap_err();
    assert!(matches!(error, WriteError::Refused { .. }), "{error}");
    assert!(!dir.path().join("a").exists(), "nothing written");
    assert_eq!(
        fs::read_to_string(dir.path().join("b/two.ron")).unwrap(),
        "keep me"
    );
    assert!(leftovers(dir.path()).is_empty());
    write_tree(dir.path(), &tree, &[], (true, false)).unwrap();
    assert_eq!(
        fs::read_to_string(dir.path().join("a/one.ron")).unwrap(),
        "1"
    );
    assert_eq!(
        fs::read_to_string(dir.path().join("b/two.ron")).unwrap(),
        "2"
    );
    assert!(leftovers(dir.path()).is_empty());
}

#[test]
fn a_failed_move_puts_back_what_was_there() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("one.ron"), "old one").unwrap();
    let staging = dir.path().join(".concord-test.tmp");
    fs::create_dir_all(staging.join("new")).unwrap();
    fs::write(staging.join("new/one.ron"), "new one").unwrap();
    // `two.ron` was never staged: its move fails after `one.ron` was placed.
    let mut done = Vec::new();
    move_one(
        dir.path(),
        (&staging.join("new"), &staging.join("old")),
        "one.ron",
        false,
        &mut done,
    )
    .unwrap();
    assert!(
        move_one(
            dir.path(),
            (&staging.join("new"), &staging.join("old")),
            "x/two.ron",
            false,
            &mut done
        )
        .is_err()
    );
    undo(done);
    assert_eq!(
        fs::read_to_string(dir.path().join("one.ron")).unwrap(),
        "old one"
    );
    assert!(!dir.path().join("x").exists());
}

#[test]
fn paths_that_leave_the_directory_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    for bad in ["../escape.ron", "/etc/x.ron", "", "a/../../b.ron"] {
        let error = write_tree(dir.path(), &files(&[(bad, "x")]), &[], (true, false)).unwrap_err();
        assert!(
            matches!(error, WriteError::Refused { .. }),
            "{bad}: {error}"
        );
    }
    assert!(!dir.path().parent().unwrap().join("escape.ron").exists());
}

#[cfg(unix)]
#[test]
fn a_replaced_file_keeps_its_mode_and_a_new_one_gets_the_umask() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let secret = dir.path().join("brief.md");
    fs::write(&secret, "old").unwrap();
    fs::set_permissions(&secret, fs::Permissions::from_mode(0o600)).unwrap();
    write_file(&secret, &[], false, |out| out.write_all(b"new")).unwrap();
    assert_eq!(fs::read_to_string(&secret).unwrap(), "new");
    assert_eq!(
        fs::metadata(&secret).unwrap().permissions().mode() & 0o777,
        0o600
    );

    let fresh = dir.path().join("fresh.md");
    write_file(&fresh, &[], false, |out| out.write_all(b"x")).unwrap();
    let reference = dir.path().join("reference");
    fs::write(&reference, "").unwrap();
    assert_eq!(
        fs::metadata(&fresh).unwrap().permissions().mode() & 0o777,
        fs::metadata(&reference).unwrap().permissions().mode() & 0o777,
        "the same mode as any new file"
    );
    assert!(leftovers(dir.path()).is_empty());
}

#[cfg(unix)]
#[test]
fn a_symbolic_link_stays_a_link_and_its_target_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let real = dir.path().join("real.txt");
    fs::write(&real, "old").unwrap();
    let link = dir.path().join("link.txt");
    std::os::unix::fs::symlink(&real, &link).unwrap();
    write_file(&link, &[], false, |out| out.write_all(b"new")).unwrap();
    assert!(
        fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert_eq!(fs::read_to_string(&real).unwrap(), "new");
    let dangling = dir.path().join("dangling.txt");
    std::os::unix::fs::symlink(dir.path().join("nowhere"), &dangling).unwrap();
    assert!(matches!(
        write_file(&dangling, &[], false, |out| out.write_all(b"x")),
        Err(WriteError::Refused { .. })
    ));
}

#[test]
fn a_directory_is_refused_and_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    let error = write_file(dir.path(), &[], false, |out| out.write_all(b"x")).unwrap_err();
    assert!(error.to_string().contains("refusing"), "{error}");
    assert!(dir.path().is_dir());
    assert!(leftovers(dir.path()).is_empty());
}

#[test]
fn a_failed_render_leaves_the_old_file_and_no_temporary() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("out.txt");
    fs::write(&path, "old").unwrap();
    let error = write_file(&path, &[], false, |out| {
        out.write_all(b"half")?;
        Err(io::Error::other("render failed"))
    })
    .unwrap_err();
    assert!(matches!(error, WriteError::Io { .. }));
    assert_eq!(fs::read_to_string(&path).unwrap(), "old");
    assert!(leftovers(dir.path()).is_empty());
}

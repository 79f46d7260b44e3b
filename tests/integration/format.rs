//! `concord fmt`: one layout for every concord file, comments kept, values unchanged, and files
//! that two people edit at neighbouring cells merge without a conflict.

use std::path::{Path, PathBuf};
use std::process::Output;

use super::succeeded as ok;

use super::concord_in as concord;

fn ron_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            ron_files(&path, out);
        } else if path.extension().is_some_and(|ext| ext == "ron") {
            out.push(path);
        }
    }
}

#[test]
fn formatting_keeps_every_value_and_comment_and_is_idempotent() {
    let mut files = Vec::new();
    for dir in ["scenarios", "positions", "tests/fixtures"] {
        ron_files(Path::new(dir), &mut files);
    }
    let mut formatted_count = 0;
    for file in files {
        let Ok(text) = std::fs::read_to_string(&file) else {
            continue;
        };
        let Ok(original) = ron::from_str::<ron::Value>(&text) else {
            continue;
        };
        let formatted = concord_core::format::format(&text)
            .unwrap_or_else(|e| panic!("{}: {e:?}", file.display()));
        let value: ron::Value = ron::from_str(&formatted)
            .unwrap_or_else(|e| panic!("{}: {e}\n{formatted}", file.display()));
        assert_eq!(value, original, "{}: the values", file.display());
        assert_eq!(
            concord_core::format::format(&formatted).unwrap(),
            formatted,
            "{}: formatting twice changes nothing",
            file.display()
        );
        assert_eq!(
            concord_core::format::comment_count(&formatted).unwrap(),
            concord_core::format::comment_count(&text).unwrap(),
            "{}: every comment kept",
            file.display()
        );
        formatted_count += 1;
    }
    assert!(formatted_count > 100, "{formatted_count} files");
}

#[test]
fn the_bundled_files_are_in_the_layout_and_an_unformatted_one_is_listed() {
    let here = std::env::current_dir().unwrap();
    ok(&concord(&["fmt", "--check"], &here));
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("positions")).unwrap();
    let file = dir.path().join("positions/cept.ron");
    std::fs::write(
        &file,
        "Positions(group: \"CEPT\", conference: \"X\", positions: [Position(item: \"1.1\", stance: Unknown)])\n",
    )
    .unwrap();
    let check = concord(&["fmt", "--check"], dir.path());
    assert_eq!(check.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&check.stdout).contains("positions/cept.ron"));
    ok(&concord(&["fmt"], dir.path()));
    ok(&concord(&["fmt", "--check"], dir.path()));
    // A file that does not scan is refused and left as it is.
    std::fs::write(&file, "Positions(group: \"CEPT\"").unwrap();
    assert_eq!(concord(&["fmt"], dir.path()).status.code(), Some(2));
    assert_eq!(
        std::fs::read_to_string(&file).unwrap(),
        "Positions(group: \"CEPT\""
    );
}

fn git(args: &[&str], dir: &Path) -> Output {
    std::process::Command::new("git")
        .args(args)
        .current_dir(dir)
        .env("GIT_AUTHOR_NAME", "test")
        .env("GIT_AUTHOR_EMAIL", "test@example.org")
        .env("GIT_COMMITTER_NAME", "test")
        .env("GIT_COMMITTER_EMAIL", "test@example.org")
        .output()
        .unwrap()
}

#[test]
fn two_sets_on_neighbouring_items_in_two_branches_merge_cleanly() {
    if std::process::Command::new("git")
        .arg("--version")
        .output()
        .is_err()
    {
        eprintln!("SKIPPED: git is not installed");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    super::copy_wrc27(root);
    for args in [
        &["init", "-q", "-b", "main"][..],
        &["add", "."],
        &["commit", "-q", "-m", "base"],
        &["checkout", "-q", "-b", "one"],
    ] {
        assert!(git(args, root).status.success(), "{args:?}");
    }
    let set = |item: &str, option: &str| {
        ok(&concord(
            &[
                "set",
                "--scenario",
                "scenarios/wrc27.ron",
                "CEPT",
                item,
                "--prefers",
                option,
                "--source",
                "CPG27 minutes (test)",
                "--as-of",
                "2026-03-01",
            ],
            root,
        ))
    };
    set("1.8", "allocations");
    assert!(git(&["commit", "-q", "-am", "1.8"], root).status.success());
    assert!(git(&["checkout", "-q", "main"], root).status.success());
    assert!(git(&["checkout", "-q", "-b", "two"], root).status.success());
    set("1.9", "noc");
    assert!(git(&["commit", "-q", "-am", "1.9"], root).status.success());
    let merge = git(&["merge", "-q", "--no-edit", "one"], root);
    assert!(
        merge.status.success(),
        "{}{}",
        String::from_utf8_lossy(&merge.stdout),
        String::from_utf8_lossy(&merge.stderr)
    );
    let report = ok(&concord(
        &[
            "report",
            "scenarios/wrc27.ron",
            "--items",
            "1.8,1.9",
            "--groups",
            "CEPT",
        ],
        root,
    ));
    assert_eq!(report.matches("preferred by CEPT").count(), 2, "{report}");
    ok(&concord(&["fmt", "--check"], root));
}

/// A file nested 100,000 deep is refused (exit 2, left as it is), never a stack overflow.
#[test]
fn fmt_refuses_a_file_nested_too_deep() {
    let dir = tempfile::tempdir().unwrap();
    let text = format!(
        "Positions(group: \"CEPT\", conference: \"X\", positions: {}{})\n",
        "[".repeat(100_000),
        "]".repeat(100_000)
    );
    let path = dir.path().join("deep.ron");
    std::fs::write(&path, &text).unwrap();
    for args in [vec!["fmt", "deep.ron"], vec!["fmt", "--check", "deep.ron"]] {
        let output = super::concord_in(&args, dir.path());
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        assert!(String::from_utf8_lossy(&output.stderr).contains("deeper than 128 levels"));
    }
    assert_eq!(std::fs::read_to_string(&path).unwrap(), text);
}

/// `fmt` formats each file once, as it really is: `a.ron ./a.ron` is one file, a symbolic link
/// is formatted in its target (the link kept), a path through `..` is written where it leads;
/// and `fmt --check` where there is nothing to check is an error, not a pass.
#[test]
fn fmt_formats_each_real_file_once_and_refuses_to_check_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let work = dir.path().join("d");
    std::fs::create_dir(&work).unwrap();
    let compact = "Positions(group:\"CEPT\",conference:\"X\",positions:[])\n";
    let laid_out =
        "Positions(\n    group: \"CEPT\",\n    conference: \"X\",\n    positions: [],\n)\n";
    for name in ["a.ron", "real.ron", "up.ron"] {
        std::fs::write(work.join(name), compact).unwrap();
    }
    std::os::unix::fs::symlink("real.ron", work.join("link.ron")).unwrap();
    let said = ok(&concord(
        &["fmt", "a.ron", "./a.ron", "link.ron", "../d/up.ron"],
        &work,
    ));
    assert!(said.starts_with("formatted 3 of 3 file(s)"), "{said}");
    for name in ["a.ron", "real.ron", "up.ron"] {
        assert_eq!(
            std::fs::read_to_string(work.join(name)).unwrap(),
            laid_out,
            "{name}"
        );
    }
    assert!(
        std::fs::symlink_metadata(work.join("link.ron"))
            .unwrap()
            .file_type()
            .is_symlink()
    );
    // A link to a file outside the working directory is not followed there: refused, the file
    // left as it is (`fmt positions/` must not rewrite what a link points to elsewhere).
    std::fs::write(dir.path().join("outside.ron"), compact).unwrap();
    std::os::unix::fs::symlink("../outside.ron", work.join("away.ron")).unwrap();
    let away = concord(&["fmt", "away.ron"], &work);
    assert_eq!(away.status.code(), Some(2), "{away:?}");
    assert!(
        String::from_utf8_lossy(&away.stderr).contains("is outside the working directory"),
        "{away:?}"
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join("outside.ron")).unwrap(),
        compact
    );
    std::fs::remove_file(work.join("away.ron")).unwrap();
    let nothing = concord(&["fmt", "--check"], &work);
    assert_eq!(nothing.status.code(), Some(2), "{nothing:?}");
    assert!(
        String::from_utf8_lossy(&nothing.stderr)
            .contains("there is no `scenarios/` or `positions/` here"),
        "{nothing:?}"
    );
}

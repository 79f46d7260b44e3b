//! Hostile input: nothing lost, nothing hangs, nothing crashes. The corpus in
//! `tests/fixtures/hostile/` is replayed case by case; the cases that need a FIFO, a device, a
//! signal, a closed stdout or a large input are made here.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_concord");

/// Runs the binary in `dir`; a run that outlives `limit` is killed and fails the test (a hang).
pub(crate) fn run_in(dir: &Path, args: &[&str], limit: Duration) -> Output {
    let mut child = Command::new(BIN)
        .args(args)
        .current_dir(dir)
        .env_remove("NO_COLOR")
        .env("RUST_BACKTRACE", "1")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary runs");
    let started = Instant::now();
    loop {
        if child.try_wait().expect("wait").is_some() {
            return child.wait_with_output().expect("output");
        }
        if started.elapsed() > limit {
            let _ = child.kill();
            let output = child.wait_with_output().expect("output");
            panic!(
                "concord {args:?} hung (killed after {limit:?}); stderr: {}",
                String::from_utf8_lossy(&output.stderr)
            );
        }
        std::thread::sleep(Duration::from_millis(10));
    }
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// Every file under `dir` with its bytes and permission bits, to compare before and after.
fn snapshot(dir: &Path) -> Vec<(PathBuf, Vec<u8>, u32)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_owned()];
    while let Some(next) = stack.pop() {
        let Ok(entries) = fs::read_dir(&next) else {
            continue;
        };
        for entry in entries {
            let entry = entry.unwrap();
            let path = entry.path();
            let metadata = fs::symlink_metadata(&path).unwrap();
            if metadata.is_dir() {
                stack.push(path);
            } else {
                use std::os::unix::fs::PermissionsExt;
                let bytes = if metadata.is_file() {
                    fs::read(&path).unwrap()
                } else {
                    Vec::new()
                };
                out.push((
                    path.strip_prefix(dir).unwrap().to_owned(),
                    bytes,
                    metadata.permissions().mode(),
                ));
            }
        }
    }
    out.sort();
    out
}

fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        let file_type = entry.file_type().unwrap();
        if file_type.is_symlink() {
            // Links stay links (some cases are about dangling links and loops).
            std::os::unix::fs::symlink(fs::read_link(entry.path()).unwrap(), &target).unwrap();
        } else if file_type.is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), &target).unwrap();
        }
    }
}

fn assert_clean(output: &Output, what: &str) {
    let err = stderr(output);
    assert!(!err.contains("panicked"), "{what}: a panic\n{err}");
    assert!(
        !err.contains("RUST_BACKTRACE"),
        "{what}: a backtrace\n{err}"
    );
    assert!(
        err.lines().all(|line| line.chars().count() <= 2000),
        "{what}: a line of stderr longer than 2,000 characters"
    );
}

/// The corpus: each case directory holds its input files, `args` (one argument a line, run in
/// a copy of the case directory) and `expect` (the exit code, then substrings of stderr). Every
/// case must end in time, never panic, and leave its input files as they were.
#[test]
fn the_hostile_corpus_gives_clear_errors_and_changes_nothing() {
    let corpus = crate::fixtures().join("hostile");
    let mut cases: Vec<PathBuf> = fs::read_dir(&corpus)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.join("args").is_file())
        .collect();
    cases.sort();
    assert!(cases.len() >= 50, "only {} corpus cases", cases.len());
    let mut failures = Vec::new();
    for case in &cases {
        let name = case.file_name().unwrap().to_string_lossy().into_owned();
        let work = tempfile::tempdir().unwrap();
        copy_dir(case, work.path());
        let args_text = fs::read_to_string(case.join("args")).unwrap();
        // One argument a line; an empty line is an empty argument.
        let args: Vec<&str> = args_text.lines().collect();
        let expect_text = fs::read_to_string(case.join("expect")).unwrap();
        let mut expect = expect_text.lines();
        let code: i32 = expect.next().unwrap().trim().parse().unwrap();
        let before = snapshot(work.path());
        let output = run_in(work.path(), &args, Duration::from_secs(60));
        assert_clean(&output, &name);
        let err = stderr(&output);
        if output.status.code() != Some(code) {
            failures.push(format!(
                "{name}: exit {:?}, expected {code}\n{err}",
                output.status.code()
            ));
            continue;
        }
        for wanted in expect.filter(|line| !line.is_empty()) {
            if !err.contains(wanted) {
                failures.push(format!("{name}: stderr lacks `{wanted}`\n{err}"));
            }
        }
        let after = snapshot(work.path());
        if code != 0 {
            // Nothing written: the same files, byte for byte, mode for mode.
            if before != after {
                failures.push(format!("{name}: files changed although the run failed"));
            }
        } else {
            // Whatever was written, no input changed and no temporary was left.
            for (path, bytes, mode) in &before {
                if !after
                    .iter()
                    .any(|(p, b, m)| p == path && b == bytes && m == mode)
                {
                    failures.push(format!("{name}: `{}` changed", path.display()));
                }
            }
        }
        if after
            .iter()
            .any(|(path, _, _)| path.to_string_lossy().contains(".concord-"))
        {
            failures.push(format!("{name}: a temporary file was left behind"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// Runs `args` in `dir` and checks that it is refused: exit 2, `wanted` in stderr, no panic.
fn refused(dir: &Path, args: &[&str], wanted: &str) {
    let output = run_in(dir, args, Duration::from_secs(60));
    let err = stderr(&output);
    assert_eq!(output.status.code(), Some(2), "{args:?}: {err}");
    assert!(err.contains(wanted), "{args:?}: {err}");
    assert_clean(&output, &format!("{args:?}"));
}

fn mkfifo(path: &Path) {
    let status = Command::new("mkfifo").arg(path).status().unwrap();
    assert!(status.success());
}

/// A copy of the base fixture in a temporary directory, laid out as a checkout.
fn checkout() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&crate::fixtures().join("base"), dir.path());
    dir
}

#[test]
fn fifos_and_devices_as_inputs_are_refused_at_once() {
    let dir = checkout();
    mkfifo(&dir.path().join("fifo.ron"));
    // A positions file that is a FIFO, inside the root.
    fs::remove_file(dir.path().join("cept.ron")).unwrap();
    mkfifo(&dir.path().join("cept.ron"));
    let cases: Vec<(Vec<&str>, &str)> = vec![
        (
            vec!["validate", "fifo.ron"],
            "it is a FIFO, not a regular file",
        ),
        (vec!["validate", "/dev/zero"], "it is a character device"),
        (vec!["report", "/dev/urandom"], "it is a character device"),
        (vec!["validate", "."], "it is a directory"),
        (vec!["validate", "scenario.ron"], "`cept.ron`"),
        (
            vec!["report", "scenario.ron", "--overlay", "/dev/zero"],
            "it is a character device",
        ),
        (
            vec!["report", "scenario.ron", "--overlay", "fifo.ron"],
            "it is a FIFO",
        ),
        (
            vec!["import", "decide", "/dev/zero", "-o", "out"],
            "it is a character device",
        ),
        (
            vec!["import", "decide", "fifo.ron", "-o", "out"],
            "it is a FIFO",
        ),
    ];
    for (args, wanted) in cases {
        refused(dir.path(), &args, wanted);
    }
    assert!(!dir.path().join("out").exists());
}

#[test]
fn a_file_larger_than_the_limit_is_refused_while_reading() {
    let dir = checkout();
    // A sparse 65 MiB Decide file: counted while reading, whatever the size says.
    let big = fs::File::create(dir.path().join("big.csv")).unwrap();
    big.set_len(65 << 20).unwrap();
    let output = run_in(
        dir.path(),
        &["import", "decide", "big.csv", "-o", "out"],
        Duration::from_secs(60),
    );
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("more than the 64 MiB"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn output_onto_devices_fifos_and_directories_destroys_nothing() {
    use std::os::unix::fs::FileTypeExt;
    let dir = checkout();
    // /dev/null stays the device (as root, a rename would have replaced it).
    let output = run_in(
        dir.path(),
        &["report", "-o", "/dev/null"],
        Duration::from_secs(60),
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(
        fs::metadata("/dev/null")
            .unwrap()
            .file_type()
            .is_char_device()
    );
    // A FIFO nobody reads: refused at once, not a hang; the FIFO stays.
    let fifo = dir.path().join("out.fifo");
    mkfifo(&fifo);
    let output = run_in(
        dir.path(),
        &["report", "-o", "out.fifo"],
        Duration::from_secs(30),
    );
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    assert!(stderr(&output).contains("no process is reading"));
    assert!(fs::metadata(&fifo).unwrap().file_type().is_fifo());
    // A FIFO with a reader gets the report.
    let reader = std::thread::spawn({
        let fifo = fifo.clone();
        move || fs::read_to_string(fifo).unwrap()
    });
    std::thread::sleep(Duration::from_millis(200));
    let output = run_in(
        dir.path(),
        &["report", "-o", "out.fifo"],
        Duration::from_secs(60),
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(reader.join().unwrap().starts_with("PP-14"));
    assert!(fs::metadata(&fifo).unwrap().file_type().is_fifo());
    // A directory is refused and left alone.
    fs::create_dir(dir.path().join("outdir")).unwrap();
    fs::write(dir.path().join("outdir/keep.txt"), "keep").unwrap();
    let output = run_in(
        dir.path(),
        &["report", "-o", "outdir"],
        Duration::from_secs(60),
    );
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        fs::read_to_string(dir.path().join("outdir/keep.txt")).unwrap(),
        "keep"
    );
}

#[test]
fn output_keeps_the_mode_of_the_file_it_replaces() {
    use std::os::unix::fs::PermissionsExt;
    let dir = checkout();
    let brief = dir.path().join("brief.md");
    fs::write(&brief, "confidential").unwrap();
    fs::set_permissions(&brief, fs::Permissions::from_mode(0o600)).unwrap();
    let output = run_in(
        dir.path(),
        &["brief", "--for", "ATU", "-o", "brief.md"],
        Duration::from_secs(60),
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(
        fs::metadata(&brief).unwrap().permissions().mode() & 0o777,
        0o600
    );
    assert!(fs::read_to_string(&brief).unwrap().contains("ATU"));
    // man and completions honour -o, the same way.
    for args in [
        vec!["man", "-o", "concord.1"],
        vec!["completions", "bash", "-o", "concord.bash"],
    ] {
        let output = run_in(dir.path(), &args, Duration::from_secs(60));
        assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
        assert!(output.stdout.is_empty(), "{args:?} printed to stdout");
        assert!(
            fs::metadata(dir.path().join(args[args.len() - 1]))
                .unwrap()
                .len()
                > 100
        );
    }
}

#[test]
fn multi_file_writes_never_overwrite_and_are_all_or_nothing() {
    // `generate -o .` in a checkout: positions/groups.ron exists.
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir_all(dir.path().join("positions")).unwrap();
    fs::write(dir.path().join("positions/groups.ron"), "mine").unwrap();
    let before = snapshot(dir.path());
    let output = run_in(
        dir.path(),
        &["generate", "-o", "."],
        Duration::from_secs(120),
    );
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    assert!(stderr(&output).contains("--force"), "{}", stderr(&output));
    assert_eq!(snapshot(dir.path()), before, "nothing written");
    let output = run_in(
        dir.path(),
        &["generate", "-o", ".", "--force"],
        Duration::from_secs(120),
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_ne!(
        fs::read_to_string(dir.path().join("positions/groups.ron")).unwrap(),
        "mine"
    );
    let output = run_in(
        dir.path(),
        &["validate", "scenarios/generated.ron"],
        Duration::from_secs(60),
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));

    // brief --all into a directory holding one of its files: refused whole.
    let briefs = checkout();
    fs::create_dir(briefs.path().join("out")).unwrap();
    fs::write(briefs.path().join("out/cept.md"), "mine").unwrap();
    let output = run_in(
        briefs.path(),
        &["brief", "--all", "scenario.ron", "-o", "out"],
        Duration::from_secs(120),
    );
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    let names: Vec<_> = fs::read_dir(briefs.path().join("out")).unwrap().collect();
    assert_eq!(names.len(), 1, "nothing but the user's file");

    // import decide with a bad row writes nothing; --name is a plain file name.
    let decide = crate::fixtures().join("decide");
    let errors = fs::canonicalize(decide.join("errors.csv")).unwrap();
    let quoted = fs::canonicalize(decide.join("quoted.csv")).unwrap();
    let work = tempfile::tempdir().unwrap();
    let output = run_in(
        work.path(),
        &["import", "decide", errors.to_str().unwrap(), "-o", "out"],
        Duration::from_secs(60),
    );
    assert_eq!(output.status.code(), Some(2));
    for name in ["../../escape", "a/b", "", "..", ".hidden"] {
        let output = run_in(
            work.path(),
            &[
                "import",
                "decide",
                quoted.to_str().unwrap(),
                "-o",
                "out",
                "--name",
                name,
            ],
            Duration::from_secs(60),
        );
        assert_eq!(output.status.code(), Some(2), "--name {name:?}");
        assert!(
            stderr(&output).contains("not a plain file name"),
            "{}",
            stderr(&output)
        );
    }
    assert!(
        fs::read_dir(work.path()).unwrap().next().is_none(),
        "nothing written"
    );
}

#[test]
fn generate_refuses_sizes_it_cannot_make_valid() {
    let dir = tempfile::tempdir().unwrap();
    for (flag, value, wanted) in [
        ("--groups", "0", "--groups 0 is out of range"),
        ("--items", "0", "--items 0 is out of range"),
        ("--options", "1", "--options 1 is out of range"),
        ("--options", "65", "--options 65 is out of range"),
        ("--members", "3", "--members 3 is out of range"),
        ("--members", "20000", "--members 20000 is out of range"),
        ("--items", "100001", "--items 100001 is out of range"),
    ] {
        let output = run_in(
            dir.path(),
            &["generate", "-o", "out", flag, value],
            Duration::from_secs(60),
        );
        assert_eq!(output.status.code(), Some(2), "{flag} {value}");
        assert!(stderr(&output).contains(wanted), "{}", stderr(&output));
    }
    assert!(!dir.path().join("out").exists());
}

#[test]
fn an_interrupted_write_leaves_no_temporary_file() {
    // A scenario large enough that writing its JSON report takes a while in a debug build.
    let dir = tempfile::tempdir().unwrap();
    let output = run_in(
        dir.path(),
        &[
            "generate",
            "-o",
            "big",
            "--groups",
            "30",
            "--items",
            "2000",
            "--options",
            "6",
        ],
        Duration::from_secs(300),
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    // Every signal that ends the process by default and can be caught.
    for (name, number) in [("TERM", 15), ("QUIT", 3), ("USR1", 10), ("ALRM", 14)] {
        let mut child = Command::new(BIN)
            .args([
                "report",
                "big/scenarios/generated.ron",
                "--format",
                "json",
                "-o",
                "out.json",
            ])
            .current_dir(dir.path())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let temporary = || {
            fs::read_dir(dir.path())
                .unwrap()
                .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
                .find(|name| name.starts_with(".concord-") && name.ends_with(".tmp"))
        };
        let started = Instant::now();
        let mut seen = None;
        while started.elapsed() < Duration::from_secs(300) {
            if let Some(name) = temporary() {
                seen = Some(name);
                break;
            }
            if child.try_wait().unwrap().is_some() {
                break;
            }
            std::thread::sleep(Duration::from_millis(2));
        }
        let seen = seen.expect("the output is written to a .concord-*.tmp file first");
        let status = Command::new("kill")
            .args([format!("-{name}"), child.id().to_string()])
            .status()
            .unwrap();
        assert!(status.success());
        let status = child.wait().unwrap();
        assert_eq!(
            status.code(),
            Some(128 + number),
            "exits as SIG{name} would"
        );
        assert!(
            !dir.path().join(&seen).exists(),
            "SIG{name}: {seen} was left behind"
        );
        assert!(
            !dir.path().join("out.json").exists(),
            "no half-written output"
        );
    }
}

/// A reader that stops before the help is written (`report --help | head -c1`) is not an error:
/// here the pipe's reading end is closed before concord starts, so every write fails.
#[test]
fn help_into_a_pipe_closed_early_exits_0() {
    let (reader, writer) = std::io::pipe().unwrap();
    drop(reader);
    let output = Command::new(BIN)
        .args(["report", "--help"])
        .stdout(writer)
        .stderr(Stdio::piped())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    assert!(output.stderr.is_empty(), "{output:?}");
}

#[test]
fn a_closed_stdout_is_an_error() {
    let output = Command::new("sh")
        .arg("-c")
        .arg(format!("'{BIN}' report >&-; echo \"exit $?\" >&2"))
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&output.stderr);
    assert!(err.contains("standard output is closed"), "{err}");
    assert!(err.contains("exit 1"), "{err}");
    // While `>/dev/null` is an ordinary place to write.
    let output = Command::new("sh")
        .arg("-c")
        .arg(format!("'{BIN}' report >/dev/null; echo \"exit $?\" >&2"))
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&output.stderr).contains("exit 0"));
    // And so is `/dev/null` opened read-write (`1<>`, Python's `subprocess.DEVNULL`), which
    // looked like a closed stdout once Rust's runtime had filled the gap.
    let output = Command::new("sh")
        .arg("-c")
        .arg(format!("'{BIN}' report 1<>/dev/null; echo \"exit $?\" >&2"))
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&output.stderr);
    assert!(err.contains("exit 0") && !err.contains("closed"), "{err}");
}

#[test]
fn a_scenario_cannot_make_concord_quote_files_outside_its_root() {
    let dir = checkout();
    let scenario = fs::read_to_string(dir.path().join("scenario.ron")).unwrap();
    let hostile = scenario
        .replace(
            r#"private: ["private/cept.ron", "private/apt.ron"]"#,
            r#"private: ["/proc/self/environ", "/etc/shadow", "../../../../etc/passwd", "/etc/cept.ron"]"#,
        )
        .replace(r#"["cept.ron", "#, r#"["cept.link.ron", "#);
    assert_ne!(
        hostile, scenario,
        "the fixture names its private files as expected"
    );
    fs::write(dir.path().join("scenario.ron"), hostile).unwrap();
    // A symbolic link inside the root that points outside it is outside too.
    std::os::unix::fs::symlink("/etc/hostname", dir.path().join("cept.link.ron")).unwrap();
    // For CEPT, so that CEPT's private file would be read: it is outside the root. The others
    // are named after no group, so they are refused before anything could read them.
    let output = Command::new(BIN)
        .args(["validate", "--for", "CEPT", "scenario.ron"])
        .current_dir(dir.path())
        .env("CONCORD_CANARY", "CANARY-ENV-VALUE")
        .output()
        .unwrap();
    let err = stderr(&output);
    assert_eq!(output.status.code(), Some(2), "{err}");
    assert_eq!(err.matches("error[outside-root]").count(), 2, "{err}");
    assert_eq!(err.matches("error[private-file-owner]").count(), 3, "{err}");
    assert!(!err.contains("CANARY-ENV-VALUE"), "{err}");
    assert!(!err.contains("root:"), "{err}");
}

#[test]
fn absurd_numbers_are_usage_errors_not_allocations() {
    let dir = checkout();
    for (args, wanted) in [
        (
            vec!["sweep", "--param", "ATU.flexibility", "--step", "1e-9"],
            "more than 101",
        ),
        (
            vec!["sweep", "--param", "ATU.flexibility", "--step", "NaN"],
            "cannot sweep",
        ),
        (
            vec!["blocs", "--threshold", "NaN"],
            "not a number from 0 to 1",
        ),
        (
            vec!["blocs", "--threshold", "1.5"],
            "not a number from 0 to 1",
        ),
        (vec!["simulate", "--runs", "0"], "out of range"),
        (vec!["simulate", "--runs", "1000000000000"], "out of range"),
        (vec!["--threads", "0", "report"], "give a number of threads"),
    ] {
        refused(dir.path(), &args, wanted);
    }
    // Too many threads are lowered, with a warning, and the answer is the same.
    let many = run_in(
        dir.path(),
        &["--threads", "1024", "report"],
        Duration::from_secs(60),
    );
    let one = run_in(
        dir.path(),
        &["--threads", "1", "report"],
        Duration::from_secs(60),
    );
    assert_eq!(many.status.code(), Some(0));
    assert!(
        stderr(&many).contains("more than 4 per core"),
        "{}",
        stderr(&many)
    );
    assert_eq!(many.stdout, one.stdout);
}

#[test]
fn a_huge_bad_token_gives_a_short_headline() {
    let dir = checkout();
    let token = "x".repeat(5_000_000);
    let cept = fs::read_to_string(dir.path().join("cept.ron")).unwrap();
    let at = cept.find("item: \"").unwrap() + "item: \"".len();
    let end = at + cept[at..].find('"').unwrap();
    fs::write(
        dir.path().join("cept.ron"),
        format!("{}{token}{}", &cept[..at], &cept[end..]),
    )
    .unwrap();
    let output = run_in(
        dir.path(),
        &["validate", "scenario.ron"],
        Duration::from_secs(60),
    );
    assert_eq!(output.status.code(), Some(2));
    let err = stderr(&output);
    assert!(
        err.contains("(5000000 characters)"),
        "{}",
        &err[..err.len().min(3000)]
    );
    assert_clean(&output, "a 5 MB id");
}

#[test]
fn an_output_never_lands_where_the_next_load_reads_a_named_file() {
    // `private/apt.ron` is named by the scenario but absent: writing a report there would make
    // the next load fail on it.
    let dir = checkout();
    let output = run_in(
        dir.path(),
        &["report", "scenario.ron", "-o", "private/apt.ron"],
        Duration::from_secs(60),
    );
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("an input of this run"),
        "{}",
        stderr(&output)
    );
    assert!(!dir.path().join("private/apt.ron").exists());
}

#[test]
fn an_interrupted_tree_leaves_nothing_behind() {
    // `generate` stages its tree in `.concord-*.tmp` inside the directory: a SIGINT while it
    // stages must leave neither the staging directory nor half a scenario. On a loaded machine
    // the run may finish between seeing the staging directory and the signal: that attempt
    // must then have left the whole tree, and another is made, until one is interrupted.
    let mut interrupted = false;
    for _attempt in 0..5 {
        let dir = tempfile::tempdir().unwrap();
        let mut child = Command::new(BIN)
            .args(["generate", "-o", "big", "--groups", "40", "--items", "3000"])
            .current_dir(dir.path())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let big = dir.path().join("big");
        let started = Instant::now();
        let mut staging = false;
        while started.elapsed() < Duration::from_secs(300) {
            staging = fs::read_dir(&big).is_ok_and(|entries| {
                entries
                    .flatten()
                    .any(|entry| entry.file_name().to_string_lossy().starts_with(".concord-"))
            });
            if staging || child.try_wait().unwrap().is_some() {
                break;
            }
            std::thread::sleep(Duration::from_millis(1));
        }
        assert!(
            staging,
            "the tree is staged in a .concord-*.tmp directory first"
        );
        // The signal fails only if the run has already ended, which the exit status shows.
        let _ = Command::new("kill")
            .args(["-INT", &child.id().to_string()])
            .status()
            .unwrap();
        let status = child.wait().unwrap();
        let left: Vec<String> = fs::read_dir(&big)
            .map(|entries| {
                entries
                    .flatten()
                    .map(|entry| entry.file_name().to_string_lossy().into_owned())
                    .collect()
            })
            .unwrap_or_default();
        let whole = left == ["positions", "scenarios"] || left == ["scenarios", "positions"];
        match status.code() {
            // Finished before the signal: the whole tree, nothing else.
            Some(0) => assert!(whole, "{left:?}"),
            Some(code) => {
                assert_eq!(code, 128 + 2, "exits as SIGINT would");
                // Either nothing (the move had not begun) or the whole tree (it had): never a
                // staging directory, never a part.
                assert!(left.is_empty() || whole, "{left:?}");
                interrupted = true;
                break;
            }
            None => panic!("killed by another signal: {status:?}"),
        }
    }
    assert!(interrupted, "no attempt was interrupted while staging");
}

#[test]
fn global_flags_a_command_ignores_are_refused() {
    let dir = checkout();
    for (args, wanted) in [
        (vec!["explain", "syntax", "--set", "x"], "reads none"),
        (
            vec!["completions", "bash", "--overlay", "o.ron"],
            "reads none",
        ),
        (
            vec!["generate", "-o", "g", "--set", "ATU:*=salience:0.5"],
            "reads none",
        ),
        (
            vec!["explain", "syntax", "--fail-on", "contested"],
            "--fail-on contested judges a scenario, and `explain` reads none",
        ),
        (
            vec!["completions", "bash", "--as-of", "2014-01-01"],
            "--as-of replays a scenario at a date, and `completions` reads none",
        ),
        (vec!["report", "--as-of", "2014-13-01"], "is not a date"),
        (vec!["trace", "--runs", "5"], "unexpected argument '--runs'"),
    ] {
        refused(dir.path(), &args, wanted);
    }
    assert!(!dir.path().join("g").exists());
    // Help that cannot be written is an error too.
    let output = Command::new("sh")
        .arg("-c")
        .arg(format!("'{BIN}' --help > /dev/full; echo \"exit $?\" >&2"))
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&output.stderr).contains("exit 1"));
}

/// `-o /dev/stdout` under a shell's `>>` appends: the file the shell opened is written through its
/// descriptor, never replaced by a new one (which lost every earlier line).
#[cfg(unix)]
#[test]
fn output_to_dev_stdout_keeps_what_the_shell_appends_to() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("log.txt");
    fs::write(&file, "an earlier line\n").unwrap();
    let inode = |path: &Path| std::os::unix::fs::MetadataExt::ino(&fs::metadata(path).unwrap());
    let before = inode(&file);
    for target in ["/dev/stdout", "/proc/self/fd/1"] {
        let status = Command::new("sh")
            .arg("-c")
            .arg(format!("\"$0\" report -o {target} >> \"$1\""))
            .arg(BIN)
            .arg(&file)
            .status()
            .unwrap();
        assert!(status.success());
    }
    let text = fs::read_to_string(&file).unwrap();
    assert!(
        text.starts_with("an earlier line\nPP-14"),
        "{}",
        &text[..200]
    );
    assert_eq!(text.matches("PP-14 — Plenipotentiary").count(), 2);
    assert_eq!(inode(&file), before, "the file was replaced");
}

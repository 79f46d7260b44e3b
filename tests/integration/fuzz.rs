//! The fuzz harness's corpus as regression tests, and a short fuzz run (the long one is
//! `cargo run --release --example fuzz -- 1000000`).

#[allow(dead_code)]
#[path = "../../fuzz/fuzz.rs"]
mod harness;

use std::path::Path;

#[test]
fn fuzz_corpus_never_panics() {
    let seeds = harness::seeds();
    let mut entries: Vec<_> = std::fs::read_dir(Path::new("fuzz/corpus"))
        .expect("fuzz/corpus")
        .map(|entry| entry.expect("corpus entry").path())
        .collect();
    entries.sort();
    assert!(!entries.is_empty(), "the corpus is empty");
    for path in entries {
        let (seed, file) = harness::corpus_target(&seeds, &path)
            .unwrap_or_else(|| panic!("{} names no seed file", path.display()));
        let text = std::fs::read(&path).unwrap();
        // The whole pipeline on each: a panic is a regression.
        harness::run_one(&seeds[seed], file, &text, None)
            .unwrap_or_else(|message| panic!("{}: {message}", path.display()));
    }
}

#[test]
fn a_short_fuzz_run_finds_no_panic_and_reaches_valid_inputs() {
    let seeds = harness::seeds();
    let (valid, commands, panics) = harness::fuzz_worker(&seeds, 42, 0, 300);
    assert_eq!(panics, 0);
    // The mutations keep some inputs valid, so the pipeline past validation is exercised.
    assert!(
        valid > 0 && commands >= valid,
        "{valid} valid, {commands} commands"
    );
}

#[test]
fn fifos_devices_directories_and_link_loops_in_place_of_any_file_never_hang_or_panic() {
    let seeds = harness::seeds();
    let files: usize = seeds.iter().map(|seed| seed.files.len()).sum();
    let runs = harness::special_files(&seeds, std::time::Duration::from_secs(60))
        .unwrap_or_else(|message| panic!("{message}"));
    assert_eq!(runs, files * harness::SPECIALS.len());
}

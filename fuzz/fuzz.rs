//! A stable-Rust fuzz harness (cargo-fuzz needs nightly): mutates the files of valid scenarios —
//! bytes and structure — and runs each input through the whole pipeline as the binary would: load
//! and validate, then on success report, matrix, contested, blocs, graph, export, simulate, trace,
//! brief, sensitivity and the Decide export, in every format; on failure the diagnostics are
//! rendered. Any panic is a finding: the input is saved under `fuzz/crashes/` and the harness
//! exits 1.
//!
//! ```text
//! cargo run --release --example fuzz -- [INPUTS] [SEED] [THREADS]
//! ```
//!
//! Before the mutations, every file of each seed is replaced on disk by a FIFO, a directory, a
//! character device, a link to `/dev/urandom` and a link loop, in turn ([`special_files`]): each
//! must end in a clear error, without a hang or a panic.
//!
//! Deterministic for a seed. The seeds are the bundled PP-14 files and a small generated scenario;
//! `fuzz/corpus/` holds inputs worth keeping (each is replayed first, and by the regression test
//! `fuzz_corpus_never_panics`).

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};

use concord::app::{self, ScenarioRef, Settings};
use concord::commands::Command;
use concord_core::generate::{GenerateConfig, generate};
use concord_core::load::MemorySource;
use concord_core::simulate::{Mode, SimConfig};
use concord_print::report::{BriefFormat, GraphFormat, ReportFormat, TableFormat};

/// SplitMix64: small, fast and good enough to choose mutations.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }
}

/// Tokens a RON scenario is made of, and values at the edges of what it accepts.
const TOKENS: &[&str] = &[
    "(",
    ")",
    "[",
    "]",
    "{",
    "}",
    ",",
    ":",
    "\"",
    "//",
    "/*",
    "*/",
    "r#\"",
    "Some(",
    "None",
    "true",
    "-1",
    "0",
    "1",
    "0.0",
    "1.0",
    "1e308",
    "-1e308",
    "NaN",
    "inf",
    "18446744073709551616",
    "0.5",
    "2",
    "255",
    "256",
    "\"\"",
    "\"2014-10-20\"",
    "\"2014-02-30\"",
    "\"9999-99-99\"",
    "\u{0}",
    "é",
    "\u{202e}",
    "\n",
    "Prefers",
    "Accepts",
    "Opposes",
    "RedLine",
    "Unknown",
    "NoProposal",
    "Scale(",
    "Consensus",
    "Majority",
    "Illustrative",
    "Sourced",
    "Estimated",
    "depends_on",
    "options",
    "members",
    "positions",
    "items",
    "CEPT",
    "ATU",
    "FRA",
    "1.1",
    "noc",
];

fn mutate(text: &mut Vec<u8>, donors: &[&[u8]], rng: &mut Rng) {
    for _ in 0..1 + rng.below(4) {
        let len = text.len();
        match rng.below(10) {
            // Flip a byte.
            0 if len > 0 => {
                let at = rng.below(len);
                text[at] ^= 1 << rng.below(8);
            }
            // Delete a range.
            1 if len > 0 => {
                let at = rng.below(len);
                let end = (at + 1 + rng.below(64)).min(len);
                text.drain(at..end);
            }
            // Duplicate a range.
            2 if len > 0 => {
                let at = rng.below(len);
                let end = (at + 1 + rng.below(256)).min(len);
                let copy = text[at..end].to_vec();
                let to = rng.below(text.len() + 1);
                text.splice(to..to, copy);
            }
            // Insert a token.
            3 | 4 => {
                let token = TOKENS[rng.below(TOKENS.len())].as_bytes();
                let to = rng.below(len + 1);
                text.splice(to..to, token.iter().copied());
            }
            // Replace a number with a token (a structured mutation: the file stays RON).
            5 | 6 => {
                let starts: Vec<usize> = (0..len)
                    .filter(|&i| {
                        text[i].is_ascii_digit() && (i == 0 || !text[i - 1].is_ascii_alphanumeric())
                    })
                    .collect();
                if let Some(&at) = starts.get(rng.below(starts.len())) {
                    let end = (at..len)
                        .find(|&i| !(text[i].is_ascii_digit() || text[i] == b'.'))
                        .unwrap_or(len);
                    let token = TOKENS[17 + rng.below(12)].as_bytes();
                    text.splice(at..end, token.iter().copied());
                }
            }
            // Delete, duplicate or swap whole lines (a structured mutation).
            7 | 8 => {
                let lines: Vec<Vec<u8>> = text
                    .split_inclusive(|&b| b == b'\n')
                    .map(<[u8]>::to_vec)
                    .collect();
                if lines.is_empty() {
                    continue;
                }
                let mut lines = lines;
                let a = rng.below(lines.len());
                let b = rng.below(lines.len());
                match rng.below(3) {
                    0 => {
                        lines.remove(a);
                    }
                    1 => {
                        let line = lines[a].clone();
                        lines.insert(b, line);
                    }
                    _ => lines.swap(a, b),
                }
                *text = lines.concat();
            }
            // Splice in a range of another file.
            _ => {
                let donor = donors[rng.below(donors.len())];
                if donor.is_empty() {
                    continue;
                }
                let at = rng.below(donor.len());
                let end = (at + 1 + rng.below(512)).min(donor.len());
                let to = rng.below(len + 1);
                text.splice(to..to, donor[at..end].iter().copied());
            }
        }
    }
}

/// A set of files and the scenario file among them.
pub struct Seed {
    pub files: Vec<(PathBuf, Vec<u8>)>,
    pub scenario: PathBuf,
}

pub fn seeds() -> Vec<Seed> {
    let bundled = Seed {
        files: concord_core::bundled::FILES
            .iter()
            .map(|(path, text)| (PathBuf::from(path), text.as_bytes().to_vec()))
            .collect(),
        scenario: PathBuf::from(concord_core::bundled::DEFAULT_SCENARIO),
    };
    let generated = Seed {
        files: generate(&GenerateConfig {
            groups: 4,
            items: 6,
            options: 3,
            members: 12,
            seed: 7,
        })
        .into_iter()
        .map(|(path, text)| (PathBuf::from(path), text.into_bytes()))
        .collect(),
        scenario: PathBuf::from("scenarios/generated.ron"),
    };
    vec![bundled, generated]
}

/// Validation, then (on a valid scenario) `report --format md` and two more commands of the
/// pipeline picked by `pick` — every command over a run, at a cost a million inputs can afford;
/// `pick: None` runs them all. Returns how many commands succeeded.
pub fn pipeline(source: &MemorySource, scenario: &Path, pick: Option<usize>) -> usize {
    let at = || ScenarioRef::Memory(source.clone(), scenario.to_owned());
    let settings = Settings::default();
    let validate = concord::run(&Command::Validate(at()), &settings);
    if let Err(error) = validate {
        if let app::Error::Invalid(diagnostics) = &error {
            let _ = concord_print::diag_render::render(diagnostics, true);
        }
        let _ = error.to_string();
        return 0;
    }
    let sim = SimConfig {
        runs: 3,
        seed: 1,
        ..SimConfig::default()
    };
    let deterministic = SimConfig {
        mode: Mode::Deterministic,
        ..sim
    };
    let mut commands = Vec::new();
    for format in [
        ReportFormat::Text,
        ReportFormat::Markdown,
        ReportFormat::Json,
    ] {
        commands.push(Command::Report(at(), format));
        commands.push(Command::Simulate(at(), sim, format, Default::default()));
    }
    commands.extend([
        Command::Matrix(at(), TableFormat::Csv),
        Command::Contested(at(), TableFormat::Csv),
        Command::Contested(at(), TableFormat::Text),
        Command::Blocs(at(), ReportFormat::Text),
        Command::Graph(at(), GraphFormat::Dot),
        Command::Graph(at(), GraphFormat::Json),
        Command::Export(at()),
        Command::ExportDecide(at()),
        Command::Simulate(at(), deterministic, ReportFormat::Text, Default::default()),
        Command::Trace {
            scenario: at(),
            config: sim,
            run: 0,
            item: None,
        },
        Command::Sensitivity(at(), SimConfig { runs: 2, ..sim }, ReportFormat::Json),
    ]);
    // A brief for the first group the JSON export names, and every command also for that reader
    // (its confidential parts read) on odd picks.
    let mut for_group = None;
    if let Ok(output) = concord::run(&Command::Export(at()), &settings)
        && let Some(group) = output
            .into_text()
            .split("\"groups\"")
            .nth(1)
            .and_then(|rest| rest.split("\"id\": \"").nth(1))
            .and_then(|rest| rest.split('"').next())
    {
        for_group = Some(Settings {
            read_for: concord_core::load::ReadFor::Reader(group.to_owned()),
            ..Settings::default()
        });
        for format in [BriefFormat::Markdown, BriefFormat::Html, BriefFormat::Json] {
            commands.push(Command::Brief {
                scenario: at(),
                reader: Some(group.to_owned()),
                all_into: None,
                sim: Some(sim),
                format,
            });
        }
    }
    let chosen: Vec<&Command> = match pick {
        None => commands.iter().collect(),
        Some(pick) => vec![
            &commands[2],
            &commands[pick % commands.len()],
            &commands[(pick / commands.len() + 1) % commands.len()],
        ],
    };
    chosen
        .into_iter()
        // Streamed outputs are rendered too: `into_text` runs the stream.
        .filter(|command| {
            let settings = match (&for_group, pick) {
                (Some(reader), Some(pick)) if pick % 2 == 1 => reader,
                _ => &settings,
            };
            concord::run(command, settings)
                .map(app::Output::into_text)
                .is_ok()
        })
        .count()
}

/// Runs the pipeline with file `mutated` of `seed` replaced by `text`: the number of commands that
/// succeeded, or the panic's message.
pub fn run_one(
    seed: &Seed,
    mutated: usize,
    text: &[u8],
    pick: Option<usize>,
) -> Result<usize, String> {
    let mut source = MemorySource::new();
    for (n, (path, original)) in seed.files.iter().enumerate() {
        source.insert(path, if n == mutated { text } else { original });
    }
    catch_unwind(AssertUnwindSafe(|| pipeline(&source, &seed.scenario, pick))).map_err(|payload| {
        payload
            .downcast_ref::<String>()
            .cloned()
            .or_else(|| payload.downcast_ref::<&str>().map(|s| (*s).to_owned()))
            .unwrap_or_else(|| "a panic".into())
    })
}

fn main() {
    let mut args = std::env::args().skip(1);
    let inputs: u64 = args.next().map_or(10_000, |a| a.parse().expect("INPUTS"));
    let seed: u64 = args.next().map_or(1, |a| a.parse().expect("SEED"));
    let threads: u64 = args.next().map_or(2, |a| a.parse().expect("THREADS"));
    if std::env::var_os("FUZZ_VERBOSE").is_none() {
        std::panic::set_hook(Box::new(|_| {}));
    }
    let seeds = seeds();
    let started = std::time::Instant::now();
    // The corpus first, whole pipeline: each file replaces the seed file it is named after.
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/corpus");
    let (mut replayed, mut crashes) = (0u64, 0u64);
    let mut entries: Vec<PathBuf> = std::fs::read_dir(&corpus)
        .into_iter()
        .flatten()
        .flatten()
        .map(|entry| entry.path())
        .collect();
    entries.sort();
    for path in entries {
        let Some((seed_n, file_n)) = corpus_target(&seeds, &path) else {
            continue;
        };
        let text = std::fs::read(&path).expect("corpus file");
        if let Err(message) = run_one(&seeds[seed_n], file_n, &text, None) {
            eprintln!("corpus {} panics: {message}", path.display());
            crashes += 1;
        }
        replayed += 1;
    }
    // Then every file as a FIFO, a directory, a device, a link to /dev/urandom and a link loop.
    match special_files(&seeds, std::time::Duration::from_secs(30)) {
        Ok(runs) => println!(
            "{runs} scenarios with a FIFO, a directory, a device or a link loop in place of one file: no hang, no panic"
        ),
        Err(message) => {
            eprintln!("special files: {message}");
            crashes += 1;
        }
    }
    // Then `threads` workers, each with its own stream of mutations (deterministic per worker).
    let totals: Vec<(u64, u64, u64)> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .map(|worker| {
                let seeds = &seeds;
                let share = inputs / threads + u64::from(worker < inputs % threads);
                scope.spawn(move || fuzz_worker(seeds, seed, worker, share))
            })
            .collect();
        workers
            .into_iter()
            .map(|w| w.join().expect("worker"))
            .collect()
    });
    let (loaded, commands) = totals.iter().fold((0, 0), |a, t| (a.0 + t.0, a.1 + t.1));
    crashes += totals.iter().map(|t| t.2).sum::<u64>();
    println!(
        "{inputs} mutated inputs (+{replayed} from the corpus), seed {seed}, {threads} threads: \
         {loaded} loaded and ran the pipeline ({commands} commands succeeded), {crashes} panics, \
         {:.1?}",
        started.elapsed()
    );
    if crashes > 0 {
        std::process::exit(1);
    }
}

/// One worker's inputs: (valid inputs, commands that succeeded, panics).
pub fn fuzz_worker(seeds: &[Seed], seed: u64, worker: u64, inputs: u64) -> (u64, u64, u64) {
    let donors: Vec<&[u8]> = seeds
        .iter()
        .flat_map(|s| s.files.iter().map(|(_, text)| text.as_slice()))
        .collect();
    let mut rng = Rng(seed ^ worker.wrapping_mul(0xA076_1D64_78BD_642F));
    let (mut loaded, mut commands, mut crashes) = (0u64, 0u64, 0u64);
    let started = std::time::Instant::now();
    for n in 0..inputs {
        let seed_n = rng.below(seeds.len());
        let target = &seeds[seed_n];
        let file_n = rng.below(target.files.len());
        let mut text = target.files[file_n].1.clone();
        mutate(&mut text, &donors, &mut rng);
        match run_one(target, file_n, &text, Some(rng.below(1 << 16))) {
            Ok(0) => {}
            Ok(ok) => {
                loaded += 1;
                commands += ok as u64;
            }
            Err(message) => {
                crashes += 1;
                let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/crashes");
                std::fs::create_dir_all(&dir).expect("fuzz/crashes");
                let name = target.files[file_n].0.to_string_lossy().replace('/', "__");
                let path = dir.join(format!("{seed_n}-{name}~{worker}.{n}"));
                std::fs::write(&path, &text).expect("write the crash");
                eprintln!(
                    "input {worker}.{n}: panic: {message}; saved as {}",
                    path.display()
                );
            }
        }
        if (n + 1) % 50_000 == 0 {
            eprintln!(
                "worker {worker}: {} inputs, {loaded} valid, {crashes} panics, {:.0?}",
                n + 1,
                started.elapsed()
            );
        }
    }
    (loaded, commands, crashes)
}

/// What a file of a scenario is replaced by on disk in [`special_files`].
#[derive(Clone, Copy, Debug)]
pub enum Special {
    /// A FIFO nobody writes to: reading it would wait for ever.
    Fifo,
    /// A directory of the file's name.
    Directory,
    /// A character device (`/dev/zero`'s numbers, made with `mknod` where allowed, else a
    /// symbolic link to `/dev/zero`).
    Zero,
    /// A symbolic link to `/dev/urandom`.
    Urandom,
    /// A symbolic link to itself (a loop).
    Loop,
}

pub const SPECIALS: [Special; 5] = [
    Special::Fifo,
    Special::Directory,
    Special::Zero,
    Special::Urandom,
    Special::Loop,
];

fn make_special(path: &Path, special: Special) -> std::io::Result<()> {
    let shell = |program: &str, args: &[&std::ffi::OsStr]| -> std::io::Result<()> {
        let status = std::process::Command::new(program).args(args).status()?;
        if status.success() {
            Ok(())
        } else {
            Err(std::io::Error::other(format!("{program} failed")))
        }
    };
    match special {
        Special::Fifo => shell("mkfifo", &[path.as_os_str()]),
        Special::Directory => std::fs::create_dir(path),
        Special::Zero => shell(
            "mknod",
            &[path.as_os_str(), "c".as_ref(), "1".as_ref(), "5".as_ref()],
        )
        .or_else(|_| std::os::unix::fs::symlink("/dev/zero", path)),
        Special::Urandom => std::os::unix::fs::symlink("/dev/urandom", path),
        Special::Loop => std::os::unix::fs::symlink(path.file_name().unwrap_or_default(), path),
    }
}

/// Every file of every seed replaced on disk, in turn, by each [`Special`], the scenario loaded
/// from the disk by `validate` and `report` on a thread of its own: each must end within
/// `limit` without a panic. Returns how many were run, or what went wrong.
pub fn special_files(seeds: &[Seed], limit: std::time::Duration) -> Result<usize, String> {
    let mut runs = 0;
    for seed in seeds {
        for (n, (replaced, _)) in seed.files.iter().enumerate() {
            for special in SPECIALS {
                let dir = tempfile::tempdir().map_err(|e| e.to_string())?;
                for (m, (path, text)) in seed.files.iter().enumerate() {
                    let target = dir.path().join(path);
                    std::fs::create_dir_all(target.parent().unwrap_or(dir.path()))
                        .map_err(|e| e.to_string())?;
                    if m == n {
                        make_special(&target, special).map_err(|e| e.to_string())?;
                    } else {
                        std::fs::write(&target, text).map_err(|e| e.to_string())?;
                    }
                }
                let scenario = dir.path().join(&seed.scenario);
                let (send, receive) = std::sync::mpsc::channel();
                std::thread::spawn(move || {
                    let outcome = catch_unwind(AssertUnwindSafe(|| {
                        let settings = Settings::default();
                        for command in [
                            Command::Validate(ScenarioRef::Path(scenario.clone())),
                            Command::Report(
                                ScenarioRef::Path(scenario.clone()),
                                ReportFormat::Text,
                            ),
                        ] {
                            match concord::run(&command, &settings) {
                                Ok(output) => drop(output.into_text()),
                                Err(app::Error::Invalid(diagnostics)) => {
                                    drop(concord_print::diag_render::render(&diagnostics, false));
                                }
                                Err(other) => drop(other.to_string()),
                            }
                        }
                    }));
                    let _ = send.send(outcome.is_ok());
                });
                let what = format!("{} as {special:?}", replaced.display());
                match receive.recv_timeout(limit) {
                    Ok(true) => runs += 1,
                    Ok(false) => return Err(format!("{what}: a panic")),
                    // The stuck thread is left behind; the caller fails.
                    Err(_) => return Err(format!("{what}: no answer within {limit:?}")),
                }
            }
        }
    }
    Ok(runs)
}

/// A corpus file is named `SEED-PATH[~N]` with `/` written `__`, e.g.
/// `0-positions__pp14__atu.ron~1234`: the seed's index, the file it replaces, the input number.
pub fn corpus_target(seeds: &[Seed], path: &Path) -> Option<(usize, usize)> {
    let name = path.file_name()?.to_str()?;
    let name = name.split('~').next()?;
    let (seed_n, file) = name.split_once('-')?;
    let seed_n: usize = seed_n.parse().ok()?;
    let file = file.replace("__", "/");
    let file_n = seeds
        .get(seed_n)?
        .files
        .iter()
        .position(|(p, _)| p == Path::new(&file))?;
    Some((seed_n, file_n))
}

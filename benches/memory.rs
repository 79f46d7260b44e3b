//! The peak heap of each dimension's hard case (issue 28), measured by a counting allocator, each
//! against its target: `cargo bench --bench memory` prints the table the README's limits table
//! quotes, and fails when a case passes its target. Criterion measures time only; this is the
//! memory half of `benches/limits.rs`.

use std::alloc::{GlobalAlloc, Layout, System};
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};

use concord::app::ScenarioRef;
use concord::commands::Command;
use concord_core::load::MemorySource;
use concord_core::simulate::SimConfig;
use concord_print::report::ReportFormat;

mod common;
use common::{SCENARIO, chain, generated, many_groups, settings};

/// The system allocator, counting the bytes held now and the most held since the last reset.
struct Counting;

static NOW: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

fn grew(by: usize) {
    let now = NOW.fetch_add(by, Relaxed) + by;
    PEAK.fetch_max(now, Relaxed);
}

// SAFETY: every call is passed to `System` unchanged; the counters only observe.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            grew(layout.size());
        }
        p
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        let p = unsafe { System.alloc_zeroed(layout) };
        if !p.is_null() {
            grew(layout.size());
        }
        p
    }

    unsafe fn dealloc(&self, p: *mut u8, layout: Layout) {
        unsafe { System.dealloc(p, layout) };
        NOW.fetch_sub(layout.size(), Relaxed);
    }

    unsafe fn realloc(&self, p: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let q = unsafe { System.realloc(p, layout, new_size) };
        if !q.is_null() {
            if new_size >= layout.size() {
                grew(new_size - layout.size());
            } else {
                NOW.fetch_sub(layout.size() - new_size, Relaxed);
            }
        }
        q
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

const MB: usize = 1 << 20;

/// The peak heap above what was held before, while `work` runs.
fn peak_of(work: impl FnOnce()) -> usize {
    let base = NOW.load(Relaxed);
    PEAK.store(base, Relaxed);
    work();
    PEAK.load(Relaxed).saturating_sub(base)
}

/// The bytes of text a source holds.
fn size(files: &[(String, String)]) -> usize {
    files.iter().map(|(_, text)| text.len()).sum()
}

fn source(files: Vec<(String, String)>) -> MemorySource {
    let mut source = MemorySource::new();
    for (path, text) in files {
        source.insert(path, text);
    }
    source
}

/// Runs a command to the end of its output (a stream is written into a sink).
fn run(command: &Command) -> bool {
    match concord::run(command, &settings()) {
        Ok(mut output) => {
            output.write_to(&mut std::io::sink()).expect("a sink");
            true
        }
        Err(_) => false,
    }
}

/// A generated scenario whose agenda is `items` minimal scale items (past the item bound).
fn scale_items(items: usize) -> Vec<(String, String)> {
    let mut files = generated(2, 2);
    for (path, text) in &mut files {
        if path == SCENARIO {
            let start = text.find("    items: [\n").expect("items") + "    items: [\n".len();
            let mut out = text[..start].to_owned();
            for k in 0..items {
                out.push_str(&format!("Item(id:\"s{k}\",title:\"t\",scale:Scale()),\n"));
            }
            out.push_str("    ],\n)\n");
            *text = out;
        }
    }
    files
}

/// A generated scenario of `groups` × `items` whose groups file is copied to `groups` groups
/// and whose agenda is copied to `items` items, with no positions: past the cell bound.
fn cells(groups: usize, items: usize) -> Vec<(String, String)> {
    let mut files = scale_items(items);
    for (path, text) in &mut files {
        if path == "positions/groups.ron" {
            let mut out = String::from("Groups(\n    groups: [\n");
            for k in 0..groups {
                out.push_str(&format!(
                    "Group(id: \"G{k}\", name: \"g\", region: \"r\", membership: Membership(as_of: \"2022-03\", source: Cited(\"t\"), members: [\"S00\"]), rule: Consensus),\n"
                ));
            }
            out.push_str("    ],\n)\n");
            *text = out;
        }
    }
    files
}

/// `fmt`'s hard case: a positions file of `bytes` of compact one-line positions.
fn compact_positions(bytes: usize) -> String {
    let mut text = String::from("Positions(group:\"CEPT\",conference:\"X\",positions:[\n");
    let mut k = 0;
    while text.len() < bytes {
        text.push_str(&format!("Position(item:\"s{k}\",stance:Unknown),\n"));
        k += 1;
    }
    text.push_str("])\n");
    text
}

struct Case {
    name: &'static str,
    input: usize,
    peak: usize,
    target: usize,
}

/// `blocs --format json` on 500 × `copies` groups × `items` items.
fn blocs(name: &'static str, copies: usize, items: usize) -> Case {
    let files = many_groups(copies, items);
    let input = files.total_bytes();
    let blocs = Command::Blocs(
        ScenarioRef::Memory(files, Path::new(SCENARIO).to_owned()),
        ReportFormat::Json,
    );
    Case {
        name,
        input,
        peak: peak_of(|| assert!(run(&blocs))),
        target: 1024 * MB,
    }
}

/// `simulate --runs 10` on 4 groups × 50,000 items.
fn simulate() -> Case {
    let files = generated(4, 50_000);
    let input = size(&files);
    let simulate = Command::Simulate(
        ScenarioRef::Memory(source(files), SCENARIO.into()),
        SimConfig {
            runs: 10,
            ..SimConfig::default()
        },
        ReportFormat::Text,
        concord_print::report::simulation::Shown::default(),
    );
    Case {
        name: "simulate --runs 10, 4 groups × 50,000 items",
        input,
        peak: peak_of(|| assert!(run(&simulate))),
        target: 1024 * MB,
    }
}

/// `report` on 5,000 chained items.
fn chained() -> Case {
    let files = chain();
    let input = files.total_bytes();
    let report = Command::Report(
        ScenarioRef::Memory(files, SCENARIO.into()),
        ReportFormat::Text,
    );
    Case {
        name: "report, 5,000 chained items",
        input,
        peak: peak_of(|| assert!(run(&report))),
        target: 256 * MB,
    }
}

/// `validate` of `files`, which is refused.
fn refused(name: &'static str, files: Vec<(String, String)>, target: usize) -> Case {
    let input = size(&files);
    let validate = Command::Validate(ScenarioRef::Memory(source(files), SCENARIO.into()));
    Case {
        name,
        input,
        peak: peak_of(|| assert!(!run(&validate), "refused")),
        target,
    }
}

/// `fmt`'s layout of a 31 MB file.
fn formatted() -> Case {
    let text = compact_positions(31_000_000);
    Case {
        name: "fmt on a 31 MB file of one-line positions",
        input: text.len(),
        peak: peak_of(|| {
            std::hint::black_box(concord_core::format::format(&text).expect("it scans"));
        }),
        target: 1024 * MB,
    }
}

fn main() {
    // Each case is built, measured and dropped before the next.
    let cases = [
        blocs("blocs --format json, 3,000 groups × 20 items", 6, 20),
        blocs("blocs --format json, 5,000 groups × 2 items", 10, 2),
        simulate(),
        chained(),
        refused(
            "validate 1,000,000 items (refused while read)",
            scale_items(1_000_000),
            256 * MB,
        ),
        refused(
            "validate 5,000 groups × 4,000 items (refused)",
            cells(5000, 4000),
            64 * MB,
        ),
        formatted(),
    ];
    println!("| case | input | peak heap | × input | target |");
    println!("|---|---|---|---|---|");
    let mut over = Vec::new();
    for case in &cases {
        #[allow(clippy::cast_precision_loss)]
        let ratio = case.peak as f64 / case.input.max(1) as f64;
        println!(
            "| {} | {:.1} MB | {:.0} MB | {ratio:.1} | < {} MB |",
            case.name,
            case.input as f64 / MB as f64,
            case.peak as f64 / MB as f64,
            case.target / MB
        );
        if case.peak > case.target {
            over.push(case.name);
        }
    }
    assert!(over.is_empty(), "over their memory targets: {over:?}");
}

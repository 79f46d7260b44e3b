//! The coordinator's table at the target size (50 groups x 5,000 items x 8 options, 193
//! member states): `export table` (the long CSV) and `import table --replace` of that CSV into
//! emptied group files, against `concord export` (the model as JSON) of the same scenario. All
//! three read the scenario from disk, as a user runs them; the output is rendered into a sink.

use std::hint::black_box;
use std::path::{Path, PathBuf};

use criterion::{BatchSize, Criterion, criterion_group, criterion_main};

use concord::app::{ScenarioRef, Settings};
use concord::commands::Command;
use concord::commands::export_table::{Layout, TableFile};
use concord_core::generate::{GenerateConfig, generate};

/// The generated scenario, written under `dir`; its path and each group file's emptied text.
fn scenario(dir: &Path) -> (PathBuf, Vec<(PathBuf, String)>) {
    let mut scenario = None;
    let mut emptied = Vec::new();
    for (path, text) in generate(&GenerateConfig {
        groups: 50,
        items: 5000,
        options: 8,
        members: 193,
        seed: 1,
    }) {
        let target = dir.join(&path);
        std::fs::create_dir_all(target.parent().expect("a parent")).expect("a directory");
        std::fs::write(&target, &text).expect("written");
        if path.starts_with("scenarios") {
            scenario = Some(target);
        } else if let (Some(group), Some(conference)) =
            (quoted(&text, "group: \""), quoted(&text, "conference: \""))
        {
            emptied.push((
                target,
                format!(
                    "Positions(group: \"{group}\", conference: \"{conference}\", positions: [])\n"
                ),
            ));
        }
    }
    assert_eq!(emptied.len(), 50, "a positions file per group");
    (scenario.expect("a scenario file"), emptied)
}

/// The text between `after` and the next `"`.
fn quoted<'a>(text: &'a str, after: &str) -> Option<&'a str> {
    let start = text.find(after)? + after.len();
    text[start..].split('"').next()
}

/// Runs `command` and renders everything it prints into a sink.
fn run(command: &Command, settings: &Settings) -> usize {
    let output = concord::run(command, settings).expect("the command succeeds");
    let mut sink = Counter(0);
    std::io::Write::write_all(&mut sink, output.stdout.as_bytes()).expect("a sink");
    if let Some(stream) = output.stream {
        stream.write_to(&mut sink).expect("a sink");
    }
    sink.0
}

/// A writer that only counts bytes.
struct Counter(usize);

impl std::io::Write for Counter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0 += buf.len();
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

fn bench(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let (path, emptied) = scenario(dir.path());
    let settings = Settings {
        threads: std::thread::available_parallelism().unwrap_or(std::num::NonZeroUsize::MIN),
        ..Settings::default()
    };
    let export = Command::Export(ScenarioRef::Path(path.clone()));
    let export_table = Command::ExportTable {
        scenario: ScenarioRef::Path(path.clone()),
        format: TableFile::Csv,
        layout: Layout::Long,
    };
    // The long CSV the import reads, exported once.
    let csv = dir.path().join("table.csv");
    let table = concord::run(&export_table, &settings)
        .expect("export table")
        .into_text();
    std::fs::write(&csv, table).expect("the table written");
    let import = Command::ImportTable {
        file: csv,
        scenario: path,
        replace: true,
        dry_run: false,
        date: None,
    };

    let mut group = c.benchmark_group("table 50g x 5000i x 8o");
    group.sample_size(10);
    group.bench_function("export (json)", |b| {
        b.iter(|| black_box(run(&export, &settings)));
    });
    group.bench_function("export table (long csv)", |b| {
        b.iter(|| black_box(run(&export_table, &settings)));
    });
    // Each import writes every group's file: they are emptied before it (not timed).
    group.bench_function("import table --replace (long csv)", |b| {
        b.iter_batched(
            || {
                for (file, text) in &emptied {
                    std::fs::write(file, text).expect("emptied");
                }
            },
            |()| black_box(run(&import, &settings)),
            BatchSize::PerIteration,
        );
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);

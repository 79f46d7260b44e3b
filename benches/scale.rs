//! How cost grows with the size of a scenario: load (parse + validate), analyse, render (the
//! report's JSON) and the whole `concord report` (text), on generated scenarios of growing item
//! and group counts (4 options, 60 member states), on the bundled PP-14, and on the issue's
//! target size: 50 groups x 5,000 items x 8 options (193 member states).

use std::hint::black_box;
use std::path::Path;

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};

use concord::app::{ScenarioRef, Settings};
use concord::commands::Command;
use concord_core::analysis::{AnalysisConfig, analyse};
use concord_core::generate::{GenerateConfig, generate};
use concord_core::graph::MembershipGraph;
use concord_core::load::{MemorySource, load_scenario};
use concord_print::report::ReportFormat;

fn source(groups: usize, items: usize) -> (MemorySource, &'static str) {
    source_with(groups, items, 4, 60)
}

fn source_with(
    groups: usize,
    items: usize,
    options: usize,
    members: usize,
) -> (MemorySource, &'static str) {
    let mut source = MemorySource::new();
    for (path, text) in generate(&GenerateConfig {
        groups,
        items,
        options,
        members,
        seed: 1,
    }) {
        source.insert(path, text);
    }
    (source, "scenarios/generated.ron")
}

fn bench(c: &mut Criterion) {
    let mut sizes: Vec<(String, MemorySource, &str)> = Vec::new();
    sizes.push((
        "pp14".into(),
        concord_core::bundled::source(),
        concord_core::bundled::DEFAULT_SCENARIO,
    ));
    for items in [250, 500, 1000] {
        let (s, p) = source(6, items);
        sizes.push((format!("6g x {items}i"), s, p));
    }
    for groups in [12, 24] {
        let (s, p) = source(groups, 250);
        sizes.push((format!("{groups}g x 250i"), s, p));
    }
    let (s, p) = source_with(50, 5000, 8, 193);
    sizes.push(("50g x 5000i x 8o".into(), s, p));
    let mut group = c.benchmark_group("scale");
    group.sample_size(10);
    for (name, source, path) in &sizes {
        let path = Path::new(path);
        group.bench_with_input(BenchmarkId::new("load", name), source, |b, source| {
            b.iter(|| {
                black_box(
                    load_scenario(source, path, &concord_core::load::LoadOptions::default())
                        .expect("valid"),
                )
            });
        });
        let loaded = load_scenario(source, path, &concord_core::load::LoadOptions::default())
            .expect("valid");
        let graph = MembershipGraph::build(&loaded.scenario);
        group.bench_with_input(BenchmarkId::new("analyse", name), &loaded, |b, loaded| {
            b.iter(|| {
                let graph = MembershipGraph::build(&loaded.scenario);
                black_box(analyse(
                    &loaded.scenario,
                    &graph,
                    &AnalysisConfig::default(),
                ))
            });
        });
        let analysis = analyse(&loaded.scenario, &graph, &AnalysisConfig::default());
        group.bench_with_input(
            BenchmarkId::new("render json", name),
            &loaded,
            |b, loaded| {
                b.iter(|| {
                    black_box(concord_print::report::json::report(
                        &loaded.scenario,
                        &analysis,
                        loaded.outcomes.as_ref(),
                    ))
                });
            },
        );
        let command = Command::Report(
            ScenarioRef::Memory(source.clone(), path.to_owned()),
            ReportFormat::Text,
        );
        let settings = Settings {
            threads: std::thread::available_parallelism().unwrap_or(std::num::NonZeroUsize::MIN),
            ..Settings::default()
        };
        group.bench_with_input(BenchmarkId::new("report", name), &command, |b, command| {
            b.iter(|| black_box(concord::run(command, &settings).expect("report")));
        });
    }
    group.finish();
}

/// Loading and rendering N errors in one file: the cost must grow linearly with N (64,000 errors
/// once took 191 s, the renderer reading the whole file per diagnostic).
fn diagnostics(c: &mut Criterion) {
    let mut group = c.benchmark_group("diagnostics");
    group.sample_size(10);
    for n in [4_000, 16_000, 64_000] {
        let mut source = concord_core::bundled::source();
        let atu = "positions/pp14/atu.ron";
        let text = String::from_utf8(
            concord_core::bundled::FILES
                .iter()
                .find(|(path, _)| *path == atu)
                .map(|(_, text)| text.as_bytes().to_vec())
                .expect("the bundled ATU file"),
        )
        .expect("UTF-8");
        let at = text.find("positions: [").expect("a positions list") + "positions: [".len();
        let bad: String = (0..n)
            .map(|k| format!("\n    (item: \"no-such-{k}\", stance: Unknown),"))
            .collect();
        source.insert(atu, format!("{}{bad}{}", &text[..at], &text[at..]));
        let path = Path::new(concord_core::bundled::DEFAULT_SCENARIO);
        group.bench_with_input(
            BenchmarkId::new("load and render", n),
            &source,
            |b, source| {
                b.iter(|| {
                    let diagnostics =
                        load_scenario(source, path, &concord_core::load::LoadOptions::default())
                            .expect_err("unknown items");
                    black_box(concord_print::diag_render::render(&diagnostics, false))
                });
            },
        );
    }
    group.finish();
}

criterion_group!(benches, bench, diagnostics);
criterion_main!(benches);

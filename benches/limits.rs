//! The dimensions of issue 28, each a benchmark with its target (the figures are in the README's
//! limits table):
//!
//! - `report` on 5,000 chained items, nobody stated (target < 0.5 s; it was cubic: 27.8 s);
//! - `report` with a 2,000-line `*:*` overlay on 6 groups × 1,000 items (target < 2 s; 43 s);
//! - `blocs --format json` on 3,000 groups × 20 items (its time; its memory, target < 1 GB, is
//!   in the `memory` benchmark, as criterion measures none).

use std::hint::black_box;
use std::path::Path;

use criterion::{Criterion, criterion_group, criterion_main};

use concord::app::{ScenarioRef, Settings};
use concord::commands::Command;
use concord_core::load::{MemorySource, WhatIf};
use concord_print::report::ReportFormat;

mod common;
use common::{SCENARIO, chain, generated, many_groups, settings};

fn bench(c: &mut Criterion) {
    let mut group = c.benchmark_group("limits");
    group.sample_size(10);

    let report = Command::Report(
        ScenarioRef::Memory(chain(), SCENARIO.into()),
        ReportFormat::Text,
    );
    group.bench_function("report, 5000 chained items", |b| {
        b.iter(|| {
            black_box(
                concord::run(&report, &settings())
                    .map_err(drop)
                    .expect("report"),
            )
        });
    });

    let mut source = MemorySource::new();
    for (path, text) in generated(6, 1000) {
        source.insert(path, text);
    }
    let lines: Vec<String> = (0..2000)
        .map(|k| format!("\"*:*=flexibility:0.{}\"", k % 9 + 1))
        .collect();
    source.insert(
        "overlay.ron",
        format!("Overlay(name: \"big\", set: [{}])\n", lines.join(", ")),
    );
    let report = Command::Report(
        ScenarioRef::Memory(source, SCENARIO.into()),
        ReportFormat::Text,
    );
    let with_overlay = Settings {
        whatifs: vec![WhatIf::Overlay("overlay.ron".into())],
        ..settings()
    };
    group.bench_function("report, 2000-line *:* overlay on 6 x 1000", |b| {
        b.iter(|| {
            black_box(
                concord::run(&report, &with_overlay)
                    .map_err(drop)
                    .expect("report"),
            )
        });
    });

    let blocs = Command::Blocs(
        ScenarioRef::Memory(many_groups(6, 20), Path::new(SCENARIO).to_owned()),
        ReportFormat::Json,
    );
    group.bench_function("blocs json, 3000 groups x 20 items", |b| {
        b.iter(|| {
            // The JSON is a stream: written, or it would never be made.
            let mut output = concord::run(&blocs, &settings())
                .map_err(drop)
                .expect("blocs");
            output.write_to(&mut std::io::sink()).expect("a sink");
            black_box(output)
        });
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);

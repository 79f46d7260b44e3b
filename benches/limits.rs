//! The dimensions of issue 28, each a benchmark with its target (the figures are in the README's
//! limits table):
//!
//! - `report` on 5,000 chained items, nobody stated (target < 0.5 s; it was cubic: 27.8 s);
//! - `report` with a 2,000-line `*:*` overlay on 6 groups × 1,000 items (target < 2 s; 43 s);
//! - `blocs --format json` on 3,000 groups × 20 items (target < 1 GB of memory, which criterion
//!   does not measure: `/usr/bin/time -v` on the same input gives the peak; here its time).

use std::hint::black_box;
use std::path::Path;

use criterion::{Criterion, criterion_group, criterion_main};

use concord::app::{ScenarioRef, Settings};
use concord::commands::Command;
use concord_core::generate::{GenerateConfig, generate};
use concord_core::load::{MemorySource, WhatIf};
use concord_print::report::ReportFormat;

const SCENARIO: &str = "scenarios/generated.ron";

fn generated(groups: usize, items: usize) -> Vec<(String, String)> {
    generate(&GenerateConfig {
        groups,
        items,
        options: 4,
        members: groups.max(60),
        seed: 1,
    })
    .into_iter()
    .map(|(path, text)| (path.clone(), text))
    .collect()
}

fn settings() -> Settings {
    Settings {
        threads: std::thread::available_parallelism().unwrap_or(std::num::NonZeroUsize::MIN),
        ..Settings::default()
    }
}

/// 5,000 items, each depending on the one before, and no positions file.
fn chain() -> MemorySource {
    let mut source = MemorySource::new();
    for (path, mut text) in generated(6, 5000) {
        if path == SCENARIO {
            // One pass: the generator's own dependencies out, one on the item before in.
            let mut out = String::with_capacity(text.len() + 5000 * 40);
            let mut skipping = false;
            for line in text.lines() {
                if skipping {
                    skipping = !line.trim_start().starts_with("],");
                    continue;
                }
                if line.trim_start().starts_with("depends_on: [") {
                    skipping = !line.trim_end().ends_with("],");
                    continue;
                }
                out.push_str(line);
                out.push('\n');
                if let Some(k) = line
                    .trim_start()
                    .strip_prefix("id: \"i")
                    .and_then(|rest| rest.strip_suffix("\","))
                    .and_then(|k| k.parse::<usize>().ok())
                    .filter(|&k| k > 0)
                {
                    out.push_str(&format!("            depends_on: [\"i{}\"],\n", k - 1));
                }
            }
            text = out;
            let start = text.find("positions: [").expect("positions");
            let end = start + text[start..].find(']').expect("a list");
            text = format!("{}positions: []{}", &text[..start], &text[end + 1..]);
        }
        source.insert(path, text);
    }
    source
}

/// 3,000 groups: the 500 a generated scenario may have, each copied five more times.
fn three_thousand_groups() -> MemorySource {
    let mut source = MemorySource::new();
    let files = generated(500, 20);
    let mut extra_paths = Vec::new();
    for (path, text) in &files {
        if let Some(name) = path.strip_prefix("positions/generated/g") {
            let k: usize = name.trim_end_matches(".ron").parse().expect("gNN.ron");
            for copy in 1..6 {
                let id = copy * 500 + k;
                let new_path = format!("positions/generated/g{id:04}.ron");
                let new_text = text.replacen(
                    &format!("group: \"G{k:02}\""),
                    &format!("group: \"G{id:04}\""),
                    1,
                );
                extra_paths.push(format!("\"../{new_path}\""));
                source.insert(new_path, new_text);
            }
        }
    }
    for (path, text) in files {
        let text = if path == "positions/groups.ron" {
            let start = text.find("        Group(").expect("a group");
            let end = text.rfind("    ],").expect("the list's end");
            let one_each = &text[start..end];
            let mut copies = String::new();
            for copy in 1..6 {
                for k in 0..500 {
                    let block_start = one_each.find(&format!("id: \"G{k:02}\"")).expect("G");
                    let open = one_each[..block_start]
                        .rfind("        Group(")
                        .expect("open");
                    let close = open + one_each[open..].find("\n        ),").expect("close") + 11;
                    let id = copy * 500 + k;
                    copies.push_str(&one_each[open..close].replacen(
                        &format!("id: \"G{k:02}\""),
                        &format!("id: \"G{id:04}\""),
                        1,
                    ));
                    copies.push('\n');
                }
            }
            format!("{}{copies}{}", &text[..end], &text[end..])
        } else if path == SCENARIO {
            let start = text.find("positions: [").expect("positions") + "positions: [".len();
            let end = start + text[start..].find(']').expect("a list");
            let list = text[start..end].trim_end().trim_end_matches(',');
            format!(
                "{}{list}, {}{}",
                &text[..start],
                extra_paths.join(", "),
                &text[end..]
            )
        } else {
            text
        };
        source.insert(path, text);
    }
    source
}

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
        ScenarioRef::Memory(three_thousand_groups(), Path::new(SCENARIO).to_owned()),
        ReportFormat::Json,
    );
    group.bench_function("blocs json, 3000 groups x 20 items", |b| {
        b.iter(|| {
            black_box(
                concord::run(&blocs, &settings())
                    .map_err(drop)
                    .expect("blocs"),
            )
        });
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);

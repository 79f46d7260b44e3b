//! The hard cases of the bounds (issue 28), shared by `limits` (time) and `memory` (peak heap).

#![allow(dead_code)] // each benchmark uses its own share

use concord::app::Settings;
use concord_core::generate::{GenerateConfig, generate};
use concord_core::load::MemorySource;

pub const SCENARIO: &str = "scenarios/generated.ron";

pub fn generated(groups: usize, items: usize) -> Vec<(String, String)> {
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

pub fn settings() -> Settings {
    Settings {
        threads: std::thread::available_parallelism().unwrap_or(std::num::NonZeroUsize::MIN),
        ..Settings::default()
    }
}

/// 5,000 items, each depending on the one before, and no positions file.
pub fn chain() -> MemorySource {
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

/// 500 × `copies` groups: the 500 a generated scenario may have, each copied `copies - 1` more
/// times, on `items` items.
pub fn many_groups(copies: usize, items: usize) -> MemorySource {
    let mut source = MemorySource::new();
    let files = generated(500, items);
    let mut extra_paths = Vec::new();
    for (path, text) in &files {
        if let Some(name) = path.strip_prefix("positions/generated/g") {
            let k: usize = name.trim_end_matches(".ron").parse().expect("gNN.ron");
            for copy in 1..copies {
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
            let mut added = String::new();
            for copy in 1..copies {
                for k in 0..500 {
                    let block_start = one_each.find(&format!("id: \"G{k:02}\"")).expect("G");
                    let open = one_each[..block_start]
                        .rfind("        Group(")
                        .expect("open");
                    let close = open + one_each[open..].find("\n        ),").expect("close") + 11;
                    let id = copy * 500 + k;
                    added.push_str(&one_each[open..close].replacen(
                        &format!("id: \"G{k:02}\""),
                        &format!("id: \"G{id:04}\""),
                        1,
                    ));
                    added.push('\n');
                }
            }
            format!("{}{added}{}", &text[..end], &text[end..])
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

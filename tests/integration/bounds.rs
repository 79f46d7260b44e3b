//! Every dimension bounded (issue 28): a scenario past a bound is refused before any work with
//! `out-of-bounds`, and what is within the bounds is served without work out of proportion (the
//! figures are the benchmarks' `benches/limits.rs`; here a run that never ends fails).

use std::time::Duration;

use super::concord_in as concord;
use super::hostile::run_in;

/// A copy of the base fixture in a new directory, `scenario.ron` changed by `edit`.
fn base_with(edit: impl Fn(&str) -> String) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let base = dir.path().join("base");
    std::fs::create_dir_all(base.join("private")).unwrap();
    for sub in ["", "private"] {
        let from = std::path::Path::new("tests/fixtures/base").join(sub);
        for entry in std::fs::read_dir(from).unwrap() {
            let path = entry.unwrap().path();
            if path.is_file() {
                std::fs::copy(&path, base.join(sub).join(path.file_name().unwrap())).unwrap();
            }
        }
    }
    let path = base.join("scenario.ron");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, edit(&text)).unwrap();
    dir
}

/// A groups file of `count` groups of one member each.
fn write_groups(dir: &std::path::Path, count: usize) {
    let group = |k: usize| {
        format!(
            "        Group(id: \"G{k}\", name: \"g\", region: \"r\", membership: Membership(as_of: \"2022-03\", source: Cited(\"t\"), members: [\"AUT\"]), rule: Consensus),\n"
        )
    };
    let groups: String = (0..count).map(group).collect();
    std::fs::write(
        dir.join("base/groups.ron"),
        format!("Groups(\n    groups: [\n{groups}    ],\n)\n"),
    )
    .unwrap();
}

fn refused(dir: &std::path::Path, args: &[&str], said: &str) {
    let output = concord(args, dir);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{args:?}: {stderr}");
    assert!(stderr.contains(said), "{args:?}: {stderr}");
}

#[test]
fn too_many_rounds_over_all_stages_are_refused_at_the_stage_that_passes_the_bound() {
    let dir = base_with(|text| {
        let stages: String = (0..11)
            .map(|k| {
                format!(
                    "        Stage(name: \"round {k}\", kind: RegionalMeeting, start: \"2023-08-{:02}\", end: \"2023-08-{:02}\", rounds: 1000),\n",
                    k + 1,
                    k + 1
                )
            })
            .collect();
        let start = text.find("    stages: [\n").unwrap() + "    stages: [\n".len();
        let end = start + text[start..].find("    ],").unwrap();
        format!("{}{stages}{}", &text[..start], &text[end..])
    });
    refused(
        dir.path(),
        &["--root", ".", "validate", "base/scenario.ron"],
        "11000 rounds, more than the 10000",
    );
}

#[test]
fn too_many_groups_are_refused_before_they_are_read() {
    let dir = base_with(str::to_owned);
    write_groups(dir.path(), 5001);
    refused(
        dir.path(),
        &["--root", ".", "validate", "base/scenario.ron"],
        "5001 groups, more than 5000",
    );
}

/// Groups × items past the cell bound: refused before a cell is built (5,000 groups × 4,000 items
/// from a 0.5 MB scenario took more than 8 GB).
#[test]
fn too_many_cells_are_refused_before_they_are_built() {
    let dir = base_with(|text| {
        let items: String = (0..300)
            .map(|k| format!("        Item(id: \"x{k}\", title: \"t\", scale: Scale()),\n"))
            .collect();
        text.replacen("    items: [\n", &format!("    items: [\n{items}"), 1)
    });
    write_groups(dir.path(), 1000);
    let output = concord(
        &["--root", ".", "validate", "base/scenario.ron"],
        dir.path(),
    );
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("error[out-of-bounds]: the scenario has 1000 groups × "),
        "{stderr}"
    );
    assert!(stderr.contains("more than 250000"), "{stderr}");
    // Refused before the positions are read: their errors (groups the file no longer has) are
    // not reached.
    assert_eq!(stderr.matches("error[").count(), 1, "{stderr}");
}

/// An agenda past the item bound is refused while it is read, at the first item past it: a file
/// of a million items is never held whole (it took 3.4 GB).
#[test]
fn too_many_items_are_refused_while_they_are_read() {
    let dir = base_with(|text| {
        let items: String = (0..100_001)
            .map(|k| format!("Item(id:\"s{k}\",title:\"t\",scale:Scale()),\n"))
            .collect();
        let start = text.find("    items: [\n").unwrap() + "    items: [\n".len();
        format!("{}{items}    ],\n)\n", &text[..start])
    });
    let output = concord(
        &["--root", ".", "validate", "base/scenario.ron"],
        dir.path(),
    );
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(
        output.status.code(),
        Some(2),
        "{}",
        &stderr[..stderr.len().min(2000)]
    );
    assert!(
        stderr.contains(
            "error[too-many-items]: the scenario has more than 100000 agenda items and issues"
        ),
        "{}",
        &stderr[..stderr.len().min(2000)]
    );
    // At the item past the bound: the 100,001st, `s100000`.
    assert!(
        stderr.contains("Item(id:\"s100000\""),
        "{}",
        &stderr[..stderr.len().min(2000)]
    );
}

#[test]
fn a_simulation_past_the_work_bound_is_refused_before_it_starts() {
    let dir = base_with(str::to_owned);
    let started = std::time::Instant::now();
    refused(
        dir.path(),
        &[
            "--root",
            ".",
            "simulate",
            "base/scenario.ron",
            "--runs",
            "100000000",
        ],
        "more than the 5000000000 a simulation may take",
    );
    // Refused, not run: a hundred million runs would take minutes.
    assert!(started.elapsed() < Duration::from_secs(30));
}

/// 5,000 items each depending on the one before, nobody stated: the carry-forward risk is found
/// once per item (it was cubic: 27 s).
#[test]
fn a_long_dependency_chain_is_served() {
    let dir = base_with(|text| {
        let items: String = (0..5000)
            .map(|k| {
                let depends = if k > 0 {
                    format!(" depends_on: [\"c{}\"],", k - 1)
                } else {
                    String::new()
                };
                format!(
                    "        Item(id: \"c{k}\", title: \"chained {k}\",{depends} options: [Option(id: \"noc\", label: \"No change\", action: NOC, status_quo: true), Option(id: \"a\", label: \"A\", action: MOD)]),\n"
                )
            })
            .collect();
        let start = text.find("    items: [\n").unwrap() + "    items: [\n".len();
        let end = start + text[start..].rfind("    ],").unwrap();
        let head = text[..start].replace(
            "positions: [\"cept.ron\", \"citel.ron\", \"apt.ron\", \"atu.ron\"]",
            "positions: []",
        );
        let head = head.replace("    outcomes: \"scenario.outcomes.ron\",\n", "");
        let head = head.replace(
            "    private: [\"private/cept.ron\", \"private/apt.ron\"],\n",
            "",
        );
        format!("{head}{items}{}", &text[end..])
    });
    let output = run_in(
        dir.path(),
        &["--root", ".", "contested", "base/scenario.ron"],
        Duration::from_secs(120),
    );
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

/// Blocs of more than 60 groups: the blocs, and no matrix nobody would read in text.
#[test]
fn a_wide_agreement_matrix_is_left_to_the_json_output() {
    let dir = tempfile::tempdir().unwrap();
    super::succeeded(&concord(
        &[
            "generate",
            "--groups",
            "61",
            "--items",
            "3",
            "--members",
            "61",
            "-o",
            "g",
        ],
        dir.path(),
    ));
    let text = super::succeeded(&concord(
        &["blocs", "g/scenarios/generated.ron"],
        dir.path(),
    ));
    assert!(
        text.contains("agreement matrix of 61 groups not shown"),
        "{text}"
    );
    assert!(text.lines().count() < 20, "{text}");
    let json = super::succeeded(&concord(
        &["blocs", "g/scenarios/generated.ron", "--format", "json"],
        dir.path(),
    ));
    let value: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(value["agreement"].as_object().unwrap().len(), 61);
}

/// A long dependency cycle is named by its ends and its length, on one short line (20,000 items
/// were a 200,000-character line).
#[test]
fn a_long_dependency_cycle_is_named_in_a_short_line() {
    let dir = base_with(|text| {
        let items: String = (0..500)
            .map(|k| {
                format!(
                    "        Item(id: \"c{k}\", title: \"t\", depends_on: [\"c{}\"], scale: Scale()),\n",
                    (k + 1) % 500
                )
            })
            .collect();
        text.replacen("    items: [\n", &format!("    items: [\n{items}"), 1)
    });
    let output = concord(
        &["--root", ".", "validate", "base/scenario.ron"],
        dir.path(),
    );
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains(
            "error[dependency-cycle]: agenda items depend on each other in a cycle: c0 → c1 → "
        ),
        "{stderr}"
    );
    assert!(stderr.contains("→ … (488 more) … → "), "{stderr}");
    assert!(stderr.contains("→ c0 (500 items)"), "{stderr}");
    assert!(
        stderr.lines().all(|line| line.chars().count() < 300),
        "{stderr}"
    );
}

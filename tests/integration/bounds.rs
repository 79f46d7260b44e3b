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
    let group = |k: usize| {
        format!(
            "        Group(id: \"G{k}\", name: \"g\", region: \"r\", membership: Membership(as_of: \"2022-03\", source: Cited(\"t\"), members: [\"AUT\"]), rule: Consensus),\n"
        )
    };
    let groups: String = (0..5001).map(group).collect();
    std::fs::write(
        dir.path().join("base/groups.ron"),
        format!("Groups(\n    groups: [\n{groups}    ],\n)\n"),
    )
    .unwrap();
    refused(
        dir.path(),
        &["--root", ".", "validate", "base/scenario.ron"],
        "5001 groups, more than 5000",
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

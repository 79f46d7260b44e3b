//! Import and export of the Decide format, on the peer files in `../shared/peers/`.

use std::path::Path;

use concord::analysis::{AnalysisConfig, Compromise, analyse};
use concord::graph::PositionGraph;
use concord::load::{FsSource, load_scenario};
use concord::model::{Scenario, Stance};

const PEERS: &str = "../shared/peers";

fn concord(args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_concord"))
        .args(args)
        .output()
        .expect("the binary runs")
}

fn import(file: &Path, dir: &Path, name: &str) -> Scenario {
    let output = concord(&[
        "import",
        "decide",
        file.to_str().unwrap(),
        "-o",
        dir.to_str().unwrap(),
        "--name",
        name,
    ]);
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    load_scenario(&FsSource, &dir.join(format!("scenarios/{name}.ron")))
        .unwrap_or_else(|d| panic!("{}", concord::diag::render(&d, false)))
        .scenario
}

#[test]
fn every_cop21_compromise_point_is_the_weighted_mean_of_the_files_rows() {
    let dir = tempfile::tempdir().unwrap();
    let file = Path::new(PEERS).join("decide-cop21.csv");
    let scenario = import(&file, dir.path(), "cop21");
    assert_eq!(scenario.items.len(), 13);
    assert_eq!(scenario.groups.len(), 15);
    // Σ x·s·p / Σ s·p per issue, straight from the file.
    let mut sums: std::collections::BTreeMap<String, (f64, f64)> = Default::default();
    for line in std::fs::read_to_string(&file).unwrap().lines() {
        let fields: Vec<&str> = line
            .split('\t')
            .map(|f| f.trim().trim_matches('\''))
            .collect();
        if fields[0] == "#D" {
            let (x, s, p): (f64, f64, f64) = (
                fields[3].parse().unwrap(),
                fields[4].parse().unwrap(),
                fields[5].parse().unwrap(),
            );
            let entry = sums.entry(fields[2].to_owned()).or_default();
            entry.0 += x * s * p;
            entry.1 += s * p;
        }
    }
    let graph = PositionGraph::build(&scenario);
    let analysis = analyse(&scenario, &graph, &AnalysisConfig::default());
    assert_eq!(sums.len(), 13);
    for item in &analysis.items {
        let (weighted, total) = sums[item.item.as_str()];
        let Compromise::Scale {
            point: Some(point), ..
        } = item.compromise
        else {
            panic!("{}", item.item)
        };
        assert!(
            (point - weighted / total).abs() < 1e-9,
            "{}: {point} vs {}",
            item.item,
            weighted / total
        );
    }
    // And `concord report` prints it.
    let report = concord(&[
        "report",
        dir.path().join("scenarios/cop21.ron").to_str().unwrap(),
    ]);
    assert!(String::from_utf8_lossy(&report.stdout).contains("compromise         point"));
}

#[test]
fn a_file_with_bad_rows_is_refused_whole_with_every_line_named() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let file = Path::new(PEERS).join("decide-copenhagen-with-errors.csv");
    let output = concord(&[
        "--color",
        "never",
        "import",
        "decide",
        file.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(output.status.code(), Some(2));
    let err = String::from_utf8_lossy(&output.stderr);
    assert!(
        err.contains("decide-copenhagen-with-errors.csv:86:1"),
        "{err}"
    );
    assert!(
        err.contains("the position 160 is outside the 0-100 scale"),
        "{err}"
    );
    assert!(
        err.contains("decide-copenhagen-with-errors.csv:87:1"),
        "{err}"
    );
    assert!(err.contains("the power -0.247 is outside 0-1"), "{err}");
    assert!(!out.exists(), "nothing was written");
}

#[test]
fn import_export_import_is_the_identity_on_what_the_format_holds() {
    let dir = tempfile::tempdir().unwrap();
    let first = import(
        &Path::new(PEERS).join("decide-copenhagen.csv"),
        &dir.path().join("a"),
        "copenhagen",
    );
    let exported = concord(&[
        "export",
        dir.path()
            .join("a/scenarios/copenhagen.ron")
            .to_str()
            .unwrap(),
        "--format",
        "decide",
    ]);
    assert_eq!(exported.status.code(), Some(0));
    let file = dir.path().join("copenhagen.csv");
    std::fs::write(&file, &exported.stdout).unwrap();
    let second = import(&file, &dir.path().join("b"), "copenhagen");
    let summary = |s: &Scenario| {
        let mut out = Vec::new();
        for group in s.groups.values() {
            out.push(format!(
                "{} {} {:?}",
                group.id,
                group.name,
                concord::analysis::capability_of(s, group)
            ));
            for item in s.items.values() {
                let cell = s.cell(&group.id, &item.id);
                if let Stance::Scale(scale) = &cell.stance {
                    out.push(format!(
                        "{} {} {} {}",
                        group.id, item.id, scale.at, cell.salience.value
                    ));
                }
            }
        }
        for item in s.items.values() {
            out.push(format!(
                "{} {} {:?}",
                item.id,
                item.title,
                match &item.kind {
                    concord::model::ItemKind::Scale(scale) => scale.anchors.clone(),
                    _ => Vec::new(),
                }
            ));
        }
        out
    };
    assert_eq!(summary(&first), summary(&second));
    assert!(summary(&first).len() > 80);
}

//! Import and export of the Decide format, on the synthetic Decide files in
//! `tests/fixtures/decide/` (quoted and unquoted styles, comments, metadata, every error class).

use std::path::Path;

use concord_core::analysis::{AnalysisConfig, Compromise, analyse};
use concord_core::graph::MembershipGraph;
use concord_core::load::{FsSource, load_scenario};
use concord_core::model::{Scenario, Stance};

const DECIDE: &str = "tests/fixtures/decide";

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
    load_scenario(
        &FsSource,
        &dir.join(format!("scenarios/{name}.ron")),
        &concord_core::load::LoadOptions::default(),
    )
    .unwrap_or_else(|d| panic!("{}", concord_print::diag_render::render(&d, false)))
    .scenario
}

#[test]
fn every_compromise_point_is_the_weighted_mean_of_the_files_rows() {
    let dir = tempfile::tempdir().unwrap();
    let file = Path::new(DECIDE).join("quoted.csv");
    let scenario = import(&file, dir.path(), "quoted");
    assert_eq!(scenario.items.len(), 4);
    assert_eq!(scenario.groups.len(), 6);
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
    let graph = MembershipGraph::build(&scenario);
    let analysis = analyse(&scenario, &graph, &AnalysisConfig::default());
    assert_eq!(sums.len(), 4);
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
        dir.path().join("scenarios/quoted.ron").to_str().unwrap(),
    ]);
    assert!(String::from_utf8_lossy(&report.stdout).contains("compromise         point"));
}

#[test]
fn a_file_with_bad_rows_is_refused_whole_with_every_line_named() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let file = Path::new(DECIDE).join("errors.csv");
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
    // Every bad line (10 to 24) is named, each with what is wrong; no good line (1 to 9) is.
    let expected = [
        (10, "actor `alpha` is declared twice"),
        (11, "issue `one` is declared twice"),
        (
            12,
            "`#M` names issue `two`, not declared by a `#P` row above",
        ),
        (13, "the point 150 is outside the 0-100 scale"),
        (14, "the point `lots` is not a number"),
        (15, "actor `gamma` is not declared by an `#A` row above"),
        (16, "issue `three` is not declared by a `#P` row above"),
        (17, "`alpha` has a second position on `one`"),
        (18, "the position 160 is outside the 0-100 scale"),
        (19, "the salience 1.5 is outside 0-1"),
        (20, "the power -0.247 is outside 0-1"),
        (21, "the position `sixty` is not a number"),
        (22, "a `#D` row has too few fields (3)"),
        (23, "`#X` is not a Decide record"),
        (24, "the position `NaN` is not a number"),
    ];
    for (line, message) in expected {
        assert!(
            err.contains(&format!("errors.csv:{line}:1")),
            "line {line}: {err}"
        );
        assert!(err.contains(message), "{message}: {err}");
    }
    for line in 1..10 {
        assert!(
            !err.contains(&format!("errors.csv:{line}:1")),
            "line {line}: {err}"
        );
    }
    assert!(!out.exists(), "nothing was written");
}

#[test]
fn the_unquoted_style_with_a_bom_crlf_and_spaces_in_ids_imports() {
    let dir = tempfile::tempdir().unwrap();
    let scenario = import(&Path::new(DECIDE).join("unquoted.csv"), dir.path(), "plain");
    let groups: Vec<&str> = scenario.groups.keys().map(|g| g.as_str()).collect();
    assert_eq!(groups, ["GROUP_ONE", "GROUP_TWO", "SMALL_STATES", "OTHERS"]);
    let items: Vec<&str> = scenario.items.keys().map(|i| i.as_str()).collect();
    assert_eq!(items, ["Emission_targets", "Monitoring", "Funding"]);
    let cell = scenario.cell("SMALL_STATES", "Funding");
    assert!(matches!(cell.stance, Stance::Scale(_)), "{:?}", cell.stance);
}

#[test]
fn import_export_import_is_the_identity_on_what_the_format_holds() {
    let dir = tempfile::tempdir().unwrap();
    let first = import(
        &Path::new(DECIDE).join("quoted.csv"),
        &dir.path().join("a"),
        "roundtrip",
    );
    let exported = concord(&[
        "export",
        dir.path()
            .join("a/scenarios/roundtrip.ron")
            .to_str()
            .unwrap(),
        "--format",
        "decide",
    ]);
    assert_eq!(exported.status.code(), Some(0));
    let file = dir.path().join("roundtrip.csv");
    std::fs::write(&file, &exported.stdout).unwrap();
    let second = import(&file, &dir.path().join("b"), "roundtrip");
    let summary = |s: &Scenario| {
        let mut out = Vec::new();
        for group in s.groups.values() {
            out.push(format!(
                "{} {} {:?}",
                group.id,
                group.name,
                concord_core::analysis::capability_of(s, group)
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
                    concord_core::model::ItemKind::Scale(scale) => scale.anchors.clone(),
                    _ => Vec::new(),
                }
            ));
        }
        out
    };
    assert_eq!(summary(&first), summary(&second));
    assert!(summary(&first).len() > 30);
}

#[test]
fn a_scenario_with_member_count_capabilities_exports_and_imports_back() {
    // The base fixture's capabilities are member counts (above 1): the export scales them into
    // Decide's 0-1, keeping their ratios, so the import accepts them.
    let dir = tempfile::tempdir().unwrap();
    let exported = concord(&[
        "export",
        "--format",
        "decide",
        "tests/fixtures/base/scenario.ron",
    ]);
    assert_eq!(exported.status.code(), Some(0));
    let file = dir.path().join("base.csv");
    std::fs::write(&file, &exported.stdout).unwrap();
    let scenario = import(&file, &dir.path().join("out"), "base");
    let capabilities: Vec<f64> = scenario
        .groups
        .values()
        .map(|group| concord_core::analysis::capability_of(&scenario, group))
        .collect();
    assert!(
        capabilities.iter().all(|c| (0.0..=1.0).contains(c)),
        "{capabilities:?}"
    );
    assert!(
        capabilities.contains(&1.0),
        "the largest becomes 1: {capabilities:?}"
    );
}

/// The Decide importer keeps every byte of a quoted field or refuses it at its line, refuses two
/// labels on one whole point, and says "too many actors" past 5,000 (the groups a scenario may have); a quote survives the round
/// trip through `export --format decide`.
#[test]
fn decide_import_loses_nothing_silently() {
    let dir = tempfile::tempdir().unwrap();
    let run = |file: &str, text: &str| {
        std::fs::write(dir.path().join(file), text).unwrap();
        super::concord_in(
            &["import", "decide", file, "-o", &format!("out-{file}")],
            dir.path(),
        )
    };
    let stderr =
        |output: &std::process::Output| String::from_utf8_lossy(&output.stderr).into_owned();
    let tab = run(
        "tab.dec",
        "#A\tA1\t'Name with\ttab'\n#A\tA2\tOther\n#P\tP1\tIssue\n#D\tA1\tP1\t20\t0.5\t1\n",
    );
    assert_eq!(tab.status.code(), Some(2));
    assert!(
        stderr(&tab).contains("tab.dec:1:1") && stderr(&tab).contains("U+0009"),
        "{}",
        stderr(&tab)
    );
    let labels = run(
        "labels.dec",
        "#A\tA1\tOne\n#P\tP1\tIssue\n#M\tP1\t10.2\tlow\n#M\tP1\t10.4\tlower\n#D\tA1\tP1\t20\t0.5\t1\n",
    );
    assert_eq!(labels.status.code(), Some(2));
    assert!(
        stderr(&labels).contains("labels.dec:4:1"),
        "{}",
        stderr(&labels)
    );
    // One actor past the group bound: said once, at its line, and its rows not again.
    let many: String = (0..5001)
        .map(|k| format!("#A\tA{k}\tActor {k}\n"))
        .collect();
    let rows: String = (0..5001)
        .map(|k| format!("#D\tA{k}\tP1\t20\t0.5\t1\n"))
        .collect();
    let too_many = run("many.dec", &format!("{many}#P\tP1\tIssue\n{rows}"));
    assert_eq!(too_many.status.code(), Some(2));
    let said = stderr(&too_many);
    assert_eq!(said.matches("more than 5000 actors").count(), 1, "{said}");
    assert!(said.contains("many.dec:5001:1"), "{said}");
    assert_eq!(said.matches("error[").count(), 1, "{said}");
    let quoted = run(
        "quote.dec",
        "#A\tA1\t'Côte d''Ivoire'\n#A\tA2\tOther\n#P\tP1\tIssue\n#D\tA1\tP1\t20\t0.5\t1\n#D\tA2\tP1\t80\t0.5\t1\n",
    );
    super::succeeded(&quoted);
    let export = super::succeeded(&super::concord_in(
        &[
            "export",
            "out-quote.dec/scenarios/quote.ron",
            "--format",
            "decide",
        ],
        dir.path(),
    ));
    assert!(export.contains("'Côte d''Ivoire'"), "{export}");
    // Two issues whose ids make one item id: the second gets `_2`, and each keeps its positions.
    let clash = run(
        "clash.dec",
        "#A\tA1\tOne\n#P\t'fin x'\tFin\n#P\tfin_x\tFin2\n#D\tA1\t'fin x'\t100\t0.5\t1\n#D\tA1\tfin_x\t20\t0.5\t1\n",
    );
    super::succeeded(&clash);
    let matrix = super::succeeded(&super::concord_in(
        &[
            "matrix",
            "out-clash.dec/scenarios/clash.ron",
            "--format",
            "csv",
        ],
        dir.path(),
    ));
    assert!(
        matrix.contains("fin_x,") && matrix.contains("fin_x_2,"),
        "{matrix}"
    );
}

//! Snapshots of rendered output: review every change to them, never bless blindly.

use std::path::Path;

use concord::app::{ScenarioRef, Settings};
use concord::commands::Command;

use concord_core::load::{FsSource, MemorySource, Overlay, load_scenario};
use concord_print::report::{GraphFormat, ReportFormat, TableFormat};

/// Several problems across three files, reported in one run.
#[test]
fn all_problems_across_files_are_reported_at_once() {
    let mut top = MemorySource::new();
    top.insert(
        "tests/fixtures/base/atu.ron",
        r#"// ATU with three problems
Positions(
    group: "ATU",
    conference: "TEST-23",
    positions: [
        Position(
            item: "1.3",
            stance: NoProposal,
            provenance: Illustrative(note: "x"),
        ),
        Position(
            item: "1.1",
            stance: Options(prefers: "noc", accepts: ["a", "noc"], opposes: ["a"]),
            salience: Estimated(1.5),
            provenance: Illustrative(note: "x"),
        ),
    ],
)
"#,
    );
    top.insert(
        "tests/fixtures/base/apt.ron",
        "Positions(group: \"apt\", conference: \"TEST-23\", positions: [])\n",
    );
    let overlay = Overlay {
        top,
        base: &FsSource,
    };
    let diagnostics = load_scenario(
        &overlay,
        Path::new("tests/fixtures/base/scenario.ron"),
        &concord_core::load::LoadOptions::default(),
    )
    .expect_err("the overlay has errors");
    insta::assert_snapshot!(concord_print::diag_render::render(&diagnostics, false));
}

/// The stdout of a command that must succeed.
fn stdout(command: &Command) -> String {
    concord::run(command, &Settings::default())
        .expect("the command succeeds")
        .into_text()
}

#[test]
fn the_bundled_validate_summary() {
    insta::assert_snapshot!(stdout(&Command::Validate(ScenarioRef::Bundled)));
}

/// Every format of every analysis command on the bundled PP-14 scenario.
#[test]
fn every_format_on_pp14() {
    use ReportFormat::{Json, Markdown, Text};
    let bundled = || ScenarioRef::Bundled;
    let cases: Vec<(&str, Command)> = vec![
        ("report-text", Command::Report(bundled(), Text)),
        ("report-md", Command::Report(bundled(), Markdown)),
        ("report-json", Command::Report(bundled(), Json)),
        ("matrix-text", Command::Matrix(bundled(), TableFormat::Text)),
        (
            "matrix-md",
            Command::Matrix(bundled(), TableFormat::Markdown),
        ),
        ("matrix-json", Command::Matrix(bundled(), TableFormat::Json)),
        ("matrix-csv", Command::Matrix(bundled(), TableFormat::Csv)),
        (
            "contested-text",
            Command::Contested(bundled(), TableFormat::Text),
        ),
        (
            "contested-md",
            Command::Contested(bundled(), TableFormat::Markdown),
        ),
        (
            "contested-json",
            Command::Contested(bundled(), TableFormat::Json),
        ),
        (
            "contested-csv",
            Command::Contested(bundled(), TableFormat::Csv),
        ),
        ("blocs-text", Command::Blocs(bundled(), Text)),
        ("blocs-md", Command::Blocs(bundled(), Markdown)),
        ("blocs-json", Command::Blocs(bundled(), Json)),
        ("export-json", Command::Export(bundled())),
    ];
    for (name, command) in cases {
        let printed = stdout(&command);
        if name.ends_with("-csv") {
            // insta compares lines, not line ends: RFC 4180's CRLF is pinned here.
            assert!(printed.ends_with("\r\n"), "{name}");
            assert_eq!(
                printed.matches('\n').count(),
                printed.matches("\r\n").count(),
                "{name}: a line ends without CR"
            );
        }
        insta::assert_snapshot!(format!("pp14-{name}"), printed);
    }
}

#[test]
fn the_report_of_the_base_fixture() {
    // Tallies, a scale item, confidential parts, a member state, conditions: the base fixture
    // exercises what PP-14 does not.
    insta::assert_snapshot!(stdout(&Command::Report(
        ScenarioRef::Path("tests/fixtures/base/scenario.ron".into()),
        ReportFormat::Text,
    )));
}

#[test]
fn the_dot_graph_of_the_base_fixture() {
    insta::assert_snapshot!(stdout(&Command::Graph(
        ScenarioRef::Path("tests/fixtures/base/scenario.ron".into()),
        GraphFormat::Dot,
    )));
}

#[test]
fn a_syntax_error_points_at_the_character() {
    let mut source = MemorySource::new();
    source.insert(
        "s.ron",
        "Scenario(\n    conference: \"X\"\n    name: \"Y\",\n)\n",
    );
    let diagnostics = load_scenario(
        &source,
        Path::new("s.ron"),
        &concord_core::load::LoadOptions::default(),
    )
    .expect_err("syntax error");
    insta::assert_snapshot!(concord_print::diag_render::render(&diagnostics, false));
}

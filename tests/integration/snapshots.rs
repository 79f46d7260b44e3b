//! Snapshots of rendered output: review every change to them, never bless blindly.

use std::path::Path;

use concord::app::{Command, ScenarioRef, Settings};
use concord::diag;
use concord::load::{FsSource, MemorySource, Overlay, load_scenario};
use concord::report::GraphFormat;

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
    let diagnostics = load_scenario(&overlay, Path::new("tests/fixtures/base/scenario.ron"))
        .expect_err("the overlay has errors");
    insta::assert_snapshot!(diag::render(&diagnostics, false));
}

/// The stdout of a command that must succeed.
fn stdout(command: &Command) -> String {
    let settings = Settings {
        threads: std::num::NonZeroUsize::MIN,
    };
    concord::app::run(command, &settings)
        .expect("the command succeeds")
        .stdout
}

#[test]
fn the_bundled_report_summary() {
    insta::assert_snapshot!(stdout(&Command::Report(ScenarioRef::Bundled)));
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
    let diagnostics = load_scenario(&source, Path::new("s.ron")).expect_err("syntax error");
    insta::assert_snapshot!(diag::render(&diagnostics, false));
}

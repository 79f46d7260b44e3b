//! The README does not lie: its RON examples parse as the file types they show, and it documents
//! every diagnostic code and the two set-up commands.

use concord::load::parse_str;
use concord::load::raw::{
    GroupsFile, OutcomesFile, PositionsFile, PrivateFile, ScenarioFile, StatesFile,
};

fn readme() -> String {
    std::fs::read_to_string("README.md").expect("README.md at the package root")
}

#[test]
fn every_ron_example_in_the_readme_parses() {
    let readme = readme();
    let mut checked = 0;
    for block in readme.split("```ron\n").skip(1) {
        let example = block.split("```").next().unwrap();
        let kind = example.trim_start().split('(').next().unwrap().trim();
        let result = match kind {
            "Scenario" => parse_str::<ScenarioFile>(example).map(drop),
            "States" => parse_str::<StatesFile>(example).map(drop),
            "Groups" => parse_str::<GroupsFile>(example).map(drop),
            "Positions" => parse_str::<PositionsFile>(example).map(drop),
            "Private" => parse_str::<PrivateFile>(example).map(drop),
            "Outcomes" => parse_str::<OutcomesFile>(example).map(drop),
            "Overlay" => parse_str::<concord::load::whatif::OverlayFile>(example).map(drop),
            other => panic!("an example of unknown kind `{other}`"),
        };
        if let Err(diagnostic) = result {
            panic!("README example `{kind}` does not parse: {diagnostic}\n{example}");
        }
        checked += 1;
    }
    assert_eq!(checked, 7, "one example per file kind");
}

#[test]
fn the_readme_documents_every_code_and_the_set_up_commands() {
    let readme = readme();
    // The table row says what `concord explain` says, whole sentences and all.
    for code in concord::diag::Code::ALL {
        let row = format!(
            "| `{}` | {} | {} |",
            code.name(),
            code.severity().label(),
            code.summary()
        );
        assert!(readme.contains(&row), "the README lacks the row\n{row}");
        assert!(
            code.summary().ends_with(['.', ')', '`']),
            "{}",
            code.summary()
        );
    }
    assert!(readme.contains("cargo run --release -- report"));
    assert!(readme.contains("cargo test"));
}

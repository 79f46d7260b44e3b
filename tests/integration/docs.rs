//! The README does not lie: its RON examples parse as the file types they show, and it documents
//! every diagnostic code and the two set-up commands.

use concord_core::load::parse_str;
use concord_core::load::raw::{
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
            "Overlay" => parse_str::<concord_core::load::edit::OverlayFile>(example).map(drop),
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
    for code in concord_core::diag::Code::ALL {
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

/// Every text block of the README shown as the output of a `concord ...` command (named in the
/// line before it) is what that command prints: each of its lines is a line of the output.
#[test]
fn the_readmes_example_outputs_are_what_the_tool_prints() {
    let readme = readme();
    let lines: Vec<&str> = readme.lines().collect();
    let mut checked = 0;
    let mut failures = Vec::new();
    for (at, line) in lines.iter().enumerate() {
        if *line != "```text" || at < 2 {
            continue;
        }
        let before = format!("{} {}", lines[at - 3.min(at)], lines[at - 2]);
        let Some(start) = before.rfind("`concord ") else {
            continue;
        };
        let Some(end) = before[start + 1..].find('`') else {
            continue;
        };
        let command = &before[start + "`concord ".len()..start + 1 + end];
        if command.contains("scenario.ron") || command.contains(" -o ") {
            continue;
        }
        let args: Vec<&str> = command.split_whitespace().collect();
        let output = std::process::Command::new(env!("CARGO_BIN_EXE_concord"))
            .args(&args)
            .output()
            .expect("the binary runs");
        let stdout = String::from_utf8_lossy(&output.stdout);
        let printed: std::collections::HashSet<&str> = stdout.lines().map(str::trim_end).collect();
        for shown in lines[at + 1..].iter().take_while(|l| !l.starts_with("```")) {
            let shown = shown.trim_end();
            if !shown.is_empty() && !shown.starts_with("(…") && !printed.contains(shown) {
                failures.push(format!("`concord {command}` does not print\n{shown}"));
            }
        }
        checked += 1;
    }
    assert!(checked >= 5, "only {checked} examples found");
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// The README's scored backtest table is what `backtest --runs 2000 --seed 0` prints, for PP-14
/// and for the frozen evaluation set.
#[test]
fn the_readmes_backtest_table_is_measured() {
    let readme = readme();
    let row = |label: &str| -> Vec<String> {
        let line = readme
            .lines()
            .find(|line| line.starts_with(&format!("| {label} |")))
            .unwrap_or_else(|| panic!("no README row `{label}`"));
        line.split('|').map(|cell| cell.trim().to_owned()).collect()
    };
    for (scenario, first) in [("scenarios/pp14.ron", 2), ("scenarios/pp14-eval.ron", 6)] {
        let output = std::process::Command::new(env!("CARGO_BIN_EXE_concord"))
            .args([
                "backtest", scenario, "--runs", "2000", "--seed", "0", "--format", "json",
            ])
            .output()
            .unwrap();
        let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
        let find = |list: &str, name: &str| {
            json[list]
                .as_array()
                .unwrap()
                .iter()
                .find(|entry| entry["predictor"] == name)
                .unwrap_or_else(|| panic!("{list}: {name}"))
                .clone()
        };
        let hits = |list: &str, name: &str| {
            let entry = find(list, name);
            format!("{} / {}", entry["hits"], entry["of"])
        };
        let brier =
            |name: &str, key: &str| format!("{:.3}", find("brier", name)[key].as_f64().unwrap());
        let result = row("result right (deterministic)");
        assert_eq!(
            result[first],
            hits("accuracy", "model, deterministic"),
            "{scenario}"
        );
        assert_eq!(
            result[first + 2],
            hits("accuracy", "baseline: everything is adopted")
        );
        let p_adopted = row("Brier, P(adopted)");
        assert_eq!(
            p_adopted[first],
            brier("model, Monte Carlo", "p_adopted"),
            "{scenario}"
        );
        assert_eq!(
            p_adopted[first + 2],
            brier("baseline: everything is adopted", "p_adopted")
        );
        let process = row("process right (Monte Carlo)");
        assert_eq!(
            process[first],
            hits("process_accuracy", "model, Monte Carlo (most likely)")
        );
        let option = row("adopted option (Monte Carlo)");
        assert_eq!(
            option[first],
            hits("option_accuracy", "model, Monte Carlo (most often)")
        );
    }
}

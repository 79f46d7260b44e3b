//! The simulation through the commands: determinism over threads, golden simulations, traces
//! and backtests of PP-14 and WRC-23, outcomes that never change a prediction, package deals past
//! the limit, voting rules and member states (the engine's white-box properties are in
//! `concord-core`'s `simulate::properties`).

use std::path::Path;

use concord::app::{ScenarioRef, Settings};
use concord::commands::Command;
use concord_core::analysis::{Analysis, AnalysisConfig, analyse};
use concord_core::generate::{GenerateConfig, generate};
use concord_core::graph::MembershipGraph;
use concord_core::load::{MemorySource, load_scenario};
use concord_core::model::Scenario;
use concord_core::simulate::{Mode, SimConfig, simulate};
use concord_print::report::{BriefFormat, ReportFormat};

/// A generated scenario, with `edit` applied to every positions file's text.
fn generated(config: GenerateConfig, edit: impl Fn(&str) -> String) -> (Scenario, Analysis) {
    let mut source = MemorySource::new();
    for (path, text) in generate(&config) {
        let text = if path.starts_with("positions/generated/") {
            edit(&text)
        } else {
            text
        };
        source.insert(path, text);
    }
    let loaded = load_scenario(
        &source,
        Path::new("scenarios/generated.ron"),
        &concord_core::load::LoadOptions::default(),
    )
    .unwrap_or_else(|d| panic!("{}", concord_print::diag_render::render(&d, false)));
    let graph = MembershipGraph::build(&loaded.scenario);
    let analysis = analyse(&loaded.scenario, &graph, &AnalysisConfig::default());
    (loaded.scenario, analysis)
}

fn stochastic(runs: u64, seed: u64) -> SimConfig {
    SimConfig {
        runs,
        seed,
        mode: Mode::Stochastic,
        deals: true,
        unknowns: concord_core::simulate::Unknowns::default(),
    }
}

fn simulate_json(threads: usize) -> String {
    let settings = Settings {
        threads: std::num::NonZeroUsize::new(threads).unwrap(),
        ..Settings::default()
    };
    let dir = tempfile::tempdir().unwrap();
    for (path, text) in generate(&GenerateConfig {
        groups: 6,
        items: 20,
        options: 4,
        members: 193,
        seed: 7,
    }) {
        let target = dir.path().join(path);
        std::fs::create_dir_all(target.parent().unwrap()).unwrap();
        std::fs::write(target, text).unwrap();
    }
    let scenario = ScenarioRef::Path(dir.path().join("scenarios/generated.ron"));
    let config = SimConfig {
        runs: 3000,
        seed: 42,
        ..SimConfig::default()
    };
    concord::run(
        &Command::Simulate(scenario, config, ReportFormat::Json, Default::default()),
        &settings,
    )
    .unwrap()
    .stdout
}

#[test]
fn simulate_is_byte_identical_for_one_two_and_eight_threads() {
    let one = simulate_json(1);
    assert_eq!(one, simulate_json(2));
    assert_eq!(one, simulate_json(8));
    let value: serde_json::Value = serde_json::from_str(&one).unwrap();
    assert_eq!(value["runs"], 3000);
    for item in value["items"].as_array().unwrap() {
        let total: f64 = [
            "p_adopted",
            "p_voted",
            "p_no_change",
            "p_voted_down",
            "p_carried_forward",
            "p_no_prediction",
        ]
        .iter()
        .map(|key| item[*key].as_f64().unwrap())
        .sum();
        // JSON floats carry 6 decimals: the six shares sum to 1 within their rounding.
        assert!((total - 1.0).abs() < 1e-5, "{item}");
    }
}

fn pp14(command: Command) -> String {
    concord::run(&command, &Settings::default()).unwrap().stdout
}

#[test]
fn golden_simulation_and_traces_of_pp14() {
    let config = SimConfig {
        runs: 2000,
        seed: 1,
        ..SimConfig::default()
    };
    insta::assert_snapshot!(
        "pp14-simulate",
        pp14(Command::Simulate(
            ScenarioRef::Bundled,
            config,
            ReportFormat::Text,
            Default::default()
        ))
    );
    let deterministic = SimConfig {
        mode: Mode::Deterministic,
        ..config
    };
    insta::assert_snapshot!(
        "pp14-trace-deterministic",
        pp14(Command::Trace {
            scenario: ScenarioRef::Bundled,
            config: deterministic,
            run: 0,
            item: None
        })
    );
    // A run in which ATU comes round on the stable Constitution.
    let moved = (0..config.runs)
        .find(|run| {
            pp14(Command::Trace {
                scenario: ScenarioRef::Bundled,
                config,
                run: *run,
                item: Some("stable-constitution".into()),
            })
            .contains("now accepts stable")
        })
        .expect("some run moves ATU");
    insta::assert_snapshot!(
        "pp14-trace-atu-moves",
        format!(
            "run {moved}\n{}",
            pp14(Command::Trace {
                scenario: ScenarioRef::Bundled,
                config,
                run: moved,
                item: Some("stable-constitution".into())
            })
        )
    );
}

#[test]
fn golden_backtests_of_pp14_and_wrc23() {
    let config = SimConfig {
        runs: 2000,
        seed: 1,
        ..SimConfig::default()
    };
    insta::assert_snapshot!(
        "pp14-backtest",
        pp14(Command::Backtest(
            ScenarioRef::Bundled,
            config,
            ReportFormat::Text
        ))
    );
    insta::assert_snapshot!(
        "wrc23-backtest",
        pp14(Command::Backtest(
            ScenarioRef::Path("scenarios/wrc23-ai1-2.ron".into()),
            config,
            ReportFormat::Text
        ))
    );
}

/// Recorded outcomes are read only by backtesting and shown beside the analysis: without them,
/// the analysis and the simulation are byte for byte the same.
#[test]
fn outcomes_never_change_the_analysis_or_the_simulation() {
    let dir = tempfile::tempdir().unwrap();
    let copy = |from: &str| {
        let target = dir.path().join(from);
        std::fs::create_dir_all(target.parent().unwrap()).unwrap();
        std::fs::copy(from, &target).unwrap();
    };
    for file in ["positions/states.ron", "positions/groups.ron"] {
        copy(file);
    }
    for dir_name in ["positions/pp14", "positions/pp14/private"] {
        for entry in std::fs::read_dir(dir_name).unwrap() {
            let path = entry.unwrap().path();
            if path.is_file() {
                copy(path.to_str().unwrap());
            }
        }
    }
    let scenario = std::fs::read_to_string("scenarios/pp14.ron").unwrap();
    let without = scenario.replace(r#"    outcomes: "pp14.outcomes.ron","#, "");
    assert_ne!(scenario, without, "the scenario names its outcomes file");
    std::fs::create_dir_all(dir.path().join("scenarios")).unwrap();
    std::fs::write(dir.path().join("scenarios/pp14.ron"), without).unwrap();
    let with = ScenarioRef::Bundled;
    let bare = ScenarioRef::Path(dir.path().join("scenarios/pp14.ron"));
    let config = SimConfig {
        runs: 500,
        seed: 3,
        ..SimConfig::default()
    };
    let simulate = |s: ScenarioRef| {
        pp14(Command::Simulate(
            s,
            config,
            ReportFormat::Json,
            Default::default(),
        ))
    };
    assert_eq!(simulate(with.clone()), simulate(bare.clone()));
    let strip = |text: String| {
        text.lines()
            .filter(|line| {
                !line.starts_with("  recorded outcome") && !line.starts_with("recorded outcomes")
            })
            .collect::<Vec<_>>()
            .join("\n")
    };
    let report = |s: ScenarioRef| strip(pp14(Command::Report(s, ReportFormat::Text)));
    let (with_report, bare_report) = (report(with.clone()), report(bare.clone()));
    assert!(pp14(Command::Report(with, ReportFormat::Text)).contains("  recorded outcome"));
    assert_eq!(with_report, bare_report);
}

/// A scenario allowing more package deals than concord models (50 groups × 40 items: some three
/// million) plays its runs without deals, quickly, and every format says so; PP-14 (a few hundred)
/// models them.
#[test]
fn too_many_possible_deals_are_not_modelled_and_the_output_says_so() {
    let config = GenerateConfig {
        groups: 50,
        items: 40,
        options: 6,
        members: 120,
        seed: 4,
    };
    let (scenario, analysis) = generated(config, str::to_owned);
    let sim = SimConfig {
        runs: 50,
        seed: 1,
        ..SimConfig::default()
    };
    let result = simulate(&scenario, &analysis, &sim).expect("a valid simulation");
    let possible = result.deals_not_modelled.expect("deals are not modelled");
    assert!(possible > concord_core::limits::LIMITS.potential_deals);
    assert!(result.deals.is_empty());
    // Deals off gives the very same runs (compared as text: a quantile may be NaN).
    let off = simulate(
        &scenario,
        &analysis,
        &SimConfig {
            deals: false,
            ..sim
        },
    )
    .expect("a valid simulation");
    assert_eq!(format!("{:?}", off.items), format!("{:?}", result.items));
    assert_eq!(off.deals_not_modelled, Some(possible));

    let text = concord_print::report::simulation::text(
        &result,
        &[],
        Default::default(),
        concord_print::report::style::Paint::default(),
    );
    assert!(text.contains(&format!(
        "package deals: not modelled: the scenario allows up to {possible} of them"
    )));
    let json: serde_json::Value = serde_json::from_str(&concord_print::report::simulation::json(
        "GEN-1",
        &result,
        &[],
    ))
    .unwrap();
    assert_eq!(json["deals_not_modelled"], serde_json::json!(possible));

    // The brief says so too.
    let mut source = MemorySource::new();
    for (path, text) in generate(&config) {
        source.insert(path, text);
    }
    let brief = concord::run(
        &Command::Brief {
            scenario: ScenarioRef::Memory(source, "scenarios/generated.ron".into()),
            reader: Some("G00".into()),
            all_into: None,
            sim: None,
            format: BriefFormat::Markdown,
        },
        &Settings::default(),
    )
    .unwrap()
    .into_text();
    assert!(brief.contains(&format!(
        "- not modelled: the scenario allows up to {possible} possible package deals"
    )));
    // A WRC-sized scenario (6 groups, 20 items) has them modelled and listed.
    let (small, small_analysis) = generated(
        GenerateConfig {
            groups: 6,
            items: 20,
            options: 4,
            members: 60,
            seed: 1,
        },
        str::to_owned,
    );
    let modelled = simulate(&small, &small_analysis, &sim).expect("a valid simulation");
    assert_eq!(modelled.deals_not_modelled, None);
    assert!(!modelled.deals.is_empty());
    let json: serde_json::Value = serde_json::from_str(&concord_print::report::simulation::json(
        "GEN-1",
        &modelled,
        &[],
    ))
    .unwrap();
    assert_eq!(json["deals_not_modelled"], serde_json::Value::Null);
}

/// An item's own `voting` overrides the scenario's: with `Never` on item 1.1 of the base
/// fixture (a two-thirds majority elsewhere), 1.1 is never voted.
#[test]
fn an_item_can_override_the_conferences_voting_rule() {
    let base = std::fs::read_to_string("tests/fixtures/base/scenario.ron").unwrap();
    let changed = base.replacen(
        "id: \"1.1\",",
        "id: \"1.1\",\n            voting: Never,",
        1,
    );
    assert_ne!(base, changed);
    let voted = |text: &str| {
        let mut source = concord_core::load::MemorySource::new();
        for name in crate::BASE_FILES
            .iter()
            .filter(|name| **name != "scenario.ron")
        {
            let path = format!("tests/fixtures/base/{name}");
            source.insert(&path, std::fs::read(&path).unwrap());
        }
        source.insert("tests/fixtures/base/scenario.ron", text);
        let loaded = load_scenario(
            &source,
            std::path::Path::new("tests/fixtures/base/scenario.ron"),
            &concord_core::load::LoadOptions::default(),
        )
        .unwrap_or_else(|d| panic!("{}", concord_print::diag_render::render(&d, false)));
        let analysis =
            concord_core::analysis::Analysed::new(&loaded.scenario, &Default::default()).analysis;
        let result =
            simulate(&loaded.scenario, &analysis, &stochastic(400, 3)).expect("a valid simulation");
        (
            result.items[0].p_voted + result.items[0].p_voted_down,
            result.items[0].p_carried_forward,
        )
    };
    assert!(
        voted(&base).0 > 0.0,
        "1.1 goes to a vote in some runs under the scenario's rule"
    );
    let (vote, carried) = voted(&changed);
    assert_eq!(vote, 0.0);
    assert!(
        carried > 0.0,
        "without a vote, 1.1 is carried forward in some runs"
    );
}

/// WRC-27's template states nothing yet: every item says it rests on no regional data, in text
/// and JSON, instead of a bare "100% carried forward".
#[test]
fn items_without_regional_data_say_so() {
    let bin = env!("CARGO_BIN_EXE_concord");
    let text = std::process::Command::new(bin)
        .args(["simulate", "scenarios/wrc27.ron", "--runs", "50"])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&text.stdout);
    assert!(
        text.contains("no regional data: no group states a position on 27 of 27 items"),
        "{text}"
    );
    let json = std::process::Command::new(bin)
        .args(["simulate", "--runs", "50", "--format", "json"])
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    let flagged: Vec<&str> = json["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|item| item["no_regional_data"] == true)
        .map(|item| item["id"].as_str().unwrap())
        .collect();
    assert_eq!(
        flagged,
        [
            "doc-98",
            "counterfeit",
            "ict-applications",
            "res-177",
            "ebola"
        ]
    );
    let item = |id: &str| {
        json["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|item| item["id"] == id)
            .unwrap()
            .clone()
    };
    // Nothing known at all: no prediction, never a bare "carried forward".
    for id in ["counterfeit", "ict-applications", "res-177"] {
        assert_eq!(item(id)["p_no_prediction"], 1.0, "{id}");
        assert_eq!(item(id)["p_carried_forward"], 0.0, "{id}");
    }
    // India's own proposal, that no group and no other state is known to support: no change.
    assert_eq!(item("doc-98")["p_no_change"], 1.0);
    // Sierra Leone's, that states of every group endorsed: adopted.
    assert_eq!(item("ebola")["p_adopted"], 1.0);
}

/// NOC settles an item: agreeing on the status quo, or a vote that keeps it, is "no change",
/// never "carried forward"; the backtest scores the process.
#[test]
fn no_change_is_settled_not_carried_forward() {
    let bin = env!("CARGO_BIN_EXE_concord");
    let run = |args: &[&str]| {
        let output = std::process::Command::new(bin).args(args).output().unwrap();
        assert!(output.status.success(), "{args:?}");
        String::from_utf8(output.stdout).unwrap()
    };
    let consensus = ["--set", "*:decision-5=prefers:noc"];
    let trace = run(&[
        &["trace", "--deterministic", "--item", "decision-5"][..],
        &consensus,
    ]
    .concat());
    assert!(
        trace.contains("end: decision-5: no change (NOC, by consensus)"),
        "{trace}"
    );
    // CEPT red-lines the revision the others propose: F is the status quo, and the vote keeps it.
    let vote = run(&[
        "trace",
        "--deterministic",
        "--item",
        "decision-5",
        "--set",
        "CEPT:decision-5=prefers:noc",
        "--set",
        "CEPT:decision-5=opposes:revise",
    ]);
    assert!(
        vote.contains("end: decision-5: no change, by a vote"),
        "{vote}"
    );
    let json = run(&[
        &["simulate", "--runs", "300", "--format", "json"][..],
        &consensus,
    ]
    .concat());
    let json: serde_json::Value = serde_json::from_str(&json).unwrap();
    let item = &json["items"][1];
    assert_eq!(item["id"], "decision-5");
    assert_eq!(item["p_no_change"], 1.0);
    assert_eq!(item["p_carried_forward"], 0.0);
    let backtest = run(&[
        &["backtest", "--runs", "100", "--format", "json"][..],
        &consensus,
    ]
    .concat());
    let backtest: serde_json::Value = serde_json::from_str(&backtest).unwrap();
    let item = &backtest["items"][1];
    assert_eq!(item["deterministic_process"], "no change");
    assert_eq!(item["monte_carlo"]["process"], "no change");
    assert_eq!(item["recorded"]["process"], "consensus");
    // India's Doc. 98 really ended with no change, and the model says so (on the files as
    // written: its positions are dated after PP-14's as_of, so the backtest, which replays at
    // that date, makes no prediction on it).
    let doc98 = &backtest["items"][4];
    assert_eq!(doc98["id"], "doc-98");
    assert_eq!(doc98["recorded"]["process"], "no change");
    assert_eq!(doc98["deterministic_process"], serde_json::Value::Null);
    let written = run(&["simulate", "--deterministic", "--format", "json"]);
    let written: serde_json::Value = serde_json::from_str(&written).unwrap();
    let doc98 = &written["items"][4];
    assert_eq!(doc98["id"], "doc-98");
    assert_eq!(
        doc98["p_voted_down"].as_f64().unwrap() + doc98["p_no_change"].as_f64().unwrap(),
        1.0
    );
}

/// An item no group is stated on, where states disagree, goes to the vote among the states that
/// stated a position: the Ebola resolution (seven states for) passes against one red line, and
/// fails against eight; without a vote it is carried forward.
#[test]
fn member_states_alone_vote_where_they_disagree() {
    let ebola = |opponents: &[&str], voting: &str| {
        let dir = tempfile::tempdir().unwrap();
        for sub in ["scenarios", "positions/pp14/private"] {
            std::fs::create_dir_all(dir.path().join(sub)).unwrap();
        }
        for file in [
            "scenarios/pp14.ron",
            "scenarios/pp14.outcomes.ron",
            "positions/states.ron",
            "positions/groups.ron",
            "positions/pp14/cept.ron",
            "positions/pp14/citel.ron",
            "positions/pp14/apt.ron",
            "positions/pp14/arb.ron",
            "positions/pp14/rcc.ron",
        ] {
            std::fs::copy(file, dir.path().join(file)).unwrap();
        }
        let scenario = std::fs::read_to_string("scenarios/pp14.ron")
            .unwrap()
            .replace("voting: Majority(Simple),", voting);
        std::fs::write(dir.path().join("scenarios/pp14.ron"), scenario).unwrap();
        let against: String = opponents
            .iter()
            .map(|state| {
                format!(
                    "StatePosition(state: \"{state}\", item: \"ebola\", stance: Options(prefers: \"noc\", opposes: [\"new-resolution\"]), provenance: Illustrative(note: \"test\")),\n"
                )
            })
            .collect();
        let atu = std::fs::read_to_string("positions/pp14/atu.ron")
            .unwrap()
            .replace("    states: [\n", &format!("    states: [\n{against}"));
        std::fs::write(dir.path().join("positions/pp14/atu.ron"), atu).unwrap();
        let output = std::process::Command::new(env!("CARGO_BIN_EXE_concord"))
            .args(["simulate", "--runs", "50", "--format", "json"])
            .arg(dir.path().join("scenarios/pp14.ron"))
            .output()
            .unwrap();
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
        let item = json["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|item| item["id"] == "ebola")
            .unwrap()
            .clone();
        (
            item["p_voted"].as_f64().unwrap(),
            item["p_voted_down"].as_f64().unwrap(),
            item["p_carried_forward"].as_f64().unwrap(),
        )
    };
    let simple = "voting: Majority(Simple),";
    assert_eq!(ebola(&["NGA"], simple), (1.0, 0.0, 0.0));
    let eight = ["NGA", "GHA", "KEN", "SEN", "MLI", "NER", "BEN", "TGO"];
    assert_eq!(ebola(&eight, simple), (0.0, 1.0, 0.0));
    assert_eq!(ebola(&["NGA"], "voting: Never,"), (0.0, 0.0, 1.0));
}

/// Unknown is uncertainty: on WRC-23 AI 1.2 two of six groups are known and both want no
/// change. Silent unknown groups make that certain; under the prior it is not.
#[test]
fn the_prior_widens_an_outcome_that_rests_on_few_known_groups() {
    let run = |unknown: &str| -> serde_json::Value {
        let output = std::process::Command::new(env!("CARGO_BIN_EXE_concord"))
            .args([
                "simulate",
                "scenarios/wrc23-ai1-2.ron",
                "--runs",
                "4000",
                "--seed",
                "3",
                "--format",
                "json",
                "--unknown",
                unknown,
            ])
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(0));
        serde_json::from_slice(&output.stdout).unwrap()
    };
    let silent = run("silent");
    let prior = run("prior");
    let no_change = |json: &serde_json::Value| json["items"][0]["p_no_change"].as_f64().unwrap();
    assert_eq!(no_change(&silent), 1.0);
    let widened = no_change(&prior);
    assert!(widened < 0.95, "the prior leaves {widened}");
    let se = prior["items"][0]["se"]["p_no_change"].as_f64().unwrap();
    assert!(se > 0.0 && se < 0.01, "{se}");
}

/// `simulate --errors` shows each probability with its standard error, in points; without it
/// the table has none.
#[test]
fn simulate_shows_standard_errors_on_request() {
    let simulate = |extra: &[&str]| {
        let output = std::process::Command::new(env!("CARGO_BIN_EXE_concord"))
            .args(["simulate", "--runs", "2000", "--color", "never"])
            .args(extra)
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(0));
        String::from_utf8(output.stdout).unwrap()
    };
    let with = simulate(&["--errors"]);
    // sqrt(0.7205 × 0.2795 / 2000) = 1.00 points.
    assert!(with.contains("72.05% ± 1 "), "{with}");
    assert!(!simulate(&[]).contains('±'));
}

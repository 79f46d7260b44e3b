//! The same output whatever the thread count, on a scenario above every floor of parallel work
//! (`concord_core::parallel::MIN_PARALLEL` items: analysis, report views and renderers, briefs
//! go to the thread pool), for report, brief and simulate.

use std::path::{Path, PathBuf};

use concord::app::{ScenarioRef, Settings};
use concord::commands::Command;
use concord_core::generate::{GenerateConfig, generate};
use concord_core::parallel::MIN_PARALLEL;
use concord_core::simulate::SimConfig;
use concord_print::report::{BriefFormat, ReportFormat, TableFormat};

/// A generated scenario with twice as many items as the parallel floor.
fn scenario(dir: &Path) -> PathBuf {
    let config = GenerateConfig {
        groups: 6,
        items: 2 * MIN_PARALLEL,
        options: 4,
        members: 193,
        seed: 11,
    };
    for (path, text) in generate(&config) {
        let target = dir.join(path);
        std::fs::create_dir_all(target.parent().unwrap()).unwrap();
        std::fs::write(target, text).unwrap();
    }
    dir.join("scenarios/generated.ron")
}

/// The whole output of `command` on a pool of `threads` workers, streamed parts included (they
/// render after `concord::run` returns, on the pool that runs them).
fn run_on(threads: usize, command: &Command) -> String {
    let settings = Settings {
        threads: std::num::NonZeroUsize::new(threads).unwrap(),
        ..Settings::default()
    };
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .unwrap()
        .install(|| concord::run(command, &settings).unwrap().into_text())
}

#[test]
fn report_brief_and_simulate_are_byte_identical_on_one_and_two_threads_above_the_floor() {
    let dir = tempfile::tempdir().unwrap();
    let path = scenario(dir.path());
    let at = || ScenarioRef::Path(path.clone());
    let sim = SimConfig {
        runs: 400,
        seed: 9,
        ..SimConfig::default()
    };
    let commands = [
        Command::Report(at(), ReportFormat::Text),
        Command::Report(at(), ReportFormat::Json),
        Command::Matrix(at(), TableFormat::Csv),
        Command::Simulate(at(), sim, ReportFormat::Json, Default::default()),
        Command::Brief {
            scenario: at(),
            reader: Some("G00".into()),
            all_into: None,
            sim: Some(sim),
            format: BriefFormat::Markdown,
        },
        Command::Brief {
            scenario: at(),
            reader: Some("G03".into()),
            all_into: None,
            sim: None,
            format: BriefFormat::Json,
        },
    ];
    for command in &commands {
        let one = run_on(1, command);
        assert!(one.len() > 1000, "{command:?} printed little: {one}");
        assert_eq!(one, run_on(2, command), "{command:?}");
    }
}

//! What-if commands: compare, sweep, sensitivity.

use super::simulation::check_runs;
#[allow(clippy::wildcard_imports)]
use super::*;

pub(super) fn compare(
    first: &ScenarioRef,
    second: &Option<ScenarioRef>,
    config: &SimConfig,
    format: &Format,
    settings: &Settings,
) -> Result<Output, Error> {
    let paint = paint_of(settings);
    check_runs(config.runs)?;
    let config = SimConfig {
        threads: settings.threads.get(),
        ..*config
    };
    let (a, b) = match second {
        Some(second) => (
            load_with(first, &[], settings)?,
            load_with(second, &settings.whatifs, settings)?,
        ),
        None => (
            load_with(first, &[], settings)?,
            load_with(first, &settings.whatifs, settings)?,
        ),
    };
    let side = |loaded: &Loaded| {
        let analysis = analysis::Analysed::new(&loaded.scenario, &settings.analysis).analysis;
        let result = simulate::simulate(&loaded.scenario, &analysis, &config, &|_| {});
        (analysis, result)
    };
    let (a_side, b_side) = (side(&a), side(&b));
    let view = report::whatif::CompareView::build(
        (&a.scenario, &a_side.0, &a_side.1),
        (&b.scenario, &b_side.0, &b_side.1),
    );
    let stdout = match format {
        Format::Text => report::whatif::compare_text(&view, paint),
        Format::Markdown => report::whatif::compare_markdown(&view),
        Format::Json => report::whatif::compare_json(&view),
        Format::Csv | Format::Html => return Err(unsupported("compare", *format)),
    };
    Ok(finish(settings, (stdout, vec![a, b], false)))
}

pub(super) fn sweep(
    scenario: &ScenarioRef,
    sweep: &SweepConfig,
    config: &SimConfig,
    format: &Format,
    settings: &Settings,
) -> Result<Output, Error> {
    let paint = paint_of(settings);
    check_runs(config.runs)?;
    let config = SimConfig {
        threads: settings.threads.get(),
        ..*config
    };
    if !sweep.step.is_finite()
        || sweep.step <= 0.0
        || sweep.from > sweep.to
        || !(0.0..=1.0).contains(&sweep.from)
        || !(0.0..=1.0).contains(&sweep.to)
    {
        return Err(Error::Usage {
            message: format!(
                "cannot sweep from {} to {} by {}",
                sweep.from, sweep.to, sweep.step
            ),
            hint: Some("give 0 <= --from <= --to <= 1 and a positive, finite --step".into()),
        });
    }
    let points = ((sweep.to - sweep.from) / sweep.step + 1e-9).floor() + 1.0;
    if points > MAX_SWEEP_POINTS as f64 {
        return Err(Error::Usage {
            message: format!(
                "sweeping from {} to {} by {} takes {points} points, more than {MAX_SWEEP_POINTS}",
                sweep.from, sweep.to, sweep.step
            ),
            hint: Some(format!(
                "give a --step of at least {}",
                (sweep.to - sweep.from) / (MAX_SWEEP_POINTS - 1) as f64
            )),
        });
    }
    if config.runs.saturating_mul(points as u64) > simulate::MAX_RUNS {
        return Err(Error::Usage {
            message: format!(
                "{points} points × {} runs is more than {} runs in all",
                config.runs,
                simulate::MAX_RUNS
            ),
            hint: Some("give fewer --runs or a larger --step".into()),
        });
    }
    let n = points as usize;
    let mut series = Vec::with_capacity(n);
    let mut inputs = Vec::new();
    for k in 0..n {
        let value = (sweep.from + k as f64 * sweep.step).min(sweep.to);
        let value = (value * 1e6).round() / 1e6;
        let mut whatifs = settings.whatifs.clone();
        whatifs.push(WhatIf::Set(format!(
            "{}:{}={}:{value}",
            sweep.group,
            sweep.item.as_deref().unwrap_or("*"),
            sweep.param
        )));
        let loaded = load_with(scenario, &whatifs, settings)?;
        let analysis = analysis::Analysed::new(&loaded.scenario, &settings.analysis).analysis;
        let result = simulate::simulate(&loaded.scenario, &analysis, &config, &|_| {});
        series.push((value, result));
        inputs.push(loaded);
    }
    let view = report::whatif::SweepView::build(sweep, &series);
    let stdout = match format {
        Format::Text => report::whatif::sweep_text(&view, paint),
        Format::Markdown => report::whatif::sweep_markdown(&view),
        Format::Json => report::whatif::sweep_json(&view),
        Format::Csv | Format::Html => return Err(unsupported("sweep", *format)),
    };
    inputs.truncate(1);
    Ok(finish(settings, (stdout, inputs, false)))
}

pub(super) fn sensitivity(
    scenario: &ScenarioRef,
    config: &SimConfig,
    format: &Format,
    settings: &Settings,
) -> Result<Output, Error> {
    let paint = paint_of(settings);
    check_runs(config.runs)?;
    let config = SimConfig {
        threads: settings.threads.get(),
        ..*config
    };
    let base = load_with(scenario, &settings.whatifs, settings)?;
    let groups: Vec<String> = base
        .scenario
        .groups
        .keys()
        .map(ToString::to_string)
        .collect();
    let with_files: Vec<String> = groups
        .iter()
        .filter(|g| base.scenario.positions[g.as_str()].file.is_some())
        .cloned()
        .collect();
    let mut levers = Vec::new();
    for group in &with_files {
        for param in ["flexibility", "salience"] {
            let mut ends = Vec::new();
            for delta in ["-0.2", "+0.2"] {
                let mut whatifs = settings.whatifs.clone();
                whatifs.push(WhatIf::Set(format!("{group}:*={param}:{delta}")));
                let loaded = load_with(scenario, &whatifs, settings)?;
                let analysis =
                    analysis::Analysed::new(&loaded.scenario, &settings.analysis).analysis;
                ends.push(simulate::simulate(
                    &loaded.scenario,
                    &analysis,
                    &config,
                    &|_| {},
                ));
            }
            levers.push((group.clone(), param, ends.remove(0), ends.remove(0)));
        }
    }
    let view = report::whatif::SensitivityView::build(&base.scenario, &levers);
    let stdout = match format {
        Format::Text => report::whatif::sensitivity_text(&view, paint),
        Format::Markdown => report::whatif::sensitivity_markdown(&view),
        Format::Json => report::whatif::sensitivity_json(&view),
        Format::Csv | Format::Html => return Err(unsupported("sensitivity", *format)),
    };
    Ok(finish(settings, (stdout, vec![base], false)))
}

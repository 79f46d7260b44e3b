//! The analysis views: validate, report, matrix, contested, blocs, diff, export, graph, explain.

#[allow(clippy::wildcard_imports)]
use super::*;

pub(super) fn validate(scenario: &ScenarioRef, settings: &Settings) -> Result<Output, Error> {
    let loaded = load_with(scenario, &settings.whatifs, settings)?;
    let graph = PositionGraph::membership(&loaded.scenario);
    let summary = summary(&loaded, &graph);
    let stdout = format!("valid: {}", report::text::summary(&summary));
    Ok(finish(settings, (stdout, vec![loaded], None)))
}

pub(super) fn report(
    scenario: &ScenarioRef,
    format: &ReportFormat,
    settings: &Settings,
) -> Result<Output, Error> {
    let paint = paint_of(settings);
    let Analysed {
        loaded,
        graph,
        analysis,
    } = analysed(scenario, settings)?;
    let stdout = match format {
        ReportFormat::Json => {
            let contested = any_contested(&analysis);
            let big = big(&loaded.scenario);
            let Loaded {
                scenario,
                outcomes,
                warnings,
                inputs,
            } = loaded;
            return Ok(Output {
                stdout: String::new(),
                stream: Some(Stream::new(move |out| {
                    let written =
                        report::json::write_report(out, &scenario, &analysis, outcomes.as_ref());
                    drop_later((scenario, analysis), big);
                    written
                })),
                warnings,
                inputs,
                failed: settings.fail_on == Some(FailOn::Contested) && contested,
            });
        }
        ReportFormat::Text | ReportFormat::Markdown => {
            let view = ReportView::build(
                &loaded.scenario,
                &analysis,
                loaded.outcomes.as_ref(),
                summary(&loaded, &graph),
            );
            concord_core::timing::mark("view");
            let rendered = if *format == ReportFormat::Text {
                report::text::report(&view, paint)
            } else {
                report::markdown::report(&view)
            };
            drop_later(view, big(&loaded.scenario));
            rendered
        }
    };
    let contested = any_contested(&analysis);
    drop_later(analysis, big(&loaded.scenario));
    Ok(finish(settings, (stdout, vec![loaded], Some(contested))))
}

pub(super) fn matrix(
    scenario: &ScenarioRef,
    format: &TableFormat,
    settings: &Settings,
) -> Result<Output, Error> {
    let paint = paint_of(settings);
    let done = analysed(scenario, settings)?;
    let (scenario, analysis) = (&done.loaded.scenario, &done.analysis);
    let view = MatrixView::build(scenario, analysis);
    let stdout = in_table_format(
        *format,
        || report::text::matrix(&view, paint),
        || report::markdown::matrix(&view),
        || report::csv::matrix(&view),
        || report::json::matrix(scenario, analysis),
    );
    Ok(finish_analysed(settings, stdout, done))
}

pub(super) fn contested(
    scenario: &ScenarioRef,
    format: &TableFormat,
    settings: &Settings,
) -> Result<Output, Error> {
    let paint = paint_of(settings);
    let done = analysed(scenario, settings)?;
    let limit = match format {
        TableFormat::Text | TableFormat::Markdown => report::view::SHOWN_CONFLICTS,
        TableFormat::Csv | TableFormat::Json => usize::MAX,
    };
    let view = ContestedView::build(&done.loaded.scenario, &done.analysis, limit);
    let stdout = in_table_format(
        *format,
        || report::text::contested(&view, paint),
        || report::markdown::contested(&view),
        || report::csv::contested(&view),
        || report::json::contested(&done.loaded.scenario.conference.id, &view),
    );
    Ok(finish_analysed(settings, stdout, done))
}

pub(super) fn blocs(
    scenario: &ScenarioRef,
    format: &ReportFormat,
    settings: &Settings,
) -> Result<Output, Error> {
    let paint = paint_of(settings);
    let done = analysed(scenario, settings)?;
    let blocs = &done.analysis.blocs;
    let stdout = in_format(
        *format,
        || report::text::blocs(blocs, paint),
        || report::markdown::blocs(blocs),
        || report::json::blocs(&done.loaded.scenario.conference.id, blocs),
    );
    Ok(finish_analysed(settings, stdout, done))
}

pub(super) fn diff(
    (old, new): (&ScenarioRef, &ScenarioRef),
    dates: Option<(concord_core::model::Date, Option<concord_core::model::Date>)>,
    format: &ReportFormat,
    settings: &Settings,
) -> Result<Output, Error> {
    let paint = paint_of(settings);
    let at = |date: Option<concord_core::model::Date>| Settings {
        as_of: date,
        ..settings.clone()
    };
    let (old, new) = match dates {
        Some((from, to)) => (analysed(old, &at(Some(from)))?, analysed(new, &at(to))?),
        None => (analysed(old, settings)?, analysed(new, settings)?),
    };
    let diff = analysis::diff(
        (&old.loaded.scenario, &old.analysis),
        (&new.loaded.scenario, &new.analysis),
    );
    let stdout = in_format(
        *format,
        || report::text::diff(&diff, paint),
        || report::markdown::diff(&diff),
        || report::json::diff(&diff),
    );
    let contested = any_contested(&new.analysis);
    Ok(finish(
        settings,
        (stdout, vec![old.loaded, new.loaded], Some(contested)),
    ))
}

pub(super) fn status(
    scenario: &ScenarioRef,
    format: &TableFormat,
    settings: &Settings,
) -> Result<Output, Error> {
    let paint = paint_of(settings);
    let done = analysed(scenario, settings)?;
    let view = concord_print::status::status(&done.loaded.scenario, &done.analysis);
    let stdout = in_table_format(
        *format,
        || report::status::text(&view, paint),
        || report::status::markdown(&view),
        || report::status::csv(&view),
        || report::status::json(&view),
    );
    Ok(finish_analysed(settings, stdout, done))
}

pub(super) fn export(scenario: &ScenarioRef, settings: &Settings) -> Result<Output, Error> {
    let Loaded {
        scenario,
        warnings,
        inputs,
        ..
    } = load_with(scenario, &settings.whatifs, settings)?;
    let big = big(&scenario);
    let failed = settings.fail_on == Some(FailOn::Contested)
        && any_contested(&analysis::Analysed::new(&scenario, &settings.analysis).analysis);
    Ok(Output {
        stream: Some(Stream::new(move |out| {
            let written = report::json::write_export(out, &scenario);
            drop_later(scenario, big);
            written
        })),
        warnings,
        inputs,
        failed,
        ..Output::default()
    })
}

pub(super) fn graph(
    scenario: &ScenarioRef,
    format: &GraphFormat,
    settings: &Settings,
) -> Result<Output, Error> {
    let loaded = load_with(scenario, &settings.whatifs, settings)?;
    let graph = PositionGraph::build(&loaded.scenario);
    let view = graph.view();
    let conference = &loaded.scenario.conference.id;
    let stdout = match format {
        GraphFormat::Dot => report::dot::graph(&view, conference),
        GraphFormat::Json => report::json::graph(&view, conference),
    };
    Ok(finish(settings, (stdout, vec![loaded], None)))
}

pub(super) fn explain_command(code: &Option<String>) -> Result<Output, Error> {
    explain(code.as_deref()).map(|stdout| Output {
        stdout,
        ..Output::default()
    })
}

/// Every bound on what a user controls (`concord explain limits`, and the end of
/// `concord explain`).
pub fn limits() -> String {
    use concord_core::generate as g;
    let lines = [
        format!(
            "a file concord reads: a regular file of at most {} MiB (counted while reading)",
            concord_core::load::MAX_FILE_BYTES >> 20
        ),
        "the files a scenario names: inside its root (the directory above `scenarios/`, or the scenario's own directory; --root DIR)".to_owned(),
        format!("agenda items per scenario: {}", concord_core::load::MAX_ITEMS),
        format!("options per item: {}", concord_core::model::MAX_OPTIONS),
        format!("rounds per stage: {}", concord_core::load::MAX_ROUNDS),
        format!("an explicit capability: 0 to {}", concord_core::load::MAX_CAPABILITY),
        "item and option ids: 1 to 100 characters, no whitespace or invisible characters".to_owned(),
        format!("--runs: 1 to {}", simulate::MAX_RUNS),
        format!(
            "sweep: at most {MAX_SWEEP_POINTS} points, and points × --runs at most {}",
            simulate::MAX_RUNS
        ),
        "--threshold, --from, --to: 0 to 1".to_owned(),
        "--threads: 1 to 1024; more than 4 per core is lowered to 4 per core, with a warning".to_owned(),
        format!(
            "generate: --groups 1 to {}, --items 1 to {}, --options 2 to {}, --members from --groups to {}, groups × items at most {}",
            g::MAX_GROUPS,
            g::MAX_ITEMS,
            concord_core::model::MAX_OPTIONS,
            g::MAX_MEMBERS,
            g::MAX_CELLS
        ),
        "--name: a plain file name of 1 to 100 characters".to_owned(),
    ];
    let mut out = String::from(
        "limits (a value beyond one is refused with exit 2; nothing is clamped silently):\n",
    );
    for line in lines {
        out.push_str(&format!("  {line}\n"));
    }
    out
}

fn explain(code: Option<&str>) -> Result<String, Error> {
    if code == Some("limits") {
        return Ok(limits());
    }
    let Some(name) = code else {
        let mut out = String::from("diagnostic codes (concord explain CODE for details):\n");
        for code in Code::ALL {
            out.push_str(&format!(
                "  {:<24} {:<7}  {}\n",
                code.name(),
                code.severity().label(),
                code.summary()
            ));
        }
        out.push('\n');
        out.push_str(&limits());
        return Ok(out);
    };
    match Code::from_name(name) {
        Some(code) => Ok(format!(
            "{} ({})\n\n{}\n",
            code.name(),
            code.severity().label(),
            code.explanation()
        )),
        None => {
            let names = Code::ALL.iter().map(|code| code.name());
            let hint = concord_core::load::suggest(name, names).map_or_else(
                || "`concord explain` lists every code".to_owned(),
                |best| format!("did you mean `{best}`?"),
            );
            Err(Error::UnknownCode {
                code: name.to_owned(),
                hint,
            })
        }
    }
}

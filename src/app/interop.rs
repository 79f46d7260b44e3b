//! Other tools' formats and synthetic scenarios: `import decide`, `export --format decide`,
//! `generate`.

#[allow(clippy::wildcard_imports)]
use super::*;

pub(super) fn import_decide(
    file: &PathBuf,
    dir: &Path,
    name: &String,
    as_of: concord_core::model::Date,
    settings: &Settings,
) -> Result<Output, Error> {
    check_file_name("--name", name)?;
    let decide = concord_core::interop::decide::read(file).map_err(Error::Invalid)?;
    let files = concord_core::interop::decide::to_files(&decide, name, as_of);
    check_before_writing(&files, &format!("scenarios/{name}.ron"))?;
    crate::write::write_tree(
        dir,
        &into_bytes(files),
        std::slice::from_ref(file),
        settings.force,
    )?;
    Ok(Output {
        stdout: format!(
            "imported {} actors, {} issues, {} positions; run `concord report {}`\n",
            decide.actors.len(),
            decide.issues.len(),
            decide.rows.len(),
            dir.join(format!("scenarios/{name}.ron")).display()
        ),
        ..Output::default()
    })
}

pub(super) fn export_decide(scenario: &ScenarioRef, settings: &Settings) -> Result<Output, Error> {
    let loaded = load_with(scenario, &settings.whatifs, settings)?;
    let has_scale = loaded
        .scenario
        .items
        .values()
        .any(|item| matches!(item.kind, concord_core::model::ItemKind::Scale(_)));
    if !has_scale {
        return Err(Error::Usage {
            message: format!(
                "{} has no scale item: a Decide file holds scale items only",
                loaded.scenario.conference.id
            ),
            hint: Some(
                "export a scenario with 0-100 scale items, or use `export --format json`".into(),
            ),
        });
    }
    Ok(finish(
        settings,
        (
            concord_core::interop::decide::export(&loaded.scenario),
            vec![loaded],
            None,
        ),
    ))
}

pub(super) fn generate(
    config: &GenerateConfig,
    dir: &Path,
    settings: &Settings,
) -> Result<Output, Error> {
    config.check().map_err(|(message, hint)| Error::Usage {
        message,
        hint: Some(hint),
    })?;
    let files = generate::generate(config);
    check_before_writing(&files, "scenarios/generated.ron")?;
    let n_files = files.len();
    crate::write::write_tree(dir, &into_bytes(files), &[], settings.force)?;
    let stdout = format!(
        "wrote {} files; run `concord report {}`\n",
        n_files,
        dir.join("scenarios/generated.ron").display()
    );
    Ok(Output {
        stdout,
        ..Output::default()
    })
}

/// A name that becomes a file name: no separator, no `..`, not empty, nothing hidden.
fn check_file_name(flag: &str, name: &str) -> Result<(), Error> {
    let plain = !name.is_empty()
        && !name.starts_with('.')
        && name.len() <= 100
        && !name
            .chars()
            .any(|c| matches!(c, '/' | '\\' | ':') || c.is_control() || c.is_whitespace());
    if plain {
        Ok(())
    } else {
        Err(Error::Usage {
            message: format!("{flag} `{}` is not a plain file name", name.escape_debug()),
            hint: Some(
                "give a name of up to 100 characters without `/`, `\\`, `:`, spaces, or a \
                 leading `.`, e.g. `cop21`"
                    .into(),
            ),
        })
    }
}

/// Loads a tree about to be written, from memory: a scenario concord would reject is never
/// written.
fn check_before_writing(files: &[(String, String)], scenario: &str) -> Result<(), Error> {
    let mut source = MemorySource::new();
    for (path, contents) in files {
        source.insert(path, contents.as_bytes());
    }
    concord_core::load::load_scenario(
        &source,
        Path::new(scenario),
        &concord_core::load::LoadOptions::default(),
    )
    .map(drop)
    .map_err(Error::Invalid)
}

fn into_bytes(files: Vec<(String, String)>) -> Vec<(String, Vec<u8>)> {
    files
        .into_iter()
        .map(|(path, text)| (path, text.into_bytes()))
        .collect()
}

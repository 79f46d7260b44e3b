//! `concord import`: another tool's file read into concord's files under a directory.

#[allow(clippy::wildcard_imports)]
use super::*;
use concord_core::load::FsSource;

/// The arguments of `concord import`.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    format: ImportArgs,
}

/// The formats `import` reads.
#[derive(Debug, clap::Subcommand)]
pub(crate) enum ImportArgs {
    /// A Decide exchange-model input file: actors become groups (capability = power), issues
    /// scale items, `#D` rows positions. All or nothing.
    Decide {
        file: PathBuf,
        /// The name of the scenario and of its positions folder (default: the file's stem).
        #[arg(long)]
        name: Option<String>,
    },
    /// A coordinator's table (CSV, xlsx, xls or ods), long or wide, merged into a scenario's
    /// positions files as dated versions (or replacing them with --replace).
    Table(super::import_table::Args),
}

impl Args {
    /// The request: the scenario's name from the file's stem unless given, its date from
    /// `--as-of`.
    pub fn request(self, context: &Context) -> Result<Command, String> {
        let (file, name) = match self.format {
            ImportArgs::Decide { file, name } => (file, name),
            ImportArgs::Table(args) => return args.request(context),
        };
        let Some(dir) = context.output.clone() else {
            return Err("`import` needs -o DIR".into());
        };
        // Without --name, the file's stem made a plain name (`my data (v2).csv` →
        // `my_data__v2_`); a --name given is checked as written.
        let name = name.unwrap_or_else(|| {
            let stem: String = file
                .file_stem()
                .map(|stem| stem.to_string_lossy().into_owned())
                .unwrap_or_default()
                .chars()
                .map(|c| {
                    if c.is_alphanumeric() || c == '-' || c == '_' {
                        c
                    } else {
                        '_'
                    }
                })
                .take(100)
                .collect();
            if stem.trim_matches('_').is_empty() {
                "imported".into()
            } else {
                stem
            }
        });
        Ok(Command::ImportDecide {
            file,
            dir,
            name,
            as_of: context.as_of.unwrap_or_else(import_date),
        })
    }
}

/// The date `import` gives a scenario when `--as-of` does not: the Decide format carries none.
fn import_date() -> Date {
    Date::parse("2000-01-01").expect("2000-01-01 is a date")
}

pub(crate) fn run(
    file: &PathBuf,
    dir: &Path,
    name: &String,
    as_of: concord_core::model::Date,
    settings: &Settings,
) -> Result<Output, Error> {
    check_file_name("--name", name)?;
    let imported = concord_core::interop::decide::import(
        &FsSource,
        file,
        (name, as_of),
        &crate::tables::decide_fields,
    )
    .map_err(Error::Invalid)?;
    check_before_writing(&imported.files, &format!("scenarios/{name}.ron"))
        .map_err(|error| made_from(error, file))?;
    crate::write::write_tree(
        dir,
        &into_bytes(imported.files),
        std::slice::from_ref(file),
        (settings.force, false),
    )?;
    Ok(Output {
        stdout: format!(
            "imported {} actors, {} issues, {} positions; run `concord report {}`\n",
            imported.actors,
            imported.issues,
            imported.positions,
            concord_print::escape::text::field(
                &dir.join(format!("scenarios/{name}.ron"))
                    .display()
                    .to_string()
            )
        ),
        ..Output::default()
    })
}

/// A name that becomes a file name: no separator, no `..`, not empty, nothing hidden.
pub(crate) fn check_file_name(flag: &str, name: &str) -> Result<(), Error> {
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
pub(crate) fn check_before_writing(
    files: &[(String, String)],
    scenario: &str,
) -> Result<(), Error> {
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

/// The errors of files made from `input` that were not written: each says where its cause is,
/// since the file it points into does not exist on disk.
fn made_from(error: Error, input: &Path) -> Error {
    let Error::Invalid(mut diagnostics) = error else {
        return error;
    };
    let shown = input.display();
    for diagnostic in &mut diagnostics.list {
        let said = format!(
            "this is in a file the import of `{shown}` would have written (nothing was written): \
             the cause is in `{shown}`"
        );
        diagnostic.hint = Some(match diagnostic.hint.take() {
            Some(hint) => format!("{hint}; {said}"),
            None => said,
        });
    }
    Error::Invalid(diagnostics)
}

pub(crate) fn into_bytes(files: Vec<(String, String)>) -> Vec<(String, Vec<u8>)> {
    files
        .into_iter()
        .map(|(path, text)| (path, super::in_layout(text).into_bytes()))
        .collect()
}

//! `concord generate`: a valid synthetic scenario written into a directory.

use super::import::{check_before_writing, into_bytes};
#[allow(clippy::wildcard_imports)]
use super::*;

/// The arguments of `concord generate`.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[arg(long, default_value_t = 6)]
    groups: usize,
    #[arg(long, default_value_t = 20)]
    items: usize,
    #[arg(long, default_value_t = 4)]
    options: usize,
    /// Member states in all, shared out among the groups.
    #[arg(long, default_value_t = 193)]
    members: usize,
    #[arg(long, default_value_t = 0)]
    seed: u64,
}

impl Args {
    /// The request: the files go into the -o directory.
    pub fn request(self, context: &Context) -> Result<Command, String> {
        let Some(dir) = context.output.clone() else {
            return Err("`generate` needs -o DIR".into());
        };
        Ok(Command::Generate(
            GenerateConfig {
                groups: self.groups,
                items: self.items,
                options: self.options,
                members: self.members,
                seed: self.seed,
            },
            dir,
        ))
    }
}

pub(crate) fn run(
    config: &GenerateConfig,
    dir: &Path,
    settings: &Settings,
) -> Result<Output, Error> {
    config.check().map_err(|(message, hint)| Error::Usage {
        message,
        hint: Some(hint),
    })?;
    let files = concord_core::generate::generate(config);
    check_before_writing(&files, "scenarios/generated.ron")?;
    let n_files = files.len();
    crate::write::write_tree(dir, &into_bytes(files), &[], (settings.force, false))?;
    let stdout = format!(
        "wrote {} files; run `concord report {}`\n",
        n_files,
        concord_print::escape::text::field(
            &dir.join("scenarios/generated.ron").display().to_string()
        )
    );
    Ok(Output {
        stdout,
        ..Output::default()
    })
}

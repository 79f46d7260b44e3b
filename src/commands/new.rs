//! `concord new`: a new conference's scenario and one empty positions file per group, its agenda
//! copied from an earlier scenario; checked by loading before anything is written, written all
//! or nothing, and never over an existing file (`--force` to replace).

#[allow(clippy::wildcard_imports)]
use super::*;
use concord_core::interop::scaffold::{NewConference, scaffold};
use concord_core::load::{FsSource, LoadOptions, MemorySource, Overlay};

/// The arguments of `concord new`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The new scenario file, beside the --like one (`scenarios/wrc31.ron`).
    scenario: PathBuf,
    /// The conference's id (`WRC-31`).
    #[arg(long)]
    conference: String,
    /// The scenario whose agenda, states, groups, capability and voting rule are copied.
    #[arg(long, value_name = "FILE")]
    like: PathBuf,
    /// The conference's full name.
    #[arg(long)]
    name: String,
    /// Where it is held.
    #[arg(long)]
    venue: String,
    /// Its first and last day, `YYYY-MM-DD,YYYY-MM-DD`.
    #[arg(long, value_name = "START,END")]
    dates: String,
}

/// What `new` makes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewRequest {
    /// The new scenario file.
    pub scenario: PathBuf,
    /// The earlier scenario.
    pub like: PathBuf,
    /// The conference.
    pub conference: NewConference,
}

impl Args {
    /// The request (`--as-of`: the new scenario's reference date, required).
    pub fn request(self, context: &Context) -> Result<Command, String> {
        if context.output.is_some() {
            return Err("`new` writes the scenario and its positions files: drop -o".into());
        }
        let as_of = context
            .as_of
            .ok_or("give --as-of YYYY-MM-DD: the reference date of the new scenario")?;
        let (start, end) = self
            .dates
            .split_once(',')
            .ok_or("--dates takes START,END (YYYY-MM-DD,YYYY-MM-DD)")?;
        let date = |text: &str| parse_date(text.trim());
        let dates = (date(start)?, date(end)?);
        if dates.1.before(dates.0) {
            return Err("--dates: the conference ends before it starts".into());
        }
        let slug_ok = !self.conference.is_empty()
            && self
                .conference
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
        if !slug_ok {
            return Err("--conference takes letters, digits, `-` and `_` (`WRC-31`)".into());
        }
        Ok(Command::New(NewRequest {
            scenario: self.scenario,
            like: self.like,
            conference: NewConference {
                id: self.conference,
                name: self.name,
                venue: self.venue,
                dates,
                as_of,
            },
        }))
    }
}

pub(crate) fn run(request: &NewRequest, settings: &Settings) -> Result<Output, Error> {
    let like = request.like.as_path();
    let options = LoadOptions {
        root: settings.root.clone(),
        ..LoadOptions::default()
    };
    let earlier =
        concord_core::load::load_scenario(&FsSource, like, &options).map_err(Error::Invalid)?;
    let like_dir = like.parent().unwrap_or(Path::new(""));
    let new_dir = request.scenario.parent().unwrap_or(Path::new(""));
    if std::path::absolute(like_dir).ok() != std::path::absolute(new_dir).ok() {
        return Err(usage(
            "put the new scenario beside the --like one, so that its states and groups files \
             resolve the same"
                .into(),
        ));
    }
    let root = settings
        .root
        .clone()
        .unwrap_or_else(|| concord_core::load::default_root(like));
    // The group files go where the bundled ones do: `positions/<conference>/` under the root.
    let slug = request.conference.id.to_lowercase();
    let positions = if like_dir.ends_with("scenarios") {
        format!("../positions/{slug}")
    } else {
        format!("positions/{slug}")
    };
    let groups: Vec<String> = earlier
        .scenario
        .groups
        .keys()
        .map(ToString::to_string)
        .collect();
    let like_text = String::from_utf8(
        concord_core::load::read_bounded(like, concord_core::limits::LIMITS.file_bytes)
            .map_err(|e| usage(format!("cannot read {}: {e}", like.display())))?,
    )
    .map_err(|_| usage(format!("{} is not UTF-8 text", like.display())))?;
    let (scenario_text, group_files) =
        scaffold(&like_text, &request.conference, &groups, &positions)
            .map_err(|d| usage(d.message))?;
    let mut files: Vec<(PathBuf, String)> = vec![(request.scenario.clone(), scenario_text)];
    for (group, text) in group_files {
        files.push((
            concord_core::load::normalize(&new_dir.join(&positions).join(format!("{group}.ron"))),
            text,
        ));
    }
    // Loaded from memory (over the states and groups on disk) before anything is written.
    let mut top = MemorySource::new();
    for (path, text) in &files {
        top.insert(concord_core::load::normalize(path), text.as_str());
    }
    let after = Overlay {
        top,
        base: &FsSource,
    };
    concord_core::load::load_scenario(&after, &request.scenario, &options)
        .map_err(Error::Invalid)?;
    let dir = if root.as_os_str().is_empty() {
        PathBuf::from(".")
    } else {
        root
    };
    let root_abs =
        concord_core::load::normalize(&std::path::absolute(&dir).unwrap_or_else(|_| dir.clone()));
    let mut tree = Vec::new();
    for (path, text) in &files {
        let abs = concord_core::load::normalize(
            &std::path::absolute(path).unwrap_or_else(|_| path.clone()),
        );
        let relative = abs
            .strip_prefix(&root_abs)
            .map_err(|_| usage(format!("{} is outside the root", path.display())))?;
        tree.push((
            relative.to_string_lossy().into_owned(),
            text.clone().into_bytes(),
        ));
    }
    crate::write::write_tree(&dir, &tree, &[like.to_owned()], (settings.force, false))?;
    let written: Vec<String> = files
        .iter()
        .map(|(path, _)| concord_print::escape::text::field(&path.display().to_string()))
        .collect();
    let stdout = format!(
        "{} scaffolded from {}: {} items, {} groups, every cell unknown\nwrote {}\n",
        concord_print::escape::text::field(&request.conference.id),
        concord_print::escape::text::field(&earlier.scenario.conference.id),
        earlier.scenario.items.len(),
        groups.len(),
        written.join(", ")
    );
    Ok(finish(settings, Kind::Plain, (stdout, vec![earlier], None)))
}

fn usage(message: String) -> Error {
    Error::Usage {
        message,
        hint: None,
    }
}

//! Global flags given to a command they mean nothing to.

use clap::CommandFactory;

use super::{Args, CommandArgs};

impl Args {
    /// A global flag given to a command it means nothing to: a usage error, not silence.
    pub(super) fn misplaced_flag(&self) -> Option<String> {
        let reads_scenario = !matches!(
            self.command,
            CommandArgs::Explain(_)
                | CommandArgs::Man
                | CommandArgs::Completions { .. }
                | CommandArgs::Generate(_)
                | CommandArgs::Import(_)
                | CommandArgs::Fmt(_)
        );
        let name = self.command_name();
        let changes_scenario = !self.set.is_empty() || !self.overlay.is_empty();
        // `set` and `agenda` write the scenario's own files: a what-if, a reader or a replay
        // would not reach what they write, so they are refused rather than ignored.
        let writes_files = matches!(
            self.command,
            CommandArgs::Set(_) | CommandArgs::Agenda(_) | CommandArgs::New(_)
        );
        if writes_files && (changes_scenario || self.reader.is_some()) {
            return Some(format!(
                "`{name}` writes the scenario's own files: --set, --overlay and --for do not apply"
            ));
        }
        if matches!(self.command, CommandArgs::Agenda(_)) && self.as_of.is_some() {
            return Some(format!(
                "`{name}` changes the agenda at every date: drop --as-of"
            ));
        }
        if changes_scenario && !reads_scenario {
            return Some(format!(
                "--set and --overlay change a scenario, and `{name}` reads none"
            ));
        }
        if self.reader.is_some() && !reads_scenario {
            return Some(format!(
                "--for reads a reader's confidential parts of a scenario, and `{name}` reads none"
            ));
        }
        if self.fail_on.is_some() && !reads_scenario {
            return Some(format!(
                "--fail-on contested judges a scenario, and `{name}` reads none"
            ));
        }
        let imports = matches!(
            self.command,
            CommandArgs::Import(_) | CommandArgs::Set(_) | CommandArgs::New(_)
        );
        if self.as_of.is_some() && !reads_scenario && !imports {
            return Some(format!(
                "--as-of replays a scenario at a date, and `{name}` reads none"
            ));
        }
        None
    }

    fn command_name(&self) -> String {
        Args::command()
            .get_subcommands()
            .map(|command| command.get_name().to_owned())
            .find(|name| {
                let debug = format!("{:?}", self.command).to_lowercase();
                debug.starts_with(name.as_str())
            })
            .unwrap_or_else(|| "this command".into())
    }
}

impl CommandArgs {
    /// The focus flags of the commands that take them (`--items`, `--tag`, `--groups`).
    pub(crate) fn focus(&self) -> crate::app::FocusArgs {
        use concord::commands::FocusOf;
        let flags: &dyn FocusOf = match self {
            CommandArgs::Report(args) => &args.focus,
            CommandArgs::Matrix(args) => &args.focus,
            CommandArgs::Contested(args) => &args.focus,
            CommandArgs::Status(args) => &args.focus,
            CommandArgs::Diff(args) => &args.focus,
            CommandArgs::Simulate(args) => &args.focus,
            CommandArgs::Brief(args) => &args.focus,
            CommandArgs::Blocs(args) => &args.focus,
            CommandArgs::Compare(args) => &args.focus,
            CommandArgs::Sensitivity(args) => &args.focus,
            _ => return crate::app::FocusArgs::default(),
        };
        flags.args()
    }
}

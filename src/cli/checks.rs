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
        );
        let name = self.command_name();
        let changes_scenario = !self.set.is_empty() || !self.overlay.is_empty();
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
        if let Some(message) = self.misplaced_focus(&name) {
            return Some(message);
        }
        let imports = matches!(self.command, CommandArgs::Import(_));
        if self.as_of.is_some() && !reads_scenario && !imports {
            return Some(format!(
                "--as-of replays a scenario at a date, and `{name}` reads none"
            ));
        }
        None
    }

    /// `--items`, `--tag` or `--groups` on a command that does not narrow by them: refused, so a
    /// focus is never silently ignored.
    fn misplaced_focus(&self, name: &str) -> Option<String> {
        let items = !self.items.is_empty() || !self.tags.is_empty();
        let groups = !self.groups.is_empty();
        let (takes_items, takes_groups) = match self.command {
            CommandArgs::Report(_)
            | CommandArgs::Matrix(_)
            | CommandArgs::Contested(_)
            | CommandArgs::Status(_) => (true, true),
            CommandArgs::Simulate(_) | CommandArgs::Brief(_) => (true, false),
            _ => (false, false),
        };
        if items && !takes_items {
            return Some(format!(
                "--items and --tag narrow the items `report`, `matrix`, `contested`, `status`, `simulate` and `brief` show; `{name}` does not take them"
            ));
        }
        if groups && !takes_groups {
            return Some(format!(
                "--groups narrows the groups `report`, `matrix`, `contested` and `status` show; `{name}` does not take it"
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

//! The `concord` binary: parse arguments, call the library, print, choose the exit code.

mod cli;

use std::io::Write;
use std::process::ExitCode;

use clap::Parser;
use concord::app::{self, Error};
use concord::diag;

fn main() -> ExitCode {
    let args = cli::Args::parse();
    let color = args.color();
    let settings = args.settings();
    match app::run(&args.into_command(), &settings) {
        Ok(output) => {
            if !output.warnings.is_empty() {
                eprint!("{}", diag::render(&output.warnings, color));
            }
            print_stdout(&output.stdout)
        }
        Err(error) => {
            match &error {
                Error::Invalid(diagnostics) => {
                    eprint!("{}", diag::render(diagnostics, color));
                    eprintln!("error: {error}; nothing was written");
                }
                Error::UnknownCode { hint, .. } => eprintln!("error: {error}\nhelp: {hint}"),
            }
            ExitCode::from(error.exit_code())
        }
    }
}

/// Writes all of stdout at once; a closed pipe (`concord graph | head`) is not an error.
fn print_stdout(text: &str) -> ExitCode {
    let mut stdout = std::io::stdout().lock();
    match stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush())
    {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) if error.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: cannot write the output: {error}");
            ExitCode::from(1)
        }
    }
}

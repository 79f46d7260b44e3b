//! The `concord` binary: parse arguments, call the library, print, choose the exit code.

mod cli;

use std::process::ExitCode;

use clap::Parser;
use concord::app::{self, Error};
use concord::diag;

fn main() -> ExitCode {
    let args = cli::Args::parse();
    let color = args.stderr_color();
    let settings = args.settings();
    // Every parallel part of a command — the streamed JSON too, which renders after `app::run`
    // returns — runs on the global pool, sized by `--threads`.
    let _ = rayon::ThreadPoolBuilder::new()
        .num_threads(settings.threads.get())
        .build_global();
    let command = match args.into_action_with_output() {
        (cli::Action::Run(command), output) => (command, output),
        (cli::Action::Usage(message), _) => return fail(&message, 2),
        (cli::Action::Completions(shell), _) => return print_text(cli::completions(shell)),
        (cli::Action::Man, _) => match cli::man() {
            Ok(page) => return print_text(page),
            Err(error) => return fail(&format!("cannot render the manual: {error}"), 1),
        },
    };
    let (command, output_path) = command;
    // `generate`, `import` and `brief --all` write their own files into the -o directory.
    let output_path = output_path.filter(|_| {
        !matches!(
            command,
            app::Command::Generate(..)
                | app::Command::ImportDecide { .. }
                | app::Command::Brief {
                    all_into: Some(_),
                    ..
                }
        )
    });
    concord::timing::mark("start");
    let result = app::run(&command, &settings).and_then(|mut output| {
        concord::timing::mark("render and free");
        if !output.warnings.is_empty() {
            eprint!("{}", diag::render(&output.warnings, color));
        }
        let inputs = std::mem::take(&mut output.inputs);
        match &output_path {
            Some(path) => app::write_output_with(path, &inputs, |file| output.write_to(file))
                .map(|()| ExitCode::from(output.exit_code())),
            None => Ok(match print_stdout(&mut output) {
                code if code == ExitCode::SUCCESS => ExitCode::from(output.exit_code()),
                code => code,
            }),
        }
    });
    concord::timing::mark("write");
    match result {
        Ok(code) => code,
        Err(error) => {
            match &error {
                Error::Invalid(diagnostics) => {
                    eprint!("{}", diag::render(diagnostics, color));
                    eprintln!("error: {error}; nothing was written");
                }
                Error::UnknownCode { hint, .. } => eprintln!("error: {error}\nhelp: {hint}"),
                Error::Write { source, .. } => eprintln!("error: {error}: {source}"),
                Error::Usage { hint, .. } => {
                    eprintln!("error: {error}");
                    if let Some(hint) = hint {
                        eprintln!("help: {hint}");
                    }
                }
                Error::Unsupported { .. } | Error::OutputIsInput { .. } => {
                    eprintln!("error: {error}");
                }
            }
            ExitCode::from(error.exit_code())
        }
    }
}

fn fail(message: &str, code: u8) -> ExitCode {
    eprintln!("error: {message}");
    ExitCode::from(code)
}

/// Writes all of stdout at once; a closed pipe (`concord graph | head`) is not an error.
fn print_text(text: impl Into<Vec<u8>>) -> ExitCode {
    print_stdout(&mut app::Output {
        stdout: String::from_utf8_lossy(&text.into()).into_owned(),
        ..app::Output::default()
    })
}

fn print_stdout(output: &mut app::Output) -> ExitCode {
    let mut stdout = std::io::stdout().lock();
    match output.write_to(&mut stdout) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) if error.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(error) => fail(&format!("cannot write the output: {error}"), 1),
    }
}

//! The `concord` binary: parse arguments, call the library, print, choose the exit code.

mod cli;

use std::process::ExitCode;

use clap::Parser;
use concord::app::{self, Error};
use concord::commands;
use concord::write::WriteError;
use concord_print::diag_render;

/// Writes a line to stderr; a stderr that cannot be written (`2>/dev/full`, closed) is not a
/// reason to panic: the exit code still tells.
macro_rules! say {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        // Arguments and names from the data are in these lines: nothing invisible reaches the
        // terminal raw (an escape sequence is shown as `\u{1B}`).
        let line = format!($($arg)*);
        let _ = writeln!(std::io::stderr(), "{}", concord_print::escape::text::invisible(&line));
    }};
}

/// An `error:` or `help:` line: [`say!`], with a line break from an argument or the data shown
/// as `\n`, so it cannot forge a line of its own.
macro_rules! say_line {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let line = format!($($arg)*);
        let _ = writeln!(std::io::stderr(), "{}", concord_print::escape::text::field(&line));
    }};
}

/// [`say!`] without the newline.
macro_rules! say_raw {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = write!(std::io::stderr(), $($arg)*);
    }};
}

fn main() -> ExitCode {
    remove_temporaries_on_signals();
    let args = match cli::Args::try_parse() {
        Ok(args) => args,
        Err(error) => {
            // `--help` and `--version` print to stdout: a stdout that cannot take them
            // (`--help > /dev/full`) is an error, not a silent success.
            let printed = error.print();
            let code = error.exit_code();
            // A reader that stopped early (`--help | head -c1`) is not an error, as for any output.
            return match printed {
                Err(error) if code == 0 && error.kind() != std::io::ErrorKind::BrokenPipe => {
                    fail("cannot write the help to standard output", 1)
                }
                _ => ExitCode::from(u8::try_from(code).unwrap_or(2)),
            };
        }
    };
    let color = args.stderr_color();
    if let Some(warning) = args.threads_warning() {
        say!("{warning}");
    }
    let settings = args.settings();
    start_thread_pool(settings.threads.get());
    if args.output.is_none() && stdout_is_closed() {
        return fail("standard output is closed; nothing was written", 1);
    }
    let (command, output_path) = match args.into_action_with_output() {
        (cli::Action::Run(command), output) => (command, output),
        (cli::Action::Usage(message), _) => return fail(&message, 2),
        (cli::Action::Completions(shell), output) => {
            return print_text(cli::completions(shell), output.as_deref());
        }
        (cli::Action::Man, output) => match cli::man() {
            Ok(page) => return print_text(page, output.as_deref()),
            Err(error) => return fail(&format!("cannot render the manual: {error}"), 1),
        },
    };
    // `generate`, `import` and `brief --all` write their own files into the -o directory.
    let output_path = output_path.filter(|_| {
        !matches!(
            command,
            commands::Command::Generate(..)
                | commands::Command::ImportDecide { .. }
                | commands::Command::Brief {
                    all_into: Some(_),
                    ..
                }
        )
    });
    concord_core::timing::mark("start");
    let result = run_and_print(&command, &settings, output_path.as_deref(), color);
    concord_core::timing::mark("write");
    if concord::write::interrupted() {
        // A signal stopped the write: the signal thread exits with the signal's code once the
        // temporaries are gone; this thread has nothing more to say.
        loop {
            std::thread::sleep(std::time::Duration::from_secs(1));
        }
    }
    match result {
        Ok(code) => code,
        Err(error) => report_error(&error, color),
    }
}

/// Every parallel part of a command — the streamed JSON too, which renders after
/// `concord::run` returns — runs on the global pool, sized by `--threads`.
fn start_thread_pool(threads: usize) {
    let global = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build_global();
    if global.is_err() {
        // The system would not start that many threads (a memory limit): one worker still gives
        // the same answer.
        let _ = rayon::ThreadPoolBuilder::new()
            .num_threads(1)
            .build_global();
    }
}

/// Runs the command, prints its warnings to stderr and its output to `-o` or stdout.
fn run_and_print(
    command: &commands::Command,
    settings: &app::Settings,
    output_path: Option<&std::path::Path>,
    color: bool,
) -> Result<ExitCode, Error> {
    concord::run(command, settings).and_then(|mut output| {
        concord_core::timing::mark("render and free");
        if !output.warnings.is_empty() {
            say_raw!("{}", diag_render::render(&output.warnings, color));
        }
        let inputs = std::mem::take(&mut output.inputs);
        match output_path {
            Some(path) => app::write_output_with(path, &inputs, settings.confidential(), |file| {
                output.write_to(file)
            })
            .map(|()| ExitCode::from(output.exit_code())),
            None => Ok(match print_stdout(&mut output) {
                code if code == ExitCode::SUCCESS => ExitCode::from(output.exit_code()),
                code => code,
            }),
        }
    })
}

/// Says why the command produced nothing, and with which exit code.
fn report_error(error: &Error, color: bool) -> ExitCode {
    match error {
        Error::Invalid(diagnostics) => {
            say_raw!("{}", diag_render::render(diagnostics, color));
            say_line!("error: {error}; nothing was written");
        }
        Error::UnknownCode { hint, .. } => {
            say_line!("error: {error}");
            say_line!("help: {hint}");
        }
        Error::Output(WriteError::Io { source, .. }) => {
            say_line!("error: {error}: {source}; nothing was written");
        }
        Error::Output(WriteError::Refused { hint, .. }) | Error::Usage { hint, .. } => {
            say_line!("error: {error}");
            if let Some(hint) = hint {
                say_line!("help: {hint}");
            }
        }
        Error::Output(WriteError::OutputIsInput { .. }) => {
            say_line!("error: {error}");
        }
    }
    ExitCode::from(error.exit_code())
}

fn fail(message: &str, code: u8) -> ExitCode {
    say_line!("error: {message}");
    ExitCode::from(code)
}

/// Prints `text`, or writes it to `-o FILE` as any output is written.
fn print_text(text: impl Into<Vec<u8>>, output: Option<&std::path::Path>) -> ExitCode {
    let text = text.into();
    match output {
        Some(path) => {
            match app::write_output_with(path, &[], false, |file| file.write_all(&text)) {
                Ok(()) => ExitCode::SUCCESS,
                Err(error) => {
                    match &error {
                        Error::Output(WriteError::Io { source, .. }) => {
                            say!("error: {error}: {source}");
                        }
                        _ => say!("error: {error}"),
                    }
                    ExitCode::from(error.exit_code())
                }
            }
        }
        None => print_stdout(&mut app::Output {
            stdout: String::from_utf8_lossy(&text).into_owned(),
            ..app::Output::default()
        }),
    }
}

/// On SIGINT, SIGTERM or SIGHUP: remove the temporaries of any write in progress, then exit as
/// the signal would (128 + its number). Without the handler a large `-o` write interrupted
/// would leave its `.concord-*.tmp` file behind.
fn remove_temporaries_on_signals() {
    use signal_hook::consts::{SIGALRM, SIGHUP, SIGINT, SIGQUIT, SIGTERM, SIGUSR1, SIGUSR2};
    // Every signal that ends the process by default and may be caught: none leaves a
    // `.concord-*.tmp` behind.
    let caught = [SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2, SIGALRM];
    let Ok(mut signals) = signal_hook::iterator::Signals::new(caught) else {
        return;
    };
    let _ = std::thread::Builder::new()
        .name("signals".into())
        .spawn(move || {
            if let Some(signal) = signals.forever().next() {
                concord::write::remove_temporaries();
                std::process::exit(128 + signal);
            }
        });
}

/// Whether standard output was closed when the process started (`concord report >&-`): set by
/// [`STDOUT_CHECK`] before Rust's runtime opens `/dev/null` in its place (after which a closed
/// stdout and a `/dev/null` opened read-write, as Python's `subprocess.DEVNULL` does, look alike).
static STDOUT_CLOSED: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Run by the C runtime before `main` and before Rust's runtime: is descriptor 1 open?
#[cfg(target_os = "linux")]
#[used]
#[unsafe(link_section = ".init_array")]
static STDOUT_CHECK: extern "C" fn() = {
    extern "C" fn check() {
        // SAFETY: `borrow_raw` asks for an open descriptor, and 1 may be closed: that is what is
        // asked here. The borrow is used for one `fcntl(F_GETFD)` only, which reads no memory
        // through it and answers EBADF for a closed descriptor; nothing else can open one before
        // `main`, single-threaded as the process is here.
        let stdout = unsafe { rustix::fd::BorrowedFd::borrow_raw(1) };
        if rustix::io::fcntl_getfd(stdout).is_err() {
            STDOUT_CLOSED.store(true, std::sync::atomic::Ordering::Relaxed);
        }
    }
    check
};

/// Whether standard output was closed when the process started.
fn stdout_is_closed() -> bool {
    STDOUT_CLOSED.load(std::sync::atomic::Ordering::Relaxed)
}

fn print_stdout(output: &mut app::Output) -> ExitCode {
    let mut stdout = std::io::stdout().lock();
    match output.write_to(&mut stdout) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) if error.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(error) => fail(&format!("cannot write the output: {error}"), 1),
    }
}

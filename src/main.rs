//! The `lss-sim` binary: parse, run, report the error with its location, exit.

use std::io::Write;
use std::process::ExitCode;

use lss_sim::cli::Command;
use lss_sim::error::Error;

/// Exit code after Ctrl-C or SIGTERM: 128 + SIGINT, what shells report for an interrupted job.
const EXIT_INTERRUPTED: u8 = 130;

fn main() -> ExitCode {
    // The messages of the parsing itself (a bad --replications) follow --lang too.
    // Not `std::env::args`, which panics on an argument that is not UTF-8 (a path may be).
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    if let Some(lang) = lss_sim::cli::lang_in_args(&args) {
        lss_sim::lang::set_messages(lang);
    }
    let cli = lss_sim::cli::parse(&args);
    // Every command that simulates: they all stop between replications and write nothing.
    if !matches!(
        cli.command,
        Command::Validate(_) | Command::Init(_) | Command::Plot(_) | Command::Report(_)
    ) {
        install_stop_handler();
    }
    match lss_sim::cli::run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        // A closed pipe (`lss-sim run ... | head`): the reader wants no more and the results are
        // already written, so this ends quietly, as ripgrep does. (Rust ignores SIGPIPE, so the
        // write returns an error instead of killing the process.)
        Err(e) if e.is_broken_pipe() => ExitCode::SUCCESS,
        Err(e) => {
            // Standard error may be closed or full too: nothing more to do then, but no panic.
            let mut stderr = std::io::stderr().lock();
            let _ = writeln!(stderr, "{}", lss_sim::msg!("error: {}", "fel: {}", e));
            if let Some(snippet) = e.snippet() {
                let _ = writeln!(stderr, "{snippet}");
            }
            if matches!(e, Error::Interrupted { .. }) {
                ExitCode::from(EXIT_INTERRUPTED)
            } else {
                ExitCode::from(2)
            }
        }
    }
}

/// Ctrl-C and SIGTERM ask the replications to stop; the run then reports what it had done and
/// writes nothing (results are written only after the last replication). A second signal, for a
/// user who does not want to wait for the replications in progress, exits at once: still safe,
/// because every file is written to a temporary name and renamed.
fn install_stop_handler() {
    let result = ctrlc::set_handler(|| {
        if lss_sim::experiment::stop_requested() {
            std::process::exit(EXIT_INTERRUPTED.into());
        }
        lss_sim::experiment::request_stop();
    });
    if let Err(e) = result {
        // ctrlc's own text is English ("Ctrl-C error: Unexpected system error"); the system's
        // reason under it (no thread could be started) is said in the message language.
        let sv = match &e {
            ctrlc::Error::System(io) => lss_sim::error::io_text(io),
            _ => "systemfel".to_owned(),
        };
        let _ = writeln!(
            std::io::stderr(),
            "{}",
            lss_sim::cli::warning_line(&lss_sim::msg!(
                "Ctrl-C will stop lss-sim without a message: {e}",
                "Ctrl-C stoppar lss-sim utan meddelande: {sv}"
            ))
        );
    }
}

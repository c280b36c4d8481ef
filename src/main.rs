//! The `lss-sim` binary: parse, run, report the error with its location, exit.

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = lss_sim::cli::Cli::parse();
    match lss_sim::cli::run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            if let Some(snippet) = e.snippet() {
                eprintln!("{snippet}");
            }
            ExitCode::from(2)
        }
    }
}

//! The `tally` binary: everything lives in the library; see `tally::cli`.

use std::process::ExitCode;

fn main() -> ExitCode {
    tally::cli::run(std::env::args_os())
}

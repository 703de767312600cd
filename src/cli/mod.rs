//! The command line: [`Cli`], the [`Command`]s, and the one place exit codes
//! are decided (0 success, 1 bad input or config, 2 usage).

pub mod demo;
pub mod eval;
pub mod explain;
pub mod run;
pub mod search;
pub mod taxonomy;

use std::ffi::OsString;
use std::io::Write as _;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// tally: code consultation comments against a theme taxonomy and write committee-ready reports.
#[derive(Debug, Parser)]
#[command(name = "tally", version, about, max_term_width = 100)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Ingest, tag and report a project: writes the output folder.
    Run(run::Args),
    /// Run the shipped STLS example end to end and print a summary.
    Demo(demo::Args),
    /// Search a run's comments: best first, with highlighted snippets.
    Search(search::Args),
    /// Agreement with hand coding: per-theme P/R/F1, samples-F1, primary accuracy, kappa.
    Eval(eval::Args),
    /// Which rules fired on one comment, with the matched text, and why its primary theme won.
    Explain(explain::Args),
    /// Lint a taxonomy: bad rules, dead rules, overlapping themes.
    Taxonomy(taxonomy::Args),
}

/// Parses `args`, runs the command and maps the outcome to an exit code.
pub fn run<I, T>(args: I) -> ExitCode
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(e) => {
            let code = e.exit_code();
            let _ = e.print();
            return ExitCode::from(u8::try_from(code).unwrap_or(2));
        }
    };
    let result = match cli.command {
        Command::Run(args) => run::run(&args),
        Command::Demo(args) => demo::run(&args),
        Command::Search(args) => search::run(&args),
        Command::Eval(args) => eval::run(&args),
        Command::Explain(args) => explain::run(&args),
        Command::Taxonomy(args) => taxonomy::run(&args),
    };
    match result {
        Ok(code) => code,
        Err(err) => {
            if is_broken_pipe(&err) {
                return ExitCode::SUCCESS;
            }
            let _ = writeln!(std::io::stderr(), "tally: {err:#}");
            ExitCode::from(1)
        }
    }
}

fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|e| {
        e.downcast_ref::<std::io::Error>().is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

/// The default number of worker threads: the machine's cores.
#[must_use]
pub fn default_jobs() -> usize {
    std::thread::available_parallelism().map_or(1, std::num::NonZero::get)
}

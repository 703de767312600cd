//! The command line: [`Cli`], the [`Command`]s, and the one place exit codes
//! are decided (0 success, 1 bad input or config, 2 usage).

pub mod demo;
pub mod eval;
pub mod explain;
pub mod run;
pub mod search;
pub mod suggest;
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
    /// What the rules miss: distinctive words of untagged comments, near-misses per theme.
    Suggest(suggest::Args),
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
        Command::Suggest(args) => suggest::run(&args),
    };
    match result {
        Ok(code) => code,
        Err(err) => {
            if is_broken_pipe(&err) {
                return ExitCode::SUCCESS;
            }
            let _ = writeln!(std::io::stderr(), "tally: {}", message(&err));
            ExitCode::from(1)
        }
    }
}

/// The error and its causes joined by ": ", like `{err:#}`, but leaving out a
/// cause that the message before it already ends with (our error types show
/// their I/O source in their own message).
fn message(err: &anyhow::Error) -> String {
    let mut out = String::new();
    for cause in err.chain() {
        let text = cause.to_string();
        if out.ends_with(&text) {
            continue;
        }
        if !out.is_empty() {
            out.push_str(": ");
        }
        out.push_str(&text);
    }
    out
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn message_leaves_out_repeated_causes() {
        let io = || std::io::Error::from(std::io::ErrorKind::NotFound);
        let cases: Vec<(anyhow::Error, &str)> = vec![
            (
                crate::ingest::Error::Io { path: "nope.csv".into(), source: io() }.into(),
                "nope.csv: entity not found",
            ),
            (
                anyhow::Error::new(crate::ingest::Error::Io { path: "a.csv".into(), source: io() })
                    .context("reading project p.toml"),
                "reading project p.toml: a.csv: entity not found",
            ),
            (anyhow::Error::new(io()).context("reading x"), "reading x: entity not found"),
        ];
        for (err, want) in cases {
            assert_eq!(message(&err), want);
        }
    }
}

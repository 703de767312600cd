//! `tally eval PROJECT.toml --gold GOLD.csv`: agreement with hand coding.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context as _;

use crate::project::Plan;

/// Output formats of `tally eval`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// A readable table.
    Text,
    /// One JSON object.
    Json,
}

/// Arguments of `tally eval`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The project file (TOML).
    pub project: PathBuf,
    /// The hand-coded CSV: `id` (or `text`), `themes` (`;`-joined), optional `primary`, `status`.
    #[arg(long)]
    pub gold: PathBuf,
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    pub format: Format,
    /// Worker threads (default: the number of cores).
    #[arg(long, short = 'j')]
    pub jobs: Option<usize>,
}

/// Runs `tally eval`.
///
/// # Errors
/// Bad project, input or gold file.
pub fn run(args: &Args) -> anyhow::Result<ExitCode> {
    let jobs = args.jobs.unwrap_or_else(super::default_jobs);
    let plan = Plan::from_path(&args.project, PathBuf::from("tally-out"), jobs, true)
        .with_context(|| format!("reading project {}", args.project.display()))?;
    let bytes =
        std::fs::read(&args.gold).with_context(|| format!("reading gold file {}", args.gold.display()))?;
    let gold = crate::tag::eval::read_gold(&bytes, &args.gold)?;
    let run = crate::run::execute(&plan)?;
    let report = crate::tag::eval::evaluate(&run.taxonomy, &gold, &run.comments, &run.tags);
    let mut out = std::io::stdout().lock();
    match args.format {
        Format::Text => crate::tag::eval::write_text(&mut out, &report)?,
        Format::Json => {
            serde_json::to_writer_pretty(&mut out, &report)?;
            use std::io::Write as _;
            writeln!(out)?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

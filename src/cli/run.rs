//! `tally run PROJECT.toml`: ingest, tag and report.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context as _;

use crate::project::Plan;

/// Arguments of `tally run`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The project file (TOML).
    pub project: PathBuf,
    /// The output folder (replaced atomically).
    #[arg(long, default_value = "tally-out")]
    pub out: PathBuf,
    /// Worker threads (default: the number of cores). Outputs are identical whatever this is.
    #[arg(long, short = 'j')]
    pub jobs: Option<usize>,
    /// No progress bars.
    #[arg(long, short = 'q')]
    pub quiet: bool,
}

/// Runs `tally run`.
///
/// # Errors
/// Bad input or config, or the outputs cannot be written.
pub fn run(args: &Args) -> anyhow::Result<ExitCode> {
    let jobs = args.jobs.unwrap_or_else(super::default_jobs);
    let plan = Plan::from_path(&args.project, args.out.clone(), jobs, args.quiet)
        .with_context(|| format!("reading project {}", args.project.display()))?;
    let run = crate::run::execute(&plan)?;
    let out = crate::run::write_outputs(&plan.out, &run)?;
    let mut stdout = std::io::stdout().lock();
    print_summary(&mut stdout, &run, &out)?;
    Ok(ExitCode::SUCCESS)
}

/// Prints where the outputs went and a short per-source table.
///
/// # Errors
/// stdout cannot be written.
pub fn print_summary(
    w: &mut impl std::io::Write,
    run: &crate::run::Run,
    out: &std::path::Path,
) -> std::io::Result<()> {
    writeln!(w, "wrote {}", out.display())?;
    writeln!(
        w,
        "{:<28} {:>6} {:>8} {:>8} {:>6} {:>6} {:>8}",
        "source", "read", "comments", "untagged", "noise", "blank", "rejected"
    )?;
    for a in &run.accounts {
        writeln!(
            w,
            "{:<28} {:>6} {:>8} {:>8} {:>6} {:>6} {:>8}",
            a.source,
            a.items_read,
            a.comments,
            a.untagged,
            a.noise,
            a.blank,
            a.rejected.len()
        )?;
    }
    let _ = w.flush();
    Ok(())
}

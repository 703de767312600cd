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
    /// Print each stage's wall time and throughput to stderr at the end.
    #[arg(long)]
    pub timings: bool,
}

/// Runs `tally run`.
///
/// # Errors
/// Bad input or config, or the outputs cannot be written.
pub fn run(args: &Args) -> anyhow::Result<ExitCode> {
    let jobs = args.jobs.unwrap_or_else(super::default_jobs);
    let plan = Plan::from_path(&args.project, args.out.clone(), jobs, args.quiet)
        .with_context(|| format!("reading project {}", args.project.display()))?;
    let progress = crate::progress::Progress::for_stderr(plan.quiet);
    let run = crate::run::execute_with(&plan, &progress)?;
    let out = crate::run::write_outputs_with(&plan.out, &run, &progress)?;
    warn_missing_overrides(&run);
    let mut stdout = std::io::stdout().lock();
    print_summary(&mut stdout, &run, &out)?;
    if args.timings {
        progress.write_times(&mut std::io::stderr().lock())?;
    }
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
    let line = |w: &mut dyn std::io::Write, cells: [&dyn std::fmt::Display; 8]| {
        writeln!(
            w,
            "{:<26} {:>7} {:>8} {:>8} {:>6} {:>6} {:>6} {:>8}",
            cells[0].to_string(),
            cells[1].to_string(),
            cells[2].to_string(),
            cells[3].to_string(),
            cells[4].to_string(),
            cells[5].to_string(),
            cells[6].to_string(),
            cells[7].to_string()
        )
    };
    line(w, [&"source", &"read", &"comments", &"untagged", &"noise", &"events", &"blank", &"rejected"])?;
    let mut total = [0usize; 7];
    for a in &run.accounts {
        let n = [a.items_read, a.comments, a.untagged, a.noise, a.events_total, a.blank, a.rejected.len()];
        for (t, v) in total.iter_mut().zip(n) {
            *t += v;
        }
        line(w, [&a.source, &n[0], &n[1], &n[2], &n[3], &n[4], &n[5], &n[6]])?;
    }
    if run.accounts.len() > 1 {
        let t = total;
        line(w, [&"total", &t[0], &t[1], &t[2], &t[3], &t[4], &t[5], &t[6]])?;
    }
    let tagged: usize = run.accounts.iter().map(|a| a.tagged).sum();
    let comments: usize = total[1];
    if comments > 0 {
        #[allow(clippy::cast_precision_loss)]
        let pct = 100.0 * tagged as f64 / comments as f64;
        writeln!(
            w,
            "{tagged} of {comments} comments tagged ({pct:.1}%); report: {}",
            out.join("report.html").display()
        )?;
    }
    let _ = w.flush();
    Ok(())
}

/// Warns (stderr) about override ids that match no comment: the analyst's
/// correction did not apply, usually because the input changed.
pub fn warn_missing_overrides(run: &crate::run::Run) {
    if !run.overrides_missing.is_empty() {
        let n = run.overrides_missing.len();
        let ids: Vec<&str> = run.overrides_missing.iter().take(10).map(String::as_str).collect();
        let more = if n > 10 { format!(" and {} more", n - 10) } else { String::new() };
        eprintln!(
            "tally: warning: {n} override(s) name comments that no longer exist: {}{more} (listed in accounting.json)",
            ids.join(", ")
        );
    }
}

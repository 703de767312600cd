//! `tally suggest PROJECT.toml`: what the rules miss — distinctive words of
//! untagged comments, and per theme the comments that nearly matched.

use std::io::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context as _;

use crate::project::Plan;
use crate::tag::suggest;

/// Arguments of `tally suggest`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The project file (TOML).
    pub project: PathBuf,
    /// How many distinctive terms to list.
    #[arg(long, default_value_t = 30)]
    pub top: usize,
    /// How many near-misses to list per theme.
    #[arg(long, default_value_t = 5)]
    pub per_theme: usize,
}

/// Runs `tally suggest`.
///
/// # Errors
/// Bad project or input.
pub fn run(args: &Args) -> anyhow::Result<ExitCode> {
    let plan = Plan::from_path(&args.project, PathBuf::from("tally-out"), super::default_jobs(), true)
        .with_context(|| format!("reading project {}", args.project.display()))?;
    let run = crate::run::execute(&plan)?;
    let untagged = run.tags.iter().filter(|t| t.status == crate::model::Status::Untagged).count();
    let mut out = std::io::stdout().lock();
    writeln!(out, "{untagged} untagged of {} comments", run.comments.len())?;
    writeln!(out)?;
    writeln!(out, "words and phrases most typical of untagged comments (log-odds z vs tagged):")?;
    writeln!(out, "  {:<32} {:>8} {:>8} {:>6}", "term", "untagged", "tagged", "z")?;
    for t in suggest::distinctive(&run.comments, &run.tags, args.top) {
        writeln!(out, "  {:<32} {:>8} {:>8} {:>6.2}", t.term, t.untagged, t.tagged, t.z)?;
    }
    let misses = suggest::near_misses(&run.taxonomy, &run.comments, &run.tags, args.per_theme);
    if !misses.is_empty() {
        writeln!(out)?;
        writeln!(out, "near-misses (untagged comments that almost matched a theme):")?;
        for m in misses {
            writeln!(out, "  {:<18} {:<16} {}", m.theme, m.id, m.why)?;
            writeln!(out, "  {:<18} {:<16} {}", "", "", m.text.replace('\n', " "))?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

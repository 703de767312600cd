//! `tally taxonomy check TAXONOMY.toml [--project PROJECT.toml]`: lint a taxonomy.

use std::io::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context as _;

use crate::project::Plan;
use crate::taxonomy::{Taxonomy, check};

/// Arguments of `tally taxonomy`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// What to do with the taxonomy.
    #[command(subcommand)]
    pub command: Command,
}

/// `tally taxonomy` subcommands.
#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// Errors (exit 1) for rules that do not compile; warnings (exit 0) for
    /// duplicated phrases and, with --project, rules that match nothing in the
    /// project's data and themes that co-occur so often they may be duplicates.
    Check(CheckArgs),
}

/// Arguments of `tally taxonomy check`.
#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    /// The taxonomy file (TOML).
    pub taxonomy: PathBuf,
    /// A project whose comments the rules are tried on (its own taxonomy is ignored).
    #[arg(long)]
    pub project: Option<PathBuf>,
}

/// Runs `tally taxonomy`.
///
/// # Errors
/// A bad taxonomy (naming theme, rule and file), or a bad project.
pub fn run(args: &Args) -> anyhow::Result<ExitCode> {
    let Command::Check(args) = &args.command;
    let tax = Taxonomy::from_path(&args.taxonomy)?;
    let mut warnings = check::check_static(&tax);
    let mut comments = None;
    if let Some(project) = &args.project {
        let mut plan = Plan::from_path(project, PathBuf::from("tally-out"), super::default_jobs(), true)
            .with_context(|| format!("reading project {}", project.display()))?;
        plan.taxonomy = tax.clone();
        let run = crate::run::execute(&plan)?;
        warnings.extend(check::check_data(&tax, &run.tags));
        comments = Some(run.comments.len());
    }
    let rules: usize = tax
        .themes
        .iter()
        .map(|t| {
            t.phrases.len()
                + t.weak.len()
                + t.regex.len()
                + t.query.len()
                + t.whole.len()
                + t.exclude.len()
                + t.exclude_regex.len()
        })
        .sum();
    let mut out = std::io::stdout().lock();
    write!(out, "{}: ok: {} themes, {rules} rules", args.taxonomy.display(), tax.themes.len())?;
    match comments {
        Some(n) => writeln!(out, ", tried on {n} comments")?,
        None => writeln!(out)?,
    }
    for w in &warnings {
        writeln!(out, "warning: {}: theme {}: {}", args.taxonomy.display(), w.theme, w.message)?;
    }
    if !warnings.is_empty() {
        writeln!(out, "{} warning{}", warnings.len(), if warnings.len() == 1 { "" } else { "s" })?;
    }
    Ok(ExitCode::SUCCESS)
}

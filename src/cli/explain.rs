//! `tally explain PROJECT.toml COMMENT_ID...`: which rules fired on a comment, and why.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context as _, bail};

use crate::project::Plan;
use crate::tag::Tagger;

/// Arguments of `tally explain`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The project file (TOML).
    pub project: PathBuf,
    /// The comment's id (as in comments.csv); several may be given, and
    /// each is explained in turn (the project is read and tagged once).
    #[arg(required = true)]
    pub ids: Vec<String>,
}

/// Runs `tally explain`.
///
/// # Errors
/// Bad project or input, or no comment has that id.
pub fn run(args: &Args) -> anyhow::Result<ExitCode> {
    let plan = Plan::from_path(&args.project, PathBuf::from("tally-out"), super::default_jobs(), true)
        .with_context(|| format!("reading project {}", args.project.display()))?;
    let run = crate::run::execute(&plan)?;
    let mut at = Vec::with_capacity(args.ids.len());
    for id in &args.ids {
        let Some(i) = run.comments.iter().position(|c| &c.id == id) else {
            bail!("no comment with id {id:?} in project {}", args.project.display());
        };
        at.push(i);
    }
    let tagger = Tagger::new(&run.taxonomy)?;
    let mut out = std::io::stdout().lock();
    use std::io::Write as _;
    for (n, &i) in at.iter().enumerate() {
        if n > 0 {
            writeln!(out, "\n{}\n", "─".repeat(60))?;
        }
        crate::tag::explain::write(&mut out, &tagger, &run.comments[i], &run.tags[i])?;
    }
    if !run.overrides_missing.is_empty() {
        writeln!(
            out,
            "\nnote      {} id(s) in the overrides file match no comment: {}",
            run.overrides_missing.len(),
            run.overrides_missing.join(", ")
        )?;
    }
    Ok(ExitCode::SUCCESS)
}

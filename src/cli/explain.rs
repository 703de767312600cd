//! `tally explain PROJECT.toml COMMENT_ID`: which rules fired on one comment, and why.

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
    /// The comment's id (as in comments.csv).
    pub id: String,
}

/// Runs `tally explain`.
///
/// # Errors
/// Bad project or input, or no comment has that id.
pub fn run(args: &Args) -> anyhow::Result<ExitCode> {
    let plan = Plan::from_path(&args.project, PathBuf::from("tally-out"), super::default_jobs(), true)
        .with_context(|| format!("reading project {}", args.project.display()))?;
    let run = crate::run::execute(&plan)?;
    let Some(i) = run.comments.iter().position(|c| c.id == args.id) else {
        bail!("no comment with id {:?} in project {}", args.id, args.project.display());
    };
    let tagger = Tagger::new(&run.taxonomy)?;
    let mut out = std::io::stdout().lock();
    crate::tag::explain::write(&mut out, &tagger, &run.comments[i], &run.tags[i])?;
    if !run.overrides_missing.is_empty() {
        use std::io::Write as _;
        writeln!(
            out,
            "\nnote      {} id(s) in the overrides file match no comment: {}",
            run.overrides_missing.len(),
            run.overrides_missing.join(", ")
        )?;
    }
    Ok(ExitCode::SUCCESS)
}

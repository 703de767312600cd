//! `tally demo`: the shipped STLS example, end to end.
//!
//! The example's inputs are compiled into the binary, so the demo works
//! from any folder: they are written to a temp folder (keeping the layout
//! the project file's relative paths expect) and run like `tally run`.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context as _;

use crate::project::Plan;

/// The example's files: (path relative to the repository root, contents).
pub const FILES: &[(&str, &[u8])] = &[
    ("demo/stls.toml", include_bytes!("../../demo/stls.toml")),
    ("taxonomies/stls.toml", include_bytes!("../../taxonomies/stls.toml")),
    ("fixtures/demo/stls-notes.xlsx", include_bytes!("../../fixtures/demo/stls-notes.xlsx")),
    ("fixtures/demo/internal-steering.csv", include_bytes!("../../fixtures/demo/internal-steering.csv")),
    ("fixtures/demo/schools-chat.txt", include_bytes!("../../fixtures/demo/schools-chat.txt")),
    ("fixtures/demo/schools-register.xlsx", include_bytes!("../../fixtures/demo/schools-register.xlsx")),
    ("fixtures/survey/impact-survey.xlsx", include_bytes!("../../fixtures/survey/impact-survey.xlsx")),
];

/// Arguments of `tally demo`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The output folder (replaced atomically).
    #[arg(long, default_value = "tally-out")]
    pub out: PathBuf,
    /// Worker threads (default: the number of cores).
    #[arg(long, short = 'j')]
    pub jobs: Option<usize>,
    /// No progress bars.
    #[arg(long, short = 'q')]
    pub quiet: bool,
    /// Also copy the example's input files into this folder, to look at or adapt.
    #[arg(long, value_name = "DIR")]
    pub inputs: Option<PathBuf>,
}

/// Writes the example's files under `root`.
///
/// # Errors
/// A file cannot be written.
pub fn materialise(root: &Path) -> anyhow::Result<PathBuf> {
    for (rel, bytes) in FILES {
        let p = root.join(rel);
        if let Some(dir) = p.parent() {
            std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
        }
        std::fs::write(&p, bytes).with_context(|| format!("writing {}", p.display()))?;
    }
    Ok(root.join("demo/stls.toml"))
}

/// Runs `tally demo`.
///
/// # Errors
/// The example cannot be written or run.
pub fn run(args: &Args) -> anyhow::Result<ExitCode> {
    let tmp = tempfile::tempdir().context("creating a temp folder for the demo inputs")?;
    let project = materialise(tmp.path())?;
    if let Some(dir) = &args.inputs {
        materialise(dir)?;
    }
    let jobs = args.jobs.unwrap_or_else(super::default_jobs);
    let plan =
        Plan::from_path(&project, args.out.clone(), jobs, args.quiet).context("reading the demo project")?;
    let run = crate::run::execute(&plan)?;
    let out = crate::run::write_outputs(&plan.out, &run)?;
    super::run::warn_missing_overrides(&run);
    let mut stdout = std::io::stdout().lock();
    super::run::print_summary(&mut stdout, &run, &out)?;
    Ok(ExitCode::SUCCESS)
}

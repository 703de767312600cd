//! Report: the run's results to the output folder.
//!
//! Input: a finished [`Run`]. Output: `comments.csv`, `theme_shares.csv`,
//! `theme_mentions.csv`, `accounting.json`, `report.md` (and more as the
//! report grows). Invariants: every CSV is UTF-8, RFC 4180, formula-safe
//! (OWASP prefix), and byte-identical for the same inputs; writers take a
//! folder or `impl Write` and never print.

pub mod content;
pub mod csv_out;
pub mod html;
pub mod markdown;
pub mod profile;
pub mod redact;
pub mod tables_csv;
pub mod xlsx;

use std::path::{Path, PathBuf};

use thiserror::Error;

use crate::run::Run;

/// Errors writing outputs.
#[derive(Debug, Error)]
pub enum Error {
    /// A file could not be written.
    #[error("cannot write {path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// A CSV could not be written.
    #[error("cannot write {path}: {message}")]
    Csv {
        /// The file.
        path: PathBuf,
        /// The writer's message.
        message: String,
    },
    /// The xlsx could not be written.
    #[error("cannot write {path}: {message}")]
    Xlsx {
        /// The file.
        path: PathBuf,
        /// The writer's message.
        message: String,
    },
}

/// Wraps an I/O error with the file it concerns.
pub(crate) fn io_err(path: &Path) -> impl FnOnce(std::io::Error) -> Error + '_ {
    move |source| Error::Io { path: path.to_owned(), source }
}

/// Writes every output file of `run` into `dir` (which must exist).
///
/// # Errors
/// A file could not be written.
pub fn write_all(dir: &Path, run: &Run) -> Result<(), Error> {
    csv_out::write_comments(&dir.join("comments.csv"), run)?;
    csv_out::write_shares(&dir.join("theme_shares.csv"), &run.shares, true)?;
    csv_out::write_shares(&dir.join("theme_mentions.csv"), &run.mentions, false)?;
    profile::write_profile(&dir.join("profile.csv"), &run.profile)?;
    write_accounting(&dir.join("accounting.json"), run)?;
    let content = content::Content::of(run);
    tables_csv::write_survey(&dir.join("survey.csv"), &content.survey)?;
    tables_csv::write_agreed(&dir.join("agreed_points.csv"), &content.agreed)?;
    let md = markdown::render(run, &content);
    std::fs::write(dir.join("report.md"), md).map_err(io_err(&dir.join("report.md")))?;
    let html = html::render(run, &content);
    std::fs::write(dir.join("report.html"), html).map_err(io_err(&dir.join("report.html")))?;
    xlsx::write(&dir.join("report.xlsx"), run, &content)?;
    Ok(())
}

fn write_accounting(path: &Path, run: &Run) -> Result<(), Error> {
    #[derive(serde::Serialize)]
    struct Totals {
        rows_read: usize,
        items_read: usize,
        comments: usize,
        tagged: usize,
        untagged: usize,
        noise: usize,
        blank: usize,
        events: usize,
        rejected: usize,
    }
    #[derive(serde::Serialize)]
    struct Accounting<'a> {
        tally_version: &'static str,
        invariant: &'static str,
        totals: Totals,
        sources: &'a [crate::model::SourceAccount],
        overrides_applied: usize,
        overrides_missing: &'a [String],
    }
    let a = &run.accounts;
    let sum = |f: fn(&crate::model::SourceAccount) -> usize| a.iter().map(f).sum::<usize>();
    let doc = Accounting {
        tally_version: env!("CARGO_PKG_VERSION"),
        invariant: "items_read = comments + noise + blank + events_total + rejected",
        totals: Totals {
            rows_read: sum(|s| s.rows_read),
            items_read: sum(|s| s.items_read),
            comments: sum(|s| s.comments),
            tagged: sum(|s| s.tagged),
            untagged: sum(|s| s.untagged),
            noise: sum(|s| s.noise),
            blank: sum(|s| s.blank),
            events: sum(|s| s.events_total),
            rejected: sum(|s| s.rejected.len()),
        },
        sources: a,
        overrides_applied: run.overridden.len(),
        overrides_missing: &run.overrides_missing,
    };
    let mut text = serde_json::to_string_pretty(&doc)
        .map_err(|e| Error::Csv { path: path.to_owned(), message: e.to_string() })?;
    text.push('\n');
    std::fs::write(path, text).map_err(io_err(path))
}

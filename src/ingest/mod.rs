//! Ingest: source files to comments.
//!
//! Input: a [`SourceSpec`] (paths already resolved). Output: a [`Batch`] —
//! the comments, the source's accounting (rows read, blank, rejected with
//! reasons, chat events), its attendee list and, for surveys, the closed
//! answers. Invariant: every item read lands in exactly one bucket of the
//! [`SourceAccount`]; nothing is dropped silently. A file that cannot be read
//! at all is an [`Error`](enum@Error) naming the file and the problem.

pub mod chat;
pub mod decode;
pub mod grid;
pub mod normalize;
pub mod register;
pub mod survey;
pub mod table;

use std::path::PathBuf;

use thiserror::Error;

use crate::model::{Comment, Person, SourceAccount};
use crate::project::{SourceKind, SourceSpec};

/// Errors reading a source. Each names the file.
#[derive(Debug, Error)]
pub enum Error {
    /// The file could not be opened or read.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// A directory was given where a file is expected.
    #[error("{path}: is a directory, not a file")]
    NotAFile {
        /// The path.
        path: PathBuf,
    },
    /// The file is empty (no header row).
    #[error("{path}: the file is empty (no header row)")]
    Empty {
        /// The file.
        path: PathBuf,
    },
    /// The spreadsheet is corrupt, truncated or not a spreadsheet.
    #[error("{path}: cannot read spreadsheet: {message}")]
    Spreadsheet {
        /// The file.
        path: PathBuf,
        /// The reader's message.
        message: String,
    },
    /// The named sheet does not exist.
    #[error("{path}: no sheet named {sheet:?}; the sheets are: {}", quoted(found))]
    UnknownSheet {
        /// The file.
        path: PathBuf,
        /// The sheet asked for.
        sheet: String,
        /// The sheets found.
        found: Vec<String>,
    },
    /// A configured column is not in the header row.
    #[error("{path}: no column {column:?}; the headers found are: {}", quoted(found))]
    MissingColumn {
        /// The file.
        path: PathBuf,
        /// The column asked for.
        column: String,
        /// The headers found.
        found: Vec<String>,
    },
    /// The file or one of its parts is past a size limit.
    #[error("{path}: too large: {what}")]
    TooLarge {
        /// The file.
        path: PathBuf,
        /// What is too large.
        what: String,
    },
    /// The CSV header could not be parsed.
    #[error("{path}: line {line}: {message}")]
    Csv {
        /// The file.
        path: PathBuf,
        /// The line.
        line: usize,
        /// The parser's message.
        message: String,
    },
    /// The content is not in the expected format.
    #[error("{path}: {at}: {message}")]
    Format {
        /// The file.
        path: PathBuf,
        /// Where ("line 3", "row 7", "question \"…\"").
        at: String,
        /// What was expected.
        message: String,
    },
}

fn quoted(v: &[String]) -> String {
    if v.is_empty() {
        return "(none)".into();
    }
    v.iter().map(|s| format!("{s:?}")).collect::<Vec<_>>().join(", ")
}

/// What one source yields.
#[derive(Debug, Clone, Default)]
pub struct Batch {
    /// The comments (text non-blank), in input order.
    pub comments: Vec<Comment>,
    /// The accounting so far (comment/noise split is finished after tagging).
    pub account: SourceAccount,
    /// The attendee list (register or attendance report), if the source has one.
    pub people: Vec<Person>,
    /// Survey answers to closed questions (survey sources only).
    pub survey: Option<survey::SurveyData>,
}

/// Reads one source.
///
/// # Errors
/// The file cannot be read at all (missing, corrupt, missing column, …).
pub fn read_source(spec: &SourceSpec) -> Result<Batch, Error> {
    let mut batch = match spec.kind {
        SourceKind::Table => table::read(spec)?,
        SourceKind::Chat => chat::read(spec)?,
        SourceKind::Survey => survey::read(spec)?,
    };
    batch.account.source.clone_from(&spec.name);
    batch.account.kind = spec.kind.as_str().to_owned();
    batch.account.path = spec.written_path.display().to_string();
    Ok(batch)
}

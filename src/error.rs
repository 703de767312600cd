//! The crate-wide error: one variant per pipeline stage, each carrying that
//! stage's structured error.

use thiserror::Error;

/// Any error tally can report. All of them mean "bad input or config" (exit 1).
#[derive(Debug, Error)]
pub enum Error {
    /// The project file is unreadable or invalid.
    #[error(transparent)]
    Project(#[from] crate::project::Error),
    /// A source could not be read.
    #[error(transparent)]
    Ingest(#[from] crate::ingest::Error),
    /// The taxonomy is unreadable or has a bad rule.
    #[error(transparent)]
    Taxonomy(#[from] crate::taxonomy::Error),
    /// Tagging failed (a query rule could not run).
    #[error(transparent)]
    Tag(#[from] crate::tag::Error),
    /// The outputs could not be written.
    #[error(transparent)]
    Report(#[from] crate::report::Error),
    /// The search index could not be built or opened.
    #[error(transparent)]
    Index(#[from] crate::index::Error),
}

/// The crate-wide result.
pub type Result<T, E = Error> = std::result::Result<T, E>;

//! Index: the run's persisted tantivy search index (`<out>/index`).
//!
//! Input: a finished run. Output: an index folder `tally search` opens.
//! (Being built: see issue 6. Until then the folder holds only a version
//! marker, and `tally search` is not offered.)

use std::path::{Path, PathBuf};

use thiserror::Error;

use crate::run::Run;

/// Errors building or opening the index.
#[derive(Debug, Error)]
pub enum Error {
    /// The folder could not be written.
    #[error("cannot write index {path}: {source}")]
    Io {
        /// The folder.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
}

/// Writes the search index for `run` into `dir`.
///
/// # Errors
/// The folder cannot be written.
pub fn write_index(dir: &Path, run: &Run) -> Result<(), Error> {
    let _ = run;
    std::fs::create_dir_all(dir).map_err(|source| Error::Io { path: dir.to_owned(), source })
}

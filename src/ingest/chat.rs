//! `kind = "chat"`: Zoom and Teams chat exports (being built: see issue 3).

use crate::project::SourceSpec;

use super::{Batch, Error};

/// Reads a `chat` source.
///
/// # Errors
/// Always, until the chat reader lands: chat sources are not read yet.
pub fn read(spec: &SourceSpec) -> Result<Batch, Error> {
    Err(Error::Format {
        path: spec.path.clone(),
        at: "source".into(),
        message: "chat sources are not supported by this build".into(),
    })
}

//! `kind = "survey"`: a survey export (Microsoft Forms .xlsx, or any table).
//! Free-text questions become comments; closed questions are kept as
//! [`SurveyData`] for `survey.csv`.

use crate::project::SourceSpec;

use super::grid::read_grid;
use super::table::{Columns, comments_from_grid};
use super::{Batch, Error};

/// Closed-question answers of a survey source.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SurveyData {
    /// Respondents' dimensions, one map per data row.
    pub respondents: Vec<std::collections::BTreeMap<String, String>>,
}

/// Reads a `survey` source.
///
/// # Errors
/// The file cannot be read, or a configured column is missing.
pub fn read(spec: &SourceSpec) -> Result<Batch, Error> {
    let grid = read_grid(&spec.path, spec.sheet.as_deref())?;
    let mut text = spec.text.as_ref().map(crate::project::OneOrMany::to_vec).unwrap_or_default();
    for q in &spec.questions {
        if q.kind.as_deref().unwrap_or("text") == "text" && !text.contains(&q.column) {
            text.push(q.column.clone());
        }
    }
    let cols = Columns::resolve(spec, &grid, &text)?;
    Ok(comments_from_grid(spec, &grid, &cols))
}

//! `survey.csv` and `agreed_points.csv`, formula-safe like every CSV.

use std::path::Path;

use super::Error;
use super::csv_out::safe;
use crate::aggregate::agreed::AgreedPoint;
use crate::aggregate::survey::SurveyRow;

fn writer(path: &Path) -> Result<csv::Writer<std::io::BufWriter<std::fs::File>>, Error> {
    let f = std::fs::File::create(path).map_err(super::io_err(path))?;
    Ok(csv::WriterBuilder::new().terminator(csv::Terminator::CRLF).from_writer(std::io::BufWriter::new(f)))
}

fn csv_err(path: &Path) -> impl Fn(csv::Error) -> Error + '_ {
    move |e| Error::Csv { path: path.to_owned(), message: e.to_string() }
}

/// The header of `survey.csv`.
pub const SURVEY_HEADER: [&str; 8] =
    ["source", "question", "group_by", "group", "answer", "responses", "share_pct", "mean"];

/// A mean as written in `survey.csv` (two decimals; empty when none).
#[must_use]
pub fn mean_cell(mean: Option<f64>) -> String {
    mean.map(|m| format!("{m:.2}")).unwrap_or_default()
}

/// Writes `survey.csv`: exactly the contract's columns.
///
/// # Errors
/// The file cannot be written.
pub fn write_survey(path: &Path, rows: &[SurveyRow]) -> Result<(), Error> {
    let mut wtr = writer(path)?;
    let err = csv_err(path);
    wtr.write_record(SURVEY_HEADER).map_err(&err)?;
    for r in rows {
        wtr.write_record([
            safe(&r.source).as_ref(),
            safe(&r.question).as_ref(),
            &r.group_by,
            safe(&r.group).as_ref(),
            safe(&r.answer).as_ref(),
            &r.responses.to_string(),
            &format!("{:.1}", r.share_pct),
            &mean_cell(r.mean),
        ])
        .map_err(&err)?;
    }
    wtr.flush().map_err(super::io_err(path))
}

/// Writes `agreed_points.csv`.
///
/// # Errors
/// The file cannot be written.
pub fn write_agreed(path: &Path, points: &[AgreedPoint]) -> Result<(), Error> {
    let mut wtr = writer(path)?;
    let err = csv_err(path);
    wtr.write_record(["option", "question", "theme", "stakeholders"]).map_err(&err)?;
    for p in points {
        wtr.write_record([
            safe(&p.option).as_ref(),
            safe(&p.question).as_ref(),
            &p.theme,
            safe(&p.stakeholders.join(";")).as_ref(),
        ])
        .map_err(&err)?;
    }
    wtr.flush().map_err(super::io_err(path))
}

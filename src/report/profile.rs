//! `profile.csv`: who took part, per source and dimension (formula-safe).

use std::path::Path;

use super::Error;
use super::csv_out::safe;
use crate::aggregate::profile::ProfileRow;

/// The header of `profile.csv`: the contract's columns, then `base`.
pub const PROFILE_HEADER: [&str; 6] = ["source", "dimension", "value", "people", "share_pct", "base"];

/// Writes `profile.csv`.
///
/// # Errors
/// The file cannot be written.
pub fn write_profile(path: &Path, rows: &[ProfileRow]) -> Result<(), Error> {
    let f = std::fs::File::create(path).map_err(super::io_err(path))?;
    let mut wtr =
        csv::WriterBuilder::new().terminator(csv::Terminator::CRLF).from_writer(std::io::BufWriter::new(f));
    let err = |e: csv::Error| Error::Csv { path: path.to_owned(), message: e.to_string() };
    wtr.write_record(PROFILE_HEADER).map_err(err)?;
    for r in rows {
        wtr.write_record([
            safe(&r.source).as_ref(),
            safe(&r.dimension).as_ref(),
            safe(&r.value).as_ref(),
            &r.people.to_string(),
            &format!("{:.1}", r.share_pct),
            &r.base.to_string(),
        ])
        .map_err(err)?;
    }
    wtr.flush().map_err(super::io_err(path))
}

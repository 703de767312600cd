//! Writing search results: `text` (for people), `csv` and `json` (for
//! scripts: the `comments.csv` fields plus `score` and `snippet`).

use std::io::Write;

use serde::Serialize;

use super::{Hit, Results};
use crate::index::Record;
use crate::report::csv_out::{COMMENTS_HEADER, safe};

/// The output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// A readable list with highlighted snippets.
    Text,
    /// CSV: the comments.csv columns, then score and snippet (formula-safe).
    Csv,
    /// A JSON array of objects with the same fields.
    Json,
}

/// How highlights are marked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Markers {
    /// `«` and `»`.
    Plain,
    /// ANSI bold red (for a terminal).
    Colour,
}

impl Markers {
    fn pair(self) -> (&'static str, &'static str) {
        match self {
            Markers::Plain => ("«", "»"),
            Markers::Colour => ("\x1b[1;31m", "\x1b[0m"),
        }
    }
}

/// The score as printed: four decimals.
fn score(s: f32) -> f64 {
    (f64::from(s) * 10_000.0).round() / 10_000.0
}

/// Writes `res` as text.
///
/// # Errors
/// `w` cannot be written.
pub fn write_text(w: &mut impl Write, res: &Results, markers: Markers) -> std::io::Result<()> {
    let (open, close) = markers.pair();
    let (dim, undim) = match markers {
        Markers::Plain => ("", ""),
        Markers::Colour => ("\x1b[2m", "\x1b[0m"),
    };
    if res.hits.is_empty() {
        return writeln!(w, "no comments match");
    }
    for (i, h) in res.hits.iter().enumerate() {
        let r = &h.record;
        writeln!(w, "{:>3}. {}  {dim}score {:.4}{undim}", i + 1, r.id, score(h.score))?;
        let option = if r.option.is_empty() { String::new() } else { format!("option {}", r.option) };
        let dims: Vec<&str> =
            [option.as_str(), &r.stakeholder, &r.question].into_iter().filter(|s| !s.is_empty()).collect();
        let themes = if r.themes.is_empty() { r.status.as_str() } else { r.themes.as_str() };
        writeln!(
            w,
            "     {dim}{} | themes: {themes}{undim}",
            if dims.is_empty() { "-".to_owned() } else { dims.join(" / ") }
        )?;
        writeln!(w, "     {}", h.snippet.render(open, close))?;
        writeln!(w)?;
    }
    writeln!(w, "{} of {} matching comments", res.hits.len(), res.total)
}

/// Writes `res` as CSV (RFC 4180, CRLF, formula-safe cells).
///
/// # Errors
/// `w` cannot be written.
pub fn write_csv(w: &mut impl Write, res: &Results) -> std::io::Result<()> {
    let mut wtr = csv::WriterBuilder::new().terminator(csv::Terminator::CRLF).from_writer(w);
    let mut header: Vec<&str> = COMMENTS_HEADER.to_vec();
    header.extend(["score", "snippet"]);
    wtr.write_record(&header)?;
    for h in &res.hits {
        let snippet = h.snippet.render("«", "»");
        let score = format!("{:.4}", score(h.score));
        let mut rec: Vec<std::borrow::Cow<'_, str>> = h.record.values().into_iter().map(safe).collect();
        rec.push(score.as_str().into());
        rec.push(safe(&snippet));
        wtr.write_record(rec.iter().map(|c| c.as_bytes()))?;
    }
    wtr.flush()
}

#[derive(Serialize)]
struct JsonHit<'a> {
    #[serde(flatten)]
    record: &'a Record,
    score: f64,
    snippet: String,
}

/// Writes `res` as a JSON array of objects.
///
/// # Errors
/// `w` cannot be written.
pub fn write_json(w: &mut impl Write, res: &Results) -> std::io::Result<()> {
    let rows: Vec<JsonHit<'_>> = res.hits.iter().map(json_hit).collect();
    serde_json::to_writer_pretty(&mut *w, &rows)?;
    writeln!(w)
}

fn json_hit(h: &Hit) -> JsonHit<'_> {
    JsonHit { record: &h.record, score: score(h.score), snippet: h.snippet.render("«", "»") }
}

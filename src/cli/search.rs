//! `tally search QUERY --index DIR`: find the comments that say it best.

use std::io::{IsTerminal as _, Write as _};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context as _;

use crate::index::{Filter, SearchIndex};
use crate::search::format::{self, Format, Markers};
use crate::search::{Filters, Request};

/// Arguments of `tally search`.
///
/// Query syntax: words (stemmed: `paying` finds "pay", "paid"… by stem),
/// "exact phrases", phrase slop `"pay for"~2`, fuzzy `afford~1`, AND, OR,
/// NOT (or `-word`), parentheses. Adjacent terms must all match.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The query, e.g. '"postcode lottery" OR unfair' (empty: every comment).
    ///
    /// Words match by stem (paying: pay, pays, paying); "exact phrases" match the
    /// words as written, in order, and "pay for"~2 allows two moves; afford~1 is
    /// fuzzy (one edit; ~2 at most); AND, OR, NOT (capitals) or -word, and
    /// parentheses combine them. Adjacent terms must all match.
    pub query: String,
    /// The index folder of a run (`<out>/index`).
    #[arg(long, value_name = "DIR")]
    pub index: PathBuf,
    /// Only this option ("3", "Option 3", "option three"); repeatable.
    #[arg(long, value_name = "N")]
    pub option: Vec<String>,
    /// Only this stakeholder group; repeatable.
    #[arg(long, value_name = "S")]
    pub stakeholder: Vec<String>,
    /// Only this question (advantages, disadvantages, risks, …); repeatable.
    #[arg(long, value_name = "Q")]
    pub question: Vec<String>,
    /// Only comments tagged with this theme id; repeatable.
    #[arg(long, value_name = "T")]
    pub theme: Vec<String>,
    /// Only this source (its name in the project file); repeatable.
    #[arg(long, value_name = "NAME")]
    pub source: Vec<String>,
    /// Only this phase; repeatable.
    #[arg(long, value_name = "P")]
    pub phase: Vec<String>,
    /// Only this role; repeatable.
    #[arg(long, value_name = "R")]
    pub role: Vec<String>,
    /// Only this district; repeatable.
    #[arg(long, value_name = "D")]
    pub district: Vec<String>,
    /// Only this status (tagged, untagged, noise); repeatable.
    #[arg(long, value_name = "S")]
    pub status: Vec<String>,
    /// At most this many results.
    #[arg(long, short = 'n', default_value_t = 10, value_parser = clap::value_parser!(u32).range(1..=100_000))]
    pub limit: u32,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// Show personal data (emails, phones, postcodes, names) instead of redacting it.
    #[arg(long)]
    pub no_redact: bool,
}

impl Args {
    fn filters(&self) -> Filters {
        let mut f = Filters::default();
        for (filter, values) in [
            (Filter::Option, &self.option),
            (Filter::Stakeholder, &self.stakeholder),
            (Filter::Question, &self.question),
            (Filter::Theme, &self.theme),
            (Filter::Source, &self.source),
            (Filter::Phase, &self.phase),
            (Filter::Role, &self.role),
            (Filter::District, &self.district),
            (Filter::Status, &self.status),
        ] {
            for v in values {
                f.add(filter, v);
            }
        }
        f
    }
}

/// Runs `tally search`.
///
/// # Errors
/// The index cannot be opened, the query does not parse, or stdout fails.
pub fn run(args: &Args) -> anyhow::Result<ExitCode> {
    let idx = SearchIndex::open_in_dir(&args.index)
        .with_context(|| format!("opening index {}", args.index.display()))?;
    let req = Request {
        query: args.query.clone(),
        filters: args.filters(),
        limit: args.limit as usize,
        redact: !args.no_redact,
    };
    let res = crate::search::search(&idx, &req)?;
    let stdout = std::io::stdout();
    let markers = if stdout.is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()) {
        Markers::Colour
    } else {
        Markers::Plain
    };
    let mut w = std::io::BufWriter::new(stdout.lock());
    match args.format {
        Format::Text => format::write_text(&mut w, &res, markers)?,
        Format::Csv => format::write_csv(&mut w, &res)?,
        Format::Json => format::write_json(&mut w, &res)?,
    }
    w.flush()?;
    Ok(ExitCode::SUCCESS)
}

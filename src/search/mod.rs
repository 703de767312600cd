//! Search: queries over a run's index, best first, with snippets.
//!
//! Input: an opened [`SearchIndex`], a query string ([`query`] syntax) and
//! [`Filters`]. Output: up to `limit` [`Hit`]s, ordered by BM25 score
//! (descending), ties by comment id (ascending), each with its
//! `comments.csv` record and a [`snippet::Snippet`].
//!
//! Invariants: read-only (the index is never written); filters never change
//! scores (they are constant-score clauses); the same index and arguments
//! always give the same hits in the same order.

pub mod format;
pub mod query;
pub mod snippet;

use std::cmp::Reverse;

use tantivy::Term;
use tantivy::collector::TopDocs;
use tantivy::query::{BooleanQuery, ConstScoreQuery, Occur, Query, TermQuery};
use tantivy::schema::IndexRecordOption;
use thiserror::Error;

use crate::index::{self, Filter, Record, SearchIndex};

/// Errors searching.
#[derive(Debug, Error)]
pub enum Error {
    /// The query does not parse.
    #[error(transparent)]
    Syntax(#[from] query::SyntaxError),
    /// `--theme` names a theme the run's taxonomy does not have.
    #[error("unknown theme {theme:?}: the index's taxonomy has {known}")]
    UnknownTheme {
        /// The theme given.
        theme: String,
        /// The theme ids the index knows, comma-separated.
        known: String,
    },
    /// The index could not be read.
    #[error(transparent)]
    Index(#[from] index::Error),
    /// tantivy failed while searching.
    #[error("searching {path}: {source}")]
    Tantivy {
        /// The index folder.
        path: std::path::PathBuf,
        /// tantivy's error.
        source: tantivy::TantivyError,
    },
}

/// Filters: a comment passes when, for every filter with values, it has one
/// of them (values of one filter are OR-ed, filters AND-ed).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filters {
    /// `(filter, value)` pairs, as given.
    pub values: Vec<(Filter, String)>,
}

impl Filters {
    /// Adds `value` for `filter`, normalised as ingest normalises that
    /// dimension (`Option 3` → `3`, `Disadvantages` → `disadvantages`).
    pub fn add(&mut self, filter: Filter, value: &str) {
        let v = match filter {
            Filter::Option => crate::ingest::normalize::option(value),
            Filter::Question => crate::ingest::normalize::question(value),
            _ => crate::ingest::normalize::collapse_spaces(value),
        };
        self.values.push((filter, index::keyword(&v)));
    }

    fn to_query(&self, fields: &index::Fields) -> Option<Box<dyn Query>> {
        let mut by_filter: Vec<(Filter, Vec<&str>)> = Vec::new();
        for (f, v) in &self.values {
            match by_filter.iter_mut().find(|(g, _)| g == f) {
                Some((_, vs)) => vs.push(v),
                None => by_filter.push((*f, vec![v])),
            }
        }
        if by_filter.is_empty() {
            return None;
        }
        let clauses = by_filter
            .into_iter()
            .map(|(f, vs)| {
                let field = fields.filter(f);
                let alts: Vec<(Occur, Box<dyn Query>)> = vs
                    .into_iter()
                    .map(|v| {
                        let q: Box<dyn Query> = Box::new(TermQuery::new(
                            Term::from_field_text(field, v),
                            IndexRecordOption::Basic,
                        ));
                        (Occur::Should, q)
                    })
                    .collect();
                let q: Box<dyn Query> = Box::new(BooleanQuery::new(alts));
                (Occur::Must, q)
            })
            .collect();
        Some(Box::new(ConstScoreQuery::new(Box::new(BooleanQuery::new(clauses)), 0.0)))
    }
}

/// One search result.
#[derive(Debug, Clone)]
pub struct Hit {
    /// The BM25 score.
    pub score: f32,
    /// The comment's `comments.csv` fields (redacted when asked).
    pub record: Record,
    /// The best fragment of its text.
    pub snippet: snippet::Snippet,
}

/// What to search for.
#[derive(Debug, Clone)]
pub struct Request {
    /// The query string.
    pub query: String,
    /// The filters.
    pub filters: Filters,
    /// At most this many hits (at least 1).
    pub limit: usize,
    /// Redact personal data in the text, snippet and author.
    pub redact: bool,
}

/// The results of a search.
#[derive(Debug, Clone)]
pub struct Results {
    /// The hits, best first.
    pub hits: Vec<Hit>,
    /// How many comments matched in all (not just those returned).
    pub total: usize,
}

/// Runs `req` against `idx`.
///
/// # Errors
/// The query does not parse, a `--theme` is unknown, or the index cannot be read.
pub fn search(idx: &SearchIndex, req: &Request) -> Result<Results, Error> {
    let expr = query::parse(&req.query)?;
    let known = &idx.marker().themes;
    for (f, v) in &req.filters.values {
        if *f == Filter::Theme && !known.iter().any(|t| index::keyword(t) == *v) {
            return Err(Error::UnknownTheme { theme: v.clone(), known: known.join(", ") });
        }
    }
    let fields = idx.fields();
    let text_query = expr.to_query(fields);
    let q: Box<dyn Query> = match req.filters.to_query(fields) {
        Some(filter) => Box::new(BooleanQuery::new(vec![(Occur::Must, text_query), (Occur::Must, filter)])),
        None => text_query,
    };
    let searcher = idx.searcher();
    let tantivy_err = |source| Error::Tantivy { path: idx.dir().to_owned(), source };
    let ord_name = "ord";
    let top = TopDocs::with_limit(req.limit.max(1)).tweak_score(move |seg: &tantivy::SegmentReader| {
        // A segment without `ord` is damaged: its hits get u64::MAX, which
        // `record` reports as damage rather than showing a wrong comment.
        let ord = seg.fast_fields().u64(ord_name).ok().map(|c| c.first_or_default_col(u64::MAX));
        move |doc: tantivy::DocId, score: tantivy::Score| {
            (score, Reverse(ord.as_ref().map_or(u64::MAX, |c| c.get_val(doc))))
        }
    });
    let (top, total) = searcher.search(&q, &(top, tantivy::collector::Count)).map_err(tantivy_err)?;
    let redactor = if req.redact { Some(idx.redactor()?) } else { None };
    let mut maker = snippet::SnippetMaker::new(expr.highlights());
    let mut hits = Vec::with_capacity(top.len());
    for ((score, Reverse(ord)), _) in top {
        let mut record = idx.record(ord)?;
        if let Some(r) = &redactor {
            if let std::borrow::Cow::Owned(t) = r.redact(&record.text) {
                record.text = t;
            }
            if !record.author.is_empty() {
                "[name]".clone_into(&mut record.author);
            }
        }
        let snippet = maker.snippet(&record.text);
        hits.push(Hit { score, record, snippet });
    }
    Ok(Results { hits, total })
}

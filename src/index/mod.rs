//! Index: the run's persisted tantivy search index (`<out>/index`).
//!
//! Input: a finished [`Run`]. Output: an index folder that `tally search`
//! opens with [`SearchIndex::open_in_dir`]. The folder holds:
//!
//! - the tantivy index: `text` (English stemming, no stop words, freqs),
//!   `exact` (lower-cased, unstemmed, with positions: phrases and slop),
//!   one keyword field per filter ([`Filter`]: lower-cased raw values,
//!   several for `theme`), and the fast field `ord`;
//! - `comments.bin` + `comments.off`: the `comments.csv` fields of every
//!   comment, one record each (13 fields, each a LEB128 length and UTF-8), in `ord` order, with a table
//!   of byte offsets. The index stores no document itself: this sidecar is
//!   the one stored copy, read only for the hits shown;
//! - `tally-index.json`: the format marker, written last, so a folder without
//!   it is never mistaken for an index.
//!
//! Invariants: `ord` is the comment's rank in id order, so sorting hits by
//! (score desc, `ord` asc) gives "best first, ties by id" whatever the
//! segment layout or thread count; [`FORMAT_VERSION`] changes whenever the
//! layout does, and an index of another version is refused, never misread.

use std::collections::HashMap;
use std::fs::File;
use std::io::{BufWriter, Read as _, Seek as _, SeekFrom, Write as _};
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use tantivy::schema::{
    Field, INDEXED, IndexRecordOption, NumericOptions, Schema, TextFieldIndexing, TextOptions,
};
use tantivy::tokenizer::{
    Language, LowerCaser, RawTokenizer, RemoveLongFilter, SimpleTokenizer, Stemmer, TextAnalyzer, Token,
    TokenFilter, TokenStream, Tokenizer,
};
use tantivy::{Index, IndexReader, ReloadPolicy, TantivyDocument};
use thiserror::Error;

use crate::run::Run;

/// The on-disk layout version; bump it whenever the schema, the analyzers or
/// the sidecar change.
pub const FORMAT_VERSION: u32 = 1;
/// The marker file naming a folder as a tally index.
pub const MARKER: &str = "tally-index.json";
/// The name of the stemmed analyzer (field `text`).
pub const STEM_TOKENIZER: &str = "tally_stem";
/// The name of the unstemmed analyzer (field `exact`).
pub const EXACT_TOKENIZER: &str = "tally_exact";
/// The name of the keyword analyzer (filter fields): the whole value, lower-cased.
pub const KEYWORD_TOKENIZER: &str = "tally_keyword";

const MARKER_FORMAT: &str = "tally-index";
const DATA_FILE: &str = "comments.bin";
const OFFSETS_FILE: &str = "comments.off";
const NAMES_FILE: &str = "names.json";
/// Writer memory per indexing thread (tantivy needs at least 15 MB).
const BUDGET_PER_THREAD: usize = 48 << 20;
/// Tokens longer than this (in bytes) are dropped: they are noise (URLs, base64).
const MAX_TOKEN_LEN: usize = 40;

/// Errors building or opening the index.
#[derive(Debug, Error)]
pub enum Error {
    /// A file of the index could not be read or written.
    #[error("cannot access index file {path}: {source}")]
    Io {
        /// The file or folder.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// tantivy failed to build or open the index.
    #[error("search index {path}: {source}")]
    Tantivy {
        /// The index folder.
        path: PathBuf,
        /// tantivy's error.
        source: tantivy::TantivyError,
    },
    /// `--index` names no folder.
    #[error("no index folder at {path} (pass the index folder of a run, e.g. tally-out/index)")]
    NotFound {
        /// The path given.
        path: PathBuf,
    },
    /// The folder is not a tally index.
    #[error("{path} is not a tally search index (no valid {MARKER}){hint}")]
    NotAnIndex {
        /// The folder.
        path: PathBuf,
        /// A hint, e.g. "; did you mean tally-out/index?".
        hint: String,
    },
    /// The index was written by a tally with another index format.
    #[error(
        "{path} is a tally index of format version {found} (written by tally {written_by}); this tally reads version {expected}: re-run `tally run` to rebuild it"
    )]
    Version {
        /// The folder.
        path: PathBuf,
        /// The version found.
        found: u32,
        /// The version this tally reads.
        expected: u32,
        /// The tally version that wrote it.
        written_by: String,
    },
    /// The sidecar is damaged (truncated, bad UTF-8).
    #[error("index file {path} is damaged: {message} (re-run `tally run` to rebuild it)")]
    Corrupt {
        /// The file.
        path: PathBuf,
        /// What is wrong.
        message: String,
    },
}

/// A filterable dimension: one keyword field each.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Filter {
    /// The option ("1", "2", … after normalisation).
    Option,
    /// The stakeholder group.
    Stakeholder,
    /// The question (normalised like ingest does).
    Question,
    /// A matched theme id (a comment has several).
    Theme,
    /// The source name.
    Source,
    /// The respondent's phase.
    Phase,
    /// The respondent's role.
    Role,
    /// The respondent's district.
    District,
    /// tagged / untagged / noise.
    Status,
}

impl Filter {
    /// Every filter, in schema order.
    pub const ALL: [Filter; 9] = [
        Filter::Option,
        Filter::Stakeholder,
        Filter::Question,
        Filter::Theme,
        Filter::Source,
        Filter::Phase,
        Filter::Role,
        Filter::District,
        Filter::Status,
    ];

    /// The field name (also the flag name of `tally search`).
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Filter::Option => "option",
            Filter::Stakeholder => "stakeholder",
            Filter::Question => "question",
            Filter::Theme => "theme",
            Filter::Source => "source",
            Filter::Phase => "phase",
            Filter::Role => "role",
            Filter::District => "district",
            Filter::Status => "status",
        }
    }
}

/// The fields of the index schema.
#[derive(Debug, Clone)]
pub struct Fields {
    /// Stemmed text (BM25 on words, fuzzy terms).
    pub text: Field,
    /// Unstemmed, lower-cased text with positions (exact phrases, slop).
    pub exact: Field,
    /// The comment's rank in id order (fast field; also its sidecar record).
    pub ord: Field,
    /// The keyword field of each [`Filter`], in [`Filter::ALL`] order.
    pub filters: [Field; 9],
}

impl Fields {
    /// The field of filter `f`.
    #[must_use]
    pub fn filter(&self, f: Filter) -> Field {
        self.filters[f as usize]
    }
}

/// The schema and its fields.
#[must_use]
pub fn schema() -> (Schema, Fields) {
    let mut b = Schema::builder();
    let indexing = |tokenizer: &str, opt: IndexRecordOption| {
        TextOptions::default()
            .set_indexing_options(TextFieldIndexing::default().set_tokenizer(tokenizer).set_index_option(opt))
    };
    let text = b.add_text_field("text", indexing(STEM_TOKENIZER, IndexRecordOption::WithFreqs));
    let exact =
        b.add_text_field("exact", indexing(EXACT_TOKENIZER, IndexRecordOption::WithFreqsAndPositions));
    let ord = b.add_u64_field("ord", NumericOptions::default().set_fast() | INDEXED);
    let filters = Filter::ALL.map(|f| {
        b.add_text_field(
            f.name(),
            TextOptions::default().set_indexing_options(
                TextFieldIndexing::default()
                    .set_tokenizer(KEYWORD_TOKENIZER)
                    .set_index_option(IndexRecordOption::Basic)
                    .set_fieldnorms(false),
            ),
        )
    });
    (b.build(), Fields { text, exact, ord, filters })
}

/// The stemmed analyzer: words (letters and digits), lower-cased, English
/// Porter stemming, no stop-word removal.
#[must_use]
pub fn stem_analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(MAX_TOKEN_LEN))
        .filter(LowerCaser)
        .filter(CachedStemmer)
        .build()
}

/// Entries a [`CachedStemmer`] keeps before starting afresh (a bound on
/// memory; a consultation's vocabulary is far smaller).
const STEM_CACHE_MAX: usize = 1 << 18;

/// English Porter stemming with a memo of the words already seen: the same
/// stems as tantivy's `Stemmer`, without re-running the algorithm for the
/// thousandth "training" (stemming is a fifth of indexing time otherwise).
#[derive(Clone, Copy, Debug, Default)]
pub struct CachedStemmer;

impl TokenFilter for CachedStemmer {
    type Tokenizer<T: Tokenizer> = CachedStemFilter<T>;

    fn transform<T: Tokenizer>(self, tokenizer: T) -> CachedStemFilter<T> {
        CachedStemFilter {
            inner: tokenizer,
            cache: HashMap::new(),
            stemmer: TextAnalyzer::builder(RawTokenizer::default())
                .filter(Stemmer::new(Language::English))
                .build(),
        }
    }
}

/// The tokenizer a [`CachedStemmer`] wraps around another.
#[derive(Clone)]
pub struct CachedStemFilter<T> {
    inner: T,
    cache: HashMap<String, String>,
    stemmer: TextAnalyzer,
}

impl<T: Tokenizer> Tokenizer for CachedStemFilter<T> {
    type TokenStream<'a> = CachedStemStream<'a, T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        CachedStemStream {
            tail: self.inner.token_stream(text),
            cache: &mut self.cache,
            stemmer: &mut self.stemmer,
        }
    }
}

/// The token stream of a [`CachedStemFilter`].
pub struct CachedStemStream<'a, S> {
    tail: S,
    cache: &'a mut HashMap<String, String>,
    stemmer: &'a mut TextAnalyzer,
}

impl<S: TokenStream> TokenStream for CachedStemStream<'_, S> {
    fn advance(&mut self) -> bool {
        if !self.tail.advance() {
            return false;
        }
        let token = self.tail.token_mut();
        if let Some(stem) = self.cache.get(&token.text) {
            token.text.clear();
            token.text.push_str(stem);
        } else {
            let mut ts = self.stemmer.token_stream(&token.text);
            let stem = if ts.advance() { ts.token().text.clone() } else { token.text.clone() };
            drop(ts);
            if self.cache.len() >= STEM_CACHE_MAX {
                self.cache.clear();
            }
            let word = std::mem::replace(&mut token.text, stem.clone());
            self.cache.insert(word, stem);
        }
        true
    }

    fn token(&self) -> &Token {
        self.tail.token()
    }

    fn token_mut(&mut self) -> &mut Token {
        self.tail.token_mut()
    }
}

/// The unstemmed analyzer: words, lower-cased.
#[must_use]
pub fn exact_analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(MAX_TOKEN_LEN))
        .filter(LowerCaser)
        .build()
}

/// The keyword analyzer: the whole value as one token, lower-cased.
#[must_use]
pub fn keyword_analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(RawTokenizer::default()).filter(LowerCaser).build()
}

/// The value a filter field holds for `value`: trimmed and lower-cased
/// (what [`keyword_analyzer`] makes of it).
#[must_use]
pub fn keyword(value: &str) -> String {
    value.trim().to_lowercase()
}

fn register_tokenizers(index: &Index) {
    let m = index.tokenizers();
    m.register(STEM_TOKENIZER, stem_analyzer());
    m.register(EXACT_TOKENIZER, exact_analyzer());
    m.register(KEYWORD_TOKENIZER, keyword_analyzer());
}

/// The marker file's content.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Marker {
    /// Always "tally-index".
    pub format: String,
    /// [`FORMAT_VERSION`] of the writer.
    pub version: u32,
    /// The tally version that wrote it.
    pub tally_version: String,
    /// How many comments it holds.
    pub comments: u64,
    /// The taxonomy's theme ids (to check `--theme`).
    pub themes: Vec<String>,
}

/// The `comments.csv` fields of one comment, as stored in the index.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Record {
    /// Comment id.
    pub id: String,
    /// Source name.
    pub source: String,
    /// Option.
    pub option: String,
    /// Stakeholder group.
    pub stakeholder: String,
    /// Question.
    pub question: String,
    /// Author.
    pub author: String,
    /// Phase.
    pub phase: String,
    /// Role.
    pub role: String,
    /// District.
    pub district: String,
    /// tagged / untagged / noise.
    pub status: String,
    /// The primary theme id.
    pub primary_theme: String,
    /// The `;`-joined matched theme ids.
    pub themes: String,
    /// The comment text.
    pub text: String,
}

/// The number of fields in a [`Record`].
const RECORD_FIELDS: usize = 13;

impl Record {
    /// The fields in `comments.csv` column order.
    #[must_use]
    pub fn values(&self) -> [&str; RECORD_FIELDS] {
        [
            &self.id,
            &self.source,
            &self.option,
            &self.stakeholder,
            &self.question,
            &self.author,
            &self.phase,
            &self.role,
            &self.district,
            &self.status,
            &self.primary_theme,
            &self.themes,
            &self.text,
        ]
    }

    fn from_values(mut v: Vec<String>) -> Record {
        let mut take = |i: usize| std::mem::take(&mut v[i]);
        Record {
            id: take(0),
            source: take(1),
            option: take(2),
            stakeholder: take(3),
            question: take(4),
            author: take(5),
            phase: take(6),
            role: take(7),
            district: take(8),
            status: take(9),
            primary_theme: take(10),
            themes: take(11),
            text: take(12),
        }
    }
}

fn io_err(path: &Path) -> impl FnOnce(std::io::Error) -> Error + '_ {
    move |source| Error::Io { path: path.to_owned(), source }
}

fn tantivy_err(path: &Path) -> impl FnOnce(tantivy::TantivyError) -> Error + '_ {
    move |source| Error::Tantivy { path: path.to_owned(), source }
}

/// Writes the search index for `run` into `dir` (created if missing; it
/// must not hold another index).
///
/// # Errors
/// The folder cannot be written, or tantivy fails.
pub fn write_index(dir: &Path, run: &Run) -> Result<(), Error> {
    std::fs::create_dir_all(dir).map_err(io_err(dir))?;
    let theme_ids: Vec<&str> = run.taxonomy.themes.iter().map(|t| t.id.as_str()).collect();
    // ord = rank in id order (ids are unique across a run).
    let mut order: Vec<usize> = (0..run.comments.len()).collect();
    order.par_sort_unstable_by(|&a, &b| run.comments[a].id.cmp(&run.comments[b].id));

    let (schema, f) = schema();
    let index = Index::create_in_dir(dir, schema).map_err(tantivy_err(dir))?;
    register_tokenizers(&index);
    let threads = std::thread::available_parallelism().map_or(1, std::num::NonZero::get).clamp(1, 4);
    let mut wtr = index
        .writer_with_num_threads::<TantivyDocument>(threads, threads * BUDGET_PER_THREAD)
        .map_err(tantivy_err(dir))?;
    wtr.set_merge_policy(Box::new(tantivy::indexer::NoMergePolicy));

    let data_path = dir.join(DATA_FILE);
    let off_path = dir.join(OFFSETS_FILE);
    let mut data = BufWriter::with_capacity(1 << 20, File::create(&data_path).map_err(io_err(&data_path))?);
    let mut offs = BufWriter::with_capacity(1 << 16, File::create(&off_path).map_err(io_err(&off_path))?);
    let mut pos: u64 = 0;
    offs.write_all(&pos.to_le_bytes()).map_err(io_err(&off_path))?;
    let mut themes = String::new();
    for (ord, &i) in order.iter().enumerate() {
        let (c, t, d) = (&run.comments[i], &run.tags[i], &run.comments[i].dims);
        let status = t.status.as_str();
        let values: [&str; RECORD_FIELDS] = crate::report::csv_out::comment_fields(run, i, &mut themes);
        for v in values {
            let mut len = [0u8; 10];
            let n = put_varint(&mut len, v.len() as u64);
            data.write_all(&len[..n]).map_err(io_err(&data_path))?;
            data.write_all(v.as_bytes()).map_err(io_err(&data_path))?;
            pos += (n + v.len()) as u64;
        }
        offs.write_all(&pos.to_le_bytes()).map_err(io_err(&off_path))?;

        let mut doc = TantivyDocument::default();
        doc.add_text(f.text, &c.text);
        doc.add_text(f.exact, &c.text);
        doc.add_u64(f.ord, ord as u64);
        for (filter, value) in [
            (Filter::Option, d.option.as_str()),
            (Filter::Stakeholder, &d.stakeholder),
            (Filter::Question, &d.question),
            (Filter::Source, &c.source),
            (Filter::Phase, &d.phase),
            (Filter::Role, &d.role),
            (Filter::District, &d.district),
            (Filter::Status, status),
        ] {
            if !value.is_empty() {
                doc.add_text(f.filter(filter), value);
            }
        }
        for &ti in &t.themes {
            doc.add_text(f.filter(Filter::Theme), theme_ids[ti]);
        }
        wtr.add_document(doc).map_err(tantivy_err(dir))?;
    }
    data.flush().map_err(io_err(&data_path))?;
    offs.flush().map_err(io_err(&off_path))?;
    wtr.commit().map_err(tantivy_err(dir))?;
    wtr.wait_merging_threads().map_err(tantivy_err(dir))?;

    // The names redaction needs at search time: attendees and authors.
    let people = run.people.iter().flat_map(|(_, ps)| ps.iter().map(|p| p.name.as_str()));
    let mut names: Vec<&str> = people
        .chain(run.comments.iter().map(|c| c.author.as_str()))
        .filter(|s| !s.trim().is_empty())
        .collect();
    names.sort_unstable();
    names.dedup();
    let names_path = dir.join(NAMES_FILE);
    let text = serde_json::to_string(&names)
        .map_err(|e| Error::Corrupt { path: names_path.clone(), message: e.to_string() })?;
    std::fs::write(&names_path, text).map_err(io_err(&names_path))?;

    let marker = Marker {
        format: MARKER_FORMAT.to_owned(),
        version: FORMAT_VERSION,
        tally_version: env!("CARGO_PKG_VERSION").to_owned(),
        comments: run.comments.len() as u64,
        themes: theme_ids.iter().map(|s| (*s).to_owned()).collect(),
    };
    let marker_path = dir.join(MARKER);
    let mut text = serde_json::to_string_pretty(&marker)
        .map_err(|e| Error::Corrupt { path: marker_path.clone(), message: e.to_string() })?;
    text.push('\n');
    std::fs::write(&marker_path, text).map_err(io_err(&marker_path))
}

/// Writes `v` as a LEB128 varint into `buf`; returns the bytes used.
fn put_varint(buf: &mut [u8; 10], mut v: u64) -> usize {
    let mut i = 0;
    loop {
        let byte = (v & 0x7f) as u8;
        v >>= 7;
        if v == 0 {
            buf[i] = byte;
            return i + 1;
        }
        buf[i] = byte | 0x80;
        i += 1;
    }
}

/// Reads a LEB128 varint from the front of `b`: the value and the rest.
fn get_varint(b: &[u8]) -> Option<(u64, &[u8])> {
    let mut v: u64 = 0;
    for (i, &byte) in b.iter().enumerate().take(10) {
        v |= u64::from(byte & 0x7f) << (7 * i);
        if byte & 0x80 == 0 {
            return Some((v, &b[i + 1..]));
        }
    }
    None
}

/// An opened index, read-only.
pub struct SearchIndex {
    dir: PathBuf,
    index: Index,
    reader: IndexReader,
    fields: Fields,
    marker: Marker,
    data: File,
    offsets: File,
}

impl std::fmt::Debug for SearchIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SearchIndex").field("dir", &self.dir).field("marker", &self.marker).finish()
    }
}

impl SearchIndex {
    /// Opens the index in `dir` for reading, checking its format marker.
    ///
    /// # Errors
    /// `dir` is missing, is not a tally index, is of another format version,
    /// or cannot be read.
    pub fn open_in_dir(dir: &Path) -> Result<SearchIndex, Error> {
        if !dir.is_dir() {
            return Err(Error::NotFound { path: dir.to_owned() });
        }
        let marker_path = dir.join(MARKER);
        let not_an_index = || {
            let hint = if dir.join("index").join(MARKER).is_file() {
                format!("; did you mean {}?", dir.join("index").display())
            } else {
                String::new()
            };
            Error::NotAnIndex { path: dir.to_owned(), hint }
        };
        let text = match std::fs::read_to_string(&marker_path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Err(not_an_index()),
            Err(e) => return Err(io_err(&marker_path)(e)),
        };
        // Read the version first, loosely, so that a future marker with other
        // keys still gives the version message rather than "not an index".
        let loose: serde_json::Value = serde_json::from_str(&text).map_err(|_| not_an_index())?;
        if loose.get("format").and_then(serde_json::Value::as_str) != Some(MARKER_FORMAT) {
            return Err(not_an_index());
        }
        let found = loose.get("version").and_then(serde_json::Value::as_u64).ok_or_else(not_an_index)?;
        if found != u64::from(FORMAT_VERSION) {
            return Err(Error::Version {
                path: dir.to_owned(),
                found: u32::try_from(found).unwrap_or(u32::MAX),
                expected: FORMAT_VERSION,
                written_by: loose
                    .get("tally_version")
                    .and_then(serde_json::Value::as_str)
                    .unwrap_or("unknown")
                    .to_owned(),
            });
        }
        let marker: Marker = serde_json::from_str(&text)
            .map_err(|e| Error::Corrupt { path: marker_path.clone(), message: e.to_string() })?;
        let index = Index::open_in_dir(dir).map_err(tantivy_err(dir))?;
        register_tokenizers(&index);
        let (_, fields) = schema();
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()
            .map_err(tantivy_err(dir))?;
        let data_path = dir.join(DATA_FILE);
        let off_path = dir.join(OFFSETS_FILE);
        let data = File::open(&data_path).map_err(io_err(&data_path))?;
        let offsets = File::open(&off_path).map_err(io_err(&off_path))?;
        Ok(SearchIndex { dir: dir.to_owned(), index, reader, fields, marker, data, offsets })
    }

    /// The folder.
    #[must_use]
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The tantivy index (tokenizers registered).
    #[must_use]
    pub fn index(&self) -> &Index {
        &self.index
    }

    /// A searcher over the index.
    #[must_use]
    pub fn searcher(&self) -> tantivy::Searcher {
        self.reader.searcher()
    }

    /// The schema's fields.
    #[must_use]
    pub fn fields(&self) -> &Fields {
        &self.fields
    }

    /// The format marker.
    #[must_use]
    pub fn marker(&self) -> &Marker {
        &self.marker
    }

    /// The redactor for this run's comments: the generic patterns plus every
    /// attendee and author name the run knew.
    ///
    /// # Errors
    /// The names file cannot be read.
    pub fn redactor(&self) -> Result<crate::report::redact::Redactor, Error> {
        let path = self.dir.join(NAMES_FILE);
        let text = std::fs::read_to_string(&path).map_err(io_err(&path))?;
        let names: Vec<String> = serde_json::from_str(&text)
            .map_err(|e| Error::Corrupt { path: path.clone(), message: e.to_string() })?;
        Ok(crate::report::redact::Redactor::new(names.iter().map(String::as_str)))
    }

    /// Reads the record of the comment at rank `ord`.
    ///
    /// # Errors
    /// The sidecar cannot be read or is damaged.
    pub fn record(&self, ord: u64) -> Result<Record, Error> {
        let off_path = self.dir.join(OFFSETS_FILE);
        let data_path = self.dir.join(DATA_FILE);
        let corrupt = |path: &Path, message: String| Error::Corrupt { path: path.to_owned(), message };
        if ord >= self.marker.comments {
            return Err(corrupt(&off_path, format!("record {ord} is past the end")));
        }
        let mut bounds = [0u8; 16];
        let mut offs = &self.offsets;
        offs.seek(SeekFrom::Start(ord * 8)).map_err(io_err(&off_path))?;
        offs.read_exact(&mut bounds).map_err(io_err(&off_path))?;
        let (a, b) = bounds.split_at(8);
        let start = u64::from_le_bytes(a.try_into().unwrap_or_default());
        let end = u64::from_le_bytes(b.try_into().unwrap_or_default());
        let len = end
            .checked_sub(start)
            .and_then(|n| usize::try_from(n).ok())
            .ok_or_else(|| corrupt(&off_path, format!("bad offsets for record {ord}")))?;
        let mut buf = vec![0u8; len];
        let mut data = &self.data;
        data.seek(SeekFrom::Start(start)).map_err(io_err(&data_path))?;
        data.read_exact(&mut buf).map_err(io_err(&data_path))?;
        let mut values = Vec::with_capacity(RECORD_FIELDS);
        let mut rest = buf.as_slice();
        for _ in 0..RECORD_FIELDS {
            let bad = || corrupt(&data_path, format!("record {ord} is truncated"));
            let (n, tail) = get_varint(rest).ok_or_else(bad)?;
            let n = usize::try_from(n).map_err(|_| bad())?;
            if tail.len() < n {
                return Err(bad());
            }
            let (v, tail) = tail.split_at(n);
            let v = std::str::from_utf8(v)
                .map_err(|e| corrupt(&data_path, format!("record {ord} is not UTF-8: {e}")))?;
            values.push(v.to_owned());
            rest = tail;
        }
        Ok(Record::from_values(values))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tokens(mut a: TextAnalyzer, text: &str) -> Vec<String> {
        let mut out = Vec::new();
        let mut ts = a.token_stream(text);
        while ts.advance() {
            out.push(ts.token().text.clone());
        }
        out
    }

    #[test]
    fn analyzers_stem_without_dropping_stop_words() {
        let cases: &[(&str, &[&str], &[&str])] = &[
            (
                "Schools can't afford it",
                &["school", "can", "t", "afford", "it"],
                &["schools", "can", "t", "afford", "it"],
            ),
            ("The Postcode LOTTERY", &["the", "postcod", "lotteri"], &["the", "postcode", "lottery"]),
            ("paying for training", &["pay", "for", "train"], &["paying", "for", "training"]),
        ];
        for (text, stem, exact) in cases {
            assert_eq!(tokens(stem_analyzer(), text), *stem, "stem {text:?}");
            assert_eq!(tokens(exact_analyzer(), text), *exact, "exact {text:?}");
        }
        assert_eq!(tokens(keyword_analyzer(), "Secondary SENCo"), ["secondary senco"]);
        // The memo gives tantivy's stems, on first sight and on repeats.
        let text = "Paying for training, trainings and trained staff; paying again for lotteries";
        let plain = TextAnalyzer::builder(SimpleTokenizer::default())
            .filter(LowerCaser)
            .filter(Stemmer::new(Language::English))
            .build();
        assert_eq!(tokens(stem_analyzer(), text), tokens(plain, text));
    }

    #[test]
    fn varints_round_trip() {
        for v in [0u64, 1, 127, 128, 300, 16_383, 16_384, u64::from(u32::MAX), u64::MAX] {
            let mut buf = [0u8; 10];
            let n = put_varint(&mut buf, v);
            let mut bytes = buf[..n].to_vec();
            bytes.push(0xAA);
            assert_eq!(get_varint(&bytes), Some((v, &[0xAAu8][..])), "{v}");
        }
        assert_eq!(get_varint(&[0x80, 0x80]), None, "truncated");
    }

    #[test]
    fn missing_and_foreign_folders_are_refused() -> Result<(), Box<dyn std::error::Error>> {
        let tmp = tempfile::tempdir()?;
        let missing = tmp.path().join("nope");
        assert!(matches!(SearchIndex::open_in_dir(&missing), Err(Error::NotFound { .. })));
        assert!(matches!(SearchIndex::open_in_dir(tmp.path()), Err(Error::NotAnIndex { .. })));
        std::fs::write(tmp.path().join(MARKER), "{\"format\":\"other\"}")?;
        assert!(matches!(SearchIndex::open_in_dir(tmp.path()), Err(Error::NotAnIndex { .. })));
        std::fs::write(
            tmp.path().join(MARKER),
            "{\"format\":\"tally-index\",\"version\":999,\"tally_version\":\"9.9.9\"}",
        )?;
        match SearchIndex::open_in_dir(tmp.path()) {
            Err(Error::Version { found: 999, expected: FORMAT_VERSION, written_by, .. }) => {
                assert_eq!(written_by, "9.9.9");
            }
            other => panic!("want a version error, got {other:?}"),
        }
        Ok(())
    }
}

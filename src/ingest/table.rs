//! `kind = "table"`: one comment per non-blank text cell of a table file.

use crate::model::{Comment, Dims, Rejected};
use crate::project::SourceSpec;

use super::grid::{Grid, read_grid};
use super::{Batch, Error, normalize};

/// A text column: its index and the question label its comments get (when
/// the source has several text columns).
#[derive(Debug, Clone)]
pub struct TextColumn {
    /// Column index in the grid.
    pub index: usize,
    /// `Some(label)` sets `question` for comments from this column.
    pub question: Option<String>,
}

/// Column roles resolved against a grid's headers.
#[derive(Debug, Clone)]
pub struct Columns {
    /// The free-text columns.
    pub text: Vec<TextColumn>,
    /// (dimension, column index), from `columns` (less `id`/`author`).
    pub dims: Vec<(String, usize)>,
    /// The id column.
    pub id: Option<usize>,
    /// The author column.
    pub author: Option<usize>,
}

impl Columns {
    /// Resolves `spec`'s text and `columns` against `grid`.
    ///
    /// # Errors
    /// A configured column is not in the header (the message lists the headers).
    pub fn resolve(spec: &SourceSpec, grid: &Grid, text: &[String]) -> Result<Columns, Error> {
        let several = text.len() > 1;
        let mut text_cols = Vec::with_capacity(text.len());
        for name in text {
            let index = grid.require(&spec.path, name)?;
            let label = spec.questions.iter().find(|q| &q.column == name).and_then(|q| q.label.clone());
            let question = if several || label.is_some() {
                Some(label.unwrap_or_else(|| grid.headers[index].clone()))
            } else {
                None
            };
            text_cols.push(TextColumn { index, question });
        }
        let mut dims = Vec::new();
        let (mut id, mut author) = (None, None);
        for (dim, header) in &spec.columns {
            let index = grid.require(&spec.path, header)?;
            match dim.as_str() {
                "id" => id = Some(index),
                "author" | "name" => author = Some(index),
                _ => dims.push((dim.clone(), index)),
            }
        }
        Ok(Columns { text: text_cols, dims, id, author })
    }
}

/// Reads a `table` source.
///
/// # Errors
/// The file cannot be read, or a configured column is missing.
pub fn read(spec: &SourceSpec) -> Result<Batch, Error> {
    let text = spec.text.as_ref().map(crate::project::OneOrMany::to_vec).unwrap_or_default();
    if super::grid::is_delimited(&spec.path) {
        // Rows are turned into comments chunk by chunk as the file is
        // parsed: the whole file is never held as a grid of cells too.
        let mut sink: Option<(Columns, RowSink)> = None;
        let grid = super::grid::read_delimited_chunks(&spec.path, STREAM_ROWS, |g, rows| {
            if sink.is_none() {
                let cols = Columns::resolve(spec, g, &text)?;
                let s = RowSink::new(spec, g, &cols);
                sink = Some((cols, s));
            }
            if let Some((cols, sink)) = &mut sink {
                sink.push(spec, g, cols, &rows);
            }
            Ok(())
        })?;
        let sink = match sink {
            Some((_, sink)) => sink,
            None => RowSink::new(spec, &grid, &Columns::resolve(spec, &grid, &text)?),
        };
        return Ok(sink.finish(&grid));
    }
    let grid = read_grid(&spec.path, spec.sheet.as_deref())?;
    let cols = Columns::resolve(spec, &grid, &text)?;
    Ok(comments_from_grid(spec, &grid, &cols))
}

/// Rows parsed per chunk when a delimited file is streamed.
const STREAM_ROWS: usize = 1 << 16;

/// What one grid row yields before ids are checked for duplicates.
enum RowOut {
    /// Cells past the header's width: every item of the row is rejected.
    Extra(String),
    /// One entry per text column.
    Items(Vec<Item>),
}

// Short-lived (one chunk); boxing the comment would cost an allocation each.
#[allow(clippy::large_enum_variant)]
enum Item {
    /// The text column is past the row's last field.
    Short(String),
    Blank,
    Comment(Comment),
}

/// Rows normalised per parallel task (results keep row order).
const ROWS_PER_TASK: usize = 4096;

/// Turns grid rows into comments under `cols`; shared by table and survey sources.
///
/// Rows are normalised in parallel (order-preserving chunks); accounting,
/// rejections and the duplicate-id check then run in row order, so the
/// result does not depend on the thread count.
#[must_use]
pub fn comments_from_grid(spec: &SourceSpec, grid: &Grid, cols: &Columns) -> Batch {
    let mut sink = RowSink::new(spec, grid, cols);
    sink.push(spec, grid, cols, &grid.rows);
    sink.finish(grid)
}

/// Grid rows to comments, fed in order one chunk at a time.
struct RowSink {
    batch: Batch,
    /// Rejections of parsed rows (after those of unparsable rows in the account).
    rejected: Vec<Rejected>,
    base: Dims,
    /// Items per row: one per text column.
    per_row: usize,
    seen_ids: rustc_hash::FxHashSet<String>,
}

impl RowSink {
    fn new(spec: &SourceSpec, grid: &Grid, cols: &Columns) -> RowSink {
        let mut base = Dims::default();
        for (k, v) in &spec.set {
            base.set(k, v);
        }
        let mut batch = Batch::default();
        batch.account.format.clone_from(&grid.format);
        RowSink {
            batch,
            rejected: Vec::new(),
            base,
            per_row: cols.text.len().max(1),
            seen_ids: rustc_hash::FxHashSet::default(),
        }
    }

    /// Adds `rows` (the next rows of `grid`, in order).
    fn push(&mut self, spec: &SourceSpec, grid: &Grid, cols: &Columns, rows: &[super::grid::Row]) {
        use rayon::prelude::*;

        let per_row = self.per_row;
        let width = grid.headers.len();
        let base = &self.base;
        let one_row = |row: &super::grid::Row| -> RowOut {
            let (row_no, cells) = (row.n, &row.cells);
            let extra_filled = cells.iter().skip(width).any(|c| !c.trim().is_empty());
            if extra_filled {
                return RowOut::Extra(format!("{} fields, but the header has {width}", cells.len()));
            }
            let cell = |i: usize| cells.get(i).map_or("", String::as_str);
            let mut dims = base.clone();
            for (dim, i) in &cols.dims {
                // A constant from `set` wins over an empty cell.
                if !cell(*i).trim().is_empty() || dims.get(dim).is_empty() {
                    dims.set(dim, cell(*i));
                }
            }
            let author = cols.author.map(|i| normalize::collapse_spaces(cell(i))).unwrap_or_default();
            let row_id = cols.id.map(|i| normalize::collapse_spaces(cell(i))).filter(|s| !s.is_empty());
            let mut items = Vec::with_capacity(cols.text.len());
            for (k, tc) in cols.text.iter().enumerate() {
                if tc.index >= cells.len() {
                    items.push(Item::Short(format!(
                        "only {} fields; the text column {:?} is field {}",
                        cells.len(),
                        grid.headers[tc.index],
                        tc.index + 1
                    )));
                    continue;
                }
                let text = normalize::text(cell(tc.index));
                if text.is_empty() {
                    items.push(Item::Blank);
                    continue;
                }
                let suffix = if per_row > 1 { format!(":{}", k + 1) } else { String::new() };
                let id = match &row_id {
                    Some(r) => format!("{r}{suffix}"),
                    None => format!("{}:{row_no}{suffix}", spec.name),
                };
                let mut d = dims.clone();
                if let Some(q) = &tc.question {
                    d.question = normalize::question(q);
                }
                items.push(Item::Comment(Comment {
                    id,
                    source: spec.name.clone(),
                    dims: d,
                    author: author.clone(),
                    text,
                    origin: row.at(),
                    reply_to: String::new(),
                }));
            }
            RowOut::Items(items)
        };
        let outs: Vec<RowOut> =
            rows.par_chunks(ROWS_PER_TASK).flat_map_iter(|rows| rows.iter().map(one_row)).collect();
        let acc = &mut self.batch.account;
        self.batch.comments.reserve(rows.len() * per_row);
        for (row, out) in rows.iter().zip(outs) {
            acc.rows_read += 1;
            acc.items_read += per_row;
            match out {
                RowOut::Extra(reason) => {
                    let at = row.at();
                    for _ in 0..per_row {
                        self.rejected.push(Rejected { at: at.clone(), reason: reason.clone() });
                    }
                }
                RowOut::Items(items) => {
                    for item in items {
                        match item {
                            Item::Short(reason) => self.rejected.push(Rejected { at: row.at(), reason }),
                            Item::Blank => acc.blank += 1,
                            Item::Comment(c) => {
                                if self.seen_ids.insert(c.id.clone()) {
                                    self.batch.comments.push(c);
                                } else {
                                    self.rejected.push(Rejected {
                                        at: c.origin,
                                        reason: format!("duplicate id {:?}", c.id),
                                    });
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /// The batch: unparsable rows of `grid` (rejected first, as they are
    /// listed before the parsed rows' rejections), then everything pushed.
    fn finish(mut self, grid: &Grid) -> Batch {
        let acc = &mut self.batch.account;
        for (row, reason) in &grid.bad_rows {
            acc.rows_read += 1;
            acc.items_read += self.per_row;
            for _ in 0..self.per_row {
                acc.rejected.push(Rejected { at: row.at(), reason: reason.clone() });
            }
        }
        acc.rejected.append(&mut self.rejected);
        self.batch
    }
}

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
    let grid = read_grid(&spec.path, spec.sheet.as_deref())?;
    let text = spec.text.as_ref().map(crate::project::OneOrMany::to_vec).unwrap_or_default();
    let cols = Columns::resolve(spec, &grid, &text)?;
    Ok(comments_from_grid(spec, &grid, &cols))
}

/// Turns grid rows into comments under `cols`; shared by table and survey sources.
#[must_use]
pub fn comments_from_grid(spec: &SourceSpec, grid: &Grid, cols: &Columns) -> Batch {
    let mut batch = Batch::default();
    let acc = &mut batch.account;
    acc.format.clone_from(&grid.format);
    let per_row = cols.text.len().max(1);
    let mut base = Dims::default();
    for (k, v) in &spec.set {
        base.set(k, v);
    }
    let mut seen_ids = std::collections::HashSet::new();
    for (row, reason) in &grid.bad_rows {
        acc.rows_read += 1;
        acc.items_read += per_row;
        for _ in 0..per_row {
            acc.rejected.push(Rejected { at: row.at(), reason: reason.clone() });
        }
    }
    let width = grid.headers.len();
    for row in &grid.rows {
        let (row_no, cells) = (row.n, &row.cells);
        acc.rows_read += 1;
        acc.items_read += per_row;
        let at = row.at();
        let extra_filled = cells.iter().skip(width).any(|c| !c.trim().is_empty());
        if extra_filled {
            for _ in 0..per_row {
                acc.rejected.push(Rejected {
                    at: at.clone(),
                    reason: format!("{} fields, but the header has {width}", cells.len()),
                });
            }
            continue;
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
        for (k, tc) in cols.text.iter().enumerate() {
            if tc.index >= cells.len() {
                acc.rejected.push(Rejected {
                    at: at.clone(),
                    reason: format!(
                        "only {} fields; the text column {:?} is field {}",
                        cells.len(),
                        grid.headers[tc.index],
                        tc.index + 1
                    ),
                });
                continue;
            }
            let text = normalize::text(cell(tc.index));
            if text.is_empty() {
                acc.blank += 1;
                continue;
            }
            let suffix = if per_row > 1 { format!(":{}", k + 1) } else { String::new() };
            let id = match &row_id {
                Some(r) => format!("{r}{suffix}"),
                None => format!("{}:{row_no}{suffix}", spec.name),
            };
            if !seen_ids.insert(id.clone()) {
                acc.rejected.push(Rejected { at: at.clone(), reason: format!("duplicate id {id:?}") });
                continue;
            }
            let mut d = dims.clone();
            if let Some(q) = &tc.question {
                d.question = normalize::question(q);
            }
            batch.comments.push(Comment {
                id,
                source: spec.name.clone(),
                dims: d,
                author: author.clone(),
                text,
                origin: at.clone(),
                reply_to: String::new(),
            });
        }
    }
    batch
}

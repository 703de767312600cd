//! Any table file (CSV/TSV in any encoding, xlsx/xlsm/xls/xlsb/ods) read into a
//! [`Grid`]: a header row and data rows of strings, each with the row or line
//! number a user would see.
//!
//! Invariants: no panic on any bytes; sizes are checked before a spreadsheet
//! is opened (a sheet that claims A1:XFD1048576 or a zip entry that inflates
//! to gigabytes is refused or read sparsely, never allocated densely).

use std::io::{Read, Seek};
use std::path::Path;

use calamine::{Data, DataRef, Reader};

use super::Error;

/// Largest input file read into memory.
pub const MAX_FILE_BYTES: u64 = 4 << 30;
/// Largest total a spreadsheet's XML may inflate to.
pub const MAX_INFLATED_BYTES: u64 = 2 << 30;
/// Largest compression ratio accepted for a large zip entry (real sheets are ~5–30:1).
pub const MAX_RATIO: u64 = 200;
/// Largest .xls/.ods file (read densely by calamine).
pub const MAX_DENSE_BYTES: u64 = 256 << 20;
/// Most cells a dense (.xls/.ods) sheet may span.
pub const MAX_DENSE_CELLS: u64 = 50_000_000;

/// A table: headers and rows, as strings.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Grid {
    /// The header cells, trimmed.
    pub headers: Vec<String>,
    /// Data rows. Rows may be shorter or longer than the header.
    pub rows: Vec<Row>,
    /// The detected format, e.g. "csv windows-1252 ';'".
    pub format: String,
    /// Rows the reader could not parse or keep, with reasons.
    pub bad_rows: Vec<(Row, String)>,
}

impl Grid {
    /// Finds a column by header: exact, then ignoring case and spacing.
    #[must_use]
    pub fn column(&self, name: &str) -> Option<usize> {
        if let Some(i) = self.headers.iter().position(|h| h == name) {
            return Some(i);
        }
        let want = fold_header(name);
        self.headers.iter().position(|h| fold_header(h) == want)
    }

    /// Like [`Grid::column`], but a missing column is an error listing the headers found.
    ///
    /// # Errors
    /// [`Error::MissingColumn`] when no header matches.
    pub fn require(&self, path: &Path, name: &str) -> Result<usize, Error> {
        self.column(name).ok_or_else(|| Error::MissingColumn {
            path: path.to_owned(),
            column: name.to_owned(),
            found: self.headers.clone(),
        })
    }
}

/// One data row.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Row {
    /// The row number as a spreadsheet shows it (the header is row 1); for
    /// CSV, the record number counted the same way. Used in default ids, so
    /// the same table gives the same ids in every format.
    pub n: usize,
    /// For text files, the line the record starts on (for messages).
    pub line: Option<usize>,
    /// The cells.
    pub cells: Vec<String>,
}

impl Row {
    /// Where the row is, for messages: "row 12", or "line 14" in a text file.
    #[must_use]
    pub fn at(&self) -> String {
        match self.line {
            Some(l) => format!("line {l}"),
            None => format!("row {}", self.n),
        }
    }
}

fn fold_header(s: &str) -> String {
    super::normalize::collapse_spaces(s).to_lowercase()
}

/// Checks `path` is a non-empty file within [`MAX_FILE_BYTES`]; returns its
/// length and lower-cased extension.
fn check_file(path: &Path) -> Result<(u64, String), Error> {
    let meta = std::fs::metadata(path).map_err(|source| Error::Io { path: path.to_owned(), source })?;
    if meta.is_dir() {
        return Err(Error::NotAFile { path: path.to_owned() });
    }
    if meta.len() == 0 {
        return Err(Error::Empty { path: path.to_owned() });
    }
    if meta.len() > MAX_FILE_BYTES {
        return Err(Error::TooLarge {
            path: path.to_owned(),
            what: format!("the file is {} bytes; the limit is {MAX_FILE_BYTES}", meta.len()),
        });
    }
    let ext = path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase).unwrap_or_default();
    Ok((meta.len(), ext))
}

/// Whether [`read_grid`] reads `path` as delimited text (CSV, TSV, …)
/// rather than as a spreadsheet.
#[must_use]
pub fn is_delimited(path: &Path) -> bool {
    let ext = path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase).unwrap_or_default();
    !matches!(ext.as_str(), "xlsx" | "xlsm" | "xls" | "xlsb" | "ods")
}

/// Reads a table file; `sheet` picks a spreadsheet's sheet (default: first).
///
/// # Errors
/// Missing or unreadable file, empty file, corrupt spreadsheet, unknown sheet,
/// sizes past the limits above.
pub fn read_grid(path: &Path, sheet: Option<&str>) -> Result<Grid, Error> {
    let (len, ext) = check_file(path)?;
    let grid = match ext.as_str() {
        "xlsx" | "xlsm" => read_xlsx(path, sheet)?,
        "xls" | "xlsb" | "ods" => read_dense(path, sheet, &ext, len)?,
        _ => {
            let bytes = std::fs::read(path).map_err(|source| Error::Io { path: path.to_owned(), source })?;
            let (text, encoding) = super::decode::decode_owned(bytes);
            super::decode::parse_delimited(path, &text, encoding, ext == "tsv")?
        }
    };
    if grid.headers.iter().all(String::is_empty) {
        return Err(Error::Empty { path: path.to_owned() });
    }
    Ok(grid)
}

/// [`read_grid`] for a delimited text file ([`is_delimited`]), handing the
/// data rows to `on_rows` in order, up to `chunk` at a time, as they are
/// parsed (see [`super::decode::parse_delimited_chunks`]). The same checks
/// and errors as [`read_grid`]; the returned grid holds no rows.
///
/// The file is parsed on a thread of its own while `on_rows` works on the
/// previous chunk (at most two chunks wait between them), so parsing and
/// what the caller does with the rows overlap. `on_rows` sees the grid's
/// header and format; rows the reader could not parse are in the returned grid.
///
/// # Errors
/// As [`read_grid`], and whatever `on_rows` returns (its first error wins).
pub fn read_delimited_chunks(
    path: &Path,
    chunk: usize,
    mut on_rows: impl FnMut(&Grid, Vec<Row>) -> Result<(), Error>,
) -> Result<Grid, Error> {
    let (_, ext) = check_file(path)?;
    let bytes = std::fs::read(path).map_err(|source| Error::Io { path: path.to_owned(), source })?;
    let (text, encoding) = super::decode::decode_owned(bytes);
    let empty = |g: &Grid| g.headers.iter().all(String::is_empty);
    let (parsed, consumed) = std::thread::scope(|s| {
        let (tx, rx) = std::sync::mpsc::sync_channel::<(Grid, Vec<Row>)>(2);
        let text = &text;
        let parser = s.spawn(move || {
            super::decode::parse_delimited_chunks(path, text, encoding, ext == "tsv", chunk, |g, rows| {
                let head = Grid { headers: g.headers.clone(), format: g.format.clone(), ..Grid::default() };
                // A closed channel means the caller stopped on an error of its own.
                tx.send((head, rows)).map_err(|_| Error::Empty { path: path.to_owned() })
            })
        });
        let mut consumed = Ok(());
        while let Ok((g, rows)) = rx.recv() {
            consumed =
                if empty(&g) { Err(Error::Empty { path: path.to_owned() }) } else { on_rows(&g, rows) };
            if consumed.is_err() {
                break;
            }
        }
        drop(rx);
        let parsed = parser.join().unwrap_or_else(|e| std::panic::resume_unwind(e));
        (parsed, consumed)
    });
    consumed?;
    let grid = parsed?;
    if empty(&grid) {
        return Err(Error::Empty { path: path.to_owned() });
    }
    Ok(grid)
}

fn corrupt(path: &Path, e: impl std::fmt::Display) -> Error {
    Error::Spreadsheet { path: path.to_owned(), message: e.to_string() }
}

/// Refuses zip archives whose entries would inflate past the limits.
fn check_zip(path: &Path, file: std::fs::File) -> Result<(), Error> {
    let mut zip =
        zip::ZipArchive::new(file).map_err(|e| corrupt(path, format!("not a valid xlsx/zip file: {e}")))?;
    let mut total: u64 = 0;
    for i in 0..zip.len() {
        let entry = zip.by_index_raw(i).map_err(|e| corrupt(path, e))?;
        let (size, packed) = (entry.size(), entry.compressed_size().max(1));
        total = total.saturating_add(size);
        if size > (64 << 20) && size / packed > MAX_RATIO {
            return Err(Error::TooLarge {
                path: path.to_owned(),
                what: format!(
                    "zip entry {} inflates from {packed} to {size} bytes (ratio {}:1): refusing a likely zip bomb",
                    entry.name().unwrap_or_default(),
                    size / packed
                ),
            });
        }
    }
    if total > MAX_INFLATED_BYTES {
        return Err(Error::TooLarge {
            path: path.to_owned(),
            what: format!("the workbook inflates to {total} bytes; the limit is {MAX_INFLATED_BYTES}"),
        });
    }
    Ok(())
}

fn pick_sheet(path: &Path, names: &[String], sheet: Option<&str>) -> Result<String, Error> {
    match sheet {
        Some(want) => names
            .iter()
            .find(|n| n.as_str() == want)
            .or_else(|| names.iter().find(|n| n.eq_ignore_ascii_case(want)))
            .cloned()
            .ok_or_else(|| Error::UnknownSheet {
                path: path.to_owned(),
                sheet: want.to_owned(),
                found: names.to_vec(),
            }),
        None => names.first().cloned().ok_or_else(|| Error::Empty { path: path.to_owned() }),
    }
}

fn read_xlsx(path: &Path, sheet: Option<&str>) -> Result<Grid, Error> {
    let open = || std::fs::File::open(path).map_err(|source| Error::Io { path: path.to_owned(), source });
    check_zip(path, open()?)?;
    let mut wb: calamine::Xlsx<_> =
        calamine::Xlsx::new(std::io::BufReader::new(open()?)).map_err(|e| corrupt(path, e))?;
    let name = pick_sheet(path, &wb.sheet_names(), sheet)?;
    let mut rdr = wb.worksheet_cells_reader(&name).map_err(|e| corrupt(path, e))?;
    // Sparse: only cells that exist are held, whatever the sheet's claimed dimension.
    let mut rows: std::collections::BTreeMap<u32, Vec<(u32, String)>> = std::collections::BTreeMap::new();
    while let Some(cell) = rdr.next_cell().map_err(|e| corrupt(path, e))? {
        let (r, c) = cell.get_position();
        let v = dataref_to_string(cell.get_value());
        if !v.is_empty() {
            rows.entry(r).or_default().push((c, v));
        }
    }
    Ok(sparse_to_grid(path, rows, "xlsx"))
}

/// Columns past this are ignored in a sparse sheet (beyond any real export's width).
const MAX_COLUMNS: u32 = 16_384;

fn sparse_to_grid(
    path: &Path,
    rows: std::collections::BTreeMap<u32, Vec<(u32, String)>>,
    format: &str,
) -> Grid {
    let mut grid = Grid { format: format.to_owned(), ..Grid::default() };
    let mut header_done = false;
    let mut width = 0usize;
    for (r, cells) in rows {
        let row_no = r as usize + 1;
        let max_c = cells.iter().map(|(c, _)| *c).max().unwrap_or(0);
        if !header_done {
            width = max_c as usize + 1;
            let mut h = vec![String::new(); width];
            for (c, v) in cells {
                h[c as usize] = super::normalize::collapse_spaces(&v);
            }
            grid.headers = h;
            header_done = true;
            continue;
        }
        // A row whose cells lie far past the header is kept only up to the
        // header's width plus the cells it has: never a dense allocation.
        let far = cells.iter().any(|(c, _)| *c as usize >= width);
        if far {
            let beyond: Vec<String> = cells
                .iter()
                .filter(|(c, _)| *c as usize >= width && *c < MAX_COLUMNS)
                .map(|(_, v)| v.clone())
                .collect();
            let mut row = vec![String::new(); width];
            for (c, v) in cells.into_iter().filter(|(c, _)| (*c as usize) < width) {
                row[c as usize] = v;
            }
            if !beyond.is_empty() {
                grid.bad_rows.push((
                    Row { n: row_no, line: None, cells: Vec::new() },
                    format!(
                        "{} cell(s) beyond the last header column (e.g. {:?})",
                        beyond.len(),
                        beyond[0].chars().take(40).collect::<String>()
                    ),
                ));
                let _ = path;
                continue;
            }
            grid.rows.push(Row { n: row_no, line: None, cells: row });
        } else {
            // A spreadsheet row's missing trailing cells are blank, not absent.
            let mut row = vec![String::new(); width.max(max_c as usize + 1)];
            for (c, v) in cells {
                row[c as usize] = v;
            }
            grid.rows.push(Row { n: row_no, line: None, cells: row });
        }
    }
    grid
}

fn read_dense(path: &Path, sheet: Option<&str>, ext: &str, len: u64) -> Result<Grid, Error> {
    if len > MAX_DENSE_BYTES {
        return Err(Error::TooLarge {
            path: path.to_owned(),
            what: format!(
                "{ext} files are read whole; this one is {len} bytes (limit {MAX_DENSE_BYTES}): save it as .xlsx or .csv"
            ),
        });
    }
    if ext == "ods" || ext == "xlsb" {
        let f = std::fs::File::open(path).map_err(|source| Error::Io { path: path.to_owned(), source })?;
        check_zip(path, f)?;
    }
    let bytes = std::fs::read(path).map_err(|source| Error::Io { path: path.to_owned(), source })?;
    let cursor = std::io::Cursor::new(bytes);
    let range = match ext {
        "xls" => dense_range(path, calamine::Xls::new(cursor).map_err(|e| corrupt(path, e))?, sheet)?,
        "xlsb" => dense_range(path, calamine::Xlsb::new(cursor).map_err(|e| corrupt(path, e))?, sheet)?,
        _ => dense_range(path, calamine::Ods::new(cursor).map_err(|e| corrupt(path, e))?, sheet)?,
    };
    let mut rows = std::collections::BTreeMap::new();
    let (r0, c0) = range.start().unwrap_or((0, 0));
    for (r, c, v) in range.used_cells() {
        let v = data_to_string(v);
        if !v.is_empty() {
            rows.entry(r0 + r as u32).or_insert_with(Vec::new).push((c0 + c as u32, v));
        }
    }
    Ok(sparse_to_grid(path, rows, ext))
}

fn dense_range<RS: Read + Seek, R: Reader<RS>>(
    path: &Path,
    mut wb: R,
    sheet: Option<&str>,
) -> Result<calamine::Range<Data>, Error>
where
    R::Error: std::fmt::Display,
{
    let name = pick_sheet(path, &wb.sheet_names(), sheet)?;
    let range = wb.worksheet_range(&name).map_err(|e| corrupt(path, e))?;
    let (h, w) = range.get_size();
    if (h as u64).saturating_mul(w as u64) > MAX_DENSE_CELLS {
        return Err(Error::TooLarge {
            path: path.to_owned(),
            what: format!("sheet {name:?} spans {h} rows × {w} columns"),
        });
    }
    Ok(range)
}

fn float_to_string(f: f64) -> String {
    if f.fract() == 0.0 && f.abs() < 1e15 { format!("{f:.0}") } else { format!("{f}") }
}

fn data_to_string(d: &Data) -> String {
    match d {
        Data::Int(i) => i.to_string(),
        Data::Float(f) => float_to_string(*f),
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Bool(b) => b.to_string(),
        Data::DateTime(dt) => datetime_to_string(dt),
        Data::Error(e) => format!("#{e:?}"),
        Data::Empty => String::new(),
    }
}

fn dataref_to_string(d: &DataRef<'_>) -> String {
    match d {
        DataRef::Int(i) => i.to_string(),
        DataRef::Float(f) => float_to_string(*f),
        DataRef::String(s) | DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => s.clone(),
        DataRef::SharedString(s) => (*s).to_owned(),
        DataRef::Bool(b) => b.to_string(),
        DataRef::DateTime(dt) => datetime_to_string(dt),
        DataRef::Error(e) => format!("#{e:?}"),
        DataRef::Empty => String::new(),
    }
}

/// An Excel serial date-time as ISO 8601 (`YYYY-MM-DD` or `YYYY-MM-DDTHH:MM:SS`).
fn datetime_to_string(dt: &calamine::ExcelDateTime) -> String {
    let serial = dt.as_f64();
    if !dt.is_datetime() {
        return float_to_string(serial);
    }
    #[allow(clippy::cast_possible_truncation)]
    let days = serial.floor() as i64;
    #[allow(clippy::cast_possible_truncation)]
    let secs = ((serial - serial.floor()) * 86_400.0).round() as i64;
    // Excel's day 0 is 1899-12-30 (with the 1900 leap-year bug absorbed).
    let (y, m, d) = civil_from_days(days - 25_569);
    if secs == 0 {
        format!("{y:04}-{m:02}-{d:02}")
    } else {
        format!("{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}", secs / 3600, secs / 60 % 60, secs % 60)
    }
}

/// Days since 1970-01-01 to (year, month, day) (Howard Hinnant's algorithm).
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_dates() {
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(civil_from_days(19_723), (2024, 1, 1));
        assert_eq!(civil_from_days(-1), (1969, 12, 31));
    }

    #[test]
    fn floats_print_like_excel() {
        assert_eq!(float_to_string(2.0), "2");
        assert_eq!(float_to_string(2.5), "2.5");
    }
}

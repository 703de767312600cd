//! Bytes to text (UTF-8 with or without BOM, UTF-16 LE/BE, Windows-1252),
//! delimiter sniffing, and RFC 4180 parsing into a [`Grid`].

use std::path::Path;

use super::{Error, grid::Grid, grid::Row};

/// Decodes a text file: a BOM wins; otherwise valid UTF-8 is UTF-8,
/// NUL-heavy text without a BOM is UTF-16, anything else is Windows-1252
/// (what Excel's plain "CSV" writes in the UK). Returns the text and the
/// encoding's name.
#[must_use]
pub fn decode(bytes: &[u8]) -> (String, &'static str) {
    if let Some((enc, bom_len)) = encoding_rs::Encoding::for_bom(bytes) {
        let (text, _) = enc.decode_without_bom_handling(&bytes[bom_len..]);
        let name = if enc == encoding_rs::UTF_8 { "utf-8 (bom)" } else { enc.name_lower() };
        return (text.into_owned(), name);
    }
    if let Ok(s) = std::str::from_utf8(bytes)
        && !looks_utf16(bytes)
    {
        return (s.to_owned(), "utf-8");
    }
    if looks_utf16(bytes) {
        let even_nuls = bytes.iter().step_by(2).filter(|b| **b == 0).count();
        let odd_nuls = bytes.iter().skip(1).step_by(2).filter(|b| **b == 0).count();
        let enc = if odd_nuls >= even_nuls { encoding_rs::UTF_16LE } else { encoding_rs::UTF_16BE };
        let (text, _) = enc.decode_without_bom_handling(bytes);
        return (text.into_owned(), enc.name_lower());
    }
    let (text, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(bytes);
    (text.into_owned(), "windows-1252")
}

/// [`decode`] taking the bytes by value: UTF-8 without a BOM (the usual
/// case) becomes the `String` in place, without a copy.
#[must_use]
pub fn decode_owned(bytes: Vec<u8>) -> (String, &'static str) {
    if encoding_rs::Encoding::for_bom(&bytes).is_none() && !looks_utf16(&bytes) {
        match String::from_utf8(bytes) {
            Ok(s) => return (s, "utf-8"),
            Err(e) => return decode(e.as_bytes()),
        }
    }
    decode(&bytes)
}

trait NameLower {
    fn name_lower(&'static self) -> &'static str;
}
impl NameLower for encoding_rs::Encoding {
    fn name_lower(&'static self) -> &'static str {
        match self.name() {
            "UTF-16LE" => "utf-16le",
            "UTF-16BE" => "utf-16be",
            "UTF-8" => "utf-8",
            _ => "windows-1252",
        }
    }
}

/// UTF-16 without a BOM: ASCII text then has a NUL in every other byte.
fn looks_utf16(bytes: &[u8]) -> bool {
    let sample = &bytes[..bytes.len().min(4096)];
    if sample.len() < 4 {
        return false;
    }
    let nuls = sample.iter().filter(|b| **b == 0).count();
    nuls * 3 > sample.len()
}

/// Picks `,`, `;` or tab from the first record, counting outside quotes.
#[must_use]
pub fn sniff_delimiter(text: &str, prefer_tab: bool) -> u8 {
    let mut counts = [0usize; 3];
    let mut in_quotes = false;
    for c in text.chars() {
        match c {
            '"' => in_quotes = !in_quotes,
            '\n' | '\r' if !in_quotes => break,
            ',' if !in_quotes => counts[0] += 1,
            ';' if !in_quotes => counts[1] += 1,
            '\t' if !in_quotes => counts[2] += 1,
            _ => {}
        }
    }
    if prefer_tab && counts[2] > 0 {
        return b'\t';
    }
    let best = (0..3).max_by_key(|i| (counts[*i], usize::from(*i == 0))).unwrap_or(0);
    if counts[best] == 0 {
        return if prefer_tab { b'\t' } else { b',' };
    }
    [b',', b';', b'\t'][best]
}

/// Parses delimited text (header line first) into a grid.
///
/// # Errors
/// [`Error::Empty`] when there is no header; CSV errors are per-row rejections.
pub fn parse_delimited(path: &Path, text: &str, encoding: &str, prefer_tab: bool) -> Result<Grid, Error> {
    let mut rows = Vec::new();
    let mut grid = parse_delimited_chunks(path, text, encoding, prefer_tab, usize::MAX, |_, chunk| {
        rows = chunk;
        Ok(())
    })?;
    grid.rows = rows;
    Ok(grid)
}

/// [`parse_delimited`] handing the data rows to `on_rows` in chunks of up
/// to `chunk` rows, in order, as they are parsed (so a big file is never
/// held as one grid). `on_rows` sees the grid so far (headers and format
/// set, no rows) and is not called when there are no data rows. Returns
/// that grid, with the rows that could not be parsed.
///
/// # Errors
/// [`Error::Empty`] when there is no header; whatever `on_rows` returns.
pub fn parse_delimited_chunks(
    path: &Path,
    text: &str,
    encoding: &str,
    prefer_tab: bool,
    chunk: usize,
    mut on_rows: impl FnMut(&Grid, Vec<Row>) -> Result<(), Error>,
) -> Result<Grid, Error> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim().is_empty() {
        return Err(Error::Empty { path: path.to_owned() });
    }
    let delim = sniff_delimiter(text, prefer_tab);
    if let Some(line) = unterminated_quote(text, delim) {
        return Err(Error::Format {
            path: path.to_owned(),
            at: format!("line {line}"),
            message: "a quoted field starts here and is never closed (an unmatched \")".into(),
        });
    }
    let mut rdr = csv::ReaderBuilder::new()
        .delimiter(delim)
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut grid = Grid {
        format: format!(
            "{} {encoding}",
            match delim {
                b'\t' => "tab-separated",
                b';' => "semicolon-separated",
                _ => "comma-separated",
            }
        ),
        ..Grid::default()
    };
    let mut record = csv::StringRecord::new();
    let mut first = true;
    let mut n = 1usize;
    let mut rows: Vec<Row> = Vec::new();
    // Lines counted from the record's byte offset (csv's own line counter
    // skips line ends inside quoted fields).
    let (mut seen_byte, mut seen_line) = (0usize, 1usize);
    let mut line_at = |byte: u64| {
        let mut byte = usize::try_from(byte).unwrap_or(usize::MAX).min(text.len());
        // csv reports a record as starting at the previous record's line end.
        while byte < text.len() && matches!(text.as_bytes()[byte], b'\r' | b'\n') {
            byte += 1;
        }
        if byte >= seen_byte {
            seen_line += text.as_bytes()[seen_byte..byte].iter().filter(|b| **b == b'\n').count();
            seen_byte = byte;
        }
        seen_line
    };
    loop {
        let line = line_at(rdr.position().byte());
        match rdr.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {
                let line = record.position().map_or(line, |p| line_at(p.byte()));
                if first {
                    grid.headers = record.iter().map(super::normalize::collapse_spaces).collect();
                    first = false;
                } else {
                    // A completely empty line is not a row.
                    if record.len() == 1 && record[0].is_empty() {
                        continue;
                    }
                    n += 1;
                    rows.push(Row { n, line: Some(line), cells: record.iter().map(str::to_owned).collect() });
                    if rows.len() >= chunk {
                        on_rows(&grid, std::mem::take(&mut rows))?;
                    }
                }
            }
            Err(e) => {
                if first {
                    return Err(Error::Csv { path: path.to_owned(), line, message: e.to_string() });
                }
                n += 1;
                grid.bad_rows.push((Row { n, line: Some(line), cells: Vec::new() }, e.to_string()));
            }
        }
    }
    if first {
        return Err(Error::Empty { path: path.to_owned() });
    }
    if !rows.is_empty() {
        on_rows(&grid, rows)?;
    }
    Ok(grid)
}

/// The line of a quoted field that is never closed, if any. A quote only
/// opens a field at the field's start (as in RFC 4180 and the csv crate);
/// inside one, `""` is an escaped quote.
#[must_use]
pub fn unterminated_quote(text: &str, delim: u8) -> Option<usize> {
    let (mut line, mut open_line) = (1usize, 0usize);
    let (mut in_quotes, mut field_start) = (false, true);
    let mut bytes = text.bytes().peekable();
    while let Some(b) = bytes.next() {
        if b == b'\n' {
            line += 1;
        }
        if in_quotes {
            if b == b'"' {
                if bytes.peek() == Some(&b'"') {
                    bytes.next();
                } else {
                    in_quotes = false;
                }
            }
            continue;
        }
        if field_start && b == b'"' {
            in_quotes = true;
            open_line = line;
            field_start = false;
            continue;
        }
        field_start = b == delim || b == b'\n' || b == b'\r';
    }
    in_quotes.then_some(open_line)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_by_bom_and_content() {
        let cases: &[(&[u8], &str, &str)] = &[
            (b"\xEF\xBB\xBFcaf\xC3\xA9", "café", "utf-8 (bom)"),
            (b"caf\xC3\xA9", "café", "utf-8"),
            (b"caf\xE9 \x80", "café €", "windows-1252"),
            (b"\xFF\xFEa\x00b\x00", "ab", "utf-16le"),
            (b"a\x00b\x00c\x00d\x00", "abcd", "utf-16le"),
        ];
        for (bytes, want, enc) in cases {
            let (text, name) = decode(bytes);
            assert_eq!((text.as_str(), name), (*want, *enc), "{bytes:?}");
            assert_eq!(decode_owned(bytes.to_vec()), (text, name), "{bytes:?}");
        }
    }

    #[test]
    fn finds_unterminated_quotes() {
        let cases = [
            ("a,b\n1,\"x\n", Some(2)),
            ("a,b\n1,\"x\ny\"\n", None),
            ("a,b\n1,5\" screen\n", None),
            ("a,b\n1,\"say \"\"hi\"\"\"\n2,\"open\n3,x\n", Some(3)),
        ];
        for (text, want) in cases {
            assert_eq!(unterminated_quote(text, b','), want, "{text:?}");
        }
    }

    #[test]
    fn sniffs_delimiters() {
        let cases = [
            ("a,b,c\n1,2,3", false, b','),
            ("a;b;c\n", false, b';'),
            ("a\tb\n", false, b'\t'),
            ("\"x,y\";b;c\n", false, b';'),
            ("single\n", true, b'\t'),
            ("single\n", false, b','),
        ];
        for (text, tab, want) in cases {
            assert_eq!(sniff_delimiter(text, tab), want, "{text:?}");
        }
    }

    #[test]
    fn parses_quoted_newlines_and_doubled_quotes() -> Result<(), Error> {
        let g = parse_delimited(
            Path::new("x.csv"),
            "A,B\r\n1,\"two\nlines \"\"q\"\"\"\r\n\r\n2,x\r\n",
            "utf-8",
            false,
        )?;
        assert_eq!(g.headers, ["A", "B"]);
        assert_eq!(g.rows.len(), 2);
        assert_eq!((g.rows[0].n, g.rows[0].line), (2, Some(2)));
        assert_eq!(g.rows[0].cells, ["1", "two\nlines \"q\""]);
        assert_eq!((g.rows[1].n, g.rows[1].line), (3, Some(5)));
        Ok(())
    }
}

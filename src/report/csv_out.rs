//! The contract's CSV files, formula-safe.

use std::path::Path;

use crate::aggregate::ShareRow;
use crate::run::Run;

use super::Error;

/// Neutralises a user-derived cell for spreadsheet apps (OWASP): a cell that
/// begins with `=`, `+`, `-`, `@`, tab, carriage return or line feed (or their
/// full-width forms) gets a leading `'`. A plain signed number (`-2`, `+0.5`:
/// a rating, a score) is data, not a formula, and is left as it is.
#[must_use]
pub fn safe(cell: &str) -> std::borrow::Cow<'_, str> {
    if is_plain_number(cell) {
        return std::borrow::Cow::Borrowed(cell);
    }
    match cell.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r' | '\n' | '＝' | '＋' | '－' | '＠') => {
            std::borrow::Cow::Owned(format!("'{cell}"))
        }
        _ => std::borrow::Cow::Borrowed(cell),
    }
}

/// `-2`, `+3`, `-0.5`: an optional sign, digits, and optional decimals.
fn is_plain_number(cell: &str) -> bool {
    let digits = cell.strip_prefix(['-', '+']).unwrap_or(cell);
    let (whole, frac) = digits.split_once('.').unwrap_or((digits, "0"));
    !whole.is_empty()
        && !frac.is_empty()
        && whole.bytes().all(|b| b.is_ascii_digit())
        && frac.bytes().all(|b| b.is_ascii_digit())
}

fn writer(path: &Path) -> Result<csv::Writer<std::io::BufWriter<std::fs::File>>, Error> {
    let f = std::fs::File::create(path).map_err(super::io_err(path))?;
    // csv-core looks for a quote in the rest of a field each time its buffer
    // fills, so a big buffer keeps a multi-megabyte cell from costing
    // quadratic time (a 5 MB comment took a minute with the default 8 KiB).
    Ok(csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .buffer_capacity(1 << 20)
        .from_writer(std::io::BufWriter::new(f)))
}

fn csv_err(path: &Path) -> impl Fn(csv::Error) -> Error + '_ {
    move |e| Error::Csv { path: path.to_owned(), message: e.to_string() }
}

/// The header of `comments.csv`.
pub const COMMENTS_HEADER: [&str; 13] = [
    "id",
    "source",
    "option",
    "stakeholder",
    "question",
    "author",
    "phase",
    "role",
    "district",
    "status",
    "primary_theme",
    "themes",
    "text",
];

/// The contract fields of comment `i` of `run`, in [`COMMENTS_HEADER`]
/// order, as they are (not yet formula-safe). `themes` is a buffer for the
/// `;`-joined theme ids, reused across calls.
#[must_use]
pub fn comment_fields<'a>(run: &'a Run, i: usize, themes: &'a mut String) -> [&'a str; 13] {
    let (c, t) = (&run.comments[i], &run.tags[i]);
    let id = |k: usize| run.taxonomy.themes[k].id.as_str();
    themes.clear();
    for (n, &k) in t.themes.iter().enumerate() {
        if n > 0 {
            themes.push(';');
        }
        themes.push_str(id(k));
    }
    let themes: &'a String = themes;
    let d = &c.dims;
    [
        &c.id,
        &c.source,
        &d.option,
        &d.stakeholder,
        &d.question,
        &c.author,
        &d.phase,
        &d.role,
        &d.district,
        t.status.as_str(),
        t.primary.map_or("", id),
        themes,
        &c.text,
    ]
}

/// Writes `comments.csv`: one row per ingested comment, in input order.
///
/// # Errors
/// The file cannot be written.
pub fn write_comments(path: &Path, run: &Run) -> Result<(), Error> {
    let mut wtr = writer(path)?;
    let err = csv_err(path);
    let mut header: Vec<&str> = COMMENTS_HEADER.to_vec();
    header.extend(["overridden", "reply_to"]);
    wtr.write_record(&header).map_err(&err)?;
    let mut themes = String::new();
    for (i, c) in run.comments.iter().enumerate() {
        let overridden = if run.overridden.contains(&c.id) { "yes" } else { "" };
        let mut rec: Vec<std::borrow::Cow<'_, str>> =
            comment_fields(run, i, &mut themes).iter().map(|v| safe(v)).collect();
        rec.extend([overridden.into(), safe(&c.reply_to)]);
        wtr.write_record(rec.iter().map(|s| s.as_bytes())).map_err(&err)?;
    }
    wtr.flush().map_err(super::io_err(path))
}

/// Writes `theme_shares.csv` (`rounded`) or `theme_mentions.csv`.
///
/// # Errors
/// The file cannot be written.
pub fn write_shares(path: &Path, rows: &[ShareRow], rounded: bool) -> Result<(), Error> {
    let mut wtr = writer(path)?;
    let err = csv_err(path);
    let mut header = vec!["option", "stakeholder", "question", "theme", "comments", "base", "share_pct"];
    if rounded {
        header.push("share_rounded");
    }
    wtr.write_record(&header).map_err(&err)?;
    for r in rows {
        let mut rec = vec![
            safe(&r.block.option).into_owned(),
            safe(&r.block.stakeholder).into_owned(),
            safe(&r.block.question).into_owned(),
            r.theme.clone(),
            r.comments.to_string(),
            r.base.to_string(),
            format!("{:.1}", r.share_pct),
        ];
        if rounded {
            rec.push(r.share_rounded.to_string());
        }
        wtr.write_record(&rec).map_err(&err)?;
    }
    wtr.flush().map_err(super::io_err(path))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_cells_are_neutralised() {
        let cases = [
            ("=HYPERLINK(\"x\")", "'=HYPERLINK(\"x\")"),
            ("+44 1622", "'+44 1622"),
            ("-1", "-1"),
            ("-0.5", "-0.5"),
            ("+3", "+3"),
            ("-1+2", "'-1+2"),
            ("-1.", "'-1."),
            ("-.5", "'-.5"),
            ("- 1", "'- 1"),
            ("-", "'-"),
            ("-1e3", "'-1e3"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("\tx", "'\tx"),
            ("\rx", "'\rx"),
            ("＝1", "'＝1"),
            ("plain", "plain"),
            ("", ""),
            ("a=b", "a=b"),
        ];
        for (input, want) in cases {
            assert_eq!(safe(input), want, "{input:?}");
        }
    }
}

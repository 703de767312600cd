//! `report.xlsx`: one sheet per table, each theme table with a native Excel
//! bar chart, frozen header rows; a `Comments` sheet with filters.
//!
//! Invariants: user text is only ever written with `write_string` (a shared
//! string, never evaluated), and formula-looking text is neutralised as in
//! the CSVs; a cell longer than Excel's 32,767-character limit is truncated
//! with a visible marker; the `Comments` sheet is written in constant-memory
//! mode (rows stream to a temp file) and holds at most
//! `[report] xlsx_comment_rows` comments (default 100,000: a workbook Excel
//! opens in seconds; the cap is noted on `Contents` and in the report's
//! method, and `comments.csv` has every comment); the zip is deflated at
//! level 3, Excel's own; the file's dates are fixed so it is reproducible.

use std::path::Path;

use rust_xlsxwriter::{
    Chart, ChartType, DocProperties, ExcelDateTime, Format, FormatAlign, Workbook, Worksheet, XlsxError,
};

use super::Error;
use super::content::{self, Content};
use super::csv_out::safe;
use super::markdown::option_heading;
use crate::run::Run;

/// Excel's cell limit, in characters.
pub const MAX_CELL_CHARS: usize = 32_767;

/// Theme tables beyond this many get no sheet of their own (listed on `Contents`).
pub const MAX_THEME_SHEETS: usize = 400;

/// Text fit for a cell: formula-safe, and cut with a visible marker past Excel's limit.
#[must_use]
pub fn cell_text(s: &str) -> String {
    let s = safe(s);
    // A string of at most MAX_CELL_CHARS bytes has at most as many characters.
    if s.len() <= MAX_CELL_CHARS || s.chars().count() <= MAX_CELL_CHARS {
        return s.into_owned();
    }
    let marker = format!(" … [truncated: {} characters in all]", s.chars().count());
    let keep = MAX_CELL_CHARS - marker.chars().count();
    let mut out: String = s.chars().take(keep).collect();
    out.push_str(&marker);
    out
}

/// A valid, unique sheet name (≤ 31 characters, no `[]:*?/\`).
fn sheet_name(raw: &str, used: &mut Vec<String>) -> String {
    let clean: String = raw
        .chars()
        .map(|c| if matches!(c, '[' | ']' | ':' | '*' | '?' | '/' | '\\') { ' ' } else { c })
        .collect();
    let clean = clean.trim().trim_matches('\'').to_owned();
    let base: String = clean.chars().take(31).collect();
    let mut name = if base.is_empty() { "Sheet".to_owned() } else { base };
    let mut k = 2;
    while used.iter().any(|u| u.eq_ignore_ascii_case(&name)) {
        let suffix = format!(" ({k})");
        name = format!("{}{suffix}", clean.chars().take(31 - suffix.chars().count()).collect::<String>());
        k += 1;
    }
    used.push(name.clone());
    name
}

fn xerr(path: &Path) -> impl Fn(XlsxError) -> Error + '_ {
    move |e| Error::Xlsx { path: path.to_owned(), message: e.to_string() }
}

fn abbrev_question(q: &str) -> String {
    match q {
        "advantages" => "Adv".into(),
        "disadvantages" => "Disadv".into(),
        "benefits" => "Benefits".into(),
        "risks" => "Risks".into(),
        "" => "Comments".into(),
        other => other.to_owned(),
    }
}

/// Writes `report.xlsx` at `path`.
///
/// # Errors
/// The workbook cannot be written.
#[allow(clippy::too_many_lines)]
pub fn write(path: &Path, run: &Run, content: &Content) -> Result<(), Error> {
    let err = xerr(path);
    let mut wb = Workbook::new();
    // Excel's own level: ~30% less time than the default 6 for a file ~5% larger.
    wb.set_zip_compression_level(3);
    let fixed = ExcelDateTime::from_ymd(2024, 1, 1).map_err(&err)?;
    wb.set_properties(&DocProperties::new().set_title(cell_text(&run.title)).set_creation_datetime(&fixed));
    if let Some(dir) = path.parent() {
        wb.set_tempdir(dir).map_err(&err)?;
    }
    let bold = Format::new().set_bold();
    let head = Format::new().set_bold().set_font_color("#FFFFFF").set_background_color("#1F3864");
    let title_f = Format::new().set_bold().set_font_size(14).set_font_color("#1F3864");
    let pct = Format::new().set_num_format("0\"%\"").set_align(FormatAlign::Right);
    let pct1 = Format::new().set_num_format("0.0\"%\"").set_align(FormatAlign::Right);
    let dec2 = Format::new().set_num_format("0.00");
    let wrap = Format::new().set_text_wrap().set_align(FormatAlign::Top);
    let mut used: Vec<String> = Vec::new();

    // Contents: the method note and a list of the sheets.
    let contents = sheet_name("Contents", &mut used);
    {
        let ws = wb.add_worksheet();
        ws.set_name(&contents).map_err(&err)?;
        ws.set_column_width(0, 110).map_err(&err)?;
        ws.write_string_with_format(0, 0, cell_text(&run.title), &title_f).map_err(&err)?;
        ws.write_string_with_format(2, 0, "Method", &bold).map_err(&err)?;
        for (row, s) in (3u32..).zip(content::method(run)) {
            ws.write_string_with_format(row, 0, cell_text(&s), &wrap).map_err(&err)?;
        }
    }
    let mut toc: Vec<(String, String)> = Vec::new();

    // One sheet per theme table, each with a bar chart.
    let groups = content::by_option(&run.shares);
    let mut sheets = 0usize;
    let mut skipped = 0usize;
    for (option, groups) in &groups {
        for (who, blocks) in groups {
            for rows in blocks {
                if sheets >= MAX_THEME_SHEETS {
                    skipped += 1;
                    continue;
                }
                sheets += 1;
                let b = &rows[0].block;
                let opt = if option.is_empty() { "No option".to_owned() } else { format!("O{option}") };
                let name = sheet_name(
                    &format!("{opt} {} {}", content::display(run, who), abbrev_question(&b.question)),
                    &mut used,
                );
                let heading = format!(
                    "{} · {}: {}",
                    option_heading(option),
                    content::display(run, who),
                    content::block_heading(run, rows)
                );
                toc.push((name.clone(), heading.clone()));
                let ws = wb.add_worksheet();
                ws.set_name(&name).map_err(&err)?;
                ws.write_string_with_format(0, 0, cell_text(&heading), &title_f).map_err(&err)?;
                for (c, h) in ["Theme", "Comments", "Share"].iter().enumerate() {
                    ws.write_string_with_format(1, u16::try_from(c).unwrap_or(0), *h, &head).map_err(&err)?;
                }
                ws.set_freeze_panes(2, 0).map_err(&err)?;
                ws.set_column_width(0, 44).map_err(&err)?;
                ws.set_column_width(1, 11).map_err(&err)?;
                ws.set_column_width(2, 9).map_err(&err)?;
                let mut r = 2u32;
                for s in *rows {
                    ws.write_string(r, 0, cell_text(run.taxonomy.label(&s.theme))).map_err(&err)?;
                    #[allow(clippy::cast_precision_loss)]
                    ws.write_number(r, 1, s.comments as f64).map_err(&err)?;
                    ws.write_number_with_format(r, 2, f64::from(s.share_rounded), &pct).map_err(&err)?;
                    r += 1;
                }
                bar_chart(ws, &name, &heading, 2, r - 1, 0, 2, rows.len()).map_err(&err)?;
            }
        }
    }

    // Agreed points.
    if !content.agreed.is_empty() {
        let name = sheet_name("Agreed points", &mut used);
        toc.push((name.clone(), "Agreed points between stakeholder groups".into()));
        let ws = wb.add_worksheet();
        ws.set_name(&name).map_err(&err)?;
        header_row(ws, &["Option", "Question", "Theme", "Raised by"], &head).map_err(&err)?;
        for (i, p) in content.agreed.iter().enumerate() {
            let r = u32::try_from(i + 1).unwrap_or(u32::MAX);
            let who: Vec<String> = p.stakeholders.iter().map(|s| content::display(run, s)).collect();
            ws.write_string(r, 0, cell_text(&option_heading(&p.option))).map_err(&err)?;
            ws.write_string(r, 1, cell_text(&content::display(run, &p.question))).map_err(&err)?;
            ws.write_string(r, 2, cell_text(run.taxonomy.label(&p.theme))).map_err(&err)?;
            ws.write_string(r, 3, cell_text(&content::and_list(&who))).map_err(&err)?;
        }
        widths(ws, &[14.0, 16.0, 44.0, 30.0]).map_err(&err)?;
    }

    // Key quotes (redacted).
    if !content.quotes.is_empty() {
        let name = sheet_name("Key quotes", &mut used);
        toc.push((name.clone(), "Key quotes (personal data redacted)".into()));
        let ws = wb.add_worksheet();
        ws.set_name(&name).map_err(&err)?;
        header_row(ws, &["Option", "Stakeholder", "Theme", "Question", "Quote", "Comment id"], &head)
            .map_err(&err)?;
        for (i, q) in content.quotes.iter().enumerate() {
            let r = u32::try_from(i + 1).unwrap_or(u32::MAX);
            ws.write_string(r, 0, cell_text(&option_heading(&q.option))).map_err(&err)?;
            ws.write_string(r, 1, cell_text(&content::display(run, &q.stakeholder))).map_err(&err)?;
            ws.write_string(r, 2, cell_text(run.taxonomy.label(&q.theme))).map_err(&err)?;
            ws.write_string(r, 3, cell_text(&content::display(run, &q.question))).map_err(&err)?;
            ws.write_string_with_format(r, 4, cell_text(&q.text), &wrap).map_err(&err)?;
            ws.write_string(r, 5, cell_text(&q.id)).map_err(&err)?;
        }
        widths(ws, &[14.0, 14.0, 30.0, 16.0, 80.0, 16.0]).map_err(&err)?;
    }

    // Survey: all rows (with breakdowns) on one sheet, and one charted sheet per question.
    if !content.survey.is_empty() {
        let name = sheet_name("Survey", &mut used);
        toc.push((name.clone(), "Survey results, overall and by every dimension".into()));
        let ws = wb.add_worksheet();
        ws.set_name(&name).map_err(&err)?;
        let cols = ["Source", "Question", "Group by", "Group", "Answer", "Responses", "Share", "Mean"];
        header_row(ws, &cols, &head).map_err(&err)?;
        for (i, s) in content.survey.iter().enumerate() {
            let r = u32::try_from(i + 1).unwrap_or(u32::MAX);
            ws.write_string(r, 0, cell_text(&s.source)).map_err(&err)?;
            ws.write_string(r, 1, cell_text(&s.question)).map_err(&err)?;
            ws.write_string(r, 2, cell_text(&s.group_by)).map_err(&err)?;
            ws.write_string(r, 3, cell_text(&s.group)).map_err(&err)?;
            ws.write_string(r, 4, cell_text(&s.answer)).map_err(&err)?;
            #[allow(clippy::cast_precision_loss)]
            ws.write_number(r, 5, s.responses as f64).map_err(&err)?;
            ws.write_number_with_format(r, 6, (s.share_pct * 10.0).round() / 10.0, &pct1).map_err(&err)?;
            if let Some(m) = s.mean {
                ws.write_number_with_format(r, 7, (m * 100.0).round() / 100.0, &dec2).map_err(&err)?;
            }
        }
        let last = u32::try_from(content.survey.len()).unwrap_or(u32::MAX);
        ws.autofilter(0, 0, last, 7).map_err(&err)?;
        widths(ws, &[18.0, 50.0, 12.0, 20.0, 40.0, 11.0, 9.0, 8.0]).map_err(&err)?;
        for (k, t) in content::survey_tables(content).into_iter().enumerate() {
            let r0 = t[0];
            let ranking = r0.kind == crate::ingest::survey::QuestionKind::Ranking;
            let name = sheet_name(&format!("S{} {}", k + 1, r0.question), &mut used);
            toc.push((name.clone(), r0.question.clone()));
            let ws = wb.add_worksheet();
            ws.set_name(&name).map_err(&err)?;
            ws.write_string_with_format(
                0,
                0,
                cell_text(&format!("{} ({} responses)", r0.question, r0.base)),
                &title_f,
            )
            .map_err(&err)?;
            let cols: &[&str] = if ranking {
                &["Item", "Mean rank", "Ranked first"]
            } else {
                &["Answer", "Responses", "Share"]
            };
            for (c, h) in cols.iter().enumerate() {
                ws.write_string_with_format(1, u16::try_from(c).unwrap_or(0), *h, &head).map_err(&err)?;
            }
            ws.set_freeze_panes(2, 0).map_err(&err)?;
            widths(ws, &[50.0, 11.0, 12.0]).map_err(&err)?;
            let mut r = 2u32;
            for s in &t {
                ws.write_string(r, 0, cell_text(&s.answer)).map_err(&err)?;
                if ranking {
                    ws.write_number_with_format(r, 1, s.mean.unwrap_or(0.0), &dec2).map_err(&err)?;
                } else {
                    #[allow(clippy::cast_precision_loss)]
                    ws.write_number(r, 1, s.responses as f64).map_err(&err)?;
                }
                ws.write_number_with_format(r, 2, (s.share_pct * 10.0).round() / 10.0, &pct1)
                    .map_err(&err)?;
                r += 1;
            }
            let value_col = if ranking { 1 } else { 2 };
            bar_chart(ws, &name, &r0.question, 2, r - 1, 0, value_col, t.len()).map_err(&err)?;
        }
    }

    // Comments: every comment up to the cap, streamed (constant memory), with filters.
    let listed = run.report.xlsx_rows(run.comments.len());
    if run.report.xlsx_comment_rows > 0 {
        let name = sheet_name("Comments", &mut used);
        let what = if listed == run.comments.len() {
            "Every comment with its themes".to_owned()
        } else {
            format!(
                "The first {listed} of {} comments with their themes (cap `[report] xlsx_comment_rows`; every comment is in comments.csv)",
                run.comments.len()
            )
        };
        toc.push((name.clone(), what));
        let ws = wb.add_worksheet_with_constant_memory().map_err(&err)?;
        ws.set_name(&name).map_err(&err)?;
        let mut header: Vec<&str> = super::csv_out::COMMENTS_HEADER.to_vec();
        header.push("overridden");
        for (c, h) in header.iter().enumerate() {
            ws.write_string_with_format(0, u16::try_from(c).unwrap_or(0), *h, &head).map_err(&err)?;
        }
        ws.set_freeze_panes(1, 0).map_err(&err)?;
        widths(ws, &[16.0, 14.0, 8.0, 12.0, 14.0, 16.0, 12.0, 12.0, 12.0, 10.0, 20.0, 24.0, 90.0, 10.0])
            .map_err(&err)?;
        let mut themes = String::new();
        let mut r = 0u32;
        for (i, c) in run.comments.iter().enumerate().take(listed) {
            r += 1;
            let overridden = if run.overridden.contains(&c.id) { "yes" } else { "" };
            let fields = super::csv_out::comment_fields(run, i, &mut themes);
            let cells = fields.iter().copied().chain([overridden]);
            for (k, v) in cells.enumerate() {
                if !v.is_empty() {
                    ws.write_string(r, u16::try_from(k).unwrap_or(0), cell_text(v)).map_err(&err)?;
                }
            }
        }
        ws.autofilter(0, 0, r, u16::try_from(header.len() - 1).unwrap_or(0)).map_err(&err)?;
    }

    // The list of sheets on the Contents sheet.
    {
        let ws = wb.worksheet_from_name(&contents).map_err(&err)?;
        let mut row = 13u32;
        ws.write_string_with_format(row, 0, "Sheets", &bold).map_err(&err)?;
        for (name, what) in &toc {
            row += 1;
            ws.write_string(row, 0, cell_text(&format!("{name}: {what}"))).map_err(&err)?;
        }
        if skipped > 0 {
            row += 1;
            let note = format!(
                "{skipped} further theme tables are not given sheets here (limit {MAX_THEME_SHEETS}); they are all in theme_shares.csv."
            );
            ws.write_string(row, 0, note).map_err(&err)?;
        }
    }
    wb.save(path).map_err(&err)
}

fn header_row(ws: &mut Worksheet, cols: &[&str], head: &Format) -> Result<(), XlsxError> {
    for (c, h) in cols.iter().enumerate() {
        ws.write_string_with_format(0, u16::try_from(c).unwrap_or(0), *h, head)?;
    }
    ws.set_freeze_panes(1, 0)?;
    Ok(())
}

fn widths(ws: &mut Worksheet, w: &[f64]) -> Result<(), XlsxError> {
    for (c, width) in w.iter().enumerate() {
        ws.set_column_width(u16::try_from(c).unwrap_or(0), *width)?;
    }
    Ok(())
}

/// A horizontal bar chart of `sheet`!`value_col` against `label_col`, rows `first..=last`.
#[allow(clippy::too_many_arguments)]
fn bar_chart(
    ws: &mut Worksheet,
    sheet: &str,
    title: &str,
    first: u32,
    last: u32,
    label_col: u16,
    value_col: u16,
    n: usize,
) -> Result<(), XlsxError> {
    let mut chart = Chart::new(ChartType::Bar);
    chart
        .add_series()
        .set_categories((sheet, first, label_col, last, label_col))
        .set_values((sheet, first, value_col, last, value_col))
        .set_format(
            rust_xlsxwriter::ChartFormat::new()
                .set_solid_fill(rust_xlsxwriter::ChartSolidFill::new().set_color("#2E75B6")),
        );
    chart.title().set_name(&cell_text(title));
    chart.legend().set_hidden();
    chart.y_axis().set_reverse();
    chart.set_width(620);
    let h = 90 + 26 * u32::try_from(n).unwrap_or(40).min(40);
    chart.set_height(h.max(220));
    ws.insert_chart(1, 4, &chart)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_cells_truncate_with_marker() {
        let long = "x".repeat(40_000);
        let got = cell_text(&long);
        assert_eq!(got.chars().count(), MAX_CELL_CHARS);
        assert!(got.ends_with("[truncated: 40000 characters in all]"));
        assert_eq!(cell_text("=1+1"), "'=1+1");
        assert_eq!(cell_text("fine"), "fine");
    }

    #[test]
    fn sheet_names_are_valid_and_unique() {
        let mut used = Vec::new();
        let cases = [
            ("O1 Schools Disadv", "O1 Schools Disadv"),
            ("O1 Schools Disadv", "O1 Schools Disadv (2)"),
            ("a/b:c?", "a b c"),
            ("A very long sheet name that goes past the limit", "A very long sheet name that goe"),
        ];
        for (raw, want) in cases {
            assert_eq!(sheet_name(raw, &mut used), want, "{raw:?}");
        }
    }
}

//! `report.md`: the committee report as Markdown (GitHub-flavoured tables;
//! bar charts drawn with block characters so they survive a paste).

use std::fmt::Write as _;

use super::content::{self, Content};
use crate::aggregate::ShareRow;
use crate::run::Run;

/// Capitalises the first letter ("disadvantages" → "Disadvantages").
#[must_use]
pub fn title_case(s: &str) -> String {
    let mut c = s.chars();
    c.next().map_or_else(String::new, |f| f.to_uppercase().chain(c).collect())
}

/// "Option 2", or "Not about one option" for the empty option.
#[must_use]
pub fn option_heading(option: &str) -> String {
    if option.is_empty() {
        "Not about one option".to_owned()
    } else if option.chars().all(|c| c.is_ascii_digit()) {
        format!("Option {option}")
    } else {
        option.to_owned()
    }
}

/// "10" for 10.0, "12.5" for 12.5.
#[must_use]
pub fn trim_float(v: f64) -> String {
    let s = format!("{v:.2}");
    s.trim_end_matches('0').trim_end_matches('.').to_owned()
}

/// Escapes text for a Markdown table cell or list item.
#[must_use]
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '|' | '*' | '_' | '`' | '[' | ']' | '<' | '>' | '#' | '\\' => {
                out.push('\\');
                out.push(c);
            }
            '\n' | '\r' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// A text bar for a share: one block per 5%.
#[must_use]
pub fn bar(share: u32) -> String {
    let n = (share as usize).div_ceil(5).min(20);
    "█".repeat(n)
}

/// Renders the whole Markdown report.
#[must_use]
pub fn render(run: &Run, content: &Content) -> String {
    let mut md = String::new();
    let _ = writeln!(md, "# {}\n", escape(&run.title));
    let _ = writeln!(md, "## Method\n");
    for s in content::method(run) {
        let _ = writeln!(md, "- {}", escape(&s));
    }
    md.push('\n');
    for (option, groups) in content::by_option(&run.shares) {
        let _ = writeln!(md, "## {}\n", escape(&option_heading(option)));
        for (who, blocks) in &groups {
            let _ = writeln!(md, "### Stakeholder feedback: {}\n", escape(&content::display(run, who)));
            for rows in blocks {
                block_table(&mut md, run, rows);
            }
            let quotes = content::quotes_for(content, option, who);
            if !quotes.is_empty() {
                let _ = writeln!(md, "#### Key quotes: {}\n", escape(&content::display(run, who)));
                for q in quotes {
                    let _ = writeln!(
                        md,
                        "> \u{201c}{}\u{201d}  \n> — {}, {} ({})\n",
                        escape(&q.text),
                        escape(&content::display(run, &q.stakeholder)),
                        escape(&content::display(run, &q.question)),
                        escape(run.taxonomy.label(&q.theme))
                    );
                }
            }
        }
        agreed(&mut md, run, content, option);
    }
    profiles(&mut md, run);
    survey(&mut md, content);
    md
}

fn profiles(md: &mut String, run: &Run) {
    if run.profile.is_empty() {
        return;
    }
    let _ = writeln!(md, "## Attendee profiles\n");
    let mut i = 0;
    let rows = &run.profile;
    while i < rows.len() {
        let (src, dim) = (&rows[i].source, &rows[i].dimension);
        let j = i + rows[i..].iter().take_while(|r| &r.source == src && &r.dimension == dim).count();
        let _ = writeln!(md, "### {}: {} ({} people)\n", escape(src), escape(&title_case(dim)), rows[i].base);
        let _ = writeln!(md, "| {} | People | Share | |\n|---|---:|---:|---|", escape(&title_case(dim)));
        for r in &rows[i..j] {
            #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
            let whole = r.share_pct.round().clamp(0.0, 100.0) as u32;
            let v = if r.value.is_empty() { "(not known)" } else { &r.value };
            let _ = writeln!(md, "| {} | {} | {:.1}% | {} |", escape(v), r.people, r.share_pct, bar(whole));
        }
        md.push('\n');
        i = j;
    }
}

fn block_table(md: &mut String, run: &Run, rows: &[ShareRow]) {
    let _ = writeln!(md, "#### {}\n", escape(&content::block_heading(run, rows)));
    let _ = writeln!(md, "| Theme | Comments | Share | |\n|---|---:|---:|---|");
    for r in rows {
        let _ = writeln!(
            md,
            "| {} | {} | {}% | {} |",
            escape(run.taxonomy.label(&r.theme)),
            r.comments,
            r.share_rounded,
            bar(r.share_rounded)
        );
    }
    md.push('\n');
}

fn agreed(md: &mut String, run: &Run, content: &Content, option: &str) {
    let points = content::agreed_for(content, option);
    if points.is_empty() {
        return;
    }
    let groups = content::agreed_groups(run, &points);
    let _ = writeln!(md, "### Agreed points between {}\n", escape(&content::and_list(&groups)));
    let _ = writeln!(md, "| Question | Theme | Raised by |\n|---|---|---|");
    for p in points {
        let who: Vec<String> = p.stakeholders.iter().map(|s| content::display(run, s)).collect();
        let _ = writeln!(
            md,
            "| {} | {} | {} |",
            escape(&content::display(run, &p.question)),
            escape(run.taxonomy.label(&p.theme)),
            escape(&content::and_list(&who))
        );
    }
    md.push('\n');
}

fn survey(md: &mut String, content: &Content) {
    let tables = content::survey_tables(content);
    if tables.is_empty() {
        return;
    }
    let _ = writeln!(
        md,
        "## Survey results\n\nWhole-survey results; breakdowns by every respondent dimension are in survey.csv and report.xlsx.\n"
    );
    for t in tables {
        let r0 = t[0];
        let _ = writeln!(md, "### {} ({} responses)\n", escape(&r0.question), r0.base);
        let ranking = r0.kind == crate::ingest::survey::QuestionKind::Ranking;
        if ranking {
            let _ = writeln!(md, "| Rank | Item | Mean rank | Ranked first |\n|---:|---|---:|---:|");
            for (i, r) in t.iter().enumerate() {
                let _ = writeln!(
                    md,
                    "| {} | {} | {} | {:.1}% |",
                    i + 1,
                    escape(&r.answer),
                    super::tables_csv::mean_cell(r.mean),
                    r.share_pct
                );
            }
        } else {
            let _ = writeln!(md, "| Answer | Responses | Share | |\n|---|---:|---:|---|");
            for r in &t {
                #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
                let whole = r.share_pct.round().clamp(0.0, 100.0) as u32;
                let _ = writeln!(
                    md,
                    "| {} | {} | {:.1}% | {} |",
                    escape(&r.answer),
                    r.responses,
                    r.share_pct,
                    bar(whole)
                );
            }
            if let Some(m) = r0.mean {
                let _ = writeln!(md, "\nMean: {m:.2}");
            }
        }
        md.push('\n');
    }
}

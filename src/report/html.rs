//! `report.html`: the committee report as one self-contained page — inline
//! CSS, inline SVG bar charts, no JavaScript, no remote assets — printable
//! (A4, a page break before each option) and accessible (captions, `th`
//! scopes, charts with `<title>`/`<desc>` and an `aria-labelledby`).
//!
//! Invariant: every piece of user text goes through [`escape`].

use std::fmt::Write as _;

use super::content::{self, Content};
use super::markdown::option_heading;
use crate::aggregate::ShareRow;
use crate::aggregate::survey::SurveyRow;
use crate::ingest::survey::QuestionKind;
use crate::run::Run;

/// Escapes text for HTML element content and attribute values.
#[must_use]
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if c.is_control() && c != '\n' && c != '\t' => {}
            c => out.push(c),
        }
    }
    out
}

const CSS: &str = r#"
:root{--ink:#1b1b1b;--navy:#1f3864;--bar:#2e75b6;--grey:#9a9a9a;--rule:#d0d7e2;--pale:#f3f6fa}
*{box-sizing:border-box}
body{font-family:Arial,"Helvetica Neue","DejaVu Sans",sans-serif;color:var(--ink);margin:0;background:#fff;line-height:1.45;font-size:15px}
main{max-width:1060px;margin:0 auto;padding:28px 36px 60px}
header.cover{border-bottom:4px solid var(--navy);margin-bottom:18px;padding-bottom:10px}
header.cover p{margin:0;color:#44546a;font-size:13px;text-transform:uppercase;letter-spacing:.06em}
h1{color:var(--navy);font-size:28px;margin:6px 0 4px}
h2{color:#fff;background:var(--navy);font-size:21px;padding:7px 12px;margin:34px 0 14px}
h3{color:var(--navy);font-size:18px;border-bottom:2px solid var(--rule);padding-bottom:3px;margin:24px 0 10px}
h4{font-size:15.5px;margin:18px 0 6px}
nav ol{columns:2;padding-left:20px;margin:6px 0}
nav a{color:var(--navy)}
.method{background:var(--pale);border-left:4px solid var(--navy);padding:10px 16px;margin:12px 0}
.method ul{margin:4px 0;padding-left:20px}
.block{display:flex;flex-wrap:wrap;gap:18px;align-items:flex-start;break-inside:avoid;page-break-inside:avoid;margin-bottom:8px}
.block table{flex:1 1 340px}
.block svg{flex:1 1 480px;max-width:540px;height:auto}
table{border-collapse:collapse;font-size:13.5px;margin:4px 0 10px;width:100%}
caption{text-align:left;font-weight:bold;padding:2px 0 6px;color:var(--ink)}
th,td{border:1px solid var(--rule);padding:4px 8px;vertical-align:top}
thead th{background:var(--navy);color:#fff;text-align:left}
tbody th{font-weight:normal;text-align:left}
td.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
tr.untagged th,tr.untagged td{color:#555;font-style:italic}
blockquote{margin:8px 0;padding:8px 14px;border-left:4px solid var(--bar);background:var(--pale)}
blockquote p{margin:0 0 4px}
blockquote footer{font-size:12.5px;color:#44546a}
.note{font-size:13px;color:#44546a}
.sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
svg text{font-family:Arial,"DejaVu Sans",sans-serif;font-size:12px;fill:#1b1b1b}
@page{size:A4;margin:16mm 14mm}
@media print{
 body{font-size:11pt}
 main{max-width:none;padding:0}
 nav{display:none}
 section.option,section.survey{break-before:page;page-break-before:always}
 h2{-webkit-print-color-adjust:exact;print-color-adjust:exact}
 thead th{-webkit-print-color-adjust:exact;print-color-adjust:exact}
 h3,h4,caption{break-after:avoid;page-break-after:avoid}
 blockquote,figure,table{break-inside:avoid;page-break-inside:avoid}
}
"#;

/// Renders the whole HTML report.
#[must_use]
pub fn render(run: &Run, content: &Content) -> String {
    let mut h = String::with_capacity(64 * 1024);
    let title = escape(&run.title);
    let _ = write!(
        h,
        "<!DOCTYPE html>\n<html lang=\"en-GB\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{title}</title>\n<style>{CSS}</style>\n</head>\n<body>\n<main>\n<header class=\"cover\"><p>Consultation and workshop feedback analysis</p><h1>{title}</h1></header>\n"
    );
    let options = content::by_option(&run.shares);
    let surveys = content::survey_tables(content);
    h.push_str(
        "<nav aria-label=\"Contents\"><h3>Contents</h3><ol>\n<li><a href=\"#method\">Method</a></li>\n",
    );
    for (k, (option, _)) in options.iter().enumerate() {
        let _ = writeln!(h, "<li><a href=\"#option-{k}\">{}</a></li>", escape(&option_heading(option)));
    }
    if !run.profile.is_empty() {
        h.push_str("<li><a href=\"#profiles\">Attendee profiles</a></li>\n");
    }
    if !surveys.is_empty() {
        h.push_str("<li><a href=\"#survey\">Survey results</a></li>\n");
    }
    h.push_str("</ol></nav>\n<section class=\"method\" id=\"method\"><h3>Method</h3><ul>\n");
    for s in content::method(run) {
        let _ = writeln!(h, "<li>{}</li>", escape(&s));
    }
    h.push_str("</ul></section>\n");
    let mut chart_id = 0usize;
    for (k, (option, groups)) in options.iter().enumerate() {
        let _ = writeln!(
            h,
            "<section class=\"option\" id=\"option-{k}\">\n<h2>{}</h2>",
            escape(&option_heading(option))
        );
        for (who, blocks) in groups {
            let who_d = escape(&content::display(run, who));
            let _ = writeln!(h, "<h3>Stakeholder feedback: {who_d}</h3>");
            for rows in blocks {
                chart_id += 1;
                block(&mut h, run, option, &who_d, rows, chart_id);
            }
            let quotes = content::quotes_for(content, option, who);
            if !quotes.is_empty() {
                let _ = writeln!(h, "<h4>Key quotes: {who_d}</h4>");
                for q in quotes {
                    let _ = writeln!(
                        h,
                        "<blockquote><p>\u{201c}{}\u{201d}</p><footer>{} · {} · {}</footer></blockquote>",
                        escape(&q.text).replace('\n', "<br>"),
                        escape(&content::display(run, &q.stakeholder)),
                        escape(&content::display(run, &q.question)),
                        escape(run.taxonomy.label(&q.theme))
                    );
                }
            }
        }
        agreed(&mut h, run, content, option);
        h.push_str("</section>\n");
    }
    profiles(&mut h, run, &mut chart_id);
    if !surveys.is_empty() {
        h.push_str("<section class=\"survey\" id=\"survey\">\n<h2>Survey results</h2>\n<p class=\"note\">Whole-survey results. Breakdowns by every respondent dimension are in survey.csv and report.xlsx.</p>\n");
        for t in surveys {
            chart_id += 1;
            survey_table(&mut h, &t, chart_id);
        }
        h.push_str("</section>\n");
    }
    h.push_str("</main>\n</body>\n</html>\n");
    h
}

fn block(h: &mut String, run: &Run, option: &str, who: &str, rows: &[ShareRow], id: usize) {
    let heading = escape(&content::block_heading(run, rows));
    let _ = writeln!(h, "<h4>{heading}</h4>\n<div class=\"block\">");
    let _ = writeln!(
        h,
        "<table><caption class=\"sr\">{} · {who}: {heading}, themes by share</caption>\n<thead><tr><th scope=\"col\">Theme</th><th scope=\"col\">Comments</th><th scope=\"col\">Share</th></tr></thead><tbody>",
        escape(&option_heading(option))
    );
    for r in rows {
        let cls = if r.theme == "untagged" { " class=\"untagged\"" } else { "" };
        let _ = writeln!(
            h,
            "<tr{cls}><th scope=\"row\">{}</th><td class=\"n\">{}</td><td class=\"n\">{}%</td></tr>",
            escape(run.taxonomy.label(&r.theme)),
            r.comments,
            r.share_rounded
        );
    }
    h.push_str("</tbody></table>\n");
    let bars: Vec<(String, f64, String, bool)> = rows
        .iter()
        .map(|r| {
            (
                run.taxonomy.label(&r.theme).to_owned(),
                f64::from(r.share_rounded),
                format!("{}%", r.share_rounded),
                r.theme == "untagged",
            )
        })
        .collect();
    let title = format!("{} · {who}: {heading}", escape(&option_heading(option)));
    let desc = rows
        .iter()
        .map(|r| format!("{} {}%", escape(run.taxonomy.label(&r.theme)), r.share_rounded))
        .collect::<Vec<_>>()
        .join("; ");
    svg_bars(h, id, &title, &desc, &bars, 100.0);
    h.push_str("</div>\n");
}

/// A horizontal bar chart. `title` and `desc` must already be escaped.
fn svg_bars(
    h: &mut String,
    id: usize,
    title: &str,
    desc: &str,
    bars: &[(String, f64, String, bool)],
    max: f64,
) {
    let (label_w, bar_w, row_h, top) = (250.0, 230.0, 24.0, 6.0);
    #[allow(clippy::cast_precision_loss)]
    let height = top * 2.0 + row_h * bars.len() as f64;
    let width = label_w + bar_w + 50.0;
    let _ = writeln!(
        h,
        "<svg role=\"img\" aria-labelledby=\"c{id}t c{id}d\" viewBox=\"0 0 {width} {height}\" width=\"{width}\" height=\"{height}\" xmlns=\"http://www.w3.org/2000/svg\"><title id=\"c{id}t\">{title}</title><desc id=\"c{id}d\">{desc}</desc>"
    );
    let _ = writeln!(
        h,
        "<line x1=\"{label_w}\" y1=\"{top}\" x2=\"{label_w}\" y2=\"{}\" stroke=\"#8497b0\" stroke-width=\"1\"/>",
        height - top
    );
    for (i, (label, v, text, grey)) in bars.iter().enumerate() {
        #[allow(clippy::cast_precision_loss)]
        let y = top + row_h * i as f64;
        let w = if max > 0.0 { (v / max * bar_w).max(if *v > 0.0 { 1.5 } else { 0.0 }) } else { 0.0 };
        let short: String = if label.chars().count() > 40 {
            format!("{}…", label.chars().take(39).collect::<String>())
        } else {
            label.clone()
        };
        let fill = if *grey { "#9a9a9a" } else { "#2e75b6" };
        let _ = writeln!(
            h,
            "<text x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text><rect x=\"{label_w}\" y=\"{}\" width=\"{w:.1}\" height=\"{}\" fill=\"{fill}\"/><text x=\"{:.1}\" y=\"{}\">{}</text>",
            label_w - 6.0,
            y + 16.0,
            escape(&short),
            y + 4.0,
            row_h - 8.0,
            label_w + w + 5.0,
            y + 16.0,
            escape(text)
        );
    }
    h.push_str("</svg>\n");
}

fn survey_table(h: &mut String, t: &[&SurveyRow], id: usize) {
    let r0 = t[0];
    let q = escape(&r0.question);
    let _ = writeln!(h, "<h3>{q}</h3>\n<div class=\"block\">");
    let ranking = r0.kind == QuestionKind::Ranking;
    let _ = writeln!(
        h,
        "<table><caption>{q} ({} responses{})</caption>",
        r0.base,
        r0.mean.filter(|_| !ranking).map(|m| format!(", mean {m:.2}")).unwrap_or_default()
    );
    if ranking {
        h.push_str("<thead><tr><th scope=\"col\">Rank</th><th scope=\"col\">Item</th><th scope=\"col\">Mean rank</th><th scope=\"col\">Ranked first</th></tr></thead><tbody>\n");
        for (i, r) in t.iter().enumerate() {
            let _ = writeln!(
                h,
                "<tr><td class=\"n\">{}</td><th scope=\"row\">{}</th><td class=\"n\">{}</td><td class=\"n\">{:.1}%</td></tr>",
                i + 1,
                escape(&r.answer),
                super::tables_csv::mean_cell(r.mean),
                r.share_pct
            );
        }
    } else {
        h.push_str("<thead><tr><th scope=\"col\">Answer</th><th scope=\"col\">Responses</th><th scope=\"col\">Share</th></tr></thead><tbody>\n");
        for r in t {
            let _ = writeln!(
                h,
                "<tr><th scope=\"row\">{}</th><td class=\"n\">{}</td><td class=\"n\">{:.1}%</td></tr>",
                escape(&r.answer),
                r.responses,
                r.share_pct
            );
        }
    }
    h.push_str("</tbody></table>\n");
    let bars: Vec<(String, f64, String, bool)> = if ranking {
        t.iter()
            .map(|r| {
                let m = r.mean.unwrap_or(0.0);
                (r.answer.clone(), m, format!("{m:.2}"), false)
            })
            .collect()
    } else {
        t.iter().map(|r| (r.answer.clone(), r.share_pct, format!("{:.1}%", r.share_pct), false)).collect()
    };
    let max = if ranking { bars.iter().map(|b| b.1).fold(1.0, f64::max) } else { 100.0 };
    let what = if ranking { "mean rank (1 = top)" } else { "share of respondents" };
    let desc =
        bars.iter().map(|b| format!("{} {}", escape(&b.0), escape(&b.2))).collect::<Vec<_>>().join("; ");
    svg_bars(h, id, &format!("{q}: {what}"), &desc, &bars, max);
    h.push_str("</div>\n");
}

fn profiles(h: &mut String, run: &Run, chart_id: &mut usize) {
    if run.profile.is_empty() {
        return;
    }
    h.push_str("<section class=\"survey\" id=\"profiles\">\n<h2>Attendee profiles</h2>\n");
    let rows = &run.profile;
    let mut i = 0;
    while i < rows.len() {
        let (src, dim) = (&rows[i].source, &rows[i].dimension);
        let j = i + rows[i..].iter().take_while(|r| &r.source == src && &r.dimension == dim).count();
        let what = format!("{}: {} ({} people)", src, super::markdown::title_case(dim), rows[i].base);
        let _ = writeln!(h, "<h3>{}</h3>\n<div class=\"block\">", escape(&what));
        let _ = writeln!(
            h,
            "<table><caption class=\"sr\">{}</caption><thead><tr><th scope=\"col\">{}</th><th scope=\"col\">People</th><th scope=\"col\">Share</th></tr></thead><tbody>",
            escape(&what),
            escape(&super::markdown::title_case(dim))
        );
        let mut bars = Vec::new();
        for r in &rows[i..j] {
            let v = if r.value.is_empty() { "(not known)" } else { &r.value };
            let _ = writeln!(
                h,
                "<tr><th scope=\"row\">{}</th><td class=\"n\">{}</td><td class=\"n\">{:.1}%</td></tr>",
                escape(v),
                r.people,
                r.share_pct
            );
            bars.push((v.to_owned(), r.share_pct, format!("{:.0}%", r.share_pct), r.value.is_empty()));
        }
        h.push_str("</tbody></table>\n");
        *chart_id += 1;
        let desc = bars.iter().map(|b| format!("{} {}", escape(&b.0), b.2)).collect::<Vec<_>>().join("; ");
        svg_bars(h, *chart_id, &escape(&what), &desc, &bars, 100.0);
        h.push_str("</div>\n");
        i = j;
    }
    h.push_str("</section>\n");
}

fn agreed(h: &mut String, run: &Run, content: &Content, option: &str) {
    let points = content::agreed_for(content, option);
    if points.is_empty() {
        return;
    }
    let groups = content::agreed_groups(run, &points);
    let title = format!("Agreed points between {}", content::and_list(&groups));
    let _ = writeln!(
        h,
        "<h3>{}</h3>\n<table><caption>{}: {}</caption><thead><tr><th scope=\"col\">Question</th><th scope=\"col\">Theme</th><th scope=\"col\">Raised by</th></tr></thead><tbody>",
        escape(&title),
        escape(&option_heading(option)),
        escape(&title)
    );
    for p in points {
        let who: Vec<String> = p.stakeholders.iter().map(|s| content::display(run, s)).collect();
        let _ = writeln!(
            h,
            "<tr><td>{}</td><th scope=\"row\">{}</th><td>{}</td></tr>",
            escape(&content::display(run, &p.question)),
            escape(run.taxonomy.label(&p.theme)),
            escape(&content::and_list(&who))
        );
    }
    h.push_str("</tbody></table>\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_user_text() {
        let cases = [
            ("<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;"),
            ("a & b", "a &amp; b"),
            ("\"q\" 'x'", "&quot;q&quot; &#39;x&#39;"),
            ("bell\u{7}", "bell"),
            ("plain", "plain"),
        ];
        for (input, want) in cases {
            assert_eq!(escape(input), want, "{input:?}");
        }
    }
}

//! `report.md`: the committee report as Markdown.

use std::fmt::Write as _;

use crate::aggregate::ShareRow;
use crate::run::Run;

/// Capitalises the first letter ("disadvantages" → "Disadvantages").
#[must_use]
pub fn title_case(s: &str) -> String {
    let mut c = s.chars();
    c.next().map_or_else(String::new, |f| f.to_uppercase().chain(c).collect())
}

/// "Option 2", or "No option" for the empty option.
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
            '\n' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// Renders the whole Markdown report.
#[must_use]
pub fn render(run: &Run) -> String {
    let mut md = String::new();
    let _ = writeln!(md, "# {}\n", escape(&run.title));
    let a = &run.accounts;
    let comments: usize = a.iter().map(|s| s.comments).sum();
    let noise: usize = a.iter().map(|s| s.noise).sum();
    let untagged: usize = a.iter().map(|s| s.untagged).sum();
    let _ = writeln!(
        md,
        "{comments} comments from {} source(s), coded against the taxonomy \"{}\". {untagged} comments matched no theme and are shown as Untagged; {noise} chat messages were set aside as noise (greetings, technical chatter) and are in no base.\n",
        a.len(),
        escape(&run.taxonomy.name)
    );
    let mut current: Option<(&str, &str)> = None;
    let mut i = 0;
    let rows = &run.shares;
    while i < rows.len() {
        let b = &rows[i].block;
        let j = i + rows[i..].iter().take_while(|r| r.block == *b).count();
        if current.map(|c| c.0) != Some(b.option.as_str()) {
            let _ = writeln!(md, "## {}\n", escape(&option_heading(&b.option)));
            current = None;
        }
        if current.map(|c| c.1) != Some(b.stakeholder.as_str()) {
            let who = if b.stakeholder.is_empty() { "(no stakeholder group)" } else { &b.stakeholder };
            let _ = writeln!(md, "### Stakeholder feedback: {}\n", escape(&title_case(who)));
            current = Some((&b.option, &b.stakeholder));
        }
        block_table(&mut md, run, &rows[i..j]);
        i = j;
    }
    md
}

fn block_table(md: &mut String, run: &Run, rows: &[ShareRow]) {
    let b = &rows[0].block;
    let q = if b.question.is_empty() { "Comments" } else { &b.question };
    let base = rows[0].base;
    let noun = if base == 1 { "comment" } else { "comments" };
    let _ = writeln!(md, "#### {} ({base} {noun})\n", escape(&title_case(q)));
    let _ = writeln!(md, "| Theme | Comments | Share |\n|---|---:|---:|");
    for r in rows {
        let _ = writeln!(
            md,
            "| {} | {} | {}% |",
            escape(run.taxonomy.label(&r.theme)),
            r.comments,
            r.share_rounded
        );
    }
    md.push('\n');
}

//! Explain: one comment's tagging in words — every rule that fired with its
//! matched span marked in the text, the vetoes, any analyst override, and
//! why the primary theme won.
//!
//! Input: a comment, its [`Tagging`] and the [`Tagger`]. Output: text on a
//! writer. Pure: no I/O beyond the writer.

use std::io::{self, Write};

use crate::model::Comment;

use super::{PRIMARY_RULE, RuleKind, THIN_RULE, Tagger, Tagging};

/// Characters of context shown either side of a span in a long comment.
const CONTEXT: usize = 60;

/// `text` with `span` marked `[[like this]]`, trimmed to `CONTEXT`
/// characters either side (with `…`) when the text is long; newlines shown as `⏎`.
#[must_use]
pub fn mark(text: &str, span: (usize, usize)) -> String {
    let (s, e) = (span.0.min(text.len()), span.1.min(text.len()));
    if !text.is_char_boundary(s) || !text.is_char_boundary(e) {
        return text.replace('\n', " ⏎ ");
    }
    let before = &text[..s];
    let after = &text[e..];
    let before_chars: Vec<char> = before.chars().collect();
    let after_chars: Vec<char> = after.chars().collect();
    let pre: String = if before_chars.len() > CONTEXT {
        format!("…{}", before_chars[before_chars.len() - CONTEXT..].iter().collect::<String>())
    } else {
        before.to_owned()
    };
    let post: String = if after_chars.len() > CONTEXT {
        format!("{}…", after_chars[..CONTEXT].iter().collect::<String>())
    } else {
        after.to_owned()
    };
    format!("{pre}[[{}]]{post}", &text[s..e]).replace('\n', " ⏎ ")
}

/// Writes the explanation of `tagging` for `comment`.
///
/// # Errors
/// The writer fails.
pub fn write(w: &mut impl Write, tagger: &Tagger, comment: &Comment, tagging: &Tagging) -> io::Result<()> {
    let tax = tagger.taxonomy();
    let id = |t: usize| tax.themes[t].id.as_str();
    let d = &comment.dims;
    writeln!(w, "comment   {}", comment.id)?;
    writeln!(w, "source    {} ({})", comment.source, comment.origin)?;
    writeln!(
        w,
        "block     option {:?} · stakeholder {:?} · question {:?}",
        d.option, d.stakeholder, d.question
    )?;
    if !comment.author.is_empty() {
        writeln!(w, "author    {}", comment.author)?;
    }
    writeln!(w, "text      {}", comment.text.replace('\n', " ⏎ "))?;
    writeln!(w)?;
    writeln!(w, "status    {}", tagging.status.as_str())?;
    let themes: Vec<&str> = tagging.themes.iter().map(|&t| id(t)).collect();
    writeln!(w, "themes    {}", if themes.is_empty() { "(none)".to_owned() } else { themes.join(";") })?;
    match tagging.primary {
        Some(p) => writeln!(w, "primary   {} ({})", id(p), tax.themes[p].label)?,
        None => writeln!(w, "primary   (none)")?,
    }
    writeln!(w)?;
    if tagging.hits.is_empty() {
        writeln!(w, "rules that fired: none")?;
    } else {
        writeln!(w, "rules that fired:")?;
        for h in &tagging.hits {
            let shown = match h.kind {
                RuleKind::Query => "(query: matches the stemmed text of the comment)".to_owned(),
                RuleKind::Whole => format!("(whole comment) {}", mark(&comment.text, h.span)),
                RuleKind::Phrase | RuleKind::Regex | RuleKind::Weak => mark(&comment.text, h.span),
                RuleKind::Fallback => format!("(fallback: vocabulary overlap on {})", h.rule),
            };
            writeln!(w, "  {:<18} {:<8} «{}»", id(h.theme), h.kind.as_str(), h.rule.as_str())?;
            writeln!(w, "  {:<18} {shown}", "")?;
        }
    }
    if !tagging.vetoed.is_empty() {
        writeln!(w, "vetoed:")?;
        for v in &tagging.vetoed {
            writeln!(w, "  {:<18} {:<8} «{}»", id(v.theme), v.kind, v.rule)?;
            writeln!(w, "  {:<18} {}", "", mark(&comment.text, v.span))?;
        }
        if tagging.vetoed.iter().any(|v| v.kind == "thin") {
            writeln!(w, "  (thin: {THIN_RULE})")?;
        }
    }
    // A fallback verdict has no rule scores: its reason line says why.
    let scores = tagger.scores(&tagging.hits);
    if !scores.is_empty() && tagging.hits.iter().all(|h| h.kind != RuleKind::Fallback) {
        writeln!(w)?;
        writeln!(w, "primary choice: {PRIMARY_RULE}")?;
        for s in &scores {
            let first = if s.first == usize::MAX { "-".to_owned() } else { s.first.to_string() };
            writeln!(
                w,
                "  {:<18} score {:>5.2} = weight {} × evidence {:.1} ({} rule{}, first at byte {first})",
                id(s.theme),
                s.score,
                tax.themes[s.theme].weight,
                s.score / tax.themes[s.theme].weight,
                s.rules,
                if s.rules == 1 { "" } else { "s" },
            )?;
        }
    }
    let reason = tagger.reason(&comment.text, tagging);
    if !reason.is_empty() {
        writeln!(w, "why       {reason}")?;
    }
    if let Some(n) = &tagging.overridden {
        let machine: Vec<&str> = n.themes.iter().map(|&t| id(t)).collect();
        writeln!(w)?;
        writeln!(
            w,
            "override  {} row {} replaced the machine's verdict: {} [{}], primary {}",
            n.path.display(),
            n.row,
            n.status.as_str(),
            machine.join(";"),
            n.primary.map_or("(none)", id)
        )?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mark_table() {
        let long = format!("{}budget{}", "a".repeat(100), "b".repeat(100));
        let cases: Vec<(&str, (usize, usize), String)> = vec![
            ("school budgets", (7, 14), "school [[budgets]]".to_owned()),
            ("a\nb", (2, 3), "a ⏎ [[b]]".to_owned()),
            (&long, (100, 106), format!("…{}[[budget]]{}…", "a".repeat(60), "b".repeat(60))),
        ];
        for (text, span, want) in cases {
            assert_eq!(mark(text, span), want);
        }
    }
}

//! Tag: comments against a compiled taxonomy.
//!
//! Input: a [`Taxonomy`] and a batch of comments. Output: one [`Tagging`] per
//! comment (status, themes, primary theme, the rule hits that explain it).
//! Invariants: pure (no I/O); the result for a comment depends only on its
//! text and the taxonomy, never on thread count or batch order.

use rayon::prelude::*;
use regex::Regex;
use thiserror::Error;

use crate::model::{Comment, Status};
use crate::taxonomy::{self, Taxonomy};

/// Errors while tagging.
#[derive(Debug, Error)]
pub enum Error {
    /// A rule failed to compile.
    #[error(transparent)]
    Rule(#[from] taxonomy::Error),
}

/// The kind of rule that fired.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum RuleKind {
    /// A `phrases` entry.
    Phrase,
    /// A `regex` entry.
    Regex,
    /// A `query` entry.
    Query,
    /// A `whole` entry.
    Whole,
}

impl RuleKind {
    /// The taxonomy key.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            RuleKind::Phrase => "phrases",
            RuleKind::Regex => "regex",
            RuleKind::Query => "query",
            RuleKind::Whole => "whole",
        }
    }
}

/// One rule that fired on a comment.
#[derive(Debug, Clone, PartialEq)]
pub struct Hit {
    /// Theme index in the taxonomy.
    pub theme: usize,
    /// The rule's kind.
    pub kind: RuleKind,
    /// The rule as written.
    pub rule: String,
    /// Byte span of the match in the comment text (empty for query rules).
    pub span: (usize, usize),
}

/// The tagger's verdict on one comment.
#[derive(Debug, Clone, PartialEq)]
pub struct Tagging {
    /// tagged / untagged / noise.
    pub status: Status,
    /// Matched theme indices, in taxonomy order.
    pub themes: Vec<usize>,
    /// The primary theme (None when untagged or noise).
    pub primary: Option<usize>,
    /// Every rule that fired (vetoed themes' hits excluded).
    pub hits: Vec<Hit>,
    /// Themes vetoed by an exclude rule, with the rule.
    pub vetoed: Vec<(usize, String)>,
    /// Why the primary won, in words.
    pub reason: String,
}

struct Compiled {
    phrases: Vec<(String, Regex)>,
    regex: Vec<(String, Regex)>,
    whole: Vec<(String, Regex)>,
    exclude: Vec<(String, Regex)>,
}

/// A compiled taxonomy, ready to tag.
pub struct Tagger {
    themes: Vec<Compiled>,
    weights: Vec<f64>,
    noise_phrases: std::collections::HashSet<String>,
    noise_regex: Vec<Regex>,
    noise_max_words: usize,
}

/// Turns a phrase (with `*` word endings) into a word-bounded regex.
#[must_use]
pub fn phrase_to_regex(phrase: &str) -> String {
    let mut out = String::from(r"(?i)\b");
    for (i, word) in phrase.split_whitespace().enumerate() {
        if i > 0 {
            out.push_str(r"\s+");
        }
        let (stem, star) = match word.strip_suffix('*') {
            Some(s) => (s, true),
            None => (word, false),
        };
        for c in stem.chars() {
            match c {
                '\'' | '’' => out.push_str("['’]"),
                '-' => out.push_str(r"[-\s]?"),
                c => out.push_str(&regex::escape(&c.to_string())),
            }
        }
        if star {
            out.push_str(r"\w*");
        }
    }
    if !phrase.ends_with(|c: char| c.is_alphanumeric() || c == '*') {
        return out;
    }
    out.push_str(r"\b");
    out
}

/// Lower-cases, strips emoji and punctuation (keeping `+ / '`) and collapses spaces.
#[must_use]
pub fn normalize_for_whole(text: &str) -> String {
    let kept: String = text
        .chars()
        .map(|c| {
            let c = if c == '’' { '\'' } else { c };
            if c.is_alphanumeric() || matches!(c, '+' | '/' | '\'') { c } else { ' ' }
        })
        .collect();
    crate::ingest::normalize::collapse_spaces(&kept).to_lowercase()
}

impl Tagger {
    /// Compiles every rule of `tax`.
    ///
    /// # Errors
    /// A rule that does not compile, named with its theme and file.
    pub fn new(tax: &Taxonomy) -> Result<Tagger, Error> {
        let bad = |theme: &str, kind: &'static str, rule: &str, message: String| taxonomy::Error::BadRule {
            path: tax.path.clone(),
            theme: theme.to_owned(),
            kind,
            rule: rule.to_owned(),
            message,
        };
        let compile = |theme: &str, kind: &'static str, rule: &str, pattern: &str| {
            Regex::new(pattern).map_err(|e| bad(theme, kind, rule, e.to_string()))
        };
        let mut themes = Vec::with_capacity(tax.themes.len());
        for t in &tax.themes {
            if let Some(q) = t.query.first() {
                return Err(
                    bad(&t.id, "query", q, "query rules are not supported by this build".into()).into()
                );
            }
            let mut c = Compiled { phrases: vec![], regex: vec![], whole: vec![], exclude: vec![] };
            for p in &t.phrases {
                if p.trim().is_empty() {
                    return Err(bad(&t.id, "phrases", p, "empty phrase".into()).into());
                }
                c.phrases.push((p.clone(), compile(&t.id, "phrases", p, &phrase_to_regex(p))?));
            }
            for r in &t.regex {
                c.regex.push((r.clone(), compile(&t.id, "regex", r, &format!("(?i){r}"))?));
            }
            for r in &t.whole {
                c.whole.push((r.clone(), compile(&t.id, "whole", r, &format!("(?i){r}"))?));
            }
            for p in &t.exclude {
                c.exclude.push((p.clone(), compile(&t.id, "exclude", p, &phrase_to_regex(p))?));
            }
            for r in &t.exclude_regex {
                c.exclude.push((r.clone(), compile(&t.id, "exclude_regex", r, &format!("(?i){r}"))?));
            }
            themes.push(c);
        }
        let mut noise_regex = Vec::new();
        for r in &tax.noise.regex {
            noise_regex.push(compile("noise", "noise", r, &format!("(?i){r}"))?);
        }
        Ok(Tagger {
            themes,
            weights: tax.themes.iter().map(|t| t.weight).collect(),
            noise_phrases: tax.noise.phrases.iter().map(|p| normalize_for_whole(p)).collect(),
            noise_regex,
            noise_max_words: tax.noise.max_words,
        })
    }

    /// Tags one comment's text.
    #[must_use]
    pub fn tag_text(&self, text: &str) -> Tagging {
        let norm = normalize_for_whole(text);
        let mut hits = Vec::new();
        let mut vetoed = Vec::new();
        for (i, t) in self.themes.iter().enumerate() {
            let before = hits.len();
            for (rule, re) in &t.phrases {
                if let Some(m) = re.find(text) {
                    hits.push(Hit {
                        theme: i,
                        kind: RuleKind::Phrase,
                        rule: rule.clone(),
                        span: (m.start(), m.end()),
                    });
                }
            }
            for (rule, re) in &t.regex {
                if let Some(m) = re.find(text) {
                    hits.push(Hit {
                        theme: i,
                        kind: RuleKind::Regex,
                        rule: rule.clone(),
                        span: (m.start(), m.end()),
                    });
                }
            }
            for (rule, re) in &t.whole {
                if re.is_match(&norm) {
                    hits.push(Hit {
                        theme: i,
                        kind: RuleKind::Whole,
                        rule: rule.clone(),
                        span: (0, text.len()),
                    });
                }
            }
            if hits.len() > before {
                if let Some((rule, _)) = t.exclude.iter().find(|(_, re)| re.is_match(text)) {
                    hits.truncate(before);
                    vetoed.push((i, rule.clone()));
                }
            }
        }
        let mut themes: Vec<usize> = hits.iter().map(|h| h.theme).collect();
        themes.dedup();
        if themes.is_empty() {
            let words = norm.split(' ').filter(|w| !w.is_empty()).count();
            let noise = self.noise_phrases.contains(&norm)
                || (words <= self.noise_max_words && self.noise_regex.iter().any(|r| r.is_match(&norm)));
            let status = if noise { Status::Noise } else { Status::Untagged };
            return Tagging { status, themes, primary: None, hits, vetoed, reason: String::new() };
        }
        // Primary: highest weight × evidence (matched characters), ties by file order.
        let mut best: Option<(usize, f64)> = None;
        for &t in &themes {
            let evidence: usize = hits.iter().filter(|h| h.theme == t).map(|h| h.span.1 - h.span.0).sum();
            #[allow(clippy::cast_precision_loss)]
            let score = self.weights[t] * evidence as f64;
            if best.is_none_or(|(_, s)| score > s) {
                best = Some((t, score));
            }
        }
        let (primary, score) = best.unwrap_or((themes[0], 0.0));
        Tagging {
            status: Status::Tagged,
            themes,
            primary: Some(primary),
            hits,
            vetoed,
            reason: format!(
                "highest weight × matched characters ({score:.1}); ties go to the theme listed first"
            ),
        }
    }

    /// Tags a batch in parallel (on the current rayon pool); output order = input order.
    ///
    /// # Errors
    /// A query rule could not run.
    pub fn tag_all(&self, comments: &[Comment]) -> Result<Vec<Tagging>, Error> {
        Ok(comments.par_iter().map(|c| self.tag_text(&c.text)).collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phrases_are_word_bounded_with_stems() {
        let cases = [
            ("budget*", "school budgets are tight", true),
            ("budget*", "nobudget", false),
            ("lift", "LIFT meetings", true),
            ("lift", "uplifting", false),
            ("can't afford", "we can’t afford it", true),
            ("multi-agency", "multi agency working", true),
            ("multi-agency", "multiagency working", true),
            ("high needs funding", "High  Needs\nFunding", true),
        ];
        for (phrase, text, want) in cases {
            let re = Regex::new(&phrase_to_regex(phrase)).unwrap_or_else(|e| panic!("{phrase}: {e}"));
            assert_eq!(re.is_match(text), want, "{phrase:?} on {text:?}");
        }
    }
}

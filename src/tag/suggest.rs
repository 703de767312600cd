//! Suggest: what the rules miss, so a commissioner can write the next rule.
//!
//! Input: a run's comments and taggings and the taxonomy. Output: the words
//! and bigrams most distinctive of untagged comments against tagged ones
//! (log-odds ratio with a +0.5 prior, as a z-score, over per-comment
//! presence), and per theme the untagged comments that nearly matched (a word
//! one edit from a phrase word whose other words are present, or every word of a phrase present but not
//! together). Deterministic: ties break on the term, comments keep input order.

use std::collections::{BTreeMap, BTreeSet};

use crate::model::{Comment, Status};
use crate::taxonomy::Taxonomy;

use super::Tagging;

const STOP: &[&str] = &[
    "the", "and", "for", "that", "this", "with", "are", "was", "were", "will", "would", "have", "has", "had",
    "not", "but", "they", "them", "their", "there", "our", "you", "your", "its", "it's", "from", "what",
    "which", "who", "all", "can", "could", "should", "been", "being", "more", "less", "than", "then", "into",
    "out", "about", "just", "also", "very", "some", "any", "one", "get", "got", "don't", "dont", "can't",
    "cant", "we're", "i'm", "too", "now", "when", "how", "why", "where", "her", "his", "she", "him", "who's",
    "does", "did", "doing", "because", "over", "only", "other", "such", "each", "these", "those", "much",
    "many", "way",
];

/// One distinctive term.
#[derive(Debug, Clone, PartialEq)]
pub struct Term {
    /// The word or bigram.
    pub term: String,
    /// Untagged comments containing it.
    pub untagged: usize,
    /// Tagged comments containing it.
    pub tagged: usize,
    /// The log-odds z-score (higher = more typical of untagged comments).
    pub z: f64,
}

/// A near-miss of one theme.
#[derive(Debug, Clone, PartialEq)]
pub struct NearMiss {
    /// Theme id.
    pub theme: String,
    /// The comment id.
    pub id: String,
    /// Why it nearly matched.
    pub why: String,
    /// The comment text.
    pub text: String,
}

fn words(text: &str) -> Vec<String> {
    text.to_lowercase()
        .replace('\u{2019}', "'")
        .split(|c: char| !(c.is_alphanumeric() || c == '\''))
        .map(|w| w.trim_matches('\''))
        .filter(|w| w.len() >= 3 && !w.chars().all(|c| c.is_ascii_digit()) && !STOP.contains(w))
        .map(str::to_owned)
        .collect()
}

fn terms(text: &str) -> BTreeSet<String> {
    let ws = words(text);
    let mut out: BTreeSet<String> = ws.iter().cloned().collect();
    for p in ws.windows(2) {
        out.insert(format!("{} {}", p[0], p[1]));
    }
    out
}

/// The `limit` terms most distinctive of untagged comments (seen in 2+ of them).
#[must_use]
pub fn distinctive(comments: &[Comment], tags: &[Tagging], limit: usize) -> Vec<Term> {
    let mut u: BTreeMap<String, usize> = BTreeMap::new();
    let mut t: BTreeMap<String, usize> = BTreeMap::new();
    let (mut nu, mut nt) = (0usize, 0usize);
    for (c, tg) in comments.iter().zip(tags) {
        let map = match tg.status {
            Status::Untagged => {
                nu += 1;
                &mut u
            }
            Status::Tagged => {
                nt += 1;
                &mut t
            }
            Status::Noise => continue,
        };
        for term in terms(&c.text) {
            *map.entry(term).or_default() += 1;
        }
    }
    #[allow(clippy::cast_precision_loss)]
    let (nu_f, nt_f) = (nu as f64, nt as f64);
    let mut out: Vec<Term> = u
        .iter()
        .filter(|(_, n)| **n >= 2)
        .map(|(term, &un)| {
            let tn = t.get(term).copied().unwrap_or(0);
            #[allow(clippy::cast_precision_loss)]
            let (a, b) = (un as f64 + 0.5, tn as f64 + 0.5);
            let lo = (a / (nu_f - a + 1.0)).ln() - (b / (nt_f - b + 1.0)).ln();
            let z = lo / (1.0 / a + 1.0 / b).sqrt();
            Term { term: term.clone(), untagged: un, tagged: tn, z }
        })
        .collect();
    out.sort_by(|a, b| b.z.total_cmp(&a.z).then_with(|| a.term.cmp(&b.term)));
    out.truncate(limit);
    out
}

fn one_edit(a: &str, b: &str) -> bool {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    if a == b || a.len().abs_diff(b.len()) > 1 {
        return false;
    }
    let (mut i, mut j, mut edits) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        if a[i] == b[j] {
            i += 1;
            j += 1;
            continue;
        }
        edits += 1;
        if edits > 1 {
            return false;
        }
        if a.len() > b.len() {
            i += 1;
        } else if b.len() > a.len() {
            j += 1;
        } else if i + 1 < a.len() && a[i] == b[j + 1] && a[i + 1] == b[j] {
            i += 2;
            j += 2;
        } else {
            i += 1;
            j += 1;
        }
    }
    edits + (a.len() - i) + (b.len() - j) <= 1
}

/// Per theme, up to `per_theme` untagged comments that nearly matched a phrase.
#[must_use]
pub fn near_misses(
    tax: &Taxonomy,
    comments: &[Comment],
    tags: &[Tagging],
    per_theme: usize,
) -> Vec<NearMiss> {
    let mut out = Vec::new();
    for t in &tax.themes {
        let phrases: Vec<Vec<String>> = t
            .phrases
            .iter()
            .map(|p| {
                p.to_lowercase().split_whitespace().map(|w| w.trim_end_matches('*').to_owned()).collect()
            })
            .collect();
        let mut n = 0;
        for (c, tg) in comments.iter().zip(tags) {
            if tg.status != Status::Untagged || n >= per_theme {
                continue;
            }
            let ws = words(&c.text);
            let lower = c.text.to_lowercase();
            let mut why = None;
            'phrases: for (p, raw) in phrases.iter().zip(&t.phrases) {
                if p.len() > 1 && p.iter().all(|w| lower.contains(w.as_str())) {
                    why = Some(format!("has every word of {raw:?}, not together"));
                    break;
                }
                for (k, pw) in p.iter().enumerate().filter(|(_, w)| w.len() >= 5) {
                    let rest_present = p
                        .iter()
                        .enumerate()
                        .all(|(j, o)| j == k || o.len() < 3 || lower.contains(o.as_str()));
                    if !rest_present {
                        continue;
                    }
                    if let Some(w) = ws.iter().find(|w| w.len() >= 5 && one_edit(w, pw)) {
                        why = Some(format!("{w:?} is one edit from {raw:?}"));
                        break 'phrases;
                    }
                }
            }
            if let Some(why) = why {
                out.push(NearMiss { theme: t.id.clone(), id: c.id.clone(), why, text: c.text.clone() });
                n += 1;
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_edit_table() {
        let cases = [
            ("recieve", "receive", true),
            ("fundng", "funding", true),
            ("budgets", "budget", true),
            ("budget", "budget", false),
            ("cost", "coast", true),
            ("lift", "list", true),
            ("inclusion", "exclusion", false),
        ];
        for (a, b, want) in cases {
            assert_eq!(one_edit(a, b), want, "{a} {b}");
        }
    }

    #[test]
    fn distinctive_prefers_untagged_terms() -> Result<(), Box<dyn std::error::Error>> {
        let tax = Taxonomy::from_toml_str(
            "name='t'\n[[themes]]\nid='f'\nlabel='F'\nphrases=['funding']\n",
            std::path::Path::new("t.toml"),
        )?;
        let tagger = super::super::Tagger::new(&tax)?;
        let texts = ["funding cut", "funding gone", "respite care lost", "respite care waits", "fundng cut"];
        let comments: Vec<Comment> = texts
            .iter()
            .enumerate()
            .map(|(i, t)| Comment { id: format!("c{i}"), text: (*t).into(), ..Comment::default() })
            .collect();
        let tags = tagger.tag_all(&comments)?;
        let top = distinctive(&comments, &tags, 3);
        let got: Vec<&str> = top.iter().map(|t| t.term.as_str()).collect();
        assert_eq!(got, ["care", "respite", "respite care"]);
        let nm = near_misses(&tax, &comments, &tags, 5);
        assert_eq!(nm.len(), 1);
        assert_eq!(
            (nm[0].id.as_str(), nm[0].why.as_str()),
            ("c4", "\"fundng\" is one edit from \"funding\"")
        );
        Ok(())
    }
}

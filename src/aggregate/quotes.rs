//! Key quotes: for each option × stakeholder group and its leading themes,
//! the comments that best represent the theme.
//!
//! Input: comments, their taggings and the single-label shares. Output:
//! [`Quote`]s (text unredacted: the writers redact). Choice, per theme: comments
//! whose primary theme it is, preferring strong rule evidence (more distinct
//! rules of that theme fired), a readable length (40–300 characters), few
//! other themes; a candidate too like one already chosen (Jaccard similarity
//! of word sets ≥ 0.6) is skipped. Invariants: pure and deterministic (ties
//! go to the earlier comment).

use std::collections::{BTreeMap, BTreeSet};

use super::{cmp_option, question_rank};
use crate::model::{Comment, Status};
use crate::tag::Tagging;
use crate::taxonomy::Taxonomy;

/// One key quote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Quote {
    /// The option.
    pub option: String,
    /// The stakeholder group.
    pub stakeholder: String,
    /// The theme id it represents.
    pub theme: String,
    /// The question it answered.
    pub question: String,
    /// The comment id.
    pub id: String,
    /// The comment text (unredacted).
    pub text: String,
}

/// Readable length, in characters.
pub const MIN_CHARS: usize = 40;
/// Readable length, in characters.
pub const MAX_CHARS: usize = 300;
/// Candidates at least this similar to a chosen quote are skipped.
pub const MAX_JACCARD: f64 = 0.6;

fn words(s: &str) -> BTreeSet<String> {
    s.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(str::to_lowercase).collect()
}

/// Jaccard similarity of two word sets.
#[must_use]
pub fn jaccard(a: &BTreeSet<String>, b: &BTreeSet<String>) -> f64 {
    let union = a.union(b).count();
    if union == 0 {
        return 1.0;
    }
    #[allow(clippy::cast_precision_loss)]
    let j = a.intersection(b).count() as f64 / union as f64;
    j
}

/// The key quotes: for each (option, stakeholder), its `themes` leading
/// themes (by primary-theme comments over all questions; untagged never
/// leads), and up to `per_theme` quotes each.
#[must_use]
pub fn key_quotes(
    tax: &Taxonomy,
    comments: &[Comment],
    tags: &[Tagging],
    themes: usize,
    per_theme: usize,
) -> Vec<Quote> {
    // (option, stakeholder) -> theme -> comment indices
    // Keys borrow the comments' dimensions (no two strings cloned per comment).
    let mut groups: BTreeMap<(&str, &str), BTreeMap<usize, Vec<usize>>> = BTreeMap::new();
    for (i, (c, t)) in comments.iter().zip(tags).enumerate() {
        if t.status != Status::Tagged {
            continue;
        }
        if let Some(p) = t.primary {
            groups
                .entry((c.dims.option.as_str(), c.dims.stakeholder.as_str()))
                .or_default()
                .entry(p)
                .or_default()
                .push(i);
        }
    }
    let mut keys: Vec<(&str, &str)> = groups.keys().copied().collect();
    keys.sort_by(|a, b| cmp_option(a.0, b.0).then_with(|| a.1.cmp(b.1)));
    let mut out = Vec::new();
    for key in keys {
        let by_theme = &groups[&key];
        let mut leading: Vec<(&usize, &Vec<usize>)> = by_theme.iter().collect();
        leading.sort_by(|a, b| b.1.len().cmp(&a.1.len()).then(a.0.cmp(b.0)));
        for (&theme, members) in leading.into_iter().take(themes) {
            let mut scored: Vec<(i64, usize)> =
                members.iter().map(|&i| (score(&comments[i], &tags[i], theme), i)).collect();
            scored.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
            let mut chosen: Vec<(usize, BTreeSet<String>)> = Vec::new();
            for (_, i) in scored {
                if chosen.len() >= per_theme {
                    break;
                }
                let w = words(&comments[i].text);
                if chosen.iter().any(|(_, cw)| jaccard(cw, &w) >= MAX_JACCARD) {
                    continue;
                }
                chosen.push((i, w));
            }
            chosen.sort_by(|a, b| {
                let (qa, qb) = (&comments[a.0].dims.question, &comments[b.0].dims.question);
                question_rank(qa).cmp(&question_rank(qb)).then(a.0.cmp(&b.0))
            });
            for (i, _) in chosen {
                let c = &comments[i];
                out.push(Quote {
                    option: key.0.to_owned(),
                    stakeholder: key.1.to_owned(),
                    theme: tax.themes[theme].id.clone(),
                    question: c.dims.question.clone(),
                    id: c.id.clone(),
                    text: c.text.clone(),
                });
            }
        }
    }
    out
}

/// Higher is better: distinct rules of `theme` that fired (×10), a readable
/// length (+20, or less the further outside), fewer competing themes (−3 each).
fn score(c: &Comment, t: &Tagging, theme: usize) -> i64 {
    let rules: BTreeSet<&str> = t.hits.iter().filter(|h| h.theme == theme).map(|h| h.rule.as_str()).collect();
    let n = c.text.chars().count();
    let len_score: i64 = if (MIN_CHARS..=MAX_CHARS).contains(&n) {
        20
    } else if n < MIN_CHARS {
        -i64::try_from(MIN_CHARS - n).unwrap_or(i64::MAX / 4)
    } else {
        -i64::try_from((n - MAX_CHARS) / 10).unwrap_or(i64::MAX / 4)
    };
    let others = i64::try_from(t.themes.len().saturating_sub(1)).unwrap_or(0);
    i64::try_from(rules.len().min(5)).unwrap_or(0) * 10 + len_score - 3 * others
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jaccard_cases() {
        let cases = [
            ("the cost is too high", "the cost is too high", 1.0),
            ("the cost is too high", "cost too high the is", 1.0),
            ("a b", "c d", 0.0),
            ("a b c", "a b d", 0.5),
        ];
        for (a, b, want) in cases {
            assert!((jaccard(&words(a), &words(b)) - want).abs() < 1e-9, "{a:?} {b:?}");
        }
    }

    #[test]
    fn picks_readable_distinct_quotes() -> Result<(), Box<dyn std::error::Error>> {
        let tax = Taxonomy::from_toml_str(
            "name='t'\n[[themes]]\nid='funding'\nlabel='Funding'\nphrases=['budget*', 'afford']\n",
            std::path::Path::new("t.toml"),
        )?;
        let tagger = crate::tag::Tagger::new(&tax)?;
        let texts = [
            "budget",
            "Schools cannot afford this from their budgets and will stop buying support.",
            "Schools cannot afford this from their budgets and will stop buying support!",
            "Our budget is already stretched and we could not afford any traded service at all.",
        ];
        let comments: Vec<Comment> = texts
            .iter()
            .enumerate()
            .map(|(i, t)| {
                let mut c = Comment { id: format!("c{i}"), text: (*t).into(), ..Comment::default() };
                c.dims.option = "1".into();
                c.dims.stakeholder = "schools".into();
                c
            })
            .collect();
        let tags: Vec<Tagging> = comments.iter().map(|c| tagger.tag_text(&c.text)).collect();
        let q = key_quotes(&tax, &comments, &tags, 3, 2);
        let ids: Vec<&str> = q.iter().map(|q| q.id.as_str()).collect();
        assert_eq!(ids, ["c1", "c3"], "readable, not near-duplicates, deterministic");
        Ok(())
    }
}

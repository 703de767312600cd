//! Fallback: a theme for a comment that no rule matched, by vocabulary overlap.
//!
//! Input: the taxonomy (once, to build each theme's vocabulary) and, per
//! comment, its text and the rules' verdict. Output: the same verdict, or —
//! for an `untagged` comment (never `noise`) — the theme whose vocabulary it
//! shares most, recorded as a [`RuleKind::Fallback`] hit naming the words
//! that matched. Invariants: pure and deterministic (words are scored in
//! sorted order, ties go to the theme listed first); a theme's vocabulary
//! comes only from the taxonomy itself, never from data.
//!
//! How it scores:
//! 1. each theme's vocabulary is the stemmed words ([`crate::index::stem_analyzer`])
//!    of its label, description, phrases, regexes (their literal words) and
//!    queries (operators dropped), less [`STOP_WORDS`];
//! 2. a word's weight is its inverse theme frequency, `ln(N / df)` for `N`
//!    themes of which `df` have it in their vocabulary (a word every theme
//!    knows weighs nothing);
//! 3. a comment's distinct stemmed words, less the stop words and negators,
//!    give each theme the sum of the weights of the words it shares with it;
//! 4. the best theme is assigned when its score is at least `min_score` and
//!    beats the runner-up by at least `margin` (`[fallback]` in the taxonomy);
//!    otherwise the comment stays untagged. A theme that an `exclude` or a
//!    negation vetoed for the comment is never its fallback.

use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

use tantivy::tokenizer::{TextAnalyzer, TokenStream};

use crate::model::Status;
use crate::taxonomy::{FallbackSpec, Taxonomy};

use super::{Hit, RuleKind, RuleText, Tagging};

/// Words that carry no theme: function words, pronouns, auxiliaries and
/// negators (a negator flips a point, it does not name one), plus the
/// fragments a tokenizer leaves of `n't` words. Matched before stemming.
pub const STOP_WORDS: &[&str] = &[
    "a",
    "about",
    "all",
    "also",
    "am",
    "an",
    "and",
    "any",
    "are",
    "as",
    "at",
    "be",
    "been",
    "being",
    "but",
    "by",
    "can",
    "could",
    "did",
    "do",
    "does",
    "doing",
    "for",
    "from",
    "get",
    "got",
    "had",
    "has",
    "have",
    "he",
    "her",
    "him",
    "his",
    "how",
    "i",
    "if",
    "in",
    "into",
    "is",
    "it",
    "its",
    "just",
    "me",
    "might",
    "more",
    "most",
    "much",
    "must",
    "my",
    "of",
    "on",
    "one",
    "only",
    "or",
    "other",
    "our",
    "out",
    "over",
    "really",
    "re",
    "s",
    "she",
    "should",
    "so",
    "some",
    "such",
    "than",
    "that",
    "the",
    "their",
    "them",
    "then",
    "there",
    "these",
    "they",
    "this",
    "those",
    "to",
    "too",
    "up",
    "us",
    "ve",
    "very",
    "was",
    "we",
    "were",
    "what",
    "when",
    "where",
    "which",
    "who",
    "why",
    "will",
    "with",
    "would",
    "you",
    "your",
    "ll",
    "d",
    "m",
    "t",
    "etc",
    "eg",
    "ie",
    "already",
    "still",
    "even",
    "lot",
    "lots",
    "like",
    "need",
    "needs",
    "make",
    "makes",
    "going",
    "go",
    "way",
    "thing",
    "things",
    "think",
    "yes",
    "maybe",
    // discourse words: about the speaker or the consultation, not a point of it
    "know",
    "knew",
    "sure",
    "ever",
    "now",
    "after",
    "before",
    "year",
    "years",
    "ago",
    "look",
    "looks",
    "sound",
    "sounds",
    "seem",
    "seems",
    "happen",
    "happened",
    "happens",
    "enough",
    "time",
    "done",
    "want",
    "said",
    "say",
    "says",
    "see",
    "well",
    "bit",
    "option",
    "options",
    "consultation",
    "proposal",
    "proposals",
    "kent",
    "kcc",
    "la",
    "las",
    "council",
    "comment",
    "information",
    "again",
    "same",
    "new",
    // negators and what is left of n't words
    "no",
    "not",
    "never",
    "without",
    "nothing",
    "none",
    "nor",
    "cannot",
    "neither",
    "don",
    "dont",
    "can",
    "cant",
    "won",
    "wont",
    "isn",
    "isnt",
    "aren",
    "arent",
    "wasn",
    "wasnt",
    "weren",
    "werent",
    "doesn",
    "doesnt",
    "didn",
    "didnt",
    "couldn",
    "couldnt",
    "wouldn",
    "wouldnt",
    "shouldn",
    "shouldnt",
    "haven",
    "havent",
    "hasn",
    "hasnt",
    "hadn",
    "hadnt",
    "aint",
];

/// Query-syntax words that are operators, not vocabulary.
const QUERY_OPERATORS: &[&str] = &["and", "or", "not"];

thread_local! {
    static ANALYZER: RefCell<TextAnalyzer> = RefCell::new(crate::index::stem_analyzer());
}

/// Calls `f(stem, surface)` for each word of `text` that is not a stop word
/// (surface = the lower-cased word as written).
fn for_each_word(text: &str, mut f: impl FnMut(&str, &str)) {
    ANALYZER.with(|a| {
        let mut a = a.borrow_mut();
        let mut ts = a.token_stream(text);
        while ts.advance() {
            let tok = ts.token();
            let surface = text.get(tok.offset_from..tok.offset_to).unwrap_or(&tok.text).to_lowercase();
            let surface = surface.replace('\u{2019}', "'");
            if surface.len() < 2
                || STOP_WORDS.contains(&surface.as_str())
                || surface.chars().all(|c| c.is_ascii_digit())
            {
                continue;
            }
            f(&tok.text, &surface);
        }
    });
}

/// The literal words of a regex: escapes (`\b`, `\s`, `\w`…), classes'
/// ranges and repetition counts dropped; what is left split on non-letters.
fn regex_words(re: &str) -> String {
    let mut out = String::with_capacity(re.len());
    let mut chars = re.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            chars.next();
            out.push(' ');
        } else if c.is_alphabetic() {
            out.push(c);
        } else {
            out.push(' ');
        }
    }
    // Inline flags such as `(?i)` leave one-letter words; the tokenizer's
    // short-word rule in `for_each_word` drops them.
    out
}

/// The query's words without its operators, fuzzy marks or boosts.
fn query_words(q: &str) -> String {
    let cleaned: String = q.chars().map(|c| if c.is_alphabetic() { c } else { ' ' }).collect();
    cleaned
        .split_whitespace()
        .filter(|w| !QUERY_OPERATORS.contains(&w.to_ascii_lowercase().as_str()))
        .collect::<Vec<_>>()
        .join(" ")
}

/// The compiled fallback: every theme's vocabulary and each word's weight.
#[derive(Debug, Clone)]
pub struct Fallback {
    spec: FallbackSpec,
    /// Stem → (its weight, the themes whose vocabulary has it, ascending).
    vocab: BTreeMap<String, (f64, Vec<usize>)>,
    /// Theme ids, in taxonomy order.
    ids: Vec<String>,
}

/// One theme's fallback score for a comment.
#[derive(Debug, Clone, PartialEq)]
pub struct FallbackScore {
    /// Theme index.
    pub theme: usize,
    /// The summed weights of the shared words.
    pub score: f64,
    /// The shared words as written in the comment (first spelling of each stem), in text order.
    pub words: Vec<String>,
}

impl Fallback {
    /// Builds every theme's vocabulary from `tax`.
    #[must_use]
    pub fn new(tax: &Taxonomy) -> Fallback {
        let mut per_theme: BTreeMap<String, BTreeSet<usize>> = BTreeMap::new();
        for (ti, t) in tax.themes.iter().enumerate() {
            let mut add = |text: &str| {
                for_each_word(text, |stem, _| {
                    per_theme.entry(stem.to_owned()).or_default().insert(ti);
                });
            };
            add(&t.label);
            add(&t.description);
            for p in &t.phrases {
                add(p);
            }
            for r in &t.regex {
                add(&regex_words(r));
            }
            for q in &t.query {
                add(&query_words(q));
            }
        }
        #[allow(clippy::cast_precision_loss)]
        let n = tax.themes.len() as f64;
        let vocab = per_theme
            .into_iter()
            .map(|(stem, themes)| {
                #[allow(clippy::cast_precision_loss)]
                let weight = (n / themes.len() as f64).ln();
                (stem, (weight, themes.into_iter().collect()))
            })
            .collect();
        Fallback { spec: tax.fallback.clone(), vocab, ids: tax.themes.iter().map(|t| t.id.clone()).collect() }
    }

    /// Every theme that shares a word with `text`, best first (ties: taxonomy order).
    #[must_use]
    pub fn scores(&self, text: &str) -> Vec<FallbackScore> {
        let mut seen: BTreeSet<String> = BTreeSet::new();
        let mut words: Vec<(String, String)> = Vec::new();
        for_each_word(text, |stem, surface| {
            if self.vocab.contains_key(stem) && seen.insert(stem.to_owned()) {
                words.push((stem.to_owned(), surface.to_owned()));
            }
        });
        let mut out: Vec<FallbackScore> = Vec::new();
        let mut by_theme: Vec<Option<usize>> = vec![None; self.ids.len()];
        // Sum in sorted-stem order so the float result never depends on text order.
        let mut order: Vec<&(String, String)> = words.iter().collect();
        order.sort();
        for (stem, _) in order {
            let Some((weight, themes)) = self.vocab.get(stem) else { continue };
            if *weight <= 0.0 {
                continue;
            }
            for &t in themes {
                let i = *by_theme[t].get_or_insert_with(|| {
                    out.push(FallbackScore { theme: t, score: 0.0, words: Vec::new() });
                    out.len() - 1
                });
                out[i].score += weight;
            }
        }
        for s in &mut out {
            s.words = words
                .iter()
                .filter(|(stem, _)| {
                    self.vocab.get(stem).is_some_and(|(w, ts)| *w > 0.0 && ts.contains(&s.theme))
                })
                .map(|(_, surface)| surface.clone())
                .collect();
        }
        out.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.theme.cmp(&b.theme)));
        out
    }

    /// `tagging` unchanged, unless it is `untagged`, the fallback is enabled
    /// and one theme clears `min_score` and beats the runner-up by `margin`:
    /// then that theme (and its ancestors, from `parents`) as a fallback hit.
    #[must_use]
    pub fn apply(&self, text: &str, tagging: Tagging, parents: &[Option<usize>]) -> Tagging {
        if !self.spec.enabled || tagging.status != Status::Untagged || tagging.overridden.is_some() {
            return tagging;
        }
        // A theme an exclude or negation vetoed for this comment is not its fallback either.
        let scores: Vec<FallbackScore> = self
            .scores(text)
            .into_iter()
            .filter(|s| !tagging.vetoed.iter().any(|v| v.theme == s.theme))
            .collect();
        let Some(best) = scores.first() else { return tagging };
        let runner_up = scores.get(1).map_or(0.0, |s| s.score);
        if best.score < self.spec.min_score || best.score - runner_up < self.spec.margin {
            return tagging;
        }
        let mut themes = vec![best.theme];
        let mut i = 0;
        while i < themes.len() && themes.len() <= parents.len() {
            if let Some(p) = parents.get(themes[i]).copied().flatten()
                && !themes.contains(&p)
            {
                themes.push(p);
            }
            i += 1;
        }
        themes.sort_unstable();
        let mut reason = format!(
            "no rule matched; fallback by vocabulary overlap: {} scored {:.2} (min {:.2})",
            self.ids[best.theme], best.score, self.spec.min_score
        );
        if let Some(next) = scores.get(1) {
            let _ = write!(
                reason,
                ", runner-up {} scored {:.2} (margin {:.2})",
                self.ids[next.theme], next.score, self.spec.margin
            );
        }
        let hit = Hit {
            theme: best.theme,
            kind: RuleKind::Fallback,
            rule: RuleText(best.words.join(", ").into()),
            index: 0,
            span: (0, 0),
        };
        Tagging {
            status: Status::Tagged,
            themes,
            primary: Some(best.theme),
            hits: vec![hit],
            vetoed: tagging.vetoed,
            reason,
            overridden: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tag::Tagger;

    const TAX: &str = r#"
name = "t"
[noise]
regex = ['^thanks\b']
[fallback]
min_score = 2.0
margin = 1.0
[[themes]]
id = "funding"
label = "Funding and budgets"
description = "money, cost, savings"
phrases = ["budget*", "afford"]
[[themes]]
id = "training"
label = "Training and advice"
description = "courses, expertise"
phrases = ["training", "advice"]
exclude = ["training day"]
[[themes]]
id = "lift"
label = "LIFT"
regex = ['\blift\s+meetings?\b']
[[themes]]
id = "staff"
label = "Staff capacity"
description = "recruitment and retention"
query = ['workload OR overworked']
"#;

    fn tagger(extra: &str) -> Result<Tagger, Box<dyn std::error::Error>> {
        let tax = Taxonomy::from_toml_str(
            &TAX.replace("margin = 1.0", &format!("margin = 1.0\n{extra}")),
            std::path::Path::new("t.toml"),
        )?;
        Ok(Tagger::new(&tax)?)
    }

    /// (status, themes, hit kinds, fallback words) of one text tagged in a batch.
    fn verdict(
        t: &Tagger,
        text: &str,
    ) -> Result<(String, String, String, String), Box<dyn std::error::Error>> {
        let tg = t.tag_texts(&[text])?.remove(0);
        let ids: Vec<&str> = tg.themes.iter().map(|&i| t.taxonomy().themes[i].id.as_str()).collect();
        let kinds: Vec<&str> = tg.hits.iter().map(|h| h.kind.as_str()).collect();
        let words: Vec<&str> =
            tg.hits.iter().filter(|h| h.kind == RuleKind::Fallback).map(|h| h.rule.as_str()).collect();
        Ok((tg.status.as_str().to_owned(), ids.join(";"), kinds.join(";"), words.join("|")))
    }

    #[test]
    fn fallback_table() -> Result<(), Box<dyn std::error::Error>> {
        let t = tagger("")?;
        let cases: &[(&str, [&str; 4])] = &[
            // Only theme vocabulary (from the description): the theme, by fallback.
            ("courses and expertise for SENCos", ["tagged", "training", "fallback", "courses, expertise"]),
            // Stemmed: "savings"/"costs" meet "savings"/"cost".
            ("the costs, the savings!", ["tagged", "funding", "fallback", "costs, savings"]),
            // A regex's literal words count ("meetings", level with "recruitment": no margin).
            ("meetings about recruitment", ["untagged", "", "", ""]),
            (
                "staff recruitment and retention",
                ["tagged", "staff", "fallback", "staff, recruitment, retention"],
            ),
            // Nothing from any vocabulary: nothing.
            ("the weather was lovely", ["untagged", "", "", ""]),
            // One word is below min_score.
            ("courses", ["untagged", "", "", ""]),
            // Two themes level: no margin, no theme.
            ("money and cost, courses and expertise", ["untagged", "", "", ""]),
            // Negators and stop words are not scored.
            ("not courses, never expertise", ["tagged", "training", "fallback", "courses, expertise"]),
            ("no, not, never, without, none", ["untagged", "", "", ""]),
            // Noise never gets a fallback.
            ("thanks for the courses and expertise", ["noise", "", "", ""]),
            // A theme vetoed for the comment is not its fallback.
            ("training day for courses and expertise", ["untagged", "", "", ""]),
            // A rule match is left as it is.
            ("training courses", ["tagged", "training", "phrases", ""]),
        ];
        for (text, want) in cases {
            let (status, themes, kinds, words) = verdict(&t, text)?;
            assert_eq!([status.as_str(), &themes, &kinds, &words], *want, "{text:?}");
        }
        Ok(())
    }

    #[test]
    fn disabled_and_thresholds_from_the_taxonomy() -> Result<(), Box<dyn std::error::Error>> {
        let text = "courses and expertise for SENCos";
        assert_eq!(verdict(&tagger("enabled = false")?, text)?.0, "untagged");
        assert_eq!(verdict(&tagger("")?, text)?.0, "tagged");
        let strict = Taxonomy::from_toml_str(
            &TAX.replace("min_score = 2.0", "min_score = 9.0"),
            std::path::Path::new("t.toml"),
        )?;
        assert_eq!(verdict(&Tagger::new(&strict)?, text)?.0, "untagged");
        for (bad, want) in [
            ("min_score = -1.0", "[fallback] min_score must be a number of 0 or more"),
            ("min_score = nan", "[fallback] min_score must be a number of 0 or more"),
            ("margin = -0.5", "[fallback] margin must be a number of 0 or more"),
            ("words = 3", "unknown field `words`"),
        ] {
            let toml = TAX.replace("margin = 1.0", &format!("margin = 1.0\n{bad}")).replace(
                &format!("{}\n{bad}", "min_score = 2.0\nmargin = 1.0"),
                &format!(
                    "{bad}\n{}",
                    if bad.starts_with("min_score") { "margin = 1.0" } else { "min_score = 2.0" }
                ),
            );
            let err =
                Taxonomy::from_toml_str(&toml, std::path::Path::new("t.toml")).err().map(|e| e.to_string());
            assert!(
                err.as_deref().is_some_and(|e| e.contains(want) && e.contains("t.toml")),
                "{bad}: {err:?}"
            );
        }
        Ok(())
    }

    #[test]
    fn deterministic_whatever_the_order_or_threads() -> Result<(), Box<dyn std::error::Error>> {
        let t = tagger("")?;
        let fb = Fallback::new(t.taxonomy());
        let a = fb.scores("expertise, courses, money");
        let b = fb.scores("money, courses, expertise");
        let key = |s: &[FallbackScore]| s.iter().map(|s| (s.theme, s.score.to_bits())).collect::<Vec<_>>();
        assert_eq!(key(&a), key(&b));
        let texts: Vec<String> = (0..200)
            .map(|i| {
                ["courses and expertise", "the weather", "costs and savings", "thanks courses"][i % 4]
                    .to_owned()
            })
            .collect();
        let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
        let one = rayon::ThreadPoolBuilder::new().num_threads(1).build()?.install(|| t.tag_texts(&refs))?;
        let four = rayon::ThreadPoolBuilder::new().num_threads(4).build()?.install(|| t.tag_texts(&refs))?;
        assert_eq!(one, four);
        Ok(())
    }

    #[test]
    fn regex_and_query_words() {
        let cases: &[(&str, &[&str])] = &[
            (r"\blift\s+meetings?\b", &["lift", "meetings"]),
            (r"(?i)£\s?\d+ cuts", &["i", "cuts"]),
            (r"fund(ing|s)?\b|[a-z]{2,3}", &["fund", "ing", "s", "a", "z"]),
        ];
        for (re, want) in cases {
            assert_eq!(regex_words(re).split_whitespace().collect::<Vec<_>>(), *want, "{re}");
        }
        assert_eq!(
            query_words(r#"+pay -"for it"~2 AND afford~1 OR NOT budget*^2"#),
            "pay for it afford budget"
        );
    }
}

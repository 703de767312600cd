//! Tag: comments against a compiled taxonomy.
//!
//! Input: a [`Taxonomy`] and a batch of comments. Output: one [`Tagging`] per
//! comment (status, themes, primary theme, the rule hits and vetoes that
//! explain it). Invariants: pure (no I/O); the result for a comment depends
//! only on its text, the taxonomy and (for query rules) nothing else — the
//! batch index answers "does query q match comment i", never a score — so
//! results never depend on thread count or batch order.
//!
//! How a comment is tagged:
//! 1. every `phrases`/`exclude` entry is found in one Aho-Corasick pass over a
//!    normalised copy ([`phrase`]); every `regex`/`exclude_regex` through one
//!    `RegexSet` pass (then only the regexes that matched are run for their
//!    span); `whole` regexes over the whole normalised comment; `query` rules
//!    once per batch, from token positions or an in-RAM index ([`query`]);
//! 2. for a theme with `negation = "veto"`, a phrase or regex occurrence with a
//!    negator within three words before it is dropped ([`negation`]);
//! 3. a theme with any `exclude`/`exclude_regex` match is vetoed;
//! 4. the themes left are the comment's themes (plus their `parent`s); the
//!    primary theme is chosen by [`Tagger::scores`] (see [`PRIMARY_RULE`]),
//!    a stated consequence preferred to its cause ([`consequence`]); then a
//!    secondary theme with thin evidence beside the primary's is dropped
//!    (`[secondary]`, [`THIN_RULE`]);
//! 5. a comment no theme matched is `noise` if `[noise]` says so, else
//!    `untagged`;
//! 6. in a batch ([`Tagger::tag_texts`]), an `untagged` comment may get a theme
//!    by vocabulary overlap ([`fallback`], `[fallback]` in the taxonomy).

pub mod consequence;
pub mod eval;
pub mod explain;
pub mod fallback;
pub mod negation;
pub mod overrides;
pub mod phrase;
pub mod query;
pub mod suggest;

use rayon::prelude::*;
use regex::{Regex, RegexBuilder, RegexSet, RegexSetBuilder};
use thiserror::Error;

use crate::model::{Comment, Status};
use crate::taxonomy::{self, Negation, Taxonomy};

/// The primary-theme rule, in words (printed by `tally explain`).
pub const PRIMARY_RULE: &str = "score = weight × evidence, evidence = 1 + 0.1 per further rule \
of the theme that fired (rules matching overlapping words count once); the highest score wins; ties \
go to a child theme over its ancestors, then to the theme mentioned first in the text, then to the \
theme listed first in the taxonomy; but when the comment names the winner only before a consequence \
marker (\"->\", \"=\", \"so more…\", \"leading to\", \"end up\"…) and a theme with a score within 0.9 of it \
only after, that consequence is primary";

/// The secondary-theme pruning rule, in words (printed by `tally explain`).
pub const THIN_RULE: &str = "in a comment of at most `max_words` words, a secondary theme whose score is \
below `thin` × the primary's is a passing mention and is dropped (vetoed as `thin`); not beside a primary \
with a decisive weight (2 or more, as `none`); with `same_words`, a secondary theme all of whose matches \
overlap the primary's matches is dropped too, at any length";

/// A primary theme whose weight is at least this is chosen by its weight
/// (the `none` theme's 3.0), not by evidence: it prunes no secondary theme.
pub const DECISIVE_WEIGHT: f64 = 2.0;

/// Errors while tagging.
#[derive(Debug, Error)]
pub enum Error {
    /// A rule failed to compile.
    #[error(transparent)]
    Rule(#[from] taxonomy::Error),
    /// The in-RAM index for query rules could not be built or searched.
    #[error("query rules could not run: {message}")]
    Query {
        /// tantivy's message.
        message: String,
    },
    /// A bad row in a gold (hand-coded) file.
    #[error("gold file {}: row {row}: {message}", path.display())]
    Gold {
        /// The gold file.
        path: std::path::PathBuf,
        /// The CSV row (1 = header).
        row: usize,
        /// What is wrong.
        message: String,
    },
    /// A bad row in an overrides file.
    #[error("overrides {}: row {row}: {message}", path.display())]
    Override {
        /// The overrides file.
        path: std::path::PathBuf,
        /// The CSV row (1 = header; 0 = the whole file).
        row: usize,
        /// What is wrong.
        message: String,
    },
}

/// The kind of rule that fired.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum RuleKind {
    /// A `phrases` entry.
    Phrase,
    /// A `regex` entry.
    Regex,
    /// A `query` entry.
    Query,
    /// A `whole` entry.
    Whole,
    /// The vocabulary-overlap fallback ([`fallback`]); its rule text is the words that matched.
    Fallback,
    /// A `weak` entry: a phrase that counts only when no other theme has a non-weak hit.
    Weak,
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
            RuleKind::Fallback => "fallback",
            RuleKind::Weak => "weak",
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
    pub rule: RuleText,
    /// The rule's index in its theme's list of that kind.
    pub index: usize,
    /// Byte span of the (first counted) match in the comment text; `(0, 0)`
    /// for query rules, the whole text for `whole` rules.
    pub span: (usize, usize),
}

/// A rule's text as written in the taxonomy (shared, cheap to clone).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct RuleText(std::sync::Arc<str>);

impl RuleText {
    /// The rule as written.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::ops::Deref for RuleText {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for RuleText {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// A theme, or one occurrence of a rule, that was vetoed.
#[derive(Debug, Clone, PartialEq)]
pub struct Veto {
    /// Theme index in the taxonomy.
    pub theme: usize,
    /// `exclude`, `exclude_regex`, `negation`, `passing` (a weak phrase
    /// beside another theme) or `thin` (a pruned secondary theme).
    pub kind: &'static str,
    /// The vetoing rule as written (for `negation`: the negated rule, and the negator).
    pub rule: String,
    /// Byte span in the comment text of what vetoed it.
    pub span: (usize, usize),
    /// For a `thin` veto (a secondary theme pruned beside the primary): the
    /// theme's hits that were dropped, so that lints still see its rules
    /// fire. Empty for the other kinds.
    pub hits: Vec<Hit>,
}

/// The tagger's verdict on one comment.
#[derive(Debug, Clone, PartialEq)]
pub struct Tagging {
    /// tagged / untagged / noise.
    pub status: Status,
    /// Matched theme indices (with their parents), in taxonomy order.
    pub themes: Vec<usize>,
    /// The primary theme (None when untagged or noise).
    pub primary: Option<usize>,
    /// Every rule that fired and counted (vetoed themes' hits excluded).
    pub hits: Vec<Hit>,
    /// Vetoes: themes removed by an exclude rule, occurrences dropped by negation.
    pub vetoed: Vec<Veto>,
    /// Why the primary won, in words, when set: by the fallback, an override,
    /// or [`Tagger::tag_text`]; batch tagging leaves it empty for rule hits
    /// (no per-comment string at 1M comments): use [`Tagger::reason`].
    pub reason: String,
    /// Set when an analyst's override replaced the machine's verdict: what the machine said.
    pub overridden: Option<overrides::OverrideNote>,
}

#[derive(Debug, Clone, Copy)]
struct Target {
    theme: u32,
    exclude: bool,
    /// A `weak` phrase (phrase targets only).
    weak: bool,
    rule: u32,
}

/// A compiled taxonomy, ready to tag.
pub struct Tagger {
    tax: Taxonomy,
    /// Per theme, per kind (phrases, regex, query, whole, weak): the rule texts.
    texts: Vec<[Vec<RuleText>; 5]>,
    parents: Vec<Option<usize>>,
    phrases: phrase::PhraseSet,
    phrase_targets: Vec<Target>,
    regex_set: RegexSet,
    /// `regex_set`'s members: their indices in `regexes`.
    in_set: Vec<usize>,
    /// The wide regexes ([`is_wide`]), run one by one, by index in `regexes`.
    wide: Vec<usize>,
    regexes: Vec<Regex>,
    regex_targets: Vec<Target>,
    whole_set: RegexSet,
    whole_targets: Vec<Target>,
    queries: Vec<(Target, query::CompiledQuery)>,
    noise_phrases: std::collections::HashSet<String>,
    noise_regex: RegexSet,
    noise_max_words: usize,
    fallback: fallback::Fallback,
}

impl std::fmt::Debug for Tagger {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Tagger").field("taxonomy", &self.tax.name).finish_non_exhaustive()
    }
}

/// Rewrites `\b`/`\B` to their ASCII forms, which the regex engine's fast
/// DFA supports on any text (Unicode word bounds force a slow path as soon
/// as a comment has a curly apostrophe).
#[must_use]
pub fn ascii_word_bounds(pattern: &str) -> String {
    let mut out = String::with_capacity(pattern.len() + 16);
    let mut chars = pattern.chars();
    let mut in_class = 0usize;
    while let Some(c) = chars.next() {
        match c {
            '\\' => match chars.next() {
                Some('b') if in_class == 0 => out.push_str(r"(?-u:\b)"),
                Some('B') if in_class == 0 => out.push_str(r"(?-u:\B)"),
                Some(n) => {
                    out.push('\\');
                    out.push(n);
                }
                None => out.push('\\'),
            },
            '[' => {
                in_class += 1;
                out.push(c);
            }
            ']' if in_class > 0 => {
                in_class -= 1;
                out.push(c);
            }
            c => out.push(c),
        }
    }
    out
}

/// Lower-cases, strips emoji and punctuation (keeping `+ / '`) and collapses spaces.
#[must_use]
pub fn normalize_for_whole(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    normalize_whole_into(text, &mut out);
    out
}

fn normalize_whole_into(text: &str, out: &mut String) {
    out.clear();
    let mut space = false;
    for c in text.chars() {
        let c = if matches!(c, '\u{2019}' | '\u{2018}') { '\'' } else { c };
        if c.is_alphanumeric() || matches!(c, '+' | '/' | '\'') {
            if space && !out.is_empty() {
                out.push(' ');
            }
            space = false;
            if c.is_ascii() {
                out.push(c.to_ascii_lowercase());
            } else {
                out.extend(c.to_lowercase());
            }
        } else {
            space = true;
        }
    }
}

thread_local! {
    static WHOLE: std::cell::RefCell<String> = const { std::cell::RefCell::new(String::new()) };
}

/// `v` at its exact size (a 1M-comment run keeps every tagging).
fn exact<T>(mut v: Vec<T>) -> Vec<T> {
    v.shrink_to_fit();
    v
}

/// A regex with a bounded repetition of 10 or more (`{0,60}`, `{2,12}`):
/// inside the combined set its counter states multiply with every other
/// rule's, so it is run on its own.
fn is_wide(pattern: &str) -> bool {
    static REP: std::sync::LazyLock<Regex> = std::sync::LazyLock::new(|| {
        Regex::new(r"\{(?:\d*,)?(\d+)\}").unwrap_or_else(|e| unreachable!("the pattern compiles: {e}"))
    });
    REP.captures_iter(pattern).any(|c| c[1].parse::<u32>().is_ok_and(|n| n >= 10))
}

fn build_set<S: AsRef<str>>(patterns: &[S]) -> Result<RegexSet, regex::Error> {
    RegexSetBuilder::new(patterns)
        .case_insensitive(true)
        .size_limit(256 << 20)
        // The lazy DFA of the combined set needs room: at 64 MiB it keeps
        // clearing its cache on the shipped taxonomy (~30 MB/s per core);
        // at 128 MiB it settles at ~100 MB/s (benches/tag.rs, BENCHMARKS.md).
        .dfa_size_limit(128 << 20)
        .build()
}

impl Tagger {
    /// Compiles every rule of `tax`.
    ///
    /// # Errors
    /// A rule that does not compile, named with its theme, rule and file.
    pub fn new(tax: &Taxonomy) -> Result<Tagger, Error> {
        let bad = |theme: &str, kind: &'static str, rule: &str, message: String| taxonomy::Error::BadRule {
            path: tax.path.clone(),
            theme: theme.to_owned(),
            kind,
            rule: rule.to_owned(),
            message,
        };
        let regex = |theme: &str, kind: &'static str, rule: &str| {
            RegexBuilder::new(&ascii_word_bounds(rule))
                .case_insensitive(true)
                .size_limit(64 << 20)
                .build()
                .map_err(|e| bad(theme, kind, rule, e.to_string()))
        };
        let mut phrase_list: Vec<(&str, u32)> = Vec::new();
        let mut phrase_targets = Vec::new();
        let mut regexes = Vec::new();
        let mut regex_src = Vec::new();
        let mut regex_targets = Vec::new();
        let mut whole_src = Vec::new();
        let mut whole_targets = Vec::new();
        let mut queries = Vec::new();
        for (ti, t) in tax.themes.iter().enumerate() {
            let theme = u32::try_from(ti).unwrap_or(u32::MAX);
            for (exclude, weak, list) in
                [(false, false, &t.phrases), (true, false, &t.exclude), (false, true, &t.weak)]
            {
                for (ri, p) in list.iter().enumerate() {
                    let target = Target { theme, exclude, weak, rule: u32::try_from(ri).unwrap_or(u32::MAX) };
                    phrase_list.push((p.as_str(), u32::try_from(phrase_targets.len()).unwrap_or(u32::MAX)));
                    phrase_targets.push(target);
                }
            }
            for (exclude, kind, list) in
                [(false, "regex", &t.regex), (true, "exclude_regex", &t.exclude_regex)]
            {
                for (ri, r) in list.iter().enumerate() {
                    regexes.push(regex(&t.id, kind, r)?);
                    regex_src.push(ascii_word_bounds(r));
                    regex_targets.push(Target {
                        theme,
                        exclude,
                        weak: false,
                        rule: u32::try_from(ri).unwrap_or(u32::MAX),
                    });
                }
            }
            for (ri, r) in t.whole.iter().enumerate() {
                regex(&t.id, "whole", r)?;
                whole_src.push(ascii_word_bounds(r));
                whole_targets.push(Target {
                    theme,
                    exclude: false,
                    weak: false,
                    rule: u32::try_from(ri).unwrap_or(u32::MAX),
                });
            }
            for (ri, q) in t.query.iter().enumerate() {
                let cq = query::compile(q).map_err(|m| bad(&t.id, "query", q, m))?;
                queries.push((
                    Target {
                        theme,
                        exclude: false,
                        weak: false,
                        rule: u32::try_from(ri).unwrap_or(u32::MAX),
                    },
                    cq,
                ));
            }
        }
        let phrases = phrase::PhraseSet::new(&phrase_list).map_err(|(i, e)| {
            let tg = phrase_targets[i];
            let t = &tax.themes[tg.theme as usize];
            let (kind, list) = if tg.exclude {
                ("exclude", &t.exclude)
            } else if tg.weak {
                ("weak", &t.weak)
            } else {
                ("phrases", &t.phrases)
            };
            bad(&t.id, kind, &list[tg.rule as usize], e.0)
        })?;
        let set_err = |e: regex::Error| bad("(all)", "regex", "(the combined set)", e.to_string());
        // Wide rules (a long bounded gap, "[^.;!?]{0,60}") multiply the
        // combined set's DFA states; each runs alone, behind the regex
        // engine's own literal prefilter, which costs far less.
        let (wide, in_set): (Vec<usize>, Vec<usize>) =
            (0..regex_src.len()).partition(|&i| is_wide(&regex_src[i]));
        let set_src: Vec<&String> = in_set.iter().map(|&i| &regex_src[i]).collect();
        let regex_set = build_set(&set_src).map_err(set_err)?;
        let whole_set = build_set(&whole_src).map_err(set_err)?;
        let mut noise_src = Vec::new();
        for r in &tax.noise.regex {
            regex("noise", "noise", r)?;
            noise_src.push(ascii_word_bounds(r));
        }
        let noise_regex = build_set(&noise_src).map_err(set_err)?;
        let parents = tax.themes.iter().map(|t| t.parent.as_deref().and_then(|p| tax.position(p))).collect();
        let rt = |v: &Vec<String>| v.iter().map(|r| RuleText(r.as_str().into())).collect::<Vec<_>>();
        let texts = tax
            .themes
            .iter()
            .map(|t| [rt(&t.phrases), rt(&t.regex), rt(&t.query), rt(&t.whole), rt(&t.weak)])
            .collect();
        Ok(Tagger {
            tax: tax.clone(),
            texts,
            parents,
            phrases,
            phrase_targets,
            regex_set,
            in_set,
            wide,
            regexes,
            regex_targets,
            whole_set,
            whole_targets,
            queries,
            noise_phrases: tax.noise.phrases.iter().map(|p| normalize_for_whole(p)).collect(),
            noise_regex,
            noise_max_words: tax.noise.max_words,
            fallback: fallback::Fallback::new(tax),
        })
    }

    /// The taxonomy this tagger was compiled from.
    #[must_use]
    pub fn taxonomy(&self) -> &Taxonomy {
        &self.tax
    }

    /// True when the taxonomy has `query` rules (tag batches with [`Tagger::tag_all`]).
    #[must_use]
    pub fn has_queries(&self) -> bool {
        !self.queries.is_empty()
    }

    /// The text of the rule a hit names, as written in the taxonomy.
    #[must_use]
    pub fn rule_text<'a>(&self, hit: &'a Hit) -> &'a str {
        hit.rule.as_str()
    }

    fn text_of(&self, theme: usize, kind: RuleKind, index: usize) -> RuleText {
        let k = match kind {
            RuleKind::Phrase => 0,
            RuleKind::Regex => 1,
            RuleKind::Query => 2,
            RuleKind::Whole => 3,
            RuleKind::Weak => 4,
            RuleKind::Fallback => return RuleText("fallback".into()),
        };
        self.texts[theme][k][index].clone()
    }

    /// Tags one comment's text by its rules alone (query rules do not run:
    /// they need a batch; nor does the [`fallback`]: use [`Tagger::tag_texts`]).
    #[must_use]
    pub fn tag_text(&self, text: &str) -> Tagging {
        let mut tagging = self.tag_one(text, &[]);
        tagging.reason = self.reason(text, &tagging);
        tagging
    }

    /// Tags a batch in parallel (on the current rayon pool); output order =
    /// input order. Query rules run once each over one index of the batch.
    ///
    /// # Errors
    /// The in-RAM index for query rules could not be built or searched.
    pub fn tag_all(&self, comments: &[Comment]) -> Result<Vec<Tagging>, Error> {
        let texts: Vec<&str> = comments.iter().map(|c| c.text.as_str()).collect();
        self.tag_texts(&texts)
    }

    /// Tags `comments` (in parallel, output order = input order), each
    /// distinct text once: a tagging depends on the text alone, so identical
    /// texts (campaign responses, "none", "+1", "agree") get identical
    /// taggings, cloned. The distinct texts are tagged `step` at a time
    /// (query rules run once per step); `on_step` gets the number of
    /// comments each step stands for, so a bar over all comments ends full.
    ///
    /// # Errors
    /// The in-RAM index for query rules could not be built or searched.
    pub fn tag_distinct(
        &self,
        comments: &[Comment],
        step: usize,
        mut on_step: impl FnMut(u64),
    ) -> Result<Vec<Tagging>, Error> {
        // `slot[i]`: comment i's distinct text; distinct texts are numbered
        // in order of first occurrence, so `first[d]` rises with `d`.
        let mut seen: rustc_hash::FxHashMap<&str, u32> = rustc_hash::FxHashMap::default();
        seen.reserve(comments.len());
        let mut first: Vec<u32> = Vec::new();
        let slot: Vec<u32> = comments
            .iter()
            .enumerate()
            .map(|(i, c)| {
                *seen.entry(c.text.as_str()).or_insert_with(|| {
                    first.push(u32::try_from(i).unwrap_or(u32::MAX));
                    u32::try_from(first.len() - 1).unwrap_or(u32::MAX)
                })
            })
            .collect();
        drop(seen);
        let texts: Vec<&str> = first.iter().map(|&i| comments[i as usize].text.as_str()).collect();
        let mut distinct = Vec::with_capacity(texts.len());
        let (n, d) = (comments.len() as u64, texts.len().max(1) as u64);
        let mut reported = 0u64;
        for (k, chunk) in texts.chunks(step.max(1)).enumerate() {
            distinct.extend(self.tag_texts(chunk)?);
            // Comments stood for so far, pro rata; the last step reports the rest.
            let upto = ((k * step.max(1) + chunk.len()) as u64 * n) / d;
            on_step(upto - reported);
            reported = upto;
        }
        let mut distinct = distinct.into_iter();
        let mut out: Vec<Tagging> = Vec::with_capacity(comments.len());
        for (i, &d) in slot.iter().enumerate() {
            let f = first[d as usize] as usize;
            let t = if f == i {
                // First occurrences come in distinct-text order.
                distinct.next().unwrap_or_else(|| unreachable!("one tagging per distinct text"))
            } else {
                out[f].clone()
            };
            out.push(t);
        }
        Ok(out)
    }

    /// [`Tagger::tag_all`] over bare texts.
    ///
    /// # Errors
    /// The in-RAM index for query rules could not be built or searched.
    pub fn tag_texts(&self, texts: &[&str]) -> Result<Vec<Tagging>, Error> {
        let per_comment = self.run_queries(texts)?;
        Ok(texts
            .par_iter()
            .enumerate()
            .map(|(i, t)| {
                let tagging = self.tag_one(t, per_comment.get(i).map_or(&[][..], Vec::as_slice));
                self.fallback.apply(t, tagging, &self.parents)
            })
            .collect())
    }

    /// Per text, the query rules (index into `self.queries`) that match it.
    fn run_queries(&self, texts: &[&str]) -> Result<Vec<Vec<u32>>, Error> {
        if self.queries.is_empty() {
            return Ok(Vec::new());
        }
        let qs: Vec<&query::CompiledQuery> = self.queries.iter().map(|(_, q)| q).collect();
        let found = query::run_all(&qs, texts, rayon::current_num_threads())
            .map_err(|message| Error::Query { message })?;
        let mut per: Vec<Vec<u32>> = vec![Vec::new(); texts.len()];
        for (qi, docs) in found.iter().enumerate() {
            for &d in docs {
                per[d as usize].push(u32::try_from(qi).unwrap_or(u32::MAX));
            }
        }
        Ok(per)
    }

    fn tag_one(&self, text: &str, query_hits: &[u32]) -> Tagging {
        let n = self.tax.themes.len();
        // (theme, kind, rule, span) of counted hits; excludes separately.
        let mut hits: Vec<Hit> = Vec::new();
        let mut excludes: Vec<Veto> = Vec::new();
        let mut vetoed: Vec<Veto> = Vec::new();
        let mut negated: Vec<(usize, RuleKind, usize, (usize, usize))> = Vec::new();
        let veto_neg = |theme: usize| self.tax.themes[theme].negation == Negation::Veto;
        let mut push_hit =
            |hits: &mut Vec<Hit>, theme: usize, kind: RuleKind, rule: usize, span: (usize, usize)| {
                if located(kind) && veto_neg(theme) && negation::negator_before(text, span.0).is_some() {
                    negated.push((theme, kind, rule, span));
                    return;
                }
                if !hits.iter().any(|h| h.theme == theme && h.kind == kind && h.index == rule) {
                    hits.push(Hit { theme, kind, rule: self.text_of(theme, kind, rule), index: rule, span });
                }
            };
        self.phrases.for_each_match(text, |ti, s, e| {
            let tg = self.phrase_targets[ti as usize];
            if tg.exclude {
                let t = &self.tax.themes[tg.theme as usize];
                excludes.push(Veto {
                    theme: tg.theme as usize,
                    kind: "exclude",
                    rule: t.exclude[tg.rule as usize].clone(),
                    span: (s, e),
                    hits: Vec::new(),
                });
            } else {
                let kind = if tg.weak { RuleKind::Weak } else { RuleKind::Phrase };
                push_hit(&mut hits, tg.theme as usize, kind, tg.rule as usize, (s, e));
            }
        });
        if !self.regexes.is_empty() {
            // Rule order as in the taxonomy, whether a rule ran in the set or alone.
            let mut matched: Vec<usize> =
                self.regex_set.matches(text).iter().map(|k| self.in_set[k]).collect();
            let set_hits = matched.len();
            matched.extend(self.wide.iter().copied().filter(|&ri| self.regexes[ri].is_match(text)));
            if matched.len() > set_hits {
                matched.sort_unstable();
            }
            for ri in matched {
                let tg = self.regex_targets[ri];
                let theme = tg.theme as usize;
                let re = &self.regexes[ri];
                if tg.exclude {
                    if let Some(m) = re.find(text) {
                        excludes.push(Veto {
                            theme,
                            kind: "exclude_regex",
                            rule: self.tax.themes[theme].exclude_regex[tg.rule as usize].clone(),
                            span: (m.start(), m.end()),
                            hits: Vec::new(),
                        });
                    }
                } else if veto_neg(theme) {
                    for m in re.find_iter(text) {
                        push_hit(&mut hits, theme, RuleKind::Regex, tg.rule as usize, (m.start(), m.end()));
                    }
                } else if let Some(m) = re.find(text) {
                    push_hit(&mut hits, theme, RuleKind::Regex, tg.rule as usize, (m.start(), m.end()));
                }
            }
        }
        let mut words = 0;
        let mut is_noise_phrase = false;
        let want_whole = !self.whole_targets.is_empty();
        let want_noise = !self.noise_phrases.is_empty() || !self.noise_regex.is_empty();
        if want_whole || want_noise {
            WHOLE.with(|cell| {
                let mut norm = cell.borrow_mut();
                normalize_whole_into(text, &mut norm);
                if want_whole {
                    for wi in self.whole_set.matches(&norm).iter() {
                        let tg = self.whole_targets[wi];
                        push_hit(
                            &mut hits,
                            tg.theme as usize,
                            RuleKind::Whole,
                            tg.rule as usize,
                            (0, text.len()),
                        );
                    }
                }
                if want_noise {
                    words = norm.split(' ').filter(|w| !w.is_empty()).count();
                    is_noise_phrase = self.noise_phrases.contains(norm.as_str())
                        || (words <= self.noise_max_words && self.noise_regex.is_match(&norm));
                }
            });
        }
        for &qi in query_hits {
            let (tg, _) = &self.queries[qi as usize];
            push_hit(&mut hits, tg.theme as usize, RuleKind::Query, tg.rule as usize, (0, 0));
        }
        // Negation: record the rules all of whose occurrences were negated.
        for (theme, kind, rule, span) in negated {
            if !hits.iter().any(|h| h.theme == theme && h.kind == kind && h.index == rule)
                && !vetoed.iter().any(|v| v.theme == theme && v.span == span)
            {
                let word = negation::negator_before(text, span.0).unwrap_or("");
                let rule_text = self.text_of(theme, kind, rule);
                vetoed.push(Veto {
                    theme,
                    kind: "negation",
                    rule: format!("{} {:?} negated by {word:?}", kind.as_str(), rule_text.as_str()),
                    span,
                    hits: Vec::new(),
                });
            }
        }
        // Exclude: a theme with any exclude match is vetoed.
        if !excludes.is_empty() {
            let mut gone = vec![false; n];
            for x in excludes {
                if hits.iter().any(|h| h.theme == x.theme) && !gone[x.theme] {
                    gone[x.theme] = true;
                    vetoed.push(x);
                }
            }
            hits.retain(|h| !gone[h.theme]);
        }
        // Weak: a theme whose only hits are weak phrases is a passing mention
        // when another theme has a non-weak hit.
        if hits.iter().any(|h| h.kind == RuleKind::Weak) && hits.iter().any(|h| h.kind != RuleKind::Weak) {
            let mut strong = vec![false; n];
            for h in &hits {
                if h.kind != RuleKind::Weak {
                    strong[h.theme] = true;
                }
            }
            // `hits` holds each (theme, kind, rule) once, so each dropped rule is listed once.
            for h in &hits {
                if !strong[h.theme] {
                    vetoed.push(Veto {
                        theme: h.theme,
                        kind: "passing",
                        rule: h.rule.to_string(),
                        span: h.span,
                        hits: Vec::new(),
                    });
                }
            }
            hits.retain(|h| strong[h.theme]);
        }
        hits.sort_by_key(|h| (h.theme, h.kind, h.index));
        let mut direct: Vec<usize> = hits.iter().map(|h| h.theme).collect();
        direct.dedup();
        if direct.is_empty() {
            hits.shrink_to_fit();
            vetoed.shrink_to_fit();
            let status = if is_noise_phrase { Status::Noise } else { Status::Untagged };
            return Tagging {
                status,
                themes: direct,
                primary: None,
                hits,
                vetoed,
                reason: String::new(),
                overridden: None,
            };
        }
        let mut scores = self.scores(&hits);
        consequence::prefer_consequence(text, &hits, &mut scores);
        let primary = scores[0].theme;
        let mut themes = direct;
        self.prune_thin(text, &scores, primary, &mut themes, &mut hits, &mut vetoed);
        let mut i = 0;
        while i < themes.len() {
            if let Some(p) = self.parents[themes[i]]
                && !themes.contains(&p)
            {
                themes.push(p);
            }
            i += 1;
        }
        themes.sort_unstable();
        // Exact sizes, made here where they are built: a 1M-comment run
        // keeps every tagging until it ends.
        themes.shrink_to_fit();
        hits.shrink_to_fit();
        vetoed.shrink_to_fit();
        Tagging {
            status: Status::Tagged,
            themes,
            primary: Some(primary),
            hits,
            vetoed,
            reason: String::new(),
            overridden: None,
        }
    }

    /// Why `tagging`'s primary theme won, in words: its own `reason` when it
    /// has one (a fallback or an analyst's override), else derived from its
    /// hits (batch tagging leaves `reason` empty; [`Tagger::tag_text`] fills it).
    #[must_use]
    pub fn reason(&self, text: &str, tagging: &Tagging) -> String {
        if !tagging.reason.is_empty() || tagging.primary.is_none() || tagging.hits.is_empty() {
            return tagging.reason.clone();
        }
        let mut scores = self.scores(&tagging.hits);
        match consequence::prefer_consequence(text, &tagging.hits, &mut scores) {
            Some(m) => consequence::reason(&scores, m, |t| self.tax.themes[t].id.as_str()),
            None => self.choose(&scores).1,
        }
    }

    /// The primary-choice scores of the themes `hits` name, best first:
    /// (theme, score, evidence, first position in the text). See [`PRIMARY_RULE`].
    #[must_use]
    pub fn scores(&self, hits: &[Hit]) -> Vec<Score> {
        let mut out: Vec<Score> = Vec::new();
        // Located (phrase/regex) hits in text order, so that the evidence
        // count does not depend on rule order: a hit whose span overlaps one
        // already counted for its theme is the same words matched twice.
        let mut order: Vec<&Hit> = hits.iter().collect();
        order.sort_by_key(|h| (h.theme, !located(h.kind), h.span.0, h.span.1, h.kind, h.index));
        let mut counted: Vec<(usize, usize)> = Vec::new();
        for h in order {
            let s = match out.iter_mut().find(|s| s.theme == h.theme) {
                Some(s) => s,
                None => {
                    counted.clear();
                    out.push(Score { theme: h.theme, score: 0.0, rules: 0, first: usize::MAX });
                    out.last_mut().expect("just pushed")
                }
            };
            if located(h.kind) {
                s.first = s.first.min(h.span.0);
                if counted.iter().any(|&(a, b)| h.span.0 < b && a < h.span.1) {
                    continue;
                }
                counted.push(h.span);
            }
            s.rules += 1;
        }
        for s in &mut out {
            #[allow(clippy::cast_precision_loss)]
            let evidence = 1.0 + 0.1 * (s.rules - 1) as f64;
            s.score = self.tax.themes[s.theme].weight * evidence;
        }
        out.sort_by(|a, b| {
            b.score
                .total_cmp(&a.score)
                .then(self.depth(b.theme).cmp(&self.depth(a.theme)))
                .then(a.first.cmp(&b.first))
                .then(a.theme.cmp(&b.theme))
        });
        out
    }

    /// Secondary-theme pruning (`[secondary]` in the taxonomy, see
    /// [`THIN_RULE`]): drops from `themes` (and `hits`) every secondary theme
    /// whose score is below `thin` × the primary's, or (`same_words`) whose
    /// every match overlaps one of the primary's, recording a `thin` veto.
    /// Runs after the primary is chosen and never changes it: a thin theme's
    /// score is below the primary's (at most the best score) and below the
    /// 0.9 the consequence rule needs; a same-words theme lost to the primary.
    fn prune_thin(
        &self,
        text: &str,
        scores: &[Score],
        primary: usize,
        themes: &mut Vec<usize>,
        hits: &mut Vec<Hit>,
        vetoed: &mut Vec<Veto>,
    ) {
        let spec = &self.tax.secondary;
        if themes.len() < 2 || self.tax.themes[primary].weight >= DECISIVE_WEIGHT {
            return;
        }
        let Some(p) = scores.iter().find(|s| s.theme == primary) else {
            return;
        };
        let short = text.split_whitespace().nth(spec.max_words).is_none();
        let bar = if spec.thin > 0.0 && short { spec.thin * p.score } else { 0.0 };
        let mut gone = Vec::new();
        let mut primary_spans: Option<Vec<(usize, usize)>> = None;
        for s in scores {
            if s.theme == primary || self.is_ancestor(s.theme, primary) {
                continue;
            }
            if s.score + 1e-9 >= bar {
                // Same words: every match of the theme overlaps a match of the primary.
                let primary_spans = primary_spans.get_or_insert_with(|| {
                    hits.iter().filter(|h| h.theme == primary && located(h.kind)).map(|h| h.span).collect()
                });
                let same = spec.same_words
                    && hits.iter().filter(|h| h.theme == s.theme).all(|h| {
                        located(h.kind) && primary_spans.iter().any(|&(a, b)| h.span.0 < b && a < h.span.1)
                    });
                if !same {
                    continue;
                }
                gone.push(s.theme);
                let span = hits.iter().filter(|h| h.theme == s.theme).map(|h| h.span).min().unwrap_or((0, 0));
                vetoed.push(Veto {
                    theme: s.theme,
                    kind: "thin",
                    rule: format!("same words as {}", self.tax.themes[primary].id),
                    span,
                    hits: exact(hits.iter().filter(|h| h.theme == s.theme).cloned().collect()),
                });
                continue;
            }
            gone.push(s.theme);
            let span = hits
                .iter()
                .filter(|h| h.theme == s.theme && located(h.kind))
                .map(|h| h.span)
                .min()
                .unwrap_or((0, 0));
            vetoed.push(Veto {
                theme: s.theme,
                kind: "thin",
                rule: format!(
                    "score {:.2} < {} × {} {:.2}",
                    s.score, spec.thin, self.tax.themes[primary].id, p.score
                ),
                span,
                hits: exact(hits.iter().filter(|h| h.theme == s.theme).cloned().collect()),
            });
        }
        if !gone.is_empty() {
            themes.retain(|t| !gone.contains(t));
            hits.retain(|h| !gone.contains(&h.theme));
        }
    }

    /// True when `a` is an ancestor of `t`.
    fn is_ancestor(&self, a: usize, mut t: usize) -> bool {
        for _ in 0..self.parents.len() {
            match self.parents[t] {
                Some(p) if p == a => return true,
                Some(p) => t = p,
                None => return false,
            }
        }
        false
    }

    /// How many ancestors theme `t` has (a child beats its parent on a tie).
    fn depth(&self, mut t: usize) -> usize {
        let mut d = 0;
        while let Some(p) = self.parents[t] {
            d += 1;
            t = p;
            if d > self.parents.len() {
                break;
            }
        }
        d
    }

    fn choose(&self, scores: &[Score]) -> (usize, String) {
        let best = &scores[0];
        let id = |t: usize| self.tax.themes[t].id.as_str();
        let mut reason = format!(
            "{} scored {:.2} (weight {} × evidence {:.1}: {} rule{})",
            id(best.theme),
            best.score,
            self.tax.themes[best.theme].weight,
            best.score / self.tax.themes[best.theme].weight,
            best.rules,
            if best.rules == 1 { "" } else { "s" }
        );
        if let Some(next) = scores.get(1) {
            use std::fmt::Write as _;
            let why = if next.score < best.score {
                "a lower score"
            } else if self.depth(best.theme) > self.depth(next.theme) {
                "a tie, broken by the more specific (child) theme"
            } else if best.first < next.first {
                "a tie, broken by first mention in the text"
            } else {
                "a tie, broken by taxonomy order"
            };
            let _ = write!(reason, "; runner-up {} scored {:.2} ({why})", id(next.theme), next.score);
        }
        (best.theme, reason)
    }
}

/// True for rule kinds whose hits have a span of their own (phrases, regexes).
pub(crate) fn located(kind: RuleKind) -> bool {
    matches!(kind, RuleKind::Phrase | RuleKind::Regex | RuleKind::Weak)
}

/// One theme's primary-choice score for a comment.
#[derive(Debug, Clone, PartialEq)]
pub struct Score {
    /// Theme index.
    pub theme: usize,
    /// weight × evidence.
    pub score: f64,
    /// How many of its rules count as evidence: every query and `whole`
    /// rule that fired, and every phrase or regex whose matched span does not
    /// overlap the span of one already counted (the same words matched by
    /// two rules are one piece of evidence).
    pub rules: usize,
    /// Byte offset of its first located hit (`usize::MAX` for query-only).
    pub first: usize,
}

#[cfg(test)]
mod tests;

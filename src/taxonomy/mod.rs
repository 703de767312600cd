//! Taxonomy: the theme file (TOML) parsed and validated.
//!
//! Input: a taxonomy path or string. Output: a [`Taxonomy`] whose every rule
//! has been checked to compile. Invariant: a bad rule is an [`Error`](enum@Error) naming
//! the theme, the rule and the file, raised before any input is read.
//! The key reference is TAXONOMY.md.

pub mod check;

use std::path::{Path, PathBuf};

use serde::Deserialize;
use thiserror::Error;

/// Errors in a taxonomy file.
#[derive(Debug, Error)]
pub enum Error {
    /// The file could not be read.
    #[error("cannot read taxonomy {path}: {source}")]
    Io {
        /// The taxonomy file.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// Invalid TOML, an unknown key or a missing required key.
    #[error("invalid taxonomy {path}: {message}")]
    Toml {
        /// The taxonomy file.
        path: PathBuf,
        /// The parser's message, with line and column.
        message: String,
    },
    /// A rule does not compile.
    #[error("{path}: theme {theme:?}: bad {kind} rule {rule:?}: {message}")]
    BadRule {
        /// The taxonomy file.
        path: PathBuf,
        /// The theme id.
        theme: String,
        /// phrases | regex | query | exclude | whole | noise.
        kind: &'static str,
        /// The rule as written.
        rule: String,
        /// What is wrong.
        message: String,
    },
    /// A theme-level problem (duplicate id, unknown parent, no rules).
    #[error("{path}: theme {theme:?}: {message}")]
    Theme {
        /// The taxonomy file.
        path: PathBuf,
        /// The theme id.
        theme: String,
        /// What is wrong.
        message: String,
    },
}

/// `[noise]`: what counts as chat chatter.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NoiseSpec {
    /// Whole-comment phrases (after normalising).
    #[serde(default)]
    pub phrases: Vec<String>,
    /// Regexes over the normalised text of short comments.
    #[serde(default)]
    pub regex: Vec<String>,
    /// Regex noise applies only to comments with at most this many words.
    #[serde(default = "default_max_words")]
    pub max_words: usize,
}

fn default_max_words() -> usize {
    12
}

/// `[fallback]`: the vocabulary-overlap theme for comments no rule matched
/// (see [`crate::tag::fallback`]).
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FallbackSpec {
    /// Whether the fallback runs (default true).
    #[serde(default = "default_fallback_enabled")]
    pub enabled: bool,
    /// The least score (summed word weights) the best theme needs.
    #[serde(default = "default_fallback_min_score")]
    pub min_score: f64,
    /// How far the best theme's score must be above the runner-up's.
    #[serde(default = "default_fallback_margin")]
    pub margin: f64,
}

impl Default for FallbackSpec {
    fn default() -> FallbackSpec {
        FallbackSpec {
            enabled: default_fallback_enabled(),
            min_score: default_fallback_min_score(),
            margin: default_fallback_margin(),
        }
    }
}

fn default_fallback_enabled() -> bool {
    true
}

fn default_fallback_min_score() -> f64 {
    4.0
}

fn default_fallback_margin() -> f64 {
    2.0
}

/// `[secondary]`: pruning of secondary themes whose evidence is thin beside
/// the primary's (see [`crate::tag`], "thin" vetoes).
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SecondarySpec {
    /// A secondary theme whose score is below `thin` × the primary's score is
    /// dropped (0 disables the rule).
    #[serde(default = "default_secondary_thin")]
    pub thin: f64,
    /// The rule applies only to comments of at most this many words (long
    /// comments make several points).
    #[serde(default = "default_secondary_max_words")]
    pub max_words: usize,
    /// Drop a secondary theme all of whose matches overlap the primary's
    /// matches (the same words read as two themes), whatever the length.
    #[serde(default = "default_secondary_same_words")]
    pub same_words: bool,
}

impl Default for SecondarySpec {
    fn default() -> SecondarySpec {
        SecondarySpec {
            thin: default_secondary_thin(),
            max_words: default_secondary_max_words(),
            same_words: default_secondary_same_words(),
        }
    }
}

fn default_secondary_thin() -> f64 {
    0.9
}

fn default_secondary_max_words() -> usize {
    40
}

fn default_secondary_same_words() -> bool {
    true
}

/// One `[[themes]]` entry.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Theme {
    /// Stable id, used in every output.
    pub id: String,
    /// What reports print.
    pub label: String,
    /// What the theme means.
    #[serde(default)]
    pub description: String,
    /// The parent theme's id.
    #[serde(default)]
    pub parent: Option<String>,
    /// Word-bounded, case-insensitive phrases; `*` ends a word stem.
    #[serde(default)]
    pub phrases: Vec<String>,
    /// Rust regexes, case-insensitive.
    #[serde(default)]
    pub regex: Vec<String>,
    /// Tantivy queries over the stemmed text.
    #[serde(default)]
    pub query: Vec<String>,
    /// Weak phrases (same syntax as `phrases`): a passing mention that counts
    /// only when no other theme has a non-weak rule that fired, e.g. "the
    /// service" or "specialist help" named as the actor in a comment whose
    /// point is about something else.
    #[serde(default)]
    pub weak: Vec<String>,
    /// Phrases that veto the theme.
    #[serde(default)]
    pub exclude: Vec<String>,
    /// Regexes that veto the theme.
    #[serde(default)]
    pub exclude_regex: Vec<String>,
    /// Regexes over the whole normalised comment.
    #[serde(default)]
    pub whole: Vec<String>,
    /// Bias for the primary choice (default 1.0).
    #[serde(default = "default_weight")]
    pub weight: f64,
    /// "ignore" (default) or "veto".
    #[serde(default)]
    pub negation: Negation,
}

fn default_weight() -> f64 {
    1.0
}

/// How a theme treats negated matches.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Negation {
    /// Polarity is not part of the theme (the default).
    #[default]
    Ignore,
    /// A negated match does not count.
    Veto,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct TaxonomyFile {
    name: String,
    #[serde(default)]
    version: Option<String>,
    #[serde(default)]
    description: Option<String>,
    #[serde(default)]
    noise: NoiseSpec,
    #[serde(default)]
    fallback: FallbackSpec,
    #[serde(default)]
    secondary: SecondarySpec,
    #[serde(default)]
    themes: Vec<Theme>,
}

/// A validated taxonomy.
#[derive(Debug, Clone, PartialEq)]
pub struct Taxonomy {
    /// Its name (printed in the report's method note).
    pub name: String,
    /// Its version, if given.
    pub version: Option<String>,
    /// Its description, if given.
    pub description: Option<String>,
    /// The noise settings.
    pub noise: NoiseSpec,
    /// The fallback settings.
    pub fallback: FallbackSpec,
    /// The secondary-theme pruning settings.
    pub secondary: SecondarySpec,
    /// The themes, in file order (the order breaks primary-theme ties).
    pub themes: Vec<Theme>,
    /// Where it was read from.
    pub path: PathBuf,
}

impl Taxonomy {
    /// Reads and validates a taxonomy file.
    ///
    /// # Errors
    /// Unreadable file, invalid TOML, or a bad rule.
    pub fn from_path(path: &Path) -> Result<Taxonomy, Error> {
        if path.is_dir() {
            return Err(Error::Io {
                path: path.to_owned(),
                source: std::io::Error::other("is a directory, not a file"),
            });
        }
        let text =
            std::fs::read_to_string(path).map_err(|source| Error::Io { path: path.to_owned(), source })?;
        Taxonomy::from_toml_str(&text, path)
    }

    /// Parses and validates taxonomy text; `path` is for messages.
    ///
    /// # Errors
    /// Invalid TOML, or a bad rule.
    pub fn from_toml_str(text: &str, path: &Path) -> Result<Taxonomy, Error> {
        let file: TaxonomyFile = toml::from_str(text).map_err(|e| Error::Toml {
            path: path.to_owned(),
            message: e.to_string().trim_end().to_owned(),
        })?;
        let tax = Taxonomy {
            name: file.name,
            version: file.version,
            description: file.description,
            noise: file.noise,
            fallback: file.fallback,
            secondary: file.secondary,
            themes: file.themes,
            path: path.to_owned(),
        };
        tax.validate()?;
        Ok(tax)
    }

    /// The index of theme `id`.
    #[must_use]
    pub fn position(&self, id: &str) -> Option<usize> {
        self.themes.iter().position(|t| t.id == id)
    }

    /// The label of theme `id` (`untagged` → "Untagged"; unknown ids as given).
    #[must_use]
    pub fn label<'a>(&'a self, id: &'a str) -> &'a str {
        match self.position(id) {
            Some(i) => &self.themes[i].label,
            None if id == "untagged" => "Untagged",
            None => id,
        }
    }

    fn validate(&self) -> Result<(), Error> {
        let theme_err = |theme: &str, message: String| Error::Theme {
            path: self.path.clone(),
            theme: theme.to_owned(),
            message,
        };
        let mut seen = std::collections::HashSet::new();
        for t in &self.themes {
            if t.id.is_empty()
                || !t.id.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
            {
                return Err(theme_err(&t.id, "ids are lower-case letters, digits and _".into()));
            }
            if matches!(t.id.as_str(), "untagged" | "noise") {
                return Err(theme_err(&t.id, "this id is reserved".into()));
            }
            if !seen.insert(t.id.as_str()) {
                return Err(theme_err(&t.id, "duplicate theme id".into()));
            }
            if t.phrases.is_empty()
                && t.regex.is_empty()
                && t.query.is_empty()
                && t.whole.is_empty()
                && t.weak.is_empty()
            {
                return Err(theme_err(
                    &t.id,
                    "a theme needs at least one of phrases, regex, query, whole, weak".into(),
                ));
            }
            if !t.weight.is_finite() || t.weight <= 0.0 {
                return Err(theme_err(&t.id, format!("weight must be a positive number, not {}", t.weight)));
            }
        }
        for (key, v) in [("min_score", self.fallback.min_score), ("margin", self.fallback.margin)] {
            if !v.is_finite() || v < 0.0 {
                return Err(Error::Toml {
                    path: self.path.clone(),
                    message: format!("[fallback] {key} must be a number of 0 or more, not {v}"),
                });
            }
        }
        if !self.secondary.thin.is_finite() || !(0.0..=1.0).contains(&self.secondary.thin) {
            return Err(Error::Toml {
                path: self.path.clone(),
                message: format!(
                    "[secondary] thin must be a number from 0 to 1, not {}",
                    self.secondary.thin
                ),
            });
        }
        for t in &self.themes {
            if let Some(p) = &t.parent {
                if !seen.contains(p.as_str()) {
                    return Err(theme_err(&t.id, format!("parent {p:?} is not a theme in this file")));
                }
                if p == &t.id {
                    return Err(theme_err(&t.id, "a theme cannot be its own parent".into()));
                }
            }
        }
        // Every rule must compile: the tagger's compiler is the judge.
        match crate::tag::Tagger::new(self) {
            Ok(_) => Ok(()),
            Err(crate::tag::Error::Rule(e)) => Err(e),
            Err(other) => Err(Error::Theme {
                path: self.path.clone(),
                theme: String::new(),
                message: other.to_string(),
            }),
        }
    }
}

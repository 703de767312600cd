//! `taxonomy check`: lint a taxonomy, optionally against a project's data.
//!
//! Input: a validated [`Taxonomy`] (bad rules are already errors) and,
//! optionally, a run's comments and taggings. Output: [`Warning`]s — the same
//! phrase in two themes, rules that match nothing in the data, and theme
//! pairs that co-occur so often they may be duplicates. Pure.

use std::collections::{BTreeMap, HashSet};

use crate::tag::{RuleKind, Tagging};

use super::Taxonomy;

/// Theme pairs whose Jaccard overlap (comments with both / with either) is
/// at least this are reported as possible duplicates…
pub const OVERLAP_JACCARD: f64 = 0.5;
/// …when they share at least this many comments.
pub const OVERLAP_MIN: usize = 5;

/// One lint finding (not an error: the taxonomy works).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Warning {
    /// The theme (or `a + b` for a pair).
    pub theme: String,
    /// What is wrong.
    pub message: String,
}

/// Lints that need no data: a phrase listed twice, or in two themes.
#[must_use]
pub fn check_static(tax: &Taxonomy) -> Vec<Warning> {
    let mut out = Vec::new();
    let mut owner: BTreeMap<String, &str> = BTreeMap::new();
    for t in &tax.themes {
        let mut seen = HashSet::new();
        for p in &t.phrases {
            let key = p.trim().to_lowercase();
            if !seen.insert(key.clone()) {
                out.push(Warning { theme: t.id.clone(), message: format!("phrase {p:?} is listed twice") });
                continue;
            }
            match owner.get(&key) {
                Some(other) if *other != t.id => out.push(Warning {
                    theme: t.id.clone(),
                    message: format!("phrase {p:?} is also a phrase of theme {other:?}"),
                }),
                _ => {
                    owner.insert(key, &t.id);
                }
            }
        }
    }
    out
}

/// Lints against data: rules that fired on no comment, and theme pairs that
/// co-occur on at least [`OVERLAP_JACCARD`] of their comments.
#[must_use]
pub fn check_data(tax: &Taxonomy, tags: &[Tagging]) -> Vec<Warning> {
    let mut out = Vec::new();
    let mut fired: HashSet<(usize, RuleKind, usize)> = HashSet::new();
    let mut vetoes: HashSet<(usize, String)> = HashSet::new();
    let mut per_theme = vec![0usize; tax.themes.len()];
    let mut pairs: BTreeMap<(usize, usize), usize> = BTreeMap::new();
    for t in tags {
        for h in &t.hits {
            fired.insert((h.theme, h.kind, h.index));
        }
        for v in &t.vetoed {
            vetoes.insert((v.theme, v.rule.clone()));
            // A secondary theme pruned beside the primary (`thin`) did match.
            for h in &v.hits {
                fired.insert((h.theme, h.kind, h.index));
            }
        }
        let direct: Vec<usize> = {
            let mut d: Vec<usize> = t
                .hits
                .iter()
                .map(|h| h.theme)
                .chain(t.vetoed.iter().filter(|v| !v.hits.is_empty()).map(|v| v.theme))
                .collect();
            d.sort_unstable();
            d.dedup();
            d
        };
        for (i, &a) in direct.iter().enumerate() {
            per_theme[a] += 1;
            for &b in &direct[i + 1..] {
                *pairs.entry((a.min(b), a.max(b))).or_default() += 1;
            }
        }
    }
    let n = tags.len();
    for (ti, t) in tax.themes.iter().enumerate() {
        for (kind, list) in [
            (RuleKind::Phrase, &t.phrases),
            (RuleKind::Regex, &t.regex),
            (RuleKind::Query, &t.query),
            (RuleKind::Whole, &t.whole),
            (RuleKind::Weak, &t.weak),
        ] {
            for (ri, r) in list.iter().enumerate() {
                let passing = kind == RuleKind::Weak && vetoes.contains(&(ti, r.clone()));
                if !fired.contains(&(ti, kind, ri)) && !passing {
                    out.push(Warning {
                        theme: t.id.clone(),
                        message: format!("{} rule {r:?} matches none of the {n} comments", kind.as_str()),
                    });
                }
            }
        }
        for (kind, list) in [("exclude", &t.exclude), ("exclude_regex", &t.exclude_regex)] {
            for r in list {
                if !vetoes.contains(&(ti, r.clone())) {
                    out.push(Warning {
                        theme: t.id.clone(),
                        message: format!("{kind} rule {r:?} vetoes none of the {n} comments"),
                    });
                }
            }
        }
    }
    for ((a, b), both) in pairs {
        let either = per_theme[a] + per_theme[b] - both;
        #[allow(clippy::cast_precision_loss)]
        let j = both as f64 / either.max(1) as f64;
        if both >= OVERLAP_MIN && j >= OVERLAP_JACCARD {
            out.push(Warning {
                theme: format!("{} + {}", tax.themes[a].id, tax.themes[b].id),
                message: format!(
                    "co-occur on {both} of the {either} comments either matches ({:.0}%): duplicates?",
                    100.0 * j
                ),
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;

    #[test]
    fn check_table() -> Result<(), Box<dyn std::error::Error>> {
        let tax = Taxonomy::from_toml_str(
            r"
name = 't'
[[themes]]
id = 'a'
label = 'A'
phrases = ['apple', 'pear', 'quince']
exclude = ['apple pie']
[[themes]]
id = 'b'
label = 'B'
phrases = ['banana', 'apple']
regex = ['zzz+']
",
            Path::new("t.toml"),
        )?;
        let stat = check_static(&tax);
        assert_eq!(stat.len(), 1);
        assert!(stat[0].message.contains("also a phrase of theme \"a\""));
        let tagger = crate::tag::Tagger::new(&tax)?;
        let texts = ["apple banana"; 6];
        let tags = tagger.tag_texts(&texts)?;
        let msgs: Vec<String> =
            check_data(&tax, &tags).into_iter().map(|w| format!("{}: {}", w.theme, w.message)).collect();
        let want = [
            "a: phrases rule \"pear\" matches none of the 6 comments",
            "a: phrases rule \"quince\" matches none of the 6 comments",
            "a: exclude rule \"apple pie\" vetoes none of the 6 comments",
            "b: regex rule \"zzz+\" matches none of the 6 comments",
            "a + b: co-occur on 6 of the 6 comments either matches (100%): duplicates?",
        ];
        assert_eq!(msgs, want);
        Ok(())
    }
}

//! Aggregate: tagged comments to theme shares per block.
//!
//! Input: comments and their taggings. Output: [`ShareRow`]s for
//! `theme_shares.csv` (single-label, by primary theme) and
//! `theme_mentions.csv` (multi-label). Invariants: pure; blocks and rows come
//! out in one deterministic order; each block's `share_rounded` sums to
//! exactly 100 (largest remainder); noise is in no base.

pub mod agreed;
pub mod profile;
pub mod quotes;
pub mod survey;

use std::cmp::Ordering;
use std::collections::BTreeMap;

use crate::model::{Comment, Status};
use crate::tag::Tagging;
use crate::taxonomy::Taxonomy;

/// A block: the (option, stakeholder, question) a share is computed within.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Block {
    /// The option ("" for none).
    pub option: String,
    /// The stakeholder group.
    pub stakeholder: String,
    /// The question.
    pub question: String,
}

impl Block {
    /// The block a comment belongs to.
    #[must_use]
    pub fn of(c: &Comment) -> Block {
        Block {
            option: c.dims.option.clone(),
            stakeholder: c.dims.stakeholder.clone(),
            question: c.dims.question.clone(),
        }
    }
}

/// Orders option values numerically when both are numbers ("" last).
#[must_use]
pub fn cmp_option(a: &str, b: &str) -> Ordering {
    match (a.is_empty(), b.is_empty()) {
        (true, false) => return Ordering::Greater,
        (false, true) => return Ordering::Less,
        _ => {}
    }
    match (a.parse::<u32>(), b.parse::<u32>()) {
        (Ok(x), Ok(y)) => x.cmp(&y),
        (Ok(_), Err(_)) => Ordering::Less,
        (Err(_), Ok(_)) => Ordering::Greater,
        _ => a.cmp(b),
    }
}

/// The usual questions first, in the report's order, then others by name.
#[must_use]
pub fn question_rank(q: &str) -> (usize, &str) {
    let r = ["advantages", "disadvantages", "benefits", "risks"].iter().position(|x| *x == q).unwrap_or(4);
    (r, q)
}

impl Ord for Block {
    fn cmp(&self, other: &Self) -> Ordering {
        cmp_option(&self.option, &other.option)
            .then_with(|| self.stakeholder.cmp(&other.stakeholder))
            .then_with(|| question_rank(&self.question).cmp(&question_rank(&other.question)))
    }
}
impl PartialOrd for Block {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// One row of `theme_shares.csv` / `theme_mentions.csv`.
#[derive(Debug, Clone, PartialEq)]
pub struct ShareRow {
    /// The block.
    pub block: Block,
    /// The theme id, or `untagged`.
    pub theme: String,
    /// Comments in the block counted under this theme.
    pub comments: usize,
    /// Comments in the block that are tagged or untagged.
    pub base: usize,
    /// 100 · comments / base.
    pub share_pct: f64,
    /// Whole percentages by largest remainder (shares only; 0 in mentions).
    pub share_rounded: u32,
}

/// Whole percentages for `counts` (of `base`) by largest remainder, summing
/// to exactly 100 when the counts sum to the base. Ties in the remainder go
/// to the larger count, then to the earlier entry.
#[must_use]
pub fn largest_remainder(counts: &[usize], base: usize) -> Vec<u32> {
    if base == 0 {
        return vec![0; counts.len()];
    }
    let total: usize = counts.iter().sum();
    // Integer arithmetic: exact and platform-independent.
    let scaled: Vec<usize> = counts.iter().map(|c| c * 100).collect();
    let mut out: Vec<u32> = scaled.iter().map(|s| u32::try_from(s / base).unwrap_or(u32::MAX)).collect();
    let target = u32::try_from(total * 100 / base).unwrap_or(100);
    let target = if total == base { 100 } else { target };
    let have: u32 = out.iter().sum();
    let mut order: Vec<usize> = (0..counts.len()).collect();
    order.sort_by(|&a, &b| {
        (scaled[b] % base).cmp(&(scaled[a] % base)).then(counts[b].cmp(&counts[a])).then(a.cmp(&b))
    });
    for &i in order.iter().take(target.saturating_sub(have) as usize) {
        out[i] += 1;
    }
    out
}

/// 100 · n / base to one decimal (0 for an empty base).
#[must_use]
pub fn pct(n: usize, base: usize) -> f64 {
    if base == 0 {
        return 0.0;
    }
    #[allow(clippy::cast_precision_loss)]
    let v = (n as f64) * 100.0 / (base as f64);
    (v * 10.0).round() / 10.0
}

/// Counts per block: (base, theme index or None for untagged -> comments).
///
/// Comments are grouped by their borrowed (option, stakeholder, question)
/// first, one counter slot per theme, and blocks are built once each, in
/// order of first appearance (so two values the block order calls equal,
/// such as options "1" and "01", merge under the first one seen, whatever
/// the hashing).
fn count(
    comments: &[Comment],
    tags: &[Tagging],
    multi: bool,
) -> BTreeMap<Block, (usize, BTreeMap<Option<usize>, usize>)> {
    type Key<'a> = (&'a str, &'a str, &'a str);
    let mut slot: rustc_hash::FxHashMap<Key<'_>, usize> = rustc_hash::FxHashMap::default();
    // Per group, in order of first appearance: its key, base, and counts
    // (index 0 = untagged, 1 + i = theme i).
    let mut groups: Vec<(Key<'_>, usize, Vec<usize>)> = Vec::new();
    for (c, t) in comments.iter().zip(tags) {
        if t.status == Status::Noise {
            continue;
        }
        let key = (c.dims.option.as_str(), c.dims.stakeholder.as_str(), c.dims.question.as_str());
        let g = *slot.entry(key).or_insert_with(|| {
            groups.push((key, 0, Vec::new()));
            groups.len() - 1
        });
        let (_, base, counts) = &mut groups[g];
        *base += 1;
        let mut bump = |i: usize| {
            if counts.len() <= i {
                counts.resize(i + 1, 0);
            }
            counts[i] += 1;
        };
        match (t.status, multi) {
            (Status::Tagged, true) => t.themes.iter().for_each(|&th| bump(th + 1)),
            (Status::Tagged, false) => bump(t.primary.map_or(0, |p| p + 1)),
            _ => bump(0),
        }
    }
    let mut blocks: BTreeMap<Block, (usize, BTreeMap<Option<usize>, usize>)> = BTreeMap::new();
    for ((option, stakeholder, question), base, counts) in groups {
        let block = Block {
            option: option.to_owned(),
            stakeholder: stakeholder.to_owned(),
            question: question.to_owned(),
        };
        let e = blocks.entry(block).or_default();
        e.0 += base;
        for (i, n) in counts.into_iter().enumerate().filter(|&(_, n)| n > 0) {
            *e.1.entry(i.checked_sub(1)).or_default() += n;
        }
    }
    blocks
}

fn rows(
    tax: &Taxonomy,
    blocks: BTreeMap<Block, (usize, BTreeMap<Option<usize>, usize>)>,
    rounded: bool,
) -> Vec<ShareRow> {
    let mut out = Vec::new();
    for (block, (base, themes)) in blocks {
        // Largest first; ties in taxonomy order; untagged last.
        let mut list: Vec<(Option<usize>, usize)> = themes.into_iter().collect();
        list.sort_by(|a, b| match (a.0, b.0) {
            (None, Some(_)) => Ordering::Greater,
            (Some(_), None) => Ordering::Less,
            _ => b.1.cmp(&a.1).then(a.0.cmp(&b.0)),
        });
        let counts: Vec<usize> = list.iter().map(|x| x.1).collect();
        let r = if rounded { largest_remainder(&counts, base) } else { vec![0; counts.len()] };
        for ((theme, n), share_rounded) in list.into_iter().zip(r) {
            out.push(ShareRow {
                block: block.clone(),
                theme: theme.map_or_else(|| "untagged".to_owned(), |i| tax.themes[i].id.clone()),
                comments: n,
                base,
                share_pct: pct(n, base),
                share_rounded,
            });
        }
    }
    out
}

/// Single-label shares by primary theme (`theme_shares.csv`).
#[must_use]
pub fn shares(tax: &Taxonomy, comments: &[Comment], tags: &[Tagging]) -> Vec<ShareRow> {
    rows(tax, count(comments, tags, false), true)
}

/// Multi-label mentions (`theme_mentions.csv`).
#[must_use]
pub fn mentions(tax: &Taxonomy, comments: &[Comment], tags: &[Tagging]) -> Vec<ShareRow> {
    rows(tax, count(comments, tags, true), false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn largest_remainder_sums_to_100() {
        let cases: &[(&[usize], usize, &[u32])] = &[
            (&[1, 1, 1], 3, &[34, 33, 33]),
            (&[2, 1], 3, &[67, 33]),
            (&[29, 18, 4, 3, 5, 6, 1, 1, 1, 2, 1], 71, &[41, 25, 6, 4, 7, 9, 2, 1, 1, 3, 1]),
            (&[1], 1, &[100]),
            (&[0, 0], 0, &[0, 0]),
            (&[1, 1, 1, 1, 1, 1, 1], 7, &[15, 15, 14, 14, 14, 14, 14]),
            (&[24, 6], 30, &[80, 20]),
        ];
        for (counts, base, want) in cases {
            let got = largest_remainder(counts, *base);
            assert_eq!(&got, want, "{counts:?}/{base}");
            if *base > 0 {
                assert_eq!(got.iter().sum::<u32>(), 100);
            }
        }
    }

    #[test]
    fn options_sort_numerically() {
        let mut v = vec!["10", "", "2", "1", "Traded"];
        v.sort_by(|a, b| cmp_option(a, b));
        assert_eq!(v, ["1", "2", "10", "Traded", ""]);
    }
}

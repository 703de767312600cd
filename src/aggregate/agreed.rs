//! Agreed points: themes that two or more stakeholder groups raised for the
//! same option and question.
//!
//! Input: the single-label [`ShareRow`]s (`theme_shares.csv`). Output:
//! [`AgreedPoint`]s for `agreed_points.csv` and the report's "Agreed points
//! between …" tables. A group raised a theme when the theme's primary-theme
//! comments are at least `threshold_pct` of that group's block base.
//! Invariants: pure; `untagged` is never a point; rows come out by option,
//! question (report order), then taxonomy order; stakeholders sorted.

use std::collections::BTreeMap;

use super::{ShareRow, cmp_option, question_rank};
use crate::taxonomy::Taxonomy;

/// One agreed point.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AgreedPoint {
    /// The option.
    pub option: String,
    /// The question.
    pub question: String,
    /// The theme id.
    pub theme: String,
    /// The stakeholder groups that raised it (two or more), sorted.
    pub stakeholders: Vec<String>,
}

/// True when `comments` is at least `threshold_pct` percent of `base` (exact).
#[must_use]
pub fn reaches(comments: usize, base: usize, threshold_pct: f64) -> bool {
    #[allow(clippy::cast_precision_loss)]
    let share = if base == 0 { 0.0 } else { comments as f64 * 100.0 / base as f64 };
    comments > 0 && share + 1e-9 >= threshold_pct
}

/// The agreed points among `shares` at `threshold_pct`.
#[must_use]
pub fn points(tax: &Taxonomy, shares: &[ShareRow], threshold_pct: f64) -> Vec<AgreedPoint> {
    let mut by_key: BTreeMap<(String, String, String), Vec<String>> = BTreeMap::new();
    for r in shares {
        if r.theme == "untagged"
            || r.block.stakeholder.is_empty()
            || !reaches(r.comments, r.base, threshold_pct)
        {
            continue;
        }
        let groups =
            by_key.entry((r.block.option.clone(), r.block.question.clone(), r.theme.clone())).or_default();
        if !groups.contains(&r.block.stakeholder) {
            groups.push(r.block.stakeholder.clone());
        }
    }
    let mut out: Vec<AgreedPoint> = by_key
        .into_iter()
        .filter(|(_, g)| g.len() >= 2)
        .map(|((option, question, theme), mut stakeholders)| {
            stakeholders.sort();
            AgreedPoint { option, question, theme, stakeholders }
        })
        .collect();
    let pos = |t: &str| tax.position(t).unwrap_or(usize::MAX);
    out.sort_by(|a, b| {
        cmp_option(&a.option, &b.option)
            .then_with(|| question_rank(&a.question).cmp(&question_rank(&b.question)))
            .then_with(|| pos(&a.theme).cmp(&pos(&b.theme)))
            .then_with(|| a.theme.cmp(&b.theme))
    });
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::aggregate::Block;

    fn share(option: &str, who: &str, q: &str, theme: &str, comments: usize, base: usize) -> ShareRow {
        ShareRow {
            block: Block { option: option.into(), stakeholder: who.into(), question: q.into() },
            theme: theme.into(),
            comments,
            base,
            share_pct: 0.0,
            share_rounded: 0,
        }
    }

    #[test]
    fn threshold_cases() {
        let cases: &[(usize, usize, f64, bool)] = &[
            (1, 10, 10.0, true),
            (1, 11, 10.0, false),
            (0, 10, 0.0, false),
            (7, 71, 10.0, false),
            (8, 71, 10.0, true),
            (1, 3, 33.3, true),
        ];
        for &(c, b, t, want) in cases {
            assert_eq!(reaches(c, b, t), want, "{c}/{b} at {t}");
        }
    }

    #[test]
    fn two_groups_over_threshold_agree() -> Result<(), Box<dyn std::error::Error>> {
        let tax = Taxonomy::from_toml_str(
            "name='t'\n[[themes]]\nid='a'\nlabel='A'\nphrases=['a']\n[[themes]]\nid='b'\nlabel='B'\nphrases=['b']\n",
            std::path::Path::new("t.toml"),
        )?;
        let shares = vec![
            share("1", "schools", "risks", "b", 5, 10),
            share("1", "schools", "risks", "a", 1, 10),
            share("1", "schools", "risks", "untagged", 4, 10),
            share("1", "stls", "risks", "a", 1, 20),
            share("1", "stls", "risks", "b", 2, 20),
            share("1", "stls", "risks", "untagged", 17, 20),
            share("2", "stls", "risks", "a", 5, 5),
        ];
        let got = points(&tax, &shares, 10.0);
        assert_eq!(
            got,
            vec![AgreedPoint {
                option: "1".into(),
                question: "risks".into(),
                theme: "b".into(),
                stakeholders: vec!["schools".into(), "stls".into()],
            }]
        );
        Ok(())
    }
}

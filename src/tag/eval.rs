//! Eval: agreement between the tagger and hand coding.
//!
//! Input: a gold CSV (columns `id` or `text`, `themes` `;`-joined, optional
//! `primary`, `status`, `option`, `stakeholder`, `question`) and a run's
//! comments and taggings. Output: an [`Report`] — per-theme precision /
//! recall / F1, samples-F1 (per-comment F1 of the theme sets, averaged; two
//! empty sets agree fully), primary accuracy, Cohen's kappa on the primary
//! label (a theme id, or `untagged` / `noise`), the most common confusions,
//! per-block figures and theme-share differences for blocks of 20 or more.
//! Gold rows are matched by `id`, or by exact (trimmed) text when the gold
//! has no `id` column; rows not found are counted and listed.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use serde::Serialize;

use crate::model::{Comment, Status};
use crate::taxonomy::Taxonomy;

use super::{Error, Tagging};

/// Blocks with at least this many gold rows get their own figures.
pub const MIN_BLOCK: usize = 20;

/// One gold row.
#[derive(Debug, Clone, PartialEq)]
pub struct GoldRow {
    /// CSV row (1 = header).
    pub row: usize,
    /// The comment id (empty when matched by text).
    pub id: String,
    /// The comment text (empty when matched by id and the file has none).
    pub text: String,
    /// Gold themes (ids as written).
    pub themes: Vec<String>,
    /// Gold primary (empty = none given).
    pub primary: String,
    /// Gold status (empty = not given).
    pub status: String,
    /// option / stakeholder / question, when the gold has them.
    pub block: Option<(String, String, String)>,
}

/// Reads a gold CSV.
///
/// # Errors
/// Unreadable file, no `themes` column, or neither `id` nor `text`.
pub fn read_gold(bytes: &[u8], path: &Path) -> Result<Vec<GoldRow>, Error> {
    let e = |row: usize, m: String| Error::Gold { path: path.to_owned(), row, message: m };
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let mut rdr = csv::ReaderBuilder::new().flexible(true).from_reader(bytes);
    let header = rdr.headers().map_err(|x| e(1, x.to_string()))?.clone();
    let col = |n: &str| header.iter().position(|h| h.trim().eq_ignore_ascii_case(n));
    let themes = col("themes").ok_or_else(|| e(1, "gold file has no `themes` column".into()))?;
    let (id, text) = (col("id"), col("text"));
    if id.is_none() && text.is_none() {
        return Err(e(1, "gold file needs an `id` or a `text` column".into()));
    }
    let (primary, status) = (col("primary"), col("status"));
    let dims = (col("option"), col("stakeholder"), col("question"));
    let mut out = Vec::new();
    for (i, rec) in rdr.records().enumerate() {
        let row = i + 2;
        let rec = rec.map_err(|x| e(row, x.to_string()))?;
        let get = |c: Option<usize>| c.and_then(|c| rec.get(c)).unwrap_or("").trim().to_owned();
        let block = match dims {
            (None, None, None) => None,
            (o, s, q) => Some((get(o), get(s), get(q))),
        };
        out.push(GoldRow {
            row,
            id: get(id),
            text: get(text),
            themes: get(Some(themes))
                .split(';')
                .map(str::trim)
                .filter(|t| !t.is_empty())
                .map(str::to_owned)
                .collect(),
            primary: get(primary),
            status: get(status).to_lowercase(),
            block,
        });
    }
    Ok(out)
}

/// Precision, recall and F1 of one theme.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ThemeScore {
    /// Theme id.
    pub theme: String,
    /// Gold rows with the theme.
    pub support: usize,
    /// Rows the tagger gave the theme.
    pub predicted: usize,
    /// Rows with the theme in both.
    pub true_positives: usize,
    /// TP / predicted.
    pub precision: f64,
    /// TP / support.
    pub recall: f64,
    /// Harmonic mean.
    pub f1: f64,
}

/// Figures for one option/stakeholder/question block.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct BlockScore {
    /// option / stakeholder / question.
    pub block: String,
    /// Gold rows in the block.
    pub rows: usize,
    /// Primary accuracy over the block's rows.
    pub primary_accuracy: f64,
    /// Mean per-comment F1.
    pub samples_f1: f64,
    /// Mean absolute difference of primary-theme shares (percentage points,
    /// noise excluded from the base, over themes in either coding).
    pub share_mean_abs_diff: f64,
    /// The largest share difference, and its theme.
    pub share_worst_diff: f64,
    /// The theme with the largest share difference.
    pub share_worst_theme: String,
}

/// The full evaluation.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Report {
    /// Gold rows read.
    pub gold_rows: usize,
    /// Gold rows matched to a comment.
    pub matched: usize,
    /// Gold rows not found in the project (id or text).
    pub not_found: Vec<String>,
    /// Comments whose verdict came from an analyst's override.
    pub overridden: usize,
    /// Mean per-comment F1 of the theme sets.
    pub samples_f1: f64,
    /// Micro-averaged F1 over themes.
    pub micro_f1: f64,
    /// Micro-averaged precision: of all (comment, theme) pairs the tagger gave, the share the gold has.
    pub micro_precision: f64,
    /// Micro-averaged recall: of all (comment, theme) pairs in the gold, the share the tagger gave.
    pub micro_recall: f64,
    /// Share of matched rows whose primary label (theme, `untagged` or `noise`) agrees.
    pub primary_accuracy: f64,
    /// Share of gold rows with a primary theme whose primary agrees.
    pub primary_accuracy_tagged: f64,
    /// Cohen's kappa on the primary label.
    pub kappa: f64,
    /// Share of rows whose status agrees (when the gold has `status`).
    pub status_accuracy: Option<f64>,
    /// Per-theme scores, in taxonomy order.
    pub themes: Vec<ThemeScore>,
    /// The most common (gold → predicted) primary-label disagreements.
    pub confusions: Vec<(String, String, usize)>,
    /// Blocks with at least [`MIN_BLOCK`] rows.
    pub blocks: Vec<BlockScore>,
}

fn f1(tp: usize, p: usize, g: usize) -> (f64, f64, f64) {
    #[allow(clippy::cast_precision_loss)]
    let (tp, p, g) = (tp as f64, p as f64, g as f64);
    let prec = if p > 0.0 {
        tp / p
    } else if g > 0.0 {
        0.0
    } else {
        1.0
    };
    let rec = if g > 0.0 {
        tp / g
    } else if p > 0.0 {
        0.0
    } else {
        1.0
    };
    let f = if prec + rec > 0.0 { 2.0 * prec * rec / (prec + rec) } else { 0.0 };
    (prec, rec, f)
}

fn ratio(a: usize, b: usize) -> f64 {
    #[allow(clippy::cast_precision_loss)]
    if b == 0 { 0.0 } else { a as f64 / b as f64 }
}

struct Pair<'a> {
    gold: &'a GoldRow,
    gold_label: String,
    pred: Vec<String>,
    pred_label: String,
    block: String,
}

fn kappa(pairs: &[Pair<'_>]) -> f64 {
    let n = pairs.len();
    if n == 0 {
        return 0.0;
    }
    let agree = pairs.iter().filter(|p| p.gold_label == p.pred_label).count();
    // Ordered, so that the sum below is the same on every run.
    let mut g: std::collections::BTreeMap<&str, usize> = std::collections::BTreeMap::new();
    let mut q: HashMap<&str, usize> = HashMap::new();
    for p in pairs {
        *g.entry(&p.gold_label).or_default() += 1;
        *q.entry(&p.pred_label).or_default() += 1;
    }
    let po = ratio(agree, n);
    let pe: f64 = g.iter().map(|(k, &c)| ratio(c, n) * ratio(q.get(k).copied().unwrap_or(0), n)).sum();
    if (1.0 - pe).abs() < f64::EPSILON { 1.0 } else { (po - pe) / (1.0 - pe) }
}

fn label(status: Status, primary: Option<&str>) -> String {
    match (status, primary) {
        (Status::Tagged, Some(p)) => p.to_owned(),
        (s, _) => s.as_str().to_owned(),
    }
}

/// Compares `gold` with the run's `comments` and `tags`.
#[must_use]
pub fn evaluate(tax: &Taxonomy, gold: &[GoldRow], comments: &[Comment], tags: &[Tagging]) -> Report {
    let by_id: HashMap<&str, usize> = comments.iter().enumerate().map(|(i, c)| (c.id.as_str(), i)).collect();
    let mut by_text: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, c) in comments.iter().enumerate().rev() {
        by_text.entry(c.text.trim()).or_default().push(i);
    }
    let use_id = gold.iter().any(|g| !g.id.is_empty());
    let mut not_found = Vec::new();
    let mut pairs = Vec::new();
    let mut overridden = 0;
    for g in gold {
        let found = if use_id {
            by_id.get(g.id.as_str()).copied()
        } else {
            by_text.get_mut(g.text.as_str()).and_then(Vec::pop)
        };
        let Some(i) = found else {
            not_found.push(if use_id { g.id.clone() } else { format!("row {}", g.row) });
            continue;
        };
        let t = &tags[i];
        if t.overridden.is_some() {
            overridden += 1;
        }
        let id = |x: usize| tax.themes[x].id.clone();
        let gold_status = if !g.status.is_empty() {
            g.status.clone()
        } else if g.themes.is_empty() {
            // No status column: an empty coding means "no theme"; noise and untagged both agree.
            if t.status == Status::Tagged { "untagged".into() } else { t.status.as_str().to_owned() }
        } else {
            "tagged".into()
        };
        let gold_primary =
            if g.primary.is_empty() { g.themes.first().cloned() } else { Some(g.primary.clone()) };
        let gold_label = if gold_status == "tagged" {
            gold_primary.clone().unwrap_or_else(|| "tagged".into())
        } else {
            gold_status.clone()
        };
        let block = match &g.block {
            Some((o, s, q)) => format!("{o}/{s}/{q}"),
            None => {
                let d = &comments[i].dims;
                format!("{}/{}/{}", d.option, d.stakeholder, d.question)
            }
        };
        pairs.push(Pair {
            gold: g,
            gold_label,
            pred: t.themes.iter().map(|&x| id(x)).collect(),
            pred_label: label(t.status, t.primary.map(|p| tax.themes[p].id.as_str())),
            block,
        });
    }
    let samples = |ps: &[&Pair<'_>]| -> f64 {
        let sum: f64 = ps
            .iter()
            .map(|p| {
                let tp = p.gold.themes.iter().filter(|t| p.pred.contains(t)).count();
                if p.gold.themes.is_empty() && p.pred.is_empty() {
                    1.0
                } else {
                    f1(tp, p.pred.len(), p.gold.themes.len()).2
                }
            })
            .sum();
        #[allow(clippy::cast_precision_loss)]
        if ps.is_empty() { 0.0 } else { sum / ps.len() as f64 }
    };
    let all: Vec<&Pair<'_>> = pairs.iter().collect();
    let mut themes = Vec::new();
    let (mut tp_all, mut p_all, mut g_all) = (0, 0, 0);
    let mut ids: Vec<String> = tax.themes.iter().map(|t| t.id.clone()).collect();
    for p in &pairs {
        for t in &p.gold.themes {
            if !ids.contains(t) {
                ids.push(t.clone());
            }
        }
    }
    for theme in &ids {
        let support = pairs.iter().filter(|p| p.gold.themes.contains(theme)).count();
        let predicted = pairs.iter().filter(|p| p.pred.contains(theme)).count();
        let tp = pairs.iter().filter(|p| p.gold.themes.contains(theme) && p.pred.contains(theme)).count();
        tp_all += tp;
        p_all += predicted;
        g_all += support;
        if support + predicted == 0 {
            continue;
        }
        let (precision, recall, f) = f1(tp, predicted, support);
        themes.push(ThemeScore {
            theme: theme.clone(),
            support,
            predicted,
            true_positives: tp,
            precision,
            recall,
            f1: f,
        });
    }
    let agree = pairs.iter().filter(|p| p.gold_label == p.pred_label).count();
    let tagged: Vec<&Pair<'_>> = pairs.iter().filter(|p| !p.gold.themes.is_empty()).collect();
    let tagged_agree = tagged.iter().filter(|p| p.gold_label == p.pred_label).count();
    let status_accuracy = gold.iter().any(|g| !g.status.is_empty()).then(|| {
        let ok = pairs
            .iter()
            .filter(|p| {
                let pred = if p.pred.is_empty() { p.pred_label.as_str() } else { "tagged" };
                p.gold.status.is_empty() || p.gold.status == pred
            })
            .count();
        ratio(ok, pairs.len())
    });
    let mut conf: BTreeMap<(String, String), usize> = BTreeMap::new();
    for p in &pairs {
        if p.gold_label != p.pred_label {
            *conf.entry((p.gold_label.clone(), p.pred_label.clone())).or_default() += 1;
        }
    }
    let mut confusions: Vec<(String, String, usize)> =
        conf.into_iter().map(|((g, q), n)| (g, q, n)).collect();
    confusions.sort_by(|a, b| b.2.cmp(&a.2).then_with(|| (&a.0, &a.1).cmp(&(&b.0, &b.1))));
    confusions.truncate(15);
    let mut blocks_map: BTreeMap<&str, Vec<&Pair<'_>>> = BTreeMap::new();
    for p in &pairs {
        blocks_map.entry(p.block.as_str()).or_default().push(p);
    }
    let mut blocks = Vec::new();
    for (name, ps) in blocks_map {
        if ps.len() < MIN_BLOCK {
            continue;
        }
        let ok = ps.iter().filter(|p| p.gold_label == p.pred_label).count();
        let (d_mean, d_worst, worst_theme) = share_diff(&ps);
        blocks.push(BlockScore {
            block: name.to_owned(),
            rows: ps.len(),
            primary_accuracy: ratio(ok, ps.len()),
            samples_f1: samples(&ps),
            share_mean_abs_diff: d_mean,
            share_worst_diff: d_worst,
            share_worst_theme: worst_theme,
        });
    }
    let (micro_precision, micro_recall, micro_f1) = f1(tp_all, p_all, g_all);
    Report {
        gold_rows: gold.len(),
        matched: pairs.len(),
        not_found,
        overridden,
        samples_f1: samples(&all),
        micro_f1,
        micro_precision,
        micro_recall,
        primary_accuracy: ratio(agree, pairs.len()),
        primary_accuracy_tagged: ratio(tagged_agree, tagged.len()),
        kappa: kappa(&pairs),
        status_accuracy,
        themes,
        confusions,
        blocks,
    }
}

/// Primary-label shares (noise excluded from the base) of gold and tagger:
/// (mean absolute difference, worst difference, worst label), in points.
fn share_diff(ps: &[&Pair<'_>]) -> (f64, f64, String) {
    let mut g: BTreeMap<&str, usize> = BTreeMap::new();
    let mut q: BTreeMap<&str, usize> = BTreeMap::new();
    let gb = ps.iter().filter(|p| p.gold_label != "noise").count();
    let qb = ps.iter().filter(|p| p.pred_label != "noise").count();
    for p in ps {
        if p.gold_label != "noise" {
            *g.entry(&p.gold_label).or_default() += 1;
        }
        if p.pred_label != "noise" {
            *q.entry(&p.pred_label).or_default() += 1;
        }
    }
    let labels: std::collections::BTreeSet<&str> = g.keys().chain(q.keys()).copied().collect();
    let mut sum = 0.0;
    let mut worst = (0.0, String::new());
    for l in &labels {
        let d = (100.0 * ratio(g.get(l).copied().unwrap_or(0), gb)
            - 100.0 * ratio(q.get(l).copied().unwrap_or(0), qb))
        .abs();
        sum += d;
        if d > worst.0 {
            worst = (d, (*l).to_owned());
        }
    }
    #[allow(clippy::cast_precision_loss)]
    let mean = if labels.is_empty() { 0.0 } else { sum / labels.len() as f64 };
    (mean, worst.0, worst.1)
}

/// Writes `r` as text.
///
/// # Errors
/// The writer fails.
pub fn write_text(w: &mut impl std::io::Write, r: &Report) -> std::io::Result<()> {
    writeln!(w, "gold rows        {}", r.gold_rows)?;
    writeln!(w, "matched          {}", r.matched)?;
    if !r.not_found.is_empty() {
        let shown: Vec<&str> = r.not_found.iter().take(10).map(String::as_str).collect();
        let more = if r.not_found.len() > 10 { ", …" } else { "" };
        writeln!(w, "not found        {} ({}{more})", r.not_found.len(), shown.join(", "))?;
    }
    if r.overridden > 0 {
        writeln!(w, "overridden       {} (analyst corrections count as the tagger's answer)", r.overridden)?;
    }
    writeln!(w, "samples-F1       {:.3}", r.samples_f1)?;
    writeln!(
        w,
        "micro-F1         {:.3} (precision {:.3}, recall {:.3})",
        r.micro_f1, r.micro_precision, r.micro_recall
    )?;
    writeln!(
        w,
        "primary accuracy {:.3} (all rows; label = primary theme, untagged or noise)",
        r.primary_accuracy
    )?;
    writeln!(w, "primary accuracy {:.3} (gold rows with themes)", r.primary_accuracy_tagged)?;
    writeln!(w, "Cohen's kappa    {:.3} (primary label)", r.kappa)?;
    if let Some(s) = r.status_accuracy {
        writeln!(w, "status accuracy  {s:.3}")?;
    }
    writeln!(w)?;
    writeln!(
        w,
        "{:<20} {:>7} {:>9} {:>9} {:>7} {:>7}",
        "theme", "support", "predicted", "precision", "recall", "F1"
    )?;
    for t in &r.themes {
        writeln!(
            w,
            "{:<20} {:>7} {:>9} {:>9.3} {:>7.3} {:>7.3}",
            t.theme, t.support, t.predicted, t.precision, t.recall, t.f1
        )?;
    }
    if !r.confusions.is_empty() {
        writeln!(w)?;
        writeln!(w, "most common confusions (gold primary → tagger primary):")?;
        for (g, q, n) in &r.confusions {
            writeln!(w, "  {n:>4}  {g} → {q}")?;
        }
    }
    if !r.blocks.is_empty() {
        writeln!(w)?;
        writeln!(w, "blocks of {MIN_BLOCK}+ rows (option/stakeholder/question):")?;
        writeln!(
            w,
            "  {:<32} {:>5} {:>8} {:>8} {:>9} {:>9}",
            "block", "rows", "primary", "samp-F1", "share-avg", "share-max"
        )?;
        for b in &r.blocks {
            writeln!(
                w,
                "  {:<32} {:>5} {:>8.3} {:>8.3} {:>9.1} {:>9.1} {}",
                b.block,
                b.rows,
                b.primary_accuracy,
                b.samples_f1,
                b.share_mean_abs_diff,
                b.share_worst_diff,
                b.share_worst_theme
            )?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn f1_and_kappa_table() {
        // (tp, predicted, gold) -> (precision, recall, f1)
        let cases = [
            ((1, 1, 1), (1.0, 1.0, 1.0)),
            ((0, 1, 1), (0.0, 0.0, 0.0)),
            ((1, 2, 1), (0.5, 1.0, 2.0 / 3.0)),
            ((0, 0, 0), (1.0, 1.0, 1.0)),
            ((0, 0, 2), (0.0, 0.0, 0.0)),
        ];
        for ((tp, p, g), want) in cases {
            let got = f1(tp, p, g);
            assert!((got.0 - want.0).abs() < 1e-9 && (got.2 - want.2).abs() < 1e-9, "{tp},{p},{g}: {got:?}");
        }
    }

    #[test]
    fn evaluate_small_gold() -> Result<(), Error> {
        let tax = Taxonomy::from_toml_str(
            "name='t'\n[[themes]]\nid='a'\nlabel='A'\nphrases=['apple']\n[[themes]]\nid='b'\nlabel='B'\nphrases=['banana']\n",
            Path::new("t.toml"),
        )
        .map_err(Error::Rule)?;
        let tagger = super::super::Tagger::new(&tax)?;
        let texts = ["apple", "banana", "apple banana", "cherry"];
        let comments: Vec<Comment> = texts
            .iter()
            .enumerate()
            .map(|(i, t)| Comment { id: format!("c{i}"), text: (*t).into(), ..Comment::default() })
            .collect();
        let tags = tagger.tag_all(&comments)?;
        let gold =
            read_gold(b"id,themes,primary\nc0,a,a\nc1,a,a\nc2,a;b,b\nc3,,\nzz,a,a\n", Path::new("gold.csv"))?;
        let r = evaluate(&tax, &gold, &comments, &tags);
        assert_eq!((r.gold_rows, r.matched, r.not_found.clone()), (5, 4, vec!["zz".to_owned()]));
        // c0 1.0, c1 0.0, c2 1.0, c3 1.0 (both empty)
        assert!((r.samples_f1 - 0.75).abs() < 1e-9, "{}", r.samples_f1);
        // primaries: a=a, b≠a, a≠b (apple first), untagged=untagged
        assert!((r.primary_accuracy - 0.5).abs() < 1e-9);
        let a = &r.themes[0];
        assert_eq!((a.support, a.predicted, a.true_positives), (3, 2, 2));
        assert_eq!(r.confusions.len(), 2);
        Ok(())
    }
}

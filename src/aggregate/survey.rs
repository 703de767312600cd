//! Survey tables: closed answers to [`SurveyRow`]s for `survey.csv`.
//!
//! Input: a source's [`SurveyData`]. Output: rows per (question, group_by,
//! group, answer). Invariants (the contract's `survey.csv` semantics): pure
//! and deterministic; `group_by` is empty for the whole source, then every
//! mapped dimension in turn (respondents with a blank value are in no group);
//! `responses` = respondents giving that answer; `share_pct` = their share of
//! respondents who answered the question (blank cells are not in the base);
//! `rating`/`likert` rows carry the group's mean on every row, "Don't know"
//! answers counting in the base but not the mean; `multi` shares may sum past
//! 100; `ranking` has one row per item with `mean` = mean rank position among
//! respondents who ranked it and `share_pct` = share of respondents who
//! ranked it first, ordered by mean.
//!
//! Where the contract is silent (README "Survey tables"): dimensions come in
//! the order the source lists them ([`SurveyData::dimensions`]: the sheet's
//! column order), groups in codepoint order; only answers someone gave get a
//! row; answers follow the question's `options`, else ratings lowest first,
//! likert Strongly agree first, choice/multi most answers first, "Don't know"
//! last; ranking ties go to more first places, then `options`, then name.

use std::collections::BTreeMap;

use crate::ingest::survey::{Answer, QuestionKind, SurveyData, SurveyQuestion};

/// One row of `survey.csv`.
#[derive(Debug, Clone, PartialEq)]
pub struct SurveyRow {
    /// The source name.
    pub source: String,
    /// The question's label.
    pub question: String,
    /// The question's place among the source's closed questions (two
    /// questions may share a label: likert statements with duplicate headers).
    pub question_index: usize,
    /// The question's type.
    pub kind: QuestionKind,
    /// "" for the whole source, else a dimension name.
    pub group_by: String,
    /// The dimension's value ("" for the whole source).
    pub group: String,
    /// The answer (or ranked item).
    pub answer: String,
    /// Respondents giving that answer (ranking: respondents ranking the item).
    pub responses: usize,
    /// Respondents who answered the question in this group.
    pub base: usize,
    /// 100 · responses / base (ranking: share ranked first), unrounded.
    pub share_pct: f64,
    /// Mean scale value or mean rank; `None` for choice and multi.
    pub mean: Option<f64>,
}

/// All rows for one survey source: every closed question overall, then by
/// every mapped dimension.
#[must_use]
pub fn rows(source: &str, data: &SurveyData) -> Vec<SurveyRow> {
    let mut out = Vec::new();
    for (qi, q) in data.questions.iter().enumerate() {
        let q = (qi, q);
        let all: Vec<usize> = (0..q.1.answers.len()).collect();
        question_rows(source, q, "", "", &all, &mut out);
        for dim in &data.dimensions {
            let mut groups: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
            for (i, r) in data.respondents.iter().enumerate() {
                let v = r.get(dim).map_or("", String::as_str);
                if !v.is_empty() && i < q.1.answers.len() {
                    groups.entry(v).or_default().push(i);
                }
            }
            for (g, members) in groups {
                question_rows(source, q, dim, g, &members, &mut out);
            }
        }
    }
    out
}

#[allow(clippy::cast_precision_loss)]
fn pct(n: usize, base: usize) -> f64 {
    if base == 0 { 0.0 } else { n as f64 * 100.0 / base as f64 }
}

fn question_rows(
    source: &str,
    (question_index, q): (usize, &SurveyQuestion),
    group_by: &str,
    group: &str,
    members: &[usize],
    out: &mut Vec<SurveyRow>,
) {
    let answered: Vec<&Answer> = members
        .iter()
        .map(|&i| &q.answers[i])
        .filter(|a| match a {
            Answer::Blank => false,
            Answer::Multi(v) | Answer::Ranking(v) => !v.is_empty(),
            _ => true,
        })
        .collect();
    let base = answered.len();
    if base == 0 {
        return;
    }
    let row = |answer: String, responses: usize, share_pct: f64, mean: Option<f64>| SurveyRow {
        source: source.to_owned(),
        question: q.label.clone(),
        question_index,
        kind: q.kind,
        group_by: group_by.to_owned(),
        group: group.to_owned(),
        answer,
        responses,
        base,
        share_pct,
        mean,
    };
    match q.kind {
        QuestionKind::Rating | QuestionKind::Likert => {
            // answer label -> (count, value)
            let mut counts: BTreeMap<&str, (usize, Option<f64>)> = BTreeMap::new();
            let (mut sum, mut n) = (0.0, 0usize);
            for a in &answered {
                if let Answer::Scale { label, value } = a {
                    let e = counts.entry(label).or_insert((0, *value));
                    e.0 += 1;
                    if let Some(v) = value {
                        sum += v;
                        n += 1;
                    }
                }
            }
            #[allow(clippy::cast_precision_loss)]
            let mean = (n > 0).then(|| sum / n as f64);
            let mut list: Vec<(&str, usize, Option<f64>)> =
                counts.into_iter().map(|(l, (c, v))| (l, c, v)).collect();
            // The options' order when given; else ratings lowest first (as a
            // form shows 1 … 5) and likert labels Strongly agree first (as a
            // form lists them); "Don't know" answers last; ties by label.
            let rank = |l: &str| q.options.iter().position(|o| o == l).unwrap_or(usize::MAX);
            let desc = q.kind == QuestionKind::Likert;
            list.sort_by(|a, b| {
                rank(a.0).cmp(&rank(b.0)).then_with(|| match (a.2, b.2) {
                    (Some(x), Some(y)) if desc => y.total_cmp(&x).then(a.0.cmp(b.0)),
                    (Some(x), Some(y)) => x.total_cmp(&y).then(a.0.cmp(b.0)),
                    (Some(_), None) => std::cmp::Ordering::Less,
                    (None, Some(_)) => std::cmp::Ordering::Greater,
                    (None, None) => a.0.cmp(b.0),
                })
            });
            for (label, c, _) in list {
                out.push(row(label.to_owned(), c, pct(c, base), mean));
            }
        }
        QuestionKind::Choice | QuestionKind::Multi => {
            let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
            for a in &answered {
                match a {
                    Answer::Choice(v) => *counts.entry(v).or_default() += 1,
                    Answer::Multi(vs) => {
                        for v in vs {
                            *counts.entry(v).or_default() += 1;
                        }
                    }
                    _ => {}
                }
            }
            for (answer, c) in order_by_options(counts, &q.options) {
                out.push(row(answer.to_owned(), c, pct(c, base), None));
            }
        }
        QuestionKind::Ranking => {
            // item -> (respondents ranking it, sum of positions, ranked first)
            let mut items: BTreeMap<&str, (usize, usize, usize)> = BTreeMap::new();
            for a in &answered {
                if let Answer::Ranking(list) = a {
                    for (pos, item) in list.iter().enumerate() {
                        let e = items.entry(item).or_default();
                        e.0 += 1;
                        e.1 += pos + 1;
                        if pos == 0 {
                            e.2 += 1;
                        }
                    }
                }
            }
            #[allow(clippy::cast_precision_loss)]
            let mut list: Vec<(&str, usize, f64, usize)> =
                items.into_iter().map(|(k, (n, s, f))| (k, n, s as f64 / n as f64, f)).collect();
            // By mean rank; ties: more ranked first, then the options' order, then the item.
            let rank = |i: &str| q.options.iter().position(|o| o == i).unwrap_or(usize::MAX);
            list.sort_by(|a, b| {
                a.2.total_cmp(&b.2).then(b.3.cmp(&a.3)).then(rank(a.0).cmp(&rank(b.0))).then(a.0.cmp(b.0))
            });
            for (item, n, mean, first) in list {
                out.push(row(item.to_owned(), n, pct(first, base), Some(mean)));
            }
        }
        QuestionKind::Text => {}
    }
}

/// Known options first in their order, then other answers by count (largest first), then name.
fn order_by_options<'a>(counts: BTreeMap<&'a str, usize>, options: &[String]) -> Vec<(&'a str, usize)> {
    let rank = |a: &str| options.iter().position(|o| o == a).unwrap_or(usize::MAX);
    let mut list: Vec<(&str, usize)> = counts.into_iter().collect();
    list.sort_by(|a, b| rank(a.0).cmp(&rank(b.0)).then(b.1.cmp(&a.1)).then(a.0.cmp(b.0)));
    list
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scale(label: &str, v: Option<f64>) -> Answer {
        Answer::Scale { label: label.into(), value: v }
    }

    fn data() -> SurveyData {
        let resp = |p: &str| BTreeMap::from([("phase".to_owned(), p.to_owned())]);
        SurveyData {
            respondents: vec![resp("Primary"), resp("Primary"), resp("Secondary"), resp("")],
            dimensions: vec!["phase".into()],
            questions: vec![
                SurveyQuestion {
                    label: "Plan is clear".into(),
                    kind: QuestionKind::Likert,
                    options: vec![],
                    answers: vec![
                        scale("Agree", Some(4.0)),
                        scale("Strongly agree", Some(5.0)),
                        scale("Don't know", None),
                        Answer::Blank,
                    ],
                },
                SurveyQuestion {
                    label: "Topics".into(),
                    kind: QuestionKind::Multi,
                    options: vec![],
                    answers: vec![
                        Answer::Multi(vec!["A".into(), "B".into()]),
                        Answer::Multi(vec!["A".into()]),
                        Answer::Multi(vec!["B".into()]),
                        Answer::Multi(vec![]),
                    ],
                },
                SurveyQuestion {
                    label: "Rank".into(),
                    kind: QuestionKind::Ranking,
                    options: vec![],
                    answers: vec![
                        Answer::Ranking(vec!["X".into(), "Y".into()]),
                        Answer::Ranking(vec!["Y".into(), "X".into()]),
                        Answer::Ranking(vec!["X".into(), "Y".into()]),
                        Answer::Blank,
                    ],
                },
            ],
        }
    }

    /// (kind, options, answers) -> answers in the order rows are written.
    fn order(kind: QuestionKind, options: &[&str], answers: Vec<Answer>) -> Vec<String> {
        let data = SurveyData {
            respondents: vec![BTreeMap::new(); answers.len()],
            dimensions: vec![],
            questions: vec![SurveyQuestion {
                label: "Q".into(),
                kind,
                options: options.iter().map(|o| (*o).to_owned()).collect(),
                answers,
            }],
        };
        rows("s", &data).into_iter().map(|r| r.answer).collect()
    }

    #[test]
    fn answer_order_within_a_question() {
        let rank = |v: &[&str]| Answer::Ranking(v.iter().map(|s| (*s).to_owned()).collect());
        let choice = |v: &str| Answer::Choice(v.to_owned());
        /// (kind, options, answers, answers in row order)
        type Case<'a> = (QuestionKind, &'a [&'a str], Vec<Answer>, &'a [&'a str]);
        let cases: Vec<Case> = vec![
            // Ratings lowest first, "Don't know" last.
            (
                QuestionKind::Rating,
                &[],
                vec![scale("5", Some(5.0)), scale("Don't know", None), scale("1", Some(1.0))],
                &["1", "5", "Don't know"],
            ),
            // Likert without options: Strongly agree first.
            (
                QuestionKind::Likert,
                &[],
                vec![
                    scale("Not sure", None),
                    scale("Tend to agree", Some(4.0)),
                    scale("Strongly agree", Some(5.0)),
                ],
                &["Strongly agree", "Tend to agree", "Not sure"],
            ),
            // Likert with options: their order, whatever the values.
            (
                QuestionKind::Likert,
                &["Strongly disagree", "Agree", "Strongly agree", "Don't know"],
                vec![
                    scale("Strongly agree", Some(5.0)),
                    scale("Don't know", None),
                    scale("Agree", Some(4.0)),
                ],
                &["Agree", "Strongly agree", "Don't know"],
            ),
            // Choice without options: most answers first, ties by answer.
            (
                QuestionKind::Choice,
                &[],
                vec![choice("b"), choice("c"), choice("c"), choice("a")],
                &["c", "a", "b"],
            ),
            // Choice with options: their order, others after by count.
            (
                QuestionKind::Choice,
                &["Increase", "Decrease"],
                vec![choice("x"), choice("Decrease"), choice("Increase"), choice("y"), choice("y")],
                &["Increase", "Decrease", "y", "x"],
            ),
            // Ranking ties on mean: more ranked first wins, then the options' order, then the item.
            (QuestionKind::Ranking, &["B", "A"], vec![rank(&["A", "B"]), rank(&["B", "A"])], &["B", "A"]),
            (QuestionKind::Ranking, &[], vec![rank(&["B", "A"]), rank(&["A", "B"])], &["A", "B"]),
            (
                QuestionKind::Ranking,
                &[],
                vec![rank(&["X", "Y", "Z"]), rank(&["Z", "Y", "X"])],
                &["X", "Z", "Y"],
            ),
        ];
        for (kind, options, answers, want) in cases {
            assert_eq!(order(kind, options, answers.clone()), *want, "{kind:?} {options:?} {answers:?}");
        }
    }

    #[test]
    fn survey_rows_follow_the_contract() {
        type Cells = (String, String, String, String, usize, String, Option<String>);
        let got: Vec<Cells> = rows("s", &data())
            .into_iter()
            .map(|r| {
                (
                    r.question,
                    r.group_by,
                    r.group,
                    r.answer,
                    r.responses,
                    format!("{:.1}", r.share_pct),
                    r.mean.map(|m| format!("{m:.2}")),
                )
            })
            .collect();
        let s = |x: &str| x.to_owned();
        let want = vec![
            // Likert: Strongly agree first, as a form lists it; Don't know last.
            (s("Plan is clear"), s(""), s(""), s("Strongly agree"), 1, s("33.3"), Some(s("4.50"))),
            (s("Plan is clear"), s(""), s(""), s("Agree"), 1, s("33.3"), Some(s("4.50"))),
            (s("Plan is clear"), s(""), s(""), s("Don't know"), 1, s("33.3"), Some(s("4.50"))),
            (
                s("Plan is clear"),
                s("phase"),
                s("Primary"),
                s("Strongly agree"),
                1,
                s("50.0"),
                Some(s("4.50")),
            ),
            (s("Plan is clear"), s("phase"), s("Primary"), s("Agree"), 1, s("50.0"), Some(s("4.50"))),
            (s("Plan is clear"), s("phase"), s("Secondary"), s("Don't know"), 1, s("100.0"), None),
            (s("Topics"), s(""), s(""), s("A"), 2, s("66.7"), None),
            (s("Topics"), s(""), s(""), s("B"), 2, s("66.7"), None),
            (s("Topics"), s("phase"), s("Primary"), s("A"), 2, s("100.0"), None),
            (s("Topics"), s("phase"), s("Primary"), s("B"), 1, s("50.0"), None),
            (s("Topics"), s("phase"), s("Secondary"), s("B"), 1, s("100.0"), None),
            (s("Rank"), s(""), s(""), s("X"), 3, s("66.7"), Some(s("1.33"))),
            (s("Rank"), s(""), s(""), s("Y"), 3, s("33.3"), Some(s("1.67"))),
            (s("Rank"), s("phase"), s("Primary"), s("X"), 2, s("50.0"), Some(s("1.50"))),
            (s("Rank"), s("phase"), s("Primary"), s("Y"), 2, s("50.0"), Some(s("1.50"))),
            (s("Rank"), s("phase"), s("Secondary"), s("X"), 1, s("100.0"), Some(s("1.00"))),
            (s("Rank"), s("phase"), s("Secondary"), s("Y"), 1, s("0.0"), Some(s("2.00"))),
        ];
        assert_eq!(got, want);
    }
}

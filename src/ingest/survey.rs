//! `kind = "survey"`: a survey export (Microsoft Forms .xlsx, or any table).
//!
//! Free-text questions become comments (their `question` is the column's
//! `label` or header) and are tagged like any other; closed questions
//! (`rating`, `likert`, `choice`, `multi`, `ranking`) are parsed into
//! [`SurveyData`] for `survey.csv`. The fixed Microsoft Forms columns (`ID`,
//! `Start time`, `Completion time`, `Email`, `Name`, `Last modified time`,
//! quiz points and feedback) are recognised and never taken for questions;
//! `Name` becomes the comment author (for redaction) unless `columns` maps one.
//!
//! Cells are taken as Forms writes them: numbers as numbers or text, stray
//! spaces, multi-select and ranking answers `;`-joined with a trailing `;`
//! (matched against the question's `options` when given, so an option may
//! itself contain `;` or `,`). An unrecognised likert label or a rating that
//! is not a number is an error naming the question, the row and the value.

use std::collections::BTreeMap;

use crate::project::{QuestionSpec, SourceSpec};

use super::grid::{Grid, read_grid};
use super::table::{Columns, TextColumn, comments_from_grid};
use super::{Batch, Error, normalize};

/// The type of a survey question.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QuestionKind {
    /// A number (star rating, 1–10, NPS).
    Rating,
    /// A five-point agreement scale (or the question's own `options` scale).
    Likert,
    /// One answer from a list.
    Choice,
    /// Any number of answers from a list.
    Multi,
    /// The options in rank order.
    Ranking,
    /// Free text: becomes comments.
    Text,
}

impl QuestionKind {
    /// Parses the project file's `type` (default `text`).
    #[must_use]
    pub fn parse(s: Option<&str>) -> Option<QuestionKind> {
        Some(match s.map(str::trim).map(str::to_ascii_lowercase).as_deref() {
            None | Some("text" | "free" | "free text" | "open") => QuestionKind::Text,
            Some("rating" | "number" | "nps" | "scale") => QuestionKind::Rating,
            Some("likert" | "agreement") => QuestionKind::Likert,
            Some("choice" | "single" | "single choice") => QuestionKind::Choice,
            Some("multi" | "multiple" | "multi-select" | "multiselect" | "checkbox") => QuestionKind::Multi,
            Some("ranking" | "rank") => QuestionKind::Ranking,
            Some(_) => return None,
        })
    }

    /// The word used in the project file.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            QuestionKind::Rating => "rating",
            QuestionKind::Likert => "likert",
            QuestionKind::Choice => "choice",
            QuestionKind::Multi => "multi",
            QuestionKind::Ranking => "ranking",
            QuestionKind::Text => "text",
        }
    }
}

/// One respondent's answer to one closed question.
#[derive(Debug, Clone, PartialEq)]
pub enum Answer {
    /// Left blank: not in the question's base.
    Blank,
    /// A rating or likert answer: its label as written (spaces collapsed) and
    /// its scale value (`None` for "Don't know", "Not sure" and the like,
    /// which count as answers but not in the mean).
    Scale {
        /// The answer as written.
        label: String,
        /// The value on the scale.
        value: Option<f64>,
    },
    /// A single choice.
    Choice(String),
    /// Several choices (each once).
    Multi(Vec<String>),
    /// Items in rank order (first = rank 1).
    Ranking(Vec<String>),
}

/// A closed question and every respondent's answer to it.
#[derive(Debug, Clone, PartialEq)]
pub struct SurveyQuestion {
    /// The label printed (the `label` given, else the header).
    pub label: String,
    /// Its type.
    pub kind: QuestionKind,
    /// The known answer options, in order (may be empty).
    pub options: Vec<String>,
    /// One answer per respondent (same order as [`SurveyData::respondents`]).
    pub answers: Vec<Answer>,
}

/// Closed-question answers of a survey source.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SurveyData {
    /// Respondents' dimensions, one map per data row.
    pub respondents: Vec<BTreeMap<String, String>>,
    /// The dimensions the source maps (the `columns` keys less `id`/`author`), in order.
    pub dimensions: Vec<String>,
    /// The closed questions, in project-file order.
    pub questions: Vec<SurveyQuestion>,
}

/// Microsoft Forms' fixed columns (English headers).
const FORMS_FIXED: [&str; 8] = [
    "id",
    "start time",
    "completion time",
    "email",
    "name",
    "last modified time",
    "total points",
    "quiz feedback",
];

/// True for a fixed Microsoft Forms column (never a question).
#[must_use]
pub fn is_forms_fixed(header: &str) -> bool {
    let h = normalize::collapse_spaces(header).to_lowercase();
    FORMS_FIXED.contains(&h.as_str()) || h.starts_with("points - ") || h.starts_with("feedback - ")
}

/// True when the grid looks like a Microsoft Forms export: `ID` first, then
/// the two time columns (by name or, for a localised export, by position).
fn is_forms(grid: &Grid) -> bool {
    grid.headers.len() >= 5
        && grid.headers[0].trim().eq_ignore_ascii_case("id")
        && (grid.headers[1].to_lowercase().contains("start") || !grid.headers[1].is_ascii())
}

/// Reads a `survey` source.
///
/// # Errors
/// The file cannot be read, a configured column is missing, a question has
/// an unknown `type`, or a closed answer cannot be read (bad likert label,
/// rating that is not a number).
pub fn read(spec: &SourceSpec) -> Result<Batch, Error> {
    let grid = read_grid(&spec.path, spec.sheet.as_deref())?;
    let questions = resolve_questions(spec, &grid)?;
    let forms = is_forms(&grid);
    // Text columns: `text` plus every `type = "text"` question.
    let mut text: Vec<(usize, String)> = Vec::new();
    for name in spec.text.as_ref().map(crate::project::OneOrMany::to_vec).unwrap_or_default() {
        let i = grid.require(&spec.path, &name)?;
        let label = spec.questions.iter().find(|q| q.column == name).and_then(|q| q.label.clone());
        text.push((i, label.unwrap_or_else(|| grid.headers[i].clone())));
    }
    for (q, index) in &questions {
        if q.kind == QuestionKind::Text && !text.iter().any(|(i, _)| i == index) {
            text.push((*index, q.label.clone()));
        }
    }
    let mut cols = Columns::resolve(spec, &grid, &[])?;
    cols.text = text
        .iter()
        .map(|(index, label)| TextColumn { index: *index, question: Some(label.clone()) })
        .collect();
    if cols.author.is_none() && forms {
        cols.author = grid.headers.iter().position(|h| h.trim().eq_ignore_ascii_case("name"));
    }
    let mut batch = comments_from_grid(spec, &grid, &cols);
    for c in &mut batch.comments {
        if c.author.eq_ignore_ascii_case("anonymous") {
            c.author.clear();
        }
    }
    if cols.text.is_empty() {
        // No free text: every row is still read (rows_read), but no item is.
        let acc = &mut batch.account;
        acc.items_read = acc.rejected.len();
    }
    batch.survey = Some(closed_answers(spec, &grid, &cols, questions)?);
    Ok(batch)
}

/// Resolves `[[sources.questions]]` against the headers. A header that occurs
/// more than once (two likerts sharing statements) is taken in turn by the
/// questions that name it. With no questions configured and no `text`, every
/// column that is neither a Forms fixed column nor mapped is inferred.
fn resolve_questions(spec: &SourceSpec, grid: &Grid) -> Result<Vec<(SurveyQuestion, usize)>, Error> {
    let mut taken: Vec<usize> = Vec::new();
    let mut out = Vec::new();
    for q in &spec.questions {
        let kind = QuestionKind::parse(q.kind.as_deref()).ok_or_else(|| Error::Format {
            path: spec.path.clone(),
            at: format!("question {:?}", q.column),
            message: format!(
                "unknown question type {:?}; expected rating, likert, choice, multi, ranking or text",
                q.kind.as_deref().unwrap_or_default()
            ),
        })?;
        let index = nth_column(grid, q, &taken).ok_or_else(|| Error::MissingColumn {
            path: spec.path.clone(),
            column: q.column.clone(),
            found: grid.headers.clone(),
        })?;
        taken.push(index);
        let label = q.label.clone().unwrap_or_else(|| normalize::collapse_spaces(&grid.headers[index]));
        let options = q.options.iter().map(|o| normalize::collapse_spaces(o)).collect();
        out.push((SurveyQuestion { label, kind, options, answers: Vec::new() }, index));
    }
    if spec.questions.is_empty() && spec.text.is_none() {
        let mapped: Vec<usize> = spec.columns.values().filter_map(|h| grid.column(h)).collect();
        for (i, h) in grid.headers.iter().enumerate() {
            if h.is_empty() || is_forms_fixed(h) || mapped.contains(&i) {
                continue;
            }
            let kind = infer_kind(grid, i);
            let label = normalize::collapse_spaces(h);
            out.push((SurveyQuestion { label, kind, options: Vec::new(), answers: Vec::new() }, i));
        }
    }
    Ok(out)
}

/// The column for `q`: the first header matching `q.column` not yet taken;
/// then one that a tool made unique from it ("Statement2" in an Excel table,
/// "Statement.1" from pandas, "Statement (2)"); then the first match.
fn nth_column(grid: &Grid, q: &QuestionSpec, taken: &[usize]) -> Option<usize> {
    let want = normalize::collapse_spaces(&q.column).to_lowercase();
    let free = |i: &usize| !taken.contains(i);
    let exact = grid.headers.iter().enumerate().find(|(i, h)| **h == q.column && free(i));
    exact
        .or_else(|| {
            grid.headers
                .iter()
                .enumerate()
                .find(|(i, h)| normalize::collapse_spaces(h).to_lowercase() == want && free(i))
        })
        .or_else(|| {
            grid.headers.iter().enumerate().find(|(i, h)| {
                let h = normalize::collapse_spaces(h).to_lowercase();
                free(i) && h.strip_prefix(&want).is_some_and(is_dedup_suffix)
            })
        })
        .map(|(i, _)| i)
        .or_else(|| grid.column(&q.column))
}

/// "2", ".1", " (2)", "_2": what tools append to make a repeated header unique.
fn is_dedup_suffix(s: &str) -> bool {
    let s = s.trim_start();
    let s = s.strip_prefix(['.', '_']).unwrap_or(s);
    let s = s.strip_prefix('(').and_then(|t| t.strip_suffix(')')).unwrap_or(s);
    !s.is_empty() && s.chars().all(|c| c.is_ascii_digit())
}

/// Guesses a column's type from its values (used only when no question is configured).
fn infer_kind(grid: &Grid, i: usize) -> QuestionKind {
    let values: Vec<String> = grid
        .rows
        .iter()
        .filter_map(|r| r.cells.get(i))
        .map(|v| normalize::collapse_spaces(v))
        .filter(|v| !v.is_empty())
        .collect();
    if values.is_empty() {
        return QuestionKind::Text;
    }
    if values.iter().all(|v| v.parse::<f64>().is_ok()) {
        return QuestionKind::Rating;
    }
    if values.iter().all(|v| likert_value(v).is_some()) {
        return QuestionKind::Likert;
    }
    if values.iter().any(|v| v.ends_with(';')) {
        // A ranking lists every item in most answers; a multi-select rarely does.
        let lists: Vec<Vec<String>> = values.iter().map(|v| split_items(v, &[], ';')).collect();
        let items: std::collections::BTreeSet<&String> = lists.iter().flatten().collect();
        let full = lists.iter().filter(|l| l.len() == items.len()).count();
        return if items.len() >= 3 && full * 2 > lists.len() {
            QuestionKind::Ranking
        } else {
            QuestionKind::Multi
        };
    }
    let distinct: std::collections::BTreeSet<&String> = values.iter().collect();
    let long = values.iter().filter(|v| v.chars().count() > 40).count();
    if distinct.len() <= 12.max(values.len() / 20) && long * 2 < values.len() {
        QuestionKind::Choice
    } else {
        QuestionKind::Text
    }
}

fn closed_answers(
    spec: &SourceSpec,
    grid: &Grid,
    cols: &Columns,
    questions: Vec<(SurveyQuestion, usize)>,
) -> Result<SurveyData, Error> {
    // Dimensions in the sheet's column order: the order the form asked them.
    let mut dims = cols.dims.clone();
    dims.sort_by_key(|(_, i)| *i);
    let mut data =
        SurveyData { dimensions: dims.iter().map(|(d, _)| d.clone()).collect(), ..SurveyData::default() };
    let mut closed: Vec<(SurveyQuestion, usize)> =
        questions.into_iter().filter(|(q, _)| q.kind != QuestionKind::Text).collect();
    let width = grid.headers.len();
    // Multi-select and ranking cells split on `;` (Forms); on `,` only when
    // no cell of the column has a `;`.
    let seps: Vec<char> = closed
        .iter()
        .map(|(_, i)| {
            let semi = grid.rows.iter().any(|r| r.cells.get(*i).is_some_and(|c| c.contains(';')));
            if semi { ';' } else { ',' }
        })
        .collect();
    for row in &grid.rows {
        let cells = &row.cells;
        // Rows the comment reader rejected (fields past the header) are rejected here too.
        if cells.iter().skip(width).any(|c| !c.trim().is_empty()) {
            continue;
        }
        let cell = |i: usize| cells.get(i).map_or("", String::as_str);
        let mut dims = crate::model::Dims::default();
        let mut resp = BTreeMap::new();
        for (dim, i) in &cols.dims {
            dims.set(dim, cell(*i));
            resp.insert(dim.clone(), dims.get(dim).to_owned());
        }
        data.respondents.push(resp);
        for ((q, i), sep) in closed.iter_mut().zip(&seps) {
            let answer = parse_answer(q, cell(*i), *sep).map_err(|message| Error::Format {
                path: spec.path.clone(),
                at: format!("{}, question {:?}", row.at(), q.label),
                message,
            })?;
            q.answers.push(answer);
        }
    }
    data.questions = closed.into_iter().map(|(q, _)| q).collect();
    for q in &mut data.questions {
        merge_spellings(q);
    }
    Ok(data)
}

/// One spelling per scale answer: "strongly agree", "Strongly agree " and
/// "Strongly agree" are one answer, written as first seen.
fn merge_spellings(q: &mut SurveyQuestion) {
    let mut first: BTreeMap<String, String> = BTreeMap::new();
    for a in &mut q.answers {
        if let Answer::Scale { label, .. } = a {
            let spelling = first.entry(fold(label)).or_insert_with(|| label.clone());
            label.clone_from(spelling);
        }
    }
}

/// Answers that count in the base but not in a mean.
fn is_dont_know(label: &str) -> bool {
    let l = fold(label);
    matches!(
        l.as_str(),
        "don't know"
            | "dont know"
            | "do not know"
            | "don't know / not sure"
            | "don't know/not sure"
            | "not sure"
            | "unsure"
            | "no opinion"
            | "prefer not to say"
            | "n/a"
            | "na"
            | "not applicable"
            | "can't say"
            | "cannot say"
    )
}

fn fold(s: &str) -> String {
    normalize::collapse_spaces(&s.replace(['’', '‘', '`'], "'"))
        .to_lowercase()
        .trim_end_matches(['.', '!', ';'])
        .trim()
        .to_owned()
}

/// The value of a five-point agreement label (1 = strongly disagree … 5 =
/// strongly agree), `Some(None)` for "Don't know"/"Not sure", `None` when
/// the label is not recognised.
#[must_use]
pub fn likert_value(label: &str) -> Option<Option<f64>> {
    if is_dont_know(label) {
        return Some(None);
    }
    let l = fold(label);
    // "5 - Strongly agree", "Strongly agree (5)": the words decide.
    let words =
        l.trim_start_matches(|c: char| c.is_ascii_digit() || matches!(c, ' ' | '-' | '.' | ')' | '–'));
    let words = words.split(" (").next().unwrap_or(words).trim();
    let v = match words {
        "strongly disagree"
        | "completely disagree"
        | "totally disagree"
        | "definitely disagree"
        | "very much disagree" => 1.0,
        "disagree" | "tend to disagree" | "somewhat disagree" | "mostly disagree" | "slightly disagree"
        | "partly disagree" | "disagree somewhat" | "mildly disagree" => 2.0,
        "neither agree nor disagree"
        | "neither agree or disagree"
        | "neither disagree nor agree"
        | "neither"
        | "neutral"
        | "neither agree/disagree"
        | "neither agree nor disagree (neutral)" => 3.0,
        "agree" | "tend to agree" | "somewhat agree" | "mostly agree" | "slightly agree" | "partly agree"
        | "agree somewhat" | "mildly agree" => 4.0,
        "strongly agree" | "completely agree" | "totally agree" | "definitely agree" | "very much agree" => {
            5.0
        }
        "" => match l.parse::<u8>() {
            Ok(n @ 1..=5) => f64::from(n),
            _ => return None,
        },
        other => return five_point(other).map(Some),
    };
    Some(Some(v))
}

/// Other common five-point wordings (satisfaction, quality, usefulness,
/// likelihood), valued the same way: the favourable end = 5. Used so that a
/// likert question whose `options` list such a scale best first is not read
/// upside down.
fn five_point(words: &str) -> Option<f64> {
    Some(match words {
        "very satisfied" | "very good" | "excellent" | "very useful" | "extremely useful"
        | "very helpful" | "very likely" | "extremely likely" => 5.0,
        "satisfied" | "fairly satisfied" | "quite satisfied" | "good" | "useful" | "fairly useful"
        | "quite useful" | "helpful" | "fairly helpful" | "likely" | "fairly likely" | "quite likely" => 4.0,
        "neither satisfied nor dissatisfied"
        | "neither satisfied or dissatisfied"
        | "neither good nor poor"
        | "neither good nor bad"
        | "fair"
        | "average"
        | "neither likely nor unlikely" => 3.0,
        "dissatisfied"
        | "fairly dissatisfied"
        | "quite dissatisfied"
        | "poor"
        | "not very useful"
        | "not very helpful"
        | "unlikely"
        | "fairly unlikely"
        | "not very likely" => 2.0,
        "very dissatisfied" | "very poor" | "not at all useful" | "not useful at all"
        | "not at all helpful" | "very unlikely" | "not at all likely" | "extremely unlikely" => 1.0,
        _ => return None,
    })
}

/// A leading number: "4", " 4 ", "4.0", "4 - Good", "4/5".
fn leading_number(s: &str) -> Option<f64> {
    let t = s.trim();
    if let Ok(v) = t.parse::<f64>() {
        return v.is_finite().then_some(v);
    }
    let end = t.find(|c: char| !(c.is_ascii_digit() || c == '.')).unwrap_or(t.len());
    let head = &t[..end];
    let rest = t[end..].trim_start();
    if head.is_empty() || !(rest.is_empty() || rest.starts_with(['-', '–', '/', '(', ' ', ':'])) {
        return None;
    }
    head.parse::<f64>().ok().filter(|v| v.is_finite())
}

/// Splits a `;`-joined Forms answer into its items, matching the known
/// `options` first (longest first, so an option containing `;` or `,` stays
/// whole); unknown items are split at `sep` (`;`, or `,` for a column with no
/// `;` anywhere) and trimmed. Each item appears once, in the order given.
#[must_use]
pub fn split_items(cell: &str, options: &[String], sep: char) -> Vec<String> {
    let s = normalize::collapse_spaces(cell);
    let mut out: Vec<String> = Vec::new();
    let push = |item: &str, out: &mut Vec<String>| {
        let item = item.trim();
        if !item.is_empty() && !out.iter().any(|o| o == item) {
            out.push(item.to_owned());
        }
    };
    let mut sorted: Vec<&String> = options.iter().collect();
    sorted.sort_by_key(|o| std::cmp::Reverse(o.len()));
    let mut rest = s.as_str();
    while !rest.is_empty() {
        rest = rest.trim_start_matches(|c: char| c == ';' || c == sep || c.is_whitespace());
        if rest.is_empty() {
            break;
        }
        let hit = sorted.iter().find(|o| {
            rest.len() >= o.len()
                && rest.is_char_boundary(o.len())
                && rest[..o.len()].eq_ignore_ascii_case(o)
                && rest[o.len()..].trim_start().chars().next().is_none_or(|c| c == ';' || c == sep)
        });
        if let Some(o) = hit {
            push(o, &mut out);
            rest = rest[o.len()..].trim_start();
            rest = rest.strip_prefix([';', sep]).unwrap_or(rest);
            continue;
        }
        let (item, tail) = match rest.find(sep) {
            Some(k) => (&rest[..k], &rest[k + 1..]),
            None => (rest, ""),
        };
        push(item, &mut out);
        rest = tail;
    }
    out
}

/// The option's canonical spelling when `v` matches one, ignoring case and
/// spacing; an answer outside a list that has an "Other" option (Forms writes
/// the respondent's own words there) is that option; else `v` as written.
fn canonical(v: &str, options: &[String]) -> String {
    let v = normalize::collapse_spaces(v);
    if let Some(o) = options.iter().find(|o| fold(o) == fold(&v)) {
        return o.clone();
    }
    options.iter().find(|o| is_other(o)).cloned().unwrap_or(v)
}

/// "Other", "Other (please specify)", "Other:", "Something else".
fn is_other(option: &str) -> bool {
    let f = fold(option);
    let f = f.trim_end_matches(':').trim();
    f == "other" || f.starts_with("other (") || f.starts_with("other -") || f == "something else"
}

/// Each item once, first occurrence kept (after mapping to options).
fn dedup(items: Vec<String>) -> Vec<String> {
    let mut out: Vec<String> = Vec::with_capacity(items.len());
    for i in items {
        if !out.contains(&i) {
            out.push(i);
        }
    }
    out
}

fn parse_answer(q: &SurveyQuestion, raw: &str, sep: char) -> Result<Answer, String> {
    let v = normalize::collapse_spaces(raw);
    let v = v.trim_end_matches(';').trim().to_owned();
    if v.is_empty() {
        return Ok(Answer::Blank);
    }
    Ok(match q.kind {
        QuestionKind::Rating => {
            if is_dont_know(&v) {
                Answer::Scale { label: v, value: None }
            } else if let Some(n) = leading_number(&v) {
                Answer::Scale { label: format_number(n), value: Some(n) }
            } else {
                return Err(format!("rating {v:?} is not a number"));
            }
        }
        QuestionKind::Likert => {
            if q.options.is_empty() {
                match likert_value(&v) {
                    Some(value) => Answer::Scale { label: v, value },
                    None => {
                        return Err(format!(
                            "unrecognised likert label {v:?}; expected Strongly disagree, Disagree, Neither agree nor disagree, Agree, Strongly agree (or Don't know / Not sure), or list the scale in `options`"
                        ));
                    }
                }
            } else if is_dont_know(&v) && !q.options.iter().any(|o| o.eq_ignore_ascii_case(&v)) {
                Answer::Scale { label: v, value: None }
            } else {
                let scale: Vec<&String> = q.options.iter().filter(|o| !is_dont_know(o)).collect();
                // Agreement wordings keep the contract's values (Strongly
                // disagree = 1 … Strongly agree = 5) in whatever order the
                // options list them; any other scale is valued by position,
                // first option = 1.
                let worded = scale.iter().all(|o| matches!(likert_value(o), Some(Some(_))));
                if let Some(k) = scale.iter().position(|o| fold(o) == fold(&v)) {
                    #[allow(clippy::cast_precision_loss)]
                    let value = if worded { likert_value(scale[k]).flatten() } else { Some((k + 1) as f64) };
                    Answer::Scale { label: scale[k].clone(), value }
                } else if let Some(o) = q.options.iter().find(|o| fold(o) == fold(&v)) {
                    Answer::Scale { label: o.clone(), value: None }
                } else if let Some(value) = likert_value(&v).filter(|_| worded) {
                    Answer::Scale { label: v, value }
                } else {
                    return Err(format!(
                        "unrecognised likert label {v:?}; the question's options are {}",
                        q.options.iter().map(|o| format!("{o:?}")).collect::<Vec<_>>().join(", ")
                    ));
                }
            }
        }
        QuestionKind::Choice => Answer::Choice(canonical(&v, &q.options)),
        QuestionKind::Multi => Answer::Multi(dedup(
            split_items(raw, &q.options, sep).iter().map(|i| canonical(i, &q.options)).collect(),
        )),
        QuestionKind::Ranking => {
            // Ranked items are the options themselves: never folded into "Other".
            let exact = |i: &String| q.options.iter().find(|o| fold(o) == fold(i)).unwrap_or(i).clone();
            Answer::Ranking(dedup(split_items(raw, &q.options, sep).iter().map(exact).collect()))
        }
        QuestionKind::Text => Answer::Blank,
    })
}

/// A number as a short string: "4", "4.5".
#[must_use]
pub fn format_number(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{n:.0}")
    } else {
        let s = format!("{n}");
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn likert_labels() {
        let cases: &[(&str, Option<Option<f64>>)] = &[
            ("Strongly agree", Some(Some(5.0))),
            (" strongly  Agree ", Some(Some(5.0))),
            ("Tend to agree", Some(Some(4.0))),
            ("Somewhat disagree", Some(Some(2.0))),
            ("Neither agree nor disagree", Some(Some(3.0))),
            ("Neutral", Some(Some(3.0))),
            ("Strongly disagree", Some(Some(1.0))),
            ("Don’t know", Some(None)),
            ("Not sure", Some(None)),
            ("5 - Strongly agree", Some(Some(5.0))),
            ("3", Some(Some(3.0))),
            ("Very satisfied", Some(Some(5.0))),
            ("Fairly dissatisfied", Some(Some(2.0))),
            ("Very poor", Some(Some(1.0))),
            ("Agreee", None),
            ("Yes", None),
            ("7", None),
        ];
        for (input, want) in cases {
            assert_eq!(likert_value(input), *want, "{input:?}");
        }
    }

    #[test]
    fn items_split() {
        let opts: Vec<String> = ["Training; advice", "LIFT", "Outreach, visits"].map(String::from).to_vec();
        let cases: &[(&str, &[String], char, &[&str])] = &[
            ("A;B;", &[], ';', &["A", "B"]),
            (" A ; B ;", &[], ';', &["A", "B"]),
            ("A;A;", &[], ';', &["A"]),
            // No options: an option with a comma stays whole in a `;` column.
            ("Outreach, visits;Training;", &[], ';', &["Outreach, visits", "Training"]),
            ("Outreach, visits", &[], ';', &["Outreach, visits"]),
            ("Training; advice;LIFT;", &opts, ';', &["Training; advice", "LIFT"]),
            ("lift;Outreach, visits;", &opts, ';', &["LIFT", "Outreach, visits"]),
            ("LIFT, Outreach, visits", &opts, ',', &["LIFT", "Outreach, visits"]),
            ("A, B", &[], ',', &["A", "B"]),
            ("Other thing;LIFT;", &opts, ';', &["Other thing", "LIFT"]),
            ("", &[], ';', &[]),
        ];
        for (cell, options, sep, want) in cases {
            let got = split_items(cell, options, *sep);
            assert_eq!(got, want.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>(), "{cell:?}");
        }
    }

    #[test]
    fn numbers() {
        let cases: &[(&str, Option<f64>)] = &[
            ("4", Some(4.0)),
            (" 4 ", Some(4.0)),
            ("4.0", Some(4.0)),
            ("4 - Good", Some(4.0)),
            ("x", None),
            ("4x", None),
        ];
        for (input, want) in cases {
            assert_eq!(leading_number(input), *want, "{input:?}");
        }
    }

    #[test]
    fn answers_against_options() {
        let q = |kind, options: &[&str]| SurveyQuestion {
            label: "Q".into(),
            kind,
            options: options.iter().map(|o| (*o).to_owned()).collect(),
            answers: vec![],
        };
        let agree_first = q(
            QuestionKind::Likert,
            &[
                "Strongly agree",
                "Agree",
                "Neither agree nor disagree",
                "Disagree",
                "Strongly disagree",
                "Don't know",
            ],
        );
        let custom = q(QuestionKind::Likert, &["Low", "Middling", "High"]);
        let satisfied_first =
            q(QuestionKind::Likert, &["Very satisfied", "Satisfied", "Dissatisfied", "Very dissatisfied"]);
        let multi = q(QuestionKind::Multi, &["Training", "Outreach, visits", "Other"]);
        let multi_no_other = q(QuestionKind::Multi, &["Training"]);
        let ranking = q(QuestionKind::Ranking, &["A, first", "B", "Other"]);
        let scale = |l: &str, v: Option<f64>| Answer::Scale { label: l.into(), value: v };
        let items = |v: &[&str]| v.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>();
        let cases: Vec<(&SurveyQuestion, &str, Answer)> = vec![
            // The words decide a likert value, whatever order the options list them in.
            (&agree_first, "Strongly agree", scale("Strongly agree", Some(5.0))),
            (&agree_first, "strongly disagree ", scale("Strongly disagree", Some(1.0))),
            (&agree_first, "Don't know", scale("Don't know", None)),
            (&agree_first, "Tend to agree", scale("Tend to agree", Some(4.0))),
            // A scale the words don't name: by position, first = 1.
            (&custom, "High", scale("High", Some(3.0))),
            (&satisfied_first, "Very satisfied", scale("Very satisfied", Some(5.0))),
            (&satisfied_first, "Dissatisfied", scale("Dissatisfied", Some(2.0))),
            // "Other" answers are the respondent's words: counted once as Other.
            (
                &multi,
                "Training;Parent workshops;Drop-ins, weekly;",
                Answer::Multi(items(&["Training", "Other"])),
            ),
            (&multi, " outreach,  visits;", Answer::Multi(items(&["Outreach, visits"]))),
            (
                &multi_no_other,
                "Training;Parent workshops;",
                Answer::Multi(items(&["Training", "Parent workshops"])),
            ),
            (&ranking, "B;A, first;", Answer::Ranking(items(&["B", "A, first"]))),
            (&ranking, "Zed;B;", Answer::Ranking(items(&["Zed", "B"]))),
            (&multi, " ; ", Answer::Blank),
        ];
        for (question, cell, want) in cases {
            assert_eq!(parse_answer(question, cell, ';'), Ok(want), "{cell:?} for {:?}", question.options);
        }
        assert!(parse_answer(&custom, "Great", ';').is_err());
    }

    #[test]
    fn inferred_kinds() {
        let grid = |cells: &[&str]| Grid {
            headers: vec!["Q".into()],
            rows: cells
                .iter()
                .map(|c| super::super::grid::Row { cells: vec![(*c).into()], ..Default::default() })
                .collect(),
            ..Grid::default()
        };
        let cases: &[(&[&str], QuestionKind)] = &[
            (&["4", " 5", ""], QuestionKind::Rating),
            (&["Agree", "Don't know", "Strongly agree"], QuestionKind::Likert),
            (&["A;B;", "C;", "A;"], QuestionKind::Multi),
            (&["A;B;C;", "C;B;A;", "B;"], QuestionKind::Ranking),
            (&["Yes", "No", "Yes"], QuestionKind::Choice),
        ];
        for (cells, want) in cases {
            assert_eq!(infer_kind(&grid(cells), 0), *want, "{cells:?}");
        }
    }

    #[test]
    fn repeated_headers() {
        let grid = Grid {
            headers: ["ID", "Plan is clear", "Plan is clear", "Cost is fair", "Cost is fair2", "Q", "Q.1"]
                .map(String::from)
                .to_vec(),
            ..Grid::default()
        };
        let spec = |c: &str| QuestionSpec { column: c.into(), kind: None, label: None, options: vec![] };
        // (column asked for, columns already taken, want)
        let cases: &[(&str, &[usize], Option<usize>)] = &[
            ("Plan is clear", &[], Some(1)),
            ("Plan is clear", &[1], Some(2)),
            ("plan  is clear ", &[1], Some(2)),
            ("Cost is fair", &[3], Some(4)),
            ("Q", &[5], Some(6)),
            ("Plan is clear", &[1, 2], Some(1)),
            ("Plan", &[], None),
        ];
        for (column, taken, want) in cases {
            assert_eq!(nth_column(&grid, &spec(column), taken), *want, "{column:?} after {taken:?}");
        }
        for (suffix, want) in
            [("2", true), (".1", true), (" (2)", true), ("_3", true), ("", false), ("s", false)]
        {
            assert_eq!(is_dedup_suffix(suffix), want, "{suffix:?}");
        }
    }

    #[test]
    fn forms_fixed_columns() {
        for h in ["ID", "Start time", "Completion time", "Email", "Name", "Last modified time", "Points - Q1"]
        {
            assert!(is_forms_fixed(h), "{h}");
        }
        assert!(!is_forms_fixed("How would you rate the support?"));
    }
}

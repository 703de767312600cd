//! What every report format shows, computed once per run: the survey rows,
//! agreed points and (redacted) key quotes, the blocks grouped by option and
//! stakeholder, display names, and the method note.
//!
//! Invariants: pure; quotes are redacted here, so no writer can print an
//! unredacted quote.

use crate::aggregate::ShareRow;
use crate::aggregate::agreed::{self, AgreedPoint};
use crate::aggregate::quotes::{self, Quote};
use crate::aggregate::survey::{self, SurveyRow};
use crate::run::Run;

/// The computed content of the report.
#[derive(Debug, Clone)]
pub struct Content {
    /// Every `survey.csv` row, sources in project order.
    pub survey: Vec<SurveyRow>,
    /// Agreed points.
    pub agreed: Vec<AgreedPoint>,
    /// Key quotes, redacted.
    pub quotes: Vec<Quote>,
}

impl Content {
    /// Computes the content of `run`'s report.
    #[must_use]
    pub fn of(run: &Run) -> Content {
        let survey = run.surveys.iter().flat_map(|(name, data)| survey::rows(name, data)).collect();
        let agreed = agreed::points(&run.taxonomy, &run.shares, run.report.agreed_threshold_pct);
        let redactor = super::redact::for_run(run);
        let quotes = quotes::key_quotes(
            &run.taxonomy,
            &run.comments,
            &run.tags,
            run.report.quote_themes,
            run.report.quotes_per_theme,
        )
        .into_iter()
        .map(|mut q| {
            q.text = redactor.redact(&q.text).into_owned();
            q
        })
        .collect();
        Content { survey, agreed, quotes }
    }
}

/// One stakeholder group's blocks within an option: each block's rows.
pub type Group<'a> = (&'a str, Vec<&'a [ShareRow]>);

/// The share rows grouped by option, then stakeholder, then block, in report order.
#[must_use]
pub fn by_option(rows: &[ShareRow]) -> Vec<(&str, Vec<Group<'_>>)> {
    let mut out: Vec<(&str, Vec<Group<'_>>)> = Vec::new();
    let mut i = 0;
    while i < rows.len() {
        let b = &rows[i].block;
        let j = i + rows[i..].iter().take_while(|r| r.block == *b).count();
        if out.last().is_none_or(|o| o.0 != b.option) {
            out.push((&b.option, Vec::new()));
        }
        let groups = &mut out.last_mut().expect("just pushed").1;
        if groups.last().is_none_or(|g| g.0 != b.stakeholder) {
            groups.push((&b.stakeholder, Vec::new()));
        }
        groups.last_mut().expect("just pushed").1.push(&rows[i..j]);
        i = j;
    }
    out
}

const ACRONYMS: [&str; 16] = [
    "stls", "kcc", "sen", "send", "senco", "sencos", "lift", "hnf", "ehcp", "ehcps", "sla", "la", "nhs",
    "camhs", "semh", "slcn",
];

/// The display name of a value (stakeholder group, question): the
/// `[report.labels]` entry, else known acronyms in capitals ("stls" →
/// "STLS"), else the first letter capitalised ("schools" → "Schools").
#[must_use]
pub fn display(run: &Run, value: &str) -> String {
    if let Some(l) = run.report.labels.get(value) {
        return l.clone();
    }
    if value.is_empty() {
        return "(not given)".to_owned();
    }
    value
        .split(' ')
        .enumerate()
        .map(|(i, w)| {
            if ACRONYMS.contains(&w.to_lowercase().as_str()) {
                w.to_uppercase()
            } else if i == 0 {
                super::markdown::title_case(w)
            } else {
                w.to_owned()
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// "Disadvantages (71 comments)".
#[must_use]
pub fn block_heading(run: &Run, rows: &[ShareRow]) -> String {
    let b = &rows[0].block;
    let q = if b.question.is_empty() { "Comments".to_owned() } else { display(run, &b.question) };
    let base = rows[0].base;
    format!("{q} ({base} {})", if base == 1 { "comment" } else { "comments" })
}

/// "Schools and STLS", "Internal, Schools and STLS".
#[must_use]
pub fn and_list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

/// The method note's sentences.
#[must_use]
pub fn method(run: &Run) -> Vec<String> {
    let a = &run.accounts;
    let sum = |f: fn(&crate::model::SourceAccount) -> usize| a.iter().map(f).sum::<usize>();
    let (comments, tagged, untagged, noise) =
        (sum(|s| s.comments), sum(|s| s.tagged), sum(|s| s.untagged), sum(|s| s.noise));
    let (blank, rejected, rows) = (sum(|s| s.blank), sum(|s| s.rejected.len()), sum(|s| s.rows_read));
    let kinds: Vec<String> = a.iter().map(|s| format!("{} ({})", s.source, s.kind)).collect();
    let mut out = vec![
        format!(
            "Comments were coded against the taxonomy \u{201c}{}\u{201d} ({} themes) by tally {}.",
            run.taxonomy.name,
            run.taxonomy.themes.len(),
            env!("CARGO_PKG_VERSION")
        ),
        format!("Sources: {}. {rows} rows or messages were read.", kinds.join(", ")),
        format!(
            "{comments} comments are counted: {tagged} matched at least one theme and {untagged} matched none (shown as Untagged, never hidden)."
        ),
        format!(
            "{noise} messages were set aside as noise (greetings, technical chatter) and are in no base; {blank} blank answers gave no comment; {rejected} rows could not be read (listed in accounting.json)."
        ),
        "Each comment counts once, under its primary theme; shares are whole percentages that sum to 100 in each table (largest remainder).".to_owned(),
        format!(
            "Agreed points are themes that two or more stakeholder groups raised for the same option and question, each at {}% or more of that group's comments.",
            super::markdown::trim_float(run.report.agreed_threshold_pct)
        ),
        "Key quotes are the comments that best represent a leading theme; email addresses, phone numbers, postcodes and the names of known people are redacted.".to_owned(),
    ];
    let listed = run.report.xlsx_rows(run.comments.len());
    if listed < run.comments.len() {
        out.push(format!(
            "report.xlsx lists the first {listed} of the {} comments on its Comments sheet (the cap set by [report] xlsx_comment_rows); comments.csv has every comment.",
            run.comments.len()
        ));
    }
    if !run.overridden.is_empty() {
        out.push(format!("{} comments were recoded by an analyst's overrides.", run.overridden.len()));
    } else {
        out.push("No analyst overrides were applied.".to_owned());
    }
    out
}

/// The quotes for one (option, stakeholder).
#[must_use]
pub fn quotes_for<'a>(c: &'a Content, option: &str, stakeholder: &str) -> Vec<&'a Quote> {
    c.quotes.iter().filter(|q| q.option == option && q.stakeholder == stakeholder).collect()
}

/// The agreed points for one option.
#[must_use]
pub fn agreed_for<'a>(c: &'a Content, option: &str) -> Vec<&'a AgreedPoint> {
    c.agreed.iter().filter(|p| p.option == option).collect()
}

/// The display names of every group raising one of `points`, in first-seen order.
#[must_use]
pub fn agreed_groups(run: &Run, points: &[&AgreedPoint]) -> Vec<String> {
    let mut groups: Vec<String> = Vec::new();
    for p in points {
        for s in &p.stakeholders {
            let d = display(run, s);
            if !groups.contains(&d) {
                groups.push(d);
            }
        }
    }
    groups
}

/// Survey rows grouped per (source, question), whole-source rows only.
#[must_use]
pub fn survey_tables(c: &Content) -> Vec<Vec<&SurveyRow>> {
    let mut out: Vec<Vec<&SurveyRow>> = Vec::new();
    for r in c.survey.iter().filter(|r| r.group_by.is_empty()) {
        match out.last_mut() {
            Some(t) if t[0].source == r.source && t[0].question_index == r.question_index => t.push(r),
            _ => out.push(vec![r]),
        }
    }
    out
}

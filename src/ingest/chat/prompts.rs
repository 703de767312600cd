//! Facilitator prompts: what a facilitator's message sets for the messages
//! that follow.
//!
//! `[[sources.prompts]]` entries are tried first, in order: the first whose
//! `pattern` matches sets a dimension per named group that matched (non-empty)
//! and its `set` constants. Otherwise the default recogniser looks for an
//! option ("option 3", "option three", "opt 2", "the third option") and one
//! of the questions advantages / disadvantages / benefits / risks as whole
//! words (singular too; "disadvantages" is never "advantages"). Their
//! everyday synonyms count: "pros"/"cons" are advantages/disadvantages, and
//! "positives", "upsides", "plus points" (resp. "negatives", "downsides",
//! "drawbacks", "concerns") are the positive (negative) question of the
//! workshop's framing: benefits (risks) when the current question is
//! benefits or risks, else advantages (disadvantages).
//!
//! A message naming several takes the one introduced by "now", "next",
//! "moving on to", … (the last such), else the first; an option named only
//! as a comparison ("compared with option 1", "like option 2") loses to one
//! that is not. Two questions of opposite sides joined by "and", "or", "/"
//! or "&" ("pros and cons", "advantages and disadvantages", "benefits or
//! risks?") set the combined question "advantages and disadvantages" (or
//! "benefits and risks"): the answers are a mix and filing them under one
//! side would misreport them. A message naming three or more options with
//! no transition word is an agenda and sets no option. Text in double quotes
//! (a facilitator quoting an attendee) is ignored. What a message does not
//! name is left as it was.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::LazyLock;

use regex::{Regex, RegexBuilder};

use crate::ingest::Error;
use crate::ingest::normalize;
use crate::project::PromptSpec;

static OPTION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)\b(?:(?:option|opt\.?)\s*(?:no\.?\s*|number\s*)?(\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten)|(first|second|third|fourth|fifth|sixth|1st|2nd|3rd|4th|5th|6th)\s+option)\b",
    )
    .expect("static regex")
});
static QUESTION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)\b(disadvantages?|advantages?|benefits?|risks?|pros|cons|positives?|negatives?|upsides?|downsides?|drawbacks?|plus[ -]?points?|minus points?|concerns?)\b",
    )
    .expect("static regex")
});
/// Words before an option that only compare with it ("compared with option 1").
static COMPARISON: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)\b(?:compared?\s+(?:to|with)|in comparison (?:to|with)|than|like|unlike|as with|similar to|same as|versus|vs\.?|rather than|instead of|different from|differ from)\s*(?:the\s+)?$",
    )
    .expect("static regex")
});
/// Two sides of the question asked at once: "pros and cons", "advantages/disadvantages".
static JOINER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\s*(?:,\s*)?(?:and|or|&|/|\+|and/or|vs\.?|versus)\s*(?:the\s+|any\s+|possible\s+)?$")
        .expect("static regex")
});
/// Text in double quotes: a quoted attendee, not the facilitator's prompt.
static QUOTED: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#""[^"\n]{3,}"|“[^”\n]{3,}”"#).expect("static regex"));
/// Words that introduce the thing a message moves on to.
static TRANSITION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)\b(?:now|next|onto|on to|move to|moving to|turn to|turning to|over to|what about|how about|and the|then the|let's (?:look at|do|hear|have))\b[^.!?]{0,25}$",
    )
    .expect("static regex")
});

/// A compiled `[[sources.prompts]]` entry.
#[derive(Debug, Clone)]
pub struct Prompt {
    pattern: Regex,
    set: BTreeMap<String, String>,
}

/// Compiles the source's prompts (case-insensitive).
///
/// # Errors
/// A pattern is not a valid regex; the error names the prompt.
pub fn compile(specs: &[PromptSpec], path: &Path) -> Result<Vec<Prompt>, Error> {
    specs
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let pattern =
                RegexBuilder::new(&p.pattern).case_insensitive(true).build().map_err(|e| Error::Format {
                    path: path.to_owned(),
                    at: format!("prompts[{}] pattern {:?}", i + 1, p.pattern),
                    message: format!("invalid regex: {e}"),
                })?;
            Ok(Prompt { pattern, set: p.set.clone() })
        })
        .collect()
}

/// "… before we move on to": what follows is still to come.
static NOT_YET: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)\b(?:before|then later|later)\b[^.!?]{0,30}$").expect("static regex"));

/// True when a mention starting at `start` is introduced by a transition word.
fn after_transition(text: &str, start: usize) -> bool {
    TRANSITION.is_match(&text[..start]) && !NOT_YET.is_match(&text[..start])
}

/// Picks the index of the mention that the message moves on to: the last
/// one introduced by a transition word, else the first.
fn pick(text: &str, starts: &[usize]) -> Option<usize> {
    if starts.is_empty() {
        return None;
    }
    Some(starts.iter().rposition(|&s| after_transition(text, s)).unwrap_or(0))
}

fn ordinal(word: &str) -> Option<&'static str> {
    Some(match word.to_lowercase().as_str() {
        "first" | "1st" => "1",
        "second" | "2nd" => "2",
        "third" | "3rd" => "3",
        "fourth" | "4th" => "4",
        "fifth" | "5th" => "5",
        "sixth" | "6th" => "6",
        _ => return None,
    })
}

/// The option a message moves on to, if it names one.
fn option_of(text: &str) -> Option<String> {
    // (start, option number)
    let all: Vec<(usize, String)> = OPTION
        .captures_iter(text)
        .filter_map(|c| {
            let start = c.get(0)?.start();
            let value = match (c.get(1), c.get(2)) {
                (Some(n), _) => normalize::option(&format!("option {}", n.as_str())),
                (None, Some(o)) => ordinal(o.as_str())?.to_owned(),
                (None, None) => return None,
            };
            Some((start, value))
        })
        .collect();
    let distinct: std::collections::BTreeSet<&str> = all.iter().map(|m| m.1.as_str()).collect();
    let any_transition = all.iter().any(|m| after_transition(text, m.0));
    if distinct.len() >= 3 && !any_transition {
        return None; // an agenda: "Option 1 – …, option 2 – …, option 3 – …"
    }
    let compared = |m: &(usize, String)| COMPARISON.is_match(&text[..m.0]);
    let mentions: Vec<&(usize, String)> = if all.iter().all(compared) {
        all.iter().collect()
    } else {
        all.iter().filter(|m| !compared(m)).collect()
    };
    let starts: Vec<usize> = mentions.iter().map(|m| m.0).collect();
    pick(text, &starts).map(|i| mentions[i].1.clone())
}

/// The side of the question a word asks for: (positive, canonical question).
fn side_of(word: &str, benefits_framing: bool) -> (bool, &'static str) {
    let w = word.to_lowercase();
    let (pos, neg) = if benefits_framing { ("benefits", "risks") } else { ("advantages", "disadvantages") };
    match w.trim_end_matches('s') {
        "advantage" | "pro" => (true, "advantages"),
        "disadvantage" | "con" => (false, "disadvantages"),
        "benefit" => (true, "benefits"),
        "risk" => (false, "risks"),
        "positive" | "upside" => (true, pos),
        _ if w.starts_with("plus") => (true, pos),
        _ => (false, neg),
    }
}

/// The question a message moves on to, if it names one; `current` is the
/// question in force (it decides what "positives" and "concerns" mean).
fn question_of(text: &str, current: Option<&str>) -> Option<String> {
    let benefits_framing = current.is_some_and(|q| {
        let q = q.to_lowercase();
        q.contains("benefit") || q.contains("risk")
    });
    // (start, end, positive side, question); "at risk of" is not the risks question
    let all: Vec<(usize, usize, bool, &'static str)> = QUESTION
        .find_iter(text)
        .filter(|m| {
            !(m.as_str().eq_ignore_ascii_case("risk")
                && text[..m.start()].trim_end().to_lowercase().ends_with(" at"))
        })
        .map(|m| {
            let (positive, q) = side_of(m.as_str(), benefits_framing);
            (m.start(), m.end(), positive, q)
        })
        .collect();
    let starts: Vec<usize> = all.iter().map(|m| m.0).collect();
    let i = pick(text, &starts)?;
    let joined = |a: usize, b: usize| {
        let (x, y) = (all[a], all[b]);
        x.2 != y.2 && JOINER.is_match(&text[x.1..y.0])
    };
    let pair = if i + 1 < all.len() && joined(i, i + 1) {
        Some((i, i + 1))
    } else if i > 0 && joined(i - 1, i) {
        Some((i - 1, i))
    } else {
        None
    };
    Some(match pair {
        Some((a, b)) => {
            let (pos, neg) = if all[a].2 { (all[a].3, all[b].3) } else { (all[b].3, all[a].3) };
            format!("{pos} and {neg}")
        }
        None => all[i].3.to_owned(),
    })
}

/// What a facilitator message sets: dimension -> value (as written; the
/// caller normalises through [`crate::model::Dims::set`]).
#[must_use]
pub fn recognise(prompts: &[Prompt], text: &str) -> BTreeMap<String, String> {
    recognise_after(prompts, text, None)
}

/// As [`recognise`], with the question in force before the message
/// (`current`), which decides what "positives" or "concerns" mean.
#[must_use]
pub fn recognise_after(prompts: &[Prompt], text: &str, current: Option<&str>) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for p in prompts {
        if let Some(c) = p.pattern.captures(text) {
            for name in p.pattern.capture_names().flatten() {
                if let Some(m) = c.name(name)
                    && !m.as_str().trim().is_empty()
                {
                    out.insert(name.to_owned(), m.as_str().trim().to_owned());
                }
            }
            for (k, v) in &p.set {
                out.insert(k.clone(), v.clone());
            }
            return out;
        }
    }
    let own = QUOTED.replace_all(text, " ");
    if let Some(o) = option_of(&own) {
        out.insert("option".to_owned(), o);
    }
    if let Some(q) = question_of(&own, current) {
        out.insert("question".to_owned(), q);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec(pattern: &str, set: &[(&str, &str)]) -> PromptSpec {
        PromptSpec {
            pattern: pattern.into(),
            set: set.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect(),
        }
    }

    #[test]
    fn default_recogniser() {
        let cases: &[(&str, Option<&str>, Option<&str>)] = &[
            ("Option 1 – service ends. What advantages can you see?", Some("1"), Some("advantages")),
            ("OPTION THREE: disadvantages please", Some("3"), Some("disadvantages")),
            ("Now the risks please", None, Some("risks")),
            ("What are the disadvantages?", None, Some("disadvantages")),
            ("Any benefits?", None, Some("benefits")),
            ("Thanks everyone, great comments", None, None),
            ("Can everyone hear me?", None, None),
            ("Moving on to option 2", Some("2"), None),
            ("Thanks for the advantages. Now the disadvantages please", None, Some("disadvantages")),
            ("What are the advantages, including any benefits?", None, Some("advantages")),
            ("And the disadvantages – including any risks you see?", None, Some("disadvantages")),
            (
                "That was option 1; now let's look at option 4 and its advantages",
                Some("4"),
                Some("advantages"),
            ),
            ("Option 3 is like option 1 but traded. Risks?", Some("3"), Some("risks")),
            ("We are at risk of running over", None, None),
            ("opt 2 – what's the main risk?", Some("2"), Some("risks")),
            ("Option 10 disadvantage", Some("10"), Some("disadvantages")),
            ("optional extras", None, None),
            // everyday wordings (fresh-eyes review against real facilitators)
            ("Option 1 – the service ends. Please put advantages in the chat", Some("1"), Some("advantages")),
            ("Now onto disadvantages for option one", Some("1"), Some("disadvantages")),
            ("OPTION 2 (no change, HNF): what are the benefits?", Some("2"), Some("benefits")),
            (
                "Let's move on to option 3, traded service. Advantages first please",
                Some("3"),
                Some("advantages"),
            ),
            ("and the risks?", None, Some("risks")),
            ("Same again for option 4 - pros", Some("4"), Some("advantages")),
            ("Any cons?", None, Some("disadvantages")),
            ("pros and cons of option 4", Some("4"), Some("advantages and disadvantages")),
            (
                "What are the advantages and disadvantages of option 2?",
                Some("2"),
                Some("advantages and disadvantages"),
            ),
            ("Benefits / risks?", None, Some("benefits and risks")),
            ("Cons and pros", None, Some("advantages and disadvantages")),
            ("Thanks for the pros. Now the cons please", None, Some("disadvantages")),
            ("any disadvantages?", None, Some("disadvantages")),
            ("Q2: what are the risks of option 3?", Some("3"), Some("risks")),
            ("Thanks all, great comments. Moving on…", None, None),
            ("Compared with option 1, what are the advantages of option 3?", Some("3"), Some("advantages")),
            ("Is option 4 better than option 2? Drawbacks?", Some("4"), Some("disadvantages")),
            ("Let's look at the third option: any downsides?", Some("3"), Some("disadvantages")),
            (
                "Today: option 1 (service ends), option 2 (no change), option 3 (traded), option 4 (school funded)",
                None,
                None,
            ),
            (
                "Jo wrote \"option 2 keeps the risks low\" – any more advantages of option 1?",
                Some("1"),
                Some("advantages"),
            ),
            ("Any positives?", None, Some("advantages")),
            ("Any concerns about option 2?", Some("2"), Some("disadvantages")),
            ("Any more advantages before we move on to disadvantages?", None, Some("advantages")),
        ];
        for (text, option, question) in cases {
            let got = recognise(&[], text);
            assert_eq!(got.get("option").map(String::as_str), *option, "option in {text:?}");
            assert_eq!(got.get("question").map(String::as_str), *question, "question in {text:?}");
        }
    }

    #[test]
    fn synonyms_follow_the_framing() {
        let cases: &[(&str, Option<&str>, &str)] = &[
            ("Any positives?", Some("benefits"), "benefits"),
            ("Any positives?", Some("risks"), "benefits"),
            ("Any concerns?", Some("benefits"), "risks"),
            ("Any concerns?", Some("advantages"), "disadvantages"),
            ("Upsides and downsides?", Some("benefits and risks"), "benefits and risks"),
            ("pros?", Some("benefits"), "advantages"),
        ];
        for (text, current, want) in cases {
            let got = recognise_after(&[], text, *current);
            assert_eq!(got.get("question").map(String::as_str), Some(*want), "{text:?} after {current:?}");
        }
    }

    #[test]
    fn configured_prompts_win() -> Result<(), Error> {
        let prompts = compile(
            &[
                spec(r"^Q(?P<option>\d)(?P<question>[AD])\b", &[]),
                spec(r"any other comments", &[("option", ""), ("question", "General")]),
            ],
            Path::new("p.toml"),
        )?;
        let got = recognise(&prompts, "Q2D: over to you");
        assert_eq!(got.get("option").map(String::as_str), Some("2"));
        assert_eq!(got.get("question").map(String::as_str), Some("D"));
        let got = recognise(&prompts, "Finally, any other comments on option 3?");
        assert_eq!(got.get("option").map(String::as_str), Some(""));
        assert_eq!(got.get("question").map(String::as_str), Some("General"));
        assert!(compile(&[spec("(", &[])], Path::new("p.toml")).is_err());
        Ok(())
    }
}

//! Facilitator prompts: what a facilitator's message sets for the messages
//! that follow.
//!
//! `[[sources.prompts]]` entries are tried first, in order: the first whose
//! `pattern` matches sets a dimension per named group that matched (non-empty)
//! and its `set` constants. Otherwise the default recogniser looks for an
//! option ("option 3", "option three", "opt 2") and one of the questions
//! advantages / disadvantages / benefits / risks as whole words (singular
//! too; "disadvantages" is never "advantages"). A message naming several
//! takes the one introduced by "now", "next", "moving on to", … (the last
//! such), else the first. What a message does not name is left as it was.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::LazyLock;

use regex::{Regex, RegexBuilder};

use crate::ingest::Error;
use crate::ingest::normalize;
use crate::project::PromptSpec;

static OPTION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:option|opt\.?)\s*(?:no\.?\s*|number\s*)?(\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten)\b")
        .expect("static regex")
});
static QUESTION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(disadvantages?|advantages?|benefits?|risks?)\b").expect("static regex")
});
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

/// Picks the mention that the message moves on to: the last one introduced
/// by a transition word, else the first.
fn pick<'t>(text: &'t str, re: &Regex) -> Option<regex::Captures<'t>> {
    let all: Vec<regex::Captures<'t>> = re.captures_iter(text).collect();
    let transition = all.iter().rposition(|c| {
        let start = c.get(0).map_or(0, |m| m.start());
        TRANSITION.is_match(&text[..start])
    });
    let i = transition.unwrap_or(0);
    all.into_iter().nth(i)
}

/// What a facilitator message sets: dimension -> value (as written; the
/// caller normalises through [`crate::model::Dims::set`]).
#[must_use]
pub fn recognise(prompts: &[Prompt], text: &str) -> BTreeMap<String, String> {
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
    if let Some(c) = pick(text, &OPTION) {
        out.insert("option".to_owned(), normalize::option(&format!("option {}", &c[1])));
    }
    if let Some(c) = pick(text, &QUESTION) {
        // "at risk of" is not the risks question
        let m = c.get(1).map_or("", |m| m.as_str());
        let start = c.get(0).map_or(0, |m| m.start());
        let at_risk =
            m.eq_ignore_ascii_case("risk") && text[..start].trim_end().to_lowercase().ends_with(" at");
        if !at_risk {
            out.insert("question".to_owned(), normalize::question(m));
        }
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
        ];
        for (text, option, question) in cases {
            let got = recognise(&[], text);
            assert_eq!(got.get("option").map(String::as_str), *option, "option in {text:?}");
            assert_eq!(got.get("question").map(String::as_str), *question, "question in {text:?}");
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

//! Redaction of personal data in quoted text: email addresses, UK phone
//! numbers, UK postcodes, and the names of people known to the run (attendee
//! registers and attendance lists, chat authors, survey respondents).
//!
//! Used by the report's key quotes and by `tally search` (unless
//! `--no-redact`). Invariants: pure; the same text and names always give the
//! same output; the replacement markers (`[email]`, `[phone]`, `[postcode]`,
//! `[name]`) are never themselves redacted.

use std::borrow::Cow;
use std::sync::LazyLock;

use regex::Regex;

static EMAIL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)\b[a-z0-9][a-z0-9._%+\-']*@[a-z0-9](?:[a-z0-9\-]*[a-z0-9])?(?:\.[a-z0-9\-]+)*\.[a-z]{2,}\b",
    )
    .expect("valid email regex")
});

/// UK numbers: +44 / 0044 / 0 followed by 9–10 digits, with spaces, dots,
/// hyphens or brackets between (01622 694000, (01622) 694 000, +44 7700 900123,
/// +44 (0)20 7946 0018, 07700-900-123).
static PHONE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:(?:\+|\b00)44\s?(?:\(0\)\s?)?|\(0|\b0)\d(?:[\s.\-\)]{0,2}\d){8,9}\b")
        .expect("valid phone regex")
});

/// UK postcodes (ME14 1XX, me14 1xx, SW1A 1AA, GIR 0AA), with or without the space.
static POSTCODE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:GIR\s?0AA|[A-PR-UWYZ][A-HK-Y]?\d[A-Z\d]?\s?\d[ABD-HJLNP-UW-Z]{2})\b")
        .expect("valid postcode regex")
});

/// Words that name no one even when they appear in a name ("Commissioning Team").
const NOT_NAMES: [&str; 24] = [
    "team",
    "school",
    "schools",
    "council",
    "county",
    "kent",
    "the",
    "and",
    "service",
    "services",
    "admin",
    "stls",
    "kcc",
    "office",
    "support",
    "group",
    "host",
    "guest",
    "user",
    "external",
    "unverified",
    "commissioning",
    "primary",
    "secondary",
];

/// A redactor for one run: the generic patterns plus the known names.
#[derive(Debug, Clone)]
pub struct Redactor {
    names: Option<Regex>,
}

/// Strips what chat clients add to a display name: "(she/her)", "(External)",
/// `[Company] `, " - Organisation"; turns "Surname, First" into "First Surname".
fn clean_name(raw: &str) -> String {
    let mut s = raw.trim().to_owned();
    if let Some(k) = s.starts_with('[').then(|| s.find(']')).flatten() {
        s = s[k + 1..].trim().to_owned();
    }
    while let Some(k) = s.rfind('(') {
        if s.ends_with(')') {
            s = s[..k].trim().to_owned();
        } else {
            break;
        }
    }
    if let Some(k) = s.find(" - ") {
        s = s[..k].trim().to_owned();
    }
    if let Some((last, first)) = s.split_once(',') {
        s = format!("{} {}", first.trim(), last.trim());
    }
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

impl Redactor {
    /// A redactor for `names` (any order, duplicates and blanks ignored). Each
    /// full name is redacted ignoring case; each part of a name of three or
    /// more letters (first name, surname) is redacted when it appears
    /// capitalised.
    #[must_use]
    pub fn new<'a>(names: impl IntoIterator<Item = &'a str>) -> Redactor {
        let mut full: std::collections::BTreeSet<String> = std::collections::BTreeSet::new();
        let mut parts: std::collections::BTreeSet<String> = std::collections::BTreeSet::new();
        for raw in names {
            let name = clean_name(raw);
            if name.is_empty() || name.contains('@') || name.eq_ignore_ascii_case("anonymous") {
                continue;
            }
            let words: Vec<&str> = name.split(' ').collect();
            // "Commissioning Team", "Oak School": an account, not a person.
            if words.iter().any(|w| NOT_NAMES.contains(&w.to_lowercase().as_str())) {
                continue;
            }
            if words.len() > 1 {
                full.insert(regex::escape(&name).replace(' ', r"\s+"));
            }
            for w in words {
                let letters = w.chars().filter(|c| c.is_alphabetic()).count();
                let capital = w.chars().next().is_some_and(char::is_uppercase);
                if letters >= 3 && capital {
                    parts.insert(regex::escape(w));
                }
            }
        }
        if full.is_empty() && parts.is_empty() {
            return Redactor { names: None };
        }
        // Longest alternatives first so a full name wins over its parts.
        let mut alts: Vec<String> = full.into_iter().map(|f| format!("(?i:{f})")).collect();
        alts.sort_by_key(|a| std::cmp::Reverse(a.len()));
        let mut p: Vec<String> = parts.into_iter().collect();
        p.sort_by(|a, b| b.len().cmp(&a.len()).then(a.cmp(b)));
        alts.extend(p);
        let names = Regex::new(&format!(r"\b(?:{})\b", alts.join("|"))).ok();
        Redactor { names }
    }

    /// `text` with personal data replaced by `[email]`, `[phone]`,
    /// `[postcode]` and `[name]`.
    #[must_use]
    pub fn redact<'t>(&self, text: &'t str) -> Cow<'t, str> {
        let mut out = Cow::Borrowed(text);
        for (re, marker) in [(&*EMAIL, "[email]"), (&*PHONE, "[phone]"), (&*POSTCODE, "[postcode]")] {
            if re.is_match(&out) {
                out = Cow::Owned(re.replace_all(&out, marker).into_owned());
            }
        }
        if let Some(re) = self.names.as_ref().filter(|re| re.is_match(&out)) {
            out = Cow::Owned(re.replace_all(&out, "[name]").into_owned());
        }
        out
    }
}

/// Redacts `text` against `names` (a one-off [`Redactor`]; build one
/// `Redactor` and reuse it when redacting many texts).
#[must_use]
pub fn redact(text: &str, names: &[&str]) -> String {
    Redactor::new(names.iter().copied()).redact(text).into_owned()
}

/// The redactor for a run: every person on an attendee list and every comment author.
#[must_use]
pub fn for_run(run: &crate::run::Run) -> Redactor {
    let people = run.people.iter().flat_map(|(_, ps)| ps.iter().map(|p| p.name.as_str()));
    let authors = run.comments.iter().map(|c| c.author.as_str());
    let mut all: Vec<&str> = people.chain(authors).filter(|s| !s.trim().is_empty()).collect();
    all.sort_unstable();
    all.dedup();
    Redactor::new(all)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redacts_personal_data() {
        let r = Redactor::new(["Jane Roe (she/her)", "Smith, Alan", "Commissioning Team", "anonymous"]);
        let cases = [
            ("mail jane.roe@kent.gov.uk please", "mail [email] please"),
            ("ring 01622 694000 today", "ring [phone] today"),
            ("ring (01622) 694 000", "ring [phone]"),
            ("call +44 7700 900123.", "call [phone]."),
            ("call +44 (0)20 7946 0018", "call [phone]"),
            ("mobile 07700-900-123", "mobile [phone]"),
            ("we are at ME14 1XX now", "we are at [postcode] now"),
            ("postcode me141xx", "postcode [postcode]"),
            ("SW1A 1AA", "[postcode]"),
            ("Jane Roe said so", "[name] said so"),
            ("JANE ROE said so", "[name] said so"),
            ("thanks Jane", "thanks [name]"),
            ("Alan Smith and Roe", "[name] and [name]"),
            ("the jane austen book", "the jane austen book"),
            ("the Commissioning Team set it", "the Commissioning Team set it"),
            ("budget of 2024 is 150000 pounds", "budget of 2024 is 150000 pounds"),
            ("Year 6 to 7 transition", "Year 6 to 7 transition"),
            ("no personal data here", "no personal data here"),
        ];
        for (input, want) in cases {
            assert_eq!(r.redact(input), want, "{input:?}");
        }
    }

    #[test]
    fn names_clean() {
        let cases = [
            ("Jane Roe (External)", "Jane Roe"),
            ("[KCC] Jane Roe", "Jane Roe"),
            ("Roe, Jane", "Jane Roe"),
            ("Jane Roe - Oak Primary", "Jane Roe"),
            ("  Jane   Roe ", "Jane Roe"),
        ];
        for (input, want) in cases {
            assert_eq!(clean_name(input), want, "{input:?}");
        }
    }
}

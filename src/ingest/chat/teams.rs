//! Microsoft Teams meeting chat pasted as text (see `formats.md` §3).
//!
//! - Classic: `[10:32 AM] Jane Roe: text` or `[22/09/2026 14:48] Jane Roe:
//!   text`, lines without a `[time]` continuing the message.
//! - New client: `<preview> by Jane Roe` (optional) / `Jane Roe` / `22/09/2026
//!   2:48 pm` / text lines. Reactions paste as an emoji line plus `1 Like
//!   reactions.`; a quoted reply is a `Begin Reference, <preview> by <Author>`
//!   block (closed by `End Reference` when the client writes one).

use std::sync::LazyLock;

use regex::Regex;

use super::Message;

static CLASSIC: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\[([^\]\[]*\d{1,2}[:.]\d{2}[^\]\[]*)\]\s*(.*)$").expect("static regex"));
static STAMP: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?ix)^(?:
            (?:\d{1,2}[/.-]\d{1,2}(?:[/.-]\d{2,4})?|\d{4}-\d{2}-\d{2}|yesterday|today
              |mon(?:day)?|tue(?:sday)?|wed(?:nesday)?|thu(?:rsday)?|fri(?:day)?|sat(?:urday)?|sun(?:day)?
              |\d{1,2}\s+[a-z]{3,9}(?:\s+\d{4})?|[a-z]{3,9}\s+\d{1,2}(?:,?\s+\d{4})?)
            ,?\s+)?
            \d{1,2}[:.]\d{2}(?::\d{2})?(?:\s*[ap]\.?m\.?)?(?:\s*\(?edited\)?)?$",
    )
    .expect("static regex")
});
static REACTION_COUNT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)^\d+\s+[\w ]{1,20}\s+reactions?\.?$").expect("static regex"));

/// Teams' "this message was edited" marker, alone on a line.
fn is_edited_marker(line: &str) -> bool {
    matches!(line.trim().to_lowercase().as_str(), "edited" | "(edited)" | "[edited]")
}

/// True when `line` is a classic Teams header.
pub(super) fn is_classic(line: &str) -> bool {
    CLASSIC.is_match(line)
}

fn is_stamp(line: &str) -> bool {
    let t = line.trim();
    t.len() <= 40 && STAMP.is_match(t)
}

fn plausible_name(line: &str) -> bool {
    let t = line.trim();
    !t.is_empty()
        && t.chars().count() <= 80
        && !is_stamp(t)
        && !t.starts_with("Begin Reference")
        && !REACTION_COUNT.is_match(t)
}

/// Lines inside a `Begin Reference … End Reference` quote: never headers.
fn quoted_lines(lines: &[&str]) -> Vec<bool> {
    let mut quoted = vec![false; lines.len()];
    let mut i = 0;
    while i < lines.len() {
        if lines[i].trim_start().starts_with("Begin Reference") {
            let end = (i + 1..lines.len().min(i + 12)).find(|&j| lines[j].trim() == "End Reference");
            if let Some(end) = end {
                for q in &mut quoted[i..=end] {
                    *q = true;
                }
                i = end;
            } else {
                quoted[i] = true;
            }
        }
        i += 1;
    }
    quoted
}

/// New-client header positions: (first line of the header, the name line, the stamp line).
fn new_headers(lines: &[&str]) -> Vec<(usize, usize, usize)> {
    let quoted = quoted_lines(lines);
    let mut out: Vec<(usize, usize, usize)> = Vec::new();
    for i in 1..lines.len() {
        if quoted[i] || quoted[i - 1] || !is_stamp(lines[i]) || !plausible_name(lines[i - 1]) {
            continue;
        }
        let name = lines[i - 1].trim();
        let prev_end = out.last().map_or(0, |h| h.2 + 1);
        if i - 1 < prev_end {
            continue;
        }
        let start = if i >= 2
            && i - 2 >= prev_end
            && !quoted[i - 2]
            && lines[i - 2].trim_end().ends_with(&format!(" by {name}"))
        {
            i - 2
        } else {
            i - 1
        };
        out.push((start, i - 1, i));
    }
    out
}

/// Scores a text as a Teams paste: (classic headers, new-client headers).
pub(super) fn score(lines: &[&str]) -> (usize, usize) {
    (lines.iter().filter(|l| is_classic(l)).count(), new_headers(lines).len())
}

/// Parses a classic paste. `known` tells whether a name is a known person
/// (facilitator or register), to split `Name: with: colons: text` right.
pub(super) fn parse_classic(lines: &[&str], known: &dyn Fn(&str) -> bool) -> (Vec<Message>, Vec<usize>) {
    let mut msgs: Vec<Message> = Vec::new();
    let mut preamble = Vec::new();
    let mut name_only = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        if let Some(m) = CLASSIC.captures(line) {
            let rest = &m[2];
            let splits: Vec<usize> = rest
                .char_indices()
                .filter(|&(j, c)| c == ':' && rest[j + 1..].chars().next().is_none_or(char::is_whitespace))
                .map(|(j, _)| j)
                .collect();
            let pick =
                splits.iter().copied().find(|&j| known(&rest[..j])).or_else(|| splits.first().copied());
            let (author, text) = match pick {
                Some(j) => (rest[..j].trim(), rest[j + 1..].trim_start()),
                // "[10:30] Jane Roe" with the message on the lines below (a
                // common paste), or "[10:30] Meeting started" (a system line):
                // which one is known once the following lines are read.
                None => {
                    name_only.push(msgs.len());
                    (rest.trim(), "")
                }
            };
            msgs.push(Message::new(i + 1, &m[1], author, None, text.to_owned()));
            continue;
        }
        match msgs.last_mut() {
            Some(m) if REACTION_COUNT.is_match(line.trim()) => {
                // "👍" then "1 Like reactions." under the message
                let last = m.text.rfind('\n').map_or(0, |j| j + 1);
                if last > 0 && is_emoji_only(&m.text[last..]) {
                    m.text.truncate(last - 1);
                }
                m.reactions += 1;
            }
            Some(_) if is_edited_marker(line) => {}
            Some(m) => {
                m.text.push('\n');
                m.text.push_str(line);
            }
            None if !line.trim().is_empty() => preamble.push(i + 1),
            None => {}
        }
    }
    for k in name_only {
        let m = &mut msgs[k];
        if m.text.trim().is_empty() || !plausible_name(&m.author) {
            // Nothing below the header: the header itself was a system line.
            let header = std::mem::take(&mut m.author);
            m.text = if m.text.trim().is_empty() { header } else { format!("{header}{}", m.text) };
        }
    }
    (msgs, preamble)
}

/// Parses a new-client paste.
pub(super) fn parse_new(lines: &[&str]) -> (Vec<Message>, Vec<usize>) {
    let heads = new_headers(lines);
    let mut msgs = Vec::with_capacity(heads.len());
    let preamble = (0..heads.first().map_or(lines.len(), |h| h.0))
        .filter(|&i| !lines[i].trim().is_empty())
        .map(|i| i + 1);
    let preamble: Vec<usize> = preamble.collect();
    for (k, &(_, name, stamp)) in heads.iter().enumerate() {
        let end = heads.get(k + 1).map_or(lines.len(), |h| h.0);
        let mut body: Vec<&str> = Vec::new();
        let mut reactions = 0;
        let mut j = stamp + 1;
        while j < end {
            let l = lines[j].trim();
            if REACTION_COUNT.is_match(l) {
                // "👍" then "1 Like reactions."
                if body.last().is_some_and(|b| is_emoji_only(b)) {
                    body.pop();
                }
                reactions += 1;
            } else if !is_edited_marker(l) {
                body.push(lines[j]);
            }
            j += 1;
        }
        let mut m = Message::new(name + 1, lines[stamp].trim(), lines[name].trim(), None, body.join("\n"));
        m.reactions = reactions;
        msgs.push(m);
    }
    (msgs, preamble)
}

/// True when `s` is only emoji, symbols and spaces (no letters or digits).
pub(super) fn is_emoji_only(s: &str) -> bool {
    let t = s.trim();
    !t.is_empty() && !t.chars().any(char::is_alphanumeric)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stamps_are_recognised() {
        let cases = [
            ("22/09/2026 2:48 pm", true),
            ("22/09/2026 14:48", true),
            ("2:48 pm", true),
            ("10:32\u{202f}AM", true),
            ("Yesterday 14:48", true),
            ("Monday 9:05 AM", true),
            ("22 September 14:48", true),
            ("Jane Roe", false),
            ("It costs 2:48 pm too much", false),
            ("Option 1", false),
            ("3/26/2024 10:03\u{202f}AM Edited", true),
            ("10:03 (edited)", true),
            ("22/09 14:48", true),
            ("9/22 2:48\u{202f}PM", true),
        ];
        for (input, want) in cases {
            assert_eq!(is_stamp(input), want, "{input:?}");
        }
    }

    #[test]
    fn classic_with_the_name_alone_on_the_header_line() {
        let lines = [
            "[26/03/2024 15:31] Commissioning Team (KCC)",
            "Option 1 - what are the advantages?",
            "[26/03/2024 15:32] Priya Patel - Oak Primary",
            "Loss of the specialist advice",
            "which we rely on",
            "[26/03/2024 15:33] Meeting ended",
        ];
        let (msgs, preamble) = parse_classic(&lines, &|_| false);
        assert!(preamble.is_empty());
        let got: Vec<(&str, &str)> = msgs.iter().map(|m| (m.author.as_str(), m.text.trim())).collect();
        assert_eq!(
            got,
            [
                ("Commissioning Team (KCC)", "Option 1 - what are the advantages?"),
                ("Priya Patel - Oak Primary", "Loss of the specialist advice\nwhich we rely on"),
                ("", "Meeting ended"),
            ]
        );
    }

    #[test]
    fn classic_drops_edited_markers_and_counts_reactions() {
        let lines = [
            "[10:02\u{202f}AM] Smith, Jane: Schools would control the budget",
            "Edited",
            "[10:07 AM] Bob Smith - Oakfield Primary: Longer waits",
            "for assessments",
            "👍",
            "2 Like reactions.",
            "❤️",
            "1 Heart reactions.",
        ];
        let (msgs, _) = parse_classic(&lines, &|_| false);
        let got: Vec<(&str, &str, usize)> =
            msgs.iter().map(|m| (m.author.as_str(), m.text.as_str(), m.reactions)).collect();
        assert_eq!(
            got,
            [
                ("Smith, Jane", "Schools would control the budget", 0),
                ("Bob Smith - Oakfield Primary", "Longer waits\nfor assessments", 2),
            ]
        );
    }

    #[test]
    fn classic_splits_names_with_colons() {
        let lines = ["[10:32 AM] Kent CC: Ann Lee: we need LIFT: it works", "and more", "[10:33 AM] Bo: ok"];
        let known = |n: &str| n == "Kent CC: Ann Lee";
        let (msgs, pre) = parse_classic(&lines, &known);
        assert!(pre.is_empty());
        assert_eq!(msgs.len(), 2);
        assert_eq!(msgs[0].author, "Kent CC: Ann Lee");
        assert_eq!(msgs[0].text, "we need LIFT: it works\nand more");
        assert_eq!(msgs[1].author, "Bo");
    }

    #[test]
    fn new_client_headers_and_reactions() {
        let lines = [
            "Keeping LIFT is vital by Ann Lee",
            "Ann Lee",
            "22/09/2026 2:48 pm",
            "Keeping LIFT is vital",
            "👍",
            "1 Like reactions.",
            "",
            "Bo Cox",
            "22/09/2026 2:49 pm",
            "Edited",
            "Begin Reference, Keeping LIFT is vital by Ann Lee",
            "Agreed, and the outreach",
        ];
        let (msgs, _) = parse_new(&lines);
        assert_eq!(msgs.len(), 2);
        assert_eq!(
            (msgs[0].author.as_str(), msgs[0].text.trim(), msgs[0].reactions),
            ("Ann Lee", "Keeping LIFT is vital", 1)
        );
        assert_eq!(msgs[1].author, "Bo Cox");
        assert!(msgs[1].text.contains("Agreed"));
        assert!(!msgs[1].text.contains("Edited"));
    }
}

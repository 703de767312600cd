//! Zoom chat `.txt` exports, layouts A–D (see `formats.md` §2).
//!
//! - A (≤2020): `HH:MM:SS\t From  Name : msg`, DMs `… to  B(Privately) : msg`
//! - B (2021): `HH:MM:SS\t From  A  to  Everyone : msg`, DMs `(Direct Message)`
//! - C (2021+): `HH:MM:SS From  A  to  Everyone:` then the message on
//!   `\t`-indented lines
//! - D (cloud): `HH:MM:SS\tName:\tmsg`, no recipient
//!
//! Lines that do not start a message continue the previous one.

use std::sync::LazyLock;

use regex::Regex;

use super::{Layout, Message};

static FROM: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(\d{1,2}:\d{2}:\d{2})\s+From\s+(.*?)\s*$").expect("static regex"));
static CLOUD: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(\d{1,2}:\d{2}:\d{2})\t([^\t]+?):\t(.*)$").expect("static regex"));

/// How many lines of `lines` start a message in each Zoom layout:
/// (C headers, A/B headers, D headers).
pub(super) fn score(lines: &[&str]) -> (usize, usize, usize) {
    let (mut c, mut ab, mut d) = (0, 0, 0);
    for (i, l) in lines.iter().enumerate() {
        if let Some(m) = FROM.captures(l) {
            let rest = &m[2];
            if rest.ends_with(':') && next_is_indented(lines, i) {
                c += 1;
            } else if rest.contains(" :") || rest.contains("\t:") {
                ab += 1;
            } else if rest.ends_with(':') {
                c += 1;
            }
        } else if CLOUD.is_match(l) {
            d += 1;
        }
    }
    (c, ab, d)
}

fn next_is_indented(lines: &[&str], i: usize) -> bool {
    lines.get(i + 1).is_some_and(|n| n.starts_with('\t') || n.starts_with("  ") || n.trim().is_empty())
}

/// Splits "A  to  B" into sender and recipient. Double-spaced " to " (what
/// Zoom writes) wins; else a single-spaced " to " before a known recipient
/// form ("Everyone…", "…(Direct Message)", "…(Privately)"); else no recipient.
pub(super) fn split_recipient(s: &str) -> (String, Option<String>) {
    static DOUBLE: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"^(.+?)\s{2,}to\s{2,}(.+)$").expect("static regex"));
    static SINGLE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)^(.+)\s+to\s+(everyone.*|.+?\((?:direct message|privately)\)|hosts? and panelists.*|all panelists.*)$")
            .expect("static regex")
    });
    let s = s.trim();
    if let Some(m) = DOUBLE.captures(s) {
        // "Ann  to  Lee  to  Everyone": the recipient is the last part.
        let (mut from, mut to) = (m[1].to_owned(), m[2].to_owned());
        while let Some(m2) = DOUBLE.captures(&to.clone()) {
            from = format!("{from}  to  {}", &m2[1]);
            to = m2[2].to_owned();
        }
        return (from.trim().to_owned(), Some(to.trim().to_owned()));
    }
    if let Some(m) = SINGLE.captures(s) {
        return (m[1].trim().to_owned(), Some(m[2].trim().to_owned()));
    }
    (s.to_owned(), None)
}

/// True when a recipient marks a private message.
pub(super) fn is_private(recipient: Option<&str>) -> bool {
    let Some(r) = recipient else { return false };
    let r = r.to_lowercase();
    if r.contains("(direct message)") || r.contains("(privately)") || r.contains("(private)") {
        return true;
    }
    !(r.starts_with("everyone") || r.contains("panelist"))
}

/// Parses a Zoom chat in `layout` (one of the Zoom layouts).
pub(super) fn parse(lines: &[&str], layout: Layout) -> (Vec<Message>, Vec<usize>) {
    let mut msgs: Vec<Message> = Vec::new();
    let mut preamble = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let line_no = i + 1;
        let header = match layout {
            Layout::ZoomC => FROM.captures(line).and_then(|m| {
                let rest = m[2].strip_suffix(':')?;
                let (from, to) = split_recipient(rest);
                Some(Message::new(line_no, &m[1], &from, to, String::new()))
            }),
            Layout::ZoomA | Layout::ZoomB => FROM.captures(line).and_then(|m| {
                let rest = &m[2];
                let sep = rest.find(" :").or_else(|| rest.find("\t:"))?;
                let (who, text) = (&rest[..sep], &rest[sep + 2..]);
                let text = text.strip_prefix(' ').unwrap_or(text);
                let (from, to) = split_recipient(who);
                Some(Message::new(line_no, &m[1], &from, to, text.to_owned()))
            }),
            _ => {
                CLOUD.captures(line).map(|m| Message::new(line_no, &m[1], m[2].trim(), None, m[3].to_owned()))
            }
        };
        if let Some(h) = header {
            msgs.push(h);
            continue;
        }
        match msgs.last_mut() {
            Some(m) => {
                let body = if layout == Layout::ZoomC {
                    line.strip_prefix('\t').or_else(|| line.strip_prefix("  ")).unwrap_or(line)
                } else {
                    line
                };
                if !m.text.is_empty() || !body.trim().is_empty() {
                    m.text.push('\n');
                }
                m.text.push_str(body);
            }
            None if !line.trim().is_empty() => preamble.push(line_no),
            None => {}
        }
    }
    (msgs, preamble)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recipients_split() {
        let cases: &[(&str, &str, Option<&str>, bool)] = &[
            ("Ann Lee  to  Everyone", "Ann Lee", Some("Everyone"), false),
            ("Ann to Lee  to  Everyone", "Ann to Lee", Some("Everyone"), false),
            ("Ann  to  Lee  to  Everyone", "Ann  to  Lee", Some("Everyone"), false),
            ("Ann Lee to Everyone", "Ann Lee", Some("Everyone"), false),
            ("Ann to Lee to Everyone", "Ann to Lee", Some("Everyone"), false),
            ("Ann Lee  to  Host Name(Direct Message)", "Ann Lee", Some("Host Name(Direct Message)"), true),
            ("Ann Lee to Host (Privately)", "Ann Lee", Some("Host (Privately)"), true),
            ("Bo Chan (he/him)  to  Everyone", "Bo Chan (he/him)", Some("Everyone"), false),
            ("Ann Lee", "Ann Lee", None, false),
            ("Ann Lee  to  Everyone (in Waiting Room)", "Ann Lee", Some("Everyone (in Waiting Room)"), false),
        ];
        for (input, from, to, private) in cases {
            let (f, t) = split_recipient(input);
            assert_eq!((f.as_str(), t.as_deref()), (*from, *to), "{input:?}");
            assert_eq!(is_private(t.as_deref()), *private, "{input:?}");
        }
    }
}

//! `kind = "chat"`: Zoom and Teams chat exports to comments.
//!
//! Input: a chat `.txt` (any encoding), the source's facilitators, prompts,
//! register and attendance report. Output: a [`Batch`] whose comments are
//! the attendees' messages, each with the option and question the last
//! facilitator prompt set, and phase/role/district from the register.
//!
//! Invariants: the layout is detected, never configured; every message read
//! is one item and lands in exactly one bucket: a comment, blank, or an event
//! (`direct_message`, `reaction`, `prompt`, `system`), or rejected (text
//! before the first message). Reactions and direct messages are never
//! comments. A reply's `Replying to "…"` preview is removed from the text
//! and kept in [`Comment::reply_to`].

mod prompts;
mod teams;
mod zoom;

use std::collections::{BTreeMap, HashSet};
use std::sync::LazyLock;

use regex::Regex;

use crate::model::{Comment, Dims, Person, Rejected};
use crate::project::SourceSpec;

use super::register::{self, Roster, name_key};
use super::{Batch, Error, normalize};

pub use prompts::{
    Prompt, compile as compile_prompts, recognise as recognise_prompt,
    recognise_after as recognise_prompt_after,
};

/// The chat layouts tally reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    /// Zoom, old local: `HH:MM:SS\t From  Name : msg`.
    ZoomA,
    /// Zoom, local with recipient: `HH:MM:SS\t From  A  to  Everyone : msg`.
    ZoomB,
    /// Zoom, current local: `HH:MM:SS From  A  to  Everyone:` then indented lines.
    ZoomC,
    /// Zoom, cloud recording: `HH:MM:SS\tName:\tmsg`.
    ZoomD,
    /// Teams, classic paste: `[10:32 AM] Name: text`.
    TeamsClassic,
    /// Teams, new client paste: name line, time line, text lines.
    TeamsNew,
}

impl Layout {
    /// How `accounting.json` names it.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Layout::ZoomA => "zoom (layout A)",
            Layout::ZoomB => "zoom (layout B)",
            Layout::ZoomC => "zoom (layout C)",
            Layout::ZoomD => "zoom (layout D)",
            Layout::TeamsClassic => "teams (classic paste)",
            Layout::TeamsNew => "teams (new client paste)",
        }
    }
}

/// One chat message as parsed, before it is judged.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Message {
    /// 1-based line of its header.
    pub line: usize,
    /// The time as written.
    pub time: String,
    /// The sender, spaces collapsed.
    pub author: String,
    /// The recipient, when the layout has one ("Everyone", "Ann(Direct Message)").
    pub recipient: Option<String>,
    /// The raw text, lines joined by `\n`.
    pub text: String,
    /// Reactions pasted under it (Teams new client).
    pub reactions: usize,
}

impl Message {
    fn new(line: usize, time: &str, author: &str, recipient: Option<String>, text: String) -> Message {
        Message {
            line,
            time: time.trim().to_owned(),
            author: normalize::collapse_spaces(author),
            recipient,
            text,
            reactions: 0,
        }
    }
}

/// Detects the layout of a chat from its lines (None: no message header found).
#[must_use]
pub fn detect(lines: &[&str]) -> Option<Layout> {
    let (c, ab, d) = zoom::score(lines);
    let (classic, new) = teams::score(lines);
    let ab_layout = if lines.iter().any(|l| l.contains("to  Everyone") || l.contains(" to Everyone")) {
        Layout::ZoomB
    } else {
        Layout::ZoomA
    };
    // Ties go to the earlier (more specific) layout.
    let ranked = [
        (c, Layout::ZoomC),
        (ab, ab_layout),
        (d, Layout::ZoomD),
        (classic, Layout::TeamsClassic),
        (new, Layout::TeamsNew),
    ];
    let best = ranked.iter().map(|r| r.0).max().unwrap_or(0);
    if best == 0 {
        return None;
    }
    ranked.iter().find(|r| r.0 == best).map(|r| r.1)
}

/// Parses a chat text into messages (and the line numbers of non-blank
/// text before the first message).
#[must_use]
pub fn parse(text: &str, layout: Layout, known: &dyn Fn(&str) -> bool) -> (Vec<Message>, Vec<usize>) {
    let lines: Vec<&str> = text.lines().collect();
    match layout {
        Layout::TeamsClassic => teams::parse_classic(&lines, known),
        Layout::TeamsNew => teams::parse_new(&lines),
        z => zoom::parse(&lines, z),
    }
}

/// What a message is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Kind {
    /// An attendee's comment: (text, reply preview).
    Comment(String, String),
    /// Nothing but whitespace.
    Blank,
    /// Not a comment: the event's kind (`reaction`, `system`, …).
    Event(&'static str),
}

static REACTED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?is)^(?:reacted to\s+".*"\s+with\s+\S+|removed an?\s+.{1,16}\s+reaction from\s+".*")$"#)
        .expect("static regex")
});
static ADD_REMOVE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)^(?:add|remove)\s+(\S+(?:\s+\S+)?)$").expect("static regex"));
static SYSTEM: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^(?:meeting (?:started|ended)\b.*|recording (?:has )?(?:started|stopped)\b.*|transcription (?:has )?(?:started|stopped)\b.*|.{1,80} (?:joined|left) the (?:meeting|chat|conversation)\.?|.{1,80} (?:was|were|has been) (?:invited|added|removed) (?:to|from) the (?:meeting|chat)\.?|this message (?:has been|was) deleted\.?)$",
    )
    .expect("static regex")
});

/// Splits a reply into (preview, text): Zoom's `Replying to "<preview>" <text>`
/// (the preview ends at `..."`/`…"`, else at a `"` before a space or line end)
/// and Teams' `Begin Reference, <preview> by <Author>` block.
#[must_use]
pub fn split_reply(text: &str) -> (String, String) {
    let t = text.trim_start();
    if let Some(rest) = t.strip_prefix("Replying to \"").or_else(|| t.strip_prefix("Replying to “")) {
        let end = [("...\"", 1), ("…\"", 1), ("...”", 3), ("…”", 3)]
            .iter()
            .filter_map(|(e, q)| rest.find(e).map(|i| (i + e.len() - q, i + e.len())))
            .min_by_key(|x| x.1)
            .or_else(|| {
                rest.char_indices()
                    .find(|&(i, c)| {
                        matches!(c, '"' | '”')
                            && rest[i + c.len_utf8()..].chars().next().is_none_or(char::is_whitespace)
                    })
                    .map(|(i, c)| (i, i + c.len_utf8()))
            });
        if let Some((preview_end, text_start)) = end {
            let preview = rest[..preview_end].trim_end_matches(['"', '”']).to_owned();
            return (preview, rest[text_start..].trim_start().to_owned());
        }
        return (String::new(), text.to_owned());
    }
    if let Some(first) = t.lines().next()
        && let Some(rest) = first.strip_prefix("Begin Reference,")
    {
        let preview = rest.trim();
        let preview = preview.rfind(" by ").map_or(preview, |i| &preview[..i]).trim().to_owned();
        let lines: Vec<&str> = t.lines().collect();
        let skip = lines.iter().position(|l| l.trim() == "End Reference").map_or(1, |i| i + 1);
        return (preview, lines[skip..].join("\n"));
    }
    (String::new(), text.to_owned())
}

/// Judges a non-private, non-facilitator message.
#[must_use]
pub fn classify(author: &str, text: &str) -> Kind {
    let clean = normalize::text(text);
    if clean.is_empty() {
        return Kind::Blank;
    }
    if REACTED.is_match(&clean) {
        return Kind::Event("reaction");
    }
    if let Some(m) = ADD_REMOVE.captures(&clean)
        && teams::is_emoji_only(&m[1])
    {
        return Kind::Event("reaction");
    }
    if author.is_empty() || SYSTEM.is_match(&clean) {
        return Kind::Event("system");
    }
    let (preview, body) = split_reply(&clean);
    let body = normalize::text(&body);
    if body.is_empty() {
        return Kind::Blank;
    }
    Kind::Comment(body, preview)
}

fn io(spec: &SourceSpec) -> impl FnOnce(std::io::Error) -> Error + '_ {
    move |source| Error::Io { path: spec.path.clone(), source }
}

/// Limit on a chat file's size (a day's chat is well under a megabyte).
const MAX_CHAT_BYTES: u64 = 512 << 20;

/// The attendee list and the roster authors are joined against.
fn attendees(spec: &SourceSpec) -> Result<(Vec<Person>, Roster), Error> {
    let reg = match &spec.register {
        Some(p) => Some(register::read_register(p, &spec.register_columns)?),
        None => None,
    };
    let att = match &spec.attendance {
        Some(p) => Some(register::read_attendance(p)?),
        None => None,
    };
    let facilitators: HashSet<String> = spec.facilitators.iter().map(|f| name_key(f)).collect();
    let not_facilitator = |p: &Person| !facilitators.contains(&name_key(&p.name));
    Ok(match (reg, att) {
        (Some(reg), Some(att)) => {
            let register = Roster::new(reg.clone());
            let people: Vec<Person> = att
                .into_iter()
                .filter(not_facilitator)
                .map(|mut p| {
                    if let Some(r) = register.find(&p.name, &p.email) {
                        p.dims.clone_from(&r.dims);
                    }
                    p
                })
                .collect();
            // Chat authors are found under their registered name or under the
            // name their attendance row carries (joined to the register by
            // email): a Teams display name often differs from the one typed
            // into the registration form.
            let enriched = people.iter().filter(|p| register.find(&p.name, &p.email).is_some()).cloned();
            let roster = Roster::new(reg.into_iter().chain(enriched).collect());
            (people, roster)
        }
        (Some(list), None) | (None, Some(list)) => {
            let people: Vec<Person> = list.into_iter().filter(not_facilitator).collect();
            let roster = Roster::new(people.clone());
            (people, roster)
        }
        (None, None) => (Vec::new(), Roster::default()),
    })
}

/// Reads a `chat` source.
///
/// # Errors
/// The file cannot be read or holds no chat message in a known layout; the
/// register or attendance report cannot be read; a prompt pattern is invalid.
pub fn read(spec: &SourceSpec) -> Result<Batch, Error> {
    let meta = std::fs::metadata(&spec.path).map_err(io(spec))?;
    if meta.is_dir() {
        return Err(Error::NotAFile { path: spec.path.clone() });
    }
    if meta.len() > MAX_CHAT_BYTES {
        return Err(Error::TooLarge {
            path: spec.path.clone(),
            what: format!("the chat is {} bytes; the limit is {MAX_CHAT_BYTES}", meta.len()),
        });
    }
    let bytes = std::fs::read(&spec.path).map_err(io(spec))?;
    let (text, encoding) = super::decode::decode(&bytes);
    drop(bytes);
    let prompts = prompts::compile(&spec.prompts, &spec.path)?;
    let (people, roster) = attendees(spec)?;
    let facilitators: HashSet<String> = spec.facilitators.iter().map(|f| name_key(f)).collect();
    let lines: Vec<&str> = text.lines().collect();
    let Some(layout) = detect(&lines) else {
        if text.trim().is_empty() {
            return Err(Error::Empty { path: spec.path.clone() });
        }
        return Err(Error::Format {
            path: spec.path.clone(),
            at: "line 1".into(),
            message: format!(
                "no chat message found (read as {encoding}): expected a Zoom chat (\"10:01:00 From  Name  to  Everyone:\"), \
                 a Teams paste (\"[10:32 AM] Name: text\") or a Teams new-client paste (name line, then a time line)"
            ),
        });
    };
    let known = |n: &str| {
        let k = name_key(n);
        facilitators.contains(&k) || roster.find(n, "").is_some()
    };
    let (messages, preamble) = parse(&text, layout, &known);
    let mut batch = Batch { people, ..Batch::default() };
    let acc = &mut batch.account;
    acc.format = format!("{} {encoding}", layout.as_str());
    for line in preamble {
        acc.items_read += 1;
        acc.rejected.push(Rejected {
            at: format!("line {line}"),
            reason: "text before the first chat message".into(),
        });
    }
    let mut base = Dims::default();
    for (k, v) in &spec.set {
        base.set(k, v);
    }
    let mut current: BTreeMap<String, String> = BTreeMap::new();
    let mut unmatched: Vec<String> = Vec::new();
    let mut unmatched_keys: HashSet<String> = HashSet::new();
    for m in messages {
        acc.rows_read += 1;
        acc.items_read += 1;
        for _ in 0..m.reactions {
            acc.rows_read += 1;
            acc.items_read += 1;
            acc.event("reaction");
        }
        if zoom::is_private(m.recipient.as_deref()) {
            acc.event("direct_message");
            continue;
        }
        let kind = classify(&m.author, &m.text);
        let key = name_key(&m.author);
        if facilitators.contains(&key) && !matches!(kind, Kind::Event("reaction")) {
            let (_, body) = split_reply(&normalize::text(&m.text));
            let set = prompts::recognise_after(&prompts, &body, current.get("question").map(String::as_str));
            for (k, v) in set {
                current.insert(k, v);
            }
            acc.event("prompt");
            continue;
        }
        let (text, reply_to) = match kind {
            Kind::Blank => {
                acc.blank += 1;
                continue;
            }
            Kind::Event(e) => {
                acc.event(e);
                continue;
            }
            Kind::Comment(t, r) => (t, r),
        };
        let mut dims = base.clone();
        for (k, v) in &current {
            dims.set(k, v);
        }
        if !roster.is_empty() {
            match roster.find(&m.author, "") {
                Some(p) => {
                    for (k, v) in &p.dims {
                        if !v.is_empty() {
                            dims.set(k, v);
                        }
                    }
                }
                None => {
                    if unmatched_keys.insert(key) {
                        unmatched.push(m.author.clone());
                    }
                }
            }
        }
        batch.comments.push(Comment {
            id: format!("{}:{}", spec.name, m.line),
            source: spec.name.clone(),
            dims,
            author: m.author,
            text,
            origin: format!("line {}", m.line),
            reply_to,
        });
    }
    acc.unmatched_authors = unmatched;
    Ok(batch)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replies_split() {
        let cases = [
            ("Replying to \"I support the new cro...\" Me too", "I support the new cro...", "Me too"),
            ("Replying to \"I support the new cro...\"\n\nMe too", "I support the new cro...", "Me too"),
            ("Replying to \"Yes\" agreed", "Yes", "agreed"),
            ("Replying to \"He said \"no\" to...\" fair", "He said \"no\" to...", "fair"),
            ("Begin Reference, LIFT is vital by Ann Lee\nAgreed", "LIFT is vital", "Agreed"),
            ("Begin Reference, LIFT by Ann\nAnn\n1:02 pm\nLIFT\nEnd Reference\nAgreed", "LIFT", "Agreed"),
            ("No reply here", "", "No reply here"),
        ];
        for (input, preview, text) in cases {
            assert_eq!(split_reply(input), (preview.to_owned(), text.to_owned()), "{input:?}");
        }
    }

    #[test]
    fn messages_classify() {
        let c = |t: &str| Kind::Comment(t.to_owned(), String::new());
        let cases = [
            ("Ann", "Reacted to \"I support the new cro...\" with 👍", Kind::Event("reaction")),
            ("Ann", "Removed a 🍪 reaction from \"I support...\"", Kind::Event("reaction")),
            ("Ann", "add 👍", Kind::Event("reaction")),
            ("Ann", "remove ☝️", Kind::Event("reaction")),
            ("Ann", "add more outreach please", c("add more outreach please")),
            ("Ann", "+1", c("+1")),
            ("Ann", "👍", c("👍")),
            ("Ann", "  \n ", Kind::Blank),
            ("", "Meeting started", Kind::Event("system")),
            ("Ann", "Recording has started", Kind::Event("system")),
            ("Ann", "morning all", c("morning all")),
        ];
        for (author, text, want) in cases {
            assert_eq!(classify(author, text), want, "{text:?}");
        }
    }

    #[test]
    fn layouts_detect() {
        let cases: &[(&str, Layout)] = &[
            ("10:01:00 From  Ann Lee  to  Everyone:\n\tHello\n", Layout::ZoomC),
            ("10:01:00\t From  Ann Lee : Hello\n", Layout::ZoomA),
            ("10:01:00\t From  Ann Lee  to  Everyone : Hello\n", Layout::ZoomB),
            ("00:01:00\tAnn Lee:\tHello\n", Layout::ZoomD),
            ("[10:32 AM] Ann Lee: Hello\n", Layout::TeamsClassic),
            ("[22/09/2026 14:48] Ann Lee: Hello\n", Layout::TeamsClassic),
            ("Ann Lee\n22/09/2026 2:48 pm\nHello\n", Layout::TeamsNew),
        ];
        for (text, want) in cases {
            let lines: Vec<&str> = text.lines().collect();
            assert_eq!(detect(&lines), Some(*want), "{text:?}");
        }
        assert_eq!(detect(&["just some text", "more"]), None);
    }
}

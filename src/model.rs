//! The data model shared by every stage: a [`Comment`] as ingested, the
//! [`Tagging`](crate::tag::Tagging) the tagger gives it, and the per-source [`SourceAccount`] that
//! proves every input row is accounted for.

use std::collections::BTreeMap;

use serde::Serialize;

/// The dimensions a comment is counted under. All are open-ended strings;
/// an empty string means "not known".
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Dims {
    /// The option the comment is about, normalised to "1", "2", … when the
    /// value names a numbered option; empty when it is about no option.
    pub option: String,
    /// The stakeholder group (e.g. "schools", "stls", "internal").
    pub stakeholder: String,
    /// The question answered (advantages, disadvantages, benefits, risks or any label).
    pub question: String,
    /// The respondent's phase (primary, secondary, …).
    pub phase: String,
    /// The respondent's role (SENCo, headteacher, …).
    pub role: String,
    /// The respondent's district.
    pub district: String,
    /// Any other dimension mapped in the project file.
    pub extra: BTreeMap<String, String>,
}

impl Dims {
    /// The names of the dimensions with a fixed column in the outputs.
    pub const FIXED: [&'static str; 6] = ["option", "stakeholder", "question", "phase", "role", "district"];

    /// Sets dimension `name` to `value` (normalising `option` and `question`).
    pub fn set(&mut self, name: &str, value: &str) {
        let value = crate::ingest::normalize::collapse_spaces(value);
        match name {
            "option" => self.option = crate::ingest::normalize::option(&value),
            "question" => self.question = crate::ingest::normalize::question(&value),
            "stakeholder" => self.stakeholder = value,
            "phase" => self.phase = value,
            "role" => self.role = value,
            "district" => self.district = value,
            other => {
                self.extra.insert(other.to_owned(), value);
            }
        }
    }

    /// The value of dimension `name` ("" when unset).
    #[must_use]
    pub fn get(&self, name: &str) -> &str {
        match name {
            "option" => &self.option,
            "stakeholder" => &self.stakeholder,
            "question" => &self.question,
            "phase" => &self.phase,
            "role" => &self.role,
            "district" => &self.district,
            other => self.extra.get(other).map_or("", String::as_str),
        }
    }
}

/// One free-text comment, as read from a source.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Comment {
    /// Unique within a run: the source's id column, or `<source>:<row>`.
    pub id: String,
    /// The name of the source (from the project file).
    pub source: String,
    /// The dimensions it is counted under.
    pub dims: Dims,
    /// Who wrote it, when known (chat author, respondent name).
    pub author: String,
    /// The comment text, trimmed, with line ends normalised to `\n`.
    pub text: String,
    /// Where it came from in the input, for messages: "row 12", "line 40".
    pub origin: String,
    /// For chat replies: the quoted preview of the message replied to.
    pub reply_to: String,
}

/// The status of a comment after tagging.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// At least one theme matched.
    Tagged,
    /// A genuine comment that no theme matched: counted in every base.
    Untagged,
    /// Chatter that answers no question: kept, but in no base.
    Noise,
}

impl Status {
    /// The word used in `comments.csv`.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Tagged => "tagged",
            Status::Untagged => "untagged",
            Status::Noise => "noise",
        }
    }
}

/// A rejected input row and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Rejected {
    /// Where: "row 12", "line 40".
    pub at: String,
    /// What was wrong with it.
    pub reason: String,
}

/// The accounting of one source: every row read ends up in exactly one bucket.
///
/// Invariant: `items_read == comments + noise + blank + events_total + rejected.len()`,
/// where an item is a row (a table with one text column), a row × text column
/// (several text columns) or a message (a chat).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct SourceAccount {
    /// The source's name.
    pub source: String,
    /// `table`, `chat` or `survey`.
    pub kind: String,
    /// The input file, as given in the project file.
    pub path: String,
    /// The detected format ("csv utf-8", "xlsx", "zoom (layout C)", …).
    pub format: String,
    /// Data rows (tables) or messages (chats) read.
    pub rows_read: usize,
    /// Items read: rows × text columns for tables, messages for chats.
    pub items_read: usize,
    /// Comments in the bases (tagged + untagged).
    pub comments: usize,
    /// Comments with at least one theme.
    pub tagged: usize,
    /// Comments no theme matched.
    pub untagged: usize,
    /// Chatter kept with status `noise`.
    pub noise: usize,
    /// Items whose text was blank (no comment).
    pub blank: usize,
    /// Chat events that are not comments: prompts, reactions, direct messages, …
    pub events: BTreeMap<String, usize>,
    /// The sum of `events`.
    pub events_total: usize,
    /// Rows that could not be read, with reasons.
    pub rejected: Vec<Rejected>,
    /// Chat authors not found in the register (their comments are kept).
    pub unmatched_authors: Vec<String>,
}

impl SourceAccount {
    /// Counts one chat event of kind `kind`.
    pub fn event(&mut self, kind: &str) {
        *self.events.entry(kind.to_owned()).or_default() += 1;
        self.events_total += 1;
    }

    /// True when every item read is in exactly one bucket.
    #[must_use]
    pub fn balances(&self) -> bool {
        self.items_read == self.comments + self.noise + self.blank + self.events_total + self.rejected.len()
    }
}

/// A person on an attendee list (register, attendance report) or a respondent.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Person {
    /// The name as written.
    pub name: String,
    /// Email, when known.
    pub email: String,
    /// Their dimensions: phase, role, district, …
    pub dims: BTreeMap<String, String>,
}

//! Phrase matching: every `phrases` and `exclude` entry of a taxonomy, matched
//! in one pass.
//!
//! Input: the phrases as written. Output: a [`PhraseSet`] that, given a text,
//! reports every (phrase, span) occurrence. How: the text is normalised into
//! a reusable buffer (lower case, curly apostrophes straight, hyphens, dashes
//! and whitespace runs as one space) with a byte map back to the original;
//! one Aho-Corasick automaton over the phrases' literal prefixes finds
//! candidates, and a cheap check confirms word bounds, `*` endings and any
//! words after a mid-phrase `*`. Spelling variants (British/US, `n't`/`nt`,
//! hyphen/no hyphen) are expanded when the phrase is compiled, so the hot path
//! does no per-word work.

use std::cell::RefCell;
use std::collections::{BTreeSet, HashMap};

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};

/// True for bytes that belong to a word: ASCII letters and digits, and every
/// byte of a non-ASCII character (so "café" is one word).
#[inline]
#[must_use]
pub fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b >= 0x80
}

/// Normalises `text` into `out` (cleared first) for phrase matching, and
/// records in `map` the byte offset in `text` of each byte of `out` (plus
/// one final entry: `text.len()`).
///
/// Lower case; `’ ‘ ʼ` become `'`; `-`, dashes, `_` and any whitespace run
/// become one space; leading and trailing spaces are dropped.
pub fn normalize_into(text: &str, out: &mut Vec<u8>, map: &mut Vec<u32>) {
    out.clear();
    map.clear();
    let bytes = text.as_bytes();
    let mut i = 0;
    let mut pending_space = false;
    while i < bytes.len() {
        let b = bytes[i];
        if b < 0x80 {
            if b.is_ascii_whitespace() || b == b'-' || b == b'_' {
                pending_space = true;
            } else {
                if pending_space && !out.is_empty() {
                    out.push(b' ');
                    map.push(u32::try_from(i - 1).unwrap_or(u32::MAX));
                }
                pending_space = false;
                out.push(b.to_ascii_lowercase());
                map.push(u32::try_from(i).unwrap_or(u32::MAX));
            }
            i += 1;
            continue;
        }
        let c = text[i..].chars().next().unwrap_or(' ');
        let len = c.len_utf8();
        match c {
            '\u{2018}' | '\u{2019}' | '\u{02BC}' | '\u{2032}' => {
                if pending_space && !out.is_empty() {
                    out.push(b' ');
                    map.push(u32::try_from(i).unwrap_or(u32::MAX));
                }
                pending_space = false;
                out.push(b'\'');
                map.push(u32::try_from(i).unwrap_or(u32::MAX));
            }
            '\u{2010}'..='\u{2015}' | '\u{00A0}' | '\u{2000}'..='\u{200B}' | '\u{202F}' | '\u{3000}' => {
                pending_space = true;
            }
            c => {
                if pending_space && !out.is_empty() {
                    out.push(b' ');
                    map.push(u32::try_from(i).unwrap_or(u32::MAX));
                }
                pending_space = false;
                let mut buf = [0u8; 4];
                for lc in c.to_lowercase() {
                    for &ob in lc.encode_utf8(&mut buf).as_bytes() {
                        out.push(ob);
                        map.push(u32::try_from(i).unwrap_or(u32::MAX));
                    }
                }
            }
        }
        i += len;
    }
    map.push(u32::try_from(bytes.len()).unwrap_or(u32::MAX));
}

/// The spelling variants of one phrase word (without its `*`): itself plus
/// British/US forms (`-ise/-ize`, `-isation/-ization`, `-our/-or`,
/// `-ogue/-og`, `-tre/-ter`, `ae/e`) and `n't` → `nt`. Over-generating is
/// harmless: a variant that is not a real word never occurs in text.
#[must_use]
pub fn word_variants(word: &str, star: bool) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    out.insert(word.to_owned());
    let mut add = |w: String| {
        if !w.is_empty() {
            out.insert(w);
        }
    };
    // -is- / -iz- before e, ation, ing (or at a `*` end: "organis*").
    for (from, to) in [("is", "iz"), ("iz", "is")] {
        let mut start = 0;
        while let Some(p) = word[start..].find(from).map(|p| p + start) {
            let rest = &word[p + 2..];
            let ok = p >= 3
                && (rest.starts_with('e') || rest.starts_with("ation") || rest.starts_with("ing"))
                || (p >= 3 && rest.is_empty() && star);
            if ok {
                add(format!("{}{to}{rest}", &word[..p]));
            }
            start = p + 2;
        }
    }
    // -our / -or: behaviour, colour, favour (at least three letters before).
    if let Some(p) = word.rfind("our") {
        let rest = &word[p + 3..];
        if p >= 3
            && (rest.is_empty() || ["s", "ed", "ing", "al", "ite", "ful", "able", "ist"].contains(&rest))
        {
            add(format!("{}or{rest}", &word[..p]));
        }
    } else if let Some(p) = word.rfind("or") {
        let rest = &word[p + 2..];
        if p >= 4 && (rest.is_empty() || ["s", "al", "ed", "ing"].contains(&rest)) {
            add(format!("{}our{rest}", &word[..p]));
        }
    }
    if let Some(stem) = word.strip_suffix("ogue") {
        add(format!("{stem}og"));
    }
    if let Some(stem) = word.strip_suffix("tre") {
        add(format!("{stem}ter"));
    }
    if let Some(stem) = word.strip_suffix("tres") {
        add(format!("{stem}ters"));
    }
    if word.contains("ae") && word.len() >= 5 {
        add(word.replacen("ae", "e", 1));
    }
    if word.ends_with("n't") {
        add(word.replace("n't", "nt"));
    }
    out
}

/// What a matched phrase stands for (opaque to this module).
pub type Target = u32;

#[derive(Debug, Clone)]
struct Entry {
    target: Target,
    /// Check the byte before the match is not a word byte.
    left: bool,
    /// The literal prefix ends in a `*` word: extend over word bytes.
    star_end: bool,
    /// Words after the first `*` word: (literal, star).
    tail: Vec<(Vec<u8>, bool)>,
}

/// A compiled set of phrases.
#[derive(Debug, Clone)]
pub struct PhraseSet {
    ac: Option<AhoCorasick>,
    /// Per AC pattern: the entries sharing that literal.
    entries: Vec<Vec<Entry>>,
}

/// Why a phrase cannot be compiled.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PhraseError(pub String);

thread_local! {
    static BUF: RefCell<(Vec<u8>, Vec<u32>)> = const { RefCell::new((Vec::new(), Vec::new())) };
}

impl PhraseSet {
    /// Compiles `phrases` (each with its target).
    ///
    /// # Errors
    /// A phrase that is empty or has `*` other than at a word's end, named by index.
    pub fn new(phrases: &[(&str, Target)]) -> Result<PhraseSet, (usize, PhraseError)> {
        let mut literals: Vec<Vec<u8>> = Vec::new();
        let mut by_literal: HashMap<Vec<u8>, usize> = HashMap::new();
        let mut entries: Vec<Vec<Entry>> = Vec::new();
        for (pi, &(phrase, target)) in phrases.iter().enumerate() {
            for variant in phrase_variants(phrase).map_err(|e| (pi, e))? {
                let (literal, entry) = compile_variant(&variant, target);
                let id = *by_literal.entry(literal.clone()).or_insert_with(|| {
                    literals.push(literal);
                    entries.push(Vec::new());
                    entries.len() - 1
                });
                let dup = entries[id].iter().any(|e| {
                    e.target == entry.target && e.tail == entry.tail && e.star_end == entry.star_end
                });
                if !dup {
                    entries[id].push(entry);
                }
            }
        }
        let ac = if literals.is_empty() {
            None
        } else {
            Some(
                AhoCorasick::builder()
                    .match_kind(MatchKind::Standard)
                    .kind(Some(AhoCorasickKind::DFA))
                    .build(&literals)
                    .or_else(|_| AhoCorasick::builder().match_kind(MatchKind::Standard).build(&literals))
                    .map_err(|e| (0, PhraseError(e.to_string())))?,
            )
        };
        Ok(PhraseSet { ac, entries })
    }

    /// True when the set has no phrase.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.ac.is_none()
    }

    /// Calls `found(target, start, end)` for every occurrence in `text`, with
    /// byte offsets into `text`, in order of match end.
    pub fn for_each_match(&self, text: &str, mut found: impl FnMut(Target, usize, usize)) {
        let Some(ac) = &self.ac else { return };
        BUF.with(|cell| {
            let mut guard = cell.borrow_mut();
            let (norm, map) = &mut *guard;
            normalize_into(text, norm, map);
            for m in ac.find_overlapping_iter(norm.as_slice()) {
                for e in &self.entries[m.pattern().as_usize()] {
                    if let Some(end) = verify(norm, m.start(), m.end(), e) {
                        let s = map[m.start()] as usize;
                        let end_orig = if end == 0 { 0 } else { next_char_end(text, map[end - 1] as usize) };
                        found(e.target, s, end_orig);
                    }
                }
            }
        });
    }
}

/// The end of the character starting at byte `i` of `text`.
fn next_char_end(text: &str, i: usize) -> usize {
    text.get(i..).and_then(|s| s.chars().next()).map_or(text.len(), |c| i + c.len_utf8())
}

fn verify(norm: &[u8], start: usize, end: usize, e: &Entry) -> Option<usize> {
    if e.left && start > 0 && is_word_byte(norm[start - 1]) {
        return None;
    }
    let mut pos = end;
    let last = norm[end - 1];
    if e.star_end {
        while pos < norm.len() && is_word_byte(norm[pos]) {
            pos += 1;
        }
    } else if is_word_byte(last) && pos < norm.len() && is_word_byte(norm[pos]) {
        return None;
    }
    for (word, star) in &e.tail {
        if norm.get(pos) != Some(&b' ') {
            return None;
        }
        pos += 1;
        if !norm[pos..].starts_with(word) {
            return None;
        }
        pos += word.len();
        if *star {
            while pos < norm.len() && is_word_byte(norm[pos]) {
                pos += 1;
            }
        } else if word.last().is_some_and(|&b| is_word_byte(b)) && pos < norm.len() && is_word_byte(norm[pos])
        {
            return None;
        }
    }
    Some(pos)
}

/// One phrase's variants, each a list of (word, star) after normalising.
fn phrase_variants(phrase: &str) -> Result<Vec<Vec<(String, bool)>>, PhraseError> {
    let mut raws = vec![phrase.to_owned()];
    if phrase.contains('-') {
        raws.push(phrase.replace('-', ""));
    }
    let mut out = Vec::new();
    for raw in raws {
        let (mut norm, mut map) = (Vec::new(), Vec::new());
        normalize_into(&raw, &mut norm, &mut map);
        let norm = String::from_utf8_lossy(&norm).into_owned();
        if norm.trim_matches('*').trim().is_empty() {
            return Err(PhraseError("empty phrase".into()));
        }
        let mut per_word: Vec<Vec<(String, bool)>> = Vec::new();
        for w in norm.split(' ') {
            let star = w.ends_with('*');
            let stem = w.trim_end_matches('*');
            if stem.contains('*') {
                return Err(PhraseError(format!("`*` may only end a word, not {w:?}")));
            }
            if stem.is_empty() {
                return Err(PhraseError("a `*` needs a word stem before it".into()));
            }
            per_word.push(word_variants(stem, star).into_iter().map(|v| (v, star)).collect());
        }
        // Cartesian product, capped so that a long phrase stays cheap.
        let mut combos: Vec<Vec<(String, bool)>> = vec![Vec::new()];
        for vs in &per_word {
            let mut next = Vec::new();
            for c in &combos {
                for v in vs {
                    if next.len() >= 64 {
                        break;
                    }
                    let mut c2 = c.clone();
                    c2.push(v.clone());
                    next.push(c2);
                }
            }
            combos = next;
        }
        out.extend(combos);
    }
    Ok(out)
}

fn compile_variant(words: &[(String, bool)], target: Target) -> (Vec<u8>, Entry) {
    let split = words.iter().position(|(_, star)| *star).map_or(words.len(), |i| i + 1);
    let literal = words[..split].iter().map(|(w, _)| w.as_str()).collect::<Vec<_>>().join(" ").into_bytes();
    let entry = Entry {
        target,
        left: literal.first().is_some_and(|&b| is_word_byte(b)),
        star_end: words[split - 1].1,
        tail: words[split..].iter().map(|(w, s)| (w.clone().into_bytes(), *s)).collect(),
    };
    (literal, entry)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spans(phrase: &str, text: &str) -> Vec<String> {
        let set = PhraseSet::new(&[(phrase, 0)]).unwrap_or_else(|e| panic!("{phrase}: {e:?}"));
        let mut out = Vec::new();
        set.for_each_match(text, |_, s, e| out.push(text[s..e].to_owned()));
        out
    }

    #[test]
    fn phrase_table() {
        let cases: &[(&str, &str, &[&str])] = &[
            ("budget*", "school budgets are tight", &["budgets"]),
            ("budget*", "nobudget", &[]),
            ("lift", "LIFT meetings", &["LIFT"]),
            ("lift", "uplifting", &[]),
            ("lift", "the lift's value", &["lift"]),
            ("can't afford", "we can’t afford it", &["can’t afford"]),
            ("can't afford", "we cant afford it", &["cant afford"]),
            ("multi-agency", "multi agency working", &["multi agency"]),
            ("multi-agency", "multiagency working", &["multiagency"]),
            ("multi-agency", "multi–agency working", &["multi–agency"]),
            ("high needs funding", "High  Needs\nFunding", &["High  Needs\nFunding"]),
            ("behaviour", "challenging behavior", &["behavior"]),
            ("behavior", "challenging behaviour", &["behaviour"]),
            ("organis*", "the organization", &["organization"]),
            ("prioritise", "we prioritize", &["prioritize"]),
            ("centre", "a resource center", &["center"]),
            ("paediatric*", "pediatrician waits", &["pediatrician"]),
            ("budget* cut*", "budgets cuts again", &["budgets cuts"]),
            ("budget* cut*", "budgets are cut", &[]),
            ("ehcp*", "EHCPs and EHCP", &["EHCPs", "EHCP"]),
            ("n/a", "N/A", &["N/A"]),
            ("four", "for", &[]),
            ("café", "CAFÉ culture", &["CAFÉ"]),
        ];
        for &(phrase, text, want) in cases {
            assert_eq!(spans(phrase, text), want, "{phrase:?} on {text:?}");
        }
    }

    #[test]
    fn bad_phrases_are_errors() {
        for p in ["", "  ", "*", "bud*get"] {
            assert!(PhraseSet::new(&[(p, 0)]).is_err(), "{p:?}");
        }
    }

    #[test]
    fn normalize_maps_back() {
        let (mut n, mut m) = (Vec::new(), Vec::new());
        normalize_into("  A’b -- C\n\nd ", &mut n, &mut m);
        assert_eq!(String::from_utf8_lossy(&n), "a'b c d");
        assert_eq!(m.len(), n.len() + 1);
    }
}

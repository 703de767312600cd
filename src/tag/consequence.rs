//! Cause → consequence: which of two close themes a comment is *about*.
//!
//! Input: the comment text, its counted hits and the primary-choice scores
//! (best first). Output: the scores reordered when the comment states a
//! cause and then, after an explicit consequence marker ("so more kids…",
//! "→", "=", "leading to", "we'll end up…", "and then"), its consequence:
//! the theme named only after the marker becomes primary, when the theme
//! that would have won is named only before it and the two scores are close
//! ([`CLOSE`]). The labelling convention it follows (eval/README.md):
//! "behaviour escalates -> more suspensions" is counted under the
//! consequence. Invariants: pure; never changes the theme set, only the
//! order of the scores; a theme with no located hit (query-only, `whole`)
//! is never moved and never displaced. A theme is located by its counted
//! hits, one per rule (a rule that matched twice is at its first match).

use super::{Hit, Score, located};

/// How close the consequence's score must be to the winner's (a ratio):
/// close enough to be a near-tie of weights (0.95 against 1.0) or of one
/// extra rule (1.1 against 1.0), never a decisive theme's weight (`none` 3.0).
pub const CLOSE: f64 = 0.9;

/// Markers that introduce a consequence, matched as whole words in the
/// lower-cased text ("so" only before a clause opener, see [`SO_OPENERS`]).
const MARKERS: &[&str] = &[
    "->",
    "-->",
    "=>",
    "→",
    "=",
    "which means",
    "which will mean",
    "which would mean",
    "that means",
    "meaning",
    "leading to",
    "leads to",
    "lead to",
    "will lead to",
    "resulting in",
    "results in",
    "result in",
    "and then",
    "and it",
    "and it'll",
    "and it will",
    "and it would",
    "and the whole",
    "end up",
    "ends up",
    "ending up",
    "resort to",
    "resorting to",
    "knock on",
    "knock-on",
];

/// Words after which "so" starts a consequence clause ("so more kids end
/// up…", "so we lose…") rather than intensifying ("so stretched").
const SO_OPENERS: &[&str] = &[
    "more", "fewer", "less", "the", "they", "we", "kids", "children", "schools", "pupils", "staff",
    "parents", "families", "it", "there", "then", "cyp", "no", "nobody", "heads", "sencos", "everyone",
    "you", "those", "our", "their", "i", "send", "that",
];

/// The markers and "so " in one ASCII-case-insensitive automaton (pattern
/// index = position in [`MARKERS`]; "so " last), built once.
static FINDER: std::sync::LazyLock<aho_corasick::AhoCorasick> = std::sync::LazyLock::new(|| {
    aho_corasick::AhoCorasick::builder()
        .ascii_case_insensitive(true)
        .build(MARKERS.iter().copied().chain(["so "]))
        .expect("the consequence markers compile")
});

/// Byte span of the first consequence marker in `text`, if any: the
/// earliest word-bounded occurrence of a `MARKERS` entry (on a tie, the
/// one listed first), or of "so" before a `SO_OPENERS` word when that
/// comes strictly earlier.
#[must_use]
pub fn marker(text: &str) -> Option<(usize, usize)> {
    let bytes = text.as_bytes();
    let word = |b: u8| b.is_ascii_alphanumeric() || b == b'\'';
    let bounded = |s: usize, e: usize, m: &str| {
        let alpha_start = m.as_bytes().first().is_some_and(|&b| word(b));
        let alpha_end = m.as_bytes().last().is_some_and(|&b| word(b));
        (!alpha_start || s == 0 || !word(bytes[s - 1])) && (!alpha_end || e == bytes.len() || !word(bytes[e]))
    };
    // (start, pattern index, end) of the best candidate so far.
    let mut best: Option<(usize, usize, usize)> = None;
    for m in FINDER.find_overlapping_iter(text) {
        let (s, e, p) = (m.start(), m.end(), m.pattern().as_usize());
        if best.is_some_and(|(bs, bp, _)| (bs, bp) <= (s, p)) {
            continue;
        }
        let ok = if p < MARKERS.len() {
            bounded(s, e, MARKERS[p])
        } else {
            let next: String = text[e..]
                .trim_start()
                .chars()
                .take_while(char::is_ascii_alphanumeric)
                .map(|c| c.to_ascii_lowercase())
                .collect();
            (s == 0 || !word(bytes[s - 1])) && SO_OPENERS.contains(&next.as_str())
        };
        if ok {
            let e = if p < MARKERS.len() { e } else { s + 2 };
            best = Some((s, p, e));
        }
    }
    best.map(|(s, _, e)| (s, e))
}

/// Moves the consequence theme to the front of `scores` (see the module
/// docs); returns the marker's text when it did.
pub fn prefer_consequence<'t>(text: &'t str, hits: &[Hit], scores: &mut [Score]) -> Option<&'t str> {
    if scores.len() < 2 {
        return None;
    }
    let span_of = |theme: usize| {
        let mut lo = usize::MAX;
        let mut hi = 0;
        for h in hits.iter().filter(|h| h.theme == theme && located(h.kind)) {
            lo = lo.min(h.span.0);
            hi = hi.max(h.span.0);
        }
        (lo != usize::MAX).then_some((lo, hi))
    };
    let best = &scores[0];
    let (_, best_last) = span_of(best.theme)?;
    // Only a close runner-up can be moved: look for a marker only then.
    if !scores[1..].iter().any(|c| c.score >= best.score * CLOSE) {
        return None;
    }
    let (ms, me) = marker(text)?; // the consequence may start inside the marker ("and the whole thing…")
    if best_last >= ms {
        return None;
    }
    let pick = scores[1..]
        .iter()
        .position(|c| c.score >= best.score * CLOSE && span_of(c.theme).is_some_and(|(lo, _)| lo >= ms))?;
    scores[..=pick + 1].rotate_right(1);
    text.get(ms..me)
}

/// The `why` line of a primary moved by [`prefer_consequence`] (`scores`
/// already reordered: the consequence first, the theme it displaced second).
pub fn reason<'a>(scores: &[Score], marker: &str, id: impl Fn(usize) -> &'a str) -> String {
    let (c, b) = (&scores[0], &scores[1]);
    format!(
        "{} scored {:.2}, {} scored {:.2}: cause → consequence, the theme named after «{marker}» is primary \
         when its score is within {CLOSE} of the cause's",
        id(c.theme),
        c.score,
        id(b.theme),
        b.score
    )
}

#[cfg(test)]
mod tests {
    use super::marker;

    #[test]
    fn marker_table() {
        // (text, the marker found, or "" for none)
        let cases: &[(&str, &str)] = &[
            ("behaviour escalates -> more suspensions", "->"),
            ("more tribunals = more cost to the LA", "="),
            ("schools less inclusive so more kids in special schools", "so"),
            ("cuts, so we lose the service", "so"),
            ("staff so stretched", ""),
            ("so many referrals", ""),
            ("escalation leading to suspensions", "leading to"),
            ("without advice we'll end up excluding", "end up"),
            ("hurt and then off sick", "and then"),
            ("schools won't buy it and it withers", "and it"),
            ("low buy-in and the whole thing collapses", "and the whole"),
            ("LIFT and its panels", ""),
            ("a meaningful change", ""),
            ("the knock-on effect on EPs", "knock-on"),
            ("first -> then = later", "->"),
            ("", ""),
        ];
        for &(text, want) in cases {
            let got = marker(text).map_or("", |(s, e)| &text[s..e]);
            assert_eq!(got, want, "{text:?}");
        }
    }
}

//! Snippets: the part of a comment that best shows why it matched, with the
//! matching words marked.
//!
//! Pure: text and [`Highlights`] in, a [`Snippet`] out; the caller chooses
//! the markers (colour on a terminal, `«…»` otherwise).

use std::ops::Range;

use tantivy::tokenizer::TextAnalyzer;

use super::query::Highlights;

/// The longest snippet, in characters (ellipses excluded).
pub const MAX_CHARS: usize = 200;
/// How much context to keep before the first highlight, in characters.
const LEAD_CHARS: usize = 40;

/// A fragment of a comment with highlighted byte ranges.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Snippet {
    /// The fragment, line breaks and tabs turned into spaces.
    pub fragment: String,
    /// Highlighted byte ranges in `fragment`, sorted, not overlapping.
    pub highlighted: Vec<Range<usize>>,
    /// The fragment starts after the comment's start.
    pub cut_before: bool,
    /// The fragment ends before the comment's end.
    pub cut_after: bool,
}

impl Snippet {
    /// The fragment with each highlight wrapped in `open`…`close`, and `…`
    /// where the comment was cut.
    #[must_use]
    pub fn render(&self, open: &str, close: &str) -> String {
        let mut out = String::with_capacity(self.fragment.len() + 16);
        if self.cut_before {
            out.push('…');
        }
        let mut at = 0;
        for r in &self.highlighted {
            out.push_str(&self.fragment[at..r.start]);
            out.push_str(open);
            out.push_str(&self.fragment[r.clone()]);
            out.push_str(close);
            at = r.end;
        }
        out.push_str(&self.fragment[at..]);
        if self.cut_after {
            out.push('…');
        }
        out
    }
}

/// Builds snippets for one query (holds the analyzers).
#[derive(Clone)]
pub struct SnippetMaker {
    highlights: Highlights,
    stem: TextAnalyzer,
    exact: TextAnalyzer,
    max_chars: usize,
}

impl SnippetMaker {
    /// A maker for `highlights`.
    #[must_use]
    pub fn new(highlights: Highlights) -> SnippetMaker {
        SnippetMaker {
            highlights,
            stem: crate::index::stem_analyzer(),
            exact: crate::index::exact_analyzer(),
            max_chars: MAX_CHARS,
        }
    }

    /// Sets the longest fragment, in characters.
    #[must_use]
    pub fn max_chars(mut self, n: usize) -> SnippetMaker {
        self.max_chars = n.max(1);
        self
    }

    /// The highlighted byte ranges of `text`, sorted and merged.
    pub fn ranges(&mut self, text: &str) -> Vec<Range<usize>> {
        let h = &self.highlights;
        let mut ranges = Vec::new();
        if !h.stems.is_empty() || !h.fuzzy.is_empty() {
            let mut ts = self.stem.token_stream(text);
            while ts.advance() {
                let t = ts.token();
                let hit = h.stems.contains(&t.text)
                    || h.fuzzy.iter().any(|(s, d)| within(&t.text, s, usize::from(*d)));
                if hit {
                    ranges.push(t.offset_from..t.offset_to);
                }
            }
        }
        if !h.words.is_empty() {
            let mut ts = self.exact.token_stream(text);
            while ts.advance() {
                let t = ts.token();
                if h.words.contains(&t.text) {
                    ranges.push(t.offset_from..t.offset_to);
                }
            }
        }
        ranges.sort_by_key(|r| (r.start, r.end));
        let mut merged: Vec<Range<usize>> = Vec::with_capacity(ranges.len());
        for r in ranges {
            match merged.last_mut() {
                Some(last) if r.start <= last.end => last.end = last.end.max(r.end),
                _ => merged.push(r),
            }
        }
        merged
    }

    /// The best fragment of `text`: the window of at most `max_chars`
    /// characters holding the most highlights (the earliest such window).
    pub fn snippet(&mut self, text: &str) -> Snippet {
        let ranges = self.ranges(text);
        let (start, end) =
            if text.chars().count() <= self.max_chars { (0, text.len()) } else { self.window(text, &ranges) };
        let fragment: String =
            text[start..end].chars().map(|c| if matches!(c, '\n' | '\r' | '\t') { ' ' } else { c }).collect();
        let highlighted = ranges
            .iter()
            .filter(|r| r.start >= start && r.end <= end)
            .map(|r| r.start - start..r.end - start)
            .collect();
        Snippet { fragment, highlighted, cut_before: start > 0, cut_after: end < text.len() }
    }

    fn window(&self, text: &str, ranges: &[Range<usize>]) -> (usize, usize) {
        // Byte offset of every char boundary, so that "n chars" is a lookup.
        let bounds: Vec<usize> = text.char_indices().map(|(i, _)| i).chain([text.len()]).collect();
        let char_at = |byte: usize| bounds.partition_point(|&b| b < byte);
        let fit = |from_char: usize| {
            let end_char = (from_char + self.max_chars).min(bounds.len() - 1);
            (bounds[from_char], bounds[end_char])
        };
        let mut best = (0usize, fit(0));
        for r in ranges {
            let from_char = char_at(r.start).saturating_sub(LEAD_CHARS.min(self.max_chars / 3));
            let (s, e) = fit(from_char);
            let n = ranges.iter().filter(|x| x.start >= s && x.end <= e).count();
            if n > best.0 {
                best = (n, (s, e));
            }
        }
        let (mut s, mut e) = best.1;
        // Snap to word boundaries: start after a space, end before one.
        if s > 0
            && !text[..s].ends_with(char::is_whitespace)
            && let Some(sp) = text[s..e].find(char::is_whitespace)
        {
            let first_hit = ranges.iter().find(|r| r.start >= s).map_or(e, |r| r.start);
            if s + sp < first_hit {
                s += sp + 1;
            }
        }
        if e < text.len()
            && !text[e..].starts_with(char::is_whitespace)
            && let Some(sp) = text[s..e].rfind(char::is_whitespace)
        {
            let last_hit = ranges.iter().rev().find(|r| r.end <= e).map_or(s, |r| r.end);
            if s + sp >= last_hit && sp > 0 {
                e = s + sp;
            }
        }
        (s, e)
    }
}

/// True when `a` and `b` are within `d` edits (insert, delete, substitute,
/// swap of neighbours), as tantivy's fuzzy query counts them.
fn within(a: &str, b: &str, d: usize) -> bool {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    if a.len().abs_diff(b.len()) > d {
        return false;
    }
    // Optimal string alignment distance.
    let (n, m) = (a.len(), b.len());
    let mut dp = vec![vec![0usize; m + 1]; n + 1];
    for (i, row) in dp.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in dp[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=n {
        for j in 1..=m {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut v = (dp[i - 1][j] + 1).min(dp[i][j - 1] + 1).min(dp[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                v = v.min(dp[i - 2][j - 2] + 1);
            }
            dp[i][j] = v;
        }
    }
    dp[n][m] <= d
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::query::parse;

    fn render(q: &str, text: &str, max: usize) -> String {
        let h = parse(q).expect("query").highlights();
        SnippetMaker::new(h).max_chars(max).snippet(text).render("«", "»")
    }

    #[test]
    fn snippets_mark_what_matched() {
        let long = format!("{} the postcode lottery is back {}", "word ".repeat(30), "tail ".repeat(30));
        let cases: &[(&str, &str, usize, &str)] = &[
            (
                "training",
                "More Training, please.\nTrained staff.",
                200,
                "More «Training», please. «Trained» staff.",
            ),
            ("\"pay for\"", "We pay for it; paying for more", 200, "We «pay» «for» it; paying «for» more"),
            ("afford~1", "cannot aford it, affordable?", 200, "cannot «aford» it, «affordable»?"),
            ("budget NOT cuts", "budget cuts", 200, "«budget» cuts"),
            ("nothing", "no match here", 200, "no match here"),
            ("lottery", &long, 40, "…the postcode «lottery» is back tail tail…"),
            ("", "a b c d e f", 5, "a b c…"),
        ];
        for (q, text, max, want) in cases {
            assert_eq!(render(q, text, *max), *want, "{q:?} on {text:?}");
        }
    }

    #[test]
    fn edit_distance_counts_swaps_as_one() {
        let cases =
            [("afford", "aford", 1, true), ("afford", "afofrd", 1, true), ("afford", "xyz", 2, false)];
        for (a, b, d, want) in cases {
            assert_eq!(within(a, b, d), want, "{a} {b} {d}");
        }
    }
}

//! Negation: is a match negated by a word just before it?
//!
//! Input: the original text and a match start. Output: the negating word, if
//! one of `no`, `not`, `never`, `without`, `nothing`, `none`, `nor`,
//! `cannot` or a `n't` word (with or without its apostrophe: `dont`, `cant`)
//! stands within the [`WINDOW`] words before the match, in the same clause
//! (a `.`, `;`, `!`, `?`, `:` or the word `but` ends the look-back).

/// How many words before a match are looked at.
pub const WINDOW: usize = 3;

const NEGATORS: &[&str] = &[
    "no", "not", "never", "without", "nothing", "none", "nor", "cannot", "dont", "cant", "wont", "isnt",
    "arent", "wasnt", "werent", "doesnt", "didnt", "couldnt", "wouldnt", "shouldnt", "havent", "hasnt",
    "hadnt", "aint", "neither",
];

/// The negating word before byte `start` of `text`, within [`WINDOW`] words
/// of the same clause; `None` when the match is not negated.
#[must_use]
pub fn negator_before(text: &str, start: usize) -> Option<&str> {
    let before = text.get(..start)?;
    let mut words = 0;
    let bytes = before.as_bytes();
    let mut i = before.len();
    loop {
        // Skip separators back to the end of the previous word.
        while i > 0 {
            let b = bytes[i - 1];
            if matches!(b, b'.' | b';' | b'!' | b'?' | b':') {
                return None;
            }
            if is_word(b) {
                break;
            }
            i -= 1;
        }
        if i == 0 {
            return None;
        }
        let end = i;
        while i > 0 && is_word(bytes[i - 1]) {
            i -= 1;
        }
        let word = &before[i..end];
        let lower = word.to_lowercase().replace('\u{2019}', "'");
        if lower == "but" {
            return None;
        }
        if NEGATORS.contains(&lower.as_str()) || lower.ends_with("n't") {
            return Some(word);
        }
        words += 1;
        if words >= WINDOW {
            return None;
        }
    }
}

/// Word bytes for the look-back: letters, digits, apostrophes, non-ASCII.
fn is_word(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'\'' || b >= 0x80
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn negation_table() {
        // (text, the match, negated?)
        let cases: &[(&str, &str, bool)] = &[
            ("no advantages at all", "advantages", true),
            ("there would not be any benefit", "benefit", true),
            ("we can't see any upside", "upside", true),
            ("we can’t see any upside", "upside", true),
            ("we cant see any upside", "upside", true),
            ("never any real improvement", "improvement", true),
            ("no. the benefit is clear", "benefit", false),
            ("not great but the benefit is clear", "benefit", false),
            ("no one would say the benefit is small", "benefit", false),
            ("the benefit is clear", "benefit", false),
            ("benefit", "benefit", false),
            ("nothing. LIFT will go", "LIFT", false),
        ];
        for &(text, m, want) in cases {
            let start = text.find(m).unwrap_or_else(|| panic!("{m} in {text}"));
            assert_eq!(negator_before(text, start).is_some(), want, "{text:?} at {m:?}");
        }
    }
}

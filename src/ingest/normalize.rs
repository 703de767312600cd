//! Pure normalisation of cell values: option numbers, question names, text.

/// Collapses runs of whitespace to one space and trims.
#[must_use]
pub fn collapse_spaces(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for word in s.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

const NUMBER_WORDS: [&str; 10] =
    ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"];

fn number_word(w: &str) -> Option<usize> {
    if let Ok(n) = w.parse::<usize>() {
        return (n > 0 && n < 100).then_some(n);
    }
    if let Ok(f) = w.parse::<f64>() {
        // "2.0" as a spreadsheet number
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        return (f.fract() == 0.0 && f > 0.0 && f < 100.0).then_some(f as usize);
    }
    NUMBER_WORDS.iter().position(|n| *n == w).map(|i| i + 1)
}

/// Normalises an option value: "Option 2", "option two", "2", "Option 2 –
/// No change (HNF)" all become "2". A value that names no numbered option is
/// kept as written (trimmed); "n/a", "none", "-" become "".
#[must_use]
pub fn option(value: &str) -> String {
    let v = collapse_spaces(value);
    let lower = v.to_lowercase();
    if matches!(lower.as_str(), "" | "n/a" | "na" | "none" | "-" | "–" | "all" | "general") {
        return String::new();
    }
    let words: Vec<&str> = lower
        .split(|c: char| !(c.is_alphanumeric() || c == '.'))
        .map(|w| w.trim_matches('.'))
        .filter(|w| !w.is_empty())
        .collect();
    // "option 2", "opt 2", "option two", "option no. 2"
    for (i, w) in words.iter().enumerate() {
        if matches!(*w, "option" | "opt" | "options") {
            for next in words.iter().skip(i + 1).take(2) {
                if let Some(n) = number_word(next) {
                    return n.to_string();
                }
                if !matches!(*next, "no" | "number" | "num") {
                    break;
                }
            }
        }
        // "option2", "opt3"
        if let Some(rest) = w.strip_prefix("option").or_else(|| w.strip_prefix("opt"))
            && let Some(n) = number_word(rest)
        {
            return n.to_string();
        }
    }
    // A bare number or number word, possibly followed by a description:
    // "2", "2 - no change", "two".
    if let Some(first) = words.first()
        && let Some(n) = number_word(first)
        && (words.len() == 1 || lower.trim_start().starts_with(|c: char| c.is_ascii_digit()))
    {
        return n.to_string();
    }
    v
}

/// Normalises a question value: the four usual questions (and their
/// singular, pros/cons forms) become lower-case plurals; anything else is
/// kept as written.
#[must_use]
pub fn question(value: &str) -> String {
    let v = collapse_spaces(value);
    let lower = v.to_lowercase();
    let key = lower.trim_end_matches([':', '?', '.']).trim();
    let canon = match key {
        "advantages" | "advantage" | "pros" | "pro" | "positives" => "advantages",
        "disadvantages" | "disadvantage" | "cons" | "con" | "negatives" => "disadvantages",
        "benefits" | "benefit" => "benefits",
        "risks" | "risk" => "risks",
        _ => return v,
    };
    canon.to_owned()
}

/// Cleans a comment's text: line ends to `\n`, control characters (NUL
/// included) removed, each line's trailing spaces and the whole trimmed.
#[must_use]
pub fn text(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut chars = raw.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' => {
                if chars.peek() != Some(&'\n') {
                    out.push('\n');
                }
            }
            '\n' | '\t' => out.push(c),
            '\u{feff}' => {}
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    if out.contains("\n") {
        let lines: Vec<&str> = out.lines().map(str::trim_end).collect();
        lines.join("\n").trim().to_owned()
    } else {
        out.trim().to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn options_normalise() {
        let cases = [
            ("Option 2", "2"),
            ("option two", "2"),
            ("2", "2"),
            ("2.0", "2"),
            ("Option 2 – No change (HNF)", "2"),
            ("Option 4 - Funded by schools", "4"),
            ("OPTION THREE", "3"),
            ("option3", "3"),
            ("Option no. 1", "1"),
            ("3 - traded", "3"),
            ("  Option   1 ", "1"),
            ("n/a", ""),
            ("", ""),
            ("Additional question", "Additional question"),
            ("Traded service", "Traded service"),
        ];
        for (input, want) in cases {
            assert_eq!(option(input), want, "option({input:?})");
        }
    }

    #[test]
    fn questions_normalise() {
        let cases = [
            ("Advantages", "advantages"),
            ("ADVANTAGE", "advantages"),
            ("disadvantages:", "disadvantages"),
            ("Risks", "risks"),
            ("Benefit", "benefits"),
            ("Outcomes for children", "Outcomes for children"),
        ];
        for (input, want) in cases {
            assert_eq!(question(input), want, "question({input:?})");
        }
    }

    #[test]
    fn text_cleans() {
        let cases = [
            ("  hello  ", "hello"),
            ("a\r\nb", "a\nb"),
            ("a\rb", "a\nb"),
            ("a\0b", "ab"),
            ("\u{feff}x", "x"),
            ("line one   \nline two", "line one\nline two"),
            ("\n\n", ""),
        ];
        for (input, want) in cases {
            assert_eq!(text(input), want, "text({input:?})");
        }
    }
}

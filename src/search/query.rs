//! The query language of `tally search`, parsed into an [`Expr`] and then a
//! tantivy query over the index's fields.
//!
//! ```text
//! query   := or?                      (empty: every comment)
//! or      := and ("OR" and)*
//! and     := unary (["AND"] unary)*   (adjacent terms: AND)
//! unary   := ("NOT" | "-") unary | "+"? atom
//! atom    := "(" or ")" | "\"" words "\"" ["~" N] | word ["~" [N]]
//! ```
//!
//! A word matches its stem in the stemmed field (`paying` finds "pay",
//! "paid" does not); `word~N` is fuzzy (edit distance N ≤ 2, default 1) on
//! the stem; a quoted phrase matches the unstemmed words in order, `~N`
//! allowing N moves (slop). `AND`, `OR` and `NOT` are operators only in
//! capitals; lower-case they are words.

use std::fmt;

use tantivy::Term;
use tantivy::query::{
    AllQuery, BooleanQuery, EmptyQuery, FuzzyTermQuery, Occur, PhraseQuery, Query, TermQuery,
};
use tantivy::schema::IndexRecordOption;
use tantivy::tokenizer::TextAnalyzer;

use crate::index::Fields;

/// The largest fuzzy distance (tantivy's automata go to 2).
pub const MAX_FUZZY: u8 = 2;

/// A query syntax error, with where it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntaxError {
    /// The query as typed.
    pub query: String,
    /// Character column (0-based) of the problem.
    pub column: usize,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for SyntaxError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "query syntax error at column {}: {}\n  {}\n  {}^",
            self.column + 1,
            self.message,
            self.query,
            " ".repeat(self.column)
        )
    }
}

impl std::error::Error for SyntaxError {}

/// A parsed query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Expr {
    /// Matches every comment (the empty query).
    All,
    /// A word (stemmed match).
    Word(String),
    /// A word matched with edit distance.
    Fuzzy(String, u8),
    /// Words in order, unstemmed, with slop.
    Phrase(Vec<String>, u32),
    /// All of these must match.
    And(Vec<Expr>),
    /// Any of these.
    Or(Vec<Expr>),
    /// Must not match.
    Not(Box<Expr>),
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Tok {
    Word(String),
    Phrase(String),
    Tilde(Option<u32>),
    Open,
    Close,
    And,
    Or,
    Not,
    Plus,
}

/// Splits `q` into tokens with their character columns.
fn lex(q: &str) -> Result<Vec<(Tok, usize)>, SyntaxError> {
    let err = |column: usize, message: &str| SyntaxError {
        query: q.to_owned(),
        column,
        message: message.to_owned(),
    };
    let chars: Vec<char> = q.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    let word_char = |c: char| !(c.is_whitespace() || matches!(c, '(' | ')' | '"' | '~'));
    while i < chars.len() {
        let c = chars[i];
        let start = i;
        match c {
            c if c.is_whitespace() => i += 1,
            '(' => {
                out.push((Tok::Open, start));
                i += 1;
            }
            ')' => {
                out.push((Tok::Close, start));
                i += 1;
            }
            '"' | '\u{201c}' | '\u{201d}' => {
                i += 1;
                let body_start = i;
                while i < chars.len() && !matches!(chars[i], '"' | '\u{201c}' | '\u{201d}') {
                    i += 1;
                }
                if i == chars.len() {
                    return Err(err(start, "unclosed quote: a phrase needs a closing \""));
                }
                out.push((Tok::Phrase(chars[body_start..i].iter().collect()), start));
                i += 1;
            }
            '~' => {
                if start == 0 || chars[start - 1].is_whitespace() || chars[start - 1] == '(' {
                    return Err(err(start, "~ must follow a word (afford~1) or a phrase (\"pay for\"~2)"));
                }
                i += 1;
                let num_start = i;
                while i < chars.len() && chars[i].is_ascii_digit() {
                    i += 1;
                }
                let n = if i == num_start {
                    None
                } else {
                    let digits: String = chars[num_start..i].iter().collect();
                    Some(
                        digits
                            .parse::<u32>()
                            .map_err(|_| err(num_start, "the number after ~ is too large"))?,
                    )
                };
                if i < chars.len() && word_char(chars[i]) {
                    return Err(err(i, "~ takes a whole number, e.g. afford~1 or \"pay for\"~2"));
                }
                out.push((Tok::Tilde(n), start));
            }
            '+' if i + 1 < chars.len() && word_char(chars[i + 1]) || chars.get(i + 1) == Some(&'"') => {
                out.push((Tok::Plus, start));
                i += 1;
            }
            '-' if i + 1 < chars.len()
                && (chars[i + 1] == '"' || chars[i + 1] == '(' || word_char(chars[i + 1])) =>
            {
                out.push((Tok::Not, start));
                i += 1;
            }
            _ => {
                while i < chars.len() && word_char(chars[i]) {
                    i += 1;
                }
                let w: String = chars[start..i].iter().collect();
                let tok = match w.as_str() {
                    "AND" | "&&" => Tok::And,
                    "OR" | "||" => Tok::Or,
                    "NOT" => Tok::Not,
                    _ => Tok::Word(w),
                };
                out.push((tok, start));
            }
        }
    }
    Ok(out)
}

struct Parser<'a> {
    query: &'a str,
    toks: Vec<(Tok, usize)>,
    pos: usize,
    end: usize,
    stem: TextAnalyzer,
    exact: TextAnalyzer,
}

impl Parser<'_> {
    fn err(&self, column: usize, message: impl Into<String>) -> SyntaxError {
        SyntaxError { query: self.query.to_owned(), column, message: message.into() }
    }

    fn peek(&self) -> Option<&Tok> {
        self.toks.get(self.pos).map(|(t, _)| t)
    }

    fn column(&self) -> usize {
        self.toks.get(self.pos).map_or(self.end, |(_, c)| *c)
    }

    fn or(&mut self) -> Result<Expr, SyntaxError> {
        let mut parts = vec![self.and()?];
        while self.peek() == Some(&Tok::Or) {
            self.pos += 1;
            parts.push(self.and()?);
        }
        Ok(if parts.len() == 1 { parts.remove(0) } else { Expr::Or(parts) })
    }

    fn and(&mut self) -> Result<Expr, SyntaxError> {
        let mut parts = vec![self.unary()?];
        loop {
            match self.peek() {
                Some(Tok::And) => {
                    self.pos += 1;
                    parts.push(self.unary()?);
                }
                Some(Tok::Word(_) | Tok::Phrase(_) | Tok::Open | Tok::Not | Tok::Plus) => {
                    parts.push(self.unary()?);
                }
                _ => break,
            }
        }
        Ok(if parts.len() == 1 { parts.remove(0) } else { Expr::And(parts) })
    }

    fn unary(&mut self) -> Result<Expr, SyntaxError> {
        match self.peek() {
            Some(Tok::Not) => {
                self.pos += 1;
                Ok(Expr::Not(Box::new(self.unary()?)))
            }
            Some(Tok::Plus) => {
                self.pos += 1;
                self.atom()
            }
            _ => self.atom(),
        }
    }

    fn slop(&mut self) -> Option<(Option<u32>, usize)> {
        if let Some((Tok::Tilde(n), col)) = self.toks.get(self.pos) {
            let r = (*n, *col);
            self.pos += 1;
            Some(r)
        } else {
            None
        }
    }

    fn atom(&mut self) -> Result<Expr, SyntaxError> {
        let column = self.column();
        let Some((tok, _)) = self.toks.get(self.pos).cloned() else {
            return Err(self.err(column, "the query ends where a word or phrase was expected"));
        };
        self.pos += 1;
        match tok {
            Tok::Open => {
                if self.peek() == Some(&Tok::Close) {
                    return Err(self.err(column, "empty parentheses"));
                }
                let e = self.or()?;
                if self.peek() != Some(&Tok::Close) {
                    return Err(self.err(column, "unclosed parenthesis: no matching )"));
                }
                self.pos += 1;
                Ok(e)
            }
            Tok::Phrase(body) => {
                let words = analyze(&mut self.exact, &body);
                if words.is_empty() {
                    return Err(self.err(column, "empty phrase: put words between the quotes"));
                }
                let slop = self.slop().map_or(0, |(n, _)| n.unwrap_or(1));
                Ok(Expr::Phrase(words, slop))
            }
            Tok::Word(w) => {
                if let Some((n, col)) = self.slop() {
                    let n = n.unwrap_or(1);
                    let d = u8::try_from(n).ok().filter(|d| *d <= MAX_FUZZY).ok_or_else(|| {
                        self.err(col, format!("fuzzy distance {n} is too large (at most {MAX_FUZZY})"))
                    })?;
                    let stems = analyze(&mut self.stem, &w);
                    return match stems.as_slice() {
                        [] => Err(self.err(column, format!("{w:?} has no letters or digits to search for"))),
                        [one] => Ok(Expr::Fuzzy(one.clone(), d)),
                        _ => Err(self.err(column, format!("fuzzy ~ applies to a single word, not {w:?}"))),
                    };
                }
                let words = analyze(&mut self.exact, &w);
                match words.len() {
                    0 => Err(self.err(column, format!("{w:?} has no letters or digits to search for"))),
                    1 => Ok(Expr::Word(analyze(&mut self.stem, &w).remove(0))),
                    // "high-needs", "can't": the parts, in order.
                    _ => Ok(Expr::Phrase(words, 0)),
                }
            }
            Tok::Close => Err(self.err(column, "unexpected ): no matching (")),
            Tok::And | Tok::Or => Err(self.err(column, "AND/OR needs a word or phrase on both sides")),
            Tok::Not | Tok::Plus => Err(self.err(column, "NOT needs a word or phrase after it")),
            Tok::Tilde(_) => {
                Err(self.err(column, "~ must follow a word (afford~1) or a phrase (\"pay for\"~2)"))
            }
        }
    }
}

fn analyze(a: &mut TextAnalyzer, text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut ts = a.token_stream(text);
    while ts.advance() {
        out.push(ts.token().text.clone());
    }
    out
}

/// Parses `q` (see the module doc for the syntax).
///
/// # Errors
/// A syntax error, with its column.
pub fn parse(q: &str) -> Result<Expr, SyntaxError> {
    let toks = lex(q)?;
    if toks.is_empty() {
        return Ok(Expr::All);
    }
    let mut p = Parser {
        query: q,
        toks,
        pos: 0,
        end: q.chars().count(),
        stem: crate::index::stem_analyzer(),
        exact: crate::index::exact_analyzer(),
    };
    let e = p.or()?;
    if p.pos < p.toks.len() {
        let col = p.column();
        let msg = match p.peek() {
            Some(Tok::Close) => "unexpected ): no matching (",
            _ => "unexpected text here",
        };
        return Err(p.err(col, msg));
    }
    Ok(e)
}

impl Expr {
    /// The tantivy query for this expression over `fields`.
    #[must_use]
    pub fn to_query(&self, fields: &Fields) -> Box<dyn Query> {
        match self {
            Expr::All => Box::new(AllQuery),
            Expr::Word(stem) => Box::new(TermQuery::new(
                Term::from_field_text(fields.text, stem),
                IndexRecordOption::WithFreqs,
            )),
            Expr::Fuzzy(stem, d) => {
                let term = Term::from_field_text(fields.text, stem);
                // The exact stem scores by BM25, near misses add a constant.
                Box::new(BooleanQuery::new(vec![
                    (Occur::Should, Box::new(TermQuery::new(term.clone(), IndexRecordOption::WithFreqs))),
                    (Occur::Should, Box::new(FuzzyTermQuery::new(term, *d, true))),
                ]))
            }
            Expr::Phrase(words, slop) => {
                let terms: Vec<Term> = words.iter().map(|w| Term::from_field_text(fields.exact, w)).collect();
                if let [one] = terms.as_slice() {
                    Box::new(TermQuery::new(one.clone(), IndexRecordOption::WithFreqs))
                } else {
                    let mut q = PhraseQuery::new(terms);
                    q.set_slop(*slop);
                    Box::new(q)
                }
            }
            Expr::And(parts) => {
                let mut clauses: Vec<(Occur, Box<dyn Query>)> = parts
                    .iter()
                    .map(|p| match p {
                        Expr::Not(inner) => (Occur::MustNot, inner.to_query(fields)),
                        other => (Occur::Must, other.to_query(fields)),
                    })
                    .collect();
                if clauses.iter().all(|(o, _)| *o == Occur::MustNot) {
                    clauses.push((Occur::Must, Box::new(AllQuery)));
                }
                Box::new(BooleanQuery::new(clauses))
            }
            Expr::Or(parts) => {
                let clauses = parts.iter().map(|p| (Occur::Should, p.to_query(fields))).collect::<Vec<_>>();
                if clauses.is_empty() { Box::new(EmptyQuery) } else { Box::new(BooleanQuery::new(clauses)) }
            }
            Expr::Not(inner) => Box::new(BooleanQuery::new(vec![
                (Occur::Must, Box::new(AllQuery)),
                (Occur::MustNot, inner.to_query(fields)),
            ])),
        }
    }

    /// What to highlight: the stems, the exact words and the fuzzy stems of
    /// every positive (not negated) part.
    #[must_use]
    pub fn highlights(&self) -> Highlights {
        let mut h = Highlights::default();
        self.collect(&mut h, false);
        h
    }

    fn collect(&self, h: &mut Highlights, negated: bool) {
        match self {
            Expr::All => {}
            Expr::Word(s) if !negated => h.stems.push(s.clone()),
            Expr::Fuzzy(s, d) if !negated => h.fuzzy.push((s.clone(), *d)),
            Expr::Phrase(words, _) if !negated => h.words.extend(words.iter().cloned()),
            Expr::Word(_) | Expr::Fuzzy(..) | Expr::Phrase(..) => {}
            Expr::And(parts) | Expr::Or(parts) => parts.iter().for_each(|p| p.collect(h, negated)),
            Expr::Not(inner) => inner.collect(h, !negated),
        }
    }
}

/// The terms a snippet highlights.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Highlights {
    /// Stems (from words): a token whose stem is one of these.
    pub stems: Vec<String>,
    /// Unstemmed lower-case words (from phrases).
    pub words: Vec<String>,
    /// Fuzzy stems with their distance.
    pub fuzzy: Vec<(String, u8)>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn w(s: &str) -> Expr {
        Expr::Word(s.to_owned())
    }

    fn ph(words: &[&str], slop: u32) -> Expr {
        Expr::Phrase(words.iter().map(|s| (*s).to_owned()).collect(), slop)
    }

    #[test]
    fn parses() {
        let cases: Vec<(&str, Expr)> = vec![
            ("", Expr::All),
            ("   ", Expr::All),
            ("training", w("train")),
            ("Paying", w("pay")),
            ("postcode lottery", Expr::And(vec![w("postcod"), w("lotteri")])),
            ("a AND b", Expr::And(vec![w("a"), w("b")])),
            ("a OR b c", Expr::Or(vec![w("a"), Expr::And(vec![w("b"), w("c")])])),
            ("a or b", Expr::And(vec![w("a"), w("or"), w("b")])),
            ("NOT a", Expr::Not(Box::new(w("a")))),
            ("a -b", Expr::And(vec![w("a"), Expr::Not(Box::new(w("b")))])),
            ("+a", w("a")),
            ("(a OR b) c", Expr::And(vec![Expr::Or(vec![w("a"), w("b")]), w("c")])),
            ("\"Pay for\"", ph(&["pay", "for"], 0)),
            ("\"pay for\"~2", ph(&["pay", "for"], 2)),
            ("“pay for”", ph(&["pay", "for"], 0)),
            ("afford~1", Expr::Fuzzy("afford".into(), 1)),
            ("afford~", Expr::Fuzzy("afford".into(), 1)),
            ("trainings~2", Expr::Fuzzy("train".into(), 2)),
            ("high-needs", ph(&["high", "needs"], 0)),
            ("can't", ph(&["can", "t"], 0)),
            ("£500", w("500")),
        ];
        for (q, want) in cases {
            assert_eq!(parse(q), Ok(want), "{q:?}");
        }
    }

    #[test]
    fn syntax_errors_say_where() {
        let cases: &[(&str, usize, &str)] = &[
            ("\"pay for", 0, "unclosed quote"),
            ("a (b OR c", 2, "unclosed parenthesis"),
            ("a b)", 3, "unexpected )"),
            ("a OR", 4, "ends where"),
            ("OR a", 0, "AND/OR"),
            ("afford~3", 6, "too large"),
            ("afford~x", 7, "whole number"),
            ("\"\"", 0, "empty phrase"),
            ("a ~2", 2, "~ must follow"),
            ("()", 0, "empty parentheses"),
            ("a NOT", 5, "ends where"),
            ("!!!", 0, "no letters"),
        ];
        for (q, column, msg) in cases {
            let e = parse(q).expect_err(q);
            assert_eq!(e.column, *column, "{q:?}: {e}");
            assert!(e.message.contains(msg), "{q:?}: {e}");
        }
        let shown = parse("pay (for").expect_err("error").to_string();
        assert_eq!(
            shown,
            "query syntax error at column 5: unclosed parenthesis: no matching )\n  pay (for\n      ^"
        );
    }

    #[test]
    fn negated_terms_are_not_highlighted() {
        let e = parse("\"pay for\" afford~1 training NOT budget").expect("parse");
        let h = e.highlights();
        assert_eq!(h.words, ["pay", "for"]);
        assert_eq!(h.fuzzy, [("afford".to_owned(), 1)]);
        assert_eq!(h.stems, ["train"]);
    }
}

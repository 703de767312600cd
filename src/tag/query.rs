//! Query rules: tantivy queries over an in-RAM index of the whole batch.
//!
//! Input: the taxonomy's `query` rules and a batch of texts. Output: for each
//! rule, the comments it matches. How: the text is analysed with an English
//! stemmer and NO stop-word removal ("no" and "not" stay searchable); every
//! query is parsed once (at taxonomy validation, so a bad query is a
//! taxonomy error) and run once over one index of the whole batch; a
//! comment's index in the batch is a fast field, so results map back
//! whatever the segment layout. No index is built when there is no query.
//!
//! Syntax (tantivy's grammar, one field): words, `"phrases"`, `"phrase
//! slop"~2`, `AND`/`OR`/`NOT`, `+must -mustnot`, `(groups)`, `^boost`; and,
//! as tally's addition, `word~1` / `word~2` is a fuzzy term (edit distance)
//! and `word*` a prefix of a lower-cased (unstemmed) word.

use tantivy::collector::DocSetCollector;
use tantivy::query::{
    AllQuery, BooleanQuery, BoostQuery, EmptyQuery, FuzzyTermQuery, Occur, PhrasePrefixQuery, PhraseQuery,
    Query, TermQuery,
};
use tantivy::query_grammar::{self, Delimiter, UserInputAst, UserInputLeaf, UserInputLiteral};
use tantivy::schema::{Field, IndexRecordOption, NumericOptions, Schema, TextFieldIndexing, TextOptions};
use tantivy::tokenizer::{
    AsciiFoldingFilter, Language, LowerCaser, RemoveLongFilter, SimpleTokenizer, Stemmer, TextAnalyzer,
};
use tantivy::{Index, IndexWriter, TantivyDocument, Term};

/// The name the analyser is registered under.
pub const TOKENIZER: &str = "tally_en";

/// The analyser: simple tokens, lower case, ASCII folding, English stemmer,
/// no stop words.
#[must_use]
pub fn analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(40))
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .filter(Stemmer::new(Language::English))
        .build()
}

fn prefix_analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default()).filter(LowerCaser).filter(AsciiFoldingFilter).build()
}

/// The schema: the text (stemmed, with positions) and the comment's index.
fn schema() -> (Schema, Field, Field) {
    let mut b = Schema::builder();
    let indexing = TextFieldIndexing::default()
        .set_tokenizer(TOKENIZER)
        .set_index_option(IndexRecordOption::WithFreqsAndPositions);
    let text = b.add_text_field("text", TextOptions::default().set_indexing_options(indexing));
    let ord = b.add_u64_field("ord", NumericOptions::default().set_fast());
    (b.build(), text, ord)
}

/// A query rule that parsed.
pub struct CompiledQuery {
    query: Box<dyn Query>,
}

impl std::fmt::Debug for CompiledQuery {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CompiledQuery").finish_non_exhaustive()
    }
}

/// Parses one query rule.
///
/// # Errors
/// The grammar rejects it, or it uses a feature tally does not support
/// (field names, ranges, sets, regexes), as a message.
pub fn compile(rule: &str) -> Result<CompiledQuery, String> {
    let (_, field, _) = schema();
    let ast = query_grammar::parse_query(rule).map_err(|_| "tantivy cannot parse this query".to_owned())?;
    let mut stem = analyzer();
    let mut plain = prefix_analyzer();
    let query = convert(&ast, field, &mut stem, &mut plain)?;
    Ok(CompiledQuery { query })
}

fn tokens(an: &mut TextAnalyzer, text: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    let mut ts = an.token_stream(text);
    while ts.advance() {
        let t = ts.token();
        out.push((t.position, t.text.clone()));
    }
    out
}

fn convert(
    ast: &UserInputAst,
    field: Field,
    stem: &mut TextAnalyzer,
    plain: &mut TextAnalyzer,
) -> Result<Box<dyn Query>, String> {
    match ast {
        UserInputAst::Clause(clauses) => {
            let mut subs = Vec::with_capacity(clauses.len());
            for (occur, sub) in clauses {
                let occur = match occur {
                    Some(query_grammar::Occur::Must) => Occur::Must,
                    Some(query_grammar::Occur::MustNot) => Occur::MustNot,
                    Some(query_grammar::Occur::Should) | None => Occur::Should,
                };
                subs.push((occur, convert(sub, field, stem, plain)?));
            }
            if !subs.is_empty() && subs.iter().all(|(o, _)| *o == Occur::MustNot) {
                subs.push((Occur::Must, Box::new(AllQuery)));
            }
            Ok(Box::new(BooleanQuery::new(subs)))
        }
        UserInputAst::Boost(sub, boost) => {
            #[allow(clippy::cast_possible_truncation)]
            let b = boost.into_inner() as f32;
            Ok(Box::new(BoostQuery::new(convert(sub, field, stem, plain)?, b)))
        }
        UserInputAst::Leaf(leaf) => match &**leaf {
            UserInputLeaf::Literal(lit) => literal(lit, field, stem, plain),
            UserInputLeaf::All => Ok(Box::new(AllQuery)),
            UserInputLeaf::Range { .. } => Err("ranges are not supported".into()),
            UserInputLeaf::Set { .. } => Err("sets (IN [...]) are not supported".into()),
            UserInputLeaf::Exists { .. } => Err("field:* is not supported".into()),
            UserInputLeaf::Regex { .. } => Err("regex queries are not supported: use a regex rule".into()),
        },
    }
}

fn literal(
    lit: &UserInputLiteral,
    field: Field,
    stem: &mut TextAnalyzer,
    plain: &mut TextAnalyzer,
) -> Result<Box<dyn Query>, String> {
    if let Some(f) = &lit.field_name {
        return Err(format!("field names ({f}:) are not supported: there is one text field"));
    }
    let bare = lit.delimiter == Delimiter::None;
    if bare && lit.phrase.ends_with('*') && !lit.phrase[..lit.phrase.len() - 1].contains(char::is_whitespace)
    {
        let toks = tokens(plain, lit.phrase.trim_end_matches('*'));
        let [(_, t)] = toks.as_slice() else {
            return Err("a prefix (word*) needs exactly one word before the *".into());
        };
        return Ok(Box::new(FuzzyTermQuery::new_prefix(Term::from_field_text(field, t), 0, true)));
    }
    if bare && let Some((word, dist)) = lit.phrase.rsplit_once('~') {
        let d: u8 = dist.parse().map_err(|_| format!("bad fuzzy distance in {:?}", lit.phrase))?;
        if !(1..=2).contains(&d) {
            return Err("fuzzy distance (word~N) must be 1 or 2".into());
        }
        let toks = tokens(stem, word);
        let [(_, t)] = toks.as_slice() else {
            return Err("a fuzzy term (word~N) needs exactly one word".into());
        };
        return Ok(Box::new(FuzzyTermQuery::new(Term::from_field_text(field, t), d, true)));
    }
    let toks = tokens(stem, &lit.phrase);
    match toks.as_slice() {
        [] => Ok(Box::new(EmptyQuery)),
        [(_, t)] if !lit.prefix => {
            Ok(Box::new(TermQuery::new(Term::from_field_text(field, t), IndexRecordOption::Basic)))
        }
        many => {
            let terms: Vec<(usize, Term)> =
                many.iter().map(|(p, t)| (*p, Term::from_field_text(field, t))).collect();
            if lit.prefix {
                Ok(Box::new(PhrasePrefixQuery::new_with_offset(terms)))
            } else {
                Ok(Box::new(PhraseQuery::new_with_offset_and_slop(terms, lit.slop)))
            }
        }
    }
}

/// Runs every query over `texts` (one index for the batch). Returns, per
/// query, the sorted indices of the texts it matches.
///
/// # Errors
/// tantivy fails to build or search the in-RAM index (a message).
pub fn run_all(queries: &[&CompiledQuery], texts: &[&str], threads: usize) -> Result<Vec<Vec<u32>>, String> {
    if queries.is_empty() {
        return Ok(Vec::new());
    }
    let err = |e: tantivy::TantivyError| e.to_string();
    let (schema, field, ord) = schema();
    let index = Index::create_in_ram(schema);
    index.tokenizers().register(TOKENIZER, analyzer());
    let budget = 64_000_000 * threads.max(1);
    let mut wtr: IndexWriter = index.writer_with_num_threads(threads.clamp(1, 8), budget).map_err(err)?;
    for (i, t) in texts.iter().enumerate() {
        let mut doc = TantivyDocument::default();
        doc.add_text(field, t);
        doc.add_u64(ord, i as u64);
        wtr.add_document(doc).map_err(err)?;
    }
    wtr.commit().map_err(err)?;
    let reader = index.reader().map_err(err)?;
    let searcher = reader.searcher();
    let columns: Vec<_> = searcher
        .segment_readers()
        .iter()
        .map(|s| s.fast_fields().u64("ord"))
        .collect::<Result<_, _>>()
        .map_err(err)?;
    let mut out = Vec::with_capacity(queries.len());
    for q in queries {
        let docs = searcher.search(&*q.query, &DocSetCollector).map_err(err)?;
        let mut ids: Vec<u32> = docs
            .into_iter()
            .filter_map(|a| columns[a.segment_ord as usize].first(a.doc_id))
            .filter_map(|o| u32::try_from(o).ok())
            .collect();
        ids.sort_unstable();
        out.push(ids);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn query_table() {
        let texts = [
            "We cannot pay for this",               // 0
            "Schools will have to pay more for it", // 1
            "no advantages at all",                 // 2
            "the budgets are not affordable",       // 3
            "we can't afford it",                   // 4
            "unaffordable and no funding",          // 5
            "organisation of the service",          // 6
        ];
        let cases: &[(&str, &[u32])] = &[
            ("\"pay for\"", &[0]),
            ("\"pay for\"~2", &[0, 1]),
            ("afford", &[3, 4]),
            ("afford~1", &[3, 4]),
            ("aford~1", &[3, 4]),
            ("\"no advantage\"", &[2]),
            ("no AND funding", &[5]),
            ("budget AND NOT pay", &[3]),
            ("budget AND NOT afford", &[]),
            ("-pay", &[2, 3, 4, 5, 6]),
            ("+no -funding", &[2]),
            ("organ*", &[6]),
            ("\"can t afford\"", &[4]),
        ];
        let compiled: Vec<CompiledQuery> =
            cases.iter().map(|(q, _)| compile(q).unwrap_or_else(|e| panic!("{q}: {e}"))).collect();
        let refs: Vec<&CompiledQuery> = compiled.iter().collect();
        let got = run_all(&refs, &texts, 1).unwrap_or_else(|e| panic!("{e}"));
        for ((q, want), got) in cases.iter().zip(got) {
            assert_eq!(got, *want, "{q}");
        }
    }

    #[test]
    fn bad_queries_are_errors() {
        for q in ["\"unclosed", "text:foo", "a~3", "[a TO b]", "AND"] {
            assert!(compile(q).is_err(), "{q}");
        }
    }
}

//! Query rules: tantivy queries, evaluated from token positions or over an
//! in-RAM index of the whole batch.
//!
//! Input: the taxonomy's `query` rules and a batch of texts. Output: for each
//! rule, the comments it matches. How: the text is analysed with an English
//! stemmer and NO stop-word removal ("no" and "not" stay searchable); every
//! query is parsed once (at taxonomy validation, so a bad query is a
//! taxonomy error). A rule that is one term or one phrase (`"a b"~N`, the
//! common case) is evaluated directly: each comment is tokenised with the same
//! analyser (stems memoised per thread) and the phrase is checked on the
//! positions of its terms exactly as tantivy's phrase scorer does, so no
//! index is built ([`run_all`]). Any other rule runs once over one index of
//! the whole batch; a comment's index in the batch is a fast field, so
//! results map back whatever the segment layout. No index is built when no
//! rule needs one.
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

use std::cell::RefCell;
use std::collections::HashMap;

use rayon::prelude::*;
use tantivy::tokenizer::RawTokenizer;

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
    /// Set when the rule is one term or one phrase: evaluated without an index.
    direct: Option<Phrase>,
}

/// One term or one phrase: the stemmed terms with their positions in the
/// query, and the slop (0 for a term or an exact phrase). No term: matches
/// nothing (tantivy's `EmptyQuery`).
#[derive(Debug, Clone)]
struct Phrase {
    terms: Vec<(usize, String)>,
    slop: u32,
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
    let direct = direct_of(&ast, &mut stem);
    Ok(CompiledQuery { query, direct })
}

/// The phrase a query is, when it is one term or one phrase (possibly
/// boosted, or the single clause of a group), as [`literal`] would build it.
fn direct_of(ast: &UserInputAst, stem: &mut TextAnalyzer) -> Option<Phrase> {
    match ast {
        UserInputAst::Clause(clauses) => match clauses.as_slice() {
            [(occur, sub)] if *occur != Some(query_grammar::Occur::MustNot) => direct_of(sub, stem),
            _ => None,
        },
        UserInputAst::Boost(sub, _) => direct_of(sub, stem),
        UserInputAst::Leaf(leaf) => match &**leaf {
            UserInputLeaf::Literal(lit) if lit.field_name.is_none() && !lit.prefix => {
                let bare = lit.delimiter == Delimiter::None;
                if bare && (lit.phrase.ends_with('*') || lit.phrase.contains('~')) {
                    return None;
                }
                Some(Phrase { terms: tokens(stem, &lit.phrase), slop: lit.slop })
            }
            _ => None,
        },
    }
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

/// Runs every query over `texts`. Returns, per query, the sorted indices of
/// the texts it matches. Term and phrase rules are evaluated from each text's
/// token positions (`run_direct`); the others over one index of the batch.
///
/// # Errors
/// tantivy fails to build or search the in-RAM index (a message).
pub fn run_all(queries: &[&CompiledQuery], texts: &[&str], threads: usize) -> Result<Vec<Vec<u32>>, String> {
    if queries.is_empty() {
        return Ok(Vec::new());
    }
    let mut out: Vec<Vec<u32>> = vec![Vec::new(); queries.len()];
    let (direct, indexed): (Vec<usize>, Vec<usize>) =
        (0..queries.len()).partition(|&i| queries[i].direct.is_some());
    if !indexed.is_empty() {
        let qs: Vec<&CompiledQuery> = indexed.iter().map(|&i| queries[i]).collect();
        for (i, ids) in indexed.iter().zip(run_indexed(&qs, texts, threads)?) {
            out[*i] = ids;
        }
    }
    if !direct.is_empty() {
        let phrases: Vec<&Phrase> = direct.iter().filter_map(|&i| queries[i].direct.as_ref()).collect();
        for (i, ids) in direct.iter().zip(run_direct(&phrases, texts)) {
            out[*i] = ids;
        }
    }
    Ok(out)
}

/// The per-thread tokeniser state of [`run_direct`].
struct Scratch {
    /// tantivy's word splitter (the first stage of [`analyzer`]).
    words: TextAnalyzer,
    /// The rest of [`analyzer`], applied to one word at a time.
    filters: TextAnalyzer,
    /// Raw word -> stem, memoised (bounded by [`CACHE_MAX`]).
    cache: HashMap<String, String, FxBuild>,
}

/// A fast, non-cryptographic string hasher (rustc's "Fx", from `rustc-hash`)
/// for the per-token lookups of [`run_direct`]: SipHash was ~3% of tagging.
/// Keys are the corpus's own words and lookups never iterate, so results
/// cannot depend on it.
type FxBuild = rustc_hash::FxBuildHasher;

/// Words a thread's stem memo keeps before starting afresh.
const CACHE_MAX: usize = 1 << 17;

thread_local! {
    static SCRATCH: RefCell<Option<Scratch>> = const { RefCell::new(None) };
}

/// Calls `found(stem, position)` for every token [`analyzer`] yields on `text`.
fn for_each_token(text: &str, mut found: impl FnMut(&str, u32)) {
    SCRATCH.with(|cell| {
        let mut guard = cell.borrow_mut();
        let s = guard.get_or_insert_with(|| Scratch {
            words: TextAnalyzer::builder(SimpleTokenizer::default()).build(),
            filters: TextAnalyzer::builder(RawTokenizer::default())
                .filter(RemoveLongFilter::limit(40))
                .filter(LowerCaser)
                .filter(AsciiFoldingFilter)
                .filter(Stemmer::new(Language::English))
                .build(),
            cache: HashMap::default(),
        });
        let Scratch { words, filters, cache } = s;
        let mut ts = words.token_stream(text);
        while ts.advance() {
            let tok = ts.token();
            let pos = u32::try_from(tok.position).unwrap_or(u32::MAX);
            if let Some(stem) = cache.get(tok.text.as_str()) {
                if !stem.is_empty() {
                    found(stem, pos);
                }
                continue;
            }
            // Empty: the word is dropped (too long).
            let mut fs = filters.token_stream(&tok.text);
            let stem = if fs.advance() { fs.token().text.clone() } else { String::new() };
            drop(fs);
            if !stem.is_empty() {
                found(&stem, pos);
            }
            if cache.len() >= CACHE_MAX {
                cache.clear();
            }
            cache.insert(tok.text.clone(), stem);
        }
    });
}

/// Evaluates term and phrase rules without an index: per text, the
/// positions of the rules' terms; a rule matches a text holding every one of
/// its terms whose positions pass tantivy's phrase check ([`phrase_exists`]).
/// tantivy walks a phrase's terms rarest first (by document frequency in the
/// segment); here by document frequency in the batch, ties in query order.
fn run_direct(phrases: &[&Phrase], texts: &[&str]) -> Vec<Vec<u32>> {
    let mut vocab: HashMap<&str, u32, FxBuild> = HashMap::default();
    // Per phrase: (term id, shift) per query term, sorted by query position.
    let mut slots: Vec<Vec<(u32, u32)>> = Vec::with_capacity(phrases.len());
    for p in phrases {
        let max = p.terms.iter().map(|&(off, _)| off).max().unwrap_or(0);
        let mut s = Vec::with_capacity(p.terms.len());
        for (off, t) in &p.terms {
            let next = u32::try_from(vocab.len()).unwrap_or(u32::MAX);
            let id = *vocab.entry(t.as_str()).or_insert(next);
            s.push((id, u32::try_from(max - off).unwrap_or(0), *off));
        }
        s.sort_by_key(|&(_, _, off)| off);
        slots.push(s.into_iter().map(|(id, shift, _)| (id, shift)).collect());
    }
    // Per text: (term id, position) of every query term, in text order.
    let found: Vec<Vec<(u32, u32)>> = texts
        .par_iter()
        .map(|t| {
            let mut v = Vec::new();
            for_each_token(t, |stem, pos| {
                if let Some(&id) = vocab.get(stem) {
                    v.push((id, pos));
                }
            });
            v
        })
        .collect();
    let mut df = vec![0u64; vocab.len()];
    let mut seen = vec![usize::MAX; vocab.len()];
    for (i, v) in found.iter().enumerate() {
        for &(id, _) in v {
            if seen[id as usize] != i {
                seen[id as usize] = i;
                df[id as usize] += 1;
            }
        }
    }
    // Per phrase, its slots walked rarest first (stable: ties in query order).
    let order: Vec<Vec<(u32, u32)>> = slots
        .iter()
        .map(|s| {
            let mut o = s.clone();
            o.sort_by_key(|&(id, _)| df[id as usize]);
            o
        })
        .collect();
    let per_text: Vec<Vec<u32>> = found
        .par_iter()
        .map(|v| {
            let mut hits = Vec::new();
            if v.is_empty() {
                return hits;
            }
            let mut lists: Vec<Vec<u32>> = Vec::new();
            for (qi, (p, o)) in phrases.iter().zip(&order).enumerate() {
                if o.is_empty() || !o.iter().all(|&(id, _)| v.iter().any(|&(t, _)| t == id)) {
                    continue;
                }
                lists.clear();
                for &(id, shift) in o {
                    lists.push(v.iter().filter(|&&(t, _)| t == id).map(|&(_, pos)| pos + shift).collect());
                }
                if phrase_exists(&mut lists, p.slop) {
                    hits.push(u32::try_from(qi).unwrap_or(u32::MAX));
                }
            }
            hits
        })
        .collect();
    let mut out: Vec<Vec<u32>> = vec![Vec::new(); phrases.len()];
    for (i, hits) in per_text.iter().enumerate() {
        for &qi in hits {
            out[qi as usize].push(u32::try_from(i).unwrap_or(u32::MAX));
        }
    }
    out
}

/// tantivy 0.27's `PhraseScorer::phrase_exists` on one document: `lists`
/// holds each term's positions (shifted by its offset), in the order the
/// scorer walks them; none is empty.
fn phrase_exists(lists: &mut [Vec<u32>], slop: u32) -> bool {
    let n = lists.len();
    if n == 1 {
        return true;
    }
    let mut left = std::mem::take(&mut lists[0]);
    let mut left_slops: Vec<u8> = Vec::new();
    let mut pos_buf: Vec<u32> = Vec::new();
    let mut slop_buf: Vec<u8> = Vec::new();
    for right in &lists[1..n - 1] {
        if slop > 0 {
            carrying_slop(&mut left, &mut left_slops, right, slop, &mut pos_buf, &mut slop_buf);
        } else {
            intersect(&mut left, right);
        }
        if left.is_empty() {
            return false;
        }
    }
    let right = &lists[n - 1];
    let (mut li, mut ri) = (0, 0);
    while li < left.len() && ri < right.len() {
        let (l, r) = (left[li], right[ri]);
        if (slop > 0 && l.abs_diff(r) <= slop) || l == r {
            return true;
        } else if l < r {
            li += 1;
        } else {
            ri += 1;
        }
    }
    false
}

/// tantivy's exact `intersection`: keeps in `left` the values also in `right`.
fn intersect(left: &mut Vec<u32>, right: &[u32]) {
    let (mut li, mut ri, mut count) = (0, 0, 0);
    while li < left.len() && ri < right.len() {
        match left[li].cmp(&right[ri]) {
            std::cmp::Ordering::Less => li += 1,
            std::cmp::Ordering::Equal => {
                left[count] = left[li];
                count += 1;
                li += 1;
                ri += 1;
            }
            std::cmp::Ordering::Greater => ri += 1,
        }
    }
    left.truncate(count);
}

/// tantivy 0.27's `intersection_count_with_carrying_slop` with `update_left`
/// (MIT, quickwit-oss/tantivy `src/query/phrase_query/phrase_scorer.rs`),
/// kept step for step so that matches agree with the index.
#[allow(clippy::cast_possible_truncation)]
fn carrying_slop(
    left: &mut Vec<u32>,
    left_slops: &mut Vec<u8>,
    right: &[u32],
    max_slop: u32,
    pos_buf: &mut Vec<u32>,
    slop_buf: &mut Vec<u8>,
) {
    if left.is_empty() || right.is_empty() {
        left.clear();
        left_slops.clear();
        return;
    }
    let add = |val: (u8, u32), new_left: &mut Vec<u32>, new_slops: &mut Vec<u8>| {
        if new_left.last() == Some(&val.1) {
            if let Some(last) = new_slops.last_mut() {
                *last = (*last).min(val.0);
            }
        } else {
            new_left.push(val.1);
            new_slops.push(val.0);
        }
    };
    let (mut li, mut ri) = (0, 0);
    loop {
        let left_val = left[li];
        let slop_so_far = left_slops.get(li).copied().unwrap_or(0);
        let right_val = right[ri];
        let distance = u32::from(slop_so_far) + left_val.abs_diff(right_val);
        if distance <= max_slop {
            let (smaller, larger, mut idx, smaller_positions) = if left_val < right_val {
                (left_val, right_val, li, left.as_slice())
            } else {
                (right_val, left_val, ri, right)
            };
            let mut new_slop = distance;
            add((new_slop as u8, smaller), pos_buf, slop_buf);
            while idx + 1 < smaller_positions.len() {
                let next = smaller_positions[idx + 1];
                if next > larger {
                    break;
                }
                idx += 1;
                new_slop = u32::from(slop_so_far) + next.abs_diff(larger);
                add((new_slop as u8, next), pos_buf, slop_buf);
            }
            add((new_slop as u8, larger), pos_buf, slop_buf);
            li += 1;
            ri += 1;
        } else if left_val < right_val {
            li += 1;
        } else {
            ri += 1;
        }
        if li >= left.len() || ri >= right.len() {
            if li >= left.len() {
                let left_val = left[left.len() - 1];
                let slop_so_far = left_slops.last().copied().unwrap_or(0);
                for &r in &right[ri..] {
                    let new_slop = left_val.abs_diff(r) + u32::from(slop_so_far);
                    if new_slop <= max_slop {
                        add((new_slop as u8, r), pos_buf, slop_buf);
                    }
                }
            } else {
                let right_val = right[right.len() - 1];
                for (l_idx, &l) in left.iter().enumerate().skip(li) {
                    let slop_so_far = left_slops.get(l_idx).copied().unwrap_or(0);
                    let new_slop = l.abs_diff(right_val) + u32::from(slop_so_far);
                    if new_slop <= max_slop {
                        add((new_slop as u8, l), pos_buf, slop_buf);
                    }
                }
            }
            break;
        }
    }
    std::mem::swap(left, pos_buf);
    std::mem::swap(left_slops, slop_buf);
    pos_buf.clear();
    slop_buf.clear();
}

/// Runs `queries` over one in-RAM index of `texts`.
fn run_indexed(queries: &[&CompiledQuery], texts: &[&str], threads: usize) -> Result<Vec<Vec<u32>>, String> {
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

    /// Term and phrase rules evaluated from token positions agree with the
    /// index on every text (slop 0 and N, 2 and 3+ terms, out of order,
    /// repeated words, stems, a word too long to index).
    #[test]
    fn direct_agrees_with_index() {
        let long = "x".repeat(45);
        let texts: Vec<String> = [
            "no real advantage at all, no advantage",
            "advantages? no. none",
            "I cannot see any real benefit in it",
            "benefit any see",
            "see see any any benefit benefit",
            "the needs of pupils are met in mainstream schools",
            "mainstream met needs",
            "needs are not really going to be met at all in a mainstream",
            "pay pay for for pay",
            "we pay for it; paying for, paid for, for pay",
            "moving to secondary school, a move up to secondary",
            "same across the whole county, county same across",
            "the same, across everything in the county",
            "",
            "¿¡ ... !!",
            "Café staff wellbeing; staff’s well-being",
        ]
        .iter()
        .map(|s| (*s).to_owned())
        .chain([format!("no {long} advantage"), format!("see {long} any benefit")])
        .collect();
        let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
        let rules = [
            "\"no advantage\"~1",
            "\"no advantage\"",
            "\"see any benefit\"~2",
            "\"see any benefit\"~1",
            "\"see any benefit\"",
            "\"needs met mainstream\"~4",
            "\"needs met mainstream\"~8",
            "\"pay for\"~2",
            "\"pay for\"~1",
            "\"move to secondary\"~2",
            "\"same across county\"~3",
            "\"staff wellbeing\"~2",
            "\"cafe staff\"",
            "benefit",
            "(\"no advantage\"~1)",
            "\"no advantage\"~1^2",
            "\"!!\"",
        ];
        for rule in rules {
            let q = compile(rule).unwrap_or_else(|e| panic!("{rule}: {e}"));
            let Some(p) = &q.direct else { panic!("{rule}: not evaluated directly") };
            let direct = run_direct(&[p], &refs);
            let indexed = run_indexed(&[&q], &refs, 1).unwrap_or_else(|e| panic!("{e}"));
            assert_eq!(direct, indexed, "{rule}");
        }
        for rule in ["a*", "afford~1", "a AND b", "a OR b", "-a", "\"a b\"*"] {
            let q = compile(rule).unwrap_or_else(|e| panic!("{rule}: {e}"));
            assert!(q.direct.is_none(), "{rule}");
        }
    }

    /// Every query rule of the shipped taxonomy gives the same comments from
    /// token positions as from the index, over the committed bench corpus and
    /// the dev, dev2 and hold-out sets.
    #[test]
    fn direct_agrees_with_index_on_shipped_rules() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut texts = Vec::new();
        let mut taxonomy = None;
        for p in [
            "benches/data/project.toml",
            "eval/dev-project.toml",
            "eval/dev2-project.toml",
            "eval/holdout-project.toml",
        ] {
            let plan = crate::project::Plan::from_path(&root.join(p), "unused".into(), 1, true)
                .unwrap_or_else(|e| panic!("{p}: {e}"));
            for src in &plan.sources {
                let batch = crate::ingest::read_source(src).unwrap_or_else(|e| panic!("{p}: {e}"));
                texts.extend(batch.comments.into_iter().map(|c| c.text));
            }
            taxonomy = Some(plan.taxonomy);
        }
        let tax = taxonomy.unwrap_or_else(|| panic!("no project"));
        let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
        let compiled: Vec<CompiledQuery> = tax
            .themes
            .iter()
            .flat_map(|t| &t.query)
            .map(|q| compile(q).unwrap_or_else(|e| panic!("{q}: {e}")))
            .collect();
        assert!(compiled.len() > 10 && compiled.iter().all(|q| q.direct.is_some()));
        let qs: Vec<&CompiledQuery> = compiled.iter().collect();
        let phrases: Vec<&Phrase> = compiled.iter().filter_map(|q| q.direct.as_ref()).collect();
        let indexed = run_indexed(&qs, &refs, 2).unwrap_or_else(|e| panic!("{e}"));
        let direct = run_direct(&phrases, &refs);
        assert!(indexed.iter().map(Vec::len).sum::<usize>() > 100);
        assert_eq!(direct, indexed);
    }

    #[test]
    fn bad_queries_are_errors() {
        for q in ["\"unclosed", "text:foo", "a~3", "[a TO b]", "AND"] {
            assert!(compile(q).is_err(), "{q}");
        }
    }
}

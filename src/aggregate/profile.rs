//! Attendee profiles: who took part, per source and dimension
//! ("67% of attendees were from primary schools; 55% were SENCOs").
//!
//! Input: the sources' attendee lists (register or attendance report) and
//! the comments. Output: [`ProfileRow`]s for `profile.csv`. Invariants: pure;
//! `people` counts the source's attendee list when it has one, else its
//! distinct authors (by normalised name); a dimension nobody has a value for
//! is left out; within a dimension, values are counted case-insensitively
//! (the first spelling seen is shown), blank values form a `""` row so the
//! shares of a dimension sum to 100% of its base; rows come out by source
//! (project order), dimension (phase, role, district, then others by name),
//! then people (most first), then value.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use crate::ingest::register::name_key;
use crate::model::{Comment, Person};

/// One row of `profile.csv`.
#[derive(Debug, Clone, PartialEq)]
pub struct ProfileRow {
    /// The source's name.
    pub source: String,
    /// The dimension (phase, role, district, …).
    pub dimension: String,
    /// The value ("" for people with none).
    pub value: String,
    /// People with this value.
    pub people: usize,
    /// People in the source's list (the share's denominator).
    pub base: usize,
    /// 100 · people / base, to one decimal.
    pub share_pct: f64,
}

const DIMENSIONS: [&str; 3] = ["phase", "role", "district"];

use super::pct;

/// The people a source is profiled on: its list, else its distinct authors
/// (with the dimensions of their first comment).
fn people_of(source: &str, lists: &[(String, Vec<Person>)], comments: &[Comment]) -> Vec<Person> {
    if let Some((_, list)) = lists.iter().find(|(s, l)| s == source && !l.is_empty()) {
        return list.clone();
    }
    let mut seen = BTreeSet::new();
    let mut out = Vec::new();
    for c in comments.iter().filter(|c| c.source == source) {
        let key = name_key(&c.author);
        if key.is_empty() || !seen.insert(key) {
            continue;
        }
        let dims = DIMENSIONS.iter().map(|d| ((*d).to_owned(), c.dims.get(d).to_owned())).collect();
        out.push(Person { name: c.author.clone(), email: String::new(), dims });
    }
    out
}

/// Profile rows for every source in `sources` (project order).
#[must_use]
pub fn profile(sources: &[String], lists: &[(String, Vec<Person>)], comments: &[Comment]) -> Vec<ProfileRow> {
    let mut rows = Vec::new();
    for source in sources {
        let people = people_of(source, lists, comments);
        if people.is_empty() {
            continue;
        }
        let extra: BTreeSet<&str> = people
            .iter()
            .flat_map(|p| p.dims.keys().map(String::as_str))
            .filter(|d| !DIMENSIONS.contains(d))
            .collect();
        for dim in DIMENSIONS.iter().copied().chain(extra) {
            let value = |p: &Person| p.dims.get(dim).map_or(String::new(), |v| v.trim().to_owned());
            if people.iter().all(|p| value(p).is_empty()) {
                continue;
            }
            // lower-cased value -> (shown spelling, people)
            let mut counts: BTreeMap<String, (String, usize)> = BTreeMap::new();
            let mut order: HashMap<String, usize> = HashMap::new();
            for p in &people {
                let v = value(p);
                let k = v.to_lowercase();
                let n = order.len();
                order.entry(k.clone()).or_insert(n);
                counts.entry(k).or_insert_with(|| (v, 0)).1 += 1;
            }
            let mut list: Vec<(String, usize)> = counts.into_values().collect();
            list.sort_by(|a, b| {
                a.0.is_empty()
                    .cmp(&b.0.is_empty())
                    .then(b.1.cmp(&a.1))
                    .then_with(|| a.0.to_lowercase().cmp(&b.0.to_lowercase()))
                    .then_with(|| a.0.cmp(&b.0))
            });
            for (value, n) in list {
                rows.push(ProfileRow {
                    source: source.clone(),
                    dimension: dim.to_owned(),
                    value,
                    people: n,
                    base: people.len(),
                    share_pct: pct(n, people.len()),
                });
            }
        }
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Dims;

    fn person(name: &str, phase: &str, role: &str) -> Person {
        let dims = [("phase", phase), ("role", role)]
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        Person { name: name.into(), email: String::new(), dims }
    }

    #[test]
    fn list_profile_counts_people() {
        let lists = vec![(
            "w1".to_owned(),
            vec![
                person("A", "Primary", "SENCo"),
                person("B", "primary", "Headteacher"),
                person("C", "Secondary", "SENCo"),
                person("D", "", "SENCo"),
            ],
        )];
        let rows = profile(&["w1".into()], &lists, &[]);
        let got: Vec<(&str, &str, usize, f64)> =
            rows.iter().map(|r| (r.dimension.as_str(), r.value.as_str(), r.people, r.share_pct)).collect();
        let want = [
            ("phase", "Primary", 2, 50.0),
            ("phase", "Secondary", 1, 25.0),
            ("phase", "", 1, 25.0),
            ("role", "SENCo", 3, 75.0),
            ("role", "Headteacher", 1, 25.0),
        ];
        assert_eq!(got, want);
        assert!(rows.iter().all(|r| r.base == 4));
    }

    #[test]
    fn without_a_list_distinct_authors_count() {
        let c = |author: &str, phase: &str| {
            let mut dims = Dims::default();
            dims.set("phase", phase);
            Comment { source: "w2".into(), author: author.into(), dims, ..Comment::default() }
        };
        let comments =
            [c("Ann Lee", "Primary"), c("ann lee (she/her)", "Primary"), c("Bo", "Special"), c("", "x")];
        let rows = profile(&["w2".into(), "none".into()], &[], &comments);
        let got: Vec<(&str, usize, usize)> =
            rows.iter().map(|r| (r.value.as_str(), r.people, r.base)).collect();
        assert_eq!(got, [("Primary", 1, 2), ("Special", 1, 2)]);
    }
}

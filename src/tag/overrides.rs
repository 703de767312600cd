//! Overrides: an analyst's corrections, applied after tagging.
//!
//! Input: a CSV named by the project's `overrides` key, with a header row and
//! columns `id`, `themes` (`;`-joined theme ids; empty = untagged; `noise` =
//! noise) and optionally `primary` (empty = the first of `themes`). Output:
//! the taggings of the named comments replaced, each keeping a note of what
//! the machine said ([`Tagging::overridden`] → shown by `tally explain`).
//! Invariants: applied after tagging, so they survive every re-run; an
//! unknown theme id is an error naming file, row and id; an id that matches
//! no comment is reported, never an error (the data may have changed).

use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};

use crate::model::{Comment, Status};
use crate::taxonomy::Taxonomy;

use super::{Error, Tagging};

/// What the machine said before an override replaced it.
#[derive(Debug, Clone, PartialEq)]
pub struct OverrideNote {
    /// The overrides file.
    pub path: PathBuf,
    /// The CSV row (1 = header) of the correction.
    pub row: usize,
    /// The machine's status.
    pub status: Status,
    /// The machine's themes.
    pub themes: Vec<usize>,
    /// The machine's primary theme.
    pub primary: Option<usize>,
}

/// One correction.
#[derive(Debug, Clone, PartialEq)]
pub struct Override {
    /// The comment id.
    pub id: String,
    /// The CSV row (1 = header).
    pub row: usize,
    /// The status it sets.
    pub status: Status,
    /// The themes it sets (taxonomy order).
    pub themes: Vec<usize>,
    /// The primary it sets.
    pub primary: Option<usize>,
}

/// A parsed overrides file.
#[derive(Debug, Clone, PartialEq)]
pub struct Overrides {
    /// The file.
    pub path: PathBuf,
    /// The corrections in file order (a later row for the same id wins).
    pub rows: Vec<Override>,
}

/// What applying overrides did.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Applied {
    /// Ids whose tagging was replaced.
    pub changed: BTreeSet<String>,
    /// Ids in the file that match no comment, with their row.
    pub missing: Vec<(usize, String)>,
}

fn err(path: &Path, row: usize, message: impl Into<String>) -> Error {
    Error::Override { path: path.to_owned(), row, message: message.into() }
}

impl Overrides {
    /// Reads and checks an overrides CSV against `tax`.
    ///
    /// # Errors
    /// Unreadable file, missing `id`/`themes` column, unknown theme id, or a
    /// primary not among the row's themes.
    pub fn from_path(path: &Path, tax: &Taxonomy) -> Result<Overrides, Error> {
        let bytes = std::fs::read(path).map_err(|e| err(path, 0, format!("cannot read: {e}")))?;
        Overrides::from_bytes(&bytes, path, tax)
    }

    /// Parses overrides CSV text; `path` is for messages.
    ///
    /// # Errors
    /// As [`Overrides::from_path`].
    pub fn from_bytes(bytes: &[u8], path: &Path, tax: &Taxonomy) -> Result<Overrides, Error> {
        let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
        let mut rdr = csv::ReaderBuilder::new().flexible(true).from_reader(bytes);
        let header = rdr.headers().map_err(|e| err(path, 1, e.to_string()))?.clone();
        let col = |name: &str| header.iter().position(|h| h.trim().eq_ignore_ascii_case(name));
        let id_col = col("id").ok_or_else(|| err(path, 1, "no `id` column (want id,themes,primary)"))?;
        let themes_col =
            col("themes").ok_or_else(|| err(path, 1, "no `themes` column (want id,themes,primary)"))?;
        let primary_col = col("primary");
        let mut rows = Vec::new();
        for (i, rec) in rdr.records().enumerate() {
            let row = i + 2;
            let rec = rec.map_err(|e| err(path, row, e.to_string()))?;
            let id = rec.get(id_col).unwrap_or("").trim().to_owned();
            if id.is_empty() {
                return Err(err(path, row, "empty id"));
            }
            let mut status = Status::Tagged;
            let mut themes = Vec::new();
            for t in rec.get(themes_col).unwrap_or("").split(';').map(str::trim).filter(|t| !t.is_empty()) {
                if t == "noise" {
                    status = Status::Noise;
                    continue;
                }
                let ti = tax.position(t).ok_or_else(|| {
                    err(path, row, format!("unknown theme {t:?} (not in taxonomy {})", tax.path.display()))
                })?;
                if !themes.contains(&ti) {
                    themes.push(ti);
                }
            }
            if status == Status::Noise && !themes.is_empty() {
                return Err(err(path, row, "`noise` cannot be combined with themes"));
            }
            let primary = match primary_col.and_then(|c| rec.get(c)).map(str::trim).filter(|p| !p.is_empty())
            {
                Some(p) => {
                    let pi = tax
                        .position(p)
                        .ok_or_else(|| err(path, row, format!("unknown primary theme {p:?}")))?;
                    if !themes.contains(&pi) {
                        return Err(err(path, row, format!("primary {p:?} is not one of the row's themes")));
                    }
                    Some(pi)
                }
                None => themes.first().copied(),
            };
            if status == Status::Tagged && themes.is_empty() {
                status = Status::Untagged;
            }
            themes.sort_unstable();
            rows.push(Override { id, row, status, themes, primary });
        }
        Ok(Overrides { path: path.to_owned(), rows })
    }

    /// Replaces the taggings of the comments the file names.
    pub fn apply(&self, comments: &[Comment], tags: &mut [Tagging]) -> Applied {
        let by_id: HashMap<&str, usize> =
            comments.iter().enumerate().map(|(i, c)| (c.id.as_str(), i)).collect();
        let mut applied = Applied::default();
        for o in &self.rows {
            let Some(&i) = by_id.get(o.id.as_str()) else {
                applied.missing.push((o.row, o.id.clone()));
                continue;
            };
            let t = &mut tags[i];
            let note = match t.overridden.take() {
                Some(mut n) => {
                    n.row = o.row;
                    n
                }
                None => OverrideNote {
                    path: self.path.clone(),
                    row: o.row,
                    status: t.status,
                    themes: t.themes.clone(),
                    primary: t.primary,
                },
            };
            t.status = o.status;
            t.themes.clone_from(&o.themes);
            t.primary = o.primary;
            t.reason = format!("set by the analyst's override ({} row {})", self.path.display(), o.row);
            t.overridden = Some(note);
            applied.changed.insert(o.id.clone());
        }
        applied
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tax() -> Taxonomy {
        Taxonomy::from_toml_str(
            "name='t'\n[[themes]]\nid='a'\nlabel='A'\nphrases=['apple']\n[[themes]]\nid='b'\nlabel='B'\nphrases=['banana']\n",
            Path::new("t.toml"),
        )
        .unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn override_rows_table() {
        let tax = tax();
        // (csv row, want status, themes, primary) or an error substring.
        type Want = Result<(Status, &'static [usize], Option<usize>), &'static str>;
        let cases: &[(&str, Want)] = &[
            ("c1,a;b,b", Ok((Status::Tagged, &[0, 1], Some(1)))),
            ("c1,b; a,", Ok((Status::Tagged, &[0, 1], Some(1)))),
            ("c1,,", Ok((Status::Untagged, &[], None))),
            ("c1,noise,", Ok((Status::Noise, &[], None))),
            ("c1,zzz,", Err("unknown theme \"zzz\"")),
            ("c1,a,b", Err("not one of the row's themes")),
            (",a,a", Err("empty id")),
        ];
        for (row, want) in cases {
            let text = format!("id,themes,primary\n{row}\n");
            let got = Overrides::from_bytes(text.as_bytes(), Path::new("fix.csv"), &tax);
            match (got, want) {
                (Ok(o), Ok((s, th, p))) => {
                    assert_eq!(
                        (o.rows[0].status, o.rows[0].themes.as_slice(), o.rows[0].primary),
                        (*s, *th, *p),
                        "{row}"
                    );
                }
                (Err(e), Err(msg)) => {
                    let e = e.to_string();
                    assert!(e.contains(msg) && e.contains("fix.csv") && e.contains("row 2"), "{row}: {e}");
                }
                (got, want) => panic!("{row}: got {got:?}, want {want:?}"),
            }
        }
    }

    #[test]
    fn apply_replaces_and_reports_missing() -> Result<(), Error> {
        let tax = tax();
        let tagger = super::super::Tagger::new(&tax)?;
        let comments: Vec<Comment> = ["apple pie", "banana"]
            .iter()
            .enumerate()
            .map(|(i, t)| Comment { id: format!("c{i}"), text: (*t).to_owned(), ..Comment::default() })
            .collect();
        let mut tags = tagger.tag_all(&comments)?;
        let o = Overrides::from_bytes(b"id,themes\nc0,b\ngone,a\n", Path::new("fix.csv"), &tax)?;
        let applied = o.apply(&comments, &mut tags);
        assert_eq!(tags[0].primary, Some(1));
        assert_eq!(tags[0].overridden.as_ref().map(|n| n.primary), Some(Some(0)));
        assert_eq!(applied.missing, vec![(3, "gone".to_owned())]);
        assert!(applied.changed.contains("c0"));
        Ok(())
    }
}

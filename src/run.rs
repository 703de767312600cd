//! The `run` pipeline: ingest every source, tag, aggregate, then write the
//! output folder atomically.
//!
//! Input: a [`Plan`]. Output: a [`Run`] (everything the writers need) and
//! the output folder. Invariants: sources are read in parallel but results
//! keep project order; every output is byte-identical whatever `jobs` is;
//! the folder is written to a temp sibling and renamed into place, so a
//! failure never leaves a half-written report beside a good one.

use std::collections::BTreeSet;

use rustc_hash::{FxBuildHasher, FxHashMap};
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::aggregate::{self, ShareRow};
use crate::ingest::{self, Batch};
use crate::model::{Comment, Person, SourceAccount, Status};
use crate::progress::Progress;
use crate::project::Plan;
use crate::tag::{Tagger, Tagging};
use crate::taxonomy::Taxonomy;

/// Everything a run computed.
#[derive(Debug)]
pub struct Run {
    /// The report title.
    pub title: String,
    /// The taxonomy used.
    pub taxonomy: Taxonomy,
    /// All comments, in project then input order.
    pub comments: Vec<Comment>,
    /// One tagging per comment.
    pub tags: Vec<Tagging>,
    /// Per-source accounting.
    pub accounts: Vec<SourceAccount>,
    /// Per-source attendee lists (source name, people).
    pub people: Vec<(String, Vec<Person>)>,
    /// Per-source survey answers.
    pub surveys: Vec<(String, ingest::survey::SurveyData)>,
    /// Single-label shares.
    pub shares: Vec<ShareRow>,
    /// Multi-label mentions.
    pub mentions: Vec<ShareRow>,
    /// Attendee profile rows (`profile.csv`).
    pub profile: Vec<aggregate::profile::ProfileRow>,
    /// Ids of comments an analyst's override changed.
    pub overridden: BTreeSet<String>,
    /// Ids in the overrides file that match no comment (reported, not an error).
    pub overrides_missing: Vec<String>,
    /// The project's `[report]` settings (agreed-point threshold, quotes, labels).
    pub report: crate::project::ReportSettings,
}

/// Reads, tags and aggregates everything `plan` names (no output written).
///
/// # Errors
/// A source cannot be read, or tagging fails.
pub fn execute(plan: &Plan) -> crate::Result<Run> {
    execute_with(plan, &Progress::for_stderr(plan.quiet))
}

/// [`execute`], drawing stage bars on and recording stage timings in `progress`.
///
/// # Errors
/// A source cannot be read, or tagging fails.
pub fn execute_with(plan: &Plan, progress: &Progress) -> crate::Result<Run> {
    let pool = rayon::ThreadPoolBuilder::new().num_threads(plan.jobs).build().map_err(|e| {
        ingest::Error::Io { path: plan.project_path.clone(), source: std::io::Error::other(e) }
    })?;
    pool.install(|| execute_in_pool(plan, progress))
}

/// Distinct texts tagged per step of the `tag` bar (query rules run once per step).
const TAG_CHUNK: usize = 1 << 15;

fn execute_in_pool(plan: &Plan, progress: &Progress) -> crate::Result<Run> {
    let tagger = Tagger::new(&plan.taxonomy)?;
    let stage = progress.stage("ingest", None);
    let batches: Vec<Result<Batch, ingest::Error>> =
        plan.sources.par_iter().map(ingest::read_source).collect();
    let mut comments = Vec::new();
    let mut accounts = Vec::new();
    let mut people = Vec::new();
    let mut surveys = Vec::new();
    // Ids must be unique across sources: checked on borrowed ids, in
    // source order, before any comment is moved (an unreadable source stops
    // the check; its error is returned below, in the same order as before).
    {
        let total = batches.iter().map(|b| b.as_ref().map_or(0, |b| b.comments.len())).sum();
        let mut owner: FxHashMap<&str, usize> = FxHashMap::with_capacity_and_hasher(total, FxBuildHasher);
        for (si, b) in batches.iter().enumerate() {
            let Ok(b) = b else { break };
            for c in &b.comments {
                if let Some(prev) = owner.insert(c.id.as_str(), si) {
                    return Err(ingest::Error::Format {
                        path: plan.sources[si].path.clone(),
                        at: c.origin.clone(),
                        message: format!(
                            "comment id {:?} is also used by source {:?}: ids must be unique across sources",
                            c.id, plan.sources[prev].name
                        ),
                    }
                    .into());
                }
            }
        }
    }
    for (si, b) in batches.into_iter().enumerate() {
        let b = b?;
        if comments.is_empty() {
            // Take the first source's comments as they are: no copy, and
            // no moment with two million-comment vectors alive.
            comments = b.comments;
        } else {
            comments.extend(b.comments);
        }
        accounts.push(b.account);
        if !b.people.is_empty() {
            people.push((plan.sources[si].name.clone(), b.people));
        }
        if let Some(s) = b.survey {
            surveys.push((plan.sources[si].name.clone(), s));
        }
    }
    let text_bytes = comments.iter().map(|c| c.text.len() as u64).sum::<u64>();
    stage.finish(comments.len() as u64, text_bytes);
    let stage = progress.stage("tag", Some(comments.len() as u64));
    // Each distinct text is tagged once; each tagging is built at its exact
    // size (`Tagger::tag_one`): a million of them stay alive for the whole run.
    let mut tags = tagger.tag_distinct(&comments, TAG_CHUNK, |n| stage.inc(n))?;
    stage.finish(comments.len() as u64, text_bytes);
    let stage = progress.stage("aggregate", None);
    let mut overridden = BTreeSet::new();
    let mut overrides_missing = Vec::new();
    if let Some(path) = &plan.overrides {
        let fixes = crate::tag::overrides::Overrides::from_path(path, &plan.taxonomy)?;
        let applied = fixes.apply(&comments, &mut tags);
        overridden = applied.changed;
        overrides_missing = applied.missing.into_iter().map(|(_, id)| id).collect();
    }
    let index: FxHashMap<&str, usize> =
        plan.sources.iter().enumerate().map(|(i, s)| (s.name.as_str(), i)).collect();
    for (c, t) in comments.iter().zip(&tags) {
        let acc = &mut accounts[index[c.source.as_str()]];
        match t.status {
            Status::Tagged => {
                acc.tagged += 1;
                acc.comments += 1;
            }
            Status::Untagged => {
                acc.untagged += 1;
                acc.comments += 1;
            }
            Status::Noise => acc.noise += 1,
        }
    }
    let names: Vec<String> = plan.sources.iter().map(|s| s.name.clone()).collect();
    let ((shares, mentions), profile) = rayon::join(
        || {
            rayon::join(
                || aggregate::shares(&plan.taxonomy, &comments, &tags),
                || aggregate::mentions(&plan.taxonomy, &comments, &tags),
            )
        },
        || aggregate::profile::profile(&names, &people, &comments),
    );
    stage.finish(comments.len() as u64, 0);
    Ok(Run {
        title: plan.title.clone(),
        taxonomy: plan.taxonomy.clone(),
        comments,
        tags,
        accounts,
        people,
        surveys,
        shares,
        mentions,
        profile,
        overridden,
        overrides_missing,
        report: plan.report.clone(),
    })
}

/// Writes `run` to `out` atomically: a temp folder beside it, then a rename.
/// An existing `out` is replaced only if it is empty or a previous tally
/// output (it holds `accounting.json`).
///
/// # Errors
/// The folder cannot be written, or `out` holds something else.
pub fn write_outputs(out: &Path, run: &Run) -> crate::Result<PathBuf> {
    write_outputs_with(out, run, &Progress::hidden())
}

/// [`write_outputs`], drawing stage bars on and recording stage timings in `progress`.
///
/// # Errors
/// The folder cannot be written, or `out` holds something else.
pub fn write_outputs_with(out: &Path, run: &Run, progress: &Progress) -> crate::Result<PathBuf> {
    let parent = match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_owned(),
        _ => PathBuf::from("."),
    };
    std::fs::create_dir_all(&parent).map_err(crate::report::io_err(&parent))?;
    if out.exists() {
        let replaceable = out.is_dir()
            && (out.join("accounting.json").is_file()
                || std::fs::read_dir(out).map_err(crate::report::io_err(out))?.next().is_none());
        if !replaceable {
            return Err(crate::report::Error::Io {
                path: out.to_owned(),
                source: std::io::Error::other(
                    "exists and is not a tally output folder (no accounting.json): refusing to replace it",
                ),
            }
            .into());
        }
    }
    let tmp = tempfile::Builder::new()
        .prefix(".tally-out-")
        .tempdir_in(&parent)
        .map_err(crate::report::io_err(&parent))?;
    let n = run.comments.len() as u64;
    // The reports and the search index write different files from the same
    // finished run: build them at the same time (the timings table shows
    // the two stages overlapping, and its total is the wall-clock span).
    let write_stage = progress.stage("write", None);
    let index_stage = progress.stage("index", None);
    let (written, indexed) = std::thread::scope(|s| {
        let index = s.spawn(|| {
            let r = crate::index::write_index(&tmp.path().join("index"), run);
            if r.is_ok() {
                index_stage.finish(n, 0);
            }
            r
        });
        let written = crate::report::write_all(tmp.path(), run);
        if written.is_ok() {
            write_stage.finish(n, 0);
        }
        let indexed = index.join().unwrap_or_else(|e| std::panic::resume_unwind(e));
        (written, indexed)
    });
    written?;
    indexed?;
    let tmp = tmp.keep();
    if out.exists() {
        let old = tempfile::Builder::new()
            .prefix(".tally-old-")
            .tempdir_in(&parent)
            .map_err(crate::report::io_err(&parent))?
            .keep();
        std::fs::rename(out, old.join("out")).map_err(crate::report::io_err(out))?;
        std::fs::rename(&tmp, out).map_err(crate::report::io_err(out))?;
        let _ = std::fs::remove_dir_all(&old);
    } else {
        std::fs::rename(&tmp, out).map_err(crate::report::io_err(out))?;
    }
    Ok(out.to_owned())
}

//! Progress: one indicatif bar per pipeline stage on stderr, and the stage
//! timings `tally run --timings` prints.
//!
//! Input: the stages [`crate::run`] goes through (ingest, tag, aggregate,
//! write, index). Output: bars on stderr while they run, and a list of
//! [`StageTime`]s. Invariants: bars are drawn only when stderr is a terminal
//! and the run is not `--quiet`; nothing is ever written to stdout; timing
//! never changes what a run computes.

use std::io::IsTerminal as _;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use std::sync::atomic::{AtomicUsize, Ordering};

use indicatif::{MultiProgress, ProgressBar, ProgressDrawTarget, ProgressStyle};

/// How long one stage took, and how much it processed.
#[derive(Debug, Clone, PartialEq)]
pub struct StageTime {
    /// The stage: `ingest`, `tag`, `aggregate`, `write` or `index`.
    pub stage: &'static str,
    /// Wall-clock time.
    pub elapsed: Duration,
    /// When it started, measured from the creation of its [`Progress`].
    pub start: Duration,
    /// Comments processed (0 when not counted).
    pub comments: u64,
    /// Bytes of comment text processed (0 when not counted).
    pub bytes: u64,
}

/// The bars and timings of one run.
#[derive(Debug)]
pub struct Progress {
    visible: bool,
    origin: Instant,
    /// Bars of stages running at the same time are drawn one under another.
    bars: MultiProgress,
    /// Stages started so far (orders the table when stages overlap).
    started: AtomicUsize,
    times: Mutex<Vec<(usize, StageTime)>>,
}

/// One stage in progress: a bar (possibly hidden) and its start time.
#[derive(Debug)]
pub struct Stage<'a> {
    owner: &'a Progress,
    name: &'static str,
    seq: usize,
    bar: ProgressBar,
    start: Instant,
}

impl Progress {
    /// Bars on stderr when it is a terminal and `quiet` is false.
    #[must_use]
    pub fn for_stderr(quiet: bool) -> Progress {
        Progress::new(!quiet && std::io::stderr().is_terminal())
    }

    fn new(visible: bool) -> Progress {
        let target = if visible { ProgressDrawTarget::stderr() } else { ProgressDrawTarget::hidden() };
        Progress {
            visible,
            origin: Instant::now(),
            bars: MultiProgress::with_draw_target(target),
            started: AtomicUsize::new(0),
            times: Mutex::new(Vec::new()),
        }
    }

    /// No bars at all (timings are still kept).
    #[must_use]
    pub fn hidden() -> Progress {
        Progress::new(false)
    }

    /// Starts stage `name`; `total` items (comments) when known, else a spinner.
    #[must_use]
    pub fn stage(&self, name: &'static str, total: Option<u64>) -> Stage<'_> {
        let bar = if self.visible {
            let bar = match total {
                Some(n) => ProgressBar::new(n).with_style(
                    ProgressStyle::with_template(
                        "{prefix:>9} [{bar:32}] {human_pos}/{human_len} comments  {per_sec}  {elapsed}",
                    )
                    .unwrap_or_else(|_| ProgressStyle::default_bar())
                    .progress_chars("=> "),
                ),
                None => ProgressBar::no_length().with_style(
                    ProgressStyle::with_template("{prefix:>9} {spinner} {elapsed}")
                        .unwrap_or_else(|_| ProgressStyle::default_spinner()),
                ),
            };
            let bar = self.bars.add(bar.with_prefix(name));
            bar.enable_steady_tick(Duration::from_millis(120));
            bar
        } else {
            ProgressBar::hidden()
        };
        let seq = self.started.fetch_add(1, Ordering::Relaxed);
        Stage { owner: self, name, seq, bar, start: Instant::now() }
    }

    /// The stages finished so far, in the order they were started.
    #[must_use]
    pub fn times(&self) -> Vec<StageTime> {
        let mut times = self.times.lock().map(|t| t.clone()).unwrap_or_default();
        times.sort_by_key(|(seq, _)| *seq);
        times.into_iter().map(|(_, t)| t).collect()
    }

    /// Writes the timings table (to stderr at the CLI). Stages that ran at
    /// the same time say so (`overlaps write`); `total` is the wall-clock
    /// span from the first stage's start to the last one's end, never a sum
    /// that counts overlapping time twice.
    ///
    /// # Errors
    /// `w` cannot be written.
    pub fn write_times(&self, w: &mut impl std::io::Write) -> std::io::Result<()> {
        let times = self.times();
        let first = times.iter().map(|t| t.start).min().unwrap_or_default();
        let last = times.iter().map(|t| t.start + t.elapsed).max().unwrap_or_default();
        let total = last.saturating_sub(first);
        writeln!(
            w,
            "{:<10} {:>9} {:>12} {:>14} {:>10}",
            "stage", "seconds", "comments", "comments/s", "MB/s"
        )?;
        for (i, t) in times.iter().enumerate() {
            let overlaps: Vec<&str> = times
                .iter()
                .enumerate()
                .filter(|&(j, u)| j != i && u.start < t.start + t.elapsed && t.start < u.start + u.elapsed)
                .map(|(_, u)| u.stage)
                .collect();
            let note = if overlaps.is_empty() {
                String::new()
            } else {
                format!("  overlaps {}", overlaps.join(", "))
            };
            let secs = t.elapsed.as_secs_f64();
            let rate = |n: u64| {
                #[allow(clippy::cast_precision_loss)]
                let n = n as f64;
                if n > 0.0 && secs > 0.0 { n / secs } else { 0.0 }
            };
            writeln!(
                w,
                "{:<10} {:>9.3} {:>12} {:>14.0} {:>10.1}{note}",
                t.stage,
                secs,
                t.comments,
                rate(t.comments),
                rate(t.bytes) / 1e6
            )?;
        }
        writeln!(w, "{:<10} {:>9.3}", "total", total.as_secs_f64())
    }
}

impl Drop for Stage<'_> {
    fn drop(&mut self) {
        // A stage left by an error: clear its bar rather than leave it drawn.
        if !self.bar.is_finished() {
            self.bar.finish_and_clear();
        }
    }
}

impl Stage<'_> {
    /// Advances the bar by `n` items.
    pub fn inc(&self, n: u64) {
        self.bar.inc(n);
    }

    /// Ends the stage, recording its time with what it processed.
    pub fn finish(self, comments: u64, bytes: u64) {
        let elapsed = self.start.elapsed();
        let start = self.start.saturating_duration_since(self.owner.origin);
        self.bar.finish_and_clear();
        if let Ok(mut t) = self.owner.times.lock() {
            t.push((self.seq, StageTime { stage: self.name, elapsed, start, comments, bytes }));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stages_are_timed_in_order_and_tabled() -> Result<(), Box<dyn std::error::Error>> {
        let p = Progress::hidden();
        p.stage("ingest", None).finish(10, 1_000);
        let s = p.stage("tag", Some(10));
        s.inc(10);
        s.finish(10, 1_000);
        let names: Vec<&str> = p.times().iter().map(|t| t.stage).collect();
        assert_eq!(names, ["ingest", "tag"]);
        let mut out = Vec::new();
        p.write_times(&mut out)?;
        let text = String::from_utf8(out)?;
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 4, "{text}");
        assert!(lines[0].starts_with("stage"), "{text}");
        assert!(lines[1].starts_with("ingest") && lines[1].contains(" 10 "), "{text}");
        assert!(lines[3].starts_with("total"), "{text}");
        Ok(())
    }

    #[test]
    fn overlapping_stages_say_so_and_are_not_counted_twice() -> Result<(), Box<dyn std::error::Error>> {
        let p = Progress::hidden();
        let write = p.stage("write", None);
        let index = p.stage("index", None);
        std::thread::sleep(Duration::from_millis(30));
        index.finish(5, 0);
        write.finish(5, 0);
        let names: Vec<&str> = p.times().iter().map(|t| t.stage).collect();
        assert_eq!(names, ["write", "index"], "in the order started");
        let mut out = Vec::new();
        p.write_times(&mut out)?;
        let text = String::from_utf8(out)?;
        let lines: Vec<&str> = text.lines().collect();
        assert!(lines[1].starts_with("write") && lines[1].ends_with("overlaps index"), "{text}");
        assert!(lines[2].starts_with("index") && lines[2].ends_with("overlaps write"), "{text}");
        let secs = |l: &str| l.split_whitespace().nth(1).and_then(|s| s.parse::<f64>().ok()).unwrap_or(0.0);
        let longest = secs(lines[1]).max(secs(lines[2]));
        assert!(secs(lines[3]) < longest + 0.01, "total is the span, not the sum:\n{text}");
        Ok(())
    }
}

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

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// How long one stage took, and how much it processed.
#[derive(Debug, Clone, PartialEq)]
pub struct StageTime {
    /// The stage: `ingest`, `tag`, `aggregate`, `write` or `index`.
    pub stage: &'static str,
    /// Wall-clock time.
    pub elapsed: Duration,
    /// Comments processed (0 when not counted).
    pub comments: u64,
    /// Bytes of comment text processed (0 when not counted).
    pub bytes: u64,
}

/// The bars and timings of one run.
#[derive(Debug)]
pub struct Progress {
    visible: bool,
    times: Mutex<Vec<StageTime>>,
}

/// One stage in progress: a bar (possibly hidden) and its start time.
#[derive(Debug)]
pub struct Stage<'a> {
    owner: &'a Progress,
    name: &'static str,
    bar: ProgressBar,
    start: Instant,
}

impl Progress {
    /// Bars on stderr when it is a terminal and `quiet` is false.
    #[must_use]
    pub fn for_stderr(quiet: bool) -> Progress {
        Progress { visible: !quiet && std::io::stderr().is_terminal(), times: Mutex::new(Vec::new()) }
    }

    /// No bars at all (timings are still kept).
    #[must_use]
    pub fn hidden() -> Progress {
        Progress { visible: false, times: Mutex::new(Vec::new()) }
    }

    /// Starts stage `name`; `total` items (comments) when known, else a spinner.
    #[must_use]
    pub fn stage(&self, name: &'static str, total: Option<u64>) -> Stage<'_> {
        let bar = if self.visible {
            let bar = match total {
                Some(n) => ProgressBar::with_draw_target(Some(n), ProgressDrawTarget::stderr()).with_style(
                    ProgressStyle::with_template(
                        "{prefix:>9} [{bar:32}] {human_pos}/{human_len} comments  {per_sec}  {elapsed}",
                    )
                    .unwrap_or_else(|_| ProgressStyle::default_bar())
                    .progress_chars("=> "),
                ),
                None => ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr()).with_style(
                    ProgressStyle::with_template("{prefix:>9} {spinner} {elapsed}")
                        .unwrap_or_else(|_| ProgressStyle::default_spinner()),
                ),
            };
            bar.enable_steady_tick(Duration::from_millis(120));
            bar.with_prefix(name)
        } else {
            ProgressBar::hidden()
        };
        Stage { owner: self, name, bar, start: Instant::now() }
    }

    /// The stages finished so far, in order.
    #[must_use]
    pub fn times(&self) -> Vec<StageTime> {
        self.times.lock().map(|t| t.clone()).unwrap_or_default()
    }

    /// Writes the timings table (to stderr at the CLI).
    ///
    /// # Errors
    /// `w` cannot be written.
    pub fn write_times(&self, w: &mut impl std::io::Write) -> std::io::Result<()> {
        let times = self.times();
        let total: Duration = times.iter().map(|t| t.elapsed).sum();
        writeln!(
            w,
            "{:<10} {:>9} {:>12} {:>14} {:>10}",
            "stage", "seconds", "comments", "comments/s", "MB/s"
        )?;
        for t in &times {
            let secs = t.elapsed.as_secs_f64();
            let rate = |n: u64| {
                #[allow(clippy::cast_precision_loss)]
                let n = n as f64;
                if n > 0.0 && secs > 0.0 { n / secs } else { 0.0 }
            };
            writeln!(
                w,
                "{:<10} {:>9.3} {:>12} {:>14.0} {:>10.1}",
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
        self.bar.finish_and_clear();
        if let Ok(mut t) = self.owner.times.lock() {
            t.push(StageTime { stage: self.name, elapsed, comments, bytes });
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
}

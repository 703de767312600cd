//! `TestEnv`: a temp folder, fixture copies, and a fluent way to run `tally`.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The repository root.
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A temp folder to run tally in.
pub struct TestEnv {
    dir: tempfile::TempDir,
}

/// What one tally invocation did.
pub struct Outcome {
    pub status: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Outcome {
    /// Asserts the exit code, printing stdout/stderr on failure.
    #[track_caller]
    pub fn code(self, want: i32) -> Self {
        assert_eq!(self.status, want, "exit code\n--- stdout\n{}\n--- stderr\n{}", self.stdout, self.stderr);
        self
    }
    /// Asserts success.
    #[track_caller]
    pub fn ok(self) -> Self {
        self.code(0)
    }
    /// Asserts stderr contains every one of `parts`.
    #[track_caller]
    pub fn stderr_has(self, parts: &[&str]) -> Self {
        for p in parts {
            assert!(self.stderr.contains(p), "stderr lacks {p:?}:\n{}", self.stderr);
        }
        self
    }
    /// Asserts stdout contains every one of `parts`.
    #[track_caller]
    pub fn stdout_has(self, parts: &[&str]) -> Self {
        for p in parts {
            assert!(self.stdout.contains(p), "stdout lacks {p:?}:\n{}", self.stdout);
        }
        self
    }
}

impl TestEnv {
    pub fn new() -> TestEnv {
        TestEnv { dir: tempfile::tempdir().expect("temp dir") }
    }
    /// The temp folder.
    pub fn path(&self) -> &Path {
        self.dir.path()
    }
    /// `rel` inside the temp folder.
    pub fn join(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }
    /// Copies `fixtures/<rel>` into the temp folder (same relative path's file name) and returns self.
    pub fn fixture(self, rel: &str) -> TestEnv {
        let src = repo().join("fixtures").join(rel);
        let name = Path::new(rel).file_name().expect("file name");
        std::fs::copy(&src, self.dir.path().join(name))
            .unwrap_or_else(|e| panic!("copy {}: {e}", src.display()));
        self
    }
    /// Writes a file into the temp folder.
    pub fn write(self, rel: &str, contents: impl AsRef<[u8]>) -> TestEnv {
        let p = self.dir.path().join(rel);
        if let Some(parent) = p.parent() {
            std::fs::create_dir_all(parent).expect("mkdir");
        }
        std::fs::write(p, contents).expect("write");
        self
    }
    /// Reads a file from the temp folder as text.
    pub fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.join(rel)).unwrap_or_else(|e| panic!("read {rel}: {e}"))
    }
    /// Runs tally with `args` in the temp folder.
    pub fn run(&self, args: &[&str]) -> Outcome {
        run_in(self.dir.path(), args)
    }
}

/// Runs tally with `args` in `dir`.
pub fn run_in(dir: &Path, args: &[&str]) -> Outcome {
    let out: Output = Command::new(env!("CARGO_BIN_EXE_tally"))
        .args(args)
        .current_dir(dir)
        .env_remove("RUST_BACKTRACE")
        .output()
        .expect("run tally");
    Outcome {
        status: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// The contract header of comments.csv.
pub const COMMENTS_HEADER: [&str; 13] = [
    "id",
    "source",
    "option",
    "stakeholder",
    "question",
    "author",
    "phase",
    "role",
    "district",
    "status",
    "primary_theme",
    "themes",
    "text",
];

/// Parses a CSV file into rows of strings (header included).
pub fn csv_rows(path: &Path) -> Vec<Vec<String>> {
    let mut rdr = csv::ReaderBuilder::new().has_headers(false).from_path(path).expect("open csv");
    rdr.records().map(|r| r.expect("csv record").iter().map(str::to_owned).collect()).collect()
}

//! The project file: what the user wrote ([`ProjectFile`], [`SourceSpec`]) and
//! the validated [`Plan`] every later stage takes.
//!
//! Input: a TOML path. Output: a `Plan` with every path resolved against the
//! project file's folder and the taxonomy compiled. Invariant: nothing is
//! read from the sources here; a bad project or taxonomy stops the run
//! before any input is read.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use thiserror::Error;

use crate::taxonomy::Taxonomy;

/// Errors in the project file.
#[derive(Debug, Error)]
pub enum Error {
    /// The file could not be read.
    #[error("cannot read project file {path}: {source}")]
    Io {
        /// The project file.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// The TOML is invalid or has an unknown key.
    #[error("invalid project file {path}: {message}")]
    Toml {
        /// The project file.
        path: PathBuf,
        /// The parser's message, with line and column.
        message: String,
    },
    /// A setting is wrong.
    #[error("invalid project file {path}: {message}")]
    Invalid {
        /// The project file.
        path: PathBuf,
        /// What is wrong.
        message: String,
    },
}

/// The kinds of source.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SourceKind {
    /// A table of comments (.csv .tsv .xlsx .xlsm .xls .ods).
    Table,
    /// An online workshop's chat (Zoom or Teams text export).
    Chat,
    /// A survey export (Microsoft Forms .xlsx, or any table).
    Survey,
}

impl SourceKind {
    /// The word used in the project file and `accounting.json`.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            SourceKind::Table => "table",
            SourceKind::Chat => "chat",
            SourceKind::Survey => "survey",
        }
    }
}

/// One column name or several.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(untagged)]
pub enum OneOrMany {
    /// A single column header.
    One(String),
    /// Several column headers.
    Many(Vec<String>),
}

impl OneOrMany {
    /// The column headers as a list.
    #[must_use]
    pub fn to_vec(&self) -> Vec<String> {
        match self {
            OneOrMany::One(s) => vec![s.clone()],
            OneOrMany::Many(v) => v.clone(),
        }
    }
}

/// A `[[sources.prompts]]` entry: a facilitator-prompt recogniser for chats.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PromptSpec {
    /// A regex; its named groups set dimensions of the same name.
    pub pattern: String,
    /// Constants set when the pattern matches.
    #[serde(default)]
    pub set: BTreeMap<String, String>,
}

/// A `[[sources.questions]]` entry: a survey or consultation question column.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QuestionSpec {
    /// The column header.
    pub column: String,
    /// rating | likert | choice | multi | ranking | text (default text).
    #[serde(default, rename = "type")]
    pub kind: Option<String>,
    /// The label printed for it (default: the header).
    #[serde(default)]
    pub label: Option<String>,
    /// For choice, multi and ranking: the known answer options, in order.
    /// Numbers are accepted as written (`[1, 2, 3]` is `["1", "2", "3"]`).
    #[serde(default, deserialize_with = "strings_or_numbers")]
    pub options: Vec<String>,
}

/// A list of option labels, where TOML numbers and booleans read as their text.
fn strings_or_numbers<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Item {
        Text(String),
        Int(i64),
        Float(f64),
        Bool(bool),
    }
    let items = Vec::<Item>::deserialize(d)?;
    Ok(items
        .into_iter()
        .map(|i| match i {
            Item::Text(s) => s,
            Item::Int(n) => n.to_string(),
            Item::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{f:.0}"),
            Item::Float(f) => f.to_string(),
            Item::Bool(b) => b.to_string(),
        })
        .collect())
}

/// One `[[sources]]` entry as written.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SourceSpec {
    /// Unique name, used in ids and outputs.
    pub name: String,
    /// What kind of export it is.
    pub kind: SourceKind,
    /// The file, relative to the project file (resolved in a [`Plan`]).
    pub path: PathBuf,
    /// The path as written in the project file (for outputs that must not
    /// depend on where the project lives).
    #[serde(skip)]
    pub written_path: PathBuf,
    /// The sheet to read (spreadsheets; default: the first).
    #[serde(default)]
    pub sheet: Option<String>,
    /// The free-text column(s).
    #[serde(default)]
    pub text: Option<OneOrMany>,
    /// dimension <- column header (and `id`, `author`).
    #[serde(default)]
    pub columns: BTreeMap<String, String>,
    /// Dimensions constant for the whole source.
    #[serde(default)]
    pub set: BTreeMap<String, String>,
    /// Chat: the facilitators, whose messages are prompts.
    #[serde(default)]
    pub facilitators: Vec<String>,
    /// Chat: the attendee register (name -> phase, role, district).
    #[serde(default)]
    pub register: Option<PathBuf>,
    /// Chat: register column mapping (dimension <- header; `name`, `email`).
    #[serde(default)]
    pub register_columns: BTreeMap<String, String>,
    /// Chat: a Teams attendance report, as an attendee list.
    #[serde(default)]
    pub attendance: Option<PathBuf>,
    /// Chat: facilitator-prompt recognisers tried before the default.
    #[serde(default)]
    pub prompts: Vec<PromptSpec>,
    /// Survey / consultation: typed question columns.
    #[serde(default)]
    pub questions: Vec<QuestionSpec>,
}

/// `[report]` settings.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReportSettings {
    /// Agreed points: the share (percent) of each group's comments a theme
    /// must reach in two or more groups (default 10).
    #[serde(default = "default_agreed")]
    pub agreed_threshold_pct: f64,
    /// Key quotes per option × stakeholder × leading theme (default 2).
    #[serde(default = "default_quotes")]
    pub quotes_per_theme: usize,
    /// How many leading themes per block get key quotes (default 3).
    #[serde(default = "default_quote_themes")]
    pub quote_themes: usize,
    /// Rows of the xlsx `Comments` sheet (default 100,000; at most
    /// 1,048,575, Excel's limit; 0 = no sheet). Beyond the cap the sheet
    /// holds the first comments in `comments.csv` order and the report's
    /// method says so; `comments.csv` always has every comment.
    #[serde(default = "default_xlsx_comment_rows")]
    pub xlsx_comment_rows: usize,
    /// `[report.labels]`: display names for stakeholder groups and other
    /// values ("schools" = "Schools"); unlisted values are title-cased, with
    /// known acronyms (STLS, SEN, KCC, …) in capitals.
    #[serde(default)]
    pub labels: BTreeMap<String, String>,
}

fn default_agreed() -> f64 {
    10.0
}
fn default_quotes() -> usize {
    2
}
fn default_quote_themes() -> usize {
    3
}
/// The default row cap of the xlsx `Comments` sheet: a workbook that Excel
/// opens in seconds; a 1M-row sheet is ~70 MB and takes minutes.
pub const DEFAULT_XLSX_COMMENT_ROWS: usize = 100_000;
/// Excel's row limit less the header row.
pub const MAX_XLSX_COMMENT_ROWS: usize = 1_048_575;
fn default_xlsx_comment_rows() -> usize {
    DEFAULT_XLSX_COMMENT_ROWS
}

impl ReportSettings {
    /// Rows of the xlsx `Comments` sheet for a run of `comments` comments
    /// (fewer than `comments` when the cap applies).
    #[must_use]
    pub fn xlsx_rows(&self, comments: usize) -> usize {
        comments.min(self.xlsx_comment_rows)
    }
}

impl Default for ReportSettings {
    fn default() -> Self {
        ReportSettings {
            agreed_threshold_pct: default_agreed(),
            quotes_per_theme: default_quotes(),
            quote_themes: default_quote_themes(),
            xlsx_comment_rows: default_xlsx_comment_rows(),
            labels: BTreeMap::new(),
        }
    }
}

/// The project file as written.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProjectFile {
    /// The report title.
    #[serde(default)]
    pub title: Option<String>,
    /// The taxonomy file, relative to the project file.
    pub taxonomy: PathBuf,
    /// An analyst's corrections file (CSV: id, themes, primary).
    #[serde(default)]
    pub overrides: Option<PathBuf>,
    /// The sources.
    #[serde(default)]
    pub sources: Vec<SourceSpec>,
    /// Report settings.
    #[serde(default)]
    pub report: Option<ReportSettings>,
}

impl ProjectFile {
    /// Parses a project file's text; `path` is for messages.
    ///
    /// # Errors
    /// Invalid TOML, unknown keys, or missing required keys.
    pub fn from_toml_str(text: &str, path: &Path) -> Result<ProjectFile, Error> {
        toml::from_str(text)
            .map_err(|e| Error::Toml { path: path.to_owned(), message: e.to_string().trim_end().to_owned() })
    }
}

/// Everything a run needs, validated: paths resolved, taxonomy compiled.
#[derive(Debug)]
pub struct Plan {
    /// The report title.
    pub title: String,
    /// The project file.
    pub project_path: PathBuf,
    /// The compiled taxonomy.
    pub taxonomy: Taxonomy,
    /// The sources, with `path`, `register` and `attendance` resolved.
    pub sources: Vec<SourceSpec>,
    /// The overrides file, resolved.
    pub overrides: Option<PathBuf>,
    /// Report settings.
    pub report: ReportSettings,
    /// The output folder.
    pub out: PathBuf,
    /// Worker threads.
    pub jobs: usize,
    /// No progress bars.
    pub quiet: bool,
}

impl Plan {
    /// Reads the project file at `path` and validates it into a plan.
    ///
    /// # Errors
    /// The project file or its taxonomy is unreadable or invalid.
    pub fn from_path(path: &Path, out: PathBuf, jobs: usize, quiet: bool) -> crate::Result<Plan> {
        let text = read_file(path)?;
        let file = ProjectFile::from_toml_str(&text, path)?;
        let base = path.parent().unwrap_or(Path::new(".")).to_owned();
        let resolve = |p: &Path| if p.is_absolute() { p.to_owned() } else { base.join(p) };
        let taxonomy = Taxonomy::from_path(&resolve(&file.taxonomy))?;
        let mut seen = std::collections::BTreeSet::new();
        let mut sources = Vec::with_capacity(file.sources.len());
        for mut s in file.sources {
            if !seen.insert(s.name.clone()) {
                return Err(Error::Invalid {
                    path: path.to_owned(),
                    message: format!("two sources are named {:?}", s.name),
                }
                .into());
            }
            if s.name.trim().is_empty() {
                return Err(Error::Invalid {
                    path: path.to_owned(),
                    message: "a source has an empty name".into(),
                }
                .into());
            }
            s.written_path = std::mem::take(&mut s.path);
            s.path = resolve(&s.written_path);
            s.register = s.register.as_deref().map(resolve);
            s.attendance = s.attendance.as_deref().map(resolve);
            if s.kind == SourceKind::Table && s.text.is_none() {
                return Err(Error::Invalid {
                    path: path.to_owned(),
                    message: format!("source {:?} (table) needs `text = \"<column>\"`", s.name),
                }
                .into());
            }
            sources.push(s);
        }
        if sources.is_empty() {
            return Err(Error::Invalid {
                path: path.to_owned(),
                message: "no [[sources]]: nothing to read".into(),
            }
            .into());
        }
        let report = file.report.unwrap_or_default();
        if report.xlsx_comment_rows > MAX_XLSX_COMMENT_ROWS {
            return Err(Error::Invalid {
                path: path.to_owned(),
                message: format!(
                    "[report] xlsx_comment_rows = {}: an Excel sheet holds at most {MAX_XLSX_COMMENT_ROWS} rows below its header",
                    report.xlsx_comment_rows
                ),
            }
            .into());
        }
        Ok(Plan {
            title: file.title.unwrap_or_else(|| "tally report".into()),
            project_path: path.to_owned(),
            taxonomy,
            sources,
            overrides: file.overrides.as_deref().map(resolve),
            report,
            out,
            jobs: jobs.max(1),
            quiet,
        })
    }
}

fn read_file(path: &Path) -> Result<String, Error> {
    if path.is_dir() {
        return Err(Error::Io {
            path: path.to_owned(),
            source: std::io::Error::other("is a directory, not a file"),
        });
    }
    std::fs::read_to_string(path).map_err(|source| Error::Io { path: path.to_owned(), source })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn question_options_accept_numbers() -> Result<(), Error> {
        let p = ProjectFile::from_toml_str(
            "taxonomy = \"t.toml\"\n[[sources]]\nname = \"s\"\nkind = \"survey\"\npath = \"x.xlsx\"\n[[sources.questions]]\ncolumn = \"Rate\"\ntype = \"rating\"\noptions = [1, 2, \"3\", 4.0]\n",
            Path::new("p.toml"),
        )?;
        assert_eq!(p.sources[0].questions[0].options, ["1", "2", "3", "4"]);
        Ok(())
    }
}

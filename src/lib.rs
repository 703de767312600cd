//! tally codes consultation and workshop comments against a theme taxonomy
//! and writes committee-ready reports.
//!
//! The pipeline, one module per stage: [`project`] (the project file and the
//! validated [`project::Plan`]) → [`ingest`] (tables, chats and surveys to
//! [`model::Comment`]s) → [`tag`] (comments against a compiled
//! [`taxonomy::Taxonomy`]) → [`aggregate`] (theme shares per block) →
//! [`report`] and [`index`] (the output folder). [`cli`] is the command line.
//!
//! ```
//! use std::path::Path;
//! use tally::taxonomy::Taxonomy;
//! use tally::tag::Tagger;
//!
//! let tax = Taxonomy::from_toml_str(r#"
//!     name = "example"
//!     [[themes]]
//!     id = "funding"
//!     label = "Funding"
//!     phrases = ["budget*", "can't afford"]
//! "#, Path::new("example.toml"))?;
//! let tagger = Tagger::new(&tax)?;
//! let t = tagger.tag_text("Schools can't afford it: budgets are cut");
//! assert_eq!(t.primary, Some(0));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

pub mod aggregate;
pub mod cli;
pub mod error;
pub mod index;
pub mod ingest;
pub mod model;
pub mod progress;
pub mod project;
pub mod report;
pub mod run;
pub mod search;
pub mod tag;
pub mod taxonomy;

pub use error::{Error, Result};

//! End-to-end tests of the `tally` binary, one module per topic.

mod chat;
mod demo;
mod errors;
mod formats;
mod report;
mod run;
mod search;
mod survey;
mod util;

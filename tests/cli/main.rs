//! End-to-end tests of the `tally` binary, one module per topic.

// Helpers are `pub` for the topic modules of this one test binary.
#![allow(unreachable_pub)]

mod chat;
mod chat_real;
mod demo;
mod errors;
mod eval;
mod explain;
mod fallback;
mod formats;
mod hostile;
mod report;
mod run;
mod search;
mod speed;
mod survey;
mod tagfix;
mod taxonomy;
mod util;

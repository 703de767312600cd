//! End-to-end tests of the `tally` binary, one module per topic.

mod errors;
mod formats;
mod run;
mod search;
mod util;

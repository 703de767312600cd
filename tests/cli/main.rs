//! End-to-end tests of the `tally` binary, one module per topic.

mod run;
mod search;
mod util;

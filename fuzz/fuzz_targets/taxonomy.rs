//! Taxonomy parser: any UTF-8 through `Taxonomy::from_toml_str` (TOML,
//! validation, and compiling every phrase, regex and query rule); a taxonomy
//! that validates must build a tagger and tag text. Must never panic.

#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;
use tally::tag::Tagger;
use tally::taxonomy::Taxonomy;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let Ok(tax) = Taxonomy::from_toml_str(text, Path::new("fuzz.toml")) else { return };
    let tagger = Tagger::new(&tax).expect("a validated taxonomy compiles");
    for sample in ["Schools can't afford it: budgets are cut", "", "thanks!", "£2m ≠ savings… café"] {
        let t = tagger.tag_text(sample);
        if let Some(p) = t.primary {
            assert!(t.themes.contains(&p), "the primary theme is one of the matched themes");
        }
    }
});

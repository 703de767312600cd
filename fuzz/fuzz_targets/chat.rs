//! Chat parser: any bytes through decode, layout detection, message parsing,
//! classification, reply splitting and the default prompt recogniser.
//! Must never panic; every message header lies on a line of the text.

#![no_main]

use libfuzzer_sys::fuzz_target;
use tally::ingest::chat::{self, Kind};
use tally::ingest::decode::decode;

fuzz_target!(|data: &[u8]| {
    let (text, _encoding) = decode(data);
    let lines: Vec<&str> = text.lines().collect();
    let Some(layout) = chat::detect(&lines) else { return };
    // Teams classic asks whether a name is on the roster: answer both ways.
    let known = |name: &str| name.len() % 2 == 0;
    let (messages, preamble) = chat::parse(&text, layout, &known);
    for line in preamble {
        assert!((1..=lines.len()).contains(&line), "preamble line {line} of {}", lines.len());
    }
    for m in &messages {
        assert!((1..=lines.len()).contains(&m.line), "message line {} of {}", m.line, lines.len());
        let _ = chat::split_reply(&m.text);
        if let Kind::Comment(body, _preview) = chat::classify(&m.author, &m.text) {
            assert!(!body.trim().is_empty(), "a comment is never blank");
        }
        let _ = chat::recognise_prompt(&[], &m.text);
    }
});

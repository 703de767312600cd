//! `tally demo` and determinism across thread counts.

use crate::util::{TestEnv, csv_rows};

#[test]
fn demo_runs_end_to_end_and_summarises() {
    let env = TestEnv::new();
    let out = env.run(&["demo", "--out", "out", "--quiet"]).ok().stdout_has(&["wrote out", "stls-notes"]);
    assert!(out.stderr.is_empty(), "nothing on stderr with --quiet: {}", out.stderr);
    let comments = csv_rows(&env.join("out/comments.csv"));
    assert!(comments.len() > 150, "the demo has well over 150 comments, got {}", comments.len() - 1);
    let acc: serde_json::Value = serde_json::from_str(&env.read("out/accounting.json")).expect("json");
    for s in acc["sources"].as_array().expect("sources") {
        let n = |k: &str| s[k].as_u64().unwrap_or(0);
        let rejected = s["rejected"].as_array().map_or(0, Vec::len) as u64;
        assert_eq!(
            n("items_read"),
            n("comments") + n("noise") + n("blank") + n("events_total") + rejected,
            "accounting invariant for {}",
            s["source"]
        );
        assert!(!s["path"].as_str().unwrap_or("").starts_with('/'), "paths as written in the project: {s}");
    }
    // Every block's rounded shares sum to exactly 100.
    let shares = csv_rows(&env.join("out/theme_shares.csv"));
    let mut sums = std::collections::BTreeMap::<(String, String, String), u32>::new();
    for r in &shares[1..] {
        *sums.entry((r[0].clone(), r[1].clone(), r[2].clone())).or_default() +=
            r[7].parse::<u32>().expect("int");
    }
    assert!(sums.values().all(|s| *s == 100), "{sums:?}");
}

#[test]
fn jobs_1_and_2_give_byte_identical_outputs() {
    let env = TestEnv::new();
    env.run(&["demo", "--out", "a", "--jobs", "1", "--quiet"]).ok();
    env.run(&["demo", "--out", "b", "--jobs", "2", "--quiet"]).ok();
    let mut compared = 0;
    for entry in std::fs::read_dir(env.join("a")).expect("ls") {
        let entry = entry.expect("entry");
        if entry.file_type().expect("type").is_file() {
            let name = entry.file_name();
            let a = std::fs::read(entry.path()).expect("read a");
            let b = std::fs::read(env.join("b").join(&name)).expect("read b");
            assert!(a == b, "{} differs between --jobs 1 and --jobs 2", name.to_string_lossy());
            compared += 1;
        }
    }
    assert!(compared >= 5, "compared {compared} files");
}

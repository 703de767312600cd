//! The vocabulary-overlap fallback on the shipped STLS taxonomy: comments.csv,
//! `explain`, `[fallback] enabled = false`, a bad setting, and --jobs.

use super::util::{TestEnv, csv_rows, repo};

const NOTES: &str = "\
Ref,Option,Question,Comment\r
n1,1,risks,link to the ASD pathway\r
n2,1,risks,can we have the slides after?\r
n3,1,risks,Schools can't afford the traded offer\r
n4,1,advantages,thanks\r
n5,2,advantages,option 2 for me\r
";

fn project(taxonomy: &str) -> String {
    format!(
        "title = \"fb\"\ntaxonomy = \"{taxonomy}\"\n[[sources]]\nname = \"notes\"\nkind = \"table\"\n\
         path = \"notes.csv\"\ntext = \"Comment\"\n[sources.columns]\nid = \"Ref\"\noption = \"Option\"\n\
         question = \"Question\"\n"
    )
}

fn env() -> TestEnv {
    let stls = std::fs::read_to_string(repo().join("taxonomies/stls.toml")).expect("shipped taxonomy");
    TestEnv::new()
        .write("stls.toml", &stls)
        .write("off.toml", format!("{stls}\n[fallback]\nenabled = false\n"))
        .write("bad.toml", format!("{stls}\n[fallback]\nmargin = -1\n"))
        .write("notes.csv", NOTES)
        .write("p.toml", project("stls.toml"))
        .write("off.toml.project", project("off.toml"))
        .write("bad.toml.project", project("bad.toml"))
}

/// (id, status, primary_theme) of each comments.csv row.
fn verdicts(e: &TestEnv, out: &str) -> Vec<(String, String, String)> {
    let rows = csv_rows(&e.join(&format!("{out}/comments.csv")));
    let col = |name: &str| rows[0].iter().position(|h| h == name).expect("column");
    let (id, status, primary) = (col("id"), col("status"), col("primary_theme"));
    rows[1..].iter().map(|r| (r[id].clone(), r[status].clone(), r[primary].clone())).collect()
}

#[test]
fn fallback_tags_what_no_rule_matches_and_explain_names_the_words() {
    let e = env();
    e.run(&["run", "p.toml", "--out", "out", "--jobs", "1"]).ok();
    let want = |fb: &str| {
        vec![
            ("n1".to_owned(), fb.to_owned(), if fb == "tagged" { "multi_agency" } else { "" }.to_owned()),
            // a question about the meeting itself is noise (eval/README.md)
            ("n2".to_owned(), "noise".to_owned(), String::new()),
            ("n3".to_owned(), "tagged".to_owned(), "funding".to_owned()),
            ("n4".to_owned(), "noise".to_owned(), String::new()),
            // a bare preference: no rule, no vocabulary, stays untagged
            ("n5".to_owned(), "untagged".to_owned(), String::new()),
        ]
    };
    assert_eq!(verdicts(&e, "out"), want("tagged"));
    e.run(&["explain", "p.toml", "n1"]).ok().stdout_has(&[
        "status    tagged",
        "primary   multi_agency",
        "multi_agency       fallback «link, asd, pathway»",
        "(fallback: vocabulary overlap on link, asd, pathway)",
        "why       no rule matched; fallback by vocabulary overlap: multi_agency scored",
    ]);
    // Off: the same comment stays untagged, the rest is unchanged.
    e.run(&["run", "off.toml.project", "--out", "off"]).ok();
    assert_eq!(verdicts(&e, "off"), want("untagged"));
    e.run(&["explain", "off.toml.project", "n1"])
        .ok()
        .stdout_has(&["status    untagged", "rules that fired: none"]);
}

#[test]
fn fallback_output_is_identical_whatever_jobs() {
    let e = env();
    e.run(&["run", "p.toml", "--out", "j1", "--jobs", "1"]).ok();
    e.run(&["run", "p.toml", "--out", "j4", "--jobs", "4"]).ok();
    assert_eq!(e.read("j1/comments.csv"), e.read("j4/comments.csv"));
}

#[test]
fn bad_fallback_setting_names_the_file_and_key() {
    env()
        .run(&["run", "bad.toml.project", "--out", "bad"])
        .code(1)
        .stderr_has(&["bad.toml", "[fallback] margin must be a number of 0 or more"]);
}

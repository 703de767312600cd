//! Speed and scale (issue 7): `--timings` on stderr only, no progress bars
//! off a terminal, and identical outputs whatever `--jobs` on the bench corpus.

use crate::util::{TestEnv, repo};

/// The first `n` rows of the committed bench corpus, as a project in a temp folder.
fn corpus(n: usize) -> TestEnv {
    let text = std::fs::read_to_string(repo().join("benches/data/corpus-10k.csv")).expect("bench corpus");
    let mut rdr = csv::Reader::from_reader(text.as_bytes());
    let mut wtr = csv::Writer::from_writer(Vec::new());
    wtr.write_record(rdr.headers().expect("header")).expect("header");
    for r in rdr.records().take(n) {
        wtr.write_record(&r.expect("row")).expect("row");
    }
    let project =
        std::fs::read_to_string(repo().join("benches/data/project.toml")).expect("bench project").replace(
            "../../taxonomies/stls.toml",
            &repo().join("taxonomies/stls.toml").display().to_string().replace('\\', "/"),
        );
    TestEnv::new().write("corpus-10k.csv", wtr.into_inner().expect("csv")).write("project.toml", project)
}

#[test]
fn timings_go_to_stderr_only_with_the_flag() {
    let env = corpus(300);
    let out = env.run(&["run", "project.toml", "--out", "out", "--timings"]).ok();
    assert!(!out.stdout.contains("comments/s"), "timings leaked to stdout:\n{}", out.stdout);
    let table: Vec<&str> = out.stderr.lines().collect();
    assert!(table[0].starts_with("stage") && table[0].contains("comments/s"), "{}", out.stderr);
    for stage in ["ingest", "tag", "aggregate", "write", "index", "total"] {
        assert!(table.iter().any(|l| l.starts_with(stage)), "no {stage} row:\n{}", out.stderr);
    }
    let tag = table.iter().find(|l| l.starts_with("tag ")).expect("tag row");
    assert_eq!(tag.split_whitespace().nth(2), Some("300"), "{tag}");

    // Without the flag, and with stderr not a terminal: no table, no bars.
    let quiet = env.run(&["run", "project.toml", "--out", "out"]).ok();
    assert_eq!(quiet.stderr, "", "stderr should be empty off a terminal");
}

#[test]
fn bench_corpus_outputs_identical_whatever_jobs() {
    let env = corpus(1_500);
    env.run(&["run", "project.toml", "--out", "one", "--jobs", "1", "--quiet"]).ok();
    env.run(&["run", "project.toml", "--out", "two", "--jobs", "2", "--quiet"]).ok();
    for f in ["comments.csv", "theme_shares.csv", "theme_mentions.csv", "accounting.json", "report.md"] {
        let (a, b) = (env.read(&format!("one/{f}")), env.read(&format!("two/{f}")));
        assert!(a == b, "{f} differs between --jobs 1 and --jobs 2");
    }
    // A realistic share is tagged: the generator is written for the shipped taxonomy.
    let rows = crate::util::csv_rows(&env.join("one/comments.csv"));
    let tagged = rows.iter().skip(1).filter(|r| r[9] == "tagged").count();
    assert!((1_000..1_450).contains(&tagged), "tagged {tagged} of 1500");
}

//! The same 30 comments in every table format give byte-identical outputs.
//! See fixtures/formats/ and fixtures/README.md (which tool made each file).

use crate::util::{TestEnv, csv_rows, repo};

const FORMATS: [&str; 9] = [
    "comments.utf8.csv",
    "comments.utf8bom.csv",
    "comments.cp1252.csv",
    "comments.semicolon.csv",
    "comments.utf16.tsv",
    "comments.xlsx",
    "comments.sst.xlsx",
    "comments.xls",
    "comments.ods",
];

const TAX: &str = "name = \"t\"\n[[themes]]\nid = \"funding\"\nlabel = \"Funding\"\nphrases = [\"money\", \"budget*\", \"£\"]\n";

fn run_format(file: &str) -> (String, String, String) {
    let env = TestEnv::new().fixture(&format!("formats/{file}")).write("tax.toml", TAX).write(
        "p.toml",
        format!(
            "taxonomy = \"tax.toml\"\n[[sources]]\nname = \"notes\"\nkind = \"table\"\npath = \"{file}\"\ntext = \"Comment\"\n[sources.columns]\noption = \"Option\"\nquestion = \"Question\"\n[sources.set]\nstakeholder = \"stls\"\n"
        ),
    );
    env.run(&["run", "p.toml", "--out", "out", "--quiet"]).ok();
    (env.read("out/comments.csv"), env.read("out/theme_shares.csv"), env.read("out/accounting.json"))
}

#[test]
fn every_format_gives_byte_identical_comments() {
    let totals = |acc: &str| serde_json::from_str::<serde_json::Value>(acc).expect("json")["totals"].clone();
    let (want, want_shares, want_acc) = run_format(FORMATS[0]);
    for f in &FORMATS[1..] {
        let (got, shares, acc) = run_format(f);
        assert_eq!(got, want, "comments.csv from {f} differs from {}", FORMATS[0]);
        assert_eq!(shares, want_shares, "theme_shares.csv from {f}");
        assert_eq!(totals(&acc), totals(&want_acc), "accounting totals from {f}");
    }
}

#[test]
fn formats_match_the_ground_truth() {
    let (comments, _, accounting) = run_format("comments.xlsx");
    let dir = tempfile::tempdir().expect("tmp");
    std::fs::write(dir.path().join("c.csv"), comments).expect("write");
    let got = csv_rows(&dir.path().join("c.csv"));
    let expected = csv_rows(&repo().join("fixtures/formats/expected.csv"));
    let want: Vec<_> = expected[1..].iter().filter(|r| !r[3].is_empty()).collect();
    assert_eq!(got.len() - 1, want.len(), "one comment per non-blank row");
    for (g, w) in got[1..].iter().zip(want) {
        // id = <source>:<spreadsheet row>, Ref n is on row n + 1
        let row: usize = w[0].parse().expect("ref");
        assert_eq!(g[0], format!("notes:{}", row + 1));
        assert_eq!(
            (g[2].as_str(), g[4].as_str()),
            (w[1].as_str(), w[2].as_str()),
            "option/question of ref {}",
            w[0]
        );
        let text = if w[3].starts_with(['=', '+', '-', '@']) { format!("'{}", w[3]) } else { w[3].clone() };
        assert_eq!(g[12], text, "text of ref {}", w[0]);
    }
    let acc: serde_json::Value = serde_json::from_str(&accounting).expect("json");
    let s = &acc["sources"][0];
    assert_eq!(s["rows_read"], 30);
    assert_eq!(s["blank"], 1);
    assert_eq!(s["comments"].as_u64().unwrap() + s["noise"].as_u64().unwrap(), 29);
}

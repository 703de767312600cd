//! `tally search` over a run's index: query syntax, filters, ranking,
//! formats, redaction and the errors of a bad index or query.

use crate::util::TestEnv;

const TAX: &str = r#"
name = "t"
[[themes]]
id = "funding"
label = "Funding"
phrases = ["afford", "budget*", "pay for", "money"]
[[themes]]
id = "training_support"
label = "Support, training and advice"
phrases = ["training", "advice"]
"#;

const PROJECT: &str = r#"
title = "T"
taxonomy = "tax.toml"
[[sources]]
name = "notes"
kind = "table"
path = "c.csv"
text = "Comment"
[sources.columns]
id = "Ref"
option = "Option"
question = "Question"
stakeholder = "Group"
"#;

const CSV: &str = "Ref,Option,Question,Group,Comment
c01,Option 3,Disadvantages,schools,The postcode lottery will get worse for rural schools
c02,Option 3,Disadvantages,schools,We cannot afford to pay for extra training
c03,Option 1,Advantages,stls,Paying for training up front saves money later
c04,Option 2,Risks,parents,Families will pay them for transport
c05,Option 3,Risks,stls,Schools can't aford specialist advice
c06,Option 1,Disadvantages,parents,\"Only the lottery of who you know, not a postcode\"
c07,Option 2,Advantages,stls,Contact jane.roe@kent.gov.uk about the training budget
c08,Option 2,Advantages,schools,=HYPERLINK(\"http://x\") training
";

/// A run of the inline project, indexed in `out/index`.
fn indexed() -> TestEnv {
    let env = TestEnv::new().write("tax.toml", TAX).write("p.toml", PROJECT).write("c.csv", CSV);
    env.run(&["run", "p.toml", "--out", "out", "--quiet"]).ok();
    env
}

/// The ids `tally search` returns, in order (CSV output, first column).
fn ids(env: &TestEnv, args: &[&str]) -> Vec<String> {
    let mut all = vec!["search"];
    all.extend_from_slice(args);
    all.extend_from_slice(&["--index", "out/index", "--format", "csv"]);
    let out = env.run(&all).ok();
    let mut rdr = csv::Reader::from_reader(out.stdout.as_bytes());
    rdr.records().map(|r| r.expect("csv record")[0].to_owned()).collect()
}

#[test]
fn phrases_match_unstemmed_words_in_order() {
    let env = indexed();
    let cases: &[(&[&str], &[&str])] = &[
        // A word matches by stem: pay, paying.
        (&["pay"], &["c02", "c03", "c04"]),
        // A phrase is exact: "paying for" is not "pay for"; "pay them for" needs slop.
        (&["\"pay for\""], &["c02"]),
        (&["\"pay for\"~1"], &["c02", "c04"]),
        (&["\"Paying for\""], &["c03"]),
        (&["\"postcode lottery\""], &["c01"]),
        (&["\"postcode worse\"~3"], &["c01"]),
        (&["\"postcode worse\"~2"], &[]),
    ];
    for (args, want) in cases {
        // Ranking among these is BM25's business (tested below); the set is ours.
        let mut got = ids(&env, args);
        got.sort();
        assert_eq!(got, *want, "{args:?}");
    }
}

#[test]
fn boolean_operators_and_fuzzy_terms() {
    let env = indexed();
    let cases: &[(&str, &[&str])] = &[
        ("postcode lottery", &["c01", "c06"]),
        ("postcode AND lottery AND rural", &["c01"]),
        ("training NOT budget", &["c02", "c03", "c08"]),
        ("training -budget -money", &["c02", "c08"]),
        ("NOT (training OR lottery OR schools OR pay OR advice)", &[]),
        ("(lottery OR transport) NOT postcode", &["c04"]),
        ("afford", &["c02"]),
        ("afford~1", &["c02", "c05"]),
        ("advise~1", &["c05"]),
        ("zebra", &[]),
    ];
    for (q, want) in cases {
        let mut got = ids(&env, &[q]);
        got.sort();
        assert_eq!(got, *want, "{q:?}");
    }
}

#[test]
fn filters_narrow_without_changing_order() {
    let env = indexed();
    let cases: &[(&[&str], &[&str])] = &[
        (&["lottery", "--option", "option three"], &["c01"]),
        (&["lottery", "--option", "1"], &["c06"]),
        (&["training", "--stakeholder", "STLS"], &["c03", "c07"]),
        (&["training", "--stakeholder", "stls", "--stakeholder", "schools"], &["c02", "c03", "c07", "c08"]),
        (&["training", "--stakeholder", "stls", "--question", "Advantages"], &["c03", "c07"]),
        (&["", "--question", "risks"], &["c04", "c05"]),
        (&["", "--theme", "funding", "--option", "2"], &["c07"]),
        (&["", "--source", "notes", "--option", "9"], &[]),
    ];
    for (args, want) in cases {
        let mut got = ids(&env, args);
        got.sort();
        assert_eq!(got, *want, "{args:?}");
    }
    // An empty query lists everything in id order (every score ties).
    assert_eq!(ids(&env, &["", "--limit", "3"]), ["c01", "c02", "c03"]);
}

#[test]
fn best_first_with_text_snippet_and_limit() {
    let env = indexed();
    let out = env.run(&["search", "lottery", "--index", "out/index"]).ok();
    // c01 is one word shorter than c06: the shorter comment wins BM25.
    let first = out.stdout.lines().next().expect("a line");
    assert!(first.contains("c01"), "{}", out.stdout);
    assert!(out.stdout.contains("option 3 / schools / disadvantages"), "{}", out.stdout);
    assert!(out.stdout.contains("The postcode «lottery» will get worse"), "{}", out.stdout);
    assert!(out.stdout.contains("2 of 2 matching comments"), "{}", out.stdout);
    let out = env.run(&["search", "training", "--index", "out/index", "--limit", "1"]).ok();
    assert!(out.stdout.contains("1 of 4 matching comments"), "{}", out.stdout);
    let out = env.run(&["search", "zebra", "--index", "out/index"]).ok();
    assert_eq!(out.stdout, "no comments match\n");
}

#[test]
fn csv_and_json_carry_comment_fields_score_and_snippet() {
    let env = indexed();
    let out = env.run(&["search", "hyperlink", "--index", "out/index", "--format", "csv"]).ok();
    let mut rdr = csv::Reader::from_reader(out.stdout.as_bytes());
    let header: Vec<String> = rdr.headers().expect("header").iter().map(str::to_owned).collect();
    let mut want: Vec<String> = crate::util::COMMENTS_HEADER.map(String::from).to_vec();
    want.extend(["score".to_owned(), "snippet".to_owned()]);
    assert_eq!(header, want);
    let rows: Vec<csv::StringRecord> = rdr.records().map(|r| r.expect("row")).collect();
    assert_eq!(rows.len(), 1);
    assert_eq!(&rows[0][0], "c08");
    assert!(rows[0][12].starts_with("'="), "formula neutralised: {:?}", &rows[0][12]);
    assert!(rows[0][14].starts_with("'=«HYPERLINK»"), "snippet neutralised: {:?}", &rows[0][14]);
    assert!(rows[0][13].parse::<f64>().expect("score") > 0.0);

    let out = env.run(&["search", "\"pay for\"", "--index", "out/index", "--format", "json"]).ok();
    let v: serde_json::Value = serde_json::from_str(&out.stdout).expect("json");
    let hit = &v.as_array().expect("array")[0];
    assert_eq!(hit["id"], "c02");
    assert_eq!(hit["option"], "3");
    assert_eq!(hit["stakeholder"], "schools");
    assert_eq!(hit["themes"], "funding;training_support");
    assert_eq!(hit["snippet"], "We cannot afford to «pay» «for» extra training");
    assert!(hit["score"].as_f64().expect("score") > 0.0);
    let out = env.run(&["search", "zebra", "--index", "out/index", "--format", "json"]).ok();
    assert_eq!(out.stdout.trim(), "[]");
}

#[test]
fn personal_data_is_redacted_unless_asked() {
    let env = indexed();
    let out = env.run(&["search", "contact", "--index", "out/index", "--format", "json"]).ok();
    assert!(out.stdout.contains("Contact [email] about"), "{}", out.stdout);
    assert!(!out.stdout.contains("jane.roe"), "{}", out.stdout);
    let out = env.run(&["search", "contact", "--index", "out/index", "--format", "json", "--no-redact"]).ok();
    assert!(out.stdout.contains("jane.roe@kent.gov.uk"), "{}", out.stdout);
}

#[test]
fn syntax_errors_show_where() {
    let env = indexed();
    let out = env.run(&["search", "\"pay for", "--index", "out/index"]).code(1);
    assert!(out.stdout.is_empty());
    out.stderr_has(&["query syntax error at column 1: unclosed quote", "\n  \"pay for\n  ^"]);
    env.run(&["search", "pay (for OR afford", "--index", "out/index"]).code(1).stderr_has(&[
        "column 5",
        "unclosed parenthesis",
        "\n      ^",
    ]);
    env.run(&["search", "afford~5", "--index", "out/index"]).code(1).stderr_has(&["column 7", "at most 2"]);
    env.run(&["search", "x", "--index", "out/index", "--theme", "nope"])
        .code(1)
        .stderr_has(&["unknown theme \"nope\"", "funding, training_support"]);
}

#[test]
fn foreign_and_outdated_indexes_are_refused() {
    let env = indexed();
    env.run(&["search", "x", "--index", "missing"]).code(1).stderr_has(&["no index folder at missing"]);
    env.run(&["search", "x", "--index", "out"])
        .code(1)
        .stderr_has(&["out is not a tally search index", "did you mean out/index?"]);
    let marker = env.read("out/index/tally-index.json");
    let old = marker.replace("\"version\": 1", "\"version\": 0");
    assert_ne!(old, marker, "the marker has a version to change");
    let env = env.write("out/index/tally-index.json", old);
    env.run(&["search", "x", "--index", "out/index"]).code(1).stderr_has(&[
        "format version 0",
        "reads version 1",
        "re-run `tally run`",
    ]);
}

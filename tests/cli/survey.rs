//! `kind = "survey"`: a Microsoft Forms-shaped export to `survey.csv`
//! (checked cell by cell against an independent Python computation), free
//! text to comments, and the errors a bad answer gives.

use crate::util::{TestEnv, csv_rows};

fn survey_env() -> TestEnv {
    TestEnv::new()
        .fixture("survey/impact-survey.xlsx")
        .fixture("survey/project.toml")
        .fixture("survey/taxonomy.toml")
}

#[test]
fn survey_csv_matches_independent_computation() {
    let env = survey_env();
    env.run(&["run", "project.toml", "--out", "out"]).ok();
    let got = csv_rows(&env.join("out/survey.csv"));
    // fixtures/survey/expected-survey.csv is computed by tools/make_survey_fixture.py
    // from the same respondents, without tally's code.
    let want = csv_rows(&crate::util::repo().join("fixtures/survey/expected-survey.csv"));
    assert_eq!(
        got[0],
        ["source", "question", "group_by", "group", "answer", "responses", "share_pct", "mean"]
    );
    assert_eq!(got.len(), want.len(), "row count");
    for (k, (g, w)) in got.iter().zip(&want).enumerate() {
        assert_eq!(g, w, "survey.csv row {k}");
    }
    // Spot checks of the contract's semantics on the real file.
    let overall = |q: &str| got.iter().filter(|r| r[1] == q && r[2].is_empty()).cloned().collect::<Vec<_>>();
    let multi = overall("Which parts of the service did you use?");
    let sum: f64 = multi.iter().map(|r| r[6].parse::<f64>().expect("share")).sum();
    assert!(sum > 100.0, "multi shares sum past 100: {sum}");
    let rank = overall("Please rank these priorities for future funding");
    let means: Vec<f64> = rank.iter().map(|r| r[7].parse().expect("mean")).collect();
    assert!(means.windows(2).all(|w| w[0] <= w[1]), "ranking ordered by mean: {means:?}");
    let likert = overall("Advice was practical");
    assert!(likert.iter().any(|r| r[4] == "Don't know" || r[4] == "Don’t know" || r[4] == "Not sure"));
    assert!(likert.iter().all(|r| r[7] == likert[0][7] && !r[7].is_empty()), "mean on every row");
    for dim in ["phase", "role", "district"] {
        assert!(got.iter().any(|r| r[2] == dim), "broken down by {dim}");
    }
    assert!(
        !got.iter().any(|r| r[1] == "Start time" || r[1] == "Email"),
        "Forms fixed columns are not questions"
    );
}

#[test]
fn free_text_becomes_comments_and_every_row_is_accounted() {
    let env = survey_env();
    env.run(&["run", "project.toml", "--out", "out"]).ok();
    let acc: serde_json::Value = serde_json::from_str(&env.read("out/accounting.json")).expect("json");
    let s = &acc["sources"][0];
    let n = |k: &str| s[k].as_u64().unwrap_or(u64::MAX);
    assert_eq!(n("rows_read"), 64);
    assert_eq!(n("items_read"), 128, "64 respondents × 2 free-text questions");
    assert_eq!(n("items_read"), n("comments") + n("noise") + n("blank"), "every item in one bucket");
    let comments = csv_rows(&env.join("out/comments.csv"));
    let questions: std::collections::BTreeSet<&str> = comments[1..].iter().map(|r| r[4].as_str()).collect();
    assert_eq!(
        questions.into_iter().collect::<Vec<_>>(),
        ["Any other comments?", "What difference has the service made?"]
    );
    assert!(comments[1..].iter().all(|r| r[3] == "schools"), "set dimensions carried");
    assert!(comments[1..].iter().any(|r| r[11].contains("funding")), "survey comments are tagged");
}

#[test]
fn key_quotes_are_redacted() {
    let project = "taxonomy = 'tax.toml'\n[[sources]]\nname = 's'\nkind = 'survey'\npath = 's.csv'\n[sources.set]\nstakeholder = 'schools'\n[[sources.questions]]\ncolumn = 'Comments'\ntype = 'text'\n";
    let env = TestEnv::new().write("tax.toml", TAX).write("p.toml", project).write(
        "s.csv",
        "ID,Start time,Completion time,Email,Name,Comments\n\
1,,,jr@x.org,Jane Roe,\"Ring Jane Roe on 01622 694000 or jane.roe@example.org (ME14 1XX): the advice was great\"\n\
2,,,anonymous,,Alan thought the advice line was useful too\n",
    );
    env.run(&["run", "p.toml", "--out", "out"]).ok();
    let html = env.read("out/report.html");
    assert!(
        html.contains("Ring [name] on [phone] or [email] ([postcode]): the advice was great"),
        "quote redacted:\n{html}"
    );
    assert!(env.read("out/report.md").contains(r"Ring \[name\] on \[phone\]"), "and in report.md");
    for f in ["out/report.md", "out/report.html"] {
        let text = env.read(f);
        for leak in ["Jane Roe", "01622 694000", "jane.roe@example.org", "ME14 1XX"] {
            assert!(!text.contains(leak), "{f} leaks {leak:?}");
        }
    }
    // comments.csv keeps the raw text (it is the analyst's working file).
    assert!(env.read("out/comments.csv").contains("01622 694000"));
}

const TAX: &str = "name = 't'\n[[themes]]\nid = 'a'\nlabel = 'A'\nphrases = ['advice']\n";

fn likert_project() -> &'static str {
    "taxonomy = 'tax.toml'\n[[sources]]\nname = 's'\nkind = 'survey'\npath = 's.csv'\n[[sources.questions]]\ncolumn = 'The plan is clear'\ntype = 'likert'\n[[sources.questions]]\ncolumn = 'Comments'\ntype = 'text'\n"
}

#[test]
fn bad_likert_label_names_question_and_label() {
    let env = TestEnv::new().write("tax.toml", TAX).write("p.toml", likert_project()).write(
        "s.csv",
        "ID,Start time,Completion time,Email,Name,The plan is clear,Comments\n1,,,,,Agree,good advice\n2,,,,,Agreee,ok\n",
    );
    env.run(&["run", "p.toml", "--out", "out"]).code(1).stderr_has(&[
        "s.csv",
        "line 3",
        "The plan is clear",
        "\"Agreee\"",
    ]);
    assert!(!env.join("out").exists());
}

#[test]
fn text_ratings_stray_spaces_and_dont_know() {
    let project = "taxonomy = 'tax.toml'\n[[sources]]\nname = 's'\nkind = 'survey'\npath = 's.csv'\n[sources.columns]\nphase = 'Phase'\n[[sources.questions]]\ncolumn = 'Rate us'\ntype = 'rating'\n[[sources.questions]]\ncolumn = 'Clear'\ntype = 'likert'\n";
    let env = TestEnv::new().write("tax.toml", TAX).write("p.toml", project).write(
        "s.csv",
        "ID,Phase,Rate us,Clear\n1,Primary ,4,Strongly agree\n2,Primary,\" 2 \",Don't know\n3,Secondary,5,  Tend to disagree \n4,,,\n",
    );
    env.run(&["run", "p.toml", "--out", "out"]).ok();
    let rows = csv_rows(&env.join("out/survey.csv"));
    let want: &[&[&str]] = &[
        &["s", "Rate us", "", "", "2", "1", "33.3", "3.67"],
        &["s", "Rate us", "", "", "4", "1", "33.3", "3.67"],
        &["s", "Rate us", "", "", "5", "1", "33.3", "3.67"],
        &["s", "Rate us", "phase", "Primary", "2", "1", "50.0", "3.00"],
        &["s", "Rate us", "phase", "Primary", "4", "1", "50.0", "3.00"],
        &["s", "Rate us", "phase", "Secondary", "5", "1", "100.0", "5.00"],
        &["s", "Clear", "", "", "Tend to disagree", "1", "33.3", "3.50"],
        &["s", "Clear", "", "", "Strongly agree", "1", "33.3", "3.50"],
        &["s", "Clear", "", "", "Don't know", "1", "33.3", "3.50"],
        &["s", "Clear", "phase", "Primary", "Strongly agree", "1", "50.0", "5.00"],
        &["s", "Clear", "phase", "Primary", "Don't know", "1", "50.0", "5.00"],
        &["s", "Clear", "phase", "Secondary", "Tend to disagree", "1", "100.0", "2.00"],
    ];
    assert_eq!(
        rows[1..],
        want.iter().map(|r| r.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>()).collect::<Vec<_>>()
    );
    let acc: serde_json::Value = serde_json::from_str(&env.read("out/accounting.json")).expect("json");
    assert_eq!(acc["sources"][0]["rows_read"].as_u64(), Some(4));
}

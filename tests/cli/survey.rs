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
        &["s", "Clear", "", "", "Strongly agree", "1", "33.3", "3.50"],
        &["s", "Clear", "", "", "Tend to disagree", "1", "33.3", "3.50"],
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

// ---- a realistic Microsoft Forms export (tools/make_forms_survey.py) -----------------------

fn forms_env() -> TestEnv {
    TestEnv::new()
        .fixture("survey/forms-460.xlsx")
        .fixture("survey/forms-460.toml")
        .fixture("survey/forms-460-options.toml")
        .fixture("survey/taxonomy.toml")
}

/// Runs `project` and compares its survey.csv with `expected` cell by cell
/// (numbers at the printed precision: share_pct to 1 decimal, mean to 2).
fn compare_with_independent(project: &str, expected: &str) -> (usize, usize) {
    let env = forms_env();
    env.run(&["run", project, "--out", "out", "--quiet"]).ok();
    let got = csv_rows(&env.join("out/survey.csv"));
    // fixtures/survey/expected-*.csv: tools/check_forms_survey.py, pandas on the same
    // workbook, from the contract and README "Survey tables", without tally's code.
    let want = csv_rows(&crate::util::repo().join("fixtures/survey").join(expected));
    assert_eq!(got[0], want[0], "header");
    let equal = got.iter().zip(&want).skip(1).filter(|(g, w)| g == w).count();
    let diffs: Vec<String> = got
        .iter()
        .zip(&want)
        .enumerate()
        .filter(|(_, (g, w))| g != w)
        .take(5)
        .map(|(k, (g, w))| format!("row {k}:\n  got  {g:?}\n  want {w:?}"))
        .collect();
    assert!(
        got.len() == want.len() && diffs.is_empty(),
        "{project}: {} rows, {} expected, {equal} equal\n{}",
        got.len() - 1,
        want.len() - 1,
        diffs.join("\n")
    );
    (want.len() - 1, equal)
}

#[test]
fn forms_export_without_options_matches_independent_computation() {
    // Only the keys the contract names: options discovered from the data,
    // multi-select and ranking split on `;`, duplicate likert headers taken in turn.
    let (rows, equal) = compare_with_independent("forms-460.toml", "expected-forms-460.csv");
    assert_eq!((rows, equal), (1389, 1389));
}

#[test]
fn forms_export_with_options_matches_independent_computation() {
    // Labels and options: likert options listed agree-first keep Strongly agree = 5;
    // "Other" answers in a multi-select count once as Other.
    let (rows, equal) = compare_with_independent("forms-460-options.toml", "expected-forms-460-options.csv");
    assert_eq!((rows, equal), (1362, 1362));
}

#[test]
fn forms_export_semantics_spot_checks() {
    let env = forms_env();
    env.run(&["run", "forms-460-options.toml", "--out", "out", "--quiet"]).ok();
    let rows = csv_rows(&env.join("out/survey.csv"));
    let overall = |q: &str| rows.iter().filter(|r| r[1] == q && r[2].is_empty()).cloned().collect::<Vec<_>>();
    // Agree-first options do not flip the scale: mostly-agreeing answers give a mean above 3.
    let advice = overall("Advice was practical");
    let mean: f64 = advice[0][7].parse().expect("mean");
    assert!(mean > 3.5, "Strongly disagree = 1 … Strongly agree = 5 whatever the options' order: {mean}");
    let labels: Vec<&str> = advice.iter().map(|r| r[4].as_str()).collect();
    assert_eq!(labels[0], "Strongly agree", "options' order");
    assert_eq!(*labels.last().expect("rows"), "Don't know");
    // The two likert groups sharing a statement read their own columns.
    let (a, b) = (
        overall("Training improved staff confidence (impact)"),
        overall("Training improved staff confidence (next year)"),
    );
    assert!(a.iter().any(|r| r[4] == "Agree") && b.iter().any(|r| r[4] == "Tend to agree"), "{a:?}\n{b:?}");
    // "Other" answers: one row, never the respondent's words.
    let used = overall("Parts of the service used");
    assert_eq!(used.last().expect("rows")[4], "Other");
    assert!(!used.iter().any(|r| r[4].contains("Parent workshops")));
    // Dimensions in the sheet's order; blank dimension values are in no group.
    let by: Vec<&str> =
        rows[1..].iter().filter(|r| r[1] == "Overall rating").map(|r| r[2].as_str()).collect();
    let mut order = by.clone();
    order.dedup();
    assert_eq!(order, ["", "phase", "role", "district"]);
    assert!(!rows.iter().any(|r| !r[2].is_empty() && r[3].is_empty()), "no blank group");
    // Whatever --jobs, the same bytes.
    env.run(&["run", "forms-460-options.toml", "--out", "out1", "--jobs", "1", "--quiet"]).ok();
    env.run(&["run", "forms-460-options.toml", "--out", "out4", "--jobs", "4", "--quiet"]).ok();
    assert_eq!(env.read("out1/survey.csv"), env.read("out4/survey.csv"));
    assert_eq!(env.read("out/survey.csv"), env.read("out1/survey.csv"));
}

#[test]
fn repeated_likert_headers_made_unique_by_excel() {
    // An Excel table cannot hold two equal headers, so a synced workbook may
    // read "Statement" and "Statement2"; the second question finds the second.
    let project = "taxonomy = 'tax.toml'\n[[sources]]\nname = 's'\nkind = 'survey'\npath = 's.csv'\n\
[[sources.questions]]\ncolumn = 'Plan is clear'\ntype = 'likert'\nlabel = 'A'\n\
[[sources.questions]]\ncolumn = 'Plan is clear'\ntype = 'likert'\nlabel = 'B'\n";
    let env = TestEnv::new().write("tax.toml", TAX).write("p.toml", project).write(
        "s.csv",
        "ID,Plan is clear,Plan is clear2\n1,Agree,Strongly disagree\n2,Strongly agree,Not sure\n",
    );
    env.run(&["run", "p.toml", "--out", "out", "--quiet"]).ok();
    let rows = csv_rows(&env.join("out/survey.csv"));
    let want: &[&[&str]] = &[
        &["s", "A", "", "", "Strongly agree", "1", "50.0", "4.50"],
        &["s", "A", "", "", "Agree", "1", "50.0", "4.50"],
        &["s", "B", "", "", "Strongly disagree", "1", "50.0", "1.00"],
        &["s", "B", "", "", "Not sure", "1", "50.0", "1.00"],
    ];
    assert_eq!(
        rows[1..],
        want.iter().map(|r| r.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>()).collect::<Vec<_>>()
    );
}

#[test]
fn multi_select_without_options_splits_on_semicolons_only() {
    // No options: an answer containing a comma stays whole; `,` splits only a
    // column that has no `;` at all.
    let project = "taxonomy = 'tax.toml'\n[[sources]]\nname = 's'\nkind = 'survey'\npath = 's.csv'\n\
[[sources.questions]]\ncolumn = 'Used'\ntype = 'multi'\n[[sources.questions]]\ncolumn = 'Plain'\ntype = 'multi'\n";
    let env = TestEnv::new().write("tax.toml", TAX).write("p.toml", project).write(
        "s.csv",
        "ID,Used,Plain\n1,\"Outreach, visits\",\"A, B\"\n2,\"Training;Outreach, visits;\",A\n3,\" Training ; \",\n",
    );
    env.run(&["run", "p.toml", "--out", "out", "--quiet"]).ok();
    let rows = csv_rows(&env.join("out/survey.csv"));
    let want: &[&[&str]] = &[
        &["s", "Used", "", "", "Outreach, visits", "2", "66.7", ""],
        &["s", "Used", "", "", "Training", "2", "66.7", ""],
        &["s", "Plain", "", "", "A", "2", "100.0", ""],
        &["s", "Plain", "", "", "B", "1", "50.0", ""],
    ];
    assert_eq!(
        rows[1..],
        want.iter().map(|r| r.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>()).collect::<Vec<_>>()
    );
}

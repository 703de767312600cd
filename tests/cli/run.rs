//! `tally run` on table sources: outputs, accounting, errors.

use crate::util::{TestEnv, csv_rows};

const TAX: &str = r#"
name = "t"
[noise]
phrases = ["thanks"]
[[themes]]
id = "training_support"
label = "Support, training and advice"
phrases = ["training", "advice"]
[[themes]]
id = "funding"
label = "Funding"
phrases = ["afford", "budget*"]
"#;

fn project(text: &str) -> String {
    format!(
        "title = \"T\"\ntaxonomy = \"tax.toml\"\n[[sources]]\nname = \"notes\"\nkind = \"table\"\npath = \"c.csv\"\ntext = \"{text}\"\n[sources.columns]\noption = \"Option\"\nquestion = \"Question\"\n[sources.set]\nstakeholder = \"stls\"\n"
    )
}

#[test]
fn small_csv_gives_contract_outputs() {
    let env = TestEnv::new()
        .write("tax.toml", TAX)
        .write("p.toml", project("Comment"))
        .write(
            "c.csv",
            "Ref,Option,Question,Comment\n1,Option 2,Advantages,Keeps the training we rely on\n2,option two,Risks,=HYPERLINK(\"x\")\n3,3,Risks,\n4,Option 1,Disadvantages,schools cannot afford it\n5,1,Disadvantages,thanks\n",
        );
    env.run(&["run", "p.toml", "--out", "out"]).ok().stdout_has(&["wrote out"]);
    let rows = csv_rows(&env.join("out/comments.csv"));
    assert_eq!(rows[0][..13], crate::util::COMMENTS_HEADER.map(String::from));
    assert_eq!(rows.len(), 5, "4 comments + header (one blank row)");
    assert_eq!(rows[2][12], "'=HYPERLINK(\"x\")", "formula neutralised");
    assert_eq!(rows[4][9], "noise");
    let shares = csv_rows(&env.join("out/theme_shares.csv"));
    assert_eq!(shares[1], ["1", "stls", "disadvantages", "funding", "1", "1", "100.0", "100"]);
    let acc: serde_json::Value = serde_json::from_str(&env.read("out/accounting.json")).expect("json");
    let s = &acc["sources"][0];
    assert_eq!(
        (s["items_read"].as_u64(), s["blank"].as_u64(), s["noise"].as_u64()),
        (Some(5), Some(1), Some(1))
    );
}

#[test]
fn missing_column_lists_headers() {
    let env = TestEnv::new()
        .write("tax.toml", TAX)
        .write("p.toml", project("Feedback"))
        .write("c.csv", "Ref,Option,Question,Comment\n1,1,Risks,x\n");
    env.run(&["run", "p.toml", "--out", "out"]).code(1).stderr_has(&["c.csv", "\"Feedback\"", "\"Comment\""]);
    assert!(!env.join("out").exists(), "no output folder on error");
}

#[test]
fn overrides_apply_and_missing_ids_are_reported() {
    let env = TestEnv::new()
        .write("tax.toml", TAX)
        .write("p.toml", format!("overrides = \"fix.csv\"\n{}", project("Comment")))
        .write("c.csv", "Ref,Option,Question,Comment\n1,1,Risks,schools cannot afford it\n")
        .write(
            "fix.csv",
            "id,themes,primary\nnotes:2,training_support,training_support\nnotes:99,funding,funding\n",
        );
    let out = env.run(&["run", "p.toml", "--out", "out"]).ok();
    assert!(
        out.stderr.contains("warning: 1 override(s)") && out.stderr.contains("notes:99"),
        "{}",
        out.stderr
    );
    let rows = csv_rows(&env.join("out/comments.csv"));
    assert_eq!((rows[1][10].as_str(), rows[1][13].as_str()), ("training_support", "yes"));
    let acc: serde_json::Value = serde_json::from_str(&env.read("out/accounting.json")).expect("json");
    assert_eq!(acc["overrides_missing"], serde_json::json!(["notes:99"]));
    assert_eq!(acc["overrides_applied"], 1);
}

//! `tally eval`: agreement with a gold CSV.

use super::tagfix::env;

const GOLD: &str = "\
id,themes,primary,status
c1,funding,funding,tagged
c2,none,none,tagged
c3,lift,lift,tagged
c4,funding,funding,tagged
c5,lift,lift,tagged
c6,,,noise
c7,lift;funding,funding,tagged
c99,lift,lift,tagged
";

#[test]
fn eval_text_reports_the_measures() {
    env().write("gold.csv", GOLD).run(&["eval", "p.toml", "--gold", "gold.csv"]).ok().stdout_has(&[
        "gold rows        8",
        "matched          7",
        "not found        1 (c99)",
        // c5 misses lift (vetoed): F1 0; the rest agree on themes.
        "samples-F1       0.857",
        // c5 (lift → untagged) and c7 (funding → lift) disagree.
        "primary accuracy 0.714",
        "lift → untagged",
        "funding → lift",
    ]);
}

#[test]
fn eval_json_and_text_gold() {
    let o =
        env().write("gold.csv", GOLD).run(&["eval", "p.toml", "--gold", "gold.csv", "--format", "json"]).ok();
    let v: serde_json::Value = serde_json::from_str(&o.stdout).expect("json");
    assert_eq!(v["matched"], 7);
    let lift = v["themes"].as_array().expect("themes").iter().find(|t| t["theme"] == "lift").expect("lift");
    assert_eq!((lift["support"].as_u64(), lift["true_positives"].as_u64()), (Some(3), Some(2)));
    // Without an id column, rows are matched by exact text.
    let by_text = "text,themes\nno advantages,none\nLoss of LIFT would hurt,lift\nnot in the data,lift\n";
    env().write("g2.csv", by_text).run(&["eval", "p.toml", "--gold", "g2.csv"]).ok().stdout_has(&[
        "matched          2",
        "not found        1 (row 4)",
        "samples-F1       1.000",
    ]);
}

#[test]
fn eval_bad_gold_exits_1() {
    env()
        .write("gold.csv", "id,primary\nc1,funding\n")
        .run(&["eval", "p.toml", "--gold", "gold.csv"])
        .code(1)
        .stderr_has(&["gold.csv", "no `themes` column"]);
}

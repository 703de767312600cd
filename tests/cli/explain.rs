//! `tally explain`: rules with marked spans, vetoes, overrides, the primary's reason.

use super::tagfix::env;

#[test]
fn explain_shows_rules_spans_and_reason() {
    let o = env().run(&["explain", "p.toml", "c1"]).ok();
    let o = o.stdout_has(&[
        "comment   c1",
        "primary   funding (Funding)",
        "funding            phrases  «budget*»",
        "Schools can't afford it and [[budgets]] are cut",
        "funding            phrases  «can't afford»",
        "Schools [[can't afford]] it",
        "why       funding scored 0.99 (weight 0.9 × evidence 1.1: 2 rules)",
    ]);
    assert!(!o.stdout.contains("vetoed:"), "{}", o.stdout);
}

#[test]
fn explain_shows_query_hits_and_vetoes() {
    env().run(&["explain", "p.toml", "c4"]).ok().stdout_has(&["funding            query    «\"pay for\"~2»"]);
    env().run(&["explain", "p.toml", "c5"]).ok().stdout_has(&[
        "status    untagged",
        "vetoed:",
        "lift               exclude  «lift the burden»",
        "LIFT would [[lift the burden]]",
    ]);
}

#[test]
fn explain_primary_tie_and_override() {
    let e = env()
        .write("fix.csv", "id,themes,primary\nc7,funding,funding\ngone,lift,\n")
        .write("p2.toml", format!("overrides = \"fix.csv\"\n{}", super::tagfix::PROJECT));
    // Without the override: lift (1.0) beats funding (0.9).
    e.run(&["explain", "p.toml", "c7"]).ok().stdout_has(&["primary   lift", "runner-up funding scored 0.90"]);
    e.run(&["explain", "p2.toml", "c7"]).ok().stdout_has(&[
        "primary   funding",
        "override  ",
        "row 2 replaced the machine's verdict: tagged [lift;funding], primary lift",
        "1 id(s) in the overrides file match no comment: gone",
    ]);
    // The override reaches comments.csv too.
    e.run(&["run", "p2.toml", "--out", "out", "-q"]).ok();
    let rows = super::util::csv_rows(&e.join("out/comments.csv"));
    let h = &rows[0];
    let col = |n: &str| h.iter().position(|x| x == n).unwrap_or_else(|| panic!("no column {n}"));
    let c7 = rows.iter().find(|r| r[0] == "c7").expect("c7");
    assert_eq!((c7[col("primary_theme")].as_str(), c7[col("overridden")].as_str()), ("funding", "yes"));
}

#[test]
fn explain_unknown_id_exits_1() {
    env().run(&["explain", "p.toml", "zzz"]).code(1).stderr_has(&["no comment with id \"zzz\"", "p.toml"]);
}

#[test]
fn bad_override_theme_is_an_error_naming_file_and_row() {
    let e = env()
        .write("fix.csv", "id,themes\nc1,funding\nc2,nonsense\n")
        .write("p2.toml", format!("overrides = \"fix.csv\"\n{}", super::tagfix::PROJECT));
    e.run(&["run", "p2.toml", "--out", "out"]).code(1).stderr_has(&[
        "fix.csv",
        "row 3",
        "unknown theme \"nonsense\"",
    ]);
}

#[test]
fn explain_takes_several_ids_in_one_run() {
    let o = env().run(&["explain", "p.toml", "c1", "c5"]).ok();
    let o = o.stdout_has(&["comment   c1", "comment   c5", "lift               exclude  «lift the burden»"]);
    let (c1, c5) = (o.stdout.find("comment   c1").unwrap_or(0), o.stdout.find("comment   c5").unwrap_or(0));
    assert!(c1 < c5, "explained in the order given: {}", o.stdout);
    // One unknown id fails the whole call before anything is printed.
    let o = env().run(&["explain", "p.toml", "c1", "zzz"]).code(1);
    assert!(o.stdout.is_empty(), "{}", o.stdout);
}

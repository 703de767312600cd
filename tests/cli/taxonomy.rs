//! `tally taxonomy check`: errors name theme, rule and file; warnings exit 0.

use super::tagfix::env;

#[test]
fn check_ok_with_project_warnings() {
    let o = env().run(&["taxonomy", "check", "mini.toml", "--project", "p.toml"]).ok();
    o.stdout_has(&[
        "mini.toml: ok: 3 themes, 7 rules, tried on 7 comments",
        "theme none: whole rule \"^(nothing|none|n/?a)$\" matches none of the 7 comments",
    ]);
}

#[test]
fn check_reports_overlapping_themes() {
    let tax = "name='t'\n[[themes]]\nid='a'\nlabel='A'\nphrases=['cut*']\n[[themes]]\nid='b'\nlabel='B'\nphrases=['budget*']\n";
    let csv = "Ref,Comment\n1,budget cuts\n2,budget cuts again\n3,cuts to budgets\n4,budgets cut\n5,cut the budget\n6,budget\n";
    let project = "taxonomy='t.toml'\n[[sources]]\nname='n'\nkind='table'\npath='n.csv'\ntext='Comment'\n";
    super::util::TestEnv::new()
        .write("t.toml", tax)
        .write("n.csv", csv)
        .write("p.toml", project)
        .run(&["taxonomy", "check", "t.toml", "--project", "p.toml"])
        .ok()
        .stdout_has(&["theme a + b: co-occur on 5 of the 6 comments either matches (83%): duplicates?"]);
}

#[test]
fn bad_rules_exit_1_naming_theme_rule_and_file() {
    let cases = [
        ("regex = ['(oops']", "bad regex rule \"(oops\""),
        ("query = ['\"unclosed']", "bad query rule \"\\\"unclosed\""),
        ("query = ['text:foo']", "field names"),
        ("phrases = ['a*b']", "bad phrases rule \"a*b\""),
    ];
    for (rule, want) in cases {
        let toml = format!("name='t'\n[[themes]]\nid='broken'\nlabel='B'\n{rule}\n");
        super::util::TestEnv::new()
            .write("bad.toml", toml)
            .run(&["taxonomy", "check", "bad.toml"])
            .code(1)
            .stderr_has(&["bad.toml", "theme \"broken\"", want]);
    }
}

#[test]
fn suggest_lists_untagged_terms_and_near_misses() {
    let e = env().write(
        "notes.csv",
        format!("{}c8,1,risks,respite care is gone\nc9,1,risks,respite care waits\nc10,1,risks,the budgte is tight\n", super::tagfix::COMMENTS),
    );
    e.run(&["suggest", "p.toml"]).ok().stdout_has(&[
        "4 untagged of 10 comments",
        "respite care",
        "funding            c10              \"budgte\" is one edit from \"budget*\"",
    ]);
}

//! Bad input: exit 1, a message naming the file and the problem, never a
//! panic, and no output folder left behind.

use crate::util::{Outcome, TestEnv};

const TAX: &str = "name = \"t\"\n[[themes]]\nid = \"funding\"\nlabel = \"Funding\"\nphrases = [\"money\"]\n";

fn project(path: &str, extra: &str) -> String {
    format!(
        "taxonomy = \"tax.toml\"\n[[sources]]\nname = \"s\"\nkind = \"table\"\npath = \"{path}\"\ntext = \"Comment\"\n{extra}"
    )
}

/// Runs `p.toml` and checks the failure contract.
#[track_caller]
fn fails(env: &TestEnv, parts: &[&str]) -> Outcome {
    let out = env.run(&["run", "p.toml", "--out", "out"]).code(1).stderr_has(parts);
    assert!(!out.stderr.contains("panicked"), "{}", out.stderr);
    assert!(!env.join("out").exists(), "no output folder after a failure");
    let leftovers: Vec<_> = std::fs::read_dir(env.path())
        .expect("ls")
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().starts_with(".tally-"))
        .collect();
    assert!(leftovers.is_empty(), "temp folders left: {leftovers:?}");
    out
}

#[test]
fn missing_source_file() {
    let env = TestEnv::new().write("tax.toml", TAX).write("p.toml", project("nope.csv", ""));
    fails(&env, &["nope.csv", "No such file"]);
}

#[test]
fn directory_instead_of_file() {
    let env =
        TestEnv::new().write("tax.toml", TAX).write("p.toml", project("dir.csv", "")).write("dir.csv/x", "");
    fails(&env, &["dir.csv", "is a directory"]);
}

#[test]
fn empty_file() {
    let env = TestEnv::new()
        .fixture("bad/empty.csv")
        .write("tax.toml", TAX)
        .write("p.toml", project("empty.csv", ""));
    fails(&env, &["empty.csv", "empty"]);
}

#[test]
fn random_bytes_named_xlsx() {
    let env = TestEnv::new()
        .fixture("bad/random.xlsx")
        .write("tax.toml", TAX)
        .write("p.toml", project("random.xlsx", ""));
    fails(&env, &["random.xlsx", "cannot read spreadsheet"]);
}

#[test]
fn truncated_xlsx() {
    let env = TestEnv::new()
        .fixture("bad/truncated.xlsx")
        .write("tax.toml", TAX)
        .write("p.toml", project("truncated.xlsx", ""));
    fails(&env, &["truncated.xlsx", "cannot read spreadsheet"]);
}

#[test]
fn unknown_sheet_lists_sheets() {
    let env = TestEnv::new()
        .fixture("formats/comments.xlsx")
        .write("tax.toml", TAX)
        .write("p.toml", project("comments.xlsx", "sheet = \"Responses\"\n"));
    fails(&env, &["comments.xlsx", "no sheet named \"Responses\"", "\"Notes\""]);
}

#[test]
fn missing_column_lists_headers() {
    let env = TestEnv::new()
        .fixture("formats/comments.xlsx")
        .write("tax.toml", TAX)
        .write("p.toml", project("comments.xlsx", "[sources.columns]\noption = \"Opt\"\n"));
    fails(&env, &["comments.xlsx", "no column \"Opt\"", "\"Option\"", "\"Question\""]);
}

#[test]
fn invalid_project_toml_names_line_and_column() {
    let env = TestEnv::new()
        .write("tax.toml", TAX)
        .write("p.toml", "taxonomy = \"tax.toml\"\n[[sources]]\nname = \n");
    fails(&env, &["p.toml", "line 3, column"]);
}

#[test]
fn unknown_project_key_is_an_error() {
    let env = TestEnv::new().write("tax.toml", TAX).write("p.toml", project("c.csv", "txet = \"x\"\n"));
    fails(&env, &["p.toml", "unknown field `txet`"]);
}

#[test]
fn invalid_taxonomy_toml_names_line_and_column() {
    let env =
        TestEnv::new().write("tax.toml", "name = \"t\"\n[[themes]\n").write("p.toml", project("c.csv", ""));
    fails(&env, &["tax.toml", "line 2, column"]);
}

#[test]
fn bad_regex_names_theme_and_rule() {
    let env = TestEnv::new()
        .write(
            "tax.toml",
            "name = \"t\"\n[[themes]]\nid = \"funding\"\nlabel = \"F\"\nregex = ['(unclosed']\n",
        )
        .write("p.toml", project("c.csv", ""));
    fails(&env, &["tax.toml", "funding", "(unclosed"]);
}

#[test]
fn unterminated_quote_names_the_line() {
    let env = TestEnv::new()
        .fixture("bad/unterminated-quote.csv")
        .write("tax.toml", TAX)
        .write("p.toml", project("unterminated-quote.csv", ""));
    fails(&env, &["unterminated-quote.csv", "line 3", "never closed"]);
}

#[test]
fn zip_bomb_is_refused_without_inflating() {
    let env = TestEnv::new()
        .fixture("bad/zip-bomb.xlsx")
        .write("tax.toml", TAX)
        .write("p.toml", project("zip-bomb.xlsx", ""));
    fails(&env, &["zip-bomb.xlsx", "too large", "zip bomb"]);
}

#[test]
fn huge_dimension_is_read_sparsely() {
    // The sheet claims A1:XFD1048576; one cell sits at XFD1048576. Reading it
    // densely would need ~17 G cells: it must be read sparsely and the far
    // cell's row rejected with a reason, not allocated.
    let env = TestEnv::new()
        .fixture("bad/huge-dimension.xlsx")
        .write("tax.toml", TAX)
        .write("p.toml", project("huge-dimension.xlsx", ""));
    env.run(&["run", "p.toml", "--out", "out"]).ok();
    let acc: serde_json::Value = serde_json::from_str(&env.read("out/accounting.json")).expect("json");
    let s = &acc["sources"][0];
    assert_eq!((s["comments"].as_u64(), s["rejected"].as_array().map(Vec::len)), (Some(2), Some(1)), "{s}");
}

#[test]
fn output_folder_that_is_not_ours_is_not_replaced() {
    let env = TestEnv::new()
        .fixture("formats/comments.utf8.csv")
        .write("tax.toml", TAX)
        .write("p.toml", project("comments.utf8.csv", ""))
        .write("out/precious.txt", "keep me");
    env.run(&["run", "p.toml", "--out", "out"]).code(1).stderr_has(&["out", "not a tally output folder"]);
    assert_eq!(env.read("out/precious.txt"), "keep me");
}

#[test]
fn rerun_replaces_previous_output() {
    let env = TestEnv::new()
        .fixture("formats/comments.utf8.csv")
        .write("tax.toml", TAX)
        .write("p.toml", project("comments.utf8.csv", ""));
    env.run(&["run", "p.toml", "--out", "out"]).ok();
    std::fs::write(env.join("out/stale.txt"), "old").expect("write");
    env.run(&["run", "p.toml", "--out", "out"]).ok();
    assert!(!env.join("out/stale.txt").exists(), "the folder is replaced whole");
    assert!(env.join("out/comments.csv").exists());
}

#[test]
fn usage_error_exits_2() {
    TestEnv::new().run(&["run"]).code(2);
    TestEnv::new().run(&["frobnicate"]).code(2);
}

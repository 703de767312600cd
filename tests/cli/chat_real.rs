//! Real-format chat exports (fixtures/chat/real, tools/make_real_chat_fixtures.py):
//! three workshops written the way facilitators and attendees actually type,
//! in the exports they came from. Every message's option, stakeholder and
//! question is checked against the hand-annotated `<chat>.expected.csv`, plus
//! block bases, the attendee profile and the accounting invariant.

use std::collections::BTreeMap;

use crate::util::{TestEnv, csv_rows, repo};

const REAL: &str = "chat/real";

fn project(schools_chat: &str) -> String {
    let taxonomy = repo().join("taxonomies/stls.toml");
    format!(
        r#"title = "STLS options workshops (real-format chats)"
taxonomy = '{}'

[[sources]]
name = "schools"
kind = "chat"
path = "{schools_chat}"
facilitators = ["Sarah Jones", "Commissioning Team"]
register = "schools-register.xlsx"
[sources.set]
stakeholder = "schools"

[[sources]]
name = "evening"
kind = "chat"
path = "evening-teams-classic.txt"
facilitators = ["Commissioning Team"]
register = "evening-register.xlsx"
attendance = "evening-attendance.csv"
[sources.set]
stakeholder = "schools"

[[sources]]
name = "stls"
kind = "chat"
path = "stls-teams-new.txt"
facilitators = ["Commissioning Team"]
register = "stls-register.csv"
[sources.register_columns]
phase = "Team"
[sources.set]
stakeholder = "stls"
"#,
        taxonomy.display()
    )
}

fn env_for(schools_chat: &str) -> TestEnv {
    [
        schools_chat,
        "schools-register.xlsx",
        "evening-teams-classic.txt",
        "evening-register.xlsx",
        "evening-attendance.csv",
        "stls-teams-new.txt",
        "stls-register.csv",
    ]
    .iter()
    .fold(TestEnv::new(), |env, f| env.fixture(&format!("{REAL}/{f}")))
    .write("workshops.toml", project(schools_chat))
}

/// The hand-annotated truth for one chat: id -> row
/// (id, author, option, stakeholder, question, status, phase, role, district).
fn expected(chat: &str) -> Vec<Vec<String>> {
    let path = repo().join("fixtures").join(REAL).join(chat.replace(".txt", ".expected.csv"));
    let rows = csv_rows(&path);
    assert_eq!(
        rows[0],
        ["id", "author", "option", "stakeholder", "question", "status", "phase", "role", "district"]
    );
    rows[1..].to_vec()
}

/// Compares comments.csv with the truth; returns (messages, right) where
/// right = option, stakeholder and question all as annotated, and a list of
/// every difference (dimension, status or author).
fn score(env: &TestEnv, source: &str, truth: &[Vec<String>]) -> (usize, usize, Vec<String>) {
    let rows = csv_rows(&env.join("out/comments.csv"));
    let by_id: BTreeMap<&str, &Vec<String>> =
        rows[1..].iter().filter(|r| r[1] == source).map(|r| (r[0].as_str(), r)).collect();
    let mut right = 0;
    let mut diffs = Vec::new();
    for t in truth {
        let Some(got) = by_id.get(t[0].as_str()) else {
            diffs.push(format!("{}: missing from comments.csv ({:?})", t[0], t[1]));
            continue;
        };
        // comments.csv: id, source, option, stakeholder, question, author, phase, role, district, status
        let want_osq = [&t[2], &t[3], &t[4]];
        let got_osq = [&got[2], &got[3], &got[4]];
        if want_osq == got_osq {
            right += 1;
        } else {
            diffs.push(format!(
                "{}: option/stakeholder/question {got_osq:?}, want {want_osq:?}: {:?}",
                t[0], got[12]
            ));
        }
        if got[5] != t[1] {
            diffs.push(format!("{}: author {:?}, want {:?}", t[0], got[5], t[1]));
        }
        if got[6..9] != t[6..9] {
            diffs.push(format!("{}: phase/role/district {:?}, want {:?}", t[0], &got[6..9], &t[6..9]));
        }
        let status = if got[9] == "noise" { "noise" } else { "comment" };
        if status != t[5] {
            diffs.push(format!("{}: {status}, want {}: {:?}", t[0], t[5], got[12]));
        }
    }
    for (id, r) in &by_id {
        if !truth.iter().any(|t| t[0] == *id) {
            diffs.push(format!("{id}: not a message in the truth: {:?} by {:?}", r[12], r[5]));
        }
    }
    (truth.len(), right, diffs)
}

/// (option, stakeholder, question) -> base, from theme_shares.csv.
fn bases(env: &TestEnv) -> BTreeMap<(String, String, String), usize> {
    let rows = csv_rows(&env.join("out/theme_shares.csv"));
    let mut out = BTreeMap::new();
    for r in &rows[1..] {
        let base: usize = r[5].parse().expect("base is a number");
        let prev = out.insert((r[0].clone(), r[1].clone(), r[2].clone()), base);
        assert!(prev.is_none_or(|p| p == base), "one base per block: {r:?}");
    }
    out
}

fn balances(s: &serde_json::Value) -> bool {
    let n = |k: &str| s[k].as_u64().unwrap_or(u64::MAX);
    n("items_read")
        == n("comments")
            + n("noise")
            + n("blank")
            + n("events_total")
            + s["rejected"].as_array().map_or(0, |a| a.len() as u64)
}

/// Block bases of the three workshops, counted by hand from the annotated scripts.
const BASES: &[(&str, &str, &str, usize)] = &[
    ("1", "schools", "advantages", 6),
    ("1", "schools", "disadvantages", 8),
    ("2", "schools", "benefits", 4),
    ("2", "schools", "risks", 4),
    ("3", "schools", "advantages", 3),
    ("3", "schools", "disadvantages", 5),
    ("4", "schools", "advantages", 1),
    ("4", "schools", "risks", 2),
    ("4", "schools", "advantages and disadvantages", 2),
    ("1", "stls", "advantages", 2),
    ("1", "stls", "disadvantages", 2),
    ("2", "stls", "advantages", 1),
    ("2", "stls", "disadvantages", 2),
    ("3", "stls", "advantages", 1),
    ("3", "stls", "disadvantages", 2),
    ("4", "stls", "advantages", 1),
    ("4", "stls", "disadvantages", 1),
];

const PROFILE: &[&str] = &[
    // the Forms register (8 registrations, one no-show)
    "schools,phase,Primary,5,62.5",
    "schools,phase,Secondary,2,25.0",
    "schools,phase,Special school,1,12.5",
    "schools,role,SENCo,4,50.0",
    "schools,role,Headteacher,2,25.0",
    "schools,role,Assistant headteacher,1,12.5",
    "schools,role,Class teacher,1,12.5",
    "schools,district,Dover,2,25.0",
    "schools,district,Thanet,2,25.0",
    "schools,district,Ashford,1,12.5",
    "schools,district,Folkestone and Hythe,1,12.5",
    "schools,district,Maidstone,1,12.5",
    "schools,district,Swale,1,12.5",
    // the attendance report's 5 attendees (the organiser is a facilitator),
    // joined to the register by email though every name differs
    "evening,phase,Primary,3,60.0",
    "evening,phase,Secondary,1,20.0",
    "evening,phase,Special school,1,20.0",
    "evening,role,SENCo,2,40.0",
    "evening,role,Deputy headteacher,1,20.0",
    "evening,role,Headteacher,1,20.0",
    "evening,role,Teacher,1,20.0",
    "evening,district,Dover,2,40.0",
    "evening,district,Ashford,1,20.0",
    "evening,district,Folkestone and Hythe,1,20.0",
    "evening,district,Tunbridge Wells,1,20.0",
    "stls,phase,Specialist teacher,3,75.0",
    "stls,phase,Outreach,1,25.0",
    "stls,role,Specialist teacher,2,50.0",
    "stls,role,Lead,1,25.0",
    "stls,role,Practitioner,1,25.0",
    "stls,district,Maidstone,2,50.0",
    "stls,district,Canterbury,1,25.0",
    "stls,district,Swale,1,25.0",
];

#[test]
fn real_format_workshops_every_message_filed_right() {
    for schools_chat in
        ["schools-zoom-c.txt", "schools-zoom-b.txt", "schools-zoom-a.txt", "schools-zoom-d.txt"]
    {
        let env = env_for(schools_chat);
        env.run(&["run", "workshops.toml", "--out", "out", "--quiet"]).ok();
        let mut n = 0;
        let mut right = 0;
        let mut diffs = Vec::new();
        for (source, chat) in [
            ("schools", schools_chat),
            ("evening", "evening-teams-classic.txt"),
            ("stls", "stls-teams-new.txt"),
        ] {
            let (cn, cr, mut d) = score(&env, source, &expected(chat));
            n += cn;
            right += cr;
            diffs.append(&mut d);
        }
        eprintln!(
            "{schools_chat} + evening + stls: {right} of {n} messages with the right option, stakeholder and question"
        );
        assert!(diffs.is_empty(), "{schools_chat}:\n{}", diffs.join("\n"));
        assert_eq!(right, n);
    }
}

#[test]
fn real_format_workshops_bases_profile_and_accounting() {
    let env = env_for("schools-zoom-c.txt");
    env.run(&["run", "workshops.toml", "--out", "out", "--quiet"]).ok();
    let want: BTreeMap<(String, String, String), usize> =
        BASES.iter().map(|(o, s, q, n)| (((*o).to_owned(), (*s).to_owned(), (*q).to_owned()), *n)).collect();
    assert_eq!(bases(&env), want);
    // the same bases follow from the annotated truth
    let mut from_truth: BTreeMap<(String, String, String), usize> = BTreeMap::new();
    for chat in ["schools-zoom-c.txt", "evening-teams-classic.txt", "stls-teams-new.txt"] {
        for t in expected(chat).iter().filter(|t| t[5] == "comment") {
            *from_truth.entry((t[2].clone(), t[3].clone(), t[4].clone())).or_default() += 1;
        }
    }
    assert_eq!(from_truth, want, "BASES agrees with the expected.csv files");

    let profile = csv_rows(&env.join("out/profile.csv"));
    let got: Vec<String> = profile[1..].iter().map(|r| r[..5].join(",")).collect();
    assert_eq!(got, PROFILE);

    let acc: serde_json::Value = serde_json::from_str(&env.read("out/accounting.json")).expect("json");
    let s = &acc["sources"];
    assert_eq!(s[0]["format"], "zoom (layout C) utf-8 (bom)");
    assert_eq!(s[1]["format"], "teams (classic paste) utf-8");
    assert_eq!(s[2]["format"], "teams (new client paste) utf-8");
    for (i, events) in [
        serde_json::json!({"direct_message": 1, "prompt": 12, "reaction": 1}),
        serde_json::json!({"prompt": 9, "reaction": 2, "system": 5}),
        serde_json::json!({"prompt": 8, "reaction": 3}),
    ]
    .into_iter()
    .enumerate()
    {
        assert!(balances(&s[i]), "accounting balances: {}", s[i]);
        assert_eq!(s[i]["events"], events, "{}", s[i]["source"]);
    }
    // the one unregistered device name is counted, its comment kept
    assert_eq!(s[0]["unmatched_authors"], serde_json::json!(["iPad (2)"]));
    assert_eq!(s[1]["unmatched_authors"], serde_json::json!([]));
    assert_eq!(s[2]["unmatched_authors"], serde_json::json!([]));
    // Teams markers never reach a comment's text
    let comments = csv_rows(&env.join("out/comments.csv"));
    for r in &comments[1..] {
        assert!(
            !r[12].contains("Edited") && !r[12].contains("reactions.") && !r[12].contains("Reference"),
            "{r:?}"
        );
    }
}

#[test]
fn real_format_workshops_identical_whatever_jobs() {
    let env = env_for("schools-zoom-c.txt");
    env.run(&["run", "workshops.toml", "--out", "a", "--jobs", "1", "--quiet"]).ok();
    env.run(&["run", "workshops.toml", "--out", "b", "--jobs", "3", "--quiet"]).ok();
    for f in ["comments.csv", "theme_shares.csv", "profile.csv", "accounting.json"] {
        assert_eq!(env.read(&format!("a/{f}")), env.read(&format!("b/{f}")), "{f}");
    }
}

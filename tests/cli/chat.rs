//! `kind = "chat"`: Zoom layouts A–D and Teams pastes, facilitator prompts,
//! replies/reactions/DMs, registers and attendance reports, `profile.csv`.

use std::collections::BTreeMap;

use crate::util::{TestEnv, csv_rows};

/// The schools conversation's blocks (option, question) -> comments, the same
/// in every layout (tools/make_chat_fixtures.py prints them).
const SCHOOLS_BLOCKS: [(&str, &str, usize); 8] = [
    ("1", "advantages", 3),
    ("1", "disadvantages", 5),
    ("2", "advantages", 3),
    ("2", "disadvantages", 2),
    ("3", "advantages", 2),
    ("3", "disadvantages", 3),
    ("4", "advantages", 1),
    ("4", "disadvantages", 2),
];

fn with_fixtures(names: &[&str]) -> TestEnv {
    names.iter().fold(TestEnv::new(), |env, n| env.fixture(&format!("chat/{n}")))
}

/// (option, stakeholder, question) -> base, from theme_shares.csv.
fn bases(env: &TestEnv) -> BTreeMap<(String, String, String), usize> {
    let rows = csv_rows(&env.join("out/theme_shares.csv"));
    assert_eq!(rows[0][..6], ["option", "stakeholder", "question", "theme", "comments", "base"]);
    let mut out = BTreeMap::new();
    for r in &rows[1..] {
        let base: usize = r[5].parse().expect("base is a number");
        let prev = out.insert((r[0].clone(), r[1].clone(), r[2].clone()), base);
        assert!(prev.is_none_or(|p| p == base), "one base per block: {r:?}");
    }
    out
}

fn accounting(env: &TestEnv) -> serde_json::Value {
    serde_json::from_str(&env.read("out/accounting.json")).expect("accounting.json")
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

fn chat_project(path: &str, register: Option<&str>, extra: &str) -> String {
    let reg = register.map(|r| format!("register = \"{r}\"\n")).unwrap_or_default();
    format!(
        "taxonomy = \"taxonomy.toml\"\n[[sources]]\nname = \"w\"\nkind = \"chat\"\npath = \"{path}\"\nfacilitators = [\"Commissioning Team\"]\n{reg}{extra}[sources.set]\nstakeholder = \"schools\"\n"
    )
}

#[test]
fn three_workshops_give_exact_bases_and_profile() {
    let env = with_fixtures(&[
        "workshops.toml",
        "taxonomy.toml",
        "schools-zoom-c.txt",
        "schools-register.xlsx",
        "stls-zoom-b.txt",
        "stls-register.csv",
        "parents-teams-classic.txt",
        "parents-register.csv",
        "parents-attendance.csv",
    ]);
    env.run(&["run", "workshops.toml", "--out", "out"]).ok();
    let mut want = BTreeMap::new();
    for (o, q, n) in SCHOOLS_BLOCKS {
        want.insert((o.to_owned(), "schools".to_owned(), q.to_owned()), n);
    }
    for (o, s, q, n) in [
        ("1", "stls", "advantages", 2),
        ("1", "stls", "disadvantages", 3),
        ("2", "stls", "advantages", 1),
        ("2", "stls", "disadvantages", 2),
        ("1", "parents", "risks", 2),
        ("1", "parents", "benefits", 1),
        ("2", "parents", "benefits", 2),
        ("2", "parents", "risks", 1),
    ] {
        want.insert((o.to_owned(), s.to_owned(), q.to_owned()), n);
    }
    assert_eq!(bases(&env), want);

    let profile = csv_rows(&env.join("out/profile.csv"));
    assert_eq!(profile[0][..5], ["source", "dimension", "value", "people", "share_pct"]);
    let got: Vec<String> = profile[1..].iter().map(|r| r[..5].join(",")).collect();
    let want = [
        "schools-2024-03-26,phase,Primary,3,50.0",
        "schools-2024-03-26,phase,Secondary,2,33.3",
        "schools-2024-03-26,phase,Special school,1,16.7",
        "schools-2024-03-26,role,SENCo,4,66.7",
        "schools-2024-03-26,role,Deputy headteacher,1,16.7",
        "schools-2024-03-26,role,Headteacher,1,16.7",
        "schools-2024-03-26,district,Ashford,2,33.3",
        "schools-2024-03-26,district,Maidstone,2,33.3",
        "schools-2024-03-26,district,Dover,1,16.7",
        "schools-2024-03-26,district,Swale,1,16.7",
        "stls-2024-03-27,phase,Specialist teacher,3,75.0",
        "stls-2024-03-27,phase,Outreach,1,25.0",
        "stls-2024-03-27,role,Specialist teacher,2,50.0",
        "stls-2024-03-27,role,Lead,1,25.0",
        "stls-2024-03-27,role,Practitioner,1,25.0",
        "stls-2024-03-27,district,Maidstone,2,50.0",
        "stls-2024-03-27,district,Dover,1,25.0",
        "stls-2024-03-27,district,Swale,1,25.0",
        // the attendance report's 4 attendees (the organiser is a facilitator),
        // enriched from the register by email or name; the registered no-show is not counted
        "parents-2026-09-22,phase,Primary,2,50.0",
        "parents-2026-09-22,phase,Early years,1,25.0",
        "parents-2026-09-22,phase,Secondary,1,25.0",
        "parents-2026-09-22,role,Parent,3,75.0",
        "parents-2026-09-22,role,Carer,1,25.0",
        "parents-2026-09-22,district,Thanet,2,50.0",
        "parents-2026-09-22,district,Dover,1,25.0",
        "parents-2026-09-22,district,Swale,1,25.0",
    ];
    assert_eq!(got, want);

    let acc = accounting(&env);
    let s = &acc["sources"];
    assert_eq!(s[0]["format"], "zoom (layout C) utf-8");
    assert_eq!(s[1]["format"], "zoom (layout B) utf-8");
    assert_eq!(s[2]["format"], "teams (classic paste) utf-8");
    for (i, (items, comments, noise, prompts)) in
        [(42, 21, 7, 11), (15, 8, 1, 4), (11, 6, 1, 4)].into_iter().enumerate()
    {
        assert!(balances(&s[i]), "accounting balances: {}", s[i]);
        assert_eq!(s[i]["items_read"], items, "{}", s[i]["source"]);
        assert_eq!(s[i]["comments"], comments, "{}", s[i]["source"]);
        assert_eq!(s[i]["noise"], noise, "{}", s[i]["source"]);
        assert_eq!(s[i]["events"]["prompt"], prompts, "{}", s[i]["source"]);
    }
    assert_eq!(s[0]["unmatched_authors"], serde_json::json!(["Oakfield School: SENCO"]));
    assert_eq!(s[1]["unmatched_authors"], serde_json::json!([]));

    // Joined authors carry the register's dimensions; the unmatched keep theirs empty.
    let comments = csv_rows(&env.join("out/comments.csv"));
    let by_author =
        |a: &str| comments.iter().find(|r| r[5] == a).unwrap_or_else(|| panic!("no comment by {a}"));
    assert_eq!(by_author("Tom O'Neill - Hillview Primary")[6..9], ["Primary", "Headteacher", "Ashford"]);
    assert_eq!(by_author("Dr. Sam Patel")[6..9], ["Secondary", "Deputy headteacher", "Ashford"]);
    assert_eq!(by_author("Jo Brown 🌻")[6..9], ["Special school", "SENCo", "Swale"]);
    assert_eq!(by_author("Liam Jones (Guest)")[6..9], ["Secondary", "Parent", "Thanet"]);
    assert_eq!(by_author("Oakfield School: SENCO")[6..9], ["", "", ""]);
    assert!(comments.iter().all(|r| r[5] != "Commissioning Team"), "prompts are not comments");
    // A multi-line message is one comment.
    assert!(
        comments
            .iter()
            .any(|r| r[12]
                == "Waiting lists for outreach would get even longer:\nparents already wait months.")
    );
}

#[test]
fn every_layout_reads_the_same_conversation() {
    let layouts = [
        ("schools-zoom-a.txt", "zoom (layout A)", 42, Some(1), 2),
        ("schools-zoom-b.txt", "zoom (layout B)", 42, Some(1), 2),
        ("schools-zoom-c.txt", "zoom (layout C)", 42, Some(1), 2),
        ("schools-zoom-d.txt", "zoom (layout D)", 41, None, 2),
        ("schools-teams-classic.txt", "teams (classic paste)", 39, None, 0),
        ("schools-teams-new.txt", "teams (new client paste)", 41, None, 2),
    ];
    for (file, format, items, dms, reactions) in layouts {
        let env = with_fixtures(&["taxonomy.toml", "schools-register.xlsx", file])
            .write("p.toml", chat_project(file, Some("schools-register.xlsx"), ""));
        env.run(&["run", "p.toml", "--out", "out"]).ok();
        let want: BTreeMap<_, _> = SCHOOLS_BLOCKS
            .iter()
            .map(|(o, q, n)| (((*o).to_owned(), "schools".to_owned(), (*q).to_owned()), *n))
            .collect();
        assert_eq!(bases(&env), want, "{file}");
        let acc = accounting(&env);
        let s = &acc["sources"][0];
        assert!(s["format"].as_str().is_some_and(|f| f.starts_with(format)), "{file}: {}", s["format"]);
        assert!(balances(s), "{file}: {s}");
        assert_eq!(
            (s["items_read"].as_u64(), s["comments"].as_u64(), s["noise"].as_u64()),
            (Some(items), Some(21), Some(7)),
            "{file}"
        );
        assert_eq!(s["events"]["prompt"], 11, "{file}");
        assert_eq!(s["events"]["direct_message"].as_u64(), dms, "{file}");
        assert_eq!(s["events"]["reaction"].as_u64().unwrap_or(0), reactions, "{file}");
        let comments = csv_rows(&env.join("out/comments.csv"));
        let ann = comments
            .iter()
            .find(|r| r[5] == "Ann Lee" && r[12].starts_with("Agree, and LIFT"))
            .expect("reply kept");
        assert_eq!(
            ann[12], "Agree, and LIFT meetings would go too which we rely on",
            "{file}: reply prefix removed"
        );
        assert_eq!(ann[4], "disadvantages", "{file}");
        assert_eq!(ann[6..9], ["Primary", "SENCo", "Dover"], "{file}");
    }
}

#[test]
fn replies_reactions_and_direct_messages() {
    let chat = "10:00:00 From  Commissioning Team  to  Everyone:\n\tOption 2 – no change. What are the risks?\n\
10:00:10 From  Ann Lee  to  Everyone:\n\tWe lose the outreach team\n\tand their advice\n\
10:00:20 From  Bo Chan (he/him)  to  Everyone:\n\tReplying to \"We lose the outreach...\" Me too, but not the training\n\
10:00:31 From  Cy Dee  to  Everyone:\n\tReacted to \"We lose the outreach...\" with 👍\n\
10:00:33 From  Cy Dee  to  Everyone:\n\tadd 👍\n\
10:00:40 From  Cy Dee  to  Everyone:\n\tRemoved a 👍 reaction from \"We lose the outreach...\"\n\
10:01:00 From  Ann Lee  to  Commissioning Team(Direct Message):\n\tprivate note about my school\n\
10:01:10 From  Bo Chan (he/him)  to  Everyone:\n\t+1\n\
10:01:20 From  Commissioning Team  to  Everyone:\n\tThanks all – can everyone hear me OK?\n\
10:01:30 From  Cy Dee  to  Everyone:\n\tLonger waits for everyone\n";
    let env = TestEnv::new()
        .fixture("chat/taxonomy.toml")
        .write("c.txt", chat)
        .write("p.toml", chat_project("c.txt", None, ""));
    env.run(&["run", "p.toml", "--out", "out"]).ok();
    let comments = csv_rows(&env.join("out/comments.csv"));
    let body: Vec<(&str, &str, &str, &str, &str)> = comments[1..]
        .iter()
        .map(|r| (r[0].as_str(), r[1].as_str(), r[4].as_str(), r[12].as_str(), r[14].as_str()))
        .collect();
    assert_eq!(
        body,
        [
            ("w:3", "w", "risks", "We lose the outreach team\nand their advice", ""),
            ("w:6", "w", "risks", "Me too, but not the training", "We lose the outreach..."),
            ("w:16", "w", "risks", "+1", ""), // a plain number: no formula, left as written
            ("w:20", "w", "risks", "Longer waits for everyone", ""),
        ]
    );
    assert!(
        comments.iter().all(|r| r[1..].iter().all(|c| !c.contains("private note"))),
        "DMs never in a table"
    );
    assert_eq!(comments[3][9], "noise");
    assert!(comments.iter().all(|r| r[2] == "2" || r[2] == "option"), "chatter keeps the option");
    let acc = accounting(&env);
    let s = &acc["sources"][0];
    assert!(balances(s), "{s}");
    assert_eq!(s["events"], serde_json::json!({"direct_message": 1, "prompt": 2, "reaction": 3}));
}

#[test]
fn configured_prompts_are_tried_first() {
    let chat = "[10:32 AM] Commissioning Team: Q3A – over to you\n\
[10:33 AM] Ann Lee: Schools choose what they buy\n\
[10:34 AM] Commissioning Team: Finally, any other comments?\n\
[10:35 AM] Ann Lee: Please keep LIFT\n\
[10:36 AM] Commissioning Team: Option 1 disadvantages\n\
[10:37 AM] Ann Lee: Loss of expertise\n";
    let prompts = "[[sources.prompts]]\npattern = '^Q(?P<option>\\d)A\\b'\nset = { question = \"advantages\" }\n\
[[sources.prompts]]\npattern = 'any other comments'\nset = { option = \"\", question = \"Other comments\" }\n";
    let env = TestEnv::new().fixture("chat/taxonomy.toml").write("c.txt", chat).write(
        "p.toml",
        format!(
            "{}{prompts}",
            chat_project("c.txt", None, "").replace("[sources.set]\nstakeholder = \"schools\"\n", "")
        ),
    );
    env.run(&["run", "p.toml", "--out", "out"]).ok();
    let rows = csv_rows(&env.join("out/comments.csv"));
    let got: Vec<(&str, &str)> = rows[1..].iter().map(|r| (r[2].as_str(), r[4].as_str())).collect();
    assert_eq!(got, [("3", "advantages"), ("", "Other comments"), ("1", "disadvantages")]);
}

#[test]
fn attendance_report_alone_is_the_attendee_list() {
    // The legacy attendance file (UTF-16LE, Full Name / User Action / Timestamp).
    let chat = "[22/09/2026 14:05] Commissioning Team: Option 1: risks?\n[22/09/2026 14:06] Karen Smith: Losing the visits\n[22/09/2026 14:07] Guest 4471: Longer waits\n";
    let env = TestEnv::new()
        .fixture("chat/taxonomy.toml")
        .fixture("chat/legacy-attendance.csv")
        .write("c.txt", chat)
        .write("p.toml", chat_project("c.txt", None, "attendance = \"legacy-attendance.csv\"\n"));
    env.run(&["run", "p.toml", "--out", "out"]).ok();
    let acc = accounting(&env);
    assert_eq!(acc["sources"][0]["unmatched_authors"], serde_json::json!(["Guest 4471"]));
    let rows = csv_rows(&env.join("out/comments.csv"));
    assert_eq!(rows.len(), 3, "both comments kept, matched or not");
    // An attendee list without dimensions gives no profile rows.
    assert_eq!(csv_rows(&env.join("out/profile.csv")).len(), 1);
}

#[test]
fn without_a_register_profile_counts_distinct_authors() {
    let env = TestEnv::new()
        .fixture("chat/taxonomy.toml")
        .write("c.txt", "[10:32] Ann Lee: one\n[10:33] Bo Cox: two\n[10:34] Ann Lee: three\n")
        .write("p.toml", chat_project("c.txt", None, ""));
    env.run(&["run", "p.toml", "--out", "out"]).ok();
    // no phase/role/district known for anyone: nothing to profile
    assert_eq!(csv_rows(&env.join("out/profile.csv")).len(), 1);
    assert_eq!(csv_rows(&env.join("out/comments.csv")).len(), 4);
}

#[test]
fn a_file_that_is_no_chat_is_an_error_naming_it() {
    let env = TestEnv::new()
        .fixture("chat/taxonomy.toml")
        .fixture("bad/random-chat.txt")
        .write("p.toml", chat_project("random-chat.txt", None, ""));
    env.run(&["run", "p.toml", "--out", "out"])
        .code(1)
        .stderr_has(&["random-chat.txt", "no chat message found"]);
    let env = TestEnv::new()
        .fixture("chat/taxonomy.toml")
        .write("c.txt", "10:00:00 From  Ann  to  Everyone:\n\thi\n")
        .write("r.csv", "Setting,Role\nPrimary,SENCo\n")
        .write("p.toml", chat_project("c.txt", Some("r.csv"), ""));
    env.run(&["run", "p.toml", "--out", "out"]).code(1).stderr_has(&["r.csv", "name or email column"]);
}

#[test]
fn outputs_are_identical_whatever_jobs() {
    let env = with_fixtures(&[
        "workshops.toml",
        "taxonomy.toml",
        "schools-zoom-c.txt",
        "schools-register.xlsx",
        "stls-zoom-b.txt",
        "stls-register.csv",
        "parents-teams-classic.txt",
        "parents-register.csv",
        "parents-attendance.csv",
    ]);
    env.run(&["run", "workshops.toml", "--out", "a", "--jobs", "1"]).ok();
    env.run(&["run", "workshops.toml", "--out", "b", "--jobs", "4"]).ok();
    for f in ["comments.csv", "theme_shares.csv", "profile.csv", "accounting.json"] {
        assert_eq!(env.read(&format!("a/{f}")), env.read(&format!("b/{f}")), "{f}");
    }
}

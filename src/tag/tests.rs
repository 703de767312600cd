//! Table tests of the tagger: every rule kind, exclusion, negation, noise,
//! parents and the primary choice.

use std::path::Path;

use super::*;

fn tagger(toml: &str) -> Tagger {
    let tax = Taxonomy::from_toml_str(toml, Path::new("t.toml")).unwrap_or_else(|e| panic!("{e}"));
    Tagger::new(&tax).unwrap_or_else(|e| panic!("{e}"))
}

fn ids(t: &Tagger, tg: &Tagging) -> (String, String, &'static str) {
    let id = |i: usize| t.taxonomy().themes[i].id.clone();
    (
        tg.themes.iter().map(|&i| id(i)).collect::<Vec<_>>().join(";"),
        tg.primary.map(id).unwrap_or_default(),
        tg.status.as_str(),
    )
}

const TAX: &str = r#"
name = "test"
[noise]
phrases = ["thanks", "+1"]
regex = ['^(hi|hello)\b']
max_words = 4

[[themes]]
id = "none"
label = "None"
whole = ['^(nothing|none|n/?a|no)$']
regex = ['\bno\s+(advantages?|benefits?|upsides?)\b', '\bcan[\x27’]?t\s+see\s+any\s+(upside|advantage|benefit)s?\b']
weight = 3.0

[[themes]]
id = "lift"
label = "LIFT"
phrases = ["lift meeting*", "local inclusion forum*"]
regex = ['(?-i:\bLIFT\b)']
exclude = ["lift the burden"]

[[themes]]
id = "funding"
label = "Funding"
phrases = ["budget*", "can't afford", "high needs funding", "hnf"]
regex = ['£\s?\d']
exclude_regex = ['(?i)fund\s?rais']
weight = 0.9

[[themes]]
id = "improve"
label = "Improvement"
phrases = ["improve*", "better outcomes"]
negation = "veto"

[[themes]]
id = "staff"
label = "Staff"
phrases = ["staff"]

[[themes]]
id = "wellbeing"
label = "Staff wellbeing"
parent = "staff"
phrases = ["wellbeing", "burn* out", "burnout"]
"#;

#[test]
fn tagging_table() {
    let t = tagger(TAX);
    // (text, themes, primary, status)
    let cases: &[(&str, &str, &str, &str)] = &[
        // phrases, * endings, apostrophes, word bounds
        ("School budgets are tight", "funding", "funding", "tagged"),
        ("we can’t afford it", "funding", "funding", "tagged"),
        ("budgetary", "funding", "funding", "tagged"),
        ("nobudget", "", "", "untagged"),
        ("HNF is short", "funding", "funding", "tagged"),
        // regex
        ("it costs £5k", "funding", "funding", "tagged"),
        ("loss of LIFT", "lift", "lift", "tagged"),
        ("a lift home", "", "", "untagged"),
        // exclude / exclude_regex
        ("it would lift the burden on budgets", "funding", "funding", "tagged"),
        ("LIFT would lift the burden", "", "", "untagged"),
        ("fundraising budget", "", "", "untagged"),
        // negation = veto
        ("it will improve things", "improve", "improve", "tagged"),
        ("it will not improve things", "", "", "untagged"),
        ("no better outcomes", "", "", "untagged"),
        ("not sure. it will improve things", "improve", "improve", "tagged"),
        // negation ignored by default
        ("no budget", "funding", "funding", "tagged"),
        // none: whole and regex
        ("N/A", "none", "none", "tagged"),
        ("Nothing.", "none", "none", "tagged"),
        ("no advantages", "none", "none", "tagged"),
        ("can't see any upside", "none", "none", "tagged"),
        ("no funding", "", "", "untagged"),
        ("nothing will replace LIFT", "lift", "lift", "tagged"),
        // noise
        ("Thanks!", "", "", "noise"),
        ("+1", "", "", "noise"),
        ("hi all, me again", "", "", "noise"),
        ("hello, the high needs funding is gone and nobody can say why", "funding", "funding", "tagged"),
        ("hello everyone this is a long message about nothing in particular", "", "", "untagged"),
        // parents
        ("staff burnout", "staff;wellbeing", "wellbeing", "tagged"),
        ("teachers burn out", "staff;wellbeing", "wellbeing", "tagged"),
    ];
    for &(text, themes, primary, status) in cases {
        let tg = t.tag_text(text);
        assert_eq!(ids(&t, &tg), (themes.to_owned(), primary.to_owned(), status), "{text:?}: {tg:?}");
    }
}

#[test]
fn primary_choice_table() {
    let t = tagger(TAX);
    // (text, primary): specificity, weight, first mention, file order.
    let cases: &[(&str, &str)] = &[
        // none (weight 3) beats a one-word funding hit
        ("no advantages, budgets", "none"),
        // one rule each: funding's weight 0.9 < staff's 1.0, wherever it is mentioned
        ("high needs funding for staff", "staff"),
        ("budget staff", "staff"),
        // three funding rules: 0.9 × (1 + 0.1 × 2) = 1.08 beats staff's 1.0
        ("staff budget, HNF and £5", "funding"),
        // same weight and evidence: the first mentioned wins
        ("LIFT and staff", "lift"),
        // "lift meeting*" and the LIFT regex match the same words: one piece
        // of evidence, so a tie that the first mention breaks ...
        ("staff at LIFT meetings", "staff"),
        // ... but two rules on different words are 1.1
        ("staff at LIFT and the local inclusion forum", "lift"),
        ("staff and LIFT", "staff"),
        // a child beats its parent on a tie
        ("staff wellbeing", "wellbeing"),
    ];
    for &(text, want) in cases {
        let tg = t.tag_text(text);
        assert_eq!(ids(&t, &tg).1, want, "{text:?}: {}", tg.reason);
        assert!(!tg.reason.is_empty());
    }
}

#[test]
fn cause_consequence_table() {
    let t = tagger(TAX);
    // (text, primary): the theme named only after a consequence marker wins
    // a near-tie (score within consequence::CLOSE) over one named only before.
    let cases: &[(&str, &str)] = &[
        // without a marker: staff (1.0) beats funding (0.9) either way round
        ("budget cuts and staff", "staff"),
        // marker, cause first: the later theme is the consequence
        ("staff leave -> budget overspend", "funding"),
        ("staff leave = budget overspend", "funding"),
        ("staff leaving so the budget goes further", "funding"),
        ("staff leaving, which means budget savings", "funding"),
        ("lose staff and then the budget is spent on agency cover", "funding"),
        // the consequence already wins: unchanged
        ("budget cuts -> staff leave", "staff"),
        // the winner is also named after the marker (by another of its
        // rules): no clean cause, unchanged
        // (wellbeing 1.1 and funding 0.99 are close)
        ("wellbeing -> budget and HNF and burnout", "wellbeing"),
        ("wellbeing -> budget and HNF", "funding"),
        // "so" as an intensifier is no marker
        ("staff so stretched, budget", "staff"),
        // not close: none (weight 3) is never displaced
        ("no advantages -> budget", "none"),
        // lift (1.2 with two rules: 1.32) vs funding 0.9: not close, unchanged
        ("LIFT and local inclusion forum gone -> budget", "lift"),
    ];
    for &(text, want) in cases {
        let tg = t.tag_text(text);
        assert_eq!(ids(&t, &tg).1, want, "{text:?}: {}", tg.reason);
    }
    let tg = t.tag_text("staff leave -> budget overspend");
    assert!(tg.reason.contains("cause → consequence") && tg.reason.contains("«->»"), "{}", tg.reason);
}

#[test]
fn vetoes_are_recorded() {
    let t = tagger(TAX);
    let tg = t.tag_text("LIFT would lift the burden");
    assert_eq!(tg.vetoed.len(), 1);
    assert_eq!(tg.vetoed[0].kind, "exclude");
    assert_eq!(tg.vetoed[0].rule, "lift the burden");
    let tg = t.tag_text("it will not improve things");
    assert_eq!(tg.vetoed[0].kind, "negation");
    assert!(tg.vetoed[0].rule.contains("\"not\""), "{:?}", tg.vetoed);
}

#[test]
fn hits_carry_spans_and_rules() {
    let t = tagger(TAX);
    let text = "Our budgets: £5 each";
    let tg = t.tag_text(text);
    let got: Vec<(&str, &str, &str)> =
        tg.hits.iter().map(|h| (h.kind.as_str(), t.rule_text(h), &text[h.span.0..h.span.1])).collect();
    assert_eq!(got, vec![("phrases", "budget*", "budgets"), ("regex", r"£\s?\d", "£5")]);
}

#[test]
fn query_rules_run_over_the_batch() {
    let t = tagger(
        r#"
name = "q"
[[themes]]
id = "funding"
label = "Funding"
query = ['"pay for"~2', 'afford~1']
[[themes]]
id = "none"
label = "None"
query = ['+no +(advantage OR benefit)']
"#,
    );
    let texts = ["who will pay more for it", "we cant aford it", "no advantages", "no funding", "pay"];
    let tags = t.tag_texts(&texts).unwrap_or_else(|e| panic!("{e}"));
    let got: Vec<String> = tags.iter().map(|tg| ids(&t, tg).0).collect();
    assert_eq!(got, ["funding", "funding", "none", "", ""]);
    // Single texts skip queries.
    assert_eq!(t.tag_text("who will pay more for it").status, Status::Untagged);
}

#[test]
fn bad_rules_name_theme_rule_and_file() {
    let cases: &[(&str, &str)] = &[
        ("regex = ['(unclosed']", "bad regex rule \"(unclosed\""),
        ("query = ['\"unclosed']", "bad query rule"),
        ("query = ['text:foo']", "field names"),
        ("phrases = ['bud*get']", "bad phrases rule \"bud*get\""),
        ("phrases = ['ok']\nexclude_regex = ['[']", "bad exclude_regex rule"),
        ("whole = ['(']", "bad whole rule"),
    ];
    for &(rule, want) in cases {
        let toml = format!("name='t'\n[[themes]]\nid='x'\nlabel='X'\n{rule}\n");
        let e = Taxonomy::from_toml_str(&toml, Path::new("tax.toml")).map(|_| ()).unwrap_err().to_string();
        assert!(e.contains(want) && e.contains("tax.toml") && e.contains("\"x\""), "{rule}: {e}");
    }
}

#[test]
fn ascii_word_bounds_rewrites_only_escapes() {
    let cases =
        [(r"\bno\b", r"(?-u:\b)no(?-u:\b)"), (r"[\b]", r"[\b]"), (r"\\b", r"\\b"), (r"\Bx", r"(?-u:\B)x")];
    for (pat, want) in cases {
        assert_eq!(ascii_word_bounds(pat), want, "{pat}");
    }
}

#[test]
fn weak_phrases_are_passing_mentions() {
    let t = tagger(
        r#"
name = "w"
[[themes]]
id = "service"
label = "The service"
phrases = ["waiting list*"]
weak = ["specialist teacher*", "the service"]
[[themes]]
id = "funding"
label = "Funding"
phrases = ["budget*"]
[[themes]]
id = "improve"
label = "Improvement"
weak = ["better"]
negation = "veto"
"#,
    );
    // (text, themes, primary, status)
    let cases: &[(&str, &str, &str, &str)] = &[
        // alone, a weak phrase tags its theme
        ("the specialist teachers are brilliant", "service", "service", "tagged"),
        // beside another theme's ordinary rule, it is a passing mention
        ("the specialist teacher says budgets are gone", "funding", "funding", "tagged"),
        // with an ordinary rule of its own theme, it counts as usual
        ("the service's waiting lists and budgets", "service;funding", "service", "tagged"),
        // two weak themes and nothing else: both stand
        ("the service would be better", "service;improve", "service", "tagged"),
        // a negated weak phrase does not count (negation = "veto")
        ("not better", "", "", "untagged"),
    ];
    for &(text, themes, primary, status) in cases {
        let tg = t.tag_text(text);
        assert_eq!(ids(&t, &tg), (themes.to_owned(), primary.to_owned(), status), "{text:?}: {tg:?}");
    }
    let tg = t.tag_text("the specialist teacher says budgets are gone");
    let v: Vec<(&str, &str)> = tg.vetoed.iter().map(|v| (v.kind, v.rule.as_str())).collect();
    assert_eq!(v, vec![("passing", "specialist teacher*")]);
}

#[test]
fn thin_secondary_themes_are_pruned() {
    const THIN: &str = r#"
name = "thin"
[secondary]
thin = 0.9
max_words = 12
[[themes]]
id = "none"
label = "None"
regex = ['\bno advantages\b']
weight = 3.0
[[themes]]
id = "ehcp"
label = "EHCPs"
phrases = ["ehcp*", "annual review*", "tribunal*", "top up plan*"]
weight = 1.1
[[themes]]
id = "funding"
label = "Funding"
phrases = ["budget*", "can't afford", "top up"]
weight = 0.95
[[themes]]
id = "service"
label = "The service"
phrases = ["the service", "waiting list*"]
weight = 0.95
"#;
    let t = tagger(THIN);
    // (text, themes, primary): score ratios against `thin = 0.9`
    let cases: &[(&str, &str, &str)] = &[
        // one rule each at 0.95 × 1 and 1.1 × 1: 0.95 < 0.99, dropped
        ("EHCPs and budgets", "ehcp", "ehcp"),
        // equal weights and evidence: 0.95 ≥ 0.855, both kept
        ("budgets and the service", "funding;service", "funding"),
        // funding has three rules (0.95 × 1.2 = 1.14): the service's single hit is thin
        ("budgets, can't afford the top up, says the service", "funding", "funding"),
        // two rules each side (1.045 vs 1.21 × 0.9 = 1.089): still thin ...
        ("EHCPs and tribunals with no budget left or top up", "ehcp", "ehcp"),
        // ... but not in a comment longer than `max_words`
        (
            "EHCPs and tribunals with no budget left or top up, and the rest of the week is the same",
            "ehcp;funding",
            "ehcp",
        ),
        // a decisive primary (`none`, weight 3) prunes nothing
        ("no advantages, budgets", "none;funding", "none"),
        // same words: "top up" is funding's only match, inside ehcp's "top up plan" (any length)
        (
            "the top up plans keep coming, and EHCPs with them, and it is the same story every single week",
            "ehcp",
            "ehcp",
        ),
    ];
    for &(text, themes, primary) in cases {
        let tg = t.tag_text(text);
        assert_eq!(ids(&t, &tg), (themes.to_owned(), primary.to_owned(), "tagged"), "{text:?}: {tg:?}");
        // a pruned theme leaves no hit behind, and is listed as a `thin` veto
        for h in &tg.hits {
            assert!(tg.themes.contains(&h.theme), "{text:?}: {tg:?}");
        }
    }
    let tg = t.tag_text("EHCPs and budgets");
    let v: Vec<(&str, &str)> = tg.vetoed.iter().map(|v| (v.kind, v.rule.as_str())).collect();
    assert_eq!(v, vec![("thin", "score 0.95 < 0.9 × ehcp 1.10")]);
    let tg = t.tag_text(
        "the top up plans keep coming, and EHCPs with them, and it is the same story every single week",
    );
    let v: Vec<(&str, &str)> = tg.vetoed.iter().map(|v| (v.kind, v.rule.as_str())).collect();
    assert_eq!(v, vec![("thin", "same words as ehcp")]);
    // `thin = 0` turns the score rule off, `same_words = false` the other
    let off = tagger(&THIN.replace("thin = 0.9", "thin = 0.0\nsame_words = false"));
    assert_eq!(ids(&off, &off.tag_text("EHCPs and budgets")).0, "ehcp;funding");
    let long =
        "the top up plans keep coming, and EHCPs with them, and it is the same story every single week";
    assert_eq!(ids(&off, &off.tag_text(long)).0, "ehcp;funding");
    // out of range is an error
    assert!(Taxonomy::from_toml_str(&THIN.replace("thin = 0.9", "thin = 1.5"), Path::new("t.toml")).is_err());
}

#[test]
fn wide_regexes_run_alone_with_the_same_verdicts() {
    // (pattern, wide: run outside the combined set)
    let cases: &[(&str, bool)] = &[
        (r"\bsome\b[^.]{0,60}\bothers\b", true),
        (r"\bpay\s+([a-z]+\s+){0,2}for\b", false),
        (r"a{10}", true),
        (r"a{2,12}", true),
        (r"\d{4}", false),
        (r"plain words", false),
    ];
    for &(p, want) in cases {
        assert_eq!(is_wide(p), want, "{p}");
    }
    // A wide rule and set rules, wide ones both as a theme rule and as an
    // exclude: hits, vetoes and their order are those of one combined set.
    let toml = r#"
name = "wide"
[[themes]]
id = "consistency"
label = "Consistency"
regex = ['\bsome (schools|areas)\b[^.;!?]{0,60}\bothers\b', '\bpostcode lottery\b']
[[themes]]
id = "funding"
label = "Funding"
regex = ['\bbudgets?\b']
exclude_regex = ['\bbudget\b[^.]{0,30}\btime\b']
"#;
    let t = tagger(toml);
    assert_eq!(t.wide, vec![0, 3], "the gap rules run alone");
    let cases: &[(&str, &str, &str)] = &[
        ("some schools will buy it and others won't", "consistency", "consistency"),
        ("some areas pay. others don't", "", ""),
        ("a postcode lottery: some schools get it, others do not", "consistency", "consistency"),
        ("no budget left", "funding", "funding"),
        ("we budget our time carefully", "", ""),
    ];
    for &(text, themes, primary) in cases {
        let tg = t.tag_text(text);
        let (got_themes, got_primary, _) = ids(&t, &tg);
        assert_eq!((got_themes.as_str(), got_primary.as_str()), (themes, primary), "{text}");
    }
    let tg = t.tag_text("a postcode lottery: some schools get it, others do not");
    let rules: Vec<usize> = tg.hits.iter().map(|h| h.index).collect();
    assert_eq!(rules, vec![0, 1], "both consistency rules, in taxonomy order");
    let tg = t.tag_text("we budget our time carefully");
    assert_eq!(tg.vetoed.len(), 1);
    assert_eq!(tg.vetoed[0].kind, "exclude_regex");
}

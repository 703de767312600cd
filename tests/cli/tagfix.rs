//! Shared inline inputs for the tagger topics (explain, eval, taxonomy).

pub(crate) const TAXONOMY: &str = r#"
name = "mini"
[noise]
phrases = ["thanks"]

[[themes]]
id = "none"
label = "None"
whole = ['^(nothing|none|n/?a)$']
regex = ['\bno\s+(advantages?|benefits?)\b']
weight = 3.0

[[themes]]
id = "lift"
label = "LIFT"
regex = ['(?-i:\bLIFT\b)']
exclude = ["lift the burden"]

[[themes]]
id = "funding"
label = "Funding"
phrases = ["budget*", "can't afford"]
query = ['"pay for"~2']
weight = 0.9
"#;

pub(crate) const COMMENTS: &str = "\
Ref,Option,Question,Comment
c1,1,risks,Schools can't afford it and budgets are cut
c2,1,advantages,no advantages
c3,1,risks,Loss of LIFT would hurt
c4,1,risks,Who will pay more for this?
c5,1,risks,LIFT would lift the burden
c6,1,advantages,Thanks
c7,1,risks,LIFT meetings cost budget
";

pub(crate) const PROJECT: &str = r#"
title = "mini"
taxonomy = "mini.toml"
[[sources]]
name = "notes"
kind = "table"
path = "notes.csv"
text = "Comment"
[sources.columns]
id = "Ref"
option = "Option"
question = "Question"
"#;

pub(crate) fn env() -> super::util::TestEnv {
    super::util::TestEnv::new()
        .write("mini.toml", TAXONOMY)
        .write("notes.csv", COMMENTS)
        .write("p.toml", PROJECT)
}

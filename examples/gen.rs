//! A deterministic generator of realistic STLS-style consultation comments,
//! for benchmarks and scale tests.
//!
//! ```text
//! cargo run --release --example gen -- N out.csv [--seed S]
//! ```
//!
//! Writes a UTF-8 CSV with the columns `Ref, Option, Stakeholder, Question,
//! Comment`: N comments across four options, six stakeholder groups and the
//! four workshop questions. Comments are built from sentences in the STLS
//! workshop vocabulary (funding, LIFT, EHCPs, specialist teachers, training,
//! transition, consistency …), mixed with neutral sentences that no theme
//! names, a few one-word "agree"/"thanks" chat noise and explicit "none"
//! answers, with the spelling noise real exports have (curly apostrophes,
//! dashes, `£`, US spellings, lower-case notes). Lengths: a mean of about 180
//! characters with a long tail to about 1,500. The same N and seed always give
//! the same bytes, and every row depends only on its number and the seed, so
//! a 10k corpus is the first 10k rows of the 1M one.

use std::io::Write as _;
use std::process::ExitCode;

/// SplitMix64: tiny, fast and good enough for synthetic text.
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (n > 0).
    fn below(&mut self, n: usize) -> usize {
        // Multiply-shift: unbiased enough for a text generator.
        usize::try_from((u128::from(self.next()) * n as u128) >> 64).unwrap_or(0)
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }

    /// True with probability `pct` percent.
    fn chance(&mut self, pct: usize) -> bool {
        self.below(100) < pct
    }
}

const OPTIONS: &[&str] = &[
    "Option 1",
    "Option 2",
    "Option 3",
    "Option 4",
    "option 2",
    "Option three",
    "4",
    "Option 1 – Stop the service",
];
const STAKEHOLDERS: &[&str] = &["schools", "stls", "parents", "health", "internal", "early years"];
const QUESTIONS: &[&str] = &["Advantages", "Disadvantages", "Benefits", "Risks"];

/// Openers that carry no theme.
const OPENERS: &[&str] = &[
    "We worry that",
    "Schools feel that",
    "It is clear that",
    "Parents told us that",
    "Our SENCo thinks",
    "The risk is that",
    "On balance,",
    "Honestly,",
    "In secondary settings",
    "For primary schools",
    "Staff said that",
    "Families fear that",
    "From our experience",
    "I think",
    "We would say that",
    "Colleagues in the district felt",
    "Speaking as a head,",
    "In the early years sector",
    "Across the trust",
    "As a SENCo of 15 years,",
];

/// Theme-bearing clauses (each names a theme the shipped taxonomy knows).
const THEMED: &[&str] = &[
    // funding
    "schools simply can’t afford to buy the service back from their own budgets",
    "the High Needs Funding deficit will not be solved by cutting this",
    "it would save the council money in the short term but cost more later",
    "traded services would price out the smallest schools",
    "the £3.1m saving is tiny compared with the cost of specialist placements",
    "we would have to pay for every visit out of a budget that is already overspent",
    "value for money is hard to argue against when budgets are this tight",
    // lift
    "LIFT meetings are where we get early advice before things escalate",
    "losing the LIFT panel would remove the one forum where schools share cases",
    "the local inclusion forum is the best part of the current model",
    "LIFT referrals are quick and the feedback is practical",
    // ehcp
    "more families will go straight for an EHCP if there is no early support",
    "requests for statutory assessment will rise and tribunals with them",
    "EHC needs assessments already take far longer than twenty weeks",
    // app
    "it cuts across the Accelerated Progress Plan and the written statement of action",
    // transition
    "transition from primary to secondary is when children most need continuity",
    "the move from nursery into reception needs a specialist who knows the child",
    // behaviour
    "behaviour incidents are escalating and staff need strategies now",
    "dysregulated pupils will end up excluded without specialist input",
    // impact measures
    "exclusions and suspensions will go up, and attendance will fall",
    "more children will need specialist placements out of county",
    "emotionally based school avoidance is already at record levels",
    // multi agency
    "waiting lists for CAMHS and speech and language therapy are already a year long",
    "joint working with the educational psychologist and health visitors would be lost",
    "the paediatrician referral route depends on STLS reports",
    // parents
    "parents trust the specialist teachers and that confidence would be lost",
    "families feel listened to when someone independent comes in",
    // localities
    "the cluster model would let local headteachers decide how the money is spent",
    "it is not clear who would lead the locality or hold the budget",
    // accountability
    "there is no quality assurance or accountability if clusters hold the money",
    "who would monitor the governance of a school-led model",
    // consistency
    "it becomes a postcode lottery depending on which district you are in",
    "provision would be inconsistent across schools and clusters",
    // flexibility
    "a flexible offer tailored to local need would suit rural schools",
    "schools could adapt the support to their own cohort",
    // inclusion
    "inclusive practice in mainstream depends on this expertise",
    "more children would be able to stay in mainstream with the right help",
    // mainstream staff
    "SENCo workload is already unmanageable and staff are burning out",
    "teachers lose confidence when there is no one to ask",
    "staff retention in mainstream schools is getting worse every year",
    // society / reputation
    "the council’s reputation with schools would not recover",
    "it puts the local authority at risk of failing its statutory duties",
    // training support
    "the training and advice we get from specialist teachers is invaluable",
    "having someone to ring for advice on autism strategies makes all the difference",
    "the CPD on speech, language and communication has transformed our practice",
    "observations followed by clear strategies help our TAs every week",
    // stls service
    "specialist teachers have a wealth of experience that cannot be replaced",
    "the service is already overstretched and waiting times are growing",
    "losing the expertise of the team would be irreversible",
    "the equipment loans and assistive technology are a lifeline for our deaf pupils",
    "the quality of the service has always been excellent",
];

/// Clauses that no theme names (they leave a comment untagged on their own).
const NEUTRAL: &[&str] = &[
    "this was discussed at length in our group",
    "we need more detail before we can comment properly",
    "the consultation timetable feels rushed",
    "several people raised the same point",
    "it depends how it is implemented",
    "the slides did not make this clear",
    "we would like to see the evidence behind the proposal",
    "it is hard to say at this stage",
    "this was the view of most of the table",
    "people were divided on this one",
    "the proposal needs a lot more thought",
    "it is the children who matter most here",
    "we did not have long enough to discuss it",
    "there was a lot of agreement in the room",
    "the timescale for change seems unrealistic",
    "a lot would depend on the detail",
    "it was unclear how the proposal would work in practice",
    "this felt like a decision that has already been made",
];

/// Endings that carry no theme.
const TAILS: &[&str] = &[
    "under this option",
    "for rural schools",
    "in Swale and Thanet",
    "in our experience",
    "across Kent",
    "in the long run",
    "as things stand",
    "if nothing changes",
    "this year and next",
    "for the most vulnerable children",
    "in Tunbridge Wells and Sevenoaks",
    "at the moment",
];

/// Whole comments that are chat noise.
const NOISE: &[&str] = &["agree", "+1", "Agreed", "same", "thanks", "yes", "Same for us", "good point"];

/// Whole comments that say "none".
const NONE: &[&str] = &[
    "None",
    "none.",
    "No advantages",
    "Can't see any benefits for the children",
    "none at all",
    "Nothing positive",
    "N/A",
];

/// US spellings and typos real exports carry.
const RESPELL: &[(&str, &str)] = &[
    ("behaviour", "behavior"),
    ("programme", "program"),
    ("’", "'"),
    ("specialist", "specalist"),
    ("organis", "organiz"),
];

fn sentence(rng: &mut Rng, out: &mut String) {
    let themed = rng.chance(62);
    let clause = if themed { rng.pick(THEMED) } else { rng.pick(NEUTRAL) };
    let opener = if rng.chance(45) { Some(rng.pick(OPENERS)) } else { None };
    let start = out.len();
    if let Some(o) = opener {
        out.push_str(o);
        out.push(' ');
        out.push_str(clause);
    } else {
        let mut cs = clause.chars();
        if let Some(first) = cs.next() {
            out.extend(first.to_uppercase());
            out.push_str(cs.as_str());
        }
    }
    if rng.chance(30) {
        out.push(' ');
        out.push_str(rng.pick(TAILS));
    }
    out.push_str(match rng.below(10) {
        0 => "!",
        1 => " –",
        2 => "…",
        _ => ".",
    });
    if rng.chance(8) {
        let (from, to) = RESPELL[rng.below(RESPELL.len())];
        let s = out[start..].replace(from, to);
        out.truncate(start);
        out.push_str(&s);
    }
    if rng.chance(6) {
        let s = out[start..].to_lowercase();
        out.truncate(start);
        out.push_str(&s);
    }
}

/// How many sentences a comment has: mostly one or two, a long tail to ~20.
fn sentences(rng: &mut Rng) -> usize {
    match rng.below(100) {
        0..=38 => 1,
        39..=70 => 2,
        72..=86 => 3,
        87..=94 => 4 + rng.below(3),
        _ => 7 + rng.below(14),
    }
}

/// Comment `i` of the corpus for `seed`: deterministic in (seed, i).
fn comment(seed: u64, i: u64, out: &mut String) -> (usize, usize, usize) {
    let mut rng = Rng::new(seed ^ i.wrapping_mul(0xA076_1D64_78BD_642F));
    rng.next();
    out.clear();
    let option = rng.below(OPTIONS.len());
    let stakeholder = rng.below(STAKEHOLDERS.len());
    let question = rng.below(QUESTIONS.len());
    match rng.below(100) {
        0..=2 => out.push_str(rng.pick(NOISE)),
        3..=5 => out.push_str(rng.pick(NONE)),
        _ => {
            let n = sentences(&mut rng);
            for k in 0..n {
                if k > 0 {
                    out.push(' ');
                }
                sentence(&mut rng, out);
                if out.len() > 1_450 {
                    break;
                }
            }
        }
    }
    (option, stakeholder, question)
}

fn usage() -> ExitCode {
    eprintln!("usage: cargo run --release --example gen -- N out.csv [--seed S]");
    ExitCode::from(2)
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut seed: u64 = 2024;
    let mut positional = Vec::new();
    let mut it = args.iter();
    while let Some(a) = it.next() {
        if a == "--seed" {
            match it.next().and_then(|s| s.parse().ok()) {
                Some(s) => seed = s,
                None => return usage(),
            }
        } else {
            positional.push(a);
        }
    }
    let [n, path] = positional.as_slice() else { return usage() };
    let Ok(n) = n.replace('_', "").parse::<u64>() else { return usage() };
    match write(n, seed, std::path::Path::new(path)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("gen: {path}: {e}");
            ExitCode::from(1)
        }
    }
}

fn write(n: u64, seed: u64, path: &std::path::Path) -> std::io::Result<()> {
    let f = std::fs::File::create(path)?;
    let mut wtr = csv::WriterBuilder::new().from_writer(std::io::BufWriter::with_capacity(1 << 20, f));
    wtr.write_record(["Ref", "Option", "Stakeholder", "Question", "Comment"])?;
    let mut text = String::new();
    for i in 0..n {
        let (o, s, q) = comment(seed, i, &mut text);
        let id = format!("R{:07}", i + 1);
        wtr.write_record([id.as_str(), OPTIONS[o], STAKEHOLDERS[s], QUESTIONS[q], text.as_str()])?;
    }
    wtr.flush()?;
    wtr.into_inner().map_err(|e| e.into_error())?.flush()
}

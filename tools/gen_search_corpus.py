#!/usr/bin/env python3
"""Deterministic synthetic workshop comments for timing `tally run` and
`tally search` at scale.

    python3 tools/gen_search_corpus.py 1000000 /tmp/big
    tally run /tmp/big/project.toml --out /tmp/big/out --quiet
    tally search '"postcode lottery"' --index /tmp/big/out/index

Writes DIR/comments.csv (Ref, Option, Question, Group, Phase, Role,
District, Comment), DIR/taxonomy.toml and DIR/project.toml. The same N
always gives the same bytes (seeded RNG). Sentences are built from STLS
workshop vocabulary so that stems, phrases and fuzzy terms all have hits of
realistic frequency (common words in most comments, rare words in few).
"""

import csv
import os
import random
import sys

OPENERS = [
    "We worry that", "Schools feel that", "It is clear that", "Parents told us that",
    "Our SENCo thinks", "The risk is that", "On balance", "Honestly,", "In secondary settings",
    "For primary schools", "Staff said that", "Families fear that",
]
SUBJECTS = [
    "the postcode lottery", "specialist teaching", "outreach support", "training for staff",
    "the high needs funding", "advice from STLS", "the local offer", "early intervention",
    "transition to secondary", "the new model", "district teams", "speech and language support",
    "the budget", "travel time", "capacity in the service", "joint working with health",
]
VERBS = [
    "will get worse", "would improve", "is not affordable", "cannot be sustained", "works well",
    "needs more money", "will disappear", "must stay local", "is already stretched",
    "could be shared", "is hard to access", "helps us pay for cover", "will cost more",
]
TAILS = [
    "under this option.", "for rural schools.", "if the service is centralised.",
    "because we cannot afford it.", "and waiting lists will grow.", "for children with autism.",
    "in Swale and Thanet.", "without extra training.", "as we pay for it already.",
    "which worries our governors.", "so please keep it.", "and that is unfair.",
]
RARE = [
    "Contact 01622 694000 for details.", "The aford cost is too high.", "Tunbridge Wells is different.",
    "Mrs Patel said the same.", "Dyslexia screening matters.", "Sensory rooms are closing.",
]
QUESTIONS = ["Advantages", "Disadvantages", "Risks", "Benefits"]
GROUPS = ["schools", "stls", "parents", "health", "internal"]
PHASES = ["primary", "secondary", "special", "early years", ""]
ROLES = ["SENCo", "headteacher", "teacher", "TA", "governor"]
DISTRICTS = ["Ashford", "Canterbury", "Dartford", "Dover", "Maidstone", "Swale", "Thanet", "Tonbridge"]

TAXONOMY = """name = "synthetic"
[[themes]]
id = "funding"
label = "Funding"
phrases = ["afford*", "budget*", "money", "funding", "cost*", "pay for"]
[[themes]]
id = "training_support"
label = "Training and advice"
phrases = ["training", "advice", "outreach"]
[[themes]]
id = "equity"
label = "Fairness and local access"
phrases = ["postcode lottery", "unfair", "rural", "local"]
[[themes]]
id = "capacity"
label = "Capacity and waiting"
phrases = ["capacity", "stretched", "waiting list*"]
"""

PROJECT = """title = "Synthetic {n} comments"
taxonomy = "taxonomy.toml"
[[sources]]
name = "synthetic"
kind = "table"
path = "comments.csv"
text = "Comment"
[sources.columns]
id = "Ref"
option = "Option"
question = "Question"
stakeholder = "Group"
phase = "Phase"
role = "Role"
district = "District"
"""


def main() -> None:
    if len(sys.argv) != 3:
        sys.exit("usage: gen_search_corpus.py N DIR")
    n, out = int(sys.argv[1]), sys.argv[2]
    os.makedirs(out, exist_ok=True)
    rng = random.Random(20240326)
    width = len(str(n))
    with open(os.path.join(out, "comments.csv"), "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["Ref", "Option", "Question", "Group", "Phase", "Role", "District", "Comment"])
        for i in range(1, n + 1):
            parts = [rng.choice(OPENERS), rng.choice(SUBJECTS), rng.choice(VERBS), rng.choice(TAILS)]
            if rng.random() < 0.3:
                parts += [rng.choice(SUBJECTS).capitalize(), rng.choice(VERBS), rng.choice(TAILS)]
            if rng.random() < 0.01:
                parts.append(rng.choice(RARE))
            w.writerow([
                f"s{i:0{width}d}", f"Option {rng.randint(1, 4)}", rng.choice(QUESTIONS), rng.choice(GROUPS),
                rng.choice(PHASES), rng.choice(ROLES), rng.choice(DISTRICTS), " ".join(parts),
            ])
    with open(os.path.join(out, "taxonomy.toml"), "w", encoding="utf-8") as f:
        f.write(TAXONOMY)
    with open(os.path.join(out, "project.toml"), "w", encoding="utf-8") as f:
        f.write(PROJECT.format(n=n))


if __name__ == "__main__":
    main()

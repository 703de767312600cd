#!/usr/bin/env python3
"""Validate the hand-labelled gold sets (eval/dev.csv, eval/holdout.csv).

Usage: python3 eval/check_gold.py [FILE.csv ...]   (default: both files beside this script)
       add --counts to print per-theme / per-status counts as a Markdown table.

Checks: exact header; RFC 4180 parse as UTF-8; ids unique with the file's prefix
(dev-NNNN / hold-NNNN); option is 1-4, or empty exactly when question is
`outcomes`; stakeholder / question / status from the allowed sets; every theme id
from the STLS list, no repeats; primary is one of themes; tagged rows have themes
and a primary, noise/untagged rows have neither; text non-empty; no text shared
between dev and holdout. Exit 1 on any error.
"""
import collections
import csv
import os
import sys

HEADER = ["id", "option", "stakeholder", "question", "status", "themes", "primary", "text"]
THEMES = [
    "training_support", "inclusion", "funding", "consistency", "lift", "ehcp",
    "impact_measures", "mainstream_staff", "parents_families", "multi_agency",
    "stls_service", "accountability", "transition", "behaviour",
    "society_reputation", "localities", "flexibility", "app", "none",
]
STAKEHOLDERS = {"schools", "stls", "internal"}
QUESTIONS = {"advantages", "disadvantages", "benefits", "risks", "outcomes"}
STATUSES = {"tagged", "noise", "untagged"}
PREFIX = {
    "dev.csv": "dev-",
    "holdout.csv": "hold-",
    "dev2.csv": "dev2-",
    "dev3.csv": "dev3-",
    "dev4.csv": "dev4-",
    "quotes.csv": "quote-",
    "dev5.csv": "dev5-",
    "quotes2.csv": "quote2-",
    "dev6.csv": "dev6-",
    "quotes3.csv": "quote3-",
}


def check(path):
    errors, rows = [], []
    name = os.path.basename(path)
    prefix = PREFIX.get(name)
    with open(path, encoding="utf-8", newline="") as f:
        reader = csv.reader(f, strict=True)
        header = next(reader, None)
        if header != HEADER:
            errors.append(f"{path}: header is {header!r}, expected {HEADER!r}")
            return errors, rows
        seen = set()
        for n, rec in enumerate(reader, start=2):
            where = f"{path}:{n}"
            if len(rec) != len(HEADER):
                errors.append(f"{where}: {len(rec)} fields, expected {len(HEADER)}")
                continue
            r = dict(zip(HEADER, rec))
            rows.append(r)
            rid = r["id"]
            if rid in seen:
                errors.append(f"{where}: duplicate id {rid}")
            seen.add(rid)
            if prefix and not (rid.startswith(prefix) and rid[len(prefix):].isdigit()):
                errors.append(f"{where}: id {rid!r} should look like {prefix}0001")
            if r["stakeholder"] not in STAKEHOLDERS:
                errors.append(f"{where}: stakeholder {r['stakeholder']!r}")
            if r["question"] not in QUESTIONS:
                errors.append(f"{where}: question {r['question']!r}")
            if r["question"] == "outcomes":
                if r["option"] != "":
                    errors.append(f"{where}: outcomes rows have an empty option")
            elif r["option"] not in {"1", "2", "3", "4"}:
                errors.append(f"{where}: option {r['option']!r} (1-4, empty only for outcomes)")
            if r["status"] not in STATUSES:
                errors.append(f"{where}: status {r['status']!r}")
            themes = [t for t in r["themes"].split(";")] if r["themes"] else []
            for t in themes:
                if t not in THEMES:
                    errors.append(f"{where}: unknown theme {t!r}")
            if len(set(themes)) != len(themes):
                errors.append(f"{where}: repeated theme in {r['themes']!r}")
            if r["status"] == "tagged":
                if not themes:
                    errors.append(f"{where}: tagged row without themes")
                if r["primary"] not in themes:
                    errors.append(f"{where}: primary {r['primary']!r} not in themes {r['themes']!r}")
            elif themes or r["primary"]:
                errors.append(f"{where}: {r['status']} row must have empty themes and primary")
            if not r["text"].strip():
                errors.append(f"{where}: empty text")
    return errors, rows


def counts_table(named_rows):
    names = list(named_rows)
    out = ["| theme | " + " | ".join(f"{n} themes | {n} primary" for n in names) + " |",
           "|---|" + "---:|---:|" * len(names)]
    tallies = {}
    for n, rows in named_rows.items():
        t = collections.Counter(x for r in rows for x in (r["themes"].split(";") if r["themes"] else []))
        p = collections.Counter(r["primary"] for r in rows if r["primary"])
        tallies[n] = (t, p)
    for th in THEMES:
        out.append(f"| `{th}` | " + " | ".join(f"{tallies[n][0][th]} | {tallies[n][1][th]}" for n in names) + " |")
    out.append("")
    out.append("| status | " + " | ".join(names) + " |")
    out.append("|---|" + "---:|" * len(names))
    for st in ("tagged", "untagged", "noise"):
        out.append(f"| {st} | " + " | ".join(str(sum(r['status'] == st for r in named_rows[n])) for n in names) + " |")
    out.append("| **rows** | " + " | ".join(str(len(named_rows[n])) for n in names) + " |")
    return "\n".join(out)


def main(argv):
    want_counts = "--counts" in argv
    paths = [a for a in argv if not a.startswith("--")]
    here = os.path.dirname(os.path.abspath(__file__))
    if not paths:
        paths = [os.path.join(here, "dev.csv"), os.path.join(here, "holdout.csv")]
    all_errors, named = [], {}
    for p in paths:
        errs, rows = check(p)
        all_errors += errs
        named[os.path.basename(p).removesuffix(".csv")] = rows
    if "dev" in named and "holdout" in named:
        dev_texts = {r["text"].strip().lower() for r in named["dev"] if r["status"] != "noise"}
        for r in named["holdout"]:
            if r["status"] != "noise" and r["text"].strip().lower() in dev_texts:
                all_errors.append(f"holdout {r['id']}: same text as a dev row: {r['text']!r}")
    for e in all_errors:
        print(e, file=sys.stderr)
    for n, rows in named.items():
        print(f"{n}: {len(rows)} rows, " + ", ".join(
            f"{k}={v}" for k, v in sorted(collections.Counter(r['status'] for r in rows).items())))
    if want_counts:
        print(counts_table(named))
    if all_errors:
        print(f"FAILED: {len(all_errors)} error(s)", file=sys.stderr)
        return 1
    print("OK")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

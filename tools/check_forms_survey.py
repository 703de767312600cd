#!/usr/bin/env python3
"""The independent survey.csv for fixtures/survey/forms-460.xlsx, computed in
pandas from the contract (docs: contract.md `survey.csv`, README "Survey
tables"), without tally's code. Writes, for each project file,
fixtures/survey/expected-<project>.csv; tests/cli/survey.rs compares tally's
survey.csv with them cell by cell.

Usage: python3 tools/check_forms_survey.py [--compare OUT_DIR_MIN OUT_DIR_OPTS]
  --compare: also read tally's survey.csv from the two output folders and print
  rows compared / rows equal and the first differences.

The rules, where the contract is silent, are the documented ones:
- a respondent is a data row; an answer is a non-blank cell (stray spaces
  trimmed and collapsed); multi/ranking cells are split on `;`, trimmed,
  empties dropped (a `,` split only when no cell of the column has a `;`);
- groups: overall (group_by empty), then each mapped dimension in the sheet's
  column order, its values sorted (codepoint order); a blank value is in no group;
- rows only for answers somebody in the group gave (no zero rows);
- rating: value order, ascending; likert: the options order when given, else
  Strongly agree ... Strongly disagree, then Don't know / Not sure;
  mean of the scale values on every row, Don't know / Not sure not in it;
- choice/multi: the options order when given, else most responses first
  (ties by answer); answers outside the options after them, same order;
  with an "Other" option, an answer outside the options counts as "Other"
  (once per respondent);
- ranking: one row per item, responses = respondents ranking it, mean = mean
  position among them, share_pct = share of the group's respondents who
  answered the question ranking it first; ordered by mean, then ranked first
  (most first), then options order, then item;
- share_pct to one decimal, mean to two.
"""
import csv
import os
import re
import sys
import tomllib

import pandas as pd

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DIR = os.path.join(ROOT, "fixtures", "survey")
XLSX = os.path.join(DIR, "forms-460.xlsx")
PROJECTS = ["forms-460.toml", "forms-460-options.toml"]

SCALE = {
    "strongly agree": 5, "agree": 4, "tend to agree": 4, "somewhat agree": 4,
    "neither agree nor disagree": 3,
    "disagree": 2, "tend to disagree": 2, "somewhat disagree": 2,
    "strongly disagree": 1,
}
DONT_KNOW = {"don't know", "not sure"}


def clean(v):
    if v is None or (isinstance(v, float) and pd.isna(v)):
        return ""
    if isinstance(v, float) and v.is_integer():
        v = int(v)
    return " ".join(str(v).split())


def pct(n, base):
    return "{:.1f}".format(100.0 * n / base)


def mean2(x):
    return "" if x is None else "{:.2f}".format(x)


def expected(project_file):
    with open(os.path.join(DIR, project_file), "rb") as f:
        project = tomllib.load(f)
    src = project["sources"][0]
    raw = pd.read_excel(XLSX, header=None, dtype=object)
    headers = [clean(h) for h in raw.iloc[0]]
    data = raw.iloc[1:].reset_index(drop=True)
    data.columns = range(len(headers))
    # dimensions, in the sheet's column order
    dims = sorted(((headers.index(clean(h)), d) for d, h in src["columns"].items()))
    frame = pd.DataFrame({d: data[i].map(clean) for i, d in dims})
    taken = []
    out = []
    for qs in src["questions"]:
        col = next(i for i, h in enumerate(headers) if h == clean(qs["column"]) and i not in taken)
        taken.append(col)
        kind = qs["type"]
        if kind == "text":
            continue
        label = qs.get("label", headers[col])
        options = [clean(o) for o in qs.get("options", [])]
        cells = data[col].map(clean)
        if kind in ("multi", "ranking"):
            sep = ";" if cells.str.contains(";").any() else ","
            answers = []
            for c in cells:
                items = []
                for it in (x.strip() for x in c.split(sep)):
                    if not it:
                        continue
                    if kind == "multi" and options and it not in options and "Other" in options:
                        it = "Other"
                    if it not in items:
                        items.append(it)
                answers.append(items or None)
        else:
            answers = [c or None for c in cells]
        frame["_a"] = answers
        groups = [("", "", frame)]
        for _, d in dims:
            sub = frame[frame[d] != ""]
            for g, part in sorted(sub.groupby(d), key=lambda kv: kv[0]):
                groups.append((d, g, part))
        for group_by, group, part in groups:
            given = part["_a"].dropna()
            base = len(given)
            if base == 0:
                continue
            rows = table(kind, given, base, options)
            out += [[src["name"], label, group_by, group] + r for r in rows]
    return out


def table(kind, given, base, options):
    rows = []
    if kind == "rating":
        s = pd.DataFrame({"label": given.map(lambda v: clean(float(v))), "value": given.map(float)})
        m = s["value"].mean()
        for (label, value), n in sorted(s.groupby(["label", "value"]).size().items(), key=lambda kv: kv[0][1]):
            rows.append([label, n, pct(n, base), mean2(m)])
    elif kind == "likert":
        s = pd.DataFrame({"label": given})
        s["value"] = s["label"].map(lambda l: SCALE.get(l.lower()))
        assert s["label"].map(lambda l: l.lower() in SCALE or l.lower() in DONT_KNOW).all()
        vals = s["value"].dropna()
        m = vals.mean() if len(vals) else None
        counts = s["label"].value_counts()
        if options:
            order = sorted(counts.index, key=lambda l: options.index(l))
        else:
            order = sorted(counts.index, key=lambda l: (l.lower() in DONT_KNOW, -(SCALE.get(l.lower()) or 0), l))
        for l in order:
            rows.append([l, counts[l], pct(counts[l], base), mean2(m)])
    elif kind in ("choice", "multi"):
        flat = given.explode() if kind == "multi" else given
        counts = flat.value_counts()
        rank = {o: k for k, o in enumerate(options)}
        order = sorted(counts.index, key=lambda a: (rank.get(a, len(options)), -counts[a], a))
        for a in order:
            rows.append([a, counts[a], pct(counts[a], base), ""])
    elif kind == "ranking":
        long = pd.DataFrame([(item, pos + 1) for items in given for pos, item in enumerate(items)],
                            columns=["item", "pos"])
        stats = long.groupby("item")["pos"].agg(n="count", mean="mean", first=lambda p: (p == 1).sum())
        rank = {o: k for k, o in enumerate(options)}
        order = sorted(stats.index, key=lambda i: (stats.at[i, "mean"], -stats.at[i, "first"],
                                                   rank.get(i, len(options)), i))
        for i in order:
            rows.append([i, stats.at[i, "n"], pct(stats.at[i, "first"], base), mean2(stats.at[i, "mean"])])
    return rows


HEADER = ["source", "question", "group_by", "group", "answer", "responses", "share_pct", "mean"]


def main():
    results = {}
    for p in PROJECTS:
        rows = [[str(c) for c in r] for r in expected(p)]
        results[p] = rows
        path = os.path.join(DIR, "expected-" + p.replace(".toml", ".csv"))
        with open(path, "w", newline="", encoding="utf-8") as f:
            w = csv.writer(f, lineterminator="\r\n")
            w.writerow(HEADER)
            w.writerows(rows)
        print(f"wrote {path} ({len(rows)} rows)")
    if len(sys.argv) == 4 and sys.argv[1] == "--compare":
        for p, out in zip(PROJECTS, sys.argv[2:]):
            with open(os.path.join(out, "survey.csv"), newline="", encoding="utf-8") as f:
                got = list(csv.reader(f))[1:]
            want = results[p]
            equal = sum(1 for g, w in zip(got, want) if g == w)
            from collections import Counter
            cg, cw = Counter(map(tuple, got)), Counter(map(tuple, want))
            same = sum((cg & cw).values())
            print(f"{p}: rows expected {len(want)}, got {len(got)}, rows equal in place {equal}, "
                  f"rows equal in any order {same}")
            for r in list((cw - cg).elements())[:6]:
                print(f"  missing {list(r)}")
            for r in list((cg - cw).elements())[:6]:
                print(f"  extra   {list(r)}")
            shown = 0
            for k, (g, w) in enumerate(zip(got, want)):
                if g != w and shown < 4:
                    print(f"  row {k + 1}: got  {g}\n          want {w}")
                    shown += 1


if __name__ == "__main__":
    main()

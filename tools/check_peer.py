#!/usr/bin/env python3
"""Held-out check of tally's matcher on the themefinder peer data.

    python3 tools/check_peer.py TALLY [--python-baseline] [--per-theme] [--keep DIR]
    python3 tools/check_peer.py --python-baseline

Builds the projects with tools/peer_themefinder.py into a temporary folder
(or --keep DIR), then for each question set:

  - with TALLY: runs `TALLY eval project.toml --gold gold.csv --format json`
    (samples-F1, micro-F1) and `TALLY run` (its comments.csv gives each
    comment's theme set, for exact-match; samples-F1 and micro-F1 are also
    recomputed from it and must agree with eval's);
  - with --python-baseline: the same figures for a tiny pure-Python matcher
    on the same taxonomies: a theme fires when one of its `phrases`, lower-
    cased with every `*` removed, is a substring of the lower-cased response
    (no word bounds, no regex / query / exclude / whole rules).

Figures: samples-F1 = per-response F1 of the theme sets, averaged (two empty
sets count as 1, as in `tally eval`); micro-F1 over all (response, theme)
pairs; exact-match = share of responses whose theme set equals the gold's.

The taxonomies are held out: they were written from the theme labels and
descriptions only and committed before this was first run. Do not tune them
(or tally) on these figures; see tools/README.md.

Python 3.11+ standard library only.
"""

from __future__ import annotations

import argparse
import csv
import json
import subprocess
import sys
import tempfile
import tomllib
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import peer_themefinder  # noqa: E402


def f1(tp: int, p: int, g: int) -> float:
    prec = tp / p if p else (0.0 if g else 1.0)
    rec = tp / g if g else (0.0 if p else 1.0)
    return 2 * prec * rec / (prec + rec) if prec + rec else 0.0


def split(s: str) -> frozenset[str]:
    return frozenset(t.strip() for t in s.split(";") if t.strip())


def scores(gold: dict[str, frozenset[str]], pred: dict[str, frozenset[str]]) -> dict[str, float]:
    """samples-F1, micro-F1 and exact-match over the gold ids."""
    n = len(gold)
    samples = exact = 0.0
    tp = p = g = 0
    for rid, gs in gold.items():
        ps = pred.get(rid, frozenset())
        t = len(gs & ps)
        samples += 1.0 if not gs and not ps else f1(t, len(ps), len(gs))
        exact += gs == ps
        tp, p, g = tp + t, p + len(ps), g + len(gs)
    return {"n": n, "samples_f1": samples / n, "micro_f1": f1(tp, p, g), "exact": exact / n,
            "gold_labels": g, "pred_labels": p}


def read_gold(d: Path) -> tuple[dict[str, frozenset[str]], dict[str, str]]:
    gold, text = {}, {}
    with (d / "gold.csv").open(encoding="utf-8", newline="") as f:
        for r in csv.DictReader(f):
            gold[r["id"]] = split(r["themes"])
            text[r["id"]] = r["text"]
    return gold, text


def run_tally(tally: str, d: Path) -> tuple[dict, dict[str, frozenset[str]]]:
    proj, gold = d / "project.toml", d / "gold.csv"
    ev = subprocess.run([tally, "eval", str(proj), "--gold", str(gold), "--format", "json"],
                        capture_output=True, text=True)
    if ev.returncode != 0:
        sys.exit(f"tally eval failed on {proj} ({ev.returncode}):\n{ev.stderr}")
    report = json.loads(ev.stdout)
    out = d / "tally-out"
    rn = subprocess.run([tally, "run", str(proj), "--out", str(out), "--quiet"], capture_output=True, text=True)
    if rn.returncode != 0:
        sys.exit(f"tally run failed on {proj} ({rn.returncode}):\n{rn.stderr}")
    pred = {}
    with (out / "comments.csv").open(encoding="utf-8", newline="") as f:
        for r in csv.DictReader(f):
            pred[r["id"]] = split(r["themes"]) if r["status"] == "tagged" else frozenset()
    return report, pred


def baseline(d: Path, text: dict[str, str]) -> dict[str, frozenset[str]]:
    with (d / "taxonomy.toml").open("rb") as f:
        themes = tomllib.load(f).get("themes", [])
    phrases = [(t["id"], [p.replace("*", "").lower().strip() for p in t.get("phrases", [])]) for t in themes]
    pred = {}
    for rid, s in text.items():
        low = s.lower()
        pred[rid] = frozenset(tid for tid, ps in phrases if any(p and p in low for p in ps))
    return pred


def fmt(name: str, who: str, s: dict[str, float]) -> str:
    return (f"{name:<12} {who:<16} n={s['n']:<5} samples-F1 {s['samples_f1']:.3f}  "
            f"exact-match {s['exact']:.3f}  micro-F1 {s['micro_f1']:.3f}  "
            f"(labels gold {s['gold_labels']}, predicted {s['pred_labels']})")


def check(out: Path, tally: str | None, python_baseline: bool, per_theme: bool) -> None:
    sets = peer_themefinder.build(out)
    for name, d in sets.items():
        gold, text = read_gold(d)
        if tally:
            report, pred = run_tally(tally, d)
            s = scores(gold, pred)
            if report.get("not_found"):
                sys.exit(f"{name}: tally eval found no comment for {len(report['not_found'])} gold ids")
            for k in ("samples_f1", "micro_f1"):
                if abs(report[k] - s[k]) > 1e-9:
                    sys.exit(f"{name}: {k} from tally eval ({report[k]:.6f}) and from comments.csv "
                             f"({s[k]:.6f}) disagree")
            print(fmt(name, "tally", s))
            if per_theme:
                for t in report["themes"]:
                    print(f"    {t['theme']:<4} support {t['support']:>4}  predicted {t['predicted']:>4}  "
                          f"P {t['precision']:.2f}  R {t['recall']:.2f}  F1 {t['f1']:.2f}")
        if python_baseline:
            print(fmt(name, "python-baseline", scores(gold, baseline(d, text))))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("tally", nargs="?", help="path to the tally binary (e.g. target/release/tally)")
    ap.add_argument("--python-baseline", action="store_true", help="also score the substring baseline")
    ap.add_argument("--per-theme", action="store_true", help="print tally's per-theme P/R/F1")
    ap.add_argument("--keep", type=Path, help="build the projects here instead of a temporary folder")
    a = ap.parse_args()
    if not a.tally and not a.python_baseline:
        ap.error("give TALLY, --python-baseline, or both")
    if a.keep:
        check(a.keep, a.tally, a.python_baseline, a.per_theme)
    else:
        with tempfile.TemporaryDirectory(prefix="tally-peer-") as tmp:
            check(Path(tmp), a.tally, a.python_baseline, a.per_theme)


if __name__ == "__main__":
    main()

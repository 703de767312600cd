#!/usr/bin/env python3
"""Turn the themefinder peer data into tally projects and gold CSVs.

    python3 tools/peer_themefinder.py OUTDIR [--data DIR] [--taxonomies DIR]

For each question set it writes OUTDIR/SET/ with

  responses.csv   id,text (one row per response)
  taxonomy.toml   a copy of tools/peer_taxonomies/SET.toml
  project.toml    one `table` source: text = "text", columns id = "id",
                  set question = SET
  gold.csv        id, themes (';'-joined theme ids), text

The sets (data under /work/shared/peer/themefinder/, see its README.md):

  gambling_q1  gambling_XS question_part_1; gold = mapping.jsonl `labels`
  gambling_q2  gambling_XS question_part_2; gold = mapping.jsonl `labels`
  generation   generation/eval_sentiments.csv; gold = the letters whose value
               in `target_topics` (a Python-literal dict) is not None

Gold theme ids are the upstream topic ids lower-cased (A -> a). The
"None of the Above" fallback (X in part 1, XX in part 2) has no rules in the
taxonomies, so it is written as no theme (tally's `untagged`); upstream never
uses it in the gold. Any other id missing from the taxonomy stops the run.

This script reads responses and gold labels: the taxonomies it copies were
written and committed before it was first run, and must not be tuned on its
output (see tools/README.md, "Peer held-out check").

Python 3.11+ standard library only.
"""

from __future__ import annotations

import argparse
import ast
import csv
import json
import shutil
import sys
import tomllib
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT_DATA = Path("/work/shared/peer/themefinder")
DEFAULT_TAX = HERE / "peer_taxonomies"
MAPPING_DATE = "2025-07-22"

# Upstream ids that mean "no theme" (None of the Above).
NONE_OF_THE_ABOVE = {"x", "xx"}

SETS = ("gambling_q1", "gambling_q2", "generation")


def read_jsonl(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def taxonomy_ids(path: Path) -> set[str]:
    with path.open("rb") as f:
        return {t["id"] for t in tomllib.load(f).get("themes", [])}


def map_labels(labels, known: set[str], where: str) -> list[str]:
    out: list[str] = []
    for lab in labels:
        tid = str(lab).strip().lower()
        if not tid or tid in NONE_OF_THE_ABOVE:
            continue
        if tid not in known:
            sys.exit(f"{where}: gold label {lab!r} is not a theme id of the taxonomy")
        if tid not in out:
            out.append(tid)
    return sorted(out)


def gambling_rows(data: Path, part: int, known: set[str]) -> list[tuple[str, list[str], str]]:
    base = data / "gambling_XS"
    resp = base / "inputs" / f"question_part_{part}" / "responses.jsonl"
    mapping = base / "outputs" / "mapping" / MAPPING_DATE / f"question_part_{part}" / "mapping.jsonl"
    texts = {str(r["response_id"]): r["response"] for r in read_jsonl(resp)}
    gold = {}
    for r in read_jsonl(mapping):
        rid = str(r["response_id"])
        gold[rid] = map_labels(r.get("labels") or [], known, f"{mapping} response {rid}")
    missing = sorted(set(texts) ^ set(gold))
    if missing:
        sys.exit(f"{resp} and {mapping} disagree on response ids: {missing[:10]}")
    return [(rid, gold[rid], texts[rid]) for rid in sorted(texts, key=lambda s: (len(s), s))]


def present_letters(field: str, where: str) -> list[str]:
    """Letters with a non-None value in a `target_topics` cell.

    The cell is a list of Python-literal dicts printed one per line without
    commas between them ("[{'A': None, ...}\n {'A': {...}, ...}]"), so each
    line is parsed on its own; a theme is present if any dict has it.
    """
    s = field.strip()
    if s.startswith("[") and s.endswith("]"):
        s = s[1:-1]
    letters: list[str] = []
    for line in s.splitlines():
        line = line.strip().rstrip(",")
        if not line:
            continue
        try:
            d = ast.literal_eval(line)
        except (ValueError, SyntaxError):
            sys.exit(f"{where}: target_topics line is not a Python literal")
        for item in d if isinstance(d, list) else [d]:
            if not isinstance(item, dict):
                sys.exit(f"{where}: target_topics holds a {type(item).__name__}, not a dict")
            letters += [k for k, v in item.items() if v is not None and k not in letters]
    return letters


def generation_rows(data: Path, known: set[str]) -> list[tuple[str, list[str], str]]:
    path = data / "generation" / "eval_sentiments.csv"
    rows = []
    with path.open(encoding="utf-8", newline="") as f:
        for n, r in enumerate(csv.DictReader(f), start=2):
            letters = present_letters(r["target_topics"], f"{path} row {n}")
            rows.append((str(r["response_id"]).strip(), map_labels(letters, known, f"{path} row {n}"), r["response"]))
    ids = [r[0] for r in rows]
    if len(set(ids)) != len(ids):
        sys.exit(f"{path}: duplicate response_id")
    return rows


def question_text(data: Path, name: str) -> str:
    if name == "generation":
        return (data / "generation" / "expanded_question.txt").read_text(encoding="utf-8").strip()
    part = name[-1]
    q = json.loads((data / "gambling_XS" / "inputs" / f"question_part_{part}" / "question.json").read_text("utf-8"))
    return q.get("question_text", "")


def toml_str(s: str) -> str:
    return json.dumps(s, ensure_ascii=False)  # a JSON string is a valid TOML basic string


def write_set(out: Path, name: str, rows, tax: Path, question: str) -> None:
    d = out / name
    d.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(tax, d / "taxonomy.toml")
    with (d / "responses.csv").open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(["id", "text"])
        for rid, _, text in rows:
            w.writerow([rid, text])
    with (d / "gold.csv").open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(["id", "themes", "text"])
        for rid, themes, text in rows:
            w.writerow([rid, ";".join(themes), text])
    (d / "project.toml").write_text(
        f"# Generated by tools/peer_themefinder.py from the themefinder peer data.\n"
        f"# Question: {question}\n"
        f"title = {toml_str('themefinder ' + name)}\n"
        f'taxonomy = "taxonomy.toml"\n\n'
        f"[[sources]]\n"
        f"name = {toml_str(name)}\n"
        f'kind = "table"\n'
        f'path = "responses.csv"\n'
        f'text = "text"\n'
        f"[sources.columns]\n"
        f'id = "id"\n'
        f"[sources.set]\n"
        f"question = {toml_str(name)}\n",
        encoding="utf-8",
    )


def build(out: Path, data: Path = DEFAULT_DATA, taxonomies: Path = DEFAULT_TAX,
          sets: tuple[str, ...] = SETS) -> dict[str, Path]:
    """Write every set under `out`; return {set name: its folder}."""
    done = {}
    for name in sets:
        tax = taxonomies / f"{name}.toml"
        if not tax.exists():
            print(f"skipping {name}: no taxonomy {tax}", file=sys.stderr)
            continue
        known = taxonomy_ids(tax)
        if name == "generation":
            rows = generation_rows(data, known)
        else:
            rows = gambling_rows(data, int(name[-1]), known)
        write_set(out, name, rows, tax, question_text(data, name))
        done[name] = out / name
    return done


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("outdir", type=Path)
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA, help=f"peer data folder (default {DEFAULT_DATA})")
    ap.add_argument("--taxonomies", type=Path, default=DEFAULT_TAX, help="folder of SET.toml taxonomies")
    a = ap.parse_args()
    for name, d in build(a.outdir, a.data, a.taxonomies).items():
        with (d / "gold.csv").open(encoding="utf-8", newline="") as f:
            rows = list(csv.DictReader(f))
        labels = sum(len([t for t in r["themes"].split(";") if t]) for r in rows)
        print(f"{name}: {len(rows)} responses, {labels} gold labels -> {d}")


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""The pandas baseline: tally's job done the way an analyst would in Python.

    python3 benches/baseline.py corpus.csv taxonomies/stls.toml shares.csv

Reads the corpus (`Ref, Option, Stakeholder, Question, Comment`, as written
by `cargo run --release --example gen`) with pandas, compiles the taxonomy's
rules with `re`, tags every comment and writes per-block theme shares
(option, stakeholder, question, theme, comments, base, share_pct).

Rules, translated the simplest faithful way:
- `phrases` and `weak`: case-insensitive, word-bounded; `*` = any word ending; a space
  matches any run of spaces, hyphens or dashes; an apostrophe matches ' or ’.
- `regex`, `exclude_regex`: compiled as written (Rust and Python `re` agree
  on the syntax the shipped taxonomy uses), case-insensitive.
- `whole`: matched against the whole lower-cased comment with punctuation
  other than + / ' removed, as tally does.
- `query` (tantivy): `"a b"~N` becomes "a, then b within N words", a bare
  word `w~1` becomes the word `w`.
- `exclude`/`exclude_regex` veto the theme; `parent` themes are added.
- primary theme: the matched theme with the highest `weight`, ties to the
  theme listed first (tally's evidence score is finer; shares agree closely).
- noise: the normalised comment is a `[noise]` phrase, or has at most
  `max_words` words and matches a `[noise]` regex.

Per theme, one alternation of all its rules is run with pandas'
vectorised `Series.str.contains`, the fastest idiomatic pandas route.
Prints the seconds spent reading, tagging and aggregating to stderr.
"""

import re
import sys
import time
import tomllib
import warnings

import pandas as pd

APOS = "['\u2019]"
SEP = r"[\s\-\u2010-\u2015_]+"


def phrase_to_regex(phrase: str) -> str:
    words = [w for w in re.split(r"[\s\-\u2010-\u2015_]+", phrase.strip().lower()) if w]
    parts = []
    for w in words:
        star = w.endswith("*")
        w = w.rstrip("*")
        lit = "".join(APOS if ch in "'\u2019" else re.escape(ch) for ch in w)
        parts.append(lit + (r"\w*" if star else ""))
    body = SEP.join(parts)
    left = r"\b" if re.match(r"\w", words[0]) else ""
    right = r"\b" if re.search(r"\w\*?$", words[-1]) else ""
    return left + body + right


def query_to_regex(q: str) -> str | None:
    m = re.fullmatch(r'"([^"]+)"(?:~(\d+))?', q.strip())
    if m:
        words = [re.escape(w) for w in m.group(1).lower().split()]
        slop = int(m.group(2) or 0)
        gap = r"\W+(?:\w+\W+){0,%d}" % slop
        return r"\b" + gap.join(w + r"\w*" for w in words) + r"\b"
    m = re.fullmatch(r"(\w+)(?:~\d+)?", q.strip())
    if m:
        return r"\b" + re.escape(m.group(1).lower()) + r"\b"
    return None


def alternation(patterns: list[str]) -> str | None:
    return "|".join(f"(?:{p})" for p in patterns) if patterns else None


def normalize_whole(s: str) -> str:
    s = s.replace("\u2019", "'").replace("\u2018", "'").lower()
    return " ".join(re.sub(r"[^\w+/']+|_", " ", s).split())


def main() -> None:
    if len(sys.argv) != 4:
        sys.exit("usage: baseline.py CORPUS.csv TAXONOMY.toml SHARES_OUT.csv")
    corpus, taxonomy, out = sys.argv[1:]
    # The taxonomy's regexes have groups; str.contains only needs a yes/no.
    warnings.filterwarnings("ignore", message="This pattern is interpreted as a regular expression")
    with open(taxonomy, "rb") as f:
        tax = tomllib.load(f)
    themes = tax["themes"]

    t0 = time.perf_counter()
    df = pd.read_csv(corpus, dtype=str, keep_default_na=False)
    df = df[df["Comment"].str.strip() != ""]
    text = df["Comment"]
    t1 = time.perf_counter()

    norm = text.map(normalize_whole)
    noise_cfg = tax.get("noise", {})
    noise_phrases = {normalize_whole(p) for p in noise_cfg.get("phrases", [])}
    noise_re = alternation(noise_cfg.get("regex", []))
    words = norm.str.split().str.len()
    noise = norm.isin(noise_phrases)
    if noise_re:
        noise |= (words <= noise_cfg.get("max_words", 12)) & norm.str.contains(
            noise_re, flags=re.IGNORECASE, regex=True
        )

    matched = {}
    for t in themes:
        # `weak` phrases are scanned as phrases (tally scans them too; the
        # passing-mention step after matching is not reproduced).
        pats = [phrase_to_regex(p) for p in t.get("phrases", []) + t.get("weak", [])]
        pats += t.get("regex", [])
        pats += [q for q in (query_to_regex(q) for q in t.get("query", [])) if q]
        hit = pd.Series(False, index=df.index)
        alt = alternation(pats)
        if alt:
            hit = text.str.contains(alt, flags=re.IGNORECASE, regex=True)
        whole = alternation(t.get("whole", []))
        if whole:
            hit |= norm.str.contains(whole, flags=re.IGNORECASE, regex=True)
        veto = alternation([phrase_to_regex(p) for p in t.get("exclude", [])] + t.get("exclude_regex", []))
        if veto:
            hit &= ~text.str.contains(veto, flags=re.IGNORECASE, regex=True)
        matched[t["id"]] = hit
    for t in themes:
        if t.get("parent"):
            matched[t["parent"]] = matched[t["parent"]] | matched[t["id"]]

    # Primary: highest weight among matched themes, ties to taxonomy order.
    order = sorted(range(len(themes)), key=lambda i: (-themes[i].get("weight", 1.0), i))
    primary = pd.Series("", index=df.index)
    for i in reversed(order):
        primary = primary.mask(matched[themes[i]["id"]], themes[i]["id"])
    tagged = primary != ""
    status = pd.Series("untagged", index=df.index).mask(tagged, "tagged").mask(~tagged & noise, "noise")
    primary = primary.mask(status == "untagged", "untagged")
    t2 = time.perf_counter()

    option = df["Option"].str.extract(r"(\d+|one|two|three|four|five)", flags=re.IGNORECASE)[0]
    words_to_n = {"one": "1", "two": "2", "three": "3", "four": "4", "five": "5"}
    option = option.str.lower().replace(words_to_n).fillna("")
    frame = pd.DataFrame(
        {
            "option": option,
            "stakeholder": df["Stakeholder"].str.strip().str.lower(),
            "question": df["Question"].str.strip().str.lower(),
            "theme": primary,
        }
    )[status != "noise"]
    keys = ["option", "stakeholder", "question"]
    counts = frame.groupby(keys + ["theme"]).size().rename("comments").reset_index()
    base = frame.groupby(keys).size().rename("base").reset_index()
    shares = counts.merge(base, on=keys)
    shares["share_pct"] = (100 * shares["comments"] / shares["base"]).round(1)
    shares = shares.sort_values(keys + ["comments", "theme"], ascending=[True, True, True, False, True])
    shares.to_csv(out, index=False)
    t3 = time.perf_counter()

    n = len(df)
    print(
        f"baseline: {n} comments; read {t1 - t0:.2f}s, tag {t2 - t1:.2f}s, "
        f"aggregate {t3 - t2:.2f}s, total {t3 - t0:.2f}s; "
        f"tagged {int(tagged.sum())}, noise {int((status == 'noise').sum())}",
        file=sys.stderr,
    )


if __name__ == "__main__":
    main()

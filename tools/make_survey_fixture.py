#!/usr/bin/env python3
"""Generate fixtures/survey/: a Microsoft Forms-shaped impact survey export
(impact-survey.xlsx, openpyxl) and expected-survey.csv, the contract's
survey.csv computed independently here in Python.

Usage: python3 tools/make_survey_fixture.py   (deterministic: fixed seed, fixed zip dates)

Forms shapes exercised: fixed columns ID/Start time/Completion time/Email/Name
(Email "anonymous" or blank), ratings as numbers and as text with stray spaces,
likert labels in several wordings ("Tend to agree", "Don't know", curly
apostrophes, stray spaces), multi-select `;`-joined with a trailing `;` (one
option containing a comma), ranking `;`-joined, single choice, free text
with personal data for redaction, blank answers.
"""
import csv, io, os, random, re, zipfile
from datetime import datetime, timedelta
import openpyxl

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "fixtures", "survey")
rng = random.Random(20240326)

PHASE = "Which type of setting do you work in?"
ROLE = "What is your role?"
DISTRICT = "Which district is your school or setting in?"
RATING = "How would you rate the support you received?"
L1 = "The advice we received was practical"
L2 = "Training improved staff confidence"
MULTI = "Which parts of the service did you use?"
RANK = "Please rank these priorities for future funding"
CHOICE = "Should funding remain as is, increase or decrease?"
T1 = "What difference has the service made?"
T2 = "Any other comments?"

PHASES = ["Primary", "Secondary", "Early years", "Special"]
ROLES = ["SENCo", "Headteacher", "Class teacher"]
DISTRICTS = ["Gravesham", "Maidstone", "Canterbury", "Dover"]
LIKERT = ["Strongly disagree", "Tend to disagree", "Neither agree nor disagree", "Tend to agree", "Strongly agree"]
DK = ["Don't know", "Don’t know", "Not sure"]
MULTI_OPTS = ["Training", "Advice line", "Outreach, visits", "LIFT meetings"]
RANK_ITEMS = ["Pupils with EHCPs", "SEN support pupils", "Mainstream pupils", "Number of schools"]
CHOICES = ["Remain as is", "Increase", "Decrease"]
GOOD = [
    "The training on autism gave our staff real confidence and the advice was practical.",
    "Outreach visits helped us keep a pupil in mainstream rather than a specialist placement.",
    "LIFT meetings are where we get the best advice; without them we would struggle.",
    "Our budget could not stretch to buying this support if it were a traded service.",
    "Please contact me on 01622 694000 or jane.roe@example.org about the outreach visits.",
    "The specialist teacher Alan Smith was brilliant with our Year 6 transition group.",
]

N = 64
header = ["ID", "Start time", "Completion time", "Email", "Name", PHASE, ROLE, DISTRICT, RATING, L1, L2, MULTI, RANK, CHOICE, T1, T2]
rows = []
start = datetime(2024, 4, 18, 9, 0, 0)
for i in range(1, N + 1):
    t0 = start + timedelta(minutes=7 * i)
    phase = rng.choice(PHASES)
    if rng.random() < 0.15:
        phase = phase + " "  # stray space
    role = rng.choice(ROLES)
    district = rng.choice(DISTRICTS) if rng.random() > 0.05 else None
    r = rng.random()
    if r < 0.08:
        rating = None
    elif r < 0.5:
        rating = rng.randint(1, 5)  # a number cell
    else:
        rating = rng.choice(["{}", " {} ", "{}"]).format(rng.randint(2, 5))  # numbers as text
    def likert():
        x = rng.random()
        if x < 0.07:
            return None
        if x < 0.17:
            return rng.choice(DK)
        lab = rng.choice(LIKERT)
        return rng.choice([lab, lab + " ", lab.lower() if rng.random() < 0.2 else lab])
    l1, l2 = likert(), likert()
    if rng.random() < 0.1:
        multi = None
    else:
        picks = [o for o in MULTI_OPTS if rng.random() < 0.5] or [MULTI_OPTS[0]]
        multi = ";".join(picks) + ";"
    if rng.random() < 0.12:
        rank = None
    else:
        items = RANK_ITEMS[:]
        rng.shuffle(items)
        if rng.random() < 0.3:
            items.sort(key=lambda s: RANK_ITEMS.index(s) + rng.random() * 2)
        rank = ";".join(items) + ";"
    choice = rng.choice(CHOICES + [None]) if rng.random() < 0.9 else None
    t1 = rng.choice(GOOD) if rng.random() < 0.7 else None
    t2 = rng.choice(["", "No", "Thank you for the support this year, it has made a difference to our pupils."]) or None
    rows.append([i, t0, t0 + timedelta(minutes=rng.randint(3, 15)), rng.choice(["anonymous", None]), None,
                 phase, role, district, rating, l1, l2, multi, rank, choice, t1, t2])

os.makedirs(OUT, exist_ok=True)
wb = openpyxl.Workbook()
ws = wb.active
ws.title = "Form1"
ws.append(header)
for r in rows:
    ws.append(r)
for row in ws.iter_rows(min_row=2, min_col=2, max_col=3):
    for c in row:
        c.number_format = "m/d/yy h:mm:ss"
wb.properties.created = datetime(2024, 4, 19)
wb.properties.modified = datetime(2024, 4, 19)
path = os.path.join(OUT, "impact-survey.xlsx")
buf = io.BytesIO()
wb.save(buf)
# Normalise zip entry dates so the file is byte-stable.
src = zipfile.ZipFile(io.BytesIO(buf.getvalue()))
with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
    for info in src.infolist():
        data = src.read(info.filename)
        if info.filename == "docProps/core.xml":  # openpyxl stamps the save time here
            data = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>%s" % b"2024-04-19T00:00:00Z", data)
        zi = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
        zi.compress_type = zipfile.ZIP_DEFLATED
        z.writestr(zi, data)

# ---- independent computation of survey.csv -------------------------------------------
def clean(v):
    if v is None:
        return ""
    return " ".join(str(v).split())

LIK = {"strongly disagree": 1, "tend to disagree": 2, "neither agree nor disagree": 3, "tend to agree": 4, "strongly agree": 5}
def lik_value(label):
    l = label.replace("’", "'").lower()
    if l in ("don't know", "not sure"):
        return None
    return float(LIK[l])

col = {h: k for k, h in enumerate(header)}
dims = [("phase", PHASE), ("role", ROLE), ("district", DISTRICT)]  # the sheet's column order

def answers(q, kind):
    out = []
    first = {}  # one spelling per label: the first seen
    for r in rows:
        v = r[col[q]]
        if kind in ("multi", "ranking"):
            items = [clean(x) for x in (v or "").split(";")]
            items = [x for x in items if x]
            out.append(items or None)
        else:
            v = clean(v)
            if not v:
                out.append(None)
            elif kind == "rating":
                n = float(v)
                out.append((str(int(n)) if n == int(n) else str(n), n))
            elif kind == "likert":
                key = v.replace("’", "'").lower()
                out.append((first.setdefault(key, v), lik_value(v)))
            else:
                out.append(v)
    return out

def fmt_mean(m):
    return "" if m is None else "{:.2f}".format(m)

def table(qlabel, kind, ans, members, group_by, group, options):
    given = [ans[i] for i in members if ans[i] is not None]
    base = len(given)
    if base == 0:
        return []
    out = []
    if kind in ("rating", "likert"):
        vals = [a[1] for a in given if a[1] is not None]
        mean = sum(vals) / len(vals) if vals else None
        counts = {}
        for lab, v in given:
            counts.setdefault(lab, [0, v])[0] += 1
        # ratings lowest first; likert Strongly agree first; Don't know last
        sign = -1 if kind == "likert" else 1
        order = sorted(counts, key=lambda l: (counts[l][1] is None, sign * (counts[l][1] or 0), l.encode()))
        for lab in order:
            c = counts[lab][0]
            out.append([qlabel, group_by, group, lab, c, "{:.1f}".format(100 * c / base), fmt_mean(mean)])
    elif kind in ("choice", "multi"):
        counts = {}
        for a in given:
            for x in (a if kind == "multi" else [a]):
                counts[x] = counts.get(x, 0) + 1
        rank = lambda x: options.index(x) if x in options else 10**9
        for x in sorted(counts, key=lambda x: (rank(x), -counts[x], x.encode())):
            out.append([qlabel, group_by, group, x, counts[x], "{:.1f}".format(100 * counts[x] / base), ""])
    else:  # ranking
        stats = {}
        for a in given:
            for pos, item in enumerate(a, 1):
                s = stats.setdefault(item, [0, 0, 0])
                s[0] += 1; s[1] += pos; s[2] += pos == 1
        for item in sorted(stats, key=lambda k: (stats[k][1] / stats[k][0], -stats[k][2], k.encode())):
            n, tot, first = stats[item]
            out.append([qlabel, group_by, group, item, n, "{:.1f}".format(100 * first / base), fmt_mean(tot / n)])
    return out

QUESTIONS = [(RATING, "rating", RATING, []), (L1, "likert", "Advice was practical", []), (L2, "likert", L2, []),
             (MULTI, "multi", MULTI, MULTI_OPTS), (RANK, "ranking", RANK, RANK_ITEMS), (CHOICE, "choice", CHOICE, CHOICES)]
expected = []
for col_name, kind, label, options in QUESTIONS:
    ans = answers(col_name, kind)
    expected += table(label, kind, ans, list(range(len(rows))), "", "", options)
    for dim, dcol in dims:
        groups = {}
        for i, r in enumerate(rows):
            g = clean(r[col[dcol]])
            if g:
                groups.setdefault(g, []).append(i)
        for g in sorted(groups, key=lambda s: s.encode()):
            expected += table(label, kind, ans, groups[g], dim, g, options)

with open(os.path.join(OUT, "expected-survey.csv"), "w", newline="", encoding="utf-8") as f:
    w = csv.writer(f, lineterminator="\r\n")
    w.writerow(["source", "question", "group_by", "group", "answer", "responses", "share_pct", "mean"])
    for r in expected:
        w.writerow(["impact"] + r)
print(f"wrote {path} ({N} respondents) and expected-survey.csv ({len(expected)} rows)")

#!/usr/bin/env python3
"""Generate fixtures/survey/forms-460.xlsx: a realistic Microsoft Forms
"Open in Excel" export of a 460-respondent STLS impact survey, and the two
project files that read it (forms-460.toml: only the keys the contract names,
no options; forms-460-options.toml: labels and options lists).

Usage: python3 tools/make_forms_survey.py   (deterministic: fixed seed, fixed zip dates)
Then:  python3 tools/check_forms_survey.py  (the independent survey.csv)

Forms shapes exercised (see formats.md §1):
- fixed columns ID, Start time, Completion time (Excel date cells, m/d/yy h:mm:ss),
  Email ("anonymous" or blank), Name (blank), Last modified time (blank);
- a 1-5 rating stored sometimes as a number, sometimes as text ("4", " 4", "4 ");
- an NPS 0-10 (numbers, a few as text);
- two likert groups, each statement its own column headed by the statement only;
  the groups share a statement, so the header occurs twice. Group A uses
  Strongly agree / Agree / Neither agree nor disagree / Disagree / Strongly
  disagree / Don't know; group B Tend to agree / Somewhat disagree / Not sure;
- multi-select `;`-joined with a trailing `;`, an option containing a comma,
  "Other" answers written as the respondent's own text (one containing a comma);
- ranking `;`-joined in rank order, some respondents ranking only some items
  (an item containing a comma);
- a single choice, two free-text questions;
- stray spaces in cells and in one question header; blank answers everywhere;
- phase / role / district columns with blanks and stray spaces.
"""
import io
import os
import random
import re
import zipfile
from datetime import datetime, timedelta

import openpyxl

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "fixtures", "survey")
rng = random.Random(460_2024)

PHASE = "Which type of setting do you work in?"
ROLE = "What is your role?"
DISTRICT = "Which district is your school or setting in?"
RATING = "Overall, how would you rate the support your setting received from STLS? "  # stray space
NPS = "How likely are you to recommend STLS to a colleague in another setting?"
LA1 = "The advice we received was practical"
SHARED = "Training improved staff confidence"
LA3 = "STLS responded quickly when we asked for help"
LB2 = "I know how to request support from STLS"
MULTI = "Which parts of the service has your setting used in the last year?"
RANK = "Please rank these priorities for future funding (1 = most important)"
CHOICE = "Should funding for STLS remain as is, increase or decrease?"
T1 = "What difference has STLS made to your pupils?"
T2 = "Is there anything else you would like to tell us?"

PHASES = [("Primary", 45), ("Secondary", 20), ("Special school", 10), ("Early years setting", 12),
          ("All-through", 3), ("Pupil referral unit", 4)]
ROLES = [("SENCo", 40), ("Headteacher", 18), ("Deputy or assistant head", 10), ("Class teacher", 15),
         ("Teaching assistant", 10), ("Other", 4)]
DISTRICTS = ["Ashford", "Canterbury", "Dartford", "Dover", "Folkestone and Hythe", "Gravesham", "Maidstone",
             "Sevenoaks", "Swale", "Thanet", "Tonbridge and Malling", "Tunbridge Wells"]
LIKERT_A = ["Strongly agree", "Agree", "Neither agree nor disagree", "Disagree", "Strongly disagree"]
LIKERT_B = ["Strongly agree", "Tend to agree", "Neither agree nor disagree", "Somewhat disagree", "Strongly disagree"]
MULTI_OPTS = ["Training courses", "Advice line", "Outreach, visits and observations", "LIFT meetings",
              "Loan of specialist resources"]
OTHER = ["Parent workshops", "Transition support for Year 6", "Help with an EHCP application, including the paperwork",
         "Drop-in sessions", "Parent workshops"]
RANK_ITEMS = ["Pupils with EHCPs", "SEN support pupils", "Early intervention, before diagnosis",
              "Training for all staff", "Number of schools reached"]
CHOICES = ["Increase", "Remain as is", "Decrease", "Don't know"]
GOOD = [
    "The training on autism gave our staff real confidence and the advice was practical.",
    "Outreach visits helped us keep a pupil in mainstream rather than a specialist placement.",
    "LIFT meetings are where we get the best advice; without them we would struggle.",
    "Our budget could not stretch to buying this support if it were a traded service.",
    "The specialist teacher modelled strategies with a Year 2 pupil and the class teacher now uses them daily.",
    "Not much yet, we only started using the service this term.",
    "Quicker responses would help, we waited six weeks for a visit.",
]
OTHER_COMMENTS = ["No", "Thank you for the support this year, it has made a difference to our pupils.",
                  "Please keep LIFT meetings face to face.", "n/a", "Funding must keep up with demand."]


def weighted(pairs):
    return rng.choices([p for p, _ in pairs], weights=[w for _, w in pairs])[0]


def maybe_space(s, p=0.08):
    """Stray spaces, as people (and some exports) leave them."""
    if rng.random() < p:
        return rng.choice([s + " ", " " + s, s + "  "])
    return s


def likert(labels, dk, lean, p_blank=0.05, p_dk=0.07):
    x = rng.random()
    if x < p_blank:
        return None
    if x < p_blank + p_dk:
        return dk
    # lean: 0 = mostly agree, higher = more disagreement
    k = min(4, max(0, int(rng.gauss(0.9 + lean, 1.0) + 0.5)))
    return maybe_space(labels[k], 0.05)


def number_cell(n, p_text):
    """A number as Forms stores it: usually a number, sometimes text."""
    if rng.random() < p_text:
        return rng.choice(["{}", " {}", "{} ", "{}"]).format(n)
    return n


header = ["ID", "Start time", "Completion time", "Email", "Name", "Last modified time", PHASE, ROLE, DISTRICT,
          RATING, NPS, LA1, SHARED, LA3, SHARED, LB2, MULTI, RANK, CHOICE, T1, T2]
N = 460
rows = []
start = datetime(2024, 5, 7, 8, 30, 0)
for i in range(1, N + 1):
    t0 = start + timedelta(minutes=rng.randint(20, 40) * i // 3, seconds=rng.randint(0, 59))
    phase = weighted(PHASES)
    lean = {"Primary": 0.0, "Secondary": 0.8, "Special school": -0.3, "Early years setting": 0.2}.get(phase, 0.5)
    phase = None if rng.random() < 0.05 else maybe_space(phase)
    role = None if rng.random() < 0.04 else maybe_space(weighted(ROLES), 0.03)
    district = None if rng.random() < 0.06 else maybe_space(rng.choice(DISTRICTS), 0.04)
    rating = None if rng.random() < 0.06 else number_cell(min(5, max(1, int(rng.gauss(4.1 - lean, 1.0) + 0.5))), 0.35)
    nps = None if rng.random() < 0.08 else number_cell(min(10, max(0, int(rng.gauss(7.5 - 2 * lean, 2.2) + 0.5))), 0.1)
    la1 = likert(LIKERT_A, "Don't know", lean)
    la2 = likert(LIKERT_A, "Don't know", lean + 0.3)
    la3 = likert(LIKERT_A, "Don't know", lean + 0.6, p_dk=0.1)
    lb1 = likert(LIKERT_B, "Not sure", lean + 0.1)
    lb2 = likert(LIKERT_B, "Not sure", lean - 0.2, p_dk=0.12)
    if rng.random() < 0.07:
        multi = None
    else:
        picks = [o for o in MULTI_OPTS if rng.random() < [0.6, 0.45, 0.5, 0.35, 0.15][MULTI_OPTS.index(o)]]
        if rng.random() < 0.08:
            picks.append(rng.choice(OTHER))
        if not picks:
            picks = [rng.choice(MULTI_OPTS)]
        multi = maybe_space(";".join(picks) + ";", 0.05)
    x = rng.random()
    if x < 0.09:
        rank = None
    else:
        items = sorted(RANK_ITEMS, key=lambda s: RANK_ITEMS.index(s) * 0.8 + rng.random() * 3)
        if x > 0.78:  # ranked only the top few
            items = items[: rng.randint(1, 4)]
        rank = ";".join(items) + ";"
    choice = None if rng.random() < 0.06 else maybe_space(rng.choices(CHOICES, weights=[50, 30, 6, 14])[0], 0.04)
    t1 = rng.choice(GOOD) if rng.random() < 0.6 else None
    t2 = rng.choice(OTHER_COMMENTS) if rng.random() < 0.3 else None
    done = t0 + timedelta(minutes=rng.randint(3, 25), seconds=rng.randint(0, 59))
    rows.append([i, t0, done, rng.choice(["anonymous", "anonymous", None]), None, None, phase, role, district,
                 rating, nps, la1, la2, la3, lb1, lb2, multi, rank, choice, t1, t2])

os.makedirs(OUT, exist_ok=True)
wb = openpyxl.Workbook()
ws = wb.active
ws.title = "Sheet1"
ws.append(header)
for r in rows:
    ws.append(r)
for row in ws.iter_rows(min_row=2, min_col=2, max_col=3):
    for c in row:
        c.number_format = "m/d/yy h:mm:ss"
wb.properties.created = datetime(2024, 6, 1)
wb.properties.modified = datetime(2024, 6, 1)
wb.properties.creator = "Microsoft Forms"
buf = io.BytesIO()
wb.save(buf)
path = os.path.join(OUT, "forms-460.xlsx")
src = zipfile.ZipFile(io.BytesIO(buf.getvalue()))
with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
    for info in src.infolist():
        zi = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
        zi.compress_type = zipfile.ZIP_DEFLATED
        data = src.read(info.filename)
        if info.filename == "docProps/core.xml":  # openpyxl stamps the save time here
            data = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>2024-06-01T00:00:00Z", data)
        z.writestr(zi, data)

# ---- project files ---------------------------------------------------------------------
def q(column, kind, label=None, options=None):
    s = f'\n[[sources.questions]]\ncolumn = "{column.strip()}"\ntype = "{kind}"\n'
    if label:
        s += f'label = "{label}"\n'
    if options:
        s += "options = [" + ", ".join(f'"{o}"' for o in options) + "]\n"
    return s


HEAD = """# {what}
title = "STLS impact survey 2024 (Microsoft Forms export)"
taxonomy = "taxonomy.toml"

[[sources]]
name = "forms"
kind = "survey"
path = "forms-460.xlsx"
[sources.set]
stakeholder = "schools"
[sources.columns]
phase = "{phase}"
role = "{role}"
district = "{district}"
"""
minimal = HEAD.format(what="Only the keys the contract names: no labels, no options (discovered from the data).",
                      phase=PHASE, role=ROLE, district=DISTRICT)
minimal += q(RATING, "rating") + q(NPS, "rating") + q(LA1, "likert") + q(SHARED, "likert") + q(LA3, "likert")
minimal += q(SHARED, "likert") + q(LB2, "likert") + q(MULTI, "multi") + q(RANK, "ranking") + q(CHOICE, "choice")
minimal += q(T1, "text") + q(T2, "text")
with open(os.path.join(OUT, "forms-460.toml"), "w", encoding="utf-8") as f:
    f.write(minimal)

full = HEAD.format(what="Labels and options lists (likert options in the form's order, agree first).",
                   phase=PHASE, role=ROLE, district=DISTRICT)
full += q(RATING, "rating", "Overall rating") + q(NPS, "rating", "Likelihood to recommend (0-10)")
full += q(LA1, "likert", "Advice was practical", LIKERT_A + ["Don't know"])
full += q(SHARED, "likert", "Training improved staff confidence (impact)", LIKERT_A + ["Don't know"])
full += q(LA3, "likert", "Quick response")
full += q(SHARED, "likert", "Training improved staff confidence (next year)", LIKERT_B + ["Not sure"])
full += q(LB2, "likert", "Know how to request support")
full += q(MULTI, "multi", "Parts of the service used", MULTI_OPTS + ["Other"])
full += q(RANK, "ranking", "Funding priorities", RANK_ITEMS)
full += q(CHOICE, "choice", "Funding level", CHOICES)
full += q(T1, "text", "Difference made") + q(T2, "text", "Anything else")
with open(os.path.join(OUT, "forms-460-options.toml"), "w", encoding="utf-8") as f:
    f.write(full)
print(f"wrote {path} ({N} respondents, {os.path.getsize(path)} bytes), forms-460.toml, forms-460-options.toml")

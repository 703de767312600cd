#!/usr/bin/env python3
"""(Re)generate fixtures/chat/real/*: real-format workshop chats for the
fresh-eyes robustness suite (tests/cli/chat_real.rs).

Usage: python3 tools/make_real_chat_fixtures.py        (needs openpyxl)

Three workshops, written to look like what facilitators and attendees
actually type (not like the tidy tools/make_chat_fixtures.py scripts), each
rendered into the export it came from:

  schools-zoom-*.txt   Zoom layout C (UTF-8 BOM, CRLF) and the same chat as
                       layouts A, B and D (cloud); Forms register (.xlsx)
  evening-teams-classic.txt
                       Teams classic paste: dated and US stamps with U+202F,
                       the name-alone header variant, system lines, "Edited",
                       reaction lines; Teams attendance report (UTF-16LE TSV)
                       plus a Forms register joined by email
  stls-teams-new.txt   Teams new-client paste: preview/name/stamp headers,
                       Begin/End Reference replies, reactions, "Edited";
                       CSV register with "Surname, First" names

Each message is annotated BY HAND with the option and question a commissioner
would file it under (and whether it is noise); the script writes that truth
as <chat>.expected.csv: id (source:line of the message header), author,
option, stakeholder, question, status (comment|noise), phase, role, district.

Script events:
  ("F", who, text, option, question)  facilitator; option/question = what is
                                      in force afterwards (None: unchanged)
  ("C", who, text)                    attendee comment
  ("N", who, text)                    attendee noise
  ("RE", who, preview, text)          reply (a comment)
  ("RX", who, preview, emoji)         reaction (an event)
  ("DM", who, to, text)               direct message (an event)
  ("SYS", text)                       system line (Teams only)
"""

import codecs
import csv
import io
import os
from datetime import datetime, timedelta

import openpyxl

from make_chat_fixtures import normalise_zip, write  # the same byte-stable helpers

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "fixtures", "chat", "real")
NNBSP = "\u202f"

# ------------------------------------------------------------------ workshop 1: schools, Zoom
SARAH = "Sarah Jones (KCC)"
CT_HOST = "Commissioning Team (Host)"
ANNE = "Dr. Anne-Marie O'Neil (she/her)"
BOB = "Bob Smith - Oakfield Primary"
JANE = "Smith, Jane"
ROE = "[Oakwood Academy] Jane Roe"
MINH = "Minh To"
KATE = "Kate Ashton-Wood (External)"
PRIYA = "Priya Kaur Sandhu"
IPAD = "iPad (2)"

SCHOOLS = [
    ("F", SARAH, "Good morning everyone and welcome! Can everyone see the slides? We'll use the chat for comments today.", None, None),
    ("N", ANNE, "Good morning from Dover!"),
    ("N", BOB, "Morning all 👋"),
    ("N", MINH, "can everyone see the slides?"),
    ("N", KATE, "Sorry, my camera isn't working"),
    ("F", SARAH, "Option 1 – the service ends. Please put advantages in the chat", "1", "advantages"),
    ("C", JANE, "Honestly I'm struggling. I suppose the money would come to us directly"),
    ("C", BOB, "We could choose our own provider\nand commission what we actually need"),
    ("RX", MINH, "We could choose our own...", "👍"),
    ("C", ANNE, "None that I can see for children with SEND"),
    ("N", MINH, "Agreed"),
    ("C", PRIYA, "Possibly quicker access if we buy in privately, but only for schools that can pay"),
    ("F", CT_HOST, "Now onto disadvantages for option one", "1", "disadvantages"),
    ("C", ROE, "We would lose the outreach teachers who know our children"),
    ("RE", JANE, "We would lose the outrea...", "Same for us, and the training for new staff"),
    ("DM", KATE, SARAH, "Sorry I have to leave at 11 - will the slides be sent round?"),
    ("C", MINH, "Small rural schools would be hit hardest"),
    ("C", IPAD, "Who would advise on autism if the service goes?"),
    ("C", KATE, "More exclusions. Mainstream placements will break down without support"),
    ("N", BOB, "+1"),
    ("F", SARAH, "OPTION 2 (no change, HNF): what are the benefits?", "2", "benefits"),
    ("C", ANNE, "Continuity – families trust the current team"),
    ("C", PRIYA, "LIFT meetings carry on, they are our lifeline"),
    ("N", JANE, "Yes"),
    ("F", SARAH, "and the risks?", None, "risks"),
    ("C", BOB, "The High Needs deficit keeps growing\nso cuts come later anyway"),
    ("C", MINH, "Waiting times stay as long as they are now"),
    ("N", ROE, "👍"),
    ("F", SARAH, "Thanks all, great comments. Moving on…", None, None),
    ("N", KATE, "what option are we on?"),
    ("F", CT_HOST, "Let's move on to option 3, traded service. Advantages first please", "3", "advantages"),
    ("C", JANE, "Schools who buy in would get a guaranteed number of visits"),
    ("C", ROE, "It might keep the service alive"),
    ("N", MINH, "lol"),
    ("F", SARAH, "any disadvantages?", None, "disadvantages"),
    ("C", MINH, "Schools that can pay will get everything and the rest nothing"),
    ("F", SARAH, 'Minh said "Schools that can pay will get everything" – any more disadvantages of option 3?', "3", "disadvantages"),
    ("C", ANNE, "A two-tier system. Vulnerable pupils in poorer schools lose out"),
    ("C", PRIYA, "Cost. Our budget is already at breaking point"),
    ("F", SARAH, "Same again for option 4 - pros", "4", "advantages"),
    ("C", BOB, "A core offer stays in every district"),
    ("N", JANE, "brb"),
    ("F", CT_HOST, "Q2: what are the risks of option 4?", "4", "risks"),
    ("C", KATE, "Schools Forum may not agree the top-slice every year"),
    ("C", ROE, "Schools pay for a service they might never use"),
    ("N", MINH, "same"),
    ("N", ANNE, "sorry I have to leave for a meeting"),
    ("N", PRIYA, "thank you, very helpful"),
    ("F", SARAH, "Thanks everyone – we'll share the slides after the session.", None, None),
]

# Forms register: name as typed into the form, email, phase, role, district
SCHOOLS_REGISTER = [
    ("Anne-Marie O'Neil", "amoneil@stmarys.kent.sch.uk", "Primary", "SENCo", "Dover"),
    ("Bob Smith", "head@oakfield.kent.sch.uk", "Primary", "Headteacher", "Ashford"),
    ("Jane Smith", "jsmith@hillcrest.kent.sch.uk", "Secondary", "SENCo", "Maidstone"),
    ("jane roe", "j.roe@oakwood.kent.sch.uk", "Special school", "SENCo", "Swale"),
    ("Minh To", "", "Primary", "Class teacher", "Thanet"),
    ("Kate Ashton-Wood", "kaw@brook.kent.sch.uk", "Secondary", "Assistant headteacher", "Dover"),
    ("Priya Sandhu", "psandhu@elm.kent.sch.uk", "Primary", "SENCo", "Thanet"),
    ("Gary Fenn", "gfenn@marsh.kent.sch.uk", "Primary", "Headteacher", "Folkestone and Hythe"),  # no-show
]

# ------------------------------------------------------------------ workshop 2: schools evening, Teams classic
CT_KCC = "Commissioning Team (KCC)"
KERRY = "Walsh, Kerry (External)"
JOANNE = "Joanne Bloggs (Guest)"
DEV = "Dev Mistry"
LUCY = "Lucy O'Hara - Brook Primary"
TOM = "Tom Toller"

EVENING = [
    ("SYS", "Meeting started"),
    ("SYS", "Recording has started"),
    ("F", CT_KCC, "Welcome, we'll start in a minute once people have joined", None, None),
    ("N", DEV, "Hi all, Dev from Sandwich Juniors"),
    ("SYS", "Tom Toller joined the meeting"),
    ("F", CT_KCC, "Option 1 – the service ends. What advantages can you see?", "1", "advantages"),
    ("C", KERRY, "Not many. Maybe more say over how the money is spent"),
    ("C", LUCY, "Schools could pool funding across a cluster"),
    ("N", TOM, "Sorry I'm late"),
    ("F", CT_KCC, "Any disadvantages?", None, "disadvantages"),
    ("C", JOANNE, "Losing specialist teachers means losing years of expertise"),
    ("C", DEV, "Nobody to turn to for advice on complex cases"),
    ("C", TOM, "Parents will lose confidence in mainstream"),
    ("N", LUCY, "+1"),
    ("F", CT_KCC, "Compared with option 1, what are the benefits of option 2?", "2", "benefits"),
    ("C", LUCY, "Staff keep the relationships they've built with schools"),
    ("C", KERRY, "No disruption for families mid-year"),
    ("F", CT_KCC, "Any concerns?", None, "risks"),
    ("C", DEV, "It doesn't fix the overspend"),
    ("C", JOANNE, "Still a postcode lottery between districts"),
    ("F", CT_KCC, "Option 3, traded service. What are the advantages?", "3", "advantages"),
    ("C", TOM, "Schools decide what they buy"),
    ("N", KERRY, "Sorry, which option is this?"),
    ("F", CT_KCC, "Downsides?", None, "disadvantages"),
    ("C", LUCY, "Small schools priced out"),
    ("C", KERRY, "Admin of buying and invoicing for every visit"),
    ("F", CT_KCC, "pros and cons of option 4", "4", "advantages and disadvantages"),
    ("C", JOANNE, "Keeps a service but takes money from every school"),
    ("C", DEV, "Fairer than traded, everyone contributes"),
    ("N", TOM, "Thanks, have to dash"),
    ("SYS", "Tom Toller left the meeting"),
    ("F", CT_KCC, "Thank you all for coming", None, None),
    ("SYS", "Recording has stopped"),
]
# which messages have the name-alone header, an "Edited" line, reactions below
EVENING_NAME_ALONE = {"Any disadvantages?", "Schools decide what they buy", "Downsides?"}
EVENING_EDITED = {"Schools could pool funding across a cluster", "Small schools priced out"}
EVENING_REACTIONS = {"Losing specialist teachers means losing years of expertise": [("👍", "2 Like")],
                     "Still a postcode lottery between districts": [("❤️", "1 Heart")]}

# Forms register (emails); attendance names differ from the registered ones
EVENING_REGISTER = [
    ("Kerry Ann Walsh", "kwalsh@sandgate.kent.sch.uk", "Primary", "SENCo", "Folkestone and Hythe"),
    ("Jo Bloggs", "jbloggs@castle.kent.sch.uk", "Secondary", "Deputy headteacher", "Dover"),
    ("Dev Mistry", "dmistry@sandwich.kent.sch.uk", "Primary", "Headteacher", "Dover"),
    ("O'Hara, Lucy", "lohara@brook.kent.sch.uk", "Primary", "SENCo", "Ashford"),
    ("Thomas Toller", "ttoller@weald.kent.sch.uk", "Special school", "Teacher", "Tunbridge Wells"),
]
# attendance report rows: display name, email, role
EVENING_ATTENDANCE = [
    ("Commissioning Team (KCC)", "commissioning@kent.gov.uk", "Organizer"),
    ("Walsh, Kerry (External)", "kwalsh@sandgate.kent.sch.uk", "Attendee"),
    ("Joanne Bloggs (Guest)", "JBloggs@castle.kent.sch.uk", "Attendee"),
    ("Dev Mistry", "dmistry@sandwich.kent.sch.uk", "Attendee"),
    ("Lucy O'Hara - Brook Primary", "lohara@brook.kent.sch.uk", "Attendee"),
    ("Tom Toller", "ttoller@weald.kent.sch.uk", "Attendee"),
]

# ------------------------------------------------------------------ workshop 3: STLS staff, Teams new client
CT = "Commissioning Team"
RACHEL = "Rachel Green"
OMAR = "Omar Haddad"
SUE = "Sue Blake (she/her)"
LEE = "Lee Chan"

STLS = [
    ("F", CT, "OPTION 1 (service ends): advantages and benefits please", "1", "advantages"),
    ("C", RACHEL, "I genuinely can't think of one"),
    ("C", OMAR, "Money saved centrally could go to EHCP assessments"),
    ("N", SUE, "Agree with Rachel"),
    ("F", CT, "Disadvantages and risks?", None, "disadvantages"),
    ("C", SUE, "Specialist knowledge lost for good. It took years to build"),
    ("RE", LEE, "Specialist knowledge lost for good...", "And the schools lose their first port of call"),
    ("RX", RACHEL, "And the schools lose", "👍"),
    ("F", CT, "Option 2 – no change. Positives?", "2", "advantages"),
    ("C", LEE, "Stability for the team and for schools"),
    ("F", CT, "and negatives", None, "disadvantages"),
    ("C", OMAR, "Caseloads keep growing with no extra staff"),
    ("C", RACHEL, "Morale is low, people are leaving"),
    ("F", CT, "What about option 3? Advantages", "3", "advantages"),
    ("C", SUE, "Income could fund more specialist posts"),
    ("N", OMAR, "Sorry, dropped out for a sec"),
    ("F", CT, "Disadvantages of option 3?", None, "disadvantages"),
    ("C", LEE, "We become salespeople, not teachers"),
    ("C", OMAR, "Inequity – the children who need us most are in schools that won't buy"),
    ("F", CT, "Finally option 4 – advantages?", "4", "advantages"),
    ("C", RACHEL, "Secure funding for a few years"),
    ("F", CT, "disadvantages?", None, "disadvantages"),
    ("C", SUE, "Schools will resent paying and expect more"),
    ("N", LEE, "thanks everyone"),
]
STLS_EDITED = {"Stability for the team and for schools"}
STLS_REACTIONS = {"Income could fund more specialist posts": [("👍", "3 Like"), ("💯", "1 Hundred points")]}
STLS_REGISTER = [
    ("Green, Rachel", "r.green@kent.gov.uk", "Specialist teacher", "Specialist teacher", "Maidstone"),
    ("Haddad, Omar", "o.haddad@kent.gov.uk", "Outreach", "Practitioner", "Swale"),
    ("Blake, Sue", "s.blake@kent.gov.uk", "Specialist teacher", "Lead", "Maidstone"),
    ("Chan, Lee", "l.chan@kent.gov.uk", "Specialist teacher", "Specialist teacher", "Canterbury"),
]


# ------------------------------------------------------------------ rendering
def clock(start, i, step=41):
    return start + timedelta(seconds=i * step)


def state_rows(script, source, stakeholder):
    """(event, option, question) with the state in force when it was sent."""
    opt, q = "", ""
    out = []
    for e in script:
        if e[0] == "F":
            if e[3] is not None:
                opt = e[3]
            if e[4] is not None:
                q = e[4]
        out.append((e, opt, q))
    return out


def zoom_body(e, cloud=False):
    k = e[0]
    if k in ("C", "N"):
        return e[2]
    if k == "F":
        return e[2]
    if k == "RE":
        sep = "\n\n" if cloud else " "
        return f'Replying to "{e[2]}"{sep}{e[3]}'
    if k == "RX":
        return f'Reacted to "{e[2]}" with {e[3]}'
    if k == "DM":
        return e[3]
    raise ValueError(k)


def render_zoom(script, layout, start):
    """Returns (text, [(line of header, event)])."""
    lines, at = [], []
    for i, e in enumerate(script):
        if e[0] == "SYS":
            continue
        if layout == "D" and e[0] == "DM":
            continue  # cloud recordings keep no direct messages
        t = clock(start, i).strftime("%H:%M:%S")
        who = e[1]
        body = zoom_body(e, cloud=(layout == "D")).split("\n")
        at.append((len(lines) + 1, e))
        if layout == "C":
            to = f"{e[2]}(Direct Message)" if e[0] == "DM" else "Everyone"
            lines.append(f"{t} From  {who}  to  {to}:")
            lines += ["\t" + b for b in body]
        elif layout == "B":
            to = f"{e[2]}(Direct Message)" if e[0] == "DM" else "Everyone"
            lines.append(f"{t}\t From  {who}  to  {to} : {body[0]}")
            lines += body[1:]
        elif layout == "A":
            hdr = f"{t}\t From  {who}  to  {e[2]}(Privately) : " if e[0] == "DM" else f"{t}\t From  {who} : "
            lines.append(hdr + body[0])
            lines += body[1:]
        else:
            lines.append(f"{t}\t{who}:\t{body[0]}")
            lines += body[1:]
    return lines, at


def render_teams_classic(script, start):
    lines, at = [], []
    for i, e in enumerate(script):
        t = clock(start, i, 53)
        # the paste mixes dated UK stamps with today's US stamps (U+202F before PM)
        stamp = t.strftime("%d/%m/%Y %H:%M") if i % 3 else t.strftime("%-I:%M") + NNBSP + t.strftime("%p")
        if e[0] == "SYS":
            at.append((len(lines) + 1, e))
            lines.append(f"[{stamp}] {e[1]}")
            continue
        text = e[2]
        at.append((len(lines) + 1, e))
        if text in EVENING_NAME_ALONE:
            lines.append(f"[{stamp}] {e[1]}")
            lines += text.split("\n")
        else:
            first, *rest = text.split("\n")
            lines.append(f"[{stamp}] {e[1]}: {first}")
            lines += rest
        if text in EVENING_EDITED:
            lines.append("Edited")
        for emoji, label in EVENING_REACTIONS.get(text, []):
            lines += [emoji, f"{label} reactions."]
    return lines, at


def render_teams_new(script, start):
    lines, at = [], []
    prev_text = {}
    for i, e in enumerate(script):
        t = clock(start, i, 47)
        stamp = t.strftime("%d/%m/%Y ") + t.strftime("%-I:%M %p").lower()
        if e[0] == "RX":
            continue  # a reaction shows under the message it reacts to
        text = e[3] if e[0] == "RE" else e[2]
        preview = text.split("\n")[0]
        preview = preview if len(preview) <= 40 else preview[:37] + "..."
        lines.append(f"{preview} by {e[1]}")
        at.append((len(lines) + 1, e))
        lines.append(e[1])
        lines.append(stamp + (" Edited" if text in STLS_EDITED else ""))
        if e[0] == "RE":
            quoted = next(k for k, v in prev_text.items() if v.startswith(e[2][:20]))
            lines += [f"Begin Reference, {e[2]} by {quoted}", quoted, "26/03/2024 11:0" + str(i % 10) + " am",
                      prev_text[quoted], "End Reference"]
        lines += text.split("\n")
        for emoji, label in STLS_REACTIONS.get(text, []):
            lines += [emoji, f"{label} reactions."]
        # the RX on a reply: the script's next event
        if i + 1 < len(script) and script[i + 1][0] == "RX":
            lines += [script[i + 1][3], "1 Like reactions."]
        lines.append("")
        prev_text[e[1]] = text
    return lines, at


def expected(at, script, source, stakeholder, roster):
    """Rows of <chat>.expected.csv for the comments and noise in `at`."""
    states = {id(e): (o, q) for e, o, q in state_rows(script, source, stakeholder)}
    rows = []
    for line, e in at:
        if e[0] not in ("C", "N", "RE"):
            continue
        o, q = states[id(e)]
        dims = roster.get(e[1], ("", "", ""))
        rows.append([f"{source}:{line}", e[1], o, stakeholder, q, "noise" if e[0] == "N" else "comment", *dims])
    return rows


def write_expected(path, rows):
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["id", "author", "option", "stakeholder", "question", "status", "phase", "role", "district"])
    w.writerows(rows)
    write(path, buf.getvalue())


def forms_register(path, rows, start):
    """A Microsoft Forms registration export (Open in Excel), with Last modified time."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Sheet1"
    ws.append([
        "ID", "Start time", "Completion time", "Email", "Name", "Last modified time",
        "Which type of setting do you work in?", "What is your role?",
        "Which district is your school or setting in?", "Is there anything you would like us to cover?",
    ])
    for i, (name, email, phase, role, district) in enumerate(rows):
        t0 = start + timedelta(hours=i * 3, minutes=i * 11)
        ws.append([i + 1, t0, t0 + timedelta(minutes=1, seconds=40 + i), email or "anonymous", name, None,
                   phase, role, district, "" if i % 2 else "How will transport be affected?"])
        for c in (2, 3):
            ws.cell(row=i + 2, column=c).number_format = "m/d/yy h:mm:ss"
    wb.properties.created = datetime(2024, 3, 1)
    wb.properties.modified = datetime(2024, 3, 1)
    wb.save(path)
    normalise_zip(path)


def csv_register(path, rows):
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(["Full name", "Work email", "Team", "Job role", "District"])
    w.writerows(rows)
    write(path, "\ufeff" + buf.getvalue())


def attendance_report(path, rows, title, start):
    fmt = lambda t: t.strftime("%-m/%-d/%y, %-I:%M:%S") + NNBSP + t.strftime("%p")
    end = start + timedelta(minutes=75, seconds=12)
    out = [
        "1. Summary",
        f"Meeting title\t{title}",
        f"Attended participants\t{len(rows)}",
        f"Start time\t{fmt(start)}",
        f"End time\t{fmt(end)}",
        "Meeting duration\t1h 15m 12s",
        "Average attendance time\t58m 3s",
        "",
        "2. Participants",
        "Name\tFirst join\tLast leave\tIn-meeting duration\tEmail\tParticipant ID (UPN)\tRole",
    ]
    for i, (name, email, role) in enumerate(rows):
        j = start + timedelta(minutes=i, seconds=7)
        out.append(f"{name}\t{fmt(j)}\t{fmt(end)}\t1h {14 - i}m {5 + i}s\t{email}\t{email}\t{role}")
    out += ["", "3. In-Meeting Activities", "Name\tJoin time\tLeave time\tDuration\tEmail\tRole"]
    for i, (name, email, role) in enumerate(rows):
        j = start + timedelta(minutes=i, seconds=7)
        out.append(f"{name}\t{fmt(j)}\t{fmt(end)}\t1h 2m\t{email}\t{role}")
    data = "\r\n".join(out) + "\r\n"
    with open(path, "wb") as f:
        f.write(codecs.BOM_UTF16_LE + data.encode("utf-16-le"))


def main():
    os.makedirs(OUT, exist_ok=True)
    # workshop 1
    reg = {n: d for n, d in [
        (ANNE, SCHOOLS_REGISTER[0][2:]), (BOB, SCHOOLS_REGISTER[1][2:]), (JANE, SCHOOLS_REGISTER[2][2:]),
        (ROE, SCHOOLS_REGISTER[3][2:]), (MINH, SCHOOLS_REGISTER[4][2:]), (KATE, SCHOOLS_REGISTER[5][2:]),
        (PRIYA, SCHOOLS_REGISTER[6][2:]),
    ]}
    start = datetime(2024, 3, 26, 9, 58, 12)
    for layout in "CBAD":
        lines, at = render_zoom(SCHOOLS, layout, start if layout != "D" else datetime(2024, 3, 26, 0, 0, 3))
        name = f"schools-zoom-{layout.lower()}.txt"
        if layout == "C":
            write(os.path.join(OUT, name), "\ufeff" + "\r\n".join(lines) + "\r\n")
        elif layout == "D":
            write(os.path.join(OUT, name), "\n".join(lines) + "\n")
        else:
            write(os.path.join(OUT, name), "\r\n".join(lines) + "\r\n")
        write_expected(os.path.join(OUT, name.replace(".txt", ".expected.csv")),
                       expected(at, SCHOOLS, "schools", "schools", reg))
    forms_register(os.path.join(OUT, "schools-register.xlsx"), SCHOOLS_REGISTER, datetime(2024, 3, 4, 8, 15, 2))

    # workshop 2
    reg = {KERRY: EVENING_REGISTER[0][2:], JOANNE: EVENING_REGISTER[1][2:], DEV: EVENING_REGISTER[2][2:],
           LUCY: EVENING_REGISTER[3][2:], TOM: EVENING_REGISTER[4][2:]}
    lines, at = render_teams_classic(EVENING, datetime(2026, 9, 22, 16, 0, 0))
    write(os.path.join(OUT, "evening-teams-classic.txt"), "\r\n".join(lines) + "\r\n")
    write_expected(os.path.join(OUT, "evening-teams-classic.expected.csv"),
                   expected(at, EVENING, "evening", "schools", reg))
    forms_register(os.path.join(OUT, "evening-register.xlsx"), EVENING_REGISTER, datetime(2026, 9, 1, 12, 0, 0))
    attendance_report(os.path.join(OUT, "evening-attendance.csv"), EVENING_ATTENDANCE,
                      "STLS options – schools evening session", datetime(2026, 9, 22, 15, 58, 40))

    # workshop 3
    reg = {RACHEL: STLS_REGISTER[0][2:], OMAR: STLS_REGISTER[1][2:], SUE: STLS_REGISTER[2][2:],
           LEE: STLS_REGISTER[3][2:]}
    lines, at = render_teams_new(STLS, datetime(2024, 3, 27, 11, 0, 0))
    write(os.path.join(OUT, "stls-teams-new.txt"), "\r\n".join(lines) + "\r\n")
    write_expected(os.path.join(OUT, "stls-teams-new.expected.csv"), expected(at, STLS, "stls", "stls", reg))
    csv_register(os.path.join(OUT, "stls-register.csv"), STLS_REGISTER)


if __name__ == "__main__":
    main()

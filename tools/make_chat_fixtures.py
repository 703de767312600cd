#!/usr/bin/env python3
"""(Re)generate fixtures/chat/* and fixtures/demo/schools-chat.txt + schools-register.xlsx.

Usage: python3 tools/make_chat_fixtures.py        (needs openpyxl)

Each workshop is a *script* of events rendered into a real export layout, so
the same conversation can be written as Zoom A/B/C/D and Teams classic/new.
The script also yields the expected per-block comment counts, printed at the
end (tests/cli/chat.rs asserts them).
Event kinds:
  ("F", text)                 facilitator message (a prompt or chatter)
  ("C", name, text)           attendee comment (counts in its block)
  ("N", name, text)           attendee noise (kept, status noise, no base)
  ("RE", name, preview, text) reply: a comment whose text follows `Replying to`
  ("RX", name, preview, emo)  reaction (an event, never a comment)
  ("DM", name, text)          direct message to the facilitator (an event)
"""

import codecs
import collections
import io
import os
import re
import zipfile
from datetime import datetime, timedelta

import openpyxl

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "fixtures", "chat")
DEMO = os.path.join(ROOT, "fixtures", "demo")
FAC = "Commissioning Team"

# ---------------------------------------------------------------- workshop 1: schools (Zoom C)
SCHOOLS = [
    ("N", "Priya Shah (she/her)", "Good morning all 👋"),
    ("N", "Tom O'Neill - Hillview Primary", "morning!"),
    ("F", "Welcome everyone. We'll take each option in turn. Please put your thoughts in the chat."),
    ("N", "Minh To", "can you hear me? my mic isn't working"),
    ("F", "Option 1 – the service ends. What advantages can you see?"),
    ("C", "Priya Shah (she/her)", "Honestly very few. Maybe the money could go straight to schools\nbut it would be spread very thin."),
    ("C", "Ann Lee", "Schools would have more control over how the budget is spent."),
    ("RX", "Minh To", "Schools would have more...", "👍"),
    ("N", "Minh To", "+1"),
    ("C", "Dr. Sam Patel", "Freedom to buy in the support we actually need"),
    ("F", "And the disadvantages?"),
    ("C", "Tom O'Neill - Hillview Primary", "We would lose the specialist teachers and their advice – that is the big one."),
    ("RE", "Ann Lee", "We would lose the specia...", "Agree, and LIFT meetings would go too which we rely on"),
    ("C", "Minh To", "Small schools can't afford to buy specialist support on their own"),
    ("DM", "Jo Brown 🌻", "Sorry, I have to leave at 11 – can you send the slides?"),
    ("C", "Jo Brown 🌻", "Waiting lists for outreach would get even longer:\nparents already wait months."),
    ("C", "Oakfield School: SENCO", "Loss of training for new SENCOs"),
    ("N", "Priya Shah (she/her)", "sorry dropped out for a sec"),
    ("F", "Thanks all, really helpful."),
    ("F", "Moving on to Option 2 – no change. Advantages of keeping things as they are?"),
    ("C", "Ann Lee", "Continuity for children and families, we know the team"),
    ("C", "Minh To", "Keeps LIFT, which is the most useful forum we have"),
    ("C", "Priya Shah (she/her)", "Specialist teachers know our pupils"),
    ("F", "Now the disadvantages please"),
    ("C", "Dr. Sam Patel", "The High Needs budget is still overspent, so nothing is solved"),
    ("C", "Tom O'Neill - Hillview Primary", "Inconsistent offer between districts"),
    ("N", "Jo Brown 🌻", "agree"),
    ("F", "Option 3 – a traded service. First the advantages"),
    ("C", "Ann Lee", "Schools could choose the support they pay for"),
    ("C", "Oakfield School: SENCO", "Might be more responsive to what schools ask for"),
    ("F", "And disadvantages?"),
    ("C", "Priya Shah (she/her)", "Schools with the least money lose out – not fair on children"),
    ("C", "Minh To", "Cost! We can't afford it"),
    ("C", "Jo Brown 🌻", "A two-tier system"),
    ("RX", "Ann Lee", "A two-tier system", "❤️"),
    ("F", "Finally option 4 – funded by schools' budgets. Advantages?"),
    ("C", "Dr. Sam Patel", "Keeps a core service in place"),
    ("F", "Disadvantages of option 4?"),
    ("C", "Tom O'Neill - Hillview Primary", "Every school loses money from its budget for a service it may not use"),
    ("C", "Ann Lee", "Schools Forum would need to agree it every year"),
    ("N", "Priya Shah (she/her)", "thanks everyone"),
    ("F", "Thank you all for your time today – the slides will be emailed."),
]
SCHOOLS_REGISTER = [
    # name (as registered), email, phase, role, district
    ("Priya Shah", "p.shah@oakwood.kent.sch.uk", "Primary", "SENCo", "Maidstone"),
    ("O'Neill, Tom", "tom.oneill@hillview.kent.sch.uk", "Primary", "Headteacher", "Ashford"),
    ("Minh To", "minh.to@riverside.kent.sch.uk", "Secondary", "SENCo", "Maidstone"),
    ("Ann Lee", "ann.lee@stmarys.kent.sch.uk", "Primary", "SENCo", "Dover"),
    ("Sam Patel", "s.patel@highfield.kent.sch.uk", "Secondary", "Deputy headteacher", "Ashford"),
    ("Jo Brown", "jo.brown@willow.kent.sch.uk", "Special school", "SENCo", "Swale"),
]

# ---------------------------------------------------------------- workshop 2: STLS staff (Zoom B)
STLS = [
    ("F", "Hello all – option 1 first please: advantages of the service ending"),
    ("C", "Rachel Green", "Honestly none for children"),
    ("C", "Dev Kumar (he/him)", "Savings to the High Needs block in the short term"),
    ("N", "Helen Carter", "hi all, sorry I'm late"),
    ("F", "Disadvantages of option 1?"),
    ("C", "Helen Carter", "Children with SEND lose early support and end up needing EHCPs"),
    ("C", "Rachel Green", "Loss of specialist knowledge built over many years"),
    ("RE", "Dev Kumar (he/him)", "Loss of specialist kno...", "And our training offer to schools goes with it"),
    ("DM", "Rachel Green", "Can I have a quick word after?"),
    ("F", "Option 2 advantages?"),
    ("C", "Helen Carter", "Stability for staff and schools"),
    ("F", "and the disadvantages"),
    ("C", "Dev Kumar (he/him)", "Does not address the funding gap"),
    ("C", "Sue Ward - Outreach", "Schools still wait too long for outreach visits"),
    ("RX", "Helen Carter", "Schools still wait too...", "👍"),
]
STLS_REGISTER = [
    ("Rachel Green", "", "Specialist teacher", "Lead", "Maidstone"),
    ("Dev Kumar", "", "Specialist teacher", "Specialist teacher", "Swale"),
    ("Helen Carter", "", "Specialist teacher", "Specialist teacher", "Maidstone"),
    ("Sue Ward", "", "Outreach", "Practitioner", "Dover"),
]

# ---------------------------------------------------------------- workshop 3: parents (Teams classic)
PARENTS = [
    ("F", "Thanks for joining. Option 1 - the service ends. What are the risks for your child?"),
    ("C", "Karen Smith", "My son would lose the teacher who visits his school.\nShe is the only one who understands his needs."),
    ("C", "Liam Jones (Guest)", "Schools won't know what to do without the advice"),
    ("N", "Zara Ahmed", "Thank you"),
    ("F", "Now the benefits, if any"),
    ("C", "Zara Ahmed", "I can't see any benefit at all"),
    ("F", "Option 2: benefits?"),
    ("C", "Karen Smith", "It works for us now: keep it"),
    ("C", "Liam Jones (Guest)", "Familiar people for our children"),
    ("F", "Option 2 risks?"),
    ("C", "Zara Ahmed", "Long waits continue"),
]
PARENTS_ATTENDANCE = [
    # name as Teams shows it, email, role
    ("Commissioning Team", "commissioning@kent.gov.uk", "Organizer"),
    ("Karen Smith (External)", "karen.smith@example.org", "Attendee"),
    ("Liam Jones (Unverified)", "", "Attendee"),
    ("Zara Ahmed (External)", "zara.a@example.com", "Attendee"),
    ("Paul Reid (External)", "paul.reid@example.net", "Attendee"),
]
PARENTS_REGISTER = [
    ("Karen Smith", "karen.smith@example.org", "Primary", "Parent", "Thanet"),
    ("Jones, Liam", "", "Secondary", "Parent", "Thanet"),
    ("Zara Ahmed", "zara.a@example.com", "Primary", "Carer", "Dover"),
    ("Paul Reid", "paul.reid@example.net", "Early years", "Parent", "Swale"),
    ("Nina Ross", "nina.ross@example.net", "Primary", "Parent", "Dover"),
]


def clock(start, i, step=37):
    return (start + timedelta(seconds=i * step)).strftime("%H:%M:%S")


def author(e):
    return FAC if e[0] == "F" else e[1]


def body(e):
    """The message text as the attendee typed it (no reply prefix)."""
    k = e[0]
    if k == "F":
        return e[1]
    if k in ("C", "N", "DM"):
        return e[2]
    if k == "RE":
        return e[3]
    return e[3]


def zoom_text(e, cloud=False):
    k = e[0]
    if k == "RX":
        return f'Reacted to "{e[2]}" with {e[3]}'
    if k == "RE":
        sep = "\n\n" if cloud else " "
        return f'Replying to "{e[2]}"{sep}{e[3]}'
    return body(e)


def render_zoom_c(script, start):
    out = []
    for i, e in enumerate(script):
        to = f"{FAC}(Direct Message)" if e[0] == "DM" else "Everyone"
        out.append(f"{clock(start, i)} From  {author(e)}  to  {to}:")
        for line in zoom_text(e).split("\n"):
            out.append("\t" + line)
    return "\n".join(out) + "\n"


def render_zoom_b(script, start):
    out = []
    for i, e in enumerate(script):
        to = f"{FAC}(Direct Message)" if e[0] == "DM" else "Everyone"
        text = zoom_text(e).split("\n")
        out.append(f"{clock(start, i)}\t From  {author(e)}  to  {to} : {text[0]}")
        out.extend(text[1:])
    return "\r\n".join(out) + "\r\n"


def render_zoom_a(script, start):
    out = []
    for i, e in enumerate(script):
        who = f"{author(e)}  to  {FAC}(Privately)" if e[0] == "DM" else author(e)
        text = zoom_text(e).split("\n")
        out.append(f"{clock(start, i)}\t From  {who} : {text[0]}")
        out.extend(text[1:])
    return "\r\n".join(out) + "\r\n"


def render_zoom_d(script, start):
    out = []
    for i, e in enumerate(script):
        if e[0] == "DM":
            continue  # cloud chat has no DMs
        text = zoom_text(e, cloud=True).split("\n")
        out.append(f"{clock(datetime(2024, 1, 1, 0, 0, 0), i, 41)}\t{author(e)}:\t{text[0]}")
        out.extend(text[1:])
    return "\n".join(out) + "\n"


def ampm(t):
    return t.strftime("%I:%M %p").lstrip("0")


def render_teams_classic(script, start, dated):
    out = []
    for i, e in enumerate(script):
        if e[0] in ("DM", "RX"):
            continue  # no DMs in a meeting chat; reactions do not paste
        t = start + timedelta(seconds=i * 37)
        stamp = t.strftime("%d/%m/%Y %H:%M") if dated else ampm(t)
        text = body(e).split("\n")
        out.append(f"[{stamp}] {author(e)}: {text[0]}")
        out.extend(text[1:])
    return "\r\n".join(out) + "\r\n"


def render_teams_new(script, start):
    out = []
    for i, e in enumerate(script):
        if e[0] == "DM":
            continue
        if e[0] == "RX":
            out.insert(len(out) - 1, e[3])  # emoji line before the blank separator
            out.insert(len(out) - 1, "1 Like reactions.")
            continue
        t = start + timedelta(seconds=i * 37)
        text = body(e)
        first = text.split("\n")[0]
        preview = first if len(first) <= 40 else first[:40] + "…"
        out.append(f"{preview} by {author(e)}")
        out.append(author(e))
        out.append(t.strftime("%d/%m/%Y ") + t.strftime("%I:%M %p").lstrip("0").lower())
        if e[0] == "RE":
            out.append(f"Begin Reference, {e[2]} by somebody")
        out.extend(text.split("\n"))
        out.append("")
    return "\n".join(out) + "\n"


def expected(script, dms=True, reactions=True):
    """Per-block counts: option -> question -> comments; plus event counts."""
    opt, q = "", ""
    blocks = collections.OrderedDict()
    events = collections.Counter()
    noise = 0
    for e in script:
        k = e[0]
        if k == "F":
            events["prompt"] += 1
            m = re.search(r"(?i)\boption\s*(\d)", e[1])
            if m:
                opt = m.group(1)
            qm = re.findall(r"(?i)\b(disadvantages?|advantages?|benefits?|risks?)\b", e[1])
            if qm:
                w = qm[0].lower()
                q = w if w.endswith("s") else w + "s"
        elif k in ("C", "RE"):
            blocks[(opt, q)] = blocks.get((opt, q), 0) + 1
        elif k == "N":
            noise += 1
        elif k == "RX" and reactions:
            events["reaction"] += 1
        elif k == "DM" and dms:
            events["direct_message"] += 1
    return blocks, events, noise


def write(path, text, encoding="utf-8"):
    with open(path, "w", encoding=encoding, newline="") as f:
        f.write(text)


def forms_register(path, rows, start):
    """A Microsoft Forms registration export (Open in Excel)."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Sheet1"
    ws.append([
        "ID", "Start time", "Completion time", "Email", "Name",
        "Which type of setting do you work in?", "What is your role?",
        "Which district is your school or setting in?",
    ])
    for i, (name, email, phase, role, district) in enumerate(rows):
        t0 = start + timedelta(hours=i * 5, minutes=i * 7)
        ws.append([i + 1, t0, t0 + timedelta(minutes=2, seconds=13 + i), email or "anonymous", name, phase, role, district])
        ws.cell(row=i + 2, column=2).number_format = "m/d/yy h:mm:ss"
        ws.cell(row=i + 2, column=3).number_format = "m/d/yy h:mm:ss"
    ws.column_dimensions["E"].width = 24
    wb.properties.created = datetime(2024, 3, 1)
    wb.properties.modified = datetime(2024, 3, 1)
    wb.save(path)
    normalise_zip(path)


def normalise_zip(path):
    """Fixed entry timestamps so the file is byte-stable."""
    with zipfile.ZipFile(path) as z:
        entries = [(i, z.read(i.filename)) for i in z.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for info, data in entries:
            ni = zipfile.ZipInfo(info.filename, (1980, 1, 1, 0, 0, 0))
            ni.compress_type = zipfile.ZIP_DEFLATED
            if info.filename == "docProps/core.xml":
                data = re.sub(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*", rb"\g<1>2024-03-01T00:00:00Z", data)
            z.writestr(ni, data)


def csv_register(path, rows):
    lines = ["Name,Email,Setting type,Role,District"]
    for name, email, phase, role, district in rows:
        n = f'"{name}"' if "," in name else name
        lines.append(f"{n},{email},{phase},{role},{district}")
    write(path, "\r\n".join(lines) + "\r\n")


def attendance_report(path, rows, title, start):
    u = "\u202f"
    fmt = lambda t: t.strftime("%-m/%-d/%y, %-I:%M:%S") + u + t.strftime("%p")
    end = start + timedelta(minutes=90, seconds=51)
    out = [
        "1. Summary",
        f"Meeting title\t{title}",
        f"Attended participants\t{len(rows)}",
        f"Start time\t{fmt(start)}",
        f"End time\t{fmt(end)}",
        "Meeting duration\t1h 30m 51s",
        "Average attendance time\t1h 12m 4s",
        "",
        "2. Participants",
        "Name\tFirst Join\tLast Leave\tIn-Meeting Duration\tEmail\tParticipant ID (UPN)\tRole",
    ]
    for i, (name, email, role) in enumerate(rows):
        j = start + timedelta(minutes=i, seconds=11)
        out.append(f"{name}\t{fmt(j)}\t{fmt(end)}\t1h {29 - i}m {40 + i}s\t{email}\t{email}\t{role}")
    out += ["", "3. In-Meeting Activities", "Name\tJoin Time\tLeave Time\tDuration\tEmail\tRole"]
    for i, (name, email, role) in enumerate(rows):
        j = start + timedelta(minutes=i, seconds=11)
        out.append(f"{name}\t{fmt(j)}\t{fmt(j + timedelta(minutes=20))}\t20m\t{email}\t{role}")
        if i == 1:  # a rejoin: one row per join in section 3
            k = j + timedelta(minutes=25)
            out.append(f"{name}\t{fmt(k)}\t{fmt(end)}\t45m\t{email}\t{role}")
    data = "\r\n".join(out) + "\r\n"
    with open(path, "wb") as f:
        f.write(codecs.BOM_UTF16_LE + data.encode("utf-16-le"))


def legacy_attendance(path):
    rows = [
        ("Full Name", "User Action", "Timestamp"),
        ("Commissioning Team", "Joined", "22/09/2026, 14:00:01"),
        ("Karen Smith", "Joined before", "22/09/2026, 14:00:05"),
        ("Liam Jones", "Joined", "22/09/2026, 14:02:17"),
        ("Liam Jones", "Left", "22/09/2026, 14:20:00"),
        ("Liam Jones", "Joined", "22/09/2026, 14:21:30"),
        ("Zara Ahmed", "Joined", "22/09/2026, 14:03:44"),
    ]
    data = "\r\n".join("\t".join(r) for r in rows) + "\r\n"
    with open(path, "wb") as f:
        f.write(codecs.BOM_UTF16_LE + data.encode("utf-16-le"))


# ---------------------------------------------------------------- demo: a full schools workshop
def demo_script():
    people = [
        "Priya Shah (she/her)", "Tom O'Neill - Hillview Primary", "Minh To", "Ann Lee", "Dr. Sam Patel",
        "Jo Brown 🌻", "Claire Hughes", "Mark Evans - Brook Academy", "Fatima Begum", "Gareth Price",
        "Helen Moss (SENCo)", "Owen Clarke",
    ]
    P = lambda i: people[i % len(people)]
    s = [
        ("N", P(0), "Good morning all"), ("N", P(3), "Morning everyone 👋"), ("N", P(7), "hi all"),
        ("F", "Welcome to the STLS options workshop for schools. We'll go through the four options; for each we'd like the advantages (including any benefits) and then the disadvantages (including any risks). Please type in the chat."),
        ("N", P(9), "Can you hear me? I can't get my mic to work"),
        ("N", P(10), "Hello from Folkestone"),
        ("RX", P(6), "Good morning all", "👋"),
        ("F", "Option 1 – the Specialist Teaching and Learning Service ends and the funding goes to schools. What advantages can you see, including any benefits?"),
        ("C", P(1), "Schools would have more control over how the money is spent"),
        ("C", P(4), "We could buy in the specific support our pupils need\nrather than waiting for a referral"),
        ("RX", P(2), "Schools would have more...", "👍"),
        ("C", P(6), "Honestly I can't think of any advantages for children"),
        ("N", P(5), "+1"),
        ("C", P(8), "Possibly quicker access if we commission our own EP or specialist teacher"),
        ("RE", P(10), "Honestly I can't think...", "Agree – none for the children, maybe some flexibility for large schools"),
        ("C", P(11), "More flexibility for academies in a trust who can pool budgets"),
        ("N", P(3), "sorry dropped out, back now"),
        ("F", "Thank you. And the disadvantages of option 1 – including any risks?"),
        ("C", P(0), "We would lose the specialist teachers' expertise. You cannot buy that on the open market."),
        ("C", P(2), "Small schools can't afford to buy specialist support on their own budget"),
        ("C", P(3), "LIFT meetings would end – they are the best place to get advice and early help"),
        ("RE", P(5), "LIFT meetings would end...", "Yes, LIFT is vital for us, especially for new SENCOs"),
        ("C", P(7), "More requests for EHC needs assessments because early support is gone"),
        ("C", P(9), "Training for staff would disappear – the STLS training is excellent"),
        ("DM", P(6), "Can I send you our school's figures separately?"),
        ("C", P(11), "Inequality between schools: those with money buy support, others go without"),
        ("C", P(10), "Risk of losing the relationships we've built with the team over years"),
        ("C", P(1), "Children with SEND would wait longer for any help at all"),
        ("N", P(8), "agreed"),
        ("C", P(4), "Pressure on SENCOs would increase massively"),
        ("C", P(6), "Parents would lose a trusted source of advice and would go straight to tribunal"),
        ("C", P(9), "Our specialist teacher is the only person who sees the whole picture for a child"),
        ("N", P(1), "Totally agree"),
        ("C", P(2), "Risk that children are excluded because schools can't get support quickly enough"),
        ("F", "Great, thanks all. Moving on to option 2 – no change to the current service. Advantages?"),
        ("C", P(0), "Continuity for children, families and schools"),
        ("C", P(11), "Schools keep access to free specialist assessment"),
        ("C", P(1), "Proven impact – our outcomes data shows it works"),
        ("C", P(6), "We know the team and the referral process works"),
        ("C", P(3), "Keeps LIFT and the outreach visits"),
        ("RX", P(4), "Keeps LIFT and the outr...", "❤️"),
        ("C", P(10), "Specialist advice stays available for all schools, not just those who can pay"),
        ("C", P(2), "Staff training continues"),
        ("N", P(11), "same"),
        ("C", P(8), "It is a known quantity – no disruption during a difficult time"),
        ("C", P(5), "Outreach from special schools stays joined up with the STLS"),
        ("RE", P(7), "Continuity for children...", "Yes – continuity matters most to our families"),
        ("C", P(9), "Specialist teachers already know our pupils and staff"),
        ("F", "Now the disadvantages of option 2, including risks please"),
        ("C", P(1), "It doesn't fix the High Needs overspend so the problem just comes back"),
        ("C", P(5), "Waiting times for outreach are already too long"),
        ("C", P(7), "The offer varies a lot between districts"),
        ("RE", P(9), "The offer varies a lot...", "Yes – inconsistent across Kent, our district gets much less"),
        ("C", P(4), "Risk that the service is cut anyway later with less notice"),
        ("C", P(11), "Not enough capacity to meet rising demand"),
        ("N", P(0), "thanks"),
        ("C", P(6), "Some schools don't know what the service offers – communication is poor"),
        ("N", P(2), "what option are we on?"),
        ("F", "We're on option 2 disadvantages. Then we'll go to option 3."),
        ("C", P(10), "It's hard to get hold of a named person"),
        ("C", P(3), "Referral criteria are confusing and change without notice"),
        ("N", P(6), "+1"),
        ("F", "Option 3 – a traded service that schools buy into. Advantages and benefits?"),
        ("C", P(3), "Schools choose exactly what they want to buy"),
        ("C", P(8), "Could be more responsive to what schools ask for"),
        ("C", P(1), "The service might become more accountable to schools"),
        ("RX", P(0), "Schools choose exactly...", "👍"),
        ("C", P(5), "Keeps the expertise in Kent rather than losing it"),
        ("N", P(7), "ok"),
        ("C", P(11), "Larger schools could buy a bigger package"),
        ("C", P(9), "Income could be reinvested in the service"),
        ("N", P(2), "good point"),
        ("F", "And disadvantages of option 3? Include any risks you see."),
        ("C", P(2), "Cost – small schools can't afford it"),
        ("C", P(0), "Schools that don't buy in will have no specialist advice at all"),
        ("RX", P(5), "Schools that don't buy...", "👍"),
        ("C", P(4), "A two-tier system: the children in poorer schools lose out"),
        ("C", P(6), "Schools will only buy in when there is a crisis, so early intervention is lost"),
        ("C", P(9), "Admin of traded contracts takes SENCO time"),
        ("RE", P(0), "A two-tier system: the...", "Exactly this – it's not fair on children"),
        ("C", P(10), "Risk the service isn't viable if not enough schools buy in"),
        ("C", P(3), "Relationships become transactional"),
        ("DM", P(8), "Sorry, I need to leave early – will the slides be shared?"),
        ("C", P(7), "Unpredictable budgets make it hard to commit year to year"),
        ("N", P(1), "+1"),
        ("C", P(11), "Staff in the service would face job insecurity and we'd lose good people"),
        ("C", P(5), "Special schools would have to sell outreach too, so it becomes a market"),
        ("C", P(8), "Families may be asked to pay indirectly through reduced school budgets"),
        ("F", "Thanks – really useful. Last one: option 4 – the service is funded from schools' budgets through Schools Forum (de-delegation). Advantages?"),
        ("C", P(5), "Keeps a universal core service for every school"),
        ("C", P(3), "Better than losing the service altogether"),
        ("DM", P(9), "Could you clarify whether academies are included in option 4?"),
        ("C", P(6), "Shared responsibility across all schools"),
        ("C", P(0), "Fairer than a traded model because everyone contributes"),
        ("C", P(8), "Stable funding so the service can plan"),
        ("C", P(2), "LIFT continues"),
        ("N", P(6), "good point"),
        ("C", P(9), "Schools have a say through Schools Forum"),
        ("C", P(7), "Predictable cost that schools can plan for"),
        ("C", P(11), "Keeps LIFT and outreach for every district"),
        ("RX", P(3), "Fairer than a traded mo...", "👏"),
        ("F", "And the disadvantages of option 4, including risks?"),
        ("C", P(1), "Every school loses money from its budget for a service it may not use"),
        ("C", P(4), "Academies can't be made to contribute so it may not be fair"),
        ("C", P(7), "Schools Forum might not agree to it each year – uncertainty"),
        ("C", P(10), "Budgets are already stretched; this is another cut to schools"),
        ("C", P(11), "It moves the cost onto schools rather than solving the funding problem"),
        ("RE", P(6), "It moves the cost onto...", "Yes, and it doesn't fix the High Needs deficit"),
        ("C", P(3), "Risk of the same waiting lists if the funding is too low"),
        ("N", P(5), "Thank you"),
        ("C", P(9), "Secondary schools may feel they pay for primary-heavy demand"),
        ("C", P(0), "Small schools will feel the cut far more than large ones"),
        ("C", P(2), "It could set a precedent for moving other services onto school budgets"),
        ("N", P(10), "agreed"),
        ("N", P(0), "sorry, I have to go – thanks all"),
        ("F", "Thank you all so much for your time and comments. We'll share a summary and the slides by email."),
        ("N", P(4), "Thanks, very helpful session"),
        ("N", P(2), "thank you bye"),
    ]
    return s


DEMO_REGISTER = [
    ("Priya Shah", "p.shah@oakwood.kent.sch.uk", "Primary", "SENCo", "Maidstone"),
    ("O'Neill, Tom", "tom.oneill@hillview.kent.sch.uk", "Primary", "Headteacher", "Ashford"),
    ("Minh To", "minh.to@riverside.kent.sch.uk", "Secondary", "SENCo", "Maidstone"),
    ("Ann Lee", "ann.lee@stmarys.kent.sch.uk", "Primary", "SENCo", "Dover"),
    ("Sam Patel", "s.patel@highfield.kent.sch.uk", "Secondary", "Deputy headteacher", "Ashford"),
    ("Jo Brown", "jo.brown@willow.kent.sch.uk", "Special school", "SENCo", "Swale"),
    ("Claire Hughes", "c.hughes@elm.kent.sch.uk", "Primary", "Headteacher", "Thanet"),
    ("Mark Evans", "m.evans@brook.kent.sch.uk", "Secondary", "SENCo", "Dartford"),
    ("Begum, Fatima", "f.begum@kingsway.kent.sch.uk", "Primary", "SENCo", "Gravesham"),
    ("Gareth Price", "g.price@orchard.kent.sch.uk", "Primary", "Inclusion lead", "Canterbury"),
    ("Helen Moss", "h.moss@castle.kent.sch.uk", "Primary", "SENCo", "Folkestone and Hythe"),
    ("Owen Clarke", "o.clarke@meadow.kent.sch.uk", "Early years", "Manager", "Sevenoaks"),
    ("Laura Penn", "l.penn@oakdene.kent.sch.uk", "Primary", "SENCo", "Tunbridge Wells"),
]


def main():
    os.makedirs(OUT, exist_ok=True)
    d1 = datetime(2024, 3, 26, 10, 0, 0)
    write(os.path.join(OUT, "schools-zoom-c.txt"), render_zoom_c(SCHOOLS, d1))
    write(os.path.join(OUT, "stls-zoom-b.txt"), render_zoom_b(STLS, datetime(2024, 3, 27, 14, 0, 0)))
    write(os.path.join(OUT, "parents-teams-classic.txt"), render_teams_classic(PARENTS, datetime(2026, 9, 22, 18, 30), dated=True))
    # the same schools conversation in every other layout
    write(os.path.join(OUT, "schools-zoom-a.txt"), render_zoom_a(SCHOOLS, d1))
    write(os.path.join(OUT, "schools-zoom-b.txt"), render_zoom_b(SCHOOLS, d1))
    write(os.path.join(OUT, "schools-zoom-d.txt"), render_zoom_d(SCHOOLS, d1))
    write(os.path.join(OUT, "schools-teams-classic.txt"), render_teams_classic(SCHOOLS, d1, dated=False))
    write(os.path.join(OUT, "schools-teams-new.txt"), render_teams_new(SCHOOLS, d1))
    forms_register(os.path.join(OUT, "schools-register.xlsx"), SCHOOLS_REGISTER, datetime(2024, 3, 1, 9, 12, 5))
    csv_register(os.path.join(OUT, "stls-register.csv"), STLS_REGISTER)
    csv_register(os.path.join(OUT, "parents-register.csv"), PARENTS_REGISTER)
    attendance_report(os.path.join(OUT, "parents-attendance.csv"), PARENTS_ATTENDANCE, "STLS options – parents and carers", datetime(2026, 9, 22, 18, 30, 11))
    legacy_attendance(os.path.join(OUT, "legacy-attendance.csv"))
    demo = demo_script()
    write(os.path.join(DEMO, "schools-chat.txt"), render_zoom_c(demo, datetime(2024, 3, 26, 9, 30, 0)))
    forms_register(os.path.join(DEMO, "schools-register.xlsx"), DEMO_REGISTER, datetime(2024, 3, 4, 8, 41, 17))
    for name, script, kw in [
        ("schools", SCHOOLS, {}), ("stls", STLS, {}), ("parents", PARENTS, {"dms": False, "reactions": False}),
        ("demo", demo, {}),
    ]:
        blocks, events, noise = expected(script, **kw)
        print(name, "messages", len(script), dict(blocks), dict(events), "noise", noise)


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Write Storyline's demo corpus: invented articles from invented outlets.

Every text, person, place and outlet here is made up for the demo.  Eight events in the
fictional country of Aldoria are written once as wire copy (and some again in an
outlet's own words); nine outlets then republish the wire copy the way real sites do:
trimmed, respelled (US/UK), with honorifics added, a local paragraph inserted, the
dateline rewritten, and wrapped in the site's own header and footer furniture.

    python demo/build_corpus.py            # writes demo/corpus/<outlet>/<article>.txt

The output is committed; this script documents how it was made and rebuilds it.
``demo/expected.json`` says which articles tell which event (used by the tests).
"""

from __future__ import annotations

import json
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent

# --------------------------------------------------------------------------------------
# The events, as wire copy (US spelling) and as independent write-ups.
# --------------------------------------------------------------------------------------

WIRE = {
    "bridge-collapse": dict(
        date="2024-03-04",
        agency="AP",
        dateline="PORT VESNA, Aldoria",
        title="Storm brings down part of Port Vesna's Old Quay bridge, three hurt",
        paras=[
            "A section of the Old Quay bridge in Port Vesna collapsed into the harbor on Monday night as a winter storm battered the Aldorian coast, injuring three people and cutting the city's main link to the eastern districts.",
            "Mayor Helena Varga said a delivery van and two cyclists were on the span when a 40-meter section gave way shortly after 9 p.m. All three were pulled from the water by harbor police and taken to St. Brigid's hospital, where officials described their condition as stable.",
            '"We are lucky that nobody was killed tonight," Varga told reporters at the quayside. "This bridge carries twenty thousand people a day, and it will not reopen until every bolt has been checked."',
            "Engineers had warned in a 2021 report that the bridge's steel supports were corroding faster than expected, and the city council postponed a repair program twice for lack of funds.",
            "The storm, which brought gusts of up to 130 kilometers an hour, also tore roofs from warehouses in the port and left 12,000 homes without power, according to the utility Aldor Grid.",
            "City officials said ferries would run every 15 minutes between the Old Quay and the eastern districts while the bridge is closed, and that traffic would be diverted over the Kessel ring road.",
            "Transport Minister Tomas Reiner said he would visit Port Vesna on Tuesday and promised that the national government would help pay for repairs.",
        ],
    ),
    "bridge-inquiry": dict(
        date="2024-03-08",
        agency="Reuters",
        dateline="KELMAR",
        title="Aldoria orders inquiry into Port Vesna bridge collapse",
        paras=[
            "Aldoria's government on Friday ordered an independent inquiry into the collapse of the Old Quay bridge in Port Vesna, after documents showed that warnings about corroded supports had gone unheeded for three years.",
            "Transport Minister Tomas Reiner told parliament in Kelmar that a panel of three engineers led by retired judge Miriam Osei would report within 90 days on how the 2021 warnings were handled and who decided to postpone repairs.",
            '"People deserve to know why a bridge that experts called dangerous stayed open," Reiner said. "If rules were broken, there will be consequences."',
            "Port Vesna Mayor Helena Varga welcomed the inquiry but said the city had repeatedly asked the national government for money to repair the span. Her office released letters dated 2022 and 2023 requesting emergency funding.",
            "Opposition lawmakers called for Reiner's resignation, saying his ministry had sat on the engineers' report. The minister said he would cooperate fully with the panel.",
            "Three people were injured when a section of the bridge fell into the harbor during a storm on Monday. Ferries are carrying commuters across the harbor while the bridge remains closed.",
        ],
    ),
    "rate-rise": dict(
        date="2024-03-05",
        agency="Reuters",
        dateline="KELMAR",
        title="Aldorian central bank raises rates to 4.25% as inflation lingers",
        paras=[
            "The Bank of Aldoria raised its main interest rate by a quarter point to 4.25 percent on Tuesday, its third increase in six months, saying inflation was proving more stubborn than it had forecast.",
            "Governor Ilse Marchetti said consumer prices rose 5.8 percent in the year to February, well above the bank's 2 percent target, driven by food and energy costs.",
            '"We will do what is necessary to bring inflation back to target, and we are not yet convinced that the job is done," Marchetti told a news conference in Kelmar.',
            "Five of the seven members of the monetary policy committee voted for the increase, while two favored holding rates steady, according to the bank's statement.",
            "The Aldorian crown rose 0.6 percent against the euro after the decision, and the yield on two-year government bonds climbed to its highest level since 2008.",
            "Economists at Kelmar Savings Bank said they expected one more increase before the summer, but warned that higher borrowing costs were already slowing the housing market.",
        ],
    ),
    "rate-testimony": dict(
        date="2024-03-14",
        agency="Reuters",
        dateline="KELMAR",
        title="Marchetti tells lawmakers rate rises are working, but slowly",
        paras=[
            "Bank of Aldoria Governor Ilse Marchetti told a parliamentary finance committee on Thursday that the central bank's interest rate increases were starting to cool inflation, but that prices would not return to target before next year.",
            "Marchetti, questioned for three hours by lawmakers in Kelmar, defended last week's decision to raise the main rate to 4.25 percent, saying the bank could not risk inflation becoming entrenched in wage deals.",
            '"Households are feeling the pain of higher mortgage payments, and I do not take that lightly," Marchetti said. "But the greater harm would be inflation that nobody can plan around."',
            "Several committee members pressed her on the bank's forecasts, which had predicted inflation would fall below 4 percent by now. Marchetti acknowledged that the bank had underestimated the rise in food prices.",
            "Finance Minister Oskar Lindahl, who also appeared before the committee, said the government would not ask the bank to slow its increases.",
        ],
    ),
    "dock-strike": dict(
        date="2024-03-12",
        agency="AP",
        dateline="DUNMORE, Aldoria",
        title="Dockworkers strike halts shipping at Dunmore, Aldoria's busiest port",
        paras=[
            "Thousands of dockworkers walked off the job at the port of Dunmore on Tuesday, halting container traffic at Aldoria's busiest port in a dispute over pay and automation.",
            "The Harbor and Transport Workers Union said about 4,500 members joined the 48-hour strike after talks with the port operator, Dunmore Terminals, broke down on Monday night.",
            '"Our members keep this country supplied, and they will not accept a pay offer below inflation while their jobs are handed to machines," union leader Mateo Brandt said outside the main gate.',
            "Dunmore Terminals said its offer of a 4 percent raise was fair and accused the union of disrupting supply chains during a fragile recovery. It said 31 container ships were waiting to berth.",
            "Retailers warned of shortages of fresh produce if the strike were extended, and the chamber of commerce estimated the cost to the economy at 20 million crowns a day.",
            "The labor ministry said it had offered to mediate and invited both sides to talks in Kelmar on Wednesday.",
        ],
    ),
    "wildfire": dict(
        date="2024-03-10",
        agency="AP",
        dateline="LAKE ORLA, Aldoria",
        title="Wildfire near Lake Orla forces 2,000 to flee homes",
        paras=[
            "A fast-moving wildfire fanned by dry winds forced about 2,000 people to leave their homes near Lake Orla in northern Aldoria on Sunday, as firefighters struggled to protect villages on the lake's western shore.",
            "Regional fire chief Anna Lindqvist said the blaze had burned about 3,000 hectares of pine forest since it started on Saturday afternoon, and that its cause was under investigation.",
            '"The wind changed direction three times today, and each time the fire jumped our lines," Lindqvist said. "Our priority is getting people out safely."',
            "Residents of the villages of Orla Bay and Tennmark were taken by bus to a sports hall in the regional capital, Hallin, where the Red Cross set up beds and a field kitchen.",
            "No injuries had been reported by Sunday evening. Two water-bombing aircraft from neighboring countries were expected to join the effort on Monday.",
        ],
    ),
    "battery-plant": dict(
        date="2024-03-11",
        agency=None,
        dateline="DUNMORE",
        title="Brightwater Labs to build battery plant in Dunmore",
        paras=[
            "Aldorian startup Brightwater Labs said on Monday it would build a battery factory in Dunmore, creating about 800 jobs in a region that has lost much of its shipbuilding industry.",
            "The company, founded in 2019 by engineer Priya Nandakumar, makes sodium-ion batteries that it says are cheaper and safer than lithium cells for storing solar and wind power.",
            '"Dunmore built ships for a century; now it can build the batteries that keep the lights on," Nandakumar said at the site of a former shipyard where the plant will stand.',
            "Brightwater said it had raised 240 million crowns from investors including the state-backed Aldoria Green Fund, and that production would begin in 2026.",
            "Local officials welcomed the investment, though environmental groups asked for details of how the plant would handle waste from its production lines.",
        ],
    ),
}

# Independent write-ups: the same event in an outlet's own words (a different text).
OWN = {
    "bridge-collapse": dict(
        outlet="lakeside-tribune",
        title="Commuters face weeks of ferries after Old Quay span falls",
        paras=[
            "Commuters in Port Vesna woke on Tuesday to a city cut in two, after a storm on Monday night sent part of the Old Quay bridge crashing into the harbor.",
            "Three people who were crossing when the span failed, a van driver and two cyclists, were rescued by harbor police. Hospital staff at St. Brigid's said all three were recovering.",
            "Mayor Helena Varga said repairs could take months. Until then, extra ferries will shuttle between the quay and the eastern districts, and drivers face long detours on the Kessel ring road.",
            'At the ferry terminal, nurse Laila Henning said her usual ten-minute ride to work had turned into an hour. "Everyone knew that bridge was tired," she said.',
        ],
    ),
    "bridge-inquiry": dict(
        outlet="capital-times",
        title="Judge to lead bridge collapse probe as minister faces calls to quit",
        paras=[
            "Retired judge Miriam Osei will lead an independent panel examining why the Old Quay bridge in Port Vesna was left open despite warnings, Transport Minister Tomas Reiner announced on Friday.",
            "Reiner, under pressure from opposition parties who say his ministry ignored a 2021 engineers' report on corroded supports, told parliament the panel would report within 90 days.",
            "Port Vesna Mayor Helena Varga said she would hand the inquiry letters showing the city asked for repair money in 2022 and 2023.",
        ],
    ),
    "rate-rise": dict(
        outlet="capital-times",
        title="Borrowers feel the squeeze as Bank of Aldoria lifts rates again",
        paras=[
            "Homeowners with variable mortgages face higher payments after the Bank of Aldoria raised its main rate to 4.25 percent on Tuesday, the third rise since the autumn.",
            "Governor Ilse Marchetti said inflation, at 5.8 percent in February, was still far from the bank's 2 percent goal, and two of seven policymakers had wanted to pause.",
            "Mortgage brokers in Kelmar said lenders were likely to pass the increase on within days. The crown strengthened against the euro after the announcement.",
        ],
    ),
    "dock-strike": dict(
        outlet="coastal-observer",
        title="Ships queue off Dunmore as port strike bites",
        paras=[
            "More than 30 container ships lay at anchor off Dunmore on Tuesday as a 48-hour strike by dockworkers brought Aldoria's largest port to a standstill.",
            "Union leader Mateo Brandt said 4,500 workers had stopped work over a pay offer of 4 percent and plans by Dunmore Terminals to automate cranes.",
            "The labor ministry has offered to mediate talks in Kelmar on Wednesday. Grocers said supplies of fresh fruit could run short by the weekend.",
        ],
    ),
    "cup-final": dict(
        outlet="daily-courier",
        date="2024-03-09",
        dateline="DUNMORE",
        title="Keel double gives Dunmore Rovers the Aldorian Cup",
        paras=[
            "Jonas Keel scored twice in the second half as Dunmore Rovers came from behind to beat Port Vesna Athletic 2-1 in the Aldorian Cup final on Saturday, the club's first trophy in 17 years.",
            "Athletic led at halftime through a header from captain Elias Moreau, but Keel equalized in the 58th minute and won the match with a curling shot from the edge of the area with six minutes left.",
            '"I have dreamed of this since I was a boy in the stands," Keel said. "This is for everyone in Dunmore who waited so long."',
            "Rovers coach Ingrid Salo said her team had shown character after a difficult first half. About 28,000 fans watched the final at the national stadium in Kelmar.",
        ],
    ),
    "cup-final-2": dict(
        outlet="northern-ledger",
        date="2024-03-09",
        dateline="KELMAR",
        title="Rovers end 17-year wait as Athletic fade in Cup final",
        paras=[
            "Dunmore Rovers won the Aldorian Cup for the first time in 17 years on Saturday, beating Port Vesna Athletic 2-1 in Kelmar thanks to two goals from Jonas Keel.",
            "Elias Moreau had given Athletic the lead before the break, but the Port Vesna side tired after the interval and Keel struck in the 58th and 84th minutes.",
            "Coach Ingrid Salo praised her players' patience, while Athletic's manager said his team had paid for sitting too deep.",
        ],
    ),
    "battery-plant": dict(
        outlet="valley-gazette",
        title="Old shipyard to become battery factory, bringing 800 jobs",
        paras=[
            "The former Kessler shipyard in Dunmore will become a battery factory employing 800 people, Brightwater Labs announced on Monday.",
            "Chief executive Priya Nandakumar said the plant would make sodium-ion batteries for storing renewable power, with production starting in 2026 after a 240 million crown investment round.",
            "Environmental groups said they would study the company's plans for handling production waste.",
        ],
    ),
}

# --------------------------------------------------------------------------------------
# The outlets and their habits.
# --------------------------------------------------------------------------------------


@dataclass
class Outlet:
    slug: str
    name: str
    spelling: str  # "us" or "uk"
    honorifics: bool  # add Mr/Ms before repeated surnames
    curly: bool  # curly quotes
    dash: str  # dateline dash
    keep_agency: bool  # keep "(AP)" in the dateline
    date_style: str  # how the date line is written, or "" for none
    header: list[str] = field(default_factory=list)
    footer: list[str] = field(default_factory=list)
    byline: str = ""
    title_caps: bool = False
    local: str = ""  # a paragraph the outlet adds to wire copy


OUTLETS = {
    o.slug: o
    for o in [
        Outlet(
            "harbour-herald",
            "The Harbour Herald",
            "uk",
            True,
            True,
            " \u2014 ",
            True,
            "published_uk",
            header=["Skip to main content", "The Harbour Herald | News | Sport | Business | Opinion"],
            footer=[
                "The Harbour Herald is owned by its readers. If you value independent local news, please "
                "make a donation today: every contribution helps us keep our reporters on the coast.",
                "Support us",
                "Read more",
            ],
            local="The Harbour Herald has asked the harbour authority for comment.",
        ),
        Outlet(
            "daily-courier",
            "Daily Courier",
            "us",
            False,
            False,
            " - ",
            True,
            "long_us",
            header=["Advertisement"],
            footer=[
                "Sign up for the Daily Courier newsletter to get the latest news in your inbox.",
                "Read more",
                "\u00a9 2024 Daily Courier. All rights reserved.",
            ],
            byline="By Courier Staff",
        ),
        Outlet(
            "northern-ledger",
            "Northern Ledger",
            "uk",
            True,
            True,
            " \u2013 ",
            False,
            "numeric",
            footer=[
                "Join the Northern Ledger Telegram channel for breaking news and updates.",
                "Follow Northern Ledger on Twitter and Facebook for the latest updates.",
            ],
        ),
        Outlet(
            "capital-times",
            "Capital Times Online",
            "us",
            False,
            True,
            " \u2014 ",
            False,
            "long_us",
            header=[
                "We use cookies to improve your experience. By continuing to browse you agree to our use of cookies."
            ],
            footer=[
                "Copyright 2024 Capital Times Online. All rights reserved.",
                "Terms of Use | Privacy Policy | Contact Us",
            ],
            byline="By Capital Times Staff",
        ),
        Outlet(
            "valley-gazette",
            "Valley Gazette",
            "us",
            False,
            False,
            " - ",
            True,
            "",
            footer=["Original url:", "https://valleygazette.example/news/{slug}"],
            title_caps=True,
        ),
        Outlet(
            "evening-post",
            "The Evening Post",
            "uk",
            True,
            True,
            " \u2014 ",
            False,
            "dmy_short",
            header=["Support The Evening Post!"],
            footer=[
                "\u2026 we have a small favour to ask. Our journalism is free for everyone to read, and we want "
                "to keep it that way. If you can, please support us with a monthly donation.",
                "Not ready to support today?",
                "Remind me later.",
            ],
        ),
        Outlet(
            "metro-digest",
            "Metro News Digest",
            "us",
            False,
            False,
            " - ",
            True,
            "dash_numeric",
            footer=[
                "Source: Metro News Digest wire desk",
                "Related: Aldoria weather service issues new storm warning",
                "Read more",
            ],
            local="Metro News Digest will update this story as more information becomes available.",
        ),
        Outlet(
            "coastal-observer",
            "Coastal Observer",
            "uk",
            False,
            True,
            " \u2014 ",
            True,
            "published_uk",
            header=["Listen to this article"],
            footer=[
                "Have a news tip? Email us at tips@coastalobserver.example",
                "Follow Coastal Observer on Twitter and Facebook for the latest updates.",
            ],
        ),
        Outlet(
            "lakeside-tribune",
            "Lakeside Tribune",
            "us",
            False,
            False,
            " \u2014 ",
            True,
            "long_us",
            header=["Print | Email | Share"],
            footer=["Like us on Facebook and follow our channel for more local news.", "Read more"],
            byline="By Tribune Staff",
        ),
    ]
}

# Which outlet republishes which wire story, and how: (outlet, paragraphs kept, extras).
COPIES = {
    "bridge-collapse": [
        ("daily-courier", 7, {}),
        ("harbour-herald", 5, {"local": True}),
        ("northern-ledger", 4, {}),
        ("metro-digest", 7, {"drop": 4, "local": True}),
        ("valley-gazette", 6, {}),
    ],
    "bridge-inquiry": [
        ("daily-courier", 6, {}),
        ("evening-post", 4, {}),
        ("coastal-observer", 6, {"drop": 3}),
    ],
    "rate-rise": [
        ("daily-courier", 6, {}),
        ("northern-ledger", 5, {}),
        ("evening-post", 3, {}),
        ("metro-digest", 6, {"local": True}),
    ],
    "rate-testimony": [
        ("harbour-herald", 5, {}),
        ("capital-times", 4, {}),
        ("metro-digest", 5, {"drop": 2}),
    ],
    "dock-strike": [
        ("daily-courier", 6, {}),
        ("harbour-herald", 6, {"local": True}),
        ("lakeside-tribune", 4, {}),
    ],
    "wildfire": [
        ("daily-courier", 5, {}),
        ("northern-ledger", 4, {}),
        ("evening-post", 5, {}),
        ("lakeside-tribune", 3, {}),
    ],
    "battery-plant": [
        ("coastal-observer", 5, {}),
        ("metro-digest", 4, {}),
        ("capital-times", 5, {"drop": 3}),
    ],
}

# --------------------------------------------------------------------------------------
# House-style transformations.
# --------------------------------------------------------------------------------------

US_TO_UK = {
    "harbor": "harbour",
    "program": "programme",
    "meter": "metre",
    "kilometers": "kilometres",
    "neighboring": "neighbouring",
    "favored": "favoured",
    "labor": "labour",
    "center": "centre",
    "equalized": "equalised",
    "defense": "defence",
    "organization": "organisation",
}
MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
PEOPLE = ["Varga", "Reiner", "Marchetti", "Brandt", "Lindqvist", "Nandakumar", "Osei", "Lindahl", "Keel"]
FEMALE = {"Varga", "Marchetti", "Lindqvist", "Nandakumar", "Osei"}


def respell(text: str, outlet: Outlet) -> str:
    if outlet.spelling != "uk":
        return text
    for us, uk in US_TO_UK.items():
        text = re.sub(rf"\b{us}\b", uk, text)
        text = re.sub(rf"\b{us.capitalize()}\b", uk.capitalize(), text)
    return text


def add_honorifics(paras: list[str], outlet: Outlet) -> list[str]:
    """Mr/Ms before a surname that stands alone (not after its first name or a title)."""
    if not outlet.honorifics:
        return paras
    out = []
    for p in paras:
        for name in PEOPLE:
            title = "Ms" if name in FEMALE else "Mr"

            def add(m: re.Match[str], p: str = p, title: str = title) -> str:
                before = p[: m.start()]
                return m.group(0) if re.search(r"[A-Z][\w.]*\s$", before) else f"{title} {m.group(0)}"

            p = re.sub(rf"\b{name}\b", add, p)
        out.append(p)
    return out


def quotes(text: str, outlet: Outlet) -> str:
    if not outlet.curly:
        return text
    text = re.sub(r'(^|\s)"', "\\1\u201c", text)
    return text.replace('"', "\u201d").replace("'", "\u2019")


def date_line(iso: str, outlet: Outlet) -> str | None:
    y, m, d = (int(x) for x in iso.split("-"))
    return {
        "published_uk": f"Published: {d} {MONTHS[m - 1]} {y}",
        "long_us": f"{MONTHS[m - 1]} {d}, {y}",
        "numeric": f"{d:02d}.{m:02d}.{y}",
        "dmy_short": f"{d} {MONTHS[m - 1][:3]} {y}",
        "dash_numeric": f"- {d:02d}.{m:02d}.{y}",
    }.get(outlet.date_style)


def render(
    outlet: Outlet, title: str, paras: list[str], dateline: str | None, agency: str | None, date: str, slug: str
) -> str:
    paras = add_honorifics([respell(p, outlet) for p in paras], outlet)
    if dateline:
        tag = f" ({agency})" if agency and outlet.keep_agency else ""
        paras[0] = f"{dateline}{tag}{outlet.dash}{paras[0]}"
    lines = list(outlet.header)
    lines.append(title.upper() if outlet.title_caps else respell(title, outlet))
    if outlet.byline:
        lines.append(outlet.byline)
    dl = date_line(date, outlet)
    if dl:
        lines.append(dl)
    lines.extend(quotes(p, outlet) for p in paras)
    lines.extend(x.format(slug=slug) for x in outlet.footer)
    return "\n\n".join(lines) + "\n"


def build(out_dir: Path) -> dict[str, list[str]]:
    """Write the corpus; returns event -> article ids."""
    if out_dir.exists():
        shutil.rmtree(out_dir)
    events: dict[str, list[str]] = {}

    def write(outlet: str, slug: str, text: str, event: str) -> None:
        path = out_dir / outlet / f"{slug}.txt"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        events.setdefault(event, []).append(f"{outlet}/{slug}.txt")

    for event, copies in COPIES.items():
        w = WIRE[event]
        for outlet_slug, keep, extra in copies:
            outlet = OUTLETS[outlet_slug]
            paras = list(w["paras"][:keep])
            if "drop" in extra and extra["drop"] < len(paras):
                paras.pop(extra["drop"])
            if extra.get("local") and outlet.local:
                paras.insert(len(paras) - 1, outlet.local)
            write(
                outlet_slug,
                event,
                render(outlet, w["title"], paras, w["dateline"], w["agency"], w["date"], event),
                event,
            )
    for key, own in OWN.items():
        event = key.removesuffix("-2")
        outlet = OUTLETS[own["outlet"]]
        date = own.get("date") or WIRE[event]["date"]
        write(
            own["outlet"],
            key if key.endswith("-2") or event not in COPIES else f"{event}-own",
            render(outlet, own["title"], list(own["paras"]), own.get("dateline"), None, date, key),
            event,
        )
    return events


if __name__ == "__main__":
    events = build(HERE / "corpus")
    storylines = [["bridge-collapse", "bridge-inquiry"], ["rate-rise", "rate-testimony"]]
    (HERE / "expected.json").write_text(
        json.dumps({"events": events, "storylines": storylines}, indent=2) + "\n", encoding="utf-8"
    )
    n = sum(len(v) for v in events.values())
    print(f"wrote {n} articles for {len(events)} events to {HERE / 'corpus'}")

"""Dates come from evidence: a correction's or an update's date is not the article's,
and an undated article is dated (as inferred, with the days it lies within and what
they come from) only from close evidence: its reprint group's dated copies, or its
story's dated reports when those lie within a few days.  Invented articles."""

from __future__ import annotations

import datetime as dt
import json

import pytest

import storyline
from storyline.model import Article
from storyline.store.db import Store
from storyline.text import clean_article

NO_EXTRACT = storyline.Config(extract=storyline.ExtractConfig(enabled=False))

FERRY = (
    "KELMAR - The Kelmar ferry crews ended their nine-day strike on Friday after the port authority agreed to "
    "hire 40 more deckhands, union leader Ona Brask said.\n\n"
    "The strike had stranded 12,000 commuters a day between Kelmar and the Tolvik islands, and the port "
    "authority said the first boats would sail at dawn on Saturday.\n\n"
    "Brask said the crews had asked for the extra deckhands since the spring timetable doubled the crossings."
)
FERRY_OTHER = (
    "KELMAR - Ferries between Kelmar and the Tolvik islands will run again from Saturday, the port authority "
    "said, after crews ended a nine-day strike over staffing.\n\n"
    "The authority agreed to hire 40 deckhands, meeting the main demand of the union led by Ona Brask, whose "
    "members walked out when the spring timetable doubled the crossings.\n\n"
    "About 12,000 commuters a day had been stranded by the strike, the authority said."
)
LIBRARY = (
    "DUNMORE - The Dunmore library will close its two branch reading rooms next month to save 300,000 crowns, "
    "the city council decided on Tuesday.\n\n"
    "Librarian Pell Aster said the collections would move to the central building, where opening hours will "
    "be extended to ten in the evening.\n\n"
    "Aster said readers had asked for longer hours for years."
)


def _jsonl(path, records):
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def _articles(db):
    with Store(db, create=False) as store:
        return {a.id.split(":")[-1]: a for a in store.articles()}


def _ingested(tmp_path, records) -> dict[str, Article]:
    """The stored articles of ``records`` ingested as JSON lines, by id."""
    storyline.ingest([_jsonl(tmp_path / "in.jsonl", records)], tmp_path / "x.db", NO_EXTRACT)
    return _articles(tmp_path / "x.db")


@pytest.mark.parametrize(
    "line", ["Correction: March 3, 2015", "Updated: 3 March 2015", "Clarification - March 3, 2015"]
)
def test_a_correction_or_update_line_gives_no_date(line):
    a = clean_article(Article("x", f"{line}\n\nFerry strike ends\n\n{FERRY}"))
    assert a.date is None and line in a.boilerplate and a.title == "Ferry strike ends"


def test_a_published_line_gives_the_date_beside_an_updated_one():
    a = clean_article(Article("x", f"Ferry strike ends\nUpdated: 9 March 2015\nPublished: 3 March 2015\n\n{FERRY}"))
    assert a.date == "2015-03-03"


def test_an_undated_copy_takes_its_reprint_groups_date(tmp_path):
    arts = _ingested(
        tmp_path,
        [
            {"id": "a", "text": FERRY, "title": "Ferry strike ends", "date": "2015-03-13"},
            {"id": "b", "text": FERRY + "\n\nRead more on our website.", "title": "Ferry strike over"},
        ],
    )
    b = arts["b"]
    assert b.date is None and b.date_inferred == "2015-03-13"  # Friday 13 March: the lede's day too
    assert b.date_inferred_range == "2015-03-13/2015-03-13"
    assert b.date_inferred_from.startswith("reprint group: 1 dated copy")


def test_an_undated_report_takes_a_date_within_its_storys_days(tmp_path):
    arts = _ingested(
        tmp_path,
        [
            {"id": "a", "text": FERRY, "title": "Ferry strike ends", "date": "2015-03-13"},
            {"id": "c", "text": FERRY_OTHER, "title": "Ferries to sail again"},
        ],
    )
    assert arts["a"].story == arts["c"].story, "the two reports are one story"
    c = arts["c"]
    lo, hi = c.date_inferred_range.split("/")
    assert lo <= c.date_inferred <= hi and c.date_inferred_from.startswith("story: 1 dated article")


def test_an_undated_story_beside_a_story_years_away_stays_undated(tmp_path):
    arts = _ingested(
        tmp_path,
        [
            {"id": "old", "text": LIBRARY, "title": "Library rooms to close", "date": "2009-05-12"},
            {"id": "new", "text": FERRY_OTHER, "title": "Ferries to sail again"},
        ],
    )
    assert arts["new"].date_inferred is None and arts["new"].date_inferred_range is None
    assert arts["new"].story != arts["old"].story


def test_no_inferred_date_lies_outside_its_evidence(demo_db):
    """On the demo corpus (every inferred date, wherever it comes from)."""
    with Store(demo_db, create=False) as store:
        inferred = [a for a in store.articles() if a.date_inferred]
    assert inferred, "the demo corpus has undated copies and reports with close dated evidence"
    for a in inferred:
        lo, hi = a.date_inferred_range.split("/")
        assert lo <= a.date_inferred <= hi and a.date_inferred_from and not a.date
        assert (dt.date.fromisoformat(hi) - dt.date.fromisoformat(lo)).days <= 3


WRAPS = {
    "wed": (
        "KELMAR - Stocks rose on Wednesday as the Kelmar Composite index closed at 1,804.2, up 12.5 points, "
        "with bank shares leading the market after strong lending figures, traders said.\n\n"
        "The shipping group Tolvik Lines gained 4 percent on a new harbour contract, while miners slipped as "
        "copper prices eased.\n\n"
        "The Aldorian crown was little changed against the dollar, and trading volume was below its "
        "three-month average, the exchange said."
    ),
    "fri": (
        "KELMAR - Stocks fell on Friday, the Kelmar Composite index losing 9.1 points to close at 1,776.9 as "
        "investors sold bank shares ahead of the central bank's rate decision, traders said.\n\n"
        "Retailers dropped after weak holiday sales, and the brewer Aster Group lost 3 percent on a profit "
        "warning.\n\n"
        "Bond yields rose and the Aldorian crown weakened against the dollar; trading volume was below its "
        "three-month average, the exchange said."
    ),
}


def test_two_undated_market_wraps_of_different_days_are_two_stories(tmp_path):
    """Formulaic reports of different days share their words; the weekdays their ledes
    name tell them apart (two undated wire market wraps became one story)."""
    arts = _ingested(
        tmp_path,
        [
            {"id": "wed", "text": WRAPS["wed"], "title": "Kelmar stocks rise"},
            {"id": "fri", "text": WRAPS["fri"], "title": "Kelmar stocks fall"},
        ],
    )
    assert arts["wed"].reprint_group != arts["fri"].reprint_group
    assert arts["wed"].story != arts["fri"].story
    res = storyline.compare("wed", "fri", tmp_path / "x.db")
    assert res["reasons"]["weekday"] == "conflict" and not res["same_story"]
    # without the weekdays they would score as one story: the words are the market's
    both = res["score"] / res["reasons"]["time_factor"]
    assert both >= storyline.Config().stories.story_threshold

"""The four seed articles (../shared/seeds) give what EXPECTED.md lists: reprints,
stories, storylines, boilerplate, metadata.  Skipped when the seeds are absent."""

from __future__ import annotations

import pytest

import storyline


def test_reprints_000_and_001_are_one_group_002_and_004_alone(seeds_articles):
    g = {k: a["reprint_group"] for k, a in seeds_articles.items()}
    assert g["000"] == g["001"]
    assert len({g["000"], g["002"], g["004"]}) == 3


def test_three_stories(seeds_articles, seeds_db):
    s = {k: a["story"] for k, a in seeds_articles.items()}
    assert s["000"] == s["001"]
    assert len({s["000"], s["002"], s["004"]}) == 3
    assert len(storyline.list_stories(seeds_db)) == 3


def test_two_storylines_neuchatel_and_london_together(seeds_articles):
    line = {k: a["storyline"] for k, a in seeds_articles.items()}
    assert line["000"] == line["001"] == line["004"]
    assert line["002"] != line["000"]


# (article, the removed lines expected, by their start)
EXPECTED_REMOVED = {
    "000": ["Join ST's Telegram channel"],
    "001": [
        "Support The Moscow Times!",
        "\u2026 we have a small favor to ask",
        "We, the journalists",
        "Your support, no matter how small",
        "paiment methods",
        "Not ready to support today?",
        "Remind me later.",
        "Read more",
    ],
    "002": ["- 26.12.2017", "Al Jazeera, 26 Dec 2017", "Kaynak/Source:"],
    "004": ["By The Moscow Times", "April 10, 2013", "Original url:", "https://www.themoscowtimes.com/"],
}


@pytest.mark.parametrize("key", sorted(EXPECTED_REMOVED))
def test_boilerplate_removed_kept_aside_and_nothing_else(seeds_articles, key):
    article = seeds_articles[key]
    removed = article["boilerplate"]
    assert len(removed) == len(EXPECTED_REMOVED[key]), removed
    for line, start in zip(removed, EXPECTED_REMOVED[key], strict=True):
        assert line.startswith(start)
        assert line not in article["text"]


def test_section_heading_stays_and_broken_paragraph_is_joined(seeds_articles):
    assert "\n\nUN sanctions\n\n" in seeds_articles["002"]["text"]
    assert "Britain, France, Germany, Italy" in seeds_articles["004"]["text"]


@pytest.mark.parametrize(
    ("key", "title", "date", "dateline", "wire"),
    [
        ("000", "Russia would back North Korea talks in Geneva: Lavrov", None, "NEUCHATEL, Switzerland", "AP"),
        ("001", "Lavrov Says Russia Would Back N. Korea Talks in Geneva", None, "NEUCHATEL, Switzerland", None),
        ("002", "Russia urges US-North Korea talks over nuclear crisis", "2017-12-26", None, None),
        ("004", "Lavrov Says Russia Agrees With U.S. on N. Korea", "2013-04-10", "LONDON", None),
    ],
)
def test_metadata(seeds_articles, key, title, date, dateline, wire):
    a = seeds_articles[key]
    assert (a["title"], a["date"], a["dateline"], a["wire"]) == (title, date, dateline, wire)


def test_byline_url_and_outlets(seeds_articles):
    a = seeds_articles["004"]
    assert a["byline"] == "By The Moscow Times"
    assert a["url"] == "https://www.themoscowtimes.com/2013/04/10/lavrov-says-russia-agrees-with-us-on-n-korea-a23160"
    assert a["outlet"] == "The Moscow Times"
    assert seeds_articles["001"]["outlet"] == "The Moscow Times"
    assert seeds_articles["002"]["outlet"] == "Al Jazeera"
    # EXPECTED.md's outlets: 000 The Straits Times, guessed from "Join ST's Telegram
    # channel"; 004 from its original URL's host
    assert (seeds_articles["000"]["outlet"], seeds_articles["000"]["outlet_from"]) == ("The Straits Times", "text")
    assert seeds_articles["004"]["outlet_from"] == "url"
    assert {a["language"] for a in seeds_articles.values()} == {"en"}


def test_articles_in_other_languages_change_no_seed_story(seeds_dir, seeds_db, tmp_path):
    import sqlite3

    from foreign_texts import A1, A2, RU1, RU2

    folder = tmp_path / "more"
    folder.mkdir()
    for name, text in dict(a1=A1, a2=A2, ru1=RU1, ru2=RU2).items():
        (folder / f"{name}.txt").write_text(text)
    db = tmp_path / "x.db"
    storyline.ingest([seeds_dir, folder], db)

    def partition(path):
        with sqlite3.connect(path) as c:
            rows = c.execute("SELECT id, story, storyline FROM articles WHERE id LIKE '0%'").fetchall()
        stories, lines = {}, {}
        for aid, story, line in rows:
            stories.setdefault(story, set()).add(aid)
            lines.setdefault(line, set()).add(aid)
        return sorted(map(sorted, stories.values())), sorted(map(sorted, lines.values()))

    assert partition(db) == partition(seeds_db)


def test_undated_articles_stay_undated_without_close_evidence(seeds_articles):
    for key in ("000", "001"):
        assert seeds_articles[key]["date"] is None
        # neither copy is dated and their story has no dated report: 004, two days
        # earlier in the same storyline, is another event, no evidence of their date
        assert seeds_articles[key]["date_inferred"] is None


def test_lineage_shows_what_each_copy_lacks_adds_and_edits(seeds_articles, seeds_db):
    group = seeds_articles["000"]["reprint_group"]
    (lin,) = storyline.lineage(seeds_db, group)
    rep, other = lin.representative[:3], lin.article[:3]
    only_in = {rep: " ".join(lin.lacks), other: " ".join(lin.adds)}
    inserted = " ".join(op["b"] for e in lin.edited for op in e.diff if op["op"] in ("insert", "replace"))
    deleted = " ".join(op["a"] for e in lin.edited for op in e.diff if op["op"] in ("delete", "replace"))
    only_in[other] += " " + inserted
    only_in[rep] += " " + deleted
    assert "Magnitsky" in only_in["000"] and "Magnitsky" not in only_in["001"]
    assert "Jura Mountains" in only_in["001"] and "Jura" not in only_in["000"]
    assert "Kerry" in only_in["001"]
    respelled = [e for e in lin.edited if e.kind == "respelled"]
    assert any("program" in e.original + e.copy for e in respelled)


def test_reingest_changes_nothing(seeds_dir, tmp_path):
    db = tmp_path / "s.db"
    storyline.ingest([seeds_dir], db)
    before = list(storyline.export_records(db, "articles")), list(storyline.export_records(db, "stories"))
    report = storyline.ingest([seeds_dir], db)
    after = list(storyline.export_records(db, "articles")), list(storyline.export_records(db, "stories"))
    assert (report.added, report.updated, report.unchanged) == (0, 0, 4)
    assert before == after


def test_compare_000_and_004_names_people_gap_and_places(seeds_db):
    res = storyline.compare("000_5121eb60957fa2fd.txt", "004_3f426f10fa9980cc.txt", seeds_db)
    r = res["reasons"]
    people = " ".join(r["shared_people"])
    assert "Lavrov" in people and "Kerry" in people
    # 000 states no date, and its story has no dated article: its date is unknown, which
    # counts against it beside a dated one (not as agreement)
    assert r["days_apart"] is None and r["dates_inferred"] == {} and r["time_factor"] < 1
    assert r["place"] == "different" and r["places"] == ["london", "neuchatel"]
    assert not res["same_story"]
    same = storyline.compare("000_5121eb60957fa2fd.txt", "001_a2ce6ea2f1c37b11.txt", seeds_db)
    assert same["same_story"] and same["score"] > res["score"]

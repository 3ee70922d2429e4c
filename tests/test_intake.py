"""Real piles in: titles never taken from bylines, captions, credits or labels; bylines
give byline and wire; outlets from the URL's host; each article's language, and no
English extraction on other languages.  Every article here is one we wrote."""

from __future__ import annotations

import sqlite3

import pytest

from storyline.model import Article
from storyline.text import clean_article
from storyline.text.language import detect_language
from storyline.text.outlets import outlet_name, outlet_of_url

BODY = (
    "The town council of Marlow voted on Tuesday to close the old harbour bridge for repairs "
    "that are expected to last until the end of next summer, officials said.\n\n"
    "Commuters will take a ferry or a long detour through the industrial district."
)

# Lines in the styles real pages put above a story that lost its headline: none is a title.
NOT_TITLES = [
    "Greg Mallory, The Associated Press",
    "Greg Mallory, The Associated Press.",
    "Ines Falk and Tom Rudd, The Canadian Press",
    "Rachel Birch, Power Play producer",
    "Ann Lee \u00b7 Marlow News \u00b7 Posted: Jan 10, 2019 4:00 AM ET",
    "By Ann Lee and Tom Rudd",
    "Open this photo in gallery A ferry crosses the harbour at Marlow on Tuesday. Jo Ray",
    "The Canadian Press",
    "Jo Ray / The Canadian Press Commuters wait for the ferry at Marlow.",
    "Gary Lind/Reuters.",
    "March 3, 2019",
]
# ... and labels, notes and captions that say something, which stay in the body (a
# section heading is text; a caption's credit alone is furniture).
LABELS = [
    "Commuters wait for the ferry at Marlow on Tuesday. (Jo Ray/Marlow News)",
    "CTV Marlow",
    "Politics",
    "World News",
    "Warning: This story contains details some readers may find upsetting.",
]


@pytest.mark.parametrize("line", NOT_TITLES + LABELS)
def test_bylines_captions_credits_and_labels_are_never_titles(line):
    a = clean_article(Article("x", f"{line}\n\n{BODY}"))
    assert a.title is None, a.title
    assert (line in a.clean_text) == (line in LABELS)


@pytest.mark.parametrize(
    "line, byline, wire",
    [
        ("Greg Mallory, The Associated Press", "Greg Mallory", "AP"),
        ("Ines Falk and Tom Rudd, The Canadian Press", "Ines Falk and Tom Rudd", "CP"),
        ("Rachel Birch, Power Play producer", "Rachel Birch", None),
        ("By Ann Lee and Tom Rudd", "By Ann Lee and Tom Rudd", None),
    ],
)
def test_byline_lines_give_byline_and_wire(line, byline, wire):
    a = clean_article(Article("x", f"Bridge to close for a year\n\n{line}\n\n{BODY}"))
    assert (a.title, a.byline, a.wire) == ("Bridge to close for a year", byline, wire)


@pytest.mark.parametrize(
    "first, title",
    [
        (
            "Marlow council votes to close harbour bridge for a year.",
            "Marlow council votes to close harbour bridge for a year",
        ),
        ("Mayor says bridge plan is 'the only way.'", "Mayor says bridge plan is 'the only way'"),
        ("Ferry fares to rise in the U.S.", "Ferry fares to rise in the U.S."),
        ("Bridge closes. Ferries take over.", "Bridge closes. Ferries take over."),
    ],
)
def test_a_saved_headline_loses_its_full_stop(first, title):
    assert clean_article(Article("x", f"{first}\n\n{BODY}")).title == title


def test_a_headline_broken_over_two_lines_is_one_title():
    a = clean_article(Article("x", f"Marlow closes its bridge;\nFerries to run all winter.\n\n{BODY}"))
    assert a.title == "Marlow closes its bridge; Ferries to run all winter"


@pytest.mark.parametrize(
    "lead",
    [
        "The harbour master Piet Oduya said the ferry would run all winter.",
        "Mara Lind is new to the council, but has already won a vote.",
        "The busiest ferry captain in Marlow finally said \u201cenough.\u201d",
    ],
)
def test_a_lead_sentence_is_not_a_title(lead):
    a = clean_article(Article("x", f"{lead}\n\n{BODY}"))
    assert a.title is None and a.clean_text.startswith(lead[:12])


def test_furniture_families_are_removed_and_kept_aside():
    furniture = [
        "Story continues below advertisement.",
        "Story continues below advertisement",
        "Article Continued Below",
        "Read more about: harbour bridges",
        "Open this photo in gallery Commuters at the ferry terminal.",
        "The Canadian Press",
        "(Photo: Jo Ray)",
    ]
    text = "Bridge to close\n\n" + BODY.replace("\n\n", "\n\n" + "\n\n".join(furniture) + "\n\n")
    a = clean_article(Article("x", text))
    assert all(f not in a.clean_text for f in furniture)
    assert set(furniture) <= set(a.boilerplate)
    assert "Commuters will take a ferry" in a.clean_text


@pytest.mark.parametrize(
    "url, outlet",
    [
        ("https://www.straitstimes.com/world/x", "The Straits Times"),
        ("https://edition.cnn.com/2024/01/01/x", "CNN"),
        ("http://example.com/news/1", "example.com"),
        ("www.marlow-gazette.co.uk/a", "marlow-gazette.co.uk"),
    ],
)
def test_outlet_from_the_url_host(url, outlet):
    assert outlet_of_url(url) == outlet
    a = clean_article(Article("x", f"Bridge to close\n\n{BODY}", url=url))
    assert (a.outlet, a.outlet_from) == (outlet, "url")


def test_the_fullest_outlet_name_a_text_states_wins():
    text = f"Bridge to close\n\nBy Gazette Staff\n\n{BODY}\n\nFollow the Marlow Gazette on Facebook for more news."
    assert clean_article(Article("x", text)).outlet == "Marlow Gazette"
    desk = clean_article(Article("y", f"Bridge to close\n\n{BODY}\n\nSource: Marlow Gazette wire desk"))
    assert (desk.outlet, desk.outlet_from) == ("Marlow Gazette", "text")


def test_outlet_from_text_is_marked_guessed_and_named_in_full():
    a = clean_article(Article("x", f"Bridge to close\n\n{BODY}\n\nJoin ST's Telegram channel for the latest news."))
    assert (a.outlet, a.outlet_from) == ("The Straits Times", "text")
    given = clean_article(Article("y", f"Bridge to close\n\n{BODY}", outlet="Marlow Gazette", url="https://cnn.com/a"))
    assert (given.outlet, given.outlet_from) == ("Marlow Gazette", "input")
    assert outlet_name("Kelmar Daily") == "Kelmar Daily"


GERMAN = (
    "Der Stadtrat von Hallbach hat am Dienstag beschlossen, die alte Hafenbr\u00fccke zu sperren. "
    "\u201eDie Reparatur dauert bis zum Sommer\u201c, sagte B\u00fcrgermeisterin Anna Kessler am Abend. "
    "Tausende Pendler m\u00fcssen nun die F\u00e4hre nehmen oder einen langen Umweg durch das "
    "Industriegebiet fahren, wie die Zeitung Hallbacher Bote berichtet."
)
FRENCH = (
    "Le conseil municipal de Valmont a vot\u00e9 mardi la fermeture du vieux pont du port. "
    "\u00ab Les travaux dureront jusqu'\u00e0 l'\u00e9t\u00e9 \u00bb, a d\u00e9clar\u00e9 le maire Paul Girard. "
    "Des milliers de navetteurs devront prendre le bac ou faire un long d\u00e9tour."
)
ENGLISH = (
    'MARLOW - "The repairs will take until the summer," Mayor Ada Brandt said on Tuesday. '
    "Thousands of commuters will take the ferry or a long detour through the industrial district, "
    "the Marlow Gazette reported."
)


def test_languages_are_identified():
    assert detect_language(GERMAN) == "de" and detect_language(FRENCH) == "fr" and detect_language(ENGLISH) == "en"
    assert detect_language("Bridge closed") is None  # too short to tell


def test_non_english_articles_get_no_english_entities_or_quotes(tmp_path):
    import storyline

    folder = tmp_path / "in"
    folder.mkdir()
    for name, text in {"de.txt": GERMAN, "fr.txt": FRENCH, "en.txt": ENGLISH}.items():
        (folder / name).write_text(f"Hafenbr\u00fccke\n\n{text}" if name == "de.txt" else text)
    db = tmp_path / "x.db"
    report = storyline.ingest([folder], db)
    assert report.languages == {"de": 1, "fr": 1, "en": 1}
    with sqlite3.connect(db) as c:
        langs = dict(c.execute("SELECT id, language FROM articles"))
        assert langs == {"de.txt": "de", "fr.txt": "fr", "en.txt": "en"}
        quoted = {r[0] for r in c.execute("SELECT article_id FROM quote_articles")}
        mentioned = {r[0] for r in c.execute("SELECT article_id FROM entity_articles")}
    assert quoted == {"en.txt"}
    assert "de.txt" not in mentioned and "fr.txt" not in mentioned
    # the export carries each article's language and encoding
    rows = {r["id"]: r for r in storyline.api.export_records(db, "articles")}
    assert rows["de.txt"]["language"] == "de" and rows["de.txt"]["encoding"] == "utf-8"


@pytest.fixture
def three_languages(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    for name, text in {"de.txt": GERMAN, "fr.txt": FRENCH, "en.txt": ENGLISH}.items():
        (folder / name).write_text(text)
    return folder


def test_language_filters_on_listing_export_and_web(tmp_path, three_languages):
    import json

    from click.testing import CliRunner
    from fastapi.testclient import TestClient

    import storyline
    from storyline.cli import main
    from storyline.web.app import create_app

    db = str(tmp_path / "x.db")
    storyline.ingest([three_languages], db, storyline.Config(extract=storyline.config.ExtractConfig(enabled=False)))
    by_lang = {lang: [s.articles for s in storyline.list_stories(db, languages=lang)] for lang in ("de", "fr,en")}
    assert by_lang["de"] == [["de.txt"]]
    assert sorted(a for arts in by_lang["fr,en"] for a in arts) == ["en.txt", "fr.txt"]
    assert storyline.list_stories(db, languages="it") == []
    out = tmp_path / "de.jsonl"
    r = CliRunner().invoke(main, ["export", "articles", "--db", db, "-o", str(out), "--language", "de"])
    assert r.exit_code == 0, r.output
    assert [json.loads(x)["id"] for x in out.read_text().splitlines()] == ["de.txt"]
    r = CliRunner().invoke(main, ["stories", "--db", db, "--language", "fr", "--json"])
    assert r.exit_code == 0 and [json.loads(x)["articles"] for x in r.output.splitlines()] == [["fr.txt"]]
    client = TestClient(create_app(db), base_url="http://127.0.0.1:8000")
    page = client.get("/api/stories", params={"language": "de"}).json()
    assert [s["size"] for s in page["stories"]] == [1] and ["de", 1] in page["languages"]
    assert 'name="language"' in client.get("/").text


def test_ingest_keeps_only_the_languages_asked_for(tmp_path, three_languages):
    from click.testing import CliRunner

    from storyline.cli import main

    db = str(tmp_path / "x.db")
    r = CliRunner().invoke(main, ["ingest", str(three_languages), "--db", db, "--no-extract", "--language", "en,fr"])
    assert r.exit_code == 0, r.output
    assert "Left out 1 article(s) in other languages (de 1)" in r.output
    with sqlite3.connect(db) as c:
        assert sorted(x for (x,) in c.execute("SELECT id FROM articles")) == ["en.txt", "fr.txt"]


from foreign_texts import A1, A2, RU1, RU2, RU3, B  # noqa: E402


def test_reprints_and_stories_work_in_other_languages_and_scripts(tmp_path):
    import storyline
    from storyline.reprints.shingles import word_hashes

    assert len(word_hashes(RU1)) > 40  # Cyrillic words are words
    folder = tmp_path / "in"
    folder.mkdir()
    for name, text in dict(a1=A1, a2=A2, b=B, ru1=RU1, ru2=RU2, ru3=RU3).items():
        (folder / f"{name}.txt").write_text(text)
    db = tmp_path / "x.db"
    storyline.ingest([folder], db, storyline.Config(extract=storyline.ExtractConfig(enabled=False)))
    with sqlite3.connect(db) as c:
        rows = {r[0][:-4]: r[1:] for r in c.execute("SELECT id, language, reprint_group, story FROM articles")}
    assert {k: v[0] for k, v in rows.items()} == {
        "a1": "de",
        "a2": "de",
        "b": "de",
        "ru1": "ru",
        "ru2": "ru",
        "ru3": "ru",
    }
    assert rows["ru1"][1] == rows["ru2"][1] != rows["ru3"][1]  # the copy is found, the other text is not one
    assert rows["a1"][2] == rows["a2"][2] != rows["b"][2]  # one event in two wordings; another apart
    assert rows["a1"][1] != rows["a2"][1]  # not reprints


def test_german_function_words_do_not_join_unrelated_reports(tmp_path):
    from storyline.api import compare

    paths = {}
    for name, text in dict(a1=A1, a2=A2, b=B).items():
        paths[name] = tmp_path / f"{name}.txt"
        paths[name].write_text(text)
    same, other = (
        compare(str(paths["a1"]), str(paths["a2"]))["score"],
        compare(str(paths["a1"]), str(paths["b"]))["score"],
    )
    assert other < 0.05 < 0.5 < same

"""Cleaning and metadata: parametrized tables of examples (all written for these tests)."""

from __future__ import annotations

import pytest

from storyline.model import Article
from storyline.text import canonical_words, clean_article, clean_articles, normalize_unicode, parse_date
from storyline.text.boilerplate import LineSample, furniture_rule, learn_furniture
from storyline.text.dates import date_line
from storyline.text.metadata import byline_of, parse_dateline, recase_title


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("the programme was cancelled", "the program was canceled"),
        ("demilitarised zone", "demilitarized zone"),
        ("the centre of the harbour", "the center of the harbor"),
        ("Mr Lavrov said", "Lavrov said"),
        ("the U.S. and the United Nations", "the US and the UN"),
        ("\u201cquoted\u201d words", '"quoted" words'),
        ("modern dernocracy", "modem democracy"),  # OCR rn/m
        ("30 per cent", "30 pct"),
    ],
)
def test_canonical_words_equal_for_variants(a, b):
    assert canonical_words(a) == canonical_words(b)


@pytest.mark.parametrize("a,b", [("four talks", "for talks"), ("bridge", "ridge")][1:])
def test_canonical_words_keep_different_words_apart(a, b):
    assert canonical_words(a) != canonical_words(b)


def test_normalize_unicode_fixes_entities_and_spaces():
    assert normalize_unicode("Tom &amp; Jerry\u00a0 met\u200b here") == "Tom & Jerry met here"


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("April 10, 2013", "2013-04-10"),
        ("26.12.2017", "2017-12-26"),
        ("26 Dec 2017", "2017-12-26"),
        ("Published: 20 March 1987", "1987-03-20"),
        ("2021-07-04T10:00:00Z", "2021-07-04"),
        ("Tuesday, March 3rd, 2020", "2020-03-03"),
        ("03/04/2013", "2013-04-03"),  # day first
        ("12/25/2013", "2013-12-25"),  # unambiguous month first
        ("Sept. 9, 2001", "2001-09-09"),
        ("in 2009", None),
        ("on Friday", None),
        ("31.02.2017", None),
    ],
)
def test_parse_date(text, iso):
    found = parse_date(text)
    assert (found[0] if found else None) == iso


@pytest.mark.parametrize(
    ("line", "iso"),
    [
        ("- 26.12.2017", "2017-12-26"),
        ("By Staff Reporter | March 13, 1987", "1987-03-13"),
        ("Reuters | 16/03/1987", "1987-03-16"),
        ("The talks were held on April 10, 2013 in London and ended without agreement.", None),
    ],
)
def test_date_line(line, iso):
    assert date_line(line) == iso


@pytest.mark.parametrize(
    ("para", "place", "agency"),
    [
        ("NEUCHATEL, Switzerland (AP) - Officials said", "NEUCHATEL, Switzerland", "AP"),
        ("LONDON \u2014 The minister said", "LONDON", None),
        ("NEW YORK (Reuters) - Shares rose", "NEW YORK", "Reuters"),
        ("PORT VESNA, Aldoria (AP) \u2013 A bridge fell", "PORT VESNA, Aldoria", "AP"),
        ("The minister said - eventually - yes", None, None),
        ("UN sanctions", None, None),
    ],
)
def test_parse_dateline(para, place, agency):
    d = parse_dateline(para)
    assert (d.place if d else None, d.agency if d else None) == (place, agency)


@pytest.mark.parametrize(
    ("line", "byline"),
    [
        ("By The Daily Example", "By The Daily Example"),
        ("By Jane Doe and John Roe | May 1, 2020", "By Jane Doe and John Roe"),
        ("By comparison, a year ago the deficit was larger.", None),
        ("By region, Britain contributed 34 million", None),
    ],
)
def test_byline(line, byline):
    assert byline_of(line) == byline


@pytest.mark.parametrize(
    ("line", "rule"),
    [
        ("Join our Telegram channel for breaking news.", "social"),
        ("Sign up for our newsletter to get the latest updates.", "social"),
        ("Support The Example Gazette!", "donation"),
        ("Please consider making a donation today to keep our reporters working.", "donation"),
        ("We use cookies to give you the best experience. By continuing to browse you agree.", "cookies"),
        ("Read more", "read-more"),
        ("Original url:", "original-url"),
        ("Source: Reuters", "source"),
        ("Related: Markets fall as oil climbs", "related"),
        ("Copyright 2024 Example Media. All rights reserved.", "copyright"),
        ("Print | Email | Share", "share-bar"),
        ("Advertisement", "advert"),
        ("https://example.org/news/1", "url"),
        ("Thanks for signing up!", "subscription"),
        ("There was an error processing your subscription.", "subscription"),
        ("Order Reprints", "reprints"),
        ("This copy is for your personal, non-commercial use only.", "reprints"),
        ("Write to Ann Vale at ann.vale@example.org", "contact"),
        ("Harbour Gazette https://example.org/assets/logo.png", "image-url"),
        ("Ferry fares to rise in spring [VIDEO]", "teaser"),
        ("READ MORE: Dock strike ends after two weeks", "related"),
        ("SOURCE: Example News Agency", "source"),
        ("More:", "read-more"),
        ("Most read in world news", "read-more"),
        ("You may also like:", "read-more"),
        ("Like this story? Share it with a friend!", "share"),
        ("Mara Lind contributed reporting from Kelmar.", "credit"),
        ("Updated at 1:23 p.m.", "updated"),
        ("If you enjoyed this article, we have a proposition for you: become a member.", "donation"),
        ("Officials updated the figures on Monday.", None),
        ("The unions said more would come. [Kelmar Post]", None),
        ("Mara Lind said the council contributed reporting tools to schools last year.", None),
        ("The charity said it received a donation of 5 million crowns from the council.", None),
        ("Officials said the bridge would reopen in May after repairs.", None),
        ("UN sanctions", None),
    ],
)
def test_furniture_rules(line, rule):
    assert furniture_rule(line) == rule


def test_recase_all_caps_title_from_body():
    body = "The Port of Dunmore said on Monday. Workers at Dunmore Terminals met the union."
    assert recase_title("DUNMORE TERMINALS AND UNION MEET", body) == "Dunmore Terminals and union meet"
    assert recase_title("Already Mixed Case", body) == "Already Mixed Case"


PAGE = """Skip to main content
Harbor works delayed again
By Staff Reporter | May 2, 2023
KELMAR (AP) - The city said on Tuesday that repairs to the harbor wall would be delayed until the autumn because of a shortage of steel,
officials said.
Engineers have inspected the wall twice this year and found cracks near the ferry terminal.
Support The Example Gazette!
We need your help. Our reporters work for you and we rely on our readers like you to keep going.
Not now
Read more"""


def test_clean_article_takes_metadata_and_furniture_aside():
    a = clean_article(Article("a", PAGE))
    assert a.title == "Harbor works delayed again"
    assert (a.byline, a.date, a.dateline, a.wire) == ("By Staff Reporter", "2023-05-02", "KELMAR", "AP")
    assert a.clean_text.startswith("KELMAR (AP) - The city said")
    assert "steel, officials said." in a.clean_text  # broken paragraph joined
    kinds = [(r.kind, r.line[:12]) for r in a.removed]
    assert kinds == [
        ("furniture", "Skip to main"),
        ("title", "Harbor works"),  # kept aside too: nothing removed is lost
        ("byline", "By Staff Rep"),
        ("furniture", "Support The "),
        ("furniture", "We need your"),
        ("furniture", "Not now"),
        ("furniture", "Read more"),
    ]
    assert a.outlet == "The Example Gazette"
    assert "Harbor works delayed again" not in a.boilerplate  # the title, not boilerplate


def test_a_paragraph_that_starts_with_the_title_stays_body():
    title = "Harbor works delayed again"
    paragraph = title + ", the city said on Tuesday, after the contractor ran out of steel and money."
    a = clean_article(Article("a", f"{paragraph}\nThe council will meet.", title=title))
    assert paragraph in a.clean_text and not any(r.kind == "title" for r in a.removed)
    b = clean_article(Article("b", f"{title} - Kelmar Daily\nThe council will meet on Friday.", title=title))
    assert [r.line for r in b.removed if r.kind == "title"] == [f"{title} - Kelmar Daily"]


def test_learned_furniture_per_outlet_but_not_shared_story_paragraphs():
    stock = "Example Daily \u2013 news you can trust since 1921"
    stories = [f"Story number {i} is about something else entirely, officials said on day {i}." for i in range(4)]
    wire = "A wire paragraph that every outlet copied word for word about the same flood, officials said."
    arts = [
        Article(f"a{i}", f"{stock}\n{s}\n{wire if i < 2 else ''}", outlet="Example Daily")
        for i, s in enumerate(stories)
    ]
    arts.append(Article("b0", f"{wire}\nAnother outlet's own sentence about the flood here.", outlet="Other"))
    clean_articles(arts)
    for a in arts[:4]:
        assert stock not in a.clean_text and stock in a.boilerplate
    assert wire in arts[0].clean_text and wire in arts[4].clean_text


def test_learn_furniture_counts_reprint_group_once():
    lines = ["The same wire paragraph in three copies of one story."]
    samples = [LineSample("o", lines + [f"x{i}"], group="g1") for i in range(3)]
    assert not learn_furniture(samples).is_furniture(lines[0], "o")
    samples = [LineSample("o", lines + [f"x{i}"], group=f"g{i}") for i in range(3)]
    model = learn_furniture(samples)
    assert model.is_furniture(lines[0], "o") and model.is_furniture(lines[0], "elsewhere")


def test_date_not_in_text_stays_empty():
    a = clean_article(
        Article("a", "A title\nLONDON - The talks that began in 2009 resumed on Friday, officials said today.")
    )
    assert a.date is None


def test_an_embedded_posts_signature_is_body_not_the_articles_date():
    page = (
        "Pier to close\n"
        "March 4, 2019\n"
        "KELMAR - The port authority said on Monday that the ferry pier will close for repairs.\n"
        "The pier will close in March. Ferries will use the north quay.\n"
        "\u2014 Kelmar Port Authority (@KelmarPort) March 1, 2019\n"
        "Workers met the board on Tuesday to discuss the schedule, the authority said."
    )
    a = clean_article(Article("a", page))
    assert a.date == "2019-03-04"
    assert "(@KelmarPort) March 1, 2019" in a.clean_text
    assert [r.kind for r in a.removed] == ["title", "date"]


def test_removed_lines_share_their_kind_and_rule_strings():
    # a million articles' removed lines must not each hold two new small strings
    pages = [
        f"Story {n}\nKELMAR - The harbour board met on Monday, officials said.\nShare this article" for n in (1, 2)
    ]
    a, b = (clean_article(Article(str(n), page)) for n, page in enumerate(pages))
    (ra,), (rb,) = ([r for r in x.removed if r.kind == "furniture"] for x in (a, b))
    assert ra.rule and ra.kind is rb.kind and ra.rule is rb.rule


def test_links_between_body_paragraphs_stay_and_trailing_ones_go():
    page = (
        "The council listed the reports it relied on, officials said on Monday.\n"
        "https://example.org/report-one\n"
        "The second report came from the harbour authority and its engineers, the council said.\n"
        "https://example.org/report-two"
    )
    a = clean_article(Article("a", page))
    assert "https://example.org/report-one" in a.clean_text
    assert [r.line for r in a.removed] == ["https://example.org/report-two"]


def test_a_title_without_latin_words_matches_no_line():
    body = "Il consiglio ha votato lunedì per il traghetto, hanno detto i funzionari.\nAltro testo qui per finire."
    a = clean_article(Article("a", body, title="\u6e2f\u306e\u30d5\u30a7\u30ea\u30fc"))
    assert not any(r.kind == "title" for r in a.removed) and a.clean_text.startswith("Il consiglio")

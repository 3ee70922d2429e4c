"""Who said what: quote rules, speaker resolution, name variants, merging, the stage.

Every text here is written for these tests.
"""

from __future__ import annotations

import pytest

from storyline.extract import extract_texts
from storyline.extract.merge import merge_entities, merge_quotes
from storyline.extract.names import name_key
from storyline.extract.quotes import find_quotes
from storyline.model import Article

# (text, quoted words expected (a substring), kind, speaker as written)
QUOTE_CASES = [
    (
        '"The bridge will open in May," Mayor Ada Brandt said.',
        "The bridge will open in May",
        "direct",
        "Mayor Ada Brandt",
    ),
    ('"We are ready," said Ada Brandt, the mayor of Tessel.', "We are ready", "direct", "Ada Brandt"),
    ('Ada Brandt said: "The council has spoken."', "The council has spoken.", "direct", "Ada Brandt"),
    ('Brandt told reporters: "Nothing is decided."', "Nothing is decided.", "direct", "Brandt"),
    ('"The ferry is late," Brandt, who spoke in Dutch, said.', "The ferry is late", "direct", "Brandt"),
    ('"First," Brandt added, "we fix the roads."', "First, we fix the roads.", "direct", "Brandt"),
    (
        "The union warned the talks were \u201cclose to collapse\u201d after the vote.",
        "the talks were \u201cclose to collapse\u201d after the vote",
        "fragment",
        "The union",
    ),
    (
        "The minister said that the border would reopen on Monday.",
        "that the border would reopen on Monday",
        "indirect",
        "The minister",
    ),
    ("Prices will rise again next year, a central bank official said.", "Prices will rise again", "indirect", None),
    (
        "According to the harbour authority, two ships ran aground overnight.",
        "two ships ran aground overnight",
        "indirect",
        "the harbour authority",
    ),
    (
        "''The tide turned early,'' Mr. Oduya said on Tuesday.",
        "The tide turned early",
        "direct",
        "Mr. Oduya",
    ),
]


@pytest.mark.parametrize(("text", "words", "kind", "speaker"), QUOTE_CASES)
def test_quote_rules(text, words, kind, speaker):
    found = find_quotes(text)
    assert len(found) == 1, [q.text for q in found]
    q = found[0]
    assert words in q.text and q.kind == kind
    if speaker is not None:
        assert q.speaker == speaker
    assert text[q.start : q.end].startswith(q.text[:5])  # the span starts at the quoted words


@pytest.mark.parametrize(
    "text",
    [
        "The mayor was criticized for the delay on the ferry line last winter.",  # passive: no speaker
        "Officials could deny the permits if the clean-up is not finished.",  # a modal: nothing stated
        "She has not revealed which ships will be sold this year.",  # negated
        'He appeared on "Morning Harbour," a radio show, on Sunday.',  # a quoted title, no cue
        "THE COUNCIL SAYS THE BRIDGE WILL OPEN",  # a headline states nothing
    ],
)
def test_no_quote_where_nothing_is_stated(text):
    assert find_quotes(text) == []


def test_multi_paragraph_quote_is_one():
    text = '"The first part of the plan is simple.\n\n"The second part is harder," Brandt said.'
    (q,) = find_quotes(text)
    assert "first part" in q.text and "second part" in q.text and q.speaker == "Brandt"


pytest.importorskip("spacy", reason="spaCy (a core dependency) is not installed")


def test_speakers_resolve_to_full_names_and_descriptions_stay():
    text = (
        "TESSEL, Norland - Norland's Transport Minister Ada Brandt said on Friday the bridge would open in May.\n\n"
        '"We have waited long enough," Ms Brandt told reporters.\n\n'
        '"It is a good day," she said.\n\n'
        '"Look, the budget is tight," a senior Treasury official said.'
    )
    (ex,) = extract_texts([text])
    speakers = [(q.speaker_name, q.speaker_type) for q in ex.quotes]
    assert speakers[:3] == [("Ada Brandt", "person")] * 3
    assert speakers[3] == ("a senior Treasury official", "described")
    brandt = [m for m in ex.mentions if m.name == "Ada Brandt"]
    assert {m.text for m in brandt} >= {"Ada Brandt", "Ms Brandt"}
    assert brandt[0].role in ("Norland's Transport Minister", "Transport Minister")
    assert any(m.text == "TESSEL" and m.type == "place" for m in ex.mentions)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Sergey Lavrov", "Sergei Lavrov"),
        ("Kim Jong Un", "Kim Jong-un"),
        ("U.S.", "United States"),
        ("US", "the United States"),
        ("UN", "United Nations"),
        ("Mr. Lavrov's", "Lavrov"),
    ],
)
def test_name_variants_share_a_key(a, b):
    assert name_key(a) == name_key(b)


def _article(aid: str, text: str, date: str, story: str) -> Article:
    a = Article(aid, text, date=date, story=story)
    a.clean_text = text
    return a


def test_quotes_merge_across_copies_respellings_and_trims():
    full = (
        "Harbour master Piet Oduya warned on Monday of delays.\n\n"
        '"The new programme was cancelled because the dredging contract collapsed, and we will not '
        'know more until the spring," Oduya said.'
    )
    respelled = full.replace("programme", "program").replace("cancelled", "canceled").replace('," Oduya', '", Oduya')
    trimmed = (
        "Piet Oduya spoke to reporters in Tessel.\n\n"
        '"The new program was canceled because the dredging contract collapsed," Oduya said.'
    )
    other = '"The ferry timetable stays as it is," Oduya said of a separate matter.\n\nPiet Oduya left.'
    arts = [
        _article("a", full, "2024-03-04", "s1"),
        _article("b", respelled, "2024-03-05", "s1"),
        _article("c", trimmed, "2024-03-03", "s1"),
        _article("d", other, "2024-03-06", "s2"),
    ]
    for art, ex in zip(arts, extract_texts([a.body for a in arts]), strict=True):
        art.mentions, art.quotes = ex.mentions, ex.quotes
    entities, key_to_id = merge_entities(arts)
    quotes = merge_quotes(arts, key_to_id, {e.id: e.name for e in entities})
    dredging = [q for q in quotes if "dredging" in q.text]
    assert len(dredging) == 1
    q = dredging[0]
    assert {x["id"] for x in q.articles} == {"a", "b", "c"}
    assert q.first_date == "2024-03-03" and q.speaker == "Piet Oduya" and q.kind == "direct"
    assert len(q.variants) >= 2 and "cancelled" in q.text  # the fullest wording
    oduya = next(e for e in entities if e.name == "Piet Oduya")
    assert set(oduya.stories) == {"s1", "s2"} and q.speaker_entity == oduya.id
    assert any("ferry timetable" in x.text for x in quotes)


def test_two_people_with_one_surname_stay_apart():
    arts = [
        _article(
            "a", "Anna Berg, the mayor, opened the bridge. Berg said the bridge cost too much.", "2024-01-01", "s"
        ),
        _article("b", "Tom Berg, a fisherman, sold his boat. He said prices were low.", "2024-01-02", "t"),
        _article("c", "Critics wrote to Berg about the bridge tolls again on Friday.", "2024-01-03", "u"),
    ]
    for art, ex in zip(arts, extract_texts([a.body for a in arts]), strict=True):
        art.mentions = ex.mentions
    entities, _ = merge_entities(arts)
    people = {e.name for e in entities if e.type == "person"}
    assert {"Anna Berg", "Tom Berg"} <= people
    assert "Berg" in people  # a bare surname with two candidates is not guessed


def test_ingest_extracts_only_changed_texts(tmp_path, monkeypatch):
    import storyline
    from storyline import extract

    folder = tmp_path / "in"
    folder.mkdir()
    texts = {
        "a.txt": 'TESSEL - "The bridge opens in May," Mayor Ada Brandt said on Friday.\n\nThe council agreed.',
        "b.txt": 'The harbour master Piet Oduya said the ferry would run all winter.\n\n"It is safe," Oduya said.',
    }
    for name, text in texts.items():
        (folder / name).write_text(text)
    seen: list[str] = []
    real = extract.extract_texts

    def counting(batch, recognise="speech"):
        seen.extend(batch)
        return real(batch, recognise)

    monkeypatch.setattr(extract, "extract_texts", counting)
    db = tmp_path / "x.db"
    report = storyline.ingest([folder], db)
    assert len(seen) == 2 and report.quotes >= 3 and report.entities >= 3
    (folder / "b.txt").write_text(texts["b.txt"].replace("all winter", "until March"))
    seen.clear()
    storyline.ingest([folder], db)
    assert len(seen) == 1 and "until March" in seen[0]
    assert any("until March" in q.text for q in storyline.list_quotes(db, speaker="Oduya"))
    assert [q.speaker for q in storyline.list_quotes(db, speaker="brandt")] == ["Ada Brandt"]


def test_extraction_in_two_processes_gives_the_same_records(monkeypatch):
    from storyline.config import Config
    from storyline.pipeline import executors as parallel
    from storyline.pipeline import stages as pipeline

    texts = [
        f'"Shipment {i} left the port," harbour master Piet Oduya said on Monday.\n\nMs Ada Brandt said it was late.'
        for i in range(6)
    ]
    arts = [Article(f"a{i}", t) for i, t in enumerate(texts)]
    monkeypatch.setattr(parallel, "PARALLEL_MIN_ARTICLES", 1)
    monkeypatch.setattr(pipeline, "CHUNK", 2)
    one = pipeline.ExtractStage(Config(workers=1)).run(pipeline.Batch(arts))
    one_records = [(a.mentions, a.quotes) for a in one.articles]
    two = pipeline.ExtractStage(Config(workers=2)).run(pipeline.Batch([a.reset() for a in arts]))
    assert [(a.mentions, a.quotes) for a in two.articles] == one_records
    assert all(q for _, q in one_records)


def _extracted(text: str):
    """What the extraction stage finds in one text."""
    (found,) = extract_texts([text])
    return found


@pytest.mark.parametrize(
    ("text", "content", "speaker"),
    [
        (
            "Mayor Ilse Brandt told the Kelmar Post last week she would rather close the pier than raise fares.",
            "she would rather close the pier than raise fares",
            "Ilse Brandt",
        ),
        (
            "Brandt told a news conference they are ready to sign the harbour deal.",
            "they are ready to sign the harbour deal",
            "Brandt",
        ),
        (
            "Brandt told the Kelmar Post she\u2019d rather close the pier than raise fares.",
            "she\u2019d rather close the pier than raise fares",
            "Brandt",
        ),
    ],
)
def test_told_an_addressee_then_a_clause_without_that(text, content, speaker):
    found = _extracted(text)
    assert [(text[q.start : q.end], q.speaker_name) for q in found.quotes] == [(content, speaker)]


def test_told_an_addressee_and_no_statement_is_not_a_quote():
    found = _extracted("The harbour board told the ferry company about the new timetable on Monday.")
    assert found.quotes == []


@pytest.mark.parametrize(
    ("text", "content", "speaker", "cue"),
    [
        (
            "\u201cWill the pier reopen this year?\u201d Brandt asked. \u201cNobody can promise that.\u201d",
            "Will the pier reopen this year? Nobody can promise that.",
            "Brandt",
            "asked",
        ),
        (
            "The harbour board met on Monday. Brandt said:\n\n\u201cWe will not raise the fares this year, whatever the cost.\u201d",
            "We will not raise the fares this year, whatever the cost.",
            "Brandt",
            "said",
        ),
        (
            "Brandt asked the ferry company to publish its timetable before the summer.",
            "the ferry company to publish its timetable before the summer",
            "Brandt",
            "asked",
        ),
        (
            "Brandt vowed to keep the pier open through the winter storms.",
            "to keep the pier open through the winter storms",
            "Brandt",
            "vowed",
        ),
    ],
)
def test_questions_colon_paragraphs_requests_and_promises(text, content, speaker, cue):
    found = _extracted(text)
    got = [
        (" ".join(text[a:b] for a, b in q.parts) if q.parts else text[q.start : q.end], q.speaker_name, q.cue)
        for q in found.quotes
    ]
    assert got == [(content, speaker, cue)]


def test_a_statement_in_a_relative_clause_and_the_main_one():
    text = "Ilse Brandt, who said she rarely takes the ferry, said the new timetable would suit commuters."
    found = _extracted(text)
    assert [(text[q.start : q.end], q.speaker_name, q.cue) for q in found.quotes] == [
        ("she rarely takes the ferry", "Ilse Brandt", "said"),
        ("the new timetable would suit commuters", "Ilse Brandt", "said"),
    ]
    found = _extracted("Brandt, who spoke to reporters at the pier, said the ferry would run again in May.")
    assert [q.cue for q in found.quotes] == ["said"]  # "who spoke to reporters" states nothing


def test_a_long_according_to_source_keeps_its_head():
    text = (
        "According to early results of a harbour survey conducted for the Kelmar Post and two radio stations, "
        "most ferry users want the pier kept open."
    )
    found = _extracted(text)
    assert [(text[q.start : q.end], q.speaker_name) for q in found.quotes] == [
        ("most ferry users want the pier kept open", "early results of a harbour survey")
    ]


def test_quoted_words_that_begin_a_longer_clause_are_a_fragment():
    text = "Brandt said \u201cit makes me angry\u201d every time the ferry is late in the winter months."
    found = _extracted(text)
    assert [(text[q.start : q.end], q.kind) for q in found.quotes] == [
        ("\u201cit makes me angry\u201d every time the ferry is late in the winter months", "fragment")
    ]
    text = "Brandt said \u201cit makes me angry\u201d and left the meeting."
    found = _extracted(text)
    assert [(text[q.start : q.end], q.kind) for q in found.quotes] == [("it makes me angry", "direct")]


@pytest.mark.parametrize(
    "text",
    [
        "Mayor Ilse Brandt changed her mind at the meeting \u2013 saying the pier should stay open all winter.",
        "Mayor Ilse Brandt studied the new timetable while saying the pier should stay open all winter.",
    ],
)
def test_a_participle_after_a_dash_or_while_reports_the_subject(text):
    found = _extracted(text)
    assert [(text[q.start : q.end], q.speaker_name) for q in found.quotes] == [
        ("the pier should stay open all winter", "Ilse Brandt")
    ]


def test_a_question_closing_a_nested_quote_is_attributed_after_it():
    text = "\u201cHer first answer was, \u2018What can we do to help?\u2019\u201d Brandt told reporters."
    found = _extracted(text)
    assert [q.speaker_name for q in found.quotes] == ["Brandt"]


def test_a_question_put_by_someone():
    text = "Asked by the Kelmar Post whether the pier would reopen in May, Brandt said the repairs were on time."
    found = _extracted(text)
    assert [(text[q.start : q.end], q.speaker_name, q.cue) for q in found.quotes] == [
        ("whether the pier would reopen in May", "Kelmar Post", "asked"),
        ("the repairs were on time", "Brandt", "said"),
    ]
    text = "Brandt was asked by a reporter if the ferry fares would rise this year."
    found = _extracted(text)
    assert [(text[q.start : q.end], q.speaker_name) for q in found.quotes] == [
        ("if the ferry fares would rise this year", "a reporter")
    ]


def test_adding_after_an_attribution_starts_a_new_quote():
    text = (
        "\u201cThe pier will close for the winter,\u201d Mayor Ilse Brandt said, adding, "
        "\u201cWe will open it again as soon as the repairs are done.\u201d"
    )
    found = _extracted(text)
    got = [(q.text, q.cue, q.speaker_name) for q in found.quotes]
    assert got == [
        ("The pier will close for the winter", "said", "Mayor Ilse Brandt"),
        ("We will open it again as soon as the repairs are done.", "adding", "Mayor Ilse Brandt"),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (  # inverted verb, the speaker in apposition
            "The ferry fares will rise in May, said Tomas Ekberg, a transport economist at the Kelmar institute.",
            [("The ferry fares will rise in May", "said", "Tomas Ekberg")],
        ),
        (  # an appositive that starts with its owner's name is not the speaker
            "Ilse Brandt, Kelmar's harbour master, said the pier would reopen in May.",
            [("the pier would reopen in May", "said", "Ilse Brandt")],
        ),
        (  # an initial in an inverted speaker's name
            "\u201cThe pier is safe,\u201d said Tomas J. Ekberg, an engineer.",
            [("The pier is safe", "said", "Tomas J. Ekberg")],
        ),
        (  # a message says it (its sender, the sentence's subject, is left to resolution)
            "The harbour board issued a statement saying the pier would stay closed until the summer.",
            [("the pier would stay closed until the summer", "saying", None)],
        ),
        (  # a short statement
            "Brandt said the plan works.",
            [("the plan works", "said", "Brandt")],
        ),
        (  # a statement after a scare quote, by the sentence's subject
            "Brandt called the plan \u201creckless\u201d and said the harbour board had ignored the engineers.",
            [("the harbour board had ignored the engineers", "said", "Brandt")],
        ),
        (  # a present-tense verb after a plural subject
            "Harbour engineers argue that the pier cannot survive another winter.",
            [("that the pier cannot survive another winter", "argue", "Harbour engineers")],
        ),
        (  # an inverted told with its addressee
            "The pier had been unsafe for years, a harbour spokesman told the Kelmar Post.",
            [("The pier had been unsafe for years", "told", "a harbour spokesman")],
        ),
        (  # a subject with a dashed aside
            "Brandt \u2014 who ran the harbour for a decade \u2014 said the repairs were on time.",
            [("the repairs were on time", "said", "Brandt")],
        ),
        (  # an inserted according to: the sentence is the statement
            "The cost of the repairs, according to the harbour board, has doubled since March.",
            [
                (
                    "The cost of the repairs, according to the harbour board, has doubled since March",
                    "according to",
                    "the harbour board",
                )
            ],
        ),
        (  # according to before a second clause
            "The fares rose by a third according to the harbour board, but the ferries are still full.",
            [("The fares rose by a third", "according to", "the harbour board")],
        ),
        (  # the question a quote answers
            "\u201cWe will see,\u201d Brandt said when asked whether the pier would reopen in May.",
            [
                ("We will see", "said", "Brandt"),
                ("whether the pier would reopen in May", "asked", None),
            ],
        ),
    ],
)
def test_inverted_appositive_message_and_short_statements(text, expected):
    found = _extracted(text)
    assert [(q.text, q.cue, q.speaker_name) for q in found.quotes] == expected


def test_two_apostrophe_quotes_go_on_after_a_sentence_of_attribution():
    text = (
        "''The pier is safe,'' said Tomas J. Ekberg, an engineer who inspected it in March. "
        "''The storms did less damage than we feared.''"
    )
    found = _extracted(text)
    assert [(q.text, q.speaker_name) for q in found.quotes] == [
        ("The pier is safe, The storms did less damage than we feared.", "Tomas J. Ekberg")
    ]


def test_a_participle_reports_the_sentence_subject_not_the_last_name():
    text = (
        "Mayor Ilse Brandt rebuked Tomas Ekberg on Monday, saying the harbour board had ignored the engineers "
        "for two years."
    )
    found = _extracted(text)
    assert [(q.text, q.speaker_name) for q in found.quotes] == [
        ("the harbour board had ignored the engineers for two years", "Ilse Brandt")
    ]


def test_two_statements_opening_alike_keep_apart_with_their_own_ids():
    from storyline.extract.merge import merge_entities, merge_quotes
    from storyline.model import Article

    opening = "The harbour board will close the ferry pier at Kelmar for repairs this winter and"
    texts = [
        f"\u201c{opening} open it again in May with a longer landing for the larger ferries,\u201d Ilse Brandt said.",
        f"\u201c{opening} then sell the old ticket office to the town museum for one euro,\u201d Ilse Brandt said.",
    ]
    articles = []
    for n, text in enumerate(texts):
        a = Article(f"a{n}", text)

        (found,) = extract_texts([text])
        a.mentions, a.quotes = found.mentions, found.quotes
        articles.append(a)
    _, key_to_id = merge_entities(articles)
    quotes = merge_quotes(articles, key_to_id)
    assert len(quotes) == 2  # not the same statement ...
    assert len({q.id for q in quotes}) == 2  # ... so not the same id

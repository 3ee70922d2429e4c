"""Cleaning: turn a scraped page's text into a clean body plus metadata.

``clean_article`` is a pure function of the article and a learned :class:`FurnitureModel`:
it classifies each line (generic furniture, learned furniture, metadata line, title,
body), takes the trailing furniture block whole, reads the metadata, joins paragraphs
broken mid-sentence and fills the article's fields.  Every removed line is kept in
``article.removed`` with its reason.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from typing import Any

from ..config import CleanConfig
from ..model import Article, Removed
from .boilerplate import FurnitureModel, LineKeys, LineSample, furniture_rule, is_weak, learn_from_keys, line_keys
from .dates import date_line, revision_line
from .headlines import (
    BODY_MIN_WORDS,
    SENTENCE_END,
    TITLE_JOINERS,
    continues_headline,
    headline_shaped,
    headline_text,
)
from .language import detect_language
from .metadata import (
    names_outlet,
    outlet_in,
    parse_dateline,
    read_byline,
    recase_title,
    source_line,
    wire_name,
)
from .normalize import canonical_words, normalize_unicode
from .outlets import outlet_and_source, site_name, url_host

_URL = re.compile(r"https?://\S+|www\.\S+")
# A learned line this short is furniture even when it ends like a sentence.
_WEAK_WORDS = 4


def _is_body_like(line: str) -> bool:
    words = len(line.split())
    if parse_dateline(line) and words >= 4:
        return True
    return words >= BODY_MIN_WORDS and bool(SENTENCE_END.search(line))


def site_key(article: Article, lines: list[str]) -> str | None:
    """The key under which an article's site furniture is learned and looked up: the
    outlet the input gives, else the page's own site name, else the outlet the text
    names, else the URL's host, else the sub-folder the file came from."""
    given = article.given_fields()
    if given.get("outlet"):
        return str(given["outlet"]).strip().lower()
    page = site_name(article)
    if page:
        return page.lower()
    named = next((n for n in map(outlet_in, lines) if n), None)
    if named:
        return named.lower()
    url = given.get("url")
    if url:
        host = url_host(url)
        if host:
            return host.removeprefix("www.")
    folder = os.path.dirname(article.id) if "/" in article.id else ""
    return f"folder:{folder}" if folder else None


def _lines(article: Article) -> list[str]:
    return [x.strip() for x in normalize_unicode(article.text).split("\n") if x.strip()]


def _tail_block(lines: list[str], marks: list[str | None]) -> None:
    """Extend the trailing furniture block over weak lines (in place on ``marks``)."""
    start = len(lines)
    i = len(lines) - 1
    while i >= 0 and (marks[i] is not None or is_weak(lines[i])):
        i -= 1
    start = i + 1
    while start < len(lines) and marks[start] is None:
        start += 1  # the block begins at a real furniture line
    for j in range(start, len(lines)):
        if marks[j] is None:
            marks[j] = "furniture:block"


def _join_broken(paragraphs: list[str]) -> list[str]:
    """Join a paragraph that ends mid-sentence with the one that continues it."""
    out: list[str] = []
    for p in paragraphs:
        if out:
            prev = out[-1]
            if prev.endswith((",", ";")) or (prev[-1:].islower() and p[:1].islower()):
                out[-1] = prev + " " + p
                continue
        out.append(p)
    return out


# A title line may carry a few words more than the title given ("... - Site Name").
_TITLE_EXTRA_WORDS = 6


def _same_title(line: str, title: str) -> bool:
    """Whether ``line`` is the title: the same words, or one a prefix of the other with
    at most a few words more (a paragraph that merely starts with the title is body)."""
    a, b = canonical_words(line), canonical_words(title)
    if not a or not b or abs(len(a) - len(b)) > _TITLE_EXTRA_WORDS:
        return False
    return a == b or (len(a) >= 4 and (a == b[: len(a)] or b == a[: len(b)]))


def classify_lines(lines: list[str], outlet: str | None, furniture: FurnitureModel | None) -> list[str | None]:
    """One mark per line: ``"furniture:<rule>"``, ``"learned"`` or None (not furniture)."""
    marks: list[str | None] = []
    for line in lines:
        rule = None if parse_dateline(line) else furniture_rule(line)
        learned = furniture.learned_as(line, outlet) if furniture is not None and not rule else None
        if rule:
            marks.append(f"furniture:{rule}")
        elif learned:
            marks.append("learned" if learned == "outlet" else "learned:anywhere")
        else:
            marks.append(None)
    _keep_interior_sentences(lines, marks)
    _keep_interior_links(lines, marks)
    _tail_block(lines, marks)
    return marks


def _keep_interior_links(lines: list[str], marks: list[str | None]) -> None:
    """A bare link between body paragraphs is the article's (a list of sources, of
    products); only links before the first or after the last body line are furniture."""
    body = [i for i, (line, m) in enumerate(zip(lines, marks, strict=True)) if m is None and _is_body_like(line)]
    if len(body) < 2:
        return
    for i in range(body[0] + 1, body[-1]):
        if marks[i] == "furniture:url":
            marks[i] = None


def _keep_interior_sentences(lines: list[str], marks: list[str | None]) -> None:
    """Unmark learned lines inside the body that read as sentences.

    An outlet's stock sentence ("Analysts said the move had been widely expected.")
    repeats across its articles but is text of each; furniture inside the body is an
    ad or link line, not a sentence.  Lines learned across outlets ("Year", a table's
    row heading) count only at the page's edges.  At the edges, learned lines always go.
    """
    head = 0
    while head < len(lines) and not (
        _is_body_like(lines[head]) and (marks[head] is None or marks[head].startswith("learned"))
    ):
        head += 1
    tail = len(lines)
    while tail > head and marks[tail - 1] is not None:
        tail -= 1
    while tail < len(lines) and (
        marks[tail] == "learned:anywhere" or (marks[tail] == "learned" and _is_sentence(lines[tail]))
    ):
        tail += 1  # the body's last lines, before the footer's first furniture line
    for i in range(head, tail):
        if (marks[i] == "learned" and _is_sentence(lines[i])) or marks[i] == "learned:anywhere":
            marks[i] = None


def _is_sentence(line: str) -> bool:
    return bool(SENTENCE_END.search(line)) and len(line.split()) > _WEAK_WORDS


def clean_article(
    article: Article,
    furniture: FurnitureModel | None = None,
    config: CleanConfig = CleanConfig(),
) -> Article:
    """Clean ``article`` in place and return it.

    Fills ``clean_text``, ``removed`` and, where the text states them and the input did
    not, ``title``, ``date``, ``byline``, ``dateline``, ``wire``, ``url`` and ``outlet``.

    >>> page = "Big news\\nLONDON (AP) - It rained all day in the city, officials said.\\nRead more"
    >>> a = clean_article(Article("x", page))
    >>> a.title, a.dateline, a.wire, a.boilerplate
    ('Big news', 'LONDON', 'AP', ['Read more'])
    """
    lines = _lines(article)
    given_outlet = article.outlet
    marks = classify_lines(lines, site_key(article, lines), furniture)
    removed: list[Removed] = []
    body: list[str] = []
    found: dict[str, str] = {}
    in_header = True
    continues_title = False
    for line, mark in zip(lines, marks, strict=True):
        if mark is not None:
            kind, _, rule = mark.partition(":")
            removed.append(Removed(line, kind, rule))
            _note_furniture(line, rule, found, config.dayfirst)
            continue
        is_title = in_header and _title_candidate(line, article, found, config)
        if in_header and not is_title and _is_body_like(line):
            in_header = False
        if continues_title and continues_headline(found["title"], line):
            found["title"] = headline_text(found["title"] + " " + line)
            removed.append(Removed(line, "title"))
            continues_title = False
            continue
        meta = _metadata_line(line, is_title, article, found, config)
        continues_title = meta == "title" and not article.title and found["title"].endswith(TITLE_JOINERS)
        if meta:
            removed.append(Removed(line, meta))
            continue
        body.append(line)
    if config.join_broken_paragraphs:
        body = _join_broken(body)
    _fill_metadata(article, body, found, given_outlet)
    article.clean_text = "\n\n".join(body)
    article.language = detect_language(article.clean_text)
    article.removed = removed
    return article


def _note_furniture(line: str, rule: str, found: dict[str, str], dayfirst: bool = True) -> None:
    """Metadata that furniture lines carry: the original URL, a wire source, the outlet,
    the date a "Published: ..." line gives (not an "Updated: ..." one's)."""
    if rule == "updated" and not revision_line(line, dayfirst=dayfirst):
        iso = date_line(line, dayfirst=dayfirst)
        if iso:
            found.setdefault("date", iso)
    if rule in ("original-url", "url"):
        m = _URL.search(line)
        if m:
            found.setdefault("url", m.group(0).rstrip(".,;)"))
    if rule == "source":
        name = line.split(":", 1)[1].strip()
        if name and wire_name(name):
            found.setdefault("wire", wire_name(name) or "")
    name = outlet_in(line)
    if name:
        _note_outlet(found, name)


def _title_candidate(line: str, article: Article, found: dict[str, str], config: CleanConfig) -> bool:
    """Whether a header line would be taken as the title (even one that ends like a
    sentence: "Headline." in saved texts)."""
    if "title" in found:
        return False
    if article.title:
        return _same_title(line, article.title)
    return headline_shaped(line, dayfirst=config.dayfirst)


def _metadata_line(
    line: str, is_title: bool, article: Article, found: dict[str, str], config: CleanConfig
) -> str | None:
    """The metadata kind of a line that is not body text, or None for a body line
    (``is_title``: the header line ``_title_candidate`` took for the title)."""
    if is_title:  # the given title as its line reads, or a headline found in the text
        found["title"] = line if article.title else headline_text(line)
        return "title"
    by = read_byline(line, dayfirst=config.dayfirst)
    if by:
        _note_byline(by, found)
        return "byline"
    src = source_line(line, dayfirst=config.dayfirst)
    if src:
        _note_outlet(found, src[0])
        found.setdefault("date", src[1])
        return "source"
    iso = date_line(line, dayfirst=config.dayfirst)
    if iso and revision_line(line, dayfirst=config.dayfirst):
        return "date"  # kept aside, but a correction's or an update's date is not the article's
    if iso:
        found.setdefault("date", iso)
        before = line.split("|")[0].strip()
        if "|" in line and wire_name(before):
            found.setdefault("wire", wire_name(before) or "")
        return "date"
    return None


def _note_outlet(found: dict[str, str], name: str) -> None:
    """Keep the first outlet name a text states, unless a later line states it in full
    ("By Courier Staff", then "Follow the Daily Courier": Daily Courier)."""
    prev = found.get("outlet")
    if prev is None or (name != prev and _fuller(name, prev)):
        found["outlet"] = name


def _fuller(longer: str, shorter: str) -> bool:
    """Whether ``longer`` holds the words of ``shorter`` in a row, and more.

    >>> _fuller("Daily Courier", "Courier"), _fuller("The Courier", "Courier"), _fuller("Courier", "Daily Courier")
    (True, False, False)
    """
    a = [w for w in longer.lower().split() if w != "the"]
    b = [w for w in shorter.lower().split() if w != "the"]
    return len(a) > len(b) and any(a[i : i + len(b)] == b for i in range(len(a) - len(b) + 1))


def _note_byline(by: Any, found: dict[str, str]) -> None:
    """What a byline line says: the byline, its date, and the wire agency or outlet
    named as its affiliation ("..., The Associated Press"; "By The Moscow Times")."""
    found.setdefault("byline", by.names)
    if by.date:
        found.setdefault("date", by.date)
    names = by.names.removeprefix("By ").removeprefix("by ").strip()
    head = names.split()[-1] if len(names.split()) <= 2 else ""
    wire = wire_name(by.affiliation or "") or wire_name(names) or wire_name(head)
    if wire:
        found.setdefault("wire", wire)
    outlet = outlet_in(by.names) or (
        by.affiliation if by.affiliation and not wire and names_outlet(by.affiliation) else None
    )
    if outlet:
        _note_outlet(found, outlet)


def _fill_metadata(article: Article, body: list[str], found: dict[str, str], given_outlet: str | None) -> None:
    if not article.title and found.get("title"):
        article.title = recase_title(found["title"], "\n".join(body))
    elif article.title:
        article.title = recase_title(article.title, "\n".join(body))
    article.date = article.date or found.get("date")
    article.byline = article.byline or found.get("byline")
    article.url = article.url or found.get("url")
    article.outlet, article.outlet_from = outlet_and_source(article, given_outlet, found.get("outlet"))
    dateline = parse_dateline(body[0]) if body else None
    if dateline:
        article.dateline = dateline.place
    article.wire = article.wire or (dateline.agency if dateline else None) or found.get("wire") or None


def article_line_keys(article: Article, config: CleanConfig = CleanConfig(), group: str | None = None) -> LineKeys:
    """What furniture learning counts of one article (``boilerplate.line_keys``)."""
    lines = _lines(article)
    return line_keys(LineSample(site_key(article, lines), lines, group), config.max_learned_line_chars)


def learn_from(keyed: Iterable[LineKeys], config: CleanConfig = CleanConfig()) -> FurnitureModel:
    """The site furniture of a corpus from its articles' ``article_line_keys``, in order."""
    return learn_from_keys(
        keyed, min_outlet_repeats=config.min_outlet_repeats, min_group_repeats=config.min_group_repeats
    )


def learn_model(
    articles: list[Article], config: CleanConfig = CleanConfig(), groups: dict[str, str] | None = None
) -> FurnitureModel:
    """The site furniture of a corpus: lines that recur across its articles.

    ``groups`` (article id -> reprint group) lets learning tell a wire paragraph shared
    by copies of one story from furniture shared by unrelated articles.
    """
    return learn_from((article_line_keys(a, config, groups.get(a.id) if groups else None) for a in articles), config)


def clean_articles(
    articles: Iterable[Article],
    config: CleanConfig = CleanConfig(),
    *,
    groups: dict[str, str] | None = None,
) -> tuple[list[Article], FurnitureModel]:
    """Learn site furniture from ``articles`` and clean each of them (``learn_model``,
    then ``clean_article`` on each)."""
    articles = list(articles)
    model = learn_model(articles, config, groups)
    for a in articles:
        clean_article(a, model, config)
    return articles, model


def reclean(
    article: Article, before: FurnitureModel, after: FurnitureModel, config: CleanConfig = CleanConfig()
) -> bool | None:
    """Clean ``article`` again with ``after`` if one of its lines gained or lost learned
    furniture status since ``before``, and say whether its cleaned text changed (None:
    no line changed status, the article is untouched).  Its reprint group stays."""
    outlet = site_key(article, lines := _lines(article))
    if not any(
        before.learned_as(x, outlet) != after.learned_as(x, outlet) and furniture_rule(x) is None for x in lines
    ):
        return None
    text_before, group = article.clean_text, article.reprint_group
    article.reset()
    clean_article(article, after, config)
    article.reprint_group = group
    return article.clean_text != text_before


def refine_cleaning(
    articles: list[Article], groups: dict[str, str], before: FurnitureModel, config: CleanConfig = CleanConfig()
) -> tuple[list[Article], FurnitureModel]:
    """Re-learn furniture now that reprint groups are known, and re-clean the articles
    whose lines gained or lost furniture status.  Returns those whose text changed.

    Counting repeats per reprint group stops a paragraph that one outlet ran in several
    copies of a story from being taken for furniture, and lets lines that recur across
    several unrelated stories be learned even where outlets are unknown.
    """
    after = learn_model(articles, config, groups)
    return [a for a in articles if reclean(a, before, after, config)], after

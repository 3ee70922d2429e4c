"""The records that flow through the pipeline.

One record type, :class:`Article`, travels through every stage; each stage fills in its
own fields (cleaning fills ``clean_text`` and the metadata, reprint detection fills
``reprint_group``, and so on).  Groupings produced by the later stages are plain
records too: :class:`ReprintGroup`, :class:`Story`, :class:`Storyline`, and the
:class:`Link` that says why two things were put together.
"""

from __future__ import annotations

import hashlib
import sys
import zlib
from dataclasses import asdict, dataclass, field
from typing import Any

GIVEN_FIELDS = ("title", "url", "outlet", "date", "byline")


@dataclass(slots=True)
class Removed:
    """A line taken out of an article body, kept aside with the reason it was removed."""

    line: str
    kind: str  # "furniture" | "learned" | "title" | "byline" | "date" | "source" | "url"
    rule: str = ""

    def __post_init__(self) -> None:
        # one string per kind and rule, however many lines carry them (a million
        # articles' removed lines would otherwise hold two new small strings each)
        self.kind, self.rule = sys.intern(self.kind), sys.intern(self.rule)


@dataclass(slots=True)
class EntityMention:
    """A person, place or organisation named in an article.

    ``text`` is the mention as written (``Mr Lavrov``), ``name`` the fullest form of the
    same name in the article (``Sergey Lavrov``), ``key`` its comparison key
    (``extract.names.name_key``), ``role`` a title written before it.
    """

    text: str
    type: str  # "person" | "place" | "org"
    start: int
    end: int
    name: str = ""
    key: str = ""
    role: str | None = None


@dataclass(slots=True)
class QuoteMention:
    """A quote as one article has it: where, by whom as written and as resolved."""

    text: str
    kind: str  # "direct" | "fragment" | "indirect"
    cue: str
    start: int
    end: int
    speaker: str | None = None  # as written ("he", "a senior official")
    speaker_name: str | None = None  # resolved: a name, or the description as written
    speaker_key: str | None = None  # the entity key when the speaker is a named entity
    speaker_type: str = "unknown"  # "person" | "org" | "place" | "described" | "unknown"
    speaker_start: int | None = None
    speaker_end: int | None = None
    # the quoted parts when the attribution splits the quote (start..end spans both)
    parts: list[tuple[int, int]] = field(default_factory=list)


# Texts shorter than this stay as they are (packing would save little).
PACK_MIN_CHARS = 200
PACK_LEVEL = 6


def unpack(value: str | bytes) -> str:
    """The text a packed value holds (a text is returned as it is)."""
    return zlib.decompress(value).decode("utf-8") if type(value) is bytes else value  # type: ignore[arg-type]


class _Packed:
    """An article's field that may hold its value packed (``Article.pack``).

    It wraps the field's slot: setting stores the value (as it is, or packed as sent
    back by a worker), getting gives the value, unpacking it when packed (bytes).
    Outside this module a packed value is seen only through ``stored``/``unpack``.
    """

    __slots__ = ("slot", "encode", "decode")

    def __init__(self, slot: Any, encode: Any, decode: Any) -> None:
        self.slot, self.encode, self.decode = slot, encode, decode

    def __get__(self, obj: Any, owner: Any = None) -> Any:
        if obj is None:
            return self
        value = self.slot.__get__(obj, owner)
        return self.decode(value) if type(value) is bytes else value

    def __set__(self, obj: Any, value: Any) -> None:
        self.slot.__set__(obj, value)

    def pack(self, obj: Any) -> None:
        value = self.slot.__get__(obj)
        if value and type(value) is not bytes:
            text = self.encode(value)
            if len(text) >= PACK_MIN_CHARS:
                self.slot.__set__(obj, zlib.compress(text.encode("utf-8"), PACK_LEVEL))


def _removed_text(removed: list[Removed]) -> str:
    # lines hold no newline, kinds and rules are names: three lines a removed line
    return "\n".join(f"{r.line}\n{r.kind}\n{r.rule}" for r in removed)


def _removed_lines(packed: bytes) -> list[Removed]:
    parts = unpack(packed).split("\n")
    return [Removed(*parts[i : i + 3]) for i in range(0, len(parts), 3)]


def _packing(cls: Any) -> Any:
    """Make the text fields of ``cls`` (a slotted dataclass) able to hold their value
    packed: ``text`` and ``clean_text`` as text, ``removed`` as its lines (``_Packed``).
    Applied to ``Article`` where it is declared."""
    cls._STORED = {name: cls.__dict__[name] for name in cls.__slots__}
    cls._SLOTS = tuple(cls._STORED.values())
    cls._PACKED = (
        _Packed(cls._STORED["text"], str, unpack),
        _Packed(cls._STORED["clean_text"], str, unpack),
        _Packed(cls._STORED["removed"], _removed_text, _removed_lines),
    )
    cls.text, cls.clean_text, cls.removed = cls._PACKED
    return cls


@_packing
@dataclass(slots=True)
class Article:
    """One scraped article and everything Storyline learns about it.

    Only ``id`` and ``text`` are required; readers fill what the input provides
    (``title``, ``url``, ``outlet``, ``date``, ``byline``), cleaning fills the rest.
    """

    id: str
    text: str
    source: str = ""
    title: str | None = None
    url: str | None = None
    outlet: str | None = None
    date: str | None = None
    date_inferred: str | None = None
    byline: str | None = None
    dateline: str | None = None
    wire: str | None = None
    # where ``outlet`` came from: "input", "url" (the host, through ``text.outlets``),
    # "page" (an HTML page's own site name)
    # or "text" (named in the text only: a guess)
    outlet_from: str | None = None
    language: str | None = None  # ISO 639-1 code of the body's language, None: too short to tell
    encoding: str | None = None  # the codec the input's bytes were decoded with
    # An inferred date's evidence: the days it lies within ("2013-04-10/2013-04-11", an
    # ISO 8601 interval) and what they come from ("reprint group: 2 dated copies").
    date_inferred_range: str | None = None
    date_inferred_from: str | None = None
    metadata: dict[str, Any] = field(default_factory=dict)
    clean_text: str | None = None
    removed: list[Removed] = field(default_factory=list)
    reprint_group: str | None = None
    story: str | None = None
    storyline: str | None = None
    mentions: list[EntityMention] = field(default_factory=list)
    quotes: list[QuoteMention] = field(default_factory=list)
    # The metadata the input itself supplied, before cleaning added any (see ``given_fields``).
    given: dict[str, str | None] | None = None

    def __getstate__(self) -> tuple[Any, ...]:
        # the stored values: a packed text crosses to a worker packed
        return tuple(slot.__get__(self) for slot in self._SLOTS)

    def __setstate__(self, state: tuple[Any, ...]) -> None:
        for slot, value in zip(self._SLOTS, state, strict=True):
            slot.__set__(self, value)

    def pack(self) -> Article:
        """Hold the raw and cleaned texts and the removed lines packed (zlib-compressed
        UTF-8, about a third of their size in memory); reading ``text``,
        ``clean_text`` or ``removed`` still gives the text and the lines.  The
        pipeline packs what it holds between stages, so a large corpus fits the
        driver; see ``_Packed``."""
        for field_ in self._PACKED:
            field_.pack(self)
        return self

    def stored(self, name: str) -> Any:
        """Field ``name`` as held: a text packed or not (``unpack`` gives the text).
        A worker sends back, and a job sends out, what is held, not the text."""
        return self._STORED[name].__get__(self)

    def stored_body(self) -> str | bytes:
        """``body`` as held: the cleaned text, or the raw text before cleaning."""
        clean = self.stored("clean_text")
        return clean if clean is not None else self.stored("text")

    def given_fields(self) -> dict[str, str | None]:
        """The input's own title/url/outlet/date/byline, snapshotted on first call."""
        if self.given is None:
            self.given = {k: getattr(self, k) for k in GIVEN_FIELDS}
        return self.given

    def reset(self) -> Article:
        """Forget everything cleaning and grouping added; keep what the input gave."""
        given = self.given_fields()
        for k in GIVEN_FIELDS:
            setattr(self, k, given.get(k))
        self.date_inferred = self.date_inferred_range = self.date_inferred_from = None
        self.dateline = self.wire = self.clean_text = self.outlet_from = self.language = None
        self.removed = []
        self.reprint_group = self.story = self.storyline = None
        self.mentions, self.quotes = [], []
        return self

    @property
    def boilerplate(self) -> list[str]:
        """The removed lines (site furniture and metadata lines), in text order; the
        title line is kept aside too, but it is the ``title``, not boilerplate."""
        return [r.line for r in self.removed if r.kind != "title"]

    @property
    def text_hash(self) -> str:
        """A stable digest of the raw text: a changed hash means the article changed."""
        return hashlib.sha1(self.text.encode("utf-8")).hexdigest()

    @property
    def body(self) -> str:
        """The cleaned text, or the raw text before cleaning ran."""
        return self.clean_text if self.clean_text is not None else self.text

    def to_dict(self) -> dict[str, Any]:
        """The export view: metadata, cleaned body, removed lines and memberships."""
        return {
            "id": self.id,
            "outlet": self.outlet,
            "url": self.url,
            "title": self.title,
            "date": self.date,
            "date_inferred": self.date_inferred,
            "date_inferred_range": self.date_inferred_range,
            "date_inferred_from": self.date_inferred_from,
            "byline": self.byline,
            "dateline": self.dateline,
            "wire": self.wire,
            "outlet_from": self.outlet_from,
            "language": self.language,
            "encoding": self.encoding,
            "text": self.body,
            "boilerplate": self.boilerplate,
            # each removed line with why: its kind (furniture, metadata...) and the rule
            "removed": [{"line": r.line, "kind": r.kind, "rule": r.rule} for r in self.removed if r.kind != "title"],
            "reprint_group": self.reprint_group,
            "story": self.story,
            "storyline": self.storyline,
            "source": self.source,
            "metadata": self.metadata,
        }


@dataclass(slots=True)
class Link:
    """Why ``member`` was joined to ``target``: the score and its named parts."""

    member: str
    target: str
    score: float
    reasons: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(slots=True)
class ReprintGroup:
    """Copies of one text: ``members`` are article ids, ``representative`` the fullest copy."""

    id: str
    members: list[str]
    representative: str
    pairs: list[Link] = field(default_factory=list)


@dataclass(slots=True)
class Story:
    """One event: reprint groups of different text about the same happening."""

    id: str
    groups: list[str]
    articles: list[str]
    title: str | None = None
    first_date: str | None = None
    last_date: str | None = None
    storyline: str | None = None
    links: list[Link] = field(default_factory=list)


@dataclass(slots=True)
class Storyline:
    """Stories that follow one another: same actors and subject, close in time."""

    id: str
    stories: list[str]
    title: str | None = None
    first_date: str | None = None
    last_date: str | None = None
    links: list[Link] = field(default_factory=list)


@dataclass(slots=True)
class Quote:
    """One statement by one speaker, merged across every article that carries it.

    ``articles`` lists ``{"id", "start", "end"}`` per article; ``variants`` the distinct
    wordings seen (respellings, punctuation, trims); ``text`` the fullest of them.
    """

    id: str
    text: str
    kind: str
    cue: str
    speaker: str | None
    speaker_entity: str | None
    articles: list[dict[str, Any]] = field(default_factory=list)
    first_date: str | None = None
    variants: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """The export view (what ``asdict`` gives, built without its deep copies: a
        story page turns a hundred quotes into dicts)."""
        return {
            "id": self.id,
            "text": self.text,
            "kind": self.kind,
            "cue": self.cue,
            "speaker": self.speaker,
            "speaker_entity": self.speaker_entity,
            "articles": [dict(a) for a in self.articles],
            "first_date": self.first_date,
            "variants": list(self.variants),
        }


@dataclass(slots=True)
class Entity:
    """A person, place or organisation, its name variants merged across articles."""

    id: str
    name: str
    type: str
    variants: list[str] = field(default_factory=list)
    articles: list[str] = field(default_factory=list)
    stories: list[str] = field(default_factory=list)
    roles: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

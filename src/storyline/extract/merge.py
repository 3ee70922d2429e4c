"""Corpus records from per-article extractions: one :class:`Entity` per person, place or
organisation, one :class:`Quote` per statement of one speaker.

Entities: mentions meet on their name key (``names.name_key``: transliterations and
aliases folded).  A bare surname that no article resolved joins the one person of the
corpus with that surname, and stays apart when two people share it; an acronym joins
the one organisation whose initials it is.

Quotes: the same speaker's quotes are the same statement when the shorter one's word
trigrams (canonical words: ``cancelled``/``canceled``, quotes, punctuation folded) are
mostly contained in the longer one's, which also merges a trimmed copy into the full one.
"""

from __future__ import annotations

import hashlib
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence

from ..model import Article, Entity, EntityMention, Quote
from ..text.normalize import canonical_words
from .names import initials, name_key, translit

# Share of the shorter quote's word trigrams found in the longer one for the two to be
# one statement (a trim keeps all of them; a respelling or a changed word a few).
QUOTE_CONTAINMENT = 0.6
# Quotes shorter than this (canonical words) must match word for word.
SHORT_QUOTE_WORDS = 5
# Kinds in order of preference for a merged quote's kind.
_KIND_ORDER = {"direct": 0, "fragment": 1, "indirect": 2}


def _id(prefix: str, *parts: str) -> str:
    return prefix + hashlib.sha1("\x1f".join(parts).encode("utf-8")).hexdigest()[:11]


def merge_entities(articles: Sequence[Article]) -> tuple[list[Entity], dict[tuple[str, str], str]]:
    """Entities of ``articles``' mentions, and the map ``(type, key) -> entity id``."""
    canon = _canonical_keys(articles)
    names: dict[str, Counter[str]] = defaultdict(Counter)
    variants: dict[str, dict[str, None]] = defaultdict(dict)
    roles: dict[str, dict[str, None]] = defaultdict(dict)
    in_articles: dict[str, dict[str, None]] = defaultdict(dict)
    in_stories: dict[str, dict[str, None]] = defaultdict(dict)
    type_of: dict[str, str] = {}
    key_to_id: dict[tuple[str, str], str] = {}
    for a in articles:
        for m in [*a.mentions, *_metadata_mentions(a)]:
            kind, key = canon.get((m.type, m.key), (m.type, m.key))
            eid = key_to_id.setdefault((m.type, m.key), _id("e", kind, key))
            type_of[eid] = kind
            names[eid][m.name] += 1
            variants[eid][m.text] = None
            if m.role:
                roles[eid][m.role] = None
            in_articles[eid][a.id] = None
            if a.story:
                in_stories[eid][a.story] = None
    entities = []
    for eid, counts in names.items():
        # a full name first, then the most written, not in capitals ("NEUCHATEL" datelines)
        name = max(counts, key=lambda n: (len(n.split()) > 1, not (n.isupper() and len(n) > 5), counts[n], len(n), n))
        if name.isupper() and len(name) > 5:
            name = name.title()
        entities.append(
            Entity(
                eid,
                name,
                type_of[eid],
                variants=sorted(variants[eid]),
                articles=list(in_articles[eid]),
                stories=list(in_stories[eid]),
                roles=list(roles[eid]),
            )
        )
    entities.sort(key=lambda e: (-len(e.articles), e.name))
    return entities, key_to_id


def _metadata_mentions(a: Article) -> list[EntityMention]:
    """The outlet and the wire agency of an article are organisations it involves."""
    out = []
    for name in (a.outlet, a.wire):
        if name:
            out.append(EntityMention(name, "org", -1, -1, name=name, key=name_key(name)))
    return out


def _canonical_keys(articles: Iterable[Article]) -> dict[tuple[str, str], tuple[str, str]]:
    """Where a bare surname or an acronym goes, and the one type of a place or
    organisation name the model typed both ways: ``(type, key) -> (type, key)``."""
    keys = {(m.type, m.key) for a in articles for m in [*a.mentions, *_metadata_mentions(a)]}
    votes: dict[str, Counter[str]] = defaultdict(Counter)
    for a in articles:
        for m in a.mentions:
            if m.type != "person":
                votes[m.key][m.type] += 1
    by_last: dict[str, set[str]] = defaultdict(set)
    by_initials: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for kind, key in keys:
        words = key.split()
        if kind == "person" and len(words) >= 2:
            by_last[translit(words[-1])].add(key)
        if kind != "person" and len(words) >= 2:
            by_initials[initials(key.title())].add((kind, key))
    out = {}
    for kind, key in keys:
        if kind != "person" and len(votes.get(key, ())) > 1:
            out[(kind, key)] = (votes[key].most_common(1)[0][0], key)
    for kind, key in keys:
        words = key.split()
        if kind == "person" and len(words) == 1 and len(by_last.get(translit(words[0]), ())) == 1:
            out[(kind, key)] = ("person", next(iter(by_last[translit(words[0])])))
        elif kind != "person" and len(words) == 1 and len(by_initials.get(key, ())) == 1:
            out[(kind, key)] = next(iter(by_initials[key]))
    return out


def _trigrams(words: list[str]) -> set[tuple[str, ...]]:
    if len(words) < 3:
        return {tuple(words)}
    return {tuple(words[i : i + 3]) for i in range(len(words) - 2)}


def _same_statement(a: list[str], b: list[str], ta: set[tuple[str, ...]], tb: set[tuple[str, ...]]) -> bool:
    if min(len(a), len(b)) < SHORT_QUOTE_WORDS:
        return a == b
    small, large = (ta, tb) if len(ta) <= len(tb) else (tb, ta)
    return len(small & large) >= QUOTE_CONTAINMENT * len(small)


def merge_quotes(
    articles: Sequence[Article], key_to_id: dict[tuple[str, str], str], names: dict[str, str] | None = None
) -> list[Quote]:
    """One :class:`Quote` per statement: the same speaker's quotes that are copies,
    respellings or trims of each other, with every article that carries one.
    ``names`` (entity id -> name) gives a named speaker one spelling everywhere."""
    names = names or {}
    items = []  # (speaker id, speaker display, entity id, article, quote mention)
    for a in articles:
        for q in a.quotes:
            entity = key_to_id.get((q.speaker_type, q.speaker_key or "")) if q.speaker_key else None
            who = entity or "d:" + " ".join(canonical_words(q.speaker_name or q.speaker or "?"))
            items.append((who, names.get(entity or "", q.speaker_name or q.speaker), entity, a, q))
    parent = list(range(len(items)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    words = [canonical_words(it[4].text) for it in items]
    grams = [_trigrams(w) for w in words]
    index: dict[tuple[str, tuple[str, ...]], list[int]] = defaultdict(list)
    for i, it in enumerate(items):
        seen: set[int] = set()
        for g in grams[i]:
            for j in index[(it[0], g)]:
                if j not in seen and find(i) != find(j) and _same_statement(words[i], words[j], grams[i], grams[j]):
                    parent[find(i)] = find(j)
                seen.add(j)
            index[(it[0], g)].append(i)
    clusters: dict[int, list[int]] = defaultdict(list)
    for i in range(len(items)):
        clusters[find(i)].append(i)
    made = [_quote(items, members, words) for members in clusters.values()]
    quotes = [q for q, _ in made]
    _unique_ids(quotes, [who for _, who in made])
    quotes.sort(key=lambda q: (q.first_date or "", q.id))
    return quotes


def _unique_ids(quotes: list[Quote], speakers: list[str]) -> None:
    """Two statements of one speaker that open with the same twelve words but are not
    the same statement share an id: such ids take the whole text's hash instead (and a
    number, in the corpus order, should even those agree)."""
    count = Counter(q.id for q in quotes)
    taken: set[str] = {q.id for q in quotes if count[q.id] == 1}
    for q, who in zip(quotes, speakers, strict=True):
        if count[q.id] == 1:
            continue
        qid = base = _id("q", who, " ".join(canonical_words(q.text)))
        n = 1
        while qid in taken:
            n += 1
            qid = f"{base}-{n}"
        q.id = qid
        taken.add(qid)


def _quote(items: list, members: list[int], words: list[list[str]]) -> tuple[Quote, str]:
    """The merged record of one cluster, and its speaker key."""
    best = max(members, key=lambda i: (len(words[i]), -i))
    who, speaker, entity, _, q = items[best]
    kinds = Counter(items[i][4].kind for i in members)
    cues = Counter(items[i][4].cue for i in members)
    dates = [d for i in members if (d := items[i][3].date or items[i][3].date_inferred)]
    quote = Quote(
        id=_id("q", who, " ".join(words[best][:12])),
        text=q.text,
        kind=min(kinds, key=lambda k: (_KIND_ORDER.get(k, 9), -kinds[k])),
        cue=cues.most_common(1)[0][0],
        speaker=speaker,
        speaker_entity=entity,
        articles=[{"id": items[i][3].id, "start": items[i][4].start, "end": items[i][4].end} for i in members],
        first_date=min(dates) if dates else None,
        variants=list(dict.fromkeys(items[i][4].text for i in members)),
    )
    return quote, who

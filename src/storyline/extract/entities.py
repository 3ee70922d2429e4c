"""The people, places and organisations of one article, with their names resolved, and
the speakers of its quotes resolved to them.

spaCy's recogniser finds the mentions; rules add what it misses in news copy (wire
agencies, ``Mr``/``Mrs`` + a surname, an all-capitals dateline place) and read the role
written before a name (``Russian Foreign Minister Sergey Lavrov``).  Within the article
a surname (``Lavrov``, ``Mr Lavrov``) resolves to the full name it abbreviates, and an
acronym to the name it abbreviates (``UN`` after ``United Nations``).  A quote's speaker
as written resolves to a person or organisation mention inside it, a pronoun to the last
person (or organisation) named outside quotation marks, and a description without a
name (``a senior U.S. State Department official``) stays as written.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from ..model import EntityMention
from .attribution import PRONOUNS, FoundQuote
from .gender import agrees
from .names import ORG_WORDS, ROLE_WORDS, initials, is_demonym, name_key, translit, words_of
from .sentences import paragraphs

# Wire agencies and news organisations the model often misses or mistypes.
AGENCIES = re.compile(
    r"\b(?:AP|Associated Press|Reuters|AFP|Agence France-Presse|Interfax|RIA(?: Novosti)?|TASS|Xinhua|"
    r"Bloomberg|Yonhap|Kyodo|dpa|ANSA|EFE|UPI|Al Jazeera|G7|G8|G20|NATO|OPEC)\b"
)
_HONORIFIC_NAME = re.compile(r"\b(?:Mr|Mrs|Ms|Dr|Mme)\.?\s+((?:[A-Z][\w'\u2019-]+)(?:\s+[A-Z][\w'\u2019-]+)?)")
_DATELINE_PLACE = re.compile(r"^([A-Z][A-Z .'-]{2,}?)(?:,\s*([A-Z][\w .'-]+?))?\s*(?:\(|\s[-\u2013\u2014]\s)")
_COMPASS = frozenset({"north", "south", "east", "west", "new"})  # "North Korean leader"
_TITLE_ONLY = ROLE_WORDS - {"of", "the", "for", "us", "u.s", "un", "eu"}
_HONORIFIC_BEFORE = re.compile(r"\b(?:Mr|Mrs|Ms|Dr|Mme)\.?\s+$")
_POSSESSIVE = re.compile(r"(?:'s|\u2019s|'|\u2019)$")
# The dateline opens one of the first paragraphs (after the title and a byline).
DATELINE_PARAGRAPHS = 3
# Words before a name that may be its role, read back at most this far.
ROLE_LOOKBACK_WORDS = 5
_ROLE_WORD = re.compile(r"[\w.'-]+")
# How far back (characters) the previous speaker stays the referent of "he said".
SPEAKER_MEMORY = 600
# How far back "he" or "she" looks for a person the article genders so (characters).
PRONOUN_REACH_CHARS = 400
# How far back a speaker left unnamed ("..., saying") is looked for in its sentence.
SAME_SENTENCE_CHARS = 200
# A speaker as written that is only an appositive's tag: an age, or a province, state or
# party abbreviation ("56", "N.S.", "Ont.", "D-Calif.", "R-Texas").
_TAG = re.compile(r"\d{1,3}|[A-Z]\.?(?:[A-Z]\.?){1,2}|[A-Z][a-z]{1,4}\.|[DRI]-[A-Z][a-z]{1,5}\.?")
# How far back the name an appositive's tag follows is looked for (characters).
APPOSITIVE_CHARS = 80
# How many paragraphs a speaker goes on speaking in quoted paragraphs of no attribution,
# and how many paragraphs back a person introduced speaks the first such one.
PASSAGE_PARAGRAPHS = 3
INTRO_PARAGRAPHS = 2
# Words a sentence's subject may follow (a role, "Former train porter").
SUBJECT_LEAD_WORDS = 3
# How near a name a role word says it is theirs (characters either side).
ROLE_NEAR_CHARS = 40
# Role words too general to point at one person ("the former", "the first").
_TITLE_STOP = (ROLE_WORDS - _TITLE_ONLY) | {"former", "acting", "first", "vice", "deputy"}


@dataclass(slots=True)
class Resolved:
    """A quote's speaker: the name (or description) and whether it is a named entity."""

    name: str | None
    key: str | None
    type: str  # person | org | place | described | unknown


def _clean(text: str, a: int, b: int) -> tuple[int, int]:
    """A mention without a leading "the", a possessive ending or trailing punctuation."""
    s = text[a:b]
    m = _POSSESSIVE.search(s)
    if m:
        b -= len(m.group(0))
    while b > a and text[b - 1] in " .,;:" and not (text[b - 1] == "." and b - a >= 3 and text[b - 3] == "."):
        b -= 1  # (the full stop of "U.S." stays)
    if text[a:b].lower().startswith("the "):
        a += 4
    return a, b


def _role_before(text: str, a: int) -> str | None:
    """The title written right before a name: the run of role words and nationality
    adjectives that ends at it ("Swiss Foreign Minister", "U.S. Secretary of State")."""
    words = list(_ROLE_WORD.finditer(text, max(0, a - 80), a))
    run: list[str] = []
    end = a
    for w in reversed(words):
        if text[w.end() : end].strip():  # punctuation between: the title ended
            break
        token = w.group(0)
        lw = token.lower().rstrip(".")
        titled = run and any(x.lower().rstrip(".") in _TITLE_ONLY for x in run) and token[:1].isupper()
        if not (
            lw in ROLE_WORDS or is_demonym(token) or (lw in _COMPASS and run and is_demonym(run[0])) or titled
        ):  # "Transport" in "Norland's Transport Minister": a capitalised word of the title
            break
        run.insert(0, token)
        end = w.start()
    while run and run[0].lower() in ("of", "the", "for"):
        run.pop(0)
    if not any(w.lower().rstrip(".") in _TITLE_ONLY for w in run):
        return None
    return " ".join(run)


def find_mentions(text: str, spans: list[tuple[int, int, str]]) -> list[EntityMention]:
    """Entity mentions of ``text`` from the recogniser's ``spans`` plus the rules, each
    with the name it resolves to inside the article (see the module doc)."""
    raw: dict[tuple[int, int], str] = {}
    for a, b, kind in spans:
        a, b = _clean(text, a, b)
        words = words_of(text[a:b])
        if b > a and words and not all(w in _TITLE_ONLY for w in words):  # "State" of "Secretary of State"
            raw[(a, b)] = kind
    for m in AGENCIES.finditer(text):
        raw[(m.start(), m.end())] = "org"
    for m in _HONORIFIC_NAME.finditer(text):
        a, b = _clean(text, m.start(1), m.end(1))
        if not any(x <= a and b <= y for x, y in raw):
            raw[(a, b)] = "person"
    for pa, _ in paragraphs(text)[:DATELINE_PARAGRAPHS]:
        d = _DATELINE_PLACE.match(text, pa)
        if d is not None:  # the dateline names a place, whatever the model says
            for span in [k for k in raw if k[0] <= d.start(1) < k[1]]:
                del raw[span]
            raw[(d.start(1), d.start(1) + len(d.group(1).strip()))] = "place"
            break
    # a span inside a longer one is the longer one's part ("North Korea" in "North Korea's")
    kept = sorted(raw.items(), key=lambda kv: (kv[0][0], -kv[0][1]))
    mentions: list[EntityMention] = []
    last_end = -1
    for (a, b), kind in kept:
        if a < last_end:
            continue
        last_end = b
        role = _role_before(text, a)
        if role is not None and kind != "person" and len(text[a:b].split()) >= 2:
            kind = "person"  # "his French counterpart Laurent Fabius": a title makes it a person
        elif kind != "person":
            role = None
        name = text[a:b]
        honorific = _HONORIFIC_BEFORE.search(text, max(0, a - 5), a) if kind == "person" else None
        if honorific is not None:  # "Mr Lavrov" as written; its name stays "Lavrov"
            a = honorific.start()
        mentions.append(EntityMention(text[a:b], kind, a, b, name=name, key=name_key(name), role=role))
    _resolve_names(mentions)
    return mentions


def _resolve_names(mentions: list[EntityMention]) -> None:
    """Surnames to the full names they abbreviate; acronyms to their names; one
    display name per key (the longest form written)."""
    full_by_last: dict[str, list[EntityMention]] = {}
    for m in mentions:
        words = words_of(m.text)
        if m.type == "person" and len(words) >= 2:
            full_by_last.setdefault(translit(words[-1]), []).append(m)
    by_initials = {initials(m.text): m for m in mentions if m.type != "person" and len(m.text.split()) >= 2}
    for m in mentions:
        words = words_of(m.text)
        acronym = m.text.isupper() and len(m.text) <= 6
        if len(words) == 1 and not acronym and m.type != "person" and translit(words[0]) in full_by_last:
            m.type = "person"  # "Lavrov" typed as an organisation where "Sergei Lavrov" is a person
        if m.type == "person" and len(words) == 1 and not acronym:
            candidates = full_by_last.get(translit(words[0]), [])
            names = {c.key for c in candidates}
            if len(names) == 1:  # two people with the same surname: leave it unresolved
                before = [c for c in candidates if c.start < m.start] or candidates
                m.name, m.key = before[-1].name, before[-1].key
                m.role = m.role or before[-1].role
        elif m.type != "person" and m.text.isupper() and 2 <= len(m.text) <= 6:
            full = by_initials.get(m.text.lower().replace(".", ""))
            if full is not None:
                m.name, m.key = full.name, full.key
    longest: dict[str, str] = {}
    for m in mentions:
        if len(m.name) > len(longest.get(m.key, "")):
            longest[m.key] = m.name
    for m in mentions:
        m.name = longest[m.key]


def resolve_speaker(
    q: FoundQuote,
    mentions: list[EntityMention],
    quoted: list[tuple[int, int]],
    last: Resolved | None = None,
    since: int = 0,
    subject_from: int | None = None,
    genders: dict[str, str] | None = None,
    text: str = "",
) -> Resolved:
    """Who ``q``'s speaker is (see the module doc); ``quoted`` are the spans inside
    quotation marks, whose names are not antecedents; ``last`` the previous quote's
    speaker when it was a person within ``SPEAKER_MEMORY`` characters, ``since`` the end
    of that speaker's sentence: a pronoun refers to the last person named after it, else
    to that speaker ('"...," Lavrov said at a meeting with Kerry. "...," he said.').
    ``subject_from`` is where the sentence of a quote without a speaker phrase starts;
    ``genders`` (``gender.person_genders``): "he" and "she" skip the people the article
    genders otherwise; ``text`` (the article) lets a description find its role's holder."""
    genders = genders or {}
    if q.speaker is not None and q.speaker_start is not None:
        inside = [m for m in mentions if q.speaker_start <= m.start and m.end <= q.speaker_end]
        people = [m for m in inside if m.type == "person"]
        if people:
            return Resolved(people[-1].name, people[-1].key, "person")
        words = words_of(q.speaker)
        if len(words) == 1 and words[0] in PRONOUNS:
            found = _antecedent(q, mentions, quoted, words[0], floor=since, genders=genders)
            if found.type == "person" or words[0] not in ("he", "she"):
                return found
            if last is not None and agrees(words[0], last.key, genders):
                return last
            # the last speaker is someone the article genders otherwise: the person named
            # before them who can be "he" or "she" ('Brask said her ... Aster said he ...
            # "...," she said.')
            earlier = _antecedent(q, mentions, quoted, words[0], floor=max(0, since - SPEAKER_MEMORY), genders=genders)
            return earlier if earlier.type == "person" else found
        if _TAG.fullmatch(q.speaker.strip()):
            # an appositive's tag taken for the speaker ("Teresa Galati, 56, says", "a
            # company in Antigonish, N.S., says"): the person or organisation it follows
            head = _named_before(q.speaker_start, mentions, quoted, text_floor=q.speaker_start - APPOSITIVE_CHARS)
            if head is not None:
                return head
        if 1 <= len(words) <= 2 and q.speaker[:1].isupper():
            one = _one_person(words, mentions)
            if one is not None:
                return one
        if inside and len(inside[-1].text.split()) >= len(q.speaker.split()) - 1:
            return Resolved(inside[-1].name, inside[-1].key, inside[-1].type)
        role = _by_role(q, mentions, quoted, text)
        if role is not None:
            return role
        return Resolved(q.speaker, None, "described")
    if q.speaker is None and q.cue_start >= 0 and not q.unnamed:  # the sentence's subject
        # the first person or organisation the sentence names ("Clinton reprimanded
        # Trump, saying ..."), else the last name before the cue
        for m in mentions if subject_from is not None else ():
            if subject_from <= m.start < q.cue_start and m.type in ("person", "org") and _outside(m, quoted):
                return Resolved(m.name, m.key, m.type)
        found = _antecedent(q, mentions, quoted, "it", floor=max(0, q.cue_start - SAME_SENTENCE_CHARS))
        return found if found.name or last is None else last
    return Resolved(None, None, "unknown")


def passage_speaker(
    q: FoundQuote,
    mentions: list[EntityMention],
    quoted: list[tuple[int, int]],
    text: str,
    last: tuple[Resolved, int, int] | None,
    para_of: Callable[[int], int],
    para_start: Callable[[int], int],
) -> Resolved:
    """The speaker of a quoted paragraph with no attribution of its own (``standalone``):
    the passage's current speaker, with the paragraphs as evidence.  A person the
    paragraphs since the last speaker's quote introduce as a sentence's subject ("Dennis
    Brooks, 58, has used the program for years.") has taken over; else the last speaker
    goes on, for ``PASSAGE_PARAGRAPHS``; with no speaker before, the subject introduced
    in the ``INTRO_PARAGRAPHS`` before it.  Unknown otherwise: the quote is dropped.

    ``last``: the last person quoted, where their quote ended and its paragraph."""
    here = para_of(q.start)
    stop = para_start(here)
    while stop > 0 and text[stop - 1].isspace():
        stop -= 1
    if here > 0 and text[stop - 1 : stop] == ":":
        # the paragraph before announces it ("Clinton released the following statement:",
        # "Jared Potts echoed:"): the first person its last sentence names
        cut = max(text.rfind(". ", 0, stop - 1), text.rfind("\n", 0, stop - 1))
        announced = [m for m in mentions if cut < m.start < stop and m.type == "person" and _outside(m, quoted)]
        if announced:
            return Resolved(announced[0].name, announced[0].key, "person")
    recent = last is not None and here - last[2] <= PASSAGE_PARAGRAPHS
    lo = last[1] if recent and last is not None else para_start(max(0, here - INTRO_PARAGRAPHS))
    subjects = [
        m
        for m in mentions
        if lo <= m.start < para_start(here) and m.type == "person" and _outside(m, quoted) and _opens_sentence(text, m)
    ]
    if subjects and not (recent and last is not None and subjects[-1].key == last[0].key):
        return Resolved(subjects[-1].name, subjects[-1].key, "person")
    if recent and last is not None:
        return last[0]
    return Resolved(None, None, "unknown")


def _opens_sentence(text: str, m: EntityMention) -> bool:
    """Whether ``m`` is its sentence's subject as far as position tells: at most
    ``SUBJECT_LEAD_WORDS`` words (a role: "Former porter") before it in its sentence."""
    before = text[max(0, m.start - 80) : m.start]
    cut = max(before.rfind(". "), before.rfind("\n"), before.rfind("? "), before.rfind("! "))
    lead = before[cut + 1 :] if cut >= 0 else (before if m.start <= 80 else None)
    return lead is not None and len(lead.split()) <= SUBJECT_LEAD_WORDS


def _one_person(words: list[str], mentions: list[EntityMention]) -> Resolved | None:
    """The one person a short name as written can be: the person whose name ends with its
    last word, else (a given name used alone, "Jayme"; a family name written first,
    "Wang" for Wang Qishan) the one whose name has that word anywhere."""
    word = translit(words[-1])
    people = [m for m in mentions if m.type == "person" and len(words_of(m.name)) > len(words) - 1]
    for found in (
        [m for m in people if translit(words_of(m.name)[-1]) == word],
        [m for m in people if word in map(translit, words_of(m.name))],
    ):
        if len({m.key for m in found}) == 1:
            return Resolved(found[0].name, found[0].key, "person")
        if found:
            return None  # two people it could be: it stays as written
    return None


def _named_before(
    pos: int, mentions: list[EntityMention], quoted: list[tuple[int, int]], text_floor: int
) -> Resolved | None:
    """The last person or organisation named before ``pos`` (and after ``text_floor``)."""
    for m in reversed(mentions):
        if m.end <= pos and m.start >= text_floor and m.type in ("person", "org") and _outside(m, quoted):
            return Resolved(m.name, m.key, m.type)
    return None


def _outside(m: EntityMention, quoted: list[tuple[int, int]]) -> bool:
    return not any(a <= m.start < b for a, b in quoted)


def _antecedent(
    q: FoundQuote,
    mentions: list[EntityMention],
    quoted: list[tuple[int, int]],
    pronoun: str,
    floor: int = 0,
    genders: dict[str, str] | None = None,
) -> Resolved:
    limit = q.cue_start if q.cue_start >= 0 else q.start
    wanted = ("person",) if pronoun in ("he", "she", "i") else ("org", "place", "person")
    if pronoun in ("he", "she") and genders:
        # a person the article calls "he" (or "she") named shortly before wins over a
        # nearer one it never genders (a company the recogniser took for a person)
        sex = "m" if pronoun == "he" else "f"
        for m in reversed(mentions):
            if max(floor, limit - PRONOUN_REACH_CHARS) <= m.start < limit and m.type == "person":
                if genders.get(m.key) == sex and _outside(m, quoted):
                    return Resolved(m.name, m.key, m.type)
    for m in reversed(mentions):
        if m.start >= limit or m.start < floor or not _outside(m, quoted):
            continue
        if m.type in wanted and (m.type != "person" or agrees(pronoun, m.key, genders or {})):
            return Resolved(m.name, m.key, m.type)
    return Resolved(q.speaker, None, "described" if q.speaker else "unknown")


def _by_role(
    q: FoundQuote, mentions: list[EntityMention], quoted: list[tuple[int, int]], text: str = ""
) -> Resolved | None:
    """``the minister`` -> the last person before it whose role names a minister; else
    (``text`` given) the person whose name the article most often writes beside that
    role word, wherever ("mayoral candidate Doug McCallum", "McCallum's term as Surrey
    mayor", "Doug McCallum, the mayor"), the later-named one on a tie.  ``the agency``
    likewise -> the organisation named before it that the article calls an agency
    ("TransLink, the regional transit agency", "the City of Surrey")."""
    words = [w for w in words_of(q.speaker or "") if w not in ("the", "a", "an")]
    if not words or not (q.speaker or "").lower().startswith("the "):
        return None
    for m in reversed(mentions):
        if m.type == "person" and m.start < (q.speaker_start or 0) and m.role and set(words) & set(words_of(m.role)):
            return Resolved(m.name, m.key, "person")
    org = words[-1] in ORG_WORDS or words[-1] in ("city", "province", "state", "firm", "airline", "school")
    if not text or (words[-1] not in ROLE_WORDS and not org) or words[-1] in _TITLE_STOP:
        return None
    kind = "org" if org else "person"
    role = re.compile(rf"\b{re.escape(words[-1])}\w{{0,3}}\b", re.I)
    near: dict[str, tuple[int, int, EntityMention]] = {}  # key -> (times, last place, mention)
    for m in mentions:
        if m.type != kind or not _outside(m, quoted) or (org and m.start >= (q.speaker_start or 0)):
            continue
        if (
            role.search(m.text)
            or role.search(text, max(0, m.start - ROLE_NEAR_CHARS), m.start)
            or role.search(text, m.end, min(len(text), m.end + ROLE_NEAR_CHARS))
        ):
            times, _, _ = near.get(m.key, (0, 0, m))
            near[m.key] = (times + 1, m.start if m.start < (q.speaker_start or 0) else -1, m)
    if not near:
        return None
    _, _, best = max(near.values(), key=lambda v: (v[0], v[1]))
    return Resolved(best.name, best.key, kind)

"""Reporting verbs: the words that introduce who said what.

A cue is a verb of speech or writing (``said``, ``told``, ``warned``, ``tweeted``) or the
phrase ``according to``.  Verbs of belief or perception (``thinks``, ``believes``,
``knows``) introduce attributions too, but no speech: they are out of scope here (see
``benchmarks/quotes.py``).  Lists written from news usage; no library ships them.
"""

from __future__ import annotations

import re

# Speech verbs in the forms news text uses (base, 3rd person, past, progressive).
_SPEECH_LEMMAS = """say tell add ask explain warn urge announce declare insist argue claim write tweet reply respond
acknowledge admit concede recall suggest confirm deny caution emphasize emphasise stress predict promise vow
pledge complain joke quip boast conclude observe remark testify reveal disclose contend mention allege assert
propose threaten demand reiterate accuse praise criticize criticise blast slam lament affirm advise inform
assure remind hint muse wonder shout yell scream whisper""".split()
# Lemmas that are nouns as often as verbs (a state, a note, a report): only the forms
# that are verbs in news text.
_VERB_ONLY_FORMS = {
    "stated",
    "noted",
    "commented",
    "posted",
    "reported",
    "reports",
    "countered",
    "questioned",
    "charged",
    "estimated",
    "repeated",
    "indicated",
    "signaled",
    "signalled",
}
# Base forms that report after a plural subject ("critics argue that ...", "C, they
# insist."): the verbs that are seldom nouns.
PLURAL_PRESENT = frozenset(
    """say tell argue insist contend acknowledge admit concede suggest warn explain complain assert predict
    deny recall emphasize emphasise stress allege reveal write tweet caution""".split()
)
_IRREGULAR = {
    "say": ("says", "said", "saying"),
    "tell": ("tells", "told", "telling"),
    "write": ("writes", "wrote", "writing", "written"),
    "tweet": ("tweets", "tweeted", "tweeting"),
}


def _forms(lemma: str) -> set[str]:
    if lemma in _IRREGULAR:
        return {lemma, *_IRREGULAR[lemma]}
    if lemma.endswith("e"):
        return {lemma, lemma + "s", lemma + "d", lemma[:-1] + "ing"}
    if lemma.endswith("y") and lemma[-2] not in "aeiou":
        return {lemma, lemma[:-1] + "ies", lemma[:-1] + "ied", lemma + "ing"}
    if lemma in ("admit", "quip", "slam", "signal"):
        return {lemma, lemma + "s", lemma + lemma[-1] + "ed", lemma + lemma[-1] + "ing", lemma + "ed"}
    if lemma.endswith(("sh", "ch", "ss")):
        return {lemma, lemma + "es", lemma + "ed", lemma + "ing"}
    return {lemma, lemma + "s", lemma + "ed", lemma + "ing"}


SPEECH_VERBS = frozenset({f for lemma in _SPEECH_LEMMAS for f in _forms(lemma)} | _VERB_ONLY_FORMS)
# The verbs that most often report speech: enough on their own to mark a sentence as
# worth a closer look.
COMMON_CUES = frozenset({"said", "says", "say", "told", "tells", "added", "adds", "according", "wrote", "tweeted"})
# Verbs that take the addressee as object before the content ("told reporters that").
TAKES_OBJECT = frozenset(
    _forms("tell")
    | _forms("urge")
    | _forms("warn")
    | _forms("remind")
    | _forms("assure")
    | _forms("ask")
    | _forms("advise")
    | _forms("inform")
)
# ... and the addressee before an infinitive ("urged North Korea to start talks").
TAKES_INFINITIVE = frozenset(_forms("urge") | _forms("ask") | _forms("tell") | _forms("advise") | _forms("remind"))
# Speech verbs whose content can be an infinitive with no addressee ("vowed to fight on").
PROMISES = frozenset(_forms("promise") | _forms("pledge") | _forms("vow") | _forms("threaten"))
# Words between a subject and its verb that are not part of the subject.
AUXILIARIES = frozenset(
    "has have had will would also later previously reportedly repeatedly could can may might did does do "
    "not never then again once further earlier recently already just initially publicly privately "
    "is are was were been being".split()
)
_CUE_WORD = re.compile(r"\b[a-z]+\b")


def is_cue(word: str) -> bool:
    """Whether ``word`` (any case) is a speech verb form.

    >>> is_cue("Said"), is_cue("warned"), is_cue("believes")
    (True, True, False)
    """
    return word.lower() in SPEECH_VERBS


def has_cue(text: str) -> bool:
    """Whether ``text`` contains a speech verb or ``according to``."""
    lower = text.lower()
    return "according to" in lower or any(w in SPEECH_VERBS for w in _CUE_WORD.findall(lower))

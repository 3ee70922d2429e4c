"""Copies damaged by scanning and scraping are still copies: HTML entities left as text,
whole-body case changes, words hyphenated across line ends, and each OCR confusion,
for both reprint engines (``ingest``'s grouping and ``dedup``).  The texts are ours."""

from __future__ import annotations

import re

import pytest

from storyline.model import Article
from storyline.reprints import find_reprint_groups
from storyline.reprints.dedup import find_duplicates
from storyline.reprints.shingles import shingle_text
from storyline.text import clean_article
from storyline.text.normalize import canonical_word, ocr_key, repair_damage

STORY = (
    "The harbour board of Kelmar voted on Tuesday to close the old ferry terminal at the end of "
    "the summer, ending a service that has linked the island to the mainland since 1952.\n\n"
    "Board chairwoman Ines Dalgaard said the terminal's timber piles had rotted beyond repair and "
    "that a new concrete pier would be built two hundred metres to the south by the spring.\n\n"
    "Fishermen who moor their boats beside the terminal will be offered berths in the western "
    "basin, the board said, and the ferry company will keep its timetable while the work goes on.\n\n"
    "Residents of the island, who collected four thousand signatures against the closure last "
    "month, said they would ask the regional council to review the decision before the autumn."
)
# Another story of the same town and the same week: it must stay apart from every copy.
OTHER = (
    "The Kelmar town council approved on Wednesday a budget that raises spending on schools and "
    "roads, after a debate of six hours in which the opposition called the plan reckless.\n\n"
    "Mayor Otto Brandvik said the new school on the hill would open in the autumn and that the "
    "coastal road would be widened between the harbour and the lighthouse over two summers.\n\n"
    "The opposition leader said the council had ignored the cost of the ferry terminal closure "
    "and that residents of the island would pay more for every crossing next year."
)


def _every(text: str, step: int, change) -> str:
    """``text`` with ``change`` applied to every ``step``-th word (a scanner's damage)."""
    words = text.split(" ")
    return " ".join(change(w) if i % step == step - 1 else w for i, w in enumerate(words))


def _swap(pairs: dict[str, str]):
    rx = re.compile("|".join(map(re.escape, pairs)))
    return lambda w: rx.sub(lambda m: pairs[m.group(0)], w, count=1)


DAMAGE = {
    "html entities": STORY.replace("'", "&#8217;").replace(" and ", " &amp; ").replace(" the ", " the&nbsp;"),
    "upper case": STORY.upper(),
    "lower case": STORY.lower(),
    "line-end hyphens": _every(STORY, 5, lambda w: w[:3] + "- " + w[3:] if len(w) > 6 and w.isalpha() else w),
    "rn for m": _every(STORY, 3, _swap({"m": "rn"})),
    "cl for d": _every(STORY, 3, _swap({"d": "cl"})),
    "vv for w": _every(STORY, 3, _swap({"w": "vv"})),
    "1 and I for l": _every(STORY, 3, _swap({"l": "1", "i": "l"})),
    "0 for o": _every(STORY, 3, _swap({"o": "0"})),
    "c for e": _every(STORY, 3, _swap({"e": "c"})),
    "b for h": _every(STORY, 3, _swap({"h": "b"})),
    "n for u": _every(STORY, 3, _swap({"u": "n", "n": "u"})),
    "f for t": _every(STORY, 3, _swap({"t": "f"})),
    "o for a": _every(STORY, 3, _swap({"a": "o"})),
    "q for g": _every(STORY, 3, _swap({"g": "q"})),
    "doubled letters": _every(STORY, 3, lambda w: w[:2] + w[1] + w[2:] if len(w) > 3 else w),
    "ligatures": STORY.replace("fi", "\ufb01").replace("fl", "\ufb02"),
}


def test_every_kind_of_damage_is_undone_in_the_shingles():
    """Each damaged text shares nearly all of its shingles with the clean one (a text
    broken at every third word would otherwise share almost none)."""
    clean = set(shingle_text(STORY).tolist())
    for kind, damaged in DAMAGE.items():
        mine = set(shingle_text(damaged).tolist())
        assert len(mine & clean) >= 0.9 * len(clean), kind


@pytest.mark.parametrize("kind", sorted(DAMAGE))
def test_a_damaged_copy_is_found_by_dedup_and_by_ingest(kind):
    records = [("clean", STORY, None), ("damaged", DAMAGE[kind], None), ("other", OTHER, None)]
    rows = {r["id"]: r["reprint_group"] for r in find_duplicates(records).rows()}
    assert rows["clean"] == rows["damaged"] != rows["other"], kind
    groups = find_reprint_groups([clean_article(Article(i, t)) for i, t, _ in records])
    assert sorted(sorted(g.members) for g in groups) == [["clean", "damaged"], ["other"]], kind


def test_damage_repair_keeps_what_is_no_damage():
    # a compound's hyphen, a dash between words, a real ampersand and digits stay
    assert (
        repair_damage("a well-known rule - and R&D spending of 1,952")
        == "a well-known rule - and R&D spending of 1,952"
    )
    assert ocr_key("1952") == "1952"
    # confusions are read alike, distinct words mostly stay distinct
    assert ocr_key(canonical_word("rnodern")) == ocr_key(canonical_word("modern"))
    assert ocr_key(canonical_word("harbour")) != ocr_key(canonical_word("terminal"))


def test_a_scanned_copy_differs_by_damage_not_by_edits():
    from storyline.reprints.lineage import compare_copies

    scanned = STORY.replace("harbour", "harhour").replace("closed", "c1osed").replace("terminal", "terrninal")
    scanned = scanned.replace("signatures", "signa- tures").replace("the spring", "the sprinq")
    lin = compare_copies(("clean", STORY), ("scanned", scanned))
    assert lin.edited and {e.kind for e in lin.edited} == {"damaged"}
    assert not lin.lacks and not lin.adds
    # an outlet's own edit stays an edit, beside the damage
    edited = scanned.replace("voted on Tuesday to close", "decided on Tuesday to shut")
    kinds = [e.kind for e in compare_copies(("clean", STORY), ("edited", edited)).edited]
    assert kinds[0] == "rewritten" and set(kinds[1:]) == {"damaged"}


def test_diff_shows_a_scanned_copy_as_damage(tmp_path):
    from click.testing import CliRunner

    import storyline
    from storyline.cli import main

    scanned = STORY.replace("harbour", "harhour").replace("closed", "c1osed").replace("the spring", "the sprinq")
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "clean.txt").write_text(STORY)
    (tmp_path / "in" / "scanned.txt").write_text(scanned)
    db = tmp_path / "d.db"
    storyline.ingest([tmp_path / "in"], db, storyline.Config(extract=storyline.ExtractConfig(enabled=False)))
    group = next(storyline.export_records(db, "reprints"))
    assert group["size"] == 2
    out = CliRunner().invoke(main, ["diff", group["id"], "--db", str(db)]).output
    assert "damaged (" in out and "rewritten" not in out

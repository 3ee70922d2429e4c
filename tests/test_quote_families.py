"""The error families of quote attribution seen on outlets the rules were not written
for (issue 24), each with sentences written for the test."""

from __future__ import annotations

from storyline.extract import extract_texts
from storyline.extract.gender import person_genders
from storyline.model import EntityMention


def _speakers(text: str) -> list[tuple[str, str | None]]:
    return [(q.text, q.speaker_name) for q in extract_texts([text])[0].quotes]


def test_a_pronoun_skips_a_person_the_article_genders_otherwise():
    text = (
        "KELMAR - Union leader Ona Brask said her crews were exhausted after nine days on strike.\n\n"
        "Port director Pell Aster, who met the union on Friday, said he would answer by Monday.\n\n"
        '"We cannot wait another week," she said.'
    )
    assert ("We cannot wait another week", "Ona Brask") in _speakers(text)


def test_honorifics_and_following_pronouns_gender_people_and_nothing_else_does():
    text = "Mrs Ona Brask met Pell Aster on Friday. Dana Vell said his plan was fair. Kim Oro spoke."
    people = [
        EntityMention("Mrs Ona Brask", "person", 0, 13, key="brask"),
        EntityMention("Pell Aster", "person", 18, 28, key="aster"),
        EntityMention("Dana Vell", "person", 40, 49, key="vell"),
        EntityMention("Kim Oro", "person", 75, 82, key="oro"),
    ]
    # Brask by her honorific, Vell by "his"; Aster and Oro the text never genders
    assert person_genders(text, people) == {"brask": "f", "vell": "m"}

"""Language of a document: the bundled lite model, on the first characters of the body."""

from __future__ import annotations

from storyline import language

TEXTS = [
    "The council voted on Tuesday to approve the new budget for public transport after a long debate.",
    "Der Stadtrat hat am Dienstag den neuen Haushalt für den öffentlichen Nahverkehr nach langer Debatte gebilligt.",
    "Le conseil municipal a approuvé mardi le nouveau budget des transports publics après un long débat.",
    "THE COUNCIL VOTED ON TUESDAY TO APPROVE THE NEW BUDGET FOR PUBLIC TRANSPORT AFTER A LONG DEBATE.",
    "too short",
    "",
]


def test_each_text_gets_its_language_and_short_text_none() -> None:
    got = [language.detect(t) for t in TEXTS]
    assert [lang for lang, _ in got] == ["en", "de", "fr", "en", None, None]
    assert all(0.0 < score <= 1.0 for _, score in got[:4]) and got[4][1] == got[5][1] == 0.0


def test_many_texts_at_once_keep_their_order_around_the_ones_too_short() -> None:
    texts = [TEXTS[4], TEXTS[2], TEXTS[5], TEXTS[1], TEXTS[0], TEXTS[4]]
    assert [lang for lang, _ in language.detect_many(texts)] == [None, "fr", None, "de", "en", None]
    assert language.detect_many([]) == []

"""One statement, many reports: quotes of the same utterance grouped across outlets and translations.

Each utterance (a quote, or the parts of a quote split around "he said") gets a
multilingual sentence vector. Two utterances report the same statement when their
vectors are close (:func:`storyline.link.ann.close_pairs`, no all-pairs comparison),
their speakers agree (the same entity; an unknown speaker needs a closer match), and
their documents are not far apart in time nor (unless nearly word for word) in
different events. Linked utterances form one statement.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date

import numpy as np

from ..names import fold
from .ann import close_pairs
from .groups import DisjointSets

#: Cosine of the sentence vectors above which two utterances of one speaker are one statement.
THRESHOLD = 0.6
#: The same, when one of the two has no known speaker.
UNKNOWN_SPEAKER_THRESHOLD = 0.8
#: Reports further apart than this many days are of different statements.
MAX_DAYS = 31
MIN_WORDS = 4


@dataclass(frozen=True, slots=True, kw_only=True)
class Utterance:
    """One quote, or the parts of one split quote, ready for matching."""

    key: str
    quote_ids: tuple[str, ...]
    document: str
    text: str
    entity: str | None = None
    speaker: str | None = None
    day: str | None = None
    outlet: str | None = None
    event: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Statement:
    """An utterance as reported by one or more documents."""

    id: str
    speaker: str | None
    entity: str | None
    text: str
    utterances: tuple[Utterance, ...]

    @property
    def documents(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(u.document for u in self.utterances))

    @property
    def outlets(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(u.outlet for u in self.utterances if u.outlet))


def _compatible(a: Utterance, b: Utterance, cos: float) -> bool:
    if a.entity and b.entity:
        if a.entity != b.entity:
            return False
    elif a.speaker and b.speaker:
        if fold(a.speaker) != fold(b.speaker):
            return False
    elif cos < UNKNOWN_SPEAKER_THRESHOLD:
        return False
    if a.event and b.event and a.event != b.event and cos < UNKNOWN_SPEAKER_THRESHOLD:
        return False  # reports of different events share a statement only when nearly word for word
    if a.day and b.day:
        try:
            gap = abs((date.fromisoformat(a.day[:10]) - date.fromisoformat(b.day[:10])).days)
        except ValueError:
            gap = 0
        if gap > MAX_DAYS:
            return False
    return True


def _speaker_key(u: Utterance) -> str | None:
    return u.entity or (fold(u.speaker) if u.speaker else None)


def _day_span(day: str | None) -> tuple[int, int] | None:
    try:
        n = date.fromisoformat(day[:10]).toordinal() if day and len(day) >= 10 else None
    except ValueError:
        n = None
    return None if n is None else (n, n)


def _join_spans(a: tuple[int, int] | None, b: tuple[int, int] | None) -> tuple[int, int] | None:
    if a is None or b is None:
        return a or b
    return min(a[0], b[0]), max(a[1], b[1])


def statement_id(utterance: Utterance) -> str:
    return "st-" + hashlib.sha1(utterance.key.encode("utf-8")).hexdigest()[:12]


def match_statements(
    utterances: Sequence[Utterance],
    embed: Callable[[list[str]], np.ndarray],
    *,
    threshold: float = THRESHOLD,
) -> list[Statement]:
    """Group utterances into statements. Every utterance ends up in exactly one statement.

    Args:
        utterances: The utterances of the corpus.
        embed: Returns unit sentence vectors (one row per text) for a list of texts.
        threshold: The cosine needed between two utterances of one speaker.
    """
    n = len(utterances)
    sets = DisjointSets(n)

    # What each group holds so far: its speakers and its span of days. Two groups join only
    # when the joined group stays one speaker and within MAX_DAYS, so that undated reports
    # cannot chain together reports years apart.
    speakers: dict[int, set[str]] = {i: {u.entity} if u.entity else set() for i, u in enumerate(utterances)}
    days: dict[int, tuple[int, int] | None] = {i: _day_span(u.day) for i, u in enumerate(utterances)}
    # Only speakers quoted in two or more documents (and unknown speakers) can have a statement
    # reported twice: the others are not encoded at all, which saves most of the encoder's time
    # on large piles where most people are quoted once.
    docs_of: dict[str | None, set[str]] = {}
    for u in utterances:
        docs_of.setdefault(_speaker_key(u), set()).add(u.document)
    usable = [i for i, u in enumerate(utterances) if len(u.text.split()) >= MIN_WORDS
              and (_speaker_key(u) is None or len(docs_of[_speaker_key(u)]) > 1)]
    if len(usable) >= 2:
        vectors = embed([utterances[i].text for i in usable])
        sims_needed = min(threshold, UNKNOWN_SPEAKER_THRESHOLD)
        scored = [(float(vectors[a] @ vectors[b]), usable[a], usable[b]) for a, b in close_pairs(vectors, sims_needed)]
        for cos, i, j in sorted(scored, reverse=True):
            if cos < threshold or not _compatible(utterances[i], utterances[j], cos):
                continue
            ri, rj = sets.find(i), sets.find(j)
            if ri == rj or len(speakers[ri] | speakers[rj]) > 1:
                continue
            span = _join_spans(days[ri], days[rj])
            if span is not None and span[1] - span[0] > MAX_DAYS:
                continue
            root = sets.union(ri, rj)
            other = rj if root == ri else ri
            speakers[root] |= speakers.pop(other)
            days[root] = span
            days.pop(other, None)
    out: list[Statement] = []
    for members in sets.groups().values():
        utts = tuple(utterances[i] for i in members)
        speaker = next((u.speaker for u in utts if u.entity and u.speaker), None) or next(
            (u.speaker for u in utts if u.speaker), None)
        entity = next((u.entity for u in utts if u.entity), None)
        longest = max(utts, key=lambda u: len(u.text))
        out.append(Statement(id=statement_id(utts[0]), speaker=speaker, entity=entity, text=longest.text,
                             utterances=utts))
    out.sort(key=lambda s: (-len(s.documents), s.id))
    return out

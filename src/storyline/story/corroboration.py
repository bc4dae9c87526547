"""How many independent outlets carry each statement and claim, and who contradicts it.

Independence: near-duplicate and syndicated copies count once (a document counts
for the outlet of the copy it duplicates), and one outlet counts once however many
of its documents carry the item. A claim is a sentence an outlet states in its own
voice; it is carried by another outlet when that outlet has a close sentence
(sentence vectors). It is carried "only from one party's mouth" when every outlet
has it inside a quote of the same speaker. Two close sentences of which one denies
what the other asserts contradict each other.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np

from ..link.ann import close_pairs
from ..link.groups import DisjointSets
from .sentences import Sentence

SAME_CLAIM = 0.72
_NEGATION = re.compile(r"\b(?:not|no|never|none|nothing|neither|nor|without|cannot|can't|won't|didn't|doesn't|"
                       r"don't|isn't|wasn't|aren't|weren't|hasn't|haven't|denied|denies|refused|rejected)\b",
                       re.IGNORECASE)
MIN_CLAIM_WORDS = 8


@dataclass(frozen=True, slots=True, kw_only=True)
class Claim:
    """A sentence of a document, with what the corroboration needs to know of it."""

    sentence: Sentence
    outlet: str
    #: The speaker entity (or name) when the sentence sits inside a quote, else None.
    quoted_by: str | None = None
    event: str | None = None


@dataclass(slots=True, kw_only=True)
class ClaimGroup:
    """Sentences of several documents that say one thing, and those that deny it."""

    members: list[Claim]
    contradicted_by: list[Claim] = field(default_factory=list)

    @property
    def outlets(self) -> list[str]:
        return list(dict.fromkeys(c.outlet for c in self.members))

    @property
    def single_party(self) -> bool:
        speakers = {c.quoted_by for c in self.members}
        return len(speakers) == 1 and None not in speakers


def negated(text: str) -> bool:
    return bool(_NEGATION.search(text))


def independent_outlets(outlets_of_documents: Sequence[str]) -> int:
    """Distinct outlets (duplicates already mapped to their canonical copy's outlet)."""
    return len(set(outlets_of_documents))


def group_claims(
    claims: Sequence[Claim], embed: Callable[[list[str]], np.ndarray], *, threshold: float = SAME_CLAIM
) -> list[ClaimGroup]:
    """Claims said by two or more outlets, each with the claims that contradict it.

    Close sentences of different outlets with the same polarity join one group; close
    sentences of opposite polarity are recorded as contradicting each other.
    """
    usable = [c for c in claims if len(c.sentence.text.split()) >= MIN_CLAIM_WORDS]
    n = len(usable)
    if n < 2:
        return []
    vectors = embed([c.sentence.text for c in usable])
    sets = DisjointSets(n)

    against: list[tuple[int, int]] = []
    for i, j in close_pairs(vectors, threshold):
        a, b = usable[i], usable[j]
        if a.outlet == b.outlet:
            continue
        if negated(a.sentence.text) != negated(b.sentence.text):
            against.append((i, j))
            continue
        sets.union(i, j)
    groups: dict[int, ClaimGroup] = {}
    for i in range(n):
        groups.setdefault(sets.find(i), ClaimGroup(members=[])).members.append(usable[i])
    for i, j in against:
        for x, y in ((i, j), (j, i)):
            g = groups[sets.find(x)]
            if usable[y] not in g.contradicted_by:
                g.contradicted_by.append(usable[y])
            groups.setdefault(sets.find(y), ClaimGroup(members=[usable[y]]))
    out = [g for g in groups.values() if len(g.outlets) > 1 or g.contradicted_by]
    out.sort(key=lambda g: (-len(g.outlets), -len(g.contradicted_by), g.members[0].sentence.document))
    return out

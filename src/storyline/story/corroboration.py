"""How many independent outlets carry each statement and claim, and who contradicts it.

Independence: near-duplicate and syndicated copies count once (a document counts
for the outlet of the copy it duplicates), and one outlet counts once however many
of its documents carry the item. A claim is a sentence an outlet states in its own
voice; it is carried by another outlet when that outlet has a close sentence
(sentence vectors) that shares content words with it, within the same event. It is
carried "only from one party's mouth" when every outlet has it inside a quote of the
same speaker. Two close sentences of which one denies
what the other asserts contradict each other; two that give different figures for the
same thing ("three bridges closed" against "four bridges closed", "12 people" against
"15 people") corroborate the claim and dispute the figure.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np

from ..link.ann import close_pairs
from ..link.groups import DisjointSets
from .sentences import Sentence, content_stems

SAME_CLAIM = 0.72
#: a denial must be closer still to what it denies, and a different figure closer again (a paraphrase)
CONTRADICTS = 0.8
DISPUTES = 0.85
_NEGATION = re.compile(r"\b(?:not|no|never|none|nothing|neither|nor|without|cannot|(?:denied|denies|deny) that|"
                       r"(?:ca|do|does|did|is|was|are|were|has|have|had|wo|could|would|should)n[’']?t)\b|n[’']t\b",
                       re.IGNORECASE)
MIN_CLAIM_WORDS = 8
#: Close sentences are one claim only when they share this many content words (by stem) besides names.
MIN_SHARED_STEMS = 2
_STOP = frozenset("""about after also again against before being could does during into just more most much only
other over said says same some such than then there these they those through under very what when where which
while will would your year years week weeks month months today yesterday""".split())
_NUMBER_WORDS = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
    "seventeen eighteen nineteen twenty".split())} | {"thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
                                                      "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100,
                                                      "dozen": 12}
_SCALE = {"hundred": 1e2, "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
_WEAK = frozenset("the and that been being have has had was were are for with from this its their his her".split())
_NOT_CONTENT = _WEAK | _STOP
_NOT_COUNTED = frozenset("""a.m p.m am pm gmt utc et of and or to the a an in on at for by with from per than
local""".split())
_MONTHS = frozenset("""january february march april may june july august september october november december
jan feb mar apr jun jul aug sep sept oct nov dec""".split())
#: a figure and what it counts: "three bridges", "5,000 troops", "1.5 million people", "40 percent"
_FIGURE = re.compile(
    r"(?<![\w.,])(?P<n>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|" + "|".join(sorted(_NUMBER_WORDS, key=len, reverse=True))
    + r")(?:\s+(?P<scale>hundred|thousand|million|billion|trillion))?(?:\s+(?P<adj>[a-z]+))??\s+(?P<noun>[a-z]{3,})\b",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True, kw_only=True)
class Claim:
    """A sentence of a document, with what the corroboration needs to know of it."""

    sentence: Sentence
    outlet: str
    #: The speaker entity (or name) when the sentence sits inside a quote, else None.
    quoted_by: str | None = None
    event: str | None = None
    #: The entities the sentence names; two claims naming people or places apart are not one claim.
    participants: frozenset[str] = frozenset()


@dataclass(slots=True, kw_only=True)
class ClaimGroup:
    """Sentences of several documents that say one thing, and those that deny it."""

    members: list[Claim]
    contradicted_by: list[Claim] = field(default_factory=list)
    #: (member, the claim that denies it): the close pairs behind ``contradicted_by``
    denials: list[tuple[Claim, Claim]] = field(default_factory=list)
    #: Members that give a different figure for one thing: (claim, "four rounds") for each side of the dispute.
    disputed: list[tuple[Claim, str]] = field(default_factory=list)

    @property
    def outlets(self) -> list[str]:
        return list(dict.fromkeys(c.outlet for c in self.members))

    @property
    def single_party(self) -> bool:
        speakers = {c.quoted_by for c in self.members}
        return len(speakers) == 1 and None not in speakers


def negated(text: str) -> bool:
    return bool(_NEGATION.search(text))


def figures(text: str) -> dict[str, tuple[float, str]]:
    """The figures a sentence gives, by what they count: {"bridge": (3.0, "three bridges")}.

    Years, days of a month and clock times are not figures of anything.
    """
    out: dict[str, tuple[float, str]] = {}
    for m in _FIGURE.finditer(text):
        raw, noun = m["n"].lower(), m["noun"].lower()
        adj = (m["adj"] or "").lower()
        if {noun, adj} & _MONTHS or noun in _NOT_COUNTED or adj in _NOT_COUNTED:
            continue
        following = text[m.end("n") : m.end("n") + 6].lower()
        if following.startswith((":", "-", "/")):
            continue
        value = float(_NUMBER_WORDS[raw]) if raw in _NUMBER_WORDS else float(raw.replace(",", ""))
        if raw.isdigit() and len(raw) == 4 and 1800 <= value <= 2100:
            continue  # a year
        if m["scale"]:
            value *= _SCALE[m["scale"].lower()]
        key = noun[:-1] if noun.endswith("s") and len(noun) > 3 else noun
        out.setdefault(key, (value, m.group(0)))
    return out


def disputed_figure(a: str, b: str) -> tuple[str, str] | None:
    """The figures two close sentences give differently for the same thing, or None."""
    fa, fb = figures(a), figures(b)
    for key in sorted(fa.keys() & fb.keys()):
        if fa[key][0] != fb[key][0]:
            return fa[key][1], fb[key][1]
    return None


def _words(text: str) -> set[str]:
    return {w.lower() for w in re.findall(r"[^\W\d_]{3,}", text)}


def _same_words(a: str, b: str) -> bool:
    """Whether one sentence denies what the other says, in much the same words.

    A denial repeats what it denies ("was closed" / "was not closed"): the words right
    after the negation are words of the other sentence, and the two share most of
    their words. Two accounts of one topic that differ by a "not" in some clause of
    their own ("... meaning he won't play in the playoffs") are not a contradiction.
    """
    negative, positive = (a, b) if negated(a) else (b, a)
    m = _NEGATION.search(negative)
    assert m is not None
    denied = [w for w in re.findall(r"[^\W\d_]{3,}", negative[m.end() :].lower()) if w not in _WEAK][:3]
    wa, wb = _words(_NEGATION.sub(" ", a)), _words(_NEGATION.sub(" ", b))
    return (bool(denied) and all(w in _words(positive) for w in denied)
            and len(wa & wb) >= 0.5 * len(wa | wb))


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
    disputes: list[tuple[int, int, tuple[str, str]]] = []
    for i, j in close_pairs(vectors, threshold):
        a, b = usable[i], usable[j]
        if a.outlet == b.outlet:
            continue
        if a.participants and b.participants and not a.participants & b.participants:
            continue  # close wording about different people: "X will miss the season", "Y won't play"
        if a.event and b.event and a.event != b.event:
            continue  # like sentences about two happenings (two strikes at one port, a year apart)
        similarity = float(vectors[i] @ vectors[j])
        if negated(a.sentence.text) != negated(b.sentence.text):
            if similarity >= CONTRADICTS and _same_words(a.sentence.text, b.sentence.text):
                against.append((i, j))
            continue
        if len(content_stems(a.sentence.text, _NOT_CONTENT) & content_stems(b.sentence.text, _NOT_CONTENT)) \
                < MIN_SHARED_STEMS:
            continue  # one topic, not one claim: "X outspent Y on ads" / "Y released an ad about X"
        sets.union(i, j)
        figure = disputed_figure(a.sentence.text, b.sentence.text) if similarity >= DISPUTES else None
        if figure:
            disputes.append((i, j, figure))
    groups: dict[int, ClaimGroup] = {}
    for i in range(n):
        groups.setdefault(sets.find(i), ClaimGroup(members=[])).members.append(usable[i])
    for i, j in against:
        for x, y in ((i, j), (j, i)):
            g = groups[sets.find(x)]
            if usable[y] not in g.contradicted_by:
                g.contradicted_by.append(usable[y])
            g.denials.append((usable[x], usable[y]))
            groups.setdefault(sets.find(y), ClaimGroup(members=[usable[y]]))
    for i, j, (fa, fb) in disputes:
        g = groups[sets.find(i)]
        for k, phrase in ((i, fa), (j, fb)):
            if (usable[k], phrase) not in g.disputed:
                g.disputed.append((usable[k], phrase))
    out = [g for g in groups.values() if len(g.outlets) > 1 or g.contradicted_by]
    out.sort(key=lambda g: (-len(g.outlets), -len(g.contradicted_by), g.members[0].sentence.document))
    return out

"""Dated happenings and the dates outlets disagree on.

A happening is a sentence that carries a time expression (a day, a weekday, a month)
and a verb of a kind of happening: a meeting or talks, a statement, a decision, an
attack, a vote. Sentences of different documents that describe the same happening
form one timeline item: the same kind, the same event, no conflicting participants,
and close content-word vectors once the dates are taken out (TF-IDF over the
corpus's sentences, so that distinctive words such as "foreign ministers" or "first
time since" count and common ones do not; multilingual sentence vectors proved too
loose here, rating different talks of the same people closer than two accounts of
one meeting). When their dates differ, the item is a conflict and keeps each date
with its sources.
"""

from __future__ import annotations

import re
from datetime import date
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from ..link.ann import close_pairs
from ..link.groups import DisjointSets
from .sentences import content_stems

#: Kinds of happening, by the verb or noun the sentence uses (generic English).
KINDS: tuple[tuple[str, re.Pattern[str]], ...] = tuple((k, re.compile(p, re.IGNORECASE)) for k, p in (
    ("meeting", r"\b(?:met|meet(?:s|ing|ings)?|talks|negotiat\w*|summit|visit(?:ed|s)?|held (?:a )?(?:call|talks)"
                r"|phone call|conference|round of)\b"),
    ("decision", r"\b(?:sign(?:ed|s)?|decree|decid\w+|approv\w+|adopt\w+|agree(?:d|ment)|ratif\w+|vot(?:ed|e|es)"
                 r"|sanction\w*|ban(?:ned|s)?|launch(?:ed)?|resum\w+|suspend\w*|paus\w+)\b"),
    ("attack", r"\b(?:attack\w*|strike|struck|shell\w*|bomb\w*|kill\w*|invad\w+|invasion|offensive|captur\w+)\b"),
    ("statement", r"\b(?:said|says|told|stated|announc\w+|declar\w+|wrote|spoke|speech|address|warn\w*"
                  r"|claim\w*|call(?:ed)? for|demand\w*)\b"),
))
#: Time values that make a timeline date: a day (maybe with time), a weekday, a month.
_DATED = re.compile(r"^(?:\d{4}-\d{2}(?:-\d{2})?(?:T.*)?|XXXX-WXX-[1-7]|XXXX-\d{2}(?:-\d{2})?)$")
#: Cosine of the sentences' content-word vectors (the dates taken out) for one happening.
SAME_HAPPENING = 0.12
#: Two accounts that give dates which cannot be the same day are one happening (a conflict) only when
#: closer still, and sharing content words besides names ("the foreign ministers met ...").
CONFLICTING_HAPPENING = 0.18
DIMS = 2048
_STOP = frozenset("""the a an of and or to in on at for with by from that this these those is are was were be been
being has have had as it its his her their they he she we i you not but also after before since which who whom
whose will would could should can may might about into than then there over under again once more most other
some such only own same so too very just said says say told according""".split())


@dataclass(frozen=True, slots=True, kw_only=True)
class Happening:
    """A sentence that dates something that happened."""

    document: str
    start: int
    end: int
    text: str
    kind: str
    value: str
    when_text: str
    when_start: int
    when_end: int
    participants: frozenset[str] = frozenset()
    event: str | None = None
    outlet: str | None = None
    #: The other dates the sentence gives ("killed 26,000 in December 2003, and 600 in February").
    also: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class TimelineItem:
    """One happening as one or more documents report it; ``dates`` maps each date given to its reports."""

    id: str
    kind: str
    text: str
    dates: tuple[tuple[str, tuple[Happening, ...]], ...]
    event: str | None

    @property
    def conflict(self) -> bool:
        """True when two of the dates given cannot be the same day ("Thursday" and "Friday")."""
        values = [d for d, _ in self.dates]
        return any(not compatible(a, b) for i, a in enumerate(values) for b in values[i + 1 :])

    @property
    def date(self) -> str:
        """The date most sources give; when they all agree, the most exact of them ("10 March" over "March",
        a full date over the weekday it falls on)."""
        if self.conflict:
            return self.dates[0][0]
        return max((d for d, _ in self.dates), key=_exactness)

    @property
    def reports(self) -> tuple[Happening, ...]:
        return tuple(h for _, hs in self.dates for h in hs)


def kind_of(sentence: str) -> str | None:
    """The kind of happening a sentence tells of, or None."""
    for kind, pattern in KINDS:
        if pattern.search(sentence):
            return kind
    return None


def is_dated(value: str) -> bool:
    return bool(_DATED.match(value))


def describe_date(value: str) -> str:
    """A readable form of a timeline value ("a Friday (date not given)" for an unanchored weekday)."""
    from ..report.dates import human

    return human(value)


def content_terms(text: str) -> list[str]:
    """Content words (cut to six letters, so that inflections meet) and their bigrams."""
    words = [w.lower()[:6] for w in re.findall(r"[^\W\d_]{3,}", text) if w.lower() not in _STOP]
    return words + [f"{a}_{b}" for a, b in zip(words, words[1:], strict=False)]


def lexical_vectors(texts: Sequence[str], df: Counter[str], n_docs: int, *, dims: int = DIMS) -> np.ndarray:
    """Unit TF-IDF vectors of content terms, hashed into ``dims`` columns."""
    import zlib

    out = np.zeros((len(texts), dims), dtype=np.float32)
    for i, t in enumerate(texts):
        for term, n in Counter(content_terms(t)).items():
            out[i, zlib.crc32(term.encode("utf-8")) % dims] += n * np.log((n_docs + 1) / (df.get(term, 0) + 1))
    norms = np.linalg.norm(out, axis=1, keepdims=True)
    return out / np.where(norms == 0, 1.0, norms)


def _exactness(value: str) -> tuple[int, int]:
    """How exactly a value names a day: known parts first, then length ("2022-03-10" > "XXXX-03-10" > "2022-03")."""
    return (sum(1 for part in value[:10].split("-") if part and "X" not in part and not part.startswith("W")),
            len(value))


def compatible(a: str, b: str) -> bool:
    """Whether two date values can name the same day.

    One may narrow the other ("2022-03" and "2022-03-10", "XXXX-12" and "XXXX-12-02"),
    a weekday fits a full date that falls on it, and a weekday and a day without a year
    cannot be told apart. Two weekdays, or two days, that differ cannot be the same.
    """
    a, b = a[:10], b[:10]
    wa, wb = re.fullmatch(r"XXXX-WXX-([1-7])", a), re.fullmatch(r"XXXX-WXX-([1-7])", b)
    if wa or wb:
        if wa and wb:
            return a == b
        weekday, other = (wa, b) if wa else (wb, a)
        assert weekday is not None
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", other):
            return date.fromisoformat(other).isoweekday() == int(weekday.group(1))
        return True
    short, long_ = sorted((a, b), key=len)
    return all(x == y or "X" in (x + y) for x, y in zip(short.split("-"), long_.split("-"), strict=False))


def _day_key(value: str) -> str:
    return value[:10]


def build_timeline(
    happenings: Sequence[Happening], embed: Callable[[list[str]], np.ndarray], *, threshold: float = SAME_HAPPENING
) -> list[TimelineItem]:
    """Group happenings told by different documents into timeline items, keeping disagreeing dates."""
    n = len(happenings)
    sets = DisjointSets(n)

    if n >= 2:
        # the dates are what may differ: compare what the sentences say without them
        vectors = embed([h.text.replace(h.when_text, " ") for h in happenings])
        for i, j in close_pairs(vectors, threshold):
            a, b = happenings[i], happenings[j]
            if a.document == b.document or a.kind != b.kind or a.event != b.event:
                continue
            if a.participants and b.participants and not (a.participants & b.participants):
                continue
            if not compatible(a.value, b.value) and (
                    float(vectors[i] @ vectors[j]) < CONFLICTING_HAPPENING
                    or len(content_stems(a.text, _STOP) & content_stems(b.text, _STOP)) < 2
                    or any(compatible(x, b.value) for x in a.also) or any(compatible(a.value, y) for y in b.also)):
                # two dates for one happening need two close accounts of it, not a loose likeness, and
                # accounts that do not also give each other's date (a sentence with two dates may tell of two
                # happenings)
                continue
            sets.union(i, j)
    items: list[TimelineItem] = []
    for indices in sets.groups().values():
        members = [happenings[i] for i in indices]
        by_date: dict[str, list[Happening]] = {}
        for h in members:
            by_date.setdefault(_day_key(h.value), []).append(h)
        # one document giving two dates for one happening is the document's own detail, not a conflict
        counts = Counter({d: len({h.document for h in hs}) for d, hs in by_date.items()})
        ordered = sorted(by_date.items(), key=lambda kv: (-counts[kv[0]], kv[0]))
        lead = max(members, key=lambda h: (len(h.participants), len(h.text)))
        first = members[0]
        items.append(TimelineItem(
            id=f"tl-{first.document}-{first.start}", kind=lead.kind, text=lead.text,
            dates=tuple((d, tuple(hs)) for d, hs in ordered), event=lead.event,
        ))  # fmt: skip
    items.sort(key=lambda it: (it.date.startswith("X"), it.date, it.id))
    return items

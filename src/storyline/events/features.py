"""Document features for event clustering: hashed, lead-weighted term counts.

A document becomes a sparse vector over ``2**bits`` hash buckets. Features are
content words, capitalised (name-like) tokens and runs of them, numbers, and the
caller's named entities. Hashing is stable across processes (CRC32), so feature
indices can be stored and reloaded without a vocabulary.
"""

from __future__ import annotations

import math
import re
import zlib
from collections import Counter
from collections.abc import Iterable
from datetime import date, datetime

import numpy as np

#: Default number of hash bits (about a million buckets).
BITS = 20

_WORD = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*")
_SENT = re.compile(r"(?<=[.!?…])[\"'”’»)]?\s+|\n+")

#: Function words of English and a few other news languages; they carry no event signal.
STOPWORDS = frozenset(
    """a an the and or but if of to in on at by for with from as is are was were be been being this that
    these those it its it's he she they we you i his her hers their theirs our ours your yours my mine me him
    them us who whom whose which what when where why how not no nor yes do does did done doing have has had
    having will would shall should can could may might must than then there here also just about into over
    under after before up down out off again further once more most other others some such only own same so
    too very said says say saying told tell according while during since until against between through
    among per via any all both each few many much every another new one two three first last next now
    today yesterday tomorrow week weeks month months year years day days time times ago still even ever
    already yet however though although because whether around near well back way get got make made take
    took going go went come came see seen including include includes like also mr mrs ms dr
    monday tuesday wednesday thursday friday saturday sunday
    january february march april may june july august september october november december
    der die das und ist nicht mit von den dem des ein eine zu im für auf sich als auch es le la les et
    des du un une est en que qui dans pour pas sur el los las y que por con para del""".split()
)


def sentences(text: str) -> list[str]:
    """Split text into sentences (and lines), dropping blank pieces."""
    return [s.strip() for s in _SENT.split(text or "") if s and s.strip()]


def stable_hash(feature: str, bits: int = BITS) -> int:
    """Bucket of a feature string; the same in every process and Python version."""
    return zlib.crc32(feature.encode("utf-8")) & ((1 << bits) - 1)


def day_number(value: object) -> float | None:
    """A date-ish value as days since 0001-01-01, or None if it is missing or unreadable."""
    if value is None or value == "":
        return None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value)
    if isinstance(value, datetime):
        return value.toordinal() + (value.hour * 3600 + value.minute * 60 + value.second) / 86400
    if isinstance(value, date):
        return float(value.toordinal())
    if isinstance(value, str):
        text = value.strip()
        try:
            return day_number(datetime.fromisoformat(text.replace("Z", "+00:00")))
        except ValueError:
            pass
        try:
            return day_number(date.fromisoformat(text[:10]))
        except ValueError:
            return None
    return None


def day_to_iso(day: float | None) -> str | None:
    """Inverse of :func:`day_number`, to the day."""
    if day is None:
        return None
    return date.fromordinal(int(math.floor(day))).isoformat()


def term_counts(
    text: str,
    *,
    title: str | None = None,
    entities: Iterable[str] = (),
    lead_sentences: int = 3,
    lead_weight: float = 2.0,
    name_weight: float = 2.0,
    number_weight: float = 1.0,
) -> Counter[str]:
    """Weighted feature counts of one document.

    ``w:`` content word, ``p:`` capitalised token not at a sentence start, ``m:`` a run
    of two or more such tokens, ``n:`` a number, ``e:`` a caller-supplied entity.
    The title and the first ``lead_sentences`` sentences count ``lead_weight`` times.
    """
    counts: Counter[str] = Counter()
    sents = sentences(text)
    if title and title.strip():
        sents = [title.strip(), *sents]
    for i, sent in enumerate(sents):
        w = lead_weight if i <= lead_sentences else 1.0
        run: list[str] = []
        toks = _WORD.findall(sent)
        # in a Title Case headline a capital may be a name or just a word: count both, no runs
        headline = _title_case(toks)
        for j, tok in enumerate(toks):
            low = tok.lower()
            if low in STOPWORDS:
                if len(run) > 1:
                    counts["m:" + "_".join(run)] += w * name_weight
                run = []
                continue
            if tok[0].isupper() and j > 0:
                counts["p:" + low] += w * name_weight
                if not headline:
                    run.append(low)
                    continue
                if len(low) > 2 and not low[0].isdigit():
                    counts["w:" + low] += w
                continue
            if len(run) > 1:
                counts["m:" + "_".join(run)] += w * name_weight
            run = []
            if tok[0].isdigit():
                counts["n:" + low] += w * number_weight
            elif len(low) > 2:
                counts["w:" + low] += w
        if len(run) > 1:
            counts["m:" + "_".join(run)] += w * name_weight
    for ent in entities:
        key = " ".join(_WORD.findall(str(ent).lower()))
        if key:
            counts["e:" + key] += name_weight
    return counts


def _title_case(tokens: list[str]) -> bool:
    """Most content words capitalised (at least three of them), as in English headlines."""
    content = [t for t in tokens if t[0].isalpha() and t.lower() not in STOPWORDS]
    caps = sum(1 for t in content if t[0].isupper())
    return caps >= 3 and caps >= 0.7 * len(content)


def hashed_vector(counts: Counter[str], bits: int = BITS) -> tuple[np.ndarray, np.ndarray]:
    """Sorted bucket indices and L2-normalised sublinear term frequencies."""
    acc: dict[int, float] = {}
    for feat, c in counts.items():
        if c <= 0:
            continue
        h = stable_hash(feat, bits)
        acc[h] = acc.get(h, 0.0) + c
    if not acc:
        return np.zeros(0, dtype=np.int32), np.zeros(0, dtype=np.float32)
    idx = np.fromiter(acc.keys(), dtype=np.int32, count=len(acc))
    val = np.fromiter(acc.values(), dtype=np.float64, count=len(acc))
    val = 1.0 + np.log(np.maximum(val, 1e-9)) * (val >= 1) + (val - 1) * (val < 1)
    order = np.argsort(idx)
    idx, val = idx[order], val[order]
    val = val / (np.linalg.norm(val) or 1.0)
    return idx, val.astype(np.float32)

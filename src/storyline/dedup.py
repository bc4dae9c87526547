"""Exact and near-duplicate articles: MinHash signatures over word shingles, LSH to find candidates.

Duplicates are linked to a canonical copy (the first stored), never dropped.
"""

from __future__ import annotations

import functools
import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

NUM_PERM = 64
SHINGLE = 5
_WORD = re.compile(r"\w+", re.UNICODE)


def normalise(text: str) -> list[str]:
    return list(_normalised(text))


@functools.lru_cache(maxsize=1024)
def _normalised(text: str) -> tuple[str, ...]:
    # Cached: the same article text is hashed, counted and shingled several times while it is stored.
    # Words hold no spaces, so one join-lower-split lower-cases them all in C.
    words = _WORD.findall(text)
    return tuple(" ".join(words).lower().split(" ")) if words else ()


@functools.lru_cache(maxsize=1024)
def text_hash(text: str) -> str:
    return hashlib.sha1(" ".join(_normalised(text)).encode("utf-8")).hexdigest()


@functools.cache
def _permutations() -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(7)
    a = rng.integers(0, 2**63, size=NUM_PERM, dtype=np.uint64) * np.uint64(2) + np.uint64(1)  # odd
    b = rng.integers(0, 2**63, size=NUM_PERM, dtype=np.uint64)
    return a, b


#: Shingle hashes seen in this process: near-duplicates (the point of this module) share most shingles.
_SEEN: dict[str, int] = {}
_SEEN_MAX = 100_000


def _hashes(shingles: set[str]) -> np.ndarray:
    """32-bit hashes of the shingles (the first 4 bytes of BLAKE2b, little-endian)."""
    missing = [s for s in shingles if s not in _SEEN]
    if not missing:
        return np.array([_SEEN[s] for s in shingles], dtype=np.uint64)
    digests = b"".join([hashlib.blake2b(s.encode("utf-8"), digest_size=4).digest() for s in missing])
    fresh = dict(zip(missing, np.frombuffer(digests, dtype="<u4").tolist(), strict=True))
    out = np.array([fresh[s] if s in fresh else _SEEN[s] for s in shingles], dtype=np.uint64)
    if len(_SEEN) + len(fresh) > _SEEN_MAX:
        _SEEN.clear()
    _SEEN.update(fresh)
    return out


def signature(text: str) -> bytes:
    """The MinHash signature of a text's word 5-gram shingles, as bytes for the store.

    Each of the NUM_PERM hash functions is a multiply-shift hash ``(a*x + b) >> 32``
    (mod 2**64, ``a`` odd) of a 32-bit shingle hash; the signature keeps the minimum of each.
    """
    words = _normalised(text)
    shingles = {" ".join(words[i : i + SHINGLE]) for i in range(max(1, len(words) - SHINGLE + 1))}
    x = _hashes(shingles)
    a, b = _permutations()
    with np.errstate(over="ignore"):
        values = (a[:, None] * x[None, :] + b[:, None]) >> np.uint64(32)
    return bytes(values.min(axis=1).astype(np.uint64).tobytes())


def similarity(a: bytes, b: bytes) -> float:
    """Estimated Jaccard similarity of two signatures."""
    return float(np.mean(np.frombuffer(a, dtype=np.uint64) == np.frombuffer(b, dtype=np.uint64)))


@dataclass(frozen=True, slots=True, kw_only=True)
class Match:
    duplicate_of: str
    similarity: float


class DuplicateIndex:
    """A banded LSH index of the stored documents' signatures, updated as documents are added."""

    BANDS = 16

    def __init__(self, threshold: float = 0.8) -> None:
        self.threshold = threshold
        self.rows = NUM_PERM // self.BANDS
        self.buckets: dict[tuple[int, bytes], list[str]] = {}
        self.exact: dict[str, str] = {}
        self.sigs: dict[str, bytes] = {}
        self.canonical: dict[str, str] = {}

    def _bands(self, sig: bytes) -> list[tuple[int, bytes]]:
        step = self.rows * 8
        return [(i, sig[i * step : (i + 1) * step]) for i in range(self.BANDS)]

    def add(self, doc_id: str, text: str, sig: bytes | None, duplicate_of: str | None = None) -> None:
        self.exact.setdefault(text_hash(text), doc_id)
        self.canonical[doc_id] = duplicate_of or doc_id
        if sig:
            self.sigs[doc_id] = sig
            for key in self._bands(sig):
                self.buckets.setdefault(key, []).append(doc_id)

    def load(self, rows: Iterable[tuple[str, str | None, bytes | None, str]]) -> None:
        for doc_id, dup, sig, text in rows:
            self.add(doc_id, text, sig, dup)

    def _best(self, sig: bytes, candidates: Iterable[tuple[str, bytes | None]]) -> tuple[float, str] | None:
        best: tuple[float, str] | None = None
        for cand, other in candidates:
            if other is None:
                continue
            sim = similarity(sig, other)
            if sim >= self.threshold and (best is None or sim > best[0]):
                best = (sim, cand)
        return best

    def find_among(self, text: str, sig: bytes, others: Iterable[tuple[str, str, bytes | None, str | None]]) -> Match | None:
        """Like :meth:`find`, against a few (id, text, signature, duplicate_of) not yet in the index."""
        h = text_hash(text)
        others = list(others)
        for other_id, other_text, _, other_dup in others:
            if text_hash(other_text) == h:
                return Match(duplicate_of=other_dup or other_id, similarity=1.0)
        if len(_normalised(text)) < 3 * SHINGLE:
            return None
        dups = {o[0]: o[3] or o[0] for o in others}
        best = self._best(sig, ((o[0], o[2]) for o in others))
        return Match(duplicate_of=dups[best[1]], similarity=round(best[0], 3)) if best else None

    def find(self, text: str, sig: bytes) -> Match | None:
        """The canonical copy this text duplicates, if any."""
        h = text_hash(text)
        if h in self.exact:
            first = self.exact[h]
            return Match(duplicate_of=self.canonical.get(first, first), similarity=1.0)
        if len(_normalised(text)) < 3 * SHINGLE:
            return None
        cands = {c for key in self._bands(sig) for c in self.buckets.get(key, ())}
        best = self._best(sig, ((c, self.sigs.get(c)) for c in cands))
        if best is None:
            return None
        return Match(duplicate_of=self.canonical.get(best[1], best[1]), similarity=round(best[0], 3))

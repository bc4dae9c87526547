"""Exact and near-duplicate articles: MinHash signatures over word shingles, LSH to find candidates.

Duplicates are linked to a canonical copy (the first stored), never dropped.
"""

from __future__ import annotations

import functools
import hashlib
import itertools
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
_SEEN: dict[bytes, int] = {}
_SEEN_MAX = 100_000
_blake2b = hashlib.blake2b


def _shingles(words: tuple[str, ...]) -> list[bytes]:
    """The UTF-8 bytes of each run of SHINGLE words (joined by spaces), cut out of one encoded string."""
    n = len(words)
    if n <= SHINGLE:
        return [" ".join(words).encode("utf-8")]
    flat = " ".join(words)
    data = flat.encode("utf-8")
    # Where each word starts in ``data``, and one place past the end (as if a space followed the last word).
    if len(data) == len(flat):  # one byte per character
        starts = np.cumsum(np.fromiter(map(len, words), dtype=np.int64, count=n) + 1)
    else:  # words hold no spaces, so the spaces are the n - 1 separators
        cps = np.frombuffer(flat.encode("utf-32-le"), dtype=np.uint32)
        at = np.cumsum(1 + (cps >= 0x80).astype(np.int64) + (cps >= 0x800) + (cps >= 0x10000))  # bytes up to each character
        starts = np.append(at[cps == 32], len(data) + 1)
    starts = np.concatenate(([0], starts))
    return list(map(data.__getitem__, map(slice, starts[: n - SHINGLE + 1].tolist(), (starts[SHINGLE:] - 1).tolist())))


def _hashes(shingles: list[bytes]) -> np.ndarray:
    """32-bit hashes of the shingles (the first 4 bytes of BLAKE2b, little-endian)."""
    values = list(map(_SEEN.get, shingles))
    if None in values:
        missing = [s for s, v in zip(shingles, values, strict=True) if v is None]
        digests = b"".join([_blake2b(s, digest_size=4).digest() for s in missing])
        fresh = np.frombuffer(digests, dtype="<u4").tolist()
        if len(missing) == len(values):
            values = fresh
        else:
            new = iter(fresh)
            values = [v if v is not None else next(new) for v in values]
        if len(_SEEN) + len(missing) > _SEEN_MAX:
            _SEEN.clear()
        _SEEN.update(zip(missing, fresh, strict=True))
    return np.array(values, dtype=np.uint64)


def signature(text: str) -> bytes:
    """The MinHash signature of a text's word 5-gram shingles, as bytes for the store.

    Each of the NUM_PERM hash functions is a multiply-shift hash ``(a*x + b) >> 32``
    (mod 2**64, ``a`` odd) of a 32-bit shingle hash; the signature keeps the minimum of each
    (a shingle that occurs twice changes no minimum).
    """
    x = _hashes(_shingles(_normalised(text)))
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
        # While documents are added tentatively: what each addition changed, to take it back.
        self._journal: list[tuple[str, str | None, str | None, bytes | None, bytes | None]] | None = None

    def _bands(self, sig: bytes) -> list[tuple[int, bytes]]:
        step = self.rows * 8
        return [(i, sig[i * step : (i + 1) * step]) for i in range(self.BANDS)]

    def add(self, doc_id: str, text: str, sig: bytes | None, duplicate_of: str | None = None) -> None:
        h = text_hash(text)
        first = h not in self.exact
        if first:
            self.exact[h] = doc_id
        if self._journal is not None:
            self._journal.append((doc_id, h if first else None, self.canonical.get(doc_id), self.sigs.get(doc_id), sig))
        self.canonical[doc_id] = duplicate_of or doc_id
        if sig:
            self.sigs[doc_id] = sig
            for key in self._bands(sig):
                self.buckets.setdefault(key, []).append(doc_id)

    def begin(self) -> None:
        """Add documents tentatively from now on: until :meth:`commit`, :meth:`rollback` takes them back."""
        self._journal = []

    def commit(self) -> None:
        self._journal = None

    def rollback(self) -> None:
        """Take back every document added since :meth:`begin`."""
        journal, self._journal = self._journal or [], None
        for doc_id, first_hash, canonical, old_sig, sig in reversed(journal):
            if first_hash is not None:
                del self.exact[first_hash]
            if canonical is None:
                del self.canonical[doc_id]
            else:
                self.canonical[doc_id] = canonical
            if sig:
                for key in self._bands(sig):
                    bucket = self.buckets[key]
                    bucket.pop()
                    if not bucket:
                        del self.buckets[key]
                if old_sig is None:
                    del self.sigs[doc_id]
                else:
                    self.sigs[doc_id] = old_sig

    def load(self, rows: Iterable[tuple[str, str | None, bytes | None, str]]) -> None:
        for doc_id, dup, sig, text in rows:
            self.add(doc_id, text, sig, dup)

    def _best(self, sig: bytes, candidates: Iterable[tuple[str, bytes | None]]) -> tuple[float, str] | None:
        """The most similar candidate at or above the threshold (the first of equals), with its similarity."""
        pairs = [(cand, other) for cand, other in candidates if other is not None]
        if not pairs:
            return None
        if any(len(other) != len(sig) for _, other in pairs):  # pragma: no cover - signatures of another size
            best: tuple[float, str] | None = None
            for cand, other in pairs:
                sim = similarity(sig, other)
                if sim >= self.threshold and (best is None or sim > best[0]):
                    best = (sim, cand)
            return best
        # All candidates at once: the share of equal minima, as ``similarity`` computes it.
        others = np.frombuffer(b"".join(other for _, other in pairs), dtype=np.uint64).reshape(len(pairs), -1)
        sims = (others == np.frombuffer(sig, dtype=np.uint64)).sum(axis=1) / others.shape[1]
        sims[sims < self.threshold] = -1.0
        k = int(np.argmax(sims))  # the first of the most similar
        return (float(sims[k]), pairs[k][0]) if sims[k] >= 0 else None

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

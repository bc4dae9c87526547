"""Exact and near-duplicate articles: MinHash signatures over word shingles, LSH to find candidates.

Duplicates are linked to a canonical copy (the first stored), never dropped.
"""

from __future__ import annotations

import functools
import hashlib
import re
from collections.abc import Iterable, Sequence
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


#: (text hash, number of words) of texts met lately: computed where a text is prepared (a worker
#: process), remembered where it is stored (see ``remember``).
_KEYS: dict[str, tuple[str, int]] = {}
_KEYS_MAX = 1024


def text_key(text: str) -> tuple[str, int]:
    """A text's exact-duplicate key (the SHA-1 of its normalised words) and its number of words."""
    key = _KEYS.get(text)
    if key is None:
        words = _normalised(text)
        key = (hashlib.sha1(" ".join(words).encode("utf-8")).hexdigest(), len(words))
        remember(text, key)
    return key


def remember(text: str, key: tuple[str, int]) -> None:
    """Take ``text_key(text)`` as computed elsewhere, so that it is not computed again here."""
    if len(_KEYS) >= _KEYS_MAX:
        _KEYS.clear()
    _KEYS[text] = key


def text_hash(text: str) -> str:
    return text_key(text)[0]


@functools.cache
def _permutations() -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(7)
    a = rng.integers(0, 2**63, size=NUM_PERM, dtype=np.uint64) * np.uint64(2) + np.uint64(1)  # odd
    b = rng.integers(0, 2**63, size=NUM_PERM, dtype=np.uint64)
    return a, b


#: 64-bit hashes of the words met in this process (a crawl reuses a small vocabulary).
_WORD_HASHES: dict[str, int] = {}
_WORD_HASHES_MAX = 200_000
_blake2b = hashlib.blake2b
#: Odd multipliers: the shingle polynomial's, and MurmurHash3's 64-bit finaliser's.
_K = np.uint64(0x9E3779B97F4A7C15)
_FMIX = (np.uint64(0xFF51AFD7ED558CCD), np.uint64(0xC4CEB9FE1A85EC53))
_33 = np.uint64(33)
_32 = np.uint64(32)


def _word_hashes(words: tuple[str, ...]) -> np.ndarray:
    """A 64-bit hash of each word (the first 8 bytes of its UTF-8 BLAKE2b, little-endian)."""
    known = _WORD_HASHES
    missing = [w for w in dict.fromkeys(words) if w not in known]
    if missing:
        if len(known) + len(missing) > _WORD_HASHES_MAX:
            known.clear()
            missing = list(dict.fromkeys(words))
        digests = b"".join([_blake2b(w.encode("utf-8"), digest_size=8).digest() for w in missing])
        # kept as signed 64-bit values: numpy reads those from Python integers fastest
        known.update(zip(missing, np.frombuffer(digests, dtype="<i8").tolist(), strict=True))
    return np.fromiter(map(known.__getitem__, words), dtype=np.int64, count=len(words)).view(np.uint64)


def _shingle_hashes(words: tuple[str, ...]) -> np.ndarray:
    """32-bit hashes of each run of SHINGLE words (of all the words, when there are no more).

    A run's hash is a polynomial of its words' hashes (mod 2**64), mixed by MurmurHash3's
    finaliser, of which the top 32 bits are kept.
    """
    h = _word_hashes(words)
    m = max(1, len(h) - SHINGLE + 1)
    with np.errstate(over="ignore"):
        x = h[:m].copy() if len(h) else np.zeros(1, dtype=np.uint64)
        for j in range(1, min(SHINGLE, len(h))):
            x *= _K
            x += h[j : j + m]
        x ^= x >> _33
        x *= _FMIX[0]
        x ^= x >> _33
        x *= _FMIX[1]
        x ^= x >> _33
    return x >> _32


def signature(text: str) -> bytes:
    """The MinHash signature of a text's word 5-gram shingles, as bytes for the store.

    Each of the NUM_PERM hash functions is a multiply-shift hash ``(a*x + b) >> 32``
    (mod 2**64, ``a`` odd) of a 32-bit shingle hash; the signature keeps the minimum of each
    (a shingle that occurs twice changes no minimum), NUM_PERM little-endian 32-bit values.

    Signatures of the first kind (before shingles were hashed from their words' hashes) are
    NUM_PERM 64-bit values: ``is_current`` tells them apart, and they are computed again
    from the stored text (see ``DuplicateIndex.load``).
    """
    return signatures([text])[0]


#: Shingles hashed by the NUM_PERM functions at once (64 x 65536 values: 32 MiB), so that a text
#: of millions of words is hashed in slices.
_SLICE = 1 << 16


def signatures(texts: Sequence[str]) -> list[bytes]:
    """``signature`` of each text; the shingles of short texts are hashed together, in one pass."""
    xs = [_shingle_hashes(_normalised(text)) for text in texts]
    out = [b""] * len(xs)
    group: list[int] = []
    size = 0
    for k, x in enumerate(xs):
        if len(x) > _SLICE:
            low = _minima(x[:_SLICE])
            for at in range(_SLICE, len(x), _SLICE):
                np.minimum(low, _minima(x[at : at + _SLICE]), out=low)
            out[k] = _signature_bytes(low)
            continue
        if size + len(x) > _SLICE:
            _signatures_of(xs, group, out)
            group, size = [], 0
        group.append(k)
        size += len(x)
    _signatures_of(xs, group, out)
    return out


def _hashed(x: np.ndarray) -> np.ndarray:
    """The NUM_PERM hashes of each shingle hash in x (NUM_PERM rows)."""
    a, b = _permutations()
    values = np.multiply.outer(a, x)  # in place from here: a large array costs most in its allocation
    values += b[:, None]
    return values


def _minima(x: np.ndarray) -> np.ndarray:
    return _hashed(x).min(axis=1)


def _signature_bytes(low: np.ndarray) -> bytes:
    # (the top 32 bits of the least value are the least of the top 32 bits)
    return (low >> _32).astype("<u4").tobytes()


def _signatures_of(xs: list[np.ndarray], group: list[int], out: list[bytes]) -> None:
    """Fill ``out[k]`` for each k in ``group`` (each ``xs[k]`` holds at least one shingle hash)."""
    if not group:
        return
    sizes = [len(xs[k]) for k in group]
    starts = np.concatenate(([0], np.cumsum(sizes)[:-1]))
    low = np.minimum.reduceat(_hashed(np.concatenate([xs[k] for k in group])), starts, axis=1)
    for column, k in enumerate(group):
        out[k] = _signature_bytes(low[:, column])


#: The size of a signature as ``signature`` makes it.
SIGNATURE_BYTES = 4 * NUM_PERM


def is_current(sig: bytes | None) -> bool:
    """True for a signature ``signature`` makes now (or none); False for one of an older kind."""
    return sig is None or len(sig) == SIGNATURE_BYTES


def _values(sig: bytes) -> np.ndarray:
    """A signature's minima (32-bit ones now, 64-bit ones in signatures of the first kind)."""
    return np.frombuffer(sig, dtype="<u4" if len(sig) == SIGNATURE_BYTES else "<u8")


def similarity(a: bytes, b: bytes) -> float:
    """Estimated Jaccard similarity of two signatures (0.0 for signatures of different kinds)."""
    if len(a) != len(b):
        return 0.0
    return float(np.mean(_values(a) == _values(b)))


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
        step = len(sig) // self.BANDS
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

    def load(self, rows: Iterable[tuple[str, str | None, bytes | None, str]]) -> list[tuple[str, bytes]]:
        """Add stored documents (id, duplicate_of, signature, text).

        A signature of an older kind is computed again from the text (it could not be compared
        with new ones); returns those new signatures, (id, signature), for the caller to store.
        """
        renewed: list[tuple[str, bytes]] = []
        for doc_id, dup, sig, text in rows:
            if not is_current(sig):
                sig = signature(text)
                renewed.append((doc_id, sig))
            self.add(doc_id, text, sig, dup)
        return renewed

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
        mine = _values(sig)
        others = np.frombuffer(b"".join(other for _, other in pairs), dtype=mine.dtype).reshape(len(pairs), -1)
        sims = (others == mine).sum(axis=1) / others.shape[1]
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
        if text_key(text)[1] < 3 * SHINGLE:
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
        if text_key(text)[1] < 3 * SHINGLE:
            return None
        cands = {c for key in self._bands(sig) for c in self.buckets.get(key, ())}
        best = self._best(sig, ((c, self.sigs.get(c)) for c in cands))
        if best is None:
            return None
        return Match(duplicate_of=self.canonical.get(best[1], best[1]), similarity=round(best[0], 3))

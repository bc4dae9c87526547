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
SCHEME = "affine32"
_WORD = re.compile(r"\w+", re.UNICODE)


def normalise(text: str) -> list[str]:
    return [w.lower() for w in _WORD.findall(text)]


def text_hash(text: str) -> str:
    return hashlib.sha1(" ".join(normalise(text)).encode("utf-8")).hexdigest()


@functools.cache
def _permutations() -> object:
    from datasketch import MinHash

    return MinHash(num_perm=NUM_PERM, seed=7, scheme=SCHEME).permutations


def signature(text: str) -> bytes:
    """The MinHash signature of a text's word 5-gram shingles, as bytes for the store."""
    from datasketch import MinHash

    words = normalise(text)
    m = MinHash(num_perm=NUM_PERM, seed=7, scheme=SCHEME, permutations=_permutations())
    shingles = {" ".join(words[i : i + SHINGLE]) for i in range(max(1, len(words) - SHINGLE + 1))}
    m.update_batch([s.encode("utf-8") for s in shingles])
    return bytes(np.asarray(m.hashvalues, dtype=np.uint64).tobytes())


@dataclass(frozen=True, slots=True, kw_only=True)
class Match:
    duplicate_of: str
    similarity: float


class DuplicateIndex:
    """An LSH index of the stored documents' signatures, updated as documents are added."""

    def __init__(self, threshold: float = 0.8) -> None:
        from datasketch import MinHashLSH

        self.threshold = threshold
        self.lsh = MinHashLSH(threshold=threshold, num_perm=NUM_PERM)
        self.exact: dict[str, str] = {}
        self.sigs: dict[str, np.ndarray] = {}
        self.canonical: dict[str, str] = {}

    def _mh(self, sig: bytes) -> object:
        from datasketch import MinHash

        values = np.frombuffer(sig, dtype=np.uint64).copy()
        return MinHash(num_perm=NUM_PERM, seed=7, scheme=SCHEME, hashvalues=values, permutations=_permutations())

    def add(self, doc_id: str, text: str, sig: bytes | None, duplicate_of: str | None = None) -> None:
        self.exact.setdefault(text_hash(text), doc_id)
        self.canonical[doc_id] = duplicate_of or doc_id
        if sig:
            self.sigs[doc_id] = np.frombuffer(sig, dtype=np.uint64)
            self.lsh.insert(doc_id, self._mh(sig))

    def load(self, rows: Iterable[tuple[str, str | None, bytes | None, str]]) -> None:
        for doc_id, dup, sig, text in rows:
            self.add(doc_id, text, sig, dup)

    def find_among(self, text: str, sig: bytes, others: Iterable[tuple[str, str, bytes | None, str | None]]) -> Match | None:
        """Like :meth:`find`, against a few (id, text, signature, duplicate_of) not yet in the index."""
        h = text_hash(text)
        mine = np.frombuffer(sig, dtype=np.uint64)
        best: tuple[float, str] | None = None
        for other_id, other_text, other_sig, other_dup in others:
            if text_hash(other_text) == h:
                sim = 1.0
            elif other_sig is None or len(normalise(text)) < 3 * SHINGLE:
                continue
            else:
                sim = float(np.mean(np.frombuffer(other_sig, dtype=np.uint64) == mine))
            if sim >= self.threshold and (best is None or sim > best[0]):
                best = (sim, other_dup or other_id)
        return Match(duplicate_of=best[1], similarity=round(best[0], 3)) if best else None

    def find(self, text: str, sig: bytes) -> Match | None:
        """The canonical copy this text duplicates, if any."""
        h = text_hash(text)
        if h in self.exact:
            first = self.exact[h]
            return Match(duplicate_of=self.canonical.get(first, first), similarity=1.0)
        if len(normalise(text)) < 3 * SHINGLE:
            return None
        mine = np.frombuffer(sig, dtype=np.uint64)
        best: tuple[float, str] | None = None
        for cand in self.lsh.query(self._mh(sig)):
            sim = float(np.mean(self.sigs[cand] == mine))
            if sim >= self.threshold and (best is None or sim > best[0]):
                best = (sim, cand)
        if best is None:
            return None
        return Match(duplicate_of=self.canonical.get(best[1], best[1]), similarity=round(best[0], 3))

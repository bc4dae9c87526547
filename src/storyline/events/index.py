"""What the event clusterer keeps per document, in flat numpy arrays.

Term vectors lie back to back behind one offsets array, neighbour lists are the rows of a
fixed-width matrix (closest first), and each hash bucket's postings are kept only as far
back as the clusterer reads them. No Python object per document vector: memory stays
a few hundred bytes per document, and any set of documents is gathered with a few
vectorised operations.
"""

from __future__ import annotations

from array import array
from typing import Any

import numpy as np


class Growable:
    """A numpy array that grows along its first axis (capacity doubles), rows beyond ``n`` unused.

    Example:
        >>> g = Growable(np.int32)
        >>> g.extend(np.array([3, 4]))
        >>> g.data.tolist()
        [3, 4]
    """

    def __init__(self, dtype: Any, width: int | None = None, fill: Any = 0) -> None:
        self._shape = () if width is None else (width,)
        self._fill = fill
        self._buf = np.full((16, *self._shape), fill, dtype=dtype)
        self.n = 0

    @property
    def data(self) -> np.ndarray:
        """The used part (a view: valid until the next extend)."""
        return self._buf[: self.n]

    def extend(self, values: np.ndarray) -> None:
        values = np.asarray(values, dtype=self._buf.dtype)
        need = self.n + len(values)
        if need > len(self._buf):
            cap = max(need, 2 * len(self._buf))
            buf = np.full((cap, *self._shape), self._fill, dtype=self._buf.dtype)
            buf[: self.n] = self._buf[: self.n]
            self._buf = buf
        self._buf[self.n : need] = values
        self.n = need


def gather(offsets: np.ndarray, docs: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Entry positions of ``docs`` in a back-to-back layout, and which of ``docs`` (0..len-1) each belongs to.

    Example:
        >>> gather(np.array([0, 2, 2, 5]), np.array([2, 0]))[0].tolist()
        [2, 3, 4, 0, 1]
    """
    starts = offsets[docs]
    lens = offsets[docs + 1] - starts
    owner = np.repeat(np.arange(len(docs)), lens)
    if owner.size == 0:
        return owner, owner
    first = np.cumsum(lens) - lens
    return np.arange(owner.size) - np.repeat(first - starts, lens), owner


class Postings:
    """Which documents hold each hash bucket, in arrival order; only the latest ``keep`` per bucket are kept.

    Older entries sit in a compact bucket-sorted array, the latest in a dict of small
    arrays; the two are merged whenever the dict holds as many entries as the compact part
    (so each entry is moved a logarithmic number of times).
    """

    #: Entries the recent part may hold before any merge.
    min_merge = 1 << 18

    def __init__(self, buckets: int, keep: int) -> None:
        self.keep = keep
        self._buckets = buckets
        self._offsets = np.zeros(buckets + 1, dtype=np.int64)
        self._docs = np.zeros(0, dtype=np.int32)
        self._recent: dict[int, array[int]] = {}
        self._recent_entries = 0

    def add(self, doc: int, buckets: np.ndarray) -> None:
        """Record that document ``doc`` (later than every document so far) holds ``buckets``."""
        recent = self._recent
        for h in buckets.tolist():
            post = recent.get(h)
            if post is None:
                post = recent[h] = array("i")
            post.append(doc)
        self._recent_entries += len(buckets)
        if self._recent_entries > max(self.min_merge, len(self._docs)):
            self.merge()

    def latest_of(self, buckets: np.ndarray, n: int) -> tuple[np.ndarray, np.ndarray]:
        """The latest (at most ``n``, at most ``keep``) documents holding each of ``buckets``, and the index in ``buckets`` each came for.

        Grouped by bucket in the given order, each group in arrival order.
        """
        recent, recent_for = [], []
        need = np.full(len(buckets), n, dtype=np.int64)
        for i, h in enumerate(buckets.tolist()):
            post = self._recent.get(h)
            if post:
                docs = np.frombuffer(post[-n:], dtype=np.int32)
                recent.append(docs)
                recent_for.append(i)
                need[i] -= len(docs)
        hi = self._offsets[buckets + 1]
        lo = np.maximum(self._offsets[buckets], hi - np.maximum(need, 0))
        lens = hi - lo
        at = np.arange(int(lens.sum())) - np.repeat(np.cumsum(lens) - lens - lo, lens)
        docs = np.concatenate([self._docs[at], *recent])
        came_for = np.concatenate([np.repeat(np.arange(len(buckets)), lens),
                                   np.repeat(np.asarray(recent_for, dtype=np.int64), [len(r) for r in recent])])
        order = np.argsort(came_for, kind="stable")  # the older entries of a bucket come first
        return docs[order], came_for[order]

    def merge(self, buckets: np.ndarray | None = None, docs: np.ndarray | None = None) -> None:
        """Move the recent entries (and optionally the given ones, later than all) into the compact part."""
        parts_b = [np.repeat(np.arange(self._buckets, dtype=np.int32), np.diff(self._offsets))]
        parts_d = [self._docs]
        if self._recent:
            keys = np.fromiter(self._recent.keys(), dtype=np.int32, count=len(self._recent))
            lens = np.fromiter((len(a) for a in self._recent.values()), dtype=np.int64, count=len(self._recent))
            parts_b.append(np.repeat(keys, lens))
            parts_d.append(np.frombuffer(b"".join(a.tobytes() for a in self._recent.values()), dtype=np.int32))
        if buckets is not None and docs is not None:
            parts_b.append(np.asarray(buckets, dtype=np.int32))
            parts_d.append(np.asarray(docs, dtype=np.int32))
        b, d = np.concatenate(parts_b), np.concatenate(parts_d)
        # bucket order, then arrival order (the parts are in arrival order, and each part within a bucket)
        order = np.lexsort((d, b))
        b, d = b[order], d[order]
        ends = np.cumsum(np.bincount(b, minlength=self._buckets))
        kept = ends[b] - np.arange(len(b)) <= self.keep
        b, d = b[kept], d[kept]
        self._offsets = np.r_[0, np.cumsum(np.bincount(b, minlength=self._buckets))].astype(np.int64)
        self._docs = d.astype(np.int32)
        self._recent = {}
        self._recent_entries = 0

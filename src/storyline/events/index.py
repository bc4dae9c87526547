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

    def latest_of(
        self, buckets: np.ndarray, n: int, *, budget: int | None = None
    ) -> tuple[np.ndarray, np.ndarray]:
        """The latest documents holding each of ``buckets``, and the index in ``buckets`` each came for.

        At most ``n`` (and ``keep``) per bucket, and with ``budget`` at most that many in all:
        the buckets are served in the given order until the budget is spent. Grouped by
        bucket in the given order, each group in arrival order.
        """
        recent = [self._recent.get(h) for h in buckets.tolist()]
        lo, hi = self._offsets[buckets], self._offsets[buckets + 1]
        have = hi - lo + np.fromiter((len(p) if p else 0 for p in recent), dtype=np.int64, count=len(recent))
        take = np.minimum(have, n)
        if budget is not None:
            take = np.clip(budget - (np.cumsum(take) - take), 0, take)
        latest, latest_for = [], []
        from_recent = np.zeros(len(buckets), dtype=np.int64)
        for i, (post, k) in enumerate(zip(recent, take.tolist())):
            if post and k:
                docs = np.frombuffer(post[-k:], dtype=np.int32)
                latest.append(docs)
                latest_for.append(i)
                from_recent[i] = len(docs)
        lens = take - from_recent  # the rest from the compact part, its latest entries
        start = hi - lens
        at = np.arange(int(lens.sum())) - np.repeat(np.cumsum(lens) - lens - start, lens)
        docs = np.concatenate([self._docs[at], *latest])
        came_for = np.concatenate([
            np.repeat(np.arange(len(buckets)), lens),
            np.repeat(np.asarray(latest_for, dtype=np.int64), [len(r) for r in latest]),
        ])
        order = np.argsort(came_for, kind="stable")  # the older entries of a bucket come first
        return docs[order], came_for[order]

    def merge(self) -> None:
        """Move the recent entries into the compact part, keeping the latest ``keep`` of each bucket."""
        if not self._recent:
            return
        keys = np.fromiter(self._recent, dtype=np.int64, count=len(self._recent))
        lens = np.fromiter((len(a) for a in self._recent.values()), dtype=np.int64, count=len(keys))
        new = np.zeros(self._buckets, dtype=np.int64)
        new[keys] = np.minimum(lens, self.keep)
        ends = self._offsets[1:]
        # the compact part's latest entries that stay
        old = np.minimum(np.diff(self._offsets), self.keep - new)
        offsets = np.zeros(self._buckets + 1, dtype=np.int64)
        np.cumsum(old + new, out=offsets[1:])
        docs = np.empty(int(offsets[-1]), dtype=np.int32)
        # each bucket: its kept compact entries, then its recent ones (in int32 steps: the arrays are long)
        kept = old.astype(np.int32)
        src = np.repeat((ends - old).astype(np.int32), kept)
        dst = np.repeat(offsets[:-1].astype(np.int32), kept)
        step = np.arange(len(src), dtype=np.int32) - np.repeat((np.cumsum(old) - old).astype(np.int32), kept)
        docs[dst + step] = self._docs[src + step]
        del src, dst, step
        starts = (offsets[keys] + old[keys]).tolist()
        for post, k, at in zip(self._recent.values(), new[keys].tolist(), starts):
            docs[at : at + k] = np.frombuffer(post[len(post) - k :], dtype=np.int32)
        self._offsets, self._docs = offsets, docs
        self._recent = {}
        self._recent_entries = 0

    def load(self, buckets: np.ndarray, docs: np.ndarray) -> None:
        """Replace everything with the entries (``buckets[i]`` held by ``docs[i]``, in arrival order)."""
        order = np.argsort(buckets, kind="stable")
        b, d = buckets[order], docs[order]
        del order
        counts = np.bincount(b, minlength=self._buckets)
        ends = np.cumsum(counts)
        kept = ends[b] - np.arange(len(b)) <= self.keep
        self._docs = d[kept].astype(np.int32)
        self._offsets = np.r_[0, np.cumsum(np.minimum(counts, self.keep))].astype(np.int64)
        self._recent = {}
        self._recent_entries = 0

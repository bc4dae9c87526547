"""Similarity and linkage on a small neighbourhood of documents (pure numpy, no state).

The clusterer re-clusters only the documents around new arrivals; these functions do
the work on that neighbourhood: a shared-nearest-neighbour plus cosine similarity
matrix, average-link agglomeration from a starting partition, and the matching of
the new clusters to the old event ids.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

import numpy as np


def shared_neighbour_counts(lists: Sequence[np.ndarray]) -> np.ndarray:
    """``out[a, b]`` = how many documents appear in both ``lists[a]`` and ``lists[b]``.

    Each list holds the global positions of a document's neighbours (itself included),
    without repeats. Only documents shared by two or more lists produce pairs, so the
    cost follows the number of shared entries, not the square of the vocabulary.

    Example:
        >>> shared_neighbour_counts([np.array([0, 1]), np.array([1, 0]), np.array([2])]).tolist()
        [[2, 2, 0], [2, 2, 0], [0, 0, 1]]
    """
    rows = np.repeat(np.arange(len(lists)), [len(x) for x in lists])
    cols = np.concatenate([np.asarray(x, dtype=np.int64) for x in lists]) if rows.size else rows
    return shared_counts(rows, cols, len(lists))


def shared_counts(rows: np.ndarray, cols: np.ndarray, m: int) -> np.ndarray:
    """:func:`shared_neighbour_counts` of lists given as (list, member) entries, ``rows`` in 0..m-1."""
    if len(rows) == 0:
        return np.zeros((m, m), dtype=np.int64)
    order = np.argsort(cols, kind="stable")
    rows, cols = np.asarray(rows, dtype=np.int64)[order], np.asarray(cols)[order]
    out = np.zeros(m * m, dtype=np.int64)
    for first, second in _pairs_within_groups(cols):
        out += np.bincount(rows[first] * m + rows[second], minlength=m * m)
    return out.reshape(m, m)


def average_link(sim: np.ndarray, sizes: np.ndarray, threshold: float) -> np.ndarray:
    """Average-link agglomeration: merge the closest pair while their mean similarity >= ``threshold``.

    ``sim[a, b]`` is the mean pairwise similarity between starting groups ``a`` and ``b``
    and ``sizes`` their document counts (so a starting group may already hold several
    documents). Returns a cluster label per starting group (labels are group indices).

    Average linkage is reducible (merging two groups never makes them closer to a third
    than the closer of the two was), so every pair of groups that are each other's closest
    can be merged in the same round: the result is the greedy closest-pair-first one, in a
    few vectorised rounds instead of one step per merge.

    Example:
        >>> s = np.array([[1, .9, 0], [.9, 1, .1], [0, .1, 1]])
        >>> average_link(s, np.ones(3), 0.5).tolist()
        [0, 0, 2]
    """
    m = len(sizes)
    owner = np.arange(m)  # current group of each starting group
    if m < 2:
        return owner
    total = np.array(sim, dtype=np.float64, copy=True)
    np.fill_diagonal(total, -np.inf)
    if total.max() < threshold:  # nothing to merge (common: a new document far from the rest of its piece)
        return owner
    size = np.asarray(sizes, dtype=np.float64).copy()
    np.fill_diagonal(total, np.diagonal(sim))
    total *= np.outer(size, size)  # summed pair similarity
    label = np.arange(m)  # a starting group of each current group
    while len(size) > 1:
        s = total / np.outer(size, size)
        np.fill_diagonal(s, -np.inf)
        nearest = s.argmax(axis=1)
        here = np.arange(len(size))
        pair = (nearest[nearest] == here) & (here < nearest) & (s[here, nearest] >= threshold)
        if not pair.any():
            break
        i = here[pair]
        j = nearest[i]
        total[i] += total[j]
        total[:, i] += total[:, j]
        size[i] += size[j]
        keep = np.ones(len(size), dtype=bool)
        keep[j] = False
        into = here.copy()
        into[j] = i
        owner = (np.cumsum(keep) - 1)[into[owner]]
        total, size, label = total[np.ix_(keep, keep)], size[keep], label[keep]
    labels: np.ndarray = label[owner]
    return labels


def match_ids(clusters: Sequence[Sequence[int]], old: dict[int, set[int]], age: dict[int, int]) -> list[int | None]:
    """Which old event each new cluster continues (None: a new event).

    ``clusters`` list member positions; ``old`` maps an old event to its member
    positions; ``age`` orders old events (smaller is older). A cluster continues an old
    event when it holds most of that event's documents; when it holds most of several,
    the oldest wins (a merge keeps the older id). An event split in two stays with the part
    holding most of it; a cluster holding no majority continues the event it shares the
    most documents with, if that event is still free.
    """
    owner = {p: e for e, docs in old.items() for p in docs}
    shared: dict[tuple[int, int], int] = {}
    for c, members in enumerate(clusters):
        for p in members:
            e = owner.get(p)
            if e is not None:
                shared[c, e] = shared.get((c, e), 0) + 1
    return continue_ids(len(clusters), shared, {e: len(docs) for e, docs in old.items()}, age)


def continue_ids(
    n: int, shared: dict[tuple[int, int], int], sizes: dict[int, int], age: dict[int, int]
) -> list[int | None]:
    """:func:`match_ids` from counts: ``shared[cluster, event]`` documents in both, ``sizes[event]`` its size."""
    options = []
    for (c, e), k in shared.items():
        majority = 2 * k > sizes[e]
        options.append((not majority, age[e] if majority else -k, -k, c, e))
    options.sort()
    out: list[int | None] = [None] * n
    taken: set[int] = set()
    for _, _, _, c, e in options:
        if out[c] is None and e not in taken:
            out[c] = e
            taken.add(e)
    return out


def cosine_matrix(rows: np.ndarray, cols: np.ndarray, vals: np.ndarray, m: int) -> np.ndarray:
    """Dot products of ``m`` sparse vectors given as (vector, bucket, weight) entries.

    With unit vectors this is their cosine matrix. Buckets that many vectors share (the
    common words of one story) go through a small dense product; the others give pairs of
    entries, so the cost follows the shared entries. Callers keep vectors short.

    Example:
        >>> r, c, v = np.array([0, 0, 1, 1, 2]), np.array([1, 2, 1, 2, 3]), np.array([.6, .8, .6, .8, 1])
        >>> cosine_matrix(r, c, v, 3).round(2).tolist()
        [[1.0, 1.0, 0.0], [1.0, 1.0, 0.0], [0.0, 0.0, 1.0]]
    """
    if m == 0 or len(rows) == 0:
        return np.zeros((m, m))
    order = np.argsort(cols, kind="stable")
    rows = np.asarray(rows, dtype=np.int64)[order]
    cols, vals = np.asarray(cols)[order], np.asarray(vals, dtype=np.float64)[order]
    starts = np.flatnonzero(np.r_[True, cols[1:] != cols[:-1]])
    sizes = np.diff(np.r_[starts, len(cols)])
    wide = sizes >= _DENSE_BUCKET
    in_wide = np.repeat(wide, sizes)
    column = np.repeat(np.cumsum(wide) - 1, sizes)
    dense = np.zeros((m, int(wide.sum())))
    dense[rows[in_wide], column[in_wide]] = vals[in_wide]
    # einsum's own loop, not BLAS: one thread, whatever the machine's BLAS threading
    out: np.ndarray = np.einsum("ik,jk->ij", dense, dense)
    flat = out.reshape(-1)
    rows, cols, vals = rows[~in_wide], cols[~in_wide], vals[~in_wide]
    for first, second in _pairs_within_groups(cols):
        pair_weight = vals[first] * vals[second]
        flat += np.bincount(rows[first] * m + rows[second], weights=pair_weight, minlength=m * m)
    return out


#: Buckets shared by this many vectors or more are multiplied densely by :func:`cosine_matrix`.
_DENSE_BUCKET = 16

#: Index pairs generated at once; bounds the memory of a neighbourhood with very common terms.
_PAIR_CHUNK = 1 << 20


def _pairs_within_groups(keys: np.ndarray) -> Iterator[tuple[np.ndarray, np.ndarray]]:
    """Index pairs (i, j), both orders and i == j, of entries of sorted ``keys`` with equal keys, in chunks."""
    starts = np.flatnonzero(np.r_[True, keys[1:] != keys[:-1]])
    sizes = np.diff(np.r_[starts, len(keys)])
    cost = np.cumsum(sizes.astype(np.int64) ** 2)
    lo = 0
    while lo < len(starts):
        done = cost[lo - 1] if lo else 0
        hi = max(int(np.searchsorted(cost, done + _PAIR_CHUNK, side="right")), lo + 1)
        st, sz = starts[lo:hi], sizes[lo:hi]
        per_entry = np.repeat(sz, sz)
        total = int(per_entry.sum())
        first = np.repeat(np.arange(st[0], st[0] + len(per_entry)), per_entry)
        offset = np.arange(total) - np.repeat(np.cumsum(per_entry) - per_entry, per_entry)
        second = np.repeat(np.repeat(st, sz), per_entry) + offset
        yield first, second
        lo = hi


def components(m: int, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Connected-component label (the smallest member index) of ``m`` nodes joined by edges ``a[i]-b[i]``.

    Example:
        >>> components(5, np.array([0, 3]), np.array([1, 4])).tolist()
        [0, 0, 2, 3, 3]
    """
    labels = np.arange(m)
    a, b = np.asarray(a, dtype=np.int64), np.asarray(b, dtype=np.int64)
    while True:
        low = np.minimum(labels[a], labels[b])
        new = labels.copy()
        np.minimum.at(new, a, low)
        np.minimum.at(new, b, low)
        new = new[new]
        if np.array_equal(new, labels):
            return labels
        labels = new

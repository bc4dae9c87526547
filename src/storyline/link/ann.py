"""Pairs of close unit vectors without comparing all pairs: an inverted-file index.

Small sets are compared exactly (in blocks, so memory stays flat). Larger ones are cut
into about sqrt(n) cells by a few rounds of k-means on a sample; every vector is filed
in its two nearest cells, and each cell is compared with the cells whose centres are
nearest to its own. Each vector meets about ``2 * probes * sqrt(n)`` others, so the
cost grows as n * sqrt(n) rather than n * n.
"""

from __future__ import annotations

import numpy as np

EXACT_LIMIT = 6000
_BLOCK = 2048


def _exact(vectors: np.ndarray, threshold: float, rows: np.ndarray, cols: np.ndarray,
           out: set[tuple[int, int]]) -> None:
    for a in range(0, len(rows), _BLOCK):
        r = rows[a : a + _BLOCK]
        sims = vectors[r] @ vectors[cols].T
        ii, jj = np.nonzero(sims >= threshold)
        for i, j in zip(r[ii].tolist(), cols[jj].tolist(), strict=True):
            if i < j:
                out.add((i, j))
            elif j < i:
                out.add((j, i))


def _kmeans(vectors: np.ndarray, k: int, rng: np.random.Generator, rounds: int = 6) -> np.ndarray:
    sample = vectors[rng.choice(len(vectors), size=min(len(vectors), 40 * k), replace=False)]
    centres = sample[rng.choice(len(sample), size=k, replace=False)].copy()
    for _ in range(rounds):
        assign = np.argmax(sample @ centres.T, axis=1)
        for c in range(k):
            members = sample[assign == c]
            if len(members):
                v = members.sum(axis=0)
                centres[c] = v / (np.linalg.norm(v) or 1.0)
    return centres


def close_pairs(vectors: np.ndarray, threshold: float, *, probes: int = 6, seed: int = 0) -> list[tuple[int, int]]:
    """Index pairs (i < j) whose cosine is at least ``threshold`` (rows are unit vectors).

    Exact below :data:`EXACT_LIMIT` rows, approximate above it (a pair is missed only
    when its two vectors fall in cells that are not among each other's nearest).
    """
    n = len(vectors)
    out: set[tuple[int, int]] = set()
    if n < 2:
        return []
    vectors = np.asarray(vectors, dtype=np.float32)
    if n <= EXACT_LIMIT:
        idx = np.arange(n)
        _exact(vectors, threshold, idx, idx, out)
        return sorted(out)
    rng = np.random.default_rng(seed)
    k = int(np.sqrt(n))
    centres = _kmeans(vectors, k, rng)
    # each vector sits in its two nearest cells, so that a pair split by a cell border still meets
    assign = np.empty((n, 2), dtype=np.int64)
    for a in range(0, n, _BLOCK * 4):
        sims = vectors[a : a + _BLOCK * 4] @ centres.T
        assign[a : a + _BLOCK * 4] = np.argpartition(-sims, 1, axis=1)[:, :2]
    members: list[list[int]] = [[] for _ in range(k)]
    for i, (c1, c2) in enumerate(assign.tolist()):
        members[c1].append(i)
        members[c2].append(i)
    cells = [np.asarray(m, dtype=np.int64) for m in members]
    near = np.argsort(-(centres @ centres.T), axis=1)[:, :probes]
    for c in range(k):
        if not len(cells[c]):
            continue
        cols = np.unique(np.concatenate([cells[d] for d in near[c]]))
        _exact(vectors, threshold, cells[c], cols, out)
    return sorted(out)

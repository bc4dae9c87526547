"""Disjoint sets: the grouping behind statements, timeline items and claims."""

from __future__ import annotations


class DisjointSets:
    """Union-find over ``0..n-1``; the smaller index is the root of a joined set.

    Example:
        >>> s = DisjointSets(3); _ = s.union(2, 1); s.find(2)
        1
    """

    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        parent = self.parent
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def union(self, a: int, b: int) -> int:
        """Join the sets of ``a`` and ``b``; return the root of the joined set."""
        ra, rb = self.find(a), self.find(b)
        root, other = min(ra, rb), max(ra, rb)
        self.parent[other] = root
        return root

    def groups(self) -> dict[int, list[int]]:
        """Root -> members, in index order."""
        out: dict[int, list[int]] = {}
        for i in range(len(self.parent)):
            out.setdefault(self.find(i), []).append(i)
        return out

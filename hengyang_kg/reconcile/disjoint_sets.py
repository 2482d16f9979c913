"""Disjoint sets (union–find) over indices 0..n-1: claims that count once, positions in succession."""

from __future__ import annotations


class DisjointSets:
    """Union–find with path halving.

    >>> s = DisjointSets(4)
    >>> s.union(0, 1), s.union(1, 0), s.union(3, 2)
    ((0, 1), None, (3, 2))
    >>> s.groups()
    {0: [0, 1], 3: [2, 3]}
    """

    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        parent = self.parent
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def union(self, keep: int, other: int) -> tuple[int, int] | None:
        """Join the set of ``other`` to the set of ``keep``: (kept root, absorbed root), or None if already one."""
        rk, ro = self.find(keep), self.find(other)
        if rk == ro:
            return None
        self.parent[ro] = rk
        return rk, ro

    def groups(self) -> dict[int, list[int]]:
        """Members of each set by root, members in index order."""
        out: dict[int, list[int]] = {}
        for i in range(len(self.parent)):
            out.setdefault(self.find(i), []).append(i)
        return out

"""Disjoint sets over hashable keys, the smallest key of a set being its root."""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Iterator
from typing import Generic, TypeVar

K = TypeVar("K", bound=Hashable)


class UnionFind(Generic[K]):
    """Union-find with path halving; a key is added on first use.

    The root of a set is its smallest key (keys must be mutually comparable), so the
    sets, and any ids derived from their roots, do not depend on the order of unions.
    """

    def __init__(self, keys: Iterable[K] = ()) -> None:
        self.parent: dict[K, K] = {k: k for k in keys}

    def find(self, key: K) -> K:
        """The root of ``key``'s set (adding ``key`` as a set of its own if new)."""
        parent = self.parent
        while parent.setdefault(key, key) != key:
            parent[key] = parent[parent[key]]
            key = parent[key]
        return key

    def union(self, a: K, b: K) -> None:
        """Join the sets of ``a`` and ``b``."""
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            if rb < ra:  # type: ignore[operator]
                ra, rb = rb, ra
            self.parent[rb] = ra

    def __iter__(self) -> Iterator[K]:
        return iter(self.parent)

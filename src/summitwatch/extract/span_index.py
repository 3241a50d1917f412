"""Records with character spans (timexes, mentions) looked up by the stretch of text they lie in.

A stage that asks, per sentence or clause, for the records inside it would otherwise scan every
record of the document each time: quadratic on a long text. The index sorts the records by start
once and bisects; what it returns keeps the records' original order, so a lookup gives exactly
what the scan gave.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from typing import Generic, Protocol, TypeVar


class Spanned(Protocol):
    @property
    def start(self) -> int: ...

    @property
    def end(self) -> int: ...


T = TypeVar("T", bound=Spanned)


class SpanIndex(Generic[T]):
    """The records of one document, by start offset."""

    def __init__(self, items: list[T]) -> None:
        self._items = items
        self._order = sorted(range(len(items)), key=lambda k: items[k].start)
        self._starts = [items[k].start for k in self._order]

    def starting(self, lo: int, hi: int) -> list[T]:
        """Records with ``lo <= start < hi``, in their original order."""
        keys = self._order[bisect_left(self._starts, lo) : bisect_left(self._starts, hi)]
        return [self._items[k] for k in sorted(keys)]

    def inside(self, lo: int, hi: int) -> list[T]:
        """Records with ``lo <= start`` and ``end <= hi``, in their original order."""
        keys = self._order[bisect_left(self._starts, lo) : bisect_right(self._starts, hi)]
        return [self._items[k] for k in sorted(keys) if self._items[k].end <= hi]

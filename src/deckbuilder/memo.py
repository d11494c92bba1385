"""Results kept by what they were made from, for a process that builds again and again (watch).

A rebuild after one figure changes then re-reads one file, re-lays out the slides that show
that figure and rewrites their parts; everything else is taken from here. Keys are the inputs
themselves (file bytes, frozen model objects), never times or paths alone, so a kept result is
right by construction. Each memo holds a bounded number of entries, the oldest dropped first.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

V = TypeVar("V")


class Memo(Generic[V]):
    def __init__(self, size: int = 2048):
        self.size = size
        self.kept: OrderedDict[Hashable, V] = OrderedDict()

    def get(self, key: Hashable, make: Callable[[], V]) -> V:
        if key in self.kept:
            self.kept.move_to_end(key)
            return self.kept[key]
        value = make()
        self.kept[key] = value
        if len(self.kept) > self.size:
            self.kept.popitem(last=False)
        return value

    def clear(self) -> None:
        self.kept.clear()

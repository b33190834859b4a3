"""One remembered value per name, recomputed when what it depends on changes.

Models keep exact results (a distribution, a matrix) and renderers keep
drawn surfaces this way: each name holds one entry, so the memory stays
bounded however often the key changes, and nothing is global.

>>> memo = KeyedMemo()
>>> calls = []
>>> memo.get("square", 3, lambda: calls.append(3) or 9)
9
>>> memo.get("square", 3, lambda: calls.append(3) or 9), calls
(9, [3])
>>> memo.get("square", 4, lambda: 16), len(memo)
(16, 1)
"""

from __future__ import annotations

from typing import Any, Callable, Hashable, TypeVar

T = TypeVar("T")


class KeyedMemo:
    """``get(name, key, make)``: the value made last under ``name`` if ``key`` is unchanged, else ``make()``."""

    def __init__(self) -> None:
        self._entries: dict[str, tuple[Hashable, Any]] = {}

    def get(self, name: str, key: Hashable, make: Callable[[], T]) -> T:
        hit = self._entries.get(name)
        if hit is not None and hit[0] == key:
            return hit[1]
        value = make()
        self._entries[name] = (key, value)
        return value

    def forget(self, name: str | None = None) -> None:
        """Drop ``name`` (or every entry)."""
        if name is None:
            self._entries.clear()
        else:
            self._entries.pop(name, None)

    def __len__(self) -> int:
        return len(self._entries)

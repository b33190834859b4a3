"""Resolved tunables: declared sliders plus fixed values as one clamped dict.

A lab's model needs "the value of c now": the slider's if the level declares
one, else the level's fixed value, else the lab's default, always inside
the lab's hard limits. :class:`Tunables` is that one home. A lab declares
its hard limits once (its ``schema.LIMITS``, the same table the level loader
checks ``params`` against); the sliders snap to the level's declared range;
this class clamps what reaches the model to the hard limits and says what it
clamped, so the view can explain it.

>>> from game.core.schema import Param
>>> t = Tunables({"I": Param(default=10, min=0, max=20, step=1)}, {"I": (-20.0, 40.0), "a": (0.0, 0.2)},
...              base={"a": 0.02})
>>> t["I"], t["a"]
(10.0, 0.02)
>>> t.set("I", 55.0)
40.0
>>> t.notes
[('I', 55.0, 40.0)]
"""

from __future__ import annotations

import math
from typing import Iterator, Mapping

from game.core.schema import Param


class Tunables(Mapping[str, float]):
    """Current parameter values: sliders over base values, clamped to hard limits.

    Parameters
    ----------
    declared : mapping of str to Param
        The level's sliders (name -> declaration).
    limits : mapping of str to (float, float)
        The lab's hard limits (name -> [min, max]); names without limits are
        kept as given (finite values only).
    base : mapping of str to float, optional
        Values used where no slider is declared (the level's fixed values, a
        preset, the lab's defaults).
    """

    def __init__(self, declared: Mapping[str, Param], limits: Mapping[str, tuple[float, float]],
                 base: Mapping[str, float] | None = None) -> None:
        self.declared: dict[str, Param] = dict(declared)
        self.limits = dict(limits)
        self.base = {k: float(v) for k, v in (base or {}).items()}
        self.notes: list[tuple[str, float, float]] = []   # (name, asked, used) of the last clamps
        self._values: dict[str, float] = {}
        self.reset()

    # ------------------------------------------------------------- Mapping
    def __getitem__(self, name: str) -> float:
        return self._values[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._values)

    def __len__(self) -> int:
        return len(self._values)

    # ------------------------------------------------------------- changes
    def clamp(self, name: str, value: float) -> float:
        """``value`` inside ``name``'s hard limits (unchanged when it has none)."""
        lo, hi = self.limits.get(name, (-math.inf, math.inf))
        return float(min(max(float(value), lo), hi))

    def set(self, name: str, value: float) -> float | None:
        """Set one value; returns the value used, or None for a non-finite value (ignored).

        A value outside the hard limits is clamped and the clamp is listed in
        :attr:`notes` until the next :meth:`set` of the same name.
        """
        try:
            v = float(value)
        except (TypeError, ValueError):
            return None
        if not math.isfinite(v):
            return None
        used = self.clamp(name, v)
        self.notes = [n for n in self.notes if n[0] != name]
        if used != v:
            self.notes.append((name, v, used))
        self._values[name] = used
        return used

    def set_base(self, values: Mapping[str, float]) -> None:
        """Replace base values (e.g. a preset) for the names no slider declares; sliders keep theirs."""
        for k, v in values.items():
            self.base[k] = float(v)
            if k not in self.declared:
                self.set(k, v)

    def reset(self) -> None:
        """Back to the base values and the sliders' defaults."""
        self._values = {}
        self.notes = []
        for k, v in self.base.items():
            self.set(k, v)
        for k, p in self.declared.items():
            self.set(k, p.default)

    def sliders(self) -> dict[str, float]:
        """The values of the declared sliders only (what a solution or a saved challenge lists)."""
        return {k: self._values[k] for k in self.declared if k in self._values}

    def as_dict(self) -> dict[str, float]:
        return dict(self._values)

"""The lab registry: the only place that lists every lab.

Adding a lab means adding its module here (plus ``game/sim``, translations
and level files); the menu, loader and bench discover it from ``LABS``.
"""

from __future__ import annotations

from game.labs import phaseplane
from game.labs.base import LabSpec

_SPECS: list[LabSpec] = [phaseplane.SPEC]

LABS: dict[str, LabSpec] = {spec.kind: spec for spec in _SPECS}

"""The lab registry: the only place that lists every lab.

Adding a lab means adding its package name to ``LAB_MODULES`` (plus its
``game/sim`` module, translations and level files); the menu, loader, map,
bench and tests discover it from ``LABS``. A listed lab whose package is not
present yet is simply not shown; any other import error is a real bug and
propagates.
"""

from __future__ import annotations

import importlib

from game.core.lab import LabSpec

#: Chapter order on the campaign map follows each spec's ``order``.
LAB_MODULES = ("gabor", "phaseplane", "nonlinear", "hodgkinhuxley", "izhikevich", "hopfield", "boltzmann")


def _load() -> dict[str, LabSpec]:
    specs: dict[str, LabSpec] = {}
    for name in LAB_MODULES:
        full = f"{__name__}.{name}"
        try:
            module = importlib.import_module(full)
        except ModuleNotFoundError as exc:
            if exc.name == full:
                continue
            raise
        spec: LabSpec = module.SPEC
        specs[spec.kind] = spec
    return dict(sorted(specs.items(), key=lambda kv: kv[1].order))


LABS: dict[str, LabSpec] = _load()

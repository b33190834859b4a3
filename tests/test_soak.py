"""Soak: random clicks, drags, keys, wheel, resizes and language switches on every lab.

A seeded generator throws 1,200 events at each lab's sandbox and first
campaign level. Nothing may raise, and every array of model state must stay
finite. Frame times are recorded in the test report (``record_property``),
not asserted: the 100 ms budget is checked by ``neuroarcade bench --soak``
(20,000 events per scene), which fails when any frame goes over it.
"""

from __future__ import annotations

import warnings

import numpy as np
import pytest

from game import paths
from game.labs import LABS
from game.catalog import load_folder
from game.scenes.play import PlayScene
from game.soak import soak

pytestmark = pytest.mark.slow   # long: run by .ci/run, skipped by -m "not slow"

EVENTS = 1200


def _targets():
    out = []
    campaign = load_folder(paths.CAMPAIGN).levels
    for kind, spec in LABS.items():
        out.append(pytest.param(kind, None, id=f"{kind}-sandbox"))
        first = next((lv for lv in campaign if lv.kind == kind), None)
        if first is not None:
            out.append(pytest.param(kind, first.id, id=f"{kind}-{first.id}"))
    return out


@pytest.mark.parametrize("kind,level_id", _targets())
def test_random_events_never_break_a_lab(app, driver, kind, level_id, record_property):
    spec = LABS[kind]
    if level_id is None:
        level, mode = spec.sandbox(), "sandbox"
    else:
        level = next(lv for lv in load_folder(paths.CAMPAIGN).levels if lv.id == level_id)
        mode = "campaign"
    scene = app.push(PlayScene(app, level, mode))
    driver.frames(1)
    rng = np.random.default_rng(2024)
    with warnings.catch_warnings():
        warnings.simplefilter("error", RuntimeWarning)
        figures = soak(app, driver, scene, rng, EVENTS)
    assert figures["events"] == EVENTS
    for name, value in figures.items():
        record_property(name, value)

"""Every test of game.sim.planar runs with warnings as errors: the sim must never warn."""

import warnings

import pytest


@pytest.fixture(autouse=True)
def _warnings_are_errors():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        yield

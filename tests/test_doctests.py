"""The numpydoc examples of the pure modules run and hold (game.sim and game.core)."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import game.core
import game.sim


def _modules(package) -> list[str]:
    return sorted(m.name for m in pkgutil.walk_packages(package.__path__, package.__name__ + "."))


@pytest.mark.parametrize("name", _modules(game.sim) + _modules(game.core))
def test_docstring_examples_hold(name):
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE, verbose=False)
    assert result.failed == 0, f"{result.failed} of {result.attempted} docstring examples in {name} fail"


def test_the_pure_packages_have_examples_to_run():
    attempted = sum(doctest.testmod(importlib.import_module(n), verbose=False).attempted
                    for n in _modules(game.sim) + _modules(game.core))
    assert attempted >= 19, "the numpydoc examples of game.sim and game.core are gone"

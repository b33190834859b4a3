"""Every campaign level is winnable: play its solution through the real scene.

For each level the test opens the play scene, lets the lab play the level's
``solution`` with posted pygame events (``spec.scripts.play``), and
checks that the HUD reaches three stars, the "Level complete" banner opens
over the lab (no cut to the results mid-move) and Enter brings the results.
"""

from __future__ import annotations

import pygame
import pytest

from game import paths
from game.catalog import load_folder
from game.scenes.play import PlayScene
from game.scenes.results import ResultsScene

LEVELS = load_folder(paths.CAMPAIGN).levels


@pytest.mark.parametrize("level", LEVELS, ids=lambda lv: lv.id)
def test_solution_earns_three_stars_through_the_scene(app, driver, level):
    app.progress.settings["tours_seen"] = []        # play as a first-time player, tour included
    scene = app.push(PlayScene(app, level, "campaign", LEVELS))
    driver.frames(2)
    assert scene.stars_now() < 3, "the level starts already won: raise its thresholds"
    if scene.tour is not None and scene.tour.active:
        driver.key(pygame.K_ESCAPE)                 # skip the first-level tour, as a player may
        assert not scene.tour.active and app.scene is scene
    scene.spec.scripts.play(scene.lab, driver)
    driver.frames(3)
    assert scene.stars_now() == 3, (f"solution scored {scene.lab.model.best!r}, thresholds {level.goal.stars}: "
                                    "the solution or the scoring changed")
    driver.frames(int(1.5 * 60))
    assert app.scene is scene and scene.banner.open, "three stars should open the level-complete banner"
    assert scene.thumb is not None, "the winning state should be kept for the results screen"
    driver.key(pygame.K_RETURN, frames=2)
    assert isinstance(app.scene, ResultsScene), "Enter on the banner should show the results"
    assert app.progress.stars(level.id) == 3

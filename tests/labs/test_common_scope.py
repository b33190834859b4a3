"""The shared oscilloscope: sweep arithmetic, spike clicks, projection, and its drawing."""

from __future__ import annotations

import doctest

import numpy as np
import pygame
import pytest

from game.labs.common import scope
from game.labs.common.scope import ScopeRenderer, SpikeClicker, Sweep, trace, trace_points
from game.ui.plot import Axes


def test_docstring_examples_hold():
    assert doctest.testmod(scope).failed == 0


def test_the_sweep_counts_each_spike_once_per_pass_and_loops_at_the_end():
    spikes = np.array([100.0, 200.0, 300.0])
    s = Sweep(400.0, speed=1000.0)
    passed = sum(s.advance(1 / 60, spikes) for _ in range(24))     # 0.4 s of wall time = 400 ms
    assert passed == 3
    passed = sum(s.advance(1 / 60, spikes) for _ in range(24))
    assert passed == 3, "the second pass counts the same three spikes"


def test_a_stall_never_fast_forwards_and_a_paused_sweep_stays():
    s = Sweep(1000.0, speed=250.0)
    s.advance(5.0, np.array([]))
    assert s.cursor_ms == pytest.approx(250.0 * scope.MAX_CATCH_UP_S, abs=250 * scope.SWEEP_STEP_S)
    s.paused = True
    before = s.cursor_ms
    assert s.advance(1.0, np.array([before + 1])) == 0 and s.cursor_ms == before


def test_a_sweep_left_alone_rests_at_the_end_of_its_run_and_a_new_run_or_play_moves_it_again():
    spikes = np.array([50.0])
    s = Sweep(100.0, speed=1000.0)                   # 0.1 s of wall time per pass
    frames = int(scope.REST_AFTER_S * 60)
    passed = sum(s.advance(1 / 60, spikes) for _ in range(frames))
    assert not s.rested and passed >= 90, "it loops (and clicks) until REST_AFTER_S"
    passed = sum(s.advance(1 / 60, spikes) for _ in range(12))
    assert s.rested and s.paused and s.cursor_ms == 100.0 and passed <= 2
    assert s.advance(1.0, spikes) == 0, "a rested sweep passes no spike: silence"
    s.restart()
    assert not s.paused and not s.rested and s.cursor_ms == 0.0, "a new run sweeps again"
    for _ in range(frames + 12):
        s.advance(1 / 60, spikes)
    assert s.rested
    s.play()
    assert not s.paused and not s.rested
    s.play()                                         # the player pauses: a new run keeps it paused
    s.restart()
    assert s.paused and not s.rested


def test_speed_and_zoom_stay_inside_their_ranges():
    s = Sweep(300.0)
    for _ in range(20):
        s.change_speed(+1)
    assert s.speed == scope.SPEEDS[-1]
    for _ in range(40):
        s.zoom(+1)
    assert s.window_ms == scope.MIN_WINDOW_MS
    for _ in range(40):
        s.zoom(-1)
    assert s.window_ms == 300.0


def test_clicks_are_rate_limited():
    played = []
    c = SpikeClicker(lambda: played.append(1), gap_s=0.1)
    for _ in range(60):                          # one second with a spike every frame
        c.tick(1 / 60, 1)
    assert 9 <= len(played) <= 11 and c.clicks == len(played)


def test_the_projection_keeps_the_shape_of_a_fast_spike():
    t = np.arange(5001) * 0.2
    y = np.where((t > 500) & (t < 501), 30.0, -65.0)
    tr = trace(t, y, (-90, 45), (400, 200), 250.0)
    pts = trace_points(tr, t, 2400, 2600, 480.0, pygame.Rect(0, 0, 400, 200))
    assert pts[:, 1].min() < 200 * (45 - 30) / 135 + 1, "the spike's top was thinned away"
    assert len(pts) < 200, "flat stretches are thinned"


def test_the_renderer_draws_the_trace_up_to_the_cursor_only():
    surf = pygame.Surface((500, 300))
    ax = Axes(pygame.Rect(50, 50, 400, 200), (0, 250), (-1, 1))
    t = np.arange(1251) * 0.2
    y = np.sin(t / 10)
    s = Sweep(250.0)
    s.cursor_ms = 125.0
    ScopeRenderer(lambda px: int(px)).channel(surf, ax, "y", 1, t, y, s, 0.2, (255, 0, 0))
    red = pygame.surfarray.array3d(surf)[..., 0] > 200
    cols = np.flatnonzero(red.any(axis=1))
    assert cols.min() <= 52 and 240 <= cols.max() <= 252, "drawn from the left edge to the cursor's x"

"""Save as challenge: the goal chooser over every sandbox, driven by real events.

The instructor opens the chooser from a sandbox, picks a goal type the
current setup offers, types the three star thresholds and saves; every
offered goal must produce a file the loader accepts and, in a lab that
plays solutions headless, that ``check --strict`` accepts (its solution
proven to earn three stars) with a brief naming the target; thresholds the
solution cannot reach and bad ones must be refused with a message and no
file, and "Save and play" must open the new level, which its saved
solution (the instructor's setup) wins with three stars.
"""

from __future__ import annotations

import tomllib
from types import SimpleNamespace

import numpy as np
import pygame
import pytest

from game import paths
from game.check import check
from game.core.readout import fmt_value
from game.labs import LABS
from game.catalog import load_level
from game.scenes.play import PlayScene
from game.scenes.savechallenge import SaveChallengeScene, parse_stars


def open_sandbox(app, driver, kind):
    scene = app.push(PlayScene(app, LABS[kind].sandbox(), "sandbox"))
    driver.frames(3)
    return scene


def open_chooser(app, driver, scene) -> SaveChallengeScene:
    driver.press(scene.btn["save_challenge"])
    assert isinstance(app.scene, SaveChallengeScene)
    return app.scene


def pick(driver, dlg, gtype: str) -> None:
    """Move the selection with the arrow keys until ``gtype`` is chosen."""
    types = [c.goal["type"] for c in dlg.choices]
    assert gtype in types, f"{gtype} not offered; offered: {types}"
    for _ in range(len(types)):
        if dlg.choices[dlg.index].goal["type"] == gtype:
            return
        driver.key(pygame.K_DOWN)
    raise AssertionError("the arrow keys never reached " + gtype)


def type_into(driver, entry, text: str) -> None:
    driver.click(entry.rect.center)
    if len(entry.get_text()) > 40:                       # a brief: select all, then type over it
        driver.key(pygame.K_a, mod=pygame.KMOD_CTRL, frames=0)
        driver.key(pygame.K_BACKSPACE, frames=0)
    for _ in range(len(entry.get_text()) + 2):
        driver.key(pygame.K_END, frames=0)
        driver.key(pygame.K_BACKSPACE, frames=0)
    driver.text(text)
    driver.frames(1)


def saved_files(home):
    return sorted((home / "challenges").glob("*.toml"))


def assert_brief_names_target(data: dict, brief: dict | None = None) -> None:
    """The brief of level table ``data`` (or ``brief``) names the three-star threshold with its unit in
    both languages and has every template field filled (an unknown field leaves the raw template)."""
    gk = LABS[data["kind"]].goals[data["goal"]["type"]]
    three = fmt_value(data["goal"]["stars"][2], gk.unit or "", gk.digits)
    for lang in ("en", "zh"):
        text = (brief or data["brief"])[lang]
        assert three in text, f"the {lang} brief does not name the target {three}: {text}"
        assert "{" not in text and "}" not in text, f"a field of the {lang} brief was left unfilled: {text}"


def press_lab(driver, lab, key: str) -> None:
    if key in lab.buttons:
        driver.press(lab.buttons[key])
    else:
        lab.press(key)
    driver.frames(2)


# ------------------------------------------------------------------ set-ups
def _phaseplane_click(app, driver, scene):
    driver.click(scene.lab.plane.point(1.5, 1.0))


def _phaseplane_centre(app, driver, scene):
    press_lab(driver, scene.lab, "preset:center")
    driver.click(scene.lab.plane.point(1.0, 1.0))


def _phaseplane_oscillator(app, driver, scene):
    driver.press(scene.lab.buttons["mode"])
    driver.set_slider(scene.lab, "mu", 2.2)             # over-damped: it settles without overshoot
    driver.click(scene.lab.plane.point(1.0, 0.0))


def _phaseplane_tour(app, driver, scene):
    for preset in ("saddle", "unstable_node", "center"):
        press_lab(driver, scene.lab, "preset:" + preset)


def _gabor_source(name):
    def setup(app, driver, scene):
        press_lab(driver, scene.lab, "image:" + name)
    return setup


def _izhikevich_chattering(app, driver, scene):
    press_lab(driver, scene.lab, "preset:CH")
    for _ in range(4):
        driver.frames(1)


def _izhikevich_input(app, driver, scene):
    driver.set_slider(scene.lab, "I", 14.0)
    for _ in range(4):
        driver.frames(1)


def _nonlinear_vdp(app, driver, scene):
    lab = scene.lab
    lab.switch_system("van_der_pol")
    driver.frames(2)
    driver.set_slider(lab, "mu", 2.0)
    driver.click(lab.plane.point(1.0, 0.5))
    scene.spec.scripts.settle(lab, driver)


def _nothing(app, driver, scene):
    pass


def _hodgkinhuxley_pair(app, driver, scene):
    press_lab(driver, scene.lab, "protocol:pulse_pair")
    driver.set_slider(scene.lab, "I", 20.0)
    scene.spec.scripts.settle(scene.lab, driver)


def _hodgkinhuxley_clamp(app, driver, scene):
    press_lab(driver, scene.lab, "clamp")
    driver.set_slider(scene.lab, "v_step", 30.0)
    scene.spec.scripts.settle(scene.lab, driver)


def _hopfield_cycle(app, driver, scene):
    """One memory, a start with exactly half its cells wrong: synchronous updates 2-cycle (hop-07)."""
    lab = scene.lab
    ref = lab.model.reference
    press_lab(driver, lab, "store_none")
    driver.click(lab.gallery.rects[ref].center)
    driver.set_slider(lab, "noise_pct", 50.0)
    press_lab(driver, lab, "corrupt")


def _hopfield_inverse(app, driver, scene):
    """The grid set near the target's inverse (a fifth of its cells flipped back)."""
    m = scene.lab.model
    s = -m.X[m.reference].copy()
    s[np.random.default_rng(1).choice(m.n, size=m.n // 5, replace=False)] *= -1
    m.set_state(s)
    driver.frames(2)


STATES = {
    "phaseplane-click": ("phaseplane", _phaseplane_click, {"closest_approach", "gates", "reach_disc"}),
    "phaseplane-centre": ("phaseplane", _phaseplane_centre, {"orbit_through", "gates"}),
    "phaseplane-oscillator": ("phaseplane", _phaseplane_oscillator, {"settling_time"}),
    "phaseplane-tour": ("phaseplane", _phaseplane_tour, {"regions_visited"}),
    "gabor-default": ("gabor", _nothing, {"match_filter", "narrow_tuning"}),
    "gabor-edges": ("gabor", _gabor_source("edges"), {"edge_share"}),
    "gabor-grating": ("gabor", _gabor_source("grating"), {"wavelength_match"}),
    "gabor-textures": ("gabor", _gabor_source("two_textures"), {"segment_contrast", "bank_accuracy"}),
    "izhikevich-default": ("izhikevich", _nothing, {"firing_rate", "match_trace"}),
    "izhikevich-input": ("izhikevich", _izhikevich_input, {"firing_rate", "match_trace"}),
    "izhikevich-chattering": ("izhikevich", _izhikevich_chattering, {"spikes_per_burst", "burst_rate"}),
    "hopfield-default": ("hopfield", _nothing, {"recall", "basin", "crowded", "escape"}),
    "hopfield-cycle": ("hopfield", _hopfield_cycle, {"cycle"}),
    "hopfield-inverse": ("hopfield", _hopfield_inverse, {"inverse"}),
    "nonlinear-ml": ("nonlinear", _nothing, {"equilibria_visited", "bifurcation_current", "onset_frequency"}),
    "nonlinear-vdp": ("nonlinear", _nonlinear_vdp, {"equilibria_visited", "cycle_period"}),
    "hodgkinhuxley-default": ("hodgkinhuxley", _nothing, {"min_current", "slowest_rate", "spike_width"}),
    "hodgkinhuxley-pair": ("hodgkinhuxley", _hodgkinhuxley_pair, {"min_current", "min_gap"}),
    "hodgkinhuxley-clamp": ("hodgkinhuxley", _hodgkinhuxley_clamp, {"reversal", "inward_peak"}),
}


@pytest.mark.parametrize("state", list(STATES))
def test_every_offered_goal_saves_a_level_that_loads(app, driver, private_home, state):
    kind, setup, expected = STATES[state]
    scene = open_sandbox(app, driver, kind)
    setup(app, driver, scene)
    dlg = open_chooser(app, driver, scene)
    offered = [c.goal["type"] for c in dlg.choices]
    assert expected <= set(offered), offered
    assert len(set(offered)) == len(offered)
    driver.key(pygame.K_ESCAPE)
    assert app.scene is scene and not saved_files(private_home)
    for i, gtype in enumerate(offered):
        dlg = open_chooser(app, driver, scene)
        pick(driver, dlg, gtype)
        driver.key(pygame.K_RETURN)
        assert app.scene is scene, dlg.error
        files = saved_files(private_home)
        assert len(files) == i + 1
    spec = LABS[kind]
    for path in saved_files(private_home):
        level = load_level(path)
        assert level.kind == kind and level.goal.type in offered
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        assert data["title"]["en"] and data["title"]["zh"]
        if spec.scripts.solve is None:
            continue
        assert_brief_names_target(data)
        assert data["title"]["en"].startswith("Challenge: ") and data["title"]["zh"].startswith("挑战：")
    assert {load_level(p).goal.type for p in saved_files(private_home)} == set(offered)
    if spec.scripts.solve is not None:
        report = check([str(private_home / "challenges")])
        assert not report.failed(strict=True), report.errors + report.warnings
        assert all(c.proof is not None and c.proof.won for c in dlg.choices)
    else:
        assert all(c.proof is None for c in dlg.choices), "a lab without a headless solve cannot prove offers"


def test_typed_thresholds_and_title_are_saved_and_bad_ones_refused(app, driver, private_home):
    scene = open_sandbox(app, driver, "phaseplane")
    _phaseplane_click(app, driver, scene)
    dlg = open_chooser(app, driver, scene)
    pick(driver, dlg, "gates")
    e1, e2, e3 = dlg.entries
    type_into(driver, e1, "5")                      # 5 > 2: thresholds of a "higher" goal must rise
    driver.key(pygame.K_RETURN, frames=2)     # Enter in a field saves too
    assert app.scene is dlg and dlg.error == app.ctx.text("savech.must_rise")
    assert not saved_files(private_home)
    type_into(driver, e1, "1")
    type_into(driver, e3, "2.5")
    type_into(driver, dlg.title_entry, "Follow my path")
    driver.key(pygame.K_RETURN, frames=2)     # Enter in a field saves too
    assert app.scene is scene, dlg.error
    (path,) = saved_files(private_home)
    level = load_level(path)
    assert level.goal.type == "gates" and level.goal.stars == (1.0, 2.0, 2.5)
    assert len(level.goal.gates) == 3 and level.controls.start == "click"
    assert level.title == {"en": "Follow my path", "zh": "Follow my path"}
    assert str(path) in scene.toast[0]


def test_thresholds_that_are_not_numbers_are_refused():
    assert parse_stars(["1", "x", "3"], "higher") == (None, "savech.not_number")
    assert parse_stars(["1", "nan", "3"], "higher") == (None, "savech.not_number")
    assert parse_stars(["3", "2", "1"], "higher") == (None, "savech.must_rise")
    assert parse_stars(["1", "2", "3"], "lower") == (None, "savech.must_fall")
    assert parse_stars([" 0.5", "0.25 ", "0.1"], "lower") == ([0.5, 0.25, 0.1], None)


SELF_SOLVED = [
    ("izhikevich-input", "firing_rate"),
    ("phaseplane-click", "gates"),
    ("phaseplane-centre", "orbit_through"),
    ("izhikevich-chattering", "match_trace"),
    ("izhikevich-chattering", "spikes_per_burst"),
    ("izhikevich-chattering", "burst_rate"),
    ("nonlinear-vdp", "cycle_period"),
]


@pytest.mark.parametrize("state,gtype", SELF_SOLVED, ids=[f"{s}-{g}" for s, g in SELF_SOLVED])
def test_save_and_play_opens_the_level_and_its_solution_wins(app, driver, private_home, state, gtype):
    kind, setup, _ = STATES[state]
    scene = open_sandbox(app, driver, kind)
    setup(app, driver, scene)
    dlg = open_chooser(app, driver, scene)
    pick(driver, dlg, gtype)
    tune = bool(dlg.choices[dlg.index].choice.get("tune"))
    driver.key(pygame.K_RETURN, mod=pygame.KMOD_CTRL)          # save and play
    play = app.scene
    assert isinstance(play, PlayScene) and play is not scene and play.mode == "challenge"
    assert play.level.goal.type == gtype and len(saved_files(private_home)) == 1
    driver.frames(2)
    if tune:
        assert not dlg.at_defaults(), "the set-up should move a slider away from its default"
        assert play.stars_now() < 3, "a 'find these values' level must not start won"
    play.spec.scripts.play(play.lab, driver)
    if play.spec.scripts.settle is not None:
        play.spec.scripts.settle(play.lab, driver)
    driver.frames(3)
    assert play.stars_now() == 3, f"solution scored {play.lab.model.best!r}, thresholds {play.level.goal.stars}"


# ------------------------------------------------------------------ proof, brief, title
def test_thresholds_the_solution_cannot_reach_are_refused_naming_its_score(app, driver, private_home):
    scene = open_sandbox(app, driver, "phaseplane")
    _phaseplane_click(app, driver, scene)
    dlg = open_chooser(app, driver, scene)
    pick(driver, dlg, "gates")
    assert dlg.draft.offer.proof.score == 3.0 and dlg.draft.stars == ["1", "2", "3"]
    type_into(driver, dlg.entries[2], "4")           # three stars for 4 of the 3 gates
    driver.key(pygame.K_RETURN, frames=2)
    assert app.scene is dlg and not saved_files(private_home)
    assert dlg.error == app.ctx.text("savech.unreachable", stars=2, score="3", op="≥", need="4", error="")
    assert "3" in dlg.error and "2 ★" in dlg.error
    app.set_lang("zh")
    assert "你的参考解得分 3" in app.ctx.text("savech.unreachable", **dlg.typed_proof()[1].fields())


def test_the_brief_and_title_say_what_the_level_is_and_can_be_edited(app, driver, private_home):
    scene = open_sandbox(app, driver, "phaseplane")
    _phaseplane_click(app, driver, scene)
    dlg = open_chooser(app, driver, scene)
    pick(driver, dlg, "gates")
    assert dlg.title_entry.get_text() == "Challenge: Gates in order"
    assert dlg.brief_entries["en"].get_text().startswith("Launch one trajectory that passes the 3 gates")
    type_into(driver, dlg.entries[2], "2.5")              # the generated briefs follow the thresholds
    assert "2.5 gates for three stars" in dlg.brief_entries["en"].get_text()
    assert "穿过 2.5 个得三星" in dlg.brief_entries["zh"].get_text()
    type_into(driver, dlg.brief_entries["en"], "Thread the needle.")
    type_into(driver, dlg.entries[1], "1.5")              # an edited brief is kept as typed
    assert dlg.brief_entries["en"].get_text() == "Thread the needle."
    driver.key(pygame.K_RETURN, frames=2)
    assert app.scene is scene, dlg.error
    data = tomllib.loads(saved_files(private_home)[0].read_text(encoding="utf-8"))
    assert data["brief"]["en"] == "Thread the needle."
    assert "穿过 2.5 个得三星（1.5 个得两星，1 个得一星）" in data["brief"]["zh"]
    assert data["title"] == {"en": "Challenge: Gates in order", "zh": "挑战：依次穿门"}
    assert data["goal"]["stars"] == [1.0, 1.5, 2.5]


def test_saving_proves_the_written_table_again_and_refuses_a_losing_one(app, driver, private_home):
    scene = open_sandbox(app, driver, "phaseplane")
    _phaseplane_click(app, driver, scene)
    dlg = open_chooser(app, driver, scene)
    pick(driver, dlg, "gates")
    offer = dlg.draft.offer
    offer.data["solution"] = {**offer.data["solution"], "starts": [[-2.9, -2.9]]}   # misses the gates
    driver.key(pygame.K_RETURN, frames=2)
    assert app.scene is dlg and not saved_files(private_home)
    assert dlg.error.startswith("Proof: the solution earns") and "3 stars need ≥ 3" in dlg.error


def test_the_dialog_shows_the_proof_of_the_chosen_offer(app, driver, private_home):
    scene = open_sandbox(app, driver, "hopfield")
    dlg = open_chooser(app, driver, scene)
    pick(driver, dlg, "crowded")
    stars, proof, err = dlg.typed_proof()
    assert err is None and proof.won and proof.score == 3.0 and stars == [1.0, 2.0, 3.0]
    assert proof.say(app.ctx.text) == "Proof: the solution earns 3 stars (score 3; 3 stars need ≥ 3)."
    data = dlg.draft.offer.data
    assert data["fixed"]["stored"] == [data["fixed"]["target"]] and len(data["solution"]["store"]) == 3, \
        "a crowded-memory level starts with the target alone stored; its solution stores the rest"
    app.set_lang("zh")
    assert proof.say(app.ctx.text) == "验证：参考解可得 3 星（得分 3；3 星需要 ≥ 3）。"


def test_a_lab_that_cannot_solve_headless_offers_goals_marked_not_proven(app, driver, monkeypatch):
    import dataclasses
    spec = LABS["phaseplane"]                 # every shipped lab solves: register one that cannot
    monkeypatch.setitem(LABS, "phaseplane", dataclasses.replace(
        spec, scripts=dataclasses.replace(spec.scripts, solve=None)))
    scene = open_sandbox(app, driver, "phaseplane")
    dlg = open_chooser(app, driver, scene)
    assert dlg.choices and all(c.proof is None for c in dlg.choices)
    assert dlg.typed_proof()[2] is None
    assert not dlg.can_prove


def test_every_lab_proves_offers_and_has_a_brief_template_for_every_goal_type():
    from game.ui.text import Text
    text = Text()
    for kind, spec in LABS.items():
        assert spec.scripts.solve is not None, f"{kind} cannot play a solution headless: its offers go unproven"
        for gtype in spec.goals:
            for lang in ("en", "zh"):
                assert f"{kind}.brief.{gtype}" in text.keys(lang), f"no {lang} brief template {kind}.brief.{gtype}"


def _shipped_goals():
    out = []
    for f in sorted(paths.LEVELS.rglob("*.toml")):
        data = tomllib.loads(f.read_text(encoding="utf-8"))
        spec = LABS.get(data.get("kind"))
        if spec is not None and spec.scripts.solve is not None:
            out.append(pytest.param(data, id=f.stem))
    return out


@pytest.mark.parametrize("data", _shipped_goals())
def test_a_brief_written_for_any_shipped_goal_names_its_target_and_fills_every_field(data):
    """Each shipped level's goal and fixed tables, as a saved challenge would carry them: the brief
    template of its goal type (and variant) is filled completely and names the three-star threshold
    with its unit in both languages (an unknown field would leave the raw template, braces and all)."""
    from game.ui.text import Text
    spec = LABS[data["kind"]]
    writer = spec.challenge(SimpleNamespace(spec=spec, model=None))
    assert_brief_names_target(data, writer.texts(Text(), data)["brief"])


BRIEF_VARIANTS = [
    ("example-izhikevich-firing-rate", {"from_ms": 200.0}, "counting spikes from 200 ms to the end of the 1000 ms"),
    ("example-izhikevich-spike-count", {"better": "higher", "stars": [2, 4, 6], "to_ms": 500.0},
     "as many spikes as you can between 0 and 500 ms: at least 6 spikes"),
    ("example-izhikevich-adaptation-ms", {"better": "higher", "stars": [2, 4, 6]}, "at least 6 ms longer"),
    ("example-hodgkinhuxley-spike-width", {"better": "higher", "stars": [1, 1.5, 2]}, "as broad as you can"),
    ("example-nonlinear-bifurcation-current", {"which": "snic"}, "(the SNIC bifurcation)"),
]


@pytest.mark.parametrize("name,change,says", BRIEF_VARIANTS, ids=[b[0] for b in BRIEF_VARIANTS])
def test_a_goal_scored_another_way_gets_the_brief_that_says_so(name, change, says):
    """Goal fields the shipped levels leave at their defaults (or a direction they do not use) pick the
    brief variant that describes them."""
    from game.ui.text import Text
    data = tomllib.loads((paths.LEVELS / "examples" / f"{name}.toml").read_text(encoding="utf-8"))
    data["goal"].update(change)
    spec = LABS[data["kind"]]
    brief = spec.challenge(SimpleNamespace(spec=spec, model=None)).texts(Text(), data)["brief"]
    assert says in brief["en"], brief["en"]
    assert_brief_names_target(data, brief)

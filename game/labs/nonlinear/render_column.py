"""Drawing of the nonlinear lab's right column: the system and its equilibria, the status line,
the quiz's Jacobian and the legend (reads the view and the model, writes nothing of theirs)."""

from __future__ import annotations

import math

import numpy as np
import pygame

from game.labs.common.plane import kind_colour
from game.labs.nonlinear import goals, systems
from game.labs.nonlinear.systems import CUSTOM
from game.ui import theme
from game.ui.fonts import ellipsize
from game.ui.plot import dashed_polyline


def fmt(v: float, span: float, digits: int = 3) -> str:
    """A coordinate with ``digits`` significant digits; round-off far below the window is 0.

    >>> fmt(1e-12, 120.0), fmt(-41.8477, 120.0, 4)
    ('0', '-41.85')
    """
    if abs(v) < 1e-9 * abs(span):
        return "0"
    return f"{v:.{digits}g}"


def eig_text(e) -> str:
    """The eigenvalues of an equilibrium in one short text ("-0.3 ± 1i" or "-1, -2")."""
    lam = e.eigenvalues
    if abs(lam[0].imag) > 1e-12 * max(1.0, abs(lam[0].real)):
        return f"{lam[0].real:.3g} ± {abs(lam[0].imag):.3g}i"
    a, b = sorted(lam.real)
    return f"{a:.3g}, {b:.3g}"


def draw_info(view, surface) -> None:
    """The system's name and equations, its equilibria named by type, and the status line."""
    m = view.model
    s, f, t = view.ctx.s, view.ctx.fonts, view.ctx.text
    x, y, w = view.col.x, view.info_top, view.col.width
    small = f.get(theme.SMALL_FONT)
    if m.quiz:
        _draw_quiz_info(view, surface)
        return
    name = t(f"nonlinear.system.{m.system}")
    surface.blit(f.render(ellipsize(name, f.get(theme.BASE_FONT + 2, bold=True), w), theme.BASE_FONT + 2,
                          theme.TEXT, bold=True), (x, y))
    if m.system == CUSTOM:
        eq = f"dx/dt = {m.compiled.dx_expr},   dy/dt = {m.compiled.dy_expr}"
    else:
        eq = t(f"nonlinear.eq.{m.system}")
    surface.blit(f.render(ellipsize(eq, small, w), theme.SMALL_FONT, theme.TEXT_DIM), (x, y + s(24)))
    y += s(44)
    eqs = m.analysis.equilibria
    vx, vy = systems.variable_names(m.system)
    head = t("nonlinear.info.equilibria", n=len(eqs)) if eqs else t("nonlinear.info.none")
    surface.blit(f.render(head, theme.SMALL_FONT, theme.TEXT), (x, y))
    y += s(19)
    (x0, x1), (y0, y1) = m.window.home
    for e in eqs[:view.eq_rows]:
        colour = kind_colour(e.kind)
        pygame.draw.circle(surface, colour, (x + s(6), y + s(9)), s(5), 0 if e.stable else 2)
        kind = t(f"phaseplane.kind.{e.kind}") if m.controls.show_type else "?"
        pt = f"({vx}, {vy}) = ({fmt(e.point[0], x1 - x0, 4)}, {fmt(e.point[1], y1 - y0, 3)})"
        line = f"{kind}   {pt}"
        if m.controls.show_type:
            line += f"   λ = {eig_text(e)}"
        surface.blit(f.render(ellipsize(line, small, w - s(18)), theme.SMALL_FONT, colour), (x + s(16), y))
        y += s(19)
    if len(eqs) > view.eq_rows:
        surface.blit(f.render(t("nonlinear.info.more", n=len(eqs) - view.eq_rows), theme.SMALL_FONT - 1,
                              theme.TEXT_DIM), (x + s(16), y))
    y = view.info_top + s(44) + (view.eq_rows + 1) * s(19)
    line, colour = status_line(view)
    if line:
        surface.blit(f.render(ellipsize(line, small, w), theme.SMALL_FONT, colour), (x, y))


def _draw_quiz_info(view, surface) -> None:
    m = view.model
    s, f, t = view.ctx.s, view.ctx.fonts, view.ctx.text
    x, y, w = view.col.x, view.info_top, view.col.width
    small = f.get(theme.SMALL_FONT)
    title = t("nonlinear.quiz.which", i=m.quiz_index + 1, n=len(m.quiz))
    surface.blit(f.render(title, theme.BASE_FONT + 2, theme.STAR, bold=True), (x, y))
    lines = [f"dx/dt = {m.eq_texts['dx']}", f"dy/dt = {m.eq_texts['dy']}"]
    if m.eq_texts.get("params"):
        lines.append(m.eq_texts["params"])
    for k, line in enumerate(lines):
        surface.blit(f.render(ellipsize(line, small, w), theme.SMALL_FONT, theme.TEXT if k < 2 else theme.TEXT_DIM),
                     (x, y + s(26) + k * s(19)))


def _goal_status(view) -> tuple[str, tuple] | None:
    """The status line a goal type asks for (None: the measured cycle's line)."""
    m = view.model
    t = view.ctx.text
    goal = m.goal
    gtype = goal.type if goal is not None else None
    if gtype == "equilibria_visited":
        return t("nonlinear.visited", n=int(m.score() or 0), of=len(m.home_equilibria())), theme.STAR
    if gtype == "bistable_boundary":
        outs = [l.outcome for l in m.launches]
        gap = m.score()
        line = t("nonlinear.outcomes", rest=outs.count(goals.REST), cycle=outs.count(goals.CYCLE))
        if gap is not None and math.isfinite(gap):
            line += "   " + t("nonlinear.gap", v=f"{gap:.3g}")
        return line, theme.STAR
    if gtype == "bifurcation_current":
        if not m.answers:
            return t("nonlinear.lock_hint", n=goal.max_answers), theme.TEXT_DIM
        shown = ", ".join(f"{a:g}" for a in m.answers)
        return t("nonlinear.locked_list", v=shown, n=m.tries_left()), theme.STAR
    if gtype == "kick_threshold":
        return t("nonlinear.kick_size", v=f"{float(m.values.get('kick', 0.0)):.3g}"), theme.STAR
    return None


def status_line(view) -> tuple[str, tuple]:
    """The measured cycle, locked answers, the kick size or the launches' outcomes, one line."""
    m = view.model
    t = view.ctx.text
    goal_line = _goal_status(view)
    if goal_line is not None:
        return goal_line
    if m.measuring():
        return t("nonlinear.measuring"), theme.TEXT_DIM
    if m.measurement is None:
        return "", theme.TEXT
    c = m.measurement.cycle
    if c is None:
        return (t("nonlinear.cycle.rest") if m.measurement.at_rest else t("nonlinear.cycle.none")), theme.TEXT_DIM
    ml = m.is_ml()
    freq = f"{1000.0 / c.period:.3g} Hz" if ml else f"{1.0 / c.period:.3g}"
    vx, _ = systems.variable_names(m.system)
    return t("nonlinear.cycle.found", T=f"{c.period:.4g} {'ms' if ml else ''}".strip(), f=freq, v=vx,
             lo=f"{c.x_min:.3g}", hi=f"{c.x_max:.3g}"), theme.STAR


def draw_jacobian(view, surface) -> None:
    """The quiz: the Jacobian at the asked equilibrium, and after the answer p, q, Δ and the type."""
    m = view.model
    s, f, t = view.ctx.s, view.ctx.fonts, view.ctx.text
    r = view.mid
    truth = m.quiz_truths[m.quiz_index]
    J = truth.jacobian
    p0 = truth.point
    head = t("nonlinear.quiz.jacobian", x=f"{p0[0]:.3g}", y=f"{p0[1]:.3g}")
    surface.blit(f.render(ellipsize(head, f.get(theme.SMALL_FONT), r.width), theme.SMALL_FONT, theme.TEXT),
                 (r.x, r.y))
    cells = [[f"{J[i, j]:.3g}" if abs(J[i, j]) > 1e-9 else "0" for j in range(2)] for i in range(2)]
    font_size = theme.BASE_FONT + 5
    imgs = [[f.render(c, font_size, theme.TEXT, bold=True) for c in row] for row in cells]
    cw = max(img.get_width() for row in imgs for img in row) + s(24)
    ch = imgs[0][0].get_height() + s(4)
    label = f.render("J =", font_size, theme.TEXT, bold=True)
    x0 = r.x + s(8)
    top = r.y + s(26)
    surface.blit(label, (x0, top + ch - label.get_height() // 2))
    mx = x0 + label.get_width() + s(14)
    for i in range(2):
        for j in range(2):
            img = imgs[i][j]
            surface.blit(img, img.get_rect(midright=(mx + (j + 1) * cw - s(8), top + i * ch + ch // 2)))
    h = 2 * ch
    for side, x in ((1, mx), (-1, mx + 2 * cw + s(4))):
        pygame.draw.line(surface, theme.TEXT, (x, top), (x, top + h), 2)
        pygame.draw.line(surface, theme.TEXT, (x, top), (x + side * s(6), top), 2)
        pygame.draw.line(surface, theme.TEXT, (x, top + h), (x + side * s(6), top + h), 2)
    if m.revealed:
        p, q = float(np.trace(J)), float(np.linalg.det(J))
        d = p * p - 4 * q
        line = f"p = {p:.3g}   q = {q:.3g}   Δ = {d:.3g}   →   " + t(f"phaseplane.kind.{truth.kind}")
        surface.blit(f.render(ellipsize(line, f.get(theme.SMALL_FONT), r.width), theme.SMALL_FONT,
                              kind_colour(truth.kind)), (r.x, top + h + s(10)))


def draw_legend(view, surface, cached, path_colour, cycle_colour):
    """What each mark means, under the buttons; drawn once per change and blitted.

    ``cached`` is the renderer's (key, picture) of the last call; returns the one to keep.
    """
    m = view.model
    s, f, t = view.ctx.s, view.ctx.fonts, view.ctx.text
    rows = [("solid", path_colour, "phaseplane.legend.forward"), ("dash", path_colour, "phaseplane.legend.backward"),
            ("filled", theme.GOOD, "nonlinear.legend.stable"), ("ring", theme.BAD, "nonlinear.legend.unstable")]
    if m.measurement is not None and m.measurement.cycle is not None:
        rows.append(("solid", cycle_colour, "nonlinear.legend.cycle"))
    lh = s(21)
    cols = 2 if view.col.width >= s(460) else 1
    per = math.ceil(len(rows) / cols)
    if view.legend_top + lh * per > view.col.bottom:
        return cached
    box = pygame.Rect(view.col.x, view.legend_top, view.col.width, lh * per + s(6))    # room for descenders
    key = (len(rows), tuple(box), t.lang, s(100))
    if cached is None or cached[0] != key:
        img = pygame.Surface(box.size)
        img.fill(theme.BG)                  # the column's background: a plain copy per frame
        cw = box.width // cols
        for i, (style, colour, k) in enumerate(rows):
            x = (i // per) * cw
            yy = (i % per) * lh
            cy = yy + lh // 2
            if style == "solid":
                pygame.draw.line(img, colour, (x, cy), (x + s(26), cy), 2)
            elif style == "dash":
                dashed_polyline(img, colour, [(x, cy), (x + s(26), cy)], 2, s(5))
            else:
                pygame.draw.circle(img, colour, (x + s(13), cy), s(5), 0 if style == "filled" else 2)
            text = ellipsize(t(k), f.get(theme.SMALL_FONT - 1), cw - s(40))
            img.blit(f.render(text, theme.SMALL_FONT - 1, theme.TEXT_DIM), (x + s(36), yy + s(2)))
        cached = (key, img)
    surface.blit(cached[1], box.topleft)
    return cached

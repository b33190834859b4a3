"""Drawing of the nonlinear lab's view (the view's state is read, never changed).

The phase plane is drawn into a cached layer (frame, direction field,
nullclines, cycle, equilibria with their type, goal marks, trajectories)
that is rebuilt only when the view's ``_version`` or window changes; an
ordinary frame blits it and moves the dots along the trajectories. The
direction field is normalised in screen space, so a system whose axes have
very different units (Morris–Lecar: mV against a fraction) still shows
readable arrows.
"""

from __future__ import annotations

import math

import numpy as np
import pygame

from game.labs.nonlinear import goals, model
from game.labs.common import plane
from game.sim import planar
from game.ui import theme
from game.ui.fonts import ellipsize
from game.ui.plot import Axes, dashed_polyline, draw_arrows

FIELD_N = 21
FIELD_LAG_S = 0.2          # longest age of the direction field while a slider moves
NULL_X = theme.PURPLE          # dx/dt = 0
NULL_Y = theme.ACCENT          # dy/dt = 0
TRAJ = theme.WARN
TRAJ_OLD = (165, 172, 190)
CYCLE = theme.STAR
MANIFOLD = theme.TEXT          # the repelling slow manifold (threshold), controls.show_manifold


def kind_colour(kind: str):
    return plane.kind_colour(kind)


def draw_view(view, surface: pygame.Surface) -> None:
    s, f, t = view.scene.s, view.ctx.fonts, view.ctx.text
    pl = view.plane
    layer, origin = plane_layer(view)
    surface.blit(layer, origin)
    clip = surface.get_clip()
    surface.set_clip(pl.rect)
    if not view.hidden():
        for l in view.launches:
            p = None if l.pending else l.dot()
            if p is not None:
                pygame.draw.circle(surface, theme.STAR, pl.point(*p), s(5))
    if any(l.pending for l in view.launches) or view._measure_job is not None:
        spinner(view, surface, (pl.rect.right - s(16), pl.rect.bottom - s(16)))
        img = f.render(t("nonlinear.computing"), theme.SMALL_FONT - 1, theme.TEXT_DIM)
        surface.blit(img, img.get_rect(midright=(pl.rect.right - s(30), pl.rect.bottom - s(16))))
    if view.note:
        img = f.render(t(view.note), theme.SMALL_FONT, theme.WARN)
        surface.blit(img, (pl.rect.x + s(6), pl.rect.bottom - img.get_height() - s(4)))
    surface.set_clip(clip)
    draw_info(view, surface)
    if view.panel_bif is not None:
        I_now = float(view.values.get("I", 0.0))
        eqs = view.analysis.equilibria
        view.panel_bif.draw(surface, view.bif or view.bif_branch, I_now, [float(e.point[0]) for e in eqs], [e.stable for e in eqs],
                            show_special=view.controls.show_type)
    if view.editor is not None:
        view.editor.draw(surface)
    if view.quiz and view.mid.height:
        draw_jacobian(view, surface)
    draw_legend(view, surface)


def spinner(view, surface, centre) -> None:
    s = view.scene.s
    r = s(8)
    a0 = (view.clock * 6.0) % (2 * math.pi)
    rect = pygame.Rect(0, 0, 2 * r, 2 * r)
    rect.center = centre
    pygame.draw.arc(surface, theme.ACCENT, rect, a0, a0 + 4.4, max(2, s(2)))


# ----------------------------------------------------------------- plane
def plane_layer(view) -> tuple[pygame.Surface, tuple[int, int]]:
    s = view.scene.s
    pl = view.plane
    region = pygame.Rect(pl.rect.x - s(56), pl.rect.y - s(10), pl.rect.width + s(72), pl.rect.height + s(32))
    key = (view._version, view.xlim, view.ylim, region.size, region.topleft, view.ctx.text.lang, view.hidden(),
           id(view.analysis))
    ax = Axes(pl.rect.move(-region.x, -region.y), view.xlim, view.ylim)
    if key == view._layer_key and view._layer is not None:
        if view.drafting() and view.controls.show_field and not view.hidden():
            # a frame that keeps the layer refreshes a lagging field now, so the frame
            # that rebuilds the layer (a new draft analysis) finds it ready
            base_surface(view, region, ax)
        return view._layer, region.topleft
    drafting = view.drafting()
    layer = view._layer
    if layer is None or layer.get_size() != region.size:
        layer = pygame.Surface(region.size)          # reused while the size holds
    hidden = view.hidden()
    layer.blit(base_surface(view, region, ax, keep_lagging=drafting) if view.controls.show_field and not hidden
               else frame_surface(view, region, ax), (0, 0))
    if hidden:
        cover(view, layer, ax)
    else:
        layer.set_clip(ax.rect)
        draw_plane_content(view, layer, ax)
        layer.set_clip(None)
        if view.controls.show_nullclines or view.manifold is not None:
            nullcline_legend(view, layer, ax)
    view._layer, view._layer_key = layer, key
    return layer, region.topleft


def frame_surface(view, region, ax) -> pygame.Surface:
    """Axes, grid, ticks and labels: they change only with the view, size or language."""
    key = (view.xlim, view.ylim, region.size, ax.rect.topleft, view.ctx.text.lang, view.system)
    cached = getattr(view, "_frame", None)
    if cached is not None and cached[0] == key:
        return cached[1]
    surf = pygame.Surface(region.size)
    surf.fill(theme.BG)
    xl, yl = model.axis_labels(view.system)
    ax.draw_frame(surf, view.ctx.fonts, xl, yl)
    view._frame = (key, surf)
    return surf


def cover(view, layer, ax) -> None:
    f, t, s = view.ctx.fonts, view.ctx.text, view.scene.s
    pygame.draw.rect(layer, theme.PANEL_HI, ax.rect)
    q = f.render("?", theme.TITLE_FONT * 3, theme.TEXT_DIM, bold=True)
    layer.blit(q, q.get_rect(center=(ax.rect.centerx, ax.rect.centery - s(30))))
    from game.ui.fonts import draw_wrapped
    draw_wrapped(layer, t("nonlinear.quiz.hidden"), f.get(theme.BASE_FONT), theme.TEXT,
                 pygame.Rect(ax.rect.x + s(40), ax.rect.centery + s(50), ax.rect.width - s(80), s(120)))


def draw_plane_content(view, layer, ax) -> None:
    s = view.scene.s
    an = view.analysis
    main, view.plane = view.plane, ax          # goal marks draw through view.plane
    try:
        if view.controls.show_nullclines:
            for lines, colour in ((an.x_null, NULL_X), (an.y_null, NULL_Y)):
                for pts in ax.polylines(lines):
                    if len(pts) > 1:
                        pygame.draw.lines(layer, colour, False, pts, max(2, s(2)))
                        pygame.draw.aalines(layer, colour, False, pts)
        if view.manifold is not None:
            pts = ax.polyline(view.manifold.xy)
            if len(pts) > 1:
                pygame.draw.lines(layer, MANIFOLD, False, pts, max(2, s(2)))
        m = view.measurement
        if m is not None and m.cycle is not None:
            pts = ax.polyline(m.cycle.orbit)
            if len(pts) > 1:
                pygame.draw.lines(layer, CYCLE, True, pts, max(3, s(3)))
        draw_goal(view, layer, ax)
        if any(l.fwd is not None for l in view.launches):
            layer.blit(trajectory_overlay(view, ax), ax.rect.topleft)
        for l in view.launches:
            colour = theme.TEXT
            if l.outcome == goals.REST:
                colour = theme.GOOD
            elif l.outcome == goals.CYCLE:
                colour = theme.WARN
            pygame.draw.circle(layer, colour, ax.point(*l.start), s(4))
        draw_equilibria(view, layer, ax)
    finally:
        view.plane = main


def trajectory_overlay(view, ax) -> pygame.Surface:
    """Every launched path (forward solid, backward dashed) on a colour-keyed surface.

    Paths change only when the worker delivers or a launch is added, dropped
    or dimmed, while the layer under them is redrawn every frame of a slider
    drag (new nullclines): converting and dashing them once per change
    instead of once per frame keeps those frames short.
    """
    s = view.scene.s
    done = [l for l in view.launches if l.fwd is not None]
    cols = []
    for l in done:
        col = TRAJ if l is view.launches[-1] else TRAJ_OLD
        cols.append(tuple(int(c * 0.55) for c in col) if l.pending else col)
    parts = [(l.fwd, l.bwd) for l in done]
    key = (view.xlim, view.ylim, ax.rect.size, s(6), cols)
    cached = getattr(view, "_traj_overlay", None)
    if (cached is not None and cached[0] == key and len(cached[1]) == len(parts)
            and all(a is c and b is d for (a, b), (c, d) in zip(cached[1], parts))):
        return cached[2]
    surf = cached[2] if cached is not None and cached[2].get_size() == ax.rect.size else None
    if surf is None:
        surf = pygame.Surface(ax.rect.size)
        surf.set_colorkey((0, 0, 0))       # no path colour is black, even dimmed
    surf.fill((0, 0, 0))
    local = Axes(pygame.Rect((0, 0), ax.rect.size), view.xlim, view.ylim)
    paths = local.polylines([l.fwd.xy for l in done] + [l.bwd.xy if l.bwd is not None else np.zeros((0, 2))
                                                        for l in done])
    for i, col in enumerate(cols):
        fwd, bwd = paths[i], paths[len(done) + i]
        if len(fwd) > 1:
            pygame.draw.lines(surf, col, False, fwd, 2)
        if len(bwd) > 1:
            dashed_polyline(surf, col, bwd, 1, s(6))
    view._traj_overlay = (key, parts, surf)
    return surf


def draw_equilibria(view, layer, ax) -> None:
    """Markers (filled when stable) first, then type labels that avoid markers and each other."""
    s, f, t = view.scene.s, view.ctx.fonts, view.ctx.text
    eqs = view.analysis.equilibria
    taken: list[pygame.Rect] = []
    for e in eqs:
        p = ax.point(*e.point)
        pygame.draw.circle(layer, theme.BG, p, s(8))
        pygame.draw.circle(layer, kind_colour(e.kind), p, s(6), 0 if e.stable else max(2, s(2)))
        taken.append(pygame.Rect(p[0] - s(8), p[1] - s(8), s(16), s(16)))
    if not view.controls.show_type:
        return
    for e in eqs:
        p = ax.point(*e.point)
        colour = kind_colour(e.kind)
        img = f.render(t(f"nonlinear.short.{e.kind}"), theme.SMALL_FONT - 1, colour, bold=True)
        candidates = []
        for dy in (0, 1, -1, 2, -2, 3):
            for side in (1, -1):
                r = img.get_rect(bottomleft=(p[0] + s(10), p[1] - s(4))) if side > 0 else \
                    img.get_rect(bottomright=(p[0] - s(10), p[1] - s(4)))
                r.y += dy * (r.height + s(2))
                candidates.append(r)
        inside = [r for r in candidates if ax.rect.contains(r)] or candidates
        r = next((r for r in inside if not any(r.colliderect(o) for o in taken)), inside[0])
        taken.append(r)
        bg = pygame.Surface(r.inflate(s(6), s(2)).size, pygame.SRCALPHA)
        bg.fill((*theme.BG, 190))
        layer.blit(bg, r.inflate(s(6), s(2)).topleft)
        layer.blit(img, r)


def draw_goal(view, layer, ax) -> None:
    goal = view.goal
    s, f, t = view.scene.s, view.ctx.fonts, view.ctx.text
    if goal is None:
        return
    (x0, x1), (y0, y1) = view.home
    if goal.type == "equilibria_visited":
        starts = [l.start for l in view.launches]
        for e in view.home_equilibria():
            rx = goal.radius * (x1 - x0) * ax.rect.width / (view.xlim[1] - view.xlim[0])
            ry = goal.radius * (y1 - y0) * ax.rect.height / (view.ylim[1] - view.ylim[0])
            cx, cy = ax.point(*e.point)
            hit = any(goals.window_distance(st, e.point, view.home_bounds()) <= goal.radius for st in starts)
            box = pygame.Rect(0, 0, max(4, int(2 * rx)), max(4, int(2 * ry)))
            box.center = (cx, cy)
            if hit:
                pygame.draw.ellipse(layer, theme.GOOD, box, 2)
            else:
                pts = [(cx + rx * math.cos(a), cy + ry * math.sin(a)) for a in np.linspace(0, 2 * math.pi, 49)]
                dashed_polyline(layer, theme.STAR, pts, 2, s(5))
    if goal.type == "kick_threshold":
        r = view.rest()
        top, bottom = ax.rect.top, ax.rect.bottom
        fx = ax.point(goal.fire_x, 0)[0]
        dashed_polyline(layer, theme.BAD, [(fx, top), (fx, bottom)], 1, s(6))
        vx, _ = model.variable_names(view.system)
        img = f.render(t("nonlinear.fire_line", x=vx, v=f"{goal.fire_x:g}"), theme.SMALL_FONT - 1, theme.BAD)
        # below the curves' legend in the corner (see nullcline_legend), however many rows it has
        rows = (2 if view.controls.show_nullclines else 0) + (1 if view.manifold is not None else 0)
        pos = (fx + s(4), top + s(12) + (rows * s(20) + s(8) if rows else 0))
        bg = pygame.Surface(img.get_rect().inflate(s(4), 0).size, pygame.SRCALPHA)
        bg.fill((*theme.BG, 190))                  # grid lines must not strike the label through
        layer.blit(bg, (pos[0] - s(2), pos[1]))
        layer.blit(img, pos)
        if r is not None:
            k = float(view.values.get("kick", 0.0))
            a = ax.point(*r.point)
            b = ax.point(r.point[0] + k, r.point[1])
            pygame.draw.line(layer, theme.STAR, a, b, max(2, s(2)))
            d = 1 if b[0] >= a[0] else -1
            pygame.draw.polygon(layer, theme.STAR, [b, (b[0] - d * s(8), b[1] - s(5)), (b[0] - d * s(8), b[1] + s(5))])


def nullcline_legend(view, layer, ax) -> None:
    """The curves' legend in the plane's corner: nullclines, and the threshold manifold when drawn."""
    s, f, t = view.scene.s, view.ctx.fonts, view.ctx.text
    vx, vy = model.variable_names(view.system)
    rows = []
    if view.controls.show_nullclines:
        rows += [(NULL_X, t("nonlinear.legend.null", v=vx)), (NULL_Y, t("nonlinear.legend.null", v=vy))]
    if view.manifold is not None:
        rows.append((MANIFOLD, t("nonlinear.legend.manifold")))
    imgs = [f.render(text, theme.SMALL_FONT - 1, theme.TEXT) for _, text in rows]
    w = max(i.get_width() for i in imgs) + s(40)
    h = len(rows) * s(20) + s(8)
    box = pygame.Rect(ax.rect.right - w - s(6), ax.rect.y + s(6), w, h)
    bg = pygame.Surface(box.size, pygame.SRCALPHA)
    bg.fill((*theme.PANEL, 215))
    layer.blit(bg, box.topleft)
    pygame.draw.rect(layer, theme.GRID, box, 1)
    y = box.y + s(4)
    for (colour, _), img in zip(rows, imgs):
        cy = y + s(10)
        pygame.draw.line(layer, colour, (box.x + s(8), cy), (box.x + s(30), cy), max(2, s(2)))
        layer.blit(img, (box.x + s(36), y + s(2)))
        y += s(20)


def base_surface(view, region, ax, keep_lagging: bool = False) -> pygame.Surface:
    """The frame with the direction field drawn in: the layer's background.

    Cached per field, view, size and frame; while a slider moves the field
    may lag up to `FIELD_LAG_S` (its streaks barely change per step), so an
    ordinary drag frame only blits this surface. ``keep_lagging`` (a frame
    that rebuilds the layer mid-drag) lets it lag up to twice as long: the
    next frame, which only blits the layer, redraws it (see `plane_layer`),
    so no frame does both.
    """
    frame = frame_surface(view, region, ax)
    key = (view.field_key(), view.xlim, view.ylim, ax.rect.size)
    old_key = getattr(view, "_field_surf_key", None)
    base = getattr(view, "_field_surf", None)
    fresh = base is not None and getattr(view, "_field_frame", None) is frame
    if fresh and old_key == key:
        return base
    lag = FIELD_LAG_S * (2 if keep_lagging else 1)       # bounded even if every frame rebuilds
    if (fresh and old_key is not None and old_key[1:] == key[1:] and view.drafting()
            and view.clock - getattr(view, "_field_surf_at", -1e9) < lag):
        return base
    view._field_surf_at = view.clock
    if base is None or base.get_size() != region.size:
        base = pygame.Surface(region.size)
    base.blit(frame, (0, 0))
    draw_field(view, base.subsurface(ax.rect))
    view._field_surf, view._field_surf_key, view._field_frame = base, key, frame
    return base


def draw_field(view, surf: pygame.Surface) -> None:
    """Direction-field streaks, normalised on screen, onto the plane's area ``surf``."""
    w, h = surf.get_size()
    X, Y, U, V = planar.direction_field(view.field(), view.xlim, view.ylim, FIELD_N)
    sx = w / (view.xlim[1] - view.xlim[0])
    sy = h / (view.ylim[1] - view.ylim[0])
    Up, Vp = U * sx, -V * sy
    speed = np.hypot(Up, Vp)
    px = (X - view.xlim[0]) * sx
    py = h - (Y - view.ylim[0]) * sy
    cell = w / FIELD_N
    ok = speed > 0
    with np.errstate(invalid="ignore", divide="ignore"):
        ux = np.where(ok, Up / np.where(ok, speed, 1.0), 0.0)
        uy = np.where(ok, Vp / np.where(ok, speed, 1.0), 0.0)
    L = cell * 0.36
    positive = speed[ok]
    if positive.size:
        med = float(np.median(positive))
        level = np.log1p(speed / med) / math.log1p(float(positive.max()) / med)
    else:
        level = np.zeros_like(speed)
    keep = ok.ravel()
    if not keep.any():
        return
    lv = np.clip(level.ravel()[keep], 0, 1)
    colour = np.stack([78 + 72 * lv, 86 + 76 * lv, 108 + 80 * lv], axis=1).astype(np.uint8)
    draw_arrows(surf, px.ravel()[keep], py.ravel()[keep], ux.ravel()[keep], uy.ravel()[keep], L, colour)


# ----------------------------------------------------------------- column
def fmt(v: float, span: float, digits: int = 3) -> str:
    """A coordinate with ``digits`` significant digits; round-off far below the window is 0."""
    if abs(v) < 1e-9 * abs(span):
        return "0"
    return f"{v:.{digits}g}"


def _eig_text(e) -> str:
    lam = e.eigenvalues
    if abs(lam[0].imag) > 1e-12 * max(1.0, abs(lam[0].real)):
        return f"{lam[0].real:.3g} ± {abs(lam[0].imag):.3g}i"
    a, b = sorted(lam.real)
    return f"{a:.3g}, {b:.3g}"


def draw_info(view, surface) -> None:
    s, f, t = view.scene.s, view.ctx.fonts, view.ctx.text
    x, y, w = view.col.x, view.info_top, view.col.width
    small = f.get(theme.SMALL_FONT)
    if view.quiz:
        title = t("nonlinear.quiz.which", i=view.quiz_index + 1, n=len(view.quiz))
        surface.blit(f.render(title, theme.BASE_FONT + 2, theme.STAR, bold=True), (x, y))
        lines = [f"dx/dt = {view.eq_texts['dx']}", f"dy/dt = {view.eq_texts['dy']}"]
        if view.eq_texts.get("params"):
            lines.append(view.eq_texts["params"])
        for k, line in enumerate(lines):
            surface.blit(f.render(ellipsize(line, small, w), theme.SMALL_FONT, theme.TEXT if k < 2 else theme.TEXT_DIM),
                         (x, y + s(26) + k * s(19)))
        return
    name = t(f"nonlinear.system.{view.system}")
    surface.blit(f.render(ellipsize(name, f.get(theme.BASE_FONT + 2, bold=True), w), theme.BASE_FONT + 2,
                          theme.TEXT, bold=True), (x, y))
    if view.system == model.CUSTOM:
        eq = f"dx/dt = {view.compiled.dx_expr},   dy/dt = {view.compiled.dy_expr}"
    else:
        eq = t(f"nonlinear.eq.{view.system}")
    surface.blit(f.render(ellipsize(eq, small, w), theme.SMALL_FONT, theme.TEXT_DIM), (x, y + s(24)))
    y += s(44)
    eqs = view.analysis.equilibria
    vx, vy = model.variable_names(view.system)
    head = t("nonlinear.info.equilibria", n=len(eqs)) if eqs else t("nonlinear.info.none")
    surface.blit(f.render(head, theme.SMALL_FONT, theme.TEXT), (x, y))
    y += s(19)
    for e in eqs[:view.eq_rows]:
        colour = kind_colour(e.kind)
        pygame.draw.circle(surface, colour, (x + s(6), y + s(9)), s(5), 0 if e.stable else 2)
        kind = t(f"phaseplane.kind.{e.kind}") if view.controls.show_type else "?"
        (x0, x1), (y0, y1) = view.home
        pt = f"({vx}, {vy}) = ({fmt(e.point[0], x1 - x0, 4)}, {fmt(e.point[1], y1 - y0, 3)})"
        line = f"{kind}   {pt}"
        if view.controls.show_type:
            line += f"   λ = {_eig_text(e)}"
        surface.blit(f.render(ellipsize(line, small, w - s(18)), theme.SMALL_FONT, colour), (x + s(16), y))
        y += s(19)
    if len(eqs) > view.eq_rows:
        surface.blit(f.render(t("nonlinear.info.more", n=len(eqs) - view.eq_rows), theme.SMALL_FONT - 1,
                              theme.TEXT_DIM), (x + s(16), y))
    y = view.info_top + s(44) + (view.eq_rows + 1) * s(19)
    line, colour = status_line(view)
    if line:
        surface.blit(f.render(ellipsize(line, small, w), theme.SMALL_FONT, colour), (x, y))


def status_line(view) -> tuple[str, tuple]:
    """The measured cycle, locked answers, the kick size or the launches' outcomes, one line."""
    t = view.ctx.text
    goal = view.goal
    if goal is not None and goal.type == "equilibria_visited":
        n = int(view.score() or 0)
        return t("nonlinear.visited", n=n, of=len(view.home_equilibria())), theme.STAR
    if goal is not None and goal.type == "bistable_boundary":
        outs = [l.outcome for l in view.launches]
        gap = view.score()
        line = t("nonlinear.outcomes", rest=outs.count(goals.REST), cycle=outs.count(goals.CYCLE))
        if gap is not None and math.isfinite(gap):
            line += "   " + t("nonlinear.gap", v=f"{gap:.3g}")
        return line, theme.STAR
    if goal is not None and goal.type == "bifurcation_current":
        if not view.answers:
            return t("nonlinear.lock_hint", n=goal.max_answers), theme.TEXT_DIM
        left = goal.max_answers - len(view.answers)
        shown = ", ".join(f"{a:g}" for a in view.answers)
        return t("nonlinear.locked_list", v=shown, n=left), theme.STAR
    if goal is not None and goal.type == "kick_threshold":
        k = float(view.values.get("kick", 0.0))
        return t("nonlinear.kick_size", v=f"{k:.3g}"), theme.STAR
    if view._measure_job is not None or view._measure_due is not None:
        return t("nonlinear.measuring"), theme.TEXT_DIM
    m = view.measurement
    if m is None:
        return "", theme.TEXT
    if m.cycle is None:
        return (t("nonlinear.cycle.rest") if m.at_rest else t("nonlinear.cycle.none")), theme.TEXT_DIM
    c = m.cycle
    unit = "ms" if model.is_ml(view.system) else ""
    freq = f"{1000.0 / c.period:.3g} Hz" if model.is_ml(view.system) else f"{1.0 / c.period:.3g}"
    vx, _ = model.variable_names(view.system)
    return t("nonlinear.cycle.found", T=f"{c.period:.4g} {unit}".strip(), f=freq, v=vx,
             lo=f"{c.x_min:.3g}", hi=f"{c.x_max:.3g}"), CYCLE


def draw_jacobian(view, surface) -> None:
    s, f, t = view.scene.s, view.ctx.fonts, view.ctx.text
    r = view.mid
    truth = view.quiz_truths[view.quiz_index]
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
    if view.revealed:
        p, q = float(np.trace(J)), float(np.linalg.det(J))
        d = p * p - 4 * q
        line = f"p = {p:.3g}   q = {q:.3g}   Δ = {d:.3g}   →   " + t(f"phaseplane.kind.{truth.kind}")
        surface.blit(f.render(ellipsize(line, f.get(theme.SMALL_FONT), r.width), theme.SMALL_FONT,
                              kind_colour(truth.kind)), (r.x, top + h + s(10)))


def draw_legend(view, surface) -> None:
    """What each mark means, under the buttons; drawn once per change and blitted."""
    s, f, t = view.scene.s, view.ctx.fonts, view.ctx.text
    rows = [("solid", TRAJ, "phaseplane.legend.forward"), ("dash", TRAJ, "phaseplane.legend.backward"),
            ("filled", theme.GOOD, "nonlinear.legend.stable"), ("ring", theme.BAD, "nonlinear.legend.unstable")]
    if view.measurement is not None and view.measurement.cycle is not None:
        rows.append(("solid", CYCLE, "nonlinear.legend.cycle"))
    lh = s(21)
    y = view.legend_top
    cols = 2 if view.col.width >= s(460) else 1
    per = math.ceil(len(rows) / cols)
    if y + lh * per > view.col.bottom:
        return
    box = pygame.Rect(view.col.x, y, view.col.width, lh * per + s(6))    # room for descenders
    key = (len(rows), tuple(box), t.lang, s(100))
    cached = getattr(view, "_legend", None)
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
        cached = view._legend = (key, img)
    surface.blit(cached[1], box.topleft)

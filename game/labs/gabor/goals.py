"""Scoring of the gabor lab: the measures, one scorer per goal type, and how each score reads.

The measures are pure functions: each takes response maps (2-D arrays in
image pixels) or filter parameters (px, radians) and returns one number,
tested directly at and around the thresholds. Percent scores (0-100):
:func:`edge_share`, :func:`matched_fraction`, :func:`region_contrast`,
:func:`steadiness`, :func:`bank_accuracy`; :func:`correlation` lies in
[-1, 1]; :func:`tuning_width` is in degrees.

The scorers (``score_*``) read a :class:`~game.labs.gabor.model.GaborModel`
and return one number, or None before there is anything to score (e.g. while
the hypercolumn is being computed); what a goal needs once per picture (edge
bands, texture regions, the hidden filter's map) is made by its entry in
:data:`PREPARE`. :data:`GOALS` maps each goal type to its level-file schema,
scorer, unit and HUD readout; ``game.core.scoring`` turns the number into
stars. No pygame here.
"""

from __future__ import annotations

import math
from typing import Any, Callable

import numpy as np
from scipy import ndimage

from game.core.lab import GoalKind
from game.labs.gabor import schema
from game.labs.gabor.cells import N_ORIENT, envelope_sum, make_filter, response_view
from game.sim import gabor, images

#: Score of an impossible attempt on a "lower is better" goal (degrees).
UNTUNED_DEG = 180.0


def edge_share(response: np.ndarray, band: np.ndarray) -> float:
    """Percent of the total ``|response|`` that lies inside ``band``.

    Parameters
    ----------
    response : ndarray
        Response map (any sign).
    band : ndarray of bool
        Pixels near the edges that should light up (same shape).

    Returns
    -------
    float
        ``100 * sum(|R| on band) / sum(|R|)``; 0 for an all-zero response.
    """
    r = np.abs(np.nan_to_num(np.asarray(response, dtype=float)))
    total = float(r.sum())
    if not total > 0:
        return 0.0
    return 100.0 * float(r[np.asarray(band, bool)].sum()) / total


def matched_fraction(energy: np.ndarray, envelope_sum: float, region: float = 0.5) -> float:
    """Mean energy in the central region as a percent of a matched filter's.

    A quadrature kernel ``h = envelope * exp(-i 2 pi x' / wavelength)`` that
    exactly matches a unit-contrast grating answers with energy
    ``sum(envelope) / 2`` everywhere (the carrier cancels); a mismatched
    wavelength or orientation answers less. So this is 100 at a perfect
    match whatever the envelope.

    Parameters
    ----------
    energy : ndarray
        Energy map of the player's filter on a unit-contrast grating.
    envelope_sum : float
        ``sum(|quadrature kernel|)`` of the same (possibly cut) kernel.
    region : float
        Fraction of each side measured (centred), away from the border.

    Returns
    -------
    float
        Percent; 0 if ``envelope_sum`` is not positive.
    """
    if not (envelope_sum > 0 and math.isfinite(envelope_sum)):
        return 0.0
    sl = gabor.central_region(np.shape(energy), region)
    mean = float(np.nan_to_num(np.asarray(energy, dtype=float)[sl]).mean())
    return 100.0 * mean / (0.5 * envelope_sum)


def region_masks(mask: np.ndarray, exclude_px: int) -> tuple[np.ndarray, np.ndarray]:
    """Inside and outside of ``mask``, each shrunk by ``exclude_px`` px.

    Pixels within ``exclude_px`` of the region boundary or of the image
    border are left out of both, so a filter's blur across the boundary (or
    the padding at the border) does not count against it.
    """
    m = np.asarray(mask, bool)
    if exclude_px <= 0:
        return m.copy(), ~m
    k = int(exclude_px)
    inner = ndimage.binary_erosion(m, iterations=k, border_value=0)
    outer = ndimage.binary_erosion(~m, iterations=k, border_value=0)
    return inner, outer


def region_contrast(response: np.ndarray, inner: np.ndarray, outer: np.ndarray) -> float:
    """Contrast between the mean ``|response|`` of two regions, in percent.

    ``100 * |m_in - m_out| / (m_in + m_out)``: 0 when both regions answer
    alike, 100 when one of them is silent.
    """
    r = np.abs(np.nan_to_num(np.asarray(response, dtype=float)))
    inner = np.asarray(inner, bool)
    outer = np.asarray(outer, bool)
    if not inner.any() or not outer.any():
        return 0.0
    a, b = float(r[inner].mean()), float(r[outer].mean())
    if not a + b > 0:
        return 0.0
    return 100.0 * abs(a - b) / (a + b)


def correlation(a: np.ndarray, b: np.ndarray) -> float:
    """Pearson correlation of two maps of the same shape, in [-1, 1].

    A constant map correlates with nothing: 0.
    """
    x = np.nan_to_num(np.asarray(a, dtype=np.float64)).ravel()
    y = np.nan_to_num(np.asarray(b, dtype=np.float64)).ravel()
    if x.shape != y.shape or x.size < 2:
        return 0.0
    x = x - x.mean()
    y = y - y.mean()
    # elementwise sums, not a BLAS dot: with BLAS threads spinning next to the
    # FFT threads a 65536-element dot once cost 20 ms inside the game loop
    den = math.sqrt(float(np.multiply(x, x).sum()) * float(np.multiply(y, y).sum()))
    if not den > 0:
        return 0.0
    return float(np.clip(float(np.multiply(x, y).sum()) / den, -1.0, 1.0))


def drift_outputs(qa: np.ndarray, qb: np.ndarray, response: str, psi1: float, psi2: float,
                  n_phase: int = 16) -> np.ndarray:
    """Outputs of a cell while a grating drifts through half a period.

    The grating at drift phase ``phi`` is ``cos(phi) g0 + sin(phi) g90``
    (``g0``, ``g90``: the grating at phase 0 and 90 degrees), so by
    linearity the complex (even + i odd) response is
    ``cos(phi) qa + sin(phi) qb``.

    Parameters
    ----------
    qa, qb : ndarray (complex)
        Quadrature responses to ``g0`` and ``g90``.
    response : {"even", "odd", "energy", "pair"}
        ``even``: ``|R_psi1|`` (a rectified simple cell); ``odd``:
        ``|R_(psi1 + 90 deg)|``; ``energy``: the ideal complex cell;
        ``pair``: ``sqrt(R_psi1^2 + R_psi2^2)``, a complex cell built from
        two simple cells with phases ``psi1`` and ``psi2`` (radians).
    n_phase : int
        Drift phases sampled over [0, pi) (every output has period pi).

    Returns
    -------
    ndarray
        Shape ``(n_phase,) + qa.shape``, non-negative.
    """
    phis = np.arange(n_phase) * math.pi / n_phase
    out = np.empty((n_phase,) + np.shape(qa))
    for i, phi in enumerate(phis):
        q = math.cos(phi) * qa + math.sin(phi) * qb
        if response == "energy":
            out[i] = np.abs(q)
            continue
        r1 = math.cos(psi1) * q.real + math.sin(psi1) * q.imag
        if response == "even":
            out[i] = np.abs(r1)
        elif response == "odd":
            out[i] = np.abs(math.cos(psi1) * q.imag - math.sin(psi1) * q.real)
        else:
            r2 = math.cos(psi2) * q.real + math.sin(psi2) * q.imag
            out[i] = np.sqrt(r1 * r1 + r2 * r2)
    return out


def steadiness(outputs: np.ndarray, region: float = 0.5) -> float:
    """How steady a cell's output stays over drift phase, in percent.

    Per pixel of the central region, ``min / max`` of the output over the
    sampled phases, averaged; pixels that never respond are left out. A
    simple cell (its output passes through zero) scores 0, an ideal
    complex cell (energy) about 100.

    Parameters
    ----------
    outputs : ndarray
        ``(n_phase, H, W)`` non-negative outputs, see :func:`drift_outputs`.
    region : float
        Fraction of each side measured (centred).
    """
    o = np.abs(np.nan_to_num(np.asarray(outputs, dtype=float)))
    if o.ndim != 3 or o.shape[0] == 0:
        return 0.0
    sl = gabor.central_region(o.shape[1:], region)
    o = o[(slice(None),) + sl]
    hi = o.max(axis=0)
    peak = float(hi.max()) if hi.size else 0.0
    if not peak > 0:
        return 0.0
    live = hi > 1e-6 * peak
    return 100.0 * float((o.min(axis=0)[live] / hi[live]).mean())


def tuning_width(sigma: float, wavelength: float, gamma: float, size: int, resolution_deg: float = 0.5) -> float:
    """Orientation tuning FWHM in degrees of the (size-limited) kernel.

    The same quantity as :func:`game.sim.gabor.orientation_bandwidth` at
    θ = 0 (for the lab's ±3σ kernels θ barely matters; see
    :func:`game.sim.gabor.polar_tuning`): the
    magnitude of the quadrature kernel's spectrum at the preferred spatial
    frequency ``1 / wavelength`` as the grating's direction turns away by
    ``d``, and twice the ``d`` where it falls to half (linear interpolation
    between samples). It is computed here at a coarser angle step (0.5°,
    interpolated) so that scoring while a slider is dragged stays well under
    a millisecond; the test suite checks that both agree.

    Parameters
    ----------
    sigma, wavelength : float
        Envelope width and carrier period in px.
    gamma : float
        Aspect ratio.
    size : int
        Kernel side in px.
    resolution_deg : float
        Angle step of the search in degrees.

    Returns
    -------
    float
        FWHM in degrees; :data:`UNTUNED_DEG` if the response never halves
        or the input is not usable.
    """
    try:
        h = gabor.quadrature_kernel(sigma, 0.0, wavelength, gamma, size=int(size))
    except ValueError:
        return UNTUNED_DEG
    d = np.deg2rad(np.arange(0.0, 90.0 + resolution_deg, resolution_deg))
    mag = gabor.matched_spectrum(h, d, wavelength)
    half = mag[0] / 2.0
    below = np.flatnonzero(mag <= half)
    if not np.isfinite(half) or below.size == 0 or below[0] == 0:
        return UNTUNED_DEG
    i = int(below[0])
    t = (mag[i - 1] - half) / (mag[i - 1] - mag[i])
    return float(2.0 * np.rad2deg(d[i - 1] + t * (d[i] - d[i - 1])))


def orientation_index(theta: float, n_orient: int = 8) -> int:
    """Index of the bank orientation ``k pi / n`` nearest to ``theta`` (radians)."""
    step = math.pi / n_orient
    return int(round((theta % math.pi) / step)) % n_orient


def bank_accuracy(winner: np.ndarray, truth: np.ndarray, valid: np.ndarray) -> float:
    """Percent of the ``valid`` pixels whose winning orientation index is ``truth``."""
    valid = np.asarray(valid, bool)
    if not valid.any():
        return 0.0
    return 100.0 * float((np.asarray(winner)[valid] == np.asarray(truth)[valid]).mean())


def fwhm_from_curve(curve: np.ndarray) -> float:
    """Full width at half maximum (degrees) of a period-pi curve sampled on [0, pi).

    The curve's maximum is at index 0 (the preferred direction); returns 180
    when it never falls to half.

    >>> fwhm_from_curve(np.cos(np.arange(180) * np.pi / 180) ** 2)
    90.0
    """
    c = np.asarray(curve, dtype=float)
    n = len(c)
    if n < 2 or not c[0] > 0:
        return UNTUNED_DEG
    half = c[0] / 2
    below = np.flatnonzero(c[: n // 2 + 1] <= half)
    if below.size == 0:
        return UNTUNED_DEG
    i = int(below[0])
    t = (c[i - 1] - half) / (c[i - 1] - c[i]) if c[i - 1] != c[i] else 0.0
    return 2.0 * (i - 1 + t) * 180.0 / n


# ------------------------------------------------------------------ once per picture
# What a goal type needs from the picture (masks, the hidden filter's map), made when
# the level opens and whenever the picker shows another picture.

def _edge_band(model, goal) -> dict:
    vert, hori = images.edge_masks(model.picture.image.shape, goal.band_px)
    return {"band": vert if goal.edges == "vertical" else hori}


def _regions(model, goal) -> dict:
    mask = model.picture.mask
    if mask is None:
        return {}
    inner, outer = region_masks(mask, goal.exclude_px)
    return {"inner": inner, "outer": outer, "region": mask}


def _regions_and_truth(model, goal) -> dict:
    out = _regions(model, goal)
    src = model.picture.source
    if out and src is not None:
        t1 = orientation_index(math.radians(src.theta1_deg), N_ORIENT)
        t2 = orientation_index(math.radians(src.theta2_deg), N_ORIENT)
        out["truth"] = np.where(out["region"], t2, t1)
        out["valid"] = out["inner"] | out["outer"]
    return out


def _hidden_map(model, goal) -> dict:
    t = goal.target
    f = make_filter({"theta_deg": t.theta_deg, "wavelength": t.wavelength, "sigma": t.sigma,
                     "phase_deg": t.phase_deg, "gamma": t.gamma}, model.fixed)
    return {"target": np.array(response_view(model.engine.quadrature(f), f, goal.response), dtype=np.float32)}


#: Goal type -> ``prepare(model, goal) -> dict`` of what it needs from the picture.
PREPARE: dict[str, Callable[[Any, Any], dict]] = {
    "edge_share": _edge_band, "segment_contrast": _regions, "bank_accuracy": _regions_and_truth,
    "match_filter": _hidden_map,
}


# ------------------------------------------------------------------ scorers

def scored_picture(model, goal) -> bool:
    """Is the picture on screen the one ``goal`` is scored on? (Goals tied to a source score only on it.)"""
    need = schema.GOAL_SOURCE.get(goal.type)
    pic = model.picture
    return need is None or (model.choice == pic.name and pic.source is not None and pic.error is None
                            and pic.source.name in need)


def score_edge_share(model, goal) -> float | None:
    return edge_share(response_view(model.q, model.filter, goal.response), model.goal_data["band"])


def score_wavelength_match(model, goal) -> float | None:
    return matched_fraction(np.abs(model.q), envelope_sum(model.filter), goal.region)


def score_segment_contrast(model, goal) -> float | None:
    d = model.goal_data
    return region_contrast(response_view(model.q, model.filter, goal.response), d["inner"], d["outer"])


def score_match_filter(model, goal) -> float | None:
    return correlation(response_view(model.q, model.filter, goal.response), model.goal_data["target"])


def score_steady_response(model, goal) -> float | None:
    if model.qb is None:
        return None
    f = model.filter
    sl = gabor.central_region(model.q.shape, goal.region)
    # a drifting grating is the same everywhere: every 2nd pixel of the centre suffices
    qa, qb = model.q[sl][::2, ::2], model.qb[sl][::2, ::2]
    return steadiness(drift_outputs(qa, qb, goal.response, f.phase, f.phase2), region=1.0)


def score_narrow_tuning(model, goal) -> float | None:
    f = model.filter
    return tuning_width(f.sigma, f.wavelength, f.gamma, f.size)


def score_bank_accuracy(model, goal) -> float | None:
    """None while the hypercolumn for the current σ, λ, γ is being computed."""
    if not model.bank_valid():
        return None
    d = model.goal_data
    return bank_accuracy(model.bank.winner, d["truth"], d["valid"])


def _on_its_picture(score: Callable[[Any, Any], float | None]) -> Callable[[Any, Any], float | None]:
    """``score`` on the goal's picture; None (no attempt) on any other."""
    def scorer(model, goal):
        return score(model, goal) if scored_picture(model, goal) else None
    scorer.__name__ = scorer.__qualname__ = score.__name__
    scorer.__doc__ = score.__doc__
    return scorer


# ------------------------------------------------------------------ readouts
# What the HUD line shows beside the score (game.core.readout). Cheap: they run every frame.

def readout_bank_accuracy(model, goal, score) -> dict:
    """While the hypercolumn is being computed, say so instead of showing no number."""
    if score is None and scored_picture(model, goal) and not model.bank_valid():
        return {"variant": "pending"}
    return {}


#: Goal type -> level-file schema, scorer, unit and HUD readout. Percentages read "75.3%",
#: the correlation as a bare number in [-1, 1], the tuning width in degrees.
GOALS = {
    "edge_share": GoalKind(schema.EdgeShare, _on_its_picture(score_edge_share), unit="%"),
    "wavelength_match": GoalKind(schema.WavelengthMatch, _on_its_picture(score_wavelength_match), unit="%"),
    "segment_contrast": GoalKind(schema.SegmentContrast, _on_its_picture(score_segment_contrast), unit="%"),
    "match_filter": GoalKind(schema.MatchFilter, _on_its_picture(score_match_filter), unit=""),
    "steady_response": GoalKind(schema.SteadyResponse, _on_its_picture(score_steady_response), unit="%"),
    "narrow_tuning": GoalKind(schema.NarrowTuning, _on_its_picture(score_narrow_tuning), unit="°"),
    "bank_accuracy": GoalKind(schema.BankAccuracy, _on_its_picture(score_bank_accuracy), unit="%",
                              readout=readout_bank_accuracy),
}

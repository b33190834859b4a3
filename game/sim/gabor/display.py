"""Response maps scaled for display: robust limits a few hot pixels cannot wash out."""

from __future__ import annotations

import math

import numpy as np


def normalise_for_display(resp, mode: str = "signed", percentile: float = 99.0) -> np.ndarray:
    """Scale a response robustly to [-1, 1] (signed) or [0, 1] (positive).

    ``"signed"`` divides by the ``percentile`` of ``|resp|`` so 0 stays 0 (for
    a diverging colour map). ``"positive"`` maps 0 (or, if the data has
    negatives, the ``100 - percentile`` point) to 0 and the ``percentile``
    point to 1. Values beyond are clipped, so a few hot pixels do not wash
    the picture out. NaN/inf are treated as 0 and a constant (or empty)
    input gives zeros, never NaN.

    Parameters
    ----------
    resp : array_like
        Response map.
    mode : {"signed", "positive"}
    percentile : float, optional
        Robust maximum, in (0, 100].

    Returns
    -------
    ndarray
        Float64 of ``resp``'s shape.
    """
    if mode not in ("signed", "positive"):
        raise ValueError(f'mode must be "signed" or "positive", got {mode!r}')
    r = np.asarray(resp, dtype=float)
    r = np.where(np.isfinite(r), r, 0.0)
    if r.size == 0:
        return r.copy()
    p = float(min(max(percentile, 1e-6), 100.0))
    if mode == "signed":
        hi = float(np.percentile(np.abs(r), p))
        if not hi > 0:
            hi = float(np.max(np.abs(r)))
        if not hi > 0 or not math.isfinite(hi):
            return np.zeros_like(r)
        with np.errstate(over="ignore", invalid="ignore"):
            out = r / hi
        return np.clip(np.nan_to_num(out, nan=0.0), -1.0, 1.0)
    lo = 0.0 if r.min() >= 0 else float(np.percentile(r, 100.0 - p))
    hi = float(np.percentile(r, p))
    if not hi > lo:
        hi = float(r.max())
    span = hi - lo
    if not span > 0 or not math.isfinite(span):
        return np.where(r > lo, 1.0, 0.0) if r.max() > lo else np.zeros_like(r)
    with np.errstate(over="ignore", invalid="ignore"):
        out = (r - lo) / span
    return np.clip(np.nan_to_num(out, nan=0.0), 0.0, 1.0)


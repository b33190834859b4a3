r"""Many independent Izhikevich neurons at once: the vectorised exact step, :func:`simulate_many`, the atlas.

The same exact scheme as :func:`game.sim.izhikevich.neuron.simulate` (same
numbers to rounding), with a Python loop over time and numpy arithmetic over
every neuron in each step: a 100 x 100 grid of neurons runs 1 s of model time
in about 2 s.  :func:`atlas` classifies the firing of every point of a grid
of two parameters; :func:`atlas_steps` is the same work as a generator that
yields between time steps, so a frame loop can compute it in time-budgeted
slices.

>>> pop = simulate_many([0.02, 0.1], 0.2, -65.0, 2.0, 10.0, 200.0)
>>> pop.shape, bool(pop.counts[1] > pop.counts[0])
((2,), True)
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from game.sim.izhikevich.firing import _classify_flat
from game.sim.izhikevich.neuron import (_BIG_ANGLE, _K, _TINY, _W_PEAK, DEFAULT_DT_MS, I_MAX, STANDARD, U_MAX,
                                        V_MIN_MV, V_PEAK_MV, _check_dt, _check_eqs, _clamp_param_array, _grid,
                                        _input_on_grid)
from game.sim.izhikevich.presets import PRESETS

__all__ = ["Population", "Cancelled", "simulate_many", "ATLAS_DT_MS", "atlas", "atlas_steps"]


class Population(NamedTuple):
    """Result of :func:`simulate_many`.

    Attributes
    ----------
    spikes : list of ndarray
        Spike times (ms) of each neuron, in C order of ``shape``.
    counts : ndarray of int, shape ``shape``
        Number of spikes of each neuron.
    shape : tuple
        The broadcast shape of the parameters.
    notes : tuple of str
        Clamps and safety limits that changed any neuron.
    """

    spikes: list
    counts: np.ndarray
    shape: tuple
    notes: tuple


class Cancelled(Exception):
    """Raised by :func:`atlas` / :func:`simulate_many` when ``should_stop()`` is true."""


def _cross_time_vec(w0, q, h, W=_W_PEAK):
    """Vectorised :func:`_cross_time`; h a number or an array like w0."""
    hh = np.broadcast_to(np.asarray(h, dtype=float), w0.shape)
    s2 = q / _K
    s = np.maximum(np.sqrt(np.abs(s2)), _TINY)
    pos = q >= 0.0
    tau_p = np.arctan2(s * (W - w0), s2 + W * w0) / (_K * s)
    if pos.all():                  # the usual case at a spike: skip the tanh branch
        tau = np.minimum(np.maximum(tau_p, 0.0), hh)
        tau[w0 >= W] = 0.0
        return tau
    den = W * w0 + s2                       # W w0 - r^2 for q < 0
    ok = (~pos) & (w0 > s) & (den > 0.0)
    x = np.where(ok, s * (W - w0) / np.where(ok, den, 1.0), 0.0)
    ok &= x < 1.0
    tau_n = np.where(ok, np.arctanh(np.where(ok, x, 0.0)) / (_K * s), hh)
    tau = np.where(pos, tau_p, tau_n)
    np.clip(tau, 0.0, hh, out=tau)
    tau[w0 >= W] = 0.0
    return tau


_CF_DEPTH = 8            # Lambert's continued fraction: 4e-16 relative for |zeta| <= 1
_CF_LIMIT = 1.0
_BIG_ZETA = (0.5 * _BIG_ANGLE) ** 2


def _tan_ratio_vec(zeta):
    """G(zeta) = tan(x)/x with x = sqrt(zeta) (tanh(x)/x for zeta = -x^2 < 0).

    Lambert's continued fraction G = 1 / (1 - zeta / (3 - zeta / (5 - ...)))
    covers both signs without branches or masked transcendental calls, which
    cost more than the whole rest of a vectorised step; the rare
    |zeta| > 1 (extreme drive) falls back to tan / tanh.
    """
    t = (2.0 * _CF_DEPTH - 1.0) - zeta / (2.0 * _CF_DEPTH + 1.0)
    tmp = np.empty_like(t)
    for k in range(_CF_DEPTH - 2, -1, -1):
        np.divide(zeta, t, out=tmp)
        np.subtract(2.0 * k + 1.0, tmp, out=t)
    np.divide(1.0, t, out=t)
    far = np.abs(zeta) > _CF_LIMIT
    if far.any():
        zf = zeta[far]
        x = np.sqrt(np.abs(zf))
        t[far] = np.where(zf > 0.0, np.tan(x), np.tanh(x)) / x
    return t


def _half_angle_vec(q, h):
    """Vectorised :func:`_half_angle`: (Sp, Cp, D, big) with big = blow-up test needed."""
    zeta = q * (0.25 * _K * h * h)
    G = _tan_ratio_vec(zeta)
    T2 = G * G
    T2 *= zeta
    Sp = G * h
    Cp = 1.0 - T2
    T2 += 1.0
    return Sp, Cp, T2, zeta > _BIG_ZETA


def _u_step_vec(a, b, leak, h):
    """Vectorised :func:`_u_step`."""
    x = a * leak * h
    small = x == 0.0
    phi = np.where(small, 1.0, -np.expm1(-x) / np.where(small, 1.0, x))
    return np.exp(-x), a * b * h * phi


def _substep_vec(v, u, I, h, a, b, eqs=STANDARD):
    """Vectorised :func:`_substep`: returns (v_new, u_new, fired)."""
    P, W = eqs.p, eqs.w_peak
    w0 = v + P
    e2, g2 = _u_step_vec(a, b, eqs.leak, 0.5 * h)
    q = I - np.clip(u * e2 + g2 * (v - eqs.v_u), -U_MAX, U_MAX) + eqs.q0
    Sp, Cp, D, big = _half_angle_vec(q, h)
    y = Cp - _K * w0 * Sp
    num = q * Sp + w0 * Cp
    fired = (w0 >= W) | (y <= 0.0) | (num >= W * y)
    if big.any():
        hb = h[big] if np.ndim(h) else h
        fired[big] |= _cross_time_vec(w0[big], q[big], 2.0 * hb, W) <= hb
    ok = ~fired
    ys = np.where(ok, y, 1.0)
    e, g = _u_step_vec(a, b, eqs.leak, h)
    v_new = np.where(ok, num / ys - P, v)
    u_new = np.where(ok, u * e - g * (np.log(ys / D) / (_K * h) + P + eqs.v_u), u)
    return v_new, u_new, fired


def _spike_step_vec(v, u, I, h, a, b, c, d, eqs=STANDARD):
    """Vectorised :func:`_spike_step` for the neurons that fire in this step."""
    P, W, Q0, vu = eqs.p, eqs.w_peak, eqs.q0, eqs.v_u
    w0 = v + P
    dv = v - vu
    e2, g2 = _u_step_vec(a, b, eqs.leak, 0.5 * h)
    tau = _cross_time_vec(w0, I - np.clip(u * e2 + g2 * dv, -U_MAX, U_MAX) + Q0, h, W)
    e2, g2 = _u_step_vec(a, b, eqs.leak, 0.5 * tau)
    q = I - np.clip(u * e2 + g2 * dv, -U_MAX, U_MAX) + Q0
    tau = _cross_time_vec(w0, q, h, W)
    Sp, Cp, D, _ = _half_angle_vec(q, tau)
    y = (Cp - _K * w0 * Sp) / D
    okp = (tau > 0.0) & (y > 0.0)
    e, g = _u_step_vec(a, b, eqs.leak, tau)
    vbar = np.where(okp, -np.log(np.where(okp, y, 1.0)) / (_K * np.where(okp, tau, 1.0)) - P, v)
    u_peak = np.where(tau > 0.0, u * e + g * (vbar - vu), u)
    np.clip(u_peak, -U_MAX, U_MAX, out=u_peak)
    u_new = np.clip(u_peak + d, -U_MAX, U_MAX)
    hr = h - tau
    v_new, u_new, fr = _substep_vec(np.array(c, dtype=float), u_new, I, np.maximum(hr, _TINY),
                                    a, b, eqs)
    fr &= hr > 0.0
    if fr.any():
        er, gr = _u_step_vec(a, b, eqs.leak, hr)
        u_new = np.where(fr, u_new * er + gr * (c - vu), u_new)
        v_new = np.where(fr, V_PEAK_MV, v_new)
    np.clip(u_new, -U_MAX, U_MAX, out=u_new)
    return tau, u_peak, v_new, u_new, fr


def simulate_many(a, b, c, d, I, t_ms, dt_ms=DEFAULT_DT_MS, v0=-65.0, u0=None,
                  progress=None, should_stop=None, eqs=STANDARD) -> Population:
    """Simulate many independent neurons at once (numpy over neurons).

    Same scheme and numbers as :func:`simulate` (to rounding), with a Python
    loop over time and array arithmetic over all neurons in each step.

    Parameters
    ----------
    a, b, c, d : float or array_like
        Parameters as in :func:`simulate`; broadcast together (and with ``I``,
        ``v0``, ``u0`` when those are arrays).
    I : float, array_like or callable
        Either constant in time per neuron (a number or an array broadcasting
        with the parameters), or a callable ``I(t_ms)`` shared by all neurons.
    t_ms : float
        Duration (ms).
    dt_ms : float, optional
        Step (ms), as in :func:`simulate`.
    v0 : float or array_like, optional
        Initial v (mV).
    u0 : float or array_like, optional
        Initial u; default ``b * v0``.
    progress : callable, optional
        Called as ``progress(fraction)`` about 50 times during the run.
    should_stop : callable, optional
        Checked alongside ``progress``; when it returns true the run raises
        :class:`Cancelled` (for a background thread whose job went stale).
    eqs : Equations, optional
        The equations' coefficients, shared by all neurons.

    Returns
    -------
    Population
        Spike times per neuron (C order), counts shaped like the parameters.
    """
    n, _ = _check_dt(t_ms, dt_ms)
    flat = _drive(_many_steps(a, b, c, d, I, t_ms, dt_ms, v0, u0, eqs), n, progress, should_stop)
    N = flat.counts.size
    if flat.times.size:
        spikes = np.split(flat.times, np.cumsum(flat.counts)[:-1])
    else:
        spikes = [np.zeros(0) for _ in range(N)]
    return Population(spikes, flat.counts.reshape(flat.shape), flat.shape, flat.notes)


class _Flat(NamedTuple):
    """Spikes of many neurons in one array: ``times`` grouped by neuron (C order), each
    group in time order, ``counts`` per neuron (flat), the parameters' ``shape``, notes."""

    times: np.ndarray
    counts: np.ndarray
    shape: tuple
    notes: tuple


def _drive(steps, n, progress=None, should_stop=None):
    """Run a step generator to its end; ``n`` is the number of time steps of a run.

    Every ``n // 50``-th yield ``should_stop`` is checked (raising :class:`Cancelled`)
    and ``progress`` is told the yielded fraction; at the end ``progress(1.0)``.
    """
    every = max(1, n // 50)
    k = 0
    while True:
        try:
            f = next(steps)
        except StopIteration as done:
            if progress is not None:
                progress(1.0)
            return done.value
        if k % every == 0:
            if should_stop is not None and should_stop():
                steps.close()
                raise Cancelled("simulation stopped by should_stop()")
            if progress is not None:
                progress(f)
        k += 1


#: Spikes handled between two yields when the spikes of many neurons are sorted or
#: classified (a few ms of numpy work on 100k spikes).
_SPIKES_PER_SLICE = 100_000


def _neuron_blocks(counts, per_slice=_SPIKES_PER_SLICE):
    """Boundaries ``[0, ..., N]`` of consecutive neuron ranges holding ~``per_slice`` spikes each."""
    cum = np.cumsum(counts)
    total = int(cum[-1]) if cum.size else 0
    cuts = np.searchsorted(cum, np.arange(per_slice, total, per_slice), side="right")
    return np.unique(np.concatenate([[0], cuts, [counts.size]])).tolist()


def _group_by_neuron(idx, ts, counts):
    """Spike times ``ts`` of neurons ``idx`` (in time order) regrouped by neuron, each group
    still in time order; a generator that yields between slices of ~100k spikes."""
    edges = _neuron_blocks(counts)
    small = counts.size < 2 ** 15                 # int16 keys sort by radix, in linear time
    if len(edges) <= 2:
        order = np.argsort(idx.astype(np.int16) if small else idx, kind="stable")
        return ts[order]
    parts = []
    for lo, hi in zip(edges[:-1], edges[1:]):
        sel = np.flatnonzero((idx >= lo) & (idx < hi))
        key = idx[sel] - lo
        parts.append(ts[sel[np.argsort(key.astype(np.int16) if small else key, kind="stable")]])
        yield 1.0
    return np.concatenate(parts)


def _classify_slices(S, counts, t_ms):
    """:func:`_classify_flat` in slices of ~100k spikes with a yield between two (a generator)."""
    edges = _neuron_blocks(counts)
    off = np.concatenate([[0], np.cumsum(counts)])
    out = []
    for lo, hi in zip(edges[:-1], edges[1:]):
        out.append(_classify_flat(S[off[lo]:off[hi]], counts[lo:hi], t_ms))
        if hi < counts.size:
            yield 1.0
    return np.concatenate(out) if out else np.zeros(0, dtype=np.int64)


class _Batch(NamedTuple):
    """The neurons of one population run, flat in C order of ``shape``, after every clamp."""

    n: int                          # time steps
    h: float                        # step (ms)
    shape: tuple
    I_grid: np.ndarray | None       # an input shared by all neurons, on the time grid
    Iv: np.ndarray                  # else each neuron's constant input
    A: np.ndarray
    B: np.ndarray
    C: np.ndarray
    D: np.ndarray
    eqs: object
    notes: list


def _population_input(I, t, notes):
    """(input shared on the grid ``t`` or None, constant input per neuron), clamped to +-I_MAX."""
    if callable(I):
        return _input_on_grid(I, t, notes), np.zeros(())
    I_const = np.asarray(I, dtype=float)
    if np.any(np.isnan(I_const)):
        raise ValueError("I contains NaN")
    clipped = np.clip(I_const, -I_MAX, I_MAX)
    if np.any(clipped != I_const):
        notes.append(f"I clamped to [-{I_MAX:g}, {I_MAX:g}]")
    return None, clipped


def _population_start(v0a, u0a, B, shape, notes):
    """(v, u) of every neuron at t = 0: finite, v within [V_MIN_MV, V_PEAK_MV], |u| <= U_MAX."""
    v = np.broadcast_to(v0a, shape).ravel().astype(float)
    if not np.all(np.isfinite(v)):
        raise ValueError("v0 must be finite")
    if np.any((v < V_MIN_MV) | (v > V_PEAK_MV)):
        notes.append(f"v0 clamped to [{V_MIN_MV:g}, {V_PEAK_MV:g}]")
        np.clip(v, V_MIN_MV, V_PEAK_MV, out=v)
    u = B * v if u0a is None else np.broadcast_to(u0a, shape).ravel().astype(float)
    if not np.all(np.isfinite(u)):
        raise ValueError("u0 must be finite")
    if np.any(np.abs(u) > U_MAX):
        notes.append(f"u0 clamped to +-{U_MAX:g}")
    np.clip(u, -U_MAX, U_MAX, out=u)
    return v, u


def _batch(a, b, c, d, I, t_ms, dt_ms, v0, u0, eqs):
    """Check, clamp and broadcast the arguments of :func:`simulate_many`: a :class:`_Batch`, v, u."""
    notes: list[str] = []
    n, h = _check_dt(t_ms, dt_ms)
    eqs = _check_eqs(eqs)
    I_grid, I_const = _population_input(I, _grid(n, h), notes)
    pa = _clamp_param_array("a", a, notes)
    pb = _clamp_param_array("b", b, notes)
    pc = _clamp_param_array("c", c, notes)
    pd = _clamp_param_array("d", d, notes)
    v0a = np.asarray(v0, dtype=float)
    u0a = None if u0 is None else np.asarray(u0, dtype=float)
    shape = np.broadcast_shapes(pa.shape, pb.shape, pc.shape, pd.shape, I_const.shape,
                                v0a.shape, () if u0a is None else u0a.shape)
    A, B, Cc, D_ = (np.broadcast_to(x, shape).ravel().astype(float) for x in (pa, pb, pc, pd))
    Iv = np.broadcast_to(I_const, shape).ravel().astype(float)
    v, u = _population_start(v0a, u0a, B, shape, notes)
    return _Batch(n, h, tuple(shape), I_grid, Iv, A, B, Cc, D_, eqs, notes), v, u


class _Stepper:
    """One exact step of every neuron of a batch; the coefficients that do not change are made once."""

    def __init__(self, bt: _Batch) -> None:
        eqs, h = bt.eqs, bt.h
        self.bt = bt
        self.e2, self.b_e2 = _u_step_vec(bt.A, bt.B, eqs.leak, 0.5 * h)
        self.e, self.b_e = _u_step_vec(bt.A, bt.B, eqs.leak, h)
        self.m2 = -self.b_e2 * eqs.v_u
        self.inv_kh = 1.0 / (_K * h)
        self.hv = np.full(bt.A.size, h)
        self.W, self.P, self.Q0 = eqs.w_peak, eqs.p, eqs.q0
        self.Pu = self.P + eqs.v_u

    def step(self, v, u, Ii):
        """(v, u) after one step with input ``Ii``, the neurons that fired (or None), their spike
        offsets in the step (ms), whether one fired twice, and whether u reached the clamp."""
        h, W, P = self.bt.h, self.W, self.P
        # the same arithmetic as the inlined loop of neuron._run_scalar
        w0 = v + P
        um = u * self.e2
        um += self.b_e2 * v
        um += self.m2
        np.clip(um, -U_MAX, U_MAX, out=um)
        q = Ii - um
        q += self.Q0
        Sp, Cp, D, big = _half_angle_vec(q, h)
        y = Sp * w0
        y *= -_K
        y += Cp
        num = q * Sp
        num += w0 * Cp
        fired = y <= 0.0
        fired |= num >= W * y
        fired |= w0 >= W
        if big.any():
            fired[big] |= _cross_time_vec(w0[big], q[big], 2.0 * h, W) <= h
        fidx = np.flatnonzero(fired) if fired.any() else None
        if fidx is not None:
            v_f, u_f = v[fidx], u[fidx]
            y[fidx] = 1.0
        ys = y
        v_next = num / ys
        v_next -= P
        ys /= D
        lg = np.log(ys)
        lg *= self.inv_kh
        lg += self.Pu
        lg *= self.b_e
        u_next = u * self.e
        u_next -= lg
        tau, refired = None, False
        if fidx is not None:
            tau, refired = self._fire(fidx, v_f, u_f, Ii, v_next, u_next)
        clamped = bool(u_next.max() > U_MAX or u_next.min() < -U_MAX)
        if clamped:
            np.clip(u_next, -U_MAX, U_MAX, out=u_next)
        return v_next, u_next, fidx, tau, refired, clamped

    def _fire(self, fidx, v_f, u_f, Ii, v_next, u_next):
        """The spike steps of the neurons ``fidx`` (written into v_next, u_next): (tau, refired)."""
        bt = self.bt
        Ifi = np.full(fidx.size, Ii) if bt.I_grid is not None else bt.Iv[fidx]
        tau, _, vf, uf, rf = _spike_step_vec(v_f, u_f, Ifi, self.hv[fidx],
                                             bt.A[fidx], bt.B[fidx], bt.C[fidx], bt.D[fidx], bt.eqs)
        v_next[fidx] = vf
        u_next[fidx] = uf
        return tau, bool(rf.any())


def _many_steps(a, b, c, d, I, t_ms, dt_ms=DEFAULT_DT_MS, v0=-65.0, u0=None, eqs=STANDARD):
    """:func:`simulate_many` as a generator: yields ``i / n`` before each of the ``n`` time
    steps and once more before sorting the spikes, and returns a :class:`_Flat`.

    A caller may stop between any two yields (a frame loop that spends a time
    budget per frame); the numbers do not depend on where it stops.
    """
    bt, v, u = _batch(a, b, c, d, I, t_ms, dt_ms, v0, u0, eqs)
    stepper = _Stepper(bt)
    n, h = bt.n, bt.h
    spike_idx: list[np.ndarray] = []
    spike_t: list[np.ndarray] = []
    u_clamped = refired_any = False
    for i in range(n):
        yield i / n
        Ii = bt.I_grid[i] if bt.I_grid is not None else bt.Iv
        v, u, fidx, tau, refired, clamped = stepper.step(v, u, Ii)
        if fidx is not None:
            refired_any |= refired
            spike_idx.append(fidx)
            spike_t.append(i * h + tau)
        u_clamped |= clamped
    yield 1.0
    N = bt.A.size
    if spike_idx:
        idx = np.concatenate(spike_idx)
        ts = np.concatenate(spike_t)
        counts = np.bincount(idx, minlength=N)
        yield 1.0
        ts = yield from _group_by_neuron(idx, ts, counts)
    else:
        counts = np.zeros(N, dtype=int)
        ts = np.zeros(0)
    notes = bt.notes
    if u_clamped:
        notes.append(f"u reached the clamp +-{U_MAX:g}")
    if refired_any:
        notes.append("firing capped at one spike per step for some neurons")
    return _Flat(ts, counts, bt.shape, tuple(notes))


# --------------------------------------------------------------------------
# Atlas
# --------------------------------------------------------------------------

ATLAS_DT_MS = 0.5
"""Default step (ms) of :func:`atlas`: classes, not spike times, are wanted there;
on the 100 x 100 c-d map at I = 10 it changes 0.1 % of the cells against 0.2 ms
and is 2.5 times faster."""


def atlas(param_x, values_x, param_y, values_y, fixed, I, t_ms, dt_ms=ATLAS_DT_MS,
          progress=None, should_stop=None, chunk=20000, eqs=STANDARD) -> np.ndarray:
    """Firing class over a grid of two parameters, every grid point at once.

    Parameters
    ----------
    param_x, param_y : str
        Two of "a", "b", "c", "d", "I".
    values_x, values_y : array_like
        Grid values (columns follow x, rows follow y).
    fixed : dict
        Values of the other parameters (missing ones come from RS).
    I : float or callable
        Input when "I" is not a grid axis.
    t_ms : float
        Run length (ms).
    dt_ms : float, optional
        Step (ms); default :data:`ATLAS_DT_MS` (0.5).
    progress : callable, optional
        ``progress(fraction)`` from 0 to 1; safe to call from a worker thread.
    should_stop : callable, optional
        When it returns true, :class:`Cancelled` is raised.
    chunk : int, optional
        Neurons simulated per batch (bounds memory; 100 x 100 is one batch).
    eqs : Equations, optional
        The equations' coefficients.

    Returns
    -------
    ndarray of int, shape (len(values_y), len(values_x))
        Indices into :data:`FIRING_CLASSES`.
    """
    n, _ = _check_dt(t_ms, dt_ms)
    steps = atlas_steps(param_x, values_x, param_y, values_y, fixed, I, t_ms, dt_ms, chunk, eqs)
    return _drive(steps, n, progress, should_stop)


def atlas_steps(param_x, values_x, param_y, values_y, fixed, I, t_ms, dt_ms=ATLAS_DT_MS, chunk=20000,
                eqs=STANDARD):
    """:func:`atlas` as a generator, for a frame loop that computes it in time-budgeted slices.

    Yields the fraction done (0..1) after every time step of the grid's
    neurons (about 1 ms for 100 x 100 neurons) and around the final sort and
    classification; returns the class map (as ``StopIteration.value``). The
    arguments are those of :func:`atlas`; the map is the same.
    """
    names = ("a", "b", "c", "d", "I")
    if param_x not in names or param_y not in names or param_x == param_y:
        raise ValueError(f"atlas axes must be two different names of {names}, "
                         f"got {param_x!r} and {param_y!r}")
    xs = np.asarray(values_x, dtype=float).ravel()
    ys = np.asarray(values_y, dtype=float).ravel()
    X, Y = np.meshgrid(xs, ys)
    base = dict(zip("abcd", PRESETS["RS"]))
    base["I"] = I
    for k, val in dict(fixed).items():
        if k not in names:
            raise ValueError(f"unknown fixed parameter {k!r}; expected one of {names}")
        base[k] = val
    base[param_x] = X.ravel()
    base[param_y] = Y.ravel()
    total = X.size
    out = np.empty(total, dtype=int)
    shared_I = callable(base["I"])
    for start in range(0, total, chunk):
        stop = min(total, start + chunk)
        part = {k: (base[k][start:stop] if isinstance(base[k], np.ndarray) else base[k])
                for k in names}
        steps = _many_steps(part["a"], part["b"], part["c"], part["d"],
                            part["I"] if shared_I else np.broadcast_to(part["I"], (stop - start,)),
                            t_ms, dt_ms, eqs=eqs)
        while True:
            try:
                f = next(steps)
            except StopIteration as done:
                flat = done.value
                break
            yield (start + f * (stop - start)) / total
        yield stop / total
        classes = _classify_slices(flat.times, flat.counts, t_ms)
        while True:
            try:
                next(classes)
            except StopIteration as done:
                out[start:stop] = done.value
                break
            yield stop / total
    return out.reshape(X.shape)

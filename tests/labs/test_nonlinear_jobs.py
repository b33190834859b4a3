"""The nonlinear lab's background work on the core scheduler's thread lanes, and the sweep's memos."""

from __future__ import annotations

import threading
import time

import numpy as np
import pytest

from game.core.jobs import Cancelled, Job, Scheduler
from game.labs.nonlinear import jobs
from game.sim import planar


def wait_idle(w: Scheduler, timeout_s: float = 5.0) -> float:
    t0 = time.monotonic()
    while (w.busy() or w.threads_alive()) and time.monotonic() - t0 < timeout_s:
        time.sleep(0.005)
    return time.monotonic() - t0


def test_a_lane_cancels_superseded_jobs_and_reports_only_live_results():
    w = Scheduler("test")
    gate = threading.Event()

    def slow(job, value):
        while not gate.is_set():
            job.check()
            time.sleep(0.001)
        return value

    first = w.thread("a", slow, 1)
    second = w.thread("a", slow, 2)          # same key: the first is cancelled
    assert first.cancelled and not second.cancelled
    gate.set()
    wait_idle(w)
    done = w.collect()
    assert [j.result for j in done] == [2]
    assert w.collect() == []


def test_a_polite_field_stops_a_cancelled_trajectory():
    w = Scheduler("test")
    f = planar.morris_lecar(90.0, **planar.ML_HOPF)
    job = w.thread("t", jobs.launch, f, (0.0, 0.2), 50000.0, None)
    time.sleep(0.02)
    job.cancel()
    assert wait_idle(w) < 2, "cancellation is checked inside the field: the lane's thread ends at once"
    assert w.collect() == [] and not w.threads_alive()
    g = job.polite(f)
    with pytest.raises(Cancelled):
        for _ in range(20):
            g(0.0, 0.0)


def test_a_job_that_raises_reports_the_error_instead_of_killing_the_thread():
    w = Scheduler("test")
    w.thread("boom", lambda job: 1 / 0)
    ok = w.thread("fine", lambda job: 42)
    wait_idle(w)
    done = {j.key: j for j in w.collect()}
    assert "ZeroDivisionError" in done["boom"].error
    assert done["fine"].result == 42 and ok.done


def test_the_sweep_runs_on_its_own_lane_so_a_click_is_not_queued_behind_it():
    w = Scheduler("test")
    started = threading.Event()

    def sweep(job):
        started.set()
        while True:
            job.check()
            time.sleep(0.002)

    w.thread("bif", sweep, lane="sweep")
    assert started.wait(2)
    f = planar.van_der_pol(1.0)
    w.thread("launch:1", jobs.launch, f, (1.0, 0.0), 20.0, None)
    t0 = time.monotonic()
    while w.busy("launch:") and time.monotonic() - t0 < 5:
        time.sleep(0.005)
    (done,) = w.collect()
    assert done.key == "launch:1" and done.result.fwd.reason == "t_max"
    w.close()
    assert wait_idle(w) < 2


def test_the_i_sweep_is_ml_bifurcation_with_polite_fields_and_is_kept_in_a_bounded_memo():
    params = planar.ML_SNIC
    job = Job("bif")
    calls = []
    job.polite = lambda f: calls.append(f) or f          # count the wrapped fields
    key = jobs.sweep_key(params, 44.0, 46.0)
    jobs._SWEEPS.pop(key, None)
    got = jobs.bifurcation(job, params, 44.0, 46.0)
    I, t_obs = jobs.sweep_currents(jobs.branch(params), 44.0, 46.0)
    assert len(calls) == len(I), "every current's field goes through job.polite"
    want = planar.ml_bifurcation(params, I, t_transient=1000.0, t_continue=300.0, t_observe=t_obs)
    np.testing.assert_allclose(got.frequency_hz, want.frequency_hz)
    assert np.isfinite(got.frequency_hz).all() and job.progress == 1.0
    assert jobs.cached_sweep(key) is got
    for k in range(jobs.SWEEPS_KEPT):                    # older sweeps leave the memo
        jobs._keep_sweep(("other", k), got)
    assert jobs.cached_sweep(key) is None and len(jobs._SWEEPS) == jobs.SWEEPS_KEPT


def test_branches_are_a_bounded_memo_per_parameter_set():
    a = jobs.branch(planar.ML_HOPF)
    assert jobs.branch(dict(planar.ML_HOPF)) is a
    assert jobs._branch.cache_info().maxsize == 8
    assert a.hopf_I[0] == pytest.approx(93.86, abs=0.05)

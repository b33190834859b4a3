"""The one scheduler for slow model work: frame-budgeted slices or a polite thread.

A lab model owns one :class:`Scheduler` and submits work to it by key; a
newer job with the same key replaces the older one. There are two ways a
job can run, chosen by what the work is:

- **slices** (:meth:`Scheduler.slices`): a generator that yields its progress
  (a number in [0, 1]) between small pieces and ``return``-s its result. The
  frame loop calls :meth:`Scheduler.run` with a time budget (e.g. 5 ms) and
  the scheduler advances the jobs in the main thread until the budget is
  spent. Nothing competes with the frame for the interpreter: the right
  choice for numpy work that can be cut into pieces (an atlas of firing
  classes, a bank of filters, a network's sweeps).
- **thread** (:meth:`Scheduler.thread`): ``fn(job, *args)`` on a daemon
  thread, for work that cannot be cut (``solve_ivp`` runs). Python threads
  share one GIL, so the work evaluates its functions through
  :meth:`Job.polite`, which gives the GIL back every few evaluations, checks
  for cancellation, and waits while a frame is being computed
  (:meth:`Scheduler.frame_begin` / :meth:`Scheduler.frame_end`), so the
  thread computes in the idle time between frames. Each named *lane* has one
  thread, started on demand and ended when its queue is empty; a long sweep
  on its own lane never delays a short trajectory on another.

Finished jobs are collected on the main thread by :meth:`Scheduler.collect`
(cancelled jobs never appear). :meth:`Scheduler.close` cancels everything;
a model calls it when its level leaves the screen. No pygame here.
"""

from __future__ import annotations

import threading
import time
from collections import deque
from typing import Any, Callable, Generator, Iterator

#: Field evaluations between two yields of the GIL (and cancellation checks).
YIELD_EVERY = 8
#: A frame that has not ended after this many seconds no longer pauses the threads.
STALE_S = 0.25


class Cancelled(Exception):
    """Raised inside a job's work when the job was cancelled."""


class FrameGate:
    """Open between frames, closed while the frame loop computes and draws."""

    def __init__(self) -> None:
        self._idle = threading.Event()
        self._idle.set()
        self._closed_at = 0.0

    def begin(self) -> None:
        if self._idle.is_set():
            self._closed_at = time.monotonic()
            self._idle.clear()

    def end(self) -> None:
        self._idle.set()

    @property
    def open(self) -> bool:
        return self._idle.is_set()

    def wait_turn(self) -> None:
        """Thread side: wait (without holding the GIL) until the frame is drawn."""
        if not self._idle.is_set():
            left = STALE_S - (time.monotonic() - self._closed_at)
            if left > 0:
                self._idle.wait(left)


class Job:
    """One unit of work and, once done, its result or error.

    Attributes
    ----------
    key : str
        What the job computes; a newer job with the same key replaces it.
    meta : any
        Whatever the submitter needs to apply the result.
    progress : float
        Completed fraction in [0, 1] (for a progress bar).
    result, error : any, str or None
        The work's return value, or the text of the exception it raised.
    done : bool
        The work ended (finished, failed or was cancelled).
    """

    def __init__(self, key: str, meta: Any = None, gate: FrameGate | None = None) -> None:
        self.key = key
        self.meta = meta
        self.gate = gate
        self.progress = 0.0
        self.result: Any = None
        self.error: str | None = None
        self.done = False
        self._cancel = threading.Event()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def cancel(self) -> None:
        self._cancel.set()

    def check(self) -> None:
        """Raise :class:`Cancelled` if the job was cancelled (call between steps)."""
        if self._cancel.is_set():
            raise Cancelled

    def report(self, fraction: float) -> None:
        """Record progress; also a cancellation point."""
        self.progress = min(1.0, max(0.0, float(fraction)))
        self.check()

    def polite(self, f: Callable[..., Any]) -> Callable[..., Any]:
        """Wrap a function so that calling it on a thread yields the GIL and can cancel."""
        count = [0]
        cancel = self._cancel
        gate = self.gate

        def g(*args):
            count[0] += 1
            # a frame in progress is checked at every call (an Event flag, ~50 ns):
            # the thread steps aside within one evaluation of the frame starting
            if gate is not None and not gate.open:
                gate.wait_turn()
            if count[0] % YIELD_EVERY == 0:
                if cancel.is_set():
                    raise Cancelled
                time.sleep(0)
            return f(*args)

        return g


class _SliceJob(Job):
    def __init__(self, key: str, steps: Iterator[float], meta: Any) -> None:
        super().__init__(key, meta)
        self.steps = steps


class _ThreadJob(Job):
    def __init__(self, key: str, fn: Callable[..., Any], args: tuple, meta: Any, gate: FrameGate) -> None:
        super().__init__(key, meta, gate)
        self.fn = fn
        self.args = args


class _Lane:
    """A queue of thread jobs run in order on one daemon thread (started on demand)."""

    def __init__(self, name: str, finished: deque, lock: threading.Lock) -> None:
        self.name = name
        self.queue: deque[_ThreadJob] = deque()
        self.running: _ThreadJob | None = None
        self.thread: threading.Thread | None = None
        self._finished = finished
        self._lock = lock

    def start(self) -> None:
        if self.thread is None or not self.thread.is_alive():
            self.thread = threading.Thread(target=self._run, name=self.name, daemon=True)
            self.thread.start()

    def _run(self) -> None:
        while True:
            with self._lock:
                if not self.queue:
                    self.running = None
                    self.thread = None
                    return
                job = self.queue.popleft()
                self.running = job
            try:
                job.result = job.fn(job, *job.args)
            except Cancelled:
                pass
            except Exception as exc:   # a job's bug must never reach the frame loop
                job.error = f"{type(exc).__name__}: {exc}"
            job.done = True
            with self._lock:
                self.running = None
                if not job.cancelled:
                    self._finished.append(job)


class Scheduler:
    """Slow work of one model, by key: frame-budgeted slices and polite thread lanes."""

    def __init__(self, name: str = "lab") -> None:
        self.name = name
        self.gate = FrameGate()
        self._lock = threading.Lock()
        self._finished: deque[Job] = deque()
        self._slices: dict[str, _SliceJob] = {}
        self._lanes: dict[str, _Lane] = {}
        self.closed = False

    # ----------------------------------------------------------- submit
    def slices(self, key: str, steps: Generator[float, None, Any] | Iterator[float], meta: Any = None) -> Job:
        """Run a generator in the frame loop: it yields progress and returns its result."""
        self.cancel(key, exact=True)
        job = _SliceJob(key, steps, meta)
        if not self.closed:
            self._slices[key] = job
        return job

    def thread(self, key: str, fn: Callable[..., Any], *args, meta: Any = None, lane: str = "main") -> Job:
        """Queue ``fn(job, *args)`` on the thread of ``lane``; cancels any job with ``key``."""
        self.cancel(key, exact=True)
        job = _ThreadJob(key, fn, args, meta, self.gate)
        if self.closed:
            job.cancel()
            return job
        with self._lock:
            ln = self._lanes.get(lane)
            if ln is None:
                ln = self._lanes[lane] = _Lane(f"{self.name}-{lane}", self._finished, self._lock)
            ln.queue.append(job)
            ln.start()
        return job

    # ----------------------------------------------------------- frame side
    def run(self, budget_s: float, prefix: str = "") -> bool:
        """Advance slice jobs until ``budget_s`` (s, wall clock) is spent; True if one finished.

        Only jobs whose key starts with ``prefix`` are advanced, so a model can
        give each kind of work its own budget (e.g. a run in pieces and a map).
        """
        if not self._slices:
            return False
        t0 = time.perf_counter()
        finished = False
        for key in list(self._slices):
            job = self._slices.get(key)
            if job is None or not key.startswith(prefix):
                continue
            try:
                while True:
                    job.progress = min(1.0, max(0.0, float(next(job.steps))))
                    if time.perf_counter() - t0 >= budget_s:
                        return finished
            except StopIteration as stop:
                job.result = stop.value
                job.progress = 1.0
            except Cancelled:
                job.cancel()
            except (ValueError, ArithmeticError, MemoryError) as exc:
                job.error = f"{type(exc).__name__}: {exc}"
            job.done = True
            self._slices.pop(key, None)
            if not job.cancelled:
                finished = True
                with self._lock:
                    self._finished.append(job)
            if time.perf_counter() - t0 >= budget_s:
                break
        return finished

    def finish(self, key: str | None = None, timeout_s: float = 30.0) -> None:
        """Compute slice jobs (one key, or all) to their end now, within ``timeout_s`` (tests, bench)."""
        t0 = time.perf_counter()
        while time.perf_counter() - t0 < timeout_s:
            pending = [k for k in self._slices if key is None or k == key]
            if not pending:
                return
            self.run(0.05, "" if key is None else key)

    def wait(self, prefix: str = "", timeout_s: float = 30.0) -> bool:
        """Wait for every job whose key starts with ``prefix`` (slices are run here); True if none is left."""
        t0 = time.perf_counter()
        while self.busy(prefix):
            if time.perf_counter() - t0 > timeout_s:
                return False
            if any(k.startswith(prefix) for k in self._slices):
                self.run(0.02, prefix)
            else:
                time.sleep(0.002)
        return True

    def collect(self) -> list[Job]:
        """Jobs finished since the last call, oldest first (cancelled ones never appear)."""
        with self._lock:
            out = [j for j in self._finished if not j.cancelled]
            self._finished.clear()
        return out

    def frame_begin(self) -> None:
        """The frame loop starts a frame: threads pause at their next polite call."""
        self.gate.begin()

    def frame_end(self) -> None:
        """The frame is drawn: threads compute until the next one begins."""
        self.gate.end()

    # ----------------------------------------------------------- state
    def get(self, key: str) -> Job | None:
        """The pending or running job with ``key``, if any."""
        if key in self._slices:
            return self._slices[key]
        with self._lock:
            for ln in self._lanes.values():
                if ln.running is not None and ln.running.key == key and not ln.running.cancelled:
                    return ln.running
                for j in ln.queue:
                    if j.key == key:
                        return j
        return None

    def busy(self, prefix: str = "") -> bool:
        """Is any job whose key starts with ``prefix`` pending or running?"""
        if any(k.startswith(prefix) for k in self._slices):
            return True
        with self._lock:
            for ln in self._lanes.values():
                r = ln.running
                if r is not None and not r.cancelled and r.key.startswith(prefix):
                    return True
                if any(j.key.startswith(prefix) for j in ln.queue):
                    return True
        return False

    def progress(self, prefix: str = "") -> float | None:
        """Progress of the first pending job whose key starts with ``prefix`` (None if none)."""
        for k, j in self._slices.items():
            if k.startswith(prefix):
                return j.progress
        with self._lock:
            for ln in self._lanes.values():
                if ln.running is not None and ln.running.key.startswith(prefix) and not ln.running.cancelled:
                    return ln.running.progress
        return None

    def cancel(self, prefix: str = "", exact: bool = False) -> None:
        """Cancel every job whose key starts with ``prefix`` (or equals it, ``exact``)."""
        match: Callable[[str], bool] = (lambda k: k == prefix) if exact else (lambda k: k.startswith(prefix))
        for k in [k for k in self._slices if match(k)]:
            job = self._slices.pop(k)
            job.cancel()
            close = getattr(job.steps, "close", None)
            if close is not None:
                close()
        with self._lock:
            for ln in self._lanes.values():
                for job in list(ln.queue):
                    if match(job.key):
                        job.cancel()
                        ln.queue.remove(job)
                if ln.running is not None and match(ln.running.key):
                    ln.running.cancel()
            for job in list(self._finished):
                if match(job.key):
                    self._finished.remove(job)

    def close(self) -> None:
        """Cancel everything and refuse new work: the model leaves the screen for good."""
        self.closed = True
        self.cancel("")
        self.gate.end()

    def threads_alive(self) -> int:
        """Lane threads still running (tests check that ``close`` stops them)."""
        with self._lock:
            return sum(1 for ln in self._lanes.values() if ln.thread is not None and ln.thread.is_alive())

"""Background jobs for slow model work, polite to the frame loop.

Morris–Lecar trajectories (~70 ms for 500 ms of model time), limit-cycle
measurements (0.1-1 s) and the bifurcation sweep (seconds) run on a daemon
thread so a click never stalls a frame. Python threads share one GIL: a
thread that computes in pure Python holds it for the whole switch interval
(5 ms), which would add up to 5 ms to any frame it overlaps. So every job
evaluates its vector field through :meth:`Job.polite`, which gives the GIL
back (``time.sleep(0)``) every few evaluations and checks for cancellation
there; the frame loop then waits microseconds, not milliseconds.

Yielding alone is not enough: when the frame loop releases the GIL inside a
pygame call (a blit), the worker takes it and the frame waits for the
worker's next yield, or for the 5 ms forced switch. So the worker also waits
while a frame is being computed: the view calls :meth:`Worker.frame_begin`
when its frame starts and :meth:`Worker.frame_end` when it has been drawn,
and the worker computes in the idle time between frames (the interactive
loop sleeps ~10 ms of every 16.7 ms frame). A frame that never ends (a view
dropped mid-frame) stops holding the worker back after `STALE_S`.

The thread exits when its queue is empty and is started again by the next
job, so a view that is dropped leaves nothing running for long. Results are
collected on the main thread by :meth:`Worker.collect` (in ``update``).
"""

from __future__ import annotations

import threading
import time
from collections import deque
from typing import Any, Callable

#: Field evaluations between two yields of the GIL (and cancellation checks).
YIELD_EVERY = 8
#: A frame that has not ended after this many seconds no longer pauses the worker.
STALE_S = 0.25


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

    def wait_turn(self) -> None:
        """Worker side: wait (without holding the GIL) until the frame is drawn."""
        if not self._idle.is_set():
            left = STALE_S - (time.monotonic() - self._closed_at)
            if left > 0:
                self._idle.wait(left)


class Cancelled(Exception):
    """Raised inside a job's field when the job was cancelled."""


class Job:
    """One unit of background work and, once done, its result or error."""

    def __init__(self, key: str, fn: Callable[..., Any], args: tuple, meta: Any = None,
                 gate: FrameGate | None = None) -> None:
        self.key = key
        self.gate = gate
        self.fn = fn
        self.args = args
        self.meta = meta                  # what the view needs to apply the result
        self.result: Any = None
        self.error: str | None = None
        self.progress = 0.0               # completed fraction in [0, 1]
        self.done = False
        self._cancel = threading.Event()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def cancel(self) -> None:
        self._cancel.set()

    def check(self) -> None:
        """Raise `Cancelled` if the job was cancelled (call between steps)."""
        if self._cancel.is_set():
            raise Cancelled

    def report(self, fraction: float) -> None:
        """Record progress (for a progress bar); also a cancellation point."""
        self.progress = min(1.0, max(0.0, float(fraction)))
        self.check()

    def polite(self, f):
        """Wrap a vector field so evaluating it yields the GIL and can cancel."""
        count = [0]
        cancel = self._cancel
        gate = self.gate

        idle = gate._idle if gate is not None else None

        def g(x, y):
            count[0] += 1
            # A frame in progress is checked at every evaluation (an Event flag,
            # ~50 ns): the worker stops within one evaluation of the frame
            # starting instead of up to YIELD_EVERY, which a frame could feel.
            if idle is not None and not idle.is_set():
                gate.wait_turn()
            if count[0] % YIELD_EVERY == 0:
                if cancel.is_set():
                    raise Cancelled
                time.sleep(0)
            return f(x, y)

        return g


class Worker:
    """A queue of jobs run in order on one daemon thread (started on demand)."""

    def __init__(self, name: str = "nonlinear-worker") -> None:
        self.name = name
        self.gate = FrameGate()
        self._queue: deque[Job] = deque()
        self._finished: deque[Job] = deque()
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self._running: Job | None = None

    # -------------------------------------------------------------- main side
    def submit(self, key: str, fn: Callable[..., Any], *args, meta: Any = None) -> Job:
        """Queue ``fn(job, *args)``; any queued or running job with ``key`` is cancelled."""
        job = Job(key, fn, args, meta, self.gate)
        with self._lock:
            self._cancel_locked(lambda k: k == key)
            self._queue.append(job)
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._run, name=self.name, daemon=True)
                self._thread.start()
        return job

    def cancel(self, prefix: str = "") -> None:
        """Cancel every job whose key starts with ``prefix`` (all by default)."""
        with self._lock:
            self._cancel_locked(lambda k: k.startswith(prefix))

    def _cancel_locked(self, match) -> None:
        for job in list(self._queue):
            if match(job.key):
                job.cancel()
                self._queue.remove(job)
        if self._running is not None and match(self._running.key):
            self._running.cancel()
        for job in list(self._finished):
            if match(job.key):
                self._finished.remove(job)

    def frame_begin(self) -> None:
        """The frame loop starts computing a frame: pause at the next yield."""
        self.gate.begin()

    def frame_end(self) -> None:
        """The frame is drawn: compute until the next one begins."""
        self.gate.end()

    def busy(self, prefix: str = "") -> bool:
        with self._lock:
            running = self._running is not None and not self._running.cancelled \
                and self._running.key.startswith(prefix)
            return running or any(j.key.startswith(prefix) for j in self._queue)

    def collect(self) -> list[Job]:
        """Jobs finished since the last call (cancelled ones never appear)."""
        with self._lock:
            out = [j for j in self._finished if not j.cancelled]
            self._finished.clear()
        return out

    # ------------------------------------------------------------ thread side
    def _run(self) -> None:
        while True:
            with self._lock:
                if not self._queue:
                    self._running = None
                    self._thread = None
                    return
                job = self._queue.popleft()
                self._running = job
            try:
                job.result = job.fn(job, *job.args)
            except Cancelled:
                pass
            except Exception as exc:   # a job's bug must never reach the frame loop
                job.error = f"{type(exc).__name__}: {exc}"
            job.done = True
            with self._lock:
                self._running = None
                if not job.cancelled:
                    self._finished.append(job)

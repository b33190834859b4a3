"""Save durability: a writer killed with SIGKILL at random moments never leaves a broken save.

A child process rewrites the save file in a loop (each version a bigger,
self-consistent record); the parent kills it at a random moment, 200 times,
and after every kill the save must load as some complete version: the old
one or a newer one, never a torn file.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest

from game.progress import SAVE_NAME, Progress

pytestmark = pytest.mark.slow   # long: run by .ci/run, skipped by -m "not slow"

ROOT = Path(__file__).resolve().parent.parent

WRITER = r"""
import sys
from pathlib import Path
from game.progress import Progress
home = Path(sys.argv[1])
p = Progress.load(home)
n = p.levels["counter"].attempts if "counter" in p.levels else 0
print("ready", flush=True)
while True:
    n += 1
    p.record("counter", float(n), 1, "higher", 0, 1.0)
    for k in range(40):                      # make each file large enough to tear
        p.record(f"pad-{k}", float(n), 1, "higher", 0, 0.0)
    p.save()
"""


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs POSIX signals")
def test_killing_the_writer_at_random_moments_never_corrupts_the_save(tmp_path):
    home = tmp_path / "durability"
    home.mkdir()
    rng = np.random.default_rng(11)
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    last = 0
    for _ in range(200):
        child = subprocess.Popen([sys.executable, "-c", WRITER, str(home)], stdout=subprocess.PIPE, env=env)
        assert child.stdout.readline().strip() == b"ready"
        time.sleep(float(rng.uniform(0.0, 0.02)))
        child.send_signal(signal.SIGKILL)
        child.wait()
        child.stdout.close()
        path = home / SAVE_NAME
        if not path.exists():
            continue
        data = json.loads(path.read_text(encoding="utf-8"))   # never a torn JSON file
        p = Progress.load(home)
        assert p.notice is None, "a killed write left a save the game calls corrupt"
        n = p.levels["counter"].attempts
        assert n >= last, "the save went back in time"
        assert all(p.levels[f"pad-{k}"].best == n for k in range(40)), "a save mixes two versions"
        assert data["levels"]["counter"]["best"] == float(n)
        last = n
    assert last > 0, "the writer never managed to save: the test proved nothing"
    Progress.load(home)
    leftovers = [f.name for f in home.iterdir() if f.name != SAVE_NAME]
    assert leftovers == [], f"temp files of killed writes were not cleaned up: {leftovers}"

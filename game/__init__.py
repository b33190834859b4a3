"""NeuroArcade: a game-style teaching application for brain-inspired computing."""

__version__ = "0.1.0"

import os as _os

# pygame prints a banner on import; a teaching tool's terminal stays quiet.
_os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")

# The models multiply small matrices many times a frame; on a 2-core
# classroom laptop BLAS threads only add jitter to the frame time.
for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    _os.environ.setdefault(_var, "1")

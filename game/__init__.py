"""NeuroArcade: a game-style teaching application for brain-inspired computing."""

__version__ = "0.1.0"

import os as _os

# pygame prints a banner on import; a teaching tool's terminal stays quiet.
_os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")

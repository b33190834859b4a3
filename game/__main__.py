"""``python -m game`` does what the ``neuroarcade`` command does."""

import sys

from game.cli import main

sys.exit(main())

"""The package game.sim.gabor: today's names importable from it, and no pygame."""

from __future__ import annotations

import subprocess
import sys


from game.sim.gabor import grating
from game.sim.images import grating as images_grating


def test_grating_is_re_exported_from_images():
    assert grating is images_grating


def test_sim_modules_never_import_pygame():
    code = "import sys, game.sim.gabor, game.sim.images; print('pygame' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False", "game.sim must stay free of pygame (model/view split)"


#: The public names of game/sim/gabor.py before it became a package.
OLD_NAMES = ["DEFAULT_WORKERS", "MIN_SIGMA_PX", "MIN_WAVELENGTH_PX", "GAMMA_RANGE", "Clamped", "Filterer", "Responses",
             "bank", "central_region", "clamp_params", "clear_caches", "energy", "filter_image", "gabor_kernel",
             "grating", "kernel_size", "normalise_for_display", "orientation_bandwidth", "orientations",
             "quadrature_kernel", "spatial_frequency_bandwidth", "tuning_curve", "wavelength_tuning", "winner_map"]


def test_every_name_of_the_old_module_is_still_importable_from_the_package():
    from game.sim import gabor
    missing = [n for n in OLD_NAMES if not hasattr(gabor, n)]
    assert not missing, f"game.sim.gabor lost {missing}"
    assert set(OLD_NAMES) <= set(gabor.__all__)

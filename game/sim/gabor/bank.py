"""A hypercolumn: one Gabor energy cell per orientation, the winner and the selectivity at each pixel.

The bank's preferred angles are ``k pi / n`` (k < n): orientation has period
pi, so n cells cover a half turn. At each pixel the *winner* is the
orientation with the largest energy, and the *selectivity* is the length of
the orientation vector sum ``|sum_k E_k exp(2i theta_k)|`` (double angles):
large where one orientation dominates, near 0 where every cell answers alike
(flat patches, isotropic texture). This is how orientation maps of V1 are
usually shaded.

:func:`bank` computes every orientation at once; :class:`Hypercolumn`
computes them one at a time (:meth:`Hypercolumn.steps`, a generator for a
frame-budgeted scheduler), keeping the winner and the vector sum up to date
step by step, so the step that completes the bank costs no more than the
others.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Generator

import numpy as np

from game.sim.gabor.filtering import Filterer, _filterer_for


def orientations(n_orient: int = 8) -> np.ndarray:
    """The ``n_orient`` preferred angles of a bank, ``k pi / n``, radians."""
    n = int(n_orient)
    if n < 1:
        raise ValueError(f"n_orient must be >= 1, got {n_orient}")
    return np.arange(n) * np.pi / n


def bank(
    image,
    sigma: float,
    wavelength: float,
    gamma: float = 1.0,
    n_orient: int = 8,
    size=None,
    kind: str = "energy",
    boundary: str = "symm",
) -> np.ndarray:
    """Responses of a hypercolumn: one filter per orientation ``k pi / n``.

    Parameters
    ----------
    image : array_like or Filterer
    sigma, wavelength, gamma, size
        As in :func:`gabor_kernel`.
    n_orient : int, optional
        Number of orientations, see :func:`orientations`.
    kind : {"energy", "even", "odd"}
    boundary : {"symm", "fill", "wrap"}

    Returns
    -------
    ndarray
        Shape ``(n_orient, H, W)``.
    """
    if kind not in ("energy", "even", "odd"):
        raise ValueError(f'kind must be "energy", "even" or "odd", got {kind!r}')
    f = _filterer_for(image, boundary)
    thetas = orientations(n_orient)
    out = np.empty((len(thetas),) + f.shape)
    for i, th in enumerate(thetas):
        q = f.quadrature(sigma, th, wavelength, gamma, size, cache=False)
        if kind == "energy":
            out[i] = np.abs(q)
        else:
            out[i] = q.real if kind == "even" else q.imag
    return out


def winner_map(responses, min_response: float | None = None) -> np.ndarray:
    """Index of the strongest orientation at each pixel.

    Parameters
    ----------
    responses : array_like
        ``(n, H, W)`` from :func:`bank`.
    min_response : float, optional
        Pixels whose best response is below this get -1 ("no preference").

    Returns
    -------
    ndarray
        Int array ``(H, W)`` of indices into :func:`orientations`.
    """
    r = np.asarray(responses, dtype=float)
    if r.ndim != 3 or r.shape[0] == 0:
        raise ValueError(f"responses must be (n, H, W), got shape {r.shape}")
    r = np.where(np.isfinite(r), r, -np.inf)
    win = np.argmax(r, axis=0)
    if min_response is not None:
        win = np.where(np.max(r, axis=0) < min_response, -1, win)
    return win


def orientation_selectivity(energies: np.ndarray, thetas: np.ndarray) -> np.ndarray:
    """Length of the bank's orientation vector sum at each pixel.

    ``|sum_k E_k exp(2i theta_k)|`` (double angles, since orientation has
    period pi): large where one orientation dominates, near 0 where every
    cell answers alike.

    Parameters
    ----------
    energies : ndarray
        ``(n, H, W)`` energies of the bank.
    thetas : ndarray
        The bank's ``n`` orientations in radians.

    Returns
    -------
    ndarray
        Float32 array ``(H, W)``, as :class:`Hypercolumn` builds it.

    Examples
    --------
    >>> e = np.ones((8, 1, 2), np.float32)
    >>> e[0, 0, 0] = 5.0
    >>> orientation_selectivity(e, orientations(8)).round(3).tolist()
    [[4.0, 0.0]]
    """
    c = np.zeros(energies.shape[1:], np.float32)
    s = np.zeros(energies.shape[1:], np.float32)
    for e, th in zip(energies, thetas):          # elementwise, no BLAS (see the lab's goals.correlation)
        c += np.float32(math.cos(2 * th)) * e
        s += np.float32(math.sin(2 * th)) * e
    return np.sqrt(c * c + s * s)


@dataclass
class Hypercolumn:
    """Energies of a bank of ``len(thetas)`` cells on one image, filled one orientation per step.

    Attributes
    ----------
    key : tuple
        What the bank was computed for (the caller's key, e.g. ``(sigma,
        wavelength, gamma, size)``).
    thetas : ndarray
        Orientations in radians, ``k pi / n``.
    energies : ndarray
        ``(n, H, W)`` float32; rows ``done`` and above are still zero.
    done : int
        Orientations computed so far.
    strength : ndarray or None
        Best energy per pixel so far.
    winner : ndarray or None
        Winning orientation index per pixel (int), once complete.
    selectivity : ndarray or None
        :func:`orientation_selectivity` per pixel, once complete.
    """

    key: tuple
    thetas: np.ndarray
    energies: np.ndarray
    done: int = 0
    strength: np.ndarray | None = None
    winner: np.ndarray | None = None
    selectivity: np.ndarray | None = None
    # running winner and vector sums while steps are computed
    _win: np.ndarray | None = field(default=None, repr=False)
    _cos: np.ndarray | None = field(default=None, repr=False)
    _sin: np.ndarray | None = field(default=None, repr=False)

    @classmethod
    def empty(cls, shape: tuple[int, int], n_orient: int = 8, key: tuple = ()) -> "Hypercolumn":
        """A bank of ``n_orient`` cells on an image of ``shape`` with nothing computed yet."""
        return cls(key=key, thetas=orientations(n_orient), energies=np.zeros((n_orient,) + tuple(shape), np.float32))

    @property
    def complete(self) -> bool:
        return self.done >= len(self.thetas)

    def add(self, energy: np.ndarray) -> None:
        """Take the energy map of the next orientation (``thetas[done]``)."""
        self.energies[self.done] = energy
        self._absorb()

    def _absorb(self) -> None:
        """Fold ``energies[done]`` into the running winner and sums; one more orientation is done."""
        th = float(self.thetas[self.done])
        e = self.energies[self.done]
        # The winner, the best energy and the vector sums are updated per step (a few
        # 0.1 ms each): winner_map on all eight maps at the end took ~7 ms in one
        # frame. A strict ">" keeps the first of equal energies, as argmax does.
        if self.done == 0:
            self.strength = e.copy()
            self._win = np.zeros(e.shape, np.intp)
            self._cos = np.zeros(e.shape, np.float32)
            self._sin = np.zeros(e.shape, np.float32)
        else:
            self._win[e > self.strength] = self.done
            np.maximum(self.strength, e, out=self.strength)
        self._cos += np.float32(math.cos(2 * th)) * e
        self._sin += np.float32(math.sin(2 * th)) * e
        self.done += 1
        if self.complete:
            self.winner = self._win
            self.selectivity = np.sqrt(self._cos * self._cos + self._sin * self._sin)
            self._win = self._cos = self._sin = None

    def steps(self, image: Filterer, sigma: float, wavelength: float, gamma: float = 1.0,
              size=None) -> Generator[float, None, "Hypercolumn"]:
        """Compute the remaining orientations, one per step: yields the completed fraction, returns ``self``.

        The last orientation is computed by the step that returns (a scheduler
        collects the finished bank at once), so ``n`` orientations take
        ``n - 1`` yields.

        Parameters
        ----------
        image : Filterer
            The image (its spectrum is reused; responses are not cached).
        sigma, wavelength, gamma, size
            As in :func:`game.sim.gabor.gabor_kernel` (px).

        Examples
        --------
        >>> from game.sim.images import two_textures
        >>> img, mask = two_textures((64, 64), 0.0, math.pi / 2, 8.0, "vertical")
        >>> hc = Hypercolumn.empty(img.shape, 4)
        >>> [round(p, 2) for p in hc.steps(Filterer(img), 3.0, 8.0)]
        [0.25, 0.5, 0.75]
        >>> hc.done, hc.complete
        (4, True)
        >>> int(hc.winner[32, 8]), int(hc.winner[32, 56])
        (0, 2)
        """
        n = len(self.thetas)
        while not self.complete:
            q = image.quadrature(sigma, float(self.thetas[self.done]), wavelength, gamma, size, cache=False)
            np.abs(q, out=self.energies[self.done])
            self._absorb()
            if self.complete:
                break
            yield self.done / n
        return self

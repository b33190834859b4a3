r"""Planar (2-D) dynamical systems: linear, damped oscillator, nonlinear models.

Pure numpy/scipy; never imports pygame. All vector fields in this package
have the signature ``f(x, y) -> (dx, dy)`` and are vectorised: ``x`` and
``y`` may be scalars or arrays of one shape, and so are the results.

Equations
---------
Linear system
    x' = A x,  A = [[a, b], [c, d]],  p = trace A = a + d,  q = det A = ad - bc,
    Delta = p^2 - 4q = (a - d)^2 + 4bc.  Exact solution x(t) = expm(tA) x0
    (closed form in :mod:`~game.sim.planar.linear`).
Damped oscillator
    m x'' + mu x' + k x = 0 as (x, v)' = [[0, 1], [-k/m, -mu/m]] (x, v);
    energy (Lyapunov function) V = k x^2 / 2 + m v^2 / 2, dV/dt = -mu v^2 <= 0.
Morris-Lecar (time in ms, V in mV, conductances in mS/cm^2, I in uA/cm^2, C in uF/cm^2)
    C V' = I - gL (V - VL) - gCa M_ss(V) (V - VCa) - gK N (V - VK)
    N'   = phi cosh((V - V3) / (2 V4)) (N_ss(V) - N)
    M_ss = (1 + tanh((V - V1) / V2)) / 2,  N_ss = (1 + tanh((V - V3) / V4)) / 2
FitzHugh-Nagumo
    v' = v - v^3/3 - w + I,   w' = eps (v + a - b w)
van der Pol
    x' = y,   y' = mu (1 - x^2) y - x

One module per job; every public name is importable from the package
(``from game.sim import planar; planar.classify(...)``):

- :mod:`~game.sim.planar.fields`: the field type, grid sampling, ``direction_field``;
- :mod:`~game.sim.planar.linear`: the trace-determinant classification,
  eigen-directions and the exact flow of x' = A x;
- :mod:`~game.sim.planar.trajectories`: integrated trajectories of any
  field and exact ones of linear systems, with the reason they stopped;
- :mod:`~game.sim.planar.oscillator`: the damped oscillator (regimes,
  energy, decay rate, settling time);
- :mod:`~game.sim.planar.analysis`: Jacobians, nullclines, equilibria,
  limit cycles and the repelling slow manifold;
- :mod:`~game.sim.planar.systems`: Morris-Lecar (its Hopf and SNIC sets,
  the bifurcation diagram in I, the fold of cycles), FitzHugh-Nagumo and
  van der Pol;
- :mod:`~game.sim.planar.expr`: the whitelist compiler for user equations.

References
----------
.. [1] J. Rinzel and G. B. Ermentrout, "Analysis of neural excitability and
       oscillations", in Methods in Neuronal Modeling, C. Koch and I. Segev
       (eds.), MIT Press, 1989 (2nd ed. 1998), ch. 7.
.. [2] G. B. Ermentrout and D. H. Terman, Mathematical Foundations of
       Neuroscience, Springer, 2010, ch. 3 (Table 3.1: Morris-Lecar parameter
       sets "Hopf" and "SNLC").
.. [3] C. Morris and H. Lecar, "Voltage oscillations in the barnacle giant
       muscle fiber", Biophys. J. 35:193-213, 1981.
.. [4] S. H. Strogatz, Nonlinear Dynamics and Chaos, 2nd ed., 2015, ch. 5-8.

Examples
--------
>>> from game.sim import planar
>>> f = planar.fitzhugh_nagumo(0.0)
>>> (eq,) = planar.equilibria(f, (-2.5, 2.5), (-1.0, 2.0))
>>> eq.kind, eq.point.round(4).tolist()
('stable_focus', [-1.1994, -0.6243])
"""

from game.sim.planar.analysis import (JACOBIAN_RTOL, Equilibrium, LimitCycle, SlowManifold, equilibria,
                                      equilibria_on_grid, jacobian, limit_cycle, nullclines,
                                      nullclines_and_equilibria, nullclines_with_grid, repelling_slow_manifold)
from game.sim.planar.expr import MAX_EXPR_CHARS, CompiledField, ExpressionError, compile_field
from game.sim.planar.fields import Field, direction_field
from game.sim.planar.linear import FLOW_LIMIT, KINDS, RTOL, classify, eig_directions, linear_field, linear_flow
from game.sim.planar.oscillator import (damping_regime, decay_rate, oscillator_energy, oscillator_matrix,
                                        settling_time)
from game.sim.planar.systems import (ML_HOPF, ML_SNIC, CycleFold, MLBifurcation, fitzhugh_nagumo, ml_bifurcation,
                                     ml_cycle_fold, ml_jacobian, ml_steady_current, morris_lecar, van_der_pol)
from game.sim.planar.trajectories import (REASONS, Trajectory, linear_trajectories, linear_trajectory,
                                          linear_trajectory_pairs, trajectory)

__all__ = [
    "Field", "KINDS", "RTOL", "FLOW_LIMIT", "classify", "eig_directions", "linear_flow",
    "linear_field", "direction_field", "REASONS", "Trajectory", "trajectory",
    "linear_trajectory", "linear_trajectories", "linear_trajectory_pairs", "oscillator_matrix", "damping_regime",
    "oscillator_energy", "decay_rate", "settling_time", "jacobian", "nullclines",
    "Equilibrium", "JACOBIAN_RTOL", "equilibria", "nullclines_and_equilibria", "nullclines_with_grid",
    "equilibria_on_grid", "LimitCycle", "limit_cycle", "SlowManifold", "repelling_slow_manifold",
    "ML_HOPF", "ML_SNIC", "morris_lecar", "ml_steady_current", "ml_jacobian", "MLBifurcation", "ml_bifurcation",
    "CycleFold", "ml_cycle_fold", "fitzhugh_nagumo", "van_der_pol",
    "MAX_EXPR_CHARS", "ExpressionError", "CompiledField", "compile_field",
]

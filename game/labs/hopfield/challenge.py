"""Goals the Hopfield sandbox offers for "save as challenge".

With a target pattern chosen (the gallery's reference) the instructor can
ask for a recall from the current corrupted grid (the default), the widest
basin, the fewest painted flips, the inverse attractor or a crowded memory;
without one, an escape from spurious states. Synchronous 2-cycles are
offered on any grid. Thresholds follow the shipped example levels, scaled
to the grid size where the score counts units or patterns.
"""

from __future__ import annotations


def goals_for(view) -> list[dict]:
    """The choices of ``HopfieldView.challenge_goals`` (see ``LabView.challenge_goals``)."""
    mdl = view.net
    out: list[dict] = [{"goal": view.default_goal()}]
    n_units = int(mdl.shape[0] * mdl.shape[1])
    if mdl.reference is not None:
        out.append({"goal": {"type": "basin", "better": "higher", "stars": [30, 40, 44]}})
        out.append({"goal": {"type": "fewest_flips", "better": "lower", "stars": [20, 10, 5]}})
        out.append({"goal": {"type": "inverse", "better": "lower", "stars": [75, 62, 56]}})
        n = len(mdl.X)
        if n >= 3:
            a = max(1, n // 3)
            b = max(a + 1, n // 2)
            c = max(b + 1, (3 * n) // 4)
            out.append({"goal": {"type": "crowded", "better": "higher", "stars": [a, b, c]},
                        "controls": {"store": True}})
        out.append({"goal": {"type": "escape", "better": "higher", "stars": [0.7, 0.9, 0.99]}})
    quarter = max(4, n_units // 4)
    out.append({"goal": {"type": "cycle", "better": "higher", "stars": [quarter // 4, quarter // 2, quarter]},
                "controls": {"mode": True}})
    return out

"""How a score reads on screen: one number formatter, and the goal line of the HUD.

Every number the shell shows for a goal (the HUD line, the results screen,
a map tile) goes through :func:`fmt_number`: a few significant digits and
never scientific notation (``8.78e-05`` reads ``0.0001``, ``12345.6`` reads
``12346``). :func:`fmt_value` adds the goal's unit.

The HUD line of a goal is an i18n template per goal type,
``<lab>.hud.<goal type>``, filled with these fields:

- ``you``: the shown score (or the readout's ``value``) with its unit;
- ``target``: the readout's ``target`` with its unit, else the three-star threshold;
- ``star1``, ``star2``, ``star3``: the thresholds with their unit;
- ``op``: "≤" when lower is better, else "≥";
- whatever else the goal type's ``readout(model, goal, score)`` returns:
  numbers as plain numbers (``fmt_number``), text as it is.

A field may be a :class:`Say` (an i18n key, translated when the line is
made, e.g. the name of an equilibrium type). A readout may also return ``variant``: the line then uses the template
``<lab>.hud.<goal type>_<variant>`` (e.g. why an attempt scored nothing).
A goal type without a template or readout reads as the generic
``play.hud.lower`` / ``play.hud.higher`` line: the number, its unit and the
three-star threshold. No pygame here.
"""

from __future__ import annotations

import math
from typing import Any, Callable, Mapping

#: Units written without a space after the number.
TIGHT_UNITS = ("°", "%", "‰", "′", "″")
#: Most decimals shown: a smaller difference is not visible on any meter.
MAX_DECIMALS = 4
#: Shown for a missing score.
NONE_TEXT = "—"


class Say(str):
    """A readout field that is an i18n key: the line shows its translation."""


def fmt_number(x: float | None, digits: int = 3, max_decimals: int = MAX_DECIMALS) -> str:
    """``x`` to ``digits`` significant digits, at most ``max_decimals`` decimals, no exponent.

    Trailing zeros are dropped; a value that rounds to zero is "0" (never
    "-0"); None is "—" and infinities "∞" / "-∞".

    >>> fmt_number(28.437), fmt_number(0.12), fmt_number(30.0), fmt_number(8.78e-05)
    ('28.4', '0.12', '30', '0.0001')
    >>> fmt_number(123456.7), fmt_number(-0.00001), fmt_number(1.0049, digits=4)
    ('123457', '0', '1.005')
    """
    if x is None:
        return NONE_TEXT
    x = float(x)
    if math.isnan(x):
        return NONE_TEXT
    if math.isinf(x):
        return "∞" if x > 0 else "-∞"
    if x == 0:
        return "0"
    magnitude = math.floor(math.log10(abs(x)))
    decimals = min(max_decimals, max(0, digits - 1 - magnitude))
    text = f"{x:.{decimals}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    if text in ("-0", ""):
        text = "0"
    return text


def fmt_value(x: float | None, unit: str | None = "", digits: int = 3) -> str:
    """A number with its unit: "28.4 Hz", "54°", "0.12" (no unit), "—" (no value).

    >>> fmt_value(28.44, "Hz"), fmt_value(54.0, "°"), fmt_value(None, "ms")
    ('28.4 Hz', '54°', '—')
    """
    number = fmt_number(x, digits)
    if not unit or x is None or (isinstance(x, float) and not math.isfinite(x)):
        return number
    return f"{number}{unit}" if unit in TIGHT_UNITS else f"{number} {unit}"


def star_op(better: str) -> str:
    """"≤" when lower scores are better, else "≥"."""
    return "≤" if better == "lower" else "≥"


def goal_fields(goal: Any, kind: Any, model: Any, score: float | None) -> tuple[str | None, dict[str, str]]:
    """The variant and the template fields of ``goal``'s line for ``score``.

    ``kind`` is the goal type's :class:`game.core.lab.GoalKind` (or None);
    ``model`` is handed to its readout.
    """
    unit = getattr(kind, "unit", None) or ""
    digits = getattr(kind, "digits", 3)
    fields: dict[str, str] = {
        "op": star_op(goal.better),
        "star1": fmt_value(goal.stars[0], unit, digits),
        "star2": fmt_value(goal.stars[1], unit, digits),
        "star3": fmt_value(goal.stars[2], unit, digits),
    }
    reading: Mapping[str, Any] = {}
    readout: Callable | None = getattr(kind, "readout", None)
    if readout is not None:
        reading = readout(model, goal, score) or {}
    variant = reading.get("variant")
    value = reading.get("value", score)
    fields["you"] = fmt_value(value, unit, digits) if not isinstance(value, str) else value
    target = reading.get("target")
    fields["target"] = fields["star3"] if target is None else (
        target if isinstance(target, str) else fmt_value(target, unit, digits))
    for key, v in reading.items():
        if key in ("value", "target", "variant"):
            continue
        fields[key] = v if isinstance(v, str) else fmt_number(v, digits)
    return (str(variant) if variant else None), fields


def goal_line(lab: str, goal: Any, kind: Any, model: Any, score: float | None, text: Any) -> str:
    """The goal's line: ``<lab>.hud.<type>[_<variant>]`` filled in, or the generic line.

    ``text`` is the translator (``game.ui.text.Text``: callable, with ``has``).
    A missing score reads "—"; a miss (an infinite score) reads ``play.hud.miss``.
    """
    variant, fields = goal_fields(goal, kind, model, score)
    for key, v in fields.items():
        if isinstance(v, Say):
            fields[key] = text(str(v))
    if fields["you"] in ("∞", "-∞"):            # a miss (e.g. a start too close to the target)
        fields["you"] = text("play.hud.miss")
    base = f"{lab}.hud.{goal.type}"
    for key in ([f"{base}_{variant}"] if variant else []) + [base]:
        if text.has(key):
            return text(key, **fields)
    return text("play.hud.lower" if goal.better == "lower" else "play.hud.higher", **fields)


def star_lines(goal: Any, kind: Any) -> list[str]:
    """What each star requires: ["★ ≤ 0.4", "★★ ≤ 0.2", "★★★ ≤ 0.1"] (with the unit)."""
    unit = getattr(kind, "unit", None) or ""
    digits = getattr(kind, "digits", 3)
    op = star_op(goal.better)
    return [f"{'★' * (k + 1)} {op} {fmt_value(t, unit, digits)}" for k, t in enumerate(goal.stars)]


def tile_best(goal: Any, kind: Any, best: float | None, stars: int) -> str | None:
    """The best score a map tile shows, with its unit, or None when it would say nothing.

    Three stars say it all; a best of 0 reads as "nothing" on a goal where
    higher is better and is never a best short of three stars where lower
    is better; a miss has no number.

    >>> tile_best(None, None, 0.0, 0), tile_best(None, None, 0.31, 3)
    (None, None)
    """
    if best is None or stars >= 3 or best == 0 or not math.isfinite(best):
        return None
    return fmt_value(best, getattr(kind, "unit", None) or "", getattr(kind, "digits", 3))

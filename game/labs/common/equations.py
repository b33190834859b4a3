"""What is wrong with a user's equation, in the player's language.

``game.sim.planar`` refuses an expression with an ``ExpressionError`` that
carries an English message, a ``code`` and the values the message names
(``data``), so the sim stays free of translations. :func:`error_message`
says it through the i18n table ``[expr]`` (``expr.<code>``); a refused
construct in ``data["what"]`` is named through ``expr.what.<code>``. An error
without a code (or a code without a translation) reads as its English
message.
"""

from __future__ import annotations

from typing import Any


def error_message(err: Any, text: Any) -> str:
    """The message of ``err`` (a ``planar.ExpressionError``) in ``text``'s language.

    ``text`` is the translator (``game.ui.text.Text``: callable, with ``has``).
    """
    code = getattr(err, "code", "")
    key = f"expr.{code}"
    if not code or not text.has(key):
        return err.message
    data = {k: str(v) for k, v in getattr(err, "data", {}).items()}
    what = data.get("what")
    if what is not None and text.has(f"expr.what.{what}"):
        data["what"] = text(f"expr.what.{what}")
    return text(key, **data)

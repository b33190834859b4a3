"""A loaded level, and the mode it is played in.

``Level`` is what the loader (``game.levels``) returns and what a sandbox
builds in code: the common header plus the lab's validated tables. ``Mode``
says how it is played; code asks ``mode.sandbox`` or ``mode.scored`` rather
than comparing strings.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path
from typing import Any, Mapping

from game.core.schema import Goal, Param, Window


class Mode(str, Enum):
    """How a level is played: a campaign level, an instructor's challenge, or the sandbox."""

    CAMPAIGN = "campaign"
    CHALLENGE = "challenge"
    SANDBOX = "sandbox"

    @property
    def sandbox(self) -> bool:
        """Every control unlocked, no score (save as challenge and export instead)."""
        return self is Mode.SANDBOX

    @property
    def scored(self) -> bool:
        """A goal, a meter and stars (campaign and challenge levels)."""
        return self is not Mode.SANDBOX


@dataclass(frozen=True)
class Level:
    """A loaded level: the common header plus the lab's validated parts."""

    id: str
    kind: str
    title: Mapping[str, str]
    brief: Mapping[str, str]
    learned: Mapping[str, str]
    hints: tuple[Mapping[str, str], ...]
    window: Window | None
    fixed: Any
    params: Mapping[str, Param]
    controls: Any
    goal: Goal | None
    solution: Any
    seed: int = 0
    time_limit_s: float | None = None
    tour: bool = False
    image: Path | None = None
    path: Path | None = None
    raw: Mapping[str, Any] = field(default_factory=dict, repr=False)

    @property
    def folder(self) -> Path | None:
        return self.path.parent if self.path else None

    def param_values(self) -> dict[str, float]:
        """The declared tunables at their defaults."""
        return {k: p.default for k, p in self.params.items()}


def sandbox_level(kind: str, fixed: Any, params: Mapping[str, Param], controls: Any, solution: Any,
                  window: Window | None = None, seed: int = 0) -> Level:
    """The level a lab's sandbox opens: no goal, every control the lab unlocks."""
    texts = {"en": "Sandbox", "zh": "沙盒"}
    return Level(id=f"sandbox-{kind}", kind=kind, title=texts, brief=texts, learned=texts, hints=(),
                 window=window, fixed=fixed, params=dict(params), controls=controls, goal=None,
                 solution=solution, seed=seed)

"""Types of level-file tables and readable validation messages.

Every table of a level file is a pydantic model built on :class:`Strict`
(unknown keys are errors, values frozen). ``Param`` declares a tunable once
(range, default, step, unit) and the slider is built from it; ``Goal`` is the
part every goal shares (type, direction, three star thresholds), which labs
subclass with their goal type's own fields. :func:`format_validation` turns
pydantic's errors into one line each, with the key path and a did-you-mean.
No pygame here, and nothing about any particular lab.
"""

from __future__ import annotations

import difflib
import math
from typing import Any, Literal, Mapping

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator


class Strict(BaseModel):
    """Base for level-file tables: unknown keys are errors, values frozen."""

    model_config = ConfigDict(extra="forbid", frozen=True, strict=False)


class Texts(Strict):
    """A visible text in both languages; neither may be empty."""

    en: str = Field(min_length=1, max_length=2000)
    zh: str = Field(min_length=1, max_length=2000)


class Param(Strict):
    """A tunable: declared once, the slider is built from it."""

    default: float = Field(description="the slider's starting value · 初始值")
    min: float = Field(description="lowest value of the slider, within the lab's hard limits · 最小值")
    max: float = Field(description="highest value of the slider, within the lab's hard limits · 最大值")
    step: float = Field(gt=0, description="one arrow-key step (Shift: a tenth of it) · 步长")
    unit: str = Field(default="", max_length=16, description="unit shown beside the value, e.g. `mV` · 单位")

    @field_validator("default", "min", "max", "step")
    @classmethod
    def _finite(cls, v: float) -> float:
        if not math.isfinite(v):
            raise ValueError("must be a finite number")
        return v

    @model_validator(mode="after")
    def _range(self) -> "Param":
        if self.min >= self.max:
            raise ValueError(f"min = {num(self.min)} must be below max = {num(self.max)}")
        if not (self.min <= self.default <= self.max):
            raise ValueError(f"default = {num(self.default)} is outside "
                             f"[{num(self.min)}, {num(self.max)}]")
        if self.step > self.max - self.min:
            raise ValueError(f"step = {num(self.step)} is larger than the range")
        return self


class Goal(BaseModel):
    """The part of every goal: its type, direction and three star thresholds.

    Labs subclass this with their goal type's own fields (``extra`` stays
    forbidden there).
    """

    model_config = ConfigDict(extra="forbid", frozen=True)
    type: str = Field(description="one of the lab's goal types (below) · 目标类型")
    better: Literal["higher", "lower"] = Field(description="whether a higher or a lower score is better · "
                                                           "越高越好或越低越好")
    stars: tuple[float, float, float] = Field(description="scores for one, two and three stars: rising when "
                                                          "higher is better, falling when lower is · 一星、二星、三星的门槛")

    @model_validator(mode="after")
    def _stars_order(self) -> "Goal":
        s = self.stars
        if not all(math.isfinite(x) for x in s):
            raise ValueError("goal.stars must be finite numbers")
        rising = s[0] < s[1] < s[2]
        falling = s[0] > s[1] > s[2]
        if self.better == "higher" and not rising:
            raise ValueError(f'goal.stars must rise when better = "higher": got {list(nums(s))}')
        if self.better == "lower" and not falling:
            raise ValueError(f'goal.stars must fall when better = "lower": got {list(nums(s))}')
        return self


class Window(Strict):
    """Plot window in model units: x and y as [low, high]."""

    x: tuple[float, float] = (-3.0, 3.0)
    y: tuple[float, float] = (-3.0, 3.0)

    @model_validator(mode="after")
    def _order(self) -> "Window":
        for name, (lo, hi) in (("x", self.x), ("y", self.y)):
            if not (math.isfinite(lo) and math.isfinite(hi)) or lo >= hi:
                raise ValueError(f"window.{name} must be [low, high] with low < high")
            if hi - lo > 1e6 or hi - lo < 1e-6:
                raise ValueError(f"window.{name} width must be between 1e-6 and 1e6")
        return self


# ------------------------------------------------------------------ messages

def num(x: float) -> str:
    return f"{x:g}"


def nums(xs):
    return (int(x) if float(x).is_integer() else x for x in xs)


def key_path(loc: tuple) -> str:
    parts: list[str] = []
    for item in loc:
        if isinstance(item, int):
            parts.append(f"[{item}]")
        else:
            parts.append(("." if parts else "") + str(item))
    return "".join(parts).replace("schema_", "schema")


def show(value: Any) -> str:
    text = repr(value) if isinstance(value, str) else str(value)
    if isinstance(value, bool):
        text = "true" if value else "false"
    return text if len(text) <= 60 else text[:57] + "..."


def format_validation(err: ValidationError, prefix: str = "", model: type[BaseModel] | None = None,
                      data: Mapping | None = None) -> list[str]:
    """Turn pydantic errors into one readable line each, with did-you-mean."""
    out: list[str] = []
    for e in err.errors(include_url=False):
        loc = tuple(x for x in e["loc"] if x not in ("function-after",))
        # Drop pydantic's union/branch tags such as 'tuple[float, float]'.
        loc = tuple(x for x in loc if not (isinstance(x, str) and ("[" in x or x in (
            "float", "int", "str", "bool", "list", "dict"))))
        path = prefix + key_path(loc)
        etype = e["type"]
        msg = e["msg"]
        if msg.startswith("Value error, "):
            msg = msg[len("Value error, "):]
        if etype == "extra_forbidden":
            key = str(loc[-1]) if loc else "?"
            allowed = _allowed_keys(model, loc[:-1]) if model else []
            close = difflib.get_close_matches(key, allowed, n=1, cutoff=0.6)
            hint = f"; did you mean '{close[0]}'?" if close else (
                f"; allowed: {', '.join(allowed)}" if allowed else "")
            out.append(f"unknown key '{path}'{hint}")
        elif etype == "string_pattern_mismatch" and path == "id":
            out.append(f"id = {show(e.get('input'))} must be 1-64 lowercase letters, digits, '-' or '_', "
                       f"starting with a letter or digit")
        elif etype == "missing":
            out.append(f"{path} is required but missing")
        elif etype == "literal_error" and path.endswith("schema"):
            out.append(f"schema = {show(e.get('input'))} is not supported; expected 1")
        elif etype in ("value_error", "assertion_error"):
            where = f"{path}: " if path and not msg.startswith(path.split(".")[0]) else ""
            out.append(f"{where}{msg}")
        else:
            found = e.get("input")
            out.append(f"{path} = {show(found)}: {msg.lower()}" if path else msg)
    return out


def _allowed_keys(model: type[BaseModel] | None, loc: tuple) -> list[str]:
    """Field names of the (nested) model at ``loc``, for did-you-mean."""
    current = model
    for part in loc:
        if current is None or not isinstance(part, str):
            return []
        info = current.model_fields.get(part) or next(
            (f for f in current.model_fields.values() if f.alias == part), None)
        if info is None:
            return []
        ann = info.annotation
        current = ann if isinstance(ann, type) and issubclass(ann, BaseModel) else None
        if current is None:
            for arg in getattr(ann, "__args__", ()):
                if isinstance(arg, type) and issubclass(arg, BaseModel):
                    current = arg
    if current is None:
        return []
    return [f.alias or n for n, f in current.model_fields.items()]


def close_match(name: Any, known) -> list[str]:
    """A did-you-mean for an unknown key: only short strings are compared, so a
    hostile 10^6-character key costs nothing (difflib is quadratic)."""
    if not isinstance(name, str) or len(name) > 64:
        return []
    return difflib.get_close_matches(name, list(known), n=1)

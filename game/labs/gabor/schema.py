"""Level-file schema of the gabor lab (V1 orientation filters on images).

``params`` declares the sliders among ``theta_deg`` (orientation θ, degrees),
``wavelength`` (λ, px), ``sigma`` (envelope width σ, px), ``phase_deg``
(phase ψ, degrees), ``gamma`` (aspect ratio γ) and ``phase2_deg`` (the second
cell of a hand-built quadrature pair, degrees). ``fixed`` holds the values
that are not sliders, the image and the kernel-size budget::

    fixed.source = { name = "grating", theta_deg = 30, wavelength = 18 }
    fixed.image = "photo.jpg"          # or a PNG / JPEG inside the level's folder
    fixed.max_kernel = 25              # kernel side budget in px (odd)

``goal`` is one of the goal types below (scored by ``goals.GOALS``),
``controls`` switches the image picker and the response toggle, and
``solution`` is what the winnability test plays. Tables and cross-checks
only: the sources are drawn by ``picture.py``.
"""

from __future__ import annotations

import difflib
from pathlib import Path
from typing import Annotated, Any, Literal, Mapping

from pydantic import Field, ValidationError, ValidationInfo, field_validator, model_validator

from game import pictures
from game.core.schema import Goal, Strict, format_validation
from game.levels import resolve_inside

#: Longest side in px of every image the lab shows and filters (pictures are shrunk to fit).
IMAGE_SIZE = 256
#: Largest kernel side in px; larger default kernels are cut to this (speed).
MAX_KERNEL = 65

#: Hard limits of every tunable (a slider can never leave them). λ may go
#: below the 2 px Nyquist limit on a slider: the view clamps it and says so.
LIMITS = {
    "theta_deg": (-360.0, 360.0),
    "wavelength": (1.0, 128.0),
    "sigma": (0.5, 64.0),
    "phase_deg": (-360.0, 360.0),
    "gamma": (0.1, 10.0),
    "phase2_deg": (-360.0, 360.0),
}
#: The tunables in slider order.
TUNABLES = tuple(LIMITS)
#: Response maps the view can show; "pair" is the hand-built quadrature pair.
RESPONSES = ("even", "odd", "energy", "pair")
#: θ turned per notch of the mouse wheel over the kernel (degrees).
WHEEL_STEP_DEG = 5.0

Finite = Annotated[float, Field(allow_inf_nan=False)]
Angle = Annotated[float, Field(allow_inf_nan=False, ge=-360.0, le=360.0)]
Length = Annotated[float, Field(allow_inf_nan=False, ge=2.0, le=256.0)]


# --------------------------------------------------------------------------
# image sources

class _Source(Strict):
    """Base of the generated image sources (``picture.py`` draws each one by its ``name``)."""


def _name(what: str) -> str:
    return f"picks this picture: {what}"


#: Every direction below (θ, θ1, θ2, a bar's angle) is the kernel's convention
#: (``game.sim.images``): 0 draws vertical stripes, 90 horizontal ones, 45 stripes
#: running from top right to bottom left (y runs down), i.e. the stripes a cell with that θ prefers.
_DIRECTION = ("in degrees (-360 to 360), the θ of the cell that prefers it: 0 vertical stripes, 90 horizontal "
              "ones, 45 stripes running from top right to bottom left; θ and θ + 180 give the same orientation")
_LENGTH = "px (2 to 256)"


class GratingSource(_Source):
    """``cos(2 pi x' / wavelength + phase)``; θ = 0 gives vertical stripes."""

    name: Literal["grating"] = Field(description=_name("a sinusoidal grating filling the picture"))
    theta_deg: Angle = Field(default=0.0, description=f"orientation of the stripes {_DIRECTION}")
    wavelength: Length = Field(default=16.0, description=f"period λ of the stripes, {_LENGTH}: 16 puts 16 "
                               "light and 16 dark stripes across the 256 px picture")
    phase_deg: Angle = Field(default=0.0, description="phase at the picture's centre pixel in degrees: 0 a "
                             "white stripe through the centre, 180 a black one, 90 and -90 the mid-grey "
                             "halfway between them")


class PlaidSource(_Source):
    """The sum of two gratings, halved so it stays in [-1, 1]; both are white at the centre pixel."""

    name: Literal["plaid"] = Field(description=_name("two gratings added, crossing"))
    theta1_deg: Angle = Field(default=45.0, description=f"orientation of the first grating {_DIRECTION}")
    theta2_deg: Angle = Field(default=135.0, description="orientation of the second grating, same convention; "
                              "the defaults cross the two diagonals at right angles")
    wavelength: Length = Field(default=16.0, description=f"period λ of the first grating, {_LENGTH}")
    wavelength2: Length | None = Field(default=None, description=f"period of the second grating, {_LENGTH}; "
                                       "not set: the same as wavelength")


class NoiseSource(_Source):
    """Oriented noise texture, seeded by the level's ``seed``."""

    name: Literal["oriented_noise"] = Field(description=_name("white noise filtered to streaks near one "
                                            "orientation and one period; the level's seed draws it, so it is "
                                            "the same every time"))
    theta_deg: Angle = Field(default=60.0, description=f"mean orientation of the streaks {_DIRECTION}")
    bandwidth_deg: float = Field(default=11.5, allow_inf_nan=False, ge=1.0, le=90.0,
                                 description="spread of the streaks' orientations around theta_deg, the standard "
                                             "deviation of a Gaussian in degrees (1 to 90): small gives long "
                                             "parallel streaks, 90 nearly every orientation")
    wavelength: Length | None = Field(default=12.0, description=f"period at the centre of the band of spatial "
                                      f"frequencies kept, {_LENGTH}")
    octaves: float = Field(default=1.0, allow_inf_nan=False, ge=0.25, le=4.0,
                           description="width of that band, full width at half maximum in octaves (0.25 to 4): "
                                       "at 1 the band falls to half at periods wavelength / √2 and wavelength "
                                       "× √2; larger mixes finer and coarser streaks")


Boundary = Literal["vertical", "horizontal", "circle"]

_BOUNDARY = ("where the second texture lies: vertical (the right half, from column 128), horizontal (the bottom "
             "half, from row 128) or circle (a disc centred on the picture)")
_RADIUS = (f"radius of the disc in px (8 to {IMAGE_SIZE // 2}), used only when boundary is circle; not set: "
           f"{IMAGE_SIZE // 4} px (a quarter of the picture's side)")


class TwoTexturesSource(_Source):
    """Two gratings meeting at a boundary; the goal scores each region."""

    name: Literal["two_textures"] = Field(description=_name("two gratings of one period and two orientations, "
                                          "meeting at a boundary (segment_contrast and bank_accuracy score "
                                          "each region)"))
    theta1_deg: Angle = Field(default=0.0, description=f"orientation of the first texture (outside the disc, left "
                              f"or top) {_DIRECTION}")
    theta2_deg: Angle = Field(default=90.0, description="orientation of the second texture (inside the disc, "
                              "right or bottom), same convention")
    wavelength: Length = Field(default=12.0, description=f"period λ of both gratings, {_LENGTH}")
    boundary: Boundary = Field(default="circle", description=_BOUNDARY)
    radius: float | None = Field(default=None, allow_inf_nan=False, ge=8.0, le=IMAGE_SIZE / 2,
                                 description=_RADIUS)


class NoiseTexturesSource(_Source):
    """Two oriented-noise textures meeting at a boundary; the goal scores each region."""

    name: Literal["noise_textures"] = Field(description=_name("two oriented-noise textures (as oriented_noise, "
                                            "1 octave wide) meeting at a boundary; the level's seed draws them "
                                            "(segment_contrast and bank_accuracy score each region)"))
    theta1_deg: Angle = Field(default=0.0, description=f"mean orientation of the first texture (outside the "
                              f"disc, left or top) {_DIRECTION}")
    theta2_deg: Angle = Field(default=45.0, description="mean orientation of the second texture (inside the "
                              "disc, right or bottom), same convention")
    bandwidth_deg: float = Field(default=12.0, allow_inf_nan=False, ge=1.0, le=90.0,
                                 description="spread of each texture's orientations, the standard deviation of "
                                             "a Gaussian in degrees (1 to 90); wider spreads overlap more and "
                                             "are harder to tell apart")
    wavelength: Length = Field(default=10.0, description=f"period at the centre of both textures' band of "
                               f"spatial frequencies, {_LENGTH}")
    boundary: Boundary = Field(default="circle", description=_BOUNDARY)
    radius: float | None = Field(default=None, allow_inf_nan=False, ge=8.0, le=IMAGE_SIZE / 2,
                                 description=_RADIUS)


class BarsSource(_Source):
    """Bars at several angles."""

    name: Literal["bars"] = Field(description=_name("white bars on grey, one per angle, laid out row by row on "
                                  "a grid of ⌈√n⌉ columns"))
    angles_deg: list[Angle] = Field(default_factory=lambda: [22.5 * k for k in range(8)], min_length=1,
                                    max_length=16,
                                    description="the bars' orientations in degrees, 1 to 16 of them, each the θ "
                                                "of the cell that prefers it (0 a vertical bar, 90 a horizontal "
                                                "one); the default is 8 bars, 22.5° apart, on a 3 × 3 grid")
    width: float = Field(default=3.0, allow_inf_nan=False, ge=1.0, le=32.0,
                         description="width of each bar in px (1 to 32), its edges smoothed over 1 px")
    length: float | None = Field(default=None, allow_inf_nan=False, ge=4.0, le=IMAGE_SIZE,
                                 description=f"length of each bar in px (4 to {IMAGE_SIZE}); not set: 70 % of a "
                                             "grid cell's side (about 60 px for the 8 default bars)")


class CheckerboardSource(_Source):
    """Black and white squares, white at the top left."""

    name: Literal["checkerboard"] = Field(description=_name("a checkerboard of black and white squares"))
    square: int = Field(default=16, ge=2, le=128, description="side of one square in px, a whole number (2 to "
                        "128): 16 gives 16 × 16 squares")


class RingsSource(_Source):
    """Concentric rings ``cos(2 pi r / wavelength + phase)`` about the centre pixel: every orientation."""

    name: Literal["rings"] = Field(description=_name("concentric sinusoidal rings about the centre, so every "
                                   "orientation appears somewhere"))
    wavelength: Length = Field(default=16.0, description=f"distance from one ring to the next, {_LENGTH}")
    phase_deg: Angle = Field(default=0.0, description="phase at the centre pixel in degrees: 0 a white centre, "
                             "180 a black one")


class EdgesSource(_Source):
    """A tall white and a wide black rectangle: long vertical and horizontal edges."""

    name: Literal["edges"] = Field(description=_name("a tall white and a wide black rectangle on grey (the "
                                   "picture edge_share scores); it has no other keys"))


SOURCE_MODELS: dict[str, type[_Source]] = {
    m.model_fields["name"].annotation.__args__[0]: m
    for m in (GratingSource, PlaidSource, NoiseSource, TwoTexturesSource, BarsSource, CheckerboardSource,
              RingsSource, EdgesSource, NoiseTexturesSource)
}
#: Picker order (the generated sources the sandbox offers).
SOURCE_NAMES = tuple(SOURCE_MODELS)
#: Tables docs/level-format.md lists one variant at a time (``game.docs``):
#: "table.field" -> (heading word, {variant name: model}).
DOC_VARIANTS = {"fixed.source": ("pictures", SOURCE_MODELS)}


def parse_source(value: Any) -> _Source:
    """A source table (or bare name) validated by its own model, or a clear error."""
    if isinstance(value, _Source):
        return value
    if isinstance(value, str):
        value = {"name": value}
    if not isinstance(value, Mapping):
        raise ValueError('must be a table such as { name = "grating", wavelength = 16 }')
    name = value.get("name")
    model = SOURCE_MODELS.get(name) if isinstance(name, str) else None
    if model is None:
        close = difflib.get_close_matches(str(name), SOURCE_NAMES, n=1)
        hint = f"did you mean '{close[0]}'? " if close else ""
        raise ValueError(f"name = {name!r} is not an image source; {hint}(known: {', '.join(SOURCE_NAMES)})")
    try:
        return model.model_validate(dict(value))
    except ValidationError as err:
        raise ValueError("; ".join(format_validation(err, model=model))) from None


def default_source(name: str = "edges") -> _Source:
    return SOURCE_MODELS[name](name=name)


# --------------------------------------------------------------------------
# pictures named by a level


def check_picture(folder: Path | None, relative: str) -> Path:
    """Resolve a picture named in a level file and check its name and header, or raise ValueError.

    The file must lie inside ``folder`` (symlinks resolved) and be a PNG or
    JPEG whose header declares at most ``pictures.MAX_PIXELS`` pixels
    (:func:`game.pictures.read_header`: nothing is decoded here, so loading a
    level stays cheap); larger *sides* are fine (the lab shrinks the picture
    so its longer side is :data:`IMAGE_SIZE` px and says so). ``neuroarcade
    check`` opens the whole picture.
    """
    if folder is None:
        folder = Path.cwd()
    path = resolve_inside(Path(folder), relative)
    try:
        pictures.read_header(path)
    except pictures.PictureError as err:
        raise ValueError(f"'{relative}': {err.reason}") from None
    return path


# --------------------------------------------------------------------------
# fixed, controls


class Fixed(Strict):
    """Values the player may not change, the image and the kernel budget."""

    source: Any = Field(default=None, json_schema_extra={"tag": "name", "one_of": list(SOURCE_NAMES)},
                        description=f"the generated {IMAGE_SIZE} × {IMAGE_SIZE} px picture the lab filters, e.g. "
                                    "{ name = \"grating\", theta_deg = 30, wavelength = 18 } (the other keys are "
                                    "that picture's own: see \"fixed.source pictures\" below); not set: the "
                                    "edges scene. "
                                    "fixed.image names a picture file of the level's own instead (not both)")
    image: str | None = Field(default=None, max_length=255, json_schema_extra={"picture": True},
                              description=f"{pictures.FIELD_HELP}; the lab shrinks it so its longer side is "
                                          f"{IMAGE_SIZE} px, aspect kept")
    theta_deg: Angle = Field(default=0.0, description="orientation θ of the cell in degrees (-360 to 360) "
                             "when it is not a slider: 0 prefers vertical stripes and edges, 90 horizontal "
                             "ones; θ and θ + 180 are the same orientation")
    wavelength: float = Field(default=10.0, allow_inf_nan=False, ge=LIMITS["wavelength"][0],
                              le=LIMITS["wavelength"][1],
                              description="period λ of the cell's stripes in px (1 to 128) when it is not a "
                                          "slider; below 2 px it would alias, so the lab uses 2 px and says so")
    sigma: float = Field(default=4.0, allow_inf_nan=False, ge=LIMITS["sigma"][0],
                         le=LIMITS["sigma"][1],
                         description="width σ of the cell's Gaussian envelope across the stripes in px (0.5 to "
                                     "64) when it is not a slider; lowered, with a note, until the kernel "
                                     "fits max_kernel")
    phase_deg: Angle = Field(default=0.0, description="phase ψ of the cell's stripes in degrees when it is not "
                             "a slider: 0 an even (symmetric) cell, 90 an odd one; the odd map shows the cell "
                             "at ψ + 90")
    gamma: float = Field(default=1.0, allow_inf_nan=False, ge=LIMITS["gamma"][0],
                         le=LIMITS["gamma"][1],
                         description="aspect ratio γ (0.1 to 10) when it is not a slider: the envelope is σ "
                                     "across the stripes and σ / γ along them, so γ < 1 makes a longer cell "
                                     "with narrower orientation tuning")
    phase2_deg: Angle = Field(default=90.0, description="phase ψ2 in degrees of the second simple cell of the "
                              "hand-built pair; the pair map needs it as a slider (params.phase2_deg), so a "
                              "fixed value only sets the \"cell ψ2\" trace drawn while a grating drifts")
    max_kernel: int = Field(default=MAX_KERNEL, ge=3, le=MAX_KERNEL,
                            description=f"largest kernel side in px, odd, 3 to {MAX_KERNEL}: σ is lowered "
                                        "(with a note) so the kernel's ±3 envelope widths (σ / γ along the "
                                        "stripes when γ < 1) fit")
    response: Literal[RESPONSES] = Field(default="even", description="response map shown first: even (the "
                                         "cell ψ), odd (ψ + 90), energy (√(even² + odd²), a complex cell) or "
                                         "pair (√(R_ψ² + R_ψ2²), needs a phase2_deg slider); not set: the "
                                         "map the goal scores, else even")
    drift_hz: float = Field(default=0.0, allow_inf_nan=False, ge=0.0, le=4.0,
                            description="drift of the grating in cycles per second (0 to 4; 0: still): the "
                                        "picture and the maps move and a panel traces the centre cell's last "
                                        "3 s (a match_filter level shows its hidden map there instead); needs "
                                        "fixed.source = { name = \"grating\" }")

    @field_validator("source", mode="before")
    @classmethod
    def _source(cls, v):
        return None if v is None else parse_source(v)

    @field_validator("image")
    @classmethod
    def _image(cls, v, info: ValidationInfo):
        if v is None:
            return v
        folder = (info.context or {}).get("folder")
        check_picture(folder, v)
        return v

    @field_validator("max_kernel")
    @classmethod
    def _odd(cls, v):
        if v % 2 == 0:
            raise ValueError(f"max_kernel = {v} must be odd (a kernel has a centre pixel)")
        return v

    @model_validator(mode="after")
    def _one_image(self) -> "Fixed":
        if self.source is not None and self.image is not None:
            raise ValueError("give either fixed.source or fixed.image, not both")
        return self

    def source_model(self) -> _Source:
        return self.source if self.source is not None else default_source()


#: Goals scored on one kind of generated image: the sources they accept.
GOAL_SOURCE = {"edge_share": ("edges",), "wavelength_match": ("grating",),
               "segment_contrast": ("two_textures", "noise_textures"), "steady_response": ("grating",),
               "bank_accuracy": ("two_textures", "noise_textures")}


class Controls(Strict):
    """Which interactions a level allows."""

    picker: bool = Field(default=False, description="the image picker: buttons (and the I key) that swap "
                         "the picture for any generated one or the level's picture file (always on in the "
                         "sandbox); refused with the goals scored on one generated picture: "
                         + ", ".join(GOAL_SOURCE))
    response_toggle: bool = Field(default=True, description="the response-map buttons (even, odd, energy, and "
                                  "pair with a phase2_deg slider) and the M key; false keeps the map shown "
                                  "first")
    wheel_rotate: bool = Field(default=True, description=f"the mouse wheel over the kernel turns θ by "
                               f"{WHEEL_STEP_DEG:g}° a notch (needs a theta_deg slider; one spanning 180° or "
                               "more wraps round)")


# --------------------------------------------------------------------------
# goals

Response = Literal["even", "odd", "energy"]


class EdgeShare(Goal):
    """Percent of the total |response| lying on the image's vertical (or horizontal) edges."""

    type: Literal["edge_share"]
    edges: Literal["vertical", "horizontal"] = Field(default="vertical", description="which edges of the "
                                                     "edges scene count: its vertical or its horizontal ones")
    band_px: int = Field(default=2, ge=1, le=8, description="half-width in px (1 to 8) of the band around each "
                         "edge that counts as on it (the band is 2 × band_px px wide)")
    response: Response = Field(default="even", description="the map whose |value| is scored: even, odd or "
                               "energy; also the map shown first unless fixed.response is set")


class WavelengthMatch(Goal):
    """Mean energy in the centre as a percent of a perfectly matched filter's."""

    type: Literal["wavelength_match"]
    region: float = Field(default=0.5, gt=0.0, le=1.0, description="fraction of each side of the picture "
                          "measured, a centred box (above 0, at most 1; 0.5: the central 128 × 128 px), away "
                          "from the border")


class SegmentContrast(Goal):
    """Contrast (percent) between the mean responses of the two texture regions."""

    type: Literal["segment_contrast"]
    response: Response = Field(default="energy", description="the map whose mean |value| is compared between "
                               "the two regions: even, odd or energy; also the map shown first unless "
                               "fixed.response is set")
    exclude_px: int = Field(default=8, ge=0, le=64, description="pixels within this many px (0 to 64) of the "
                            "texture boundary or the picture's border count in neither region, so a filter's "
                            "blur across the boundary does not count against it")


class TargetFilter(Strict):
    """The hidden filter of a ``match_filter`` goal."""

    theta_deg: Angle = 0.0
    wavelength: float = Field(default=10.0, allow_inf_nan=False, ge=2.0, le=128.0)
    sigma: float = Field(default=4.0, allow_inf_nan=False, ge=0.5, le=32.0)
    phase_deg: Angle = 0.0
    gamma: float = Field(default=1.0, allow_inf_nan=False, ge=0.1, le=10.0)


class MatchFilter(Goal):
    """Correlation between the player's response map and a hidden filter's."""

    type: Literal["match_filter"]
    target: TargetFilter = Field(description="the hidden filter { theta_deg, wavelength, sigma, phase_deg, "
                                 "gamma } in degrees and px (defaults 0, 10, 4, 0, 1), applied to the same "
                                 "picture within the same max_kernel; its map is shown beside the player's")
    response: Response = Field(default="even", description="the map of both filters that is correlated "
                               "(Pearson r, -1 to 1): even, odd or energy; also the map shown first unless "
                               "fixed.response is set")


class SteadyResponse(Goal):
    """How steady (percent) the response stays while a grating drifts through."""

    type: Literal["steady_response"]
    response: Literal[RESPONSES] = Field(default="pair", description="the cell scored: even or odd (one "
                                         "rectified simple cell, near 0), energy (the ideal complex cell, near "
                                         "100) or pair (the hand-built pair, needs a phase2_deg slider)")
    region: float = Field(default=0.5, gt=0.0, le=1.0, description="fraction of each side of the picture "
                          "measured, a centred box (above 0, at most 1)")


class NarrowTuning(Goal):
    """Full width at half maximum of the orientation tuning, degrees (lower is better)."""

    type: Literal["narrow_tuning"]


class BankAccuracy(Goal):
    """Percent of pixels whose winning bank orientation is their texture's."""

    type: Literal["bank_accuracy"]
    exclude_px: int = Field(default=8, ge=0, le=64, description="pixels within this many px (0 to 64) of the "
                            "texture boundary or the picture's border are not counted")


class Solution(Strict):
    """What the winnability test plays: wheel clicks, slider values, a response button."""

    wheel: int = Field(default=0, ge=-72, le=72, description="mouse-wheel notches over the kernel, played "
                       f"first (-72 to 72): each turns θ by {WHEEL_STEP_DEG:g}°, negative the other way; needs "
                       "a theta_deg slider and controls.wheel_rotate")
    params: dict[str, Finite] = Field(default_factory=dict, max_length=len(LIMITS),
                                      description="slider values set next, { name = value }: each name a "
                                                  "slider of params, each value within its min and max")
    response: Literal[RESPONSES] | None = Field(default=None, description="response button pressed last: even, "
                                                "odd, energy or pair; needs controls.response_toggle unless it "
                                                "equals fixed.response")


def cross_check(header, parts: Mapping[str, Any]) -> list[str]:
    """Checks that span tables: the goal's image, pair mode, solution values.

    ``header`` is the validated common part (``game.levels.LevelHeader``).
    """
    problems: list[str] = []
    fixed: Fixed = parts["fixed"]
    controls: Controls = parts["controls"]
    goal = parts["goal"]
    solution: Solution = parts["solution"]
    params = header.params
    src = fixed.source_model()
    need = GOAL_SOURCE.get(goal.type)
    if need is not None:
        if fixed.image is not None or src.name not in need:
            have = f"image '{fixed.image}'" if fixed.image is not None else f"source '{src.name}'"
            names = " or ".join(f'"{n}"' for n in need)
            problems.append(f'goal.type = "{goal.type}" is scored on a {names} source; '
                            f'set fixed.source = {{ name = "{need[0]}" }} (got {have})')
        if controls.picker:
            problems.append(f'controls.picker = true would let the player swap the image that '
                            f'goal "{goal.type}" is scored on; remove it')
    if fixed.drift_hz > 0 and (fixed.image is not None or src.name != "grating"):
        problems.append("fixed.drift_hz needs fixed.source = { name = \"grating\" } (only gratings drift)")
    has_pair = "phase2_deg" in params
    for where, resp in (("fixed.response", fixed.response), ("goal.response", getattr(goal, "response", None)),
                        ("solution.response", solution.response)):
        if resp == "pair" and not has_pair:
            problems.append(f'{where} = "pair" needs a phase2_deg slider in params (the second cell of the pair)')
    for name in params:
        if name in fixed.model_fields_set:
            problems.append(f"{name} is both a slider (params.{name}) and fixed (fixed.{name}); keep one")
    for name, value in solution.params.items():
        p = params.get(name)
        if p is None:
            problems.append(f"solution.params.{name} is not a slider of this level "
                            f"(sliders: {', '.join(params) or 'none'})")
        elif not (p.min <= value <= p.max):
            problems.append(f"solution.params.{name} = {value:g} is outside [{p.min:g}, {p.max:g}]")
    if solution.wheel and "theta_deg" not in params:
        problems.append("solution.wheel turns θ, but theta_deg is not a slider of this level")
    if solution.response is not None and not controls.response_toggle and solution.response != fixed.response:
        problems.append("solution.response presses a response button, but controls.response_toggle = false")
    return problems

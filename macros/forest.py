"""Forest plots, computed at build time: a claim with two or more effects on a common measure gets an
inline SVG (drawn by templates/forest.html, no JavaScript) and the same numbers in a table.

Geometry lives here, in SVG user units of a fixed-width viewBox that the page scales to its column: at
360 px the plot is drawn about 1:1. Ratios (RR, OR, HR) go on a log scale; everything is drawn in
currentColor so that dark mode and print follow the text colour.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

from .models import Claim, Effect, Evidence, Source
from .vocabulary import RATIO_MEASURES, Measure

MIN_EFFECTS = 2  # effects on one measure needed for a plot
WIDTH = 300  # viewBox width: about 1:1 in a card at 360 px
LABEL_RIGHT = 70  # study labels end here (right-aligned)
PLOT_LEFT, PLOT_RIGHT = 76, 190
TEXT_LEFT = 196  # estimate and CI, as text
ROW_HEIGHT = 22
TOP = 6
AXIS_HEIGHT = 34
MAX_LABEL = 11  # characters of a study label before it is cut
MEASURE_NAME = {
    Measure.RR: "risk ratio",
    Measure.OR: "odds ratio",
    Measure.HR: "hazard ratio",
    Measure.SIR: "standardised incidence ratio",
    Measure.SMR: "standardised mortality ratio",
    Measure.MD: "mean difference",
    Measure.SMD: "standardised mean difference",
    Measure.percent_change: "percent change",
    Measure.correlation: "correlation",
}


@dataclass(frozen=True)
class Row:
    name: str  # "Larsson 2020", in full for the table
    participants: int | None
    effect: Effect
    y: float
    x: float
    x_low: float | None
    x_high: float | None
    size: float  # side of the square

    @property
    def label(self) -> str:
        """The name cut to fit the plot's label column."""
        return self.name if len(self.name) <= MAX_LABEL else self.name[: MAX_LABEL - 1].rstrip() + "…"

    def estimate(self, to: str = " to ") -> str:
        """'1.31 (1.05 to 1.63)', for the table; the plot prints it with to="–", narrow enough for its
        column."""
        value, low, high = self.effect.reported  # as the paper prints them
        return f"{value} ({low}{to}{high})" if low is not None else value


@dataclass(frozen=True)
class Plot:
    ident: str
    measure: Measure
    title: str
    rows: tuple[Row, ...]
    ticks: tuple[tuple[float, str], ...]
    null_x: float
    height: float
    axis_y: float
    log: bool

    # the fixed geometry, for the template
    width, label_right, text_left = WIDTH, LABEL_RIGHT, TEXT_LEFT
    plot_left, plot_right, middle = PLOT_LEFT, PLOT_RIGHT, (PLOT_LEFT + PLOT_RIGHT) / 2


def name_of(src: Source, et_al: bool = False) -> str:
    """'Larsson 2020' (with et_al, 'Larsson et al. 2020' where there are more authors): first author and
    year, or the title when no author is recorded."""
    who = src.author[0].family if src.author else src.title
    if et_al and (len(src.author) > 1 or src.more_authors):
        who += " et al."
    return f"{who} {src.year}" if src.year else who


def nice_ticks(lo: float, hi: float, log: bool) -> list[float]:
    if log:
        candidates = [0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 20]
        ticks = [t for t in candidates if lo <= t <= hi]
        if len(ticks) > 5:
            ticks = [t for t in ticks if t in (0.1, 0.5, 1, 2, 10)]
        return ticks
    span = hi - lo
    step = 10 ** math.floor(math.log10(span / 3)) if span > 0 else 1
    step *= next((m for m in (1, 2, 5, 10) if span / (step * m) <= 4), 1)
    first = math.ceil(lo / step) * step
    return [round(first + i * step, 10) for i in range(int((hi - first) / step + 1e-9) + 1)]


def _scale(values: list[float], log: bool) -> tuple[float, float]:
    null = 1.0 if log else 0.0
    lo, hi = min([*values, null]), max([*values, null])
    if log:
        lo, hi = math.log(lo), math.log(hi)
    pad = (hi - lo) * 0.06 or 0.5
    return lo - pad, hi + pad


def plots(claim: Claim, sources: Mapping[str, Source]) -> list[Plot]:
    """One plot per measure and outcome, as in a Cochrane review: estimates of different outcomes (new
    cancers and deaths, fat mass and lean mass) never share an axis, where a reader would compare them."""
    groups: dict[tuple[Measure, str | None, str], list[Evidence]] = {}
    for e in claim.evidence:
        if e.effect is not None:
            groups.setdefault((e.effect.measure, e.effect.unit, e.effect.outcome), []).append(e)
    drawn = [key for key, items in groups.items() if len(items) >= MIN_EFFECTS]
    return [_plot(f"forest-{claim.id}-{i}", *key, groups[key], sources) for i, key in enumerate(drawn, 1)]


def _plot(
    ident: str,
    measure: Measure,
    unit: str | None,
    outcome: str,
    items: list[Evidence],
    sources: Mapping[str, Source],
) -> Plot:
    log = measure in RATIO_MEASURES
    values = [float(v) for e in items for v in (e.effect.value, *(e.effect.ci or ()))]  # type: ignore[union-attr]
    lo, hi = _scale(values, log)

    def x(v: float) -> float:
        t = (math.log(v) if log else v) - lo
        return round(PLOT_LEFT + t / (hi - lo) * (PLOT_RIGHT - PLOT_LEFT), 2)

    most = max((e.effect.participants or e.n or 0) for e in items)  # type: ignore[union-attr]
    rows = []
    for i, e in enumerate(items):
        f = e.effect
        assert f is not None
        n = f.participants or e.n
        size = round(4 + 6 * math.sqrt(n / most), 2) if n else 5.0
        rows.append(
            Row(
                name_of(sources[e.source]),
                n,
                f,
                TOP + ROW_HEIGHT * i + ROW_HEIGHT / 2,
                x(float(f.value)),
                x(float(f.ci[0])) if f.ci else None,
                x(float(f.ci[1])) if f.ci else None,
                size,
            )
        )
    axis_y = TOP + ROW_HEIGHT * len(rows) + 4
    bounds = (math.exp(lo), math.exp(hi)) if log else (lo, hi)
    ticks = tuple((x(t), f"{t:g}") for t in nice_ticks(*bounds, log))
    title = MEASURE_NAME[measure] + (f" ({unit})" if unit else "") + f" for {outcome}"
    return Plot(
        ident,
        measure,
        title,
        tuple(rows),
        ticks,
        x(1.0 if log else 0.0),
        axis_y + AXIS_HEIGHT,
        axis_y,
        log,
    )

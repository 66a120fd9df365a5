"""The configuration of the interactive explainers (data/explainers.yaml): its models, read and validated
once against the store, so that every part an explainer draws names claims that exist.

A problem is raised as a StoreError naming the file, the line and the field. macros/explainers.py renders
the explainers from the validated configuration; macros/deps.py reads which claims each one draws.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import Field, ValidationError, model_validator

from .loading import load_yaml
from .models import OneLine, Slug, StrictModel, Text
from .problems import Problem, StoreError, closest_note, field_path, locate, validation_problems
from .store import Store
from .vocabulary import Status

CONFIG = "data/explainers.yaml"

# The topic whose claims each explainer draws; until that topic has claims, missing ids are skipped.
TOPIC = {
    "axis-loop": "gh-igf1-axis",
    "bound-free": "serum-vs-tissue",
    "hair-cycle": "hair-loss",
    "risk-shape": "cellular-risk",
}
NAMES = (*TOPIC, "evidence-explorer")

Factor = Annotated[float, Field(ge=0, le=5)]


def _unique(items: list[Any], what: str) -> None:
    """Ids name the controls, options and parts in the HTML: two alike would make one control drive both."""
    seen: set[str] = set()
    for item in items:
        if item.id in seen:
            raise ValueError(f"two {what} have the id '{item.id}'; give each its own")
        seen.add(item.id)


Change = Literal["up", "down"]


# --- the configuration file ----------------------------------------------------------------------


class Expect(StrictModel):
    gh: Change | None = None
    igf1: Change | None = None


class AxisOption(StrictModel):
    id: Slug
    label: OneLine
    drive: Factor = 1.0  # all GH pulses
    night: Factor = 1.0  # the sleep-onset pulse
    gain: Factor = 1.0  # liver IGF-1 made per unit of GH
    exo: Factor = 0.0  # IGF-1 from outside, in units of the baseline level
    expect: Expect | None = None


class AxisControl(StrictModel):
    id: Slug
    label: OneLine
    claims: Annotated[list[Slug], Field(min_length=1)]
    options: Annotated[list[AxisOption], Field(min_length=2)]

    @model_validator(mode="after")
    def _baseline_first(self) -> AxisControl:
        _unique(self.options, f"options of '{self.id}'")
        first = self.options[0]
        if (first.drive, first.night, first.gain, first.exo) != (1.0, 1.0, 1.0, 0.0) or first.expect:
            raise ValueError(f"the first option of '{self.id}' is the baseline: give it no factors or expect")
        return self


class AxisLoop(StrictModel):
    basis: list[Slug]
    feedback: Annotated[float, Field(gt=0, le=3)]
    response: Annotated[float, Field(gt=0, le=3)]
    controls: Annotated[list[AxisControl], Field(min_length=1)]

    @model_validator(mode="after")
    def _unique_controls(self) -> AxisLoop:
        _unique(self.controls, "controls")
        return self


class Number(StrictModel):
    id: Slug
    label: OneLine
    number: OneLine
    claim: Slug


class BoundFree(StrictModel):
    basis: list[Slug]
    numbers: list[Number]
    insulin_claim: Slug
    test_claim: Slug
    tissue_claims: Annotated[list[Slug], Field(min_length=1)]

    @model_validator(mode="after")
    def _numbers(self) -> BoundFree:
        _unique(self.numbers, "numbers")
        # the live part draws the bound and free shares; without them it would silently not be drawn
        missing = [i for i in ("bound", "free") if i not in {n.id for n in self.numbers}]
        if missing:
            raise ValueError(
                f"numbers need the ids 'bound' and 'free' (the live part draws them); add {' and '.join(missing)}"
            )
        return self


class Phase(StrictModel):
    id: Slug
    label: OneLine
    summary: Text


class Marker(StrictModel):
    id: Slug
    phase: Slug
    label: OneLine
    claim: Slug


class HairCycle(StrictModel):
    basis: list[Slug]
    phases: Annotated[list[Phase], Field(min_length=2)]
    markers: list[Marker]

    @model_validator(mode="after")
    def _known_phases(self) -> HairCycle:
        _unique(self.phases, "phases")
        _unique(self.markers, "markers")
        phases = {p.id for p in self.phases}
        for m in self.markers:
            if m.phase not in phases:
                raise ValueError(
                    f"marker '{m.id}' names phase '{m.phase}'; use one of {', '.join(sorted(phases))}"
                )
        return self


class Outcome(StrictModel):
    id: Slug
    label: OneLine


SHAPES = ("rising", "falling", "u", "u-low", "u-high")


class Curve(StrictModel):
    claim: Slug
    outcome: Slug
    shape: Literal[SHAPES]  # type: ignore[valid-type]
    label: OneLine


class RiskShape(StrictModel):
    outcomes: Annotated[list[Outcome], Field(min_length=1)]
    curves: list[Curve]

    @model_validator(mode="after")
    def _known_outcomes(self) -> RiskShape:
        _unique(self.outcomes, "outcomes")
        outcomes = {o.id for o in self.outcomes}
        for c in self.curves:
            if c.outcome not in outcomes:
                raise ValueError(
                    f"curve '{c.claim}' names outcome '{c.outcome}'; use one of {', '.join(sorted(outcomes))}"
                )
        return self


class ExplainersConfig(StrictModel):
    axis_loop: AxisLoop = Field(alias="axis-loop")
    bound_free: BoundFree = Field(alias="bound-free")
    hair_cycle: HairCycle = Field(alias="hair-cycle")
    risk_shape: RiskShape = Field(alias="risk-shape")


def parse_config(root: Path) -> tuple[ExplainersConfig, Any]:
    """The validated configuration, and the file as parsed with the line of every key. Raises StoreError
    naming file and line."""
    raw, problems = load_yaml(root / CONFIG, CONFIG, want=dict)
    if raw is None:
        raise StoreError(problems)
    try:
        return ExplainersConfig.model_validate(raw), raw
    except ValidationError as exc:
        raise StoreError(validation_problems(exc, raw, CONFIG)) from None


def load_config(root: Path, store: Store) -> tuple[ExplainersConfig, set[str]]:
    """The validated configuration and the claim ids it may use. Raises StoreError naming file and line."""
    config, raw = parse_config(root)
    return config, _check_claims(config, raw, store)


def claims_drawn(config: ExplainersConfig) -> list[tuple[str, tuple, str]]:
    """(explainer, location in the file, claim id) for every claim the configuration names."""
    refs: list[tuple[str, tuple, str]] = []
    a, b, h, r = config.axis_loop, config.bound_free, config.hair_cycle, config.risk_shape
    refs += [("axis-loop", ("axis-loop", "basis", i), c) for i, c in enumerate(a.basis)]
    refs += [
        ("axis-loop", ("axis-loop", "controls", i, "claims", j), c)
        for i, ctl in enumerate(a.controls)
        for j, c in enumerate(ctl.claims)
    ]
    refs += [("bound-free", ("bound-free", "basis", i), c) for i, c in enumerate(b.basis)]
    refs += [("bound-free", ("bound-free", "numbers", i, "claim"), n.claim) for i, n in enumerate(b.numbers)]
    refs += [
        ("bound-free", ("bound-free", "insulin_claim"), b.insulin_claim),
        ("bound-free", ("bound-free", "test_claim"), b.test_claim),
    ]
    refs += [("bound-free", ("bound-free", "tissue_claims", i), c) for i, c in enumerate(b.tissue_claims)]
    refs += [("hair-cycle", ("hair-cycle", "basis", i), c) for i, c in enumerate(h.basis)]
    refs += [("hair-cycle", ("hair-cycle", "markers", i, "claim"), m.claim) for i, m in enumerate(h.markers)]
    refs += [("risk-shape", ("risk-shape", "curves", i, "claim"), c.claim) for i, c in enumerate(r.curves)]
    return refs


def _check_claims(config: ExplainersConfig, raw: Any, store: Store) -> set[str]:
    problems: list[Problem] = []
    available: set[str] = set()

    def bad(loc: tuple, ident: str, message: str, fld: str | None = None) -> None:
        line, col, _ = locate(raw, loc)
        problems.append(Problem(CONFIG, line, col, ident, fld or field_path(loc) or "", message))

    for name, loc, cid in claims_drawn(config):
        claim = store.resolve_claim(cid)
        if claim is not None:
            available.add(cid)
            if name == "risk-shape" and claim.status == Status.refuted:
                bad(loc, cid, "a refuted claim cannot be drawn as a risk association; remove the curve")
            if loc[1] == "controls" and claim.status not in (Status.established, Status.supported):
                message = (
                    f"a {claim.status.value} claim cannot set a control of the model, which would show its "
                    "effect as fact; remove the claim from the control, or the control"
                )
                bad(loc, cid, message)
        elif store.claims_in_topic(TOPIC[name]):
            near = closest_note(cid, store.claims)
            message = f"unknown claim id '{cid}'{near}; fix the id in data/explainers.yaml or add the claim"
            bad(loc, cid, message)
    for i, n in enumerate(config.bound_free.numbers):
        claim = store.resolve_claim(n.claim)
        if claim is not None and not any(
            n.number in t for t in [claim.statement, *(e.finding for e in claim.evidence)]
        ):
            message = (
                f"'{n.number}' does not appear in the statement or findings of claim '{n.claim}'; "
                "quote the number as the claim gives it"
            )
            bad(("bound-free", "numbers", i, "number"), n.id, message, "number")
    if problems:
        raise StoreError(problems)
    return available

"""The five interactive explainers: `{{ explainer("name") }}` on a page.

What each explainer draws is configured in data/explainers.yaml and validated here once, against the
store: every part names the claims behind it. The macro renders, through macros/templates/explainer_*.html,
the no-JavaScript fallback (a table with the same information), the controls for the script, JSON data
with the numbers and labels the script draws (docs/assets/explainers.js), and the sources.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import Field, TypeAdapter, ValidationError, model_validator

from .certainty_rules import LEVEL_WORD, LEVELS
from .loading import decode, parse_with_lines
from .models import Claim, OneLine, Slug, StrictModel, Text
from .problems import Problem, StoreError, field_path, locate, validation_problems
from .render import CLAIMS_PAGE, MacroArgumentError, PageContext, Renderer, claim_page, source_page
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
    def _unique_numbers(self) -> BoundFree:
        _unique(self.numbers, "numbers")
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


def _line(raw: Any, loc: tuple) -> tuple[int | None, int | None]:
    line, col, _ = locate(raw, loc)
    return line, col


def _field(loc: tuple) -> str:
    return field_path(loc) or ""


def read_config(root: Path) -> Any:
    """The configuration as parsed, with the line of every key. Raises StoreError naming file and line."""
    try:
        data, error = (root / CONFIG).read_bytes(), None
    except OSError as exc:
        data, error = None, exc
    text, problems = decode(data, CONFIG, error)
    raw, more = parse_with_lines(text, CONFIG, want=dict) if text is not None else (None, [])
    if raw is None:
        raise StoreError(problems + more)
    return raw


def load_config(root: Path, store: Store) -> tuple[ExplainersConfig, set[str]]:
    """The validated configuration and the claim ids it may use. Raises StoreError naming file and line."""
    raw = read_config(root)
    try:
        config = TypeAdapter(ExplainersConfig).validate_python(raw)
    except ValidationError as exc:
        raise StoreError(validation_problems(exc, raw, CONFIG)) from None
    return config, _check_claims(config, raw, store)


def _references(config: ExplainersConfig) -> list[tuple[str, tuple, str]]:
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
    for name, loc, cid in _references(config):
        line, col = _line(raw, loc)
        claim = store.resolve_claim(cid)
        if claim is not None:
            available.add(cid)
            if name == "risk-shape" and claim.status == Status.refuted:
                problems.append(
                    Problem(
                        CONFIG,
                        line,
                        col,
                        cid,
                        _field(loc),
                        "a refuted claim cannot be drawn as a risk association; remove the curve",
                    )
                )
            continue
        if store.claims_in_topic(TOPIC[name]):
            close = store.closest(cid, store.claims)
            problems.append(
                Problem(
                    CONFIG,
                    line,
                    col,
                    cid,
                    _field(loc),
                    f"unknown claim id '{cid}'"
                    + (f" (closest: {', '.join(close)})" if close else "")
                    + "; fix the id in data/explainers.yaml or add the claim",
                )
            )
    for i, n in enumerate(config.bound_free.numbers):
        claim = store.resolve_claim(n.claim)
        if claim is not None and not any(
            n.number in t for t in [claim.statement, *(e.finding for e in claim.evidence)]
        ):
            line, col = _line(raw, ("bound-free", "numbers", i, "number"))
            problems.append(
                Problem(
                    CONFIG,
                    line,
                    col,
                    n.id,
                    "number",
                    f"'{n.number}' does not appear in the statement or findings of claim "
                    f"'{n.claim}'; quote the number as the claim gives it",
                )
            )
    if problems:
        raise StoreError(problems)
    return available


# --- rendering -----------------------------------------------------------------------------------


class Explainers:
    def __init__(self, renderer: Renderer, config: ExplainersConfig, available: set[str]):
        self.r, self.config, self.available = renderer, config, available
        self.store = renderer.store

    def has(self, *ids: str) -> bool:
        return all(i in self.available for i in ids)

    def claim(self, ctx: PageContext, cid: str) -> dict:
        c: Claim = self.store.resolve_claim(cid)  # type: ignore[assignment]
        g = self.store.grades[c.id]
        return {
            "id": c.id,
            "statement": c.statement,
            "grade": g.css,
            "grade_text": g.verdict_line,
            "grade_word": g.word,
            "grade_label": g.label,
            "status": c.status.value,
            "href": self.r.url(ctx, claim_page(c.id)),
        }

    def sources(self, ctx: PageContext, ids: list[str]) -> list[dict]:
        """The claims an explainer draws on, each with its grade and its sources, in first-use order."""
        out, seen = [], set()
        for cid in ids:
            if cid in seen or cid not in self.available:
                continue
            seen.add(cid)
            claim = self.store.resolve_claim(cid)
            srcs = []
            for sid in dict.fromkeys(e.source for e in claim.evidence):
                src = self.store.sources[sid]
                who = (
                    src.author[0].family + (" et al." if len(src.author) > 1 else "")
                    if src.author
                    else src.title
                )
                srcs.append(
                    {
                        "label": f"{who} {src.year}" if src.year else who,
                        "title": src.title,
                        "href": self.r.url(ctx, source_page(sid)),
                    }
                )
            out.append({**self.claim(ctx, cid), "grade_result": self.store.grades[claim.id], "sources": srcs})
        return out

    def render(self, ctx: PageContext, name: Any) -> str:
        if name not in NAMES:
            close = self.store.closest(str(name), NAMES)
            raise MacroArgumentError(
                f"explainer(): unknown explainer {name!r}; use one of {', '.join(NAMES)}"
                + (f" (closest: {', '.join(close)})" if close else "")
            )
        view = getattr(self, name.replace("-", "_"))(ctx)
        data = view.pop("data", None)
        return self.r.render(
            f"explainer_{name.split('-')[0]}.html",
            name=name,
            **view,
            data_block=self.r.explainer_data(ctx, name, data) if data is not None else "",
            method_href=self.r.url(ctx, "method.md", "grades"),
        )

    # one view per explainer ---------------------------------------------------------------------
    def axis_loop(self, ctx: PageContext) -> dict:
        a = self.config.axis_loop
        controls = [c for c in a.controls if self.has(*c.claims)]
        data = {
            "feedback": a.feedback,
            "response": a.response,
            "controls": [
                {
                    "id": c.id,
                    "label": c.label,
                    "options": [
                        {
                            "id": o.id,
                            "label": o.label,
                            "drive": o.drive,
                            "night": o.night,
                            "gain": o.gain,
                            "exo": o.exo,
                            "expect": o.expect.model_dump(exclude_none=True) if o.expect else {},
                        }
                        for o in c.options
                    ],
                }
                for c in controls
            ],
        }
        claims = {c.id: [self.claim(ctx, i) for i in c.claims] for c in controls}
        ids = [*a.basis, *(i for c in controls for i in c.claims)]
        return {
            "controls": controls,
            "claims": claims,
            "data": data if controls else None,
            "sources": self.sources(ctx, ids),
        }

    def bound_free(self, ctx: PageContext) -> dict:
        b = self.config.bound_free
        numbers = {n.id: n for n in b.numbers if self.has(n.claim)}
        ready = self.has(b.test_claim) and {"bound", "free"} <= set(numbers)
        insulin = self.claim(ctx, b.insulin_claim) if self.has(b.insulin_claim) else None
        tissue = [self.claim(ctx, c) for c in b.tissue_claims if self.has(c)]
        data = {
            "numbers": {k: {"label": n.label, "number": n.number} for k, n in numbers.items()},
            "insulin": insulin is not None,
            "tissue": bool(tissue),
        }
        ids = [
            *b.basis,
            *(n.claim for n in numbers.values()),
            b.test_claim,
            b.insulin_claim,
            *b.tissue_claims,
        ]
        return {
            "numbers": numbers,
            "test": self.claim(ctx, b.test_claim) if self.has(b.test_claim) else None,
            "insulin": insulin,
            "tissue": tissue,
            "data": data if ready else None,
            "number_claims": {k: self.claim(ctx, n.claim) for k, n in numbers.items()},
            "sources": self.sources(ctx, ids),
        }

    def hair_cycle(self, ctx: PageContext) -> dict:
        h = self.config.hair_cycle
        markers = [
            {"id": m.id, "phase": m.phase, "label": m.label, "claim": self.claim(ctx, m.claim)}
            for m in h.markers
            if self.has(m.claim)
        ]
        phases = [
            {
                "id": p.id,
                "label": p.label,
                "summary": p.summary,
                "markers": [m for m in markers if m["phase"] == p.id],
            }
            for p in h.phases
        ]
        ready = self.has(*h.basis)
        data = {"phases": [{k: p[k] for k in ("id", "label", "summary")} for p in phases], "markers": markers}
        return {
            "phases": phases,
            "markers": markers,
            "data": data if ready else None,
            "sources": self.sources(ctx, [*h.basis, *(m.claim for m in h.markers)]),
        }

    def risk_shape(self, ctx: PageContext) -> dict:
        r = self.config.risk_shape
        curves = [
            {"outcome": c.outcome, "shape": c.shape, "label": c.label, "claim": self.claim(ctx, c.claim)}
            for c in r.curves
            if self.has(c.claim)
        ]
        outcomes = [o for o in r.outcomes if any(c["outcome"] == o.id for c in curves)]
        data = {"outcomes": [{"id": o.id, "label": o.label} for o in outcomes], "curves": curves}
        return {
            "outcomes": outcomes,
            "outcome_label": {o.id: o.label for o in r.outcomes},
            "curves": curves,
            "data": data if curves else None,
            "sources": self.sources(ctx, [c.claim for c in r.curves]),
        }

    def evidence_explorer(self, ctx: PageContext) -> dict:
        s = self.store
        status_rank = {st.value: i for i, st in enumerate(Status)}
        rows = []
        for c in s.claims.values():
            seeds = list(dict.fromkeys(a.source for a in c.asserted_by))
            rows.append(
                {
                    "claim": c,
                    "statement": self.r.statement(c),
                    "grade": s.grades[c.id],
                    "href": self.r.url(ctx, claim_page(c.id)),
                    "topic": s.topics[c.topic],
                    "status_rank": status_rank[c.status.value],
                    "designs": sorted({e.design.value for e in c.evidence}),
                    "species": sorted({e.species.value for e in c.evidence}),
                    "seeds": [s.sources[i] for i in seeds],
                }
            )
        filters = [
            ("topic", "Topic", [(t.id, t.title) for t in s.topics.values()]),
            (
                "grade",
                "Certainty",
                [(lv.value, LEVEL_WORD[lv]) for lv in LEVELS] + [("background", "background")],
            ),
            ("status", "Status", [(st.value, st.value) for st in Status]),
            ("design", "Study design", sorted({(d, d) for r in rows for d in r["designs"]})),
            ("species", "Species", sorted({(d, d) for r in rows for d in r["species"]})),
            ("seed", "Seed article", [(x.id, x.title) for x in s.seeds()]),
        ]
        return {"rows": rows, "filters": filters, "data": None, "claims_href": self.r.url(ctx, CLAIMS_PAGE)}


def register(env: Any, renderer: Renderer, ctx: Callable[[], PageContext], root: Path) -> Explainers:
    """Validate data/explainers.yaml and register the `explainer(name)` macro."""
    from mkdocs.exceptions import PluginError

    try:
        config, available = load_config(root, renderer.store)
    except StoreError as exc:
        raise PluginError(exc.render()) from None
    explainers = Explainers(renderer, config, available)

    @env.macro
    def explainer(name: str) -> str:
        """An interactive explainer (axis-loop, bound-free, hair-cycle, risk-shape, evidence-explorer)."""
        here = ctx()
        return here.stash.block(explainers.render(here, name))

    return explainers


def schema() -> dict:
    return TypeAdapter(ExplainersConfig).json_schema(by_alias=True, mode="validation")

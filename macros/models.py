"""Typed models of the store. Everything after validation trusts these types.

The field names of sources follow CSL-JSON (hyphenated and upper-case names are aliases), so the
records can be handed to a CSL processor and exported as CSL-JSON unchanged. The closed sets of values
the fields take (designs, verdicts, certainty levels...) are in macros/vocabulary.py.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainSerializer,
    StringConstraints,
    WithJsonSchema,
    field_validator,
    model_validator,
)

from .certainty_rules import UP_DOMAINS
from .problems import LINE_PATTERN, TEXT_PATTERN
from .units import expand, other_unit
from .vocabulary import (
    CASE_DESIGNS,
    RATIO_MEASURES,
    Bias,
    Certainty,
    Changed,
    Design,
    Direction,
    Domain,
    Kind,
    Measure,
    Pools,
    RefVerdict,
    SourceKind,
    Species,
    Status,
    VerificationStatus,
)

SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
MAX_QUOTE_WORDS = 30

Slug = Annotated[str, StringConstraints(pattern=SLUG_PATTERN, max_length=120)]
# Words copied verbatim from elsewhere (quotes, a reference as cited): kept exactly as written.
# No control characters (problems.py says why and explains a mismatch); a line holds no line break either.
VerbatimText = Annotated[str, StringConstraints(min_length=1, max_length=5000, pattern=TEXT_PATTERN)]
VerbatimLine = Annotated[str, StringConstraints(min_length=1, max_length=1000, pattern=LINE_PATTERN)]
# Our own text: an IGF-1 token, `[igf1 150 ng/mL]`, is expanded here into both units (macros/units.py),
# so every consumer (pages, exports, claims.json, plots) sees the expanded text.
Text = Annotated[VerbatimText, AfterValidator(expand)]
OneLine = Annotated[VerbatimLine, AfterValidator(expand)]


def empty_list() -> Any:
    """A list field that defaults to empty. A plain `= []` default is deep-copied for every record, which
    was the largest single cost of validating a large store; a factory is not. The schema still shows
    the default."""
    return Field(default_factory=list, json_schema_extra={"default": []})


def _not_future(what: str) -> AfterValidator:
    """A date not after today (a future history date would head the What changed page and feed for years)."""

    def check(v: dt.date) -> dt.date:
        if v > dt.date.today():
            raise ValueError(f"{what} date {v.isoformat()} is in the future")
        return v

    return AfterValidator(check)


class StrictModel(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True, frozen=True, str_strip_whitespace=True)


# --- sources -----------------------------------------------------------------------------------


class Author(StrictModel):
    family: OneLine
    given: OneLine | None = None


class Issued(StrictModel):
    date_parts: list[list[int]] = Field(alias="date-parts", min_length=1, max_length=1)

    @field_validator("date_parts")
    @classmethod
    def _plausible(cls, v: list[list[int]]) -> list[list[int]]:
        parts = v[0]
        if not 1 <= len(parts) <= 3:
            raise ValueError("date-parts must be [[year]], [[year, month]] or [[year, month, day]]")
        if not 1800 <= parts[0] <= dt.date.today().year:
            raise ValueError(
                f"year {parts[0]} is not plausible; write the year of publication (1800 to this year)"
            )
        return v

    @property
    def year(self) -> int:
        return self.date_parts[0][0]


CSL_FIELDS = (
    "title",
    "author",
    "issued",
    "container-title",
    "volume",
    "issue",
    "page",
    "DOI",
    "PMID",
    "PMCID",
    "URL",
)


class Verification(StrictModel):
    status: VerificationStatus
    note: Text
    unverified_fields: list[Literal[CSL_FIELDS]] = empty_list()  # type: ignore[valid-type]


class Appraisal(StrictModel):
    """A judgement about one study, recorded once and counted the same wherever the study is cited."""

    risk_of_bias: Bias
    reason: Text | None = None

    @model_validator(mode="after")
    def _reason_when_not_low(self) -> Appraisal:
        if self.risk_of_bias != Bias.low and not self.reason:
            raise ValueError("appraisal.risk_of_bias is not 'low': give the reason")
        return self


class Source(StrictModel):
    id: Slug
    type: Literal[
        "article-journal", "book", "chapter", "webpage", "article-newspaper", "report", "article", "thesis"
    ]
    title: OneLine
    author: list[Author] = empty_list()
    issued: Issued | None = None
    container_title: OneLine | None = Field(default=None, alias="container-title")
    volume: Annotated[str, StringConstraints(max_length=40)] | None = None
    issue: Annotated[str, StringConstraints(max_length=40)] | None = None
    page: Annotated[str, StringConstraints(max_length=40)] | None = None
    DOI: Annotated[str, StringConstraints(pattern=r"^10\.\d{4,9}/\S+$")] | None = None
    PMID: Annotated[str, StringConstraints(pattern=r"^[1-9]\d{0,8}$")] | None = None
    PMCID: Annotated[str, StringConstraints(pattern=r"^PMC\d{1,9}$")] | None = None
    URL: Annotated[str, StringConstraints(pattern=r"^https?://\S+$")] | None = None
    kind: SourceKind
    verification: Verification
    publisher: OneLine | None = None
    conflict_of_interest: Text | None = None
    seed_file: Annotated[str, StringConstraints(pattern=r"^[\w.-]+\.txt$")] | None = None
    appraisal: Appraisal | None = None
    aliases: list[Slug] = empty_list()  # old ids: their URLs and register anchors lead here
    more_authors: bool = False  # authors after those listed exist, not seen or not copied: shown as "et al."

    @field_validator("volume", "issue", "page", "PMID", mode="before")
    @classmethod
    def _numbers_as_text(cls, v: object) -> object:
        return str(v) if isinstance(v, int) else v

    @model_validator(mode="after")
    def _unverified_fields_present(self) -> Source:
        unverified = self.verification.unverified_fields
        for name in unverified:
            if not getattr(self, name.replace("-", "_")):
                raise ValueError(
                    f"verification.unverified_fields names '{name}', which this source "
                    "does not have: drop it from the list"
                )
        if unverified and self.verification.status == VerificationStatus.verified:
            raise ValueError(
                "verification.status is 'verified' but unverified_fields is not empty: use 'partial'"
            )
        if self.more_authors and (not self.author or self.verification.status == VerificationStatus.verified):
            raise ValueError(
                "more_authors says the author list is incomplete: list the authors seen under author "
                "and set verification.status to 'partial'"
            )
        return self

    @property
    def is_seed(self) -> bool:
        return self.seed_file is not None

    @property
    def year(self) -> int | None:
        return self.issued.year if self.issued else None

    def unverified(self, field: str) -> bool:
        return field in self.verification.unverified_fields


# --- claims ------------------------------------------------------------------------------------


# A number as the paper prints it. YAML reads 1.00 as the float 1.0, so a number whose trailing zeros
# matter is written in quotes ("1.00"); tests/test_units.py finds one written without them. In JSON, a number.
DECIMAL_TEXT = r"^-?\d+(\.\d+)?$"


def _decimal_text(v: object) -> object:
    if isinstance(v, str) and not re.fullmatch(DECIMAL_TEXT, v):
        raise ValueError(
            f'\'{v}\' is not a number as papers print one; write digits, such as "1.10" or "-2.8"'
        )
    return v


Reported = Annotated[
    Decimal,
    BeforeValidator(_decimal_text),
    Field(allow_inf_nan=False),
    PlainSerializer(float, return_type=float, when_used="json"),
    WithJsonSchema({"anyOf": [{"type": "number"}, {"type": "string", "pattern": DECIMAL_TEXT}]}),
]


class Effect(StrictModel):
    """An effect as the paper reports it. Numbers are entered only where they were seen. `events` are the
    people with the outcome; a case-control or Mendelian randomisation study's events are shown as its
    cases, so enter there the cases of the outcome, never the number exposed."""

    measure: Measure
    value: Reported
    ci: Annotated[list[Reported], Field(min_length=2, max_length=2)] | None = None
    comparison: OneLine
    outcome: OneLine
    unit: OneLine | None = None
    participants: Annotated[int, Field(ge=1)] | None = None
    events: Annotated[int, Field(ge=0)] | None = None
    i2: Annotated[float, Field(ge=0, le=100)] | None = None

    @model_validator(mode="after")
    def _coherent(self) -> Effect:
        if self.measure in RATIO_MEASURES and (self.value <= 0 or (self.ci and min(self.ci) <= 0)):
            raise ValueError(f"a {self.measure.value} and its CI must be positive")
        if self.measure == Measure.correlation and not -1 <= self.value <= 1:
            raise ValueError("a correlation lies between -1 and 1")
        if self.ci and not self.ci[0] <= self.value <= self.ci[1]:
            raise ValueError(
                f"the CI [{self.ci[0]}, {self.ci[1]}] does not hold the value {self.value}: "
                "write it as [low, high] around the estimate"
            )
        return self

    @property
    def reported(self) -> tuple[str, str | None, str | None]:
        """The value and the CI's bounds as text, digit for digit as the store has them."""
        low, high = (format(x, "f") for x in self.ci) if self.ci else (None, None)
        return format(self.value, "f"), low, high

    @property
    def in_other_unit(self) -> dict[str, Any] | None:
        """An IGF-1 concentration effect's value and CI in the other unit, rounded as the igf1 macro
        rounds: {"value": "1.80", "ci": ["0.80", "2.81"] or None, "unit": "nmol/L"}; None otherwise."""
        converted = other_unit(self.value, self.unit or "")
        if converted is None or not re.search(r"\bIGF-?(1|I)\b", self.outcome):
            return None
        ci = [other_unit(v, self.unit or "")[0] for v in self.ci] if self.ci else None  # type: ignore[index]
        return {"value": converted[0], "ci": ci, "unit": converted[1]}


class ItemBias(StrictModel):
    level: Bias
    reason: Text


class Evidence(StrictModel):
    source: Slug
    design: Design
    species: Species
    population: OneLine | None = None
    # The named cohort when several sources analyse the same people ("UK Biobank"): they are counted as
    # one population, never as independent replications.
    cohort: OneLine | None = None
    n: Annotated[int, Field(ge=1)] | None = None
    studies: Annotated[int, Field(ge=1)] | None = None
    pools: Pools | None = None
    direction: Direction
    finding: Text
    locator: OneLine | None = None
    indirect: OneLine | None = None
    risk_of_bias: ItemBias | None = None
    effect: Effect | None = None

    @property
    def events_noun(self) -> str:
        """What its effect's events are called: cases in a case-control or Mendelian randomisation study."""
        return "cases" if self.design in CASE_DESIGNS else "events"


class Assertion(StrictModel):
    source: Slug
    quote: VerbatimLine  # compared word for word with the archived article: never expanded
    thread: Literal["reader", "author"] | None = None  # from its comment thread: whose words (_macros.html)

    @field_validator("quote")
    @classmethod
    def _short(cls, v: str) -> str:
        words = len(v.split())
        if words > MAX_QUOTE_WORDS:
            raise ValueError(f"quote has {words} words; quote at most {MAX_QUOTE_WORDS}")
        return v


class Rating(StrictModel):
    """An editors' judgement on one domain, with its reason: it moves the claim's certainty, or (0) keeps
    the rule from moving it there, e.g. imprecision judged not serious despite fewer than 400 people."""

    domain: Domain
    change: Literal[-2, -1, 0, 1, 2]
    reason: Text

    @model_validator(mode="after")
    def _direction(self) -> Rating:
        up = self.domain in UP_DOMAINS
        if up and self.change < 0:
            raise ValueError(f"'{self.domain.value}' can only raise certainty: change must be +1, +2 or 0")
        if not up and self.change > 0:
            raise ValueError(f"'{self.domain.value}' can only lower certainty: change must be -1, -2 or 0")
        return self


class CertaintyOverride(StrictModel):
    level: Certainty
    reason: Text


class HistoryEntry(StrictModel):
    date: Annotated[dt.date, _not_future("history")]
    what: Annotated[list[Changed], Field(min_length=1)]
    note: Text

    @field_validator("what")
    @classmethod
    def _once_each(cls, v: list[Changed]) -> list[Changed]:
        if len(set(v)) != len(v):
            raise ValueError("a change is listed twice in 'what'")
        if Changed.new in v and len(v) > 1:
            raise ValueError(
                "'new' stands alone in 'what': a claim just added has no earlier version to change"
            )
        for moved, kept in ((Changed.certainty, Changed.reasons), (Changed.verdict, Changed.kept)):
            if {moved, kept} <= set(v):
                raise ValueError(f"'what' lists '{moved.value}' (it moved) or '{kept.value}', not both")
        return v


class Claim(StrictModel):
    id: Slug
    statement: OneLine
    topic: Slug
    kind: Kind = Kind.finding
    status: Status
    scope: Species = Species.human
    association: bool = False  # about a prognostic factor, not a cause: cohorts start high (certainty_rules)
    evidence: list[Evidence] = empty_list()
    asserted_by: list[Assertion] = empty_list()
    caveats: Text | None = None
    related: list[Slug] = empty_list()
    reviewed: Annotated[dt.date, _not_future("reviewed")]
    certainty_ratings: list[Rating] = empty_list()
    certainty_override: CertaintyOverride | None = None
    history: list[HistoryEntry] = empty_list()
    register_only: Text | None = None
    aliases: list[Slug] = empty_list()

    @field_validator("statement")
    @classmethod
    def _one_sentence_shape(cls, v: str) -> str:
        if "{{" in v or "{%" in v:
            raise ValueError("statement contains template syntax ('{{' or '{%'); write it as text")
        return v


class Question(StrictModel):
    """A question a reader arrives with, answered by one claim (a row of the summary of findings). Word it
    so that its claim is the answer "yes": the claim's verdict then answers it (refuted: no)."""

    question: OneLine
    claim: Slug


PagePath = Annotated[str, StringConstraints(pattern=r"^[\w/.-]+\.md$")]  # a page, by its path under docs/


class Companion(StrictModel):
    """A page beside the topic's own (its popular claims, ...) with a summary of findings of its own: each
    question answered by a claim that page shows, so that a reader arriving there gets quick answers."""

    page: PagePath
    questions: Annotated[list[Question], Field(min_length=1)]


class Topic(StrictModel):
    id: Slug
    title: OneLine
    page: PagePath
    summary: Text
    questions: list[Question] = empty_list()
    companions: list[Companion] = empty_list()

    def questions_on(self, page: str) -> list[Question]:
        """The questions `summary_of_findings(topic)` answers on this page: a companion's own, else the topic's."""
        return next((c.questions for c in self.companions if c.page == page), self.questions)


class GlossaryEntry(StrictModel):
    term: Annotated[str, StringConstraints(min_length=1, max_length=40, pattern=r"^[^\s<>&\"']+$")]
    expansion: OneLine
    definition: Text


class SeedReference(StrictModel):
    seed: Slug
    number: Annotated[int, Field(ge=1)]
    as_cited: VerbatimText  # the reference as the seed article prints it
    verdict: RefVerdict
    finding: Text
    source: Slug | None = None


# Which model validates which data file (a list of records in each).
FILE_MODELS: dict[str, type[StrictModel]] = {
    "sources": Source,
    "claims": Claim,
    "topics": Topic,
    "glossary": GlossaryEntry,
    "seed-references": SeedReference,
}

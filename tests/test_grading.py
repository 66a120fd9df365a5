"""The grading rule, case by case."""

from __future__ import annotations

import datetime as dt

import pytest

from macros.grading import evidence_level, grade_claim
from macros.models import Claim, Design, Grade, Species


def ev(design: str, species: str, direction: str = "supports") -> dict:
    return {"source": "s", "design": design, "species": species, "direction": direction, "finding": "f"}


def claim(*evidence: dict, override: dict | None = None) -> Claim:
    return Claim.model_validate({"id": "c", "statement": "s.", "topic": "t", "status": "supported",
                                 "evidence": list(evidence), "reviewed": dt.date(2026, 1, 1),
                                 **({"grade_override": override} if override else {})})


@pytest.mark.parametrize(("design", "species", "level"), [
    ("meta-analysis", "human", "A"), ("systematic-review", "human", "A"), ("rct", "human", "A"),
    ("cohort", "human", "B"), ("case-control", "human", "B"), ("cross-sectional", "human", "B"),
    ("case-series", "human", "C"), ("case-report", "human", "C"),
    ("animal", "mouse", "C"), ("animal", "rabbit", "C"), ("in-vitro", "human-cells", "C"),
    ("in-vitro", "animal-cells", "C"), ("meta-analysis", "mouse", "C"), ("rct", "other-animal", "C"),
    ("narrative-review", "human", "D"), ("expert-opinion", "human", "D"), ("anecdote", "human", "D"),
])
def test_evidence_level(design: str, species: str, level: str) -> None:
    assert evidence_level(Design(design), Species(species)) == Grade(level)


@pytest.mark.parametrize(("evidence", "grade", "downgraded"), [
    ([], "D", False),
    ([ev("rct", "human")], "A", False),
    ([ev("cohort", "human"), ev("animal", "mouse")], "B", False),
    ([ev("animal", "mouse")], "C", False),
    ([ev("narrative-review", "human")], "D", False),
    # contradicting evidence of the same level lowers one grade
    ([ev("cohort", "human"), ev("case-control", "human", "contradicts")], "C", True),
    # of a higher level too
    ([ev("cohort", "human"), ev("meta-analysis", "human", "null")], "C", True),
    # of a lower level does not
    ([ev("cohort", "human"), ev("animal", "mouse", "contradicts")], "B", False),
    ([ev("rct", "human"), ev("cohort", "human", "contradicts")], "A", False),
    # mixed counts both ways
    ([ev("meta-analysis", "human", "mixed")], "B", True),
    # only contradicting evidence: nothing supports, grade D
    ([ev("meta-analysis", "human", "contradicts")], "D", True),
    # D cannot go lower
    ([ev("anecdote", "human"), ev("expert-opinion", "human", "contradicts")], "D", True),
])
def test_grade(evidence: list[dict], grade: str, downgraded: bool) -> None:
    result = grade_claim(claim(*evidence))
    assert result.grade == Grade(grade)
    assert result.downgraded is downgraded
    assert result.override_reason is None


def test_override_keeps_computed_grade_and_reason() -> None:
    result = grade_claim(claim(ev("animal", "mouse"), override={"grade": "B", "reason": "Because."}))
    assert (result.grade, result.computed, result.override_reason) == (Grade.B, Grade.C, "Because.")


def test_override_needs_reason() -> None:
    with pytest.raises(ValueError, match="reason"):
        claim(ev("animal", "mouse"), override={"grade": "B"})

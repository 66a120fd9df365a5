"""The evidence-grade rule. It lives here and only here; the Method page is generated from it.

A claim's grade is the best level among the evidence that supports it, one grade lower when evidence
of the same or a higher level contradicts it. Levels come from study design and species.
"""

from __future__ import annotations

from dataclasses import dataclass

from .models import Claim, Design, Direction, Grade, Species

ORDER = (Grade.A, Grade.B, Grade.C, Grade.D)  # best first

HUMAN = frozenset({Species.human})

# Designs whose level depends on the species studied (human evidence only reaches A or B).
HUMAN_LEVEL: dict[Design, Grade] = {
    Design.meta_analysis: Grade.A,
    Design.systematic_review: Grade.A,
    Design.rct: Grade.A,
    Design.cohort: Grade.B,
    Design.case_control: Grade.B,
    Design.cross_sectional: Grade.B,
    Design.case_series: Grade.C,
    Design.case_report: Grade.C,
    Design.animal: Grade.C,
    Design.in_vitro: Grade.C,
}
NON_HUMAN_LEVEL = Grade.C  # any study design in animals, animal cells or human cells
NO_PRIMARY_EVIDENCE = frozenset({Design.narrative_review, Design.expert_opinion, Design.anecdote})

SUPPORTING = frozenset({Direction.supports, Direction.mixed})
CONTRADICTING = frozenset({Direction.contradicts, Direction.null, Direction.mixed})

GRADE_MEANING: dict[Grade, str] = {
    Grade.A: "Supported by human meta-analyses, systematic reviews or randomised trials.",
    Grade.B: "Supported by human observational studies (cohort, case-control, cross-sectional).",
    Grade.C: "Supported only by animal or cell studies, or by human case reports and case series.",
    Grade.D: "No primary evidence: expert opinion, narrative reviews, web articles or anecdote.",
}
GRADE_SHORT: dict[Grade, str] = {
    Grade.A: "strong human evidence",
    Grade.B: "human observational evidence",
    Grade.C: "animal, cell or case evidence only",
    Grade.D: "no primary evidence",
}
DIRECTION_MEANING: dict[Direction, str] = {
    Direction.supports: "the study's result agrees with the claim",
    Direction.contradicts: "the study's result goes against the claim",
    Direction.mixed: "part of the result agrees and part does not; it counts both as support and as "
                     "contradiction",
    Direction.null: "the study looked and found no effect; it counts as contradiction",
}


def evidence_level(design: Design, species: Species) -> Grade:
    """The level one piece of evidence can lend a claim."""
    if design in NO_PRIMARY_EVIDENCE:
        return Grade.D
    if species not in HUMAN:
        return NON_HUMAN_LEVEL
    return HUMAN_LEVEL[design]


def lower(grade: Grade) -> Grade:
    return ORDER[min(ORDER.index(grade) + 1, len(ORDER) - 1)]


def best(levels: list[Grade]) -> Grade | None:
    return min(levels, key=ORDER.index) if levels else None


@dataclass(frozen=True)
class GradeResult:
    grade: Grade            # what the page shows
    computed: Grade         # what the rule gives
    base: Grade             # before the contradiction step
    downgraded: bool        # the contradiction step applied
    override_reason: str | None


def grade_claim(claim: Claim) -> GradeResult:
    supporting = [evidence_level(e.design, e.species) for e in claim.evidence if e.direction in SUPPORTING]
    contradicting = [evidence_level(e.design, e.species) for e in claim.evidence
                     if e.direction in CONTRADICTING]
    base = best(supporting) or Grade.D
    strongest_against = best(contradicting)
    downgraded = strongest_against is not None and ORDER.index(strongest_against) <= ORDER.index(base)
    computed = lower(base) if downgraded else base
    if claim.grade_override:
        return GradeResult(claim.grade_override.grade, computed, base, downgraded,
                           claim.grade_override.reason)
    return GradeResult(computed, computed, base, downgraded, None)

"""The store's controlled vocabulary: every closed set of values a record may hold (kinds, designs,
verdicts, certainty levels, rating domains), as enums the models and the grading rule share.

A member's value is the word written in data/ and printed by the templates, so renaming a value changes
both the data files and the pages.
"""

from __future__ import annotations

from enum import Enum


class SourceKind(str, Enum):
    primary_study = "primary-study"
    systematic_review = "systematic-review"
    meta_analysis = "meta-analysis"
    narrative_review = "narrative-review"
    guideline = "guideline"
    textbook = "textbook"
    web_article = "web-article"
    news = "news"
    clinic_marketing = "clinic-marketing"


class VerificationStatus(str, Enum):
    verified = "verified"
    partial = "partial"
    unverified = "unverified"


class Status(str, Enum):
    established = "established"
    supported = "supported"
    contested = "contested"
    speculative = "speculative"
    refuted = "refuted"


class Design(str, Enum):
    meta_analysis = "meta-analysis"
    systematic_review = "systematic-review"
    rct = "rct"
    # a trial with a control group whose allocation is not random, or not shown to be (a GRADE non-randomised study)
    non_randomised_trial = "non-randomised-trial"
    cohort = "cohort"
    mendelian_randomisation = "mendelian-randomisation"  # gene variants as instruments for the exposure
    case_control = "case-control"
    cross_sectional = "cross-sectional"
    case_series = "case-series"
    case_report = "case-report"
    animal = "animal"
    in_vitro = "in-vitro"
    narrative_review = "narrative-review"
    expert_opinion = "expert-opinion"
    anecdote = "anecdote"


# Designs whose events are the cases they recruited: their participant count also holds controls.
CASE_DESIGNS = frozenset({Design.case_control, Design.mendelian_randomisation})


class Species(str, Enum):
    human = "human"
    mouse = "mouse"
    rat = "rat"
    rabbit = "rabbit"
    other_animal = "other-animal"
    human_cells = "human-cells"
    animal_cells = "animal-cells"


class Direction(str, Enum):
    supports = "supports"
    contradicts = "contradicts"
    mixed = "mixed"
    null = "null"


class Kind(str, Enum):
    """A finding can be tested by evidence; background (definitions, anatomy, textbook physiology, guideline
    positions, facts about the literature) is shown with its reference works and never with a certainty level."""

    finding = "finding"
    background = "background"


class Certainty(str, Enum):
    """GRADE's four levels of certainty of a body of evidence, best first."""

    high = "high"
    moderate = "moderate"
    low = "low"
    very_low = "very-low"


class Bias(str, Enum):
    low = "low"
    serious = "serious"
    very_serious = "very-serious"


class Pools(str, Enum):
    randomised = "randomised"
    cohort = "cohort"  # cohort studies only (for a claim of association, it can start high)
    observational = "observational"
    mixed = "mixed"


class Measure(str, Enum):
    RR = "RR"
    OR = "OR"
    HR = "HR"
    SIR = "SIR"  # standardised incidence ratio: observed over expected cases, against a reference population
    SMR = "SMR"  # standardised mortality ratio: observed over expected deaths
    MD = "MD"
    SMD = "SMD"
    percent_change = "percent-change"
    correlation = "correlation"


RATIO_MEASURES = frozenset({Measure.RR, Measure.OR, Measure.HR, Measure.SIR, Measure.SMR})


class Domain(str, Enum):
    risk_of_bias = "risk-of-bias"
    inconsistency = "inconsistency"
    indirectness = "indirectness"
    imprecision = "imprecision"
    publication_bias = "publication-bias"
    large_effect = "large-effect"
    dose_response = "dose-response"


class Changed(str, Enum):
    statement = "statement"
    verdict = "verdict"
    kept = "verdict-kept"  # the verdict re-judged and kept; the note says why
    certainty = "certainty"  # the level moved
    reasons = "reasons"  # the reasons for the certainty changed, not its level
    evidence = "evidence"
    sources = "sources"
    kind = "kind"
    new = "new"


class RefVerdict(str, Enum):
    correct = "correct"
    minor_error = "minor-error"
    wrong = "wrong"
    unverifiable = "unverifiable"

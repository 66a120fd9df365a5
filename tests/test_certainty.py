"""The certainty rule (macros/certainty.py), one case per rule and reason, and the consistency checks."""

from __future__ import annotations

import datetime as dt

import pytest

from macros.certainty import judge, start_of
from macros.certainty_checks import check_claim
from macros.certainty_rules import IMPRECISION_PARTICIPANTS, LEVELS, START_RULES
from macros.evidence_counts import pair_i2
from macros.models import Claim, Effect, Source
from macros.render import certainty_options
from macros.vocabulary import Certainty, Species

BIG = IMPRECISION_PARTICIPANTS  # enough participants not to be imprecise


def ev(
    design: str,
    direction: str = "supports",
    species: str = "human",
    n: int | None = BIG,
    source: str = "s",
    **more: object,
) -> dict:
    out = {"source": source, "design": design, "species": species, "direction": direction, "finding": "f"}
    if n is not None:
        out["n"] = n
    return {**out, **more}


def claim(*evidence: dict, status: str = "supported", **more: object) -> Claim:
    return Claim.model_validate(
        {
            "id": "c",
            "statement": "s.",
            "topic": "t",
            "status": status,
            "evidence": list(evidence),
            "reviewed": dt.date(2026, 1, 1),
            **more,
        }
    )


def source(sid: str = "s", kind: str = "primary-study", **more: object) -> Source:
    return Source.model_validate(
        {
            "id": sid,
            "type": "article-journal",
            "title": "T",
            "kind": kind,
            "verification": {"status": "verified", "note": "n"},
            **more,
        }
    )


SOURCES = {"s": source(), "t": source("t"), "u": source("u")}


def ratio(measure: str, value: float, low: float, high: float) -> dict:
    return {"measure": measure, "value": value, "ci": [low, high], "comparison": "x", "outcome": "y"}


@pytest.mark.parametrize(
    ("design", "species", "scope", "pools", "level", "rule"),
    [
        ("rct", "human", "human", None, "high", 0),
        ("meta-analysis", "human", "human", "randomised", "high", 0),
        ("systematic-review", "human", "human", "randomised", "high", 0),
        ("meta-analysis", "human", "human", None, "low", 2),  # pools omitted: observational
        ("meta-analysis", "human", "human", "mixed", "low", 2),
        ("non-randomised-trial", "human", "human", None, "low", 2),  # a control group, allocation not random
        ("cohort", "human", "human", None, "low", 2),
        ("case-control", "human", "human", None, "low", 2),
        ("mendelian-randomisation", "human", "human", None, "low", 2),
        ("cross-sectional", "human", "human", None, "low", 2),
        ("case-series", "human", "human", None, "very-low", 3),
        ("case-report", "human", "human", None, "very-low", 3),
        ("animal", "mouse", "human", None, "very-low", 4),  # indirect for people
        ("in-vitro", "human-cells", "human", None, "very-low", 4),
        ("rct", "other-animal", "human", None, "very-low", 4),  # a species other than the scope
        ("animal", "mouse", "mouse", None, "high", 5),  # a claim about mice is judged on mice
        ("narrative-review", "human", "human", None, None, 6),  # no level of its own
        ("expert-opinion", "human", "human", None, None, 6),
        ("anecdote", "human", "human", None, None, 6),
    ],
)
def test_start_of_each_design(
    design: str, species: str, scope: str, pools: str | None, level: str | None, rule: int
) -> None:
    """Each design starts where the code says, and the Method page's hand-written start table (the
    row that names the design, START_RULES[rule]) gives the same level."""
    e = claim(ev(design, species=species, **({"pools": pools} if pools else {}))).evidence[0]
    start, why = start_of(e, Species(scope))
    assert start == (Certainty(level) if level else None) and why
    assert START_RULES[rule][1] == start, f"the Method page's start table says {START_RULES[rule][:2]}"


@pytest.mark.parametrize(
    ("pools", "words"),
    [
        (None, "a meta-analysis whose included designs are not recorded"),  # not "of observational studies"
        ("observational", "a meta-analysis of observational studies"),
        ("mixed", "a meta-analysis of mixed studies"),
    ],
)
def test_a_pooled_analysis_start_says_what_is_recorded_of_its_designs(pools: str | None, words: str) -> None:
    e = claim(ev("meta-analysis", **({"pools": pools} if pools else {}))).evidence[0]
    assert start_of(e, Species.human) == (Certainty.low, words)


def test_one_pooled_analysis_reported_as_several_results_keeps_its_start_words() -> None:
    """Two results of one meta-analysis are one study: its start says what is (not) recorded of its designs;
    two meta-analyses are counted instead."""
    one = judge(claim(ev("meta-analysis"), ev("meta-analysis")), SOURCES).why
    assert "started low (a meta-analysis whose included designs are not recorded)" in one, one
    two = judge(claim(ev("meta-analysis"), ev("meta-analysis", source="t")), SOURCES).why
    assert "started low (2 meta-analyses)" in two, two


@pytest.mark.parametrize(
    ("design", "pools", "appraised", "level", "rule"),
    [
        ("cohort", None, True, "high", 1),
        ("meta-analysis", "cohort", True, "high", 1),
        ("systematic-review", "cohort", True, "high", 1),
        ("cohort", None, False, "low", 2),  # not appraised: does not start high
        ("meta-analysis", "cohort", False, "low", 2),
        ("meta-analysis", "observational", True, "low", 2),  # may pool case-control studies
        ("meta-analysis", None, True, "low", 2),  # what it pools is not recorded
        ("meta-analysis", "mixed", True, "low", 2),
        ("case-control", None, True, "low", 2),
        ("cross-sectional", None, True, "low", 2),
        ("mendelian-randomisation", None, True, "low", 2),
        ("rct", None, True, "high", 0),
    ],
)
def test_start_of_an_association(
    design: str, pools: str | None, appraised: bool, level: str, rule: int
) -> None:
    """For a claim of association (a prognostic factor), appraised cohorts and pooled cohorts start high
    (GRADE for prognosis); the other observational designs, and unappraised cohorts, stay low; the Method
    page's start table agrees. A cohort study starts low for a claim of effect."""
    e = claim(ev(design, **({"pools": pools} if pools else {}))).evidence[0]
    start, why = start_of(e, Species.human, association=True, appraised=appraised)
    assert start == Certainty(level), why
    assert (rule == 1) == ("judged as an association" in why)
    assert START_RULES[rule][1] == start, f"the Method page's start table says {START_RULES[rule][:2]}"
    assert start_of(e, Species.human)[0] == (Certainty.high if design == "rct" else Certainty.low)


def test_an_association_claim_is_judged_from_high() -> None:
    """The same appraised cohort starts low for a claim of effect and high for a claim of association, and
    the claim's reasons say which question it was judged as; unappraised, it starts low for both."""
    hr = {"measure": "HR", "value": 1.3, "ci": [1.2, 1.4], "comparison": "x", "outcome": "y"}
    sources = {**SOURCES, "a": source("a", appraisal={"risk_of_bias": "low", "reason": "r"})}
    effect = judge(claim(ev("cohort", source="a", effect=hr)), sources)
    assoc = judge(claim(ev("cohort", source="a", effect=hr), association=True), sources)
    unappraised = judge(claim(ev("cohort", effect=hr), association=True), sources)
    assert (effect.level, assoc.level, unappraised.level) == (Certainty.low, Certainty.high, Certainty.low)
    assert "judged as an association" in assoc.why and "association" not in effect.why
    assert "not appraised" in unappraised.why


# (evidence, claim fields, level, words that must be in the explanation)
CASES = {
    "rct-large-high": ([ev("rct")], {}, "high", ["started high (randomised trials)"]),
    "only-reviews-very-low": ([ev("narrative-review")], {}, "very-low", ["only a narrative review"]),
    "imprecision-few-participants": (
        [ev("rct", n=68)],
        {},
        "moderate",
        ["lowered once for imprecision (68 participants)"],
    ),
    "imprecision-n-not-recorded": (
        [ev("rct", n=None)],
        {},
        "moderate",
        ["number of participants not recorded"],
    ),
    "imprecision-ci-includes-no-effect": (
        [
            ev(
                "rct",
                effect={"measure": "RR", "value": 1.2, "ci": [0.9, 1.6], "comparison": "x", "outcome": "y"},
            )
        ],
        {},
        "moderate",
        ["the 95% CI 0.9 to 1.6 includes no effect"],
    ),
    "inconsistency-other-side-same-level": (
        [ev("rct"), ev("rct", "contradicts", source="t")],
        {},
        "moderate",
        ["lowered once for inconsistency", "the other way"],
    ),
    "inconsistency-a-null-result-found-no-clear-effect": (
        [ev("rct"), ev("rct", "null", source="t")],
        {},
        "moderate",
        [
            "lowered once for inconsistency",
            "a randomised trial at the same or a higher level finds no clear effect",
        ],
    ),
    "inconsistency-each-kind-of-result-named": (
        [ev("rct"), ev("rct", "contradicts", source="t"), ev("rct", "null", source="u")],
        {},
        "moderate",
        [
            "at the same or a higher level: a randomised trial points the other way; a randomised trial finds no"
        ],
    ),
    "inconsistency-lower-level-does-not-count": ([ev("rct"), ev("cohort", "contradicts")], {}, "high", []),
    "inconsistency-i2": (
        [
            ev(
                "meta-analysis",
                pools="randomised",
                effect={
                    "measure": "MD",
                    "value": 20,
                    "ci": [5, 35],
                    "comparison": "zinc vs placebo",
                    "outcome": "IGF-1",
                    "unit": "ng/mL",
                    "i2": 97,
                },
            )
        ],
        {},
        "moderate",
        ["I² = 97%"],
    ),
    "indirectness-recorded": (
        [ev("rct", indirect="frail elderly only")],
        {},
        "moderate",
        ["lowered once for indirectness (frail elderly only)"],
    ),
    "indirect-among-direct-named-in-the-start": (  # not lowered: one direct trial; the count says so
        [ev("rct"), ev("rct", source="t", indirect="frail elderly only")],
        {},
        "high",
        ["started high (randomised trials, 1 of them indirect)"],
    ),
    "risk-of-bias-item": (
        [ev("rct", risk_of_bias={"level": "very-serious", "reason": "unblinded"})],
        {},
        "low",
        ["lowered twice for risk of bias (unblinded)"],
    ),
    "risk-of-bias-in-several-studies": (  # the reason is one study's: the step says it is not the only one
        [ev("rct", source="b"), ev("rct", risk_of_bias={"level": "serious", "reason": "open-label"})],
        {},
        "moderate",
        ["lowered once for risk of bias (2 of 2 studies at serious risk of bias, among them: single-blind)"],
    ),
    "risk-of-bias-source-appraisal": (
        [ev("rct", source="b")],
        {},
        "moderate",
        ["lowered once for risk of bias (single-blind)"],
    ),
    "risk-of-bias-not-appraised-is-said": (  # not appraised is not low risk: not lowered, but said
        [ev("rct")],
        {},
        "high",
        ["started high (randomised trials); not lowered for risk of bias (not appraised)"],
    ),
    "risk-of-bias-some-not-appraised": (  # a study at low risk keeps it up anyway: nothing more to say
        [
            ev("rct", source="b"),
            ev("rct", source="t"),
            ev("rct", risk_of_bias={"level": "low", "reason": "blinded"}),
        ],
        {},
        "high",
        ["not lowered for risk of bias (1 of the 3 starting studies not appraised)"],
    ),
    "risk-of-bias-only-the-unappraised-keep-it-up": (
        [ev("rct", source="b"), ev("rct", source="t")],
        {},
        "high",
        [
            "not lowered for risk of bias (1 of the 2 starting studies not appraised, which keeps it from being "
            "lowered; 1 at serious risk of bias)"
        ],
    ),
    "risk-of-bias-none-appraised": (
        [ev("rct", source="t"), ev("rct", source="u")],
        {},
        "high",
        ["not lowered for risk of bias (not appraised for any of the 2 starting studies)"],
    ),
    "judgement-publication-bias": (
        [ev("rct")],
        {
            "certainty_ratings": [
                {"domain": "publication-bias", "change": -1, "reason": "only sponsor trials published"}
            ]
        },
        "moderate",
        ["lowered once for publication bias (editors' judgement: only sponsor trials published)"],
    ),
    "judgement-replaces-computed-domain": (
        [ev("rct", n=68)],
        {"certainty_ratings": [{"domain": "imprecision", "change": -2, "reason": "68 men, wide interval"}]},
        "low",
        ["lowered twice for imprecision (editors' judgement: 68 men, wide interval)"],
    ),
    "large-effect-raises-observational": (
        [ev("cohort", effect=ratio("RR", 3.1, 2.2, 4.4))],
        {},
        "moderate",
        ["raised once for a large effect (RR 3.1)"],
    ),
    "wide-interval-is-not-a-large-effect": (  # HR 3.54 (1.18 to 10.6), 42 events: not raised
        [ev("cohort", effect=ratio("HR", 3.54, 1.18, 10.6))],
        {},
        "low",
        ["started low (observational studies)"],
    ),
    "dose-response-judgement": (
        [ev("cohort")],
        {
            "certainty_ratings": [
                {"domain": "dose-response", "change": 1, "reason": "risk rises with each quintile"}
            ]
        },
        "moderate",
        ["raised once for a dose-response"],
    ),
    "refuted-judged-on-evidence-against": (
        [ev("cohort"), ev("rct", "null")],
        {"status": "refuted"},
        "high",
        ["started high"],
    ),
    "mouse-claim-on-mice": (
        [ev("animal", species="mouse", n=None)],
        {"scope": "mouse"},
        "moderate",
        [
            "Moderate certainty in mice: started high (experiments in mice, the model this claim is about)",
            "(group sizes not reported in the sources seen)",
            "; as evidence about people, studies in mice count as very low",
        ],
    ),
    "cell-claim-counts-samples-not-participants": (
        [ev("in-vitro", species="human-cells", n=140)],
        {"scope": "human-cells"},
        "moderate",
        ["Moderate certainty in cultured human cells:", "(140 donors or samples)"],
    ),
    "override-shown-with-computed": (
        [ev("animal", species="mouse")],
        {"certainty_override": {"level": "low", "reason": "Replicated in three species."}},
        "low",
        ["set to low by the editors (Replicated in three species)", "the rule gives very low"],
    ),
}


@pytest.mark.parametrize("status", ["speculative", "contested"])
def test_no_evidence_on_the_side_judged_gets_no_level_not_very_low(status: str) -> None:
    """GRADE does not rate an empty body of evidence: the badge says so instead of showing very low."""
    other = ev("rct", "supports" if status == "contested" else "contradicts", source="t")
    result = judge(claim(other, status=status), SOURCES)
    side = "against" if status == "contested" else "for"
    assert result.level is None and result.unrated and result.css == "none"
    assert result.word == f"no evidence {side} it recorded" and result.symbols == ""
    assert result.verdict_line == f"{status.capitalize()}; no evidence {side} it recorded"
    other_side = "for" if side == "against" else "against"
    assert result.sentence == (
        f"No certainty level: no study {side} it is recorded, so there is nothing to grade; listed but not "
        f"graded: a randomised trial {other_side} it"
    )
    assert result.rank == 2 * len(LEVELS) and judge(claim(ev("rct")), SOURCES).rank < result.rank
    record = result.as_record()
    assert record["level"] is None and "start" not in record and "computed" not in record
    background = judge(claim(ev("rct"), kind="background"), SOURCES)
    assert not background.unrated and background.rank > result.rank and background.word == "background"


@pytest.mark.parametrize("name", CASES)
def test_certainty_rule(name: str) -> None:
    evidence, fields, level, words = CASES[name]
    sources = {**SOURCES, "b": source("b", appraisal={"risk_of_bias": "serious", "reason": "single-blind"})}
    result = judge(claim(*evidence, **fields), sources)
    assert result.level == Certainty(level), result.sentence
    for w in words:
        assert w in result.sentence, result.sentence


def test_a_level_is_said_with_its_scope_unless_the_claim_is_about_people() -> None:
    """A badge must not read the same for a mouse experiment as for a trial in people."""
    mice = judge(claim(ev("animal", species="mouse"), scope="mouse"), SOURCES)
    people = judge(claim(ev("rct")), SOURCES)
    assert (mice.word, people.word) == ("high certainty in mice", "high certainty")
    assert mice.verdict_line.startswith("Supported, high certainty in mice:")
    assert mice.sentence.endswith("; as evidence about people, studies in mice count as very low")
    untested = judge(claim(status="speculative", scope="mouse"), SOURCES)  # no study in mice to speak of
    assert "as evidence about people" not in untested.sentence


def test_a_null_result_is_never_said_to_point_the_other_way() -> None:
    result = judge(claim(ev("rct"), ev("rct", "null", source="t")), SOURCES)
    assert "finds no clear effect" in result.why and "other way" not in result.why


@pytest.mark.parametrize(
    ("null_effect", "indirect", "lowered"),
    [
        (ratio("RR", 1.3, 1.0, 1.6), None, False),  # consistent with 1.5 (1.2 to 1.9): I² 0%
        (ratio("RR", 1.1, 0.9, 1.3), None, True),  # intervals overlap, estimates apart: I² 77%
        (ratio("RR", 0.95, 0.85, 1.1), None, True),  # apart: I² 91%
        (ratio("HR", 1.3, 1.0, 1.6), None, True),  # another measure: nothing to compare, so it counts
        ({**ratio("RR", 1.3, 1.0, 1.6), "outcome": "z"}, None, True),  # another outcome: it counts
        (ratio("RR", 1.3, 1.0, 1.6), "older men", True),  # the only comparison is indirect: it counts
        (None, None, True),  # no estimate recorded: it counts
    ],
)
def test_a_null_result_lowers_for_inconsistency_unless_its_estimate_is_consistent(
    null_effect: dict | None, indirect: str | None, lowered: bool
) -> None:
    null = ev("rct", "null", source="t", **({"effect": null_effect} if null_effect else {}))
    study = ev("rct", effect=ratio("RR", 1.5, 1.2, 1.9), **({"indirect": indirect} if indirect else {}))
    result = judge(claim(study, null), SOURCES)
    assert ("lowered once for inconsistency" in result.sentence) is lowered, result.sentence
    # the null result considered and set aside is named, with its estimate
    assert ("not lowered for inconsistency" in result.sentence) is not lowered, result.sentence
    if not lowered:
        assert "RR 1.3, is consistent with each direct starting study" in result.sentence, result.sentence
    level = {(True, None): Certainty.moderate, (False, None): Certainty.high}.get((lowered, indirect))
    if level is not None:
        assert result.level == level, result.sentence


def test_two_consistent_null_estimates_of_one_study_are_named_in_the_plural() -> None:
    study = ev("rct", effect=ratio("RR", 1.5, 1.2, 1.9))
    nulls = [ev("rct", "null", source="t", effect=ratio("RR", r, r - 0.3, r + 0.3)) for r in (1.3, 1.4)]
    result = judge(claim(study, *nulls), SOURCES)
    assert (
        "the estimates of a randomised trial that finds no clear effect, RR 1.3 and RR 1.4, are"
        in result.sentence
    )


def test_a_precise_null_result_is_not_set_aside_because_the_study_for_is_imprecise() -> None:
    """Its estimate lies inside the wide interval of the study for, but the two disagree (I² about 72%)."""
    small = ev("rct", effect=ratio("RR", 1.5, 1.02, 2.2))
    large_null = ev("rct", "null", source="t", effect=ratio("RR", 1.03, 0.98, 1.08))
    result = judge(claim(small, large_null), SOURCES)
    # the reason names the pair that was found apart, and how far apart
    assert "lowered once for inconsistency (" in result.sentence, result.sentence
    assert "RR 1.03 against 1.5, I² 72%" in result.sentence, result.sentence


@pytest.mark.parametrize(
    ("a", "b", "i2"),
    [
        (ratio("OR", 1.03, 0.97, 1.09), ratio("OR", 1.07, 1.0, 1.15), 0.0),  # Q below 1
        (ratio("OR", 0.99, 0.92, 1.07), ratio("OR", 1.08, 1.02, 1.13), 71.4),  # log scale
        ({**ratio("MD", 5, 1, 9), "unit": "ng/mL"}, {**ratio("MD", -5, -9, -1), "unit": "ng/mL"}, 91.7),
        (ratio("RR", 1.2, 1.2, 1.2), ratio("RR", 1.5, 1.5, 1.5), 100.0),  # intervals of no width, apart
        (ratio("RR", 1.2, 1.2, 1.2), ratio("RR", 1.2, 1.2, 1.2), 0.0),  # ... and alike
    ],
)
def test_pair_i2_from_two_estimates_and_their_intervals(a: dict, b: dict, i2: float) -> None:
    assert pair_i2(Effect.model_validate(a), Effect.model_validate(b)) == pytest.approx(i2, abs=0.05)


def test_background_has_no_level_and_lists_its_reference_works() -> None:
    result = judge(
        claim(ev("narrative-review", source="t"), kind="background", status="established"), SOURCES
    )
    assert result.level is None and result.references == ("t",)
    assert "background" in result.label.lower() and "certainty" not in result.word


def test_verdict_line_counts_the_evidence_in_words() -> None:
    c = claim(
        ev("cohort", "contradicts"),
        ev("cohort", "null", source="t"),
        ev("cohort", "contradicts", source="u"),
        ev("meta-analysis", "null"),
        status="refuted",
    )
    sources = {**SOURCES, "u": source("u")}
    assert judge(c, sources).verdict_line == (
        # a null result is no clear effect, not an effect the other way (the Method page says "against")
        "Refuted, low certainty: 2 cohorts against; a meta-analysis and a cohort finding no clear effect"
    )
    # a cohort cited for two of its results is one cohort
    twice = claim(
        ev("cohort", "contradicts"),
        ev("cohort", "null"),
        ev("cohort", "contradicts", source="t"),
        status="refuted",
    )
    assert judge(twice, SOURCES).verdict_line.endswith(": 2 cohorts against")
    # a mixed result counts on both sides, and the line says which it is
    mixed = claim(ev("cohort"), ev("cohort", "mixed", source="t"))
    assert judge(mixed, SOURCES).verdict_line.endswith(": a cohort for; a cohort with mixed results")
    # a contested claim is judged on the evidence against it, and its line names the evidence for it too
    both = claim(ev("rct", "null"), ev("cohort", source="t"), status="contested")
    split = claim(
        ev("cohort", "contradicts"), ev("cohort"), ev("rct", "null", source="t"), status="contested"
    )
    assert judge(split, SOURCES).verdict_line.endswith(  # a cohort for and against is named once
        ": a randomised trial finding no clear effect; a cohort with mixed results"
    )
    assert judge(both, SOURCES).verdict_line.endswith(
        ": a randomised trial finding no clear effect; a cohort for"
    )


def test_ratings_go_the_right_way() -> None:
    with pytest.raises(ValueError, match="can only lower"):
        claim(certainty_ratings=[{"domain": "imprecision", "change": 1, "reason": "r"}])
    with pytest.raises(ValueError, match="can only raise"):
        claim(certainty_ratings=[{"domain": "dose-response", "change": -1, "reason": "r"}])


def test_editors_can_judge_a_domain_not_serious_and_the_rule_does_not_lower_it() -> None:
    small = [ev("rct", n=60)]  # the rule lowers once for imprecision: 60 participants
    assert judge(claim(*small), SOURCES).level == Certainty.moderate
    kept = claim(*small, certainty_ratings=[{"domain": "imprecision", "change": 0, "reason": "Narrow CI."}])
    result = judge(kept, SOURCES)
    assert result.level == Certainty.high
    assert "not lowered for imprecision (editors' judgement: Narrow CI)" in result.sentence


def test_override_needs_a_reason() -> None:
    with pytest.raises(ValueError, match="reason"):
        claim(certainty_override={"level": "high"})


# --- consistency checks ------------------------------------------------------------------------------

CHECKS = {
    "association-without-an-interval": (
        [ev("cohort", source="a")],
        {"kind": "finding", "association": True},
        "no starting study records an effect with its 95% CI",
    ),
    "association-about-mice": (
        [ev("animal", species="mouse")],
        {"kind": "finding", "scope": "mouse", "association": True},
        "only a finding about people can be judged as an association",
    ),
    "established-on-low-certainty": (
        [ev("cohort")],
        {"status": "established", "kind": "finding"},
        "no textbook or guideline",
    ),
    "supported-without-evidence-for": (
        [ev("narrative-review", "contradicts")],
        {"status": "supported", "kind": "finding"},
        "'supported', but no evidence for it is recorded",
    ),
    "established-without-evidence": ([], {"status": "established", "kind": "finding"}, "no evidence for it"),
    "refuted-without-evidence-against": (
        [ev("rct")],
        {"status": "refuted", "kind": "finding"},
        "no evidence against it",
    ),
    "supported-but-against-more-certain": (
        [ev("cohort"), ev("rct", "contradicts")],
        {"status": "supported", "kind": "finding"},
        "more certain",
    ),
    "contested-with-evidence-one-way": (
        [ev("cohort", "contradicts"), ev("rct", "null")],
        {"status": "contested", "kind": "finding"},
        "every item of evidence points one way",
    ),
    "circular-seed": (
        [ev("expert-opinion", source="seed")],
        {"status": "supported", "kind": "finding", "asserted_by": [{"source": "seed", "quote": "q"}]},
        "circular",
    ),
}


def check(c: Claim, sources: dict[str, Source]) -> list:
    """The checks of a claim given its grade, as the store runs them."""
    return check_claim(c, sources, judge(c, sources))


@pytest.mark.parametrize("name", CHECKS)
def test_consistency_check(name: str) -> None:
    evidence, fields, words = CHECKS[name]
    sources = {
        **SOURCES,
        "seed": source("seed", kind="web-article", seed_file="seed.txt"),
        "a": source("a", appraisal={"risk_of_bias": "low", "reason": "r"}),  # appraised: starts high
    }
    found = check(claim(*evidence, **fields), sources)
    assert len(found) == 1 and words in found[0].message, found


def test_consistent_claims_pass_the_checks() -> None:
    sources = {**SOURCES, "tb": source("tb", kind="textbook")}
    assert check(claim(ev("rct"), status="established", kind="finding"), sources) == []
    assert check(claim(ev("cohort", source="tb"), status="established", kind="finding"), sources) == []
    assert check(claim(ev("narrative-review"), status="established", kind="background"), sources) == []
    assert check(claim(ev("rct", "null"), status="refuted", kind="finding"), sources) == []
    both = claim(ev("rct"), ev("cohort", "contradicts"), status="contested", kind="finding")
    assert check(both, sources) == []
    assert check(claim(ev("rct", "mixed"), status="contested", kind="finding"), sources) == []
    reason = {"date": dt.date(2026, 1, 2), "what": ["verdict-kept"], "note": "Goes beyond the trials."}
    beyond = claim(ev("rct", "null"), status="contested", kind="finding", history=[reason])
    assert check(beyond, sources) == []


def test_a_pooled_analysis_is_never_added_to_the_studies_it_may_pool() -> None:
    """Imprecision adds up separate studies, but a meta-analysis of 300 and a trial of 200 (perhaps one of
    the pooled trials) are not 500 participants: the larger of the pooled count and the studies' sum counts."""
    pooled = claim(ev("meta-analysis", n=300, studies=5, pools="randomised", source="t"), ev("rct", n=200))
    result = judge(pooled, SOURCES)
    assert result.level == Certainty.moderate, result.why
    assert "imprecision (300 participants)" in result.why
    trials = claim(ev("rct", n=300, source="t"), ev("rct", n=200))
    assert judge(trials, SOURCES).level == Certainty.high  # separate trials: 500 participants
    big = claim(ev("meta-analysis", n=5000, studies=12, pools="randomised", source="t"), ev("rct", n=200))
    assert judge(big, SOURCES).level == Certainty.high


def test_a_study_cited_twice_counts_once_for_imprecision_and_in_the_counts() -> None:
    """Two results of one trial (two evidence items, e.g. for a forest plot) are one study of 300 people:
    still imprecise, and a summary row says one source, not two, and 300 participants, not 600."""
    from macros.evidence_counts import study_counts

    twice = claim(ev("rct", n=300), ev("rct", n=300))
    result = judge(twice, SOURCES)
    assert result.level == Certainty.moderate, result.why
    assert "300 participants" in result.why
    assert study_counts(twice.evidence) == "1 source, 300 participants"
    two = claim(ev("rct", n=300), ev("rct", n=300, source="t"))
    assert judge(two, SOURCES).level == Certainty.high
    # two sources are not added up: they may share participants (a meta-analysis and a trial it pools)
    assert study_counts(two.evidence) == "2 sources, the largest with 300 participants"
    pooled = claim(ev("meta-analysis", n=5000, studies=12, source="t"), ev("rct", n=300))
    assert (
        study_counts(pooled.evidence)
        == "2 sources (one pooling 12 studies), the largest with 5,000 participants"
    )
    both = claim(ev("meta-analysis", studies=12, source="t"), ev("meta-analysis", studies=9))
    assert study_counts(both.evidence) == "2 sources (2 pooled analyses), the largest with 400 participants"
    assert (
        study_counts(claim(ev("meta-analysis", studies=9)).evidence)
        == "1 source (pooling 9 studies), 400 participants"
    )


def test_a_pooled_estimate_stands_for_the_studies_in_the_summary_and_for_imprecision() -> None:
    """A meta-analysis's pooled estimate, not the larger single study beside it, is the effect a summary
    row shows and the interval judged for imprecision (as in Cochrane's tables): a precise pooled 1.5
    (1.2 to 1.8) is not made imprecise by one cohort's 1.1 (0.9 to 1.4), whatever its size."""
    from macros.evidence_counts import headline_effect

    meta = ev(
        "meta-analysis",
        n=None,
        studies=23,
        pools="observational",
        source="t",
        effect=ratio("RR", 1.5, 1.2, 1.8),
    )
    cohort = ev("cohort", n=5000, effect=ratio("RR", 1.1, 0.9, 1.4))
    both = claim(meta, cohort)
    assert headline_effect(both.evidence) is both.evidence[0]
    result = judge(both, SOURCES)
    assert "imprecision" not in result.why, result.why
    assert result.level == Certainty.low
    # without a pooled estimate, the study with an interval and the most participants stands for them
    cohorts = claim(ev("cohort", n=900, effect=ratio("RR", 1.3, 1.1, 1.6)), cohort)
    assert headline_effect(cohorts.evidence) is cohorts.evidence[1]
    assert "the 95% CI 0.9 to 1.4 includes no effect" in judge(cohorts, SOURCES).why
    assert headline_effect(claim(ev("cohort")).evidence) is None


def test_a_pooled_effect_in_the_outcomes_own_units_stands_before_a_standardised_one() -> None:
    """Of two pooled estimates, the one a reader can weigh (17 ng/mL) heads the summary row, not a
    standardised mean difference (0.35), even from the review with more participants."""
    from macros.evidence_counts import headline_effect

    md = {**ratio("MD", 17.3, 7.2, 27.5), "unit": "ng/mL"}
    smd = {**ratio("SMD", 0.35, 0.05, 0.66), "participants": 2000}
    c = claim(
        ev("meta-analysis", n=None, studies=9, pools="randomised", source="a", effect=smd),
        ev("meta-analysis", n=None, studies=11, pools="randomised", source="b", effect=md),
    )
    assert headline_effect(c.evidence).effect.measure.value == "MD"


def test_a_case_control_study_reporting_only_its_cases_is_counted_by_its_cases() -> None:
    """A case-control or Mendelian randomisation study whose paper gives its cases but not its controls
    has no participant count to show; it had at least as many participants as cases, so 85,554 cases are
    not imprecise for want of a participant count, and the summary says cases, not participants. A study
    with fewer cases than the threshold and no participant count is still lowered for imprecision."""
    from macros.evidence_counts import count_designs, study_counts

    cases = {**ratio("OR", 1.07, 1.01, 1.15), "events": 85554}
    mr = claim(ev("mendelian-randomisation", n=None, effect=cases))
    result = judge(mr, SOURCES)
    assert result.level == Certainty.low and "imprecision" not in result.why, result.why
    assert count_designs(mr.evidence + mr.evidence) == "a Mendelian randomisation study"
    assert study_counts(mr.evidence) == "1 source, 85,554 cases (participants not recorded)"
    cohort = claim(ev("cohort", n=None, effect={**cases, "events": 120}))
    assert "imprecision (number of participants not recorded; 120 events)" in judge(cohort, SOURCES).why
    assert study_counts(cohort.evidence) == "1 source, 120 events (participants not recorded)"


def test_few_events_are_imprecise_however_many_participants() -> None:
    """A yes-or-no outcome's information is in its events: 1,000 participants with 150 events are lowered
    for imprecision (GRADE's rule of thumb, about 300 events); 400 events are not; the events rule applies
    only when every starting study records its events (a large study without a count is not judged by a
    small one's), and events add up across studies as participants do."""
    few = {**ratio("HR", 1.5, 1.2, 1.9), "events": 150}
    many = {**ratio("HR", 1.5, 1.2, 1.9), "events": 400}
    assert (
        "lowered once for imprecision (150 events)"
        in judge(claim(ev("rct", n=1000, effect=few)), SOURCES).why
    )
    assert "imprecision" not in judge(claim(ev("rct", n=1000, effect=many)), SOURCES).why
    two = claim(ev("rct", n=1000, effect=few), ev("rct", n=5000, source="t"))
    assert "imprecision" not in judge(two, SOURCES).why
    # events add up across separate studies, as participants do: 2 x 200 events is 400, not imprecise
    pair = {**few, "events": 200}
    assert (
        "imprecision"
        not in judge(
            claim(ev("rct", n=1000, effect=pair), ev("rct", n=1000, source="t", effect=pair)), SOURCES
        ).why
    )
    # two analyses of one cohort count once
    same = claim(
        ev("cohort", n=1000, effect=pair, cohort="C"),
        ev("cohort", n=1000, source="t", effect=pair, cohort="C"),
    )
    assert "lowered once for imprecision (200 events)" in judge(same, SOURCES).why


@pytest.mark.parametrize("measure", ["SIR", "SMR"])
def test_standardised_ratios_are_ratios_of_their_own(measure: str) -> None:
    """SIR and SMR (observed over expected, against a reference population) keep their own names, are
    validated as ratios (positive) and judged on the ratio scale (no effect at 1)."""
    from macros.evidence_counts import headline_effect

    item = ev("cohort", effect=ratio(measure, 1.1, 0.9, 1.4))
    c = claim(item)
    assert headline_effect(c.evidence).effect.measure.value == measure
    assert "the 95% CI 0.9 to 1.4 includes no effect" in judge(c, SOURCES).why
    with pytest.raises(ValueError, match=f"a {measure} and its CI must be positive"):
        claim(ev("cohort", effect=ratio(measure, -1, -2, 1)))


def test_a_study_with_results_on_both_sides_is_named_as_mixed_not_counted_for() -> None:
    """One study (source) cited for a result that supports the claim and another that does not (two
    datasets of one Mendelian randomisation paper) is a study with mixed results, not a study for the
    claim beside one against it."""
    two_sided = claim(
        ev("mendelian-randomisation", source="t"),
        ev("mendelian-randomisation"),
        ev("mendelian-randomisation", direction="null"),
    )
    result = judge(two_sided, SOURCES)
    assert result.basis == (
        "a Mendelian randomisation study for; a Mendelian randomisation study with mixed results"
    )
    assert "inconsistency (a Mendelian randomisation study at the same or a higher level" in result.why
    one_sided = claim(ev("cohort", source="t"), ev("cohort"), ev("cohort", direction="null", source="u"))
    assert judge(one_sided, {**SOURCES, "u": source("u")}).basis == "2 cohorts for"
    # one paper's meta-analysis and its own cohort are two studies, each named with its result: "a cohort
    # with mixed results" hid a pooled two-fold excess (acromegaly and gastrointestinal cancer)
    two_designs = claim(ev("meta-analysis"), ev("cohort", direction="null"), status="contested")
    assert judge(two_designs, SOURCES).basis == "a cohort finding no clear effect; a meta-analysis for"


def test_two_analyses_of_one_cohort_count_as_one_population() -> None:
    """Two papers analysing the same cohort (recorded as `cohort`) are named as such, not as two
    replications, and their participants are not added up for imprecision: 300 people analysed twice
    are 300, not 600."""
    from macros.evidence_counts import count_designs

    shared = claim(ev("cohort", source="t", cohort="UK Biobank"), ev("cohort", cohort="UK Biobank"))
    assert count_designs(shared.evidence) == "2 analyses of the UK Biobank cohort"
    three = claim(*shared.evidence, ev("cohort", source="u"))
    assert count_designs(three.evidence) == "3 cohorts of which 2 in UK Biobank"
    twice = claim(ev("rct", n=300, source="t", cohort="A"), ev("rct", n=300, cohort="A"))
    assert "imprecision (300 participants)" in judge(twice, SOURCES).why
    apart = claim(ev("rct", n=300, source="t"), ev("rct", n=300))
    assert "imprecision" not in judge(apart, SOURCES).why


def test_a_cohort_is_named_for_the_design_it_was_recorded_with() -> None:
    """A paper holding a cohort analysis in UK Biobank and a Mendelian randomisation study in other
    consortia: only its cohort analysis is counted as a UK Biobank analysis."""
    from macros.evidence_counts import count_designs

    both = claim(
        ev("cohort", source="t", cohort="UK Biobank"),
        ev("cohort", cohort="UK Biobank"),
        ev("mendelian-randomisation", source="t"),
        ev("mendelian-randomisation"),
    )
    assert count_designs(both.evidence) == (
        "2 analyses of the UK Biobank cohort and 2 Mendelian randomisation studies"
    )


def test_a_cohort_inside_a_meta_analysis_paper_is_not_the_pooled_count() -> None:
    """A paper reporting a meta-analysis of 23 studies (participants not recorded) and its own cohort of 529:
    the summary says the 529 are its cohort's, not the pooled analysis's."""
    from macros.evidence_counts import study_counts

    paper = claim(ev("meta-analysis", n=None, studies=23, pools="observational"), ev("cohort", n=529))
    assert study_counts(paper.evidence) == "1 source (pooling 23 studies), 529 participants in its cohort"
    counted = claim(ev("meta-analysis", n=5000, studies=23), ev("cohort", n=529))
    assert study_counts(counted.evidence) == "1 source (pooling 23 studies), 5,000 participants"


def test_a_study_with_mixed_results_alone_at_its_level_is_not_set_against_itself() -> None:
    """GRADE judges inconsistency between studies: one study's two-sided result is its finding. Beside
    another study at the same level, a mixed result still counts as disagreement."""
    alone = judge(claim(ev("cohort", "mixed")), SOURCES)
    assert alone.level == Certainty.low and "inconsistency" not in alone.why
    beside = judge(claim(ev("cohort"), ev("cohort", "mixed", source="t")), SOURCES)
    assert beside.level == Certainty.very_low and "results in both directions" in beside.why
    # a study with mixed results below the starting level does not count either way
    lower = judge(claim(ev("rct"), ev("cohort", "mixed", source="t")), SOURCES)
    assert "inconsistency" not in lower.why
    # one study entered as two items with mixed results is still one study
    twice = judge(claim(ev("cohort", "mixed"), ev("cohort", "mixed")), SOURCES)
    assert "inconsistency" not in twice.why


def test_a_table_filters_results_in_a_model_apart_from_results_in_people() -> None:
    """'Moderate certainty' in a filter once selected moderate results in mice too; as evidence about
    people those count as very low, so they are their own option and sort after every human level."""
    mice = judge(claim(ev("animal", species="mouse", n=10), scope="mouse"), SOURCES)
    people = judge(claim(ev("rct", n=10)), SOURCES)
    very_low = judge(claim(ev("case-series")), SOURCES)
    none = judge(claim(status="speculative"), SOURCES)
    assert mice.css == people.css == "moderate" and (mice.key, people.key) == ("moderate-model", "moderate")
    assert people.rank < very_low.rank < mice.rank < none.rank
    assert certainty_options([none, mice, people, very_low, people]) == [
        ("moderate", "moderate certainty"),
        ("very-low", "very low certainty"),
        ("moderate-model", "moderate certainty in animals or cells"),
        ("none", "no evidence for it recorded"),
    ]

"""The grading rule's constants: the certainty levels and their words, where each design starts, which
domains lower or raise a level, and the thresholds that trigger them. macros/certainty.py applies them to
a claim; the Method page (macros/templates/grading_rules.html) shows them, beside a table of starting
levels (START_RULES) and rule wording (DOMAIN_RULE) written by hand and kept in step with the code.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .vocabulary import Bias, Certainty, Design, Direction, Domain, Kind, Pools, SourceKind, Species, Status

if TYPE_CHECKING:
    from .models import Evidence

LEVELS = (Certainty.high, Certainty.moderate, Certainty.low, Certainty.very_low)  # best first
LEVEL_WORD = {level: level.value.replace("-", " ") for level in LEVELS}  # very-low: "very low"
SYMBOLS = {
    Certainty.high: "⊕⊕⊕⊕",
    Certainty.moderate: "⊕⊕⊕◯",
    Certainty.low: "⊕⊕◯◯",
    Certainty.very_low: "⊕◯◯◯",
}
LEVEL_MEANING = {
    Certainty.high: "We are very confident that the true effect or association lies close to what the evidence shows.",
    Certainty.moderate: "The true effect or association is probably close to what the evidence shows, but it may differ.",
    Certainty.low: "The true effect or association may differ substantially from what the evidence shows.",
    Certainty.very_low: "The true effect or association is likely to differ substantially; any estimate is very uncertain.",
}
# Who a claim (or a study) is about, in words. A level for a claim about mice or cells is said with its
# scope ("low certainty in mice"): it is the certainty of the result in that model, not in people.
SCOPE_WORDS = {
    Species.human: "people",
    Species.mouse: "mice",
    Species.rat: "rats",
    Species.rabbit: "rabbits",
    Species.other_animal: "animals",
    Species.human_cells: "cultured human cells",
    Species.animal_cells: "cultured animal cells",
}
KIND_MEANING = {
    Kind.finding: "an effect or association that studies can test; it carries a certainty level.",
    Kind.background: "a definition, anatomy, textbook physiology, a guideline's position or a fact about "
    "the literature (what a paper is, whether a study was found); shown as background with the works it "
    "cites (usually a textbook, guideline or review), never with a certainty level.",
}

IMPRECISION_PARTICIPANTS = 400  # fewer participants than this on the starting evidence: lowered once
# every starting study records its events (or cases), fewer than this added up (as participants are): lowered once
IMPRECISION_EVENTS = 300
INCONSISTENCY_I2 = 50  # a pooled estimate with I² at or above this (percent): lowered once
LARGE_EFFECT_RATIO = 2.0  # a ratio whose whole CI is >= this (or <= 1/this): raised once

FOR = frozenset({Direction.supports, Direction.mixed})
AGAINST = frozenset({Direction.contradicts, Direction.null, Direction.mixed})
# The verdicts judged on the evidence against the claim; the others on the evidence for it.
JUDGED_ON_AGAINST = frozenset({Status.refuted, Status.contested})

POOLED = frozenset({Design.meta_analysis, Design.systematic_review})
OBSERVATIONAL = frozenset(
    {Design.cohort, Design.mendelian_randomisation, Design.case_control, Design.cross_sectional}
)
EXPERIMENTS = frozenset({Design.animal, Design.in_vitro})
NO_CERTAINTY = frozenset({Design.narrative_review, Design.expert_opinion, Design.anecdote})
# why cohorts start high for a claim of association, in its start reason
PROGNOSTIC = ", judged as an association, not as evidence of a cause"
REFERENCE_WORKS = frozenset({SourceKind.textbook, SourceKind.guideline})

# Where each design starts, as the Method page lists it: (design group, start, why).
START_RULES = (
    (
        "randomised trials; meta-analyses or systematic reviews of randomised trials",
        Certainty.high,
        "randomised comparison",
    ),
    (
        "cohort studies, and meta-analyses or systematic reviews of cohort studies, when the claim is only an "
        "association: that people with a characteristic (a prognostic factor, such as a higher IGF-1 or a "
        "condition) go on to have an outcome more or less often, whatever the reason",
        Certainty.high,
        "following people over time answers a question of association without randomisation; only studies "
        "appraised for risk of bias start high (GRADE for prognostic factors, Foroutan et al., J Clin Epidemiol "
        "2020, applied here also to people without a health condition)",
    ),
    (
        "controlled trials not shown to be randomised; cohort studies, and meta-analyses of cohort studies, "
        "except as above (for a claim of association, those not appraised for risk of bias start low); Mendelian "
        "randomisation, case-control and cross-sectional studies (also for a claim of association); "
        "meta-analyses or systematic reviews of observational or mixed studies, or whose included designs "
        "are not recorded",
        Certainty.low,
        "no randomised comparison",
    ),
    ("case series and case reports", Certainty.very_low, "no comparison group"),
    (
        "animal and cell studies, or any study in a species other than the claim's scope",
        Certainty.very_low,
        "indirect for the claim's population",
    ),
    (
        "animal and cell experiments within the claim's scope (a claim about mice judged on mice)",
        Certainty.high,
        "controlled experiments on what the claim is about; its level is always shown with its scope "
        "('low certainty in mice'): how sure the result is in that model; as evidence about people the same "
        "studies count as very low",
    ),
    (
        "narrative reviews, expert opinion, anecdote (and web articles)",
        None,
        "no certainty of their own; a finding with only these on its side is very low",
    ),
)
BIAS_CHANGE = {Bias.low: 0, Bias.serious: -1, Bias.very_serious: -2}
UP_DOMAINS = (Domain.large_effect, Domain.dose_response)
DOWN_DOMAINS = tuple(d for d in Domain if d not in UP_DOMAINS)
DOMAIN_WORDS = {
    Domain.risk_of_bias: "risk of bias",
    Domain.inconsistency: "inconsistency",
    Domain.indirectness: "indirectness",
    Domain.imprecision: "imprecision",
    Domain.publication_bias: "publication bias",
    Domain.large_effect: "a large effect",
    Domain.dose_response: "a dose-response",
}
DOMAIN_RULE = {
    Domain.risk_of_bias: "the starting studies' risk of bias, judged once per study (its source's "
    "appraisal) unless the claim records why it differs: serious lowers once, very "
    "serious twice. Lowered only when every starting study has that risk. Where the starting studies differ "
    "and the claim would not end at very low anyway, the editors judge whether the studies at risk carry the "
    "information the statement rests on, and record that judgement, lowered or not, with its reason. A study that was never "
    "appraised is counted as not at serious risk: the rule never lowers for it, and it keeps the claim from being "
    "lowered for the other starting studies. Not appraised is not the same as low risk, so, unless the evidence "
    "starts at very low, the claim's reasons say so ('not lowered for risk of bias (not appraised)', or how many "
    "starting studies were not and, where only they keep it from being lowered, how the others were judged), "
    "and its own page shows each study's risk of bias, "
    "or that it was not appraised.",
    Domain.inconsistency: "evidence on the other side at the starting level or higher (a study that points the other "
    "way, one that finds no clear effect, or one that reports mixed results; the reason names which), "
    f"or a pooled estimate with I² ≥ {INCONSISTENCY_I2}%. When one study is the only starting study on the "
    "side being judged, its own results on the other side (a mixed result, or another of its results cited "
    "there) are not set against it: one study's two-sided result is its finding, not disagreement between "
    "studies. Other studies on the other side still count. A study that finds no clear effect does not count when "
    "there is at least one starting study, not itself indirect, that reports the same measure of the same "
    f"outcome, and its estimate is consistent with every such study: I² of the two below {INCONSISTENCY_I2}%, "
    "from the two estimates and their 95% CIs (ratios on the log scale); the reason then says so, and names "
    "the pair when a null result is found apart. The test assumes the two estimates come from different "
    "participants, and it cannot tell contrasts apart (per SD, per 5 nmol/L, top against bottom quarter): "
    "where estimates share data or contrasts differ, the editors may record a judgement in the rule's place; "
    "otherwise the rule compares them as if alike.",
    Domain.indirectness: "every starting study records why its population, intervention or outcome "
    "differs from the claim's (where only some do, the start says how many: 'randomised trials, 1 of them "
    "indirect').",
    Domain.imprecision: f"fewer than {IMPRECISION_PARTICIPANTS} participants on the starting evidence (separate "
    "studies added up, a paper cited for several of its results counted once at its largest, two analyses "
    "of one cohort counted once; a pooled analysis counted on its own, never added to the studies it may "
    "pool; a study reporting only its cases or events had at least that many), a count not given in the "
    "sources ('group sizes not reported'), fewer than "
    f"{IMPRECISION_EVENTS} events (or cases) where every starting study's result records them, added up as "
    "participants are (a yes-or-no outcome's information is in its events, not its participants), or a 95% "
    "confidence interval that includes "
    "no effect. That last test "
    "is applied to results that find an effect: a study that finds no clear effect has an interval that includes no "
    "effect by design, so it is not lowered for that; whether its interval is wide enough to hide an important "
    "effect is not computed, and is left to an editors' judgement, shown as such. For "
    "experiments the count is of animals, or of the donors or samples of cultured cells; experiments "
    "almost always fall below the threshold and are lowered once.",
    Domain.publication_bias: "an editors' judgement, recorded with its reason.",
    Domain.large_effect: f"an observational start, nothing rated down, and a ratio whose whole 95% CI lies at "
    f"or above {LARGE_EFFECT_RATIO:g} (or at or below {1 / LARGE_EFFECT_RATIO:g}): a wide interval that merely "
    f"excludes 1 is not a large effect; or an editors' judgement.",
    Domain.dose_response: "an editors' judgement, recorded with its reason.",
}

# Nouns for counting designs in words: (singular, plural).
DESIGN_NOUN = {
    Design.meta_analysis: ("meta-analysis", "meta-analyses"),
    Design.systematic_review: ("systematic review", "systematic reviews"),
    Design.rct: ("randomised trial", "randomised trials"),
    Design.non_randomised_trial: (
        "controlled trial not shown to be randomised",
        "controlled trials not shown to be randomised",
    ),
    Design.cohort: ("cohort", "cohorts"),
    Design.mendelian_randomisation: ("Mendelian randomisation study", "Mendelian randomisation studies"),
    Design.case_control: ("case-control study", "case-control studies"),
    Design.cross_sectional: ("cross-sectional study", "cross-sectional studies"),
    Design.case_series: ("case series", "case series"),
    Design.case_report: ("case report", "case reports"),
    Design.animal: ("animal study", "animal studies"),
    Design.in_vitro: ("cell study", "cell studies"),
    Design.narrative_review: ("narrative review", "narrative reviews"),
    Design.expert_opinion: ("expert opinion", "expert opinions"),
    Design.anecdote: ("anecdote", "anecdotes"),
}
TIMES = {1: "once", 2: "twice"}  # a step moves one or two levels (models.Rating, BIAS_CHANGE)

# The summary of findings answers each question in words, as GRADE's informative statements do (high: it
# does; moderate: probably; low: may; very low: very uncertain; the lean at very low, yes or no, is ours,
# not GRADE's: the Method page lists it as a departure). A question is worded so that its claim is
# the answer "yes": a supported claim answers yes at its certainty, a refuted one no; the words of a
# contested or speculative claim, or an established one, do not depend on the level.
ANSWER = {  # (supported, refuted)
    Certainty.high: ("Yes", "No"),
    Certainty.moderate: ("Probably yes", "Probably not"),
    Certainty.low: ("Maybe", "Maybe not"),
    Certainty.very_low: ("Very uncertain, leans yes", "Very uncertain, leans no"),
}
ANSWER_BY_STATUS = {
    Status.established: "Yes",
    Status.contested: "Unclear",
    Status.speculative: "Unproven",  # "not shown in people" misread a weak human study as none
}


def start_of(
    e: Evidence, scope: Species, association: bool = False, appraised: bool = True
) -> tuple[Certainty | None, str]:
    """Where one study starts for a claim of this scope, and why, in words. For a claim of association
    (`Claim.association`), an appraised cohort study, or a pooled analysis of cohorts, starts high."""
    d = e.design
    if d in NO_CERTAINTY:
        return None, DESIGN_NOUN[d][1]
    if e.species != scope or (d in EXPERIMENTS and scope == Species.human):
        if scope == Species.human:
            return Certainty.very_low, "animal or cell studies: indirect for a claim about people"
        return (
            Certainty.very_low,
            f"studies in {SCOPE_WORDS[e.species]}: indirect for a claim about {SCOPE_WORDS[scope]}",
        )
    if d in EXPERIMENTS:
        return Certainty.high, f"experiments in {SCOPE_WORDS[scope]}, the model this claim is about"
    if d == Design.rct:
        return Certainty.high, "randomised trials"
    if association and (d == Design.cohort or (d in POOLED and e.pools == Pools.cohort)):
        what = "cohort studies" if d == Design.cohort else "pooled cohort studies"
        if appraised:
            return Certainty.high, what + PROGNOSTIC
        return Certainty.low, what + " not appraised for risk of bias, so not started high as an association"
    if d in POOLED:
        if e.pools == Pools.randomised:
            return Certainty.high, f"a {d.value} of randomised trials"
        if e.pools is None:
            return Certainty.low, f"a {d.value} whose included designs are not recorded"
        return Certainty.low, f"a {d.value} of {e.pools.value} studies"
    if d == Design.non_randomised_trial:
        return Certainty.low, "controlled trials not shown to be randomised"
    if d in OBSERVATIONAL:
        return Certainty.low, "observational studies"
    return Certainty.very_low, "case reports or series, no comparison group"

"""The certainty of the evidence behind a claim's verdict, GRADE-style. This module and its constants
(macros/certainty_rules.py) are the only place the rule lives; the Method page shows those constants, and
its table of starting levels and the rule's wording are written by hand beside them (keep them in step).

A claim has two things, never merged into one letter: the verdict (`status`, the editors' judgement, and
`kind`) and the certainty of the evidence behind that verdict. For a verdict that says the claim holds
(established, supported, speculative) that is the evidence FOR it; for refuted and contested, the
evidence AGAINST it. Certainty starts at the level of the best design on that side and is rated down
(risk of bias, inconsistency, indirectness, imprecision, and recorded judgements such as publication
bias) or up (a large effect, a dose-response), each step with its reason in words.
Background claims (definitions, textbook physiology, guideline positions, facts about the literature) get no
level: they are shown with their reference works. Anchor: the GRADE handbook (Schünemann et al., 2013),
and Cochrane's summary-of-findings tables.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from .certainty_rules import (
    AGAINST,
    ANSWER,
    ANSWER_BY_STATUS,
    DOMAIN_WORDS,
    FOR,
    INCONSISTENCY_I2,
    JUDGED_ON_AGAINST,
    LARGE_EFFECT_RATIO,
    LEVEL_WORD,
    LEVELS,
    SCOPE_WORDS,
    SYMBOLS,
    TIMES,
    UP_DOMAINS,
    start_of,
)
from .evidence_counts import (
    agreeing_words,
    appraised,
    count_designs,
    imprecision,
    nothing_to_grade,
    opposed_words,
    pair_i2,
    risk_of_bias,
)
from .models import Claim, Effect, Evidence, Source
from .vocabulary import RATIO_MEASURES, Certainty, Design, Direction, Domain, Kind, Species, Status

Study = tuple[str, Design]  # a study: its source and design (one paper may hold a meta-analysis and a cohort)

# --- results ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Step:
    domain: Domain
    change: int  # -2, -1, +1, +2; 0: considered and not moved (the reason says why)
    reason: str  # in words, e.g. "68 participants"
    judged: bool = False  # an editors' judgement (certainty_ratings), not computed from the data

    @property
    def words(self) -> str:
        why = f"editors' judgement: {self.reason}" if self.judged else self.reason
        if not self.change:  # a domain considered and not moved, with the reason
            verb = "raised" if self.domain in UP_DOMAINS else "lowered"
            return f"not {verb} for {DOMAIN_WORDS[self.domain]} ({why})"
        verb = "lowered" if self.change < 0 else "raised"
        return f"{verb} {TIMES[abs(self.change)]} for {DOMAIN_WORDS[self.domain]} ({why})"


@dataclass(frozen=True)
class SideCertainty:
    """The certainty of one side's evidence, with every step that led to it."""

    level: Certainty
    start: Certainty
    start_reason: str
    steps: tuple[Step, ...]
    items: tuple[Evidence, ...]  # the side's evidence
    starting: tuple[Evidence, ...]  # the items that set the start
    mixed_sources: frozenset[Study]  # studies with results on both sides


@dataclass(frozen=True)
class CertaintyResult:
    kind: Kind
    status: Status
    level: Certainty | None  # what readers see (None: background, or no evidence on the side judged)
    side: SideCertainty | None  # what the rule gives (None: background)
    against: bool  # judged on the evidence against the claim
    override_reason: str | None
    references: tuple[str, ...]  # background: the sources cited as its reference works
    scope: Species = Species.human
    pro: tuple[Evidence, ...] = ()  # contested: the evidence for it, named beside the evidence that judges it
    opposed: tuple[Evidence, ...] = ()  # no evidence on the side judged: what is recorded on the other side

    @property
    def unrated(self) -> bool:
        """No study on the side judged: no level (summary tables say 'no studies', not a grade)."""
        return self.side is not None and self.level is None

    @property
    def word(self) -> str:
        """'low certainty', 'low certainty in mice', 'low certainty (evidence against)', 'background'..."""
        if self.level is None:
            return (
                f"no evidence {'against' if self.against else 'for'} it recorded"
                if self.unrated
                else "background"
            )
        # contested: judged on the evidence against it, which the badge must say (the verdict line names both)
        side = " (evidence against)" if self.status == Status.contested and self.against else ""
        return self.level_word + side

    @property
    def level_word(self) -> str:
        """'moderate certainty', 'low certainty in mice' (a level is given)."""
        scope = "" if self.scope == Species.human else f" in {SCOPE_WORDS[self.scope]}"
        return f"{LEVEL_WORD[self.level]} certainty{scope}"

    @property
    def symbols(self) -> str:
        return "" if self.level is None else SYMBOLS[self.level]

    @property
    def answer(self) -> str:
        """The summary of findings' answer in words: 'Probably yes', 'Maybe not', 'Unclear'."""
        if self.status in ANSWER_BY_STATUS:
            return ANSWER_BY_STATUS[self.status]
        if self.level is None:
            return "No" if self.status == Status.refuted else "Yes"
        return ANSWER[self.level][self.status == Status.refuted]

    @property
    def rank(self) -> int:
        """For sorting: levels in people, then in a model (very low for people), no evidence, background."""
        if self.level is None:
            return 2 * len(LEVELS) + (not self.unrated)
        return LEVELS.index(self.level) + (self.scope != Species.human) * len(LEVELS)

    @property
    def key(self) -> str:
        """What a table of claims filters by: 'low', or 'low-model' so that 'low' selects no mouse result."""
        if self.unrated and self.against:
            return "none-against"
        return self.css if self.level is None or self.scope == Species.human else f"{self.css}-model"

    @property
    def key_word(self) -> str:
        """The filter option's words: 'low certainty', 'low certainty in animals or cells'."""
        if self.level is None or self.scope == Species.human:
            return (
                self.level_word if self.level else self.word
            )  # no "(evidence against)": one option per level
        return f"{LEVEL_WORD[self.level]} certainty in animals or cells"

    @property
    def css(self) -> str:
        if self.level is None:
            return "none" if self.unrated else "background"
        return self.level.value

    @property
    def why(self) -> str:
        """'started high (randomised trials); lowered once for imprecision (68 participants)'."""
        if self.side is None:
            return "shown with its reference works; background carries no certainty level"
        side = self.side
        if self.unrated:
            return nothing_to_grade(self.against, self.opposed)
        text = "; ".join(
            [f"started {LEVEL_WORD[side.start]} ({side.start_reason})", *(s.words for s in side.steps)]
        )
        if self.override_reason:
            text = (
                f"set to {LEVEL_WORD[self.level]} by the editors ({self.override_reason.rstrip('.')}); "  # type: ignore[index]
                f"the rule gives {LEVEL_WORD[side.level]}: {text}"
            )
        return text

    @property
    def sentence(self) -> str:
        """'Moderate certainty: started high (randomised trials); lowered once for imprecision (...)'."""
        if self.level is None:
            return ("No certainty level: " if self.unrated else "Background: ") + self.why
        studied = self.side is not None and any(e.species == self.scope for e in self.side.starting)
        model = (
            f"; as evidence about people, studies in {SCOPE_WORDS[self.scope]} count as very low"
            if studied and self.scope != Species.human
            else ""
        )
        return f"{self.word.capitalize()}: {self.why}{model}"

    @property
    def basis(self) -> str:
        """'3 cohorts and a meta-analysis against', or '2 randomised trials for; a cohort with mixed
        results' (a mixed result counts on both sides, and says so); a null result is no clear effect,
        not an effect the other way ('2 meta-analyses finding no clear effect')."""
        if self.side is None:
            return "reference works"
        items = self.side.items
        if not items:
            return f"no evidence {'against' if self.against else 'for'} it recorded"  # as the badge says
        two_sided = self.side.mixed_sources
        clear = [e for e in items if e.direction != Direction.mixed and (e.source, e.design) not in two_sided]
        mixed = [e for e in items if e.direction == Direction.mixed or (e.source, e.design) in two_sided]
        found = {(e.source, e.design) for e in clear if e.direction != Direction.null}  # named once
        null = [e for e in clear if e.direction == Direction.null and (e.source, e.design) not in found]
        clear = [e for e in clear if e.direction != Direction.null]
        words = [count_designs(clear) + (" against" if self.against else " for")] if clear else []
        if null:
            words.append(count_designs(null) + " finding no clear effect")
        if mixed:
            words.append(count_designs(mixed) + " with mixed results")
        pro = [e for e in self.pro if (e.source, e.design) not in two_sided]  # named once, as mixed
        if pro:
            words.append(count_designs(pro) + " for")
        return "; ".join(words)

    @property
    def verdict_line(self) -> str:
        """'Refuted, high certainty: 3 cohorts and a meta-analysis against'."""
        verdict = self.status.value.capitalize()
        if self.level is None:
            return f"{verdict}; {self.basis if self.unrated else 'background'}"
        return f"{verdict}, {self.level_word}: {self.basis}"

    def as_record(self) -> dict:
        """For claims.json: the level, how it was reached, and the same sentences the pages show."""
        out: dict = {
            "kind": self.kind.value,
            "level": self.level.value if self.level else None,
            "summary": self.verdict_line,
            "explanation": self.sentence,
        }
        if self.side is not None:
            out["judged_on"] = "evidence against" if self.against else "evidence for"
        if self.side is not None and not self.unrated:  # no evidence: nothing was started or stepped
            out.update(
                computed=self.side.level.value,
                start={"level": self.side.start.value, "reason": self.side.start_reason},
                steps=[
                    {"domain": s.domain.value, "change": s.change, "reason": s.reason, "judged": s.judged}
                    for s in self.side.steps
                ],
            )
        if self.override_reason:
            out["override_reason"] = self.override_reason
        if self.references:
            out["references"] = list(self.references)
        return out

    @property
    def label(self) -> str:
        """The accessible name of a badge: the verdict, the certainty and why."""
        if self.level is None and not self.unrated:
            return f"{self.status.value.capitalize()}; background, shown with its reference works"
        return f"{self.verdict_line}. {self.sentence}"


# --- the rule ----------------------------------------------------------------------------------------


def starts(e: Evidence, claim: Claim, sources: Mapping[str, Source]) -> tuple[Certainty | None, str]:
    """Where one study starts for this claim (`start_of`, told whether anyone appraised the study)."""
    return start_of(e, claim.scope, claim.association, appraised(e, sources))


def judge_side(claim: Claim, sources: Mapping[str, Source], against: bool) -> SideCertainty:
    side, other = (AGAINST, FOR) if against else (FOR, AGAINST)
    items = tuple(e for e in claim.evidence if e.direction in side)
    started = [(e, *starts(e, claim, sources)) for e in items]
    rated = [(e, lv, why) for e, lv, why in started if lv is not None]
    judgements = tuple(
        Step(r.domain, r.change, r.reason.rstrip("."), judged=True) for r in claim.certainty_ratings
    )
    mixed = _mixed(claim, items, other)
    if not rated:
        whose = "its" if len({(e.source, e.design) for e in items}) == 1 else "their"
        why = f"only {count_designs(items)}: no certainty of {whose} own" if items else "no evidence recorded"
        return SideCertainty(Certainty.very_low, Certainty.very_low, why, judgements, items, (), mixed)
    start = min((lv for _, lv, _ in rated), key=LEVELS.index)
    starting = tuple(e for e, lv, _ in rated if lv == start)
    start_reason = next(why for _, lv, why in rated if lv == start)
    if len({(e.source, e.design) for e in starting}) > 1 and start_reason.startswith("a "):
        start_reason = count_designs(starting)  # several studies: "2 meta-analyses"; one keeps its words
    direct = {(e.source, e.design) for e in starting if not e.indirect}
    indirect = {(e.source, e.design) for e in starting if e.indirect} - direct
    if direct and indirect:  # counted in the start, though only all-indirect evidence lowers the level
        start_reason += f", {len(indirect)} of them indirect"
    # At very low nothing can go lower: the start's reason is the whole story, bar recorded judgements.
    steps = () if start == Certainty.very_low else _computed_steps(claim, sources, start, starting, other)
    judged = {s.domain for s in judgements}
    steps = tuple(s for s in steps if s.domain not in judged) + judgements
    steps += _large_effect(start, starting, steps)
    level = _move(start, sum(s.change for s in steps))
    return SideCertainty(level, start, start_reason, steps, items, starting, mixed)


def _mixed(claim: Claim, items: tuple[Evidence, ...], other: frozenset[Direction]) -> frozenset[Study]:
    """Studies (source, design) cited on this side with another of their results on the other side (one
    study's datasets disagreeing): one study with mixed results. A paper's meta-analysis and its cohort are
    two studies."""
    opposed = {(e.source, e.design) for e in claim.evidence if e.direction in other - {Direction.mixed}}
    return frozenset((e.source, e.design) for e in items if e.direction != Direction.mixed) & opposed


def _computed_steps(
    claim: Claim,
    sources: Mapping[str, Source],
    start: Certainty,
    starting: tuple[Evidence, ...],
    other: frozenset[Direction],
) -> tuple[Step, ...]:
    bias = risk_of_bias(starting, sources)
    steps: list[Step] = [Step(Domain.risk_of_bias, *bias)] if bias else []
    why = []
    studies = {(s.source, s.design) for s in starting}
    other_side = [
        e
        for e in claim.evidence
        if e.direction in other
        and (lv := starts(e, claim, sources)[0]) is not None
        and LEVELS.index(lv) <= LEVELS.index(start)
        # one study alone at its level (perhaps cited for several results) does not disagree with itself
        and studies != {(e.source, e.design)}
    ]
    compared = [(e, _compared(e, starting)) for e in other_side]
    agreeing = [e for e, c in compared if c and c[0] < INCONSISTENCY_I2]
    opposed = [e for e in other_side if e not in agreeing]
    if opposed:
        why.append(opposed_words(opposed))
    for e, c in compared:
        if c and c[0] >= INCONSISTENCY_I2:  # a null result compared and found apart: which estimates, how far
            why.append(
                f"{e.effect.measure.value} {e.effect.reported[0]} against {c[1].reported[0]}, I² {c[0]:.0f}%"
            )
    i2 = max((e.effect.i2 for e in starting if e.effect and e.effect.i2 is not None), default=None)
    if i2 is not None and i2 >= INCONSISTENCY_I2:
        why.append(f"I² = {i2:g}%")
    if why:
        steps.append(Step(Domain.inconsistency, -1, "; ".join(why)))
    elif agreeing:  # said, so that a reader sees why the null result on the other side did not lower it
        steps.append(Step(Domain.inconsistency, 0, agreeing_words(agreeing)))
    if all(e.indirect for e in starting):
        steps.append(Step(Domain.indirectness, -1, "; ".join(dict.fromkeys(e.indirect for e in starting))))  # type: ignore[misc]
    imprecise = imprecision(starting)
    if imprecise:
        steps.append(Step(Domain.imprecision, -1, imprecise))
    return tuple(steps)


def _compared(e: Evidence, starting: tuple[Evidence, ...]) -> tuple[float, Effect] | None:
    """A null result against the direct starting studies that report the same measure of the same outcome:
    the largest I² of a pair, with that study's effect. None when there is nothing to compare it with (then
    it counts as inconsistency); below the threshold, it is consistent with them and set aside."""
    eff = e.effect
    if e.direction != Direction.null or eff is None or eff.ci is None:
        return None
    key = (eff.measure, eff.outcome, eff.unit)
    others = [
        s.effect
        for s in starting
        if not s.indirect
        and s.effect
        and s.effect.ci
        and (s.effect.measure, s.effect.outcome, s.effect.unit) == key
    ]
    return max(((pair_i2(eff, o), o) for o in others), key=lambda p: p[0], default=None)


def _large_effect(
    start: Certainty, starting: tuple[Evidence, ...], steps: tuple[Step, ...]
) -> tuple[Step, ...]:
    if start != Certainty.low or any(s.change < 0 or s.domain == Domain.large_effect for s in steps):
        return ()
    for e in starting:
        eff = e.effect
        if (
            eff
            and eff.measure in RATIO_MEASURES
            and eff.ci  # the whole interval beyond the threshold: an imprecise estimate is not a large effect
            and (eff.ci[0] >= LARGE_EFFECT_RATIO or eff.ci[1] <= 1 / LARGE_EFFECT_RATIO)
        ):
            return (Step(Domain.large_effect, 1, f"{eff.measure.value} {eff.reported[0]}"),)
    return ()


def _move(level: Certainty, change: int) -> Certainty:
    return LEVELS[max(0, min(len(LEVELS) - 1, LEVELS.index(level) - change))]


def judge(claim: Claim, sources: Mapping[str, Source]) -> CertaintyResult:
    """The claim's verdict and the certainty of the evidence behind it, with every step's reason."""
    if claim.kind == Kind.background:
        refs = tuple(dict.fromkeys(e.source for e in claim.evidence))
        return CertaintyResult(claim.kind, claim.status, None, None, False, None, refs)
    against = claim.status in JUDGED_ON_AGAINST
    side = judge_side(claim, sources, against)
    level, reason = (side.level if side.items else None), None
    if claim.certainty_override is not None:
        level, reason = claim.certainty_override.level, claim.certainty_override.reason
    contested = claim.status == Status.contested
    pro = tuple(e for e in claim.evidence if e.direction == Direction.supports) if contested else ()
    opposed = (
        () if side.items else tuple(e for e in claim.evidence if e.direction in (FOR if against else AGAINST))
    )
    return CertaintyResult(
        claim.kind, claim.status, level, side, against, reason, (), claim.scope, pro, opposed
    )

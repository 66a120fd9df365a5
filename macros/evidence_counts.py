"""How a summary of findings counts the evidence on one side of a claim: studies by design, sources and
participants, and the one effect that stands for them; the starting studies' risk of bias; and the words
that name the studies in the certainty rule's inconsistency step, with the I² of two estimates that it
compares. The certainty rule (macros/certainty.py) uses the same counts, so a row's numbers and its reasons
always agree."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence

from .certainty_rules import (
    BIAS_CHANGE,
    DESIGN_NOUN,
    EXPERIMENTS,
    IMPRECISION_EVENTS,
    IMPRECISION_PARTICIPANTS,
    INCONSISTENCY_I2,
    POOLED,
)
from .models import Effect, Evidence, Source
from .vocabulary import RATIO_MEASURES, Bias, Design, Direction, Measure, Species


def count_designs(items: Sequence[Evidence]) -> str:
    """'A meta-analysis and 2 analyses of the UK Biobank cohort': studies by design, a source cited for two of
    its results counted once, and sources that analyse the same cohort said to do so."""
    studies = dict.fromkeys((e.source, e.design) for e in items)
    cohort = {(e.source, e.design): e.cohort for e in items if e.cohort}  # a paper may also hold an MR study
    counts = Counter(design for _, design in studies)
    words = []
    for design, n in sorted(counts.items(), key=lambda kv: list(Design).index(kv[0])):  # strongest first
        one, many = DESIGN_NOUN[design]
        word = f"{n} {many}" if n > 1 else ("an " if one[0] in "aeiou" else "a ") + one
        shared = Counter(cohort[s, d] for s, d in studies if d == design and (s, d) in cohort)
        name, k = max(shared.items(), key=lambda kv: kv[1], default=("", 0))
        if k > 1:  # two analyses of one cohort are not two replications
            word = f"{n} analyses of the {name} cohort" if k == n else f"{word} of which {k} in {name}"
        words.append(word)
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def study_counts(items: Sequence[Evidence]) -> str:
    """'3 sources (one pooling 12 studies), the largest with 4,210 participants': what a summary-of-findings
    row counts. Neither participants nor pooled studies are added up across sources: a meta-analysis and a
    cohort it pools, two meta-analyses of the same trials, or two reports of one cohort would count the same
    people twice."""
    if not items:
        return "no studies recorded"
    counted = by_source(items)
    pools = [k for _, k in counted.values() if k]
    people = [n for n, _ in counted.values() if n]
    text = f"{len(counted)} source{'s' if len(counted) != 1 else ''}"
    many = len(counted) > 1
    if len(pools) == 1:
        text += f" ({'one ' if many else ''}pooling {pools[0]} studies)"
    elif pools:
        text += f" ({len(pools)} pooled analyses)"
    if people:
        text += f", {'the largest with ' if many else ''}{max(people):,} participants"
        if within := _inside_a_pooling_paper(items, max(people)):
            text += f" in its {within}"  # not the pooled analysis's: that count is not recorded
    elif cases := least_participants(items):  # a case-control study reporting its cases only
        n, noun = cases
        text += f", {'the largest with ' if many else ''}{n:,} {noun} (participants not recorded)"
    return text


def _inside_a_pooling_paper(items: Sequence[Evidence], n: int) -> str | None:
    """The design of the single study with `n` participants when its paper also pools studies whose
    participants are not recorded (a meta-analysis that includes the paper's own cohort): the count is
    that study's, not the pooled analysis's."""
    for e in items:
        if participants(e) == n and e.design not in POOLED:
            pooled = [o for o in items if o.source == e.source and o.design in POOLED]
            if pooled and all(participants(o) is None for o in pooled):
                return DESIGN_NOUN[e.design][0]
    return None


def by_population(
    items: Sequence[Evidence], count: Callable[[Evidence], int | None] | None = None
) -> list[tuple[int | None, int]]:
    """`by_source`'s figures with the sources that analyse one cohort counted once, at the largest: what
    may be added up without counting the same people twice. A source with a cohort on any of its items is
    counted in that cohort (the cautious side: fewer people added up, never more)."""
    cohort = {e.source: e.cohort for e in items if e.cohort}
    counted = _largest((cohort.get(sid, sid), n, k) for sid, (n, k) in by_source(items, count).items())
    return list(counted.values())


def least_participants(items: Sequence[Evidence]) -> tuple[int, str] | None:
    """The most cases (or events) any of these studies reports, with their noun: however many participants
    a study had, it had at least as many as its cases. None when no study reports them."""
    found = [(e.effect.events, e.events_noun) for e in items if e.effect and e.effect.events]
    return max(found) if found else None


def total_events(items: Sequence[Evidence]) -> tuple[int, str] | None:
    """The events (or cases) on these studies, added up as participants are (`added_up`), with their noun;
    None unless every study's result records them."""
    if not items or any(e.effect is None or e.effect.events is None for e in items):
        return None
    return added_up(by_population(items, lambda e: e.effect.events)), items[0].events_noun  # type: ignore[union-attr]


def headline_effect(items: Sequence[Evidence]) -> Evidence | None:
    """The effect that stands for these studies, shown in a summary-of-findings row and judged for
    imprecision: a pooled estimate (meta-analysis or systematic review) before any single study, as
    Cochrane's tables show the review's pooled effect; then one with a confidence interval; then one in the
    outcome's own units (a reader can weigh 17 ng/mL, not a standardised mean difference of 0.35); then the
    most participants."""
    with_effect = [e for e in items if e.effect is not None]
    return max(
        with_effect,
        key=lambda e: (
            e.design in POOLED,
            e.effect.ci is not None,
            e.effect.measure != Measure.SMD,
            participants(e) or 0,
        ),  # type: ignore[union-attr]
        default=None,
    )


def participants(e: Evidence) -> int | None:
    return e.n if e.n is not None else (e.effect.participants if e.effect else None)


def by_source(
    items: Sequence[Evidence], count: Callable[[Evidence], int | None] | None = None
) -> dict[str, tuple[int | None, int]]:
    """Participants (or another `count`, such as events) and pooled studies per source: a study cited for
    two of its results (two evidence items, e.g. two effects for a forest plot) counts once, at its largest."""
    return _largest((e.source, (count or participants)(e), e.studies or 0) for e in items)


def added_up(counted: list[tuple[int | None, int]]) -> int:
    """Separate studies add up (two analyses of one cohort count once, `by_population`); a pooled
    analysis counts on its own, never added to studies it may pool."""
    studies = sum(n for n, k in counted if n and not k)
    return max([studies] + [n for n, k in counted if n and k])


def _largest(figures: Iterable[tuple[str, int | None, int]]) -> dict[str, tuple[int | None, int]]:
    """(participants or None, pooled studies) per key, each at its largest."""
    out: dict[str, tuple[int | None, int]] = {}
    for key, n, k in figures:
        m, j = out.get(key, (None, 0))
        out[key] = (max(m or 0, n or 0) or None, max(j, k))
    return out


def includes_no_effect(effect: Effect) -> bool:
    if effect.ci is None:
        return False
    null = 1.0 if effect.measure in RATIO_MEASURES else 0.0
    return effect.ci[0] <= null <= effect.ci[1]


def _units(experiments: tuple[Evidence, ...]) -> tuple[str, str]:
    """What an experiment's n counts, plural and singular: animals, or the donors or samples of cultured cells."""
    cells = {e.species in (Species.human_cells, Species.animal_cells) for e in experiments}
    if cells == {True}:
        return "donors or samples", "donor or sample"
    return ("animals", "animal") if cells == {False} else ("animals or samples", "animal or sample")


def imprecision(starting: tuple[Evidence, ...]) -> str | None:
    why = []
    counted = by_population(starting)
    total = added_up(counted)
    cases = least_participants(starting)
    if max(total, cases[0] if cases else 0) < IMPRECISION_PARTICIPANTS:
        missing = sum(n is None for n, _ in counted)
        lab = all(e.design in EXPERIMENTS for e in starting)  # animals, donors or samples, not people
        if missing == len(counted):
            why.append(
                "group sizes not reported in the sources seen"
                if lab
                else "number of participants not recorded"
            )
        else:
            noun = _units(starting) if lab else ("participants", "participant")
            unknown = "not reported in the sources seen" if lab else "not recorded"
            why.append(f"{total} {noun[total == 1]}" + (f"; {unknown} for {missing} more" if missing else ""))
    events = total_events(starting)
    if events is not None and events[0] < IMPRECISION_EVENTS:
        why.append(f"{events[0]} {events[1]}")
    # A null result's interval includes no effect by design: that is its finding, not imprecision.
    best = headline_effect([e for e in starting if e.direction != Direction.null])
    eff = best.effect if best is not None else None
    if eff is not None and includes_no_effect(eff):
        why.append("the 95% CI {1} to {2} includes no effect".format(*eff.reported))
    return "; ".join(why) or None


def agreeing_words(items: list[Evidence]) -> str:
    """The inconsistency step's words when a null result agrees with the studies it is compared with."""
    one = len(dict.fromkeys((e.source, e.design) for e in items)) == 1  # one study, maybe several estimates
    many = len(items) > 1
    found = " and ".join(f"{e.effect.measure.value} {e.effect.reported[0]}" for e in items)  # type: ignore[union-attr]
    return (
        f"the estimate{'s' if many else ''} of {count_designs(items)} that find{'s' if one else ''} no clear "
        f"effect, {found}, {'are' if many else 'is'} consistent with each direct starting study of the same "
        f"outcome and measure, I² below {INCONSISTENCY_I2}%"
    )


def opposed_words(opposed: list[Evidence]) -> str:
    """What the other side's studies at the starting level found: a null result is no clear effect, not an
    effect the other way."""
    if all(e.direction == Direction.mixed for e in opposed):
        return "results in both directions"
    found = []
    for directions, one, many in (
        ({Direction.supports, Direction.contradicts}, "points the other way", "point the other way"),
        ({Direction.null}, "finds no clear effect", "find no clear effect"),
        ({Direction.mixed}, "reports mixed results", "report mixed results"),
    ):
        items = [e for e in opposed if e.direction in directions]
        if items:  # the verb agrees with the count as count_designs counts: by source and design
            studies = len(dict.fromkeys((e.source, e.design) for e in items))
            found.append((count_designs(items), one if studies == 1 else many))
    if len(found) == 1:
        return f"{found[0][0]} at the same or a higher level {found[0][1]}"
    return "at the same or a higher level: " + "; ".join(f"{who} {verb}" for who, verb in found)


def bias_of(e: Evidence, sources: Mapping[str, Source]) -> tuple[Bias, str | None]:
    """A study's risk of bias: judged once on its source, unless this claim records why it differs."""
    if e.risk_of_bias is not None:
        return e.risk_of_bias.level, e.risk_of_bias.reason
    src = sources.get(e.source)
    if src is not None and src.appraisal is not None:
        return src.appraisal.risk_of_bias, src.appraisal.reason
    return Bias.low, None


def appraised(e: Evidence, sources: Mapping[str, Source]) -> bool:
    """Whether anyone judged this study's risk of bias: the claim, or its source's appraisal."""
    src = sources.get(e.source)
    return e.risk_of_bias is not None or (src is not None and src.appraisal is not None)


def risk_of_bias(starting: tuple[Evidence, ...], sources: Mapping[str, Source]) -> tuple[int, str] | None:
    """The risk-of-bias step (change, reason): lowered when every starting study is at serious (or very
    serious) risk of bias, naming one study's reason; otherwise not lowered, and when some were never
    appraised the step says so: not appraised is not low risk, though the rule cannot lower for it."""
    studies = {(e.source, e.design): e for e in starting}  # a study counts once
    judged = {k: bias_of(e, sources) for k, e in studies.items()}
    bias, reason = max(judged.values(), key=lambda b: BIAS_CHANGE[b[0]])
    if BIAS_CHANGE[bias]:
        why = (reason or bias.value).rstrip(".")
        worst = sum(b == bias for b, _ in judged.values())
        if worst > 1:  # the step names one study's reason; say that it is not the only one
            why = f"{worst} of {len(judged)} studies at {bias.value} risk of bias, among them: {why}"
        return BIAS_CHANGE[bias], why
    unjudged = [k for k, e in studies.items() if not appraised(e, sources)]
    if not unjudged:
        return None
    if len(studies) == 1:
        return 0, "not appraised"
    if len(unjudged) == len(studies):
        return 0, f"not appraised for any of the {len(unjudged)} starting studies"
    why = f"{len(unjudged)} of the {len(studies)} starting studies not appraised"
    others = [judged[k][0] for k in judged if k not in unjudged]
    if not all(BIAS_CHANGE[b] for b in others):  # an appraised study at low risk keeps it up anyway
        return 0, why
    # every appraised study is at serious risk: only the unappraised keep the claim from being lowered
    gravest = min(others, key=lambda b: BIAS_CHANGE[b])
    at = sum(b == gravest for b in others)
    return 0, f"{why}, which keeps it from being lowered; {at} at {gravest.value} risk of bias"


def nothing_to_grade(against: bool, opposed: tuple[Evidence, ...]) -> str:
    """The reasons of a claim with no study on the side judged, naming what is recorded on the other side,
    which is listed with the claim but not graded (a null result as one finding no clear effect)."""
    why = f"no study {'against' if against else 'for'} it is recorded, so there is nothing to grade"
    null = [e for e in opposed if e.direction == Direction.null]
    clear = [e for e in opposed if e.direction != Direction.null]
    found = [f"{count_designs(clear)} {'for' if against else 'against'} it"] if clear else []
    found += [f"{count_designs(null)} finding no clear effect"] if null else []
    return why + ("; listed but not graded: " + " and ".join(found) if found else "")


def pair_i2(a: Effect, b: Effect) -> float:
    """I² (percent) of two estimates, from their values and 95% CIs (ratios on the log scale): Q is the
    squared difference over the summed variances, I² = (Q - 1) / Q, and 0 when Q ≤ 1."""
    scale = math.log if a.measure in RATIO_MEASURES else float
    (ya, la, ha), (yb, lb, hb) = ((scale(f.value), scale(f.ci[0]), scale(f.ci[1])) for f in (a, b))  # type: ignore[index]
    variance = ((ha - la) / 3.92) ** 2 + ((hb - lb) / 3.92) ** 2  # a 95% CI is 2 x 1.96 standard errors wide
    if not variance:  # two intervals of no width (a CI recorded as [x, x]): equal or wholly apart
        return 0.0 if ya == yb else 100.0
    q = (ya - yb) ** 2 / variance
    return max(0.0, (q - 1) / q * 100) if q > 0 else 0.0

"""Consistency checks between a claim's verdict and the certainty of its evidence. They stop the build:
the store's cross-checks turn each finding into a problem with the claim's file, line and id.

A claim that does not yet set `kind` has not been re-judged under the certainty model (issue 11) and is
not checked; once every claim sets it and `kind` is required in models.py, every claim is.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, NamedTuple

from .certainty import CertaintyResult, judge_side
from .certainty_rules import AGAINST, FOR, LEVEL_WORD, LEVELS, REFERENCE_WORKS
from .models import Claim, Question, Source, Topic
from .problems import closest_note
from .vocabulary import Certainty, Changed, Domain, Kind, Species, Status

WEAK = frozenset({Certainty.low, Certainty.very_low})


class Finding(NamedTuple):
    id: str  # the claim's (or topic's) id
    field: str
    message: str


def rejudged(claim: Claim) -> bool:
    """The claim records its kind: it has been judged under the certainty model."""
    return "kind" in claim.model_fields_set


def check_claim(claim: Claim, sources: Mapping[str, Source], grade: CertaintyResult) -> list[Finding]:
    """The claim's findings, given its grade (the store's: judged once, for the checks and the pages)."""
    out: list[Finding] = []

    def bad(fld: str, msg: str) -> None:
        out.append(Finding(claim.id, fld, msg))

    if (
        claim.kind == Kind.finding
        and claim.status == Status.established
        and grade.level in WEAK
        and not any((s := sources.get(e.source)) and s.kind in REFERENCE_WORKS for e in claim.evidence)
    ):
        bad(
            "status",
            f"'established', but the evidence behind it is only {LEVEL_WORD[grade.level]} "
            f"certainty ({grade.why}) and no textbook or guideline is cited: mark it "
            "'kind: background' and cite its reference work, add the evidence that establishes "
            "it, or lower the verdict",
        )
    for fld, msg in _association_checks(claim, grade):
        bad(fld, msg)
    if missing := _no_evidence_on_its_side(claim):
        bad("status", missing)
    if claim.status == Status.contested and _one_sided(claim) and not _verdict_explained(claim):
        bad(
            "status",
            "'contested' (it answers 'Unclear'), but every item of evidence points one way: add the "
            "evidence for the other side, change the verdict, or record in its history (what: [verdict-kept]) "
            "why the claim goes beyond the evidence rather than against it",
        )
    if claim.kind == Kind.finding and claim.status == Status.supported:
        pro = grade.side  # a supported finding's grade is judged on the evidence for it
        con = judge_side(claim, sources, against=True)
        if con.starting and LEVELS.index(con.level) < LEVELS.index(pro.level):
            bad(
                "status",
                f"'supported', but the evidence against it ({LEVEL_WORD[con.level]} certainty) is "
                f"more certain than the evidence for it ({LEVEL_WORD[pro.level]}): make it "
                "'contested' or 'refuted', or record why the evidence against counts for less "
                "(risk_of_bias or indirect on those items)",
            )
    asserting = {a.source for a in claim.asserted_by}
    for i, e in enumerate(claim.evidence):
        src = sources.get(e.source)
        if e.direction in FOR and e.source in asserting and src is not None and src.is_seed:
            bad(
                f"evidence[{i}].source",
                f"circular: the article under review '{e.source}' asserts this claim "
                "and is cited as evidence for it; cite the studies it relies on "
                "instead, or drop the item",
            )
    return out


def _no_evidence_on_its_side(claim: Claim) -> str | None:
    """A verdict that says the finding holds with no evidence for it, or refuted with none against."""
    holds = claim.status in (Status.established, Status.supported)
    if claim.kind == Kind.finding and holds and not any(e.direction in FOR for e in claim.evidence):
        return (
            f"'{claim.status.value}', but no evidence for it is recorded: add the study that supports it "
            "(direction: supports or mixed), mark it 'kind: background' and cite its reference work, or "
            "make it 'speculative'"
        )
    if claim.status == Status.refuted and not any(e.direction in AGAINST for e in claim.evidence):
        return (
            "'refuted', but no evidence against it is recorded: add the study that goes against "
            "it (direction: contradicts or null), or change the verdict"
        )
    return None


def _association_checks(claim: Claim, grade: CertaintyResult) -> list[tuple[str, str]]:
    """A claim marked as an association is about people, and one judged from high has an effect with its
    interval to judge precision by, or an editors' judgement on imprecision."""
    if not claim.association:
        return []
    if claim.kind != Kind.finding or claim.scope != Species.human:
        return [
            (
                "association",
                "is true, but only a finding about people can be judged as an association (drop it)",
            )
        ]
    side = grade.side
    if (
        side is not None
        and side.start == Certainty.high
        and not any(e.effect and e.effect.ci for e in side.starting)
        and not any(r.domain == Domain.imprecision for r in claim.certainty_ratings)
    ):
        return [
            (
                "certainty_ratings",
                "is an association judged from high, but no starting study records an effect with its 95% CI, "
                "so the rule cannot judge imprecision: record the effect, or an editors' judgement on imprecision",
            )
        ]
    return []


def _one_sided(claim: Claim) -> bool:
    """No item points both ways or to the other side (a mixed result counts for both)."""
    dirs = {e.direction for e in claim.evidence}
    return not dirs & FOR or not dirs & AGAINST


def _verdict_explained(claim: Claim) -> bool:
    return any({Changed.verdict, Changed.kept} & set(h.what) for h in claim.history)


def check_store(store: Any) -> list[Finding]:
    """Every consistency problem of the claims re-judged under the certainty model, and every question
    of a summary of findings (a topic's or a companion page's) that names no claim."""
    out: list[Finding] = []
    for cid, claim in store.claims.items():
        if rejudged(claim):
            out += check_claim(claim, store.sources, store.grades[cid])
    for tid, topic in store.topics.items():
        for fld, q in asked(topic):
            if store.resolve_claim(q.claim) is None:
                near = closest_note(q.claim, store.claims)
                out.append(Finding(tid, f"{fld}.claim", f"unknown claim '{q.claim}'{near}"))
    return out


def asked(topic: Topic) -> list[tuple[str, Question]]:
    """Every question of the topic's summaries, with its field: questions[0], companions[1].questions[2]."""
    return [(f"questions[{i}]", q) for i, q in enumerate(topic.questions)] + [
        (f"companions[{j}].questions[{i}]", q)
        for j, c in enumerate(topic.companions)
        for i, q in enumerate(c.questions)
    ]

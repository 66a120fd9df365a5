"""Which pages use which claims and sources, read from the Markdown sources before any page renders.

The sources page needs "cited by" before the topic pages have rendered, and the dev server needs to know
which pages to rebuild when a claim changes, so usage is read statically from the macro calls.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from .calls import Call, PageCalls, Settings, read_page

if TYPE_CHECKING:
    from .models import Claim


# Macros whose output does not depend on the store, or whose dependencies `_record` indexes.
TRACKED = {
    "claim",
    "claim_card",
    "cite",
    "references",
    "claims_table",
    "seed_review",
    "claims_register",
    "sources_register",
    "grading_rules",
    "glossary_table",
    "topics_list",
    "explainer",
    "summary_of_findings",
    "igf1",
}


def table_lists(call: dict[str, str | None], claim: Claim) -> bool:
    """Whether `claims_table(topic=..., status=...)` lists the claim: never a register-only one."""
    return (
        not claim.register_only
        and call.get("topic") in (None, claim.topic)
        and call.get("status") in (None, claim.status.value)
    )


@dataclass
class Usage:
    claims: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))  # page -> claim ids
    sources: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))  # page -> source ids
    tables: dict[str, list[dict[str, str | None]]] = field(default_factory=lambda: defaultdict(list))
    seed_reviews: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    claim_registers: set[str] = field(default_factory=set)  # pages calling claims_register
    source_registers: set[str] = field(default_factory=set)  # pages calling sources_register
    explainers: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))  # page -> names
    topics_lists: set[str] = field(default_factory=set)  # pages listing the topics with claim counts
    summaries: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))  # page -> topic ids
    titles: dict[str, str] = field(default_factory=dict)  # page -> its own title, where it has one
    untracked: set[str] = field(default_factory=set)  # pages whose store dependencies are not known here

    @property
    def registers(self) -> set[str]:
        """The pages calling either register."""
        return self.claim_registers | self.source_registers

    def pages_using_claim(self, claim: Claim) -> list[str]:
        """The pages that show the claim: called by its id or an old id (an alias), or in a claims table."""
        ids = {claim.id, *claim.aliases}
        pages = {p for p, used in self.claims.items() if used & ids}
        pages |= {p for p, calls in self.tables.items() if any(table_lists(c, claim) for c in calls)}
        return sorted(pages)

    def shows_statement(self, claim: Claim) -> bool:
        """Whether a page other than a register shows the claim's statement in its text (a `claim` or
        `claim_card` call), where search finds it in context; the register's row is then left out of search."""
        ids = {claim.id, *claim.aliases}
        return any(ids & used for page, used in self.claims.items() if page not in self.registers)


def scan(docs_dir: Path, settings: Settings | None = None) -> Usage:
    """The usage of every Markdown page under docs_dir (by its path relative to it), from its macro calls
    (`calls.read_page`). An argument that is not a literal is not known here."""
    usage = Usage()
    for path in sorted(docs_dir.rglob("*.md")):
        page = path.relative_to(docs_dir).as_posix()
        found = read_page(path.read_text(encoding="utf-8-sig", errors="replace"), page, settings)
        if found.title:
            usage.titles[page] = found.title
        if _untracked(found):
            usage.untracked.add(page)
        for call in found.calls:
            _record(usage, page, call)
    return usage


def _untracked(page: PageCalls) -> bool:
    """Whether a page calls a macro not tracked here, reads a variable (`{{ store... }}`), passes an
    argument that is not a literal, or uses template statements ({% for %}, {% if %}, {% include %}...).
    A page that does not parse is untracked too (the build shows its error)."""
    return (
        page.statements
        or bool(page.names - TRACKED)
        or any(not call.literal for call in page.calls if call.name in TRACKED)
    )


def _record(usage: Usage, page: str, call: Call) -> None:
    name = call.name
    if name in ("claim", "claim_card"):
        _add(usage.claims, page, call.arg(0, "claim_id"))
    elif name == "cite":
        _add(usage.sources, page, call.arg(0, "source_id"))
    elif name == "explainer":
        _add(usage.explainers, page, call.arg(0, "name"))
    elif name == "seed_review":
        _add(usage.seed_reviews, page, call.arg(0, "seed_id"))
    elif name == "claims_table":
        usage.tables[page].append(
            {"topic": _text(call.arg(0, "topic")), "status": _text(call.arg(1, "status"))}
        )
    elif name in ("claims_register", "sources_register"):
        (usage.claim_registers if name == "claims_register" else usage.source_registers).add(page)
    elif name == "topics_list":
        usage.topics_lists.add(page)
    elif name == "summary_of_findings":
        _add(usage.summaries, page, call.arg(0, "topic"))


def _text(value: object) -> str | None:
    """A literal argument that names something (a non-empty string), or None."""
    return value if isinstance(value, str) and value else None


def _add(index: dict[str, set[str]], page: str, value: object) -> None:
    if text := _text(value):
        index[page].add(text)

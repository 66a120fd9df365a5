"""Which pages use which claims and sources, read from the Markdown sources before any page renders.

The sources page needs "cited by" before the topic pages have rendered, and the dev server needs to know
which pages to rebuild when a claim changes, so usage is read statically from the macro calls.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

_STR = r"""\s*(?:"([^"\n]+)"|'([^'\n]+)')"""
CLAIM_CALL = re.compile(r"\b(claim|claim_card)\(" + _STR)
CITE_CALL = re.compile(r"\bcite\(" + _STR)
TABLE_CALL = re.compile(r"\bclaims_table\(([^)]*)\)")
SEED_CALL = re.compile(r"\bseed_review\(" + _STR)
EXPLAINER_CALL = re.compile(r"\bexplainer\(" + _STR)
REGISTER_CALL = re.compile(r"\b(claims_register|sources_register)\(")
TOPICS_LIST_CALL = re.compile(r"\btopics_list\(")
SUMMARY_CALL = re.compile(r"\bsummary_of_findings\(" + _STR)
_KW = re.compile(r"""(\w+)\s*=\s*(?:"([^"]*)"|'([^']*)'|None)""")


@dataclass
class Usage:
    claims: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))   # page -> claim ids
    sources: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))  # page -> source ids
    tables: dict[str, list[dict[str, str | None]]] = field(default_factory=lambda: defaultdict(list))
    seed_reviews: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    registers: set[str] = field(default_factory=set)
    explainers: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))  # page -> names
    topics_lists: set[str] = field(default_factory=set)  # pages listing the topics with claim counts
    summaries: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))  # page -> topic ids

    def pages_using_claim(self, claim_id: str, topic: str, status: str) -> list[str]:
        pages = {p for p, ids in self.claims.items() if claim_id in ids}
        for page, calls in self.tables.items():
            if any((c.get("topic") in (None, topic)) and (c.get("status") in (None, status)) for c in calls):
                pages.add(page)
        return sorted(pages)


def scan(docs_dir: Path) -> Usage:
    usage = Usage()
    for path in sorted(docs_dir.rglob("*.md")):
        page = path.relative_to(docs_dir).as_posix()
        text = path.read_text(encoding="utf-8", errors="replace")
        for m in CLAIM_CALL.finditer(text):
            usage.claims[page].add(m.group(2) or m.group(3))
        for m in CITE_CALL.finditer(text):
            usage.sources[page].add(m.group(1) or m.group(2))
        for m in EXPLAINER_CALL.finditer(text):
            usage.explainers[page].add(m.group(1) or m.group(2))
        for m in SEED_CALL.finditer(text):
            usage.seed_reviews[page].add(m.group(1) or m.group(2))
        for m in TABLE_CALL.finditer(text):
            args = m.group(1).strip()
            kwargs = {k: (a if a is not None else b) for k, a, b in _KW.findall(args)}
            positional = re.match(r"""(?:"([^"]*)"|'([^']*)')""", args)
            if positional:  # claims_table("topic")
                kwargs.setdefault("topic", positional.group(1) or positional.group(2))
            usage.tables[page].append({"topic": kwargs.get("topic") or None,
                                       "status": kwargs.get("status") or None})
        for m in SUMMARY_CALL.finditer(text):
            usage.summaries[page].add(m.group(1) or m.group(2))
        if REGISTER_CALL.search(text):
            usage.registers.add(page)
        if TOPICS_LIST_CALL.search(text):
            usage.topics_lists.add(page)
    return usage

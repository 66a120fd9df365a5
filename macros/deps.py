"""Which pages a change to the store touches, for the dev server's targeted rebuilds.

Pages are read statically (`usage.scan`, from the calls `calls.py` finds), so this knows which page calls
which claim, source, table or register without rendering anything. A page whose calls are not known
statically (`Usage.untracked`) is rebuilt on every store change: missing a dependency would serve a stale
page, rebuilding one too many only costs time.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .changes import touched_pages
from .explainers_config import claims_drawn, parse_config
from .pages import claim_page, source_page
from .problems import StoreError
from .records import Records
from .store import Store
from .usage import Usage


def _changed(old: Records, new: Records) -> set[str]:
    ids = set(old) ^ set(new)
    for key in set(old) & set(new):
        a, b = old._raw[key], new._raw[key]
        if type(a) is type(b) and a == b:
            continue
        if old[key] != new[key]:
            ids.add(key)
    return ids


def affected_pages(old: Store, new: Store, usage: Usage) -> set[str] | None:
    """The pages to rebuild after the store changed from `old` to `new`; None means all of them."""
    if (
        old.topics != new.topics
        or old.glossary != new.glossary
        or old.seed_references != new.seed_references
        or old.aliases != new.aliases
        or old.source_aliases != new.source_aliases
    ):
        return None  # every page may show them
    changed = _changed(old.claims, new.claims)  # ids added, removed or changed
    sources = _changed(old.sources, new.sources)
    if not changed and not sources:
        return set()
    # and the claims citing a changed source, in either store: a claim shows its sources' details
    claims = changed.union(*(s.citing.get(sid, ()) for s in (old, new) for sid in sources))
    pages: set[str] = usage.untracked | usage.claim_registers  # the claims register shows every claim
    if sources or old.citing != new.citing:  # the sources register: each source and how many claims cite it
        pages |= usage.source_registers
    for store in (old, new):
        # the changed claims, and the claims whose cards show the statement of a changed one as related
        shown = claims | related(store, claims)
        for cid in shown & store.claims.keys():
            claim = store.claims[cid]
            pages.update(usage.pages_using_claim(claim))
            if cid in claims and claim.asserted_by:
                pages.update(usage.seed_reviews)  # seed reviews list the claims a seed asserts
    if any(usage.explainers.values()):
        drawn = explainer_claims(new.root)
        for page, names in usage.explainers.items():
            # the evidence explorer shows every claim; an explainer whose claims are unknown is rebuilt too
            if any((ids := (drawn or {}).get(name)) is None or ids & claims for name in names):
                pages.add(page)
    for page, ids in [*usage.sources.items(), *usage.seed_reviews.items()]:  # cited sources, reviewed seeds
        if {new.source_aliases.get(i, i) for i in ids} & sources:  # a page may cite a source by an old id
            pages.add(page)
    for page, topics in usage.summaries.items():  # a summary of findings shows its questions' claims
        asked = {  # on a companion page, the companion's questions
            new.aliases.get(q.claim, q.claim)
            for t in topics
            if t in new.topics
            for q in new.topics[t].questions_on(page)
        }
        if asked & claims:
            pages.add(page)
    pages |= item_pages((old, new), claims, sources) | touched_pages(old, new, claims)
    if set(old.claims) != set(new.claims) or any(
        old.claims[c].topic != new.claims[c].topic for c in changed if c in old.claims and c in new.claims
    ):
        pages.update(usage.topics_lists)
    return pages


def item_pages(stores: tuple[Store, ...], claims: set[str], sources: set[str]) -> set[str]:
    """The generated pages (`macros/items.py`) showing these claims and sources, in each store: each
    claim's page and the pages of its related claims (both ways); each source's page and the pages of the
    claims citing it; the page of every source a claim cites or is asserted by (it lists the claim)."""
    touched = claims.union(*(s.citing.get(sid, ()) for s in stores for sid in sources))
    pages = {source_page(sid) for sid in sources}
    for store in stores:
        for cid in touched & store.claims.keys():
            claim = store.claims[cid]
            pages.add(claim_page(cid))
            pages.update(source_page(e.source) for e in claim.evidence)
            pages.update(source_page(a.source) for a in claim.asserted_by)
        pages.update(claim_page(cid) for cid in related(store, touched))
    return pages


def related(store: Store, claims: set[str]) -> set[str]:
    """The claims shown as related to any of these (both ways: naming one, or named by one)."""
    return {r.id for cid in claims & store.claims.keys() for r in store.related_to(store.claims[cid])}


def edited_pages(store: Store, old: Usage, new: Usage, pages: set[str]) -> set[str] | None:
    """What else to rebuild when these pages of docs/ were edited (None: all of it): when a page's macro
    calls changed, the registers, topic lists and item pages that say which page shows what."""
    edited = [page for page in pages if _calls(old, page) != _calls(new, page)]
    if not edited:
        return set()
    if any(old.tables.get(p) != new.tables.get(p) for p in edited):
        return None  # a claims table lists claims by topic and verdict
    claims = {c for p in edited for c in old.claims.get(p, set()) ^ new.claims.get(p, set())}
    cited = {s for p in edited for s in old.sources.get(p, set()) ^ new.sources.get(p, set())}
    return new.registers | new.topics_lists | item_pages((store,), claims, cited)


def _calls(usage: Usage, page: str) -> dict[str, Any]:
    """What the usage index knows of one page's macro calls."""
    return {name: v.get(page) if isinstance(v, dict) else page in v for name, v in vars(usage).items()}


def explainer_claims(root: Path) -> dict[str, set[str]] | None:
    """The claim ids each explainer draws, from data/explainers.yaml; None when it cannot be read."""
    try:  # read as the build reads it: hostile YAML (deep nesting, nested aliases) is refused, not parsed
        config, _ = parse_config(root)
    except StoreError:
        return None
    drawn: dict[str, set[str]] = {}
    for name, _loc, cid in claims_drawn(config):
        drawn.setdefault(name, set()).add(cid)
    return drawn

"""Pages and links: where the store's records get pages (claims/<id>/, sources/<id>/, and a day's changes to
a topic's claims at changes/<date>/<topic>/), the URL MkDocs
gives a page, a file map for rendering outside a build, and a page's rendering context (`PageContext`:
its citation numbering, in order of first citation, and the claim anchors already placed), with the two
errors a macro call can raise."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from mkdocs.structure.files import File, Files
from mkdocs.utils import get_relative_url

from .stash import Stash

CLAIMS_PAGE = "evidence/claims.md"
SOURCES_PAGE = "evidence/sources.md"
METHOD_PAGE = "method.md"
SEEDS_PAGE = "evidence/seeds.md"


# Where each identifier of a source leads (source pages link them; JSON-LD lists them as sameAs).
IDENTIFIER_URLS = (
    ("DOI", "https://doi.org/{}"),
    ("PMID", "https://pubmed.ncbi.nlm.nih.gov/{}/"),
    ("PMCID", "https://www.ncbi.nlm.nih.gov/pmc/articles/{}/"),
    ("URL", "{}"),
)


def site_root(config: Any) -> str:
    """`site_url` with one trailing slash ("/" when it is not set)."""
    return (config.get("site_url") or "").rstrip("/") + "/"


def claim_page(claim_id: str) -> str:
    """The generated page of one claim (macros/items.py), as a path in docs/."""
    return f"claims/{claim_id}.md"


def source_page(source_id: str) -> str:
    """The generated page of one source (macros/items.py), as a path in docs/."""
    return f"sources/{source_id}.md"


CHANGES_PAGE = "changes.md"  # What changed: the index of the change pages


def announces_feed(src: str, is_homepage: bool) -> bool:
    """Whether a page carries the feed's <link rel="alternate">: the home page and the What changed pages,
    where a feed reader looks (see overrides/partials/igf-feed.html for why not every page)."""
    return is_homepage or src == CHANGES_PAGE or src.startswith("changes/")


def change_page(day: Any, topic: str) -> str:
    """The generated page of one day's changes to one topic's claims (macros/changes.py), as a path in docs/."""
    return f"changes/{day.isoformat()}/{topic}.md"


def change_pages(store: Any) -> set[str]:
    """The change pages a store has: one for each day and topic some claim's history has an entry of."""
    return {change_page(e.date, c.topic) for c in store.claims.values() for e in c.history}


class ReferenceError_(Exception):  # noqa: N801, N818
    """A page refers to something the store does not have. Formatted without a traceback."""

    def __init__(self, kind: str, wanted: str, closest: list[str], hint: str = ""):
        self.wanted = wanted  # errors.py finds the call that names it in the page
        msg = f"unknown {kind} id '{wanted}'"
        if closest:
            msg += f"; closest existing: {', '.join(closest)}"
        if hint:
            msg += f". {hint}"
        super().__init__(msg)


class MacroArgumentError(Exception):
    """A macro was called with arguments it cannot use."""


def page_url(src_path: str, use_directory_urls: bool = True) -> str:
    """The URL MkDocs gives a Markdown page, for tools outside a build (the dev server's output paths,
    Lighthouse's page list). Links in pages go through MkDocs' file map (`Renderer.url`)."""
    stem = src_path.removesuffix(".md")
    if not use_directory_urls:
        return stem + ".html"
    if stem == "index" or stem.endswith("/index"):
        return stem[: -len("index")]
    return stem + "/"


def site_files(pages: list[str], store: Any = None) -> Files:
    """A file map of the given pages, for rendering outside a build (tests, benchmarks); with a store, also
    the page of each of its claims and sources, its change pages and the seed reviews, as a build generates
    them."""
    if store is not None:
        pages = [*pages, SEEDS_PAGE, *map(claim_page, store.claims), *map(source_page, store.sources)]
        pages += sorted(change_pages(store))
    return Files([File(p, "docs", "site", use_directory_urls=True) for p in dict.fromkeys(pages)])


@lru_cache(maxsize=8192)
def _relative(target: str, here: str) -> str:
    return get_relative_url(target, here)


@dataclass
class PageContext:
    src_path: str
    files: Files  # MkDocs' file map: every link a macro writes is resolved through it
    citations: dict[str, int] = field(default_factory=dict)  # source id -> number
    anchored: set[str] = field(default_factory=set)  # ids that already have an anchor
    references_rendered: bool = False
    claims_used: list[str] = field(default_factory=list)
    stash: Stash = field(default_factory=Stash)  # this page's macro output, put back after Markdown
    links: dict[File, dict[str, str]] = field(default_factory=dict)  # anchors linked to, for MkDocs to check

    @property
    def file(self) -> File:
        here = self.files.get_file_from_path(self.src_path)
        if here is None:
            raise MacroArgumentError(f"{self.src_path} is not a page of this site")
        return here

    def number(self, source_id: str) -> int:
        """The source's number on this page, the next one at its first citation."""
        return self.citations.setdefault(source_id, len(self.citations) + 1)

    def anchor(self, ident: str) -> str | None:
        """The id attribute for the first rendering of a record on this page, None after that."""
        if ident in self.anchored:
            return None
        self.anchored.add(ident)
        return ident

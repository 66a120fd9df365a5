"""A page of its own for every claim (`claims/<id>/`) and every source (`sources/<id>/`).

- `add_pages` (on_files) adds one generated Markdown file per claim and per source. Its body is a single
  macro call, `{{ claim_page("id") }}` or `{{ source_page("id") }}`: mkdocs-macros stays the one way pages
  call the store. The files are marked not-in-nav (MkDocs' own inclusion level), so they stay out of the
  navigation tree but are built, listed in the sitemap and given canonical URLs. Each file's text is
  written under the cache folder (`pages/`), rewritten only when it changes, so that it has a date:
  MkDocs' dirty build (the dev server's targeted rebuilds) renders a page only when its source is newer
  than its output, and counts a file held in memory as always newer. The dev server deletes the outputs
  of the item pages a store change touches (`deps.item_pages`); the others are left as they are.
- A renamed claim's old ids (`aliases`) get a small static page at the old URL that redirects to the
  claim's page (see `redirect.html` for why not the mkdocs-redirects plugin).
- The macros return Markdown headings (so the table of contents lists a page's sections) around blocks of
  HTML rendered from the templates `claim_page.html` and `source_page.html`.
"""

from __future__ import annotations

import html
import json
from pathlib import Path
from typing import Any

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.utils import get_relative_url

from .cache import read_bytes, write_bytes
from .certainty import CertaintyResult
from .exports import page_bibtex
from .hardening import CSP
from .models import Claim, Source
from .pages import (
    IDENTIFIER_URLS,
    MacroArgumentError,
    PageContext,
    claim_page,
    page_url,
    site_root,
    source_page,
)
from .render import Renderer

DESCRIPTION_LENGTH = 160
# A page's <title>, tab and preview title: a whole statement (up to 457 characters) is cut off by tabs and
# search results at about 60; the page's heading keeps the whole text.
TITLE_LENGTH = 70


def front_matter(title: str, description: str, **extra: Any) -> str:
    """YAML front matter (JSON is YAML) with the title HTML-escaped: the theme writes it unescaped.
    `igf_item` tells overrides/main.html that the page is outside the navigation."""
    meta = {"title": html.escape(title, quote=False), "description": description, "igf_item": True, **extra}
    return (
        "---\n"
        + "\n".join(f"{k}: {json.dumps(v, ensure_ascii=False)}" for k, v in meta.items())
        + "\n---\n\n"
    )


def shorten(text: str, limit: int = DESCRIPTION_LENGTH) -> str:
    """At most `limit` characters, cut at a word and ended with "…" (no punctuation left before it)."""
    if len(text) <= limit:
        return text
    return text[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:.–—-") + "…"


def claim_markdown(claim: Claim, grade: CertaintyResult) -> str:
    # the verdict with its certainty, as the badge shows them: a verdict alone reads as an endorsement
    description = shorten(f"{claim.status.value.capitalize()}, {grade.word}: {claim.statement}")
    # Out of the search index: the claims register indexes every statement once, linking here; five
    # sections on each of hundreds of claim pages would swamp the results and triple the index.
    return (
        front_matter(shorten(claim.statement, TITLE_LENGTH), description, search={"exclude": True})
        + f'{{{{ claim_page("{claim.id}") }}}}\n'
    )


def source_markdown(src: Source) -> str:
    description = shorten(
        f"{src.kind.value.replace('-', ' ').capitalize()}, citation details "
        f"{src.verification.status.value}: {src.title}"
    )
    title, page = shorten(src.title, TITLE_LENGTH), f'{{{{ source_page("{src.id}") }}}}\n'
    if src.is_seed:  # an article under review: its page is also our review of it, claim by claim
        review = f'\n## The claims it makes, checked {{ #review }}\n\n{{{{ seed_review("{src.id}") }}}}\n'
        return front_matter(title, description) + page + review
    # Out of the search index: the Sources page indexes every reference once, linking here.
    return front_matter(title, description, search={"exclude": True}) + page


def page_file(
    config: Any,
    uri: str,
    text: str,
    folder: Path | None,
    inclusion: InclusionLevel = InclusionLevel.NOT_IN_NAV,
) -> File:
    """A generated file whose text is kept in `folder` (written only when it changed), or in memory when
    the build has no cache folder."""
    if folder is None:
        return File.generated(config, uri, content=text, inclusion=inclusion)
    path, data = folder / uri, text.encode("utf-8")
    if read_bytes(path) != data:
        write_bytes(path, data, stale=path.name)
        if read_bytes(path) != data:  # not writable: a cache only saves time
            return File.generated(config, uri, content=text, inclusion=inclusion)
    return File.generated(config, uri, abs_src_path=str(path), inclusion=inclusion)


def add_pages(files: Files, config: Any, renderer: Renderer, cache_dir: Path | None) -> Files:
    """One page per claim and per source, and a redirect page at each old id of a renamed claim or source."""
    store = renderer.store
    folder = cache_dir / "pages" if cache_dir is not None else None
    taken = {f.src_uri for f in files}
    site_url = site_root(config)
    directory_urls = config.get("use_directory_urls", True)
    kinds = (
        ("claim", store.claims, claim_page, lambda c: claim_markdown(c, store.grades[c.id]), store.aliases),
        ("source", store.sources, source_page, source_markdown, store.source_aliases),
    )
    for kind, records, where, markdown, aliases in kinds:
        for ident in records:
            uri = where(ident)
            if uri in taken:
                raise PluginError(
                    f"docs/{uri}: a page exists where the {kind} '{ident}' gets its own page; "
                    f"remove or rename docs/{uri}"
                )
            files.append(page_file(config, uri, markdown(records[ident]), folder))
        for alias, target in sorted(aliases.items()):
            old, new = page_url(where(alias), directory_urls), page_url(where(target), directory_urls)
            body = renderer.env.get_template("redirect.html").render(
                href=get_relative_url(new, old),
                icon=get_relative_url(config["theme"]["favicon"], old),
                canonical=site_url + new,
                kind=kind,
                alias=alias,
                target=target,
                csp=CSP,
            )
            uri = old + "index.html" if old.endswith("/") else old
            files.append(page_file(config, uri, body, folder, InclusionLevel.UNDEFINED))
    return files


# --- the pages ---------------------------------------------------------------------------------------


def render_claim_page(r: Renderer, ctx: PageContext, claim_id: Any, config: Any) -> str:
    """A claim's own page (`config`: MkDocs' configuration, for the address it is cited by)."""
    claim = r.claim_or_fail(claim_id)
    if claim.id != claim_id:
        raise MacroArgumentError(
            f"claim_page(): '{claim_id}' is an old id of '{claim.id}'; its page redirects there"
        )
    card = r.claim_card(ctx, claim.id, full=True)
    topic = r.store.topics[claim.topic]
    view = {
        "claim": claim,
        "statement": r.statement(claim),
        "topic": topic,
        "topic_href": r.url(ctx, topic.page),
        "appearances": r.appearances(ctx, claim),
        "seeds": [
            (r.store.sources[a.source], a, r.url(ctx, source_page(a.source), "review"))
            for a in claim.asserted_by
        ],
    }
    head, where, history = (r.render("claim_page.html", part=p, **view) for p in ("head", "where", "history"))
    cite = _cite(r, claim, config)
    refs = r.references(ctx)
    parts = [head, card, "## Where it appears {#where}", where, "## History {#history}", history]
    parts += ["## Cite this claim {#cite}", cite, "## References {#references}", refs]
    return "\n\n".join(parts) + "\n"


def _cite(r: Renderer, claim: Claim, config: Any) -> str:
    """The short reference and BibTeX of a claim page. Written by a template in the shape the default
    style (Vancouver) gives a web page, not by the CSL processor: formatting thousands of claim pages
    through citeproc would cost about 11 ms each."""
    url = site_root(config) + page_url(claim_page(claim.id), config.get("use_directory_urls", True))
    site = config.get("site_name") or ""
    note = f"Claim {claim.id}, last reviewed {claim.reviewed.isoformat()}"
    bibtex = page_bibtex(f"igf1-claim-{claim.id}", claim.statement, site, url, claim.reviewed, note)
    # not folded onto one line like the other parts: the BibTeX block keeps its line breaks
    return r.env.get_template("cite_item.html").render(claim=claim, site=site, url=url, bibtex=bibtex)


def render_source_page(r: Renderer, ctx: PageContext, source_id: Any) -> str:
    """A source's own page: the reference, identifiers, verification, and every claim citing it."""
    src = r.source_or_fail(source_id)
    rows = [
        r.claim_row(
            ctx,
            c,
            evidence=[e for e in c.evidence if e.source == src.id],  # an article's quotes: in its review
            on=r.appearances(ctx, c),
        )
        for c in r.store.claims_citing(src.id)
    ]
    pages: dict[str, str] = {}
    for row in rows:
        for title, href in row["on"]:
            pages.setdefault(title, href.split("#")[0])
    for p, ids in r.usage.sources.items():
        if src.id in ids and p not in r.usage.registers:
            pages.setdefault(r.page_title(p), r.url(ctx, p))
    body = r.render(
        "source_page.html",
        src=src,
        rows=rows,
        pages=sorted(pages.items()),
        identifiers=identifiers(src),
        review_href="#review" if src.is_seed else None,
    )
    return body + "\n"


def identifiers(src: Source) -> list[dict[str, Any]]:
    """Each identifier with its link; no link where it was not confirmed against a record."""
    return [
        {"name": name, "value": value, "href": None if src.unverified(name) else pattern.format(value)}
        for name, pattern in IDENTIFIER_URLS
        if (value := getattr(src, name))
    ]

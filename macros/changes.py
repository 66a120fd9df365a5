"""What changed (issue 12): every claim's `history`, newest first, as a page and as an Atom feed.

A claim records its own changes (`history:` entries with a date, what changed and why; `HistoryEntry`
in models.py). `{{ changes() }}` lists them across the site on docs/changes.md; the same list is written
at build time as an Atom feed (RFC 4287) at `/changes.xml`, which every page announces with
`<link rel="alternate" type="application/atom+xml">`, so a feed reader can follow the site. Both are
generated from the store only: no clock is read, so two builds of one commit stay byte-identical.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, NamedTuple
from urllib.parse import urlsplit

from mkdocs.structure.files import File, Files
from mkdocs.utils import get_relative_url

from .models import Claim, HistoryEntry
from .pages import PageContext, claim_page, page_url
from .render import Renderer

FEED = "changes.xml"
CHANGES_PAGE = "changes.md"


class Change(NamedTuple):
    claim: Claim
    entry: HistoryEntry
    key: str  # unique and stable: claim id, date, and the entry's place among that day's entries


def all_changes(store: Any) -> list[Change]:
    """Every history entry of every claim, newest first (then by claim id, for a stable order)."""
    found = []
    for claim in store.claims.values():
        per_day: dict[dt.date, int] = {}
        for entry in claim.history:
            n = per_day[entry.date] = per_day.get(entry.date, 0) + 1
            found.append(Change(claim, entry, f"{claim.id}/{entry.date.isoformat()}/{n}"))
    return sorted(found, key=lambda c: (-c.entry.date.toordinal(), c.claim.id, c.key))


def add_feed(files: Files, config: Any, renderer: Renderer) -> Files:
    """The Atom document becomes a file of the site (called from the `on_files` hook). Absolute links need
    `site_url`; without it they are relative to the feed."""
    store = renderer.store
    site = (config.get("site_url") or "").rstrip("/")
    base = site + "/" if site else ""
    host = urlsplit(site).hostname or "localhost"
    changes = all_changes(store)  # newest first: the feed is as new as its first entry
    reviewed = (c.reviewed for c in store.claims.values())
    updated = changes[0].entry.date if changes else max(reviewed, default=dt.date(1970, 1, 1))
    directory = config.get("use_directory_urls", True)
    page = base + page_url(CHANGES_PAGE, directory)
    xml = renderer.env.get_template("changes.xml").render(
        title=f"{config['site_name']}: what changed",
        site=base or "./",
        host=host,
        updated=updated,
        feed_id=page if base else f"tag:{host},1970-01-01:changes",
        self_href=base + FEED,
        page_href=page,
        changes=changes,
        claim_href=lambda c: base + page_url(claim_page(c.id), directory),
        author=config["site_name"],
    )
    files.append(File.generated(config, FEED, content=xml.encode("utf-8")))
    return files


def changes_list(renderer: Renderer, ctx: PageContext, url: str) -> str:
    """Every claim's recorded changes, newest first, on the page at `url` (MkDocs' URL of the page)."""
    changes = all_changes(renderer.store)
    rows = [(c, renderer.statement(c.claim), renderer.url(ctx, claim_page(c.claim.id))) for c in changes]
    return renderer.render(
        "changes.html",
        rows=rows,
        # what the filter offers: the topics and the kinds of change that some entry has
        topics=[
            (t.id, t.title)
            for t in renderer.store.topics.values()
            if any(c.claim.topic == t.id for c in changes)
        ],
        whats={w.value for c in changes for w in c.entry.what},
        feed_href=get_relative_url(FEED, url),
    )

"""What changed (issue 12): every claim's `history`, newest first, as pages and as an Atom feed.

A claim records its own changes (`history:` entries with a date, what changed and why; `HistoryEntry`
in models.py). They are listed on pages of one day's changes to one topic's claims
(`changes/<date>/<topic>/`, generated like the claim pages, each a single call
`{{ changes("<date>", "<topic>") }}`), which `{{ changes() }}` on docs/changes.md indexes, newest day first,
with how many changes of each kind each page has. One page of every change, with its reason, had grown
to about 750 entries and twice the 100 KB first load every page is held to; a page per day alone would
be over it too (over 200 entries on a day of review). The same list is written at build time as an Atom
feed (RFC 4287) at `/changes.xml`, which every page announces with `<link rel="alternate"
type="application/atom+xml">`, so a feed reader can follow the site. All are generated from the store
only: no clock is read, so two builds of one commit stay byte-identical.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any, NamedTuple
from urllib.parse import urlsplit

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files
from mkdocs.utils import get_relative_url

from .items import front_matter, page_file
from .models import Claim, HistoryEntry
from .pages import (
    CHANGES_PAGE,
    MacroArgumentError,
    PageContext,
    change_page,
    change_pages,
    claim_page,
    page_url,
)
from .render import Renderer

FEED = "changes.xml"


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


def add_pages(files: Files, config: Any, renderer: Renderer, cache_dir: Path | None) -> Files:
    """One page per day and topic that has changes (called from the `on_files` hook, like the item pages;
    kept in the cache folder's `pages/` for the same reason: see macros/items.py)."""
    taken = {f.src_uri for f in files}
    folder = None if cache_dir is None else cache_dir / "pages"
    for g in groups(renderer.store):
        uri, day, title = change_page(g.day, g.topic), g.day.isoformat(), renderer.store.topics[g.topic].title
        if uri in taken:
            raise PluginError(
                f"docs/{uri}: a page exists where a day's changes get their own page; remove or rename it"
            )
        description = f"{title}: every change made on {day} to this topic's claims, with the reason for each."
        text = front_matter(f"What changed on {day}: {title}", description, search={"exclude": True})
        files.append(page_file(config, uri, text + f'{{{{ changes("{day}", "{g.topic}") }}}}\n', folder))
    return files


class Group(NamedTuple):
    """A day's changes to one topic's claims: the entries of one change page."""

    day: dt.date
    topic: str
    changes: list[Change]

    def count(self, what: str) -> int:
        return sum(any(w.value == what for w in c.entry.what) for c in self.changes)


def groups(store: Any) -> list[Group]:
    """The change pages' entries, newest day first, then in the order of the topics."""
    order = {t: i for i, t in enumerate(store.topics)}
    found: dict[tuple[dt.date, str], list[Change]] = {}
    for c in all_changes(store):
        found.setdefault((c.entry.date, c.claim.topic), []).append(c)
    keys = sorted(found, key=lambda k: (-k[0].toordinal(), order.get(k[1], len(order)), k[1]))
    return [Group(day, topic, found[day, topic]) for day, topic in keys]


def changes_index(renderer: Renderer, ctx: PageContext, url: str) -> str:
    """The index of the change pages, newest day first, with how many changes of each kind each has."""
    found = groups(renderer.store)
    days: dict[dt.date, list[tuple[Group, str, str]]] = {}
    for g in found:
        href = renderer.url(ctx, change_page(g.day, g.topic))
        days.setdefault(g.day, []).append((g, renderer.store.topics[g.topic].title, href))
    # Markdown with its HTML in it, not stashed, so that the days' headings reach the table of contents
    return renderer.env.get_template("changes_index.html").render(
        days=days, feed_href=get_relative_url(FEED, url)
    )


def changes_list(renderer: Renderer, ctx: PageContext, url: str, day: Any, topic: Any) -> str:
    """One day's changes to one topic's claims (`day`: an ISO date), with links to the same day's other
    topics and the same topic's other days."""
    store = renderer.store
    try:
        when = dt.date.fromisoformat(day)
    except (TypeError, ValueError):
        raise MacroArgumentError(f"changes(): '{day}' is not a date written YYYY-MM-DD") from None
    if topic not in store.topics:
        raise MacroArgumentError(f"changes(): unknown topic '{topic}'; topics: {', '.join(store.topics)}")
    found = groups(store)
    rows = next((g.changes for g in found if (g.day, g.topic) == (when, topic)), [])
    link = lambda g: renderer.url(ctx, change_page(g.day, g.topic))  # noqa: E731
    return renderer.render(
        "changes.html",
        day=when,
        topic=store.topics[topic],
        rows=[(c, renderer.statement(c.claim), renderer.url(ctx, claim_page(c.claim.id))) for c in rows],
        whats={w.value for c in rows for w in c.entry.what},
        same_day=[
            (store.topics[g.topic].title, link(g)) for g in found if g.day == when and g.topic != topic
        ],
        same_topic=[(g.day, link(g)) for g in found if g.topic == topic and g.day != when],
        index_href=renderer.url(ctx, CHANGES_PAGE),
        feed_href=get_relative_url(FEED, url),
    )


def touched_pages(old: Any, new: Any, claims: set[str]) -> set[str]:
    """The change pages to rebuild after the store changed from `old` to `new` (the dev server): those
    listing a changed claim, in either store; every one when the set of pages changed (each links the
    others of its day and its topic)."""
    before, after = change_pages(old), change_pages(new)
    if before != after:
        return before | after
    return {
        change_page(e.date, s.claims[c].topic)
        for s in (old, new)
        for c in claims & s.claims.keys()
        for e in s.claims[c].history
    }

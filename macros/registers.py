"""The claims register and the sources page as indexes: one row per item, linking to its own page.

A row carries what a reader filters by (topic, verdict, certainty; kind, verification) as data
attributes, and the filter form (shown by igf-reading.js) hides rows without loading any card. Each row's
id is the item's id and a renamed claim's old ids are anchors inside its row, so old links
(`evidence/claims/#id`) still land on it; igf-reading.js then takes the reader on to the item's page.
The topic headings are returned as Markdown, so that they reach the table of contents.
"""

from __future__ import annotations

import html
from typing import Any

from .pages import METHOD_PAGE, PageContext, source_page
from .render import STATUS_MEANING, Renderer, certainty_options


def _heading_text(text: str) -> str:
    """A topic title as Markdown heading text: characters Markdown reads as syntax are escaped; <, > and &
    as entities (Markdown's raw-HTML scan reads a backslash-escaped `<G` as the start of a tag)."""
    text = html.escape(text, quote=False)
    return "".join("\\" + ch if ch in "\\`*_{}[]()#+!|" else ch for ch in text)


def claims_index(r: Renderer, ctx: PageContext) -> str:
    topics = list(r.store.topics.values())
    # the levels in use, high first, background last; results in a model are their own options
    levels = certainty_options(r.store.grades.values())
    parts = [
        r.render(
            "register_filter.html",
            target="claims",
            fields=[
                ("topic", "Topic", [(t.id, t.title) for t in topics]),
                ("verdict", "Verdict", [(s, s) for s in STATUS_MEANING]),
                ("certainty", "Certainty", levels),
            ],
        )
    ]
    for topic in topics:
        rows = [
            r.claim_row(ctx, c, shown=r.usage.shows_statement(c)) for c in r.store.claims_in_topic(topic.id)
        ]
        parts.append(f"## {_heading_text(topic.title)} {{#topic-{topic.id}}}")
        parts.append(
            r.render(
                "register_topic.html",
                rows=rows,
                topic_href=r.url(ctx, topic.page),
                method_href=r.url(ctx, METHOD_PAGE, "grades"),
            )
        )
    return "\n\n".join(parts) + "\n"


def sources_index(r: Renderer, ctx: PageContext) -> str:
    entries: list[dict[str, Any]] = [
        {
            "source": src,
            "href": r.url(ctx, source_page(src.id)),
            "cited_by": len(r.store.citing.get(src.id, ())),
        }
        for src in sorted(r.store.sources.values(), key=lambda s: (not s.is_seed, s.id))
    ]
    kinds = sorted({e["source"].kind.value for e in entries})
    states = sorted({e["source"].verification.status.value for e in entries})
    form = r.render(
        "register_filter.html",
        target="sources",
        fields=[
            ("kind", "Kind", [(k, k) for k in kinds]),
            ("verification", "Citation details", [(s, s) for s in states]),
        ],
    )
    return form + "\n\n" + r.render("sources_register.html", entries=entries) + "\n"

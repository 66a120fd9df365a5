"""Each page's metadata: `page_context` (on_page_context) gives the theme templates (overrides/) an `igf`
mapping: the page's description (generated where the front matter has none), OpenGraph values, JSON-LD
(schema.org MedicalWebPage; a source page describes its work), the last-reviewed date computed from the
page's claims, and the "Cite this page" block of topic pages.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from markupsafe import Markup

from . import exports
from .items import identifiers, shorten
from .models import Claim, Issued, Source, Topic
from .pages import announces_feed, site_root
from .previews import SITE_CARD, preview_path
from .usage import table_lists

if TYPE_CHECKING:
    from . import Build

_TAG = re.compile(r"<[^>]+>")
_FIRST_PARAGRAPH = re.compile(r"<p>(.*?)</p>", re.S)


# --- per page --------------------------------------------------------------------------------------


def _text(markup: str) -> str:
    return re.sub(r"\s+", " ", html.unescape(_TAG.sub("", markup))).strip()


def describe(page_html: str, topic: Topic | None) -> str | None:
    """A description for a page without one: its topic's summary, else its first paragraph."""
    if topic is not None:
        return shorten(topic.summary)
    for m in _FIRST_PARAGRAPH.finditer(page_html):
        text = _text(m.group(1))
        if len(text) >= 40:
            return shorten(text)
    return None


def page_claims(build: Build, src: str) -> list[Claim]:
    """Claims shown on a page: those rendered by claim()/claim_card() and those its tables list."""
    store, usage = build.renderer.store, build.renderer.usage
    ctx = build.contexts.get(src)
    ids = set(ctx.claims_used) if ctx else set()
    ids |= usage.claims.get(src, set())
    if src in usage.tables:  # (only then: looking at every claim builds every claim's model)
        calls = usage.tables[src]
        ids |= {c.id for c in store.claims.values() if any(table_lists(t, c) for t in calls)}
    resolved = {c.id: c for c in (store.resolve_claim(i) for i in ids) if c is not None}  # old ids too
    return [resolved[k] for k in sorted(resolved)]


def _verified(src: Source, field: str) -> Any:
    """The field's value where it was confirmed against a record, else None."""
    return None if src.unverified(field) else getattr(src, field)


def _iso(issued: Issued) -> str:
    """A publication date as ISO 8601 gives it: 2004, 2004-03 or 2004-03-09."""
    return "-".join(f"{p:02d}" if i else str(p) for i, p in enumerate(issued.date_parts[0]))


def citation_ld(src: Source) -> dict[str, Any]:
    """A schema.org record of a source; fields not confirmed against a record are left out."""
    # Identifiers (or else the title) and the date identify a work; authors and journal are left to the
    # reference list and the downloads, to keep the page light (a topic page cites sixty sources).
    record: dict[str, Any] = {"@type": exports.TYPES[src.type].schema_org}
    if _verified(src, "issued"):
        record["datePublished"] = _iso(src.issued)
    same = [i["href"] for i in identifiers(src) if i["href"]]
    if same:  # an identifier names the work; the title is kept only for a source without one
        record["sameAs"] = same
    elif not src.unverified("title"):
        record["name"] = src.title
    return record


def json_script(data: Any) -> Markup:
    """JSON safe to place inside a <script> data block."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return Markup(text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))


def page_ld(store: Any, src: str, topic: Topic | None, config: Any, **page: str) -> dict[str, Any]:
    """The page as a schema.org MedicalWebPage. A source's own page describes that work (`about`); a
    topic page names its topic. Topic pages do not repeat their reference list here: each source's
    record is on its own page, and the downloads carry them all."""
    site_url = site_root(config)
    ld: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "MedicalWebPage",
        "name": page["title"],
        "headline": page["title"],
        "description": page["description"],
        "url": page["url"],
        "inLanguage": config["theme"].get("language", "en"),
        "isPartOf": {"@type": "WebSite", "name": config["site_name"], "url": site_url},
        "publisher": {"@type": "Organization", "name": config["site_name"], "url": site_url},
    }
    work = store.sources.get(Path(src).stem) if src.startswith("sources/") else None
    if topic is not None:
        ld["about"] = {"@type": "Thing", "name": topic.title}
    elif work is not None:
        ld["about"] = citation_ld(work)
    return ld


def page_context(context: dict, page: Any, config: Any, build: Build) -> dict:
    renderer = build.renderer
    store = renderer.store
    src = page.file.src_uri
    topic = next((t for t in store.topics.values() if t.page == src), None)
    meta = page.meta  # the front matter's description is text or absent (pagecheck.py)
    if not meta.get("description"):
        meta["description"] = describe(page.content or "", topic)
    description = html.unescape(meta["description"] or config.get("site_description") or "")
    # Material writes the description into the page as it is: escape it once, here
    if meta["description"]:
        meta["description"] = Markup.escape(description)
    title = _text(page.title or "") or config["site_name"]
    url = page.canonical_url or site_root(config)

    claims = page_claims(build, src)
    reviewed: dt.date | None = max((c.reviewed for c in claims), default=None)
    ld = page_ld(store, src, topic, config, title=title, description=description, url=url)
    if reviewed:
        ld["lastReviewed"] = reviewed.isoformat()

    cite = cite_this_page(renderer, config, topic, url, reviewed, len(claims)) if topic is not None else None
    context["igf"] = {
        "description": description,
        "title": title,
        "url": url,
        "reviewed": reviewed,
        "jsonld": json_script(ld),
        "cite": cite,
        "feed": announces_feed(src, page.is_homepage),
        **previews_and_reviews(store, src, topic, config, url),
    }
    return context


# --- link previews and fact-check markup --------------------------------------------------------------

VERDICT_RATING = {"refuted": 1, "speculative": 2, "contested": 3, "supported": 4, "established": 5}


def previews_and_reviews(store: Any, src: str, topic: Topic | None, config: Any, url: str) -> dict[str, Any]:
    """The preview image of a page (its topic's or claim's, else the site's), and the ClaimReview markup of
    a claim page."""
    claim = None
    if src.startswith("claims/") and src.endswith(".md"):
        claim = store.claims.get(src[len("claims/") : -3])
    if topic is not None:
        name, alt = f"topic-{topic.id}", f"{topic.title}: {shorten(topic.summary, 120)}"
    elif claim is not None:
        name, alt = (
            f"claim-{claim.id}",
            f"Claim, {claim.status.value}, {store.grades[claim.id].word}: {shorten(claim.statement, 120)}",
        )
    else:
        name, alt = SITE_CARD, f"{config['site_name']}: {shorten(config.get('site_description') or '', 120)}"
    out: dict[str, Any] = {
        "image": {"url": site_root(config) + preview_path(name), "alt": alt, "width": 1200, "height": 630}
    }
    if claim is not None and claim.asserted_by:
        out["claimreview"] = json_script(claim_review(claim, store, url, config))
    return out


def claim_review(claim: Claim, store: Any, url: str, config: Any) -> dict[str, Any]:
    """schema.org ClaimReview of a claim made by articles under review, in the shape search engines
    document for fact-check markup: the claim as text, our page, our organisation, the date, the verdict
    as a rating with its name, and the claim with where it appeared (the articles' URLs where known)."""
    appearances = []
    for a in claim.asserted_by:
        seed = store.sources[a.source]
        # The title where it was read from the article; otherwise it is our description of it. Publishers
        # are descriptions too ("not stated in the captured text"), so no author is named.
        work: dict[str, Any] = {
            "@type": "CreativeWork",
            ("description" if seed.unverified("title") else "headline"): seed.title,
        }
        if _verified(seed, "URL"):
            work["url"] = seed.URL
        if _verified(seed, "issued"):
            work["datePublished"] = _iso(seed.issued)
        appearances.append(work)
    verdict = claim.status.value
    return {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": url,
        "claimReviewed": claim.statement,
        "datePublished": claim.reviewed.isoformat(),
        "author": {"@type": "Organization", "name": config["site_name"], "url": site_root(config)},
        "reviewRating": {
            "@type": "Rating",
            "ratingValue": VERDICT_RATING[verdict],
            "bestRating": 5,
            "worstRating": 1,
            "alternateName": verdict.capitalize(),
        },
        "itemReviewed": {"@type": "Claim", "appearance": appearances},
    }


def cite_this_page(
    renderer: Any, config: Any, topic: Topic, url: str, reviewed: dt.date | None, n_claims: int
) -> Markup:
    """A topic page's "Cite this page" block: its reference formatted by the CSL style like a source, and
    BibTeX."""
    site = config["site_name"]
    item: dict[str, Any] = {
        "id": f"page-{topic.id}",
        "type": "webpage",
        "title": topic.title,
        "publisher": site,
        "URL": url,
    }
    if reviewed:
        item["issued"] = {"date-parts": [[reviewed.year, reviewed.month, reviewed.day]]}
    note = f"Last reviewed {reviewed.isoformat()}" if reviewed else ""
    bibtex = exports.page_bibtex(f"igf1-evidence-{topic.id}", topic.title, site, url, reviewed, note)
    # Not folded onto one line like the macros' output: the BibTeX block keeps its line breaks.
    html_out = renderer.env.get_template("cite_page.html").render(
        short=renderer.csl.item(item),
        bibtex=bibtex,
        reviewed=reviewed,
        n_claims=n_claims,
        topic=topic,
    )
    return Markup(html_out)

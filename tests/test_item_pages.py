"""Issue 13 on the built site: claim and source pages' content, ClaimReview markup checked against the
shape search engines document for fact checks, link-preview images (size, tags, cache), the registers'
weight and their table of contents (issue 15 item 10)."""

from __future__ import annotations

import datetime as dt
import io
import json
import re
from html import unescape
from pathlib import Path
from types import SimpleNamespace

import pytest

from conftest import ROOT, BuildResult
from htmlutil import collect
from macros import previews
from macros.store import load_store
from macros.vocabulary import Changed

pytestmark = pytest.mark.slow
SITE_URL = "https://igf1-evidence.example.org/"


@pytest.fixture(scope="module")
def store():
    return load_store(ROOT)


def jsonld(html: str) -> list[dict]:
    return [
        json.loads(m)
        for m in re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.DOTALL)
    ]


# --- ClaimReview ------------------------------------------------------------------------------------

ALLOWED = {  # schema.org properties used by fact-check markup, per type
    "ClaimReview": {
        "@context",
        "@type",
        "url",
        "claimReviewed",
        "datePublished",
        "author",
        "reviewRating",
        "itemReviewed",
    },
    "Rating": {"@type", "ratingValue", "bestRating", "worstRating", "alternateName"},
    "Claim": {"@type", "appearance", "firstAppearance", "author", "datePublished"},
    "CreativeWork": {"@type", "url", "headline", "description", "name", "datePublished"},
    "Organization": {"@type", "name", "url"},
}


def claim_review_problems(review: dict, page_url: str) -> list[str]:
    """What keeps a ClaimReview from the shape documented for fact-check rich results: the required
    claimReviewed, reviewRating (a Rating named by alternateName, value within worst..best) and url (this
    page), an Organization author with a name, an ISO datePublished, and an itemReviewed Claim whose
    appearances are CreativeWorks (or URLs). Every property must belong to its type."""
    problems = []

    def check(obj: dict, kind: str, where: str) -> None:
        if not isinstance(obj, dict) or obj.get("@type") != kind:
            problems.append(f"{where}: expected @type {kind}, got {obj!r:.80}")
            return
        extra = set(obj) - ALLOWED[kind]
        if extra:
            problems.append(f"{where}: {sorted(extra)} are not {kind} properties used here")

    check(review, "ClaimReview", "ClaimReview")
    if review.get("@context") != "https://schema.org":
        problems.append("@context is not https://schema.org")
    if not isinstance(review.get("claimReviewed"), str) or not review.get("claimReviewed"):
        problems.append("claimReviewed missing")
    if review.get("url") != page_url:
        problems.append(f"url {review.get('url')!r} is not the page's {page_url!r}")
    try:
        dt.date.fromisoformat(review.get("datePublished", ""))
    except ValueError:
        problems.append("datePublished is not an ISO date")
    author = review.get("author", {})
    check(author, "Organization", "author")
    if not author.get("name"):
        problems.append("author has no name")
    rating = review.get("reviewRating", {})
    check(rating, "Rating", "reviewRating")
    if not rating.get("alternateName"):
        problems.append("reviewRating has no alternateName (the verdict in words)")
    if "ratingValue" in rating and not (
        rating.get("worstRating", 1) <= rating["ratingValue"] <= rating.get("bestRating", 5)
    ):
        problems.append("ratingValue outside worstRating..bestRating")
    item = review.get("itemReviewed", {})
    check(item, "Claim", "itemReviewed")
    for i, work in enumerate(item.get("appearance", []) if isinstance(item, dict) else []):
        if isinstance(work, str):
            if not work.startswith(("http://", "https://")):
                problems.append(f"appearance {i} is not a URL")
            continue
        check(work, "CreativeWork", f"appearance {i}")
        if "url" in work and not str(work["url"]).startswith(("http://", "https://")):
            problems.append(f"appearance {i}: url is not absolute")
    if isinstance(item, dict) and not (item.get("appearance") or item.get("firstAppearance")):
        problems.append("itemReviewed has no appearance")
    return problems


def test_every_claim_an_article_makes_has_valid_claim_review(real_site: BuildResult, store) -> None:
    asserted = [c for c in store.claims.values() if c.asserted_by]
    assert len(asserted) > 30
    for claim in asserted:
        html = real_site.page(f"claims/{claim.id}/")
        reviews = [d for d in jsonld(html) if d.get("@type") == "ClaimReview"]
        assert len(reviews) == 1, claim.id
        review = reviews[0]
        assert claim_review_problems(review, f"{SITE_URL}claims/{claim.id}/") == [], claim.id
        assert review["claimReviewed"] == claim.statement
        assert review["reviewRating"]["alternateName"].lower() == claim.status.value
        assert len(review["itemReviewed"]["appearance"]) == len(claim.asserted_by)
    plain = next(c for c in store.claims.values() if not c.asserted_by)
    assert not [d for d in jsonld(real_site.page(f"claims/{plain.id}/")) if d.get("@type") == "ClaimReview"]


def test_the_claim_review_check_can_fail() -> None:
    good = {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": "https://x.org/c/",
        "claimReviewed": "x",
        "datePublished": "2026-01-02",
        "author": {"@type": "Organization", "name": "X"},
        "reviewRating": {
            "@type": "Rating",
            "alternateName": "Refuted",
            "ratingValue": 1,
            "bestRating": 5,
            "worstRating": 1,
        },
        "itemReviewed": {
            "@type": "Claim",
            "appearance": [{"@type": "CreativeWork", "url": "https://a.org/"}],
        },
    }
    assert claim_review_problems(good, "https://x.org/c/") == []
    bad = json.loads(json.dumps(good))
    bad["reviewRating"].pop("alternateName")
    bad["reviewRating"]["ratingValue"] = 9
    bad["itemReviewed"] = {
        "@type": "Claim",
        "appearance": [{"@type": "CreativeWork", "url": "/rel", "rating": 1}],
    }
    bad["datePublished"] = "yesterday"
    assert len(claim_review_problems(bad, "https://x.org/other/")) == 6


# --- the pages ---------------------------------------------------------------------------------------


def test_claim_page_shows_everything_about_the_claim(real_site: BuildResult, store) -> None:
    claim = next(c for c in store.claims.values() if c.asserted_by and c.related and c.caveats)
    html = real_site.page(f"claims/{claim.id}/")
    doc = collect(html)
    for section in ("claim-statement", "where", "history", "cite", "references", claim.id):
        assert section in doc.ids, section
    text = re.sub(r"<[^>]+>", "", html)
    assert claim.status.value in text and "Supporting evidence" in text and "Caveats." in text
    assert "Related:" in text and "Made by" in text
    # a claim's related claims are seen both ways: one that names it is listed on its page too
    naming = next(
        c for c in store.claims.values() if c.related and c.id not in store.claims[c.related[0]].related
    )
    named = real_site.page(f"claims/{naming.related[0]}/")
    assert f'href="../{naming.id}/"' in named.split("<strong>Related:</strong>", 1)[1]
    for a in claim.asserted_by:
        assert f"sources/{a.source}/#review" in html  # the article's page reviews it claim by claim
    assert f"<title>{claim.statement[:30]}" in html.replace("&#x27;", "'")
    assert "@misc{igf1-claim-" + claim.id + ",\n" in html  # the BibTeX keeps its lines


def test_item_page_titles_are_short_and_their_headings_whole(real_site: BuildResult, store) -> None:
    """A tab or search result cuts a title at about 60 characters: a claim's or source's page title is its
    text cut at a word (statements run to 457 characters), and the page's heading keeps the whole text."""
    from macros.items import TITLE_LENGTH

    items = [(f"claims/{c.id}/", c.statement, "claim-statement") for c in store.claims.values()]
    items += [(f"sources/{s.id}/", s.title, "source-title") for s in store.sources.values()]
    long = 0
    for url, text, heading in items:
        html = real_site.page(url)
        title = unescape(re.search(r"<title>(.*?) - IGF-1 Evidence Reference</title>", html).group(1))
        assert len(title) <= TITLE_LENGTH, (url, title)
        if len(text) > TITLE_LENGTH:
            long += 1
            assert title.endswith("…") and text.startswith(title[:-1]), (url, title)
        else:
            assert title == text, (url, title)
        h1 = re.search(rf'<h1[^>]*id="{heading}"[^>]*>(.*?)</h1>', html, re.DOTALL).group(1)
        assert unescape(re.sub(r"<[^>]+>", "", h1)).strip() == text, url
    assert long > 100  # most statements are longer than a title: the cut is exercised


def test_a_claim_page_names_each_change_in_words_as_the_cards_do(real_site: BuildResult, store) -> None:
    raw = {c.value for c in Changed}  # "new", "reasons"... : the page says "claim added", "reasons for ..."
    for claim in store.claims.values():
        if claim.history:
            said = re.findall(
                r'<span class="igf-history-what">([^<]*)</span>', real_site.page(f"claims/{claim.id}/")
            )
            assert len(said) == len(claim.history), claim.id
            for words in said:
                assert not raw & set(words.split(", ")), (claim.id, words)


def test_a_claim_page_names_each_page_it_appears_on_by_that_pages_title(
    real_site: BuildResult, store
) -> None:
    seen = set()
    for claim in store.claims.values():
        where = re.search(r'<ul class="igf-appearances">(.*?)</ul>', real_site.page(f"claims/{claim.id}/"))
        for href, title in re.findall(
            r'<a href="../../([^"#]+)[^"]*">([^<]+)</a>', where.group(1) if where else ""
        ):
            h1 = re.search(r"<h1[^>]*>(.*?)</h1>", real_site.page(href), re.S).group(1)
            h1 = re.sub(r'<a class="headerlink".*?</a>|<[^>]+>', "", h1)
            assert unescape(title) == unescape(h1), (claim.id, href)
            seen.add(href)
    assert len(seen) >= 8  # the topic pages and their companions


def test_a_claim_page_counts_the_articles_that_make_it_not_their_quotes(
    real_site: BuildResult, store
) -> None:
    for claim in store.claims.values():
        if claim.asserted_by:
            n = len({a.source for a in claim.asserted_by if a.thread != "reader"})
            made = f"Made by {n} article{'' if n == 1 else 's'} under review:"
            if not n:  # only readers' comments below an article make it
                n = len({a.source for a in claim.asserted_by})
                made = (
                    f"Made only in readers' comments below {n} article{'' if n == 1 else 's'} under review:"
                )
            assert made in unescape(real_site.page(f"claims/{claim.id}/")), claim.id


def test_a_quote_from_the_comment_thread_says_whose_words_wherever_it_is_shown(
    real_site: BuildResult, store
) -> None:
    """A reader's comment below an article is not the article's claim: its claim page, the article's
    review and its source page name it as a reader's (or the author's reply) beside the quote."""
    said_by = {"reader": "a reader's comment", "author": "the author's reply to a reader"}
    texts: dict[str, str] = {}
    shown = 0
    for claim in store.claims.values():
        for a in claim.asserted_by:
            for page in (f"claims/{claim.id}/", f"sources/{a.source}/"):
                if page not in texts:
                    texts[page] = " ".join(unescape(re.sub(r"<[^>]+>", "", real_site.page(page))).split())
                quote, text = " ".join(a.quote.split()), texts[page]
                assert quote in text, (claim.id, page, a.quote)
                # the quote then its label: "(a reader's comment)" in lists, "— a reader's comment below" here
                said = [
                    w
                    for w in said_by.values()
                    if re.search(re.escape(quote) + r"\s*[(—]\s*" + re.escape(w), text)
                ]
                assert said == ([said_by[a.thread]] if a.thread else []), (claim.id, page, a.quote)
                shown += bool(a.thread)
    assert shown >= 20


def test_an_articles_page_shows_its_quotes_once_in_its_review(real_site: BuildResult, store) -> None:
    """The list of claims on an article's page does not repeat the quotes its review table shows."""
    for sid in store.seed_ids:
        page = real_site.page(f"sources/{sid}/")
        listed = page.split('id="claims"', 1)[1].split('id="review"', 1)[0]
        assert "asserts it" not in listed and "<q>" not in listed, sid
        assert page.count("<q>") == sum(a.source == sid for c in store.claims.values() for a in c.asserted_by)


def test_the_index_of_articles_counts_an_articles_claims_apart_from_its_readers(
    real_site: BuildResult, store
) -> None:
    """A claim made only in readers' comments below an article is not counted among the article's verdicts."""
    html = real_site.page("evidence/seeds/")
    readers_seen = 0
    for sid in store.seed_ids:
        block = html.split(f'<div class="igf-seed-review" id="review-{sid}">', 1)[1].split("</div>", 1)[0]
        text = " ".join(unescape(re.sub(r"<[^>]+>", "", block)).split())
        quotes = [[a for a in c.asserted_by if a.source == sid] for c in store.claims.values()]
        own = sum(1 for q in quotes if any(a.thread != "reader" for a in q))
        readers = sum(1 for q in quotes if q and all(a.thread == "reader" for a in q))
        said = re.search(rf"(?<!\d){own} claims? recorded, our verdicts: ([^.]*)\.", text)
        assert said, sid
        counted = sum(int(n) for n in re.findall(r"(\d+) [a-z]+(?:,|;|$)", said.group(1).split(";")[0] + ","))
        assert counted == own, (sid, said.group(1))
        assert (f"and {readers} made only in readers' comments" in said.group(1)) == bool(readers), sid
        assert ". The claims recorded from it" in text, sid  # its link a sentence of its own, after a space
        readers_seen += readers
    assert readers_seen


def test_a_claim_page_shows_each_studys_risk_of_bias_or_that_it_was_not_appraised(
    real_site: BuildResult, store
) -> None:
    """The rule takes an unappraised study as not serious; the claim's page says which studies that is."""
    seen = set()
    for claim in store.claims.values():
        if claim.kind.value == "background":
            continue
        metas = re.findall(r'<span class="igf-ev-meta">([^<]*)</span>', real_site.page(f"claims/{claim.id}/"))
        assert len(metas) == len(claim.evidence), claim.id
        for e, meta in zip(
            [e for e in claim.evidence if e.direction.value == "supports"]
            + [e for e in claim.evidence if e.direction.value != "supports"],
            metas,
            strict=True,
        ):
            words = "risk of bias not appraised"
            if e.risk_of_bias is not None:  # the claim's own judgement of this study
                words = f"risk of bias {e.risk_of_bias.level.value.replace('-', ' ')}"
            elif (appraisal := store.sources[e.source].appraisal) is not None:
                words = f"risk of bias {appraisal.risk_of_bias.value.replace('-', ' ')}"
            assert meta.endswith(words), (claim.id, e.source, meta)
            seen.add(words)
    assert {"risk of bias not appraised", "risk of bias serious"} <= seen


def test_a_studys_starting_level_is_shown_only_on_claims_that_have_a_level(
    real_site: BuildResult, store
) -> None:
    """A background claim has no certainty level, so 'starts high' beside its studies would read as strength it
    is not given; a finding's studies each say what level they start the claim at."""
    kinds = set()
    for claim in store.claims.values():
        metas = re.findall(r'<span class="igf-ev-meta">([^<]*)</span>', real_site.page(f"claims/{claim.id}/"))
        starts = [m for m in metas if " · starts " in m or " · no level of its own" in m]
        assert len(starts) == (len(metas) if claim.kind.value == "finding" else 0), (claim.id, metas)
        kinds.add((claim.kind.value, bool(metas)))
    assert {("finding", True), ("background", True)} <= kinds  # both kinds, with studies, were checked


def test_a_forest_plots_table_names_each_study_in_full(real_site: BuildResult, store) -> None:
    """The plot cuts long labels to fit ("Larsson 20…"); the table under it is where a reader tells the
    studies apart, so it names each one in full."""
    rows = []
    for claim in store.claims.values():
        html = real_site.page(f"claims/{claim.id}/")
        for table in re.findall(r'<table class="igf-forest-table">.*?</table>', html, re.DOTALL):
            rows += re.findall(r'<th scope="row">(.*?): <span', table)
    assert len(rows) > 20
    assert not [r for r in rows if r.endswith("…")], rows
    assert "Larsson 2020" in rows  # cut to "Larsson 20…" in the plot


def test_every_page_a_claim_page_lists_shows_the_claim(real_site: BuildResult, store) -> None:
    """'Where it appears' links only to pages that show the claim: a register-only claim, which a topic's
    claims table leaves out, is not said to appear on that topic's page."""
    listed = 0
    for claim in store.claims.values():
        html = real_site.page(f"claims/{claim.id}/")
        where = re.search(r'<ul class="igf-appearances">(.*?)</ul>', html, re.DOTALL)
        if claim.register_only:
            assert where is None, claim.id
        for href in re.findall(r'href="\.\./\.\./([^"#]*)', where.group(1) if where else ""):
            target = real_site.page(href)
            assert f'id="{claim.id}"' in target or f"claims/{claim.id}/" in target, (claim.id, href)
            listed += 1
    assert listed > len(store.claims) // 2


def test_source_page_shows_how_each_claim_uses_it(real_site: BuildResult, store) -> None:
    sid = max(store.citing, key=lambda s: len(store.citing[s]))
    html = real_site.page(f"sources/{sid}/")
    text = re.sub(r"<[^>]+>", "", html)
    assert f"Claims citing it ({len(store.citing[sid])})" in text
    for cid in store.citing[sid]:
        for e in store.claims[cid].evidence:
            if e.source == sid:
                assert e.direction.value in text
    assert "What was checked" in text and store.sources[sid].verification.status.value in text


# --- link previews -----------------------------------------------------------------------------------


def test_every_page_has_a_preview_image(real_site: BuildResult, store) -> None:
    """Topic and claim pages have their own card; every other page (the home page, a companion page, a
    source) has the site's, whose alt text says what the site is."""
    from PIL import Image

    pages = [t.page[:-3] + "/" for t in store.topics.values()] + [
        f"claims/{c}/" for c in list(store.claims)[:40]
    ]
    others = ["", "topics/hair-loss-popular-claims/", "method/", f"sources/{next(iter(store.sources))}/"]
    for url in others:
        html = real_site.page(url)
        assert f'<meta property="og:image" content="{SITE_URL}assets/previews/site.png">' in html, url
        assert (
            '<meta property="og:image:alt" content="IGF-1 Evidence Reference: What is known about IGF-1'
            in html
        )
    for url in pages + others:
        html = real_site.page(url)
        m = re.search(r'<meta property="og:image" content="([^"]+)">', html)
        assert m and m.group(1).startswith(SITE_URL + "assets/previews/"), url
        assert f'<meta name="twitter:image" content="{m.group(1)}">' in html
        assert '<meta name="twitter:card" content="summary_large_image">' in html
        assert '<meta property="og:image:alt"' in html
        with Image.open(real_site.site / m.group(1).removeprefix(SITE_URL)) as image:
            assert image.format == "PNG" and image.size == (1200, 630), url


def test_a_claim_pages_description_gives_the_verdict_with_its_certainty(
    real_site: BuildResult, store
) -> None:
    """A forum's link preview shows the description and the image's alt text: a verdict without its
    certainty ("Verdict: supported.") reads as an endorsement of a very-low-certainty claim."""
    for cid in list(store.claims)[:60]:
        html = real_site.page(f"claims/{cid}/")
        grade = store.grades[cid]
        lead = f"{store.claims[cid].status.value.capitalize()}, {grade.word}: "
        assert f'<meta name="description" content="{lead}' in html, cid
        assert (
            f'<meta property="og:image:alt" content="Claim, {store.claims[cid].status.value}, {grade.word}: '
            in html
        )


def fake_store(statement: str) -> SimpleNamespace:
    claim = SimpleNamespace(
        id="c1", statement=statement, topic="t", status=SimpleNamespace(value="supported")
    )
    topic = SimpleNamespace(id="t", title="A topic", summary="What the topic is about.")
    return SimpleNamespace(
        topics={"t": topic},
        claims={"c1": claim},
        grades={"c1": SimpleNamespace(word="moderate certainty")},
    )


def test_previews_are_cached_by_content(tmp_path: Path, monkeypatch) -> None:
    from mkdocs.structure.files import Files

    class Config(dict):  # the few settings File.generated and add_previews read (no build is running)
        __getattr__ = dict.__getitem__

    config = Config(
        site_name="S",
        site_url="https://s.org/",
        site_dir=str(tmp_path / "site"),
        use_directory_urls=True,
        plugins=SimpleNamespace(_current_plugin=None),
    )
    drawn = []
    real = previews.draw
    monkeypatch.setattr(previews, "draw", lambda card, *a: drawn.append(card.name) or real(card, *a))
    files = previews.add_previews(Files([]), config, fake_store("First statement."), tmp_path / "cache")
    assert sorted(drawn) == ["claim-c1", "site", "topic-t"] and len(files) == 3
    drawn.clear()
    previews.add_previews(Files([]), config, fake_store("First statement."), tmp_path / "cache")
    assert drawn == []  # unchanged: nothing redrawn
    files = previews.add_previews(Files([]), config, fake_store("Changed statement."), tmp_path / "cache")
    assert drawn == ["claim-c1"]
    assert len(list((tmp_path / "cache" / "previews").glob("*.png"))) == 3  # the old card's file is gone
    from PIL import Image

    data = files.get_file_from_path("assets/previews/claim-c1.png").content_bytes
    with Image.open(io.BytesIO(data)) as image:
        assert image.size == (1200, 630)
    # a cache folder that cannot be made (a file stands where it should be): drawn in memory, same images
    (tmp_path / "blocked").mkdir()
    (tmp_path / "blocked" / "previews").write_text("a file where the folder should be", encoding="utf-8")
    blocked = previews.add_previews(Files([]), config, fake_store("Changed statement."), tmp_path / "blocked")
    for name in ("claim-c1", "topic-t"):
        path = f"assets/previews/{name}.png"
        assert blocked.get_file_from_path(path).content_bytes == files.get_file_from_path(path).content_bytes


def test_the_preview_font_is_shipped_with_its_licence() -> None:
    fonts = ROOT / "macros" / "fonts"
    assert (fonts / "DejaVuSans.ttf").is_file() and (fonts / "DejaVuSans-Bold.ttf").is_file()
    assert "Bitstream" in (fonts / "LICENSE-DejaVu.txt").read_text(encoding="utf-8")


# --- the registers -----------------------------------------------------------------------------------


@pytest.mark.parametrize("url", ["evidence/claims/", "evidence/sources/"])
def test_registers_are_light_indexes(real_site: BuildResult, url: str) -> None:
    from benchmarks.weight import first_load

    weight, _ = first_load(real_site.site, url)
    assert weight <= 100 * 1024, f"{url}: {weight / 1024:.1f} KB gzip first load"
    doc = collect(real_site.page(url))
    rows = [a for t, a in doc.elements if t == "tr" and "id" in a]  # a row is its item's anchor
    items = {h for h, _ in doc.links if h.startswith(("../../claims/", "../../sources/"))}
    assert len(rows) > 100 and len(items) >= len(rows)  # each row links to its item's own page


def test_an_index_row_links_its_claim_once(real_site: BuildResult) -> None:
    """A row's statement is its link to the claim's page; its certainty badge is not a second link there
    (two links to one page per row: twice the tab stops for a keyboard, and 1.3 KB of the claims register's
    100 KB first load)."""
    for url, row_start in (("evidence/claims/", "<tr id="), ("sources/seed-hair-blog/", "<tr><td><q>")):
        rows = real_site.page(url).split(row_start)[1:]
        assert len(rows) > 30, url
        for row in rows:
            row = row[: row.index("</tr>")]
            links = re.findall(r'<a [^>]*href="\.\./\.\./claims/[^"#]+/"', row)
            assert len(links) == 1, f"{url}: {row[:120]}"
            assert re.search(r'<span class="igf-cert igf-cert-', row), (
                f"{url}: no certainty badge in {row[:120]}"
            )


def test_the_claims_registers_badges_are_explained_once_not_on_every_row(real_site: BuildResult) -> None:
    """The verdict and certainty words are explained on the method page, which both column headings link
    to; a row repeats no tooltip (phones never show one, and the verdicts' five sentences on 297 rows were
    1 KB of the register's 100 KB first load)."""
    html = real_site.page("evidence/claims/")
    heads = re.findall(r"<thead>.*?</thead>", html, re.S)
    assert heads
    for head in heads:
        for column in ("Verdict", "Certainty"):
            assert re.search(rf'<th scope="col"><a href="\.\./\.\./method/#grades">{column}</a></th>', head)
    rows = html.split("<tr id=")[1:]
    assert len(rows) > 100
    for row in rows:
        row = row[: row.index("</tr>")]
        assert "igf-status" in row and " title=" not in row, row[:120]


def test_the_sources_register_leaves_identifiers_to_each_sources_page(real_site: BuildResult, store) -> None:
    """A row is the reference without its DOI, PMID, PMCID or URL (about 2.3 KB of the register's 100 KB
    first load); the source's own page, which the row links to, gives them."""
    register = real_site.page("evidence/sources/")
    with_doi = [s for s in store.sources.values() if s.DOI]
    assert len(with_doi) > 50
    for src in with_doi:
        row = re.search(rf'<tr id="{re.escape(src.id)}".*?</tr>', register, re.S)
        assert row and "../../sources/" + src.id in row.group(0)
        assert src.DOI not in row.group(0), src.id
        assert src.DOI in real_site.page(f"sources/{src.id}/"), src.id


def test_the_sources_register_names_three_authors_and_each_sources_page_six(
    real_site: BuildResult, store
) -> None:
    """A row names the first three authors, then "et al." (about 2 KB of the register's first load); the
    source's own page gives the reference as a reference list does (six, as NLM's style)."""
    register = real_site.page("evidence/sources/")
    many = [s for s in store.sources.values() if len(s.author) > 6]
    assert len(many) > 20
    for src in many:
        row = re.search(rf'<tr id="{re.escape(src.id)}".*?</tr>', register, re.S)
        assert row, src.id
        fourth, sixth = src.author[3].family, src.author[5].family
        assert src.author[2].family in row.group(0) and "et al." in row.group(0), src.id
        assert fourth not in row.group(0) or fourth in (a.family for a in src.author[:3]), src.id
        assert sixth in real_site.page(f"sources/{src.id}/"), src.id


def test_every_filter_option_of_the_registers_selects_its_own_rows(real_site: BuildResult) -> None:
    """An option is a value some row carries, and no two options share a value: "very low certainty in
    rats" once had the value of "very low certainty" and selected all 155 very-low rows."""
    days = sorted(
        p.parent.relative_to(real_site.site).as_posix() + "/"
        for p in real_site.site.glob("changes/*/*/index.html")
    )
    assert len(days) > 10  # each day's changes to each topic
    for url, row in (("evidence/claims/", "tr"), ("evidence/sources/", "tr"), *((d, "li") for d in days)):
        html = real_site.page(url)
        start = html.index('<form class="igf-filter"')
        form = html[start : html.index("</form>", start)]
        doc = collect(html)
        rows = [a for t, a in doc.elements if t == row and "id" in a]
        for select in re.findall(r'<select name="([a-z-]+)">(.*?)</select>', form, re.S):
            name, options = select
            values = re.findall(r'<option value="([^"]*)">', options)[1:]  # the first is "all"
            assert len(values) == len(set(values)), (url, name, values)
            # a change can be of several kinds: its row lists them, space-separated
            carried = {v for a in rows for v in a.get(f"data-{name}", "").split()}
            assert values and set(values) <= carried, (url, name)


def test_register_table_of_contents_lists_the_topics(real_site: BuildResult, store) -> None:
    """Issue 15 item 10: the table of contents showed only "References"."""
    html = real_site.page("evidence/claims/")
    toc = html[html.index('<nav class="md-nav md-nav--secondary"') :]
    toc = toc[: toc.index("</nav>")]
    for topic in store.topics.values():
        assert f'href="#topic-{topic.id}"' in toc, topic.id


def test_a_claim_page_shows_how_each_indirect_study_differs_from_the_claim(
    real_site: BuildResult, store
) -> None:
    """An evidence item's `indirect` note (population, intervention or outcome other than the claim's) is on
    the claim's own page beside its finding: it reached only claims.json, so a reader saw a study counted
    for a claim without seeing that it tested something else."""
    noted = [(c, e) for c in store.claims.values() for e in c.evidence if e.indirect]
    assert len(noted) > 50
    for claim, item in noted:
        page = unescape(re.sub(r"<[^>]+>", "", real_site.page(f"claims/{claim.id}/")))  # abbreviations marked
        assert f"(how it differs from the claim): {item.indirect}" in page, (claim.id, item.source)


def test_the_item_pages_an_edit_touches(store) -> None:
    """What the dev server rebuilds, beside the pages in docs/, when a claim or a source changes: the
    claim's page, its sources' pages and the pages of its related claims (both ways); a source's page and the
    pages of the claims citing it. Nothing else."""
    from macros.deps import item_pages

    cid = next(
        c
        for c in store.claims
        if store.claims[c].related and any(c in store.claims[o].related for o in store.claims)
    )
    claim = store.claims[cid]
    pages = item_pages((store,), {cid}, set())
    assert f"claims/{cid}.md" in pages
    assert {f"sources/{e.source}.md" for e in claim.evidence} <= pages
    assert {f"sources/{a.source}.md" for a in claim.asserted_by} <= pages
    assert {f"claims/{o}.md" for o in store.claims if cid in store.claims[o].related} <= pages
    assert {f"claims/{o}.md" for o in claim.related} <= pages  # their pages show it as related too
    assert len(pages) < len(store.claims) / 10
    sid = claim.evidence[0].source
    by_source = item_pages((store,), set(), {sid})
    assert f"sources/{sid}.md" in by_source and {f"claims/{c}.md" for c in store.citing[sid]} <= by_source
    assert len(by_source) < len(store.claims) / 10

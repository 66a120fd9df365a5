"""Every internal link and anchor in the built site resolves; every DOI, PMID and PMCID is well formed."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from conftest import ROOT, BuildResult
from htmlutil import collect
from macros.store import load_store
from macros.usage import scan

pytestmark = pytest.mark.slow

# Crossref's recommended pattern (matches all but a handful of legacy DOIs), without a trailing full stop
# or comma picked up when copying from a sentence.
DOI = re.compile(r"^10\.\d{4,9}/[-._;()/:A-Za-z0-9]+(?<![.,;:])$")
PMID = re.compile(r"^[1-9]\d{0,8}$")
PMCID = re.compile(r"^PMC\d{1,9}$")
LINK_ATTRS = {"a": "href", "link": "href", "script": "src", "img": "src", "source": "src", "iframe": "src"}


@cache
def _ids(path: Path) -> frozenset[str]:
    doc = collect(path.read_text(encoding="utf-8"))
    names = {a["name"] for t, a in doc.elements if "name" in a and t == "a"}
    return frozenset(doc.ids) | names


def resolve(site: Path, page: Path, url: str) -> tuple[Path | None, str]:
    """The file an internal URL points to (None if missing) and its fragment."""
    parts = urlsplit(url)
    path = unquote(parts.path)
    if not path:
        return page, parts.fragment
    target = (site / path.lstrip("/")) if path.startswith("/") else (page.parent / path)
    target = target.resolve()
    if target.is_dir():
        target = target / "index.html"
    return (target if target.is_file() else None), parts.fragment


def broken_links(site: Path) -> list[str]:
    problems = []
    for page in sorted(site.rglob("*.html")):
        doc = collect(page.read_text(encoding="utf-8"))
        rel = page.relative_to(site)
        for tag, attrs in doc.elements:
            url = attrs.get(LINK_ATTRS.get(tag, ""), "")
            if not url or urlsplit(url).scheme or url.startswith("//"):
                continue  # external (checked for form below) or no link
            target, fragment = resolve(site, page, url)
            if target is None:
                problems.append(f"{rel}: <{tag}> {url!r} points to no file")
            elif fragment and target.suffix == ".html" and fragment not in _ids(target):
                problems.append(f"{rel}: <{tag}> {url!r}: no id '{fragment}' in {target.relative_to(site)}")
    return problems


def test_every_internal_link_and_anchor_resolves(real_site: BuildResult) -> None:
    problems = broken_links(real_site.site)
    assert not problems, "\n".join(problems[:50])


def test_the_link_check_finds_a_broken_link_and_anchor(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "index.html").write_text(
        '<h2 id="top">x</h2><a href="a/">ok</a><a href="#top">ok</a>'
        '<a href="b/">gone</a><a href="a/#nope">no anchor</a>'
        '<a href="https://doi.org/10.1/x">external</a>',
        encoding="utf-8",
    )
    (tmp_path / "a" / "index.html").write_text('<p id="here">a</p><a href="../#top">ok</a>', encoding="utf-8")
    _ids.cache_clear()
    problems = broken_links(tmp_path)
    assert len(problems) == 2 and "'b/' points to no file" in problems[0] and "no id 'nope'" in problems[1]


def test_identifiers_in_the_store_are_well_formed() -> None:
    store = load_store(ROOT)
    bad = []
    for src in store.sources.values():
        if src.DOI and not DOI.match(src.DOI):
            bad.append(f"{src.id}: DOI {src.DOI!r}")
        if src.PMID and not PMID.match(src.PMID):
            bad.append(f"{src.id}: PMID {src.PMID!r}")
        if src.PMCID and not PMCID.match(src.PMCID):
            bad.append(f"{src.id}: PMCID {src.PMCID!r}")
    assert not bad, bad


def test_identifier_links_in_the_site_are_well_formed(real_site: BuildResult) -> None:
    seen = 0
    for page in sorted(real_site.site.rglob("*.html")):
        for href, _ in collect(page.read_text(encoding="utf-8")).links:
            if href.startswith("https://doi.org/"):
                seen += 1
                assert DOI.match(unquote(href.removeprefix("https://doi.org/"))), f"{page}: {href}"
            elif "pubmed.ncbi.nlm.nih.gov" in href:
                seen += 1
                assert re.fullmatch(r"https://pubmed\.ncbi\.nlm\.nih\.gov/[1-9]\d{0,8}/", href), (
                    f"{page}: {href}"
                )
            elif "/pmc/articles/" in href:
                seen += 1
                assert re.fullmatch(r"https://www\.ncbi\.nlm\.nih\.gov/pmc/articles/PMC\d{1,9}/", href), href
    assert seen > 0, "no DOI, PubMed or PMC links found in the site"


@pytest.mark.parametrize(
    "value, ok",
    [
        ("10.1210/jc.2004-1234", True),
        ("10.1016/S0140-6736(04)16044-3", True),
        ("10.1210/jc.2004-1234.", False),
        ("https://doi.org/10.1/x", False),
        ("10.12/x", False),
        ("doi:10.1210/x", False),
    ],
)
def test_doi_pattern(value: str, ok: bool) -> None:
    assert bool(DOI.match(value)) is ok


# --- a page per claim and per source; old ids keep working (issue 13) ------------------------------------


@pytest.fixture(scope="module")
def store():
    return load_store(ROOT)


def test_every_claim_has_its_page(real_site: BuildResult, store) -> None:
    missing, wrong = [], []
    for cid in store.claims:
        path = real_site.site / "claims" / cid / "index.html"
        if not path.is_file():
            missing.append(cid)
            continue
        html = path.read_text(encoding="utf-8")
        doc = collect(html)
        canonical = f'<link rel="canonical" href="https://igf1-evidence.example.org/claims/{cid}/">'
        if cid not in doc.ids or canonical not in html or 'id="claim-statement"' not in html:
            wrong.append(cid)
    assert len(store.claims) > 100 and missing == [] and wrong == []


def test_every_source_has_its_page(real_site: BuildResult, store) -> None:
    missing = [
        sid for sid in store.sources if not (real_site.site / "sources" / sid / "index.html").is_file()
    ]
    assert len(store.sources) > 100 and missing == []
    for sid in store.sources:  # every claim citing it is listed there, with a link to its page
        doc = collect((real_site.site / "sources" / sid / "index.html").read_text(encoding="utf-8"))
        hrefs = {h for h, _ in doc.links}
        for cid in store.citing.get(sid, ()):
            assert f"../../claims/{cid}/" in hrefs, f"sources/{sid}/ does not link to claim {cid}"


REFRESH = re.compile(r'<meta http-equiv="refresh" content="0; url=([^"]+)">')


def test_every_alias_redirects_and_lands(real_site: BuildResult, store) -> None:
    """Each old id of a renamed claim: its old claim URL redirects to the claim's page, and its old
    register anchor is inside the claim's row (igf-reading.js goes on to the page; see the browser test)."""
    assert len(store.aliases) >= 10
    register = collect(real_site.page("evidence/claims/"))
    rows = {a["id"]: a for t, a in register.elements if t == "tr" and "id" in a}
    alias_spans = {
        a["id"]: a.get("data-alias-of") for t, a in register.elements if "igf-alias" in a.get("class", "")
    }
    for alias, target in store.aliases.items():
        page = real_site.site / "claims" / alias / "index.html"
        html = page.read_text(encoding="utf-8")
        m = REFRESH.search(html)
        assert m, f"claims/{alias}/ does not redirect"
        landed, _ = resolve(real_site.site, page, m.group(1))
        assert landed == (real_site.site / "claims" / target / "index.html").resolve(), (alias, m.group(1))
        assert 'name="robots" content="noindex"' in html and "Content-Security-Policy" in html
        icon = re.search(r'<link rel="icon" href="([^"]+)">', html)  # else the browser asks for /favicon.ico
        assert icon and resolve(real_site.site, page, icon.group(1))[0] is not None, alias
        assert alias_spans.get(alias) == target and target in rows, f"evidence/claims/#{alias} lands nowhere"


def test_every_source_alias_redirects_and_lands(real_site: BuildResult, store) -> None:
    """Each old id of a renamed source: its old URL redirects to the source's page, and its old anchor on
    the Sources page is inside the source's row."""
    assert len(store.source_aliases) >= 5
    index = collect(real_site.page("evidence/sources/"))
    rows = {a["id"] for t, a in index.elements if t == "tr" and "id" in a}
    spans = {a["id"]: a.get("data-alias-of") for t, a in index.elements if "igf-alias" in a.get("class", "")}
    for alias, target in store.source_aliases.items():
        page = real_site.site / "sources" / alias / "index.html"
        m = REFRESH.search(page.read_text(encoding="utf-8"))
        assert m, f"sources/{alias}/ does not redirect"
        landed, _ = resolve(real_site.site, page, m.group(1))
        assert landed == (real_site.site / "sources" / target / "index.html").resolve(), (alias, m.group(1))
        assert spans.get(alias) == target and target in rows, f"evidence/sources/#{alias} lands nowhere"


def test_item_pages_are_in_the_sitemap_but_not_in_nav_or_search(real_site: BuildResult, store) -> None:
    sitemap = (real_site.site / "sitemap.xml").read_text(encoding="utf-8")
    for cid in list(store.claims)[:50]:
        assert f"<loc>https://igf1-evidence.example.org/claims/{cid}/</loc>" in sitemap
    for sid in list(store.sources)[:50]:
        assert f"<loc>https://igf1-evidence.example.org/sources/{sid}/</loc>" in sitemap
    for alias in store.aliases:  # a redirect is not a page of its own
        assert f"/claims/{alias}/<" not in sitemap
    for alias in store.source_aliases:
        assert f"/sources/{alias}/<" not in sitemap
    home = real_site.page("")
    nav = home[home.index('<nav class="md-nav md-nav--primary') :]
    assert "claims/" not in nav.split("</nav>")[0].replace("evidence/claims/", "")
    import json

    index = json.loads((real_site.site / "search" / "search_index.json").read_text(encoding="utf-8"))
    locations = [d["location"] for d in index["docs"]]
    seeds = tuple(f"sources/{s}/" for s in store.seed_ids)  # the five reviews of articles are searchable
    assert not [x for x in locations if x.startswith(("claims/", "sources/")) and not x.startswith(seeds)]
    assert any(x.startswith(seeds) for x in locations)
    # an article's page is found by its review (the article's own words); the list of claims citing it
    # is not indexed (its statements are found on the pages showing them), nor is the evidence under them
    sections = {d["location"]: d["text"] for d in index["docs"] if d["location"].startswith(seeds)}
    # nor are its identifiers, what was checked and the pages citing it (a search for a topic's title
    # found every article through its list of pages), nor each review row's certainty badge (a search for
    # "low certainty" found the five reviews; the badge's symbols mark it, as no article's words use them)
    for part in ("#claims", "#identifiers", "#verification", "#pages"):
        found = [t for loc, t in sections.items() if loc.endswith(part)]
        assert len(found) == len(seeds) and not any(t.strip() for t in found), part
    reviews = [t for loc, t in sections.items() if loc.endswith("#review")]
    assert len(reviews) == len(seeds) and all(len(t) > 1000 for t in reviews)
    assert not any("⊕" in t or "◯" in t for t in reviews)

    # every statement stays searchable: where a page shows the claim in its text (the topic page's section,
    # in context), else in the register's row (each row links to the claim's page)
    def plain_text(prefix: str = "") -> str:
        docs = [d for d in index["docs"] if d["location"].startswith(prefix)]
        return " ".join(re.sub(r"<[^>]+>", "", d["text"]) for d in docs)

    register, everywhere = plain_text("evidence/claims/"), plain_text()
    plain = {
        c.id: c.statement[:40]
        for c in store.claims.values()
        if re.fullmatch(r"[A-Za-z ,]+", c.statement[:40])
    }
    assert len(plain) > 5 and all(p in everywhere for p in plain.values()), (
        "a claim's statement is not searchable"
    )
    usage = scan(ROOT / "docs")
    shown = {cid for cid in plain if usage.shows_statement(store.claims[cid])}
    assert shown and shown != set(plain), "the case of a claim shown on no page is not tested"
    # a statement is not indexed a second time in the register when a page shows it
    assert not [plain[cid] for cid in shown if plain[cid] in register]
    assert all(plain[cid] in register for cid in set(plain) - shown), (
        "a register-only statement is not searchable"
    )


def test_badges_point_to_claim_pages(real_site: BuildResult) -> None:
    checked = 0
    for path in ("topics/hair-loss/", "topics/cellular-risk-popular-claims/", "sources/seed-hair-blog/"):
        page = real_site.site / path / "index.html"
        doc = collect(page.read_text(encoding="utf-8"))
        for tag, attrs in doc.elements:
            href = attrs.get("href") if "igf-cert" in attrs.get("class", "") else None
            if href and tag == "a":
                checked += 1
                target, _ = resolve(real_site.site, page, href)
                assert target is not None and target.parent.parent.name == "claims", f"{path}: {href}"
    assert checked > 100

"""Pages in Chromium request nothing from any origin but the site's own: every page of the site. Nor do they
fetch the whole sitemap.xml, except where the feed is announced (overrides/partials/igf-feed.html)."""

from __future__ import annotations

from urllib.parse import urlparse

import pytest

from conftest import ROOT
from macros.pages import page_url

pytestmark = [pytest.mark.browser, pytest.mark.slow]

# Every Markdown page becomes a built page; the 404 page is built by the theme.
PAGES = [
    *sorted(page_url(p.relative_to(ROOT / "docs").as_posix()) for p in (ROOT / "docs").rglob("*.md")),
    "404.html",
]


@pytest.mark.parametrize("path", PAGES)
def test_no_third_party_requests(page, site_url: str, path: str, results_dir) -> None:
    own = urlparse(site_url).netloc
    foreign: list[str] = []
    own_requests: list[str] = []
    page.on(
        "request",
        lambda req: (
            foreign.append(req.url)
            if urlparse(req.url).scheme in ("http", "https", "ws", "wss") and urlparse(req.url).netloc != own
            else own_requests.append(urlparse(req.url).path)
        ),
    )
    page.goto(site_url + path, wait_until="networkidle")
    assert page.locator("h1").count() >= 1
    page.mouse.wheel(0, 20000)  # anything loaded lazily further down the page
    page.wait_for_load_state("networkidle")
    assert foreign == [], f"{path or 'home'} requested {foreign}"
    # written out, not asked of macros.pages.announces_feed: a wrong answer there must fail here
    if path not in ("", "changes/"):
        assert not [p for p in own_requests if p.endswith("sitemap.xml")], (
            f"{path or 'home'} fetched the sitemap"
        )

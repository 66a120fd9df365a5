"""Pages in Chromium request nothing from any origin but the site's own."""

from __future__ import annotations

from urllib.parse import urlparse

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.slow]

PAGES = ["", "topics/gh-igf1-axis/", "topics/serum-vs-tissue/", "topics/hair-loss/", "topics/cellular-risk/",
         "evidence/claims/", "evidence/sources/", "evidence/seeds/", "method/", "glossary/"]


@pytest.mark.parametrize("path", PAGES)
def test_no_third_party_requests(page, site_url: str, path: str, results_dir) -> None:
    own = urlparse(site_url).netloc
    foreign: list[str] = []
    page.on("request", lambda req: foreign.append(req.url)
            if urlparse(req.url).scheme in ("http", "https", "ws", "wss") and urlparse(req.url).netloc != own else None)
    page.goto(site_url + path, wait_until="networkidle")
    assert page.locator("h1").count() >= 1
    assert foreign == [], f"{path or 'home'} requested {foreign}"

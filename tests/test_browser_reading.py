"""Reading aids in Chromium: citation previews (WAI-ARIA tooltip), copy-link controls, old claim ids,
Cite this page, and the print layout. Runs on the fixture site of tests/reading_fixture.py."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from conftest import BuildResult, serve

pytestmark = [pytest.mark.browser, pytest.mark.slow]

TOPIC = "topics/zz-fixture/"


@pytest.fixture(scope="module")
def base(reading_site: BuildResult) -> str:
    with serve(reading_site.site) as url:
        yield url


@pytest.fixture
def errors(page) -> list[str]:
    found: list[str] = []
    page.on(
        "console", lambda m: found.append(f"{m.type}: {m.text}") if m.type in ("error", "warning") else None
    )
    page.on("pageerror", lambda e: found.append(f"pageerror: {e}"))
    return found


def layout(page) -> list:
    return page.evaluate("""() => [document.documentElement.scrollHeight,
        ...Array.from(document.querySelectorAll('.md-content p, .md-content li')).slice(0, 40)
            .map(e => { const r = e.getBoundingClientRect(); return [r.x, r.y + scrollY, r.width, r.height]; })]""")


def after_hide_delay(page) -> None:
    """Return once a hide timer the page started before now (igf-reading.js waits 300 ms) has run: a
    timer of the page's own that is longer fires after it, however slowly the machine runs."""
    page.evaluate("() => new Promise(done => setTimeout(done, 600))")


def copied(button, text: str | None = None) -> None:
    """Wait until the copy button reports that its text is on the clipboard (the copy is asynchronous)."""
    expect(button).to_have_attribute("data-copied", text if text is not None else re.compile(".+"))


def test_preview_on_keyboard_focus_and_esc(page, base: str, errors: list, results_dir) -> None:
    page.goto(base + TOPIC)
    marker = page.locator("a.igf-cite-ref").first
    before = layout(page)
    marker.focus()
    tip = page.get_by_role("tooltip")
    tip.wait_for(state="visible")
    assert marker.get_attribute("aria-describedby") == tip.get_attribute("id") == "igf-cite-tip"
    entry_id = marker.evaluate("a => new URL(a.href).hash.slice(1)")
    expected = page.locator(f"#{entry_id} .igf-ref-text").inner_text()
    assert expected in tip.inner_text() and expected.startswith("Smith J, Jones KL. Serum IGF-1")
    # identifiers and what was checked are one step on, on the source's own page
    more = tip.locator("a", has_text="Source details and links")
    assert more.get_attribute("href") == base + "sources/zz-smith-2001/"
    assert layout(page) == before, "showing the preview moved the page"
    page.screenshot(path=str(results_dir / "reading-preview-focus.png"))
    page.keyboard.press("Escape")
    expect(tip).to_be_hidden()
    expect(marker).not_to_have_attribute("aria-describedby", re.compile(".*"))
    assert page.evaluate("document.activeElement.classList.contains('igf-cite-ref')")
    assert errors == []


def test_preview_on_hover_stays_while_the_pointer_is_on_it(
    page, base: str, errors: list, results_dir
) -> None:
    page.goto(base + TOPIC)
    marker = page.locator(".igf-card a.igf-cite-ref").first
    marker.hover()
    tip = page.locator("#igf-cite-tip")
    tip.wait_for(state="visible")
    assert "unverified" in tip.inner_text()  # the many-author study: its year and page are unverified
    tip.hover()
    after_hide_delay(page)
    assert tip.is_visible(), "the preview vanished while the pointer was on it (WCAG 1.4.13)"
    page.screenshot(path=str(results_dir / "reading-preview-hover.png"))
    page.mouse.move(5, 700)
    expect(tip).to_be_hidden()
    assert errors == []


def test_preview_survives_instant_navigation_without_duplicates(page, base: str, errors: list) -> None:
    page.goto(base + TOPIC)
    page.locator("a[href$='/method/']:visible").first.click()  # a tab or a sidebar link
    page.wait_for_url("**/method/")
    page.go_back()
    page.wait_for_url("**/zz-fixture/")
    page.locator("a.igf-cite-ref").nth(1).focus()
    page.locator("#igf-cite-tip").wait_for(state="visible")
    assert page.locator("[role=tooltip]").count() == 1
    assert page.locator("button.igf-copy[hidden]").count() == 0
    assert errors == []


def test_copy_link_copies_the_claims_permanent_address(page, context, base: str, errors: list) -> None:
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=base.rstrip("/"))
    page.goto(base + TOPIC)
    button = page.locator(".igf-card button.igf-copy-link")
    assert button.get_attribute("aria-label") == "Copy link to claim zz-claim-two"
    # The status message is cleared 2 s after it is shown: record every message instead of racing it.
    page.get_by_role("status").evaluate("""s => { window.__said = [];
        new MutationObserver(() => window.__said.push(s.textContent)).observe(s, {childList: true}); }""")
    button.click()
    expected = base + "claims/zz-claim-two/"  # the claim's own page
    copied(button, expected)
    assert page.evaluate("navigator.clipboard.readText()") == expected
    page.wait_for_function("window.__said.includes('Link copied')")
    inline = page.locator(".igf-claim button.igf-copy-link").first
    inline.focus()
    assert float(inline.evaluate("b => getComputedStyle(b).opacity")) == 1.0, "the icon must show on focus"
    page.keyboard.press("Enter")
    copied(inline, base + "claims/zz-claim-one/")
    assert page.evaluate("navigator.clipboard.readText()") == base + "claims/zz-claim-one/"
    assert errors == []


def test_cite_this_page_copies_bibtex(page, context, base: str, errors: list, results_dir) -> None:
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=base.rstrip("/"))
    page.goto(base + TOPIC)
    bibtex = page.get_by_role("button", name="Copy BibTeX")
    bibtex.click()
    copied(bibtex)
    text = page.evaluate("navigator.clipboard.readText()")
    assert text.startswith("@misc{igf1-evidence-zz-fixture,") and "note = {Last reviewed 2026-03-04}" in text
    reference = page.get_by_role("button", name="Copy reference")
    reference.click()
    copied(reference)
    assert page.evaluate("navigator.clipboard.readText()").startswith(
        "Fixture topic [Internet]. IGF-1 Evidence Reference"
    )
    page.locator(".igf-cite-page").screenshot(path=str(results_dir / "reading-cite-this-page.png"))
    assert errors == []


def test_old_claim_id_lands_on_the_renamed_claim(page, base: str) -> None:
    page.goto(base + "evidence/claims/#zz-old-claim-two")  # the register's row goes on to the claim's page
    page.wait_for_function("() => location.pathname.endsWith('/claims/zz-claim-two/')")
    page.locator("#zz-claim-two").wait_for()
    page.goto(base + TOPIC + "#zz-old-claim-two")  # on a topic page, the claim is outlined in place
    # The browser scrolls to the old id and igf-reading.js marks the claim: wait for both, not a moment.
    page.wait_for_function("""() => {
        const card = document.getElementById("zz-claim-two"), r = card.getBoundingClientRect();
        return r.top >= 0 && r.top < innerHeight && getComputedStyle(card).outlineStyle === "solid"; }""")


def test_print_shows_references_and_hides_navigation(page, base: str, results_dir) -> None:
    page.goto(base + TOPIC)
    page.emulate_media(media="print")
    for selector in (
        ".md-header",
        ".md-sidebar--primary",
        ".md-sidebar--secondary",
        ".md-footer",
        "button.igf-copy",
    ):
        assert page.locator(selector).first.is_hidden(), selector
    assert page.locator("ol.igf-references li").first.is_visible()
    assert page.locator(".igf-cite-page").is_visible()
    page.screenshot(path=str(results_dir / "reading-print.png"), full_page=True)
    page.pdf(path=str(results_dir / "reading-print.pdf"))

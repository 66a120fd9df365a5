"""Item pages in Chromium (issue 13): every old id of a renamed claim or source lands on its page (its
old URL and its old register anchor), and so does a topic page's old anchor of a claim that moved; the
register and the "What changed" page filter their rows, "Cite this claim" copies, and axe finds nothing serious or critical on a claim
page and a source page in light and dark."""

from __future__ import annotations

import pytest

from conftest import ROOT, BuildResult
from macros.store import load_store

pytestmark = [pytest.mark.browser, pytest.mark.slow]

CLAIM = "claims/acromegalic-cardiomyopathy/"
SOURCE = "sources/nass-2008-mk677/"


@pytest.fixture(scope="module")
def aliases() -> dict[str, str]:
    return dict(load_store(ROOT).aliases)


def landed(page, url: str) -> str:
    page.goto(url)
    page.wait_for_function(
        "() => /\\/claims\\/[^/]+\\/$/.test(location.pathname) && "
        "!!document.getElementById('claim-statement')"
    )
    return page.evaluate("location.pathname")


def test_every_old_claim_url_redirects_to_the_claim(page, site_url: str, aliases) -> None:
    assert len(aliases) >= 10
    for alias, target in sorted(aliases.items()):
        assert landed(page, f"{site_url}claims/{alias}/") == f"/claims/{target}/", alias


def test_every_old_register_anchor_lands_on_the_claim(page, site_url: str, aliases) -> None:
    for alias, target in sorted(aliases.items()):
        assert landed(page, f"{site_url}evidence/claims/#{alias}") == f"/claims/{target}/", alias
    # and a register link by the claim's own id
    assert landed(page, f"{site_url}evidence/claims/#{target}") == f"/claims/{target}/"


def test_an_old_topic_anchor_of_a_moved_claim_lands_on_the_claim(page, site_url: str) -> None:
    """topics/hair-loss/#<id> named a claim that moved to a companion page: igf-reading.js goes on to the
    claim's own page. An anchor that names no claim leaves the reader on the topic page."""
    moved = "milk-raises-serum-igf1-modestly"
    assert f'id="{moved}"' not in (ROOT / "docs" / "topics" / "hair-loss.md").read_text(encoding="utf-8")
    assert landed(page, f"{site_url}topics/hair-loss/#{moved}") == f"/claims/{moved}/"
    with page.expect_response(lambda r: "/claims/no-such-claim/" in r.url) as asked:
        page.goto(f"{site_url}topics/hair-loss/#no-such-claim")
    assert asked.value.status == 404
    page.evaluate("() => new Promise((done) => requestAnimationFrame(() => setTimeout(done)))")
    assert page.evaluate("location.pathname") == "/topics/hair-loss/"


def landed_on_source(page, url: str) -> str:
    page.goto(url)
    page.wait_for_function(
        "() => /\\/sources\\/[^/]+\\/$/.test(location.pathname) && !!document.querySelector('.igf-item-meta')"
    )
    return page.evaluate("location.pathname")


def test_every_old_source_url_and_sources_anchor_lands_on_the_source(page, site_url: str) -> None:
    source_aliases = dict(load_store(ROOT).source_aliases)
    assert len(source_aliases) >= 5
    for alias, target in sorted(source_aliases.items()):
        assert landed_on_source(page, f"{site_url}sources/{alias}/") == f"/sources/{target}/", alias
        assert landed_on_source(page, f"{site_url}evidence/sources/#{alias}") == f"/sources/{target}/", alias


def test_register_filters_rows_without_loading_cards(page, site_url: str) -> None:
    page.goto(site_url + "evidence/claims/")
    form = page.locator("form[data-igf-filter]")
    form.wait_for(state="visible")
    total = page.locator(".igf-index tbody tr").count()
    assert total > 100 and page.locator(".igf-card").count() == 0
    form.locator("select[name=verdict]").select_option("refuted")
    page.wait_for_function("() => document.querySelector('.igf-filter-count').textContent.includes(' of ')")
    shown = page.locator(".igf-index tbody tr:not([hidden])")
    assert 0 < shown.count() < total
    assert set(shown.evaluate_all("rs => rs.map(r => r.dataset.verdict)")) == {"refuted"}
    form.locator("select[name=topic]").select_option("hair-loss")
    topics = page.locator(".igf-index tbody tr:not([hidden])").evaluate_all(
        "rs => rs.map(r => r.dataset.topic)"
    )
    assert set(topics) <= {"hair-loss"}
    assert form.locator("output").inner_text() == f"{len(topics)} of {total} shown"
    # a topic the filter empties goes, heading and count line with it; the one left keeps its own
    headings = "() => [...document.querySelectorAll('main h2[id^=topic-]')].filter(h => h.checkVisibility()).map(h => h.id)"
    assert page.evaluate(headings) == ["topic-hair-loss"]
    assert (
        page.locator(".igf-register-topic").evaluate_all("ps => ps.filter(p => p.checkVisibility()).length")
        == 1
    )
    toc = "() => [...document.querySelectorAll('.md-nav--secondary a[href^=\"#topic-\"]')].filter(a => a.checkVisibility()).length"
    assert page.evaluate(toc) == 1  # the table of contents follows
    # its count line counts what it shows, not the topic's whole register
    line = page.locator("#topic-hair-loss + .igf-register-topic").inner_text()
    assert line.startswith(f"{len(topics)} of ") and " claims · read the topic page" in line, line
    form.locator("select[name=topic]").select_option("")
    form.locator("select[name=verdict]").select_option("")
    assert len(page.evaluate(headings)) == 4 and page.evaluate(toc) == 4
    assert " of " not in page.locator("#topic-hair-loss + .igf-register-topic").inner_text()


def test_a_linked_register_filter_opens_filtered(page, site_url: str) -> None:
    page.goto(site_url + "evidence/claims/?verdict=refuted&certainty=no-such-level#top")
    page.locator("form[data-igf-filter]").wait_for(state="visible")
    verdicts = page.locator(".igf-index tbody tr:not([hidden])").evaluate_all(
        "rs => rs.map(r => r.dataset.verdict)"
    )
    assert verdicts and set(verdicts) == {"refuted"}
    assert page.locator("select[name=certainty]").input_value() == ""  # a value the form lacks selects all
    page.locator("select[name=topic]").select_option("hair-loss")
    assert page.evaluate("location.search + location.hash") == (
        "?verdict=refuted&topic=hair-loss#top"  # the unknown value is dropped
    )


def test_sources_index_filters_by_verification(page, site_url: str) -> None:
    page.goto(site_url + "evidence/sources/")
    page.locator("form[data-igf-filter]").wait_for(state="visible")
    page.locator("select[name=verification]").select_option("verified")
    shown = page.locator(".igf-index tbody tr:not([hidden])").evaluate_all(
        "rs => rs.map(r => r.dataset.verification)"
    )
    assert shown and set(shown) == {"verified"}


def test_what_changed_opens_a_day_filtered_to_a_kind_of_change(page, site_url: str) -> None:
    """From What changed, a count of changed verdicts opens that day's page of the topic showing only them; a
    reader can then show every change of the page, or one kind; an entry of several kinds (statement and
    certainty, say) shows under each. The expected counts come from the store."""
    store = load_store(ROOT)
    entries: dict[tuple[str, str], list[set[str]]] = {}
    for c in store.claims.values():
        for e in c.history:
            entries.setdefault((e.date.isoformat(), c.topic), []).append({w.value for w in e.what})
    # the page with the most changed verdicts, among others
    (day, topic), kinds = max(entries.items(), key=lambda kv: sum("verdict" in w for w in kv[1]))
    verdicts = sum("verdict" in w for w in kinds)
    assert 0 < verdicts < len(kinds)
    page.goto(site_url + "changes/")
    page.locator(f'a[href="{day}/{topic}/?what=verdict"]').click()
    form = page.locator("form[data-igf-filter]")
    form.wait_for(state="visible")
    page.wait_for_function(
        f"() => document.querySelector('.igf-filter-count').textContent.startsWith('{verdicts} of ')"
    )
    assert form.locator("output").inner_text() == f"{verdicts} of {len(kinds)} shown"
    assert page.locator("select[name=what]").input_value() == "verdict"
    visible = "() => [...document.querySelectorAll('ol.igf-changes > li')].filter(li => li.checkVisibility())"
    assert page.evaluate(visible + ".length") == verdicts
    assert all(
        "erdict changed" in t
        for t in page.evaluate(visible + ".map(li => li.querySelector('strong').textContent)")
    )
    page.locator("select[name=what]").select_option("")
    assert page.evaluate(visible + ".length") == len(kinds)
    assert page.evaluate("location.search") == ""
    form.locator("select[name=what]").select_option("certainty")
    certainty = sum("certainty" in w for w in kinds)
    assert page.evaluate(visible + ".length") == certainty
    assert page.evaluate("location.search") == "?what=certainty"  # the choice is in the address


def test_cite_this_claim_copies(page, context, site_url: str, results_dir) -> None:
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=site_url.rstrip("/"))
    page.goto(site_url + CLAIM)
    page.get_by_role("button", name="Copy BibTeX").click()
    text = page.evaluate("navigator.clipboard.readText()")
    assert (
        text.startswith("@misc{igf1-claim-acromegalic-cardiomyopathy,\n")
        and "claims/acromegalic-cardiomyopathy/" in text
    )
    page.get_by_role("button", name="Copy link to this claim").click()
    assert page.evaluate("navigator.clipboard.readText()") == "https://igf1-evidence.example.org/" + CLAIM
    page.screenshot(path=str(results_dir / "item-claim-page.png"), full_page=True)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_on_item_pages_registers_and_what_changed(
    browser, site_url: str, real_site: BuildResult, scheme: str, results_dir
) -> None:
    from axe_playwright_python.sync_playwright import Axe

    context = browser.new_context(color_scheme=scheme)
    page = context.new_page()
    report = {}
    day = min(
        p.parent.relative_to(real_site.site).as_posix() for p in real_site.site.glob("changes/*/*/index.html")
    )
    for path in (CLAIM, SOURCE, "evidence/claims/", "evidence/sources/", "changes/", day + "/"):
        page.goto(site_url + path)
        page.locator("form[data-igf-filter], #claim-statement, #source-title, .igf-feed").first.wait_for()
        result = Axe().run(page, options={"resultTypes": ["violations"]})
        bad = [v for v in result.response["violations"] if v["impact"] in ("serious", "critical")]
        if bad:
            report[path] = [(v["id"], [n["target"] for n in v["nodes"]][:5]) for v in bad]
        page.screenshot(path=str(results_dir / f"item-{path.strip('/').replace('/', '-')}-{scheme}.png"))
    context.close()
    assert report == {}


def test_a_claim_in_a_closed_tab_opens_its_tab_and_comes_into_view(page, site_url: str) -> None:
    """A link to topic#claim (a claim page's "Where it appears", a forum post) must show the claim even
    when it sits in a content tab that is not selected on load: its tab opens and it is scrolled to."""
    targets = []
    for topic in sorted(md.stem for md in (ROOT / "docs" / "topics").glob("*.md")):
        page.goto(f"{site_url}topics/{topic}/")
        ids = page.evaluate(
            """() => Array.from(document.querySelectorAll(".tabbed-block [data-claim][id], .tabbed-block .igf-alias[id]"))
                .filter(e => !e.checkVisibility()).map(e => e.id)"""
        )
        targets += [f"topics/{topic}/#{i}" for i in ids]
    assert len(targets) >= 20, targets  # claims sit in closed tabs on three topic pages
    for target in targets:
        page.goto("about:blank")  # a fresh load each time: no tab left open by the previous target
        page.goto(site_url + target)
        page.wait_for_function(
            """() => {
                const a = document.getElementById(decodeURIComponent(location.hash.slice(1)));
                const el = a.classList.contains("igf-alias") ? a.parentElement : a;
                const r = el.getBoundingClientRect();
                return el.checkVisibility() && r.height > 0 && r.top >= 0 && r.top < innerHeight / 2;
            }"""
        )


def test_the_claims_register_reads_on_a_phone(page, site_url: str, results_dir) -> None:
    """At 360 px each row stacks: the statement gets the column's width, not the space the badges leave."""
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(site_url + "evidence/claims/")
    widths = page.evaluate(
        """() => Array.from(document.querySelectorAll(".igf-claims-index tbody td:first-child"))
            .map(td => td.getBoundingClientRect().width)"""
    )
    assert len(widths) > 200
    assert min(widths) >= 250, f"a statement is squeezed to {min(widths):.0f} px"
    assert page.evaluate("document.documentElement.scrollWidth <= innerWidth")
    page.locator(".igf-claims-index").first.scroll_into_view_if_needed()
    page.screenshot(path=str(results_dir / "register-phone.png"))


def test_item_pages_and_what_changed_read_on_a_phone_without_sideways_scrolling(
    page, site_url: str, real_site: BuildResult
) -> None:
    """At 360 px no page scrolls sideways (tables scroll inside their own box). A source page listing a claim
    whose badge reads "⊕◯◯◯ very low certainty (evidence against)" did: the badge does not wrap, and was
    wider than the list."""
    sources = sorted(
        p.parent.relative_to(real_site.site).as_posix() + "/"
        for p in real_site.site.glob("sources/*/index.html")
        if "certainty (evidence against)</a>" in p.read_text(encoding="utf-8")
    )
    day = min(
        p.parent.relative_to(real_site.site).as_posix() for p in real_site.site.glob("changes/*/*/index.html")
    )
    assert len(sources) >= 3
    page.set_viewport_size({"width": 360, "height": 740})
    wide = {}
    for path in (CLAIM, SOURCE, *sources[:3], "changes/", day + "/", "evidence/sources/"):
        page.goto(site_url + path)
        page.wait_for_load_state("load")
        if (width := page.evaluate("document.documentElement.scrollWidth")) > 360:
            wide[path] = width
    assert wide == {}

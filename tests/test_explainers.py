"""The five explainers in Chromium: every control operated with the keyboard and checked against the model,
instant navigation without duplicated handlers, axe-core, the no-JavaScript fallback, a strict CSP, and
screenshots at 360 px and 1280 px (saved under test-results/).

The site is the real project plus, for every claim data/explainers.yaml names that the store does not
have yet, a clearly fake claim (so the explainers can be exercised before the topic content lands; once
it has, the fixture adds nothing and these tests run on the real claims).
"""

from __future__ import annotations

import base64
import hashlib
import itertools
import json
import re
from pathlib import Path

import pytest
import yaml

from conftest import copy_project, enable_instant_navigation, run_build, serve
from macros.explainers_config import TOPIC, ExplainersConfig, claims_drawn
from macros.store import load_store

pytestmark = [pytest.mark.browser, pytest.mark.slow]

PAGE = "explainers/"
EXPLORER = "evidence/explorer/"
NAMES = ["axis-loop", "bound-free", "hair-cycle", "risk-shape"]

FIXTURE_SOURCE = """- id: zz-fixture-study
  type: article-journal
  title: "Fixture study for the explainer tests"
  kind: primary-study
  verification: {status: unverified, note: "Not a real study: test fixture only.", unverified_fields: [title]}
"""


def fixture_claims(project: Path) -> list[dict]:
    """A fake claim for each id the explainers name that the store lacks, with any number it must hold."""
    store = load_store(project)
    config = ExplainersConfig.model_validate(
        yaml.safe_load((project / "data" / "explainers.yaml").read_text())
    )
    numbers: dict[str, list[str]] = {}
    for n in config.bound_free.numbers:
        numbers.setdefault(n.claim, []).append(n.number)
    designs = ["cohort", "rct", "animal", "cross-sectional"]
    claims, seen = [], set(store.claims)
    for name, _, cid in claims_drawn(config):
        if cid in seen:
            continue
        seen.add(cid)
        species = "mouse" if designs[len(claims) % 4] == "animal" else "human"
        claims.append(
            {
                "id": cid,
                "topic": TOPIC[name],
                "status": "supported",
                "reviewed": "2026-11-01",
                "statement": f"Fixture claim {cid} ({' / '.join(numbers.get(cid, [])) or 'no number'}).",
                "evidence": [
                    {
                        "source": "zz-fixture-study",
                        "design": designs[len(claims) % 4],
                        "species": species,
                        "direction": "supports",
                        "finding": "Fixture finding.",
                    }
                ],
                "register_only": "test fixture",
            }
        )
    return claims


@pytest.fixture(scope="session")
def x_served(tmp_path_factory: pytest.TempPathFactory):
    """The fixture site, built for the address it is served at: Material's instant navigation only takes
    over links whose host and port match the sitemap's, which come from site_url."""
    project = copy_project(tmp_path_factory.mktemp("explainers") / "project")
    enable_instant_navigation(project)
    claims = fixture_claims(project)
    if claims:
        (project / "data" / "sources" / "zz-fixture.yaml").write_text(
            "# yaml-language-server: $schema=../schema/sources.schema.json\n" + FIXTURE_SOURCE,
            encoding="utf-8",
        )
        (project / "data" / "claims").mkdir(exist_ok=True)
        for topic in sorted({c["topic"] for c in claims}):  # each claim in its topic's file, appended
            path = project / "data" / "claims" / f"{topic}.yaml"
            text = (
                path.read_text(encoding="utf-8").rstrip("\n") + "\n"
                if path.exists()
                else "# yaml-language-server: $schema=../schema/claims.schema.json\n"
            )
            path.write_text(
                text
                + yaml.safe_dump(
                    [c for c in claims if c["topic"] == topic], allow_unicode=True, sort_keys=False
                ),
                encoding="utf-8",
            )
    site = project.parent / "site"
    site.mkdir()
    with serve(site) as url:
        config = project / "mkdocs.yml"
        text = config.read_text(encoding="utf-8")
        config.write_text(re.sub(r"(?m)^site_url: .*$", f"site_url: {url}", text), encoding="utf-8")
        result = run_build(project, site)
        assert result.returncode == 0, result.output
        yield result, url


@pytest.fixture(scope="session")
def x_site(x_served):
    return x_served[0]


@pytest.fixture(scope="session")
def x_url(x_served):
    return x_served[1]


@pytest.fixture
def watched(page):
    """The page, failing the test on any console error or warning or uncaught exception."""
    problems: list[str] = []
    page.on(
        "console",
        lambda m: problems.append(f"{m.type}: {m.text}") if m.type in ("error", "warning") else None,
    )
    page.on("pageerror", lambda e: problems.append(f"uncaught: {e}"))
    yield page
    assert problems == []


def data_of(page, name: str) -> dict:
    return json.loads(
        page.locator(f'[data-explainer="{name}"] [data-explainer-data]').get_attribute("data-json")
    )


def root(page, name: str):
    return page.locator(f'[data-explainer="{name}"]')


def settled(page) -> None:
    """Wait until no CSS transition or animation is running (axe would measure colours mid-fade). Material
    hides its header tabs on scrolling down and fades them back on the way up, from a scroll handler that
    runs after the scroll: so first wait for the tabs to be shown, then for two frames (a transition exists
    once styles are recalculated), then for every transition to end."""
    page.wait_for_function("() => !document.querySelector('.md-tabs[hidden]')")
    page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
    page.wait_for_function("""() => document.getAnimations().every(a => a.playState !== "running"
        || (a.effect && a.effect.getComputedTiming().endTime === Infinity))""")  # a spinner never ends


def wake(page) -> None:
    """Bring every explainer on the page to life: igf.js fetches their script when one nears the viewport."""
    for el in page.locator("[data-explainer]").all():
        el.scroll_into_view_if_needed()
        el.locator(".igf-x-live").wait_for(state="visible")
    page.evaluate("window.scrollTo(0, 0)")


# --- 1. the GH-IGF-1 loop ------------------------------------------------------------------------


def axis_result(page) -> tuple[int, int]:
    text = root(page, "axis-loop").locator(".igf-x-out").text_content()
    m = re.search(r"GH (\d+)% and IGF-1 (\d+)%", text)
    assert m, text
    return int(m.group(1)), int(m.group(2))


def test_axis_loop_follows_the_model(watched, x_url) -> None:
    page = watched
    page.goto(x_url + PAGE)
    wake(page)
    data = data_of(page, "axis-loop")
    assert data["controls"], "no controls drawn"
    assert axis_result(page) == (100, 100)
    moved = {}
    for control in data["controls"]:
        first = root(page, "axis-loop").locator(f'input[data-control="{control["id"]}"]').first
        first.focus()
        for option in control["options"][1:]:
            page.keyboard.press("ArrowRight")
            gh, igf1 = axis_result(page)
            moved[(control["id"], option["id"])] = (gh, igf1)
            for what, value in (("gh", gh), ("igf1", igf1)):
                want = option["expect"].get(what)
                if want == "up":
                    assert value > 100, (control["id"], option["id"], what, value)
                elif want == "down":
                    assert value < 100, (control["id"], option["id"], what, value)
        page.keyboard.press("ArrowRight")  # radio groups wrap round to the baseline
        assert axis_result(page) == (100, 100)
    # The negative feedback itself, whatever the configuration says.
    if ("exogenous", "injected") in moved:
        gh, igf1 = moved[("exogenous", "injected")]
        assert gh < 100 < igf1
    if ("fasting", "fasting") in moved:
        gh, igf1 = moved[("fasting", "fasting")]
        assert igf1 < 100 < gh
    # Two settings at once: the figures are shown, but no single-setting explanation that could contradict them.
    out = root(page, "axis-loop").locator(".igf-x-out")
    if len(data["controls"]) > 1:
        for control in data["controls"][:2]:
            root(page, "axis-loop").locator(f'input[data-control="{control["id"]}"]').first.focus()
            page.keyboard.press("ArrowRight")
        assert "Several settings act together" in out.text_content()
        root(page, "axis-loop").locator(".igf-x-reset").focus()
        page.keyboard.press("Enter")
    assert out.text_content().startswith("Illustrative model result:")
    # Reset, with the keyboard, after changing a setting.
    root(page, "axis-loop").locator("input[data-control]").first.focus()
    page.keyboard.press("ArrowRight")
    assert axis_result(page) != (100, 100)
    root(page, "axis-loop").locator(".igf-x-reset").focus()
    page.keyboard.press("Enter")
    assert axis_result(page) == (100, 100)


# --- 2. bound and free IGF-1 ---------------------------------------------------------------------


def test_bound_free_shows_free_fraction_and_what_the_test_counts(watched, x_url) -> None:
    page = watched
    page.goto(x_url + PAGE)
    wake(page)
    el = root(page, "bound-free")
    bound_share = float(
        re.search(r"[\d.]+", data_of(page, "bound-free")["numbers"]["bound"]["number"]).group()
    )
    count = lambda cls: el.locator(f"svg circle.{cls}:not(.igf-x-key)").count()  # noqa: E731
    free = round(100 - bound_share)
    assert (count("igf-x-bound"), count("igf-x-free"), count("igf-x-measured")) == (100 - free, free, 0)
    el.locator('input[data-control="insulin"]').first.focus()
    page.keyboard.press("ArrowRight")  # high insulin: IGFBP-1 suppressed
    assert count("igf-x-free") > free and count("igf-x-free") + count("igf-x-bound") == 100
    assert "total stays 100" in el.locator(".igf-x-out").text_content()
    el.locator('input[data-control="test"]').focus()
    page.keyboard.press("Space")
    assert count("igf-x-measured") == 100
    assert "counts all 100" in el.locator(".igf-x-out").text_content()
    el.locator('input[data-control="where"]').first.focus()
    page.keyboard.press("ArrowRight")  # a tissue
    assert count("igf-x-measured") == 0 and count("igf-x-bound") == 0 and count("igf-x-local") > 0
    assert "does not sample the IGF-1 inside tissues" in el.locator(".igf-x-out").text_content()


# --- 3. the hair cycle ---------------------------------------------------------------------------


def test_hair_cycle_phases_and_marker_popups(watched, x_url) -> None:
    page = watched
    page.goto(x_url + PAGE)
    wake(page)
    el = root(page, "hair-cycle")
    data = data_of(page, "hair-cycle")
    pop = el.locator(".igf-x-pop")
    el.locator('input[data-control="phase"]').first.focus()
    for n, phase in enumerate(data["phases"]):
        if n:
            page.keyboard.press("ArrowRight")
        assert el.locator(".igf-x-out").text_content().startswith(phase["label"] + ".")
        assert el.locator("path.igf-x-arc.igf-x-on").get_attribute("data-phase") == phase["id"]
        expected = [m for m in data["markers"] if m["phase"] == phase["id"]]
        buttons = el.locator(".igf-x-markers button")
        assert [b.text_content().split(". ", 1)[1] for b in buttons.all()] == [m["label"] for m in expected]
        for button, marker in zip(buttons.all(), expected, strict=False):
            button.focus()
            page.keyboard.press("Enter")
            assert pop.is_visible() and button.get_attribute("aria-expanded") == "true"
            assert marker["claim"]["statement"] in pop.text_content()
            assert marker["claim"]["grade_text"] in pop.text_content()  # verdict and certainty, in words
            href = pop.locator("a.igf-x-pop-link").get_attribute("href")
            assert href.endswith(f"claims/{marker['claim']['id']}/")
            page.keyboard.press("Escape")
            assert pop.is_hidden() and button.get_attribute("aria-expanded") == "false"
            assert page.evaluate("document.activeElement.getAttribute('data-m')") == button.get_attribute(
                "data-m"
            )
        el.locator(f'input[data-control="phase"][value="{phase["id"]}"]').focus()
    # The close button works from the keyboard too, and the link leads to the claim's anchor.
    if data["markers"]:
        el.locator('input[data-control="phase"]').first.focus()
        page.keyboard.press("ArrowRight" if len(data["phases"]) > 1 else "Space")
        page.keyboard.press("ArrowLeft")
        first = el.locator(".igf-x-markers button").first
        first.focus()
        page.keyboard.press("Enter")
        el.locator(".igf-x-close").focus()
        page.keyboard.press("Enter")
        assert pop.is_hidden()


# --- 4. the shape of risk ------------------------------------------------------------------------


def points(d: str) -> list[tuple[float, float]]:
    return [(float(x), float(y)) for x, y in re.findall(r"([\d.]+),([\d.]+)", d)]


def assert_shape(shape: str, pts: list[tuple[float, float]]) -> None:
    """SVG y grows downwards: a higher risk is a smaller y."""
    start, mid, end = pts[0][1], pts[len(pts) // 2][1], pts[-1][1]
    if shape == "rising":
        assert end < start and all(b[1] <= a[1] for a, b in itertools.pairwise(pts))
    elif shape == "falling":
        assert start < end and all(b[1] >= a[1] for a, b in itertools.pairwise(pts))
    else:
        assert start < mid and end < mid, shape
        if shape == "u-low":
            assert start < end
        if shape == "u-high":
            assert end < start


def test_risk_curves_are_the_stores_claims_with_their_shapes_and_grades(watched, x_url) -> None:
    page = watched
    page.goto(x_url + PAGE)
    wake(page)
    el = root(page, "risk-shape")
    data = data_of(page, "risk-shape")
    assert data["curves"]
    radios = el.locator('input[data-control="outcome"]')
    radios.first.focus()
    for n in range(radios.count()):
        if n:
            page.keyboard.press("ArrowRight")
        outcome = radios.nth(n).get_attribute("value")
        want = [i for i, c in enumerate(data["curves"]) if not outcome or c["outcome"] == outcome]
        paths = el.locator("svg path.igf-x-curve")
        assert [int(p.get_attribute("data-i")) for p in paths.all()] == want
        for p in paths.all():
            curve = data["curves"][int(p.get_attribute("data-i"))]
            assert p.get_attribute("data-shape") == curve["shape"]
            assert_shape(curve["shape"], points(p.get_attribute("d")))
        grades = sorted(t.text_content() for t in el.locator("svg text.igf-x-small[class*='igf-x-o']").all())
        assert grades == sorted(
            data["curves"][i]["claim"]["grade_word"].replace(" certainty", "") for i in want
        )
        visible = [b for b in el.locator(".igf-x-legend button").all() if b.is_visible()]
        assert [int(b.get_attribute("data-i")) for b in visible] == want
        assert f"Showing {len(want)} of {len(data['curves'])}" in el.locator(".igf-x-out").text_content()
    radios.first.focus()
    page.keyboard.press("ArrowLeft")
    page.keyboard.press("ArrowRight") if radios.count() > 1 else None
    radios.first.focus()
    page.keyboard.press("Space")
    for i, curve in enumerate(data["curves"]):
        button = el.locator(f'.igf-x-legend button[data-i="{i}"]')
        button.focus()
        page.keyboard.press("Enter")
        assert button.get_attribute("aria-pressed") == "true"
        assert el.locator(f'svg path.igf-x-curve.igf-x-on[data-i="{i}"]').count() == 1
        assert curve["claim"]["statement"] in el.locator(".igf-x-detail").text_content()
        assert (
            el.locator(".igf-x-detail a")
            .get_attribute("href")
            .endswith("claims/" + curve["claim"]["id"] + "/")
        )  # the claim's own page
        assert f"({curve['claim']['grade_word']})" in button.text_content()
    page.keyboard.press("Enter")  # pressing the selected curve again clears the selection
    assert el.locator(".igf-x-detail").text_content() == ""


# --- 5. the evidence explorer --------------------------------------------------------------------


def visible_rows(page) -> list[dict]:
    """The rows shown, in order: the claim each links to, its statement, data-grade and the words of its
    cells (which the script filters and sorts by)."""
    return page.evaluate("""() => [...document.querySelectorAll('[data-explainer="evidence-explorer"] tbody tr')]
        .filter(r => !r.hidden).map(r => ({id: r.cells[0].querySelector('a').getAttribute('href').split('/').at(-2),
            grade: r.dataset.grade, statement: r.cells[0].textContent, cells: [...r.cells].map(c => c.textContent)}))""")


def facets(store, cid: str) -> dict[str, list[str]]:
    """What each filter of the explorer selects a claim by, from the store rather than the page."""
    c = store.claims[cid]
    return {
        "topic": [c.topic],
        "grade": [store.grades[cid].key],
        "status": [c.status.value],
        "design": [e.design.value for e in c.evidence],
        "species": [e.species.value for e in c.evidence],
        "seed": [a.source for a in c.asserted_by],
    }


def test_explorer_filters_sorts_and_keeps_state_in_the_url(watched, x_url, x_site) -> None:
    page = watched
    page.goto(x_url + EXPLORER)
    wake(page)
    el = root(page, "evidence-explorer")
    total = el.locator("tbody tr").count()
    store = load_store(x_site.project)
    assert total == len(store.claims) > 0
    assert f"Showing {total} of {total}" in el.locator(".igf-x-out").text_content()
    everything = visible_rows(page)
    truth = {r["id"]: facets(store, r["id"]) for r in everything}
    assert all(r["grade"] == truth[r["id"]]["grade"][0] for r in everything)
    for select in el.locator("select[data-filter]").all():
        key = select.get_attribute("data-filter")
        values = [o.get_attribute("value") for o in select.locator("option").all()]
        select.focus()
        for _n, value in enumerate(values[1:], 1):
            page.keyboard.press("ArrowDown")
            assert select.input_value() == value
            want = [r["id"] for r in everything if value in truth[r["id"]][key]]
            rows = visible_rows(page)
            assert [r["id"] for r in rows] == want, (key, value)
            assert f"Showing {len(want)} of {total}" in el.locator(".igf-x-out").text_content()
            assert f"{key}={value}" in page.url
        for _ in values[1:]:
            page.keyboard.press("ArrowUp")
        assert select.input_value() == "" and f"{key}=" not in page.url
    # Sorting by certainty (high first, background last), both ways, from the keyboard.
    sort = el.locator("select[data-sort]")
    sort.focus()
    page.keyboard.press("ArrowDown")
    assert sort.input_value() == "grade" and "sort=grade" in page.url
    ranks = [store.grades[r["id"]].rank for r in visible_rows(page)]
    assert ranks == sorted(ranks) and len(set(ranks)) > 1
    assert el.locator('th[data-col="grade"]').get_attribute("aria-sort") == "ascending"
    el.locator("select[data-dir]").focus()
    page.keyboard.press("ArrowDown")
    ranks = [store.grades[r["id"]].rank for r in visible_rows(page)]
    assert ranks == sorted(ranks, reverse=True)
    grades = [r["grade"] for r in visible_rows(page)]
    assert el.locator('th[data-col="grade"]').get_attribute("aria-sort") == "descending"
    # By verdict, in the order of the verdict filter's options (still descending).
    sort.focus()
    page.keyboard.press("ArrowDown")
    assert sort.input_value() == "status" and "sort=status" in page.url
    order = [o.get_attribute("value") for o in el.locator('select[data-filter="status"] option').all()][1:]
    ranks = [order.index(truth[r["id"]]["status"][0]) for r in visible_rows(page)]
    assert ranks == sorted(ranks, reverse=True) and len(set(ranks)) > 1
    # A linked view opens as it was left.
    grade = grades[0]
    page.goto(x_url + EXPLORER + f"?grade={grade}&sort=statement")
    wake(page)
    rows = visible_rows(page)
    assert rows and all(r["grade"] == grade for r in rows)
    names = [r["statement"].lower() for r in rows]
    assert names == sorted(names)
    assert el.locator('select[data-filter="grade"]').input_value() == grade
    el.locator(".igf-x-reset").focus()
    page.keyboard.press("Enter")
    assert len(visible_rows(page)) == total and "?" not in page.url
    # By the words of a column: study designs, as the rows show them.
    page.goto(x_url + EXPLORER + "?sort=design&dir=desc")
    wake(page)
    words = [r["cells"][4].lower() for r in visible_rows(page)]
    assert words == sorted(words, reverse=True) and len(set(words)) > 1


def test_explorer_cards_on_a_phone_are_labelled_by_the_column_headers(browser, x_url) -> None:
    """At phone width the table is one card per claim, as wide as the phone; each cell but the claim's
    statement says its column."""
    labels = """() => [...document.querySelectorAll('[data-explainer="evidence-explorer"] tbody tr')].map(r =>
        [...r.cells].slice(1).map(c => getComputedStyle(c, '::before').content))"""
    for width in (360, 1280):
        context = browser.new_context(viewport={"width": width, "height": 740})
        page = context.new_page()
        page.goto(x_url + EXPLORER)
        wake(page)
        heads = root(page, "evidence-explorer").locator("th").all_text_contents()[1:]
        want = [json.dumps(h + ": ") for h in heads] if width == 360 else ["none"] * len(heads)
        rows = page.evaluate(labels)
        assert rows and all(r == want for r in rows), (width, rows[0], want)
        if width == 360:  # each card fits the phone: Material's table wrapper must not widen it
            wider = page.evaluate(
                """() => { const wrap = document.querySelector('[data-explainer="evidence-explorer"] .igf-table-wrap');
                    return [...wrap.querySelectorAll('tbody tr')].filter(r => r.getBoundingClientRect().width
                        > wrap.clientWidth + 0.5).length }"""
            )
            assert wider == 0, f"{wider} cards wider than the phone's table box"
        context.close()


# --- navigation, handlers, fallback, accessibility, CSP, size ------------------------------------


class Listeners:
    """Event listeners added by the site's own scripts (explainers.js, igf.js), read through CDP."""

    def __init__(self, page):
        self.cdp = page.context.new_cdp_session(page)
        self.ours: set[str] = set()
        self.cdp.on(
            "Debugger.scriptParsed",
            lambda e: (
                self.ours.add(e["scriptId"])
                if re.search(r"/assets/(explainers|igf)\.js$", e.get("url", ""))
                else None
            ),
        )
        self.cdp.send("Debugger.enable")  # replays scriptParsed for every script already loaded

    def on(self, expression: str) -> list[str]:
        obj = self.cdp.send("Runtime.evaluate", {"expression": expression})["result"]["objectId"]
        found = self.cdp.send("DOMDebugger.getEventListeners", {"objectId": obj})["listeners"]
        return sorted(x["type"] for x in found if x["scriptId"] in self.ours)


def test_instant_navigation_mounts_each_explainer_once(watched, x_url) -> None:
    page = watched
    page.goto(x_url + PAGE, wait_until="networkidle")  # instant navigation waits for the sitemap
    wake(page)
    listeners = Listeners(page)
    page.evaluate("window.__sameDocument = true")
    assert listeners.ours, "the site's scripts were not found"
    for _ in range(2):
        page.locator(f'article a[href$="{EXPLORER}"]').first.click()  # a link in the page's text
        page.wait_for_url("**/" + EXPLORER)
        root(page, "evidence-explorer").locator(".igf-x-live").wait_for(state="visible")
        page.go_back()
        page.wait_for_url("**/" + PAGE)
        root(page, "axis-loop").locator(".igf-x-live").wait_for(state="visible")
    assert page.evaluate("window.__sameDocument") is True, "the navigation reloaded the page"
    for name in NAMES:
        assert listeners.on(f"document.querySelector('[data-explainer=\"{name}\"]')") == [
            "change",
            "click",
            "keydown",
            "submit",
        ], name
    assert listeners.on("document") == [] and listeners.on("window") == []
    # Each one still works, once: one key press moves one step.
    el = root(page, "axis-loop")
    el.locator('input[data-control="fasting"]').first.focus()
    page.keyboard.press("ArrowRight")
    assert el.locator('input[data-control="fasting"]:checked').get_attribute("value") == "fasting"
    gh, igf1 = axis_result(page)
    assert igf1 < 100 < gh
    el = root(page, "hair-cycle")
    el.locator(".igf-x-markers button").first.focus()
    page.keyboard.press("Enter")
    assert el.locator(".igf-x-pop").is_visible()  # a second handler would have toggled it shut again
    el = root(page, "risk-shape")
    el.locator(".igf-x-legend button").first.focus()
    page.keyboard.press("Enter")
    assert el.locator(".igf-x-legend button").first.get_attribute("aria-pressed") == "true"


@pytest.mark.parametrize("path", [PAGE, EXPLORER])
def test_without_javascript_the_fallback_is_shown(browser, x_url, path) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(x_url + path)
    for el in page.locator("[data-explainer]").all():
        assert el.locator(".igf-x-live").is_hidden()
        fallback = el.locator(".igf-x-fallback, .igf-table-wrap")
        assert fallback.first.is_visible() and fallback.first.locator("table tr, tr").count() > 1
        assert el.locator(".igf-x-sources a").count() > 0
    context.close()


def all_pages(site: Path) -> list[str]:
    # item pages (claims/<id>/, sources/<id>/, hundreds of one template) are checked by test_browser_items
    return sorted(
        str(p.parent.relative_to(site)) + "/" if p.parent != site else ""
        for p in site.rglob("index.html")
        if not {"assets", "claims", "sources"} & set(p.parts)
    )


def test_axe_finds_no_serious_violation_on_any_page(browser, x_url, x_site, results_dir) -> None:
    from axe_playwright_python.sync_playwright import Axe

    axe, report = Axe(), {}
    for scheme in ("light", "dark"):
        context = browser.new_context(color_scheme=scheme)
        page = context.new_page()
        for path in all_pages(x_site.site):
            page.goto(x_url + path)
            wake(page)
            settled(page)  # the header fades back after wake() scrolled
            result = axe.run(page, options={"resultTypes": ["violations"]})  # a third faster
            bad = [v for v in result.response["violations"] if v["impact"] in ("serious", "critical")]
            if bad:
                report[f"{scheme} {path or 'home'}"] = [
                    (v["id"], [n["target"] for n in v["nodes"]][:5]) for v in bad
                ]
        context.close()
    assert report == {}


def test_screenshots_and_no_overflow_at_360_and_1280(browser, x_url, results_dir) -> None:
    for width in (360, 1280):
        for scheme in ("light", "dark"):
            context = browser.new_context(viewport={"width": width, "height": 900}, color_scheme=scheme)
            page = context.new_page()
            for path in (PAGE, EXPLORER):
                page.goto(x_url + path)
                wake(page)
                for el in page.locator("[data-explainer]").all():  # each one whole, without the sticky header
                    box = page.evaluate(
                        "e => { const r = e.getBoundingClientRect(); return {x: r.x + scrollX, "
                        "y: r.y + scrollY, width: r.width, height: Math.min(r.height, 2400)}; }",
                        el.element_handle(),
                    )
                    page.screenshot(
                        path=str(
                            results_dir / f"explainer-{el.get_attribute('data-explainer')}-{width}-"
                            f"{scheme}.png"
                        ),
                        full_page=True,
                        clip=box,
                    )
                if path == PAGE:
                    assert page.evaluate("document.documentElement.scrollWidth") <= width
                    for el in page.locator("[data-explainer]").all():
                        box = el.bounding_box()
                        assert box and box["x"] >= 0 and box["x"] + box["width"] <= width + 0.5
            context.close()


def test_motion_is_off_when_the_reader_prefers_reduced_motion(browser, x_url) -> None:
    durations = {}
    for motion in ("reduce", "no-preference"):
        context = browser.new_context(reduced_motion=motion)
        page = context.new_page()
        page.goto(x_url + PAGE)
        wake(page)
        durations[motion] = page.evaluate(
            "getComputedStyle(document.querySelector('.igf-x-legend button')).transitionDuration"
        )
        context.close()
    assert (
        set(durations["reduce"].split(", ")) == {"0s"} and durations["no-preference"] != durations["reduce"]
    )


def test_explainers_work_under_a_strict_content_security_policy(browser, x_url) -> None:
    """Only the site's own script files and hashed inline scripts may run: no inline handlers, no eval."""
    context = browser.new_context()

    def with_csp(route) -> None:
        response = route.fetch()
        body = response.text()
        hashes = [
            "'sha256-" + base64.b64encode(hashlib.sha256(code.encode()).digest()).decode() + "'"
            for attrs, code in re.findall(r"<script([^>]*)>(.*?)</script>", body, re.S)
            if "src=" not in attrs and "application/json" not in attrs and code.strip()
        ]
        policy = (
            f"default-src 'self'; script-src 'self' {' '.join(hashes)}; style-src 'self' 'unsafe-inline'; "
            "img-src 'self' data:; object-src 'none'; base-uri 'self'"
        )
        route.fulfill(response=response, headers={**response.headers, "content-security-policy": policy})

    context.route(re.compile(r".*/(\?.*)?$"), with_csp)
    page = context.new_page()
    violations: list[str] = []
    page.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)
    page.goto(x_url + PAGE)
    wake(page)
    page.locator('[data-explainer="axis-loop"] .igf-x-live').wait_for(state="visible")
    root(page, "axis-loop").locator('input[data-control="fasting"]').nth(1).check()
    gh, igf1 = axis_result(page)
    assert igf1 < 100 < gh
    assert violations == []
    context.close()


def test_explainer_script_is_fetched_only_when_an_explainer_nears_the_viewport(browser, x_url) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    fetched: list[str] = []
    page.on("request", lambda r: fetched.append(r.url.rsplit("/", 1)[-1]))
    page.goto(x_url + "topics/gh-igf1-axis/", wait_until="networkidle")
    el = root(page, "axis-loop")
    assert page.evaluate("e => e.getBoundingClientRect().top", el.element_handle()) > 800 + 1500, (
        "the explainer must start well below the first screen for this test to mean anything"
    )
    assert "explainers.js" not in fetched and "explainers.css" not in fetched
    assert el.locator(".igf-x-fallback").is_visible()  # until then, the table the explainer draws from
    el.scroll_into_view_if_needed()
    el.locator(".igf-x-live").wait_for(state="visible")
    assert fetched.count("explainers.js") == 1 and fetched.count("explainers.css") == 1
    context.close()

"""Target 3: how the full build's time scales with the store (claims and sources doubled, from ten times
today's store) and with the number of pages (100 -> 200), what each item page costs, and the navigation
written into each page as pages are added."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

from macros.store import load_store

from .common import Figure, build, interleaved, medians
from .synth import ROOT, Spec, Synthetic, make_project


def ten_times_today() -> tuple[int, int]:
    """Ten times the claims and the sources of the real store (data/), each rounded to hundreds: the
    synthetic store whose doubling target 3 measures (issue 13: today's store grown tenfold)."""
    store = load_store(ROOT)
    return round(10 * len(store.claims), -2), round(10 * len(store.sources), -2)


def nav_bytes(site: Path) -> int:
    """The largest navigation (tabs and sidebar) written into any page of a built site, in bytes."""
    largest = 0
    for page in site.rglob("index.html"):
        html = page.read_text(encoding="utf-8")
        start = html.find('<nav class="md-nav md-nav--primary')
        if start < 0:
            continue
        end = html.find('<div class="md-content"', start)
        tabs = html.find('<nav class="md-tabs"')
        tabs_len = html.find("</nav>", tabs) - tabs if tabs >= 0 else 0
        largest = max(largest, len(html[start : end if end > 0 else None].encode()) + tabs_len)
    return largest


def is_redirect(page: Path) -> bool:
    """A renamed claim's or source's old address (the whole file is read: the refresh is not always first)."""
    return b'http-equiv="refresh"' in page.read_bytes()


def item_pages(site: Path) -> int:
    """Pages of their own for claims and sources (claims/<id>/, sources/<id>/), redirects aside."""
    return sum(
        1 for kind in ("claims", "sources") for p in (site / kind).glob("*/index.html") if not is_redirect(p)
    )


def run(work: Path, repeats: int, log, claims: int, sources: int) -> list[Figure]:  # noqa: ANN001
    """The synthetic store of `claims` claims and `sources` sources on 100 pages, against the same store on
    200 pages and against twice the claims and sources on 100 pages."""
    base_spec = Spec(claims=claims, sources=sources)
    log(f"target 3: generating synthetic stores of {claims:,} and {2 * claims:,} claims, and their sites")
    base = make_project(work / "base", base_spec)
    projects = {
        "base": base,
        "pages2": make_project(
            work / "pages2", Spec(claims=claims, sources=sources, pages=200), store_from=base
        ),
        "claims2": make_project(work / "claims2", Spec(claims=2 * claims, sources=2 * sources)),
    }
    sites = {name: work / f"site-{name}" for name in projects}
    times = _time_builds(projects, sites, repeats, log, claims)
    return _figures(times, sites, claims)


def _cold(syn: Synthetic, site: Path) -> Callable[[], tuple[float, float]]:
    """A build with an empty store cache."""

    def run_once() -> tuple[float, float]:
        shutil.rmtree(syn.root / ".cache", ignore_errors=True)
        return build(syn.root, site)

    return run_once


def _warm(syn: Synthetic, site: Path) -> Callable[[], tuple[float, float]]:
    """A build that reads the store back from its cache."""
    return lambda: build(syn.root, site)


def _time_builds(
    projects: dict[str, Synthetic],
    sites: dict[str, Path],
    repeats: int,
    log: Callable[[str], None],
    n_claims: int,
) -> dict[str, tuple[float, float]]:
    """Median (wall, CPU) seconds: warm builds (store read from its cache) of base and pages2; cold builds
    (empty cache) of base and claims2."""
    log("target 3: priming the store caches")
    for name in ("base", "pages2"):
        build(projects[name].root, sites[name])

    log(f"target 3: 100 versus 200 pages, warm store cache ({repeats} rounds)")
    warm = interleaved({name: _warm(projects[name], sites[name]) for name in ("base", "pages2")}, repeats)

    log(f"target 3: {n_claims:,} versus {2 * n_claims:,} claims, empty cache ({repeats} rounds)")
    cold = interleaved(
        {name: _cold(projects[name], sites[name]) for name in ("base", "claims2")},
        repeats,
    )
    return {
        "warm100": medians(warm["base"]),
        "warm200": medians(warm["pages2"]),
        "cold": medians(cold["base"]),
        "claims2": medians(cold["claims2"]),
    }


def _figures(times: dict[str, tuple[float, float]], sites: dict[str, Path], n_claims: int) -> list[Figure]:
    """Target 3 from the median build times and the built sites."""
    (m_w, m_c), (d_w, d_c) = times["warm100"], times["warm200"]
    (b_w, b_c), (c_w, c_c) = times["cold"], times["claims2"]
    nav100, nav200 = nav_bytes(sites["base"]), nav_bytes(sites["pages2"])
    # Every claim and source has a page (and every claim a preview image, drawn afresh with the empty
    # cache): the build time the doubled store adds, per thousand item pages it adds.
    items1, items2 = item_pages(sites["base"]), item_pages(sites["claims2"])
    # CPU time: on a shared machine the wall time of two builds can even come out reversed
    per_thousand = (c_c - b_c) / max(1, items2 - items1) * 1000
    return [
        Figure(
            3,
            "pages doubled, 100 -> 200 (build time ratio, warm store cache)",
            d_w / m_w,
            2.1,
            "x",
            f"{m_w:.2f} s -> {d_w:.2f} s wall; CPU {m_c:.2f} -> {d_c:.2f} s = {d_c / m_c:.2f}x, "
            f"{(d_c - m_c) * 10:.0f} ms CPU per added page",
        ),
        Figure(
            3,
            f"claims and sources doubled, {n_claims:,} -> {2 * n_claims:,} claims (build time ratio, "
            "empty cache)",
            c_w / b_w,
            2.1,
            "x",
            f"{b_w:.2f} s -> {c_w:.2f} s wall; CPU {b_c:.2f} -> {c_c:.2f} s = {c_c / b_c:.2f}x; "
            f"item pages {items1:,} -> {items2:,}",
        ),
        # Reported, as issue 13 asks: it sets no bound on it (the doubling above is its target)
        Figure(
            3,
            "item pages (claims/<id>/, sources/<id>/): build CPU seconds per thousand added",
            per_thousand,
            None,
            "s",
            f"({c_c:.2f} - {b_c:.2f} s CPU) / {items2 - items1:,} pages; with their preview images, "
            "empty cache",
        ),
        Figure(
            3,
            "navigation per page, 100 -> 200 pages (size ratio)",
            nav200 / nav100,
            1.1,
            "x",
            f"largest nav {nav100 / 1024:.1f} KB -> {nav200 / 1024:.1f} KB",
        ),
    ]

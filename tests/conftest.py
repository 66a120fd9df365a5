"""Shared fixtures: real site builds (the real site once per session, small fixture sites per test),
a local HTTP server for the built site, and Playwright launched on Debian's Chromium."""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import socketserver
import subprocess
import sys
import threading
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "data" / "seeds"  # the archived articles under review
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
RESULTS = ROOT / "test-results"
# Deadlines, not delays: a test waits for a condition and fails only when it has not come by then. They
# are generous because the suite must pass on a loaded machine (issue 15: load 5 on 2 cores), where a
# build takes several times as long as on an idle one; on an idle machine nothing waits that long.
BUILD_DEADLINE = 900  # seconds for one `mkdocs build` of a (fixture) site
BROWSER_DEADLINE_MS = 90_000  # Playwright: one navigation, action, or wait for an element or condition


@dataclass
class BuildResult:
    returncode: int
    output: str
    site: Path
    project: Path

    def page(self, url_path: str) -> str:
        p = self.site / url_path
        if p.is_dir() or url_path.endswith("/") or not url_path:
            p = p / "index.html"
        return p.read_text(encoding="utf-8")


# Each summary table wider than the box that holds it (which scrolls sideways, and cuts a badge off): its
# widths. Empty when none is.
SOF_OVERFLOW = """() => [...document.querySelectorAll('.igf-sof .igf-table-wrap')]
    .filter(w => w.scrollWidth > w.clientWidth).map(w => [w.scrollWidth, w.clientWidth])"""
# The page title's height and its words' height: equal unless something after the words (its permalink,
# invisible) wraps to a line of its own and pushes the answers down.
TITLE_HEIGHTS = """() => { const h = document.querySelector('h1'), r = document.createRange();
    r.selectNodeContents(h.firstChild); return [h.getBoundingClientRect().height, r.getBoundingClientRect().height]; }"""


def run_build(project: Path, site: Path, *extra: str, env: dict | None = None) -> BuildResult:
    cmd = [
        sys.executable,
        "-m",
        "mkdocs",
        "build",
        "--strict",
        "-f",
        str(project / "mkdocs.yml"),
        "-d",
        str(site),
        *extra,
    ]
    full_env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", **(env or {})}
    proc = subprocess.run(
        cmd, cwd=project, capture_output=True, text=True, env=full_env, check=False, timeout=BUILD_DEADLINE
    )
    return BuildResult(proc.returncode, proc.stdout + proc.stderr, site, project)


def enable_instant_navigation(project: Path) -> None:
    """Turn on Material's instant navigation in a copied project: the site ships without it (it costs
    a phone too much main-thread time), but the page scripts must keep working under it."""
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert "\n  features:\n" in text and "- navigation.instant\n" not in text
    config.write_text(
        text.replace("\n  features:\n", "\n  features:\n    - navigation.instant\n", 1), encoding="utf-8"
    )


def copy_project(dest: Path) -> Path:
    """A copy of the real project (docs, data, macros, overrides, config) to mutate in a test."""
    from benchmarks.serve import copy_real_project  # one copy routine for tests and benchmarks

    return copy_real_project(dest)


@pytest.fixture(scope="session")
def real_site(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    """The real site, built once per session."""
    site = tmp_path_factory.mktemp("real") / "site"
    result = run_build(ROOT, site)
    assert result.returncode == 0, f"the real site does not build:\n{result.output}"
    return result


@pytest.fixture(scope="session")
def reading_site(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    """The project plus a fixture topic page with known claims, aliases and sources (tests/reading_fixture.py)."""
    from reading_fixture import reading_project

    base = tmp_path_factory.mktemp("reading")
    result = run_build(reading_project(base / "project"), base / "site")
    assert result.returncode == 0, f"the reading fixture site does not build:\n{result.output}"
    return result


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A fresh copy of the real project in tmp_path/project, for tests that break it on purpose."""
    return copy_project(tmp_path / "project")


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


@contextlib.contextmanager
def serve(directory: Path):
    """A built site served over HTTP on a free loopback port; yields its base URL."""
    handler = functools.partial(_QuietHandler, directory=str(directory))
    socketserver.TCPServer.allow_reuse_address = True
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def site_url(real_site: BuildResult) -> str:
    """The real site served over HTTP on a free loopback port."""
    with serve(real_site.site) as url:
        yield url


def _require_chromium() -> None:
    if not CHROMIUM.exists():
        if os.environ.get("CI"):
            pytest.fail("Chromium is missing at /usr/bin/chromium; .ci/run installs it with apt")
        pytest.skip("Debian's Chromium is not installed (apt-get install -y chromium)")


@pytest.fixture
def context(context):  # pytest-playwright's context, with our deadlines
    context.set_default_timeout(BROWSER_DEADLINE_MS)
    context.set_default_navigation_timeout(BROWSER_DEADLINE_MS)
    return context


@pytest.fixture(scope="session", autouse=True)
def _expect_deadline() -> None:
    """`expect(...)` assertions retry until this deadline (Playwright's default is 5 s)."""
    try:
        from playwright.sync_api import expect
    except ImportError:  # the suite without the browser tests
        return
    expect.set_options(timeout=BROWSER_DEADLINE_MS)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict) -> dict:
    _require_chromium()
    return {
        **browser_type_launch_args,
        "executable_path": str(CHROMIUM),
        "args": CHROMIUM_ARGS,
        "headless": True,
    }


@pytest.fixture(scope="session")
def results_dir() -> Path:
    RESULTS.mkdir(exist_ok=True)
    return RESULTS

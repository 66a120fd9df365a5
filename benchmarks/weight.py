"""Target 5: what a reader downloads on first load (HTML, CSS and JS, gzip) of each topic page and of the
heaviest page of any kind (every page is held to 100 KB), the project's own (explainer and reading) scripts
and styles, and the search index."""

from __future__ import annotations

import gzip
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import yaml

from .common import ENV, Figure
from .serve import copy_real_project

_ASSET = re.compile(r'<(?:link[^>]+rel="stylesheet"[^>]+href|script[^>]+src)="([^"]+)"')


def gz(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=6))  # the level web servers commonly use


def first_load(site: Path, page_url: str) -> tuple[int, int]:
    """(gzip bytes of the page's HTML + every stylesheet and script it loads, number of files)."""
    html_path = site / page_url / "index.html"
    html = html_path.read_bytes()
    total, files = gz(html), 1
    for ref in dict.fromkeys(_ASSET.findall(html.decode("utf-8"))):
        if urlsplit(ref).scheme or ref.startswith("//"):
            continue  # the privacy tests forbid third-party assets; nothing to count here
        target = urlsplit(urljoin("/" + page_url, ref)).path.lstrip("/")
        path = site / target
        if path.is_file():
            total += gz(path.read_bytes())
            files += 1
    return total, files


def heaviest_page(site: Path) -> Figure:
    """The heaviest page of any kind, and every page over the 100 KB each is held to. Every page the site
    serves is weighed, home included (and the redirects from old addresses: they are light)."""
    urls = [p.parent.relative_to(site).as_posix().removeprefix(".") for p in site.rglob("index.html")]
    every = {(u + "/" if u else "/"): first_load(site, u)[0] for u in urls}
    top = max(every, key=every.__getitem__)
    over = sorted((p for p, w in every.items() if w > 100 * 1024), key=every.__getitem__, reverse=True)
    return Figure(
        5,
        "heaviest page of any kind, first load (HTML+CSS+JS, gzip)",
        every[top] / 1024,
        100.0,
        "KB",
        f"{top} of {len(every)} pages; over 100 KB: "
        + (", ".join(f"{p} {every[p] / 1024:.1f}" for p in over) or "none"),
    )


def run(work: Path, log) -> list[Figure]:  # noqa: ANN001
    project = copy_real_project(work / "weight" / "project")
    site = work / "weight" / "site"
    log("target 5: building the real site for page weights")
    proc = subprocess.run(  # noqa: PLW1510
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(site)],
        cwd=project,
        env=ENV,
        capture_output=True,
        text=True,
    )
    if proc.returncode:
        raise RuntimeError(f"the real site does not build:\n{proc.stdout}{proc.stderr}")
    topics = yaml.safe_load((project / "data" / "topics.yaml").read_text(encoding="utf-8"))
    weights = {t["page"]: first_load(site, t["page"][:-3] + "/") for t in topics}
    heaviest = max(weights, key=lambda p: weights[p][0])
    # every script and style of the project's own, including those fetched later (the explainers')
    own = sorted(
        p.relative_to(project / "docs").as_posix()
        for p in (project / "docs" / "assets").glob("*.*")
        if p.suffix in (".js", ".css")
    )
    own_bytes = sum(gz((site / o).read_bytes()) for o in own if (site / o).is_file())
    index = site / "search" / "search_index.json"
    return [
        Figure(
            5,
            "heaviest topic page, first load (HTML+CSS+JS, gzip)",
            weights[heaviest][0] / 1024,
            100.0,
            "KB",
            f"{heaviest}, {weights[heaviest][1]} files; all: "
            + ", ".join(f"{Path(p).stem} {w / 1024:.1f}" for p, (w, _) in sorted(weights.items())),
        ),
        heaviest_page(site),
        Figure(
            5,
            "project's own JS and CSS (explainers, reading), gzip",
            own_bytes / 1024,
            15.0,
            "KB",
            ", ".join(own),
        ),
        Figure(
            5,
            "search index, gzip",
            gz(index.read_bytes()) / 1024,
            100.0,
            "KB",
            f"{index.stat().st_size / 1024:.0f} KB uncompressed",
        ),
    ]

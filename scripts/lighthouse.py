"""Lighthouse on every topic page: builds the site, serves it on a loopback port, runs npm `lighthouse`
(mobile preset, the default) with Debian's Chromium, and prints performance, accessibility, best
practices and SEO per page, with the audits that cost points. Exits non-zero when a target is missed.

    make lighthouse                   # or: python scripts/lighthouse.py [--site DIR] [--page URL-PATH ...]

The site is served gzip-compressed, as a production host serves it. Targets: performance >= 95, the
other three 100.

Variance: the same page scores a few points apart from one run to the next (Lighthouse's own guidance on
variability recommends the median of several runs). Each page is therefore run --runs times (3 by
default) with the stock mobile preset (4x CPU slowdown), and the run with the median performance score is
the one reported and checked; every run's score is printed. Reports are kept in test-results/lighthouse/.
Not part of `make test`: one run takes about 15 s.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import json
import os
import shutil
import socketserver
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from macros.render import page_url  # noqa: E402
from macros.store import load_store  # noqa: E402

LIGHTHOUSE = ROOT / "tools" / "lighthouse" / "node_modules" / ".bin" / "lighthouse"
CHROME = os.environ.get("CHROME_PATH", "/usr/bin/chromium")
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
TARGETS = {"performance": 95, "accessibility": 100, "best-practices": 100, "seo": 100}
REPORTS = ROOT / "test-results" / "lighthouse"


class _Gzip(http.server.SimpleHTTPRequestHandler):
    """Serves text compressed, as any production host does; the uncompressed sizes would misstate load times."""

    TEXT = (".html", ".css", ".js", ".json", ".xml", ".svg", ".txt")

    def log_message(self, *args: object) -> None:
        pass

    def do_GET(self) -> None:  # noqa: N802 - the base class's name
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if "gzip" not in self.headers.get("Accept-Encoding", "") or path.suffix not in self.TEXT or not path.is_file():
            return super().do_GET()
        body = gzip.compress(path.read_bytes(), mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def build(dest: Path) -> None:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(dest)],
                   cwd=ROOT, env=env, check=True)


def topic_pages() -> list[str]:
    store = load_store(ROOT)
    return [page_url(t.page) for t in store.topics.values()]


def run_one(url: str, out: Path) -> dict:
    cmd = [str(LIGHTHOUSE), url, "--quiet", "--output=json", f"--output-path={out}",
           f"--only-categories={','.join(CATEGORIES)}",
           "--chrome-flags=--headless=new --no-sandbox --disable-gpu --no-first-run "
           "--disable-background-networking --disable-component-update --disable-sync"]
    subprocess.run(cmd, check=True, env={**os.environ, "CHROME_PATH": CHROME}, timeout=300)
    return json.loads(out.read_text(encoding="utf-8"))


def losses(report: dict) -> list[str]:
    """The audits that cost points, per category."""
    found = []
    for cat in CATEGORIES:
        for ref in report["categories"][cat]["auditRefs"]:
            audit = report["audits"][ref["id"]]
            if ref["weight"] and audit.get("score") is not None and audit["score"] < 1:
                found.append(f"{cat}: {ref['id']} ({audit['score']:.2f}) {audit.get('displayValue', '')}".rstrip())
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--site", type=Path, help="a built site to test (default: build one now)")
    parser.add_argument("--page", action="append", help="a page path such as topics/hair-loss/ (repeatable)")
    parser.add_argument("--runs", type=int, default=3, help="runs per page; the median is checked (default 3)")
    args = parser.parse_args()
    if not LIGHTHOUSE.exists():
        print("Lighthouse is not installed: run `make lighthouse` (npm ci in tools/lighthouse)", file=sys.stderr)
        return 2
    if not Path(CHROME).exists():
        print(f"Chromium not found at {CHROME}; apt-get install -y chromium or set CHROME_PATH", file=sys.stderr)
        return 2

    tmp = None
    site = args.site
    if site is None:
        tmp = Path(tempfile.mkdtemp(prefix="igf-lighthouse-"))
        site = tmp / "site"
        build(site)
    pages = args.page or topic_pages()
    REPORTS.mkdir(parents=True, exist_ok=True)

    handler = functools.partial(_Gzip, directory=str(site))
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    missed = False
    try:
        print(f"{'page':34} {'perf':>5} {'a11y':>5} {'b-p':>5} {'seo':>5}  performance of each run")
        for path in pages:
            name = path.strip("/").replace("/", "_") or "home"
            runs = []
            for i in range(max(1, args.runs)):
                out = REPORTS / f"{name}.{i + 1}.json"
                report = run_one(base + path, out)
                runs.append((round(report["categories"]["performance"]["score"] * 100), i, report, out))
            runs.sort(key=lambda r: (r[0], r[1]))
            _, _, report, out = runs[len(runs) // 2]  # the median run
            shutil.copyfile(out, REPORTS / f"{name}.json")
            scores = {c: round(report["categories"][c]["score"] * 100) for c in CATEGORIES}
            bad = [c for c in CATEGORIES if scores[c] < TARGETS[c]]
            missed |= bool(bad)
            each = ", ".join(str(r[0]) for r in sorted(runs, key=lambda r: r[1]))
            print(f"{path:34} " + " ".join(f"{scores[c]:>5}" for c in CATEGORIES) + f"  ({each})"
                  + ("  MISSED" if bad else ""))
            for line in losses(report):
                print(f"    {line}")
    finally:
        server.shutdown()
        server.server_close()
        if tmp:
            shutil.rmtree(tmp, ignore_errors=True)
    print("targets: performance >= 95; accessibility, best practices, SEO = 100;",
          "MISSED" if missed else "all met")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())

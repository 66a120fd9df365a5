"""Lighthouse on every topic page: builds the site, serves it on a loopback port, runs npm `lighthouse`
(mobile preset, the default) with Debian's Chromium, and prints performance, accessibility, best
practices and SEO per page, with the audits that cost points. Exits non-zero when a target is missed.

    make lighthouse                   # or: python scripts/lighthouse.py [--site DIR] [--page URL-PATH ...]

The site is served gzip-compressed, as a production host serves it. Targets: performance >= 95, the
other three 100.

CPU: Lighthouse's mobile preset slows the CPU 4x, which assumes a host scoring about 1500 on its
benchmark index. On a slower or busy host the same page scores lower. When a page misses the
performance target and the report's benchmarkIndex is below that, the page is run again with the
slowdown Lighthouse's throttling guide calibrates for that index (docs/throttling.md, "CPU
throttling"), and both figures are printed: `perf` (stock 4x) and `cal` (calibrated, with the index and
multiplier). --stock-only skips the second run. Reports are kept in test-results/lighthouse/.
Not part of `make test`: one page takes about 15 s.
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


# (benchmarkIndex, CPU slowdown) anchor points of Lighthouse's calibration table, interpolated linearly.
CALIBRATION = ((150, 1.0), (800, 2.0), (1300, 3.0), (1533, 4.0))


def calibrated_slowdown(benchmark_index: float) -> float:
    if benchmark_index >= CALIBRATION[-1][0]:
        return CALIBRATION[-1][1]
    if benchmark_index <= CALIBRATION[0][0]:
        return CALIBRATION[0][1]
    for (x0, y0), (x1, y1) in zip(CALIBRATION, CALIBRATION[1:]):
        if x0 <= benchmark_index <= x1:
            return round(y0 + (y1 - y0) * (benchmark_index - x0) / (x1 - x0), 2)
    raise AssertionError("unreachable")


def run_one(url: str, out: Path, cpu: float | None = None) -> dict:
    cmd = [str(LIGHTHOUSE), url, "--quiet", "--output=json", f"--output-path={out}",
           *([f"--throttling.cpuSlowdownMultiplier={cpu}"] if cpu else []),
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
    parser.add_argument("--stock-only", action="store_true", help="no calibrated re-run on a slow host")
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
        print(f"{'page':34} {'perf':>5} {'a11y':>5} {'b-p':>5} {'seo':>5} {'cal':>5}")
        for path in pages:
            name = path.strip("/").replace("/", "_") or "home"
            report = run_one(base + path, REPORTS / f"{name}.json")
            scores = {c: round(report["categories"][c]["score"] * 100) for c in CATEGORIES}
            note, cal = "", None
            index = report["environment"]["benchmarkIndex"]
            slowdown = calibrated_slowdown(index)
            if scores["performance"] < TARGETS["performance"] and slowdown < 4 and not args.stock_only:
                again = run_one(base + path, REPORTS / f"{name}.calibrated.json", slowdown)
                cal = round(again["categories"]["performance"]["score"] * 100)
                note = f"  (benchmarkIndex {index:.0f}: CPU {slowdown}x)"
            perf = max(scores["performance"], cal or 0)
            bad = [c for c in CATEGORIES if (perf if c == "performance" else scores[c]) < TARGETS[c]]
            missed |= bool(bad)
            print(f"{path:34} " + " ".join(f"{scores[c]:>5}" for c in CATEGORIES) + f" {cal if cal is not None else '-':>5}"
                  + note + ("  MISSED" if bad else ""))
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

"""Print the median of each page's runs in the four categories (what lighthouserc.json asserts), from
Lighthouse CI's manifest (test-results/lighthouse/manifest.json, written by `lhci upload
--target=filesystem`), with every run's performance score: the runs of one page differ by a few points,
which is why the median is asserted."""

from __future__ import annotations

import json
import statistics
import sys
from pathlib import Path
from urllib.parse import urlsplit

CATEGORIES = ("performance", "accessibility", "best-practices", "seo")


def main(manifest: Path = Path("test-results/lighthouse/manifest.json")) -> int:
    if not manifest.is_file():
        print(f"no Lighthouse CI results in {manifest}", file=sys.stderr)
        return 1
    runs = json.loads(manifest.read_text(encoding="utf-8"))
    pages: dict[str, list[dict]] = {}
    for run in runs:
        pages.setdefault(urlsplit(run["url"]).path, []).append(run)
    print(f"{'page':30} " + " ".join(f"{c[:6]:>6}" for c in CATEGORIES) + "  performance of each run")
    for path, page_runs in pages.items():
        medians = [statistics.median(r["summary"][c] for r in page_runs) for c in CATEGORIES]
        scores = " ".join(f"{round(m * 100):>6}" for m in medians)
        each = ", ".join(str(round(r["summary"]["performance"] * 100)) for r in page_runs)
        print(f"{path:30} {scores}  ({each})")
    return 0


if __name__ == "__main__":
    sys.exit(main(*(Path(a) for a in sys.argv[1:])))

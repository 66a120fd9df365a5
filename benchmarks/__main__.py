"""`make bench`: measure what users feel, in a temporary folder, and print each figure next to its target.

1. A synthetic store of 10,000 claims and 2,000 sources: load and validate it in one process, cold and
   from its cache.
2. The real site (this repository's docs/ and data/): a full cold build, beside a plain Material build of
   the same pages with the macro calls replaced by their text (reported, no target).
3. Synthetic sites on a synthetic store of ten times today's claims and sources: the build time when the
   claims and sources double, and when the pages double (100 -> 200); seconds per thousand item pages;
   the navigation written into each page.
4. The dev server (`make serve`) on a copy of the real site: an edit to a claim, and to a page, until it
   is served.
5. The real site's page weights.

Options: --quick (fewer rounds), --keep (keep the folder), --only 1,2,3,4,5 (some targets), --scale
(shrink the synthetic stores of targets 1 and 3, to check the code paths quickly).
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

from . import builds, real, serve, store, weight
from .common import Figure, machine, table


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="one round of each build, 3 of the rest")
    parser.add_argument("--keep", action="store_true", help="keep the generated projects and sites")
    parser.add_argument("--only", default="1,2,3,4,5", help="targets to measure, e.g. 1,5")
    parser.add_argument(
        "--scale",
        type=float,
        default=1.0,
        help="multiplies the synthetic stores' sizes: target 1's 10,000 claims and 2,000 sources, and "
        "target 3's ten times today's claims and sources (doubled); 0.05 checks the code paths quickly. "
        "Targets 2, 4 and 5 build the real site as it is",
    )
    return parser


def _scaled(n: int, scale: float) -> int:
    return max(20, round(n * scale))  # a synthetic page shows 20 claims


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    only = {int(x) for x in args.only.split(",")}
    rounds, repeats = (1, 3) if args.quick else (3, 5)
    start = time.perf_counter()
    before = machine()

    def log(msg: str) -> None:
        print(f"[{time.perf_counter() - start:5.0f} s] {msg}", file=sys.stderr, flush=True)

    work = Path(tempfile.mkdtemp(prefix="igf-bench-"))
    figures: list[Figure] = []
    try:
        if 1 in only:
            figures += store.run(work, repeats, log, _scaled(10_000, args.scale), _scaled(2_000, args.scale))
        if 2 in only:
            figures += real.run(work, rounds, log)
        if 3 in only:
            claims, sources = (_scaled(n, args.scale) for n in builds.ten_times_today())
            figures += builds.run(work, rounds, log, claims, sources)
        if 4 in only:
            figures += serve.run(work, repeats, log)
        if 5 in only:
            figures += weight.run(work, log)
    finally:
        if args.keep:
            log(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    print(
        f"\nMachine: {before}\nAfter the runs: {machine().split('; ')[-1]}; "
        f"{time.perf_counter() - start:.0f} s in all\n"
    )
    print(table(figures))
    targeted = [f for f in figures if f.target is not None]
    failed = [f for f in targeted if not f.ok]
    print(f"\n{len(targeted) - len(failed)} of {len(targeted)} figures within target.")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())

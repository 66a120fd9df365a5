"""`make bench`: generate the synthetic store and sites in a temporary folder, measure every figure of
issue 7 and print each next to its target. Options: --quick (fewer repeats), --keep (keep the folder),
--only 1,2,3,4,5 (some targets)."""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

from . import builds, serve, store, weight
from .common import Figure, machine, table


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="one round of each build, 3 of the rest")
    parser.add_argument("--keep", action="store_true", help="keep the generated projects and sites")
    parser.add_argument("--only", default="1,2,3,4,5", help="targets to measure, e.g. 1,5")
    parser.add_argument(
        "--scale",
        type=float,
        default=1.0,
        help="size of the synthetic store for targets 2 and 3 (1: 10,000 claims; 0.1: 1,000)",
    )
    args = parser.parse_args(argv)
    only = {int(x) for x in args.only.split(",")}
    rounds, repeats = (1, 3) if args.quick else (3, 5)
    start = time.perf_counter()
    before = machine()

    def log(msg: str) -> None:
        print(f"[{time.perf_counter() - start:5.0f} s] {msg}", file=sys.stderr, flush=True)

    work = Path(tempfile.mkdtemp(prefix="igf-bench-"))
    figures: list[Figure] = []
    try:
        if only & {1, 2, 3}:
            figures += builds.run(work, rounds, log, with_builds=bool(only & {2, 3}), scale=args.scale)
            if 1 in only:
                figures = store.run(work / "macro-100", repeats, log) + figures
        if 4 in only:
            figures += serve.run(work, repeats, log)
        if 5 in only:
            figures += weight.run(work, log)
    finally:
        if args.keep:
            log(f"kept {work}")
        else:
            import shutil

            shutil.rmtree(work, ignore_errors=True)
    print(
        f"\nMachine: {before}\nAfter the runs: {machine().split('; ')[-1]}; "
        f"{time.perf_counter() - start:.0f} s in all\n"
    )
    print(table(figures))
    failed = [f for f in figures if not f.ok]
    print(f"\n{len(figures) - len(failed)} of {len(figures)} figures within target.")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())

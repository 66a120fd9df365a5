"""Target 1: loading and validating a synthetic store of 10,000 claims and 2,000 sources in one process,
cold (parse, validate, cross-check and write the cache: <= 0.8 s) and from the content-keyed cache
(<= 0.05 s). Each run is a new process (imports not counted), as in a fresh `mkdocs build`."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from .common import ENV, Figure, median
from .synth import Spec, make_project

_SCRIPT = """
import sys, time
from pathlib import Path
from macros.store import load_store
root, cache = Path(sys.argv[1]), Path(sys.argv[2])
start, cpu = time.perf_counter(), time.process_time()
store = load_store(root, None, cache)
print(time.perf_counter() - start, time.process_time() - cpu, len(store.claims), len(store.sources))
"""


def load_once(project: Path, cache: Path) -> tuple[float, float, int, int]:
    proc = subprocess.run(
        [sys.executable, "-c", _SCRIPT, str(project), str(cache)],
        cwd=project,
        env=ENV,
        capture_output=True,
        text=True,
        check=False,
    )
    if proc.returncode:
        raise RuntimeError(f"loading the synthetic store failed:\n{proc.stderr}")
    wall, cpu, claims, sources = proc.stdout.split()
    return float(wall), float(cpu), int(claims), int(sources)


def run(work: Path, repeats: int, log, claims: int, sources: int) -> list[Figure]:  # noqa: ANN001
    log(f"target 1: generating a synthetic store of {claims:,} claims and {sources:,} sources")
    project = make_project(work / "store", Spec(claims=claims, sources=sources)).root
    cache = project / ".cache" / "bench-store"
    log(f"target 1: loading the synthetic store, {repeats} cold and {repeats} cached runs")
    cold, warm = [], []
    for _ in range(repeats):
        shutil.rmtree(cache, ignore_errors=True)
        cold.append(load_once(project, cache))
        warm.append(load_once(project, cache))
    _, _, claims, sources = cold[0]
    size = sum(p.stat().st_size for p in (project / "data").rglob("*.yaml")) / 1048576
    largest = max(p.stat().st_size for p in (project / "data").rglob("*.yaml")) / 1048576
    return [
        Figure(
            1,
            f"store of {claims:,} claims and {sources:,} sources: load and validate, cold",
            median([w for w, *_ in cold]),
            0.8,
            "s",
            f"CPU {median([c for _, c, *_ in cold]):.3f} s; {size:.1f} MiB of YAML, largest file {largest:.2f} MiB",
        ),
        Figure(
            1,
            "the same store, unchanged, from the cache",
            median([w for w, *_ in warm]),
            0.05,
            "s",
            f"CPU {median([c for _, c, *_ in warm]):.3f} s",
        ),
    ]

"""Timing helpers and the result table."""

from __future__ import annotations

import os
import platform
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}


@dataclass
class Figure:
    number: int  # the target's number (issue 7's five, as issue 14 revised them)
    name: str
    measured: float
    target: float | None  # None: a figure reported, with no target to pass or fail
    unit: str  # "s", "x", "KB"
    detail: str = ""

    @property
    def ok(self) -> bool:
        return self.target is None or self.measured <= self.target

    def row(self) -> str:
        fmt = {"s": "{:.3f} s", "x": "{:.2f}x", "KB": "{:.1f} KB"}[self.unit]
        if self.target is None:
            target, verdict = "-", "reported"
        else:
            target, verdict = f"<= {fmt.format(self.target)}", "pass" if self.ok else "FAIL"
        return f"| {self.number} | {self.name} | {fmt.format(self.measured)} | {target} | {verdict} | {self.detail} |"


def table(figures: list[Figure]) -> str:
    head = ["| # | Figure | Measured | Target | Result | Detail |", "|---|---|---|---|---|---|"]
    return "\n".join(head + [f.row() for f in figures])


def median(values: list[float]) -> float:
    return statistics.median(values)


def medians(runs: list[tuple[float, float]]) -> tuple[float, float]:
    """Median wall and median CPU time of some runs."""
    return median([w for w, _ in runs]), median([c for _, c in runs])


class BuildFailed(RuntimeError):  # noqa: N818
    pass


def build(project: Path, site: Path) -> tuple[float, float]:
    """Wall and CPU time of `mkdocs build --strict` of a project in a fresh process (as an editor runs it)."""
    cmd = [
        sys.executable,
        "-m",
        "mkdocs",
        "build",
        "--strict",
        "-q",
        "-f",
        str(project / "mkdocs.yml"),
        "-d",
        str(site),
    ]
    start = time.perf_counter()
    before = os.times()
    proc = subprocess.run(cmd, cwd=project, env=ENV, capture_output=True, text=True)  # noqa: PLW1510
    wall = time.perf_counter() - start
    after = os.times()
    if proc.returncode:
        raise BuildFailed(f"build of {project} failed:\n{proc.stdout}{proc.stderr}")
    cpu = (after.children_user - before.children_user) + (after.children_system - before.children_system)
    return wall, cpu


def interleaved(
    builds: dict[str, Callable[[], tuple[float, float]]], repeats: int
) -> dict[str, list[tuple[float, float]]]:
    """Run each build `repeats` times, alternating between them so that a change in the machine's load
    affects every variant alike; returns the times by variant."""
    times: dict[str, list[tuple[float, float]]] = {k: [] for k in builds}
    for _ in range(repeats):
        for name, fn in builds.items():
            times[name].append(fn())
    return times


def machine() -> str:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    load = " ".join(f"{x:.1f}" for x in os.getloadavg()) if hasattr(os, "getloadavg") else "n/a"
    return (
        f"{cpu}, {os.cpu_count()} cores, {platform.system()} {platform.release()}, "
        f"Python {platform.python_version()}; reference loop {reference_loop():.2f} s; load average {load}"
    )


def reference_loop() -> float:
    """Seconds for a fixed pure-Python loop (best of three): how fast this machine runs Python right now.
    The same virtual machine has been seen to run it in 0.5 s and, an hour later, in 0.78 s; the build
    figures above move with it."""
    best = float("inf")
    for _ in range(3):
        start, total = time.perf_counter(), 0
        for i in range(10_000_000):
            total += i
        best = min(best, time.perf_counter() - start)
    return best

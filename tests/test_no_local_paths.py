"""No built file names a path of the machine that built it (issue 15, item 9): a verification note once
published the absolute path of a research file. Checks every file of the real site, text and binary."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import ROOT, BuildResult

pytestmark = pytest.mark.slow

# An absolute path in a usual home of a machine's files, not part of a URL (https://x.org/home/ is fine).
LOCAL = re.compile(rb"(?<![\w.:/%-])/(?:work|home|root|tmp|Users)/[\w.-][\w./-]*")
# A path that climbs out of the repository to the authoring machine's research folder (../shared/...).
OUTSIDE = re.compile(rb"(?<![\w.:/%-])(?:\.\./)+shared/[\w./-]+|(?<![\w.:/%-])shared/research/[\w./-]+")


def local_paths(site: Path, project: Path) -> list[str]:
    needles = {str(project).encode(), str(project.resolve()).encode(), str(site).encode()}
    found = []
    for path in sorted(p for p in site.rglob("*") if p.is_file()):
        data = path.read_bytes()
        hits = [n.decode() for n in needles if n in data]
        hits += [m.group().decode("utf-8", "replace") for m in LOCAL.finditer(data)]
        hits += [m.group().decode("utf-8", "replace") for m in OUTSIDE.finditer(data)]
        if hits:
            found.append(f"{path.relative_to(site)}: {', '.join(sorted(set(hits)))}")
    return found


def test_no_built_file_contains_a_path_of_the_build_machine(real_site: BuildResult) -> None:
    found = local_paths(real_site.site, ROOT)
    assert not found, "\n".join(found[:20])


def test_the_check_finds_such_a_path(tmp_path: Path) -> None:
    site = tmp_path / "site"
    (site / "a").mkdir(parents=True)
    (site / "a" / "index.html").write_text(
        "<p>recorded in /work/shared/research/sources.md</p>", encoding="utf-8"
    )
    (site / "ok.html").write_text(
        '<a href="https://example.org/home/x">/ a path-free text</a>', encoding="utf-8"
    )
    (site / "b.json").write_text(f'{{"file": "{tmp_path / "project" / "data"}"}}', encoding="utf-8")
    found = local_paths(site, tmp_path / "project")
    assert len(found) == 2
    assert found[0].startswith("a/index.html: /work/s") and found[1].startswith("b.json: ")


def test_the_check_finds_a_path_out_of_the_repository(tmp_path: Path) -> None:
    site = tmp_path / "site"
    (site / "a").mkdir(parents=True)
    (site / "a" / "index.html").write_text(
        "<p>recorded in ../shared/research/sources.md</p>", encoding="utf-8"
    )
    assert local_paths(site, tmp_path / "project") == ["a/index.html: ../shared/research/sources.md"]

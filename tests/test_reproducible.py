"""Two builds of the same commit are byte-identical: from two checkouts at different paths, with
different hash seeds (set and dict order), and with a cold and a warm store cache."""

from __future__ import annotations

import datetime as dt
import gzip
import hashlib
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import ROOT, BuildResult, copy_project, run_build

pytestmark = pytest.mark.slow


def digests(site: Path) -> dict[str, str]:
    return {
        p.relative_to(site).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(site.rglob("*"))
        if p.is_file()
    }


def differences(a: dict[str, str], b: dict[str, str]) -> list[str]:
    return sorted(k for k in a.keys() | b.keys() if a.get(k) != b.get(k))


def test_two_builds_are_byte_identical(tmp_path: Path) -> None:
    epoch = {"SOURCE_DATE_EPOCH": "1767225600"}  # a fixed commit time, as the git hook would set
    first = copy_project(tmp_path / "one" / "project")
    second = copy_project(tmp_path / "two" / "checkout")
    a = run_build(first, tmp_path / "site-a", env={**epoch, "PYTHONHASHSEED": "1"})
    b = run_build(second, tmp_path / "site-b", env={**epoch, "PYTHONHASHSEED": "2"})
    c = run_build(first, tmp_path / "site-c", env={**epoch, "PYTHONHASHSEED": "3"})  # warm store cache
    for result in (a, b, c):
        assert result.returncode == 0, result.output
    da, db, dc = digests(a.site), digests(b.site), digests(c.site)
    assert len(da) > 20
    assert not differences(da, db), f"differ between checkouts: {differences(da, db)}"
    assert not differences(da, dc), f"differ with a warm cache: {differences(da, dc)}"
    # The comparison can fail: a build dated a day later differs exactly in the two sitemaps.
    d = run_build(second, tmp_path / "site-d", env={"SOURCE_DATE_EPOCH": "1767312000"})
    assert differences(da, digests(d.site)) == ["sitemap.xml", "sitemap.xml.gz"]


def test_the_build_is_dated_by_the_last_commit(real_site: BuildResult) -> None:
    if os.environ.get("SOURCE_DATE_EPOCH") or shutil.which("git") is None:
        pytest.skip("SOURCE_DATE_EPOCH is set by the caller, or git is missing")
    proc = subprocess.run(  # noqa: PLW1510
        ["git", "-C", str(ROOT), "log", "-1", "--format=%ct"], capture_output=True, text=True
    )
    if proc.returncode != 0:
        pytest.skip("not a git checkout")
    day = dt.datetime.fromtimestamp(int(proc.stdout), dt.UTC).date()
    sitemap = (real_site.site / "sitemap.xml").read_text(encoding="utf-8")
    assert set(re.findall(r"<lastmod>([^<]+)</lastmod>", sitemap)) == {day.isoformat()}
    with gzip.open(real_site.site / "sitemap.xml.gz") as fh:
        assert fh.read().decode("utf-8") == sitemap

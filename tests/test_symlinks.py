"""A symbolic link that leads out of the repository is refused, by `mkdocs build` and by the dev server
(issue 15, item 8): its target would otherwise be copied into site/ and served."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import run_build
from macros.symlinks import escaping

pytestmark = pytest.mark.slow


def test_a_file_link_out_of_the_repository_fails_the_build_naming_it(project: Path, tmp_path: Path) -> None:
    (project / "docs" / "assets" / "x.txt").symlink_to("/etc/passwd")
    result = run_build(project, tmp_path / "site")
    assert result.returncode != 0
    assert "docs/assets/x.txt -> /etc/passwd" in result.output
    assert "Traceback" not in result.output
    assert not (tmp_path / "site" / "assets" / "x.txt").exists()


def test_the_dev_server_refuses_to_start_on_such_a_link(project: Path) -> None:
    (project / "overrides" / "leak.txt").symlink_to("/etc/hostname")
    proc = subprocess.run(
        [sys.executable, "-m", "macros.serve", "--dev-addr", "127.0.0.1:0"],
        check=False,
        cwd=project,
        capture_output=True,
        text=True,
        timeout=600,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    output = proc.stdout + proc.stderr
    assert proc.returncode != 0
    assert "overrides/leak.txt -> /etc/hostname" in output
    assert "Traceback" not in output


def test_folder_links_are_followed_inside_and_refused_outside(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    docs = root / "docs"
    (docs / "sub").mkdir(parents=True)
    (root / "data").mkdir()
    (root / "data" / "ok.txt").write_text("inside", encoding="utf-8")
    (docs / "ok.txt").symlink_to("../data/ok.txt")  # stays inside: allowed
    (docs / "data").symlink_to("../data")  # a folder inside: followed, its links are checked too
    (root / "data" / "out").symlink_to(tmp_path)  # leaves the repository through the linked folder
    (docs / "sub" / "loop").symlink_to("..")  # a loop must not hang the check
    assert escaping([str(docs)], str(root)) == [f"docs/data/out -> {tmp_path}"]
    os.remove(root / "data" / "out")
    assert escaping([str(docs)], str(root)) == []
    (docs / "root").symlink_to("/")
    assert escaping([str(docs), None], str(root)) == ["docs/root -> /"]

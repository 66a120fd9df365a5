"""The lint setup agrees with itself: pre-commit runs the ruff pinned for `make lint`, on the same rules."""

from __future__ import annotations

import re
import tomllib

import yaml

from conftest import ROOT


def _pinned(name: str) -> str:
    found = re.search(
        rf"^{name}==(\S+)$", (ROOT / "requirements" / "test.txt").read_text(encoding="utf-8"), re.M
    )
    assert found, f"{name} is not pinned in requirements/test.txt"
    return found.group(1)


def test_pre_commit_runs_the_pinned_ruff_check_and_format() -> None:
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    hooks = {hook["id"]: hook for repo in config["repos"] for hook in repo["hooks"]}
    assert set(hooks) >= {"ruff", "ruff-format"}
    version = _pinned("ruff")
    for hook in ("ruff", "ruff-format"):
        assert hooks[hook]["additional_dependencies"] == [f"ruff=={version}"]
    assert hooks["ruff"]["entry"].startswith("ruff check")
    assert hooks["ruff-format"]["entry"].startswith("ruff format --check")


def test_make_lint_runs_ruff_check_and_format_check() -> None:
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    recipe = re.search(r"^lint:.*\n((?:\t.*\n)+)", makefile, re.M)
    assert recipe, "no `lint` target in the Makefile"
    assert "ruff check ." in recipe.group(1) and "ruff format --check ." in recipe.group(1)


def test_ruff_rules_are_listed_not_left_to_the_default() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    lint = config["tool"]["ruff"]["lint"]
    assert {"E", "F", "I", "B", "ANN"} <= set(lint["select"])

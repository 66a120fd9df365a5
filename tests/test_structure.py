"""The house stays simple (issue 14): no module in macros/ over 450 lines, no function in macros/ or
benchmarks/ over 60 lines. A function's length is counted as Python's ast gives it (end_lineno - lineno
+ 1: the `def` line to the last line of its body, decorators aside), after `ruff format`."""

from __future__ import annotations

import ast
from pathlib import Path

from conftest import ROOT

MAX_MODULE_LINES = 450
MAX_FUNCTION_LINES = 60


def _modules() -> list[Path]:
    return sorted((ROOT / "macros").rglob("*.py"))


def _function_files() -> list[Path]:
    return _modules() + sorted((ROOT / "benchmarks").glob("*.py"))


def long_functions(source: str, limit: int = MAX_FUNCTION_LINES) -> list[tuple[str, int]]:
    """(qualified name, length in lines) of every function or method longer than `limit`, nested ones too."""
    found: list[tuple[str, int]] = []

    def visit(node: ast.AST, prefix: str) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
                name = f"{prefix}{child.name}"
                if not isinstance(child, ast.ClassDef):
                    length = child.end_lineno - child.lineno + 1  # type: ignore[operator]
                    if length > limit:
                        found.append((name, length))
                visit(child, name + ".")
            else:
                visit(child, prefix)

    visit(ast.parse(source), "")
    return found


def test_the_walk_finds_the_code() -> None:
    names = {p.relative_to(ROOT).as_posix() for p in _function_files()}
    assert {"macros/__init__.py", "macros/store.py", "benchmarks/builds.py"} <= names


def _function(name: str, lines: int, indent: str = "") -> str:
    body = "".join(f"{indent}    x{i} = {i}\n" for i in range(lines - 1))
    return f"{indent}def {name}():\n{body}"


def test_a_long_function_is_found_with_its_name_and_length() -> None:
    source = "class Outer:\n" + _function("method", 61, "    ")
    source += _function("short", 60) + _function("long", 61)
    source += "def outer():\n" + _function("inner", 61, "    ")
    assert long_functions(source) == [("Outer.method", 61), ("long", 61), ("outer", 62), ("outer.inner", 61)]
    assert long_functions(_function("at_the_limit", 60)) == []


def test_no_module_in_macros_over_450_lines() -> None:
    too_long = [
        f"{p.relative_to(ROOT).as_posix()}: {n} lines"
        for p in _modules()
        if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_MODULE_LINES
    ]
    assert not too_long, f"modules over {MAX_MODULE_LINES} lines (split them by job): " + "; ".join(too_long)


def test_no_function_over_60_lines() -> None:
    too_long = [
        f"{p.relative_to(ROOT).as_posix()}: {name} is {n} lines"
        for p in _function_files()
        for name, n in long_functions(p.read_text(encoding="utf-8"))
    ]
    assert not too_long, f"functions over {MAX_FUNCTION_LINES} lines (split them): " + "; ".join(too_long)

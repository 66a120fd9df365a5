"""Pages whose only template code is calls of our macros are expanded without Jinja (macros/fastpath.py);
the site must come out byte for byte as Jinja renders it, and anything else must still go to Jinja."""

from __future__ import annotations

import filecmp
from pathlib import Path

import pytest

from conftest import ROOT, BuildResult, run_build
from macros import fastpath

MACROS = {"claim": lambda cid: f"<{cid}>", "cite": lambda sid, locator=None: f"[{sid}|{locator}]"}


def test_plain_calls_are_expanded_in_place() -> None:
    pieces = fastpath.plan('A {{ claim("x") }} b {{cite( "s", locator="p. 3" )}}.\n', MACROS)
    assert pieces is not None
    assert fastpath.expand(pieces) == "A <x> b [s|p. 3].\n"
    assert fastpath.plan("No template code at all.", MACROS) == ["No template code at all."]


@pytest.mark.parametrize("markdown", [
    '{{ claim(name) }}',                       # a variable, not a literal
    '{{ claim("x") | upper }}',                # a filter
    '{{ unknown("x") }}',                      # not one of the macros
    '{% if x %}{{ claim("x") }}{% endif %}',   # a statement
    '{# a comment #} {{ claim("x") }}',
    '{{ page.title }}',
    '{{ claim("x" }}',                         # broken: Jinja reports it with its line
    '{{ claim(*ids) }}',
])
def test_anything_else_is_left_to_jinja(markdown: str) -> None:
    assert fastpath.plan(markdown, MACROS) is None


def test_the_site_is_the_same_with_and_without_the_fast_path(reading_site: BuildResult, tmp_path: Path) -> None:
    config = reading_site.project / "mkdocs.yml"
    original = config.read_text(encoding="utf-8")
    assert "\n  store:\n" in original
    try:
        config.write_text(original.replace("\n  store:\n", "\n  store:\n    fast_macros: false\n", 1), encoding="utf-8")
        slow = run_build(reading_site.project, tmp_path / "site")
    finally:
        config.write_text(original, encoding="utf-8")
    assert slow.returncode == 0, slow.output
    pages = sorted(p.relative_to(slow.site) for p in slow.site.rglob("*.html"))
    assert len(pages) > 10
    _, mismatch, errors = filecmp.cmpfiles(reading_site.site, slow.site, [str(p) for p in pages], shallow=False)
    assert mismatch == [] and errors == []


def test_an_error_in_a_plain_call_is_still_reported_with_its_line(project: Path, tmp_path: Path) -> None:
    page = project / "docs" / "topics" / "serum-vs-tissue.md"
    lines = page.read_text(encoding="utf-8").splitlines()
    lines.insert(12, 'Text {{ claim("no-such-claim-here") }}.')
    page.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = run_build(project, tmp_path / "site")
    assert result.returncode != 0 and "Traceback" not in result.output
    assert "docs/topics/serum-vs-tissue.md:13" in result.output and "no-such-claim-here" in result.output

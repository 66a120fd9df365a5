"""The final HTML: a Content-Security-Policy on every page, no inline scripts, and zero errors from the
Nu HTML Checker (vnu) over the whole built site."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import ROOT, BuildResult
from htmlutil import collect
from macros import hardening

VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
BUNDLE = '<script src="../assets/javascripts/bundle.abc.min.js"></script>'


def all_pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


# --- the transformation, on small inputs ---------------------------------------------------------

def test_inline_scripts_move_to_files_and_data_blocks_stay() -> None:
    html = ('<head><meta charset="utf-8"><script>var a=1</script></head><body>'
            '<script type="application/json" data-explainer-data="x">{"a":1}</script>'
            '<script id="__config" type="application/json">{}</script>'
            f'<script>var b="</p>"</script>{BUNDLE}</body>')
    out = hardening.harden(html)
    assert "var a=1" not in out and 'var b="</p>"' not in out
    assert '{"a":1}</script>' in out and '<script id="__config" type="application/json">{}</script>' in out
    moved = re.findall(r'<script src="\.\./(assets/javascripts/inline/[0-9a-f]{16}\.js)"></script>', out)
    assert len(moved) == 2
    assert {hardening.SCRIPTS[Path(m).name] for m in moved} == {"var a=1", 'var b="</p>"'}
    assert out.index("Content-Security-Policy") < out.index("inline/")


def test_the_same_script_gets_the_same_file() -> None:
    first = hardening.externalize_scripts(f"<script>x()</script>{BUNDLE}")
    assert first == hardening.externalize_scripts(f"<script>x()</script>{BUNDLE}")


def test_material_validity_errors_are_removed() -> None:
    html = ('<input class="md-toggle" type="checkbox" id="__drawer" autocomplete="off">'
            '<input type="text" autocomplete="off"><label for="a" tabindex="">x</label>')
    out = hardening.fix_validity(html)
    assert '<input class="md-toggle" type="checkbox" id="__drawer">' in out
    assert '<input type="text" autocomplete="off">' in out and '<label for="a">' in out


def test_policy_allows_only_the_sites_own_origin() -> None:
    directives = dict(d.strip().split(" ", 1) for d in hardening.CSP.split(";"))
    assert directives["default-src"] == "'self'" and directives["script-src"] == "'self'"
    assert directives["object-src"] == "'none'"
    for value in directives.values():
        assert "unsafe" not in value and "http" not in value and "*" not in value, value


# --- the built site ------------------------------------------------------------------------------

@pytest.mark.slow
def test_every_page_has_the_policy_and_no_inline_script(real_site: BuildResult) -> None:
    pages = all_pages(real_site.site)
    assert len(pages) >= 10
    for page in pages:
        html = page.read_text(encoding="utf-8")
        metas = re.findall(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)">', html)
        assert metas == [hardening.CSP], page
        head = html[: html.index("</head>")]
        assert head.index("Content-Security-Policy") < head.find("<script") or "<script" not in head, page
        for attrs in collect(html).scripts:
            if "src" in attrs:
                src = attrs["src"]
                target = (real_site.site / src.lstrip("/")) if src.startswith("/") else (page.parent / src)
                assert target.resolve().is_file(), f"{page}: {src} is not in the site"
            else:
                assert attrs.get("type") in hardening.DATA_TYPES, f"{page}: an inline script {attrs}"


@pytest.mark.slow
def test_nu_html_checker_reports_no_errors(real_site: BuildResult) -> None:
    if not VNU.exists() or shutil.which("java") is None:
        if os.environ.get("CI"):
            pytest.fail("vnu.jar or Java is missing; `make test` installs vnu-jar with npm ci")
        pytest.skip("vnu.jar is not installed (make node_modules) or Java is missing")
    pages = [str(p) for p in all_pages(real_site.site)]
    proc = subprocess.run(["java", "-Xss4m", "-jar", str(VNU), "--errors-only", "--format", "gnu", *pages],
                          capture_output=True, text=True, timeout=600)
    errors = [line.replace(str(real_site.site), "site") for line in proc.stderr.splitlines()
              if ": error" in line or ":error:" in line or "error:" in line]
    assert proc.returncode == 0 and not errors, "\n".join(errors) or proc.stderr


@pytest.mark.slow
def test_nu_html_checker_can_fail(tmp_path: Path) -> None:
    """The checker run above would see an error: a Material page before our hook has two."""
    if not VNU.exists() or shutil.which("java") is None:
        pytest.skip("vnu.jar or Java is missing")
    bad = tmp_path / "bad.html"
    bad.write_text('<!doctype html><html lang="en"><head><meta charset="utf-8"><title>t</title></head><body>'
                   '<input type="checkbox" id="x" autocomplete="off"><label for="x" tabindex="">x</label>'
                   '</body></html>', encoding="utf-8")
    proc = subprocess.run(["java", "-jar", str(VNU), "--errors-only", "--format", "gnu", str(bad)],
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode != 0 and proc.stderr.count("error") >= 2, proc.stderr
    good = tmp_path / "good.html"
    good.write_text(hardening.fix_validity(bad.read_text(encoding="utf-8")), encoding="utf-8")
    proc = subprocess.run(["java", "-jar", str(VNU), "--errors-only", str(good)],
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr

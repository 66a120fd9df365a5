"""The final HTML: a Content-Security-Policy on every page that allows each of the page's inline scripts
by its hash and nothing else, and zero errors from the Nu HTML Checker (vnu) over the whole built site."""

from __future__ import annotations

import base64
import hashlib
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
POLICY = re.compile(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)">')
SCRIPT = re.compile(r"<script([^>]*)>(.*?)</script>", re.DOTALL)


def all_pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def directives(policy: str) -> dict[str, list[str]]:
    return {d.split()[0]: d.split()[1:] for d in policy.split(";") if d.strip()}


def sha256(code: str) -> str:
    """Computed here independently of hardening.script_hash: base64 of the SHA-256 of the UTF-8 text."""
    return "'sha256-" + base64.b64encode(hashlib.sha256(code.encode("utf-8")).digest()).decode() + "'"


# --- the transformation, on small inputs ---------------------------------------------------------


def test_inline_scripts_stay_and_the_policy_names_each_by_hash() -> None:
    html = (
        '<head><meta charset="utf-8"><script>var a=1</script></head><body>'
        '<script type="application/json" data-explainer-data="x">{"a":1}</script>'
        '<script id="__config" type="application/json">{}</script><script src="x.js"></script>'
        '<script>var b="</p>"</script><script>var a=1</script></body>'
    )
    out = hardening.harden(html)
    assert out.replace("\n    " + POLICY.search(out).group(0), "") == html  # the page is otherwise unchanged
    policy = directives(POLICY.search(out).group(1))
    assert policy["script-src"] == ["'self'", sha256("var a=1"), sha256('var b="</p>"')]  # once each
    assert out.index("Content-Security-Policy") < out.index("<script")


def test_a_page_without_inline_scripts_gets_the_base_policy() -> None:
    out = hardening.harden('<head><meta charset="utf-8"><script src="a.js"></script></head>')
    assert POLICY.search(out).group(1) == hardening.CSP


def test_hash_of_non_ascii_and_carriage_returns() -> None:
    assert hardening.script_hash("x='é'") == sha256("x='é'")
    assert hardening.script_hash("a()\r\nb()") == sha256("a()\nb()")  # the HTML parser turns CR LF into LF


def test_allow_script_adds_one_hash_to_the_pages_policy() -> None:
    page = hardening.harden('<head><meta charset="utf-8"><script>a()</script></head><body></body>')
    out = hardening.allow_script(page, "reload()")
    assert directives(POLICY.search(out).group(1))["script-src"] == [
        "'self'",
        sha256("a()"),
        sha256("reload()"),
    ]
    assert hardening.allow_script("<p>no policy</p>", "x") == "<p>no policy</p>"


def test_material_validity_errors_are_removed() -> None:
    html = (
        '<input class="md-toggle" type="checkbox" id="__drawer" autocomplete="off">'
        '<input type="text" autocomplete="off"><label for="a" tabindex="">x</label>'
    )
    out = hardening.fix_validity(html)
    assert '<input class="md-toggle" type="checkbox" id="__drawer">' in out
    assert '<input type="text" autocomplete="off">' in out and '<label for="a">' in out


def test_policy_allows_only_the_sites_own_origin() -> None:
    policy = {k: " ".join(v) for k, v in directives(hardening.CSP).items()}
    assert policy["default-src"] == "'self'" and policy["script-src"] == "'self'"
    assert policy["object-src"] == "'none'"
    for value in policy.values():
        assert "unsafe" not in value and "http" not in value and "*" not in value, value


# --- the built site ------------------------------------------------------------------------------


@pytest.mark.slow
def test_every_inline_script_on_every_page_is_allowed_by_its_hash(real_site: BuildResult) -> None:
    pages = all_pages(real_site.site)
    assert len(pages) >= 10
    hashed = 0
    for page in pages:
        html = page.read_text(encoding="utf-8")
        metas = POLICY.findall(html)
        assert len(metas) == 1, page
        policy = directives(metas[0])
        assert {k: v for k, v in policy.items() if k != "script-src"} == {
            k: v for k, v in directives(hardening.CSP).items() if k != "script-src"
        }, page
        allowed = set(policy["script-src"]) - {"'self'"}
        head = html[: html.index("</head>")]
        assert "<script" not in head or head.index("Content-Security-Policy") < head.index("<script"), page
        inline = set()
        for attrs, code in SCRIPT.findall(html):
            if "src=" in attrs:
                src = collect(f"<script{attrs}></script>").scripts[0]["src"]
                target = (real_site.site / src.lstrip("/")) if src.startswith("/") else (page.parent / src)
                assert target.resolve().is_file(), f"{page}: {src} is not in the site"
            elif 'type="application/json"' not in attrs and 'type="application/ld+json"' not in attrs:
                assert sha256(code) in allowed, f"{page}: an inline script not in the policy: {code[:80]!r}"
                inline.add(sha256(code))
        assert allowed == inline, f"{page}: the policy allows scripts the page does not have"
        hashed += len(inline)
    assert hashed >= len(pages), "Material's inline scripts are no longer on the pages"
    assert not (real_site.site / "assets" / "javascripts" / "inline").exists()


@pytest.mark.slow
def test_nu_html_checker_reports_no_errors(real_site: BuildResult) -> None:
    if not VNU.exists() or shutil.which("java") is None:
        if os.environ.get("CI"):
            pytest.fail("vnu.jar or Java is missing; `make test` installs vnu-jar with npm ci")
        pytest.skip("vnu.jar is not installed (make node_modules) or Java is missing")
    pages = [str(p) for p in all_pages(real_site.site)]
    proc = subprocess.run(
        ["java", "-Xss4m", "-jar", str(VNU), "--errors-only", "--format", "gnu", *pages],
        check=False,
        capture_output=True,
        text=True,
        timeout=600,
    )
    errors = [
        line.replace(str(real_site.site), "site")
        for line in proc.stderr.splitlines()
        if ": error" in line or ":error:" in line or "error:" in line
    ]
    assert proc.returncode == 0 and not errors, "\n".join(errors) or proc.stderr


@pytest.mark.slow
def test_nu_html_checker_can_fail(tmp_path: Path) -> None:
    """The checker run above would see an error: a Material page before our hook has two."""
    if not VNU.exists() or shutil.which("java") is None:
        pytest.skip("vnu.jar or Java is missing")
    bad = tmp_path / "bad.html"
    bad.write_text(
        '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>t</title></head><body>'
        '<input type="checkbox" id="x" autocomplete="off"><label for="x" tabindex="">x</label>'
        "</body></html>",
        encoding="utf-8",
    )
    proc = subprocess.run(
        ["java", "-jar", str(VNU), "--errors-only", "--format", "gnu", str(bad)],
        check=False,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode != 0 and proc.stderr.count("error") >= 2, proc.stderr
    good = tmp_path / "good.html"
    good.write_text(hardening.fix_validity(bad.read_text(encoding="utf-8")), encoding="utf-8")
    proc = subprocess.run(
        ["java", "-jar", str(VNU), "--errors-only", str(good)],
        check=False,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr


def test_our_scripts_are_published_without_comments_and_still_parse(real_site: BuildResult) -> None:
    """The published copies of docs/assets/*.js lose their comments and indentation (hardening.minify_assets,
    a plain text pass): safe only while no string or regular expression of ours holds "/*", a line starting
    "//" or a line break, which this checks in the sources; node then parses each published copy."""
    for source in sorted((ROOT / "docs" / "assets").glob("*.js")):
        text = source.read_text(encoding="utf-8")
        code = hardening._LINE_COMMENT.sub("", hardening._COMMENT.sub(" ", text))
        assert "/*" not in code and "*/" not in code, source.name
        assert "`" not in code and not re.search(r"\\\n", code), source.name  # no string spans lines
        published = (real_site.site / "assets" / source.name).read_text(encoding="utf-8")
        assert "/*" not in published and len(published) < len(text), source.name
    node = shutil.which("node")
    if node is None:
        if os.environ.get("CI"):
            pytest.fail("node is missing; .ci/run installs npm, which brings it")
        pytest.skip("node is not installed")
    for published in sorted((real_site.site / "assets").glob("*.js")):
        result = subprocess.run(
            [node, "--check", str(published)], capture_output=True, text=True, check=False
        )
        assert result.returncode == 0, f"{published.name}: {result.stderr}"

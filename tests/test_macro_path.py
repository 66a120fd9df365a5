"""The one macro path (mkdocs-macros, with the stash of macros/stash.py), one small real site per scenario:
a macro in a heading, filters and tests on a macro's output, `render_macros: false` and the plugin's other
switches, and links from macros checked against MkDocs' file map (a missing page fails the build)."""

from __future__ import annotations

import html
import json
import re
import shutil
from pathlib import Path

import pytest
import yaml

from conftest import ROOT, BuildResult, run_build
from reading_fixture import CLAIMS, SOURCES, TOPIC

pytestmark = pytest.mark.slow

STATEMENT = "Serum IGF-1 was measured in a test cohort."
TOKENS = "\ue000\ue001\ue002\ue003"
BASE_PAGES = {
    "index.md": "# Home\n\nA small site.\n",
    "topics/zz-fixture.md": '# Fixture topic\n\n{{ claim("zz-claim-one") }}\n\n{{ claim_card("zz-claim-two") }}\n',
    "evidence/claims.md": "# All claims\n\n{{ claims_register() }}\n",
    "evidence/sources.md": "# Sources\n\n{{ sources_register() }}\n",
    "method.md": "# Method\n\n## Grades { #grades }\n\nHow grades are computed.\n",
}


def small_site(
    base: Path, pages: dict[str, str], macros: dict | None = None, drop: tuple[str, ...] = ()
) -> BuildResult:
    """A site of the project's code and a store of two claims (tests/reading_fixture.py), with these pages
    added to a few standard ones (minus `drop`) and these settings of the macros plugin; built strict."""
    project = base / "project"
    shutil.copytree(ROOT / "macros", project / "macros", ignore=shutil.ignore_patterns("__pycache__"))
    data = project / "data"
    (data / "claims").mkdir(parents=True)
    (data / "sources").mkdir()
    (data / "csl").mkdir()
    shutil.copy2(ROOT / "data" / "csl" / "vancouver-nlm.csl", data / "csl")
    (data / "topics.yaml").write_text(TOPIC.lstrip("\n"), encoding="utf-8")
    (data / "claims" / "zz-fixture.yaml").write_text(CLAIMS, encoding="utf-8")
    (data / "sources" / "zz-fixture.yaml").write_text(SOURCES, encoding="utf-8")
    (data / "glossary.yaml").write_text(
        "- {term: GH, expansion: growth hormone, definition: A hormone.}\n", encoding="utf-8"
    )
    shutil.copy2(ROOT / "data" / "explainers.yaml", data)  # its claims are not in this store: left out
    for name, text in {**BASE_PAGES, **pages}.items():
        if name not in drop:
            (project / "docs" / name).parent.mkdir(parents=True, exist_ok=True)
            (project / "docs" / name).write_text(text, encoding="utf-8")
    config = {
        "site_name": "Small",
        "strict": True,
        "docs_dir": "docs",
        "theme": {"name": "material", "font": False},
        "plugins": [
            "search",
            {
                "macros": {
                    "module_name": "macros",
                    "on_error_fail": True,
                    "on_undefined": "strict",
                    **(macros or {}),
                }
            },
        ],
        "hooks": ["macros/hooks.py"],
        "extra": {"citations": {"style": "data/csl/vancouver-nlm.csl"}},
        "markdown_extensions": ["attr_list", "md_in_html", {"toc": {"permalink": True}}],
        "validation": {"links": {"not_found": "warn", "anchors": "warn"}, "nav": {"omitted_files": "info"}},
    }
    (project / "mkdocs.yml").write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    return run_build(project, base / "site")


def built(result: BuildResult) -> BuildResult:
    assert result.returncode == 0, result.output
    return result


def test_a_macro_in_a_heading_reaches_the_heading_toc_title_nav_and_search(tmp_path: Path) -> None:
    page = (
        '# About {{ claim("zz-claim-one") }}\n\nText.\n\n## Why {{ claim("zz-claim-one") }}\n\nMore.\n\n'
        'Setext {{ claim("zz-claim-two") }}\n-----------\n\nEnd.\n'
    )
    titled = "---\ntitle: \"Titled {{ claim('zz-claim-two') }}\"\n---\n\nText.\n"
    site = built(small_site(tmp_path, {"heading.md": page, "titled.md": titled}))
    out = site.page("heading/")
    assert not any(ch in out for ch in TOKENS)
    h2 = re.search(r"<h2 id=\"([^\"]+)\">(.*?)</h2>", out, re.DOTALL)
    assert (
        h2 and "igf-claim" in h2.group(2) and STATEMENT in html.unescape(re.sub(r"<[^>]+>", "", h2.group(2)))
    )
    assert h2.group(1).startswith("why-serum-igf-1-was-measured")  # the id is made from the real text
    toc = [
        " ".join(html.unescape(re.sub(r"<[^>]+>", "", text)).split())
        for text in re.findall(
            r'<a href="#(?:why|setext)-[^"]*" class="md-nav__link">(.*?)</a>', out, re.DOTALL
        )
    ]
    assert any(STATEMENT in t for t in toc) and any("IGF-1 grows hair" in t for t in toc), toc
    title = re.search(r"<title>(.*?)</title>", out, re.DOTALL).group(1)
    assert title.startswith("About Serum IGF-1 was measured"), title
    index = json.loads((site.site / "search" / "search_index.json").read_text(encoding="utf-8"))
    entries = [d for d in index["docs"] if d["location"].startswith("heading/")]
    assert entries and not any(ch in json.dumps(entries, ensure_ascii=False) for ch in TOKENS)
    assert any(STATEMENT in d["title"] for d in entries)
    assert "About Serum IGF-1 was measured" in html.unescape(site.page(""))  # the navigation
    # mkdocs-macros renders a front-matter title into the page's title (the navigation shows it; Material's
    # <title> reads the front matter itself, unrendered, as it would without the stash)
    home = site.page("")
    assert "Titled IGF-1 grows hair in a test study." in html.unescape(home) and not any(
        ch in home for ch in TOKENS
    )


def test_filters_and_tests_see_the_real_html(tmp_path: Path) -> None:
    page = (
        '# Filters\n\nThe claim: {{ claim("zz-claim-one") }}\n\nLength: {{ claim("zz-claim-one") | length }}.\n\n'
        'Text: {{ claim("zz-claim-one") | striptags }}\n\nUpper: {{ claim("zz-claim-one") | striptags | upper }}\n\n'
        'In: {% if "Serum IGF-1" in claim("zz-claim-one") %}found{% else %}missing{% endif %}\n\n'
        'Test: {{ claim("zz-claim-one") is string }}\n'
    )
    site = built(small_site(tmp_path, {"filters.md": page}))
    text = html.unescape(re.sub(r"<[^>]+>", "", site.page("filters/")))
    length = int(re.search(r"Length: (\d+)\.", text).group(1))
    assert length > len(STATEMENT) + 50  # the claim's HTML, not a three-character token
    assert f"Text: {STATEMENT}" in text and f"Upper: {STATEMENT.upper()}" in text
    assert "In: found" in text and "Test: True" in text
    assert not any(ch in site.page("filters/") for ch in TOKENS)


def test_output_captured_by_a_filter_block_or_a_set_block_is_the_real_html(tmp_path: Path) -> None:
    page = (
        '# Blocks\n\n{{ claim("zz-claim-one") }} {{ claim("zz-claim-two") }}\n\n'
        '{% filter upper %}Shouted: {{ claim("zz-claim-one") }}{% endfilter %}\n\n'
        '{% set kept %}{{ claim("zz-claim-two") }}{% endset %}Kept: {{ kept | length }}.\n\n'
        '{% macro both() %}{{ claim("zz-claim-two") }}{% endmacro %}Macro: {{ both() | striptags }}\n'
    )
    site = built(small_site(tmp_path, {"blocks.md": page}))
    out = site.page("blocks/")
    text = html.unescape(re.sub(r"<[^>]+>", "", out))
    assert f"SHOUTED: {STATEMENT.upper()}" in text
    assert int(re.search(r"Kept: (\d+)\.", text).group(1)) > 100
    assert "Macro: IGF-1 grows hair in a test study." in text and not any(ch in out for ch in TOKENS)


def test_render_macros_false_and_code_show_the_call_as_text(tmp_path: Path) -> None:
    documented = '---\nrender_macros: false\n---\n\n# Writing pages\n\nWrite `{{ claim("zz-claim-one") }}` on a page.\n'
    code = (
        '# Code\n\n{{ claim("zz-claim-one") }} {{ claim("zz-claim-two") }}\n\nInline `{{ claim("zz-claim-one") }}` code.\n\n```html\n# {{ claim("zz-claim-two") }}\n```\n\n'  # noqa: E501
        '[a link]({{ "https://example.com" }} "{{ claim("zz-claim-one") }}")\n'
    )
    site = built(small_site(tmp_path, {"writing.md": documented, "code.md": code}))
    out = site.page("writing/")
    assert '<code>{{ claim("zz-claim-one") }}</code>' in out and "igf-claim" not in out
    # each source's own page lists where the claims citing it appear
    sources = "".join(p.read_text(encoding="utf-8") for p in (site.site / "sources").rglob("index.html"))
    assert "code/#zz-claim-one" in sources  # pages showing a claim are listed under its sources...
    assert "writing/#zz-claim-one" not in sources  # ...and a call the build does not make is not a use
    code_page = site.page("code/")
    for block in re.findall(r"<code\b[^>]*>(.*?)</code>", code_page, re.DOTALL):
        assert '<span class="igf-claim' not in block  # shown as text, escaped
    assert "&lt;span class=" in code_page and not any(ch in code_page for ch in TOKENS)
    link = re.search(r'<a href="https://example.com" title="([^"]*)"', code_page)
    assert link and "<" not in link.group(1) and not any(ch in link.group(1) for ch in TOKENS)


def test_render_by_default_delimiters_and_include_dir(tmp_path: Path) -> None:
    settings = {
        "render_by_default": False,
        "j2_variable_start_string": "[[",
        "j2_variable_end_string": "]]",
        "include_dir": "includes",
    }
    pages = {
        "topics/zz-fixture.md": '---\nrender_macros: true\n---\n# Fixture topic\n\n[[ claim("zz-claim-one") ]]\n\n'
        'Literal: {{ claim("zz-claim-two") }}\n\n{% include "part.md" %}\n',
        "evidence/claims.md": "---\nrender_macros: true\n---\n# All claims\n\n[[ claims_register() ]]\n",
        "evidence/sources.md": "---\nrender_macros: true\n---\n# Sources\n\n[[ sources_register() ]]\n",
        "plain.md": '# Plain\n\nNot rendered: [[ claim("zz-claim-one") ]]\n',
    }
    (tmp_path / "project" / "includes").mkdir(parents=True)
    (tmp_path / "project" / "includes" / "part.md").write_text(
        'Included: [[ cite("zz-web-page") ]]\n', encoding="utf-8"
    )
    site = built(small_site(tmp_path, pages, settings))
    topic = html.unescape(site.page("topics/zz-fixture/"))
    assert STATEMENT in topic and 'Literal: {{ claim("zz-claim-two") }}' in topic
    assert re.search(r"Included: <sup[^>]*>", site.page("topics/zz-fixture/")), "the included call renders"
    plain = html.unescape(site.page("plain/"))
    assert 'Not rendered: [[ claim("zz-claim-one") ]]' in plain and "igf-claim" not in plain


def test_a_macro_linking_to_a_missing_page_fails_the_build(tmp_path: Path) -> None:
    result = small_site(tmp_path, {}, drop=("method.md",))  # every claim's badge links to the method
    assert result.returncode != 0 and "Traceback" not in result.output
    # the page whose macro wrote the link (the first to render of those that link there), its line, the target
    assert re.search(
        r"docs/[\w/.-]+\.md:\d+: unknown page id 'method\.md'",
        result.output,
    ), result.output
    assert "A macro links to docs/method.md, which is not a page of this site" in result.output


def test_a_macro_linking_to_a_missing_anchor_fails_the_strict_build(tmp_path: Path) -> None:
    result = small_site(tmp_path, {"method.md": "# Method\n\nNo grades heading here.\n"})
    assert result.returncode != 0
    assert "'method.md#grades'" in result.output and "does not contain an anchor '#grades'" in result.output
    assert "topics/zz-fixture.md" in result.output


def test_an_error_in_a_call_is_reported_with_its_page_and_line(tmp_path: Path) -> None:
    result = small_site(tmp_path, {"bad.md": '# Bad\n\nText.\n\nText {{ claim("no-such-claim-here") }}.\n'})
    assert result.returncode != 0 and "Traceback" not in result.output
    assert "docs/bad.md:5" in result.output and "no-such-claim-here" in result.output

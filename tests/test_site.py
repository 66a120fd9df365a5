"""The real site, built once: content checked against the store."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

from conftest import ROOT, BuildResult, run_build
from htmlutil import collect
from macros.store import load_store
from macros.usage import scan

pytestmark = pytest.mark.slow


@pytest.fixture(scope="session")
def store():
    return load_store(ROOT)  # the seed articles are archived in data/seeds


def html_pages(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("*.html") if p.name != "404.html")


def test_build_is_strict_and_clean(real_site: BuildResult) -> None:
    assert "WARNING" not in real_site.output, real_site.output
    assert "Traceback" not in real_site.output


def test_no_macro_token_is_left_in_any_output(real_site: BuildResult) -> None:
    """Macro output travels through Markdown as private-use tokens (macros/stash.py); all must be put back."""
    files = [p for p in real_site.site.rglob("*") if p.suffix in (".html", ".json", ".xml")]
    assert len(files) > 15
    leaked = [
        str(p.relative_to(real_site.site))
        for p in files
        if any(ch in p.read_text(encoding="utf-8") for ch in "\ue000\ue001\ue002\ue003")
    ]
    assert leaked == []
    # and the cards really were put back where their calls stood
    page = real_site.page("topics/serum-vs-tissue-popular-claims/")
    assert page.count('class="igf-card ') >= 5 and "<p><div" not in page


def test_every_claim_is_on_the_claims_page(real_site: BuildResult, store) -> None:
    ids = set(collect(real_site.page("evidence/claims/")).ids)
    missing = sorted(set(store.claims) - ids)
    assert not missing, f"claims without an anchor on the claims page: {missing}"


def test_every_source_is_on_the_sources_page(real_site: BuildResult, store) -> None:
    ids = set(collect(real_site.page("evidence/sources/")).ids)
    assert not sorted(set(store.sources) - ids)


def test_citation_markers_link_to_the_pages_reference_list(real_site: BuildResult) -> None:
    checked = 0
    for page in html_pages(real_site.site):
        doc = collect(page.read_text(encoding="utf-8"))
        refs = {i for i in doc.ids if i.startswith("ref-")}
        for href, attrs in doc.links:
            if "igf-cite-ref" in attrs.get("class", "") or "igf-ev-source" in attrs.get("class", ""):
                checked += 1
                assert href.startswith("#ref-") and href[1:] in refs, f"{page}: {href} has no entry"
    assert checked > 0, "no citation markers found anywhere"


def test_every_page_says_not_medical_advice(real_site: BuildResult) -> None:
    for page in html_pages(real_site.site):
        assert "Not medical advice." in page.read_text(encoding="utf-8"), page


def test_the_footer_states_no_review_date(real_site: BuildResult) -> None:
    # A date typed into mkdocs.yml goes stale as claims are reviewed (it said 2026-11-21 beside claims
    # reviewed in December); each page's own "Last reviewed" comes from the store.
    footer = re.compile(r'<div class="md-copyright__highlight">(.*?)</div>', re.S)
    footers = [
        (p, m[1]) for p in html_pages(real_site.site) if (m := footer.search(p.read_text(encoding="utf-8")))
    ]
    assert len(footers) > 10, "Material's footer not found: has its markup changed?"
    for page, text in footers:
        assert not re.search(r"\d{4}-\d{2}-\d{2}", text), f"{page}: the footer gives a date: {text.strip()}"


def test_no_claim_is_orphaned(store) -> None:
    usage = scan(ROOT / "docs")
    # a topic's pages: its topic page and the companion pages beside it (topics/<topic>-popular-claims.md)
    topic_pages = {t.page for t in store.topics.values()}
    topic_pages |= {p for p in usage.claims if any(p.startswith(t[:-3] + "-") for t in topic_pages)}
    assert len(topic_pages) > len(store.topics)
    orphans = [
        c.id
        for c in store.claims.values()
        if not c.register_only and not set(usage.pages_using_claim(c)) & topic_pages
    ]
    assert not orphans, f"claims on no topic page and without register_only: {orphans}"


def test_every_topic_page_has_claims(store) -> None:
    usage = scan(ROOT / "docs")
    for topic in store.topics.values():
        used = usage.claims.get(topic.page, set())
        assert len(used) >= 5, f"{topic.page} uses {len(used)} claims"


def test_unknown_claim_fails_the_build_with_page_and_id(project: Path, tmp_path: Path) -> None:
    page = project / "docs" / "topics" / "hair-loss.md"
    page.write_text(
        page.read_text(encoding="utf-8") + '\n\nText {{ claim("no-such-claim") }}.\n', encoding="utf-8"
    )
    result = run_build(project, tmp_path / "site")
    assert result.returncode != 0
    line = len(page.read_text(encoding="utf-8").splitlines())
    assert f"docs/topics/hair-loss.md:{line}" in result.output and "no-such-claim" in result.output
    assert "Traceback" not in result.output


def test_duplicate_source_fails_the_build_naming_both_places(project: Path, tmp_path: Path) -> None:
    (project / "data" / "sources" / "zz-duplicate.yaml").write_text(
        "- id: seed-hair-blog\n  type: webpage\n  title: Again\n  kind: news\n"
        "  verification: {status: unverified, note: duplicate on purpose}\n",
        encoding="utf-8",
    )
    result = run_build(project, tmp_path / "site")
    assert result.returncode != 0
    assert "data/sources/zz-duplicate.yaml:1" in result.output
    assert "data/sources/seeds.yaml:2" in result.output and "seed-hair-blog" in result.output
    assert "Traceback" not in result.output


def test_store_text_is_escaped_in_the_built_page(project: Path, tmp_path: Path) -> None:
    claims = next((project / "data" / "claims").glob("*.yaml"))
    text = claims.read_text(encoding="utf-8")
    first_statement = re.search(r"^  statement: (.+)$", text, re.M)
    if first_statement is None:
        pytest.skip("no claims in the store yet")
    text = text.replace(
        first_statement.group(0),
        '  statement: "Evil <script>alert(1)</script> <img src=x onerror=alert(2)>"',
        1,
    )
    claims.write_text(text, encoding="utf-8")
    result = run_build(project, tmp_path / "site")
    assert result.returncode == 0, result.output
    html = result.page("evidence/claims/")
    assert "<script>alert(1)" not in html and "<img src=x" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_schemas_are_current() -> None:
    from macros.schema import schemas

    for name, text in schemas().items():
        path = ROOT / "data" / "schema" / name
        assert path.exists() and path.read_text(encoding="utf-8") == text, f"{name} is stale: run make schema"


def test_data_files_point_editors_at_their_schema() -> None:
    data = ROOT / "data"
    for path in sorted(data.rglob("*.yaml")):
        kind = path.parent.name if path.parent != data else path.stem
        kind = {"claims": "claims", "sources": "sources"}.get(kind, kind)
        expected = Path("../schema" if path.parent != data else "schema") / f"{kind}.schema.json"
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first == f"# yaml-language-server: $schema={expected.as_posix()}", path
        assert (path.parent / expected).resolve().exists(), path


def test_workflows_match_githubs_schema() -> None:
    import subprocess

    files = sorted(str(p) for p in (ROOT / ".github" / "workflows").glob("*.yml"))
    assert len(files) >= 2
    proc = subprocess.run(  # noqa: PLW1510
        [sys.executable, "-m", "check_jsonschema", "--builtin-schema", "vendor.github-workflows", *files],
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_a_misspelt_macro_names_every_macro_of_the_project(project: Path, tmp_path: Path) -> None:
    page = project / "docs" / "topics" / "hair-loss.md"
    page.write_text(
        page.read_text(encoding="utf-8") + '\n\nText {{ igf_1(5, "nmol/L") }}.\n', encoding="utf-8"
    )
    result = run_build(project, tmp_path / "site")
    assert result.returncode != 0 and "docs/topics/hair-loss.md" in result.output
    listed = re.search(r"\(macros: ([^)]*)\)", result.output)
    assert listed, result.output
    names = listed.group(1).split(", ")
    # every macro the project registers, the unit macro among them; none of mkdocs-macros' own
    assert {"claim", "claim_card", "cite", "igf1", "changes", "explainer", "summary_of_findings"} <= set(
        names
    )
    assert "now" not in names and "macros_info" not in names


def test_a_macro_called_with_wrong_arguments_says_how_to_call_it(project: Path, tmp_path: Path) -> None:
    page = project / "docs" / "topics" / "hair-loss.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n\nText {{ claim() }}.\n", encoding="utf-8")
    result = run_build(project, tmp_path / "site")
    assert result.returncode != 0 and "docs/topics/hair-loss.md" in result.output
    assert "wrong arguments: claim() missing 1 required positional argument" in result.output
    assert 'Call it as claim("claim-id"' in result.output and "<locals>" not in result.output
    assert "Traceback" not in result.output

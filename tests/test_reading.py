"""Reference-grade reading: CSL formatting, downloads, claim permalinks and aliases, cited-by, page
metadata (description, OpenGraph, JSON-LD, sitemap), Cite this page and the last-reviewed date."""

from __future__ import annotations

import html
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from pybtex.database import parse_string
from pydantic import ValidationError

from conftest import ROOT, BuildResult, run_build
from htmlutil import collect
from macros.csl import DEFAULT_STYLE, CSLFormatter, csl_json
from macros.exports import MORE_AUTHORS, render_all, unverified_note
from macros.forest import name_of
from macros.models import Author, Source
from macros.store import load_store
from reading_fixture import ALIASES, CLAIM_IDS, LAST_REVIEWED, SOURCES

STYLE = ROOT / DEFAULT_STYLE
pytestmark = pytest.mark.slow  # most tests here read a site built from the project plus a fixture topic


def text_of(markup: str) -> str:
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", "", str(markup)))).strip()


@pytest.fixture(scope="module")
def fixture_sources() -> dict[str, Source]:
    import yaml

    return {r["id"]: Source.model_validate(r) for r in yaml.safe_load(SOURCES)}


@pytest.fixture(scope="module")
def formatter() -> CSLFormatter:
    return CSLFormatter(STYLE)


# --- CSL formatting ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("source_id", "expected"),
    [
        (
            "zz-smith-2001",
            "Smith J, Jones KL. Serum IGF-1 in a test cohort. J Test Endocrinol. 2001;12(3):101–9. "
            "doi:10.1000/test.2001.12. PMID: 11111111.",
        ),
        (
            "zz-many-2010",
            "Alpha A, Beta B, Gamma C, Delta D, Epsilon E, Zeta F, et al. Does IGF-1 grow hair? A & B "
            "<test>. Hair Res. 2010 (unverified);5:77 (unverified). PMID: 22222222.",
        ),
        # authors after those listed not seen: "et al." says so, rather than a single author
        (
            "zz-first-only-1999",
            "Brown T, et al. A trial whose co-authors were not seen. Test Endocr. 1999;8:1–9.",
        ),
        ("zz-jones-2016-book", "Jones A. Clinical endocrinology. Test Press; 2016."),
        (
            "zz-web-page",
            "What is IGF-1? (unverified) [Internet]. Test Clinic. Available from: "
            "https://clinic.example.com/igf1",
        ),
    ],
)
def test_vancouver_entries(
    formatter: CSLFormatter, fixture_sources: dict, source_id: str, expected: str
) -> None:
    assert text_of(formatter.entry(fixture_sources[source_id])) == expected


def test_pages_without_a_volume_follow_the_year(formatter: CSLFormatter, fixture_sources: dict) -> None:
    """A paper seen with its pages but not its volume: "1999:1–9.", not "1999;:1–9." (an empty volume's
    delimiter); with neither a year nor a volume nothing is left dangling either."""
    src = fixture_sources["zz-first-only-1999"]
    no_volume = src.model_copy(update={"id": "zz-no-volume", "volume": None, "more_authors": False})
    assert text_of(formatter.entry(no_volume)).endswith("Test Endocr. 1999:1–9.")
    no_year = src.model_copy(update={"id": "zz-no-year", "issued": None, "more_authors": False})
    assert text_of(formatter.entry(no_year)).endswith("Test Endocr. 8:1–9.")


@pytest.mark.parametrize(
    ("given", "initials"),
    [
        ("Juan E", "JE"),
        ("E. A.", "EA"),
        ("EA", "EA"),
        ("Jean-Luc", "JL"),
        ("K Sreekumaran", "KS"),
        ("J", "J"),
    ],
)
def test_given_names_become_vancouver_initials(
    formatter: CSLFormatter, fixture_sources: dict, given: str, initials: str
) -> None:
    src = fixture_sources["zz-jones-2016-book"].model_copy(
        update={"author": [Author(family="Smith", given=given)]}
    )
    assert text_of(formatter.entry(src)).startswith(f"Smith {initials}. Clinical endocrinology.")


def test_unverified_fields_are_marked_where_the_style_puts_them(
    formatter: CSLFormatter, fixture_sources: dict
) -> None:
    out = str(formatter.entry(fixture_sources["zz-many-2010"]))
    marked = re.findall(r'<span class="igf-unverified"[^>]*>(.*?)<span class="igf-unverified-mark">', out)
    assert marked == ["2010", "77"]
    assert "igf-unverified" not in str(formatter.entry(fixture_sources["zz-smith-2001"]))


def test_unverified_authors_are_marked_as_one_run(formatter: CSLFormatter, fixture_sources: dict) -> None:
    src = fixture_sources["zz-many-2010"].model_copy(
        update={
            "verification": fixture_sources["zz-many-2010"].verification.model_copy(
                update={"unverified_fields": ["author"]}
            )
        }
    )
    out = str(formatter.entry(src))
    [names] = re.findall(r'<span class="igf-unverified"[^>]*>(.*?)<span class="igf-unverified-mark">', out)
    assert text_of(names) == "Alpha A, Beta B, Gamma C, Delta D, Epsilon E, Zeta F"


def test_a_record_with_authors_not_seen_says_et_al(formatter: CSLFormatter, fixture_sources: dict) -> None:
    """The first author alone, shown as if the paper had one: "et al." marks the authors not seen, after
    the marked run when the names themselves are unverified; and the record cannot be 'verified'."""
    src = fixture_sources["zz-first-only-1999"]
    marked = src.model_copy(
        update={"verification": src.verification.model_copy(update={"unverified_fields": ["author"]})}
    )
    out = str(formatter.entry(marked))
    [names] = re.findall(r'<span class="igf-unverified"[^>]*>(.*?)<span class="igf-unverified-mark">', out)
    assert text_of(names) == "Brown T" and text_of(out).startswith("Brown T (unverified), et al. A trial")
    assert name_of(src, et_al=True) == "Brown et al. 1999"
    data = src.model_dump(by_alias=True, exclude_none=True)
    with pytest.raises(ValidationError, match="more_authors says the author list is incomplete"):
        Source.model_validate({**data, "verification": {"status": "verified", "note": "n"}})
    with pytest.raises(ValidationError, match="more_authors"):
        Source.model_validate({**data, "author": []})


def test_store_text_is_escaped_and_inert(formatter: CSLFormatter, fixture_sources: dict) -> None:
    src = fixture_sources["zz-smith-2001"].model_copy(
        update={"title": "<script>alert(1)</script> *x* [y](z)"}
    )
    out = str(formatter.entry(src))
    assert "<script" not in out and "&lt;script&gt;" in out
    assert not re.search(r"[*\[\]]", re.sub(r"<[^>]+>", "", out))


def test_no_doubled_full_stop_after_a_question_mark(formatter: CSLFormatter, fixture_sources: dict) -> None:
    assert "?." not in text_of(formatter.entry(fixture_sources["zz-web-page"]))


def test_disk_cache_returns_the_same_entries(tmp_path: Path, fixture_sources: dict) -> None:
    first = CSLFormatter(STYLE, tmp_path)
    entries = {k: first.entry(s) for k, s in fixture_sources.items()}
    first.save()
    [cache] = tmp_path.glob("csl-*.json")
    second = CSLFormatter(STYLE, tmp_path)
    second._format = None  # type: ignore[assignment]  # a cache miss would call it and fail
    assert {k: second.entry(s) for k, s in fixture_sources.items()} == entries
    assert cache.exists()


def test_missing_style_fails_the_build_naming_the_setting(project: Path, tmp_path: Path) -> None:
    config = project / "mkdocs.yml"
    config.write_text(
        config.read_text(encoding="utf-8").replace(
            "style: data/csl/vancouver-nlm.csl", "style: data/csl/no-such-style.csl"
        ),
        encoding="utf-8",
    )
    result = run_build(project, tmp_path / "site")
    assert result.returncode != 0
    assert "extra.citations.style" in result.output and "no-such-style.csl" in result.output
    assert "Traceback" not in result.output


# --- the fixture site ----------------------------------------------------------------------------


def test_style_is_a_setting(reading_site: BuildResult, tmp_path: Path) -> None:
    import citeproc

    harvard = Path(citeproc.__file__).parent / "data" / "styles" / "harvard-cite-them-right.csl"
    config = reading_site.project / "mkdocs.yml"
    original = config.read_text(encoding="utf-8")
    try:
        config.write_text(
            original.replace("style: data/csl/vancouver-nlm.csl", f"style: {harvard}"), encoding="utf-8"
        )
        other = run_build(reading_site.project, tmp_path / "site")
    finally:
        config.write_text(original, encoding="utf-8")
    assert other.returncode == 0, other.output
    page = text_of(other.page("topics/zz-fixture/"))
    assert "Smith, J. and Jones, K.L. (2001)" in page
    assert "Smith J, Jones KL. Serum IGF-1" in text_of(reading_site.page("topics/zz-fixture/"))


def test_reference_list_is_formatted_by_the_style(reading_site: BuildResult) -> None:
    page = reading_site.page("topics/zz-fixture/")
    # each entry links to its source's own page
    entries = set(re.findall(r'<li id="ref-\d+">.*?href="../../sources/([\w-]+)/"', page))
    assert set(entries) == {"zz-smith-2001", "zz-many-2010", "zz-jones-2016-book", "zz-web-page"}
    assert "Smith J, Jones KL. Serum IGF-1 in a test cohort. J Test Endocrinol. 2001;12(3):101–9." in text_of(
        page
    )


# --- permalinks and aliases ----------------------------------------------------------------------


def _element_ids_inside(page: str, container_id: str) -> list[str]:
    """The ids of elements inside the element with container_id (a flat scan of the markup)."""
    start = page.index(f'id="{container_id}"')
    tag = page.rfind("<", 0, start)
    name = re.match(r"<(\w+)", page[tag:]).group(1)
    depth, pos = 0, tag
    for m in re.finditer(rf"<(/?){name}\b[^>]*>", page[tag:]):
        depth += -1 if m.group(1) else 1
        if depth == 0:
            pos = tag + m.end()
            break
    return re.findall(r'\bid="([^"]+)"', page[tag:pos])


def test_every_claim_rendering_has_an_anchor_and_a_copy_link(reading_site: BuildResult) -> None:
    for url in ("topics/zz-fixture/", "evidence/claims/"):
        assert set(CLAIM_IDS) <= set(collect(reading_site.page(url)).ids), url
    doc = collect(reading_site.page("topics/zz-fixture/"))
    for cid in CLAIM_IDS:  # igf-reading.js adds the copy-link button; it copies the badge's link
        badges = [
            a
            for tag, a in doc.elements
            if tag == "a" and "igf-cert" in a.get("class", "") and a.get("href") == f"../../claims/{cid}/"
        ]
        assert badges, f"no badge linking {cid} to its page"
    assert "data-copy-href" not in reading_site.page("topics/zz-fixture/")  # made by the script, not sent


def test_old_ids_land_on_the_renamed_claim(reading_site: BuildResult) -> None:
    for url in ("evidence/claims/", "topics/zz-fixture/"):
        page = reading_site.page(url)
        for alias, cid in ALIASES.items():
            assert alias in _element_ids_inside(page, cid), f"{url}: #{alias} is not inside #{cid}"
    # a Markdown link to an old id passed strict anchor validation and points at the register
    assert 'href="../../evidence/claims/#zz-old-claim-one"' in reading_site.page("topics/zz-fixture/")


def test_claim_by_old_id_renders_the_new_claim(reading_site: BuildResult) -> None:
    page = reading_site.page("topics/zz-fixture/")
    assert 'data-claim="zz-claim-two"' in page and 'data-claim="zz-old-claim-two"' not in page


# --- cited by ------------------------------------------------------------------------------------


def test_sources_page_lists_citing_claims_and_pages(reading_site: BuildResult) -> None:
    index = reading_site.page("evidence/sources/")  # the index links to the source's own page
    row = index[index.index('<tr id="zz-smith-2001"') :]
    assert row[: row.index("</tr>")].count('href="../../sources/zz-smith-2001/"') == 1
    page = reading_site.page("sources/zz-smith-2001/")
    block = page[page.index('id="source-title"') :]
    assert "Claims citing it (2)" in text_of(block)
    hrefs = re.findall(r'href="([^"]+)"', block)
    assert "../../claims/zz-claim-one/" in hrefs and "../../claims/zz-claim-two/" in hrefs
    assert "../../topics/zz-fixture/" in hrefs  # the page
    # each claim, where it stands on that page (one is placed there by its old id)
    assert (
        "../../topics/zz-fixture/#zz-claim-one" in hrefs and "../../topics/zz-fixture/#zz-claim-two" in hrefs
    )
    text = text_of(block)
    assert (
        "Serum IGF-1 was measured in a test cohort. on Fixture topic" in text and "supports · cohort" in text
    )
    assert "IGF-1 grows hair in a test study. on Fixture topic" in text and "null · meta-analysis" in text


# --- downloads -----------------------------------------------------------------------------------


def _downloads(site: BuildResult) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in (site.site / "downloads").iterdir()}


def test_downloads_are_linked(reading_site: BuildResult) -> None:
    sources = collect(reading_site.page("evidence/sources/"))
    claims = collect(reading_site.page("evidence/claims/"))
    links = {h for h, _ in sources.links} | {h for h, _ in claims.links}
    for name in ("sources.bib", "sources.ris", "sources.csl.json", "claims.json"):
        assert f"../../downloads/{name}" in links, name
        assert (reading_site.site / "downloads" / name).is_file()


def test_bibtex_parses_and_matches_the_store(reading_site: BuildResult) -> None:
    import codecs

    import latexcodec  # noqa: F401  # registers the 'ulatex' codec (a pybtex dependency)

    store = load_store(reading_site.project)
    bib = parse_string(_downloads(reading_site)["sources.bib"].decode("utf-8"), "bibtex")
    assert sorted(bib.entries) == sorted(store.sources)
    for key, entry in bib.entries.items():
        src = store.sources[key]
        title = codecs.decode(entry.fields["title"].strip("{}"), "ulatex")
        assert title == src.title, key
        families = [
            codecs.decode(" ".join(p.prelast_names + p.last_names).strip("{}"), "ulatex")
            for p in entry.persons.get("author", [])
        ]
        assert families == [a.family for a in src.author] + (["others"] if src.more_authors else []), key
        assert entry.fields.get("year") == (str(src.year) if src.year else None)
        assert entry.fields.get("doi") == src.DOI and entry.fields.get("pmid") == src.PMID
    assert bib.entries["zz-many-2010"].fields["note"] == "Unverified: issued, page"
    assert bib.entries["zz-first-only-1999"].fields["note"] == MORE_AUTHORS
    assert bib.entries["zz-smith-2001"].fields["pages"] == "101--109"


def _ris_records(text: str) -> list[dict[str, list[str]]]:
    records, current = [], {}
    for line in text.split("\r\n"):
        if not line:
            continue
        m = re.fullmatch(r"([A-Z][A-Z0-9])  - ?(.*)", line)
        assert m, f"not a RIS line: {line!r}"
        if m.group(1) == "ER":
            records.append(current)
            current = {}
        else:
            current.setdefault(m.group(1), []).append(m.group(2))
    assert not current, "the last RIS record has no ER line"
    return records


def test_ris_parses_and_matches_the_store(reading_site: BuildResult) -> None:
    store = load_store(reading_site.project)
    records = {r["ID"][0]: r for r in _ris_records(_downloads(reading_site)["sources.ris"].decode("utf-8"))}
    assert sorted(records) == sorted(store.sources)
    for sid, rec in records.items():
        src = store.sources[sid]
        assert rec["TI"] == [src.title]
        assert rec.get("AU", []) == [f"{a.family}, {a.given}" if a.given else a.family for a in src.author]
        assert rec.get("PY") == ([str(src.year)] if src.year else None)
        assert rec.get("DO") == ([src.DOI] if src.DOI else None)
    assert records["zz-smith-2001"]["TY"] == ["JOUR"] and records["zz-jones-2016-book"]["TY"] == ["BOOK"]
    assert records["zz-smith-2001"]["SP"] == ["101"] and records["zz-smith-2001"]["EP"] == ["109"]


def test_csl_json_matches_the_store(reading_site: BuildResult) -> None:
    store = load_store(reading_site.project)
    items = json.loads(_downloads(reading_site)["sources.csl.json"])
    assert [i["id"] for i in items] == sorted(store.sources)
    notes = {i["id"]: i.get("note") for i in items}
    for item in items:
        note = item.pop("note", None)
        src = store.sources[item["id"]]
        assert item == csl_json(src)
        assert note == unverified_note(src)
    assert notes["zz-many-2010"] == "Unverified: issued, page"
    assert notes["zz-first-only-1999"] == MORE_AUTHORS


def test_claims_json_has_every_claim_with_its_verdict_and_certainty(reading_site: BuildResult) -> None:
    store = load_store(reading_site.project)
    data = json.loads(_downloads(reading_site)["claims.json"])
    assert [c["id"] for c in data["claims"]] == sorted(store.claims)
    for c in data["claims"]:
        judged = store.grades[c["id"]]
        assert c["verdict"] == judged.status.value and c["kind"] == judged.kind.value
        assert c["certainty"] == judged.as_record() and "grade" not in c
        assert c["statement"] == store.claims[c["id"]].statement
        assert [e["source"] for e in c["evidence"]] == [e.source for e in store.claims[c["id"]].evidence]
    two = next(c for c in data["claims"] if c["id"] == "zz-claim-two")
    assert two["certainty"]["level"] == "very-low" and two["certainty"]["judged_on"] == "evidence against"
    assert [s["domain"] for s in two["certainty"]["steps"]] == [
        "risk-of-bias",
        "inconsistency",
        "imprecision",
    ]
    assert (
        two["certainty"]["summary"]
        == "Contested, very low certainty: a meta-analysis finding no clear effect; a randomised trial for"
    )
    assert two["aliases"] == ["zz-old-claim-two"]


def test_exports_are_byte_deterministic(reading_site: BuildResult) -> None:
    first = render_all(load_store(reading_site.project))
    second = render_all(load_store(reading_site.project))
    assert first == second
    built = _downloads(reading_site)
    assert {k: v.encode("utf-8") for k, v in first.items()} == built
    for text in first.values():
        assert not re.search(r"20\d\d-\d\d-\d\dT\d\d:", text), "a timestamp in an export"


# --- page metadata -------------------------------------------------------------------------------


def _html_pages(site: Path) -> list[Path]:
    """Every page (not the redirects at a renamed claim's old ids)."""
    return sorted(
        p
        for p in site.rglob("*.html")
        if p.name != "404.html" and 'http-equiv="refresh"' not in p.read_text(encoding="utf-8")
    )


def _meta(page: str) -> dict[str, str]:
    out = {}
    for tag, a in collect(page).elements:
        if tag == "meta" and "content" in a:
            out[a.get("name") or a.get("property") or ""] = a["content"]
    return out


def _jsonld(page: str) -> dict:
    """The page's MedicalWebPage record (a claim page may add a ClaimReview after it)."""
    blocks = [
        json.loads(b) for b in re.findall(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    ]
    assert len(blocks) == 1 or [b["@type"] for b in blocks[1:]] == ["ClaimReview"]
    return blocks[0]


def test_every_page_has_description_opengraph_and_jsonld(reading_site: BuildResult) -> None:
    pages = _html_pages(reading_site.site)
    assert len(pages) >= 10
    for path in pages:
        page = path.read_text(encoding="utf-8")
        meta = _meta(page)
        assert 50 <= len(meta.get("description", "")) <= 200, (path, meta.get("description"))
        # a shortened description (item pages and pages without one alike) ends in a word, then "…"
        assert not re.search(r"[,;:.–—-]…$", meta["description"]), (path, meta["description"])
        for key in ("og:title", "og:description", "og:url", "og:type", "og:site_name"):
            assert meta.get(key), (path, key)
        assert meta["og:url"].startswith("https://") and meta["og:description"] == meta["description"]
        ld = _jsonld(page)
        assert ld["@context"] == "https://schema.org" and ld["@type"] == "MedicalWebPage"
        assert ld["url"] == meta["og:url"] and ld["description"] == meta["description"]


def test_generated_description_for_a_page_without_one(reading_site: BuildResult) -> None:
    meta = _meta(reading_site.page("topics/zz-fixture/"))
    assert meta["description"] == "A topic page built only by the tests, with known claims and sources."


def test_jsonld_describes_each_source_on_its_page_without_unverified_fields(
    reading_site: BuildResult,
) -> None:
    topic = _jsonld(reading_site.page("topics/zz-fixture/"))
    assert topic["lastReviewed"] == LAST_REVIEWED
    assert "citation" not in topic  # the reference list is on the page; each record is on its source's page
    about = {
        sid: _jsonld(reading_site.page(f"sources/{sid}/"))["about"]
        for sid in ("zz-smith-2001", "zz-many-2010", "zz-jones-2016-book", "zz-web-page")
    }
    # a source with a verified identifier is named by it (and its date); one without, by its title
    assert "https://doi.org/10.1000/test.2001.12" in about["zz-smith-2001"]["sameAs"]
    assert about["zz-smith-2001"]["datePublished"] == "2001-03" and "name" not in about["zz-smith-2001"]
    named = [r for r in about.values() if "name" in r]
    assert named and all("sameAs" not in r for r in named)
    many = about["zz-many-2010"]
    assert "https://pubmed.ncbi.nlm.nih.gov/22222222/" in many["sameAs"]
    assert "datePublished" not in many  # its year is unverified
    assert (
        about["zz-web-page"]["@type"] == "WebPage" and "name" not in about["zz-web-page"]
    )  # title unverified


def test_jsonld_is_safe_inside_its_script_tag(reading_site: BuildResult) -> None:
    from macros.reading import json_script

    page = reading_site.page("topics/zz-fixture/")
    [block] = re.findall(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    assert "<" not in block and "&" not in block.replace("\\u0026", "")
    assert json.loads(block)["@type"] == "MedicalWebPage"
    escaped = str(json_script({"name": "A & B <test></script>"}))
    assert escaped == '{"name":"A \\u0026 B \\u003ctest\\u003e\\u003c/script\\u003e"}'
    assert json.loads(escaped) == {"name": "A & B <test></script>"}


def test_sitemap_lists_every_page_under_site_url(reading_site: BuildResult) -> None:
    import yaml

    site_url = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8").split("\ntheme:")[0])[
        "site_url"
    ]
    assert site_url.startswith("https://")
    tree = ET.parse(reading_site.site / "sitemap.xml")
    locs = {e.text for e in tree.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")}
    for path in _html_pages(reading_site.site):
        rel = path.relative_to(reading_site.site).as_posix()
        assert site_url + rel.removesuffix("index.html") in locs, rel


# --- Cite this page and last reviewed --------------------------------------------------------------


def test_topic_page_cites_itself(reading_site: BuildResult) -> None:
    page = reading_site.page("topics/zz-fixture/")
    block = page[page.index('class="igf-cite-page"') :]
    assert f'Last reviewed <time datetime="{LAST_REVIEWED}">' in block
    assert "the 2 claims on this page" in text_of(block)
    short = re.search(r'id="igf-cite-short-zz-fixture">(.*?)</p>', block).group(1)
    assert text_of(short) == (
        "Fixture topic [Internet]. IGF-1 Evidence Reference; 2026. Available from: "
        "https://igf1-evidence.example.org/topics/zz-fixture/"
    )
    bibtex = html.unescape(re.search(r'id="igf-cite-bibtex-zz-fixture">(.*?)</code>', block, re.S).group(1))
    entry = parse_string(bibtex, "bibtex").entries["igf1-evidence-zz-fixture"]
    assert entry.fields["url"] == "https://igf1-evidence.example.org/topics/zz-fixture/"
    assert entry.fields["note"] == f"Last reviewed {LAST_REVIEWED}" and entry.fields["year"] == "2026"
    assert (
        'data-copy-target="igf-cite-short-zz-fixture"' in block
        and 'data-copy-target="igf-cite-bibtex-zz-fixture"' in block
    )


def test_only_topic_pages_have_cite_this_page(reading_site: BuildResult) -> None:
    store = load_store(reading_site.project)
    topic_urls = {t.page.removesuffix(".md") + "/" for t in store.topics.values()}
    for path in _html_pages(reading_site.site):
        rel = path.relative_to(reading_site.site).as_posix().removesuffix("index.html")
        assert ('class="igf-cite-page"' in path.read_text(encoding="utf-8")) == (rel in topic_urls), rel

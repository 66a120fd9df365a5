"""Property: whatever text an editor puts in any text field of the store (HTML, Markdown and Jinja syntax,
any Unicode, right-to-left marks, very long strings) renders as text. No markup gets in, and the page
structure is the same as with plain text.

The renderer is driven directly on a small in-memory store whose every text field is generated, then its
output goes through the site's own Markdown extensions and the glossary hook, as on a real page (fast).
A few full builds with hostile text in the real project follow.
"""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from html import escape
from html.parser import HTMLParser
from pathlib import Path

import markdown
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_hardening import VNU

from conftest import ROOT, run_build
from htmlutil import collect
from macros import abbr, hardening, items, registers
from macros.certainty import judge
from macros.models import Claim, GlossaryEntry, SeedReference, Source, Topic
from macros.pages import CLAIMS_PAGE, METHOD_PAGE, SOURCES_PAGE, PageContext, site_files
from macros.render import Renderer
from macros.store import Store
from macros.usage import Usage

# Snippets an editor might paste, plus anything Hypothesis generates between them.
HOSTILE = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "</div></p>",
    "<!--",
    "-->",
    "<![CDATA[",
    '"',
    "'",
    "&amp;",
    "&#60;",
    "&lt;b&gt;",
    "`code`",
    "**bold**",
    "*em*",
    "_em_",
    "[link](javascript:alert(1))",
    "<https://example.org>",
    "| a | b |",
    "\n# heading",
    "> quote",
    "- item",
    "1. item",
    "---",
    "!!! note",
    "{: .cls }",
    "{ #id }",
    ":smile:",
    "~~del~~",
    "^^ins^^",
    "==mark==",
    "\\",
    "{{ claim('x') }}",
    "{% raw %}",
    "[^1]",
    "*[GH]: x",
    "\u202eRLO",
    "\u200f",
    "مرحبا بالعالم",
    "שלום",
    "\u0301",
    "😀",
    "IGF-1",
    "GH",
    "x" * 300,
]
# not the private-use characters the build marks text with: the models refuse them (problems.MARKERS)
_MARKERS = "".join(map(chr, range(0xE000, 0xE100)))
_SAFE_CHARS = st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\ufeff" + _MARKERS)
_PIECE = st.one_of(st.sampled_from(HOSTILE), st.text(_SAFE_CHARS, max_size=12))


def _text(max_len: int, one_line: bool) -> st.SearchStrategy[str]:
    def tidy(parts: list[str]) -> str:
        text = "".join(parts)
        if one_line:
            text = text.replace("\n", " ")
        text = text.strip()[:max_len].strip()
        return text or "x"

    return st.lists(_PIECE, min_size=1, max_size=6).map(tidy)


LINE = _text(1000, True)
BLOCK = _text(5000, False)
FIELDS_LINE = [
    "title",
    "study_title",
    "container",
    "publisher",
    "family",
    "given",
    "statement",
    "other_statement",
    "population",
    "locator",
    "topic_title",
    "expansion",
]
FIELDS_BLOCK = [
    "note",
    "study_note",
    "coi",
    "finding",
    "finding2",
    "caveats",
    "register_only",
    "override",
    "summary",
    "definition",
    "as_cited",
    "ref_finding",
]


def make_store(t: dict[str, str]) -> Store:
    quote = " ".join(t["quote"].split()[:30]) or "x"
    topic = Topic(id="axis", title=t["topic_title"], page="topics/axis.md", summary=t["summary"])
    seed = Source.model_validate(
        {
            "id": "seed-a",
            "type": "webpage",
            "title": t["title"],
            "kind": "web-article",
            "verification": {"status": "unverified", "note": t["note"]},
            "publisher": t["publisher"],
            "conflict_of_interest": t["coi"],
            "seed_file": "a.txt",
        }
    )
    study = Source.model_validate(
        {
            "id": "study-a",
            "type": "article-journal",
            "title": t["study_title"],
            "author": [{"family": t["family"], "given": t["given"]}, {"family": "Smith", "given": "J"}],
            "issued": {"date-parts": [[2001, 2]]},
            "container-title": t["container"],
            "volume": t["volume"],
            "issue": "2",
            "page": t["page"],
            "DOI": "10.1000/abc",
            "PMID": "123",
            "kind": "primary-study",
            "verification": {"status": "partial", "note": t["study_note"], "unverified_fields": ["volume"]},
        }
    )
    ev = {
        "source": "study-a",
        "design": "cohort",
        "species": "human",
        "population": t["population"],
        "n": 3,
        "finding": t["finding"],
        "locator": t["locator"],
    }
    one = Claim.model_validate(
        {
            "id": "c-one",
            "statement": t["statement"],
            "topic": "axis",
            "status": "contested",
            "evidence": [
                {**ev, "direction": "supports"},
                {**ev, "direction": "contradicts", "finding": t["finding2"]},
            ],
            "asserted_by": [{"source": "seed-a", "quote": quote}],
            "caveats": t["caveats"],
            "related": ["c-two"],
            "reviewed": dt.date(2020, 1, 1),
            "register_only": t["register_only"],
        }
    )
    two = Claim.model_validate(
        {
            "id": "c-two",
            "statement": t["other_statement"],
            "topic": "axis",
            "status": "supported",
            "evidence": [{**ev, "direction": "supports"}],
            "reviewed": dt.date(2020, 1, 1),
            "certainty_override": {"level": "low", "reason": t["override"]},
        }
    )
    store = Store(
        root=ROOT,
        sources={"seed-a": seed, "study-a": study},
        claims={"c-one": one, "c-two": two},
        topics={"axis": topic},
        glossary=[GlossaryEntry(term="GH", expansion=t["expansion"], definition=t["definition"])],
        seed_references=[
            SeedReference(
                seed="seed-a",
                number=1,
                as_cited=t["as_cited"],
                verdict="wrong",
                finding=t["ref_finding"],
                source="study-a",
            )
        ],
    )
    store.grades = {cid: judge(c, store.sources) for cid, c in store.claims.items()}
    return store


def _markdown() -> markdown.Markdown:
    """Python-Markdown with the site's extensions, as MkDocs configures it."""
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8").replace("!!python/name:", ""))
    names, configs = [], {}
    for ext in config["markdown_extensions"]:
        if isinstance(ext, dict):
            ((name, options),) = ext.items()
            options = {
                k: v
                for k, v in (options or {}).items()
                if not isinstance(v, str)
                or "." not in v
                or k not in ("emoji_index", "emoji_generator", "custom_fences")
            }
            names.append(name)
            configs[name] = options
        else:
            names.append(ext)
    return markdown.Markdown(extensions=names, extension_configs=configs)


MD = _markdown()


def render_page(store: Store) -> str:
    """A topic page that uses every macro, in prose, a list, a table cell and an admonition."""
    r = Renderer(store, Usage())
    ctx = PageContext(
        "topics/axis.md", site_files(["topics/axis.md", CLAIMS_PAGE, SOURCES_PAGE, METHOD_PAGE], store=store)
    )
    page = "\n\n".join(
        [
            "# Axis",
            f"Inline: {r.claim(ctx, 'c-one')} and {r.cite(ctx, 'study-a', store.claims['c-one'].evidence[0].locator)}.",
            f"- In a list: {r.claim(ctx, 'c-two')}",
            f"| Claim | Note |\n|---|---|\n| {r.claim(ctx, 'c-one')} | cell |",
            f'!!! note "Note"\n    {r.claim_card(ctx, "c-one")}',
            r.claim_card(ctx, "c-two"),
            r.claims_table(ctx),
            r.seed_review(ctx, "seed-a"),
            r.glossary_table(),
            r.topics_list(ctx),
            registers.sources_index(r, ctx),
            registers.claims_index(r, ctx),
            f'??? info "Inside a collapsible block"\n    {registers.sources_index(r, ctx)}\n\n    {r.glossary_table()}',
            items.render_source_page(r, ctx, "study-a"),
            "## References",
            r.references(ctx),
        ]
    )
    MD.reset()
    html, _ = ctx.stash.restore(MD.convert(page))  # as on_page_content does after Markdown
    return abbr.apply(html, store.glossary)


class Shape(HTMLParser):
    """The element structure of a page: start and end tags with their attribute names."""

    INLINE_MARKUP = {"em", "strong", "code", "abbr"}  # what the inline-Markdown subset and the glossary add  # noqa: RUF012

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.shape: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag not in self.INLINE_MARKUP:
            self.shape.append(f"<{tag} {' '.join(sorted(k for k, _ in attrs))}>")

    def handle_endtag(self, tag: str) -> None:
        if tag not in self.INLINE_MARKUP:
            self.shape.append(f"</{tag}>")

    def handle_comment(self, data: str) -> None:
        self.shape.append("<!--comment-->")

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def shape(html: str) -> Shape:
    s = Shape()
    s.feed(html)
    s.close()
    return s


PLAIN = {
    **dict.fromkeys(FIELDS_LINE + FIELDS_BLOCK, "plain words"),
    "quote": "plain words",
    "volume": "12",
    "page": "1-9",
}
BASELINE = shape(render_page(make_store(PLAIN))).shape


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large]
)
@given(
    line=st.fixed_dictionaries(dict.fromkeys(FIELDS_LINE, LINE)),
    block=st.fixed_dictionaries(dict.fromkeys(FIELDS_BLOCK, BLOCK)),
    quote=_text(1000, True),
    short=st.fixed_dictionaries({k: _text(40, True) for k in ("volume", "page")}),
)
def test_any_store_text_renders_as_text(line: dict, block: dict, quote: str, short: dict) -> None:
    fields = {**line, **block, **short, "quote": quote}
    fields["statement"] = fields["statement"].replace("{{", "{ {").replace("{%", "{ %")
    fields["other_statement"] = fields["other_statement"].replace("{{", "{ {").replace("{%", "{ %")
    html = render_page(make_store(fields))
    got = shape(html)
    assert got.shape == BASELINE, "the page structure changed"
    for bad in ("<script", "<img", "<![CDATA[", "<b>"):
        assert bad not in html, bad


@pytest.mark.parametrize("title", ["<G", "a < b > c", "&lt;x&gt;", "R&D"])
def test_a_topic_title_with_angle_brackets_is_text_in_the_register_heading(title: str) -> None:
    """Found by the test above: a title starting like a tag ('<G') broke the page around the claims
    register's heading, where Markdown's raw-HTML scan read it as a tag although it was escaped."""
    html = render_page(make_store({**PLAIN, "topic_title": title}))
    assert shape(html).shape == BASELINE
    assert f'<h2 id="topic-axis">{escape(title)}' in html


def test_baseline_page_has_every_block() -> None:
    """The structure compared above is a real page: every macro produced its markup."""
    html = render_page(make_store(PLAIN))
    for marker in (
        'class="igf-card',
        'class="igf-cite-ref"',
        "<table",
        'class="admonition note"',
        "<li>",
        'id="ref-1"',
        "<abbr",
    ):
        assert marker in html, marker


def test_structure_check_can_fail() -> None:
    """If a field were not escaped, the structure would differ: prove the comparison notices."""
    html = render_page(make_store({**PLAIN, "statement": "plain words"})).replace(
        "plain words", "plain <b>words</b>", 1
    )
    assert shape(html).shape != BASELINE


# --- a few full builds --------------------------------------------------------------------------------

PAYLOADS = {
    "html-and-markdown": "<script>alert(1)</script> <img src=x onerror=alert(2)> [x](javascript:alert(3)) "
    "| a | b | **b** _i_ ~~d~~ ==m== :smile: \\* </div> &lt; &amp; \"q\" 'a' {: #id }",
    "unicode-rtl-long": "\u202eمرحبا بالعالم שלום \u200f😀 e\u0301 " + "long " * 180,
}


def rewrite(path: Path, records: list) -> None:
    header = path.read_text(encoding="utf-8").splitlines()[0]
    path.write_text(
        header + "\n" + yaml.safe_dump(records, allow_unicode=True, sort_keys=False, width=10**6),
        encoding="utf-8",
    )


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(PAYLOADS))
def test_full_build_with_hostile_text(name: str, project: Path, tmp_path: Path) -> None:
    payload = PAYLOADS[name]
    claims = sorted((project / "data" / "claims").glob("*.yaml"))
    assert claims, "no claims in the store"
    records = records_claims = yaml.safe_load(claims[0].read_text(encoding="utf-8"))
    for claim in records:
        claim["statement"] = claim["caveats"] = payload
        for ev in claim.get("evidence", []):
            ev["finding"] = ev["population"] = ev["locator"] = payload
    rewrite(claims[0], records)
    sources = project / "data" / "sources" / "seeds.yaml"
    records = yaml.safe_load(sources.read_text(encoding="utf-8"))
    records[0]["title"] = records[0]["publisher"] = payload
    records[0]["verification"]["note"] = payload
    rewrite(sources, records)
    result = run_build(project, tmp_path / "site")
    assert result.returncode == 0, result.output
    item_pages = [f"claims/{records_claims[0]['id']}/", f"sources/{records[0]['id']}/"]
    for page in ("evidence/claims/", "evidence/sources/", "evidence/seeds/", *item_pages):
        html = result.page(page)
        doc = collect(html)
        assert not [a for t, a in doc.elements if t == "img" and a.get("src") == "x"], page
        assert not [a for t, a in doc.elements if any(k.startswith("on") for k in a)], page
        assert not [code for code in hardening.inline_scripts(html) if "alert" in code], (
            page
        )  # only Material's
        assert not [h for h, _ in doc.links if h.lower().startswith("javascript:")], page
    if VNU.exists() and shutil.which("java"):  # and the pages are still valid HTML
        pages = [
            str(result.site / p / "index.html")
            for p in ("evidence/claims/", "evidence/sources/", "evidence/seeds/", *item_pages)
        ]
        proc = subprocess.run(  # noqa: PLW1510
            ["java", "-jar", str(VNU), "--errors-only", *pages], capture_output=True, text=True, timeout=600
        )
        assert proc.returncode == 0, proc.stderr
    assert (
        "&lt;script&gt;alert(1)&lt;/script&gt;" in result.page("evidence/claims/")
        or name != "html-and-markdown"
    )
    assert "مرحبا بالعالم" in result.page("evidence/claims/") or name != "unicode-rtl-long"

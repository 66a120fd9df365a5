"""Targeted rebuilds: which pages a store change touches, and the dev server's builder doing only those."""

from __future__ import annotations

import json
import logging
import os
from pathlib import Path

import pytest
from test_store import CLAIMS, SOURCES, TOPICS, make_store

from macros import store as store_mod
from macros.deps import affected_pages
from macros.store import load_store
from macros.usage import scan

PAGES = {
    "docs/topics/axis.md": '# Axis\n\n{{ claim("ghr-cause") }}\n\n{{ references() }}\n',
    "docs/laron.md": '# Laron\n\n{{ claim_card("laron-cause") }}\n',
    "docs/refuted.md": '# Refuted\n\n{{ claims_table(status="refuted") }}\n',
    "docs/cited.md": '# Cited\n\nA study {{ cite("smith-2001-study") }}.\n',
    "docs/plain.md": "# Plain\n\nNo macros here.\n",
    "docs/units.md": '# Units\n\nAt {{ igf1(5, "nmol/L") }} the store is not read.\n',
    "docs/register.md": "# All\n\n{{ claims_register() }}\n",
    "docs/sources-index.md": "# Sources\n\n{{ sources_register() }}\n",
    "docs/widget.md": '# Widget\n\n{{ some_explainer("x") }}\n',
}


def stores(
    tmp_path: Path,
    claims: str = CLAIMS,
    sources: str = SOURCES,
    glossary: str | None = None,
    topics: str = TOPICS,
    old_sources: str = SOURCES,
):
    """The store before and after an edit of the data files, and the pages' usage."""

    def pages(root: Path) -> Path:
        for rel, text in PAGES.items():
            (root / rel).parent.mkdir(parents=True, exist_ok=True)
            (root / rel).write_text(text, encoding="utf-8")
        return root

    root = pages(make_store(tmp_path, data__topics_yaml=topics, data__sources__main_yaml=old_sources))
    old = load_store(root, root / "seeds")
    pages(
        make_store(
            root,
            data__topics_yaml=topics,
            data__claims__axis_yaml=claims,
            data__sources__main_yaml=sources,
            **({"data__glossary_yaml": glossary} if glossary else {}),
        )
    )
    store_mod._LOADED.clear()
    new = load_store(root, root / "seeds")
    return old, new, scan(root / "docs")


def test_untracked_pages_are_those_with_unknown_macros(tmp_path: Path) -> None:
    *_, usage = stores(tmp_path)
    assert usage.untracked == {"widget.md"}


def test_no_change_rebuilds_nothing(tmp_path: Path) -> None:
    old, new, usage = stores(tmp_path)
    assert affected_pages(old, new, usage) == set()


def test_edited_claim_rebuilds_the_pages_that_show_it(tmp_path: Path) -> None:
    edited = CLAIMS.replace("caused by GH-receptor mutations", "caused by growth-hormone-receptor mutations")
    old, new, usage = stores(tmp_path, claims=edited)
    assert affected_pages(old, new, usage) == {
        "topics/axis.md",
        "register.md",
        "widget.md",
        "claims/ghr-cause.md",  # the claim's own page
        "sources/smith-2001-study.md",  # its source's page lists it
        # ghr-cause names laron-cause as related: laron-cause's page shows ghr-cause's statement too
        "claims/laron-cause.md",
        "laron.md",  # and laron-cause's card there says it has related claims
        "refuted.md",  # every page using laron-cause (one too many costs time, one too few a stale page)
    }


def test_the_sources_register_rebuilds_only_when_what_a_claim_cites_changes(tmp_path: Path) -> None:
    """The sources register shows each source and how many claims cite it, not the claims: a claim's
    new wording leaves it alone (see the test above), a claim that stops citing a source does not."""
    edited = CLAIMS.replace(
        '  asserted_by:\n    - {source: seed-blog, quote: "caused by a mutation in a gene that codes for IGF-1"}\n',
        "",
    )
    assert edited != CLAIMS
    old, new, usage = stores(tmp_path, claims=edited)
    pages = affected_pages(old, new, usage)
    assert {"sources-index.md", "register.md", "laron.md", "sources/seed-blog.md"} <= pages


def test_claim_in_a_filtered_table_and_its_status_change(tmp_path: Path) -> None:
    # laron-cause is refuted: on laron.md as a card and in the refuted table; making it contested
    # must rebuild the table page too (it leaves the table)
    edited = CLAIMS.replace("status: refuted", "status: contested")
    old, new, usage = stores(tmp_path, claims=edited)
    pages = affected_pages(old, new, usage)
    assert {"laron.md", "refuted.md", "register.md"} <= pages
    assert "topics/axis.md" in pages  # ghr-cause's card lists laron-cause as related: its text is shown
    assert "cited.md" not in pages and "plain.md" not in pages


def test_edited_source_rebuilds_pages_citing_it_directly_or_through_claims(tmp_path: Path) -> None:
    edited = SOURCES.replace("title: A study", "title: A corrected study")
    old, new, usage = stores(tmp_path, sources=edited)
    assert affected_pages(old, new, usage) == {
        "topics/axis.md",
        "laron.md",
        "refuted.md",
        "cited.md",
        "sources-index.md",  # the sources register shows each source's reference
        "register.md",
        "widget.md",
        "sources/smith-2001-study.md",  # the source's own page
        "claims/ghr-cause.md",  # the pages of the claims citing it
        "claims/laron-cause.md",
        "sources/seed-blog.md",  # an article under review asserting one of them lists it
    }


def test_a_page_citing_a_source_by_its_old_id_rebuilds_when_the_source_changes(tmp_path: Path) -> None:
    aliased = SOURCES.replace("  title: A study\n", "  title: A study\n  aliases: [smith-2001-old]\n")
    edited = aliased.replace("title: A study", "title: A corrected study")
    PAGES["docs/old-id.md"] = '# Old id\n\nA study {{ cite("smith-2001-old") }}.\n'
    try:
        old, new, usage = stores(tmp_path, sources=edited, old_sources=aliased)
    finally:
        del PAGES["docs/old-id.md"]
    assert "old-id.md" in affected_pages(old, new, usage)
    # an alias added or removed changes what an old id shows: every page is rebuilt
    _old, new_alias, usage = stores(tmp_path / "added", sources=aliased)
    assert affected_pages(_old, new_alias, usage) is None


def test_a_summary_of_findings_rebuilds_when_a_claim_it_answers_with_changes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On a companion page, the same call answers the companion's own questions: that page rebuilds when
    one of its claims changes, not when one of the topic's does (and the other way round)."""
    monkeypatch.setitem(PAGES, "docs/summary.md", '# Summary\n\n{{ summary_of_findings("axis") }}\n')
    monkeypatch.setitem(PAGES, "docs/more.md", '# More\n\n{{ summary_of_findings("axis") }}\n')
    asked = (
        TOPICS
        + "  questions:\n  - question: Is Laron syndrome an IGF-1 gene defect?\n    claim: laron-cause\n"
        + "  companions:\n  - page: more.md\n    questions:\n"
        + "    - question: Is Laron syndrome a GH-receptor defect?\n      claim: ghr-cause\n"
    )
    answer = CLAIMS.replace("caused by a mutation in the IGF-1 gene.", "caused by an IGF-1 gene mutation.")
    old, new, usage = stores(tmp_path / "a", claims=answer, topics=asked)
    pages = affected_pages(old, new, usage)
    assert "summary.md" in pages and "more.md" not in pages
    other = CLAIMS.replace("caused by GH-receptor mutations", "caused by growth-hormone-receptor mutations")
    old, new, usage = stores(tmp_path / "b", claims=other, topics=asked)
    pages = affected_pages(old, new, usage)
    assert "summary.md" not in pages and "more.md" in pages


def test_glossary_change_rebuilds_everything(tmp_path: Path) -> None:
    glossary = "- term: GH\n  expansion: growth hormone (somatotropin)\n  definition: A hormone.\n"
    old, new, usage = stores(tmp_path, glossary=glossary)
    assert affected_pages(old, new, usage) is None


@pytest.mark.slow
def test_dev_server_builder_rebuilds_only_the_affected_page(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    from macros.serve import Builder

    builder = Builder(str(project / "mkdocs.yml"), tmp_path / "work", "http://127.0.0.1:1/")
    site = builder.site
    monkeypatch.chdir(project)
    builder()
    usage, store = builder.usage, builder.store
    # a claim that one topic page uses and another does not (topic pages may share claims), with no
    # related claims either way (cards show related statements, so those pages rebuild too)
    linked = {r for c in store.claims.values() for r in c.related} | {
        c.id for c in store.claims.values() if c.related
    }
    topic, other, cid = next(
        (t, o, c)
        for t in store.topics.values()
        for c in sorted(usage.claims.get(t.page, set()) & set(store.claims) - linked)
        for o in store.topics.values()
        if o.id != t.id and o.page not in usage.pages_using_claim(store.claims[c])
    )
    data_file = project / store.where[cid][0]
    text = data_file.read_text(encoding="utf-8")
    line = store.where[cid][1]
    lines = text.split("\n")
    i = next(i for i in range(line - 1, len(lines)) if lines[i].lstrip().startswith("statement:"))
    head, value = lines[i].split("statement:", 1)
    value = value.strip()
    quote = value[0] if value[:1] in "'\"" else ""
    lines[i] = f"{head}statement: {quote}Zqmarker {value[len(quote) :]}"
    other_html = site / topic_url(other.page)
    before = other_html.stat()
    data_file.write_text("\n".join(lines), encoding="utf-8")
    later = data_file.stat().st_mtime_ns + 10**9  # a new modification time, however coarse the clock
    os.utime(data_file, ns=(later, later))
    with caplog.at_level(logging.INFO, logger="mkdocs"):
        builder()
    rebuilt = next(r.getMessage() for r in caplog.records if "Rebuilding" in r.getMessage())
    assert topic.page in rebuilt and other.page not in rebuilt, rebuilt
    assert "Zqmarker" in (site / topic_url(topic.page)).read_text(encoding="utf-8")
    after = other_html.stat()
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)  # not rebuilt nor copied
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    locations = {d["location"].split("#")[0] for d in index["docs"]}
    assert topic_url(other.page).removesuffix("index.html") in locations  # search index kept whole


def topic_url(page: str) -> str:
    return page[:-3] + "/index.html"


def test_explainer_pages_rebuild_only_for_the_claims_they_draw() -> None:
    from macros.deps import explainer_claims
    from macros.store import load_store
    from macros.usage import scan

    root = Path(__file__).resolve().parent.parent
    drawn = explainer_claims(root)
    assert drawn is not None and {"axis-loop", "bound-free", "hair-cycle", "risk-shape"} <= set(drawn)
    usage = scan(root / "docs")
    assert usage.explainers["topics/hair-loss.md"] == {"hair-cycle"}
    store = load_store(root, None)
    assert drawn["hair-cycle"] <= set(store.claims) | set(store.aliases)


def test_a_page_whose_macro_calls_changed_rebuilds_what_lists_them(tmp_path: Path) -> None:
    """A page that now shows another claim: the registers and the item pages of both claims (they say
    where each claim appears) and of their sources; a page whose calls did not change: nothing more."""
    from macros.deps import edited_pages
    from macros.usage import Usage

    _old, store, usage = stores(tmp_path)
    before, after = Usage(), Usage()
    before.claim_registers = after.claim_registers = set(usage.claim_registers)
    before.claims["page.md"], after.claims["page.md"] = {"ghr-cause"}, {"laron-cause"}
    pages = edited_pages(store, before, after, {"page.md"})
    assert pages is not None
    assert {"claims/ghr-cause.md", "claims/laron-cause.md", "register.md"} <= pages
    assert "sources/smith-2001-study.md" in pages
    assert edited_pages(store, before, before, {"page.md"}) == set()
    after.tables["page.md"].append({"topic": "axis", "status": None})
    assert edited_pages(store, before, after, {"page.md"}) is None  # a claims table: every claim may move


def test_an_edited_seed_rebuilds_its_review_though_it_asserts_no_claim(tmp_path: Path) -> None:
    """A seed's review shows its own record (publisher, conflicts of interest), not only its claims."""
    quote = '  asserted_by:\n    - {source: seed-blog, quote: "caused by a mutation in a gene that codes for IGF-1"}\n'
    claims = CLAIMS.replace(quote, "")
    root = make_store(tmp_path, data__claims__axis_yaml=claims)
    (root / "docs" / "seeds.md").write_text('{{ seed_review("seed-blog", brief=True) }}\n', encoding="utf-8")
    old = load_store(root, root / "seeds")
    renamed = SOURCES.replace("title: A blog", "title: A blog, renamed")
    make_store(root, data__claims__axis_yaml=claims, data__sources__main_yaml=renamed)
    store_mod._LOADED.clear()
    new = load_store(root, root / "seeds")
    assert "seeds.md" in affected_pages(old, new, scan(root / "docs"))


def test_a_claim_called_by_an_old_id_is_shown_and_no_table_lists_a_register_only_claim() -> None:
    from macros.usage import Usage

    store = load_store(Path(__file__).resolve().parents[1])
    claim = next(c for c in store.claims.values() if c.aliases and not c.register_only)
    usage = Usage()
    usage.claims["old.md"].add(claim.aliases[0])
    usage.tables["table.md"].append({"topic": claim.topic, "status": None})
    assert usage.pages_using_claim(claim) == ["old.md", "table.md"]
    hidden = claim.model_copy(update={"register_only": "not on a topic page"})
    assert usage.pages_using_claim(hidden) == ["old.md"]  # a page calling it shows it; no table lists it


def test_a_claim_edit_rebuilds_the_change_pages_listing_it_and_a_new_day_all_of_them(tmp_path: Path) -> None:
    """A change page lists one day's changes to one topic's claims, with each claim's statement, and links
    the pages of its day and its topic: an edited claim rebuilds the pages of its history's days; a page
    added or removed rebuilds every one (their links change)."""
    from macros.changes import touched_pages

    history = "  history:\n    - {date: 2026-02-01, what: [statement], note: Reworded.}\n"
    with_history = CLAIMS.replace(
        "  reviewed: 2026-01-01\n- id: ghr-cause", history + "  reviewed: 2026-01-01\n- id: ghr-cause"
    )
    assert with_history.count("history:") == 1

    def load(name: str, claims: str):
        store_mod._LOADED.clear()
        root = make_store(tmp_path / name, data__claims__axis_yaml=claims)
        return load_store(root, root / "seeds")

    old = load("old", with_history)
    edited = load("edited", with_history.replace("in the IGF-1 gene", "in the gene for IGF-1"))
    assert touched_pages(old, edited, {"laron-cause"}) == {"changes/2026-02-01/axis.md"}
    assert touched_pages(old, edited, {"ghr-cause"}) == set()  # it has no history
    new_day = load("new-day", with_history + history.replace("02-01", "03-01").replace("Reworded", "Again"))
    assert touched_pages(old, new_day, {"ghr-cause"}) == {
        "changes/2026-02-01/axis.md",
        "changes/2026-03-01/axis.md",
    }

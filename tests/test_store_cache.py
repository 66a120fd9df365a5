"""The store's fast path and the caches on disk.

The fast parser gives the same records as the careful one and lines stay right; the store cache is
invalidated by any edit, and its records are built lazily and equal freshly validated ones. Every cache
(store, downloads, formatted references, compiled templates) that cannot be read or written, holds the
wrong shape, or was made for other inputs is ignored and rebuilt: never trusted, never blamed on a page.
"""

from __future__ import annotations

import json
import pickle
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml
from test_store import CLAIMS, make_store

from conftest import ROOT, copy_project, run_build
from macros import exports
from macros import store as store_mod
from macros.cache import read_pickle, write_pickle
from macros.csl import DEFAULT_STYLE, CSLFormatter
from macros.loading import data_files, item_lines, parse_fast, parse_with_lines
from macros.pages import PageContext, site_files
from macros.render import Renderer
from macros.store import Store, StoreError, load_store
from macros.usage import scan


def _plain(value):
    """LineDict/LineList to plain dicts and lists, for comparison."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


# Every file the store reads (data/explainers.yaml is one mapping, read by macros/explainers_config.py).
@pytest.mark.parametrize("path", sorted(p for p, _ in data_files(ROOT) if p.exists()), ids=lambda p: p.name)
def test_fast_parser_reads_every_data_file_as_pyyaml_does(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    slow, problems = parse_with_lines(text, path.name)
    assert not problems
    assert parse_fast(text) == _plain(slow)
    assert item_lines(text, len(slow)) == [line for line, _ in slow.item_lines]


def test_fast_parser_refuses_what_the_careful_parser_reports() -> None:
    assert parse_fast("- id: a\n  id: b\n") is None  # duplicate key
    assert parse_fast("- id: a\n\tstatus: x\n") is None  # tab indentation
    assert parse_fast("id: a\n") is None  # not a list
    assert parse_fast("- [unclosed\n") is None
    assert parse_fast("- " + "[" * 5000 + "]" * 5000 + "\n") is None  # nesting
    laughs = "- &a0 [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"- &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]\n" for i in range(1, 8)
    )
    assert parse_fast(laughs) is None  # aliases that expand to 10^8 values


def test_item_lines_gives_up_rather_than_guess() -> None:
    text = "# comment\n- id: a\n  x: 1\n\n- id: b\n-\n  id: c\n"
    assert item_lines(text, 3) == [2, 5, 6]
    assert item_lines(text, 4) is None
    assert item_lines("[{id: a}, {id: b}]\n", 2) is None


def test_lines_are_right_when_the_fast_path_fails(tmp_path: Path) -> None:
    # a flow-style list (one record per line) defeats the line scan; the careful parser finds the line
    records = [
        yaml.safe_dump(r, default_flow_style=True, width=10_000).strip() for r in yaml.safe_load(CLAIMS)
    ]
    flow = "[\n" + ",\n".join(records) + "\n]\n"
    make_store(tmp_path, data__claims__axis_yaml=flow)
    store = load_store(tmp_path, tmp_path / "seeds")
    assert store.where["ghr-cause"] == ("data/claims/axis.yaml", 3)
    make_store(tmp_path, data__claims__axis_yaml=CLAIMS.replace("status: established", "status: wrong"))
    with pytest.raises(StoreError) as info:
        load_store(tmp_path, tmp_path / "seeds")
    assert "data/claims/axis.yaml:13" in str(info.value) and "'ghr-cause'" in str(info.value)


def test_cached_store_builds_the_same_records(tmp_path: Path) -> None:
    root = make_store(tmp_path)
    cache = tmp_path / ".cache"
    fresh = load_store(root, root / "seeds", cache)
    [cached_file] = cache.glob("store-*.pickle")
    restored = read_pickle(cached_file, fresh.key, lambda s: isinstance(s, Store))
    assert restored is not None and restored is not fresh
    assert not restored.claims._built and all(isinstance(v, bytes) for v in restored.claims._raw.values())
    assert list(restored.claims) == list(fresh.claims)
    for cid in fresh.claims:
        assert restored.claims[cid] == fresh.claims[cid]
        assert restored.grades[cid] == fresh.grades[cid]
    for sid in fresh.sources:
        assert restored.sources[sid] == fresh.sources[sid]
    assert restored.claims_citing("smith-2001-study") == fresh.claims_citing("smith-2001-study")
    assert restored.seed_ids == ["seed-blog"]
    assert [c.id for c in restored.claims_in_topic("axis")] == ["laron-cause", "ghr-cause"]
    assert restored.where == fresh.where and restored.aliases == fresh.aliases
    assert restored.where["ghr-cause"] == ("data/claims/axis.yaml", 10)


def _count_uncached(monkeypatch: pytest.MonkeyPatch) -> list:
    calls: list = []
    real = store_mod._load_uncached
    monkeypatch.setattr(store_mod, "_load_uncached", lambda *a: calls.append(a) or real(*a))
    return calls


def test_cache_is_read_in_a_new_process_and_invalidated_by_an_edit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_store(tmp_path)
    cache = tmp_path / ".cache"
    load_store(root, root / "seeds", cache)
    store_mod._LOADED.clear()  # as a new process would start
    calls = _count_uncached(monkeypatch)
    load_store(root, root / "seeds", cache)
    assert calls == []  # from the cache file
    path = root / "data/claims/axis.yaml"
    path.write_text(path.read_text().replace("GH-receptor mutations", "GH receptor mutations"))
    store_mod._LOADED.clear()
    edited = load_store(root, root / "seeds", cache)
    assert len(calls) == 1 and "GH receptor mutations" in edited.claims["ghr-cause"].statement
    assert len(list(cache.glob("store-*.pickle"))) == 1  # the stale entry was replaced


def test_an_edited_seed_article_invalidates_the_cache(tmp_path: Path) -> None:
    root = make_store(tmp_path)
    cache = tmp_path / ".cache"
    load_store(root, root / "seeds", cache)
    (root / "seeds/seed.txt").write_text("Nothing of the kind.\n", encoding="utf-8")
    store_mod._LOADED.clear()
    with pytest.raises(StoreError, match="not verbatim in seed.txt"):  # noqa: RUF043
        load_store(root, root / "seeds", cache)


def test_records_mapping_behaves_like_a_dict(tmp_path: Path) -> None:
    store = load_store(make_store(tmp_path), tmp_path / "seeds")
    assert len(store.claims) == 2 and "ghr-cause" in store.claims and "nope" not in store.claims
    assert store.claims.get("nope") is None
    assert [c.id for c in store.claims.values()] == ["laron-cause", "ghr-cause"]
    assert dict(store.claims.items())["ghr-cause"].topic == "axis"
    assert store.resolve_claim("nope") is None


# --- caches that cannot be trusted ---------------------------------------------------------------


def _broken_store_caches(path: Path, fresh: Store) -> list[bytes]:
    other = pickle.loads(pickle.dumps({"key": fresh.key, "value": fresh}))["value"]
    other.claims._raw.pop("ghr-cause")  # a store that is not the one these files make, under another key
    return [
        b"null\n",
        b"",
        b"\x80\x05garbage",
        pickle.dumps([1, 2, 3]),
        pickle.dumps({"key": fresh.key}),
        pickle.dumps({"key": fresh.key, "value": ["not", "a", "store"]}),
        pickle.dumps({"key": "another key", "value": other}),
        pickle.dumps(fresh),
    ]


def test_a_broken_store_cache_is_ignored_and_rebuilt(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = make_store(tmp_path)
    cache = tmp_path / ".cache"
    fresh = load_store(root, root / "seeds", cache)
    [path] = cache.glob("store-*.pickle")
    calls = _count_uncached(monkeypatch)
    for n, content in enumerate(_broken_store_caches(path, fresh), 1):
        path.write_bytes(content)
        store_mod._LOADED.clear()
        store = load_store(root, root / "seeds", cache)
        assert len(calls) == n, content[:20]
        assert set(store.claims) == {"laron-cause", "ghr-cause"}
        assert read_pickle(path, store.key, lambda s: isinstance(s, Store)) is not None  # rewritten whole


def test_a_value_that_cannot_be_pickled_is_not_cached_and_leaves_no_file(tmp_path: Path) -> None:
    # the pickle is streamed into a temporary file: a failure half-way leaves neither it nor the entry
    with pytest.raises((pickle.PicklingError, AttributeError, TypeError)):
        write_pickle(tmp_path / "x-1.pickle", "k", [1, lambda: None], "x-*.pickle")
    assert list(tmp_path.iterdir()) == []
    write_pickle(tmp_path / "x-1.pickle", "k", [1, 2], "x-*.pickle")
    assert read_pickle(tmp_path / "x-1.pickle", "k", lambda v: v == [1, 2]) == [1, 2]
    assert [p.name for p in tmp_path.iterdir()] == ["x-1.pickle"]


def test_a_cache_folder_that_cannot_be_written_is_not_used(tmp_path: Path) -> None:
    root = make_store(tmp_path)
    blocked = tmp_path / "blocked"
    blocked.write_text("a file where the cache folder should be")
    store = load_store(root, root / "seeds", blocked / "store")
    assert set(store.claims) == {"laron-cause", "ghr-cause"}
    write_pickle(blocked / "x.pickle", "k", [1], "x-*.pickle")  # no exception either
    assert exports.render_all(store, blocked)["claims.json"].startswith('{"claims": [')


def test_a_broken_downloads_cache_is_ignored(tmp_path: Path) -> None:
    store = load_store(make_store(tmp_path), tmp_path / "seeds", tmp_path / ".cache")
    cache = tmp_path / ".cache"
    expected = exports.render_all(store, cache)
    [path] = cache.glob("exports-*.pickle")
    for content in (
        pickle.dumps(["a", "pickled", "list"]),
        b"null",
        pickle.dumps({"key": store.key, "value": []}),
        pickle.dumps({"key": store.key, "value": 5}),  # not iterable
        pickle.dumps({"key": store.key, "value": list(expected)}),  # the right names, but not a mapping
        pickle.dumps({"key": store.key, "value": {**expected, "claims.json": None}}),
        pickle.dumps({"key": "another", "value": {**expected, "claims.json": "[]"}}),
    ):
        path.write_bytes(content)
        assert exports.render_all(store, cache) == expected


def _cached_reference(tmp_path: Path) -> tuple[Any, str, Path, dict]:
    """A source formatted once and saved to the reference cache: (source, its entry, the file, its content)."""
    store = load_store(make_store(tmp_path), tmp_path / "seeds")
    source = store.sources["smith-2001-study"]
    first = CSLFormatter(ROOT / DEFAULT_STYLE, tmp_path / "c")
    expected = first.entry(source)
    first.save()
    [path] = (tmp_path / "c").glob("csl-*.json")
    kept = json.loads(path.read_text(encoding="utf-8"))
    assert kept["key"] == first.key and list(kept["entries"].values()) == [str(expected)]
    return source, expected, path, kept


@pytest.mark.parametrize(
    "content",
    ["null", "[]", '{"key": "x", "entries": {}}', "{not json", '{"entries": 3}', "forged for another style"],
)
def test_a_broken_reference_cache_is_ignored(tmp_path: Path, content: str) -> None:
    source, expected, path, kept = _cached_reference(tmp_path)
    if content.startswith("forged"):  # entries kept for another style or citeproc-py version are not used
        content = json.dumps({"key": "another", "entries": dict.fromkeys(kept["entries"], "<b>forged</b>")})
    path.write_text(content, encoding="utf-8")
    assert CSLFormatter(ROOT / DEFAULT_STYLE, tmp_path / "c").entry(source) == expected


def _render_claim(store: Store, cache_dir: Path) -> str:
    renderer = Renderer(store, scan(store.root / "docs"), cache_dir=cache_dir)
    files = site_files(
        ["topics/axis.md", "evidence/claims.md", "evidence/sources.md", "method.md"], store=store
    )
    return str(renderer.claim(PageContext("topics/axis.md", files), "ghr-cause"))


def test_a_template_cache_that_cannot_be_read_or_written_is_skipped(tmp_path: Path) -> None:
    store = load_store(make_store(tmp_path), tmp_path / "seeds")
    expected = _render_claim(store, tmp_path / "good")
    files = list((tmp_path / "good" / "templates").iterdir())
    assert files
    for f in files:
        f.write_bytes(f.read_bytes()[:40] + b"\x00garbage")  # the magic header, then rubbish
    assert _render_claim(store, tmp_path / "good") == expected
    (tmp_path / "blocked").mkdir()
    (tmp_path / "blocked" / "templates").write_text("a file where the folder should be")
    assert _render_claim(store, tmp_path / "blocked") == expected


def test_a_template_cache_folder_without_write_permission_is_skipped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A folder that exists but cannot be written (as root, permissions do not stop writing: the refusal
    is made where Jinja creates its temporary file)."""
    import jinja2.bccache

    store = load_store(make_store(tmp_path), tmp_path / "seeds")
    expected = _render_claim(store, tmp_path / "fresh")

    def refuse(*args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(jinja2.bccache.tempfile, "NamedTemporaryFile", refuse)
    assert _render_claim(store, tmp_path / "read-only") == expected


@pytest.mark.slow
def test_a_build_with_every_cache_broken_passes_and_says_nothing(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    first = run_build(project, tmp_path / "site-1")
    assert first.returncode == 0, first.output
    cache = project / ".cache" / "store"
    kinds = {p.name.split("-")[0] for p in cache.iterdir()}
    assert {"store", "exports", "csl", "templates", "theme", "pages"} <= kinds, kinds
    theme = {p: p.stat().st_mtime_ns for p in (cache / "theme-templates").glob("__jinja2_*.cache")}
    assert len(theme) > 20  # Material's templates, compiled by the first build
    claim_pages = sorted((cache / "pages" / "claims").glob("*.md"))
    for p in claim_pages[:3]:
        p.write_text("---\ntitle: not this page\n---\n\n{{ broken(\n")
    for p in cache.glob("csl-*.json"):
        p.write_text("null\n")
    for p in [*cache.glob("exports-*.pickle"), *cache.glob("store-*.pickle")]:
        p.write_bytes(pickle.dumps(["a", "pickled", "list"]))
    shutil.rmtree(cache / "templates")
    (cache / "templates").write_text("a file where the folder should be")
    second = run_build(project, tmp_path / "site-2")
    assert second.returncode == 0, second.output
    assert (
        "Traceback" not in second.output and "ERROR" not in second.output and "WARNING" not in second.output
    )
    for page in ("evidence/claims/", "evidence/sources/", "index.html"):
        assert first.page(page) == second.page(page)
    for p in claim_pages[:3]:  # an item page's cached Markdown that is not what the store says is rewritten
        assert first.page(f"claims/{p.stem}/") == second.page(f"claims/{p.stem}/")
    # the second build read the compiled theme templates and compiled none again
    assert {p: p.stat().st_mtime_ns for p in theme} == theme
    for name in exports.FILES:
        assert (first.site / "downloads" / name).read_bytes() == (
            second.site / "downloads" / name
        ).read_bytes()


def test_a_reference_cache_made_by_other_code_is_not_used(tmp_path: Path, monkeypatch) -> None:
    """csl.py marks and cleans each formatted entry: cached entries are tied to the code that made them."""
    source, expected, path, kept = _cached_reference(tmp_path)
    style = ROOT / DEFAULT_STYLE
    path.write_text(json.dumps({**kept, "entries": dict.fromkeys(kept["entries"], "<b>old</b>")}))
    assert str(CSLFormatter(style, tmp_path / "c").entry(source)) == "<b>old</b>"  # same code: kept
    monkeypatch.setattr("macros.csl.code_digest", lambda: b"code edited since")
    assert CSLFormatter(style, tmp_path / "c").entry(source) == expected

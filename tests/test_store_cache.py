"""The store's fast path and its cache: same records as the careful path, lines still right, the cache
invalidated by any edit, records built lazily from the cache and equal to freshly validated ones."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest
import yaml

from macros import store as store_mod
from macros.store import StoreError, item_lines, load_store, parse_fast, parse_with_lines

from test_store import CLAIMS, make_store

ROOT = Path(__file__).resolve().parent.parent


def _plain(value):
    """LineDict/LineList to plain dicts and lists, for comparison."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


# Every file the store reads (data/explainers.yaml is one mapping, read by macros/explainers.py).
@pytest.mark.parametrize("path", sorted(p for p, _ in store_mod._data_files(ROOT) if p.exists()),
                         ids=lambda p: p.name)
def test_fast_parser_reads_every_data_file_as_pyyaml_does(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    slow, problems = parse_with_lines(text, path.name)
    assert not problems
    assert parse_fast(text) == _plain(slow)
    assert item_lines(text, len(slow)) == [line for line, _ in slow.item_lines]


def test_fast_parser_refuses_what_the_careful_parser_reports() -> None:
    assert parse_fast("- id: a\n  id: b\n") is None          # duplicate key
    assert parse_fast("- id: a\n\tstatus: x\n") is None       # tab indentation
    assert parse_fast("id: a\n") is None                      # not a list
    assert parse_fast("- [unclosed\n") is None


def test_item_lines_gives_up_rather_than_guess() -> None:
    text = "# comment\n- id: a\n  x: 1\n\n- id: b\n-\n  id: c\n"
    assert item_lines(text, 3) == [2, 5, 6]
    assert item_lines(text, 4) is None
    assert item_lines("[{id: a}, {id: b}]\n", 2) is None


def test_lines_are_right_when_the_fast_path_fails(tmp_path: Path) -> None:
    # a flow-style list (one record per line) defeats the line scan; the careful parser finds the line
    records = [yaml.safe_dump(r, default_flow_style=True, width=10_000).strip() for r in yaml.safe_load(CLAIMS)]
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
    restored = pickle.loads(cached_file.read_bytes())
    assert not restored.claims._built and all(isinstance(v, bytes) for v in restored.claims._raw.values())
    assert list(restored.claims) == list(fresh.claims)
    for cid in fresh.claims:
        assert restored.claims[cid] == fresh.claims[cid]
        assert restored.grades[cid] == fresh.grades[cid]
    for sid in fresh.sources:
        assert restored.sources[sid] == fresh.sources[sid]
    assert restored.claims_citing("smith-2001-study") == fresh.claims_citing("smith-2001-study")
    assert [s.id for s in restored.seeds()] == ["seed-blog"]
    assert [c.id for c in restored.claims_in_topic("axis")] == ["laron-cause", "ghr-cause"]


def test_cache_is_read_in_a_new_process_and_invalidated_by_an_edit(tmp_path: Path) -> None:
    root = make_store(tmp_path)
    cache = tmp_path / ".cache"
    load_store(root, root / "seeds", cache)
    store_mod._LOADED.clear()  # as a new process would start
    calls = []
    real = store_mod._load_uncached
    store_mod._load_uncached = lambda *a: calls.append(a) or real(*a)  # type: ignore[assignment]
    try:
        load_store(root, root / "seeds", cache)
        assert calls == []  # from the cache file
        path = root / "data/claims/axis.yaml"
        path.write_text(path.read_text().replace("GH-receptor mutations", "GH receptor mutations"))
        store_mod._LOADED.clear()
        edited = load_store(root, root / "seeds", cache)
        assert len(calls) == 1 and "GH receptor mutations" in edited.claims["ghr-cause"].statement
        assert len(list(cache.glob("store-*.pickle"))) == 1  # the stale entry was replaced
    finally:
        store_mod._load_uncached = real


def test_records_mapping_behaves_like_a_dict(tmp_path: Path) -> None:
    store = load_store(make_store(tmp_path), tmp_path / "seeds")
    assert len(store.claims) == 2 and "ghr-cause" in store.claims and "nope" not in store.claims
    assert store.claims.get("nope") is None
    assert [c.id for c in store.claims.values()] == ["laron-cause", "ghr-cause"]
    assert dict(store.claims.items())["ghr-cause"].topic == "axis"
    assert store.resolve_claim("nope") is None


# --- a large store is read by two processes -------------------------------------------------------

def _all_problems(root: Path) -> list[str]:
    with pytest.raises(StoreError) as info:
        load_store(root, None)
    return [str(p) for p in info.value.problems]


def test_real_store_read_by_a_worker_equals_the_store_read_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    alone = store_mod._load_uncached(ROOT, [(p, k, *store_mod._read(p)) for p, k in store_mod._data_files(ROOT)],
                                     None)
    monkeypatch.setattr(store_mod, "PARALLEL_MIN_BYTES", 0)
    monkeypatch.setattr(store_mod, "_cores", lambda: 2)
    contents = [(p, k, *store_mod._read(p)) for p, k in store_mod._data_files(ROOT)]
    chosen = store_mod._split(contents, 2)
    assert chosen and len(chosen) < sum(k in ("sources", "claims") for _, k, _, _ in contents)
    forked = []
    real_fork = store_mod._fork_reader
    monkeypatch.setattr(store_mod, "_fork_reader", lambda *a: forked.append(a[2]) or real_fork(*a))
    both = store_mod._load_uncached(ROOT, contents, None)
    assert forked == [chosen]
    # some records came from the worker, packed, and are built on use
    assert any(isinstance(v, bytes) for v in both.claims._raw.values())
    assert list(both.claims) == list(alone.claims) and list(both.sources) == list(alone.sources)
    for cid in alone.claims:
        assert both.claims[cid] == alone.claims[cid] and both.grades[cid] == alone.grades[cid]
    for sid in alone.sources:
        assert both.sources[sid] == alone.sources[sid]
    assert both.where == alone.where and both.aliases == alone.aliases
    assert both.topic_claims == alone.topic_claims and both.citing == alone.citing
    assert both.seed_ids == alone.seed_ids


def test_problems_in_files_the_worker_reads_still_name_file_and_line(tmp_path: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    root = make_store(tmp_path, data__claims__axis_yaml=CLAIMS.replace("status: established", "status: wrong"),
                      data__sources__more_yaml="- id: x-source\n  type: article-journal\n  title: [unclosed\n")
    expected = _all_problems(root)
    monkeypatch.setattr(store_mod, "PARALLEL_MIN_BYTES", 0)
    monkeypatch.setattr(store_mod, "_cores", lambda: 2)
    assert _all_problems(root) == expected
    assert any("data/claims/axis.yaml:13" in p for p in expected)
    assert any(p.startswith("data/sources/more.yaml:4:1") and "never closed" in p for p in expected)


def test_a_failed_worker_leaves_its_files_to_the_main_process(tmp_path: Path,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    root = make_store(tmp_path)
    monkeypatch.setattr(store_mod, "PARALLEL_MIN_BYTES", 0)
    monkeypatch.setattr(store_mod, "_cores", lambda: 2)
    monkeypatch.setattr(store_mod, "_read_packed", lambda *a: 1 / 0)  # the child dies with status 1
    store = load_store(root, root / "seeds")
    assert set(store.claims) == {"laron-cause", "ghr-cause"} and store.claims["ghr-cause"].topic == "axis"


def test_large_store_cache_is_written_in_the_background(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = make_store(tmp_path)
    monkeypatch.setattr(store_mod, "PARALLEL_MIN_BYTES", 0)
    monkeypatch.setattr(store_mod, "_cores", lambda: 2)
    cache = tmp_path / ".cache"
    store_mod._LOADED.clear()
    load_store(root, root / "seeds", cache)
    assert store_mod._WRITERS  # a child writes it
    store_mod.wait_for_cache_writers()
    [cached_file] = cache.glob("store-*.pickle")
    assert not list(cache.glob(".*.tmp"))
    restored = pickle.loads(cached_file.read_bytes())
    assert list(restored.claims) == ["laron-cause", "ghr-cause"]

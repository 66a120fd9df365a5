"""Targeted rebuilds: which pages a store change touches, and the dev server's builder doing only those."""

from __future__ import annotations

import json
import logging
import os
import time
from pathlib import Path

import pytest

from macros import store as store_mod
from macros.deps import affected_pages, untracked_pages
from macros.models import Question
from macros.store import load_store
from macros.usage import scan
from test_store import CLAIMS, SOURCES, make_store

PAGES = {
    "docs/topics/axis.md": '# Axis\n\n{{ claim("ghr-cause") }}\n\n{{ references() }}\n',
    "docs/laron.md": '# Laron\n\n{{ claim_card("laron-cause") }}\n',
    "docs/refuted.md": '# Refuted\n\n{{ claims_table(status="refuted") }}\n',
    "docs/cited.md": '# Cited\n\nA study {{ cite("smith-2001-study") }}.\n',
    "docs/plain.md": "# Plain\n\nNo macros here.\n",
    "docs/register.md": "# All\n\n{{ claims_register() }}\n",
    "docs/widget.md": '# Widget\n\n{{ some_explainer("x") }}\n',
}


def stores(tmp_path: Path, claims: str = CLAIMS, sources: str = SOURCES, glossary: str | None = None):
    """The store before and after an edit of the data files, and the pages' usage."""
    def pages(root: Path) -> Path:
        for rel, text in PAGES.items():
            (root / rel).parent.mkdir(parents=True, exist_ok=True)
            (root / rel).write_text(text, encoding="utf-8")
        return root

    root = pages(make_store(tmp_path))
    old = load_store(root, root / "seeds")
    pages(make_store(root, data__claims__axis_yaml=claims, data__sources__main_yaml=sources,
                     **({"data__glossary_yaml": glossary} if glossary else {})))
    store_mod._LOADED.clear()
    new = load_store(root, root / "seeds")
    return old, new, scan(root / "docs"), untracked_pages(root / "docs")


def test_untracked_pages_are_those_with_unknown_macros(tmp_path: Path) -> None:
    *_, untracked = stores(tmp_path)
    assert untracked == {"widget.md"}


def test_no_change_rebuilds_nothing(tmp_path: Path) -> None:
    old, new, usage, untracked = stores(tmp_path)
    assert affected_pages(old, new, usage, untracked) == set()


def test_edited_claim_rebuilds_the_pages_that_show_it(tmp_path: Path) -> None:
    edited = CLAIMS.replace("caused by GH-receptor mutations", "caused by growth-hormone-receptor mutations")
    old, new, usage, untracked = stores(tmp_path, claims=edited)
    assert affected_pages(old, new, usage, untracked) == {"topics/axis.md", "register.md", "widget.md"}


def test_claim_in_a_filtered_table_and_its_status_change(tmp_path: Path) -> None:
    # laron-cause is refuted: on laron.md as a card and in the refuted table; making it contested
    # must rebuild the table page too (it leaves the table)
    edited = CLAIMS.replace("status: refuted", "status: contested")
    old, new, usage, untracked = stores(tmp_path, claims=edited)
    pages = affected_pages(old, new, usage, untracked)
    assert {"laron.md", "refuted.md", "register.md"} <= pages
    assert "topics/axis.md" in pages  # ghr-cause's card lists laron-cause as related: its text is shown
    assert "cited.md" not in pages and "plain.md" not in pages


def test_edited_source_rebuilds_pages_citing_it_directly_or_through_claims(tmp_path: Path) -> None:
    edited = SOURCES.replace("title: A study", "title: A corrected study")
    old, new, usage, untracked = stores(tmp_path, sources=edited)
    assert affected_pages(old, new, usage, untracked) == {
        "topics/axis.md", "laron.md", "refuted.md", "cited.md", "register.md", "widget.md"}


def test_glossary_change_rebuilds_everything(tmp_path: Path) -> None:
    glossary = "- term: GH\n  expansion: growth hormone (somatotropin)\n  definition: A hormone.\n"
    old, new, usage, untracked = stores(tmp_path, glossary=glossary)
    assert affected_pages(old, new, usage, untracked) is None


@pytest.mark.slow
def test_dev_server_builder_rebuilds_only_the_affected_page(project: Path, tmp_path: Path,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    from macros.serve import Builder, ChangedPaths

    site = tmp_path / "site"
    changes = ChangedPaths()
    builder = Builder(str(project / "mkdocs.yml"), str(site), "http://127.0.0.1:1/", changes)
    monkeypatch.chdir(project)
    builder()
    assert builder.last == "full"
    usage, store = builder.usage, builder.store
    # a claim that one topic page uses and another does not (topic pages may share claims), with no
    # related claims either way (cards show related statements, so those pages rebuild too)
    linked = {r for c in store.claims.values() for r in c.related} | {
        c.id for c in store.claims.values() if c.related}
    topic, other, cid = next(
        (t, o, c) for t in store.topics.values()
        for c in sorted(usage.claims.get(t.page, set()) & set(store.claims) - linked)
        for o in store.topics.values() if o.id != t.id
        and o.page not in usage.pages_using_claim(c, store.claims[c].topic, store.claims[c].status.value))
    data_file = project / store.where[cid][0]
    text = data_file.read_text(encoding="utf-8")
    line = store.where[cid][1]
    lines = text.split("\n")
    i = next(i for i in range(line - 1, len(lines)) if lines[i].lstrip().startswith("statement:"))
    head, value = lines[i].split("statement:", 1)
    value = value.strip()
    quote = value[0] if value[:1] in "'\"" else ""
    lines[i] = f"{head}statement: {quote}Zqmarker {value[len(quote):]}"
    other_html = site / topic_url(other.page)
    before = other_html.stat().st_mtime_ns
    time.sleep(0.01)
    data_file.write_text("\n".join(lines), encoding="utf-8")
    changes.on_any_event(_Event(str(data_file)))
    builder()
    assert builder.last.startswith("pages:") and topic.page in builder.last
    assert other.page not in builder.last
    assert "Zqmarker" in (site / topic_url(topic.page)).read_text(encoding="utf-8")
    assert other_html.stat().st_mtime_ns == before  # not rebuilt
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    locations = {d["location"].split("#")[0] for d in index["docs"]}
    assert topic_url(other.page).removesuffix("index.html") in locations  # search index kept whole


def topic_url(page: str) -> str:
    return page[:-3] + "/index.html"


class _Event:
    is_directory = False
    event_type = "modified"

    def __init__(self, path: str):
        self.src_path = path


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


# --- two-step rebuilds: the page showing a change first, the registers after it -----------------------

class _FakeServer:
    """Stands in for macros.serve.DevServer: records what the builder publishes, and when."""

    def __init__(self, on_publish=None, viewed: set[str] | None = None):  # noqa: ANN001
        self.calls: list[tuple[str, object]] = []
        self.on_publish = on_publish
        self.on_hold = None
        self.someone_waits = False
        self._viewed = viewed or set()

    def publish(self, pending: set[str]) -> None:
        self.calls.append(("publish", set(pending)))
        if self.on_publish:
            self.on_publish()

    def hold(self, pending: set[str]) -> None:
        self.calls.append(("hold", set(pending)))
        if self.on_hold:
            self.on_hold()

    def withdraw(self) -> None:
        self.calls.append(("withdraw", None))

    def finish(self) -> None:
        self.calls.append(("finish", None))

    def viewed(self) -> set[str]:
        return set(self._viewed)

    def waiting(self) -> bool:
        return self.someone_waits


def _serving_builder(project: Path, site: Path, server: _FakeServer):  # noqa: ANN202
    from macros.serve import Builder, ChangedPaths

    changes = ChangedPaths()
    builder = Builder(str(project / "mkdocs.yml"), str(site), "http://127.0.0.1:1/", changes)
    builder.server = server
    return builder, changes


def _edit_claim(project: Path, changes, marker: str, original: dict) -> tuple[str, str]:  # noqa: ANN001
    """Put marker at the start of a topic page's claim statement; (topic page, data file)."""
    from benchmarks.serve import mark_statement, pick_claim

    _cid, page, data_file, line = pick_claim(project)
    text = original.setdefault("text", data_file.read_text(encoding="utf-8"))
    data_file.write_text(mark_statement(text, line, marker), encoding="utf-8")
    changes.on_any_event(_Event(str(data_file)))
    return page, str(data_file)


REGISTER = "evidence/claims/index.html"


@pytest.mark.slow
def test_claim_edit_serves_its_topic_page_first_then_the_registers(project: Path, tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    site = tmp_path / "site"
    seen: dict[str, str] = {}
    server = _FakeServer(on_publish=lambda: seen.update(
        topic=(site / topic_url(page)).read_text(encoding="utf-8"),
        register=(site / REGISTER).read_text(encoding="utf-8") if (site / REGISTER).exists() else ""))
    builder, changes = _serving_builder(project, site, server)
    monkeypatch.chdir(project)
    builder()
    assert builder.last == "full" and "publish" not in {c[0] for c in server.calls}
    server.calls.clear()
    page, _ = _edit_claim(project, changes, "Zqfirststep", {})
    builder()
    first, then = builder.steps
    assert page in first and "evidence/claims.md" in then and "evidence/sources.md" in then
    assert first.isdisjoint(then)
    # published once, after the first step: the topic page was new, the register not yet
    assert [c[0] for c in server.calls] == ["publish", "hold", "finish"]
    assert REGISTER in server.calls[0][1] and "search/search_index.json" in server.calls[0][1]
    assert server.calls[1][1] == {"search/search_index.json"}  # the registers are served once written
    assert topic_url(page) not in server.calls[0][1]
    assert "Zqfirststep" in seen["topic"] and "Zqfirststep" not in seen["register"]
    # and once the build is done, the registers and the search index show the edit too
    assert "Zqfirststep" in (site / REGISTER).read_text(encoding="utf-8")
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    hits = {d["location"].split("#")[0] for d in index["docs"] if "Zqfirststep" in d["text"]}
    assert topic_url(page).removesuffix("index.html") in hits and "evidence/claims/" in hits
    assert "" in {d["location"].split("#")[0] for d in index["docs"]}  # other pages kept


@pytest.mark.slow
def test_claim_edits_during_the_second_step_are_not_lost(project: Path, tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    site = tmp_path / "site"
    original: dict = {}
    edits = iter(["Zqsecondedit", "Zqthirdedit"])

    def next_edit() -> None:  # saved while the registers are to be rebuilt
        marker = next(edits, None)
        if marker:
            _edit_claim(project, changes, marker, original)

    server = _FakeServer()
    builder, changes = _serving_builder(project, site, server)
    monkeypatch.chdir(project)
    builder()
    server.calls.clear()
    page, _ = _edit_claim(project, changes, "Zqfirstedit", original)
    topic, register = site / topic_url(page), site / REGISTER
    server.on_publish = next_edit
    builder()
    # the second step was cut short for the second edit: its pages are still held by the server
    assert [c[0] for c in server.calls] == ["publish"] and REGISTER in server.calls[0][1]
    assert "Zqfirstedit" in topic.read_text(encoding="utf-8")
    assert "Zqfirstedit" not in register.read_text(encoding="utf-8")
    server.calls.clear()
    server.someone_waits = True  # a request waits for a register: not cut short, however many changes
    builder()  # the second edit, with the pages cut short; the third edit comes in meanwhile
    assert {page, "evidence/claims.md", "evidence/sources.md"} <= set(builder.last[7:].split(", "))
    assert [c[0] for c in server.calls] == ["publish", "hold", "finish"]  # not cut short
    server.someone_waits = False
    # every step renders the store its plan compared: the third edit is not half shown
    for path in (topic, register):
        text = path.read_text(encoding="utf-8")
        assert "Zqsecondedit" in text and "Zqthirdedit" not in text, path
    index = (site / "search" / "search_index.json").read_text(encoding="utf-8")
    assert "Zqsecondedit" in index and "Zqfirstedit" not in index  # the topic page indexed once
    builder()  # the next rebuild takes the third edit
    assert builder.last.startswith("pages:") and page in builder.last
    for path in (topic, register):
        text = path.read_text(encoding="utf-8")
        assert "Zqthirdedit" in text and "Zqsecondedit" not in text, path
    index = (site / "search" / "search_index.json").read_text(encoding="utf-8")
    assert "Zqthirdedit" in index and "Zqsecondedit" not in index and "Zqfirstedit" not in index


@pytest.mark.slow
def test_a_change_noticed_inside_the_second_step_stops_it(project: Path, tmp_path: Path, caplog,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:  # noqa: ANN001
    site = tmp_path / "site"
    server = _FakeServer()
    builder, changes = _serving_builder(project, site, server)
    monkeypatch.chdir(project)
    builder()
    server.calls.clear()
    page, _ = _edit_claim(project, changes, "Zqinside", {})
    asked: list[int] = []

    def pending() -> bool:  # nothing when the second step starts; a change once its build is under way
        asked.append(1)
        return len(asked) > 1
    changes.pending = pending
    before = (site / REGISTER).read_text(encoding="utf-8")
    with caplog.at_level(logging.INFO):
        builder()
    assert len(asked) == 2  # asked before the step, then stopped at its first page
    assert [c[0] for c in server.calls] == ["publish"]
    assert (site / REGISTER).read_text(encoding="utf-8") == before  # not rewritten, still held
    assert "will be rebuilt with it" in caplog.text
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR], caplog.text
    assert builder._carry == builder.steps[1]


@pytest.mark.slow
def test_a_change_noticed_while_indexing_leaves_the_index_for_the_next_rebuild(project: Path, tmp_path: Path,
                                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    site = tmp_path / "site"
    server = _FakeServer()
    builder, changes = _serving_builder(project, site, server)
    monkeypatch.chdir(project)
    builder()
    server.calls.clear()
    page, _ = _edit_claim(project, changes, "Zqindexing", {})
    came: list[bool] = []
    server.on_hold = lambda: came.append(True)  # the pages are written; a change comes in
    changes.pending = lambda: bool(came)
    builder()
    assert [c[0] for c in server.calls] == ["publish", "hold"]  # the index is still held
    assert "Zqindexing" in (site / REGISTER).read_text(encoding="utf-8")
    index = site / "search" / "search_index.json"
    assert "Zqindexing" not in index.read_text(encoding="utf-8")
    came.clear()
    builder()  # nothing else changed: the pages rebuilt before are indexed now
    assert server.calls[-1][0] == "finish"
    locations = {d["location"].split("#")[0] for d in json.loads(index.read_text(encoding="utf-8"))["docs"]
                 if "Zqindexing" in d["text"]}
    assert {topic_url(page).removesuffix("index.html"), "evidence/claims/"} <= locations


@pytest.mark.slow
def test_a_register_open_in_a_browser_is_rebuilt_in_the_first_step(project: Path, tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    site = tmp_path / "site"
    builder, changes = _serving_builder(project, site, _FakeServer(viewed={REGISTER}))
    monkeypatch.chdir(project)
    builder()
    page, _ = _edit_claim(project, changes, "Zqviewed", {})
    builder()
    first, then = builder.steps
    assert {page, "evidence/claims.md"} <= first and "evidence/sources.md" in then


@pytest.mark.slow
def test_a_page_rebuild_compiles_only_the_page_itself(project: Path, tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    import jinja2

    site = tmp_path / "site"
    builder, changes = _serving_builder(project, site, _FakeServer())
    page = project / "docs" / "topics" / "hair-loss.md"
    text = page.read_text(encoding="utf-8")
    monkeypatch.chdir(project)
    builder()
    for i in range(2):
        compiled: list[str | None] = []
        compile_ = jinja2.Environment.compile

        def counting(self, source, name=None, filename=None, *args, **kwargs):  # noqa: ANN001, ANN202
            compiled.append(filename)
            return compile_(self, source, name, filename, *args, **kwargs)
        monkeypatch.setattr(jinja2.Environment, "compile", counting)
        page.write_text(text + f"\n\nZqcompiled{i}\n", encoding="utf-8")
        changes.on_any_event(_Event(str(page)))
        builder()
        monkeypatch.setattr(jinja2.Environment, "compile", compile_)
        assert builder.steps == [{"topics/hair-loss.md"}]
        assert f"Zqcompiled{i}" in (site / "topics" / "hair-loss" / "index.html").read_text(encoding="utf-8")
    # the second time, the theme's and the macros' templates come compiled: only the page is new
    assert len([f for f in compiled if f]) == 0 and len(compiled) <= 1, compiled


def test_a_failed_second_step_withdraws_the_published_pages(tmp_path: Path) -> None:
    from types import SimpleNamespace

    from macros.serve import Builder, ChangedPaths

    server = _FakeServer()
    builder = Builder(None, str(tmp_path / "site"), "http://127.0.0.1:1/", ChangedPaths())
    builder.server = server
    builder.store, builder.usage = before = (object(), object())
    config = SimpleNamespace(use_directory_urls=True, docs_dir=str(tmp_path))
    builder.plan = lambda config, changed: {"topic.md", "register.md"}
    builder.split = lambda config, plan: ({"topic.md"}, {"register.md"})
    builder.reuse_theme = lambda config, full: None
    builder.load_config = lambda: config
    built: list[set[str]] = []

    def build_pages(config, pages, store, interruptible=False):  # noqa: ANN001, ANN202
        built.append(pages)
        if len(built) == 2:
            raise SystemExit("the register does not render")
        return []
    builder.build_pages = build_pages
    with pytest.raises(SystemExit):
        builder(config)
    assert built == [{"topic.md"}, {"register.md"}]
    assert [c[0] for c in server.calls] == ["publish", "withdraw", "finish"]
    assert server.calls[0][1] == {"register/index.html", "search/search_index.json"}
    assert (builder.store, builder.usage) == before  # the next plan compares with the last good store


def test_dev_server_holds_requests_for_files_still_being_rebuilt(tmp_path: Path) -> None:
    import threading

    from macros.serve import DevServer

    (tmp_path / "topic").mkdir()
    (tmp_path / "topic" / "index.html").write_text("<body>new topic</body>", encoding="utf-8")
    server = DevServer(builder=lambda: None, host="127.0.0.1", port=0, root=str(tmp_path))

    def get(path: str, out: list) -> None:  # noqa: ANN001
        env = {"PATH_INFO": path, "REQUEST_METHOD": "GET"}
        body = server.serve_request(env, lambda status, headers: out.append(status))
        out.append(b"".join(body))
        if hasattr(body, "close"):
            body.close()

    server.publish({"register/index.html", "search/search_index.json"})
    topic: list = []
    get("/topic/", topic)  # not pending: served at once
    assert topic[0] == "200 OK" and b"new topic" in topic[1] and not server.waiting()
    held: dict[str, list] = {p: [] for p in ("/register/", "/register", "/search/search_index.json")}
    threads = [threading.Thread(target=get, args=(p, out), daemon=True) for p, out in held.items()]
    for t in threads:
        t.start()
    time.sleep(0.3)
    assert all(out == [] for out in held.values()), held  # waiting, not served stale or missing
    assert server.waiting()
    (tmp_path / "register").mkdir()
    (tmp_path / "register" / "index.html").write_text("<body>new register</body>", encoding="utf-8")
    (tmp_path / "search").mkdir()
    (tmp_path / "search" / "search_index.json").write_text('{"docs": []}', encoding="utf-8")
    server.finish()
    for t in threads:
        t.join(5)
    assert not server.waiting()
    assert b"new register" in held["/register/"][1]
    assert held["/register"][0].startswith("302")  # to /register/, now that it exists
    assert held["/search/search_index.json"][1] == b'{"docs": []}'
    server.server_close()


def test_dev_server_knows_which_pages_browsers_have_open(tmp_path: Path) -> None:
    import threading

    from macros.serve import DevServer

    server = DevServer(builder=lambda: None, host="127.0.0.1", port=0, root=str(tmp_path))
    server.poll_response_timeout = 5
    env = {"PATH_INFO": "/livereload/1/1", "REQUEST_METHOD": "GET",
           "HTTP_REFERER": "http://127.0.0.1:8000/evidence/claims/"}
    done: list = []
    poll = threading.Thread(target=lambda: done.append(server.serve_request(env, lambda *a: None)), daemon=True)
    server._visible_epoch = 0  # older than the browser's: the poll waits
    poll.start()
    time.sleep(0.3)
    assert server.viewed() == {"evidence/claims/index.html"}
    server._visible_epoch = 10**15
    with server._epoch_cond:
        server._epoch_cond.notify_all()
    poll.join(5)
    assert done and server.viewed() == set()
    server.server_close()


def test_git_stamp_moves_with_a_commit(tmp_path: Path) -> None:
    import subprocess

    from macros.serve import _git_stamp

    def git(*args: str) -> None:
        subprocess.run(["git", "-C", str(tmp_path), *args], check=True, capture_output=True,
                       env={**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@e",
                            "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@e"})
    git("init", "-q")
    (tmp_path / "a").write_text("a", encoding="utf-8")
    git("add", "a")
    git("commit", "-q", "-m", "one")
    one = _git_stamp(tmp_path / "sub")
    assert one == _git_stamp(tmp_path)
    time.sleep(0.01)
    git("commit", "-q", "--allow-empty", "-m", "two")
    two = _git_stamp(tmp_path)
    assert two != one
    git("tag", "v1")
    assert _git_stamp(tmp_path) != two


def test_downloads_are_rendered_again_only_for_another_store(monkeypatch: pytest.MonkeyPatch) -> None:
    from mkdocs_macros import context

    from macros import exports
    from macros.serve import _memoize_for_serving

    calls: list[object] = []
    monkeypatch.setattr(exports, "render_all", lambda store, cache_dir=None: calls.append(store)
                        or {"claims.json": str(id(store))})
    monkeypatch.setattr(context, "get_git_info", context.get_git_info)
    _memoize_for_serving()
    one, two = object(), object()
    assert exports.render_all(one) == exports.render_all(one) == {"claims.json": str(id(one))}
    assert exports.render_all(two) == {"claims.json": str(id(two))}
    assert exports.render_all(two, cache_dir=None) == {"claims.json": str(id(two))}  # other arguments
    assert calls == [one, two, two]



def test_a_summary_of_findings_rebuilds_when_a_question_claim_changes(tmp_path: Path) -> None:
    edited = CLAIMS.replace("caused by GH-receptor mutations", "caused by growth-hormone-receptor mutations")
    old, new, usage, untracked = stores(tmp_path, claims=edited)
    usage.summaries["summary.md"] = {"axis"}
    changed = next(cid for cid in new.claims if new.claims[cid] != old.claims[cid])
    for store in (old, new):  # the same question in both: the topics did not change
        topic = store.topics["axis"]
        store.topics["axis"] = topic.model_copy(update={"questions": [Question(question="Why?", claim=changed)]})
    assert "summary.md" in affected_pages(old, new, usage, untracked)
    for store in (old, new):
        store.topics["axis"] = store.topics["axis"].model_copy(update={"questions": []})
    assert "summary.md" not in affected_pages(old, new, usage, untracked)

"""The dev servers. `make serve` (macros/serve.py) and `mkdocs serve` survive mistakes: a broken store or
page prints one clean error while the last good site stays served, and fixing the file brings the new
content back without a restart. `make serve` rebuilds only the pages a change shows on, never serves a
half-written file, runs edited Python code, and its live reload works under the Content-Security-Policy.
The MkDocs internals macros/serve.py relies on are checked here, so that an upgrade changing one fails."""

from __future__ import annotations

import base64
import gzip
import hashlib
import json
import logging
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

TIMEOUT = 240  # seconds for one rebuild on a busy two-core machine


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch_bytes(url: str, timeout: float = 30) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as resp:
            return resp.status, resp.read()
    except urllib.error.HTTPError as exc:
        return exc.code, b""
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return 0, b""


def fetch(url: str) -> tuple[int, str]:
    status, body = fetch_bytes(url)
    return status, body.decode("utf-8")


def wait_for(what: str, check, timeout: float = TIMEOUT) -> None:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if check():
            return
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


# `make serve` runs our dev server (targeted rebuilds); plain `mkdocs serve` gets the same guard from a hook.
COMMANDS = {
    "make-serve": ["-m", "macros.serve", "--dev-addr"],
    "mkdocs-serve": ["-m", "mkdocs", "serve", "--livereload", "--dev-addr"],
}


class Server:
    def __init__(self, project: Path, log: Path, command: list[str]):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/"
        self.log = log
        self._fh = log.open("w", encoding="utf-8")
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONUNBUFFERED": "1"}
        self.proc = subprocess.Popen(
            [sys.executable, *command, f"127.0.0.1:{self.port}", "-f", str(project / "mkdocs.yml")],
            cwd=project,
            stdout=self._fh,
            stderr=subprocess.STDOUT,
            env=env,
            start_new_session=True,
        )

    def output(self) -> str:
        return self.log.read_text(encoding="utf-8")

    def stop(self) -> None:
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGINT)
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait()
        self._fh.close()


@pytest.fixture(params=sorted(COMMANDS))
def server(request, project: Path, tmp_path: Path):
    srv = Server(project, tmp_path / "serve.log", COMMANDS[request.param])
    try:
        wait_for("the first build", lambda: fetch(srv.url + "topics/hair-loss/")[0] == 200)
        yield srv
    finally:
        srv.stop()


def _serves(srv: Server, text: str) -> bool:
    status, body = fetch(srv.url + "topics/hair-loss/")
    return status == 200 and text in body


def _errors_after(srv: Server, start: int) -> str:
    return srv.output()[start:]


def test_broken_store_and_page_keep_the_last_good_site(server: Server, project: Path) -> None:
    page = project / "docs" / "topics" / "hair-loss.md"
    glossary = project / "data" / "glossary.yaml"
    good_page, good_glossary = page.read_text(encoding="utf-8"), glossary.read_text(encoding="utf-8")
    assert _serves(server, "IGF-1")

    # 1. A data file breaks: the error is printed, the old site is still served.
    mark = len(server.output())
    glossary.write_text(
        good_glossary.replace("- term: GH\n", "- term: GH\n\tbad: tab\n", 1), encoding="utf-8"
    )
    wait_for("the store error in the log", lambda: "data/glossary.yaml:" in _errors_after(server, mark))
    wait_for(
        "the last good site put back", lambda: "still serving the last good" in _errors_after(server, mark)
    )
    log = _errors_after(server, mark)
    assert "tab" in log and "Traceback" not in log, log
    assert _serves(server, "IGF-1"), "the last good site is no longer served"

    # 2. Fixed (with a visible change): the new content is served, no restart.
    glossary.write_text(good_glossary, encoding="utf-8")
    page.write_text(good_page + "\n\nServe-recovery-marker-one.\n", encoding="utf-8")
    wait_for("the fixed site", lambda: _serves(server, "Serve-recovery-marker-one"))

    # 3. A page breaks (unknown claim): error printed, the last good site still served in full.
    mark = len(server.output())
    page.write_text(good_page + '\n\n{{ claim("no-such-claim") }}\n', encoding="utf-8")
    wait_for("the page error in the log", lambda: "no-such-claim" in _errors_after(server, mark))
    wait_for(
        "the last good site put back", lambda: "still serving the last good" in _errors_after(server, mark)
    )
    log = _errors_after(server, mark)
    assert "docs/topics/hair-loss.md:" in log and "Traceback" not in log, log
    assert _serves(server, "Serve-recovery-marker-one"), "the last good site is no longer served"
    assert fetch(server.url + "evidence/claims/")[0] == 200
    assert fetch(server.url + "assets/igf.js")[0] == 200

    # 4. Fixed again: recovers.
    page.write_text(good_page + "\n\nServe-recovery-marker-two.\n", encoding="utf-8")
    wait_for("the second fix", lambda: _serves(server, "Serve-recovery-marker-two"))
    assert server.proc.poll() is None, "the server stopped"


@pytest.fixture
def make_serve(project: Path, tmp_path: Path):
    """`make serve` (python -m macros.serve) on a copy of the project, once its first build is served."""
    srv = Server(project, tmp_path / "serve.log", COMMANDS["make-serve"])
    try:
        wait_for("the first build", lambda: fetch(srv.url + "topics/hair-loss/")[0] == 200)
        yield srv
    finally:
        srv.stop()


def _claim(project: Path) -> tuple[str, Path, str, int]:
    """A claim shown on a topic page: (topic page path of the URL, data file, its text, statement line)."""
    from benchmarks.serve import pick_claim

    _cid, page, data_file, line = pick_claim(project)
    return page.removesuffix(".md") + "/", data_file, data_file.read_text(encoding="utf-8"), line


def _pages_showing(project: Path) -> set[str]:
    """The pages that show the claim `_claim` edits: they call it, or a claim related to it (either way)."""
    from benchmarks.serve import pick_claim
    from macros.store import load_store
    from macros.usage import scan

    cid = pick_claim(project)[0]
    store = load_store(project)
    shown = {cid} | {c.id for c in store.related_to(store.claims[cid])}
    return {page for page, ids in scan(project / "docs").claims.items() if ids & shown}


def _rebuilds(srv: Server, start: int) -> list[str]:
    return re.findall(r"Rebuilding \d+ page\(s\): (.*)|(Building the whole site)", srv.output()[start:])


def test_claim_edit_rebuilds_the_pages_that_show_it(make_serve: Server, project: Path) -> None:
    from benchmarks.serve import mark_statement

    topic, data_file, good, line = _claim(project)
    topic, register = make_serve.url + topic, make_serve.url + "evidence/claims/"
    mark = len(make_serve.output())
    for marker in ("Zqserveone", "Zqservetwo"):
        data_file.write_text(mark_statement(good, line, marker), encoding="utf-8")
        wait_for(f"{marker} on the topic page", lambda m=marker: m in fetch(topic)[1])
        assert marker in fetch(register)[1], "the register was served before it was rebuilt"
    for url in (topic, register):
        assert "Zqserveone" not in fetch(url)[1], url
    rebuilds = _rebuilds(make_serve, mark)
    assert rebuilds and all(pages and "evidence/claims.md" in pages for pages, _full in rebuilds), rebuilds
    showing = _pages_showing(project)  # its topic page, and pages showing it or naming it
    assert topic.split("/", 3)[-1].rstrip("/") + ".md" in showing
    assert not any(
        page.startswith("topics/") and page not in showing
        for pages, _full in rebuilds
        for page in pages.split(", ")
    ), rebuilds
    assert make_serve.proc.poll() is None


def test_claim_edit_rebuilds_its_own_page_not_every_claim_page(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An edit to a claim's evidence (its page's Markdown is unchanged: the finding is drawn by the macro)
    rewrites that claim's page and the few pages showing it, not the other claim pages."""
    from benchmarks.serve import mark_statement, pick_claim

    cid, _page, data_file, line = pick_claim(project)
    text = data_file.read_text(encoding="utf-8")
    lines = text.split("\n")
    finding = next(i for i in range(line, len(lines)) if lines[i].lstrip().startswith("finding:"))
    work = tmp_path / "work"  # the server's folders (a restarted server is told them the same way)
    monkeypatch.setenv("IGF_SERVE_FOLDER", str(work))
    srv = Server(project, tmp_path / "serve.log", COMMANDS["make-serve"])
    try:
        page = srv.url + f"claims/{cid}/"
        wait_for("the first build", lambda: fetch(page)[0] == 200)
        outputs = sorted((work / "build" / "claims").glob("*/index.html"))
        before = {p: p.stat().st_mtime_ns for p in outputs}
        data_file.write_text(mark_statement(text, finding, "Zqfinding", key="finding"), encoding="utf-8")
        wait_for("the edited finding on the claim's page", lambda: "Zqfinding" in fetch(page)[1])
        rewritten = {p.parent.name for p in outputs if p.stat().st_mtime_ns != before[p]}
    finally:
        srv.stop()
    assert cid in rewritten
    assert len(outputs) > 100 and len(rewritten) <= 10, sorted(rewritten)


def test_page_edit_rebuilds_that_page_only(make_serve: Server, project: Path) -> None:
    page = project / "docs" / "topics" / "hair-loss.md"
    good = page.read_text(encoding="utf-8")
    mark = len(make_serve.output())
    page.write_text(good + "\n\nZqpageedit.\n", encoding="utf-8")
    wait_for("the edit on the page", lambda: "Zqpageedit" in fetch(make_serve.url + "topics/hair-loss/")[1])
    assert _rebuilds(make_serve, mark) == [("topics/hair-loss.md", "")]
    assert (
        'href="../gh-igf1-axis/"' in fetch(make_serve.url + "topics/hair-loss/")[1]
    )  # its navigation is whole
    _status, body = fetch(make_serve.url + "search/search_index.json")
    docs = json.loads(body)["docs"]
    assert any("Zqpageedit" in d["text"] for d in docs if d["location"].startswith("topics/hair-loss/"))
    assert {d["location"] for d in docs} >= {
        "",
        "evidence/claims/",
        "topics/gh-igf1-axis/",
    }  # the rest is kept
    assert len([d for d in docs if d["location"] == "topics/hair-loss/"]) == 1


DOWNLOADS = [
    "downloads/sources.bib",
    "downloads/sources.ris",
    "downloads/sources.csl.json",
    "downloads/claims.json",
    "sitemap.xml",
    "sitemap.xml.gz",
    "search/search_index.json",
]


def _whole(path: str, body: bytes, first: dict[str, bytes]) -> bool:
    """Whether a download is a whole file: parsed, or equal to its first version where edits to a claim's
    statement do not change it."""
    try:
        if path.endswith(".json"):
            json.loads(body)
        elif path.endswith(".xml"):
            ET.fromstring(body)
        elif path.endswith(".gz"):
            ET.fromstring(gzip.decompress(body))
        if path in (
            "downloads/sources.bib",
            "downloads/sources.ris",
            "downloads/sources.csl.json",
            "sitemap.xml",
        ):
            return body == first[path]
        return path != "downloads/claims.json" or b"Zqatomic" in body or body == first[path]
    except (ValueError, ET.ParseError, OSError, EOFError):
        return False


def test_forty_clients_during_fifteen_edits_get_only_whole_files(make_serve: Server, project: Path) -> None:
    from benchmarks.serve import mark_statement

    topic, data_file, good, line = _claim(project)
    first = {path: fetch_bytes(make_serve.url + path)[1] for path in DOWNLOADS}
    assert all(first.values()) and all(_whole(p, b, first) for p, b in first.items())
    stop, lock = threading.Event(), threading.Lock()
    bad: list[str] = []
    count = [0]

    def client(n: int) -> None:
        while not stop.is_set():
            path = DOWNLOADS[n % len(DOWNLOADS)]
            n += 1
            try:
                status, body = fetch_bytes(make_serve.url + path, timeout=TIMEOUT)
            except Exception as exc:  # noqa: BLE001 - e.g. a body shorter than its Content-Length
                status, body = repr(exc), b""
            with lock:
                count[0] += 1
                if status != 200 or not _whole(path, body, first):
                    bad.append(f"{path}: {status}, {len(body)} bytes")

    threads = [threading.Thread(target=client, args=(n,), daemon=True) for n in range(40)]
    for t in threads:
        t.start()
    try:
        for i in range(15):
            marker = f"Zqatomic{i}x"
            data_file.write_text(mark_statement(good, line, marker), encoding="utf-8")
            wait_for(f"edit {i} served", lambda m=marker: m in fetch(make_serve.url + topic)[1])
    finally:
        stop.set()
        for t in threads:
            t.join(timeout=TIMEOUT)
    print(f"{count[0]} responses during 15 edits")
    assert count[0] >= 15 * len(DOWNLOADS), count
    assert not bad, f"{len(bad)} of {count[0]} responses were not whole: {bad[:10]}"
    claims = json.loads(fetch_bytes(make_serve.url + "downloads/claims.json")[1])
    assert "Zqatomic14x" in json.dumps(claims)


def test_edited_python_code_runs_after_a_restart(make_serve: Server, project: Path) -> None:
    """Saving macros/*.py restarts the server: the site is built by the code on disk."""
    url = make_serve.url + "topics/hair-loss/"
    assert "Zqpythonedit" not in fetch(url)[1]
    init = project / "macros" / "__init__.py"
    init.write_text(
        init.read_text(encoding="utf-8")
        + (
            "\n\n_igf_before = globals().get('on_post_page_macros')\n\n\n"
            "def on_post_page_macros(env):\n"
            "    if _igf_before is not None:\n"
            "        _igf_before(env)\n"
            "    env.markdown += '\\n\\nZqpythonedit\\n'\n"
        ),
        encoding="utf-8",
    )
    wait_for("the new code's output", lambda: "Zqpythonedit" in fetch(url)[1])
    assert "__init__.py changed: restarting" in make_serve.output()
    edited = init.read_text(encoding="utf-8")
    mark = len(make_serve.output())  # code that fails: the last good site stays served, the server waits
    init.write_text(
        edited.replace("    env.markdown += '", "    raise RuntimeError('Zqbroken')\n    env.markdown += '"),
        encoding="utf-8",
    )
    wait_for("the failure", lambda: "still serving the last good" in _errors_after(make_serve, mark))
    assert "Zqbroken" in _errors_after(make_serve, mark)
    assert "Zqpythonedit" in fetch(url)[1]
    init.write_text(edited, encoding="utf-8")
    page = project / "docs" / "topics" / "hair-loss.md"  # and it goes on rebuilding after the restart
    page.write_text(page.read_text(encoding="utf-8") + "\n\nZqafterrestart.\n", encoding="utf-8")
    wait_for("a page edit after the restart", lambda: "Zqafterrestart" in fetch(url)[1])
    assert make_serve.proc.poll() is None


@pytest.mark.browser
def test_live_reload_reloads_the_open_page_under_the_policy(make_serve: Server, project: Path, page) -> None:
    from playwright.sync_api import expect

    from benchmarks.serve import mark_statement

    topic, data_file, good, line = _claim(project)
    console: list[str] = []
    page.on("console", lambda msg: console.append(f"{msg.type}: {msg.text}"))
    page.add_init_script(
        "window.__csp = []; document.addEventListener('securitypolicyviolation', "
        "e => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));"
    )
    page.goto(make_serve.url + topic, wait_until="load")
    wait_for("the live-reload script", lambda: any("Enabled live reload" in c for c in console), timeout=60)
    page.evaluate("window.__before_reload = true")
    data_file.write_text(mark_statement(good, line, "Zqlivereload"), encoding="utf-8")
    expect(page.locator("article")).to_contain_text("Zqlivereload", timeout=TIMEOUT * 1000)
    assert page.evaluate("window.__before_reload") is None, "the text changed without a reload"
    assert page.evaluate("window.__csp") == []
    assert not [c for c in console if "Content Security Policy" in c or "Content-Security-Policy" in c], (
        console
    )


def test_the_server_watches_the_project_not_the_installed_themes() -> None:
    """What `make serve` polls (ten times a second): docs/, mkdocs.yml, overrides/ and the `watch:` list. Not
    Material's templates, which `make` installs inside the project (.venv/): polling their 14,500 files kept
    half of a core busy while the server waited, and slowed each rebuild."""
    from mkdocs.config import load_config

    from macros.serve import Builder

    root = Path(__file__).resolve().parent.parent
    watched = Builder.watched(load_config(config_file=str(root / "mkdocs.yml")))
    assert watched == [root / name for name in ("docs", "mkdocs.yml", "overrides", "data", "macros")]


# --- the MkDocs internals macros/serve.py relies on --------------------------------------------------


def _sha256(code: bytes) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(code).digest()).decode() + "'"


def test_internal_1_the_injected_live_reload_script_is_allowed(tmp_path: Path) -> None:
    """`LiveReloadServer._inject_js_into_html` adds one inline script before </body>; the override allows it."""
    from mkdocs.livereload import LiveReloadServer

    from macros import hardening
    from macros.serve import Server

    assert "_inject_js_into_html" in vars(LiveReloadServer), "MkDocs no longer injects through this method"
    html = hardening.harden(
        '<html><head><meta charset="utf-8"></head><body><script>a()</script></body></html>'
    )
    plain = LiveReloadServer(builder=lambda: None, host="127.0.0.1", port=0, root=str(tmp_path))
    server = Server(builder=lambda: None, host="127.0.0.1", port=0, root=str(tmp_path))
    try:
        injected = plain._inject_js_into_html(html.encode(), 123)
        ours = server._inject_js_into_html(html.encode(), 123)
    finally:
        plain.server_close()
        server.server_close()
    scripts = re.findall(rb"<script>(.*?)</script>", injected, re.DOTALL)
    assert len(scripts) == 2 and b"livereload(123" in scripts[1], injected
    policy = re.search(rb'content="([^"]*)"', ours).group(1).decode()
    allowed = re.search(r"script-src ([^;]*)", policy).group(1).split()
    for code in re.findall(rb"<script>(.*?)</script>", ours, re.DOTALL):
        assert _sha256(code) in allowed, code[:60]
    assert len(allowed) == 3  # 'self', a(), the live-reload script


def _tiny_site(root: Path) -> Path:
    (root / "docs").mkdir(parents=True)
    for name in ("index", "a", "b"):
        (root / "docs" / f"{name}.md").write_text(f"# Page {name}\n\nText of {name}.\n", encoding="utf-8")
    (root / "mkdocs.yml").write_text(
        "site_name: t\nstrict: true\ntheme:\n  name: material\nplugins:\n  - search\n", encoding="utf-8"
    )
    return root / "mkdocs.yml"


def test_internals_2_and_3_a_dirty_build(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A dirty build renders exactly the pages whose output is missing; its only warning is the one
    filtered; its search index lists the rebuilt pages only, by page URL."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    from macros.serve import DIRTY_WARNING, no_dirty_warning

    config_file = str(_tiny_site(tmp_path))
    site = tmp_path / "site"
    build(load_config(config_file=config_file, site_dir=str(site)))
    out = {name: site / name / "index.html" for name in ("a", "b")}
    (tmp_path / "docs" / "a.md").write_text("# Page a\n\nNew text of a.\n", encoding="utf-8")
    (tmp_path / "docs" / "b.md").write_text("# Page b\n\nNew text of b.\n", encoding="utf-8")
    old = out["b"].stat().st_mtime
    os.utime(tmp_path / "docs" / "b.md", (old - 10, old - 10))  # b's output is newer than its source
    out["a"].unlink()
    build_log = logging.getLogger("mkdocs.commands.build")
    # A builder made by an earlier test in this process leaves the server's filter on the logger; this test
    # needs MkDocs' own behaviour first.
    monkeypatch.setattr(build_log, "filters", [f for f in build_log.filters if f is not no_dirty_warning])
    with (
        caplog.at_level(logging.WARNING, logger="mkdocs"),
        pytest.raises(SystemExit),
    ):  # strict mode counts it
        build(load_config(config_file=config_file, site_dir=str(site)), dirty=True)
    assert [r.getMessage() for r in caplog.records if DIRTY_WARNING in r.getMessage()], caplog.text
    caplog.clear()
    build_log.addFilter(no_dirty_warning)
    try:
        out["a"].unlink()
        build(load_config(config_file=config_file, site_dir=str(site)), dirty=True)
    finally:
        build_log.removeFilter(no_dirty_warning)
    assert "New text of a" in out["a"].read_text(encoding="utf-8")
    assert "New text of b" not in out["b"].read_text(encoding="utf-8")
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert {d["location"].split("#")[0] for d in index["docs"]} == {"a/"}


def test_sync_copies_only_what_changed_and_replaces_each_file_whole(tmp_path: Path) -> None:
    from macros.serve_guard import sync

    site, served = tmp_path / "site", tmp_path / "served"
    for rel, text in {
        "index.html": "home",
        "a/index.html": "page a",
        "b/index.html": "page b",
        "b/c/data.json": "{}",
        "same.txt": "kept",
        "d": "a file, then a folder",
    }.items():
        (site / rel).parent.mkdir(parents=True, exist_ok=True)
        (site / rel).write_text(text, encoding="utf-8")
    sync(site, served)
    kept = (served / "same.txt").stat().st_ino
    reader = (served / "a" / "index.html").open("rb")  # a request streaming the old page
    (site / "a" / "index.html").write_text("page A", encoding="utf-8")  # same size, new content and time
    old = (served / "a" / "index.html").stat().st_mtime_ns
    os.utime(site / "a" / "index.html", ns=(old + 10**9, old + 10**9))
    (site / "new.html").write_text("new", encoding="utf-8")
    (site / "index.html").unlink()
    shutil.rmtree(site / "b")
    (site / "d").unlink()
    (site / "d").mkdir()
    (site / "d" / "index.html").write_text("d", encoding="utf-8")
    sync(site, served)
    with reader:
        assert reader.read() == b"page a"  # the old file, whole
    assert tree(served) == tree(site)
    assert (served / "same.txt").stat().st_ino == kept  # an unchanged file is not copied again
    assert not list(served.rglob(".*"))  # no temporary file left


def tree(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): p.read_text(encoding="utf-8") if p.is_file() else "/"
        for p in root.rglob("*")
    }


def test_a_rebuilt_pages_search_entries_take_the_place_of_its_old_ones(tmp_path: Path) -> None:
    """After a targeted rebuild the search index is the one a full build writes: a rebuilt page's new
    entries where its old ones were (not at the end), a page new to the index after the others."""
    from macros.serve import SEARCH_INDEX, Builder

    builder = Builder(None, tmp_path)
    (builder.site / "search").mkdir(parents=True)
    loc = lambda *names: [{"location": n, "title": n, "text": ""} for n in names]  # noqa: E731
    old = {"config": {"lang": ["en"]}, "docs": loc("", "a/", "a/#x", "b/", "b/#y", "c/")}
    (builder.site / SEARCH_INDEX).write_text(json.dumps(old), encoding="utf-8")
    rebuilt = tmp_path / "build" / SEARCH_INDEX
    rebuilt.parent.mkdir(parents=True)
    rebuilt.write_text(json.dumps({**old, "docs": loc("b/", "b/#z", "d/")}), encoding="utf-8")
    builder.merge_search(rebuilt, {"b/", "d/"})
    merged = json.loads(rebuilt.read_text(encoding="utf-8"))
    assert [d["location"] for d in merged["docs"]] == ["", "a/", "a/#x", "b/", "b/#z", "c/", "d/"]

"""`make serve` survives mistakes: a broken store or page prints one clean error while the last good site
stays served, and fixing the file brings the new content back without a restart."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

TIMEOUT = 240  # seconds for one rebuild on a busy two-core machine


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as resp:  # noqa: S310 - loopback only
            return resp.status, resp.read().decode("utf-8")
    except urllib.error.HTTPError as exc:
        return exc.code, ""
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return 0, ""


def wait_for(what: str, check, timeout: float = TIMEOUT) -> None:  # noqa: ANN001
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if check():
            return
        time.sleep(0.5)
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
            cwd=project, stdout=self._fh, stderr=subprocess.STDOUT, env=env, start_new_session=True)

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
def server(request, project: Path, tmp_path: Path):  # noqa: ANN001
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
    glossary.write_text(good_glossary.replace("- term: GH\n", "- term: GH\n\tbad: tab\n", 1), encoding="utf-8")
    wait_for("the store error in the log", lambda: "data/glossary.yaml:" in _errors_after(server, mark))
    time.sleep(1)
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
    time.sleep(1)
    log = _errors_after(server, mark)
    assert "docs/topics/hair-loss.md:" in log and "Traceback" not in log, log
    assert _serves(server, "Serve-recovery-marker-one"), "the last good site is no longer served"
    assert fetch(server.url + "evidence/claims/")[0] == 200
    assert fetch(server.url + "assets/igf.js")[0] == 200

    # 4. Fixed again: recovers.
    page.write_text(good_page + "\n\nServe-recovery-marker-two.\n", encoding="utf-8")
    wait_for("the second fix", lambda: _serves(server, "Serve-recovery-marker-two"))
    assert server.proc.poll() is None, "the server stopped"


def test_claim_edit_shows_on_its_topic_page_then_on_the_registers(project: Path, tmp_path: Path) -> None:
    """`make serve` rebuilds a claim's topic page first and the registers after it: a register asked for
    meanwhile waits for its new version (never the old one), and an edit saved meanwhile is not lost."""
    from benchmarks.serve import mark_statement, pick_claim

    srv = Server(project, tmp_path / "serve.log", COMMANDS["make-serve"])
    try:
        wait_for("the first build", lambda: fetch(srv.url + "topics/hair-loss/")[0] == 200)
        _cid, page, data_file, line = pick_claim(project)
        topic, register = srv.url + page.removesuffix(".md") + "/", srv.url + "evidence/claims/"
        good = data_file.read_text(encoding="utf-8")

        def shows(url: str, text: str) -> bool:
            status, body = fetch(url)
            return status == 200 and text in body

        data_file.write_text(mark_statement(good, line, "Zqserveone"), encoding="utf-8")
        wait_for("the topic page", lambda: shows(topic, "Zqserveone"))
        data_file.write_text(mark_statement(good, line, "Zqservetwo"), encoding="utf-8")
        with urllib.request.urlopen(register, timeout=TIMEOUT) as resp:  # noqa: S310 - loopback only
            body = resp.read().decode("utf-8")
        assert "Zqserveone" in body or "Zqservetwo" in body, "a stale register was served"
        wait_for("the second edit on the topic page", lambda: shows(topic, "Zqservetwo"))
        wait_for("the second edit on the register", lambda: shows(register, "Zqservetwo"))
        time.sleep(1)
        for url in (topic, register, srv.url + "evidence/sources/"):
            status, body = fetch(url)
            assert status == 200 and "Zqserveone" not in body, url
        assert "now the other" in srv.output(), srv.output()  # it was done in two steps
        assert srv.proc.poll() is None
    finally:
        srv.stop()


def test_the_last_good_site_is_copied_again_only_where_it_changed(tmp_path: Path) -> None:
    from macros.serve_guard import _snapshot

    site, backup = tmp_path / "site", tmp_path / "backup"
    for rel, text in {"index.html": "home", "a/index.html": "page a", "b/index.html": "page b",
                      "b/c/data.json": "{}", "same.txt": "kept"}.items():
        (site / rel).parent.mkdir(parents=True, exist_ok=True)
        (site / rel).write_text(text, encoding="utf-8")
    _snapshot(site, backup)
    kept = (backup / "same.txt").stat().st_ino
    time.sleep(0.02)
    (site / "a" / "index.html").write_text("page A", encoding="utf-8")  # same size, new content
    (site / "new.html").write_text("new", encoding="utf-8")
    (site / "index.html").unlink()
    import shutil
    shutil.rmtree(site / "b")
    _snapshot(site, backup)

    def tree(root: Path) -> dict[str, str]:
        return {p.relative_to(root).as_posix(): p.read_text(encoding="utf-8") if p.is_file() else "/"
                for p in root.rglob("*")}
    assert tree(backup) == tree(site)
    assert (backup / "same.txt").stat().st_ino == kept  # an unchanged file is not copied again

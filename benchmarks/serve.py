"""Target 4: with the dev server (`make serve`, i.e. `python -m macros.serve`) running on a copy of the
real project, the time from saving an edit to the edited text being served, polled over loopback."""

from __future__ import annotations

import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from .common import ENV, Figure, median
from .synth import ROOT

SHARED_SEEDS = ROOT.parent / "shared" / "seeds"


def copy_real_project(dest: Path) -> Path:
    """A copy of the real project (docs, data, macros, overrides, config), with ../shared/seeds beside it."""
    for name in ("docs", "data", "macros", "overrides", "mkdocs.yml"):
        src = ROOT / name
        if src.is_dir():
            shutil.copytree(src, dest / name, ignore=shutil.ignore_patterns("__pycache__", ".cache"))
        else:
            shutil.copy2(src, dest / name)
    shared = dest.parent / "shared"
    if SHARED_SEEDS.is_dir() and not shared.exists():
        shared.mkdir()
        (shared / "seeds").symlink_to(SHARED_SEEDS)
    return dest


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=30) as resp:
            return resp.read().decode("utf-8", "replace")
    except OSError:
        return ""


def wait_for(url: str, text: str, timeout: float = 60.0) -> float:
    """Seconds until the page at url contains text (polled every 10 ms)."""
    start = time.perf_counter()
    while text not in fetch(url):
        if time.perf_counter() - start > timeout:
            raise TimeoutError(f"{url} did not show {text!r} within {timeout:.0f} s")
        time.sleep(0.01)
    return time.perf_counter() - start


def pick_claim(project: Path) -> tuple[str, str, Path, int]:
    """A claim shown on a topic page: (claim id, page, data file, line of its statement)."""
    sys.path.insert(0, str(project))
    from macros.store import load_store
    from macros.usage import scan

    store = load_store(project)
    usage = scan(project / "docs")
    topic_pages = {t.page for t in store.topics.values()}
    for page in sorted(topic_pages):
        for cid in sorted(usage.claims.get(page, ())):
            if cid in store.claims:
                file, line = store.where[cid]
                lines = (project / file).read_text(encoding="utf-8").splitlines()
                for i in range(line - 1, min(line + 40, len(lines))):
                    if lines[i].lstrip().startswith("statement:"):
                        return cid, page, project / file, i
    raise RuntimeError("no claim of the store is shown on a topic page yet")


def mark_statement(text: str, index: int, marker: str, key: str = "statement") -> str:
    """The data file with marker put at the start of the statement (or another `key`) on line `index`."""
    lines = text.split("\n")
    head, value = lines[index].split(f"{key}:", 1)
    value = value.lstrip()
    if value[:1] in ("'", '"'):
        value = value[0] + marker + " " + value[1:]
    elif value[:1] in (">", "|"):
        nxt = lines[index + 1]
        pad = len(nxt) - len(nxt.lstrip())
        lines[index + 1] = nxt[:pad] + marker + " " + nxt[pad:]
    else:
        value = marker + " " + value
    lines[index] = f"{head}{key}: {value}"
    return "\n".join(lines)


def run(work: Path, repeats: int, log) -> list[Figure]:  # noqa: ANN001
    project = copy_real_project(work / "real" / "project")
    cid, page, data_file, line = pick_claim(project)
    port = free_port()
    log(f"target 4: starting the dev server on a copy of the real site (port {port})")
    server = subprocess.Popen(
        [sys.executable, "-m", "macros.serve", "--dev-addr", f"127.0.0.1:{port}"],
        cwd=project,
        env=ENV,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    url = f"http://127.0.0.1:{port}/" + re.sub(r"(index)?\.md$", "", page).rstrip("/") + "/"
    data_times, page_times = [], []
    try:
        wait_for(url, "</html>", timeout=300)
        original = data_file.read_text(encoding="utf-8")
        md_path = project / "docs" / page
        md = md_path.read_text(encoding="utf-8")
        for i in range(repeats):
            time.sleep(1.0)  # let the server settle, as between an editor's saves
            marker = f"Benchmarkclaim{i}x"
            data_file.write_text(mark_statement(original, line, marker), encoding="utf-8")
            data_times.append(wait_for(url, marker))
        data_file.write_text(original, encoding="utf-8")
        for i in range(repeats):
            time.sleep(1.0)
            marker = f"Benchmarkpage{i}x"
            md_path.write_text(md + f"\n\n{marker}\n", encoding="utf-8")
            page_times.append(wait_for(url, marker))
        md_path.write_text(md, encoding="utf-8")
    finally:
        server.terminate()
        try:
            out, _ = server.communicate(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            out, _ = server.communicate()
    rebuilt = [ln.split("INFO    -  ", 1)[-1] for ln in out.splitlines() if "Rebuilding" in ln]
    detail = f"claim '{cid}' on {page}; runs {', '.join(f'{t:.2f}' for t in data_times)} s"
    pages_note = rebuilt[0] if rebuilt else "no targeted rebuild logged"
    return [
        Figure(
            4,
            "edited claim in data/ served on its page (median of %d)" % repeats,  # noqa: UP031
            median(data_times),
            1.0,
            "s",
            f"{detail}; {pages_note}",
        ),
        Figure(
            4,
            "edited page served (median of %d)" % repeats,  # noqa: UP031
            median(page_times),
            0.6,
            "s",
            f"{page}; runs {', '.join(f'{t:.2f}' for t in page_times)} s",
        ),
    ]

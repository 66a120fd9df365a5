"""The dev server (`make serve` = `python -m macros.serve`): MkDocs' live-reload server, rebuilding only
the pages a change shows on, and serving the last good site while an edit is broken.

MkDocs' `LiveReloadServer` watches the files (as `mkdocs serve` does) and calls `Builder` after a change.
The builder compares every watched file's size and modification time with those of the last good build:

* a page in docs/ changed: that page is rebuilt (and the registers and item pages that list what it shows,
  when its macro calls changed: `deps.edited_pages`);
* a data file changed: the store is loaded and compared with the last good one, and the pages showing a
  changed claim or source are rebuilt (`macros/deps.py`), the claim's and source's own pages among them
  (`macros/items.py`); when the store shows no change (the file is one it does not compare, such as the
  explainers or the CSL style), the whole site is;
* a Python file changed (macros/*.py): the process restarts itself, so the code that builds is the code on
  disk (browsers reconnect and reload once it serves again);
* anything else (mkdocs.yml, overrides/, a file added to docs/ or removed): the whole site is rebuilt.

A targeted rebuild is MkDocs' dirty build (`mkdocs serve --dirty`): the builder deletes the outputs of the
pages to rebuild and builds into a private folder. After a good build, the changed files are renamed whole
into the served folder (`serve_guard.sync`); after a failed one, its error is printed, the private folder
is put back and the last good site stays served. No build is interrupted; each one runs to its end.

Live reload under the Content-Security-Policy: MkDocs injects an inline script into every page it serves,
which the built pages' policy (`script-src 'self'` plus the hashes of Material's scripts) would block.
The server adds that script's hash to the policy of the page it injects it into; the built site does not.

MkDocs internals this relies on, each checked by tests/test_serve.py so that an upgrade changing one fails:

1. `LiveReloadServer._inject_js_into_html(content, epoch)` (private) returns the page with the live-reload
   script appended as the last `<script>` before `</body>`; overridden here to allow that script.
2. `build(config, dirty=True)` renders exactly the pages whose output file is missing or older than the
   source, and logs one warning ("A 'dirty' build is being performed") that strict mode would count as a
   failure; a logging filter drops that one message. A file whose text is held in memory counts as always
   newer, which is why the item pages are kept on disk (`macros/items.py`).
3. Material's search plugin, in a dirty build, writes a `search/search_index.json` of the rebuilt pages
   only (entries located by page URL); the builder merges it into the last good index.

Usage: python -m macros.serve [--dev-addr HOST:PORT] [-f mkdocs.yml]
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import json
import logging
import os
import shutil
import signal
import sys
import tempfile
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.livereload import LiveReloadServer
from mkdocs.structure.files import File

from . import current_build, hardening, store_paths
from .cache import read_bytes
from .calls import Settings
from .deps import affected_pages, edited_pages
from .serve_guard import KEPT, sync
from .store import StoreError, load_store
from .usage import scan

log = logging.getLogger("mkdocs.igf.serve")

SEARCH_INDEX = "search/search_index.json"
DIRTY_WARNING = "'dirty' build is being performed"
WORK = "IGF_SERVE_FOLDER"  # the folders of a server restarted to run edited code
POLL = 0.1  # seconds between looks at the watched files (MkDocs' default, 0.5, is half the edit budget)


def no_dirty_warning(record: logging.LogRecord) -> bool:
    """A logging filter: MkDocs warns on every dirty build, which strict mode would count as a failure;
    ours are planned."""
    return DIRTY_WARNING not in record.getMessage()


class Server(LiveReloadServer):
    """MkDocs' live-reload server; the policy of each page it serves also allows the script it injects."""

    def _inject_js_into_html(self, content: bytes, epoch: int) -> bytes:
        page = super()._inject_js_into_html(content, epoch)
        start = page.rindex(b"<script>") + len(b"<script>")
        script = page[start : page.index(b"</script>", start)].decode("utf-8")
        text = page.decode("utf-8", "surrogateescape")  # an HTML file not in UTF-8 goes through unchanged
        return hardening.allow_script(text, script).encode("utf-8", "surrogateescape")


Stamps = dict[Path, tuple[int, int]]


def stamps(paths: list[Path]) -> Stamps:
    """Size and modification time of every file under these paths (not caches, editors' or hidden files)."""
    found: Stamps = {}
    for top in paths:
        walk = os.walk(top) if top.is_dir() else [(str(top.parent), [], [top.name])] if top.exists() else []
        for folder, dirs, files in walk:
            dirs[:] = [d for d in dirs if d != "__pycache__" and not d.startswith(".")]
            for name in files:
                if not name.startswith(".") and not name.endswith(("~", ".pyc", ".swp", ".tmp")):
                    path = Path(folder, name)
                    with contextlib.suppress(FileNotFoundError):  # deleted meanwhile
                        st = path.stat()
                        found[path] = (st.st_mtime_ns, st.st_size)
    return found


@dataclasses.dataclass
class Builder:
    """Called by the server after each change (and once at start); see the module's docstring."""

    config_file: str | None
    work: Path  # the private build folder is work/build, the served one work/site
    serve_url: str = ""
    stamps: Stamps = dataclasses.field(default_factory=dict)  # of the last good build
    seen: Stamps = dataclasses.field(default_factory=dict)  # of the last build, good or not
    store: Any = None  # the store and page usage of the last good build
    usage: Any = None

    site = property(lambda self: self.work / "site")

    @staticmethod
    def watched(config: Any) -> list[Path]:
        """docs/, mkdocs.yml, the project's theme folder (overrides/) and mkdocs.yml's `watch:` list. Not the
        installed themes: with .venv inside the project, Material's templates (14,500 files) would be polled
        10 times a second, half of a core while the server waits (`mkdocs serve` skips them too)."""
        theme = [Path(config.theme.custom_dir)] if config.theme.custom_dir else []
        paths = [Path(config.docs_dir), Path(config.config_file_path), *theme, *map(Path, config.watch)]
        return list(dict.fromkeys(p.resolve() for p in paths))

    def __call__(self) -> None:
        config = load_config(config_file=self.config_file, site_dir=str(self.work / "build"))
        config.site_url = self.serve_url
        now = stamps(self.watched(config))
        changed = {p for p in now.keys() | self.stamps.keys() if now.get(p) != self.stamps.get(p)}
        if self.stamps and not changed:
            return
        seen, self.seen = self.seen, now
        code = sorted(p for p in now.keys() | seen.keys() if p.suffix == ".py" and now.get(p) != seen.get(p))
        if seen and code:
            self.restart(code[0])
        pages = self.plan(config, changed)
        try:
            self.build(config, pages)
        except (Exception, SystemExit) as exc:
            if not any(self.site.iterdir()):
                raise  # the first build: nothing to serve yet
            if not isinstance(exc, SystemExit):  # MkDocs' Abort has printed its reason already
                log.exception("The rebuild failed unexpectedly.")
            sync(self.site, self.work / "build")
            log.error(KEPT)
            return
        built = current_build(config).renderer  # what the build showed, for the next plan to compare
        self.stamps, self.store, self.usage = now, built.store, built.usage

    def plan(self, config: Any, changed: set[Path]) -> set[str] | None:
        """The pages to rebuild; None: all of them, as on the first build (there is no last good one)."""
        if self.store is None:
            return None
        root = Path(config.config_file_path).resolve().parent
        docs, data = Path(config.docs_dir).resolve(), root / "data"
        pages: set[str] = set()
        data_changed = False
        for path in changed:
            if path.is_relative_to(docs) and path in self.stamps and path.exists():
                if path.suffix == ".md":
                    pages.add(path.relative_to(docs).as_posix())
                # other files of docs/ are copied by the dirty build (their source is newer)
            elif path.is_relative_to(data):
                data_changed = True
            else:  # mkdocs.yml, overrides/, macros/templates/, a file added to docs/ or removed from it
                log.info(f"{os.path.relpath(path, root)} changed: rebuilding the whole site")
                return None
        usage = scan(docs, Settings.from_plugin_config(config.plugins["macros"].config))
        more = edited_pages(self.store, self.usage, usage, pages)
        if more is None:
            return None
        if data_changed:
            try:
                store = load_store(root, *store_paths(config, root))
            except StoreError:
                return None  # the full build reports the problems
            shown = affected_pages(self.store, store, usage)
            if not shown:  # None: every page may show it; empty: a data file the store does not compare
                return None
            more |= shown
        return pages | more

    def build(self, config: Any, pages: set[str] | None) -> None:
        """A full build, or a dirty one of `pages`; then the served folder is brought up to date."""
        if pages is None:
            log.info("Building the whole site")
            build(config, serve_url=self.serve_url, dirty=False)
        else:
            log.info(f"Rebuilding {len(pages)} page(s): {', '.join(sorted(pages)) or 'none'}")
            files = [File(src, config.docs_dir, config.site_dir, config.use_directory_urls) for src in pages]
            for file in files:
                Path(file.abs_dest_path).unlink(missing_ok=True)
            logging.getLogger("mkdocs.commands.build").addFilter(no_dirty_warning)  # once: filters are a set
            build(config, serve_url=self.serve_url, dirty=True)
            urls = {"" if file.url == "./" else file.url for file in files}  # as the search index has them
            self.merge_search(Path(config.site_dir) / SEARCH_INDEX, urls)
        sync(Path(config.site_dir), self.site)

    def merge_search(self, path: Path, urls: set[str]) -> None:
        """The last good search index, with the entries of the rebuilt pages (at `path`) in place of theirs."""
        try:
            old, new = (json.loads(p.read_text(encoding="utf-8")) for p in (self.site / SEARCH_INDEX, path))
        except (OSError, ValueError):
            return
        fresh: dict[str, list[Any]] = {}
        for d in new.get("docs", []):
            fresh.setdefault(d.get("location", "").split("#")[0], []).append(d)
        docs = []  # each rebuilt page's entries where its old ones were, as a full build orders them
        for d in old.get("docs", []):
            page = d.get("location", "").split("#")[0]
            docs += fresh.pop(page, []) if page in urls else [d]
        merged = {**new, "docs": docs + [d for entries in fresh.values() for d in entries]}
        path.write_text(json.dumps(merged, separators=(",", ":"), default=str), encoding="utf-8")

    def restart(self, path: Path) -> None:
        """Run this server again from the start, in this process, with the code now on disk. It goes on
        serving the same folder: if the new code fails to build, the last good site stays served. Until the
        new process has built the site it does not answer; browsers retry and reload when it does."""
        log.info(f"{path.name} changed: restarting the server to run the new code")
        for handler in logging.getLogger().handlers:
            handler.flush()
        os.environ[WORK] = str(self.work)
        os.execv(sys.executable, [sys.executable, *sys.orig_argv[1:]])


def serve(config_file: str | None = None, dev_addr: str | None = None) -> None:
    signal.signal(signal.SIGTERM, signal.default_int_handler)  # stopped like Ctrl+C: the folders are removed
    config = load_config(config_file=config_file, dev_addr=dev_addr)
    config.plugins.on_startup(command="serve", dirty=False)  # as `mkdocs serve`: plugins kept across builds
    host, port = config.dev_addr
    work = Path(os.environ.pop(WORK, "") or tempfile.mkdtemp(prefix="igf-serve-"))  # set by a restart
    builder = Builder(config_file, work)
    builder.site.mkdir(parents=True, exist_ok=True)
    server = Server(
        builder=builder,
        host=host,
        port=port,
        root=str(builder.site),
        mount_path=urlsplit(config.site_url or "/").path,
        polling_interval=POLL,
    )
    builder.serve_url = server.url
    server.error_handler = lambda code: (
        read_bytes(builder.site / f"{code}.html") if code in (404, 500) else None
    )
    try:
        builder()
        for path in builder.watched(config):
            server.watch(str(path))
        try:
            server.serve()
        except KeyboardInterrupt:
            log.info("Shutting down...")
        finally:
            server.shutdown()
    finally:
        config.plugins.on_shutdown()
        shutil.rmtree(work, ignore_errors=True)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m macros.serve", description=__doc__.split("\n")[0])
    parser.add_argument("-f", "--config-file", default=None)
    parser.add_argument("-a", "--dev-addr", default=None, help="IP:PORT, default 127.0.0.1:8000")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(levelname)-7s -  %(message)s")
    serve(args.config_file, args.dev_addr)


if __name__ == "__main__":
    main()

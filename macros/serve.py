"""The dev server (`make serve`): MkDocs' live-reload server with targeted rebuilds.

`mkdocs serve` rebuilds the whole site after any change, and its `--dirty` mode only notices pages whose
own Markdown changed, never a claim edited in data/. Here a change is sorted by where it happened:

* a page in docs/: that page is rebuilt (and the registers too if its macro calls changed);
* a data file: the store is reloaded, compared with the previous one, and only the pages that show a
  changed claim or source are rebuilt (`macros.deps`);
* anything else (mkdocs.yml, macros/, overrides/), a page added or removed, a changed glossary or topic
  list: a full build, as `mkdocs serve` does.

File changes are seen through the operating system's notifications (inotify) rather than MkDocs' polling
every half second. Usage: python -m macros.serve [--dev-addr HOST:PORT] [-f mkdocs.yml]
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import shutil
import tempfile
import threading
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import jinja2
import jinja2.bccache
import watchdog.events
import watchdog.observers
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.livereload import LiveReloadServer, _serve_url

from . import STATE, serve_guard
from .deps import affected_pages, untracked_pages
from .render import page_url
from .store import StoreError, load_store
from .usage import scan

log = logging.getLogger("mkdocs.igf.serve")


class _NoDirtyWarning(logging.Filter):
    """MkDocs warns on every dirty build, which strict mode would count as a failure; ours are planned."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "'dirty' build is being performed" not in record.getMessage()


# Only events that change a file: with OS notifications, merely reading a template during a build would
# otherwise count as a change and start another build.
WRITE_EVENTS = [watchdog.events.FileCreatedEvent, watchdog.events.FileModifiedEvent,
                watchdog.events.FileDeletedEvent, watchdog.events.FileMovedEvent,
                watchdog.events.FileClosedEvent, watchdog.events.DirDeletedEvent,
                watchdog.events.DirMovedEvent]


class WriteObserver(watchdog.observers.Observer):  # type: ignore[misc, valid-type]
    def schedule(self, event_handler, path, *, recursive=False, event_filter=None):  # noqa: ANN001, ANN201
        return super().schedule(event_handler, path, recursive=recursive, event_filter=event_filter or WRITE_EVENTS)


def _ignored(path: str) -> bool:
    return "__pycache__" in path or path.endswith((".pyc", "~", ".swp", ".tmp"))


class ChangedPaths(watchdog.events.FileSystemEventHandler):
    """Collects the paths changed since the last build."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._paths: set[Path] = set()

    def on_any_event(self, event: watchdog.events.FileSystemEvent) -> None:
        if event.is_directory and event.event_type not in ("deleted", "moved"):
            return
        with self._lock:
            for p in (event.src_path, getattr(event, "dest_path", "")):
                if p and not _ignored(os.fsdecode(p)):
                    self._paths.add(Path(os.fsdecode(p)).resolve())

    def take(self) -> set[Path]:
        with self._lock:
            paths, self._paths = self._paths, set()
        return paths


def _within(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


class Builder:
    """Called by the server for every rebuild; decides between a full and a targeted build."""

    def __init__(self, config_file: str | None, site_dir: str, serve_url: str, changes: ChangedPaths):
        self.config_file, self.site_dir, self.serve_url, self.changes = config_file, site_dir, serve_url, changes
        self.store: Any = None
        self.usage: Any = None
        self.pages: set[str] = set()
        self.search: dict | None = None
        self._bytecode = _MemoryBytecodeCache()
        self._templates: list[str] | None = None
        self.last: str = ""  # what the last build did, for the log and the tests
        build_log = logging.getLogger("mkdocs.commands.build")
        if not any(isinstance(f, _NoDirtyWarning) for f in build_log.filters):
            build_log.addFilter(_NoDirtyWarning())

    def load_config(self) -> Any:
        config = load_config(config_file=self.config_file, site_dir=self.site_dir)
        config.site_url = self.serve_url
        return config

    def reuse_theme(self, config: Any, full: bool) -> None:
        """Every build makes a new Jinja environment for the theme, which parses and compiles Material's
        templates again (most of a one-page rebuild). Keep the compiled templates (checked against the
        files' modification times, as Jinja does) and the list of theme files between builds."""
        theme, make_env = config.theme, config.theme.get_env
        if full:
            self._templates = None

        def get_env() -> Any:
            env = make_env()
            env.bytecode_cache = self._bytecode
            list_templates = env.list_templates

            def listed(*args: Any, **kwargs: Any) -> list[str]:
                if self._templates is None:
                    self._templates = list_templates(*args, **kwargs)
                return self._templates
            env.list_templates = listed
            return env
        theme.get_env = get_env

    def __call__(self, config: Any = None) -> None:
        changed = self.changes.take()
        config = config or self.load_config()
        plan = self.plan(config, changed)
        self.reuse_theme(config, full=plan is None)
        if plan is None:
            self.last = "full"
            log.info("Building the whole site")
            build(config, serve_url=self.serve_url, dirty=False)
            self.search = _read_json(Path(self.site_dir) / "search" / "search_index.json")
        else:
            self.last = "pages: " + ", ".join(sorted(plan))
            log.info(f"Rebuilding {len(plan)} page(s): {', '.join(sorted(plan)) or 'none'}")
            for src in plan:  # no output file: MkDocs' dirty build then renders the page
                (Path(self.site_dir) / self.dest(config, src)).unlink(missing_ok=True)
            build(config, serve_url=self.serve_url, dirty=True)
            self.merge_search(config, plan)
        self.store, self.usage = STATE.get("store"), STATE.get("usage")
        self.pages = {p.relative_to(config.docs_dir).as_posix() for p in Path(config.docs_dir).rglob("*.md")}

    @staticmethod
    def dest(config: Any, src: str) -> str:
        url = page_url(src, config.use_directory_urls)
        return url + "index.html" if url.endswith("/") or not url else url

    def plan(self, config: Any, changed: set[Path]) -> set[str] | None:
        """The pages to rebuild, or None for a full build."""
        if self.store is None or self.usage is None:
            return None
        if not changed:
            return set()
        root = Path(config.config_file_path).resolve().parent
        docs, data = Path(config.docs_dir).resolve(), root / "data"
        pages: set[str] = set()
        data_changed = False
        for path in changed:
            if _within(path, docs):
                rel = path.relative_to(docs).as_posix()
                if rel.endswith(".md"):
                    if not path.exists() or rel not in self.pages:
                        return None  # a page added, removed or renamed changes the navigation
                    pages.add(rel)
                # other files in docs/ are copied by the dirty build when they are newer
            elif _within(path, data):
                data_changed = True
            else:
                log.info(f"{path} changed: rebuilding everything")
                return None
        usage = scan(docs)
        if pages and _calls(usage, pages) != _calls(self.usage, pages):
            pages |= usage.registers | usage.topics_lists
        if data_changed:
            settings = (config.get("extra") or {}).get("store") or {}
            seeds, cache = settings.get("seeds_dir"), settings.get("cache_dir")
            try:
                store = load_store(root, (root / seeds).resolve() if seeds else None,
                                   (root / cache) if cache else None)
            except StoreError:
                return None  # the full build reports the problems
            more = affected_pages(self.store, store, usage, untracked_pages(docs))
            if more is None:
                return None
            pages |= more
        return pages

    def merge_search(self, config: Any, rebuilt: set[str]) -> None:
        """Material's search index after a dirty build holds only the rebuilt pages: put back the rest."""
        path = Path(self.site_dir) / "search" / "search_index.json"
        new = _read_json(path)
        if self.search is None or new is None:
            self.search = new
            return
        urls = {page_url(src, config.use_directory_urls) for src in rebuilt}
        kept = [d for d in self.search.get("docs", []) if d.get("location", "").split("#")[0] not in urls]
        fresh = [d for d in new.get("docs", []) if d.get("location", "").split("#")[0] in urls]
        merged = {**new, "docs": kept + fresh}
        path.write_text(json.dumps(merged, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
        self.search = merged


class _MemoryBytecodeCache(jinja2.BytecodeCache):
    def __init__(self) -> None:
        self._code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if bucket.key in self._code:
            bucket.bytecode_from_string(self._code[bucket.key])

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self._code[bucket.key] = bucket.bytecode_to_string()


def _calls(usage: Any, pages: set[str]) -> dict:
    return {p: (usage.claims.get(p), usage.sources.get(p), usage.tables.get(p), usage.seed_reviews.get(p),
                p in usage.registers, p in usage.topics_lists) for p in pages}


def _read_json(path: Path) -> dict | None:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def serve(config_file: str | None = None, dev_addr: str | None = None) -> None:
    site_dir = tempfile.mkdtemp(prefix="mkdocs_")
    changes = ChangedPaths()
    config = load_config(config_file=config_file, site_dir=site_dir, dev_addr=dev_addr)
    # Material's search plugin keeps its own index across dirty builds only for one page at a time;
    # Builder.merge_search does it for any number of pages, so the plugin runs as in a clean build.
    config.plugins.on_startup(command="serve", dirty=False)
    host, port = config.dev_addr
    mount_path = urlsplit(config.site_url or "/").path
    serve_url = _serve_url(host, port, mount_path)
    config.site_url = serve_url
    builder = Builder(config_file, site_dir, serve_url, changes)
    server = LiveReloadServer(builder=builder, host=host, port=port, root=site_dir, mount_path=mount_path)
    try:
        server.observer = WriteObserver()  # OS notifications instead of polling every 0.5 s
    except Exception:  # noqa: BLE001 - keep MkDocs' polling observer
        pass
    server.error_handler = lambda code: (Path(site_dir) / f"{code}.html").read_bytes() \
        if code in (404, 500) and (Path(site_dir) / f"{code}.html").is_file() else None
    try:
        builder(config)
        serve_guard.guard(server)  # a failed rebuild keeps the last good site served
        watched = [config.docs_dir, config.config_file_path, *config.theme.dirs[:1], *config.watch]
        for item in dict.fromkeys(str(Path(w).resolve()) for w in watched if w):
            server.watch(item)
            server.observer.schedule(changes, item, recursive=os.path.isdir(item))
        try:
            server.serve()
        except KeyboardInterrupt:
            log.info("Shutting down...")
        finally:
            server.shutdown()
    finally:
        config.plugins.on_shutdown()
        shutil.rmtree(site_dir, ignore_errors=True)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m macros.serve", description=__doc__.split("\n")[0])
    parser.add_argument("-f", "--config-file", default=None)
    parser.add_argument("-a", "--dev-addr", default=None, help="IP:PORT, default 127.0.0.1:8000")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(levelname)-7s -  %(message)s")
    serve(args.config_file, args.dev_addr)


if __name__ == "__main__":
    main()

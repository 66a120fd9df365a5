"""The dev server (`make serve`): MkDocs' live-reload server with targeted rebuilds.

`mkdocs serve` rebuilds the whole site after any change, and its `--dirty` mode only notices pages whose
own Markdown changed, never a claim edited in data/. Here a change is sorted by where it happened:

* a page in docs/: that page is rebuilt (and the registers too if its macro calls changed);
* a data file: the store is reloaded, compared with the previous one, and only the pages that show a
  changed claim or source are rebuilt (`macros.deps`);
* anything else (mkdocs.yml, macros/, overrides/), a page added or removed, a changed glossary or topic
  list: a full build, as `mkdocs serve` does.

A targeted rebuild is served in two steps. First the pages that show the change itself (the topic pages
of an edited claim, an edited page, and any page a browser has open) are rebuilt and browsers reload;
then the pages that list everything (the registers, the explorer, the seed reviews) are rebuilt, and the
search index is updated. Until that second step is done, a request for one of its files waits for it,
so no stale page is served; a change saved meanwhile is rebuilt right after it, and every step renders
the same store (the one the plan compared), so nothing is missed.

File changes are seen through the operating system's notifications (inotify) rather than MkDocs' polling
every half second. Usage: python -m macros.serve [--dev-addr HOST:PORT] [-f mkdocs.yml]
"""

from __future__ import annotations

import argparse
import collections
import contextlib
import functools
import json
import logging
import os
import posixpath
import re
import shutil
import sys
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace
from typing import Any
from urllib.parse import urlsplit

import jinja2
import jinja2.bccache
import watchdog.events
import watchdog.observers
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.livereload import LiveReloadServer, _serve_url, _timestamp

from . import current_build, serve_guard
from .calls import Settings
from .deps import affected_pages, aggregate_pages, untracked_pages
from .render import page_url
from .store import StoreError, load_store
from .usage import scan

log = logging.getLogger("mkdocs.igf.serve")

SEARCH_INDEX = "search/search_index.json"


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

    def pending(self) -> bool:
        with self._lock:
            return bool(self._paths)

    def take(self) -> set[Path]:
        with self._lock:
            paths, self._paths = self._paths, set()
        return paths


class DevServer(LiveReloadServer):
    """MkDocs' live-reload server, able to show the first pages of a rebuild before the rest is done.

    `publish(pending)` makes the site built so far visible (browsers reload) while the builder goes on
    with the files in `pending`; a request for one of those waits until `finish()`, so no stale or
    half-written file is served. The server also notes which pages browsers have open (from the referrer
    of their live-reload polls), so that the builder can rebuild those first."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._pending: set[str] = set()
        self._pending_cond = threading.Condition()
        self._waiting = 0  # requests waiting for a file still being rebuilt
        self._open: collections.Counter[str] = collections.Counter()
        self._open_lock = threading.Lock()

    def publish(self, pending: set[str]) -> None:
        with self._pending_cond:
            self._pending = set(pending)
        with self._epoch_cond:
            log.info("Reloading browsers")
            self._visible_epoch = self._wanted_epoch
            self._epoch_cond.notify_all()

    def hold(self, pending: set[str]) -> None:
        """Hold requests for these files only (until `finish()`)."""
        with self._pending_cond:
            self._pending = set(pending)
            self._pending_cond.notify_all()

    def withdraw(self) -> None:
        """The rest of a published rebuild failed: hold every request until the site is restored (the
        build loop then makes it visible again), and have browsers reload then."""
        with self._epoch_cond:
            self._wanted_epoch = _timestamp()

    def finish(self) -> None:
        with self._pending_cond:
            self._pending = set()
            self._pending_cond.notify_all()

    def waiting(self) -> bool:
        """Whether a request is waiting for a file still being rebuilt."""
        with self._pending_cond:
            return self._waiting > 0

    def viewed(self) -> set[str]:
        """The site files (e.g. topics/x/index.html) that a browser has open."""
        with self._open_lock:
            return {p for p, n in self._open.items() if n > 0}

    def site_file(self, path: str) -> str | None:
        """The file under the site directory a URL path asks for, as MkDocs' server maps it."""
        if not (path + "/").startswith(self.mount_path):
            return None
        rel = path[len(self.mount_path):]
        if path.endswith("/"):
            rel += "index.html"
        return posixpath.normpath("/" + rel).lstrip("/")

    def _serve_request(self, environ: dict, start_response: Any) -> Any:
        path = environ["PATH_INFO"].encode("latin-1").decode("utf-8", "ignore")
        if path.startswith("/livereload/"):
            page = self.site_file(urlsplit(environ.get("HTTP_REFERER") or "").path or "-")
            if page is None:
                return super()._serve_request(environ, start_response)
            with self._open_lock:
                self._open[page] += 1
            try:
                return super()._serve_request(environ, start_response)
            finally:
                with self._open_lock:
                    self._open[page] -= 1
                    if self._open[page] <= 0:
                        del self._open[page]
        rel = self.site_file(path)
        if rel is not None:
            index = posixpath.join(rel, "index.html")
            with self._pending_cond:
                if rel in self._pending or index in self._pending:
                    self._waiting += 1
                    try:
                        self._pending_cond.wait_for(lambda: rel not in self._pending and index not in self._pending)
                    finally:
                        self._waiting -= 1
        return super()._serve_request(environ, start_response)


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
        self.server: DevServer | None = None  # set by serve(); without it, the steps are not published
        self._bytecode = _MemoryBytecodeCache()
        self._macro_bytecode = _MemoryBytecodeCache()
        self._templates: list[str] | None = None
        self._plan_store: Any = None  # the store the last plan compared: every step of the build renders it
        self._plan_usage: Any = None
        self._untracked: set[str] = set()
        self._edited: set[str] = set()
        self._carry: set[str] = set()  # pages of a second step cut short, rebuilt with the next change
        self._unindexed: dict[str, Any] = {}  # rebuilt pages not in the search index yet, by URL
        self._published = False
        self.last: str = ""  # what the last build did, for the log and the tests
        self.steps: list[set[str]] = []  # the pages of each step of the last targeted build
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
        done, unindexed = True, dict(self._unindexed)
        try:
            if plan is None:
                self.last, self.steps = "full", []
                log.info("Building the whole site")
                build(config, serve_url=self.serve_url, dirty=False)
                self.search = _read_json(Path(self.site_dir) / SEARCH_INDEX)
                self._carry, self._unindexed = set(), {}
            else:
                done = self.rebuild(config, plan | self._carry)
        except BaseException:
            self._unindexed = unindexed
            if self.server is not None and self._published:
                self.server.withdraw()  # browsers reload once the guard has put the last good site back
            raise
        finally:
            self._published = False
            if self.server is not None and done:
                self.server.finish()
        last = current_build(config)
        self.store, self.usage = (last.store, last.usage) if last else (None, None)
        self.pages = {p.relative_to(config.docs_dir).as_posix() for p in Path(config.docs_dir).rglob("*.md")}

    def rebuild(self, config: Any, plan: set[str]) -> bool:
        """A targeted rebuild in two steps (see the module's docstring). False when a change saved during
        the second step cut it short: its pages stay held and are rebuilt with the next change, right
        away. A step is not cut short while a request waits for one of its files: however many changes
        come in, a page someone asks for gets rebuilt."""
        self.last = "pages: " + ", ".join(sorted(plan))
        first, then = self.split(config, plan)
        self.steps = [first, then] if then else [first]
        log.info(f"Rebuilding {len(plan)} page(s): {', '.join(sorted(plan)) or 'none'}")
        store = self._plan_store
        self._unindexed.update((page.url, page) for page in self.build_pages(config, first, store))
        self._carry -= first
        if self.server is not None:
            if then:
                log.info(f"Served {', '.join(sorted(first))}; now the other {len(then)} page(s)")
            self.server.publish({self.dest(config, src) for src in then} | {SEARCH_INDEX})
            self._published = True
        interruptible = self.server is not None
        try:
            if then:
                self._carry = set(then)
                if interruptible and self._cut():
                    raise _Interrupted
                config = self.load_config()
                self.reuse_theme(config, full=False)
                rebuilt = self.build_pages(config, then, store, interruptible=interruptible)
                self._unindexed.update((page.url, page) for page in rebuilt)
                self._carry = set()
                if self.server is not None:
                    self.server.hold({SEARCH_INDEX})  # the pages are done: serve them
            self.update_search(config, list(self._unindexed.values()), interruptible)
        except _Interrupted:
            held = ", ".join(sorted(self._carry)) or "the search index"
            log.info(f"A change came in: {held} will be rebuilt with it")
            return False
        self._carry, self._unindexed = set(), {}
        return True

    def _cut(self) -> bool:
        """Whether to cut the second step short: a change came in, and no request waits for its files."""
        return self.changes.pending() and not (self.server is not None and self.server.waiting())

    def split(self, config: Any, plan: set[str]) -> tuple[set[str], set[str]]:
        """The pages to rebuild first (those showing the change itself, the edited pages, the pages open
        in a browser) and those to rebuild after them (pages listing everything: slow, and rarely the
        one being looked at)."""
        usage = self._plan_usage
        if usage is None or plan <= self._edited:
            return plan, set()
        root = Path(config.config_file_path).resolve().parent
        later = plan & aggregate_pages(usage, self._untracked, root)
        viewed = self.server.viewed() if self.server is not None else set()
        later -= self._edited | {src for src in later if self.dest(config, src) in viewed}
        if not later or later == plan:
            return plan, set()
        return plan - later, later

    def build_pages(self, config: Any, pages: set[str], store: Any, interruptible: bool = False) -> list[Any]:
        """A dirty build that renders `pages` (and any page whose source is newer than its output) with
        `store`; returns what the search index needs of each rendered page (indexed afterwards). Until a
        page is written, its old file stays in place. When interruptible, a change noticed between two
        stages of a page stops the build (_Interrupted), before the page is written."""
        def force(files: Any, config: Any) -> Any:
            for file in files.documentation_pages():
                if file.src_uri in pages:
                    file.is_modified = lambda: True  # MkDocs' dirty build then renders the page
            return files
        config.plugins.events["files"].append(force)
        if interruptible:
            def check(*args: Any, **kwargs: Any) -> None:
                if self._cut():
                    raise _Interrupted
            events = config.plugins.events  # between the stages of each page: read, macros, Markdown,
            for name, at in (("pre_page", 0), ("page_markdown", None), ("page_content", 0),  # abbreviations,
                             ("page_content", None), ("page_context", 0), ("post_page", 0)):  # template
                events[name].insert(len(events[name]) if at is None else at, check)
        def share_templates(config: Any) -> None:  # the macros' own templates: compiled once too
            env = getattr(getattr(current_build(config), "renderer", None), "env", None)
            if env is not None and env.bytecode_cache is None:
                env.bytecode_cache = self._macro_bytecode
        config.plugins.events["config"].append(share_templates)  # after define_env made the renderer
        indexed = _defer_search(config)
        with _pinned_store(store):
            build(config, serve_url=self.serve_url, dirty=True)
        return indexed

    @staticmethod
    def dest(config: Any, src: str) -> str:
        url = page_url(src, config.use_directory_urls)
        return url + "index.html" if url.endswith("/") or not url else url

    def plan(self, config: Any, changed: set[Path]) -> set[str] | None:
        """The pages to rebuild, or None for a full build."""
        self._plan_store, self._plan_usage, self._edited = self.store, None, set()
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
        settings = Settings.from_mkdocs_config(config)  # the macros plugin's switches, as the build reads pages
        usage = scan(docs, settings)
        self._plan_usage, self._edited, self._untracked = usage, set(pages), untracked_pages(docs, settings)
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
            more = affected_pages(self.store, store, usage, self._untracked)
            if more is None:
                return None
            pages |= more
            self._plan_store = store
        return pages

    def update_search(self, config: Any, indexed: list[Any], interruptible: bool = False) -> None:
        """Put the rebuilt pages' entries into the search index in place of their old ones. (Material's
        search plugin, in a dirty build, would write an index of the rebuilt pages only.)"""
        plugin = _search_plugin(config)
        if plugin is None or not indexed:
            return
        path = Path(self.site_dir) / SEARCH_INDEX
        if self.search is None:
            self.search = _read_json(path)
        index = type(plugin.search_index)(**plugin.config)
        for page in indexed:
            if interruptible and self._cut():
                raise _Interrupted
            index.add_entry_from_context(page)
        new = json.loads(index.generate_search_index(None))
        urls = {page.url for page in indexed}
        kept = [d for d in (self.search or {}).get("docs", []) if d.get("location", "").split("#")[0] not in urls]
        merged = {**new, "docs": kept + new.get("docs", [])}
        tmp = path.with_name(f".{path.name}.tmp")
        tmp.parent.mkdir(parents=True, exist_ok=True)
        tmp.write_text(json.dumps(merged, ensure_ascii=False, separators=(",", ":"), default=str), encoding="utf-8")
        tmp.replace(path)
        self.search = merged


class _Interrupted(BaseException):  # noqa: N818 - not an error: MkDocs must not log it as one
    """Raised inside a build to stop it when a new change has come in."""


def _search_plugin(config: Any) -> Any:
    for plugin in config.plugins.values():
        if type(plugin).__name__ == "SearchPlugin" and hasattr(plugin, "search_index"):
            return plugin if plugin.config.get("enabled", True) else None
    return None


def _defer_search(config: Any) -> list[Any]:
    """Material's search plugin indexes each page as it is built and writes the index at the end. In a
    targeted build, note what the index needs of each page instead (Builder.update_search indexes them
    once the pages are served), and strip the search attributes from the page as the plugin does."""
    plugin = _search_plugin(config)
    indexed: list[Any] = []
    if plugin is None:
        return indexed
    events = config.plugins.events

    def note(context: Any, *, page: Any, config: Any, nav: Any) -> None:
        indexed.append(SimpleNamespace(content=page.content, toc=page.toc, url=page.url,
                                       meta=page.meta, title=page.title))
        page.content = re.sub(r"\s?data-search-\w+=\"[^\"]+\"", "", page.content)

    events["page_context"] = [note if getattr(m, "__self__", None) is plugin else m for m in events["page_context"]]
    events["post_build"] = [m for m in events["post_build"] if getattr(m, "__self__", None) is not plugin]
    return indexed


@contextlib.contextmanager
def _pinned_store(store: Any) -> Iterator[None]:
    """Have the build render `store` (the one the plan compared with the previous) rather than load the
    data files again: a file saved since would otherwise be shown on some pages and not others, and its
    change then compared against a store it is already in."""
    package = sys.modules[__package__]
    original = getattr(package, "load_store", None)
    if store is None or original is None:
        yield
        return
    package.load_store = lambda *args, **kwargs: store
    try:
        yield
    finally:
        package.load_store = original


def _memoize_for_serving() -> None:
    """Two fixed costs of every build that a dev server need not pay again and again: mkdocs-macros runs
    twelve `git` commands for its `git` variable (run again here only when the repository's HEAD, branch
    or tags move), and the downloads (BibTeX, RIS, CSL-JSON, claims JSON) are rendered from the store
    (rendered again only for another store: an unchanged one is the same object, see load_store)."""
    from mkdocs_macros import context

    from . import exports

    if not getattr(context.get_git_info, "igf_memo", False):
        git_info, seen = context.get_git_info, {}

        @functools.wraps(git_info)
        def get_git_info() -> Any:
            key = _git_stamp(Path.cwd())
            if key not in seen:
                seen.clear()
                seen[key] = git_info()
            return seen[key]
        get_git_info.igf_memo = True  # type: ignore[attr-defined]
        context.get_git_info = get_git_info

    if not getattr(exports.render_all, "igf_memo", False):
        render_all, last = exports.render_all, []

        @functools.wraps(render_all)
        def render_all_once(store: Any, *args: Any, **kwargs: Any) -> dict[str, str]:
            key = (args, sorted(kwargs.items()))
            if not last or last[0] is not store or last[1] != key:
                last[:] = [store, key, render_all(store, *args, **kwargs)]
            return dict(last[2])
        render_all_once.igf_memo = True  # type: ignore[attr-defined]
        exports.render_all = render_all_once


def _git_stamp(folder: Path) -> tuple:
    """What changes when a commit, checkout or tag changes what `git log -1` or `git describe` say."""
    for d in (folder, *folder.parents):
        dot = d / ".git"
        if dot.is_file():  # a worktree: "gitdir: <path>"
            text = dot.read_text(encoding="utf-8", errors="replace").strip()
            gitdir = (d / text.removeprefix("gitdir:").strip()).resolve()
        elif dot.is_dir():
            gitdir = dot
        else:
            continue
        common = gitdir
        if (gitdir / "commondir").is_file():
            common = (gitdir / (gitdir / "commondir").read_text(encoding="utf-8").strip()).resolve()
        stamps = []
        for p in (gitdir / "HEAD", gitdir / "logs" / "HEAD", common / "packed-refs", common / "refs" / "tags"):
            try:
                st = p.stat()
                stamps.append((str(p), st.st_mtime_ns, st.st_size))
            except OSError:
                stamps.append((str(p), None, None))
        return (str(d), *stamps)
    return (None,)


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
    # Builder.update_search does it for any number of pages, so the plugin runs as in a clean build.
    config.plugins.on_startup(command="serve", dirty=False)
    host, port = config.dev_addr
    mount_path = urlsplit(config.site_url or "/").path
    serve_url = _serve_url(host, port, mount_path)
    config.site_url = serve_url
    _memoize_for_serving()
    builder = Builder(config_file, site_dir, serve_url, changes)
    server = DevServer(builder=builder, host=host, port=port, root=site_dir, mount_path=mount_path)
    builder.server = server
    # MkDocs waits until no change has come for 0.1 s before it builds (made for polling); one save of
    # an editor arrives as events a few milliseconds apart.
    server.build_delay = 0.05
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

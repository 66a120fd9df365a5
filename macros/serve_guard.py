"""`mkdocs serve` keeps serving the last good site while an edit breaks the build.

Out of the box, a failed rebuild leaves MkDocs' dev server waiting for a good build before it answers any
page ("the server will appear stuck"), and a page error arrives after the site directory was already
emptied. Here the server's builder is wrapped: after each good build the site is copied aside; when a
rebuild fails, the error (already printed by MkDocs as one clean message) is followed by a note, the last
good site is put back, and the server carries on. Saving the fixed file rebuilds as usual.
"""

from __future__ import annotations

import atexit
import logging
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

log = logging.getLogger("mkdocs.plugins.igf.serve")


def _snapshot(site: Path, backup: Path) -> None:
    """Make backup a copy of site. Only files that differ in size or modification time are copied (with
    their times): after a rebuild of a few pages, that is those pages."""
    if not backup.is_dir():
        shutil.copytree(site, backup)
        return
    wanted: set[Path] = set()
    for folder, dirs, files in os.walk(site):
        rel = Path(folder).relative_to(site)
        (backup / rel).mkdir(exist_ok=True)
        wanted.update(rel / d for d in dirs)
        for name in files:
            src, dst = Path(folder) / name, backup / rel / name
            wanted.add(rel / name)
            a = src.stat()
            try:
                b = dst.stat()
                if (a.st_size, a.st_mtime_ns) == (b.st_size, b.st_mtime_ns):
                    continue
            except OSError:
                pass
            shutil.copy2(src, dst)
    for folder, dirs, files in os.walk(backup, topdown=False):
        rel = Path(folder).relative_to(backup)
        for name in files:
            if rel / name not in wanted:
                (Path(folder) / name).unlink()
        for name in dirs:
            if rel / name not in wanted:
                shutil.rmtree(Path(folder) / name, ignore_errors=True)


def _restore(backup: Path, site: Path) -> None:
    if not backup.is_dir():
        return
    site.mkdir(parents=True, exist_ok=True)
    for child in site.iterdir():
        if child.is_dir() and not child.is_symlink():
            shutil.rmtree(child, ignore_errors=True)
        else:
            child.unlink(missing_ok=True)
    shutil.copytree(backup, site, dirs_exist_ok=True)


def guard(server: Any) -> Any:
    """Wrap the dev server's builder (once); called from the `on_serve` hook after the first build."""
    if getattr(server, "igf_guarded", False):
        return server
    site = Path(server.root)
    backup = Path(tempfile.mkdtemp(prefix="igf-last-good-")) / "site"
    atexit.register(shutil.rmtree, backup.parent, ignore_errors=True)
    _snapshot(site, backup)
    build = server.builder

    def guarded_build() -> None:
        try:
            build()
        except SystemExit:  # MkDocs' Abort: the reason has been logged already, without a traceback
            _restore(backup, site)
            log.error("The site was not rebuilt; still serving the last good version. Fix the problem "
                      "above and save: the site rebuilds by itself.")
        except Exception:  # an unexpected failure: show it in full, and keep serving
            _restore(backup, site)
            log.exception("The rebuild failed unexpectedly; still serving the last good version.")
        else:
            _snapshot(site, backup)

    server.builder = guarded_build
    server.igf_guarded = True
    return server

"""Refuse a symbolic link that leads out of the repository.

MkDocs copies every file under `docs/` and the theme's `custom_dir` into the site, following symbolic
links. A committed `docs/assets/x.txt -> /etc/passwd` would publish the build machine's file (and
`make serve` would serve it); a linked folder such as `docs/x -> /` would make MkDocs walk the whole
disk. The `on_config` hook calls `check` before MkDocs lists any file, for the build and the dev server
alike: a link whose real target is outside the repository is an error naming the link and its target.
Links that stay inside the repository are fine (and are followed, to check what they contain).
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from mkdocs.exceptions import PluginError


def escaping(folders: Iterable[str], root: str) -> list[str]:
    """One line per symbolic link under `folders` whose real target is outside `root`."""
    real_root = Path(root).resolve()
    found: set[str] = set()
    seen: set[str] = set()
    todo = [os.path.abspath(f) for f in folders if f and os.path.isdir(f)]
    while todo:
        folder = todo.pop()
        if os.path.realpath(folder) in seen:  # a loop, or a folder reached twice
            continue
        seen.add(os.path.realpath(folder))
        for here, dirs, names in os.walk(folder):
            for name in dirs + names:
                path = os.path.join(here, name)
                if not os.path.islink(path):
                    continue
                real = os.path.realpath(path)
                if not Path(real).is_relative_to(real_root):
                    found.add(f"{os.path.relpath(path, root)} -> {os.readlink(path)}")
                elif os.path.isdir(real):
                    todo.append(path)  # os.walk does not enter it; MkDocs does
    return sorted(found)


def check(config: dict) -> None:
    root = os.path.dirname(os.path.abspath(config["config_file_path"]))
    folders = [config["docs_dir"], getattr(config["theme"], "custom_dir", None)]
    bad = escaping(folders, root)
    if bad:
        raise PluginError(
            "A symbolic link leads out of the repository, so the file it points to would be "
            "published with the site. Replace the link by a copy of the file, or remove it:\n  "
            + "\n  ".join(bad)
        )

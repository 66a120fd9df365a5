"""Data files the store would never read, named instead of skipped.

The store reads `data/claims/*.yaml` and `data/sources/*.yaml` (and the named files in `data/`). A file
saved as `new-topic.yml` or `Claims.YAML`, or put in a sub-folder, was skipped without a word: its claims
and sources were simply not published. The `on_config` hook calls `check`, so the build stops and says
which file to rename or move. Hidden files and editor backups (`.x.swp`, `x~`) are left alone.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.exceptions import PluginError

FOLDERS = ("claims", "sources")


def _yaml_like(path: Path) -> bool:
    return path.suffix.lower() in (".yaml", ".yml")


def strays(root: Path) -> list[str]:
    data = root / "data"
    found = []
    for folder in [data, *(data / f for f in FOLDERS)]:
        for path in sorted(folder.iterdir()) if folder.is_dir() else ():
            if path.name.startswith(".") or path.name.endswith("~"):
                continue
            rel = path.relative_to(root).as_posix()
            if path.is_dir() and folder.name in FOLDERS and any(_yaml_like(p) for p in path.rglob("*")):
                found.append(
                    f"{rel}/: a folder; only the .yaml files directly in {folder.relative_to(root)}/ "
                    "are read, so move its files up"
                )
            elif path.is_file() and _yaml_like(path) and path.suffix != ".yaml":
                found.append(f"{rel}: only files ending in .yaml are read; rename it to {path.stem}.yaml")
    return found


def check(root: Path) -> None:
    found = strays(root)
    if found:
        raise PluginError(
            "Data files that would not be read (their records would be missing from the site):\n  "
            + "\n  ".join(found)
        )

"""Caches on disk (under `extra.store.cache_dir`): the store, the downloads, formatted references and
compiled templates.

A cache only saves time, so it never decides an outcome: a file that cannot be written is not written, a
file that cannot be read, holds the wrong shape, or was made for other inputs is ignored (and rebuilt).
Each file carries the key of the inputs it was made from, and is used only when that key is the one the
build computed; files are written whole or not at all (to a temporary name, then renamed).
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, BinaryIO

from jinja2.bccache import Bucket, FileSystemBytecodeCache


def code_digest() -> bytes:
    """A digest of the code under macros/ (so that a change to the rules invalidates every cache)."""
    digest = hashlib.sha256()
    for p in sorted(Path(__file__).parent.glob("*.py")):
        digest.update(p.name.encode() + b"\0" + p.read_bytes())
    return digest.digest()


def content_key(inputs: Iterable[tuple[str, bytes | None]]) -> str | None:
    """A digest of the code and of the named inputs (None if one could not be read: nothing is cached)."""
    digest = hashlib.sha256(code_digest())
    for name, data in inputs:
        if data is None:
            return None
        digest.update(f"{name}\0{len(data)}\0".encode())
        digest.update(data)
    return digest.hexdigest()


def write_bytes(path: Path, data: bytes, stale: str) -> None:
    """Write data to path by rename, removing the files matching `stale` beside it (earlier keys)."""
    _write(path, lambda f: f.write(data), stale)


def _write(path: Path, dump: Callable[[BinaryIO], Any], stale: str) -> None:
    """Write path whole or not at all: `dump` writes to a temporary file, renamed to path when done."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        for old in path.parent.glob(stale):
            if old != path:
                old.unlink(missing_ok=True)
        with tmp.open("wb") as f:
            dump(f)
        tmp.replace(path)
    except BaseException as exc:  # nothing half-written is left behind; only a failed write is ignored
        with contextlib.suppress(OSError):
            tmp.unlink(missing_ok=True)
        if not isinstance(exc, OSError):
            raise


def read_bytes(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except OSError:
        return None


def write_pickle(path: Path, key: str, value: Any, stale: str) -> None:
    """Keep value under path, marked with the key of the inputs it was made from. Pickled straight into the
    file, as it is read back: a large store is not held in memory a second time as one bytes object."""
    _write(path, lambda f: pickle.dump({"key": key, "value": value}, f, pickle.HIGHEST_PROTOCOL), stale)


def read_pickle(path: Path, key: str, valid: Callable[[Any], bool]) -> Any | None:
    """The value kept under path if it was made from inputs with this key and `valid` accepts it (`valid`
    sees whatever the file holds, so it must not raise: check the type first)."""
    try:
        with path.open("rb") as f:
            payload = pickle.load(f)
    except Exception:  # noqa: BLE001 - missing, truncated, corrupted or foreign: rebuilt by the caller
        return None
    if not isinstance(payload, dict) or payload.get("key") != key:
        return None
    value = payload.get("value")
    return value if valid(value) else None


class TemplateCache(FileSystemBytecodeCache):
    """Jinja's compiled templates on disk. Jinja checks each entry against its template's source; a file
    that cannot be read or written here is skipped (the template is compiled again)."""

    def __init__(self, directory: Path):
        with contextlib.suppress(OSError):
            directory.mkdir(parents=True, exist_ok=True)
        super().__init__(str(directory))

    def load_bytecode(self, bucket: Bucket) -> None:
        try:
            super().load_bytecode(bucket)
        except Exception:  # noqa: BLE001 - a broken entry is compiled again
            bucket.reset()

    def dump_bytecode(self, bucket: Bucket) -> None:
        with contextlib.suppress(OSError):
            super().dump_bytecode(bucket)

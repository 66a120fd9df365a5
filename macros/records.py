"""The store's lazy maps: `Records` keeps each validated record as its input and builds its model on first
access; `Grades` computes each claim's grade on first access. A store read back from the cache
(macros/store.py) therefore costs nothing until a page uses a record, and pickles and unpickles quickly:
each record is packed into one bytes object.
"""

from __future__ import annotations

import datetime as dt
import marshal
import pickle
from collections.abc import Iterator, Mapping
from typing import Any

from .certainty import CertaintyResult, judge


class Records(Mapping):
    """Validated records by id, in file order. A record is kept as its validated input and turned into
    its model on first access, so a store loaded from the cache costs nothing until a page uses it."""

    def __init__(self, model: type):
        self._model = model
        self._raw: dict[str, Any] = {}
        self._built: dict[str, Any] = {}

    def put(self, key: str, raw: Any, model: Any) -> None:
        """Add a record as loaded: its input and its model."""
        self._raw[key] = raw
        self._built[key] = model

    def __getitem__(self, key: str) -> Any:
        try:
            return self._built[key]
        except KeyError:
            raw = self._raw[key]
        if isinstance(raw, bytes):
            raw = marshal.loads(raw[1:]) if raw[:1] == b"M" else pickle.loads(raw[1:])
        obj = self._built[key] = self._model.model_validate(raw)
        return obj

    def __contains__(self, key: object) -> bool:
        return key in self._raw

    def __iter__(self) -> Iterator[str]:
        return iter(self._raw)

    def __len__(self) -> int:
        return len(self._raw)

    def __repr__(self) -> str:
        return f"Records({self._model.__name__}, {len(self)} records)"

    def __getstate__(self) -> dict:
        # Each record as one bytes object: unpickling a few thousand strings is far quicker than
        # unpickling the hundreds of thousands of small objects the records are made of.
        return {"_model": self._model, "_raw": {k: _pack(v) for k, v in self._raw.items()}, "_built": {}}


def _pack(raw: Any) -> bytes:
    """One validated record's input as bytes: marshal (fast) unless it holds something marshal cannot."""
    if isinstance(raw, bytes):
        return raw
    if type(raw) is dict:  # a date field holds the date as text, which the model parses back as it was
        raw = {k: v.isoformat() if type(v) is dt.date else v for k, v in raw.items()}
        try:
            return b"M" + marshal.dumps(raw)
        except ValueError:
            pass
    return b"P" + pickle.dumps(raw, protocol=pickle.HIGHEST_PROTOCOL)


class Grades(dict):
    """Each claim's grade, computed by the grading rule on first access (and pickled without them)."""

    def __init__(self, claims: Records, sources: Records):
        super().__init__()
        self._claims, self._sources = claims, sources

    def __missing__(self, key: str) -> CertaintyResult:
        grade = self[key] = judge(self._claims[key], self._sources)
        return grade

    def __reduce__(self) -> tuple:
        return Grades, (self._claims, self._sources)

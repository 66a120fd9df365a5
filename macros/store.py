"""Load and validate the whole store once, before any page renders.

Every problem found is collected into a list of `Problem`s (file, line, id, field, message) and raised
together as one `StoreError`, so an editor sees everything to fix in one build.
"""

from __future__ import annotations

import atexit
import datetime as dt
import difflib
import gc
import hashlib
import marshal
import os
import pickle
import re
import unicodedata
from collections.abc import Iterator, MutableMapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable

import yaml
from pydantic import TypeAdapter, ValidationError

from .certainty import CertaintyResult as GradeResult
from .certainty import judge
from .certainty_checks import check_store
from .models import (FILE_MODELS, Claim, GlossaryEntry, SeedReference, Source, Topic)

try:  # libyaml is about five times faster than the pure-Python parser
    _BaseLoader = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - PyYAML built without libyaml
    _BaseLoader = yaml.SafeLoader

try:  # a YAML parser in Rust that builds Python objects natively: about ten times faster than libyaml's
    import yaml_rs as _fast_yaml  # PyYAML (whose constructor is Python). Used for valid files only.
except ImportError:  # pragma: no cover - fall back to libyaml
    _fast_yaml = None

MAX_FILE_BYTES = 8 * 1024 * 1024
CACHE_VERSION = "2"


# --- locating problems ---------------------------------------------------------------------------

@dataclass(frozen=True, order=True)
class Problem:
    file: str
    line: int | None
    column: int | None
    id: str | None
    field: str | None
    message: str

    def __str__(self) -> str:
        where = self.file
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        what = []
        if self.id:
            what.append(f"id '{self.id}'")
        if self.field:
            what.append(f"field '{self.field}'")
        head = f"{where}: " + (", ".join(what) + ": " if what else "")
        return head + self.message


class StoreError(Exception):
    def __init__(self, problems: Iterable[Problem]):
        self.problems = sorted(set(problems), key=lambda p: (p.file, p.line or 0, p.message))
        super().__init__(self.render())

    def render(self) -> str:
        n = len(self.problems)
        lines = [f"The data store has {n} problem{'s' if n != 1 else ''}; fix {'them' if n != 1 else 'it'} "
                 "and build again:"]
        lines += [f"  - {p}" for p in self.problems]
        return "\n".join(lines)


class LineDict(dict):
    """A mapping that remembers where it and each of its keys stood in the YAML file."""

    __slots__ = ("line", "column", "key_lines")


class LineList(list):
    __slots__ = ("line", "column", "item_lines")


class _LineLoader(_BaseLoader):  # type: ignore[misc, valid-type]
    pass


def _construct_mapping(loader: yaml.SafeLoader, node: yaml.MappingNode) -> LineDict:
    loader.flatten_mapping(node)
    result = LineDict()
    result.line, result.column = node.start_mark.line + 1, node.start_mark.column + 1
    result.key_lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if not isinstance(key, (str, int, float, bool)) and key is not None:
            raise yaml.constructor.ConstructorError(
                None, None, "found a mapping key that is not a plain value", key_node.start_mark)
        if key in result:
            raise yaml.constructor.ConstructorError(
                "while reading a mapping", node.start_mark,
                f"found the key '{key}' twice", key_node.start_mark)
        result[key] = loader.construct_object(value_node, deep=True)
        result.key_lines[key] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
    return result


def _construct_sequence(loader: yaml.SafeLoader, node: yaml.SequenceNode) -> LineList:
    result = LineList(loader.construct_object(child, deep=True) for child in node.value)
    result.line, result.column = node.start_mark.line + 1, node.start_mark.column + 1
    result.item_lines = [(c.start_mark.line + 1, c.start_mark.column + 1) for c in node.value]
    return result


def _construct_timestamp(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> Any:
    try:
        return yaml.constructor.SafeConstructor.construct_yaml_timestamp(loader, node)
    except ValueError as exc:
        raise yaml.constructor.ConstructorError(
            None, None, f"'{node.value}' is not a valid date ({exc})", node.start_mark) from None


_LineLoader.add_constructor("tag:yaml.org,2002:timestamp", _construct_timestamp)
_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_sequence)


def _locate(raw: Any, loc: tuple) -> tuple[int | None, int | None, str | None]:
    """Walk a pydantic error location through the raw YAML to the nearest known line and the id."""
    line = column = None
    record_id = None
    node = raw
    for depth, key in enumerate(loc):
        if isinstance(node, LineDict):
            if key in node.key_lines:
                line, column = node.key_lines[key]
            if depth == 1 and isinstance(node.get("id"), str):
                record_id = node["id"]
            node = node.get(key)
        elif isinstance(node, LineList) and isinstance(key, int) and 0 <= key < len(node):
            line, column = node.item_lines[key]
            node = node[key]
        else:
            break
        if depth == 0 and isinstance(node, LineDict) and isinstance(node.get("id"), str):
            record_id = node["id"]
    return line, column, record_id


def _field_path(loc: tuple) -> str | None:
    parts: list[str] = []
    for key in loc[1:]:
        if isinstance(key, int):
            parts.append(f"[{key}]")
        else:
            parts.append(("." if parts else "") + str(key))
    return "".join(parts) or None


# Plain-language advice for the YAML syntax errors editors make by hand, keyed on PyYAML's wording.
_YAML_HINTS = (
    ("tab", "indent with spaces, never tabs"),
    ("mapping values are not allowed", "a ':' where YAML expected none: check that this line is indented "
                                        "like the fields above it, and put a value containing ': ' in quotes"),
    ("expected '-' indicator", "this line is indented less than the record it belongs to: indent each field "
                               "of a record by two spaces under its '- '"),
    ("expected <block end>", "this line is indented differently from the fields above it: give every field "
                             "of a record the same indentation"),
    ("could not find expected ':'", "a line that is neither 'field: value' nor '- item': add the ':' or "
                                    "close the quote opened above"),
    ("expected ',' or ']'", "a '[' list that is never closed: add the ']'"),
    ("expected ',' or '}'", "a '{' mapping that is never closed: add the '}'"),
    ("undefined alias", "'*' starts a YAML alias: put a value that starts with '*' in quotes"),
    ("cannot start any token", "a value may not start with this character: put the value in quotes"),
    ("another document", "a data file holds one document: remove the '---' line"),
    ("not a valid date", "write dates as YYYY-MM-DD"),
)


def _yaml_problem(exc: yaml.MarkedYAMLError, text: str, display: str) -> Problem:
    mark = exc.problem_mark or exc.context_mark
    what = exc.problem or exc.context or "invalid YAML"
    if exc.context and "simple key" in exc.context and exc.context_mark is not None:
        mark = exc.context_mark  # the line that lacks its ':' is where the key started
    if exc.context and "quoted scalar" in exc.context and exc.context_mark is not None:
        # The parser only notices at the end of the file; the mistake is where the quote opened.
        mark = exc.context_mark
        return Problem(display, mark.line + 1, mark.column + 1, None, None,
                       "YAML syntax error: the quoted value that starts here is never closed; add the closing "
                       "quote (and write a quote character inside it as \\\" or use the other kind of quote)")
    kind = "YAML error" if isinstance(exc, yaml.constructor.ConstructorError) else "YAML syntax error"
    msg = f"{kind}: {what}"
    if exc.context and exc.problem:
        msg += f" ({exc.context})"
    lines = text.splitlines()
    hay = msg
    if mark is not None and mark.line < len(lines) and "\t" in lines[mark.line]:
        hay += " tab"
        msg += " (this line contains a tab)"
    hints = [hint for key, hint in _YAML_HINTS if key in hay]
    if hints:
        msg += "; " + hints[0]
    return Problem(display, mark.line + 1 if mark else None, mark.column + 1 if mark else None, None, None, msg)


# --- reading files -------------------------------------------------------------------------------

_CONTENT_LINE = re.compile(r"^[ \t]*[^#\s]", re.M)  # a line that is neither blank nor a comment


def _decode(data: bytes | None, display: str, error: OSError | None = None) -> tuple[str | None, list[Problem]]:
    """The file's text, or a problem for anything an editor can get wrong before YAML parsing."""
    def problem(msg: str, line: int | None = None, col: int | None = None) -> tuple[None, list[Problem]]:
        return None, [Problem(display, line, col, None, None, msg)]

    if isinstance(error, FileNotFoundError):
        return problem("file is missing; create it (a YAML list of records) or restore it from git")
    if error is not None or data is None:
        return problem(f"cannot read the file: {getattr(error, 'strerror', error)}")
    if len(data) > MAX_FILE_BYTES:
        return problem(f"file is {len(data) / 1048576:.1f} MiB, over the {MAX_FILE_BYTES // 1048576} MiB "
                       "limit for one data file; split it into several files")
    if data.startswith(b"\xef\xbb\xbf"):
        return problem("file starts with a byte-order mark (BOM); save it as UTF-8 without BOM", 1, 1)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        col = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        return problem(f"byte 0x{data[exc.start]:02x} is not valid UTF-8; save the file as UTF-8", line, col)
    if _CONTENT_LINE.search(text) is None:
        return problem("file is empty; it must hold a YAML list of records (or delete the file)")
    return text, []


def _read(path: Path) -> tuple[bytes | None, OSError | None]:
    try:
        return path.read_bytes(), None
    except OSError as exc:
        return None, exc


def parse_with_lines(text: str, display: str) -> tuple[Any, list[Problem]]:
    """Parse with PyYAML, remembering the line of every mapping, key and list item (slow; for errors)."""
    def problem(msg: str, line: int | None = None, col: int | None = None) -> tuple[None, list[Problem]]:
        return None, [Problem(display, line, col, None, None, msg)]

    try:
        raw = yaml.load(text, Loader=_LineLoader)  # noqa: S506 - a SafeLoader subclass
    except yaml.MarkedYAMLError as exc:
        return None, [_yaml_problem(exc, text, display)]
    except (yaml.YAMLError, ValueError, RecursionError) as exc:
        return problem(f"the file cannot be read as YAML ({exc}); check it against the other data files")
    if not isinstance(raw, list):
        kind = type(raw).__name__ if raw is not None else "nothing"
        return problem(f"the file must hold a YAML list of records (lines starting with '- '), not {kind}",
                       1, 1)
    return raw, []


def read_yaml(path: Path, display: str) -> tuple[Any, list[Problem]]:
    """Read and parse one data file with line numbers; a problem instead of an exception."""
    text, problems = _decode(*_read(path), display)
    if text is None:
        return None, problems
    return parse_with_lines(text, display)


def parse_fast(text: str) -> list | None:
    """Parse a data file without line numbers, natively; None when it is not a clean list of records.

    Anything unusual (a syntax error, a duplicate key, not a list) returns None and the caller re-reads
    the file with `parse_with_lines`, whose messages name the line.
    """
    try:
        if _fast_yaml is not None:
            raw = _fast_yaml.loads(text)
        else:  # pragma: no cover
            raw = yaml.load(text, Loader=_BaseLoader)  # noqa: S506 - CSafeLoader or SafeLoader
    except Exception:  # noqa: BLE001 - any parser failure is reported by the slow path
        return None
    return raw if isinstance(raw, list) else None


_ITEM_START = re.compile(r"\n-(?=[ \t\r\n])")  # starts with a literal, so re searches it quickly


def item_lines(text: str, count: int) -> list[int] | None:
    """The line of each top-level list item, found by scanning for '- ' in column 1 (None if unsure)."""
    starts = [m.start() + 1 for m in _ITEM_START.finditer(text)]
    if text.startswith("-") and text[1:2] in (" ", "\t", "\r", "\n"):
        starts.insert(0, 0)
    if len(starts) != count:
        return None
    lines, line, prev = [], 1, 0
    for start in starts:
        line += text.count("\n", prev, start)
        prev = start
        lines.append(line)
    return lines


def _shown(value: Any) -> str:
    """A short rendering of the offending value for a message."""
    if value is None:
        return "nothing"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    text = str(value)
    return f"'{text[:60]}…'" if len(text) > 60 else f"'{text}'"


# What each kind of pydantic error means to an editor, and what to write instead.
_TYPE_HINTS = {
    "list_type": ("a list", "write one '- item' per line under the field, or [a, b] on one line"),
    "dict_type": ("a mapping", "write 'field: value' lines indented under it"),
    "model_type": ("a mapping", "write 'field: value' lines indented under it"),
    "model_attributes_type": ("a mapping", "write 'field: value' lines indented under it"),
    "string_type": ("text", "put the value in quotes"),
    "int_parsing": ("a whole number", "write digits only, such as 120"),
    "int_type": ("a whole number", "write digits only, such as 120"),
    "int_from_float": ("a whole number", "write digits only, such as 120"),
    "bool_parsing": ("true or false", "write true or false"),
    "bool_type": ("true or false", "write true or false"),
    "date_type": ("a date", "write it as YYYY-MM-DD"),
    "date_parsing": ("a date", "write it as YYYY-MM-DD"),
    "date_from_datetime_parsing": ("a date", "write it as YYYY-MM-DD"),
    "date_from_datetime_inexact": ("a date", "write it as YYYY-MM-DD, without a time"),
}
# The form of identifier fields, by field name, for a value that does not match its pattern.
_FORMS = {
    "DOI": "a bare DOI such as 10.1210/jc.2004-1234 (without https://doi.org/)",
    "PMID": "digits only, such as 15671111, in quotes",
    "PMCID": "PMC followed by digits, such as PMC1234567",
    "URL": "a full address starting with https://",
    "seed_file": "the name of a .txt file in the seeds folder",
    "page": "a path under docs/ ending in .md, such as topics/hair-loss.md",
}


def _friendly(err: dict) -> str:
    """One pydantic error as a sentence that says what to write instead."""
    kind, ctx, value = err["type"], err.get("ctx") or {}, err.get("input")
    if kind == "missing":
        return "is required but missing; add it"
    if kind == "extra_forbidden":
        return "is not a known field; remove it or fix its spelling (the schema in data/schema/ lists the fields)"
    if kind in ("enum", "literal_error") and "expected" in ctx:
        return f"{_shown(value)} is not allowed; use one of {ctx['expected']}"
    if kind == "string_pattern_mismatch" and "[a-z0-9]" in str(ctx.get("pattern")):
        return (f"{_shown(value)} is not a slug: use lower-case letters, digits and single hyphens, "
                "e.g. 'igf1-serum-levels'")
    if kind == "string_pattern_mismatch" and str(ctx.get("pattern")) == r"^[^\r\n]*$":
        return "must be one line; join the lines (in YAML, use a plain or quoted value, not '|')"
    if kind == "string_pattern_mismatch":
        name = str(err["loc"][-1]) if err["loc"] else ""
        form = _FORMS.get(name, f"text matching {ctx.get('pattern')}")
        return f"{_shown(value)} is not in the expected form; write {form}"
    if kind == "string_too_short":
        return "is empty; write the text or remove the field"
    if kind == "string_too_long":
        return (f"is {len(str(value))} characters long, over the limit of {ctx.get('max_length')}; "
                "shorten it")
    if kind == "too_short":
        return f"needs at least {ctx.get('min_length')} item(s)"
    if kind == "too_long":
        return f"has too many items (at most {ctx.get('max_length')})"
    if kind in ("greater_than_equal", "greater_than"):
        return f"{_shown(value)} is too small; it must be at least {ctx.get('ge', ctx.get('gt'))}"
    if kind in _TYPE_HINTS:
        must, advice = _TYPE_HINTS[kind]
        return f"must be {must}, not {_shown(value)}; {advice}"
    return err["msg"].removeprefix("Value error, ")


def validate_records(raw: list, kind: str, display: str) -> tuple[list, list[Problem]]:
    model = FILE_MODELS[kind]
    records: list = []
    problems: list[Problem] = []
    adapter = TypeAdapter(model)
    for index, item in enumerate(raw):
        try:
            records.append((adapter.validate_python(item), index))
        except ValidationError as exc:
            for err in exc.errors():
                loc = (index, *err["loc"])
                line, column, record_id = _locate(raw, loc)
                if line is None and isinstance(raw, LineList):
                    line, column = raw.item_lines[index]
                msg = _friendly(err)
                if not isinstance(item, dict):
                    msg = f"each record must be a mapping of field: value, not {type(item).__name__}"
                problems.append(Problem(display, line, column, record_id,
                                        _field_path(loc) if isinstance(item, dict) else None, msg))
    return records, problems


# --- the store -----------------------------------------------------------------------------------

class Records(MutableMapping):
    """Validated records by id, in file order. A record is kept as its validated input and turned into
    its model on first access, so a store loaded from the cache costs nothing until a page uses it."""

    def __init__(self, model: type, raw: dict[str, Any] | None = None, built: dict[str, Any] | None = None):
        self._model = model
        self._raw: dict[str, Any] = raw if raw is not None else {}
        self._built: dict[str, Any] = built if built is not None else {}

    def __getitem__(self, key: str) -> Any:
        try:
            return self._built[key]
        except KeyError:
            raw = self._raw[key]
        if isinstance(raw, bytes):
            raw = marshal.loads(raw[1:]) if raw[:1] == b"M" else pickle.loads(raw[1:])  # noqa: S301
        obj = self._built[key] = self._model.model_validate(raw)
        return obj

    def __setitem__(self, key: str, value: Any) -> None:
        self._raw[key] = value.model_dump(by_alias=True, exclude_unset=True)
        self._built[key] = value

    def __delitem__(self, key: str) -> None:
        del self._raw[key]
        self._built.pop(key, None)

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
    if isinstance(raw, dict):  # a date field holds the date as text, which the model parses back as it was
        raw = {k: v.isoformat() if type(v) is dt.date else v for k, v in raw.items()}
    try:
        return b"M" + marshal.dumps(raw)
    except ValueError:
        return b"P" + pickle.dumps(raw, protocol=pickle.HIGHEST_PROTOCOL)


class Grades(MutableMapping):
    """Each claim's grade, computed by the grading rule on first access."""

    def __init__(self, claims: Records, sources: Records):
        self._claims, self._sources = claims, sources
        self._done: dict[str, GradeResult] = {}

    def __getitem__(self, key: str) -> GradeResult:
        if key not in self._done:
            self._done[key] = judge(self._claims[key], self._sources)
        return self._done[key]

    def __setitem__(self, key: str, value: GradeResult) -> None:
        self._done[key] = value

    def __delitem__(self, key: str) -> None:
        self._done.pop(key, None)

    def __contains__(self, key: object) -> bool:
        return key in self._claims

    def __iter__(self) -> Iterator[str]:
        return iter(self._claims)

    def __len__(self) -> int:
        return len(self._claims)

    def __getstate__(self) -> dict:
        return {"_claims": self._claims, "_sources": self._sources, "_done": {}}


@dataclass
class Store:
    root: Path
    sources: Records = field(default_factory=lambda: Records(Source))
    claims: Records = field(default_factory=lambda: Records(Claim))
    topics: dict[str, Topic] = field(default_factory=dict)
    glossary: list[GlossaryEntry] = field(default_factory=list)
    seed_references: list[SeedReference] = field(default_factory=list)
    grades: Grades = None  # type: ignore[assignment]  # set in __post_init__
    aliases: dict[str, str] = field(default_factory=dict)
    where: dict[str, tuple[str, int | None]] = field(default_factory=dict)  # id -> (file, line)
    files: list[str] = field(default_factory=list)
    # indexes, so that derived views do not build every record
    topic_claims: dict[str, list[str]] = field(default_factory=dict)   # topic -> claim ids
    citing: dict[str, list[str]] = field(default_factory=dict)         # source id -> claim ids
    seed_ids: list[str] = field(default_factory=list)
    key: str | None = None  # the content key of the files it was loaded from (None: not known)

    def __post_init__(self) -> None:
        if self.grades is None:
            self.grades = Grades(self.claims, self.sources)

    # derived views --------------------------------------------------------------------------
    def claims_in_topic(self, topic: str) -> list[Claim]:
        return [self.claims[i] for i in self.topic_claims.get(topic, ())]

    def claims_citing(self, source_id: str) -> list[Claim]:
        return [self.claims[i] for i in self.citing.get(source_id, ())]

    def seeds(self) -> list[Source]:
        return [self.sources[i] for i in self.seed_ids]

    def resolve_claim(self, claim_id: str) -> Claim | None:
        if claim_id in self.claims:
            return self.claims[claim_id]
        alias = self.aliases.get(claim_id)
        return self.claims[alias] if alias in self.claims else None

    def closest(self, wanted: str, pool: Iterable[str], n: int = 3) -> list[str]:
        return difflib.get_close_matches(wanted, list(pool), n=n, cutoff=0.4)

    def index(self, refs: list[tuple] | None = None) -> None:
        """Build the indexes (after loading, or after changing records by hand). `refs` are the claims'
        `claim_refs`, which loading collects so that indexing need not build every claim's model."""
        if refs is None:
            refs = [claim_refs(self.claims[cid]) for cid in self.claims]
        topic_claims: dict[str, list[str]] = {}
        citing: dict[str, list[str]] = {}
        for cid, topic, evidence, asserted, _related, _aliases in refs:
            topic_claims.setdefault(topic, []).append(cid)
            for sid in set(evidence).union(src for src, _ in asserted):
                citing.setdefault(sid, []).append(cid)
        self.topic_claims, self.citing = topic_claims, citing
        if not self.seed_ids:
            self.seed_ids = [sid for sid in self.sources if self.sources[sid].is_seed]


def claim_refs(claim: Claim) -> tuple:
    """What indexing and cross-checking need of a claim: (id, topic, evidence sources, (source, quote)
    of each assertion, related ids, aliases). Small, so it crosses from a worker process cheaply."""
    return (claim.id, claim.topic, tuple(e.source for e in claim.evidence),
            tuple((a.source, a.quote) for a in claim.asserted_by), tuple(claim.related), tuple(claim.aliases))


def _data_files(root: Path) -> list[tuple[Path, str]]:
    """Every data file and the kind of record it holds."""
    data = root / "data"
    files: list[tuple[Path, str]] = [(data / "topics.yaml", "topics"), (data / "glossary.yaml", "glossary")]
    sources = data / "sources"
    if (data / "sources.yaml").exists() or not sources.is_dir():
        files.append((data / "sources.yaml", "sources"))
    files += [(p, "sources") for p in sorted(sources.glob("*.yaml"))] if sources.is_dir() else []
    files += [(p, "claims") for p in sorted((data / "claims").glob("*.yaml"))]
    if (data / "seed-references.yaml").exists():
        files.append((data / "seed-references.yaml", "seed-references"))
    return files


_CODE_DIGEST: dict[tuple, bytes] = {}


def _code_digest() -> bytes:
    """A digest of the code that validates the store (so a change to the rules invalidates the cache)."""
    paths = sorted(Path(__file__).parent.glob("*.py"))
    stamp = tuple((p.name, p.stat().st_mtime_ns, p.stat().st_size) for p in paths)
    if stamp not in _CODE_DIGEST:
        digest = hashlib.sha256(CACHE_VERSION.encode())
        for p in paths:
            digest.update(p.name.encode() + b"\0" + p.read_bytes())
        _CODE_DIGEST.clear()
        _CODE_DIGEST[stamp] = digest.digest()
    return _CODE_DIGEST[stamp]


def _cache_key(root: Path, contents: list[tuple[Path, str, bytes | None]], seeds_dir: Path | None) -> str | None:
    digest = hashlib.sha256(_code_digest())
    try:
        for p, kind, data in contents:
            if data is None:
                return None
            digest.update(f"{p.relative_to(root)}\0{kind}\0{len(data)}\0".encode())
            digest.update(data)
        if seeds_dir and seeds_dir.is_dir():
            for p in sorted(seeds_dir.glob("*.txt")):
                digest.update(p.name.encode())
                digest.update(p.read_bytes())
    except OSError:
        return None
    return digest.hexdigest()


# The stores this process has loaded, by cache key: the dev server rebuilds in one process, and an
# unchanged store is then reused as it is.
_LOADED: dict[str, Store] = {}


def load_store(root: Path, seeds_dir: Path | None = None, cache_dir: Path | None = None) -> Store:
    """Load, validate and cross-check every data file under root/data. Raises StoreError.

    With a cache_dir, an unchanged store (same file contents, same code) is read back from a cache file
    keyed on those contents instead of being parsed and validated again.

    The garbage collector is off meanwhile: it would walk the hundreds of thousands of objects that parsing
    or unpickling creates, again and again, while none of them can be garbage yet (it doubled a cold load).
    """
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _load_store(root.resolve(), seeds_dir, cache_dir)
    finally:
        if collecting:
            gc.enable()


def _load_store(root: Path, seeds_dir: Path | None, cache_dir: Path | None) -> Store:
    contents = [(p, kind, *_read(p)) for p, kind in _data_files(root)]
    key = _cache_key(root, [(p, k, d) for p, k, d, _ in contents], seeds_dir)
    cached = cache_dir / f"store-{key[:32]}.pickle" if key and cache_dir else None
    if key and key in _LOADED:
        store = _LOADED[key]
        store.root, store.key = root, key
        if cached and not cached.exists():
            _write_cache(cached, store)
        return store
    if cached:
        if cached.exists():
            try:
                store = pickle.loads(cached.read_bytes())  # noqa: S301 - our own cache, keyed on content
                store.root, store.key = root, key
                _remember(key, store)
                return store
            except Exception:  # noqa: BLE001 - a stale or broken cache is simply rebuilt
                pass

    store = _load_uncached(root, contents, seeds_dir)
    store.key = key
    if cached:
        large = sum(len(d or b"") for _, _, d, _ in contents) >= PARALLEL_MIN_BYTES
        _write_cache(cached, store, background=large and _cores() > 1)
    if key:
        _remember(key, store)
    return store


_WRITERS: list[int] = []  # cache writers (child processes) that may still be running


def wait_for_cache_writers() -> None:
    """Wait until every cache file being written in the background is in place."""
    while _WRITERS:
        try:
            os.waitpid(_WRITERS.pop(), 0)
        except ChildProcessError:
            pass


atexit.register(wait_for_cache_writers)


def _write_cache(cached: Path, store: Store, background: bool = False) -> None:
    """Write the cache file; for a large store in a forked child, so that the build goes on meanwhile
    (the child has its own copy of the store; the file appears whole, by rename, when it is done)."""
    wait_for_cache_writers()
    if background and hasattr(os, "fork"):
        try:
            pid = os.fork()
        except OSError:
            pid = -1
        if pid > 0:
            _WRITERS.append(pid)
            return
        if pid == 0:
            try:
                _write_cache_now(cached, store)
            finally:
                os._exit(0)
    _write_cache_now(cached, store)


def _write_cache_now(cached: Path, store: Store) -> None:
    write_cache_file(cached, store, "store-*.pickle")


def write_cache_file(path: Path, obj: Any, stale: str) -> None:
    """Pickle obj to path, whole or not at all (by rename), removing the files matching `stale` beside it
    (earlier keys). A cache that cannot be written is simply not written."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        for old in path.parent.glob(stale):
            old.unlink(missing_ok=True)
        tmp = path.with_name(f".{path.stem}.{os.getpid()}.tmp")
        tmp.write_bytes(pickle.dumps(obj, protocol=pickle.HIGHEST_PROTOCOL))
        tmp.replace(path)
    except OSError:
        pass


def _remember(key: str, store: Store) -> None:
    _LOADED.clear()  # one store per process is enough: the dev server's current one
    _LOADED[key] = store


def _read_records(path: Path, kind: str, display: str, data: bytes | None, error: OSError | None
                  ) -> tuple[list[tuple[Any, Any]], list[int | None], list[Problem]]:
    """One file's records as (raw input, model) pairs with their lines, or the problems found.

    The fast path parses natively and validates the whole list at once; only a file with a problem is
    read again with line tracking, so that every message names its line.
    """
    text, problems = _decode(data, display, error)
    if text is None:
        return [], [], problems
    raw = parse_fast(text)
    if raw is not None:
        try:
            models = file_adapter(kind).validate_python(raw)
        except ValidationError:
            pass
        else:
            lines = item_lines(text, len(raw))
            if lines is None:
                slow, _ = parse_with_lines(text, display)
                lines = ([ln for ln, _ in slow.item_lines] if isinstance(slow, LineList)
                         and len(slow) == len(raw) else [None] * len(raw))
            return list(zip(raw, models)), lines, []
    slow, problems = parse_with_lines(text, display)
    if slow is None:
        return [], [], problems
    records, problems = validate_records(slow, kind, display)
    return ([(slow[i], rec) for rec, i in records], [slow.item_lines[i][0] for _, i in records], problems)


# A worker process reads part of a large store. What it sends back for a record is what the store keeps
# anyway: the packed input (the model is built again on first use), the id, and the claim's refs.
PARALLEL_MIN_BYTES = 2 * 1024 * 1024
_RECORD_KINDS = ("sources", "claims")


def _refs(kind: str, model: Any) -> tuple:
    """A record's refs: a claim's `claim_refs`, a source's (id, is a seed)."""
    return claim_refs(model) if kind == "claims" else (model.id, model.is_seed)


def _read_with_refs(path: Path, kind: str, display: str, data: bytes | None, error: OSError | None) -> tuple:
    """A record file's (raw, model, refs) triples, their lines and its problems (in this process)."""
    pairs, lines, problems = _read_records(path, kind, display, data, error)
    return [(raw, m, _refs(kind, m)) for raw, m in pairs], lines, problems


def _read_packed(path: Path, kind: str, display: str, data: bytes | None, error: OSError | None) -> tuple:
    """The same, as a worker sends it: each record packed, no model."""
    triples, lines, problems = _read_with_refs(path, kind, display, data, error)
    return [(_pack(raw), refs) for raw, _, refs in triples], lines, problems


WORKER_SHARE = 0.45  # the worker also packs and sends its records, so it takes a little less than half


def _split(contents: list, cores: int) -> set[int]:
    """The indexes of the record files a worker should read: about half of the bytes, when it pays."""
    heavy = [(len(d or b""), i) for i, (_, kind, d, _) in enumerate(contents) if kind in _RECORD_KINDS]
    if cores < 2 or not hasattr(os, "fork") or sum(n for n, _ in heavy) < PARALLEL_MIN_BYTES:
        return set()
    mine = theirs = 0
    chosen: set[int] = set()
    for size, i in sorted(heavy, reverse=True):
        if theirs * (1 - WORKER_SHARE) < mine * WORKER_SHARE:
            chosen.add(i)
            theirs += size
        else:
            mine += size
    return chosen


def _fork_reader(root: Path, contents: list, chosen: set[int]) -> tuple[int, int] | None:
    """Start a child process that reads the chosen files and writes its results to a pipe."""
    try:
        rfd, wfd = os.pipe()
        pid = os.fork()
    except OSError:
        return None
    if pid:
        os.close(wfd)
        return pid, rfd
    code = 1  # the child: never returns into the caller's code
    try:
        os.close(rfd)
        results = {}
        for i in sorted(chosen):
            path, kind, data, error = contents[i]
            results[i] = _read_packed(path, kind, str(path.relative_to(root)), data, error)
        payload = pickle.dumps(results, protocol=pickle.HIGHEST_PROTOCOL)
        view = memoryview(payload)
        while view:
            view = view[os.write(wfd, view):]
        code = 0
    finally:
        os._exit(code)


def _collect(worker: tuple[int, int] | None) -> dict | None:
    """The worker's results, or None if it failed (the caller then reads those files itself)."""
    if worker is None:
        return None
    pid, rfd = worker
    chunks = []
    with os.fdopen(rfd, "rb") as pipe:
        while chunk := pipe.read(1 << 20):
            chunks.append(chunk)
    _, status = os.waitpid(pid, 0)
    if status != 0:
        return None
    try:
        return pickle.loads(b"".join(chunks))  # noqa: S301 - from our own child process
    except Exception:  # noqa: BLE001
        return None


def _cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):  # pragma: no cover - not Linux
        return os.cpu_count() or 1


@lru_cache(maxsize=None)
def file_adapter(kind: str) -> TypeAdapter:
    """Validates a whole file's list of records at once (built on first use: a cached build needs none)."""
    return TypeAdapter(list[FILE_MODELS[kind]])  # type: ignore[valid-type]


def _load_uncached(root: Path, contents: list[tuple[Path, str, bytes | None, OSError | None]],
                   seeds_dir: Path | None) -> Store:
    store = Store(root=root)
    problems: list[Problem] = []
    invalid: set[str] = set()  # ids of records that failed validation: not reported again as unknown
    first_seen: dict[tuple[str, str], tuple[str, int | None]] = {}
    claim_files: dict[str, str] = {}
    refs: list[tuple] = []
    seeds: list[str] = []

    # A large store is read by two processes: a forked worker takes about half of the record files.
    chosen = _split(contents, _cores())
    worker = _fork_reader(root, contents, chosen) if chosen else None
    if worker is None:
        chosen = set()
    read: dict[int, tuple] = {}
    for i, (path, kind, data, error) in enumerate(contents):
        if i not in chosen:
            display = str(path.relative_to(root))
            reader = _read_with_refs if kind in _RECORD_KINDS else _read_records
            read[i] = reader(path, kind, display, data, error)
    if chosen:
        theirs = _collect(worker)
        for i in sorted(chosen):
            if theirs is not None and i in theirs:
                packed, lines, found = theirs[i]
                read[i] = ([(raw, None, r) for raw, r in packed], lines, found)
            else:  # the worker failed: read the file here
                path, kind, data, error = contents[i]
                read[i] = _read_with_refs(path, kind, str(path.relative_to(root)), data, error)

    for i, (path, kind, _, _) in enumerate(contents):
        display = str(path.relative_to(root))
        stem = path.stem
        store.files.append(display)
        pairs, lines, found = read[i]
        problems += found
        invalid.update(p.id for p in found if p.id)
        for entry, line in zip(pairs, lines):
            if kind in _RECORD_KINDS:
                raw, record, ref = entry
                key = ("id", ref[0])
            else:
                raw, record = entry
                if kind == "glossary":
                    key = ("term", record.term)
                elif kind == "seed-references":
                    key = ("seed-reference", f"{record.seed}#{record.number}")
                else:
                    key = ("id", record.id)
            namespace = "record" if kind in ("sources", "claims", "topics") else key[0]
            ident = (namespace, key[1])
            if ident in first_seen:
                f0, l0 = first_seen[ident]
                problems.append(Problem(display, line, None, key[1], "id" if key[0] == "id" else key[0],
                                        f"duplicate: already defined at {f0}:{l0}; ids must be unique "
                                        "across the whole store, rename one of them"))
                continue
            first_seen[ident] = (display, line)
            store.where[key[1]] = (display, line)
            if kind == "sources":
                store.sources._raw[key[1]] = raw
                if record is not None:
                    store.sources._built[key[1]] = record
                if ref[1]:
                    seeds.append(key[1])
            elif kind == "claims":
                store.claims._raw[key[1]] = raw
                if record is not None:
                    store.claims._built[key[1]] = record
                claim_files[key[1]] = stem
                refs.append(ref)
            elif kind == "topics":
                store.topics[record.id] = record
            elif kind == "glossary":
                store.glossary.append(record)
            else:
                store.seed_references.append(record)

    store.seed_ids = seeds
    store.index(refs)
    problems += [p for p in _cross_check(store, refs, claim_files, seeds_dir)
                 if not any(f"'{bad}'" in p.message for bad in invalid)]
    if problems:
        raise StoreError(problems)
    return store


def _visible(text: str) -> str:
    """Text with invisible or look-alike characters named, for a message about an exact match."""
    out = []
    for ch in text:
        if ch == " " or (ch.isprintable() and not ch.isspace() and ord(ch) < 0x2000):
            out.append(ch)
        else:
            out.append(f"<{unicodedata.name(ch, f'U+{ord(ch):04X}').lower()}>")
    return "".join(out)


def _quote_mismatch(quote: str, seed: str) -> str:
    """Where a quote stops matching the seed: ': the seed has X where the quote has Y', or ''."""
    lo, hi = 0, len(quote)  # the longest prefix of the quote found in the seed, by bisection
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if quote[:mid] in seed:
            lo = mid
        else:
            hi = mid - 1
    if lo < 8:
        return ": its beginning is not in the seed either"
    at = seed.index(quote[:lo]) + lo
    return (f": it matches up to '{_visible(quote[max(0, lo - 20):lo])}', then the seed has "
            f"'{_visible(seed[at:at + 12])}' where the quote has '{_visible(quote[lo:lo + 12])}'")


def _cross_check(store: Store, refs: list[tuple], claim_files: dict[str, str], seeds_dir: Path | None
                 ) -> list[Problem]:
    problems: list[Problem] = []

    def at(record_id: str, fld: str, msg: str) -> None:
        f, line = store.where.get(record_id, ("data", None))
        problems.append(Problem(f, line, None, record_id, fld, msg))

    def nearest(wanted: str, pool: Iterable[str]) -> str:
        close = store.closest(wanted, pool)
        return f" (closest: {', '.join(close)})" if close else ""

    seed_texts: dict[str, str] = {}
    if seeds_dir is not None and seeds_dir.is_dir():
        for s in store.seeds():
            p = seeds_dir / (s.seed_file or "")
            if p.is_file():
                seed_texts[s.id] = p.read_text(encoding="utf-8", errors="replace")
            else:
                at(s.id, "seed_file", f"seed file '{s.seed_file}' is not in {seeds_dir}")

    seed_ids = set(store.seed_ids)
    seed_names = ", ".join(store.seed_ids)
    for cid, topic, evidence, asserted, related, aliases in refs:
        if topic not in store.topics:
            at(cid, "topic", f"unknown topic '{topic}'{nearest(topic, store.topics)}")
        elif claim_files.get(cid) != topic:
            at(cid, "topic", f"claim of topic '{topic}' is in data/claims/{claim_files.get(cid)}.yaml; "
                             f"move it to data/claims/{topic}.yaml")
        for i, source in enumerate(evidence):
            if source not in store.sources:
                at(cid, f"evidence[{i}].source", f"unknown source '{source}'{nearest(source, store.sources)}")
        for i, (source, quote) in enumerate(asserted):
            if source not in store.sources:
                at(cid, f"asserted_by[{i}].source",
                   f"unknown source '{source}'{nearest(source, store.seed_ids)}")
            elif source not in seed_ids:
                at(cid, f"asserted_by[{i}].source",
                   f"'{source}' is not a seed article; asserted_by names one of {seed_names}")
            elif source in seed_texts and quote not in seed_texts[source]:
                at(cid, f"asserted_by[{i}].quote",
                   f"quote is not verbatim in {store.sources[source].seed_file}"
                   f"{_quote_mismatch(quote, seed_texts[source])}; "
                   "copy it exactly from the seed (quotes, dashes, apostrophes and spaces included)")
        for i, rel in enumerate(related):
            if rel not in store.claims:
                at(cid, f"related[{i}]", f"unknown claim '{rel}'{nearest(rel, store.claims)}")
            elif rel == cid:
                at(cid, f"related[{i}]", "a claim cannot be related to itself")
        for alias in aliases:
            if alias in store.claims or alias in store.sources:
                at(cid, "aliases", f"alias '{alias}' is the id of an existing record")
            elif alias in store.aliases:
                at(cid, "aliases", f"alias '{alias}' is already an alias of '{store.aliases[alias]}'")
            else:
                store.aliases[alias] = cid
    for i, ref in enumerate(store.seed_references):
        key = f"{ref.seed}#{ref.number}"
        if ref.seed not in store.sources or not store.sources[ref.seed].is_seed:
            at(key, "seed", f"'{ref.seed}' is not a seed article{nearest(ref.seed, store.sources)}")
        if ref.source and ref.source not in store.sources:
            at(key, "source", f"unknown source '{ref.source}'{nearest(ref.source, store.sources)}")
    problems += [Problem(*store.where.get(f.id, ("data", None)), None, *f) for f in check_store(store)]
    for tid, topic in store.topics.items():
        if not (store.root / "docs" / topic.page).is_file():
            at(tid, "page", f"page docs/{topic.page} does not exist")
    return problems

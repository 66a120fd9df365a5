"""Reading data files: bytes to text, text to YAML, YAML to validated models, each step's mistakes as
problems that name the file and line.

A file is parsed natively first (yaml-rs, about ten times faster than PyYAML, whose constructor is
Python) and its records validated as one list. Only a file with a problem, or one whose records do not
start with '- ' in column 1, is read again with PyYAML's line-tracking loader, so that every record and
message has its line: the fast parser is used for valid files only.

Hostile input is refused before it can hurt: a file over `MAX_FILE_BYTES`; nesting deeper than
`MAX_DEPTH` (the line-tracking loader recurses once per level, and libyaml's composer in C, so 30,000
brackets would overflow the C stack); aliases that expand to more than `MAX_ALIAS_NODES` nodes (a few
nested aliases describe billions of nodes that validation would walk one by one).
"""

from __future__ import annotations

import re
from functools import cache
from itertools import accumulate, pairwise
from pathlib import Path
from typing import Any, ClassVar, NamedTuple

import yaml
import yaml_rs  # a YAML parser in Rust that builds Python objects natively
from pydantic import TypeAdapter, ValidationError

from .models import FILE_MODELS
from .problems import LineDict, LineList, Problem, validation_problems, yaml_problem

MAX_FILE_BYTES = 8 * 1024 * 1024
MAX_DEPTH = 40  # a record nests four or five levels; the explainers' configuration six
MAX_ALIAS_NODES = 100_000  # nodes that aliases may add, expanded, to one file


class DataFile(NamedTuple):
    """One data file as read from disk: its bytes, or the error that stopped the read."""

    kind: str  # the kind of record it holds: a key of models.FILE_MODELS
    display: str  # its path relative to the project, for messages
    data: bytes | None
    error: OSError | None


class Entry(NamedTuple):
    """One valid record of a file: its input as parsed, its model, its line."""

    raw: Any
    model: Any
    line: int


# --- the line-tracking loader ------------------------------------------------------------------

_PLAIN = "tag:igf1-evidence,2026:plain"  # every plain scalar, resolved by _construct_plain


class _LineLoader(yaml.CSafeLoader):  # libyaml: about five times faster than the pure-Python parser
    """PyYAML's parser, with yaml-rs's reading of plain scalars.

    PyYAML implements YAML 1.1 and yaml-rs YAML 1.2: `no` is false to one and a word to the other, `017`
    is 15 or 17, `1:20` is 80 or a string. Every plain scalar is handed to yaml-rs, so a file means the
    same whichever reader reads it; only the merge key `<<`, which yaml-rs lacks, keeps PyYAML's meaning.
    """

    yaml_implicit_resolvers: ClassVar[dict] = {
        "<": [("tag:yaml.org,2002:merge", re.compile(r"^<<$"))],
        None: [(_PLAIN, re.compile(r"(?s).*"))],
    }


def _construct_mapping(loader: yaml.SafeLoader, node: yaml.MappingNode) -> LineDict:
    own = sum(1 for key_node, _ in node.value if key_node.tag != "tag:yaml.org,2002:merge")
    loader.flatten_mapping(node)  # puts the pairs merged in by '<<:' first, then the mapping's own
    merged = len(node.value) - own
    result = LineDict()
    result.key_lines = {}
    own_keys: set = set()
    for i, (key_node, value_node) in enumerate(node.value):
        key = loader.construct_object(key_node, deep=True)
        if not isinstance(key, (str, int, float, bool)) and key is not None:
            raise yaml.constructor.ConstructorError(
                None, None, "found a mapping key that is not a plain value", key_node.start_mark
            )
        if i >= merged:  # a key written in the mapping itself overrides one merged in, once
            if key in own_keys:
                raise yaml.constructor.ConstructorError(
                    "while reading a mapping",
                    node.start_mark,
                    f"found the key '{key}' twice",
                    key_node.start_mark,
                )
            own_keys.add(key)
        result[key] = loader.construct_object(value_node, deep=True)
        result.key_lines[key] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
    return result


def _construct_sequence(loader: yaml.SafeLoader, node: yaml.SequenceNode) -> LineList:
    result = LineList(loader.construct_object(child, deep=True) for child in node.value)
    result.item_lines = [(c.start_mark.line + 1, c.start_mark.column + 1) for c in node.value]
    return result


def _construct_plain(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> Any:
    return yaml_rs.loads("- " + node.value)[0]  # as an item: '---' or '...' is not a document marker


_LineLoader.add_constructor(_PLAIN, _construct_plain)
_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_sequence)


# --- hostile input -------------------------------------------------------------------------------


def _hostile(text: str, display: str) -> Problem | None:
    """A problem if the file nests too deeply or its aliases expand too far, found from libyaml's event
    stream (which keeps its own stack on the heap, so any depth is safe to scan)."""
    sizes: dict[str, int] = {}  # anchor -> nodes it stands for, expanded
    open_: list[list] = []  # [nodes so far, anchor] of each collection not yet closed
    added = 0  # nodes added by aliases
    for event in yaml.parse(text, Loader=yaml.CSafeLoader):
        if isinstance(event, yaml.CollectionStartEvent):
            open_.append([1, event.anchor])
            if len(open_) > MAX_DEPTH:
                return _at_mark(
                    display,
                    event.start_mark,
                    f"the data nests more than {MAX_DEPTH} levels deep here; a record nests a few "
                    "levels at most: check the brackets and indentation",
                )
            continue
        if isinstance(event, yaml.CollectionEndEvent):
            size, anchor = open_.pop()
        elif isinstance(event, yaml.AliasEvent):
            size = sizes.get(event.anchor, 1)
            added += size
            if added > MAX_ALIAS_NODES:
                return _at_mark(
                    display,
                    event.start_mark,
                    f"YAML aliases ('*name') here expand to more than {MAX_ALIAS_NODES:,} values; "
                    "write the values out instead of nesting aliases",
                )
            anchor = None
        elif isinstance(event, yaml.ScalarEvent):
            size, anchor = 1, event.anchor
        else:
            continue
        if anchor:
            sizes[anchor] = size
        if open_:
            open_[-1][0] += size
    return None


def _at_mark(display: str, mark: yaml.Mark, message: str) -> Problem:
    return Problem.in_file(display, message, mark.line + 1, mark.column + 1)


# --- text ----------------------------------------------------------------------------------------

_CONTENT_LINE = re.compile(r"^[ \t]*[^#\s]", re.MULTILINE)  # a line that is neither blank nor a comment


def _read_bytes(path: Path) -> tuple[bytes | None, OSError | None]:
    try:
        return path.read_bytes(), None
    except OSError as exc:
        return None, exc


def read(path: Path, kind: str, root: Path) -> DataFile:
    return DataFile(kind, str(path.relative_to(root)), *_read_bytes(path))


def decode(data: bytes | None, display: str, error: OSError | None) -> tuple[str | None, list[Problem]]:
    """The file's text, or a problem for anything an editor can get wrong before YAML parsing."""

    def problem(msg: str, line: int | None = None, col: int | None = None) -> tuple[None, list[Problem]]:
        return None, [Problem.in_file(display, msg, line, col)]

    if isinstance(error, FileNotFoundError):
        return problem("file is missing; create it (a YAML list of records) or restore it from git")
    if data is None:  # read() gives the bytes or the error that stopped it
        return problem(f"cannot read the file: {error.strerror}")
    if len(data) > MAX_FILE_BYTES:
        return problem(
            f"file is {len(data) / 1048576:.1f} MiB, over the {MAX_FILE_BYTES // 1048576} MiB "
            "limit for one data file; split it into several files"
        )
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


# --- parsing -------------------------------------------------------------------------------------


def parse_with_lines(text: str, display: str, want: type = list) -> tuple[Any, list[Problem]]:
    """Parse with PyYAML, remembering the line of every mapping, key and list item (slow; for errors).
    `want` is what the file must hold: a list of records (data files) or a mapping (configuration)."""
    try:
        hostile = _hostile(text, display)
        if hostile is not None:
            return None, [hostile]
        raw = yaml.load(text, Loader=_LineLoader)
    except yaml.MarkedYAMLError as exc:
        return None, [yaml_problem(exc, text, display)]
    except (yaml.YAMLError, ValueError, RecursionError, MemoryError) as exc:
        message = f"the file cannot be read as YAML ({type(exc).__name__}: {str(exc)[:200]}); "
        return None, [Problem.in_file(display, message + "check it against the other data files")]
    if not isinstance(raw, want):
        kind = type(raw).__name__ if raw is not None else "nothing"
        shape = "a YAML list of records (lines starting with '- ')" if want is list else "a YAML mapping"
        return None, [Problem.in_file(display, f"the file must hold {shape}, not {kind}", 1, 1)]
    return raw, []


def load_yaml(path: Path, display: str, want: type = list) -> tuple[Any, list[Problem]]:
    """A file that is not a data file of records (a configuration, the seeds' archive), read and parsed
    with lines; None and the problems when it cannot be."""
    data, error = _read_bytes(path)
    text, problems = decode(data, display, error)
    return parse_with_lines(text, display, want) if text is not None else (None, problems)


# The fast parser replays an alias's events for each use: bounded like the line-tracking loader's scan.
_ALIAS_LIMITS = yaml_rs.AliasLimits(max_total_replayed_events=MAX_ALIAS_NODES)


def parse_fast(text: str) -> list | None:
    """Parse a data file without line numbers, natively; None when it is not a clean list of records.

    Anything unusual (a syntax error, a duplicate key, deep nesting, many aliases, not a list) returns
    None and the caller re-reads the file with `parse_with_lines`, whose messages name the line.
    """
    try:
        raw = yaml_rs.loads(text, alias_limits=_ALIAS_LIMITS)
    except Exception:  # noqa: BLE001 - any parser failure is reported by the slow path
        return None
    return raw if isinstance(raw, list) else None


_ITEM_START = re.compile(r"\n-(?=[ \t\r\n])")  # starts with a literal, so re searches it quickly


def item_lines(text: str, count: int) -> list[int] | None:
    """The line of each top-level list item, found by scanning for '- ' in column 1 (None if unsure)."""
    starts = [m.start() for m in _ITEM_START.finditer("\n" + text)]  # the position of each '-' in text
    if len(starts) != count:
        return None
    breaks = (text.count("\n", a, b) for a, b in pairwise([0, *starts]))  # since the previous item
    return list(accumulate(breaks, initial=1))[1:]


_ID_LINE = re.compile(r"""^[ \t]*(?:-[ \t]+)?id:[ \t]*["']?([\w.-]+)""", re.MULTILINE)


def ids_in(data: bytes | None) -> set[str]:
    """The ids a file that could not be parsed appears to define (so that references to them can be
    reported as following from it)."""
    return set(_ID_LINE.findall(data.decode("utf-8", "replace"))) if data else set()


# --- validation ----------------------------------------------------------------------------------


@cache
def file_adapter(kind: str) -> TypeAdapter:
    """Validates a whole file's list of records at once (built on first use: a cached build needs none)."""
    return TypeAdapter(list[FILE_MODELS[kind]])  # type: ignore[valid-type]


def validate_records(raw: LineList, kind: str, display: str) -> tuple[list[Entry], list[Problem]]:
    """Each record validated on its own, so that every invalid one is reported with its lines."""
    entries: list[Entry] = []
    problems: list[Problem] = []
    model = FILE_MODELS[kind]
    for index, item in enumerate(raw):
        line, column = raw.item_lines[index]
        if not isinstance(item, dict):
            message = f"each record must be a mapping of field: value, not {type(item).__name__}"
            problems.append(Problem.in_file(display, message, line, column))
            continue
        try:
            entries.append(Entry(item, model.model_validate(item), line))
        except ValidationError as exc:
            problems += validation_problems(exc, raw, display, (index,))
    return entries, problems


def _fast(text: str, kind: str) -> list[Entry] | None:
    """The records of a clean file, parsed natively and validated as one list; None if anything is off."""
    raw = parse_fast(text)
    lines = item_lines(text, len(raw)) if raw is not None else None
    if lines is None:  # not a clean list, or a layout the scan cannot follow: the careful reader has lines
        return None
    try:
        models = file_adapter(kind).validate_python(raw)
    except ValidationError:
        return None
    return [Entry(r, m, ln) for r, m, ln in zip(raw, models, lines, strict=True)]


def read_records(file: DataFile) -> tuple[list[Entry], list[Problem], set[str]]:
    """One file's valid records, the problems found in it, and the ids of the records they made unknown:
    every id the file appears to define when it cannot be parsed at all."""
    text, problems = decode(file.data, file.display, file.error)
    if text is None:
        return [], problems, ids_in(file.data)
    entries = _fast(text, file.kind)
    if entries is not None:
        return entries, [], set()
    raw, problems = parse_with_lines(text, file.display)
    if raw is None:
        return [], problems, ids_in(file.data)
    entries, problems = validate_records(raw, file.kind, file.display)
    return entries, problems, {p.id for p in problems if p.id}


def data_files(root: Path) -> list[tuple[Path, str]]:
    """Every data file and the kind of record it holds."""
    data = root / "data"
    files: list[tuple[Path, str]] = [(data / "topics.yaml", "topics"), (data / "glossary.yaml", "glossary")]
    sources = data / "sources"
    if (data / "sources.yaml").exists() or not sources.is_dir():
        files.append((data / "sources.yaml", "sources"))
    files += [(p, "sources") for p in sorted(sources.glob("*.yaml"))]
    files += [(p, "claims") for p in sorted((data / "claims").glob("*.yaml"))]
    if (data / "seed-references.yaml").exists():
        files.append((data / "seed-references.yaml", "seed-references"))
    return files
